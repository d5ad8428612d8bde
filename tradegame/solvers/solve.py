"""One entry point for every equilibrium method: ``solve(game, method=...)``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import numpy as np

from ..errors import SolverError, method_term, option
from ..game import Game
from ..limits import DEFAULT_TIME_LIMIT
from ._budget import Budget
from ._scale import normalized
from ._tableau import short_rationals, tableau_problem
from .all_equilibria import MAX_SUPPORT_PROFILES, all_equilibria, support_profile_count
from .lemke_howson import lemke_howson
from .logit_tracing import logit_tracing
from .pure import pure_nash
from .result import DEFAULT_TOL, SolverResult, check_flag, check_game, check_tol, verified_result
from .support_enumeration import support_enumeration
from .vertex_enumeration import vertex_enumeration

__all__ = ["AUTO_ALL_PROFILES", "AUTO_ENUMERATION_SIZE", "METHODS", "solve"]

METHODS: dict[str, Callable[..., SolverResult]] = {
    "pure": pure_nash,
    "vertex-enumeration": vertex_enumeration,
    "support-enumeration": support_enumeration,
    "lemke-howson": lemke_howson,
    "all": all_equilibria,
    "logit-tracing": logit_tracing,
}
"""Equilibrium methods by name; ``"auto"`` picks one of them."""

AUTO_ENUMERATION_SIZE = 20
"""Under a time limit, ``auto`` tries vertex enumeration on two-player games where one
player has at most this many strategies: random 15x15 games take about 15 s, 20x20
games minutes, and the count of vertices grows exponentially with the size."""

AUTO_ALL_PROFILES = 4096
"""For three or more players ``auto`` looks for all equilibria (``"all"``) when the game
has at most this many support profiles left after removing dominated strategies
(:func:`~tradegame.solvers.all_equilibria.support_profile_count`): 4x4x4 and 3x3x3x3
games (3,375 and 2,401) take seconds; 4x4x4x4 games (50,625) far longer."""

_ALL_SHARE = 0.8  # of auto's budget, for finding all equilibria before logit tracing
_ENUMERATION_SHARE = 0.9  # of auto's budget, for vertex enumeration before Lemke-Howson
_PATHS_FLOOR = 0.05  # of auto's budget, the least Lemke-Howson gets after enumeration
_EXACT_ALWAYS = 64  # profiles up to which auto pivots exactly whatever the payoffs (8x8)


def _listed(methods: list[str]) -> str:
    """Methods named as the caller writes them: ``--method pure`` or ``'pure'``."""
    return ", ".join(method_term(m).removeprefix("method=") for m in methods)


def _takers(name: str) -> list[str]:
    return [m for m, f in METHODS.items() if name in inspect.signature(f).parameters]


def _check_options(method: str, func: Callable[..., SolverResult], options: dict) -> None:
    """Refuse an option the method does not take, naming the methods that do."""
    accepted = inspect.signature(func).parameters
    for name in options:
        if name in accepted and name != "game":
            continue
        takers = _takers(name)
        if not takers:
            raise SolverError(f"unknown option {option(name)}; no method takes it")
        raise SolverError(
            f"{option(name)} does not apply to {method_term(method)}; it applies to: "
            f"{_listed(takers)}"
        )


def solve(game: Game, method: str = "auto", **options: Any) -> SolverResult:
    """Equilibria of ``game`` by the named method.

    Parameters
    ----------
    game : Game
    method : str, optional
        ``"auto"`` (default) or any key of :data:`METHODS`. For two players
        ``auto`` enumerates all extreme equilibria (``"vertex-enumeration"``)
        when one player has at most :data:`AUTO_ENUMERATION_SIZE` strategies
        (or there is no time limit) and enumeration finishes within 90% of
        the time limit; otherwise it follows Lemke-Howson from every
        starting label with the time left, keeps whatever enumeration
        found, and says that the list may be incomplete. For more players
        it finds all equilibria (``"all"``) when the game has at most
        :data:`AUTO_ALL_PROFILES` support profiles and the search finishes
        within 80% of the time limit; otherwise it lists every pure
        equilibrium (``"pure"``), whatever the search found, and one
        equilibrium by following the logit path (``"logit-tracing"``), and
        says that the list may be incomplete.
    **options
        Passed to the method, e.g. ``time_limit=10``, ``exact=False``,
        ``initial_dropped_label=2``. An option the method does not take is
        refused with the list of methods that take it. ``auto`` takes
        ``tol``, ``time_limit`` (default
        :data:`~tradegame.limits.DEFAULT_TIME_LIMIT`) and, for two players,
        ``exact``.

    Examples
    --------
    >>> import tradegame as tg
    >>> chicken = tg.Game.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    >>> [e.pure for e in tg.solve(chicken)]
    [True, False, True]
    """
    if not isinstance(method, str) or (method != "auto" and method not in METHODS):
        known = ", ".join(["auto", *METHODS])
        raise SolverError(f"unknown method {method!r}; choose one of: {known}")
    check_game(game, method)
    if method != "auto":
        func = METHODS[method]
        _check_options(method, func, options)
        return func(game, **options)
    if game.n_players == 2:
        _check_options("auto", _auto_two_players, options)
        return _auto_two_players(game, **options)
    if "exact" in options:
        raise SolverError(
            f"{option('exact')} does not apply to games of {game.n_players} players; "
            f"it applies to: {_listed(_takers('exact'))}"
        )
    _check_options("auto", _auto_n_players, options)
    return _auto_n_players(game, **options)


def _auto_n_players(
    game: Game, *, tol: float = DEFAULT_TOL, time_limit: float | None = DEFAULT_TIME_LIMIT
) -> SolverResult:
    """All equilibria when the game is small enough, else the pure ones and one by tracing."""
    tol = check_tol(tol)
    budget = Budget("auto", time_limit)
    profiles = support_profile_count(game)
    enumerated = None
    if profiles <= AUTO_ALL_PROFILES:
        share = None if budget.time_limit is None else budget.time_limit * _ALL_SHARE
        enumerated = all_equilibria(game, tol=tol, time_limit=share)
        if enumerated.stopped is None:
            return _chosen(enumerated, time_limit=budget.time_limit)
    left = budget.remaining()
    if left is not None:  # the search may have used the whole limit: keep a floor for the rest
        left = max(left, _PATHS_FLOOR * budget.time_limit)
    pure = pure_nash(game, tol=tol, time_limit=left)
    left = budget.remaining()
    if left is not None:
        left = max(left, _PATHS_FLOOR * budget.time_limit)
    traced = logit_tracing(game, tol=tol, time_limit=left)
    found = [e for r in (pure, enumerated, traced) if r is not None for e in r.equilibria]
    candidates = [
        np.array([e.strategies[i] for e in found]).reshape(len(found), k)
        for i, k in enumerate(game.shape)
    ]
    if enumerated is None:
        hint = (
            f"{method_term('all')} tries with a longer time limit"
            if profiles <= MAX_SUPPORT_PROFILES
            else f"too many for {method_term('all')} too"
        )
        notes = [
            f"all pure equilibria, and one more by logit tracing: the game has {profiles:,} "
            f"support profiles, more than the {AUTO_ALL_PROFILES:,} up to which auto looks "
            f"for all equilibria ({hint})"
        ]
    else:
        notes = [
            f"all equilibria were sought ({profiles:,} support profiles) but the search did "
            f"not finish within {_ALL_SHARE:.0%} of the time limit; listed: what it found, "
            "every pure equilibrium, and one by logit tracing"
        ]
    stopped = traced.stopped if not traced.equilibria else None
    return verified_result(
        game,
        "pure+logit-tracing" if enumerated is None else "all+logit-tracing",
        {"tol": tol, "time_limit": budget.time_limit, "chosen_by": "auto"},
        candidates,
        tol=tol,
        complete=False,
        notes=notes,
        stopped=stopped,
    )


def _chosen(result: SolverResult, **extra: Any) -> SolverResult:
    """Record that ``auto`` picked the method."""
    parameters = MappingProxyType({**result.parameters, **extra, "chosen_by": "auto"})
    return replace(result, parameters=parameters)


def _auto_two_players(
    game: Game,
    *,
    exact: bool | None = None,
    tol: float = DEFAULT_TOL,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> SolverResult:
    """Vertex enumeration where it is cheap, else Lemke-Howson from every label."""
    if exact is None:  # decided on size and the normalized payoffs: units do not change it
        small = game.shape[0] * game.shape[1] <= _EXACT_ALWAYS
        exact = small or short_rationals(normalized(game.payoff_tensor[None])[0])
    else:
        exact = check_flag("exact", exact)
    tol = check_tol(tol)
    budget = Budget("auto", time_limit)
    m, n = game.shape
    if exact and tableau_problem(m, n, exact=True) and not tableau_problem(m, n):
        exact = False  # too large for exact tableaux, not for floating-point ones
    if (problem := tableau_problem(m, n)) is not None:
        # too large to pivot on (2 x 20,000, say): supports from the smallest up, which
        # lists every pure equilibrium first
        result = support_enumeration(game, tol=tol, time_limit=budget.time_limit)
        note = (
            f"vertex enumeration and Lemke-Howson were not tried: {problem}; support "
            "enumeration lists the pure equilibria first"
        )
        return _chosen(replace(result, notes=(note, *result.notes)))
    enumerated = None
    if min(m, n) <= AUTO_ENUMERATION_SIZE or budget.time_limit is None:
        share = None if budget.time_limit is None else budget.time_limit * _ENUMERATION_SHARE
        enumerated = vertex_enumeration(game, exact=exact, tol=tol, time_limit=share)
        if enumerated.stopped is None:
            return _chosen(enumerated, time_limit=budget.time_limit)
    left = budget.remaining()
    if left is not None:  # enumeration may overrun its share a little: keep a few paths' worth
        left = max(left, _PATHS_FLOOR * budget.time_limit)
    paths = lemke_howson(game, initial_dropped_label="all", exact=exact, tol=tol, time_limit=left)
    found = [e for r in (enumerated, paths) if r is not None for e in r.equilibria]
    candidates = [
        np.array([e.strategies[i] for e in found]).reshape(len(found), k)
        for i, k in enumerate(game.shape)
    ]
    notes = []
    if enumerated is None:
        notes.append(
            f"vertex enumeration skipped: both players have more than {AUTO_ENUMERATION_SIZE} "
            "strategies, too many vertices to enumerate in the time limit"
        )
    elif "time limit" in str(enumerated.stopped):
        notes.append(
            f"vertex enumeration did not finish within {_ENUMERATION_SHARE:.0%} of the time "
            f"limit ({len(enumerated)} equilibria among the vertices found by then)"
        )
    else:  # a size limit: the result's `stopped` names it
        notes.append(f"vertex enumeration found {len(enumerated)} equilibria before it stopped")
    paths_timed_out = "time limit" in str(paths.stopped)
    if paths.stopped is None:
        notes.append(
            f"Lemke-Howson followed all {m + n} starting labels; it need not find every "
            f"equilibrium, so the list may be incomplete ({method_term('support-enumeration')} "
            "searches differently and may find others)"
        )
    elif paths_timed_out:
        notes.append(
            f"Lemke-Howson followed some of the {m + n} starting labels before the time limit; "
            "a longer time limit may find more"
        )
    # what cut the work short, in the caller's terms; the notes above say which part
    stopped = None
    if paths_timed_out:
        stopped = f"stopped at the time limit of {budget.time_limit:g} s"
    elif paths.stopped is not None:
        stopped = paths.stopped
    elif enumerated is not None and "time limit" in str(enumerated.stopped):
        stopped = f"vertex enumeration stopped at the time limit of {budget.time_limit:g} s"
    elif enumerated is not None:
        stopped = enumerated.stopped
    return verified_result(
        game,
        "lemke-howson" if enumerated is None else "vertex-enumeration+lemke-howson",
        {
            "exact": exact,
            "tol": tol,
            "time_limit": budget.time_limit,
            "initial_dropped_label": "all",
            "chosen_by": "auto",
        },
        candidates,
        tol=tol,
        complete=False,
        notes=notes,
        exact=[e.exact for e in found] if exact else None,
        stopped=stopped,
    )
