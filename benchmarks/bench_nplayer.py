"""Benchmark: tradegame's N-player solvers against Gambit's, in one run.

**One equilibrium.** Random 3- and 4-player games (each player 2 to 4
strategies, standard-normal payoffs; game ``k`` is drawn from
``numpy.random.default_rng([2026, k])``): tradegame's ``logit_tracing`` against
pygambit's ``simpdiv_solve`` (simplicial subdivision from the centroid; van der
Laan, Talman and van der Heyden 1987), ``ipa_solve`` (iterated polymatrix
approximation; Govindan and Wilson 2004) and ``logit_solve`` (the logit QRE
branch; Turocy 2005), all on the same games in the same run. A Gambit call
counts as failed when it raises, returns no profile, times out, or returns a
profile whose largest regret exceeds ``1e-6`` of the player's payoff range
(computed here with :func:`tradegame.solvers.regret.regrets`, not taken from
Gambit); ours fails when it returns no verified equilibrium.

**All equilibria.** For a few shapes, tradegame's ``all_equilibria`` against
Gambit's ``enumpoly_solve`` (support enumeration with polynomial systems;
McKelvey and McLennan 1996): time, count, whether our list is complete and
odd (Wilson 1971; Harsanyi 1973), and whether it contains every profile
Gambit lists (matched within ``1e-6`` in every probability). ``enumpoly``
accepts a profile whose regret is up to ``1e-4`` of the payoff range (its
default); a listed profile above ``1e-6`` of the player's range is counted
apart, as ``rough``, and not looked for in our list.

Gambit's methods have no time limit and some run for minutes (``simpdiv`` on
about a fifth of these games, ``enumpoly`` on larger ones), so each Gambit
call runs in a worker process killed after a timeout (``--timeout``, 3 s, in
the one-equilibrium comparison, where it is also our time limit;
``--table-timeout``, 60 s, in the table); its time is measured inside the
worker, around the solver call only, as ours is around ours. A timed-out call
counts at the timeout, so the means and medians of a solver that timed out
are lower bounds (marked ``>=``). ``enumpoly`` is not run again on a shape
after it timed out on one of its games. Machines here are shared and noisy:
quote the ratios, not the milliseconds. Nothing is asserted. Run with
``make bench`` (about five minutes on two cores) or with fewer ``--games``.

References
----------
Govindan, S. and Wilson, R. (2004). Computing Nash equilibria by iterated
polymatrix approximation. *Journal of Economic Dynamics and Control* 28(7),
1229-1241.
Harsanyi, J. C. (1973). Oddness of the number of equilibrium points.
*International Journal of Game Theory* 2, 235-250.
McKelvey, R. D. and McLennan, A. (1996). Computation of equilibria in finite
games. *Handbook of Computational Economics* 1, ch. 2.
Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence. *Games and Economic Behavior*
51(2), 243-263.
van der Laan, G., Talman, A. J. J. and van der Heyden, L. (1987). Simplicial
variable dimension algorithms for solving the nonlinear complementarity
problem on a product of unit simplices using a general labelling.
*Mathematics of Operations Research* 12(3), 377-397.
Wilson, R. (1971). Computing equilibria of N-person games. *SIAM Journal on
Applied Mathematics* 21, 80-87.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import tradegame as tg
from tradegame.solvers._scale import normalized
from tradegame.solvers.all_equilibria import all_equilibria
from tradegame.solvers.logit_tracing import logit_tracing
from tradegame.solvers.regret import regrets

try:
    import pygambit as gbt
except ImportError:  # optional: ``make crosscheck`` installs it
    gbt = None

RANDOM_SEED = 2026  # game k of the one-equilibrium set: default_rng([RANDOM_SEED, k])
TABLE_SEED = 7  # game k of a shape in the all-equilibria table: default_rng([TABLE_SEED, k])
TABLE_SHAPES = ((2, 2, 2), (2, 2, 2, 2), (3, 3, 3), (3, 3, 3, 3), (4, 4, 4))
TABLE_GAMES = 5  # games per shape
FAILED_REGRET = 1e-6  # a profile with a larger relative regret is a failure
SAME = 1e-6  # two profiles closer than this in every probability are one
GAMBIT_ONE = ("simpdiv", "ipa", "logit")

Profile = list[list[float]]


# ----------------------------------------------------------------------------- games


def random_game(k: int) -> np.ndarray:
    """Game ``k`` of the one-equilibrium set: 3 or 4 players, 2 to 4 strategies each."""
    rng = np.random.default_rng([RANDOM_SEED, k])
    n = int(rng.integers(3, 5))
    shape = tuple(int(s) for s in rng.integers(2, 5, n))
    return rng.standard_normal((n, *shape))


def table_game(shape: tuple[int, ...], k: int) -> np.ndarray:
    """Game ``k`` of ``shape`` in the all-equilibria table."""
    return np.random.default_rng([TABLE_SEED, k]).standard_normal((len(shape), *shape))


def relative_regret(tensor: np.ndarray, profile: Profile) -> float:
    """Largest regret of ``profile`` as a fraction of that player's payoff range."""
    batch = [np.asarray(p, dtype=float)[None] for p in profile]
    return float(regrets(normalized(tensor[None])[0], batch).max())


def distinct(profiles: list[np.ndarray]) -> list[np.ndarray]:
    """``profiles`` (flattened) without repeats closer than :data:`SAME`."""
    kept: list[np.ndarray] = []
    for p in profiles:
        if not any(np.abs(p - q).max() < SAME for q in kept):
            kept.append(p)
    return kept


def covers(ours: list[np.ndarray], theirs: list[np.ndarray]) -> bool:
    """Whether every profile of ``theirs`` is within :data:`SAME` of one of ``ours``."""
    return all(any(np.abs(p - q).max() < SAME for q in ours) for p in theirs)


# ----------------------------------------------------------------------------- Gambit


def _gambit_call(method: str, tensor: np.ndarray) -> tuple[float, list[Profile]]:
    """Run one Gambit method on ``tensor`` (in the worker): seconds and profiles found."""
    game = gbt.Game.from_arrays(*tensor)
    centroid = game.mixed_strategy_profile(rational=True)  # simpdiv's starting point
    solvers: dict[str, Callable[[], object]] = {
        "simpdiv": lambda: gbt.nash.simpdiv_solve(centroid),
        "ipa": lambda: gbt.nash.ipa_solve(game),
        "logit": lambda: gbt.nash.logit_solve(game),
        "enumpoly": lambda: gbt.nash.enumpoly_solve(game),
    }
    start = time.perf_counter()
    result = solvers[method]()
    seconds = time.perf_counter() - start
    profiles = [
        [[float(eq[s]) for s in player.strategies] for player in game.players]
        for eq in result.equilibria
    ]
    return seconds, profiles


@dataclass(frozen=True)
class Outcome:
    """One Gambit call: seconds (the timeout if it timed out), profiles, and what went wrong."""

    seconds: float
    profiles: list[Profile]
    problem: str | None = None  # "timed out", "error: ...", or None


class GambitWorker:
    """A worker process for Gambit calls, replaced when a call outlives its timeout."""

    def __init__(self) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.pool = self.context.Pool(1)

    def run(self, method: str, tensor: np.ndarray, timeout: float) -> Outcome:
        pending = self.pool.apply_async(_gambit_call, (method, tensor))
        try:
            seconds, profiles = pending.get(timeout=timeout)
        except multiprocessing.TimeoutError:
            self.pool.terminate()
            self.pool = self.context.Pool(1)
            return Outcome(timeout, [], "timed out")
        except Exception as error:  # Gambit raised: a failure, reported by type
            return Outcome(float("nan"), [], f"error: {type(error).__name__}")
        return Outcome(seconds, profiles)

    def close(self) -> None:
        self.pool.terminate()


# ----------------------------------------------------------------------------- one equilibrium


@dataclass
class Tally:
    """Per-solver results over the random games."""

    seconds: list[float]
    failures: dict[str, int]
    worst: float = 0.0  # worst max relative regret of a returned profile
    timed_out: int = 0

    def fail(self, why: str) -> None:
        self.failures[why] = self.failures.get(why, 0) + 1


def _ms(values: list[float], how: Callable[[list[float]], float], bound: bool) -> str:
    return f"{'>=' if bound else ''}{how(values) * 1e3:.1f}"


def bench_one_equilibrium(n_games: int, timeout: float, worker: GambitWorker | None) -> None:
    names = ["tradegame logit_tracing"] + (
        [f"pygambit {m}_solve" for m in GAMBIT_ONE] if worker else []
    )
    tallies = {name: Tally([], {}) for name in names}
    shapes: dict[int, int] = {}
    started = time.perf_counter()
    for k in range(n_games):
        tensor = random_game(k)
        shapes[tensor.shape[0]] = shapes.get(tensor.shape[0], 0) + 1
        game = tg.Game.from_arrays(list(tensor))
        ours = tallies[names[0]]
        start = time.perf_counter()
        result = logit_tracing(game, time_limit=timeout)
        ours.seconds.append(time.perf_counter() - start)
        if len(result):
            ours.worst = max(ours.worst, result[0].relative_regret)
        else:
            ours.fail("no verified equilibrium")
        for method, name in zip(GAMBIT_ONE, names[1:], strict=False):
            tally = tallies[name]
            outcome = worker.run(method, tensor, timeout)
            tally.seconds.append(outcome.seconds)
            tally.timed_out += outcome.problem == "timed out"
            if outcome.problem:
                tally.fail(outcome.problem)
                continue
            if not outcome.profiles:
                tally.fail("no profile")
                continue
            worst = max(relative_regret(tensor, p) for p in outcome.profiles)
            tally.worst = max(tally.worst, worst)
            if worst > FAILED_REGRET:
                tally.fail(f"regret > {FAILED_REGRET:g}")
    elapsed = time.perf_counter() - started
    print(
        f"\nOne equilibrium of {n_games} random games ({shapes.get(3, 0)} with 3 players, "
        f"{shapes.get(4, 0)} with 4; 2-4 strategies each; standard-normal payoffs; "
        f"seed {RANDOM_SEED}); timeout {timeout:g} s per call; lower is better; "
        f"{elapsed:.0f} s in all"
    )
    base = tallies[names[0]]
    header = (
        f"  {'solver':<26} {'mean ms':>10} {'median ms':>10} {'failures':>9} "
        f"{'worst regret':>13} {'ours/theirs (mean, median)':>27}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    for name in names:
        tally = tallies[name]
        seconds = [s for s in tally.seconds if s == s]  # errors have no time
        bound = tally.timed_out > 0
        mean, median = statistics.fmean(seconds), statistics.median(seconds)
        ratio = ""
        if tally is not base:
            mark = "<=" if bound else ""
            ratio = (
                f"{mark}{statistics.fmean(base.seconds) / mean:.3f}, "
                f"{mark}{statistics.median(base.seconds) / median:.3f}"
            )
        print(
            f"  {name:<26} {_ms(seconds, statistics.fmean, bound):>10} "
            f"{_ms(seconds, statistics.median, bound):>10} {sum(tally.failures.values()):>9} "
            f"{tally.worst:>13.1e} {ratio:>27}"
        )
    for name in names:
        if tallies[name].failures:
            listed = ", ".join(f"{v} {k}" for k, v in sorted(tallies[name].failures.items()))
            print(f"  failures of {name}: {listed}")


# ----------------------------------------------------------------------------- all equilibria


def bench_all_equilibria(timeout: float, worker: GambitWorker | None) -> None:
    print(
        f"\nAll equilibria: tradegame all_equilibria vs pygambit enumpoly_solve ({TABLE_GAMES} "
        f"games per shape, standard-normal payoffs, game k from default_rng([{TABLE_SEED}, k])); "
        f"Gambit timeout {timeout:g} s"
    )
    header = (
        f"  {'shape':<9} {'k':>2} {'ours ms':>9} {'ours #':>6} {'complete':>8} {'parity':>6} "
        f"{'gambit ms':>10} {'gambit #':>8} {'rough':>6} {'g. parity':>9} {'ours >= gambit':>14}"
    )
    print(header)
    print("  " + "-" * (len(header) - 2))
    summary, errors = [], []
    for shape in TABLE_SHAPES:
        label = "x".join(map(str, shape))
        pairs, gave_up = [], False  # (ours, theirs) seconds where both finished
        for k in range(TABLE_GAMES):
            tensor = table_game(shape, k)
            game = tg.Game.from_arrays(list(tensor))
            start = time.perf_counter()
            try:
                result = all_equilibria(game, time_limit=timeout)
            except Exception as error:  # reported under the table, so the run goes on
                seconds, found = time.perf_counter() - start, None
                cells = f"{'error':>6} {'-':>8} {'-':>6}"
                errors.append(f"{label} k={k}: {type(error).__name__}: {error}")
            else:
                seconds = time.perf_counter() - start
                found = distinct([np.concatenate(e.strategies) for e in result])
                parity = "odd" if len(result) % 2 else "EVEN"
                cells = f"{len(result):>6} {result.complete!s:>8} {parity:>6}"
            theirs = "not run" if worker is None else "skipped"
            if worker is not None and not gave_up:
                outcome = worker.run("enumpoly", tensor, timeout)
                gave_up = outcome.problem == "timed out"
                theirs = outcome.problem or ""
                if not outcome.problem:
                    if found is not None:
                        pairs.append((seconds, outcome.seconds))
                    good = [relative_regret(tensor, p) <= FAILED_REGRET for p in outcome.profiles]
                    flats = [np.concatenate(p) for p in outcome.profiles]
                    listed = distinct([f for f, ok in zip(flats, good, strict=True) if ok])
                    rough = len(distinct([f for f, ok in zip(flats, good, strict=True) if not ok]))
                    contains = "-" if found is None else "yes" if covers(found, listed) else "NO"
                    theirs = (
                        f"{outcome.seconds * 1e3:10.1f} {len(listed):>8} {rough:>6} "
                        f"{'odd' if len(listed) % 2 else 'even':>9} {contains:>14}"
                    )
            print(f"  {label:<9} {k:>2} {seconds * 1e3:9.1f} {cells} {theirs:>10}")
        summary.append((label, pairs))
    print(
        f"  gambit #: distinct profiles listed with relative regret <= {FAILED_REGRET:g}; rough: "
        "listed with more (enumpoly accepts 1e-4 of the payoff range by default)"
    )
    for error in errors:
        print(f"  all_equilibria raised on {error}")
    if worker is not None:
        print("  median time ratio ours/theirs by shape (games where both finished):")
        for label, pairs in summary:
            if pairs:
                ours, theirs = zip(*pairs, strict=True)
                ratio = statistics.median(ours) / statistics.median(theirs)
                print(f"    {label:<9} {ratio:8.2f}")
            else:
                print(f"    {label:<9}      n/a")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200, help="random games (default 200)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=3.0,
        help="seconds per call in the one-equilibrium comparison (default 3)",
    )
    parser.add_argument(
        "--table-timeout",
        type=float,
        default=60.0,
        help="seconds per call in the all-equilibria table (default 60)",
    )
    args = parser.parse_args()
    print(
        f"tradegame {tg.__version__}; numpy {np.__version__}; "
        f"pygambit {'not installed' if gbt is None else gbt.__version__}"
    )
    print(
        "Shared, noisy machine: every comparison is measured in the same run, interleaved game "
        "by game; quote the ratios, not the milliseconds."
    )
    if gbt is None:
        print("pygambit is not installed: the comparison with Gambit is skipped (ours only).")
    worker = GambitWorker() if gbt is not None else None
    try:
        logit_tracing(tg.Game.from_arrays(list(random_game(0))))  # warm-up, untimed
        if worker is not None:
            worker.run("logit", random_game(0), 60.0)
        bench_one_equilibrium(args.games, args.timeout, worker)
        bench_all_equilibria(args.table_timeout, worker)
    finally:
        if worker is not None:
            worker.close()


if __name__ == "__main__":
    main()
