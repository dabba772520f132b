"""The accessibility check of any Word document, as a council must publish it.

The Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (SI 2018/952)
require a public sector body to make what it publishes accessible (regulation 4: "perceivable, operable,
understandable and robust"), which GOV.UK's guidance on publishing accessible documents reads for a Word file as: a
title and a language set, headings that nest in order, text large enough to read, alternative text on every image,
tables with a header row, and spacing made with paragraph spacing rather than empty lines.

`check_document(path)` returns one plain line per fault found (empty when the document is clean). It reads only the
file: no Word, no LibreOffice.
"""

import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocumentObject
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from stp_desk.errors import KnownError
from stp_desk.exports.common import Ticker, write_atomic

MIN_SIZE_PT = 10.0
_WORD_DEFAULT_HALF_POINTS = 20  # Word's size when neither a style nor the document's defaults give one
_CONTENT = ("w:t", "w:drawing", "w:pict", "w:object", "w:fldChar", "w:instrText", "w:sym", "w:tab")
_SNIPPET = 40


def check_document(path: Path | str) -> list[str]:
    """Every accessibility fault of the .docx at `path`, one plain line each; `KnownError` if it is no .docx."""
    path = Path(path)
    try:
        document = docx.Document(str(path))
    except FileNotFoundError:
        raise KnownError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise KnownError(f"{path} is a folder, not a Word document.") from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise KnownError(f"{path.name} is not a Word document (.docx).") from e
    return check(document)


def check(document: DocumentObject) -> list[str]:
    """The faults of a document already open in python-docx (see `check_document`)."""
    styles = _Styles(document)
    faults: list[str] = []
    if not (document.core_properties.title or "").strip():
        faults.append("The document has no title (File > Info > Properties > Title).")
    if not styles.language():
        faults.append("The document has no language set (Review > Language).")
    faults += _headings(document, styles)
    faults += _sizes(document, styles)
    faults += _images(document)
    faults += _tables(document)
    faults += _empty_paragraphs(document)
    return faults


class AccessibilityFaults(KnownError):
    """A document failed the check before it was saved: nothing is written until the clerk says to save it anyway
    (`save_anyway`), or fixes the template that caused the faults."""

    def __init__(self, faults: list[str], document: DocumentObject, target: Path) -> None:
        shown = "\n".join(faults[:12]) + (f"\n… and {len(faults) - 12} more." if len(faults) > 12 else "")
        super().__init__(f"{target.name} has {len(faults)} accessibility fault{'s' if len(faults) != 1 else ''} "
                         f"(a council must publish accessible documents):\n{shown}")
        self.faults, self.document, self.target = faults, document, target

    def save_anyway(self) -> Path:
        return write_atomic(self.document, self.target)


def save_checked(document: DocumentObject, target: Path | str, ticker: Ticker | None = None,
                 checked: bool = False) -> Path:
    """`write_atomic`, after the accessibility check when `checked`: a document with faults raises
    `AccessibilityFaults` and is not written."""
    if checked:
        faults = check(document)
        if faults:
            raise AccessibilityFaults(faults, document, Path(target))
    return write_atomic(document, target, ticker)


class _Styles:
    """Reads a document's paragraph and character styles, following each one's `basedOn` chain."""

    def __init__(self, document: DocumentObject) -> None:
        self.root = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in self.root.findall(qn("w:style"))}
        self.default_paragraph = next((sid for sid, s in self.by_id.items() if s.get(qn("w:type")) == "paragraph"
                                       and s.get(qn("w:default")) in ("1", "true")), None)

    def _chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None

    def language(self) -> str | None:
        lang = self.root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        if lang is not None and lang.get(qn("w:val")):
            return str(lang.get(qn("w:val")))
        for style in self._chain(self.default_paragraph):
            found = style.find(f"{qn('w:rPr')}/{qn('w:lang')}")
            if found is not None and found.get(qn("w:val")):
                return str(found.get(qn("w:val")))
        return None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or self.default_paragraph or "")
        name = style.find(qn("w:name")) if style is not None else None
        return name.get(qn("w:val")) if name is not None else ""

    def heading_level(self, paragraph: etree._Element) -> int | None:
        """1-9 for a heading (its outline level, from the paragraph or its style), None for body text."""
        ppr = paragraph.find(qn("w:pPr"))
        own = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
        if own is not None:
            level = int(own.get(qn("w:val"), "9"))
            return level + 1 if level < 9 else None
        style_id = _style_of(paragraph, "w:pStyle")
        for style in self._chain(style_id or self.default_paragraph):
            found = style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
            if found is not None:
                level = int(found.get(qn("w:val"), "9"))
                return level + 1 if level < 9 else None
        name = self.name(style_id).lower()
        if name.startswith("heading ") and name[8:].isdigit():
            return int(name[8:])
        return None

    def size(self, run: etree._Element, paragraph: etree._Element) -> float:
        """A run's size in points: its own, its character style's, its paragraph style's, the document's default."""
        found = _half_points(run.find(qn("w:rPr")))
        if found is None:
            for style in self._chain(_style_of(run, "w:rStyle", "w:rPr")):
                found = found or _half_points(style.find(qn("w:rPr")))
        if found is None:
            for style in self._chain(_style_of(paragraph, "w:pStyle") or self.default_paragraph):
                found = _half_points(style.find(qn("w:rPr")))
                if found is not None:
                    break
        if found is None:
            found = _half_points(self.root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"))
        return (found or _WORD_DEFAULT_HALF_POINTS) / 2


def _style_of(element: etree._Element, tag: str, holder: str = "w:pPr") -> str | None:
    props = element.find(qn(holder))
    style = props.find(qn(tag)) if props is not None else None
    return style.get(qn("w:val")) if style is not None else None


def _half_points(rpr: etree._Element | None) -> int | None:
    size = rpr.find(qn("w:sz")) if rpr is not None else None
    return int(size.get(qn("w:val"))) if size is not None and size.get(qn("w:val"), "").isdigit() else None


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _snippet(paragraph: etree._Element) -> str:
    text = " ".join(_text(paragraph).split())
    return text if len(text) <= _SNIPPET else text[:_SNIPPET - 1] + "…"


def _parts(document: DocumentObject) -> Iterator[tuple[str, etree._Element]]:
    """The body, then every header and footer (each once), with a name to say where a fault is."""
    yield "body", document.element.body
    seen: set[str] = set()
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and rel.target_part.partname not in seen:
            seen.add(rel.target_part.partname)
            kind = "header" if rel.reltype.endswith("/header") else "footer"
            yield kind, rel.target_part.element


def _headings(document: DocumentObject, styles: _Styles) -> list[str]:
    faults, previous = [], 0
    for paragraph in document.element.body.iter(qn("w:p")):
        level = styles.heading_level(paragraph)
        if level is None or not _text(paragraph).strip():
            continue
        if level > previous + 1:
            after = f"Heading {previous}" if previous else "the start of the document"
            faults.append(f"Heading levels skip: Heading {level} \"{_snippet(paragraph)}\" follows {after} "
                          f"(headings must go down one level at a time).")
        previous = level
    return faults


def _sizes(document: DocumentObject, styles: _Styles) -> list[str]:
    faults = []
    for where, root in _parts(document):
        for paragraph in root.iter(qn("w:p")):
            sizes = [styles.size(run, paragraph) for run in paragraph.iter(qn("w:r"))
                     if "".join(t.text or "" for t in run.iter(qn("w:t"))).strip()]
            small = [s for s in sizes if s < MIN_SIZE_PT]
            if small:
                place = "" if where == "body" else f" (in a {where})"
                faults.append(f"Text under {MIN_SIZE_PT:g} pt{place}: {min(small):g} pt in \"{_snippet(paragraph)}\".")
    return faults


def _images(document: DocumentObject) -> list[str]:
    faults = []
    for where, root in _parts(document):
        for shape in root.iter(qn("wp:docPr")):
            decorative = any(el.tag.endswith("}decorative") and el.get("val") in ("1", "true") for el in shape.iter())
            if not (shape.get("descr") or "").strip() and not decorative:
                place = "" if where == "body" else f" in a {where}"
                faults.append(f"An image{place} has no alternative text (\"{shape.get('name', 'picture')}\").")
        for image in root.iter("{urn:schemas-microsoft-com:vml}imagedata"):
            shape = image.getparent()
            if not (shape.get("alt") or "").strip():
                faults.append(f"An image in a {where} has no alternative text.")
    return faults


def _tables(document: DocumentObject) -> list[str]:
    faults = []
    for n, tbl in enumerate(document.element.body.iter(qn("w:tbl")), start=1):
        first = tbl.find(qn("w:tr"))
        header = first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") if first is not None else None
        if header is None or header.get(qn("w:val"), "true") in ("0", "false"):
            heading = " | ".join(_text(tc) for tc in first.findall(qn("w:tc"))) if first is not None else ""
            faults.append(f"Table {n} has no header row (\"{heading[:_SNIPPET]}\"): mark its first row to repeat "
                          f"as a header row.")
    return faults


def _empty_paragraphs(document: DocumentObject) -> list[str]:
    """Empty paragraphs in the body (not in a table cell) used for spacing; the one ending a section is allowed."""
    faults, run_of, after = [], 0, ""
    body = document.element.body
    for child in [*list(body), None]:
        empty = (child is not None and child.tag == qn("w:p") and not _has_content(child)
                 and child.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None)
        if empty:
            run_of += 1
            continue
        if run_of:
            where = f" after \"{after}\"" if after else " at the start of the document"
            many = f"{run_of} empty paragraphs" if run_of > 1 else "An empty paragraph"
            faults.append(f"{many}{where} used for spacing: use the paragraph's spacing instead.")
            run_of = 0
        if child is not None and child.tag in (qn("w:p"), qn("w:tbl")):
            after = _snippet(child) if child.tag == qn("w:p") else "a table"
    return faults


def _has_content(paragraph: etree._Element) -> bool:
    """Text, a picture, a field, a tab or a page break: anything but emptiness."""
    for tag in _CONTENT:
        for element in paragraph.iter(qn(tag)):
            if tag != "w:t" or (element.text or "").strip():
                return True
    return any(br.get(qn("w:type")) == "page" for br in paragraph.iter(qn("w:br")))
