"""First run: start a new record, open one, or explore the demo record."""

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from stp_desk import paths
from stp_desk.demo import make_demo
from stp_desk.domain import vocab
from stp_desk.domain.entities import Board, Footprint
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError


class WelcomeDialog(QDialog):
    """Chooses the record to open; `chosen` is its path once accepted."""

    def __init__(self, clerk: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to stp-desk"))
        self.setMinimumWidth(640)
        self.clerk = clerk
        self.chosen: Path | None = None
        intro = QLabel(self.tr(
            "<h2>Welcome to stp-desk</h2><p>stp-desk keeps your board's governance record for its STP footprint "
            "and writes minutes, agendas and evidence packs from it. Your record stays on this computer, in "
            "{0}.</p>").format(paths.data_dir()))
        intro.setWordWrap(True)

        new = QGroupBox(self.tr("Start a new record"))
        form = QFormLayout(new)
        self.footprint = QLineEdit()
        self.footprint.setPlaceholderText(self.tr("e.g. Cheshire and Merseyside"))
        self.footprint.setAccessibleName("Footprint")
        self.board = QLineEdit()
        self.board.setPlaceholderText(self.tr("e.g. Wirral Health and Wellbeing Board"))
        self.board.setAccessibleName("Board")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        start = QPushButton(self.tr("&Start the record"))
        start.setDefault(True)
        start.clicked.connect(self.start_new)
        form.addRow(self.tr("STP &footprint"), self.footprint)
        form.addRow(self.tr("Your &board"), self.board)
        form.addRow(self.message)
        form.addRow(start)

        others = QHBoxLayout()
        open_button = QPushButton(self.tr("&Open an existing record…"))
        open_button.clicked.connect(self.open_existing)
        demo = QPushButton(self.tr("&Explore the demo record"))
        demo.clicked.connect(self.explore_demo)
        others.addWidget(open_button)
        others.addWidget(demo)
        others.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(new)
        layout.addLayout(others)

    def start_new(self) -> None:
        """A new record at the default place, with its footprint and first board (an HWB)."""
        target = paths.default_record()
        if target.exists():
            self.message.setText(self.tr("A record already exists at {0}; open it instead.").format(target))
            return
        footprint_name, board_name = self.footprint.text().strip(), self.board.text().strip()
        if not footprint_name or not board_name:
            self.message.setText(self.tr("Name the footprint and the board."))
            return
        record = Record.open(target, create=True, clerk=self.clerk)
        try:
            footprint_id = record.save(Footprint(name=footprint_name), "start the record")
            record.save(Board(footprint_id=footprint_id, name=board_name, kind="hwb"),
                        f"add the {vocab.BOARD_KINDS['hwb']}")
        finally:
            record.close()
        self._choose(target)

    def open_existing(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open record"), str(paths.data_dir()),
                                              self.tr("stp-desk records (*.stpdesk);;All files (*)"))
        if path:
            self._choose(Path(path))

    def explore_demo(self) -> None:
        target = paths.demo_record()
        try:
            if not target.exists():
                make_demo(target)
        except KnownError as e:
            self.message.setText(str(e))
            return
        self._choose(target)

    def _choose(self, path: Path) -> None:
        self.chosen = path
        self.accept()
