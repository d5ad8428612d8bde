"""The core, the least core and the nucleolus of a TU game, by linear programming.

For an allocation ``x`` of ``v(N)`` the *excess* of a coalition is
``e(S, x) = v(S) - x(S)``: how much better ``S`` would do on its own. The core
(Gillies 1959) holds the allocations with no positive excess. The ``eps``-core
holds those whose proper coalitions have excess at most ``eps``; the least core
is the smallest non-empty one, and its ``eps*`` is positive exactly when the core
is empty (Maschler, Peleg and Shapley 1979). The nucleolus (Schmeidler 1969)
lexicographically minimises the excesses sorted from largest down, over the
imputations (``x_i >= v({i})``); the pre-nucleolus does the same over all
allocations of ``v(N)``. Both are single points, and when the core is non-empty
both lie in it and coincide.

All linear programs run on the game scaled to a largest absolute worth of 1,
with scipy's HiGHS solver; decisions (is the core empty, is a coalition's
excess fixed) use a tolerance of about ``1e-9`` of that scale, and the results
are accurate to about ``1e-8`` of it. Each program has ``2**n - 2`` rows, so
at most :data:`MAX_LP_PLAYERS` players are accepted.

References
----------
Gillies, D. B. (1959). Solutions to general non-zero-sum games. *Contributions to the Theory
of Games IV*, Annals of Mathematics Studies 40: 47-85.
Schmeidler, D. (1969). The nucleolus of a characteristic function game. *SIAM Journal on
Applied Mathematics* 17(6): 1163-1170.
Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of the kernel,
nucleolus, and related solution concepts. *Mathematics of Operations Research* 4(4): 303-338.
Aumann, R. J. and Maschler, M. (1985). Game theoretic analysis of a bankruptcy problem from
the Talmud. *Journal of Economic Theory* 36(2): 195-213.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GameError, ParameterError, SolverError
from ..solvers._lp import _linprog
from .values import CharacteristicFunction, coerce

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_LP_PLAYERS",
    "LeastCore",
    "core_is_empty",
    "core_point",
    "in_core",
    "least_core",
    "nucleolus",
    "prenucleolus",
]

MAX_LP_PLAYERS = 16
"""Most players for the core, least core and nucleolus: each linear program has one row per
proper coalition (65,534 at 16), and the nucleolus solves up to a few dozen of them."""

_TOL = 1e-9  # decisions, relative to the largest absolute worth
_HIGHS_TOL = 1e-10  # HiGHS's feasibility tolerance: core constraints must hold tightly

Values = CharacteristicFunction | Mapping[frozenset[str], float]


def _prepared(values: Values) -> tuple[CharacteristicFunction, float, np.ndarray, np.ndarray]:
    """The game, its scale, the proper coalitions' incidence rows and their scaled worths."""
    game = coerce(values)
    if game.n > MAX_LP_PLAYERS:
        raise ParameterError(
            f"the core and nucleolus solve linear programs with one row per coalition; "
            f"{game.n} players is more than the limit of {MAX_LP_PLAYERS} "
            "(tradegame.coalitions.core.MAX_LP_PLAYERS)"
        )
    scale = float(np.max(np.abs(game.values))) or 1.0
    masks = np.arange(1, 2**game.n - 1)
    rows = ((masks[:, None] >> np.arange(game.n)) & 1).astype(float)
    return game, scale, rows, game.values[masks] / scale


def _least_eps(
    rows: np.ndarray,
    worths: np.ndarray,
    eq_rows: np.ndarray,
    eq_rhs: np.ndarray,
    bounds: list[tuple[float | None, float | None]],
) -> tuple[float, np.ndarray]:
    """Minimise ``eps`` subject to ``x(S) + eps >= v(S)`` for ``rows``, equalities, bounds."""
    n = rows.shape[1]
    cost = np.zeros(n + 1)
    cost[-1] = 1.0
    res = _linprog(
        cost,
        feasibility=_HIGHS_TOL,
        A_ub=np.hstack([-rows, -np.ones((rows.shape[0], 1))]),
        b_ub=-worths,
        A_eq=np.hstack([eq_rows, np.zeros((eq_rows.shape[0], 1))]),
        b_eq=eq_rhs,
        bounds=[*bounds, (None, None)],
    )
    if res.status != 0:  # feasible and bounded by construction; HiGHS failing is a bug
        raise SolverError(f"the least-core linear program failed: {res.message}")
    return float(res.x[-1]), res.x[:n]


def _max_coalition(
    target: np.ndarray,
    rows: np.ndarray,
    floors: np.ndarray,
    eq_rows: np.ndarray,
    eq_rhs: np.ndarray,
    bounds: list[tuple[float | None, float | None]],
) -> tuple[float, np.ndarray]:
    """Maximise ``x(target)`` subject to ``x(S) >= floors`` for ``rows``, equalities, bounds."""
    res = _linprog(
        -target,
        feasibility=_HIGHS_TOL,
        A_ub=-rows,
        b_ub=-floors,
        A_eq=eq_rows,
        b_eq=eq_rhs,
        bounds=bounds,
    )
    if res.status != 0:
        raise SolverError(f"a nucleolus linear program failed: {res.message}")
    return float(-res.fun), res.x


def _in_span(basis_rows: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Which ``rows`` lie in the row space of ``basis_rows``."""
    _, s, vt = np.linalg.svd(basis_rows, full_matrices=False)
    q = vt[s > 1e-9 * s[0]]
    resid = rows - (rows @ q.T) @ q
    return np.linalg.norm(resid, axis=1) < 1e-9


def _lexmin(values: Values, *, imputations: bool) -> tuple[CharacteristicFunction, np.ndarray]:
    """The (pre-)nucleolus by sequential linear programs (Maschler, Peleg and Shapley 1979).

    Each round minimises the largest excess ``eps`` of the coalitions not yet
    settled. A coalition is settled at ``eps`` only if its excess equals ``eps`` in
    *every* optimal solution, which is checked with one more program per
    candidate (maximise ``x(S)`` with the other excesses kept at most ``eps``);
    settling every coalition tight at one optimal solution instead can settle a
    coalition too early and give a wrong point. Coalitions whose sum ``x(S)`` is
    then fixed by the settled ones leave the free set too.
    """
    game, scale, rows, worths = _prepared(values)
    n = game.n
    total = game.values[-1] / scale
    singles = game.values[1 << np.arange(n)] / scale
    if imputations and singles.sum() > total + _TOL:
        raise GameError(
            f"the game has no imputations: v(N) = {game.values[-1]:g} is less than the sum "
            f"of the players' stand-alone worths, {singles.sum() * scale:g}"
        )
    if n == 1:
        return game, np.array([game.values[-1]])
    bounds: list[tuple[float | None, float | None]] = (
        [(float(s), None) for s in singles] if imputations else [(None, None)] * n
    )
    eq_rows = np.ones((1, n))
    eq_rhs = np.array([total])
    free = np.ones(len(rows), dtype=bool)
    x = np.zeros(n)
    for _ in range(len(rows) + 1):
        idx = np.flatnonzero(free)
        eps, x = _least_eps(rows[idx], worths[idx], eq_rows, eq_rhs, bounds)
        slack = rows[idx] @ x + eps - worths[idx]
        undecided = list(idx[slack <= _TOL])
        floors = worths[idx] - eps
        settled: list[int] = []
        closest: tuple[float, int] | None = None
        while undecided:
            r = undecided.pop()
            if settled and _in_span(np.vstack([eq_rows, rows[settled]]), rows[[r]])[0]:
                # x(S) is a combination of sums fixed on the optimal set: tight on all of it
                settled.append(r)
                continue
            best, y = _max_coalition(rows[r], rows[idx], floors, eq_rows, eq_rhs, bounds)
            room = best - floors[np.searchsorted(idx, r)]
            if room <= _TOL:
                settled.append(r)
                continue
            if closest is None or room < closest[0]:
                closest = (room, r)
            loose = set(idx[rows[idx] @ y - floors > _TOL].tolist())
            undecided = [u for u in undecided if u not in loose]
        if not settled:  # only rounding can cause this; settle the nearest candidate
            assert closest is not None
            settled = [closest[1]]
        for r in settled:  # keep the equalities independent: the others are implied
            if not _in_span(eq_rows, rows[[r]])[0]:
                eq_rows = np.vstack([eq_rows, rows[r]])
                # x(S) at the optimum found, within the tolerance of v(S) - eps; taking it
                # from x keeps the equalities consistent with each other and the bounds
                eq_rhs = np.append(eq_rhs, rows[r] @ x)
        free[settled] = False
        rest = np.flatnonzero(free)
        if rest.size:
            free[rest[_in_span(eq_rows, rows[rest])]] = False
        if not free.any():
            break
    point, *_ = np.linalg.lstsq(eq_rows, eq_rhs, rcond=None)
    point[np.abs(point) < 1e-12] = 0.0  # rounding noise around zero
    return game, point * scale


def nucleolus(values: Values) -> dict[str, float]:
    """The nucleolus ``{player: payoff}`` (Schmeidler 1969), by sequential linear programs.

    Among the imputations (allocations of ``v(N)`` giving each player at least
    its stand-alone worth), the one whose excesses, sorted from largest down,
    are lexicographically smallest. It exists and is unique when the game has an
    imputation, and lies in the core whenever the core is non-empty.

    Parameters
    ----------
    values : mapping or CharacteristicFunction
        ``{frozenset(members): worth}`` for every non-empty coalition.

    Examples
    --------
    The bankruptcy game of an estate of 200 and claims 100, 200, 300 (``v(S)`` is what is
    left after paying the others' claims in full); its nucleolus is the Talmud's division
    50, 75, 75 (Aumann and Maschler 1985, Table 1 and Theorem A).

    >>> from tradegame.coalitions import CharacteristicFunction, nucleolus
    >>> claims = {"a": 100.0, "b": 200.0, "c": 300.0}
    >>> game = CharacteristicFunction.from_function(
    ...     list(claims), lambda s: max(0.0, 200 - sum(d for p, d in claims.items() if p not in s)))
    >>> {p: round(x, 6) for p, x in nucleolus(game).items()}
    {'a': 50.0, 'b': 75.0, 'c': 75.0}
    """
    game, point = _lexmin(values, imputations=True)
    return {p: float(x) + 0.0 for p, x in zip(game.players, point, strict=True)}


def prenucleolus(values: Values) -> dict[str, float]:
    """The pre-nucleolus: the nucleolus's lexicographic rule over all allocations of ``v(N)``.

    Equal to the nucleolus whenever the core is non-empty (and for every
    zero-monotonic game); it exists for every game (Maschler, Peleg and Shapley 1979).

    Examples
    --------
    >>> from tradegame.coalitions import prenucleolus
    >>> v = {frozenset("a"): 3.0, frozenset("b"): 0.0, frozenset("ab"): 1.0}
    >>> {p: round(x, 6) for p, x in prenucleolus(v).items()}
    {'a': 2.0, 'b': -1.0}
    """
    game, point = _lexmin(values, imputations=False)
    return {p: float(x) + 0.0 for p, x in zip(game.players, point, strict=True)}


@dataclass(frozen=True)
class LeastCore:
    """The least core of a TU game (Maschler, Peleg and Shapley 1979).

    Attributes
    ----------
    epsilon : float
        Smallest ``eps`` for which some allocation of ``v(N)`` leaves every proper
        coalition an excess of at most ``eps``; positive exactly when the core is
        empty (the subsidy each coalition would need to accept the best allocation).
    point : dict
        A canonical point of the least core: the pre-nucleolus (Player name to payoff).
    core_empty : bool
        Whether the core is empty: ``epsilon`` above ``1e-9`` of the largest absolute worth.
    """

    epsilon: float
    point: dict[str, float]
    core_empty: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``epsilon``, ``point``, ``core_empty``."""
        return {
            "epsilon": float(self.epsilon),
            "point": {p: float(x) for p, x in self.point.items()},
            "core_empty": bool(self.core_empty),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per player: ``player``, ``payoff``, ``epsilon``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "player": list(self.point),
                "payoff": [float(x) for x in self.point.values()],
                "epsilon": float(self.epsilon),
            }
        )


def _epsilon(values: Values) -> tuple[CharacteristicFunction, float, float]:
    """The game, its least-core ``eps*`` and its scale."""
    game, scale, rows, worths = _prepared(values)
    if game.n == 1:
        return game, 0.0, scale
    eps, _ = _least_eps(
        rows, worths, np.ones((1, game.n)), game.values[-1:] / scale, [(None, None)] * game.n
    )
    return game, eps * scale, scale


def least_core(values: Values) -> LeastCore:
    """The least core's ``epsilon`` and a canonical point in it.

    ``epsilon`` is the smallest ``eps`` with some allocation ``x`` of ``v(N)`` such
    that ``x(S) >= v(S) - eps`` for every coalition other than the empty set and
    ``N`` (Maschler, Peleg and Shapley 1979, section 2; allocations need not be
    individually rational). The point returned is the pre-nucleolus, which lies in
    the least core. A one-player game has no proper coalitions; its ``epsilon`` is
    reported as 0.

    Examples
    --------
    Three-player majority game (any two players share 1): the core is empty and the
    least core is the single point (1/3, 1/3, 1/3) at ``epsilon = 1/3``.

    >>> from itertools import combinations
    >>> from tradegame.coalitions import least_core
    >>> majority = {frozenset(s): float(len(s) >= 2)
    ...             for k in (1, 2, 3) for s in combinations("abc", k)}
    >>> lc = least_core(majority)
    >>> round(lc.epsilon, 6), lc.core_empty, {p: round(x, 6) for p, x in lc.point.items()}
    (0.333333, True, {'a': 0.333333, 'b': 0.333333, 'c': 0.333333})
    """
    game, eps, scale = _epsilon(values)
    _, point = _lexmin(game, imputations=False)
    return LeastCore(
        core_empty=eps > _TOL * scale,
        epsilon=eps + 0.0,
        point={p: float(x) + 0.0 for p, x in zip(game.players, point, strict=True)},
    )


def core_is_empty(values: Values) -> bool:
    """Whether no allocation of ``v(N)`` gives every coalition at least its worth.

    Decided by the least-core linear program: empty when ``epsilon*`` exceeds
    ``1e-9`` of the largest absolute worth (Bondareva 1963 and Shapley 1967
    characterise the same sets as the balanced games).

    Examples
    --------
    >>> from tradegame.coalitions import core_is_empty
    >>> core_is_empty({frozenset("a"): 0.0, frozenset("b"): 0.0, frozenset("ab"): 1.0})
    False
    """
    _, eps, scale = _epsilon(values)
    return eps > _TOL * scale


def core_point(values: Values) -> dict[str, float] | None:
    """A canonical core allocation, or None when the core is empty.

    The point returned is the nucleolus, which lies in the core whenever the
    core is non-empty (Schmeidler 1969, section 3): it is unique, so the answer
    does not depend on the solver, and it sits as deep inside the core as any
    point can (it maximises the smallest slack ``x(S) - v(S)``, then the next).

    Examples
    --------
    The glove game: the core is the single point giving the left glove everything
    (Maschler, Solan and Zamir 2013, ch. 17).

    >>> from tradegame.coalitions import CharacteristicFunction, core_point
    >>> glove = CharacteristicFunction.from_function(
    ...     ["L", "R1", "R2"], lambda s: float("L" in s and len(s) >= 2))
    >>> {p: round(x, 6) for p, x in core_point(glove).items()}
    {'L': 1.0, 'R1': 0.0, 'R2': 0.0}
    >>> core_point({frozenset("a"): 0.0, frozenset("b"): 0.0, frozenset("ab"): -1.0}) is None
    True
    """
    game, eps, scale = _epsilon(values)
    if eps > _TOL * scale:
        return None
    _, point = _lexmin(game, imputations=False)
    return {p: float(x) + 0.0 for p, x in zip(game.players, point, strict=True)}


def in_core(values: Values, allocation: Mapping[str, float], *, tol: float = 1e-9) -> bool:
    """Whether ``allocation`` shares ``v(N)`` and gives every coalition at least its worth.

    ``tol`` is relative to the largest absolute worth. Allocations must name every
    player and no one else.

    Examples
    --------
    >>> from tradegame.coalitions import in_core
    >>> v = {frozenset("a"): 0.0, frozenset("b"): 0.0, frozenset("ab"): 1.0}
    >>> in_core(v, {"a": 0.3, "b": 0.7}), in_core(v, {"a": 1.2, "b": -0.2})
    (True, False)
    """
    game = coerce(values)
    x = _allocation(game, allocation, "allocation")
    if not (isinstance(tol, (int, float)) and 0 <= tol < 1):
        raise ParameterError(f"tol must be in [0, 1); got {tol!r}")
    slack = tol * max(float(np.max(np.abs(game.values))), 1e-300)
    masks = np.arange(2**game.n)
    sums = ((masks[:, None] >> np.arange(game.n)) & 1) @ x
    return bool(abs(sums[-1] - game.values[-1]) <= slack and np.all(sums >= game.values - slack))


def _allocation(game: CharacteristicFunction, allocation: object, what: str) -> np.ndarray:
    if not isinstance(allocation, Mapping):
        raise ParameterError(f"{what} must be a mapping from player name to payoff")
    extra = sorted(set(allocation) - set(game.players), key=str)
    missing = [p for p in game.players if p not in allocation]
    if extra or missing:
        raise ParameterError(
            f"{what} must name exactly the players {', '.join(game.players)}"
            + (f"; unknown {', '.join(map(repr, extra))}" if extra else "")
            + (f"; missing {', '.join(map(repr, missing))}" if missing else "")
        )
    x = np.array([float(allocation[p]) for p in game.players])
    if not np.isfinite(x).all():
        raise ParameterError(f"{what} must be finite")
    return x
