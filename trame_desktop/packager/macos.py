"""What a macOS build's ``Info.plist`` says of the app: its name and version, the document types it
opens (``CFBundleDocumentTypes``, from ``file-types``) and the URL schemes it handles
(``CFBundleURLTypes``, from ``url-schemes``)."""

from __future__ import annotations

from typing import Any

from .settings import AppSettings

__all__ = ["info_plist", "opens_documents"]


def info_plist(settings: AppSettings) -> dict[str, Any]:
    """The keys PyInstaller's ``BUNDLE(info_plist=...)`` adds to the ones it writes itself (bundle
    identifier, version, executable, icon)."""
    plist: dict[str, Any] = {
        "NSHighResolutionCapable": True,
        "CFBundleDisplayName": settings.name,
        "CFBundleShortVersionString": settings.version,
        "NSHumanReadableCopyright": settings.summary,
    }
    if settings.file_types:
        # By extension and MIME type, with no LSItemContentTypes: when that key is present, even
        # empty, Launch Services reads the document type from it alone and ignores the other two.
        plist["CFBundleDocumentTypes"] = [
            {"CFBundleTypeName": t.description or t.mime, "CFBundleTypeRole": "Editor",
             "CFBundleTypeMIMETypes": [t.mime], "CFBundleTypeExtensions": list(t.extensions)}
            for t in settings.file_types
        ]
    if settings.url_schemes:
        plist["CFBundleURLTypes"] = [
            {"CFBundleURLName": f"{settings.app_id}.{scheme}", "CFBundleTypeRole": "Viewer",
             "CFBundleURLSchemes": [scheme]}
            for scheme in settings.url_schemes
        ]
    return plist


def opens_documents(settings: AppSettings) -> bool:
    """Whether the OS may launch the app on a file or URL: macOS hands those over as Apple events,
    which PyInstaller's bootloader turns into ``sys.argv`` (``argv_emulation``) for the launch."""
    return bool(settings.file_types or settings.url_schemes)
