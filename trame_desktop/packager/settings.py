"""The packaged app's identity (name, version, icon, file types, URL schemes) from the command line and pyproject.toml.

One rule, documented in the README's Packaging section: a command-line option wins; otherwise
the ``[tool.trame-desktop]`` table of the ``pyproject.toml`` *in the app file's own folder* (or the
file ``--config`` names) gives it; ``version`` and ``description`` then fall back to that file's
``[project]`` table; then a default. Only the app's own folder is read, never its parents: an app
kept inside another project (an example in a repository) must not take that project's version.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["AppSettings", "FileType", "SettingsError", "load_settings", "parse_file_type"]

#: Freedesktop main categories a menu files an app under; the first is the default.
DEFAULT_CATEGORIES: tuple[str, ...] = ("Utility",)


class SettingsError(ValueError):
    """A setting that cannot be used (its message says which and why)."""


@dataclass(frozen=True)
class FileType:
    """A document type the app opens: a MIME type and its file name extensions (without the dot)."""

    mime: str
    extensions: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class AppSettings:
    """What installers, menus and bundles say about the app."""

    name: str
    version: str = "0.0.0"
    description: str = ""
    icon: Path | None = None
    identifier: str = ""
    maintainer: str = ""
    homepage: str = ""
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    file_types: tuple[FileType, ...] = ()
    url_schemes: tuple[str, ...] = ()
    config: Path | None = field(default=None, compare=False)  # the pyproject.toml read, if any

    @property
    def package_name(self) -> str:
        """The Debian package and command name: lower case, ``[a-z0-9.+-]``, starting with an alphanumeric."""
        name = re.sub(r"[^a-z0-9.+-]+", "-", self.name.lower()).strip("-.+")
        return name if len(name) >= 2 else f"app-{name}" if name else "app"

    @property
    def app_id(self) -> str:
        """The reverse-DNS identifier: desktop entry and icon file names, the macOS bundle identifier."""
        return self.identifier or f"io.trame-desktop.{re.sub(r'[^A-Za-z0-9-]+', '-', self.name).strip('-') or 'app'}"

    @property
    def summary(self) -> str:
        return self.description.strip().splitlines()[0] if self.description.strip() else f"{self.name}, a desktop app"

    @property
    def mime_types(self) -> tuple[str, ...]:
        """Every MIME type the app's menu entry declares: its file types and ``x-scheme-handler/<scheme>``."""
        return (*(t.mime for t in self.file_types), *(f"x-scheme-handler/{s}" for s in self.url_schemes))

    def debian_version(self) -> str:
        """The version as Debian orders it: a PEP 440 pre-release (``1.0rc1``, ``2.0.dev3``) sorts before its release."""
        version = re.sub(r"(?<=\d)[.-]?(a|b|rc|dev)(?=\d)", r"~\1", self.version.strip())
        if not re.fullmatch(r"[0-9][A-Za-z0-9.+~-]*", version):
            msg = f"version {self.version!r} is not usable as a package version (it must start with a digit)"
            raise SettingsError(msg)
        return version


_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")


def parse_file_type(text: str) -> FileType:
    """``MIME[=EXT,EXT...]`` from the command line (``application/x-probe=probe,prb``)."""
    mime, _, extensions = text.partition("=")
    return _file_type({"mime": mime, "extensions": [e for e in extensions.split(",") if e]})


def _file_type(entry: Any) -> FileType:
    if isinstance(entry, str):
        entry = {"mime": entry}
    if not isinstance(entry, dict) or not isinstance(entry.get("mime"), str):
        msg = f"a file type needs a 'mime' string: {entry!r}"
        raise SettingsError(msg)
    mime = entry["mime"].strip()
    if not _MIME.fullmatch(mime):
        msg = f"not a MIME type: {mime!r} (expected type/subtype, e.g. application/x-myapp)"
        raise SettingsError(msg)
    extensions = tuple(str(e).strip().lstrip(".").lower() for e in entry.get("extensions", ()))
    if any(not re.fullmatch(r"[a-z0-9_+-]+", e) for e in extensions):
        msg = f"file name extensions of {mime} must be letters, digits, '_', '+' or '-': {extensions}"
        raise SettingsError(msg)
    return FileType(mime, extensions, str(entry.get("description", "")).strip())


def _scheme(text: str) -> str:
    scheme = text.strip().lower().removesuffix("://").removesuffix(":")
    if not _SCHEME.fullmatch(scheme):
        msg = f"not a URL scheme: {text!r} (a letter, then letters, digits, '+', '-' or '.')"
        raise SettingsError(msg)
    return scheme


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        msg = f"cannot read {path}: {error}"
        raise SettingsError(msg) from error


def _strings(value: Any, key: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        msg = f"[tool.trame-desktop] {key} must be a string or a list of strings"
        raise SettingsError(msg)
    return value


def load_settings(app: Path, *, config: Path | None = None, name: str | None = None, version: str | None = None,
                  description: str | None = None, icon: str | None = None, identifier: str | None = None,
                  maintainer: str | None = None, homepage: str | None = None, categories: list[str] | None = None,
                  file_types: list[str] | None = None, url_schemes: list[str] | None = None) -> AppSettings:
    """The app's settings: the keyword arguments (command-line options; None when not given) over the table."""
    path = config if config is not None else app.resolve().parent / "pyproject.toml"
    if config is not None and not config.is_file():
        msg = f"no such settings file: {config}"
        raise SettingsError(msg)
    document = _read_toml(path) if path.is_file() else {}
    table = document.get("tool", {}).get("trame-desktop", {})
    project = document.get("project", {})
    if not isinstance(table, dict):
        msg = f"{path}: [tool.trame-desktop] must be a table"
        raise SettingsError(msg)
    unknown = set(table) - {"name", "version", "description", "icon", "identifier", "maintainer", "homepage",
                            "categories", "file-types", "url-schemes"}
    if unknown:
        msg = f"{path}: unknown [tool.trame-desktop] keys: {', '.join(sorted(unknown))}"
        raise SettingsError(msg)

    def pick(given: str | None, key: str, fallback: str = "") -> str:
        value = given if given is not None else table.get(key, fallback)
        if not isinstance(value, str):
            msg = f"[tool.trame-desktop] {key} must be a string"
            raise SettingsError(msg)
        return value

    icon_text = pick(icon, "icon")
    icon_path: Path | None = None
    if icon_text:
        # a relative icon in the table is relative to its pyproject.toml; on the command line, to the cwd
        icon_path = (Path(icon_text) if icon is not None else path.parent / icon_text).resolve()
        if not icon_path.is_file():
            msg = f"no such icon file: {icon_path}"
            raise SettingsError(msg)
    urls = url_schemes if url_schemes is not None else _strings(table.get("url-schemes", []), "url-schemes")
    if file_types is not None:
        types = tuple(parse_file_type(text) for text in file_types)
    else:
        entries = table.get("file-types", [])
        if not isinstance(entries, list):
            msg = "[tool.trame-desktop] file-types must be a list of tables ({mime = ..., extensions = [...]})"
            raise SettingsError(msg)
        types = tuple(_file_type(entry) for entry in entries)
    homepage_fallback = next(iter(project.get("urls", {}).values()), "") if isinstance(project.get("urls"), dict) else ""
    settings = AppSettings(
        name=pick(name, "name", app.stem).strip() or app.stem,
        version=pick(version, "version", str(project.get("version", "0.0.0"))),
        description=pick(description, "description", str(project.get("description", ""))),
        icon=icon_path,
        identifier=pick(identifier, "identifier"),
        maintainer=pick(maintainer, "maintainer"),
        homepage=pick(homepage, "homepage", str(homepage_fallback)),
        categories=tuple(categories if categories else _strings(table.get("categories", list(DEFAULT_CATEGORIES)),
                                                                 "categories")),
        file_types=types,
        url_schemes=tuple(_scheme(s) for s in urls),
        config=path if path.is_file() else None,
    )
    if settings.identifier and not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)+", settings.identifier):
        msg = f"identifier {settings.identifier!r} must be reverse-DNS (org.example.MyApp)"
        raise SettingsError(msg)
    settings.debian_version()  # fail early, before a build, on a version no installer can carry
    return settings
