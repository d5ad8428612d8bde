"""Exceptions and warnings raised by tradegame, and how messages name options.

Every error a user can cause (a malformed game, scenario or ``.nfg`` file, an
unknown solver method, an argument of the wrong type, an output file that
must not be replaced) derives from :class:`TradegameError`, so callers and the
command line catch one type and print its one-line message.

Messages name options the way the caller spells them: ``time_limit`` and
``method='pure'`` in Python, ``--time-limit`` and ``--method pure`` on the
command line. The command line switches the vocabulary with
:func:`command_line_terms`; library code formats option names with
:func:`option` and method names with :func:`method_term`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = [
    "EfgError",
    "EquilibriumWarning",
    "GameError",
    "NfgError",
    "OutputError",
    "ParameterError",
    "ScenarioError",
    "SolverError",
    "TradegameError",
    "command_line_terms",
    "method_term",
    "on_command_line",
    "option",
]


class TradegameError(ValueError):
    """Base class of every error caused by bad input to tradegame."""


class GameError(TradegameError):
    """A game was built from inconsistent or non-finite data."""


class ParameterError(TradegameError):
    """A model parameter is out of its range (an elasticity, a share, a number of days)."""


class SolverError(TradegameError):
    """A solver was asked for something it cannot do (unknown method, wrong game size)."""


class _FileError(TradegameError):
    """An error located in a file, optionally at a key or line."""

    def __init__(self, path: object, where: str | None, message: str) -> None:
        self.path = str(path)
        self.where = where
        self.message = message
        shown = self.path if self.path.isprintable() else repr(self.path)
        location = f"{shown}: {where}" if where else shown
        super().__init__(f"{location}: {message}")


class ScenarioError(_FileError):
    """A scenario file is malformed; the message names the file, the key and the expectation."""


class NfgError(_FileError):
    """A Gambit ``.nfg`` file is malformed; the message names the file and the line."""


class EfgError(_FileError):
    """A Gambit ``.efg`` file is malformed; the message names the file and the line."""


class OutputError(_FileError):
    """An output file cannot or must not be written; the message names the target path."""


class EquilibriumWarning(UserWarning):
    """A candidate equilibrium failed verification and was dropped, or a set may be incomplete."""


# --------------------------------------------------------------------- option vocabulary
_COMMAND_LINE: ContextVar[bool] = ContextVar("tradegame_command_line_terms", default=False)

_FLAGS = {
    "initial_dropped_label": "--label",
    "exact": "--float/--exact",
    "time_limit": "--time-limit",
    "tol": "--tol",
    "max_profiles": "--max-profiles",
    "parents": "--parents",
    "overrides": "--set",
    "profile": "--truce",
    "grid": "--grid",
    "sample": "--sample",
    "sample_ranges": "--sample-ranges",
    "samples": "--samples",
    "seed": "--seed",
    "chunk_size": "--chunk-size",
    "workers": "--workers",
    "equilibria": "--equilibria",
    "n": "--sobol-samples",
    "out": "--out",
    "baseline": "--baseline",
    "timestamp": "--no-timestamp",
}


@contextmanager
def command_line_terms() -> Iterator[None]:
    """Within this block, messages name options as command-line flags."""
    token = _COMMAND_LINE.set(True)
    try:
        yield
    finally:
        _COMMAND_LINE.reset(token)


def option(name: str) -> str:
    """How the caller spells the option ``name``: ``time_limit`` or ``--time-limit``."""
    if _COMMAND_LINE.get() and name in _FLAGS:
        return _FLAGS[name]
    return name


def on_command_line() -> bool:
    """Whether messages are being written for the command line."""
    return _COMMAND_LINE.get()


def method_term(method: str) -> str:
    """How the caller names a solver method: ``method='pure'`` or ``--method pure``."""
    if _COMMAND_LINE.get():
        return f"--method {method}"
    return f"method={method!r}"
