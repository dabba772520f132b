"""The user guide, shown inside the program from the Markdown that ships with it."""

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from stp_desk import paths

GUIDE = "user-guide.md"


class GuideDialog(QDialog):
    """The guide with its screenshots; links to other pages of the guide open in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("stp-desk user guide"))
        self.resize(900, 700)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(True)
        guide = paths.docs_dir() / GUIDE
        if guide.is_file():
            self.browser.setSearchPaths([str(paths.docs_dir())])
            self.browser.setSource(QUrl.fromLocalFile(str(guide)))
        else:
            self.browser.setPlainText(self.tr("The user guide is not installed with this copy of stp-desk."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
