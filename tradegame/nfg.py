"""Read and write Gambit's strategic-form ``.nfg`` files.

Both variants of the format are supported (The Gambit Project, *Gambit
documentation*, "Game representation formats", version 16):

* the **payoff version**: a prologue ``NFG 1 R "title" { players } { counts }``
  (or nested strategy labels) then a flat list of payoffs, one entry per
  player for each profile, the first player's strategy varying fastest;
* the **outcome version**: nested strategy labels, a list of outcomes
  ``{ "label" p1, p2, ... }`` and then one outcome number per profile in the
  same order (0 is the null outcome, all payoffs zero).

Payoffs may be integers, decimals or rationals such as ``3/4``. Writing uses
the payoff version unless ``outcomes=True``; numbers are written exactly as
short decimals or integers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np

from ._io import atomic_write_text
from .errors import GameError, NfgError
from .game import Game

__all__ = ["dumps_nfg", "loads_nfg", "read_nfg", "write_nfg"]

_TOKEN = re.compile(
    r'\s*(?:(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)|(?P<word>[^\s{},"]+))',
    re.DOTALL,
)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?$")


class _Tokens:
    """A cursor over the tokens of an .nfg text, remembering line numbers."""

    def __init__(self, text: str, origin: str) -> None:
        self.origin = origin
        self.items: list[tuple[str, str, int]] = []
        pos = 0
        line = 1
        while pos < len(text):
            if text[pos:].strip() == "":
                break
            match = _TOKEN.match(text, pos)
            if not match or match.end() == pos:
                raise NfgError(origin, f"line {line}", f"unexpected character {text[pos]!r}")
            line += text.count("\n", pos, match.start(match.lastgroup))
            kind = match.lastgroup or ""
            value = match.group(kind)
            self.items.append((kind, value, line))
            line += value.count("\n")
            pos = match.end()
        self.pos = 0

    def error(self, message: str) -> NfgError:
        line = self.items[min(self.pos, len(self.items) - 1)][2] if self.items else 1
        return NfgError(self.origin, f"line {line}", message)

    def peek(self) -> tuple[str, str] | None:
        if self.pos >= len(self.items):
            return None
        kind, value, _ = self.items[self.pos]
        return kind, value

    def next(self, expect: str | None = None, what: str = "") -> str:
        if self.pos >= len(self.items):
            raise self.error(f"file ends early; expected {what or expect}")
        kind, value, _ = self.items[self.pos]
        if expect is not None and kind != expect and value != expect:
            raise self.error(f"expected {what or expect}, found {value!r}")
        self.pos += 1
        return value

    def string(self, what: str) -> str:
        value = self.next("string", what)
        return re.sub(r"\\(.)", r"\1", value[1:-1])

    def number(self, what: str) -> Fraction:
        value = self.next("word", what)
        if not _NUMBER.match(value):
            raise self.error(f"expected {what}, found {value!r}")
        try:
            return Fraction(value)
        except (ValueError, ZeroDivisionError):
            raise self.error(f"expected {what}, found {value!r}") from None

    def list_of(self, what: str) -> Iterator[None]:
        """Iterate while inside a ``{ ... }`` list, consuming the braces."""
        self.next("{", what=f"'{{' opening {what}")
        while True:
            nxt = self.peek()
            if nxt is None:
                raise self.error(f"file ends inside {what}; expected '}}'")
            if nxt[1] == "}":
                self.pos += 1
                return
            yield


def loads_nfg(text: str, *, origin: str = "<string>") -> Game:
    """Parse the text of an ``.nfg`` file into a :class:`~tradegame.game.Game`.

    Examples
    --------
    Selten's game from the Gambit documentation, payoff version:

    >>> import tradegame as tg
    >>> g = tg.loads_nfg('NFG 1 R "Selten (IJGT, 75), Figure 2" '
    ...                  '{ "Player 1" "Player 2" } { 3 2 } 1 1 0 2 0 2 1 1 0 3 2 0')
    >>> g
    <3x2 Game 'Selten (IJGT, 75), Figure 2' (Player 1, Player 2)>
    >>> g.payoff("Player 2").tolist()
    [[1.0, 1.0], [2.0, 3.0], [2.0, 0.0]]
    """
    tok = _Tokens(text, origin)
    if tok.next("word", "'NFG'") != "NFG":
        raise tok.error("not a strategic-form file: it must start with 'NFG'")
    version = tok.next("word", "version number 1")
    if version != "1":
        raise tok.error(f"unsupported .nfg version {version!r}; expected 1")
    kind = tok.next("word", "'R' or 'D'")
    if kind not in ("R", "D"):
        raise tok.error(f"expected 'R' or 'D' after the version, found {kind!r}")
    title = tok.string("the game title in double quotes")
    players = [tok.string("a player name in double quotes") for _ in tok.list_of("the player list")]
    if not players:
        raise tok.error("the player list is empty")
    strategies: list[list[str]] = []
    for _ in tok.list_of("the strategy list"):
        nxt = tok.peek()
        if nxt and nxt[1] == "{":
            strategies.append(
                [
                    tok.string("a strategy label in double quotes")
                    for _ in tok.list_of("a strategy list")
                ]
            )
        else:
            count = tok.number("a number of strategies")
            if count.denominator != 1 or count < 1:
                raise tok.error(f"number of strategies must be a positive integer; got {count}")
            strategies.append([str(k + 1) for k in range(int(count))])
    if len(strategies) != len(players):
        raise tok.error(
            f"strategies are given for {len(strategies)} players; {len(players)} are named"
        )
    comment = ""
    if (nxt := tok.peek()) and nxt[0] == "string":
        comment = tok.string("a comment")
    shape = tuple(len(s) for s in strategies)
    n_profiles = int(np.prod(shape))
    n = len(players)
    nxt = tok.peek()
    if nxt is not None and nxt[1] == "{":
        outcomes: list[list[Fraction]] = []
        for _ in tok.list_of("the outcome list"):
            values: list[Fraction] = []
            for _ in tok.list_of("an outcome"):
                if not values and tok.peek() and tok.peek()[0] == "string":  # type: ignore[index]
                    tok.string("an outcome label")
                    continue
                if tok.peek() and tok.peek()[0] == "comma":  # type: ignore[index]
                    tok.next()
                    continue
                values.append(tok.number("a payoff"))
            if len(values) != n:
                raise tok.error(
                    f"outcome {len(outcomes) + 1} has {len(values)} payoffs; expected {n}"
                )
            outcomes.append(values)
        flat: list[Fraction] = []
        for k in range(n_profiles):
            idx = tok.number(f"outcome number for profile {k + 1} of {n_profiles}")
            if idx.denominator != 1 or not 0 <= idx <= len(outcomes):
                raise tok.error(f"outcome number {idx} is not in 0..{len(outcomes)}")
            flat.extend(outcomes[int(idx) - 1] if idx else [Fraction(0)] * n)
    else:
        flat = [tok.number(f"payoff {k + 1} of {n_profiles * n}") for k in range(n_profiles * n)]
    if tok.peek() is not None:
        raise tok.error(f"unexpected data after the last profile: {tok.peek()[1]!r}")  # type: ignore[index]
    # Gambit allows empty labels; ours must be non-empty, so fall back to positions
    players = [p or f"Player {k + 1}" for k, p in enumerate(players)]
    strategies = [[s or str(j + 1) for j, s in enumerate(labels)] for labels in strategies]
    # entries: profile-major (first player's strategy fastest), then players
    table = np.array([float(v) for v in flat]).reshape(*reversed(shape), n)
    tensor = np.moveaxis(table.transpose(*reversed(range(len(shape))), len(shape)), -1, 0)
    try:
        return Game(
            tensor, tuple(players), tuple(tuple(s) for s in strategies), name=title, source=comment
        )
    except GameError as exc:
        raise NfgError(origin, None, str(exc)) from None


def read_nfg(path: str | Path) -> Game:
    """Read a Gambit ``.nfg`` file (payoff or outcome version)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NfgError(path, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NfgError(path, None, f"cannot be read ({exc})") from None
    return loads_nfg(text, origin=str(path))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def dumps_nfg(game: Game, *, outcomes: bool = False) -> str:
    """The ``.nfg`` text of ``game``, payoff version unless ``outcomes=True``.

    Examples
    --------
    >>> import tradegame as tg
    >>> g = tg.Game.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                           strategies=(("C", "D"), ("C", "D")), name="PD")
    >>> print(tg.dumps_nfg(g))
    NFG 1 R "PD" { "Row" "Column" }
    { { "C" "D" } { "C" "D" } }
    ""
    <BLANKLINE>
    3 3 5 0 0 5 1 1
    <BLANKLINE>
    """
    players = " ".join(_quote(p) for p in game.players)
    strategies = " ".join(
        "{ " + " ".join(_quote(s) for s in labels) + " }" for labels in game.strategies
    )
    head = (
        f"NFG 1 R {_quote(game.name)} {{ {players} }}\n"
        f"{{ {strategies} }}\n{_quote(game.source)}\n\n"
    )
    # profiles with the first player's strategy varying fastest
    n = game.n_players
    table = np.moveaxis(game.payoff_tensor, 0, -1).transpose(*reversed(range(n)), n).reshape(-1, n)
    if not outcomes:
        return head + " ".join(_number(v) for v in table.ravel()) + "\n"
    lines = ["{"]
    for k, row in enumerate(table):
        lines.append(f"{{ {_quote(str(k + 1))} " + ", ".join(_number(v) for v in row) + " }")
    lines.append("}")
    body = " ".join(str(k + 1) for k in range(len(table)))
    return head + "\n".join(lines) + "\n" + body + "\n"


def write_nfg(game: Game, path: str | Path, *, outcomes: bool = False) -> Path:
    """Write ``game`` to ``path`` atomically as an ``.nfg`` file; return the path."""
    return atomic_write_text(Path(path), dumps_nfg(game, outcomes=outcomes))
