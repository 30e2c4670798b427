"""The benchmark app on trame-desktop's own server: the same marker block as bench_trame.py."""

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("bench_ours")
server.state.trame__title = "BenchOurs"
server.state.count = 0

with DivLayout(server):
    html.Div(style="width: 300px; height: 200px; background: #12c84d;")
    html.Button("Count {{ count }}", click="count += 1")

if __name__ == "__main__":
    server.start()
