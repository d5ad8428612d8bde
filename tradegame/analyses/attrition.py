"""How long does a standoff last? The scenario's standoff as a war of attrition.

Two sides hold their standoff positions (``[analysis] standoff``) until one
concedes to its deal strategy (``[analysis] deal``). Each year of standoff
costs side ``i`` what it would gain by conceding at once,
``c_i = u_i(i concedes) - u_i(standoff)``. Winning (the other concedes first)
is worth ``V_i``, the present value of the yearly gap between winning and
conceding, ``u_i(j concedes) - u_i(i concedes)``, for as long as the settlement
lasts (``[analysis] settlement_years``; by default for ever, so ``V_i`` is the
gap over the interest rate, as in Hendricks, Weiss and Wilson 1988). In the
stationary equilibrium (Fudenberg and Tirole 1991, section 4.5.2) side ``i``
concedes at the hazard rate ``c_j / V_j``, which keeps the other side
indifferent between waiting and conceding, and the standoff lasts
``1 / (c_1/V_1 + c_2/V_2)`` years on average.

The degenerate cases are reported as such: a side that prefers conceding to
even winning (``V_i <= 0``) concedes at once; a side for which the standoff
is no worse than conceding (``c_i <= 0``) never concedes, so the other
concedes at once if the standoff costs it anything, and if neither side loses
by holding out the standoff is itself an equilibrium and lasts for ever.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from ..attrition import war_of_attrition
from ._record import Analysis, profile_index
from .bargain import two_sides
from .truce import interest_rate

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["attrition", "settlement_value"]


def settlement_value(rate: float, years: float | None) -> float:
    """Present value of 1 a year for ``years`` (None: for ever), discounted continuously at
    ``log(1 + rate)``; ``inf`` for a perpetual settlement at a zero rate.

    Examples
    --------
    >>> settlement_value(0.0, 2.0), round(settlement_value(0.02, None), 2)
    (2.0, 50.5)
    """
    if years is None:
        return math.inf if rate == 0 else 1.0 / math.log1p(rate)
    if rate == 0:
        return float(years)
    return (1.0 - (1.0 + rate) ** -years) / math.log1p(rate)


def _years(value: float) -> str:
    if math.isinf(value):
        return "for ever"
    return f"{value:.3g} year{'' if value == 1 else 's'} on average ({12 * value:.1f} months)"


def attrition(scenario: Scenario, values: Mapping[str, float] | None = None) -> Analysis:
    """Concession hazards and the expected length of the scenario's standoff."""
    import pandas as pd

    spec = scenario.analysis
    game, _, sides = two_sides(scenario, values, "a war of attrition")
    rate = interest_rate(scenario)
    worth = settlement_value(rate, spec.settlement_years)
    standoff = profile_index(game, spec.standoff)
    rows: list[dict[str, Any]] = []
    cost = np.zeros(2)
    gap = np.zeros(2)
    for k, side in enumerate(sides):
        i = game.player_index(side)
        j = game.player_index(sides[1 - k])
        concede = list(standoff)
        concede[i] = game.strategy_index(side, spec.deal[side])
        win = list(standoff)
        win[j] = game.strategy_index(sides[1 - k], spec.deal[sides[1 - k]])
        u = game.payoff_tensor[i]
        cost[k] = float(u[tuple(concede)] - u[tuple(standoff)])
        gap[k] = float(u[tuple(win)] - u[tuple(concede)])
        rows.append(
            {
                "side": side,
                "standoff_payoff": float(u[tuple(standoff)]),
                "concede_payoff": float(u[tuple(concede)]),
                "win_payoff": float(u[tuple(win)]),
                "cost_per_year": cost[k],
                "prize_present_value": gap[k] * worth if gap[k] != 0 else 0.0,
            }
        )
    prize = np.array([r["prize_present_value"] for r in rows])
    findings: list[str] = []
    fights = (cost > 0) & (prize > 0)
    duration: float
    if fights.all() and np.isfinite(prize).all():
        result = war_of_attrition(cost, prize, names=tuple(sides))
        hazard = np.asarray(result.hazard, dtype=float)
        duration = float(result.expected_duration)
        table = pd.DataFrame(rows).assign(
            hazard_per_year=hazard,
            concedes_first_probability=np.asarray(result.concession_probability, dtype=float),
        )
        findings.append(
            "each side concedes at the rate that keeps the other indifferent: "
            + ", ".join(f"{s} {h:.3g} a year" for s, h in zip(sides, hazard, strict=True))
            + f"; the standoff lasts {_years(duration)}, median "
            f"{12 * float(result.median_duration):.1f} months"
        )
    else:
        table = pd.DataFrame(rows).assign(hazard_per_year=np.nan)
        quits = [k for k in range(2) if cost[k] > 0 and prize[k] <= 0]
        stays = [k for k in range(2) if cost[k] <= 0]
        for k in quits:
            findings.append(
                f"{sides[k]} concedes at once: conceding ({rows[k]['concede_payoff']:.3g} a year) "
                f"beats holding out ({rows[k]['standoff_payoff']:.3g}) and even winning "
                f"({rows[k]['win_payoff']:.3g}), in this model's welfare terms"
            )
        for k in stays:
            findings.append(
                f"{sides[k]} never concedes: the standoff ({rows[k]['standoff_payoff']:.3g} a "
                f"year) is no worse for it than conceding alone ({rows[k]['concede_payoff']:.3g})"
            )
        if len(stays) == 2:
            duration = math.inf
            findings.append("the standoff is itself an equilibrium: it lasts for ever")
        elif quits or stays:
            duration = 0.0
            if stays and not quits:
                other = sides[1 - stays[0]]
                findings.append(f"so {other} concedes at once")
            findings.append("the standoff lasts no time")
        else:  # both fight for an infinite prize: no one ever concedes
            duration = math.inf
            findings.append(
                "with a perpetual settlement and no interest, winning is worth an unbounded "
                "amount to both sides: neither concedes and the standoff lasts for ever "
                "(set [analysis] interest_rate or settlement_years)"
            )
    depends = {"interest_rate": rate}
    if spec.settlement_years is not None:
        depends["settlement_years"] = spec.settlement_years
    return Analysis(
        "attrition",
        {"name": scenario.title, "players": sides, "units": scenario.payoff_units},
        tuple(findings),
        {"sides": table},
        depends,
        {"expected_duration_years": duration},
    )
