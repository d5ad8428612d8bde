"""How long does a standoff last? The scenario's standoff as a war of attrition.

Two sides hold their standoff positions (``[analysis] standoff``) until one
concedes to its deal strategy (``[analysis] deal``). Each year of standoff
costs side ``i`` what it would gain by conceding at once,
``c_i = u_i(i concedes) - u_i(standoff)``; winning (the other concedes first)
is worth ``V_i`` = the yearly payoff gap between winning and conceding, over
the scenario's horizon discounted at its rate. In the stationary equilibrium
of the war of attrition (Fudenberg and Tirole 1991, §4.5.2) side ``i``
concedes at the hazard rate ``c_j / V_j``; a side that prefers conceding even
to winning (``V_i <= 0``) concedes at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..attrition import war_of_attrition
from ..errors import ScenarioError
from ._record import Analysis, profile_index
from .bargain import two_player_game
from .sequential import _game
from .truce import interest_rate

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["attrition", "horizon_years"]


def horizon_years(scenario: Scenario) -> float:
    """The scenario's ``horizon`` parameter (years), 1 when it has none."""
    if scenario.model == "explicit":
        return 1.0
    table = scenario.parameters().set_index("parameter")["value"]
    return float(table["horizon"]) if "horizon" in table.index else 1.0


def attrition(scenario: Scenario, values: Mapping[str, float] | None = None) -> Analysis:
    """Concession hazards and the expected length of the scenario's standoff."""
    import pandas as pd

    spec = scenario.analysis
    if spec.deal is None or spec.standoff is None:
        raise ScenarioError(
            scenario.path,
            "analysis.deal" if spec.deal is None else "analysis.standoff",
            "missing; a war of attrition needs [analysis] deal and standoff profiles",
        )
    game = _game(scenario, values)
    game2 = two_player_game(game, spec.deal)
    sides = list(game2.players)
    rate = interest_rate(scenario)
    years = horizon_years(scenario)
    worth = years if rate == 0 else (1 - (1 + rate) ** -years) / np.log1p(rate)
    standoff = profile_index(game, spec.standoff)
    rows: list[dict[str, Any]] = []
    cost = np.zeros(2)
    prize = np.zeros(2)
    for k, side in enumerate(sides):
        i = game.player_index(side)
        j = game.player_index(sides[1 - k])
        concede = list(standoff)
        concede[i] = game.strategy_index(side, spec.deal[side])
        win = list(standoff)
        win[j] = game.strategy_index(sides[1 - k], spec.deal[sides[1 - k]])
        u = game.payoff_tensor[i]
        cost[k] = float(u[tuple(concede)] - u[tuple(standoff)])
        prize[k] = float(u[tuple(win)] - u[tuple(concede)]) * worth
        rows.append(
            {
                "side": side,
                "standoff_payoff": float(u[tuple(standoff)]),
                "concede_payoff": float(u[tuple(concede)]),
                "win_payoff": float(u[tuple(win)]),
                "cost_per_year": cost[k],
                "prize": prize[k],
            }
        )
    findings = []
    quits = [k for k in range(2) if prize[k] <= 0 or cost[k] <= 0]
    table = pd.DataFrame(rows)
    extra: dict[str, Any] = {}
    if quits:
        for k in quits:
            row = rows[k]
            why = (
                f"conceding ({row['concede_payoff']:.3g} a year) beats even winning "
                f"({row['win_payoff']:.3g})"
                if prize[k] <= 0
                else f"holding out costs it nothing: conceding alone pays "
                f"{row['concede_payoff']:.3g} a year against {row['standoff_payoff']:.3g} in "
                "the standoff"
            )
            findings.append(f"{sides[k]} has no war of attrition to fight: {why}")
        immediate = [k for k in quits if prize[k] <= 0 and cost[k] > 0]
        if immediate:
            findings.append(
                f"{sides[immediate[0]]} concedes at once: the standoff lasts no time "
                f"(it loses {cost[immediate[0]]:.3g} a year for every year it holds out)"
            )
            extra["expected_duration_years"] = 0.0
        table = table.assign(hazard_per_year=np.nan)
    else:
        result = war_of_attrition(cost, prize, names=tuple(sides))
        hazard = np.asarray(result.hazard, dtype=float)
        table = table.assign(
            hazard_per_year=hazard,
            concedes_first_probability=np.asarray(result.concession_probability, dtype=float),
        )
        duration = float(result.expected_duration)
        extra["expected_duration_years"] = duration
        findings.append(
            "each side concedes at the rate that keeps the other indifferent: "
            + ", ".join(f"{s} {h:.3g} a year" for s, h in zip(sides, hazard, strict=True))
            + f"; the standoff lasts {duration:.3g} year{'' if duration == 1 else 's'} on "
            f"average ({12 * duration:.1f} months; median "
            f"{12 * float(result.median_duration):.1f})"
        )
    return Analysis(
        "attrition",
        {"name": scenario.title, "players": sides, "units": scenario.payoff_units},
        tuple(findings),
        {"sides": table},
        {"interest_rate": rate, "horizon": years},
        extra,
    )
