"""PyInstaller run-time hook: a frozen app that crashes leaves a log file and says so on screen.

A windowed build has no console, so an uncaught exception (an import error at start-up, an app
bug before the window opens) would otherwise end the process silently. This hook's
``sys.excepthook`` appends the traceback to the app's platformdirs log file (the same file the
shell logs to: ``<user_log_dir(NAME)>/NAME.log``, NAME being the executable's name, which is
the build's ``--name``) and shows a message box naming that file (its text can be selected and
copied), then calls the previous hook. On Linux the message box is Qt's, which the build carries
for pywebview's Qt backend; ``TRAME_DESKTOP_NO_CRASH_DIALOG=1`` turns it off.
"""


def _install_crash_report():
    import os
    import sys

    previous = sys.excepthook

    def app_name():
        import re

        stem = os.path.splitext(os.path.basename(sys.executable))[0]
        cleaned = re.sub(r"[^\w.-]+", "-", stem.strip()).strip(".-")
        return cleaned or "trame-desktop"

    def write_log(text):
        try:
            import datetime

            import platformdirs

            name = app_name()
            folder = platformdirs.user_log_dir(name, appauthor=False)
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, f"{name}.log")
            stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
            with open(path, "a", encoding="utf-8") as log:
                log.write(f"{stamp} CRITICAL [MainThread] trame_desktop.frozen: the app crashed\n{text}\n")
            return path
        except Exception:  # noqa: BLE001 - the report must not raise
            return None

    def show(title, message):
        if os.environ.get("TRAME_DESKTOP_NO_CRASH_DIALOG"):
            return
        try:
            if sys.platform == "win32":
                import ctypes

                ctypes.windll.user32.MessageBoxW(None, message, title, 0x10)
                return
            if sys.platform == "darwin":
                import subprocess

                script = f"display alert {_quote(title)} message {_quote(message)} as critical"
                subprocess.run(["osascript", "-e", script], check=False, timeout=600)
                return
            if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
                return
            from qtpy.QtCore import Qt
            from qtpy.QtWidgets import QApplication, QMessageBox

            app = QApplication.instance() or QApplication([sys.argv[0]])
            box = QMessageBox(QMessageBox.Icon.Critical, title, message)
            # the user can select the log file's path and copy it
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.exec()
            del box, app
        except Exception:  # noqa: BLE001 - no GUI to show it: stderr and the log file remain
            pass

    def _quote(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def report(kind, value, tb):
        if issubclass(kind, KeyboardInterrupt):
            return previous(kind, value, tb)
        import traceback

        text = "".join(traceback.format_exception(kind, value, tb))
        path = write_log(text)
        try:
            previous(kind, value, tb)
        except Exception:  # noqa: BLE001
            pass
        where = f"\n\nDetails were written to:\n{path}" if path else ""
        show(f"{app_name()} could not start", f"{kind.__name__}: {value}{where}")

    sys.excepthook = report


def _choose_gui_backend():
    """Linux: PYWEBVIEW_GUI=qt when the build carries Qt and not GTK (else pywebview tries GTK first and logs an error)."""
    import importlib.util
    import os
    import sys

    if not sys.platform.startswith("linux") or os.environ.get("PYWEBVIEW_GUI"):
        return

    def bundled(name):
        try:
            return importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            return False

    if bundled("qtpy") and not bundled("gi"):
        os.environ["PYWEBVIEW_GUI"] = "qt"


_choose_gui_backend()
_install_crash_report()
del _choose_gui_backend, _install_crash_report
