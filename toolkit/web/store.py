"""Built packs held for the browser that built them, for a short while only.

A pack built from the page is offered whole and file by file, with a picture of each
document's first page, so it is held until it is downloaded: in a folder of its own under
an unguessable name, readable only with the session that built it. It is removed when the
whole pack is downloaded, when the person removes it, or at the latest ``LIFETIME``
seconds after it was built (swept on every request, and by every server process sharing
the folder).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

LIFETIME = 30 * 60  # seconds a pack is held, at most
_OWNER = ".owner"  # in each pack's folder: a hash of the session that built it
_KEY = re.compile(r"[A-Za-z0-9_-]{22,64}")


def default_root() -> Path:
    """Return the folder packs are held in: one in the system's temporary folder, shared
    by every server process on the machine."""
    return Path(tempfile.gettempdir()) / "toolkit-web-packs"


@dataclass(frozen=True)
class Held:
    """A pack held for download: its key, its folder, and when it is removed (as
    ``time.time()`` gives times)."""

    key: str
    folder: Path
    expires: float

    @property
    def minutes_left(self) -> int:
        return max(1, round((self.expires - time.time()) / 60))


class Store:
    """Packs held for download under ``root``, each for at most ``lifetime`` seconds."""

    def __init__(self, root: Path | None = None, lifetime: float = LIFETIME) -> None:
        self.root = root or default_root()
        self.lifetime = lifetime

    def keep(self, folder: Path, owner: str) -> str:
        """Move ``folder`` (a pack, as the page lays it out) into the store, held for
        ``owner`` (the session); return the pack's key."""
        self.sweep()
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = secrets.token_urlsafe(24)
        (folder / _OWNER).write_text(_hashed(owner), encoding="ascii")
        shutil.move(folder, self.root / key)
        return key

    def held(self, key: str, owner: str) -> Held | None:
        """Return the pack ``key`` if it is held for ``owner`` and not yet expired."""
        self.sweep()
        folder = self._folder(key)
        if folder is None:
            return None
        try:
            held_for = (folder / _OWNER).read_text(encoding="ascii")
            built = (folder / _OWNER).stat().st_mtime
        except OSError:
            return None
        mine = hmac.compare_digest(held_for, _hashed(owner))
        return Held(key, folder, built + self.lifetime) if mine else None

    def remove(self, key: str, owner: str) -> None:
        """Remove the pack ``key`` if it is held for ``owner``."""
        held = self.held(key, owner)
        if held is not None:
            shutil.rmtree(held.folder, ignore_errors=True)

    def sweep(self) -> None:
        """Remove every pack held longer than the lifetime."""
        if not self.root.is_dir():
            return
        oldest = time.time() - self.lifetime
        for folder in self.root.iterdir():
            try:
                expired = (folder / _OWNER).stat().st_mtime < oldest
            except OSError:  # half-made, or being removed by another process
                expired = folder.stat().st_mtime < oldest if folder.exists() else False
            if expired:
                shutil.rmtree(folder, ignore_errors=True)

    def _folder(self, key: str) -> Path | None:
        """Return the folder of pack ``key``; None for a key that is not one of ours."""
        if not _KEY.fullmatch(key):
            return None
        folder = self.root / key
        return folder if folder.is_dir() else None


def _hashed(owner: str) -> str:
    return hashlib.sha256(owner.encode()).hexdigest()
