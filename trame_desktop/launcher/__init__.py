"""Launching: ``python -m trame_desktop app.py`` runs the app as ``__main__`` and hands its server to the shell."""
