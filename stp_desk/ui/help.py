"""The user guide, shown inside the program from the Markdown that ships with it."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from stp_desk import paths

GUIDE = "user-guide.md"


class GuideBrowser(QTextBrowser):
    """A text browser whose pictures are scaled down to its width, so a page reads top to bottom, never sideways."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sourceChanged.connect(lambda _url: self.fit_images())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_images()

    def fit_images(self) -> None:
        """Every picture at its own width, or the viewer's if that is narrower (its height in proportion)."""
        document = self.document()
        room = self.viewport().width() - 2 * int(document.documentMargin()) - 4
        if room <= 0:
            return
        block = document.begin()
        while block.isValid():
            # a picture in a list item or an indented block has that much less room
            layout = block.blockFormat()
            indent = layout.leftMargin() + layout.indent() * document.indentWidth()
            if block.textList() is not None:
                indent += block.textList().format().indent() * document.indentWidth()
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.isValid() and image.isValid():
                    self._fit(fragment.position(), fragment.length(), image, max(int(room - indent), 1))
                it += 1
            block = block.next()

    def _fit(self, position: int, length: int, image: QTextImageFormat, room: int) -> None:
        picture = self.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
        if isinstance(picture, QPixmap):
            picture = picture.toImage()
        if not isinstance(picture, QImage) or picture.isNull():
            loaded = self.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
            if loaded is None:  # an image the guide names but the installation lacks: the text still shows
                return
            picture = QImage(loaded)
        if picture.isNull():
            return
        width = min(picture.width() / max(picture.devicePixelRatio(), 1.0), room)
        if abs(image.width() - width) < 1:
            return
        image.setWidth(width)
        image.setHeight(width * picture.height() / picture.width())
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)


class GuideDialog(QDialog):
    """The guide with its screenshots; links to other pages of the guide open in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("stp-desk user guide"))
        self.resize(900, 700)
        self.browser = GuideBrowser()
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
