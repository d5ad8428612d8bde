"""tradegame: trade-policy conflicts as games, with verified equilibrium solvers.

Build a :class:`Game` (from arrays, a scenario file or a Gambit ``.nfg``
file), then solve it::

    >>> import tradegame as tg
    >>> g = tg.load_scenario("tariff_prisoners_dilemma").game()
    >>> result = tg.solve(g)
    >>> result.profile(0)
    {'United States': {'optimal tariff': 1.0}, 'Brazil': {'optimal tariff': 1.0}}
"""

from . import economics, files, limits, models, validate
from .calibration import calibration_table, load_calibration
from .compare import compare, headline
from .errors import (
    EfgError,
    EquilibriumWarning,
    GameError,
    NfgError,
    OutputError,
    ParameterError,
    ScenarioError,
    SolverError,
    TradegameError,
)
from .game import Game
from .nfg import dumps_nfg, loads_nfg, read_nfg, write_nfg
from .scenario import Scenario, list_scenarios, load_scenario
from .solvers import (
    DEFAULT_TOL,
    METHODS,
    CorrelatedEquilibrium,
    CorrelatedPolytope,
    DominanceResult,
    Elimination,
    Equilibrium,
    LogitFit,
    QuantalResponse,
    SolverResult,
    all_equilibria,
    best_responses,
    correlated_equilibrium,
    correlated_regrets,
    correlated_vertices,
    fit_logit,
    iterated_dominance,
    lemke_howson,
    logit_branch,
    logit_tracing,
    max_regret,
    pareto_efficient,
    pure_nash,
    quantal_response,
    security_levels,
    solve,
    support_enumeration,
    vertex_enumeration,
)
from .sweep import sweep

# Analyses load on first use, so `import tradegame` (and the command line) stays quick.
_SUBMODULES = (
    "analyses",
    "attrition",
    "bargaining",
    "bayesian",
    "coalitions",
    "explorer",
    "extensive",
    "learning",
    "plotting",
    "regimes",
    "report",
    "repeated",
    "sampling",
    "sensitivity",
    "sweep_summary",
)
_LAZY = {
    "analyze": "analyses",
    "best_response_dynamics": "learning",
    "dumps_efg": "extensive",
    "empirical_play": "learning",
    "explore": "explorer",
    "fictitious_play": "learning",
    "loads_efg": "extensive",
    "logit_dynamics": "learning",
    "read_efg": "extensive",
    "regret_matching": "learning",
    "replicator_dynamics": "learning",
    "sobol_indices": "sensitivity",
    "subgame_perfect": "extensive",
    "write_efg": "extensive",
}


def __getattr__(name: str) -> object:
    import importlib

    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'tradegame' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


# The one place the version is written: pyproject.toml reads it ([tool.hatch.version]).
__version__ = "0.1.0"

__all__ = [
    "DEFAULT_TOL",
    "METHODS",
    "CorrelatedEquilibrium",
    "CorrelatedPolytope",
    "DominanceResult",
    "EfgError",
    "Elimination",
    "Equilibrium",
    "EquilibriumWarning",
    "Game",
    "GameError",
    "LogitFit",
    "NfgError",
    "OutputError",
    "ParameterError",
    "QuantalResponse",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "SolverResult",
    "TradegameError",
    "__version__",
    "all_equilibria",
    "analyses",
    "analyze",
    "attrition",
    "bargaining",
    "bayesian",
    "best_response_dynamics",
    "best_responses",
    "calibration_table",
    "coalitions",
    "compare",
    "correlated_equilibrium",
    "correlated_regrets",
    "correlated_vertices",
    "dumps_efg",
    "dumps_nfg",
    "economics",
    "empirical_play",
    "explore",
    "explorer",
    "extensive",
    "fictitious_play",
    "files",
    "fit_logit",
    "headline",
    "iterated_dominance",
    "learning",
    "lemke_howson",
    "limits",
    "list_scenarios",
    "load_calibration",
    "load_scenario",
    "loads_efg",
    "loads_nfg",
    "logit_branch",
    "logit_dynamics",
    "logit_tracing",
    "max_regret",
    "models",
    "pareto_efficient",
    "plotting",
    "pure_nash",
    "quantal_response",
    "read_efg",
    "read_nfg",
    "regimes",
    "regret_matching",
    "repeated",
    "replicator_dynamics",
    "report",
    "sampling",
    "security_levels",
    "sensitivity",
    "sobol_indices",
    "solve",
    "subgame_perfect",
    "support_enumeration",
    "sweep",
    "sweep_summary",
    "validate",
    "vertex_enumeration",
    "write_efg",
    "write_nfg",
]
