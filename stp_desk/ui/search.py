"""Full-text search results: choosing one opens the page of what it found."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from stp_desk.ui.catalogue import uk_date

KINDS = {"agenda_item": "Item", "referral": "Referral", "person": "Person", "seat": "Seat",
         "engagement": "Engagement", "publication": "Publication", "signoff": "Sign-off", "duty": "Duty",
         "forward_plan": "Forward plan", "registered_interest": "Registered interest", "dispensation": "Dispensation"}


def describe(hit: dict[str, Any]) -> str:
    """One hit as the results list shows it: what it is, where and when, its title, and the words around the find."""
    where = ", ".join(part for part in (hit["board"], uk_date(hit["date"], hit) if hit["date"] else "") if part)
    kind = KINDS.get(hit["kind"], hit["kind"])
    return f"{kind} — {where + ': ' if where else ''}{hit['title']}\n    {hit['snippet']}"


class SearchDialog(QDialog):
    """Hits of a full-text search; choosing one opens it."""

    def __init__(self, hits: list[dict[str, Any]], text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Search: {0}").format(text))
        self.resize(760, 420)
        self.chosen: dict[str, Any] | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("Search results")
        self.list.setWordWrap(True)
        for hit in hits:
            entry = QListWidgetItem(describe(hit))
            entry.setData(Qt.ItemDataRole.UserRole, hit)
            self.list.addItem(entry)
        self.list.itemActivated.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("{0} found").format(len(hits))))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        if hits:
            self.list.setCurrentRow(0)

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.chosen = item.data(Qt.ItemDataRole.UserRole)
            super().accept()
