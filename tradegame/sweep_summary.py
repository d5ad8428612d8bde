"""What a sweep says: regime shares, switching thresholds and sensitivity, in plain words.

:func:`summarize` reads a finished sweep chunk by chunk (memory bounded by the
chunk size) and reports

- which regime prevails over what share of the parameter space (for Monte
  Carlo draws, the probability of each with a Wilson interval);
- the thresholds where the regime switches: along every grid line for a grid
  sweep, and one parameter at a time between its distribution's ends with
  the others at their calibrated values for a Monte Carlo sweep, each located
  by bisection on the batched model (:func:`tradegame.regimes.locate_switches`),
  not read off the grid;
- Sobol indices of each player's payoff and of the outcome to every swept
  parameter (:func:`tradegame.sensitivity.sobol_indices`), grid ranges read as
  uniform distributions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .regimes import label_regimes, locate_switches, regime_shares
from .sampling import Distribution

if TYPE_CHECKING:
    import pandas as pd

    from .sweep import SweepRun, SweepSpec

__all__ = ["SweepSummary", "classifier", "summarize"]

_SCAN = 257  # points of the one-at-a-time scan in which switches are bracketed


@dataclass(frozen=True)
class SweepSummary:
    """Regime shares, thresholds and sensitivity of one sweep.

    Attributes
    ----------
    shares : DataFrame
        ``regime``, ``points``, ``share``, ``ci_low``, ``ci_high``
        (:func:`tradegame.regimes.regime_shares`).
    thresholds : DataFrame or None
        ``parameter``, ``value``, ``below``, ``above`` (regimes on each
        side), and the values of the other parameters on that line; None when
        not sought.
    sensitivity : DataFrame or None
        Sobol indices (:func:`tradegame.sensitivity.sobol_indices`); None
        with one swept parameter.
    points : int
    random_draws : bool
    notes : tuple of str
    players : tuple of str
        The players, in the order outcomes list their strategies.
    """

    shares: pd.DataFrame
    thresholds: pd.DataFrame | None
    sensitivity: pd.DataFrame | None
    points: int
    random_draws: bool
    notes: tuple[str, ...] = field(default=())
    players: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, width: int = 100) -> str:
        """The summary as text lines of at most ``width`` characters (labels wrap)."""
        import textwrap

        def wrapped(text: str, first: str, rest: str) -> list[str]:
            return textwrap.wrap(
                text,
                width=width,
                initial_indent=first,
                subsequent_indent=rest,
                break_on_hyphens=False,
                break_long_words=False,
            )

        lines = [f"Regimes over {self.points:,} points (a regime: the equilibria at a point)"]
        if self.players:
            lines.append(f"  strategies are listed in player order: {' / '.join(self.players)}")
        for row in self.shares.itertuples():
            interval = ""
            if self.random_draws:
                interval = f" (95% CI {row.ci_low:.1%}-{row.ci_high:.1%})"
            lines += wrapped(f"{row.regime}{interval}", f"  {row.share:7.2%}  ", " " * 12)
        if self.thresholds is None:
            pass
        elif len(self.thresholds):
            lines.append(
                "Thresholds (by bisection on the model; 'A -> B': regime A below the value, "
                "B above):"
            )
            keys = ["parameter", "below", "above"]
            for (param, below, above), group in self.thresholds.groupby(keys, sort=False):
                v = group["value"]
                if len(v) == 1:
                    where = f"{param} = {v.iloc[0]:.10g}"
                elif v.max() - v.min() <= 1e-9 * max(abs(v.max()), abs(v.min())):
                    where = f"{param} = {v.iloc[0]:.10g} (the same on all {len(v)} grid lines)"
                else:
                    where = f"{param} = {v.min():.6g} .. {v.max():.6g} (over {len(v)} grid lines)"
                lines += wrapped(where, "  ", "    ")
                lines += wrapped(f"{below}  ->  {above}", "      ", "        ")
        else:
            lines.append("Thresholds: the regime does not switch within the swept ranges")
        if self.sensitivity is not None and len(self.sensitivity):
            lines += wrapped(
                "Sensitivity (Sobol indices: ST, the share of the variance a parameter explains "
                "with its interactions; S1 in brackets, alone):",
                "",
                "  ",
            )
            for output, group in self.sensitivity.groupby("output", sort=False):
                ranked = group.sort_values("ST", ascending=False)
                parts = [
                    f"{r.parameter} {r.ST:.2f} ({r.S1:.2f})" for r in ranked.head(5).itertuples()
                ]
                lines += wrapped(f"{output}:", "  ", "    ")
                lines += wrapped(", ".join(parts), "      ", "      ")
            rough = self.sensitivity[["S1", "ST"]].to_numpy()
            if ((rough < -0.05) | (rough > 1.05)).any():
                lines += wrapped(
                    "(indices below 0 or above 1 are sampling noise: raise --sobol-samples; "
                    "rare outcomes need large samples)",
                    "  ",
                    "   ",
                )
        for note in self.notes:
            lines += wrapped(note, "Note: ", "      ")
        return "\n".join(lines)


def classifier(spec: SweepSpec):
    """``classify(values) -> regime labels`` at a batch of points, for :func:`locate_switches`."""
    from .sweep import evaluate_points

    def classify(values: Mapping[str, np.ndarray]) -> np.ndarray:
        _, eq = evaluate_points(
            spec.scenario,
            values,
            equilibria=spec.equilibria,
            tol=spec.tol,
            time_limit=spec.time_limit,
        )
        _, _, regime, labels = label_regimes(
            eq, spec.scenario.strategies, pure_only=spec.equilibria == "pure"
        )
        return np.asarray(labels, dtype=object)[regime]

    return classify


def _point_regimes(run: SweepRun) -> tuple[np.ndarray, np.ndarray]:
    """The regime label of every point and whether its list is complete, chunk by chunk."""
    labels = np.empty(run.spec.points, dtype=object)
    complete = np.ones(run.spec.points, dtype=bool)
    for table in run.chunks(["point", "regime", "complete"]):
        point = table.column("point").to_numpy()
        regime = table.column("regime").combine_chunks()
        names = regime.dictionary.to_numpy(zero_copy_only=False)
        labels[point] = names[regime.indices.to_numpy()]
        complete[point] = table.column("complete").to_numpy()
    return labels, complete


def _grid_thresholds(spec: SweepSpec, regimes: np.ndarray) -> pd.DataFrame:
    """Switches between neighbouring grid points, located by bisection along each grid line.

    With random draws as well, every draw is a line of its own (the draws are the
    same at every grid point), its sampled values held fixed.
    """
    import pandas as pd

    shape = spec.grid_shape
    cube = regimes.reshape(*shape, spec.samples)
    draws = spec.values(0, spec.samples) if spec.sample else {}
    coordinates = [values for _, values in spec.grid]
    classify = classifier(spec)
    frames = []
    for axis, (name, values) in enumerate(spec.grid):
        if len(values) < 2:
            continue
        left = np.take(cube, np.arange(len(values) - 1), axis=axis)
        right = np.take(cube, np.arange(1, len(values)), axis=axis)
        where = np.argwhere(left != right)
        if not len(where):
            continue
        fixed = {
            other: coordinates[k][where[:, k]]
            for k, (other, _) in enumerate(spec.grid)
            if k != axis
        }
        fixed.update({other: draws[other][where[:, -1]] for other, _ in spec.sample})
        value, below, above = locate_switches(
            classify,
            name,
            values[where[:, axis]],
            values[where[:, axis] + 1],
            fixed,
            low_regime=left[tuple(where.T)],
            high_regime=right[tuple(where.T)],
        )
        frame = pd.DataFrame({"parameter": name, "value": value, "below": below, "above": above})
        for other, v in fixed.items():
            frame[other] = v
        frames.append(frame)
    return _threshold_frame(frames)


def _threshold_frame(frames: list) -> pd.DataFrame:
    import pandas as pd

    if not frames:
        return pd.DataFrame(columns=["parameter", "value", "below", "above"])
    return pd.concat(frames, ignore_index=True)


def _scan_thresholds(spec: SweepSpec) -> pd.DataFrame:
    """One parameter at a time over its distribution, the others at their calibrated values."""
    import pandas as pd

    classify = classifier(spec)
    frames = []
    for name, dist in spec.sample:
        lo, hi = dist.bounds
        if not (np.isfinite(lo) and np.isfinite(hi)):
            lo, hi = (float(x) for x in dist.ppf([1e-3, 1 - 1e-3]))
        xs = np.linspace(lo, hi, _SCAN)
        regimes = classify({name: xs})
        change = np.flatnonzero(regimes[:-1] != regimes[1:])
        if not len(change):
            continue
        value, below, above = locate_switches(
            classify,
            name,
            xs[change],
            xs[change + 1],
            low_regime=regimes[change],
            high_regime=regimes[change + 1],
        )
        frames.append(
            pd.DataFrame({"parameter": name, "value": value, "below": below, "above": above})
        )
    return _threshold_frame(frames)


def check_sobol_samples(n: object) -> int:
    """The base sample of a Sobol design: a power of 2 from 8 to 2**20, else a one-line error."""
    from .errors import ParameterError, option

    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 8 <= n <= 2**20:
        raise ParameterError(f"{option('n')} must be a power of 2 from 8 to 1,048,576; got {n!r}")
    if n & (n - 1):
        raise ParameterError(f"{option('n')} must be a power of 2 (8, 16, ..., 512); got {n}")
    return int(n)


def summarize(
    run: SweepRun, *, thresholds: bool = True, sensitivity: bool = True, n_sobol: int = 512
) -> SweepSummary:
    """Regime shares, thresholds and (optionally) Sobol indices of a finished sweep.

    Parameters
    ----------
    run : SweepRun
        From :func:`tradegame.sweep.run_sweep`.
    thresholds : bool, optional
        Locate the switches between regimes.
    sensitivity : bool, optional
        Compute Sobol indices over the swept parameters (needs two or more).
    n_sobol : int, optional
        Base sample size of the Sobol design (a power of 2).

    Returns
    -------
    SweepSummary
    """
    from .sensitivity import sobol_indices

    spec = run.spec
    check_sobol_samples(n_sobol)
    regimes, complete = _point_regimes(run)
    random_draws = bool(spec.sample)
    independent = spec.samples if random_draws and spec.grid else None
    shares = regime_shares(regimes, random_draws=random_draws, independent=independent)
    notes: list[str] = []
    if spec.equilibria == "pure":
        notes.append(
            "pure equilibria only: 'no pure equilibrium' means the game's equilibria there are "
            "mixed (every finite game has one); `tradegame solve NAME --set ...` at such a point "
            "finds them, or sweep with --equilibria all (slower)"
        )
    if not complete.all():
        notes.append(
            f"at {int((~complete).sum()):,} points a per-game solver stopped at its time limit: "
            "their lists of equilibria (and regimes) may be incomplete; the table's `complete` "
            "column marks them"
        )
    if independent is not None:
        notes.append(
            f"intervals count the {spec.samples:,} draws, repeated at every grid point, as the "
            "independent trials"
        )
    frames = [_grid_thresholds(spec, regimes)] if spec.grid and thresholds else []
    if random_draws and thresholds:
        frames.append(_scan_thresholds(spec))
        notes.append(
            "thresholds of the random parameters: one at a time over its distribution, the "
            "others at their calibrated values"
        )
    found = _threshold_frame([f for f in frames if len(f)])
    table = None
    if sensitivity and len(spec.parameters) >= 2:
        ranges: dict[str, Distribution] = {
            name: Distribution("uniform", (float(v.min()), float(v.max())))
            for name, v in spec.grid
            if v.min() < v.max()
        }
        ranges.update(dict(spec.sample))
        if len(ranges) >= 2:
            table = sobol_indices(
                spec.scenario,
                ranges,
                n=n_sobol,
                seed=spec.seed or 0,
                equilibria=spec.equilibria,
                tol=spec.tol,
                time_limit=spec.time_limit,
            )
            notes.extend(table.attrs.get("notes", ()))
    return SweepSummary(
        shares=shares,
        thresholds=found if thresholds else None,
        sensitivity=table,
        points=spec.points,
        random_draws=random_draws,
        notes=tuple(notes),
        players=tuple(spec.scenario.players),
    )
