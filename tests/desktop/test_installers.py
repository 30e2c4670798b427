"""Linux installers of a real build: the ``.deb`` installs with dpkg, the ``.tar.gz`` with its install script; each
puts a menu entry, icons and file associations in place, the app launched from the entry's Exec line renders,
answers a click and closes with 0, and removing it leaves none of the paths it installed.

One build (both formats) per module. Slow, and it installs into /usr through dpkg: skipped unless
TRAME_DESKTOP_TEST_PACKAGING=1 (which .ci/run sets), and the .deb test only as root.
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.display import X
from tests.support.packaged import package, use_counter
from tests.support.processes import REPO

pytestmark = [
    pytest.mark.packaging,
    pytest.mark.desktop,
    pytest.mark.skipif(os.environ.get("TRAME_DESKTOP_TEST_PACKAGING") != "1", reason="set TRAME_DESKTOP_TEST_PACKAGING=1"),
    pytest.mark.timeout(1800),  # the first test also waits for the build
]

NAME = "InstallProbe"
PACKAGE = "installprobe"
APP_ID = "org.example.InstallProbe"
MIME = "application/x-install-probe"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# The app's settings come from its pyproject.toml (the rule the README documents); the version
# falls back to [project]'s, as a pre-release that Debian must order before 2.1.0.
PYPROJECT = f"""
[project]
name = "install-probe"
version = "2.1.0rc2"
description = "A counter, installed"

[tool.trame-desktop]
name = "{NAME}"
identifier = "{APP_ID}"
categories = ["Utility", "Development"]
file-types = [{{mime = "{MIME}", extensions = ["probe"], description = "Probe document"}}]
url-schemes = ["install-probe"]
"""


@pytest.fixture(scope="module")
def installers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("installers")
    app = work / "app"
    app.mkdir()
    shutil.copy(REPO / "examples" / "counter.py", app / "counter.py")
    (app / "pyproject.toml").write_text(PYPROJECT)
    # gzip: the tests check what the package installs, not how small xz makes it (xz takes minutes here)
    package(app / "counter.py", work, "--format", "deb", "--format", "tar", "--deb-compression", "gzip")
    dist = work / "dist"
    debs, tars = list(dist.glob("*.deb")), list(dist.glob("*.tar.gz"))
    assert len(debs) == 1 and len(tars) == 1, list(dist.iterdir())
    return {"deb": debs[0], "tar": tars[0]}


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _exec_command(entry: configparser.SectionProxy) -> list[str]:
    """The Exec line as a launcher runs it with nothing to open: field codes dropped, ``%%`` unescaped."""
    words = shlex.split(entry["Exec"])
    return [word.replace("%%", "%") for word in words if not (len(word) == 2 and word.startswith("%"))]


def _check_entry(path: Path) -> configparser.SectionProxy:
    if shutil.which("desktop-file-validate"):
        done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
        assert done.returncode == 0 and "error:" not in done.stdout, done.stdout + done.stderr
    entry = _entry(path)
    assert entry["Name"] == NAME and entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["MimeType"] == f"{MIME};x-scheme-handler/install-probe;"
    assert entry["Categories"] == "Utility;Development;"
    assert entry["Exec"].endswith(" %U")  # URLs (and files) reach the app as its arguments
    return entry


def _launch_and_use(command: list[str], env: dict[str, str], x: X, tmp_path: Path) -> None:
    use_counter(command, env, x, tmp_path, "installed.png")
    logs = list((Path(env["XDG_STATE_HOME"]) / NAME).rglob("*.log"))
    assert logs, "the installed app logs under its name"


def _dpkg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["dpkg", *args], capture_output=True, text=True, timeout=600)
    assert not check or done.returncode == 0, f"dpkg {' '.join(args)}: {done.stdout}{done.stderr}"
    return done


@pytest.fixture
def clean_dpkg() -> Iterator[None]:
    """No stale install of the package before the test, and none after it, whatever happens."""
    _dpkg("-P", PACKAGE, check=False)
    yield
    _dpkg("-P", PACKAGE, check=False)


@pytest.mark.skipif(shutil.which("dpkg") is None or os.geteuid() != 0, reason="installs with dpkg: needs root")
def test_the_deb_installs_a_menu_entry_that_launches_and_dpkg_removes_everything(
        installers: dict[str, Path], clean_dpkg: None, desktop_env: dict[str, str], x: X, tmp_path: Path) -> None:
    deb = installers["deb"]
    fields = {key: _dpkg_field(deb, key) for key in ("Package", "Version", "Architecture", "Depends")}
    assert fields["Package"] == PACKAGE and fields["Version"] == "2.1.0~rc2"
    assert "libc6" in fields["Depends"]  # the system libraries the build links to are dependencies

    before = {Path(line) for line in _contents(deb)}
    existed = {path for path in before if path.exists()}
    _dpkg("-i", str(deb))
    installed = [Path(line) for line in _dpkg("-L", PACKAGE).stdout.splitlines() if line.startswith("/")]

    applications = Path("/usr/share/applications")
    desktop = applications / f"{APP_ID}.desktop"
    assert desktop in installed and desktop.is_file()
    entry = _check_entry(desktop)
    for size in SIZES:
        assert (Path("/usr/share/icons/hicolor") / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    # dpkg's triggers registered the file type and the associations (shared-mime-info, desktop-file-utils)
    if shutil.which("update-mime-database"):
        assert (Path("/usr/share/mime") / f"{MIME}.xml").is_file()
    if shutil.which("update-desktop-database"):
        cache = (applications / "mimeinfo.cache").read_text()
        assert f"{MIME}={APP_ID}.desktop;" in cache and f"x-scheme-handler/install-probe={APP_ID}.desktop;" in cache
    assert os.path.realpath(f"/usr/bin/{PACKAGE}") == f"/opt/{PACKAGE}/{NAME}"

    _launch_and_use(_exec_command(entry), desktop_env, x, tmp_path)

    _dpkg("-P", PACKAGE)
    left = [p for p in installed if (p.exists() or p.is_symlink()) and not (p in existed and p.is_dir())]
    assert left == [], f"dpkg -P left behind: {left[:20]}"
    if shutil.which("update-desktop-database"):
        assert APP_ID not in (applications / "mimeinfo.cache").read_text()


def _dpkg_field(deb: Path, field: str) -> str:
    return subprocess.run(["dpkg-deb", "-f", str(deb), field], capture_output=True, text=True, check=True).stdout.strip()


def _contents(deb: Path) -> list[str]:
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    return [line.split(None, 5)[5].split(" -> ")[0].lstrip(".").rstrip("/") or "/" for line in listing.splitlines()]


def test_the_tarball_installs_under_a_prefix_launches_from_its_entry_and_uninstalls_to_nothing(
        installers: dict[str, Path], desktop_env: dict[str, str], x: X, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    with tarfile.open(installers["tar"]) as tar:
        tar.extractall(unpacked, filter="tar")
    (top,) = unpacked.iterdir()
    assert top.name == f"{PACKAGE}-2.1.0rc2"
    prefix = tmp_path / "prefix with space"  # the entry's Exec line must quote it
    prefix.mkdir()
    done = subprocess.run([str(top / "install.sh"), "--prefix", str(prefix)], capture_output=True, text=True,
                          env={**desktop_env}, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    entry = _check_entry(desktop)
    for size in SIZES:
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    if shutil.which("update-mime-database"):
        assert (prefix / "share" / "mime" / f"{MIME}.xml").is_file()
    assert (prefix / "bin" / PACKAGE).resolve() == prefix / "lib" / PACKAGE / NAME
    command = _exec_command(entry)
    assert command[0] == str(prefix / "lib" / PACKAGE / NAME)

    # the menu finds the entry: its data dir on XDG_DATA_DIRS, as a session lists ~/.local/share
    env = {**desktop_env, "XDG_DATA_DIRS": f"{prefix / 'share'}:/usr/share"}
    _launch_and_use(command, env, x, tmp_path)

    done = subprocess.run([str(prefix / "lib" / PACKAGE / "uninstall.sh")], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(prefix.rglob("*")) == [], "the uninstall left paths behind"
