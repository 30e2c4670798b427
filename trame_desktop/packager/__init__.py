"""The build side: the ``package`` command and the PyInstaller hooks (never loaded by a running app)."""
