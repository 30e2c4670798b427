"""``python -m trame_desktop app.py``: the launcher's command line."""

import sys

from trame_desktop.launcher.cli import main

if __name__ == "__main__":
    sys.exit(main())
