"""The plain-words summary that opens a report.

Each function turns the frames of :mod:`.content` into one or two sentences a
reader without game theory can follow: the predicted outcome, who gains and
by how much, whether the deal enforces itself, and which parameters the
conclusion hangs on. Numbers are printed with :func:`~.content.fmt`, so they
match the tables below them.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .content import ScenarioFacts, fmt

__all__ = ["assumptions", "gains", "hinges", "interest", "outcome", "self_enforcing"]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _is_change(units: str) -> bool:
    return "change from" in units


def _pure_index(game, row, players) -> tuple[int, ...] | None:
    try:
        return tuple(game.strategies[i].index(row[p]) for i, p in enumerate(players))
    except ValueError:  # a mixed strategy's text is no label
        return None


def _margins(game, index: tuple[int, ...]) -> list[float]:
    """What each player loses by switching alone from the pure profile ``index``."""
    tensor = game.payoff_tensor
    out = []
    for i in range(game.n_players):
        if len(game.strategies[i]) == 1:
            out.append(float("nan"))
            continue
        line = list(index)
        line[i] = slice(None)
        values = tensor[(i, *line)]
        others = [v for k, v in enumerate(values) if k != index[i]]
        out.append(float(values[index[i]] - max(others)))
    return out


def _dominant(game, index: tuple[int, ...]) -> bool:
    """Whether every player with a choice plays a strictly dominant strategy at ``index``."""
    tensor = game.payoff_tensor
    for i in range(game.n_players):
        if len(game.strategies[i]) == 1:
            continue
        mine = np.take(tensor[i], index[i], axis=i)
        for k in range(len(game.strategies[i])):
            if k != index[i] and not (mine > np.take(tensor[i], k, axis=i)).all():
                return False
    return True


def outcome(facts: ScenarioFacts) -> str:
    """Which outcome the model predicts, how firmly, and whether the list is complete."""
    frame = facts.equilibria
    game = facts.result.game
    players = list(game.players)
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
    if n == 1:
        index = _pure_index(game, frame.iloc[0], players)
        if index is not None:
            if _dominant(game, index):
                body += (
                    " Each side's choice is strictly dominant (its best whatever the others do),"
                    " so the prediction needs no trust in the other side."
                )
            margins = [
                f"{p} {fmt(m)}"
                for p, m in zip(players, _margins(game, index), strict=True)
                if not math.isnan(m)
            ]
            body += (
                " What each would lose by switching alone (how firm the prediction is): "
                + _join(margins)
                + "."
            )
    if not complete:
        body += " The solver stopped before proving the list complete; others may exist."
    if n > 1 and "sequential" in facts.analyses:
        spe = facts.analyses["sequential"].findings[0]
        body += f" With moves in sequence: {spe}."
    return body


def _profile_text(profile) -> str:
    return "; ".join(f"{p} “{x}”" for p, x in profile.items())


def gains(facts: ScenarioFacts, comparison: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """Who gains and by how much, as (lead, sentence) pairs.

    First the deal against the standoff and against the predicted outcome
    (within the scenario, so only the policy differs), then the comparison
    with the baseline scenario's equilibrium (whose options may differ).
    """
    units = facts.scenario.payoff_units
    out: list[tuple[str, str]] = []
    name = facts.scenario.name
    spec = facts.scenario.analysis
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
        out.append(
            (
                "The deal against the standoff",
                f"Against the standoff ({_profile_text(spec.standoff)}), {verdict}"
                f" ({changes}; {units}).",
            )
        )
        deal_payoffs = dict(zip(s["player"], s["deal payoff"], strict=True))
        row = facts.equilibria.iloc[0] if len(facts.equilibria) == 1 else None
        predicted = {p: row[p] for p in s["player"]} if row is not None else None
        if predicted is not None and predicted != dict(spec.deal):
            moves = _join([f"{p} {fmt(deal_payoffs[p] - row[f'{p} payoff'])}" for p in s["player"]])
            out.append(
                (
                    "The deal against the predicted outcome",
                    f"The deal is not the predicted outcome; against it, the deal would change"
                    f" payoffs by {moves} ({units}).",
                )
            )
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
                (
                    "Against the baseline's equilibrium",
                    f"Against the equilibrium of {base}, players "
                    + "; ".join(words)
                    + f" ({units}). The two scenarios give the players different options,"
                    " so this mixes the effect of a policy with the difference in options;"
                    " players absent from either scenario are not compared.",
                )
            )
    if not out and _is_change(units) and not facts.equilibria.empty:
        row = facts.equilibria.iloc[0]
        players = list(facts.result.game.players)
        moves = [f"{p} {fmt(row[f'{p} payoff'])}" for p in players]
        out.append(
            (
                "Who gains",
                f"At the predicted outcome, against the status quo: {_join(moves)} ({units}).",
            )
        )
    return out


def self_enforcing(facts: ScenarioFacts) -> str | None:
    """Whether the scenario's deal holds up in repeated play (the truce analysis), in words."""
    from ..analyses.truce import binding_text

    analysis = facts.analyses.get("truce")
    if analysis is None:
        return None
    frame = analysis.tables["truce"]
    deal = _profile_text(analysis.extra["deal"])
    gains_now = frame.groupby("player")["gain_from_deviation"].max()
    if (gains_now <= 0).all():
        return (
            f"The deal ({deal}) is self-enforcing even in one round: "
            "no player gains by breaching it."
        )

    def binding(kind: str):
        rows = frame[(frame["punishment"] == kind) & frame["valid"]]
        if rows.empty:
            return None, math.nan
        return rows.loc[rows["delta_star"].idxmax()], float(rows["max_breakdown_risk"].min())

    best, risk = binding("optimal")
    sentences = [f"The deal ({deal})"]
    if best is not None and math.isfinite(best["delta_star"]) and best["delta_star"] < 1:
        sentences[0] += (
            " can enforce itself if a breach is answered by a one-year stick (Abreu 1988):"
            f" it holds when each side values next year's payoff at least δ* ="
            f" {fmt(best['delta_star'])} of this year's, that is while the yearly risk of a"
            f" breakdown for outside reasons stays at most about {100 * risk:.0f}% at"
            f" {100 * interest(facts):.3g}% interest ({binding_text(best)})."
            " This is a bound from the deviations the analysis tried (one lever at a time),"
            " not a guarantee."
        )
    else:
        sentences[0] += " is not self-enforcing at any discount factor below 1."
    nash, _ = binding("nash-reversion")
    if nash is not None:
        if math.isfinite(nash["delta_star"]) and nash["delta_star"] < 1:
            sentences.append(
                "Reverting for ever to a one-shot equilibrium of the deal's terms would also"
                f" sustain it, from δ* = {fmt(nash['delta_star'])}."
            )
        else:
            sentences.append(
                "Reverting for ever to a one-shot equilibrium of the deal's terms deters no"
                " breach: it is no worse for the breacher."
            )
    return " ".join(sentences)


def interest(facts: ScenarioFacts) -> float:
    """The yearly interest rate the truce analysis discounts with."""
    from ..analyses.truce import interest_rate

    return float(interest_rate(facts.scenario))


#: Parameters named in the summary's list of those the outcome hangs on (the rest: Sensitivity).
HINGES_LISTED = 5


def _ends(row) -> str:
    ends = []
    if row.outcome_low != row.outcome_base:
        ends.append(f"at {fmt(row.low)}: “{row.outcome_low}”")
    if row.outcome_high != row.outcome_base:
        ends.append(f"at {fmt(row.high)}: “{row.outcome_high}”")
    return "; ".join(ends)


def hinges(facts: ScenarioFacts) -> str:
    """The parameters whose range changes the predicted outcome, and what it changes to."""
    frame = facts.tornado
    if frame is None:
        return (
            "The payoffs are given directly, with no calibrated parameters, so there is no"
            " parameter range to test."
        )
    flips = frame[frame["outcome_changes"]].drop_duplicates("parameter")
    n = frame["parameter"].nunique()
    swings = frame.sort_values("swing", ascending=False, kind="stable").drop_duplicates("player")
    moves = _join(
        [
            f"{r.player} by {r.parameter} ({fmt(r.payoff_low)} to {fmt(r.payoff_high)})"
            for r in swings.itertuples()
            if r.swing > 0
        ]
    )
    payoffs = f" The payoffs themselves move most with: {moves}." if moves else ""
    if flips.empty:
        return (
            f"Moving any one of the {n} parameters with a calibrated range to its low or high"
            " end leaves the predicted outcome unchanged (moved jointly they may still change"
            f" it; see the sweep).{payoffs}"
        )
    named = [
        f"{r.parameter} ({r.confidence} confidence; {_ends(r)})"
        for r in flips.head(HINGES_LISTED).itertuples()
    ]
    more = len(flips) - len(named)
    tail = f", and {more} more listed under Sensitivity" if more > 0 else ""
    return (
        f"Moved alone to an end of its calibrated range, {len(flips)} of {n} parameters change"
        f" the predicted outcome (from “{flips['outcome_base'].iloc[0]}”): "
        + "; ".join(named)
        + tail
        + "."
        + payoffs
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
