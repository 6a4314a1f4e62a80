"""A cache of loaded documents, so that an unchanged file is not converted again.

An entry is keyed by everything its result depends on: the file's path and bytes,
the base path links are rewritten under, and the generator's own source code and
Markdown version. Any change to those misses, so the cache cannot serve stale HTML.
It lives outside the site folder ($XDG_CACHE_HOME/haven, else ~/.cache/haven, one
folder per site) and is safe to delete. HAVEN_CACHE=off turns it off; HAVEN_CACHE=DIR
puts it elsewhere.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

import markdown

KEEP_PREFIX = "keep-"  # files beside the entries that pruning leaves alone (manifest.py)


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


def entries(folder: Path | None) -> set[str]:
    """The names of the entries stored in `folder`."""
    try:
        return set(os.listdir(folder)) if folder is not None else set()
    except OSError:
        return set()


def get(folder: Path | None, entry: str):
    """The cached value, or None on a miss or an unreadable entry."""
    if folder is None:
        return None
    try:
        with open(folder / entry, "rb") as handle:
            return pickle.load(handle)
    except Exception:  # noqa: BLE001 - any damaged entry is just a miss
        return None


def put(folder: Path | None, entry: str, value) -> None:
    """Store a value; a cache that cannot be written is skipped silently.

    Written in place, without a temporary file and a rename: an entry cut short (a crash, or
    two builds at once) fails to load, which is a miss like any other."""
    if folder is None:
        return
    try:
        if folder not in _made:
            folder.mkdir(parents=True, exist_ok=True)
            _made.add(folder)
        with open(folder / entry, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass


_made: set[Path] = set()  # cache folders known to exist


def prune(folder: Path | None, keep: set[str]) -> None:
    """Delete the entries this build did not use (edited or removed files)."""
    if folder is None or not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name not in keep and not path.name.startswith(KEEP_PREFIX):
            try:
                path.unlink()
            except OSError:
                pass
