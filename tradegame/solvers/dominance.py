"""Iterated elimination of dominated strategies, by pure strategies or mixtures.

A strategy is strictly dominated when some mixture of the player's other
remaining strategies pays strictly more against every profile of the other
players' remaining strategies; whether such a mixture exists is a linear
program (solved with HiGHS). Strict elimination is order independent, so
each round removes every strictly dominated strategy of every player at
once. Weak dominance (at least as good everywhere, better somewhere) is
order dependent; here each round removes every weakly dominated strategy
simultaneously, and the result says so.

References
----------
Fudenberg, D., Tirole, J. (1991). *Game Theory*, section 2.1. MIT Press.
Myerson, R. (1991). *Game Theory: Analysis of Conflict*, section 3.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..game import Game, require_game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._lp import _own_rows, best_mixture_margin
from ._scale import normalized
from .result import DEFAULT_TOL, check_flag, check_tol

__all__ = ["DominanceResult", "Elimination", "iterated_dominance"]


@dataclass(frozen=True)
class Elimination:
    """One eliminated strategy, the round it fell in, and what dominates it."""

    round: int
    player: str
    strategy: str
    dominated_by: dict[str, float]
    """The dominating pure strategy or mixture, ``{strategy: probability}``."""


@dataclass(frozen=True)
class DominanceResult:
    """Outcome of iterated elimination.

    Attributes
    ----------
    game : Game
        The original game.
    reduced : Game
        The game on the surviving strategies.
    eliminated : tuple of Elimination
        Strategies removed, in order.
    weak, mixed : bool
        Which kind of dominance was used.
    stopped : str or None
        Why elimination stopped before no dominated strategy was left (the
        time limit), or None. When set, ``reduced`` may still hold dominated
        strategies.
    """

    game: Game
    reduced: Game
    eliminated: tuple[Elimination, ...]
    weak: bool
    mixed: bool
    stopped: str | None = None

    @property
    def method(self) -> str:
        kind = "weak" if self.weak else "strict"
        return f"iterated-{kind}-dominance" + ("" if self.mixed else "-pure")


def _dominated(
    rows: np.ndarray, s: int, *, mixed: bool, weak: bool, atol: float, budget: Budget
) -> np.ndarray | None:
    """A mixture over ``rows`` (zero at ``s``) that dominates row ``s``, or None."""
    target = rows[s]
    diffs = rows - target  # (k, c)
    k = rows.shape[0]
    others = [t for t in range(k) if t != s]
    for t in others:  # pure dominators first: cheaper and easier to read
        d = diffs[t]
        if (weak and d.min() >= 0 and d.max() > atol) or (not weak and d.min() > atol):
            sigma = np.zeros(k)
            sigma[t] = 1.0
            return sigma
    if not mixed or len(others) < 2:
        return None
    margin, sub = best_mixture_margin(
        rows[others], target, weak=weak, time_limit=budget.remaining()
    )
    if not np.isfinite(margin):
        return None
    sigma = np.zeros(k)
    sigma[others] = sub
    d = sigma @ rows - target  # verify the LP's answer directly
    if (weak and d.min() >= -atol and d.sum() > atol) or (not weak and d.min() > atol):
        return sigma
    return None


def iterated_dominance(
    game: Game,
    *,
    weak: bool = False,
    mixed: bool = True,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> DominanceResult:
    """Remove dominated strategies until none is left.

    Parameters
    ----------
    game : Game
    weak : bool, optional
        Eliminate weakly dominated strategies (order dependent; all weakly
        dominated strategies of a round go at once). Default: strict.
    mixed : bool, optional
        Allow mixtures as dominators (default) or only pure strategies.
    tol : float, optional
        Relative tolerance: a margin counts as positive above ``tol`` times
        the player's payoff range, so the answer does not depend on units.
    time_limit : float or None, optional
        Seconds allowed (default :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`);
        checked before each linear program.

    Returns
    -------
    DominanceResult

    Examples
    --------
    In the tariff prisoners' dilemma, free trade is strictly dominated:

    >>> import tradegame as tg
    >>> g = tg.Game.from_bimatrix([[100, 70], [120, 90]], [[100, 120], [70, 90]],
    ...                           strategies=(("FT", "OT"), ("FT", "OT")))
    >>> tg.iterated_dominance(g).reduced.strategies
    (('OT',), ('OT',))
    """
    require_game(game, "iterated_dominance")
    weak = check_flag("weak", weak)
    mixed = check_flag("mixed", mixed)
    tol = check_tol(tol)
    budget = Budget("iterated-dominance", time_limit)
    scaled = normalized(game.payoff_tensor[None])[0]  # margins in units of each player's range
    remaining = [list(range(n)) for n in game.shape]
    eliminated: list[Elimination] = []
    round_no = 0
    while not budget.expired():
        round_no += 1
        sub = scaled[(slice(None), *np.ix_(*remaining))]
        removals: list[tuple[int, int, np.ndarray]] = []
        for i in range(game.n_players):
            if len(remaining[i]) < 2:
                continue
            rows = _own_rows(sub[i], i)
            for s in range(rows.shape[0]):
                if budget.expired():
                    break
                sigma = _dominated(rows, s, mixed=mixed, weak=weak, atol=tol, budget=budget)
                if sigma is not None:
                    removals.append((i, s, sigma))
        if not removals:
            break
        # a round cut short by the time limit still applies what it found: each was dominated
        drop: list[set[int]] = [set() for _ in remaining]
        for i, s, sigma in removals:
            labels = game.strategies[i]
            by = {labels[remaining[i][t]]: float(p) for t, p in enumerate(sigma) if p > 1e-12}
            eliminated.append(Elimination(round_no, game.players[i], labels[remaining[i][s]], by))
            drop[i].add(s)
        remaining = [
            [r for k, r in enumerate(rem) if k not in d]
            for rem, d in zip(remaining, drop, strict=True)
        ]
    reduced = Game(
        game.payoff_tensor[(slice(None), *np.ix_(*remaining))],
        game.players,
        tuple(tuple(game.strategies[i][k] for k in rem) for i, rem in enumerate(remaining)),
        name=game.name,
        source=game.source,
    )
    return DominanceResult(game, reduced, tuple(eliminated), weak, mixed, budget.stopped)
