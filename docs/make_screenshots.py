"""Regenerate docs/screenshots/: every page of the window on the small demo record, in a real window under Xvfb, at
1366x768 (`NAME.png`), at 1920x1080 (`NAME-1920.png`) and at 200% (`NAME-2x.png`, a 1366x768 desktop drawn at twice
the pixels); the dialogs at 1366x768 only.

Run: .venv/bin/python docs/make_screenshots.py   (needs xvfb-run; each size runs in an X server of its own)
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ["STP_DESK_DATA_DIR"] = tempfile.mkdtemp(prefix="stp-desk-shots-")

import keyring
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from stp_desk.demo import make_demo
from stp_desk.domain.entities import Meeting
from stp_desk.domain.record import Record
from stp_desk.interop.moderngov import plan_moderngov_import
from stp_desk.interop.share import ShareImport, share
from stp_desk.store import Store
from stp_desk.ui.app import application, configure_application
from stp_desk.ui.documents import ExportDialog
from stp_desk.ui.main_window import MainWindow
from stp_desk.ui.moderngov_import import ModernGovPreview
from stp_desk.ui.people_import import PeopleImportDialog
from stp_desk.ui.search import SearchDialog
from stp_desk.ui.settings_dialog import SettingsDialog
from stp_desk.ui.sharing import MergePreview
from stp_desk.ui.welcome import WelcomeDialog

OUT = Path(__file__).resolve().parent / "screenshots"


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in [("Window", "#2b2b2b"), ("WindowText", "#e6e6e6"), ("Base", "#1e1e1e"),
                         ("AlternateBase", "#262626"), ("Text", "#e6e6e6"), ("Button", "#353535"),
                         ("ButtonText", "#e6e6e6"), ("Highlight", "#2f5f8f"), ("HighlightedText", "#ffffff"),
                         ("Link", "#8cc8ff"), ("Mid", "#444444"), ("PlaceholderText", "#9a9a9a")]:
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    return palette


MEMBERS_CSV = """Name,Organisation,Type,Role,Committee,Seat,Partner,Position,From,To,Voting
Cllr Siân Llewelyn,Blackpool Council,Councillor,Cabinet member,Blackpool Health and Wellbeing Board,Cabinet member \
for children,Blackpool Council,Member,01/05/2025,,Yes
Dr Zofia Wójcik,NHS Lancashire and South Cumbria ICB,NHS,,Blackpool Health and Wellbeing Board,ICB place \
director,NHS Lancashire and South Cumbria ICB,Member,1/5/2025,,Yes
Jo Broken,Blackpool Council,Officer,,Blackpool Health and Wellbeing Board,Officer,Blackpool Council,Member,\
31/02/2025,,Yes
""".replace("\\\n", "")


def dialogs(window: MainWindow, shot: Callable[[str, QWidget | None], None]) -> None:
    """The welcome page, settings, the previews of the two imports, and of a colleague's record merged."""
    welcome = WelcomeDialog("Demo Clerk")
    welcome.show()
    shot("welcome", welcome)
    welcome.close()
    settings = SettingsDialog(window)
    settings.show()
    shot("settings", settings)
    settings.close()
    sheet = Path(os.environ["STP_DESK_DATA_DIR"]) / "members.csv"
    sheet.write_text(MEMBERS_CSV, encoding="utf-8")
    people = PeopleImportDialog(window.record, sheet, window)
    people.show()
    shot("import-members", people)
    people.close()
    plan = plan_moderngov_import(window.record, Path(__file__).resolve().parent.parent / "tests/data/moderngov")
    moderngov = ModernGovPreview(window.record, plan, window)
    moderngov.show()
    shot("import-moderngov", moderngov)
    moderngov.close()
    merge_preview(window, shot)


def merge_preview(window: MainWindow, shot: Callable[[str, QWidget | None], None]) -> None:
    """Blackpool's clerk about to merge the part Lancashire County Council's clerk shared: two parts of the demo."""
    folder = Path(os.environ["STP_DESK_DATA_DIR"])
    make_demo(folder / "blackpool.stpdesk", seed=11, council="Blackpool Council")
    make_demo(folder / "lancashire.stpdesk", seed=12, council="Lancashire County Council")
    with Record.open(folder / "lancashire.stpdesk", clerk="Lancashire's clerk") as lancashire:
        share(lancashire, lancashire.footprint("QE1"), folder / "lancashire.json")
    with Record.open(folder / "blackpool.stpdesk", clerk="Demo Clerk") as blackpool:
        importer = ShareImport(folder / "lancashire.json")
        merge = MergePreview(blackpool, importer, importer.plan(blackpool), window)
        merge.show()
        shot("merge-preview", merge)
        merge.close()
        merge.deleteLater()


# (X screen, Qt's scale factor, the suffix of the file names, whether the dialogs are taken too)
RUNS = [("1366x768", "1", "", True), ("1920x1080", "1", "-1920", False), ("2732x1536", "2", "-2x", False)]


def run_all() -> int:
    """Each size in an X server of its own (Qt takes the scale factor only as it starts)."""
    if not shutil.which("xvfb-run"):
        print("xvfb-run is needed: the screenshots are of a real window", file=sys.stderr)
        return 1
    for screen, scale, suffix, dialogs_too in RUNS:
        env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "QT_SCALE_FACTOR": scale}
        command = [sys.executable, __file__, "--one", f"--suffix={suffix}"] + (["--dialogs"] if dialogs_too else [])
        subprocess.run(["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24", *command], env=env, check=True,
                       stdout=subprocess.DEVNULL)
    print(f"Screenshots written to {OUT}")
    return 0


class MemoryKeyring(KeyringBackend):
    """The seal key kept in memory for the run: never the real keyring, and no key-file notice in the pictures."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def main(suffix: str, with_dialogs: bool) -> int:
    """The window as it opens on this X server's screen (filling a small one, as a desktop maximises it)."""
    keyring.set_keyring(MemoryKeyring())
    record_path = Path(os.environ["STP_DESK_DATA_DIR"]) / "demo.stpdesk"
    make_demo(record_path)
    app = application()
    configure_application(app)
    window = MainWindow(Store.open(record_path), "Demo Clerk")
    window.show()
    if window.maximise:  # Xvfb has no window manager to maximise it
        window.setGeometry(window.screen().availableGeometry())
    while 0 not in window.built:  # the Overview comes just after the frame's first paint
        app.processEvents()
    OUT.mkdir(exist_ok=True)

    def shot(name: str, widget: QWidget | None = None) -> None:
        for _ in range(3):
            app.processEvents()
        (widget or window).grab().save(str(OUT / f"{name}{suffix if widget is None else ''}.png"))

    for index, name in enumerate(["overview", "meetings", "boards", "signoffs", "referrals", "actions",
                                  "evidence"]):
        window.show_page(index)
        shot(name)
    window.show_page(7)
    shot("statutory")
    window.show_page(2)
    window.boards.setCurrentIndex(1)
    shot("people")
    window.show_page(1)
    record = window.record
    held = [m for m in record.find(Meeting, order_by="starts_at") if m.status == "held"]
    meeting = next(m for m in reversed(held) if any(i.exempt for i in record.items(m.id or "")))
    window.meetings.open(meeting.id or "")
    shot("meeting-details")
    editor = window.meetings.editor
    editor.tabs.setCurrentIndex(1)
    exempt = next(i for i, item in enumerate(record.items(meeting.id or "")) if not item.exempt and item.resolution)
    editor.item_list.setCurrentRow(exempt)
    shot("meeting-agenda")
    editor.tabs.setCurrentIndex(2)
    shot("meeting-attendance")
    editor.close_editor()
    if not with_dialogs:
        window.meetings.editor.meeting = None
        window.close()
        return 0
    export = ExportDialog("Export minutes", Path.home() / "Minutes - Lancashire HWB 2025-10-08 (public).docx", window,
                          variants=True)
    export.show()
    shot("export-minutes", export)
    export.close()
    for words, name in (("stroke", "search"), ("Healthwatch", "search-people")):
        window.search_box.setText(words)
        dialog = SearchDialog(record.store.search(words), words, window)
        dialog.show()
        shot(name, dialog)
        dialog.close()
    dialogs(window, shot)
    app.setPalette(dark_palette())  # as the OS dark theme gives it, then says so
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    for _ in range(3):
        app.processEvents()
    window.show_page(0)
    shot("overview-dark")
    window.meetings.editor.meeting = None
    window.close()
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", action="store_true", help="one size, on the X server this runs on")
    parser.add_argument("--suffix", default="")
    parser.add_argument("--dialogs", action="store_true")
    arguments = parser.parse_args()
    sys.exit(main(arguments.suffix, arguments.dialogs) if arguments.one else run_all())
