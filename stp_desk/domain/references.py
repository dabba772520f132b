"""Papers linked to an agenda item, kept as references (a title and an address, not the file itself).

They come from ModernGov's linked documents. A restricted paper is one the council did not publish.
"""

from dataclasses import dataclass

from stp_desk.domain.entities import Entity, _required, parse_date
from stp_desk.errors import ValidationError


@dataclass
class DocumentReference(Entity):
    TABLE = "document_references"
    LABEL = "linked document"
    item_id: str = ""
    title: str = ""
    url: str | None = None
    restricted: bool = False
    published_on: str | None = None

    def validate(self) -> None:
        _required("item_id", self.item_id)
        _required("title", self.title)
        parse_date("published_on", self.published_on, required=False)
        if self.url and not self.url.startswith(("http://", "https://")):
            raise ValidationError("url", "The address must start with https:// (or http://).")
