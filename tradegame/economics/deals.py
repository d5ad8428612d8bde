"""Deal and policy terms: chip licensing, purchase commitments, stockpiles, price floors, pooling.

Each function returns annual welfare changes in the units of its value
arguments (e.g. USD bn per year). National welfare counts private profits one
for one and government revenue at the marginal cost of public funds ``mcpf``
(a dollar of revenue saves ``mcpf`` dollars of distortionary taxation;
Dahlby 2008), so a revenue share paid by a domestic firm to its own
government adds ``(mcpf - 1)`` per dollar, not a full dollar.

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
    "alliance_pooling",
    "chip_licensing",
    "price_floor_cost",
    "purchase_commitment",
    "stockpile_carrying_cost",
]


@dataclass(frozen=True)
class ChipLicensing:
    """Welfare effects of licensing chip exports instead of banning them."""

    exporter_gain: np.ndarray
    importer_gain: np.ndarray
    government_revenue: np.ndarray


def chip_licensing(
    licensed: object,
    *,
    sales: object,
    revenue_share: object,
    margin: object,
    importer_surplus: object,
    security_cost: object,
    mcpf: object,
) -> ChipLicensing:
    """Licensing chip sales with a revenue share to the licensing government.

    Parameters
    ----------
    licensed : array_like
        1 where sales are licensed, 0 where banned (fractions scale sales).
    sales : array_like
        Annual sales at stake (e.g. USD bn), >= 0.
    revenue_share : array_like
        Share of sales paid to the exporter's government (0.15 in the August
        2025 arrangement, 0.25 announced in December 2025), in [0, 1].
    margin : array_like
        Exporting firms' profit margin on those sales, in [0, 1].
    importer_surplus : array_like
        Importer's surplus per dollar of chips bought, >= 0.
    security_cost : array_like
        Exporter's security cost per dollar sold, >= 0.
    mcpf : array_like
        Marginal cost of public funds, >= 1.

    Examples
    --------
    >>> from tradegame.economics import chip_licensing
    >>> c = chip_licensing(1, sales=10.0, revenue_share=0.15, margin=0.5, importer_surplus=0.3,
    ...                    security_cost=0.2, mcpf=1.2)
    >>> round(float(c.exporter_gain), 2), round(float(c.importer_gain), 2)
    (3.3, 3.0)
    """
    on = checked("licensed", licensed, SHARE)
    s = checked("sales", sales, NONNEGATIVE)
    share = checked("revenue_share", revenue_share, SHARE)
    m = checked("margin", margin, SHARE)
    surplus = checked("importer_surplus", importer_surplus, NONNEGATIVE)
    security = checked("security_cost", security_cost, NONNEGATIVE)
    cost_of_funds = as_array("mcpf", mcpf)
    require("mcpf", cost_of_funds, lambda x: np.isfinite(x) & (x >= 1), "finite and >= 1")
    volume = on * s
    revenue = share * volume
    # the firm's margin is national profit; the share moves part of it to the government
    exporter = volume * m + (cost_of_funds - 1.0) * revenue - security * volume
    return ChipLicensing(exporter[()], (surplus * volume)[()], revenue[()])


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


def alliance_pooling(
    members: object, *, potential: object, pooled_days: object, pool_cost: object
) -> tuple[np.ndarray, np.ndarray]:
    """Stockpile days each member gains from a buyers' club, and its annual cost share.

    The club's stockpile grows with membership: with ``m`` of ``potential``
    countries in, each member draws ``pooled_days * m / potential`` days of
    cover, and pays ``pool_cost / potential`` per year (its share of the
    fully subscribed club's financing). Returns ``(days, cost)`` per member.
    """
    m = checked("members", members, NONNEGATIVE)
    n = as_array("potential", potential)
    require("potential", n, lambda x: np.isfinite(x) & (x >= 1), "a finite count >= 1")
    require("members", m, lambda x: x <= n, "<= the number of potential members")
    days = checked("pooled_days", pooled_days, NONNEGATIVE)
    cost = checked("pool_cost", pool_cost, NONNEGATIVE)
    return (days * m / n)[()], (cost / n)[()]
