"""Writing is atomic and failures are plain; progress and cancel; control characters; templates; the CLI."""

import io
import os
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest

from stp_desk.cli import main
from stp_desk.domain.entities import AgendaItem, Board, Footprint, Meeting
from stp_desk.domain.record import Record
from stp_desk.errors import KnownError
from stp_desk.exports import (
    EvidencePackOptions,
    ExportCancelled,
    MinutesOptions,
    build_minutes,
    clean,
    export_evidence_pack,
    export_minutes,
)
from stp_desk.exports.style import open_document
from tests.exports.conftest import TODAY, exempt_meeting, to_pdf


@pytest.fixture
def opened(demo: Path):
    record = Record.open(demo, clerk="Test Clerk")
    yield record, exempt_meeting(record)
    record.close()


def _xml_text(path_or_bytes: Path | bytes) -> str:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def test_missing_folder_is_a_plain_message_and_no_file(opened, tmp_path: Path) -> None:
    record, meeting = opened
    target = tmp_path / "nowhere" / "minutes.docx"
    with pytest.raises(KnownError, match="does not exist"):
        export_minutes(record, meeting.id, target)
    assert not target.parent.exists()


def test_read_only_folder_leaves_nothing(opened, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record, meeting = opened
    folder = tmp_path / "out"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes anywhere: stand in for the refusal a clerk's laptop gives
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr("stp_desk.files._create", refuse)
    else:
        folder.chmod(0o555)
    try:
        with pytest.raises(KnownError, match="read-only"):
            export_minutes(record, meeting.id, folder / "minutes.docx")
    finally:
        folder.chmod(0o755)
    assert list(folder.iterdir()) == []


def test_target_open_in_word_is_kept_and_no_temporary_file_remains(opened, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    record, meeting = opened
    target = tmp_path / "minutes.docx"
    target.write_bytes(b"the clerk's earlier copy")

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file because it is being used by another process")
    monkeypatch.setattr("os.replace", locked)
    with pytest.raises(KnownError, match="open in Word"):
        export_minutes(record, meeting.id, target)
    assert target.read_bytes() == b"the clerk's earlier copy"
    assert [p.name for p in tmp_path.iterdir() if p.name != "demo.stpdesk" and not p.name.startswith("demo")] \
        == ["minutes.docx"]


def test_a_folder_as_target_is_refused(opened, tmp_path: Path) -> None:
    record, meeting = opened
    (tmp_path / "minutes.docx").mkdir()
    with pytest.raises(KnownError, match="is a folder"):
        export_minutes(record, meeting.id, tmp_path / "minutes.docx")


def test_progress_runs_to_the_total_and_cancel_leaves_no_file(opened, tmp_path: Path) -> None:
    record, meeting = opened
    calls: list[tuple[int, int]] = []
    target = tmp_path / "pack.docx"
    footprint = record.find(Footprint)[0]
    export_evidence_pack(record, target, start=date(2024, 1, 1), end=date(2024, 3, 31), footprint_id=footprint.id,
                         options=EvidencePackOptions(today=TODAY), progress=lambda d, t: calls.append((d, t)))
    assert target.exists()
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1]
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert len({t for _d, t in calls}) == 1
    for stop_at in (0, 3, calls[-1][1] - 1):
        target2 = tmp_path / f"cancelled-{stop_at}.docx"
        with pytest.raises(ExportCancelled):
            export_evidence_pack(record, target2, start=date(2024, 1, 1), end=date(2024, 3, 31),
                                 footprint_id=footprint.id, progress=lambda d, t, s=stop_at: d < s)
        assert not target2.exists()
    with pytest.raises(ExportCancelled):
        export_minutes(record, meeting.id, tmp_path / "m.docx", progress=lambda d, t: False)
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".docx", ".tmp")) == ["pack.docx"]


def test_control_characters_are_cleaned_not_a_crash(record: Record, tmp_path: Path) -> None:
    assert clean("a\x00b\x01c\x0bd\x1fe\tf\ng\ufffe") == "abc\nde\tf\ng"
    footprint = record.save(Footprint(name="Test footprint"))
    board = record.save(Board(footprint_id=footprint, name="Test Board\x07", kind="hwb"))
    meeting = record.save(Meeting(board_id=board, starts_at="2016-03-12T14:00", status="held",
                                  venue="Town Hall\x0c Room 1"))
    record.add_item(AgendaItem(meeting_id=meeting, title="Pasted\x01 from\x1b email\x00", kind="decision",
                               minute_text="Line one\x0bline two\x02", resolution="Agreed\x08."))
    target = export_minutes(record, meeting, tmp_path / "minutes.docx", MinutesOptions(public=True))
    text = _xml_text(target)
    assert "Pasted from email" in text and "Agreed." in text and "Test Board" in text
    assert "12 March 2016" in text


def test_templates_docx_dotx_lacking_styles_and_not_a_document(opened, tmp_path: Path) -> None:
    record, meeting = opened
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    styles = document.styles.element
    for style in list(styles):
        if style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId") in (
                "Heading1", "Heading2", "Heading3", "Title", "Subtitle"):
            styles.remove(style)
    document.save(str(plain))
    dotx = tmp_path / "council.dotx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(dotx, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(info, data)
    for template in (plain, dotx):
        built = open_document(template)
        assert {"Heading 1", "Title", "Resolution"} <= {s.name for s in built.styles}
        assert abs(built.sections[0].page_width - docx.shared.Cm(21)) < docx.shared.Cm(0.01)
        out = export_minutes(record, meeting.id, tmp_path / f"from-{template.suffix[1:]}.docx",
                             MinutesOptions(template=template))
        assert "RESOLVED" in _xml_text(out)
    (tmp_path / "notes.docx").write_text("not a Word file")
    with pytest.raises(KnownError, match="not a Word document"):
        export_minutes(record, meeting.id, tmp_path / "x.docx", MinutesOptions(template=tmp_path / "notes.docx"))
    with pytest.raises(KnownError, match="does not exist"):
        open_document(tmp_path / "missing.docx")
    assert not (tmp_path / "x.docx").exists()


def test_build_minutes_marks_draft_and_confidential_in_the_header(opened) -> None:
    record, meeting = opened
    from stp_desk.domain.business import load_business

    full = build_minutes(load_business(record, meeting.id), MinutesOptions(public=False))
    header = " ".join(p.text for s in full.sections for p in s.header.paragraphs)
    assert "CONFIDENTIAL — NOT FOR PUBLICATION" in header and "DRAFT" not in header
    draft = next(m for m in record.find(Meeting, order_by="starts_at DESC", status="held")
                 if m.minutes_status == "draft")
    public = build_minutes(load_business(record, draft.id), MinutesOptions(public=True))
    header = " ".join(p.text for s in public.sections for p in s.header.paragraphs)
    assert "DRAFT" in header and "CONFIDENTIAL" not in header


def test_cli_exports(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = Record.open(demo)
    meeting = exempt_meeting(record)
    footprint = record.find(Footprint)[0]
    board = record.get(Board, meeting.board_id)
    record.close()
    for args in (["minutes", "--meeting", meeting.id, "--public"], ["minutes", "--meeting", meeting.id],
                 ["agenda", "--meeting", meeting.id, "--public"],
                 ["evidence-pack", "--footprint", footprint.id, "--from", "2024-01-01", "--to", "2024-03-31"],
                 ["evidence-pack", "--board", board.id, "--from", "2024-01-01", "--to", "2024-03-31"]):
        out = tmp_path / f"{args[0]}-{len(args)}.docx"
        assert main(["export", args[0], "--db", str(demo), *args[1:], "-o", str(out)]) == 0, args
        assert out.stat().st_size > 10_000
        assert f"Wrote {out}." in capsys.readouterr().out
    public = _xml_text(tmp_path / "minutes-4.docx")
    assert "Contract award" not in public and "Contract award" in _xml_text(tmp_path / "minutes-3.docx")
    bad = [
        (["agenda", "--meeting", "nope"], "not in the record"),
        (["evidence-pack", "--footprint", footprint.id, "--from", "2024-02-30", "--to", "2024-03-31"],
         "real date"),
        (["evidence-pack", "--footprint", footprint.id, "--board", board.id, "--from", "2024-01-01", "--to",
          "2024-03-31"], "not allowed"),
        (["evidence-pack", "--footprint", footprint.id, "--from", "2024-04-01", "--to", "2024-03-31"],
         "ends before it starts"),
    ]
    for args, message in bad:
        assert main(["export", args[0], "--db", str(demo), *args[1:], "-o", str(tmp_path / "bad.docx")]) == 2
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1, err
    assert main(["export", "minutes", "--db", str(demo), "--meeting", meeting.id, "-o",
                 str(tmp_path / "missing" / "m.docx")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "bad.docx").exists()


def test_the_command_line_names_the_contact_officer_on_an_agenda(demo: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The agenda tells the public whom to ask and where their questions go (the contact officer); a council's
    script writing agendas from the command line names them as the window's Settings do."""
    record = Record.open(demo)
    meeting = exempt_meeting(record)
    record.close()
    out = tmp_path / "agenda.docx"
    assert main(["export", "agenda", "--db", str(demo), "--meeting", meeting.id, "--public", "-o", str(out),
                 "--contact-name", "Sam Clerk", "--contact-phone", "01772 533 000",
                 "--contact-email", "sam.clerk@lancashire.gov.uk", "--author", "Lancashire County Council"]) == 0
    capsys.readouterr()
    text = " ".join(to_pdf([out], tmp_path / "profile")[out])
    assert ("Contact officer: Sam Clerk, telephone 01772 533 000, email sam.clerk@lancashire.gov.uk" in text), text
    assert docx.Document(str(out)).core_properties.author == "Lancashire County Council"
    unnamed = tmp_path / "unnamed.docx"
    assert main(["export", "agenda", "--db", str(demo), "--meeting", meeting.id, "-o", str(unnamed)]) == 0
    assert "Contact officer: the clerk to the board" in " ".join(to_pdf([unnamed], tmp_path / "profile")[unnamed])
    bad = main(["export", "agenda", "--db", str(demo), "--meeting", meeting.id, "-o", str(tmp_path / "bad.docx"),
                "--contact-email", "not an address"])
    assert bad == 2 and "name@example.gov.uk" in capsys.readouterr().err and not (tmp_path / "bad.docx").exists()
