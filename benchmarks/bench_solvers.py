"""Benchmarks: tradegame's solvers against a naive loop and the reference libraries, in one run.

Machines here are noisy, so every comparison is a ratio of medians measured in
the same process. Run with ``make bench``; pygambit is used when installed
(``make crosscheck`` installs it). Nothing here is asserted: timings are
reported, never tested.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import warnings

import numpy as np
from _timing import median_time as _median_time

import tradegame as tg

try:
    import pygambit as gbt
except ImportError:  # optional
    gbt = None

try:
    import nashpy
except ImportError:  # pragma: no cover - a core dependency
    nashpy = None


# the reference solvers can take seconds a call: no warm-up run
median_time = functools.partial(_median_time, warm_up=False)


def naive_pure(game: tg.Game) -> list[tuple[int, ...]]:
    """Pure equilibria by a Python loop over profiles and deviations (the baseline)."""
    found = []
    payoffs = game.payoffs
    for profile in itertools.product(*(range(n) for n in game.shape)):
        ok = True
        for i, u in enumerate(payoffs):
            here = u[profile]
            for dev in range(game.shape[i]):
                alt = (*profile[:i], dev, *profile[i + 1 :])
                if u[alt] > here:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            found.append(profile)
    return found


def row(label: str, seconds: float, base: float | None = None) -> str:
    ratio = f"{seconds / base:8.1f}x" if base else "    (ref)"
    return f"  {label:<50} {seconds * 1e3:10.2f} ms {ratio}"


def bench_pure(repeat: int) -> None:
    rng = np.random.default_rng(2026)
    game = tg.Game.from_arrays(list(rng.integers(0, 4, size=(5, 5, 5, 5, 5, 5))))
    n_eq = len(tg.pure_nash(game))
    print(
        "\nAll pure equilibria, 5 players x 5 strategies "
        f"(3125 profiles, {n_eq} equilibria; lower is better)"
    )
    ours = median_time(lambda: tg.pure_nash(game), repeat)
    print(row("tradegame.pure_nash (vectorized)", ours))
    naive = median_time(lambda: naive_pure(game), max(1, repeat // 3))
    print(row("naive per-profile Python loop", naive, ours))
    if gbt is not None:
        ggame = gbt.Game.from_arrays(*[np.asarray(p).astype(int) for p in game.payoffs])
        ref = median_time(lambda: gbt.nash.enumpure_solve(ggame), repeat)
        print(row("pygambit enumpure_solve", ref, ours))
    batch = np.stack([game.payoff_tensor] * 1000)
    from tradegame.solvers.pure import pure_nash_mask

    batched = median_time(lambda: pure_nash_mask(batch), max(1, repeat // 3))
    print(row("pure_nash_mask on a batch of 1000 such games", batched))
    print(f"  {'  = per game':<50} {batched / 1000 * 1e3:10.4f} ms")


def bench_all_equilibria(repeat: int) -> None:
    print("\nAll extreme equilibria of random 2-player games (uniform payoffs; lower is better)")
    rng = np.random.default_rng(7)
    for n in (6, 8, 10):
        a, b = rng.random((n, n)), rng.random((n, n))
        game = tg.Game.from_bimatrix(a, b)
        ints = tg.Game.from_bimatrix(rng.integers(0, 100, (n, n)), rng.integers(0, 100, (n, n)))
        print(f" {n}x{n}: {len(tg.vertex_enumeration(game))} equilibria (float payoffs)")
        ours_float = median_time(lambda g=game: tg.vertex_enumeration(g, exact=False), repeat)
        print(row("tradegame vertex_enumeration, float pivoting", ours_float))
        ours_exact = median_time(lambda g=game: tg.vertex_enumeration(g), repeat)
        print(row("tradegame vertex_enumeration, exact", ours_exact, ours_float))
        ours_int = median_time(lambda g=ints: tg.vertex_enumeration(g), repeat)
        print(row("tradegame vertex_enumeration, exact, int payoffs", ours_int, ours_float))
        ours_support = median_time(lambda g=game: tg.support_enumeration(g), repeat)
        print(row("tradegame support_enumeration (batched)", ours_support, ours_float))
        if gbt is not None:
            gfloat = gbt.Game.from_arrays(a, b)
            ref = median_time(lambda g=gfloat: gbt.nash.enummixed_solve(g, rational=False), repeat)
            print(row("pygambit enummixed_solve (float)", ref, ours_float))
            gint = gbt.Game.from_arrays(*[np.asarray(p).astype(int) for p in ints.payoffs])
            ref = median_time(lambda g=gint: gbt.nash.enummixed_solve(g, rational=True), repeat)
            print(row("pygambit enummixed_solve (rational, int payoffs)", ref, ours_int))
        if nashpy is not None and n <= 8:  # about a minute per call at 10x10
            ngame = nashpy.Game(a, b)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ref = median_time(lambda g=ngame: list(g.vertex_enumeration()), max(1, repeat // 2))
            print(row("nashpy vertex_enumeration", ref, ours_float))


def bench_degenerate(repeat: int) -> None:
    print("\nAll extreme equilibria of degenerate games (payoffs in {-1, 0, 1}; lower is better)")
    rng = np.random.default_rng(5)
    for n in (8, 10):
        a, b = rng.integers(-1, 2, (n, n)), rng.integers(-1, 2, (n, n))
        game = tg.Game.from_bimatrix(a, b)
        count = len(tg.vertex_enumeration(game))
        ours = median_time(lambda g=game: tg.vertex_enumeration(g), max(1, repeat // 3))
        print(row(f"{n}x{n} tradegame vertex_enumeration, exact ({count} eq.)", ours))
        if gbt is not None:
            ggame = gbt.Game.from_arrays(a.astype(int), b.astype(int))
            listed = len(gbt.nash.enummixed_solve(ggame, rational=True).equilibria)
            ref = median_time(
                lambda g=ggame: gbt.nash.enummixed_solve(g, rational=True), max(1, repeat // 3)
            )
            print(row(f"{n}x{n} pygambit enummixed_solve, rational ({listed} listed)", ref, ours))


def bench_lemke_howson(repeat: int) -> None:
    print("\nOne equilibrium by Lemke-Howson, label 0 (lower is better)")
    rng = np.random.default_rng(11)
    for n in (10, 30):
        a, b = rng.random((n, n)), rng.random((n, n))
        game = tg.Game.from_bimatrix(a, b)
        ours = median_time(lambda g=game: tg.lemke_howson(g, exact=False), repeat)
        print(row(f"{n}x{n} tradegame lemke_howson, float", ours))
        exact = median_time(lambda g=game: tg.lemke_howson(g), repeat)
        print(row(f"{n}x{n} tradegame lemke_howson, exact", exact, ours))
        if gbt is not None:
            ggame = gbt.Game.from_arrays(a, b)
            ref = median_time(
                lambda g=ggame: gbt.nash.lcp_solve(g, rational=False, stop_after=1), repeat
            )
            print(row(f"{n}x{n} pygambit lcp_solve (stop_after=1)", ref, ours))
        if nashpy is not None and n <= 10:  # nashpy's LH overflows to NaN on larger games
            ngame = nashpy.Game(a, b)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ref = median_time(lambda g=ngame: g.lemke_howson(initial_dropped_label=0), repeat)
            print(row(f"{n}x{n} nashpy lemke_howson", ref, ours))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7, help="timed repetitions per case (median)")
    args = parser.parse_args()
    print(
        f"tradegame {tg.__version__}; numpy {np.__version__}; "
        f"pygambit {'not installed' if gbt is None else gbt.__version__}; "
        f"nashpy {'not installed' if nashpy is None else nashpy.__version__}"
    )
    bench_pure(args.repeat)
    bench_all_equilibria(args.repeat)
    bench_degenerate(args.repeat)
    bench_lemke_howson(args.repeat)


if __name__ == "__main__":
    main()
