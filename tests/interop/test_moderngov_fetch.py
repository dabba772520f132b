"""Fetching from a council's ModernGov site: against a real web service on 127.0.0.1 serving the saved replies."""

import json
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from ipaddress import ip_address
from itertools import groupby, pairwise
from pathlib import Path

import pytest
import truststore
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from stp_desk import __version__
from stp_desk.cli import main
from stp_desk.domain.entities import AgendaItem, Board, Meeting
from stp_desk.domain.record import Record
from stp_desk.interop import moderngov_fetch
from stp_desk.interop.moderngov import apply_moderngov_import, plan_moderngov_import
from stp_desk.interop.moderngov_fetch import (
    MANIFEST,
    FetchCancelled,
    FetchError,
    FetchOptions,
    committees_of,
    fetch_moderngov,
    replies_folder,
    service_address,
    ssl_context,
)
from tests.interop.moderngov_server import SAMPLES, ModernGovServer

FAST = FetchOptions(timeout=1.0, pause=0.0, attempts=3, backoff=0.01)
START, END = date(2026, 1, 1), date(2026, 12, 31)


def fetch(site: ModernGovServer, folder: Path, options: FetchOptions = FAST, **kw: object):
    return fetch_moderngov(site.url, "144", START, END, folder, options=options, **kw)  # type: ignore[arg-type]


def xml_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.xml"))


def test_the_committee_s_meetings_are_saved_as_they_came_and_import(site: ModernGovServer, tmp_path: Path,
                                                                     record: Record) -> None:
    folder = tmp_path / "replies"
    told: list[tuple[int, int]] = []
    result = fetch(site, folder, progress=lambda done, total: told.append((done, total)))

    assert site.asked() == ["GetCommittees", "GetMeetings 144", "GetMeeting 4966", "GetMeeting 4967"]
    assert [s.path for s in site.seen] == ["/mgWebService.asmx/GetCommittees", "/mgWebService.asmx/GetMeetings",
                                           "/mgWebService.asmx/GetMeeting", "/mgWebService.asmx/GetMeeting"]
    assert site.seen[1].query == {"lCommitteeId": "144", "sFromDate": "01/01/2026", "sToDate": "31/12/2026"}
    # each step in order, none skipped; a step is told again while a reply is awaited (every 50 ms), so how often
    # depends on how busy the machine is; while the committees and the meetings are listed the number of meetings
    # is not known yet, told as (0, 0) when a reply is slow enough to be waited for
    assert [step for step, _ in groupby(told)] in ([(0, 2), (1, 2), (2, 2)], [(0, 0), (0, 2), (1, 2), (2, 2)])
    assert (result.meetings, result.fetched, result.reused) == (2, 2, 0)
    assert result.committee.title == "Audit Committee"
    # exactly what came in, byte for byte; the council's list of every committee is not kept, so an import of the
    # folder brings in this committee only
    assert xml_files(folder) == ["GetMeeting 4966.xml", "GetMeeting 4967.xml", "GetMeetings 144.xml"]
    assert (folder / "GetMeeting 4967.xml").read_bytes() == (SAMPLES / "meeting_with_minutes.xml").read_bytes()
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["address"] == f"{site.url}/mgWebService.asmx" and manifest["committee"] == "144"
    assert manifest["finished_at"] and manifest["meetings"] == ["4966", "4967"]

    plan = plan_moderngov_import(record, folder)
    apply_moderngov_import(record, plan)
    assert [b.name for b in record.find(Board)] == ["Audit Committee"]
    assert len(record.find(Meeting)) == 2 and record.find(AgendaItem)


def test_polite_one_request_at_a_time_with_a_pause_and_named_client(site: ModernGovServer, tmp_path: Path) -> None:
    fetch(site, tmp_path / "replies", FetchOptions(timeout=1.0, pause=0.15, attempts=1, backoff=0.01))
    times = [s.at for s in site.seen]
    assert all(later - earlier >= 0.14 for earlier, later in pairwise(times)), times
    assert site.most_at_once == 1
    agents = {s.headers["User-Agent"] for s in site.seen}
    assert agents == {f"stp-desk/{__version__} (the governance record of a Health and Wellbeing Board)"}


def test_server_errors_and_broken_connections_are_tried_again_with_longer_waits(site: ModernGovServer,
                                                                                 tmp_path: Path) -> None:
    site.faults = {"GetMeeting 4967": ["500", "drop", "503"], "GetCommittees": ["cut"]}
    options = FetchOptions(timeout=1.0, pause=0.0, attempts=4, backoff=0.1)
    result = fetch(site, tmp_path / "replies", options)
    assert result.fetched == 2
    assert site.asked().count("GetMeeting 4967") == 4 and site.asked().count("GetCommittees") == 2
    tries = [s.at for s in site.seen if s.key == "GetMeeting 4967"]
    waits = [later - earlier for earlier, later in pairwise(tries)]
    assert waits[0] >= 0.1 and waits[1] >= 0.2 and waits[2] >= 0.4, waits


def test_a_not_found_page_is_not_a_moderngov_site_and_nothing_is_written(site: ModernGovServer,
                                                                          tmp_path: Path) -> None:
    folder = tmp_path / "replies"
    with pytest.raises(FetchError) as caught:
        fetch_moderngov(f"{site.url}/not-moderngov/", "144", START, END, folder, options=FAST)
    message = str(caught.value)
    assert "not found (404); this is not a ModernGov site" in message and "nothing was saved" in message
    assert "\n" not in message
    assert not folder.exists()


@pytest.mark.parametrize(("fault", "said"), [
    ("500", "the site answered HTTP 500 (a fault on the council's server)"),
    ("html", "the site answered with a web page (perhaps a sign-in page) instead of ModernGov's XML"),
    ("short", "the reply is cut short or malformed at line"),
    ("cut", "the reply was cut short (the connection closed before it was complete)"),
    ("hang", "the site did not answer within 0.3 seconds"),
    ("drop", "the site closed the connection without answering"),
])
def test_bad_first_replies_are_one_plain_line_and_nothing_is_written(site: ModernGovServer, tmp_path: Path,
                                                                     fault: str, said: str) -> None:
    site.faults = {"GetMeetings 144": [fault] * 3}
    site.hang_for = 0.6
    folder = tmp_path / "replies"
    with pytest.raises(FetchError) as caught:
        fetch(site, folder, FetchOptions(timeout=0.3, pause=0.0, attempts=3, backoff=0.01))
    message = str(caught.value)
    assert said in message, message
    assert message.startswith("Cannot fetch from ModernGov: GetMeetings lCommitteeId=144")
    assert message.endswith("nothing was saved.") and "\n" not in message
    assert site.asked().count("GetMeetings 144") == (1 if fault in ("short", "html") else 3)
    assert not folder.exists()


def test_the_right_xml_is_taken_whatever_its_content_type(site: ModernGovServer, tmp_path: Path) -> None:
    site.faults = {"GetMeeting 4966": ["mislabelled"]}
    assert fetch(site, tmp_path / "replies").fetched == 2


def test_a_site_that_answers_with_something_else_is_not_moderngov(site: ModernGovServer, tmp_path: Path) -> None:
    site.faults = {"GetCommittees": ["html"]}
    with pytest.raises(FetchError, match="this is not a ModernGov site, or its web service is closed"):
        committees_of(site.url, FAST)
    with pytest.raises(FetchError, match="lists no meetings of Art Galleries Committee from 2026-01-01 to 2026-12-31; "
                                         "choose other dates; nothing was saved"):
        fetch_moderngov(site.url, "163", START, END, tmp_path / "replies", options=FAST)
    with pytest.raises(FetchError, match=r"has no committee 999 .it lists 3, such as 163 .Art Galleries Committee."):
        fetch_moderngov(site.url, "999", START, END, tmp_path / "replies", options=FAST)
    assert not (tmp_path / "replies").exists()


def test_a_site_that_stops_answering_half_way_keeps_what_came_and_a_rerun_continues(site: ModernGovServer,
                                                                                    tmp_path: Path,
                                                                                    record: Record) -> None:
    site.down_after = 3  # committees, meetings, the first meeting; then silence
    folder = tmp_path / "replies"
    with pytest.raises(FetchError) as caught:
        fetch(site, folder)
    message = str(caught.value)
    assert message.startswith("Cannot fetch from ModernGov: GetMeeting lMeetingId=4967")
    assert message.endswith(f"the 1 meeting reply fetched so far is kept in {folder}, and fetching again continues "
                            "from them.")
    assert xml_files(folder) == ["GetMeeting 4966.xml", "GetMeetings 144.xml"]
    assert not json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["finished_at"]

    site.down_after, site.seen = None, []
    result = fetch(site, folder)
    assert site.asked() == ["GetCommittees", "GetMeeting 4967"]  # the listing and meeting 4966 are not asked again
    assert (result.fetched, result.reused) == (1, 1)
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["finished_at"]
    apply_moderngov_import(record, plan_moderngov_import(record, folder))
    assert len(record.find(Meeting)) == 2


def test_cancel_stops_at_the_next_step_and_keeps_what_came(site: ModernGovServer, tmp_path: Path) -> None:
    folder = tmp_path / "replies"
    told: list[int] = []
    with pytest.raises(FetchCancelled) as caught:
        # Cancel once the first meeting is in: not on the second call, which may be the first step told again
        # while its reply is awaited
        fetch(site, folder, progress=lambda done, total: told.append(done) or done < 1)
    assert str(caught.value) == (f"Fetching from ModernGov was cancelled; the 1 meeting reply fetched so far is "
                                 f"kept in {folder}, and fetching again continues from them.")
    assert site.asked() == ["GetCommittees", "GetMeetings 144", "GetMeeting 4966"]
    with pytest.raises(FetchCancelled, match="cancelled; nothing was saved"):
        fetch(site, tmp_path / "other", progress=lambda done, total: False)
    assert not (tmp_path / "other").exists()


def test_cancel_is_heard_while_a_request_waits_on_a_silent_site(site: ModernGovServer, tmp_path: Path) -> None:
    """A site that takes its time (here 6 seconds over one meeting, within the 10 the fetch allows) held a Cancel
    until it answered: the fetch now waits for each reply in short steps, hearing the Cancel at each, and leaves
    the unanswered request to end on its own."""
    site.faults["GetMeeting 4966"] = ["hang"]
    site.hang_for = 6.0
    pressed = threading.Event()
    threading.Timer(0.3, pressed.set).start()  # the clerk presses Cancel while the request waits
    started = time.monotonic()
    with pytest.raises(FetchCancelled):
        fetch(site, tmp_path / "replies", FetchOptions(timeout=10.0, pause=0.0, attempts=1),
              progress=lambda done, total: not pressed.is_set())
    assert time.monotonic() - started < 3.0  # heard within a step, not after the site's 6 seconds
    assert site.asked()[-1] == "GetMeeting 4966"


def test_while_the_meetings_are_listed_their_number_is_told_as_not_yet_known(site: ModernGovServer,
                                                                              tmp_path: Path) -> None:
    """A slow site's list of meetings is waited for in steps, each told to the progress bar (so Cancel is heard): as
    (0, 0), a busy bar, until the list says how many meetings there are; then meeting by meeting."""
    site.faults = {"GetMeetings 144": ["slow"]}
    told: list[tuple[int, int]] = []
    fetch(site, tmp_path / "replies", progress=lambda done, total: told.append((done, total)))
    assert [step for step, _ in groupby(told)] == [(0, 0), (0, 2), (1, 2), (2, 2)]
    assert told.count((0, 0)) >= 3  # told again at each wait


def test_a_folder_holding_other_replies_is_refused(site: ModernGovServer, tmp_path: Path) -> None:
    folder = tmp_path / "replies"
    fetch(site, folder)
    with pytest.raises(FetchError, match=r"holds replies fetched from .* for committee 144, 2026-01-01 to 2026-12-31"):
        fetch_moderngov(site.url, "144", date(2020, 1, 1), END, folder, options=FAST)
    other = tmp_path / "saved by hand"
    other.mkdir()
    (other / "committees.xml").write_bytes(b"<committees/>")
    with pytest.raises(FetchError, match="already holds other XML files"):
        fetch(site, other)
    with pytest.raises(FetchError, match="the wrong way round"):
        fetch_moderngov(site.url, "144", END, START, tmp_path / "x", options=FAST)


def test_the_address_a_clerk_pastes_leads_to_the_web_service() -> None:
    service = "https://democracy.example.gov.uk/mgWebService.asmx"
    for pasted in ("democracy.example.gov.uk", "https://democracy.example.gov.uk/",
                   "https://democracy.example.gov.uk/mgCommitteeDetails.aspx?ID=144",
                   "https://democracy.example.gov.uk/mgWebService.asmx/GetCommittees", f" {service} "):
        assert service_address(pasted) == service
    assert service_address("https://www.example.gov.uk/moderngov") == \
        "https://www.example.gov.uk/moderngov/mgWebService.asmx"
    for bad in ("", "ftp://example.gov.uk", "not an address"):
        with pytest.raises(FetchError):
            service_address(bad)


def test_the_system_proxy_settings_are_used(site: ModernGovServer, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The test server stands in for the council's proxy: asked for democracy.example.gov.uk, stp-desk asks it."""
    monkeypatch.setenv("HTTP_PROXY", site.url)
    result = fetch_moderngov("http://democracy.example.gov.uk", "144", START, END, tmp_path / "replies",
                             options=FAST)
    assert result.fetched == 2
    assert {s.host for s in site.seen} == {"democracy.example.gov.uk"}


@pytest.fixture
def self_signed(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 whose certificate no store trusts, and that certificate."""
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    secret = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(secret.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(hours=1))
                   .not_valid_after(now + timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
                   .sign(secret, hashes.SHA256()))
    key.write_bytes(secret.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}", cert
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_certificates_are_checked_against_the_system_store(self_signed: tuple[str, Path],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    address, cert = self_signed
    assert isinstance(ssl_context(), truststore.SSLContext)
    for name in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(FetchError, match="certificate is not trusted by this computer"):
        committees_of(address, FAST)
    # the client trusts what `ssl_context` trusts: with the certificate added, the request goes through (and the
    # bare server, which has no GET, answers 501)
    monkeypatch.setattr(moderngov_fetch, "ssl_context", lambda: ssl.create_default_context(cafile=str(cert)))
    with pytest.raises(FetchError, match="the site answered HTTP 501"):
        committees_of(address, FAST)


def test_a_busy_site_s_retry_after_is_heeded(site: ModernGovServer, tmp_path: Path) -> None:
    site.faults = {"GetMeeting 4966": ["busy"]}
    fetch(site, tmp_path / "replies")
    tries = [s.at for s in site.seen if s.key == "GetMeeting 4966"]
    assert len(tries) == 2 and tries[1] - tries[0] >= 1.0


def test_the_command_line_saves_then_import_moderngov_brings_them_in(site: ModernGovServer, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "replies"
    assert main(["fetch-moderngov", site.url, "--list", "--pause", "0"]) == 0
    listed = capsys.readouterr().out
    assert "144  Audit Committee" in listed and "312  Appointment Sub Committee" in listed

    assert main(["fetch-moderngov", site.url, "--committee", "144", "--from", "2026-01-01", "--to", "2026-12-31",
                 "-o", str(folder), "--pause", "0"]) == 0
    assert f"2 meetings of Audit Committee saved in {folder}" in capsys.readouterr().out
    assert xml_files(folder) == ["GetMeeting 4966.xml", "GetMeeting 4967.xml", "GetMeetings 144.xml"]
    db = tmp_path / "board.stpdesk"
    Record.open(db, create=True, clerk="Test Clerk").close()
    assert main(["import-moderngov", str(folder), "--db", str(db)]) == 0
    record = Record.open(db)
    try:
        assert [b.name for b in record.find(Board)] == ["Audit Committee"]
    finally:
        record.close()


def test_the_command_line_refuses_bad_input_in_one_line(site: ModernGovServer, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "replies"
    site.faults = {"GetCommittees": ["html"]}
    assert main(["fetch-moderngov", site.url, "--committee", "144", "-o", str(folder), "--pause", "0"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "web page (perhaps a sign-in page)" in error
    assert main(["fetch-moderngov", site.url, "--committee", "144", "--from", "2026-13-01", "-o", str(folder)]) == 2
    assert "From must be a real date" in capsys.readouterr().err
    assert main(["fetch-moderngov", site.url, "-o", str(folder)]) == 2
    assert "--committee" in capsys.readouterr().err
    assert not folder.exists()


def test_replies_go_beside_the_record_in_a_dated_folder_and_an_unfinished_one_is_continued(tmp_path: Path) -> None:
    record_path = tmp_path / "board.stpdesk"
    first = replies_folder(record_path, "144", START, END, today=date(2026, 3, 1), address="a")
    assert first == tmp_path / "board ModernGov replies" / "2026-03-01 committee 144, 2026-01-01 to 2026-12-31"
    first.mkdir(parents=True)
    (first / MANIFEST).write_text(json.dumps({"address": "a", "finished_at": None}), encoding="utf-8")
    assert replies_folder(record_path, "144", START, END, today=date(2026, 3, 2), address="a") == first
    (first / MANIFEST).write_text(json.dumps({"address": "a", "finished_at": "2026-03-01"}), encoding="utf-8")
    assert replies_folder(record_path, "144", START, END, today=date(2026, 3, 2), address="a").name.startswith(
        "2026-03-02")
