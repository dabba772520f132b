"""Papers linked to an agenda item, kept as references: the entity lives with the others in `entities.py`."""

from stp_desk.domain.entities import DocumentReference

__all__ = ["DocumentReference"]
