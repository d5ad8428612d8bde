"""Strategic analyses of a scenario: sequential play, truces, bargaining, alliances, standoffs.

Each analysis reads the scenario's ``[sequence]`` and ``[analysis]`` tables
(:mod:`tradegame.analyses.spec`) and the same payoff model as the one-shot
game, and returns an :class:`Analysis`: findings as sentences with their
numbers, the tidy tables behind them and the parameters they depend on. The
general tools they use live in :mod:`tradegame.extensive`,
:mod:`tradegame.repeated`, :mod:`tradegame.bargaining`,
:mod:`tradegame.coalitions` and :mod:`tradegame.attrition`.

Examples
--------
>>> import tradegame as tg
>>> result = tg.analyze("tariff_prisoners_dilemma", "truce")
>>> result.analysis
'truce'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError
from ._record import Analysis
from .spec import AnalysisSpec, Sequence

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["ANALYSES", "Analysis", "AnalysisSpec", "Sequence", "analyze", "available"]

ANALYSES = ("sequential", "truce", "bargain", "alliance", "attrition")
"""The analyses :func:`analyze` runs, by name."""


def available(scenario: Scenario) -> list[str]:
    """The analyses a scenario's ``[sequence]`` and ``[analysis]`` tables provide for.

    Examples
    --------
    >>> import tradegame as tg
    >>> available(tg.load_scenario("metallic_alliance_2026"))
    ['alliance']
    """
    spec = scenario.analysis
    names = []
    if spec.sequence is not None:
        names.append("sequential")
    if spec.deal is not None:
        names.append("truce")
        if spec.standoff is not None:
            names.extend(["bargain", "attrition"])
    if spec.alliance is not None:
        names.append("alliance")
    return [a for a in ANALYSES if a in names]


_NEEDS = {
    "sequential": "a [sequence] table with the move order",
    "truce": "an [analysis] deal profile",
    "bargain": "[analysis] deal and standoff profiles",
    "attrition": "[analysis] deal and standoff profiles",
    "alliance": 'an [analysis] alliance = {members = [...], join = "...", stay_out = "..."}',
}


def _missing(scenario: Scenario, analysis: str) -> None:
    """Raise the one-line error for a scenario without the table ``analysis`` reads."""
    from ..errors import ScenarioError, on_command_line

    spec = scenario.analysis
    key = {
        "sequential": "sequence",
        "alliance": "analysis.alliance",
    }.get(analysis, "analysis.deal" if spec.deal is None else "analysis.standoff")
    offered = available(scenario)
    if on_command_line():
        shown = ", ".join(f"--{a}" for a in offered)
    else:
        shown = ", ".join(repr(a) for a in offered)
    raise ScenarioError(
        scenario.path,
        key,
        f"missing; the {analysis} analysis needs {_NEEDS[analysis]} (see "
        "docs/reference/scenario-format.md); "
        + (f"this scenario offers {shown}" if offered else "this scenario offers none yet")
        + (
            "; or give the deal: --truce 'PLAYER=STRATEGY; ...'"
            if analysis == "truce" and on_command_line()
            else ""
        ),
    )


def analyze(
    scenario: Scenario | str,
    analysis: str,
    *,
    profile: Mapping[str, str] | None = None,
    values: Mapping[str, Any] | None = None,
) -> Analysis:
    """Run one strategic analysis of a scenario.

    Parameters
    ----------
    scenario : Scenario or str
        A loaded scenario, or a built-in name or path for :func:`~tradegame.load_scenario`.
    analysis : str
        One of :data:`ANALYSES`.
    profile : mapping, optional
        For ``"truce"``: the deal as ``{player: strategy}`` (default the
        scenario's ``[analysis] deal``).
    values : mapping, optional
        Parameter overrides, one number each.
    """
    from ..scenario import Scenario, load_scenario

    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    if analysis not in ANALYSES:
        raise ParameterError(f"unknown analysis {analysis!r}; choose one of: {', '.join(ANALYSES)}")
    if profile is not None and analysis != "truce":
        raise ParameterError(f"profile is the deal of a truce analysis; {analysis!r} takes none")
    if analysis not in available(scenario) and not (analysis == "truce" and profile is not None):
        _missing(scenario, analysis)
    result = _run(scenario, analysis, profile, values)
    notes = []
    if analysis == "sequential" and scenario.analysis.sequence and scenario.analysis.sequence.note:
        notes.append(f"move order: {scenario.analysis.sequence.note}")
    if scenario.analysis.note:
        notes.append(f"note: {scenario.analysis.note}")
    return dataclasses.replace(result, findings=(*result.findings, *notes))


def _run(
    scenario: Scenario,
    analysis: str,
    profile: Mapping[str, str] | None,
    values: Mapping[str, Any] | None,
) -> Analysis:
    if analysis == "sequential":
        from .sequential import sequential

        return sequential(scenario, values)
    if analysis == "truce":
        from .truce import truce

        return truce(scenario, profile, values)
    if analysis == "bargain":
        from .bargain import bargain

        return bargain(scenario, values)
    if analysis == "alliance":
        from .alliance import alliance

        return alliance(scenario, values)
    from .attrition import attrition

    return attrition(scenario, values)
