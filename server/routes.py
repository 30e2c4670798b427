"""The aiohttp application: the websocket route, static endpoints, the web root, and what every response carries."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .admission import Admission
from .headers import content_security_policy, inline_script_hashes, protective_headers
from .limits import Limits
from .security import host_check
from .web_client import built_client_dir
from .websocket import WebsocketEndpoint

__all__ = ["ADMISSION", "LIMITS", "build_application"]

# What web_server.WebServer needs from the application to serve it within bounds.
ADMISSION = web.AppKey("admission", Admission)
LIMITS = web.AppKey("limits", Limits)



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


def _mark_served(admission: Admission) -> Any:
    """A complete request arrived: that connection got further than one holding half a request line."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        admission.served(request)
        return await handler(request)

    return middleware


def build_application(
    endpoint: WebsocketEndpoint,
    www: str | None,
    serve: dict[str, str],
    ws_path: str = "/ws",
    headers: Mapping[str, str] | None = None,
) -> web.Application:
    """Routes: ``ws_path`` -> websocket; ``/<name>/`` -> each ``serve`` dir; ``/`` -> ``www``.

    Every route checks Host as the websocket does (DNS rebinding), every response carries the
    protective headers (``headers.py``). Static routes never follow symbolic links out of their
    roots (aiohttp's default). ``headers``: the app's own extra headers (``server.http_headers``),
    a live mapping read at each response.
    """
    root = Path(www).resolve() if www else None
    app = web.Application(middlewares=[_mark_served(endpoint.admission), host_check(endpoint.allowed_hosts), _cache_headers(root)])
    app[ADMISSION] = endpoint.admission
    app[LIMITS] = endpoint.limits
    hashes = inline_script_hashes(root / "index.html") if root is not None else []
    # A web root other than our built client is a module's own (trame's client, say), whose
    # widgets may add inline scripts; ours never does, so its policy lists hashes only.
    foreign_client = root is not None and root != built_client_dir().resolve()
    policy = content_security_policy(hashes, inline_scripts=foreign_client)
    app.on_response_prepare.append(protective_headers(policy, headers))
    app.router.add_get(ws_path, endpoint.handle)
    for name in sorted(serve, key=len, reverse=True):
        app.router.add_static(f"/{name}", Path(serve[name]), follow_symlinks=False)
    if root is not None:
        app.router.add_get("/", _index)
        app.router.add_static("/", root, follow_symlinks=False)
    return app
