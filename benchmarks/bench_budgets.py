"""Benchmark: what each two-player method achieves within 1, 10 and 60 seconds, 10x10 to 100x100.

For random games of each size (payoffs uniform on [0, 1), as a model computes
them, and small integers in {-1, 0, 1}, which make games degenerate), every
method runs with each time limit and the table gives the verified equilibria it
returned, whether it finished (``complete``: all equilibria of its kind;
``finished``: ran to the end but the method need not find all; ``stopped``:
cut short by the limit) and the seconds it took. A method that finishes within
a limit is not rerun with the larger ones. nashpy, which has no time limit,
runs once per method in a subprocess killed after the largest limit.

Nothing is asserted. Run with ``make bench`` (about half an hour on two cores)
or with smaller ``--sizes`` and ``--budgets``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import tradegame as tg

METHODS: dict[str, Callable[[tg.Game, float], tg.SolverResult]] = {
    "auto": lambda g, t: tg.solve(g, time_limit=t),
    "vertex-enumeration": lambda g, t: tg.vertex_enumeration(g, time_limit=t),
    "vertex-enumeration --float": lambda g, t: tg.vertex_enumeration(g, exact=False, time_limit=t),
    "support-enumeration": lambda g, t: tg.support_enumeration(g, time_limit=t),
    "lemke-howson --label all": lambda g, t: tg.lemke_howson(
        g, initial_dropped_label="all", time_limit=t
    ),
    "lemke-howson --label all --float": lambda g, t: tg.lemke_howson(
        g, initial_dropped_label="all", exact=False, time_limit=t
    ),
}

NASHPY = {
    "nashpy support_enumeration": "list(game.support_enumeration())",
    "nashpy vertex_enumeration": "list(game.vertex_enumeration())",
    "nashpy lemke_howson (all labels)": (
        "[game.lemke_howson(initial_dropped_label=k) for k in range(sum(a.shape))]"
    ),
}


def games(size: int, seed: int) -> dict[str, tg.Game]:
    rng = np.random.default_rng(seed)
    uniform = tg.Game.from_bimatrix(rng.random((size, size)), rng.random((size, size)))
    ties = tg.Game.from_bimatrix(
        rng.integers(-1, 2, (size, size)), rng.integers(-1, 2, (size, size))
    )
    return {"uniform": uniform, "{-1,0,1}": ties}


def status(result: tg.SolverResult) -> str:
    if result.stopped:
        return "stopped"
    return "complete" if result.complete else "finished"


def run_ours(game: tg.Game, name: str, budgets: list[float]) -> list[tuple[str, int, str, float]]:
    rows = []
    for k, budget in enumerate(budgets):
        start = time.perf_counter()
        result = METHODS[name](game, budget)
        seconds = time.perf_counter() - start
        rows.append((f"{budget:g} s", len(result), status(result), seconds))
        if not result.stopped:  # a larger limit changes nothing
            rows.extend((f"{b:g} s", len(result), "same", seconds) for b in budgets[k + 1 :])
            break
    return rows


def run_nashpy(game: tg.Game, call: str, limit: float) -> tuple[int | None, float]:
    """Equilibria nashpy returns (None if killed at the limit) and the seconds it ran."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "game.npy"
        np.save(path, game.payoff_tensor)
        script = (
            "import warnings, numpy as np, nashpy\n"
            "warnings.simplefilter('ignore')\n"
            f"a, b = np.load({str(path)!r})\n"
            "game = nashpy.Game(a, b)\n"
            f"found = {call}\n"
            "ok = [e for e in found if all(np.all(np.isfinite(s)) for s in e)]\n"
            "print(len({tuple(np.round(np.concatenate(e), 8)) for e in ok}))\n"
        )
        start = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, "-c", script],
                capture_output=True,
                text=True,
                timeout=limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return None, time.perf_counter() - start
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            return -1, seconds
        return int(proc.stdout.split()[-1]), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,20,40,70,100", help="square sizes, comma-separated")
    parser.add_argument("--budgets", default="1,10,60", help="time limits in seconds")
    parser.add_argument("--no-nashpy", action="store_true", help="skip the nashpy reference")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    budgets = sorted(float(b) for b in args.budgets.split(","))
    print(f"tradegame {tg.__version__}; numpy {np.__version__}; time limits {budgets} s")
    header = (
        f"{'game':<18} {'method':<34} {'limit':>6} {'equilibria':>10}  {'status':<9} {'seconds':>8}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        for kind, game in games(size, size).items():
            label = f"{size}x{size} {kind}"
            for name in METHODS:
                for limit, count, how, seconds in run_ours(game, name, budgets):
                    print(f"{label:<18} {name:<34} {limit:>6} {count:>10}  {how:<9} {seconds:8.2f}")
                    sys.stdout.flush()
            if args.no_nashpy:
                continue
            for name, call in NASHPY.items():
                count, seconds = run_nashpy(game, call, budgets[-1])
                shown = "-" if count is None else ("error" if count < 0 else str(count))
                how = "killed" if count is None else "finished"
                limit = f"{budgets[-1]:g} s"
                print(f"{label:<18} {name:<34} {limit:>6} {shown:>10}  {how:<9} {seconds:8.2f}")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
