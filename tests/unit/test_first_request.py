"""trame_desktop.shell.first_request on a real loopback socket: a connection waiting in the backlog
starts the server, nothing waiting (or a server already started) does not."""

import socket
import threading

from tests.support.waits import wait_for
from trame_desktop.shell.first_request import start_when_requested


def listening() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def test_a_connection_waiting_in_the_backlog_starts_the_server_and_stays_for_it():
    with listening() as sock:
        started = threading.Event()
        start_when_requested(sock, started.is_set, started.set, within=30)
        assert not started.wait(0.2)
        with socket.create_connection(sock.getsockname()) as page:
            wait_for(started.is_set, "the start")
            accepted, _ = sock.accept()  # never taken by the watcher: the server gets it
            with accepted:
                page.sendall(b"GET")
                assert accepted.recv(3) == b"GET"


def test_no_start_without_a_request_or_when_the_server_started_already():
    with listening() as sock:
        calls: list[int] = []
        start_when_requested(sock, lambda: False, lambda: calls.append(1), within=0.2)
        threading.Event().wait(0.4)
        assert calls == []
        start_when_requested(sock, lambda: True, lambda: calls.append(2), within=30)
        with socket.create_connection(sock.getsockname()):
            threading.Event().wait(0.3)
        assert calls == []
