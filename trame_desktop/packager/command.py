"""The ``package`` command (``python -m trame_desktop package app.py``): a double-clickable app built with PyInstaller.

The build is onedir by default (``dist/NAME/NAME``; on macOS also ``dist/NAME.app``), windowed
(no console), and carries everything the app needs at run time: the Python interpreter, the
built web client, pywebview's GUI backend. trame-desktop's PyInstaller hook
(``trame_desktop/packager/hooks``, registered through the ``pyinstaller40`` entry point) does
the collecting; this module only chooses PyInstaller's options and leaves out what a desktop
app never uses (test tools, unused Qt modules).
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from pathlib import Path

from trame_desktop.shell.toolkit import QT_BINDINGS

__all__ = [
    "BUILD_ONLY_MODULES",
    "DROPPED_FILES",
    "EXCLUDED_MODULES",
    "OPTIONAL_EXCLUDES",
    "build_parser",
    "main",
    "pyinstaller_args",
    "spec_template_path",
    "spec_text",
]

#: trame-desktop's own build-time parts: this command and its hooks, the spec template's package.
BUILD_ONLY_MODULES: tuple[str, ...] = ("trame_desktop.packager", "trame_desktop.packaging")

# Never needed by a packaged app: test and build tools, and Qt modules that pywebview's Qt
# backend does not use. PyQt6's web engine modules import QtGui, QtNetwork, QtWebChannel,
# QtQuick, QtQml, QtQuickWidgets, QtPositioning, QtPrintSupport, QtOpenGL and QtDBus at their
# top level: never exclude those.
EXCLUDED_MODULES: tuple[str, ...] = (
    "pytest", "_pytest", "pluggy", "iniconfig", "playwright", "greenlet", "pyinstaller",
    "PyInstaller", "pip", "setuptools", "pkg_resources", "distutils", "tkinter", "_tkinter",
    "IPython", "jedi", "pygments", "psutil", "unittest", "pydoc_data", "lib2to3",
    *BUILD_ONLY_MODULES,
    *(f"{binding}.{module}" for binding in QT_BINDINGS if binding != "PyQt5" for module in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
        "QtBluetooth", "QtCharts", "QtDataVisualization", "QtGraphs", "QtDesigner", "QtHelp",
        "QtMultimedia", "QtMultimediaWidgets", "QtNfc", "QtOpenGLWidgets",
        "QtPdf", "QtPdfWidgets", "QtQuick3D", "QtRemoteObjects", "QtSensors", "QtSerialBus",
        "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets",
        "QtTest", "QtTextToSpeech", "QtUiTools", "QtXml", "QtHttpServer",
        "QtWebSockets", "QtWebView", "QAxContainer", "uic", "lupdate",
    )),
    "PyQt5", "PySide2",  # PyQt6 is the binding the qt extra installs
)

# Left out only when the app's own source does not import them.
OPTIONAL_EXCLUDES: tuple[str, ...] = ("trame", "trame_client", "trame_server", "trame_common")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trame-desktop package",
        description="Build a double-clickable desktop app from a trame-desktop app with PyInstaller.",
    )
    parser.add_argument("app", help="the app's Python file")
    parser.add_argument("--name", help="the app's name: the executable, dist folder, log and settings folders "
                                       "(default: the app file's name)")
    parser.add_argument("--icon", help="the app's icon (.ico on Windows, .icns on macOS; PyInstaller converts "
                                       "other images if Pillow is installed)")
    parser.add_argument("--onefile", action="store_true",
                        help="one executable file (slower start: it unpacks itself on every launch)")
    parser.add_argument("--distpath", default="dist", help="where the build goes (default: ./dist)")
    parser.add_argument("--workpath", default="build", help="PyInstaller's work folder (default: ./build)")
    parser.add_argument("--console", action="store_true",
                        help="keep a console window (to read a frozen app's output while debugging)")
    parser.add_argument("--add-data", action="append", default=[], metavar="SRC:DEST",
                        help="extra data to bundle (PyInstaller's --add-data; repeatable)")
    parser.add_argument("--hidden-import", action="append", default=[], metavar="MODULE",
                        help="a module the app imports dynamically (repeatable)")
    parser.add_argument("--exclude-module", action="append", default=[], metavar="MODULE",
                        help="a module to leave out (repeatable)")
    parser.add_argument("--spec", action="store_true",
                        help="only write NAME.spec from packaging/app.spec.in (to edit, then run pyinstaller NAME.spec)")
    return parser


def imported_top_level(app: Path) -> set[str]:
    """The top-level package names the app's own file imports (best effort: a syntax error gives none)."""
    try:
        tree = ast.parse(app.read_text(encoding="utf-8"), filename=str(app))
    except (OSError, SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def excluded_modules(app: Path, extra: list[str] | None = None) -> list[str]:
    """:data:`EXCLUDED_MODULES`, the optional ones the app does not import, and ``extra``."""
    used = imported_top_level(app)
    optional = [name for name in OPTIONAL_EXCLUDES if name not in used]
    return [*EXCLUDED_MODULES, *optional, *(extra or [])]


# Files the app never loads, by their path inside the build (fnmatch patterns, "/" separators):
# Qt's QML imports and the Qt libraries only they (or no one) use. Matching both Linux/Windows
# library names (libQt6X.so.6, Qt6X.dll) and macOS frameworks (QtX.framework).
_DROPPED_QT = (
    "Quick3D", "QuickControls2", "QuickDialogs2", "QuickTemplates2", "QuickTest", "QuickTimeline",
    "QuickVectorImage", "QuickParticles", "QuickShapes", "QuickEffects", "QuickLayouts", "Labs",
    "Multimedia", "Pdf", "RemoteObjects", "Sensors", "SerialPort", "SerialBus", "SpatialAudio",
    "StateMachine", "Test", "TextToSpeech", "ShaderTools", "Bluetooth", "Nfc", "Sql", "Charts",
    "DataVisualization", "Graphs", "3D", "PositioningQuick", "WebEngineQuick", "VirtualKeyboard",
    "Designer", "Help", "UiTools", "Scxml", "WebSockets", "WebView", "HttpServer",
)
DROPPED_FILES: tuple[str, ...] = (
    "*/Qt6/qml/*", "*/Qt/qml/*",
    "*/Qt6/plugins/qmltooling/*", "*/Qt6/plugins/sqldrivers/*", "*/Qt6/plugins/multimedia/*",
    "*/Qt6/plugins/sensors/*", "*/Qt6/plugins/virtualkeyboard/*", "*/Qt6/plugins/renderers/*",
    "*/Qt6/plugins/sceneparsers/*", "*/Qt6/plugins/geometryloaders/*", "*/Qt6/plugins/assetimporters/*",
    *(pattern for module in _DROPPED_QT for pattern in (
        f"*/libQt6{module}*", f"*/Qt6{module}*.dll", f"*/Qt{module}*.framework/*",
    )),
)


def spec_text(args: argparse.Namespace) -> str:
    """This build's PyInstaller spec: ``app.spec.in`` filled in."""
    app = Path(args.app).resolve()
    name = args.name or app.stem
    datas = []
    for data in args.add_data:
        source, _, dest = data.rpartition(":") if ":" in data[2:] else (data, "", ".")
        datas.append((str(Path(source).resolve()), dest or "."))
    values = {
        "script": repr(str(app)),
        "name": repr(name),
        "icon": repr(str(Path(args.icon).resolve())) if args.icon else "None",
        "console": repr(bool(args.console)),
        "onefile": repr(bool(args.onefile)),
        "excludes": _pretty(excluded_modules(app, args.exclude_module)),
        "dropped": _pretty(list(DROPPED_FILES)),
        "pathex": repr([str(app.parent)]),
        "datas": repr(datas),
        "hiddenimports": repr(list(args.hidden_import)),
    }
    text = _spec_template()
    for key, value in values.items():
        text = text.replace("@" + key + "@", value)
    return text


def _pretty(items: list[str]) -> str:
    return "[\n" + "".join(f"    {item!r},\n" for item in items) + "]"


def spec_template_path() -> Path:
    """Where ``packaging/app.spec.in`` is: installed as ``trame_desktop/packaging/`` (setuptools maps
    the folder as the ``trame_desktop.packaging`` package), or in the source tree of an editable
    install, whose import hook cannot map a package without ``__init__.py`` (see packaging/README.md)."""
    package = Path(__file__).resolve().parents[1]  # trame_desktop/
    candidates = (package / "packaging" / "app.spec.in", package.parent / "packaging" / "app.spec.in")
    for template in candidates:
        if template.is_file():
            return template
    msg = f"trame-desktop's spec template is missing (looked for {', '.join(map(str, candidates))})"
    raise FileNotFoundError(msg)


def _spec_template() -> str:
    return spec_template_path().read_text(encoding="utf-8")


def pyinstaller_args(spec: Path, args: argparse.Namespace) -> list[str]:
    """PyInstaller's command line to build ``spec``."""
    return [
        str(spec),
        "--noconfirm",
        "--clean",
        "--log-level", "WARN",
        "--distpath", str(Path(args.distpath).resolve()),
        "--workpath", str(Path(args.workpath).resolve()),
    ]


def _where(args: argparse.Namespace, name: str) -> Path:
    dist = Path(args.distpath).resolve()
    if sys.platform == "darwin" and not args.console:
        return dist / f"{name}.app"
    if args.onefile:
        return dist / (f"{name}.exe" if sys.platform == "win32" else name)
    return dist / name


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m trame_desktop package``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    app = Path(args.app)
    if not app.is_file():
        print(f"trame-desktop package: no such app file: {args.app}", file=sys.stderr)
        return 2
    try:
        import PyInstaller.__main__
    except ImportError:
        print('trame-desktop package: PyInstaller is not installed: pip install "trame-desktop[package]"',
              file=sys.stderr)
        return 2
    name = args.name or app.resolve().stem
    if args.spec:
        spec = Path(f"{name}.spec").resolve()
        spec.write_text(spec_text(args), encoding="utf-8")
        print(f"trame-desktop package: wrote {spec}; build it with: pyinstaller --noconfirm {spec.name}")
        return 0

    spec = Path(args.workpath).resolve() / f"{name}.spec"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(spec_text(args), encoding="utf-8")
    started = time.perf_counter()
    try:
        PyInstaller.__main__.run(pyinstaller_args(spec, args))
    except SystemExit as exit_:  # PyInstaller exits on a build error
        if exit_.code not in (None, 0):
            print(f"trame-desktop package: PyInstaller failed ({exit_.code})", file=sys.stderr)
            return exit_.code if isinstance(exit_.code, int) else 1
    elapsed = time.perf_counter() - started
    print(f"trame-desktop package: built {_where(args, name)} in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
