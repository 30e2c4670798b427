"""The aiohttp application: the websocket route, static endpoints and the web root."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .websocket import WebsocketEndpoint


def _redirect_to_index(request: web.Request) -> web.Response:
    location = "/index.html"
    if request.query_string:
        location = f"{location}?{request.query_string}"
    raise web.HTTPFound(location)


async def _index(request: web.Request) -> web.Response:
    return _redirect_to_index(request)


# The built client's bundles carry a content hash in their names (assets/build.mjs).
_HASHED_ASSET = re.compile(r"^/__trame_desktop/[\w.]+-[A-Z0-9]{8}\.(?:js|css)$")
IMMUTABLE = "public, max-age=31536000, immutable"


def _cache_headers(client_root: Path | None) -> Middleware:
    """Pages are never cached (they may change with the app); the client's content-hashed bundles
    are cached for good, so a later launch takes them, compiled code included, from the disk cache."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if request.path.endswith(".html"):
            response.headers["Cache-Control"] = "no-store"
        elif client_root is not None and response.status == 200 and _HASHED_ASSET.match(request.path):
            resource = request.match_info.route.resource
            if resource is not None and resource.get_info().get("directory") == client_root:
                response.headers["Cache-Control"] = IMMUTABLE
        return response

    return middleware


def build_application(
    endpoint: WebsocketEndpoint,
    www: str | None,
    serve: dict[str, str],
    ws_path: str = "/ws",
) -> web.Application:
    """Routes: ``ws_path`` -> websocket; ``/<name>/`` -> each ``serve`` dir; ``/`` -> ``www``.

    Static routes never follow symbolic links out of their roots (aiohttp's default).
    """
    root = Path(www).resolve() if www else None
    app = web.Application(middlewares=[_cache_headers(root)])
    app.router.add_get(ws_path, endpoint.handle)
    for name in sorted(serve, key=len, reverse=True):
        app.router.add_static(f"/{name}", Path(serve[name]), follow_symlinks=False)
    if root is not None:
        app.router.add_get("/", _index)
        app.router.add_static("/", root, follow_symlinks=False)
    return app
