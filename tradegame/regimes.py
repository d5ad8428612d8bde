"""Regimes of a parameter sweep: which outcome holds where, and where it switches.

An *outcome* is one equilibrium read as policy (``"raise / keep"``, or
``"mixed: concede + escalate / concede + escalate"`` for mixed play); the
*regime* at a parameter point is the list of its equilibria's outcomes. A
sweep labels every point with its regime (:func:`label_regimes`); this
module then says how much of the space each regime covers
(:func:`regime_shares`, with Wilson score intervals for Monte Carlo draws)
and locates the parameter values where the regime switches
(:func:`locate_switches`) by bisection on the model itself, so a threshold is
found to machine precision rather than read off the grid's spacing.

References
----------
Wilson, E. B. (1927). Probable inference, the law of succession, and
statistical inference. *Journal of the American Statistical Association*
22(158), 209-212.
Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval estimation for a
binomial proportion. *Statistical Science* 16(2), 101-133 (recommend the
Wilson interval over the normal approximation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

    from .solvers.batched import BatchEquilibria

__all__ = [
    "NO_EQUILIBRIUM",
    "NO_PURE_EQUILIBRIUM",
    "label_regimes",
    "locate_switches",
    "regime_shares",
    "wilson_interval",
]

NO_EQUILIBRIUM = "no equilibrium found"
NO_PURE_EQUILIBRIUM = "no pure equilibrium"
_JOIN = " | "


def _outcome_label(masks: Sequence[np.ndarray], strategies: Sequence[Sequence[str]]) -> str:
    """``"a / b"`` for a pure profile, ``"mixed: a + b / c"`` when some player mixes."""
    parts = [
        " + ".join(s for s, m in zip(labels, mask, strict=True) if m)
        for labels, mask in zip(strategies, masks, strict=True)
    ]
    mixed = any(int(np.count_nonzero(m)) > 1 for m in masks)
    return ("mixed: " if mixed else "") + " / ".join(parts)


def _codes(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct non-negative integer keys and each key's index among them."""
    if len(keys) and int(keys.max()) < 1 << 22:  # a lookup table: linear time
        present = np.zeros(int(keys.max()) + 1, dtype=bool)
        present[keys] = True
        return np.flatnonzero(present), (np.cumsum(present) - 1)[keys]
    distinct, inverse = np.unique(keys, return_inverse=True)
    return distinct, inverse.ravel()


def label_regimes(
    eq: BatchEquilibria, strategies: Sequence[Sequence[str]], *, pure_only: bool = False
) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
    """Outcome of every equilibrium and regime of every point of a batch.

    Parameters
    ----------
    eq : BatchEquilibria
        The equilibria of a batch of games (:func:`tradegame.solvers.batched.batch_equilibria`).
    strategies : sequence of sequence of str
        Strategy labels per player.
    pure_only : bool, optional
        The equilibria are pure ones only: a point without any is labelled
        :data:`NO_PURE_EQUILIBRIUM` rather than :data:`NO_EQUILIBRIUM`.

    Returns
    -------
    outcome : ndarray of int, shape (E,)
        Index of each equilibrium's outcome in ``outcome_labels``.
    outcome_labels : list of str
    regime : ndarray of int, shape (B,)
        Index of each point's regime in ``regime_labels``.
    regime_labels : list of str
        Outcomes of the point's equilibria in their listed order, joined by
        ``" | "``.
    """
    n_points = len(eq.count)
    sizes = np.cumsum([0, *(len(s) for s in strategies)])
    width_s = int(sizes[-1])
    if len(eq):
        supports = np.concatenate([s > 0 for s in eq.strategies], axis=1)
        if width_s <= 62:  # one integer per support pattern
            bits = np.left_shift(np.int64(1), np.arange(width_s, dtype=np.int64))
            keys, outcome = _codes(supports.astype(np.int64) @ bits)
            patterns = (keys[:, None] & bits) != 0
        else:
            packed = np.packbits(supports, axis=1)
            void = np.ascontiguousarray(packed).view(np.dtype((np.void, packed.shape[1])))
            _, first, outcome = np.unique(void.ravel(), return_index=True, return_inverse=True)
            patterns = supports[first]
        outcome = outcome.ravel()
    else:
        outcome = np.zeros(0, dtype=np.int64)
        patterns = np.zeros((0, width_s), dtype=bool)
    outcome_labels = [
        _outcome_label([row[sizes[i] : sizes[i + 1]] for i in range(len(strategies))], strategies)
        for row in patterns
    ]
    # each point's outcomes in their listed order, padded with -1: one key per point
    width = int(eq.count.max()) if n_points and len(eq) else 0
    table = np.full((n_points, max(width, 1)), -1, dtype=np.int64)
    if len(eq):
        starts = np.cumsum(eq.count) - eq.count
        rank = np.arange(len(eq)) - np.repeat(starts, eq.count)
        table[eq.point, rank] = outcome
    base = len(outcome_labels) + 1
    if table.shape[1] * np.log2(base) < 62:
        weights = base ** np.arange(table.shape[1], dtype=np.int64)
        keys, regime = _codes((table + 1) @ weights)
        rows = ((keys[:, None] // weights) % base) - 1
    else:
        rows, regime = np.unique(table, axis=0, return_inverse=True)
    empty = NO_PURE_EQUILIBRIUM if pure_only else NO_EQUILIBRIUM
    regime_labels = [_JOIN.join(outcome_labels[k] for k in row if k >= 0) or empty for row in rows]
    return outcome, outcome_labels, regime.ravel(), regime_labels


def wilson_interval(
    successes: object, trials: int, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for binomial proportions (Wilson 1927).

    Examples
    --------
    >>> from tradegame.regimes import wilson_interval
    >>> low, high = wilson_interval(50, 100)
    >>> round(float(low), 4), round(float(high), 4)
    (0.4038, 0.5962)
    """
    from scipy import special

    if not 0 < confidence < 1:
        raise ParameterError(f"confidence must lie strictly between 0 and 1; got {confidence!r}")
    k = np.asarray(successes, dtype=float)
    n = float(trials)
    if n <= 0:
        return np.full(k.shape, np.nan), np.full(k.shape, np.nan)
    z = float(special.ndtri(0.5 + confidence / 2))
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


def regime_shares(
    labels: Sequence[str] | np.ndarray,
    *,
    weights: object = None,
    random_draws: bool = False,
    confidence: float = 0.95,
    independent: int | None = None,
) -> pd.DataFrame:
    """How much of a sweep each regime covers.

    Parameters
    ----------
    labels : sequence of str
        The regime of every point (or of every distinct point, with ``weights``).
    weights : array_like of int, optional
        How many points each label stands for.
    random_draws : bool, optional
        The points are Monte Carlo draws: add the ``ci_low`` and ``ci_high``
        of a Wilson score interval for the probability of each regime
        (:func:`wilson_interval`). For a grid the share is exact and the
        interval columns are NaN.
    confidence : float, optional
        Coverage of the interval (default 0.95).
    independent : int, optional
        How many independent draws the points rest on, when fewer than the
        points (a grid with the same draws at every grid point): the
        intervals use this many trials, not the number of points.

    Returns
    -------
    DataFrame
        ``regime``, ``points``, ``share``, ``ci_low``, ``ci_high``, sorted by
        share, largest first (ties by label).

    Examples
    --------
    >>> from tradegame.regimes import regime_shares
    >>> regime_shares(["keep / keep"] * 3 + ["raise / raise"])[["regime", "share"]]
              regime  share
    0    keep / keep   0.75
    1  raise / raise   0.25
    """
    import pandas as pd

    labels = np.asarray(labels, dtype=object)
    w = np.ones(len(labels), dtype=np.int64) if weights is None else np.asarray(weights)
    names, inverse = np.unique(labels.astype(str), return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=w, minlength=len(names)).astype(np.int64)
    total = int(counts.sum())
    share = counts / total if total else np.zeros(len(counts))
    if random_draws:
        trials = total if independent is None else int(independent)
        low, high = wilson_interval(share * trials, trials, confidence)
    else:
        low = high = np.full(len(counts), np.nan)
    frame = pd.DataFrame(
        {"regime": names, "points": counts, "share": share, "ci_low": low, "ci_high": high}
    )
    frame = frame.sort_values(["share", "regime"], ascending=[False, True], kind="stable")
    return frame.reset_index(drop=True)


def locate_switches(
    classify: Callable[[Mapping[str, np.ndarray]], np.ndarray],
    parameter: str,
    low: object,
    high: object,
    fixed: Mapping[str, np.ndarray] | None = None,
    *,
    low_regime: object = None,
    high_regime: object = None,
    max_iter: int = 200,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bisect many intervals at once for the value where the regime changes.

    Parameters
    ----------
    classify : callable
        ``classify(values) -> regime labels``: the regime at a batch of points
        given as ``{parameter: array}`` (one call per bisection step for all
        intervals).
    parameter : str
        The parameter varied.
    low, high : array_like
        Ends of the intervals, shape ``(K,)``; the regime at ``low`` differs
        from the regime at ``high``.
    fixed : mapping, optional
        Values of the other parameters, arrays of shape ``(K,)`` (or scalars).
    low_regime, high_regime : array_like, optional
        The regimes at the ends when already known (saves one call).
    max_iter : int, optional
        Bisection steps at most; each halves the interval, and the search
        stops once the ends are adjacent floating-point numbers.

    Returns
    -------
    threshold : ndarray, shape (K,)
        The midpoint of the final interval: within one floating-point spacing
        of the switch (or of a point where the regime is undefined).
    below, above : ndarray of str, shape (K,)
        The regimes at ``low`` and ``high``. Exactly at a threshold a game
        is degenerate (a player is indifferent) and may have more equilibria
        than on either side; ``above`` is the regime the switch leads to, not
        that knife-edge one.
    """
    lo = np.array(low, dtype=float, ndmin=1)
    hi = np.array(high, dtype=float, ndmin=1)
    fixed = {
        k: np.broadcast_to(np.asarray(v, dtype=float), lo.shape) for k, v in (fixed or {}).items()
    }
    if lo.shape != hi.shape:
        raise ParameterError("low and high must have the same shape")
    if not len(lo):
        empty = np.zeros(0, dtype=object)
        return np.zeros(0), empty, empty

    def at(x: np.ndarray, index: np.ndarray) -> np.ndarray:
        values = {k: v[index] for k, v in fixed.items()}
        values[parameter] = x
        return np.asarray(classify(values), dtype=object)

    everything = np.arange(len(lo))
    r_lo = at(lo, everything) if low_regime is None else np.asarray(low_regime, dtype=object)
    r_hi = at(hi, everything) if high_regime is None else np.asarray(high_regime, dtype=object)
    for _ in range(max_iter):
        mid = lo + (hi - lo) / 2
        active = (mid > np.minimum(lo, hi)) & (mid < np.maximum(lo, hi))
        if not active.any():
            break
        index = np.flatnonzero(active)
        same = at(mid[index], index) == r_lo[index]
        lo[index[same]] = mid[index[same]]
        hi[index[~same]] = mid[index[~same]]
    return lo + (hi - lo) / 2, r_lo, r_hi
