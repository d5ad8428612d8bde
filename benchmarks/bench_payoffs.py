"""Benchmark: payoff tensors of a 4-player economic scenario for 10,000 parameter points.

One vectorized call (`Scenario.payoff_tensors`) against a Python loop over the
same points, measured in the same run. Nothing is asserted; run with `make bench`.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import tradegame as tg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--loop-points", type=int, default=500, help="points timed in the loop baseline"
    )
    args = parser.parse_args()
    scenario = tg.load_scenario("india_magnet_shortage_2025")
    rng = np.random.default_rng(2026)
    n = args.points
    values = {
        "alpha": rng.uniform(0.005, 0.03, n),
        "sigma": rng.uniform(0.05, 0.2, n),
        "india.exposed_output": rng.uniform(30, 300, n),
        "india.stockpile_days": rng.uniform(14, 42, n),
        "kappa_april_2025": rng.uniform(0.5, 0.74, n),
    }
    scenario.payoff_tensors(values)  # warm up
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        out = scenario.payoff_tensors(values)
        times.append(time.perf_counter() - start)
    batched = statistics.median(times)
    m = min(args.loop_points, n)
    start = time.perf_counter()
    for k in range(m):
        scenario.payoff_tensors({name: v[k] for name, v in values.items()})
    per_point = (time.perf_counter() - start) / m
    shape = "x".join(str(s) for s in out.shape[2:])
    print(
        f"Payoff tensors, {scenario.title} ({out.shape[1]} players, {shape} profiles), {n:,} points"
    )
    print(
        f"  one batched call                 {batched * 1e3:9.1f} ms  "
        f"({batched / n * 1e6:.1f} us/point)"
    )
    print(
        f"  Python loop, one call per point  {per_point * n * 1e3:9.1f} ms  "
        f"(extrapolated from {m} points)"
    )
    print(f"  ratio                            {per_point * n / batched:9.1f}x")


if __name__ == "__main__":
    main()
