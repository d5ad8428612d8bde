"""Small linear programs shared by the dominance and security-level solvers (HiGHS via scipy).

scipy is imported when a linear program is first solved, not with the
package, so that commands that need none start quickly.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["best_mixture_margin", "maximin_mixture"]


def _linprog(
    cost: np.ndarray,
    time_limit: float | None = None,
    *,
    feasibility: float | None = None,
    **constraints: Any,
) -> Any:
    """scipy's HiGHS linear-program solver, imported on first use, with HiGHS's own time limit.

    ``feasibility`` sets HiGHS's primal and dual feasibility tolerances (default
    1e-7) for programs whose solutions must satisfy their constraints more
    tightly. A result whose ``status`` is not 0 or 2 (infeasible) ran out of time.
    """
    from scipy.optimize import linprog

    options: dict[str, float] = {}
    if time_limit is not None:
        options["time_limit"] = max(time_limit, 1e-3)
    if feasibility is not None:
        options["primal_feasibility_tolerance"] = feasibility
        options["dual_feasibility_tolerance"] = feasibility
    return linprog(cost, method="highs", options=options, **constraints)


def _own_rows(payoff: np.ndarray, player: int) -> np.ndarray:
    """Player's payoffs as a matrix: one row per own strategy, one column per opponents' profile."""
    return np.moveaxis(payoff, player, 0).reshape(payoff.shape[player], -1)


def maximin_mixture(
    rows: np.ndarray, time_limit: float | None = None
) -> tuple[float, np.ndarray] | None:
    """Maximize ``v`` subject to ``sigma @ rows >= v`` column-wise, ``sigma`` a mixture.

    Returns the security level ``v`` and the maximin mixture ``sigma``, or None
    if the time limit ran out first.
    """
    k, c = rows.shape
    # variables: sigma_1..sigma_k, v ; minimize -v
    cost = np.zeros(k + 1)
    cost[-1] = -1.0
    a_ub = np.hstack([-rows.T, np.ones((c, 1))])
    b_ub = np.zeros(c)
    a_eq = np.zeros((1, k + 1))
    a_eq[0, :k] = 1.0
    bounds = [(0, None)] * k + [(None, None)]
    res = _linprog(cost, time_limit, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds)
    if res.status != 0:  # a bounded, feasible LP: only the time limit stops it
        return None
    sigma = np.clip(res.x[:k], 0, None)
    return float(-res.fun) + 0.0, sigma / sigma.sum()  # + 0.0 turns -0.0 into 0.0


def best_mixture_margin(
    others: np.ndarray, target: np.ndarray, *, weak: bool, time_limit: float | None = None
) -> tuple[float, np.ndarray]:
    """How far the best mixture of ``others`` rows beats ``target``.

    Strict (``weak=False``): maximize ``min_c (sigma @ others - target)_c``.
    Weak: maximize ``sum_c (sigma @ others - target)_c`` subject to every
    column being ``>= 0``; returns ``-inf`` when no mixture is at least as good
    everywhere, or when the time limit ran out first (no dominance shown).
    """
    k, c = others.shape
    a_eq = np.zeros((1, k + 1))
    a_eq[0, :k] = 1.0
    if not weak:
        cost = np.zeros(k + 1)
        cost[-1] = -1.0
        a_ub = np.hstack([-others.T, np.ones((c, 1))])
        b_ub = -target
        bounds = [(0, None)] * k + [(None, None)]
        res = _linprog(cost, time_limit, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds)
        if res.status != 0:
            return -np.inf, np.full(k, np.nan)
        sigma = np.clip(res.x[:k], 0, None)
        return float(-res.fun), sigma / sigma.sum()
    cost = -others.sum(axis=1)
    res = _linprog(
        cost,
        time_limit,
        A_ub=-others.T,
        b_ub=-target,
        A_eq=a_eq[:, :k],
        b_eq=[1.0],
        bounds=[(0, None)] * k,
    )
    if res.status != 0:  # 2: infeasible, no mixture weakly dominates; else out of time
        return -np.inf, np.full(k, np.nan)
    sigma = np.clip(res.x, 0, None)
    return float(-res.fun - target.sum()), sigma / sigma.sum()
