"""Parameter sweeps: a scenario's equilibria over a grid or Monte Carlo draws of its parameters.

A sweep expands a specification (a grid over some parameters, random draws of
others, or both) into parameter points, gets the payoff tensors of every point
from one batched model call per chunk (:meth:`tradegame.Scenario.payoff_tensors`),
finds the equilibria of every game with the batched kernels of
:mod:`tradegame.solvers.batched` (pure equilibria over a batch axis, the closed
form of 2x2 games, batched support enumeration; per-game solvers only where no
kernel applies) and returns one tidy row per (point, equilibrium, player).

The work is split into chunks of points. Each chunk is computed independently
(in this process, a local process pool, or on a Dask cluster) and, when an
output folder is given, written atomically as its own Parquet file next to a
manifest that records the specification and the model version. Rerunning an
interrupted sweep skips the chunks already written and gives the identical
table; a different specification or model refuses to mix with them.

Columns of the result: one per swept parameter (named as given), then
``point`` (index of the parameter point), ``equilibrium`` (index within the
point, -1 where none was found), ``n_equilibria``, ``player``, ``strategy``
(the label, or ``"0.4 concede + 0.6 escalate"`` for mixed play),
``probabilities`` (the mixed strategy, in the scenario's strategy order),
``pure``, ``complete`` (whether the point's list is every equilibrium sought:
False where a per-game solver stopped at its time limit), ``payoff`` (in the
scenario's payoff units), ``outcome`` (the equilibrium as ``"keep / raise"``)
and ``regime`` (the outcomes of all the point's equilibria, joined by
``" | "``).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import hashlib
import json
import math
import multiprocessing
import os
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from . import limits
from .calibration import calibration_path
from .errors import OutputError, ParameterError, ScenarioError, TradegameError, option
from .limits import DEFAULT_TIME_LIMIT
from .regimes import label_regimes
from .sampling import Distribution, check_mapping, range_distributions, uniforms
from .scenario import Scenario, builtin_name, load_scenario

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from .solvers.batched import BatchEquilibria

__all__ = [
    "EQUILIBRIA",
    "TABLE_COLUMNS",
    "SweepSpec",
    "evaluate_points",
    "parse_grid",
    "run_sweep",
    "sweep",
]

EQUILIBRIA = ("auto", "all", "pure")
"""What a sweep lists at each point: ``all`` equilibria, ``pure`` ones only, or ``auto``
(all for two players, pure for more)."""

MANIFEST = "_sweep.json"
"""The manifest's file name; readers of the Parquet folder skip names starting with ``_``."""

_FORMAT = 1
#: The sweep table's own columns (every other column is a swept parameter).
TABLE_COLUMNS = frozenset(
    {
        "point",
        "equilibrium",
        "n_equilibria",
        "player",
        "strategy",
        "probabilities",
        "pure",
        "payoff",
        "outcome",
        "regime",
        "complete",
    }
)
_RESERVED = TABLE_COLUMNS
_GRID = re.compile(r"\s*([^\s=]+)\s*=\s*([^:]+):([^:]+):([^:]+)\s*")
_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*", re.ASCII)
_WHOLE = re.compile(r"\s*\d+\s*", re.ASCII)
_MAX_POINTS = 10**10
_MAX_AXIS = 10**7
_MAX_THREADS = 4
_CHUNK_POINTS = 32_768  # default chunk: small enough to stay in cache, big enough to batch


def _code_digest() -> bytes:
    """A digest of tradegame's own source: the model and the solvers are part of the answer."""
    if not _CODE:
        h = hashlib.sha256()
        package = Path(__file__).resolve().parent
        for source in sorted(package.rglob("*.py")):
            h.update(source.relative_to(package).as_posix().encode())
            h.update(source.read_bytes())
        _CODE.append(h.digest())
    return _CODE[0]


_CODE: list[bytes] = []


def _digest(path: Path) -> str:
    """The model version: tradegame's version and source, the scenario file, the calibration."""
    from . import __version__

    h = hashlib.sha256(__version__.encode())
    h.update(_code_digest())
    for part in (path, calibration_path()):
        try:
            h.update(Path(part).read_bytes())
        except OSError as exc:
            raise ScenarioError(part, None, f"cannot be read ({exc.strerror})") from None
    return h.hexdigest()[:16]


def parse_grid(text: str) -> tuple[str, np.ndarray]:
    """Read ``"param=start:stop:num"`` (``num`` evenly spaced values, ends included).

    Examples
    --------
    >>> from tradegame.sweep import parse_grid
    >>> name, values = parse_grid("sigma=0.1:0.3:3")
    >>> name, values.tolist()
    ('sigma', [0.1, 0.2, 0.3])
    """
    match = _GRID.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ParameterError(
            f"cannot read grid {text!r}; expected PARAM=START:STOP:NUM, e.g. sigma=0.1:0.3:21"
        )
    name, *parts = match.groups()
    if not (_NUMBER.fullmatch(parts[0]) and _NUMBER.fullmatch(parts[1])):
        raise ParameterError(
            f"cannot read grid {text!r}: START and STOP are plain numbers such as 0.5 or 2e3"
        )
    if not _WHOLE.fullmatch(parts[2]):
        raise ParameterError(f"cannot read grid {text!r}: NUM is a whole number such as 21")
    start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
    if not 1 <= num <= _MAX_AXIS:
        raise ParameterError(f"grid {name}: NUM must be between 1 and {_MAX_AXIS:,}; got {num:,}")
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise ParameterError(f"grid {name}: START and STOP must be finite numbers")
    return name, np.linspace(start, stop, num)


def _axis(name: str, value: object) -> np.ndarray:
    """A grid axis from a sequence of values or ``"start:stop:num"`` text."""
    if isinstance(value, str):
        return parse_grid(f"{name}={value}")[1]
    if isinstance(value, (bytes, Mapping)) or np.ndim(value) != 1:
        raise ParameterError(
            f"grid {name}: expected a list of numbers or 'start:stop:num' text; got {value!r}"
        )
    try:
        axis = np.array([float(_plain_number(x)) for x in value], dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(
            f"grid {name}: expected a list of numbers or 'start:stop:num' text; got {value!r}"
        ) from None
    if not len(axis) or not np.isfinite(axis).all():
        raise ParameterError(f"grid {name}: expected a non-empty list of finite numbers")
    if len(axis) > _MAX_AXIS:
        raise ParameterError(f"grid {name}: at most {_MAX_AXIS:,} values; got {len(axis):,}")
    return axis


def _distribution(name: str, value: object) -> Distribution:
    try:
        return Distribution.parse(value)
    except ParameterError as exc:
        raise ParameterError(f"{option('sample')} {name}: {exc}") from None


def _levels(value: object) -> list[str]:
    """Confidence levels for ``sample_ranges``: a string or a sequence of strings."""
    from .scenario import CONFIDENCE_LEVELS

    levels = [value] if isinstance(value, str) else value
    valid = (
        isinstance(levels, Sequence)
        and not isinstance(levels, (bytes, str))
        and len(levels) > 0
        and all(isinstance(x, str) for x in levels)
    )
    if not valid:
        raise ParameterError(
            f"{option('sample_ranges')} takes confidence levels ({', '.join(CONFIDENCE_LEVELS)} "
            f"or all); got {value!r}"
        )
    if "all" in levels:
        return list(CONFIDENCE_LEVELS)
    return list(dict.fromkeys(levels))


def _plain_number(x: object) -> object:
    """Numbers pass; booleans, text and complex numbers do not."""
    if isinstance(x, (bool, np.bool_, str, bytes, complex, np.complexfloating)):
        raise TypeError(x)
    return x


@dataclass(frozen=True, eq=False)
class SweepSpec:
    """What a sweep computes: the scenario, the points and what is listed at each.

    Build it with :meth:`build`; a spec is identified by :meth:`identity`,
    which the manifest of an output folder records.

    Attributes
    ----------
    scenario : Scenario
        The scenario, with any fixed overrides applied.
    grid : tuple of (str, ndarray)
        Grid axes in order; the first varies slowest.
    sample : tuple of (str, Distribution)
        Parameters drawn at random, with their distributions.
    samples : int
        Draws per grid point (1 without random parameters; the same draws at
        every grid point: common random numbers).
    seed : int or None
        Seed of the draws (chosen at random and recorded when not given).
    equilibria : str
        ``"all"`` or ``"pure"`` (``"auto"`` resolved).
    chunk_size : int
        Points per chunk.
    tol, time_limit : float
        Regret tolerance, and seconds allowed per game where a per-game
        solver runs.
    """

    scenario: Scenario
    grid: tuple[tuple[str, np.ndarray], ...]
    sample: tuple[tuple[str, Distribution], ...]
    samples: int
    seed: int | None
    equilibria: str
    chunk_size: int
    tol: float
    time_limit: float | None
    digest: str = field(repr=False)
    seed_given: bool = field(default=True, repr=False)

    @classmethod
    def build(
        cls,
        scenario: Scenario | str | os.PathLike[str],
        *,
        grid: Mapping[str, Any] | None = None,
        sample: Mapping[str, Any] | None = None,
        sample_ranges: str | Sequence[str] | None = None,
        samples: int | None = None,
        seed: int | None = None,
        equilibria: str = "auto",
        chunk_size: int | None = None,
        overrides: Mapping[str, Any] | None = None,
        tol: float | None = None,
        time_limit: float | None = DEFAULT_TIME_LIMIT,
    ) -> SweepSpec:
        """Check a sweep's arguments and build its spec; see :func:`sweep`."""
        from .solvers._budget import check_time_limit
        from .solvers.result import DEFAULT_TOL, check_tol

        if isinstance(scenario, Scenario):
            if overrides:
                scenario = load_scenario(scenario.path, {**scenario.overrides, **overrides})
        else:
            scenario = load_scenario(scenario, overrides)
        if scenario.model == "explicit":
            raise ParameterError(
                f"{scenario.path}: an explicit-payoff scenario has no parameters to sweep; "
                "sweep a trade-model scenario"
            )
        given = bool(grid) or bool(sample) or sample_ranges is not None
        from_file = not given and any(
            k in scenario.sweep for k in ("grid", "sample", "sample_ranges")
        )
        if from_file:  # the file's [sweep] table; its problems are reported in the file
            table = scenario.sweep
            try:
                return cls.build(
                    scenario,
                    grid=table.get("grid"),
                    sample=table.get("sample"),
                    sample_ranges=table.get("sample_ranges"),
                    samples=samples if samples is not None else table.get("samples"),
                    seed=seed if seed is not None else table.get("seed"),
                    equilibria=table.get("equilibria", equilibria),
                    chunk_size=chunk_size,
                    tol=tol,
                    time_limit=time_limit,
                )
            except ParameterError as exc:
                raise ScenarioError(scenario.path, "sweep", str(exc)) from None
        grid = check_mapping(grid, option("grid"))
        sample = dict(check_mapping(sample, option("sample")))
        model = scenario.payoff_model
        fixed = {p for name in scenario.overrides for p in model.resolve(name)}
        for name in [*grid, *sample]:
            if not isinstance(name, str) or not name.strip():
                raise ParameterError(f"parameter names are non-empty strings; got {name!r}")
            if name in _RESERVED:
                raise ParameterError(
                    f"a parameter cannot be called {name!r}: the sweep table has a column of "
                    "that name"
                )
            if not model.resolve(name):
                model.check_values({name: 1.0})  # the unknown-parameter message, with a hint
            if set(model.resolve(name)) & fixed:
                raise ParameterError(
                    f"{name} is both fixed ({option('overrides')}) and swept; give it one way"
                )
        if sample_ranges is not None:
            levels = _levels(sample_ranges)
            drawn = range_distributions(scenario.parameters(), levels)
            taken = {p for name in [*grid, *sample] for p in model.resolve(name)} | fixed
            drawn = {k: v for k, v in drawn.items() if k not in taken}
            if not drawn and not sample:
                every = range_distributions(scenario.parameters(), "all")
                rows = scenario.parameters().set_index("parameter")["confidence"]
                present = sorted({rows[k] for k in every if k not in taken})
                raise ParameterError(
                    f"no parameter of confidence {', '.join(levels)} has a finite low-high "
                    "range to draw from (and is not fixed or swept already)"
                    + (f"; those that do have confidence {', '.join(present)}" if present else "")
                )
            sample.update(drawn)
        axes = tuple((str(k), _axis(str(k), v)) for k, v in grid.items())
        dists = tuple((str(k), _distribution(str(k), v)) for k, v in sample.items())
        names = [k for k, _ in axes] + [k for k, _ in dists]
        if not names:
            raise ParameterError(
                f"nothing to sweep: give a grid ({option('grid')}) or parameters to draw "
                f"({option('sample')} or {option('sample_ranges')}), or a [sweep] table in "
                "the scenario file"
            )
        for name in names:
            if names.count(name) > 1:
                raise ParameterError(f"parameter {name!r} is swept twice")
        for name, axis in axes:
            scenario.payoff_model.check_values({name: axis})
        for name, dist in dists:
            try:
                ends = dist.ppf([1e-12, 1 - 1e-12])
            except ParameterError as exc:
                raise ParameterError(f"{option('sample')} {name}: {exc}") from None
            if not np.isfinite(ends).all():
                raise ParameterError(
                    f"{option('sample')} {name}: {dist} draws values too large for a float"
                )
            try:
                scenario.payoff_model.check_values({name: ends})
            except ParameterError as exc:
                raise ParameterError(
                    f"{option('sample')} {name}: {dist} reaches values the model refuses "
                    f"({exc}); choose a distribution within the parameter's range "
                    "(truncnormal cuts a normal)"
                ) from None
        if dists:
            if samples is None:
                raise ParameterError(f"give the number of draws ({option('samples')})")
            if isinstance(samples, bool) or not isinstance(samples, (int, np.integer)):
                raise ParameterError(f"{option('samples')} must be a whole number; got {samples!r}")
            if samples < 1:
                raise ParameterError(f"{option('samples')} must be at least 1; got {samples}")
        elif samples not in (None, 1):
            raise ParameterError(
                f"{option('samples')} draws random parameters: name them with "
                f"{option('sample')} or {option('sample_ranges')}"
            )
        seed_given = seed is not None
        if seed is None:
            seed = int(np.random.SeedSequence().entropy % 2**63) if dists else None
        elif isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise ParameterError(f"{option('seed')} must be a whole number >= 0; got {seed!r}")
        if not isinstance(equilibria, str) or equilibria not in EQUILIBRIA:
            raise ParameterError(
                f"unknown {option('equilibria')} {equilibria!r}; choose one of: "
                f"{', '.join(EQUILIBRIA)}"
            )
        if equilibria == "auto":
            equilibria = "all" if len(scenario.players) == 2 else "pure"
        profiles = math.prod(len(s) for s in scenario.strategies)
        cells = profiles * len(scenario.players)
        most = max(1, limits.MAX_MODEL_PAYOFFS // cells)
        if chunk_size is None:
            chunk_size = min(most, _CHUNK_POINTS)
        elif isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)):
            raise ParameterError(
                f"{option('chunk_size')} must be a whole number; got {chunk_size!r}"
            )
        elif not 1 <= chunk_size <= 10**7:
            raise ParameterError(
                f"{option('chunk_size')} must be between 1 and 10,000,000; got {chunk_size}"
            )
        spec = cls(
            scenario=scenario,
            grid=axes,
            sample=dists,
            samples=int(samples or 1),
            seed=None if seed is None else int(seed),
            equilibria=equilibria,
            chunk_size=int(chunk_size),
            tol=check_tol(DEFAULT_TOL if tol is None else tol),
            time_limit=check_time_limit(time_limit),
            digest=_digest(scenario.path),
            seed_given=seed_given,
        )
        if spec.points > _MAX_POINTS:
            raise ParameterError(f"{spec.points:,} points is more than the {_MAX_POINTS:,} allowed")
        return spec

    @property
    def parameters(self) -> list[str]:
        """The swept parameters: grid axes first, then the random ones."""
        return [k for k, _ in self.grid] + [k for k, _ in self.sample]

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(len(v) for _, v in self.grid)

    @property
    def points(self) -> int:
        return math.prod(self.grid_shape) * self.samples

    @property
    def chunks(self) -> int:
        return -(-self.points // self.chunk_size)

    def values(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The parameter values of points ``start .. stop - 1``."""
        index = np.arange(start, stop, dtype=np.int64)
        out: dict[str, np.ndarray] = {}
        if self.grid:
            cells = np.unravel_index(index // self.samples, self.grid_shape)
            for (name, axis), cell in zip(self.grid, cells, strict=True):
                out[name] = axis[cell]
        if self.sample:
            draw = index % self.samples
            first, last = int(draw.min()), int(draw.max()) + 1
            u = uniforms(self.seed, first, last, len(self.sample))[draw - first]
            for k, (name, dist) in enumerate(self.sample):
                out[name] = dist.ppf(u[:, k])
        return out

    def identity(self) -> dict[str, Any]:
        """What must match for chunks of two runs to belong to one table (JSON-ready)."""
        from . import __version__

        return {
            "format": _FORMAT,
            "tradegame": __version__,
            "scenario": self.scenario.name,
            "model_version": self.digest,
            "overrides": {k: float(v) for k, v in sorted(self.scenario.overrides.items())},
            "grid": {k: _axis_summary(v) for k, v in self.grid},
            "sample": {k: str(d) for k, d in self.sample},
            "samples": self.samples,
            "seed": self.seed,
            "equilibria": self.equilibria,
            "tol": self.tol,
            "time_limit": self.time_limit,
            "chunk_size": self.chunk_size,
            "points": self.points,
            "chunks": self.chunks,
        }

    def task(self) -> dict[str, Any]:
        """What a worker needs to rebuild this spec (plain data, picklable anywhere)."""
        return {
            "key": hashlib.sha256(json.dumps(self.identity(), sort_keys=True).encode()).hexdigest(),
            # a built-in goes by name, so a worker finds its own installed copy (the digest
            # below still refuses a worker whose copy differs)
            "path": builtin_name(self.scenario) or str(self.scenario.path.resolve()),
            "overrides": dict(self.scenario.overrides),
            "grid": [(k, v.tolist()) for k, v in self.grid],
            "sample": [(k, str(d)) for k, d in self.sample],
            "samples": self.samples,
            "seed": self.seed,
            "equilibria": self.equilibria,
            "chunk_size": self.chunk_size,
            "tol": self.tol,
            "time_limit": self.time_limit,
            "digest": self.digest,
        }


def _axis_summary(axis: np.ndarray) -> dict[str, Any]:
    """A grid axis in the manifest: its ends, length and a digest of every value."""
    return {
        "first": float(axis[0]),
        "last": float(axis[-1]),
        "num": len(axis),
        "sha256": hashlib.sha256(np.ascontiguousarray(axis, dtype="<f8").tobytes()).hexdigest(),
    }


_SPECS: dict[str, SweepSpec] = {}


def _from_task(task: Mapping[str, Any]) -> SweepSpec:
    """Rebuild a spec in a worker (once per worker), checking the model is the same."""
    key = task["key"]
    if key not in _SPECS:
        spec = SweepSpec.build(
            task["path"],
            overrides=task["overrides"],
            grid=dict(task["grid"]),
            sample=dict(task["sample"]),
            samples=task["samples"] if task["sample"] else None,
            seed=task["seed"],
            equilibria=task["equilibria"],
            chunk_size=task["chunk_size"],
            tol=task["tol"],
            time_limit=task["time_limit"],
        )
        if spec.digest != task["digest"]:
            raise ScenarioError(
                task["path"],
                None,
                "this file, the calibration table or tradegame itself differs on this worker "
                "from the sweep's start",
            )
        _SPECS.clear()
        _SPECS[key] = spec
    return _SPECS[key]


def evaluate_points(
    scenario: Scenario,
    values: Mapping[str, np.ndarray],
    *,
    equilibria: str = "all",
    tol: float | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> tuple[np.ndarray, BatchEquilibria]:
    """Payoff tensors and equilibria at a batch of parameter points.

    Parameters
    ----------
    scenario : Scenario
    values : mapping
        ``{parameter: 1-d array}``, all of one length ``B``.
    equilibria : {"all", "pure"}
    tol, time_limit
        As for :func:`tradegame.solvers.batched.batch_equilibria`.

    Returns
    -------
    tensors : ndarray, shape (B, n_players, *shape)
    equilibria : BatchEquilibria
    """
    from .solvers.batched import batch_equilibria
    from .solvers.result import DEFAULT_TOL

    sizes = {np.size(v) for v in values.values()}
    points = max(sizes, default=1)
    cells = math.prod(len(s) for s in scenario.strategies) * len(scenario.players)
    step = max(1, limits.MAX_MODEL_PAYOFFS // cells)
    parts = []
    for start in range(0, points, step):
        part = {k: np.asarray(v)[start : start + step] for k, v in values.items()}
        parts.append(scenario.payoff_tensors(part))
    tensors = parts[0] if len(parts) == 1 else np.concatenate(parts)
    concept = "pure" if equilibria == "pure" else "nash"
    found = batch_equilibria(
        tensors,
        concept=concept,
        tol=DEFAULT_TOL if tol is None else tol,
        time_limit=time_limit,
    )
    return tensors, found


def _mixed_text(probabilities: np.ndarray, labels: Sequence[str]) -> pa.Array:
    """``"0.4 concede + 0.6 escalate"`` for rows of mixed strategies, built column-wise.

    Probabilities show three significant digits (``4.75e-08``, never a rounded 0);
    each distinct value is formatted once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    with np.errstate(divide="ignore", invalid="ignore"):  # zeros are not shown
        step = 10.0 ** (np.floor(np.log10(np.abs(probabilities))) - 2)
        rounded = np.where(probabilities > 0, np.round(probabilities / step) * step, 0.0)
    shown, inverse = np.unique(rounded, return_inverse=True)
    texts = pa.array([f"{p:.3g}" for p in shown], type=pa.string())
    inverse = inverse.reshape(probabilities.shape)
    pieces = []
    for k, label in enumerate(labels):
        number = texts.take(pa.array(inverse[:, k]))
        text = pc.binary_join_element_wise(number, pa.scalar(f" {label}"), "")
        present = pa.array(probabilities[:, k] > 0)
        pieces.append(pc.if_else(present, text, pa.scalar(None, pa.string())))
    return pc.binary_join_element_wise(*pieces, " + ", null_handling="skip")


def _masked(values: np.ndarray, missing: np.ndarray) -> pa.Array:
    """An Arrow array with nulls where ``missing`` (no mask at all when nothing is)."""
    import pyarrow as pa

    return pa.array(values, mask=missing) if missing.any() else pa.array(values)


def _choices(strategies: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each equilibrium's most likely strategy per player and whether it is the only one.

    Column by column: players have a few strategies and many equilibria, where numpy's
    reductions along a short axis are slow.
    """
    count = len(strategies[0])
    chosen = np.zeros((count, len(strategies)), dtype=np.int64)
    single = np.zeros((count, len(strategies)), dtype=bool)
    for i, s in enumerate(strategies):
        best = s[:, 0].copy()
        support = (s[:, 0] > 0).astype(np.int8)
        for k in range(1, s.shape[1]):
            column = s[:, k]
            better = column > best
            chosen[better, i] = k
            np.maximum(best, column, out=best)
            support += column > 0
        single[:, i] = support == 1
    return chosen, single


def _chunk_table(spec: SweepSpec, chunk: int) -> pa.Table:
    """Compute one chunk: its points, their equilibria, one row per (point, equilibrium, player)."""
    import pyarrow as pa

    start = chunk * spec.chunk_size
    stop = min(start + spec.chunk_size, spec.points)
    values = spec.values(start, stop)
    scenario = spec.scenario
    _, eq = evaluate_points(
        scenario, values, equilibria=spec.equilibria, tol=spec.tol, time_limit=spec.time_limit
    )
    outcome, outcome_labels, regime, regime_labels = label_regimes(
        eq, scenario.strategies, pure_only=spec.equilibria == "pure"
    )
    n = len(scenario.players)
    count = np.asarray(eq.count, dtype=np.int64)
    slots_per_point = np.maximum(count, 1)
    slot_point = np.repeat(np.arange(stop - start), slots_per_point)
    slot_eq = np.full(len(slot_point), -1, dtype=np.int64)
    slot_eq[np.repeat(count > 0, slots_per_point)] = np.arange(len(eq))
    starts = np.cumsum(slots_per_point) - slots_per_point
    slot_rank = np.where(
        slot_eq >= 0, np.arange(len(slot_point)) - np.repeat(starts, slots_per_point), -1
    )
    row_slot = np.repeat(np.arange(len(slot_point)), n)
    row_player = np.tile(np.arange(n, dtype=np.int8), len(slot_point))
    row_point = slot_point[row_slot]
    row_eq = slot_eq[row_slot]
    found = row_eq >= 0
    rows = len(row_slot)

    columns: dict[str, pa.Array] = {}
    for name, v in values.items():
        columns[name] = pa.array(np.asarray(v, dtype=float)[row_point])
    columns["point"] = pa.array(row_point + start, type=pa.int64())
    columns["equilibrium"] = pa.array(slot_rank[row_slot].astype(np.int16))
    columns["n_equilibria"] = pa.array(count[row_point].astype(np.int16))
    columns["player"] = pa.DictionaryArray.from_arrays(
        pa.array(row_player), pa.array(list(scenario.players))
    )
    # strategies: labels for pure play, text for mixed play, the probabilities as lists; the
    # equilibria are in point order, so their strategies laid end to end are the list values
    sizes = [len(s) for s in scenario.strategies]
    lengths = np.where(found, np.asarray(sizes)[row_player], 0)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    flat = np.concatenate(eq.strategies, axis=1).ravel() if len(eq) else np.zeros(0)
    all_labels = [label for labels in scenario.strategies for label in labels]
    first_label = np.cumsum([0, *sizes])[:-1]
    safe_eq = np.maximum(row_eq, 0)  # rows without an equilibrium are masked below
    if len(eq):
        chosen, single = _choices(eq.strategies)
        chosen += first_label
        payoff = np.where(found, eq.payoffs[safe_eq, row_player], np.nan)
        one = single[safe_eq, row_player]
        label_index = np.where(found & one, chosen[safe_eq, row_player], -1)
        mixed_rows = found & ~one
        pure_row = found & single.all(axis=1)[safe_eq]
    else:
        payoff = np.full(rows, np.nan)
        label_index = np.full(rows, -1)
        mixed_rows = pure_row = np.zeros(rows, dtype=bool)

    named = pa.DictionaryArray.from_arrays(
        _masked(label_index.astype(np.int32), label_index < 0), pa.array(all_labels)
    ).cast(pa.string())
    text = named
    if mixed_rows.any():  # mixed texts appended after the labels, then put in place by take()
        pieces, index = [named], np.arange(rows)
        for i in range(n):
            mine = np.flatnonzero(mixed_rows & (row_player == i))
            if len(mine):
                index[mine] = sum(len(p) for p in pieces) + np.arange(len(mine))
                pieces.append(_mixed_text(eq.strategies[i][row_eq[mine]], scenario.strategies[i]))
        text = pa.concat_arrays(pieces).take(pa.array(index))
    columns["strategy"] = text
    columns["probabilities"] = pa.ListArray.from_arrays(
        pa.array(offsets, type=pa.int32() if offsets[-1] < 2**31 else pa.int64()),
        pa.array(flat),
        mask=None if found.all() else pa.array(~found),
    )
    columns["pure"] = pa.array(pure_row)
    columns["complete"] = pa.array(np.asarray(eq.complete, dtype=bool)[row_point])
    columns["payoff"] = pa.array(payoff)
    out_codes = np.where(found, outcome[np.maximum(row_eq, 0)] if len(outcome) else 0, -1)
    columns["outcome"] = pa.DictionaryArray.from_arrays(
        _masked(out_codes.astype(np.int32), out_codes < 0),
        pa.array(outcome_labels, type=pa.string()),
    )
    columns["regime"] = pa.DictionaryArray.from_arrays(
        pa.array(regime[row_point].astype(np.int32)), pa.array(regime_labels, type=pa.string())
    )
    return pa.table(columns)


def _part(out: Path, chunk: int) -> Path:
    return out / f"part-{chunk:06d}.parquet"


def _stamp(table: pa.Table, key: str, chunk: int, first: int) -> pa.Table:
    """Record in the chunk which sweep, which chunk and which points it holds."""
    meta = {
        b"tradegame.sweep": key.encode(),
        b"tradegame.chunk": str(chunk).encode(),
        b"tradegame.first_point": str(first).encode(),
    }
    return table.replace_schema_metadata({**(table.schema.metadata or {}), **meta})


def _write_chunk(table: pa.Table, path: Path) -> None:
    import pyarrow.parquet as pq

    from .files import safe_output

    with safe_output(path, binary=True) as handle:
        pq.write_table(table, handle, compression="zstd", write_page_checksum=True)


def _chunk_task(task: Mapping[str, Any], chunk: int, out: str | None) -> tuple[int, Any]:
    """Compute one chunk in a worker; write it when there is an output folder."""
    spec = _from_task(task)
    table = _stamp(_chunk_table(spec, chunk), task["key"], chunk, chunk * spec.chunk_size)
    if out is None:
        return chunk, table
    _write_chunk(table, _part(Path(out), chunk))
    return chunk, table.num_rows


def _read_chunk(path: Path, key: str, chunk: int, columns: Sequence[str] | None = None) -> Any:
    """A chunk file, checked: readable (page checksums), of this sweep and this chunk."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path, columns=columns, page_checksum_verification=True)
    except (OSError, pa.ArrowException) as exc:
        raise OutputError(path, None, f"is damaged ({str(exc).splitlines()[0]})") from None
    meta = table.schema.metadata or {}
    if (
        meta.get(b"tradegame.sweep") != key.encode()
        or meta.get(b"tradegame.chunk") != str(chunk).encode()
    ):
        raise OutputError(path, None, "is not this sweep's chunk (copied or renamed by hand?)")
    return table


def _key(spec: SweepSpec) -> str:
    return hashlib.sha256(json.dumps(spec.identity(), sort_keys=True).encode()).hexdigest()


def _load_manifest(manifest: Path) -> dict[str, Any] | None:
    if not manifest.exists():
        return None
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    if not isinstance(recorded, dict):
        raise OutputError(manifest, None, "cannot be read as a sweep manifest")
    return recorded


def _prepare(out: Path, spec: SweepSpec) -> tuple[SweepSpec, list[int], int]:
    """Check the output folder (created and locked by the caller).

    Returns the spec (with the recorded seed when none was given), the chunks still
    to compute and how many damaged chunks were removed to be computed again.
    """
    from .files import write_text

    if out.exists() and not out.is_dir():
        raise OutputError(out, None, "exists and is not a folder; the sweep writes a folder")
    manifest = out / MANIFEST
    recorded = _load_manifest(manifest)
    has_chunks = out.is_dir() and any(out.glob("part-*.parquet"))
    if (
        recorded is not None
        and not spec.seed_given
        and spec.sample
        and isinstance(recorded.get("seed"), int)
    ):
        # resuming with the same command: the draws are those of the recorded seed
        spec = dataclasses.replace(spec, seed=recorded["seed"])
    identity = spec.identity()
    if recorded is not None and recorded != identity and has_chunks:
        differ = [k for k in identity if recorded.get(k) != identity[k]]
        differ += [k for k in recorded if k not in identity]
        raise OutputError(
            out,
            None,
            "holds chunks of a different sweep (differs in: "
            f"{', '.join(differ) or 'format'}); they are not mixed with this one: "
            "choose another folder or delete it",
        )
    if recorded is None and any(p.name != _LOCK for p in out.iterdir()):
        raise OutputError(
            out, None, "is not empty and holds no sweep; choose a new or empty folder"
        )
    for stale in out.glob(".tradegame-*.tmp"):  # a chunk cut short by a killed run
        stale.unlink(missing_ok=True)
    if recorded != identity:
        write_text(manifest, json.dumps(identity, indent=1, sort_keys=True) + "\n")
    key = _key(spec)
    todo, damaged = [], 0
    for c in range(spec.chunks):
        part = _part(out, c)
        if not part.exists():
            todo.append(c)
            continue
        try:
            _read_chunk(part, key, c)  # every page, against its checksum
        except OutputError:
            part.unlink(missing_ok=True)
            todo.append(c)
            damaged += 1
    if todo:
        (out / _DONE).unlink(missing_ok=True)
    return spec, todo, damaged


class _Lock:
    """One sweep at a time writes to a folder: ``_sweep.lock`` holds the writer's process id."""

    def __init__(self, out: Path) -> None:
        self.path = out / _LOCK

    def __enter__(self) -> _Lock:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                if self._holder_alive():
                    raise OutputError(
                        self.path.parent,
                        None,
                        f"another sweep (process {self._holder()}) is writing to this folder",
                    ) from None
                self.path.unlink(missing_ok=True)  # left by a run that was killed
                continue
            except OSError as exc:
                raise OutputError(
                    self.path.parent, None, f"cannot be written ({exc.strerror})"
                ) from None
            with os.fdopen(fd, "w") as handle:
                handle.write(str(os.getpid()))
            return self
        raise OutputError(self.path.parent, None, "could not take the sweep lock")

    def _holder(self) -> int | None:
        try:
            return int(self.path.read_text().strip())
        except (OSError, ValueError):
            return None

    def _holder_alive(self) -> bool:
        pid = self._holder()
        if pid is None or pid == os.getpid():
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def _progress(total: int, done: int, enabled: bool | None) -> Any:
    from tqdm import tqdm

    if enabled is None:
        enabled = sys.stderr.isatty()
    return tqdm(
        total=total,
        initial=done,
        unit=" points",
        unit_scale=True,
        disable=not enabled,
        file=sys.stderr,
        dynamic_ncols=True,
        desc="sweep",
    )


def _execute(
    spec: SweepSpec,
    todo: list[int],
    out: Path | None,
    *,
    workers: int | None,
    client: Any,
) -> Iterator[tuple[int, Any]]:
    """Run the chunks here, in a process pool, or on a Dask cluster; yield as they finish."""
    target = None if out is None else str(out.resolve())
    task = spec.task()
    if client is not None:
        from distributed import as_completed

        futures = [client.submit(_chunk_task, task, c, target, pure=False) for c in todo]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            client.cancel(futures)
        return
    if workers is None or workers <= 1 or len(todo) <= 1:
        yield from _in_process(spec, todo, out, task["key"])
        return
    context = multiprocessing.get_context("forkserver")
    # workers fork from a server that has imported tradegame and pyarrow once, not each anew
    context.set_forkserver_preload(["tradegame.sweep", "pyarrow.parquet", "pandas"])
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        futures = [pool.submit(_chunk_task, task, c, target) for c in todo]
        try:
            for future in concurrent.futures.as_completed(futures):
                try:
                    yield future.result()
                except concurrent.futures.process.BrokenProcessPool:
                    raise TradegameError(
                        "a worker process stopped abruptly (out of memory, killed, or it could "
                        "not start: a script that starts a sweep with workers must guard it "
                        "with `if __name__ == '__main__':`); the chunks written so far are kept"
                    ) from None
        finally:
            for future in futures:
                future.cancel()


def _threads() -> int:
    """Threads for chunks computed in this process: numpy and Arrow release the GIL."""
    return max(1, min(os.cpu_count() or 1, _MAX_THREADS))


def _in_process(
    spec: SweepSpec, todo: list[int], out: Path | None, key: str
) -> Iterator[tuple[int, Any]]:
    """Chunks computed here, a few at a time on threads, with few chunks in flight."""

    def one(c: int) -> tuple[int, Any]:
        table = _stamp(_chunk_table(spec, c), key, c, c * spec.chunk_size)
        if out is None:
            return c, table
        _write_chunk(table, _part(out, c))
        return c, table.num_rows

    threads = _threads()
    if threads == 1 or len(todo) == 1:
        for c in todo:
            yield one(c)
        return
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        pending: set[concurrent.futures.Future] = set()
        queue = iter(todo)
        try:
            for c in queue:
                pending.add(pool.submit(one, c))
                if len(pending) >= 2 * threads:
                    done, pending = concurrent.futures.wait(
                        pending, return_when=concurrent.futures.FIRST_COMPLETED
                    )
                    for future in done:
                        yield future.result()
            for future in concurrent.futures.as_completed(pending):
                yield future.result()
        finally:
            for future in pending:
                future.cancel()


@dataclass(frozen=True)
class SweepRun:
    """What :func:`run_sweep` did: the spec, where the table is, and what was computed.

    Attributes
    ----------
    spec : SweepSpec
    out : pathlib.Path or None
        The output folder, or None when the chunks stayed in memory.
    computed, skipped, damaged : int
        Chunks computed in this run, found complete on disk, and found damaged
        on disk (removed and computed again).
    tables : tuple
        The chunks in memory (no output folder).
    """

    spec: SweepSpec
    out: Path | None
    computed: int
    skipped: int
    damaged: int = 0
    tables: tuple[Any, ...] = ()
    kept: bool = True

    def read(self, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The sweep table (all chunks, in point order) as a DataFrame."""
        import pyarrow as pa

        if self.out is not None:
            return _to_frame(read_table(self.out, columns))
        self._check_kept()
        table = pa.concat_tables(self.tables) if self.tables else _empty(self.spec)
        if columns is not None:
            table = table.select(list(columns))
        return _to_frame(table)

    def chunks(self, columns: Sequence[str] | None = None) -> Iterator[pa.Table]:
        """The chunks one at a time (memory bounded by the chunk size)."""
        if self.out is None:
            self._check_kept()
            for table in self.tables:
                yield table if columns is None else table.select(list(columns))
            return
        key = _key(self.spec)
        for c in range(self.spec.chunks):
            yield _read_chunk(_part(self.out, c), key, c, columns)

    def _check_kept(self) -> None:
        if not self.kept:
            raise ParameterError(
                "the chunks of this sweep were neither kept (keep=False) nor written (out=None)"
            )


def _empty(spec: SweepSpec) -> pa.Table:
    return _chunk_table(spec, 0).slice(0, 0)


def read_table(out: str | os.PathLike[str], columns: Sequence[str] | None = None) -> pa.Table:
    """A finished sweep folder's chunks, checked, in point order, as one Arrow table.

    Only the chunks the manifest names are read, each checked against its
    page checksums and its record of which sweep and chunk it is; an
    unfinished sweep is refused (run it again to finish it).
    """
    import pyarrow as pa

    folder = Path(out)
    recorded = _load_manifest(folder / MANIFEST)
    if recorded is None:
        raise OutputError(folder, None, "holds no sweep (no manifest)")
    if not (folder / _DONE).exists():
        done = sum(_part(folder, c).exists() for c in range(int(recorded.get("chunks", 0))))
        raise OutputError(
            folder,
            None,
            f"holds an unfinished sweep ({done} of {recorded.get('chunks')} chunks): run the "
            "same sweep again to finish it",
        )
    key = hashlib.sha256(json.dumps(recorded, sort_keys=True).encode()).hexdigest()
    tables = [
        _read_chunk(_part(folder, c), key, c, columns) for c in range(int(recorded["chunks"]))
    ]
    return pa.concat_tables(tables, promote_options="default")


_LOCK = "_sweep.lock"
_DONE = "_SUCCESS"
"""Written once every chunk is on disk (the Hadoop/Spark convention for a finished folder)."""


def _to_frame(table: pa.Table) -> pd.DataFrame:
    import pandas as pd
    import pyarrow as pa

    def mapper(kind: pa.DataType) -> Any:
        return pd.ArrowDtype(kind) if pa.types.is_list(kind) else None

    frame = table.unify_dictionaries().to_pandas(types_mapper=mapper)
    for name in ("outcome", "regime"):  # categories in one order, whatever the chunking
        if name in frame and isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = frame[name].cat.reorder_categories(sorted(frame[name].cat.categories))
    return frame


def _check_run_arguments(
    spec: object, out: object, workers: object, client: object, progress: object
) -> Path | None:
    if not isinstance(spec, SweepSpec):
        raise ParameterError(f"run_sweep needs a SweepSpec (SweepSpec.build); got {spec!r}")
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, (int, np.integer)) or workers < 1
    ):
        raise ParameterError(f"{option('workers')} must be a whole number >= 1; got {workers!r}")
    if client is not None and not callable(getattr(client, "submit", None)):
        raise ParameterError(f"client must be a dask.distributed.Client; got {client!r}")
    if progress is not None and not isinstance(progress, bool):
        raise ParameterError(f"progress must be True, False or None; got {progress!r}")
    if out is None:
        return None
    if not isinstance(out, (str, os.PathLike)) or not str(out).strip() or "\0" in str(out):
        raise OutputError(repr(out), None, f"{option('out')} must be a folder path")
    return Path(out)


def run_sweep(
    spec: SweepSpec,
    *,
    out: str | os.PathLike[str] | None = None,
    workers: int | None = None,
    client: Any = None,
    progress: bool | None = None,
    keep: bool = True,
) -> SweepRun:
    """Compute a sweep's chunks, skipping those already in ``out``.

    Parameters
    ----------
    spec : SweepSpec
    out : path, optional
        Folder for the Parquet chunks and the manifest; without it the
        chunks stay in memory. Chunks already there are checked (page
        checksums, which sweep and chunk they are) and skipped; damaged ones
        are computed again. One sweep at a time writes to a folder.
    workers : int, optional
        Processes of a local pool (default: this process only).
    client : dask.distributed.Client, optional
        Run the chunks on this Dask cluster instead.
    progress : bool, optional
        Show a progress bar with an estimate of the time left (default: when
        standard error is a terminal).
    keep : bool, optional
        Without ``out``, keep the chunk tables for :meth:`SweepRun.read`.

    Returns
    -------
    SweepRun
    """
    folder = _check_run_arguments(spec, out, workers, client, progress)
    if folder is None:
        return _run(spec, None, list(range(spec.chunks)), 0, workers, client, progress, keep)
    folder = folder.absolute()
    if folder.exists() and not folder.is_dir():
        raise OutputError(folder, None, "exists and is not a folder; the sweep writes a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(folder, None, f"cannot be created ({exc.strerror})") from None
    with _Lock(folder):
        spec, todo, damaged = _prepare(folder, spec)
        try:
            run = _run(spec, folder, todo, damaged, workers, client, progress, keep)
        except TradegameError as exc:
            written = sum(_part(folder, c).exists() for c in range(spec.chunks))
            raise _stopped(exc, f"{written} of {spec.chunks} chunks in {folder}") from None
        from .files import write_text

        write_text(folder / _DONE, "")
    return run


def _stopped(exc: TradegameError, where: str) -> TradegameError:
    """The error that stopped a sweep, saying what is left in its folder."""
    tail = f"; the sweep stopped with {where}: fix the cause and run it again"
    if isinstance(exc, (OutputError, ScenarioError)):
        return type(exc)(exc.path, exc.where, exc.message + tail)
    return type(exc)(f"{exc}{tail}")


def _run(
    spec: SweepSpec,
    folder: Path | None,
    todo: list[int],
    damaged: int,
    workers: int | None,
    client: Any,
    progress: bool | None,
    keep: bool,
) -> SweepRun:
    pending = set(todo)
    done_points = sum(_chunk_points(spec, c) for c in range(spec.chunks) if c not in pending)
    tables: dict[int, Any] = {}
    with _progress(spec.points, done_points, progress) as bar:
        for chunk, result in _execute(spec, todo, folder, workers=workers, client=client):
            if folder is None and keep:
                tables[chunk] = result
            bar.update(_chunk_points(spec, chunk))
    return SweepRun(
        spec=spec,
        out=folder,
        computed=len(todo),
        skipped=spec.chunks - len(todo),
        damaged=damaged,
        tables=tuple(tables[c] for c in sorted(tables)),
        kept=folder is not None or keep,
    )


def _chunk_points(spec: SweepSpec, chunk: int) -> int:
    return min(spec.chunk_size, spec.points - chunk * spec.chunk_size)


def sweep(
    scenario: Scenario | str | os.PathLike[str],
    grid: Mapping[str, Any] | None = None,
    samples: int | None = None,
    seed: int | None = None,
    *,
    sample: Mapping[str, Any] | None = None,
    sample_ranges: str | Sequence[str] | None = None,
    equilibria: str = "auto",
    overrides: Mapping[str, Any] | None = None,
    out: str | os.PathLike[str] | None = None,
    chunk_size: int | None = None,
    workers: int | None = None,
    client: Any = None,
    progress: bool | None = None,
    tol: float | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> pd.DataFrame:
    """A scenario's equilibria over a grid and/or Monte Carlo draws of its parameters.

    Parameters
    ----------
    scenario : Scenario, str or path
        A scenario, a built-in scenario name or a scenario file.
    grid : mapping, optional
        ``{parameter: values}``: a list of values, a ``(start, stop, num)``
        triple or ``"start:stop:num"`` text. Every combination is a point;
        the first parameter varies slowest.
    samples : int, optional
        Draws of the random parameters (at every grid point, the same draws).
    seed : int, optional
        Seed of the draws; chosen at random when not given (the manifest of
        ``out`` records it).
    sample : mapping, optional
        ``{parameter: "uniform(0.1, 0.3)"}`` (see :mod:`tradegame.sampling`).
    sample_ranges : str or sequence of str, optional
        Draw every parameter of this confidence (``"low"``, ``["low",
        "medium"]``, ``"all"``) uniformly from its calibrated low-high range.
    equilibria : {"auto", "all", "pure"}, optional
        What to list at each point: every equilibrium, pure ones only, or
        ``auto`` (all for two players, pure for more).
    overrides : mapping, optional
        Fixed values of other parameters.
    out : path, optional
        Write the table to this folder as Parquet chunks (resumable); the
        returned frame is read back from it.
    chunk_size : int, optional
        Points per chunk (default: as many as one model call evaluates,
        :data:`~tradegame.limits.MAX_MODEL_PAYOFFS` payoffs).
    workers : int, optional
        Local worker processes.
    client : dask.distributed.Client, optional
        Run the chunks on a Dask cluster.
    progress : bool, optional
        Progress bar on standard error (default: when it is a terminal).
    tol, time_limit : float, optional
        Regret tolerance; seconds per game where a per-game solver runs.

    Returns
    -------
    DataFrame
        One row per (point, equilibrium, player); see the module docstring.

    Examples
    --------
    >>> import tradegame as tg
    >>> table = tg.sweep("tariff_war_2025", grid={"us_imports_china.eps_s": [1.0, 19.0]})
    >>> table[["us_imports_china.eps_s", "player", "strategy"]]
       us_imports_china.eps_s         player        strategy
    0                     1.0  United States  raise to 51.1%
    1                     1.0          China      keep 21.2%
    2                    19.0  United States      keep 20.8%
    3                    19.0          China      keep 21.2%
    """
    spec = SweepSpec.build(
        scenario,
        grid=grid,
        sample=sample,
        sample_ranges=sample_ranges,
        samples=samples,
        seed=seed,
        equilibria=equilibria,
        chunk_size=chunk_size,
        overrides=overrides,
        tol=tol,
        time_limit=time_limit,
    )
    run = run_sweep(spec, out=out, workers=workers, client=client, progress=progress)
    return run.read()
