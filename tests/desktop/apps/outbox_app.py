"""An app whose page calls the server on mount and at first render, remote-controlled by the desktop tests.

Each call the server gets prints a ``CALL ...`` line: ``ready`` (a trigger the template calls while
it renders, as ``{{ trigger('ready') && '' }}``), ``mounted`` (``@vue:mounted``), ``report`` (a
button; it prints the count it got and the server's), ``count=N`` (the page's edits of count).
APP_SLOW_READY=S: the server's ready hook blocks S seconds (a window painted before its server).
"""

import os
import time

from _driver import attach_driver

from trame_desktop.app import get_server

server = get_server("outbox_app")
state, ctrl = server.state, server.controller
state.trame__title = "OutboxApp"
state.count = 0
state.answer = ""
started = False


def say(*parts):
    print("CALL", *parts, flush=True)


@ctrl.trigger("ready")
def ready():
    say("ready")


@ctrl.trigger("mounted")
def mounted():
    say("mounted")


@ctrl.trigger("report")
def report(count):
    say(f"report count={count} state.count={state.count}")
    return f"answered {count}"


@state.change("count")
def on_count(count, **_):
    if started:  # the server's start runs each callback once: not a call from the page
        say(f"count={count}")


def serving(**_):
    global started
    started = True


BUTTON = "font-size: 32px; padding: 24px; margin: 8px; background: #1976d2; color: white; border: 0;"
state.trame__template_main = f"""<div>
  <div id="rendered">{{{{ trigger('ready') && '' }}}}</div>
  <div id="hooked" @vue:mounted="trigger('mounted')"></div>
  <button id="inc" style="{BUTTON}" @click="count += 1">Increment</button>
  <button id="report" style="{BUTTON}" @click="trigger('report', [count]).then((r) => {{ answer = r }})">Report</button>
  <div id="count" style="font-size: 32px; margin: 8px;">Count: {{{{ count }}}}</div>
  <div id="answer">{{{{ answer }}}}</div>
</div>"""

if os.environ.get("APP_SLOW_READY"):
    # Added before the driver's and the shell's hooks: those run S seconds later.
    ctrl.on_server_ready.add(lambda **_: time.sleep(float(os.environ["APP_SLOW_READY"])))
ctrl.on_server_ready.add(serving)

attach_driver(server)

if __name__ == "__main__":
    server.start()
