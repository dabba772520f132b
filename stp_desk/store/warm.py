"""Ready the first write of a session, off the thread that draws the window.

A record opens for reading alone; what only writing needs waits for the first write (db.py, keystore.py, ids.py)
so that the window comes up quickly. Left there, the clerk's first save paid for all of it: sqlite-utils (with
click and dateutil), python-ulid (which reads package metadata), keyring with the search for its backend, and the
hashing that seals audit entries — 3.4 times a later save (issue 22). `load_in_background`, called once the
window's first page is on screen, loads them on a thread of their own while the clerk reads it; `rehearse`, called
after that on the thread that uses the store, makes one write and rolls it back, so that SQLite's own first-write
work (its set-up, the pages and statements a write needs) is not the clerk's either (`Store.rehearse_write`).
"""

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stp_desk.store.db import Store

_log = logging.getLogger(__name__)
_loaded = threading.Event()
_rehearsed = threading.Event()
_started = threading.Lock()
_thread: list[threading.Thread] = []


def load_writing(store: "Store | None" = None) -> None:
    """Import what a write needs and find the keyring's backend; with a store, read its seal key if this machine has
    one (never making one here: a new key is made by the first write, on its own thread)."""
    import hashlib  # noqa: F401
    import hmac  # noqa: F401
    import secrets  # noqa: F401

    import keyring
    import sqlite_utils  # noqa: F401
    import ulid  # noqa: F401

    from stp_desk.store import audit, ids  # noqa: F401 - the log every write appends to; db.py loads them then

    keyring.get_keyring()
    if store is not None and store._seal_key is None:
        from stp_desk.store import keystore

        key = keystore.seal_key(create=False)
        if key is not None:
            key.key_id  # noqa: B018 - worked out once, kept with the key
        store._seal_key = store._seal_key or key


def load_in_background(store: "Store | None" = None) -> threading.Thread:
    """Start `load_writing` on a daemon thread, once per process; a failure is logged, and the first write then
    meets (and reports) it itself."""
    with _started:
        if not _thread:
            _thread.append(threading.Thread(target=_load, args=(store,), name="stp-desk ready to write",
                                            daemon=True))
            _thread[0].start()
    return _thread[0]


def loaded() -> bool:
    """Whether what writing needs has been loaded: `rehearse` may run now without loading it itself."""
    return _loaded.is_set()


def rehearse(store: "Store") -> bool:
    """Rehearse a write on `store` (on the thread that uses it, once `loaded`); whether one was made. A failure is
    logged, and the first save then meets (and reports) it itself."""
    try:
        return store.rehearse_write()
    except Exception:  # readiness only
        _log.exception("Could not rehearse a write ahead of the first save")
        return False
    finally:
        _rehearsed.set()


def ready() -> bool:
    """Whether the first save's own work has all been done ahead: loaded, and a write rehearsed (for tests and the
    bench)."""
    return _loaded.is_set() and _rehearsed.is_set()


def _load(store: "Store | None") -> None:
    try:
        load_writing(store)
    except Exception:  # readiness only: the write itself meets and reports what is wrong
        _log.exception("Could not load what writing needs ahead of the first save")
    finally:
        _loaded.set()
