"""The payoff-model interface every scenario model offers.

A scenario file names its model (``model = "explicit"`` or
``model = "trade-model"``); :mod:`tradegame.scenario` reads the file's header
(name, source, players, strategy names) and hands the rest to the model named
in :data:`tradegame.models.MODELS`. Every model then offers the same small
surface, which is all that solvers, sweeps, reports and the explorer need:

* its **parameters**: every number behind the payoffs with value, sweep range,
  unit, source and confidence (:meth:`PayoffModel.parameter_rows`);
* its **levers** per player: what a player can set, with unit and domain, a
  range or a finite set of values (:meth:`PayoffModel.levers`);
* the **strategies** as named lever settings (:meth:`PayoffModel.strategy_settings`);
* the observed **status quo** setting, where it has one
  (:meth:`PayoffModel.status_quo`);
* **payoffs at any lever setting**, vectorised over a batch of settings and
  parameter points (:meth:`PayoffModel.payoffs`): arrays broadcast together,
  and the result has their broadcast shape plus a last axis over players.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from ..economics._checks import as_array
from ..errors import ParameterError

__all__ = ["Lever", "ParameterRow", "PayoffModel", "ScenarioHeader", "lever_array"]


@dataclass(frozen=True)
class ScenarioHeader:
    """What :mod:`tradegame.scenario` read from a file, handed to the model it names.

    ``data`` is the whole parsed file, ``players_data`` its ``[[players]]``
    tables; ``names``, ``strategies`` and ``keys`` are the validated player
    names, strategy labels and dotted-name keys.
    """

    data: Mapping[str, Any]
    path: Any
    players_data: Sequence[Mapping[str, Any]]
    names: Sequence[str]
    strategies: Sequence[Sequence[str]]
    keys: Sequence[str]
    citation: str
    confidence: str
    units: str


@dataclass(frozen=True)
class Lever:
    """One policy instrument a player sets.

    Attributes
    ----------
    player : str
        The player's name.
    key : str
        Dotted name used in settings, ``"<player key>.<lever>"`` (``"us.tariff"``).
    unit : str
    low, high : float or None
        For a continuous lever: the range its strategies and status quo span
        (a slider's natural range); the domain itself is ``domain``.
    values : tuple or None
        For a finite lever: its possible values.
    domain : str
        The values the model accepts, in words (``"in [0, 1]"``).
    status_quo : object
        The observed setting (None when the model has no status quo).
    description : str
    """

    player: str
    key: str
    unit: str
    low: float | None
    high: float | None
    values: tuple[Any, ...] | None
    domain: str
    status_quo: Any
    description: str


@dataclass(frozen=True)
class ParameterRow:
    """One number behind the payoffs, as listed by ``Scenario.parameters()``."""

    parameter: str
    value: float
    low: float | None
    high: float | None
    unit: str
    source: str
    confidence: str
    ref: str


class PayoffModel(Protocol):
    """What every scenario model provides (see the module docstring)."""

    def parameter_rows(self, values: Mapping[str, Any] | None = None) -> list[ParameterRow]: ...

    def resolve(self, name: str) -> list[str]: ...

    def check_values(self, values: Mapping[str, Any]) -> None: ...

    def levers(self, values: Mapping[str, Any] | None = None) -> list[Lever]: ...

    def strategy_settings(
        self, values: Mapping[str, Any] | None = None
    ) -> list[list[dict[str, Any]]]: ...

    def status_quo(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]: ...

    def payoffs(
        self, settings: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> np.ndarray: ...


def lever_array(key: str, value: Any, options: Sequence[Any] | None = None) -> np.ndarray:
    """A lever setting as a float array; finite levers map to their option index.

    For a finite lever the setting may be an option (``"licensed"``), a
    boolean, or an array of them; the result holds option indices.
    """
    if options is not None:
        arr = np.asarray(value, dtype=object)
        flat = arr.ravel()
        out = np.empty(flat.shape, dtype=float)
        for k, item in enumerate(flat):
            if isinstance(item, np.generic):
                item = item.item()
            match = [j for j, o in enumerate(options) if item == o and type(item) is type(o)]
            if not match and isinstance(item, str):
                match = [
                    j
                    for j, o in enumerate(options)
                    if isinstance(o, bool) and item.lower() == str(o).lower()
                ]
            if not match:
                shown = ", ".join(repr(o) for o in options)
                raise ParameterError(f"{key} must be one of {shown}; got {item!r}")
            out[k] = match[0]
        return out.reshape(arr.shape)
    arr = np.asarray(value)
    if arr.dtype.kind in "bUSO" and arr.size:
        kind = {"b": "a boolean", "U": "text", "S": "text"}.get(arr.dtype.kind, "not a number")
        if arr.dtype.kind != "O" or any(
            isinstance(v, (bool, str, bytes, type(None))) for v in arr.ravel()
        ):
            raise ParameterError(f"{key} must be a number or an array of numbers; got {kind}")
    return as_array(key, value)
