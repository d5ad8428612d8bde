"""Probability distributions for uncertain parameters, and reproducible draws from them.

A Monte Carlo sweep draws each uncertain parameter from a distribution named
as text, ``"uniform(0.1, 0.3)"`` or ``"triangular(21, 42, 70)"``, parsed here
without evaluating anything. Draws go through the inverse distribution
function of uniforms on the open interval (0, 1), so every distribution is
sampled the same way and a quasi-random design (Sobol points for sensitivity
analysis) can reuse the same transforms.

Draws are reproducible by position: the uniforms for sample ``s`` come from a
block of :data:`BLOCK` samples whose generator is seeded by ``(seed, block)``
(:class:`numpy.random.SeedSequence` spawn keys), so a sweep split into chunks
of any size, run in any order or on any machine, draws the same values.

References
----------
Devroye, L. (1986). *Non-Uniform Random Variate Generation*, ch. II.2 (the
inversion method). Springer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .errors import ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BLOCK",
    "DISTRIBUTIONS",
    "Distribution",
    "parse_distribution",
    "range_distributions",
    "uniforms",
]

BLOCK = 4096
"""Samples per block of uniforms; each block has its own seeded generator."""

DISTRIBUTIONS = {
    "uniform": ("low", "high"),
    "loguniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "lognormal": ("mu", "sigma"),
    "triangular": ("low", "mode", "high"),
    "truncnormal": ("mean", "sd", "low", "high"),
}
"""Distribution names and their arguments, in order."""

_CALL = re.compile(r"\s*([a-z]+)\s*\((.*)\)\s*", re.DOTALL)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf", re.ASCII)


@dataclass(frozen=True)
class Distribution:
    """A distribution for one uncertain parameter.

    Attributes
    ----------
    kind : str
        One of :data:`DISTRIBUTIONS`: ``uniform(low, high)``,
        ``loguniform(low, high)`` (uniform in the logarithm, ``0 < low``),
        ``normal(mean, sd)``, ``lognormal(mu, sigma)`` (the logarithm is
        normal with mean ``mu`` and standard deviation ``sigma``),
        ``triangular(low, mode, high)`` and ``truncnormal(mean, sd, low, high)``
        (a normal cut to ``[low, high]``).
    args : tuple of float

    Examples
    --------
    >>> from tradegame.sampling import Distribution
    >>> d = Distribution.parse("triangular(21, 42, 70)")
    >>> d
    Distribution('triangular(21, 42, 70)')
    >>> d.ppf([0.0, 1.0]).tolist()
    [21.0, 70.0]
    """

    kind: str
    args: tuple[float, ...]

    def __post_init__(self) -> None:
        if self.kind not in DISTRIBUTIONS:
            raise ParameterError(
                f"unknown distribution {self.kind!r}; choose one of: "
                + ", ".join(f"{k}({', '.join(a)})" for k, a in DISTRIBUTIONS.items())
            )
        names = DISTRIBUTIONS[self.kind]
        shown = f"{self.kind}({', '.join(names)})"
        if not isinstance(self.args, (tuple, list)) or len(self.args) != len(names):
            count = len(self.args) if isinstance(self.args, (tuple, list)) else repr(self.args)
            raise ParameterError(f"{shown} takes {len(names)} numbers; got {count}")
        try:
            if isinstance(self.args, (str, bytes)) or any(
                isinstance(a, (bool, str, bytes, complex)) for a in self.args
            ):
                raise TypeError
            args = tuple(float(a) for a in self.args)
        except (TypeError, ValueError):
            raise ParameterError(f"{shown} takes {len(names)} numbers; got {self.args!r}") from None
        object.__setattr__(self, "args", args)
        if not all(math.isfinite(a) for a in args):
            raise ParameterError(f"{shown}: the arguments must be finite numbers; got {self}")
        a = dict(zip(names, args, strict=True))
        problem = None
        if "low" in a and "high" in a and not a["low"] < a["high"]:
            problem = "low must be below high"
        elif self.kind == "loguniform" and a["low"] <= 0:
            problem = "low must be above 0"
        elif "sd" in a and a["sd"] <= 0:
            problem = "sd must be above 0"
        elif self.kind == "lognormal" and a["sigma"] <= 0:
            problem = "sigma must be above 0"
        elif self.kind == "triangular" and not a["low"] <= a["mode"] <= a["high"]:
            problem = "the mode must lie between low and high"
        if problem:
            raise ParameterError(f"{shown}: {problem}; got {self}")

    @classmethod
    def parse(cls, text: str) -> Distribution:
        """Read ``"name(a, b, ...)"`` (numbers only, nothing is evaluated), or take a
        ``(low, high)`` pair as ``uniform(low, high)``."""
        if isinstance(text, Distribution):
            return text
        if isinstance(text, tuple) and len(text) == 2:
            return cls("uniform", text)
        if not isinstance(text, str):
            raise ParameterError(
                f"a distribution is text such as 'uniform(0.1, 0.3)'; got {text!r}"
            )
        match = _CALL.fullmatch(text)
        if match is None:
            raise ParameterError(
                f"cannot read distribution {text!r}; expected e.g. 'uniform(0.1, 0.3)' or "
                "'normal(1.0, 0.2)'"
            )
        kind, inner = match.groups()
        if kind not in DISTRIBUTIONS:
            cls(kind, ())  # the unknown-name message
        parts = [p.strip() for p in inner.split(",")] if inner.strip() else []
        args = []
        for part in parts:
            try:
                if not _NUMBER.fullmatch(part):
                    raise ValueError(part)
                args.append(float(part))
            except ValueError:
                raise ParameterError(
                    f"cannot read distribution {text!r}: {part!r} is not a number"
                ) from None
        return cls(kind, tuple(args))

    def __str__(self) -> str:
        return f"{self.kind}({', '.join(f'{a:g}' for a in self.args)})"

    def __repr__(self) -> str:
        return f"Distribution({str(self)!r})"

    @property
    def bounds(self) -> tuple[float, float]:
        """The smallest and largest values the distribution can take (may be infinite)."""
        a = self.args
        if self.kind in ("uniform", "loguniform"):
            return a[0], a[1]
        if self.kind == "triangular":
            return a[0], a[2]
        if self.kind == "truncnormal":
            return a[2], a[3]
        if self.kind == "lognormal":
            return 0.0, math.inf
        return -math.inf, math.inf

    def ppf(self, u: object) -> np.ndarray:
        """The inverse distribution function at probabilities ``u`` in [0, 1]."""
        with np.errstate(over="ignore"):  # a draw beyond the float range is inf; callers check
            return self._ppf(np.asarray(u, dtype=float))

    def _ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy import special

        a = self.args
        if self.kind == "uniform":
            return a[0] + (a[1] - a[0]) * u
        if self.kind == "loguniform":
            lo, hi = math.log(a[0]), math.log(a[1])
            return np.clip(np.exp(lo + (hi - lo) * u), a[0], a[1])
        if self.kind == "normal":
            return a[0] + a[1] * special.ndtri(u)
        if self.kind == "lognormal":
            return np.exp(a[0] + a[1] * special.ndtri(u))
        if self.kind == "triangular":
            lo, mode, hi = a
            cut = (mode - lo) / (hi - lo)
            with np.errstate(invalid="ignore", divide="ignore"):
                left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
                right = hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode))
            return np.clip(np.where(u < cut, left, right), lo, hi)
        mean, sd, lo, hi = a  # truncnormal: invert the normal on [Phi(lo), Phi(hi)]
        p_lo, p_hi = special.ndtr((lo - mean) / sd), special.ndtr((hi - mean) / sd)
        if p_hi - p_lo < 1e-12:
            raise ParameterError(f"{self}: [low, high] lies too far in a tail of the normal")
        return np.clip(mean + sd * special.ndtri(p_lo + (p_hi - p_lo) * u), lo, hi)


def parse_distribution(text: str | Distribution) -> Distribution:
    """:meth:`Distribution.parse` as a function."""
    return Distribution.parse(text)


def _block(seed: int, block: int, width: int) -> np.ndarray:
    seq = np.random.SeedSequence(seed, spawn_key=(block,))
    bits = np.random.Generator(np.random.PCG64(seq)).integers(
        0, 2**53, size=(BLOCK, width), dtype=np.int64
    )
    return (bits + 0.5) / 2.0**53  # the open interval (0, 1): no infinite normal quantiles


def uniforms(seed: int, start: int, stop: int, width: int) -> np.ndarray:
    """Uniforms on (0, 1) for samples ``start .. stop - 1``, shape ``(stop - start, width)``.

    The same sample always gets the same row, whatever range it is drawn in.

    Examples
    --------
    >>> from tradegame.sampling import uniforms
    >>> whole = uniforms(7, 0, 10_000, 2)
    >>> bool((uniforms(7, 5_000, 5_003, 2) == whole[5_000:5_003]).all())
    True
    """
    if stop <= start:
        return np.zeros((0, width))
    first, last = start // BLOCK, (stop - 1) // BLOCK
    rows = np.concatenate([_block(seed, b, width) for b in range(first, last + 1)])
    offset = first * BLOCK
    return rows[start - offset : stop - offset]


def range_distributions(
    parameters: pd.DataFrame, confidence: str | Sequence[str]
) -> dict[str, Distribution]:
    """Uniform distributions over the calibrated low-high range of parameters of given confidence.

    Parameters
    ----------
    parameters : DataFrame
        :meth:`tradegame.Scenario.parameters`.
    confidence : str or sequence of str
        ``"low"``, ``"medium"``, ``"high"``, ``"illustrative"``, several of
        them, or ``"all"``.

    Returns
    -------
    dict
        ``{parameter: Distribution("uniform(low, high)")}`` for every
        parameter of that confidence whose range is a finite interval of
        positive width (a parameter with an infinite end, such as an export
        supply elasticity reaching complete pass-through, is left out).
    """
    from .scenario import CONFIDENCE_LEVELS

    levels = [confidence] if isinstance(confidence, str) else list(confidence)
    if levels == ["all"]:
        levels = list(CONFIDENCE_LEVELS)
    unknown = [x for x in levels if x not in CONFIDENCE_LEVELS]
    if unknown or not levels:
        raise ParameterError(
            f"unknown confidence level {unknown[0] if unknown else ''!r}; choose from: "
            f"{', '.join(CONFIDENCE_LEVELS)} or all"
        )
    out: dict[str, Distribution] = {}
    rows = parameters[parameters["confidence"].isin(levels)]
    for name, low, high in zip(rows["parameter"], rows["low"], rows["high"], strict=True):
        if np.isfinite(low) and np.isfinite(high) and low < high:
            out[name] = Distribution("uniform", (float(low), float(high)))
    return out


def check_mapping(value: object, what: str) -> Mapping:
    """A mapping argument, or a one-line error naming it."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ParameterError(f"{what} must be a mapping of parameter names; got {value!r}")
    return value
