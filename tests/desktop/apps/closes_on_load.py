"""A bare pywebview GTK window that closes as its page finishes loading, before pywebview's own
load thread has had its API injected; then, the loop over, the shell's ``finish_pending_calls``
runs. With ``--busy`` the page's script keeps its web process busy from its load on, so that it
cannot answer. Prints ``LOOP ENDED <threads in pywebview>`` and ``FINISHED <what it did>``."""

import json
import sys
import time

import webview
from webview.platforms.gtk import BrowserView, glib

from trame_desktop.shell.gtk_pending_calls import finish_pending_calls, threads_in_pywebview

BUSY = "--busy" in sys.argv
PAGE = "<p>loading</p>"
if BUSY:
    PAGE += """<script>
    addEventListener("load", () => setTimeout(() => { const end = Date.now() + 20000; while (Date.now() < end); }));
    </script>"""


def close_first():
    """Runs as pywebview starts its load thread: the close is queued before that thread's first call."""
    glib.idle_add(BrowserView.instances[window.uid].close_window)


window = webview.create_window("Closes on load", html=PAGE)
window.events.before_load += close_first
webview.start(gui="gtk")
print("LOOP ENDED", json.dumps([thread.name for thread in threads_in_pywebview()]), flush=True)
if BUSY:
    time.sleep(0.5)  # the page's busy loop has begun: it starts a moment after the load
done = finish_pending_calls(timeout=10.0)
print("FINISHED", json.dumps({"ended": done.ended_web_processes, "waiting": done.still_waiting}), flush=True)
