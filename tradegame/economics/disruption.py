"""Critical-input disruption block: output lost when a supplier restricts a key input.

Exposed output ``Y`` is produced with a critical input of cost share ``alpha``
and everything else, combined with a CES technology of substitution elasticity
``sigma``. Cutting the input by a fraction ``s`` (other inputs fixed) scales
output to

    CES(s) = [(1 - alpha) + alpha (1 - s)**((sigma - 1) / sigma)] ** (sigma / (sigma - 1)),

so the fractional loss is ``1 - CES(s)``. When ``sigma`` is small the loss is far
above the first-order (Hulten) estimate ``alpha * s``: halving a 1% cost-share
input costs about 18% of exposed output at ``sigma = 0.1`` (Baqaee and Farhi
2019). ``sigma = 1`` is the Cobb-Douglas limit ``(1 - s)**alpha`` and
``sigma -> 0`` the Leontief limit ``1 - s``; both are handled exactly.

Over time (:func:`disruption_cost`), a supplier's control level ``kappa`` cuts
the importer's supply by ``c = kappa * q`` (``q``: dependence share on that
supplier). A stockpile of ``S`` days of normal use fills the gap for
``S / (365 c)`` years; meanwhile and afterwards substitutes arrive linearly, so
the cut is ``c (1 - t / T)`` at time ``t`` and gone after the substitution lead
time ``T``. The loss is discounted over the horizon and reported as the
equivalent constant annual flow.

References
----------
Baqaee, D. R., Farhi, E. (2019). The macroeconomic impact of microeconomic
shocks: beyond Hulten's theorem. *Econometrica* 87(4), 1155-1203.
Hulten, C. R. (1978). Growth accounting with intermediate inputs. *Review of
Economic Studies* 45(3), 511-518.
"""

from __future__ import annotations

import numpy as np

from ._checks import NONNEGATIVE, SHARE, as_array, checked, require

__all__ = ["disruption_cost", "disruption_loss"]

_CD_BAND = 1e-7  # |1 - 1/sigma| below this uses the Cobb-Douglas limit
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(48)


def disruption_loss(cut: object, *, cost_share: object, sigma: object) -> np.ndarray | float:
    """Fractional loss of exposed output when a critical input is cut by ``cut``.

    Parameters
    ----------
    cut : array_like
        Fraction of the input lost, in [0, 1].
    cost_share : array_like
        The input's cost share ``alpha`` in exposed output, in [0, 1].
    sigma : array_like
        Elasticity of substitution, >= 0 (0: Leontief; 1: Cobb-Douglas;
        ``inf``: perfect substitutes).

    Returns
    -------
    ndarray or float
        ``1 - CES(cut)``, in [0, 1].

    Examples
    --------
    >>> from tradegame.economics import disruption_loss
    >>> round(float(disruption_loss(0.5, cost_share=0.01, sigma=0.1)), 3)
    0.182
    >>> round(float(disruption_loss(0.5, cost_share=0.01, sigma=1.0)), 4)  # Cobb-Douglas
    0.0069
    >>> float(disruption_loss(0.5, cost_share=0.01, sigma=0.0))  # Leontief
    0.5
    """
    s = checked("cut", cut, SHARE)
    alpha = checked("cost_share", cost_share, SHARE)
    sig = as_array("sigma", sigma)
    require("sigma", sig, lambda x: x >= 0, ">= 0")
    s, alpha, sig = np.broadcast_arrays(s, alpha, sig)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_left = np.log1p(-s)  # ln(1 - s); -inf at s = 1
        rho = 1.0 - 1.0 / sig  # (sigma - 1) / sigma; -inf at sigma = 0, 1 at inf
        general = np.logaddexp(np.log1p(-alpha), np.log(alpha) + rho * log_left) / rho
        cobb_douglas = alpha * log_left
        log_output = np.where(
            np.isneginf(rho),  # sigma == 0, or so small that 1/sigma overflows: Leontief
            log_left,
            np.where(np.abs(rho) < _CD_BAND, cobb_douglas, general),
        )
        log_output = np.where((s == 0) | (alpha == 0), 0.0, log_output)
        loss = -np.expm1(log_output)
    loss = np.clip(loss, 0.0, 1.0) + 0.0  # + 0.0 turns -0.0 into 0.0
    return float(loss) if loss.ndim == 0 else loss


def disruption_cost(
    control: object,
    *,
    dependence: object,
    stockpile_days: object,
    lead_time: object,
    cost_share: object,
    sigma: object,
    exposed_output: object,
    horizon: object,
    discount_rate: object,
) -> np.ndarray | float:
    """Annual-equivalent output loss from a supplier's export controls.

    Parameters
    ----------
    control : array_like
        Supplier's control level ``kappa`` in [0, 1] (0: general licences,
        about 0.5: licensing as in April 2025, about 1: a comprehensive regime).
    dependence : array_like
        Importer's share ``q`` of the input sourced from this supplier, in [0, 1].
    stockpile_days : array_like
        Stockpile cover ``S`` in days of normal use, >= 0.
    lead_time : array_like
        Years ``T`` until substitutes fully replace the lost supply, >= 0.
    cost_share, sigma : array_like
        As in :func:`disruption_loss`.
    exposed_output : array_like
        Annual value ``Y`` of the output that needs the input (e.g. USD bn), >= 0.
    horizon : array_like
        Years over which the loss is counted, > 0.
    discount_rate : array_like
        Annual discount rate, >= 0.

    Returns
    -------
    ndarray or float
        The constant annual loss (units of ``exposed_output``) whose present
        value over ``horizon`` equals that of the disruption.

    Examples
    --------
    >>> from tradegame.economics import disruption_cost
    >>> args = dict(dependence=0.8, lead_time=3.0, cost_share=0.01, sigma=0.1,
    ...             exposed_output=100.0, horizon=3.0, discount_rate=0.0)
    >>> round(float(disruption_cost(1.0, stockpile_days=0, **args)), 2)
    18.01
    >>> round(float(disruption_cost(1.0, stockpile_days=90, **args)), 2)
    11.87
    >>> float(disruption_cost(0.0, stockpile_days=0, **args))
    0.0
    """
    kappa = checked("control", control, SHARE)
    q = checked("dependence", dependence, SHARE)
    days = as_array("stockpile_days", stockpile_days)
    require("stockpile_days", days, lambda x: x >= 0, ">= 0")
    lead = as_array("lead_time", lead_time)
    require("lead_time", lead, lambda x: np.isfinite(x) & (x >= 0), "a finite number of years >= 0")
    y = checked("exposed_output", exposed_output, NONNEGATIVE)
    h = as_array("horizon", horizon)
    require("horizon", h, lambda x: np.isfinite(x) & (x > 0), "a finite number of years > 0")
    r = checked("discount_rate", discount_rate, NONNEGATIVE)
    alpha = checked("cost_share", cost_share, SHARE)
    sig = as_array("sigma", sigma)
    require("sigma", sig, lambda x: x >= 0, ">= 0")

    cut0 = kappa * q
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        covered = np.where(cut0 > 0, days / (365.0 * cut0), np.inf)  # years the stockpile lasts
    end = np.minimum(lead, h)
    start = np.minimum(covered, end)
    half = (end - start) / 2.0
    # Gauss-Legendre nodes on [start, end] along a trailing axis
    t = (start + end)[..., None] / 2.0 + half[..., None] * _NODES
    with np.errstate(divide="ignore", invalid="ignore"):
        remaining = np.where(lead[..., None] > 0, 1.0 - t / lead[..., None], 0.0)
    cut = np.clip(cut0[..., None] * remaining, 0.0, 1.0)
    loss = disruption_loss(cut, cost_share=alpha[..., None], sigma=sig[..., None])
    discount = np.exp(-r[..., None] * t)
    present_value = y * half * np.sum(_WEIGHTS * loss * discount, axis=-1)
    # annuity over the horizon: integral of exp(-r t) from 0 to h
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = np.where(r > 0, -np.expm1(-r * h) / r, h)
    out = present_value / annuity
    return float(out) if np.ndim(out) == 0 else out
