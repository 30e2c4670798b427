"""Public app API: ``get_server`` and the ``asynchronous`` helpers."""
