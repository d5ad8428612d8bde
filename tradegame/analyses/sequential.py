"""Sequential play of a scenario: its move order as a game tree, threats and their credibility.

The scenario's ``[sequence]`` table says who moves when and what each mover has
seen; :func:`sequential_tree` turns the scenario's game into that tree, and
:func:`sequential` solves it by backward induction (Selten 1965, 1975), compares
it with simultaneous play, and asks whether the supplier's threat is credible
and how many days of stockpile make it stop being so.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GameError, ParameterError, ScenarioError
from ..extensive import GameTree, credibility, decision, subgame_perfect, terminal
from ..game import Game
from ..solvers import solve
from ._record import Analysis, parameter_values, scenario_game, shifted_parameters, threshold
from .spec import Sequence

if TYPE_CHECKING:
    import pandas as pd

    from ..scenario import Scenario

__all__ = [
    "MAX_LISTED",
    "SHOWN",
    "STOCKPILE_RANGE",
    "scenario_tree",
    "sequential",
    "sequential_tree",
    "stage_options",
]

MAX_LISTED = 1_000
"""Most subgame-perfect equilibria a sequential analysis lists (ties can make millions)."""
SHOWN = 5
"""Equilibria spelt out in the findings; the table and JSON have all those listed."""
STOCKPILE_RANGE = (0.0, 365.0)
"""Extra stockpile days searched for a threshold: up to a year of every importer's use."""


def _tree(
    sequence: Sequence,
    options: list[tuple[str, ...]],
    leaf: Callable[[tuple[int, ...]], Mapping[str, float]],
    players: tuple[str, ...],
    name: str,
    source: str,
) -> GameTree:
    """The tree in which stage ``k``'s mover picks one of ``options[k]``; ``leaf`` pays out."""
    order = sequence.order
    seen_at = [
        [j for j in range(k) if order[j] == mover or order[j] in sequence.observes[mover]]
        for k, mover in enumerate(order)
    ]
    several = len(set(order)) < len(order)

    def build(k: int, history: tuple[int, ...]) -> Any:
        if k == len(order):
            return terminal(dict(leaf(history)))
        mover = order[k]
        infoset = None
        if len(seen_at[k]) < k:
            shown = "; ".join(f"{order[j]}: {options[j][history[j]]}" for j in seen_at[k])
            stage = f" (stage {k + 1})" if several else ""
            infoset = f"{mover}{stage} | {shown or 'nothing seen'}"
        children = {label: build(k + 1, (*history, s)) for s, label in enumerate(options[k])}
        return decision(mover, children, infoset=infoset)

    return GameTree(build(0, ()), players, name=name, source=source)


def sequential_tree(game: Game, sequence: Sequence) -> GameTree:
    """The game tree in which ``game``'s players choose their strategies in ``sequence``.

    Each mover chooses one of its strategies having seen the choices of the
    players in ``sequence.observes[mover]``; it cannot tell apart histories
    that differ only in moves it has not seen (one information set). Players
    left out of the order have a single strategy. For stages that set levers
    rather than strategies, see :func:`scenario_tree`.

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
    if sequence.by_lever:
        raise GameError("a move order with lever stages needs the scenario: use scenario_tree")
    idx = [game.player_index(p) for p in sequence.order]

    def leaf(history: tuple[int, ...]) -> dict[str, float]:
        profile = [0] * game.n_players
        for i, s in zip(idx, history, strict=True):
            profile[i] = s
        payoffs = game.payoff_tensor[(slice(None), *profile)]
        return {p: float(payoffs[i]) for i, p in enumerate(game.players)}

    options = [game.strategies[i] for i in idx]
    return _tree(sequence, options, leaf, game.players, game.name, game.source)


def _value_text(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def stage_options(scenario: Scenario) -> list[list[tuple[str, dict[str, Any]]]]:
    """Each stage's choices as ``(label, lever settings)``.

    A whole-strategy stage offers the mover's strategies; a lever stage offers
    the distinct settings the mover's strategies give those levers, labelled
    ``"tariff = 0.475, chips = licensed"``.
    """
    sequence = _spec(scenario)
    settings = scenario.strategy_settings()
    known = scenario.levers()
    out = []
    for k, mover in enumerate(sequence.order):
        i = scenario.players.index(mover)
        levers = sequence.stage_levers(k)
        if levers is None:
            out.append(list(zip(scenario.strategies[i], settings[i], strict=True)))
            continue
        if scenario.model == "explicit":
            raise ScenarioError(
                scenario.path,
                f"sequence.order[{k}].levers",
                "an explicit-payoff scenario has no levers to stage; list the player's name",
            )
        own = {lv.split(".", 1)[1]: lv for lv in known[known["player"] == mover]["lever"]}
        for name in levers:
            if name not in own:
                raise ScenarioError(
                    scenario.path,
                    f"sequence.order[{k}].levers",
                    f"{mover!r} has no lever {name!r}; its levers: {', '.join(sorted(own))}",
                )
        choices: dict[tuple, tuple[str, dict[str, Any]]] = {}
        for setting in settings[i]:
            picked = {own[name]: setting[own[name]] for name in levers}
            key = tuple(str(v) for v in picked.values())
            label = ", ".join(f"{name} = {_value_text(picked[own[name]])}" for name in levers)
            choices.setdefault(key, (label, picked))
        out.append(list(choices.values()))
    staged = {
        lv for k, mover in enumerate(sequence.order) for lv in (sequence.stage_levers(k) or ())
    }
    for mover in set(sequence.order):
        i = scenario.players.index(mover)
        stages = [k for k, p in enumerate(sequence.order) if p == mover]
        if all(sequence.stage_levers(k) is None for k in stages):
            continue
        varying = {
            lv.split(".", 1)[1]
            for lv in settings[i][0]
            if len({str(s[lv]) for s in settings[i]}) > 1
        }
        missing = sorted(varying - staged)
        if missing:
            raise ScenarioError(
                scenario.path,
                "sequence.order",
                f"{mover!r}'s lever {missing[0]!r} differs between its strategies but is set at "
                "no stage",
            )
    return out


def scenario_tree(scenario: Scenario, values: Mapping[str, Any] | None = None) -> GameTree:
    """The game tree of a scenario's ``[sequence]``, whole strategies or lever stages.

    With lever stages, the payoffs at each leaf come from the payoff model at
    the combined lever settings (:meth:`~tradegame.Scenario.payoffs`), so a
    stage may combine settings no listed strategy combines.
    """
    sequence = _spec(scenario)
    if not sequence.by_lever:
        return sequential_tree(scenario_game(scenario, values), sequence)
    options = stage_options(scenario)
    table = _leaf_payoffs(scenario, values, options)
    return _lever_tree(scenario, {h: v[0] for h, v in table.items()}, options)


def _leaf_payoffs(
    scenario: Scenario, values: Mapping[str, Any] | None, options: list[list[tuple[str, Any]]]
) -> dict[tuple[int, ...], np.ndarray]:
    """Payoffs at every leaf of a lever-staged tree, shape (B, n) each (B parameter points)."""
    sequence = _spec(scenario)
    fixed: dict[str, Any] = {}
    for player, settings in zip(scenario.players, scenario.strategy_settings(), strict=True):
        if player not in sequence.order:
            fixed.update(settings[0])
    out = {}
    for history in itertools.product(*(range(len(o)) for o in options)):
        settings = dict(fixed)
        for k, s in enumerate(history):
            settings.update(options[k][s][1])
        out[history] = np.atleast_2d(scenario.payoffs(settings, values))
    return out


def _lever_tree(
    scenario: Scenario,
    leaves: Mapping[tuple[int, ...], np.ndarray],
    options: list[list[tuple[str, Any]]],
) -> GameTree:
    sequence = _spec(scenario)
    labels = [[label for label, _ in stage] for stage in options]
    players = scenario.players

    def leaf(history: tuple[int, ...]) -> dict[str, float]:
        return {p: float(leaves[history][i]) for i, p in enumerate(players)}

    return _tree(sequence, labels, leaf, players, scenario.title, scenario.citation)


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
    """Each player's payoff in simultaneous play (the equilibria `solve` finds) and in the
    sequential order."""
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


def holding_cost(scenario: Scenario, names: tuple[str, ...], days: float) -> float | None:
    """Yearly carrying cost of ``days`` more stock for each ``<player>.baseline_stockpile_days``.

    ``carrying_rate`` x ``mcpf`` x each importer's ``input_use`` x days / 365,
    with the rate from the scenario or, when it has none, the calibration table
    (:func:`tradegame.economics.stockpile_carrying_cost`); None when an
    importer's use is unknown.
    """
    from ..calibration import load_calibration
    from ..economics import stockpile_carrying_cost

    table = parameter_values(scenario)
    rate = (
        float(table["carrying_rate"])
        if "carrying_rate" in table.index
        else float(load_calibration()["carrying_rate"].value)
    )
    weight = float(table["mcpf"]) if "mcpf" in table.index else 1.0
    total = 0.0
    for name in names:
        use = name.rsplit(".", 1)[0] + ".input_use"
        if use not in table.index:
            return None
        total += float(
            stockpile_carrying_cost(days, annual_use_value=table[use], carrying_rate=rate)
        )
    return total * weight


def _threat_stage(scenario: Scenario, spec: Any) -> tuple[int | None, str, str]:
    """The stage at which the threat is carried out and its two choices' labels there.

    For a whole-strategy stage the labels are the strategies; for lever stages,
    the first of the player's stages whose levers the two strategies set
    differently, and the labels of those settings. ``None`` means every stage
    of the player (whole strategies).
    """
    sequence = _spec(scenario)
    if not sequence.by_lever:
        return None, spec.action, spec.instead
    i = scenario.players.index(spec.player)
    menu = scenario.strategies[i]
    options = stage_options(scenario)
    settings = scenario.strategy_settings()[i]
    act, alt = settings[menu.index(spec.action)], settings[menu.index(spec.instead)]
    for k, mover in enumerate(sequence.order):
        if mover != spec.player:
            continue
        labels = {}
        for name, setting in (("action", act), ("instead", alt)):
            for label, picked in options[k]:
                if all(str(setting[lv]) == str(v) for lv, v in picked.items()):
                    labels[name] = label
        if labels.get("action") != labels.get("instead"):
            return k, labels["action"], labels["instead"]
    raise ScenarioError(
        scenario.path,
        "analysis.threat",
        f"{spec.action!r} and {spec.instead!r} set {spec.player!r}'s staged levers alike",
    )


def _threat_nodes(tree: GameTree, player: str, depth: int | None) -> list[tuple[str, ...]]:
    return [
        path
        for path, node in tree.nodes()
        if getattr(node, "player", None) == player
        and getattr(node, "actions", None)
        and (depth is None or len(path) == depth)
    ]


def _threat_gain(
    tree: GameTree, player: str, depth: int | None, action: str, instead: str
) -> float:
    """Threat player's payoff from ``action`` minus from ``instead`` where play reaches it."""
    result = subgame_perfect(tree, max_equilibria=1)  # any one: the threat's value is the same
    path = tuple(result[0].path)
    nodes = _threat_nodes(tree, player, depth)
    on_path = [n for n in nodes if tuple(path[: len(n)]) == n] or nodes
    node = on_path[0]
    value = float(credibility(tree, {node: action})["value"].iloc[0])
    other = float(credibility(tree, {node: instead})["value"].iloc[0])
    # a tie is credible (as in `credibility`): count the gain up to a relative tolerance
    return value - other + 1e-9 * max(abs(value), abs(other), 1e-300)


def _trees(scenario: Scenario, values: Mapping[str, Any]) -> list[GameTree]:
    """The scenario's tree at each of a batch of parameter points (arrays in ``values``)."""
    sequence = _spec(scenario)
    if sequence.by_lever:
        options = stage_options(scenario)
        leaves = _leaf_payoffs(scenario, values, options)
        size = len(next(iter(leaves.values())))
        return [
            _lever_tree(scenario, {h: v[b] for h, v in leaves.items()}, options)
            for b in range(size)
        ]
    game = scenario.game()
    return [
        sequential_tree(game.replace(payoff_tensor=t), sequence)
        for t in scenario.payoff_tensors(values)
    ]


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
    game = scenario_game(scenario, values)
    tree = scenario_tree(scenario, values)
    result = subgame_perfect(tree, max_equilibria=MAX_LISTED)
    findings = []
    rows = []
    for k, eq in enumerate(result):
        if k < SHOWN:
            findings.append(
                f"subgame-perfect equilibrium {k + 1}: "
                + " -> ".join(f"{p}: {a}" for p, a in zip(sequence.order, eq.path, strict=False))
                + "; payoffs "
                + ", ".join(f"{p} {v:.3g}" for p, v in eq.payoffs.items())
            )
        elif k == SHOWN:
            findings.append(
                f"and {len(result) - SHOWN} more subgame-perfect equilibria (ties: see the table)"
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
        depth, action, instead = _threat_stage(scenario, spec)
        nodes = _threat_nodes(tree, spec.player, depth)
        blind = any(len(h.paths) > 1 and set(h.paths) & set(nodes) for h in tree.information_sets())
        try:
            if blind:  # several histories in one set: no subgame starts at the threat
                raise ParameterError("the threat is made at an information set")
            table = credibility(tree, dict.fromkeys(nodes, action))
        except ParameterError:  # the threat is made where its mover cannot see the past
            findings.append(
                f"the credibility of {spec.player}'s threat (an optimal choice in every "
                "subgame) is not defined for this move order: it moves at an information set, "
                "or a later mover does not see its move, so its choice does not start subgames"
            )
            spec = None
    if spec is not None:
        tables["credibility"] = table
        path = tuple(result[0].path)
        on_path = table[[tuple(path[: len(n)]) == n for n in nodes]]
        where = on_path if len(on_path) else table
        cost = float(where["cost"].iloc[0])
        if bool(table["credible"].all()) and not bool(table["ambiguous"].any()):
            findings.append(
                f"{action!r} is {spec.player}'s best reply whatever happens before it: the "
                "threat is credible, but as a dominant action rather than a conditional threat"
                if (table["best_action"] == action).all()
                else f"{spec.player}'s threat to play {action!r} is credible at every node"
            )
        else:
            verdict = "credible" if bool(where["credible"].iloc[0]) else "not credible"
            findings.append(
                f"{spec.player}'s threat to play {action!r} is {verdict} where play reaches "
                f"it: carrying it out costs {spec.player} {cost:.3g} a year against its best "
                "reply"
            )
        if scenario.analysis.stockpile_days:
            names = scenario.analysis.stockpile_days
            base = shifted_parameters(scenario, names, "analysis.stockpile_days")
            depends.update(base)

            def gain(extra: np.ndarray, only: str | None = None) -> np.ndarray:
                raised = {n: v + extra for n, v in base.items() if only in (None, n)}
                shifted = {**(values or {}), **raised}
                return np.array(
                    [
                        _threat_gain(t, spec.player, depth, action, instead)
                        for t in _trees(scenario, shifted)
                    ]
                )

            low, high = STOCKPILE_RANGE
            grid = np.linspace(low, high, 13)
            tables["stockpile"] = pd.DataFrame(
                {"extra_stockpile_days": grid, "threat_gain": gain(grid)}
            )
            days = threshold(gain, low, high)
            # the scan compares the threat with its stated alternative only: where another
            # action is the best reply, "credible" (above) and "pays" (here) differ
            threat = f"the threat ({action!r} rather than {instead!r})"
            if days == low and gain(np.array([low]))[0] <= 0:
                findings.append(
                    f"{threat} does not pay {spec.player} even without extra stockpiles in "
                    f"{', '.join(names)}"
                )
            elif days is None:
                findings.append(
                    f"{threat} still pays {spec.player} with up to {high:g} extra days of "
                    f"stockpile in {', '.join(names)}"
                )
            else:
                held = holding_cost(scenario, names, days)
                findings.append(
                    f"{threat} stops paying {spec.player} at {days:.1f} extra days added to "
                    f"each importer's stockpile ({', '.join(names)})"
                    + (
                        f"; holding them would cost the importers {held:.3g} a year, a cost "
                        "this threshold leaves out"
                        if held is not None
                        else ""
                    )
                )
            extra_days = days
            if len(names) > 1 and days is not None and days > low:
                alone = [
                    {
                        "parameter": name,
                        "threat_stops_at_extra_days": threshold(
                            lambda x, n=name: gain(x, n), low, high
                        ),
                    }
                    for name in names
                ]
                tables["stockpile_alone"] = pd.DataFrame(alone)
                enough = [r for r in alone if r["threat_stops_at_extra_days"] is not None]
                findings.append(
                    "raised alone, "
                    + (
                        "; ".join(
                            f"{r['parameter']} needs {r['threat_stops_at_extra_days']:.1f} days"
                            for r in enough
                        )
                        if enough
                        else "no importer's stockpile stops the threat within a year"
                    )
                    + (
                        f" ({', '.join(r['parameter'] for r in alone if r not in enough)}: "
                        "not within a year)"
                        if enough and len(enough) < len(alone)
                        else ""
                    )
                )
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
