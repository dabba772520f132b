"""House style: the default template, a council's own template, and the few building blocks every document uses.

Documents use named styles (Title, Heading 1-3, Normal, Resolution, Notice, ...) so a council's template restyles
them; a style the template lacks is added here with a plain look, so any .docx still makes a correct document.
Tables carry their own borders, so they read the same whatever table styles the template has.
"""

import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import docx
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
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
LANGUAGE = "en-GB"
SMALL_PT = 10.0  # the smallest text any document carries: nothing under 10 pt (tests/exports check it)
_DOTX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

Container = DocumentObject | _Cell


# -- the template ----------------------------------------------------------------------------------------------


def open_document(template: Path | str | None = None, properties: "Properties | None" = None) -> DocumentObject:
    """A new, empty document in the house style, or in a council's template (.docx or .dotx) if given.

    Nothing of the template's own metadata passes into the document: its core properties are set afresh from
    `properties`, and its extended and custom properties (company, manager, template name ...) are dropped.
    """
    if template is None:
        document = docx.Document(str(DEFAULT_TEMPLATE)) if DEFAULT_TEMPLATE.is_file() else house_style()
    else:
        document = _load_template(Path(template))
    _clear_body(document)
    ensure_styles(document)
    set_language(document)
    for section in document.sections:
        _a4(section)
    _drop_template_metadata(document)
    set_properties(document, properties or Properties(title="Document"))
    return document


@dataclass(frozen=True)
class Properties:
    """What File > Properties shows: a screen reader announces the title (Accessibility Regulations 2018)."""

    title: str
    subject: str = ""
    author: str = ""
    keywords: str = ""
    when: datetime | None = None


def set_properties(document: DocumentObject, properties: Properties) -> None:
    """The document's own core properties; every field the template may have filled in is cleared."""
    core = document.core_properties
    moment = (properties.when or datetime.now(UTC)).replace(microsecond=0)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    core.title = clean(properties.title)
    core.subject = clean(properties.subject)
    core.author = clean(properties.author)
    core.last_modified_by = clean(properties.author)
    core.keywords = clean(properties.keywords)
    core.comments = ""
    core.category = ""
    core.content_status = ""
    core.identifier = ""
    core.version = ""
    core.language = LANGUAGE
    core.created = moment
    core.modified = moment
    core_element = core._element
    for printed in core_element.findall("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
                                        "lastPrinted"):
        core_element.remove(printed)
    core.revision = 1


def _drop_template_metadata(document: DocumentObject) -> None:
    """Remove the template's extended (app.xml) and custom properties and its thumbnail from the package."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith(("/extended-properties", "/custom-properties", "/thumbnail")):
            del package.rels[rel_id]
    settings = document.settings.element
    for tag in ("w:attachedTemplate", "w:rsids", "w:docVars"):
        for element in settings.findall(qn(tag)):
            settings.remove(element)


def set_language(document: DocumentObject) -> None:
    """British English on the document's defaults, on every style that names a language, and for its theme."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)


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
              color: RGBColor | None = None, italic: bool | None = None, name: str | None = None) -> None:
    """Size, weight and colour of a style; a font name only for the house style's own (a council's is inherited)."""
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


# A setup(style, house) gives a style its look: `house` is True for the house style's own template (Calibri, the
# house accent); for a style a council's template lacks it is False, and the style takes its font and colour from
# the template's own (a heading from the template's nearest heading, anything else from its Normal), so a document
# never mixes the council's fonts with the house's.
Setup = Callable[[ParagraphStyle, bool], None]


def _heading(level: int, size: float) -> Setup:
    def setup(style: ParagraphStyle, house: bool) -> None:
        _set_font(style, size, bold=True, color=ACCENT if house else None, name=FONT if house else None)
        style.paragraph_format.space_before = Pt(14 if level == 1 else 10)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        _outline(style, level - 1)
    return setup


def _title(style: ParagraphStyle, house: bool) -> None:
    _set_font(style, 22, bold=True, color=ACCENT if house else None, name=FONT if house else None)
    style.paragraph_format.space_after = Pt(4)


def _subtitle(style: ParagraphStyle, house: bool) -> None:
    _set_font(style, 13, color=ACCENT if house else None, italic=False, name=FONT if house else None)
    style.paragraph_format.space_after = Pt(10)


def _resolution(style: ParagraphStyle, house: bool) -> None:
    style.paragraph_format.left_indent = Cm(1.0)
    style.paragraph_format.space_before = Pt(3)
    style.paragraph_format.space_after = Pt(6)


def _notice(style: ParagraphStyle, house: bool) -> None:
    _set_font(style, None, italic=True)
    style.paragraph_format.left_indent = Cm(1.0)
    style.paragraph_format.space_after = Pt(6)


def _small(style: ParagraphStyle, house: bool) -> None:
    _set_font(style, SMALL_PT)
    style.paragraph_format.space_after = Pt(2)


def _table_text(style: ParagraphStyle, house: bool) -> None:
    _set_font(style, SMALL_PT)
    style.paragraph_format.space_before = Pt(1)
    style.paragraph_format.space_after = Pt(1)


def _toc(level: int) -> Setup:
    def setup(style: ParagraphStyle, house: bool) -> None:
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
    return setup


def _plain(style: ParagraphStyle, house: bool) -> None:
    style.paragraph_format.space_after = Pt(0)


# name -> (how a style missing from a template is set up, whether the house style restyles it)
STYLES: dict[str, tuple[Setup, bool]] = {
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
_HEADINGS = ("Heading 1", "Heading 2", "Heading 3")


def _based_on(styles: Any, name: str) -> Any:
    """The template's style a missing one is made from: the nearest heading above it for a heading or the title."""
    order: list[str] = []
    if name in ("Title", "Subtitle"):
        order = ["Title", *_HEADINGS]
    elif name in _HEADINGS:
        order = list(reversed(_HEADINGS[:_HEADINGS.index(name)]))
    for candidate in [*order, "Normal"]:
        if candidate != name and candidate in styles:
            return styles[candidate]
    return None


def ensure_styles(document: DocumentObject, house: bool = False) -> None:
    """Add every style the documents use that the template does not define, in the template's own fonts."""
    styles = document.styles
    for name, (setup, _restyle) in STYLES.items():
        if name not in styles:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            base = _based_on(styles, name)
            if base is not None:
                style.base_style = base
            setup(style, house)
    for name in ("Title", *_HEADINGS):
        _outline_or_not(styles[name], name)


def _outline_or_not(style: ParagraphStyle, name: str) -> None:
    """Headings carry their outline level; the title, made from a heading, must not be read as one."""
    ppr = style.element.get_or_add_pPr()
    if name == "Title":
        if ppr.find(qn("w:outlineLvl")) is None:
            element = OxmlElement("w:outlineLvl")
            element.set(qn("w:val"), "9")  # body text
            ppr.append(element)
    else:
        _outline(style, _HEADINGS.index(name))


def house_style() -> DocumentObject:
    """The default template, built from python-docx's own: A4, Calibri (Carlito), the house headings."""
    document = docx.Document()
    normal = document.styles["Normal"]
    _set_font(normal, 10.5, name=FONT)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for name, (setup, restyle) in STYLES.items():
        if name in document.styles and restyle:
            setup(document.styles[name], True)
    ensure_styles(document, house=True)
    set_language(document)
    for section in document.sections:
        _a4(section)
        section.top_margin = section.bottom_margin = Cm(2.0)
        section.left_margin = section.right_margin = Cm(2.2)
        section.header_distance = section.footer_distance = Cm(1.0)
    _clear_body(document)
    _drop_template_metadata(document)
    set_properties(document, Properties(title="House style"))
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


_URL = re.compile(r"https?://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]")


def para(container: Container, text: object = "", style: str | None = None, *, bold: bool = False,
         italic: bool = False, align: str | None = None) -> Paragraph:
    """A paragraph in a named style; a web address in its text becomes a link."""
    paragraph = container.add_paragraph()
    if style is not None:
        set_style(paragraph, style)
    if text:
        linked(paragraph, text, bold=bold, italic=italic)
    if align:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    return paragraph


def runs(paragraph: Paragraph, *parts: tuple[object, bool]) -> Paragraph:
    """Add (text, bold) runs to a paragraph (web addresses in them become links)."""
    for text, bold in parts:
        linked(paragraph, text, bold=bold)
    return paragraph


def linked(paragraph: Paragraph, text: object, *, bold: bool = False, italic: bool = False) -> None:
    """Text as runs, with every web address in it made a link (its address is its text: what the clerk wrote)."""
    value = clean(text)
    at = 0
    for match in _URL.finditer(value):
        _plain_run(paragraph, value[at:match.start()], bold, italic)
        hyperlink(paragraph, match.group(), match.group(), bold=bold)
        at = match.end()
    _plain_run(paragraph, value[at:], bold, italic)


def _plain_run(paragraph: Paragraph, text: str, bold: bool, italic: bool) -> None:
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None


def hyperlink(paragraph: Paragraph, url: str, text: str, *, bold: bool = False) -> None:
    """A link to `url` that reads as `text` (meaningful text: WCAG 2.4.4), underlined in the link colour."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.append(_link_run(text, bold))
    paragraph._p.append(link)


def _link_run(text: str, bold: bool = False) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1F4E9A")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    if bold:
        rpr.append(OxmlElement("w:b"))
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = clean(text)
    run.append(t)
    return run


def signature_line(container: Container, labels: Sequence[str]) -> Paragraph:
    """"Chair: ______  Date: ______" drawn with tab stops and their leaders (no typed dots), well spaced above."""
    paragraph = container.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(30)
    stops = paragraph.paragraph_format.tab_stops
    at = 0.0
    for n, label in enumerate(labels):
        if n:
            paragraph.add_run("\t")
        paragraph.add_run(f"{clean(label)}: ").bold = True
        paragraph.add_run("\t")
        at += 9 if n == 0 else 6
        stops.add_tab_stop(Cm(at), alignment=WD_TAB_ALIGNMENT.LEFT, leader=WD_TAB_LEADER.DOTS)
        at += 0.8
        stops.add_tab_stop(Cm(at), alignment=WD_TAB_ALIGNMENT.LEFT)
    return paragraph


def new_page(paragraph: Paragraph) -> Paragraph:
    """Start this paragraph on a new page (page break before: no empty paragraph holding a break)."""
    paragraph.paragraph_format.page_break_before = True
    return paragraph


def table(container: Container, headers: Sequence[str], rows: Sequence[Sequence[object]],
          widths: Sequence[float] | None = None, *, style: str = "Table Text", bold_first: bool = False,
          shade: dict[tuple[int, int], str] | None = None, nowrap: Sequence[int] = ()) -> Table:
    """A bordered table with a header row that repeats on each page and rows that never split; widths in cm.

    Columns in `nowrap` keep each line of a cell on one line (a status such as OVERDUE must not break).
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
    _cant_split(heading_row)
    for r, row in enumerate(rows):
        tr = grid.add_row()._tr
        _cant_split(tr)
        for c, (tc, value) in enumerate(zip(tr.tc_lst, row, strict=True)):
            cell = _Cell(tc, grid)
            _cell_text(cell, value, paragraph_style, bold=bold_first and c == 0)
            if shade and (r, c) in shade:
                _shade(cell, shade[(r, c)])
            if c in nowrap:
                tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
    return grid


def _cant_split(tr: BaseOxmlElement) -> None:
    """A row is kept whole on one page (Word's 'Allow row to break across pages' off)."""
    tr_pr = tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _cell_text(cell: _Cell, value: object, paragraph_style: str | None, bold: bool = False) -> None:
    """The text of a new cell, a paragraph to a line, in the given paragraph style (by id)."""
    paragraph = Paragraph(cell._tc.p_lst[0], cell)
    paragraph._p.style = paragraph_style
    lines = clean(value).split("\n")
    for n, line in enumerate(lines):
        if n:
            paragraph = cell.add_paragraph()
            paragraph._p.style = paragraph_style
        linked(paragraph, line, bold=bold)


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


def _field(instruction: str, shown: str) -> list[BaseOxmlElement]:
    """The runs of a Word field (PAGE, NUMPAGES, PAGEREF ...) showing `shown` until it is updated."""
    made = []
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, None), ("end", None)):
        run = OxmlElement("w:r")
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:t")
            element.text = shown
        run.append(element)
        made.append(run)
    return made


def _field_runs(paragraph: Paragraph, instruction: str, shown: str) -> None:
    for run in _field(instruction, shown):
        paragraph._p.append(run)


def _bands(document: DocumentObject, footer: bool) -> Iterator[tuple[Any, Any]]:
    """Every header (or footer) a page of the document can show: default, first page if the template sets a
    different first page, and even pages if it sets different odd and even pages."""
    even = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        yield section, section.footer if footer else section.header
        if section.different_first_page_header_footer:
            yield section, section.first_page_footer if footer else section.first_page_header
        if even:
            yield section, section.even_page_footer if footer else section.even_page_header


def _band(section: Any, part: Any, style: str) -> Any:
    """A paragraph of a page header or footer for our line: never the one holding the council's logo."""
    part.is_linked_to_previous = False
    free = [p for p in part.paragraphs if not p.text.strip() and not _holds_drawing(p)]
    paragraph = free[0] if free else part.add_paragraph()
    set_style(paragraph, style)
    _tab_stops(paragraph, section)
    return paragraph


def _holds_drawing(paragraph: Paragraph) -> bool:
    return any(True for _ in paragraph._p.iter(qn("w:drawing"), qn("w:pict"), qn("w:object")))


def page_footer(document: DocumentObject, left: str) -> None:
    """'Page X of Y' (PAGE and NUMPAGES fields) on every page, with a short identifying line."""
    for section, part in _bands(document, footer=True):
        paragraph = _band(section, part, "Footer")
        paragraph.add_run(clean(left))
        paragraph.add_run("\t")
        paragraph.add_run("Page ")
        _field_runs(paragraph, "PAGE", "1")
        paragraph.add_run(" of ")
        _field_runs(paragraph, "NUMPAGES", "1")
        for run in paragraph._p.iter(qn("w:r")):
            _run_size(run, SMALL_PT)


def page_header(document: DocumentObject, left: str, marks: Sequence[str]) -> None:
    """A header on every page (first and even pages too): its marks (DRAFT, CONFIDENTIAL ...) in red capitals on a
    line of their own, so a long mark never wraps, then what the document is."""
    for section, part in _bands(document, footer=False):
        if marks:
            line = _band(section, part, "Header")
            line.alignment = WD_ALIGN_PARAGRAPH.CENTER
            mark = line.add_run(clean("   ".join(marks)))
            mark.bold = True
            mark.font.size = Pt(11)
            mark.font.color.rgb = MARK
        paragraph = _band(section, part, "Header")
        run = paragraph.add_run(clean(left))
        run.font.size = Pt(SMALL_PT)
        run.font.color.rgb = RGBColor(0x55, 0x5F, 0x6D)


def _run_size(run: BaseOxmlElement, points: float) -> None:
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    for tag in ("w:sz", "w:szCs"):
        size = OxmlElement(tag)
        size.set(qn("w:val"), str(int(points * 2)))
        rpr.append(size)


def _tab_stops(paragraph: Paragraph, section) -> None:  # type: ignore[no-untyped-def]
    """One right-aligned tab stop at the right margin, clearing the Header/Footer styles' usual stops."""
    width = section.page_width - section.left_margin - section.right_margin
    stops = paragraph.paragraph_format.tab_stops
    for twips in (4680, 9360, 4513, 9026):
        stops.add_tab_stop(twips * 635, alignment=WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, alignment=WD_TAB_ALIGNMENT.RIGHT)


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark round the paragraph's text, for a contents entry to link to and take its page number from."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    ppr = paragraph._p.pPr
    paragraph._p.insert(1 if ppr is not None else 0, start)
    paragraph._p.append(end)


def contents(document: DocumentObject, entries: Sequence[tuple[int, str, str]]) -> list[Paragraph]:
    """A contents list: each (level, text, bookmark) a link to its heading, with its page number on a tab stop.

    The page numbers are PAGEREF fields: LibreOffice (and so a PDF made from the document) works them out as it
    lays the pages out; Word shows them when its fields are updated (F9, or on printing). No field asks to be
    updated when the document opens (Word would ask the reader a question).
    """
    made = []
    width = None
    for level, text, name in entries:
        paragraph = document.add_paragraph()
        set_style(paragraph, f"TOC {min(level, 2)}", document.part)
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = 0  # one page, if it fits
        if width is None:
            section = document.sections[-1]
            width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, alignment=WD_TAB_ALIGNMENT.RIGHT,
                                                          leader=WD_TAB_LEADER.SPACES)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), name)
        link.append(_link_run(text))
        paragraph._p.append(link)
        paragraph.add_run("\t")
        _field_runs(paragraph, f"PAGEREF {name} \\h", "")
        made.append(paragraph)
    return made
