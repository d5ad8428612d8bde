"""The demo report as a reader sees it: headless Chromium opens the standalone HTML.

Runs when Debian's Chromium (``/usr/bin/chromium``, or ``TRADEGAME_CHROMIUM``) and
the Python ``playwright`` package are installed (``.ci/run`` installs Chromium);
skipped otherwise. Playwright drives the system browser; it downloads none.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import ARGS, CHROMIUM, needs_chromium

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = needs_chromium


def test_demo_report_opens_in_chromium(demo_report: Path, tmp_path: Path) -> None:
    """The report make demo writes (conftest.py: demo_report), as a browser shows it."""
    assert demo_report.stat().st_size < 5 * 1024 * 1024
    console: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: console.append(f"{m.type}: {m.text}") if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: console.append(f"page error: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(demo_report.as_uri(), wait_until="load")
            images = page.evaluate(
                "Array.from(document.images).map(i => ({src: i.src.slice(0, 40),"
                " ok: i.complete && i.naturalWidth > 0 && i.naturalHeight > 0}))"
            )
            title = page.title()
            headings = page.locator("h2").all_inner_texts()
            shot = tmp_path / "demo-report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert console == []
    assert title.startswith("Tariffs-for-supply quid pro quo")
    assert headings[:2] == ["Summary", "Comparison"]
    # every figure written beside the page is embedded in it, and decodes
    assert len(images) == len(list((demo_report.parent / "figures").glob("*.svg"))) >= 10
    broken = [i["src"] for i in images if not i["ok"]]
    assert broken == []
    assert all(i["src"].startswith("data:image/svg+xml;base64,") for i in images)
    # no request leaves the file: only the page itself and its data URIs
    schemes = {urlparse(u).scheme for u in requests}
    assert schemes <= {"file", "data"}, requests
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 50_000
