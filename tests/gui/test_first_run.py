"""First run and settings: the welcome page starts a record; settings are kept and can be reset."""

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stp_desk import paths
from stp_desk.domain.entities import Board, Footprint
from stp_desk.domain.record import Record
from stp_desk.ui.app import choose_record, configure_application
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.settings import BACKUP_KEEP, CLERK_EMAIL, CLERK_NAME, clerk_name
from stp_desk.ui.settings_dialog import SettingsDialog
from stp_desk.ui.welcome import WelcomeDialog
from tests.gui.conftest import answering


def test_welcome_starts_a_record_with_its_footprint_and_board(qapp: QApplication, data_dir: Path) -> None:
    configure_application(qapp)

    def start(dialog: object) -> None:
        assert isinstance(dialog, WelcomeDialog)
        dialog.start_new()  # nothing typed yet
        assert "Name the footprint" in dialog.message.text()
        dialog.footprint.setText("Cheshire and Merseyside")
        dialog.board.setText("Wirral Health and Wellbeing Board")
        dialog.start_new()

    answers = answering(start)
    chosen = choose_record()
    assert answers.done
    assert chosen == paths.default_record()
    record = Record.open(chosen)
    assert [f.name for f in record.find(Footprint)] == ["Cheshire and Merseyside"]
    assert [(b.name, b.kind) for b in record.find(Board)] == [("Wirral Health and Wellbeing Board", "hwb")]
    record.close()
    assert choose_record() == paths.default_record()  # next time it simply opens


def test_the_last_record_reopens(qapp: QApplication, data_dir: Path, tmp_path: Path) -> None:
    configure_application(qapp)
    last = tmp_path / "elsewhere.stpdesk"
    Record.open(last, create=True).close()
    QSettings().setValue("records/last", str(last))
    assert choose_record() == last


def test_the_demo_can_be_explored_from_the_welcome_page(qapp: QApplication, data_dir: Path) -> None:
    configure_application(qapp)
    answers = answering(lambda dialog: dialog.explore_demo())  # type: ignore[attr-defined]
    assert choose_record() == paths.demo_record()
    assert answers.done and Record.open(paths.demo_record()).find(Board)


def test_settings_are_kept_and_reset(window: MainWindow, tmp_path: Path) -> None:
    def set_name(dialog: object) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.name.setText("Sam Clerk")
        dialog.keep.setValue(3)
        dialog.backup_folder.setText(str(tmp_path / "missing"))
        dialog.accept()
        assert "does not exist" in dialog.message.text()
        dialog.backup_folder.setText(str(tmp_path))
        dialog.accept()

    answers = answering(set_name)
    window.edit_settings()
    assert answers.done, answers.left_open
    assert clerk_name() == "Sam Clerk" and int(QSettings().value(BACKUP_KEEP)) == 3
    window.record.save(Footprint(name="Somerset"))
    assert window.record.store.rows("audit")[-1]["who"] == "Sam Clerk"

    def reset(dialog: object) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.restore_defaults()
        dialog.accept()

    answers = answering(reset)
    window.edit_settings()
    assert answers.done
    assert QSettings().value(CLERK_NAME) is None and clerk_name() != "Sam Clerk"


def test_an_unexpected_error_is_logged_and_explained(qapp: QApplication, data_dir: Path) -> None:
    import logging

    from PySide6.QtWidgets import QMessageBox

    from stp_desk.ui.app import LOG_NAME, report_unexpected, setup_logging

    handler = setup_logging()
    shown: list[str] = []

    def read(box: object) -> None:
        assert isinstance(box, QMessageBox)
        shown.append(box.text() + box.detailedText())
        box.close()

    answers = answering(read)
    try:
        raise RuntimeError("the printer caught fire")
    except RuntimeError as e:
        report_unexpected(RuntimeError, e, e.__traceback__)
    logging.getLogger().removeHandler(handler)
    handler.close()
    assert answers.done
    log_file = paths.log_dir() / LOG_NAME
    assert "the printer caught fire" in shown[0] and str(log_file) in shown[0]
    assert "RuntimeError: the printer caught fire" in log_file.read_text(encoding="utf-8")


def test_a_long_log_is_moved_aside_at_the_next_start_and_old_ones_drop_off() -> None:
    import logging

    from stp_desk.ui.app import LOG_KEEP, LOG_LIMIT, LOG_NAME, setup_logging

    log_file = paths.log_dir() / LOG_NAME
    for start in range(LOG_KEEP + 2):
        handler = setup_logging()
        logging.getLogger("stp_desk.test").warning("start %d", start)
        logging.getLogger().removeHandler(handler)
        handler.close()
        with log_file.open("a", encoding="utf-8") as f:  # as a long session would leave it
            f.write("x" * LOG_LIMIT + "\n")
    handler = setup_logging()  # this start moves the last long log aside too
    logging.getLogger().removeHandler(handler)
    handler.close()
    kept = sorted(p.name for p in paths.log_dir().iterdir())
    assert kept == [LOG_NAME] + [f"{LOG_NAME}.{n}" for n in range(1, LOG_KEEP + 1)]
    assert log_file.stat().st_size == 0  # begun afresh
    newest = (paths.log_dir() / f"{LOG_NAME}.1").read_text(encoding="utf-8")
    assert f"start {LOG_KEEP + 1}" in newest  # the newest moved-aside log is the last session's
    assert f"start {LOG_KEEP - 1}" in (paths.log_dir() / f"{LOG_NAME}.{LOG_KEEP}").read_text(encoding="utf-8")


def test_the_user_guide_opens_from_the_help_menu(window: MainWindow) -> None:
    from stp_desk.ui.help import GuideDialog

    guide = GuideDialog(window)
    text = guide.browser.toPlainText()
    assert "stp-desk" in text and "evidence pack" in text.lower()
    assert "not installed" not in text
    html = guide.browser.toHtml()
    assert "screenshots/" in html  # its pictures are found beside it
    guide.close()


def test_the_guide_opens_when_a_picture_it_names_is_missing(window: MainWindow, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """An installation may lack a screenshot the guide names (or a clerk's copy of the docs folder may): the guide
    still opens, with its text."""
    from stp_desk.ui.help import GUIDE, GuideDialog

    (tmp_path / GUIDE).write_text("# Guide\n\nMerging a record.\n\n![The preview](screenshots/missing.png)\n",
                                  encoding="utf-8")
    monkeypatch.setattr(paths, "docs_dir", lambda: tmp_path)
    guide = GuideDialog(window)
    guide.show()
    assert "Merging a record." in guide.browser.toPlainText()
    guide.close()


def test_settings_refuse_an_email_the_agenda_could_not_print(window: MainWindow, qtbot: QtBot) -> None:
    """The clerk's email goes on every agenda as the contact officer's: one without its @ is refused on Save, with
    the reason shown, and nothing is kept until it is put right."""
    from PySide6.QtWidgets import QDialogButtonBox

    def type_email(dialog: object) -> None:
        assert isinstance(dialog, SettingsDialog)
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)  # type: ignore[union-attr]
        dialog.email.setFocus()
        qtbot.keyClicks(dialog.email, "sam.clerk.lancashire.gov.uk")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "name@example.gov.uk" in dialog.message.text()
        dialog.email.clear()
        qtbot.keyClicks(dialog.email, "sam.clerk@lancashire.gov.uk")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: 0 in window.built)  # the Overview is up: the clerk opens Settings (Edit, Ctrl+,)
    answers = answering(type_email)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert answers.done, answers.left_open
    assert QSettings().value(CLERK_EMAIL) == "sam.clerk@lancashire.gov.uk"
