"""Logit quantal response equilibria: one point, the principal branch, and fitting lambda.

In a logit quantal response equilibrium (QRE) every player chooses each pure
strategy with probability proportional to ``exp(lam * payoff)``, the payoff
being that strategy's expected payoff against the other players' mixtures
(McKelvey and Palfrey 1995). At ``lam = 0`` everyone mixes uniformly; as
``lam`` grows the players respond more sharply. For almost every game the
QRE correspondence contains a unique smooth *principal branch* from the
uniform profile whose limit as ``lam -> inf`` is a Nash equilibrium
(McKelvey and Palfrey 1995; Turocy 2005). :func:`quantal_response` gives its
point at one ``lam``, :func:`logit_branch` the branch as a table and
:func:`fit_logit` the ``lam`` that best explains observed play. The branch
is followed by the arc-length predictor-corrector method described in
:mod:`.logit_tracing`, which also turns its limit into a verified
equilibrium.

``lam`` is in inverse units of the game's payoffs, as McKelvey and Palfrey
(1995) and Gambit define it: the profile depends on ``lam`` times payoff
differences, so multiplying every payoff by ``c`` and dividing ``lam`` by
``c`` gives the same equilibrium. Internally each player's payoffs are mapped
onto ``[0, r_i]``, ``r_i`` being that player's payoff range as a share of the
largest range, and the branch is followed in ``lam`` times the largest range.

References
----------
McKelvey, R. D., Palfrey, T. R. (1995). Quantal response equilibria for
normal form games. *Games and Economic Behavior* 10(1), 6-38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence. *Games and Economic Behavior*
51(2), 243-263.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import EquilibriumWarning, GameError, SolverError, option
from ..game import Game, hash_key, require_game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._scale import HUGE, normalized, payoff_spans
from .logit_tracing import _LAM_END, _Branch
from .regret import expected_payoffs, strategy_payoffs
from .result import _fields_equal, _frozen, check_tol

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LogitFit", "QuantalResponse", "fit_logit", "logit_branch", "quantal_response"]

_MAX_POINTS = 10_000


# ---------------------------------------------------------------------- the public functions
def _nonnegative(value: object, what: str) -> float:
    """``value`` as a finite number >= 0, else a one-line SolverError naming ``what``."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    number = float(value) if ok else math.nan  # type: ignore[arg-type]
    if not (math.isfinite(number) and number >= 0):
        raise SolverError(f"{what} must be a finite number >= 0; got {value!r}")
    return number


def _check_lam(value: object, name: str) -> float:
    """``value`` as a finite number >= 0, else a one-line SolverError naming the option."""
    return _nonnegative(value, option(name))


def _setup(game: Game, *, tol: float = 1e-10) -> tuple[_Branch, float]:
    """The branch of ``game`` and the factor from the game's ``lam`` to the branch's.

    Each player's payoffs are mapped onto [0, its range / the largest range],
    so that ``lam`` times payoff differences is unchanged when the branch's
    ``lam`` is the game's ``lam`` times the largest range.
    """
    tensor, scale = game.payoff_tensor, 1.0
    top = float(np.abs(tensor).max())
    if top > HUGE:  # divide by a power of two (exactly) so that ranges cannot overflow
        exponent = math.frexp(top)[1]
        tensor, scale = np.ldexp(tensor, -exponent), math.ldexp(1.0, exponent)
    _, span = payoff_spans(tensor[None])
    largest = float(span[0].max())
    weights = span[0] / largest if largest > 0 else np.zeros(game.n_players)
    branch = _Branch(normalized(tensor[None])[0], weights, tol=tol)
    return branch, largest * scale if largest > 0 else 1.0


@dataclass(frozen=True, eq=False)
class QuantalResponse:
    """A logit quantal response equilibrium: the point of the principal branch at ``lam``.

    Attributes
    ----------
    game : Game
    lam : float
        The precision, in inverse units of the game's payoffs.
    strategies : tuple of ndarray
        Each player's mixed strategy (read-only probability vectors).
    payoffs : ndarray
        Each player's expected payoff, in the game's units (read-only).
    """

    game: Game
    lam: float
    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QuantalResponse):
            return NotImplemented
        return _fields_equal(self, other)

    def __hash__(self) -> int:
        return hash((self.game, self.lam, hash_key(self.strategies)))

    def __repr__(self) -> str:
        mixes = "; ".join(", ".join(f"{p:.3g}" for p in s) for s in self.strategies)
        return f"<QuantalResponse lam={self.lam:g} on {self.game!r}: {mixes}>"

    def profile(self) -> dict[str, dict[str, float]]:
        """The mixed strategies as ``{player: {strategy: probability}}``."""
        return {
            player: dict(zip(labels, (float(p) for p in s), strict=True))
            for player, labels, s in zip(
                self.game.players, self.game.strategies, self.strategies, strict=True
            )
        }

    def to_frame(self) -> pd.DataFrame:
        """Tidy table, one row per player and strategy.

        Columns: ``player``, ``strategy``, ``probability``, ``strategy_payoff``
        (the strategy's expected payoff against the others' mixtures) and
        ``payoff`` (the player's expected payoff), payoffs in the game's units.
        """
        return _frame(self.game, [(self.lam, list(self.strategies))]).drop(columns=["point", "lam"])


_COLUMNS = ["point", "lam", "player", "strategy", "probability", "strategy_payoff", "payoff"]


def _frame(game: Game, points: list[tuple[float, list[np.ndarray]]]) -> pd.DataFrame:
    """The tidy table of ``logit_branch`` for points ``(lam, profile)``."""
    import pandas as pd

    rows = []
    for k, (lam, profile) in enumerate(points):
        batch = [p[None] for p in profile]
        for i, player in enumerate(game.players):
            own = strategy_payoffs(game.payoff_tensor, batch, i)[0]
            mean = float(own @ profile[i])
            rows += [
                (k, lam, player, label, float(profile[i][s]), float(own[s]), mean)
                for s, label in enumerate(game.strategies[i])
            ]
    return pd.DataFrame(rows, columns=_COLUMNS).astype({"point": "int64", "lam": float})


def _record(game: Game, lam: float, profile: list[np.ndarray]) -> QuantalResponse:
    pay = expected_payoffs(game.payoff_tensor, [p[None] for p in profile])[0]
    return QuantalResponse(game, float(lam), tuple(_frozen(p) for p in profile), _frozen(pay))


def _check_fraction(value: object, name: str) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not (ok and 0 < value < 1):  # type: ignore[operator]
        raise SolverError(
            f"{option(name)} must be a number between 0 and 1 (a fraction of each player's "
            f"payoff range); got {value!r}"
        )
    return float(value)  # type: ignore[arg-type]


def _check_points(value: object) -> int:
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not (ok and value >= 1):  # type: ignore[operator]
        raise SolverError(f"{option('max_points')} must be a whole number >= 1; got {value!r}")
    return int(value)  # type: ignore[arg-type]


def _trace(
    branch: _Branch,
    factor: float,
    *,
    target: float | None,
    max_regret: float,
    budget: Budget,
    max_points: int = _MAX_POINTS,
) -> Iterator[float]:
    """Follow the branch from lam = 0 to ``target`` (game units) or to ``max_regret``.

    Yields each point's ``lam`` (game units) once the branch is there. Why the
    tracing ended early, if it did, is left in ``budget.stopped``.
    """
    goal = None if target is None else target * factor
    yield 0.0
    if not branch.weights.any():  # all payoffs equal: the uniform profile at every lam
        if goal:
            branch.lam = goal
            yield float(target)  # type: ignore[arg-type]
        return
    count = 1
    while branch.lam < goal if goal is not None else branch.regrets().max() > max_regret:
        if count >= max_points:
            budget.stop(f"stopped after {max_points:,} points ({option('max_points')})")
            return
        if budget.expired():
            return
        if branch.lam >= _LAM_END or not branch.step(lam_stop=goal):
            # a singular point, or rounding at huge lam
            lam = branch.lam / factor
            budget.stop(f"stopped at lam = {lam:.6g}, where the branch could not be followed")
            return
        count += 1
        yield branch.lam / factor
        budget.report(lambda count=count: f"lam = {branch.lam / factor:.4g}, {count:,} points")


def quantal_response(
    game: Game,
    lam: float,
    *,
    tol: float = 1e-10,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> QuantalResponse:
    """The logit quantal response equilibrium on the principal branch at ``lam``.

    Each player plays strategy ``s`` with probability proportional to
    ``exp(lam * u(s))``, ``u(s)`` being its expected payoff against the
    others' mixtures (McKelvey and Palfrey 1995). The branch is
    followed from the uniform profile at ``lam = 0``; where it bends back so
    that several QRE share one ``lam``, the first one reached is returned.

    Parameters
    ----------
    game : Game
    lam : float
        Precision, >= 0, in inverse units of the payoffs: scaling every payoff
        by ``c`` and ``lam`` by ``1 / c`` gives the same profile.
    tol : float, optional
        Accuracy of the probabilities.
    time_limit : float or None, optional
        Seconds allowed; None for no limit.

    Returns
    -------
    QuantalResponse

    Raises
    ------
    SolverError
        On bad input, or if the time limit ends the tracing before ``lam``.

    Examples
    --------
    McKelvey and Palfrey's asymmetric matching pennies (Ochs 1995, game 2):
    the row player overweights the strategy with the large payoff.

    >>> import tradegame as tg
    >>> from tradegame.solvers.quantal_response import quantal_response
    >>> pennies = tg.Game.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> qre = quantal_response(pennies, 1.0)
    >>> [p.round(4).tolist() for p in qre.strategies]
    [[0.8936, 0.1064], [0.3128, 0.6872]]
    >>> qre
    <QuantalResponse lam=1 on <2x2 Game (Row, Column)>: 0.894, 0.106; 0.313, 0.687>
    """
    require_game(game, "quantal_response")
    lam = _check_lam(lam, "lam")
    tol = check_tol(tol)
    budget = Budget("quantal_response", time_limit)
    branch, factor = _setup(game, tol=tol)
    for _ in _trace(branch, factor, target=lam, max_regret=0.0, budget=budget):
        pass
    if branch.lam < lam * factor:
        raise SolverError(
            f"quantal_response {budget.stopped} before reaching lam = {lam:g} "
            f"(the branch reached lam = {branch.lam / factor:.6g})"
        )
    return _record(game, lam, branch.profile())


def logit_branch(
    game: Game,
    *,
    max_lam: float | None = None,
    max_regret: float = 1e-8,
    max_points: int = _MAX_POINTS,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """The principal branch of the logit QRE correspondence, from ``lam = 0``, as a table.

    Parameters
    ----------
    game : Game
    max_lam : float, optional
        Follow the branch to this ``lam`` (game units); the last point lies
        exactly on it. By default follow it until the profile is within
        ``max_regret`` of a Nash equilibrium.
    max_regret : float, optional
        Without ``max_lam``, stop at the first point where no player's regret
        exceeds this fraction of its payoff range (Gambit's ``maxregret``).
    max_points : int, optional
        Most points listed.
    time_limit : float or None, optional
        Seconds allowed; None for no limit.

    Returns
    -------
    pandas.DataFrame
        One row per point, player and strategy, in the order traced:
        ``point`` (0, 1, ...; point 0 is the uniform profile at ``lam = 0``),
        ``lam`` (game units; it decreases where the branch bends back),
        ``player``, ``strategy``, ``probability``, ``strategy_payoff`` (the
        strategy's expected payoff against the others' mixtures) and
        ``payoff`` (the player's expected payoff), payoffs in the game's
        units. ``frame.attrs["stopped"]`` says why the tracing ended early
        (the time limit, ``max_points``, a point where the branch could not
        be followed), with an :class:`~tradegame.errors.EquilibriumWarning`,
        or is None.

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.solvers.quantal_response import logit_branch
    >>> hunt = tg.Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...                              strategies=(("stag", "hare"),) * 2)
    >>> branch = logit_branch(hunt)
    >>> list(branch.columns)
    ['point', 'lam', 'player', 'strategy', 'probability', 'strategy_payoff', 'payoff']
    >>> last = branch[branch.point == branch.point.max()]
    >>> dict(zip(last.player + " " + last.strategy, last.probability.round(6)))
    {'Row stag': 0.0, 'Row hare': 1.0, 'Column stag': 0.0, 'Column hare': 1.0}
    """
    require_game(game, "logit_branch")
    target = None if max_lam is None else _check_lam(max_lam, "max_lam")
    max_regret = _check_fraction(max_regret, "max_regret")
    max_points = _check_points(max_points)
    budget = Budget("logit_branch", time_limit)
    branch, factor = _setup(game)
    trace = _trace(
        branch, factor, target=target, max_regret=max_regret, budget=budget, max_points=max_points
    )
    points = [(lam, branch.profile()) for lam in trace]
    return budget.flag(_frame(game, points), "the branch is listed up to its last point")


@dataclass(frozen=True, eq=False)
class LogitFit:
    """The maximum-likelihood logit QRE for observed play.

    Attributes
    ----------
    qre : QuantalResponse
        The point of the principal branch that maximizes the likelihood; its
        ``lam`` is the estimate.
    log_likelihood : float
        ``sum(count * log(probability))`` over players and strategies.
    observed : tuple of ndarray
        The counts (or frequencies) used, one read-only vector per player.
    stopped : str or None
        Why the search ended before the end of the branch (the time limit),
        or None.
    """

    qre: QuantalResponse
    log_likelihood: float
    observed: tuple[np.ndarray, ...]
    stopped: str | None = None

    @property
    def lam(self) -> float:
        """The estimated precision, in inverse units of the game's payoffs."""
        return self.qre.lam

    @property
    def strategies(self) -> tuple[np.ndarray, ...]:
        """The fitted mixed strategies."""
        return self.qre.strategies

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LogitFit):
            return NotImplemented
        return _fields_equal(self, other)

    def __hash__(self) -> int:
        return hash((self.qre, self.log_likelihood, self.stopped))

    def __repr__(self) -> str:
        return (
            f"<LogitFit lam={self.lam:.6g}, log-likelihood {self.log_likelihood:.6g}, "
            f"on {self.qre.game!r}>"
        )


def _count(value: object, where: str) -> float:
    return _nonnegative(value, f"observed count of {where}")


def _observed(game: Game, observed: object) -> list[np.ndarray]:
    """Counts per player from ``{player: {strategy: count}}`` or one entry per player."""
    if isinstance(observed, Mapping):
        entries = {}
        for player, entry in observed.items():
            try:
                entries[game.player_index(player)] = entry
            except GameError as err:
                raise SolverError(f"observed: {err}") from None
    elif isinstance(observed, (Sequence, np.ndarray)) and not isinstance(observed, (str, bytes)):
        if len(observed) != game.n_players:
            raise SolverError(
                f"observed has {len(observed)} entries; the game has {game.n_players} players"
            )
        entries = dict(enumerate(observed))
    else:
        raise SolverError(
            "observed must map players to {strategy: count} (or to count vectors), or list "
            f"one of these per player; got {observed!r:.60}"
        )
    counts = [np.zeros(k) for k in game.shape]
    for i, entry in entries.items():
        player = game.players[i]
        if isinstance(entry, Mapping):
            for label, value in entry.items():
                try:
                    s = game.strategy_index(i, label)
                except GameError as err:
                    raise SolverError(f"observed: {err}") from None
                counts[i][s] = _count(value, f"{game.strategies[i][s]!r} for {player!r}")
            continue
        try:
            vector = np.array(entry, dtype=float)
        except (TypeError, ValueError):
            vector = np.array([math.nan])
        if vector.shape != (game.shape[i],) or np.asarray(entry).dtype == bool:
            raise SolverError(
                f"observed play of {player!r} must be {{strategy: count}} or {game.shape[i]} "
                f"counts; got {entry!r:.60}"
            )
        for s, value in enumerate(vector):
            _count(float(value), f"{game.strategies[i][s]!r} for {player!r}")
        counts[i] = vector
    if not any(c.sum() > 0 for c in counts):
        raise SolverError("observed holds no play: every count is zero")
    return counts


def fit_logit(
    game: Game,
    observed: Any,
    *,
    max_lam: float | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> LogitFit:
    """The ``lam`` whose logit QRE makes the observed play most likely.

    The log-likelihood ``sum(count * log(probability))`` is evaluated along
    the principal branch, and the best point refined by finding where its
    derivative along the branch vanishes (McKelvey and Palfrey 1995, section
    5; Gambit's ``logit_estimate`` does the same).

    Parameters
    ----------
    game : Game
    observed : mapping or sequence
        Observed play: ``{player: {strategy: count}}`` (players or strategies
        left out count as never observed), ``{player: counts}`` or one entry
        per player in order, each a mapping or a vector of counts. Counts
        may be frequencies; they weigh each player's log-probabilities as
        given.
    max_lam : float, optional
        Search ``lam`` up to this value (game units) only; by default the
        whole branch, up to where it is within 1e-8 of a Nash equilibrium.
    time_limit : float or None, optional
        Seconds allowed; when it ends the search, the best point so far is
        returned, ``stopped`` says so, and an
        :class:`~tradegame.errors.EquilibriumWarning` is issued.

    Returns
    -------
    LogitFit

    Examples
    --------
    Frequencies generated by the QRE at ``lam = 0.5`` give back that ``lam``:

    >>> import tradegame as tg
    >>> from tradegame.solvers.quantal_response import fit_logit, quantal_response
    >>> pennies = tg.Game.from_bimatrix([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> truth = quantal_response(pennies, 0.5)
    >>> fit = fit_logit(pennies, [1000 * p for p in truth.strategies])
    >>> round(fit.lam, 6)
    0.5
    """
    require_game(game, "fit_logit")
    counts = _observed(game, observed)
    target = None if max_lam is None else _check_lam(max_lam, "max_lam")
    budget = Budget("fit_logit", time_limit)
    branch, factor = _setup(game)
    flat = np.zeros((branch.n, branch.m))
    for i, c in enumerate(counts):
        flat[i, : len(c)] = c
    weights = flat.ravel()[branch.index]
    states, logliks, slopes = [], [], []
    for _ in _trace(branch, factor, target=target, max_regret=1e-8, budget=budget):
        states.append(branch.state())
        logliks.append(float(weights @ branch.ell.ravel()[branch.index]))
        slopes.append(float(weights @ branch.tangent[:-1]))
    best = int(np.argmax(logliks))
    ell, lam, loglik = states[best][0], states[best][1], logliks[best]
    # the maximum lies between the best point and the neighbour its slope points to
    left = best if slopes[best] > 0 else best - 1
    if 0 <= left < len(states) - 1 and not budget.expired():
        found = _refine(branch, states[left], states[left + 1], weights)
        if found is not None and found[2] > loglik:
            ell, lam, loglik = found
    if budget.stopped:
        warnings.warn(
            f"fit_logit {budget.stopped}: the fit is the best point of the branch traced so far",
            EquilibriumWarning,
            stacklevel=2,
        )
    profile = [np.exp(ell[i, :k]) for i, k in enumerate(branch.shape)]
    return LogitFit(
        _record(game, lam / factor, profile),
        loglik,
        tuple(_frozen(c) for c in counts),
        budget.stopped,
    )


def _refine(
    branch: _Branch, start: tuple, end: tuple, weights: np.ndarray
) -> tuple[np.ndarray, float, float] | None:
    """The point between two points of the branch where the log-likelihood peaks: where
    its derivative along the branch, ``weights . dl/ds``, changes sign."""
    from scipy.optimize import brentq

    branch.restore(start)
    z0, nu0, _ = branch.coordinates(start[0], start[1], start[2])
    z1, nu1, _ = branch.coordinates(end[0], end[1], end[2])
    reach = math.hypot(float(np.linalg.norm(z1 - z0)), nu1 - nu0)
    points: dict[float, tuple] = {}

    def slope(h: float) -> float:
        point = branch.probe(h)
        if point is None:
            raise ArithmeticError
        points[h] = point
        return float(weights @ point[2][:-1])

    try:
        if slope(reach) >= 0:
            return None
        h = brentq(slope, 0.0, reach, xtol=1e-14 * max(reach, 1e-300), rtol=1e-12)
        slope(h)
    except (ArithmeticError, ValueError):
        return None
    ell, lam, _ = points[h]
    return ell, lam, float(weights @ ell.ravel()[branch.index])
