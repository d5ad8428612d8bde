"""The record every scenario analysis returns, and helpers the analyses share."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ScenarioError

if TYPE_CHECKING:
    import pandas as pd

    from ..game import Game
    from ..scenario import Scenario

__all__ = [
    "Analysis",
    "jsonable",
    "parameter_values",
    "payoff_tensors",
    "profile_index",
    "scenario_game",
    "shifted_parameters",
    "threshold",
]


def jsonable(value: Any) -> Any:
    """``value`` with numpy scalars and arrays turned into plain Python numbers and lists."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return value


@dataclass(frozen=True)
class Analysis:
    """The answer of one strategic analysis of a game or scenario.

    Attributes
    ----------
    analysis : str
        ``"sequential"``, ``"truce"``, ``"bargain"``, ``"alliance"`` or ``"attrition"``.
    game : mapping
        ``name``, ``players`` and ``units`` of what was analysed.
    findings : tuple of str
        The answers as sentences with their numbers.
    tables : mapping of str to DataFrame
        Tidy tables behind the findings, by name.
    depends_on : mapping of str to float
        The parameters an answer varies (the stockpile thresholds) or assumes
        (the interest rate), with the values used; sweep the others.
    extra : mapping
        Further JSON-ready results (for ``sequential``: ``equilibria``).
    """

    analysis: str
    game: Mapping[str, Any]
    findings: tuple[str, ...]
    tables: Mapping[str, pd.DataFrame]
    depends_on: Mapping[str, float] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (the schema is in ``docs/reference/json-output.md``)."""
        out: dict[str, Any] = {"game": jsonable(self.game), "analysis": self.analysis}
        out.update(jsonable(dict(self.extra)))
        out["findings"] = list(self.findings)
        out["depends_on"] = jsonable(dict(self.depends_on))
        out["tables"] = {
            name: jsonable(frame.to_dict(orient="records")) for name, frame in self.tables.items()
        }
        return out

    def to_text(self) -> str:
        """The findings, then each table, as plain text."""
        import pandas as pd

        lines = [f"{self.analysis}: {self.game.get('name', '')}"]
        if self.game.get("units"):
            lines.append(f"payoffs in {self.game['units']}")
        lines.append("")
        lines.extend(f"- {f}" for f in self.findings)
        if self.depends_on:
            shown = ", ".join(f"{k} = {v:g}" for k, v in self.depends_on.items())
            lines.append(f"- depends on: {shown}")
        with pd.option_context(
            "display.width", 160, "display.max_columns", 30, "display.max_colwidth", 48
        ):
            for name, frame in self.tables.items():
                if frame.empty:
                    continue
                shown = frame.head(TEXT_ROWS).copy()
                for column in shown.columns:
                    if shown[column].dtype == object:
                        shown[column] = shown[column].map(_short)
                lines.extend(["", f"{name}:", shown.to_string(index=False, float_format=_num)])
                if len(frame) > TEXT_ROWS:
                    lines.append(f"... {len(frame) - TEXT_ROWS} more rows (--format json has all)")
        return "\n".join(lines) + "\n"


TEXT_ROWS = 40
"""Rows of each table shown in the text output; JSON output has every row."""


def _short(value: Any, width: int = 44) -> Any:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _num(x: float) -> str:
    return f"{x:.4g}"


def profile_index(game: Game, profile: Mapping[str, str]) -> tuple[int, ...]:
    """Strategy indices of ``profile`` (``{player: label}``) in ``game``."""
    return tuple(game.strategy_index(p, profile[p]) if p in profile else 0 for p in game.players)


def scenario_game(scenario: Scenario, values: Mapping[str, Any] | None = None) -> Game:
    """The scenario's game at one parameter point (``values``: overrides, one number each)."""
    game = scenario.game()
    if not values:
        return game
    return game.replace(payoff_tensor=scenario.payoff_tensors(values)[0])


def parameter_values(scenario: Scenario) -> pd.Series:
    """The value of every parameter of ``scenario``, by dotted name (overrides applied)."""
    return scenario.parameters().set_index("parameter")["value"]


def shifted_parameters(scenario: Scenario, names: tuple[str, ...], where: str) -> dict[str, float]:
    """Current values of the parameters ``names`` (raising a one-line error for unknown ones)."""
    table = parameter_values(scenario)
    values = {}
    for k, name in enumerate(names):
        if name not in table.index:
            raise ScenarioError(
                scenario.path,
                f"{where}[{k}]",
                f"unknown parameter {name!r}; `tradegame show {scenario.name}` lists them",
            )
        values[name] = float(table[name])
    return values


def threshold(
    func: Callable[[np.ndarray], np.ndarray],
    low: float,
    high: float,
    *,
    points: int = 49,
    steps: int = 40,
) -> float | None:
    """The smallest ``x`` in ``[low, high]`` where ``func(x) <= 0`` (first crossing), or None.

    ``func`` takes an array of points and returns one value per point, so the
    scan is one batched call; the crossing is then refined by bisection to a
    relative width of about ``2**-steps``.
    """
    grid = np.linspace(low, high, points)
    values = np.asarray(func(grid), dtype=float)
    below = np.flatnonzero(values <= 0)
    if below.size == 0:
        return None
    k = int(below[0])
    if k == 0:
        return float(low)
    a, b = float(grid[k - 1]), float(grid[k])
    for _ in range(steps):
        mid = 0.5 * (a + b)
        if float(np.asarray(func(np.array([mid])))[0]) <= 0:
            b = mid
        else:
            a = mid
        if b - a <= 1e-9 * max(1.0, abs(b)):
            break
    return b


def payoff_tensors(scenario: Scenario, values: Mapping[str, Any]) -> np.ndarray:
    """``scenario.payoff_tensors(values)`` for any number of points, in chunks the model's
    size limit (:data:`~tradegame.limits.MAX_MODEL_PAYOFFS`) allows at once."""
    from .. import limits

    arrays = {k: np.atleast_1d(np.asarray(v, dtype=float)) for k, v in values.items()}
    sizes = {len(v) for v in arrays.values() if v.ndim == 1 and len(v) > 1}
    if not sizes:
        return scenario.payoff_tensors(values)
    (size,) = sizes if len(sizes) == 1 else (max(sizes),)
    per_point = len(scenario.players) * int(np.prod([len(s) for s in scenario.strategies]))
    step = max(1, limits.MAX_MODEL_PAYOFFS // per_point)
    if size <= step:
        return scenario.payoff_tensors(values)
    chunks = [
        scenario.payoff_tensors(
            {k: (v[start : start + step] if len(v) == size else v) for k, v in arrays.items()}
        )
        for start in range(0, size, step)
    ]
    return np.concatenate(chunks)
