"""``python -m trame_desktop app.py`` and the ``trame-desktop`` script: the launcher's command line."""

import sys


def main() -> int:
    """Hold the garbage collector off (the launcher's own imports are the app's start-up too), then
    run the launcher (:func:`trame_desktop.launcher.cli.main`); ``package`` builds hold nothing."""
    if sys.argv[1:2] != ["package"]:
        from trame_desktop.process.startup_gc import hold_collections

        hold_collections()  # the shell ends the hold once its first session opened
    from trame_desktop.launcher.cli import main as launcher_main

    return launcher_main()


if __name__ == "__main__":
    sys.exit(main())
