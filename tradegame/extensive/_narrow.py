"""All extreme equilibria of a two-player game in which one player has two strategies.

Vertex enumeration walks both best-response polytopes; in an ``m x 2`` game the
row player's polytope ``P = {x >= 0 : B^T x <= 1}`` lives in ``m`` dimensions
and has up to ``m (m + 1) / 2`` vertices (every support of one or two
strategies), so a 256 x 2 reduced normal form takes seconds and 1024 x 2 far
longer. The column player's polytope is a polygon, though, and the extreme
equilibria can be read off it directly (von Stengel 2007, Section 3.4, for the
labels; the construction is the "upper envelope" diagram of Section 3.3):

* with ``q`` the probability of the first column, the row player's payoffs
  ``q A[i, 0] + (1 - q) A[i, 1]`` are lines; the vertices of the column
  player's polytope other than the origin are ``q = 0``, ``q = 1`` and the
  breaks of the upper envelope of these lines in between;
* at each such ``q``, with ``S`` the rows on the envelope (the best responses)
  and ``d_i = B[i, 0] - B[i, 1]``, the matching vertices of ``P`` are the pure
  rows ``i`` in ``S`` that keep the column player's choice optimal (``d_i >= 0``
  at ``q = 1``, ``d_i <= 0`` at ``q = 0``, ``d_i = 0`` in between) and the
  mixtures of two rows of ``S`` with ``d_i > 0 > d_j`` that make the column
  player indifferent.

Arithmetic is exact (Fractions), so degenerate games, where ties decide which
equilibria are extreme, are solved as exactly as by exact vertex enumeration.
The envelope takes ``O(m log m)`` operations and each candidate ``q`` one pass
over the rows, so a 4,000 x 2 game takes well under a second.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. *Algorithmic Game Theory*, ch. 3.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from ..game import Game
from ..limits import equilibria_cap
from ..solvers._budget import Budget
from ..solvers.result import SolverResult, verified_result

__all__ = ["two_strategy_equilibria"]

_METHOD = "two-strategy envelope"
_CHECK_EVERY = 1024  # candidates between clock reads


def _upper_envelope_breaks(slopes: list[Fraction], intercepts: list[Fraction]) -> list[Fraction]:
    """The points in (0, 1) where the upper envelope of ``c + s q`` changes line."""
    best: dict[Fraction, Fraction] = {}
    for s, c in zip(slopes, intercepts, strict=True):
        if s not in best or c > best[s]:
            best[s] = c
    lines = sorted(best.items())
    hull: list[tuple[Fraction, Fraction]] = []
    for s3, c3 in lines:
        while len(hull) >= 2:
            (s1, c1), (s2, c2) = hull[-2], hull[-1]
            # the middle line is never strictly highest when the outer two cross at or
            # before the point where the first two cross
            if (c1 - c3) * (s2 - s1) <= (c1 - c2) * (s3 - s1):
                hull.pop()
            else:
                break
        hull.append((s3, c3))
    out = []
    for (s1, c1), (s2, c2) in itertools.pairwise(hull):
        q = (c1 - c2) / (s2 - s1)
        if 0 < q < 1:
            out.append(q)
    return out


def two_strategy_equilibria(game: Game, *, tol: float, budget: Budget) -> SolverResult:
    """Every extreme equilibrium of a two-player game where some player has two strategies.

    The result is a :class:`~tradegame.solvers.SolverResult` whose equilibria
    carry exact fractions, verified like those of every solver; it is complete
    unless ``budget`` ran out or more than :func:`~tradegame.limits.equilibria_cap`
    equilibria were found.
    """
    m, n = game.shape
    swap = n != 2
    source = game.payoff_tensor if game.exact_payoff_tensor is None else game.exact_payoff_tensor
    a, b = (np.array(source[p], dtype=object) for p in (0, 1))
    if swap:  # make the player with two strategies the column player
        a, b = b.T, a.T
        m, n = n, m
    slopes = [Fraction(a[i, 0]) - Fraction(a[i, 1]) for i in range(m)]
    intercepts = [Fraction(a[i, 1]) for i in range(m)]
    dislike = [Fraction(b[i, 0]) - Fraction(b[i, 1]) for i in range(m)]  # column's gain from 0
    s_float = np.array([float(s) for s in slopes])
    c_float = np.array([float(c) for c in intercepts])
    margin = 1e-9 * (1.0 + float(np.abs(s_float).max()) + float(np.abs(c_float).max()))
    cap = equilibria_cap(game.shape)
    points: list[tuple[tuple[Fraction, ...], tuple[Fraction, Fraction]]] = []
    stopped = None
    zero, one = Fraction(0), Fraction(1)
    for q in [zero, *_upper_envelope_breaks(slopes, intercepts), one]:
        # rows within a rounding margin of the best, then the exact ties among them
        values = c_float + s_float * float(q)
        near = np.flatnonzero(values >= values.max() - margin).tolist()
        exact_values = {i: intercepts[i] + slopes[i] * q for i in near}
        top = max(exact_values.values())
        rows = [i for i in near if exact_values[i] == top]
        if q == 1:
            pure = [i for i in rows if dislike[i] >= 0]
        elif q == 0:
            pure = [i for i in rows if dislike[i] <= 0]
        else:
            pure = [i for i in rows if dislike[i] == 0]
        positive = [i for i in rows if dislike[i] > 0]
        negative = [j for j in rows if dislike[j] < 0]
        mixes = ((i, j) for i in positive for j in negative)
        y = (q, one - q)
        candidates = itertools.chain(((i, None) for i in pure), mixes)
        for k, (i, j) in enumerate(candidates):
            if k % _CHECK_EVERY == 0 and budget.expired():
                stopped = budget.stopped
                break
            if len(points) == cap:
                stopped = f"stopped after {cap:,} equilibria (tradegame.limits.MAX_EQUILIBRIA)"
                break
            x = [zero] * m
            if j is None:
                x[i] = one
            else:  # the mixture of i and j that makes the column player indifferent
                gap = dislike[i] - dislike[j]
                x[i], x[j] = -dislike[j] / gap, dislike[i] / gap
            points.append((tuple(x), y))
        if stopped:
            break
    if swap:
        points = [(y, x) for x, y in points]
    size = game.shape
    stacked = [
        np.array([[float(v) for v in p[side]] for p in points], dtype=float).reshape(
            len(points), size[side]
        )
        for side in (0, 1)
    ]
    return verified_result(
        game,
        _METHOD,
        {"tol": tol, "time_limit": budget.time_limit},
        stacked,
        tol=tol,
        complete=True,
        exact=[(x, y) for x, y in points],
        stopped=stopped,
    )
