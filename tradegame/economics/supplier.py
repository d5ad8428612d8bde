"""Supplier block: what export controls cost the country that imposes them.

Two parts, both in the units of ``controlled_exports`` (e.g. USD bn per year):

* **lost export revenue**: the controlled share ``kappa`` of the exports of
  the controlled goods;
* **expected loss of future rents**: sustained restrictions invite rivals to
  build mines, separation plants and magnet factories. Entry is modelled as a
  hazard proportional to the control level, so the probability that rivals
  commit within the restriction's duration ``d`` is
  ``1 - exp(-h * kappa * d)``; if they do, the supplier loses a share of its
  dominance rents once the new capacity arrives after ``entry_lead_time``
  years (discounted at ``discount_rate``). The 2010-11 rare-earth episode is
  the precedent: Chinese quotas raised prices and revived non-Chinese supply
  (Pothen 2014); RFF Issue Brief 25-12 (2025) argues the 2025 controls raise
  the same risk. ``h`` and the rent figures are uncertain and meant to be
  swept.

References
----------
Pothen, F. (2014). Dynamic market power in an exhaustible resource industry:
the case of rare earth elements. ZEW Discussion Paper 14-005.
Resources for the Future (2025). Issue Brief 25-12 on China's rare-earth
export controls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._checks import NONNEGATIVE, SHARE, checked

__all__ = ["SupplierLoss", "entry_probability", "supplier_loss"]


@dataclass(frozen=True)
class SupplierLoss:
    """Cost of export controls to the supplier (positive numbers are losses)."""

    lost_revenue: np.ndarray
    entry_probability: np.ndarray
    expected_rent_loss: np.ndarray
    total: np.ndarray


def entry_probability(control: object, *, entry_hazard: object, duration: object) -> np.ndarray:
    """Probability that rivals commit to new capacity: ``1 - exp(-h kappa d)``."""
    kappa = checked("control", control, SHARE)
    h = checked("entry_hazard", entry_hazard, NONNEGATIVE)
    d = checked("duration", duration, NONNEGATIVE)
    return -np.expm1(-h * kappa * d)


def supplier_loss(
    control: object,
    *,
    controlled_exports: object,
    rents: object,
    rent_share_lost: object,
    entry_hazard: object,
    duration: object,
    entry_lead_time: object,
    discount_rate: object,
) -> SupplierLoss:
    """Lost export revenue plus expected loss of dominance rents from induced entry.

    Parameters
    ----------
    control : array_like
        Control level ``kappa`` in [0, 1].
    controlled_exports : array_like
        Annual exports of the controlled goods at stake, >= 0.
    rents : array_like
        Annual rents from market dominance, >= 0.
    rent_share_lost : array_like
        Share of those rents lost once rivals' capacity arrives, in [0, 1].
    entry_hazard : array_like
        Entry hazard per year at full control, >= 0.
    duration : array_like
        Years the restriction is expected to last, >= 0.
    entry_lead_time : array_like
        Years for rivals' capacity to come online, >= 0.
    discount_rate : array_like
        Annual discount rate, >= 0.

    Examples
    --------
    >>> from tradegame.economics import supplier_loss
    >>> loss = supplier_loss(0.5, controlled_exports=3.0, rents=5.0, rent_share_lost=0.3,
    ...                      entry_hazard=0.2, duration=1.0, entry_lead_time=3.0,
    ...                      discount_rate=0.0)
    >>> round(float(loss.lost_revenue), 2), round(float(loss.total), 3)
    (1.5, 1.643)
    """
    kappa = checked("control", control, SHARE)
    exports = checked("controlled_exports", controlled_exports, NONNEGATIVE)
    v = checked("rents", rents, NONNEGATIVE)
    share = checked("rent_share_lost", rent_share_lost, SHARE)
    lead = checked("entry_lead_time", entry_lead_time, NONNEGATIVE)
    r = checked("discount_rate", discount_rate, NONNEGATIVE)
    p_entry = entry_probability(kappa, entry_hazard=entry_hazard, duration=duration)
    lost = kappa * exports
    rent_loss = p_entry * share * v * np.exp(-r * lead)
    return SupplierLoss(lost[()], p_entry[()], rent_loss[()], (lost + rent_loss)[()])
