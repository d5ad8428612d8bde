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

The shortfall is therefore linear in time between its kinks, where the cap
stops binding (:func:`cap_end`) and where the cut is gone: :func:`time_nodes`
puts a Gauss-Legendre rule on each of those pieces, which the trade model
uses for its time integrals (:func:`disruption_cost` keeps the fixed
composite rule).

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
    "cap_end",
    "cap_level",
    "capped_path",
    "ces_loss",
    "ces_loss_price",
    "ces_price",
    "disruption_cost",
    "disruption_loss",
    "missing_share",
    "price_multiple",
    "release_cap",
    "shortfall",
    "time_nodes",
]

_CD_BAND = 1e-7  # |1 - 1/sigma| below this uses the Cobb-Douglas limit
_LOG2 = float(np.log(2.0))
_GAUSS, _GAUSS_W = np.polynomial.legendre.leggauss(4)
_PANELS = 12
# composite 4-point Gauss-Legendre rule on [0, 1]: 12 panels, 48 nodes
_NODES = ((np.arange(_PANELS)[:, None] + (_GAUSS + 1.0) / 2.0) / _PANELS).ravel()
_WEIGHTS = np.tile(_GAUSS_W / 2.0 / _PANELS, _PANELS)
_PANEL_NODES = (_GAUSS + 1.0) / 2.0  # the 4-point rule on [0, 1], for panels between kinks
_PANEL_WEIGHTS = _GAUSS_W / 2.0


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
    return ces_loss_price(s, alpha, sig, price=False)[0]  # type: ignore[return-value]


def ces_loss_price(
    s: np.ndarray, alpha: np.ndarray, sig: np.ndarray, *, loss: bool = True, price: bool = True
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """:func:`ces_loss` and :func:`ces_price` in one pass, sharing their logarithms.

    Both are ``logaddexp`` of the same two terms (shifted by ``rho ln(1 - s)``
    for the price), ``max(a, b) + log1p(exp(-|a - b|))``, so the
    ``log1p(exp(...))`` term and ``ln(1 - s)`` are computed once. Everything
    that depends only on ``alpha`` and ``sigma`` is computed at their shapes
    (one value per parameter point in the trade model), and the special cases
    (Leontief, Cobb-Douglas, ``alpha`` of 0 or 1, ``sigma = inf``) cost a pass
    over the full arrays only where some point needs them. Returns ``(loss,
    price)``, ``None`` for the one not asked for.
    """
    s, alpha, sig = (np.asarray(x, dtype=float) for x in (s, alpha, sig))
    return _ces(s, alpha, sig, np.broadcast_shapes(s.shape, alpha.shape, sig.shape), loss, price)


def _ces(
    s: np.ndarray,
    alpha: np.ndarray,
    sig: np.ndarray,
    shape: tuple[int, ...],
    loss: bool,
    price: bool,
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The body of :func:`ces_loss_price`, at the broadcast ``shape`` of its arguments."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # per-point terms, at the (small) shapes of alpha and sigma
        rho = 1.0 - 1.0 / sig  # (sigma - 1) / sigma; -inf at sigma = 0, 1 at inf
        log_keep = np.log1p(-alpha)  # ln(1 - alpha)
        log_alpha = np.log(alpha)
        leontief = np.isneginf(rho)  # sigma == 0, or so small that 1/sigma overflows
        cobb = np.abs(rho) < _CD_BAND
        full, none = alpha == 1, alpha == 0
        # per-element terms
        log_left = np.negative(s, out=np.empty(s.shape))
        np.log1p(log_left, out=log_left)  # ln(1 - s); -inf at s = 1
        zero = s == 0
        some_zero = zero.any()
        r_left, high, soft = np.empty(shape), np.empty(shape), np.empty(shape)
        np.multiply(rho, log_left, out=r_left)
        np.add(log_alpha, r_left, out=high)  # ln(alpha) + rho ln(1 - s)
        np.subtract(log_keep, high, out=soft)  # the difference of the logaddexp terms
        spare = soft.copy() if full.any() else None
        np.abs(soft, out=soft)
        np.negative(soft, out=soft)
        np.exp(soft, out=soft)
        np.log1p(soft, out=soft)  # log1p(exp(-|a - b|))
        if spare is not None:  # both terms -inf (alpha = 1, s = 1): logaddexp gives -inf
            np.copyto(soft, _LOG2, where=np.isnan(spare))
        out_loss = out_price = None
        if price:
            out_price = np.subtract(log_keep, r_left, out=r_left)
            np.maximum(out_price, log_alpha, out=out_price)
            out_price += soft
            out_price *= 1.0 / (rho * sig)  # ln(CES / (1 - s)) / sigma
            if cobb.any():
                np.copyto(out_price, (alpha - 1.0) * log_left / sig, where=cobb)
            if leontief.any():
                np.copyto(out_price, -log_alpha, where=leontief)
            if full.any():  # 0 * inf and inf - inf: no finite price
                np.copyto(out_price, np.inf, where=np.isnan(out_price))
            np.maximum(out_price, 0.0, out=out_price)
            np.exp(out_price, out=out_price)
            if some_zero:
                np.copyto(out_price, 1.0, where=zero)
            if none.any():
                np.copyto(out_price, 1.0, where=none)
            if np.isinf(sig).any():
                np.copyto(out_price, 1.0, where=np.isinf(sig))
        if loss:
            out_loss = np.maximum(log_keep, high, out=high)
            out_loss += soft
            out_loss *= 1.0 / rho  # ln CES
            if leontief.any():
                np.copyto(out_loss, log_left, where=leontief)
            if cobb.any():
                np.copyto(out_loss, alpha * log_left, where=cobb)
            np.expm1(out_loss, out=out_loss)
            np.subtract(0.0, out_loss, out=out_loss)  # 0 - x: no -0.0
            np.maximum(out_loss, 0.0, out=out_loss)
            if some_zero:
                np.copyto(out_loss, 0.0, where=zero)
            if none.any():
                np.copyto(out_loss, 0.0, where=none)
    return out_loss, out_price


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
    return ces_loss_price(s, alpha, sig, loss=False)[1]  # type: ignore[return-value]


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
    out = cap_level(c, stock, lead, d)
    return float(out) if out.ndim == 0 else out


def cap_level(
    cut: np.ndarray, stock: np.ndarray, lead: np.ndarray, duration: np.ndarray
) -> np.ndarray:
    """:func:`release_cap` on arrays already checked (the trade model's loop)."""
    c, d = cut, duration
    with np.errstate(divide="ignore", invalid="ignore"):
        window = np.minimum(d, lead)  # the cut is positive on [0, window)
        # the cap binds while c (1 - t/T) > lam, i.e. until t* = T (1 - lam / c)
        root = np.sqrt(2.0 * c * stock / lead)
        short_cap = c - root  # t* <= window
        long_cap = c - c * window / (2.0 * lead) - stock / window  # t* beyond the window
        lam = np.where(root <= c * window / lead, short_cap, long_cap)
        lam = np.where((lead == 0) | (d == 0) | (c == 0), 0.0, lam)
    return np.asarray(np.clip(np.nan_to_num(lam, nan=0.0), 0.0, c) + 0.0)


def shortfall(
    t: object, cut: object, *, stock_years: object, lead_time: object, duration: object
) -> np.ndarray:
    """The shortfall at times ``t`` under the loss-minimising release: ``min(cut(t), lam)``."""
    times = as_array("t", t)
    c = checked("cut", cut, SHARE)
    lead = checked("lead_time", lead_time, NONNEGATIVE)
    d = checked("duration", duration, NONNEGATIVE)
    lam = release_cap(c, stock_years=stock_years, lead_time=lead, duration=d)
    return capped_path(times, c, lam, lead, d)


def capped_path(
    times: np.ndarray, cut: np.ndarray, cap: np.ndarray, lead: np.ndarray, duration: np.ndarray
) -> np.ndarray:
    """:func:`shortfall` on arrays already checked, given the cap ``lam`` (the model's loop)."""
    path = missing_share(times, lead, duration)
    path *= cut
    return np.minimum(path, cap, out=path)


def missing_share(times: np.ndarray, lead: np.ndarray, duration: np.ndarray) -> np.ndarray:
    """The share of a cut still missing at ``times``: ``clip(1 - t / T, 0, 1)`` while the
    control lasts, 0 after it and without a lead time (the masks cost a pass only where
    some value needs them). Paths with the same lead time share it."""
    shape = np.broadcast_shapes(np.shape(times), np.shape(lead), np.shape(duration))
    share = np.empty(shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(times, lead, out=share)
    np.subtract(1.0, share, out=share)
    np.clip(share, 0.0, 1.0, out=share)
    if np.any(lead <= 0):
        np.copyto(share, 0.0, where=lead <= 0)
    over = np.greater_equal(times, duration)
    if over.any():
        np.copyto(share, 0.0, where=over)
    return share


def time_nodes(
    end: object, kinks: object = None, *, axis: int = -1
) -> tuple[np.ndarray, np.ndarray]:
    """Quadrature nodes and weights on ``[0, end]`` along a new axis (the last by default).

    Without ``kinks``, a composite 4-point Gauss-Legendre rule with 12 equal
    panels (48 nodes): exact for cubic pieces, and within about 1e-3 relative
    of a fine rule across the kinks of a capped shortfall path, where the
    error of a compound rule falls only with the square of the panel width.

    ``kinks`` (a sequence of arrays that broadcast with ``end``) are times at
    which the integrand's slope may jump, such as :func:`cap_end` and the lead
    time of each shortfall path. The rule is then the 4-point Gauss-Legendre
    rule on each panel between 0, the kinks in order (each clipped to
    ``[0, end]``) and ``end``: ``4 * (len(kinks) + 1)`` nodes, with the
    Gauss rule's error of order ``h**8`` times the integrand's eighth
    derivative on each smooth piece of width ``h`` (Davis and Rabinowitz
    1984, ch. 2; DLMF section 3.5(v)). A panel of zero width has weight 0; its
    nodes are put at ``end / 2`` so that they never sit on a kink. ``axis=0``
    puts the nodes first (the trade model's layout).

    References
    ----------
    Davis, P. J., Rabinowitz, P. (1984). *Methods of Numerical Integration*,
    2nd ed., Academic Press, ch. 2 (Gauss-Legendre and compound rules).
    NIST Digital Library of Mathematical Functions, section 3.5(v) (Gauss
    quadrature).

    Examples
    --------
    >>> from tradegame.economics import time_nodes
    >>> t, w = time_nodes(2.0, kinks=[0.5])
    >>> t.shape, float(w.sum())
    ((8,), 2.0)
    >>> round(float((w * t**7).sum()), 9)  # degree 7 is exact on each panel: 2**8 / 8
    32.0
    """
    e = np.asarray(end, dtype=float)
    if kinks is None:
        t, w = e[..., None] * _NODES, e[..., None] * _WEIGHTS
    else:
        t, w = _panel_rule(e, [np.asarray(k, dtype=float) for k in kinks])  # type: ignore[union-attr]
        t, w = np.moveaxis(t, 0, -1), np.moveaxis(w, 0, -1)
    if axis != -1:
        t, w = np.moveaxis(t, -1, axis), np.moveaxis(w, -1, axis)
    return t, w


def _panel_rule(end: np.ndarray, kinks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The Gauss rule between kinks of :func:`time_nodes`, with the nodes along a first axis."""
    shape = np.broadcast_shapes(end.shape, *(k.shape for k in kinks))
    edges = [np.zeros(shape)]
    edges += [np.clip(k, 0.0, end, out=np.empty(shape)) for k in kinks]
    edges.append(np.broadcast_to(end, shape))
    _sort_in_place(edges, 1, len(edges) - 1)
    k = len(_PANEL_NODES)
    t = np.empty((k * (len(edges) - 1), *shape))
    w = np.empty_like(t)
    nodes = _PANEL_NODES.reshape((k,) + (1,) * len(shape))
    weights = _PANEL_WEIGHTS.reshape(nodes.shape)
    middle = end / 2.0
    for p in range(len(edges) - 1):
        width = edges[p + 1] - edges[p]
        part = slice(k * p, k * (p + 1))
        np.multiply(width, nodes, out=t[part])
        t[part] += edges[p]
        np.multiply(width, weights, out=w[part])
        empty = width == 0
        if empty.any():
            np.copyto(t[part], middle, where=empty)
    return t, w


def _sort_in_place(arrays: list[np.ndarray], start: int, stop: int) -> None:
    """Sort ``arrays[start:stop]`` elementwise (odd-even transposition: a few arrays)."""
    for sweep in range(stop - start):
        for j in range(start + sweep % 2, stop - 1, 2):
            low, high = arrays[j], arrays[j + 1]
            arrays[j] = np.minimum(low, high, out=np.empty(low.shape))
            np.maximum(low, high, out=high)


def cap_end(cut: np.ndarray, cap: np.ndarray, lead: np.ndarray) -> np.ndarray:
    """When the released stock stops holding the shortfall at its cap: ``T (1 - lam / c)``.

    The shortfall of :func:`shortfall` is the cap ``lam`` until this time,
    then the cut's decline ``c (1 - t / T)``, zero from the lead time ``T``
    (and after the control ends): its kinks, for :func:`time_nodes`. 0 where
    there is no cut or no lead time.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((cut > 0) & (lead > 0), lead * (1.0 - cap / cut), 0.0)


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
