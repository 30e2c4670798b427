"""``enable_module``: apply a module's setup, client resources, state and static endpoints."""

from __future__ import annotations

import logging
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import Server

logger = logging.getLogger(__name__)

RESOURCE_KEYS = ("scripts", "module_scripts", "styles", "vue_use")


def _get(module: ModuleType | dict, key: str) -> Any:
    if isinstance(module, dict):
        return module.get(key)
    return getattr(module, key, None)


def _identity(module: ModuleType | dict) -> Any:
    if isinstance(module, dict):
        return tuple(sorted((k, repr(v)) for k, v in module.items()))
    return module


class ModuleResources:
    """What a server's enabled modules add to its network: static endpoints, a web root, and
    which modules were applied already (each is applied once)."""

    def __init__(self) -> None:
        self.serve: dict[str, str] = {}
        self.www: str | None = None
        self._seen: list[Any] = []

    def enable(self, server: Server, module: ModuleType | dict, **kwargs: Any) -> bool:
        """Apply ``module`` to ``server``; return False if it was enabled before (skipped)."""
        if not isinstance(module, (ModuleType, dict)) and not hasattr(module, "__dict__"):
            msg = f"enable_module expects a module or a dict, got {type(module).__name__}"
            raise TypeError(msg)
        identity = _identity(module)
        if identity in self._seen:
            return False
        self._seen.append(identity)

        setup = _get(module, "setup")
        if callable(setup):
            setup(server, **kwargs)

        state = server.state
        for key in RESOURCE_KEYS:
            values = _get(module, key)
            if values:
                current = list(state[f"trame__{key}"] or [])
                state[f"trame__{key}"] = current + [v for v in values if v not in current]

        initial = _get(module, "state")
        if initial:
            state.update(initial)

        for endpoints in (_get(module, "serve"), _get(module, "server")):
            if isinstance(endpoints, dict):
                for name, path in endpoints.items():
                    self.serve[name.strip("/")] = _directory(path, f"serve[{name!r}]")

        www = _get(module, "www")
        if www:
            self.www = _directory(www, "www")
        return True


def _directory(path: Any, what: str) -> str:
    if isinstance(path, (list, tuple)):  # trame's (path, sync) form
        path = path[0]
    resolved = Path(path).resolve()
    if not resolved.is_dir():
        msg = f"enable_module: {what} = {str(path)!r} is not a directory"
        raise ValueError(msg)
    return str(resolved)
