"""What the explorer page shows, as plain JSON-ready data, computed from a page's setting.

A *setting* is a scenario and the parameter values a student moved away from
the calibration. It arrives as the page's query string
(``?scenario=quid_pro_quo_busan_2025&us.baseline_stockpile_days=20``), is
checked here against the calibrated ranges and the model's domain (numbers
are read with the command line's rule and never evaluated), and every view
of it (the payoff table and equilibria, each strategic analysis, the
sensitivity line, the CSV and the report) is computed by the library's own
functions and cached per parameter point, so moving a slider back is free.

Everything returned is made of dicts, lists, strings, numbers, booleans and
None; numbers the page prints arrive already formatted (:func:`tradegame.report.content.fmt`),
so a figure reads the same on the page as in a report.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ParameterError, TradegameError
from ..scenario import (
    Scenario,
    _did_you_mean,
    builtin_name,
    load_scenario,
    read_number,
    scenario_paths,
)

__all__ = ["RESERVED", "Catalog", "InputError", "Setting"]

#: Query keys that are not parameters: the scenario and the parameter last moved.
RESERVED = ("scenario", "moved")

#: The scenario the page opens when neither the command nor the link names one.
DEFAULT = "quid_pro_quo_busan_2025"

#: Points on a sensitivity line (the current value is added to them).
LINE_POINTS = 41

#: Settings (per scenario and view) whose results stay cached.
CACHE_SIZE = 256

#: Reports kept (a report takes seconds to build and about half a megabyte).
REPORTS_KEPT = 8


class InputError(TradegameError):
    """A setting the page sent cannot be used; ``key`` names the field at fault."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        super().__init__(message)


@dataclass(frozen=True)
class Setting:
    """A validated setting: a scenario name and its overrides, in a canonical order."""

    scenario: str
    values: tuple[tuple[str, float], ...] = ()
    moved: str | None = None

    @property
    def overrides(self) -> dict[str, float]:
        return dict(self.values)

    def query(self) -> str:
        """The canonical query string (without ``?``): what the page's link holds."""
        from urllib.parse import urlencode

        pairs = [("scenario", self.scenario), *((k, _number_text(v)) for k, v in self.values)]
        if self.moved:
            pairs.append(("moved", self.moved))
        return urlencode(pairs)


def _number_text(x: float) -> str:
    """Shortest text that reads back as the same float: ``0.14``, ``42``, ``1e-05``, ``inf``."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def _finite(x: Any) -> float | None:
    """A float for JSON: None for NaN and the infinities (JSON has no such numbers)."""
    x = float(x)
    return x if math.isfinite(x) else None


def _fmt(x: Any) -> str:
    from ..report.content import fmt

    return fmt(x)


def _step(low: float, high: float) -> float:
    """A slider step: about 1/200 of the range, rounded to 1, 2 or 5 times a power of ten."""
    raw = (high - low) / 200
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


class Catalog:
    """The scenarios the explorer offers, by name, and every view of a setting.

    Parameters
    ----------
    extra : sequence of path, optional
        Scenario files offered beside the built-ins (named by their ``name``).
        The page refers to scenarios by name only, so it can never ask the
        server to read a path of its choosing.
    """

    def __init__(self, extra: tuple[str | Path, ...] = ()) -> None:
        self._paths: dict[str, Path] = dict(scenario_paths())
        #: The scenario a setting that names none is about.
        self.default = DEFAULT if DEFAULT in self._paths else next(iter(self._paths))
        for item in extra:
            self.add(item)
        self._base = functools.lru_cache(maxsize=None)(self._load)
        self._scenario = functools.lru_cache(maxsize=CACHE_SIZE)(self._with_values)
        self._rows = functools.lru_cache(maxsize=None)(self._parameters)
        self.view = functools.lru_cache(maxsize=CACHE_SIZE)(self._view)
        self.analysis = functools.lru_cache(maxsize=CACHE_SIZE)(self._analysis)
        self.line = functools.lru_cache(maxsize=CACHE_SIZE)(self._line)
        self.report = functools.lru_cache(maxsize=REPORTS_KEPT)(self._report)

    # -- scenarios and settings ------------------------------------------------------------
    def add(self, path: str | Path) -> str:
        """Offer a scenario file (or a built-in, by name) and return the name the page uses."""
        scenario = load_scenario(path)
        name = builtin_name(scenario) or scenario.name
        if name in self._paths and self._paths[name].resolve() != scenario.path.resolve():
            raise ParameterError(
                f"{path}: its name {name!r} is taken by another scenario; change the file's "
                "name = ... to explore both"
            )
        self._paths[name] = scenario.path
        return name

    @property
    def names(self) -> list[str]:
        return list(self._paths)

    def _load(self, name: str) -> Scenario:
        return load_scenario(self._paths[name])

    def scenario(self, name: str) -> Scenario:
        """The scenario as calibrated; an unknown name is refused with a suggestion."""
        if name not in self._paths:
            raise InputError(
                "scenario", f"unknown scenario {name!r}{_did_you_mean(name, self.names)}"
            )
        return self._base(name)

    def _with_values(self, setting: Setting) -> Scenario:
        base = self.scenario(setting.scenario)
        return base.with_overrides(setting.overrides) if setting.values else base

    def parameters(self, name: str) -> list[dict[str, Any]]:
        """Each parameter with its control (see :meth:`_parameters`), cached per scenario."""
        self.scenario(name)  # refuse an unknown name with its message
        return self._rows(name)

    def _parameters(self, name: str) -> list[dict[str, Any]]:
        """Each parameter with its control: a slider over the calibrated range, a number box
        where the range is open, or a fixed value where the source gives one number."""
        table = self.scenario(name).parameters()
        rows = []
        for r in table.itertuples(index=False):
            low, high = (math.nan if x is None else float(x) for x in (r.low, r.high))
            ranged = not (math.isnan(low) or math.isnan(high)) and low < high
            control = "fixed"
            if ranged:
                control = "slider" if math.isfinite(low) and math.isfinite(high) else "number"
            rows.append(
                {
                    "name": r.parameter,
                    "value": _finite(r.value),
                    "text": _number_text(r.value),
                    "shown": _fmt(r.value),
                    "low": _finite(low),
                    "high": _finite(high),
                    "range": f"{_fmt(low)} to {_fmt(high)}" if ranged else "",
                    "step": _step(low, high) if control == "slider" else None,
                    "control": control,
                    "unit": r.unit,
                    "source": r.source,
                    "confidence": r.confidence,
                    "ref": r.ref,
                }
            )
        return rows

    def meta(self, name: str) -> dict[str, Any]:
        """What the page needs to lay out a scenario: its header, players and parameters."""
        from ..analyses import available
        from ..report.content import ANALYSIS_TITLES

        s = self.scenario(name)
        return {
            "name": name,
            "title": s.title,
            "description": s.description,
            "citation": s.citation,
            "confidence": s.confidence,
            "units": s.payoff_units,
            "model": s.model,
            "players": list(s.players),
            "strategies": [list(x) for x in s.strategies],
            "parameters": self.parameters(name),
            "analyses": [{"kind": kind, "title": ANALYSIS_TITLES[kind]} for kind in available(s)],
        }

    def setting(self, query: Mapping[str, str] | list[tuple[str, str]]) -> Setting:
        """A setting from the page's query, checked as the command line checks ``--set``.

        Refused, with the reason: an unknown scenario or parameter, a parameter
        given twice, a value that is not a number, outside the calibrated range
        or outside the model's domain, and a change to a fixed figure.
        """
        pairs = list(query.items()) if isinstance(query, Mapping) else list(query)
        given: dict[str, str] = {}
        for key, text in pairs:
            if key in given:
                raise InputError(key, f"{key} is given twice; give each parameter once")
            given[key] = text
        name = given.pop("scenario", None) or self.default
        moved = given.pop("moved", None) or None
        scenario = self.scenario(name)
        rows = {r["name"]: r for r in self.parameters(name)}
        values: dict[str, float] = {}
        for key, text in given.items():
            row = rows.get(key)
            if row is None:
                shown = key if len(key) <= 60 else key[:57] + "..."
                hint = _did_you_mean(key, list(rows)) if len(key) <= 200 else ""
                raise InputError(shown, f"unknown parameter {shown!r} in {name}{hint}")
            try:
                value = read_number(text)
                if math.isnan(value):
                    raise ValueError(text)
            except ValueError:
                shown = text if len(text) <= 40 else text[:37] + "..."
                raise InputError(key, f"{key}: expected a number, got {shown!r}") from None
            if row["control"] == "fixed":
                if row["value"] is None:
                    raise InputError(
                        key, f"{key} is typed in the scenario file; nothing here can set it"
                    )
                if value != float(row["text"]):
                    raise InputError(
                        key, f"{key} is fixed at {row['shown']} in this scenario (one value)"
                    )
                continue
            low = -math.inf if row["low"] is None else row["low"]
            high = math.inf if row["high"] is None else row["high"]
            if not low <= value <= high:
                raise InputError(  # the number as typed: rounding could put it on a bound
                    key,
                    f"{key}: {text.strip()} is outside the calibrated range {row['range']}"
                    f" {row['unit']}".rstrip(),
                )
            if value != float(row["text"]):
                values[key] = value
        if moved is not None and moved not in rows:
            raise InputError("moved", f"unknown parameter {moved!r} in {name}")
        if values:
            try:
                scenario.payoff_model.check_values(values)
            except ParameterError as exc:
                key = next((k for k in values if k in str(exc)), "scenario")
                raise InputError(key, str(exc)) from None
        return Setting(name, tuple(sorted(values.items())), moved)

    # -- views -----------------------------------------------------------------------------
    def _view(self, setting: Setting) -> dict[str, Any]:
        """The payoff table with its equilibria, and the prediction in plain words."""
        from ..report.content import ScenarioFacts, equilibria_frame, standoff_frame
        from ..report.summary import outcome
        from ..solvers import solve

        scenario = self._scenario(setting)
        game = scenario.game()
        result = solve(game)
        frame = equilibria_frame(result)
        facts = ScenarioFacts(
            scenario=scenario,
            result=result,
            equilibria=frame,
            parameters=scenario.parameters(),
            standoff=None,
            analyses={},
            tornado=None,
        )
        tensor = np.asarray(game.payoff_tensor, dtype=float)
        flat = tensor.reshape(game.n_players, -1)
        # halved first, so payoffs near the largest float do not overflow the range
        half = flat / 2
        low, high = half.min(axis=1, keepdims=True), half.max(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            shade = np.where(high > low, (half - low) / (high - low), 0.5)
        weights = [_profile_weights(eq) for eq in result.equilibria]
        profiles = []
        for k, index in enumerate(np.ndindex(*game.shape)):
            profiles.append(
                {
                    "index": list(index),
                    "payoffs": [_fmt(v) for v in flat[:, k]],
                    "values": [_finite(v) for v in flat[:, k]],
                    "shade": [round(float(v), 4) for v in shade[:, k]],
                    "equilibria": [
                        {"number": e + 1, "probability": _fmt(float(w[k]))}
                        for e, w in enumerate(weights)
                        if w[k] > 0
                    ],
                }
            )
        players = list(game.players)
        equilibria = [
            {
                "number": int(row["equilibrium"]),
                "strategies": [str(row[p]) for p in players],
                "payoffs": [_fmt(row[f"{p} payoff"]) for p in players],
                "regret": _fmt(row["max regret"]),
                "pure": bool(row["pure"]),
            }
            for _, row in frame.iterrows()
        ]
        standoff = standoff_frame(scenario, game)
        return {
            "query": setting.query(),
            "scenario": setting.scenario,
            "title": scenario.title,
            "units": scenario.payoff_units,
            "players": players,
            "strategies": [list(x) for x in game.strategies],
            "profiles": profiles,
            "equilibria": equilibria,
            "complete": bool(result.complete),
            "method": result.method,
            "notes": [str(n) for n in result.notes],
            "prediction": outcome(facts),
            "standoff": None if standoff is None else _table(standoff),
            "overrides": [[k, _fmt(v)] for k, v in setting.values],
        }

    def _analysis(self, setting: Setting, kind: str) -> dict[str, Any]:
        """One strategic analysis at the setting: its findings and the report's tables of it."""
        from ..analyses import analyze, available
        from ..report.content import ANALYSIS_TABLES, ANALYSIS_TITLES

        scenario = self._scenario(setting)
        if kind not in available(scenario):
            raise InputError(
                "kind",
                f"{setting.scenario} has no {kind!r} analysis; it has "
                + (", ".join(available(scenario)) or "none"),
            )
        result = analyze(scenario, kind)
        headline = _headline(scenario, kind, result)
        tables = []
        for name, columns, caption in ANALYSIS_TABLES[kind]:
            frame = result.tables.get(name)
            if frame is None or frame.empty:
                continue
            tables.append(
                {"caption": caption, **_table(frame if columns is None else frame[list(columns)])}
            )
        return {
            "query": setting.query(),
            "kind": kind,
            "title": ANALYSIS_TITLES[kind],
            "headline": headline,
            "findings": [str(f) for f in result.findings],
            "tables": tables,
        }

    def _line(self, setting: Setting, parameter: str) -> dict[str, Any]:
        """Each player's payoff as one parameter runs over its calibrated range, the others
        held at the setting, with the predicted profile held fixed; and where the
        prediction itself changes (the regimes along the line)."""
        from ..compare import strategy_texts
        from ..regimes import label_regimes
        from ..solvers import solve
        from ..sweep import evaluate_points

        row = next((r for r in self.parameters(setting.scenario) if r["name"] == parameter), None)
        if row is None:
            raise InputError("parameter", f"unknown parameter {parameter!r} in {setting.scenario}")
        base = {"query": setting.query(), "parameter": parameter, "unit": row["unit"]}
        if row["control"] != "slider":
            return {**base, "reason": f"{parameter} has no finite calibrated range to trace"}
        scenario = self._scenario(setting)
        current = float(setting.overrides.get(parameter, float(row["text"])))
        grid = np.union1d(np.linspace(row["low"], row["high"], LINE_POINTS), [current])
        values = {k: np.full(len(grid), v) for k, v in setting.values if k != parameter}
        values[parameter] = grid
        n = len(scenario.players)
        tensors, found = evaluate_points(scenario, values, equilibria="all" if n == 2 else "pure")
        result = solve(scenario.game())
        if not result.equilibria:
            return {**base, "reason": "no equilibrium at this setting to hold fixed"}
        held = result.equilibria[0]
        payoffs = tensors.reshape(len(grid), n, -1) @ _profile_weights(held)
        # the payoffs of the equilibrium found at each point, where it is the only one
        unique = np.full((len(grid), n), np.nan)
        first = np.cumsum(found.count) - found.count
        alone = np.flatnonzero(found.count == 1)
        unique[alone] = found.payoffs[first[alone]]
        _, _, regime, labels = label_regimes(found, scenario.strategies, pure_only=n > 2)
        spans = []
        start = 0
        for k in range(1, len(grid) + 1):
            if k == len(grid) or regime[k] != regime[start]:
                spans.append(
                    {
                        "from": float(grid[start]),
                        "to": float(grid[k - 1]),
                        "shown": f"{_fmt(grid[start])} to {_fmt(grid[k - 1])}",
                        "label": labels[int(regime[start])],
                    }
                )
                start = k
        return {
            **base,
            "x": [float(x) for x in grid],
            "current": current,
            "current_shown": _fmt(current),
            "held": " / ".join(strategy_texts(result, 0)),
            "series": [
                {
                    "player": p,
                    "held": [_finite(v) for v in payoffs[:, i]],
                    "equilibrium": [_finite(v) for v in unique[:, i]],
                }
                for i, p in enumerate(scenario.players)
            ],
            "regimes": spans,
            "pure_only": n > 2,
            "units": scenario.payoff_units,
        }

    # -- downloads -------------------------------------------------------------------------
    def csv(self, setting: Setting) -> str:
        """The payoff table at the setting, with the probability each equilibrium puts on each
        profile (one column per equilibrium) and a column per parameter moved away from the
        calibration (holding its value), as CSV text."""
        from ..solvers import solve

        scenario = self._scenario(setting)
        game = scenario.game()
        result = solve(game)
        frame = game.to_frame()
        for k, eq in enumerate(result.equilibria, 1):
            frame[f"equilibrium {k} probability"] = _profile_weights(eq)
        for name, value in setting.values:  # the setting, so the file says what it is
            frame[name] = value
        out = io.StringIO()
        frame.to_csv(out, index=False, lineterminator="\n")
        return out.getvalue()

    def _report(self, setting: Setting) -> str:
        """The report (:func:`tradegame.report.build_report`) at the setting, as HTML."""
        from ..report import build_report

        return build_report(self._scenario(setting)).html


def _headline(scenario: Scenario, kind: str, result: Any) -> str | None:
    """The report summary's plain-words sentence for one analysis (see
    :mod:`tradegame.report.summary`), or None where the summary has none."""
    from ..report import summary
    from ..report.content import ScenarioFacts

    facts = ScenarioFacts(
        scenario=scenario,
        result=None,  # type: ignore[arg-type]  # neither sentence reads the one-shot result
        equilibria=None,  # type: ignore[arg-type]
        parameters=None,  # type: ignore[arg-type]
        standoff=None,
        analyses={kind: result},
        tornado=None,
    )
    if kind == "truce":
        return summary.self_enforcing(facts)
    found = [text for _, text in summary.highlights(facts)]
    if kind == "sequential":  # the subgame-perfect path leads, then the threat
        paths = [str(f) for f in result.findings if str(f).startswith("subgame-perfect")]
        found = [p[0].upper() + p[1:] + "." for p in paths[:1]] + found
    return " ".join(found) if found else None


def _profile_weights(eq: Any) -> np.ndarray:
    """The probability an equilibrium puts on each pure profile, in ``np.ndindex`` order."""
    w = np.ones(())
    for probs in eq.strategies:
        w = np.multiply.outer(w, np.asarray(probs, dtype=float))
    return w.reshape(-1)


def _table(frame: Any) -> dict[str, Any]:
    """A frame as the page's table: column names, formatted cells and which columns are numbers."""
    from ..report.content import table

    block = table(frame)
    return {
        "columns": list(block.columns),
        "rows": [list(r) for r in block.rows],
        "numeric": list(block.numeric),
    }
