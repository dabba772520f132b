"""Expected failures: each carries a plain-English message a clerk can act on.

Anything that is not a `KnownError` is a bug and is reported as such.
"""


class KnownError(Exception):
    """A failure caused by the input or the environment, not by a bug."""


class NotARecord(KnownError):
    """The file is not an stp-desk record (or is damaged)."""


class NewerRecord(KnownError):
    """The record was made by a newer version of stp-desk."""


class RecordInUse(KnownError):
    """Another copy of stp-desk has the record open."""


class ValidationError(KnownError):
    """A value a clerk entered breaks a rule of the record; `field` names where."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class BadImport(KnownError):
    """An import file is malformed; the message names the path and line of the fault."""
