"""One contract for every way into a record: plan (a preview that writes nothing), apply (one transaction with its
audit entries), progress and cancel the same way.

An importer is built with what it reads from (a file, a folder, a sheet and its column mapping) and offers:

    plan = importer.plan(record)                      # reads and checks everything; writes nothing
    summary = importer.apply(record, plan, progress)  # writes it all or nothing

The target is the open `Record` for every importer but the JSON dump, whose target is the path of a new or empty
record (it brings the record's whole audit trail with it, so it is loaded, not replayed). `apply` takes the target
again because the window writes on a worker thread through a connection of its own.

`progress(done, total)` is told as the work goes; returning False cancels: what was being written is rolled back
and `Cancelled` is raised (None or True goes on). That is the one way to cancel, here as in the exports and the
backups, so the window's background task drives every import alike.

A plan lists its `changes` (each a `Change` a clerk reads in a preview), says in one line what it would do
(`summary()`), and whether applying it would change anything (`changes_anything`); a summary says what was done
(`str(summary)`). See docs/architecture.md, "Adding an importer".
"""

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from stp_desk import limits
from stp_desk.errors import BadImport, KnownError

Progress = Callable[[int, int], bool | None]

CREATE, UPDATE, DELETE, SKIP, CONFLICT, ERROR = "create", "update", "delete", "skip", "conflict", "error"


class Cancelled(KnownError):
    """The clerk cancelled; what was being written was rolled back, so nothing was."""

    def __init__(self, message: str = "The import was cancelled; nothing was written.") -> None:
        super().__init__(message)


def step(progress: Progress | None, done: int, total: int, message: str | None = None) -> None:
    """Tell `progress` how far the work is; raise `Cancelled` (with `message`, if given) when it answers False."""
    if progress is not None and progress(done, total) is False:
        raise Cancelled(message) if message else Cancelled()


def read_text(source: Path, what: str, verb: str = "import") -> str:
    """A JSON file's text, refused in one plain line when it is missing, unreadable, past the size limit or not
    UTF-8 ("Cannot {verb} NAME: ...")."""
    try:
        limits.check_file_size(source, what)
        return source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KnownError(f"There is no file {source}.") from None
    except UnicodeDecodeError:
        raise BadImport(f"Cannot {verb} {source.name}: it is not a text file in UTF-8.") from None
    except OSError as e:
        raise KnownError(f"The file {source} cannot be read ({e.strerror}).") from e


@dataclass(frozen=True)
class Change:
    """One line of a preview: what would happen (`action`: create, update, delete, skip, conflict or error) to what
    (`kind`, in a clerk's words), described in a sentence, where it comes from (a file, a row's number), and who
    or what it is about when that is not in the sentence (`subject`: a person's name, say)."""

    action: str
    kind: str
    description: str
    source: str = ""
    subject: str = ""


class Plan(ABC):
    """What an import would do, found without writing anything."""

    @property
    @abstractmethod
    def changes(self) -> list[Change]:
        """Every line of the preview, in order."""

    @abstractmethod
    def summary(self) -> str:
        """One sentence: what applying the plan would do."""

    @property
    def changes_anything(self) -> bool:
        """Whether applying the plan would write anything."""
        return any(c.action in (CREATE, UPDATE, DELETE) for c in self.changes)


class Summary(ABC):
    """What an applied import did; `str()` says so in one sentence for the status bar or the command line."""

    @abstractmethod
    def __str__(self) -> str: ...


T = TypeVar("T")
P = TypeVar("P", bound=Plan)
S = TypeVar("S", bound=Summary)


class Importer(ABC, Generic[T, P, S]):
    """A way into the record: `plan(target)` then `apply(target, plan, progress)`."""

    @abstractmethod
    def plan(self, target: T) -> P:
        """Read and check the source against the target as it is now; write nothing."""

    @abstractmethod
    def apply(self, target: T, plan: P, progress: Progress | None = None) -> S:
        """Write the plan in one transaction with its audit entries; `Cancelled` if `progress` answers False."""
