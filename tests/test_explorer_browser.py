"""The explorer as a student meets it, in Debian's Chromium (headless, through Playwright).

Starts ``tradegame explore``, picks the quid-pro-quo scenario, moves the
stockpile slider, reads the equilibrium off the page and checks it against
``tradegame solve`` at the same setting; then reloads the copied link,
downloads the report and the CSV, types bad values, and checks that no stale
result is ever shown beside new inputs. Skipped when Chromium is absent
(``.ci/run`` installs it); Playwright downloads no browser.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import ARGS, CHROMIUM, needs_chromium

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = needs_chromium
BUSAN = "quid_pro_quo_busan_2025"
STOCKPILE = "us.baseline_stockpile_days"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``tradegame explore tariff_war_2025 --no-browser --port PORT``, as a user starts it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tradegame",
            "explore",
            "tariff_war_2025",
            "--no-browser",
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    root = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(root + "/", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail(f"the explorer did not answer: {proc.communicate()[1]}")
    yield root
    proc.send_signal(signal.SIGINT)
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Console:
    """Every console message and page error of a page, and every failed request."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        page.on(
            "console",
            lambda m: (
                m.type in ("error", "warning") and self.problems.append(f"{m.type}: {m.text}")
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))


def settled(page) -> None:
    """Wait until every panel shows the results of the current inputs."""
    expect = playwright.expect
    expect(page.locator(".panel[data-state=updating]")).to_have_count(0, timeout=60_000)
    expect(page.locator("#results")).not_to_have_attribute("data-query", "", timeout=60_000)


def equilibria(page) -> list[list[str]]:
    rows = page.locator("#equilibria tr").all()
    return [[c.inner_text().strip() for c in r.locator("td").all()] for r in rows[1:]]


def number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", ""))


def solve_cli(*sets: str) -> dict:
    argv = [sys.executable, "-m", "tradegame", "solve", BUSAN, "--format", "json"]
    for s in sets:
        argv += ["--set", s]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_a_student_moves_the_stockpile_slider(server: str, browser, tmp_path: Path) -> None:
    expect = playwright.expect
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    console = Console(page)
    page.goto(server + "/")
    settled(page)
    assert page.locator("#title").inner_text() == "US-China tariff war (2025)"
    page.screenshot(path=tmp_path / "start.png")

    # pick the quid pro quo
    page.select_option("#scenario", BUSAN)
    expect(page.locator("#title")).to_have_text("Tariffs-for-supply quid pro quo (Busan 2025)")
    settled(page)
    before = [p.inner_text() for p in page.locator("table.heatmap .payoff").all()]
    assert page.url == f"{server}/?scenario={BUSAN}"

    # move the stockpile slider to the top of its calibrated range, as a keyboard user does
    control = page.locator(f'.param[data-name="{STOCKPILE}"]')
    assert "0 to 30" in control.locator(".meta").inner_text()
    assert "confidence" in control.locator("label").get_attribute("title")
    control.locator("input[type=range]").focus()
    page.keyboard.press("End")
    expect(control.locator("input[type=text]")).to_have_value("30")
    settled(page)
    page.screenshot(path=tmp_path / "after-change.png")
    assert page.url == f"{server}/?scenario={BUSAN}&{STOCKPILE}=30&moved={STOCKPILE}"
    after = [p.inner_text() for p in page.locator("table.heatmap .payoff").all()]
    assert after != before  # the table is the new setting's

    # the equilibrium on the page is the command line's at the same setting
    shown = equilibria(page)
    solved = solve_cli(f"{STOCKPILE}=30")
    assert len(shown) == len(solved["equilibria"])
    for row, eq in zip(shown, solved["equilibria"], strict=True):
        players = solved["game"]["players"]
        assert row[1 : 1 + len(players)] == [next(iter(eq["profile"][p])) for p in players]
        payoffs = [number(x) for x in row[1 + len(players) : 1 + 2 * len(players)]]
        assert payoffs == pytest.approx([eq["payoffs"][p] for p in players], rel=5e-4)
    assert "Sensitivity" in page.locator("#line-panel h3").inner_text()
    assert STOCKPILE in page.locator("#line-name").inner_text()
    assert page.locator("#line svg polyline.equilibrium").count() == 2  # one per player
    assert page.locator("#line svg polyline.held").count() == 2

    # the copied link opens the same state in a fresh page
    page.click("#copy")
    link = page.locator("#link").input_value()
    assert link == page.url
    fresh = context.new_page()
    console_fresh = Console(fresh)
    fresh.goto(link)
    settled(fresh)
    assert fresh.locator(f'.param[data-name="{STOCKPILE}"] input[type=text]').input_value() == "30"
    assert equilibria(fresh) == shown
    assert fresh.locator("#results").get_attribute("data-query") == page.locator(
        "#results"
    ).get_attribute("data-query")
    assert [p.inner_text() for p in fresh.locator("table.heatmap .payoff").all()] == after

    # the report and the CSV at this setting
    with page.expect_download() as info:
        page.click("#download-report")
    report = tmp_path / info.value.suggested_filename
    info.value.save_as(report)
    assert report.name == f"{BUSAN}-report.html"
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and STOCKPILE in html
    assert row[1 + len(players)] in html  # the equilibrium payoff shown on the page
    with page.expect_download() as info:
        page.click("#download-csv")
    csv = tmp_path / info.value.suggested_filename
    info.value.save_as(csv)
    assert csv.read_text(encoding="utf-8").startswith("China,United States,China payoff")

    assert console.problems == [] and console_fresh.problems == []
    context.close()


def test_bad_values_are_refused_on_the_page(server: str, browser) -> None:
    expect = playwright.expect
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    console = Console(page)
    page.goto(f"{server}/?scenario={BUSAN}&sigma=0.2")
    settled(page)
    query = page.locator("#results").get_attribute("data-query")
    box = page.locator('.param[data-name="sigma"] input[type=text]')
    error = page.locator('.param[data-name="sigma"] .error')
    for typed, reason in [
        ("abc", "sigma: expected a number, got 'abc'"),
        ("5", "sigma: 5 is outside the calibrated range 0.1 to 0.25 elasticity"),
        ("2**8", "sigma: expected a number, got '2**8'"),
    ]:
        box.fill(typed)
        box.press("Enter")
        expect(error).to_have_text(reason)
        expect(box).to_have_attribute("aria-invalid", "true")
        settled(page)
        # the results stay those of the last accepted setting, and say so
        assert page.locator("#results").get_attribute("data-query") == query
        assert "sigma = 0.2" in page.locator("#setting").inner_text()
        assert "Refused" in page.locator("#status").inner_text()
    box.fill("0.25")
    box.press("Enter")
    expect(error).to_be_hidden()
    settled(page)
    assert "sigma=0.25" in page.url
    # the only console lines are the three refused requests themselves (HTTP 400)
    refused = "error: Failed to load resource: the server responded with a status of 400"
    assert [line.split(" (")[0] for line in console.problems] == [refused] * 3
    page.close()


def test_a_bad_link_falls_back_to_the_calibration(server: str, browser) -> None:
    page = browser.new_page()
    page.goto(f"{server}/?scenario={BUSAN}&sigma=9")
    settled(page)
    assert "This link was refused" in page.locator("#status").inner_text()
    assert page.url == f"{server}/?scenario={BUSAN}"
    page.close()


def test_no_stale_result_is_shown_while_an_update_is_on_its_way(server: str, browser) -> None:
    expect = playwright.expect
    page = browser.new_page()
    page.goto(f"{server}/?scenario={BUSAN}")
    settled(page)
    held = []
    page.route("**/api/view?*", lambda route: held.append(route))
    slider = page.locator(f'.param[data-name="{STOCKPILE}"] input[type=range]')
    slider.focus()
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 30
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert held, "the page asked for the new setting"
    # inputs have moved; the old table, equilibria and analyses are hidden, not shown
    for panel in ["#prediction-panel", "#table-panel", "#equilibria-panel", "#line-panel"]:
        expect(page.locator(f"{panel} .body")).to_be_hidden()
        expect(page.locator(f"{panel} .waiting")).to_be_visible()
    assert page.locator("#results").get_attribute("data-query") == ""
    for route in held:
        route.continue_()
    page.unroute("**/api/view?*")
    settled(page)
    assert f"{STOCKPILE}=" in page.locator("#results").get_attribute("data-query")
    page.close()


def test_a_server_that_cannot_answer_is_said_once_not_asked_again(server: str, browser) -> None:
    page = browser.new_page()
    asked = []

    def down(route) -> None:
        asked.append(route.request.url)
        route.abort()

    page.route("**/api/view?*", down)
    page.goto(f"{server}/?scenario={BUSAN}")
    expect = playwright.expect
    expect(page.locator("#status")).to_contain_text(
        "could not compute this scenario: the explorer's server is not answering", timeout=30_000
    )
    page.wait_for_timeout(1000)
    assert len(asked) == 1  # no retry loop
    expect(page.locator("#prediction-panel .body")).to_contain_text("not answering")
    page.close()


def test_picking_a_scenario_while_an_update_is_on_its_way(server: str, browser) -> None:
    page = browser.new_page()
    page.goto(f"{server}/?scenario={BUSAN}")
    settled(page)
    held = []
    page.route("**/api/view?*", lambda route: held.append(route))
    page.locator(f'.param[data-name="{STOCKPILE}"] input[type=range]').focus()
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 30
    while not held and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    page.select_option("#scenario", "tariff_war_2025")
    page.wait_for_timeout(300)
    for route in held:
        route.continue_()
    page.unroute("**/api/view?*")
    settled(page)
    assert page.locator("#title").inner_text() == "US-China tariff war (2025)"
    query = page.locator("#results").get_attribute("data-query")
    assert query == "scenario=tariff_war_2025"
    assert page.url.endswith("?scenario=tariff_war_2025")
    page.close()


def test_after_a_failed_scenario_another_one_opens(server: str, browser) -> None:
    page = browser.new_page()
    page.route("**/api/view?scenario=tariff_chicken*", lambda route: route.abort())
    page.goto(f"{server}/?scenario=tariff_chicken")
    playwright.expect(page.locator("#status")).to_contain_text("could not compute", timeout=30_000)
    page.unroute("**/api/view?scenario=tariff_chicken*")
    page.select_option("#scenario", "tariff_war_2025")
    settled(page)
    assert page.locator("#results").get_attribute("data-query") == "scenario=tariff_war_2025"
    assert page.locator("table.heatmap .payoff").count() == 8
    page.close()
