"""trame-desktop: run a Python web-UI app as a native desktop app."""

__version__ = "0.1.0"
