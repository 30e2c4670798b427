"""The benchmark app on trame-desktop's own server: the same marker block as bench_trame.py."""

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout
from trame_desktop.widgets import html

server = get_server("bench_ours")
server.state.trame__title = "BenchOurs"
server.state.count = 0
server.state.color = "#12c84d"


@server.state.change("count")
def answer_click(count, **_):
    """The server's answer to a click on the block (benchmarks/desktop.py times it): turn blue."""
    if count:
        server.state.color = "#1d4dc8"


with DivLayout(server):
    html.Div(style=("`width: 300px; height: 200px; background: ${color};`",), click="count += 1")

if __name__ == "__main__":
    server.start()
