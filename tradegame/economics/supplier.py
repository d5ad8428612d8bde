"""Supplier block: what restricting a critical input gains and costs the supplier.

Two parts, in the units of the supplier's baseline sales:

* **priced restriction**: a supplier that withholds the share ``kappa`` of its
  sales to an importer sells the rest at the price that clears the importer's
  residual demand (:func:`~tradegame.economics.disruption.price_multiple`,
  which the importer's stock release and substitutes hold down). Per unit of
  baseline sales its profit changes by
  ``(1 - kappa) (m - c) - (1 - c)``, with ``m`` the price multiple and ``c``
  the unit cost as a share of the baseline price (:func:`restricted_sales_profit`).
  With inelastic short-run demand a moderate restriction raises the supplier's
  profit; buyers' stockpiles take that gain away.
* **induced entry**: sustained restrictions make rivals commit to mines,
  separation plants and magnet factories. Entry is a hazard proportional to the
  control level, so the probability that rivals commit while a control of
  ``d`` years lasts is ``1 - exp(-h * kappa * d)`` (:func:`entry_probability`).
  If they do, the supplier loses a share of its dominance rents from the time
  the new capacity arrives; the expected loss is the discounted stream over
  the rest of the horizon (:func:`rent_stream_loss`; the trade model counts
  ``rent_years = horizon - entry_lead_time``, so entry that arrives after the
  horizon costs nothing within it). The hazard is calibrated
  to the entry record: rivals committed within months after the April 2025
  licensing (Lynas heavy rare earths, the MP Materials agreement, India's
  magnet scheme) and within about a year of the 2010 quota cuts.

References
----------
Pothen, F. (2014). Dynamic market power in an exhaustible resource industry:
the case of rare earth elements. ZEW Discussion Paper 14-005.
Mancheri, N. A. (2015). World trade in rare earths, Chinese export
restrictions, and implications. *Resources Policy* 46, 262-271.
"""

from __future__ import annotations

import numpy as np

from ..errors import ParameterError
from ._checks import NONNEGATIVE, SHARE, as_array, checked, require
from .disruption import annuity

__all__ = [
    "entry_probability",
    "rent_stream_loss",
    "restricted_sales_profit",
    "restricted_sales_sums",
]


def entry_probability(control: object, *, entry_hazard: object, duration: object) -> np.ndarray:
    """Probability that rivals commit to new capacity: ``1 - exp(-h kappa d)``.

    Examples
    --------
    >>> from tradegame.economics import entry_probability
    >>> round(float(entry_probability(0.5, entry_hazard=6.0, duration=0.6)), 3)
    0.835
    """
    kappa = checked("control", control, SHARE)
    h = checked("entry_hazard", entry_hazard, NONNEGATIVE)
    d = checked("duration", duration, NONNEGATIVE)
    return (-np.expm1(-h * kappa * d))[()]


def rent_stream_loss(
    probability: object,
    *,
    rents: object,
    rent_share_lost: object,
    entry_lead_time: object,
    rent_years: object,
    discount_rate: object,
) -> np.ndarray:
    """Present value of the rents expected to be lost to entrants.

    Rivals' capacity arrives ``entry_lead_time`` years after they commit and
    then competes for ``rent_years`` years, taking ``rent_share_lost`` of the
    supplier's annual ``rents``:
    ``p * share * rents * integral of exp(-r t) over [L, L + rent_years]``.

    Examples
    --------
    Certain entry, capacity after 3 years for 10 years, no discounting:

    >>> from tradegame.economics import rent_stream_loss
    >>> float(rent_stream_loss(1.0, rents=2.0, rent_share_lost=0.3, entry_lead_time=3.0,
    ...                        rent_years=10.0, discount_rate=0.0))
    6.0
    """
    p = checked("probability", probability, SHARE)
    rents_ = checked("rents", rents, NONNEGATIVE)
    share = checked("rent_share_lost", rent_share_lost, SHARE)
    lead = checked("entry_lead_time", entry_lead_time, NONNEGATIVE)
    years = checked("rent_years", rent_years, NONNEGATIVE)
    r = checked("discount_rate", discount_rate, NONNEGATIVE)
    stream = np.exp(-r * lead) * annuity(r, years)
    return (p * share * rents_ * stream)[()]


def restricted_sales_profit(control: object, price: object, *, unit_cost: object) -> np.ndarray:
    """Change in profit per unit of baseline sales when selling ``1 - kappa`` at ``price``.

    ``(1 - kappa) (price - c) - (1 - c)``; a complete cut (``kappa = 1``)
    gives ``-(1 - c)`` whatever the price.

    Examples
    --------
    >>> from tradegame.economics import restricted_sales_profit
    >>> round(float(restricted_sales_profit(0.5, 3.0, unit_cost=0.8)), 12)
    0.9
    >>> round(float(restricted_sales_profit(1.0, float("inf"), unit_cost=0.8)), 12)
    -0.2
    """
    kappa = checked("control", control, SHARE)
    m = as_array("price", price)
    require("price", m, lambda x: x >= 0, ">= 0")
    c = checked("unit_cost", unit_cost, SHARE)
    with np.errstate(invalid="ignore"):
        sold = np.where(kappa < 1, (1.0 - kappa) * (m - c), 0.0)
    return (sold - (1.0 - c))[()]


def restricted_sales_sums(
    control: object,
    excess: object,
    weight: object,
    *,
    price_capture: object,
    unit_cost: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Sums over time of :func:`restricted_sales_profit` and of the buyers' extra payment.

    The supplier sells at ``1 + g (m - 1)``, the share ``g`` (``price_capture``)
    of the scarcity premium of a price multiple ``m`` that varies over time.
    Both per-unit terms are affine in ``m`` --
    ``(1 - kappa) (price - c) - (1 - c) = (1 - kappa) g (m - 1) - kappa (1 - c)``
    and the buyers' extra payment ``(1 - kappa) g (m - 1)`` -- so their weighted
    sums over time need only ``excess``, the weighted sum of ``m - 1``, and
    ``weight``, the sum of the weights. A complete cut (``kappa = 1``) sells
    nothing, whatever the price.

    Returns
    -------
    (ndarray, ndarray)
        The weighted sums of the profit change and of the extra payment, per
        unit of baseline sales.

    Examples
    --------
    A price multiple of 3 for one year (``excess = 2``, ``weight = 1``), half
    the premium captured, half the sales withheld:

    >>> from tradegame.economics.supplier import restricted_sales_sums
    >>> profit, paid = restricted_sales_sums(0.5, 2.0, 1.0, price_capture=0.5, unit_cost=0.8)
    >>> round(float(profit), 12), round(float(paid), 12)
    (0.4, 0.5)
    >>> round(float(restricted_sales_profit(0.5, 2.0, unit_cost=0.8)), 12)  # the same, per unit
    0.4
    """
    kappa = checked("control", control, SHARE)
    x = np.asarray(excess, dtype=float)  # NaN: an infinite multiple at a node of no weight
    w = checked("weight", weight, NONNEGATIVE)
    g = checked("price_capture", price_capture, SHARE)
    c = checked("unit_cost", unit_cost, SHARE)
    with np.errstate(invalid="ignore"):
        # an infinite multiple with no premium captured has no price (0 * inf)
        if np.any((g == 0) & ~np.isfinite(x)):
            raise ParameterError("price must not be NaN")
        paid = np.where(kappa < 1, (1.0 - kappa) * (g * x), 0.0)
    return (paid - kappa * (1.0 - c) * w)[()], paid[()]
