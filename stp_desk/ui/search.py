"""Full-text search results: choosing one opens the item or referral it found."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from stp_desk.ui.catalogue import uk_date


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
            kind = {"agenda_item": "Item", "duty": "Duty", "forward_plan": "Forward plan",
                    "registered_interest": "Registered interest", "dispensation": "Dispensation"}.get(hit["kind"],
                                                                                                      "Referral")
            when = uk_date(hit["date"], hit) if hit["date"] else ""
            entry = QListWidgetItem(f"{kind} — {hit['board']}, {when}: {hit['title']}\n    {hit['snippet']}")
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
