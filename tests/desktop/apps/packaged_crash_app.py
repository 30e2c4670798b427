"""An app that fails while it starts: its packaged build must leave a log file and show a message."""

import trame_desktop.app  # noqa: F401 - brings trame-desktop, and so its run-time hook, into the build

raise RuntimeError("this packaged app is broken on purpose")
