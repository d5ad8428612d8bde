"""What a report says: tidy frames and plain sentences built from a scenario.

Everything here is data (frames, strings, numbers); :mod:`.figures` draws and
:mod:`.render` lays out. The summary sentences are generated from the same
frames the tables show, so a number in the summary is always a number in a
table below it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..analyses import Analysis, analyze, available
from ..compare import strategy_texts
from ..game import Game
from ..scenario import Scenario
from ..solvers import SolverResult, solve

__all__ = [
    "Block",
    "ScenarioFacts",
    "Section",
    "SweepFacts",
    "equilibria_frame",
    "fmt",
    "gather",
    "standoff_frame",
]

#: Columns of each analysis table a report shows (the rest stay in the library's frames).
ANALYSIS_TABLES: dict[str, tuple[tuple[str, tuple[str, ...] | None, str], ...]] = {
    "sequential": (
        ("comparison", None, "Payoffs when the order of moves is fixed, against simultaneous play"),
        (
            "credibility",
            ("player", "action", "value", "best_action", "best_value", "cost", "credible"),
            "Is each threatened action a best reply where play would reach it?",
        ),
    ),
    "truce": (
        (
            "truce",
            (
                "player",
                "punishment",
                "best_deviation",
                "gain_from_deviation",
                "delta_star",
                "max_breakdown_risk",
                "valid",
                "note",
            ),
            "Temptation to breach the deal and the discount factor that deters it (valid: the"
            " punishment is itself credible; rows that are not valid are shown for comparison)",
        ),
    ),
    "bargain": (("solutions", None, "Bargaining solutions over the deal's terms"),),
    "attrition": (("sides", None, "War of attrition: costs, prizes and the hazard of conceding"),),
    "alliance": (
        (
            "shares",
            None,
            "Each member's gain in the grand alliance over nobody joining, and fair shares of it",
        ),
        (
            "stability",
            (
                "size",
                "members",
                "internally_stable",
                "externally_stable",
                "member_payoff",
                "outsider_payoff",
                "total_welfare",
            ),
            "Which alliances are stable (d'Aspremont et al. 1983)",
        ),
    ),
}

ANALYSIS_TITLES = {
    "sequential": "Moves in sequence: threats and their credibility",
    "truce": "Is the deal self-enforcing?",
    "bargain": "Bargaining over the deal's terms",
    "attrition": "How long a standoff lasts",
    "alliance": "Alliance stability and fair shares",
}


#: Cells longer than this (characters) mark a column of prose, laid out wider in HTML.
LONG_TEXT = 60


def fmt(value: Any) -> str:
    """A cell's text: numbers to four significant figures (whole numbers from 10,000, e-notation
    below 0.0001 and from 1e15), booleans as yes/no, NaN as a dash."""
    if value is None:
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return f"{int(value):,}"
    if isinstance(value, (float, np.floating)):
        x = float(value)
        if math.isnan(x):
            return "–"
        sign = "−" if x < 0 else ""
        x = abs(x)
        if math.isinf(x):
            return f"{sign}∞"
        if x == 0:
            return "0"
        if 1e4 <= x < 1e15:
            return f"{sign}{x:,.0f}"
        return sign + (f"{x:,.4g}" if 1e-4 <= x < 1e4 else f"{x:.3e}")
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt(v) for v in value)
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Block:
    """One piece of a section: ``kind`` is text, bullets, table or figure."""

    kind: str
    text: str = ""
    items: tuple[tuple[str, str], ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    numeric: tuple[bool, ...] = ()
    long: tuple[bool, ...] = ()
    figure: str = ""


@dataclass(frozen=True)
class Section:
    """A titled part of the report with an anchor and its blocks."""

    title: str
    anchor: str
    blocks: tuple[Block, ...]
    level: int = 2


def text(value: str) -> Block:
    return Block("text", text=value)


def bullets(items: Sequence[tuple[str, str]]) -> Block:
    return Block("bullets", items=tuple(items))


def table(frame: pd.DataFrame, caption: str = "") -> Block:
    """A frame as a table block: every cell formatted by :func:`fmt`."""
    numeric = tuple(
        bool(pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))
        for c in frame.columns
    )
    rows = tuple(tuple(fmt(v) for v in row) for row in frame.itertuples(index=False))
    long = tuple(
        any(len(row[j]) > LONG_TEXT for row in rows) and not numeric[j]
        for j in range(len(frame.columns))
    )
    return Block(
        "table",
        text=caption,
        columns=tuple(str(c).replace("_", " ") for c in frame.columns),
        rows=rows,
        numeric=numeric,
        long=long,
    )


def figure(name: str) -> Block:
    return Block("figure", figure=name)


def equilibria_frame(result: SolverResult) -> pd.DataFrame:
    """One row per equilibrium: each player's strategy and payoff, the max regret, pure or mixed."""
    game = result.game
    rows = []
    for k, eq in enumerate(result.equilibria):
        row: dict[str, Any] = {"equilibrium": k + 1}
        for player, strategy in zip(game.players, strategy_texts(result, k), strict=True):
            row[player] = strategy
        for player, payoff in zip(game.players, eq.payoffs, strict=True):
            row[f"{player} payoff"] = float(payoff)
        row["max regret"] = float(eq.max_regret)
        row["pure"] = bool(eq.pure)
        rows.append(row)
    return pd.DataFrame(rows)


def standoff_frame(scenario: Scenario, game: Game | None = None) -> pd.DataFrame | None:
    """Each player's payoff in the standoff and under the deal, and the difference.

    ``game`` is the scenario's game when already built. ``None`` when the
    scenario's ``[analysis]`` table does not name both profiles.
    """
    from ..analyses._record import profile_index

    spec = scenario.analysis
    if spec is None or spec.deal is None or spec.standoff is None:
        return None
    game = scenario.game() if game is None else game
    tensor = np.asarray(game.payoff_tensor, dtype=float)
    deal = tensor[(slice(None), *profile_index(game, spec.deal))]
    standoff = tensor[(slice(None), *profile_index(game, spec.standoff))]
    return pd.DataFrame(
        {
            "player": list(game.players),
            "standoff": [spec.standoff[p] for p in game.players],
            "standoff payoff": standoff,
            "deal": [spec.deal[p] for p in game.players],
            "deal payoff": deal,
            "gain from the deal": deal - standoff,
        }
    )


@dataclass(frozen=True)
class SweepFacts:
    """The scenario's own ``[sweep]`` over a two-parameter grid: its regimes and thresholds.

    ``regimes`` is :func:`tradegame.plotting.regimes.regime_map_data`'s frame;
    ``shares`` the share of grid points per regime; ``thresholds`` one row per
    switch (the parameter bisected and the regimes either side) with the range
    of its location over the grid lines.
    """

    x: str
    y: str
    points: int
    regimes: pd.DataFrame
    shares: pd.DataFrame
    thresholds: pd.DataFrame


def _grid_sweep(scenario: Scenario) -> SweepFacts | None:
    """Run the scenario's ``[sweep]`` when it is a grid over exactly two parameters."""
    import importlib

    if not scenario.sweep or scenario.model == "explicit":
        return None
    model = scenario.payoff_model
    fixed = {p for name in scenario.overrides for p in model.resolve(name)}
    swept = {p for name in scenario.sweep.get("grid", {}) for p in model.resolve(name)}
    if fixed & swept:  # a what-if that fixes a swept parameter: the sweep is not its own
        return None
    from ..plotting.regimes import regime_map_data
    from ..sweep_summary import summarize

    sweep_module = importlib.import_module("tradegame.sweep")
    spec = sweep_module.SweepSpec.build(scenario)
    if len(spec.grid) != 2 or spec.sample:
        return None
    run = sweep_module.run_sweep(spec, progress=False)
    summary = summarize(run, sensitivity=False)
    (x, _), (y, _) = spec.grid
    located = summary.thresholds
    grouped = (
        located.groupby(["parameter", "below", "above"], sort=False)["value"]
        .agg(lowest="min", highest="max", grid_lines="count")
        .reset_index()
    )
    return SweepFacts(
        x=x,
        y=y,
        points=int(summary.points),
        regimes=regime_map_data(run.read(), x, y, thresholds=summary, scenario=scenario),
        shares=summary.shares[["regime", "points", "share"]],
        thresholds=grouped,
    )


@dataclass(frozen=True)
class ScenarioFacts:
    """Everything a report needs about one scenario, computed once."""

    scenario: Scenario
    result: SolverResult
    equilibria: pd.DataFrame
    parameters: pd.DataFrame
    standoff: pd.DataFrame | None
    analyses: Mapping[str, Analysis]
    tornado: pd.DataFrame | None
    sweep: SweepFacts | None = None


def _tornado(scenario: Scenario) -> pd.DataFrame | None:
    from ..plotting.sensitivity import tornado_data

    params = scenario.parameters()
    ranged = params.dropna(subset=["low", "high"])
    ranged = ranged[ranged["low"] < ranged["high"]]
    if ranged.empty:
        return None
    return tornado_data(scenario)


def gather(scenario: Scenario) -> ScenarioFacts:
    """Solve the scenario and run every analysis it supports."""
    game = scenario.game()
    result = solve(game)
    analyses = {kind: analyze(scenario, kind) for kind in available(scenario)}
    return ScenarioFacts(
        scenario=scenario,
        result=result,
        equilibria=equilibria_frame(result),
        parameters=scenario.parameters(),
        standoff=standoff_frame(scenario, game),
        analyses=analyses,
        tornado=_tornado(scenario),
        sweep=_grid_sweep(scenario),
    )
