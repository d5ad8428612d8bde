"""Deal and policy terms: chip licensing, purchase commitments, stockpiles, price floors, pooling.

Each function returns annual welfare changes in the units of its value
arguments (e.g. USD bn per year). The trade model values every fiscal flow the
same way (tariff revenue, a chip revenue share, stockpile outlays, a price-floor
subsidy): at ``mcpf`` per dollar, the marginal cost of public funds (1 when
revenue is rebated lump-sum, as in the tariff-incidence literature; 1.1-1.5
when it replaces distortionary taxes, Dahlby 2008).

References
----------
Dahlby, B. (2008). *The Marginal Cost of Public Funds*. MIT Press.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import NONNEGATIVE, SHARE, as_array, checked, require

__all__ = [
    "ChipLicensing",
    "chip_licensing",
    "pool_cover",
    "price_floor_cost",
    "purchase_commitment",
    "stockpile_carrying_cost",
]


@dataclass(frozen=True)
class ChipLicensing:
    """Welfare effects of a chip-licensing setting, relative to unrestricted sales.

    Attributes
    ----------
    exporter_gain : ndarray
        Exporting country: firms' profit change, less the security cost of the
        chips sold, plus the revenue share valued at ``mcpf``.
    importer_gain : ndarray
        Importing country: buyers' consumer-surplus change.
    volume : ndarray
        Sales at the firms' price relative to unrestricted sales.
    government_revenue : ndarray
        Revenue share collected (before the ``mcpf`` weight).
    """

    exporter_gain: np.ndarray
    importer_gain: np.ndarray
    volume: np.ndarray
    government_revenue: np.ndarray


def chip_licensing(
    licensed: object,
    *,
    sales: object,
    revenue_share: object,
    margin: object,
    demand_elasticity: object,
    security_cost: object,
    mcpf: object,
) -> ChipLicensing:
    """Licensing chip exports with a revenue share paid to the exporter's government.

    The share ``rho`` is passed on to buyers, whose price becomes
    ``1 / (1 - rho)`` times the unrestricted price; with a constant demand
    elasticity ``eta`` (> 1) the volume falls to ``(1 - rho) ** eta``. A ban
    (``licensed = 0``) sells nothing. Relative to unrestricted sales
    ``sales``, the exporting country gains ``(margin - security_cost)`` per
    dollar of volume change plus ``mcpf`` times the revenue share, ``rho`` of the
    buyers' spending; the buyers lose the consumer
    surplus ``sales / (eta - 1) * (1 - (1 - rho) ** (eta - 1))`` (all of
    ``sales / (eta - 1)`` under a ban). The share that maximises revenue is
    ``1 / eta``: a 100% share raises nothing.

    Parameters
    ----------
    licensed : array_like
        1 where sales are licensed, 0 where banned.
    sales : array_like
        Unrestricted annual sales (e.g. USD bn per year), >= 0.
    revenue_share : array_like
        Share ``rho`` of the buyers' spending paid to the government, in [0, 1].
    margin : array_like
        Exporters' profit per dollar of sales, in [0, 1].
    demand_elasticity : array_like
        Buyers' price elasticity ``eta``, > 1.
    security_cost : array_like
        Exporting country's security cost per dollar of chips sold, >= 0.
    mcpf : array_like
        Value of a dollar of government revenue, >= 1.

    Examples
    --------
    >>> from tradegame.economics import chip_licensing
    >>> terms = dict(sales=15.0, margin=0.6, demand_elasticity=3.0, security_cost=0.3,
    ...              mcpf=1.0)
    >>> deal = chip_licensing(1, revenue_share=0.15, **terms)
    >>> round(float(deal.volume), 3), round(float(deal.exporter_gain), 2)
    (0.614, -0.11)
    >>> round(float(chip_licensing(1, revenue_share=1.0, **terms).exporter_gain), 2)
    -4.5
    """
    flag = checked("licensed", licensed, SHARE)
    s = checked("sales", sales, NONNEGATIVE)
    rho = checked("revenue_share", revenue_share, SHARE)
    m = checked("margin", margin, SHARE)
    eta = as_array("demand_elasticity", demand_elasticity)
    require("demand_elasticity", eta, lambda x: np.isfinite(x) & (x > 1), "finite and > 1")
    sec = checked("security_cost", security_cost, NONNEGATIVE)
    weight = as_array("mcpf", mcpf)
    require("mcpf", weight, lambda x: np.isfinite(x) & (x >= 1), "finite and >= 1")
    left = 1.0 - rho
    volume = flag * left**eta
    revenue = flag * s * rho * left ** (eta - 1.0)
    surplus = s / (eta - 1.0)
    importer = -surplus * (1.0 - flag * left ** (eta - 1.0))
    exporter = (m - sec) * s * (volume - 1.0) + weight * revenue
    return ChipLicensing(exporter[()], importer[()], volume[()], revenue[()])


def purchase_commitment(
    amount: object, *, producer_margin: object, buyer_premium: object
) -> tuple[np.ndarray, np.ndarray]:
    """Gain to the selling country and cost to the buyer of a purchase commitment.

    Returns ``(seller_gain, buyer_cost)``: the seller's producers earn
    ``producer_margin`` per dollar; the buyer pays ``buyer_premium`` per dollar
    over its cheapest alternative supplier.
    """
    a = checked("purchases", amount, NONNEGATIVE)
    margin = checked("producer_margin", producer_margin, SHARE)
    premium = checked("buyer_premium", buyer_premium, NONNEGATIVE)
    return (a * margin)[()], (a * premium)[()]


def stockpile_carrying_cost(
    days: object, *, annual_use_value: object, carrying_rate: object
) -> np.ndarray:
    """Annual cost of holding ``days`` of use: ``days / 365 * annual_use_value * carrying_rate``."""
    d = checked("stockpile_days", days, NONNEGATIVE)
    value = checked("annual_use_value", annual_use_value, NONNEGATIVE)
    rate = checked("carrying_rate", carrying_rate, NONNEGATIVE)
    return (d / 365.0 * value * rate)[()]


def price_floor_cost(
    control: object,
    *,
    floor_price: object,
    market_price: object,
    price_response: object,
    volume_tonnes: object,
) -> np.ndarray:
    """Annual subsidy (USD bn) to hold a price floor, e.g. the USD 110/kg NdPr floor.

    The ex-China market price rises with the supplier's control level,
    ``market_price * (1 + price_response * kappa)``; the subsidy pays the gap
    to ``floor_price`` (USD/kg) on ``volume_tonnes`` per year.
    """
    kappa = checked("control", control, SHARE)
    floor = checked("floor_price", floor_price, NONNEGATIVE)
    price = checked("market_price", market_price, NONNEGATIVE)
    response = checked("price_response", price_response, NONNEGATIVE)
    volume = checked("volume_tonnes", volume_tonnes, NONNEGATIVE)
    gap = np.maximum(0.0, floor - price * (1.0 + response * kappa))
    return (gap * volume * 1e3 / 1e9)[()]  # USD/kg x kg -> USD bn


def pool_cover(pool_value: object, *, members_use: object) -> np.ndarray:
    """Days of cover a shared stockpile gives each member: ``365 * pool / combined use``.

    The pool is rival: the same stock shared by more members, or by members
    using more of the input, covers fewer days. Members pay its carrying cost
    in proportion to their use, so each member's cost per day of cover is the
    same.

    Examples
    --------
    >>> from tradegame.economics import pool_cover
    >>> float(pool_cover(0.5, members_use=2.0)), float(pool_cover(0.5, members_use=4.0))
    (91.25, 45.625)
    """
    value = checked("pool_value", pool_value, NONNEGATIVE)
    use = checked("members_use", members_use, NONNEGATIVE)
    with np.errstate(divide="ignore", invalid="ignore"):
        days = np.where(use > 0, 365.0 * value / use, 0.0)
    return days[()]
