"""A cache of loaded documents, so that an unchanged file is not converted again.

An entry is keyed by everything its result depends on: the file's path and bytes,
the base path links are rewritten under, and the generator's own source code and
Markdown version. Any change to those misses, so the cache cannot serve stale HTML.
Entries are kept in 16 shard files (Shelf). The cache lives outside the site folder
($XDG_CACHE_HOME/haven, else ~/.cache/haven, one folder per site) and is safe to
delete. HAVEN_CACHE=off turns it off; HAVEN_CACHE=DIR puts it elsewhere.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from pathlib import Path

import markdown

KEEP_PREFIX = "keep-"  # files of other kinds kept in the same folder (manifest.py, render.py)


@functools.lru_cache(maxsize=1)
def generator_digest() -> str:
    """A digest of the generator's code: a new version never reads an old entry."""
    digest = hashlib.sha256(markdown.__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def folder_for(source: Path) -> Path | None:
    """Where this site's entries live, or None when caching is off."""
    setting = os.environ.get("HAVEN_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        base = Path(setting)
    else:
        try:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "haven"
        except (RuntimeError, KeyError):  # no home folder: build without a cache
            return None
    site = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:16]
    return base / site


_recent: dict[tuple[str | Path, str], tuple[tuple, object]] = {}  # (file, context) -> (its stat then, value)


def signature(path: str | Path) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def recall(path: str | Path, context: str):
    """What this process loaded from `path` before, if the file is untouched since (else None)."""
    known = _recent.get((path, context))
    return known[1] if known is not None and known[0] == signature(path) else None


def remember(path: str | Path, context: str, seen: tuple | None, value) -> None:
    """Keep `value`, loaded from `path` when its stat was `seen`, unless the file changed since."""
    if seen is not None and seen == signature(path):
        _recent[path, context] = (seen, value)


def key(rel: str, data: bytes, context: str) -> str:
    digest = hashlib.sha256(generator_digest().encode())
    for part in (rel.encode(), context.encode(), data):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


SHARDS = "0123456789abcdef"  # an entry lives in the shard named by its key's first digit


class Shelf:
    """The stored entries of one site, in 16 shard files instead of a file each: creating a file
    costs more than pickling a document, and a first build would create one per document.

    Entries are pickled bytes; a shard is read when first asked for (`load` reads them all, so
    that forked workers find them loaded), and `save` rewrites only the shards whose entries
    changed. A shard that cannot be read is empty: every entry in it is a miss."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self._shards: dict[str, dict[str, bytes]] = {}

    def disable(self) -> None:
        """Read and write no entry from now on."""
        self.folder = None

    def load(self) -> None:
        for shard in SHARDS:
            self._shard(shard)

    def get(self, entry: str) -> bytes | None:
        return self._shard(entry[0]).get(entry) if self.folder is not None else None

    def _shard(self, shard: str) -> dict[str, bytes]:
        if shard not in self._shards:
            try:
                with open(self.folder / f"{_SHARD_PREFIX}{shard}", "rb") as handle:
                    self._shards[shard] = dict(pickle.load(handle))
            except Exception:  # noqa: BLE001 - missing or damaged: as good as empty
                self._shards[shard] = {}
        return self._shards[shard]

    def save(self, used: set[str], blob) -> None:
        """Keep exactly the `used` entries in each shard read so far; `blob(entry)` gives the bytes
        of an entry the shard lacks. Written under a temporary name and renamed, so that a build
        running at the same time reads the old shard or the new one, never half of one."""
        if self.folder is None:
            return
        for shard, old in self._shards.items():
            keys = {entry for entry in used if entry[0] == shard}
            if keys == old.keys():
                continue
            data = {entry: old.get(entry) or blob(entry) for entry in sorted(keys)}
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                temp = self.folder / f".{_SHARD_PREFIX}{shard}.{os.getpid()}"
                with open(temp, "wb") as handle:
                    pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, self.folder / f"{_SHARD_PREFIX}{shard}")
                self._shards[shard] = data
            except OSError:  # a cache that cannot be written is skipped silently
                pass
        _remove_old_entries(self.folder)


_SHARD_PREFIX = "docs-"


def _remove_old_entries(folder: Path) -> None:
    """Earlier versions kept an entry per file, named by its key: those are never read again."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if len(name) == 64 and all(c in SHARDS for c in name):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
