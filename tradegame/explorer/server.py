"""Serving the explorer: a socket on a free port, uvicorn, a browser tab or a notebook frame."""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ParameterError

if TYPE_CHECKING:
    from ..scenario import Scenario
    from .views import Catalog

__all__ = ["Explorer", "bind", "explore", "serve"]

DEFAULT_HOST = "127.0.0.1"


def _check_host(host: object) -> str:
    if not isinstance(host, str) or not host.strip() or host != host.strip():
        raise ParameterError(
            f"host must be an address of this machine such as 127.0.0.1, got {host!r}"
        )
    if ":" in host:
        raise ParameterError(
            f"host {host!r}: IPv6 addresses are not supported; use 127.0.0.1 (this machine) "
            "or an IPv4 address"
        )
    return host


def bind(host: str = DEFAULT_HOST, port: int = 0) -> socket.socket:
    """A listening socket on ``host:port`` (port 0: a free one), or a one-line error."""
    host = _check_host(host)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
        raise ParameterError(f"port must be a whole number from 0 to 65535, got {port!r}")
    try:
        return socket.create_server((host, port))
    except socket.gaierror:
        raise ParameterError(f"host {host!r} is not an address of this machine") from None
    except OSError as exc:
        if port and exc.errno == errno.EADDRINUSE:
            raise ParameterError(
                f"port {port} on {host} is in use; choose another or leave the port out to "
                "take a free one"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ParameterError(
                f"host {host} is not an address of this machine; leave the host out to listen "
                "on 127.0.0.1"
            ) from None
        reason = (exc.strerror or str(exc)).split(" (while")[0]
        where = f"{host}:{port}" if port else host
        raise ParameterError(f"cannot listen on {where}: {reason}") from None


def _hosts(host: str) -> tuple[str, ...] | None:
    """Host names the server answers to: this machine's names when it listens on loopback."""
    from .app import LOOPBACK_HOSTS, is_loopback

    return tuple(dict.fromkeys((*LOOPBACK_HOSTS, host))) if is_loopback(host) else None


def _url(host: str, port: int, query: str = "") -> str:
    return f"http://{host}:{port}/" + (f"?{query}" if query else "")


def _server(app: Any) -> Any:
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    return uvicorn.Server(config)


def serve(
    catalog: Catalog,
    *,
    default: str | None = None,
    host: str = DEFAULT_HOST,
    port: int = 0,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the explorer until interrupted (the command ``tradegame explore``).

    The socket is bound before anything is announced, so the printed address
    is the one listening; the browser is opened once the server is up.
    Ctrl+C (SIGINT) and SIGTERM stop it.

    Parameters
    ----------
    catalog : Catalog
        The scenarios offered.
    default : str, optional
        The scenario the page opens when its link names none.
    host : str, default "127.0.0.1"
        The address to listen on; a loopback address answers only requests
        addressed to this machine's names.
    port : int, default 0
        0 takes a free port.
    open_browser : bool, default True
    announce : callable, default print
        Called with each line to tell the user (the address, any warning).

    Raises
    ------
    ParameterError
        For a host that is not an address of this machine, or a port in use.
    """
    import signal

    from .app import create_app

    sock = bind(host, port)
    app = create_app(catalog, default=default, hosts=_hosts(host))
    server = _server(app)
    url = _url(host, sock.getsockname()[1], f"scenario={default}" if default else "")
    announce(f"tradegame explorer on {url}  (Ctrl+C stops it)")
    if _hosts(host) is None:
        announce(f"warning: listening on {host}: anyone who can reach this machine can use it")
    if open_browser:

        def opener() -> None:
            while not server.started and not server.should_exit:
                time.sleep(0.05)
            if server.started:
                webbrowser.open(url)

        threading.Thread(target=opener, daemon=True).start()

    def terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt  # SIGTERM stops the explorer as Ctrl+C does

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        server.run(sockets=[sock])
    finally:
        signal.signal(signal.SIGTERM, previous)
        sock.close()


class Explorer:
    """A running explorer (from :func:`explore`): its address, a frame for notebooks, ``stop()``.

    Attributes
    ----------
    url : str
        The page, opened at the scenario and setting given.
    """

    def __init__(self, url: str, stop: Callable[[], None], height: int) -> None:
        self.url = url
        self._stop = stop
        self.height = height

    def stop(self) -> None:
        """Stop the server (every :class:`Explorer` it serves stops with it)."""
        self._stop()

    def __repr__(self) -> str:
        return f"<Explorer {self.url}>"

    def _repr_html_(self) -> str:
        from html import escape

        return (
            f'<iframe src="{escape(self.url)}" title="tradegame explorer" width="100%" '
            f'height="{int(self.height)}" style="border: 1px solid #ccc"></iframe>'
            f'<p><a href="{escape(self.url)}" target="_blank">open the explorer in a tab</a></p>'
        )


_RUNNING: dict[tuple[str, int], dict[str, Any]] = {}
_LOCK = threading.Lock()


def _start(host: str, port: int) -> dict[str, Any]:
    """A notebook server on ``host`` (on ``port``, unless 0): a running one is reused, else
    one is started in a daemon thread."""
    from .app import create_app
    from .views import Catalog

    host = _check_host(host)
    with _LOCK:
        for (h, p), running in list(_RUNNING.items()):
            if running["server"].should_exit or not running["thread"].is_alive():
                del _RUNNING[(h, p)]
            elif h == host and port in (0, p):
                return running
        catalog = Catalog()
        sock = bind(host, port)
        server = _server(create_app(catalog, hosts=_hosts(host)))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not server.started:
            server.should_exit = True
            raise ParameterError(f"the explorer did not start on {host}:{port}")
        bound = sock.getsockname()[1]
        running = {"catalog": catalog, "server": server, "thread": thread, "port": bound}
        _RUNNING[(host, bound)] = running
        return running


def explore(
    scenario: Scenario | str | os.PathLike[str] = "quid_pro_quo_busan_2025",
    *,
    host: str = DEFAULT_HOST,
    port: int = 0,
    height: int = 900,
) -> Explorer:
    """Explore a scenario in the browser: sliders on its parameters, live equilibria and analyses.

    In a Jupyter notebook the returned :class:`Explorer` shows the page in a
    frame; elsewhere open :attr:`Explorer.url`. The server runs in a
    background thread of this process on ``127.0.0.1`` (one per host and
    port, shared by every call that asks for no other port) and stops with
    the process or :meth:`Explorer.stop`.
    From a shell, ``tradegame explore NAME`` does the same.

    Parameters
    ----------
    scenario : Scenario, name or path, default the Busan quid pro quo
        The scenario to open; a :class:`~tradegame.Scenario` with overrides
        opens at those values. A scenario file is added to the page's list.
    host : str, default "127.0.0.1"
    port : int, default 0
        0 takes a free port.
    height : int, default 900
        Height of the notebook frame in pixels.

    Returns
    -------
    Explorer

    Examples
    --------
    >>> import tradegame as tg
    >>> page = tg.explore("tariff_war_2025")  # doctest: +SKIP
    >>> page.url  # doctest: +SKIP
    'http://127.0.0.1:40123/?scenario=tariff_war_2025'
    """
    from ..scenario import Scenario, builtin_name

    if not isinstance(height, int) or isinstance(height, bool) or height < 100:
        raise ParameterError(
            f"height must be a whole number of pixels, 100 or more; got {height!r}"
        )
    running = _start(host, port)
    catalog, server, thread, bound = (
        running["catalog"],
        running["server"],
        running["thread"],
        running["port"],
    )
    query: list[tuple[str, str]] = []
    if isinstance(scenario, Scenario):
        name = builtin_name(scenario) or catalog.add(scenario.path)
        table = scenario.parameters()
        query = [(r.parameter, repr(float(r.value))) for r in table[table.overridden].itertuples()]
    else:
        text = os.fspath(scenario)
        name = text if text in catalog.names else catalog.add(text)
    setting = catalog.setting([("scenario", name), *query])  # refused now if the page would

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=30)  # the port is free once stop() returns
        with _LOCK:
            _RUNNING.pop((host, bound), None)

    return Explorer(_url(host, bound, setting.query()), stop, height)
