"""House style: the default template, a council's own template, and the few building blocks every document uses.

Documents use named styles (Title, Heading 1-3, Normal, Resolution, Notice, ...) so a council's template restyles
them; a style the template lacks is added here with a plain look, so any .docx still makes a correct document.
Tables carry their own borders, so they read the same whatever table styles the template has.
"""

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import docx
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from stp_desk import limits, paths
from stp_desk.errors import KnownError
from stp_desk.exports.common import clean

DEFAULT_TEMPLATE = paths.resources_dir() / "house-style.docx"
FONT = "Calibri"  # LibreOffice draws it with Carlito, which has the same metrics
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)
MARK = RGBColor(0xA0, 0x1C, 0x1C)
A4 = (Cm(21.0), Cm(29.7))
_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

Container = DocumentObject | _Cell


# -- the template ----------------------------------------------------------------------------------------------


def open_document(template: Path | str | None = None) -> DocumentObject:
    """A new, empty document in the house style, or in a council's template (.docx or .dotx) if given."""
    if template is None:
        document = docx.Document(str(DEFAULT_TEMPLATE)) if DEFAULT_TEMPLATE.is_file() else house_style()
    else:
        document = _load_template(Path(template))
    _clear_body(document)
    ensure_styles(document)
    for section in document.sections:
        _a4(section)
    return document


def _load_template(path: Path) -> DocumentObject:
    try:
        data = path.read_bytes()
        limits.check_unpacked(zipfile.ZipFile(io.BytesIO(data)), f"The template {path.name}")
        if path.suffix.lower() in (".dotx", ".dotm"):
            data = _as_document(data)
        return docx.Document(io.BytesIO(data))
    except FileNotFoundError:
        raise KnownError(f"The template {path} does not exist.") from None
    except OSError as e:
        raise KnownError(f"The template {path} cannot be read ({e.strerror or e}).") from e
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as e:
        raise KnownError(f"The template {path.name} is not a Word document (.docx or .dotx).") from e


def _as_document(data: bytes) -> bytes:
    """A Word template (.dotx) differs from a document only in its declared content type."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(_DOTX.encode(), _DOCX.encode())
            target.writestr(info, content)
    return out.getvalue()


def _clear_body(document: DocumentObject) -> None:
    """Keep the template's styles, headers, footers and page set-up; drop any sample text in its body."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _a4(section) -> None:  # type: ignore[no-untyped-def]
    landscape = section.orientation == WD_ORIENT.LANDSCAPE
    width, height = A4
    section.page_width, section.page_height = (height, width) if landscape else (width, height)


def _set_font(style: ParagraphStyle, size: float | None = None, bold: bool | None = None,
              color: RGBColor | None = None, italic: bool | None = None, name: str | None = FONT) -> None:
    font = style.font
    if name:
        font.name = name
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), name)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if color is not None:
        font.color.rgb = color


def _outline(style: ParagraphStyle, level: int) -> None:
    ppr = style.element.get_or_add_pPr()
    if ppr.find(qn("w:outlineLvl")) is None:
        element = OxmlElement("w:outlineLvl")
        element.set(qn("w:val"), str(level))
        ppr.append(element)


def _heading(level: int, size: float) -> Callable[[ParagraphStyle], None]:
    def setup(style: ParagraphStyle) -> None:
        _set_font(style, size, bold=True, color=ACCENT)
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        _outline(style, level - 1)
    return setup


def _title(style: ParagraphStyle) -> None:
    _set_font(style, 22, bold=True, color=ACCENT)
    style.paragraph_format.space_after = Pt(4)


def _subtitle(style: ParagraphStyle) -> None:
    _set_font(style, 13, color=ACCENT, italic=False)
    style.paragraph_format.space_after = Pt(10)


def _resolution(style: ParagraphStyle) -> None:
    _set_font(style, None)
    style.paragraph_format.left_indent = Cm(1.0)
    style.paragraph_format.space_before = Pt(3)
    style.paragraph_format.space_after = Pt(6)


def _notice(style: ParagraphStyle) -> None:
    _set_font(style, None, italic=True)
    style.paragraph_format.left_indent = Cm(1.0)
    style.paragraph_format.space_after = Pt(6)


def _small(style: ParagraphStyle) -> None:
    _set_font(style, 8.5)
    style.paragraph_format.space_after = Pt(0)


def _table_text(style: ParagraphStyle) -> None:
    _set_font(style, 9)
    style.paragraph_format.space_before = Pt(1)
    style.paragraph_format.space_after = Pt(1)


def _toc(level: int) -> Callable[[ParagraphStyle], None]:
    def setup(style: ParagraphStyle) -> None:
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
    return setup


def _plain(style: ParagraphStyle) -> None:
    style.paragraph_format.space_after = Pt(0)


# name -> (how a style missing from a template is set up, whether the house style restyles it)
STYLES: dict[str, tuple[Callable[[ParagraphStyle], None], bool]] = {
    "Title": (_title, True),
    "Subtitle": (_subtitle, True),
    "Heading 1": (_heading(1, 15), True),
    "Heading 2": (_heading(2, 12.5), True),
    "Heading 3": (_heading(3, 11), True),
    "Resolution": (_resolution, True),
    "Notice": (_notice, True),
    "Small Print": (_small, True),
    "Table Text": (_table_text, True),
    "TOC 1": (_toc(1), False),
    "TOC 2": (_toc(2), False),
    "Header": (_plain, False),
    "Footer": (_plain, False),
}


def ensure_styles(document: DocumentObject) -> None:
    """Add, with a plain look, every style the documents use that the template does not define."""
    styles = document.styles
    for name, (setup, _restyle) in STYLES.items():
        if name not in styles:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            if "Normal" in styles:
                style.base_style = styles["Normal"]
            setup(style)


def house_style() -> DocumentObject:
    """The default template, built from python-docx's own: A4, Calibri (Carlito), the house headings."""
    document = docx.Document()
    normal = document.styles["Normal"]
    _set_font(normal, 10.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for name, (setup, restyle) in STYLES.items():
        if name in document.styles and restyle:
            setup(document.styles[name])
    ensure_styles(document)
    for section in document.sections:
        _a4(section)
        section.top_margin = section.bottom_margin = Cm(2.0)
        section.left_margin = section.right_margin = Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1.0)
    document.core_properties.author = "stp-desk"
    document.core_properties.title = "stp-desk house style"
    _clear_body(document)
    return document


# -- building blocks ---------------------------------------------------------------------------------------------


# part -> {style name: style id}. python-docx finds a style by name by scanning every style, and then scans them all
# again for the default style, on every paragraph; a document's styles are settled once `open_document` has made
# them, so each name is looked up once per document (or header, footer) part.
_STYLE_IDS: "WeakKeyDictionary[Any, dict[str, str | None]]" = WeakKeyDictionary()


def style_id(part: Any, name: str) -> str | None:
    """The id of the named paragraph style, as `paragraph.style = name` would set it (None for the default)."""
    ids = _STYLE_IDS.setdefault(part, {})
    if name not in ids:
        ids[name] = part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    return ids[name]


def set_style(paragraph: Paragraph, name: str, part: Any = None) -> None:
    """`paragraph.style = name`, with the name looked up once per document."""
    paragraph._p.style = style_id(part if part is not None else paragraph.part, name)


def para(container: Container, text: object = "", style: str | None = None, *, bold: bool = False,
         italic: bool = False, size: float | None = None, align: str | None = None) -> Paragraph:
    paragraph = container.add_paragraph()
    if style is not None:
        set_style(paragraph, style)
    if text:
        run = paragraph.add_run(clean(text))
        run.bold = bold or None
        run.italic = italic or None
        if size:
            run.font.size = Pt(size)
    if align:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    return paragraph


def runs(paragraph: Paragraph, *parts: tuple[object, bool]) -> Paragraph:
    """Add (text, bold) runs to a paragraph."""
    for text, bold in parts:
        run = paragraph.add_run(clean(text))
        run.bold = bold or None
    return paragraph


def page_break(document: DocumentObject) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def table(container: Container, headers: Sequence[str], rows: Sequence[Sequence[object]],
          widths: Sequence[float] | None = None, *, style: str = "Table Text", bold_first: bool = False,
          shade: dict[tuple[int, int], str] | None = None) -> Table:
    """A bordered table with a shaded heading row that repeats on each page; widths in cm.

    Rows are filled through their `w:tc` elements: python-docx's `row.cells` and `cell.paragraphs` walk the table
    again for every row and cell, and `paragraph.style = name` looks the style up each time.
    """
    grid = container.add_table(rows=1, cols=len(headers))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    _borders(grid)
    tbl = grid._tbl
    lengths = [Cm(width) for width in widths] if widths else None
    if lengths:
        # Set before the rows are added, so that `add_row` gives each new cell its column's width.
        for grid_col, length in zip(tbl.tblGrid.gridCol_lst, lengths, strict=True):
            grid_col.w = length
    paragraph_style = style_id(grid.part, style)
    heading_row = tbl.tr_lst[0]
    for c, (tc, heading) in enumerate(zip(heading_row.tc_lst, headers, strict=True)):
        cell = _Cell(tc, grid)
        _cell_text(cell, heading, paragraph_style, bold=True)
        _shade(cell, "D9E2EE")
        if lengths:
            tc.width = lengths[c]
    _repeat_heading(grid.rows[0])
    for r, row in enumerate(rows):
        tr = grid.add_row()._tr
        for c, (tc, value) in enumerate(zip(tr.tc_lst, row, strict=True)):
            cell = _Cell(tc, grid)
            _cell_text(cell, value, paragraph_style, bold=bold_first and c == 0)
            if shade and (r, c) in shade:
                _shade(cell, shade[(r, c)])
    return grid


def _cell_text(cell: _Cell, value: object, paragraph_style: str | None, bold: bool = False) -> None:
    """The text of a new cell, a paragraph to a line, in the given paragraph style (by id)."""
    paragraph = Paragraph(cell._tc.p_lst[0], cell)
    paragraph._p.style = paragraph_style
    lines = clean(value).split("\n")
    for n, line in enumerate(lines):
        if n:
            paragraph = cell.add_paragraph()
            paragraph._p.style = paragraph_style
        run = paragraph.add_run(line)
        run.bold = bold or None


def _borders(grid: Table) -> None:
    tbl_pr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "8C9BB0")
        borders.append(element)
    tbl_pr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("left", 80), ("right", 80)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(width))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_heading(row) -> None:  # type: ignore[no-untyped-def]
    tr_pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def _field_runs(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC ...) with the text shown until the field is updated."""
    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)
    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _band(section: Any, part: Any, style: str) -> Any:
    """The one paragraph of a page header or footer of this section's own, with the house tab stops."""
    part.is_linked_to_previous = False
    paragraph = part.paragraphs[0] if part.paragraphs and not part.paragraphs[0].text else part.add_paragraph()
    set_style(paragraph, style)
    _tab_stops(paragraph, section)
    return paragraph


def page_footer(document: DocumentObject, left: str) -> None:
    """'Page X of Y' (PAGE and NUMPAGES fields) on every page, with a short identifying line."""
    for section in document.sections:
        paragraph = _band(section, section.footer, "Footer")
        run = paragraph.add_run(clean(left))
        run.font.size = Pt(8.5)
        paragraph.add_run("\t")
        paragraph.add_run("Page ")
        _field_runs(paragraph, "PAGE", "1")
        paragraph.add_run(" of ")
        _field_runs(paragraph, "NUMPAGES", "1")
        for r in paragraph.runs[1:]:
            r.font.size = Pt(9)


def page_header(document: DocumentObject, left: str, marks: Sequence[str]) -> None:
    """A header on every page: what the document is, and its marks (DRAFT, CONFIDENTIAL ...) in red capitals."""
    for section in document.sections:
        paragraph = _band(section, section.header, "Header")
        run = paragraph.add_run(clean(left))
        run.font.size = Pt(8.5)
        run.font.color.rgb = RGBColor(0x55, 0x5F, 0x6D)
        if marks:
            paragraph.add_run("\t")
            mark = paragraph.add_run(clean("   ".join(marks)))
            mark.bold = True
            mark.font.size = Pt(11)
            mark.font.color.rgb = MARK


def _tab_stops(paragraph: Paragraph, section) -> None:  # type: ignore[no-untyped-def]
    """One right-aligned tab stop at the right margin, clearing the Header/Footer styles' usual stops."""
    width = section.page_width - section.left_margin - section.right_margin
    stops = paragraph.paragraph_format.tab_stops
    for twips in (4680, 9360, 4513, 9026):
        stops.add_tab_stop(twips * 635, alignment=WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, alignment=WD_TAB_ALIGNMENT.RIGHT)


def table_of_contents(document: DocumentObject, entries: Sequence[tuple[int, str]]) -> None:
    """A TOC field Word updates (on opening, via updateFields); until then it lists the headings without pages."""
    paragraphs = [document.add_paragraph() for _entry in entries] or [document.add_paragraph()]
    for paragraph, (level, _text) in zip(paragraphs, entries, strict=False):
        set_style(paragraph, f"TOC {min(level, 2)}", document.part)
    first, last = paragraphs[0], paragraphs[-1]

    def char(paragraph: Paragraph, kind: str, before: bool = False) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run = OxmlElement("w:r")
        run.append(element)
        if before:
            paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, run)
        else:
            paragraph._p.append(run)

    for paragraph, (_level, text) in zip(paragraphs, entries, strict=False):
        paragraph.add_run(clean(text))
    # begin + instruction + separate go before the first entry's text; end after the last entry's
    instr_run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = ' TOC \\o "1-2" \\h \\z \\u '
    instr_run.append(instr)
    index = 1 if first._p.pPr is not None else 0
    begin, separate = OxmlElement("w:r"), OxmlElement("w:r")
    for run, kind in ((begin, "begin"), (separate, "separate")):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run.append(element)
    first._p.insert(index, separate)
    first._p.insert(index, instr_run)
    first._p.insert(index, begin)
    char(last, "end")
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
