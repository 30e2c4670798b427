"""SIGUSR1 prints every thread's stack (``--debug``), even while the main thread is blocked in a lock."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="no SIGUSR1 here")

BLOCKED = textwrap.dedent("""
    import os, signal, threading
    from trame_desktop.process.signals import dump_threads_on_signal

    assert dump_threads_on_signal()
    lock = threading.Lock()
    lock.acquire()

    def waiting_worker():
        lock.acquire()

    threading.Thread(target=waiting_worker, name="worker", daemon=True).start()
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGUSR1)).start()
    threading.Timer(1.5, os._exit, (0,)).start()
    lock.acquire()  # the main thread blocks in C, where no Python signal handler runs
""")


def test_sigusr1_dumps_every_thread_while_the_main_thread_is_blocked():
    done = subprocess.run([sys.executable, "-c", BLOCKED], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "waiting_worker" in done.stderr, done.stderr
    assert "<module>" in done.stderr, done.stderr  # the main thread's stack, at its lock


def test_no_stream_with_a_descriptor_no_dump():
    import io

    from trame_desktop.process.signals import dump_threads_on_signal

    assert dump_threads_on_signal(io.StringIO()) is False
