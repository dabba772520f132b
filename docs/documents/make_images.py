"""Render the first pages of each document of the small demo record to PNG (LibreOffice -> PDF -> pdftoppm).

Run:  .venv/bin/python docs/documents/make_images.py     (needs soffice and pdftoppm; see .ci/bootstrap)
"""

import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from stp_desk.demo import make_demo
from stp_desk.domain.entities import AgendaItem, Footprint, Meeting
from stp_desk.domain.record import Record
from stp_desk.exports import (
    AgendaOptions,
    EvidencePackOptions,
    MinutesOptions,
    export_agenda,
    export_evidence_pack,
    export_minutes,
)
from stp_desk.exports.agenda import ContactOfficer

HERE = Path(__file__).resolve().parent
TODAY = date(2025, 12, 1)
# document -> its pages to show: page numbers, or the first page holding a heading
PAGES: dict[str, list[int | str]] = {
    "minutes-full": [1, 2],
    "minutes-public": [1, 2],
    "agenda-public": [1, 2],
    "agenda-full": [2],
    "evidence-pack": [1, 2, 3, "Attendance: Blackpool", "Engagement scorecard", "Scrutiny referral register",
                      "Public minutes"],
}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        make_demo(work / "demo.stpdesk", today=TODAY)
        record = Record.open(work / "demo.stpdesk")
        meeting = next(m for m in record.find(Meeting, order_by="starts_at", status="held")
                       if any(i.exempt for i in record.find(AgendaItem, meeting_id=m.id)))
        footprint = record.find(Footprint)[0]
        export_minutes(record, meeting.id, work / "minutes-full.docx", MinutesOptions(public=False))
        export_minutes(record, meeting.id, work / "minutes-public.docx", MinutesOptions(public=True))
        contact = ContactOfficer("Gemma Tattersall", "01253 477123", "democratic.services@example.gov.uk")
        published = date(2024, 3, 5)
        export_agenda(record, meeting.id, work / "agenda-public.docx",
                      AgendaOptions(public=True, contact=contact, published=published))
        export_agenda(record, meeting.id, work / "agenda-full.docx",
                      AgendaOptions(public=False, contact=contact, published=published))
        export_evidence_pack(record, work / "evidence-pack.docx", start=date(2024, 4, 1), end=date(2025, 3, 31),
                             footprint_id=footprint.id, options=EvidencePackOptions(today=TODAY))
        record.close()
        subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(work), *(str(work / f"{n}.docx") for n in PAGES)],
                       check=True, capture_output=True)
        for old in HERE.glob("*.png"):
            old.unlink()
        for name, pages in PAGES.items():
            pdf = work / f"{name}.pdf"
            text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
            texts = text.split("\f")
            for page in pages:
                number = (page if isinstance(page, int)
                          else next(n for n, t in enumerate(texts, 1) if n > 2 and page in t))
                subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(number), "-l", str(number),
                                str(pdf), str(HERE / f"{name}-{number:02d}")], check=True)
        if shutil.which("pngquant"):  # if present: a 64-colour palette keeps the images small
            for png in HERE.glob("*.png"):
                subprocess.run(["pngquant", "--force", "--ext", ".png", "64", str(png)], check=True)
    for png in sorted(HERE.glob("*.png")):
        print(png.name, png.stat().st_size)


if __name__ == "__main__":
    main()
