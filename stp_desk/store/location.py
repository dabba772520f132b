"""Where a record may live: on a disk of this computer, outside any folder a sync client copies.

SQLite keeps a record's write-ahead log in shared memory (`-shm`), which works only between programs on one
machine, and a network share's locks cannot be trusted; a sync client (OneDrive, Dropbox, Google Drive, iCloud)
copies the file while it is being written and can bring back an older copy over a newer one. So a record on a
network path or in a synced folder is refused, with the reason, and the window offers to copy it to this computer.
Backups may go to such a folder: a backup is written whole and then left alone (`store/backup.py`).
"""

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PureWindowsPath

from stp_desk.errors import KnownError

# File systems that put a file on another machine (Linux's names for them, as /proc/self/mounts gives them).
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "afs", "ceph", "glusterfs", "fuse.glusterfs",
    "davfs", "fuse.davfs2", "9p", "lustre", "fuse.rclone", "fuse.s3fs",
})
# The folders sync clients keep, by the names they give them, and the environment variables that name them.
SYNC_FOLDER_NAMES = ("onedrive", "dropbox", "google drive", "googledrive", "my drive", "iclouddrive", "icloud drive",
                     "box", "box sync", "nextcloud", "owncloud")
SYNC_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")
_DRIVE_REMOTE = 4  # GetDriveTypeW


class NotLocal(KnownError):
    """A record where SQLite cannot keep it safe; `reason` says why in a clerk's words."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path} cannot be opened where it is: {reason} A record must live on this computer's own "
                         f"disk; copy it to a local folder (the window offers to) and keep its backups there if you "
                         f"wish.")


def local_problem(path: Path) -> str | None:
    """Why a record at `path` could not be kept there (a network path, a synced folder), or None."""
    return network_reason(path) or sync_reason(path)


def check_local(path: Path) -> None:
    """Refuse (`NotLocal`) a record on a network path or in a synced folder."""
    reason = local_problem(path)
    if reason:
        raise NotLocal(path, reason)


def network_reason(path: Path, *, platform: str = sys.platform, mounts: str | None = None) -> str | None:
    """Why `path` is on another machine, or None: a UNC path or a mapped network drive on Windows; a network file
    system on Linux (from /proc/self/mounts, or `mounts` given as its text)."""
    if platform == "win32":
        windows = PureWindowsPath(str(path))
        if str(windows).startswith("\\\\"):
            return f"it is on a network share ({windows.anchor.rstrip(chr(92))})."
        if windows.drive and platform == sys.platform and _drive_type(windows.drive) == _DRIVE_REMOTE:
            return f"drive {windows.drive} is a network drive."
        return None
    best, kind = _mount_of(path, mounts)
    if kind in NETWORK_FILE_SYSTEMS:
        return f"it is on a network file system ({kind} at {best})."
    return None


def sync_reason(path: Path, env: Mapping[str, str] | None = None) -> str | None:
    """Why `path` is in a folder a sync client copies, or None."""
    env = os.environ if env is None else env
    text = _resolved(path)
    for variable in SYNC_VARIABLES:
        root = env.get(variable, "").rstrip("/\\")
        if root and (text.lower() + "/").replace("\\", "/").startswith(root.lower().replace("\\", "/") + "/"):
            return f"it is in your OneDrive folder ({root}), which is copied while it is written."
    for part in PureWindowsPath(text).parts if "\\" in text else Path(text).parts:
        name = part.lower()
        for sync in SYNC_FOLDER_NAMES:
            if name == sync or (sync == "onedrive" and name.startswith("onedrive - ")):
                return f"it is in a folder a sync client copies ({part}), which can copy it while it is written."
    return None


def temporary_reason(path: Path, *, platform: str = sys.platform, env: Mapping[str, str] | None = None,
                     mounts: str | None = None) -> str | None:
    """Why `path` looks as if it will not outlive the session, or None: a Windows temporary profile (C:\\Users\\TEMP,
    which Windows hands out when a roaming or non-persistent profile fails to load, and empties at sign-out), the
    Windows temporary folder, or a file system kept in memory (tmpfs, ramfs). Only a warning: the clerk may know
    better (a non-persistent virtual desktop whose profile folder is copied back, say)."""
    env = os.environ if env is None else env
    if platform == "win32":
        text = str(PureWindowsPath(str(path))).lower()
        profile = env.get("USERPROFILE", "")
        if profile and PureWindowsPath(profile).name.upper().startswith("TEMP"):
            return f"Windows signed you in with a temporary profile ({profile}), which is emptied when you sign out."
        for variable in ("TEMP", "TMP"):
            folder = env.get(variable, "").rstrip("\\").lower()
            if folder and text.startswith(folder + "\\"):
                return f"it is in the temporary folder ({env[variable]}), which Windows may empty."
        return None
    best, kind = _mount_of(path, mounts)
    if kind in ("tmpfs", "ramfs"):
        return f"it is on a file system kept in memory ({kind} at {best}), emptied when the computer restarts."
    return None


def _mount_of(path: Path, mounts: str | None) -> tuple[str, str]:
    """The mount point `path` is under (the longest that holds it) and its file system's type; ("", "") if unknown.
    `mounts` is /proc/self/mounts's text, read here when not given."""
    if mounts is None:
        try:
            mounts = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "", ""
    resolved = _resolved(path)
    best, kind = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = fields[1].replace("\\040", " ")
            if (resolved == point or resolved.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                best, kind = point, fields[2]
    return best, kind


def _resolved(path: Path) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(Path(path).absolute())


def _drive_type(drive: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(f"{drive}\\"))  # type: ignore[attr-defined]
