"""Exceptions and warnings raised by tradegame.

Every error a user can cause (a malformed game, scenario or ``.nfg`` file, an
unknown solver method) derives from :class:`TradegameError`, so callers and the
command line catch one type and print its one-line message.
"""

from __future__ import annotations

__all__ = [
    "EquilibriumWarning",
    "GameError",
    "NfgError",
    "ParameterError",
    "ScenarioError",
    "SolverError",
    "TradegameError",
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
        location = f"{self.path}: {where}" if where else self.path
        super().__init__(f"{location}: {message}")


class ScenarioError(_FileError):
    """A scenario file is malformed; the message names the file, the key and the expectation."""


class NfgError(_FileError):
    """A Gambit ``.nfg`` file is malformed; the message names the file and the line."""


class EquilibriumWarning(UserWarning):
    """A candidate equilibrium failed verification and was dropped, or a set may be incomplete."""
