"""Immutable, labelled N-player normal-form games.

A :class:`Game` holds one payoff array per player, stacked into a single
read-only tensor of shape ``(n_players, *n_strategies)`` so that solvers can
work on it (or on a batch of such tensors) with vectorized numpy. Games are
built through named constructors and validated at the door.
"""

from __future__ import annotations

import dataclasses
import itertools
import numbers
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import GameError
from .limits import MAX_PLAYERS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Game", "PlayerRef", "StrategyRef", "label_problem", "require_game"]

PlayerRef = int | str
"""A player given by position (0-based) or by name."""
StrategyRef = int | str
"""A strategy given by position (0-based) or by label."""


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
        tensor.setflags(write=False)
        object.__setattr__(self, "payoff_tensor", tensor)
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
            number of strategies.
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
        return cls(tensor, players, strategies, name=name, source=source)

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
        return cls.from_bimatrix(
            a, -a, players=players, strategies=strategies, name=name, source=source
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
        """A copy with some fields changed, validated like a new game."""
        fields = [f.name for f in dataclasses.fields(self) if f.init]
        unknown = sorted(set(changes) - set(fields))
        if unknown:
            raise GameError(f"unknown field {unknown[0]!r}; a Game has: {', '.join(fields)}")
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
            and np.array_equal(self.payoff_tensor, other.payoff_tensor)
        )

    def __hash__(self) -> int:
        return hash((self.players, self.strategies, self.name, self.payoff_tensor.tobytes()))
