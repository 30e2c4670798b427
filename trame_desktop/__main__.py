"""``python -m trame_desktop app.py``: the launcher's command line."""

import sys

from trame_desktop.process.startup_gc import hold_collections

if __name__ == "__main__" and sys.argv[1:2] != ["package"]:
    hold_collections()  # the launcher's own imports are the app's start-up too

from trame_desktop.launcher.cli import main

if __name__ == "__main__":
    sys.exit(main())
