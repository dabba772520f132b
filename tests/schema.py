"""Records at an older version of the schema, for the tests of each migration."""

import pytest

from stp_desk.store import db as db_module
from stp_desk.store import migrations

EVERY_STEP = tuple(migrations.MIGRATIONS)  # as the program has them, whatever a test has set since


def schema_at(monkeypatch: pytest.MonkeyPatch, version: int) -> None:
    """Until `monkeypatch` is undone, records are made, and opened, at `version`: the first `version` migrations."""
    monkeypatch.setattr(migrations, "MIGRATIONS", list(EVERY_STEP[:version]))
    monkeypatch.setattr(db_module, "LATEST_VERSION", version)


def number_of(step: object) -> int:
    """The version a migration step brings a record to."""
    return EVERY_STEP.index(step) + 1
