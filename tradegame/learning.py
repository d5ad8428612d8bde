"""Learning dynamics: how play evolves when players adapt, in N-player normal-form games.

Five classic processes, each a free function that takes a :class:`~tradegame.Game`
(any number of players and strategies) and returns the trajectory as a tidy
:class:`pandas.DataFrame`, one row per step, player and strategy:

- :func:`fictitious_play` (Brown 1951; Robinson 1951): every period each
  player best-responds to the empirical frequencies of the others' past play.
- :func:`best_response_dynamics`: players revise one at a time (or all at
  once) to a best response to the current pure profile; stops at a pure
  Nash equilibrium (Monderer and Shapley 1996).
- :func:`replicator_dynamics` (Taylor and Jonker 1978; Taylor 1979): the
  multi-population replicator equation, integrated by RK4.
- :func:`logit_dynamics` (Fudenberg and Levine 1998, ch. 4; Hofbauer and
  Sandholm 2002): the smoothed best-response dynamic whose rest points are
  the logit quantal response equilibria (McKelvey and Palfrey 1995).
- :func:`regret_matching` (Hart and Mas-Colell 2000): the empirical
  distribution of joint play approaches the set of correlated equilibria;
  :func:`empirical_play` turns a frame's play into that joint distribution.

Every process runs on the normalized game (each player's payoffs mapped onto
[0, 1], see :mod:`tradegame.solvers._scale`), so a trajectory does not change
when payoffs are in USD rather than USD bn, and the time scale of the
continuous dynamics is in units of each player's payoff range. The ``payoff``
column reports payoffs in the game's own units.

Frames have at most :data:`MAX_TRAJECTORY_ROWS` rows (steps x the number of
strategies of all players), checked before anything is built; each call
stops at its ``time_limit`` and flags the frame (``frame.attrs["stopped"]``
and an :class:`~tradegame.errors.EquilibriumWarning`).

References
----------
Brown, G. W. (1951). Iterative solution of games by fictitious play. In
T. C. Koopmans (ed.), *Activity Analysis of Production and Allocation*,
Wiley, 374-376.
Robinson, J. (1951). An iterative method of solving a game. *Annals of
Mathematics* 54(2), 296-301.
Shapley, L. S. (1964). Some topics in two-person games. In M. Dresher,
L. S. Shapley, A. W. Tucker (eds.), *Advances in Game Theory*, Annals of
Mathematics Studies 52, Princeton University Press, 1-28.
Monderer, D., Shapley, L. S. (1996). Potential games. *Games and Economic
Behavior* 14(1), 124-143.
Taylor, P. D., Jonker, L. B. (1978). Evolutionarily stable strategies and
game dynamics. *Mathematical Biosciences* 40(1-2), 145-156.
Taylor, P. D. (1979). Evolutionarily stable strategies with two types of
player. *Journal of Applied Probability* 16(1), 76-83.
Akin, E., Losert, V. (1984). Evolutionary dynamics of zero-sum games.
*Journal of Mathematical Biology* 20(3), 231-258.
McKelvey, R. D., Palfrey, T. R. (1995). Quantal response equilibria for
normal form games. *Games and Economic Behavior* 10(1), 6-38.
Fudenberg, D., Levine, D. K. (1998). *The Theory of Learning in Games*. MIT
Press, ch. 2 (fictitious play) and ch. 4 (smooth fictitious play).
Hofbauer, J., Sandholm, W. H. (2002). On the global convergence of
stochastic fictitious play. *Econometrica* 70(6), 2265-2294.
Hart, S., Mas-Colell, A. (2000). A simple adaptive procedure leading to
correlated equilibrium. *Econometrica* 68(5), 1127-1150.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .economics._checks import as_rng
from .errors import GameError, ParameterError, SolverError, option
from .game import Game
from .limits import DEFAULT_TIME_LIMIT
from .solvers._budget import Budget
from .solvers._scale import normalized
from .solvers.regret import _as_profile, expected_payoffs

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_TRAJECTORY_ROWS",
    "TIE_BREAKS",
    "best_response_dynamics",
    "empirical_play",
    "fictitious_play",
    "logit_dynamics",
    "regret_matching",
    "replicator_dynamics",
]

MAX_TRAJECTORY_ROWS = 5_000_000
"""Most rows a trajectory frame may have: (steps, plus one for a recorded start) x the
number of strategies of all players. A row takes about 50 bytes, so the largest frame
takes about 250 MB; read at call time, so a session may raise it
(``tradegame.learning.MAX_TRAJECTORY_ROWS = ...``)."""

_TIE = 1e-12
"""Strategies whose payoffs differ by at most this fraction of the player's payoff
range are tied best responses (so rounding in the normalization cannot break a tie
one way for payoffs in USD and the other way for USD bn)."""

TIE_BREAKS = ("first", "random")
"""How :func:`fictitious_play` chooses among tied best responses."""


# ====================================================================== argument checks
def _check_game(game: object, function: str) -> Game:
    if not isinstance(game, Game):
        raise SolverError(
            f"{function} needs a tradegame.Game, got {type(game).__name__}; build one with "
            "Game.from_bimatrix, Game.from_arrays or load_scenario(...).game()"
        )
    return game


def _check_steps(steps: object, game: Game, *, start: bool) -> int:
    """``steps`` as a positive int whose frame fits in :data:`MAX_TRAJECTORY_ROWS`."""
    ok = isinstance(steps, numbers.Integral) and not isinstance(steps, bool)
    if not ok or int(steps) < 1:  # type: ignore[call-overload]
        raise SolverError(f"{option('steps')} must be a positive whole number; got {steps!r}")
    steps = int(steps)  # type: ignore[call-overload]
    states = steps + 1 if start else steps
    width = sum(game.shape)
    rows = states * width
    if rows > MAX_TRAJECTORY_ROWS:
        raise SolverError(
            f"{option('steps')}={steps:,} makes a frame of {rows:,} rows ({states:,} states x "
            f"{width} strategies), more than tradegame.learning.MAX_TRAJECTORY_ROWS = "
            f"{MAX_TRAJECTORY_ROWS:,}; use fewer steps"
        )
    return steps


def _check_positive(name: str, value: object, *, zero: bool = False) -> float:
    number = math.nan
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond the float range
            number = math.inf
    if not (math.isfinite(number) and (number >= 0 if zero else number > 0)):
        expected = "a finite number >= 0" if zero else "a finite number > 0"
        raise SolverError(f"{option(name)} must be {expected}; got {value!r}")
    return number


def _initial(game: Game, initial: object) -> list[np.ndarray]:
    """The starting mixed profile: ``initial`` checked, or uniform when None.

    Accepts what :func:`tradegame.max_regret` accepts: one entry per player (a
    strategy label, an index, a probability vector or ``{strategy: probability}``)
    or a mapping by player name.
    """
    if initial is None:
        return [np.full(n, 1.0 / n) for n in game.shape]
    try:
        vecs = _as_profile(game, initial)
    except (GameError, ParameterError) as exc:
        raise SolverError(f"{option('initial')}: {exc}") from None
    out = []
    for vec in vecs:
        vec = np.where(vec > 0, vec, 0.0)  # rounding residues below zero are zeros
        out.append(vec / vec.sum())
    return out


def _flat(vecs: Sequence[np.ndarray]) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(p) for p in v) for v in vecs)


# ====================================================================== payoff kernels
class _Kernel:
    """Each player's payoff from each pure strategy against the others' mixtures.

    Player ``i``'s payoffs are stored as a matrix (its strategies x the others'
    profiles), so a contraction with the others' mixtures is one outer product
    and one matrix-vector product.
    """

    def __init__(self, scaled: np.ndarray) -> None:
        self.n = scaled.shape[0]
        self.matrices = [
            np.ascontiguousarray(np.moveaxis(scaled[i], i, 0)).reshape(scaled.shape[i + 1], -1)
            for i in range(self.n)
        ]

    def values(self, vecs: Sequence[np.ndarray], i: int) -> np.ndarray:
        joint: np.ndarray | None = None
        for j in range(self.n):
            if j != i:
                joint = vecs[j] if joint is None else np.multiply.outer(joint, vecs[j]).ravel()
        return self.matrices[i] @ joint


def _pure_values(scaled: np.ndarray, profile: Sequence[int], i: int) -> np.ndarray:
    """Player ``i``'s payoff from each pure strategy against the others' pure strategies."""
    index: list[Any] = list(profile)
    index[i] = slice(None)
    return scaled[i][tuple(index)]


def _best(values: np.ndarray) -> np.ndarray:
    """Indices of the best responses among ``values`` (normalized payoffs), ties within _TIE."""
    return np.flatnonzero(values >= values.max() - _TIE)


# ====================================================================== frames
def _tidy(
    game: Game,
    step: np.ndarray,
    per_strategy: dict[str, np.ndarray],
    per_player: dict[str, np.ndarray],
    order: Sequence[str],
    attrs: dict[str, Any],
    time: np.ndarray | None = None,
) -> pd.DataFrame:
    """Long frame: one row per state, player and strategy.

    ``per_strategy`` arrays have shape (T, sum(shape)); ``per_player`` ones (T, n_players)
    and are repeated on each of the player's strategy rows. ``step`` and ``time`` have
    shape (T,).
    """
    import pandas as pd

    shape = game.shape
    width = sum(shape)
    states = len(step)
    owner = np.repeat(np.arange(game.n_players), shape)
    players = np.array(game.players, dtype=object)[owner]
    labels = np.array([s for labels in game.strategies for s in labels], dtype=object)
    columns: dict[str, Any] = {
        "step": np.repeat(np.asarray(step, dtype=np.int64), width),
        "player": np.tile(players, states),
        "strategy": np.tile(labels, states),
    }
    if time is not None:
        columns["time"] = np.repeat(np.asarray(time, dtype=float), width)
    for name, values in per_strategy.items():
        columns[name] = np.asarray(values).reshape(states * width)
    for name, values in per_player.items():
        columns[name] = np.asarray(values)[:, owner].reshape(states * width)
    frame = pd.DataFrame({name: columns[name] for name in order})
    frame.attrs.update(attrs)
    return frame


def _realized(game: Game, actions: np.ndarray) -> np.ndarray:
    """Each player's payoff (game units) at each pure profile, ``actions`` (T, n) -> (T, n)."""
    if len(actions) == 0:
        return np.zeros((0, game.n_players))
    return game.payoff_tensor[(slice(None), *actions.T)].T


def _one_hot(game: Game, actions: np.ndarray) -> np.ndarray:
    """``actions`` (T, n) as a (T, sum(shape)) indicator of the strategies played."""
    offsets = np.concatenate([[0], np.cumsum(game.shape)[:-1]])
    out = np.zeros((len(actions), sum(game.shape)), dtype=bool)
    rows = np.arange(len(actions))[:, None]
    out[rows, actions + offsets] = True
    return out


def _progress(budget: Budget, done: int, steps: int) -> None:
    budget.report(lambda: f"step {done:,} of {steps:,}")


def _attrs(method: str, parameters: dict[str, Any]) -> dict[str, Any]:
    return {"method": method, "parameters": parameters, "stopped": None}


# ====================================================================== fictitious play
def fictitious_play(
    game: Game,
    steps: int,
    *,
    initial: object = None,
    tie_break: str = "first",
    rng: np.random.Generator | int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """Simultaneous discrete-time fictitious play.

    In every period each player plays a pure best response to its belief:
    that every other player mixes according to the empirical frequencies of
    that player's past play, independently of the others (Brown 1951;
    Robinson 1951; Fudenberg and Levine 1998, ch. 2, with independent
    beliefs in N-player games).

    Parameters
    ----------
    game : Game
        Any number of players and strategies.
    steps : int
        Periods of play (a positive whole number; the frame has ``steps`` x
        the number of strategies rows, at most :data:`MAX_TRAJECTORY_ROWS`).
    initial : profile, optional
        The prior: a mixed profile (one probability vector, label or
        ``{strategy: probability}`` per player) that counts as one
        observation, so the belief about a player at step ``t`` is
        ``(initial + number of times each strategy was played in steps
        1..t-1) / t``. Default: uniform.
    tie_break : {"first", "random"}
        Among tied best responses (within 1e-12 of the payoff range), take the
        first in strategy order, or one uniformly at random drawn from ``rng``.
    rng : numpy.random.Generator, int or None
        Source of randomness for ``tie_break="random"`` (unused otherwise).
    time_limit : float or None
        Seconds before the run stops and returns the steps played so far.

    Returns
    -------
    pandas.DataFrame
        One row per step, player and strategy:

        =============  ======  =====================================================
        column         dtype   meaning
        =============  ======  =====================================================
        step           int     period, 1 to ``steps``
        player         str     player name
        strategy       str     strategy label
        probability    float   empirical frequency (with the prior) of this strategy
                               before the period: the others' belief about the player
        played         bool    whether the player played this strategy in the period
        payoff         float   the player's realized payoff in the period (game units)
        =============  ======  =====================================================

        ``frame.attrs`` holds ``method``, ``parameters`` and ``stopped`` (why
        the run stopped early, or None).

    Notes
    -----
    Empirical frequencies converge to equilibrium in two-player zero-sum
    games (Robinson 1951), in 2 x 2 games with generic payoffs (Miyasawa
    1961, Princeton Econometric Research Program, Research Memorandum 33)
    and in games with identical interests, so in weighted potential games
    (Monderer and Shapley 1996, *JET* 68, 258-265). In Shapley's (1964)
    3 x 3 game they cycle forever around the unique equilibrium, with runs
    that grow geometrically. Best responses use the normalized game, so the
    play is unchanged when a player's payoffs are rescaled or shifted.

    Examples
    --------
    Matching pennies: the frequencies approach the equilibrium (1/2, 1/2).

    >>> import tradegame as tg
    >>> from tradegame.learning import fictitious_play
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))
    >>> frame = fictitious_play(pennies, 2000)
    >>> last = frame[frame.step == 2000]
    >>> last.probability.round(1).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    game = _check_game(game, "fictitious_play")
    steps = _check_steps(steps, game, start=False)
    start = _initial(game, initial)
    if tie_break not in TIE_BREAKS:
        raise SolverError(f"{option('tie_break')} must be 'first' or 'random'; got {tie_break!r}")
    generator = as_rng(rng)
    budget = Budget("fictitious_play", time_limit)
    kernel = _Kernel(normalized(game.payoff_tensor[None])[0])
    n = game.n_players
    counts = [v.copy() for v in start]  # the prior counts as one observation
    beliefs = np.empty((steps, sum(game.shape)))
    actions = np.empty((steps, n), dtype=np.intp)
    done = 0
    for t in range(steps):
        if budget.expired():
            break
        freqs = [c / (t + 1) for c in counts]
        beliefs[t] = np.concatenate(freqs)
        for i in range(n):
            best = _best(kernel.values(freqs, i))
            pick = 0 if tie_break == "first" or len(best) == 1 else generator.integers(len(best))
            actions[t, i] = best[pick]
        for i in range(n):
            counts[i][actions[t, i]] += 1.0
        done = t + 1
        _progress(budget, done, steps)
    beliefs, actions = beliefs[:done], actions[:done]
    frame = _tidy(
        game,
        np.arange(1, done + 1),
        {"probability": beliefs, "played": _one_hot(game, actions)},
        {"payoff": _realized(game, actions)},
        ("step", "player", "strategy", "probability", "played", "payoff"),
        _attrs(
            "fictitious-play",
            {"steps": steps, "initial": _flat(start), "tie_break": tie_break},
        ),
    )
    return budget.flag(frame, f"the trajectory ends after {done:,} of {steps:,} steps")


# ====================================================================== best-response dynamics
def best_response_dynamics(
    game: Game,
    steps: int,
    *,
    sequential: bool = True,
    initial: object = None,
    rng: np.random.Generator | int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """Myopic best-response dynamics on pure profiles, stopping at a pure Nash equilibrium.

    Each step, the revising player switches to a best response to the
    current pure profile. A player whose current strategy is already a best
    response keeps it, so every switch strictly raises the switcher's
    payoff; among several better best responses it takes the first in
    strategy order.

    Parameters
    ----------
    game : Game
    steps : int
        Most revision steps (a positive whole number).
    sequential : bool
        True (default): one player revises per step, in round-robin order
        (the first player at step 1, the second at step 2, ...). False: all
        players revise at once against the same profile (the Cournot
        adjustment process), which can cycle even in coordination games.
    initial : profile, optional
        The starting profile: pure (labels or indices), or mixed, in which
        case the starting pure profile is drawn from it with ``rng``.
        Default: drawn uniformly at random.
    rng : numpy.random.Generator, int or None
        Source of randomness for the starting profile.
    time_limit : float or None
        Seconds before the run stops and returns the steps made so far.

    Returns
    -------
    pandas.DataFrame
        One row per step, player and strategy:

        =============  ======  =====================================================
        column         dtype   meaning
        =============  ======  =====================================================
        step           int     0 for the starting profile, then one per revision
        player         str     player name
        strategy       str     strategy label
        probability    float   1.0 for the strategy in the current pure profile, else 0
        played         bool    whether the current profile has this strategy
        payoff         float   the player's payoff at the current profile (game units)
        =============  ======  =====================================================

        ``frame.attrs``: ``method``, ``parameters``, ``stopped`` (the time
        limit, or None) and ``converged`` (True when the last profile is a
        pure Nash equilibrium: the run stops at the first one it reaches).

    Notes
    -----
    In a finite potential game every sequence of strict improvements is
    finite (the finite improvement property; Monderer and Shapley 1996,
    section 2), so sequential best-response dynamics reaches a pure Nash
    equilibrium. In games without one (matching pennies) it cycles.

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.learning import best_response_dynamics
    >>> coordination = tg.Game.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]],
    ...                                      strategies=(("A", "B"), ("A", "B")))
    >>> frame = best_response_dynamics(coordination, 10, initial=["A", "B"])
    >>> frame[frame.played][["step", "player", "strategy"]]
        step  player strategy
    0      0     Row        A
    3      0  Column        B
    5      1     Row        B
    7      1  Column        B
    >>> frame.attrs["converged"]
    True
    """
    game = _check_game(game, "best_response_dynamics")
    steps = _check_steps(steps, game, start=True)
    if not isinstance(sequential, (bool, np.bool_)):
        raise SolverError(f"{option('sequential')} must be True or False; got {sequential!r}")
    sequential = bool(sequential)
    start = _initial(game, initial)
    generator = as_rng(rng)
    budget = Budget("best_response_dynamics", time_limit)
    scaled = normalized(game.payoff_tensor[None])[0]
    n = game.n_players
    current = np.array([generator.choice(len(p), p=p) for p in start], dtype=np.intp)

    def best_reply(profile: np.ndarray, i: int) -> int:
        values = _pure_values(scaled, profile, i)
        if values[profile[i]] >= values.max() - _TIE:
            return int(profile[i])
        return int(_best(values)[0])

    def is_equilibrium(profile: np.ndarray) -> bool:
        return all(best_reply(profile, i) == profile[i] for i in range(n))

    history = [current.copy()]
    converged = is_equilibrium(current)
    t = 0
    while not converged and t < steps and not budget.expired():
        t += 1
        if sequential:
            i = (t - 1) % n
            current[i] = best_reply(current, i)
        else:
            current = np.array([best_reply(current, i) for i in range(n)], dtype=np.intp)
        history.append(current.copy())
        converged = is_equilibrium(current)
        _progress(budget, t, steps)
    actions = np.array(history, dtype=np.intp)
    played = _one_hot(game, actions)
    attrs = _attrs(
        "best-response-dynamics",
        {"steps": steps, "sequential": sequential, "initial": _flat(start)},
    )
    attrs["converged"] = converged
    frame = _tidy(
        game,
        np.arange(len(actions)),
        {"probability": played.astype(float), "played": played},
        {"payoff": _realized(game, actions)},
        ("step", "player", "strategy", "probability", "played", "payoff"),
        attrs,
    )
    return budget.flag(frame, f"the trajectory ends after {t:,} of {steps:,} steps")


# ====================================================================== continuous dynamics
def _rk4(
    state: list[np.ndarray], field: Callable[[list[np.ndarray]], list[np.ndarray]], dt: float
) -> list[np.ndarray]:
    """One classical fourth-order Runge-Kutta step of ``d state / dt = field(state)``."""
    k1 = field(state)
    k2 = field([s + 0.5 * dt * k for s, k in zip(state, k1, strict=True)])
    k3 = field([s + 0.5 * dt * k for s, k in zip(state, k2, strict=True)])
    k4 = field([s + dt * k for s, k in zip(state, k3, strict=True)])
    return [
        s + dt / 6.0 * (a + 2.0 * b + 2.0 * c + d)
        for s, a, b, c, d in zip(state, k1, k2, k3, k4, strict=True)
    ]


def _softmax(y: np.ndarray) -> np.ndarray:
    z = np.exp(y - y.max())
    return z / z.sum()


def _log_shares(y: np.ndarray) -> np.ndarray:
    """Log-probabilities of the mixture ``softmax(y)``."""
    top = y.max()
    return y - top - np.log(np.exp(y - top).sum())


_ODE_TOL = 1e-9  # largest difference (in probability, or log-probability) between a step
# and two half steps
_HALVINGS = 1100  # halvings of one step at most (2**-1100 of any float dt is below 1e-300)
_SUBSTEPS = 100_000  # RK4 steps at most within one recorded step (checked as it goes: an
# accepted step shorter than the time left over this many gives up at once)


def _advance(
    state: list[np.ndarray],
    field: Callable[[list[np.ndarray]], list[np.ndarray]],
    dt: float,
    measure: Callable[[np.ndarray], np.ndarray],
) -> list[np.ndarray]:
    """The state after time ``dt``, by RK4 steps short enough to be accurate.

    Each step is compared with two half steps (step doubling; Hairer, Norsett
    and Wanner 1993, *Solving Ordinary Differential Equations I*, section
    II.4); while ``measure`` of some player's state (its probabilities, or its
    log-probabilities when a strategy's share may fall to 1e-22 and still
    matter) differs by more than ``_ODE_TOL`` the step is halved, so a long
    ``dt`` gives the trajectory at the requested times, never an unstable one.
    """
    left, h = dt, dt
    for _ in range(_SUBSTEPS):
        if left <= 0:
            return state
        h = min(h, left)
        for _ in range(_HALVINGS):
            whole = _rk4(state, field, h)
            halves = _rk4(_rk4(state, field, 0.5 * h), field, 0.5 * h)
            with np.errstate(all="ignore"):
                gap = max(
                    float(np.max(np.where(a == b, 0.0, np.abs(measure(a) - measure(b)))))
                    for a, b in zip(whole, halves, strict=True)
                )
            if gap <= _ODE_TOL:  # NaN fails too
                break
            h *= 0.5
        else:
            raise SolverError(
                f"the dynamics could not be integrated accurately over dt={dt:g} (a step "
                f"of {h:.3g} still changed probabilities by {gap:.3g}); use a shorter dt"
            )
        state = halves
        left -= h
        if left > h * _SUBSTEPS:  # even steps a thousand times longer would not get there
            break
        h *= 2.0  # try a longer step again
    if left <= 0:
        return state
    raise SolverError(
        f"the dynamics could not be followed over dt={dt:g} in {_SUBSTEPS:,} accurate steps; "
        "use a shorter dt"
    )


def _ode_frame(
    game: Game,
    method: str,
    states: np.ndarray,
    dt: float,
    parameters: dict[str, Any],
) -> pd.DataFrame:
    """Frame of an integrated trajectory, ``states`` (T, sum(shape))."""
    split = np.cumsum(game.shape)[:-1]
    mixed = np.split(states, split, axis=1)
    payoff = expected_payoffs(game.payoff_tensor, mixed)
    step = np.arange(len(states))
    return _tidy(
        game,
        step,
        {"probability": states},
        {"payoff": payoff},
        ("step", "time", "player", "strategy", "probability", "payoff"),
        _attrs(method, parameters),
        time=step * dt,
    )


def replicator_dynamics(
    game: Game,
    *,
    steps: int = 1000,
    dt: float = 0.05,
    initial: object = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """The multi-population replicator equation, integrated by RK4 on log-probabilities.

    Each player is a population whose strategy shares ``x_i`` grow in
    proportion to how much better than average they do:
    ``dx_ik/dt = x_ik (u_i(k, x_-i) - u_i(x))`` (Taylor and Jonker 1978;
    Taylor 1979 for two populations), with ``u_i`` the payoffs of the
    normalized game (each player's payoffs mapped onto [0, 1]), so time is
    measured in units of one payoff range and the trajectory does not depend
    on payoff units.

    Parameters
    ----------
    game : Game
    steps : int
        Integration steps (the frame records the start and every step).
    dt : float
        Step length (> 0), in the time unit of the normalized game.
    initial : profile, optional
        Starting mixed profile; default uniform. Strategies with probability
        zero stay at zero (the replicator equation never creates a strategy).
    time_limit : float or None
        Seconds before the run stops and returns the states computed so far.

    Returns
    -------
    pandas.DataFrame
        One row per state, player and strategy:

        =============  ======  =====================================================
        column         dtype   meaning
        =============  ======  =====================================================
        step           int     0 (the start) to ``steps``
        time           float   ``step * dt``
        player         str     player name
        strategy       str     strategy label
        probability    float   the strategy's share ``x_ik`` at that time
        payoff         float   the player's expected payoff at the state (game units)
        =============  ======  =====================================================

        ``frame.attrs`` holds ``method``, ``parameters`` and ``stopped``.

    Notes
    -----
    The scheme is the classical fourth-order Runge-Kutta method applied to
    ``y_ik = log x_ik``, in which the equation reads ``dy_ik/dt = u_i(k,
    x_-i)`` up to a term common to all of player ``i``'s strategies, with
    ``x_i = softmax(y_i)``: probabilities stay positive and sum to one up to
    rounding. Each recorded step of length ``dt`` is covered by as many RK4
    steps as keep every log-probability within 1e-9 of the result of halving
    them (step doubling), so a long ``dt`` records the same trajectory more
    sparsely, never an unstable one.

    Strict Nash equilibria are asymptotically stable (Weibull 1995,
    *Evolutionary Game Theory*, MIT Press, ch. 5); in two-player zero-sum
    games with an interior equilibrium ``x*`` the orbits are closed, and
    ``sum_ik x*_ik log x_ik`` is constant along them (Akin and Losert 1984).

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.learning import replicator_dynamics
    >>> coordination = tg.Game.from_bimatrix([[2, 0], [0, 1]], [[2, 0], [0, 1]])
    >>> frame = replicator_dynamics(coordination, steps=400, dt=0.1,
    ...                             initial=[[0.4, 0.6], [0.4, 0.6]])
    >>> frame[frame.step == 400].probability.round(3).tolist()
    [1.0, 0.0, 1.0, 0.0]
    """
    game = _check_game(game, "replicator_dynamics")
    steps = _check_steps(steps, game, start=True)
    dt = _check_positive("dt", dt)
    start = _initial(game, initial)
    budget = Budget("replicator_dynamics", time_limit)
    kernel = _Kernel(normalized(game.payoff_tensor[None])[0])
    n = game.n_players

    def field(logs: list[np.ndarray]) -> list[np.ndarray]:
        x = [_softmax(y) for y in logs]
        return [kernel.values(x, i) for i in range(n)]

    with np.errstate(divide="ignore"):
        logs = [np.log(p) for p in start]  # log 0 = -inf: an absent strategy stays absent
    states = np.empty((steps + 1, sum(game.shape)))
    states[0] = np.concatenate(start)
    done = 0
    for t in range(1, steps + 1):
        if budget.expired():
            break
        logs = _advance(logs, field, dt, _log_shares)
        logs = [y - y.max() for y in logs]  # softmax ignores a common shift; keep y bounded
        states[t] = np.concatenate([_softmax(y) for y in logs])
        done = t
        _progress(budget, done, steps)
    frame = _ode_frame(
        game,
        "replicator",
        states[: done + 1],
        dt,
        {"steps": steps, "dt": dt, "initial": _flat(start), "scheme": "RK4 on log x"},
    )
    return budget.flag(frame, f"the trajectory ends after {done:,} of {steps:,} steps")


def logit_dynamics(
    game: Game,
    lam: float,
    *,
    steps: int = 1000,
    dt: float = 0.1,
    initial: object = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """The logit (smoothed best-response) dynamic ``dx/dt = L(x) - x``.

    ``L_i(x)`` is player ``i``'s logit response to the others' mixtures:
    ``L_ik(x) = exp(lam * u_i(k, x_-i)) / sum_l exp(lam * u_i(l, x_-i))``
    (Fudenberg and Levine 1998, ch. 4; Hofbauer and Sandholm 2002). Its rest
    points are the logit quantal response equilibria with precision ``lam``
    (McKelvey and Palfrey 1995).

    Parameters
    ----------
    game : Game
    lam : float
        Precision (>= 0), **per unit of each player's payoff range**: the
        payoffs ``u_i`` are those of the normalized game (each player's
        payoffs mapped onto [0, 1]), so ``lam = 10`` means that a strategy
        better by the whole payoff range is exp(10) times as likely. This
        differs from a precision in payoff units, ``lam_payoff``: for a
        player whose payoffs span ``R``, ``lam = lam_payoff * R``. ``lam = 0``
        is uniform play; large ``lam`` approaches best-response dynamics.
    steps : int
        Integration steps.
    dt : float
        Step length (> 0), in the dynamic's time unit (the rate at which ``x``
        moves toward ``L(x)``). Steps up to 1 keep RK4 stable for moderate
        ``lam``.
    initial : profile, optional
        Starting mixed profile; default uniform.
    time_limit : float or None
        Seconds before the run stops and returns the states computed so far.

    Returns
    -------
    pandas.DataFrame
        One row per state, player and strategy, with the columns of
        :func:`replicator_dynamics`:

        =============  ======  =====================================================
        column         dtype   meaning
        =============  ======  =====================================================
        step           int     0 (the start) to ``steps``
        time           float   ``step * dt``
        player         str     player name
        strategy       str     strategy label
        probability    float   the probability ``x_ik`` at that time
        payoff         float   the player's expected payoff at the state (game units)
        =============  ======  =====================================================

        ``frame.attrs`` holds ``method``, ``parameters`` (with ``lam`` and
        ``lam_units``) and ``stopped``.

    Notes
    -----
    Integrated by the classical fourth-order Runge-Kutta method, each
    recorded step of length ``dt`` covered by as many RK4 steps as keep every
    probability within 1e-9 of the result of halving them (step doubling), so
    a long ``dt`` records the same trajectory more sparsely, never an
    unstable one; rounding residues below zero are set to zero.
    Hofbauer and Sandholm (2002) prove global convergence to the (then
    unique) logit equilibrium in zero-sum and potential games; for small
    ``lam`` the logit map is a contraction and every game converges.

    Examples
    --------
    Matching pennies: the logit equilibrium is the centre for every ``lam``.

    >>> import tradegame as tg
    >>> from tradegame.learning import logit_dynamics
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    >>> frame = logit_dynamics(pennies, 5.0, steps=300, initial=[[0.9, 0.1], [0.2, 0.8]])
    >>> frame[frame.step == 300].probability.round(4).tolist()
    [0.5, 0.5, 0.5, 0.5]
    """
    game = _check_game(game, "logit_dynamics")
    lam = _check_positive("lam", lam, zero=True)
    steps = _check_steps(steps, game, start=True)
    dt = _check_positive("dt", dt)
    start = _initial(game, initial)
    budget = Budget("logit_dynamics", time_limit)
    kernel = _Kernel(normalized(game.payoff_tensor[None])[0])
    n = game.n_players

    def field(x: list[np.ndarray]) -> list[np.ndarray]:
        return [_softmax(lam * kernel.values(x, i)) - x[i] for i in range(n)]

    x = [p.copy() for p in start]
    states = np.empty((steps + 1, sum(game.shape)))
    states[0] = np.concatenate(x)
    done = 0
    for t in range(1, steps + 1):
        if budget.expired():
            break
        x = [np.maximum(v, 0.0) for v in _advance(x, field, dt, lambda v: v)]
        x = [v / v.sum() for v in x]
        states[t] = np.concatenate(x)
        done = t
        _progress(budget, done, steps)
    frame = _ode_frame(
        game,
        "logit",
        states[: done + 1],
        dt,
        {
            "lam": lam,
            "lam_units": "per unit of each player's payoff range",
            "steps": steps,
            "dt": dt,
            "initial": _flat(start),
            "scheme": "RK4",
        },
    )
    return budget.flag(frame, f"the trajectory ends after {done:,} of {steps:,} steps")


# ====================================================================== regret matching
def regret_matching(
    game: Game,
    steps: int,
    *,
    initial: object = None,
    rng: np.random.Generator | int | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """Regret matching: switch in proportion to conditional regret (Hart and Mas-Colell 2000).

    Let ``D_t^i(j, k)`` be the average gain player ``i`` would have had over
    periods 1..t had it played ``k`` every time it played ``j`` (its
    conditional regret, payoffs normalized onto [0, 1]). A player that played
    ``j`` at ``t`` plays ``k != j`` at ``t + 1`` with probability
    ``max(D_t^i(j, k), 0) / mu_i`` and repeats ``j`` otherwise (Hart and
    Mas-Colell 2000, section 2). The empirical distribution of joint
    play then converges almost surely to the set of correlated equilibria
    (their Main Theorem): its largest correlated-equilibrium violation is
    the largest ``D_t^i(j, k)``, recorded in the ``regret`` column.

    Parameters
    ----------
    game : Game
    steps : int
        Periods of play.
    initial : profile, optional
        The mixed profile played in period 1; default uniform.
    rng : numpy.random.Generator, int or None
        Source of randomness; a seed makes the play reproducible.
    time_limit : float or None
        Seconds before the run stops and returns the periods played so far.

    Returns
    -------
    pandas.DataFrame
        One row per step, player and strategy:

        =============  ======  =====================================================
        column         dtype   meaning
        =============  ======  =====================================================
        step           int     period, 1 to ``steps``
        player         str     player name
        strategy       str     strategy label
        probability    float   probability the player gave the strategy in the period
        played         bool    whether the player played it
        payoff         float   the player's realized payoff in the period (game units)
        regret         float   the player's largest conditional regret ``D_t^i(j, k)``
                               after the period (>= 0), as a fraction of its payoff
                               range
        =============  ======  =====================================================

        ``frame.attrs`` holds ``method``, ``parameters`` and ``stopped``;
        :func:`empirical_play` gives the empirical joint distribution.

    Notes
    -----
    ``mu_i`` is the number of player ``i``'s strategies. Hart and Mas-Colell
    require ``mu_i > 2 M (m_i - 1)`` for payoffs bounded by ``M`` in absolute
    value; conditional regrets are unchanged when the normalized payoffs are
    shifted onto [-1/2, 1/2], where ``M = 1/2``. Regrets shrink like
    ``1/sqrt(t)``.

    Examples
    --------
    Chicken (Aumann 1974): the empirical joint play approaches the set of
    correlated equilibria.

    >>> import tradegame as tg
    >>> from tradegame.learning import empirical_play, regret_matching
    >>> chicken = tg.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]])
    >>> frame = regret_matching(chicken, 3000, rng=1)
    >>> bool(frame[frame.step == 3000].regret.max() < 0.05)
    True
    >>> empirical_play(chicken, frame).shape
    (2, 2)
    """
    game = _check_game(game, "regret_matching")
    steps = _check_steps(steps, game, start=False)
    start = _initial(game, initial)
    generator = as_rng(rng)
    budget = Budget("regret_matching", time_limit)
    scaled = normalized(game.payoff_tensor[None])[0]
    n = game.n_players
    shape = game.shape
    mu = [float(m) for m in shape]
    cumulative = [np.zeros((m, m)) for m in shape]  # sum over periods of the gains
    draws = generator.random((steps, n))
    mixes = np.empty((steps, sum(shape)))
    actions = np.empty((steps, n), dtype=np.intp)
    regret = np.empty((steps, n))
    profile = np.zeros(n, dtype=np.intp)
    done = 0
    for t in range(steps):
        if budget.expired():
            break
        mix = []
        for i in range(n):
            if t == 0:
                p = start[i]
            else:
                j = profile[i]
                p = np.maximum(cumulative[i][j], 0.0) / (mu[i] * t)
                p[j] = 0.0
                p[j] = max(1.0 - p.sum(), 0.0)
            mix.append(p)
            choice = int(np.searchsorted(np.cumsum(p), draws[t, i], side="right"))
            if choice >= len(p) or p[choice] == 0:  # rounding past the end of the cumsum
                choice = int(np.flatnonzero(p)[-1])
            profile[i] = choice
        for i in range(n):
            values = _pure_values(scaled, profile, i)
            cumulative[i][profile[i]] += values - values[profile[i]]
            regret[t, i] = max(cumulative[i].max(), 0.0) / (t + 1)
        mixes[t] = np.concatenate(mix)
        actions[t] = profile
        done = t + 1
        _progress(budget, done, steps)
    mixes, actions, regret = mixes[:done], actions[:done], regret[:done]
    frame = _tidy(
        game,
        np.arange(1, done + 1),
        {"probability": mixes, "played": _one_hot(game, actions)},
        {"payoff": _realized(game, actions), "regret": regret},
        ("step", "player", "strategy", "probability", "played", "payoff", "regret"),
        _attrs("regret-matching", {"steps": steps, "initial": _flat(start), "mu": tuple(mu)}),
    )
    return budget.flag(frame, f"the trajectory ends after {done:,} of {steps:,} steps")


# ====================================================================== empirical play
def empirical_play(game: Game, frame: pd.DataFrame) -> np.ndarray:
    """The empirical distribution of joint play in a trajectory, as an array of ``game.shape``.

    Entry ``[s_1, ..., s_N]`` is the share of the frame's steps in which the
    profile ``(s_1, ..., s_N)`` was played. Works on any frame with
    ``step``, ``player``, ``strategy`` and ``played`` columns in which each
    player played one strategy per step (:func:`fictitious_play`,
    :func:`best_response_dynamics`, :func:`regret_matching`, or a slice of
    one: ``frame[frame.step > 1000]``).

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.learning import empirical_play, fictitious_play
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    >>> empirical_play(pennies, fictitious_play(pennies, 4)).tolist()
    [[0.25, 0.5], [0.0, 0.25]]
    """
    game = _check_game(game, "empirical_play")
    needed = ("step", "player", "strategy", "played")
    columns = getattr(frame, "columns", None)
    if columns is None or any(c not in columns for c in needed):
        raise SolverError(
            "empirical_play needs a trajectory frame with columns step, player, strategy and "
            "played (from fictitious_play, best_response_dynamics or regret_matching)"
        )
    rows = frame[frame["played"].astype(bool)]
    step_values = rows["step"].to_numpy()
    if not np.all(np.isfinite(np.asarray(step_values, dtype=float))):
        raise SolverError(
            "empirical_play: the frame's step column has missing or non-finite values; pass "
            "a frame as a dynamics function returned it, or a slice of one"
        )
    steps = np.unique(step_values)
    out = np.zeros(game.shape)
    if len(steps) == 0:
        raise SolverError("empirical_play: the frame records no play")
    profile = np.empty((len(steps), game.n_players), dtype=np.intp)
    position = {s: k for k, s in enumerate(steps.tolist())}
    seen = np.zeros((len(steps), game.n_players), dtype=np.int64)
    index = {p: i for i, p in enumerate(game.players)}
    strategy_index = [{s: k for k, s in enumerate(labels)} for labels in game.strategies]
    for step, player, strategy in zip(
        rows["step"].tolist(), rows["player"].tolist(), rows["strategy"].tolist(), strict=True
    ):
        i = index.get(player)
        k = strategy_index[i].get(strategy) if i is not None else None
        if k is None:
            raise SolverError(
                f"empirical_play: the frame has player {player!r} and strategy {strategy!r}, "
                "which are not in the game"
            )
        row = position[step]
        profile[row, i] = k
        seen[row, i] += 1
    if not (seen == 1).all():
        row, i = np.argwhere(seen != 1)[0]
        raise SolverError(
            f"empirical_play: at step {steps[row]} player {game.players[i]!r} played "
            f"{seen[row, i]} strategies; expected exactly one"
        )
    np.add.at(out, tuple(profile.T), 1.0)
    return out / len(steps)
