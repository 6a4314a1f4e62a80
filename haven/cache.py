"""A cache of loaded documents, so that an unchanged file is not converted again.

An entry is keyed by everything its result depends on: the file's path and bytes,
the base path links are rewritten under, and the generator's own source code and
Markdown version. Any change to those misses, so the cache cannot serve stale HTML.
Entries are kept in 16 shard files (Shelf). The cache lives outside the site folder
($XDG_CACHE_HOME/haven, else ~/.cache/haven, one folder per site) and is safe to
delete. HAVEN_CACHE=off turns it off; HAVEN_CACHE=DIR puts it elsewhere.

The cache holds data, never code: every file is plain values (strings, numbers, tuples,
dicts, bytes) written with `marshal`, behind a header (cache format, Python version, generator
digest) and a SHA-256 of the payload, and read back into the project's own dataclasses by name
from a fixed list (`to_plain`, `from_plain`). Nothing in it is unpickled, imported, called or
run, so a cache restored from elsewhere (CI, another branch, a shared machine) can at worst
cost a rebuild: a damaged, truncated or foreign file is a miss. (marshal is used for speed, on
plain values only. Python's documentation warns that it is not hardened against data crafted
to break it; the checksum catches damage, not a forger, but what marshal can make of any input
is plain values and inert code objects, which the reader refuses: at worst a miss.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
import marshal
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple

import markdown

KEEP_PREFIX = "keep-"  # files of other kinds kept in the same folder (manifest.py)


@functools.lru_cache(maxsize=1)
def generator_digest() -> str:
    """A digest of the generator's code: a new version never reads an old entry.

    Constant for the life of a process: it names the code this process runs."""
    digest = hashlib.sha256(markdown.__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def _keyed(generator: str):
    """The hash every entry's key starts from, `generator` hashed (copied for each entry)."""
    return hashlib.sha256(generator.encode())


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


# --- What a long-running process (serve) remembers of the files it loaded -----------------

RACY_NS = 2_000_000_000  # coarser than any file system's timestamps (FAT: 2 s; ext3, HFS+: 1 s)


class Signature(NamedTuple):
    """What a file's metadata says of its contents. The change time moves on every write and
    cannot be set back, so a same-size edit with its modification time put back still shows."""

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int


def signature(path: str | Path) -> Signature | None:
    """A file's Signature, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return Signature(info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)


def look(path: str | Path) -> tuple:
    """A file's signature and the time it was taken (see Memo.remember)."""
    return signature(path), time.time_ns()


class Memo:
    """What this process loaded from files, kept while each file is untouched.

    A signature proves a file untouched only once its times are older than the moment it was
    taken by more than the file system's timestamp granularity (git's "racily clean" rule): a
    file written again within the same tick keeps its times. A signature too recent to prove
    anything is checked by the file's bytes instead."""

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], tuple] = {}  # (file, context) -> (signature, taken, entry, value)

    def recall(self, path: str, context: str, entry_of):
        """The value remembered for `path`, if the file is unchanged since (else None).
        `entry_of(bytes)` gives the entry of the file's bytes now, to compare when in doubt."""
        known = self._known.get((path, context))
        if known is None:
            return None
        seen, taken, entry, value = known
        if seen != signature(path):
            return None
        if max(seen.mtime_ns, seen.ctime_ns) + RACY_NS >= taken:  # racily clean: compare the bytes
            now = look(path)  # (taken before reading, as for `remember`)
            try:
                data = Path(path).read_bytes()
            except OSError:
                return None
            if entry_of(data) != entry:
                return None
            if now[0] == seen:  # the same bytes under the same signature at a later moment: once that is
                # long enough after the file's times, the signature alone proves it (a file saved just
                # before serve started is not read again on every rebuild)
                self._known[path, context] = (seen, now[1], entry, value)
        return value

    def untouched(self, path: str, context: str):
        """The value remembered for `path`, without a look at the file: serve was told it is untouched."""
        known = self._known.get((path, context))
        return None if known is None else known[3]

    def untouched_all(self, paths, context: str, prefix: str, told: set[str]) -> dict:
        """untouched() of each of `paths` under `prefix` but those `told` (None for them and the
        others): serve was told only those changed. (One comprehension: 10,000 calls of
        untouched took 5 ms a rebuild.)"""
        known = self._known
        return {path: None if path in told or not path.startswith(prefix) or (found := known.get((path, context))) is None
                else found[3] for path in paths}

    def retain(self, paths: set[str], context: str) -> None:
        """Forget every file but `paths` under `context` (the files of the latest build)."""
        gone = [known for known in self._known if known[1] != context or known[0] not in paths]
        if gone:  # (most builds: none, and the dict of 10,000 files is not made again)
            self._known = {known: value for known, value in self._known.items() if known[1] == context and known[0] in paths}

    def remember(self, path: str, context: str, looked: tuple, entry: str, value) -> None:
        """Keep `value`, loaded from `path` whose bytes gave `entry` and whose signature was
        `looked` (from `look`, taken before reading), unless the file changed since."""
        seen, taken = looked
        if seen is not None and seen == signature(path):
            self._known[path, context] = (seen, taken, entry, value)


_SIGNATURES = f"{KEEP_PREFIX}signatures"


class Signatures:
    """The signature of each file a build read, and the entry its bytes gave, kept in the cache
    folder for the next build, as git's index keeps them: a file whose signature is the same, and
    was taken long enough after the file's times (the racily clean rule of Memo), is not read and
    hashed again. A rewrite changes the change time (ctime) even when the size and the
    modification time are put back. Not kept on Windows, where st_ctime is the time the file was
    created, which a rewrite leaves alone: there every file is read, as without a cache."""

    def __init__(self, folder: Path | None, context: str):
        self.path = folder / _SIGNATURES if folder is not None and os.name != "nt" else None
        self.context = context
        stored = read_data(self.path) if self.path is not None else None
        self.known: dict[str, tuple] = _signatures_of(stored, context)
        self.now: dict[str, tuple] = {}

    def vouched(self, rel: str, looked: tuple) -> str | None:
        """The entry of `rel`'s bytes if its signature now (`looked`, from look) proves them the
        same as when it was kept."""
        seen, _ = looked
        kept = self.known.get(rel)
        if seen is None or kept is None or kept[:4] != tuple(seen):
            return None
        taken, entry = kept[4], kept[5]
        return entry if max(seen.mtime_ns, seen.ctime_ns) + RACY_NS < taken else None

    def note(self, rel: str, looked: tuple, entry: str | None, vouched: str | None) -> None:
        """Keep, for the next build, the entry `rel`'s bytes gave: as it was when `vouched` for
        (the proof stands), else with the signature `looked` before they were read."""
        seen, taken = looked
        if entry is not None and entry == vouched:
            self.now[rel] = self.known[rel]
        elif entry is not None and seen is not None:
            self.now[rel] = (*seen, taken, entry)

    def save(self) -> None:
        """Write what this build noted, if it differs from what was kept (the files it did not
        read, a folder it did not list, are left out: read again next time)."""
        if self.path is not None and self.now != self.known:
            write_data(self.path, (self.context, self.now))


def _signatures_of(stored, context: str) -> dict[str, tuple]:
    """The kept signatures in a Signatures file's value, if it was written for `context`; nothing
    of another shape is trusted (a miss, never an error)."""
    if type(stored) is not tuple or len(stored) != 2 or stored[0] != context or type(stored[1]) is not dict:
        return {}
    return {rel: kept for rel, kept in stored[1].items()
            if type(rel) is str and type(kept) is tuple and len(kept) == 6
            and all(type(n) is int for n in kept[:5]) and type(kept[5]) is str}


def key(rel: str, data: bytes, context: str) -> str:
    digest = _keyed(generator_digest()).copy()
    for part in (rel.encode(), context.encode(), data):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


# --- Cache files: plain values, checked -----------------------------------------------------

FORMAT = 1  # of the files below; part of every file's header
_MAGIC = b"haven cache\n"
_MARSHAL_VERSION = 4


def _header() -> bytes:
    return _MAGIC + f"{FORMAT} {sys.version_info[0]}.{sys.version_info[1]} {generator_digest()}\n".encode()


def dump_data(value) -> bytes:
    """A file's bytes for plain `value`: header, SHA-256 of the payload, marshalled payload."""
    payload = marshal.dumps(value, _MARSHAL_VERSION)
    return _header() + hashlib.sha256(payload).digest() + payload


def load_data(data: bytes):
    """The plain value of a file written by dump_data; raises ValueError for anything else
    (another format, Python or generator; a damaged or truncated file)."""
    header = _header()
    if not data.startswith(header):
        raise ValueError("not a cache file of this generator")
    # A view, not a copy: the search index's file is over 100 MB at 10,000 articles.
    checksum, payload = data[len(header):len(header) + 32], memoryview(data)[len(header) + 32:]
    if hashlib.sha256(payload).digest() != checksum:
        raise ValueError("damaged cache file")
    return marshal.loads(payload)


def read_data(path: Path):
    """The plain value stored in `path`, or None when it is missing, damaged or foreign."""
    try:
        with open(path, "rb") as handle:
            return load_data(handle.read())
    except Exception:  # noqa: BLE001 - unreadable, damaged or foreign: a miss, never an error
        return None


def write_data(path: Path, value) -> bool:
    """Store plain `value` in `path` (under a temporary name, then renamed, so that a build
    running meanwhile reads the old file or the new one); False if it cannot be written."""
    temp = path.parent / f".{path.name}.{os.getpid()}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = marshal.dumps(value, _MARSHAL_VERSION)
        with open(temp, "wb") as handle:  # dump_data's bytes, written in parts: no copy of the payload
            handle.write(_header() + hashlib.sha256(payload).digest())
            handle.write(payload)
        del payload
        os.replace(temp, path)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False


@functools.lru_cache(maxsize=1)
def _types() -> dict[str, type]:
    """The classes a cache file may name: the frozen dataclasses of loaded documents and of the
    record of pages. (A constant: the classes of this process.)"""
    from .checks import PageFacts
    from .content import Article, ArticleMeta, Band, Checklist, ChecklistSpec, Item, Page, PageMeta, Topic
    from .manifest import Entry
    from .markup import Heading
    from .problems import Problem

    classes = (Article, ArticleMeta, Band, Checklist, ChecklistSpec, Item, Page, PageMeta, Topic, Entry, PageFacts,
               Heading, Problem)
    return {cls.__name__: cls for cls in classes}


_SCALARS = frozenset({str, int, float, bool, type(None), bytes})


def to_plain(value):
    """`value` as plain values marshal can store. A value of one of the known dataclasses becomes
    a tuple of its class's name and its fields, each stored as its type says (a Heading in an
    Article's `headings` is the tuple of its three fields, its level, id and text); a tuple,
    list, dict or date whose type is not known from a field is a dict whose key None names it."""
    return _GENERIC[0](value)


def from_plain(plain):
    """The value `to_plain` made `plain` from; raises ValueError (or TypeError, IndexError...)
    for anything it cannot have made. Only the known dataclasses are ever made (as unpickling
    does: their stored fields, without running __init__); nothing found in a file is called."""
    return _GENERIC[1](plain)


def pack(value) -> bytes:
    """`value` as the bytes of its plain values (an entry of a shard; cheap to pass between processes)."""
    return marshal.dumps(to_plain(value), _MARSHAL_VERSION)


def unpack(data: bytes):
    """The value `pack` made `data` from; raises an exception for anything else."""
    return from_plain(marshal.loads(data))


def _generic_to(value):
    kind = type(value)
    if kind in _SCALARS:
        return value
    codec = _codecs().get(kind)
    if codec is not None:
        return codec[0](value)
    if kind is tuple or kind is list or kind is frozenset:
        return {None: kind.__name__, "items": tuple([_generic_to(v) for v in value])}
    if kind is dict:
        return {None: "dict", "items": tuple([(_generic_to(k), _generic_to(v)) for k, v in value.items()])}
    if kind is dt.date:
        return {None: "date", "ordinal": value.toordinal()}
    raise TypeError(f"cannot store a {kind.__name__} in the cache")


_MADE = {"tuple": tuple, "list": list, "frozenset": frozenset}


def _generic_from(plain):
    kind = type(plain)
    if kind in _SCALARS:
        return plain
    if kind is tuple and plain and type(plain[0]) is str:  # a known dataclass
        codec = _codecs_by_name().get(plain[0])
        if codec is None:
            raise ValueError(f"an unknown kind {plain[0]!r} in a cache file")
        return codec[1](plain)
    if kind is not dict or len(plain) != 2:
        raise ValueError(f"a {kind.__name__} in a cache file")
    name = plain.get(None)
    if name in _MADE and type(plain.get("items")) is tuple:
        return _MADE[name]([_generic_from(v) for v in plain["items"]])
    if name == "dict" and type(plain.get("items")) is tuple:
        return {_generic_from(k): _generic_from(v) for k, v in plain["items"]}
    if name == "date" and type(plain.get("ordinal")) is int:
        return dt.date.fromordinal(plain["ordinal"])
    raise ValueError(f"an unknown kind {name!r} in a cache file")


_GENERIC = (_generic_to, _generic_from)


def _codec_for(hint, objects: dict, table: dict):
    """(encode, decode) for values of the type `hint`, or None where a value is stored as it is."""
    import types
    import typing

    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _SCALARS:
        return None
    if origin in (typing.Union, types.UnionType):
        codecs = [_codec_for(arg, objects, table) for arg in args if arg is not type(None)]
        if all(codec is None for codec in codecs):
            return None
        if len(codecs) == 1 and type(None) in args:
            encode, decode = codecs[0]
            return (lambda v: None if v is None else encode(v)), (lambda p: None if p is None else decode(p))
        return _GENERIC
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            codec = _codec_for(args[0], objects, table)
            if codec is None:
                return None
            encode, decode = codec
            return (lambda v: tuple([encode(x) for x in v])), (lambda p: tuple([decode(x) for x in p]))
        return _GENERIC if any(_codec_for(arg, objects, table) is not None for arg in args) else None
    if origin is dict and len(args) == 2 and _codec_for(args[0], objects, table) is None:
        codec = _codec_for(args[1], objects, table)
        if codec is None:
            return (lambda v: tuple(v.items())), dict
        encode, decode = codec
        return (lambda v: tuple([(k, encode(x)) for k, x in v.items()])), (lambda p: {k: decode(x) for k, x in p})
    if hint is dt.date:
        return (lambda v: v.toordinal()), dt.date.fromordinal
    if isinstance(hint, type) and hint.__name__ in objects:
        name = hint.__name__
        # (looked up in `table` when used: it is filled once every class has its codec)
        return ((lambda v: None if v is None else table[name][0](v)),
                (lambda p: None if p is None else table[name][1](p)))
    return _GENERIC


def _object_codec(cls: type, objects: dict, table: dict):
    import typing

    hints = typing.get_type_hints(cls)
    fields = [(field.name, _codec_for(hints[field.name], objects, table)) for field in dataclasses.fields(cls)]
    name = cls.__name__

    def encode(value):
        if type(value) is not cls:
            raise TypeError(f"a {type(value).__name__} where the cache expects a {name}")
        state = vars(value)
        return (name, *[state[n] if codec is None else codec[0](state[n]) for n, codec in fields])

    return encode, _decoder(cls, [(n, None if codec is None else codec[1]) for n, codec in fields])


def _decoder(cls: type, fields: list[tuple[str, object]]):
    """The function that makes a `cls` from its stored tuple (its name, then each field, decoded
    by the function given with it, if any), as unpickling does: the stored fields, no __init__
    or checks again. It is written out for the class, as `dataclasses` writes __init__, from the
    class's own field names (never from a file): one dict display instead of a loop over the
    fields, half the time (a 10,000-article rebuild decodes 127,000 values)."""
    name = cls.__name__
    scope = {"new": object.__new__, "set_state": object.__setattr__,  # (a frozen dataclass refuses its own setattr)
             "cls": cls, "name": name, "ValueError": ValueError}
    values = []
    for index, (field, decode_field) in enumerate(fields, 1):
        if not field.isidentifier():
            raise TypeError(f"{name}.{field!r} is not a field name")
        if decode_field is None:
            values.append(f"{field!r}: plain[{index}]")
        else:
            scope[f"decode_{field}"] = decode_field
            values.append(f"{field!r}: decode_{field}(plain[{index}])")
    text = (f"def decode(plain):\n"
            f"    if type(plain) is not tuple or len(plain) != {len(fields) + 1} or plain[0] != name:\n"
            f"        raise ValueError(f'a {{name}} of another shape in a cache file')\n"
            f"    value = new(cls)\n"
            f"    set_state(value, '__dict__', {{{', '.join(values)}}})\n"
            f"    return value\n")
    exec(text, scope)  # (code made from the class's field names, as dataclasses does)
    return scope["decode"]


@functools.lru_cache(maxsize=1)
def _codecs() -> dict[type, tuple]:
    """Class -> (encode, decode) for the classes a cache file may name (constant in a process)."""
    objects = _types()
    table: dict[str, tuple] = {}
    table.update({name: _object_codec(cls, objects, table) for name, cls in objects.items()})
    return {cls: table[name] for name, cls in objects.items()}


@functools.lru_cache(maxsize=1)
def _codecs_by_name() -> dict[str, tuple]:
    return {cls.__name__: codec for cls, codec in _codecs().items()}


SHARDS = "0123456789abcdef"  # an entry lives in the shard named by its key's first digit


class Shelf:
    """The stored entries of one site, in 16 shard files instead of a file each: creating a file
    costs more than encoding a document, and a first build would create one per document.

    An entry is the bytes of `pack`; a shard is read when first asked for (`load` reads them all,
    so that forked workers find them loaded), and `save` rewrites only the shards whose entries
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

    def empty(self) -> bool:
        """Whether it holds no entry at all (a first build: every file is to be converted)."""
        if self.folder is None:
            return True
        self.load()
        return not any(self._shards.values())

    def get(self, entry: str) -> bytes | None:
        """The packed value stored for `entry` (see `unpack`), or None."""
        return self._shard(entry[0]).get(entry) if self.folder is not None else None

    def discard(self, entry: str) -> None:
        """Forget an entry found unusable, so that `save` writes it anew."""
        self._shards.get(entry[0], {}).pop(entry, None)

    def _shard(self, shard: str) -> dict:
        if shard not in self._shards:
            stored = read_data(self.folder / f"{_SHARD_PREFIX}{shard}") if self.folder is not None else None
            if type(stored) is dict and all(type(k) is str and k[:1] == shard and type(v) is bytes for k, v in stored.items()):
                self._shards[shard] = stored
            else:
                self._shards[shard] = {}
        return self._shards[shard]

    def save(self, used: set[str], packed) -> None:
        """Keep exactly the `used` entries in each shard read so far; `packed(entry)` gives the
        bytes of an entry the shard lacks."""
        if self.folder is None:
            return
        for shard, old in self._shards.items():
            keys = {entry for entry in used if entry[0] == shard}
            if keys == old.keys():
                continue
            data = {entry: old[entry] if entry in old else packed(entry) for entry in sorted(keys)}
            if write_data(self.folder / f"{_SHARD_PREFIX}{shard}", data):
                self._shards[shard] = data
        _remove_old_entries(self.folder)


_SHARD_PREFIX = "docs-"


def _remove_old_entries(folder: Path) -> None:
    """Earlier versions kept an entry per file, named by its key, and compiled templates (code)
    in keep-templates/: those are never read again."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if len(name) == 64 and all(c in SHARDS for c in name):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
    old_templates = folder / f"{KEEP_PREFIX}templates"
    if old_templates.is_dir():
        for path in old_templates.iterdir():
            with contextlib.suppress(OSError):
                path.unlink()
        with contextlib.suppress(OSError):
            old_templates.rmdir()
