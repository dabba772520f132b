"""Shared for the export tests: one small demo record per session, and LibreOffice turning .docx into PDF text."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from stp_desk.demo import make_demo
from stp_desk.domain.entities import AgendaItem, Meeting
from stp_desk.domain.record import Record

TODAY = date(2025, 12, 1)  # the demo's "today", so overdue entries do not drift with the calendar


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("exports-demo") / "demo.stpdesk"
    make_demo(path, today=TODAY)
    return path


@pytest.fixture
def demo(demo_master: Path, tmp_path: Path) -> Path:
    return Path(shutil.copy(demo_master, tmp_path / "demo.stpdesk"))


def exempt_meeting(record: Record) -> Meeting:
    """The first meeting with an exempt (Part B) item."""
    for m in record.find(Meeting, order_by="starts_at", status="held"):
        if any(i.exempt for i in record.find(AgendaItem, meeting_id=m.id)):
            return m
    raise AssertionError("the demo record has no exempt item")


def to_pdf(documents: list[Path], profile: Path) -> dict[Path, list[str]]:
    """Convert .docx files with one LibreOffice run; return each one's pages as text (pdftotext)."""
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.fail("LibreOffice (soffice) and poppler-utils (pdftotext) are needed: run .ci/bootstrap")
    out = documents[0].parent / "pdf"
    out.mkdir(exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), *map(str, documents)], check=True, capture_output=True, timeout=300)
    pages = {}
    for doc in documents:
        pdf = out / f"{doc.stem}.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
        pages[doc] = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    return pages
