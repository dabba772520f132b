"""The clerk's desk: navigation on the left, one page at a time on the right, search and menus above.

A start puts the window's frame on screen first (menus, search, the pages' names, the record's name), from the open
store alone, and builds the page the clerk was last on just after that first paint, loading the record's rules (the
domain) with it; every other page, dialog and helper (documents, backups, undo, background work) loads the first time
the clerk uses it.
"""

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from PySide6.QtCore import QByteArray, QCoreApplication, QPoint, QRect, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from stp_desk import __version__, paths
from stp_desk.domain.keeping import NotLocal, Store, keystore
from stp_desk.errors import KnownError
from stp_desk.ui.look import navigation, page_title
from stp_desk.ui.modal import run_modal
from stp_desk.ui.settings import clerk_name

if TYPE_CHECKING:  # each Qt class costs PySide time on first use, so those named only in annotations wait here
    from PySide6 import QtWidgets  # as QtWidgets.X, so a bare QMessageBox or QFileDialog here is an undefined name
    from PySide6.QtGui import QCloseEvent, QPaintEvent
    from PySide6.QtWidgets import QTabWidget

    from stp_desk.domain.record import ChangeSet, Record
    from stp_desk.ui.catalogue import Catalogue
    from stp_desk.ui.documents import Documents
    from stp_desk.ui.meeting import MeetingEditor
    from stp_desk.ui.overview import OverviewPage
    from stp_desk.ui.pages import ListPage
    from stp_desk.ui.record_pages import BoardsPage, MeetingsPage
    from stp_desk.ui.safety import Backups
    from stp_desk.ui.statutory_page import StatutoryPage

RECENT_LIMIT = 8
MINIMUM_SIZE = QSize(1000, 640)
COMFORTABLE_SIZE = QSize(1440, 900)  # the window's first size on a screen with room for it
FRAME_ALLOWANCE = QSize(16, 40)  # the frame and title bar the desktop adds, which Qt cannot know before showing
BACKUP_CHECK_MS = 60 * 60 * 1000  # how often an open record is checked for its daily backup
PageT = TypeVar("PageT", bound=QWidget)
PAGES = ["Overview", "Meetings", "Boards and people", "Sign-offs", "Scrutiny referrals", "Actions", "Evidence",
         "Statutory year"]


def show_program_icon() -> None:
    """The program's icon, on every window from now on.

    Set once the first page is up (MainWindow._show_first_page): the icon is an SVG, and reading it loads QtSvg and
    its icon plugin, which a start would otherwise load before the clerk sees anything.
    """
    from PySide6.QtGui import QIcon

    icon = paths.resources_dir() / "stp-desk.svg"
    if QGuiApplication.windowIcon().isNull() and icon.exists():
        QGuiApplication.setWindowIcon(QIcon(str(icon)))


def _message_box() -> "type[QtWidgets.QMessageBox]":
    """QMessageBox, named when first used: PySide makes its type, enums and all, then (a bare window never does)."""
    from PySide6.QtWidgets import QMessageBox

    return QMessageBox


def _file_dialog() -> "type[QtWidgets.QFileDialog]":
    """QFileDialog, named when first used, as `_message_box`."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog


def set_keys(action: QAction, keys: QKeySequence | QKeySequence.StandardKey) -> None:
    """Give an action its shortcut: a standard key with every binding the platform has for it.

    Through `setShortcuts`, never `setShortcut`: resolving the latter's overloads makes PySide build every enum of
    the `Qt` namespace, a tenth of a bare window's start.
    """
    action.setShortcuts(keys if isinstance(keys, QKeySequence.StandardKey) else [keys])


def plain_action(text: str, parent: QWidget) -> QAction:
    """An action with words and no icon.

    Made from its parent, then given its words: `QAction(text, parent)` has PySide test the words against the
    overload that takes an icon first, which builds QIcon's class and its 151 theme icons' names (a fortieth of a
    bare window's start) at the first menu item."""
    action = QAction(parent)
    action.setText(text)
    return action


def first_geometry(available: QRect, minimum: QSize) -> tuple[QRect, bool]:
    """The window's place on a screen whose free area is `available`, and whether to ask for it maximised.

    A screen with room for COMFORTABLE_SIZE and the window's frame gets that, in its middle. A smaller one (a
    1366x768 laptop) is filled: maximised, and sized to fit with its title bar should the desktop not maximise it, so
    the status bar is always on screen. A screen smaller still than the window can be gets the smallest window, at
    its corner.
    """
    room = available.size() - FRAME_ALLOWANCE
    size = COMFORTABLE_SIZE.boundedTo(room).expandedTo(minimum)
    geometry = QRect(QPoint(0, 0), size)
    geometry.moveCenter(available.center())
    geometry.moveTopLeft(QPoint(max(geometry.left(), available.left()),
                                max(geometry.top(), available.top() + FRAME_ALLOWANCE.height() - 8)))
    if not available.contains(geometry):
        geometry.moveTopLeft(available.topLeft())
    fits_comfortably = room.width() >= COMFORTABLE_SIZE.width() and room.height() >= COMFORTABLE_SIZE.height()
    can_fill = available.width() >= minimum.width() and available.height() >= minimum.height()
    return geometry, can_fill and not fits_comfortably


def short_path(path: Path, limit: int = 60) -> str:
    """A record's path for the status bar: whole if short, else its end (the file and the folders nearest it)."""
    text = str(path)
    return text if len(text) <= limit else "…" + text[-(limit - 1):]


class _Page(Generic[PageT]):
    """A page of the window as an attribute; reading it builds the page if it has not been built yet."""

    def __init__(self, index: int) -> None:
        self.index = index

    @overload
    def __get__(self, window: None, owner: type) -> "_Page[PageT]": ...
    @overload
    def __get__(self, window: "MainWindow", owner: type) -> PageT: ...

    def __get__(self, window: "MainWindow | None", owner: type) -> "PageT | _Page[PageT]":
        return self if window is None else cast(PageT, window.page(self.index))


class MainWindow(QMainWindow):
    """One window over one open record. Opening another record replaces every page."""

    first_page_shown = Signal()  # the page chosen at start is built and on screen

    def __init__(self, store: Store, clerk: str) -> None:
        """A window over the record in `store`, its changes made in `clerk`'s name."""
        super().__init__()
        self.store, self.clerk = store, clerk
        self.painted = False  # until the frame is first on screen, the page chosen at start waits (paintEvent)
        self.setMinimumSize(MINIMUM_SIZE)
        self.settings = QSettings()
        self.undo_stack = QUndoStack(self)
        self.backup_check = QTimer(self)
        self.backup_check.setInterval(BACKUP_CHECK_MS)
        self.backup_check.timeout.connect(self._backup_if_due)
        self.backup_check.start()
        self._build_menus()
        self._build_toolbar()
        self.record_label = QLabel()
        self.statusBar().addPermanentWidget(self.record_label)
        self._build_pages()
        self._place_on_screen()
        self._remember(store.path)

    def _place_on_screen(self) -> None:
        """Where the clerk left the window, if it still fits the screen; else a size that does (see first_geometry)."""
        self.maximise = False
        available = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        saved = self.settings.value("window/geometry")
        restored = isinstance(saved, QByteArray) and self.restoreGeometry(saved)
        if restored and (self.isMaximized() or available.contains(self.geometry())):
            return
        geometry, self.maximise = first_geometry(available, self.minimumSize())
        self.setGeometry(geometry)

    def show(self) -> None:
        """Shown maximised when first_geometry says so (`showMaximized`: no use of the `Qt` namespace at start)."""
        if self.maximise:
            self.showMaximized()
        else:
            super().show()

    @cached_property
    def documents(self) -> "Documents":
        """Minutes, agendas, evidence packs and the calendar from this window (python-docx loads later still)."""
        from stp_desk.ui.documents import Documents

        return Documents(self, self._current_record)

    @cached_property
    def backups(self) -> "Backups":
        """Backups on demand, on closing and daily, and restoring one."""
        from stp_desk.ui.safety import Backups

        return Backups(self, self._current_record, self._reopen)

    @cached_property
    def record(self) -> "Record":
        """The open record, made when first asked for (by the first page): the frame needs only its store."""
        from stp_desk.domain.record import Record

        record = Record(self.store, self.clerk)
        record.on_change = self._changed
        return record

    def _open(self, store: Store) -> None:
        """Put the record in `store` in this window in place of the one there."""
        self.store = store
        self.__dict__.pop("record", None)  # made again, for this store, when next asked for

    def _current_record(self) -> "Record":
        return self.record

    def _backup_if_due(self) -> None:
        self.backups.if_due()

    # -- building -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New record…"), self.new_record, QKeySequence.StandardKey.New)
        self._action(file_menu, self.tr("&Open record…"), self.open_record_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Import members from a spreadsheet…"), self.import_members,
                     QKeySequence("Ctrl+I"))
        moderngov_menu = file_menu.addMenu(self.tr("Import from &ModernGov"))
        self._action(moderngov_menu, self.tr("From a &folder of saved replies…"), self.import_from_moderngov)
        self._action(moderngov_menu, self.tr("From the council's ModernGov &site…"), self.fetch_from_moderngov)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Share the footprint's part…"), self.share_footprint)
        self._action(file_menu, self.tr("Merge a &colleague's record…"), self.merge_colleague)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Back up now"), lambda: self.backups.now(), QKeySequence("Ctrl+B"))
        self._action(file_menu, self.tr("Restore from a &backup…"), lambda: self.backups.choose_and_restore())
        file_menu.addSeparator()
        # Ctrl+Q everywhere: the platform's standard Quit key is none on Windows and on some Linux desktops.
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence("Ctrl+Q"))
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        set_keys(undo, QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        self._action(edit_menu, self.tr("&Settings…"), self.edit_settings, QKeySequence("Ctrl+,"))
        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for number, name in enumerate(PAGES, start=1):
            # `triggered` passes `checked`: the page number is bound by a default that the signal cannot fill.
            self._action(go_menu, self.tr(name), lambda _checked=False, n=number - 1: self.show_page(n),
                         QKeySequence(f"Ctrl+{number}"))
        documents_menu = self.menuBar().addMenu(self.tr("&Documents"))
        self._action(documents_menu, self.tr("&Minutes of this meeting…"), lambda: self._meeting_document("minutes"),
                     QKeySequence("Ctrl+Shift+M"))
        self._action(documents_menu, self.tr("&Agenda of this meeting…"), lambda: self._meeting_document("agenda"),
                     QKeySequence("Ctrl+Shift+A"))
        self._action(documents_menu, self.tr("&Evidence pack…"), lambda: self.documents.evidence_pack(),
                     QKeySequence("Ctrl+Shift+E"))
        self._action(documents_menu, self.tr("&Forward plan…"), lambda: self.documents.forward_plan())
        self._action(documents_menu, self.tr("&Register of members' interests…"),
                     lambda: self.documents.interests())
        self._action(documents_menu, self.tr("&Calendar of meetings…"), lambda: self.documents.calendar())
        documents_menu.addSeparator()
        self._action(documents_menu, self.tr("Use my council's &template…"),
                     lambda: self.documents.choose_template())
        self._action(documents_menu, self.tr("Use the &built-in house style"),
                     lambda: self.documents.set_template(None))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents)
        self._action(help_menu, self.tr("&About stp-desk"), self.about)

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = plain_action(text, self)
        if shortcut is not None:
            set_keys(action, shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Search"), self)
        toolbar.setObjectName("searchToolbar")
        toolbar.setContentsMargins(8, 4, 8, 4)
        toolbar.setMovable(False)
        self.search_box = QLineEdit(toolbar)
        self.search_box.setPlaceholderText(
            self.tr("Search minutes, referrals, people, organisations, sign-offs… (Ctrl+F)"))
        self.search_box.setAccessibleName("Search")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaximumWidth(520)
        self.search_box.returnPressed.connect(lambda: self.search(self.search_box.text()))
        find = plain_action(self.tr("Find"), self)
        set_keys(find, QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: (self.search_box.setFocus(), self.search_box.selectAll()))  # type: ignore[func-returns-value]
        self.addAction(find)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search_box)
        self.addToolBar(toolbar)

    def _build_pages(self) -> None:
        """Lay out the navigation and an empty slot per page; a page is built the first time it is needed."""
        self.undo_stack.clear()
        self.catalogue: Catalogue | None = None  # made with the first list page
        self.built: dict[int, QWidget] = {}
        # Built from the window down, each widget made inside its parent: every widget moved into another is polished
        # again with all it holds, and a tree built from the leaves up is polished once per level.
        central = QWidget()
        self.setCentralWidget(central)
        self.nav = navigation(QListWidget(central))
        self.nav.setObjectName("nav")
        self.nav.setAccessibleName("Pages")
        self.nav.addItems([self.tr(p) for p in PAGES])
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget(central)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        for _ in PAGES:
            self.stack.addWidget(self._slot())
        self.nav.currentRowChanged.connect(self._page_chosen)
        start = min(max(int(self.settings.value("window/page", 0) or 0), 0), len(PAGES) - 1)  # type: ignore[call-overload]
        self._title(start)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(start)
        self.nav.blockSignals(False)
        self.stack.setCurrentIndex(start)
        if self.painted:  # another record, opened in a window already on screen: its page now
            self._show_first_page()
        self.setWindowTitle(f"{self.store.path.name} — stp-desk")
        self.record_label.setText(short_path(self.store.path))
        self.record_label.setToolTip(str(self.store.path))
        self._show_key_notice()
        self._show_location_notice()

    def _changed(self, change: "ChangeSet") -> None:
        """Every change the clerk makes can be undone from the Edit menu."""
        from stp_desk.ui.undo import RecordChange

        self.undo_stack.push(RecordChange(self.record, change, self, self.refresh_all))

    def page(self, index: int) -> QWidget:
        """The page at `index` in PAGES, built now if it has not been yet."""
        if index not in self.built:
            self._title(index)
            page = self._make_page(index)
            self.built[index] = page
            slot = self.stack.widget(index).layout()  # type: ignore[union-attr]
            slot.takeAt(1)  # type: ignore[union-attr]  # the stretch that held the title at the top until now
            slot.addWidget(page, 1)  # type: ignore[call-arg, union-attr]
            # Laid out before it first paints: its showing, its layout and its scroll areas' second pass are posted
            # events, settled by delivering them twice (once still leaves a frame with stray scroll bars; showing
            # the slot only after adding the page settles it offscreen but not in a real window).
            for _ in range(2):
                QCoreApplication.sendPostedEvents()
        return self.built[index]

    def _make_page(self, index: int) -> QWidget:
        record = self.record
        if index == 0:
            from stp_desk.ui.overview import OverviewPage

            overview = OverviewPage(record, self.stack.widget(0))  # in its slot from the first: styled once
            overview.open_meeting.connect(lambda meeting_id: (self.show_page(1), self.meetings.open(meeting_id)))  # type: ignore[func-returns-value]
            overview.open_page.connect(lambda name: self.show_page({"referrals": 4, "statutory": 7}.get(name, 5)))
            return overview
        # The list pages' modules load with the first of them, so that a start builds and loads the Overview alone.
        from PySide6.QtWidgets import QPushButton, QTabWidget

        from stp_desk.ui.catalogue import Catalogue
        from stp_desk.ui.pages import ListPage
        from stp_desk.ui.record_pages import BoardsPage, MeetingsPage
        from stp_desk.ui.safety import check_document

        catalogue = self.catalogue = self.catalogue or Catalogue(record)
        if index == 1:
            meetings = MeetingsPage(record, catalogue)
            meetings.editor.document_requested.connect(
                lambda kind, meeting_id: (self.documents.minutes if kind == "minutes" else self.documents.agenda)(
                    meeting_id))
            return meetings
        if index == 2:
            return BoardsPage(record, catalogue)
        if index == 3:
            signoffs = ListPage(record, catalogue.signoff_page())
            check = QPushButton(self.tr("&Check a document…"))
            check.setToolTip(self.tr("Is this file the one that was signed off?"))
            check.clicked.connect(lambda: check_document(self, self.record, signoffs.current_id()))
            signoffs.add_to_bar(check)
            return signoffs
        if index in (4, 5):
            return ListPage(record, catalogue.referral_page() if index == 4 else catalogue.action_page())
        if index == 7:
            from stp_desk.ui.statutory_page import StatutoryPage

            return StatutoryPage(record, catalogue, self.undo_stack)
        evidence = QTabWidget()
        # Each tab with its letter for Alt, as every other page's tabs (none of the window's menus' or the lists'
        # buttons' letters: F, E, G, D, H; A, I, L).
        for spec, title in ((catalogue.engagement_page(), "E&ngagements"),
                            (catalogue.publication_page(), "P&ublications"),
                            (catalogue.scrutiny_matter_page(), "Scrutiny re&views"),
                            (catalogue.scrutiny_consultation_page(), "C&onsultations"),
                            (catalogue.financial_gap_page(), "Financial ga&p")):
            evidence.addTab(ListPage(record, spec), self.tr(title))
        return evidence

    overview: "_Page[OverviewPage]" = _Page(0)
    meetings: "_Page[MeetingsPage]" = _Page(1)
    boards: "_Page[BoardsPage]" = _Page(2)
    signoffs: "_Page[ListPage]" = _Page(3)
    referrals: "_Page[ListPage]" = _Page(4)
    actions: "_Page[ListPage]" = _Page(5)  # type: ignore[assignment]
    evidence: "_Page[QTabWidget]" = _Page(6)
    statutory: "_Page[StatutoryPage]" = _Page(7)

    def _show_location_notice(self) -> None:
        """A record in a folder that will not outlive the session (a temporary profile, say): flagged in the status
        bar, the reason one click away; the clerk keeps working."""
        from stp_desk.domain.keeping import temporary_reason

        for old in self.statusBar().findChildren(QLabel, "temporary-folder"):
            self.statusBar().removeWidget(old)
            old.deleteLater()
        reason = temporary_reason(self.store.path)
        if not reason:
            return
        message = self.tr("{0} {1} Save a copy (File > Back up now, or copy the file) to a folder that lasts, such as "
                          "your documents or a network home folder, and open it from there.").format(
            self.tr("This record may not last beyond this session:"), reason)
        flag = QLabel(f'<a href="temporary">{self.tr("⚠ Temporary folder")}</a>')
        flag.setObjectName("temporary-folder")
        flag.setToolTip(reason)
        flag.setAccessibleName("Temporary folder")
        flag.setStyleSheet("QLabel { color: #a05a00; font-weight: 600; } a { color: #a05a00; }")
        flag.linkActivated.connect(lambda _link: _message_box().warning(self, self.tr("Temporary folder"), message))
        self.statusBar().addPermanentWidget(flag)

    def _show_key_notice(self) -> None:
        """Where no keyring exists, say once, plainly and without stopping the clerk, that a key file seals instead:
        a line short enough for the status bar at 1366x768, and the whole notice from the ⚠ beside it."""
        notice = keystore.take_notice()
        if notice:
            warning = QLabel(f'<a href="notice">{self.tr("⚠ Weaker audit seal")}</a>')
            warning.setToolTip(notice)
            warning.setAccessibleName("Weaker audit seal")
            warning.setStyleSheet("QLabel { color: #a05a00; font-weight: 600; } a { color: #a05a00; }")
            warning.linkActivated.connect(
                lambda _link: _message_box().information(self, self.tr("Weaker audit seal"), notice))
            self.statusBar().addPermanentWidget(warning)
            self.statusBar().showMessage(
                self.tr("No keyring on this computer: a key file seals the audit trail (click ⚠ for more)."), 30000)

    def refresh_all(self) -> None:
        """Show the record as it now is on every page built so far (after an undo or redo, or an import)."""
        if self.catalogue is not None:  # a list page has been built
            from stp_desk.ui.pages import ListPage

            self.catalogue.forget_keepers()

            for page in self.findChildren(ListPage):
                page.refresh()
        if self.stack.currentIndex() == 0 and 0 in self.built:
            self.overview.refresh()
        if 1 not in self.built:
            return
        editor = self.meetings.editor
        if editor.meeting is not None and editor.meeting.id:
            if not self.store.get(editor.meeting.TABLE, editor.meeting.id):
                editor.meeting = None
                self.meetings.show_list()
            elif (dropped := editor.show_as_stored()) is not None:
                self.statusBar().showMessage(dropped, 20000)

    def _slot(self) -> QWidget:
        """The slot of one page: its title at the top (`_title`), then the page once built (a stretch until then)."""
        wrapper = QWidget(self.stack)
        layout = QVBoxLayout(wrapper)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addStretch(1)
        return wrapper

    def _title(self, index: int) -> None:
        """The page's title at the top of its slot, made when the slot is first to be seen: the frame shows the
        start page's, and a page is built before its slot is shown, so the seven others wait for their pages."""
        slot = self.stack.widget(index)
        if slot is not None and slot.findChild(QLabel, "pageTitle") is None:
            title = QLabel(self.tr(PAGES[index]), slot)
            page_title(title)
            slot.layout().insertWidget(0, title)  # type: ignore[union-attr]

    # -- navigation -----------------------------------------------------------------------------

    def show_page(self, index: int) -> None:
        self.nav.setCurrentRow(index)

    def _page_chosen(self, index: int) -> None:
        if self.stack.currentIndex() == 1 and index != 1 and not self._leave_editor():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(1)
            self.nav.blockSignals(False)
            return
        fresh = index not in self.built
        self.page(index)
        self.stack.setCurrentIndex(index)
        if index == 0 and not fresh:
            self.overview.refresh()  # the figures as they are now (a new Overview works them out itself)

    def paintEvent(self, event: "QPaintEvent") -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            QTimer.singleShot(0, self, self._show_first_page)  # with the window as context: dropped if it goes

    def _show_first_page(self) -> None:
        """The page chosen when a record opens, built once the window's frame is on screen (unless asked for)."""
        index = self.stack.currentIndex()
        if self.isVisible() and index not in self.built:
            self._page_chosen(index)
            from stp_desk.ui.first_save import prepare_soon

            prepare_soon(self)  # what the first save needs, once this page is on screen
            self.first_page_shown.emit()
            QTimer.singleShot(0, self, show_program_icon)  # asking whether there is one already makes QIcon's type

    def _editor_in_view(self) -> "MeetingEditor | None":
        """The meeting editor, when it is what the Meetings page shows."""
        if 1 in self.built and self.meetings.currentWidget() is self.meetings.editor:
            return self.meetings.editor
        return None

    def _stop_background_work(self) -> bool:
        """Closing over an export or import still running asks first, then stops it (it keeps nothing half-done)."""
        from stp_desk.ui.background import BackgroundTask

        running = BackgroundTask.unfinished()
        if not running:
            return True
        what = "; ".join(task.label for task in running)
        answer = _message_box().question(self, self.tr("Close stp-desk"),
                                      self.tr("{0} is still running. Stop it and close?").format(what))
        if answer != _message_box().StandardButton.Yes:
            return False
        for task in running:
            task.stop()
        return True

    def _leave_editor(self) -> bool:
        editor = self._editor_in_view()
        return editor is None or editor.maybe_save()

    def _meeting_document(self, kind: str) -> None:
        """Minutes or agenda of the meeting open in the editor (saved first, so the document shows what is seen)."""
        editor = self._editor_in_view()
        if editor is None or editor.meeting is None or editor.meeting.id is None:
            _message_box().information(self, self.tr("Documents"), self.tr("Open a meeting first."))
            return
        if editor.has_unsaved_changes() and not editor.save():
            return
        (self.documents.minutes if kind == "minutes" else self.documents.agenda)(editor.meeting.id)

    def search(self, text: str) -> None:
        if not text.strip():
            return
        from stp_desk.ui.search import SearchDialog

        hits = self.store.search(text)
        dialog = SearchDialog(hits, text, self)
        if not run_modal(dialog) or dialog.chosen is None:
            return
        self.open_hit(dialog.chosen)

    def open_hit(self, hit: dict[str, Any]) -> None:
        """Show the page of what a search found, with it chosen (an agenda item: its meeting, at that item)."""
        kind, row_id = hit["kind"], hit["id"]
        if kind == "agenda_item":
            self.show_page(1)
            self.meetings.open(hit["meeting_id"], row_id)
            return
        if kind in ("person", "seat"):
            self.show_page(2)
            boards = self.boards
            if kind == "seat":
                boards.setCurrentIndex(0)
                boards.boards.select_id(hit["board_id"])
                if boards.members is not None:
                    boards.members.select_where("seat_id", row_id)
                return
            boards.setCurrentIndex(1)  # the People tab
            page = boards.people
        elif kind in ("engagement", "publication"):
            self.show_page(6)
            self.evidence.setCurrentIndex(0 if kind == "engagement" else 1)
            page = cast("ListPage", self.evidence.currentWidget())
        elif kind == "duty":
            self.show_page(7)  # the statutory year, on its duties' tab
            self.statutory.setCurrentWidget(self.statutory.duties)
            self.statutory.duties.select_id(row_id)
            return
        elif kind in ("forward_plan", "registered_interest", "dispensation"):
            self.show_page(7)
            statutory = self.statutory
            page = {"forward_plan": statutory.forward_plan, "registered_interest": statutory.interests,
                    "dispensation": statutory.dispensations}[kind]
            statutory.setCurrentWidget(page)
        else:
            self.show_page(3 if kind == "signoff" else 4)
            page = self.signoffs if kind == "signoff" else self.referrals
        if not page.select_id(row_id):  # not in the list as filtered: open it on its own
            page.edit_id(row_id)

    # -- records --------------------------------------------------------------------------------

    def new_record(self) -> None:
        path, _ = _file_dialog().getSaveFileName(self, self.tr("New record"), str(paths.data_dir()),
                                              self.tr("stp-desk records (*.stpdesk)"))
        if path:
            self.switch_to(Path(path).with_suffix(".stpdesk"), create=True)

    def open_record_dialog(self) -> None:
        path, _ = _file_dialog().getOpenFileName(self, self.tr("Open record"), str(self.store.path.parent),
                                              self.tr("stp-desk records (*.stpdesk);;All files (*)"))
        if path:
            self.switch_to(Path(path))

    def switch_to(self, path: Path, *, create: bool = False) -> bool:
        """Close this record and open another; if it cannot be opened, say why and keep this one."""
        if path.resolve() == self.store.path.resolve() or not self._leave_editor():
            return False
        if create and path.exists():
            _message_box().warning(self, self.tr("New record"), self.tr("{0} already exists.").format(path))
            return False
        try:  # the other record first: this one stays open, untouched, if that one cannot be opened
            store = Store.open(path, create=create)
        except NotLocal as e:  # on a network path or in a synced folder: offer a copy on this computer
            from stp_desk.ui.local_copy import offer_local_copy

            local = offer_local_copy(self, e)
            return local is not None and self.switch_to(local)
        except KnownError as e:
            _message_box().warning(self, self.tr("Open record"), str(e))
            return False
        self.store.close()
        self._open(store)
        page = self.nav.currentRow()
        self._build_pages()
        self.show_page(page)
        self._remember(path)
        self.statusBar().showMessage(self.tr("Opened {0}.").format(path), 5000)
        return True

    def _reopen(self, path: Path) -> None:
        """Open the record at `path` again (after a restore), keeping the page the clerk was on."""
        page = self.nav.currentRow()
        self._open(Store.open(path))
        self._build_pages()
        self.show_page(page)

    def _remember(self, path: Path) -> None:
        """`path` first among the recent records, and the one to open next time.

        Written only when that changes: settings are written whole, synced to the disk, before the first page paints.
        """
        where = str(path.resolve())
        before = self._recent()
        recent = ([where] + [p for p in before if p != where])[:RECENT_LIMIT]
        if recent != before:
            self.settings.setValue("records/recent", recent)
        if self.settings.value("records/last") != where:
            self.settings.setValue("records/last", where)
        self.recent_menu.clear()
        for entry in recent:
            action = self.recent_menu.addAction(entry)
            action.triggered.connect(lambda _checked=False, p=entry: self.switch_to(Path(p)))

    def _recent(self) -> list[str]:
        value = self.settings.value("records/recent", [])
        return [value] if isinstance(value, str) else list(value or [])  # type: ignore[call-overload]

    def import_members(self) -> None:
        from stp_desk.ui.documents import default_folder

        path, _ = _file_dialog().getOpenFileName(self, self.tr("Import members"), str(default_folder()),
                                              self.tr("Spreadsheets (*.csv *.xlsx)"))
        if not path:
            return
        from stp_desk.ui.people_import import import_people  # the spreadsheet readers load only when used

        summary = import_people(self, self.record, Path(path))
        if summary:
            self.refresh_all()
            self.statusBar().showMessage(summary, 15000)

    def import_from_moderngov(self) -> None:
        from stp_desk.ui.documents import default_folder

        folder = _file_dialog().getExistingDirectory(self, self.tr("The folder of saved ModernGov replies"),
                                                  str(default_folder()))
        if not folder:
            return
        from stp_desk.ui.moderngov_import import import_moderngov  # its XML parsing loads only when used

        summary = import_moderngov(self, self.record, Path(folder))
        if summary:
            self.refresh_all()
            self.statusBar().showMessage(self.tr("Imported from ModernGov: {0}.").format(summary), 15000)

    def fetch_from_moderngov(self) -> None:
        from stp_desk.ui.moderngov_import import fetch_moderngov_import  # the network client loads only when used

        summary = fetch_moderngov_import(self, self.record)
        if summary:
            self.refresh_all()
            self.statusBar().showMessage(self.tr("Imported from ModernGov: {0}.").format(summary), 15000)

    def share_footprint(self) -> None:
        from stp_desk.ui.sharing import share_footprint  # the share file's signing loads only when used

        said = share_footprint(self, self.record)
        if said:
            self.statusBar().showMessage(said, 30000)

    def merge_colleague(self) -> None:
        from stp_desk.ui.documents import default_folder

        path, _ = _file_dialog().getOpenFileName(self, self.tr("Merge a colleague's record"), str(default_folder()),
                                              self.tr("Share files (*.json);;All files (*)"))
        if not path:
            return
        from stp_desk.ui.sharing import merge_file

        summary = merge_file(self, self.record, Path(path))
        if summary:
            self.refresh_all()
            self.statusBar().showMessage(summary, 15000)

    def edit_settings(self) -> None:
        from stp_desk.ui.settings_dialog import SettingsDialog

        if run_modal(SettingsDialog(self)):
            self.clerk = self.record.clerk = clerk_name()
            self.statusBar().showMessage(self.tr("Settings saved."), 5000)

    def show_guide(self) -> None:
        from stp_desk.ui.help import GuideDialog

        run_modal(GuideDialog(self))

    def about(self) -> None:
        _message_box().about(
            self, self.tr("About stp-desk"),
            self.tr("<h3>stp-desk {0}</h3><p>The governance record of a Health and Wellbeing Board's STP "
                    "footprint.</p><p>This record: {1}<br>Data folder: {2}<br>Record format: {3}</p>").format(
                __version__, self.store.path, paths.data_dir(), self.store.schema_version),
        )

    def closeEvent(self, event: "QCloseEvent") -> None:
        if not self._leave_editor() or not self._stop_background_work():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/page", self.nav.currentRow())
        self.backups.on_close()
        self.store.close()
        event.accept()
