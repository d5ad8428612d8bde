"""The calibration table: every figure the scenarios use, with its source and confidence.

One CSV file (``scenarios/data/calibration.csv``) holds the facts all
scenarios share. Each row has a ``key``, a central ``value``, a ``low``-``high``
range for sweeps, a ``unit``, a ``source`` (publication, year, table or page, or
"modelling assumption" with its reasoning), a ``confidence`` mark (``high``,
``medium``, ``low``), a ``note`` and, for a parameter fitted to an observed
moment, the moment's key in ``fitted_to``. Rows whose key starts with
``moment_`` are observed moments the model is checked against
(:mod:`tradegame.validate`): their ``low``-``high`` range is the band accepted.
Scenario files refer to rows with ``{ ref = "key" }``.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ._paths import builtin_dir
from .errors import ScenarioError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Figure", "calibration_path", "calibration_table", "load_calibration"]

CONFIDENCE = ("high", "medium", "low", "illustrative")
_COLUMNS = ["key", "value", "low", "high", "unit", "source", "confidence", "note", "fitted_to"]


@dataclass(frozen=True)
class Figure:
    """One sourced number.

    ``ref`` is the calibration key it came from, or None for a figure given
    inline in a scenario file.
    """

    value: float
    source: str
    confidence: str
    unit: str = ""
    low: float | None = None
    high: float | None = None
    ref: str | None = None
    note: str = ""
    fitted_to: str = ""
    """The observed moment (a ``moment_*`` key) this figure was fitted to, if any."""


def calibration_path() -> Path:
    """Where the shipped calibration table lives."""
    return builtin_dir() / "data" / "calibration.csv"


def _number(path: Path, row: int, column: str, text: str, *, required: bool) -> float | None:
    if not text.strip():
        if required:
            raise ScenarioError(path, f"row {row}, column {column!r}", "missing; expected a number")
        return None
    try:
        value = float(text)
    except ValueError:
        raise ScenarioError(
            path, f"row {row}, column {column!r}", f"expected a number, got {text!r}"
        ) from None
    if math.isnan(value):
        raise ScenarioError(path, f"row {row}, column {column!r}", "expected a number, got NaN")
    return value


@lru_cache(maxsize=8)
def _load(path: Path, mtime: float) -> dict[str, Figure]:
    figures: dict[str, Figure] = {}
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != _COLUMNS:
                raise ScenarioError(path, "header", f"expected columns {','.join(_COLUMNS)}")
            for row_no, row in enumerate(reader, start=2):
                key = (row["key"] or "").strip()
                where = f"row {row_no}"
                if not key:
                    raise ScenarioError(path, where, "missing key")
                if key in figures:
                    raise ScenarioError(path, f"{where}, key {key!r}", "appears twice")
                value = _number(path, row_no, "value", row["value"] or "", required=True)
                low = _number(path, row_no, "low", row["low"] or "", required=False)
                high = _number(path, row_no, "high", row["high"] or "", required=False)
                source = (row["source"] or "").strip()
                if not source:
                    raise ScenarioError(
                        path, f"{where}, key {key!r}", "every figure needs a source"
                    )
                confidence = (row["confidence"] or "").strip()
                if confidence not in CONFIDENCE:
                    raise ScenarioError(
                        path,
                        f"{where}, key {key!r}",
                        f"confidence must be one of {', '.join(CONFIDENCE)}, got {confidence!r}",
                    )
                if low is not None and high is not None and not low <= value <= high:
                    raise ScenarioError(
                        path,
                        f"{where}, key {key!r}",
                        f"value {value:g} is outside its range [{low:g}, {high:g}]",
                    )
                figures[key] = Figure(
                    value=value,
                    source=source,
                    confidence=confidence,
                    unit=(row["unit"] or "").strip(),
                    low=low,
                    high=high,
                    ref=key,
                    note=(row["note"] or "").strip(),
                    fitted_to=(row["fitted_to"] or "").strip(),
                )
    except OSError as exc:
        raise ScenarioError(path, None, f"cannot be read ({exc})") from None
    for key, fig in figures.items():
        if fig.fitted_to and fig.fitted_to not in figures:
            raise ScenarioError(
                path, f"key {key!r}, column 'fitted_to'", f"unknown moment {fig.fitted_to!r}"
            )
    return figures


def load_calibration(path: str | Path | None = None) -> dict[str, Figure]:
    """The calibration figures by key (cached; re-read when the file changes)."""
    path = Path(path) if path is not None else calibration_path()
    if not path.exists():
        raise ScenarioError(path, None, "calibration table not found")
    return _load(path.resolve(), path.stat().st_mtime)


def calibration_table(path: str | Path | None = None) -> pd.DataFrame:
    """The calibration table as a DataFrame (one row per figure)."""
    import pandas as pd

    figures = load_calibration(path)
    return pd.DataFrame(
        [
            {
                "key": k,
                "value": f.value,
                "low": f.low,
                "high": f.high,
                "unit": f.unit,
                "source": f.source,
                "confidence": f.confidence,
                "note": f.note,
                "fitted_to": f.fitted_to,
            }
            for k, f in figures.items()
        ],
        columns=_COLUMNS,
    )
