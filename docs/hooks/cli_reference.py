"""MkDocs hook: the command-line reference, generated from the argparse parser.

``docs/reference/cli.md`` holds a marker line; during the build this hook replaces it with
the ``--help`` text of ``tradegame`` and of every subcommand, read from
:func:`tradegame.cli.build_parser`, so the page never drifts from the code. The help is
formatted at a fixed width (:data:`WIDTH`) so the page does not depend on the terminal that
runs the build.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator
from typing import Any

MARKER = "<!-- tradegame-cli-reference -->"
WIDTH = 90


@contextlib.contextmanager
def _columns(width: int) -> Iterator[None]:
    """argparse wraps help at ``$COLUMNS``: fix it while the help is formatted."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The subcommand parsers of ``parser``, by name, in the order they were added."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _summaries(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Each subcommand's one-line ``help=`` text, as ``tradegame --help`` lists it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return {a.dest: a.help or "" for a in action._choices_actions}
    return {}


def cli_markdown(parser: argparse.ArgumentParser | None = None) -> str:
    """The reference as Markdown: one section per subcommand with its ``--help`` text.

    Examples
    --------
    >>> text = cli_markdown()
    >>> text.startswith("## `tradegame`")
    True
    >>> "## `tradegame solve`" in text
    True
    """
    if parser is None:
        from tradegame.cli import build_parser

        parser = build_parser()
    summaries = _summaries(parser)
    with _columns(WIDTH):
        parts = [f"## `{parser.prog}`\n", "```text", parser.format_help().rstrip(), "```\n"]
        for name, sub in subcommands(parser).items():
            parts.append(f"## `{sub.prog}`\n")
            if summaries.get(name):
                parts.append(summaries[name][0].upper() + summaries[name][1:] + ".\n")
            parts += ["```text", sub.format_help().rstrip(), "```\n"]
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Put the generated reference where the marker is (only the CLI page has one)."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, cli_markdown())
