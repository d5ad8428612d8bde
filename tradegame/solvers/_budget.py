"""Time budgets and progress reports shared by the solvers.

A :class:`Budget` is created at the start of a solver call from its
``time_limit`` argument. The solver's loops ask :meth:`Budget.expired` (a
clock read, cheap enough for every pivot) and, when it is true, stop and
return what they have found; :attr:`Budget.stopped` then says why, and the
result is flagged incomplete. :meth:`Budget.report` passes a status line to
the progress reporter installed with :func:`progress_reporter` (the command
line installs one that draws a bar on a terminal), at most a few times a
second.
"""

from __future__ import annotations

import math
import numbers
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from ..errors import EquilibriumWarning, SolverError, on_command_line, option
from ..limits import DEFAULT_TIME_LIMIT

__all__ = ["Budget", "Reporter", "check_time_limit", "progress_reporter"]

Reporter = Callable[[str, float, "float | None", str], None]
"""``reporter(method, elapsed_seconds, time_limit_or_None, status)``."""

_REPORTER: ContextVar[Reporter | None] = ContextVar("tradegame_progress", default=None)
_REPORT_EVERY = 0.2  # seconds between progress reports
_QUIET_START = 0.5  # no report before a run has lasted this long


@contextmanager
def progress_reporter(reporter: Reporter | None) -> Iterator[None]:
    """Within this block, long solver runs send their status to ``reporter``."""
    token = _REPORTER.set(reporter)
    try:
        yield
    finally:
        _REPORTER.reset(token)


def check_time_limit(time_limit: object) -> float | None:
    """``time_limit`` as seconds (a positive number) or None, else a one-line SolverError."""
    if time_limit is None:
        return None
    seconds = math.nan
    if isinstance(time_limit, numbers.Real) and not isinstance(time_limit, bool):
        try:
            seconds = float(time_limit)
        except OverflowError:  # an integer beyond the float range: no limit in practice
            seconds = math.inf
    if not seconds > 0:
        none = "'none'" if on_command_line() else "None"
        raise SolverError(
            f"{option('time_limit')} must be a positive number of seconds or {none} for no "
            f"limit; got {time_limit!r}"
        )
    return None if math.isinf(seconds) else seconds


class Budget:
    """The time a solver may still spend, and why it stopped if it stopped early.

    Parameters
    ----------
    method : str
        Name of the solver, used in progress reports and in the reason.
    time_limit : float or None
        Seconds allowed; None for no limit. Validated here.
    """

    def __init__(self, method: str, time_limit: float | None = DEFAULT_TIME_LIMIT) -> None:
        self.method = method
        self.time_limit = check_time_limit(time_limit)
        self.start = time.monotonic()
        self.deadline = math.inf if self.time_limit is None else self.start + self.time_limit
        self.stopped: str | None = None
        self.share = 1.0  # of the time limit this budget may use (see part)
        self._reporter = _REPORTER.get()
        self._next_report = self.start + _QUIET_START

    @property
    def elapsed(self) -> float:
        """Seconds since the budget was created."""
        return time.monotonic() - self.start

    def remaining(self) -> float | None:
        """Seconds left (never negative), or None without a limit."""
        if self.time_limit is None:
            return None
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        """True once the time limit has passed; records the reason the first time."""
        if self.stopped is not None:
            return True
        if time.monotonic() >= self.deadline:
            share = "" if self.share >= 1 else f"{self.share:.0%} of "
            self.stopped = f"stopped at {share}the time limit of {self.time_limit:g} s"
        return self.stopped is not None

    def part(self, share: float) -> Budget:
        """A budget for the first ``share`` of this one's time, for a phase that others follow.

        Its deadline is ``share`` of the way from the start to this budget's
        deadline; when it expires, its reason names this budget's limit.
        """
        part = Budget.__new__(Budget)
        part.__dict__.update(self.__dict__)
        part.deadline = self.start + share * (self.deadline - self.start)
        part.share = share * self.share
        part.stopped = None
        return part

    def stop(self, reason: str) -> None:
        """Stop for another reason (a size guard, say); the first reason given is kept."""
        if self.stopped is None:
            self.stopped = reason

    def flag(self, frame: Any, consequence: str) -> Any:
        """Record on a result table why the run stopped early, and warn that it did.

        ``frame.attrs["stopped"]`` is the reason or None; the
        :class:`~tradegame.errors.EquilibriumWarning` names the method and
        ``consequence`` (what the table lacks).
        """
        frame.attrs["stopped"] = self.stopped
        if self.stopped:
            warnings.warn(
                f"{self.method} {self.stopped}: {consequence}", EquilibriumWarning, stacklevel=3
            )
        return frame

    def report(self, status: str | Callable[[], str]) -> None:
        """Send a status line to the progress reporter, rate-limited.

        ``status`` may be a callable so that the line is only formatted when
        it is actually shown.
        """
        if self._reporter is None:
            return
        now = time.monotonic()
        if now < self._next_report:
            return
        self._next_report = now + _REPORT_EVERY
        text = status() if callable(status) else status
        self._reporter(self.method, now - self.start, self.time_limit, text)
