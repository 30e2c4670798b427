"""PyInstaller run-time hook: a frozen app that crashes leaves a log file and says so on screen.

A windowed build has no console, so an uncaught exception (an import error at start-up, an app
bug before the window opens) would otherwise end the process silently. This hook's
``sys.excepthook`` appends the traceback to the app's platformdirs log file (the same file the
shell logs to, :class:`trame_desktop.process.paths.AppPaths`' ``log_file`` for the executable's
name, which is the build's ``--name``) and shows a message box naming that file (:func:`trame_desktop.process.notices.show_message`:
its text can be selected and copied), then calls the previous hook. On Linux the message box is
Qt's in a Qt build; a GTK build, which has no Qt, shows GTK's (the system's GTK 3), else zenity's or
xmessage's when installed. ``TRAME_DESKTOP_NO_CRASH_DIALOG=1`` turns it off. A GTK build on a
machine without the system's WebKitGTK stops at once with a message naming the packages to install
(exit status 2). The garbage collector is held off from here until the app's start-up is over
(:mod:`trame_desktop.process.startup_gc`).
"""


def _show_without_qt(title, message):
    """Linux/BSD, for a build without Qt: a message box from GTK, zenity or xmessage; False if none."""
    import os

    if os.environ.get("TRAME_DESKTOP_NO_CRASH_DIALOG") or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        import gi

        gi.require_version("Gtk", "3.0")
        from gi.repository import Gtk

        dialog = Gtk.MessageDialog(message_type=Gtk.MessageType.ERROR, buttons=Gtk.ButtonsType.CLOSE, text=title)
        dialog.set_title(title)
        dialog.format_secondary_text(message)
        for label in dialog.get_message_area().get_children():  # selectable, to copy the log's path
            if isinstance(label, Gtk.Label):
                label.set_selectable(True)
        dialog.run()
        dialog.destroy()
        while Gtk.events_pending():
            Gtk.main_iteration()
        return True
    except Exception:  # GTK itself is missing: try the next
        pass
    import shutil
    import subprocess

    for command in (["zenity", "--error", "--title", title, "--text", message],
                    ["xmessage", "-center", f"{title}\n\n{message}"]):
        if shutil.which(command[0]):
            subprocess.run(command, check=False, timeout=3600)
            return True
    return False


def _install_crash_report():
    import os
    import sys

    previous = sys.excepthook

    def app_paths():
        from trame_desktop.process.paths import app_paths, choose_app_name

        return app_paths(choose_app_name(given=None, frozen_executable=sys.executable, server_name="", main_file=None))

    def write_log(text):
        try:
            import datetime

            path = app_paths().log_file
            path.parent.mkdir(parents=True, exist_ok=True)
            stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"{stamp} CRITICAL [MainThread] trame_desktop.frozen: the app crashed\n{text}\n")
            return path
        except Exception:  # the report must not raise
            return None

    def show(title, message):
        try:
            from trame_desktop.process.notices import show_message
        except Exception:  # the package itself is broken: stderr and the log file remain
            return
        if not show_message(title, message, critical=True) and sys.platform.startswith(("linux", "freebsd")):
            _show_without_qt(title, message)

    def report(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            return previous(kind, value, tb)
        import contextlib
        import traceback

        text = "".join(traceback.format_exception(kind, value, tb))
        path = write_log(text)
        with contextlib.suppress(Exception):  # the previous hook failing must not stop the message
            previous(kind, value, tb)
        where = f"\n\nDetails were written to:\n{path}" if path else ""
        try:
            name = app_paths().app_name
        except Exception:  # the package itself is broken: name the executable
            name = os.path.basename(sys.executable)
        show(f"{name} could not start", f"{kind.__name__}: {value}{where}")

    sys.excepthook = report


def _choose_gui_backend():
    """Linux: PYWEBVIEW_GUI=qt when the build carries Qt and not GTK (else pywebview tries GTK first and
    logs an error); a GTK-only build checks the system's GTK and WebKitGTK first (exit 2 without them)."""
    import os
    import sys

    if not sys.platform.startswith("linux"):
        return
    from trame_desktop.shell.toolkit import gtk_available, importable

    wanted = os.environ.get("PYWEBVIEW_GUI", "").lower()
    if importable("qtpy") and not gtk_available():
        os.environ.setdefault("PYWEBVIEW_GUI", "qt")
    elif gtk_available() and not importable("qtpy") and wanted in ("", "gtk"):
        os.environ["PYWEBVIEW_GUI"] = "gtk"
        from trame_desktop.shell.gtk_system import gtk_libraries_problem

        problem = gtk_libraries_problem()
        if problem:
            print(problem, file=sys.stderr)
            _show_without_qt(f"{os.path.basename(sys.executable)} cannot start", problem)
            sys.exit(2)


def _hold_collections():
    """The garbage collector off while the app starts, as ``python -m trame_desktop`` has it; not in
    the executable started again as a multiprocessing worker or helper, which opens no window."""
    import sys

    if sys.argv[1:2] == ["--multiprocessing-fork"] or "-c" in sys.argv[1:]:
        return
    from trame_desktop.process.startup_gc import hold_collections

    hold_collections()


_hold_collections()
_choose_gui_backend()
_install_crash_report()
del _hold_collections, _choose_gui_backend, _install_crash_report
