"""Dialogs the window makes and drops are freed when dropped: none keeps itself alive through its own signals.

A lambda holding `self`, connected to a child's signal, is held from C++ by the connection, so Python can never free
the dialog; PySide then frees it at exit, and Settings' was freed twice there (heap corruption, exit status 134).
"""

import gc
import weakref
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from stp_desk.domain.entities import Footprint
from stp_desk.ui.app import configure_application
from stp_desk.ui.forms import EntityDialog
from stp_desk.ui.settings_dialog import SettingsDialog
from stp_desk.ui.welcome import WelcomeDialog


@pytest.mark.parametrize("make", [
    SettingsDialog,
    lambda: WelcomeDialog("Test Clerk"),
    lambda: EntityDialog("Footprint", [], Footprint(name="Somerset"), lambda e, x: ""),
], ids=["settings", "welcome", "entity"])
def test_a_dropped_dialog_is_freed(qapp: QApplication, make) -> None:  # type: ignore[no-untyped-def]
    configure_application(qapp)
    dialog = make()
    dialog.show()
    QApplication.processEvents()
    dialog.close()
    gone = weakref.ref(dialog)
    del dialog
    gc.collect()
    assert gone() is None


def test_settings_browse_fills_its_own_field(qapp: QApplication, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    configure_application(qapp)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(tmp_path / "backups"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(tmp_path / "house.dotx"), ""))
    dialog = SettingsDialog()
    buttons = {b.accessibleName(): b for b in dialog.findChildren(QPushButton) if b.text() == "Browse…"}
    buttons["Choose Backup folder"].click()
    buttons["Choose Word template"].click()
    assert dialog.backup_folder.text() == str(tmp_path / "backups")
    assert dialog.template.text() == str(tmp_path / "house.dotx")
    assert dialog.export_folder.text() != str(tmp_path / "backups")
    dialog.deleteLater()
