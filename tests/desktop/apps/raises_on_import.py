"""An app whose import fails: the shell prints the traceback and exits 1."""

raise RuntimeError("this app is broken on purpose")
