"""Parsing and validation of the ``trade-model`` part of a scenario file.

Every number is a sourced figure: ``{ ref = "calibration_key" }`` (a row of
the calibration table), ``{ value = 0.5, source = "...", confidence = "..." }``,
or a bare ``0`` (a lever switched off needs no source). Errors name the file,
the key and what was expected.
"""

from __future__ import annotations

import difflib
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


class _Parser:
    def __init__(self, path: Path, calibration: Mapping[str, Figure]) -> None:
        self.path = path
        self.calibration = calibration
        self.figures: dict[str, Figure] = {}

    def fail(self, key: str, message: str) -> ScenarioError:
        return ScenarioError(self.path, key, message)

    def figure(self, node: Any, key: str) -> Figure:
        if isinstance(node, (bool, str)):
            raise self.fail(key, f"expected a number with a source, got {node!r}")
        if isinstance(node, (int, float)):
            if node == 0:
                return _ZERO
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


def parse_trade_model(
    data: Mapping[str, Any],
    path: Path,
    players_data: Sequence[Mapping[str, Any]],
    names: Sequence[str],
    strategies: Sequence[Sequence[str]],
) -> TradeModel:
    """Compile the trade-model sections of a scenario into a :class:`TradeModel`."""
    parser = _Parser(path, load_calibration())
    aliases: dict[str, str] = {}
    links: dict[str, str] = {}

    # player keys first: tables refer to other players by name or key
    keys: list[str] = []
    by_ref: dict[str, str] = {}
    for k, entry in enumerate(players_data):
        key = entry.get("key", slug(names[k]))
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
            raise parser.fail(f"players[{k}].key", f"expected a lower-case identifier, got {key!r}")
        if key in keys or key in GLOBAL_PARAMETERS:
            raise parser.fail(f"players[{k}].key", f"key {key!r} is already used")
        keys.append(key)
        by_ref[names[k]] = key
        by_ref[key] = key

    def player_ref(value: Any, key: str) -> str:
        if value not in by_ref:
            raise parser.fail(key, f"unknown player {value!r}; players are: {', '.join(names)}")
        return by_ref[value]

    # model-wide parameters
    params = data.get("parameters", {})
    if not isinstance(params, dict):
        raise parser.fail("parameters", "expected a table of model parameters")
    for raw, node in params.items():
        canonical = _canonical(raw, GLOBAL_PARAMETERS)
        if canonical is None:
            raise parser.fail(
                f"parameters.{raw}", f"unknown parameter; known: {', '.join(GLOBAL_PARAMETERS)}"
            )
        _, ok, expectation, _ = GLOBAL_PARAMETERS[canonical]
        parser.add(
            canonical,
            parser.figure(node, f"parameters.{raw}"),
            f"parameters.{raw}",
            (ok, expectation),
        )
    for canonical, (alias_list, *_r) in GLOBAL_PARAMETERS.items():
        for alias in alias_list:
            aliases[alias] = canonical

    specs: list[PlayerSpec] = []
    blocks: set[str] = set()
    for k, entry in enumerate(players_data):
        where = f"players[{k}]"
        key = keys[k]
        tables: dict[str, tuple[str, ...]] = {}
        own: set[str] = set()
        chip_buyer = None
        pparams = entry.get("parameters", {})
        if not isinstance(pparams, dict):
            raise parser.fail(f"{where}.parameters", "expected a table of player parameters")
        for raw, node in pparams.items():
            pkey = f"{where}.parameters.{raw}"
            if raw == "chip_buyer":
                chip_buyer = player_ref(node, pkey)
                continue
            canonical = _canonical(raw, PLAYER_PARAMETERS)
            if canonical is None:
                known = ", ".join([*PLAYER_PARAMETERS, "chip_buyer"])
                raise parser.fail(pkey, f"unknown player parameter; known: {known}")
            _, ok, expectation, _ = PLAYER_PARAMETERS[canonical]
            if canonical in TABLE_PARAMETERS:
                if not isinstance(node, dict) or "ref" in node or "value" in node:
                    raise parser.fail(
                        pkey, "expected a table by partner player, e.g. { China = { ref = ... } }"
                    )
                partners = []
                for partner, sub in node.items():
                    pk = player_ref(partner, f"{pkey}.{partner}")
                    if pk == key:
                        raise parser.fail(f"{pkey}.{partner}", "a player cannot be its own partner")
                    flat = f"{key}.{canonical}.{pk}"
                    parser.add(
                        flat,
                        parser.figure(sub, f"{pkey}.{partner}"),
                        f"{pkey}.{partner}",
                        (ok, expectation),
                    )
                    for alias in PLAYER_PARAMETERS[canonical][0]:
                        aliases[f"{key}.{alias}.{pk}"] = flat
                    partners.append(pk)
                tables[canonical] = tuple(partners)
            else:
                flat = f"{key}.{canonical}"
                parser.add(flat, parser.figure(node, pkey), pkey, (ok, expectation))
                for alias in PLAYER_PARAMETERS[canonical][0]:
                    aliases[f"{key}.{alias}"] = flat
            own.add(canonical)

        declared = entry.get("levers", [])
        if not isinstance(declared, list) or not all(isinstance(x, str) for x in declared):
            raise parser.fail(f"{where}.levers", "expected a list of lever names")
        declared = [LEVER_ALIASES.get(x, x) for x in declared]
        for lever in declared:
            if lever not in LEVERS:
                raise parser.fail(
                    f"{where}.levers", f"unknown lever {lever!r}; levers are: {', '.join(LEVERS)}"
                )
        menu = entry.get("strategies", [])
        strategy_keys: list[str] = []
        categorical: dict[str, list[Any]] = {
            lever: [] for lever in declared if lever in _CATEGORICAL
        }
        lever_tables: dict[str, list[str]] = {}
        for s, item in enumerate(menu):
            swhere = f"{where}.strategies[{s}]"
            if not isinstance(item, dict):
                if declared:
                    raise parser.fail(
                        swhere, "expected a table with 'name' and the declared levers"
                    )
                item = {"name": item}
            for alias, canonical in LEVER_ALIASES.items():
                if alias in item:
                    if canonical in item:
                        raise parser.fail(
                            f"{swhere}.{alias}", f"give {alias!r} or {canonical!r}, not both"
                        )
                    item = {(canonical if x == alias else x): v for x, v in item.items()}
            skey = slug(strategies[k][s])
            if skey in strategy_keys:
                raise parser.fail(
                    f"{swhere}.name", f"strategy key {skey!r} clashes with another strategy"
                )
            if skey in PLAYER_PARAMETERS or skey in own:
                raise parser.fail(
                    f"{swhere}.name", f"strategy key {skey!r} clashes with a parameter name"
                )
            strategy_keys.append(skey)
            set_here = [x for x in item if x in LEVERS]
            for lever in set_here:
                if lever not in declared:
                    raise parser.fail(
                        f"{swhere}.{lever}", f"lever not declared in {where}.levers = {declared}"
                    )
            for lever in declared:
                lkey = f"{swhere}.{lever}"
                if lever not in item:
                    users = [x for x in menu if isinstance(x, dict) and lever in x]
                    if not users:
                        raise parser.fail(
                            f"{where}.levers",
                            f"lever {lever!r} is declared but no strategy sets it",
                        )
                    raise parser.fail(
                        lkey, f"missing; every strategy of {names[k]!r} must set lever {lever!r}"
                    )
                node = item[lever]
                if lever in _CATEGORICAL:
                    options = _CATEGORICAL[lever]
                    if node not in options or isinstance(node, bool) != isinstance(
                        options[0], bool
                    ):
                        shown = " or ".join(
                            repr(o).lower() if isinstance(o, bool) else f'"{o}"' for o in options
                        )
                        raise parser.fail(lkey, f"expected {shown}, got {node!r}")
                    categorical[lever].append(node)
                elif lever in TABLE_LEVERS:
                    if not isinstance(node, dict) or "ref" in node or "value" in node:
                        raise parser.fail(
                            lkey,
                            "expected a table by partner player, e.g. { China = { ref = ... } }",
                        )
                    partners = []
                    for partner, sub in node.items():
                        pk = player_ref(partner, f"{lkey}.{partner}")
                        if pk == key:
                            raise parser.fail(
                                f"{lkey}.{partner}", "a player cannot be its own partner"
                            )
                        flat = f"{key}.{skey}.{lever}.{pk}"
                        parser.add(
                            flat,
                            parser.figure(sub, f"{lkey}.{partner}"),
                            f"{lkey}.{partner}",
                            LEVER_CHECKS[lever],
                        )
                        partners.append(pk)
                    previous = lever_tables.setdefault(lever, partners)
                    if sorted(previous) != sorted(partners):
                        raise parser.fail(
                            lkey, f"must name the same partners in every strategy: {previous}"
                        )
                elif lever == "stockpile_days" and node == "baseline":
                    if "stockpile_days" not in own:
                        raise parser.fail(
                            lkey, f'"baseline" needs {where}.parameters.stockpile_days'
                        )
                    links[f"{key}.{skey}.{lever}"] = f"{key}.stockpile_days"
                else:
                    parser.add(
                        f"{key}.{skey}.{lever}",
                        parser.figure(node, lkey),
                        lkey,
                        LEVER_CHECKS[lever],
                    )
        if "chips" in declared and chip_buyer is None:
            raise parser.fail(
                f"{where}.parameters.chip_buyer", "missing; licensing chips needs the buying player"
            )
        if "tariff" in declared or "imports" in tables:
            for partner in lever_tables.get("tariff", []):
                if partner not in tables.get("imports", ()):
                    raise parser.fail(
                        f"{where}.parameters.imports",
                        f"missing imports from {partner!r}: a tariff needs the import value",
                    )
            blocks.add("tariff")
        if "dependence" in tables:
            blocks.add("disruption")
            if "exposed_output" not in own:
                raise parser.fail(
                    f"{where}.parameters.exposed_output", "missing; needed with a dependence table"
                )
            if "lead_time" not in own:
                blocks.add("lead_time")
        if "controlled_exports" in own:
            blocks.add("supplier")
        for lever, block in (
            ("chips", "chips"),
            ("purchases", "purchases"),
            ("alliance", "alliance"),
        ):
            if lever in declared:
                blocks.add(block)
        if "stockpile_days" in declared:
            blocks.add("stockpile")
            if "exposed_output" not in own:
                raise parser.fail(
                    f"{where}.parameters.exposed_output",
                    "missing; a stockpile lever needs it to value the stockpile",
                )
        if "floor_volume" in own:
            blocks.add("floor")
        specs.append(
            PlayerSpec(
                name=names[k],
                key=key,
                strategy_keys=tuple(strategy_keys),
                parameters=frozenset(own),
                tables=tables,
                levers=tuple(declared),
                lever_tables={a: tuple(b) for a, b in lever_tables.items()},
                categorical={a: tuple(b) for a, b in categorical.items()},
                chip_buyer=chip_buyer,
            )
        )
    needed = {name for block in blocks for name in _NEEDS.get(block, ())}
    if "lead_time" in blocks:
        needed.add("lead_time")
    if "chips" in blocks and not any("revenue_share" in s.levers for s in specs):
        needed.add("revenue_share")
    elif "chips" in blocks and "revenue_share" in parser.figures:
        needed.add("revenue_share")  # the default for chip exporters without the lever
    for name in sorted(needed):
        if name not in parser.figures:
            raise parser.fail(
                f"parameters.{name}",
                f"missing; {GLOBAL_PARAMETERS[name][3]} is needed by this scenario",
            )
    unused = sorted(set(GLOBAL_PARAMETERS) & set(parser.figures) - needed)
    if unused:
        raise parser.fail(
            f"parameters.{unused[0]}", "not used by any block of this scenario; remove it"
        )
    return TradeModel(
        players=tuple(specs), figures=dict(parser.figures), aliases=aliases, links=links
    )
