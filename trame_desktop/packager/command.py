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
import pprint
import re
import shutil
import sys
import time
from pathlib import Path

from trame_desktop.shell.toolkit import QT_BINDINGS

from .macos import info_plist, opens_documents
from .settings import AppSettings, SettingsError, load_settings

#: What ``--format`` builds: the onedir folder, and on Linux a Debian package or a tarball with an install script.
FORMATS: tuple[str, ...] = ("dir", "deb", "tar")

__all__ = [
    "BUILD_ONLY_MODULES",
    "DEVTOOLS_FILES",
    "DROPPED_FILES",
    "EXCLUDED_MODULES",
    "FORMATS",
    "OPTIONAL_EXCLUDES",
    "app_settings",
    "build_parser",
    "main",
    "pyinstaller_args",
    "spec_template_path",
    "spec_text",
]

#: trame-desktop's own build-time parts: this command and its hooks, the spec template's package.
BUILD_ONLY_MODULES: tuple[str, ...] = ("trame_desktop.packager", "trame_desktop.packaging")

# Never needed by a packaged app: test and build tools, and Qt modules that pywebview's Qt
# backend does not use. Its import pulls in PyQt6's QtCore, QtGui, QtWidgets, QtNetwork,
# QtOpenGL, QtOpenGLWidgets, QtPrintSupport, QtWebChannel, QtWebEngineCore and
# QtWebEngineWidgets: never exclude those. The Python bindings of QtQml, QtQuick,
# QtQuickWidgets, QtPositioning and QtDBus are never imported (4 MiB); the Qt libraries
# themselves stay, since libQt6WebEngineCore links them.
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
        "QtQml", "QtQuick", "QtQuickWidgets", "QtPositioning", "QtDBus",
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
                                       "(default: [tool.trame-desktop] name, else the app file's name)")
    parser.add_argument("--icon", help="the app's icon: a PNG (512x512 or more), from which every size and the "
                                       ".ico/.icns are made (default: one drawn from the name)")
    identity = parser.add_argument_group(
        "app settings", "each also from the [tool.trame-desktop] table of a pyproject.toml in the app file's "
                        "folder (or --config); an option given here wins")
    identity.add_argument("--config", type=Path, help="the pyproject.toml to read [tool.trame-desktop] from")
    identity.add_argument("--version", dest="app_version", help="the app's version (default: the table's, "
                                                                 "else [project] version, else 0.0.0)")
    identity.add_argument("--description", help="one line for menus and package managers (more lines: the long text)")
    identity.add_argument("--identifier", help="reverse-DNS id (org.example.MyApp): desktop entry, icon, macOS bundle")
    identity.add_argument("--maintainer", help="'Name <email>' for the package")
    identity.add_argument("--homepage", help="the app's web page")
    identity.add_argument("--category", action="append", dest="categories", metavar="CATEGORY",
                          help="freedesktop menu category (repeatable; default Utility)")
    identity.add_argument("--file-type", action="append", dest="file_types", metavar="MIME=EXT[,EXT]",
                          help="a document type the app opens, e.g. application/x-probe=probe (repeatable)")
    identity.add_argument("--url-scheme", action="append", dest="url_schemes", metavar="SCHEME",
                          help="a URL scheme the app handles, e.g. probe for probe://... (repeatable)")
    parser.add_argument("--format", action="append", dest="formats", choices=FORMATS, metavar="{dir,deb,tar}",
                        help="what to make (repeatable): dir (the onedir, always built), deb (a Debian package, "
                             "dpkg-deb), tar (.tar.gz with install.sh); default dir")
    parser.add_argument("--backend", choices=("auto", "qt", "gtk"), default="auto",
                        help="Linux: the GUI backend the build carries: qt (Qt WebEngine, bundled: large), gtk "
                             "(the system's WebKitGTK: small; needs gir1.2-webkit2-4.1 where it runs); default: "
                             "qt when installed, else gtk")
    parser.add_argument("--no-strip", dest="strip", action="store_false",
                        help="keep the binaries' debug symbols (stripped by default on Linux and macOS)")
    parser.add_argument("--devtools", action="store_true",
                        help="keep the web inspector's resources (11 MiB), left out by default: with them a "
                             "build run with TRAME_DESKTOP_DEBUG=1 can open the inspector")
    parser.add_argument("--deb-compression", default="xz", choices=("xz", "gzip", "zstd"),
                        help="the .deb's compression (default xz: the smallest download)")
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
#: Qt plugins a web view in a widget window never loads: input devices for bare-metal screens,
#: platforms other than X11 and Wayland, the desktop theme plugins (GTK 3's pulls in the whole GTK
#: stack: Qt then draws its dialogs itself), positioning and network-status back ends, and image
#: formats (the web engine decodes images itself; Qt keeps PNG built in, ICO/JPEG/GIF/SVG for icons),
#: and CUPS printing (7 MiB of libraries: pywebview's Qt backend never answers the web engine's print
#: requests, so ``window.print()`` prints nothing either way).
_DROPPED_QT_PLUGINS = (
    "generic/*", "printsupport/*", "egldeviceintegrations/*", "platformthemes/*", "position/*", "networkinformation/*",
    "platforms/libqeglfs.so", "platforms/libqlinuxfb.so", "platforms/libqminimal*.so", "platforms/libqoffscreen.so",
    "platforms/libqvkkhrdisplay.so", "platforms/libqvnc.so",
    "imageformats/libqicns.so", "imageformats/libqpdf.so", "imageformats/libqtga.so", "imageformats/libqtiff.so",
    "imageformats/libqwbmp.so", "imageformats/libqwebp.so",
)
DROPPED_FILES: tuple[str, ...] = (
    "*/Qt6/qml/*", "*/Qt/qml/*",
    # Qt's and the web engine's UI translations, and Chromium's locales but en-US (its fallback):
    # the app's UI is its own page, and the web engine's few strings (context menu) stay English
    "*/Qt6/translations/*.qm", "*/Qt6/translations/qtwebengine_locales/[!e]*",
    "*/Qt6/translations/qtwebengine_locales/e[!n]*", "*/Qt6/translations/qtwebengine_locales/en-[!U]*",
    "*/Qt6/lib/libQt6EglFSDeviceIntegration*", "libQt6EglFSDeviceIntegration*",
    *(f"*/Qt6/plugins/{plugin}" for plugin in _DROPPED_QT_PLUGINS),
    "*/Qt6/plugins/qmltooling/*", "*/Qt6/plugins/sqldrivers/*", "*/Qt6/plugins/multimedia/*",
    "*/Qt6/plugins/sensors/*", "*/Qt6/plugins/virtualkeyboard/*", "*/Qt6/plugins/renderers/*",
    "*/Qt6/plugins/sceneparsers/*", "*/Qt6/plugins/geometryloaders/*", "*/Qt6/plugins/assetimporters/*",
    *(pattern for module in _DROPPED_QT for pattern in (
        f"*/libQt6{module}*", f"*/Qt6{module}*.dll", f"*/Qt{module}*.framework/*",
    )),
)

#: The web inspector's resources: only a developer opens it (``desktop_debug``), so a build leaves
#: them out unless ``--devtools`` asks for them. Without them the web engine starts as before.
DEVTOOLS_FILES: tuple[str, ...] = ("*/Qt6/resources/qtwebengine_devtools_resources.pak",)


def app_settings(args: argparse.Namespace) -> AppSettings:
    """The app's settings from the command line over its pyproject.toml (see :mod:`.settings`)."""
    return load_settings(Path(args.app), config=args.config, name=args.name, version=args.app_version,
                         description=args.description, icon=args.icon, identifier=args.identifier,
                         maintainer=args.maintainer, homepage=args.homepage, categories=args.categories,
                         file_types=args.file_types, url_schemes=args.url_schemes)


#: Modules each backend's build leaves out: the other backend's toolkit.
BACKEND_EXCLUDES: dict[str, tuple[str, ...]] = {
    "qt": ("gi", "cairo", "webview.platforms.gtk"),
    "gtk": (*QT_BINDINGS, "qtpy", "webview.platforms.qt"),
}
#: A GTK build runs on the system's GLib, GTK and WebKitGTK: PyGObject's and pycairo's binaries
#: stay, the libraries only they link to do not (see trim.prune_unlinked), nor the typelibs and
#: GTK data PyInstaller's gi hooks collect (they must match the system's libraries).
GTK_SYSTEM_ROOTS: tuple[str, ...] = ("gi/*", "cairo/*")
GTK_DROPPED_FILES: tuple[str, ...] = (
    "gi_typelibs/*", "share/glib-2.0/*", "share/icons/*", "share/themes/*", "share/fontconfig/*",
    "lib/gdk-pixbuf/*", "lib/gio/*", "etc/*", "share/locale/*",
    # GLib itself: a bundled copy older than the system's GTK and WebKitGTK would be loaded first.
    # (GIO's modules stay: PyInstaller's run-time hook points GIO_MODULE_DIR at them, TLS among them.)
    "libglib-2.0.so*", "libgobject-2.0.so*", "libgio-2.0.so*", "libgmodule-2.0.so*", "libgirepository-1.0.so*",
)


def chosen_backend(args: argparse.Namespace) -> str:
    """``--backend``, with ``auto`` resolved: Qt when its web engine is installed here, else GTK."""
    backend = getattr(args, "backend", "auto")
    if backend != "auto":
        return str(backend)
    from trame_desktop.shell.toolkit import qt_available

    return "qt" if qt_available() or not sys.platform.startswith("linux") else "gtk"


def windows_version_file(settings: AppSettings, work: Path) -> Path:
    """The executable's version resource (what Explorer's Details tab shows), as PyInstaller reads it."""
    numbers = [int(n) for n in re.findall(r"\d+", settings.version)[:4]]
    numbers += [0] * (4 - len(numbers))
    strings = {"CompanyName": settings.maintainer or settings.name, "FileDescription": settings.summary,
               "FileVersion": settings.version, "InternalName": settings.name, "ProductName": settings.name,
               "ProductVersion": settings.version, "OriginalFilename": f"{settings.name}.exe"}
    entries = ",\n".join(f"            StringStruct({k!r}, {v!r})" for k, v in strings.items())
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple(numbers)}, prodvers={tuple(numbers)}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
{entries}])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])]),
  ],
)
"""
    path = work / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    return path


def spec_text(args: argparse.Namespace, settings: AppSettings | None = None, icon: str | None = None,
              version_file: str | None = None) -> str:
    """This build's PyInstaller spec: ``app.spec.in`` filled in (``icon``: the platform's icon file;
    ``version_file``: Windows' version resource)."""
    app = Path(args.app).resolve()
    settings = settings or app_settings(args)
    name = settings.name
    datas = []
    for data in args.add_data:
        source, _, dest = data.rpartition(":") if ":" in data[2:] else (data, "", ".")
        datas.append((str(Path(source).resolve()), dest or "."))
    backend = chosen_backend(args)
    values = {
        "script": repr(str(app)),
        "backend": repr(backend),
        "strip": repr(bool(getattr(args, "strip", True)) and sys.platform != "win32"),
        "version": repr(settings.version),
        "identifier": repr(settings.app_id),
        "description": repr(settings.summary),
        "info_plist": pprint.pformat(info_plist(settings), indent=4, sort_dicts=False),
        "opens_documents": repr(opens_documents(settings)),
        "version_file": repr(version_file) if version_file else "None",
        "system_roots": repr(list(GTK_SYSTEM_ROOTS) if backend == "gtk" else []),
        "name": repr(name),
        "icon": repr(icon) if icon else "None",
        "console": repr(bool(args.console)),
        "onefile": repr(bool(args.onefile)),
        "excludes": _pretty(excluded_modules(app, [*args.exclude_module, *BACKEND_EXCLUDES[backend]])),
        "dropped": _pretty([*DROPPED_FILES, *(GTK_DROPPED_FILES if backend == "gtk" else ()),
                            *(() if getattr(args, "devtools", False) else DEVTOOLS_FILES)]),
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


#: Folders the web engine creates inside the build at its first launch (Chromium's empty ``locales``
#: beside Qt's resources), made at build time so that the installers own them: else a launch as root
#: leaves a folder in /opt that ``dpkg -r`` does not know (the installer tests caught it).
RUNTIME_DIRS: tuple[str, ...] = ("_internal/PyQt6/Qt6/resources/locales",)


def make_runtime_dirs(onedir: Path) -> None:
    for relative in RUNTIME_DIRS:
        folder = onedir / relative
        if folder.parent.is_dir():
            folder.mkdir(exist_ok=True)


def _platform_icon(settings: AppSettings, work: Path) -> str | None:
    """The icon file PyInstaller embeds: an ``.ico`` on Windows, an ``.icns`` on macOS (made from the
    source image unless it already is one); None on Linux, where menus take the installed PNGs."""
    if not sys.platform.startswith(("win", "darwin")):
        return None
    wanted = ".ico" if sys.platform == "win32" else ".icns"
    if settings.icon is not None and settings.icon.suffix.lower() == wanted:
        return str(settings.icon)
    from .icons import write_icons

    written = write_icons(settings.icon, settings.name, work / "icons")
    return str(written[wanted.lstrip(".")])


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m trame_desktop package``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    app = Path(args.app)
    if not app.is_file():
        print(f"trame-desktop package: no such app file: {args.app}", file=sys.stderr)
        return 2
    formats = list(dict.fromkeys(args.formats or ["dir"]))
    if {"deb", "tar"} & set(formats) and not sys.platform.startswith("linux"):
        print("trame-desktop package: --format deb and tar are Linux installers; build them on Linux", file=sys.stderr)
        return 2
    if "deb" in formats and shutil.which("dpkg-deb") is None:
        print("trame-desktop package: --format deb needs dpkg-deb (Debian's dpkg package)", file=sys.stderr)
        return 2
    try:
        settings = app_settings(args)
    except SettingsError as error:
        print(f"trame-desktop package: {error}", file=sys.stderr)
        return 2
    try:
        import PyInstaller.__main__
    except ImportError:
        print('trame-desktop package: PyInstaller is not installed: pip install "trame-desktop[package]"',
              file=sys.stderr)
        return 2
    name = settings.name
    work = Path(args.workpath).resolve()
    work.mkdir(parents=True, exist_ok=True)
    icon = _platform_icon(settings, work)
    version_file = str(windows_version_file(settings, work)) if sys.platform == "win32" else None
    text = spec_text(args, settings, icon, version_file)
    if args.spec:
        spec = Path(f"{name}.spec").resolve()
        spec.write_text(text, encoding="utf-8")
        print(f"trame-desktop package: wrote {spec}; build it with: pyinstaller --noconfirm {spec.name}")
        return 0

    spec = work / f"{name}.spec"
    spec.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    try:
        PyInstaller.__main__.run(pyinstaller_args(spec, args))
    except SystemExit as exit_:  # PyInstaller exits on a build error
        if exit_.code not in (None, 0):
            print(f"trame-desktop package: PyInstaller failed ({exit_.code})", file=sys.stderr)
            return exit_.code if isinstance(exit_.code, int) else 1
    elapsed = time.perf_counter() - started
    built = _where(args, name)
    if built.is_dir():
        make_runtime_dirs(built)
    print(f"trame-desktop package: built {built} in {elapsed:.0f} s")
    if args.onefile and {"deb", "tar"} & set(formats):
        print("trame-desktop package: --format deb and tar install a onedir build; drop --onefile", file=sys.stderr)
        return 2
    dist = Path(args.distpath).resolve()
    for kind in formats:
        started = time.perf_counter()
        if kind == "deb":
            from .linux import build_deb

            made = build_deb(settings, built, dist, work, backend=chosen_backend(args),
                             compression=args.deb_compression)
        elif kind == "tar":
            from .linux import build_tar

            made = build_tar(settings, built, dist, work)
        else:
            continue
        size = made.stat().st_size / 2**20
        print(f"trame-desktop package: made {made} ({size:.0f} MiB) in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
