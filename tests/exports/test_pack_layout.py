"""The evidence pack's layout, read back through LibreOffice -> PDF -> pdftotext and its XML: no blank page, a contents
list with page numbers and no question on opening, statuses that never wrap, rows that never split, references that
lead to the appendix and item, conversations first under E1; and every document written without a council template
passes the accessibility check."""

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from stp_desk.domain.entities import Footprint, Publication
from stp_desk.domain.record import Record
from stp_desk.exports import (
    AgendaOptions,
    EvidencePackOptions,
    MinutesOptions,
    export_agenda,
    export_evidence_pack,
    export_minutes,
)
from stp_desk.exports.accessibility import check_document
from tests.exports.conftest import TODAY, exempt_meeting, to_pdf

pytestmark = pytest.mark.slow


@dataclass
class Pack:
    path: Path
    pages: list[str]
    others: dict[str, Path]


@pytest.fixture(scope="module")
def pack(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Pack:
    folder = tmp_path_factory.mktemp("pack")
    record = Record.open(demo_master)
    footprint = record.find(Footprint)[0]
    path = folder / "pack.docx"
    export_evidence_pack(record, path, start=date(2024, 4, 1), end=date(2025, 3, 31), footprint_id=footprint.id,
                         options=EvidencePackOptions(today=TODAY))
    meeting = exempt_meeting(record)
    others = {name: folder / f"{name}.docx" for name in ("minutes-full", "minutes-public", "agenda-full",
                                                          "agenda-public")}
    export_minutes(record, meeting.id or "", others["minutes-full"], MinutesOptions(public=False))
    export_minutes(record, meeting.id or "", others["minutes-public"], MinutesOptions(public=True))
    export_agenda(record, meeting.id or "", others["agenda-full"], AgendaOptions(public=False))
    export_agenda(record, meeting.id or "", others["agenda-public"], AgendaOptions(public=True))
    record.close()
    pages = to_pdf([path], tmp_path_factory.mktemp("lo-profile"))[path]
    return Pack(path, pages, others)


HEADER = "STP evidence pack: "
FOOTER = re.compile(r"Public document Page \d+ of \d+$")


def _body(page: str) -> str:
    """A page's text without its running header and footer."""
    text = FOOTER.sub("", page).strip()
    if text.startswith(HEADER):
        text = text.split(" 2025", 1)[-1].strip()  # the header ends with the period's last date
    return text


def test_no_blank_page(pack: Pack) -> None:
    for n, page in enumerate(pack.pages, start=1):
        assert _body(page), f"page {n} is blank"
    assert _body(pack.pages[1]).startswith("Contents")
    summary = next(n for n, page in enumerate(pack.pages) if _body(page).startswith("Summary"))
    assert 2 <= summary <= 3  # straight after the contents, which may run to a second page
    # a paragraph holding only a page break leaves a blank page in Word when it falls at a page's end: pages start
    # with "page break before" on their first heading instead
    body = docx.Document(str(pack.path)).element.body
    assert not [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]


def test_contents_with_page_numbers_and_no_question_on_opening(pack: Pack) -> None:
    with zipfile.ZipFile(pack.path) as package:
        assert b"updateFields" not in package.read("word/settings.xml")
    contents = pack.pages[1]
    listed = dict(re.findall(r"(Summary|Engagement scorecard|Actions log) (\d+)", contents))
    listed.update(re.findall(r"(Appendix A): [^,]+, \d+ \w+ \d{4} (\d+)", contents))
    assert {"Summary", "Engagement scorecard", "Actions log", "Appendix A"} <= set(listed), contents[:400]
    for heading, page in listed.items():
        assert _body(pack.pages[int(page) - 1]).count(heading) or heading in pack.pages[int(page) - 1], heading


def test_statuses_never_wrap_and_rows_never_split(pack: Pack) -> None:
    text = " ".join(pack.pages)
    assert "OVERDUE" in text
    for word in ("OVERDUE", "Cancelled", "Partly met", "Not met"):
        broken = [f"{word[:k]} {word[k:]}" for k in range(2, len(word)) if word[k] != " " and word[k - 1] != " "]
        assert not any(b in text for b in broken), word
    document = docx.Document(str(pack.path))
    for grid in document.tables:
        for row in grid.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None


def test_references_lead_to_the_appendix_and_item(pack: Pack) -> None:
    text = " ".join(pack.pages)
    appendix = dict(re.findall(r"Appendix ([A-Z]+): ([^,]+, \d+ \w+ \d{4})", text))
    assert appendix
    references = re.findall(r"Appendix ([A-Z]+): ([^,]+, \d+ \w+ \d{4}), item (\d+)", text)
    assert references  # sign-offs and actions name the appendix and the item
    for letter, meeting, _item in references:
        assert f"Appendix {letter}: {meeting}" in text
    # every appendix heading in the contents list matches the meeting the references give it
    for letter, meeting, _item in references:
        assert re.search(f"Appendix {letter}: {re.escape(meeting)}", pack.pages[1]), (letter, meeting)


def test_conversations_first_under_e1(demo_master: Path, tmp_path: Path) -> None:
    """In 2023/24 the demo's politicians were briefed on the plan outside meetings too (E1 counts only conversations
    on the plan), so the evidence holds both kinds."""
    record = Record.open(demo_master)
    try:
        path = tmp_path / "pack-2023.docx"
        export_evidence_pack(record, path, start=date(2023, 4, 1), end=date(2024, 3, 31),
                             footprint_id=record.find(Footprint)[0].id, options=EvidencePackOptions(today=TODAY))
    finally:
        record.close()
    document = docx.Document(str(path))
    body = list(document.element.body)
    heading = [n for n, el in enumerate(body) if el.tag == qn("w:p") and "".join(
        t.text or "" for t in el.iter(qn("w:t"))).startswith("E1.")][-1]  # the heading, not its contents entry
    grid = next(el for el in body[heading:] if el.tag == qn("w:tbl"))
    references = ["".join(t.text or "" for t in tr.findall(qn("w:tc"))[0].iter(qn("w:t")))
                  for tr in grid.findall(qn("w:tr"))[1:]]
    meetings = [r.startswith("Appendix") for r in references]
    assert False in meetings and True in meetings
    assert meetings == sorted(meetings)  # every conversation before any attendance list


def test_every_document_without_a_template_passes_the_check(pack: Pack) -> None:
    assert check_document(pack.path) == []
    for name, path in pack.others.items():
        assert check_document(path) == [], name


def test_web_addresses_are_links_with_meaningful_text(pack: Pack, demo_master: Path) -> None:
    document = docx.Document(str(pack.path))
    links = {rel_id: rel.target_ref for rel_id, rel in document.part.rels.items() if rel.reltype.endswith("/hyperlink")}
    texts: dict[str, set[str]] = {}
    for link in document.element.body.iter(qn("w:hyperlink")):
        if link.get(qn("r:id")):
            shown = "".join(t.text or "" for t in link.iter(qn("w:t")))
            texts.setdefault(links[link.get(qn("r:id"))], set()).add(shown)
    record = Record.open(demo_master)
    try:
        published = [p for p in record.find(Publication) if p.url and "2024-04-01" <= p.published_on <= "2025-03-31"]
    finally:
        record.close()
    assert published
    for p in published:  # in the publication log the title is the link's text, and says where it goes
        assert p.title in texts.get(p.url or "", set()), (p.url, texts.get(p.url or ""))
    # no address is left as plain text: any printed address is itself a link
    for element in document.element.body.iter(qn("w:t")):
        if "http" in (element.text or ""):
            assert any(a.tag == qn("w:hyperlink") for a in element.iterancestors()), element.text


def test_properties_of_a_document_without_a_template(pack: Pack) -> None:
    core = docx.Document(str(pack.path)).core_properties
    assert core.title.startswith("STP evidence pack: Lancashire and South Cumbria footprint")
    assert core.author and core.author != "stp-desk" and core.language == "en-GB"
    assert core.created is not None and core.created.year >= 2025 and core.comments == ""
    for name, path in pack.others.items():
        core = docx.Document(str(path)).core_properties
        assert core.title.startswith("Blackpool Health and Wellbeing Board: "), name
        assert "house style" not in core.title and core.author != "stp-desk", name


def test_a_publication_titled_with_a_web_address_still_makes_a_pack(demo_master: Path, tmp_path: Path) -> None:
    """The title is the link's text: a title holding an address (already a link in the table) must not break it."""
    import shutil

    from stp_desk.domain.entities import Publication

    copy = Path(shutil.copy(demo_master, tmp_path / "demo.stpdesk"))
    record = Record.open(copy)
    try:
        footprint = record.find(Footprint)[0]
        record.record_publication(Publication(footprint_id=footprint.id or "", title="Summary at https://example.org/s",
                                              url="https://example.org/summary", published_on="2024-06-01"))
        path = tmp_path / "pack.docx"
        export_evidence_pack(record, path, start=date(2024, 4, 1), end=date(2025, 3, 31),
                             footprint_id=footprint.id, options=EvidencePackOptions(today=TODAY))
    finally:
        record.close()
    links = [link for link in docx.Document(str(path)).element.body.iter(qn("w:hyperlink"))
             if "".join(t.text or "" for t in link.iter(qn("w:t"))) == "Summary at https://example.org/s"]
    assert len(links) == 1
