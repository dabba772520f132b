"""A record found on a network path or in a synced folder: say why it cannot be opened there, and offer to copy it
to this computer (its backups may stay in that folder, which the council may back up)."""

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QCheckBox, QMessageBox, QWidget

from stp_desk import paths
from stp_desk.domain.keeping import NotLocal
from stp_desk.errors import KnownError


def offer_local_copy(parent: QWidget | None, refused: NotLocal) -> Path | None:
    """Ask the clerk; with their yes, copy the record into the data folder and return the copy's path."""
    from stp_desk.domain.backups import copy_to
    from stp_desk.ui.settings import BACKUP_FOLDER

    box = QMessageBox(QMessageBox.Icon.Warning, parent.tr("Open record") if parent else "Open record",
                      str(refused), QMessageBox.StandardButton.Cancel, parent)
    copy = box.addButton(box.tr("&Copy to this computer"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(copy)
    keep = QCheckBox(box.tr("Keep its backups in {0}").format(refused.path.parent))
    keep.setChecked(True)
    box.setCheckBox(keep)
    box.setInformativeText(box.tr("The copy goes to {0}; the file where it is now is left as it is.").format(
        paths.data_dir()))
    box.exec()
    if box.clickedButton() is not copy:
        return None
    target = _free_name(paths.data_dir() / refused.path.name)
    try:
        copy_to(refused.path, target)
    except KnownError as e:
        QMessageBox.warning(parent, box.tr("Open record"), str(e))
        return None
    if keep.isChecked():
        QSettings().setValue(BACKUP_FOLDER, str(refused.path.parent))
    return target


def _free_name(path: Path) -> Path:
    n = 1
    while path.exists():
        path = path.with_name(f"{path.stem.rsplit(' (', 1)[0]} ({n}){path.suffix}")
        n += 1
    return path
