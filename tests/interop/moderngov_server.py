"""A ModernGov web service on 127.0.0.1 for the tests: the real saved replies at ModernGov's paths, and faults on call.

`faults` maps a request ("GetCommittees", "GetMeetings 144", "GetMeeting 4967") to a list of faults taken one per
request, in order: "404", "500", "503", "busy" (503 with Retry-After: 1), "html" (a sign-in page), "cut" (the
connection closes part-way through the reply), "short" (a whole reply whose XML stops part-way), "mislabelled" (the
right XML sent as text/html), "hang" (no answer for longer than the client waits), "slow" (the right answer, a third
of a second late), "drop" (the connection closes with no answer). `down_after` makes every request after that many
fail with "drop".
"""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "moderngov"
SLOW_S = 0.3  # a "slow" answer's delay: several of the fetch's 50 ms waits
SERVICE = "/mgWebService.asmx/"
MEETINGS = {"4966": "meeting_no_minutes.xml", "4967": "meeting_with_minutes.xml"}
EMPTY_LISTING = (b'<?xml version="1.0" encoding="utf-8"?>\n<getmeetings>\n  <meetingscount> 0</meetingscount>\n'
                 b"  <committeescount> 0</committeescount>\n</getmeetings>\n")
SIGN_IN = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body><form action='/login'>"
           b"<input name='user'><input type='password' name='password'></form></body></html>\n")


@dataclass
class Seen:
    key: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    at: float
    host: str = ""


@dataclass
class ModernGovServer:
    url: str
    hang_for: float = 2.0
    faults: dict[str, list[str]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    down_after: int | None = None
    busy: int = 0
    most_at_once: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def asked(self) -> list[str]:
        return [s.key for s in self.seen]


def _key(path: str, query: dict[str, str]) -> str:
    method = path.rsplit("/", 1)[-1]
    if method == "GetMeetings":
        return f"GetMeetings {query.get('lCommitteeId', '')}"
    if method == "GetMeeting":
        return f"GetMeeting {query.get('lMeetingId', '')}"
    return method


def _reply(path: str, query: dict[str, str]) -> tuple[int, bytes]:
    if not path.startswith(SERVICE):
        return 404, b"<html><body>Page not found</body></html>"
    method = path[len(SERVICE):]
    if method == "GetCommittees":
        return 200, (SAMPLES / "committees.xml").read_bytes()
    if method == "GetMeetings":
        if query.get("lCommitteeId") == "144":
            return 200, (SAMPLES / "meetings.xml").read_bytes()
        return 200, EMPTY_LISTING
    if method == "GetMeeting" and query.get("lMeetingId") in MEETINGS:
        return 200, (SAMPLES / MEETINGS[query["lMeetingId"]]).read_bytes()
    return 500, b"<html><body>Server Error in '/' Application.</body></html>"


def serve() -> Iterator[ModernGovServer]:
    """Start the server in a thread; yield it; stop it."""
    state: ModernGovServer

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)  # absolute when asked through a proxy
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            key = _key(parts.path, query)
            with state.lock:
                state.busy += 1
                state.most_at_once = max(state.most_at_once, state.busy)
                state.seen.append(Seen(key, parts.path, query, dict(self.headers.items()), time.monotonic(),
                                       parts.netloc or self.headers.get("Host", "")))
                queued = state.faults.get(key) or []
                fault = queued.pop(0) if queued else None
                if state.down_after is not None and len(state.seen) > state.down_after:
                    fault = "drop"
            try:
                self._answer(parts.path, query, fault)
            finally:
                with state.lock:
                    state.busy -= 1

        def _answer(self, path: str, query: dict[str, str], fault: str | None) -> None:
            status, body = _reply(path, query)
            kind = "text/xml; charset=utf-8"
            if fault == "drop":
                self.close_connection = True
                return
            if fault == "hang":
                time.sleep(state.hang_for)
                self.close_connection = True
                return
            if fault == "slow":
                time.sleep(SLOW_S)
            if fault in ("404", "500", "503", "busy"):
                status, body, kind = int(fault.replace("busy", "503")), b"<html><body>Error</body></html>", "text/html"
            elif fault == "html":
                status, body, kind = 200, SIGN_IN, "text/html; charset=utf-8"
            elif fault == "mislabelled":
                kind = "text/html; charset=utf-8"
            elif fault == "short":
                body = body[: len(body) // 2]
            elif status != 200:
                kind = "text/html"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if fault == "busy":
                self.send_header("Retry-After", "1")
            if fault == "cut":
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state = ModernGovServer(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "NO_PROXY",
                   "no_proxy")


def site_without_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModernGovServer]:
    """The server, asked directly: no proxy from the environment in between (a fixture's body)."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield from serve()
