"""Characteristic functions: what each coalition of players can secure on its own.

A transferable-utility (TU) game gives every coalition ``S`` of the players a
worth ``v(S)``, with ``v(empty) = 0`` (von Neumann and Morgenstern 1944, ch. 6;
Maschler, Solan and Zamir 2013, ch. 16). A *cost game* gives instead the cost
``c(S)`` of serving ``S`` alone; the same container holds both, and each solution
function says which form it reads.

Players are labelled by strings. Internally the worths sit in a dense array
indexed by bitmask: bit ``i`` of the index is set when ``players[i]`` is in the
coalition, so ``values[0]`` is the empty set and ``values[-1]`` the grand
coalition. A mapping gives no order of its own (the iteration order of a
``frozenset`` of strings changes from one Python process to the next), so the
players are sorted by name unless an order is passed as ``players=``.

A dense game of ``n`` players holds ``2**n`` worths; at most
:data:`MAX_DENSE_PLAYERS` players are accepted (8 MB of worths at 20).
Larger games can still be valued by sampling (see
:func:`tradegame.coalitions.shapley_sampled`), from a function of the coalition.

References
----------
Maschler, M., Solan, E. and Zamir, S. (2013). *Game Theory*. Cambridge University Press.
Shapley, L. S. (1971). Cores of convex games. *International Journal of Game Theory* 1: 11-26.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import GameError, ParameterError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_DENSE_PLAYERS",
    "MAX_PAIRWISE_PLAYERS",
    "CharacteristicFunction",
    "coalition_sizes",
]

MAX_DENSE_PLAYERS = 20
"""Most players of a game held densely (``2**n`` worths): 20 players take 8 MB, and the
exact Shapley value then touches every worth ``n`` times. Raise it for a session with
``tradegame.coalitions.values.MAX_DENSE_PLAYERS = ...``."""

MAX_PAIRWISE_PLAYERS = 16
"""Most players for which :meth:`CharacteristicFunction.is_superadditive` compares every
pair of disjoint coalitions (``3**n`` pairs: 43 million at 16)."""

_SHOWN = 3  # missing coalitions quoted in an error message


@lru_cache(maxsize=32)
def coalition_sizes(n: int) -> np.ndarray:
    """Number of members of each coalition, indexed by bitmask (length ``2**n``, read-only).

    Examples
    --------
    >>> from tradegame.coalitions.values import coalition_sizes
    >>> coalition_sizes(3).tolist()
    [0, 1, 1, 2, 1, 2, 2, 3]
    """
    sizes = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        sizes = np.concatenate([sizes, sizes + 1])
    sizes.setflags(write=False)
    return sizes


def _check_players(players: object, what: str = "players") -> tuple[str, ...]:
    if isinstance(players, str) or not isinstance(players, Iterable):
        raise GameError(f"{what} must be a sequence of player names; got {players!r}")
    names = tuple(players)
    for name in names:
        if not isinstance(name, str) or not name:
            raise GameError(f"{what} must be non-empty strings; got {name!r}")
    if len(set(names)) != len(names):
        dupes = sorted({p for p in names if names.count(p) > 1})
        raise GameError(f"{what} must be distinct; {', '.join(map(repr, dupes))} repeated")
    if not names:
        raise GameError(f"{what} must name at least one player")
    if len(names) > MAX_DENSE_PLAYERS:
        raise GameError(
            f"a game of {len(names)} players has 2**{len(names)} coalitions, more than the "
            f"limit of {MAX_DENSE_PLAYERS} players (tradegame.coalitions.values."
            "MAX_DENSE_PLAYERS); value larger games by sampling with shapley_sampled"
        )
    return names


def _show(members: Iterable[str]) -> str:
    return "{" + ", ".join(members) + "}"


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise GameError(f"{where} must be a number; got {value!r}")
    out = float(value)
    if not math.isfinite(out):
        raise GameError(f"{where} must be finite; got {out!r}")
    return out


@dataclass(frozen=True, eq=False)
class CharacteristicFunction:
    """A TU game (or cost game) on labelled players, its worths indexed by bitmask.

    Attributes
    ----------
    players : tuple of str
        Player names; ``players[i]`` is bit ``i`` of a coalition's index.
    values : ndarray
        Read-only float array of length ``2**n``: ``values[mask]`` is the worth of
        the coalition whose members are the set bits of ``mask``; ``values[0] == 0``.

    Examples
    --------
    The glove game: ``L`` owns a left glove, ``R1`` and ``R2`` a right glove each, and a pair
    sells for 1 (a standard example of Maschler, Solan and Zamir 2013, chs. 17-18).

    >>> from tradegame.coalitions import CharacteristicFunction
    >>> glove = CharacteristicFunction.from_function(
    ...     ["L", "R1", "R2"], lambda s: float("L" in s and len(s) >= 2))
    >>> glove
    <CharacteristicFunction of 3 players (L, R1, R2)>
    >>> glove.values.tolist()
    [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    >>> glove.value({"L", "R2"}), glove.is_superadditive(), glove.is_convex()
    (1.0, True, False)
    """

    players: tuple[str, ...]
    values: np.ndarray

    def __post_init__(self) -> None:
        players = _check_players(self.players)
        arr = np.array(self.values, dtype=float)  # a private copy
        if arr.shape != (2 ** len(players),):
            raise GameError(
                f"values must have length 2**{len(players)} = {2 ** len(players)} "
                f"(one per coalition of {len(players)} players); got shape {arr.shape}"
            )
        bad = ~np.isfinite(arr)
        if bad.any():
            mask = int(np.flatnonzero(bad)[0])
            raise GameError(
                f"the worth of {_show(self._members(mask, players))} must be finite; "
                f"got {float(arr[mask])!r}"
            )
        if arr[0] != 0:
            raise GameError(f"the worth of the empty coalition must be 0; got {float(arr[0])!r}")
        arr.setflags(write=False)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "values", arr)

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_mapping(
        cls, values: Mapping[frozenset[str], float], *, players: Sequence[str] | None = None
    ) -> CharacteristicFunction:
        """A game from ``{frozenset(members): worth}`` covering every non-empty coalition.

        The empty coalition may be given (its worth must be 0). Players are sorted by
        name unless ``players`` gives their order.

        Examples
        --------
        >>> from tradegame.coalitions import CharacteristicFunction
        >>> v = {frozenset({"US"}): 1, frozenset({"EU"}): 2, frozenset({"US", "EU"}): 4}
        >>> game = CharacteristicFunction.from_mapping(v)
        >>> game.players, game.values.tolist()
        (('EU', 'US'), [0.0, 2.0, 1.0, 4.0])
        """
        if isinstance(values, CharacteristicFunction):
            return values
        if not isinstance(values, Mapping):
            raise GameError(
                "values must be a mapping from frozenset of player names to worths; "
                f"got {type(values).__name__}"
            )
        seen: set[str] = set()
        for key in values:
            if not isinstance(key, frozenset):
                raise GameError(
                    f"values keys must be frozensets of player names; got {key!r} "
                    f"({type(key).__name__})"
                )
            for name in key:
                if not isinstance(name, str) or not name:
                    raise GameError(f"player names must be non-empty strings; got {name!r}")
            seen |= key
        if players is None:
            order = _check_players(sorted(seen))
        else:
            order = _check_players(players)
            unknown = sorted(seen - set(order))
            if unknown:
                raise GameError(
                    f"values name players not in players: {', '.join(map(repr, unknown))}"
                )
        index = {p: i for i, p in enumerate(order)}
        n = len(order)
        arr = np.full(2**n, np.nan)
        arr[0] = 0.0
        for key, worth in values.items():
            mask = sum(1 << index[p] for p in key)
            arr[mask] = _number(worth, f"the worth of {_show(sorted(key))}")
        missing = np.flatnonzero(np.isnan(arr))
        if missing.size:
            shown = "; ".join(_show(cls._members(int(m), order)) for m in missing[:_SHOWN])
            more = ", ..." if missing.size > _SHOWN else ""
            raise GameError(
                f"values must give every non-empty coalition of {n} players; "
                f"{missing.size} of {2**n - 1} missing: {shown}{more}"
            )
        return cls(order, arr)

    @classmethod
    def from_function(
        cls, players: Sequence[str], func: Callable[[frozenset[str]], float]
    ) -> CharacteristicFunction:
        """A game with worths ``func(frozenset(members))``, called once per non-empty coalition.

        Examples
        --------
        >>> from tradegame.coalitions import CharacteristicFunction
        >>> CharacteristicFunction.from_function(["a", "b"], len).values.tolist()
        [0.0, 1.0, 1.0, 2.0]
        """
        order = _check_players(players)
        if not callable(func):
            raise GameError(f"func must be callable; got {func!r}")
        arr = np.zeros(2 ** len(order))
        for mask in range(1, arr.size):
            members = cls._members(mask, order)
            arr[mask] = _number(func(frozenset(members)), f"func({_show(members)})")
        return cls(order, arr)

    @classmethod
    def from_array(cls, players: Sequence[str], array: Any) -> CharacteristicFunction:
        """A game from worths indexed by bitmask (bit ``i`` is ``players[i]``).

        Examples
        --------
        >>> from tradegame.coalitions import CharacteristicFunction
        >>> CharacteristicFunction.from_array(["a", "b"], [0, 1, 1, 3]).value({"a", "b"})
        3.0
        """
        try:
            arr = np.asarray(array, dtype=float)
        except (TypeError, ValueError):
            raise GameError(f"array must be an array of numbers; got {array!r}") from None
        return cls(players, arr)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ access
    @staticmethod
    def _members(mask: int, players: Sequence[str]) -> list[str]:
        return [p for i, p in enumerate(players) if mask >> i & 1]

    @property
    def n(self) -> int:
        """Number of players."""
        return len(self.players)

    def members(self, mask: int) -> tuple[str, ...]:
        """Names of the players in the coalition with bitmask ``mask``."""
        return tuple(self._members(mask, self.players))

    def mask(self, coalition: Iterable[str]) -> int:
        """Bitmask of a coalition given by player names; unknown names are refused."""
        if isinstance(coalition, str):
            coalition = [coalition]
        index = {p: i for i, p in enumerate(self.players)}
        out = 0
        for name in coalition:
            if name not in index:
                raise GameError(f"unknown player {name!r}; players are {', '.join(self.players)}")
            out |= 1 << index[name]
        return out

    def value(self, coalition: Iterable[str]) -> float:
        """Worth of a coalition given by player names."""
        return float(self.values[self.mask(coalition)])

    def __repr__(self) -> str:
        return f"<CharacteristicFunction of {self.n} players ({', '.join(self.players)})>"

    def to_mapping(self) -> dict[frozenset[str], float]:
        """``{frozenset(members): worth}`` for every non-empty coalition."""
        return {
            frozenset(self.members(m)): float(self.values[m]) for m in range(1, self.values.size)
        }

    def to_frame(self) -> pd.DataFrame:
        """Tidy table, one row per coalition: ``mask``, ``members`` (tuple), ``size``, ``value``.

        Examples
        --------
        >>> from tradegame.coalitions import CharacteristicFunction
        >>> CharacteristicFunction.from_array(["a", "b"], [0, 1, 1, 3]).to_frame()
           mask members  size  value
        0     0      ()     0    0.0
        1     1    (a,)     1    1.0
        2     2    (b,)     1    1.0
        3     3  (a, b)     2    3.0
        """
        import pandas as pd

        masks = np.arange(self.values.size)
        return pd.DataFrame(
            {
                "mask": masks,
                "members": [self.members(int(m)) for m in masks],
                "size": np.asarray(coalition_sizes(self.n)),
                "value": np.asarray(self.values, dtype=float),
            }
        )

    # ------------------------------------------------------------------ properties
    def _tol(self, tol: float) -> float:
        if not (isinstance(tol, (int, float)) and 0 <= tol < 1):
            raise ParameterError(f"tol must be in [0, 1); got {tol!r}")
        return tol * max(float(np.max(np.abs(self.values))), np.finfo(float).tiny)

    def is_essential(self, *, tol: float = 1e-9) -> bool:
        """Whether ``v(N) > sum_i v({i})``: cooperation creates a surplus to share.

        ``tol`` is relative to the largest absolute worth.
        """
        singles = self.values[1 << np.arange(self.n)]
        return bool(self.values[-1] - singles.sum() > self._tol(tol))

    def is_superadditive(self, *, tol: float = 1e-9) -> bool:
        """Whether ``v(S | T) >= v(S) + v(T)`` for every pair of disjoint coalitions.

        Compares all ``3**n`` pairs, so at most :data:`MAX_PAIRWISE_PLAYERS` players.
        """
        if self.n > MAX_PAIRWISE_PLAYERS:
            raise ParameterError(
                f"checking superadditivity compares 3**n pairs of coalitions; {self.n} players "
                f"is more than the limit of {MAX_PAIRWISE_PLAYERS} "
                "(tradegame.coalitions.values.MAX_PAIRWISE_PLAYERS)"
            )
        s = np.zeros(1, dtype=np.int64)
        t = np.zeros(1, dtype=np.int64)
        for i in range(self.n):
            bit = np.int64(1 << i)
            s, t = np.concatenate([s, s | bit, s]), np.concatenate([t, t, t | bit])
        v = self.values
        return bool(np.all(v[s | t] - v[s] - v[t] >= -self._tol(tol)))

    def is_convex(self, *, tol: float = 1e-9) -> bool:
        """Whether the game is convex (supermodular): ``v(S | T) + v(S & T) >= v(S) + v(T)``.

        Checked through the equivalent local condition that ``i``'s marginal
        contribution to ``S`` does not fall when ``j`` joins ``S`` (Shapley 1971,
        section 2), ``n**2 * 2**(n-2)`` comparisons.
        """
        if self.n < 2:
            return True
        v = self.values
        masks = np.arange(v.size)
        worst = np.inf
        for i in range(self.n):
            for j in range(i + 1, self.n):
                both = (1 << i) | (1 << j)
                base = masks[(masks & both) == 0]
                gap = v[base | both] - v[base | (1 << i)] - v[base | (1 << j)] + v[base]
                worst = min(worst, float(gap.min()))
        return bool(worst >= -self._tol(tol))


def coerce(
    values: CharacteristicFunction | Mapping[frozenset[str], float],
) -> CharacteristicFunction:
    """A :class:`CharacteristicFunction` from either input form (private helper)."""
    if isinstance(values, CharacteristicFunction):
        return values
    return CharacteristicFunction.from_mapping(values)
