"""The explorer's web application: one page and a small JSON interface, on Starlette.

Routes (every one is a GET; the query string is the page's whole setting,
see :class:`~tradegame.explorer.views.Setting`):

``/``
    The page (``static/index.html``); its script and style are served from ``/static``.
``/api/scenarios``
    The scenarios on offer and the one to open first.
``/api/meta?scenario=NAME``
    A scenario's header, players and parameters with their controls and sources.
``/api/view?SETTING``
    The payoff table with the equilibria marked, the equilibria and the prediction.
``/api/analysis/KIND?SETTING``
    One strategic analysis (``sequential``, ``truce``, ``bargain``, ``attrition``, ``alliance``).
``/api/line?SETTING``
    The sensitivity line of the parameter named by ``moved``.
``/download/report?SETTING`` and ``/download/csv?SETTING``
    The report (HTML) and the payoff table (CSV) at the setting, as attachments.

A setting that cannot be used is answered with status 400 and
``{"error": reason, "key": field}``; the page shows the reason beside the
field (anything else that fails answers 500 in the same form). Every
response carries a content security policy that lets the page run only its
own script; when the server listens on a loopback address, requests naming
another host are refused (a defence against DNS rebinding); and requests for
results that a page of another site makes are refused.
"""

from __future__ import annotations

import json
import logging
import re
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import TradegameError
from .views import Catalog, InputError, Setting

logger = logging.getLogger("tradegame.explorer")

__all__ = ["LOOPBACK_HOSTS", "create_app", "is_loopback"]

#: Host names a loopback server answers to (besides the address it listens on).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")

_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    # the page, its script and every answer are checked again on each load, so a page
    # never runs an older script against a newer server
    "cache-control": "no-cache",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``localhost``, ``127.x.x.x``)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Guard:
    """Headers on every response (errors and static files included), and no work for pages
    of other sites: a request the browser marks ``Sec-Fetch-Site: cross-site`` may load the
    page (a notebook frames it) but not ask for results or downloads."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        site = dict(scope["headers"]).get(b"sec-fetch-site", b"")
        if site == b"cross-site" and scope["path"].startswith(("/api/", "/download/")):
            response = _JSON({"error": "requests from other sites are refused", "key": None}, 403)
            await self._with_headers(response)(scope, receive, send)
            return
        await self._with_headers(self.app)(scope, receive, send)

    @staticmethod
    def _with_headers(app: Any) -> Any:
        async def wrapped(scope: Any, receive: Any, send: Any) -> None:
            async def sending(message: Any) -> None:
                if message["type"] == "http.response.start":
                    present = {k.lower() for k, _ in message.get("headers", [])}
                    extra = [
                        (k.encode(), v.encode())
                        for k, v in _HEADERS.items()
                        if k.encode() not in present
                    ]
                    message = {**message, "headers": [*message.get("headers", []), *extra]}
                await send(message)

            await app(scope, receive, sending)

        return wrapped


def _static() -> str:
    return str(resources.files("tradegame.explorer") / "static")


class _JSON(JSONResponse):
    """JSON with NaN and the infinities refused (they are not JSON)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _refused(exc: Exception) -> Response:
    """400 for a setting that cannot be used, 500 (in one line, logged) for anything else."""
    if isinstance(exc, TradegameError):
        key = exc.key if isinstance(exc, InputError) else "scenario"
        return _JSON({"error": " ".join(str(exc).split()), "key": key}, 400)
    message = f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())}"[:300]
    logger.error("tradegame explorer: %s", message)
    return _JSON({"error": message, "key": None}, 500)


def _safe_name(text: str) -> str:
    """A download's file name: the scenario name cut to letters, digits, ``-`` and ``_``."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text)[:80] or "scenario"


def create_app(
    catalog: Catalog | None = None,
    *,
    default: str | None = None,
    hosts: tuple[str, ...] | None = LOOPBACK_HOSTS,
) -> Starlette:
    """The explorer as a Starlette application (serve it with uvicorn).

    Parameters
    ----------
    catalog : Catalog, optional
        The scenarios offered (default: the built-ins).
    default : str, optional
        The scenario the page opens when its link names none.
    hosts : tuple of str or None, default ``("127.0.0.1", "localhost")``
        The host names requests may be addressed to; None accepts any (a server
        listening on a network address).

    Returns
    -------
    starlette.applications.Starlette
    """
    catalog = catalog or Catalog()
    if default is not None:
        catalog.scenario(default)  # an unknown name is refused before the server starts
        catalog.default = default

    def setting(request: Request) -> Setting:
        pairs = list(request.query_params.multi_items())
        return catalog.setting(pairs)

    def answer(compute) -> Response:
        try:
            return _JSON(compute())
        except Exception as exc:  # every failure answers in JSON, in one line
            return _refused(exc)

    async def page(request: Request) -> Response:
        return FileResponse(f"{_static()}/index.html")

    def scenarios(request: Request) -> Response:
        return answer(
            lambda: {
                "default": catalog.default,
                "scenarios": [
                    {"name": n, "title": catalog.scenario(n).title} for n in catalog.names
                ],
            }
        )

    def meta(request: Request) -> Response:
        return answer(lambda: catalog.meta(request.query_params.get("scenario") or catalog.default))

    def view(request: Request) -> Response:
        return answer(lambda: catalog.view(setting(request)))

    def analysis(request: Request) -> Response:
        kind = request.path_params["kind"]
        return answer(lambda: catalog.analysis(setting(request), kind))

    def line(request: Request) -> Response:
        def compute() -> dict[str, Any]:
            s = setting(request)
            if s.moved is None:
                raise InputError("moved", "name the parameter to trace with moved=NAME")
            return catalog.line(s, s.moved)

        return answer(compute)

    def download(kind: str):
        def endpoint(request: Request) -> Response:
            try:
                s = setting(request)
                body = catalog.report(s) if kind == "report" else catalog.csv(s)
            except Exception as exc:
                return _refused(exc)
            suffix = "report.html" if kind == "report" else "payoffs.csv"
            media = "text/html" if kind == "report" else "text/csv"
            disposition = f'attachment; filename="{_safe_name(s.scenario)}-{suffix}"'
            return Response(
                body,
                media_type=f"{media}; charset=utf-8",
                headers={"content-disposition": disposition},
            )

        return endpoint

    routes = [
        Route("/", page),
        Route("/api/scenarios", scenarios),
        Route("/api/meta", meta),
        Route("/api/view", view),
        Route("/api/analysis/{kind}", analysis),
        Route("/api/line", line),
        Route("/download/report", download("report")),
        Route("/download/csv", download("csv")),
        Mount("/static", StaticFiles(directory=_static()), name="static"),
    ]
    middleware = [Middleware(_Guard)]
    if hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.catalog = catalog
    return app
