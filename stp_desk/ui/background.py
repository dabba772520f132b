"""Long work off the GUI thread: a worker thread, a progress dialog with Cancel, and callbacks on the GUI thread."""

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from stp_desk.errors import KnownError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], bool]


class _Worker(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self._work = work
        self._home = self.thread()  # the GUI thread, which frees the worker once its thread has stopped
        self.cancelled = threading.Event()

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Exception as e:  # handed to the GUI thread, which tells the clerk
            if not isinstance(e, KnownError):
                log.exception("Background work failed")
            self.moveToThread(self._home)
            self.failed.emit(e)
        else:
            self.moveToThread(self._home)
            self.succeeded.emit(result)

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancelled.is_set()


class BackgroundTask(QObject):
    """Runs `work(progress)` on a thread; `progress(done, total)` returns False once the clerk presses Cancel.

    Once the work is done the thread is waited for and the progress dialog and the worker are freed on the GUI
    thread: nothing is left parented to the window, nor owned only by Python in a thread that has stopped.
    """

    finished = Signal()
    show_after_ms: ClassVar[int] = 400  # work done sooner shows no progress dialog at all
    thread: QThread  # type: ignore[assignment]  # the task's own thread, in place of QObject.thread()
    _started: ClassVar[weakref.WeakSet["BackgroundTask"]] = weakref.WeakSet()

    def __init__(self, parent: QWidget, label: str, work: Callable[[Progress], Any],
                 on_success: Callable[[Any], None], on_failure: Callable[[Exception], None]) -> None:
        super().__init__(parent)
        self._on_success, self._on_failure = on_success, on_failure
        self.label = label
        self.dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle("stp-desk")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(self.show_after_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread(self)
        self.worker = _Worker(work)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._show_progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.dialog.canceled.connect(self.cancel)
        self.done = False

    @classmethod
    def unfinished(cls) -> list["BackgroundTask"]:
        """Tasks started and not yet finished (their thread may still be running)."""
        return [task for task in list(cls._started) if not task.done]

    def start(self) -> None:
        """Start at the next turn of the event loop: a Cancel made before then is honoured at the first step."""
        BackgroundTask._started.add(self)
        QTimer.singleShot(0, self.thread, self.thread.start)

    def cancel(self) -> None:
        if not self.done:
            self.worker.cancelled.set()
            self.dialog.setLabelText(self.tr("Cancelling…"))

    def stop(self) -> None:
        """Cancel and wait for the worker to give up (at its next step); the work's own rollback keeps nothing."""
        self.cancel()
        if self.thread.isRunning():
            self.thread.quit()
            self.thread.wait()

    def _show_progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.done = True
        self.dialog.reset()  # stops its timer: a dialog shown late would come back after the work is done
        self.dialog.close()
        self.dialog.deleteLater()
        self.worker.deleteLater()  # back on the GUI thread (see _Worker.run)
        self.finished.emit()

    def _succeeded(self, result: Any) -> None:
        self._finish()
        self._on_success(result)

    def _failed(self, error: Exception) -> None:
        self._finish()
        self._on_failure(error)
