"""Benchmark: batched payoff tensors of the trade-model scenarios, points per second.

For each trade-model scenario, ``Scenario.payoff_tensors`` is timed at B
parameter points (B = 1,000 and 4,000 by default; median of ``--repeat`` runs
after a warm-up) under two ways of varying the parameters:

* ``monte-carlo``: every parameter with a finite calibrated range (``low <
  high`` in ``Scenario.parameters()``) drawn independently and uniformly from
  it, as a Monte Carlo over the calibration does (a range up to ``inf``, a
  supply elasticity, keeps its calibrated value);
* ``sweep``: ``sigma`` and one importer's ``inventory_days`` (the first player
  that has them) on a grid, the rest at their calibrated values.

A batch whose payoffs would exceed :data:`tradegame.limits.MAX_MODEL_PAYOFFS`
is evaluated in the fewest equal parts that fit (the 6-player alliance at
B = 4,000: two calls of 2,000), as a caller is told to.

The last column compares the batched call with a Python loop building one
game per point, ``load_scenario(name, overrides).game()``, timed on the first
``--loop-points`` Monte Carlo points: the loop's time per point divided by the
batched call's at the largest B. Machines here are shared and noisy: quote the
ratios and the order of magnitude, not the last digit.

``--accuracy N`` instead checks the time integrals: at N Monte Carlo points per
scenario it compares the payoffs under the shipped rule (a 4-point
Gauss-Legendre rule on each piece between the shortfall paths' kinks, see
:func:`tradegame.economics.time_nodes`) and under the former fixed rule (12
equal panels, 48 nodes) with a fine reference that splits each piece into 16
panels of the 8-point rule, built here independently of ``time_nodes``; and
with the brute-force composite rule of 1,024 equal panels (4,096 nodes), whose
own error across the kinks falls only with the square of the panel width. An
error is the largest over players and profiles at a point, relative to that
player's largest payoff at the point (``scale``) or to the payoff itself
(``elementwise``). It swaps the rule the disruption block uses
(``tradegame.models.trade.blocks._rule``) for the duration of the run.

Nothing is asserted; run with ``.venv/bin/python benchmarks/bench_model.py``.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Callable

import numpy as np
from _timing import loop_time, median_time

import tradegame as tg
from tradegame import limits
from tradegame.economics import time_nodes
from tradegame.models.trade import blocks

SCENARIOS = (
    "india_magnet_shortage_2025",
    "metallic_alliance_2026",
    "quid_pro_quo_busan_2025",
    "rare_earth_escalation_2025",
)
Rule = Callable[[np.ndarray, list[np.ndarray]], tuple[np.ndarray, np.ndarray]]


def monte_carlo(scenario: tg.Scenario, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Every parameter with a finite range ``low < high``, drawn uniformly from it."""
    table = scenario.parameters()
    ranged = table[(table["low"] < table["high"]) & np.isfinite(table["high"])]
    return {
        row.parameter: rng.uniform(row.low, row.high, n) for row in ranged.itertuples(index=False)
    }


def sweep(scenario: tg.Scenario, n: int) -> dict[str, np.ndarray]:
    """``sigma`` and the first ``<player>.inventory_days`` on grids over their ranges."""
    table = scenario.parameters().set_index("parameter")
    names = ["sigma"]
    names += [p for p in table.index if p.endswith(".inventory_days")][:1]
    return {p: np.linspace(table.at[p, "low"], table.at[p, "high"], n) for p in names}


def tensors(scenario: tg.Scenario, values: dict[str, np.ndarray]) -> np.ndarray:
    """``payoff_tensors`` in the fewest equal batches that keep within MAX_MODEL_PAYOFFS."""
    n = len(next(iter(values.values())))
    cells = len(scenario.players) * int(np.prod([len(s) for s in scenario.strategies]))
    parts = -(-n * cells // limits.MAX_MODEL_PAYOFFS)
    if parts <= 1:
        return scenario.payoff_tensors(values)
    edges = np.linspace(0, n, parts + 1).astype(int)
    return np.concatenate(
        [
            scenario.payoff_tensors({k: v[a:b] for k, v in values.items()})
            for a, b in itertools.pairwise(edges)
        ]
    )


def timing(args: argparse.Namespace) -> None:
    sizes = sorted(args.sizes)
    head = "".join(f"{f'B={b:,}':>12}" for b in sizes)
    print(f"{'scenario':28} {'shape':>12} {'varied':>12}{head}   loop ratio")
    print(f"{'':28} {'':>12} {'':>12}{'points/s':>12}")
    for name in args.scenarios:
        scenario = tg.load_scenario(name)
        shape = "x".join(str(k) for k in scenario.game().shape)
        points = monte_carlo(scenario, max(sizes), np.random.default_rng(2026))
        for label, draw in (
            ("monte-carlo", lambda b: {k: v[:b] for k, v in points.items()}),  # noqa: B023
            ("sweep", lambda b: sweep(scenario, b)),  # noqa: B023
        ):
            rates, last = [], 0.0
            for b in sizes:
                values = draw(b)
                last = median_time(lambda: tensors(scenario, values), args.repeat)  # noqa: B023
                rates.append(b / last)
            cells = "".join(f"{r:12,.0f}" for r in rates)
            ratio = ""
            if label == "monte-carlo":
                per_point = loop_time(
                    lambda k: tg.load_scenario(
                        name,  # noqa: B023
                        {p: float(v[k]) for p, v in points.items()},  # noqa: B023
                    ).game(),
                    args.loop_points,
                )
                ratio = f"{per_point / (last / sizes[-1]):10,.0f}x"
            print(f"{name:28} {shape:>12} {label:>12}{cells}   {ratio}")


# -- accuracy of the time integrals ------------------------------------------------------------
def _panels(end: np.ndarray, kinks: list[np.ndarray]) -> np.ndarray:
    """The sorted breakpoints 0, kinks (clipped to [0, end]) and end, along a first axis."""
    shape = np.broadcast_shapes(end.shape, *(k.shape for k in kinks))
    e = np.broadcast_to(end, shape)
    inner = [np.clip(np.broadcast_to(k, shape), 0.0, e) for k in kinks]
    return np.sort(np.stack([np.zeros(shape), *inner, e]), axis=0)


def _gauss(edges: np.ndarray, k: int, split: int) -> tuple[np.ndarray, np.ndarray]:
    """A k-point Gauss-Legendre rule on ``split`` equal panels of each interval of ``edges``."""
    x, v = np.polynomial.legendre.leggauss(k)
    u = ((np.arange(split)[:, None] + (x + 1.0) / 2.0) / split).ravel()
    v = np.tile(v / 2.0 / split, split)
    extra = (1,) * (edges.ndim - 1)
    low, width = edges[:-1, None], np.diff(edges, axis=0)[:, None]
    t = low + width * u.reshape((1, -1, *extra))
    w = width * v.reshape((1, -1, *extra))
    t = np.where(w == 0, edges[-1] / 2.0, t)  # empty panels: weight 0, away from the kinks
    return t.reshape((-1, *edges.shape[1:])), w.reshape((-1, *edges.shape[1:]))


def fine_rule(end: np.ndarray, kinks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Reference: each piece between the kinks in 16 panels of the 8-point rule."""
    return _gauss(_panels(np.asarray(end, dtype=float), kinks), 8, 16)


def composite_rule(end: np.ndarray, kinks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Brute force: 1,024 equal panels of the 4-point rule (4,096 nodes), kinks ignored."""
    e = np.asarray(end, dtype=float)
    return _gauss(np.stack([np.zeros(e.shape), e]), 4, 1024)


def fixed_rule(end: np.ndarray, kinks: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The former rule: 12 equal panels of the 4-point rule (48 nodes)."""
    return time_nodes(end, axis=0)


def _errors(x: np.ndarray, ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per point: the largest error relative to the player's scale, and elementwise."""
    b, n = ref.shape[:2]
    diff = np.abs(x - ref).reshape(b, n, -1)
    size = np.abs(ref).reshape(b, n, -1)
    scale = size.max(axis=-1, keepdims=True)
    by_scale = (diff / np.where(scale > 0, scale, 1.0)).max(axis=(1, 2))
    with np.errstate(divide="ignore", invalid="ignore"):
        own = np.where(size > 0, diff / size, np.where(diff > 0, np.inf, 0.0))
    return by_scale, own.max(axis=(1, 2))


def accuracy(args: argparse.Namespace) -> None:
    shipped = blocks._rule
    rules: dict[str, Rule] = {
        "shipped": shipped,
        "fixed-48": fixed_rule,
        "fine": fine_rule,
        "composite-4096": composite_rule,
    }
    print(
        f"{args.accuracy:,} Monte Carlo points per scenario; errors against the fine rule "
        "(max and median over the points)"
    )
    print(
        f"{'scenario':28} {'rule':>14} {'scale max':>10} {'median':>9} "
        f"{'element max':>12} {'median':>9}"
    )
    try:
        for name in args.scenarios:
            scenario = tg.load_scenario(name)
            points = monte_carlo(scenario, args.accuracy, np.random.default_rng(2026))
            out = {}
            for label, rule in rules.items():
                blocks._rule = rule
                step = 250
                out[label] = np.concatenate(
                    [
                        scenario.payoff_tensors({k: v[j : j + step] for k, v in points.items()})
                        for j in range(0, args.accuracy, step)
                    ]
                )
            errs = {label: _errors(out[label], out["fine"]) for label in out}
            for label in ("fixed-48", "shipped", "composite-4096"):
                by_scale, own = errs[label]
                print(
                    f"{name:28} {label:>14} {by_scale.max():10.1e} {np.median(by_scale):9.1e} "
                    f"{own.max():12.1e} {np.median(own):9.1e}"
                )
            (new_s, new_e), (old_s, old_e) = errs["shipped"], errs["fixed-48"]
            change = _errors(out["shipped"], out["fixed-48"])
            print(
                f"{'':28} points where the shipped rule's error exceeds the fixed rule's: "
                f"scale {int((new_s > old_s).sum())} ({int((new_s > old_s + 1e-12).sum())} by "
                f"more than 1e-12), elementwise {int((new_e > old_e).sum())} "
                f"({int((new_e > old_e + 1e-12).sum())}); shipped vs fixed rule: scale "
                f"{change[0].max():.1e}, elementwise {change[1].max():.1e}"
            )
    finally:
        blocks._rule = shipped


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 4_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--loop-points", type=int, default=20)
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS))
    parser.add_argument(
        "--accuracy", type=int, default=0, metavar="N", help="check the time rule at N points"
    )
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args)
    else:
        timing(args)


if __name__ == "__main__":
    main()
