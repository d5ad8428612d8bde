"""Reading the trade-model part of a scenario file into a :class:`TradeModel`.

Every number is a sourced figure: ``{ ref = "calibration_key" }`` (a row of
the calibration table), ``{ value = 0.5, source = "...", confidence = "..." }``,
or a bare ``0`` (a lever switched off needs no source). Which parameters and
levers exist is read from the block registry (:mod:`.blocks`); this module
only checks a file against it. Errors name the file, the key and what was
expected.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ...calibration import CONFIDENCE, Figure, load_calibration
from ...errors import ScenarioError
from ..base import ScenarioHeader
from . import blocks
from .blocks import (
    Flow,
    LeverSpec,
    Param,
    Structure,
    lever_spec,
    lever_specs,
    parameter_specs,
)
from .model import TradeModel

__all__ = ["parse_trade_model", "slug"]

_ZERO = Figure(0.0, source="lever off (definitional)", confidence="high")
PLAYER_KEYS = frozenset({"key", "levers", "parameters"})
TOP_KEYS = frozenset({"parameters", "flows"})
_FLOW_KEYS = {"key", "importer", "exporter", "lever", "description"}


def _as_float(value: float) -> float:
    """A TOML number as a float; an integer beyond the float range becomes inf."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _short(value: object) -> object:
    """A number as shown in a message: a 400-digit integer as its float approximation."""
    if isinstance(value, int) and abs(value) > 10**15:
        return _as_float(value)
    return value


def slug(text: str) -> str:
    """A dotted-path-friendly key: ``"April-2025 licensing"`` -> ``"april_2025_licensing"``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "x"


def _canonical(name: str, table: Mapping[str, Param]) -> str | None:
    if name in table:
        return name
    for canonical, param in table.items():
        if name in param.aliases:
            return canonical
    return None


class _Parser:
    """Reads the trade-model sections of one scenario file; one method per section."""

    def __init__(self, header: ScenarioHeader) -> None:
        self.header = header
        self.data = header.data
        self.path = header.path
        self.calibration = load_calibration()
        self.players_data = header.players_data
        self.names = list(header.names)
        self.strategies = header.strategies
        self.keys = list(header.keys)
        self.globals = parameter_specs("global")
        self.player_specs = parameter_specs("player")
        self.flow_specs = parameter_specs("flow")
        self.levers = lever_specs()
        self.figures: dict[str, Figure] = {}
        self.checks: dict[str, Any] = {}
        self.aliases: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.flow_list: tuple[Flow, ...] = ()
        self.by_name = dict(zip(self.keys, self.names, strict=True))
        self.by_ref = {**dict(zip(self.names, self.keys, strict=True)), **{k: k for k in self.keys}}

    def fail(self, key: str, message: str) -> ScenarioError:
        return ScenarioError(self.path, key, message)

    # -- numbers ------------------------------------------------------------------------------
    def figure(self, node: Any, key: str) -> Figure:
        if isinstance(node, (bool, str)):
            raise self.fail(key, f"expected a number with a source, got {node!r}")
        if isinstance(node, (int, float)):
            if node == 0:
                return _ZERO
            node = _short(node)
            raise self.fail(
                key,
                f'the number {node!r} has no source; write {{ ref = "calibration_key" }} or '
                f'{{ value = {node!r}, source = "...", confidence = "..." }}',
            )
        if not isinstance(node, dict):
            raise self.fail(
                key, f"expected {{ ref = ... }} or {{ value = ..., source = ... }}, got {node!r}"
            )
        if "ref" in node:
            extra = sorted(set(node) - {"ref"})
            if extra:
                raise self.fail(f"{key}.{extra[0]}", "a { ref = ... } takes no other keys")
            ref = node["ref"]
            if not isinstance(ref, str) or ref not in self.calibration:
                close = difflib.get_close_matches(str(ref), self.calibration, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise self.fail(f"{key}.ref", f"unknown calibration key {ref!r}{hint}")
            return self.calibration[ref]
        allowed = {"value", "source", "confidence", "unit", "note", "low", "high"}
        extra = sorted(set(node) - allowed)
        if extra:
            raise self.fail(
                f"{key}.{extra[0]}", f"unknown key; allowed here: ref, {', '.join(sorted(allowed))}"
            )
        numbers = {}
        for name in ("value", "low", "high"):
            value = node.get(name)
            if value is None and name != "value":
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self.fail(f"{key}.{name}", f"expected a number, got {value!r}")
            if math.isnan(_as_float(value)):
                raise self.fail(f"{key}.{name}", "expected a number, got nan")
            numbers[name] = _as_float(value)
        source = node.get("source")
        if not isinstance(source, str) or not source.strip():
            raise self.fail(
                f"{key}.source", "missing; every number needs its source (publication, year, table)"
            )
        confidence = node.get("confidence")
        if confidence not in CONFIDENCE:
            raise self.fail(
                f"{key}.confidence", f"expected one of {', '.join(CONFIDENCE)}, got {confidence!r}"
            )
        # an infinite value passes only where the parameter's check allows it (eps_s = inf,
        # complete pass-through); every other check asks for a finite number
        low, high = numbers.get("low"), numbers.get("high")
        if low is not None and high is not None and not low <= numbers["value"] <= high:
            raise self.fail(
                key, f"value {numbers['value']:g} is outside [low, high] = [{low:g}, {high:g}]"
            )
        return Figure(
            numbers["value"], source, confidence, unit=str(node.get("unit", "")), low=low, high=high
        )

    def add(self, flat: str, fig: Figure, key: str, check: Any) -> None:
        if check is not None:
            ok, expectation = check
            if not bool(np.all(ok(np.asarray(fig.value, dtype=float)))):
                where = f" (from calibration key {fig.ref!r})" if fig.ref else ""
                raise self.fail(key, f"must be {expectation}; got {fig.value:g}{where}")
        if flat in self.figures:
            raise self.fail(key, f"parameter path {flat!r} is defined twice")
        self.figures[flat] = fig
        if check is not None:
            self.checks[flat] = check

    def player_ref(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or value not in self.by_ref:
            raise self.fail(key, f"unknown player {value!r}; players are: {', '.join(self.names)}")
        return self.by_ref[value]

    def partner_table(self, node: Any, key: str, owner: str, flat: str, check: Any) -> list[str]:
        """A ``{ Partner = figure }`` table stored under ``flat.<partner key>``."""
        if not isinstance(node, dict) or "ref" in node or "value" in node:
            raise self.fail(
                key, "expected a table by partner player, e.g. { China = { ref = ... } }"
            )
        partners = []
        for partner, sub in node.items():
            pk = self.player_ref(partner, f"{key}.{partner}")
            if pk == owner:
                raise self.fail(f"{key}.{partner}", "a player cannot be its own partner")
            self.add(
                f"{flat}.{pk}", self.figure(sub, f"{key}.{partner}"), f"{key}.{partner}", check
            )
            partners.append(pk)
        return partners

    # -- sections -----------------------------------------------------------------------------
    def global_parameters(self) -> None:
        params = self.data.get("parameters", {})
        if not isinstance(params, dict):
            raise self.fail("parameters", "expected a table of model parameters")
        for name, param in self.globals.items():
            self.aliases.update({alias: name for alias in param.aliases})
        for raw, node in params.items():
            canonical = _canonical(raw, self.globals)
            if canonical is None:
                close = difflib.get_close_matches(raw, list(self.globals), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.fail(
                    f"parameters.{raw}",
                    f"unknown parameter; {hint}known: {', '.join(self.globals)}",
                )
            key = f"parameters.{raw}"
            self.add(canonical, self.figure(node, key), key, self.globals[canonical].check)

    def flows(self) -> tuple[Flow, ...]:
        items = self.data.get("flows", [])
        if not isinstance(items, list):
            raise self.fail("flows", "expected [[flows]] tables")
        flows = []
        for k, item in enumerate(items):
            where = f"flows[{k}]"
            if not isinstance(item, dict):
                raise self.fail(where, "expected a table with importer, exporter and figures")
            extra = sorted(set(item) - _FLOW_KEYS - set(self.flow_specs))
            if extra:
                allowed = ", ".join(sorted(_FLOW_KEYS | set(self.flow_specs)))
                raise self.fail(f"{where}.{extra[0]}", f"unknown key; allowed here: {allowed}")
            importer = self.player_ref(item.get("importer"), f"{where}.importer")
            exporter = self.player_ref(item.get("exporter"), f"{where}.exporter")
            if importer == exporter:
                raise self.fail(f"{where}.exporter", "a player cannot import from itself")
            key = item.get("key", f"{importer}_from_{exporter}")
            if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                raise self.fail(f"{where}.key", f"expected a lower-case identifier, got {key!r}")
            if key in self.keys or key in self.globals or any(f.key == key for f in flows):
                raise self.fail(f"{where}.key", f"key {key!r} is already used")
            lever = item.get("lever")
            if lever is not None:
                if not isinstance(lever, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", lever):
                    raise self.fail(
                        f"{where}.lever", f"expected a lower-case lever name, got {lever!r}"
                    )
                if (
                    lever in self.levers
                    or lever in self.player_specs
                    or any(f.lever == lever and f.importer == importer for f in flows)
                ):
                    raise self.fail(f"{where}.lever", f"lever name {lever!r} is already used")
            for name, param in self.flow_specs.items():
                if name not in item:
                    raise self.fail(f"{where}.{name}", f"missing; {param.description}")
                self.add(
                    f"{key}.{name}",
                    self.figure(item[name], f"{where}.{name}"),
                    f"{where}.{name}",
                    param.check,
                )
            flows.append(Flow(key, importer, exporter, lever))
        return tuple(flows)

    def player_parameters(
        self, k: int
    ) -> tuple[set[str], dict[str, tuple[str, ...]], dict[str, str]]:
        where, key = f"players[{k}]", self.keys[k]
        given: set[str] = set()
        tables: dict[str, tuple[str, ...]] = {}
        refs: dict[str, str] = {}
        params = self.players_data[k].get("parameters", {})
        if not isinstance(params, dict):
            raise self.fail(f"{where}.parameters", "expected a table of player parameters")
        for raw, node in params.items():
            pkey = f"{where}.parameters.{raw}"
            canonical = _canonical(raw, self.player_specs)
            if canonical is None:
                close = difflib.get_close_matches(raw, list(self.player_specs), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.fail(
                    pkey, f"unknown player parameter; {hint}known: {', '.join(self.player_specs)}"
                )
            param = self.player_specs[canonical]
            flat = f"{key}.{canonical}"
            if param.kind == "player":
                refs[canonical] = self.player_ref(node, pkey)
                if refs[canonical] == key:
                    raise self.fail(pkey, "must name another player")
            elif param.kind == "flow":
                own = [f.key for f in self.flow_list if f.importer == key]
                if node not in own:
                    raise self.fail(
                        pkey,
                        f"expected the key of one of {self.names[k]!r}'s import flows "
                        f"({', '.join(own) or 'it has none'}), got {node!r}",
                    )
                refs[canonical] = node
            elif param.kind == "table":
                partners = self.partner_table(node, pkey, key, flat, param.check)
                tables[canonical] = tuple(partners)
                for alias in param.aliases:
                    self.aliases.update({f"{key}.{alias}.{pk}": f"{flat}.{pk}" for pk in partners})
            else:
                self.add(flat, self.figure(node, pkey), pkey, param.check)
                self.aliases.update({f"{key}.{alias}": flat for alias in param.aliases})
            given.add(canonical)
        return given, tables, refs

    def declared_levers(self, k: int, flows: Sequence[Flow]) -> tuple[str, ...]:
        where = f"players[{k}]"
        declared = self.players_data[k].get("levers", [])
        if not isinstance(declared, list) or not all(isinstance(x, str) for x in declared):
            raise self.fail(f"{where}.levers", "expected a list of lever names")
        own_flows = [f.lever for f in flows if f.importer == self.keys[k] and f.lever]
        for lever in declared:
            if lever in own_flows:
                raise self.fail(
                    f"{where}.levers",
                    f"{lever!r} is a tariff lever declared by its flow; list only the other levers",
                )
            if lever not in self.levers:
                close = difflib.get_close_matches(lever, list(self.levers), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                raise self.fail(
                    f"{where}.levers",
                    f"unknown lever {lever!r}; {hint}levers are: "
                    f"{', '.join(self.levers)} and the tariff levers of [[flows]]",
                )
        if len(set(declared)) != len(declared):
            raise self.fail(f"{where}.levers", "a lever is listed twice")
        return (*declared, *own_flows)

    def strategy_levers(
        self, k: int, levers: Sequence[str], own: set[str]
    ) -> tuple[list[str], dict[str, tuple[Any, ...]]]:
        where, key = f"players[{k}]", self.keys[k]
        menu = self.players_data[k].get("strategies", [])
        strategy_keys: list[str] = []
        categorical: dict[str, list[Any]] = {}
        for s, item in enumerate(menu):
            swhere = f"{where}.strategies[{s}]"
            if not isinstance(item, dict):
                if levers:
                    raise self.fail(
                        swhere, f"expected a table with 'name' and the levers {', '.join(levers)}"
                    )
                item = {"name": item}
            skey = slug(self.strategies[k][s])
            if skey in strategy_keys:
                raise self.fail(
                    f"{swhere}.name", f"strategy key {skey!r} clashes with another strategy"
                )
            if skey in self.player_specs or skey in levers:
                raise self.fail(
                    f"{swhere}.name", f"strategy key {skey!r} clashes with a parameter name"
                )
            strategy_keys.append(skey)
            for name in item:
                if name not in {"name", "description"} and name not in levers:
                    known = ", ".join(levers) or "none"
                    raise self.fail(
                        f"{swhere}.{name}",
                        f"not a lever of {self.names[k]!r} (its levers: {known}); declare it "
                        f"with {where}.levers = [...]",
                    )
            for lever in levers:
                lkey = f"{swhere}.{lever}"
                if lever not in item:
                    raise self.fail(
                        lkey,
                        f"missing; every strategy of {self.names[k]!r} must set lever {lever!r}",
                    )
                node = item[lever]
                flat = f"{key}.{skey}.{lever}"
                spec = lever_spec(self.flow_list, self.by_name, key, lever)
                if spec.options is not None:
                    categorical.setdefault(lever, []).append(self.option(node, spec, lkey))
                elif node == "baseline":
                    self.links[flat] = self.baseline(spec, key, lkey, own)
                else:
                    self.add(flat, self.figure(node, lkey), lkey, spec.check)
        return strategy_keys, {a: tuple(b) for a, b in categorical.items()}

    def baseline(self, spec: LeverSpec, player: str, key: str, own: set[str]) -> str:
        """The figure path a lever value ``"baseline"`` stands for: the lever's status quo."""
        sq = spec.status_quo
        if isinstance(sq, str) and sq.startswith("figure:"):
            return sq.removeprefix("figure:")
        if isinstance(sq, str) and sq.startswith("param:"):
            name = sq.removeprefix("param:")
            if name not in own:
                k = self.keys.index(player)
                raise self.fail(key, f'"baseline" needs players[{k}].parameters.{name}')
            return f"{player}.{name}"
        raise self.fail(
            key,
            f'"baseline" is the status quo of a lever set by a parameter; {spec.name!r} '
            "is not: give a number with its source",
        )

    def option(self, node: Any, spec: LeverSpec, key: str) -> Any:
        options = spec.options or ()
        if node not in options or isinstance(node, bool) != isinstance(options[0], bool):
            shown = " or ".join(
                repr(o).lower() if isinstance(o, bool) else f'"{o}"' for o in options
            )
            raise self.fail(key, f"expected {shown}, got {node!r}")
        return node

    def check_consistency(self, structure: Structure) -> None:
        """Figures that are fine alone but contradict each other."""
        for k, p in enumerate(structure.players):
            where = f"players[{k}].parameters"
            for table, partners in structure.tables[p].items():
                if not partners:
                    raise self.fail(f"{where}.{table}", "is empty; name at least one partner")
            shares = structure.tables[p].get("dependence", ())
            total = sum(self.figures[f"{p}.dependence.{q}"].value for q in shares)
            if total > 1.0 + 1e-12:
                raise self.fail(
                    f"{where}.dependence",
                    f"shares of {self.names[k]!r}'s supply from its suppliers sum to {total:g}; "
                    "they must sum to at most 1",
                )
            for target in structure.tables[p].get("control_targeting", ()):
                if p not in structure.tables[target].get("dependence", ()):
                    raise self.fail(
                        f"{where}.control_targeting.{structure.names[target]}",
                        f"{structure.names[target]!r} does not depend on {self.names[k]!r} "
                        "(no dependence table names it), so targeting it changes nothing",
                    )
            use, value_added = f"{p}.input_use", f"{p}.value_added"
            if (
                use in self.figures
                and value_added in self.figures
                and self.figures[use].value > self.figures[value_added].value
            ):
                raise self.fail(
                    f"{where}.input_use",
                    f"{self.figures[use].value:g} exceeds value_added "
                    f"{self.figures[value_added].value:g}; the input is part of the cost "
                    "of that output",
                )

    def check_blocks(self, structure: Structure) -> list[str]:
        """Names of the blocks that apply; every parameter they need is given, none unused."""
        active, used_player = [], {p: set() for p in structure.players}
        needed: set[str] = set()
        applied = {block.name: block.applies(structure) for block in blocks.REGISTRY}
        for block in blocks.REGISTRY:
            players = applied[block.name]
            if not players:
                continue
            active.append(block.name)
            needed.update(param.name for param in block.parameters)
            for p in players:
                k = structure.players.index(p)
                for param in block.player_parameters:
                    used_player[p].add(param.name)
                    if param.required and param.name not in structure.parameters[p]:
                        raise self.fail(
                            f"players[{k}].parameters.{param.name}",
                            f"missing; the {block.name} block needs {param.description}",
                        )
        for k, p in enumerate(structure.players):
            for lever in structure.levers[p]:
                if lever not in self.levers:
                    continue  # a flow's tariff lever: its flow is there
                defining = [b for b in blocks.REGISTRY if any(x.name == lever for x in b.levers)]
                if not any(p in applied[b.name] for b in defining):
                    raise self.fail(
                        f"players[{k}].levers",
                        f"lever {lever!r} changes nothing here: the "
                        f"{' or '.join(b.name for b in defining)} block does not apply to "
                        f"{self.names[k]!r} ({defining[0].description})",
                    )
            unused = sorted(structure.parameters[p] - used_player[p])
            if unused:
                raise self.fail(
                    f"players[{k}].parameters.{unused[0]}",
                    "not used by any block for this player; remove it",
                )
        for block in blocks.REGISTRY:
            missing = [n for n in block.needs if block.name in active and n not in active]
            if missing:
                raise self.fail("players", f"the {block.name} block needs the {missing[0]} block")
        for name in sorted(needed):
            if name not in self.figures:
                hint = (
                    f'; e.g. {name} = {{ ref = "{name}" }} from the calibration table'
                    if name in self.calibration
                    else ""
                )
                raise self.fail(
                    f"parameters.{name}",
                    f"missing; {self.globals[name].description} is needed by this scenario{hint}",
                )
        unused = sorted(set(self.globals) & set(self.figures) - needed)
        if unused:
            raise self.fail(
                f"parameters.{unused[0]}", "not used by any block of this scenario; remove it"
            )
        return active

    def parse(self) -> TradeModel:
        self.global_parameters()
        flows = self.flow_list = self.flows()
        params, tables, refs, levers, strategy_keys, categorical = {}, {}, {}, {}, [], {}
        for k, key in enumerate(self.keys):
            given, tables[key], refs[key] = self.player_parameters(k)
            params[key] = frozenset(given)
            levers[key] = self.declared_levers(k, flows)
            skeys, cats = self.strategy_levers(k, levers[key], given)
            strategy_keys.append(tuple(skeys))
            categorical.update({(key, lever): values for lever, values in cats.items()})
        structure = Structure(
            players=tuple(self.keys),
            names=self.by_name,
            parameters=params,
            tables=tables,
            refs=refs,
            levers=levers,
            flows=flows,
        )
        self.check_consistency(structure)
        active = self.check_blocks(structure)
        if not active:
            raise self.fail(
                "players",
                "no player has levers, parameters or flows, so every payoff would be zero; give "
                "the trade-model parameters (docs/reference/scenario-format.md) or use "
                'model = "explicit" with a [payoffs] table',
            )
        return TradeModel(
            structure=structure,
            strategy_keys=tuple(strategy_keys),
            strategy_labels=tuple(tuple(s) for s in self.strategies),
            figures=dict(self.figures),
            categorical=categorical,
            aliases=dict(self.aliases),
            links=dict(self.links),
            checks=dict(self.checks),
            blocks=tuple(active),
            citation=self.header.citation,
            confidence=self.header.confidence,
            units=self.header.units,
        )


def parse_trade_model(header: ScenarioHeader) -> TradeModel:
    """Compile the trade-model sections of a scenario into a :class:`TradeModel`."""
    return _Parser(header).parse()
