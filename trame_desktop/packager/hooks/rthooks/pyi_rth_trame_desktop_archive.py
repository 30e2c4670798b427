"""PyInstaller run-time hook: the app reads its modules' code through one descriptor of its executable.

PyInstaller's frozen importer opens the executable again for each module it loads (hundreds at a
trame app's start); :func:`trame_desktop.process.frozen_archive.read_through_one_descriptor` reads
them with ``os.pread`` on one descriptor instead (POSIX; elsewhere the importer stays as it is).
"""


def _read_modules_through_one_descriptor():
    import sys

    archive = getattr(sys.modules.get("pyimod02_importers"), "pyz_archive", None)
    archive_module = sys.modules.get("pyimod01_archive")
    if archive is None or archive_module is None:  # not PyInstaller's bootstrap as this hook knows it
        return
    from trame_desktop.process.frozen_archive import read_through_one_descriptor

    read_through_one_descriptor(archive, archive_module)


_read_modules_through_one_descriptor()
del _read_modules_through_one_descriptor
