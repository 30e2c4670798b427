"""The GTK backend's system side: whether the system's GTK 3 and WebKitGTK can be loaded, and which packages to install if not.

pywebview's GTK backend runs on libraries PyGObject finds at run time through their GObject
introspection data (typelibs): GTK 3 and WebKit2GTK 4.1 (or 4.0). A GTK build of an app does not
carry them (they must match the system's web process), so a machine without them gets this
message, naming the Debian and Fedora packages, rather than a traceback from deep inside pywebview.
"""

from __future__ import annotations

__all__ = ["INSTALL_HINT", "WEBKIT_VERSIONS", "gtk_libraries_problem"]

#: The WebKit2 GObject API versions pywebview's GTK backend accepts, newest first.
WEBKIT_VERSIONS: tuple[str, ...] = ("4.1", "4.0")

INSTALL_HINT = (
    "Install the system's GTK web view:\n"
    "  Debian/Ubuntu:  sudo apt install gir1.2-webkit2-4.1 gir1.2-gtk-3.0\n"
    "  Fedora:         sudo dnf install webkit2gtk4.1 gtk3"
)


def gtk_libraries_problem() -> str | None:
    """None when GTK 3 and WebKit2GTK load here; else a message naming what is missing and how to install it.

    Imports PyGObject (tens of milliseconds): call it only when the GTK backend is the one to run.
    """
    try:
        import gi
    except ImportError:
        return ("trame-desktop: the GTK backend needs PyGObject, which is not installed.\n"
                'Install it with: pip install "trame-desktop[gtk]"\n' + INSTALL_HINT)
    missing = []
    try:
        gi.require_version("Gtk", "3.0")
        from gi.repository import Gtk  # noqa: F401 - loading it is the check
    except (ValueError, ImportError) as error:
        missing.append(f"GTK 3 ({error})")
    for version in WEBKIT_VERSIONS:
        try:
            gi.require_version("WebKit2", version)
            from gi.repository import WebKit2  # noqa: F401 - loading it is the check
            break
        except (ValueError, ImportError):
            continue
    else:
        missing.append("WebKit2GTK (the WebKit2 4.1 or 4.0 typelib)")
    if not missing:
        return None
    return "trame-desktop: the system libraries of the GTK web view are missing: " + ", ".join(missing) + ".\n" + INSTALL_HINT
