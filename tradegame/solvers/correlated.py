"""Correlated and coarse correlated equilibria: an optimal one by linear programming, or all.

A correlated equilibrium (Aumann 1974, 1987) is a distribution ``p`` over joint
profiles, drawn by a mediator who tells each player only its own part, that no
player gains by disobeying: for every player ``i`` and strategies ``s != t``,
``sum_{s_-i} p(s, s_-i) [u_i(s, s_-i) - u_i(t, s_-i)] >= 0``. In a *coarse*
one (Moulin and Vial 1978; Hannan 1957) players commit before hearing their
recommendation, so only ``sum_s p(s) [u_i(s) - u_i(t, s_-i)] >= 0`` is needed
for each ``i`` and ``t``; each of these is a sum of correlated constraints, so
every correlated equilibrium is coarse, and every Nash equilibrium's product
distribution is correlated. The constraints are linear, so the set is a
polytope and an optimal point solves a linear program (Hart and Schmeidler
1989; Papadimitriou and Roughgarden 2008 for N players).

Constraints are built on the normalized game (each player's payoffs mapped
onto [0, 1]): that scales each player's rows by a positive number, so the
feasible set, and every relative tolerance, is the same in USD and in USD bn.
The vertices are the extreme rays of the cone ``{p >= 0 : rows @ p >= 0}``,
found by the double description method (Motzkin et al. 1953) with the
combinatorial adjacency test of Fukuda and Prodon (1996).

References
----------
Aumann, R. J. (1974). Subjectivity and correlation in randomized strategies.
*Journal of Mathematical Economics* 1(1), 67-96.
Aumann, R. J. (1987). Correlated equilibrium as an expression of Bayesian
rationality. *Econometrica* 55(1), 1-18.
Hart, S., Schmeidler, D. (1989). Existence of correlated equilibria.
*Mathematics of Operations Research* 14(1), 18-25.
Moulin, H., Vial, J.-P. (1978). Strategically zero-sum games. *International
Journal of Game Theory* 7(3-4), 201-221.
Hannan, J. (1957). Approximation to Bayes risk in repeated play.
*Contributions to the Theory of Games* III, 97-139.
Papadimitriou, C. H., Roughgarden, T. (2008). Computing correlated equilibria
in multi-player games. *Journal of the ACM* 55(3), article 14.
Motzkin, T. S., Raiffa, H., Thompson, G. L., Thrall, R. M. (1953). The double
description method. *Contributions to the Theory of Games* II, 51-73.
Fukuda, K., Prodon, A. (1996). Double description method revisited.
*Combinatorics and Computer Science*, LNCS 1120, 91-111.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import limits
from ..errors import EquilibriumWarning, SolverError, option
from ..game import Game, hash_key, require_game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._lp import _linprog
from ._scale import normalized, tamed
from .result import DEFAULT_TOL, _fields_equal, _frozen, check_flag, check_tol

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_VERTEX_PROFILES",
    "OBJECTIVES",
    "CorrelatedEquilibrium",
    "CorrelatedPolytope",
    "correlated_equilibrium",
    "correlated_regrets",
    "correlated_vertices",
]

OBJECTIVES = ("welfare", "egalitarian")
"""What :func:`correlated_equilibrium` maximizes: the (weighted) sum of payoffs, or the least."""

MAX_VERTEX_PROFILES = 64
"""Most joint profiles of a game :func:`correlated_vertices` enumerates (read at call time)."""

_ZERO = 1e-10  # a constraint value this small (rows scaled to a largest coefficient of 1) is 0
_RESIDUE = 1e-12  # a probability this small in a floating-point solution is a rounding residue
# HiGHS's primal and dual feasibility tolerance, the smallest it accepts: at its default, 1e-7,
# basic solutions of random 100x100 games broke incentive constraints by 9e-8 of a payoff
# range, more than DEFAULT_TOL; at 1e-10 they pass
_HIGHS_TOL = 1e-10
_CELLS = 1 << 22  # entries of one block of the adjacency test
_ENUMERATION_SHARE = 0.8  # of the time limit for the enumeration; the rest verifies its vertices


def _own_first(values: np.ndarray, i: int, batch: int = 0) -> np.ndarray:
    """Player ``i``'s strategy axis first (after ``batch`` leading axes), the others flattened."""
    moved = np.moveaxis(values, batch + i, batch)
    return moved.reshape(*moved.shape[: batch + 1], math.prod(moved.shape[batch + 1 :]))


def _incentive_rows(scaled: np.ndarray, coarse: bool) -> tuple[np.ndarray, ...]:
    """The constraints ``row @ p >= 0`` of the normalized tensor, as sparse triplets.

    Returns ``rows, cols, values, n_rows``. Correlated: a row per player and
    pair ``s != t``, coefficient ``v_i(s, r) - v_i(t, r)`` on each profile
    ``(s, r)``. Coarse: a row per player and ``t``, the same coefficient on
    every profile ``(s, r)``.
    """
    shape = scaled.shape[1:]
    index = np.arange(math.prod(shape)).reshape(shape)
    rows, cols, values, start = [], [], [], 0
    for i, n_i in enumerate(shape):
        own, idx = _own_first(scaled[i], i), _own_first(index, i)
        if coarse:
            diff = own[None, :, :] - own[:, None, :]  # [t, s, r]
            row = np.broadcast_to(np.arange(n_i)[:, None, None], diff.shape)
            col = np.broadcast_to(idx[None], diff.shape)
        else:
            s, t = np.nonzero(~np.eye(n_i, dtype=bool))
            diff = own[s] - own[t]  # [(s, t), r]
            row = np.broadcast_to(np.arange(len(s))[:, None], diff.shape)
            col = idx[s]
        keep = diff != 0
        rows.append(start + row[keep])
        cols.append(col[keep])
        values.append(diff[keep])
        start += n_i if coarse else n_i * (n_i - 1)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(values), start


def _gains(tensor: np.ndarray, dists: np.ndarray, coarse: bool) -> np.ndarray:
    """Each player's largest incentive violation (>= 0) for a batch ``(K, *shape)``: ``(K, n)``."""
    out = np.zeros((len(dists), tensor.shape[0]))
    for i in range(tensor.shape[0]):
        own, mass = _own_first(tensor[i], i), _own_first(dists, i, batch=1)  # (n_i, R), (K, n_i, R)
        if coarse:  # always play t, minus obeying
            gain = mass.sum(axis=1) @ own.T - np.einsum("ksr,sr->k", mass, own)[:, None]
        else:  # play t when told s, minus obeying
            cross = np.einsum("ksr,tr->kst", mass, own)
            gain = cross - np.diagonal(cross, axis1=1, axis2=2)[:, :, None]
        out[:, i] = gain.max(axis=tuple(range(1, gain.ndim)), initial=0.0)  # losses count as 0
    return out


def _check_distribution(game: Game, distribution: object) -> np.ndarray:
    """``distribution`` as a float array of the game's shape, else a one-line SolverError."""
    shape = game.shape
    try:
        dist = np.asarray(distribution, dtype=float)
    except (TypeError, ValueError):
        raise SolverError(
            f"distribution must be an array of probabilities of shape {shape}; got {distribution!r}"
        ) from None
    if dist.shape != shape:
        raise SolverError(
            f"distribution must have shape {shape}, one probability per joint profile; "
            f"got shape {dist.shape}"
        )
    if not np.isfinite(dist).all():
        raise SolverError("distribution must hold finite probabilities; got NaN or infinity")
    if (dist < 0).any():
        at = np.unravel_index(int(dist.argmin()), shape)
        labels = tuple(game.strategies[i][s] for i, s in enumerate(at))
        raise SolverError(f"distribution must be non-negative; got {dist.min():g} at {labels}")
    if abs(dist.sum() - 1.0) > 1e-9:
        raise SolverError(f"distribution must sum to 1; got {float(dist.sum())!r}")
    return dist


def correlated_regrets(game: Game, distribution: Any, *, coarse: bool = False) -> np.ndarray:
    """Each player's largest gain from disobeying a joint distribution, in its payoff units.

    For correlated equilibrium, player ``i``'s figure is the largest
    ``sum_{s_-i} p(s, s_-i) [u_i(t, s_-i) - u_i(s, s_-i)]`` over ``s, t``: what
    it gains, in expectation over the whole distribution, by playing ``t``
    whenever told ``s``. With ``coarse=True`` it is the largest
    ``sum_s p(s) [u_i(t, s_-i) - u_i(s)]``: what it gains by ignoring the
    mediator and always playing ``t``. Losses count as zero, so ``p`` is an
    equilibrium exactly when every figure is zero (up to rounding).

    Parameters
    ----------
    game : Game
    distribution : array_like, shape ``game.shape``
        Probability of each joint profile: finite, non-negative, summing to 1.
    coarse : bool, optional
        Check the coarse constraints instead.

    Returns
    -------
    ndarray, shape (n_players,)

    Examples
    --------
    In matching pennies the uniform distribution is the only correlated
    equilibrium; if (s1, s1) is always drawn, the column player gains 2.

    >>> import tradegame as tg
    >>> from tradegame.solvers.correlated import correlated_regrets
    >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]])
    >>> correlated_regrets(pennies, [[0.25, 0.25], [0.25, 0.25]]).tolist()
    [0.0, 0.0]
    >>> correlated_regrets(pennies, [[1, 0], [0, 0]]).tolist()
    [0.0, 2.0]
    """
    require_game(game, "correlated_regrets")
    coarse = check_flag("coarse", coarse)
    dist = _check_distribution(game, distribution)
    tensor, power = tamed(game.payoff_tensor[None])  # huge payoffs: over a power of two
    return np.ldexp(_gains(tensor[0], dist[None], coarse)[0], power[0]) + 0.0


def _profile_frame(game: Game, dists: np.ndarray, label: str | None) -> pd.DataFrame:
    """One row per (distribution and) profile with positive probability."""
    import pandas as pd

    flat = dists.reshape(len(dists), math.prod(game.shape))
    which, profile = np.nonzero(flat > 0)
    where = np.unravel_index(profile, game.shape)
    data: dict[str, Any] = {} if label is None else {label: which}
    for i, player in enumerate(game.players):
        data[player] = pd.Categorical.from_codes(where[i], categories=list(game.strategies[i]))
    data["probability"] = flat[which, profile]
    payoff = game.payoff_tensor.reshape(game.n_players, -1)
    for i, player in enumerate(game.players):
        data[f"{player} payoff"] = payoff[i, profile]
    return pd.DataFrame(data)


@dataclass(frozen=True, eq=False)
class CorrelatedEquilibrium:
    """One verified (coarse) correlated equilibrium: a distribution over joint profiles.

    Attributes
    ----------
    game : Game
    distribution : ndarray, shape ``game.shape``
        Read-only probability of each joint profile; sums to 1.
    payoffs : ndarray, shape (n_players,)
        Read-only expected payoffs, in the game's units.
    objective : str or None
        ``"welfare"`` or ``"egalitarian"``; None for a vertex from
        :func:`correlated_vertices`.
    coarse : bool
        Whether only the coarse constraints were imposed.
    max_violation : float
        The largest incentive violation (:func:`correlated_regrets`) as a
        fraction of that player's payoff range; at most ``tolerance``.
    tolerance : float
        Relative tolerance of the verification.
    weights : ndarray or None
        Read-only welfare weights, when given.
    """

    game: Game
    distribution: np.ndarray
    payoffs: np.ndarray
    objective: str | None
    coarse: bool
    max_violation: float
    tolerance: float
    weights: np.ndarray | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CorrelatedEquilibrium):
            return NotImplemented
        return _fields_equal(self, other)

    def __hash__(self) -> int:
        return hash((self.game, hash_key(self.distribution), self.objective, self.coarse))

    @property
    def value(self) -> float | None:
        """The objective in the game's units: the (weighted) welfare or the least payoff."""
        if self.objective == "welfare":
            w = np.ones(self.game.n_players) if self.weights is None else self.weights
            return float(w @ self.payoffs)
        return None if self.objective is None else float(self.payoffs.min())

    @property
    def regrets(self) -> np.ndarray:
        """Each player's largest incentive violation, in its units (:func:`correlated_regrets`)."""
        return correlated_regrets(self.game, self.distribution, coarse=self.coarse)

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per joint profile with positive probability, in profile order.

        Columns: one per player (its strategy, categorical in strategy order),
        ``probability``, then ``"<player> payoff"`` per player: the payoffs at
        that profile, as in :meth:`Game.to_frame`, so that ``(frame.probability
        * frame["<player> payoff"]).sum()`` is the expected payoff.
        """
        return _profile_frame(self.game, self.distribution[None], None)

    def __repr__(self) -> str:
        kind = "CoarseCorrelatedEquilibrium" if self.coarse else "CorrelatedEquilibrium"
        what = f" {self.objective}" if self.objective else ""
        pays = ", ".join(
            f"{p} {v:.6g}" for p, v in zip(self.game.players, self.payoffs, strict=True)
        )
        count = int(np.count_nonzero(self.distribution))
        return (
            f"<{kind}{what} on {self.game!r}: {count} profile{'s' * (count != 1)}; payoffs {pays}>"
        )


def _records(game: Game, dists: np.ndarray, gains: np.ndarray, **fields: Any) -> tuple:
    """:class:`CorrelatedEquilibrium` records for a batch of verified distributions."""
    flat = dists.reshape(len(dists), math.prod(game.shape))
    pay = flat @ game.payoff_tensor.reshape(game.n_players, -1).T
    w = fields.pop("weights", None)
    return tuple(
        CorrelatedEquilibrium(
            game,
            _frozen(d),
            _frozen(pay[k]),
            max_violation=float(gains[k].max()),
            weights=None if w is None else _frozen(w),
            **fields,
        )
        for k, d in enumerate(dists)
    )


def _check_objective(game: Game, objective: object, weights: object) -> np.ndarray | None:
    """The welfare weights as an array (None if not given), after checking both arguments."""
    if objective not in OBJECTIVES:
        raise SolverError(f"objective must be 'welfare' or 'egalitarian'; got {objective!r}")
    if weights is None:
        return None
    if objective != "welfare":
        raise SolverError(f"weights apply to objective='welfare' only; got {objective!r}")
    expect = (
        f"weights must be {game.n_players} finite non-negative numbers, one per player "
        f"({', '.join(game.players)}), not all zero"
    )
    try:
        w = np.asarray(weights, dtype=float)
    except (TypeError, ValueError):
        raise SolverError(f"{expect}; got {weights!r}") from None
    if w.shape != (game.n_players,) or not np.isfinite(w).all() or (w < 0).any() or not w.any():
        raise SolverError(f"{expect}; got {weights!r}")
    return w


def _unit(values: np.ndarray) -> np.ndarray:
    """``values`` mapped onto [0, 1] by a positive affine map (zeros if all are equal)."""
    span = values.max() - values.min()
    return (values - values.min()) / span if span > 0 else np.zeros_like(values)


def correlated_equilibrium(
    game: Game,
    objective: str = "welfare",
    *,
    coarse: bool = False,
    weights: Any = None,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> CorrelatedEquilibrium:
    """A (coarse) correlated equilibrium that maximizes welfare or the least payoff.

    One linear program, solved by HiGHS: maximize the objective over
    distributions on joint profiles subject to the incentive constraints.

    Parameters
    ----------
    game : Game
    objective : {"welfare", "egalitarian"}, optional
        ``"welfare"`` maximizes the sum of expected payoffs (weighted by
        ``weights``) in the game's own units, so players' payoffs should
        share a unit (USD bn for every government). ``"egalitarian"``
        maximizes the least expected payoff, again comparing raw payoffs.
    coarse : bool, optional
        Impose only the coarse constraints (Moulin and Vial 1978).
    weights : array_like, optional
        Welfare weight of each player: finite, non-negative, not all zero.
    tol : float, optional
        The distribution is returned only if no incentive constraint is broken
        by more than ``tol`` times the player's payoff range.
    time_limit : float or None, optional
        Seconds for the linear program (default
        :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`).

    Returns
    -------
    CorrelatedEquilibrium

    Raises
    ------
    SolverError
        For bad arguments, a game too large, a run out of time, or a solution
        that fails verification: no distribution is returned unverified.

    Notes
    -----
    The constraints come from the normalized game, so the feasible set does
    not depend on units. The objective is mapped onto [0, 1] by a positive
    affine map common to all players, which keeps the program well
    conditioned at payoffs of 1e9 without changing its maximizers; payoffs
    are reported from the game itself. When several distributions are
    optimal, HiGHS returns one optimal basic solution (a vertex of the
    program), which may change with its version or with rounding.

    Examples
    --------
    Chicken (Aumann 1974): the best correlated equilibrium mixes the pure
    equilibria with mutual caution, and pays 5.25 each.

    >>> import tradegame as tg
    >>> from tradegame.solvers.correlated import correlated_equilibrium
    >>> chicken = tg.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                 strategies=(("C", "D"), ("C", "D")))
    >>> ce = correlated_equilibrium(chicken)
    >>> ce.distribution.round(4).tolist(), ce.payoffs.round(4).tolist()
    ([[0.5, 0.25], [0.25, 0.0]], [5.25, 5.25])
    """
    require_game(game, "correlated_equilibrium")
    w = _check_objective(game, objective, weights)
    coarse, tol = check_flag("coarse", coarse), check_tol(tol)
    budget = Budget("correlated_equilibrium", time_limit)
    n, q = game.n_players, math.prod(game.shape)
    if (cells := q * sum(game.shape)) > limits.MAX_TABLEAU_CELLS:
        raise SolverError(
            f"correlated_equilibrium: the incentive constraints of a "
            f"{'x'.join(map(str, game.shape))} game have up to {cells:,} coefficients, more "
            f"than the limit of {limits.MAX_TABLEAU_CELLS:,} (tradegame.limits.MAX_TABLEAU_CELLS)"
        )
    from scipy import sparse

    scaled = normalized(game.payoff_tensor[None])[0]
    rows, cols, vals, m = _incentive_rows(scaled, coarse)
    raw = tamed(game.payoff_tensor[None])[0][0].reshape(n, q)  # a common power of two
    # variables: p, then z (the least payoff, for the egalitarian objective; else fixed at 0)
    cost = np.zeros(q + 1)
    extra = np.zeros((0, q + 1))
    if objective == "welfare":
        cost[:q] = -_unit((np.ones(n) if w is None else w / w.max()) @ raw)
    else:  # z <= each player's (commonly scaled) payoff
        cost[q] = -1.0
        extra = np.hstack([-_unit(raw), np.ones((n, 1))])
    a_ub = sparse.vstack(
        [sparse.csr_array((-vals, (rows, cols)), shape=(m, q + 1)), sparse.csr_array(extra)]
    )
    res = None
    if not budget.expired():
        res = _linprog(
            cost, budget.remaining(), feasibility=_HIGHS_TOL,
            A_ub=a_ub.tocsr(), b_ub=np.zeros(a_ub.shape[0]),
            A_eq=np.append(np.ones(q), 0.0)[None], b_eq=[1.0],
            bounds=[(0, None)] * q + [(None, None) if objective != "welfare" else (0, 0)],
        )  # fmt: skip
        if res.status == 1:
            budget.stop(f"stopped at the time limit of {budget.time_limit:g} s")
    if res is None or budget.stopped is not None:
        raise SolverError(
            f"correlated_equilibrium {budget.stopped} before its linear program was solved; "
            f"pass a longer {option('time_limit')} (or None for no limit)"
        )
    if res.status != 0:  # every finite game has a correlated equilibrium (Hart-Schmeidler)
        raise SolverError(f"correlated_equilibrium: HiGHS failed: {res.message}")
    dist = np.where(res.x[:q] > _RESIDUE, res.x[:q], 0.0)  # and tiny negatives
    dist = (dist / dist.sum()).reshape(game.shape)
    gains = _gains(scaled, dist[None], coarse)
    if not gains.max() <= tol:
        raise SolverError(
            f"correlated_equilibrium: the linear program's solution breaks an incentive "
            f"constraint by {gains.max():.3g} of a payoff range, more than {option('tol')}="
            f"{tol:g}; pass a larger {option('tol')}"
        )
    fields = {"objective": objective, "coarse": coarse, "tolerance": tol, "weights": w}
    return _records(game, dist[None], gains, **fields)[0]


def _adjacent(
    tight: np.ndarray, plus: np.ndarray, minus: np.ndarray, d: int, budget: Budget
) -> np.ndarray | None:
    """The pairs ``(a, b)``, ``a`` in ``plus``, ``b`` in ``minus``, of adjacent extreme rays.

    Combinatorial test (Fukuda and Prodon 1996, Proposition 7): adjacent when
    no third ray is tight on every constraint both are tight on; a pair must
    share at least ``d - 2`` first. None if the budget ran out.
    """
    found = []
    z = tight.astype(np.float32)  # counts below 2**24 are exact
    for lo in range(0, len(plus), max(1, _CELLS // max(1, len(minus)))):
        a = plus[lo : lo + max(1, _CELLS // max(1, len(minus)))]
        ia, ib = np.nonzero(z[a] @ z[minus].T >= d - 2)
        pairs = np.stack([a[ia], minus[ib]], axis=1)
        for k in range(0, len(pairs), max(1, _CELLS // len(z))):
            if budget.expired():
                return None
            pair = pairs[k : k + max(1, _CELLS // len(z))]
            common = z[pair[:, 0]] * z[pair[:, 1]]
            covers = (common @ z.T) == common.sum(axis=1, keepdims=True)
            found.append(pair[covers.sum(axis=1) == 2])
    return np.concatenate(found) if found else np.zeros((0, 2), dtype=np.intp)


def _double_description(
    rows: np.ndarray, budget: Budget, max_rays: int
) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Extreme rays of ``{p >= 0 : rows @ p >= 0}``, each scaled to sum to 1.

    From the orthant (rays: the unit vectors), adds one row at a time, the
    one that cuts off the most rays (Fukuda and Prodon 1996, section 4:
    "max cutoff"), keeping each ray's tight set. Returns the rays, their
    tight sets (orthant, then added rows) and the rows added, in order. Cut
    short by ``budget`` or at ``max_rays`` rays, it returns the last complete
    stage: rays of a larger cone, of which those meeting every row are
    extreme rays of this one.
    """
    d = rows.shape[1]
    rays, tight, done = np.eye(d), ~np.eye(d, dtype=bool), []
    todo = list(range(len(rows)))
    while todo and not budget.expired():
        values = rays @ rows[todo].T
        plus, minus = values > _ZERO, values < -_ZERO
        pick = int(np.argmax(minus.sum(axis=0)))
        v = values[:, pick]
        pairs = _adjacent(tight, *(np.flatnonzero(s[:, pick]) for s in (plus, minus)), d, budget)
        keep = ~minus[:, pick]
        if pairs is None:
            break
        if keep.sum() + len(pairs) > max_rays:
            budget.stop(f"stopped at more than {max_rays:,} rays ({option('max_vertices')})")
            break
        a, b = pairs[:, 0], pairs[:, 1]
        new = v[a, None] * rays[b] - v[b, None] * rays[a]  # both weights positive
        rays = np.concatenate([rays[keep], new / new.sum(axis=1, keepdims=True)])
        on = np.ones((len(a), 1), dtype=bool)  # the new rays are tight on the new row
        tight = np.block([[tight[keep], ~plus[keep][:, pick, None]], [tight[a] & tight[b], on]])
        done.append(todo.pop(pick))
        budget.report(f"{len(done)} of {len(rows)} constraints, {len(rays):,} rays")
    return rays, tight, done


@dataclass(frozen=True)
class CorrelatedPolytope:
    """The vertices of a game's (coarse) correlated-equilibrium polytope.

    Every (coarse) correlated equilibrium is a mixture of the vertices, so a
    linear objective is best at one of them.

    Attributes
    ----------
    game : Game
    coarse : bool
    vertices : tuple of CorrelatedEquilibrium
        The verified vertices (``objective`` None), ordered by their
        probabilities in profile order, highest first.
    tolerance : float
    complete : bool
        Whether every vertex is listed: the enumeration ran to the end and
        every vertex passed verification.
    stopped : str or None
        Why the enumeration stopped early, if it did.
    notes : tuple of str
    """

    game: Game
    coarse: bool
    vertices: tuple[CorrelatedEquilibrium, ...]
    tolerance: float
    complete: bool
    stopped: str | None = None
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.vertices)

    def __iter__(self) -> Iterator[CorrelatedEquilibrium]:
        return iter(self.vertices)

    def __getitem__(self, k: int) -> CorrelatedEquilibrium:
        return self.vertices[k]

    @property
    def distributions(self) -> np.ndarray:
        """The vertices stacked, shape ``(n_vertices, *game.shape)``."""
        return np.array([v.distribution for v in self.vertices]).reshape(-1, *self.game.shape)

    @property
    def payoffs(self) -> np.ndarray:
        """Expected payoffs at each vertex, shape ``(n_vertices, n_players)``."""
        return np.array([v.payoffs for v in self.vertices]).reshape(-1, self.game.n_players)

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per vertex and profile with positive probability.

        Columns: ``vertex`` (its index), then those of
        :meth:`CorrelatedEquilibrium.to_frame`; ``frame.attrs`` holds
        ``complete`` and ``stopped``.
        """
        frame = _profile_frame(self.game, self.distributions, "vertex")
        frame.attrs.update(complete=self.complete, stopped=self.stopped)
        return frame

    def __repr__(self) -> str:
        kind, count = "coarse correlated" if self.coarse else "correlated", len(self.vertices)
        caveat = "" if self.complete else " (may be incomplete)"
        noun = "vertex" if count == 1 else "vertices"
        return f"<CorrelatedPolytope ({kind}) of {self.game!r}: {count} {noun}{caveat}>"


def _tight_rank(constraints: np.ndarray, tight: np.ndarray) -> np.ndarray:
    """Rank of the rows of ``constraints`` marked in each row of ``tight``."""
    out = np.zeros(len(tight), dtype=np.intp)
    step = max(1, _CELLS // max(1, constraints.size))
    for lo in range(0, len(tight), step):
        out[lo : lo + step] = np.linalg.matrix_rank(constraints * tight[lo : lo + step, :, None])
    return out


def correlated_vertices(
    game: Game,
    *,
    coarse: bool = False,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    max_vertices: int | None = None,
) -> CorrelatedPolytope:
    """Every vertex of the (coarse) correlated-equilibrium polytope of a small game.

    The vertices are the extreme rays of ``{p >= 0 : incentive rows >= 0}``,
    found by the double description method on the normalized game (so they
    do not depend on any player's units), then verified: every constraint
    holds within ``tol`` of the player's payoff range, and the constraints
    tight at the vertex have rank one less than the number of profiles.

    Parameters
    ----------
    game : Game
        At most :data:`MAX_VERTEX_PROFILES` joint profiles.
    coarse : bool, optional
    tol : float, optional
    time_limit : float or None, optional
        Seconds allowed (default :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`).
    max_vertices : int, optional
        Most rays kept at any stage (default :data:`tradegame.limits.MAX_VERTICES`).

    Returns
    -------
    CorrelatedPolytope
        Incomplete, with the reason in ``stopped``, when the time limit or
        ``max_vertices`` cut the enumeration short: it then lists the rays of
        the last complete stage that meet every constraint, which are
        vertices. Up to about 20 profiles a run takes seconds; beyond, the
        number of vertices can grow past any budget.

    Notes
    -----
    Signs of constraints at rays are decided in floating point, with a
    threshold of 1e-10 (rows scaled to a largest coefficient of 1); the rest
    is combinatorial.

    Examples
    --------
    Chicken (Aumann 1974): the welfare-maximizing distribution, the mixed
    equilibrium, the two pure ones, and a distribution with 1/5 on (D, D).

    >>> import tradegame as tg
    >>> from tradegame.solvers.correlated import correlated_vertices
    >>> chicken = tg.Game.from_bimatrix([[6, 2], [7, 0]], [[6, 7], [2, 0]],
    ...                                 strategies=(("C", "D"), ("C", "D")))
    >>> poly = correlated_vertices(chicken)
    >>> poly
    <CorrelatedPolytope (correlated) of <2x2 Game (Row, Column)>: 5 vertices>
    >>> poly.distributions.reshape(5, 4).round(3).tolist()
    [[0.5, 0.25, 0.25, 0.0], [0.444, 0.222, 0.222, 0.111], [0.0, 1.0, 0.0, 0.0],
     [0.0, 0.4, 0.4, 0.2], [0.0, 0.0, 1.0, 0.0]]
    """
    require_game(game, "correlated_vertices")
    coarse, tol = check_flag("coarse", coarse), check_tol(tol)
    cap = limits.MAX_VERTICES if max_vertices is None else max_vertices
    if not isinstance(cap, numbers.Integral) or isinstance(cap, bool) or cap < 1:
        raise SolverError(f"{option('max_vertices')} must be a positive whole number; got {cap!r}")
    budget = Budget("correlated_vertices", time_limit)
    if (q := math.prod(game.shape)) > MAX_VERTEX_PROFILES:
        raise SolverError(
            f"correlated_vertices enumerates games of at most {MAX_VERTEX_PROFILES} joint "
            f"profiles (tradegame.solvers.correlated.MAX_VERTEX_PROFILES); this "
            f"{'x'.join(map(str, game.shape))} game has {q:,}; correlated_equilibrium finds "
            "an optimal one"
        )
    scaled = normalized(game.payoff_tensor[None])[0]
    rows, cols, vals, m = _incentive_rows(scaled, coarse)
    dense = np.zeros((m, q))
    dense[rows, cols] = vals
    dense = dense[np.abs(dense).max(axis=1, initial=0.0) > 0]
    dense /= np.abs(dense).max(axis=1, keepdims=True)
    budget = budget.part(_ENUMERATION_SHARE)
    rays, tight, done = _double_description(dense, budget, int(cap))
    if budget.stopped is not None:  # extreme rays of a larger cone that lie in this one
        inside = (rays @ dense.T >= -_ZERO).all(axis=1)
        rays, tight = rays[inside], tight[inside]
    dists = np.where(rays > _RESIDUE, rays, 0.0)
    dists = (dists / dists.sum(axis=1, keepdims=True)).reshape(-1, *game.shape)
    gains = _gains(scaled, dists, coarse)
    extreme = _tight_rank(np.vstack([np.eye(q), dense[done]]), tight) == q - 1
    ok = (gains.max(axis=1, initial=0.0) <= tol) & extreme
    notes = []
    if not ok.all():
        notes.append(
            f"correlated_vertices: dropped {int((~ok).sum())} candidate vertices that failed "
            f"verification at tol={tol:g}"
        )
        warnings.warn(notes[-1], EquilibriumWarning, stacklevel=2)
    if budget.stopped is not None:
        notes.append(f"{budget.stopped}: the list may be incomplete")
    rounded = np.round(dists[ok].reshape(-1, q), 9)
    _, first = np.unique(rounded, axis=0, return_index=True)
    order = first[np.lexsort(tuple(-rounded[first, j] for j in reversed(range(q))))]
    vertices = _records(
        game, dists[ok][order], gains[ok][order], objective=None, coarse=coarse, tolerance=tol
    )
    complete = bool(ok.all()) and budget.stopped is None
    return CorrelatedPolytope(game, coarse, vertices, tol, complete, budget.stopped, tuple(notes))
