"""Immutable, labelled N-player normal-form games.

A :class:`Game` holds one payoff array per player, stacked into a single
read-only tensor of shape ``(n_players, *n_strategies)`` so that solvers can
work on it (or on a batch of such tensors) with vectorized numpy. Games are
built through named constructors and validated at the door.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import numbers
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import GameError
from .limits import MAX_PLAYERS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Game",
    "PlayerRef",
    "StrategyRef",
    "hash_key",
    "label_problem",
    "require_game",
    "values_equal",
]

PlayerRef = int | str
"""A player given by position (0-based) or by name."""
StrategyRef = int | str
"""A strategy given by position (0-based) or by label."""

_EXACT_INTEGERS = 2**53  # integers below this in absolute value are exact as floats


def values_equal(a: object, b: object) -> bool:
    """Whether two field values are equal, arrays compared element by element.

    Arrays are equal when both are arrays of the same shape and dtype kind
    (an object array of Fractions never equals a float array) whose elements
    are equal (``==``: NaN equals nothing, ``-0.0`` equals ``0.0``). Tuples
    and lists are equal when of the same type and length with equal items,
    mappings when they have the same keys with equal values; anything else
    by ``==``. Never raises the "truth value of an array is ambiguous" error.
    """
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.shape == b.shape
            and a.dtype.kind == b.dtype.kind
            and bool(np.array_equal(a, b))
        )
    if isinstance(a, (tuple, list)):
        return (
            type(a) is type(b)
            and len(a) == len(b)
            and all(values_equal(x, y) for x, y in zip(a, b, strict=False))
        )
    if isinstance(a, Mapping):
        return (
            isinstance(b, Mapping)
            and a.keys() == b.keys()
            and all(values_equal(a[k], b[k]) for k in a)
        )
    return bool(a == b)


def hash_key(value: object) -> object:
    """A hashable stand-in for ``value``, equal for values :func:`values_equal` calls equal.

    Arrays of numbers become their shape, dtype kind and float64 bytes (with
    ``-0.0`` turned into ``0.0``); other arrays their shape, kind and items;
    tuples and lists the keys of their items. Other values are returned as
    they are, so an unhashable one still raises ``TypeError`` when hashed.
    """
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biuf":
            data = np.ascontiguousarray(value, dtype=np.float64) + 0.0
            return (value.shape, value.dtype.kind, data.tobytes())
        return (value.shape, value.dtype.kind, tuple(value.ravel().tolist()))
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, tuple(hash_key(v) for v in value))
    return value


def label_problem(label: object) -> str | None:
    """What is wrong with ``label`` as a player name or strategy label, or None.

    Labels are non-empty strings without leading or trailing white space and
    without line breaks or other control characters, so that ``"US"`` and
    ``"US "`` cannot name two players and every label prints on one line.
    """
    if not isinstance(label, str) or not label.strip():
        return f"must be non-empty strings; got {label!r}"
    if label != label.strip():
        return f"must not start or end with white space; got {label!r}"
    if any(unicodedata.category(c)[0] == "C" for c in label):
        return f"must not contain line breaks or other control characters; got {label!r}"
    return None


def require_game(game: object, function: str) -> None:
    """Raise a one-line :class:`GameError` unless ``game`` is a :class:`Game`."""
    if not isinstance(game, Game):
        raise GameError(
            f"{function} needs a tradegame.Game, got {type(game).__name__}; build one with "
            "Game.from_bimatrix, Game.from_arrays or load_scenario(...).game()"
        )


def _check_labels(labels: Iterable[Any], what: str) -> tuple[str, ...]:
    if isinstance(labels, (str, bytes, Mapping)) or not isinstance(labels, Iterable):
        raise GameError(f"{what} must be a list of strings, not {labels!r}")
    if isinstance(labels, (set, frozenset)):
        raise GameError(f"{what} must be an ordered list, not a set (the order matters)")
    out = tuple(labels)
    for label in out:
        if (problem := label_problem(label)) is not None:
            raise GameError(f"{what} {problem}")
    seen: set[str] = set()
    for label in out:
        if label in seen:
            raise GameError(f"{what} must be unique; {label!r} appears twice")
        seen.add(label)
    return out


def _numeric(value: Any, what: str) -> np.ndarray:
    """``value`` as a new float array, refusing text, None and ragged nesting by name."""
    if np.ma.isMaskedArray(value) and np.ma.is_masked(value):
        raise GameError(f"{what} has masked entries; every payoff must be given")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nesting
        raise GameError(f"{what} is not a rectangular array of numbers ({exc})") from None
    if arr.dtype == object:
        bad = [v for v in arr.ravel() if not isinstance(v, numbers.Real)]
        if bad:
            raise GameError(f"{what} must hold real numbers; found {bad[0]!r}")
    elif arr.dtype.kind not in "biuf":  # not text, dates, durations or complex numbers
        first = arr.ravel()[0].item() if arr.size else None
        raise GameError(f"{what} must hold real numbers; found {first!r}")
    try:
        return np.array(arr, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:
        raise GameError(f"{what} must hold numbers ({exc})") from None


def _rational(value: Any) -> np.ndarray | None:
    """``value`` as an object array if every entry is an int or a Fraction, else None."""
    arr = np.asarray(value)
    if arr.dtype.kind in "iu":
        return arr.astype(object)
    if arr.dtype == object and all(
        isinstance(v, numbers.Rational) and not isinstance(v, bool) for v in arr.flat
    ):
        return arr
    return None


def _given_fractions(values: Sequence[Any]) -> bool:
    """Whether some payoff array holds Python objects (Fractions, say): then keep them exact."""
    return any(np.asarray(v).dtype == object for v in values)


def _nearest_float(value: Fraction) -> float:
    try:
        return value.numerator / value.denominator  # correctly rounded, as float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _checked_exact(
    value: Any, tensor: np.ndarray, players: tuple[str, ...], strategies: Sequence[tuple[str, ...]]
) -> np.ndarray | None:
    """The exact payoffs as a read-only object array of Fractions, or None if floats suffice.

    They must have the float tensor's shape and round to it entry by entry.
    None when every one is an integer below 2**53 in absolute value: the float
    tensor holds those exactly, and a game of integers is one game however built.
    """
    if value is None:
        return None
    try:
        arr = np.asarray(value, dtype=object)
    except (TypeError, ValueError) as exc:  # ragged nesting
        raise GameError(f"exact payoffs are not a rectangular array ({exc})") from None
    if arr.shape != tensor.shape:
        raise GameError(
            f"exact payoffs have shape {arr.shape}; the payoff tensor has shape {tensor.shape}"
        )
    flat = arr.ravel().tolist()
    bad = [
        v
        for v in flat
        if type(v) is not Fraction and (not isinstance(v, numbers.Rational) or isinstance(v, bool))
    ]
    if bad:
        raise GameError(f"exact payoffs must be ints or fractions.Fraction; found {bad[0]!r}")
    fractions = [v if type(v) is Fraction else Fraction(v) for v in flat]
    nearest = np.array([_nearest_float(v) for v in fractions])
    mismatch = np.flatnonzero(nearest != tensor.ravel())
    if len(mismatch):
        k = int(mismatch[0])
        where = np.unravel_index(k, tensor.shape)
        labels = ", ".join(s[j] for s, j in zip(strategies, where[1:], strict=True))
        raise GameError(
            f"exact payoff for {players[where[0]]!r} at profile ({labels}) is {fractions[k]}, "
            f"which rounds to {nearest[k]}; the payoff tensor holds {tensor[where]}"
        )
    if all(v.denominator == 1 and abs(v) < _EXACT_INTEGERS for v in fractions):
        return None
    out = np.empty(len(fractions), dtype=object)
    out[:] = fractions
    out = out.reshape(tensor.shape)
    out.setflags(write=False)
    return out


@dataclass(frozen=True, eq=False, repr=False)
class Game:
    """An N-player normal-form game with labelled players and strategies.

    Build one with :meth:`from_arrays`, :meth:`from_bimatrix` or :meth:`zero_sum`
    rather than calling the class directly. The object is immutable: its
    payoff arrays are read-only and :meth:`replace` returns a new, re-validated
    game.

    Parameters
    ----------
    payoff_tensor : array_like, shape (n_players, n_1, ..., n_N)
        ``payoff_tensor[i][s_1, ..., s_N]`` is player ``i``'s payoff when
        player ``k`` plays strategy ``s_k``.
    players : tuple of str
        Unique player names, in the order of the tensor's axes.
    strategies : tuple of tuple of str
        Unique strategy labels for each player.
    name : str, optional
        A short title, shown in the repr and in reports.
    source : str, optional
        Where the payoffs come from (publication, year, table).
    exact_payoff_tensor : array_like of Fraction, optional
        The same payoffs as exact rationals (ints or :class:`fractions.Fraction`),
        when they are known: ``payoff_tensor`` must then hold their nearest
        floats. :meth:`from_arrays` keeps Fractions it is given, and
        :func:`~tradegame.loads_nfg` keeps the numbers a file gives. Stored
        as a read-only object array of Fractions, or None when every payoff
        is an integer below 2**53 in absolute value (the floats hold those
        exactly). They record the numbers themselves (1/10, which no float
        is); the exact two-player solvers pivot on them, and on a game with
        floats alone read each float back as the fraction it was most
        likely typed as.

    Notes
    -----
    Two games are equal (``==``) when their players, strategies, name,
    source, float payoffs (element by element) and exact payoffs (both absent,
    or equal Fractions) are: a game holding the exact payoff 1/10 differs from
    one holding only the float 0.1, which is not 1/10. Games are hashable; the
    hash ignores ``source`` and the exact payoffs, so equal games hash alike.

    Examples
    --------
    The tariff game of Suranovic (2010), a prisoners' dilemma:

    >>> import tradegame as tg
    >>> g = tg.Game.from_bimatrix(
    ...     [[100, 70], [120, 90]], [[100, 120], [70, 90]],
    ...     players=("US", "China"), strategies=(("FT", "OT"), ("FT", "OT")),
    ...     name="tariff PD")
    >>> g
    <2x2 Game 'tariff PD' (US, China)>
    >>> g.payoff("China")[1, 0]
    np.float64(70.0)
    """

    payoff_tensor: np.ndarray
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    name: str = ""
    source: str = ""
    exact_payoff_tensor: np.ndarray | None = None
    _index: dict[str, int] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        players = _check_labels(self.players, "player names")
        if len(players) < 2:
            raise GameError(f"a game needs at least two players; got {len(players)}")
        if len(players) > MAX_PLAYERS:
            raise GameError(f"a game may have at most {MAX_PLAYERS} players; got {len(players)}")
        if isinstance(self.strategies, str) or not isinstance(self.strategies, Sequence):
            raise GameError(
                f"strategies must be one list of labels per player; got {self.strategies!r}"
            )
        if len(self.strategies) != len(players):
            raise GameError(
                f"strategies are given for {len(self.strategies)} players; "
                f"there are {len(players)} players"
            )
        strategies = []
        for player, labels in zip(players, self.strategies, strict=True):
            if isinstance(labels, str):
                raise GameError(f"strategies of {player!r} must be a list of labels, not a string")
            checked = _check_labels(labels, f"strategy labels of {player!r}")
            if not checked:
                raise GameError(f"player {player!r} has no strategies")
            strategies.append(checked)
        shape = tuple(len(s) for s in strategies)
        tensor = _numeric(self.payoff_tensor, "payoff tensor")
        if tensor.shape != (len(players), *shape):
            raise GameError(
                f"payoff tensor has shape {tensor.shape}; players and strategies imply "
                f"{(len(players), *shape)}"
            )
        for i, player in enumerate(players):
            bad = ~np.isfinite(tensor[i])
            if bad.any():
                where = tuple(int(k) for k in np.argwhere(bad)[0])
                labels = ", ".join(s[k] for s, k in zip(strategies, where, strict=True))
                value = tensor[i][where]
                raise GameError(
                    f"payoff for {player!r} at profile ({labels}) is {value}; "
                    "payoffs must be finite numbers"
                )
        exact = _checked_exact(self.exact_payoff_tensor, tensor, players, strategies)
        tensor.setflags(write=False)
        object.__setattr__(self, "payoff_tensor", tensor)
        object.__setattr__(self, "exact_payoff_tensor", exact)
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "strategies", tuple(strategies))
        object.__setattr__(self, "name", str(self.name))
        object.__setattr__(self, "source", str(self.source))
        object.__setattr__(self, "_index", {p: i for i, p in enumerate(players)})

    # ------------------------------------------------------------------ constructors
    @classmethod
    def from_arrays(
        cls,
        arrays: Sequence[Any],
        *,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        name: str = "",
        source: str = "",
    ) -> Game:
        """Build a game from one payoff array per player.

        Parameters
        ----------
        arrays : sequence of array_like
            ``arrays[i]`` has one axis per player, of length that player's
            number of strategies. When some array holds Python objects and
            every payoff is an int or a :class:`fractions.Fraction`, the game
            keeps them exact (see ``exact_payoff_tensor``).
        players : sequence of str, optional
            Player names; default ``P1, P2, ...``.
        strategies : sequence of sequence of str, optional
            Strategy labels per player; default ``s1, s2, ...``.
        name, source : str, optional
            Title and citation of the payoffs.

        Examples
        --------
        >>> import tradegame as tg
        >>> import numpy as np
        >>> g = tg.Game.from_arrays([np.zeros((2, 2, 2))] * 3)
        >>> g
        <2x2x2 Game (P1, P2, P3)>
        >>> from fractions import Fraction
        >>> third = tg.Game.from_arrays([[[Fraction(1, 3), 0]], [[0, 1]]])
        >>> third.exact_payoffs[0].tolist()
        [[Fraction(1, 3), Fraction(0, 1)]]
        """
        if isinstance(arrays, np.ndarray) and arrays.ndim > 0:
            arrays = list(arrays)
        if isinstance(arrays, (str, bytes, Mapping)) or not isinstance(arrays, Sequence):
            raise GameError(
                f"arrays must be a list with one payoff array per player; got {arrays!r:.60}"
            )
        n = len(arrays)
        if players is None:
            players = [f"P{i + 1}" for i in range(n)]
        players = _check_labels(players, "player names")
        if len(players) != n:
            raise GameError(f"{n} payoff arrays given for {len(players)} players")
        converted = [
            _numeric(arr, f"payoffs for {player!r}")
            for player, arr in zip(players, arrays, strict=True)
        ]
        if strategies is None:
            first = converted[0] if converted else np.zeros(())
            if first.ndim != n:
                raise GameError(
                    f"payoffs for {players[0]!r} have {first.ndim} axes; "
                    f"a {n}-player game needs {n}"
                )
            strategies = [tuple(f"s{k + 1}" for k in range(size)) for size in first.shape]
        if isinstance(strategies, str) or not isinstance(strategies, Sequence):
            raise GameError(f"strategies must be one list of labels per player; got {strategies!r}")
        strategies = tuple(strategies)
        for player, labels in zip(players, strategies, strict=False):
            _check_labels(labels, f"strategy labels of {player!r}")
        strategies = tuple(tuple(labels) for labels in strategies)
        shape = tuple(len(s) for s in strategies)
        for player, arr in zip(players, converted, strict=True):
            if arr.shape != shape:
                raise GameError(
                    f"payoffs for {player!r} have shape {arr.shape}; strategies imply {shape}"
                )
        tensor = np.stack(converted) if converted else np.zeros((0,))
        exact = None
        if _given_fractions(arrays):
            rationals = [_rational(arr) for arr in arrays]
            if all(r is not None for r in rationals):
                exact = np.stack(rationals)
        return cls(tensor, players, strategies, name=name, source=source, exact_payoff_tensor=exact)

    @classmethod
    def from_bimatrix(
        cls,
        row: Any,
        column: Any,
        *,
        players: Sequence[str] = ("Row", "Column"),
        strategies: Sequence[Sequence[str]] | None = None,
        name: str = "",
        source: str = "",
    ) -> Game:
        """Build a two-player game from the row player's and column player's matrices."""
        return cls.from_arrays(
            [row, column], players=players, strategies=strategies, name=name, source=source
        )

    @classmethod
    def zero_sum(
        cls,
        row: Any,
        *,
        players: Sequence[str] = ("Row", "Column"),
        strategies: Sequence[Sequence[str]] | None = None,
        name: str = "",
        source: str = "",
    ) -> Game:
        """Build a two-player zero-sum game from the row player's payoff matrix.

        Examples
        --------
        >>> import tradegame as tg
        >>> pennies = tg.Game.zero_sum([[1, -1], [-1, 1]], name="matching pennies")
        >>> pennies.is_zero_sum()
        True
        """
        players = _check_labels(players, "player names")
        a = _numeric(row, f"payoffs for {players[0]!r}" if players else "payoffs")
        if _given_fractions([row]) and (exact := _rational(row)) is not None:
            a = exact
        return cls.from_bimatrix(
            a, -a, players=players, strategies=strategies, name=name, source=source
        )

    @classmethod
    def from_nashpy(
        cls,
        nashpy_game: Any,
        *,
        players: Sequence[str] = ("Row", "Column"),
        strategies: Sequence[Sequence[str]] | None = None,
        name: str = "",
        source: str = "",
    ) -> Game:
        """Build a two-player game from a ``nashpy.Game`` (Knight and Campbell 2018).

        The row player's and column player's matrices are read from the nashpy
        game's ``payoff_matrices`` and passed to :meth:`from_bimatrix`, so they
        are validated as any other payoffs: a nashpy game of Fractions stays
        exact, and a non-finite payoff is refused by name. nashpy has no labels;
        give them here, or get the defaults of :meth:`from_bimatrix`
        (``Row``, ``Column``; ``s1, s2, ...``).

        Parameters
        ----------
        nashpy_game : nashpy.Game
            The game, built with ``nashpy.Game(A, B)`` or, zero-sum, ``nashpy.Game(A)``.
        players : sequence of str, optional
            The two player names, row player first.
        strategies : sequence of sequence of str, optional
            Strategy labels of the row player and of the column player.
        name, source : str, optional
            Title and citation of the payoffs.

        References
        ----------
        Knight, V. and Campbell, J. (2018). Nashpy: A Python library for the
        computation of Nash equilibria. *Journal of Open Source Software* 3(30), 904.

        Examples
        --------
        >>> import nashpy
        >>> import tradegame as tg
        >>> g = tg.Game.from_nashpy(nashpy.Game([[1, -1], [-1, 1]]), name="matching pennies")
        >>> g
        <2x2 Game 'matching pennies' (Row, Column)>
        >>> g.is_zero_sum()
        True
        """
        import sys

        nashpy = sys.modules.get("nashpy")  # a nashpy.Game exists only once nashpy is imported
        if nashpy is None or not isinstance(nashpy_game, nashpy.Game):
            raise GameError(
                f"Game.from_nashpy needs a nashpy.Game, got {type(nashpy_game).__name__}; "
                "for plain payoff matrices use Game.from_bimatrix(A, B)"
            )
        row, column = nashpy_game.payoff_matrices
        return cls.from_bimatrix(
            row, column, players=players, strategies=strategies, name=name, source=source
        )

    # ------------------------------------------------------------------ accessors
    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies of each player."""
        return self.payoff_tensor.shape[1:]

    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """One read-only payoff array per player."""
        return tuple(self.payoff_tensor)

    @property
    def exact_payoffs(self) -> tuple[np.ndarray, ...] | None:
        """One read-only array of Fractions per player, or None if the floats are exact."""
        if self.exact_payoff_tensor is None:
            return None
        return tuple(self.exact_payoff_tensor)

    def player_index(self, player: PlayerRef) -> int:
        """Position of ``player`` (a name or an index), with a clear error if unknown."""
        if isinstance(player, (int, np.integer)) and not isinstance(player, bool):
            if not 0 <= player < self.n_players:
                raise GameError(
                    f"player index {player} is out of range; the game has {self.n_players} players"
                )
            return int(player)
        try:
            return self._index[player]
        except (KeyError, TypeError):
            known = ", ".join(self.players)
            raise GameError(f"unknown player {player!r}; players are: {known}") from None

    def strategy_index(self, player: PlayerRef, strategy: StrategyRef) -> int:
        """Position of one of ``player``'s strategies, given by label or index."""
        i = self.player_index(player)
        labels = self.strategies[i]
        if isinstance(strategy, (int, np.integer)) and not isinstance(strategy, bool):
            if not 0 <= strategy < len(labels):
                raise GameError(
                    f"strategy index {strategy} is out of range for {self.players[i]!r}, "
                    f"who has {len(labels)} strategies"
                )
            return int(strategy)
        try:
            return labels.index(strategy)
        except ValueError:
            raise GameError(
                f"unknown strategy {strategy!r} for {self.players[i]!r}; "
                f"strategies are: {', '.join(labels)}"
            ) from None

    def payoff(self, player: PlayerRef) -> np.ndarray:
        """The read-only payoff array of one player."""
        return self.payoff_tensor[self.player_index(player)]

    def per_player(self, profile: Mapping[str, Any] | Sequence[Any]) -> list[Any]:
        """One entry per player, in player order, from a mapping by name or a sequence.

        Raises a :class:`~tradegame.errors.GameError` naming an unknown or
        missing player, or a sequence of the wrong length.
        """
        if isinstance(profile, Mapping):
            extra = [p for p in profile if p not in self._index]
            if extra:
                self.player_index(extra[0])
            missing = [p for p in self.players if p not in profile]
            if missing:
                raise GameError(f"profile gives no strategy for {missing[0]!r}")
            return [profile[p] for p in self.players]
        if not isinstance(profile, Sequence) or isinstance(profile, (str, bytes)):
            raise GameError(
                "a profile is a list with one entry per player or a mapping by player name; "
                f"got {profile!r}"
            )
        if len(profile) != self.n_players:
            raise GameError(
                f"profile has {len(profile)} entries; the game has {self.n_players} players"
            )
        return list(profile)

    def profile_payoffs(self, profile: Mapping[str, StrategyRef] | Sequence[StrategyRef]) -> dict:
        """Payoffs of a pure profile, given as strategy labels or indices.

        Examples
        --------
        >>> import tradegame as tg
        >>> g = tg.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
        ...                           strategies=(("C", "D"), ("C", "D")))
        >>> g.profile_payoffs(["D", "D"])
        {'Row': 1.0, 'Column': 1.0}
        """
        entries = self.per_player(profile)
        idx = tuple(self.strategy_index(i, s) for i, s in enumerate(entries))
        return {p: float(self.payoff_tensor[(i, *idx)]) for i, p in enumerate(self.players)}

    def is_zero_sum(self, atol: float = 1e-12) -> bool:
        """Whether payoffs sum to zero (within ``atol``) at every profile."""
        if not isinstance(atol, numbers.Real) or isinstance(atol, bool) or not atol >= 0:
            raise GameError(f"atol must be a number >= 0; got {atol!r}")
        return bool(np.allclose(self.payoff_tensor.sum(axis=0), 0.0, atol=atol, rtol=0.0))

    def replace(self, **changes: Any) -> Game:
        """A copy with some fields changed, validated like a new game.

        New ``payoff_tensor`` values drop the exact payoffs (unless new ones
        are given too); new ``exact_payoff_tensor`` values alone bring their
        nearest floats.
        """
        fields = [f.name for f in dataclasses.fields(self) if f.init]
        unknown = sorted(set(changes) - set(fields))
        if unknown:
            raise GameError(f"unknown field {unknown[0]!r}; a Game has: {', '.join(fields)}")
        if "payoff_tensor" in changes:
            changes.setdefault("exact_payoff_tensor", None)
        elif changes.get("exact_payoff_tensor") is not None:
            try:
                nearest = np.asarray(changes["exact_payoff_tensor"], dtype=object).astype(float)
            except (TypeError, ValueError, OverflowError):
                pass  # left to the constructor, which names the problem
            else:
                changes["payoff_tensor"] = nearest
        return dataclasses.replace(self, **changes)

    def to_frame(self) -> pd.DataFrame:
        """The payoff table: one row per pure profile.

        Columns are one column per player holding the strategy played, then
        ``"<player> payoff"`` for each player.

        Examples
        --------
        >>> import tradegame as tg
        >>> g = tg.Game.zero_sum([[1, -1], [-1, 1]], strategies=(("H", "T"), ("H", "T")))
        >>> g.to_frame()
          Row Column  Row payoff  Column payoff
        0   H      H         1.0           -1.0
        1   H      T        -1.0            1.0
        2   T      H        -1.0            1.0
        3   T      T         1.0           -1.0
        """
        import pandas as pd

        profiles = list(itertools.product(*self.strategies))
        data: dict[str, Any] = {}
        for k, player in enumerate(self.players):
            data[player] = pd.Categorical(
                [p[k] for p in profiles], categories=list(self.strategies[k])
            )
        flat = self.payoff_tensor.reshape(self.n_players, -1)
        for k, player in enumerate(self.players):
            data[f"{player} payoff"] = flat[k]
        return pd.DataFrame(data)

    def to_nashpy(self) -> Any:
        """The game as a ``nashpy.Game`` of its two payoff matrices (Knight and Campbell 2018).

        Both matrices are always passed, ``nashpy.Game(A, B)``, zero-sum games
        too (nashpy then sets its ``zero_sum`` flag itself). They are float
        copies of :attr:`payoff_tensor`: nashpy has no labels, names or exact
        fractions, so :meth:`from_nashpy` gives the game back only with the
        labels passed to it again.

        Returns
        -------
        nashpy.Game

        Raises
        ------
        GameError
            If the game does not have two players.
        ImportError
            If nashpy is not installed (``pip install nashpy``).

        References
        ----------
        Knight, V. and Campbell, J. (2018). Nashpy: A Python library for the
        computation of Nash equilibria. *Journal of Open Source Software* 3(30), 904.

        Examples
        --------
        >>> import tradegame as tg
        >>> g = tg.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
        >>> ng = g.to_nashpy()
        >>> [m.tolist() for m in ng.payoff_matrices]
        [[[3.0, 0.0], [5.0, 1.0]], [[3.0, 5.0], [0.0, 1.0]]]
        >>> tg.Game.from_nashpy(ng) == g
        True
        """
        if self.n_players != 2:
            raise GameError(
                f"Game.to_nashpy needs a two-player game; this game has {self.n_players} "
                "players (nashpy solves bimatrix games)"
            )
        try:
            import nashpy
        except ImportError:
            raise ImportError(
                "Game.to_nashpy needs nashpy, which is not installed: pip install nashpy",
                name="nashpy",
            ) from None
        row, column = (np.array(m, dtype=float) for m in self.payoff_tensor)
        return nashpy.Game(row, column)

    # ------------------------------------------------------------------ dunder
    def __repr__(self) -> str:
        dims = "x".join(str(n) for n in self.shape)
        title = f" {self.name!r}" if self.name else ""
        return f"<{dims} Game{title} ({', '.join(self.players)})>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.players == other.players
            and self.strategies == other.strategies
            and self.name == other.name
            and self.source == other.source
            and values_equal(self.payoff_tensor, other.payoff_tensor)
            and values_equal(self.exact_payoff_tensor, other.exact_payoff_tensor)
        )

    def __hash__(self) -> int:
        # equal exact payoffs have equal floats, so the floats suffice; -0.0 hashes as 0.0
        return hash((self.players, self.strategies, self.name, hash_key(self.payoff_tensor)))
