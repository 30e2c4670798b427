"""Extra HTTP headers an app sets on every response (``server.http_headers``), trame's helper."""

from __future__ import annotations

__all__ = ["HttpHeaders"]

_SHARED_ARRAY_BUFFER = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
}


class HttpHeaders:
    """Headers added to every HTTP response of the server; set them before ``start()``."""

    def __init__(self) -> None:
        self._headers: dict[str, str] = {}

    @property
    def headers(self) -> dict[str, str]:
        """The headers set so far (name -> value)."""
        return self._headers

    def set_header(self, key: str, value: str) -> None:
        self._headers[key] = value

    def remove_header(self, key: str) -> None:
        self._headers.pop(key, None)

    def get_header(self, key: str) -> str | None:
        return self._headers.get(key)

    @property
    def shared_array_buffer(self) -> bool:
        """True when the page may use ``SharedArrayBuffer`` (cross-origin isolation headers set)."""
        return all(self._headers.get(k) == v for k, v in _SHARED_ARRAY_BUFFER.items())

    @shared_array_buffer.setter
    def shared_array_buffer(self, enabled: bool) -> None:
        # trame also sends Access-Control-Allow-Origin: * here; a desktop app's server answers only
        # its own window, so that header is left out (docs/contracts.md).
        for key, value in _SHARED_ARRAY_BUFFER.items():
            if enabled:
                self.set_header(key, value)
            else:
                self.remove_header(key)
