"""A Nash equilibrium of any finite N-player game by following the logit QRE branch.

For almost every game the logit quantal response equilibria (QRE) form, as the
precision ``lam`` grows from 0, a smooth *principal branch* from the uniform
profile whose limit is a Nash equilibrium (McKelvey and Palfrey 1995; Turocy
2005, who shows that it can be followed efficiently and that in 2x2 games its
limit is the risk-dominant equilibrium). :class:`_Branch` follows it (for
:mod:`.quantal_response` too); :func:`logit_tracing` makes its limit a verified
equilibrium. ``docs/explanation/quantal-response.md`` tells the story.

**Following the branch.** The unknowns are the log-probabilities ``l``
(Turocy 2010) and ``lam``, and the points solve
``F_i = l_i - log softmax(lam * w_i * u_i(softmax(l))) = 0`` for each player.
A predictor-corrector method (Allgower and Georg 1990, ch. 2) steps along the
tangent and returns to the curve by Newton iterations orthogonal to it: the
branch is followed by arc length, also where it bends back in ``lam``. Steps
are measured in ``(z, nu) = (l, lam) / (1 + lam)``, where the whole branch has
finite length (as ``lam -> inf``, ``nu -> 1`` and an unused strategy's ``z``
tends to minus its regret) and its asymptotic part is nearly straight, so a
few long steps, each at most 80% of the way to ``nu = 1``, cross it. The step
length adapts to the Newton contraction, the turning of the tangent and the
corrector's displacement (Allgower and Georg 1990, ch. 6); a change in the
sign of the determinant of the Jacobian bordered by the tangent, constant
along a regular branch, shows a jump to another branch (the step is
shortened) or a bifurcation point (crossed, once shorter steps meet it too,
by a step along which the tangent barely turns).

**Finding the equilibrium.** At each point the point itself, and the pure
profile it is close to (99.9% on one strategy each), are checked. Whenever
``lam`` has doubled and each strategy's log-probability is either nearly
constant in ``lam`` or falling at least three times as fast as ``lam`` grows,
the limit is estimated by extrapolation in ``1 / lam`` and, when its regret is
below 1%, :func:`~tradegame.solvers._indifference.polish` solves the
indifference system of its support (McKelvey and McLennan 1996): mixed
limits are found so, typically at ``lam`` of 10 to 1,000 (payoffs in
[0, 1]). An equilibrium so found (or a pure one the point is close to) is
only a candidate until the branch, followed on to twice that ``lam``, has
come closer to it and still heads to it: a branch can pass near an
equilibrium and end at another. If the branch cannot be followed (a singular Jacobian, a closed loop
of the correspondence met at a singular point, seen as a repeated turning
point) or reaches ``lam = 1e12`` first, the game is perturbed by a
deterministic pseudo-random tensor (fixed seed; 1e-6 of the payoff range,
then 1e-4, 1e-2 and new draws) to make it generic, and the perturbed
branch's points are checked and refined on the *original* game, whose
equilibria are near those of nearby games (upper hemicontinuity).

References
----------
Allgower, E. L., Georg, K. (1990). *Numerical Continuation Methods: An
Introduction*. Springer.
McKelvey, R. D., McLennan, A. (1996). Computation of equilibria in finite
games. In *Handbook of Computational Economics* 1, ch. 2, 87-142.
McKelvey, R. D., Palfrey, T. R. (1995). Quantal response equilibria for
normal form games. *Games and Economic Behavior* 10(1), 6-38.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence. *Games and Economic Behavior*
51(2), 243-263.
Turocy, T. L. (2010). Using quantal response to compute Nash and sequential
equilibria. *Economic Theory* 42(1), 255-269.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._indifference import polish
from ._scale import normalized
from .regret import regrets
from .result import DEFAULT_TOL, SolverResult, check_game, check_tol, verified_result

__all__ = ["logit_tracing"]

# following the branch
_LAM_END = 1e12  # the branch is followed to at most this lam (payoffs in [0, 1])
_NU_SHARE = 0.8  # a step covers at most this share of the remaining distance 1 - nu
_KAPPA, _KAPPA_MAX = 0.3, 0.7  # Newton contraction: target, largest accepted
_ANGLE, _ANGLE_MAX = 0.3, 0.6  # turning of the tangent per step (radians)
_SHIFT, _SHIFT_MAX = 0.1, 0.3  # corrector displacement relative to the step
_H_MIN, _H_MAX = 1e-13, 1.0
_FLIPS, _FLIPPING = 6, 2  # shortened attempts per step, steps, before crossing a flip
_CROSS = 0.5  # a flip is crossed only by a step this share of the turning and shift targets
_SINGULAR = math.log(1e-10)  # log of |det| / Hadamard's bound below which its sign is noise
_NEWTON_STEPS = 8
_STRAIGHT = 1e5  # beyond this lam the branch is straight in (z, nu) to rounding: no turns checked
_NOISE = 1e-8  # Newton corrections (in probability) this small may be rounding at large lam
_CELLS = 4_000_000  # largest padded tensor copies (pairs x payoffs) kept for the fast path
# finding the equilibrium
_POINT_TOL = 1e-6  # accuracy of the branch's points: the refinement, not the points, is exact
_RESIDUE = 1e-12  # as in verification: smaller probabilities are rounding residues
_NEAR_PURE = 1e-3  # a pure profile is checked once each player plays it with 1 - this
_POLISH_FROM = 2.0  # lam from which the branch's limit is estimated and refined
_USED, _UNUSED = -0.1, -3.0  # log-elasticities that mark a strategy used / unused
_CLOSE = 1e-2  # regret of the extrapolated limit below which it is worth refining
_CONFIRM, _SHRINK = 2.0, 0.75  # a candidate limit is confirmed once lam has grown this much
# and the branch's distance to it has shrunk by this factor, or below _CONVERGED
_CONVERGED = 1e-5  # (ten times the points' accuracy: closer is rounding)
_SAME = 1e-6  # candidates closer than this in every probability are one
_STALLED = 2000  # steps without a new largest lam after which the branch is abandoned
_PERTURBATIONS = (1e-6, 1e-4, 1e-2)
_SEED = 20050201  # fixed: the perturbations, hence the results, are reproducible


def _solve(matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray | None:
    """``matrix^-1 rhs`` by LAPACK's ``gesv`` (a third of numpy.linalg.solve's overhead on
    these small systems); None if the matrix is singular or the solution not finite."""
    from scipy.linalg import lapack  # imported on first use: `import tradegame` stays quick

    _, _, x, info = lapack.dgesv(matrix, rhs)
    return x if info == 0 and np.isfinite(x).all() else None


def _normalize(ell: np.ndarray) -> np.ndarray:
    """Log-probabilities shifted so that each row's probabilities sum to one."""
    top = ell.max(axis=1, keepdims=True)
    return ell - (top + np.log(np.exp(ell - top).sum(axis=1, keepdims=True)))


class _Branch:
    """The principal branch of the logit QRE of a payoff tensor, followed step by step.

    ``tensor`` holds payoffs in [0, 1] (shape ``(n, *shape)``) and
    ``weights`` scale each player's payoffs; ``lam`` multiplies both. Players
    are padded to the largest number of strategies ``m``, with probability
    zero (log-probability ``-inf``) on the padding. Each point is accurate to
    about ``tol`` in every probability. The current point is ``ell`` (padded,
    shape ``(n, m)``), ``lam``, its ``tangent`` in ``(l, lam)`` and the
    profile ``sigma`` and strategy payoffs ``u`` of its last Newton iterate.
    """

    def __init__(self, tensor: np.ndarray, weights: np.ndarray, *, tol: float = 1e-9) -> None:
        n, shape = tensor.shape[0], tensor.shape[1:]
        m = max(shape)
        self.n, self.m, self.shape, self.tol, self.tensor = n, m, shape, tol, tensor
        self.weights = np.asarray(weights, dtype=float)
        self.real = np.arange(m)[None, :] < np.array(shape)[:, None]
        self.index = np.flatnonzero(self.real)  # the unknowns among the padded n * m
        self.size = size = len(self.index)
        self.cells = (self.index[:, None] * (n * m) + self.index[None, :]).ravel()
        self.diagonal = np.arange(size) * (size + 2)  # (k, k) in the flat square system
        self.other = np.array([1] + [0] * (n - 1))  # an opponent of each player
        self.pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        self.first, self.second = np.array(self.pairs, dtype=np.intp).T
        self.others = np.array(
            [[k for k in range(n) if k not in pair] for pair in self.pairs], dtype=np.intp
        ).reshape(len(self.pairs), n - 2)
        self.by_pair = None
        if len(self.pairs) * n * m**n <= _CELLS:
            padded = np.zeros((n, *([m] * n)))
            padded[(slice(None), *(slice(0, k) for k in shape))] = tensor
            self.by_pair = np.stack(
                [
                    padded.transpose(0, 1 + i, 1 + j, *(1 + k for k in rest)).reshape(n * m * m, -1)
                    for (i, j), rest in zip(self.pairs, self.others, strict=True)
                ]
            )
        self.ell, self.lam, self.h = _normalize(np.where(self.real, 0.0, -np.inf)), 0.0, 0.1
        _, square, self.sigma, self.u = self._system(self.ell, 0.0)
        self.tangent, self.orientation = self._tangent(square, np.eye(size + 1)[-1])  # type: ignore[misc]
        self.flipping = 0  # consecutive steps that met a flip of the orientation

    # ------------------------------------------------------------------ the equations
    def _pair_payoffs(self, sigma: np.ndarray) -> np.ndarray:
        """``M[i, j, a, b]``: player i's payoff when i plays a and j plays b, others mixing.

        For every pair of players the padded tensor with that pair's axes first
        is kept flattened (``by_pair``), so that all pairs are one batched product
        with the outer products of the other players' mixtures; games too large
        to copy so are contracted pair by pair.
        """
        n, m = self.n, self.m
        out = np.zeros((n, n, m, m))
        if self.by_pair is None:
            for (i, j), rest in zip(self.pairs, self.others, strict=True):
                operands: list[Any] = []
                for k in rest:
                    operands += [sigma[k, : self.shape[k]], [1 + k]]
                block = np.einsum(self.tensor, list(range(n + 1)), *operands, [0, 1 + i, 1 + j])
                out[i, j, : self.shape[i], : self.shape[j]] = block[i]
                out[j, i, : self.shape[j], : self.shape[i]] = block[j].T
            return out
        weights = np.ones((len(self.pairs), 1))
        for column in self.others.T:
            weights = (weights[:, :, None] * sigma[column][:, None, :]).reshape(len(weights), -1)
        product = np.matmul(self.by_pair, weights[:, :, None]).reshape(-1, n, m, m)
        rows = np.arange(len(self.pairs))
        out[self.first, self.second] = product[rows, self.first]
        out[self.second, self.first] = product[rows, self.second].transpose(0, 2, 1)
        return out

    def _system(self, ell: np.ndarray, lam: float) -> tuple[np.ndarray, ...]:
        """Residual ``F`` at ``(ell, lam)``, its Jacobian, the profile and strategy payoffs.

        The Jacobian in ``(l, lam)`` fills the first rows of a square matrix
        whose last row the caller sets (to a tangent or a hyperplane's normal).
        """
        rows, w = np.arange(self.n), self.weights[:, None]
        sigma = np.exp(ell)
        pair = self._pair_payoffs(sigma)
        u = np.matmul(pair[rows, self.other], sigma[self.other, :, None])[:, :, 0]
        response = _normalize(np.where(self.real, lam * w * u, -np.inf))
        residual = ell.ravel()[self.index] - response.ravel()[self.index]
        response = np.exp(response)
        square = np.empty((self.size + 1, self.size + 1))
        jac = square[:-1]
        jac[:, -1] = (w * ((response * u).sum(axis=1, keepdims=True) - u)).ravel()[self.index]
        # d u_i(a) / d l_j(b) through softmax(l_j) is (M_ij[a, b] - u_i(a)) sigma_j(b); the
        # log-softmax then subtracts its mean over a, weighted by the response
        block = (pair - u[:, None, :, None]) * sigma[None, :, None, :]
        block -= np.matmul(response[:, None, None, :], block)
        block *= (-lam * self.weights)[:, None, None, None]
        block[rows, rows] = 0.0
        jac[:, :-1] = block.transpose(0, 2, 1, 3).reshape(-1)[self.cells].reshape(self.size, -1)
        jac.reshape(-1)[self.diagonal] += 1.0
        return residual, square, sigma, u

    # ------------------------------------------------------------------ stepping
    def _tangent(self, square: np.ndarray, previous: np.ndarray) -> tuple | None:
        """Unit null vector of the Jacobian oriented like ``previous``, and the sign of the
        determinant of the Jacobian bordered by it; None at a singular point.

        The sign is the same all along a regular branch (Allgower and Georg 1990, ch. 2);
        it changes when the tracer crosses a bifurcation point or jumps to another
        branch, or to the same branch the other way round.
        """
        square = square.copy()
        square[-1] = previous
        from scipy.linalg import lapack

        lu, pivots, t, info = lapack.dgesv(square, np.eye(self.size + 1)[-1])
        if info != 0 or not np.isfinite(t).all():
            return None
        swaps = np.count_nonzero(pivots != np.arange(len(pivots)))
        diagonal = np.diag(lu)
        sign = (-1) ** swaps * np.prod(np.sign(diagonal))
        # a determinant tiny next to the rows' lengths (Hadamard's bound) has no reliable sign
        scale = np.log(np.abs(diagonal)).sum() - np.log(np.linalg.norm(square, axis=1)).sum()
        return t / np.linalg.norm(t), sign if scale > _SINGULAR else 0.0

    def _ell(self, values: np.ndarray) -> np.ndarray:
        """Normalized padded log-probabilities from the unknowns' values."""
        ell = np.full(self.n * self.m, -np.inf)
        ell[self.index] = values
        return _normalize(ell.reshape(self.n, self.m))

    def coordinates(
        self, ell: np.ndarray, lam: float, tangent: np.ndarray
    ) -> tuple[np.ndarray, float, np.ndarray]:
        """A point in ``(z, nu) = (l, lam) / (1 + lam)`` and its unit tangent there."""
        x, scale = ell.ravel()[self.index], 1.0 / (1.0 + lam)
        t = tangent
        d = np.append(t[:-1] * scale - x * (t[-1] * scale * scale), t[-1] * scale * scale)
        return x * scale, lam * scale, d / np.linalg.norm(d)

    def _correct(self, ell: np.ndarray, lam: float, normal: np.ndarray) -> tuple | None:
        """Newton iterations back to the branch within the hyperplane ``normal . dx = 0``.

        Returns the point ``(ell, lam)``, the last Jacobian and the largest
        contraction ratio, or None if the iterations do not converge.
        """
        previous, kappa = math.inf, 0.0
        rhs = np.zeros(self.size + 1)
        for _ in range(_NEWTON_STEPS):
            residual, square, sigma, u = self._system(ell, lam)
            rhs[:-1] = -residual
            square[-1] = normal
            dx = _solve(square, rhs)
            if dx is None:
                return None
            # a change dl of l_i(s) moves probability sigma_i(s) * dl: weigh it so
            size = max(
                float(np.max(np.abs(dx[:-1]) * sigma.ravel()[self.index])),
                abs(dx[-1]) / (1 + lam) ** 2,
            )
            if _NOISE < previous < math.inf:  # below _NOISE, ratios measure rounding
                kappa = max(kappa, size / previous)
                if kappa > _KAPPA_MAX:
                    return None
            ell, lam = self._ell(ell.ravel()[self.index] + dx[:-1]), lam + float(dx[-1])
            if lam < 0:
                return None
            # rounding can stop the iterations short of a tiny tol at large lam: accept then
            if size <= self.tol or (size <= _NOISE and size >= 0.5 * previous):
                self._last = (sigma, u)
                return ell, lam, square, kappa
            previous = size
        return None

    def _attempt(self, h: float) -> tuple | None:
        """Predict a step ``h`` along the tangent in ``(z, nu)`` and correct; or None.

        Returns the corrected ``(ell, lam)``, its tangent, the contraction, the
        turning angle and the corrector's displacement relative to ``h``.
        """
        z, nu, d = self.coordinates(self.ell, self.lam, self.tangent)
        nu_new = nu + h * d[-1]
        if not 0 <= nu_new < 1:
            return None
        predicted = z + h * d[:-1]
        done = self._correct(
            self._ell(predicted / (1 - nu_new)), nu_new / (1 - nu_new), self.tangent
        )
        if done is None:
            return None
        ell, lam, square, kappa = done
        bordered = self._tangent(square, self.tangent)
        if bordered is None:
            return None
        tangent, orientation = bordered
        if min(lam, self.lam) > _STRAIGHT:  # the tangents' directions are rounding noise
            return ell, lam, tangent, kappa, 0.0, 0.0, orientation
        z_new, nu_end, d_new = self.coordinates(ell, lam, tangent)
        angle = math.acos(min(1.0, max(-1.0, float(d @ d_new))))
        shift = math.hypot(float(np.linalg.norm(z_new - predicted)), nu_end - nu_new)
        shift = shift / h if h > 0 else 0.0
        return ell, lam, tangent, kappa, angle, shift, orientation

    def step(self, lam_stop: float | None = None) -> bool:
        """Move to the next point of the branch; False if no step succeeds.

        With ``lam_stop``, a step that would pass ``lam = lam_stop`` ends on
        that value instead (found by Newton's method at fixed ``lam``).
        """
        flipped: list[tuple] = []
        while self.h >= _H_MIN:
            h = self.h
            _, nu, d = self.coordinates(self.ell, self.lam, self.tangent)
            if d[-1] > 0:
                h = min(h, _NU_SHARE * (1 - nu) / d[-1])
            done = self._attempt(h)
            if done is None or done[4] > _ANGLE_MAX or done[5] > _SHIFT_MAX:
                self.h = 0.3 * h  # a poor prediction, or the first sign of a jump
                continue
            if done[6] * self.orientation < 0:
                # a jump to another branch, or a bifurcation point ahead. Shorter steps avoid
                # a jump, but only approach a bifurcation: after a few steps that each met
                # the flip, the longest attempt that crossed it smoothly crosses the point.
                # A branch goes straight through a bifurcation point, so a rough crossing
                # (the tangent turning, the corrector moving far) is a jump, never crossed:
                # shorter steps follow the branch on (game 148 of the benchmark set jumped
                # so after three steps that each met a flip at a shorter length)
                flipped.append((h, done))
                smooth = [
                    f for f in flipped if f[1][4] <= _CROSS * _ANGLE and f[1][5] <= _CROSS * _SHIFT
                ]
                if not smooth or (len(flipped) <= _FLIPS and self.flipping < _FLIPPING):
                    self.h = 0.3 * h
                    continue
                h, done = smooth[0]
            self.flipping = self.flipping + 1 if flipped else 0
            ell, lam, tangent, kappa, angle, shift, orientation = done
            self.orientation = orientation or self.orientation
            if lam_stop is not None and lam > lam_stop >= self.lam:
                share = (lam_stop - self.lam) / (lam - self.lam)
                start = self.ell.ravel()[self.index]
                guess = self._ell(start + share * (ell.ravel()[self.index] - start))
                landed = self._correct(guess, lam_stop, np.eye(self.size + 1)[-1])
                bordered = None if landed is None else self._tangent(landed[2], self.tangent)
                if bordered is None:
                    self.h = 0.5 * h
                    continue
                ell, lam, tangent = landed[0], landed[1], bordered[0]
            else:
                factor = max(math.sqrt(kappa / _KAPPA), angle / _ANGLE, shift / _SHIFT)
                self.h = min(h / min(max(factor, 0.5), 3.0), _H_MAX)
                if flipped:  # the next step stops short of where this one met the flip
                    self.h = min(self.h, 0.5 * (h + flipped[-1][0]))
            self.ell, self.lam, self.tangent = ell, lam, tangent
            self.sigma, self.u = self._last
            return True
        return False

    # ------------------------------------------------------------------ reading the point
    def profile(self) -> list[np.ndarray]:
        """The current point's mixed strategies, one vector per player."""
        return [np.exp(self.ell[i, :k]) for i, k in enumerate(self.shape)]

    def regrets(self) -> np.ndarray:
        """Each player's regret at the current point (in the traced tensor's units)."""
        values = np.where(self.real, self.u, -np.inf)
        return values.max(axis=1) - (self.sigma * self.u).sum(axis=1)

    def extrapolated(self) -> tuple[list[np.ndarray], np.ndarray] | None:
        """The limit the current point is heading to, and each strategy's log-elasticity.

        A strategy's log-probability changes with ``lam`` at the rate
        ``E / lam``; the elasticity ``E`` tends to 0 for a strategy used in the
        limit and to ``-lam * regret`` for one that is not, and ``sigma * (1 +
        E)``, clipped at 0, removes the ``1 / lam`` term of ``sigma = sigma* + c
        / lam`` (Richardson extrapolation). None while ``lam`` is decreasing.
        """
        if self.tangent[-1] <= 0 or self.lam <= 0:
            return None
        flat = np.full(self.n * self.m, np.nan)
        flat[self.index] = self.lam * self.tangent[:-1] / self.tangent[-1]
        slope = flat.reshape(self.n, self.m)
        with np.errstate(invalid="ignore"):
            limit = np.where(self.real, np.clip(self.sigma * (1 + slope), 0.0, None), 0.0)
        out = []
        for i, k in enumerate(self.shape):
            p = limit[i, :k]
            out.append(p / p.sum() if p.sum() > 0 else self.sigma[i, :k].copy())
        return out, slope

    def probe(self, h: float) -> tuple[np.ndarray, float, np.ndarray] | None:
        """The point a step ``h`` ahead (in ``(z, nu)``) and its tangent, or None; the
        current point does not move (for searches between two points)."""
        done = self._attempt(h)
        return None if done is None else done[:3]

    def state(self) -> tuple:
        return (self.ell, self.lam, self.tangent, self.h, self.sigma, self.u)

    def restore(self, state: tuple) -> None:
        self.ell, self.lam, self.tangent, self.h, self.sigma, self.u = state


# ---------------------------------------------------------------------- finding the equilibrium
class _Search:
    """What the search has found: candidates are checked on the original normalized tensor.

    An equilibrium met while following the original game's branch (its
    extrapolated limit, the polished limit, a nearby pure profile) is only a
    *candidate* for the branch's limit: a branch can pass near an equilibrium
    and go on to another (game 131 of the benchmark set passes within 0.02 of
    one near ``lam = 97``). It is accepted once ``lam`` has grown
    ``_CONFIRM``-fold, the branch has come closer to it by the factor
    ``_SHRINK`` and the branch still heads to it (:meth:`confirm`), as it does
    when it converges there (at the rate ``1 / lam``, or faster); a candidate
    the branch has not come closer to is dropped.
    """

    def __init__(self, tensor: np.ndarray, tol: float) -> None:
        self.tensor, self.tol = tensor, tol
        self.best = self.last = math.inf  # relative regret: least met, last checked
        self.found: list[np.ndarray] | None = None
        self.pending: list[tuple[list[np.ndarray], float, float]] = []  # (profile, lam, distance)
        self.unconfirmed = False  # found is a candidate the time limit left unconfirmed

    def check(self, profile: list[np.ndarray] | None, branch: _Branch | None = None) -> bool:
        """Keep ``profile`` if it is an equilibrium within ``tol`` (read as verification reads
        it: probabilities below 1e-12 are zeros); record its regret. With ``branch``, an
        equilibrium is held as a candidate for the branch's limit, not yet kept."""
        if profile is None or self.found is not None:
            return self.found is not None
        clean = [np.where(p > _RESIDUE, p, 0.0) for p in profile]
        clean = [p / p.sum() for p in clean]
        if not all(np.isfinite(p).all() for p in clean):
            return False
        self.last = float(regrets(self.tensor, [p[None] for p in clean]).max())
        self.best = min(self.best, self.last)
        if self.last <= self.tol:
            if branch is None:
                self.found = clean
            elif not any(_distance(clean, held) <= _SAME for held, _, _ in self.pending):
                self.pending.append((clean, branch.lam, _distance(branch.profile(), clean)))
        return self.found is not None

    def confirm(self, branch: _Branch) -> bool:
        """Accept a candidate the branch has converged towards since it was found and is still
        heading to; drop one it has not come closer to once ``lam`` has grown ``_CONFIRM``-fold.

        The branch heads to a candidate when the limit extrapolated from its
        point (:meth:`_Branch.extrapolated`, which removes the ``1 / lam`` term)
        is nearer still than the point: a branch passing by on its way to
        another limit points elsewhere.
        """
        estimate = None
        for held in list(self.pending):
            profile, lam, distance = held
            if branch.lam < _CONFIRM * lam:
                continue
            now = _distance(branch.profile(), profile)
            if now > max(_SHRINK * distance, _CONVERGED):
                self.pending.remove(held)
                continue
            estimate = estimate or branch.extrapolated()
            if now <= _CONVERGED or (
                estimate is not None
                and _distance(estimate[0], profile) <= max(_SHRINK * now, _CONVERGED)
            ):
                self.found = profile
                return True
        return False

    def settle(self, branch: _Branch) -> bool:
        """Keep the candidate nearest the branch's point, unconfirmed (when the search stops)."""
        if self.found is None and self.pending:
            self.found = min(self.pending, key=lambda held: _distance(branch.profile(), held[0]))[0]
            self.unconfirmed = True
        return self.found is not None

    def pure(self, branch: _Branch, held: _Branch | None = None) -> bool:
        """Check the pure profile the branch's point is close to, if it is close to one.

        Near a strict equilibrium, at large ``lam``, the QRE form one curve
        converging to it; at a smaller ``lam`` the branch may only pass by, so on
        the original game the profile is a candidate (``held``), confirmed as
        the others are.
        """
        if branch.sigma.max(axis=1).min() < 1 - _NEAR_PURE:
            return False
        choice = [int(k) for k in np.argmax(branch.sigma, axis=1)]
        for i in range(self.tensor.shape[0]):
            values = self.tensor[(i, *choice[:i], slice(None), *choice[i + 1 :])]
            if values.max() - values[choice[i]] > self.tol:
                return False
        return self.check(
            [np.eye(k)[c] for k, c in zip(self.tensor.shape[1:], choice, strict=True)], held
        )

    def polish(self, profile: list[np.ndarray], held: _Branch | None = None) -> bool:
        return self.check(polish(self.tensor, profile, tol=self.tol), held)


def _distance(first: list[np.ndarray], second: list[np.ndarray]) -> float:
    """Largest difference in any probability between two profiles."""
    return max(float(np.abs(p - q).max()) for p, q in zip(first, second, strict=True))


def _looping(branch: _Branch, turns: list[np.ndarray]) -> bool:
    """Whether the branch has come back to a turning point (where ``lam`` changes direction)
    it passed before: at a singular point of a non-generic game the tracer can switch to a
    closed loop of the correspondence and would go round it forever."""
    sign = float(branch.tangent[-1] > 0)
    if not turns:
        turns.append(np.array([sign]))  # turns[0][0]: the direction of the last step
        return False
    if turns[0][0] == sign:
        return False
    turns[0][0] = sign
    here = np.concatenate([[sign, branch.lam], branch.sigma.ravel()])
    for old in turns[1:]:
        if old[0] == sign and np.max(np.abs(old - here) / (1 + np.abs(here))) < 1e-4:
            return True
    turns.append(here)
    return False


def _follow(search: _Search, traced: np.ndarray, budget: Budget) -> bool:
    """Follow the branch of ``traced``, checking and refining its points on the original."""
    branch = _Branch(traced, np.ones(traced.shape[0]), tol=_POINT_TOL)
    original = traced is search.tensor
    checkpoint, tried, turns = _POLISH_FROM, {}, []
    record, stalled = 0.0, 0
    held = branch if original else None  # on the original, equilibria met are candidates
    while True:
        if original:  # the point's regret is known; check it when it may pass
            search.best = min(search.best, float(branch.regrets().max()))
            if branch.regrets().max() <= search.tol and search.check(branch.profile()):
                return True
            if search.confirm(branch):
                return True
        elif search.check(branch.profile()):
            return True
        if budget.expired():
            return search.settle(branch)
        if search.pure(branch, held) and not original:
            return True
        if branch.lam >= checkpoint and (estimate := branch.extrapolated()) is not None:
            checkpoint = 2.0 * branch.lam
            limit, slope = estimate
            settled = ((slope >= _USED) | (slope <= _UNUSED) | np.isnan(slope)).all()
            support = tuple(tuple(np.flatnonzero(p).tolist()) for p in limit)
            # a support is retried only once lam has grown tenfold, and refined only when the
            # estimate is close: polishing a wrong support costs dozens of Newton steps
            if settled and branch.lam >= 10.0 * tried.get(support, 0.0):
                if search.check(limit, held):
                    return True
                if search.last <= _CLOSE:
                    tried[support] = branch.lam
                    if search.polish(limit, held):
                        return True
        if branch.lam >= _LAM_END or not branch.step():
            break
        if _looping(branch, turns) or (stalled := stalled + 1) > _STALLED:
            break
        if branch.lam > record:
            record, stalled = branch.lam, 0
        budget.report(lambda: f"lam = {branch.lam:.3g}, best regret {search.best:.2g}")
    estimate = branch.extrapolated()
    if estimate is not None and search.polish(estimate[0]):
        return True
    return search.polish(branch.profile()) or search.settle(branch)


def logit_tracing(
    game: Game, *, tol: float = DEFAULT_TOL, time_limit: float | None = DEFAULT_TIME_LIMIT
) -> SolverResult:
    """One Nash equilibrium of any finite game: the limit of the logit QRE branch.

    Follows the principal branch of the logit quantal response equilibrium
    correspondence of the normalized game (each player's payoffs mapped onto
    [0, 1]) from the uniform profile towards ``lam = inf``, and refines its
    points into an equilibrium verified to ``tol`` (McKelvey and Palfrey 1995;
    Turocy 2005). See the module documentation for the steps, and for the
    fallback on non-generic games: a tiny deterministic perturbation, with
    the equilibrium verified on the original game.

    Parameters
    ----------
    game : Game
        A game with any number of players.
    tol : float, optional
        Relative regret tolerance (a fraction of each player's payoff range).
    time_limit : float or None, optional
        Seconds allowed (default :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`);
        None for no limit.

    Returns
    -------
    SolverResult
        ``method="logit-tracing"``, ``complete=False``, with one equilibrium
        (the branch's limit, or one near the limit of a perturbed game's
        branch, as a note then says); or, if the time limit ended the search
        first, none, flagged ``stopped``, with a note giving the relative
        regret of the best approximate profile met.

    Examples
    --------
    A stag hunt: the branch selects the risk-dominant equilibrium, (hare, hare).

    >>> import tradegame as tg
    >>> from tradegame.solvers.logit_tracing import logit_tracing
    >>> hunt = tg.Game.from_bimatrix([[4, 0], [3, 3]], [[4, 3], [0, 3]],
    ...                              strategies=(("stag", "hare"),) * 2)
    >>> logit_tracing(hunt).profile(0)
    {'Row': {'hare': 1.0}, 'Column': {'hare': 1.0}}
    """
    check_game(game, "logit-tracing")
    tol = check_tol(tol)
    budget = Budget("logit-tracing", time_limit)
    tensor = normalized(game.payoff_tensor[None])[0]
    search = _Search(tensor, tol)
    notes = ["logit tracing finds one equilibrium: the limit of the principal QRE branch"]
    if not _follow(search, tensor, budget):
        rng = np.random.default_rng(_SEED)
        for attempt in range(1 << 62):  # until found or the budget ends
            if budget.expired():
                break
            size = _PERTURBATIONS[attempt % len(_PERTURBATIONS)]
            if _follow(search, tensor + size * rng.random(tensor.shape), budget):
                notes.append(
                    "the branch could not be followed to an equilibrium; this one was found "
                    f"from the branch of the game perturbed by {size:g} of each payoff range"
                )
                break
    if search.unconfirmed:
        notes.append(
            "the search stopped before the branch was seen to converge to this equilibrium, "
            "which it came near: it may not be the branch's limit"
        )
    if search.found is None:
        notes.append(
            "no verified equilibrium yet; the best approximate profile met has relative "
            f"regret {search.best:.3g}"
        )
    candidates = [
        (p[None] if search.found is not None else np.zeros((0, k)))
        for p, k in zip(search.found or [None] * game.n_players, game.shape, strict=True)
    ]
    return verified_result(
        game,
        "logit-tracing",
        {"tol": tol, "time_limit": budget.time_limit},
        candidates,
        tol=tol,
        complete=False,
        notes=notes,
        stopped=None if search.found is not None else budget.stopped,
    )
