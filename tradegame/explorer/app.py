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
field. Every response carries a content security policy that lets the page
run only its own script, and, when the server listens on a loopback address,
requests naming another host are refused (a defence against DNS rebinding).
"""

from __future__ import annotations

import json
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

__all__ = ["LOOPBACK_HOSTS", "create_app"]

#: The scenario the page opens when neither the command nor the link names one.
DEFAULT = "quid_pro_quo_busan_2025"

#: Host names a loopback server answers to.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")

_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _static() -> str:
    return str(resources.files("tradegame.explorer") / "static")


class _JSON(JSONResponse):
    """JSON with the security headers; NaN and infinities are refused (they are not JSON)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False).encode("utf-8")


def _refused(exc: TradegameError) -> Response:
    key = exc.key if isinstance(exc, InputError) else "scenario"
    return _JSON({"error": " ".join(str(exc).split()), "key": key}, 400, _HEADERS)


def _safe_name(text: str) -> str:
    """A download's file name: the scenario name cut to letters, digits, ``-`` and ``_``."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text)[:80] or "scenario"


def create_app(catalog: Catalog | None = None, *, default: str | None = None, loopback=True):
    """The explorer as a Starlette application (serve it with uvicorn, or test it with httpx).

    Parameters
    ----------
    catalog : Catalog, optional
        The scenarios offered (default: the built-ins).
    default : str, optional
        The scenario the page opens when its link names none.
    loopback : bool, default True
        Answer only requests addressed to a loopback host name.

    Returns
    -------
    starlette.applications.Starlette
    """
    catalog = catalog or Catalog()
    if default is not None:
        catalog.scenario(default)  # an unknown name is refused before the server starts
    first = default or next((n for n in catalog.names if n == DEFAULT), catalog.names[0])

    def setting(request: Request) -> Setting:
        return catalog.setting(list(request.query_params.multi_items()))

    def answer(compute) -> Response:
        try:
            return _JSON(compute(), headers=_HEADERS)
        except TradegameError as exc:
            return _refused(exc)

    async def page(request: Request) -> Response:
        return FileResponse(f"{_static()}/index.html", headers=_HEADERS)

    def scenarios(request: Request) -> Response:
        return answer(
            lambda: {
                "default": first,
                "scenarios": [
                    {"name": n, "title": catalog.scenario(n).title} for n in catalog.names
                ],
            }
        )

    def meta(request: Request) -> Response:
        return answer(lambda: catalog.meta(request.query_params.get("scenario") or first))

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
            except TradegameError as exc:
                return _refused(exc)
            suffix = "report.html" if kind == "report" else "payoffs.csv"
            media = "text/html" if kind == "report" else "text/csv"
            headers = {
                **_HEADERS,
                "Content-Disposition": f'attachment; filename="{_safe_name(s.scenario)}-{suffix}"',
            }
            return Response(body, media_type=f"{media}; charset=utf-8", headers=headers)

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
    middleware = []
    if loopback:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(LOOPBACK_HOSTS)))
    app = Starlette(routes=routes, middleware=middleware)
    app.state.catalog = catalog
    app.state.default = first
    return app
