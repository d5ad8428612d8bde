"""MkDocs hook: doctest examples written without a code fence render as code.

pytest runs every ``>>>`` example of ``docs/*.md`` as a doctest whether or not it sits in a
fenced code block. Outside a fence, Markdown would render one as a paragraph (its lines run
together, and output such as ``[1]`` reads as a link), so during the build this hook wraps
each unfenced example, from its first ``>>>`` line to the next blank line, in a ``pycon``
fence. Files are not changed.
"""

from __future__ import annotations

import re
from typing import Any

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def fence_doctests(markdown: str) -> str:
    """Wrap each doctest example that is not inside a code fence in a ``pycon`` fence.

    Examples
    --------
    >>> fence_doctests("Text.\\n\\n>>> 1 + 1\\n2\\n\\nMore.").splitlines()
    ['Text.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    """
    out: list[str] = []
    fence: str | None = None  # the marker of the open fence
    in_example = False
    for line in markdown.split("\n"):
        if in_example and not line.strip():
            out.append("```")
            in_example = False
        match = _FENCE.match(line)
        if not in_example and match:
            marker = match.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
        elif fence is None and not in_example and line.startswith(">>>"):
            if out and out[-1].strip():  # a fence needs a blank line before it
                out.append("")
            out.append("```pycon")
            in_example = True
        out.append(line)
    if in_example:
        out.append("```")
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Fence the page's unfenced doctest examples."""
    return fence_doctests(markdown)
