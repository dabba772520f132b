"""Is this the document that was signed off? A sign-off keeps the SHA-256 of the signed file; compare a file to it."""

from dataclasses import dataclass
from pathlib import Path

from stp_desk.domain.entities import SignOff
from stp_desk.domain.record import Record, sha256_of
from stp_desk.errors import KnownError


@dataclass(frozen=True)
class DocumentCheck:
    """The answer, with what was compared, for the window and the command line."""

    signoff_id: str
    document_title: str
    version: str
    file: Path
    expected: str
    actual: str

    @property
    def matches(self) -> bool:
        return self.expected.lower() == self.actual

    def message(self) -> str:
        what = f"{self.document_title} version {self.version}"
        if self.matches:
            return f"{self.file.name} is the document signed off as {what} (SHA-256 {self.actual})."
        return (f"{self.file.name} is NOT the document signed off as {what}: its SHA-256 is {self.actual}, "
                f"the signed file's was {self.expected}.")


def check_signed_document(record: Record, signoff_id: str, document: Path | str) -> DocumentCheck:
    """Compare a file with the fingerprint kept by a sign-off; `KnownError` if either cannot be compared."""
    document = Path(document)
    signoff = record.get(SignOff, signoff_id)
    if not signoff.sha256:
        raise KnownError(f"The sign-off of {signoff.document_title} version {signoff.version} kept no fingerprint "
                         "of a file, so no file can be checked against it.")
    if not document.is_file():
        raise KnownError(f"There is no file {document}.")
    try:
        actual = sha256_of(document)
    except OSError as e:
        raise KnownError(f"The file {document} cannot be read ({e.strerror}).") from e
    return DocumentCheck(signoff_id, signoff.document_title, signoff.version, document, signoff.sha256, actual)
