"""Every kind of document, through LibreOffice to PDF and read back: names, resolutions, statuses, footers, marks.

The conversions are grouped: one LibreOffice run for the whole module.
"""

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from stp_desk.domain.business import load_business
from stp_desk.domain.entities import Board, Footprint, Meeting
from stp_desk.domain.expectations import evaluate, governance_checks
from stp_desk.domain.record import Record
from stp_desk.exports import (
    AgendaOptions,
    EvidencePackOptions,
    MinutesOptions,
    export_agenda,
    export_evidence_pack,
    export_minutes,
)
from tests.exports.conftest import TODAY, exempt_meeting, to_pdf

pytestmark = pytest.mark.slow
START, END = date(2024, 1, 1), date(2024, 6, 30)


@dataclass
class Rendered:
    record: Record
    meeting: Meeting
    draft: Meeting
    footprint: Footprint
    board: Board
    pages: dict[str, list[str]]
    files: dict[str, Path]

    def text(self, name: str) -> str:
        return " ".join(self.pages[name])


def _bare_template(path: Path) -> Path:
    """A council template that lacks the headings, title and the house's own styles."""
    document = docx.Document()
    styles = document.styles.element
    for style in list(styles):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) in ("heading 1", "heading 2", "heading 3", "Title",
                                                           "Subtitle", "header", "footer"):
            styles.remove(style)
    document.add_paragraph("Sample text in the template's body, to be dropped.")
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def rendered(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    folder = tmp_path_factory.mktemp("documents")
    record = Record.open(demo_master, clerk="Test Clerk")
    meeting = exempt_meeting(record)
    draft = [m for m in record.find(Meeting, order_by="starts_at", board_id=meeting.board_id, status="held")
             if m.minutes_status == "draft"][-1]
    board = record.get(Board, meeting.board_id)
    footprint = record.get(Footprint, board.footprint_id)
    files = {name: folder / f"{name}.docx" for name in (
        "minutes-full", "minutes-public", "minutes-draft", "agenda-full", "agenda-public", "pack-footprint",
        "pack-board", "minutes-bare-template")}
    export_minutes(record, meeting.id or "", files["minutes-full"], MinutesOptions(public=False))
    export_minutes(record, meeting.id or "", files["minutes-public"], MinutesOptions(public=True))
    export_minutes(record, draft.id or "", files["minutes-draft"], MinutesOptions(public=True))
    export_agenda(record, meeting.id or "", files["agenda-full"], AgendaOptions(public=False))
    export_agenda(record, meeting.id or "", files["agenda-public"], AgendaOptions(public=True))
    export_evidence_pack(record, files["pack-footprint"], start=START, end=END, footprint_id=footprint.id,
                         options=EvidencePackOptions(today=TODAY))
    export_evidence_pack(record, files["pack-board"], start=START, end=END, board_id=board.id,
                         options=EvidencePackOptions(today=TODAY))
    export_minutes(record, meeting.id or "", files["minutes-bare-template"],
                   MinutesOptions(public=False, template=_bare_template(folder / "bare.docx")))
    pages = to_pdf(list(files.values()), tmp_path_factory.mktemp("lo-profile"))
    yield Rendered(record, meeting, draft, footprint, board, {n: pages[p] for n, p in files.items()}, files)
    record.close()


EXEMPT = "Contract award: integrated sexual health service"
EXEMPT_TEXT = "evaluation of tenders for the integrated sexual health service"


def test_present_members_resolutions_and_footer_in_the_minutes(rendered: Rendered) -> None:
    business = load_business(rendered.record, rendered.meeting.id or "")
    present = [business.name(a.person_id) for a in business.attendance if a.attends]
    assert present
    for name in ("minutes-full", "minutes-public", "minutes-bare-template"):
        text = rendered.text(name)
        for person in present:
            assert person in text, (name, person)
        for item in business.items:
            if item.resolution and (not item.exempt or name != "minutes-public"):
                assert f"RESOLVED: {' '.join(item.resolution.split())}" in text, (name, item.title)
        n = len(rendered.pages[name])
        for page, content in enumerate(rendered.pages[name], start=1):
            assert f"Page {page} of {n}" in content
        assert "Signed as a correct record" in text and "Declarations of interest" in text
        assert "Apologies" in text and "Also in attendance" in text


def test_exempt_item_only_in_the_full_documents(rendered: Rendered) -> None:
    for name in ("minutes-full", "agenda-full", "minutes-bare-template"):
        assert EXEMPT in rendered.text(name), name
    assert EXEMPT_TEXT in rendered.text("minutes-full")
    for name in ("minutes-public", "agenda-public", "pack-footprint", "pack-board"):
        text = rendered.text(name)
        assert EXEMPT not in text and EXEMPT_TEXT not in text, name
        assert "CONFIDENTIAL" not in text, name
    assert "Schedule 12A" in rendered.text("minutes-public")
    assert "paragraph 3 of Part 1 of Schedule 12A" in rendered.text("minutes-public")
    assert "Paragraph 3" in rendered.text("agenda-public")


def test_confidential_on_every_page_of_the_full_minutes_and_draft_until_approved(rendered: Rendered) -> None:
    for page in rendered.pages["minutes-full"]:
        assert "CONFIDENTIAL — NOT FOR PUBLICATION" in page
    assert rendered.meeting.minutes_status == "approved"
    assert "DRAFT" not in rendered.text("minutes-full")
    for page in rendered.pages["minutes-draft"]:
        assert "DRAFT" in page


def test_agenda_parts_and_presenters(rendered: Rendered) -> None:
    business = load_business(rendered.record, rendered.meeting.id or "")
    for name in ("agenda-full", "agenda-public"):
        text = rendered.text(name)
        assert "Part A: items open to the public" in text and "Part B: items not open to the public" in text
        for item in business.items:
            if not item.exempt:
                assert item.title in text
        assert "Page 1 of" in text


def test_evidence_pack_statuses_registers_and_appendices(rendered: Rendered) -> None:
    for name, scope in (("pack-footprint", None), ("pack-board", [rendered.board.id or ""])):
        text = rendered.text(name)
        results = evaluate(rendered.record, rendered.footprint.id or "", START, END, board_ids=scope, today=TODAY)
        results += governance_checks(rendered.record, rendered.footprint.id or "", START, END, board_ids=scope,
                                     today=TODAY)
        for r in results:
            assert f"{r.code} {r.title} {r.status.capitalize()}" in text, (name, r.code)
        for heading in ("Contents", "Summary", "Attendance", "Engagement scorecard", "Sign-off register",
                        "Scrutiny referral register", "Engagement log", "Publication log", "Financial gap",
                        "Totals by component", "Actions log", "Appendix A:"):
            assert heading in text, (name, heading)
        n = len(rendered.pages[name])
        assert all(f"Page {p} of {n}" in page for p, page in enumerate(rendered.pages[name], start=1))
    footprint = rendered.text("pack-footprint")
    assert "OVERDUE" in footprint  # the Clitheroe referral has had no response since April 2024
    assert "Closure of the inpatient ward at Clitheroe Community Hospital" in footprint
    assert "£165,000,000" in footprint and "Lancashire and South Cumbria Joint Forward Plan 2024-29" in footprint
    assert "Informal session" in footprint and "Minuted" in footprint
    # appendices hold the public minutes of every meeting held in the period
    held = [m for m in rendered.record.find(Meeting, board_id=rendered.board.id, status="held")
            if START.isoformat() <= m.starts_at[:10] <= END.isoformat()]
    assert rendered.text("pack-board").count("Public minutes") == len(held) >= 2


def test_pages_are_a4(rendered: Rendered) -> None:
    for name, path in rendered.files.items():
        pdf = path.parent / "pdf" / f"{path.stem}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert "(A4)" in info, name
