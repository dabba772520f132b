"""Council templates made here (fonts and colours of their own, a different first page and even pages, a logo in the
header, Letter paper): every document keeps the council's fonts, carries its marks and page numbers on every page,
comes out on A4, carries none of the template's metadata and passes the accessibility check.

Read back as a reader reads them: LibreOffice -> PDF -> pdftotext / pdffonts / pdfinfo, and the .docx's own XML.
"""

import subprocess
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor

from stp_desk.domain.entities import Board
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
from tests.exports.test_accessibility import PNG

pytestmark = pytest.mark.slow
MARK = "CONFIDENTIAL — NOT FOR PUBLICATION"
TEMPLATE_TITLE, TEMPLATE_AUTHOR, TEMPLATE_COMMENTS = "Council letterhead 2019", "A. Template-Author", "Do not edit"


def _drop(document: docx.document.Document, names: tuple[str, ...]) -> None:
    for style in list(document.styles.element):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")) in names:
            document.styles.element.remove(style)


def _font(style: docx.styles.style.ParagraphStyle, name: str, color: str, size: float | None = None) -> None:
    style.font.name = name
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)
    style.font.color.rgb = RGBColor.from_string(color)
    if size:
        style.font.size = Pt(size)


def _base(body_font: str, heading_font: str, letter: bool = True) -> docx.document.Document:
    document = docx.Document()
    # the theme's fonts would otherwise reach text no style names a font for
    rfonts = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), body_font)
    _font(document.styles["Normal"], body_font, "1B3D2F", 11)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        if name in document.styles:
            _font(document.styles[name], heading_font, "5B1A74")
    core = document.core_properties
    core.title, core.author, core.comments = TEMPLATE_TITLE, TEMPLATE_AUTHOR, TEMPLATE_COMMENTS
    core.created = datetime(2019, 5, 1)
    if letter:
        for section in document.sections:
            section.page_width, section.page_height = Inches(8.5), Inches(11)
    document.add_paragraph("Sample body text of the template.")
    return document


def serif_template(path: Path) -> Path:
    """Serif body, sans headings, their own colours; lacks Heading 3, Title and Subtitle; Letter paper."""
    document = _base("DejaVu Serif", "DejaVu Sans")
    _drop(document, ("heading 3", "Title", "Subtitle"))
    document.save(str(path))
    return path


def first_page_template(path: Path) -> Path:
    """A first page and even pages with headers and footers of their own; Letter paper."""
    document = _base("DejaVu Sans", "DejaVu Serif")
    section = document.sections[0]
    section.different_first_page_header_footer = True
    document.settings.odd_and_even_pages_header_footer = True
    section.first_page_header.paragraphs[0].text = "Council first page"
    section.first_page_footer.paragraphs[0].text = "Council first footer"
    section.even_page_header.paragraphs[0].text = "Council even page"
    section.header.paragraphs[0].text = "Council odd page"
    document.save(str(path))
    return path


def logo_template(path: Path) -> Path:
    """A logo (with its alternative text) alone in the header's first paragraph; A4 already."""
    document = _base("DejaVu Serif", "DejaVu Serif", letter=False)
    logo = path.parent / "logo.png"
    logo.write_bytes(PNG)
    run = document.sections[0].header.paragraphs[0].add_run()
    run.add_picture(str(logo), width=Inches(1.2))
    run._r.find(f".//{qn('wp:docPr')}").set("descr", "Council logo")
    document.save(str(path))
    return path


TEMPLATES = {"serif": (serif_template, {"DejaVu Serif", "DejaVu Sans"}),
             "first": (first_page_template, {"DejaVu Serif", "DejaVu Sans"}),
             "logo": (logo_template, {"DejaVu Serif"})}
KINDS = ("minutes-full", "minutes-public", "agenda-full", "agenda-public", "pack")


@dataclass
class Made:
    files: dict[tuple[str, str], Path]
    pages: dict[tuple[str, str], list[str]]
    started: datetime


@pytest.fixture(scope="module")
def made(demo_master: Path, tmp_path_factory: pytest.TempPathFactory) -> Made:
    folder = tmp_path_factory.mktemp("templates")
    started = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=2)
    record = Record.open(demo_master, clerk="Test Clerk")
    meeting = exempt_meeting(record)
    board = record.get(Board, meeting.board_id)
    files: dict[tuple[str, str], Path] = {}
    for name, (make, _fonts) in TEMPLATES.items():
        template = make(folder / f"{name}-template.docx")
        target = {kind: folder / f"{name}-{kind}.docx" for kind in KINDS}
        export_minutes(record, meeting.id or "", target["minutes-full"], MinutesOptions(False, template))
        export_minutes(record, meeting.id or "", target["minutes-public"], MinutesOptions(True, template))
        export_agenda(record, meeting.id or "", target["agenda-full"], AgendaOptions(False, template))
        export_agenda(record, meeting.id or "", target["agenda-public"], AgendaOptions(True, template))
        export_evidence_pack(record, target["pack"], start=date(2024, 1, 1), end=date(2024, 6, 30), board_id=board.id,
                             options=EvidencePackOptions(template=template, today=TODAY))
        files.update({(name, kind): path for kind, path in target.items()})
    record.close()
    pages = to_pdf(list(files.values()), tmp_path_factory.mktemp("lo-profile"))
    return Made(files, {key: pages[path] for key, path in files.items()}, started)


def _pdf(path: Path) -> Path:
    return path.parent / "pdf" / f"{path.stem}.pdf"


def test_every_document_passes_the_accessibility_check(made: Made) -> None:
    for key, path in made.files.items():
        assert check_document(path) == [], key


def test_the_councils_fonts_everywhere(made: Made) -> None:
    for (name, kind), path in made.files.items():
        fonts = subprocess.run(["pdffonts", str(_pdf(path))], check=True, capture_output=True, text=True).stdout
        used = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
        families = {font.replace(" ", "") for font in TEMPLATES[name][1]}
        strangers = {font for font in used if not any(font.startswith(f) for f in families)}
        assert not strangers, (name, kind, used)
        # and in the document itself: no style the house adds names a font of its own
        styles = docx.Document(str(path)).styles
        for added in ("Resolution", "Notice", "Small Print", "Table Text"):
            assert styles[added].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") is None, (name, added)


def test_the_mark_and_page_numbers_on_every_page_of_the_full_documents(made: Made) -> None:
    for name in TEMPLATES:
        for kind in ("minutes-full", "agenda-full"):
            pages = made.pages[(name, kind)]
            for n, page in enumerate(pages, start=1):
                assert MARK in page, (name, kind, n)
                assert f"Page {n} of {len(pages)}" in page, (name, kind, n)
    pages = made.pages[("first", "minutes-full")]
    assert len(pages) >= 2  # the first page and an even page, each with the council's own header
    assert "Council first page" in pages[0] and "Council even page" in pages[1]


def test_a4_paper(made: Made) -> None:
    for key, path in made.files.items():
        info = subprocess.run(["pdfinfo", str(_pdf(path))], check=True, capture_output=True, text=True).stdout
        assert "(A4)" in info, key


def test_no_template_metadata(made: Made) -> None:
    for key, path in made.files.items():
        core = docx.Document(str(path)).core_properties
        assert core.title and core.title != TEMPLATE_TITLE, key
        assert core.author != TEMPLATE_AUTHOR and core.last_modified_by != TEMPLATE_AUTHOR, key
        assert core.comments == "" and core.language == "en-GB", key
        assert core.created is not None and core.created.replace(tzinfo=None) >= made.started, key
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
            assert not any(n.startswith("docProps/") and n != "docProps/core.xml" for n in names), (key, names)
            assert b"Template-Author" not in b"".join(package.read(n) for n in names), key
            assert b"Council letterhead" not in package.read("docProps/core.xml"), key


def test_british_english_on_the_document_and_its_styles(made: Made) -> None:
    for key, path in made.files.items():
        styles = docx.Document(str(path)).styles.element
        langs = {lang.get(qn("w:val")) for lang in styles.iter(qn("w:lang"))}
        assert langs == {"en-GB"}, (key, langs)


def test_the_header_line_does_not_join_the_logo(made: Made) -> None:
    for kind in KINDS:
        header = docx.Document(str(made.files[("logo", kind)])).sections[0].header
        logo = [p for p in header.paragraphs if p._p.findall(f".//{qn('w:drawing')}")]
        assert len(logo) == 1 and logo[0].text == "", kind
        assert any(p.text and not p._p.findall(f".//{qn('w:drawing')}") for p in header.paragraphs), kind
