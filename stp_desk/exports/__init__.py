"""Word documents made from the record: minutes, agendas and the STP evidence pack (python-docx; no Qt, no SQL).

Each `export_*` function reads through the domain `Record`, builds the document and writes it atomically:

    export_minutes(record, meeting_id, target, MinutesOptions(public=True), progress=None) -> Path
    export_agenda(record, meeting_id, target, AgendaOptions(public=True), progress=None) -> Path
    export_evidence_pack(record, target, start=..., end=..., board_id=... | footprint_id=...,
                         options=EvidencePackOptions(), progress=None) -> Path

Every document passes the accessibility check of `stp_desk.exports.accessibility` (`check_document(path)`, also
`stp-desk check-document`); with `checked=True` an export runs it before saving and raises `AccessibilityFaults`
(nothing written) when a council's template makes the document fail it.

`progress(done, total)` is called as the export goes (from the thread running it); returning False cancels it:
`ExportCancelled` is raised and no file is written. Every failure a clerk can act on (missing or read-only folder,
a target open in Word, an unusable template, an unknown meeting) is a `KnownError` with a plain message.
"""

from stp_desk.exports.accessibility import AccessibilityFaults, check_document
from stp_desk.exports.agenda import AgendaOptions, ContactOfficer, build_agenda, export_agenda
from stp_desk.exports.common import ExportCancelled, Progress, clean, write_atomic
from stp_desk.exports.evidence import EvidencePackOptions, build_evidence_pack, export_evidence_pack
from stp_desk.exports.minutes import MinutesOptions, build_minutes, export_minutes

__all__ = [
    "AccessibilityFaults",
    "AgendaOptions",
    "ContactOfficer",
    "EvidencePackOptions",
    "ExportCancelled",
    "MinutesOptions",
    "Progress",
    "build_agenda",
    "build_evidence_pack",
    "build_minutes",
    "check_document",
    "clean",
    "export_agenda",
    "export_evidence_pack",
    "export_minutes",
    "write_atomic",
]
