"""Timing helpers shared by the benchmarks (run as scripts, so imported as ``_timing``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

__all__ = ["loop_time", "median_time"]


def median_time(call: Callable[[], object], repeat: int = 3, *, warm_up: bool = True) -> float:
    """Median wall time of ``call()`` over ``repeat`` runs, after one warm-up run if asked."""
    if warm_up:
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def loop_time(call: Callable[[int], object], m: int) -> float:
    """Mean wall time of ``call(k)`` over ``k = 0, ..., m - 1``: a Python loop, one point each."""
    start = time.perf_counter()
    for k in range(m):
        call(k)
    return (time.perf_counter() - start) / m
