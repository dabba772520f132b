"""PySide's table of which modules use it, filled in for the modules whose answer is known without reading them.

PySide6 puts its own `__import__` in place, so that a module may import `snake_case` from `__feature__` and see
Qt's names as it chose. To know which modules take part it keeps a table, published as
`PySide6.support.feature.pyside_feature_dict`: 0 for a module that uses PySide6 (no feature chosen), -1 for one to
leave alone. After every import that names a module not yet in the table, even one loaded long before (`os`,
`typing`), it reads that module's whole source looking for the word "PySide6": 46 modules and about 6 ms of a start
until the Overview paints (docs/performance.md).

This fills the table in as that reading would, before the window's modules load: -1 for the standard library's
modules, which never name PySide6, and for the program's own outside `stp_desk.ui` (only `ui/` uses Qt:
tests/unit/test_layers.py); 0 for those in `stp_desk.ui`, but the two that use no Qt. Each mark is checked against
PySide's own reading (tests/gui/test_start_up.py). No module of the program chooses a feature, so whichever mark a
module had, its Qt names would be the same. Marks already there are kept.

Imported for this alone, by `ui.app` before any Qt class: importing it marks the modules.
"""

import os
import sys

import PySide6  # noqa: F401  # loads shiboken's support code, whose table this fills

PROGRAM = "stp_desk"
QT_FREE_UI = frozenset({"stp_desk.ui.catalogue", "stp_desk.ui.meeting"})  # in ui/, but naming no PySide6


def mark(name: str) -> int:
    """The mark PySide's reading of a module of the program would give it."""
    return 0 if name.startswith(f"{PROGRAM}.ui.") and name not in QT_FREE_UI else -1


def program_marks() -> dict[str, int]:
    """Every module of the program and its mark, named from its source folders (none in the installed program, whose
    modules are in an archive: PySide cannot read their source either, and gives up at once). A folder without an
    `__init__.py` is a package with no source to read: -1, as PySide marks it."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    marks = {}
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [f for f in subfolders if f != "__pycache__"]
        inside = os.path.relpath(folder, root)
        package = ".".join([PROGRAM, *([] if inside == os.curdir else inside.split(os.sep))])
        marks[package] = mark(package) if "__init__.py" in files else -1
        marks.update((f"{package}.{f[:-3]}", mark(f"{package}.{f[:-3]}")) for f in files
                     if f.endswith(".py") and f != "__init__.py")
    return marks


def mark_known_modules() -> None:
    """Fill in PySide's table for the standard library's modules and the program's, loaded or not."""
    table = getattr(sys.modules.get("PySide6.support.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):  # another PySide: it reads, as before
        return
    standard = sys.stdlib_module_names
    loaded = [name for name in sys.modules if name.partition(".")[0] in standard]
    for name in [*standard, *loaded]:
        table.setdefault(name, -1)
    for name, known in program_marks().items():
        table.setdefault(name, known)


mark_known_modules()
