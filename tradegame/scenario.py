"""Scenario files: games described as data in TOML, validated on load.

A scenario names its players and their strategies, says which payoff model
builds the game, and cites where every number comes from. This module reads
the header (format, name, source, players and strategy names) and hands the
rest of the file to the model it names (:data:`tradegame.models.MODELS`):
``"explicit"``, a payoff array per player typed from a cited source (a
textbook game, say), or ``"trade-model"``, where payoffs are derived by the
blocks of :mod:`tradegame.models.trade` from sourced parameters, trade flows
and levers (see ``docs/reference/scenario-format.md``). Every model answers
the same questions: its parameters, its levers, the status quo, and payoffs at
any lever setting. An explicit file::

    format = 1
    name = "tariff_prisoners_dilemma"
    title = "Tariff prisoners' dilemma"
    description = "Two large countries choose free trade or an optimal tariff."
    model = "explicit"
    payoff_units = "national welfare (textbook units)"

    [source]
    citation = "Suranovic (2010), International Trade: Theory and Policy, ch. 110"
    confidence = "illustrative"

    [[players]]
    name = "United States"
    strategies = ["free trade", "optimal tariff"]

    [[players]]
    name = "Brazil"
    strategies = ["free trade", "optimal tariff"]

    [payoffs]  # one nested array per player, one axis per player in order
    "United States" = [[100, 70], [120, 90]]
    "Brazil" = [[100, 120], [70, 90]]

Files are parsed with :mod:`tomllib` and never evaluated: a scenario is data.
Every problem is reported as one line naming the file, the key and what was
expected.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from . import limits
from ._paths import builtin_dir
from .analyses.spec import AnalysisSpec, parse_analysis_tables
from .errors import GameError, ParameterError, ScenarioError, on_command_line
from .files import read_input
from .game import Game, label_problem
from .limits import check_profiles
from .models import MODELS, Lever, PayoffModel, ScenarioHeader

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CONFIDENCE_LEVELS",
    "Scenario",
    "builtin_name",
    "list_scenarios",
    "load_scenario",
    "scenario_paths",
]

FORMAT_VERSION = 2
"""The newest scenario format: 2 (trade-model files); explicit files may say 1 or 2."""
CONFIDENCE_LEVELS = ("high", "medium", "low", "illustrative")
"""How far a figure can be trusted: measured data (high) to a teaching example (illustrative)."""

_HEADER_KEYS = {
    "format",
    "name",
    "title",
    "description",
    "model",
    "payoff_units",
    "source",
    "players",
    "sequence",
    "analysis",
    "sweep",
}
_SWEEP_KEYS = {"grid", "sample", "sample_ranges", "samples", "seed", "equilibria", "note"}
_PLAYER_KEYS = {"name", "strategies", "description"}
_STRATEGY_KEYS = {"name", "description"}
_SOURCE_KEYS = {"citation", "confidence", "note", "url"}
_DEEP_KEY = re.compile(r"(?<![\w\"'-])(?:(?:[\w-]++|\"[^\"\n]*+\"|'[^'\n]*+')\s*+\.\s*+){32,}")


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated scenario: a header plus the payoff model that builds its game.

    Attributes
    ----------
    name, title, description : str
        Identifier (file stem), display title and one-line description.
    model : str
        ``"explicit"`` (payoff arrays typed from a source) or ``"trade-model"``
        (payoffs derived from sourced parameters by :mod:`tradegame.models.trade`).
    players : tuple of str
    strategies : tuple of tuple of str
    citation, confidence : str
        Source of the scenario as a whole and its confidence mark.
    payoff_units : str
    path : pathlib.Path
        File the scenario was read from.
    payoff_model : PayoffModel
        The model named in the file (see :mod:`tradegame.models.base`).
    overrides : mapping
        Parameter values replacing those in the file (see :func:`load_scenario`).
    analysis : AnalysisSpec
        The file's ``[sequence]`` and ``[analysis]`` tables: the move order and
        the profiles, threat, levers and alliance the strategic analyses use.
    sweep : mapping
        The file's ``[sweep]`` table: the sweep :func:`tradegame.sweep` runs when
        given no grid or draws (``grid``, ``sample``, ``sample_ranges``,
        ``samples``, ``seed``, ``equilibria``), checked for form on load and
        against the model when a sweep is built.

    Two scenarios are equal when they were read from the same file (by
    resolved path) with the same content and equal override values.
    """

    name: str
    title: str
    description: str
    model: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    citation: str
    confidence: str
    payoff_units: str
    path: Path
    payoff_model: PayoffModel
    overrides: Mapping[str, Any] = field(default_factory=dict)
    analysis: AnalysisSpec = field(default_factory=AnalysisSpec)
    sweep: Mapping[str, Any] = field(default_factory=dict)

    def _fields(self) -> tuple:
        return (
            self.name,
            self.title,
            self.description,
            self.model,
            self.players,
            self.strategies,
            self.citation,
            self.confidence,
            self.payoff_units,
            self.path.resolve(),
            sorted((k, float(v)) for k, v in self.overrides.items()),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self._fields() == other._fields() and self.payoff_model == other.payoff_model

    __hash__ = None  # type: ignore[assignment]

    def _merged(self, values: Mapping[str, Any] | None) -> dict[str, Any]:
        if values is not None and not isinstance(values, Mapping):
            raise ParameterError(
                "values must be a mapping of parameter names to numbers or arrays, e.g. "
                f'{{"sigma": [0.1, 0.2]}}; got {type(values).__name__}'
            )
        merged = {**self.overrides, **(values or {})}
        if merged and self.model == "explicit":
            raise ParameterError(
                f"{self.path}: an explicit-payoff scenario has no parameters to vary"
            )
        return merged

    def with_overrides(self, values: Mapping[str, float]) -> Scenario:
        """A copy with more parameter overrides, checked against the model's domain now.

        ``values`` maps names (as for :func:`load_scenario`'s ``overrides``) to
        single numbers; they are added to the overrides this scenario already
        has (a name given again takes the new value). Cheaper than loading the
        file again, which matters where many settings of one scenario are
        built (the explorer).

        Examples
        --------
        >>> import tradegame as tg
        >>> s = tg.load_scenario("india_magnet_shortage_2025", {"mcpf": 1.2})
        >>> dict(s.with_overrides({"sigma": 0.2}).overrides)
        {'mcpf': 1.2, 'sigma': 0.2}
        """
        if not isinstance(values, Mapping):
            raise ParameterError(
                "overrides must be a mapping of parameter names to values, e.g. "
                f'{{"india.inventory_days": 60}}; got {type(values).__name__}'
            )
        for name, value in values.items():
            if not isinstance(name, str):
                raise ParameterError(f"override names are strings such as 'alpha'; got {name!r}")
            if np.ndim(value) != 0:
                raise ParameterError(
                    f"override {name} must be one number (a game has one value of each "
                    f"parameter; Scenario.payoff_tensors evaluates many at once); got {value!r}"
                )
        if self.model == "explicit":
            raise ScenarioError(
                self.path, None, "an explicit-payoff scenario has no parameters to override"
            )
        merged = {**self.overrides, **values}
        try:
            self.payoff_model.check_values(merged)  # validate names and ranges now
        except ParameterError as exc:
            raise ScenarioError(self.path, "override", str(exc)) from None
        return dataclasses.replace(
            self, overrides=MappingProxyType({k: float(v) for k, v in merged.items()})
        )

    def payoffs(
        self, settings: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        """Payoffs at any lever setting, for a batch of settings and parameter points.

        Parameters
        ----------
        settings : mapping
            ``{"player.lever": value or array}`` (see :meth:`levers`); levers
            left out keep their status-quo value. Finite levers take their
            options (``"licensed"``, ``True``).
        values : mapping, optional
            Parameter overrides as for :meth:`payoff_tensors`, numbers or arrays.

        Returns
        -------
        ndarray
            The broadcast shape of every array given, plus a last axis over
            players in :attr:`players` order. For the trade model, changes from
            the status quo (exactly 0 there).

        Examples
        --------
        >>> import numpy as np, tradegame as tg
        >>> s = tg.load_scenario("quid_pro_quo_busan_2025")
        >>> s.payoffs({"us.tariff": np.linspace(0.2, 1.2, 10_000)}).shape
        (10000, 2)
        >>> s.payoffs(s.status_quo())
        array([0., 0.])
        """
        return self.payoff_model.payoffs(settings, self._merged(values))

    def payoff_tensors(self, values: Mapping[str, Any] | None = None) -> np.ndarray:
        """Payoff tensors for a batch of parameter points, shape ``(B, n_players, *shape)``.

        ``values`` maps parameter paths (``"sigma"``, ``"india.inventory_days"``,
        ``"china.april_2025_licensing.export_control"``), aliases (``"T"``) or
        calibration keys (``"kappa_april_2025"``) to numbers or 1-d arrays of
        equal length ``B``; all points are evaluated in one vectorized call.

        Examples
        --------
        >>> import numpy as np, tradegame as tg
        >>> s = tg.load_scenario("india_magnet_shortage_2025")
        >>> s.payoff_tensors({"sigma": np.linspace(0.1, 0.3, 1_000)}).shape
        (1000, 4, 3, 2, 2, 2)
        """
        merged = self._merged(values)
        model = self.payoff_model
        if hasattr(model, "tensors"):
            return model.tensors(merged)
        return np.stack(model.arrays)[None]  # type: ignore[attr-defined]

    def game(self) -> Game:
        """The normal-form game this scenario describes (with any overrides applied)."""
        tensor = self.payoff_tensors()[0]
        return Game(
            tensor,
            self.players,
            self.strategies,
            name=self.title,
            source=f"{self.citation} [confidence: {self.confidence}]",
        )

    def levers(self) -> pd.DataFrame:
        """What each player can set: one row per lever.

        Columns: ``player``, ``lever`` (the key used in :meth:`payoffs`),
        ``unit``, ``low`` and ``high`` (for a continuous lever, the range its
        strategies and status quo span), ``values`` (for a finite lever, its
        options), ``domain`` (what the model accepts), ``status_quo`` and
        ``description``.
        """
        import pandas as pd

        rows: list[Lever] = self.payoff_model.levers(self.overrides)
        return pd.DataFrame(
            [
                {
                    "player": lv.player,
                    "lever": lv.key,
                    "unit": lv.unit,
                    "low": lv.low,
                    "high": lv.high,
                    "values": lv.values,
                    "domain": lv.domain,
                    "status_quo": lv.status_quo,
                    "description": lv.description,
                }
                for lv in rows
            ],
            columns=[
                "player",
                "lever",
                "unit",
                "low",
                "high",
                "values",
                "domain",
                "status_quo",
                "description",
            ],
        )

    def outcomes(
        self, settings: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> dict[str, np.ndarray]:
        """Observable quantities at a lever setting (trade model): import values, prices,
        shortfalls, the fall in the supplier's sales, entry probabilities.

        See :meth:`tradegame.models.trade.TradeModel.outcomes`; the validation table
        compares them with the record.
        """
        if self.model == "explicit":
            raise ParameterError(f"{self.path}: an explicit-payoff scenario has no outcomes")
        return self.payoff_model.outcomes(settings, self._merged(values))  # type: ignore[attr-defined]

    def status_quo(self) -> dict[str, Any]:
        """The observed lever setting as ``{"player.lever": value}``.

        Examples
        --------
        >>> import tradegame as tg
        >>> tg.load_scenario("quid_pro_quo_busan_2025").status_quo()["us.tariff"]
        0.208
        """
        return self.payoff_model.status_quo(self.overrides)

    def strategy_settings(self) -> list[list[dict[str, Any]]]:
        """Each strategy as the lever setting it names, per player."""
        return self.payoff_model.strategy_settings(self.overrides)

    def parameters(self) -> pd.DataFrame:
        """Every number behind the payoffs with its sweep range, unit, source and confidence.

        One row per dotted parameter path; ``low`` and ``high`` are the sweep
        range (from the calibration table), ``ref`` the calibration key (empty
        for a figure given inline) and ``overridden`` marks values replaced by
        :attr:`overrides`.
        """
        import pandas as pd

        columns = [
            "parameter",
            "value",
            "low",
            "high",
            "unit",
            "source",
            "confidence",
            "ref",
            "overridden",
        ]
        replaced = {p for name in self.overrides for p in self.payoff_model.resolve(name)}
        rows = [
            (
                r.parameter,
                r.value,
                r.low,
                r.high,
                r.unit,
                r.source,
                r.confidence,
                r.ref,
                r.parameter in replaced,
            )
            for r in self.payoff_model.parameter_rows(self.overrides)
        ]
        return pd.DataFrame(rows, columns=columns)


def scenario_paths() -> dict[str, Path]:
    """Built-in scenario files by name."""
    folder = builtin_dir()
    return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder.is_dir() else {}


def builtin_name(scenario: Scenario) -> str | None:
    """The built-in name of ``scenario`` when it was loaded from the packaged file, else None.

    A copy of a built-in file elsewhere (perhaps edited) keeps its ``name``
    but is not the packaged scenario, so it gets None.
    """
    packaged = scenario_paths().get(Path(scenario.path).stem) if scenario.path else None
    if packaged is None or packaged.stem != scenario.name:
        return None
    return scenario.name if Path(scenario.path).resolve() == packaged.resolve() else None


def _resolve(name_or_path: str | os.PathLike[str]) -> Path:
    if not isinstance(name_or_path, (str, os.PathLike)) or not str(name_or_path).strip():
        raise ScenarioError(
            repr(name_or_path), None, "expected a built-in scenario name or a path to a .toml file"
        )
    candidate = Path(name_or_path)
    if candidate.suffix.lower() == ".toml" or candidate.exists() or "/" in str(name_or_path):
        if not candidate.exists():
            hint = ""
            if candidate.stem in scenario_paths():
                hint = f"; the built-in scenario is named {candidate.stem!r}, without a folder"
            raise ScenarioError(candidate, None, f"file not found{hint}")
        return candidate
    builtin = scenario_paths()
    if str(name_or_path) in builtin:
        return builtin[str(name_or_path)]
    known = ", ".join(builtin) or "none"
    raise ScenarioError(
        name_or_path,
        None,
        "no such scenario file or built-in scenario"
        + _did_you_mean(str(name_or_path), list(builtin))
        + f"; built-in scenarios: {known}",
    )


def read_number(text: str) -> float:
    """A parameter value typed by a person (``--set sigma=0.2``, a box on the explorer page).

    Read with :func:`float` and never evaluated; underscores are refused
    (``float`` reads ``1_0`` as 10, which is a typo, not a number), and so is
    anything outside ASCII (``float`` reads full-width digits). Raises
    ValueError for anything else that is not a number.

    Examples
    --------
    >>> read_number(" 0.25 "), read_number("1e3"), read_number("inf")
    (0.25, 1000.0, inf)
    """
    if not isinstance(text, str) or "_" in text or not text.isascii():
        raise ValueError(text)  # float() also reads full-width and other scripts' digits
    return float(text)


def _did_you_mean(name: str, names: list[str]) -> str:
    """'; did you mean X?' for a near miss or a part of a built-in name ('busan'), else ''."""
    import difflib

    key = name.lower()
    close = [n for n in names if key and key in n.lower()] or difflib.get_close_matches(
        key, names, n=2
    )
    return f"; did you mean {' or '.join(close[:2])}?" if close else ""


def _expect(cond: bool, path: Path, key: str, message: str) -> None:
    if not cond:
        raise ScenarioError(path, key, message)


def _text(
    data: Mapping[str, Any], key: str, path: Path, where: str, *, required: bool = True
) -> str:
    value = data.get(key)
    full = f"{where}.{key}" if where else key
    if value is None and not required:
        return ""
    _expect(value is not None, path, full, "missing; expected a string")
    _expect(
        isinstance(value, str) and value.strip() != "",
        path,
        full,
        f"expected a non-empty string, got {value!r}",
    )
    _no_control(value, path, full)
    return value


def _no_control(value: str, path: Path, key: str) -> None:
    """Refuse control characters (ESC, BEL, NUL, C1 codes) other than tab and line breaks.

    Such text would reach terminals (where an escape sequence can clear the
    screen or retitle the window) and SVG figures (which may not contain them).
    """
    bad = next(
        (c for c in value if (ord(c) < 32 and c not in "\t\n\r") or 127 <= ord(c) < 160), None
    )
    _expect(
        bad is None, path, key, f"holds the control character U+{ord(bad or ' '):04X}; remove it"
    )


def _label(data: Mapping[str, Any], key: str, path: Path, where: str) -> str:
    """A player name or strategy label: a one-line string without surrounding white space."""
    value = _text(data, key, path, where)
    problem = label_problem(value)
    _expect(problem is None, path, f"{where}.{key}", f"names {problem}")
    return value


def _unknown(data: Mapping[str, Any], allowed: set[str], path: Path, where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        key = f"{where}.{extra[0]}" if where else extra[0]
        raise ScenarioError(path, key, f"unknown key; allowed here: {', '.join(sorted(allowed))}")


def _player_key(entry: Mapping[str, Any], name: str, path: Path, where: str, k: int) -> str:
    """The player's ``key`` as given, else made from its name (``united_states``).

    A name with no ASCII letter to start a key (``"中国"``, ``"2nd bloc"``) gets
    ``player_K`` (its position from 1), followed by whatever ASCII it has.
    """
    derived = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not re.match(r"[a-z]", derived):
        derived = f"player_{k + 1}" + (f"_{derived}" if derived else "")
    key = entry.get("key", derived)
    _expect(
        isinstance(key, str) and re.fullmatch(r"[a-z][a-z0-9_]*", key) is not None,
        path,
        f"{where}.key",
        f"expected a lower-case identifier, got {key!r}",
    )
    return key


def _sweep_table(table: object, path: Path) -> Mapping[str, Any]:
    """The ``[sweep]`` table, checked for form (names and ranges are checked by the model)."""
    if table is None:
        return MappingProxyType({})
    _expect(isinstance(table, dict), path, "sweep", "expected a [sweep] table")
    _unknown(table, _SWEEP_KEYS, path, "sweep")
    out: dict[str, Any] = {}
    for key in ("grid", "sample"):
        value = table.get(key, {})
        _expect(isinstance(value, dict), path, f"sweep.{key}", "expected a table of parameters")
        for name, item in value.items():
            ok = isinstance(item, str) or (
                key == "grid"
                and isinstance(item, list)
                and len(item) > 0
                and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in item)
            )
            expected = (
                "'START:STOP:NUM' text or a list of numbers"
                if key == "grid"
                else "a distribution such as 'uniform(0.1, 0.3)'"
            )
            _expect(ok, path, f"sweep.{key}.{name}", f"expected {expected}, got {item!r}")
        if value:
            out[key] = dict(value)
    ranges = table.get("sample_ranges")
    if ranges is not None:
        _expect(
            isinstance(ranges, str)
            or (isinstance(ranges, list) and all(isinstance(x, str) for x in ranges)),
            path,
            "sweep.sample_ranges",
            'expected a confidence level or a list of them, e.g. ["low", "medium"]',
        )
        out["sample_ranges"] = ranges
    for key in ("samples", "seed"):
        value = table.get(key)
        if value is not None:
            _expect(
                isinstance(value, int) and not isinstance(value, bool) and value >= 0,
                path,
                f"sweep.{key}",
                f"expected a whole number, got {value!r}",
            )
            out[key] = value
    if "equilibria" in table:
        out["equilibria"] = _text(table, "equilibria", path, "sweep")
    return MappingProxyType(out)


def parse_scenario(
    data: Mapping[str, Any], path: Path, *, max_profiles: int | None = None
) -> Scenario:
    """Validate parsed TOML ``data`` read from ``path`` into a :class:`Scenario`.

    The header is read here; the rest of the file goes to the model it names.
    ``max_profiles`` bounds the game's number of pure profiles (default
    :data:`~tradegame.limits.MAX_PROFILES`), checked before any payoff is built.
    """
    model = data.get("model", "explicit")
    _expect(
        isinstance(model, str) and model in MODELS,
        path,
        "model",
        f"unknown model {model!r}; expected one of: {', '.join(MODELS)}",
    )
    spec = MODELS[model]
    _unknown(data, _HEADER_KEYS | spec.top_keys, path, "")
    version = data.get("format", FORMAT_VERSION)
    _expect(
        isinstance(version, int) and not isinstance(version, bool),
        path,
        "format",
        f"expected a whole number such as {FORMAT_VERSION} (format = {FORMAT_VERSION}), "
        f"got {version!r}",
    )
    if model == "trade-model" and version == 1:
        raise ScenarioError(
            path,
            "format",
            "format 1 trade-model files are not read any more: the model now has trade "
            "[[flows]], a status-quo baseline and sourced levers; see "
            "docs/reference/scenario-format.md and write format = 2",
        )
    _expect(
        version in spec.formats,
        path,
        "format",
        f"unsupported format version {version}; this tradegame reads "
        f"{' or '.join(map(str, spec.formats))} for model = {model!r}",
    )
    name = data.get("name", path.stem)
    _expect(
        isinstance(name, str) and name.strip() != "", path, "name", "expected a non-empty string"
    )
    _no_control(name, path, "name")
    title = _text(data, "title", path, "", required=False) or name
    description = _text(data, "description", path, "", required=False)
    units = _text(data, "payoff_units", path, "", required=False)

    source = data.get("source")
    _expect(
        isinstance(source, dict),
        path,
        "source",
        "missing; every scenario needs a [source] table with 'citation' and 'confidence'",
    )
    _unknown(source, _SOURCE_KEYS, path, "source")
    citation = _text(source, "citation", path, "source")
    confidence = _text(source, "confidence", path, "source")
    _expect(
        confidence in CONFIDENCE_LEVELS,
        path,
        "source.confidence",
        f"expected one of {', '.join(CONFIDENCE_LEVELS)}, got {confidence!r}",
    )

    players_data = data.get("players")
    _expect(
        isinstance(players_data, list) and len(players_data) >= 2,
        path,
        "players",
        "expected at least two [[players]] tables",
    )
    players: list[str] = []
    keys: list[str] = []
    strategies: list[tuple[str, ...]] = []
    for k, entry in enumerate(players_data):
        where = f"players[{k}]"
        _expect(
            isinstance(entry, dict), path, where, "expected a table with 'name' and 'strategies'"
        )
        _unknown(entry, _PLAYER_KEYS | spec.player_keys, path, where)
        player = _label(entry, "name", path, where)
        _expect(player not in players, path, f"{where}.name", f"player {player!r} appears twice")
        key = _player_key(entry, player, path, where, k)
        _expect(key not in keys, path, f"{where}.key", f"key {key!r} is already used")
        menu = entry.get("strategies")
        _expect(
            isinstance(menu, list) and len(menu) >= 1,
            path,
            f"{where}.strategies",
            "expected a non-empty list of strategy names or tables",
        )
        labels: list[str] = []
        for s, item in enumerate(menu):
            swhere = f"{where}.strategies[{s}]"
            if isinstance(item, dict):
                if spec.strategy_keys is not None:
                    _unknown(item, _STRATEGY_KEYS | spec.strategy_keys, path, swhere)
                label = _label(item, "name", path, swhere)
            else:
                _expect(
                    isinstance(item, str) and item.strip() != "",
                    path,
                    swhere,
                    f"expected a strategy name, got {item!r}",
                )
                problem = label_problem(item)
                _expect(problem is None, path, swhere, f"names {problem}")
                label = item
            _expect(
                label not in labels,
                path,
                swhere,
                f"strategy {label!r} appears twice for {player!r}",
            )
            labels.append(label)
        players.append(player)
        keys.append(key)
        strategies.append(tuple(labels))
    shape = tuple(len(s) for s in strategies)
    problem = check_profiles(shape, max_profiles)
    _expect(problem is None, path, "players", str(problem))
    header = ScenarioHeader(
        data, path, players_data, players, strategies, keys, citation, confidence, units
    )
    payoff_model = spec.build(header)
    scenario = Scenario(
        name=name,
        title=title,
        description=description,
        model=model,
        players=tuple(players),
        strategies=tuple(strategies),
        citation=citation,
        confidence=confidence,
        payoff_units=units,
        path=path,
        payoff_model=payoff_model,
        analysis=parse_analysis_tables(data, tuple(players), tuple(strategies), path),
        sweep=_sweep_table(data.get("sweep"), path),
    )
    if model == "explicit":
        try:
            scenario.game()
        except GameError as exc:  # pragma: no cover - the checks above catch these first
            raise ScenarioError(path, None, str(exc)) from None
    return scenario


def load_scenario(
    name_or_path: str | os.PathLike[str],
    /,
    overrides: Mapping[str, Any] | None = None,
    *,
    max_profiles: int | None = None,
    **kw: Any,
) -> Scenario:
    """Load a scenario by built-in name or by path to a ``.toml`` file.

    Parameters
    ----------
    name_or_path : str or path-like
        A built-in scenario name (see :func:`list_scenarios`) or a file path.
    overrides : mapping, optional
        Parameter values to use instead of the file's, by dotted name, e.g.
        ``{"india.inventory_days": 60}``; also accepted as keyword arguments
        when the name is a Python identifier (``sigma=0.2``).
    max_profiles : int, optional
        Most pure profiles the scenario's game may have (default
        :data:`~tradegame.limits.MAX_PROFILES`).

    Examples
    --------
    >>> import tradegame as tg
    >>> s = tg.load_scenario("tariff_prisoners_dilemma")
    >>> s.game()
    <2x2 Game "Tariff prisoners' dilemma" (United States, Brazil)>
    >>> dict(tg.load_scenario("india_magnet_shortage_2025", {"india.inventory_days": 60}).overrides)
    {'india.inventory_days': 60.0}
    """
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ParameterError(
            "overrides must be a mapping of parameter names to values, e.g. "
            f'{{"india.inventory_days": 60}}; got {type(overrides).__name__}'
        )
    path = _resolve(name_or_path)
    raw = read_input(path, max_bytes=limits.MAX_SCENARIO_BYTES, error=ScenarioError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            path, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    if text.lstrip().startswith("NFG"):
        reader = "tradegame solve" if on_command_line() else "tradegame.read_nfg"
        raise ScenarioError(
            path, None, f"is a Gambit .nfg game, not a scenario; read it with {reader}"
        )
    if deep := _DEEP_KEY.search(text):  # tomllib takes quadratic time on such keys
        line = text.count("\n", 0, deep.start()) + 1
        raise ScenarioError(path, f"line {line}", "a key with more than 32 dotted parts")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(
            path, None, f"not valid TOML ({exc}); scenario files are TOML, games .nfg files"
        ) from None
    except RecursionError:
        raise ScenarioError(
            path, None, "not valid TOML (arrays or tables nested too deeply)"
        ) from None
    scenario = parse_scenario(data, path, max_profiles=max_profiles)
    merged = {**(overrides or {}), **kw}
    if not merged:
        return scenario
    return scenario.with_overrides(merged)


def list_scenarios() -> pd.DataFrame:
    """The built-in scenarios: name, title, players, strategies per player, description."""
    import pandas as pd

    rows = []
    for name, path in scenario_paths().items():
        s = load_scenario(path)
        rows.append(
            {
                "name": name,
                "title": s.title,
                "players": ", ".join(s.players),
                "strategies": "x".join(str(len(x)) for x in s.strategies),
                "description": s.description,
            }
        )
    return pd.DataFrame(rows, columns=["name", "title", "players", "strategies", "description"])
