"""Read and write Gambit's extensive-form ``.efg`` files.

The format (The Gambit Project, *Gambit documentation*, "The extensive game
(.efg) file format", version 16) is a prologue ``EFG 2 R "title" { players }``
with an optional comment, then one line per node in preorder:

* ``c "label" infoset "name" { "outcome" probability ... } outcome``: chance;
* ``p "label" player infoset "name" { "action" ... } outcome``: a player's move;
* ``t "label" outcome "name" { payoffs }``: a terminal.

An information set's name and actions may be left out where they were given
before; an outcome's name and payoffs likewise (outcome 0 is none). Payoffs
are separated by commas (Gambit 16) or white space (older versions). Numbers
are written in ASCII digits and read as integers, rationals ``p/q`` (kept as
exact Fractions) or decimals (floats); a number larger in magnitude than
:data:`~tradegame.limits.MAX_PAYOFF_MAGNITUDE` (1e300, beyond which payoff
differences overflow) and a probability above 1 are refused, as are two
actions of one node with the same label. Gambit lets non-terminal nodes carry
outcomes, whose payoffs add up along the play; they are added into the
terminals below them. Reading takes time in proportion to the file's size
(line numbers are counted only for an error message).

Information sets become named sets of the tree: a set keeps its name when no
other set has it; an unnamed set of one node becomes a node of its own; other
sets are named ``"<name> [<player>:<number>]"`` (or ``"<player>:<number>"``).
Chance information sets shared by several nodes give each node the set's
probabilities. Empty player names become ``Player 1``, ... and empty action
labels their positions ``1``, ``2``, ...

Writing gives every chance node its own information set, one outcome per
distinct payoff vector, integers and Fractions exactly (``p/q``) and floats as
decimals that read back as the same floats, so ``loads_efg(dumps_efg(t)) == t``
whenever information-set names are strings.
"""

from __future__ import annotations

import math
import os
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from .. import limits
from .._gambit import DECIMAL, RATIONAL, WHOLE, read_header, shown, text_of
from .._gambit import label as _label
from .._gambit import quote as _quote
from ..errors import EfgError, GameError
from ..files import read_input, write_text
from ..limits import MAX_PAYOFFS, MAX_PLAYERS
from .tree import (
    _CHANCE,
    _DECISION,
    GameTree,
    Node,
    _limit_text,
    _magnitude_text,
    chance,
    decision,
    require_tree,
    terminal,
)

__all__ = ["MAX_EFG_NODES", "dumps_efg", "loads_efg", "read_efg", "write_efg"]

MAX_EFG_NODES = 5_000_000
"""Most nodes read from an ``.efg`` file (each takes about a kilobyte once built)."""

_INTEGER = re.compile(r"[+-]?[0-9]{1,4000}")


# the tokens of _gambit.TOKEN without the white space between them: a string, a brace, a comma,
# a word, or a lone double quote (an unterminated string)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{},]|[^\s{},"]+|"', re.DOTALL)
_PUNCTUATION = {"{": "brace", "}": "brace", ",": "comma"}


class _Tokens:
    def __init__(self, text: str, origin: str) -> None:
        self.text = text
        self.origin = origin
        self.tokens: list[tuple[str, str, int]] = []
        append = self.tokens.append
        punctuation = _PUNCTUATION
        for match in _TOKEN.finditer(text):
            value = match.group()
            first = value[0]
            if first == '"':
                if len(value) == 1:
                    raise self.error("an unterminated string", at=match.start())
                append(("string", value, match.start()))
            elif len(value) == 1 and first in punctuation:
                append((punctuation[first], value, match.start()))
            else:
                append(("word", value, match.start()))
        self.pos = 0

    def offset(self) -> int:
        """Where the next token starts (lines are counted only for a message)."""
        return self.tokens[self.pos][2] if self.pos < len(self.tokens) else len(self.text)

    def line(self, at: int | None = None) -> int:
        return self.text.count("\n", 0, self.offset() if at is None else at) + 1

    def error_at(self, at: int, message: str) -> EfgError:
        return EfgError(self.origin, f"line {self.line(at)}", message)

    def error(self, message: str, *, at: int | None = None) -> EfgError:
        if at is None and self.pos >= len(self.tokens):
            at = len(self.text.rstrip())
        return EfgError(self.origin, f"line {self.line(at)}", message)

    def peek(self) -> tuple[str, str] | None:
        if self.pos < len(self.tokens):
            return self.tokens[self.pos][:2]
        return None

    def next(self, expect: str | None = None, what: str = "") -> str:
        if self.pos >= len(self.tokens):
            raise self.error(f"file ends early; expected {what or expect}")
        kind, value, _ = self.tokens[self.pos]
        if expect is not None and kind != expect and value != expect:
            raise self.error(f"expected {what or expect}, found {shown(value)}")
        self.pos += 1
        return value

    def string(self, what: str) -> str:
        value = self.next("string", what)[1:-1]
        return re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL) if "\\" in value else value

    def whole(self, what: str) -> int:
        value = self.next("word", what)
        if not WHOLE.fullmatch(value):
            raise self.error(f"expected {what} (a whole number), found {shown(value)}")
        return int(value)

    def number(self, what: str, bound: float | None = None) -> int | float | Fraction:
        """A number of magnitude at most ``bound`` (default ``MAX_PAYOFF_MAGNITUDE``)."""
        kind, value = self.peek() or ("", "")
        if kind != "word":
            self.next("word", what)
        if _INTEGER.fullmatch(value):
            number: int | float | Fraction = int(value)
        elif match := RATIONAL.fullmatch(value):
            if int(match.group(2)) == 0:
                raise self.error(f"expected {what}, found {shown(value)} (division by zero)")
            number = Fraction(int(match.group(1)), int(match.group(2)))
        elif DECIMAL.fullmatch(value):
            number = float(value)
            if not math.isfinite(number):
                raise self.error(
                    f"{what} is {shown(value)}, outside the range of floating-point numbers"
                )
        else:
            raise self.error(f"expected {what}, found {shown(value)}")
        if bound is not None and abs(number) > bound:
            raise self.error(f"{what} is {_magnitude_text(number)}, more than {bound:g}")
        limit = limits.MAX_PAYOFF_MAGNITUDE
        if abs(number) > limit:
            raise self.error(
                f"{what} is {_magnitude_text(number)}, more than {_limit_text(limit)} in magnitude "
                "(tradegame.limits.MAX_PAYOFF_MAGNITUDE): differences of larger numbers overflow"
            )
        self.pos += 1
        return number


def _payoffs(tok: _Tokens, n: int, number: int) -> tuple:
    tok.next("{", f"'{{' opening the payoffs of outcome {number}")
    values: list[Any] = []
    while True:
        nxt = tok.peek()
        if nxt is None:
            raise tok.error(f"file ends inside the payoffs of outcome {number}; expected '}}'")
        if nxt[1] == "}":
            tok.next()
            break
        if nxt[0] == "comma":
            tok.next()
            continue
        if len(values) == n:
            raise tok.error(f"outcome {number} has more than {n} payoffs")
        values.append(tok.number("a payoff"))
    if len(values) != n:
        raise tok.error(f"outcome {number} has {len(values)} payoffs; expected {n}")
    return tuple(values)


def _outcome(tok: _Tokens, n: int, outcomes: dict[int, tuple[tuple, int]]) -> tuple | None:
    """The outcome reference at the cursor: its payoffs, or None for outcome 0."""
    at = tok.offset()
    number = tok.whole("an outcome number")
    if (nxt := tok.peek()) is not None and nxt[0] == "string":
        tok.string("an outcome name")
    values = None
    if (nxt := tok.peek()) is not None and nxt[1] == "{":
        values = _payoffs(tok, n, number)
    if number == 0:
        if values is not None and any(values):
            raise tok.error("outcome 0 is the null outcome; it has no payoffs")
        return None
    if number in outcomes:
        known, first = outcomes[number]
        if values is not None and values != known:
            raise tok.error_at(
                at,
                f"outcome {number} has payoffs ({', '.join(map(_magnitude_text, values))}) here "
                f"but ({', '.join(map(_magnitude_text, known))}) at line {tok.line(first)}",
            )
        return known
    if values is None:
        raise tok.error_at(at, f"outcome {number} is used before its payoffs")
    if len(outcomes) * n >= MAX_PAYOFFS:
        raise tok.error(f"more than {MAX_PAYOFFS:,} payoffs (tradegame.limits.MAX_PAYOFFS)")
    outcomes[number] = (values, at)
    return values


def _add(a: tuple | None, b: tuple | None) -> tuple | None:
    if a is None:
        return b
    if b is None:
        return a
    return tuple(x + y for x, y in zip(a, b, strict=True))


def loads_efg(text: str | bytes, *, origin: str = "<string>") -> GameTree:
    """Parse the text of an ``.efg`` file into a :class:`~tradegame.extensive.GameTree`.

    Parameters
    ----------
    text : str or bytes
        The file's content (bytes are decoded as UTF-8).
    origin : str, optional
        Where the text came from, for error messages.

    Raises
    ------
    EfgError
        One line naming ``origin`` and the line of the problem.

    Examples
    --------
    >>> from tradegame.extensive import loads_efg
    >>> tree = loads_efg('''EFG 2 R "entry" { "Challenger" "Incumbent" }
    ... ""
    ... p "" 1 1 "" { "in" "out" } 0
    ... p "" 2 1 "" { "acquiesce" "fight" } 0
    ... t "" 1 "Outcome 1" { 2, 1 }
    ... t "" 2 "Outcome 2" { 0, 0 }
    ... t "" 3 "Outcome 3" { 1, 2 }
    ... ''')
    >>> tree
    <GameTree 'entry' (Challenger, Incumbent): 2 decision nodes, 3 outcomes>
    """
    origin = str(origin)
    tok = _Tokens(text_of(text, origin, EfgError), origin)
    title = read_header(tok, "EFG", "2", "an extensive-form file")
    players: list[str] = []
    tok.next("{", "'{' opening the player list")
    while (nxt := tok.peek()) is not None and nxt[1] != "}":
        if len(players) == MAX_PLAYERS:
            raise tok.error(f"more than {MAX_PLAYERS} players; tradegame handles at most that")
        players.append(_label(tok.string("a player name in double quotes")))
    tok.next("}", "'}' closing the player list")
    n = len(players)
    if n < 2:
        raise tok.error(f"a game tree needs at least two players; the file names {n}")
    players = [p or f"Player {k + 1}" for k, p in enumerate(players)]
    comment = ""
    if (nxt := tok.peek()) is not None and nxt[0] == "string":
        comment = tok.string("a comment")
    outcomes: dict[int, tuple[tuple, int]] = {}
    infosets: dict[tuple[int, int], tuple[str, tuple[str, ...], tuple | None, int]] = {}
    records: list[tuple] = []  # preorder: (kind, label, line, key, actions, probs, payoffs)
    # open nodes: [children still to read, accumulated payoffs of outcomes on the way]
    open_nodes: list[list[Any]] = []
    while True:
        if tok.peek() is None:
            if open_nodes or not records:
                raise tok.error("file ends early; expected a node ('c', 'p' or 't')")
            break
        if records and not open_nodes:
            raise tok.error(f"unexpected data after the last node: {shown(tok.next())}")
        if len(records) >= MAX_EFG_NODES:
            raise tok.error(
                f"more than {MAX_EFG_NODES:,} nodes (tradegame.extensive.efg.MAX_EFG_NODES)"
            )
        line = tok.offset()
        node_kind = tok.next("word", "a node type ('c', 'p' or 't')")
        if node_kind not in ("c", "p", "t"):
            raise tok.error(
                f"expected a node type ('c', 'p' or 't'), found {shown(node_kind)}",
                at=tok.tokens[tok.pos - 1][2],
            )
        label = tok.string("a node label in double quotes")
        above = open_nodes[-1][1] if open_nodes else None
        if node_kind == "t":
            payoffs = _add(above, _outcome(tok, n, outcomes))
            records.append(("t", label, line, None, None, None, payoffs or (0,) * n))
            while open_nodes:
                open_nodes[-1][0] -= 1
                if open_nodes[-1][0]:
                    break
                open_nodes.pop()
            continue
        player = 0
        if node_kind == "p":
            at = tok.offset()
            player = tok.whole("a player number")
            if not 1 <= player <= n:
                raise tok.error_at(at, f"player number {player} is not in 1..{n}")
        number = tok.whole("an information set number")
        name = None
        if (nxt := tok.peek()) is not None and nxt[0] == "string":
            name = tok.string("an information set name")
        actions: tuple[str, ...] | None = None
        probs: tuple | None = None
        if (nxt := tok.peek()) is not None and nxt[1] == "{":
            tok.next()
            acts: list[str] = []
            chances: list[Any] = []
            while (nxt := tok.peek()) is not None and nxt[1] != "}":
                acts.append(_label(tok.string("an action label in double quotes")))
                if node_kind == "c":
                    at = tok.offset()
                    prob = tok.number("a probability", bound=1)
                    if prob < 0:
                        raise tok.error_at(at, f"probability {prob} is negative")
                    chances.append(prob)
            tok.next("}", "'}' closing the action list")
            if not acts:
                raise tok.error("the action list is empty")
            actions = tuple(a or str(k + 1) for k, a in enumerate(acts))
            if len(set(actions)) != len(actions):
                twice = next(a for k, a in enumerate(actions) if a in actions[:k])
                raise tok.error_at(line, f"duplicate action label {twice!r}")
            probs = tuple(chances) if node_kind == "c" else None
        key = (player, number)
        if key in infosets:
            known_name, known_actions, known_probs, known_line = infosets[key]
            if actions is not None and (actions != known_actions or probs != known_probs):
                who = "chance" if player == 0 else f"player {player}"
                raise tok.error_at(
                    line,
                    f"information set {number} of {who} has different actions or probabilities "
                    f"here than at line {tok.line(known_line)}",
                )
            name, actions, probs = known_name, known_actions, known_probs
        elif actions is None:
            raise tok.error_at(line, f"information set {number} is used before its actions")
        else:
            infosets[key] = (name or "", actions, probs, line)
        own = _outcome(tok, n, outcomes)
        records.append((node_kind, label, line, key, actions, probs, None))
        open_nodes.append([len(actions), _add(above, own)])
    return _build(records, infosets, players, title, comment, tok)


def _build(
    records: list[tuple],
    infosets: dict,
    players: list[str],
    title: str,
    comment: str,
    tok: _Tokens,
) -> GameTree:
    """The tree from the records (preorder); ``line`` in a record is a character offset."""
    origin = tok.origin
    members: dict[tuple[int, int], int] = {}
    for record in records:
        if record[0] == "p":
            members[record[3]] = members.get(record[3], 0) + 1
    by_name: dict[str, int] = {}
    for key in members:
        by_name[infosets[key][0]] = by_name.get(infosets[key][0], 0) + 1
    names: dict[tuple[int, int], str | None] = {}
    for key, count in members.items():
        name = infosets[key][0]
        tag = f"{players[key[0] - 1]}:{key[1]}"
        if name and by_name[name] == 1:
            names[key] = name
        elif not name and count == 1:
            names[key] = None
        else:
            names[key] = f"{name} [{tag}]" if name else tag
    built: list[Node] = []
    try:
        for kind, label, line, key, actions, probs, payoffs in reversed(records):
            try:
                if kind == "t":
                    built.append(terminal(payoffs, label))
                    continue
                kids = [built.pop() for _ in actions]
                if kind == "p":
                    built.append(
                        decision(
                            players[key[0] - 1],
                            list(zip(actions, kids, strict=True)),
                            infoset=names[key],
                            label=label,
                        )
                    )
                else:
                    built.append(
                        chance(
                            [(a, (p, c)) for a, p, c in zip(actions, probs, kids, strict=True)],
                            label=label,
                        )
                    )
            except GameError as exc:
                raise tok.error_at(line, str(exc)) from None
        return GameTree(built[0], players, name=title, source=comment)
    except GameError as exc:
        raise EfgError(origin, None, str(exc)) from None


def read_efg(path: str | os.PathLike[str]) -> GameTree:
    """Read a Gambit ``.efg`` file (at most :data:`~tradegame.limits.MAX_NFG_BYTES` bytes)."""
    data = read_input(path, max_bytes=limits.MAX_NFG_BYTES, error=EfgError)
    return loads_efg(data, origin=str(path))


def _number(value: Any) -> str:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(float(value))), "f")
    return text if "." in text else text + ".0"


def dumps_efg(tree: GameTree) -> str:
    """The ``.efg`` text of ``tree`` (Gambit 16 style, payoffs separated by commas).

    Examples
    --------
    >>> from tradegame.extensive import GameTree, decision, terminal, dumps_efg
    >>> tree = GameTree(decision("A", {"l": terminal([1, 0]), "r": terminal([0, 1])}),
    ...                 ("A", "B"), name="toy")
    >>> print(dumps_efg(tree))
    EFG 2 R "toy" { "A" "B" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "l" "r" } 0
    t "" 1 "Outcome 1" { 1, 0 }
    t "" 2 "Outcome 2" { 0, 1 }
    <BLANKLINE>
    """
    require_tree(tree, "dumps_efg")
    flat = tree._flat
    players = " ".join(_quote(p) for p in tree.players)
    lines = [f"EFG 2 R {_quote(tree.name)} {{ {players} }}", _quote(tree.source), ""]
    numbers: dict[int, int] = {}
    per_player = [0] * tree.n_players
    outcomes: dict[tuple, int] = {}
    n_chance = 0
    for k, kind in enumerate(flat.kind):
        label = _quote(flat.node[k].label)  # type: ignore[union-attr]
        if kind == _DECISION:
            h = flat.infoset[k]
            p = flat.player[k]
            if h not in numbers:
                per_player[p] += 1
                numbers[h] = per_player[p]
            name = flat.infoset_name[h]
            acts = " ".join(_quote(a) for a in flat.actions[k])
            shown = _quote("" if name is None else str(name))
            lines.append(f"p {label} {p + 1} {numbers[h]} {shown} {{ {acts} }} 0")
        elif kind == _CHANCE:
            n_chance += 1
            acts = " ".join(
                f"{_quote(a)} {_number(q)}"
                for a, q in zip(flat.actions[k], flat.probs[k], strict=True)  # type: ignore[arg-type]
            )
            lines.append(f'c {label} {n_chance} "" {{ {acts} }} 0')
        else:
            values = flat.values[flat.payoff_rows[k]]
            key = tuple((type(v) is float, v) for v in values)
            if key not in outcomes:
                outcomes[key] = len(outcomes) + 1
            number = outcomes[key]
            payoffs = ", ".join(_number(v) for v in values)
            lines.append(f't {label} {number} "Outcome {number}" {{ {payoffs} }}')
    return "\n".join(lines) + "\n"


def write_efg(tree: GameTree, path: str | os.PathLike[str], *, parents: bool = False) -> Path:
    """Write ``tree`` to ``path`` as an ``.efg`` file through :func:`tradegame.files.write_text`."""
    return write_text(path, dumps_efg(tree), parents=parents)
