"""Repeated games: when is a trade truce self-enforcing?

A cooperative profile of a stage game (a deal: both countries keep free
trade, an export-control truce) is sustained in the infinitely repeated game
when no player gains by deviating once and then being punished. Each player
has a *critical discount factor* delta*: the deal is self-enforcing for that
player at every discount factor delta in [delta*, 1). The module computes
delta* for four kinds of punishment, in batch kernels that evaluate thousands
of parameter points in one call, translates delta* into the largest yearly
risk of an outside breakdown the truce can carry, and simulates noisy play of
the classic strategies (grim trigger, tit-for-tat, generous tit-for-tat,
win-stay lose-shift).

Payoffs are per period; a player who deviates from cooperation with payoff
``C`` gets the best one-shot deviation payoff ``D`` today and the punishment
afterwards. Because only payoff differences enter, every threshold is
unchanged when a player's payoffs are multiplied by a positive number or
shifted.

References
----------
Friedman, J. W. (1971). A non-cooperative equilibrium for supergames.
*Review of Economic Studies* 38(1), 1-12.
Abreu, D. (1986). Extremal equilibria of oligopolistic supergames.
*Journal of Economic Theory* 39(1), 191-225.
Abreu, D. (1988). On the theory of infinitely repeated games with
discounting. *Econometrica* 56(2), 383-396.
Fudenberg, D., Maskin, E. (1986). The folk theorem in repeated games with
discounting or with incomplete information. *Econometrica* 54(3), 533-554.
Bagwell, K., Staiger, R. W. (1990). A theory of managed trade. *American
Economic Review* 80(4), 779-795.
Mailath, G. J., Samuelson, L. (2006). *Repeated Games and Reputations*.
Oxford University Press, ch. 2 (perfect monitoring, the one-shot deviation
principle, simple penal codes).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .economics._checks import NONNEGATIVE, SHARE, as_array, as_rng, checked, require
from .errors import GameError, ParameterError
from .game import Game, require_game
from .solvers import DEFAULT_TOL, Equilibrium, pure_nash_mask, security_levels, solve
from .solvers._scale import payoff_spans, tamed
from .solvers.regret import expected_payoffs, regrets
from .solvers.result import check_tol

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PUNISHMENTS",
    "SIMULATION_STRATEGIES",
    "STICK_NOTE",
    "TruceDuration",
    "breakdown_risk",
    "critical_discount",
    "critical_discount_batch",
    "finite_punishment_threshold",
    "nash_reversion_threshold",
    "simulate",
    "truce_duration",
    "truce_table",
]

PUNISHMENTS = ("nash-reversion", "minmax", "optimal", "stick-and-carrot", "finite")
"""Punishments :func:`critical_discount` knows (``"stick-and-carrot"`` is ``"optimal"``)."""

SIMULATION_STRATEGIES = (
    "grim",
    "tit-for-tat",
    "generous-tit-for-tat",
    "always-cooperate",
    "always-defect",
    "pavlov",
)
"""Repeated-game strategies :func:`simulate` and :func:`truce_duration` play."""

_BATCH_PUNISHMENTS = ("nash-reversion", "optimal", "stick-and-carrot", "finite")
_RELATIVE_NOISE = 1e-12  # payoff gaps below this share of the payoffs are rounding error
_BISECTION_STEPS = 64  # halves [0, 1] below the spacing of doubles near 1


# ====================================================================== threshold algebra
def _threshold(a: np.ndarray, b: np.ndarray, top: float | np.ndarray) -> np.ndarray:
    """Smallest x0 in [0, top) with ``a * x >= b`` for every x in [x0, top); inf if none.

    The incentive constraints below all take this form in a variable x that
    increases with the discount factor (x = delta, or the discounted weight of
    the punishment periods). When ``a <= 0`` the constraint can only get
    harder as x grows, so it holds near ``top`` only if it holds everywhere.
    """
    a, b, top = np.broadcast_arrays(
        np.asarray(a, float), np.asarray(b, float), np.asarray(top, float)
    )
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = b / a
        reach = np.where(a == 0, 0.0, a * top)
    positive = a > 0
    out = np.full(a.shape, np.inf)
    out = np.where(positive & (b <= 0), 0.0, out)
    # a threshold within rounding of ``top`` is ``top`` itself (not reached below it), so
    # that rescaling the payoffs cannot turn "never" into 0.9999999999999996
    below = b < reach * (1.0 - _RELATIVE_NOISE)
    out = np.where(positive & (b > 0) & below, ratio, out)
    out = np.where(~positive & (b <= reach), 0.0, out)
    return out


def _snap(values: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """``values`` with entries no larger than ``scale`` in magnitude set to zero."""
    return np.where(np.abs(values) <= scale, 0.0, values)


def _forever(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Delta* for ``a * delta / (1 - delta) >= b`` (punishment forever)."""
    x = _threshold(a, b, np.inf)
    with np.errstate(invalid="ignore"):
        delta = np.where(np.isinf(x), np.inf, x / (1.0 + x))
    return np.where(delta >= 1.0, np.inf, delta)


def _weight(delta: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """delta + delta**2 + ... + delta**periods, for delta in [0, 1)."""
    with np.errstate(divide="ignore"):
        log = np.log(delta)
    return delta * -np.expm1(periods * log) / (1.0 - delta)


def _finite(a: np.ndarray, b: np.ndarray, periods: np.ndarray) -> np.ndarray:
    """Delta* for ``a * (delta + ... + delta**L) >= b`` (punishment for L periods).

    The weight is increasing in delta, from 0 to L, so the threshold weight
    is found exactly and inverted by bisection to the last bit.
    """
    x = _threshold(a, b, periods)
    x, periods = np.broadcast_arrays(x, np.asarray(periods, float))
    inside = np.isfinite(x) & (x > 0)
    target = np.where(inside, x, 0.0)
    low = np.zeros(x.shape)
    high = np.ones(x.shape)
    for _ in range(_BISECTION_STEPS):
        mid = 0.5 * (low + high)
        enough = _weight(mid, periods) >= target
        high = np.where(enough, mid, high)
        low = np.where(enough, low, mid)
    delta = np.where(inside, high, x)
    return np.where(delta >= 1.0, np.inf, delta)


def _gaps(c: np.ndarray, d: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``C - N`` and ``D - C``, with differences at the level of rounding error set to zero.

    Payoffs that differ by less than ``_RELATIVE_NOISE`` of their magnitude are
    taken as equal, so that a deal worth ``-1e-48`` against a punishment worth
    0 is not read as one the player would rather be punished out of.
    """
    scale = _RELATIVE_NOISE * (np.abs(c) + np.abs(d) + np.abs(n))
    return _snap(c - n, scale), _snap(d - c, scale)


def _payoff_array(name: str, value: object) -> np.ndarray:
    arr = as_array(name, value)
    require(name, arr, np.isfinite, "finite")
    return arr


def nash_reversion_threshold(cooperative: Any, deviation: Any, punishment: Any) -> np.ndarray:
    """Critical discount factors under Nash reversion, for arrays of payoffs.

    A player who gets ``cooperative`` per period under the deal, at best
    ``deviation`` in the period it deviates and ``punishment`` in every
    period after, is deterred at discount factor delta when
    ``C / (1 - delta) >= D + delta * N / (1 - delta)``, that is when
    ``delta >= (D - C) / (D - N)`` (Friedman 1971; Mailath and Samuelson
    2006, section 2.5.2).

    Parameters
    ----------
    cooperative, deviation, punishment : array_like
        Payoffs C, D and N; broadcast against each other.

    Returns
    -------
    ndarray
        delta* in [0, 1), or ``inf`` where no discount factor below 1
        sustains the deal: the deviation gains and the punishment is no worse
        than the deal (N >= C), or a player who does not gain today would
        deviate to be punished (N > C). Zero where no deviation gains.

    Examples
    --------
    The tariff prisoners' dilemma of Suranovic (2010): T = 120, R = 100,
    P = 90, so delta* = (T - R) / (T - P) = 2/3.

    >>> from tradegame.repeated import nash_reversion_threshold
    >>> nash_reversion_threshold([100, 100, 100], [120, 90, 120], [90, 90, 100]).round(4)
    array([0.6667, 0.    ,    inf])
    """
    c = _payoff_array("cooperative", cooperative)
    d = _payoff_array("deviation", deviation)
    n = _payoff_array("punishment", punishment)
    return _forever(*_gaps(c, d, n))


def _check_periods(periods: object) -> np.ndarray:
    if isinstance(periods, bool):
        raise ParameterError(f"periods must be an integer >= 1; got {periods!r}")
    arr = as_array("periods", periods)
    require(
        "periods", arr, lambda x: np.isfinite(x) & (x >= 1) & (x == np.round(x)), "an integer >= 1"
    )
    return arr


def finite_punishment_threshold(
    cooperative: Any, deviation: Any, punishment: Any, periods: Any
) -> np.ndarray:
    """Critical discount factors when a deviation is punished for ``periods`` periods.

    After a deviation the stage equilibrium (payoff N) is played for L
    periods, then the deal resumes. The deal deters a deviation at delta when
    ``C (1 + delta + ... + delta**L) >= D + N (delta + ... + delta**L)``
    (a temporary price war: Green and Porter 1984, *Econometrica* 52(1),
    87-100; Tirole 1988, *The Theory of Industrial Organization*, section
    6.7). For L = 1 this is ``delta >= (D - C) / (C - N)``; as L grows the
    threshold falls to the Nash-reversion one.

    Parameters
    ----------
    cooperative, deviation, punishment : array_like
        Payoffs C, D and N; broadcast against each other and ``periods``.
    periods : array_like of int
        Length L >= 1 of the punishment.

    Returns
    -------
    ndarray
        delta* in [0, 1), the root of the polynomial condition, found to the
        last bit by bisection; ``inf`` where no discount factor below 1
        sustains the deal.

    Examples
    --------
    A prisoners' dilemma with T = 4, R = 3, P = 0: one period of punishment
    needs delta >= (T - R) / (R - P) = 1/3, two periods the root of
    delta + delta**2 = 1/3.

    >>> from tradegame.repeated import finite_punishment_threshold
    >>> finite_punishment_threshold(3, 4, 0, [1, 2, 1000]).round(4)
    array([0.3333, 0.2638, 0.25  ])
    """
    c = _payoff_array("cooperative", cooperative)
    d = _payoff_array("deviation", deviation)
    n = _payoff_array("punishment", punishment)
    return _finite(*_gaps(c, d, n), _check_periods(periods))


def _check_interest_rate(interest_rate: object) -> np.ndarray:
    return checked("interest_rate", interest_rate, NONNEGATIVE)


def breakdown_risk(delta_star: Any, interest_rate: Any = 0.0) -> np.ndarray:
    """The largest yearly probability of an outside breakdown a truce survives.

    If the truce ends each year with probability p for reasons outside the
    players' control (a change of government, a security shock) and the
    yearly interest rate is r, a player values next year at
    ``delta = (1 - p) / (1 + r)`` (the discount factor as the product of time
    preference and the chance that the relationship continues: Mailath and
    Samuelson 2006, section 2.1; Bagwell and Staiger 1990 for trade
    agreements). The truce stays self-enforcing while delta >= delta*, that
    is while ``p <= 1 - delta* (1 + r)``.

    Parameters
    ----------
    delta_star : array_like
        Critical discount factors, >= 0 (``inf`` allowed: never sustained).
    interest_rate : array_like, optional
        Yearly interest rate r >= 0 (default 0); broadcast with ``delta_star``.

    Returns
    -------
    ndarray
        p_max in [0, 1]; 0 means the truce cannot survive even without any
        outside risk.

    Examples
    --------
    >>> from tradegame.repeated import breakdown_risk
    >>> breakdown_risk([2 / 3, 0.0, float("inf")], 0.05).round(4)
    array([0.3, 1. , 0. ])
    """
    delta = as_array("delta_star", delta_star)
    require("delta_star", delta, lambda x: x >= 0, ">= 0 (or inf)")
    r = _check_interest_rate(interest_rate)
    with np.errstate(invalid="ignore", over="ignore"):
        p = 1.0 - delta * (1.0 + r)
    return np.clip(np.where(np.isinf(delta), 0.0, p), 0.0, 1.0)


# ====================================================================== batch kernels
@dataclass(frozen=True)
class _Parts:
    """Per-point, per-player payoffs the thresholds are built from (private)."""

    cooperative: np.ndarray  # (B, n)
    deviation: np.ndarray  # (B, n), -inf for a player with one strategy
    deviation_index: np.ndarray  # (B, n), -1 when there is no other strategy
    span: np.ndarray  # (B, n) payoff ranges


def _parts(tensors: np.ndarray, index: tuple[int, ...]) -> _Parts:
    batch, n = tensors.shape[:2]
    cooperative = tensors[(slice(None), slice(None), *index)]
    deviation = np.empty((batch, n))
    which = np.empty((batch, n), dtype=int)
    for i in range(n):
        where: list[Any] = [slice(None), *index]
        where[1 + i] = slice(None)
        own = np.array(tensors[:, i][tuple(where)], dtype=float)
        own[:, index[i]] = -np.inf
        deviation[:, i] = own.max(axis=1)
        which[:, i] = np.where(np.isfinite(deviation[:, i]), own.argmax(axis=1), -1)
    return _Parts(cooperative, deviation, which, payoff_spans(tensors)[1])


def _worst_pure_nash(tensors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each player's lowest payoff over the pure equilibria of each point.

    Returns the payoffs ``(B, n)`` (inf where a point has none), the flat
    index of the profile attaining it ``(B, n)`` and whether a point has one.
    """
    batch, n = tensors.shape[:2]
    mask = pure_nash_mask(tensors).reshape(batch, -1)
    flat = tensors.reshape(batch, n, -1)
    values = np.where(mask[:, None, :], flat, np.inf)
    return values.min(axis=2), values.argmin(axis=2), mask.any(axis=1)


def _worst_mixed_nash(tensor: np.ndarray) -> np.ndarray:
    """Each player's lowest payoff over the equilibria :func:`tradegame.solve` finds."""
    found = list(solve(Game.from_arrays(list(tensor))))
    if not found:
        raise GameError(
            "the stage game has no Nash equilibrium that tradegame can compute "
            "(no pure one, and mixed ones are computed for two players only); "
            "give the punishment profile with nash="
        )
    return np.array([e.payoffs for e in found]).min(axis=0)


def _worst_mixed_2xn(tensors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Worst equilibrium payoffs of two-player games in which one player has two strategies.

    For a batch of such games without a pure equilibrium, every equilibrium of
    a nondegenerate game mixes both strategies of the two-strategy player and
    two strategies of the other (Shapley 1974; von Stengel 2007, section 3.4,
    in Nisan et al., *Algorithmic Game Theory*): the other player's two
    payoff lines cross at the top of its upper envelope. Each crossing is
    solved in closed form for all points at once. Returns the payoffs
    ``(B, 2)`` and whether a point is nondegenerate (checked on the data: each
    pure strategy has one best reply, and no three of the other player's
    lines meet on the envelope); other points are left to :func:`solve`.
    """
    batch = tensors.shape[0]
    swap = tensors.shape[2] != 2  # then the column player has the two strategies
    small, big = (1, 0) if swap else (0, 1)
    u = tensors[:, small]  # (B, 2, k) after the swap below
    v = tensors[:, big]
    if swap:
        u, v = u.transpose(0, 2, 1), v.transpose(0, 2, 1)
    k = u.shape[2]
    span = payoff_spans(tensors)[1]
    eps_u = 1e-9 * span[:, small, None]
    eps_v = 1e-9 * span[:, big, None]
    # (1) each of the small player's strategies has one best reply
    ordered = np.sort(v, axis=2)
    ok = ((ordered[:, :, -1] - ordered[:, :, -2]) > eps_v).all(axis=1)
    # (2) each of the big player's strategies has one best reply
    ok &= (np.abs(u[:, 0] - u[:, 1]) > eps_u).all(axis=1)
    j, m = np.triu_indices(k, 1)
    # line of column c: v[:, 1, c] + x (v[:, 0, c] - v[:, 1, c]), x = weight on strategy 0
    slope = v[:, 0] - v[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (v[:, 1, m] - v[:, 1, j]) / (slope[:, j] - slope[:, m])  # (B, pairs)
    inside = np.isfinite(x) & (x > 0) & (x < 1)
    xs = np.where(inside, x, 0.5)
    lines = v[:, 1, None, :] + xs[:, :, None] * slope[:, None, :]  # (B, pairs, k)
    top = lines.max(axis=2)
    ties = (lines >= top[:, :, None] - eps_v[:, :, None]).sum(axis=2)
    on_top = inside & (lines[:, np.arange(len(j)), j] >= top - eps_v)
    ok &= ~(on_top & (ties >= 3)).any(axis=1)
    # the other player's mixture over {j, m} that makes the small player indifferent
    gap = u[:, 0] - u[:, 1]  # (B, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        y = gap[:, m] / (gap[:, m] - gap[:, j])  # weight on j
    equilibrium = on_top & np.isfinite(y) & (y > 0) & (y < 1)
    y = np.where(equilibrium, y, 0.5)
    small_pay = y * u[:, 0, j] + (1 - y) * u[:, 0, m]
    big_pay = np.where(equilibrium, top, np.inf)
    small_pay = np.where(equilibrium, small_pay, np.inf)
    ok &= equilibrium.any(axis=1)
    worst = np.empty((batch, 2))
    worst[:, small] = small_pay.min(axis=1)
    worst[:, big] = big_pay.min(axis=1)
    return worst, ok


def _nash_values(tensors: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Worst stage-equilibrium payoff per point and player: pure first, else mixed.

    Returns the payoffs ``(B, n)``, the flat index of the worst pure
    equilibrium ``(B, n)`` and which points have no pure equilibrium.
    """
    worst, where, has = _worst_pure_nash(tensors)
    missing = np.flatnonzero(~has)
    if len(missing) and tensors.shape[1] == 2 and 2 in tensors.shape[2:]:
        fast, ok = _worst_mixed_2xn(tensors[missing])
        worst[missing[ok]] = fast[ok]
        missing = missing[~ok]
    for b in missing:
        try:
            worst[b] = _worst_mixed_nash(tensors[b])
        except GameError as exc:
            point = f"payoff_tensors[{b}]: " if len(tensors) > 1 else ""
            raise GameError(f"{point}{exc}") from None
    return worst, where, ~has


def _best_other(tensors: np.ndarray) -> np.ndarray:
    """Each player's best payoff from a strategy other than its own, at every profile.

    Returns shape ``(B, n, n_profiles)``; -inf for a player with one strategy.
    """
    batch, n = tensors.shape[:2]
    shape = tensors.shape[2:]
    out = np.empty((batch, n, math.prod(shape)))
    grid = np.indices(shape)
    for i in range(n):
        own = tensors[:, i]
        axis = 1 + i
        if shape[i] == 1:
            out[:, i] = -np.inf
            continue
        ordered = np.sort(own, axis=axis)
        top = np.take(ordered, [-1], axis=axis)
        second = np.take(ordered, [-2], axis=axis)
        argmax = np.expand_dims(own.argmax(axis=axis), axis)
        best = np.where(argmax == grid[i][None], second, top)
        out[:, i] = best.reshape(batch, -1)
    return out


def _nash_reversion(parts: _Parts, nash: np.ndarray, slack: np.ndarray) -> np.ndarray:
    a = _snap(parts.cooperative - nash, slack)
    b = _snap(parts.deviation - parts.cooperative, slack)
    return _forever(a, b)


def _finite_punishment(
    parts: _Parts, nash: np.ndarray, slack: np.ndarray, periods: int
) -> np.ndarray:
    a = _snap(parts.cooperative - nash, slack)
    b = _snap(parts.deviation - parts.cooperative, slack)
    return _finite(a, b, np.asarray(float(periods)))


def _stick_candidates(tensors: np.ndarray, parts: _Parts, slack: np.ndarray) -> np.ndarray:
    """Delta* of every player under one period of each pure stick, shape (B, n, profiles).

    Values: ``V = (1 - delta) S + delta C`` at the start of the stick.
    Cooperation holds when ``C >= (1 - delta) D + delta V``, i.e.
    ``(C - S) delta >= D - C``; the stick holds when ``V >= (1 - delta) D_s
    + delta V``, i.e. ``(C - S) delta >= D_s - S`` (Abreu 1986, section 4).
    """
    batch, n = tensors.shape[:2]
    stick = tensors.reshape(batch, n, -1)
    coop = parts.cooperative[:, :, None]
    tiny = slack[:, :, None]
    a = _snap(coop - stick, tiny)
    keep = _threshold(a, _snap(parts.deviation[:, :, None] - coop, tiny), 1.0)
    punish = _threshold(a, _snap(_best_other(tensors) - stick, tiny), 1.0)
    out = np.maximum(keep, punish)
    return np.where(out >= 1.0, np.inf, out)


def _optimal(
    tensors: np.ndarray, parts: _Parts, nash_threshold: np.ndarray, slack: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The best simple two-phase code per point: delta* (B, n) and the code chosen (B,).

    Candidates are Nash reversion (code 0) and one period of each pure stick
    (code 1 + flat profile index); the chosen one has the lowest largest
    delta* over players, ties going to the lower sum, then to the first.
    """
    candidates = np.concatenate(
        [nash_threshold[:, :, None], _stick_candidates(tensors, parts, slack)], axis=2
    )
    worst = candidates.max(axis=1)
    total = candidates.sum(axis=1)
    best = worst.min(axis=1, keepdims=True)
    choice = np.where(worst == best, total, np.inf).argmin(axis=1)
    chosen = np.take_along_axis(candidates, choice[:, None, None], axis=2)[:, :, 0]
    return chosen, choice


def _check_tensors(payoff_tensors: object) -> np.ndarray:
    try:
        tensors = np.asarray(payoff_tensors, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            "payoff_tensors must be an array of numbers of shape (B, n_players, *shape)"
        ) from None
    n = tensors.shape[1] if tensors.ndim >= 2 else -1
    if tensors.ndim < 4 or n != tensors.ndim - 2 or tensors.shape[0] == 0 or 0 in tensors.shape:
        raise ParameterError(
            "payoff_tensors must have shape (B, n_players, n_1, ..., n_players) with B >= 1 "
            f"and at least two players; got {tensors.shape}"
        )
    if not np.isfinite(tensors).all():
        bad = tensors[~np.isfinite(tensors)][0]
        raise ParameterError(f"payoff_tensors must be finite; got {bad}")
    return tensors


def _check_index(profile_index: object, shape: tuple[int, ...]) -> tuple[int, ...]:
    if isinstance(profile_index, (str, bytes)) or not isinstance(profile_index, Sequence):
        raise ParameterError(
            f"profile_index must be a tuple of {len(shape)} strategy indices; got {profile_index!r}"
        )
    if len(profile_index) != len(shape):
        raise ParameterError(
            f"profile_index has {len(profile_index)} entries; the games have {len(shape)} players"
        )
    out = []
    for k, (j, size) in enumerate(zip(profile_index, shape, strict=True)):
        ok = isinstance(j, (int, np.integer)) and not isinstance(j, bool)
        if not ok or not 0 <= j < size:
            raise ParameterError(
                f"profile_index[{k}] must be an integer in [0, {size - 1}]; got {j!r}"
            )
        out.append(int(j))
    return tuple(out)


def _check_tol(tol: object) -> float:
    return DEFAULT_TOL if tol is None else check_tol(tol, zero=True)


def _check_punishment(punishment: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(punishment, str) or punishment not in allowed:
        raise ParameterError(f"punishment must be one of: {', '.join(allowed)}; got {punishment!r}")
    return "optimal" if punishment == "stick-and-carrot" else punishment


def _check_finite_periods(punishment: str, periods: object) -> int | None:
    if periods is None:
        return None
    if punishment != "finite":
        raise ParameterError(
            f"periods applies to punishment='finite' only; got punishment={punishment!r}"
        )
    ok = isinstance(periods, (int, np.integer)) and not isinstance(periods, bool)
    if not ok or periods < 1:
        raise ParameterError(f"periods must be an integer >= 1 (or None: forever); got {periods!r}")
    return int(periods)


def critical_discount_batch(
    payoff_tensors: Any,
    profile_index: Sequence[int],
    punishment: str = "nash-reversion",
    *,
    periods: int | None = None,
    tol: float | None = None,
) -> np.ndarray:
    """Critical discount factors of one profile in a batch of stage games.

    The batch twin of :func:`critical_discount`: best deviations, each
    point's worst pure stage equilibrium and the one-period sticks are
    computed for all points at once (no Python loop over points; a point
    with no pure equilibrium falls back to :func:`tradegame.solve`, as the
    single call does).

    Parameters
    ----------
    payoff_tensors : array_like, shape (B, n_players, n_1, ..., n_N)
        One stage game per parameter point, as a scenario's
        ``payoff_tensors(values)`` returns.
    profile_index : tuple of int
        The cooperative profile, one strategy index per player.
    punishment : {"nash-reversion", "optimal", "stick-and-carrot", "finite"}
        As in :func:`critical_discount` (``"minmax"`` needs a linear program
        per point and is offered by the single call only).
    periods : int, optional
        Punishment length for ``punishment="finite"``; None means forever.
    tol : float, optional
        Payoff differences below ``tol`` times a player's payoff range count
        as zero (default :data:`tradegame.DEFAULT_TOL`).

    Returns
    -------
    ndarray, shape (B, n_players)
        delta* per point and player; ``inf`` where no discount factor below 1
        sustains the profile.

    Examples
    --------
    The tariff prisoners' dilemma with the free-trade payoff R swept from 91
    to 119 (T = 120, P = 90): delta* = (T - R) / (T - P).

    >>> import numpy as np, tradegame as tg
    >>> from tradegame.repeated import critical_discount_batch
    >>> base = tg.load_scenario("tariff_prisoners_dilemma").game().payoff_tensor
    >>> tensors = np.repeat(base[None], 3, axis=0)
    >>> tensors[:, :, 0, 0] = np.array([91.0, 105.0, 119.0])[:, None]
    >>> critical_discount_batch(tensors, (0, 0)).round(4)
    array([[0.9667, 0.9667],
           [0.5   , 0.5   ],
           [0.0333, 0.0333]])
    """
    tensors = _check_tensors(payoff_tensors)
    tensors = tamed(tensors)[0]  # payoffs near the float limit: in units of a power of two
    index = _check_index(profile_index, tensors.shape[2:])
    punishment = _check_punishment(punishment, _BATCH_PUNISHMENTS)
    periods = _check_finite_periods(punishment, periods)
    slack = _check_tol(tol) * payoff_spans(tensors)[1]
    parts = _parts(tensors, index)
    nash = _nash_values(tensors)[0]
    if punishment == "finite" and periods is not None:
        return _finite_punishment(parts, nash, slack, periods)
    reversion = _nash_reversion(parts, nash, slack)
    if punishment == "optimal":
        return _optimal(tensors, parts, reversion, slack)[0]
    return reversion


# ====================================================================== single game
def _profile_index(game: Game, profile: object, name: str = "profile") -> tuple[int, ...]:
    try:
        entries = game.per_player(profile)  # type: ignore[arg-type]
        return tuple(game.strategy_index(i, s) for i, s in enumerate(entries))
    except GameError as exc:
        raise ParameterError(f"{name}: {exc}") from None


def _labels(game: Game, index: Sequence[int]) -> str:
    return "(" + ", ".join(s[k] for s, k in zip(game.strategies, index, strict=True)) + ")"


def _given_nash(game: Game, nash: object, tol: float) -> tuple[np.ndarray, str]:
    """Payoffs of a caller's punishment profile, checked to be a stage equilibrium."""
    if isinstance(nash, Equilibrium):
        strategies = [np.asarray(s, float) for s in nash.strategies]
        if [len(s) for s in strategies] != list(game.shape):
            raise ParameterError("nash is an equilibrium of another game (the shapes differ)")
        text = "the given stage equilibrium"
    else:
        index = _profile_index(game, nash, "nash")
        strategies = [np.eye(size)[k] for size, k in zip(game.shape, index, strict=True)]
        text = f"the stage equilibrium {_labels(game, index)}"
    batch = [s[None] for s in strategies]
    gains = regrets(game.payoff_tensor, batch)[0]
    spans = payoff_spans(game.payoff_tensor[None])[1][0]
    bad = np.flatnonzero(gains > tol * spans)
    if len(bad):
        player = game.players[bad[0]]
        raise ParameterError(
            f"nash must be a stage Nash equilibrium; {player!r} gains {gains[bad[0]]:g} "
            "by deviating from it"
        )
    return expected_payoffs(game.payoff_tensor, batch)[0], text


@dataclass(frozen=True)
class _Analysis:
    """Everything the single-game functions report (private)."""

    parts: _Parts  # batch of one
    nash: np.ndarray  # (n,)
    nash_text: list[str]  # per player: which stage equilibrium punishes them
    slack: np.ndarray  # (1, n)


def _analyse(game: Game, index: tuple[int, ...], nash: object, tol: float) -> _Analysis:
    tensors = game.payoff_tensor[None]
    parts = _parts(tensors, index)
    slack = tol * parts.span
    if nash is not None:
        values, text = _given_nash(game, nash, tol)
        return _Analysis(parts, values, [text] * game.n_players, slack)
    worst, where, mixed = _nash_values(tensors)
    if mixed[0]:
        texts = [f"the mixed stage equilibrium worst for {p!r}" for p in game.players]
    else:
        texts = [
            f"the stage equilibrium {_labels(game, np.unravel_index(k, game.shape))}"
            for k in where[0]
        ]
    return _Analysis(parts, worst[0], texts, slack)


def _minmax(game: Game, analysis: _Analysis, tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Each player's mixed minmax value and whether a stage equilibrium attains it."""
    levels = security_levels(game)["mixed_level"].to_numpy(dtype=float)
    if np.isnan(levels).any():
        raise GameError("the minmax values could not be computed within the time limit")
    worst = analysis.nash.copy()
    found = list(solve(game))
    if found:
        worst = np.minimum(worst, np.array([e.payoffs for e in found]).min(axis=0))
    credible = worst <= levels + analysis.slack[0]
    return levels, credible


def critical_discount(
    game: Game,
    profile: Mapping[str, Any] | Sequence[Any],
    punishment: str = "nash-reversion",
    *,
    nash: Any = None,
    periods: int | None = None,
    tol: float | None = None,
) -> dict[str, float]:
    """Each player's critical discount factor delta* for sustaining ``profile``.

    delta* is the smallest discount factor from which on, up to 1, no player
    gains by a one-shot deviation from the cooperative ``profile`` played
    forever, given the punishment that follows (by the one-shot deviation
    principle this makes the profile a subgame-perfect outcome: Mailath and
    Samuelson 2006, Proposition 2.2.1). The deal is self-enforcing at
    discount factor delta when delta >= max over players of delta*.

    Parameters
    ----------
    game : Game
        The stage game, any number of players.
    profile : mapping or sequence
        The cooperative profile (the deal): ``{player: strategy}`` or one
        entry per player, strategies given by label or index.
    punishment : str, optional
        ``"nash-reversion"`` (default; Friedman 1971): after a deviation a
        stage Nash equilibrium is played forever, by default the pure one
        worst for the deviator (when the stage game has no pure equilibrium,
        the worst of those :func:`tradegame.solve` finds). delta* =
        (D - C) / (D - N) for cooperative payoff C, best one-shot deviation
        payoff D and punishment payoff N.

        ``"minmax"``: the deviator is held to its mixed minmax value forever
        (Fudenberg and Maskin 1986; for three or more players the punishers
        may correlate). This is credible only when a stage equilibrium gives
        the deviator its minmax value; for a player where none does, the
        ``"optimal"`` value is returned instead (:func:`truce_table` marks
        the row not valid and gives the minmax lower bound).

        ``"optimal"`` or ``"stick-and-carrot"`` (Abreu 1986; 1988): one
        period of a pure punishment profile (the stick), then back to the
        deal (the carrot); a deviation from the stick restarts it. Both
        incentive constraints are linear in delta and solved exactly; the
        stick is searched over every pure profile, and Nash reversion (the
        stage equilibrium as a stick that never ends) is a candidate too.
        The profile's threshold is the lowest over candidates of the largest
        delta* over players; the values returned are each player's delta*
        under that code. This is the simple two-phase code with one stick
        for every deviator, which is optimal for symmetric punishments; for
        asymmetric games player-specific or longer punishments may do
        better, so the value can lie above the true infimum.

        ``"finite"``: the stage equilibrium for ``periods`` periods, then
        back to the deal; delta* solves
        ``C (1 + delta + ... + delta**L) = D + N (delta + ... + delta**L)``.
    nash : mapping, sequence or Equilibrium, optional
        The stage equilibrium to revert to, instead of the worst one for each
        deviator (``"nash-reversion"``, ``"finite"``, ``"optimal"``). Must be
        a stage Nash equilibrium.
    periods : int, optional
        Punishment length L >= 1 for ``punishment="finite"``; None (default)
        means forever, which is Nash reversion.
    tol : float, optional
        Payoff differences smaller than ``tol`` times a player's payoff range
        count as zero (default :data:`tradegame.DEFAULT_TOL`), so rounding
        noise does not decide whether a deviation gains.

    Returns
    -------
    dict of str to float
        ``{player: delta*}``. Zero when no deviation gains; ``math.inf`` when
        no discount factor below 1 sustains the profile (the deviation gains
        and the punishment is no worse than the deal, or the player would
        rather be punished than keep the deal). Never 1.0, never NaN.

    Examples
    --------
    Free trade in the tariff prisoners' dilemma (Suranovic 2010; T = 120,
    R = 100, P = 90): delta* = (T - R) / (T - P) = 2/3 under Nash reversion,
    while one period of punishment cannot deter the 20 gained by a tariff,
    since (T - R) / (R - P) = 2 > 1.

    >>> import tradegame as tg
    >>> from tradegame.repeated import critical_discount
    >>> g = tg.load_scenario("tariff_prisoners_dilemma").game()
    >>> deal = {"United States": "free trade", "Brazil": "free trade"}
    >>> {p: round(d, 4) for p, d in critical_discount(g, deal).items()}
    {'United States': 0.6667, 'Brazil': 0.6667}
    >>> critical_discount(g, deal, "finite", periods=1)
    {'United States': inf, 'Brazil': inf}
    """
    require_game(game, "critical_discount")
    index = _profile_index(game, profile)
    punishment = _check_punishment(punishment, PUNISHMENTS)
    periods = _check_finite_periods(punishment, periods)
    tol = _check_tol(tol)
    if nash is not None and punishment == "minmax":
        raise ParameterError("nash does not apply to punishment='minmax'")
    game = _tamed(game)[0]
    analysis = _analyse(game, index, nash, tol)
    values = _values(game, analysis, punishment, periods, tol)[0]
    return {p: float(v) for p, v in zip(game.players, values, strict=True)}


def _values(
    game: Game, analysis: _Analysis, punishment: str, periods: int | None, tol: float
) -> tuple[np.ndarray, dict[str, Any]]:
    """delta* per player for one punishment, and what the table needs to describe it."""
    parts, slack = analysis.parts, analysis.slack
    nash = analysis.nash[None]
    if punishment == "finite" and periods is not None:
        return _finite_punishment(parts, nash, slack, periods)[0], {}
    reversion = _nash_reversion(parts, nash, slack)
    if punishment == "nash-reversion" or punishment == "finite":
        return reversion[0], {}
    optimal, choice = _optimal(game.payoff_tensor[None], parts, reversion, slack)
    info: dict[str, Any] = {"choice": int(choice[0]), "optimal": optimal[0]}
    if punishment == "optimal":
        return optimal[0], info
    levels, credible = _minmax(game, analysis, tol)
    bound = _nash_reversion(parts, levels[None], slack)[0]
    info.update(levels=levels, credible=credible, bound=bound)
    return np.where(credible, bound, optimal[0]), info


# ====================================================================== table
_COLUMNS = [
    "player",
    "punishment",
    "cooperative_payoff",
    "best_deviation",
    "deviation_payoff",
    "punishment_payoff",
    "gain_from_deviation",
    "delta_star",
    "max_breakdown_risk",
    "valid",
    "note",
]


def truce_table(
    game: Game,
    profile: Mapping[str, Any] | Sequence[Any],
    *,
    interest_rate: float = 0.0,
    punishments: Sequence[str] = ("nash-reversion", "minmax", "optimal"),
    periods: Sequence[int] = (1, 2, 5),
) -> pd.DataFrame:
    """How self-enforcing a deal is, per player and punishment: a tidy table.

    Parameters
    ----------
    game : Game
    profile : mapping or sequence
        The cooperative profile, as in :func:`critical_discount`.
    interest_rate : float, optional
        Yearly interest rate r >= 0 used to translate delta* into the largest
        yearly breakdown risk the truce survives (:func:`breakdown_risk`).
    punishments : sequence of str, optional
        Any of ``"nash-reversion"``, ``"minmax"``, ``"optimal"`` (or
        ``"stick-and-carrot"``), in the order wanted.
    periods : sequence of int, optional
        Lengths of finite punishments to add (rows ``"finite-L"``); empty for
        none.

    Returns
    -------
    pandas.DataFrame
        One row per punishment and player, with columns ``player``,
        ``punishment``, ``cooperative_payoff``, ``best_deviation`` (strategy
        label, None for a player with a single strategy),
        ``deviation_payoff``, ``punishment_payoff`` (the stage payoff of the
        punishment: the stage equilibrium, the minmax value or the stick),
        ``gain_from_deviation``, ``delta_star`` (``inf``: never sustained),
        ``max_breakdown_risk``, ``valid`` (whether the punishment is
        subgame perfect, i.e. credible) and ``note``.

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.repeated import truce_table
    >>> g = tg.load_scenario("tariff_prisoners_dilemma").game()
    >>> t = truce_table(g, ["free trade", "free trade"], interest_rate=0.05, periods=(1, 5))
    >>> columns = ["punishment", "delta_star", "max_breakdown_risk", "valid"]
    >>> t.loc[t.player == "Brazil", columns].round(3)
           punishment  delta_star  max_breakdown_risk  valid
    1  nash-reversion       0.667               0.300   True
    3          minmax       0.667               0.300   True
    5         optimal       0.667               0.300   True
    7        finite-1         inf               0.000   True
    9        finite-5       0.709               0.256   True
    """
    import pandas as pd

    require_game(game, "truce_table")
    index = _profile_index(game, profile)
    r = float(_check_interest_rate(interest_rate))
    if isinstance(punishments, str) or not isinstance(punishments, Sequence):
        raise ParameterError(f"punishments must be a list of names; got {punishments!r}")
    chosen = [_check_punishment(p, PUNISHMENTS[:4]) for p in punishments]
    if isinstance(periods, (str, int)) or not isinstance(periods, Sequence):
        raise ParameterError(f"periods must be a list of integers >= 1; got {periods!r}")
    lengths = [_check_finite_periods("finite", L) for L in periods]
    tol = DEFAULT_TOL
    game, e = _tamed(game)
    analysis = _analyse(game, index, None, tol)
    parts = analysis.parts
    coop, dev, which = parts.cooperative[0], parts.deviation[0], parts.deviation_index[0]
    records = []

    def add(name: str, values: np.ndarray, payoff: np.ndarray, valid: Any, notes: list[str]):
        risk = breakdown_risk(values, r)
        for i, player in enumerate(game.players):
            has_deviation = which[i] >= 0
            records.append(
                {
                    "player": player,
                    "punishment": name,
                    "cooperative_payoff": float(coop[i]),
                    "best_deviation": game.strategies[i][which[i]] if has_deviation else None,
                    "deviation_payoff": float(dev[i]) if has_deviation else math.nan,
                    "punishment_payoff": float(payoff[i]),
                    "gain_from_deviation": float(dev[i] - coop[i]) if has_deviation else 0.0,
                    "delta_star": float(values[i]),
                    "max_breakdown_risk": float(risk[i]),
                    "valid": bool(np.broadcast_to(valid, len(game.players))[i]),
                    "note": notes[i],
                }
            )

    for name in chosen:
        values, info = _values(game, analysis, name, None, tol)
        if name == "nash-reversion":
            notes = [f"revert forever to {t}" for t in analysis.nash_text]
            add(name, values, analysis.nash, True, notes)
        elif name == "optimal":
            payoff, note = _code_description(game, analysis, info["choice"])
            add(name, values, payoff, True, [note] * game.n_players)
        else:
            notes = []
            for i in range(game.n_players):
                if info["credible"][i]:
                    notes.append("minmax value attained by a stage equilibrium: credible")
                else:
                    notes.append(
                        "minmax profile is not a stage equilibrium, so the threat is not "
                        f"credible; lower bound delta* >= {info['bound'][i]:.4g}, value shown "
                        "is the optimal stick-and-carrot code"
                    )
            add(name, values, info["levels"], info["credible"], notes)
    for L in lengths:
        values = _values(game, analysis, "finite", L, tol)[0]
        notes = [
            f"{L} period{'s' if L > 1 else ''} of {t}, then back to the deal"
            for t in analysis.nash_text
        ]
        add(f"finite-{L}", values, analysis.nash, True, notes)
    frame = pd.DataFrame.from_records(records, columns=_COLUMNS)
    if e:  # back to the game's own units
        for column in (
            "cooperative_payoff",
            "deviation_payoff",
            "punishment_payoff",
            "gain_from_deviation",
        ):
            frame[column] = np.ldexp(frame[column].to_numpy(dtype=float), e)
    frame.attrs["interest_rate"] = r
    return frame


def _tamed(game: Game) -> tuple[Game, int]:
    """``game`` in units of ``2**e`` (see :func:`tradegame.solvers._scale.tamed`), and ``e``."""
    tensor, e = tamed(game.payoff_tensor[None])
    if not e[0]:
        return game, 0
    return Game(tensor[0], game.players, game.strategies, name=game.name), int(e[0])


STICK_NOTE = "one period of the stick "
"""How a truce-table note for the one-year stick begins; the stick profile follows in brackets."""


def _code_description(game: Game, analysis: _Analysis, choice: int) -> tuple[np.ndarray, str]:
    if choice == 0:
        return analysis.nash, "Nash reversion: no one-period stick does better"
    index = np.unravel_index(choice - 1, game.shape)
    payoff = game.payoff_tensor[(slice(None), *index)]
    return payoff, f"{STICK_NOTE}{_labels(game, index)}, then back to the deal"


# ====================================================================== simulation
_ALWAYS_DEFECT = SIMULATION_STRATEGIES.index("always-defect")


def _check_probability(name: str, value: object) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok:
        raise ParameterError(f"{name} must be a number in [0, 1]; got {value!r}")
    arr = checked(name, value, SHARE)
    return float(arr)


def _check_count(name: str, value: object) -> int:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok or value < 1:
        raise ParameterError(f"{name} must be an integer >= 1; got {value!r}")
    return int(value)


def _two_player_setup(
    game: Game, strategies: object, cooperate: object, defect: object
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Strategy names and each player's cooperate and defect indices."""
    require_game(game, "simulate")
    if game.n_players != 2:
        raise ParameterError(
            f"the simulation plays two-player games; this game has {game.n_players} players"
        )
    if isinstance(strategies, str):
        raise ParameterError(
            "strategies must map each player to a strategy name (or list one per player); "
            f"got {strategies!r}"
        )
    try:
        kinds = game.per_player(strategies)  # type: ignore[arg-type]
    except GameError as exc:
        raise ParameterError(f"strategies: {exc}") from None
    for player, kind in zip(game.players, kinds, strict=True):
        if kind not in SIMULATION_STRATEGIES:
            raise ParameterError(
                f"unknown strategy {kind!r} for {player!r}; choose one of: "
                f"{', '.join(SIMULATION_STRATEGIES)}"
            )

    def actions(name: str, value: object) -> np.ndarray:
        given = [value, value] if isinstance(value, (str, int, np.integer)) else value
        return np.array(_profile_index(game, given, name))

    coop = actions("cooperate", cooperate)
    defect_index = actions("defect", defect)
    same = np.flatnonzero(coop == defect_index)
    if len(same):
        player = game.players[same[0]]
        raise ParameterError(
            f"cooperate and defect name the same strategy for {player!r}: "
            f"{game.strategies[same[0]][coop[same[0]]]!r}"
        )
    return list(kinds), coop, defect_index


def _play(
    kinds: Sequence[str],
    rounds: int,
    runs: int,
    noise: float,
    generosity: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Intended and realized cooperation, each of shape (rounds, runs, 2), True = cooperate.

    Every round draws one uniform per run and player for the trembles and one
    for generosity, whatever the strategies, so a seed fixes the play.
    """
    intended = np.empty((rounds, runs, 2), dtype=bool)
    actual = np.empty((rounds, runs, 2), dtype=bool)
    last = np.ones((runs, 2), dtype=bool)
    wronged = np.zeros((runs, 2), dtype=bool)  # grim: the opponent has defected
    for t in range(rounds):
        tremble = rng.random((runs, 2)) < noise
        forgive = rng.random((runs, 2)) < generosity
        for k, kind in enumerate(kinds):
            other = last[:, 1 - k]
            if t == 0:
                intent = np.full(runs, SIMULATION_STRATEGIES.index(kind) != _ALWAYS_DEFECT)
            elif kind == "grim":
                intent = ~wronged[:, k]
            elif kind == "tit-for-tat":
                intent = other.copy()
            elif kind == "generous-tit-for-tat":
                intent = other | forgive[:, k]
            elif kind == "always-cooperate":
                intent = np.ones(runs, dtype=bool)
            elif kind == "always-defect":
                intent = np.zeros(runs, dtype=bool)
            else:  # pavlov: cooperate after matching actions, defect after mismatched ones
                intent = last[:, k] == other
            intended[t, :, k] = intent
        actual[t] = intended[t] ^ tremble
        last = actual[t]
        wronged |= ~last[:, ::-1]
    return intended, actual


def simulate(
    game: Game,
    strategies: Mapping[str, str] | Sequence[str],
    *,
    cooperate: Any,
    defect: Any,
    rounds: int = 50,
    noise: float = 0.0,
    generosity: float = 0.1,
    discount: float | None = None,
    rng: np.random.Generator | int | None = None,
) -> pd.DataFrame:
    """Play a two-player repeated game between two strategies, with trembles.

    Parameters
    ----------
    game : Game
        A two-player stage game.
    strategies : mapping or sequence
        Each player's strategy, one of :data:`SIMULATION_STRATEGIES`:
        ``"grim"`` (cooperate until the other defects once, then defect
        forever; Friedman 1971), ``"tit-for-tat"`` (cooperate first, then
        copy the other's last action; Axelrod 1984, *The Evolution of
        Cooperation*), ``"generous-tit-for-tat"`` (tit-for-tat that forgives
        a defection with probability ``generosity``; Nowak and Sigmund 1992,
        *Nature* 355, 250-253), ``"always-cooperate"``, ``"always-defect"``
        and ``"pavlov"`` (win-stay lose-shift: cooperate when both played
        the same last round, defect otherwise; Nowak and Sigmund 1993,
        *Nature* 364, 56-58).
    cooperate, defect : str, int or mapping
        The stage strategies that mean cooperate and defect: one label or
        index for both players, or ``{player: label}``.
    rounds : int, optional
        Number of rounds (default 50).
    noise : float, optional
        Probability in [0, 1] that an intended action is flipped (an
        implementation error; Selten's trembling hand), independently per
        player and round.
    generosity : float, optional
        Forgiveness probability of generous tit-for-tat (default 0.1).
    discount : float, optional
        Discount factor in [0, 1] for the ``discounted_payoff`` column
        (``payoff * discount**(round - 1)``); None means no discounting.
    rng : numpy.random.Generator, int or None, optional
        Source of randomness; a seed makes the play reproducible.

    Returns
    -------
    pandas.DataFrame
        Long form, one row per round and player: ``round`` (from 1),
        ``player``, ``action`` (the strategy played), ``intended`` (the one
        meant), ``error`` (whether a tremble flipped it), ``payoff`` and
        ``discounted_payoff``.

    Examples
    --------
    Tit-for-tat against always-defect: one round of being exploited, then
    mutual tariffs.

    >>> import tradegame as tg
    >>> from tradegame.repeated import simulate
    >>> g = tg.load_scenario("tariff_prisoners_dilemma").game()
    >>> play = simulate(g, {"United States": "tit-for-tat", "Brazil": "always-defect"},
    ...                 cooperate="free trade", defect="optimal tariff", rounds=3, rng=0)
    >>> play[["round", "player", "action", "payoff"]]
       round         player          action  payoff
    0      1  United States      free trade    70.0
    1      1         Brazil  optimal tariff   120.0
    2      2  United States  optimal tariff    90.0
    3      2         Brazil  optimal tariff    90.0
    4      3  United States  optimal tariff    90.0
    5      3         Brazil  optimal tariff    90.0
    """
    import pandas as pd

    kinds, coop, defect_index = _two_player_setup(game, strategies, cooperate, defect)
    rounds = _check_count("rounds", rounds)
    noise = _check_probability("noise", noise)
    generosity = _check_probability("generosity", generosity)
    weight = 1.0 if discount is None else _check_probability("discount", discount)
    generator = as_rng(rng)
    intended, actual = _play(kinds, rounds, 1, noise, generosity, generator)
    intended, actual = intended[:, 0], actual[:, 0]  # (rounds, 2)
    played = np.where(actual, coop, defect_index)
    meant = np.where(intended, coop, defect_index)
    payoff = game.payoff_tensor[:, played[:, 0], played[:, 1]].T  # (rounds, 2)
    number = np.repeat(np.arange(1, rounds + 1), 2)
    labels = [np.array(s, dtype=object) for s in game.strategies]
    frame = pd.DataFrame(
        {
            "round": number,
            "player": np.tile(np.array(game.players, dtype=object), rounds),
            "action": np.column_stack([labels[k][played[:, k]] for k in range(2)]).ravel(),
            "intended": np.column_stack([labels[k][meant[:, k]] for k in range(2)]).ravel(),
            "error": (intended != actual).ravel(),
            "payoff": payoff.ravel(),
            "discounted_payoff": payoff.ravel() * weight ** (number - 1.0),
        }
    )
    return frame


@dataclass(frozen=True)
class TruceDuration:
    """How long cooperation lasts under noise, over many simulated runs.

    Attributes
    ----------
    strategies : tuple of str
        The two players' strategies.
    noise : float
        Tremble probability per player and round.
    rounds, runs : int
        Rounds per run and number of runs.
    mean, median : float
        Mean and median of the first round in which mutual cooperation
        fails (a run that never breaks counts as ``rounds + 1``, so with
        censored runs the mean is a lower bound).
    ci_low, ci_high : float
        95% confidence interval of the mean (normal approximation).
    censored : int
        Runs in which cooperation never broke within ``rounds``.
    cooperative_share : float
        Share of mutually cooperative rounds in the second half of the runs
        (the long-run share).
    """

    strategies: tuple[str, str]
    noise: float
    rounds: int
    runs: int
    mean: float
    median: float
    ci_low: float
    ci_high: float
    censored: int
    cooperative_share: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields (plain floats, ints, strings and lists)."""
        out = asdict(self)
        out["strategies"] = list(self.strategies)
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row with a column per field (``strategies`` as two columns)."""
        import pandas as pd

        data = self.to_dict()
        first, second = data.pop("strategies")
        return pd.DataFrame([{"strategy_1": first, "strategy_2": second, **data}])


def truce_duration(
    game: Game,
    strategies: Mapping[str, str] | Sequence[str],
    *,
    cooperate: Any,
    defect: Any,
    noise: float,
    rounds: int,
    runs: int = 1000,
    generosity: float = 0.1,
    rng: np.random.Generator | int | None = None,
) -> TruceDuration:
    """Distribution of the time until a truce first breaks, by simulation.

    All runs are simulated at once (arrays over runs). Under grim trigger for
    both, with trembles ``eps`` per player and round, the first breakdown is
    geometric with success probability ``1 - (1 - eps)**2``, so its mean is
    ``1 / (1 - (1 - eps)**2)``.

    Parameters
    ----------
    game, strategies, cooperate, defect, noise, generosity, rng
        As in :func:`simulate`.
    rounds : int
        Rounds per run.
    runs : int, optional
        Number of independent runs (default 1000).

    Returns
    -------
    TruceDuration

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.repeated import truce_duration
    >>> g = tg.load_scenario("tariff_prisoners_dilemma").game()
    >>> d = truce_duration(g, ["grim", "grim"], cooperate="free trade",
    ...                    defect="optimal tariff", noise=0.05, rounds=300, runs=4000, rng=1)
    >>> round(1 / (1 - 0.95**2), 2), bool(d.ci_low < 10.26 < d.ci_high)
    (10.26, True)
    """
    kinds, _, _ = _two_player_setup(game, strategies, cooperate, defect)
    noise = _check_probability("noise", noise)
    generosity = _check_probability("generosity", generosity)
    rounds = _check_count("rounds", rounds)
    runs = _check_count("runs", runs)
    if runs < 2:
        raise ParameterError(f"runs must be at least 2 for a confidence interval; got {runs}")
    generator = as_rng(rng)
    actual = _play(kinds, rounds, runs, noise, generosity, generator)[1]
    mutual = actual.all(axis=2)  # (rounds, runs)
    broken = ~mutual
    first = np.where(broken.any(axis=0), broken.argmax(axis=0) + 1, rounds + 1).astype(float)
    mean = float(first.mean())
    error = float(first.std(ddof=1) / math.sqrt(runs))
    return TruceDuration(
        strategies=(kinds[0], kinds[1]),
        noise=noise,
        rounds=rounds,
        runs=runs,
        mean=mean,
        median=float(np.median(first)),
        ci_low=mean - 1.96 * error,
        ci_high=mean + 1.96 * error,
        censored=int((first > rounds).sum()),
        cooperative_share=float(mutual[rounds // 2 :].mean()),
    )
