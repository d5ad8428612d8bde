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
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from ..game import Game
    from ..solvers import SolverResult

__all__ = ["Catalog", "InputError", "Setting"]

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
    """Text that reads back as the same float: ``0.14``, ``42``, ``1e-05``, ``inf``."""
    from ..compare import _number_text as text

    return text(float(x))


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
        self._builtin = set(self._paths)
        self._stamps: dict[str, int] = {}  # a user file's modification time when read
        self._lock = threading.Lock()
        #: The scenario a setting that names none is about.
        self.default = DEFAULT if DEFAULT in self._paths else next(iter(self._paths))
        self._caches: list[Any] = []  # every cache, dropped together when a file changes

        def cached(function: Any, size: int | None = CACHE_SIZE) -> Any:
            self._caches.append(functools.lru_cache(maxsize=size)(function))
            return self._caches[-1]

        self._base = cached(self._load, None)
        self._rows = cached(self._parameters, None)
        self._scenario = cached(self._with_values)
        self._solved = cached(self._solve)
        self._views = cached(self._view)
        self._analyses = cached(self._analysis)
        self._lines = cached(self._line)
        self._reports = cached(self._report, REPORTS_KEPT)
        for item in extra:
            self.add(item)

    def _forget(self) -> None:
        """Drop every cached result (a scenario file changed)."""
        for cache in self._caches:
            cache.cache_clear()

    # -- scenarios and settings ------------------------------------------------------------
    def add(self, path: str | Path) -> str:
        """Offer a scenario file (or a built-in, by name) and return the name the page uses.

        A file whose ``name`` is a built-in's (a copy being edited) is listed
        under its file name instead. Adding a file again reads it again.

        Parameters
        ----------
        path : str or path-like
            A scenario file, or a built-in scenario's name.

        Returns
        -------
        str
        """
        scenario = load_scenario(path)
        name = builtin_name(scenario) or scenario.name
        resolved = scenario.path.resolve()
        if name in self._paths and self._paths[name].resolve() != resolved:
            stem = scenario.path.stem
            name = stem if stem not in self._paths else f"{stem} ({scenario.path.name})"
            if name in self._paths and self._paths[name].resolve() != resolved:
                raise ParameterError(
                    f"{path}: its name {name!r} is taken by another scenario; change the "
                    "file's name = ... to explore both"
                )
        with self._lock:
            self._paths[name] = scenario.path
            if name not in self._builtin:
                self._stamps[name] = scenario.path.stat().st_mtime_ns
            self._forget()
        return name

    @property
    def names(self) -> list[str]:
        return list(self._paths)

    def _load(self, name: str) -> Scenario:
        return load_scenario(self._paths[name])

    def scenario(self, name: str) -> Scenario:
        """The scenario as calibrated; an unknown name is refused with a suggestion.

        A user's scenario file that changed since it was read is read again, and
        the cached results are dropped, so reloading the page shows the edit.
        """
        if name not in self._paths:
            shown = name if len(name) <= 60 else name[:57] + "..."
            raise InputError(
                "scenario", f"unknown scenario {shown!r}{_did_you_mean(shown, self.names)}"
            )
        if name in self._stamps:
            try:
                stamp = self._paths[name].stat().st_mtime_ns
            except OSError:
                stamp = self._stamps[name]  # gone: keep what was read
            if stamp != self._stamps[name]:
                self.add(self._paths[name])
        return self._base(name)

    def _with_values(self, setting: Setting) -> Scenario:
        base = self.scenario(setting.scenario)
        return base.with_overrides(setting.overrides) if setting.values else base

    def _solve(self, setting: Setting) -> tuple[Scenario, Game, SolverResult]:
        """The scenario, its game and every equilibrium at a parameter point, solved once for
        the table, the sensitivity line and the CSV."""
        from ..solvers import solve

        scenario = self._scenario(setting)
        game = scenario.game()
        return scenario, game, solve(game)

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

    def setting(
        self, query: Mapping[str, str | float] | Sequence[tuple[str, str | float]]
    ) -> Setting:
        """A setting from the page's query (or from Python), checked before any work.

        Parameters
        ----------
        query : mapping or sequence of (key, value) pairs
            ``scenario`` (default :attr:`default`), ``moved`` (the parameter
            last moved, for the sensitivity line) and parameter values, as text
            (read by :func:`~tradegame.scenario.read_number`, never evaluated)
            or as numbers.

        Returns
        -------
        Setting

        Raises
        ------
        InputError
            With the field at fault and the reason: an unknown scenario or
            parameter, a key given twice, a value that is not a number, one
            outside the calibrated range (which the explorer keeps to; the
            command line's ``--set`` checks only the model's domain) or outside
            the model's domain, and a change to a fixed figure.
        """
        pairs = list(query.items()) if isinstance(query, Mapping) else list(query)
        given: dict[str, str] = {}
        for key, value in pairs:
            if not isinstance(key, str):
                raise InputError(str(key), f"keys are names such as 'sigma', got {key!r}")
            if key in given:
                raise InputError(key, f"{key} is given twice; give each parameter once")
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = _number_text(value)
            if not isinstance(value, str):
                raise InputError(key, f"{key}: expected a number, got {value!r}")
            given[key] = value
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
    # Each view is cached per parameter point: the key leaves out `moved`, so moving a
    # slider back to where it was, or to the calibration, is answered from the cache.
    def view(self, setting: Setting) -> dict[str, Any]:
        """The payoff table with the equilibria marked, the equilibria and the prediction.

        Parameters
        ----------
        setting : Setting

        Returns
        -------
        dict
            ``profiles`` (payoffs, shades and equilibrium marks per pure
            profile, in ``numpy.ndindex`` order), ``equilibria`` (strategies,
            payoffs and max regret), ``prediction`` (the report's sentence),
            ``complete``, ``method``, ``notes``, ``standoff`` and ``query`` (the
            setting's canonical query string).
        """
        return {**self._views(self._fresh(setting)), "query": setting.query()}

    def analysis(self, setting: Setting, kind: str) -> dict[str, Any]:
        """One strategic analysis at the setting: a headline, its findings and its tables.

        Parameters
        ----------
        setting : Setting
        kind : {"sequential", "truce", "bargain", "attrition", "alliance"}
            One the scenario supports (:func:`tradegame.analyses.available`).

        Returns
        -------
        dict
            ``title``, ``headline`` (the report summary's sentence, or None),
            ``findings`` and ``tables`` (columns, formatted rows).
        """
        return {**self._analyses(self._fresh(setting), kind), "query": setting.query()}

    def line(self, setting: Setting, parameter: str) -> dict[str, Any]:
        """The sensitivity line: payoffs as ``parameter`` runs over its calibrated range.

        Parameters
        ----------
        setting : Setting
            The other parameters stay at its values.
        parameter : str
            A parameter with a finite calibrated range (else the answer has a
            ``reason`` and no line).

        Returns
        -------
        dict
            ``x`` (41 points and the current value), per player the payoff of
            the equilibrium at each point where it is the only one
            (``equilibrium``) and of the current prediction held fixed
            (``held``), and the ``regimes`` along the line.
        """
        return {**self._lines(self._fresh(setting), parameter), "query": setting.query()}

    def _fresh(self, setting: Setting) -> Setting:
        """The cache key of a setting, after reading its scenario file again if it changed."""
        self.scenario(setting.scenario)
        return _point(setting)

    def _view(self, setting: Setting) -> dict[str, Any]:
        from ..report.content import ScenarioFacts, equilibria_frame, standoff_frame
        from ..report.summary import outcome

        scenario, game, result = self._solved(setting)
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
                        {
                            "number": e + 1,
                            "probability": _fmt(float(w[k])),
                            "pure": bool(result.equilibria[e].pure),
                        }
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
            "kind": kind,
            "title": ANALYSIS_TITLES[kind],
            "headline": headline,
            "findings": [str(f) for f in result.findings],
            "tables": tables,
        }

    def _line(self, setting: Setting, parameter: str) -> dict[str, Any]:
        from ..compare import strategy_texts
        from ..regimes import label_regimes
        from ..sweep import evaluate_points

        row = next((r for r in self.parameters(setting.scenario) if r["name"] == parameter), None)
        if row is None:
            raise InputError("parameter", f"unknown parameter {parameter!r} in {setting.scenario}")
        base = {"parameter": parameter, "unit": row["unit"]}
        if row["control"] != "slider":
            return {**base, "reason": f"{parameter} has no finite calibrated range to trace"}
        scenario = self._scenario(setting)
        current = float(setting.overrides.get(parameter, float(row["text"])))
        grid = np.union1d(np.linspace(row["low"], row["high"], LINE_POINTS), [current])
        values = {k: np.full(len(grid), v) for k, v in setting.values if k != parameter}
        values[parameter] = grid
        n = len(scenario.players)
        tensors, found = evaluate_points(scenario, values, equilibria="all" if n == 2 else "pure")
        _, _, result = self._solved(setting)
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
            "held": " / ".join(strategy_texts(result, 0))
            + (
                f" (equilibrium 1 of {len(result.equilibria)})"
                if len(result.equilibria) > 1
                else ""
            ),
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
        """The payoff table at the setting as CSV text.

        One row per pure profile: each player's strategy and payoff, the
        probability each equilibrium puts on the profile (one column per
        equilibrium), and a column per parameter moved away from the
        calibration, holding its value, so the file says what it is.

        Parameters
        ----------
        setting : Setting

        Returns
        -------
        str
        """

        _, game, result = self._solved(self._fresh(setting))
        frame = game.to_frame()
        for k, eq in enumerate(result.equilibria, 1):
            frame[f"equilibrium {k} probability"] = _profile_weights(eq)
        for name, value in setting.values:  # the setting, so the file says what it is
            frame[name] = value
        out = io.StringIO()
        frame.to_csv(out, index=False, lineterminator="\n")
        return out.getvalue()

    def report(self, setting: Setting) -> str:
        """The report (:func:`tradegame.report.build_report`) at the setting, as HTML.

        Parameters
        ----------
        setting : Setting

        Returns
        -------
        str
        """
        return self._reports(self._fresh(setting))

    def _report(self, setting: Setting) -> str:
        from ..report import build_report

        with _REPORTING:  # one at a time: a report takes seconds of both cores' time
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


def _point(setting: Setting) -> Setting:
    """The cache key of a setting: its scenario and values, not the parameter last moved."""
    return Setting(setting.scenario, setting.values) if setting.moved else setting


_REPORTING = threading.Lock()


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
