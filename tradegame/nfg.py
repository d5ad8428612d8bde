"""Read and write Gambit's strategic-form ``.nfg`` files.

Both variants of the format are supported (The Gambit Project, *Gambit
documentation*, "Game representation formats", version 16):

* the **payoff version**: a prologue ``NFG 1 R "title" { players } { counts }``
  (or nested strategy labels) then a flat list of payoffs, one entry per
  player for each profile, the first player's strategy varying fastest;
* the **outcome version**: nested strategy labels, a list of outcomes
  ``{ "label" p1, p2, ... }`` and then one outcome number per profile in the
  same order (0 is the null outcome, all payoffs zero).

Payoffs may be integers, decimals or rationals such as ``3/4``, and are read
exactly: the game gets their nearest floats as ``payoff_tensor`` and, unless
every payoff is an integer below 2**53 in absolute value (which floats hold
exactly), the numbers themselves as Fractions in ``exact_payoff_tensor``:
``1/1000003`` and ``0.1`` stay 1/1000003 and 1/10, and writing the game
gives them back. Three rules keep reading fast, past which a file is read as
the nearest floats alone: more than :data:`MAX_EXACT_PAYOFFS` payoffs
(2,000,000, about the most an exact solver takes), a number needing more
than 4,000 digits (such as ``1e-5000``), or a decimal of more than 15
significant digits, which is what a program writes for a computed float
(``0.30000000000000004``): such a file holds nothing a float does not.

Writing uses the payoff version unless ``outcomes=True``. A game with exact
payoffs is written exactly: integers, terminating decimals of at most 15
significant digits, other numbers as rationals ``p/q``. Floats are written as integers
or as the shortest decimals that read back as the same floats.

Reading takes time linear in the file's length and checks sizes before
building anything: the number of players and profiles the header announces
(:data:`~tradegame.limits.MAX_PROFILES`, overridable with ``max_profiles``),
and every number against the float range. A UTF-8 byte-order mark is
accepted. Labels have runs of white space (line breaks included) turned
into single spaces.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy as np

from . import limits
from ._gambit import DECIMAL, RATIONAL, TOKEN, WHOLE, read_header, shown, text_of
from ._gambit import label as _label
from ._gambit import quote as _quote
from .errors import GameError, NfgError
from .files import read_input, write_text
from .game import Game, require_game
from .limits import MAX_PLAYERS, check_profiles

__all__ = ["dumps_nfg", "loads_nfg", "read_nfg", "write_nfg"]

_SMALL_INTEGER = re.compile(r"[+-]?\d{1,15}")  # below 2**53: exact as a float
_EXACT_DIGITS = 4000  # most digits, and largest power of ten, in a number read exactly
_FLOAT_DIGITS = 15  # a decimal with more significant digits was written from a computed float
_EXACT_LIMIT = 10**_EXACT_DIGITS
_DECIMAL_PLACES = 30  # most decimal places written; numbers needing more are written p/q
_NOT_PLAIN = str.maketrans("", "", "0123456789+-.eE \t\r\n\f\v")
_NOT_DIGITS = str.maketrans("", "", "0123456789 \t\r\n\f\v")
_BULK_CHARS = 1 << 23  # characters parsed at a time by the bulk number reader
_OUTCOME_ITEM = re.compile(
    r'\s*(?:(?P<end>\})|\{\s*(?:"(?:[^"\\]|\\.)*"\s*)?(?P<payoffs>[^{}"]*)\})', re.DOTALL
)

MAX_EXACT_PAYOFFS = 2_000_000
"""Most payoffs an ``.nfg`` file may hold for them to be read exactly: an
exact tableau holds at most 2,000,000 entries (a tenth of
:data:`~tradegame.limits.MAX_TABLEAU_CELLS`), so no exact solver takes a
larger game, and parsing millions of numbers as Fractions takes seconds.
Larger files are read as the nearest floats."""


class _Tokens:
    """A one-pass cursor over the tokens of an .nfg text; line numbers only on error."""

    def __init__(self, text: str, origin: str) -> None:
        self.text = text
        self.origin = origin
        self._matches = TOKEN.finditer(text)
        self._ahead: tuple[str, str, int] | None = None
        self._advance()

    def _advance(self) -> None:
        for match in self._matches:
            kind = match.lastgroup or ""
            if kind == "space":
                continue
            if kind == "bad":
                char = match.group()
                what = "an unterminated string" if char == '"' else f"unexpected character {char!r}"
                raise self.error(what, at=match.start())
            self._ahead = (kind, match.group(kind), match.start())
            return
        self._ahead = None

    def error(self, message: str, *, at: int | None = None) -> NfgError:
        """An error located at offset ``at``, by default the next token (or the end)."""
        if at is None:
            at = self._ahead[2] if self._ahead is not None else len(self.text.rstrip())
        line = self.text.count("\n", 0, at) + 1
        return NfgError(self.origin, f"line {line}", message)

    def peek(self) -> tuple[str, str] | None:
        return None if self._ahead is None else self._ahead[:2]

    def next(self, expect: str | None = None, what: str = "") -> str:
        if self._ahead is None:
            raise self.error(f"file ends early; expected {what or expect}")
        kind, value, _ = self._ahead
        if expect is not None and kind != expect and value != expect:
            raise self.error(f"expected {what or expect}, found {shown(value)}")
        self._advance()
        return value

    def string(self, what: str) -> str:
        value = self.next("string", what)
        return re.sub(r"\\(.)", r"\1", value[1:-1], flags=re.DOTALL)

    def number(self, what: str) -> tuple[float, str]:
        """The next token as a finite float and as written: an integer, a decimal or ``p/q``."""
        kind, value = self.peek() or ("", "")
        if kind != "word":
            self.next("word", what)  # raises: the file ends, or 'expected ..., found ...'
        if DECIMAL.fullmatch(value):
            number = float(value)
        elif match := RATIONAL.fullmatch(value):
            if int(match.group(2)) == 0:
                raise self.error(f"expected {what}, found {shown(value)} (division by zero)")
            try:
                number = float(Fraction(int(match.group(1)), int(match.group(2))))
            except OverflowError:
                number = math.inf
        else:
            raise self.error(f"expected {what}, found {shown(value)}")
        if not math.isfinite(number):
            raise self.error(
                f"{what} is {shown(value)}, outside the range of floating-point numbers "
                "(about ±1.8e308)"
            )
        self.next()
        return number, value

    def rest_length(self) -> int:
        """Characters from the next token to the end of the text."""
        return 0 if self._ahead is None else len(self.text) - self._ahead[2]

    def position(self) -> int:
        """Offset of the next token (the text's length at the end)."""
        return len(self.text) if self._ahead is None else self._ahead[2]

    def seek(self, offset: int) -> None:
        """Continue reading tokens at ``offset``."""
        self._matches = TOKEN.finditer(self.text, offset)
        self._advance()

    def bulk_outcomes(self, n: int) -> tuple[list[list[float]], list[list[str]]] | None:
        """The outcome list at the cursor, parsed in bulk; None, cursor unchanged, if unusual.

        Outcomes with plain decimal payoffs (what Gambit writes) are read with one
        regular-expression match each; rationals or anything malformed are left to
        the token-by-token reader, which locates errors. Returns each outcome's
        payoffs as floats and as written, outcome 0 (all zeros) first.
        """
        if self._ahead is None or self._ahead[1] != "{":
            return None
        outcomes: list[list[float]] = [[0.0] * n]
        words: list[list[str]] = [["0"] * n]
        pos = self._ahead[2] + 1
        while match := _OUTCOME_ITEM.match(self.text, pos):
            if match.group("end"):
                self.seek(match.end())
                return outcomes, words
            payload = match.group("payoffs").replace(",", " ")
            if payload.translate(_NOT_PLAIN):
                return None
            written = payload.split()
            try:
                values = [float(v) for v in written]
            except ValueError:
                return None
            if len(values) != n or not all(math.isfinite(v) for v in values):
                return None
            outcomes.append(values)
            words.append(written)
            pos = match.end()
        return None

    def plain_numbers(
        self, count: int, *, whole: bool = False, below: int | None = None
    ) -> np.ndarray | None:
        """The rest of the text as ``count`` finite decimals, parsed in bulk; else None.

        The common payoff-version body, or with ``whole=True`` the outcome
        numbers (plain digits, each less than ``below``). The text is parsed a
        few megabytes at a time, so memory stays near the size of the result.
        Anything else (rationals, an error to locate) is left to the
        token-by-token reader, with the cursor unchanged: ``float`` accepts
        exactly the grammar's decimals once the characters are restricted.
        """
        if self._ahead is None:
            return None
        text, start, end = self.text, self._ahead[2], len(self.text)
        refused = _NOT_DIGITS if whole else _NOT_PLAIN
        values = np.empty(count)
        filled = 0
        while start < end:
            stop = min(start + _BULK_CHARS, end)
            while stop < end and not text[stop].isspace():  # end a chunk between numbers
                stop += 1
            chunk = text[start:stop]
            start = stop
            if chunk.translate(refused):  # a character no plain number list contains
                return None
            parts = chunk.split()
            if filled + len(parts) > count:
                return None
            try:
                values[filled : filled + len(parts)] = np.array(parts, dtype=float)
            except ValueError:
                return None
            filled += len(parts)
        if filled != count or not np.isfinite(values).all():
            return None
        if below is not None and not bool(np.all(values < below)):
            return None
        self._ahead = None
        return values

    def whole(self, what: str) -> int:
        """The next token as a non-negative integer of at most 18 digits."""
        value = self.next("word", what)
        if not WHOLE.fullmatch(value):
            raise self.error(f"expected {what} (a whole number), found {shown(value)}")
        return int(value)

    def list_of(self, what: str) -> Iterator[None]:
        """Iterate while inside a ``{ ... }`` list, consuming the braces."""
        self.next("{", what=f"'{{' opening {what}")
        while True:
            nxt = self.peek()
            if nxt is None:
                raise self.error(f"file ends inside {what}; expected '}}'")
            if nxt[1] == "}":
                self.next()
                return
            yield


def _outcomes(tok: _Tokens, n: int) -> tuple[list[list[float]], list[list[str]]]:
    """The outcome list, token by token: outcome 0 (all zeros) first, then those listed.

    Returns each outcome's payoffs as floats and as written.
    """
    outcomes: list[list[float]] = [[0.0] * n]
    words: list[list[str]] = [["0"] * n]
    for _ in tok.list_of("the outcome list"):
        values: list[float] = []
        written: list[str] = []
        for _ in tok.list_of("an outcome"):
            if not values and tok.peek()[0] == "string":  # type: ignore[index]
                tok.string("an outcome label")
                continue
            if tok.peek()[0] == "comma":  # type: ignore[index]
                tok.next()
                continue
            if len(values) == n:
                raise tok.error(f"outcome {len(outcomes)} has more than {n} payoffs")
            value, word = tok.number("a payoff")
            values.append(value)
            written.append(word)
        if len(values) != n:
            raise tok.error(f"outcome {len(outcomes)} has {len(values)} payoffs; expected {n}")
        outcomes.append(values)
        words.append(written)
    return outcomes, words


def _fraction(word: str) -> Fraction | None:
    """The exact value of a number as written, or None if it needs too many digits.

    ``word`` has already been read as a finite float: an integer, a decimal or
    a rational ``p/q`` of at most 4,000 digits each.
    """
    if "/" in word:
        numerator, denominator = word.split("/")
        return Fraction(int(numerator), int(denominator))
    number = Decimal(word)  # exact, whatever the context's precision
    if not number:
        return Fraction(0)
    if len(word) > _EXACT_DIGITS or abs(number.adjusted()) > _EXACT_DIGITS:
        return None  # 1e-5000, say: Python integers of thousands of digits
    return Fraction(*number.as_integer_ratio())


def _exact(words: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """Numbers as written, as an object array of Fractions and their nearest floats.

    None if some number needs too many digits to be held exactly. Each
    distinct word is converted once.
    """
    first: dict[str, int] = {}
    codes = np.array([first.setdefault(w, len(first)) for w in words], dtype=np.intp)
    values = [_fraction(w) for w in first]
    if any(v is None for v in values):
        return None
    exact = np.empty(len(values), dtype=object)
    exact[:] = values
    nearest = np.array([v.numerator / v.denominator for v in values])  # type: ignore[union-attr]
    return exact[codes], nearest[codes]


def _computed_float(word: str) -> bool:
    """Whether a decimal has more than 15 significant digits: a computed float written out."""
    if "/" in word or not any(c in word for c in ".eE"):
        return False  # a rational, or an integer (exact whatever its length)
    mantissa = word.lstrip("+-").split("e")[0].split("E")[0].replace(".", "").lstrip("0")
    return len(mantissa.rstrip("0")) > _FLOAT_DIGITS


def _exact_unless_integers(words: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """:func:`_exact`, or None when the floats are all there is to keep.

    That is when every number is an integer a float holds exactly, or when some
    decimal has more than 15 significant digits: a program wrote out computed
    floats (``0.30000000000000004``), whose decimals add nothing a float does
    not hold but would take seconds to convert.
    """
    if all(_SMALL_INTEGER.fullmatch(w) for w in words):  # at most 15 digits: below 2**53
        return None
    if any(_computed_float(w) for w in words):
        return None
    return _exact(words)


def loads_nfg(
    text: str | bytes, *, origin: str = "<string>", max_profiles: int | None = None
) -> Game:
    """Parse the text of an ``.nfg`` file into a :class:`~tradegame.game.Game`.

    Parameters
    ----------
    text : str or bytes
        The file's content; bytes are decoded as UTF-8 (with or without a
        byte-order mark).
    origin : str, optional
        Where the text came from, for error messages.
    max_profiles : int, optional
        Most pure profiles accepted (default
        :data:`~tradegame.limits.MAX_PROFILES`), checked on the header before
        anything is built.

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

    Rationals and decimals are kept exact, beside their nearest floats:

    >>> g = tg.loads_nfg('NFG 1 R "" { "A" "B" } { 2 1 } 1/3 0.1 1 2')
    >>> g.exact_payoffs[0].tolist()
    [[Fraction(1, 3)], [Fraction(1, 1)]]
    >>> g.payoff("B").tolist()
    [[0.1], [2.0]]
    """
    origin = str(origin)
    tok = _Tokens(text_of(text, origin, NfgError), origin)
    title = read_header(tok, "NFG", "1", "a strategic-form file")
    players = []
    for _ in tok.list_of("the player list"):
        if len(players) == MAX_PLAYERS:
            raise tok.error(f"more than {MAX_PLAYERS} players; tradegame handles at most that")
        players.append(_label(tok.string("a player name in double quotes")))
    if not players:
        raise tok.error("the player list is empty")
    strategies: list[list[str] | int] = []
    for _ in tok.list_of("the strategy list"):
        if len(strategies) == len(players):
            raise tok.error(f"strategies are given for more players than the {len(players)} named")
        nxt = tok.peek()
        if nxt and nxt[1] == "{":
            strategies.append(
                [
                    _label(tok.string("a strategy label in double quotes"))
                    for _ in tok.list_of("a strategy list")
                ]
            )
        else:
            count = tok.whole("a number of strategies")
            if count < 1:
                raise tok.error(f"number of strategies must be a positive integer; got {count}")
            strategies.append(count)
    if len(strategies) != len(players):
        raise tok.error(
            f"strategies are given for {len(strategies)} players; {len(players)} are named"
        )
    # counts are at most 18 digits for at most MAX_PLAYERS players: checked before any label
    shape = tuple(s if isinstance(s, int) else len(s) for s in strategies)
    if (problem := check_profiles(shape, max_profiles)) is not None:
        raise tok.error(problem)
    comment = ""
    if (nxt := tok.peek()) and nxt[0] == "string":
        comment = tok.string("a comment")
    n_profiles = math.prod(shape)
    n = len(players)
    nxt = tok.peek()
    outcome_version = nxt is not None and nxt[1] == "{"
    needed = n_profiles if outcome_version else n_profiles * n
    if tok.rest_length() < 2 * needed - 1:  # each number takes a digit and a separator
        raise tok.error(
            f"file ends early: the header announces {needed:,} "
            f"{'outcome numbers' if outcome_version else 'payoffs'}, more than the rest of "
            f"the file can hold"
        )
    flat = np.empty(n_profiles * n)
    exact_flat: np.ndarray | None = None
    keep_exact = n_profiles * n <= MAX_EXACT_PAYOFFS
    if outcome_version:
        parsed = tok.bulk_outcomes(n)
        if parsed is None:  # something unusual: read token by token, to locate any error
            parsed = _outcomes(tok, n)
        outcomes, words = parsed
        table = np.array(outcomes)
        index = tok.plain_numbers(n_profiles, whole=True, below=len(table))
        if index is None:
            index = np.empty(n_profiles)
            for k in range(n_profiles):
                idx = tok.whole(f"outcome number for profile {k + 1} of {n_profiles}")
                if idx >= len(outcomes):
                    raise tok.error(f"outcome number {idx} is not in 0..{len(outcomes) - 1}")
                index[k] = idx
        rows = index.astype(np.intp)
        flat = table[rows].ravel()
        written = [w for outcome in words for w in outcome]
        if keep_exact and (exact := _exact_unless_integers(written)) is not None:
            exact_flat = exact[0].reshape(len(words), n)[rows].ravel()
            flat = exact[1].reshape(len(words), n)[rows].ravel()
    else:
        start = tok.position()
        if (bulk := tok.plain_numbers(n_profiles * n)) is not None:
            flat = bulk
            # plain numbers without '.', 'e' or 'E' are integers: the floats are exact below 2**53
            integers = not any(tok.text.find(c, start) != -1 for c in ".eE")
            if (
                keep_exact
                and not (integers and bool(np.all(np.abs(bulk) < 2.0**53)))
                and (exact := _exact_unless_integers(tok.text[start:].split())) is not None
            ):
                exact_flat, flat = exact
        else:
            written = []
            for k in range(n_profiles * n):
                flat[k], word = tok.number(f"payoff {k + 1} of {n_profiles * n}")
                written.append(word)
            if keep_exact and (exact := _exact_unless_integers(written)) is not None:
                exact_flat, flat = exact
    if (extra := tok.peek()) is not None:
        raise tok.error(f"unexpected data after the last profile: {shown(extra[1])}")
    # Gambit allows empty labels; ours must be non-empty, so fall back to positions
    players = [p or f"Player {k + 1}" for k, p in enumerate(players)]
    labels = [
        [str(j + 1) for j in range(s)]
        if isinstance(s, int)
        else [label or str(j + 1) for j, label in enumerate(s)]
        for s in strategies
    ]
    try:
        return Game(
            _tensor(flat, shape),
            tuple(players),
            tuple(tuple(s) for s in labels),
            name=title,
            source=comment,
            exact_payoff_tensor=None if exact_flat is None else _tensor(exact_flat, shape),
        )
    except GameError as exc:
        raise NfgError(origin, None, str(exc)) from None


def _tensor(flat: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """The payoff tensor from the file's order: profiles (first player fastest), then players."""
    table = flat.reshape(*reversed(shape), len(shape))
    return np.moveaxis(table.transpose(*reversed(range(len(shape))), len(shape)), -1, 0)


def read_nfg(path: str | os.PathLike[str], *, max_profiles: int | None = None) -> Game:
    """Read a Gambit ``.nfg`` file (payoff or outcome version).

    Only a regular file of at most :data:`~tradegame.limits.MAX_NFG_BYTES` is
    read; ``max_profiles`` is passed to :func:`loads_nfg`.
    """
    data = read_input(path, max_bytes=limits.MAX_NFG_BYTES, error=NfgError)
    return loads_nfg(data, origin=str(path), max_profiles=max_profiles)


def _number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def _exact_number(value: Fraction) -> str:
    """``value`` exactly: an integer, a decimal of at most 15 significant digits, else ``p/q``."""
    if value.denominator == 1:
        return str(value.numerator)
    if value.denominator >= _EXACT_LIMIT or abs(value.numerator) >= _EXACT_LIMIT:
        raise GameError(
            f"exact payoff {float(value):.6g} needs more than {_EXACT_DIGITS:,} digits, more "
            "than .nfg readers take; to write its nearest float, write "
            "game.replace(exact_payoff_tensor=None)"
        )
    rest, twos, fives = value.denominator, 0, 0
    while rest % 2 == 0:
        rest, twos = rest // 2, twos + 1
    while rest % 5 == 0:
        rest, fives = rest // 5, fives + 1
    places = max(twos, fives)
    if rest != 1 or places > _DECIMAL_PLACES:
        return f"{value.numerator}/{value.denominator}"
    whole, part = divmod(abs(value.numerator) * 10**places // value.denominator, 10**places)
    text = f"{'-' if value < 0 else ''}{whole}.{part:0{places}d}"
    # a longer decimal would read back as a computed float (see _computed_float)
    return f"{value.numerator}/{value.denominator}" if _computed_float(text) else text


def dumps_nfg(game: Game, *, outcomes: bool = False) -> str:
    """The ``.nfg`` text of ``game``, payoff version unless ``outcomes=True``.

    Exact payoffs, when the game has them, are written exactly (``0.1``,
    ``1/3``); floats as integers or as the shortest decimals that read back
    as the same floats.

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
    require_game(game, "dumps_nfg")
    if not isinstance(outcomes, bool):
        raise GameError(f"outcomes must be True or False; got {outcomes!r}")
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
    exact = game.exact_payoff_tensor
    tensor, text = (game.payoff_tensor, _number) if exact is None else (exact, _exact_number)
    table = np.moveaxis(tensor, 0, -1).transpose(*reversed(range(n)), n).reshape(-1, n)
    if not outcomes:
        return head + " ".join(text(v) for v in table.ravel()) + "\n"
    lines = ["{"]
    for k, row in enumerate(table):
        lines.append(f"{{ {_quote(str(k + 1))} " + ", ".join(text(v) for v in row) + " }")
    lines.append("}")
    body = " ".join(str(k + 1) for k in range(len(table)))
    return head + "\n".join(lines) + "\n" + body + "\n"


def write_nfg(
    game: Game, path: str | os.PathLike[str], *, outcomes: bool = False, parents: bool = False
) -> Path:
    """Write ``game`` to ``path`` as an ``.nfg`` file; return the path.

    The file is written through :func:`tradegame.files.safe_output`: only a
    regular file is replaced, never a read-only one, a symbolic link's
    target is written, the existing mode is kept, and missing folders are
    created only with ``parents=True``.
    """
    return write_text(path, dumps_nfg(game, outcomes=outcomes), parents=parents)
