"""The package command's app settings (options over pyproject.toml), its desktop entry, MIME package and icons."""

from __future__ import annotations

import ast
import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from trame_desktop.packager.linux import desktop_entry, mime_package, validate_desktop_entry
from trame_desktop.packager.settings import AppSettings, SettingsError, load_settings, parse_file_type


def _app(folder: Path, pyproject: str | None = None) -> Path:
    app = folder / "probe.py"
    app.write_text("print('probe')\n")
    if pyproject is not None:
        (folder / "pyproject.toml").write_text(pyproject)
    return app


def test_without_a_table_the_file_name_and_defaults_are_used(tmp_path: Path) -> None:
    settings = load_settings(_app(tmp_path))
    assert (settings.name, settings.version, settings.config) == ("probe", "0.0.0", None)
    assert settings.package_name == "probe" and settings.app_id == "io.trame-desktop.probe"


def test_the_table_then_project_then_options_win(tmp_path: Path) -> None:
    app = _app(tmp_path, """
[project]
version = "3.1.0"
description = "From project"

[tool.trame-desktop]
name = "Probe App"
description = "From the table"
file-types = [{mime = "application/x-probe", extensions = [".Probe", "prb"]}]
url-schemes = ["Probe://"]
""")
    settings = load_settings(app)
    assert settings.name == "Probe App" and settings.package_name == "probe-app"
    assert settings.version == "3.1.0" and settings.description == "From the table"
    assert settings.file_types[0].extensions == ("probe", "prb") and settings.url_schemes == ("probe",)
    assert settings.mime_types == ("application/x-probe", "x-scheme-handler/probe")

    given = load_settings(app, name="Other", version="4.0.0.dev2", file_types=["text/x-other=oth"], url_schemes=[])
    assert (given.name, given.version, given.url_schemes) == ("Other", "4.0.0.dev2", ())
    assert given.file_types == (parse_file_type("text/x-other=oth"),)
    assert given.debian_version() == "4.0.0~dev2"


def test_a_parent_folders_pyproject_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "9.9.9"\n')
    (tmp_path / "examples").mkdir()
    assert load_settings(_app(tmp_path / "examples")).version == "0.0.0"


@pytest.mark.parametrize(("pyproject", "message"), [
    ('[tool.trame-desktop]\nnmae = "typo"\n', "unknown"),
    ('[tool.trame-desktop]\nversion = "v1"\n', "start with a digit"),
    ('[tool.trame-desktop]\nfile-types = [{mime = "notamime"}]\n', "not a MIME type"),
    ('[tool.trame-desktop]\nurl-schemes = ["1bad"]\n', "not a URL scheme"),
    ('[tool.trame-desktop]\nicon = "missing.png"\n', "no such icon"),
    ('[tool.trame-desktop]\nidentifier = "nodots"\n', "reverse-DNS"),
])
def test_unusable_settings_are_refused_with_a_reason(tmp_path: Path, pyproject: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(_app(tmp_path, pyproject))


def test_the_desktop_entry_is_valid_and_quotes_its_exec_path(tmp_path: Path) -> None:
    settings = AppSettings(name="Probe", version="1.0", description="Looks; at things",
                           file_types=(parse_file_type("application/x-probe=probe"),))
    path = tmp_path / "org.example.Probe.desktop"
    path.write_text(desktop_entry(settings, "/opt/my probe/Probe"))
    validate_desktop_entry(path)  # desktop-file-validate, when installed
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path)
    entry = parser["Desktop Entry"]
    assert entry["Exec"] == '"/opt/my probe/Probe" %F'
    assert entry["Comment"] == "Looks\\; at things" and entry["MimeType"] == "application/x-probe;"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="needs desktop-file-utils")
def test_an_invalid_entry_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "bad.desktop"
    path.write_text("[Desktop Entry]\nType=Application\nName=Bad\nExec=bad %Q %F %U\n")
    assert subprocess.run(["desktop-file-validate", str(path)], capture_output=True).returncode != 0
    with pytest.raises(RuntimeError, match="not a valid desktop entry"):
        validate_desktop_entry(path)


def test_the_mime_package_names_each_extension() -> None:
    settings = AppSettings(name="Probe", file_types=(parse_file_type("application/x-probe=probe,prb"),))
    text = mime_package(settings)
    assert text is not None and '<glob pattern="*.probe"/>' in text and '<glob pattern="*.prb"/>' in text
    assert mime_package(AppSettings(name="Probe")) is None


def test_icons_are_made_at_every_size_from_one_image(tmp_path: Path) -> None:
    from PIL import Image

    from trame_desktop.packager.icons import SIZES, write_icons

    source = tmp_path / "wide.png"
    Image.new("RGBA", (600, 300), (200, 30, 30, 255)).save(source)
    written = write_icons(source, "Probe", tmp_path / "out")
    for size in SIZES:
        with Image.open(written[str(size)]) as image:
            assert image.size == (size, size)
            assert image.getpixel((0, 0))[3] == 0  # padded to a square, not stretched
    with Image.open(written["ico"]) as ico:
        assert (256, 256) in ico.info["sizes"]
    default = write_icons(None, "Probe", tmp_path / "default")
    with Image.open(default["512"]) as image:
        assert len(image.convert("RGB").getcolors(maxcolors=2**16) or []) > 2  # a drawn icon, not a blank square


def test_the_spec_fills_every_placeholder_and_compiles(tmp_path: Path) -> None:
    from trame_desktop.packager.command import build_parser, spec_text

    app = _app(tmp_path, '[tool.trame-desktop]\nversion = "1.0"\nurl-schemes = ["probe"]\n')
    for backend in ("qt", "gtk"):
        text = spec_text(build_parser().parse_args([str(app), "--backend", backend]))
        assert "@" not in "".join(line for line in text.splitlines() if not line.lstrip().startswith("#")), text
        compile(text, "probe.spec", "exec")
        assert f"BACKEND = {backend!r}" in text and "'CFBundleURLSchemes': ['probe']" in text
    assert "'PyQt6'" in spec_text(build_parser().parse_args([str(app), "--backend", "gtk"]))  # Qt left out of GTK builds


def test_the_web_inspectors_resources_are_left_out_unless_asked_for(tmp_path: Path) -> None:
    from trame_desktop.packager.command import DEVTOOLS_FILES, build_parser, spec_text

    app = _app(tmp_path, '[tool.trame-desktop]\nversion = "1.0"\n')
    pattern = repr(DEVTOOLS_FILES[0])
    assert pattern in spec_text(build_parser().parse_args([str(app)]))
    assert pattern not in spec_text(build_parser().parse_args([str(app), "--devtools"]))


def _spec_value(text: str, name: str) -> object:
    """The literal a spec assigns to ``name``."""
    assignment = next(node for node in ast.parse(text).body
                      if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name)
    return ast.literal_eval(assignment.value)


def test_the_spec_gives_the_macos_bundle_the_apps_document_types_and_url_schemes(tmp_path: Path) -> None:
    from trame_desktop.packager.command import build_parser, spec_text

    app = _app(tmp_path, '[tool.trame-desktop]\nname = "Probe"\nidentifier = "org.example.Probe"\n'
                         'file-types = [{mime = "application/x-probe", extensions = ["probe", "prb"], '
                         'description = "Probe file"}]\nurl-schemes = ["probe"]\n')
    text = spec_text(build_parser().parse_args([str(app), "--url-scheme", "probe", "--url-scheme", "probe-dev"]))
    plist = _spec_value(text, "INFO_PLIST")
    assert plist["CFBundleDocumentTypes"] == [
        {"CFBundleTypeName": "Probe file", "CFBundleTypeRole": "Editor",
         "CFBundleTypeMIMETypes": ["application/x-probe"], "CFBundleTypeExtensions": ["probe", "prb"]}]
    assert plist["CFBundleURLTypes"] == [
        {"CFBundleURLName": "org.example.Probe.probe", "CFBundleTypeRole": "Viewer", "CFBundleURLSchemes": ["probe"]},
        {"CFBundleURLName": "org.example.Probe.probe-dev", "CFBundleTypeRole": "Viewer",
         "CFBundleURLSchemes": ["probe-dev"]}]
    assert "info_plist=INFO_PLIST" in text  # what BUNDLE writes into Info.plist
    # the files and URLs macOS launches the app on reach it as arguments
    assert 'ARGV_EMULATION = sys.platform == "darwin" and not CONSOLE and True' in text
    assert text.count("argv_emulation=ARGV_EMULATION") == 2  # onefile and onedir

    (tmp_path / "plain").mkdir()  # an app without file types or URL schemes
    plain = spec_text(build_parser().parse_args([str(_app(tmp_path / "plain"))]))
    assert "CFBundleDocumentTypes" not in _spec_value(plain, "INFO_PLIST")
    assert "and not CONSOLE and False" in plain
