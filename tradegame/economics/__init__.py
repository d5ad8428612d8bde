"""Payoff blocks of the trade model as pure formulas: one module per block.

Every function accepts numpy arrays and broadcasts, so a sweep over thousands
of parameter points or lever settings is one call. Values are in the units of
the value arguments (USD bn per year in the shipped scenarios). The trade
model (:mod:`tradegame.models.trade`) decides which formulas apply to which
players; nothing here knows about scenarios.

========================  ==================================================
module                    block
========================  ==================================================
``tariff``                incidence and welfare of a bilateral tariff change
``disruption``            critical-input cut through a CES technology, its
                          price, and the loss-minimising stock release
``supplier``              the restricting supplier's priced sales and the
                          rents it loses to induced entry
``deals``                 chip licensing, purchases, stockpiles, pools, floors
========================  ==================================================
"""

from .deals import (
    ChipLicensing,
    chip_licensing,
    pool_cover,
    price_floor_cost,
    purchase_commitment,
    stockpile_carrying_cost,
)
from .disruption import (
    annuity,
    disruption_cost,
    disruption_loss,
    price_multiple,
    release_cap,
    shortfall,
    time_nodes,
)
from .supplier import entry_probability, rent_stream_loss, restricted_sales_profit
from .tariff import TariffWelfare, exporter_share, optimal_tariff, tariff_welfare

__all__ = [
    "ChipLicensing",
    "TariffWelfare",
    "annuity",
    "chip_licensing",
    "disruption_cost",
    "disruption_loss",
    "entry_probability",
    "exporter_share",
    "optimal_tariff",
    "pool_cover",
    "price_floor_cost",
    "price_multiple",
    "purchase_commitment",
    "release_cap",
    "rent_stream_loss",
    "restricted_sales_profit",
    "shortfall",
    "stockpile_carrying_cost",
    "tariff_welfare",
    "time_nodes",
]
