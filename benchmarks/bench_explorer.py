"""Benchmark: how long the explorer takes from a slider move to the new results.

Server side, in this process, for every built-in scenario with sliders: each
slider move asks for a setting not seen before (no cache), and the time is
that of the payoff table, equilibria and prediction (``Catalog.view``), the
sensitivity line (``Catalog.line``) and each strategic analysis. The
reference, measured in the same run: ``tradegame.solve`` on the same game,
and for two-player games nashpy's support enumeration. Then over HTTP (a
server thread, ``urllib``), and in the browser: headless Chromium presses
the arrow key on a slider and the page records the time from the key to
the new table on screen (``window.tgLatency``) and to every panel, analyses
included (``window.tgLatencyAll``; the page asks for those once the slider
has rested for 150 ms).

Medians (and the slowest) over the moves; nothing is asserted; run with
``make bench``. These machines are shared: read the ratios, not the last digit.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
import urllib.request
from urllib.parse import urlsplit

import numpy as np

import tradegame as tg
from tradegame.explorer import Catalog

MOVES = 12  # slider positions per parameter
PARAMETERS = 3  # sliders per scenario
BROWSER = ["quid_pro_quo_busan_2025", "rare_earth_escalation_2025", "metallic_alliance_2026"]
CHROMIUM = os.environ.get("TRADEGAME_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def _ms(seconds: list[float]) -> str:
    return f"{1e3 * statistics.median(seconds):7.1f} {1e3 * max(seconds):7.1f}"


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _moves(catalog: Catalog, name: str) -> list[list[tuple[str, str]]]:
    """Settings a student reaches by moving sliders: a few positions along a few of them."""
    sliders = [r for r in catalog.parameters(name) if r["control"] == "slider"][:PARAMETERS]
    out = []
    for r in sliders:
        for x in np.linspace(r["low"], r["high"], MOVES + 2)[1:-1]:
            out.append([("scenario", name), (r["name"], repr(float(x))), ("moved", r["name"])])
    return out


def server_side() -> None:
    try:
        import nashpy
    except ImportError:  # the bench extra installs it
        nashpy = None
    catalog = Catalog()
    print("server side, per slider move (ms: median, slowest), no cache")
    print(
        f"{'scenario':<28} {'view':>15} {'line':>15} {'analyses':>15}"
        f" {'tg.solve':>8} {'nashpy':>8} {'view/solve':>10}"
    )
    for name in catalog.names:
        moves = _moves(catalog, name)
        if not moves:
            continue
        catalog.view(catalog.setting(moves[0]))  # warm-up: imports, the base scenario
        views, lines, analyses, solves, nash = [], [], [], [], []
        for query in moves[1:]:
            s = catalog.setting(query)
            views.append(_timed(lambda s=s: catalog.view(s)))
            lines.append(_timed(lambda s=s: catalog.line(s, s.moved)))
            kinds = [a["kind"] for a in catalog.meta(name)["analyses"]]
            analyses.append(
                _timed(lambda s=s, kinds=kinds: [catalog.analysis(s, k) for k in kinds])
            )
            game = tg.load_scenario(name, s.overrides).game()
            solves.append(_timed(lambda g=game: tg.solve(g)))
            if nashpy is not None and game.n_players == 2:
                tensor = np.asarray(game.payoff_tensor)
                nash.append(
                    _timed(lambda t=tensor: list(nashpy.Game(t[0], t[1]).support_enumeration()))
                )
        ratio = statistics.median(views) / statistics.median(solves)
        reference = f"{1e3 * statistics.median(nash):8.1f}" if nash else f"{'-':>8}"
        print(
            f"{name:<28} {_ms(views)} {_ms(lines)} {_ms(analyses)}"
            f" {1e3 * statistics.median(solves):8.1f} {reference} {ratio:10.1f}"
        )
        cached = catalog.setting(moves[1])
        hit = _timed(lambda c=cached: catalog.view(c))
        print(f"{'':<28} a setting seen before: {1e6 * hit:.0f} µs")


def over_http() -> None:
    page = tg.explore("quid_pro_quo_busan_2025")
    parts = urlsplit(page.url)
    root = f"{parts.scheme}://{parts.netloc}"
    catalog = Catalog()
    times = []
    for query in _moves(catalog, "quid_pro_quo_busan_2025"):
        q = "&".join(f"{k}={v}" for k, v in query)
        start = time.perf_counter()
        with urllib.request.urlopen(f"{root}/api/view?{q}", timeout=60) as r:
            r.read()
        times.append(time.perf_counter() - start)
    page.stop()
    print(f"\nover HTTP, /api/view of a new setting (quid pro quo): {_ms(times[1:])} ms")


def in_the_browser() -> None:
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        print("\nin the browser: skipped (no Chromium)")
        return
    from playwright.sync_api import expect, sync_playwright

    page_server = tg.explore("quid_pro_quo_busan_2025")
    parts = urlsplit(page_server.url)
    root = f"{parts.scheme}://{parts.netloc}"
    catalog = Catalog()
    print("\nin headless Chromium, per arrow-key press on a slider (ms: median, slowest)")
    print(f"{'scenario':<28} {'table shown':>15} {'all panels':>15}")
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        for name in BROWSER:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{root}/?scenario={name}")
            updating = page.locator(".panel[data-state=updating]")
            expect(updating).to_have_count(0, timeout=60_000)
            slider_name = next(
                r["name"] for r in catalog.parameters(name) if r["control"] == "slider"
            )
            slider = page.locator(f'.param[data-name="{slider_name}"] input[type=range]')
            slider.focus()
            for _ in range(MOVES):
                page.keyboard.press("ArrowRight")
                expect(updating).to_have_count(0, timeout=60_000)
            shown = [x / 1e3 for x in page.evaluate("window.tgLatency")[1:]]
            whole = [x / 1e3 for x in page.evaluate("window.tgLatencyAll")[1:]]
            print(f"{name:<28} {_ms(shown)} {_ms(whole)}")
            page.close()
        browser.close()
    page_server.stop()


def main() -> None:
    server_side()
    over_http()
    in_the_browser()


if __name__ == "__main__":
    main()
