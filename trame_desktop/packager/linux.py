"""Linux installers from a built onedir: a ``.deb`` (dpkg-deb) and a ``.tar.gz`` with install and uninstall scripts.

Both install the same things: the onedir, a command on the PATH, a freedesktop ``.desktop``
entry (the menu), the icon at the hicolor sizes, and, when the app declares file types, a
shared-mime-info package naming them. The ``.deb`` puts them under ``/opt`` and ``/usr``; Debian's
desktop-file-utils, shared-mime-info and icon cache packages refresh their caches through dpkg
triggers, so it needs no maintainer scripts and ``dpkg -r`` leaves nothing behind. The tarball's
``install.sh`` installs under a prefix (``~/.local`` by default, ``/usr/local`` for root), records
every path it made and leaves an ``uninstall.sh`` that removes exactly those.
"""

from __future__ import annotations

import io
import os
import platform
import re
import shutil
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from .icons import SIZES, write_icons
from .settings import AppSettings

__all__ = ["build_deb", "build_tar", "desktop_entry", "mime_package", "shared_library_packages", "validate_desktop_entry"]


def _desktop_quote(argument: str, *, force: bool = False) -> str:
    """An Exec argument quoted as the Desktop Entry spec asks (only when it has reserved characters)."""
    if not force and not re.search(r"[\s\"'\\><~|&;$*?#()`]", argument):
        return argument.replace("%", "%%")
    escaped = re.sub(r'(["`$\\])', r"\\\1", argument).replace("%", "%%")
    return f'"{escaped}"'


def _desktop_value(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace(";", "\\;")


def desktop_entry(settings: AppSettings, executable: str, *, quote: bool = False) -> str:
    """The ``.desktop`` file: launching it runs ``executable``, passing the opened files or URLs.

    ``%F`` (local files) for file types, ``%U`` when URL schemes are declared (the spec allows one
    field code): the app receives them as command-line arguments. ``quote`` quotes the
    executable whatever it holds (a path an install script fills in later may have spaces).
    """
    arguments = " %U" if settings.url_schemes else " %F" if settings.file_types else ""
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        f"Name={_desktop_value(settings.name)}",
        f"Comment={_desktop_value(settings.summary)}",
        f"Exec={_desktop_quote(executable, force=quote)}{arguments}",
        f"TryExec={_desktop_value(executable)}",
        f"Icon={settings.app_id}",
        "Terminal=false",
        f"Categories={';'.join(settings.categories)};",
        # the window's class is the executable's name, which is the build's name
        f"StartupWMClass={_desktop_value(settings.name)}",
    ]
    if settings.mime_types:
        lines.append(f"MimeType={';'.join(settings.mime_types)};")
    return "\n".join(lines) + "\n"


def mime_package(settings: AppSettings) -> str | None:
    """A shared-mime-info package declaring the app's file types by extension, or None without any."""
    types = [t for t in settings.file_types if t.extensions]
    if not types:
        return None
    body = []
    for file_type in types:
        comment = file_type.description or f"{settings.name} document"
        globs = "".join(f'    <glob pattern="*.{escape(ext)}"/>\n' for ext in file_type.extensions)
        body.append(f'  <mime-type type="{escape(file_type.mime)}">\n    <comment>{escape(comment)}</comment>\n'
                    f"{globs}  </mime-type>\n")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">\n'
            f"{''.join(body)}</mime-info>\n")


def validate_desktop_entry(path: Path) -> None:
    """Run ``desktop-file-validate`` (Debian's desktop-file-utils) when installed; raise on its errors."""
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        return
    done = subprocess.run([tool, str(path)], capture_output=True, text=True)
    # it prints hints too; only errors (and a failing status) make the entry unusable
    errors = [line for line in (done.stdout + done.stderr).splitlines() if "error:" in line]
    if done.returncode != 0 or errors:
        msg = f"{path.name} is not a valid desktop entry:\n" + "\n".join(errors or [done.stdout + done.stderr])
        raise RuntimeError(msg)


def _elf_files(folder: Path) -> Iterable[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as file:
                if file.read(4) == b"\x7fELF":
                    yield path


def shared_library_packages(folder: Path) -> list[str]:
    """The Debian packages holding the system libraries the onedir's binaries link to (``ldd``, ``dpkg -S``).

    PyInstaller bundles a Python package's own libraries; the rest (X11, GL, NSS, fontconfig,
    glibc) come from the system, and a ``.deb`` must depend on them so ``apt`` installs them.
    """
    if not shutil.which("ldd") or not shutil.which("dpkg"):
        return []
    inside = folder.resolve()
    libraries: set[str] = set()
    for binary in _elf_files(folder):
        done = subprocess.run(["ldd", str(binary)], capture_output=True, text=True)
        for match in re.finditer(r"=> (/\S+) \(0x", done.stdout):
            library = Path(match.group(1))
            if inside not in library.resolve().parents:
                libraries.add(str(library))
    if not libraries:
        return []
    # dpkg knows a file by the path its package shipped it under: with a merged /usr that may be
    # /lib/... or /usr/lib/..., so ask for both spellings and the resolved path
    queries: set[str] = set()
    for found in libraries:
        for candidate in (found, os.path.realpath(found)):
            queries.add(candidate)
            queries.add(candidate.removeprefix("/usr") if candidate.startswith("/usr/lib") else "/usr" + candidate)
    done = subprocess.run(["dpkg", "-S", *sorted(queries)], capture_output=True, text=True)
    packages: set[str] = set()
    for line in done.stdout.splitlines():
        owners, _, _path = line.partition(": /")
        # "pkg: /path", "pkg1, pkg2: /path" (a shared directory), "diversion by pkg from: /path"
        if _path and not owners.startswith("diversion"):
            packages.add(owners.split(",")[0].split(":")[0].strip())
    return sorted(p for p in packages if re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", p))


#: System packages a backend loads without linking to them (GObject introspection data, found at run time).
BACKEND_DEPENDS: dict[str, tuple[str, ...]] = {
    "gtk": ("gir1.2-gtk-3.0", "gir1.2-webkit2-4.1"),
    "qt": (),
}


def _architecture() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def _copy_tree(source: Path, target: Path) -> None:
    """Copy the onedir, hard-linking its files when on the same file system (a build is hundreds of MiB)."""
    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, symlinks=True, copy_function=link_or_copy)


def _write(path: Path, text: str, mode: int = 0o644) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def _share_files(settings: AppSettings, executable: str, share: Path, icons: dict[str, Path], *,
                 quote: bool = False) -> None:
    """The desktop entry, icons and MIME package under ``share`` (a ``usr/share`` to be)."""
    entry = _write(share / "applications" / f"{settings.app_id}.desktop",
                   desktop_entry(settings, executable, quote=quote))
    validate_desktop_entry(entry)
    for size in SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{settings.app_id}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icons[str(size)], target)
        target.chmod(0o644)
    mime = mime_package(settings)
    if mime is not None:
        _write(share / "mime" / "packages" / f"{settings.app_id}.xml", mime)


def _size_kib(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*")) // 1024 + 1


def build_deb(settings: AppSettings, onedir: Path, out: Path, work: Path, *, backend: str = "qt",
              compression: str = "xz") -> Path:
    """``out/<package>_<version>_<arch>.deb`` installing ``onedir`` as ``/opt/<package>``."""
    package, version, arch = settings.package_name, settings.debian_version(), _architecture()
    root = work / "deb-root"
    shutil.rmtree(root, ignore_errors=True)
    install = root / "opt" / package
    install.parent.mkdir(parents=True)
    _copy_tree(onedir, install)
    executable = f"/opt/{package}/{onedir.name}"
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / package).symlink_to(executable)
    icons = write_icons(settings.icon, settings.name, work / "icons")
    _share_files(settings, executable, root / "usr" / "share", icons)

    depends = sorted({*shared_library_packages(onedir), *BACKEND_DEPENDS.get(backend, ())})
    description = settings.description.strip().splitlines()[1:] or ["Packaged with trame-desktop."]
    long_description = "\n".join(f" {line.strip() or '.'}" for line in description)
    control = [
        f"Package: {package}",
        f"Version: {version}",
        f"Architecture: {arch}",
        f"Maintainer: {settings.maintainer or 'unknown <unknown@localhost>'}",
        f"Installed-Size: {_size_kib(root)}",
        *([f"Depends: {', '.join(depends)}"] if depends else []),
        "Section: misc",
        "Priority: optional",
        *([f"Homepage: {settings.homepage}"] if settings.homepage else []),
        f"Description: {settings.summary}",
        long_description,
    ]
    _write(root / "DEBIAN" / "control", "\n".join(control) + "\n")
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{package}_{version}_{arch}.deb"
    # xz at level 9: its 64 MiB window spans most of Chromium's library, 5% smaller than dpkg's
    # default 6 (116 -> 110 MiB for a Qt build), paid once at build time
    level = ["-z9"] if compression == "xz" else []
    subprocess.run(["dpkg-deb", "--root-owner-group", f"-Z{compression}", *level, "--build", str(root), str(deb)],
                   check=True, capture_output=True, text=True)
    shutil.rmtree(root, ignore_errors=True)
    return deb


_INSTALL_SH = r"""#!/bin/sh
# Installs @NAME@ @VERSION@: under ~/.local (root: /usr/local), or --prefix DIR.
# It records what it made; PREFIX/lib/@PACKAGE@/uninstall.sh removes exactly that.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then prefix=/usr/local; else prefix="$HOME/.local"; fi
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    -h|--help) echo "usage: $0 [--prefix DIR]   (default: ~/.local, or /usr/local for root)"; exit 0 ;;
    *) echo "$0: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
case "$prefix" in  # the menu entry's Exec line quotes the path; these would need escaping in it
  *[\\\"\`\$]*) echo "$0: the prefix may not contain \\, \", \` or \$: $prefix" >&2; exit 2 ;;
esac
app="$prefix/lib/@PACKAGE@"
if [ -e "$app" ]; then "$app/uninstall.sh" >/dev/null 2>&1 || rm -rf "$app"; fi
manifest=$(mktemp)
# every directory made here is recorded (deepest last) so uninstall can remove it again
make_dir() {
  [ -d "$1" ] && return 0
  make_dir "$(dirname "$1")"
  mkdir "$1" && echo "d $1" >> "$manifest"
}
put() {  # put SOURCE TARGET MODE
  make_dir "$(dirname "$2")"
  cp "$1" "$2" && chmod "$3" "$2" && echo "f $2" >> "$manifest"
}
make_dir "$prefix/lib"
cp -R "$here/app" "$app" && echo "d $app" >> "$manifest" && echo "t $app" >> "$manifest"
make_dir "$prefix/bin"
ln -sf "$app/@EXECUTABLE@" "$prefix/bin/@PACKAGE@" && echo "f $prefix/bin/@PACKAGE@" >> "$manifest"
sed "s|@APPDIR@|$app|g" "$here/share/applications/@APPID@.desktop" > "$here/.entry"
put "$here/.entry" "$prefix/share/applications/@APPID@.desktop" 644
rm -f "$here/.entry"
for icon in "$here"/share/icons/hicolor/*/apps/@APPID@.png; do
  size=$(basename "$(dirname "$(dirname "$icon")")")
  put "$icon" "$prefix/share/icons/hicolor/$size/apps/@APPID@.png" 644
done
if [ -f "$here/share/mime/packages/@APPID@.xml" ]; then
  put "$here/share/mime/packages/@APPID@.xml" "$prefix/share/mime/packages/@APPID@.xml" 644
fi
sed "s|@@PREFIX@@|$prefix|g" "$here/uninstall.sh" > "$app/uninstall.sh" && chmod 755 "$app/uninstall.sh"
mv "$manifest" "$app/.installed" && chmod 644 "$app/.installed"
# the menu's and file manager's caches (when their tools are installed)
if [ -d "$prefix/share/mime/packages" ] && command -v update-mime-database >/dev/null; then
  update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
fi
if command -v update-desktop-database >/dev/null; then
  update-desktop-database -q "$prefix/share/applications" >/dev/null 2>&1 || true
fi
touch "$prefix/share/icons/hicolor" 2>/dev/null || true
echo "@NAME@ @VERSION@ installed in $app (menu entry $prefix/share/applications/@APPID@.desktop)"
echo "uninstall with: $app/uninstall.sh"
"""

_UNINSTALL_SH = r"""#!/bin/sh
# Removes @NAME@ as install.sh installed it under @@PREFIX@@: the paths it recorded, nothing else.
set -eu
prefix="@@PREFIX@@"
app="$prefix/lib/@PACKAGE@"
manifest="$app/.installed"
[ -f "$manifest" ] || { echo "$0: $manifest is missing: not installed here?" >&2; exit 1; }
list=$(mktemp)
cp "$manifest" "$list"
grep '^f ' "$list" | cut -c3- | while IFS= read -r path; do rm -f "$path"; done
grep '^t ' "$list" | cut -c3- | while IFS= read -r path; do rm -rf "$path"; done
# caches the desktop's tools generated for what is now gone (only in folders install.sh made)
made() { grep -qxF "d $1" "$list"; }
if [ -d "$prefix/share/mime" ]; then
  if made "$prefix/share/mime" && [ -z "$(ls -A "$prefix/share/mime/packages" 2>/dev/null)" ]; then
    rm -rf "$prefix/share/mime"
  elif command -v update-mime-database >/dev/null; then
    update-mime-database "$prefix/share/mime" >/dev/null 2>&1 || true
  fi
fi
if [ -d "$prefix/share/applications" ]; then
  if made "$prefix/share/applications" && [ -z "$(ls -A "$prefix/share/applications" | grep -v '^mimeinfo.cache$' || true)" ]; then
    rm -f "$prefix/share/applications/mimeinfo.cache"
  elif command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$prefix/share/applications" >/dev/null 2>&1 || true
  fi
fi
# the folders install.sh made, deepest first, when nothing else lives in them now
grep '^d ' "$list" | cut -c3- | sort -r | while IFS= read -r path; do rmdir "$path" 2>/dev/null || true; done
rm -f "$list"
echo "@NAME@ uninstalled from $prefix"
"""


def _fill(template: str, settings: AppSettings, executable: str) -> str:
    values = {"@NAME@": settings.name, "@VERSION@": settings.version, "@PACKAGE@": settings.package_name,
              "@APPID@": settings.app_id, "@EXECUTABLE@": executable}
    for key, value in values.items():
        template = template.replace(key, value)
    return template


def build_tar(settings: AppSettings, onedir: Path, out: Path, work: Path, *, level: int = 6) -> Path:
    """``out/<package>-<version>-linux-<arch>.tar.gz``: one folder with ``app/``, ``share/``, ``install.sh``, ``uninstall.sh``."""
    package = settings.package_name
    top = f"{package}-{settings.version}"
    stage = work / "tar-root" / top
    shutil.rmtree(stage.parent, ignore_errors=True)
    stage.mkdir(parents=True)
    _copy_tree(onedir, stage / "app")
    icons = write_icons(settings.icon, settings.name, work / "icons")
    # the install script writes the final path in place of @APPDIR@
    _share_files(settings, f"@APPDIR@/{onedir.name}", stage / "share", icons, quote=True)
    _write(stage / "install.sh", _fill(_INSTALL_SH, settings, onedir.name), 0o755)
    _write(stage / "uninstall.sh", _fill(_UNINSTALL_SH, settings, onedir.name), 0o755)
    out.mkdir(parents=True, exist_ok=True)
    archive = out / f"{top}-linux-{platform.machine()}.tar.gz"

    def normalized(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        return info

    with tarfile.open(archive, "w:gz", compresslevel=level) as tar:
        tar.add(stage, arcname=top, filter=normalized)
        readme = (f"{settings.name} {settings.version}\n\nInstall:    ./install.sh [--prefix DIR]   "
                  f"(default ~/.local; /usr/local as root)\nUninstall:  PREFIX/lib/{package}/uninstall.sh\n").encode()
        info = normalized(tarfile.TarInfo(f"{top}/README"))
        info.size, info.mode = len(readme), 0o644
        tar.addfile(info, io.BytesIO(readme))
    shutil.rmtree(stage.parent, ignore_errors=True)
    return archive
