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

import numbers

from .errors import option

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "MAX_EQUILIBRIA",
    "MAX_MODEL_PAYOFFS",
    "MAX_NFG_BYTES",
    "MAX_PAYOFFS",
    "MAX_PAYOFF_MAGNITUDE",
    "MAX_PLAYERS",
    "MAX_PROFILES",
    "MAX_SCENARIO_BYTES",
    "MAX_TABLEAU_CELLS",
    "MAX_VERTICES",
    "check_count",
    "check_profiles",
    "equilibria_cap",
]

MAX_PROFILES = 10_000_000
"""Most pure-strategy profiles a game read from a file may have (``max_profiles=``,
``--max-profiles``)."""

MAX_PAYOFFS = 20_000_000
"""Most payoffs (players x profiles) a game read from a file may have: the payoff
tensor takes 160 MB and most solvers need a few copies of it. Two players at
:data:`MAX_PROFILES` reach it; a 22-player game of two strategies each does not fit."""

MAX_MODEL_PAYOFFS = 1_000_000
"""Most payoffs the trade model evaluates in one call (settings and parameter points x
players, x profiles for a game's tensors); each needs about 1-2 KB of working memory while it
is computed (a control's effects are integrated on a 48-node time grid), so the largest call
takes 1-2 GB."""

MAX_EQUILIBRIA = 100_000
"""Most equilibria a solver lists; a game with more (every profile of a constant game is
one) is reported with the first ones and flagged incomplete. Games with many strategies
list fewer: at most :data:`MAX_PAYOFFS` probabilities in all (see :func:`equilibria_cap`)."""

MAX_TABLEAU_CELLS = 20_000_000
"""Most entries of one pivoting tableau (vertex enumeration, Lemke-Howson): an m x n game
needs about n x (m + n) for one best-response polytope and m x (m + n) for the other."""

MAX_VERTICES = 200_000
"""Most vertices vertex enumeration keeps per best-response polytope: each takes about 1 KB
(floating point) to 2.5 KB (exact) for a 24 x 24 game, so two polytopes at the limit take up
to about 1 GB; the walk also stops after four times as many bases."""

MAX_NFG_BYTES = 1_000_000_000
"""Largest ``.nfg`` file read (a game at :data:`MAX_PAYOFFS` written with long decimals
is about half of this)."""

MAX_SCENARIO_BYTES = 1_000_000
"""Largest scenario file read; scenario files are a few kilobytes."""

MAX_PLAYERS = 32
"""Most players a game may have (numpy arrays have at most 64 axes, and the
solvers add a batch axis and a player axis)."""

MAX_PAYOFF_MAGNITUDE = 1e300
"""Largest magnitude of a payoff in a game tree (and of a chance probability as written):
the differences and expected values the solvers form from larger numbers overflow double
precision (``1e308 - (-1e308)`` is ``inf``), so such numbers are refused when read."""

DEFAULT_TIME_LIMIT = 30.0
"""Seconds a solver runs before it stops and returns what it has found."""


def equilibria_cap(shape: tuple[int, ...]) -> int:
    """Most equilibria listed for a game of strategy counts ``shape``.

    Each equilibrium holds one probability per strategy, so a game with 20,000
    strategies lists at most 1,000 equilibria and their probabilities take 160 MB.
    """
    return max(1, min(MAX_EQUILIBRIA, MAX_PAYOFFS // max(1, sum(shape))))


def check_count(value: object, what: str) -> int:
    """``value`` as a positive whole number, else a one-line error naming ``what``."""
    from .errors import ParameterError

    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or int(value) < 1:  # type: ignore[call-overload]
        raise ParameterError(f"{option(what)} must be a positive whole number; got {value!r}")
    return int(value)  # type: ignore[call-overload]


def check_profiles(shape: tuple[int, ...], max_profiles: int | None) -> str | None:
    """Why a game of strategy counts ``shape`` is too large, or None if it is not.

    The products are computed with Python integers, so they cannot overflow.
    """
    limit = MAX_PROFILES if max_profiles is None else check_count(max_profiles, "max_profiles")
    if len(shape) > MAX_PLAYERS:
        return f"{len(shape)} players; tradegame handles at most {MAX_PLAYERS}"
    profiles = 1
    for count in shape:
        profiles *= int(count)
    dims = "x".join(str(int(c)) for c in shape)
    if profiles > limit:
        return (
            f"a {dims} game has {profiles:,} pure profiles, more than the limit of {limit:,} "
            f"(raise it with {option('max_profiles')})"
        )
    payoffs = profiles * len(shape)
    if payoffs > max(MAX_PAYOFFS, limit):
        return (
            f"a {dims} game has {payoffs:,} payoffs ({len(shape)} players x {profiles:,} "
            f"profiles), more than the limit of {max(MAX_PAYOFFS, limit):,} "
            "(tradegame.limits.MAX_PAYOFFS)"
        )
    return None
