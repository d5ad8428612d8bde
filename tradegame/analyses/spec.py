"""The ``[sequence]`` and ``[analysis]`` tables of a scenario file.

``[sequence]`` declares a move order: who moves when and what each mover has
seen. ``[analysis]`` names the profiles and levers the strategic analyses ask
about: the deal, the standoff, the supplier's threat, the stockpile parameters,
the deal terms bargained over and the alliance. Both are data: labels that must
name players, strategies, levers and parameters of the same file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import ScenarioError

__all__ = ["AllianceSpec", "AnalysisSpec", "Sequence", "ThreatSpec", "parse_analysis_tables"]

_SEQUENCE_KEYS = {"order", "observes", "note"}
_ANALYSIS_KEYS = {
    "deal",
    "standoff",
    "threat",
    "stockpile_days",
    "deal_levers",
    "alliance",
    "interest_rate",
    "settlement_years",
    "note",
}
_THREAT_KEYS = {"player", "action", "instead"}
_ALLIANCE_KEYS = {"members", "join", "stay_out"}


@dataclass(frozen=True)
class Sequence:
    """A move order.

    Stage ``k`` is played by ``order[k]``, who chooses one of its strategies
    or, when ``levers[k]`` names levers, a setting of those levers only (one
    of the settings its strategies give them). A mover has seen the earlier
    moves of the players in ``observes[mover]`` and always its own.
    """

    order: tuple[str, ...]
    observes: Mapping[str, tuple[str, ...]]
    note: str = ""
    levers: tuple[tuple[str, ...] | None, ...] = ()

    def stage_levers(self, k: int) -> tuple[str, ...] | None:
        """The levers chosen at stage ``k``, or None when the whole strategy is."""
        return self.levers[k] if self.levers else None

    @property
    def by_lever(self) -> bool:
        """Whether some stage sets levers rather than whole strategies."""
        return any(lv is not None for lv in self.levers)


@dataclass(frozen=True)
class ThreatSpec:
    """``player`` announces ``action`` (a threat) where it would otherwise play ``instead``."""

    player: str
    action: str
    instead: str


@dataclass(frozen=True)
class AllianceSpec:
    """Players who each choose between the strategies ``join`` and ``stay_out``."""

    members: tuple[str, ...]
    join: str
    stay_out: str


@dataclass(frozen=True)
class AnalysisSpec:
    """What a scenario's analyses ask about (see ``docs/reference/scenario-format.md``)."""

    sequence: Sequence | None = None
    deal: Mapping[str, str] | None = None
    standoff: Mapping[str, str] | None = None
    threat: ThreatSpec | None = None
    stockpile_days: tuple[str, ...] = ()
    deal_levers: Mapping[str, tuple[float, float]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    alliance: AllianceSpec | None = None
    interest_rate: float | None = None
    settlement_years: float | None = None
    note: str = ""


def _fail(path: Path, key: str, message: str) -> ScenarioError:
    return ScenarioError(path, key, message)


def _unknown(table: Mapping[str, Any], allowed: set[str], path: Path, where: str) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        raise _fail(
            path, f"{where}.{extra[0]}", f"unknown key; allowed here: {', '.join(sorted(allowed))}"
        )


def _table(data: Mapping[str, Any], key: str, path: Path) -> Mapping[str, Any] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _fail(path, key, f"expected a table ([{key}]), got {type(value).__name__}")
    return value


def _player(name: object, players: tuple[str, ...], path: Path, key: str) -> str:
    if not isinstance(name, str) or name not in players:
        raise _fail(path, key, f"unknown player {name!r}; players: {', '.join(players)}")
    return name


def _strategy(label: object, player: str, menu: tuple[str, ...], path: Path, key: str) -> str:
    if not isinstance(label, str) or label not in menu:
        shown = "; ".join(repr(s) for s in menu)
        raise _fail(path, key, f"{player!r} has no strategy {label!r}; its strategies: {shown}")
    return label


def _profile(
    value: object,
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    path: Path,
    key: str,
) -> Mapping[str, str]:
    """A profile ``{player: strategy}``; players with one strategy may be left out."""
    if not isinstance(value, dict):
        raise _fail(path, key, 'expected a table {player = "strategy", ...}')
    chosen = {}
    for name, label in value.items():
        player = _player(name, players, path, f"{key}.{name}")
        menu = strategies[players.index(player)]
        chosen[player] = _strategy(label, player, menu, path, f"{key}.{name}")
    for player, menu in zip(players, strategies, strict=True):
        if player not in chosen:
            if len(menu) != 1:
                raise _fail(path, key, f"no strategy for {player!r}, who has {len(menu)}")
            chosen[player] = menu[0]
    return MappingProxyType({p: chosen[p] for p in players})


def _names(value: object, path: Path, key: str, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, f"expected a non-empty list of {what}")
    if len(set(value)) != len(value):
        raise _fail(path, key, f"lists a {what[:-1]} twice")
    return tuple(value)


def _text(table: Mapping[str, Any], key: str, path: Path, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise _fail(path, f"{where}.{key}", f"expected a string, got {value!r}")
    return value


def _stage(entry: object, path: Path, key: str) -> tuple[object, tuple[str, ...] | None]:
    """A stage: a player name, or ``{player = "...", levers = [...]}``."""
    if isinstance(entry, dict):
        _unknown(entry, {"player", "levers"}, path, key)
        if "player" not in entry:
            raise _fail(path, f"{key}.player", "missing; expected the mover's name")
        if "levers" not in entry:
            raise _fail(path, f"{key}.levers", "missing; expected the levers set at this stage")
        levers = _names(entry["levers"], path, f"{key}.levers", "lever names")
        return entry["player"], levers
    return entry, None


def _sequence(
    table: Mapping[str, Any],
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    path: Path,
) -> Sequence:
    _unknown(table, _SEQUENCE_KEYS, path, "sequence")
    if "order" not in table:
        raise _fail(path, "sequence.order", "missing; expected the players in the order they move")
    raw = table["order"]
    if not isinstance(raw, list) or not raw:
        raise _fail(path, "sequence.order", "expected a non-empty list of players (or stages)")
    stages = [_stage(entry, path, f"sequence.order[{k}]") for k, entry in enumerate(raw)]
    order = tuple(
        _player(name, players, path, f"sequence.order[{k}]") for k, (name, _) in enumerate(stages)
    )
    levers = tuple(lv for _, lv in stages)
    for k, (mover, lv) in enumerate(zip(order, levers, strict=True)):
        if lv is None and order.count(mover) > 1:
            raise _fail(
                path,
                f"sequence.order[{k}]",
                f"{mover!r} moves more than once; give each of its stages its levers "
                '({player = "...", levers = [...]})',
            )
        for other in range(k):
            if order[other] == mover and set(lv or ()) & set(levers[other] or ()):
                shared = sorted(set(lv or ()) & set(levers[other] or ()))[0]
                raise _fail(
                    path, f"sequence.order[{k}].levers", f"lever {shared!r} is set at two stages"
                )
    for player, menu in zip(players, strategies, strict=True):
        if player not in order and len(menu) > 1:
            raise _fail(
                path,
                "sequence.order",
                f"leaves out {player!r}, who has {len(menu)} strategies; list every player "
                "with a choice",
            )
    observes_raw = table.get("observes", {})
    if not isinstance(observes_raw, dict):
        raise _fail(path, "sequence.observes", "expected a table {player = [earlier movers]}")
    observes: dict[str, tuple[str, ...]] = {}
    for mover in order:
        if mover in observes:
            continue
        last = max(j for j, p in enumerate(order) if p == mover)
        earlier = tuple(dict.fromkeys(p for p in order[:last] if p != mover))
        if mover not in observes_raw:
            observes[mover] = tuple(p for p in dict.fromkeys(order) if p != mover)
            continue
        key = f"sequence.observes.{mover}"
        seen = observes_raw[mover]
        if not isinstance(seen, list):
            raise _fail(path, key, "expected a list of earlier movers (possibly empty)")
        if len(set(seen)) != len(seen):
            raise _fail(path, key, "lists a player twice")
        for name in seen:
            if name not in earlier:
                shown = ", ".join(earlier) or "nobody"
                raise _fail(
                    path, key, f"{mover!r} can only observe earlier movers ({shown}); got {name!r}"
                )
        observes[mover] = tuple(n for n in dict.fromkeys(order) if n in seen)
    for name in observes_raw:
        if name not in order:
            raise _fail(path, f"sequence.observes.{name}", f"{name!r} is not in sequence.order")
    return Sequence(
        order,
        MappingProxyType(observes),
        _text(table, "note", path, "sequence"),
        levers if any(lv is not None for lv in levers) else (),
    )


def _number(value: object, path: Path, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _fail(path, key, f"expected a finite number, got {value!r}")
    return float(value)


def parse_analysis_tables(
    data: Mapping[str, Any],
    players: tuple[str, ...],
    strategies: tuple[tuple[str, ...], ...],
    path: Path,
) -> AnalysisSpec:
    """Validate the ``[sequence]`` and ``[analysis]`` tables of a parsed scenario file.

    Labels are checked here (players and strategies); lever and parameter names
    are checked against the payoff model when an analysis uses them.
    """
    seq_table = _table(data, "sequence", path)
    sequence = None if seq_table is None else _sequence(seq_table, players, strategies, path)
    table = _table(data, "analysis", path)
    if table is None:
        return AnalysisSpec(sequence=sequence)
    _unknown(table, _ANALYSIS_KEYS, path, "analysis")
    deal = standoff = None
    if "deal" in table:
        deal = _profile(table["deal"], players, strategies, path, "analysis.deal")
    if "standoff" in table:
        standoff = _profile(table["standoff"], players, strategies, path, "analysis.standoff")
    if deal is not None and standoff is not None and dict(deal) == dict(standoff):
        raise _fail(path, "analysis.standoff", "is the same profile as analysis.deal")
    threat = None
    if "threat" in table:
        raw = table["threat"]
        if not isinstance(raw, dict):
            raise _fail(path, "analysis.threat", "expected a table {player, action, instead}")
        _unknown(raw, _THREAT_KEYS, path, "analysis.threat")
        for key in sorted(_THREAT_KEYS):
            if key not in raw:
                raise _fail(path, f"analysis.threat.{key}", "missing")
        player = _player(raw["player"], players, path, "analysis.threat.player")
        menu = strategies[players.index(player)]
        action = _strategy(raw["action"], player, menu, path, "analysis.threat.action")
        instead = _strategy(raw["instead"], player, menu, path, "analysis.threat.instead")
        if action == instead:
            raise _fail(path, "analysis.threat.instead", "must differ from the threatened action")
        threat = ThreatSpec(player, action, instead)
    stockpile: tuple[str, ...] = ()
    if "stockpile_days" in table:
        stockpile = _names(
            table["stockpile_days"], path, "analysis.stockpile_days", "parameter names"
        )
        for k, name in enumerate(stockpile):
            if not name.endswith("_days"):
                raise _fail(
                    path,
                    f"analysis.stockpile_days[{k}]",
                    f"expected a stockpile parameter counted in days (such as "
                    f"'us.baseline_stockpile_days'); got {name!r}",
                )
    levers: dict[str, tuple[float, float]] = {}
    raw_levers = table.get("deal_levers", {})
    if not isinstance(raw_levers, dict):
        raise _fail(path, "analysis.deal_levers", 'expected a table {"player.lever" = [low, high]}')
    for lever, bounds in raw_levers.items():
        key = f"analysis.deal_levers.{lever}"
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise _fail(path, key, "expected [low, high]")
        low, high = (_number(b, path, key) for b in bounds)
        if not low < high:
            raise _fail(path, key, f"expected low < high, got [{low:g}, {high:g}]")
        levers[lever] = (low, high)
    alliance = None
    if "alliance" in table:
        raw = table["alliance"]
        if not isinstance(raw, dict):
            raise _fail(path, "analysis.alliance", "expected a table {members, join, stay_out}")
        _unknown(raw, _ALLIANCE_KEYS, path, "analysis.alliance")
        members = _names(raw.get("members"), path, "analysis.alliance.members", "players")
        if len(members) < 2:
            raise _fail(path, "analysis.alliance.members", "an alliance needs two members or more")
        labels = []
        for key in ("join", "stay_out"):
            if key not in raw:
                raise _fail(path, f"analysis.alliance.{key}", "missing; expected a strategy label")
            labels.append(raw[key])
        for k, name in enumerate(members):
            player = _player(name, players, path, f"analysis.alliance.members[{k}]")
            menu = strategies[players.index(player)]
            for key, label in zip(("join", "stay_out"), labels, strict=True):
                _strategy(label, player, menu, path, f"analysis.alliance.{key}")
        if labels[0] == labels[1]:
            raise _fail(path, "analysis.alliance.stay_out", "must differ from join")
        alliance = AllianceSpec(members, labels[0], labels[1])
    rate = None
    if "interest_rate" in table:
        rate = _number(table["interest_rate"], path, "analysis.interest_rate")
        if not 0 <= rate < 1:
            raise _fail(path, "analysis.interest_rate", f"expected a rate in [0, 1), got {rate:g}")
    settlement = None
    if "settlement_years" in table:
        settlement = _number(table["settlement_years"], path, "analysis.settlement_years")
        if not settlement > 0:
            raise _fail(
                path, "analysis.settlement_years", f"expected a positive number, got {settlement:g}"
            )
    return AnalysisSpec(
        sequence=sequence,
        deal=deal,
        standoff=standoff,
        threat=threat,
        stockpile_days=stockpile,
        deal_levers=MappingProxyType(levers),
        alliance=alliance,
        interest_rate=rate,
        settlement_years=settlement,
        note=_text(table, "note", path, "analysis"),
    )
