"""Argument checks shared by the payoff blocks: one-line errors naming the parameter."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import ParameterError

__all__ = ["NONNEGATIVE", "SHARE", "Check", "as_array", "as_rng", "checked", "require"]

Check = tuple[Callable[[np.ndarray], np.ndarray], str]
SHARE: Check = (lambda x: (x >= 0) & (x <= 1), "in [0, 1]")
NONNEGATIVE: Check = (lambda x: np.isfinite(x) & (x >= 0), "finite and >= 0")


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


def checked(name: str, value: object, check: Check) -> np.ndarray:
    """``value`` as an array that passes ``check`` (a predicate and its expectation)."""
    arr = as_array(name, value)
    ok, expectation = check
    require(name, arr, ok, expectation)
    return arr


def as_rng(rng: object) -> np.random.Generator:
    """``rng`` (a Generator, a whole-number seed or None) as a Generator, or a one-line error."""
    try:
        return np.random.default_rng(rng)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ParameterError(
            f"rng must be a numpy.random.Generator, a whole-number seed or None; got {rng!r}"
        ) from None
