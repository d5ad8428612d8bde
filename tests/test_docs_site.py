"""Cheap invariants of the documentation site (mkdocs.yml, docs/, docs/hooks/).

A full ``mkdocs build --strict`` takes longer than the test suite should (and needs the docs
extra), so ``make docs`` runs it; these tests catch the common breakages without building:
a page missing from the nav, a nav entry without its page, a subcommand or a module left out
of the reference, a scenario left out of the gallery.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
import types
from pathlib import Path
from typing import Any

import pytest
import yaml

import tradegame as tg
from tradegame.cli import build_parser

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"
HOOKS = DOCS / "hooks"
NOT_IN_NAV: set[str] = set()  # pages deliberately left out of the nav (none so far)
# documented elsewhere: the command line has its own generated page (reference/cli.md)
NOT_IN_API = {"tradegame.cli", "tradegame.terminal"}


def hook(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(f"docs_hooks_{name}", HOOKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def nav_files(nav: Any) -> list[str]:
    """Every page path of a nav, in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in nav_files(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in nav_files(value)]
    return []


def pages() -> set[str]:
    return {
        p.relative_to(DOCS).as_posix()
        for p in DOCS.rglob("*.md")
        if not p.relative_to(DOCS).as_posix().startswith(("hooks/", "gallery/"))
    }


def test_every_page_is_in_the_nav_and_every_nav_entry_exists(config) -> None:
    listed = nav_files(config["nav"])
    assert len(listed) == len(set(listed)), "a page is listed twice"
    written = [f for f in listed if not f.startswith("gallery/")]
    assert sorted(pages() - NOT_IN_NAV) == sorted(written)


def test_the_sections_follow_diataxis(config) -> None:
    sections = [next(iter(item)) for item in config["nav"]]
    assert sections == [
        "Home",
        "Tutorials",
        "How-to guides",
        "Explanation",
        "Reference",
        "Scenario gallery",
    ]


def test_the_config_is_strict_and_makes_no_external_requests(config) -> None:
    assert config["strict"] is True
    assert config["site_dir"] == "site" and config["docs_dir"] == "docs"
    assert config["theme"]["font"] is False  # Material would load Google Fonts
    assert set(config["validation"]["links"].values()) == {"warn"}
    assert set(config["validation"]["nav"].values()) == {"warn"}
    for path in config["hooks"]:
        assert (ROOT / path).is_file(), path
    handler = config["plugins"][2]["mkdocstrings"]["handlers"]["python"]["options"]
    assert handler["docstring_style"] == "numpy"
    for path in handler["extensions"]:
        assert (ROOT / path).is_file(), path
    css = " ".join((DOCS / p).read_text() for p in config.get("extra_css", []))
    assert "http" not in css and "@import" not in css


def test_the_cli_reference_has_a_section_per_subcommand() -> None:
    cli = hook("cli_reference")
    names = list(cli.subcommands(build_parser()))
    assert {"solve", "analyze", "compare", "sweep", "report"} <= set(names)
    text = cli.cli_markdown()
    headings = re.findall(r"^## `(.+)`$", text, flags=re.MULTILINE)
    assert headings == ["tradegame", *(f"tradegame {n}" for n in names)]
    for name in names:
        usage = f"usage: tradegame {name} "
        assert usage in text or f"usage: tradegame {name}\n" in text, name
    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    assert page.count(cli.MARKER) == 1
    rendered = cli.on_page_markdown(page, page=None)
    assert cli.MARKER not in rendered and "## `tradegame sweep`" in rendered


def test_the_cli_reference_does_not_depend_on_the_terminal(monkeypatch) -> None:
    cli = hook("cli_reference")
    monkeypatch.setenv("COLUMNS", "40")
    narrow = cli.cli_markdown()
    monkeypatch.setenv("COLUMNS", "300")
    assert cli.cli_markdown() == narrow
    import os

    assert os.environ["COLUMNS"] == "300"  # restored after the build
    assert max(map(len, narrow.splitlines())) <= 200  # wrapped at cli.WIDTH, bar long choices


def api_pages() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (DOCS / "reference/api").glob("*.md"))


def public_modules() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(tg.__path__, "tradegame."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts):
            continue
        if len(parts) == 2 or (info.ispkg and len(parts) == 3):
            found.append(info.name)
    return found


def test_every_public_module_has_an_api_reference() -> None:
    documented = set(re.findall(r"^::: (tradegame[\w.]*)$", api_pages(), flags=re.MULTILINE))
    wanted = {m for m in public_modules() if m.count(".") == 1} - NOT_IN_API
    missing = sorted(
        m for m in wanted if not any(d == m or d.startswith(m + ".") for d in documented)
    )
    assert not missing, f"add a '::: module' block to a page of docs/reference/api/: {missing}"


def test_exports_hidden_by_a_submodule_of_the_same_name_are_listed_explicitly() -> None:
    # griffe keeps the submodule `tradegame.solvers.solve` where Python sees the function
    # `solve`: `::: tradegame.solvers` would leave these out, so each needs its own block.
    text = api_pages()
    documented = set(re.findall(r"^::: (tradegame[\w.]*)$", text, flags=re.MULTILINE))
    packages = [d for d in documented if (ROOT / d.replace(".", "/") / "__init__.py").is_file()]
    assert "tradegame.solvers" in packages
    for package in sorted(packages):
        module = importlib.import_module(package)
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if isinstance(value, types.ModuleType):
                continue
            if importlib.util.find_spec(f"{package}.{name}") is not None:
                assert f"::: {package}.{name}.{name}" in text, f"{package}.{name}"


def test_the_gallery_fills_the_nav_with_every_built_in_scenario(config) -> None:
    gallery = hook("gallery")
    filled = gallery.on_config({"nav": config["nav"]})
    section = next(item for item in filled["nav"] if gallery.SECTION in item)[gallery.SECTION]
    names = list(tg.list_scenarios()["name"])
    assert section[0] == "gallery/index.md"
    assert [next(iter(e.values())) for e in section[1:]] == [f"gallery/{n}/index.md" for n in names]


def test_the_gallery_index_links_every_scenario_with_its_description() -> None:
    gallery = hook("gallery")
    rows = gallery.scenarios()
    text = gallery.index_markdown(rows)
    frame = tg.list_scenarios()
    for row in frame.itertuples():
        assert f"]({row.name}/index.md) |" in text
        assert row.description.replace("|", "\\|") in text
    assert text.count("\n| [") == len(frame)


def test_a_gallery_page_keeps_the_report_and_says_where_it_comes_from() -> None:
    gallery = hook("gallery")
    report = "# Report: X\n\nSummary.\n\n![payoffs](figures/payoffs.svg)\n"
    page = gallery.page_markdown("x", report)
    assert page.startswith("# Report: X\n\n!!! note")
    assert "tradegame report x --out DIR --no-timestamp" in page and "(report.html)" in page
    assert page.endswith("Summary.\n\n![payoffs](figures/payoffs.svg)\n")


def test_the_gallery_worker_count_is_bounded(monkeypatch) -> None:
    gallery = hook("gallery")
    monkeypatch.setenv(gallery.WORKERS_ENV, "3")
    assert gallery._workers(7) == 3
    assert gallery._workers(2) == 2
    monkeypatch.setenv(gallery.WORKERS_ENV, "none")
    assert 1 <= gallery._workers(7) <= 7


def test_sphinx_roles_become_optional_links() -> None:
    roles = hook("sphinx_roles")
    text = roles.rewrite(":data:`~tradegame.limits.MAX_PROFILES` (:meth:`Game.replace`)")
    assert text == (
        '<autoref identifier="tradegame.limits.MAX_PROFILES" optional><code>MAX_PROFILES'
        '</code></autoref> (<autoref identifier="Game.replace" optional><code>Game.replace'
        "</code></autoref>)"
    )
    assert roles.rewrite("no roles: `code` and :not-a-role:`x`") == (
        "no roles: `code` and :not-a-role:`x`"
    )


def test_unfenced_doctests_are_fenced_and_fenced_ones_left_alone() -> None:
    blocks = hook("doctest_blocks")
    prompt = ">" * 3
    text = f"```python\n{prompt} 1\n1\n\n```\n\n{prompt} [1]\n[1]\n"
    assert blocks.fence_doctests(text) == (
        f"```python\n{prompt} 1\n1\n\n```\n\n```pycon\n{prompt} [1]\n[1]\n```\n"
    )
    # an example inside a longer fence is code already
    inner = f"````markdown\n```\n{prompt} 1\n```\n\n{prompt} 2\n````\n"
    assert blocks.fence_doctests(inner) == inner
