"""Modal dialogs that are freed once answered."""

from PySide6.QtWidgets import QDialog


def run_modal(dialog: QDialog) -> int:
    """Show a dialog until it is answered, then let Qt free it.

    A dialog with a parent would otherwise live as long as its window, and PySide can then crash at exit.
    """
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()
