"""Scenario files: games described as data in TOML, validated on load.

A scenario names its players and their strategies, says which payoff model
builds the game, and cites where every number comes from. Two models exist:
``"explicit"``, a payoff array per player typed from a cited source (a
textbook game, say), and ``"trade-model"``, where payoffs are derived by
:mod:`tradegame.economics` from sourced parameters and per-strategy levers
(parsed by :mod:`tradegame._trade_scenario`; see
``docs/reference/scenario-format.md``). An explicit file::

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
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import limits
from ._paths import builtin_dir
from ._trade_scenario import parse_trade_model
from .economics.model import LEVER_ALIASES, LEVERS, TradeModel
from .errors import GameError, ParameterError, ScenarioError, on_command_line
from .files import read_input
from .game import Game, label_problem
from .limits import check_profiles

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CONFIDENCE_LEVELS", "Scenario", "list_scenarios", "load_scenario", "scenario_paths"]

FORMAT_VERSION = 1
MODELS = ("explicit", "trade-model")
CONFIDENCE_LEVELS = ("high", "medium", "low", "illustrative")
"""How far a figure can be trusted: measured data (high) to a teaching example (illustrative)."""

_TOP_KEYS = {
    "format",
    "name",
    "title",
    "description",
    "model",
    "payoff_units",
    "source",
    "players",
    "payoffs",
    "parameters",
}
_PLAYER_KEYS = {"name", "strategies", "description"}
_STRATEGY_KEYS = {"name", "description"}
_MODEL_PLAYER_KEYS = {"key", "levers", "parameters"}  # extra keys of the trade model
_SOURCE_KEYS = {"citation", "confidence", "note", "url"}
_DEEP_KEY = re.compile(r"(?<![\w\"'-])(?:(?:[\w-]++|\"[^\"\n]*+\"|'[^'\n]*+')\s*+\.\s*+){32,}")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario.

    Attributes
    ----------
    name, title, description : str
        Identifier (file stem), display title and one-line description.
    model : str
        ``"explicit"`` (payoff arrays typed from a source) or ``"trade-model"``
        (payoffs derived from sourced parameters by :mod:`tradegame.economics`).
    players : tuple of str
    strategies : tuple of tuple of str
    citation, confidence : str
        Source of the scenario as a whole and its confidence mark.
    payoff_units : str
    path : pathlib.Path
        File the scenario was read from.
    overrides : mapping
        Parameter values replacing those in the file (see :func:`load_scenario`).
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
    _payoffs: tuple[np.ndarray, ...] | None
    trade_model: TradeModel | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def payoff_tensors(self, values: Mapping[str, Any] | None = None) -> np.ndarray:
        """Payoff tensors for a batch of parameter points, shape ``(B, n_players, *shape)``.

        ``values`` maps parameter paths (``"cost_share"``, ``"india.stockpile_days"``,
        ``"china.april_2025_licensing.export_control"``), aliases (``"alpha"``) or
        calibration keys (``"kappa_april_2025"``) to numbers or 1-d arrays of
        equal length ``B``; all points are evaluated in one vectorized call.

        Examples
        --------
        >>> import numpy as np, tradegame as tg
        >>> s = tg.load_scenario("india_magnet_shortage_2025")
        >>> s.payoff_tensors({"alpha": np.linspace(0.005, 0.03, 10_000)}).shape
        (10000, 4, 3, 2, 2, 2)
        """
        if values is not None and not isinstance(values, Mapping):
            raise ParameterError(
                "values must be a mapping of parameter names to numbers or arrays, e.g. "
                f'{{"alpha": [0.01, 0.02]}}; got {type(values).__name__}'
            )
        if self.trade_model is None:
            if values:
                raise ParameterError(
                    f"{self.path}: an explicit-payoff scenario has no parameters to vary"
                )
            return np.stack(self._payoffs)[None]  # type: ignore[arg-type]
        merged = {**self.overrides, **(values or {})}
        return self.trade_model.payoffs(merged)

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

    def parameters(self) -> pd.DataFrame:
        """Every number behind the payoffs with its unit, source and confidence.

        One row per dotted parameter path; ``ref`` is the calibration key (empty
        for a figure given inline) and ``overridden`` marks values replaced by
        :attr:`overrides`.
        """
        import pandas as pd

        columns = ["parameter", "value", "unit", "source", "confidence", "ref", "overridden"]
        if self.trade_model is None:
            return pd.DataFrame(
                [
                    (
                        "payoffs",
                        float("nan"),
                        self.payoff_units,
                        self.citation,
                        self.confidence,
                        "",
                        False,
                    )
                ],
                columns=columns,
            )
        env, _ = self.trade_model.environment(self.overrides)
        replaced = {p for name in self.overrides for p in self.trade_model.resolve(name)}
        rows = [
            (
                path,
                float(env[path][0]),
                fig.unit,
                fig.source,
                fig.confidence,
                fig.ref or "",
                path in replaced,
            )
            for path, fig in self.trade_model.figures.items()
        ]
        return pd.DataFrame(rows, columns=columns)


def scenario_paths() -> dict[str, Path]:
    """Built-in scenario files by name."""
    folder = builtin_dir()
    return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder.is_dir() else {}


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
        f"no such scenario file or built-in scenario; built-in scenarios: {known}",
    )


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
    return value


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


def _payoff_array(value: Any, path: Path, key: str, shape: tuple[int, ...]) -> np.ndarray:
    def check(node: Any, depth: int, index: tuple[int, ...]) -> None:
        if depth == len(shape):
            ok = isinstance(node, (int, float)) and not isinstance(node, bool)
            where = f"{key}{list(index)}"
            _expect(ok, path, where, f"expected a number, got {node!r}")
            try:
                finite = math.isfinite(node)
            except OverflowError:  # an integer of hundreds of digits
                finite = False
            shown = f"{node!r:.40}" + ("..." if len(repr(node)) > 40 else "")
            _expect(finite, path, where, f"payoffs must be finite numbers, got {shown}")
            return
        _expect(
            isinstance(node, list),
            path,
            f"{key}{list(index)}" if index else key,
            f"expected a nested array of shape {shape}",
        )
        _expect(
            len(node) == shape[depth],
            path,
            f"{key}{list(index)}" if index else key,
            f"has {len(node)} entries along axis {depth}; strategies imply shape {shape}",
        )
        for k, child in enumerate(node):
            check(child, depth + 1, (*index, k))

    check(value, 0, ())
    return np.array(value, dtype=float)


def parse_scenario(
    data: Mapping[str, Any], path: Path, *, max_profiles: int | None = None
) -> Scenario:
    """Validate parsed TOML ``data`` read from ``path`` into a :class:`Scenario`.

    ``max_profiles`` bounds the game's number of pure profiles (default
    :data:`~tradegame.limits.MAX_PROFILES`), checked before any payoff is built.
    """
    _unknown(data, _TOP_KEYS, path, "")
    version = data.get("format", FORMAT_VERSION)
    _expect(
        isinstance(version, int) and not isinstance(version, bool),
        path,
        "format",
        f"expected the whole number {FORMAT_VERSION} (format = {FORMAT_VERSION}), got {version!r}",
    )
    _expect(
        version == FORMAT_VERSION,
        path,
        "format",
        f"unsupported format version {version}; this tradegame reads version {FORMAT_VERSION}",
    )
    name = data.get("name", path.stem)
    _expect(
        isinstance(name, str) and name.strip() != "", path, "name", "expected a non-empty string"
    )
    title = _text(data, "title", path, "", required=False) or name
    description = _text(data, "description", path, "", required=False)
    model = data.get("model", "explicit")
    _expect(
        model in MODELS,
        path,
        "model",
        f"unknown model {model!r}; expected one of: {', '.join(MODELS)}",
    )
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
    strategies: list[tuple[str, ...]] = []
    for k, entry in enumerate(players_data):
        where = f"players[{k}]"
        _expect(
            isinstance(entry, dict), path, where, "expected a table with 'name' and 'strategies'"
        )
        allowed = _PLAYER_KEYS | (_MODEL_PLAYER_KEYS if model == "trade-model" else set())
        _unknown(entry, allowed, path, where)
        player = _label(entry, "name", path, where)
        _expect(player not in players, path, f"{where}.name", f"player {player!r} appears twice")
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
                levers = set(LEVERS) | set(LEVER_ALIASES)
                allowed = _STRATEGY_KEYS | (levers if model == "trade-model" else set())
                _unknown(item, allowed, path, swhere)
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
        strategies.append(tuple(labels))
    shape = tuple(len(s) for s in strategies)
    problem = check_profiles(shape, max_profiles)
    _expect(problem is None, path, "players", str(problem))
    common = dict(
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
    )
    if model == "trade-model":
        _expect(
            "payoffs" not in data,
            path,
            "payoffs",
            "the trade model derives payoffs from parameters; remove the [payoffs] table",
        )
        trade = parse_trade_model(data, path, players_data, players, strategies)
        return Scenario(**common, _payoffs=None, trade_model=trade)
    _expect(
        "parameters" not in data,
        path,
        "parameters",
        'explicit-payoff scenarios take no [parameters]; use model = "trade-model"',
    )

    payoffs_data = data.get("payoffs")
    _expect(
        isinstance(payoffs_data, dict),
        path,
        "payoffs",
        "missing; the explicit model needs a [payoffs] table with one array per player",
    )
    for key in payoffs_data:
        _expect(
            key in players,
            path,
            f"payoffs.{key}",
            f"unknown player {key!r}; players are: {', '.join(players)}",
        )
    arrays = []
    for player in players:
        _expect(
            player in payoffs_data,
            path,
            f"payoffs.{player}",
            "missing payoff array for this player",
        )
        arrays.append(_payoff_array(payoffs_data[player], path, f"payoffs.{player}", shape))
    scenario = Scenario(**common, _payoffs=tuple(arrays))
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
        ``{"india.stockpile_days": 60}``; also accepted as keyword arguments
        when the name is a Python identifier (``alpha=0.02``).
    max_profiles : int, optional
        Most pure profiles the scenario's game may have (default
        :data:`~tradegame.limits.MAX_PROFILES`).

    Examples
    --------
    >>> import tradegame as tg
    >>> s = tg.load_scenario("tariff_prisoners_dilemma")
    >>> s.game()
    <2x2 Game "Tariff prisoners' dilemma" (United States, Brazil)>
    >>> tg.load_scenario("india_magnet_shortage_2025", {"india.stockpile_days": 60}).overrides
    {'india.stockpile_days': 60}
    """
    if overrides is not None and not isinstance(overrides, Mapping):
        raise ParameterError(
            "overrides must be a mapping of parameter names to values, e.g. "
            f'{{"india.stockpile_days": 60}}; got {type(overrides).__name__}'
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
    for name, value in merged.items():
        if not isinstance(name, str):
            raise ParameterError(f"override names are strings such as 'alpha'; got {name!r}")
        if np.ndim(value) != 0:
            raise ParameterError(
                f"override {name} must be one number (a game has one value of each parameter; "
                f"Scenario.payoff_tensors evaluates many at once); got {value!r}"
            )
    if scenario.trade_model is None:
        raise ScenarioError(path, None, "an explicit-payoff scenario has no parameters to override")
    try:
        scenario.trade_model.environment(merged)  # validate names and ranges now
    except ParameterError as exc:
        raise ScenarioError(path, "override", str(exc)) from None
    return dataclasses.replace(scenario, overrides=dict(merged))


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
