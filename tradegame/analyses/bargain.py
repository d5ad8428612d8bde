"""What deal would the two sides strike? Bargaining over a scenario's deal terms.

The feasible set is every setting of the deal levers (``[analysis] deal_levers``,
each on a grid over its range, the other levers at the deal), the disagreement
point the standoff (``[analysis] standoff``). The analysis reports the Nash
(1950) and Kalai-Smorodinsky (1975) solutions with the deal terms in lever
units, Rubinstein's (1982) split of the surplus with monthly offers, and Nash's
(1953) variable-threat solution on the listed strategies, whose optimal threats
show whether the supplier's control threat moves the terms, and up to how many
days of stockpile it does.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..bargaining import (
    kalai_smorodinsky_solution,
    nash_bargaining_solution,
    rubinstein,
    variable_threat,
    variable_threat_batch,
)
from ..errors import GameError, ScenarioError, TradegameError
from ..game import Game
from ..solvers import solve
from ._record import Analysis, profile_index, scenario_game, shifted_parameters, threshold
from .sequential import STOCKPILE_RANGE
from .truce import interest_rate

if TYPE_CHECKING:
    import pandas as pd

    from ..scenario import Scenario

__all__ = [
    "DEAL_GRID",
    "DEAL_POINTS",
    "bargain",
    "deal_set",
    "feasible_deals",
    "two_player_game",
    "two_sides",
]

DEAL_GRID = 9
"""Grid points per deal lever; the feasible set is their product (convex hull of the payoffs)."""
DEAL_POINTS = 20_000
"""Most deal settings evaluated: with many levers each gets fewer grid points (at least 3)."""


def two_player_game(game: Game, fixed: Mapping[str, str] | None = None) -> Game:
    """``game`` restricted to its two players with a choice (the others at ``fixed`` or their
    only strategy)."""
    movers = [i for i, n in enumerate(game.shape) if n > 1]
    if len(movers) != 2:
        names = ", ".join(game.players[i] for i in movers)
        raise GameError(
            f"bargaining needs exactly two players with a choice; {len(movers)} have one ({names})"
        )
    index: list[Any] = []
    for i, player in enumerate(game.players):
        if i in movers:
            index.append(slice(None))
        else:
            label = (fixed or {}).get(player, game.strategies[i][0])
            index.append(game.strategies[i].index(label))
    arrays = [game.payoff_tensor[(i, *index)] for i in movers]
    return Game.from_arrays(
        arrays,
        players=[game.players[i] for i in movers],
        strategies=[game.strategies[i] for i in movers],
        name=game.name,
    )


def two_sides(
    scenario: Scenario, values: Mapping[str, float] | None, what: str
) -> tuple[Game, Game, list[str]]:
    """The scenario's game, its two-player reduction at the deal and the two sides' names.

    Needs ``[analysis] deal`` and ``standoff`` (``what`` names the analysis in the error).
    """
    spec = scenario.analysis
    if spec.deal is None or spec.standoff is None:
        raise ScenarioError(
            scenario.path,
            "analysis.deal" if spec.deal is None else "analysis.standoff",
            f"missing; {what} needs [analysis] deal and standoff profiles",
        )
    game = scenario_game(scenario, values)
    game2 = two_player_game(game, spec.deal)
    return game, game2, list(game2.players)


def feasible_deals(
    scenario: Scenario, deal: Mapping[str, str], values: Mapping[str, float] | None
) -> tuple[np.ndarray, pd.DataFrame]:
    """Payoffs at every grid setting of the deal levers, and the settings as a frame.

    The feasible set the bargaining solutions are found in (and the bargaining
    figure draws): the deal profile's levers varied over a grid of at most
    ``DEAL_POINTS`` settings within ``[analysis] deal_levers``.
    """
    import pandas as pd

    levers = scenario.levers().set_index("lever")
    settings: dict[str, Any] = {}
    for i, player in enumerate(scenario.players):
        settings.update(scenario.strategy_settings()[i][scenario.strategies[i].index(deal[player])])
    names = list(scenario.analysis.deal_levers)
    # at most DEAL_POINTS settings in all: fewer grid points per lever when there are many
    per_lever = max(3, min(DEAL_GRID, int(DEAL_POINTS ** (1.0 / max(1, len(names))))))
    grids = []
    for lever, (low, high) in scenario.analysis.deal_levers.items():
        key = f"analysis.deal_levers.{lever}"
        if lever not in levers.index:
            raise ScenarioError(
                scenario.path, key, f"unknown lever; levers: {', '.join(sorted(levers.index))}"
            )
        if isinstance(levers.loc[lever, "values"], tuple):
            raise ScenarioError(
                scenario.path,
                key,
                f"takes the options {', '.join(map(str, levers.loc[lever, 'values']))}, not a "
                "range: bargain over continuous levers only",
            )
        for bound in (low, high):
            try:
                scenario.payoffs({**settings, lever: bound}, values)
            except TradegameError as exc:
                raise ScenarioError(scenario.path, key, f"bound {bound:g}: {exc}") from None
        grids.append(np.linspace(low, high, per_lever))
    mesh = [g.ravel() for g in np.meshgrid(*grids, indexing="ij")]
    payoffs = scenario.payoffs({**settings, **dict(zip(names, mesh, strict=True))}, values)
    return payoffs.reshape(-1, len(scenario.players)), pd.DataFrame(
        dict(zip(names, mesh, strict=True))
    )


def _simplest(points: np.ndarray, payoffs: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Weight 1 on a feasible point that gives the solution's payoffs itself, if one does.

    A solution on an edge of the hull may also be one of the given points (the
    middle of three collinear points): then the deal is that point, not a
    lottery between its neighbours.
    """
    scale = max(1.0, float(np.max(np.abs(points))))
    close = np.flatnonzero(np.max(np.abs(points - payoffs), axis=1) <= 1e-9 * scale)
    if close.size == 0:
        return weights
    out = np.zeros_like(weights)
    out[close[0]] = 1.0
    return out


def _threat_worth(tensors2: np.ndarray, k: int, action: int) -> np.ndarray:
    """Side ``k``'s variable-threat payoff with strategy ``action`` available minus without it.

    ``tensors2`` is a batch of two-player payoff tensors ``(B, 2, m1, m2)``; both
    solutions come from :func:`~tradegame.bargaining.variable_threat_batch`. Zero
    where the action is not part of the side's optimal threat.
    """
    with_it = variable_threat_batch(tensors2)[0][:, k]
    without = variable_threat_batch(np.delete(tensors2, action, axis=2 + k))[0][:, k]
    return with_it - without


def deal_set(
    scenario: Scenario,
    game: Game,
    game2: Game,
    sides: list[str],
    values: Mapping[str, float] | None,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Every deal bargained over: each player's payoff (rows) and its terms (a frame).

    With ``[analysis] deal_levers`` the deal's levers over a grid
    (:func:`feasible_deals`); without, the listed strategy profiles of the two
    sides, the others at their deal strategies. ``game``, ``game2`` and
    ``sides`` come from :func:`two_sides`.
    """
    import pandas as pd

    spec = scenario.analysis
    if spec.deal_levers:
        return feasible_deals(scenario, spec.deal, values)
    labels = list(itertools.product(*game2.strategies))
    full = np.stack(
        [
            game.payoff_tensor[
                (
                    slice(None),
                    *profile_index(game, {**spec.deal, **dict(zip(sides, pair, strict=True))}),
                )
            ]
            for pair in labels
        ]
    )
    terms = pd.DataFrame({p: [lab[k] for lab in labels] for k, p in enumerate(sides)})
    return full, terms


def bargain(scenario: Scenario, values: Mapping[str, float] | None = None) -> Analysis:
    """Nash, Kalai-Smorodinsky, Rubinstein and variable-threat bargaining over the deal.

    Needs ``[analysis] deal`` and ``standoff``; ``deal_levers`` gives the terms
    bargained over (without it the feasible set is the listed strategy
    profiles), ``threat`` and ``stockpile_days`` the stockpile threshold.
    """
    import pandas as pd

    spec = scenario.analysis
    game, game2, sides = two_sides(scenario, values, "bargaining")
    cols = [game.player_index(p) for p in sides]
    thirds = [i for i, n in enumerate(game.shape) if i not in cols]
    at_deal = game.payoff_tensor[(slice(None), *profile_index(game, spec.deal))][cols]
    full, terms = deal_set(scenario, game, game2, sides, values)
    points = full[:, cols]
    points_by = {}
    equilibria = [e for e in solve(game2) if e.pure]
    if len(equilibria) == 1:
        points_by["one-shot equilibrium"] = np.asarray(equilibria[0].payoffs, dtype=float)
    points_by["standoff"] = game.payoff_tensor[(slice(None), *profile_index(game, spec.standoff))][
        cols
    ]
    findings = [
        "the listed deal: "
        + ", ".join(f"{p} {v:.3g}" for p, v in zip(sides, at_deal, strict=True))
        + "; disagreement points: "
        + "; ".join(
            f"{name} (" + ", ".join(f"{p} {v:.3g}" for p, v in zip(sides, d, strict=True)) + ")"
            for name, d in points_by.items()
        )
    ]
    if len(equilibria) != 1:
        findings.append(
            f"the one-shot game has {len(equilibria)} pure equilibria, so the standoff is the "
            "only disagreement point used"
        )
    rows = []
    for against, disagreement in points_by.items():
        for name, solver in (
            ("nash", nash_bargaining_solution),
            ("kalai-smorodinsky", kalai_smorodinsky_solution),
        ):
            try:
                sol = solver(points, disagreement)
            except TradegameError as exc:  # no point improves on the disagreement for both
                findings.append(f"{name} against the {against}: no deal ({exc})")
                continue
            weights = _simplest(points, np.asarray(sol.payoffs), np.asarray(sol.weights_on_points))
            row: dict[str, Any] = {"solution": name, "disagreement": against}
            for k, p in enumerate(sides):
                row[f"{p} payoff"] = float(sol.payoffs[k])
                row[f"{p} gain"] = float(sol.gains[k])
            for i in thirds:
                row[f"{game.players[i]} payoff"] = float(np.dot(weights, full[:, i]))
            described = []
            for column in terms.columns:
                if terms[column].dtype.kind in "fi":
                    value = float(np.dot(weights, terms[column].to_numpy()))
                    row[column] = value
                    described.append(f"{column} = {value:.3g}")
                else:  # strategies: the solution is a lottery over profiles when it mixes two
                    used = np.flatnonzero(weights > 1e-9)
                    shown = " or ".join(
                        f"{terms[column].iloc[k]} ({weights[k]:.0%})"
                        if len(used) > 1
                        else str(terms[column].iloc[k])
                        for k in used
                    )
                    row[column] = shown
                    described.append(f"{column}: {shown}")
            rows.append(row)
            third = (
                "; third parties "
                + ", ".join(
                    f"{game.players[i]} {row[f'{game.players[i]} payoff']:.3g}" for i in thirds
                )
                if thirds
                else ""
            )
            findings.append(
                f"{name} solution against the {against}: "
                + ", ".join(described)
                + "; gains "
                + ", ".join(f"{p} {float(g):.3g}" for p, g in zip(sides, sol.gains, strict=True))
                + third
            )
    rate = interest_rate(scenario)
    delta = (1.0 + rate) ** (-1.0 / 12.0)
    if delta < 1.0:  # a rate too small to move a double below 1 is no impatience
        first, _ = rubinstein(delta, delta)
        findings.append(
            "alternating monthly offers (Rubinstein 1982) at "
            f"{rate:.1%} a year give the first proposer {float(first) - 0.5:.2%} of the gains "
            "more than half: the outcome is the Nash solution in the limit of frequent offers "
            "(Binmore, Rubinstein and Wolinsky 1986)"
        )
    else:
        findings.append(
            "with no interest the sides are equally patient, and alternating offers give the "
            "Nash solution (Rubinstein 1982; Binmore, Rubinstein and Wolinsky 1986)"
        )
    threat = variable_threat(game2)
    threat_rows = []
    for k, p in enumerate(sides):
        for s, label in enumerate(game2.strategies[k]):
            threat_rows.append(
                {"player": p, "strategy": label, "threat_weight": float(threat.threats[k][s])}
            )
    findings.append(
        "variable-threat bargaining with side payments (Nash 1953; each side commits to its "
        "threat): "
        + ", ".join(f"{p} {float(v):.3g}" for p, v in zip(sides, threat.payoffs, strict=True))
        + "; each side's optimal threat (what it would play if talks failed, with its "
        "probability): "
        + "; ".join(
            f"{p}: "
            + ", ".join(
                f"{lab!r} ({w:.0%})"
                for lab, w in zip(game2.strategies[k], threat.threats[k], strict=True)
                if w > 1e-9
            )
            for k, p in enumerate(sides)
        )
    )
    threat_at: tuple[int, int] | None = None
    if spec.threat is not None and spec.threat.player in sides:
        k = sides.index(spec.threat.player)
        threat_at = (k, game2.strategies[k].index(spec.threat.action))
        worth = float(_threat_worth(game2.payoff_tensor[None], *threat_at)[0])
        findings.append(
            f"the threat of {spec.threat.action!r} is worth {worth:.3g} a year to "
            f"{spec.threat.player} in that solution (against the same bargaining without it)"
        )
    tables: dict[str, pd.DataFrame] = {
        "solutions": pd.DataFrame(rows),
        "threats": pd.DataFrame(threat_rows),
    }
    depends: dict[str, float] = {"interest_rate": rate}
    extra: dict[str, Any] = {}
    if threat_at is not None and spec.stockpile_days:
        base = shifted_parameters(scenario, spec.stockpile_days, "analysis.stockpile_days")
        depends.update(base)
        player, action = spec.threat.player, spec.threat.action
        scale = 1e-9 * max(1.0, float(np.max(np.abs(game2.payoff_tensor))))
        pick = [
            slice(None) if p in sides else game.strategy_index(p, spec.deal[p])
            for p in game.players
        ]

        def worth(extra_days: np.ndarray) -> np.ndarray:
            tensors = scenario.payoff_tensors(
                {**(values or {}), **{n: v + extra_days for n, v in base.items()}}
            )
            two = tensors[(slice(None), slice(None), *pick)][:, cols]  # (B, 2, m1, m2)
            return _threat_worth(two, *threat_at)

        low, high = STOCKPILE_RANGE
        grid = np.linspace(low, high, 13)
        tables["stockpile"] = pd.DataFrame(
            {"extra_stockpile_days": grid, "threat_worth": worth(grid)}
        )
        days = threshold(lambda x: worth(x) - scale, low, high)
        extra["threat_stops_at_extra_stockpile_days"] = days
        if days is None:
            findings.append(
                f"{player}'s optimal threat keeps {action!r} with up to {high:g} extra days "
                "of stockpile"
            )
        elif days == low:
            findings.append(f"{player}'s optimal threat does not use {action!r} at all")
        else:
            findings.append(
                f"{action!r} drops out of {player}'s optimal threat at {days:.1f} extra days "
                "added to each importer's stockpile: beyond that the threat no longer moves "
                "the bargaining outcome"
            )
    return Analysis(
        "bargain",
        {"name": scenario.title, "players": sides, "units": scenario.payoff_units},
        tuple(findings),
        tables,
        depends,
        extra,
    )
