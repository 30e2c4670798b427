"""Notes: a small file viewer with a native menu, a second window, open-with and one instance.

    python -m trame_desktop examples/notes.py [FILE ...] [notes://open/PATH]

Files on the command line (or given by the OS "open with") are shown; launching it again with
another file hands that file to the running window instead of opening a second one. The menu,
an app menu both windows show, opens files with the native dialog, opens an outline of the file
in a second window (another layout of the same server), toggles word wrap (a check mark,
Ctrl+Shift+W, the same in both windows), closes the window it is chosen in (Ctrl+W) and sends a
notification when there is a notification service.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from trame_desktop.app import get_server
from trame_desktop.ui import DivLayout, SinglePageLayout
from trame_desktop.widgets import html
from trame_desktop.window import DesktopWindow, Menu, MenuItem, Separator, get_window, open_window

server = get_server("notes")
state, ctrl = server.state, server.controller
state.trame__title = "Notes"
state.path = ""
state.text = "Open a file from the File menu, or give one on the command line."
state.wrap = True
state.outline = []


def show(path: str) -> None:
    try:
        state.text = Path(path).read_text(errors="replace")[:100_000]
    except OSError as error:
        state.text = f"Cannot read {path}: {error}"
    state.path = path
    state.outline = [line for line in state.text.splitlines() if line.lstrip().startswith(("#", "def ", "class "))][:50]
    state.trame__title = f"Notes: {Path(path).name}"


@ctrl.set("on_open_files")
def open_files(paths: list[str]) -> None:
    show(paths[-1])


@ctrl.set("on_open_url")
def open_url(url: str) -> None:  # notes://open/home/me/todo.txt
    parts = urlsplit(url)
    if parts.netloc == "open":
        show(unquote(parts.path))


@ctrl.set("on_second_instance")
def second_launch(argv: list[str], cwd: str) -> None:
    print(f"notes: another launch from {cwd} gave {argv[1:]}")


async def open_with_dialog() -> None:
    paths = await get_window(server).open_file_dialog(file_types=("Text files (*.txt;*.md;*.py)", "All files (*.*)"))
    if paths:
        show(paths[0])


def show_outline() -> None:
    open_window(server, "outline", ui="outline", title="Outline", width=360, height=480)


def close(window: DesktopWindow) -> None:  # told the window the item was chosen in
    window.close()


def toggle_wrap(checked: bool) -> None:
    state.wrap = checked


async def tell() -> None:
    try:
        await get_window(server).notify("Notes", f"Showing {state.path or 'nothing yet'}")
    except Exception as error:  # no notification service here
        print(f"notes: no notification: {error}")


MENU = [
    Menu("File", [
        MenuItem("Open…", open_with_dialog, shortcut="Ctrl+O"),
        MenuItem("Notify", tell),
        Separator(),
        MenuItem("Close window", close, shortcut="Ctrl+W"),
    ]),
    Menu("View", [
        MenuItem("Outline window", show_outline, shortcut="Ctrl+Shift+O"),
        MenuItem("Word wrap", toggle_wrap, id="wrap", checkable=True, checked=True, shortcut="Ctrl+Shift+W"),
    ]),
]

with SinglePageLayout(server, title="Notes") as layout, layout.content:
    html.Div("{{ path || 'No file' }}", style="font-weight: bold; margin-bottom: 0.5rem;")
    html.Pre("{{ text }}", style=("wrap ? 'white-space: pre-wrap;' : 'white-space: pre; overflow: auto;'",))

with DivLayout(server, template_name="outline", style="padding: 1rem;"):
    html.Div("{{ line }}", v_for="line in outline", style="font-family: monospace;")
    html.Div("No headings", v_if="!outline.length")

if __name__ == "__main__":
    server.start(app_menu=MENU, url_schemes=["notes"])
