"""Fetch a committee's meetings from a council's ModernGov site, into a folder that `import-moderngov` reads.

Every council that runs ModernGov publishes its web service on its democracy site, for example
`https://democracy.<council>.gov.uk/mgWebService.asmx`. Three of its methods are used, one request at a time with a
pause between (`FetchOptions.pause`):

    GetCommittees                                                  the committees, to pick the board's from
    GetMeetings?lCommitteeId=ID&sFromDate=dd/mm/yyyy&sToDate=...   the committee's meetings in a date range
    GetMeeting?lMeetingId=ID                                       each meeting: items, minutes, attendance

Each reply is checked (an XML document of the expected kind, not a web page, not cut short) and saved exactly as it
came, so an import can be run again offline and shows what came in. The GetMeetings reply (which names the
committee) and each GetMeeting reply go in the folder; the list of every committee of the council does not, so
`import-moderngov FOLDER` brings in this committee only. `fetched.json` in the folder says where from, which
committee and dates, and whether the fetch finished.

Bad input is refused with one plain line: an address that is not a ModernGov site, an error page (404, 500), an
HTML page (a sign-in page) instead of XML, a reply cut short, a timeout. Nothing is written until the committee's
list of meetings has come in whole; if the site stops answering part-way, the replies fetched so far are kept and
fetching again into the same folder continues from them.

The client is httpx: timeouts, retries with back-off on server errors (5xx) and broken connections, a User-Agent
naming stp-desk and its version, the system's proxy settings (environment, or the Windows and macOS settings through
`urllib.request.getproxies`), and the system's certificate store through `truststore`, so a council's own root
certificate (a proxy that inspects TLS) is trusted as the browser trusts it.
"""

from __future__ import annotations

import json
import queue
import re
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import httpx
import truststore
from defusedxml import ElementTree as SafeTree

from stp_desk import __version__
from stp_desk.errors import KnownError
from stp_desk.files import write_bytes, written_beside
from stp_desk.interop.base import Cancelled, Progress

SERVICE = "mgWebService.asmx"
USER_AGENT = f"stp-desk/{__version__} (the governance record of a Health and Wellbeing Board)"
MANIFEST = "fetched.json"
# The largest reply read; ModernGov's replies for one meeting are tens of kilobytes, a big council's committee
# list a few hundred.
MAX_REPLY_BYTES = 20 * 1024 * 1024
# STPs were drawn up from 2016 (the LGA's bulletin of autumn 2016): the history a board's evidence goes back to.
EARLIEST = date(2016, 1, 1)
_RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504})
_LONGEST_WAIT = 60.0



class FetchError(KnownError):
    """The site or a reply cannot be used; the message says which and what to do, in one line."""


class FetchCancelled(Cancelled):
    """The clerk cancelled; the replies fetched so far (if any) are kept, and a new fetch continues from them."""


@dataclass(frozen=True)
class FetchOptions:
    """How politely and patiently to ask. Tests make the pauses short."""

    timeout: float = 30.0  # seconds for each connect and each read
    pause: float = 1.0  # seconds between two requests
    attempts: int = 4  # tries of one request before giving up
    backoff: float = 2.0  # seconds before the second try; doubled before each later one


@dataclass(frozen=True)
class Committee:
    id: str
    title: str
    category: str = ""
    expired: bool = False
    deleted: bool = False

    @property
    def note(self) -> str:
        return " (deleted)" if self.deleted else " (no longer meets)" if self.expired else ""

    def label(self) -> str:
        return f"{self.title}{self.note}, {self.id}"


@dataclass
class FetchResult:
    folder: Path
    committee: Committee
    meetings: int = 0  # listed for the dates
    fetched: int = 0  # meeting replies fetched now
    reused: int = 0  # meeting replies already in the folder from an earlier fetch

    def line(self) -> str:
        kept = f" ({self.reused} already there from an earlier fetch)" if self.reused else ""
        return (f"{self.meetings} meeting{'s' * (self.meetings != 1)} of {self.committee.title} saved in "
                f"{self.folder}{kept}")


def service_address(text: str) -> str:
    """The web service's address from what a clerk pastes: the democracy site, any page of it, or the service.

    `democracy.example.gov.uk`, `https://democracy.example.gov.uk/mgCommitteeDetails.aspx?ID=144` and
    `https://www.example.gov.uk/moderngov/` all lead to `.../mgWebService.asmx` in the same folder.
    """
    text = text.strip()
    if not text:
        raise FetchError("Give the address of the council's ModernGov site, such as "
                         "https://democracy.yourcouncil.gov.uk.")
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise FetchError(f"{text} is not a web address; give the council's ModernGov site, such as "
                         "https://democracy.yourcouncil.gov.uk.")
    path = parts.path
    found = re.search(re.escape(SERVICE), path, re.IGNORECASE)
    if found:
        path = path[:found.start()]
    elif "." in path.rsplit("/", 1)[-1]:
        path = path.rsplit("/", 1)[0] + "/"  # a page of the site: its folder
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path + SERVICE, "", ""))


def ssl_context() -> ssl.SSLContext:
    """TLS checked against the operating system's certificate store (as the browser does), not a bundled list."""
    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def replies_folder(record_path: Path, committee: str, start: date, end: date, *, today: date | None = None,
                   address: str | None = None) -> Path:
    """Where a fetch for this record, committee and dates saves its replies: beside the record, in a dated folder.

    A fetch of the same site, committee and dates that did not finish is continued in its own folder rather than
    started again in a new one.
    """
    home = record_path.parent / f"{record_path.stem} ModernGov replies"
    tail = f"committee {committee}, {start.isoformat()} to {end.isoformat()}"
    if home.is_dir():
        for earlier in sorted(home.glob(f"* {tail}"), reverse=True):
            manifest = _read_manifest(earlier)
            if manifest is not None and not manifest.get("finished_at") and (
                    address is None or manifest.get("address") == address):
                return earlier
    return home / f"{(today or date.today()).isoformat()} {tail}"


def year_ahead(today: date | None = None) -> date:
    """The default last day: a year from today, so meetings already planned come in too."""
    today = today or date.today()
    return today.replace(year=today.year + 1, day=28 if (today.month, today.day) == (2, 29) else today.day)


def _read_manifest(folder: Path) -> dict[str, object] | None:
    try:
        value = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


class ModernGovSite:
    """One council's ModernGov web service, asked one request at a time. Use as a context manager."""

    def __init__(self, address: str, options: FetchOptions | None = None, progress: Progress | None = None) -> None:
        self.address = service_address(address)
        self.options = options or FetchOptions()
        self.progress = progress
        self._told, self._going = (0, 0), True
        self._last: float | None = None  # when the last request ended (time.monotonic)
        self.client = httpx.Client(
            verify=ssl_context(), trust_env=True, follow_redirects=True,
            timeout=httpx.Timeout(self.options.timeout), headers={"User-Agent": USER_AGENT},
        )
        self._lock = threading.Lock()  # over the two below: the last of the site and its request closes the client
        self._in_flight = 0  # requests on their own thread not yet answered (one, or one a Cancel left behind)
        self._closed = False

    def __enter__(self) -> ModernGovSite:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection, or, with a request a Cancel left unanswered, leave that to its thread."""
        with self._lock:
            self._closed = True
            if not self._in_flight:
                self.client.close()

    # -- the three methods ---------------------------------------------------------------------------------------

    def committees(self) -> list[Committee]:
        """GetCommittees: every committee the site lists, by title. The first request, so it also tells whether
        the address is a ModernGov site at all."""
        root, _data = self.get("GetCommittees", {}, "committees", first=True)
        found = []
        for element in root.findall("committee"):
            committee_id = _text(element, "committeeid")
            if committee_id:
                found.append(Committee(committee_id, _text(element, "committeetitle") or f"Committee {committee_id}",
                                       _text(element, "committeecategory"),
                                       _text(element, "committeeexpired").lower() == "true",
                                       _text(element, "committeedeleted").lower() == "true"))
        if not found:
            raise FetchError(f"Cannot fetch from ModernGov: the site at {self.address} lists no committees.")
        return sorted(found, key=lambda c: (c.deleted, c.expired, c.title.lower()))

    def meetings(self, committee: str, start: date, end: date) -> tuple[list[str], bytes]:
        """GetMeetings: the ids of the committee's meetings between the dates, and the reply as it came."""
        params = {"lCommitteeId": committee, "sFromDate": f"{start:%d/%m/%Y}", "sToDate": f"{end:%d/%m/%Y}"}
        root, data = self.get("GetMeetings", params, "getmeetings")
        ids = []
        for element in root.findall("committee"):
            if _text(element, "committeeid") not in ("", committee):
                raise FetchError(f"Cannot fetch from ModernGov: asked {self.address} for the meetings of committee "
                                 f"{committee}, it answered with those of committee {_text(element, 'committeeid')}.")
            ids += [i for i in (_text(m, "meetingid") for m in element.findall("committeemeetings/meeting")) if i]
        return list(dict.fromkeys(ids)), data

    def meeting(self, meeting_id: str) -> bytes:
        """GetMeeting: one meeting's reply as it came (checked to be that meeting)."""
        root, data = self.get("GetMeeting", {"lMeetingId": meeting_id}, "meeting")
        if _text(root, "meetingid") != meeting_id:
            raise FetchError(f"Cannot fetch from ModernGov: asked {self.address} for meeting {meeting_id}, it "
                             f"answered with {_text(root, 'meetingid') or 'a meeting without an id'}.")
        return data

    # -- one request ---------------------------------------------------------------------------------------------

    def get(self, method: str, params: dict[str, str], root_tag: str, *, first: bool = False) -> tuple[Element, bytes]:
        """Ask once (and again after a server error or a broken connection, waiting longer each time); return the
        reply's root element and its bytes, or raise `FetchError` saying plainly what is wrong."""
        url = f"{self.address}/{method}"
        what = f"{method}{'' if not params else ' ' + ', '.join(f'{k}={v}' for k, v in params.items())}"
        wait = self.options.backoff
        for attempt in range(1, self.options.attempts + 1):
            self._pause(self.options.pause if self._last is not None else 0.0)
            last_try = attempt == self.options.attempts
            failure: httpx.TransportError | None = None
            try:
                status, headers, data = self._request(url, params)
            except httpx.TransportError as e:
                failure = e
            self._last = time.monotonic()
            if failure is not None:
                if last_try or not _worth_retrying(failure):
                    raise FetchError(f"Cannot fetch from ModernGov: {what} from {self.address}: "
                                     f"{self._transport_problem(failure)}.") from None
                self._pause(wait)
            elif status in _RETRIED_STATUSES and not last_try:
                self._pause(max(wait, _retry_after(headers)))
            else:
                return self._check(method, what, status, headers, data, root_tag, first), data
            wait *= 2
        raise AssertionError("unreachable")  # the last try returns or raises

    def _request(self, url: str, params: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """The reply, asked for on a thread of its own and waited for in short steps, telling `progress` the same
        step again at each: a Cancel is heard at once, not when a slow site answers (or its timeout ends). The
        request a Cancel leaves behind ends on its own; a fetch never asks two things at once."""
        replies: queue.SimpleQueue[tuple[bool, object]] = queue.SimpleQueue()

        def ask() -> None:
            try:
                replies.put((True, self._ask(url, params)))
            except BaseException as e:  # handed to the fetch, which raises it as it came
                replies.put((False, e))
            finally:
                with self._lock:
                    self._in_flight -= 1
                    if self._closed and not self._in_flight:
                        self.client.close()

        with self._lock:
            self._in_flight += 1
        threading.Thread(target=ask, name="ModernGov request", daemon=True).start()
        while True:
            try:
                answered, outcome = replies.get(timeout=0.05)
            except queue.Empty:
                self.tell(*self._told)  # raises FetchCancelled once the clerk has pressed Cancel
                continue
            if not answered:
                assert isinstance(outcome, BaseException)
                raise outcome
            return outcome  # type: ignore[return-value]

    def _ask(self, url: str, params: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        with self.client.stream("GET", url, params=params) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    raise FetchError(f"Cannot fetch from ModernGov: a reply from {self.address} is larger than "
                                     f"{MAX_REPLY_BYTES // (1024 * 1024)} MB, far more than a ModernGov reply.")
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    def _check(self, method: str, what: str, status: int, headers: httpx.Headers, data: bytes, root_tag: str,
               first: bool) -> Element:
        where = f"Cannot fetch from ModernGov: {what} from {self.address}"
        if status == 404 and first:
            raise FetchError(f"{where}: not found (404); this is not a ModernGov site. Give the council's democracy "
                             "site, such as https://democracy.yourcouncil.gov.uk.")
        if status in (401, 403):
            raise FetchError(f"{where}: the site refused (HTTP {status}); its web service may need a sign-in or be "
                             "closed to the public. Ask the council's democratic services team.")
        if status >= 400:
            kind = "a fault on the council's server" if status >= 500 else "the site refused the request"
            raise FetchError(f"{where}: the site answered HTTP {status} ({kind}). Try again later.")
        try:
            root: Element | None = SafeTree.fromstring(data)
            problem = None
        except ParseError as e:
            root, (line, column) = None, e.position
            problem = f"the reply is cut short or malformed at line {line}, column {column + 1}; try again."
        except defusedxml.DefusedXmlException:
            raise FetchError(f"{where}: the reply uses XML features refused for safety.") from None
        if root is not None and root.tag == root_tag:
            return root  # what was asked for, whatever the content type says
        if _is_web_page(headers, data) or (root is not None and root.tag.lower() == "html"):
            raise FetchError(f"{where}: the site answered with a web page (perhaps a sign-in page) instead of "
                             "ModernGov's XML" + ("; this is not a ModernGov site, or its web service is closed."
                                                  if first else "; its web service may need a sign-in."))
        if root is None:
            raise FetchError(f"{where}: {problem}")
        hint = "; this is not a ModernGov site" if first else ""
        raise FetchError(f"{where}: the reply is not ModernGov's {method} (it is <{root.tag}>, expected "
                         f"<{root_tag}>){hint}.")

    def _transport_problem(self, error: httpx.TransportError) -> str:
        text = str(error)
        if isinstance(error, httpx.TimeoutException):
            return f"the site did not answer within {self.options.timeout:g} seconds; try again later"
        if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(error.__context__, ssl.SSLCertVerificationError):
            return ("the site's certificate is not trusted by this computer; ask IT to add the council's root "
                    "certificate to Windows")
        if isinstance(error, httpx.ProxyError):
            return f"the proxy refused the connection ({text or type(error).__name__})"
        if isinstance(error, httpx.ConnectError):
            return ("the site could not be reached; check the address and that this computer is online "
                    f"({text or 'no connection'})")
        if isinstance(error, httpx.RemoteProtocolError) and "complete message body" not in text:
            return "the site closed the connection without answering; try again later"
        if isinstance(error, (httpx.RemoteProtocolError, httpx.ReadError)):
            return "the reply was cut short (the connection closed before it was complete); try again"
        return f"the connection failed ({text or type(error).__name__})"

    def tell(self, done: int, total: int) -> None:
        """Tell `progress` how far the fetch is; its answer False cancels (`FetchCancelled`)."""
        self._told = (done, total)
        self._going = self.progress is None or self.progress(done, total) is not False
        if not self._going:
            raise FetchCancelled("cancelled")

    def _pause(self, seconds: float) -> None:
        """Wait, in short steps, telling `progress` the same step again at each so a Cancel is heard at once."""
        if not self._going:
            raise FetchCancelled("cancelled")
        since = 0.0 if self._last is None else time.monotonic() - self._last
        end = time.monotonic() + max(0.0, seconds - since)
        while (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.05))
            self.tell(*self._told)


def _worth_retrying(error: httpx.TransportError) -> bool:
    return not ("CERTIFICATE_VERIFY_FAILED" in str(error)
                or isinstance(error.__context__, ssl.SSLCertVerificationError))


def _retry_after(headers: httpx.Headers) -> float:
    value = headers.get("retry-after", "").strip()
    return min(float(value), _LONGEST_WAIT) if value.isdigit() else 0.0


def _is_web_page(headers: httpx.Headers, data: bytes) -> bool:
    start = data[:512].lstrip().lower()
    return "html" in headers.get("content-type", "").lower() or start.startswith((b"<!doctype html", b"<html"))


def _text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return " ".join((child.text or "").split()) if child is not None else ""


# -- the whole fetch ----------------------------------------------------------------------------------------------


@dataclass
class _Manifest:
    folder: Path
    values: dict[str, object] = field(default_factory=dict)

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with written_beside(self.folder / MANIFEST, "The note of what was fetched") as f:
            json.dump(self.values, f, indent=2, ensure_ascii=False)
            f.write("\n")


def fetch_moderngov(address: str, committee: str, start: date, end: date, folder: Path,
                    progress: Progress | None = None, options: FetchOptions | None = None) -> FetchResult:
    """Fetch the committee's meetings between the dates into `folder`; replies already there are not asked again.

    `progress(done, total)` is told the meetings done (of those listed), and told again while waiting; its answer
    False stops at once with `FetchCancelled`, keeping what was saved (the one way to cancel: `interop.base`).
    """
    committee = committee.strip()
    if not committee:
        raise FetchError("Choose the committee to fetch (its ModernGov id).")
    if start > end:
        raise FetchError(f"The dates are the wrong way round: from {start.isoformat()} is after to {end.isoformat()}.")
    site_address = service_address(address)
    _check_folder(folder, site_address, committee, start, end)
    with ModernGovSite(site_address, options, progress) as site:
        try:
            return _fetch(site, committee, start, end, folder)
        except (FetchError, FetchCancelled) as e:
            raise _with_what_is_kept(e, folder) from None


def _fetch(site: ModernGovSite, committee: str, start: date, end: date, folder: Path) -> FetchResult:
    known = {c.id: c for c in site.committees()}
    if committee not in known:
        listed = ", ".join(f"{c.id} ({c.title})" for c in list(known.values())[:8])
        raise FetchError(f"The ModernGov site at {site.address} has no committee {committee} (it lists "
                         f"{len(known)}, such as {listed}); `stp-desk fetch-moderngov URL --list` shows them all.")
    chosen = known[committee]
    listing = folder / f"GetMeetings {committee}.xml"
    meeting_ids = _saved_listing(listing, committee)
    if meeting_ids is None:
        meeting_ids, data = site.meetings(committee, start, end)
        if not meeting_ids:
            raise FetchError(f"The ModernGov site at {site.address} lists no meetings of {chosen.title} from "
                             f"{start.isoformat()} to {end.isoformat()}; choose other dates.")
        site.tell(0, len(meeting_ids))
        manifest = _Manifest(folder, {
            "address": site.address, "committee": committee, "committee_title": chosen.title,
            "from": start.isoformat(), "to": end.isoformat(),
            "started_at": _now(), "finished_at": None, "by": USER_AGENT})
        manifest.save()
        write_bytes(data, listing, "The list of meetings")
    else:
        manifest = _Manifest(folder, _read_manifest(folder) or {})
        site.tell(0, len(meeting_ids))
    result = FetchResult(folder, chosen, len(meeting_ids))
    for done, meeting_id in enumerate(meeting_ids, start=1):
        target = folder / f"GetMeeting {meeting_id}.xml"
        if _saved_meeting(target, meeting_id):
            result.reused += 1
        else:
            write_bytes(site.meeting(meeting_id), target, "A meeting's reply")
            result.fetched += 1
        site.tell(done, len(meeting_ids))
    manifest.values["finished_at"] = _now()
    manifest.values["meetings"] = meeting_ids
    manifest.save()
    return result


def _check_folder(folder: Path, address: str, committee: str, start: date, end: date) -> None:
    """Refuse a folder that holds other replies: a fetch continues only its own."""
    if folder.exists() and not folder.is_dir():
        raise FetchError(f"{folder} is a file, not a folder for the replies.")
    if not folder.is_dir():
        return
    manifest = _read_manifest(folder)
    if manifest is None:
        if any(p.suffix.lower() == ".xml" for p in folder.iterdir()):
            raise FetchError(f"The folder {folder} already holds other XML files; choose a new or empty folder.")
        return
    wanted = {"address": address, "committee": committee, "from": start.isoformat(), "to": end.isoformat()}
    if any(manifest.get(k) != v for k, v in wanted.items()):
        raise FetchError(f"The folder {folder} holds replies fetched from {manifest.get('address')} for committee "
                         f"{manifest.get('committee')}, {manifest.get('from')} to {manifest.get('to')}; choose "
                         "another folder for these.")


def _saved_listing(path: Path, committee: str) -> list[str] | None:
    """The meeting ids of a GetMeetings reply saved by an earlier fetch, or None if there is none whole."""
    root = _parse_saved(path, "getmeetings")
    if root is None:
        return None
    return list(dict.fromkeys(i for c in root.findall("committee") if _text(c, "committeeid") in ("", committee)
                              for i in (_text(m, "meetingid") for m in c.findall("committeemeetings/meeting")) if i))


def _saved_meeting(path: Path, meeting_id: str) -> bool:
    root = _parse_saved(path, "meeting")
    return root is not None and _text(root, "meetingid") == meeting_id


def _parse_saved(path: Path, root_tag: str) -> Element | None:
    try:
        root = SafeTree.fromstring(path.read_bytes())
    except (OSError, ParseError, defusedxml.DefusedXmlException):
        return None
    return root if root.tag == root_tag else None


def _with_what_is_kept(error: KnownError, folder: Path) -> KnownError:
    """The message, with what stays on the disk and how to go on."""
    head = "Fetching from ModernGov was cancelled" if isinstance(error, FetchCancelled) else str(error).rstrip(".")
    if _read_manifest(folder) is None:
        return type(error)(f"{head}; nothing was saved.")
    meetings = len(list(folder.glob("GetMeeting *.xml")))
    return type(error)(f"{head}; the {meetings} meeting repl{'y' if meetings == 1 else 'ies'} fetched so far "
                       f"{'is' if meetings == 1 else 'are'} kept in {folder}, and fetching again continues from them.")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def committees_of(address: str, options: FetchOptions | None = None,
                  progress: Progress | None = None) -> list[Committee]:
    """The committees a site lists (the window's list to pick from; `fetch-moderngov --list`); `progress` answering
    False while waiting cancels."""
    with ModernGovSite(address, options, progress) as site:
        try:
            return site.committees()
        except FetchCancelled:
            raise FetchCancelled("Finding the committees was cancelled.") from None


def dated_folders(record_path: Path) -> Iterator[Path]:
    """The folders of replies fetched for this record, newest first."""
    home = record_path.parent / f"{record_path.stem} ModernGov replies"
    if home.is_dir():
        yield from sorted((p for p in home.iterdir() if (p / MANIFEST).is_file()), reverse=True)


def read_manifest(folder: Path) -> dict[str, object]:
    """What `fetched.json` in a folder of replies says ({} when there is none readable)."""
    return _read_manifest(folder) or {}
