"""A real X drag source for the desktop tests, standing in for a file manager.

``python drag_source.py PATH...`` shows a small window titled "DragSource". A mouse press in
it starts a ``QDrag`` whose MIME data holds ``file://`` URLs for the given paths, so a pointer
driven with xdotool (press here, move onto another window, release) performs a real XDND
drag-and-drop between two processes. It prints ``DRAG started`` when the drag begins,
``DRAG action <action>`` each time the window under the pointer changes its answer (``copy``
once a target accepts the files, ``ignore`` when it refuses them) and ``DRAG done <action>``
when the drag ends; it never exits on its own.
"""

import sys

from PyQt6.QtCore import QMimeData, Qt, QUrl
from PyQt6.QtGui import QDrag
from PyQt6.QtWidgets import QApplication, QLabel

TITLE = "DragSource"
ACTIONS = {Qt.DropAction.CopyAction: "copy", Qt.DropAction.MoveAction: "move",
           Qt.DropAction.LinkAction: "link", Qt.DropAction.IgnoreAction: "ignore"}


class Source(QLabel):
    """The window: a label that starts a drag of its files on any mouse press."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__("drag me")
        self.paths = paths
        self.setWindowTitle(TITLE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.resize(160, 120)

    def mousePressEvent(self, event) -> None:  # Qt's name for it
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(path) for path in self.paths])
        drag = QDrag(self)
        drag.setMimeData(data)
        drag.actionChanged.connect(lambda action: print("DRAG action", _name(action), flush=True))
        print("DRAG started", flush=True)
        action = drag.exec(Qt.DropAction.CopyAction)  # runs its own loop until the button is released
        print("DRAG done", _name(action), flush=True)


def _name(action: Qt.DropAction) -> str:
    return ACTIONS.get(action, str(action))


def main() -> None:
    app = QApplication(sys.argv[:1])
    source = Source(sys.argv[1:])
    source.move(20, 20)
    source.show()
    print("DRAG ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
