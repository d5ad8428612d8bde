"""Extensive-form games: game trees, Gambit ``.efg`` files, subgame perfection.

Build a tree with :func:`terminal`, :func:`decision` and :func:`chance`, wrap it
in a :class:`GameTree` (which validates it), then find its subgame-perfect
equilibria with :func:`subgame_perfect`, test announced threats and promises
with :func:`credibility`, or hand its :func:`reduced_normal_form` to any
normal-form solver.

>>> from tradegame.extensive import GameTree, decision, terminal, subgame_perfect
>>> tree = GameTree(decision("A", {"l": terminal([1, 0]), "r": terminal([0, 1])}), ("A", "B"))
>>> subgame_perfect(tree)[0].path
('l',)
"""

from .backward import (
    MAX_SUBGAME_PERFECT,
    SubgamePerfectEquilibrium,
    SubgamePerfectResult,
    credibility,
    subgame_perfect,
)
from .efg import dumps_efg, loads_efg, read_efg, write_efg
from .normal_form import NO_MOVE, reduced_normal_form
from .tree import (
    PROBABILITY_TOLERANCE,
    Chance,
    Decision,
    GameTree,
    InformationSet,
    Node,
    Terminal,
    chance,
    decision,
    path_text,
    terminal,
)

__all__ = [
    "MAX_SUBGAME_PERFECT",
    "NO_MOVE",
    "PROBABILITY_TOLERANCE",
    "Chance",
    "Decision",
    "GameTree",
    "InformationSet",
    "Node",
    "SubgamePerfectEquilibrium",
    "SubgamePerfectResult",
    "Terminal",
    "chance",
    "credibility",
    "decision",
    "dumps_efg",
    "loads_efg",
    "path_text",
    "read_efg",
    "reduced_normal_form",
    "subgame_perfect",
    "terminal",
    "write_efg",
]
