"""One running instance per app and user: a lock held for the process's life, and a local socket a later launch hands its argv to.

Both live in the app's folder under platformdirs' ``user_runtime_dir`` (``$XDG_RUNTIME_DIR/<app>``
on Linux), which only the user can enter. The lock is an ``flock`` on ``instance.lock``: the
kernel drops it when its process dies, however it dies, so a killed instance never blocks the
next launch; the socket file it leaves behind is removed by whoever takes the lock next. No port
is scanned and no pid is trusted.

The hand-over is one JSON line each way: ``{"argv": [...], "cwd": "..."}`` from the new launch,
``{"ok": true}`` once the running instance has queued it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Handoff", "InstanceLock", "hand_over", "lock_is_held", "runtime_folder", "supported"]

log = logging.getLogger(__name__)

#: The longest message a launch may send (argv and cwd): anything longer is refused.
MAX_MESSAGE = 1 << 20
# sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included.
_MAX_SOCKET_PATH = 100


@dataclass(frozen=True)
class Handoff:
    """What a later launch handed to the running instance."""

    argv: list[str]
    cwd: str


def runtime_folder(app_name: str) -> Path:
    """The app's per-user runtime folder (platformdirs' ``user_runtime_dir``); PermissionError when
    the platform has none fit for use (platformdirs' checks)."""
    import platformdirs

    with warnings.catch_warnings():
        # Without XDG_RUNTIME_DIR (a headless session, a service) platformdirs warns, then uses
        # /tmp/runtime-<uid>, a folder of this user's: fit for the lock and socket, not a fault
        # for a user to read in the log (the socket's path is logged at INFO).
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR", category=Warning)
        return Path(platformdirs.user_runtime_dir(app_name, appauthor=False))


def _socket_path(folder: Path) -> Path:
    """``folder/instance.sock``, or, when that is too long for a Unix socket's address, a short
    name in a folder of this user's under the temporary directory (same folder, same name)."""
    path = folder / "instance.sock"
    if len(os.fsencode(path)) <= _MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:24]
    return Path(tempfile.gettempdir()) / f"trame-desktop-{os.getuid()}" / f"{digest}.sock"


def _private_folder(folder: Path) -> None:
    """Create ``folder`` (mode 0700) and refuse one that another user owns or can enter."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if info.st_uid != os.getuid() or info.st_mode & 0o077 or folder.is_symlink():
        raise PermissionError(f"{folder} is not a private folder of this user")


class InstanceLock:
    """The running instance's side: hold the lock, listen on the socket, hear later launches."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.lock_file = folder / "instance.lock"
        self.socket_file = _socket_path(folder)
        self._lock_fd: int | None = None
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None

    @property
    def held(self) -> bool:
        return self._lock_fd is not None

    def acquire(self) -> bool:
        """Take the lock and listen; False when another live process holds it. Raises OSError when
        the folder or the socket cannot be made."""
        import fcntl

        _private_folder(self.folder)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        except BaseException:
            os.close(fd)
            raise
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())  # for people looking; the lock itself decides
            self._listener = self._listen()
        except BaseException:
            os.close(fd)  # closing drops the lock
            raise
        self._lock_fd = fd
        return True

    def _listen(self) -> socket.socket:
        if self.socket_file.parent != self.folder:
            _private_folder(self.socket_file.parent)
        # We hold the lock, so a socket file here is a dead instance's: it would refuse anyway.
        self.socket_file.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            listener.bind(os.fspath(self.socket_file))
            listener.listen(8)
        except BaseException:
            listener.close()
            raise
        return listener

    def serve(self, on_handoff: Callable[[Handoff], None]) -> None:
        """Call ``on_handoff`` (from a daemon thread) for each later launch's message."""
        listener = self._listener
        if listener is None:
            raise RuntimeError("serve() before acquire()")

        def accept() -> None:
            while True:
                try:
                    connection, _ = listener.accept()
                except OSError:  # closed: the instance is ending
                    return
                with connection:
                    self._answer(connection, on_handoff)

        self._thread = threading.Thread(target=accept, name="single-instance", daemon=True)
        self._thread.start()

    @staticmethod
    def _answer(connection: socket.socket, on_handoff: Callable[[Handoff], None]) -> None:
        connection.settimeout(5.0)  # a launch that connects and says nothing must not hold up the next
        try:
            message = _read_line(connection)
            data = json.loads(message)
            handoff = Handoff(argv=[str(a) for a in data["argv"]], cwd=str(data["cwd"]))
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("ignored a malformed message from another launch", exc_info=True)
            return
        log.info("another launch handed over its arguments: %s", handoff.argv)
        try:
            on_handoff(handoff)
        except Exception:  # the app's error must not stop us hearing the next launch
            log.exception("handling another launch's arguments raised")
        with contextlib.suppress(OSError):  # it gave up waiting: it exits anyway
            connection.sendall(b'{"ok": true}\n')

    def close(self) -> None:
        """Stop listening and drop the lock (the lock file stays: unlinking it would let two
        launches lock two different files)."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None
            self.socket_file.unlink(missing_ok=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _read_line(connection: socket.socket) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = connection.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if b"\n" in chunk:
            break
        if size > MAX_MESSAGE:
            raise ValueError("message too long")
    return b"".join(chunks).split(b"\n", 1)[0]


def hand_over(folder: Path, argv: list[str], cwd: str, timeout: float = 10.0) -> bool:
    """A later launch's side: send ``argv`` and ``cwd`` to the instance holding the lock and wait
    for its answer. True once it has them; False when none answered within ``timeout`` seconds
    (it may be starting, between taking the lock and listening, so a refused connection is retried
    while the lock is held)."""
    path = _socket_path(folder)
    message = json.dumps({"argv": argv, "cwd": cwd}).encode() + b"\n"
    deadline = time.monotonic() + timeout
    while True:
        try:
            return _send(path, message, max(0.1, deadline - time.monotonic()))
        except (ConnectionRefusedError, FileNotFoundError):
            if time.monotonic() > deadline or not lock_is_held(folder / "instance.lock"):
                return False
            time.sleep(0.05)
        except OSError:
            log.warning("the running instance did not take the arguments", exc_info=True)
            return False


def _send(path: Path, message: bytes, timeout: float) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        client.connect(os.fspath(path))
        client.sendall(message)
        answer: dict[str, Any] = json.loads(_read_line(client) or b"{}")
        return bool(answer.get("ok"))


def lock_is_held(lock_file: Path) -> bool:
    """Someone (alive: the kernel drops a dead process's lock) holds ``lock_file`` now."""
    import fcntl

    try:
        fd = os.open(lock_file, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also drops the shared lock we may have taken
    return False


def supported() -> bool:
    """Unix sockets and ``flock``: not on Windows (one instance is off there)."""
    return sys.platform != "win32"
