"""One entry point for every equilibrium method: ``solve(game, method=...)``."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from ..errors import SolverError
from ..game import Game
from .lemke_howson import lemke_howson
from .pure import pure_nash
from .result import SolverResult, check_game
from .support_enumeration import support_enumeration
from .vertex_enumeration import vertex_enumeration

__all__ = ["METHODS", "solve"]

METHODS: dict[str, Callable[..., SolverResult]] = {
    "pure": pure_nash,
    "vertex-enumeration": vertex_enumeration,
    "support-enumeration": support_enumeration,
    "lemke-howson": lemke_howson,
}
"""Equilibrium methods by name; ``"auto"`` picks one of them."""


def solve(game: Game, method: str = "auto", **options: Any) -> SolverResult:
    """Equilibria of ``game`` by the named method.

    Parameters
    ----------
    game : Game
    method : str, optional
        ``"auto"`` (default): for two players all extreme equilibria
        (``"vertex-enumeration"``); for more players all pure equilibria
        (``"pure"``), with a note when there is none, since mixed N-player
        solving arrives with a later method. Or any key of :data:`METHODS`.
    **options
        Passed to the method (e.g. ``exact=False``, ``initial_dropped_label=2``).

    Examples
    --------
    >>> import tradegame as tg
    >>> chicken = tg.Game.from_bimatrix([[0, -1], [1, -10]], [[0, 1], [-1, -10]])
    >>> [e.pure for e in tg.solve(chicken)]
    [True, False, True]
    """
    check_game(game, method)
    if method == "auto":
        if game.n_players == 2:
            return _chosen(vertex_enumeration, game, options)
        result = _chosen(pure_nash, game, options)
        if result.equilibria:
            note = (
                f"pure equilibria only: mixed equilibria of {game.n_players}-player games "
                "are not computed yet (a later method adds them)"
            )
        else:
            note = (
                f"no pure-strategy equilibrium in this {game.n_players}-player game; "
                "mixed equilibria of games with more than two players are not computed yet "
                "(a later method adds them)"
            )
        return replace(result, notes=(note,))
    try:
        func = METHODS[method]
    except KeyError:
        known = ", ".join(["auto", *METHODS])
        raise SolverError(f"unknown method {method!r}; choose one of: {known}") from None
    _check_options(method, func, game, options)
    return func(game, **options)


def _check_options(
    method: str, func: Callable[..., SolverResult], game: Game, options: dict
) -> None:
    try:
        inspect.signature(func).bind(game, **options)
    except TypeError as exc:
        raise SolverError(f"method {method!r}: {exc}") from None


def _chosen(func: Callable[..., SolverResult], game: Game, options: dict) -> SolverResult:
    """Run the method ``auto`` picked and record that it was picked."""
    _check_options("auto", func, game, options)
    result = func(game, **options)
    parameters = MappingProxyType({**result.parameters, "chosen_by": "auto"})
    return replace(result, parameters=parameters)
