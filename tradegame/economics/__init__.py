"""Payoff blocks of the trade model: one module per block, each a pure vectorized function.

All blocks accept numpy arrays and broadcast, so a sweep over thousands of
parameter points is one call. Values are annual welfare changes in the units
of the value arguments (USD bn per year in the shipped scenarios).

========================  ==================================================
module                    block
========================  ==================================================
``tariff``                terms of trade and deadweight loss of a tariff
``disruption``            critical-input cut through a CES technology
``supplier``              the restricting supplier's revenue and rent loss
``deals``                 chip licensing, purchases, stockpiles, floors, pooling
========================  ==================================================
"""

from .deals import (
    ChipLicensing,
    alliance_pooling,
    chip_licensing,
    price_floor_cost,
    purchase_commitment,
    stockpile_carrying_cost,
)
from .disruption import disruption_cost, disruption_loss
from .supplier import SupplierLoss, entry_probability, supplier_loss
from .tariff import TariffWelfare, optimal_tariff, tariff_welfare

__all__ = [
    "ChipLicensing",
    "SupplierLoss",
    "TariffWelfare",
    "alliance_pooling",
    "chip_licensing",
    "disruption_cost",
    "disruption_loss",
    "entry_probability",
    "optimal_tariff",
    "price_floor_cost",
    "purchase_commitment",
    "stockpile_carrying_cost",
    "supplier_loss",
    "tariff_welfare",
]
