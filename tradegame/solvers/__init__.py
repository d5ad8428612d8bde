"""Equilibrium solvers: one module per method, each a free function returning a frozen result."""

from .all_equilibria import all_equilibria
from .batched import (
    KERNELS,
    BatchEquilibria,
    batch_equilibria,
    canonical_equilibria,
    canonical_order,
    certified_nondegenerate,
)
from .correlated import (
    CorrelatedEquilibrium,
    CorrelatedPolytope,
    correlated_equilibrium,
    correlated_regrets,
    correlated_vertices,
)
from .dominance import DominanceResult, Elimination, iterated_dominance
from .lemke_howson import lemke_howson
from .logit_tracing import logit_tracing
from .pareto import pareto_efficient
from .pure import pure_nash, pure_nash_mask
from .quantal_response import LogitFit, QuantalResponse, fit_logit, logit_branch, quantal_response
from .regret import best_responses, max_regret
from .result import DEFAULT_TOL, Equilibrium, SolverResult
from .security import security_levels
from .solve import METHODS, solve
from .support_enumeration import support_enumeration
from .vertex_enumeration import vertex_enumeration

__all__ = [
    "DEFAULT_TOL",
    "KERNELS",
    "METHODS",
    "BatchEquilibria",
    "CorrelatedEquilibrium",
    "CorrelatedPolytope",
    "DominanceResult",
    "Elimination",
    "Equilibrium",
    "LogitFit",
    "QuantalResponse",
    "SolverResult",
    "all_equilibria",
    "batch_equilibria",
    "best_responses",
    "canonical_equilibria",
    "canonical_order",
    "certified_nondegenerate",
    "correlated_equilibrium",
    "correlated_regrets",
    "correlated_vertices",
    "fit_logit",
    "iterated_dominance",
    "lemke_howson",
    "logit_branch",
    "logit_tracing",
    "max_regret",
    "pareto_efficient",
    "pure_nash",
    "pure_nash_mask",
    "quantal_response",
    "security_levels",
    "solve",
    "support_enumeration",
    "vertex_enumeration",
]
