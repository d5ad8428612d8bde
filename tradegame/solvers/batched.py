"""Equilibria of a whole batch of games at once, for parameter sweeps.

A sweep evaluates a scenario at many parameter points and gets one payoff
tensor per point (``Scenario.payoff_tensors(values)``, shape
``(B, n_players, n_1, ..., n_N)``). :func:`batch_equilibria` finds the
equilibria of all ``B`` games and returns them in one flat record,
:class:`BatchEquilibria`, with one row per equilibrium and the index of its
game. Games are solved by vectorized kernels where one applies and one by one
otherwise:

``"pure"``
    Every pure equilibrium of games of any number of players, by exact
    comparison of each player's payoffs along its own axis, as
    :func:`~tradegame.solvers.pure.pure_nash_mask` does (Nash 1951).
``"2x2"``
    Two-player 2x2 games without payoff ties between a player's two
    strategies against some strategy of the other (for 2x2 games exactly
    the nondegenerate ones): the pure equilibria from the same exact
    comparisons, and the mixed equilibrium in which each player makes the
    other indifferent, in closed form. Ties are found by exact comparison,
    which no change of units creates or removes; the closed form divides a
    difference by a sum of two differences of one sign, so it is accurate to
    a few units in the last place however small the differences, and needs
    no margin. 2x2 games with a tie go on to the next kernel.
``"support-enumeration"``
    Two-player games of up to :data:`MAX_ENUMERATION_WORK` support pairs and
    certificate determinants (7x7, 6x8, 5x10, 3x19, 2x37) that the certificate
    below proves nondegenerate: support enumeration over supports of equal
    size (von Stengel 2007, section 3.3, Algorithm 3.4), decided by the signs
    of determinants computed for all games at once.
``"per-game"``
    Every other game, one :func:`~tradegame.solvers.solve.solve` call each:
    two-player games the certificate does not prove nondegenerate (all
    degenerate ones among them), larger ones, and games of three or more
    players.

The support-enumeration kernel
------------------------------
A two-player game is nondegenerate when no mixed strategy with ``k``
strategies in its support has more than ``k`` pure best replies; then every
equilibrium has supports of equal size, and enumerating support pairs of equal
size finds every one (von Stengel 2007, section 3.3). For the player who mixes
on a set ``I`` of ``k`` strategies and a set ``J`` of strategies of the
opponent, whose payoffs ``W[i, j]`` (the column player's payoffs ``B`` when the
row player mixes, ``A`` transposed when the column player does) are those of
the normalized game, let ::

    D(I, J) = det [ W[I, J]^T | 1 ]      for |J| = |I| + 1,

the ``(k+1) x (k+1)`` matrix with one row per ``j`` in ``J``: the payoffs
``W[i, j]`` for ``i`` in ``I``, then a 1.

*Certificate.* If a mixed strategy ``x`` with support ``I`` had ``k + 1`` best
replies ``J``, then ``(x_I, v)`` (``v`` the best reply payoff) would solve the
``k + 2`` linear equations ``W[I, J]^T x_I = v 1``, ``sum(x_I) = 1`` in ``k + 1``
unknowns, whose augmented matrix would then be singular; its determinant is
``+-D(I, J)`` (expand along the column of the right-hand side). Only
strategies that survive iterated elimination of strategies strictly
dominated by another pure strategy (found by exact comparison) matter: no
eliminated strategy is played in an equilibrium, nor is it a best reply to a
strategy supported on the survivors (Fudenberg and Tirole 1991, section
2.1). So if ``D(I, J) != 0`` for both players and all sets ``I`` and ``J`` of
survivors (``1 <= |I| <= min(|S_p|, |S_opp| - 1)``), then every equilibrium
``(x, y)`` has ``|supp x| >= |BR(x)| >= |supp y| >= |BR(y)| >= |supp x|``: its
supports have equal size and are each other's best replies, and the game of
survivors, which has the same equilibria, is nondegenerate. (Dominance
matters in practice: when a player's payoffs add an effect of its own
strategy to one of the other's, as trade models often make them, every
``D(I, J)`` with ``|I| >= 2`` for the other player vanishes, yet that player has
a dominant strategy.) The kernel certifies a game when every such ``|D(I, J)|`` exceeds
:data:`CERTIFICATE_MARGIN`. That is rigorous: ``D`` is computed by Laplace
expansion (minors from minors, then along the column of ones), sums of signed
products of normalized payoffs in [0, 1], so its rounding error is at most
``gamma_{4k-1} per(|M|) <= gamma_{4k-1} (k+1)!`` with ``gamma_j = j u / (1 - j u)``,
``u = 2**-53`` and ``per`` the permanent (Higham 2002, section 3.1, applied
recursively); the rounding of the normalized payoffs themselves (a relative
``2u`` each) moves it by at most ``2 k u (k+1)!`` more. For the largest
determinants used, ``k + 1 = 6`` in 6x6 games and ``k + 1 = 7`` in 7x7 games,
the two together stay below 3e-12 and 2e-11: far under the margin of 1e-9, so
a certified determinant is nonzero and its computed sign is its true sign.
Normalization is a positive affine map of each player's payoffs, which
changes no best reply, so the input game is nondegenerate exactly when the
normalized one is, and the margin is relative to each player's payoff range:
units do not change which games are certified (up to rounding of a
determinant within 1e-11 of the margin). A game within the margin of being
degenerate is not certified, which is conservative; every game that is not
certified goes to the per-game path.

*Enumeration.* Given the certificate, every quantity support enumeration
needs is a ratio of the same determinants (Cramer's rule). For supports ``I``
(rows) and ``J`` (columns) of ``k >= 2`` survivors, the row player's
probabilities are ``x_s = |D_r(I - i_s, J)| / sum_l |D_r(I - i_l, J)|`` and
exist (are positive) exactly when the signed terms ``(-1)^s D_r(I - i_s, J)``
all have one sign; likewise ``y`` from ``D_c(J - j_t, I)``. (The solution is
unique: were it not, a line of solutions would reach a point with some
``x_s = 0``, which would make the system on ``I - i_s`` consistent and
``D_r(I - i_s, J)`` zero.) A surviving row strategy ``i``
outside ``I`` earns ``(-1)^p D_c(J, I + i) / S_y`` more than the strategies in
``I`` against ``y``, with ``p`` the position of ``i`` in ``I + i`` and ``S_y`` the
sum of ``y``'s signed terms (positions counted from 1); it must be negative,
and symmetrically for the column player. An eliminated strategy needs no
check: at the end of its chain of dominators is a survivor that earns
strictly more against every mixture of survivors. Every certified
determinant is nonzero with a correctly computed sign, so these decisions
are exact. Pure equilibria come from exact comparisons, as in the ``"pure"``
kernel. As a last guard, a game whose certified enumeration finds an even
number of equilibria is sent to the per-game path: a nondegenerate bimatrix
game has an odd number (Lemke and Howson 1964; Shapley 1974).

Every equilibrium is verified: each player's regret, computed for the whole
batch on the normalized payoffs (so relative to that player's payoff range in
that game), must be at most ``tol``; a game with an equilibrium that fails is
solved again per game. Within a game equilibria are listed in one canonical
order, whatever the kernel (:func:`canonical_order`).

References
----------
Nash, J. (1951). Non-cooperative games. *Annals of Mathematics* 54(2), 286-295.
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. In Nisan, Roughgarden, Tardos, Vazirani (eds.),
*Algorithmic Game Theory*, Cambridge University Press, ch. 3.
Lemke, C. E., Howson, J. T. (1964). Equilibrium points of bimatrix games.
*SIAM Journal on Applied Mathematics* 12(2), 413-423.
Shapley, L. S. (1974). A note on the Lemke-Howson algorithm. *Mathematical
Programming Study* 1, 175-189.
Higham, N. J. (2002). *Accuracy and Stability of Numerical Algorithms*, 2nd
ed., SIAM.
Fudenberg, D., Tirole, J. (1991). *Game Theory*, MIT Press.
"""

from __future__ import annotations

import functools
import itertools
import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

import numpy as np

from .. import limits
from ..errors import SolverError, option
from ..game import Game, hash_key, values_equal
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget, check_time_limit
from ._scale import normalized, payoff_spans
from .result import DEFAULT_TOL, Equilibrium, SolverResult, check_tol

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CERTIFICATE_MARGIN",
    "CONCEPTS",
    "KERNELS",
    "MAX_ENUMERATION_WORK",
    "BatchEquilibria",
    "batch_equilibria",
    "canonical_equilibria",
    "canonical_order",
    "certified_nondegenerate",
    "enumeration_work",
]

KERNELS = ("pure", "2x2", "support-enumeration", "per-game")
"""Names of the kernels; :attr:`BatchEquilibria.kernel` holds indices into this tuple."""

CONCEPTS = ("nash", "pure")
"""Solution concepts :func:`batch_equilibria` takes."""

CERTIFICATE_MARGIN = 1e-9
"""Least magnitude of every certificate determinant (on the normalized game) for a game to
be certified nondegenerate; far above the determinants' rounding error (below 2e-11)."""

MAX_ENUMERATION_WORK = 10_000
"""Most support pairs plus certificate determinants (:func:`enumeration_work`) of a
two-player game solved by the support-enumeration kernel: 9,437 for 7x7 games, 8,436 for
6x8, 9,372 for 5x10, 9,085 for 3x19, 9,918 for 2x37. Larger games are solved per game."""

_RESIDUE = 1e-12  # a probability this small is a rounding residue, as in solvers.result
_KEY_DECIMALS = 9  # probabilities are rounded to this many decimals for ordering
_CELLS = 1 << 22  # numbers a chunk of games may occupy in the support-enumeration kernel
_CHUNK_2X2 = 1 << 21  # games per chunk of the 2x2 kernel
_PURE, _TWO, _ENUM, _PER_GAME = range(4)
_UNSOLVED = -1  # kernel code of a game the total time limit left unsolved


# ---------------------------------------------------------------------------- the record
@dataclass(frozen=True, eq=False)
class BatchEquilibria:
    """The equilibria of a batch of games: one row per equilibrium, grouped by game.

    Attributes
    ----------
    shape : tuple of int
        Strategies per player (the same for every game of the batch).
    point : ndarray of int64, shape (E,)
        Index of each equilibrium's game in the batch, ascending.
    strategies : tuple of ndarray
        Per player, shape ``(E, n_i)``: each equilibrium's mixed strategy.
    payoffs : ndarray, shape (E, n_players)
        Expected payoffs, in the units of the input.
    regret : ndarray, shape (E,)
        Largest regret of any player, as a fraction of that player's payoff
        range in that game (at most ``tolerance``).
    count : ndarray of int64, shape (B,)
        Equilibria found per game.
    complete : ndarray of bool, shape (B,)
        Whether a game's list holds every equilibrium of the concept: all
        pure equilibria (``"pure"``), all equilibria of a nondegenerate
        two-player game, all extreme equilibria of a degenerate one (as
        vertex enumeration finds them), or what ``solve`` says.
    kernel : ndarray of int8, shape (B,)
        Index into :data:`KERNELS` of the kernel that solved each game; -1
        for a game left unsolved when ``total_time_limit`` ran out.
    concept : str
        ``"nash"`` or ``"pure"``.
    tolerance : float
        Relative regret tolerance used in verification.
    stopped : str or None
        Why the batch stopped before solving every game, or None.

    Notes
    -----
    The arrays are read-only. Two records are equal (``==``) when every
    field is, arrays element by element; equal records hash alike.

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.solvers.batched import batch_equilibria
    >>> pennies = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    >>> found = batch_equilibria(np.array([pennies, pennies]))
    >>> found
    <BatchEquilibria 2x2 nash: 2 equilibria of 2 games (2x2: 2)>
    >>> found.strategies[0].tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """

    shape: tuple[int, ...]
    point: np.ndarray
    strategies: tuple[np.ndarray, ...]
    payoffs: np.ndarray
    regret: np.ndarray
    count: np.ndarray
    complete: np.ndarray
    kernel: np.ndarray
    concept: str = "nash"
    tolerance: float = DEFAULT_TOL
    stopped: str | None = None
    _offsets: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n_eq, n_games = len(self.point), len(self.count)
        if len(self.strategies) != len(self.shape) or any(
            s.shape != (n_eq, k) for s, k in zip(self.strategies, self.shape, strict=True)
        ):
            raise SolverError("strategies must hold one (E, n_i) array per player")
        if self.payoffs.shape != (n_eq, len(self.shape)) or self.regret.shape != (n_eq,):
            raise SolverError("payoffs and regret must have one row per equilibrium")
        if self.complete.shape != (n_games,) or self.kernel.shape != (n_games,):
            raise SolverError("count, complete and kernel must have one entry per game")
        offsets = np.zeros(n_games + 1, dtype=np.int64)
        np.cumsum(self.count, out=offsets[1:])
        if offsets[-1] != n_eq:
            raise SolverError(f"count sums to {offsets[-1]}; there are {n_eq} equilibria")
        for values in (
            self.point,
            *self.strategies,
            self.payoffs,
            self.regret,
            self.count,
            self.complete,
            self.kernel,
            offsets,
        ):
            values.setflags(write=False)
        object.__setattr__(self, "_offsets", offsets)

    def __len__(self) -> int:
        return len(self.point)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchEquilibria):
            return NotImplemented
        return all(
            values_equal(getattr(self, f.name), getattr(other, f.name))
            for f in fields(self)
            if f.compare
        )

    def __hash__(self) -> int:
        return hash(tuple(hash_key(getattr(self, f.name)) for f in fields(self) if f.compare))

    def __repr__(self) -> str:
        dims = "x".join(str(k) for k in self.shape)
        used = np.bincount(self.kernel.astype(np.int64) + 1, minlength=len(KERNELS) + 1)
        parts = [f"{KERNELS[k]}: {used[k + 1]:,}" for k in range(len(KERNELS)) if used[k + 1]]
        if used[0]:
            parts.append(f"unsolved: {used[0]:,}")
        noun = "equilibrium" if len(self) == 1 else "equilibria"
        games = "game" if len(self.count) == 1 else "games"
        caveat = f", {self.stopped}" if self.stopped else ""
        return (
            f"<BatchEquilibria {dims} {self.concept}: {len(self):,} {noun} of "
            f"{len(self.count):,} {games} ({', '.join(parts) or 'none'}){caveat}>"
        )

    @property
    def n_games(self) -> int:
        """Number of games in the batch (B)."""
        return len(self.count)

    @property
    def offsets(self) -> np.ndarray:
        """Shape (B + 1,): game ``k``'s equilibria are rows ``offsets[k]:offsets[k + 1]``."""
        return self._offsets

    def rows(self, game: int) -> slice:
        """The rows holding game ``game``'s equilibria."""
        if not isinstance(game, numbers.Integral) or not 0 <= game < self.n_games:
            raise SolverError(f"game must be an index in [0, {self.n_games}); got {game!r}")
        return slice(int(self._offsets[game]), int(self._offsets[game + 1]))

    @property
    def pure(self) -> np.ndarray:
        """Shape (E,): whether each equilibrium is pure (every player plays one strategy)."""
        out = np.ones(len(self), dtype=bool)
        for s in self.strategies:
            out &= np.count_nonzero(s, axis=1) == 1
        return out

    @property
    def support_size(self) -> np.ndarray:
        """Shape (E,): strategies played with positive probability, summed over players."""
        return sum((np.count_nonzero(s, axis=1) for s in self.strategies), np.zeros(len(self), int))

    def to_frame(self) -> pd.DataFrame:
        """Tidy table: one row per equilibrium, player and strategy.

        Columns: ``game`` (index in the batch), ``equilibrium`` (index within
        the game), ``player`` and ``strategy`` (indices), ``probability``,
        ``payoff`` (the player's expected payoff), ``regret`` (the
        equilibrium's relative regret), ``pure``, ``kernel`` (its name).
        """
        import pandas as pd

        n_eq = len(self)
        within = np.arange(n_eq) - self._offsets[self.point]
        kernels = np.array([*KERNELS, "unsolved"], dtype=object)
        pure = self.pure
        frames = []
        for i, size in enumerate(self.shape):
            rows = np.repeat(np.arange(n_eq), size)
            frames.append(
                pd.DataFrame(
                    {
                        "game": self.point[rows],
                        "equilibrium": within[rows],
                        "player": np.full(n_eq * size, i),
                        "strategy": np.tile(np.arange(size), n_eq),
                        "probability": self.strategies[i].reshape(-1),
                        "payoff": self.payoffs[rows, i],
                        "regret": self.regret[rows],
                        "pure": pure[rows],
                        "kernel": kernels[self.kernel[self.point[rows]]],
                    }
                )
            )
        frame = pd.concat(frames, ignore_index=True)
        keys = [frame[c].to_numpy() for c in ("strategy", "player", "equilibrium", "game")]
        order = np.lexsort(keys)
        return frame.iloc[order].reset_index(drop=True)


# ---------------------------------------------------------------------------- ordering
def _order(point: np.ndarray, strategies: Sequence[np.ndarray]) -> np.ndarray:
    """Canonical order of equilibria, grouped by ``point`` (ascending)."""
    probs = np.concatenate([np.asarray(s, dtype=float) for s in strategies], axis=1)
    size = np.count_nonzero(probs > 0, axis=1)
    rounded = np.round(probs, _KEY_DECIMALS)
    keys = [-rounded[:, c] for c in reversed(range(probs.shape[1]))]
    return np.lexsort([*keys, size, point])


def canonical_order(strategies: Sequence[np.ndarray]) -> np.ndarray:
    """The canonical order of K equilibria of one game, as a permutation.

    Pure equilibria come first, in lexicographic order of their profile
    indices; then mixed ones by the total number of strategies in their
    supports, and among equal sizes by the players' probability vectors,
    concatenated, in descending lexicographic order (probabilities rounded to
    nine decimals, so that rounding noise does not decide the order). Every
    kernel of :func:`batch_equilibria` lists a game's equilibria in this order.

    Parameters
    ----------
    strategies : sequence of ndarray
        One array per player of shape ``(K, n_i)``.

    Returns
    -------
    ndarray of intp, shape (K,)

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.solvers.batched import canonical_order
    >>> rows = np.array([[0.5, 0.5], [0.0, 1.0], [1.0, 0.0]])
    >>> cols = np.array([[0.5, 0.5], [1.0, 0.0], [0.0, 1.0]])
    >>> canonical_order([rows, cols]).tolist()
    [2, 1, 0]
    """
    if isinstance(strategies, np.ndarray) or not isinstance(strategies, Sequence):
        raise SolverError("strategies must be a sequence of (K, n_i) arrays, one per player")
    arrays = [np.asarray(s, dtype=float) for s in strategies]
    if not arrays or any(a.ndim != 2 or len(a) != len(arrays[0]) for a in arrays):
        raise SolverError("strategies must be a sequence of (K, n_i) arrays, one per player")
    return _order(np.zeros(len(arrays[0]), dtype=np.int64), arrays)


def canonical_equilibria(result: SolverResult) -> tuple[Equilibrium, ...]:
    """A single-game result's equilibria in the canonical order of :func:`canonical_order`.

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.solvers.batched import canonical_equilibria
    >>> chicken = tg.Game.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    >>> [e.pure for e in canonical_equilibria(tg.solve(chicken))]
    [True, True, False]
    """
    if not isinstance(result, SolverResult):
        raise SolverError(f"result must be a SolverResult; got {type(result).__name__}")
    if not result.equilibria:
        return ()
    shape = result.game.shape
    stacked = [np.array([e.strategies[i] for e in result]) for i in range(len(shape))]
    return tuple(result.equilibria[k] for k in canonical_order(stacked))


# ---------------------------------------------------------------------------- input
def _check_tensors(tensors: object) -> np.ndarray:
    """``tensors`` as a float array of shape (B, n, n_1, ..., n_n), else a one-line error."""
    expected = "(B, n_players, n_1, ..., n_N)"
    if not isinstance(tensors, np.ndarray):
        raise SolverError(
            f"tensors must be a numpy array of shape {expected}; got {type(tensors).__name__}"
        )
    if tensors.dtype == bool or tensors.dtype.kind not in "iuf":
        raise SolverError(f"tensors must hold real numbers; got dtype {tensors.dtype}")
    if tensors.ndim < 3:
        raise SolverError(
            f"tensors must have shape {expected}, at least 3 axes; got shape {tensors.shape}"
        )
    n = tensors.shape[1]
    if n < 2:
        raise SolverError(
            f"tensors have shape {tensors.shape}: {n}-player games; a game needs at least "
            "two players"
        )
    if n > limits.MAX_PLAYERS:
        raise SolverError(
            f"tensors have shape {tensors.shape}: {n} players; at most {limits.MAX_PLAYERS}"
        )
    if tensors.ndim != n + 2:
        raise SolverError(
            f"tensors have shape {tensors.shape}: {n} players need {n} strategy axes after "
            f"the player axis; found {tensors.ndim - 2}"
        )
    if min(tensors.shape[2:]) < 1:
        raise SolverError(
            f"tensors have shape {tensors.shape}: every player needs at least one strategy"
        )
    values = np.asarray(tensors, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        total = values.sum()  # NaN and inf propagate: a finite sum proves every payoff finite
    if not np.isfinite(total):
        finite = np.isfinite(values.reshape(len(values), -1)).all(axis=1)
        if not finite.all():
            raise SolverError(f"tensors: payoffs of game {int(np.argmin(finite))} are not finite")
    return values


def _check_concept(concept: object) -> str:
    if not isinstance(concept, str) or concept not in CONCEPTS:
        raise SolverError(f"unknown concept {concept!r}; choose one of: {', '.join(CONCEPTS)}")
    return concept


def _check_total(total_time_limit: object) -> float | None:
    try:
        return check_time_limit(total_time_limit)
    except SolverError:
        raise SolverError(
            f"{option('total_time_limit')} must be a positive number of seconds or None for "
            f"no limit; got {total_time_limit!r}"
        ) from None


# ---------------------------------------------------------------------------- pieces
@dataclass
class _Pieces:
    """Equilibria found so far, in pieces each sorted canonically within its games."""

    point: list[np.ndarray] = field(default_factory=list)
    strategies: list[list[np.ndarray]] = field(default_factory=list)
    payoffs: list[np.ndarray] = field(default_factory=list)
    regret: list[np.ndarray] = field(default_factory=list)

    def add(self, point, strategies, payoffs, regret) -> None:
        if len(point):
            self.point.append(np.asarray(point, dtype=np.int64))
            self.strategies.append(list(strategies))
            self.payoffs.append(payoffs)
            self.regret.append(regret)

    def merged(self, shape: tuple[int, ...]):
        if not self.point:
            return (
                np.zeros(0, dtype=np.int64),
                tuple(np.zeros((0, k)) for k in shape),
                np.zeros((0, len(shape))),
                np.zeros(0),
            )
        if len(self.point) == 1:
            return (
                self.point[0],
                tuple(self.strategies[0]),
                self.payoffs[0],
                self.regret[0],
            )
        point = np.concatenate(self.point)
        if all(a[-1] < b[0] for a, b in itertools.pairwise(self.point)):
            return (
                point,
                tuple(np.concatenate([s[i] for s in self.strategies]) for i in range(len(shape))),
                np.concatenate(self.payoffs),
                np.concatenate(self.regret),
            )
        order = np.argsort(point, kind="stable")  # each piece is in canonical order already
        return (
            point[order],
            tuple(
                np.concatenate([s[i] for s in self.strategies])[order] for i in range(len(shape))
            ),
            np.concatenate(self.payoffs)[order],
            np.concatenate(self.regret)[order],
        )


def _clean(probs: np.ndarray) -> np.ndarray:
    """Rounding residues (at most 1e-12) set to zero and rows renormalized, as
    :func:`~tradegame.solvers.result.verified_result` does."""
    if (probs > _RESIDUE).all():
        return probs
    probs = np.where(probs > _RESIDUE, probs, 0.0)
    return probs / probs.sum(axis=1, keepdims=True)


def _one_hot(index: np.ndarray, size: int) -> np.ndarray:
    out = np.zeros((len(index), size))
    out[np.arange(len(index)), index] = 1.0
    return out


# ---------------------------------------------------------------------------- pure kernel
def _pure_kernel(values: np.ndarray, tol: float, pieces: _Pieces, complete, kernel) -> None:
    """Every pure equilibrium of every game, by exact comparison (as ``pure_nash``)."""
    from .pure import pure_nash_mask

    kernel[:] = _PURE
    if not len(values):
        return
    shape = values.shape[2:]
    n = len(shape)
    found = np.argwhere(pure_nash_mask(values))
    point, profiles = found[:, 0], found[:, 1:]
    cap = limits.equilibria_cap(shape)
    if len(point):
        starts = np.searchsorted(point, np.arange(len(values)))
        rank = np.arange(len(point)) - starts[point]
        over = rank >= cap
        if over.any():  # as pure_nash: the first `cap` equilibria, flagged incomplete
            complete[np.unique(point[over])] = False
            point, profiles = point[~over], profiles[~over]
    # regret of each player: its best payoff along its own axis minus its payoff, over its range
    _, span = payoff_spans(values)
    worst = np.zeros(len(point))
    payoffs = np.empty((len(point), n))
    for p in range(n):
        own = np.moveaxis(values[:, p], 1 + p, -1)
        others = tuple(profiles[:, q] for q in range(n) if q != p)
        along = own[(point, *others)]  # (E, n_p)
        payoffs[:, p] = along[np.arange(len(point)), profiles[:, p]]
        gap = along.max(axis=1) - payoffs[:, p]
        with np.errstate(invalid="ignore", divide="ignore"):
            worst = np.maximum(worst, np.where(gap > 0, gap / span[point, p], 0.0))
    bad = np.unique(point[~(worst <= tol)])
    complete[bad] = False  # cannot happen: exact comparisons leave no regret
    keep = ~np.isin(point, bad)
    strategies = [_one_hot(profiles[keep, p], k) for p, k in enumerate(shape)]
    pieces.add(point[keep], strategies, payoffs[keep], worst[keep])


# ---------------------------------------------------------------------------- 2x2 kernel
def _two_by_two(values: np.ndarray, first: int, tol: float, pieces: _Pieces) -> np.ndarray:
    """Solve the tie-free games of a chunk; return (batch indices of) the games left over.

    ``values`` holds the payoffs (G, 2, 2, 2) of games ``first`` to ``first + G``. Pure
    equilibria come from the signs of the payoff differences between a
    player's two strategies: the sign of a difference of two floats is exact,
    so these are the comparisons :func:`~tradegame.solvers.pure.pure_nash_mask`
    makes. A game without ties has one pure equilibrium, or two and a mixed
    one, or only the mixed one. Temporaries are released as soon as they are
    used: at a million games, fresh memory costs as much as arithmetic.
    """
    flat = values.reshape(len(values), 8)  # a00 a01 a10 a11 b00 b01 b10 b11
    # a00 - a10, a01 - a11, b00 - b01, b10 - b11: the sign of a rounded difference is exact.
    # The row player's two are one subtraction of complex numbers (a00 + i a01) - (a10 + i a11),
    # which subtracts the parts separately
    diff = np.empty((len(values), 4))
    pairs = flat.view(np.complex128) if flat.flags.c_contiguous else flat.copy().view(complex)
    np.subtract(pairs[:, 0], pairs[:, 1], out=diff.view(np.complex128)[:, 0])
    np.subtract(flat[:, 4], flat[:, 5], out=diff[:, 2])
    np.subtract(flat[:, 6], flat[:, 7], out=diff[:, 3])
    del pairs
    # the four signs as a code 0..15 (16 for a game with a tie) decide which profiles are
    # equilibria; each row of four bools is read as one little-endian word, and the
    # multiplication gathers its bytes' low bits into bits 24-27 (the first sign in bit 27)
    code = (diff > 0).view("<u4")[:, 0] * np.uint32(0x08040201)
    code >>= np.uint32(24)
    tie = (diff == 0).view("<u4")[:, 0] != 0
    code[tie] = 16
    # eight slots a game, read as one word per game: (0,0) (0,1) (1,0) (1,1) mixed, unused
    slots = np.take(_SLOTS, code).view(bool).reshape(len(values), 8)
    del code
    # the mixed equilibrium: each player's mix makes the other indifferent; the two
    # differences have opposite signs there, so the denominators do not cancel
    which = np.flatnonzero(slots[:, 4])
    gains = np.take(diff, which, axis=0)
    del diff
    ea0, ea1, eb0, eb1 = (gains[:, k] for k in range(4))
    x, y = np.empty((len(which), 2)), np.empty((len(which), 2))
    np.divide(eb1, eb1 - eb0, out=x[:, 0])
    np.divide(eb0, eb0 - eb1, out=x[:, 1])
    np.divide(ea1, ea1 - ea0, out=y[:, 0])
    np.divide(ea0, ea0 - ea1, out=y[:, 1])
    x, y = _clean(x), _clean(y)
    # verification: each player's regret over its payoff range; expected payoffs
    sub = np.take(flat, which, axis=0)
    a, b = sub[:, :4], sub[:, 4:]
    regret_m = np.maximum(x[:, 1] * (gain := y[:, 0] * ea0 + y[:, 1] * ea1), -x[:, 0] * gain)
    regret_m /= _span4(a)
    gain = x[:, 0] * eb0 + x[:, 1] * eb1  # column 0's payoff minus column 1's, against x
    regret_m = np.maximum(regret_m, np.maximum(y[:, 1] * gain, -y[:, 0] * gain) / _span4(b))
    del gains, gain
    pay = np.empty((len(which), 2))
    for p, u in enumerate((a, b)):
        pay[:, p] = x[:, 0] * (y[:, 0] * u[:, 0] + y[:, 1] * u[:, 1])
        pay[:, p] += x[:, 1] * (y[:, 0] * u[:, 2] + y[:, 1] * u[:, 3])
    del sub, a, b
    if not (regret_m <= tol).all():  # never seen: the formulas are accurate to a few ulps
        failed = ~(regret_m <= tol)
        slots[which[failed]] = False
        tie[which[failed]] = True
        x, y, pay, regret_m = x[~failed], y[~failed], pay[~failed], regret_m[~failed]
    # one row per equilibrium in canonical order: by game, then by slot. The slot's index
    # in the flattened table is 8 * game + slot, which for a pure slot is also where the
    # row player's payoff lies in `flat` (and the column player's 4 further on)
    index = np.flatnonzero(slots)
    del slots
    slot = index & 7
    mixed_at = np.flatnonzero(slot == 4)
    rows = np.take(_SLOT_ROWS, slot, axis=0)
    rows[mixed_at] = x
    cols = np.take(_SLOT_COLS, slot, axis=0)
    cols[mixed_at] = y
    del slot, x, y
    payoffs = np.empty((len(index), 2))
    np.take(flat.reshape(-1), index, out=payoffs[:, 0], mode="clip")
    np.take(flat.reshape(-1)[4:], index, out=payoffs[:, 1], mode="clip")
    payoffs[mixed_at] = pay
    regret = np.zeros(len(index))  # exact comparisons: a pure equilibrium has no regret
    regret[mixed_at] = regret_m
    index >>= 3  # now the game
    index += first
    pieces.add(index, (rows, cols), payoffs, regret)
    return np.flatnonzero(tie) + first


def _span4(u: np.ndarray) -> np.ndarray:
    """Range of each row of four payoffs (column by column: faster than a reduction)."""
    top = np.maximum(u[:, 0], u[:, 1])
    np.maximum(top, u[:, 2], out=top)
    np.maximum(top, u[:, 3], out=top)
    low = np.minimum(u[:, 0], u[:, 1])
    np.minimum(low, u[:, 2], out=low)
    np.minimum(low, u[:, 3], out=low)
    top -= low
    return top


def _slot_table() -> np.ndarray:
    """A tie-free 2x2 game's equilibrium slots by sign code, eight bools as one word.

    The slots are the profiles (0,0) (0,1) (1,0) (1,1), the mixed equilibrium, and
    three unused; code 16 (a tie) has none.
    """
    table = np.zeros((17, 8), dtype=bool)
    for code in range(16):
        up0, up1, left0, left1 = (bool(code >> bit & 1) for bit in (3, 2, 1, 0))
        table[code, :5] = [
            up0 and left0,
            up1 and not left0,
            not up0 and left1,
            not up1 and not left1,
            up0 != up1 and left0 != left1,
        ]
    return table.view(np.uint64)[:, 0]


_SLOTS = _slot_table()
_SLOT_ROWS = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]] + [[np.nan, np.nan]] * 4)
_SLOT_COLS = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]] + [[np.nan, np.nan]] * 4)


# ------------------------------------------------------------------ support enumeration
def _comb_index(size: int, k: int) -> dict[tuple[int, ...], int]:
    return {c: i for i, c in enumerate(itertools.combinations(range(size), k))}


@dataclass(frozen=True)
class _Family:
    """How to compute the certificate determinants ``D(I, J)`` of a p x q matrix ``W``.

    Level ``k`` (1..levels) holds the minors ``det W[I, J']`` (``|I| = |J'| = k``,
    id ``index(I) * C(q, k) + index(J')``) and the determinants ``D(I, J)``
    (``|I| = k``, ``|J| = k + 1``, id ``index(I) * C(q, k + 1) + index(J)``).
    """

    levels: int
    minor_coef: tuple[np.ndarray, ...]  # (c_k, k): W entry multiplying each term
    minor_child: tuple[np.ndarray, ...]  # (c_k, k): the level k-1 minor of each term
    minor_sign: tuple[np.ndarray, ...]  # (k,)
    det_minor: tuple[np.ndarray, ...]  # (d_k, k + 1): level k minors of the expansion
    det_sign: tuple[np.ndarray, ...]  # (k + 1,)
    det_mixing: tuple[np.ndarray, ...]  # (C(p, k), k): the sets I, in id order
    det_replies: tuple[np.ndarray, ...]  # (C(q, k + 1), k + 1): the sets J, in id order


@functools.lru_cache(maxsize=64)
def _family(p: int, q: int) -> _Family:
    levels = min(p, q - 1)
    coef, child, msign, dminor, dsign, mixing, replies = [], [], [], [], [], [], []
    for k in range(1, levels + 1):
        rows_prev, cols_prev = _comb_index(p, k - 1), _comb_index(q, k - 1)
        cols_k = _comb_index(q, k)
        n_cols_prev = len(cols_prev)
        c_list, h_list = [], []
        # Laplace expansion of det W[I, J'] along its first row i_1 = min(I)
        for rows in itertools.combinations(range(p), k):
            rest = rows_prev[rows[1:]]
            for cols in cols_k:
                c_list.append([rows[0] * q + j for j in cols])
                h_list.append(
                    [rest * n_cols_prev + cols_prev[cols[:s] + cols[s + 1 :]] for s in range(k)]
                )
        coef.append(np.array(c_list, dtype=np.intp).reshape(-1, k))
        child.append(np.array(h_list, dtype=np.intp).reshape(-1, k))
        msign.append(np.array([(-1.0) ** s for s in range(k)]))
        # D(I, J) = det [W[I, J]^T | 1], expanded along the column of ones
        rows_k = _comb_index(p, k)
        n_cols_k = len(cols_k)
        d_list = []
        for rows in itertools.combinations(range(p), k):
            for cols in itertools.combinations(range(q), k + 1):
                d_list.append(
                    [
                        rows_k[rows] * n_cols_k + cols_k[cols[:t] + cols[t + 1 :]]
                        for t in range(k + 1)
                    ]
                )
        dminor.append(np.array(d_list, dtype=np.intp).reshape(-1, k + 1))
        dsign.append(np.array([(-1.0) ** (t + k) for t in range(k + 1)]))
        mixing.append(np.array(list(rows_k), dtype=np.intp).reshape(-1, k))
        replies.append(
            np.array(list(itertools.combinations(range(q), k + 1)), dtype=np.intp).reshape(
                -1, k + 1
            )
        )
    return _Family(
        levels,
        tuple(coef),
        tuple(child),
        tuple(msign),
        tuple(dminor),
        tuple(dsign),
        tuple(mixing),
        tuple(replies),
    )


def _family_dets(family: _Family, w: np.ndarray) -> list[np.ndarray]:
    """``D(I, J)`` for every level: ``out[k]`` has shape (d_k, G); ``out[0]`` is unused.

    ``w`` is the matrix for G games laid out as (p * q, G), batch axis last.
    """
    minors = np.ones((1, w.shape[1]))
    out: list[np.ndarray] = [np.ones((1, w.shape[1]))]
    for k in range(1, family.levels + 1):
        terms = w[family.minor_coef[k - 1]] * minors[family.minor_child[k - 1]]
        minors = np.einsum("cks,k->cs", terms, family.minor_sign[k - 1])
        out.append(np.einsum("cks,k->cs", minors[family.det_minor[k - 1]], family.det_sign[k - 1]))
    return out


@dataclass(frozen=True)
class _PairSet:
    """Support pairs of one size ``k`` and where their signs are read."""

    k: int
    rows: np.ndarray  # (P, k) the row player's support
    cols: np.ndarray  # (P, k)
    x_ids: np.ndarray  # (P, k) ids of D_r(I - i_s, J) at level k - 1
    y_ids: np.ndarray  # (P, k) ids of D_c(J - j_t, I) at level k - 1
    parity: np.ndarray  # (k,) position s (1-based) is odd
    rdev_ids: np.ndarray  # (P, m - k) ids of D_c(J, I + i) at level k
    rdev_odd: np.ndarray  # (P, m - k) position of i in I + i (1-based) is odd
    rdev: np.ndarray  # (P, m - k) the row strategies i outside I
    cdev_ids: np.ndarray  # (P, n - k) ids of D_r(I, J + j) at level k
    cdev_odd: np.ndarray  # (P, n - k)
    cdev: np.ndarray  # (P, n - k)


@dataclass(frozen=True)
class _Plan:
    m: int
    n: int
    row_family: _Family  # W = B, the row player mixes
    col_family: _Family  # W = A^T, the column player mixes
    pairs: tuple[_PairSet, ...]
    cells: int  # numbers one game occupies while solved


def enumeration_work(m: int, n: int) -> int:
    """Support pairs of equal size plus certificate determinants of an m x n game.

    ``C(m+n, m) - 1`` support pairs, ``C(m+n, m+1)`` determinants for the row
    player and ``C(m+n, n+1)`` for the column player (Vandermonde's identity
    sums them over support sizes). Games with at most
    :data:`MAX_ENUMERATION_WORK` are solved by the support-enumeration kernel.

    Examples
    --------
    >>> from tradegame.solvers.batched import enumeration_work
    >>> enumeration_work(3, 3), enumeration_work(6, 6)
    (49, 2507)
    """
    return math.comb(m + n, m) - 1 + math.comb(m + n, m + 1) + math.comb(m + n, n + 1)


def _rounding_bound(size: int) -> float:
    """Bound on the rounding error of a computed ``size x size`` certificate determinant
    (see the module docstring): ``(gamma_{4k-1} + 2 k u) (k+1)!`` with ``k = size - 1``."""
    k, u = size - 1, 2.0**-53
    gamma = (4 * k - 1) * u / (1 - (4 * k - 1) * u)
    return (gamma + 2 * k * u) * math.factorial(size)


@functools.lru_cache(maxsize=32)
def _plan(m: int, n: int) -> _Plan:
    row_family, col_family = _family(m, n), _family(n, m)
    largest = max(row_family.levels, col_family.levels) + 1
    if _rounding_bound(largest) > CERTIFICATE_MARGIN / 10:  # pragma: no cover - size guard
        raise SolverError(
            f"a {m}x{n} game needs {largest}x{largest} certificate determinants, too large for "
            f"the margin {CERTIFICATE_MARGIN:g}; lower MAX_ENUMERATION_WORK"
        )
    pairs = []
    sizes = range(min(m, n) + 2)  # supports, and supports with one more strategy
    index_m = {k: _comb_index(m, k) for k in sizes if k <= m}
    index_n = {k: _comb_index(n, k) for k in sizes if k <= n}
    for k in range(2, min(m, n) + 1):
        rows_list, cols_list, x_ids, y_ids = [], [], [], []
        rdev_ids, rdev_odd, cdev_ids, cdev_odd = [], [], [], []
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                rows_list.append(rows)
                cols_list.append(cols)
                x_ids.append(
                    [
                        index_m[k - 1][rows[:s] + rows[s + 1 :]] * len(index_n[k])
                        + index_n[k][cols]
                        for s in range(k)
                    ]
                )
                y_ids.append(
                    [
                        index_n[k - 1][cols[:t] + cols[t + 1 :]] * len(index_m[k])
                        + index_m[k][rows]
                        for t in range(k)
                    ]
                )
                if k < m:
                    plus = [tuple(sorted((*rows, i))) for i in range(m) if i not in rows]
                    out = [i for i in range(m) if i not in rows]
                    rdev_ids.append(
                        [index_n[k][cols] * len(index_m[k + 1]) + index_m[k + 1][s] for s in plus]
                    )
                    rdev_odd.append([s.index(i) % 2 == 0 for s, i in zip(plus, out, strict=True)])
                if k < n:
                    plus = [tuple(sorted((*cols, j))) for j in range(n) if j not in cols]
                    out = [j for j in range(n) if j not in cols]
                    cdev_ids.append(
                        [index_m[k][rows] * len(index_n[k + 1]) + index_n[k + 1][s] for s in plus]
                    )
                    cdev_odd.append([s.index(j) % 2 == 0 for s, j in zip(plus, out, strict=True)])
        count = len(rows_list)
        pairs.append(
            _PairSet(
                k,
                np.array(rows_list, dtype=np.intp),
                np.array(cols_list, dtype=np.intp),
                np.array(x_ids, dtype=np.intp),
                np.array(y_ids, dtype=np.intp),
                np.array([(s + 1) % 2 == 1 for s in range(k)]),
                np.array(rdev_ids, dtype=np.intp).reshape(count, m - k),
                np.array(rdev_odd, dtype=bool).reshape(count, m - k),
                np.array(
                    [[i for i in range(m) if i not in r] for r in rows_list], dtype=np.intp
                ).reshape(count, m - k),
                np.array(cdev_ids, dtype=np.intp).reshape(count, n - k),
                np.array(cdev_odd, dtype=bool).reshape(count, n - k),
                np.array(
                    [[j for j in range(n) if j not in c] for c in cols_list], dtype=np.intp
                ).reshape(count, n - k),
            )
        )
    family_cells = sum(
        len(d) + len(c) * k
        for f in (row_family, col_family)
        for k, (d, c) in enumerate(zip(f.det_minor, f.minor_coef, strict=True), start=1)
    )
    pair_cells = max((len(p.rows) * (m + n + 2) for p in pairs), default=0)
    cells = 4 * m * n + 2 * family_cells + 2 * pair_cells
    return _Plan(m, n, row_family, col_family, tuple(pairs), cells)


def _undominated(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The strategies that survive iterated elimination of strategies strictly dominated by
    another pure strategy, by exact comparison: masks of shape (m, G) and (n, G).

    No strategy eliminated is played in any equilibrium, nor is it a best reply to
    a strategy supported on the survivors (Fudenberg and Tirole 1991, *Game
    Theory*, section 2.1), so the certificate and the enumeration need only the
    survivors. Each round looks again only at the games where the last one
    eliminated something.
    """
    a = values[:, 0]  # (G, m, n)
    b = values[:, 1].transpose(0, 2, 1)  # (G, n, m): the column player's, own strategy first
    rows = np.ones(a.shape[:2], dtype=bool)
    cols = np.ones(b.shape[:2], dtype=bool)
    active = np.arange(len(values))
    while len(active):
        live_rows, live_cols = rows[active], cols[active]
        out_rows = _dominated(a[active], live_rows, live_cols)
        out_cols = _dominated(b[active], live_cols, live_rows)
        rows[active] = live_rows & ~out_rows
        cols[active] = live_cols & ~out_cols
        active = active[(live_rows & out_rows).any(axis=1) | (live_cols & out_cols).any(axis=1)]
    return rows.T.copy(), cols.T.copy()


def _dominated(own: np.ndarray, mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """Which of a player's strategies another of its live strategies strictly dominates.

    ``own[g, s, o]`` is the player's payoff from strategy ``s`` against the other's
    ``o``; ``mine`` and ``theirs`` mark the live strategies. Loops over the
    strategies instead of reducing over short axes, which numpy does slowly.
    """
    size, others = own.shape[1], own.shape[2]
    beats = np.ones((len(own), size, size), dtype=bool)  # beats[g, s, t]: s dominates t
    for o in range(others):
        column = own[:, :, o]
        beats &= (column[:, :, None] > column[:, None, :]) | ~theirs[:, o, None, None]
    out = np.zeros(mine.shape, dtype=bool)
    for s in range(size):
        out |= beats[:, s, :] & mine[:, s, None]
    return out


def _certificate(
    plan: _Plan, norm: np.ndarray, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, list, list]:
    """Which games (rows of ``norm``, normalized, shape (G, 2, m, n)) are certified, and
    the determinants of both families (each a list by level of (d_k, G) arrays).

    Only determinants whose strategy sets survive dominance (``rows``, ``cols``:
    masks of shape (m, G) and (n, G)) count.
    """
    count, _, m, n = norm.shape
    w_row = np.ascontiguousarray(norm[:, 1].reshape(count, m * n).T)  # B[i, j] at i * n + j
    w_col = np.ascontiguousarray(norm[:, 0].transpose(0, 2, 1).reshape(count, n * m).T)
    dets_r = _family_dets(plan.row_family, w_row)
    dets_c = _family_dets(plan.col_family, w_col)
    certified = np.ones(count, dtype=bool)
    for family, dets, mixing, replies in (
        (plan.row_family, dets_r, rows, cols),
        (plan.col_family, dets_c, cols, rows),
    ):
        for level in range(1, family.levels + 1):
            live_i = mixing[family.det_mixing[level - 1]].all(axis=1)  # (C(p, k), G)
            live_j = replies[family.det_replies[level - 1]].all(axis=1)  # (C(q, k + 1), G)
            live = (live_i[:, None, :] & live_j[None, :, :]).reshape(-1, count)
            certified &= ((np.abs(dets[level]) > CERTIFICATE_MARGIN) | ~live).all(axis=0)
    return certified, dets_r, dets_c


def _mixed_supports(plan: _Plan, dets_r: list, dets_c: list, rows: np.ndarray, cols: np.ndarray):
    """Equilibria with supports of size k >= 2 among the surviving strategies, decided by
    determinant signs.

    Yields ``(games, x, y)``: the game (column of the determinant arrays) and
    dense strategies of the equilibria found for each support size. A
    deviation to an eliminated strategy needs no check: at the end of its chain
    of dominators is a survivor that pays strictly more against every mixture
    of the surviving strategies.
    """
    m, n = plan.m, plan.n
    neg_r = [d < 0 for d in dets_r]
    neg_c = [d < 0 for d in dets_c]
    for pairs in plan.pairs:
        k = pairs.k
        parity = pairs.parity[None, :, None]
        ok = rows[pairs.rows].all(axis=1) & cols[pairs.cols].all(axis=1)
        gx = neg_r[k - 1][pairs.x_ids] ^ parity  # sign of (-1)^s D_r(I - i_s, J)
        gy = neg_c[k - 1][pairs.y_ids] ^ parity
        sx, sy = gx[:, 0], gy[:, 0]
        ok &= (gx == sx[:, None]).all(axis=1) & (gy == sy[:, None]).all(axis=1)
        if k < m:  # no surviving row strategy outside I pays more against y
            better = neg_c[k][pairs.rdev_ids] ^ pairs.rdev_odd[:, :, None] ^ sy[:, None]
            ok &= (better | ~rows[pairs.rdev]).all(axis=1)
        if k < n:
            better = neg_r[k][pairs.cdev_ids] ^ pairs.cdev_odd[:, :, None] ^ sx[:, None]
            ok &= (better | ~cols[pairs.cdev]).all(axis=1)
        which, games = np.nonzero(ok)
        if not len(which):
            continue
        xs = np.abs(dets_r[k - 1][pairs.x_ids[which], games[:, None]])
        ys = np.abs(dets_c[k - 1][pairs.y_ids[which], games[:, None]])
        x = np.zeros((len(which), m))
        y = np.zeros((len(which), n))
        np.put_along_axis(x, pairs.rows[which], xs / xs.sum(axis=1, keepdims=True), axis=1)
        np.put_along_axis(y, pairs.cols[which], ys / ys.sum(axis=1, keepdims=True), axis=1)
        yield games, x, y


def _enumeration_chunk(
    values: np.ndarray, games: np.ndarray, tol: float, pieces: _Pieces, plan: _Plan
) -> np.ndarray:
    """Solve the certified games of a chunk (the batch's games ``games``); return the games
    left for the per-game path."""
    from .pure import pure_nash_mask

    norm = normalized(values)
    rows, cols = _undominated(values)
    certified, dets_r, dets_c = _certificate(plan, norm, rows, cols)
    found = np.argwhere(pure_nash_mask(values))
    cand_games = [found[:, 0]]
    cand_x = [_one_hot(found[:, 1], plan.m)]
    cand_y = [_one_hot(found[:, 2], plan.n)]
    for g, x, y in _mixed_supports(plan, dets_r, dets_c, rows, cols):
        cand_games.append(g)
        cand_x.append(_clean(x))
        cand_y.append(_clean(y))
    g = np.concatenate(cand_games)
    x = np.concatenate(cand_x)
    y = np.concatenate(cand_y)
    # verification on the normalized payoffs: regret as a fraction of each player's range
    a, b = norm[g, 0], norm[g, 1]
    row_values = np.einsum("emn,en->em", a, y)
    col_values = np.einsum("emn,em->en", b, x)
    regret = np.maximum(
        row_values.max(axis=1) - np.einsum("em,em->e", row_values, x),
        col_values.max(axis=1) - np.einsum("en,en->e", col_values, y),
    )
    regret = np.maximum(regret, 0.0)
    count = np.bincount(g, minlength=len(values))
    failed = np.bincount(g, weights=~(regret <= tol), minlength=len(values)) > 0
    solved = certified & ~failed & (count % 2 == 1)
    keep = solved[g]
    g, x, y, regret = g[keep], x[keep], y[keep], regret[keep]
    raw_a, raw_b = values[g, 0], values[g, 1]
    payoffs = np.stack(
        [
            np.einsum("em,emn,en->e", x, raw_a, y),
            np.einsum("em,emn,en->e", x, raw_b, y),
        ],
        axis=1,
    )
    order = _order(g, (x, y))
    pieces.add(games[g[order]], (x[order], y[order]), payoffs[order], regret[order])
    return games[~solved]


def certified_nondegenerate(tensors: np.ndarray) -> np.ndarray:
    """Which two-player games of a batch the determinant certificate proves nondegenerate.

    A game is certified when, among the strategies that survive iterated
    elimination of strategies strictly dominated by a pure strategy, every
    determinant ``D(I, J) = det [W[I, J]^T | 1]`` of both players (see the
    module docstring), on the normalized payoffs, exceeds
    :data:`CERTIFICATE_MARGIN` in magnitude; then the game of survivors,
    which has the same equilibria, is nondegenerate. :func:`batch_equilibria`
    solves certified games by support enumeration (tie-free 2x2 games by the
    ``"2x2"`` kernel first). The certificate is conservative: a game within
    the margin of being degenerate is not certified, nor is one whose ties
    happen not to matter (the n x n identity game).

    Parameters
    ----------
    tensors : ndarray, shape (B, 2, m, n)
        Payoffs of B two-player games; ``enumeration_work(m, n)`` must be at
        most :data:`MAX_ENUMERATION_WORK`.

    Returns
    -------
    ndarray of bool, shape (B,)

    Examples
    --------
    >>> import numpy as np
    >>> from tradegame.solvers.batched import certified_nondegenerate
    >>> battle = [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]
    >>> tied = [[[1, 0], [1, 2]], [[1, 0], [0, 2]]]  # row is indifferent against column 0
    >>> certified_nondegenerate(np.array([battle, tied])).tolist()
    [True, False]
    """
    values = _check_tensors(tensors)
    if values.shape[1] != 2:
        raise SolverError(
            f"the certificate is for two-player games; tensors have shape {values.shape}"
        )
    m, n = values.shape[2:]
    if (work := enumeration_work(m, n)) > MAX_ENUMERATION_WORK:
        raise SolverError(
            f"a {m}x{n} game has {work:,} support pairs and certificate determinants, more "
            f"than MAX_ENUMERATION_WORK = {MAX_ENUMERATION_WORK:,}"
        )
    plan = _plan(m, n)
    out = np.zeros(len(values), dtype=bool)
    step = max(1, _CELLS // plan.cells)
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        alive = _undominated(chunk)
        out[start : start + len(chunk)] = _certificate(plan, normalized(chunk), *alive)[0]
    return out


# ---------------------------------------------------------------------------- per game
def _per_game(
    values: np.ndarray,
    games: np.ndarray,
    tol: float,
    time_limit: float | None,
    budget: Budget,
    pieces: _Pieces,
    complete: np.ndarray,
    kernel: np.ndarray,
) -> None:
    """``solve`` each game of ``games``, until the total budget runs out."""
    from .solve import solve

    shape = values.shape[2:]
    for index in games.tolist():
        if budget.expired():
            return
        limit = time_limit
        if (left := budget.remaining()) is not None:
            limit = left if limit is None else min(limit, left)
            limit = max(limit, 1e-3)
        game = Game.from_arrays(list(values[index]))
        result = solve(game, tol=tol, time_limit=limit)
        listed = canonical_equilibria(result)
        k = len(listed)
        strategies = [
            np.array([e.strategies[p] for e in listed]).reshape(k, size)
            for p, size in enumerate(shape)
        ]
        payoffs = np.array([e.payoffs for e in listed]).reshape(k, len(shape))
        regret = np.array([e.relative_regret for e in listed], dtype=float)
        pieces.add(np.full(k, index), strategies, payoffs, regret)
        complete[index] = result.complete
        kernel[index] = _PER_GAME
        budget.report(lambda index=index: f"game {index:,} of {len(values):,}")


# ---------------------------------------------------------------------------- entry point
def batch_equilibria(
    tensors: np.ndarray,
    *,
    concept: str = "nash",
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    total_time_limit: float | None = None,
) -> BatchEquilibria:
    """Equilibria of every game in a batch, by vectorized kernels where they apply.

    Parameters
    ----------
    tensors : ndarray, shape (B, n_players, n_1, ..., n_N)
        Payoff tensors of B games of the same shape, e.g. from
        ``Scenario.payoff_tensors(values)``. ``B = 0`` is allowed.
    concept : {"nash", "pure"}, optional
        ``"pure"``: every pure-strategy equilibrium of every game, any number
        of players (exactly the set :func:`~tradegame.solvers.pure.pure_nash`
        lists), kernel ``"pure"``. ``"nash"`` (default): for two players, all
        equilibria (the set :func:`~tradegame.solvers.solve.solve` lists):
        tie-free 2x2 games by the ``"2x2"`` kernel; games of at most
        :data:`MAX_ENUMERATION_WORK` that :func:`certified_nondegenerate`
        certifies by the ``"support-enumeration"`` kernel; every other game
        per game by ``solve`` (vertex enumeration for small games: all
        extreme equilibria). For three or more players every game is solved
        per game by ``solve`` (all equilibria of small games, see its
        ``auto``): there is no vectorized kernel for them.
    tol : float, optional
        Relative regret tolerance: no player of an equilibrium listed can
        gain more than ``tol`` times its payoff range in that game.
    time_limit : float or None, optional
        Seconds allowed to each game solved per game (default
        :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`); a game cut short is
        marked incomplete. The vectorized kernels take no time limit: their
        work is a fixed amount per game.
    total_time_limit : float or None, optional
        Seconds allowed to the whole batch (default None: no limit). Checked
        between chunks of the vectorized kernels and between games solved
        per game, each of which gets at most the time left; games not
        reached are left with no equilibria, ``complete`` False and kernel
        -1, and ``stopped`` says why.

    Returns
    -------
    BatchEquilibria
        Equilibria grouped by game, each game's in the canonical order of
        :func:`canonical_order`, every one verified.

    Notes
    -----
    Speeds measured on one core of a shared machine (random payoffs): 7
    million 2x2 games a second; 380,000 2x3, 280,000 3x3 and 19,000 6x6
    games a second; ``solve`` takes about 1 ms a game for these sizes (15 ms
    for 6x6). Games sent to the per-game path cost what ``solve`` costs.

    Examples
    --------
    Matching pennies and chicken (Rapoport and Guyer 1966, game 66):

    >>> import numpy as np
    >>> from tradegame.solvers.batched import KERNELS, batch_equilibria
    >>> pennies = [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]]
    >>> chicken = [[[3, 2], [4, 1]], [[3, 4], [2, 1]]]
    >>> found = batch_equilibria(np.array([pennies, chicken]))
    >>> found.count.tolist(), [KERNELS[k] for k in found.kernel]
    ([1, 3], ['2x2', '2x2'])
    >>> found.point.tolist(), found.pure.tolist()
    ([0, 1, 1, 1], [False, True, True, False])
    >>> found.strategies[0][found.rows(1)].tolist()
    [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    """
    values = _check_tensors(tensors)
    concept = _check_concept(concept)
    tol = check_tol(tol)
    time_limit = check_time_limit(time_limit)
    budget = Budget("batch", _check_total(total_time_limit))
    n_games, n_players = values.shape[:2]
    shape = tuple(int(k) for k in values.shape[2:])
    pieces = _Pieces()
    complete = np.zeros(n_games, dtype=bool)
    kernel = np.full(n_games, _UNSOLVED, dtype=np.int8)
    if concept == "pure":
        complete[:] = True
        _pure_kernel(values, tol, pieces, complete, kernel)
    elif n_players == 2 and enumeration_work(*shape) <= MAX_ENUMERATION_WORK:
        left = _two_player_kernels(values, tol, pieces, complete, kernel, budget)
        _per_game(values, left, tol, time_limit, budget, pieces, complete, kernel)
    else:
        everything = np.arange(n_games)
        _per_game(values, everything, tol, time_limit, budget, pieces, complete, kernel)
    point, strategies, payoffs, regret = pieces.merged(shape)
    stopped = None
    if budget.stopped is not None:
        missing = int((kernel == _UNSOLVED).sum())
        stopped = f"{budget.stopped}: {missing:,} of {n_games:,} games not solved"
    return BatchEquilibria(
        shape=shape,
        point=point,
        strategies=strategies,
        payoffs=payoffs,
        regret=regret,
        count=np.bincount(point, minlength=n_games).astype(np.int64),
        complete=complete,
        kernel=kernel,
        concept=concept,
        tolerance=tol,
        stopped=stopped,
    )


def _two_player_kernels(
    values: np.ndarray,
    tol: float,
    pieces: _Pieces,
    complete: np.ndarray,
    kernel: np.ndarray,
    budget: Budget,
) -> np.ndarray:
    """Run the 2x2 and support-enumeration kernels; return the games left for ``solve``.

    2x2 games with a tie go on to the support-enumeration kernel, which certifies
    those whose ties only concern strategies that dominance removes.
    """
    n_games = len(values)
    shape = values.shape[2:]
    pending: list[np.ndarray] = [np.zeros(0, dtype=np.intp)]
    left: list[np.ndarray] = [np.zeros(0, dtype=np.intp)]
    # payoffs near the float limit overflow in differences: the games concerned fail
    # verification and go to the per-game path, which scales them first
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if shape == (2, 2):
            for start in range(0, n_games, _CHUNK_2X2):
                stop = min(start + _CHUNK_2X2, n_games)
                if budget.expired():  # the per-game path stops at once: these stay unsolved
                    left.append(np.arange(start, n_games))
                    break
                rest = _two_by_two(values[start:stop], start, tol, pieces)
                complete[start:stop] = True
                kernel[start:stop] = _TWO
                complete[rest] = False
                kernel[rest] = _UNSOLVED
                pending.append(rest)
        else:
            pending.append(np.arange(n_games))
        games = np.concatenate(pending)
        plan = _plan(*shape)
        step = max(1, _CELLS // plan.cells)
        for start in range(0, len(games), step):
            if budget.expired():
                left.append(games[start:])
                break
            chunk = games[start : start + step]
            rest = _enumeration_chunk(values[chunk], chunk, tol, pieces, plan)
            complete[chunk] = True
            kernel[chunk] = _ENUM
            complete[rest] = False
            kernel[rest] = _UNSOLVED
            left.append(rest)
    return np.sort(np.concatenate(left))
