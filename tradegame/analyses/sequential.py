"""Sequential play of a scenario: its move order as a game tree, threats and their credibility.

The scenario's ``[sequence]`` table says who moves when and what each mover has
seen; :func:`sequential_tree` turns the scenario's game into that tree, and
:func:`sequential` solves it by backward induction (Selten 1965, 1975), compares
it with simultaneous play, and asks whether the supplier's threat is credible
and how many days of stockpile make it stop being so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ScenarioError
from ..extensive import GameTree, credibility, decision, subgame_perfect, terminal
from ..game import Game
from ..solvers import solve
from ._record import Analysis, shifted_parameters, threshold
from .spec import Sequence

if TYPE_CHECKING:
    import pandas as pd

    from ..scenario import Scenario

__all__ = ["STOCKPILE_RANGE", "sequential", "sequential_tree"]

STOCKPILE_RANGE = (0.0, 365.0)
"""Extra stockpile days searched for a threshold: up to a year of every importer's use."""


def sequential_tree(game: Game, sequence: Sequence) -> GameTree:
    """The game tree in which ``game``'s players choose their strategies in ``sequence``.

    Each mover chooses one of its strategies having seen the choices of the
    players in ``sequence.observes[mover]``; it cannot tell apart histories
    that differ only in moves it has not seen (one information set). Players
    left out of the order have a single strategy.

    Examples
    --------
    >>> import tradegame as tg
    >>> from tradegame.analyses.spec import Sequence
    >>> pd_game = tg.load_scenario("tariff_prisoners_dilemma").game()
    >>> order = Sequence(pd_game.players, {"United States": (), "Brazil": ("United States",)})
    >>> tree = sequential_tree(pd_game, order)
    >>> tree.is_perfect_information
    True
    """
    order = sequence.order
    idx = [game.player_index(p) for p in order]
    fixed = [0] * game.n_players
    earlier = {p: order[:k] for k, p in enumerate(order)}

    def build(k: int, history: tuple[int, ...]) -> Any:
        if k == len(order):
            profile = list(fixed)
            for i, s in zip(idx, history, strict=True):
                profile[i] = s
            payoffs = game.payoff_tensor[(slice(None), *profile)]
            return terminal({p: float(payoffs[i]) for i, p in enumerate(game.players)})
        mover = order[k]
        seen = sequence.observes[mover]
        infoset = None
        if len(seen) < len(earlier[mover]):
            shown = [
                f"{p}: {game.strategies[game.player_index(p)][history[order.index(p)]]}"
                for p in seen
            ]
            infoset = f"{mover} | " + ("; ".join(shown) if shown else "nothing seen")
        labels = game.strategies[idx[k]]
        children = {label: build(k + 1, (*history, s)) for s, label in enumerate(labels)}
        return decision(mover, children, infoset=infoset)

    return GameTree(build(0, ()), game.players, name=game.name, source=game.source)


def _spec(scenario: Scenario) -> Sequence:
    if scenario.analysis.sequence is None:
        raise ScenarioError(
            scenario.path,
            "sequence",
            "missing; a sequential analysis needs a [sequence] table with the move order "
            "(see docs/reference/scenario-format.md)",
        )
    return scenario.analysis.sequence


def _comparison(game: Game, result: Any) -> pd.DataFrame:
    """Each player's payoff in simultaneous play (pure equilibria) and in the sequential order."""
    import pandas as pd

    simultaneous = solve(game)
    rows = []
    for i, player in enumerate(game.players):
        sim = [float(e.payoffs[i]) for e in simultaneous]
        seq = [float(e.payoffs[player]) for e in result]
        rows.append(
            {
                "player": player,
                "simultaneous_low": min(sim) if sim else np.nan,
                "simultaneous_high": max(sim) if sim else np.nan,
                "sequential_low": min(seq) if seq else np.nan,
                "sequential_high": max(seq) if seq else np.nan,
                "value_of_order": (min(seq) - min(sim)) if sim and seq else np.nan,
            }
        )
    return pd.DataFrame(rows)


def _threat_nodes(tree: GameTree, player: str) -> list[tuple[str, ...]]:
    return [
        path
        for path, node in tree.nodes()
        if getattr(node, "player", None) == player and getattr(node, "actions", None)
    ]


def _threat_gain(game: Game, sequence: Sequence, spec: Any) -> float:
    """Threat player's payoff from ``action`` minus from ``instead`` where play reaches it."""
    tree = sequential_tree(game, sequence)
    result = subgame_perfect(tree)
    path = tuple(result[0].path)
    nodes = _threat_nodes(tree, spec.player)
    on_path = [n for n in nodes if tuple(path[: len(n)]) == n] or nodes
    node = on_path[0]
    table = credibility(tree, {node: spec.action})
    alt = credibility(tree, {node: spec.instead})
    return float(table["value"].iloc[0] - alt["value"].iloc[0])


def sequential(scenario: Scenario, values: Mapping[str, float] | None = None) -> Analysis:
    """Backward induction on the scenario's move order, threats and the stockpile threshold.

    Parameters
    ----------
    scenario : Scenario
        With a ``[sequence]`` table; an ``[analysis]`` table with ``threat``
        and ``stockpile_days`` adds the credibility of the threat and the
        stockpile days at which it stops being credible.
    values : mapping, optional
        Parameter overrides (as for :meth:`~tradegame.Scenario.payoff_tensors`).

    Returns
    -------
    Analysis
        Tables ``equilibria`` (one row per subgame-perfect equilibrium and
        player), ``comparison`` (simultaneous vs sequential), and, with a
        threat, ``credibility`` and ``stockpile``; ``extra["equilibria"]`` has
        the subgame-perfect equilibria as :meth:`SubgamePerfectResult.to_dict`
        gives them.
    """
    import pandas as pd

    sequence = _spec(scenario)
    game = _game(scenario, values)
    tree = sequential_tree(game, sequence)
    result = subgame_perfect(tree)
    findings = []
    rows = []
    for k, eq in enumerate(result):
        findings.append(
            f"subgame-perfect equilibrium {k + 1}: "
            + " -> ".join(f"{p}: {a}" for p, a in zip(sequence.order, eq.path, strict=False))
            + "; payoffs "
            + ", ".join(f"{p} {v:.3g}" for p, v in eq.payoffs.items())
        )
        for player, value in eq.payoffs.items():
            rows.append(
                {
                    "equilibrium": k + 1,
                    "player": player,
                    "payoff": value,
                    "path": " > ".join(eq.path),
                }
            )
    if not result.complete:
        findings.append(
            "the list of subgame-perfect equilibria may be incomplete: " + "; ".join(result.notes)
        )
    tables: dict[str, pd.DataFrame] = {
        "equilibria": pd.DataFrame(rows),
        "comparison": _comparison(game, result),
    }
    depends: dict[str, float] = {}
    extra_days: float | None = None
    spec = scenario.analysis.threat
    if spec is not None:
        nodes = _threat_nodes(tree, spec.player)
        table = credibility(tree, dict.fromkeys(nodes, spec.action))
        tables["credibility"] = table
        path = tuple(result[0].path)
        on_path = table[[tuple(path[: len(n)]) == n for n in nodes]]
        where = on_path if len(on_path) else table
        cost = float(where["cost"].iloc[0])
        verdict = "credible" if bool(where["credible"].iloc[0]) else "not credible"
        findings.append(
            f"{spec.player}'s threat to play {spec.action!r} is {verdict} where play reaches "
            f"it: carrying it out costs {spec.player} {cost:.3g} against its best reply"
        )
        if scenario.analysis.stockpile_days:
            names = scenario.analysis.stockpile_days
            base = shifted_parameters(scenario, names, "analysis.stockpile_days")
            depends.update(base)

            def gain(extra: np.ndarray) -> np.ndarray:
                tensors = scenario.payoff_tensors(
                    {**(values or {}), **{n: v + extra for n, v in base.items()}}
                )
                return np.array([_threat_gain(_with(game, t), sequence, spec) for t in tensors])

            low, high = STOCKPILE_RANGE
            grid = np.linspace(low, high, 13)
            tables["stockpile"] = pd.DataFrame(
                {"extra_stockpile_days": grid, "threat_gain": gain(grid)}
            )
            days = threshold(gain, low, high)
            if days == low and gain(np.array([low]))[0] <= 0:
                findings.append(
                    f"the threat is not credible even without extra stockpiles in "
                    f"{', '.join(names)}"
                )
            elif days is None:
                findings.append(
                    f"the threat stays credible with up to {high:g} extra days of stockpile "
                    f"in {', '.join(names)}"
                )
            else:
                findings.append(
                    f"the threat stops being credible at {days:.1f} extra days of stockpile "
                    f"held by every importer ({', '.join(names)})"
                )
            extra_days = days
    return Analysis(
        "sequential",
        {"name": scenario.title, "players": list(game.players), "units": scenario.payoff_units},
        tuple(findings),
        tables,
        depends,
        {
            "equilibria": result.to_dict()["equilibria"],
            "complete": result.complete,
            "threat_stops_at_extra_stockpile_days": extra_days,
        },
    )


def _game(scenario: Scenario, values: Mapping[str, float] | None) -> Game:
    if not values:
        return scenario.game()
    return _with(scenario.game(), scenario.payoff_tensors(values)[0])


def _with(game: Game, tensor: np.ndarray) -> Game:
    return Game(tensor, game.players, game.strategies, name=game.name, source=game.source)
