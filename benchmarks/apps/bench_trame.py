"""The benchmark app on the `trame` package: a solid marker block the benchmark looks for on screen."""

from trame.app import get_server
from trame.ui.html import DivLayout
from trame.widgets import html

server = get_server("bench_trame")
server.state.trame__title = "BenchTrame"
server.state.count = 0

with DivLayout(server):
    html.Div(style="width: 300px; height: 200px; background: #12c84d;")
    html.Button("Count {{ count }}", click="count += 1")

if __name__ == "__main__":
    server.start()
