"""Critical-input disruption block: output lost and prices paid when a supplier restricts.

Exposed value added ``Y`` is produced with a critical input of cost share
``alpha`` and everything else, combined with a CES technology of substitution
elasticity ``sigma``. Cutting the input by a fraction ``s`` (other inputs fixed)
scales output to

    CES(s) = [(1 - alpha) + alpha (1 - s)**((sigma - 1) / sigma)] ** (sigma / (sigma - 1)),

so the fractional loss is ``1 - CES(s)`` (:func:`disruption_loss`), and the
input's price, its marginal product, rises by the factor
``(CES(s) / (1 - s)) ** (1 / sigma)`` (:func:`price_multiple`): the price at
which the restricted supply clears the importers' residual demand. When
``sigma`` is small the loss is far above the first-order (Hulten) estimate
``alpha * s`` (Baqaee and Farhi 2019). ``sigma = 1`` is the Cobb-Douglas limit
and ``sigma -> 0`` the Leontief limit; both are handled exactly.

Over time a control cuts the importer's supply by ``c = kappa * q`` (``q``:
the share of the input bought from the supplier) while it lasts (``duration``
years); substitutes arrive linearly, so the cut is ``c (1 - t / T)`` at time
``t`` and gone after the substitution lead time ``T``. Inventories of ``S``
years of use are released optimally: with a convex loss the release that
minimises the loss caps the shortfall at a level ``lam`` and holds it there,
so the shortfall is ``min(cut(t), lam)`` with ``lam`` the smallest cap the
stock can sustain (:func:`release_cap`; the "water-filling" solution of a
convex resource-allocation problem). Releasing stock first and running out
(front-loading) is never better and, with convex losses, much worse.

References
----------
Baqaee, D. R., Farhi, E. (2019). The macroeconomic impact of microeconomic
shocks: beyond Hulten's theorem. *Econometrica* 87(4), 1155-1203.
Hulten, C. R. (1978). Growth accounting with intermediate inputs. *Review of
Economic Studies* 45(3), 511-518.
Boyd, S., Vandenberghe, L. (2004). *Convex Optimization*, section 5.5.3
(water-filling).
"""

from __future__ import annotations

import numpy as np

from ._checks import NONNEGATIVE, SHARE, as_array, checked, require

__all__ = [
    "annuity",
    "ces_loss",
    "ces_price",
    "disruption_cost",
    "disruption_loss",
    "price_multiple",
    "release_cap",
    "shortfall",
    "time_nodes",
]

_CD_BAND = 1e-7  # |1 - 1/sigma| below this uses the Cobb-Douglas limit
_GAUSS, _GAUSS_W = np.polynomial.legendre.leggauss(4)
_PANELS = 12
# composite 4-point Gauss-Legendre rule on [0, 1]: 12 panels, 48 nodes
_NODES = ((np.arange(_PANELS)[:, None] + (_GAUSS + 1.0) / 2.0) / _PANELS).ravel()
_WEIGHTS = np.tile(_GAUSS_W / 2.0 / _PANELS, _PANELS)


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
    loss = ces_loss(*_ces_args(cut, cost_share, sigma))
    return float(loss) if loss.ndim == 0 else loss


def _ces_args(cut: object, cost_share: object, sigma: object) -> tuple[np.ndarray, ...]:
    """The checked arguments of the CES functions: cut and cost share in [0, 1], sigma >= 0."""
    sig = as_array("sigma", sigma)
    require("sigma", sig, lambda x: x >= 0, ">= 0")
    return checked("cut", cut, SHARE), checked("cost_share", cost_share, SHARE), sig


def ces_loss(s: np.ndarray, alpha: np.ndarray, sig: np.ndarray) -> np.ndarray:
    """:func:`disruption_loss` on arrays already checked (the trade model's inner loop)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_left = np.log1p(-s)  # ln(1 - s); -inf at s = 1
        rho = 1.0 - 1.0 / sig  # (sigma - 1) / sigma; -inf at sigma = 0, 1 at inf
        general = np.logaddexp(np.log1p(-alpha), np.log(alpha) + rho * log_left) / rho
        log_output = np.where(
            np.isneginf(rho),  # sigma == 0, or so small that 1/sigma overflows: Leontief
            log_left,
            np.where(np.abs(rho) < _CD_BAND, alpha * log_left, general),
        )
        log_output = np.where((s == 0) | (alpha == 0), 0.0, log_output)
        loss = -np.expm1(log_output)
    return np.clip(loss, 0.0, 1.0) + 0.0  # + 0.0 turns -0.0 into 0.0


def price_multiple(cut: object, *, cost_share: object, sigma: object) -> np.ndarray | float:
    """Factor by which the input's price rises when its supply is cut by ``cut``.

    The importers' residual demand for the input is its marginal product, so
    with the CES technology of :func:`disruption_loss` the remaining supply
    clears at ``(CES(cut) / (1 - cut)) ** (1 / sigma)`` times the usual price.

    Parameters
    ----------
    cut : array_like
        Fraction of the input missing, in [0, 1].
    cost_share, sigma : array_like
        As in :func:`disruption_loss`.

    Returns
    -------
    ndarray or float
        >= 1. With ``sigma < 1`` even a complete cut has a finite choke price,
        ``alpha ** (1 / (sigma - 1))``; ``sigma = 0`` (Leontief) gives ``1 / alpha``
        for any cut; with ``sigma >= 1`` a complete cut has no price (``inf``).

    Examples
    --------
    Half the supply gone, a 0.4% cost share:

    >>> from tradegame.economics import price_multiple
    >>> round(float(price_multiple(0.5, cost_share=0.004, sigma=0.5)), 2)
    3.97
    >>> round(float(price_multiple(0.5, cost_share=0.004, sigma=1.0)), 3)  # Cobb-Douglas
    1.994
    """
    out = ces_price(*_ces_args(cut, cost_share, sigma))
    return float(out) if out.ndim == 0 else out


def ces_price(s: np.ndarray, alpha: np.ndarray, sig: np.ndarray) -> np.ndarray:
    """:func:`price_multiple` on arrays already checked (the trade model's inner loop).

    ``ln(CES / (1 - s)) = logaddexp(ln(1 - alpha) - rho ln(1 - s), ln alpha) / rho``
    avoids the cancellation of subtracting two nearly equal logarithms when
    ``sigma`` is small; as ``sigma -> 0`` the multiple tends to ``1 / alpha``, the
    whole output's value per unit of the input (the Leontief choke price).
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_left = np.log1p(-s)
        rho = 1.0 - 1.0 / sig
        log_ratio = np.logaddexp(np.log1p(-alpha) - rho * log_left, np.log(alpha)) / rho
        log_ratio = np.where(np.abs(rho) < _CD_BAND, (alpha - 1.0) * log_left, log_ratio)
        log_multiple = np.where(np.isneginf(rho), -np.log(alpha), log_ratio / sig)
        out = np.exp(np.maximum(np.nan_to_num(log_multiple, nan=np.inf), 0.0))
    return np.where((s == 0) | (alpha == 0) | np.isinf(sig), 1.0, out)


def release_cap(
    cut: object, *, stock_years: object, lead_time: object, duration: object
) -> np.ndarray | float:
    """The shortfall cap ``lam`` of the loss-minimising release of a stock.

    The cut is ``cut * (1 - t / T)`` for ``t`` below the control's ``duration``
    (and ``T``), zero afterwards. A stock of ``stock_years`` of normal use is
    released so that the shortfall never exceeds ``lam``: the stock fills
    ``cut(t) - lam`` wherever the cut is above the cap, and ``lam`` is the
    smallest cap the stock can pay for. For any convex loss of the shortfall
    this release minimises the undiscounted total loss.

    Parameters
    ----------
    cut : array_like
        Initial cut, a fraction of normal use in [0, 1].
    stock_years : array_like
        Inventories and stockpiles, in years of normal use (days / 365), >= 0.
    lead_time : array_like
        Substitution lead time ``T`` in years, >= 0.
    duration : array_like
        Years the control lasts, >= 0.

    Returns
    -------
    ndarray or float
        ``lam`` in [0, cut].

    Examples
    --------
    A 60% cut lasting half a year, substitutes in 3 years, 45 days of stock:

    >>> from tradegame.economics import release_cap
    >>> round(float(release_cap(0.6, stock_years=45 / 365, lead_time=3.0, duration=0.5)), 3)
    0.303
    """
    c = checked("cut", cut, SHARE)
    stock = checked("stock_years", stock_years, NONNEGATIVE)
    lead = checked("lead_time", lead_time, NONNEGATIVE)
    d = checked("duration", duration, NONNEGATIVE)
    with np.errstate(divide="ignore", invalid="ignore"):
        window = np.minimum(d, lead)  # the cut is positive on [0, window)
        # the cap binds while c (1 - t/T) > lam, i.e. until t* = T (1 - lam / c)
        short_cap = c - np.sqrt(2.0 * c * stock / lead)  # t* <= window
        long_cap = c - c * window / (2.0 * lead) - stock / window  # t* beyond the window
        untruncated = np.sqrt(2.0 * c * stock / lead) <= c * window / lead
        lam = np.where(untruncated, short_cap, long_cap)
        lam = np.where((lead == 0) | (d == 0) | (c == 0), 0.0, lam)
    out = np.clip(np.nan_to_num(lam, nan=0.0), 0.0, c) + 0.0
    return float(out) if out.ndim == 0 else out


def shortfall(
    t: object, cut: object, *, stock_years: object, lead_time: object, duration: object
) -> np.ndarray:
    """The shortfall at times ``t`` under the loss-minimising release: ``min(cut(t), lam)``."""
    times = as_array("t", t)
    c = checked("cut", cut, SHARE)
    lead = checked("lead_time", lead_time, NONNEGATIVE)
    d = checked("duration", duration, NONNEGATIVE)
    lam = release_cap(c, stock_years=stock_years, lead_time=lead, duration=d)
    with np.errstate(divide="ignore", invalid="ignore"):
        remaining = np.where(lead > 0, np.clip(1.0 - times / lead, 0.0, 1.0), 0.0)
    path = np.where(times < d, c * remaining, 0.0)
    return np.minimum(path, lam)


def time_nodes(end: object) -> tuple[np.ndarray, np.ndarray]:
    """Quadrature nodes and weights on ``[0, end]`` along a new trailing axis.

    A composite 4-point Gauss-Legendre rule with 12 panels (48 nodes): exact
    for cubic pieces, and within about 1e-3 relative of a fine rule across the
    kinks of a capped shortfall path.
    """
    e = np.asarray(end, dtype=float)[..., None]
    return e * _NODES, e * _WEIGHTS


def annuity(rate: object, years: object) -> np.ndarray:
    """Present value of one unit a year for ``years`` at continuous ``rate``."""
    r = np.asarray(rate, dtype=float)
    h = np.asarray(years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(r > 0, -np.expm1(-r * h) / r, h)


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
    duration: object,
    discount_rate: object,
) -> np.ndarray | float:
    """Annual-equivalent output loss from a supplier's export control.

    Parameters
    ----------
    control : array_like
        The supplier's control level ``kappa`` towards this importer, in [0, 1].
    dependence : array_like
        Importer's share ``q`` of the input bought from this supplier, in [0, 1].
    stockpile_days : array_like
        Inventories and stockpiles in days of normal use, >= 0, released optimally.
    lead_time : array_like
        Years ``T`` until substitutes fully replace the lost supply, >= 0.
    cost_share, sigma : array_like
        As in :func:`disruption_loss`.
    exposed_output : array_like
        Annual value added ``Y`` that needs the input (e.g. USD bn), >= 0.
    horizon : array_like
        Years over which the loss is annualised, > 0.
    duration : array_like
        Years the control lasts, >= 0 (only the part within the horizon counts).
    discount_rate : array_like
        Annual discount rate, >= 0.

    Returns
    -------
    ndarray or float
        The constant annual loss (units of ``exposed_output``) with the same
        present value over ``horizon`` as the disruption.

    Examples
    --------
    >>> from tradegame.economics import disruption_cost
    >>> args = dict(dependence=0.8, lead_time=3.0, cost_share=0.01, sigma=0.1,
    ...             exposed_output=100.0, horizon=2.0, duration=1.0, discount_rate=0.0)
    >>> round(float(disruption_cost(1.0, stockpile_days=0, **args)), 2)
    22.27
    >>> round(float(disruption_cost(1.0, stockpile_days=90, **args)), 2)
    4.5
    >>> float(disruption_cost(0.0, stockpile_days=0, **args))
    0.0
    """
    kappa = checked("control", control, SHARE)
    q = checked("dependence", dependence, SHARE)
    days = checked("stockpile_days", stockpile_days, NONNEGATIVE)
    lead = checked("lead_time", lead_time, NONNEGATIVE)
    y = checked("exposed_output", exposed_output, NONNEGATIVE)
    h = as_array("horizon", horizon)
    require("horizon", h, lambda x: np.isfinite(x) & (x > 0), "a finite number of years > 0")
    d = checked("duration", duration, NONNEGATIVE)
    r = checked("discount_rate", discount_rate, NONNEGATIVE)
    alpha = checked("cost_share", cost_share, SHARE)
    sig = as_array("sigma", sigma)
    require("sigma", sig, lambda x: x >= 0, ">= 0")
    end = np.minimum(np.minimum(d, lead), h)
    t, w = time_nodes(end)
    gap = shortfall(
        t,
        (kappa * q)[..., None],
        stock_years=(days / 365.0)[..., None],
        lead_time=lead[..., None],
        duration=d[..., None],
    )
    loss = disruption_loss(gap, cost_share=alpha[..., None], sigma=sig[..., None])
    present_value = y * np.sum(w * loss * np.exp(-r[..., None] * t), axis=-1)
    out = present_value / annuity(r, h)
    return float(out) if np.ndim(out) == 0 else out
