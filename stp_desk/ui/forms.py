"""Forms built from field specs: they check the entity as the clerk types and say what is wrong beside the field."""

import dataclasses
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QDate, QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from stp_desk.domain.dates import UK_DATE_HINT, UK_DATETIME_HINT, parse_uk_date, parse_uk_datetime
from stp_desk.domain.entities import Entity
from stp_desk.errors import KnownError, ValidationError

Choices = Callable[[], list[tuple[Any, str]]]


SET_ON_SAVING = "(set on saving)"  # what a field the program fills on saving stands in as while a form checks
CHECKLIST_ROWS = 8  # choices a tick-list shows at once before it scrolls


@dataclass(frozen=True)
class Field:
    """One input. `kind`: text, multiline, lines (a list of texts, one a line), date, datetime, choice, bool, int,
    number, checklist, file, readonly.

    `options`: {"lines": n} for a multiline box at least n lines tall; {"create": make} for a choice with a
    New… button beside it, where `make(parent)` adds an entry and returns its value (None if cancelled);
    {"not": name} for a checklist that leaves out the value chosen in the field `name`.
    """

    name: str
    label: str
    kind: str = "text"
    choices: dict[Any, str] | Choices | None = None
    optional: bool = False
    hint: str = ""
    extra: bool = False  # not an attribute of the entity; handed to the save function instead
    options: dict[str, Any] = field(default_factory=dict)


def _options(spec: Field) -> list[tuple[Any, str]]:
    choices = spec.choices() if callable(spec.choices) else list((spec.choices or {}).items())
    return ([(None, "—")] if spec.optional else []) + choices


class CalendarButton(QToolButton):
    """The button beside a date that opens its calendar, showing a month's page drawn in the button's text colour.

    Not the calendar emoji: that needs a font with one, and without (many a locked-down desktop) the button showed an
    empty box. Drawn again when the palette changes, so it follows the desktop from light to dark.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._draw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._draw()

    def _draw(self) -> None:
        size, ratio = self.iconSize(), self.devicePixelRatioF()
        pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        ink = self.palette().color(QPalette.ColorRole.ButtonText)
        unit = min(size.width(), size.height()) / 16  # drawn on a 16-unit square, as the style's icons are
        painter = QPainter(pixmap)
        painter.scale(unit, unit)
        painter.fillRect(QRectF(1, 2, 14, 4), ink)  # the month's band
        for left, top, width, height in ((1, 6, 1, 9), (14, 6, 1, 9), (1, 14, 14, 1),  # the page's sides and foot
                                         (4, 0, 2, 3), (10, 0, 2, 3)):  # its rings
            painter.fillRect(QRectF(left, top, width, height), ink)
        for row in range(2):  # days
            for column in range(3):
                painter.fillRect(QRectF(3.5 + 3.5 * column, 8 + 3 * row, 2, 2), ink)
        painter.end()
        self.setIcon(QIcon(pixmap))


class _Choice(QComboBox):
    """A choice box where, with nothing chosen yet ("Choose…"), every arrow key starts at the first choice: Qt's
    box took Up and PageUp as a step before nothing and did nothing, as a Windows list box does not."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.currentIndex() < 0 and self.count() and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.setCurrentIndex(0)
            return
        super().keyPressEvent(event)


class FieldInput(QWidget):
    """The widget for one field, with a get/set of the stored value and a `changed` signal."""

    changed = Signal()

    def __init__(self, spec: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.widget = self._make(spec)
        self.widget.setAccessibleName(spec.label)
        if spec.hint:
            self.widget.setToolTip(spec.hint)
        layout.addWidget(self.widget, 1)
        if spec.kind == "file":
            browse = QPushButton(self.tr("Choose…"))
            browse.setAccessibleName(f"Choose {spec.label}")
            browse.clicked.connect(self._browse)
            layout.addWidget(browse)
        if spec.kind in ("date", "datetime"):
            layout.addWidget(self._calendar_button(spec))
        if spec.kind == "choice" and "create" in spec.options:
            new = QPushButton(self.tr("New…"))
            new.setAccessibleName(f"New {spec.label.lower()}")
            new.clicked.connect(self._create)
            layout.addWidget(new)

    def _make(self, spec: Field) -> QWidget:
        kind = spec.kind
        if kind in ("multiline", "lines"):
            w: QWidget = QPlainTextEdit()
            w.textChanged.connect(self.changed)  # type: ignore[attr-defined]
            w.setTabChangesFocus(True)  # type: ignore[attr-defined]
            w.setPlaceholderText(spec.hint)  # type: ignore[attr-defined]  # its advice on screen while it is empty
            lines = int(spec.options.get("lines", 4))
            w.setMinimumHeight(w.fontMetrics().lineSpacing() * lines + 2 * w.frameWidth() + 8)  # type: ignore[attr-defined]
            if "lines" in spec.options and lines <= 4:  # a short box stays short: the long ones take the room
                w.setMaximumHeight(w.minimumHeight())
        elif kind == "choice":
            w = _Choice()
            for value, label in _options(spec):
                w.addItem(label, value)
            if not spec.optional:
                w.setPlaceholderText(self.tr("Choose…"))  # what a required choice shows until one is made
            w.currentIndexChanged.connect(self.changed)
        elif kind == "bool":
            w = QCheckBox()
            w.toggled.connect(self.changed)
        elif kind in ("int", "number"):
            w = QSpinBox()
            w.setRange(0 if kind == "int" else -(10**9), 10**9 if kind == "number" else 999)
            if spec.optional:
                w.setSpecialValueText("—")
            if kind == "number":
                w.setPrefix("£")
                w.setGroupSeparatorShown(True)
            w.valueChanged.connect(self.changed)
        elif kind == "checklist":
            w = QListWidget()
            w.setWordWrap(True)  # a long choice wraps to the box's width, not behind a sideways scroll bar
            w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            w.setResizeMode(QListWidget.ResizeMode.Adjust)
            for value, label in _options(spec):
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, value)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                w.addItem(item)
            # Up to CHECKLIST_ROWS lines in view before it scrolls; a few choices have room to wrap onto a second.
            row, pad = (w.sizeHintForRow(0) if w.count() else w.fontMetrics().lineSpacing()), 2 * w.frameWidth() + 4
            w.setMinimumHeight(row * max(min(w.count(), CHECKLIST_ROWS), 2) + pad)
            w.setMaximumHeight(row * max(min(2 * w.count(), CHECKLIST_ROWS), 2) + pad)
            w.itemChanged.connect(self.changed)
        elif kind == "readonly":
            w = QLineEdit()
            w.setReadOnly(True)
            w.setFrame(False)
            w.setPlaceholderText(spec.hint)  # what it follows from, until that is known: not an empty strip
        else:
            w = QLineEdit()
            # How to type a date, else the field's advice, on screen while it is empty (the tooltip keeps it).
            w.setPlaceholderText({"date": UK_DATE_HINT, "datetime": UK_DATETIME_HINT}.get(kind, spec.hint))
            w.textChanged.connect(self.changed)
        return w

    def _create(self) -> None:
        """Add a new entry to choose (a person not yet in the record, say) and choose it."""
        made = self.spec.options["create"](self)
        if made is None:
            return
        combo = self.widget
        assert isinstance(combo, QComboBox)
        combo.blockSignals(True)
        combo.clear()
        for value, label in _options(self.spec):
            combo.addItem(label, value)
        combo.blockSignals(False)
        self.set_value(made)
        self.changed.emit()

    def leave_out(self, value: Any) -> None:
        """Hide one entry of a checklist (and untick it): a member is not her own substitute."""
        w = self.widget
        assert isinstance(w, QListWidget)
        for i in range(w.count()):
            hide = value is not None and w.item(i).data(Qt.ItemDataRole.UserRole) == value
            if hide:
                w.item(i).setCheckState(Qt.CheckState.Unchecked)
            w.item(i).setHidden(hide)

    def _calendar_button(self, spec: Field) -> QToolButton:
        """A button beside a date that opens a month calendar; the chosen day replaces the date, keeping the time."""
        button = CalendarButton()
        button.setAccessibleName(f"Pick {spec.label} from a calendar")
        button.setToolTip(self.tr("Pick a date from a calendar"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        menu = QMenu(button)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setAccessibleName(f"{spec.label} calendar")
        self.calendar.clicked.connect(lambda day: (self._pick(day), menu.close()))  # type: ignore[func-returns-value]
        self.calendar.activated.connect(lambda day: (self._pick(day), menu.close()))  # type: ignore[func-returns-value]
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._calendar_to_value)
        button.setMenu(menu)
        return button

    def _calendar_to_value(self) -> None:
        value = self.value()
        day = QDate.fromString(str(value)[:10], "yyyy-MM-dd") if value else QDate.currentDate()
        self.calendar.setSelectedDate(day if day.isValid() else QDate.currentDate())
        self.calendar.setFocus()

    def _pick(self, day: QDate) -> None:
        value = self.value()
        chosen = day.toString("yyyy-MM-dd")
        if self.spec.kind == "datetime":
            time = str(value)[11:16] if value and self._readable() else "10:00"
            chosen = f"{chosen}T{time}"
        self.set_value(chosen)

    def _readable(self) -> bool:
        return self.problem() is None

    def problem(self) -> str | None:
        """What is wrong with a typed date or time that cannot be read, in the forms a clerk may use; else None."""
        if self.spec.kind not in ("date", "datetime"):
            return None
        assert isinstance(self.widget, QLineEdit)
        text = self.widget.text()
        try:
            (parse_uk_date if self.spec.kind == "date" else parse_uk_datetime)(text)
        except ValueError:
            if self.spec.kind == "date":
                return f"{self.spec.label} must be a real date, written as {UK_DATE_HINT}."
            return f"{self.spec.label} must be a real date and time, written as {UK_DATETIME_HINT}."
        return None

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.spec.label)
        if path:
            self.set_value(path)

    def value(self) -> Any:
        w, kind = self.widget, self.spec.kind
        if isinstance(w, QPlainTextEdit):
            if kind == "lines":
                return [line.strip() for line in w.toPlainText().splitlines() if line.strip()]
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentData() if w.currentIndex() >= 0 else ""  # nothing chosen: as required fields are empty
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return None if self.spec.optional and w.value() == w.minimum() else w.value()
        if isinstance(w, QListWidget):
            return [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
                    if w.item(i).checkState() == Qt.CheckState.Checked]
        assert isinstance(w, QLineEdit)
        text = w.text().strip()
        if kind in ("date", "datetime") and text:
            try:  # the record keeps ISO 8601; what cannot be read is kept as typed, for the check to explain
                day = parse_uk_date(text) if kind == "date" else None
                text = day.isoformat() if day else parse_uk_datetime(text) or ""
            except ValueError:
                text = text.replace(" ", "T", 1) if kind == "datetime" else text
        return text or (None if self.spec.optional or kind in ("date", "datetime", "file") else "")

    def set_value(self, value: Any) -> None:
        w = self.widget
        if isinstance(w, QPlainTextEdit):
            text = "\n".join(value or []) if self.spec.kind == "lines" else value or ""
            if w.toPlainText() != text:  # the same text shown again (after a save) keeps the clerk's place in it
                w.setPlainText(text)
        elif isinstance(w, QComboBox):
            index = w.findData(value)
            if index < 0 and value not in (None, ""):  # a value the choices no longer hold is shown, not lost
                name = self.spec.options.get("name")  # how the field names such a value (a meeting now past)
                w.addItem(name(value) if name else str(value), value)
                index = w.count() - 1
            if index < 0 and self.spec.optional:
                index = 0  # "—"
            w.setCurrentIndex(index)  # -1, a required choice not yet made: "Choose…", and no blank among the choices
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            w.setValue(w.minimum() if value is None else int(value))
        elif isinstance(w, QListWidget):
            chosen = list(value or [])
            known = {w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())}
            for extra in [v for v in chosen if v not in known]:
                item = QListWidgetItem(str(extra))
                item.setData(Qt.ItemDataRole.UserRole, extra)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                w.addItem(item)
            for i in range(w.count()):
                checked = w.item(i).data(Qt.ItemDataRole.UserRole) in chosen
                w.item(i).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        elif isinstance(w, QLineEdit):
            text = _shown(self.spec.kind, "" if value is None else str(value))
            if w.text() != text:
                w.setText(text)


def _shown(kind: str, text: str) -> str:
    """A stored date as a UK clerk reads it (12/11/2026 14:00); anything that is not one, as it is."""
    if kind not in ("date", "datetime") or not text:
        return text
    try:
        if kind == "date":
            day = parse_uk_date(text)
            return f"{day:%d/%m/%Y}" if day else text
        moment = parse_uk_datetime(text)
    except ValueError:
        return text.replace("T", " ", 1)
    return f"{moment[8:10]}/{moment[5:7]}/{moment[:4]} {moment[11:16]}" if moment else text


class FieldGroup(QWidget):
    """A form layout of fields, each with its message line, that builds and checks an entity."""

    changed = Signal()

    def __init__(self, fields: list[Field], entity: Entity, *, extras: dict[str, Any] | None = None,
                 prepare: Callable[[Entity], Entity] = lambda entity: entity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entity = entity
        self.prepare = prepare
        self.loading = False
        self.inputs: dict[str, FieldInput] = {}
        self.messages: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in fields:
            field_input = FieldInput(spec)
            message = QLabel()
            message.setObjectName("fieldMessage")
            message.setStyleSheet("color: #b00020;")
            message.setWordWrap(True)
            keep = message.sizePolicy()
            keep.setRetainSizeWhenHidden(True)  # an error appears in space kept for it: the form does not move
            message.setSizePolicy(keep)
            message.setMinimumHeight(message.fontMetrics().lineSpacing())
            message.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(field_input)
            box.addWidget(message)
            required = not spec.optional and spec.kind not in ("bool", "checklist", "readonly", "lines")
            label = QLabel(spec.label + (" *" if required else ""))
            label.setBuddy(field_input.widget)
            layout.addRow(label, box)
            self.inputs[spec.name] = field_input
            self.messages[spec.name] = message
        self.load(entity, extras or {})
        for field_input in self.inputs.values():
            field_input.changed.connect(self._on_change)
            if (other := field_input.spec.options.get("not")) in self.inputs:
                self.inputs[other].changed.connect(self._leave_out)
        self._leave_out()

    def _leave_out(self) -> None:
        for field_input in self.inputs.values():
            if (other := field_input.spec.options.get("not")) in self.inputs:
                field_input.leave_out(self.inputs[other].value())

    def load(self, entity: Entity, extras: dict[str, Any]) -> None:
        """Show an entity (and values of the extra fields); what is shown now counts as unchanged. While `loading`,
        a field's `changed` is the load's, not the clerk's: the other fields may still hold the last entity's."""
        self.entity = entity
        self.loading = True
        try:
            for name, field_input in self.inputs.items():
                field_input.set_value(extras.get(name) if field_input.spec.extra else getattr(entity, name))
        finally:
            self.loading = False
        self.original = (self.built(), self.extras())

    def set_locked(self, locked: bool) -> None:
        """Locked text is read-only but drawn as dark as editable text; choices and boxes are disabled."""
        for field_input in self.inputs.values():
            for widget in [field_input.widget, *field_input.findChildren(QToolButton)]:
                if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                    widget.setReadOnly(locked or field_input.spec.kind == "readonly")
                else:
                    widget.setEnabled(not locked)

    def built(self) -> Entity:
        values = {n: i.value() for n, i in self.inputs.items() if not i.spec.extra}
        return self.prepare(dataclasses.replace(self.entity, **values))

    def extras(self) -> dict[str, Any]:
        return {n: i.value() for n, i in self.inputs.items() if i.spec.extra}

    @property
    def dirty(self) -> bool:
        return (self.built(), self.extras()) != self.original

    def typed(self) -> dict[str, Any]:
        """What the clerk has changed since the entity was shown, by field: to put back over it as stored anew."""
        shown, shown_extras = self.original
        return {name: value for name, field_input in self.inputs.items()
                if (value := field_input.value()) != (shown_extras.get(name) if field_input.spec.extra
                                                      else getattr(shown, name))}

    def retype(self, typed: dict[str, Any]) -> None:
        """Put back what `typed` gave, over what is shown now (it then counts as changed, as it was)."""
        for name, value in typed.items():
            self.inputs[name].set_value(value)

    def check(self) -> bool:
        """Validate what is typed now; show the first problem beside its field.

        A field the form does not show but saving sets (a new membership's seat, made with it) is empty here: it
        stands in as set while the rules read on, so that what the clerk typed after it is still checked now.
        """
        for name, field_input in self.inputs.items():
            if (problem := field_input.problem()) is not None:
                self.show_error(ValidationError(name, problem))
                return False
        built = self.built()
        set_on_saving: set[str] = set()
        while True:
            try:
                built.validate()
                break
            except ValidationError as e:
                if e.field in self.inputs:
                    self.show_error(e)
                    return False
                if e.field in set_on_saving or getattr(built, e.field, "") not in ("", None):
                    break  # the program's to put right on saving, not the clerk's
                set_on_saving.add(e.field)
                built = replace(built, **{e.field: SET_ON_SAVING})
        self.show_error(None)
        return True

    def show_error(self, error: ValidationError | None) -> None:
        for name, label in self.messages.items():
            text = error.message if error and error.field == name else ""
            label.setText(text)
            label.setVisible(bool(text))
        if error and error.field not in self.messages:
            first = next(iter(self.messages.values()))
            first.setText(error.message)
            first.show()

    def _on_change(self) -> None:
        """Check as the clerk types, and show values that follow from what was typed."""
        built = self.built()
        for name, field_input in self.inputs.items():
            if field_input.spec.kind == "readonly":
                field_input.set_value(getattr(built, name))
        self.check()
        self.changed.emit()


_SHOWING_COPY: ContextVar[bool] = ContextVar("showing_copy", default=False)


def showing_copy() -> bool:
    """Whether the form being built shows a row copied from a colleague's record: its choices then include copies
    (a copied membership names a copied person), where a form for this record's own rows offers its own only."""
    return _SHOWING_COPY.get()


def copy_note(owner_name: str) -> str:
    """What a clerk reads over a row copied from a colleague's record (`Record.owner_name` names it)."""
    return (f"A copy from {owner_name}: read-only here; its clerk changes it in their record and shares it "
            "again.")


def copy_banner() -> QLabel:
    """The banner over a copied row's form (hidden until it is given its `copy_note`)."""
    banner = QLabel()
    banner.setObjectName("copyBanner")
    banner.setWordWrap(True)
    banner.setAccessibleName("Copy from a colleague's record")
    banner.setStyleSheet("QLabel#copyBanner { background: #fff4e5; color: #5b3a00; border: 1px solid #f0c36d; "
                         "border-radius: 4px; padding: 6px 10px; }")
    banner.hide()
    return banner


class EntityDialog(QDialog):
    """Add or change one entity. `save(entity, extras)` writes it; errors are shown, nothing is lost.

    A row copied from a colleague's record (`copy_of` names their record) is shown read-only under a banner that
    says so, with Close in place of Save and Cancel."""

    def __init__(self, title: str, fields: list[Field], entity: Entity,
                 save: Callable[[Entity, dict[str, Any]], str], *, extras: dict[str, Any] | None = None,
                 prepare: Callable[[Entity], Entity] = lambda entity: entity, parent: QWidget | None = None,
                 copy_of: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._save = save
        self.saved_id: str | None = None
        self.copy_of = copy_of
        showing = _SHOWING_COPY.set(copy_of is not None)
        try:
            self.group = FieldGroup(fields, entity, extras=extras, prepare=prepare)
        finally:
            _SHOWING_COPY.reset(showing)
        self.banner = copy_banner()
        if copy_of is not None:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            self.banner.setText(copy_note(copy_of))
            self.banner.show()
            self.group.set_locked(True)
        else:
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)  # None for a copy
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.group)
        layout.addWidget(buttons)
        self.group.changed.connect(self._enable_save)  # a method, not a lambda holding `self` (see SettingsDialog)

    def _enable_save(self) -> None:
        if self.save_button is not None:
            self.save_button.setEnabled(self.group.check())

    def accept(self) -> None:
        if self.copy_of is not None:  # nothing to save: the domain would refuse it too
            super().reject()
            return
        if not self.group.check():
            return
        try:
            self.saved_id = self._save(self.group.built(), self.group.extras())
        except ValidationError as e:
            self.group.show_error(e)
            return
        except KnownError as e:
            QMessageBox.warning(self, self.windowTitle(), str(e))
            return
        super().accept()

    def reject(self) -> None:
        if self.group.dirty and not confirm_discard(self):
            return
        super().reject()


def confirm_discard(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent, parent.tr("Unsaved changes"), parent.tr("You have changes that are not saved. Discard them?"),
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard
