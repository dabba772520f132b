"""The audit seal key: kept in the OS keyring (Windows Credential Manager on a clerk's laptop).

Where no keyring exists (a bare Linux box, a locked keyring) the key falls back to a file only its owner may read,
in the user data folder. That is weaker — anyone who can read the clerk's files can forge seals — so the program says
so plainly once per run (`take_notice`), and `stp-desk verify` reports which source it used (`SealKey.describe`).

Nothing here depends on `keyrings.alt`: merely installed, it becomes the default and keeps secrets in plain text.
keyring itself is imported when the key is first needed, at the first write: its import is slower than opening a
record. hashlib, hmac and secrets come then too (they load OpenSSL, a few per cent of the window's start-up).
"""

import logging
import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from stp_desk import paths
from stp_desk.errors import KnownError

SERVICE = "stp-desk"
USERNAME = "audit-seal-key"
KEY_FILE_NAME = "audit-seal.key"
KEYRING = "keyring"
KEY_FILE = "key file"

_log = logging.getLogger(__name__)
_notice: dict[str, str | None] = {"pending": None, "given": None}


@dataclass(frozen=True)
class SealKey:
    """The secret, where it came from, and (for the fallback) why the keyring could not be used."""

    secret: bytes
    source: str  # KEYRING or KEY_FILE
    path: Path | None = None
    reason: str = ""

    @cached_property
    def key_id(self) -> str:
        """A short public fingerprint of the key, stored with each seal so another key is told apart from forgery."""
        import hashlib

        return hashlib.sha256(b"stp-desk seal key id\x00" + self.secret).hexdigest()[:12]

    def seal(self, message: str) -> str:
        import hmac

        mac = hmac.digest(self.secret, message.encode("utf-8"), "sha256").hex()
        return f"{self.key_id}:{mac}"

    def check(self, message: str, seal: str) -> bool:
        import hmac

        return hmac.compare_digest(self.seal(message), seal)

    def describe(self) -> str:
        if self.source == KEYRING:
            import keyring

            return f"the system keyring ({keyring.get_keyring().name}, service {SERVICE})"
        return f"the key file {self.path} (no usable keyring: {self.reason})"


def key_file() -> Path:
    return paths.data_dir() / KEY_FILE_NAME


def seal_key(*, create: bool = True) -> SealKey | None:
    """The seal key, from the keyring if one works, else from the owner-only key file.

    With `create=False` (verifying someone else's record, say) no key is made: None when this machine has none.
    """
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        stored = keyring.get_password(SERVICE, USERNAME)
        if stored:
            return SealKey(_decode(stored, "the keyring"), KEYRING)
        existing = _read_file(key_file())
        if not create and existing is None:
            return None
        # A key kept in the file while no keyring worked moves into the keyring once there is one.
        new = existing.hex() if existing is not None else _new_secret().hex()
        keyring.set_password(SERVICE, USERNAME, new)
        if keyring.get_password(SERVICE, USERNAME) == new:
            return SealKey(bytes.fromhex(new), KEYRING)
        reason = f"the keyring {keyring.get_keyring().name} did not keep the key"
    except NoKeyringError as e:
        # keyring's own words advise installing a plain-text backend: not what a clerk (or IT) should be told
        _log.info("No keyring backend: %s", e)
        reason = "this computer has no keyring service"
    except KeyringError as e:
        reason = str(e) or type(e).__name__
    return _file_key(reason, create)


def key_source() -> str:
    """Which source a key would come from now, in plain words (for an About or settings page)."""
    key = seal_key(create=False)
    return "no seal key yet" if key is None else key.describe()


def take_notice() -> str | None:
    """The one-time warning about the fallback key file, once per run; None when there is nothing to say."""
    message, _notice["pending"] = _notice["pending"], None
    return message


def _file_key(reason: str, create: bool) -> SealKey | None:
    path = key_file()
    secret = _read_file(path)
    if secret is None:
        if not create:
            return None
        secret = _write_file(path)
    if _notice["given"] is None:
        message = (f"No system keyring is available ({reason}), so the key that seals the audit trail is kept in "
                   f"{path}, readable only by you. This is weaker than a keyring.")
        _notice["pending"] = _notice["given"] = message
        _log.warning(message)
    return SealKey(secret, KEY_FILE, path, reason)


def _read_file(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as e:
        raise KnownError(f"The audit seal key file {path} cannot be read ({e}).") from e
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        os.chmod(path, 0o600)  # someone widened it: put it back to owner-only
    return _decode(text, str(path))


def _new_secret() -> bytes:
    import secrets

    return secrets.token_bytes(32)


def _write_file(path: Path) -> bytes:
    secret = _new_secret()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.writing")
    try:
        temporary.unlink(missing_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secret.hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(temporary, path)  # never replaces a key another process made a moment ago
        except FileExistsError:
            secret = _read_file(path) or secret
        temporary.unlink()
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise KnownError(f"The audit seal key file {path} cannot be written ({e.strerror}).") from e
    return secret


def _decode(text: str, where: str) -> bytes:
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) < 16:
        raise KnownError(f"The audit seal key in {where} is damaged; restore it from a backup of that key.")
    return secret
