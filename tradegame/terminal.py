"""Text for a terminal: its width, tables and prose that fit it, and restrained colour.

The command line writes every table through :func:`fit_table` (or
:func:`fit_rows` for rows it has already formatted) and every sentence through
:func:`wrap`, so no line is longer than :func:`terminal_width`. A table wider
than the terminal either wraps its cells at word boundaries, when every column
still gets room for its longest word and no cell needs more than a few lines,
or switches to a *record* layout: one block per row, a ``label: value`` line
per column. Colour is ANSI escape codes (bold headings, green gains, red
losses), used only when :func:`colour_enabled` says the output is a terminal
and the user has not opted out with ``NO_COLOR`` (https://no-color.org).

Widths are *display* widths, the columns text takes on screen (see
:func:`visible_width`): a Chinese, Japanese or Korean character takes two, a
combining accent none, so labels in any script line up and fit.

Only the standard library is imported, so the command line stays quick to start.

Examples
--------
>>> print(fit_rows(["player", "payoff"], [["United States", "90"], ["Brazil", "90"]], 40))
player         payoff
-------------  ------
United States      90
Brazil             90
>>> print(fit_rows(["player", "strategy"], [["US", "raise the tariff to 125%"]], 24))
player  strategy
------  ----------------
US      raise the tariff
        to 125%
>>> print(fit_rows(["player", "strategy"], [["US", "raise the tariff"]], 40, layout="records"))
player: US
  strategy: raise the tariff
>>> colour("gains", "green", enabled=False)
'gains'
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import IO, Any

__all__ = [
    "DEFAULT_WIDTH",
    "MIN_WIDTH",
    "STYLES",
    "cell_text",
    "colour",
    "colour_enabled",
    "fit_rows",
    "fit_table",
    "fit_text",
    "layout_of",
    "natural_width",
    "terminal_width",
    "visible_width",
    "wrap",
]

DEFAULT_WIDTH = 100
"""Columns used when the output is not a terminal (a pipe, a file, a test)."""

MIN_WIDTH = 40
"""Narrower terminals are treated as this wide: below it a table cannot be read anyway."""

STYLES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "heading": "1",
    "gain": "32",
    "loss": "31",
}
"""ANSI Select Graphic Rendition codes by style name (ECMA-48, 5th ed., 1991, section 8.3.117)."""

GAP = "  "
"""Space between table columns."""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_NUMBER = re.compile(r"^[+-]?(\d[\d,]*\.?\d*(e[+-]?\d+)?|\.\d+|inf|nan)%?$", re.IGNORECASE)


def terminal_width(stream: IO[str] | None = None) -> int:
    """The number of columns output to ``stream`` (default: standard output) may use.

    The ``COLUMNS`` environment variable when it is a positive whole number;
    otherwise the size of the terminal if ``stream`` is one
    (:func:`shutil.get_terminal_size`, falling back to 100 columns); otherwise
    :data:`DEFAULT_WIDTH` (100). Never less than :data:`MIN_WIDTH` (40).

    Examples
    --------
    >>> import io
    >>> terminal_width(io.StringIO()) >= MIN_WIDTH
    True
    """
    text = os.environ.get("COLUMNS", "").strip()
    if text.isascii() and text.isdigit() and int(text) > 0:
        width = int(text)
    elif _isatty(sys.stdout if stream is None else stream):
        width = shutil.get_terminal_size(fallback=(DEFAULT_WIDTH, 24)).columns
    else:
        width = DEFAULT_WIDTH
    return max(MIN_WIDTH, width)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def colour_enabled(stream: IO[str] | None = None) -> bool:
    """Whether to colour output to ``stream`` (default: standard output).

    Only on a terminal, and never when the ``NO_COLOR`` environment variable
    is set to a non-empty value (the convention of https://no-color.org) or
    ``TERM`` is ``dumb``.

    Examples
    --------
    >>> import io
    >>> colour_enabled(io.StringIO())
    False
    """
    if os.environ.get("NO_COLOR", "") or os.environ.get("TERM", "") == "dumb":
        return False
    return _isatty(sys.stdout if stream is None else stream)


def colour(text: str, style: str | None, enabled: bool) -> str:
    """``text`` in ``style`` (a key of :data:`STYLES`), or unchanged when not ``enabled``.

    Examples
    --------
    >>> colour("loss", "red", enabled=True)
    '\\x1b[31mloss\\x1b[0m'
    >>> colour("loss", None, enabled=True)
    'loss'
    """
    if not enabled or not style or not text:
        return text
    try:
        code = STYLES[style]
    except KeyError:
        raise ValueError(
            f"style must be one of {', '.join(sorted(STYLES))}; got {style!r}"
        ) from None
    return f"\x1b[{code}m{text}\x1b[0m"


def visible_width(text: str) -> int:
    """The columns ``text`` takes on screen (its display width), ANSI colour codes excluded.

    A character of East Asian Width ``W`` (wide) or ``F`` (fullwidth) takes two
    columns (Unicode Standard Annex #11, *East Asian Width*); a combining mark
    (canonical combining class other than 0, or general category ``Mn`` or
    ``Me``) and a format character (category ``Cf``, such as the zero-width
    space U+200B) take none; every other character takes one. These are the
    rules of Markus Kuhn's ``wcwidth`` (2007, "An implementation of wcwidth()
    for Unicode"), which also keeps the soft hyphen U+00AD at one column. East
    Asian *ambiguous* characters count one column, as on terminals outside CJK
    locales.

    Examples
    --------
    >>> visible_width(colour("gains", "green", enabled=True))
    5
    >>> visible_width("\u4e2d\u56fd tariff"), visible_width("e\u0301"), visible_width("a\u200bb")
    (11, 1, 2)
    """
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    if text.isascii():  # the common case: one column a character
        return len(text)
    return sum(map(_char_width, text))


_CHAR_WIDTHS: dict[str, int] = {}


def _char_width(char: str) -> int:
    """The columns one character takes on screen (see :func:`visible_width`), cached."""
    width = _CHAR_WIDTHS.get(char)
    if width is None:
        if char == "\u00ad":  # the soft hyphen: format character shown as a hyphen
            width = 1
        elif unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            width = 0
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            width = 2
        else:
            width = 1
        _CHAR_WIDTHS[char] = width
    return width


def _fit_prefix(text: str, room: int) -> str:
    """The longest start of ``text`` at most ``room`` columns wide, with the zero-width
    characters that follow it (a combining accent stays with its letter); a wide
    character is never split."""
    if text.isascii():
        return text[: max(0, room)]
    used = 0
    for k, char in enumerate(text):
        used += _char_width(char)
        if used > room:
            return text[:k]
    return text


def _pad(text: str, width: int) -> str:
    """``text`` padded with spaces on the right to ``width`` columns on screen."""
    return text + " " * (width - visible_width(text))


def wrap(text: str, width: int, *, indent: str = "", hanging: str | None = None) -> list[str]:
    """``text`` as lines of at most ``width`` columns, broken between words.

    The first line starts with ``indent``, the others with ``hanging``
    (default: ``indent``). Runs of white space, line breaks included, become
    one space. Widths are columns on screen (:func:`visible_width`), so a
    Chinese character counts two. A word longer than a line is broken across
    lines between characters (nothing is dropped, a wide character is never
    cut and an accent stays with its letter); hyphenated words are kept whole.
    The indents are cut to half a line at most. Blank text gives no lines.

    Examples
    --------
    >>> wrap("who gains, who loses, by how much", 20, indent="- ", hanging="  ")
    ['- who gains, who', '  loses, by how much']
    >>> wrap("\u4e2d\u56fd \u7f8e\u56fd", 8) == ["\u4e2d\u56fd", "\u7f8e\u56fd"]  # 4 columns each
    True
    """
    hanging = indent if hanging is None else hanging
    return _wrap_words(
        text.split(), max(1, width), _shown_indent(indent, width), _shown_indent(hanging, width)
    )


def _shown_indent(indent: str, width: int) -> str:
    """What :func:`wrap` keeps of ``indent``: never more than half a line on screen."""
    return _fit_prefix(indent, max(1, width // 2))


def _wrap_words(words: Sequence[str], width: int, first: str = "", rest: str = "") -> list[str]:
    """``words`` filled greedily into lines of at most ``width`` columns on screen.

    The first line starts with ``first``, the others with ``rest``; words are
    joined by one space. A word wider than a whole line starts on the current
    line and is broken at column boundaries (never inside a wide character,
    and a combining mark stays with its letter). This is the greedy algorithm
    of :func:`textwrap.wrap` (with ``break_long_words=True`` and
    ``break_on_hyphens=False``, so it gives the same lines for ASCII text),
    measuring display width instead of length.
    """
    chunks: list[str] = []  # words and the spaces between them, last first
    for word in reversed(words):
        if chunks:
            chunks.append(" ")
        chunks.append(word)
    lines: list[str] = []
    while chunks:
        indent = rest if lines else first
        room = max(1, width - visible_width(indent))
        if lines and chunks[-1] == " ":  # a line never starts with a space
            chunks.pop()
        line: list[str] = []
        used = 0
        while chunks:
            size = visible_width(chunks[-1])
            if used + size > room:
                break
            line.append(chunks.pop())
            used += size
        if chunks and visible_width(chunks[-1]) > room:  # longer than a line: break it
            word = chunks[-1]
            head = _fit_prefix(word, room - used)
            if not head and not any(part != " " for part in line):
                # not even one character fits an empty line: take one anyway
                head = _fit_prefix(word, visible_width(word[0])) or word[0]
            if head:
                line.append(head)
                if len(head) == len(word):
                    chunks.pop()
                else:
                    chunks[-1] = word[len(head) :]
        if line and line[-1] == " ":  # nor ends with one
            line.pop()
        lines.append(indent + "".join(line))
    return lines


_MARKER = re.compile(r"^(\s*)([-*] |\d+[.)] |[\w ()'/-]{1,30}: )?")


def fit_text(text: str, width: int) -> str:
    """``text`` with every line longer than ``width`` wrapped, keeping its indent.

    Continuation lines line up under the text after a bullet (``- ``, ``1. ``)
    or a short ``label: ``; otherwise they are indented two more columns. Lines
    that fit are unchanged, so tables already fitted pass through.

    Examples
    --------
    >>> print(fit_text("  - a finding that is a little too long for the line", 30))
      - a finding that is a little
        too long for the line
    """
    out = []
    for line in text.split("\n"):
        if visible_width(line) <= width:
            out.append(line)
            continue
        match = _MARKER.match(line)
        lead, marker = match.group(1), match.group(2) or ""
        hanging = " " * (visible_width(lead) + (visible_width(marker) if marker else 2))
        if len(hanging) > width // 2:
            hanging = lead + "  "
        out.extend(wrap(line[len(lead) :], width, indent=lead, hanging=hanging) or [""])
    return "\n".join(out)


def cell_text(value: Any) -> str:
    """How a table shows one value: numbers to 4 significant digits, a gap as ``-``.

    Examples
    --------
    >>> [cell_text(v) for v in (0.123456, float("nan"), None, True, 12, " two\\nlines ")]
    ['0.1235', '-', '-', 'yes', '12', 'two lines']
    """
    if value is None:
        return "-"
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):  # numpy's too
        return "yes" if value else "no"
    if isinstance(value, int) or type(value).__name__.startswith(("int", "uint")):
        return str(value)
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        number = float(value)
        return "-" if math.isnan(number) else f"{number:.4g}"
    return " ".join(str(value).split())


def natural_width(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """The width of the table of ``headers`` and ``rows`` with no cell wrapped.

    >>> natural_width(["a", "bb"], [["ccc", "d"]])
    7
    """
    widths = _natural(headers, rows)
    return sum(widths) + len(GAP) * (len(widths) - 1)


def _natural(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    return [
        max([visible_width(h), *(visible_width(r[c]) for r in rows)]) for c, h in enumerate(headers)
    ]


def _longest_word(text: str) -> int:
    return max(map(visible_width, text.split()), default=0)


HEADER_WHOLE = 10
"""Headers up to this long are never broken across lines."""


def fit_table(
    frame: Any,
    width: int,
    *,
    indent: str = "",
    layout: str = "auto",
    heading: Callable[[Sequence[str]], str] | None = None,
    max_lines: int = 3,
    styles: Mapping[str, Callable[[str], str | None]] | None = None,
    colour_on: bool = False,
) -> str:
    """A pandas DataFrame as a text table of at most ``width`` columns.

    The cells are shown with :func:`cell_text`; the index is not shown. See
    :func:`fit_rows` for the layouts and the other arguments.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"player": ["China"], "payoff": [-2.0294]})
    >>> print(fit_table(frame, 40))
    player  payoff
    ------  ------
    China   -2.029
    """
    headers = [" ".join(str(c).split()) for c in frame.columns]
    rows = [[cell_text(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return fit_rows(
        headers,
        rows,
        width,
        indent=indent,
        layout=layout,
        heading=heading,
        max_lines=max_lines,
        styles=styles,
        colour_on=colour_on,
    )


def fit_rows(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    indent: str = "",
    layout: str = "auto",
    heading: Callable[[Sequence[str]], str] | None = None,
    max_lines: int = 3,
    styles: Mapping[str, Callable[[str], str | None]] | None = None,
    colour_on: bool = False,
) -> str:
    """Rows of cell texts as a table of at most ``width`` columns (no final line break).

    Parameters
    ----------
    headers : sequence of str
        Column names.
    rows : sequence of sequences of str
        The cells, as they should read (see :func:`cell_text`).
    width : int
        Columns available, ``indent`` included.
    indent : str
        Put before every line.
    layout : {"auto", "table", "records"}
        ``"table"``: columns side by side, as wide as their widest cell; the
        caller makes sure they fit. ``"records"``: one block per row, headed by
        ``heading(row)`` (default ``"<first header>: <first cell>"``), then a
        ``label: value`` line for every other column, values wrapped.
        ``"auto"``: the table when it fits; else the table with cells wrapped
        between words, if every column keeps room for its longest word (and
        short headers whole) and no cell needs more than ``max_lines`` lines;
        else records.
    heading : callable, optional
        Title of a row's block in the record layout, from its cells.
    max_lines : int
        Most lines a wrapped cell may take before records read better.
    styles : mapping, optional
        Column header to a function of a cell's text giving a style of
        :data:`STYLES` (or None); used only when ``colour_on``.
    colour_on : bool
        Colour headings bold and cells by ``styles``.

    Returns
    -------
    str
        The lines, each at most ``width`` columns on screen.
    """
    headers = [" ".join(h.split()) for h in headers]
    rows = [[" ".join(str(c).split()) for c in row] for row in rows]
    if any(len(r) != len(headers) for r in rows):
        raise ValueError(f"every row must have {len(headers)} cells, one per header")
    if layout not in ("auto", "table", "records"):
        raise ValueError(f"layout must be 'auto', 'table' or 'records'; got {layout!r}")
    if not headers:
        return ""
    if not rows and layout == "records":
        return ""
    if layout == "table":
        widths: list[int] | None = _natural(headers, rows)
    elif layout == "auto":
        widths = _widths(headers, rows, width - visible_width(indent), max_lines)
    else:
        widths = None
    if widths is not None:
        return _render_table(headers, rows, widths, indent, styles, colour_on)
    return _render_records(headers, rows, width, indent, heading, styles, colour_on)


def layout_of(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    *,
    indent: str = "",
    max_lines: int = 3,
) -> str:
    """The layout :func:`fit_rows` picks with ``layout="auto"``.

    ``"table"`` (fits as it is), ``"wrapped"`` (fits with cells wrapped) or
    ``"records"`` (one block per row).

    >>> layout_of(["player", "strategy"], [["US", "raise the tariff to 125%"]], 24)
    'wrapped'
    """
    headers = [" ".join(h.split()) for h in headers]
    rows = [[" ".join(str(c).split()) for c in row] for row in rows]
    natural = _natural(headers, rows)
    widths = _widths(headers, rows, width - visible_width(indent), max_lines)
    if widths is None:
        return "records"
    return "table" if widths == natural else "wrapped"


def _widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], avail: int, max_lines: int
) -> list[int] | None:
    """Column widths of a table that fits ``avail`` columns, or None when records read better.

    A column whose cells would take more than ``max_lines`` lines gets the room
    it needs from the others, if they can spare it.
    """
    natural = _natural(headers, rows)
    gaps = len(GAP) * (len(headers) - 1)
    if sum(natural) + gaps <= avail:
        return natural
    cells = [headers, *rows]
    least = _least(headers, rows)
    for _ in range(len(headers) + 1):  # each round settles at least one column
        widths = _shrink(headers, rows, natural, avail - gaps, least)
        if widths is None:
            return None
        tall = [c for c, w in enumerate(widths) if _lines_needed(cells, c, w) > max_lines]
        if not tall:
            # no wasted room: each column as wide as its longest wrapped line
            return [
                max(visible_width(line) for r in cells for line in _cell_lines(r[c], w))
                for c, w in enumerate(widths)
            ]
        for c in tall:
            least[c] = next(
                w
                for w in range(widths[c] + 1, natural[c] + 1)
                if _lines_needed(cells, c, w) <= max_lines
            )
    return None


def _lines_needed(cells: Sequence[Sequence[str]], column: int, width: int) -> int:
    return max(len(_cell_lines(r[column], width)) for r in cells)


def _least(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    """The narrowest each column may be: its longest word, and short headers whole."""
    return [
        max(
            [
                _longest_word(h),
                min(visible_width(h), HEADER_WHOLE),
                *(_longest_word(r[c]) for r in rows),
                1,
            ]
        )
        for c, h in enumerate(headers)
    ]


def _shrink(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    natural: list[int],
    room: int,
    least: Sequence[int],
) -> list[int] | None:
    """Column widths summing to ``room`` at most, none below ``least``; None if impossible.

    Long headers wrap first (down to the width of their column's cells), then
    the widest columns give up room.
    """
    if sum(least) > room:
        return None
    cells = [max([least[c], *(visible_width(r[c]) for r in rows)]) for c in range(len(headers))]
    widths = list(natural)
    excess = _take(widths, cells, sum(widths) - room)
    _take(widths, least, excess)
    return widths


def _take(widths: list[int], floor: Sequence[int], excess: int) -> int:
    """Narrow the widest columns (in place), none below its floor, by ``excess`` columns in
    all; return what could not be taken."""
    while excess > 0:
        shrinkable = [c for c, w in enumerate(widths) if w > floor[c]]
        if not shrinkable:
            return excess
        top = max(widths[c] for c in shrinkable)
        widest = [c for c in shrinkable if widths[c] == top]
        # down to the next widest column or the highest floor among the widest, at once
        below = max([floor[c] for c in widest] + [w for w in widths if w < top])
        step = max(1, min(excess // len(widest) or 1, top - below))
        for c in widest:
            cut = min(step, widths[c] - floor[c], excess)
            widths[c] -= cut
            excess -= cut
            if excess <= 0:
                break
    return 0


def _cell_lines(text: str, width: int) -> list[str]:
    if visible_width(text) <= width:
        return [text]
    return _wrap_words(text.split(), max(1, width)) or [""]


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _style_of(styles: Mapping[str, Callable[[str], str | None]] | None, header: str, text: str):
    if not styles or header not in styles or not text:
        return None
    return styles[header](text)


def _render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[int],
    indent: str,
    styles: Mapping[str, Callable[[str], str | None]] | None,
    colour_on: bool,
) -> str:
    right = [
        bool(rows)
        and all(_is_number(r[c]) or r[c] in ("", "-") for r in rows)
        and any(_is_number(r[c]) for r in rows)
        for c in range(len(headers))
    ]

    def block(cells: Sequence[str], header: bool) -> list[str]:
        wrapped = [_cell_lines(t, w) for t, w in zip(cells, widths, strict=True)]
        lines = []
        for i in range(max(len(x) for x in wrapped)):
            parts = []
            for c, (pieces, w) in enumerate(zip(wrapped, widths, strict=True)):
                text = pieces[i] if i < len(pieces) else ""
                pad = " " * (w - visible_width(text))
                style = "bold" if header else _style_of(styles, headers[c], cells[c])
                shown = colour(text, style, colour_on)
                parts.append(pad + shown if right[c] else shown + pad)
            lines.append((indent + GAP.join(parts)).rstrip())
        return lines

    body = [block(r, False) for r in rows]
    # when many rows take several lines, a gap tells them apart
    spaced = 3 * sum(len(b) > 1 for b in body) > len(body)
    out = [*block(headers, True), indent + GAP.join("-" * w for w in widths)]
    for k, lines in enumerate(body):
        if spaced and k:
            out.append("")
        out.extend(lines)
    return "\n".join(out)


def _render_records(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    indent: str,
    heading: Callable[[Sequence[str]], str] | None,
    styles: Mapping[str, Callable[[str], str | None]] | None,
    colour_on: bool,
) -> str:
    avail = width - visible_width(indent)
    inner = indent + "  "
    cap = max(8, (avail - 2) * 2 // 5)  # a label takes at most two fifths of the line
    labels = [f"{h}:" for h in headers]
    fitting = [w for w in map(visible_width, labels[1:]) if w <= cap]
    label_width = max(fitting, default=0)
    out: list[str] = []
    for row in rows:
        if out:
            out.append("")
        title = heading(row) if heading is not None else f"{headers[0]}: {row[0]}"
        out.extend(
            colour(line, "bold", colour_on)
            for line in wrap(title, width, indent=indent, hanging=inner + "  ")
        )
        for c in range(1, len(headers)):
            text = row[c]
            if not text:
                continue
            style = _style_of(styles, headers[c], text)
            if visible_width(labels[c]) <= cap:
                first = inner + _pad(labels[c], label_width) + " "
                hang = " " * visible_width(first)
            else:
                out.extend(wrap(labels[c], width, indent=inner, hanging=inner + "  "))
                first = hang = inner + "  "
            lines = wrap(text, width, indent=first, hanging=hang)
            cuts = [len(_shown_indent(first, width)), len(_shown_indent(hang, width))]
            out.extend(
                line[: cuts[k > 0]] + colour(line[cuts[k > 0] :], style, colour_on)
                for k, line in enumerate(lines)
            )
    return "\n".join(out)
