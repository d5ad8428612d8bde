"""Benchmark: trade-model payoffs for 10,000 lever settings x parameter points in one call.

Two measurements, each against a Python loop over the same points in the same
run: ``Scenario.payoffs`` at 10,000 random lever settings of the five-player
escalation scenario, each with its own parameter point; and
``Scenario.payoff_tensors``, the whole 4-player India game at 10,000 parameter
points. Nothing is asserted; run with ``make bench``.
"""

from __future__ import annotations

import argparse

import numpy as np
from _timing import loop_time, median_time

import tradegame as tg


def _report(title: str, n: int, batched: float, per_point: float, m: int) -> None:
    print(title)
    print(
        f"  one batched call                 {batched * 1e3:9.1f} ms  "
        f"({batched / n * 1e6:.1f} us/point)"
    )
    print(
        f"  Python loop, one call per point  {per_point * n * 1e3:9.1f} ms  "
        f"(extrapolated from {m} points)"
    )
    print(f"  ratio                            {per_point * n / batched:9.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--loop-points", type=int, default=300, help="points timed in the loop baseline"
    )
    args = parser.parse_args()
    rng = np.random.default_rng(2026)
    n, m = args.points, min(args.loop_points, args.points)

    scenario = tg.load_scenario("rare_earth_escalation_2025")
    settings = {
        "us.tariff": rng.uniform(0.2, 1.3, n),
        "china.export_control": rng.uniform(0.0, 1.0, n),
        "us.chips": rng.choice(["banned", "licensed"], n),
        "us.revenue_share": rng.uniform(0.0, 0.5, n),
    }
    values = {
        "sigma": rng.uniform(0.1, 0.25, n),
        "entry_hazard": rng.uniform(3.0, 12.0, n),
        "price_capture": rng.uniform(0.0, 1.0, n),
        "us_imports_china.eps_d": rng.uniform(0.76, 2.25, n),
    }
    batched = median_time(lambda: scenario.payoffs(settings, values), args.repeat)
    per_point = loop_time(
        lambda k: scenario.payoffs(
            {a: v[k] for a, v in settings.items()}, {a: v[k] for a, v in values.items()}
        ),
        m,
    )
    _report(
        f"Payoffs at {n:,} lever settings x parameter points, {scenario.title} "
        f"({len(scenario.players)} players, 4 levers and 4 parameters varied)",
        n,
        batched,
        per_point,
        m,
    )

    scenario = tg.load_scenario("india_magnet_shortage_2025")
    values = {
        "sigma": rng.uniform(0.1, 0.25, n),
        "india.input_use": rng.uniform(0.03, 0.2, n),
        "india.inventory_days": rng.uniform(21, 70, n),
        "kappa_april_2025": rng.uniform(0.38, 0.74, n),
        "market_integration": rng.uniform(0.0, 1.0, n),
    }
    out = scenario.payoff_tensors({a: v[:1] for a, v in values.items()})
    batched = median_time(lambda: scenario.payoff_tensors(values), args.repeat)
    per_point = loop_time(
        lambda k: scenario.payoff_tensors({a: v[k] for a, v in values.items()}), m
    )
    shape = "x".join(str(s) for s in out.shape[2:])
    _report(
        f"\nPayoff tensors, {scenario.title} ({out.shape[1]} players, {shape} profiles), "
        f"{n:,} parameter points",
        n,
        batched,
        per_point,
        m,
    )


if __name__ == "__main__":
    main()
