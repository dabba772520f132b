"""`stp-desk check-document`: a document made to have each fault is caught, one line per fault; a clean one passes."""

import base64
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from stp_desk.cli import main
from stp_desk.exports.accessibility import check_document

# a 1x1 PNG
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
                       "AAAABJRU5ErkJggg==")


def clean_document(tmp_path: Path) -> DocumentObject:
    """A document with none of the faults: a title, en-GB, headings in order, 11 pt text, a header row."""
    document = docx.Document()
    document.core_properties.title = "Minutes of the board"
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-GB")
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading("Minutes", 1)
    document.add_paragraph("Present: the chair.")
    document.add_heading("Apologies", 2)
    document.add_paragraph("None.")
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text, grid.cell(0, 1).text = "Item", "Business"
    grid.cell(1, 0).text, grid.cell(1, 1).text = "1", "Welcome"
    header = OxmlElement("w:tblHeader")
    grid.rows[0]._tr.get_or_add_trPr().append(header)
    picture = tmp_path / "logo.png"
    picture.write_bytes(PNG)
    document.add_picture(str(picture))
    document.inline_shapes[0]._inline.docPr.set("descr", "The council's logo")
    document.add_heading("Actions", 2)
    document.add_paragraph("None.")
    return document


def _no_title(d: DocumentObject) -> None:
    d.core_properties.title = ""


def _no_language(d: DocumentObject) -> None:
    lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    lang.getparent().remove(lang)


def _skip(d: DocumentObject) -> None:
    d.add_heading("Appendix detail", 4)


def _small(d: DocumentObject) -> None:
    d.add_paragraph().add_run("Printed small").font.size = Pt(8)


def _image(d: DocumentObject) -> None:
    d.inline_shapes[0]._inline.docPr.set("descr", "")


def _table(d: DocumentObject) -> None:
    tr_pr = d.tables[0].rows[0]._tr.trPr
    tr_pr.remove(tr_pr.find(qn("w:tblHeader")))


def _empty(d: DocumentObject) -> None:
    d.paragraphs[1].insert_paragraph_before("")
    d.paragraphs[1].insert_paragraph_before("")


FAULTS: dict[str, tuple[Callable[[DocumentObject], None], str]] = {
    "title": (_no_title, "no title"),
    "language": (_no_language, "no language"),
    "headings": (_skip, "Heading levels skip: Heading 4 \"Appendix detail\" follows Heading 2"),
    "size": (_small, "Text under 10 pt: 8 pt in \"Printed small\""),
    "image": (_image, "An image has no alternative text"),
    "table": (_table, "Table 1 has no header row"),
    "empty": (_empty, "2 empty paragraphs after \"Minutes\" used for spacing"),
}


def test_a_clean_document_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clean.docx"
    clean_document(tmp_path).save(str(path))
    assert check_document(path) == []
    assert main(["check-document", str(path)]) == 0
    assert "no accessibility fault" in capsys.readouterr().out


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_is_reported_on_one_line(fault: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, expected = FAULTS[fault]
    document = clean_document(tmp_path)
    make(document)
    path = tmp_path / f"{fault}.docx"
    document.save(str(path))
    assert main(["check-document", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{fault}.docx: ") and expected in lines[0], lines


def test_a_heading_2_first_is_a_skip(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "x"
    document.add_heading("Present", 2)
    path = tmp_path / "h2.docx"
    document.save(str(path))
    faults = check_document(path)
    assert any("Heading 2 \"Present\" follows the start of the document" in f for f in faults), faults


def test_every_fault_at_once_gives_one_line_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = clean_document(tmp_path)
    for make, _expected in FAULTS.values():
        make(document)
    path = tmp_path / "all.docx"
    document.save(str(path))
    assert main(["check-document", str(path)]) == 1
    out = capsys.readouterr().out
    for _make, expected in FAULTS.values():
        assert expected in out
    assert len(out.splitlines()) == len(FAULTS)


def test_not_a_word_document_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("not a zip")
    assert main(["check-document", str(path)]) == 2
    assert "is not a Word document" in capsys.readouterr().err
    assert main(["check-document", str(tmp_path / "missing.docx")]) == 2
