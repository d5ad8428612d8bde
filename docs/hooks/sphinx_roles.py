"""Griffe extension: Sphinx roles in docstrings become cross-references in the site.

Our numpydoc docstrings name other objects with Sphinx roles (``:func:`solve```,
``:class:`~tradegame.game.Game```). mkdocstrings renders docstrings as Markdown, where a
role would show as literal text, so this extension rewrites each role, once the package is
loaded, into an *optional* autorefs link: a link when the object is documented on some page
of the site, plain code otherwise (an optional reference never warns, so ``--strict`` holds).
A leading ``~`` shows only the last part of the name, as in Sphinx.

mkdocstrings loads it from mkdocs.yml (``handlers.python.options.extensions``). griffe is a
docs-only dependency, so the module still imports without it (pytest collects this folder
for doctests in ``make test``).
"""

from __future__ import annotations

import html
import re
from typing import Any

ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|mod|data|exc|obj|const):`(~?)([^`<>]+)`")


def rewrite(text: str, resolve: Any = None) -> str:
    """Replace the Sphinx roles in ``text`` with optional autorefs links.

    ``resolve(name)`` returns the full path of a name relative to the docstring's scope, or
    None when it cannot tell; the name is used as it is then.

    Examples
    --------
    >>> rewrite("see :func:`~tradegame.solve`")
    'see <autoref identifier="tradegame.solve" optional><code>solve</code></autoref>'
    """

    def link(match: re.Match[str]) -> str:
        tilde, name = match.group(1), match.group(2).strip()
        name = name.removesuffix("()")
        path = (resolve(name) if resolve is not None else None) or name
        shown = name.rsplit(".", 1)[-1] if tilde else name
        return (
            f'<autoref identifier="{html.escape(path)}" optional>'
            f"<code>{html.escape(shown)}</code></autoref>"
        )

    return ROLE.sub(link, text)


def _resolver(obj: Any) -> Any:
    """A function that resolves a name as Python would inside ``obj`` (then its parents)."""

    def resolve(name: str) -> str | None:
        if name.startswith("tradegame"):
            return name
        head, _, rest = name.partition(".")
        scope = obj
        while scope is not None:
            try:
                found = scope.resolve(head)
            except Exception:  # griffe: NameResolutionError and friends
                found = None
            if found:
                return f"{found}.{rest}" if rest else found
            scope = scope.parent
        return None

    return resolve


try:
    import griffe
except ImportError:  # the test environment: no griffe, no extension
    griffe = None

if griffe is not None:

    class SphinxRoles(griffe.Extension):
        """Rewrite Sphinx roles in every docstring of the loaded package."""

        def on_object(self, *, obj: Any, loader: Any, **kwargs: Any) -> None:
            if obj.is_alias or obj.docstring is None:
                return
            value = obj.docstring.value
            if ":" in value and "`" in value:
                obj.docstring.value = rewrite(value, _resolver(obj))
