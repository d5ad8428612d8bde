"""Exact (integer) and floating-point pivoting tableaux for ``{z >= 0 : M z <= rhs}``.

Both two-player solvers that walk best-response polytopes (vertex
enumeration and Lemke-Howson) use this tableau. In exact mode the entries
are Python integers and pivoting follows the integer-pivoting scheme of
von Stengel (2007, section 3.6): every entry is a subdeterminant, divisions
are exact, and nothing overflows or rounds. That is why degenerate games are
handled without perturbation and why the Lemke-Howson path never turns into
NaN, unlike float integer-pivoting codes.

References
----------
von Stengel, B. (2007). Equilibrium computation for two-player games in
strategic and extensive form. In Nisan et al. (eds.), *Algorithmic Game
Theory*, ch. 3. Cambridge University Press.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from .. import limits
from ._scale import normalized

if TYPE_CHECKING:
    from ._budget import Budget

__all__ = [
    "Tableau",
    "exact_matrix",
    "polytope_matrix",
    "probabilities",
    "short_rationals",
    "tableau_problem",
]

_MAX_DENOMINATOR = 10**6
_FLOAT_TOL = 1e-9  # floating point: a tableau entry this close to 0 is 0 (entries start in [1, 2])
_TIE = 1e-11  # floating point: ratios this close, relative to their size, are a tie
_NEAR_TIE = 1e-8  # floating point: a decision closer than this (yet not a tie) is a near tie
_REFRESH_EVERY = 64  # floating-point pivots between recomputations of the tableau from its basis


_EXACT_CELL_SHARE = 10  # an exact entry (a Python integer) costs about ten floats' memory
_MAX_EXACT_BITS = 100_000  # estimated integer size at which one exact pivot takes seconds


def tableau_problem(m: int, n: int, exact: bool = False) -> str | None:
    """Why the tableaux of an m x n game are too large to build, or None.

    Exact tableaux hold Python integers, about ten times the memory of floats,
    so they get a tenth of :data:`~tradegame.limits.MAX_TABLEAU_CELLS`.
    """
    cells = max(n * (m + n + 1), m * (m + n + 1))
    limit = limits.MAX_TABLEAU_CELLS // (_EXACT_CELL_SHARE if exact else 1)
    if cells > limit:
        kind = "an exact" if exact else "a"
        return (
            f"{kind} tableau of this {m}x{n} game would hold {cells:,} entries, more than the "
            f"limit of {limit:,} (tradegame.limits.MAX_TABLEAU_CELLS"
            + (f" / {_EXACT_CELL_SHARE}; floating point allows more)" if exact else ")")
        )
    return None


def _significant_digits(text: str) -> int:
    """Significant digits of a float's repr: '5.960464477539063e-08' has 16, '3e-10' has 1."""
    mantissa = text.lstrip("+-").split("e")[0].replace(".", "")
    return len(mantissa.strip("0")) or 1


def _as_typed(
    values: np.ndarray, budget: Budget | None = None, tol: float = 1e-9
) -> list[Fraction] | None:
    """The numbers a matrix's distinct float values were typed as, one reading for all.

    * simple fractions if every value is one (integers, 0.1 as 1/10, 0.333... as 1/3);
    * otherwise the shortest decimals if every value has at most 15 significant
      digits (3e-10, payoffs in USD typed as decimals);
    * otherwise each float's exact binary value (payoffs computed by a model).

    One reading for the whole matrix keeps a game scaled by a decimal factor
    (USD instead of USD bn) or by a power of two an exact affine image of the
    original, with the same exact equilibria. A reading other than the binary
    one moves a value by up to half a unit in its last place, so it is used only
    where that moves no regret by more than a twentieth of the verification
    tolerance ``tol`` (with the default 1e-9: payoffs within about 2e5 ranges of
    zero; payoffs of 1e9 that differ in the first decimal are read as the
    floats they are). None when ``budget`` runs out.
    """
    floats = values.tolist()
    low, high = min(floats), max(floats)
    # a regret moves by at most twice the largest change, 2 x (half an ulp) x |value|
    allowed = float(tol / 20 / np.finfo(float).eps)  # Python floats: a range of inf, no warning
    if max(abs(low), abs(high)) <= allowed * (high - low) or low == high:
        readings = (
            lambda x: Fraction(x).limit_denominator(_MAX_DENOMINATOR),
            lambda x: Fraction(repr(x)) if _significant_digits(repr(x)) <= 15 else None,
        )
        for read in readings:
            out: list[Fraction] = []
            for k, x in enumerate(floats):
                if k % 1024 == 0 and budget is not None and budget.expired():
                    return None
                f = read(x)
                if f is None or float(f) != x:
                    break
                out.append(f)
            else:
                return out
    out = []
    for k, x in enumerate(floats):
        if k % 1024 == 0 and budget is not None and budget.expired():
            return None
        out.append(Fraction(x))
    return out


def short_rationals(values: np.ndarray, max_denominator: int = 10_000) -> bool:
    """Whether every value in [0, 1] is, up to rounding, a fraction with a small denominator.

    Payoffs typed by hand are (1/3, 0.25, -7, once normalized): exact arithmetic
    keeps their fractions short and cheap. Payoffs computed by a model are not:
    their exact values have 17 digits and exact pivoting on them is slow. Each
    distinct value is tested once, and the test stops at the first that fails.
    """
    slack = 4 * np.spacing(1.0)  # normalizing rounds: 1e-12/3e-12 need not be exactly 1/3
    for x in np.unique(np.asarray(values, dtype=float)).tolist():
        if abs(float(Fraction(x).limit_denominator(max_denominator)) - x) > slack:
            return False
    return True


def exact_matrix(
    matrix: np.ndarray, budget: Budget | None = None, tol: float = 1e-9
) -> tuple[np.ndarray, int] | None:
    """Shift ``matrix`` to be positive and scale it to integers.

    Returns ``(M, scale)`` with ``M = scale * (matrix - min + 1)`` as an
    object array of Python ints, or None when ``budget`` runs out or the
    integers would make pivoting too slow to interrupt (thousands of distinct
    denominators, whose common multiple has tens of thousands of digits: then
    ``budget.stopped`` says so). Payoffs are read as the numbers they were
    typed as (see :func:`_as_typed`): 0.1 is 1/10. An object array (the
    exact payoffs a game carries, ints and Fractions) is taken as it is. Each
    distinct value is converted once.
    """
    matrix = np.asarray(matrix)
    if matrix.dtype == object:
        distinct, inverse = np.unique(matrix, return_inverse=True)
        fr = [Fraction(v) for v in distinct.tolist()]
    else:
        matrix = np.asarray(matrix, dtype=float)
        distinct, inverse = np.unique(matrix, return_inverse=True)
        fr = _as_typed(distinct, budget, tol)
        if fr is None:
            return None
    low = fr[0]  # np.unique sorts
    shifted = [v - low + 1 for v in fr]
    scale = 1
    for v in shifted:
        scale = math.lcm(scale, v.denominator)
        # integer pivoting carries determinants of up to min(k, d) entries
        if scale.bit_length() * (min(matrix.shape) + 1) > _MAX_EXACT_BITS:
            if budget is not None:
                budget.stop(
                    "stopped before starting: exact pivoting on these payoffs would carry "
                    f"integers of more than {_MAX_EXACT_BITS // 3:,} digits; use floating point"
                )
            return None
    ints = np.array([int(v * scale) for v in shifted], dtype=object)
    return ints[inverse.reshape(matrix.shape)], scale


def polytope_matrix(
    matrix: np.ndarray, exact: bool, budget: Budget | None = None, tol: float = 1e-9
) -> tuple[np.ndarray, object] | None:
    """Constraint matrix with positive entries and its right-hand side (1, scaled).

    Exact: shifted and scaled to integers (None if that cannot be done within
    ``budget``). Floating point: mapped onto [1, 2], so that tolerances are
    relative to the payoff range.
    """
    if exact:
        return exact_matrix(matrix, budget, tol)
    return 1.0 + normalized(np.asarray(matrix, dtype=float)[None, None])[0, 0], 1.0


def probabilities(
    x: Sequence, y: Sequence, exact: bool
) -> tuple[tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None, np.ndarray, np.ndarray]:
    """A pair of points of the best-response polytopes scaled to mixed strategies.

    Returns the exact fractions (None in floating point) and the float
    probabilities, which in exact mode are rounded once, from the fractions.
    """
    if not exact:
        xf, yf = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        return None, xf / xf.sum(), yf / yf.sum()
    sx, sy = sum(x), sum(y)
    profile = (tuple(Fraction(v) / sx for v in x), tuple(Fraction(v) / sy for v in y))
    return (
        profile,
        np.array([float(v) for v in profile[0]]),
        np.array([float(v) for v in profile[1]]),
    )


class Tableau:
    """Tableau of ``M z + w = rhs`` with ``z, w >= 0``.

    Variables ``0..d-1`` are ``z`` (the columns of ``M``); ``d..d+k-1`` are the
    slacks ``w``. The initial basis is all slacks (the origin). In exact mode
    the true tableau is ``T / det``; in float mode ``det`` stays 1.
    """

    def __init__(self, matrix: np.ndarray, rhs: object, *, exact: bool) -> None:
        k, d = matrix.shape
        self.exact = exact
        self.k, self.d = k, d
        dtype = object if exact else float
        table = np.zeros((k, d + k + 1), dtype=dtype)  # object zeros are Python ints
        table[:, :d] = matrix
        for r in range(k):
            table[r, d + r] = 1
        table[:, -1] = rhs
        self.table = table
        self.det: object = 1
        self.basis = list(range(d, d + k))
        self._nonbasic = list(range(d))
        self.mask = sum(1 << v for v in self.basis)  # the basis as a bit set
        self.pivots = 0
        self.tol = 0 if exact else _FLOAT_TOL
        self.near_ties = 0  # floating point: decisions taken by a margin under _NEAR_TIE
        self._initial = None if exact else table.copy()
        self._set_rhs()

    def pivot(self, row: int, col: int) -> int:
        """Pivot variable ``col`` into the basis at ``row``; return the variable that leaves."""
        t = self.table
        p = t[row, col]
        column = t[:, col].copy()
        leaving = self.basis[row]
        if self.exact:
            # Integer pivoting touches only the nonbasic columns and the right-hand side:
            # a basic column is det * (unit vector), which becomes p * (unit vector).
            det = self.det
            others = [v for v in self._nonbasic if v != col]
            others.append(self.d + self.k)
            block = t[:, others]
            new = (block * p - np.outer(column, block[row])) // det
            new[row] = block[row]
            t[:, others] = new
            for r, v in enumerate(self.basis):
                if r != row:
                    t[r, v] = p
            t[:, leaving] = -column
            t[row, leaving] = det
            t[:, col] = 0
            t[row, col] = p
            if p < 0:  # never for the lexicographic ratio test; kept for generality
                np.negative(t, out=t)
                p = -p
            self.det = p
        else:
            scaled = t[row] / p
            t -= np.outer(column, scaled)
            t[row] = scaled
        self.pivots += 1
        self.basis[row] = col
        self._nonbasic[self._nonbasic.index(col)] = leaving
        self.mask ^= (1 << leaving) | (1 << col)
        if not self.exact and self.pivots % _REFRESH_EVERY == 0:
            self.refresh()  # also sets the right-hand side
        else:
            self._set_rhs()
        return leaving

    def refresh(self) -> None:
        """Recompute a floating-point tableau from its basis, discarding accumulated rounding.

        Exact tableaux never drift, so this does nothing for them.
        """
        if self.exact:
            return
        start = self._initial
        self.table = np.linalg.solve(start[:, self.basis], start)
        self._set_rhs()

    def _set_rhs(self) -> None:
        self._rhs = self.table[:, -1].tolist()

    def point(self) -> tuple[Fraction | int, ...] | np.ndarray:
        """The basic solution's ``z`` part: exact fractions, or floats rounded to 12 decimals."""
        if not self.exact:
            coords = np.zeros(self.d)
            rows = [r for r, v in enumerate(self.basis) if v < self.d]
            coords[[self.basis[r] for r in rows]] = self.table[rows, -1]
            return np.round(coords, 12) + 0.0  # + 0.0 turns -0.0 into 0.0
        exact: list[Fraction | int] = [0] * self.d
        for r, v in enumerate(self.basis):
            if v < self.d and self._rhs[r]:
                exact[v] = Fraction(self._rhs[r], self.det)
        return tuple(exact)

    def values(self) -> list[Fraction] | np.ndarray:
        """Values of all ``d + k`` variables at the current basic solution."""
        if self.exact:
            out = [Fraction(0)] * (self.d + self.k)
            for r, v in enumerate(self.basis):
                out[v] = Fraction(self.table[r, -1], self.det)
            return out
        out_f = np.zeros(self.d + self.k)
        out_f[self.basis] = self.table[:, -1]
        return out_f

    def zero_variables(self) -> np.ndarray:
        """Boolean mask of the variables that are zero here (nonbasic or degenerate basic)."""
        zero = np.ones(self.d + self.k, dtype=bool)
        for r, v in enumerate(self.basis):
            value = abs(self._rhs[r])
            zero[v] = value <= self.tol
            if not self.exact and self.tol < value <= _NEAR_TIE:
                self.near_ties += 1
        return zero

    def lex_min_ratio_row(self, col: int) -> int | None:
        """The unique leaving row by the lexicographic minimum-ratio test.

        Ratios of the right-hand side, then of the columns of the initial
        slack basis, are compared in turn (von Stengel 2007, section 3.7);
        since those columns form a non-singular matrix, a unique row remains.
        Pivoting there keeps the basis *lexicographically* feasible: feasible
        for the polytope whose right-hand side is perturbed to
        ``1 + (eps, eps^2, ...)``. None when the column has no positive entry.
        """
        column = self.table[:, col].tolist()
        tol = self.tol
        candidates = [r for r in range(self.k) if column[r] > tol]
        if not self.exact:  # an entry just above or below the cutoff is a close call too
            self.near_ties += sum(1 for v in column if tol / 10 < abs(v) <= 10 * tol)
        if not candidates:
            return None
        keys = [None, *range(self.d, self.d + self.k)]  # None: the right-hand side
        for key in keys:
            if len(candidates) == 1:
                break
            values = self._rhs if key is None else self.table[:, key].tolist()
            if not self.exact:  # a rounding residue is the zero it stands for, so ties stay ties
                values = [0.0 if abs(v) <= tol else v for v in values]
            best = [candidates[0]]
            for r in candidates[1:]:
                b = best[0]
                lhs, rhs_cmp = values[r] * column[b], values[b] * column[r]
                if self.exact:
                    tie = lhs == rhs_cmp
                else:  # a tie up to rounding, relative to the size of the products
                    gap, size = abs(lhs - rhs_cmp), max(abs(lhs), abs(rhs_cmp))
                    tie = gap <= _TIE * size or gap <= tol * tol
                    if key is None and not tie and gap <= _NEAR_TIE * max(size, tol):
                        self.near_ties += 1
                if tie:
                    best.append(r)
                elif lhs < rhs_cmp:
                    best = [r]
            candidates = best
        return candidates[0]
