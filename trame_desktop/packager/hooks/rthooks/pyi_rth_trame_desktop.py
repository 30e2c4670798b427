"""PyInstaller run-time hook: a frozen app that crashes leaves a log file and says so on screen.

A windowed build has no console, so an uncaught exception (an import error at start-up, an app
bug before the window opens) would otherwise end the process silently. This hook's
``sys.excepthook`` appends the traceback to the app's platformdirs log file (the same file the
shell logs to, :class:`trame_desktop.process.paths.AppPaths`' ``log_file`` for the executable's
name, which is the build's ``--name``) and shows a message box naming that file (:func:`trame_desktop.process.notices.show_message`:
its text can be selected and copied), then calls the previous hook. On Linux the message box is
Qt's, which the build carries for pywebview's Qt backend; ``TRAME_DESKTOP_NO_CRASH_DIALOG=1`` turns
it off.
"""


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
        show_message(title, message, critical=True)

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
    """Linux: PYWEBVIEW_GUI=qt when the build carries Qt and not GTK (else pywebview tries GTK first and logs an error)."""
    import os
    import sys

    if not sys.platform.startswith("linux") or os.environ.get("PYWEBVIEW_GUI"):
        return
    from trame_desktop.shell.toolkit import gtk_available, importable

    if importable("qtpy") and not gtk_available():
        os.environ["PYWEBVIEW_GUI"] = "qt"


_choose_gui_backend()
_install_crash_report()
del _choose_gui_backend, _install_crash_report
