"""Benchmark: the strategic analyses over 10,000 parameter points in one call each.

For each batched kernel, the time for ``--points`` points in one call against a
Python loop of the single-case call over a sample of the same points, in the
same run (these machines are noisy: read the ratio, not the seconds):

* critical discount factors of the Busan deal under Nash reversion and the
  optimal stick-and-carrot code, from the scenario's payoff tensors at random
  parameter points (the tensors' own time is shown too);
* Rubinstein shares for random discount factors;
* Shapley values of random 5-player coalition games;
* airport-game cost shares of random 4-member pools;
* war-of-attrition hazards and expected standoff lengths;
* two-player Nash bargaining over 20 random feasible points;
* Nash (1953) variable-threat payoffs of the Busan game.

Nothing is asserted; run with ``make bench``.
"""

from __future__ import annotations

import argparse

import numpy as np
from _timing import loop_time, median_time

import tradegame as tg
from tradegame import attrition, bargaining, coalitions, repeated


def _row(name: str, n: int, batched: float, per_point: float | None) -> None:
    if per_point is None:
        print(f"{name:<44} {batched * 1e3:10.1f} ms for {n:,} points")
        return
    loop = per_point * n
    print(
        f"{name:<44} {batched * 1e3:10.1f} ms for {n:,} points; "
        f"single calls in a loop {loop:8.2f} s (x{loop / batched:,.0f}; from a sample)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000)
    parser.add_argument(
        "--sample", type=int, default=200, help="points timed in the loops (then scaled up)"
    )
    args = parser.parse_args()
    n, m = args.points, args.sample
    rng = np.random.default_rng(2026)

    scenario = tg.load_scenario("quid_pro_quo_busan_2025")
    values = {
        "sigma": rng.uniform(0.10, 0.25, n),
        "price_capture": rng.uniform(0.0, 1.0, n),
        "chip_security_cost": rng.uniform(0.0, 1.0, n),
        "us.baseline_stockpile_days": rng.uniform(0.0, 90.0, n),
    }
    tensors = scenario.payoff_tensors(values)
    deal = (0, 0)
    print(f"tradegame {tg.__version__}; {n:,} parameter points of {scenario.name}\n")
    _row(
        "payoff tensors (Scenario.payoff_tensors)",
        n,
        median_time(lambda: scenario.payoff_tensors(values), 1),
        None,
    )
    game = scenario.game()
    for punishment in ("nash-reversion", "optimal"):
        _row(
            f"critical_discount_batch ({punishment})",
            n,
            median_time(lambda p=punishment: repeated.critical_discount_batch(tensors, deal, p)),
            loop_time(
                lambda k, p=punishment: repeated.critical_discount(
                    game.replace(payoff_tensor=tensors[k]),
                    dict(zip(game.players, (s[0] for s in game.strategies), strict=True)),
                    p,
                ),
                m,
            ),
        )

    from tradegame.analyses._record import payoff_tensors
    from tradegame.analyses.alliance import shapley_values
    from tradegame.analyses.truce import critical_discounts

    _row(
        "critical_discounts (Busan scenario, from parameters)",
        n,
        median_time(lambda: critical_discounts(scenario, values, punishment="optimal"), 1),
        None,
    )
    alliance = tg.load_scenario("metallic_alliance_2026")
    pools = {"pool_value": rng.uniform(0.06, 0.25, n), "sigma": rng.uniform(0.10, 0.25, n)}
    # the 6-player alliance game's payoffs dominate: timed alone, then with the Shapley step
    model = median_time(lambda: payoff_tensors(alliance, pools), 1)
    _row("payoff tensors (alliance scenario, 48 profiles)", n, model, None)
    _row(
        "shapley_values (alliance scenario, from parameters)",
        n,
        median_time(lambda: shapley_values(alliance, pools), 1),
        None,
    )

    d1, d2 = rng.uniform(0.5, 0.99, (2, n))
    _row(
        "rubinstein (arrays)",
        n,
        median_time(lambda: bargaining.rubinstein(d1, d2)),
        loop_time(lambda k: bargaining.rubinstein(float(d1[k]), float(d2[k])), m),
    )

    players = ("US", "EU", "Japan", "India", "Korea")
    v = rng.uniform(0, 1, (n, 2**5))
    v[:, 0] = 0.0
    coalitions_list = [
        frozenset(p for b, p in enumerate(players) if mask >> b & 1) for mask in range(1, 32)
    ]
    _row(
        "shapley_batch (5 players)",
        n,
        median_time(lambda: coalitions.shapley_batch(players, v)),
        loop_time(
            lambda k: coalitions.shapley(
                {s: float(v[k, mask]) for mask, s in enumerate(coalitions_list, 1)}
            ),
            m,
        ),
    )

    costs = rng.uniform(0.01, 1.0, (n, 4))
    _row(
        "airport_shares (4 members)",
        n,
        median_time(lambda: coalitions.airport_shares(costs)),
        loop_time(lambda k: coalitions.airport_shares(costs[k]), m),
    )

    c = rng.uniform(0.1, 2.0, (n, 2))
    prize = rng.uniform(1.0, 20.0, (n, 2))
    _row(
        "attrition_batch",
        n,
        median_time(lambda: attrition.attrition_batch(c, prize)),
        loop_time(lambda k: attrition.war_of_attrition(c[k], prize[k]), m),
    )

    pts = rng.uniform(0, 1, (n, 20, 2))
    dis = np.zeros((n, 2))
    _row(
        "nash_bargaining_batch (20 points)",
        n,
        median_time(lambda: bargaining.nash_bargaining_batch(pts, dis)),
        loop_time(lambda k: bargaining.nash_bargaining(pts[k], dis[k]), m),
    )

    _row(
        "variable_threat_batch (Busan, 2x3)",
        n,
        median_time(lambda: bargaining.variable_threat_batch(tensors), 1),
        loop_time(lambda k: bargaining.variable_threat(game.replace(payoff_tensor=tensors[k])), m),
    )


if __name__ == "__main__":
    main()
