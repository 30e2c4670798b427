"""A bare pywebview GTK window that closes as its page finishes loading, while pywebview's own
load thread still waits on the GUI to inject its API; then, the loop over, the shell's
``finish_pending_calls`` runs. Prints ``LOOP ENDED <threads in pywebview>`` and
``FINISHED <threads still waiting>``."""

import json

import webview
from webview.platforms.gtk import BrowserView, glib, webkit  # GTK and WebKit2 as pywebview loads them

from trame_desktop.shell.gtk_pending_calls import finish_pending_calls, threads_in_pywebview


def close_when_loaded():
    view = BrowserView.instances[window.uid]

    def on_load(_webview, event):
        if event == webkit.LoadEvent.FINISHED:  # after pywebview's handler, which started its thread
            glib.idle_add(view.close_window)

    view.webview.connect("load-changed", on_load)


window = webview.create_window("Closes on load", html="<p>loading</p>")
window.events.before_show += close_when_loaded
webview.start(gui="gtk")
print("LOOP ENDED", json.dumps([thread.name for thread in threads_in_pywebview()]), flush=True)
print("FINISHED", json.dumps(finish_pending_calls(timeout=10.0)), flush=True)
