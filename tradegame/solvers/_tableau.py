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
from fractions import Fraction

import numpy as np

__all__ = ["Tableau", "exact_matrix"]

_MAX_DENOMINATOR = 10**6


def _to_fraction(x: float) -> Fraction:
    """The simplest fraction equal to the float ``x`` (0.1 -> 1/10), else its exact value."""
    simple = Fraction(x).limit_denominator(_MAX_DENOMINATOR)
    return simple if float(simple) == x else Fraction(x)


def exact_matrix(matrix: np.ndarray) -> tuple[np.ndarray, int]:
    """Shift ``matrix`` to be positive and scale it to integers.

    Returns ``(M, scale)`` with ``M = scale * (matrix - min + 1)`` as an
    object array of Python ints. Payoffs typed as decimals (0.1) are read as
    the decimal they denote; other floats as their exact binary value.
    """
    fr = [_to_fraction(float(v)) for v in matrix.ravel()]
    low = min(fr)
    shifted = [v - low + 1 for v in fr]
    scale = 1
    for v in shifted:
        scale = math.lcm(scale, v.denominator)
    ints = np.array([int(v * scale) for v in shifted], dtype=object).reshape(matrix.shape)
    return ints, scale


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
        self.mask = sum(1 << v for v in self.basis)  # the basis as a bit set
        self.tol = 0 if exact else 1e-9
        self._set_rhs()

    def copy(self) -> Tableau:
        new = Tableau.__new__(Tableau)
        new.__dict__.update(self.__dict__)
        new.table = self.table.copy()
        new.basis = list(self.basis)
        return new

    @property
    def nonbasic(self) -> list[int]:
        basic = set(self.basis)
        return [v for v in range(self.d + self.k) if v not in basic]

    def pivot(self, row: int, col: int) -> int:
        """Pivot variable ``col`` into the basis at ``row``; return the variable that leaves."""
        t = self.table
        p = t[row, col]
        column = t[:, col].copy()
        if self.exact:
            new = (t * p - np.outer(column, t[row])) // self.det
            new[row] = t[row]
            if p < 0:
                new = -new
                p = -p
            self.table = new
            self.det = p
        else:
            scaled = t[row] / p
            t -= np.outer(column, scaled)
            t[row] = scaled
        leaving = self.basis[row]
        self.basis[row] = col
        self.mask ^= (1 << leaving) | (1 << col)
        self._set_rhs()
        return leaving

    def _set_rhs(self) -> None:
        self._rhs = self.table[:, -1].tolist()
        self._zero_rows = [r for r, b in enumerate(self._rhs) if abs(b) <= self.tol]

    def point(self) -> tuple:
        """The basic solution's ``z`` part as a hashable key (exact fractions or rounded floats)."""
        coords = [0] * self.d
        for r, v in enumerate(self.basis):
            if v < self.d and self._rhs[r]:
                coords[v] = (
                    Fraction(self._rhs[r], self.det) if self.exact else round(self._rhs[r], 12)
                )
        return tuple(coords)

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
        rhs = self.table[:, -1]
        for r, v in enumerate(self.basis):
            zero[v] = abs(rhs[r]) <= self.tol
        return zero

    def leaving_rows(self, col: int) -> list[int]:
        """Every row whose pivot with ``col`` keeps the basis feasible.

        These are the rows attaining the minimum ratio over positive entries,
        plus degenerate rows (right-hand side zero) with any non-zero entry,
        where the pivot does not move the solution.
        """
        rhs = self._rhs
        column = self.table[:, col].tolist()
        tol = self.tol
        degenerate = [r for r in self._zero_rows if abs(column[r]) > tol]
        if any(column[r] > tol for r in degenerate):
            return degenerate  # minimum ratio 0: exactly the degenerate rows qualify
        best: list[int] = []
        best_num, best_den = None, None
        for r in range(self.k):
            a = column[r]
            if a > tol:
                if best_num is None:
                    best, best_num, best_den = [r], rhs[r], a
                    continue
                lhs, rhs_cmp = rhs[r] * best_den, best_num * a
                if lhs < rhs_cmp - tol:
                    best, best_num, best_den = [r], rhs[r], a
                elif lhs <= rhs_cmp + tol:
                    best.append(r)
        return best + degenerate

    def lex_min_ratio_row(self, col: int) -> int:
        """The unique leaving row by the lexicographic minimum-ratio test.

        Ratios of the right-hand side, then of the columns of the initial
        slack basis, are compared in turn (von Stengel 2007, section 3.7);
        since those columns form a non-singular matrix, a unique row remains.
        """
        t = self.table
        column = t[:, col]
        candidates = [r for r in range(self.k) if column[r] > self.tol]
        if not candidates:
            raise RuntimeError("unbounded pivot column; the polytope should be bounded")
        keys = [self.d + self.k, *range(self.d, self.d + self.k)]
        for key in keys:
            if len(candidates) == 1:
                break
            best = [candidates[0]]
            for r in candidates[1:]:
                b = best[0]
                lhs, rhs_cmp = t[r, key] * column[b], t[b, key] * column[r]
                if lhs < rhs_cmp - self.tol:
                    best = [r]
                elif lhs <= rhs_cmp + self.tol:
                    best.append(r)
            candidates = best
        return candidates[0]
