"""Cost-sharing games: who pays for a facility that coalitions of users share.

A cost game gives ``c(S)``, the cost of serving coalition ``S`` on its own (for
instance a joint stockpile sized for its most exposed member). A cost allocation
``x`` recovers ``c(N)`` exactly; it is in the core when no coalition pays more
than its stand-alone cost, ``x(S) <= c(S)`` (the inequality is reversed from a
game of worths). Every rule here works through the *savings game*
``v(S) = -c(S)``: shares are ``-y`` for the corresponding solution ``y`` of
``v``, so the core, the nucleolus and the Shapley value carry over with that sign.

The airport game (Littlechild and Owen 1973) is the classic case: each user
needs a runway of some length, a longer runway serves every shorter need, and
``c(S)`` is the cost of the longest runway any member of ``S`` needs. Its
Shapley value splits each runway segment equally among the users who need it.

References
----------
Littlechild, S. C. and Owen, G. (1973). A simple expression for the Shapley value in a
special case. *Management Science* 20(3): 370-372.
Littlechild, S. C. and Thompson, G. F. (1977). Aircraft landing fees: a game theory
approach. *Bell Journal of Economics* 8(1): 186-204.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from ..errors import ParameterError
from .core import _lexmin
from .shapley import shapley_batch
from .values import CharacteristicFunction, coerce

__all__ = ["COST_METHODS", "airport_game", "airport_shares", "cost_shares"]

COST_METHODS = ("shapley", "nucleolus", "proportional", "equal")
"""Rules :func:`cost_shares` offers."""


def _costs(costs: object, players: Sequence[str] | None) -> tuple[tuple[str, ...], np.ndarray]:
    """Player names and stand-alone costs from a mapping or a sequence."""
    if isinstance(costs, Mapping):
        if players is not None:
            raise ParameterError("players is only used when costs is a sequence")
        names = tuple(costs)
        raw: object = [costs[p] for p in names]
    else:
        raw = costs
        arr = np.asarray(costs, dtype=object)
        count = arr.shape[0] if arr.ndim == 1 else 0
        names = tuple(players) if players is not None else tuple(f"P{i + 1}" for i in range(count))
    try:
        arr = np.asarray(raw, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"costs must be numbers; got {raw!r}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ParameterError(f"costs must be a non-empty list of numbers; got shape {arr.shape}")
    if len(names) != arr.size:
        raise ParameterError(f"players names {len(names)} players but costs has {arr.size}")
    _check_costs(arr)
    return names, arr


def _check_costs(arr: np.ndarray) -> None:
    bad = ~(np.isfinite(arr) & (arr >= 0))
    if bad.any():
        raise ParameterError(f"costs must be finite and >= 0; got {float(arr[bad][0]):g}")


def airport_game(
    costs: Mapping[str, float] | Sequence[float], *, players: Sequence[str] | None = None
) -> CharacteristicFunction:
    """The airport cost game ``c(S) = max over i in S of costs[i]`` (Littlechild and Owen 1973).

    Parameters
    ----------
    costs : mapping or sequence
        Each user's stand-alone cost (the cost of the facility it needs), >= 0:
        ``{player: cost}``, or a sequence with names from ``players`` (default
        ``P1``, ``P2``, ...).
    players : sequence of str, optional
        Names for a sequence of costs.

    Returns
    -------
    CharacteristicFunction
        The game in cost form.

    Examples
    --------
    >>> from tradegame.coalitions import airport_game
    >>> game = airport_game({"Japan": 1.0, "EU": 2.0, "US": 3.0})
    >>> game.value({"Japan", "EU"}), game.value({"Japan", "EU", "US"})
    (2.0, 3.0)
    """
    names, c = _costs(costs, players)
    n = len(names)
    worth = np.zeros(1)
    for i in range(n):  # c(S + i) = max(c(S), c_i) for the coalitions S of the first i players
        worth = np.concatenate([worth, np.maximum(worth, c[i])])
    return CharacteristicFunction(names, worth)


def airport_shares(costs: Any) -> Any:
    """Shapley cost shares of the airport game in closed form (Littlechild and Owen 1973).

    Sort the users by cost, ``c_(1) <= ... <= c_(n)``. The ``k``-th segment,
    ``c_(k) - c_(k-1)``, is needed by the ``n - k + 1`` users with the largest
    costs and is split equally among them; each user pays its share of every
    segment up to its own. Equal costs give equal shares.

    Parameters
    ----------
    costs : mapping or array_like, shape (..., n)
        Stand-alone costs, >= 0. An array may carry leading batch axes: each row
        is one airport game, all solved in one vectorised call.

    Returns
    -------
    dict or ndarray
        ``{player: share}`` for a mapping; otherwise an array of the shape of ``costs``.

    Examples
    --------
    >>> from tradegame.coalitions import airport_shares
    >>> airport_shares([1.0, 2.0, 3.0]).round(4).tolist()
    [0.3333, 0.8333, 1.8333]
    >>> {p: round(x, 4) for p, x in airport_shares({"Japan": 1.0, "EU": 2.0, "US": 3.0}).items()}
    {'Japan': 0.3333, 'EU': 0.8333, 'US': 1.8333}
    """
    if isinstance(costs, Mapping):
        names, c = _costs(costs, None)
        return {p: float(x) for p, x in zip(names, airport_shares(c), strict=True)}
    try:
        c = np.asarray(costs, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"costs must be an array of numbers; got {costs!r}") from None
    if c.ndim == 0 or c.shape[-1] == 0:
        raise ParameterError(f"costs must have a last axis of at least one user; got {c.shape}")
    _check_costs(c)
    n = c.shape[-1]
    order = np.argsort(c, axis=-1, kind="stable")
    ranked = np.take_along_axis(c, order, axis=-1)
    segments = np.diff(ranked, axis=-1, prepend=0.0)
    users = n - np.arange(n)  # the k-th segment (0-based) is used by n - k users
    ranked_shares = np.cumsum(segments / users, axis=-1)
    shares = np.empty_like(ranked_shares)
    np.put_along_axis(shares, order, ranked_shares, axis=-1)
    return shares


def cost_shares(
    costs: CharacteristicFunction | Mapping[frozenset[str], float],
    method: Literal["shapley", "nucleolus", "proportional", "equal"] = "shapley",
) -> dict[str, float]:
    """Shares of ``c(N)`` in a cost game by a named rule.

    Parameters
    ----------
    costs : mapping or CharacteristicFunction
        The cost function ``c(S)`` for every non-empty coalition (cost form).
    method : {"shapley", "nucleolus", "proportional", "equal"}
        ``"shapley"``: the Shapley value of ``c`` (average marginal cost; Shapley
        1953). ``"nucleolus"``: minus the nucleolus of the savings game
        ``-c``, the allocation that lexicographically minimises the largest
        overpayments ``x(S) - c(S)`` among allocations with ``x_i <= c({i})``
        (Schmeidler 1969); it lies in the cost core when that is non-empty.
        ``"proportional"``: ``c(N)`` in proportion to stand-alone costs
        ``c({i})`` (equal shares if they are all zero). ``"equal"``: ``c(N) / n``.

    Returns
    -------
    dict
        Player name to cost share; the shares add up to ``c(N)``.

    Examples
    --------
    A joint stockpile sized for the most exposed member (an airport game): the Shapley
    shares split each tranche among the members that need it.

    >>> from tradegame.coalitions import airport_game, cost_shares
    >>> game = airport_game({"Japan": 1.0, "EU": 2.0, "US": 3.0})
    >>> {p: round(x, 4) for p, x in cost_shares(game).items()}
    {'Japan': 0.3333, 'EU': 0.8333, 'US': 1.8333}
    >>> {p: round(x, 4) for p, x in cost_shares(game, "proportional").items()}
    {'Japan': 0.5, 'EU': 1.0, 'US': 1.5}
    """
    game = coerce(costs)
    if method not in COST_METHODS:
        raise ParameterError(
            f"method must be one of {', '.join(map(repr, COST_METHODS))}; got {method!r}"
        )
    n = game.n
    total = float(game.values[-1])
    if method == "shapley":
        out = shapley_batch(game.players, game.values)
    elif method == "nucleolus":
        _, savings = _lexmin(CharacteristicFunction(game.players, -game.values), imputations=True)
        out = -savings
    elif method == "proportional":
        alone = game.values[1 << np.arange(n)]
        if np.any(alone < 0):
            raise ParameterError(
                "method='proportional' needs stand-alone costs >= 0; got "
                f"{float(alone[alone < 0][0]):g}"
            )
        weight = alone.sum()
        out = total * (alone / weight if weight > 0 else np.full(n, 1.0 / n))
    else:
        out = np.full(n, total / n)
    return {p: float(x) + 0.0 for p, x in zip(game.players, out, strict=True)}
