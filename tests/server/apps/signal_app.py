"""A server in exec_mode="main" that reports its port and its exit (for signal tests)."""

from trame_desktop.app import get_server

server = get_server()
server.controller.on_server_ready.add(lambda **_: print(f"PORT {server.port}", flush=True))
server.controller.on_server_exited.add(lambda **_: print("EXITED", flush=True))

if __name__ == "__main__":
    server.start(port=0, open_browser=False, show_connection_info=False)
    print("RETURNED", flush=True)
