"""Equilibrium solvers: one module per method, each a free function returning a frozen result."""

from .dominance import DominanceResult, Elimination, iterated_dominance
from .lemke_howson import lemke_howson
from .pareto import pareto_efficient
from .pure import pure_nash, pure_nash_mask
from .regret import best_responses, max_regret
from .result import DEFAULT_TOL, Equilibrium, SolverResult
from .security import security_levels
from .solve import METHODS, solve
from .support_enumeration import support_enumeration
from .vertex_enumeration import vertex_enumeration

__all__ = [
    "DEFAULT_TOL",
    "METHODS",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "SolverResult",
    "best_responses",
    "iterated_dominance",
    "lemke_howson",
    "max_regret",
    "pareto_efficient",
    "pure_nash",
    "pure_nash_mask",
    "security_levels",
    "solve",
    "support_enumeration",
    "vertex_enumeration",
]
