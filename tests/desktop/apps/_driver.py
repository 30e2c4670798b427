"""Test-only remote control for an app under the desktop shell: commands on stdin, answers on stdout.

Each stdin line is ``<id> <command> [args]``; the answer is ``DRIVER <id> <json>`` (or
``DRIVER <id> ERROR <text>``). Commands run on the server's own loop, so the window API is
exercised exactly as app code uses it. Window events print ``DRIVER event <name> <json args>``.
"""

import asyncio
import gc
import json
import sys
import threading

from trame_desktop.window import get_window

EVENTS = ("on_window_shown", "on_window_closed", "on_window_resized", "on_window_moved")
HOLD_LIMIT = 60.0  # seconds a held loop waits for "release" at most

# "drop_hold" closes the page's websocket and holds the server's loop (the page stays disconnected)
# until "release"; meanwhile "js" runs from the reader thread.
held = threading.Event()
released = threading.Event()


_say_lock = threading.Lock()


def say(*parts):
    # One write per line, under a lock: answers come from the loop and from the reader thread.
    with _say_lock:
        sys.stdout.write(" ".join(["DRIVER", *map(str, parts)]) + "\n")
        sys.stdout.flush()


async def on_gui(function):
    """Run ``function`` on the GUI thread (Qt) and return its result."""
    import concurrent.futures

    from trame_desktop.shell.gui_calls import on_gui_thread

    future = concurrent.futures.Future()

    def run():
        try:
            future.set_result(function())
        except BaseException as error:
            future.set_exception(error)

    on_gui_thread(run)
    return await asyncio.wrap_future(future)


def menu_point(window, path):
    """The centre of the menu bar entry or the (shown) menu item named by ``path``, in screen pixels."""
    container = window._native.native.menuBar()
    for depth, title in enumerate(path):
        action = next(a for a in container.actions() if a.text() == title)
        if depth == len(path) - 1:
            if not container.isVisible():
                return None
            centre = container.actionGeometry(action).center()
            point = container.mapToGlobal(centre)
            return [point.x(), point.y()]
        container = action.menu()


def qt_profiles():
    """[uid, off the record, persistent storage path] of each window pywebview's Qt backend made (GUI thread)."""
    from webview.platforms.qt import BrowserView

    return [[uid, view.profile.isOffTheRecord(), view.profile.persistentStoragePath()]
            for uid, view in BrowserView.instances.items()]


def attach_driver(server, actions=None, events=EVENTS):
    """Answer commands on stdin for ``server``; ``actions`` are named callables for ``call``;
    each hook in ``events`` prints ``DRIVER event <name> <json args>`` when called."""
    actions = dict(actions or {})
    running = server.__dict__.get("_test_driver")
    if running is not None:  # the app ran again (live reload): the running driver takes its new actions
        running.clear()
        running.update(actions)
        return
    server.__dict__["_test_driver"] = actions
    loop_box = []

    def on_ready(*_, **__):
        loop_box.append(asyncio.get_running_loop())
        say("ready", server.port)

    server.controller.on_server_ready.add(on_ready)

    def event(name):
        return lambda *args: say("event", name, json.dumps(args))

    for name in events:
        getattr(server.controller, name).add(event(name))

    async def run(command, args):
        window = get_window(server)
        if command == "js":
            return await window.evaluate_js(args)
        if command == "state":
            return server.state[args]
        if command == "set":
            key, value = args.split(" ", 1)
            with server.state:
                server.state[key] = json.loads(value)
            return True
        if command == "imported":
            return sorted(name for name in sys.modules if name.split(".")[0] == args)
        if command == "argv":
            return sys.argv
        if command == "port":
            return server.port
        if command == "resize":
            window.resize(*map(int, args.split()))
            return True
        if command == "move":
            window.move(*map(int, args.split()))
            return True
        if command == "title":
            window.set_title(args)
            return True
        if command == "geometry":
            return {"size": window.size, "position": window.position}
        if command == "dialog":
            if args == "open":
                return await window.open_file_dialog(allow_multiple=False)
            if args == "save":
                return await window.save_file_dialog(save_filename="out.txt")
            return await window.open_folder_dialog()
        if command == "close":
            window.close(force=args == "force")
            return True
        if command == "crash":
            def crash():
                raise KeyboardInterrupt("driver crash")  # a BaseException leaves the loop: the server dies

            asyncio.get_running_loop().call_soon(crash)
            return True
        if command == "drop_hold":
            endpoint = next(o for o in gc.get_objects() if type(o).__name__ == "WebsocketEndpoint")
            await endpoint.close_all()  # the real close: the page sees its session lost
            released.clear()
            held.set()
            say("held")
            try:
                released.wait(HOLD_LIMIT)  # blocks the loop on purpose: no reconnect is answered
            finally:
                held.clear()
            return True
        if command in ("menu_point", "menu_state", "menu_titles") and "::" in args:
            name, args = args.split("::", 1)  # "inspector::File/Open": in the window of that name
            window = get_window(server, name)
        if command == "menu_point":  # the screen point of a visible menu entry: "File" or "File/Open"
            return await on_gui(lambda: menu_point(window, args.split("/")))
        if command == "menu_state":  # what the Qt action of the item with this id shows
            return await on_gui(lambda: window._menus.qt_state(args))
        if command == "menu_titles":  # the window's menu bar entries
            return await on_gui(lambda: [a.text() for a in window._native.native.menuBar().actions()])
        if command == "profiles":  # Qt: each pywebview window's web profile: uid, off the record, storage
            return await on_gui(qt_profiles)
        if command == "call":
            result = actions[args]()
            return await result if asyncio.iscoroutine(result) else result
        raise ValueError(f"unknown command {command!r}")

    def reader():
        for line in sys.stdin:
            parts = line.rstrip("\n").split(" ", 2)
            if len(parts) < 2:
                continue
            ident, command, args = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
            loop = loop_box[0] if loop_box else None
            if command == "release":
                released.set()
                say(ident, "true")
                continue
            if command == "js" and (held.is_set() or loop is None or loop.is_closed() or not loop.is_running()):
                # the server is gone (e.g. crashed): the window API works from any loop
                try:
                    say(ident, json.dumps(asyncio.run(get_window(server).evaluate_js(args))))
                except BaseException as error:  # whatever went wrong is the answer
                    say(ident, "ERROR", repr(error))
                continue
            if loop is None:
                say(ident, "ERROR", "server not ready")
                continue
            future = asyncio.run_coroutine_threadsafe(run(command, args), loop)

            def done(f, ident=ident):
                try:
                    say(ident, json.dumps(f.result()))
                except BaseException as error:  # whatever went wrong is the answer
                    say(ident, "ERROR", repr(error))

            future.add_done_callback(done)

    threading.Thread(target=reader, name="test-driver", daemon=True).start()
