"""Modal dialogs that are freed once answered."""

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:  # named in annotations only: the window's start makes no dialog, so PySide need not make the class
    from PySide6.QtWidgets import QDialog, QDialogButtonBox


def run_modal(dialog: "QDialog") -> int:
    """Show a dialog until it is answered, then let Qt free it.

    A dialog with a parent would otherwise live as long as its window, and PySide can then crash at exit.
    """
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()


def buttons_in_reading_order(box: "QDialogButtonBox") -> None:
    """Tab through a dialog's buttons in the order the desktop's layout shows them (Export before Cancel on Windows).

    A box made before its dialog (`QDialogButtonBox(Cancel)`, then `addButton("Export")`) sets its buttons' order
    for Tab while it is a window of its own, where Qt cannot; in the dialog, Tab then took them in the order they
    were made, Cancel first. Call once the box is in its dialog's layout."""
    layout = box.layout()
    assert layout is not None  # the box lays its buttons out in a layout of its own from the first
    items = (layout.itemAt(i) for i in range(layout.count()))
    shown = [w for w in (item.widget() for item in items if item is not None) if w is not None]
    for before, after in pairwise(shown):
        QWidget.setTabOrder(before, after)
