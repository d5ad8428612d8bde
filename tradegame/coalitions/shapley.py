"""The Shapley value: each player's average marginal contribution.

Exact values use the bitmask form of Shapley's (1953) formula,

``phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))``,

one vectorised pass per player over the ``2**(n-1)`` coalitions without ``i``, and
batched over any number of games of the same players. Games too large to hold
densely are valued by permutation sampling (Castro, Gomez and Tejada 2009): the
average of each player's marginal contribution over random orders of arrival,
with its standard error.

References
----------
Shapley, L. S. (1953). A value for n-person games. In H. W. Kuhn and A. W. Tucker (eds.),
*Contributions to the Theory of Games II*, Annals of Mathematics Studies 28: 307-317.
Castro, J., Gomez, D. and Tejada, J. (2009). Polynomial calculation of the Shapley value
based on sampling. *Computers & Operations Research* 36(5): 1726-1730.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..economics._checks import as_rng
from ..errors import GameError, ParameterError
from . import values as _values
from .values import CharacteristicFunction, coalition_sizes

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SampledShapley", "shapley", "shapley_batch", "shapley_sampled"]

GameLike = (
    CharacteristicFunction | Mapping[frozenset[str], float] | Callable[[frozenset[str]], float]
)
_CHUNK = 8192  # permutations sampled per vectorised step


@lru_cache(maxsize=32)
def _weights(n: int) -> np.ndarray:
    """``|S|! (n - |S| - 1)! / n!`` for ``|S| = 0..n-1``: ``1 / (n * C(n-1, |S|))``."""
    w = np.array([1.0 / (n * math.comb(n - 1, s)) for s in range(n)])
    w.setflags(write=False)
    return w


def shapley_batch(players: Sequence[str], value_arrays: Any) -> np.ndarray:
    """Exact Shapley values of many games of the same players, in one vectorised call.

    Parameters
    ----------
    players : sequence of str
        Player names; ``players[i]`` is bit ``i`` of a coalition's index.
    value_arrays : array_like, shape (..., 2**n)
        Worths indexed by bitmask, any leading batch axes; ``[..., 0]`` (the empty
        coalition) must be 0.

    Returns
    -------
    ndarray, shape (..., n)
        ``out[..., i]`` is player ``i``'s Shapley value (Shapley 1953).

    Examples
    --------
    Two games of two players: splitting a surplus of 1, and a game in which ``b`` adds nothing.

    >>> from tradegame.coalitions import shapley_batch
    >>> shapley_batch(["a", "b"], [[0, 0, 0, 1], [0, 2, 0, 2]]).round(3).tolist()
    [[0.5, 0.5], [2.0, 0.0]]
    """
    names = _values._check_players(players)
    n = len(names)
    try:
        v = np.asarray(value_arrays, dtype=float)
    except (TypeError, ValueError):
        raise GameError(
            f"value_arrays must be an array of numbers; got {type(value_arrays).__name__}"
        ) from None
    if v.ndim == 0 or v.shape[-1] != 2**n:
        raise GameError(
            f"value_arrays must have last axis 2**{n} = {2**n} (one worth per coalition of "
            f"{n} players); got shape {v.shape}"
        )
    if not np.isfinite(v).all():
        raise GameError("value_arrays must be finite; found NaN or infinity")
    if np.any(v[..., 0] != 0):
        raise GameError("value_arrays[..., 0] (the empty coalition) must be 0")
    sizes = coalition_sizes(n)
    weights = _weights(n)
    masks = np.arange(2**n)
    out = np.empty((*v.shape[:-1], n))
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        gains = v[..., without | (1 << i)] - v[..., without]
        out[..., i] = gains @ weights[sizes[without]]
    return out


def _game_and_players(
    values: GameLike, players: Sequence[str] | None
) -> tuple[
    tuple[str, ...], CharacteristicFunction | None, Callable[[frozenset[str]], float] | None
]:
    """The players, and either a dense game or a coalition function, from any input form."""
    if isinstance(values, (CharacteristicFunction, Mapping)):
        if players is not None and not isinstance(values, Mapping):
            raise ParameterError("players is only used with a mapping or a function of coalitions")
        game = (
            CharacteristicFunction.from_mapping(values, players=players)
            if isinstance(values, Mapping)
            else values
        )
        return game.players, game, None
    if callable(values):
        if players is None:
            raise ParameterError("players must be given when values is a function of coalitions")
        if isinstance(players, str) or len(set(players)) != len(tuple(players)) or not players:
            raise GameError(f"players must be distinct player names; got {players!r}")
        names = tuple(players)
        for name in names:
            if not isinstance(name, str) or not name:
                raise GameError(f"players must be non-empty strings; got {name!r}")
        return names, None, values
    raise GameError(
        "values must be a mapping from frozenset of player names to worths, a "
        f"CharacteristicFunction or a function of coalitions; got {type(values).__name__}"
    )


def shapley(
    values: GameLike,
    *,
    players: Sequence[str] | None = None,
    samples: int | None = None,
    rng: np.random.Generator | int | None = None,
) -> dict[str, float]:
    """Shapley values ``{player: value}``: exact, or estimated when ``samples`` is given.

    Parameters
    ----------
    values : mapping, CharacteristicFunction or callable
        ``{frozenset(members): worth}`` for every non-empty coalition, a
        :class:`~tradegame.coalitions.CharacteristicFunction`, or a function
        ``f(frozenset(members)) -> worth`` (then ``players`` is required).
    players : sequence of str, optional
        Player order (a mapping's players are sorted by name otherwise).
    samples : int, optional
        Estimate from this many random orders of the players
        (:func:`shapley_sampled`) instead of computing exactly. Exact values need
        all ``2**n`` worths, at most :data:`~tradegame.coalitions.values.MAX_DENSE_PLAYERS`
        players.
    rng : numpy.random.Generator, int or None
        Randomness for sampling.

    Returns
    -------
    dict
        Player name to Shapley value; the values add up to ``v(N)`` (efficiency).

    Examples
    --------
    The glove game (one left glove ``L``, two right gloves; a pair is worth 1): the scarce
    left glove gets 2/3 (Maschler, Solan and Zamir 2013, ch. 18).

    >>> from tradegame.coalitions import shapley
    >>> glove = {frozenset(s): float("L" in s and len(s) >= 2)
    ...          for s in [{"L"}, {"R1"}, {"R2"}, {"L", "R1"}, {"L", "R2"}, {"R1", "R2"},
    ...                    {"L", "R1", "R2"}]}
    >>> {p: round(x, 4) for p, x in shapley(glove).items()}
    {'L': 0.6667, 'R1': 0.1667, 'R2': 0.1667}
    """
    if samples is not None:
        return shapley_sampled(values, samples=samples, rng=rng, players=players).values
    names, game, func = _game_and_players(values, players)
    if game is None:
        if len(names) > _values.MAX_DENSE_PLAYERS:
            raise ParameterError(
                f"exact Shapley values need all 2**{len(names)} coalitions; {len(names)} "
                f"players is more than the limit of {_values.MAX_DENSE_PLAYERS} "
                "(tradegame.coalitions.values.MAX_DENSE_PLAYERS): estimate them by sampling "
                "with samples= or shapley_sampled"
            )
        game = CharacteristicFunction.from_function(names, func)  # type: ignore[arg-type]
    phi = shapley_batch(game.players, game.values)
    return {p: float(x) for p, x in zip(game.players, phi, strict=True)}


@dataclass(frozen=True)
class SampledShapley:
    """Shapley values estimated from random orders of the players.

    Attributes
    ----------
    values : dict
        Player name to estimated Shapley value (the mean marginal contribution).
    standard_errors : dict
        Player name to the standard error of that mean (sample standard deviation
        over the square root of ``samples``).
    samples : int
        Number of random orders drawn.
    """

    values: dict[str, float]
    standard_errors: dict[str, float]
    samples: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``method``, ``samples``, ``values``, ``standard_errors``."""
        return {
            "method": "permutation sampling",
            "samples": int(self.samples),
            "values": {p: float(x) for p, x in self.values.items()},
            "standard_errors": {p: float(x) for p, x in self.standard_errors.items()},
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per player: ``player``, ``value``, ``standard_error``, ``samples``."""
        import pandas as pd

        return pd.DataFrame(
            {
                "player": list(self.values),
                "value": [float(x) for x in self.values.values()],
                "standard_error": [float(self.standard_errors[p]) for p in self.values],
                "samples": int(self.samples),
            }
        )


def shapley_sampled(
    values: GameLike,
    *,
    samples: int,
    rng: np.random.Generator | int | None = None,
    players: Sequence[str] | None = None,
) -> SampledShapley:
    """Shapley values estimated by sampling orders of arrival (Castro, Gomez and Tejada 2009).

    Each sample draws a uniformly random order of the players; a player's
    marginal contribution is the worth it adds to those before it. The mean over
    ``samples`` orders is an unbiased estimate of the Shapley value, and its
    standard error is the sample standard deviation over ``sqrt(samples)``
    (Castro et al. 2009, section 3). All players are scored on the same orders,
    so the estimates add up to ``v(N)`` exactly.

    Parameters
    ----------
    values : mapping, CharacteristicFunction or callable
        As in :func:`shapley`. A function is called once per distinct coalition
        met, so it suits games too large to list: its cost grows with
        ``samples * n``, not ``2**n``.
    samples : int
        Number of random orders, at least 2.
    rng : numpy.random.Generator, int or None
        Randomness, normalised once with :func:`numpy.random.default_rng`.
    players : sequence of str, optional
        Player order; required when ``values`` is a function.

    Examples
    --------
    A 30-country game whose worth is the square of the coalition's combined size, far too
    large to list (2**30 coalitions). Its exact Shapley value is each country's size times
    the total size (the worth is a sum of pairwise products, each split between its pair).

    >>> from tradegame.coalitions import shapley_sampled
    >>> sizes = {f"c{i}": 1.0 + i % 3 for i in range(30)}
    >>> total = sum(sizes.values())
    >>> est = shapley_sampled(lambda s: sum(sizes[p] for p in s) ** 2, players=list(sizes),
    ...                       samples=500, rng=1)
    >>> round(sum(est.values.values()), 6) == round(total**2, 6)
    True
    >>> all(abs(est.values[p] - sizes[p] * total) < 4 * est.standard_errors[p] for p in sizes)
    True
    """
    if (
        not isinstance(samples, numbers.Integral) or isinstance(samples, bool) or int(samples) < 2  # type: ignore[call-overload]
    ):
        raise ParameterError(f"samples must be a whole number >= 2; got {samples!r}")
    m = int(samples)  # type: ignore[call-overload]
    gen = as_rng(rng)
    names, game, func = _game_and_players(values, players)
    n = len(names)
    total = np.zeros(n)
    total_sq = np.zeros(n)
    shift = None
    if game is not None:
        v = game.values
        done = 0
        while done < m:
            k = min(_CHUNK, m - done)
            order = np.argsort(gen.random((k, n)), axis=1)
            bits = np.left_shift(np.int64(1), order.astype(np.int64))
            after = np.cumsum(bits, axis=1)
            gains = v[after] - v[after - bits]
            contrib = np.empty_like(gains)
            np.put_along_axis(contrib, order, gains, axis=1)
            if shift is None:
                shift = contrib.mean(axis=0)
            centred = contrib - shift
            total += centred.sum(axis=0)
            total_sq += (centred**2).sum(axis=0)
            done += k
    else:
        cache: dict[int, float] = {0: 0.0}

        def worth(mask: int) -> float:
            if mask not in cache:
                members = frozenset(p for i, p in enumerate(names) if mask >> i & 1)
                cache[mask] = _values._number(
                    func(members),  # type: ignore[misc]
                    f"the worth of {_values._show(sorted(members))}",
                )
            return cache[mask]

        contrib = np.empty((m, n))
        done = 0
        while done < m:  # the same random orders as for a table of worths
            k = min(_CHUNK, m - done)
            for r, order in enumerate(np.argsort(gen.random((k, n)), axis=1), start=done):
                mask = 0
                before = 0.0
                for i in order:
                    mask |= 1 << int(i)
                    now = worth(mask)
                    contrib[r, i] = now - before
                    before = now
            done += k
        shift = contrib.mean(axis=0)
        centred = contrib - shift
        total = centred.sum(axis=0)
        total_sq = (centred**2).sum(axis=0)
    assert shift is not None
    mean = shift + total / m
    var = np.maximum(total_sq - total**2 / m, 0.0) / (m - 1)
    se = np.sqrt(var / m)
    return SampledShapley(
        values={p: float(x) for p, x in zip(names, mean, strict=True)},
        standard_errors={p: float(x) for p, x in zip(names, se, strict=True)},
        samples=m,
    )
