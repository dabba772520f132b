"""GUI fixtures: the real main window over a fresh record, and a way to answer the modal dialogs it opens."""

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

from stp_desk.store import Store
from stp_desk.ui.app import configure_application
from stp_desk.ui.background import BackgroundTask
from stp_desk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def nothing_left_behind(qapp: QApplication) -> Iterator[None]:
    """After each GUI test no worker thread of ours is running and no dialog is alive.

    What outlives the tests is freed by PySide's clean-up at exit, in no particular order: a Settings dialog left
    alive there (its Browse… lambda held it) was freed twice, corrupting the heap as the run ended (exit status 134).
    """
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    running = BackgroundTask.unfinished()
    for task in running:  # stop them so the next test starts clean; this one still fails
        task.stop()
    assert running == [], "a background task was left running"
    dialogs = [w.windowTitle() or type(w).__name__ for w in QApplication.topLevelWidgets()
               if isinstance(w, QDialog) and shiboken6.isValid(w)]
    assert dialogs == [], f"dialogs left alive: {dialogs}"


@pytest.fixture(autouse=True)
def progress_shown_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every piece of background work shows its progress dialog, as on a slow machine where none finishes in 400 ms.

    A fast machine hid the dialog from the tests: on a slow one it was taken for the next dialog to answer, the
    test failed and the real message box then waited for a click that never came (the run hung).
    """
    monkeypatch.setattr(BackgroundTask, "show_after_ms", 0)


@pytest.fixture
def record_path(tmp_path: Path) -> Path:
    return tmp_path / "board.stpdesk"


def close_dialogs_until_done() -> None:
    """Refuse every modal dialog until no background work is left: nothing is left waiting for a click.

    A message a worker's end brings up opens in a nested event loop; closing only what is open now would leave
    that one waiting for ever. Dialogs are refused by `done()`, which a message box cannot ignore as it can `close()`.
    """
    def refuse() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog) and not isinstance(modal, QProgressDialog):
            modal.done(QDialog.DialogCode.Rejected)

    refuser = QTimer()
    refuser.timeout.connect(refuse)
    refuser.start(20)
    try:
        deadline = time.monotonic() + 60
        while (BackgroundTask.unfinished() or isinstance(QApplication.activeModalWidget(), QDialog)) \
                and time.monotonic() < deadline:
            refuse()
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    finally:
        refuser.stop()


@pytest.fixture
def open_window(qapp: QApplication, data_dir: Path) -> Iterator[Callable[[Path], MainWindow]]:
    """Opens real main windows on record files; each is closed after the test without stopping to ask."""
    configure_application(qapp)
    opened: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        win = MainWindow(Store.open(path, create=not path.exists()), "Test Clerk")
        win.show()
        opened.append(win)
        return win

    yield make
    close_dialogs_until_done()  # a failed test may leave a dialog open, or work whose message is still to come
    for win in opened:
        if 1 in win.built:
            win.meetings.editor.meeting = None  # a failed test may leave edits; closing must not stop to ask
        win.close()
        win.store.close()
        win.deleteLater()  # freed now, with its children, not at exit
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], record_path: Path) -> MainWindow:
    return open_window(record_path)


Answer = Callable[[QWidget], None]


class Answers:
    """Answers queued for the next modal dialogs, one each, in order.

    A progress dialog is not answered: it goes by itself once the work is done. A dialog an answer leaves open, or
    whose answer fails, is refused by force and noted in `left_open`, so a test fails instead of hanging.
    """

    def __init__(self, answers: list[Answer]) -> None:
        self.pending = answers
        self.answered: list[str] = []
        self.left_open: list[str] = []
        self._last: QWidget | None = None
        QTimer.singleShot(0, self._poll)

    def _poll(self, tries: int = 0) -> None:
        modal = QApplication.activeModalWidget()
        if modal is None or modal is self._last or isinstance(modal, QProgressDialog):
            if tries < 3000:  # a minute: long enough for a loaded machine to finish an export
                QTimer.singleShot(20, lambda: self._poll(tries + 1))
            return
        self._last = modal
        self.answered.append(modal.windowTitle())
        try:
            self.pending.pop(0)(modal)
        finally:  # a failure is still raised, and reported by pytest-qt once the dialog is gone
            if modal.isVisible() and isinstance(modal, QDialog):
                self.left_open.append(modal.windowTitle())
                modal.done(QDialog.DialogCode.Rejected)
            if self.pending:
                QTimer.singleShot(20, self._poll)

    @property
    def done(self) -> bool:
        return not self.pending and not self.left_open


def answering(*answers: Answer) -> Answers:
    return Answers(list(answers))


def fill(values: dict[str, object]) -> Answer:
    """An answer that types into an EntityDialog's fields and presses Save."""

    def answer(dialog: QWidget) -> None:
        group = dialog.group  # type: ignore[attr-defined]
        for name, value in values.items():
            group.inputs[name].set_value(value)
        dialog.accept()  # type: ignore[attr-defined]

    return answer


def press(button: QMessageBox.StandardButton) -> Answer:
    """An answer that presses one button of a message box."""

    def answer(box: QWidget) -> None:
        assert isinstance(box, QMessageBox), f"expected a message box, got {box.windowTitle()}"
        box.button(button).click()

    return answer
