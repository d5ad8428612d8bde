"""Sweeps at scale: games per second, against loops over single games and nashpy.

Measured in one run on this machine (shared and noisy: read the ratios):

1. A 1,000,000-point grid over the 2x2 tariff-war scenario (payoffs from the
   trade model's tariff block), end to end to a DataFrame, in this process and
   with two worker processes; a reference numpy kernel (pure equilibria and
   the closed-form mixed equilibrium of 2x2 bimatrix games, nothing else);
   nashpy's support enumeration looped over a subset and extrapolated.
2. A 100,000-point Monte Carlo of the 4-player India scenario over its
   low-confidence parameters (all pure equilibria), against a loop over the
   single-game API (load_scenario(name, overrides).game() and pure_nash) on a
   subset.
3. Peak resident memory of a command-line sweep to Parquet for 1e5 and 1e6
   points (a fresh process each).

Run: ``make bench`` (or ``.venv/bin/python benchmarks/bench_sweep.py``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import tradegame as tg
from tradegame.solvers.batched import batch_equilibria
from tradegame.sweep import SweepSpec, evaluate_points

TARIFF = "tariff_war_2025"
GRID = {"us_imports_china.eps_s": "0.5:20.0:1000", "china_imports_us.eps_s": "0.5:20.0:1000"}


def best_of(func, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return min(times)


def reference_kernel(a: np.ndarray, b: np.ndarray) -> int:
    """Pure equilibria and the interior mixed equilibrium of a batch of 2x2 bimatrix games."""
    row_best = a >= a.max(axis=1, keepdims=True)
    col_best = b >= b.max(axis=2, keepdims=True)
    pure = row_best & col_best
    da = a[:, 0, 0] - a[:, 1, 0] - a[:, 0, 1] + a[:, 1, 1]
    db = b[:, 0, 0] - b[:, 0, 1] - b[:, 1, 0] + b[:, 1, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        q = (a[:, 1, 1] - a[:, 0, 1]) / da
        p = (b[:, 1, 1] - b[:, 1, 0]) / db
    interior = (q > 0) & (q < 1) & (p > 0) & (p < 1)
    return int(pure.sum() + interior.sum())


def section_2x2() -> dict:
    points = 1000 * 1000
    t = time.perf_counter()
    tg.sweep(TARIFF, grid=GRID, progress=False)  # first call: imports and first-use set-up
    cold = time.perf_counter() - t
    spec = SweepSpec.build(TARIFF, grid=GRID)
    tensors = np.concatenate(
        [
            evaluate_points(spec.scenario, spec.values(a, min(a + 32768, points)))[0]
            for a in range(0, points, 32768)
        ]
    )
    kernel_ours = best_of(lambda: batch_equilibria(tensors))
    local = best_of(lambda: tg.sweep(TARIFF, grid=GRID, progress=False), repeat=2)
    pooled = best_of(lambda: tg.sweep(TARIFF, grid=GRID, workers=2, progress=False), repeat=2)
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, points, 2, 2))
    kernel = best_of(lambda: reference_kernel(a, b))
    import nashpy

    subset = 2000
    t = time.perf_counter()
    for k in range(subset):
        list(nashpy.Game(a[k], b[k]).support_enumeration())
    nash_rate = subset / (time.perf_counter() - t)
    best = points / min(local, pooled)
    return {
        "points": points,
        "cold_s": cold,
        "our_kernel_games_per_s": points / kernel_ours,
        "local_s": local,
        "pooled_s": pooled,
        "games_per_s": best,
        "reference_kernel_games_per_s": points / kernel,
        "nashpy_games_per_s": nash_rate,
        "vs_nashpy": best / nash_rate,
    }


def section_india() -> dict:
    name = "india_magnet_shortage_2025"
    points = 100_000
    args = {"sample_ranges": "low", "samples": points, "seed": 1, "progress": False}
    t = time.perf_counter()
    tg.sweep(name, **args)
    cold = time.perf_counter() - t
    local = best_of(lambda: tg.sweep(name, **args), repeat=1)
    pooled = best_of(lambda: tg.sweep(name, workers=2, **args), repeat=1)
    spec = SweepSpec.build(name, sample_ranges="low", samples=200, seed=1)
    values = spec.values(0, 200)
    t = time.perf_counter()
    for k in range(200):
        game = tg.load_scenario(name, {p: float(v[k]) for p, v in values.items()}).game()
        tg.pure_nash(game)
    single = 200 / (time.perf_counter() - t)
    best = points / min(local, pooled)
    return {
        "points": points,
        "cold_s": cold,
        "parameters": len(spec.parameters),
        "local_s": local,
        "pooled_s": pooled,
        "points_per_s": best,
        "single_game_points_per_s": single,
        "vs_single_game": best / single,
    }


def peak_rss(points: int) -> float:
    """Peak resident memory (MB) of a fresh process sweeping ``points`` points to Parquet."""
    grid = {
        "us_imports_china.eps_s": f"0.5:20:{points // 100}",
        "china_imports_us.eps_s": "0.5:20:100",
    }
    with tempfile.TemporaryDirectory() as folder:
        code = (
            "import resource\n"
            "from tradegame.sweep import SweepSpec, run_sweep\n"
            f"spec = SweepSpec.build({TARIFF!r}, grid={grid!r})\n"
            f"run_sweep(spec, out={str(Path(folder) / 'out')!r}, progress=False)\n"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        return int(done.stdout.split()[-1]) / 1024  # kB -> MB


def main() -> None:
    print("Sweep benchmarks (2 cores, shared machine; compare the ratios)")
    r = section_2x2()
    print(
        f"\n2x2 tariff game, {r['points']:,} points, end to end to a DataFrame:\n"
        f"  first call {r['cold_s']:.2f} s; then this process (threads) {r['local_s']:.2f} s, "
        f"2 worker processes {r['pooled_s']:.2f} s -> {r['games_per_s'] / 1e6:.2f} million "
        "games/s\n"
        f"  our batched kernels alone (batch_equilibria on the same payoffs): "
        f"{r['our_kernel_games_per_s'] / 1e6:.2f} million games/s\n"
        f"  reference numpy 2x2 kernel alone: "
        f"{r['reference_kernel_games_per_s'] / 1e6:.2f} million games/s\n"
        f"  nashpy support enumeration loop: {r['nashpy_games_per_s']:,.0f} games/s -> "
        f"sweep is {r['vs_nashpy']:,.0f}x"
    )
    r = section_india()
    print(
        f"\nIndia scenario, Monte Carlo of {r['points']:,} points over its {r['parameters']} "
        f"low-confidence parameters, all pure equilibria:\n"
        f"  first call {r['cold_s']:.2f} s; then this process (threads) {r['local_s']:.2f} s, "
        f"2 worker processes {r['pooled_s']:.2f} s -> {r['points_per_s']:,.0f} points/s\n"
        f"  single-game API loop: {r['single_game_points_per_s']:,.0f} points/s -> "
        f"sweep is {r['vs_single_game']:,.0f}x"
    )
    print("\nPeak resident memory of a sweep to Parquet (fresh process, chunks on threads):")
    for points in (100_000, 1_000_000, 10_000_000):
        print(f"  {points:>12,} points: {peak_rss(points):,.0f} MB")


if __name__ == "__main__":
    main()
