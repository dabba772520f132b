"""The record as a file, for the window: opening it, where it may live, its audit seal key; and, in
`domain/backups.py`, its backups and restores.

The window reaches the store only through the domain (`Record` and these two modules; tests/unit/test_layers.py),
so everything ui/ does to a record below the level of its entries is listed here, in one place, the application
bootstrap's opening of the record (ui/app.py) included. This module stays light: the window's frame imports it at
start-up, before the domain's entities are needed.
"""

import threading
from pathlib import Path

from stp_desk.store import Store, keystore, location
from stp_desk.store.location import NotLocal, local_problem

__all__ = ["NotLocal", "Store", "keystore", "local_problem", "rehearse_write", "temporary_reason",
           "warm_in_background", "writing_loaded"]


def temporary_reason(path: Path) -> str | None:
    """Why the record's folder may not outlive the session (a temporary profile, say), or None."""
    return location.temporary_reason(path)


def warm_in_background(store: Store) -> threading.Thread:
    """Load what the first save needs on a thread of its own (`store.warm`), imported only when asked for."""
    from stp_desk.store import warm

    return warm.load_in_background(store)


def writing_loaded() -> bool:
    """Whether `warm_in_background` has finished, so that `rehearse_write` loads nothing itself."""
    from stp_desk.store import warm

    return warm.loaded()


def rehearse_write(store: Store) -> bool:
    """Make one write and roll it back, on the thread that uses the store (`Store.rehearse_write`)."""
    from stp_desk.store import warm

    return warm.rehearse(store)
