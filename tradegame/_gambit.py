"""Lexical pieces shared by Gambit's text formats, ``.nfg`` and ``.efg``.

Both formats are whitespace-separated tokens: double-quoted strings (with
backslash escapes), braces, commas and words (numbers, keywords). Numbers are
integers, decimals or rationals ``p/q``. See the Gambit documentation, "Game
representation formats" (The Gambit Project, version 16).
"""

from __future__ import annotations

import re
from typing import Any

from .errors import TradegameError

__all__ = [
    "DECIMAL",
    "RATIONAL",
    "TOKEN",
    "WHOLE",
    "label",
    "quote",
    "read_header",
    "shown",
    "text_of",
]

TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<string>"(?:[^"\\]|\\.)*")|(?P<brace>[{}])|(?P<comma>,)'
    r'|(?P<word>[^\s{},"]+)|(?P<bad>.)',
    re.DOTALL,
)
# numbers are ASCII: Python's int() and float() also take other scripts' digits ("\uff12")
DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
RATIONAL = re.compile(r"([+-]?\d{1,4000})/(\d{1,4000})", re.ASCII)
WHOLE = re.compile(r"\+?\d{1,18}", re.ASCII)


def shown(token: str) -> str:
    """A token quoted for a message, shortened if long."""
    return repr(token if len(token) <= 40 else token[:37] + "...")


def label(text: str) -> str:
    """A name read from a file as a one-line label: runs of white space become one space."""
    return " ".join(text.split())


def quote(text: str) -> str:
    """``text`` as a double-quoted string of the formats, backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_of(text: object, origin: str, error: type[TradegameError]) -> str:
    """A file's content as text without a byte-order mark, or ``error`` naming ``origin``.

    ``error`` is a file error class (``NfgError``, ``EfgError``) taking
    ``(path, where, message)``.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise error(  # type: ignore[call-arg]
                origin, None, f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from None
    if not isinstance(text, str):
        raise error(  # type: ignore[call-arg]
            origin, None, f"expected the file's text, got {type(text).__name__}"
        )
    return text.removeprefix("\ufeff")


def read_header(tok: Any, magic: str, version: str, what: str) -> str:
    """Read ``<magic> <version> R|D "title"`` from the token cursor ``tok``; return the title.

    ``tok`` is a format's token cursor (it has ``next``, ``string`` and
    ``error``); ``what`` names the format in the message for a wrong first word.
    """
    if tok.next("word", f"'{magic}'") != magic:
        raise tok.error(f"not {what}: it must start with '{magic}'")
    found = tok.next("word", f"version number {version}")
    if found != version:
        raise tok.error(f"unsupported .{magic.lower()} version {shown(found)}; expected {version}")
    kind = tok.next("word", "'R' or 'D'")
    if kind not in ("R", "D"):
        raise tok.error(f"expected 'R' or 'D' after the version, found {shown(kind)}")
    return tok.string("the game title in double quotes")
