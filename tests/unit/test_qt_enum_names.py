"""trame_desktop.shell.qt_enum_names: qtpy's unscoped enum names put off, the names pywebview's Qt backend and
qtpy's own wrappers use there at once, and from an app's first look-up in a module every name of that
module where qtpy alone puts it; a trusted package's look-ups set nothing up.

Each case runs in a fresh interpreter: the names are set on PyQt6's classes, for the whole process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytest.importorskip("qtpy")
pytest.importorskip("PyQt6.QtWidgets")

# Every upper-case attribute of every class of the three modules qtpy sets names up for, as a
# comparable text: an enum member by its enum and name, an enum by its name, else the value's type.
DUMP = r"""
import enum, json
from PyQt6 import sip
from qtpy import QtCore, QtGui, QtWidgets

def shown(value):
    if isinstance(value, enum.Enum):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, enum.EnumMeta):
        return f"enum {value.__qualname__}"
    return type(value).__name__

def dump():
    seen = {}
    for module in (QtCore, QtGui, QtWidgets):
        for class_name in dir(module):
            klass = getattr(module, class_name)
            if class_name.startswith("Q") and isinstance(klass, sip.wrappertype):
                seen[f"{module.__name__}.{class_name}"] = {
                    name: shown(getattr(klass, name)) for name in dir(klass) if name[:1].isupper()}
    return seen
"""

PLAIN = DUMP + r"""
print(json.dumps(dump()))
"""

# vars(module)[name] reads a class without a look-up on the module: nothing is set up by it.
DEFERRED = r"""
from trame_desktop.shell.qt_enum_names import defer_enum_names, deferred_modules
patched = defer_enum_names()
""" + DUMP + r"""
before = {
    "patched": patched,
    "deferred": deferred_modules(),
    "eager": [hasattr(vars(QtCore)["Qt"], "WindowMaximized"), hasattr(vars(QtWidgets)["QMessageBox"], "Ok")],
    "put off": hasattr(vars(QtWidgets)["QSizePolicy"], "Expanding"),
}
# pywebview's look-up: trusted, nothing set up
exec("QtWidgets.QSizePolicy", {"__name__": "webview.platforms.qt", "QtWidgets": QtWidgets})
trusted = deferred_modules()
first = hasattr(QtWidgets.QSizePolicy, "Expanding")  # an app's look-up in qtpy's module
after_first = deferred_modules()
from PyQt6.QtGui import QFont  # an app's look-up in PyQt6's own module
through_pyqt = [hasattr(QFont, "Bold"), deferred_modules()]
print(json.dumps({"before": before, "trusted": trusted, "first": [first, after_first],
                  "through PyQt6": through_pyqt, "names": dump(), "after": deferred_modules()}))
"""


def run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_names_are_put_off_then_all_where_qtpy_puts_them():
    plain = run(PLAIN)
    deferred = run(DEFERRED)
    all_three = ["PyQt6.QtCore", "PyQt6.QtGui", "PyQt6.QtWidgets"]
    assert deferred["before"] == {
        "patched": True,
        "deferred": all_three,
        "eager": [True, True],
        "put off": False,  # QSizePolicy is no eager class: its unscoped names wait for a look-up
    }
    assert deferred["trusted"] == all_three
    assert deferred["first"] == [True, ["PyQt6.QtCore", "PyQt6.QtGui"]]
    assert deferred["through PyQt6"] == [True, ["PyQt6.QtCore"]]
    assert deferred["after"] == []
    assert len(plain) > 500 and any("Expanding" in names for names in plain.values())
    assert deferred["names"] == plain


BEFORE = r"""
import json
from qtpy import QtWidgets  # an app's own import, before the window starts: qtpy sets it up
from trame_desktop.shell.qt_enum_names import defer_enum_names, deferred_modules
patched = defer_enum_names()
from qtpy import QtCore, QtGui  # first imported now (qtpy's QtWidgets does not import them): put off
print(json.dumps({"patched": patched, "deferred": deferred_modules(),
                  "names": [hasattr(vars(QtWidgets)["QSizePolicy"], "Expanding"), hasattr(vars(QtGui)["QFont"], "Bold"),
                            hasattr(vars(QtCore)["Qt"], "AlignCenter")]}))
"""


def test_a_module_imported_before_the_window_starts_keeps_qtpys_own_set_up():
    assert run(BEFORE) == {"patched": True, "deferred": ["PyQt6.QtCore", "PyQt6.QtGui"],
                           "names": [True, False, True]}  # QFont is no eager class; Qt is


# Every `<Qt class>.<name>` in the trusted packages' code whose name is a member of one of that class's
# enums (so, on PyQt6, an unscoped name only qtpy provides), looked up while the names are put off.
USES = r"""
import ast, enum, importlib.util, json, pathlib
from trame_desktop.shell.qt_enum_names import TRUSTED_PACKAGES, defer_enum_names
assert defer_enum_names()
from PyQt6 import sip
from qtpy import QtCore, QtGui, QtWidgets

def qt_class(name):
    for module in (QtCore, QtGui, QtWidgets):
        klass = vars(module).get(name)  # no look-up on the module: nothing is set up
        if isinstance(klass, sip.wrappertype):
            return klass
    return None

def enum_member(klass, name):
    return any(isinstance(value, enum.EnumMeta) and name in value.__members__
               for value in (getattr(klass, attribute) for attribute in dir(klass) if attribute[:1].isupper()))

found, missing = [], []
for package in sorted(TRUSTED_PACKAGES):
    root = pathlib.Path(importlib.util.find_spec(package).submodule_search_locations[0])
    for path in root.rglob("*.py"):
        if "tests" in path.relative_to(root).parts:  # qtpy's own tests are not run here
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Attribute) or not isinstance(node.value, (ast.Name, ast.Attribute)):
                continue
            owner = node.value.id if isinstance(node.value, ast.Name) else node.value.attr
            klass = qt_class(owner) if owner.startswith("Q") else None
            if klass is None or not enum_member(klass, node.attr):
                continue
            use = f"{owner}.{node.attr} ({package}/{path.relative_to(root)}:{node.lineno})"
            found.append(use)
            if not hasattr(klass, node.attr):
                missing.append(use)
print(json.dumps({"found": found, "missing": missing}))
"""


def test_every_unscoped_name_the_qt_backend_and_qtpy_use_is_there_while_the_rest_is_put_off():
    uses = run(USES)
    assert any(use.startswith("Qt.") and "webview/platforms/qt.py" in use for use in uses["found"]), uses
    assert any(use.startswith("QMessageBox.") for use in uses["found"]), uses
    # A name listed here is one a class of EAGER_CLASSES should have (qt_enum_names.py).
    assert uses["missing"] == []
