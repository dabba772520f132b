"""Numbered schema migrations. The file's `PRAGMA user_version` is the last one applied.

Append only: a released migration never changes. Each runs in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing's, without importing typing: reading commands load this module (store/db.py)
if TYPE_CHECKING:
    from sqlite_utils import Database

_STAMPS = "created_at TEXT NOT NULL, updated_at TEXT NOT NULL"

_TABLES_1 = {
    "footprints": "name TEXT NOT NULL, code TEXT",
    "boards": """footprint_id TEXT NOT NULL REFERENCES footprints(id), name TEXT NOT NULL, kind TEXT NOT NULL,
        lead_council TEXT, quorum_count INTEGER NOT NULL DEFAULT 0, quorum_roles TEXT NOT NULL DEFAULT '[]'""",
    "people": """name TEXT NOT NULL, organisation TEXT, kind TEXT NOT NULL, roles TEXT NOT NULL DEFAULT '[]',
        email TEXT""",
    "seats": """board_id TEXT NOT NULL REFERENCES boards(id), title TEXT NOT NULL, partner TEXT NOT NULL,
        voting INTEGER NOT NULL DEFAULT 1""",
    "memberships": """seat_id TEXT NOT NULL REFERENCES seats(id), person_id TEXT NOT NULL REFERENCES people(id),
        start_date TEXT NOT NULL, end_date TEXT, position TEXT NOT NULL DEFAULT 'member'""",
    "seat_substitutes": """seat_id TEXT NOT NULL REFERENCES seats(id),
        person_id TEXT NOT NULL REFERENCES people(id)""",
    "meetings": """board_id TEXT NOT NULL REFERENCES boards(id), starts_at TEXT NOT NULL, venue TEXT,
        status TEXT NOT NULL, session TEXT NOT NULL, minutes_status TEXT NOT NULL DEFAULT 'draft',
        minutes_approved_at TEXT REFERENCES meetings(id)""",
    "agenda_items": """meeting_id TEXT NOT NULL REFERENCES meetings(id), position INTEGER NOT NULL,
        title TEXT NOT NULL, kind TEXT NOT NULL, presenter TEXT, exempt INTEGER NOT NULL DEFAULT 0,
        exempt_paragraph INTEGER, minute_text TEXT NOT NULL DEFAULT '', resolution TEXT NOT NULL DEFAULT ''""",
    "attendance": """meeting_id TEXT NOT NULL REFERENCES meetings(id), person_id TEXT NOT NULL REFERENCES people(id),
        status TEXT NOT NULL, reason TEXT, substitute_for_id TEXT REFERENCES people(id),
        arrived_at_item INTEGER, left_after_item INTEGER, UNIQUE (meeting_id, person_id)""",
    "interests": """item_id TEXT NOT NULL REFERENCES agenda_items(id), person_id TEXT NOT NULL REFERENCES people(id),
        nature TEXT NOT NULL, withdrew INTEGER NOT NULL DEFAULT 0""",
    "amendments": """item_id TEXT NOT NULL REFERENCES agenda_items(id), field TEXT NOT NULL, before TEXT,
        after TEXT, reason TEXT NOT NULL""",
    "signoffs": """meeting_id TEXT NOT NULL REFERENCES meetings(id), item_id TEXT REFERENCES agenda_items(id),
        document_title TEXT NOT NULL, version TEXT NOT NULL, sha256 TEXT, decision TEXT NOT NULL,
        conditions TEXT, signatory TEXT""",
    "referrals": """committee_id TEXT NOT NULL REFERENCES boards(id), subject TEXT NOT NULL,
        statutory_basis TEXT NOT NULL, referred_on TEXT NOT NULL, response_due TEXT,
        response_received TEXT, outcome TEXT, status TEXT NOT NULL""",
    "public_questions": """meeting_id TEXT NOT NULL REFERENCES meetings(id), asked_by TEXT NOT NULL,
        question TEXT NOT NULL, answered_on TEXT, answer TEXT, answered_how TEXT""",
    "engagements": """footprint_id TEXT NOT NULL REFERENCES footprints(id), forum TEXT NOT NULL,
        held_on TEXT NOT NULL, topics TEXT NOT NULL, minuted INTEGER NOT NULL DEFAULT 0""",
    "engagement_people": """engagement_id TEXT NOT NULL REFERENCES engagements(id),
        person_id TEXT NOT NULL REFERENCES people(id), UNIQUE (engagement_id, person_id)""",
    "publications": """footprint_id TEXT NOT NULL REFERENCES footprints(id), title TEXT NOT NULL, url TEXT,
        published_on TEXT NOT NULL, document_name TEXT, sha256 TEXT""",
    "financial_gaps": """footprint_id TEXT NOT NULL REFERENCES footprints(id), period TEXT NOT NULL,
        component TEXT NOT NULL, amount INTEGER NOT NULL, source TEXT NOT NULL""",
    "actions": """item_id TEXT REFERENCES agenda_items(id), description TEXT NOT NULL,
        owner_id TEXT REFERENCES people(id), due TEXT, status TEXT NOT NULL""",
}

_INDEXES_1 = [
    ("boards", "footprint_id"),
    ("seats", "board_id"),
    ("memberships", "seat_id"),
    ("memberships", "person_id"),
    ("seat_substitutes", "seat_id"),
    ("meetings", "board_id, starts_at"),
    ("meetings", "starts_at"),
    ("agenda_items", "meeting_id, position"),
    ("attendance", "person_id"),
    ("interests", "item_id"),
    ("amendments", "item_id"),
    ("signoffs", "meeting_id"),
    ("referrals", "committee_id"),
    ("public_questions", "meeting_id"),
    ("engagement_people", "person_id"),
    ("actions", "item_id"),
    ("financial_gaps", "footprint_id"),
]

_VIEWS_1 = {
    "meeting_list": """SELECT m.id, b.name AS board, m.starts_at, m.venue, m.status, m.session,
        m.minutes_status, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) AS items,
        m.board_id FROM meetings m JOIN boards b ON b.id = m.board_id""",
    "board_list": """SELECT b.id, b.name, b.kind, f.name AS footprint, b.lead_council, b.quorum_count,
        (SELECT count(*) FROM seats s WHERE s.board_id = b.id) AS seats
        FROM boards b JOIN footprints f ON f.id = b.footprint_id""",
    "person_list": "SELECT id, name, organisation, kind, roles, email FROM people",
    "membership_list": """SELECT ms.id, p.name AS person, s.title AS seat, s.partner, ms.position,
        ms.start_date, ms.end_date, s.voting, s.board_id, ms.person_id, ms.seat_id
        FROM memberships ms JOIN seats s ON s.id = ms.seat_id JOIN people p ON p.id = ms.person_id""",
    "signoff_list": """SELECT so.id, so.document_title, so.version, so.decision, b.name AS board,
        m.starts_at AS meeting, so.signatory, so.sha256, so.meeting_id
        FROM signoffs so JOIN meetings m ON m.id = so.meeting_id JOIN boards b ON b.id = m.board_id""",
    "referral_list": """SELECT r.id, r.subject, b.name AS committee, r.referred_on, r.response_due,
        r.response_received, r.status, r.statutory_basis, r.outcome
        FROM referrals r JOIN boards b ON b.id = r.committee_id""",
    "action_list": """SELECT a.id, a.description, p.name AS owner, a.due, a.status, i.title AS item,
        m.starts_at AS meeting FROM actions a LEFT JOIN people p ON p.id = a.owner_id
        LEFT JOIN agenda_items i ON i.id = a.item_id LEFT JOIN meetings m ON m.id = i.meeting_id""",
    "engagement_list": """SELECT e.id, e.held_on, e.forum, e.topics, e.minuted,
        (SELECT group_concat(p.name, ', ') FROM engagement_people ep JOIN people p ON p.id = ep.person_id
         WHERE ep.engagement_id = e.id) AS people FROM engagements e""",
    "publication_list": "SELECT id, published_on, title, url, document_name, sha256 FROM publications",
    "financial_gap_list": "SELECT id, period, component, amount, source FROM financial_gaps",
    "footprint_list": "SELECT id, name, code FROM footprints",
}


def _schema_1(db: Database) -> None:
    """The governance record as DESIGN.md describes it, with its audit log and full-text index."""
    for table, columns in _TABLES_1.items():
        db.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY NOT NULL, {_STAMPS}, {columns})")
    for table, columns in _INDEXES_1:
        name = f"idx_{table}_{columns.replace(', ', '_')}"
        db.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    db.execute(
        """CREATE TABLE audit (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL,
        who TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        before TEXT, after TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"""
    )
    for view, select in _VIEWS_1.items():
        db.execute(f"CREATE VIEW {view} AS {select}")
    for table, texts in _FTS_1.items():
        _full_text_index(db, table, texts)


_FTS_1 = {"agenda_items": ["title", "minute_text", "resolution"], "referrals": ["subject", "outcome"]}


def _full_text_index(db: Database, table: str, columns: list[str]) -> None:
    """An external-content FTS5 index kept in step by triggers.

    Written out rather than `Table.enable_fts`, whose `executescript` would commit the migration half-way.
    """
    cols = ", ".join(columns)
    old = ", ".join(f"old.{c}" for c in columns)
    new = ", ".join(f"new.{c}" for c in columns)
    fts = f"{table}_fts"
    db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5 ({cols}, content={table})")
    db.execute(f"INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {cols} FROM {table}")
    delete = f"INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    insert = f"INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});"
    db.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {insert} END")
    db.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {delete} END")
    db.execute(f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END")


def _audit_sequence_2(db: Database) -> None:
    """Number audit entries with AUTOINCREMENT, so `sqlite_sequence` remembers the last one even if it is deleted.

    Without it, removing the newest entries leaves a chain that still verifies.
    """
    columns = "id, at, who, action, entity, entity_id, before, after, prev_hash, hash"
    db.execute(
        """CREATE TABLE audit_2 (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL,
        who TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
        before TEXT, after TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"""
    )
    db.execute(f"INSERT INTO audit_2 (seq, {columns}) SELECT seq, {columns} FROM audit ORDER BY seq")
    db.execute("DROP TABLE audit")
    db.execute("ALTER TABLE audit_2 RENAME TO audit")


def _audit_seal_3(db: Database) -> None:
    """A seal (HMAC-SHA256 under the key in the OS keyring) on each audit entry; entries before this have none."""
    db.execute("ALTER TABLE audit ADD COLUMN seal TEXT")


def _external_ids_4(db: Database) -> None:
    """Where rows came from in another system (ModernGov's ids), so a re-import matches and spots changes; and the
    papers linked to an agenda item, kept as references (title and address, not the file)."""
    db.execute(
        f"""CREATE TABLE external_ids (id TEXT PRIMARY KEY NOT NULL, {_STAMPS}, entity TEXT NOT NULL,
        entity_id TEXT NOT NULL, system TEXT NOT NULL, external_id TEXT NOT NULL, content_hash TEXT NOT NULL,
        details TEXT NOT NULL DEFAULT '{{}}', UNIQUE (system, entity, external_id))"""
    )
    db.execute("CREATE INDEX idx_external_ids_entity_id ON external_ids (entity, entity_id)")
    db.execute(
        f"""CREATE TABLE document_references (id TEXT PRIMARY KEY NOT NULL, {_STAMPS},
        item_id TEXT NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE, title TEXT NOT NULL, url TEXT,
        restricted INTEGER NOT NULL DEFAULT 0, published_on TEXT)"""
    )
    db.execute("CREATE INDEX idx_document_references_item_id ON document_references (item_id)")


def _judgements_and_scrutiny_5(db: Database) -> None:
    """What the LGA's expectations are judged on, and health scrutiny as SI 2013/218 Part 4 has it.

    An engagement says whether its subject was the plan (E1); a publication lists which of the bulletin's contents
    it sets out (E2); a committee's matters with their reports (regulations 21 and 22) and its consultations on
    proposals (regulation 23) get tables of their own; a referral to the Secretary of State may name the
    consultation it escalates. Every existing row keeps its values: the new columns start empty (false, no contents).
    """
    db.execute("ALTER TABLE engagements ADD COLUMN on_plan INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE publications ADD COLUMN contents TEXT NOT NULL DEFAULT '[]'")
    db.execute(
        f"""CREATE TABLE scrutiny_matters (id TEXT PRIMARY KEY NOT NULL, {_STAMPS},
        committee_id TEXT NOT NULL REFERENCES boards(id), subject TEXT NOT NULL,
        responsible_person TEXT NOT NULL DEFAULT '', reviewed_on TEXT NOT NULL, on_plan INTEGER NOT NULL DEFAULT 0,
        report_made_on TEXT, recommendations TEXT, response_due TEXT, response_received TEXT, response TEXT)"""
    )
    db.execute(
        f"""CREATE TABLE scrutiny_consultations (id TEXT PRIMARY KEY NOT NULL, {_STAMPS},
        committee_id TEXT NOT NULL REFERENCES boards(id), responsible_person TEXT NOT NULL, proposal TEXT NOT NULL,
        consulted_on TEXT NOT NULL, on_plan INTEGER NOT NULL DEFAULT 0, comments_by TEXT, comments_made_on TEXT,
        comments TEXT, response_due TEXT, response_received TEXT, response TEXT)"""
    )
    db.execute("ALTER TABLE referrals ADD COLUMN consultation_id TEXT REFERENCES scrutiny_consultations(id)")
    for table in ("scrutiny_matters", "scrutiny_consultations"):
        db.execute(f"CREATE INDEX idx_{table}_committee_id ON {table} (committee_id)")


_FTS_WIDER = {
    "people": ["name", "organisation", "email"],
    "seats": ["title", "partner"],
    "engagements": ["forum", "topics"],
    "publications": ["title", "document_name", "url"],
    "signoffs": ["document_title", "version", "conditions", "signatory"],
}


def _wider_search_6(db: Database) -> None:
    """Full-text indexes over people (and their organisations), seats (and the partners they stand for),
    engagements, publications and sign-offs, so search finds what a clerk looks for beyond the minutes; the rows
    already in the record are indexed as the migration runs."""
    for table, columns in _FTS_WIDER.items():
        _full_text_index(db, table, columns)


# Every full-text index, by table: what a bulk load rebuilds.
FTS_COLUMNS = {**_FTS_1, **_FTS_WIDER}


def _board_standard_items_7(db: Database) -> None:
    """The items each new meeting of a board starts with, editable per board; boards made before start with the
    usual opening business (the list is `vocab.STANDARD_ITEMS`, written out here as it stood: a migration never
    changes)."""
    import json

    items = json.dumps(["Welcome and apologies for absence", "Declarations of interest",
                        "Minutes of the previous meeting"])
    db.execute("ALTER TABLE boards ADD COLUMN standard_items TEXT NOT NULL DEFAULT '[]'")
    db.execute("UPDATE boards SET standard_items = ?", [items])


def _scrutiny_lists_8(db: Database) -> None:
    """What the window lists for a committee's reviews (regulations 21 and 22) and consultations (regulation 23)."""
    db.execute("""CREATE VIEW scrutiny_matter_list AS SELECT s.id, s.subject, b.name AS committee, s.reviewed_on,
        s.report_made_on, s.responsible_person, s.response_due, s.response_received, s.on_plan
        FROM scrutiny_matters s JOIN boards b ON b.id = s.committee_id""")
    db.execute("""CREATE VIEW scrutiny_consultation_list AS SELECT c.id, c.proposal, b.name AS committee,
        c.responsible_person, c.consulted_on, c.comments_by, c.comments_made_on, c.response_due,
        c.response_received, c.on_plan FROM scrutiny_consultations c JOIN boards b ON b.id = c.committee_id""")


def _item_disclosure_9(db: Database) -> None:
    """Per exempt (Part B) item: whether its title may be published (withheld unless the clerk chooses), and the
    written summary of its proceedings that the public minutes carry (s.100C(2) Local Government Act 1972); per
    meeting, the time it ended (HH:MM), which minutes record with the time it started."""
    db.execute("ALTER TABLE agenda_items ADD COLUMN publish_title INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE agenda_items ADD COLUMN public_summary TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE meetings ADD COLUMN ended_at TEXT")


def _statutory_year_10(db: Database) -> None:
    """The board's statutory year: each meeting's agenda publication date and late items' urgency reasons
    (LGA 1972 s.100B); the board's duties and their discharges; the forward plan; members' registered interests and
    dispensations (Localism Act 2011 ss.29-34), to which a declaration at a meeting may point."""
    db.execute("ALTER TABLE meetings ADD COLUMN agenda_published_on TEXT")
    db.execute("ALTER TABLE agenda_items ADD COLUMN added_late INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE agenda_items ADD COLUMN urgency_reasons TEXT")
    tables = {
        "duties": """board_id TEXT NOT NULL REFERENCES boards(id), title TEXT NOT NULL, basis TEXT,
            cycle TEXT NOT NULL, every_years INTEGER, month INTEGER, first_due TEXT,
            origin TEXT NOT NULL DEFAULT 'statute', active INTEGER NOT NULL DEFAULT 1, notes TEXT""",
        "duty_discharges": """duty_id TEXT NOT NULL REFERENCES duties(id), discharged_on TEXT NOT NULL,
            item_id TEXT REFERENCES agenda_items(id), signoff_id TEXT REFERENCES signoffs(id),
            publication_id TEXT REFERENCES publications(id), note TEXT""",
        "forward_plan": """board_id TEXT NOT NULL REFERENCES boards(id), title TEXT NOT NULL, lead_officer TEXT,
            duty_id TEXT REFERENCES duties(id), meeting_id TEXT REFERENCES meetings(id),
            item_id TEXT REFERENCES agenda_items(id), exempt INTEGER NOT NULL DEFAULT 0, notes TEXT""",
        "registered_interests": """person_id TEXT NOT NULL REFERENCES people(id), category TEXT NOT NULL,
            description TEXT NOT NULL, registered_on TEXT NOT NULL, ended_on TEXT,
            sensitive INTEGER NOT NULL DEFAULT 0""",
        "dispensations": """person_id TEXT NOT NULL REFERENCES people(id), board_id TEXT REFERENCES boards(id),
            interest_id TEXT REFERENCES registered_interests(id), subject TEXT NOT NULL, granted_by TEXT NOT NULL,
            granted_on TEXT NOT NULL, until TEXT NOT NULL""",
    }
    for table, columns in tables.items():
        db.execute(f"CREATE TABLE {table} (id TEXT PRIMARY KEY NOT NULL, {_STAMPS}, {columns})")
    db.execute("ALTER TABLE interests ADD COLUMN registered_interest_id TEXT REFERENCES registered_interests(id)")
    for table, column in (("duties", "board_id"), ("duty_discharges", "duty_id"), ("forward_plan", "board_id"),
                          ("forward_plan", "meeting_id"), ("registered_interests", "person_id"),
                          ("dispensations", "person_id")):
        db.execute(f"CREATE INDEX idx_{table}_{column} ON {table} ({column})")
    views = {
        "forward_plan_list": """SELECT f.id, f.title, b.name AS board, m.starts_at AS meeting, f.lead_officer,
            d.title AS duty, f.exempt, CASE WHEN f.item_id IS NULL THEN 0 ELSE 1 END AS on_agenda, f.board_id
            FROM forward_plan f JOIN boards b ON b.id = f.board_id LEFT JOIN meetings m ON m.id = f.meeting_id
            LEFT JOIN duties d ON d.id = f.duty_id""",
        "registered_interest_list": """SELECT r.id, p.name AS person, r.category, r.description, r.registered_on,
            r.ended_on, r.sensitive, r.person_id FROM registered_interests r JOIN people p ON p.id = r.person_id""",
        "dispensation_list": """SELECT x.id, p.name AS person, x.subject, x.granted_by, x.granted_on, x.until,
            b.name AS board, x.person_id FROM dispensations x JOIN people p ON p.id = x.person_id
            LEFT JOIN boards b ON b.id = x.board_id""",
    }
    for view, select in views.items():
        db.execute(f"CREATE VIEW {view} AS {select}")


def _list_order_indexes_11(db: Database) -> None:
    """Indexes for the orders the Actions and Scrutiny referrals pages open in (due, referred on): without them each
    first open read and sorted the whole table to show its first page, a cost growing with the record.

    The actions list names each action's owner, item and meeting by a lookup per row it shows, not by joins, so that
    counting the list counts actions alone (SQLite looked up all three joins for every action to count them)."""
    db.execute("CREATE INDEX IF NOT EXISTS idx_actions_due ON actions (due)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_referrals_referred_on ON referrals (referred_on)")
    # The Overview's overdue actions: open ones by due date, the first ten read and the rest counted in the index.
    db.execute("CREATE INDEX IF NOT EXISTS idx_actions_status_due ON actions (status, due)")
    db.execute("DROP VIEW IF EXISTS action_list")
    db.execute(
        """CREATE VIEW action_list AS SELECT a.id, a.description,
        (SELECT p.name FROM people p WHERE p.id = a.owner_id) AS owner, a.due, a.status,
        (SELECT i.title FROM agenda_items i WHERE i.id = a.item_id) AS item,
        (SELECT m.starts_at FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = a.item_id)
        AS meeting FROM actions a"""
    )


_OWNED_TABLES = [
    "footprints", "boards", "people", "seats", "memberships", "seat_substitutes", "meetings", "agenda_items",
    "attendance", "interests", "amendments", "signoffs", "referrals", "public_questions", "engagements",
    "engagement_people", "publications", "financial_gaps", "actions", "document_references", "external_ids",
    "scrutiny_matters", "scrutiny_consultations", "duties", "duty_discharges", "forward_plan", "registered_interests",
    "dispensations",
]


def _sharing_12(db: Database) -> None:
    """One footprint, several clerks: every row says which record made it (`owner`: empty for this record's own
    rows, else the identity of the colleague's record a merge copied it from); the colleagues' records merged in,
    with the key their files are signed with and how far their audit trails had reached; and links between two
    people's rows that are one human. Existing rows are this record's own."""
    db.execute(
        f"""CREATE TABLE sharing_records (id TEXT PRIMARY KEY NOT NULL, {_STAMPS}, owner TEXT, name TEXT NOT NULL,
        verify_key TEXT NOT NULL, footprint_code TEXT, head_seq INTEGER NOT NULL, head_entry TEXT NOT NULL,
        head_hash TEXT NOT NULL, shared_at TEXT NOT NULL, merged_at TEXT NOT NULL)"""
    )
    for table in _OWNED_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN owner TEXT REFERENCES sharing_records(id)")
    db.execute(
        f"""CREATE TABLE person_links (id TEXT PRIMARY KEY NOT NULL, {_STAMPS},
        owner TEXT REFERENCES sharing_records(id),
        person_id TEXT NOT NULL REFERENCES people(id), same_as_id TEXT NOT NULL REFERENCES people(id),
        UNIQUE (person_id, same_as_id))"""
    )
    db.execute("CREATE INDEX idx_person_links_same_as_id ON person_links (same_as_id)")
    # A colleague's copies found by owner (a merge replacing them, the Overview counting them), through an index of
    # the copies alone: a record's own rows, nearly all of it, cost the index nothing.
    for table in [*_OWNED_TABLES, "person_links"]:
        db.execute(f"CREATE INDEX idx_{table}_owner ON {table} (owner) WHERE owner IS NOT NULL")


def _shared_lists_13(db: Database) -> None:
    """The lists say which record keeps each row: each list view ends with `kept_by`, the row's `owner` (empty for
    this record's own rows, else the colleague's record a merge copied it from). The rest of each view is as it was,
    so the lists read the same indexes."""
    views = {
        "meeting_list": """SELECT m.id, b.name AS board, m.starts_at, m.venue, m.status, m.session,
            m.minutes_status, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) AS items,
            m.board_id, m.owner AS kept_by FROM meetings m JOIN boards b ON b.id = m.board_id""",
        "board_list": """SELECT b.id, b.name, b.kind, f.name AS footprint, b.lead_council, b.quorum_count,
            (SELECT count(*) FROM seats s WHERE s.board_id = b.id) AS seats, b.owner AS kept_by
            FROM boards b JOIN footprints f ON f.id = b.footprint_id""",
        "person_list": "SELECT id, name, organisation, kind, roles, email, owner AS kept_by FROM people",
        "signoff_list": """SELECT so.id, so.document_title, so.version, so.decision, b.name AS board,
            m.starts_at AS meeting, so.signatory, so.sha256, so.meeting_id, so.owner AS kept_by
            FROM signoffs so JOIN meetings m ON m.id = so.meeting_id JOIN boards b ON b.id = m.board_id""",
        "referral_list": """SELECT r.id, r.subject, b.name AS committee, r.referred_on, r.response_due,
            r.response_received, r.status, r.statutory_basis, r.outcome, r.owner AS kept_by
            FROM referrals r JOIN boards b ON b.id = r.committee_id""",
        "action_list": """SELECT a.id, a.description,
            (SELECT p.name FROM people p WHERE p.id = a.owner_id) AS owner, a.due, a.status,
            (SELECT i.title FROM agenda_items i WHERE i.id = a.item_id) AS item,
            (SELECT m.starts_at FROM agenda_items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = a.item_id)
            AS meeting, a.owner AS kept_by FROM actions a""",
        "engagement_list": """SELECT e.id, e.held_on, e.forum, e.topics, e.minuted,
            (SELECT group_concat(p.name, ', ') FROM engagement_people ep JOIN people p ON p.id = ep.person_id
             WHERE ep.engagement_id = e.id) AS people, e.owner AS kept_by FROM engagements e""",
        "publication_list": """SELECT id, published_on, title, url, document_name, sha256, owner AS kept_by
            FROM publications""",
        "financial_gap_list": "SELECT id, period, component, amount, source, owner AS kept_by FROM financial_gaps",
        "scrutiny_matter_list": """SELECT s.id, s.subject, b.name AS committee, s.reviewed_on, s.report_made_on,
            s.responsible_person, s.response_due, s.response_received, s.on_plan, s.owner AS kept_by
            FROM scrutiny_matters s JOIN boards b ON b.id = s.committee_id""",
        "scrutiny_consultation_list": """SELECT c.id, c.proposal, b.name AS committee, c.responsible_person,
            c.consulted_on, c.comments_by, c.comments_made_on, c.response_due, c.response_received, c.on_plan,
            c.owner AS kept_by FROM scrutiny_consultations c JOIN boards b ON b.id = c.committee_id""",
    }
    for view, select in views.items():
        db.execute(f"DROP VIEW IF EXISTS {view}")
        db.execute(f"CREATE VIEW {view} AS {select}")


def _agenda_in_meeting_list_14(db: Database) -> None:
    """The meetings list shows when each agenda was published, or is due (s.100B(3) LGA 1972: five clear days):
    `meeting_list` gains `agenda_published`. Nothing else changes, so the list reads the same indexes."""
    db.execute("DROP VIEW IF EXISTS meeting_list")
    db.execute("""CREATE VIEW meeting_list AS SELECT m.id, b.name AS board, m.starts_at, m.venue, m.status, m.session,
        m.minutes_status, (SELECT count(*) FROM agenda_items a WHERE a.meeting_id = m.id) AS items,
        m.board_id, m.agenda_published_on AS agenda_published, m.owner AS kept_by
        FROM meetings m JOIN boards b ON b.id = m.board_id""")


# The list views with exactly one row for each row of a table, and no other: each joins that table's rows through
# required references (NOT NULL, and enforced: `PRAGMA foreign_keys`) to the primary key of the table referred to,
# and its other columns are lookups. Such a list is counted from the table alone when no condition names a column
# the table lacks (Store.page_count): the join no longer looked up for every row just to count it.
ONE_ROW_PER = {"meeting_list": "meetings", "board_list": "boards", "signoff_list": "signoffs",
               "referral_list": "referrals", "scrutiny_matter_list": "scrutiny_matters",
               "scrutiny_consultation_list": "scrutiny_consultations"}

MIGRATIONS: list[Callable[[Database], None]] = [
    _schema_1, _audit_sequence_2, _audit_seal_3, _external_ids_4, _judgements_and_scrutiny_5, _wider_search_6,
    _board_standard_items_7, _scrutiny_lists_8, _item_disclosure_9, _statutory_year_10, _list_order_indexes_11,
    _sharing_12, _shared_lists_13, _agenda_in_meeting_list_14,
]
LATEST_VERSION = len(MIGRATIONS)


def pending(version: int) -> bool:
    """Whether a file at this `user_version` has migrations still to run."""
    return version < len(MIGRATIONS)


def migrate(db: Database) -> None:
    """Bring the file up to `LATEST_VERSION`, one transaction per step."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for number, step in enumerate(MIGRATIONS[current:], start=current + 1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
