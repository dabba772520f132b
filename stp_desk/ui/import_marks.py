"""PySide's table of which modules use it, filled in for the modules whose answer is known without reading them.

PySide6 puts its own `__import__` in place, so that a module may import `snake_case` from `__feature__` and see
Qt's names as it chose. To know which modules take part it keeps a table, published as
`PySide6.support.feature.pyside_feature_dict`: 0 for a module that uses PySide6 (no feature chosen), -1 for one to
leave alone. After every import that names a module not yet in the table, even one loaded long before (`os`,
`typing`), it reads that module's whole source looking for the word "PySide6": 46 modules and about 6 ms of a start
until the Overview paints (docs/performance.md).

This fills the table in as that reading would, for the modules whose answer is known without reading them: -1 for
the standard library's, which never name PySide6, and for the program's own outside `stp_desk.ui` (only `ui/` uses
Qt: tests/unit/test_layers.py); 0 for those in `stp_desk.ui`, but the two that use no Qt. Those loaded already are
marked at once; the rest as each is first imported, by a finder that only marks and finds nothing. Each mark is
checked against PySide's own reading (tests/gui/test_start_up.py). No module of the program chooses a feature, so
whichever mark a module had, its Qt names would be the same. Marks already there are kept.

Imported for this alone, by `ui.app` before any Qt class: importing it marks the modules.
"""

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

import PySide6  # noqa: F401  # loads shiboken's support code, whose table this fills

PROGRAM = "stp_desk"
QT_FREE_UI = frozenset({"stp_desk.ui.catalogue", "stp_desk.ui.meeting"})  # in ui/, but naming no PySide6


def mark(name: str) -> int | None:
    """The mark PySide's reading of module `name` would give it, if it is the program's or the standard library's."""
    top = name.partition(".")[0]
    if top == PROGRAM:
        return 0 if name.startswith(f"{PROGRAM}.ui.") and name not in QT_FREE_UI else -1
    return -1 if top in sys.stdlib_module_names else None


class _Marker:
    """First on Python's list of finders: marks each module as it is first imported, and leaves finding it to the
    finders after it."""

    def __init__(self, table: dict[str, int]) -> None:
        self.table = table

    def find_spec(self, name: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        if name not in self.table and (known := mark(name)) is not None:
            self.table[name] = known
        return None


def mark_known_modules() -> None:
    """Mark the modules loaded so far, and from now on each module as it is first imported."""
    table = getattr(sys.modules.get("PySide6.support.feature"), "pyside_feature_dict", None)
    if not isinstance(table, dict):  # another PySide: it reads, as before
        return
    for name in list(sys.modules):
        if name not in table and (known := mark(name)) is not None:
            table[name] = known
    sys.meta_path.insert(0, _Marker(table))


mark_known_modules()
