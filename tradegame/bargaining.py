"""Bargaining solutions: Nash, Kalai-Smorodinsky, Nash's variable threats and Rubinstein.

A *bargaining problem* is a feasible set of payoff vectors and a
*disagreement point* ``d``, the payoffs each player gets if no deal is made.
Here the feasible set is the convex hull of finitely many payoff vectors (the
``points``: the payoffs of the deals on the table, which the players may
also mix by lottery or by splitting the difference). Free disposal is not
assumed: a point is feasible only if it is in the hull, except in the
Kalai-Smorodinsky solution, which is defined on the comprehensive hull (see
:func:`kalai_smorodinsky`).

Every computation is made in *normalized gains*: each player's payoff minus
its disagreement payoff, divided by the largest gain any point offers that
player. All solutions here are invariant to a positive affine change of any
player's utility, so this changes no answer, and tolerances are then
relative: payoffs in USD or in USD bn give the same deal.

References
----------
Binmore, K., Shaked, A., Sutton, J. (1989). An outside option experiment.
*Quarterly Journal of Economics* 104(4), 753-770.
Boyd, S., Vandenberghe, L. (2004). *Convex Optimization*. Cambridge UP, ch. 5.
Kalai, E. (1977). Nonsymmetric Nash solutions and replications of 2-person
bargaining. *International Journal of Game Theory* 6(3), 129-133.
Kalai, E., Smorodinsky, M. (1975). Other solutions to Nash's bargaining
problem. *Econometrica* 43(3), 513-518.
Luce, R. D., Raiffa, H. (1957). *Games and Decisions*. Wiley, section 6.9.
Muthoo, A. (1999). *Bargaining Theory with Applications*. Cambridge UP, ch. 5.
Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155-162.
Nash, J. F. (1953). Two-person cooperative games. *Econometrica* 21(1), 128-140.
Osborne, M. J., Rubinstein, A. (1990). *Bargaining and Markets*. Academic
Press, section 3.12.
Owen, G. (1995). *Game Theory*, 3rd ed. Academic Press.
Roth, A. E. (1979). *Axiomatic Models of Bargaining*. Springer, ch. I.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
*Econometrica* 50(1), 97-109.
Thomson, W. (1994). Cooperative models of bargaining. *Handbook of Game Theory*
vol. 2, ch. 35. Elsevier.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from .economics._checks import as_array, require
from .errors import GameError, ParameterError, SolverError
from .game import Game, hash_key, require_game
from .solvers._lp import _linprog, maximin_mixture
from .solvers._scale import tamed
from .solvers.result import _fields_equal, _frozen

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BargainingSolution",
    "ThreatSolution",
    "kalai_smorodinsky",
    "kalai_smorodinsky_solution",
    "nash_bargaining",
    "nash_bargaining_batch",
    "nash_bargaining_solution",
    "rubinstein",
    "surplus_split",
    "variable_threat",
    "variable_threat_batch",
]

_INFEASIBLE = "no feasible point gives every player more than the disagreement point"
_GAIN_TOL = 1e-10  # a normalized gain at most this small counts as no gain
_OPTIMALITY_TOL = 1e-7  # largest accepted first-order gap of the general-n Nash optimum
_RESIDUE = 1e-12  # a hull weight or threat probability this small is a rounding residue
_CELLS = 1 << 16  # segments evaluated at once by the batch kernel (fits in cache)


# ------------------------------------------------------------------------- records


@dataclass(frozen=True, eq=False)
class BargainingSolution:
    """A bargaining solution and the hull weights that produce it.

    Attributes
    ----------
    payoffs : ndarray, shape (n,)
        Each player's payoff in the solution.
    gains : ndarray, shape (n,)
        ``payoffs - disagreement``: what each player gains from the deal.
    disagreement : ndarray, shape (n,)
        The disagreement point.
    weights_on_points : ndarray, shape (m,)
        Convex weights over the given points whose mixture is the solution
        (Nash) or weakly dominates it (Kalai-Smorodinsky with three or more
        players; equal to it for two). For two players at most two weights are
        non-zero: the deal lies between those two points.
    method : str
        ``"nash"`` or ``"kalai-smorodinsky"``.
    bargaining_weights : ndarray or None
        The Nash product's exponents, scaled to sum to one (equal weights for
        the symmetric solution); None for Kalai-Smorodinsky.
    """

    payoffs: np.ndarray
    gains: np.ndarray
    disagreement: np.ndarray
    weights_on_points: np.ndarray
    method: str
    bargaining_weights: np.ndarray | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BargainingSolution):
            return NotImplemented
        return _fields_equal(self, other)

    def __hash__(self) -> int:
        return hash(tuple(hash_key(getattr(self, f.name)) for f in fields(self)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: plain floats and lists.

        Keys: ``method``, ``payoffs``, ``gains``, ``disagreement``,
        ``weights_on_points``, ``bargaining_weights`` (None for
        Kalai-Smorodinsky).
        """
        weights = self.bargaining_weights
        return {
            "method": self.method,
            "payoffs": [float(v) for v in self.payoffs],
            "gains": [float(v) for v in self.gains],
            "disagreement": [float(v) for v in self.disagreement],
            "weights_on_points": [float(v) for v in self.weights_on_points],
            "bargaining_weights": None if weights is None else [float(v) for v in weights],
        }

    def to_frame(self) -> pd.DataFrame:
        """Tidy table, one row per player (numbered from 0).

        Columns: ``method``, ``player``, ``disagreement``, ``payoff``, ``gain``,
        ``bargaining_weight`` (NaN for Kalai-Smorodinsky).
        """
        import pandas as pd

        n = len(self.payoffs)
        weights = np.full(n, np.nan) if self.bargaining_weights is None else self.bargaining_weights
        return pd.DataFrame(
            {
                "method": [self.method] * n,
                "player": np.arange(n, dtype=int),
                "disagreement": self.disagreement.astype(float),
                "payoff": self.payoffs.astype(float),
                "gain": self.gains.astype(float),
                "bargaining_weight": np.asarray(weights, dtype=float),
            }
        )


@dataclass(frozen=True, eq=False)
class ThreatSolution:
    """Nash's (1953) variable-threat solution of a two-player game with transferable utility.

    Attributes
    ----------
    players : tuple of str
        The two players' names.
    strategies : tuple of tuple of str
        Each player's strategy labels.
    threats : tuple of ndarray
        Each player's optimal threat: a mixed strategy that is optimal in the
        zero-sum *difference game* with payoff ``u1 - u2`` to player 1.
    threat_value : float
        The value ``v`` of the difference game.
    disagreement : ndarray, shape (2,)
        Expected payoffs when both players carry out their threats.
    deal : tuple of str
        The strategy labels of a profile that maximises ``u1 + u2``.
    joint_payoff : float
        ``W``, the largest ``u1 + u2`` of any profile.
    payoffs : ndarray, shape (2,)
        ``((W + v) / 2, (W - v) / 2)``: the deal's joint payoff shared after a
        side payment.
    gains : ndarray, shape (2,)
        ``payoffs - disagreement``; the two gains are equal.
    """

    players: tuple[str, str]
    strategies: tuple[tuple[str, ...], tuple[str, ...]]
    threats: tuple[np.ndarray, np.ndarray]
    threat_value: float
    disagreement: np.ndarray
    deal: tuple[str, str]
    joint_payoff: float
    payoffs: np.ndarray
    gains: np.ndarray

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ThreatSolution):
            return NotImplemented
        return _fields_equal(self, other)

    def __hash__(self) -> int:
        return hash(tuple(hash_key(getattr(self, f.name)) for f in fields(self)))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: per-player mappings keyed by player name.

        Keys: ``players``, ``threats`` (player -> strategy -> probability, the
        strategies played with positive probability), ``threat_value``,
        ``disagreement``, ``deal`` (player -> strategy), ``joint_payoff``,
        ``payoffs``, ``gains``.
        """
        pairs = list(zip(self.players, range(2), strict=True))
        return {
            "players": list(self.players),
            "threats": {
                p: {
                    s: float(q)
                    for s, q in zip(self.strategies[i], self.threats[i], strict=True)
                    if q > 0
                }
                for p, i in pairs
            },
            "threat_value": float(self.threat_value),
            "disagreement": {p: float(self.disagreement[i]) for p, i in pairs},
            "deal": {p: self.deal[i] for p, i in pairs},
            "joint_payoff": float(self.joint_payoff),
            "payoffs": {p: float(self.payoffs[i]) for p, i in pairs},
            "gains": {p: float(self.gains[i]) for p, i in pairs},
        }

    def to_frame(self) -> pd.DataFrame:
        """Tidy table, one row per player and strategy.

        Columns: ``player``, ``strategy``, ``threat_probability``, ``in_deal``
        (whether the deal uses the strategy), ``disagreement``, ``payoff``,
        ``gain`` (the last three repeat the player's values).
        """
        import pandas as pd

        rows = [
            (
                player,
                label,
                float(self.threats[i][s]),
                label == self.deal[i],
                float(self.disagreement[i]),
                float(self.payoffs[i]),
                float(self.gains[i]),
            )
            for i, player in enumerate(self.players)
            for s, label in enumerate(self.strategies[i])
        ]
        return pd.DataFrame(
            rows,
            columns=[
                "player",
                "strategy",
                "threat_probability",
                "in_deal",
                "disagreement",
                "payoff",
                "gain",
            ],
        )


# ------------------------------------------------------------------ argument checks
def _finite(name: str, value: object) -> np.ndarray:
    arr = as_array(name, value)
    require(name, arr, np.isfinite, "finite")
    return arr


def _problem(points: object, disagreement: object) -> tuple[np.ndarray, np.ndarray]:
    """Checked ``(points (m, n), disagreement (n,))`` of one bargaining problem."""
    p = _finite("points", points)
    if p.ndim != 2:
        raise ParameterError(
            f"points must be a 2-d array (one row per feasible payoff vector, one column per "
            f"player); got shape {p.shape}"
        )
    m, n = p.shape
    if n < 2:
        raise ParameterError(f"points must have one column per player, at least 2; got {n}")
    if m < 2:
        raise ParameterError(
            f"points must hold at least two payoff vectors (the feasible set is their convex "
            f"hull); got {m}"
        )
    d = _finite("disagreement", disagreement)
    if d.shape != (n,):
        raise ParameterError(
            f"disagreement must have one entry per player ({n}, the columns of points); "
            f"got shape {d.shape}"
        )
    return p, d


def _bargaining_weights(weights: object, n: int) -> np.ndarray:
    if weights is None:
        return np.full(n, 1.0 / n)
    w = _finite("weights", weights)
    if w.shape != (n,):
        raise ParameterError(f"weights must have one entry per player ({n}); got shape {w.shape}")
    require("weights", w, lambda x: x > 0, "positive")
    return w / w.sum()


def _normalized(p: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gains ``(p - d) / s``, with ``s`` each player's largest gain; raise if some ``s <= 0``."""
    gains = p - d[..., None, :]
    span = np.maximum(p.max(axis=-2), d) - np.minimum(p.min(axis=-2), d)
    s = gains.max(axis=-2)
    if np.any(s <= _GAIN_TOL * span):
        raise ParameterError(_INFEASIBLE)
    return gains / s[..., None, :], s


# --------------------------------------------------------------- segment kernels
# A segment is the set of gain vectors ``a + t b``, t in [0, 1], between two points; the
# kernels take its coordinates as arrays of any (common) shape, one segment per entry.
def _gain_interval(
    a1: np.ndarray, a2: np.ndarray, b1: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``t`` in [0, 1] with both gains ``a + t b >= 0``: ``(lo, hi, empty)``."""
    lo = np.zeros(np.shape(a1))
    hi = np.ones(np.shape(a1))
    empty = np.zeros(np.shape(a1), dtype=bool)
    for a, b in ((a1, b1), (a2, b2)):
        r = -a / np.where(b == 0, 1.0, b)
        lo = np.where(b > 0, np.maximum(lo, r), lo)
        hi = np.where(b < 0, np.minimum(hi, r), hi)
        empty |= (b == 0) & (a < 0)
    return lo, hi, empty | (lo > hi)


def _segment_nash(
    a1: np.ndarray, a2: np.ndarray, b1: np.ndarray, b2: np.ndarray, w1: Any, w2: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Maximize ``w1 log(a1 + t b1) + w2 log(a2 + t b2)`` over ``t`` in [0, 1].

    The objective is concave in ``t``. When the gains move in opposite
    directions (``b1 b2 < 0``) its maximum over the interval where both gains
    are non-negative is the stationary point
    ``t* = -(w1 b1 a2 + w2 b2 a1) / ((w1 + w2) b1 b2)`` clipped to the
    interval; otherwise it is the end where both gains are highest. Returns
    ``(t, value)``, the value ``-inf`` where no point of the segment gives both
    players a positive gain. The weights sum to one.
    """
    lo, hi, empty = _gain_interval(a1, a2, b1, b2)
    cross = b1 * b2
    inner = cross < 0
    stationary = -(w1 * b1 * a2 + w2 * b2 * a1) / np.where(inner, cross, -1.0)
    rising = (b1 >= 0) & (b2 >= 0)
    t = np.where(inner, np.clip(stationary, lo, np.maximum(lo, hi)), np.where(rising, hi, lo))
    with np.errstate(divide="ignore"):
        value = w1 * np.log(np.maximum(a1 + t * b1, 0.0)) + w2 * np.log(
            np.maximum(a2 + t * b2, 0.0)
        )
    return t, np.where(empty, -np.inf, value)


def _segment_maxmin(
    a1: np.ndarray, a2: np.ndarray, b1: np.ndarray, b2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Maximize ``min(a1 + t b1, a2 + t b2)`` over ``t`` in [0, 1]: ``(t, value)``.

    The minimum is concave and piecewise linear: it is highest at ``t = 1``
    when both gains rise, at ``t = 0`` when both fall, and otherwise where
    they cross (clipped to the segment).
    """
    diff = b1 - b2
    crossing = np.clip((a2 - a1) / np.where(diff == 0, 1.0, diff), 0.0, 1.0)
    t = np.where((b1 >= 0) & (b2 >= 0), 1.0, np.where((b1 <= 0) & (b2 <= 0), 0.0, crossing))
    return t, np.minimum(a1 + t * b1, a2 + t * b2)


def _ends(x: np.ndarray, j: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, ...]:
    """``(a1, a2, b1, b2)`` of the segments from points ``j`` to points ``k`` (last axis)."""
    a1, a2 = x[..., j, 0], x[..., j, 1]
    return a1, a2, x[..., k, 0] - a1, x[..., k, 1] - a2


def _frontier_chain(x: np.ndarray) -> np.ndarray:
    """Indices of the vertices of the hull's Pareto frontier, by increasing first coordinate.

    The Pareto-efficient points form a staircase (first coordinate up, second
    down); the frontier of their convex hull is the staircase's upper concave
    chain (Andrew's monotone chain, 1979).
    """
    order = np.lexsort((-x[:, 1], -x[:, 0]))  # first coordinate down, ties: second down
    second = x[order, 1]
    previous = np.concatenate([[-np.inf], np.maximum.accumulate(second)[:-1]])
    stair = order[second > previous][::-1]
    chain: list[int] = []
    for k in stair:
        while len(chain) >= 2:
            o, p = x[chain[-2]], x[chain[-1]]
            q = x[k]
            if (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]) >= 0:
                chain.pop()  # p is on or below the chord o-q
            else:
                break
        chain.append(int(k))
    return np.array(chain, dtype=int)


def _chain_segments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    chain = _frontier_chain(x)
    if len(chain) == 1:
        return chain, chain
    return chain[:-1], chain[1:]


def _mixture(m: int, j: int, k: int, t: float) -> np.ndarray:
    mu = np.zeros(m)
    mu[j] += 1.0 - t
    mu[k] += t
    return mu


# ------------------------------------------------------------------------- Nash
def _nash_two(p: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Hull weights of the two-player Nash solution, maximised edge by edge in closed form."""
    x, _ = _normalized(p, d)
    j, k = _chain_segments(x)
    ends = _ends(x, j, k)
    _, floor = _segment_maxmin(*ends)
    if floor.max() <= _GAIN_TOL:
        raise ParameterError(_INFEASIBLE)
    t, values = _segment_nash(*ends, w[0], w[1])
    e = int(values.argmax())
    return _mixture(len(p), int(j[e]), int(k[e]), float(t[e]))


def _nash_general(p: np.ndarray, d: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Hull weights of the Nash solution for any number of players.

    With gains ``x_k`` of the points (normalized so each player's largest is
    1) and weights summing to one, the gain vector ``g`` maximizing
    ``sum_i w_i log g_i`` over the hull is characterized by a supporting
    hyperplane: ``lambda = w / g`` satisfies ``lambda . x_k <= 1`` for every
    point, with equality on the points that make up ``g``. ``lambda`` solves
    the dual problem, maximize ``sum_i w_i log lambda_i`` subject to
    ``X lambda <= 1`` (Lagrangian duality; Boyd and Vandenberghe 2004,
    section 5.2), which has one variable per player and is solved by SLSQP.
    The hull weights of ``g`` then come from a linear program (HiGHS), and the
    answer is accepted only if it satisfies the first-order optimality
    condition ``sum_i w_i x_ki / g_i <= 1 + 1e-7`` for every point ``k``;
    since the objective is concave, this bounds how far the Nash product's
    logarithm is from its maximum.
    """
    from scipy.optimize import minimize

    x, _ = _normalized(p, d)
    n = x.shape[1]
    start = maximin_mixture(x)
    assert start is not None  # no time limit
    if start[0] <= _GAIN_TOL:
        raise ParameterError(_INFEASIBLE)
    lam = np.full(n, 1.0 / n)  # feasible: every normalized gain is at most 1
    gap, mu = np.inf, np.zeros(len(x))
    for _ in range(4):  # each round rescales the variables so the last answer is (1, ..., 1)
        scaled = x * lam
        res = minimize(
            lambda z: (-float(w @ np.log(z)), -w / z),
            np.ones(n),
            jac=True,
            method="SLSQP",
            bounds=[(1e-12, None)] * n,
            constraints=[
                {
                    "type": "ineq",
                    "fun": lambda z, a=scaled: 1.0 - a @ z,
                    "jac": lambda z, a=scaled: -a,
                }
            ],
            options={"ftol": 1e-16, "maxiter": 1000},
        )
        if not np.all(np.isfinite(res.x)) or np.any(res.x <= 0):
            break
        lam = lam * res.x
        target = w / lam
        found = maximin_mixture(x / target)  # the hull point nearest ``target`` on its ray
        assert found is not None  # no time limit
        candidate = np.where(found[1] < _RESIDUE, 0.0, found[1])
        candidate /= candidate.sum()
        g = x.T @ candidate
        new_gap = float((x @ (w / g)).max() - 1.0) if np.all(g > 0) else np.inf
        if new_gap < gap:
            gap, mu = new_gap, candidate
        if gap <= _OPTIMALITY_TOL * 1e-2:
            break
        lam = w / g if np.all(g > 0) else lam
    if not gap <= _OPTIMALITY_TOL:
        raise SolverError(
            f"the Nash bargaining optimization did not converge (first-order gap {gap:.2g}); "
            "remove dominated points or rescale the problem"
        )
    return mu


def nash_bargaining_solution(
    points: object, disagreement: object, *, weights: object = None
) -> BargainingSolution:
    """The (weighted) Nash bargaining solution, with the hull weights that produce it.

    Maximizes the Nash product ``prod_i (u_i - d_i) ** w_i`` over the convex
    hull of ``points`` restricted to ``u >= d`` (Nash 1950; the weighted,
    generalized solution of Kalai 1977 and Roth 1979, ch. I). Equal weights
    give Nash's symmetric solution; only the weights' ratios matter.

    For two players the answer is exact: the maximum lies on an edge of the
    hull's Pareto frontier, where the product is a concave function of one
    variable maximised in closed form (a stationary point or an end). For
    three or more players it is found by convex optimization over the hull
    weights and checked against the first-order optimality condition, to
    within ``1e-7`` of the Nash product's logarithm.

    Parameters
    ----------
    points : array_like, shape (m, n)
        Feasible payoff vectors, ``m >= 2`` points for ``n >= 2`` players.
    disagreement : array_like, shape (n,)
        Payoffs if there is no deal. It need not be in the hull.
    weights : array_like, shape (n,), optional
        Positive bargaining weights (exponents of the Nash product).

    Returns
    -------
    BargainingSolution

    Raises
    ------
    ParameterError
        On malformed input, or if no point of the hull gives every player
        strictly more than ``disagreement`` (the problem has no deal).

    Examples
    --------
    >>> from tradegame.bargaining import nash_bargaining_solution
    >>> sol = nash_bargaining_solution([[1, 0], [0, 1]], [0.2, 0])
    >>> sol.payoffs.round(3).tolist(), sol.gains.round(3).tolist()
    ([0.6, 0.4], [0.4, 0.4])
    >>> sol.weights_on_points.round(3).tolist()
    [0.6, 0.4]
    """
    p, d = _problem(points, disagreement)
    w = _bargaining_weights(weights, p.shape[1])
    mu = _nash_two(p, d, w) if p.shape[1] == 2 else _nash_general(p, d, w)
    u = mu @ p
    return BargainingSolution(
        payoffs=_frozen(u),
        gains=_frozen(u - d),
        disagreement=_frozen(d),
        weights_on_points=_frozen(mu),
        method="nash",
        bargaining_weights=_frozen(w),
    )


def nash_bargaining(points: object, disagreement: object, *, weights: object = None) -> np.ndarray:
    """The (weighted) Nash bargaining solution's payoff vector, shape ``(n,)``.

    See :func:`nash_bargaining_solution` for the definition, the method and
    the errors (Nash 1950; Kalai 1977; Roth 1979).

    Examples
    --------
    >>> from tradegame.bargaining import nash_bargaining
    >>> nash_bargaining([[1, 0], [0, 1]], [0, 0]).round(3).tolist()
    [0.5, 0.5]
    >>> nash_bargaining([[1, 0], [0, 1]], [0, 0], weights=[3, 1]).round(3).tolist()
    [0.75, 0.25]
    """
    return nash_bargaining_solution(points, disagreement, weights=weights).payoffs.copy()


def nash_bargaining_batch(
    points: object, disagreement: object, *, weights: object = None
) -> np.ndarray:
    """Two-player Nash bargaining solutions of a batch of problems, shape ``(B, 2)``.

    The exact edge-by-edge method of :func:`nash_bargaining_solution`, run over
    every segment between two of the ``m`` points of every problem at once
    (each segment lies in the hull and every edge of the hull is one of them),
    so the cost is ``B * m * (m - 1) / 2`` segment evaluations in numpy, with
    no Python loop over the batch: 10,000 problems of 20 points take a few
    tens of milliseconds.

    Parameters
    ----------
    points : array_like, shape (B, m, 2)
        Each problem's feasible payoff vectors (``m >= 2``).
    disagreement : array_like, shape (B, 2) or (2,)
        Each problem's disagreement point (one shared by all if 1-d).
    weights : array_like, shape (B, 2) or (2,), optional
        Positive bargaining weights.

    Raises
    ------
    ParameterError
        On malformed input, or naming the first problem that has no deal.

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.bargaining import nash_bargaining_batch
    >>> points = np.array([[[1, 0], [0, 1]], [[2, 0], [0, 1]]])
    >>> nash_bargaining_batch(points, [[0.2, 0], [0, 0]]).round(3).tolist()
    [[0.6, 0.4], [1.0, 0.5]]
    """
    p = _finite("points", points)
    if p.ndim != 3 or p.shape[2] != 2:
        raise ParameterError(
            f"points must have shape (B, m, 2): B problems of m payoff vectors for two "
            f"players; got shape {p.shape}"
        )
    n_batch, m, _ = p.shape
    if m < 2:
        raise ParameterError(
            f"points must hold at least two payoff vectors per problem (the feasible set is "
            f"their convex hull); got {m}"
        )
    d = _finite("disagreement", disagreement)
    if d.shape not in {(2,), (n_batch, 2)}:
        raise ParameterError(
            f"disagreement must have shape ({n_batch}, 2) or (2,); got shape {d.shape}"
        )
    if weights is None:
        w = np.full((n_batch, 2), 0.5)
    else:
        w = _finite("weights", weights)
        if w.shape not in {(2,), (n_batch, 2)}:
            raise ParameterError(
                f"weights must have shape ({n_batch}, 2) or (2,); got shape {w.shape}"
            )
        require("weights", w, lambda v: v > 0, "positive")
        w = np.broadcast_to(w / w.sum(axis=-1, keepdims=True), (n_batch, 2))
    d = np.broadcast_to(d, (n_batch, 2))
    gains = p - d[:, None, :]
    s = gains.max(axis=1)
    span = np.maximum(p.max(axis=1), d) - np.minimum(p.min(axis=1), d)
    _raise_infeasible(s <= _GAIN_TOL * span)
    x = gains / s[:, None, :]
    j, k = np.triu_indices(m, 1)
    out = np.empty((n_batch, 2))
    step = max(1, _CELLS // len(j))
    for start in range(0, n_batch, step):  # blocks bound the memory, not a loop per problem
        rows = slice(start, start + step)
        ends = _ends(x[rows], j, k)
        _, floor = _segment_maxmin(*ends)
        _raise_infeasible(floor.max(axis=1)[:, None] <= _GAIN_TOL, offset=start)
        t, values = _segment_nash(*ends, w[rows, 0, None], w[rows, 1, None])
        e = values.argmax(axis=1)
        tb = t[np.arange(len(e)), e][:, None]
        pr = p[rows]
        picked = np.arange(len(e))
        out[rows] = (1.0 - tb) * pr[picked, j[e]] + tb * pr[picked, k[e]]
    return out


def _raise_infeasible(bad: np.ndarray, offset: int = 0) -> None:
    rows = np.flatnonzero(bad.any(axis=-1))
    if len(rows):
        raise ParameterError(f"problem {int(rows[0]) + offset}: {_INFEASIBLE}")


# ----------------------------------------------------------- Kalai-Smorodinsky
def _ks_two(p: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """``(lambda, ideal gains, hull weights)`` of the two-player Kalai-Smorodinsky solution."""
    x, s = _normalized(p, d)
    j, k = _chain_segments(x)
    a1, a2, b1, b2 = _ends(x, j, k)
    lo, hi, empty = _gain_interval(a1, a2, b1, b2)
    ideal = np.array(
        [
            np.where(empty, -np.inf, np.maximum(a + lo * b, a + hi * b)).max()
            for a, b in ((a1, b1), (a2, b2))
        ]
    )
    if not np.all(ideal > _GAIN_TOL):
        raise ParameterError(_INFEASIBLE)
    t, level = _segment_maxmin(a1 / ideal[0], a2 / ideal[1], b1 / ideal[0], b2 / ideal[1])
    e = int(level.argmax())
    if level[e] <= _GAIN_TOL:
        raise ParameterError(_INFEASIBLE)
    return float(level[e]), ideal * s, _mixture(len(p), int(j[e]), int(k[e]), float(t[e]))


def _ks_general(p: np.ndarray, d: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """The same for any number of players: one linear program per player, then the max-min."""
    x, s = _normalized(p, d)
    m, n = x.shape
    ideal = np.empty(n)
    for i in range(n):  # the largest gain of player i over the hull with every gain >= 0
        res = _linprog(
            -x[:, i],
            A_ub=-x.T,
            b_ub=np.zeros(n),
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            bounds=[(0, None)] * m,
        )
        if res.status != 0:
            raise ParameterError(_INFEASIBLE)
        ideal[i] = -res.fun
    if not np.all(ideal > _GAIN_TOL):
        raise ParameterError(_INFEASIBLE)
    found = maximin_mixture(x / ideal)
    assert found is not None  # no time limit
    level, mu = found
    if level <= _GAIN_TOL:
        raise ParameterError(_INFEASIBLE)
    mu = np.where(mu < _RESIDUE, 0.0, mu)
    return min(level, 1.0), ideal * s, mu / mu.sum()


def kalai_smorodinsky_solution(points: object, disagreement: object) -> BargainingSolution:
    """The Kalai-Smorodinsky solution, with hull weights that produce it.

    The *ideal point* ``I`` gives each player the most it can get in the hull
    without leaving any player below the disagreement point ``d``. The
    solution is the largest point of the feasible set on the segment from
    ``d`` to ``I``: ``d + lambda (I - d)`` with ``lambda`` as large as
    possible (Kalai and Smorodinsky 1975, who characterize it by replacing
    Nash's independence of irrelevant alternatives with *individual
    monotonicity*). As in their paper and in Thomson (1994, Handbook of Game
    Theory vol. 2, ch. 35), the feasible set is taken to be comprehensive:
    payoff can be given away (free disposal), so ``lambda`` is the largest
    value for which some hull point gives every player at least
    ``d + lambda (I - d)``.

    For two players the segment always meets the hull's Pareto frontier, so
    the solution is a hull point and ``weights_on_points`` reproduce it
    (exact, edge by edge). For three or more players it is found by linear
    programs (HiGHS) and ``weights_on_points`` give a hull point that weakly
    dominates it.

    Parameters
    ----------
    points : array_like, shape (m, n)
        Feasible payoff vectors (``m >= 2``, ``n >= 2``).
    disagreement : array_like, shape (n,)
        Payoffs if there is no deal.

    Raises
    ------
    ParameterError
        On malformed input, or if no hull point gives every player strictly
        more than ``disagreement``.

    Examples
    --------
    Kalai and Smorodinsky's (1975) example: the hull of (0, 0), (1, 0),
    (1, 0.7) and (0, 1), whose ideal point is (1, 1).

    >>> from tradegame.bargaining import kalai_smorodinsky_solution
    >>> sol = kalai_smorodinsky_solution([[0, 0], [1, 0], [1, 0.7], [0, 1]], [0, 0])
    >>> sol.payoffs.round(4).tolist(), sol.method
    ([0.7692, 0.7692], 'kalai-smorodinsky')
    """
    p, d = _problem(points, disagreement)
    level, ideal_gain, mu = _ks_two(p, d) if p.shape[1] == 2 else _ks_general(p, d)
    gains = level * ideal_gain
    return BargainingSolution(
        payoffs=_frozen(d + gains),
        gains=_frozen(gains),
        disagreement=_frozen(d),
        weights_on_points=_frozen(mu),
        method="kalai-smorodinsky",
    )


def kalai_smorodinsky(points: object, disagreement: object) -> np.ndarray:
    """The Kalai-Smorodinsky solution's payoff vector, shape ``(n,)``.

    See :func:`kalai_smorodinsky_solution` (Kalai and Smorodinsky 1975).

    Examples
    --------
    >>> from tradegame.bargaining import kalai_smorodinsky
    >>> kalai_smorodinsky([[2, 0], [0, 1]], [0, 0]).round(3).tolist()
    [1.0, 0.5]
    """
    return kalai_smorodinsky_solution(points, disagreement).payoffs.copy()


# -------------------------------------------------------------- variable threats
def _zero_sum(diff: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Value and optimal mixtures of the zero-sum game ``diff`` (row player maximizes)."""
    scale = float(np.abs(diff).max()) or 1.0
    row = maximin_mixture(diff / scale)
    column = maximin_mixture(-diff.T / scale)
    assert row is not None and column is not None  # no time limit
    return row[0] * scale, _clean(row[1]), _clean(column[1])


def _clean(sigma: np.ndarray) -> np.ndarray:
    sigma = np.where(sigma < _RESIDUE, 0.0, sigma)
    return sigma / sigma.sum()


def variable_threat(game: Game) -> ThreatSolution:
    """Nash's (1953) variable-threat bargaining solution with transferable utility.

    The players first announce threats (mixed strategies they will play if
    no deal is reached), then bargain; with utility transferable one-for-one
    (both payoffs in the same money units) the deal maximises the joint payoff
    ``W = max (u1 + u2)`` and splits it by the Nash solution from the threat
    point, so each player's payoff is the threat payoff plus half the surplus.
    Player 1 then wants the threat point's difference ``u1 - u2`` as high as
    possible and player 2 as low: the optimal threats are the optimal
    strategies of the zero-sum *difference game* with matrix ``u1 - u2``,
    whose value ``v`` gives the payoffs ``((W + v) / 2, (W - v) / 2)`` (Nash
    1953; Luce and Raiffa 1957, section 6.9; Owen 1995, on two-person cooperative games).

    The difference game is solved by two linear programs (HiGHS). Optimal
    threats need not be unique; the payoffs are.

    Parameters
    ----------
    game : Game
        A two-player game whose payoffs are in the same transferable units.

    Examples
    --------
    The game of example 4.11 in A. G. Cox's MA3662 lecture notes (City,
    University of London): the difference game ``[[2, -3], [-1, 3]]`` has
    value 1/3, and the joint payoff 6 is reached at (T, L).

    >>> import tradegame as tg
    >>> from tradegame.bargaining import variable_threat
    >>> g = tg.Game.from_bimatrix([[4, 1], [0, 3]], [[2, 4], [1, 0]],
    ...                           strategies=[["T", "B"], ["L", "R"]])
    >>> sol = variable_threat(g)
    >>> [t.round(4).tolist() for t in sol.threats], round(sol.threat_value, 4)
    ([[0.4444, 0.5556], [0.6667, 0.3333]], 0.3333)
    >>> sol.deal, sol.payoffs.round(4).tolist(), sol.gains.round(4).tolist()
    (('T', 'L'), [3.1667, 2.8333], [1.2778, 1.2778])
    """
    require_game(game, "variable_threat")
    if game.n_players != 2:
        raise GameError(f"variable_threat needs a two-player game; this game has {game.n_players}")
    u1, u2 = (np.asarray(u, dtype=float) for u in game.payoff_tensor)
    # sums and differences of payoffs near the float limit overflow: solve in units of
    # 2**e (exact), then scale back; the solution is covariant with a common unit
    scaled, exponent = tamed(np.stack([u1, u2])[None])
    u1, u2 = scaled[0]
    e = int(exponent[0])
    value, x, y = _zero_sum(u1 - u2)
    joint = u1 + u2
    best = np.unravel_index(int(joint.argmax()), joint.shape)
    total = float(joint[best])
    d = np.array([x @ u1 @ y, x @ u2 @ y])
    payoffs = np.array([(total + value) / 2.0, (total - value) / 2.0])
    with np.errstate(over="ignore"):  # a difference beyond the float range is +-inf
        d, payoffs, total, value = (
            np.ldexp(d, e),
            np.ldexp(payoffs, e),
            float(np.ldexp(total, e)),
            float(np.ldexp(value, e)),
        )
    return ThreatSolution(
        players=(game.players[0], game.players[1]),
        strategies=(game.strategies[0], game.strategies[1]),
        threats=(_frozen(x), _frozen(y)),
        threat_value=float(value) + 0.0,
        disagreement=_frozen(d),
        deal=(game.strategies[0][best[0]], game.strategies[1][best[1]]),
        joint_payoff=total,
        payoffs=_frozen(payoffs),
        gains=_frozen(payoffs - d),
    )


def variable_threat_batch(payoff_tensors: object) -> tuple[np.ndarray, np.ndarray]:
    """Variable-threat payoffs of a batch of two-player games: ``(payoffs (B, 2), values (B,))``.

    The solution of :func:`variable_threat` (Nash 1953) for each game in a
    stack. Difference games with a saddle point (``max min = min max`` in
    pure strategies) are solved for the whole batch at once, and so are 2x2
    difference games without one, by the closed form
    ``v = (a d - b c) / (a + d - b - c)`` (Owen 1995, ch. II). Any other
    game costs one linear program (HiGHS, about a millisecond for small
    games) in a Python loop.

    Parameters
    ----------
    payoff_tensors : array_like, shape (B, 2, m1, m2)
        Each game's payoff tensor, as ``Game.payoff_tensor``.

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.bargaining import variable_threat_batch
    >>> games = np.array([[[[4, 1], [0, 3]], [[2, 4], [1, 0]]],
    ...                   [[[1, 0], [0, 1]], [[1, 0], [0, 1]]]])
    >>> payoffs, values = variable_threat_batch(games)
    >>> payoffs.round(4).tolist(), values.round(4).tolist()
    ([[3.1667, 2.8333], [1.0, 1.0]], [0.3333, 0.0])
    """
    t = _finite("payoff_tensors", payoff_tensors)
    if t.ndim != 4 or t.shape[1] != 2 or 0 in t.shape:
        raise ParameterError(
            f"payoff_tensors must have shape (B, 2, m1, m2): B two-player games; "
            f"got shape {t.shape}"
        )
    diff = t[:, 0] - t[:, 1]
    lower = diff.min(axis=2).max(axis=1)
    upper = diff.max(axis=1).min(axis=1)
    scale = np.abs(diff).max(axis=(1, 2))
    mixed = upper - lower > 1e-12 * scale
    values = np.where(mixed, np.nan, lower)
    if t.shape[2:] == (2, 2):
        a, b, c, e = diff[:, 0, 0], diff[:, 0, 1], diff[:, 1, 0], diff[:, 1, 1]
        denominator = np.where(mixed, a + e - b - c, 1.0)
        values = np.where(mixed, (a * e - b * c) / denominator, values)
    else:
        for g in np.flatnonzero(mixed):
            values[g] = _zero_sum(diff[g])[0]
    joint = (t[:, 0] + t[:, 1]).reshape(len(t), -1).max(axis=1)
    payoffs = np.stack([(joint + values) / 2.0, (joint - values) / 2.0], axis=1)
    return payoffs, values


# -------------------------------------------------------------------- Rubinstein
def _delta(name: str, value: object) -> np.ndarray:
    arr = as_array(name, value)
    require(name, arr, lambda x: (x >= 0) & (x < 1), "in [0, 1)")
    return arr


def rubinstein(
    delta1: object, delta2: object, *, outside_options: object = None
) -> tuple[Any, Any]:
    """Shares of a unit surplus in the subgame-perfect equilibrium of alternating offers.

    Player 1 proposes first; the players alternate offers, and each period of
    delay multiplies player ``i``'s payoff by ``delta_i``. The unique
    subgame-perfect equilibrium agrees at once, the proposer getting
    ``x = (1 - delta2) / (1 - delta1 delta2)`` (Rubinstein 1982).

    With outside options ``(w1, w2)``, player ``i`` may, whenever it responds
    to an offer, opt out and end the game with ``w_i`` (the other getting 0).
    By the *outside-option principle* (Binmore, Shaked and Sutton 1989;
    Osborne and Rubinstein 1990, section 3.12) an option changes the outcome
    only if it beats what the player gets as responder without it, and then
    the proposer offers exactly the option. With both options (Muthoo 1999,
    ch. 5) the proposer's share solves ``x = 1 - max(w2, delta2 y)`` and
    ``y = 1 - max(w1, delta1 x)``, where ``y`` is player 2's share when it
    proposes, which gives:

    * no option binds (``w2 <= delta2 y*`` and ``w1 <= delta1 x*``,
      Rubinstein's shares): ``x = x*``;
    * only the responder's binds: ``x = 1 - w2``;
    * only the proposer's own (as a responder later on) binds:
      ``x = 1 - delta2 (1 - w1)``;
    * both bind: ``x = 1 - w2``.

    Parameters
    ----------
    delta1, delta2 : float or array_like
        Discount factors in [0, 1) (broadcast together).
    outside_options : pair of float or array_like, optional
        ``(w1, w2)``, each in [0, 1], with ``w1 + w2 <= 1``.

    Returns
    -------
    (share_proposer, share_responder)
        Floats when every argument is a number, else arrays of the broadcast
        shape.

    Examples
    --------
    >>> from tradegame.bargaining import rubinstein
    >>> [round(s, 4) for s in rubinstein(0.9, 0.9)]
    [0.5263, 0.4737]
    >>> [round(s, 4) for s in rubinstein(0.9, 0.9, outside_options=(0.0, 0.6))]
    [0.4, 0.6]
    >>> rubinstein([0.0, 0.5], 0.5)[0].round(4).tolist()
    [0.5, 0.6667]
    """
    d1 = _delta("delta1", delta1)
    d2 = _delta("delta2", delta2)
    arrays = [d1, d2]
    if outside_options is not None:
        pair = outside_options
        if isinstance(pair, np.ndarray) and pair.ndim > 0:
            pair = list(pair)
        if not isinstance(pair, (tuple, list)):
            raise ParameterError(f"outside_options must be a pair (w1, w2); got {pair!r}")
        if len(pair) != 2:
            raise ParameterError(f"outside_options must be a pair (w1, w2); got {len(pair)} values")
        w1 = as_array("outside_options[0]", pair[0])
        w2 = as_array("outside_options[1]", pair[1])
        for name, w in (("outside_options[0]", w1), ("outside_options[1]", w2)):
            require(name, w, lambda v: (v >= 0) & (v <= 1), "in [0, 1]")
        arrays += [w1, w2]
    try:
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
    except ValueError:
        raise ParameterError(
            f"delta1, delta2 and outside_options do not broadcast: shapes "
            f"{[a.shape for a in arrays]}"
        ) from None
    if outside_options is not None:
        require("outside_options (w1 + w2)", w1 + w2, lambda v: v <= 1 + 1e-12, "at most 1")
    x = (1.0 - d2) / (1.0 - d1 * d2)
    if outside_options is not None:

        def respond(share: np.ndarray) -> np.ndarray:  # the fixed-point map x -> 1 - max(...)
            y = 1.0 - np.maximum(w1, d1 * share)
            return 1.0 - np.maximum(w2, d2 * y)

        # the map is a contraction (slope <= delta1 delta2 < 1): exactly one candidate is fixed
        candidates = np.stack(np.broadcast_arrays(x, 1.0 - w2, 1.0 - d2 * (1.0 - w1)))
        miss = np.abs(respond(candidates) - candidates)
        x = np.take_along_axis(candidates, miss.argmin(axis=0)[None], axis=0)[0]
    x = np.broadcast_to(x, shape)
    if shape == ():
        return float(x), float(1.0 - x)
    return np.array(x), 1.0 - x


def surplus_split(total: object, disagreement: object, shares: object) -> np.ndarray:
    """Payoffs ``d_i + share_i (total - sum_j d_j)``: a split of the surplus over disagreement.

    Turns unit-surplus shares (from :func:`rubinstein`, or a Nash split of a
    transferable surplus) into payoffs. Batch first: ``total`` has shape
    ``(...)``, ``disagreement`` and ``shares`` shape ``(..., n)``, all
    broadcast together. A tuple ``shares`` is read as one entry per player
    (the form :func:`rubinstein` returns), each entry a number or an array.

    Parameters
    ----------
    total : float or array_like
        The joint payoff of the deal; at least the sum of ``disagreement``.
    disagreement : array_like, shape (..., n)
        Each player's payoff without a deal.
    shares : array_like, shape (..., n), or tuple of n
        Shares in [0, 1] summing to 1.

    Examples
    --------
    >>> from tradegame.bargaining import rubinstein, surplus_split
    >>> surplus_split(10.0, [1.0, 3.0], rubinstein(0.5, 0.5)).round(3).tolist()
    [5.0, 5.0]
    >>> surplus_split([10.0, 4.0], [[1.0, 3.0], [0.0, 0.0]], [0.5, 0.5]).tolist()
    [[4.0, 6.0], [2.0, 2.0]]
    """
    if isinstance(shares, tuple):
        parts = [as_array("shares", s) for s in shares]
        try:
            shares = np.stack(np.broadcast_arrays(*parts), axis=-1)
        except ValueError:
            raise ParameterError(
                f"shares: the players' entries do not broadcast: shapes {[q.shape for q in parts]}"
            ) from None
    total_ = _finite("total", total)
    d = _finite("disagreement", disagreement)
    s = _finite("shares", shares)
    if d.ndim == 0 or s.ndim == 0:
        raise ParameterError("disagreement and shares must have one entry per player (last axis)")
    if d.shape[-1] != s.shape[-1]:
        raise ParameterError(
            f"disagreement and shares must have the same number of players; got "
            f"{d.shape[-1]} and {s.shape[-1]}"
        )
    try:
        np.broadcast_shapes((*total_.shape, 1), d.shape, s.shape)
    except ValueError:
        raise ParameterError(
            f"total, disagreement and shares do not broadcast: shapes {total_.shape}, "
            f"{d.shape} and {s.shape}"
        ) from None
    require("shares", s, lambda v: (v >= 0) & (v <= 1), "in [0, 1]")
    require("shares (sum over players)", s.sum(axis=-1), lambda v: abs(v - 1) <= 1e-9, "1")
    surplus = total_ - d.sum(axis=-1)
    scale = np.maximum(np.abs(total_), np.abs(d).sum(axis=-1))
    require(
        "total minus the sum of disagreement payoffs",
        surplus,
        lambda v: v >= -1e-12 * scale,
        ">= 0 (no surplus to split)",
    )
    return d + s * np.maximum(surplus, 0.0)[..., None]
