"""Row ids: ULIDs, which sort by the time they were made."""


def new_id() -> str:
    # python-ulid is imported at the first write rather than at start-up (it reads package metadata on import).
    from ulid import ULID

    return str(ULID())
