"""Lay a report out as Markdown and as a standalone HTML page (Jinja2 templates).

The HTML page needs nothing else: its style sheet is inline and every figure
is an ``<img>`` whose source is a ``data:image/svg+xml;base64`` URI, so it
opens from a mail attachment or a USB stick and makes no network request.
The Markdown file links the figures as ``figures/NAME.svg`` beside it.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping, Sequence
from functools import cache

import jinja2

from .content import Section
from .figures import ReportFigure

__all__ = ["render_html", "render_markdown"]


_MARKUP = re.compile(r"([\\`*_\[\]|])")
_LINE_START = re.compile(r"^(?:[#+=-]|\d+(?=[.)](?:\s|$)))")


def _md_text(value: object) -> str:
    """Text for Markdown that stays text: one line, nothing read as markup or HTML.

    ``&``, ``<`` and ``>`` become entities (Python-Markdown, which MkDocs
    uses, does not honour a backslash before ``<``); emphasis, code, link,
    table and escape characters get a backslash; a start that would read as a
    heading, list or rule is escaped too.
    """
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text)
    # "# x", "- x", "+ x", "= x" escape their mark; "1. x" escapes the dot after the digits
    return _LINE_START.sub(
        lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text
    )


def _md_cell(value: object) -> str:
    """A table cell or image alt text: as :func:`_md_text` (which escapes ``|`` and ``]``)."""
    return _md_text(value)


def _md_code(value: object) -> str:
    """``value`` as an inline code span, fenced by more backticks than it contains."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tradegame.report", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md_cell"] = _md_cell
    env.filters["md_text"] = _md_text
    env.filters["md_code"] = _md_code
    return env


def _context(
    title: str,
    sections: Sequence[Section],
    figures: Mapping[str, ReportFigure],
    footer: str,
    command: str,
) -> dict[str, object]:
    return {
        "title": title,
        "sections": sections,
        "figures": figures,
        "footer": footer,
        "command": command,
    }


def render_markdown(
    title: str,
    sections: Sequence[Section],
    figures: Mapping[str, ReportFigure],
    footer: str,
    command: str,
) -> str:
    """The report as Markdown; figures are linked as ``figures/NAME.svg``."""
    template = _environment().get_template("report.md.j2")
    return template.render(**_context(title, sections, figures, footer, command))


def render_html(
    title: str,
    sections: Sequence[Section],
    figures: Mapping[str, ReportFigure],
    footer: str,
    command: str,
) -> str:
    """The report as one standalone HTML page with the figures inline as data URIs."""
    uris = {
        name: "data:image/svg+xml;base64," + base64.b64encode(f.svg).decode("ascii")
        for name, f in figures.items()
    }
    template = _environment().get_template("report.html.j2")
    return template.render(uris=uris, **_context(title, sections, figures, footer, command))
