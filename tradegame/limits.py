"""Limits that keep tradegame from hanging or exhausting memory.

Each limit is checked *before* anything of that size is built, so a small
hostile file (an ``.nfg`` header announcing a billion strategies, a scenario
with twenty players of ten strategies each) is refused with a one-line error
instead of filling the memory. The values are module constants, read at call
time: raise one for a session with ``tradegame.limits.MAX_PROFILES = ...``,
or pass ``max_profiles=`` to the reader (``--max-profiles`` on the command
line).

Solvers take a time budget instead (``time_limit=`` in seconds, ``None`` for
none); on exhaustion they return what they found, flagged incomplete with the
reason.
"""

from __future__ import annotations

from .errors import option

__all__ = ["DEFAULT_TIME_LIMIT", "MAX_PLAYERS", "MAX_PROFILES", "check_profiles"]

MAX_PROFILES = 10_000_000
"""Most pure-strategy profiles a game read from a file may have.

A game's payoff tensor holds ``n_players * profiles`` numbers: ten million
profiles of a two-player game take 160 MB, and most solvers need a few
copies of that.
"""

MAX_PLAYERS = 32
"""Most players a game may have (numpy arrays have at most 64 axes, and the
solvers add a batch axis and a player axis)."""

DEFAULT_TIME_LIMIT = 30.0
"""Seconds a solver runs before it stops and returns what it has found."""


def check_profiles(shape: tuple[int, ...], max_profiles: int | None) -> str | None:
    """Why a game of strategy counts ``shape`` is too large, or None if it is not.

    The product is computed with Python integers, so it cannot overflow.
    """
    limit = MAX_PROFILES if max_profiles is None else max_profiles
    if len(shape) > MAX_PLAYERS:
        return f"{len(shape)} players; tradegame handles at most {MAX_PLAYERS}"
    profiles = 1
    for count in shape:
        profiles *= int(count)
    if profiles > limit:
        dims = "x".join(str(int(c)) for c in shape)
        return (
            f"a {dims} game has {profiles:,} pure profiles, more than the limit of {limit:,} "
            f"(raise it with {option('max_profiles')})"
        )
    return None
