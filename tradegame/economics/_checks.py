"""Argument checks shared by the payoff blocks: one-line errors naming the parameter."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import ParameterError

__all__ = ["as_array", "require"]


def as_array(name: str, value: object) -> np.ndarray:
    """``value`` as a float array, or a :class:`ParameterError` naming ``name``."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            f"{name} must be a number or an array of numbers; got {value!r}"
        ) from None
    if np.isnan(arr).any():
        raise ParameterError(f"{name} must not be NaN")
    return arr


def require(
    name: str, arr: np.ndarray, ok: Callable[[np.ndarray], np.ndarray], expectation: str
) -> None:
    """Raise unless ``ok(arr)`` holds everywhere; the message quotes the first bad value."""
    good = np.asarray(ok(arr))
    if not np.all(good):
        bad = np.broadcast_to(arr, good.shape)[~good]
        first = float(np.ravel(bad)[0])
        raise ParameterError(f"{name} must be {expectation}; got {first:g}")
