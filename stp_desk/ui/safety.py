"""Backups from the window (on closing, at most daily while open, on demand), restore, and checking signed files."""

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from stp_desk.domain.backups import RestoreCancelled, back_up, backup_due, backup_now, finish_restore, stage_restore
from stp_desk.domain.keeping import Store
from stp_desk.domain.record import Record
from stp_desk.domain.seals import check_signed_document
from stp_desk.errors import KnownError
from stp_desk.ui.background import BackgroundTask, Progress
from stp_desk.ui.modal import run_modal
from stp_desk.ui.settings import backup_folder, backup_keep

log = logging.getLogger(__name__)


class Backups(QObject):
    """Keeps the open record backed up; restores a backup after backing up the record as it is."""

    def __init__(self, window: QMainWindow, record: Callable[[], Record], reopen: Callable[[Path], None]) -> None:
        super().__init__(window)
        self.window, self._record, self._reopen = window, record, reopen
        self.last_task: BackgroundTask | None = None

    def if_due(self) -> None:
        """A backup in the background unless one was made today."""
        if backup_due(backup_folder(), date.today(), self._record().path):
            self.now(quietly=True)

    def now(self, *, quietly: bool = False) -> None:
        path, folder, keep = self._record().path, backup_folder(), backup_keep()

        def work(progress: Progress) -> Path:
            with Store.open(path, lock=False) as store:
                return backup_now(store, folder, keep)

        self.last_task = BackgroundTask(self.window, self.tr("Backing up…"), work, self._done,
                                        lambda e: self._failed(e, quietly))
        self.last_task.start()

    def on_close(self) -> None:
        """The backup made when the record closes (quick: SQLite's online backup)."""
        try:
            back_up(self._record(), backup_folder(), backup_keep())
        except KnownError as e:  # closing must never be stopped by a backup; the log and the next one say why
            log.warning("No backup on closing %s: %s", self._record().path, e)

    def _done(self, path: Path) -> None:
        self.window.statusBar().showMessage(self.tr("Backed up to {0}.").format(path), 10000)

    def _failed(self, error: Exception, quietly: bool) -> None:
        message = self.tr("The backup was not made: {0}").format(error)
        if quietly:
            self.window.statusBar().showMessage(message, 15000)
        else:
            QMessageBox.warning(self.window, self.tr("Back up"), message)

    def choose_and_restore(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self.window, self.tr("Restore from a backup"), str(backup_folder()),
                                                self.tr("stp-desk records (*.stpdesk);;All files (*)"))
        if chosen:
            self.restore_from(Path(chosen))

    def restore_from(self, backup: Path) -> None:
        """Replace the open record with a backup; the record as it was is backed up first and nothing is lost.

        The backup is checked and copied on a worker thread (seconds for a large record) while the record stays
        open; only the quick swap at the end closes it.
        """
        target, folder, keep = self._record().path, backup_folder(), backup_keep()
        title = self.tr("Restore from a backup")
        answer = QMessageBox.question(
            self.window, title,
            self.tr("Replace the record {0} with the backup {1}? The record as it is now is backed up first.")
            .format(target.name, backup.name))
        if answer != QMessageBox.StandardButton.Yes:
            return

        def swap(staged: Path) -> None:
            self._record().close()
            try:
                kept = finish_restore(staged, target, folder, keep)
            except KnownError as e:
                self._reopen(target)
                QMessageBox.warning(self.window, title, str(e))
                return
            self._reopen(target)
            where = self.tr(" The record as it was is kept in {0}.").format(kept) if kept else ""
            self.window.statusBar().showMessage(self.tr("Restored {0} from {1}.").format(target.name, backup.name)
                                                + where, 15000)

        def refused(error: Exception) -> None:
            if isinstance(error, RestoreCancelled):
                self.window.statusBar().showMessage(str(error), 10000)
            elif isinstance(error, KnownError):
                QMessageBox.warning(self.window, title, str(error))
            else:
                raise error

        self.last_task = BackgroundTask(self.window, self.tr("Checking the backup…"),
                                        lambda progress: stage_restore(backup, target, progress), swap, refused)
        self.last_task.start()


def check_document(window: QMainWindow, record: Record, signoff_id: str | None) -> None:
    """Ask for a file and say whether it is the one signed off."""
    if signoff_id is None:
        QMessageBox.information(window, window.tr("Check a document"), window.tr("Choose a sign-off first."))
        return
    chosen, _ = QFileDialog.getOpenFileName(window, window.tr("Which file was signed?"))
    if not chosen:
        return
    try:
        result = check_signed_document(record, signoff_id, Path(chosen))
    except KnownError as e:
        QMessageBox.warning(window, window.tr("Check a document"), str(e))
        return
    icon = QMessageBox.Icon.Information if result.matches else QMessageBox.Icon.Warning
    run_modal(QMessageBox(icon, window.tr("Check a document"), result.message(), QMessageBox.StandardButton.Ok,
                          window))
