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

__all__ = [
    "assumptions",
    "gains",
    "highlights",
    "hinges",
    "interest",
    "join",
    "outcome",
    "outcome_text",
    "self_enforcing",
]


def join(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _is_change(units: str) -> bool:
    return "change from" in units


def _pure_index(facts: ScenarioFacts) -> tuple[int, ...] | None:
    """The strategy indices of the only equilibrium when it is pure, else None."""
    (eq,) = facts.result.equilibria
    return tuple(int(np.argmax(s)) for s in eq.strategies) if eq.pure else None


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


def degenerate(facts: ScenarioFacts) -> bool:
    """Whether the solver says the equilibria may form connected sets (a degenerate game)."""
    return any("connected sets" in note for note in facts.result.notes)


MIXED_MEANING = (
    "A mixed strategy (“0.5 concede + 0.5 escalate”) means the player randomizes with those"
    " probabilities, or, read across many similar disputes, plays each that share of the time;"
    " the mix is what leaves the others with no better reply."
)


def _sequential_paths(facts: ScenarioFacts) -> str | None:
    """The subgame-perfect paths of the sequential analysis, in words."""
    analysis = facts.analyses.get("sequential")
    if analysis is None:
        return None
    table = analysis.tables.get("equilibria")
    if table is None or table.empty:
        return None
    paths = list(dict.fromkeys(str(p) for p in table["path"]))
    order = " then ".join(facts.scenario.analysis.sequence.order)
    return f"With moves in sequence ({order}), subgame perfection selects: " + "; or ".join(
        f"“{p}”" for p in paths
    )


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
    kind = "extreme equilibria" if degenerate(facts) else "equilibria"
    if n == 1 and complete and not degenerate(facts):
        body = "The model predicts one outcome, the game's only equilibrium: " + parts[0]
    elif n == 1:
        body = "The model predicts this outcome: " + parts[0]
    else:
        listed = "; ".join(f"({k}) {part}" for k, part in enumerate(parts, 1))
        body = (
            f"No single prediction: the game has {n} {kind}"
            + (" (the list is complete)" if complete else "")
            + f" and the model does not say which is played: {listed}"
        )
    body += f". Payoffs in {units}."
    if n == 1:
        index = _pure_index(facts)
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
            if margins:
                body += (
                    " What each would lose by switching alone (how firm the prediction is): "
                    + join(margins)
                    + "."
                )
    if degenerate(facts):
        body += (
            " The game is degenerate: mixtures of listed equilibria can be equilibria too (the"
            " listed ones are the corners of connected sets)."
        )
    if not frame["pure"].all():
        body += " " + MIXED_MEANING
    if not complete:
        body += " The solver stopped before proving the list complete; others may exist."
    if n > 1 and (paths := _sequential_paths(facts)):
        body += f" {paths}."
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
        if len(winners) == len(pairs):
            verdict = "every player gains from the deal"
        elif len(losers) == len(pairs):
            verdict = "every player loses from the deal"
        elif not winners and not losers:
            verdict = "no player's payoff changes"
        else:
            words = []
            if winners:
                words.append(f"{join(winners)} gain{'s' if len(winners) == 1 else ''}")
            if losers:
                words.append(f"{join(losers)} lose{'s' if len(losers) == 1 else ''}")
            same = len(pairs) - len(winners) - len(losers)
            if same:
                words.append(f"{same} unchanged")
            verdict = ", ".join(words)
        changes = join([f"{p} {fmt(g)}" for p, g in pairs])
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
            moves = join([f"{p} {fmt(deal_payoffs[p] - row[f'{p} payoff'])}" for p in s["player"]])
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
                words.append("gain: " + join(up))
            if down:
                words.append("lose: " + join(down))
            if not words:
                words.append("no player's payoff changes")
            out.append(
                (
                    "Against the baseline's equilibrium",
                    f"Against the equilibrium of {base}{_which(comparison, base)},"
                    f" {_which(comparison, name, this=True)}players "
                    + "; ".join(words)
                    + f" ({units}). The two scenarios give the players different options,"
                    " so this mixes the effect of a policy with the difference in options;"
                    " players absent from either scenario are not compared.",
                )
            )
    if not out and _is_change(units) and len(facts.equilibria) == 1:
        row = facts.equilibria.iloc[0]
        players = list(facts.result.game.players)
        changes = [float(row[f"{p} payoff"]) for p in players]
        if all(c == 0 for c in changes):
            sentence = "The predicted outcome is the status quo: no player's payoff changes."
        else:
            moves = join([f"{p} {fmt(c)}" for p, c in zip(players, changes, strict=True)])
            sentence = f"At the predicted outcome, against the status quo: {moves} ({units})."
        out.append(("Who gains", sentence))
    return out


def _which(comparison: pd.DataFrame, scenario: str, *, this: bool = False) -> str:
    """Which equilibrium of a scenario with several the comparison uses, in words, else ''."""
    n = comparison.loc[comparison["scenario"] == scenario, "equilibrium"].nunique()
    if n <= 1:
        return ""
    return f"at its equilibrium 1 of {n}, " if this else f" (its equilibrium 1 of {n})"


def self_enforcing(facts: ScenarioFacts) -> str | None:
    """Whether the scenario's deal holds up in repeated play (the truce analysis), in words."""
    from ..analyses.truce import _stick_profile, binding_text, is_stick

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
    holds = (
        f" it holds when each side values next year's payoff at least δ* ="
        f" {fmt(best['delta_star'])} of this year's, that is while the yearly risk of a"
        f" breakdown for outside reasons stays at most about {100 * risk:.0f}% at"
        f" {100 * interest(facts):.3g}% interest ({binding_text(best)})."
        " This is a bound from the deviations the analysis tried (one lever at a time),"
        " not a guarantee."
        if best is not None
        else ""
    )
    if best is None or not math.isfinite(best["delta_star"]) or best["delta_star"] >= 1:
        sentences[0] += " is not self-enforcing at any discount factor below 1."
    elif is_stick(best):
        sentences[0] += (
            " can enforce itself if a breach is answered by a year of"
            f" “{_stick_profile(str(best['note']))}”, then a return to the deal (a one-year"
            " stick, Abreu 1988):" + holds
        )
        nash, _ = binding("nash-reversion")
        if nash is not None and not (math.isfinite(nash["delta_star"]) and nash["delta_star"] < 1):
            sentences.append(
                "Reverting for ever to a one-shot equilibrium of the deal's terms instead deters"
                " no breach: it is no worse for the breacher."
            )
        elif nash is not None:
            sentences.append(
                "Reverting for ever to a one-shot equilibrium of the deal's terms would need"
                f" δ* = {fmt(nash['delta_star'])}."
            )
    else:
        sentences[0] += (
            " can enforce itself if a breach is answered by reverting for ever to the one-shot"
            " equilibrium (a grim trigger, Friedman 1971; no one-year stick does better):" + holds
        )
    return " ".join(sentences)


#: For each analysis, the summary's lead and what marks the findings it quotes (in order).
HIGHLIGHTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sequential": ("Is the threat credible?", ("threat to play",)),
    "bargain": ("What deal would they strike?", ("nash solution against",)),
    "alliance": ("Does the alliance hold?", ("the grand alliance (", "self-enforcing memberships")),
    "attrition": (
        "How long would a standoff last?",
        ("concedes at once", "never concedes", "each side concedes", "the standoff lasts"),
    ),
}


def highlights(facts: ScenarioFacts) -> list[tuple[str, str]]:
    """One (lead, sentence) per analysis besides the truce: its headline findings, quoted.

    A finding is quoted when it contains one of the markers in
    :data:`HIGHLIGHTS` (for bargaining, only the first such: the rest are in
    the analysis' own section); an analysis with none quoted adds nothing.
    """
    out = []
    for kind, (lead, markers) in HIGHLIGHTS.items():
        analysis = facts.analyses.get(kind)
        if analysis is None:
            continue
        quoted = [str(f) for f in analysis.findings if any(m in str(f).lower() for m in markers)]
        if kind == "bargain":
            quoted = quoted[:1]
        if quoted:
            text = "; ".join(quoted)
            out.append((lead, text[0].upper() + text[1:] + "."))
    return out


def interest(facts: ScenarioFacts) -> float:
    """The yearly interest rate the truce analysis discounts with."""
    from ..analyses.truce import interest_rate

    return float(interest_rate(facts.scenario))


#: Parameters named in the summary's list of those the outcome hangs on (the rest: Sensitivity).
HINGES_LISTED = 5


def outcome_text(label: str) -> str:
    """An outcome label of :func:`~tradegame.plotting.sensitivity.tornado_data` for readers.

    For games of three or more players the tornado seeks pure equilibria only,
    so its ``"mixed"`` means that none was found.
    """
    from ..plotting.sensitivity import MIXED

    return "no pure equilibrium" if label == MIXED else label


def _ends(row) -> str:
    ends = []
    if row.outcome_low != row.outcome_base:
        ends.append(f"at {fmt(row.low)}: “{outcome_text(row.outcome_low)}”")
    if row.outcome_high != row.outcome_base:
        ends.append(f"at {fmt(row.high)}: “{outcome_text(row.outcome_high)}”")
    return "; ".join(ends)


def hinges(facts: ScenarioFacts, *, listed: int | None = HINGES_LISTED) -> str:
    """The parameters whose range changes the predicted outcome, and what it changes to.

    ``listed`` caps how many are named (the rest are counted and left to the
    Sensitivity section); None names them all.
    """
    from ..plotting.sensitivity import MIXED

    frame = facts.tornado
    if frame is None:
        return (
            "The payoffs are given directly, with no calibrated parameters, so there is no"
            " parameter range to test."
        )
    flips = frame[frame["outcome_changes"]].drop_duplicates("parameter")
    n = frame["parameter"].nunique()
    swings = frame.sort_values("swing", ascending=False, kind="stable").drop_duplicates("player")
    moves = join(
        [
            f"{r.player} by {r.parameter} ({fmt(r.payoff_low)} to {fmt(r.payoff_high)})"
            for r in swings.itertuples()
            if r.swing > 0
        ]
    )
    payoffs = f" The payoffs themselves move most with: {moves}." if moves else ""
    base = str(frame["outcome_base"].iloc[0])
    caveat = (
        " With no pure equilibrium at the calibration, only a switch to a pure equilibrium is"
        " detected; a change in the mixture is not."
        if base == MIXED
        else ""
    )
    if flips.empty:
        return (
            f"Moving any one of the {n} parameters with a calibrated range to its low or high"
            " end leaves the predicted outcome unchanged (moved jointly they may still change"
            f" it; see the sweep).{caveat}{payoffs}"
        )
    shown = flips if listed is None else flips.head(listed)
    named = [f"{r.parameter} ({r.confidence} confidence; {_ends(r)})" for r in shown.itertuples()]
    more = len(flips) - len(named)
    tail = f", and {more} more in the Sensitivity section" if more > 0 else ""
    verb = "changes" if len(flips) == 1 else "change"
    return (
        f"Moved alone to an end of its calibrated range, {len(flips)} of {n} parameters {verb}"
        f" the predicted outcome (from “{outcome_text(base)}”): "
        + "; ".join(named)
        + tail
        + "."
        + caveat
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
