"""The window shell: one server in one native window (server thread, first page, close handshake, events).

Nothing is imported here: the launcher's preflight and the build's hooks read
:mod:`trame_desktop.shell.toolkit` without loading the rest. The entry points are in
:mod:`trame_desktop.shell.run`.
"""
