"""Parsing and validation of the ``trade-model`` part of a scenario file.

Every number is a sourced figure: ``{ ref = "calibration_key" }`` (a row of
the calibration table), ``{ value = 0.5, source = "...", confidence = "..." }``,
or a bare ``0`` (a lever switched off needs no source). Errors name the file,
the key and what was expected.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .calibration import CONFIDENCE, Figure, load_calibration
from .economics.model import (
    GLOBAL_PARAMETERS,
    LEVER_ALIASES,
    LEVER_CHECKS,
    LEVERS,
    PLAYER_PARAMETERS,
    TABLE_LEVERS,
    TABLE_PARAMETERS,
    PlayerSpec,
    TradeModel,
)
from .errors import ScenarioError

__all__ = ["parse_trade_model", "slug"]

_ZERO = Figure(0.0, source="lever off (definitional)", confidence="high")
_CATEGORICAL = {"chips": ("banned", "licensed"), "alliance": (False, True)}

# which model-wide parameters each block needs
_NEEDS = {
    "tariff": ("eps_d", "eps_s"),
    "disruption": ("cost_share", "sigma", "horizon", "discount_rate"),
    "supplier": (
        "entry_hazard",
        "rent_share_lost",
        "entry_lead_time",
        "control_duration",
        "discount_rate",
    ),
    "chips": ("chip_sales", "chip_margin", "chip_importer_surplus", "chip_security_cost", "mcpf"),
    "purchases": ("producer_margin", "buyer_premium"),
    "stockpile": ("carrying_rate", "cost_share"),
    "alliance": ("vault_days", "vault_capital", "carrying_rate"),
    "floor": ("floor_price", "market_price", "price_response"),
}


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


def _canonical(name: str, table: Mapping[str, tuple]) -> str | None:
    if name in table:
        return name
    for canonical, (aliases, *_rest) in table.items():
        if name in aliases:
            return canonical
    return None


class _ModelParser:
    """Reads the trade-model sections of one scenario file; one method per section."""

    def __init__(
        self,
        path: Path,
        players_data: Sequence[Mapping[str, Any]],
        names: Sequence[str],
        strategies: Sequence[Sequence[str]],
    ) -> None:
        self.path = path
        self.calibration = load_calibration()
        self.players_data = players_data
        self.names = names
        self.strategies = strategies
        self.figures: dict[str, Figure] = {}
        self.checks: dict[str, tuple[Any, str]] = {}
        self.aliases: dict[str, str] = {
            alias: canonical
            for canonical, (alias_list, *_r) in GLOBAL_PARAMETERS.items()
            for alias in alias_list
        }
        self.links: dict[str, str] = {}
        self.keys: list[str] = []
        self.by_ref: dict[str, str] = {}  # player name or key -> key
        for k, entry in enumerate(players_data):
            key = entry.get("key", slug(names[k]))
            if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
                raise self.fail(
                    f"players[{k}].key", f"expected a lower-case identifier, got {key!r}"
                )
            if key in self.keys or key in GLOBAL_PARAMETERS:
                raise self.fail(f"players[{k}].key", f"key {key!r} is already used")
            self.keys.append(key)
            self.by_ref[names[k]] = key
            self.by_ref[key] = key

    def fail(self, key: str, message: str) -> ScenarioError:
        return ScenarioError(self.path, key, message)

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
        allowed = {"value", "source", "confidence", "unit", "note"}
        extra = sorted(set(node) - allowed)
        if extra:
            raise self.fail(
                f"{key}.{extra[0]}", f"unknown key; allowed here: ref, {', '.join(sorted(allowed))}"
            )
        value = node.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{key}.value", f"expected a number, got {value!r}")
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
        if not math.isfinite(_as_float(value)):
            raise self.fail(f"{key}.value", f"expected a finite number, got {_short(value)}")
        return Figure(float(value), source, confidence, unit=str(node.get("unit", "")))

    def add(self, flat: str, fig: Figure, key: str, check: tuple[Any, str] | None) -> None:
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

    # -- sections ---------------------------------------------------------------------------
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

    def global_parameters(self, params: Any) -> None:
        if not isinstance(params, dict):
            raise self.fail("parameters", "expected a table of model parameters")
        for raw, node in params.items():
            canonical = _canonical(raw, GLOBAL_PARAMETERS)
            if canonical is None:
                known = ", ".join(GLOBAL_PARAMETERS)
                raise self.fail(f"parameters.{raw}", f"unknown parameter; known: {known}")
            _, ok, expectation, _ = GLOBAL_PARAMETERS[canonical]
            key = f"parameters.{raw}"
            self.add(canonical, self.figure(node, key), key, (ok, expectation))

    def player_parameters(self, k: int) -> tuple[dict[str, tuple[str, ...]], set[str], str | None]:
        """(tables by partner, parameter names, chip buyer) of player ``k``."""
        where, key = f"players[{k}]", self.keys[k]
        tables: dict[str, tuple[str, ...]] = {}
        own: set[str] = set()
        chip_buyer = None
        pparams = self.players_data[k].get("parameters", {})
        if not isinstance(pparams, dict):
            raise self.fail(f"{where}.parameters", "expected a table of player parameters")
        for raw, node in pparams.items():
            pkey = f"{where}.parameters.{raw}"
            if raw == "chip_buyer":
                chip_buyer = self.player_ref(node, pkey)
                continue
            canonical = _canonical(raw, PLAYER_PARAMETERS)
            if canonical is None:
                known = ", ".join([*PLAYER_PARAMETERS, "chip_buyer"])
                raise self.fail(pkey, f"unknown player parameter; known: {known}")
            alias_list, ok, expectation, _ = PLAYER_PARAMETERS[canonical]
            flat = f"{key}.{canonical}"
            if canonical in TABLE_PARAMETERS:
                partners = self.partner_table(node, pkey, key, flat, (ok, expectation))
                tables[canonical] = tuple(partners)
                for alias in alias_list:
                    self.aliases.update({f"{key}.{alias}.{pk}": f"{flat}.{pk}" for pk in partners})
            else:
                self.add(flat, self.figure(node, pkey), pkey, (ok, expectation))
                self.aliases.update({f"{key}.{alias}": flat for alias in alias_list})
            own.add(canonical)
        return tables, own, chip_buyer

    def declared_levers(self, k: int) -> list[str]:
        where = f"players[{k}]"
        declared = self.players_data[k].get("levers", [])
        if not isinstance(declared, list) or not all(isinstance(x, str) for x in declared):
            raise self.fail(f"{where}.levers", "expected a list of lever names")
        declared = [LEVER_ALIASES.get(x, x) for x in declared]
        for lever in declared:
            if lever not in LEVERS:
                known = ", ".join(LEVERS)
                raise self.fail(f"{where}.levers", f"unknown lever {lever!r}; levers are: {known}")
        return declared

    def strategy_levers(
        self, k: int, declared: list[str], own: set[str]
    ) -> tuple[list[str], dict[str, list[Any]], dict[str, list[str]]]:
        """(strategy keys, categorical lever values, partners of table levers) of player ``k``."""
        where, key = f"players[{k}]", self.keys[k]
        menu = self.players_data[k].get("strategies", [])
        strategy_keys: list[str] = []
        categorical: dict[str, list[Any]] = {x: [] for x in declared if x in _CATEGORICAL}
        lever_tables: dict[str, list[str]] = {}
        for s, item in enumerate(menu):
            swhere = f"{where}.strategies[{s}]"
            if not isinstance(item, dict):
                if declared:
                    raise self.fail(swhere, "expected a table with 'name' and the declared levers")
                item = {"name": item}
            for alias, canonical in LEVER_ALIASES.items():
                if alias in item:
                    if canonical in item:
                        raise self.fail(
                            f"{swhere}.{alias}", f"give {alias!r} or {canonical!r}, not both"
                        )
                    item = {(canonical if x == alias else x): v for x, v in item.items()}
            skey = slug(self.strategies[k][s])
            if skey in strategy_keys:
                raise self.fail(
                    f"{swhere}.name", f"strategy key {skey!r} clashes with another strategy"
                )
            if skey in PLAYER_PARAMETERS or skey in own:
                raise self.fail(
                    f"{swhere}.name", f"strategy key {skey!r} clashes with a parameter name"
                )
            strategy_keys.append(skey)
            for lever in item:
                if lever in LEVERS and lever not in declared:
                    raise self.fail(
                        f"{swhere}.{lever}", f"lever not declared in {where}.levers = {declared}"
                    )
            for lever in declared:
                lkey = f"{swhere}.{lever}"
                if lever not in item:
                    if not any(isinstance(x, dict) and lever in x for x in menu):
                        raise self.fail(
                            f"{where}.levers",
                            f"lever {lever!r} is declared but no strategy sets it",
                        )
                    raise self.fail(
                        lkey,
                        f"missing; every strategy of {self.names[k]!r} must set lever {lever!r}",
                    )
                node = item[lever]
                flat = f"{key}.{skey}.{lever}"
                if lever in _CATEGORICAL:
                    categorical[lever].append(self.categorical(node, lever, lkey))
                elif lever in TABLE_LEVERS:
                    partners = self.partner_table(node, lkey, key, flat, LEVER_CHECKS[lever])
                    previous = lever_tables.setdefault(lever, partners)
                    if sorted(previous) != sorted(partners):
                        raise self.fail(
                            lkey, f"must name the same partners in every strategy: {previous}"
                        )
                elif lever == "stockpile_days" and node == "baseline":
                    if "stockpile_days" not in own:
                        raise self.fail(lkey, f'"baseline" needs {where}.parameters.stockpile_days')
                    self.links[flat] = f"{key}.stockpile_days"
                else:
                    self.add(flat, self.figure(node, lkey), lkey, LEVER_CHECKS[lever])
        return strategy_keys, categorical, lever_tables

    def categorical(self, node: Any, lever: str, key: str) -> Any:
        options = _CATEGORICAL[lever]
        if node not in options or isinstance(node, bool) != isinstance(options[0], bool):
            shown = " or ".join(
                repr(o).lower() if isinstance(o, bool) else f'"{o}"' for o in options
            )
            raise self.fail(key, f"expected {shown}, got {node!r}")
        return node

    def blocks(self, k: int, spec: PlayerSpec) -> set[str]:
        """The blocks player ``k`` takes part in, checking the player parameters they need."""
        where = f"players[{k}]"
        used: set[str] = set()
        own, declared = spec.parameters, spec.levers
        if "chips" in declared and spec.chip_buyer is None:
            raise self.fail(
                f"{where}.parameters.chip_buyer", "missing; licensing chips needs the buying player"
            )
        if "tariff" in declared or "imports" in spec.tables:
            for partner in spec.lever_tables.get("tariff", ()):
                if partner not in spec.tables.get("imports", ()):
                    raise self.fail(
                        f"{where}.parameters.imports",
                        f"missing imports from {partner!r}: a tariff needs the import value",
                    )
            used.add("tariff")
        needs_output = []
        if "dependence" in spec.tables:
            used.add("disruption")
            needs_output.append("needed with a dependence table")
            if "lead_time" not in own:
                used.add("lead_time")
        if "stockpile_days" in declared:
            used.add("stockpile")
            needs_output.append("a stockpile lever needs it to value the stockpile")
        if needs_output and "exposed_output" not in own:
            raise self.fail(f"{where}.parameters.exposed_output", f"missing; {needs_output[0]}")
        if "controlled_exports" in own:
            used.add("supplier")
        used.update(x for x in ("chips", "purchases", "alliance") if x in declared)
        if "floor_volume" in own:
            used.add("floor")
        return used

    def check_needed(self, blocks: set[str], specs: Sequence[PlayerSpec]) -> None:
        """Every parameter the blocks need is given, and none is given that no block uses."""
        needed = {name for block in blocks for name in _NEEDS.get(block, ())}
        if "lead_time" in blocks:
            needed.add("lead_time")
        if "chips" in blocks and (
            not any("revenue_share" in s.levers for s in specs) or "revenue_share" in self.figures
        ):
            needed.add("revenue_share")  # the default for chip exporters without the lever
        for name in sorted(needed):
            if name not in self.figures:
                meaning = GLOBAL_PARAMETERS[name][3]
                raise self.fail(
                    f"parameters.{name}", f"missing; {meaning} is needed by this scenario"
                )
        unused = sorted(set(GLOBAL_PARAMETERS) & set(self.figures) - needed)
        if unused:
            raise self.fail(
                f"parameters.{unused[0]}", "not used by any block of this scenario; remove it"
            )

    def parse(self, params: Any) -> TradeModel:
        self.global_parameters(params)
        specs: list[PlayerSpec] = []
        blocks: set[str] = set()
        for k in range(len(self.players_data)):
            tables, own, chip_buyer = self.player_parameters(k)
            declared = self.declared_levers(k)
            strategy_keys, categorical, lever_tables = self.strategy_levers(k, declared, own)
            spec = PlayerSpec(
                name=self.names[k],
                key=self.keys[k],
                strategy_keys=tuple(strategy_keys),
                parameters=frozenset(own),
                tables=tables,
                levers=tuple(declared),
                lever_tables={a: tuple(b) for a, b in lever_tables.items()},
                categorical={a: tuple(b) for a, b in categorical.items()},
                chip_buyer=chip_buyer,
            )
            blocks |= self.blocks(k, spec)
            specs.append(spec)
        if not blocks:
            raise self.fail(
                "players",
                "no player has levers or parameters, so every payoff would be zero; give "
                "the trade-model parameters (docs/reference/scenario-format.md) or use "
                'model = "explicit" with a [payoffs] table',
            )
        self.check_needed(blocks, specs)
        return TradeModel(
            players=tuple(specs),
            figures=dict(self.figures),
            aliases=self.aliases,
            links=self.links,
            checks=self.checks,
        )


def parse_trade_model(
    data: Mapping[str, Any],
    path: Path,
    players_data: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    strategies: Sequence[Sequence[str]],
) -> TradeModel:
    """Compile the trade-model sections of a scenario into a :class:`TradeModel`."""
    return _ModelParser(path, players_data, names, strategies).parse(data.get("parameters", {}))
