"""The explorer served over HTTP: the notebook entry point, the command, and what a request
from a page (or from anyone else) can and cannot make the server do."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

import tradegame as tg
from tradegame.errors import ParameterError
from tradegame.explorer import Catalog, Explorer, create_app
from tradegame.explorer.app import is_loopback
from tradegame.explorer.server import _server, bind

BUSAN = "quid_pro_quo_busan_2025"


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.fixture(scope="module")
def page() -> Iterator[Explorer]:
    explorer = tg.explore(BUSAN)
    yield explorer
    explorer.stop()


def base(page: Explorer) -> str:
    parts = urlsplit(page.url)
    return f"{parts.scheme}://{parts.netloc}"


def test_explore_serves_the_page_on_loopback(page: Explorer) -> None:
    assert page.url.startswith("http://127.0.0.1:")
    assert page.url.endswith(f"/?scenario={BUSAN}")
    status, headers, body = get(page.url)
    assert status == 200 and b"tradegame explorer" in body
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    # the notebook frame points at the same address
    assert f'src="{page.url.replace("&", "&amp;")}"' in page._repr_html_()


def test_explore_reuses_its_server_and_opens_at_a_scenario_s_overrides(page: Explorer) -> None:
    other = tg.explore(tg.load_scenario(BUSAN, {"sigma": 0.2}))
    assert base(other) == base(page)
    assert other.url.endswith(f"/?scenario={BUSAN}&sigma=0.2")


def test_explore_refuses_what_the_page_would(page: Explorer) -> None:
    with pytest.raises(tg.ScenarioError, match="did you mean quid_pro_quo_busan_2025"):
        tg.explore("busan")
    with pytest.raises(tg.TradegameError, match="outside the calibrated range"):
        tg.explore(tg.load_scenario(BUSAN, {"sigma": 0.9}))


def test_the_json_views_answer_and_refuse(page: Explorer) -> None:
    root = base(page)
    status, _, body = get(f"{root}/api/view?scenario={BUSAN}&sigma=0.2")
    view = json.loads(body)
    assert status == 200 and view["query"] == f"scenario={BUSAN}&sigma=0.2"
    status, _, body = get(f"{root}/api/view?scenario={BUSAN}&sigma=0.9")
    assert status == 400
    assert json.loads(body) == {
        "error": "sigma: 0.9 is outside the calibrated range 0.1 to 0.25 elasticity",
        "key": "sigma",
    }
    status, _, body = get(f"{root}/api/analysis/truce?scenario={BUSAN}")
    assert status == 200 and json.loads(body)["findings"]
    status, _, body = get(f"{root}/api/line?scenario={BUSAN}")
    assert status == 400 and json.loads(body)["key"] == "moved"
    status, _, body = get(f"{root}/api/meta?scenario=nope")
    assert status == 400 and json.loads(body)["key"] == "scenario"


def test_downloads_are_attachments_named_after_the_scenario(page: Explorer) -> None:
    root = base(page)
    status, headers, body = get(f"{root}/download/csv?scenario={BUSAN}&sigma=0.2")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert headers["content-disposition"] == f'attachment; filename="{BUSAN}-payoffs.csv"'
    assert body.startswith(b"China,United States,China payoff")
    status, headers, body = get(f"{root}/download/report?scenario=tariff_chicken")
    assert status == 200 and body.startswith(b"<!DOCTYPE html>")
    assert headers["content-disposition"].endswith('-report.html"')


@pytest.mark.parametrize(
    "path",
    [
        "/static/../views.py",
        "/static/%2e%2e/views.py",
        "/static/..%2fviews.py",
        "/api/meta?scenario=../../etc/passwd",
        "/api/meta?scenario=/etc/passwd",
        "/download/report?scenario=/etc/passwd",
    ],
)
def test_no_request_reads_a_file_of_its_choosing(page: Explorer, path: str) -> None:
    status, _, body = get(base(page) + path)
    assert status in (400, 404)
    assert b"root:" not in body and b"def " not in body


def test_every_response_carries_the_security_headers(page: Explorer) -> None:
    for path in ["/", "/static/explore.js", "/nope", "/api/view?scenario=x"]:
        _, headers, _ = get(base(page) + path)
        assert "script-src 'self'" in headers["content-security-policy"], path
        assert headers["cache-control"] == "no-cache", path
        assert headers["x-content-type-options"] == "nosniff", path


def test_pages_of_other_sites_get_no_results(page: Explorer) -> None:
    cross = {"Sec-Fetch-Site": "cross-site"}
    for path in [f"/api/view?scenario={BUSAN}", f"/download/report?scenario={BUSAN}"]:
        status, _, body = get(base(page) + path, headers=cross)
        assert (
            status == 403 and json.loads(body)["error"] == "requests from other sites are refused"
        )
    # the page itself may be framed (a notebook), and its own requests are same-origin
    assert get(page.url, headers=cross)[0] == 200
    same = {"Sec-Fetch-Site": "same-origin"}
    assert get(f"{base(page)}/api/view?scenario={BUSAN}", headers=same)[0] == 200


def test_an_unexpected_failure_answers_json_in_one_line() -> None:
    class Broken(Catalog):
        def _view(self, setting):
            raise RuntimeError("boom\nsecond line")

    sock = bind()
    server = _server(create_app(Broken()))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        status, _, body = get(f"http://127.0.0.1:{sock.getsockname()[1]}/api/view")
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    assert status == 500
    assert json.loads(body) == {
        "error": "internal error: RuntimeError: boom second line",
        "key": None,
    }


def test_stop_frees_the_port() -> None:
    port = _free_port()
    first = tg.explore("tariff_chicken", port=port)
    first.stop()
    again = tg.explore("tariff_chicken", port=port)  # no "port in use"
    assert again.url.startswith(f"http://127.0.0.1:{port}/")
    again.stop()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"host": None}, "host must be an address of this machine"),
        ({"host": ""}, "host must be an address of this machine"),
        ({"host": "::1"}, "IPv6 addresses are not supported"),
        ({"height": "abc"}, "height must be a whole number of pixels"),
    ],
)
def test_explore_refuses_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=message):
        tg.explore("tariff_chicken", **kwargs)


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.0.0.2") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_a_request_for_another_host_name_is_refused(page: Explorer) -> None:
    # a page on another site that re-points its own name at 127.0.0.1 (DNS rebinding)
    status, _, _ = get(base(page) + "/api/scenarios", headers={"Host": "attacker.example"})
    assert status == 400
    assert get(base(page) + "/api/scenarios", headers={"Host": "localhost"})[0] == 200


def test_a_taken_port_is_refused_in_one_line() -> None:
    taken = bind()
    try:
        port = taken.getsockname()[1]
        with pytest.raises(ParameterError, match=f"port {port} on 127.0.0.1 is in use"):
            bind(port=port)
    finally:
        taken.close()


# -- the command -----------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_command_serves_until_interrupted(stop: signal.Signals) -> None:
    """`tradegame explore NAME --no-browser --port PORT` answers 200 within 60 s, on 127.0.0.1."""
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tradegame", "explore", BUSAN, "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = get(f"http://127.0.0.1:{port}/")[0]
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200, proc.stderr.read() if proc.poll() is not None else "no answer"
        # it listens on the loopback address only
        with socket.socket() as probe:
            addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None)}
            outside = [a for a in addresses if "." in a and not a.startswith("127.")]
            if outside:
                assert probe.connect_ex((outside[0], port)) != 0
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert out.splitlines()[0] == (
        f"tradegame explorer on http://127.0.0.1:{port}/?scenario={BUSAN}  (Ctrl+C stops it)"
    )
    assert out.splitlines()[-1] == "explorer stopped"
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nope"], "tradegame: error: nope: no such scenario file or built-in scenario"),
        (["--port", "70000"], "expected a port number from 0 to 65535"),
        (["--port", "x"], "expected a port number from 0 to 65535"),
        (["--host", ""], "host must be an address of this machine"),
        (["--host", "::1"], "IPv6 addresses are not supported"),
        (["--host", "10.9.9.9"], "host 10.9.9.9 is not an address of this machine"),
    ],
)
def test_the_command_refuses_bad_input_in_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tradegame.cli import main

    try:
        code = main(["explore", *argv, "--no-browser"])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1


def test_the_command_refuses_a_taken_port(capsys: pytest.CaptureFixture[str]) -> None:
    from tradegame.cli import main

    taken = bind()
    try:
        port = taken.getsockname()[1]
        assert main(["explore", "--no-browser", "--port", str(port)]) == 2
    finally:
        taken.close()
    err = capsys.readouterr().err.strip()
    assert err == (
        f"tradegame: error: port {port} on 127.0.0.1 is in use; choose another or leave the "
        "port out to take a free one"
    )
