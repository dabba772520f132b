"""The audit seal key: kept in the OS keyring (Windows Credential Manager on a clerk's laptop).

Where no keyring exists (a bare Linux box, a locked keyring) the key falls back to a file only its owner may read,
in the user data folder. That is weaker — anyone who can read the clerk's files can forge seals — so the program says
so plainly once per run (`take_notice`), and `stp-desk verify` reports which source it used (`SealKey.describe`).

Nothing here depends on `keyrings.alt`: merely installed, it becomes the default and keeps secrets in plain text.
keyring itself is imported when the key is first needed, at the first write: its import is slower than opening a
record. hashlib, hmac and secrets come then too (they load OpenSSL, a few per cent of the window's start-up).
"""

import contextlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from stp_desk import paths
from stp_desk.errors import KnownError

if TYPE_CHECKING:
    from nacl.secret import SecretBox
    from nacl.signing import SigningKey

SERVICE = "stp-desk"
USERNAME = "audit-seal-key"
KEY_FILE_NAME = "audit-seal.key"
EARLIER_USERNAME = "audit-seal-earlier-keys"  # keys this computer held before one was imported: they still check
EARLIER_FILE_NAME = "audit-seal-earlier.keys"
HEAD_USERNAME = "audit-head:"  # + the record's place: the head of its audit chain, last seen here
HEADS_FOLDER_NAME = "audit-heads"
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

    def signing_key(self) -> "SigningKey":
        """An Ed25519 key made from this secret, for the files this record shares with colleagues: their public
        half goes in each file, so a colleague checks a file without ever holding this secret (which also seals
        the audit trail, and is never given away)."""
        import hmac

        from nacl.signing import SigningKey

        return SigningKey(hmac.digest(self.secret, b"stp-desk share signing key", "sha256"))

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


# -- keys this computer held before: seals made with them still check ------------------------------------------------


def known_keys() -> dict[str, SealKey]:
    """Every key this computer can check seals with, by key id: its seal key first, then any it held before."""
    main = seal_key(create=False)
    keys = {main.key_id: main} if main is not None else {}
    for secret in _earlier_secrets():
        key = SealKey(secret, main.source if main else KEY_FILE, main.path if main else None)
        keys.setdefault(key.key_id, key)
    return keys


def _earlier_secrets() -> list[bytes]:
    import keyring
    from keyring.errors import KeyringError

    texts = []
    with contextlib.suppress(KeyringError):
        texts.append(keyring.get_password(SERVICE, EARLIER_USERNAME) or "")
    try:
        texts.append((paths.data_dir(create=False) / EARLIER_FILE_NAME).read_text(encoding="ascii"))
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError) as e:
        raise KnownError(f"The file of earlier seal keys {earlier_file()} cannot be read ({e}).") from e
    return [_decode(word, "the earlier seal keys") for text in texts for word in text.split()]


def earlier_file() -> Path:
    return paths.data_dir() / EARLIER_FILE_NAME


# -- the head of each record's chain, kept beside the key ------------------------------------------------------------


class Head(NamedTuple):
    """The newest audit entry of a record as this computer last saw it: its number, id and hash, sealed."""

    record: str  # the record's identity: the id of its first audit entry
    seq: int
    entry_id: str
    hash: str
    seal: str = ""

    def message(self, place: str) -> str:
        return f"stp-desk audit head {place} {self.record} {self.seq} {self.entry_id} {self.hash}"

    def sealed_with(self, keys: dict[str, SealKey], place: str) -> SealKey | None:
        """The key whose seal this head carries, if it checks; None when none of `keys` made it."""
        key = keys.get(self.seal.split(":")[0])
        return key if key is not None and key.check(self.message(place), self.seal) else None


def place_of(record: Path) -> str:
    """A short name for where a record lives (its full path), under which its head is kept."""
    import hashlib

    where = os.path.normcase(str(Path(record).resolve()))
    return hashlib.sha256(where.encode("utf-8")).hexdigest()[:24]


def remember_head(key: SealKey, place: str, head: Head) -> None:
    """Keep the head, sealed, where the key is kept: the keyring, or a file beside the key file."""
    text = json.dumps({**head._asdict(), "seal": key.seal(head.message(place))}, sort_keys=True)
    if key.source == KEYRING:
        import keyring

        keyring.set_password(SERVICE, HEAD_USERNAME + place, text)
        return
    folder = paths.data_dir() / HEADS_FOLDER_NAME
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f".{place}.{os.getpid()}.writing"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(text + "\n")
    os.replace(temporary, folder / f"{place}.json")


def known_head(place: str) -> Head | None:
    """The head last kept for a record's place, from the keyring or the file beside the key; None if none."""
    import keyring
    from keyring.errors import KeyringError

    texts = []
    with contextlib.suppress(KeyringError):
        texts.append(keyring.get_password(SERVICE, HEAD_USERNAME + place))
    with contextlib.suppress(OSError, UnicodeDecodeError):
        texts.append(_head_file(place).read_text(encoding="ascii"))
    for text in texts:
        if not text:
            continue
        try:
            data = json.loads(text)
            return Head(str(data["record"]), int(data["seq"]), str(data["entry_id"]), str(data["hash"]),
                        str(data["seal"]))
        except (ValueError, KeyError, TypeError):
            return Head("", 0, "", "", "")  # damaged: it will not check, and verify says so
    return None


def forget_head(place: str) -> None:
    """A new record at a place: the head of whatever was there before no longer applies."""
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(SERVICE, HEAD_USERNAME + place)
    _head_file(place).unlink(missing_ok=True)


def _head_file(place: str) -> Path:
    return paths.data_dir(create=False) / HEADS_FOLDER_NAME / f"{place}.json"


# -- moving the key to another computer ------------------------------------------------------------------------------

EXPORT_FORMAT = "stp-desk seal key"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}


def export_key(out: Path, password: str) -> SealKey:
    """Write this computer's seal key (and any it held before) to a file locked with a password.

    The file is sealed with libsodium's secret box (XSalsa20-Poly1305, through PyNaCl) under a key derived from the
    password by scrypt (OpenSSL's, through hashlib); without the password it tells nothing but its format, and any
    change to it is caught. (PyNaCl, not the larger `cryptography`, keeps the Windows bundle within its size.)
    """
    import base64
    import secrets

    from stp_desk.files import written_beside

    key = seal_key(create=False)
    if key is None:
        raise KnownError("This computer has no seal key to export: no record has been written here yet.")
    _check_password(password)
    salt = secrets.token_bytes(16)
    plain = json.dumps({"keys": [key.secret.hex(), *(s.hex() for s in _earlier_secrets())]}).encode("ascii")
    token = base64.b64encode(bytes(_box(password, salt, _SCRYPT).encrypt(plain))).decode("ascii")
    document = {"format": EXPORT_FORMAT, "version": 1, "key_id": key.key_id, "kdf": "scrypt", **_SCRYPT,
                "cipher": "xsalsa20poly1305", "salt": base64.b64encode(salt).decode("ascii"), "token": token}
    with written_beside(Path(out), "The seal key") as f:
        f.write(json.dumps(document, indent=2) + "\n")
    return key


def import_key(source: Path, password: str) -> SealKey:
    """Make the key in an exported file this computer's seal key; the key held before still checks old seals."""
    import base64

    from nacl.exceptions import CryptoError

    source = Path(source)
    try:
        document = json.loads(source.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise ValueError
        salt = base64.b64decode(document["salt"], validate=True)
        cost = {name: int(document[name]) for name in _SCRYPT}
        if not (2**14 <= cost["n"] <= 2**20 and cost["r"] == 8 and cost["p"] == 1):
            raise ValueError
        token = base64.b64decode(str(document["token"]), validate=True)
    except FileNotFoundError:
        raise KnownError(f"There is no file {source}.") from None
    except OSError as e:
        raise KnownError(f"The file {source} cannot be read ({e.strerror}).") from e
    except (ValueError, KeyError, TypeError, UnicodeError):
        raise KnownError(f"{source.name} is not a seal key exported by stp-desk.") from None
    try:
        plain = json.loads(_box(password, salt, cost).decrypt(token))
        secrets_held = [_decode(text, source.name) for text in plain["keys"]]
    except CryptoError:
        raise KnownError(f"The password is wrong for {source.name} (or the file was altered); nothing was "
                         "changed.") from None
    except (ValueError, KeyError, TypeError):
        raise KnownError(f"{source.name} is damaged; nothing was changed.") from None
    current = seal_key(create=False)
    earlier = [s for s in [*secrets_held[1:], *_earlier_secrets()] if s != secrets_held[0]]
    if current is not None and current.secret != secrets_held[0]:
        earlier.insert(0, current.secret)
    _keep_earlier(list(dict.fromkeys(earlier)))
    return _keep_main(secrets_held[0])


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise KnownError("Choose a password of at least 8 characters for the exported key.")


def _box(password: str, salt: bytes, cost: dict[str, int]) -> "SecretBox":
    import hashlib

    from nacl.secret import SecretBox

    derived = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=cost["n"], r=cost["r"], p=cost["p"],
                             maxmem=256 * 1024 * 1024, dklen=SecretBox.KEY_SIZE)
    return SecretBox(derived)


def _keep_main(secret: bytes) -> SealKey:
    """Put a secret where the seal key lives: the keyring if one works, else the owner-only key file."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, USERNAME, secret.hex())
        if keyring.get_password(SERVICE, USERNAME) == secret.hex():
            return SealKey(secret, KEYRING)
    except KeyringError:
        pass
    _write_owner_only(key_file(), secret.hex() + "\n")
    key = seal_key(create=False)
    assert key is not None
    return key


def _keep_earlier(secrets_held: list[bytes]) -> None:
    if not secrets_held:
        return
    text = " ".join(s.hex() for s in secrets_held)
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, EARLIER_USERNAME, text)
        if keyring.get_password(SERVICE, EARLIER_USERNAME) == text:
            return
    except KeyringError:
        pass
    _write_owner_only(earlier_file(), text + "\n")


def _write_owner_only(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.writing")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise KnownError(f"The file {path} cannot be written ({e.strerror}).") from e
