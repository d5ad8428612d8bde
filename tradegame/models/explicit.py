"""The explicit payoff model: payoff arrays typed from a cited source.

For textbook games (a tariff prisoners' dilemma, chicken) whose payoffs are
given, not derived. Each player has one finite lever, its strategy; the model
has no parameters to vary and no observed status quo.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ParameterError, ScenarioError
from .base import Lever, ParameterRow, ScenarioHeader, lever_array

__all__ = ["ExplicitModel", "build_explicit"]


@dataclass(frozen=True, eq=False)
class ExplicitModel:
    """Payoff arrays, one per player, each with one axis per player."""

    players: tuple[str, ...]
    keys: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    arrays: tuple[np.ndarray, ...]
    citation: str
    confidence: str
    units: str

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExplicitModel):
            return NotImplemented
        return (
            self.players,
            self.keys,
            self.strategies,
            self.citation,
            self.confidence,
            self.units,
        ) == (
            other.players,
            other.keys,
            other.strategies,
            other.citation,
            other.confidence,
            other.units,
        ) and all(np.array_equal(a, b) for a, b in zip(self.arrays, other.arrays, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def parameter_rows(self, values: Mapping[str, Any] | None = None) -> list[ParameterRow]:
        return [
            ParameterRow(
                "payoffs", math.nan, None, None, self.units, self.citation, self.confidence, ""
            )
        ]

    def resolve(self, name: str) -> list[str]:
        return []

    def check_values(self, values: Mapping[str, Any]) -> None:
        if values:
            raise ParameterError("an explicit-payoff scenario has no parameters to vary")

    def levers(self, values: Mapping[str, Any] | None = None) -> list[Lever]:
        return [
            Lever(
                player,
                f"{key}.strategy",
                "",
                None,
                None,
                labels,
                "one of its strategies",
                None,
                f"{player}'s strategy",
            )
            for player, key, labels in zip(self.players, self.keys, self.strategies, strict=True)
        ]

    def strategy_settings(
        self, values: Mapping[str, Any] | None = None
    ) -> list[list[dict[str, Any]]]:
        return [
            [{f"{key}.strategy": label} for label in labels]
            for key, labels in zip(self.keys, self.strategies, strict=True)
        ]

    def status_quo(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        raise ParameterError(
            "an explicit-payoff scenario has no observed status quo: its payoffs are the "
            "levels its source gives"
        )

    def payoffs(
        self, settings: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> np.ndarray:
        self.check_values(values or {})
        if not isinstance(settings, Mapping):
            raise ParameterError(
                "settings must be a mapping of levers to strategies, e.g. "
                f'{{"{self.keys[0]}.strategy": "{self.strategies[0][0]}"}}; '
                f"got {type(settings).__name__}"
            )
        known = {f"{k}.strategy": i for i, k in enumerate(self.keys)}
        unknown = sorted(set(settings) - set(known))
        if unknown:
            raise ParameterError(f"unknown lever {unknown[0]!r}; levers are: {', '.join(known)}")
        index = []
        for lever, i in known.items():
            if lever not in settings:
                raise ParameterError(f"give a strategy for every player; {lever!r} is missing")
            value = np.asarray(settings[lever], dtype=object)
            if all(
                isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in value.ravel()
            ):
                idx = value.astype(int)
                if ((idx < 0) | (idx >= len(self.strategies[i]))).any():
                    raise ParameterError(
                        f"{lever}: strategy index out of range 0..{len(self.strategies[i]) - 1}"
                    )
            else:
                idx = lever_array(lever, value, self.strategies[i]).astype(int)
            index.append(idx)
        try:
            index = list(np.broadcast_arrays(*index))
        except ValueError:
            shapes = ", ".join(f"{k} {np.shape(settings[k])}" for k in known)
            raise ParameterError(
                f"the strategy arrays do not broadcast together: {shapes}"
            ) from None
        return np.stack([a[tuple(index)] for a in self.arrays], axis=-1)


def _payoff_array(value: Any, path: Path, key: str, shape: tuple[int, ...]) -> np.ndarray:
    def fail(where: str, message: str) -> ScenarioError:
        return ScenarioError(path, where, message)

    def check(node: Any, depth: int, index: tuple[int, ...]) -> None:
        where = f"{key}{list(index)}" if index else key
        if depth == len(shape):
            if not isinstance(node, (int, float)) or isinstance(node, bool):
                raise fail(where, f"expected a number, got {node!r}")
            try:
                finite = math.isfinite(node)
            except OverflowError:  # an integer of hundreds of digits
                finite = False
            if not finite:
                shown = f"{node!r:.40}" + ("..." if len(repr(node)) > 40 else "")
                raise fail(where, f"payoffs must be finite numbers, got {shown}")
            return
        if not isinstance(node, list):
            raise fail(where, f"expected a nested array of shape {shape}")
        if len(node) != shape[depth]:
            raise fail(
                where,
                f"has {len(node)} entries along axis {depth}; strategies imply shape {shape}",
            )
        for k, child in enumerate(node):
            check(child, depth + 1, (*index, k))

    check(value, 0, ())
    return np.array(value, dtype=float)


def build_explicit(header: ScenarioHeader) -> ExplicitModel:
    """Read the ``[payoffs]`` table of an explicit scenario."""
    data, path, names, strategies = header.data, header.path, header.names, header.strategies
    if "parameters" in data:
        raise ScenarioError(
            path,
            "parameters",
            'explicit-payoff scenarios take no [parameters]; use model = "trade-model"',
        )
    payoffs = data.get("payoffs")
    if not isinstance(payoffs, dict):
        raise ScenarioError(
            path,
            "payoffs",
            "missing; the explicit model needs a [payoffs] table with one array per player",
        )
    for key in payoffs:
        if key not in names:
            raise ScenarioError(
                path, f"payoffs.{key}", f"unknown player {key!r}; players are: {', '.join(names)}"
            )
    shape = tuple(len(s) for s in strategies)
    arrays = []
    for player in names:
        if player not in payoffs:
            raise ScenarioError(path, f"payoffs.{player}", "missing payoff array for this player")
        arrays.append(_payoff_array(payoffs[player], path, f"payoffs.{player}", shape))
    for a in arrays:
        a.setflags(write=False)
    return ExplicitModel(
        tuple(names),
        tuple(header.keys),
        tuple(tuple(s) for s in strategies),
        tuple(arrays),
        header.citation,
        header.confidence,
        header.units,
    )
