"""The aiohttp application: the websocket route, static endpoints and the web root."""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from .websocket import WebsocketEndpoint


def _redirect_to_index(request: web.Request) -> web.Response:
    location = "/index.html"
    if request.query_string:
        location = f"{location}?{request.query_string}"
    raise web.HTTPFound(location)


async def _index(request: web.Request) -> web.Response:
    return _redirect_to_index(request)


@web.middleware
async def _no_store_html(request: web.Request, handler):  # type: ignore[no-untyped-def]
    response = await handler(request)
    if request.path.endswith(".html"):
        response.headers["Cache-Control"] = "no-store"
    return response


def build_application(
    endpoint: WebsocketEndpoint,
    www: str | None,
    serve: dict[str, str],
    ws_path: str = "/ws",
) -> web.Application:
    """Routes: ``ws_path`` -> websocket; ``/<name>/`` -> each ``serve`` dir; ``/`` -> ``www``.

    Static routes never follow symbolic links out of their roots (aiohttp's default).
    """
    app = web.Application(middlewares=[_no_store_html])
    app.router.add_get(ws_path, endpoint.handle)
    for name in sorted(serve, key=len, reverse=True):
        app.router.add_static(f"/{name}", Path(serve[name]), follow_symlinks=False)
    if www:
        app.router.add_get("/", _index)
        app.router.add_static("/", Path(www), follow_symlinks=False)
    return app
