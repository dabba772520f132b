"""High-DPI: at a device pixel ratio of 2 the window is drawn with twice the pixels, its icon from the SVG, and no
text is squeezed into less room than it needs."""

import json
import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout

from stp_desk.ui.app import configure_application
from stp_desk.ui.settings_dialog import SettingsDialog
from stp_desk.ui.welcome import WelcomeDialog
from tests.gui.high_dpi_probe import clipped

ROOT = Path(__file__).resolve().parents[2]


def test_at_ratio_2_the_icon_is_drawn_from_the_svg_and_no_text_is_clipped(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2",
           "STP_DESK_DATA_DIR": str(tmp_path / "data"), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    done = subprocess.run([sys.executable, "-m", "tests.gui.high_dpi_probe", str(tmp_path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["ratio"] == 2.0
    assert report["grab"] == [2 * 1366, 2 * 768]  # every logical pixel drawn as four
    assert report["icon"] == [64, 64]  # a 32-pixel icon has 64 real pixels: drawn from the SVG, not scaled up
    assert report["clipped"] == []


def test_the_clipping_check_can_fail(qapp: QApplication) -> None:
    dialog = QDialog()
    label = QLabel("Restore Defaults")
    label.setFixedWidth(40)
    QVBoxLayout(dialog).addWidget(label)
    dialog.show()
    QApplication.processEvents()
    assert len(clipped(dialog, "test")) == 1
    dialog.close()
    dialog.deleteLater()


def test_no_label_shows_a_literal_ampersand(qapp: QApplication) -> None:
    """A mnemonic is drawn as an underline only when the label has a buddy; otherwise the clerk sees "&"."""
    configure_application(qapp)
    shown = []
    for dialog in (SettingsDialog(), WelcomeDialog("Test Clerk")):
        dialog.show()
        QApplication.processEvents()
        shown += [label.text() for label in dialog.findChildren(QLabel)
                  if label.isVisibleTo(dialog) and "&" in label.text().replace("&&", "") and label.buddy() is None
                  and not Qt.mightBeRichText(label.text())]
        dialog.close()
        dialog.deleteLater()  # freed after the test, not at exit: two dialogs left alive there corrupt the heap
    assert shown == []
