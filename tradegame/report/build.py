"""Build a report from scenarios and write it to a folder."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from .. import __version__
from ..compare import compare, headline
from ..errors import OutputError, ParameterError, option
from ..files import write_bytes, write_text
from ..scenario import Scenario, builtin_name, load_scenario
from . import summary
from .content import (
    ANALYSIS_TABLES,
    ANALYSIS_TITLES,
    Block,
    ScenarioFacts,
    Section,
    bullets,
    figure,
    gather,
    table,
    text,
)
from .figures import ReportFigure, comparison_figure, file_stem, scenario_figures
from .render import render_html, render_markdown

__all__ = ["Report", "build_report", "write_report"]

#: Rows of the sensitivity table a report shows (the largest swings first).
SENSITIVITY_ROWS = 15


@dataclass(frozen=True)
class Report:
    """A rendered report: its title, Markdown, standalone HTML and figures (SVG bytes by name)."""

    title: str
    markdown: str
    html: str
    figures: MappingProxyType

    def __repr__(self) -> str:
        size = f"{len(self.html):,} characters of HTML"
        return f"<Report {self.title!r}: {len(self.figures)} figures, {size}>"


def _heading(value: str) -> Block:
    return Block("heading", text=value)


def _anchor(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _scenarios(scenarios: object, baseline: object) -> tuple[list[Scenario], str | None]:
    if isinstance(scenarios, (str, os.PathLike, Scenario)):
        scenarios = [scenarios]
    if (
        isinstance(scenarios, (bytes, bytearray))
        or not isinstance(scenarios, Sequence)
        or not scenarios
    ):
        raise ParameterError("scenarios: expected one or more scenario names, paths or Scenarios")
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    base: str | None = None
    if baseline is not None:
        base_scenario = baseline if isinstance(baseline, Scenario) else None
        if base_scenario is None:
            if not isinstance(baseline, (str, os.PathLike)):
                raise ParameterError(
                    f"{option('baseline')}: expected a scenario name or path,"
                    f" got {type(baseline).__name__}"
                )
            names = {s.name: s for s in loaded}
            base_scenario = names.get(str(baseline)) or load_scenario(baseline)
        base = base_scenario.name
        if base not in {s.name for s in loaded}:
            loaded.insert(0, base_scenario)
    names = [s.name for s in loaded]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ParameterError(f"{', '.join(twice)}: named more than once; name each scenario once")
    return loaded, base


def _summary_section(
    facts: list[ScenarioFacts], comparison: pd.DataFrame | None, note: str | None
) -> Section:
    blocks: list[Block] = []
    for f in facts:
        if len(facts) > 1:
            blocks.append(_heading(f.scenario.title))
        items = [("Predicted outcome", summary.outcome(f))]
        items += summary.gains(f, comparison)
        enforcing = summary.self_enforcing(f)
        if enforcing:
            items.append(("Is the deal self-enforcing?", enforcing))
        items += summary.highlights(f)
        items.append(("What the conclusion hangs on", summary.hinges(f)))
        items.append(("Assumptions", summary.assumptions(f)))
        blocks.append(bullets(items))
    if note:
        blocks.append(text(note))
    return Section("Summary", "summary", tuple(blocks))


def _comparison_section(frame: pd.DataFrame) -> Section:
    base = frame.attrs["baseline"]
    shown = frame[["scenario", "equilibrium", "player", "strategy", "payoff", "change"]].copy()
    shown["equilibrium"] += 1
    # no total: it would add up different players in different scenarios
    heads = headline(frame)[["scenario", "equilibrium", "winners", "losers"]].copy()
    heads["equilibrium"] += 1
    return Section(
        "Comparison",
        "comparison",
        (
            text(
                f"Each scenario's equilibria against the baseline {base['scenario']}"
                f" (its equilibrium {base['equilibrium'] + 1}: {base['profile']})."
                f" Payoffs in {frame.attrs['units']}."
                " Scenarios may give the players different options (other tariff levels, other"
                " deal terms), so a change here mixes the effect of a policy with the difference"
                " in options; the table of the deal against the standoff within each scenario"
                " isolates the deal."
            ),
            figure("comparison"),
            table(shown, "Each player's payoff and its change against the baseline"),
            table(heads, "Winners and losers per equilibrium"),
        ),
    )


def _parameters_block(f: ScenarioFacts) -> list[Block]:
    params = f.parameters
    if params.empty:
        return [text("This scenario has no calibrated parameters: its payoffs are given directly.")]
    shown = params[["parameter", "value", "unit", "low", "high", "confidence", "source"]]
    return [table(shown, "Every number behind the payoffs, with its range and source")]


def _scenario_section(f: ScenarioFacts, figs: dict[str, list[ReportFigure]]) -> list[Section]:
    s = f.scenario
    game = f.result.game
    anchor = _anchor(s.name)
    blocks: list[Block] = [
        text(s.description),
        bullets(
            [
                (player, "; ".join(strategies))
                for player, strategies in zip(game.players, game.strategies, strict=True)
            ]
        ),
        text(f"Source: {s.citation} Confidence: {s.confidence}. Payoffs in {s.payoff_units}."),
        _heading("Parameters"),
        *_parameters_block(f),
        _heading("Payoff table"),
        *(figure(x.name) for x in figs["payoffs"][:1]),
        table(game.to_frame(), f"Payoffs ({s.payoff_units})"),
        _heading("Equilibria"),
        text(
            (
                "The solver stopped before proving this list complete; others may exist"
                if not f.result.complete
                else "The list is complete: every extreme equilibrium of the game is here"
                if summary.degenerate(f)
                else "The list is complete: every equilibrium of the game is here"
            )
            + f" (method {f.result.method}). Each was verified: max regret is the most any"
            " player could gain by deviating, in payoff units."
            + "".join(f" Note: {note}." for note in f.result.notes)
        ),
        table(f.equilibria),
        *(figure(x.name) for x in figs["payoffs"][1:]),
    ]
    if f.standoff is not None:
        blocks += [
            _heading("The deal against the standoff"),
            table(f.standoff, f"Payoffs ({s.payoff_units})"),
        ]
    for kind, analysis in f.analyses.items():
        blocks.append(_heading(ANALYSIS_TITLES[kind]))
        blocks.append(bullets([("", finding) for finding in analysis.findings]))
        for x in figs.get(kind, []):
            blocks.append(figure(x.name))
        for name, columns, caption in ANALYSIS_TABLES[kind]:
            frame = analysis.tables.get(name)
            if frame is None or frame.empty:  # e.g. no threat to test for credibility
                continue
            blocks.append(table(frame if columns is None else frame[list(columns)], caption))
    blocks.append(_heading("Sensitivity"))
    if f.tornado is None:
        blocks.append(text("No parameter has a calibrated range, so there is nothing to vary."))
    else:
        held = f.tornado.attrs.get("profile_label", "the first equilibrium")
        blocks.append(
            text(
                "Each parameter with a calibrated range is moved alone to its low and its high"
                " end, the others held at their calibrated values. Paths that use one"
                " calibrated figure (one tariff in two strategies, or in the status quo and a"
                " strategy) move together: the row is named by the first and lists the others."
                f" The payoff swing is measured with the predicted profile held fixed ({held}),"
                " so a parameter can change the outcome while barely moving a payoff: the first"
                " table lists every parameter that changes the outcome."
            )
        )
        blocks.append(text(summary.hinges(f, listed=None)))
        flips = f.tornado[f.tornado["outcome_changes"]].drop_duplicates("parameter")
        if not flips.empty:
            flips = flips.assign(
                outcome_low=flips["outcome_low"].map(summary.outcome_text),
                outcome_high=flips["outcome_high"].map(summary.outcome_text),
            )
            blocks.append(
                table(
                    flips[
                        [
                            "parameter",
                            "moves_with",
                            "units",
                            "confidence",
                            "low",
                            "high",
                            "outcome_low",
                            "outcome_high",
                        ]
                    ],
                    "Parameters whose range changes the predicted outcome, and what it becomes"
                    f" (at the calibration: {summary.outcome_text(flips['outcome_base'].iloc[0])})",
                )
            )
        blocks += [figure(x.name) for x in figs.get("sensitivity", [])]
        cols = [
            "parameter",
            "units",
            "player",
            "low",
            "high",
            "payoff_low",
            "base_payoff",
            "payoff_high",
            "outcome_changes",
        ]
        top = f.tornado.sort_values("swing", ascending=False, kind="stable").head(SENSITIVITY_ROWS)
        blocks.append(
            table(
                top[cols],
                f"The {min(SENSITIVITY_ROWS, len(f.tornado))} largest one-at-a-time payoff"
                " swings, the equilibrium profile held at the calibration's",
            )
        )
    if f.sweep is not None:
        sw = f.sweep
        blocks += [
            _heading(f"Sweep over {sw.x} and {sw.y}"),
            text(
                f"The scenario's own sweep: {sw.points:,} grid points, every equilibrium at each"
                " (a regime is the set of equilibrium outcomes at a point, strategies in player"
                f" order: {', '.join(game.players)}). Thresholds are located by bisection on the"
                " model along every grid line; the table gives their range over the lines."
            ),
            *(figure(x.name) for x in figs.get("sweep", [])),
            table(sw.shares, "Share of the grid points in each regime"),
            table(sw.thresholds, "Where the regime switches"),
        ]
    return [Section(f"Scenario: {s.title}", anchor, tuple(blocks))]


def _timestamp(timestamp: bool) -> str:
    if not timestamp:
        return ""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (
        datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    )
    return f" on {when:%Y-%m-%d %H:%M} UTC"


def _command(scenarios: list[Scenario], baseline: str | None) -> str:
    """The command that makes this report again, quoted for a POSIX shell."""
    import shlex

    from ..compare import _number_text

    def argument(s: Scenario) -> str:
        return shlex.quote(builtin_name(s) or str(s.path))

    names = " ".join(argument(s) for s in scenarios)
    base = ""
    if baseline:
        base = " --baseline " + argument(next(s for s in scenarios if s.name == baseline))
    overrides = [dict(s.overrides) for s in scenarios]
    sets = ""
    note = ""
    if any(overrides) and all(o == overrides[0] for o in overrides):
        sets = "".join(
            f" --set {shlex.quote(f'{k}={_number_text(v)}')}" for k, v in overrides[0].items()
        )
    elif any(overrides):
        note = " (with the parameter overrides given in Python)"
    return f"tradegame report {names}{base}{sets} --out DIR{note}"


def _flag(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise ParameterError(f"{option(name)}: expected True or False, got {value!r}")
    return value


def build_report(
    scenarios: Sequence[Scenario | str | os.PathLike[str]] | Scenario | str,
    *,
    baseline: Scenario | str | os.PathLike[str] | None = None,
    timestamp: bool = True,
) -> Report:
    """Solve, analyse and compare scenarios, and render the report.

    Parameters
    ----------
    scenarios : scenario, name or path, or a sequence of them
        The scenarios to report on, in order.
    baseline : scenario, name or path, optional
        The scenario the others are compared with (added first when not listed;
        all must share its payoff units). Without it, two or more scenarios
        are compared with the first when their payoffs share units, and not
        compared otherwise (the summary says so).
    timestamp : bool, default True
        Print the generation time (UTC; ``SOURCE_DATE_EPOCH`` when set) in the
        footer. Without it, the same inputs give byte-identical output.

    Returns
    -------
    Report
        ``markdown``, ``html`` (standalone) and ``figures`` (SVG bytes by name).

    Examples
    --------
    >>> from tradegame.report import build_report
    >>> report = build_report("tariff_prisoners_dilemma", timestamp=False)
    >>> report.title
    "Tariff prisoners' dilemma"
    >>> report.html.startswith("<!DOCTYPE html>"), "figures/" in report.markdown
    (True, True)
    """
    timestamp = _flag(timestamp, "timestamp")
    loaded, base = _scenarios(scenarios, baseline)
    units = sorted({s.payoff_units for s in loaded})
    if base is not None and len(units) > 1:  # refused before the work, not after it
        raise ParameterError(
            f"{option('baseline')}: the scenarios' payoffs are in different units"
            f" ({'; '.join(units)}); a comparison needs one unit (report them without a baseline)"
        )
    facts = [gather(s) for s in loaded]
    figures: dict[str, ReportFigure] = {}
    per_scenario = []
    stems: set[str] = {"comparison"}
    for f in facts:
        stem = file_stem(f.scenario.name, stems)
        stems.add(stem)
        figs = scenario_figures(f, stem)
        for group in figs.values():
            figures.update((x.name, x) for x in group)
        per_scenario.append(figs)
    comparison: pd.DataFrame | None = None
    note = None
    if len(loaded) > 1:
        units = {s.payoff_units for s in loaded}
        if len(units) > 1 and base is None:
            note = (
                "The scenarios are not compared: their payoffs are in different units"
                f" ({'; '.join(sorted(units))})."
            )
        else:
            comparison = compare(loaded, baseline=base or loaded[0].name)
            figures["comparison"] = comparison_figure(comparison)
    sections = [_summary_section(facts, comparison, note)]
    if comparison is not None:
        sections.append(_comparison_section(comparison))
    for f, figs in zip(facts, per_scenario, strict=True):
        sections += _scenario_section(f, figs)
    title = summary.join([s.title for s in loaded if s.name != base])
    if base is not None:
        base_title = next(s.title for s in loaded if s.name == base)
        title = f"{title} against {base_title}" if title else base_title
    footer = f"Generated by tradegame {__version__}{_timestamp(timestamp)}."
    command = _command(loaded, base)
    return Report(
        title=title,
        markdown=render_markdown(title, sections, figures, footer, command),
        html=render_html(title, sections, figures, footer, command),
        figures=MappingProxyType({name: f.svg for name, f in figures.items()}),
    )


def write_report(
    scenarios: Sequence[Scenario | str | os.PathLike[str]] | Scenario | str,
    out: str | os.PathLike[str],
    *,
    baseline: Scenario | str | os.PathLike[str] | None = None,
    timestamp: bool = True,
    parents: bool = True,
) -> Path:
    """Write ``out/index.html``, ``out/index.md`` and ``out/figures/*.svg``; return the HTML path.

    Every file is written atomically through :mod:`tradegame.files`, the
    figures first and ``index.html`` last, so a complete ``index.html`` means
    a complete report. Arguments as in :func:`build_report`; ``parents``
    creates missing folders above ``out``.
    """
    if not isinstance(out, (str, os.PathLike)) or not str(out):
        raise ParameterError(f"{option('out')}: expected a folder path, got {out!r}")
    folder = Path(out)
    if not _flag(parents, "parents") and not folder.absolute().parent.is_dir():
        raise OutputError(str(folder), None, "the folder above it does not exist (use parents)")
    if folder.exists() and not folder.is_dir():  # refused before the work, not after it
        raise OutputError(str(folder), None, f"is not a folder; {option('out')} names a folder")
    report = build_report(scenarios, baseline=baseline, timestamp=timestamp)
    for name, svg in report.figures.items():
        write_bytes(folder / "figures" / f"{name}.svg", svg, parents=True)
    # a report folder holds one report: figures of an earlier one would be left unlinked
    for old in (folder / "figures").glob("*.svg"):
        if old.stem not in report.figures and old.is_file() and not old.is_symlink():
            old.unlink()
    write_text(folder / "index.md", report.markdown)
    return write_text(folder / "index.html", report.html)
