"""All Nash equilibria of a small N-player game: supports and certified root boxes.

Every equilibrium has a support profile (the strategies each player uses),
and on it solves that support's indifference system (every strategy a player
uses pays it the same): with ``y_i`` the probabilities of player ``i``'s
support strategies after the first, the equations

    u_i(s, x_-i) - u_i(s_0, x_-i) = 0      for every player i and s in S_i, s != s_0

are as many as the unknowns and multilinear: each is linear in each other
player's mixture (McKelvey and McLennan 1996, section 5). For each support
profile this module finds every root of the system in the probability box
by interval subdivision, as Gambit's ``enumpoly`` does, with two tools that
make it complete rather than heuristic:

* **Exact ranges.** A multilinear function takes its extreme values over a
  box at the box's vertices, so evaluating the equations (and their partial
  derivatives, also multilinear) at the vertices gives their exact range; a
  box where some equation cannot vanish holds no root and is discarded.
* **Krawczyk's test.** For a box ``X`` with midpoint ``m``, interval
  Jacobian ``J(X)`` and ``Y`` the inverse of the Jacobian at ``m``, the set
  ``K = m - Y f(m) + (I - Y J(X))(X - m)`` contains every root in ``X``; if
  ``K`` lies inside ``X`` the box holds exactly one root, and Newton's method
  from ``m`` converges to it; if ``K`` misses ``X`` it holds none
  (Krawczyk 1969; Moore 1977; Neumaier 1990, ch. 5).

A box neither discarded nor certified is cut in half along its widest side,
all boxes of all support profiles of one size being processed together in
one batch. A root found this way is polished by Newton's method, its
probabilities checked to be non-negative, and it is kept when no strategy
outside the support pays more (the result's verification). Supports are
pruned first: strategies strictly dominated by another pure strategy are
removed, iteratively, from the whole game, and a support profile in which a
support strategy is strictly dominated against the others' supports is
skipped.

Generic games have finitely many equilibria, an odd number (Wilson 1971;
Harsanyi 1973), all of them certified by the test above. A degenerate game
(ties, a continuum of equilibria) has boxes that shrink to the width limit
uncertified: the points found there are kept when they verify, and the
result says the list may be incomplete. The arithmetic is floating point,
not outward-rounded interval arithmetic, with a small safety margin in both
tests; the support profiles grow exponentially with the game (``(2**m-1)**n``
for n players with m strategies each), so the method is for small games and
stops at its time limit.

References
----------
Harsanyi, J. C. (1973). Oddness of the number of equilibrium points.
*International Journal of Game Theory* 2, 235-250.
Krawczyk, R. (1969). Newton-Algorithmen zur Bestimmung von Nullstellen mit
Fehlerschranken. *Computing* 4, 187-201.
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite
games. *Handbook of Computational Economics* 1, ch. 2.
Moore, R. E. (1977). A test for existence of solutions to nonlinear systems.
*SIAM Journal on Numerical Analysis* 14, 611-615.
Neumaier, A. (1990). *Interval Methods for Systems of Equations*. Cambridge.
Wilson, R. (1971). Computing equilibria of N-person games. *SIAM Journal on
Applied Mathematics* 21, 80-87.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace

import numpy as np

from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._scale import normalized
from .regret import regrets
from .result import DEFAULT_TOL, SolverResult, check_game, check_tol, verified_result

__all__ = ["MAX_SUPPORT_PROFILES", "all_equilibria", "support_profile_count"]

MAX_SUPPORT_PROFILES = 2_000_000
"""Support profiles (after dominance pruning) beyond which the method refuses to start."""

_MARGIN = 1e-12  # safety margin of the exclusion and inclusion tests (payoffs in [0, 1])
_INFLATE = 0.01  # boxes are widened by this fraction of their width for the tests
_MIN_WIDTH = 1e-10  # a box this narrow that is still undecided is resolved by Newton's method
_SUPPORT_BOXES = 50_000  # live boxes of one support profile beyond which it is degenerate
_FLAT_ROUNDS = 8  # halvings by the exclusion tests alone before a flat system is degenerate
_PROBE_FROM = 32  # live boxes of one support profile from which it is probed for degeneracy
_PROBE_GROWTH = 4  # it is probed again each time its live boxes have grown this many times
_PROBES = 3  # boxes Newton's method starts from in one probe
_SAMPLES = 4  # points polished from a support profile declared degenerate
_NEGATIVE = 1e-10  # a probability below minus this is not a rounding residue
_NEWTON_STEPS = 30  # batched Newton steps at most
_STALLED = 6  # Newton steps without the residual shrinking by 10% before a start is dropped
_CONVERGED = 1e-13  # residual (payoffs in [0, 1]) at which a Newton run has converged
_SINGULAR_SV = 1e-14  # smallest over largest singular value below which a matrix is singular
_SINGULAR = 1e10  # condition number of the midpoint Jacobian beyond which it is singular
_SINGULAR_WIDTH = 1e-3  # a box this narrow around a singular point is polished, not split
_CHUNK = 20_000  # boxes processed in one vectorized step
_SNAP = 1e-9  # probabilities below this in a polished point are tried as zeros
_DOMINATED = 1e-12  # strict dominance needs at least this margin (payoffs in [0, 1])


def _subsets(strategies: np.ndarray) -> list[tuple[int, ...]]:
    """Non-empty subsets of ``strategies``, smallest first."""
    items = strategies.tolist()
    return [c for k in range(1, len(items) + 1) for c in itertools.combinations(items, k)]


def _undominated(tensor: np.ndarray) -> list[np.ndarray]:
    """Each player's strategies surviving iterated strict dominance by pure strategies."""
    n = tensor.ndim - 1
    alive = [np.arange(tensor.shape[1 + i]) for i in range(n)]
    changed = True
    while changed:
        changed = False
        sub = tensor[np.ix_(range(n), *alive)]
        for i in range(n):
            rows = np.moveaxis(sub[i], i, 0).reshape(len(alive[i]), -1)
            # dominated[s]: some t pays more than s against every profile of the others
            beats = (rows[:, None, :] - rows[None, :, :] > _DOMINATED).all(axis=2)
            dominated = beats.any(axis=0)
            if dominated.any():
                alive[i] = alive[i][~dominated]
                changed = True
                break
    return alive


def _contract(values: np.ndarray, mats: list[np.ndarray]) -> np.ndarray:
    """Contract axes ``2, 3, ...`` of ``values`` (shape (B, e, k_1, ...)) with ``mats``.

    Each matrix has shape (B, r, k) (one per box) or (r, k) (shared); axis
    ``k`` is replaced by ``r`` in place.
    """
    for q, mat in enumerate(mats):
        moved = np.moveaxis(values, 2 + q, -1)
        shape = moved.shape
        flat = moved.reshape(shape[0], -1, shape[-1])
        out = flat @ (np.swapaxes(mat, 1, 2) if mat.ndim == 3 else mat.T)
        values = np.moveaxis(out.reshape(*shape[:-1], out.shape[-1]), -1, 2 + q)
    return values


class _System:
    """The indifference equations of a batch of support profiles of one size signature."""

    def __init__(
        self,
        tensor: np.ndarray,
        profiles: list[tuple[tuple[int, ...], ...]],
        alive: list[np.ndarray],
    ) -> None:
        n = tensor.ndim - 1
        self.n = n
        self.sizes = [len(s) for s in profiles[0]]
        self.dim = sum(k - 1 for k in self.sizes)
        # a player with more equations than the others have unknowns makes the Jacobian
        # singular everywhere (its equations depend on the others' unknowns only): in a
        # generic game such a support profile holds no equilibrium
        self.overdetermined = any(2 * (k - 1) > self.dim for k in self.sizes)
        self.offsets = np.cumsum([0, *[k - 1 for k in self.sizes]])
        # For player i, the payoff of each support strategy after the first, and of each
        # strategy outside the support, minus the first's, against the others' supports:
        # axes (P, k_i - 1 + outside, k_j for j != i). The first k_i - 1 rows are the
        # equations; the others must not be positive at an equilibrium.
        supports = [np.array([p[j] for p in profiles], dtype=np.intp) for j in range(n)]  # (P, k_j)
        self.rows: dict[int, np.ndarray] = {}
        for i in range(n):
            outside = np.array(
                [[s for s in alive[i] if s not in p[i]] for p in profiles], dtype=np.intp
            )
            own = np.concatenate([supports[i], outside.reshape(len(profiles), -1)], axis=1)
            if own.shape[1] == 1:
                continue  # one strategy: no equation, no deviation
            axes = []
            for j in range(n):
                idx = own if j == i else supports[j]
                shape = [len(profiles)] + [1] * n
                shape[1 + j] = idx.shape[1]
                axes.append(idx.reshape(shape))
            values = np.moveaxis(tensor[i][tuple(axes)], 1 + i, 1)  # (P, own, others...)
            self.rows[i] = values[:, 1:] - values[:, :1]
        # d x_j / d y_j: row t is e_{t+1} - e_0
        self.directions = {}
        for j in range(n):
            k = self.sizes[j]
            d = np.zeros((max(k - 1, 0), k))
            if k > 1:
                d[:, 0] = -1.0
                d[np.arange(k - 1), np.arange(1, k)] = 1.0
            self.directions[j] = d

    def _points(self, y: np.ndarray, j: int) -> np.ndarray:
        """Mixtures of player j at points ``y`` (B, r, dim): (B, r, k_j)."""
        if self.sizes[j] == 1:
            return np.ones((y.shape[0], 1, 1))
        yj = y[..., self.offsets[j] : self.offsets[j + 1]]
        return np.concatenate([1.0 - yj.sum(axis=-1, keepdims=True), yj], axis=-1)

    def _vertices(self, lo: np.ndarray, hi: np.ndarray, j: int) -> np.ndarray:
        """Mixtures at the vertices of player j's part of each box: (B, 2**(k_j-1), k_j)."""
        k = self.sizes[j]
        if k == 1:
            return np.ones((lo.shape[0], 1, 1))
        a, b = (
            lo[:, self.offsets[j] : self.offsets[j + 1]],
            hi[:, self.offsets[j] : self.offsets[j + 1]],
        )
        corners = np.array(list(itertools.product((0, 1), repeat=k - 1)), dtype=float)
        y = a[:, None, :] + corners[None] * (b - a)[:, None, :]
        return np.concatenate([1.0 - y.sum(axis=-1, keepdims=True), y], axis=-1)

    def evaluate(self, which: np.ndarray, lo: np.ndarray, hi: np.ndarray):
        """Ranges of the equations and of the Jacobian over boxes, and values at midpoints.

        Returns ``(f_lo, f_hi, j_lo, j_hi, f_mid, j_mid, deviates)`` with shapes
        (B, dim), (B, dim, dim) and (B,); ``deviates`` marks boxes in which some
        player has a strategy outside its support that pays more than the
        support everywhere, so that no point of the box is an equilibrium.
        Each player's equations are contracted once with, for every other
        player, the stacked rows: the box's vertices, its midpoint and the
        directions of that player's unknowns.
        """
        b = len(which)
        if not b:
            flat, square = np.zeros((0, self.dim)), np.zeros((0, self.dim, self.dim))
            return flat, flat, square, square, flat, square, np.zeros(0, dtype=bool)
        mid = 0.5 * (lo + hi)
        rows_of = []
        for j in range(self.n):
            verts = self._vertices(lo, hi, j)
            point = self._points(mid[:, None, :], j)
            direction = np.broadcast_to(self.directions[j], (b, *self.directions[j].shape))
            rows_of.append(np.concatenate([verts, point, direction], axis=1))
        n_verts = [self._n_vertices(j) for j in range(self.n)]
        f_lo, f_hi, f_mid = (np.zeros((b, self.dim)) for _ in range(3))
        j_lo, j_hi, j_mid = (np.zeros((b, self.dim, self.dim)) for _ in range(3))
        deviates = np.zeros(b, dtype=bool)
        for i, diffs in self.rows.items():
            e = self.sizes[i] - 1
            rows = slice(self.offsets[i], self.offsets[i + 1])
            others = [j for j in range(self.n) if j != i]
            values = _contract(diffs[which], [rows_of[j] for j in others])
            vert = tuple(slice(0, n_verts[j]) for j in others)
            centre = tuple(slice(n_verts[j], n_verts[j] + 1) for j in others)
            ranged = values[(slice(None), slice(None), *vert)].reshape(b, len(values[0]), -1)
            # a strategy outside the support that pays more everywhere in the box
            deviates |= (ranged[:, e:].min(axis=2) > _MARGIN).any(axis=1)
            if not e:
                continue
            values = values[:, :e]
            ranged = ranged[:, :e]
            f_lo[:, rows], f_hi[:, rows] = ranged.min(axis=2), ranged.max(axis=2)
            f_mid[:, rows] = values[(slice(None), slice(None), *centre)].reshape(b, -1)
            for q, j in enumerate(others):
                if self.sizes[j] == 1:
                    continue
                cols = slice(self.offsets[j], self.offsets[j + 1])
                along = slice(n_verts[j] + 1, None)
                part = values[(slice(None), slice(None), *vert[:q], along, *vert[q + 1 :])]
                part = np.moveaxis(part, 2 + q, 2).reshape(b, part.shape[1], self.sizes[j] - 1, -1)
                j_lo[:, rows, cols], j_hi[:, rows, cols] = part.min(axis=3), part.max(axis=3)
                at = values[(slice(None), slice(None), *centre[:q], along, *centre[q + 1 :])]
                j_mid[:, rows, cols] = np.moveaxis(at, 2 + q, 2).reshape(b, at.shape[1], -1)
        return f_lo, f_hi, j_lo, j_hi, f_mid, j_mid, deviates

    def excluded(self, which: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Boxes that hold no equilibrium: an equation cannot vanish, or a strategy outside
        the support beats it everywhere. The same test as in :meth:`evaluate`, from the
        vertices alone (a fraction of the work), to drop most boxes before the rest is done."""
        out = np.zeros(len(which), dtype=bool)
        if not len(which):
            return out
        verts = [self._vertices(lo, hi, j) for j in range(self.n)]
        for i, diffs in self.rows.items():
            e = self.sizes[i] - 1
            others = [j for j in range(self.n) if j != i]
            ranged = _contract(diffs[which], [verts[j] for j in others])
            ranged = ranged.reshape(len(which), ranged.shape[1], -1)
            low, high = ranged.min(axis=2), ranged.max(axis=2)
            out |= (low[:, e:] > _MARGIN).any(axis=1)
            out |= ((low[:, :e] > _MARGIN) | (high[:, :e] < -_MARGIN)).any(axis=1)
        return out

    def dominated(self) -> np.ndarray:
        """Support profiles in which some support strategy is strictly dominated by another
        strategy (in or out of the support) against every profile of the others' supports:
        no equilibrium uses them."""
        out = np.zeros(len(next(iter(self.rows.values()))) if self.rows else 0, dtype=bool)
        for i, diffs in self.rows.items():
            count = len(diffs)
            # payoffs relative to the first support strategy: (P, strategies, others' profiles)
            rows = np.concatenate([np.zeros((count, 1, *diffs.shape[2:])), diffs], axis=1)
            rows = rows.reshape(count, rows.shape[1], -1)
            own = rows[:, : self.sizes[i]]
            beats = (rows[:, :, None, :] - own[:, None, :, :] > _DOMINATED).all(axis=3)
            out |= beats.any(axis=(1, 2))
        return out

    def at_points(self, which: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The equations and their Jacobian at points ``y``: shapes (B, dim), (B, dim, dim)."""
        b = len(which)
        f, jac = np.zeros((b, self.dim)), np.zeros((b, self.dim, self.dim))
        if not b:
            return f, jac
        rows_of = []
        for j in range(self.n):
            point = self._points(y[:, None, :], j)
            direction = np.broadcast_to(self.directions[j], (b, *self.directions[j].shape))
            rows_of.append(np.concatenate([point, direction], axis=1))
        for i, diffs in self.rows.items():
            e = self.sizes[i] - 1
            if not e:
                continue
            rows = slice(self.offsets[i], self.offsets[i + 1])
            others = [j for j in range(self.n) if j != i]
            values = _contract(diffs[which][:, :e], [rows_of[j] for j in others])
            at = (slice(None), slice(None), *([slice(0, 1)] * len(others)))
            f[:, rows] = values[at].reshape(b, e)
            for q, j in enumerate(others):
                if self.sizes[j] > 1:
                    cols = slice(self.offsets[j], self.offsets[j + 1])
                    index = [slice(0, 1)] * len(others)
                    index[q] = slice(1, None)
                    part = values[(slice(None), slice(None), *index)]
                    jac[:, rows, cols] = np.moveaxis(part, 2 + q, 2).reshape(b, e, -1)
        return f, jac

    def newton(self, which: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Newton's method on the indifference systems of support profiles ``which``, one
        start each (rows of ``y``), all at once.

        Steps are least-squares (minimum-norm) solutions, so a system with a continuum
        of solutions still converges to one of its points. Returns the points and a mask
        of those whose residual fell below ``_CONVERGED``.
        """
        y = np.array(y, dtype=float)
        if not self.dim:  # pure profiles: nothing to solve
            return y, np.ones(len(y), dtype=bool)
        done = np.zeros(len(y), dtype=bool)
        dropped = np.zeros(len(y), dtype=bool)  # diverged, or stopped shrinking its residual
        best = np.full(len(y), np.inf)
        stalls = np.zeros(len(y), dtype=np.intp)
        for _ in range(_NEWTON_STEPS):
            active = np.flatnonzero(~done & ~dropped)
            if not len(active):
                break
            f, jac = self.at_points(which[active], y[active])
            with np.errstate(all="ignore"):
                size = np.abs(f).max(axis=1)
                done[active[size <= _CONVERGED]] = True
                # Newton's method converges quadratically near a regular solution and at
                # least linearly near a singular one: a residual that stops shrinking by a
                # tenth is heading nowhere
                stalls[active] = np.where(size > 0.9 * best[active], stalls[active] + 1, 0)
                best[active] = np.minimum(best[active], size)
                dropped[active[~(size <= _CONVERGED) & (stalls[active] >= _STALLED)]] = True
                go = ~(size <= _CONVERGED) & ~dropped[active]
                move = active[go]
                if not len(move):
                    break
                step = np.linalg.pinv(jac[go]) @ f[go][:, :, None]
                y[move] -= step[:, :, 0]
            dropped[move[~np.isfinite(y[move]).all(axis=1)]] = True
        return y, done

    def singular(self, which: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether the Jacobian of each support profile's system is singular at its point."""
        jac = self.at_points(which, y)[1]
        sv = np.linalg.svd(jac, compute_uv=False)
        return sv[:, -1] <= sv[:, 0] / _SINGULAR

    def profiles(
        self, shape: tuple[int, ...], supports: list, which: np.ndarray, y: np.ndarray
    ) -> list[np.ndarray]:
        """Full-length mixtures, one batch array per player, of points ``y`` of the support
        profiles ``which``."""
        out = []
        for j in range(self.n):
            full = np.zeros((len(which), shape[1 + j]))
            points = self._points(y[:, None, :], j)[:, 0]
            for row, p in enumerate(which.tolist()):
                full[row, list(supports[p][j])] = points[row]
            out.append(full)
        return out

    def _n_vertices(self, j: int) -> int:
        return 1 << (self.sizes[j] - 1) if self.sizes[j] > 1 else 1

    def profile(self, tensor_shape: tuple[int, ...], supports, y: np.ndarray) -> list[np.ndarray]:
        """Full-length mixtures from a point ``y`` of support profile ``supports``."""
        out = []
        for j in range(self.n):
            full = np.zeros(tensor_shape[1 + j])
            full[list(supports[j])] = self._points(y[None, None, :], j)[0, 0]
            out.append(full)
        return out


def _krawczyk(lo, hi, f_mid, j_lo, j_hi, j_mid):
    """Krawczyk's set for each box: ``(k_lo, k_hi, ok, inv)``.

    ``ok`` marks boxes whose Jacobian at the midpoint could be inverted;
    ``inv`` holds the inverses (zero elsewhere).
    """
    dim = lo.shape[1]
    with np.errstate(all="ignore"):
        try:
            inv = np.linalg.inv(j_mid)
            ok = np.isfinite(inv).all(axis=(1, 2))
        except np.linalg.LinAlgError:  # some are singular: invert the others via the SVD
            u, sv, vt = np.linalg.svd(j_mid)
            ok = sv[:, -1] > _SINGULAR_SV * np.maximum(sv[:, 0], 1e-300)
            safe = np.where(ok[:, None], sv, 1.0)
            inv = np.swapaxes(vt, 1, 2) @ (np.swapaxes(u, 1, 2) / safe[:, :, None])
        # rounding in Y f(m) and Y J grows with the norm of Y: an ill-conditioned midpoint
        # Jacobian gives no test at all rather than one the safety margin cannot cover
        condition = np.abs(inv).sum(axis=2).max(axis=1) * np.abs(j_mid).sum(axis=2).max(axis=1)
        ok &= condition < _SINGULAR
        inv = np.where(ok[:, None, None], inv, 0.0)
        mid = 0.5 * (lo + hi)
        radius = 0.5 * (hi - lo)
        centre = 0.5 * (j_lo + j_hi)
        spread = 0.5 * (j_hi - j_lo)
        m_centre = np.eye(dim)[None] - inv @ centre
        m_radius = np.abs(inv) @ spread
        point = mid - np.einsum("bij,bj->bi", inv, f_mid)
        width = np.einsum("bij,bj->bi", np.abs(m_centre) + m_radius, radius)
        slack = _MARGIN * (1.0 + np.abs(point))
        return point - width - slack, point + width + slack, ok, inv


def _product(a_lo, a_hi, b_lo, b_hi):
    """Interval product, elementwise."""
    corners = np.stack([a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi])
    return corners.min(axis=0), corners.max(axis=0)


def _gauss_seidel(lo, hi, mid, f_mid, j_lo, j_hi, inv):
    """Narrow boxes by the preconditioned interval Gauss-Seidel step (Hansen and Sengupta 1981).

    Every root ``x`` in a box satisfies ``0 = Y f(m) + M (x - m)`` for some
    ``M`` in ``Y J(box)``; solving row ``k`` for ``x_k`` bounds it. ``lo, hi``
    must lie in the box over which ``j_lo, j_hi`` were computed, around ``mid``.
    Returns the narrowed bounds; an empty box comes back with ``lo > hi``.
    """
    lo, hi = lo.copy(), hi.copy()
    with np.errstate(all="ignore"):
        centre = inv @ (0.5 * (j_lo + j_hi))
        radius = np.abs(inv) @ (0.5 * (j_hi - j_lo))
        m_lo, m_hi = centre - radius, centre + radius
        residual = np.einsum("bij,bj->bi", inv, f_mid)
        for k in range(lo.shape[1]):
            t_lo, t_hi = _product(m_lo[:, k], m_hi[:, k], lo - mid, hi - mid)
            t_lo[:, k] = t_hi[:, k] = 0.0
            num_lo = -residual[:, k] - t_hi.sum(axis=1)
            num_hi = -residual[:, k] - t_lo.sum(axis=1)
            d_lo, d_hi = m_lo[:, k, k], m_hi[:, k, k]
            usable = (d_lo > 0) | (d_hi < 0)
            q_lo, q_hi = _product(
                num_lo, num_hi, 1.0 / np.where(usable, d_hi, 1.0), 1.0 / np.where(usable, d_lo, 1.0)
            )
            slack = _MARGIN * (1.0 + np.abs(mid[:, k]))
            new_lo = np.where(usable, mid[:, k] + q_lo - slack, lo[:, k])
            new_hi = np.where(usable, mid[:, k] + q_hi + slack, hi[:, k])
            finite = np.isfinite(new_lo) & np.isfinite(new_hi)
            lo[:, k] = np.where(finite, np.maximum(lo[:, k], new_lo), lo[:, k])
            hi[:, k] = np.where(finite, np.minimum(hi[:, k], new_hi), hi[:, k])
    return lo, hi


def _clip_to_simplex(system: _System, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Upper bounds lowered so that ``y_t <= 1 - sum of the other lower bounds`` per player."""
    hi = hi.copy()
    for j in range(system.n):
        cols = slice(system.offsets[j], system.offsets[j + 1])
        if cols.start == cols.stop:
            continue
        room = 1.0 + _MARGIN - (lo[:, cols].sum(axis=1, keepdims=True) - lo[:, cols])
        hi[:, cols] = np.minimum(hi[:, cols], room)
    return hi


class _Starts:
    """Points to polish: one per certified root box, a few per degenerate support profile."""

    def __init__(self) -> None:
        self.certified: list[tuple[int, np.ndarray]] = []
        self.degenerate: dict[int, list[np.ndarray]] = defaultdict(list)

    def sample(self, profile: int, point: np.ndarray) -> None:
        points = self.degenerate[profile]
        if len(points) < _SAMPLES:
            points.append(point)


def _roots(
    tensor: np.ndarray, profiles: list, alive: list[np.ndarray], tol: float, budget: Budget
) -> tuple[list[np.ndarray], int, bool]:
    """Roots of the indifference systems of support profiles sharing one size signature.

    Returns the candidate profiles (one batch array per player), the number of
    support profiles with solutions that could not be isolated (degenerate; a
    verified point of each is returned when one is found), and whether the
    budget ran out.
    """
    system = _System(tensor, profiles, alive)
    if system.dim == 0:
        return (
            system.profiles(
                tensor.shape, profiles, np.arange(len(profiles)), np.zeros((len(profiles), 0))
            ),
            0,
            False,
        )
    starts = _Starts()
    # an equation that vanishes identically (two support strategies that pay the same
    # against every profile of the others' supports) leaves fewer equations than unknowns:
    # the solutions, if any, form a continuum, from whose centre Newton's method starts
    useless = system.dominated()
    flat = np.zeros(len(profiles), dtype=bool)
    for i, diffs in system.rows.items():
        e = system.sizes[i] - 1
        if e:
            zero = np.abs(diffs[:, :e]) <= _MARGIN
            flat |= zero.reshape(len(profiles), e, -1).all(axis=2).any(axis=1)
    # a few rounds of halving with the exclusion tests alone (the other equations, the
    # deviations) show most such profiles to hold no equilibrium at all
    flat &= ~useless
    flat_which = np.flatnonzero(flat)
    flat_lo = np.zeros((len(flat_which), system.dim))
    flat_hi = np.ones((len(flat_which), system.dim))
    for _ in range(_FLAT_ROUNDS):
        if not len(flat_which):
            break
        flat_hi = _clip_to_simplex(system, flat_lo, flat_hi)
        pad = _MARGIN
        keep = (flat_hi >= flat_lo).all(axis=1)
        keep[keep] = ~system.excluded(flat_which[keep], flat_lo[keep] - pad, flat_hi[keep] + pad)
        flat_which, flat_lo, flat_hi = _halved(flat_which[keep], flat_lo[keep], flat_hi[keep])
    for p in np.unique(flat_which).tolist():  # Newton's method from boxes that survived
        rows = np.flatnonzero(flat_which == p)
        for r in rows[:: max(1, len(rows) // _SAMPLES)]:
            starts.sample(p, 0.5 * (flat_lo[r] + flat_hi[r]))
    which = np.flatnonzero(~flat & ~useless)
    lo = np.zeros((len(which), system.dim))
    hi = np.ones((len(which), system.dim))
    out_of_time = False
    probed: dict[int, int] = {}  # live boxes of a support profile that call for a new probe
    while len(which):
        if budget.expired():
            out_of_time = True
            break
        live = len(which)
        budget.report(lambda live=live: f"{live} boxes of supports of sizes {system.sizes}")
        # a support profile with many boxes alive may hold a continuum of solutions: probe
        # it by Newton's method from a few of its boxes; a solution where the Jacobian is
        # singular shows the set is degenerate, and that point stands for the rest
        counts = np.bincount(which)
        probes = []
        for p in np.flatnonzero(counts > _PROBE_FROM).tolist():
            if counts[p] > probed.get(p, 0):
                probed[p] = _PROBE_GROWTH * counts[p]  # next probe once it has grown so much
                rows = np.flatnonzero(which == p)
                probes += rows[:: max(1, len(rows) // _PROBES)][:_PROBES].tolist()
        given_up = set()
        if probes:
            rows = np.array(probes)
            points, converged = system.newton(which[rows], 0.5 * (lo[rows] + hi[rows]))
            hit = np.flatnonzero(converged)
            hit = hit[system.singular(which[rows][hit], points[hit])]
            for k in hit.tolist():
                starts.sample(int(which[rows[k]]), points[k])
                given_up.add(int(which[rows[k]]))
            for p in np.flatnonzero(counts > _SUPPORT_BOXES).tolist():  # a last resort
                if p not in given_up:
                    for r in np.flatnonzero(which == p)[:: max(1, counts[p] // _SAMPLES)]:
                        starts.sample(p, 0.5 * (lo[r] + hi[r]))
                    given_up.add(p)
        if given_up:
            keep = ~np.isin(which, list(given_up))
            which, lo, hi = which[keep], lo[keep], hi[keep]
        parts = []
        for c in range(0, len(which), _CHUNK):
            if budget.expired():
                break
            chunk = slice(c, c + _CHUNK)
            parts.append(_split(system, which[chunk], lo[chunk], hi[chunk], starts))
        if budget.expired():
            out_of_time = True
            break
        if not parts:
            break
        which = np.concatenate([w for w, _, _ in parts])
        lo = np.concatenate([a for _, a, _ in parts])
        hi = np.concatenate([b for _, _, b in parts])
        # a support profile with a box stuck at a singular point is degenerate: the point
        # polished there stands for its set, and its other boxes are not pursued
        if starts.degenerate:
            keep = ~np.isin(which, list(starts.degenerate))
            which, lo, hi = which[keep], lo[keep], hi[keep]
    found = [np.zeros((0, k)) for k in tensor.shape[1:]]
    failed = 0
    if starts.certified:  # each converges to its box's unique root
        index = np.array([p for p, _ in starts.certified])
        points, converged = system.newton(index, np.array([y for _, y in starts.certified]))
        found, _ = _kept(system, tensor, profiles, index[converged], points[converged])
        failed = len(np.unique(index[~converged]))  # never seen; the set is then not complete
    degenerate = len(starts.degenerate)
    if starts.degenerate:  # the first point of each that verifies
        index = np.array([p for p, ys in starts.degenerate.items() for _ in ys])
        start = np.array([y for ys in starts.degenerate.values() for y in ys])
        points, converged = system.newton(index, start)
        candidates, ok = _kept(system, tensor, profiles, index[converged], points[converged])
        good = regrets(tensor, candidates).max(axis=1) <= tol
        _, first = np.unique(index[converged][ok][good], return_index=True)
        found = [
            np.concatenate([f, c[good][first]]) for f, c in zip(found, candidates, strict=True)
        ]
        if system.overdetermined:
            # such a system has solutions only in degenerate games; where none of its
            # points converged to one, the boxes were near misses, not a set of solutions
            degenerate = len(np.unique(index[converged]))
    return found, degenerate + failed, out_of_time


def _kept(
    system: _System, tensor: np.ndarray, profiles: list, which: np.ndarray, y: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """The points with non-negative probabilities (up to rounding), as full profiles, and
    the mask of those kept."""
    batch = system.profiles(tensor.shape, profiles, which, y)
    ok = np.ones(len(which), dtype=bool)
    for b in batch:
        ok &= (b >= -_NEGATIVE).all(axis=1)
    return [np.clip(b[ok], 0.0, None) for b in batch], ok


def _split(
    system: _System,
    w: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    starts: _Starts,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One round on a chunk of boxes: discard, certify (appending to ``starts``) or halve."""
    # probabilities sum to at most one: a box reaching beyond a player's simplex is cut
    # back to it, and one entirely beyond it holds no equilibrium
    b = _clip_to_simplex(system, a, b)
    inside = (b >= a).all(axis=1)
    # the tests run on the box widened a little (epsilon inflation; Rump 1983), so that a
    # root on the boundary between two boxes is certified in either
    pad = _INFLATE * (b - a) + _MARGIN
    wa, wb = a - pad, b + pad
    keep = inside.copy()
    keep[inside] = ~system.excluded(w[inside], wa[inside], wb[inside])
    w, a, b, wa, wb = w[keep], a[keep], b[keep], wa[keep], wb[keep]
    inside = inside[keep]
    if not len(w):
        return w, a, b
    f_lo, f_hi, j_lo, j_hi, f_mid, j_mid, deviates = system.evaluate(w, wa, wb)
    possible = inside & ~deviates & (f_lo <= _MARGIN).all(axis=1) & (f_hi >= -_MARGIN).all(axis=1)
    k_lo, k_hi, ok, inv = _krawczyk(wa, wb, f_mid, j_lo, j_hi, j_mid)
    unique = possible & ok & (k_lo > wa).all(axis=1) & (k_hi < wb).all(axis=1)
    empty = ok & ((k_hi < wa) | (k_lo > wb)).any(axis=1)
    starts.certified += [(int(w[k]), 0.5 * (k_lo[k] + k_hi[k])) for k in np.flatnonzero(unique)]
    rest = possible & ~unique & ~empty
    # every root in the box lies in K too: keep the intersection, then narrow it further
    a2 = np.where(ok[:, None], np.maximum(a, k_lo), a)[rest]
    b2 = np.where(ok[:, None], np.minimum(b, k_hi), b)[rest]
    a2, b2 = _gauss_seidel(
        a2, b2, (0.5 * (wa + wb))[rest], f_mid[rest], j_lo[rest], j_hi[rest], inv[rest]
    )
    w2 = w[rest]
    with np.errstate(all="ignore"):
        condition = np.abs(inv).sum(axis=2).max(axis=1) * np.abs(j_mid).sum(axis=2).max(axis=1)
    singular = (~ok | ~(condition < _SINGULAR))[rest]
    width = (b2 - a2).max(axis=1)
    # a narrow box around a singular point (a continuum of solutions, or a root where
    # the equations are tangent) cannot be certified at any width: polish a point there
    stuck = (width <= _MIN_WIDTH) | (singular & (width <= _SINGULAR_WIDTH))
    stuck &= (a2 <= b2).all(axis=1)
    for k in np.flatnonzero(stuck):
        starts.sample(int(w2[k]), 0.5 * (a2[k] + b2[k]))
    go = (a2 <= b2).all(axis=1) & ~stuck
    return _halved(w2[go], a2[go], b2[go])


def _halved(
    which: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each box cut in two across its widest side."""
    span = hi - lo
    axis = span.argmax(axis=1)
    rows = np.arange(len(lo))
    cut = lo[rows, axis] + 0.5 * span[rows, axis]
    left_hi, right_lo = hi.copy(), lo.copy()
    left_hi[rows, axis] = cut
    right_lo[rows, axis] = cut
    return (
        np.concatenate([which, which]),
        np.concatenate([lo, right_lo]),
        np.concatenate([left_hi, hi]),
    )


def support_profile_count(game: Game) -> int:
    """Support profiles :func:`all_equilibria` would examine: the product over players of
    ``2**m - 1`` for the ``m`` strategies that survive iterated strict dominance by pure
    strategies. A measure of the work before it starts.

    Examples
    --------
    >>> import numpy as np
    >>> import tradegame as tg
    >>> from tradegame.solvers.all_equilibria import support_profile_count
    >>> payoffs = np.random.default_rng(0).random((3, 2, 3, 4))
    >>> support_profile_count(tg.Game.from_arrays(list(payoffs)))  # (2**2-1)(2**3-1)(2**4-1)
    315
    """
    alive = _undominated(normalized(game.payoff_tensor[None])[0])
    return int(np.prod([2 ** len(a) - 1 for a in alive], dtype=float))


def all_equilibria(
    game: Game,
    *,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> SolverResult:
    """Every Nash equilibrium of a small game with any number of players.

    Parameters
    ----------
    game : Game
    tol : float, optional
        Relative regret tolerance of the verification.
    time_limit : float or None, optional
        Seconds allowed; on expiry the equilibria found so far are returned,
        flagged incomplete.

    Returns
    -------
    SolverResult
        ``complete`` is True when every box of every support profile was
        either excluded or certified to hold exactly one root (the game is
        generic in the sense that matters here); the notes give the count's
        parity.

    Examples
    --------
    Three players, each matching or mismatching the next (Jordan 1993): the
    one equilibrium is fully mixed.

    >>> import numpy as np
    >>> import tradegame as tg
    >>> same = np.array([[1, 0], [0, 1]])
    >>> u1 = np.broadcast_to(same[:, :, None], (2, 2, 2))   # player 1 matches player 2
    >>> u2 = np.broadcast_to(same[None, :, :], (2, 2, 2))   # player 2 matches player 3
    >>> u3 = 1 - np.broadcast_to(same[:, None, :], (2, 2, 2))  # player 3 mismatches player 1
    >>> result = tg.solve(tg.Game.from_arrays([u1, u2, u3]), method="all")
    >>> [s.tolist() for s in result[0].strategies], result.complete
    ([[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], True)
    """
    check_game(game, "all")
    tol = check_tol(tol)
    budget = Budget("all", time_limit)
    tensor = normalized(game.payoff_tensor[None])[0]
    alive = _undominated(tensor)
    per_player = [_subsets(a) for a in alive]
    total = int(np.prod([len(s) for s in per_player], dtype=float))
    parameters = {"tol": tol, "time_limit": budget.time_limit}
    if total > MAX_SUPPORT_PROFILES:
        raise_size = (
            f"{total:,} support profiles after removing dominated strategies, more than "
            f"{MAX_SUPPORT_PROFILES:,}: too large for enumeration"
        )
        return verified_result(
            game,
            "all",
            parameters,
            [np.zeros((0, k)) for k in game.shape],
            tol=tol,
            complete=False,
            stopped=raise_size,
        )
    groups: dict[tuple[int, ...], list] = defaultdict(list)
    for count, supports in enumerate(itertools.product(*per_player)):
        if count % 256 == 0 and budget.expired():
            break  # the groups gathered so far are searched until the budget says stop
        groups[tuple(len(s) for s in supports)].append(supports)
    found: list[list[np.ndarray]] = []
    degenerate = 0
    for sizes in sorted(groups, key=lambda s: (sum(s), s)):
        roots, undecided, out_of_time = _roots(tensor, groups[sizes], alive, tol, budget)
        found.append(roots)
        degenerate += undecided
        if out_of_time:
            break
    candidates = [
        np.concatenate([np.zeros((0, k)), *(roots[i] for roots in found)])
        for i, k in enumerate(game.shape)
    ]
    if len(candidates[0]):
        # a point polished in a degenerate box may keep a probability of 1e-11 where the
        # equilibrium it stands for has none: snap such residues to zero when that verifies
        snapped = [np.where(c > _SNAP, c, 0.0) for c in candidates]
        snapped = [c / c.sum(axis=1, keepdims=True) for c in snapped]
        better = regrets(tensor, snapped).max(axis=1) <= tol
        candidates = [
            np.where(better[:, None], s, c) for s, c in zip(snapped, candidates, strict=True)
        ]
        keep = regrets(tensor, candidates).max(axis=1) <= tol
        candidates = [c[keep] for c in candidates]
    notes = []
    if degenerate:
        notes.append(
            f"{degenerate} support profile(s) have solutions the subdivision could not isolate "
            "(the game is degenerate: ties or a continuum of equilibria); the equilibria found "
            "there are listed, and there may be others"
        )
    result = verified_result(
        game,
        "all",
        parameters,
        candidates,
        tol=tol,
        complete=not degenerate,
        notes=notes,
        stopped=budget.stopped,
    )
    count = len(result)
    if result.complete:
        parity = (
            "each certified; an odd number, as every game without payoff ties has (Wilson 1971)"
            if count % 2
            else "each certified; an even number, which only a game with payoff ties can have "
            "(Wilson 1971; Harsanyi 1973)"
        )

        result = replace(
            result,
            notes=(
                *result.notes,
                f"{count} {'equilibrium' if count == 1 else 'equilibria'}: {parity}",
            ),
        )
    return result
