"""The record as a file, for the window: opening it, where it may live, its audit seal key; and, in
`domain/backups.py`, its backups and restores.

The window reaches the store only through the domain (`Record` and these two modules; tests/unit/test_layers.py),
so everything ui/ does to a record below the level of its entries is listed here, in one place. The application
bootstrap (ui/app.py) alone opens the store itself. This module stays light: the window's frame imports it at
start-up, before the domain's entities are needed.
"""

from stp_desk.store import Store, keystore
from stp_desk.store.location import NotLocal

__all__ = ["NotLocal", "Store", "keystore"]
