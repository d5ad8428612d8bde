"""Nash equilibria of a two-player game by the Lemke-Howson algorithm.

Starting from the artificial equilibrium ``(0, 0)`` of the best-response
polytopes, label ``k`` is dropped and complementary pivots alternate between
the two tableaux until the missing label is picked up again (Lemke and Howson
1964; von Stengel 2007, Algorithm 3.5). The lexicographic minimum-ratio test
makes every pivot unique, so the path also terminates on degenerate games,
and exact integer pivoting means it never overflows (floating-point integer
pivoting, as in nashpy, turns into NaN on large games). The floating-point
path works on the normalized game (each player's payoffs mapped onto
[0, 1]), so its thresholds are relative to the payoff range.

Different dropped labels can end at different equilibria; following the path
from every one of the ``m + n`` labels is a cheap way to find several
equilibria of a game too large to enumerate, though not necessarily all
(Savani and von Stengel 2006 construct games where some are unreachable).

References
----------
Lemke, C. E., Howson, J. T. (1964). Equilibrium points of bimatrix games.
*SIAM Journal on Applied Mathematics* 12(2), 413-423.
von Stengel, B. (2007). *Algorithmic Game Theory*, ch. 3, sections 3.4-3.7.
Savani, R., von Stengel, B. (2006). Hard-to-solve bimatrix games.
*Econometrica* 74(2), 397-429.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import SolverError, on_command_line, option
from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._tableau import Tableau, polytope_matrix, probabilities, tableau_problem
from .result import DEFAULT_TOL, SolverResult, check_flag, check_game, check_tol, verified_result

__all__ = ["lemke_howson"]


class _PathFailed(Exception):
    """A path that cannot go on: in floating point, rounding can leave no pivot row."""


class _PathTooLong(_PathFailed):
    """A path that has not ended within the pivots allowed."""


def _labels(initial_dropped_label: object, m: int, n: int) -> list[int]:
    """The labels to start from, validated: one integer, a sequence of them, or ``"all"``."""
    if isinstance(initial_dropped_label, str):
        if initial_dropped_label == "all":
            return list(range(m + n))
        labels: Sequence[object] = [initial_dropped_label]
    elif isinstance(initial_dropped_label, Sequence):
        labels = initial_dropped_label
    else:
        labels = [initial_dropped_label]
    out = []
    for label in labels:
        ok = isinstance(label, (int, np.integer)) and not isinstance(label, bool)
        if not ok or not 0 <= label < m + n:
            several = "" if on_command_line() else ", a list of them,"
            raise SolverError(
                f"{option('initial_dropped_label')} must be an integer in 0..{m + n - 1} "
                f"(row strategies first){several} or 'all'; got {label!r}"
            )
        out.append(int(label))
    if not out:
        raise SolverError(f"{option('initial_dropped_label')} lists no label")
    return out


def _path(
    polytopes: tuple, label: int, *, exact: bool, max_pivots: int, budget: Budget
) -> tuple[list, list, int] | None:
    """Follow the path that drops ``label``; the end point's (x, y, pivots), or None if stopped.

    ``polytopes`` holds the constraint matrices and right-hand sides of P
    (variables x_0..x_{m-1} with labels 0..m-1, slacks with labels m..m+n-1)
    and Q (variables y_0..y_{n-1} with labels m..m+n-1, slacks with labels
    0..m-1).
    """
    (mat_p, rhs_p), (mat_q, rhs_q) = polytopes
    n, m = mat_p.shape
    tab_p = Tableau(mat_p, rhs_p, exact=exact)
    tab_q = Tableau(mat_q, rhs_q, exact=exact)

    def label_q(var: int) -> int:
        return m + var if var < n else var - n

    def var_q(lab: int) -> int:
        return lab - m if lab >= m else n + lab

    tabs = ((tab_p, lambda v: v, lambda lab: lab), (tab_q, label_q, var_q))
    side = 0 if label < m else 1
    entering = label
    pivots = 0
    while True:
        if budget.expired():
            return None
        tab, label_of, var_of = tabs[side]
        col = var_of(entering)
        row = tab.lex_min_ratio_row(col)
        if row is None:  # bounded polytopes: only rounding can leave a column without a row
            raise _PathFailed(f"label {label}: rounding left no pivot row")
        leaving = label_of(tab.pivot(row, col))
        pivots += 1
        if leaving == label:
            break
        if pivots >= max_pivots:
            raise _PathTooLong
        entering = leaving
        side = 1 - side
    return tab_p.values()[:m], tab_q.values()[:n], pivots


def lemke_howson(
    game: Game,
    *,
    initial_dropped_label: int | Sequence[int] | str = 0,
    exact: bool = True,
    max_pivots: int = 100_000,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> SolverResult:
    """Equilibria of a two-player game by complementary pivoting from chosen labels.

    Parameters
    ----------
    game : Game
        A two-player game with ``m`` and ``n`` strategies.
    initial_dropped_label : int, sequence of int, or "all", optional
        Label dropped first: ``0..m-1`` are the row player's strategies,
        ``m..m+n-1`` the column player's. Different labels can lead to
        different equilibria; a list follows each path in turn and ``"all"``
        follows all ``m + n``.
    exact : bool, optional
        Exact integer pivoting (default) or floating point.
    max_pivots : int, optional
        Safety bound on the length of one path.
    tol : float, optional
        Relative regret tolerance for verification.
    time_limit : float or None, optional
        Seconds allowed for all paths together (default
        :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`); None for no limit.
        When they run out, the equilibria of the paths completed so far are
        returned.

    Returns
    -------
    SolverResult
        ``method="lemke-howson"`` with the distinct equilibria found;
        ``complete`` is False because the method need not find all.

    Examples
    --------
    >>> import tradegame as tg
    >>> g = tg.Game.from_bimatrix([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    >>> tg.lemke_howson(g, initial_dropped_label=0).equilibria[0].exact
    ((Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
    >>> len(tg.lemke_howson(g, initial_dropped_label="all"))  # two of its three equilibria
    2
    """
    check_game(game, "lemke-howson", two_players=True)
    m, n = game.shape
    labels = _labels(initial_dropped_label, m, n)
    exact = check_flag("exact", exact)
    tol = check_tol(tol)
    if (
        isinstance(max_pivots, bool)
        or not isinstance(max_pivots, (int, np.integer))
        or max_pivots < 1
    ):
        raise SolverError(f"max_pivots must be a positive integer; got {max_pivots!r}")
    budget = Budget("lemke-howson", time_limit)
    a, b = game.exact_payoffs if exact and game.exact_payoffs is not None else game.payoffs
    polytopes = None
    if (problem := tableau_problem(m, n, exact)) is not None:
        budget.stop(f"stopped before starting: {problem}")
    else:
        polytopes = (
            polytope_matrix(b.T, exact, budget, tol),
            polytope_matrix(a, exact, budget, tol),
        )
    exact_profiles = []
    candidates: list[list[np.ndarray]] = [[], []]
    lost: list[str] = []
    total = 0
    # Several labels: short paths first. Every path gets a few pivots per label of the
    # game, then the unfinished ones four times as many, and so on up to max_pivots, so
    # that one long path cannot take the whole time limit (Lemke-Howson paths of random
    # games are mostly short, but a few run to thousands of pivots).
    pending = labels if polytopes and None not in polytopes else []
    cap = int(max_pivots) if len(pending) == 1 else min(int(max_pivots), 4 * (m + n))
    done = 0
    while pending and not budget.stopped:
        unfinished = []
        for label in pending:
            budget.report(lambda done=done: f"{done} of {len(labels)} labels")
            try:
                end = _path(polytopes, label, exact=exact, max_pivots=cap, budget=budget)
            except _PathTooLong:
                unfinished.append(label)
                continue
            except _PathFailed as failed:
                lost.append(str(failed))
                continue
            if end is None:
                break
            done += 1
            x, y, pivots = end
            total += pivots
            profile, px, py = probabilities(x, y, exact)
            exact_profiles.append(profile)
            candidates[0].append(px)
            candidates[1].append(py)
        if cap >= max_pivots:
            lost.extend(
                f"label {k}: the path is longer than max_pivots={cap:,}" for k in unfinished
            )
            break
        pending, cap = unfinished, min(int(max_pivots), 4 * cap)
    stacked = [
        np.array(c).reshape(len(c), size) for c, size in zip(candidates, (m, n), strict=True)
    ]
    shown: object = initial_dropped_label if isinstance(initial_dropped_label, str) else labels
    if len(labels) == 1 and not isinstance(initial_dropped_label, (str, Sequence)):
        shown = labels[0]
    return verified_result(
        game,
        "lemke-howson",
        {
            "initial_dropped_label": shown,
            "exact": exact,
            "tol": tol,
            "time_limit": budget.time_limit,
            "pivots": total,
        },
        stacked,
        tol=tol,
        complete=False,
        notes=(
            "Lemke-Howson need not find every equilibrium; use vertex-enumeration for all",
            *(f"no equilibrium from {why}" for why in lost),
        ),
        exact=exact_profiles if exact else None,
        stopped=budget.stopped,
    )
