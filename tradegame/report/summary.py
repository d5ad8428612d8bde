"""The plain-words summary that opens a report.

Each function turns the frames of :mod:`.content` into one or two sentences a
reader without game theory can follow: the predicted outcome, who gains and
by how much, whether the deal enforces itself, and which parameters the
conclusion hangs on. Numbers are printed with :func:`~.content.fmt`, so they
match the tables below them.
"""

from __future__ import annotations

import math

import pandas as pd

from .content import ScenarioFacts, fmt

__all__ = ["assumptions", "gains", "hinges", "outcome", "self_enforcing"]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _is_change(units: str) -> bool:
    return "change from" in units


def outcome(facts: ScenarioFacts) -> str:
    """Which outcome the model predicts, and how sure the solver is that it found them all."""
    frame = facts.equilibria
    players = list(facts.result.game.players)
    units = facts.scenario.payoff_units
    if frame.empty:
        return "The solver found no equilibrium within its time budget; the list is incomplete."
    parts = []
    for _, row in frame.iterrows():
        plays = "; ".join(f"{p} plays “{row[p]}”" for p in players)
        pays = ", ".join(f"{p} {fmt(row[f'{p} payoff'])}" for p in players)
        parts.append(f"{plays} (payoffs: {pays})")
    n = len(frame)
    complete = facts.result.complete
    if n == 1:
        head = "The model predicts one outcome" + (
            ", the game's only equilibrium: " if complete else ": "
        )
    else:
        head = f"The game has {n} equilibria" + (" (all of them): " if complete else ": ")
    body = head + " | ".join(parts) + f". Payoffs in {units}."
    if not complete:
        body += " The solver stopped before proving the list complete; others may exist."
    if n > 1 and "sequential" in facts.analyses:
        spe = facts.analyses["sequential"].findings[0]
        body += f" With moves in sequence: {spe}."
    return body


def gains(facts: ScenarioFacts, comparison: pd.DataFrame | None = None) -> list[str]:
    """Who gains and by how much: against the baseline, and the deal against the standoff."""
    units = facts.scenario.payoff_units
    out = []
    name = facts.scenario.name
    if comparison is not None:
        rows = comparison[(comparison["scenario"] == name) & (comparison["equilibrium"] == 0)]
        base = comparison.attrs.get("baseline", {}).get("scenario")
        if base != name and not rows.empty:
            up = [f"{r.player} {fmt(r.change)}" for r in rows.itertuples() if r.gains]
            down = [f"{r.player} {fmt(r.change)}" for r in rows.itertuples() if r.loses]
            words = []
            if up:
                words.append("gain: " + _join(up))
            if down:
                words.append("lose: " + _join(down))
            if not words:
                words.append("no player's payoff changes")
            out.append(
                f"Against the baseline ({base}), at the first equilibrium of each, players "
                + "; ".join(words)
                + f" ({units}); the scenarios' options differ, so this is not the effect of"
                " one policy alone."
            )
    if facts.standoff is not None:
        s = facts.standoff
        pairs = list(zip(s["player"], s["gain from the deal"], strict=True))
        winners = [p for p, g in pairs if g > 0]
        losers = [p for p, g in pairs if g < 0]
        if winners and not losers:
            verdict = "every player gains from the deal"
        elif losers and not winners:
            verdict = "every player loses from the deal"
        else:
            verdict = f"{_join(winners) or 'nobody'} gain, {_join(losers) or 'nobody'} lose"
        changes = _join([f"{p} {fmt(g)}" for p, g in pairs])
        out.append(f"The deal against the standoff: {verdict} ({changes}; {units}).")
    if not out and _is_change(units) and not facts.equilibria.empty:
        row = facts.equilibria.iloc[0]
        players = list(facts.result.game.players)
        moves = [f"{p} {fmt(row[f'{p} payoff'])}" for p in players]
        out.append(f"At the predicted outcome, against the status quo: {_join(moves)} ({units}).")
    return out


def self_enforcing(facts: ScenarioFacts) -> str | None:
    """Whether the scenario's deal holds up in repeated play (the truce analysis), in words."""
    analysis = facts.analyses.get("truce")
    if analysis is None:
        return None
    frame = analysis.tables["truce"]
    deal = "; ".join(f"{p} “{s}”" for p, s in analysis.extra["deal"].items())

    def worst(kind: str) -> tuple[float, float, str] | None:
        rows = frame[(frame["punishment"] == kind) & frame["valid"]]
        if rows.empty:
            return None
        k = rows["delta_star"].to_numpy().argmax()
        return (
            float(rows["delta_star"].iloc[k]),
            float(rows["max_breakdown_risk"].min()),
            str(rows["player"].iloc[k]),
        )

    gains_now = frame.groupby("player")["gain_from_deviation"].max()
    if (gains_now <= 0).all():
        return (
            f"The deal ({deal}) is self-enforcing even in one round: "
            "no player gains by breaching it."
        )
    sentences = [f"The deal ({deal})"]
    best = worst("optimal")
    nash = worst("nash-reversion")
    if best is not None and math.isfinite(best[0]) and best[0] < 1:
        sentences[0] += (
            " is self-enforcing under the harshest credible punishment (a year of the stick,"
            f" Abreu 1988) when the discount factor is at least δ* = {fmt(best[0])}: it holds"
            f" while the yearly risk of a breakdown for outside reasons stays at most"
            f" {fmt(100 * best[1])}% (the temptation of {best[2]} to breach binds)."
        )
    else:
        sentences[0] += " is not self-enforcing at any discount factor below 1."
    if nash is not None:
        if math.isfinite(nash[0]) and nash[0] < 1:
            sentences.append(
                "Under reversion to the one-shot equilibrium alone it holds from"
                f" δ* = {fmt(nash[0])}."
            )
        else:
            sentences.append(
                "Reversion to the one-shot equilibrium alone deters no breach"
                " (it is no punishment)."
            )
    return " ".join(sentences)


def hinges(facts: ScenarioFacts) -> str:
    """The parameters whose calibrated range, moved one at a time, changes the predicted outcome."""
    frame = facts.tornado
    if frame is None:
        return (
            "The payoffs are given directly, with no calibrated parameters, so there is no"
            " parameter range to test."
        )
    flips = frame[frame["outcome_changes"]].drop_duplicates("parameter")
    n = frame["parameter"].nunique()
    if flips.empty:
        return (
            f"Moving any one of the {n} parameters with a calibrated range to its low or high"
            " end leaves the predicted outcome unchanged (parameters moved jointly may still"
            " change it; see the sweep)."
        )
    names = [
        f"{r.parameter} ({fmt(r.low)} to {fmt(r.high)}, {r.confidence} confidence)"
        for r in flips.itertuples()
    ]
    return (
        f"The conclusion hangs on {len(names)} of {n} parameters with a calibrated range:"
        f" moved alone to the low or high end of its range, each changes the predicted outcome:"
        f" {_join(names)}."
    )


def assumptions(facts: ScenarioFacts) -> str:
    """What the numbers rest on: the payoff model, the calibration and its confidence."""
    s = facts.scenario
    params = facts.parameters
    if params.empty or s.model == "explicit":
        base = f"Payoffs are given directly in the scenario file ({s.citation})"
    else:
        counts = params["confidence"].value_counts()
        levels = ", ".join(
            f"{int(counts[c])} {c}" for c in ("high", "medium", "low") if c in counts
        )
        base = (
            f"Payoffs come from the trade model with {len(params)} sourced parameters"
            f" (confidence: {levels}); sources: {s.citation}"
        )
    return base.rstrip(".") + f". The scenario's overall confidence is {s.confidence}."
