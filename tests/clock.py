"""A fake clock for time-limit tests: timings are never asserted, time is simulated."""

from __future__ import annotations


class JumpingClock:
    """A monotonic clock that jumps an hour after ``calls`` readings.

    Monkeypatch it over ``tradegame.solvers._budget.time`` to make a budget expire
    at a chosen point of a computation.
    """

    def __init__(self, calls: int) -> None:
        self.calls = calls
        self.now = 0.0

    def monotonic(self) -> float:
        self.calls -= 1
        if self.calls < 0:
            self.now += 3600.0
        return self.now
