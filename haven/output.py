"""Writing the output folder: all or nothing, and only over what the generator owns.

What it owns. A folder the generator built holds `.haven-output.json`, the list of the files it
wrote there. Those files, and only those, it may replace or delete. Every other file in the folder
(a host's `CNAME`, `.nojekyll`, `.well-known/`, a `.git` folder) is kept as it is, and a file of
the site that would take the place of one of them is refused, unless it holds the very same bytes
(the generator then takes it over) or is in `.well-known/` (the site's static/.well-known/ then
takes over the host's file of that name; the host's others there are kept). A folder without that list is built into only when it is empty
or holds nothing but such host files (a `.git` folder among them: a new `gh-pages` branch checked
out); any other is refused whole. The list is read as data: every
entry must be a path the generator could have written, inside the folder.

Nothing is written through a symbolic link: each folder is opened from its parent's descriptor with
O_NOFOLLOW and files are created with O_EXCL, so a link planted in the output is never followed. A
link where the site needs a folder is an error; one where a file of the last build was is replaced.

All or nothing. A first build writes the site into a temporary folder beside the output and renames
it into place. Later builds write each file that changed under a temporary name beside the file it
replaces (`NAME.haven-new-PID`); once all are written they are renamed into place in one quick step,
with Ctrl+C and SIGTERM held off, and the files the site no longer has are deleted. Until then the
previous output is untouched, and a failed build removes what it wrote. A build holds a lock on the
folder, and keeps a marker (`.haven-writing`) there while it writes: a build killed outright
(SIGKILL, power loss) leaves the marker behind, and the next one removes its temporary files.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .problems import Problem, error

MANIFEST = ".haven-output.json"  # the files the generator wrote into the folder
MARKER = ".haven-writing"  # present while a build writes into the folder
TEMP = ".haven-new-"  # a file being written: NAME.haven-new-PID
HOST_FILES = frozenset({"CNAME", ".nojekyll", ".well-known"})  # may be in a folder before its first build
WELL_KNOWN = ".well-known/"  # a file the site publishes there replaces the host's of that name (static/.well-known/)
_TEMP_NAME = re.compile(r"\.haven-new-[0-9]+\Z")
_FORMAT = 1
_MAX_MANIFEST = 16 << 20  # (a 10,000-article site lists about 0.6 MB)
_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_KEPT_FOLDERS = 64  # folder descriptors kept open while writing
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})  # the editor's to solve: free some space


class FileStat(NamedTuple):
    """A written file's size and modification time: the build record compares them to see that
    nothing changed the file since."""

    size: int
    mtime_ns: int


class Written(NamedTuple):
    """What writing one file did."""

    stat: FileStat
    changed: bool  # False: the file already held these bytes and was left as it was (an Update)
    # when left as it was: its proof (Update.proof) if that already shows the bytes found (see PROOF_AGE)
    proof: tuple | None = None


# A file's proof (size, modification and change times, inode and device) stands for the bytes read
# from it only once its times are older than the moment it was taken by more than the file system's
# timestamp granularity (git's "racily clean" rule): a file changed again within the same tick keeps
# its times. Any later change moves the change time on, and it cannot be set back.
PROOF_AGE = 2_000_000_000  # ns, coarser than any file system's timestamps (FAT: 2 s; ext3, HFS+: 1 s)


class Packed(NamedTuple):
    """A file's bytes compressed (zlib) until it is written: a big site's search documents are
    held by the thousand from when they are made until then (and by serve between builds)."""

    data: bytes

    def unpacked(self) -> bytes:
        return zlib.decompress(self.data)


def plain(data: bytes | Packed) -> bytes:
    """A file's own bytes."""
    return data.unpacked() if isinstance(data, Packed) else data


def digest(data: bytes | Packed) -> str:
    """A digest of a file's bytes as held (a Packed one's compressed: hashing them costs less)."""
    if isinstance(data, Packed):
        return "z" + hashlib.sha1(data.data).hexdigest()
    return "b" + hashlib.sha1(data).hexdigest()


NOT_A_FOLDER = "exists and is a file, not a folder; name a folder with --output (a new one, or one this site was built into before)"


class Refused(Exception):
    """Something in the output folder the generator may not replace or write through."""

    def __init__(self, path: str, message: str):
        super().__init__(path, message)
        self.path, self.message = path, message


def unsafe_output(source: Path, output: Path) -> Problem | None:
    """Refuse outputs whose replacement would destroy the site or someone's files."""
    shown = str(output)
    source, output = source.resolve(), output.resolve()
    if output == source or output in source.parents:
        return error(shown, 0, "the output folder cannot be the site folder or contain it; use e.g. --output output")
    for folder in ("content", "templates", "static", "translations"):  # (each read as the site's own)
        inner = source / folder
        if output == inner or inner in output.parents:
            return error(shown, 0, f"the output folder cannot be inside the site's {folder}/ folder; use e.g. --output "
                                   "output")
    if output.exists() and not output.is_dir():
        return error(shown, 0, NOT_A_FOLDER)
    if output.is_dir():
        try:
            root = os.open(output, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as exc:
            return cannot_write(shown, exc)
        try:
            # A list of written files is read when the build writes (see Update.open_folder); with a
            # marker, a killed build's files are in the way: the folder is looked at once they are removed.
            if not _exists(root, MANIFEST) and not _exists(root, MARKER):
                return _survey(root, shown)[1]
        finally:
            os.close(root)
    return None


def write_site(output: Path, files: dict[str, bytes], copies: dict[str, Path]) -> Problem | None:
    """Make `output` hold `files` (bytes) and `copies` (files to copy) besides what it does not own.

    Returns a problem, with the previous output untouched, when the disk or the folder refuses."""
    staging, problem = Staging.open(output)
    if staging is None:
        return problem
    try:
        written = {rel for rel, data in files.items() if staging.write(rel, data).changed}
        copied = {rel for rel, path in copies.items() if staging.copy(rel, path)}
        return staging.commit(written | copied, set(files) | set(copies))
    except (OSError, Refused) as exc:
        return staging.problem(exc)
    finally:
        staging.discard()


class Staging:
    """The next output folder, filled beside the current one and renamed into place by `commit`.

    Files may be written from forked workers too: each write is a file of its own. A staging
    folder that is never committed is removed by `discard` (call it in a `finally`)."""

    def __init__(self, output: Path, shown: str, folder: Path, root: int, owned: frozenset, listed: frozenset | None,
                 lists: dict | None = None):
        self.output = output  # the output folder (resolved)
        self.shown = shown  # ... as the editor named it, for messages
        self.folder = folder  # where files are written
        self.owned = owned  # the files of the last build (.haven-output.json)
        self.committed = False
        self._listed = listed  # what .haven-output.json says now (None: there is none)
        self._root = root  # descriptor of `folder`
        self._fds: dict[str, int] = {}  # folder (relative) -> descriptor
        self._made: list[str] = []  # folders this process created
        self._suffix = ""  # written under the final name
        self._closed = False
        # output folder -> (the bytes of the MANIFEST this process last wrote or read there, the files it lists)
        self._lists = lists

    @classmethod
    def open(cls, output: Path, lists: dict | None = None) -> tuple[Staging | None, Problem | None]:
        """`lists`: what this process last wrote as the MANIFEST of each output folder (serve keeps
        it, state.BuildState.output_lists): a MANIFEST holding those very bytes is not read again."""
        shown, target = str(output), output.resolve()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _clean_leftovers(target)
            if target.is_dir():
                return Update.open_folder(target, shown, lists)
            if target.exists():
                return None, error(shown, 0, NOT_A_FOLDER)
            folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
            root = os.open(folder, _DIR)
        except OSError as exc:
            return None, cannot_write(shown, exc)
        return cls(target, shown, folder, root, frozenset(), None, lists), None

    def problem(self, exc: BaseException) -> Problem:
        """What a failed write means to the editor."""
        if isinstance(exc, Refused):
            return error(exc.path, 0, exc.message)
        return cannot_write(self.shown, exc)  # type: ignore[arg-type]

    def write(self, rel: str, data: bytes | Packed) -> Written:
        """Write one file; returns its stat for the build record, and whether it was written (an
        Update leaves a file that already holds these bytes as it is)."""
        folder, name = self._place(rel)
        return Written(self._create(folder, name + self._suffix, plain(data)), changed=True)

    def copy(self, rel: str, path: Path) -> bool:
        """Copy a static file (with its time); True if written."""
        folder, name = self._place(rel)
        self._create(folder, name + self._suffix, path)
        return True

    def stat(self, rel: str) -> FileStat | None:
        """The stat of a file of the last build that is still in place, else None."""
        return None  # a new folder: nothing is in place yet

    def proof(self, rel: str) -> tuple | None:
        """The proof (Written.proof) of a plain file of the last build now in place, else None."""
        return None

    def commit(self, written: set[str], site_files: set[str]) -> Problem | None:
        """Put the new folder in place: one rename (the arguments matter to Update only)."""
        try:
            self._write_manifest(site_files)
            os.chmod(self.folder, 0o755)
            self._close()
            os.rename(self.folder, self.output)  # replaces an empty folder made meanwhile, nothing else
            self.committed = True
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                return error(self.shown, 0, "was made by something else while this build ran (another build?); "
                                            "nothing was changed in it. Build again")
            return cannot_write(self.shown, exc)
        return None

    def discard(self) -> None:
        """Remove what a build that does not commit wrote (call it in a `finally`)."""
        with _signals_held():
            self._close()
            if not self.committed:
                shutil.rmtree(self.folder, ignore_errors=True)

    # --- writing without following links --------------------------------------------------------

    def _place(self, rel: str, create: bool = True) -> tuple[int, str]:
        """The descriptor of the file's folder (made if need be), and the file's name."""
        if not _writable(rel):
            if type(rel) is not str or rel.startswith("/") or {"", ".", ".."} & set(rel.split("/")):
                raise ValueError(f"refusing to write {rel!r}: not a file name inside the output folder")
            shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in rel[:300])
            raise Refused(f"{self.shown}/{shown}", "has a name the generator does not publish (a hidden name, a "
                                                   "control character, a backslash, or the name of one of its own "
                                                   "working files); rename the file it comes from")
        folder, _, name = rel.rpartition("/")
        return self._dir(folder, create), name

    def _dir(self, folder: str, create: bool = True) -> int:
        """A descriptor of this folder (relative), opened from its parent's without following a link."""
        if not folder:
            return self._root
        fd = self._fds.get(folder)
        if fd is not None:
            return fd
        above, _, part = folder.rpartition("/")
        parent = self._dir(above, create)
        if create and not _exists(parent, part):
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, 0o777, dir_fd=parent)
                self._made.append(folder)
        try:
            fd = os.open(part, _DIR, dir_fd=parent)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise self._in_the_way(parent, part, folder) from None
            raise
        if len(self._fds) >= _KEPT_FOLDERS:
            os.close(self._fds.pop(next(iter(self._fds))))  # the oldest
        self._fds[folder] = fd
        return fd

    def _in_the_way(self, parent: int, part: str, folder: str) -> Refused:
        where = f"{self.shown}/{folder}"
        if stat.S_ISLNK(os.stat(part, dir_fd=parent, follow_symlinks=False).st_mode):
            return Refused(where, "is a symbolic link; the generator never writes through one, so nothing was written. "
                                  "Replace it with a real folder (or delete it) and build again")
        if folder in self.owned:
            return Refused(where, "is a file of the last build, and the site now needs a folder of that name; "
                                  "delete this file and build again")
        return Refused(where, "is in the way: the site needs a folder here, and this file was not written by the "
                              "generator, so it is kept; move it out of the output folder and build again")

    def _create(self, folder: int, name: str, content: bytes | Path) -> FileStat:
        """Create a new file (never through a link) with these bytes, or a copy of that file
        (with its time); returns its stat.

        (With the os module's calls: open() would add a few system calls a file, thousands a build.)"""
        try:
            handle = os.open(name, _NEW, 0o666, dir_fd=folder)
        except FileExistsError:  # only this build writes under this name: a file it wrote before
            os.unlink(name, dir_fd=folder)
            handle = os.open(name, _NEW, 0o666, dir_fd=folder)
        try:
            if isinstance(content, Path):
                with open(content, "rb") as source:
                    while chunk := source.read(1 << 20):
                        _write_all(handle, chunk)
                    times = os.fstat(source.fileno())
                os.utime(handle, ns=(times.st_atime_ns, times.st_mtime_ns))
            else:
                _write_all(handle, content)
            info = os.fstat(handle)
        finally:
            os.close(handle)
        return FileStat(info.st_size, info.st_mtime_ns)

    def _write_manifest(self, files: set[str] | frozenset) -> None:
        """Replace .haven-output.json (the new one is complete before it takes the old one's place)."""
        text = _listing(sorted(files))
        temp = f"{MANIFEST}{TEMP}{os.getpid()}"
        data = (text + "\n").encode("utf-8")
        if self._lists is not None:
            self._lists.pop(self.output, None)  # (until the new list is in place)
        self._create(self._root, temp, data)
        os.rename(temp, MANIFEST, src_dir_fd=self._root, dst_dir_fd=self._root)
        self._listed = frozenset(files)
        if self._lists is not None:
            self._lists[self.output] = (data, self._listed)

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
        os.close(self._root)  # (an Update's lock goes with it)


class Update(Staging):
    """The next output written over the current one, only where it changes (see the module's text)."""

    def __init__(self, *args):
        super().__init__(*args)
        # Workers write under their parent's number too, so that it can clean up after them.
        self._suffix = f"{TEMP}{os.getpid()}"

    @classmethod
    def open_folder(cls, output: Path, shown: str, lists: dict | None = None) -> tuple[Staging | None, Problem | None]:
        """Lock an existing folder for writing, if the generator may write there."""
        root = os.open(output, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            try:
                fcntl.flock(root, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(root)
                return None, error(shown, 0, "another build is writing into this folder right now; "
                                             "wait until it is done, then build again")
            except OSError:  # a file system without locks (some network shares): build unlocked
                pass
            if _exists(root, MARKER):  # a build was killed while writing here
                _remove_temporary(root, _TEMP_NAME)
                os.unlink(MARKER, dir_fd=root)
            listed, problem = _survey(root, shown, lists, output)
            if problem:
                os.close(root)
                return None, problem
            os.close(os.open(MARKER, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666, dir_fd=root))
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(root)
            raise
        return cls(output, shown, output, root, listed or frozenset(), listed, lists), None

    def write(self, rel: str, data: bytes | Packed) -> Written:
        # A file that already holds these bytes is left alone: comparing is much cheaper than
        # creating a file, and its time stays that of its last change (for rsync and the like).
        data = plain(data)
        folder, name = self._place(rel)
        taken = time.time_ns()  # (before the file's stat: see PROOF_AGE)
        same = self._in_place(folder, name, rel, lambda handle: _holds(handle, data))
        if same is not None:
            old = max(same.st_mtime_ns, same.st_ctime_ns) + PROOF_AGE < taken
            return Written(FileStat(same.st_size, same.st_mtime_ns), changed=False, proof=_proof(same) if old else None)
        return super().write(rel, data)

    def copy(self, rel: str, path: Path) -> bool:
        # Compared byte for byte: a file's size and time say nothing of what it holds.
        folder, name = self._place(rel)
        if self._in_place(folder, name, rel, lambda handle: _same_file(handle, path)) is not None:
            return False
        return super().copy(rel, path)

    def stat(self, rel: str) -> FileStat | None:
        info = self._owned(rel)
        return None if info is None else FileStat(info.st_size, info.st_mtime_ns)

    def proof(self, rel: str) -> tuple | None:
        info = self._owned(rel)
        return None if info is None else _proof(info)

    def _owned(self, rel: str) -> os.stat_result | None:
        """The stat of a plain file of the last build in place, else None."""
        if rel not in self.owned:
            return None
        try:  # (a name of the list of written files, which _survey found one the generator writes)
            folder, _, name = rel.rpartition("/")
            info = os.stat(name, dir_fd=self._dir(folder, create=False), follow_symlinks=False)
        except (OSError, Refused):
            return None
        return info if stat.S_ISREG(info.st_mode) else None

    def _in_place(self, folder: int, name: str, rel: str, same) -> os.stat_result | None:
        """The file at `name` if it may stay as it is (`same` bytes); None if it is to be written.
        Raises Refused when what is there is not the generator's to replace."""
        try:
            handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, dir_fd=folder)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            if rel in self.owned:
                return None  # a link where the last build wrote a file: the new file replaces it (never followed)
            raise Refused(f"{self.shown}/{rel}", "is a symbolic link the generator did not make, where the site now "
                                                 "makes a file; it is kept. Remove it and build again") from None
        try:
            info = os.fstat(handle)
            if stat.S_ISREG(info.st_mode) and same(handle):
                return info  # (one of another's with these very bytes is the generator's from now on)
        finally:
            os.close(handle)
        if (rel in self.owned or rel.startswith(WELL_KNOWN)) and stat.S_ISREG(info.st_mode):
            return None  # (a site publishing a file of .well-known/ takes over the host's file of that name)
        what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
        raise Refused(f"{self.shown}/{rel}", f"is in the way: the site now makes a file here, and this {what} was not "
                                             "written by the generator, so it is kept; move it out of the output "
                                             "folder (or delete it) and build again")

    def commit(self, written: set[str], site_files: set[str]) -> Problem | None:
        """Rename the new files into place, then delete those of the last build the site no longer has."""
        keep = frozenset(site_files)
        try:
            with _signals_held():
                if not keep <= self.owned:
                    # A build killed from here on leaves a list that claims every file it may have put in place.
                    self._write_manifest(self.owned | keep)
                for rel in sorted(written):
                    folder, name = self._place(rel, create=False)
                    os.rename(name + self._suffix, name, src_dir_fd=folder, dst_dir_fd=folder)
                self.committed = True
                self._delete(self.owned - keep)
                if self._listed != keep:
                    self._write_manifest(keep)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(MARKER, dir_fd=self._root)
        except (OSError, Refused) as exc:
            return self.problem(exc)  # (discard removes what is left of this build)
        self._close()
        return None

    def discard(self) -> None:
        with _signals_held():
            if not self._closed:
                if not self.committed:
                    with contextlib.suppress(OSError):
                        _remove_temporary(self._root, re.compile(re.escape(self._suffix) + r"\Z"), self._made)
                        os.unlink(MARKER, dir_fd=self._root)
                self._close()

    def _delete(self, gone) -> None:
        """Delete these files of the last build (only if they are still plain files), and the
        folders that leaves empty."""
        folders: set[str] = set()
        for rel in gone:
            try:
                folder, name = self._place(rel, create=False)
                if stat.S_ISREG(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode):
                    os.unlink(name, dir_fd=folder)
            except (OSError, Refused):
                continue
            parts = rel.split("/")[:-1]
            folders.update("/".join(parts[:depth]) for depth in range(1, len(parts) + 1))
        for path in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            fd = self._fds.pop(path, None)
            if fd is not None:
                os.close(fd)
            above, _, part = path.rpartition("/")
            with contextlib.suppress(OSError, Refused):  # not empty: other files live there
                os.rmdir(part, dir_fd=self._dir(above, create=False))


def _proof(info: os.stat_result) -> tuple:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


def _listing(files: list[str]) -> str:
    """The text of .haven-output.json: json.dumps(..., ensure_ascii=False, indent=0) gives it, but
    with an indent that encoder is written in Python, slow over the 30,000 files of a big site; the
    list is joined here of each name as the C encoder gives it, to the same text."""
    head = {"generator": "haven", "format": _FORMAT,
            "note": "The files the website generator wrote into this folder: it replaces or "
                    "deletes only these, and keeps every other file. See docs/deploy.md.", "files": []}
    text = json.dumps(head, ensure_ascii=False, indent=0)
    if not files:
        return text
    assert text.endswith('"files": []\n}')
    names = ",\n".join(map(_json_string, files))
    return f"{text[:-4]}[\n{names}\n]\n}}"


_json_string = json.encoder.encode_basestring  # (how the encoder quotes a str when ensure_ascii is False)


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


def _holds(handle: int, data: bytes) -> bool:
    """Whether the open file holds exactly `data`."""
    if os.fstat(handle).st_size != len(data):
        return False
    parts, size = [], 0  # (read with os.read: a file object for each of 10,000 small files costs more)
    while size <= len(data):  # (one byte past `data`: a file that grew meanwhile does not hold it)
        chunk = os.read(handle, len(data) + 1 - size)
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts) == data


def _same_file(handle: int, path: Path) -> bool:
    """Whether the open file holds exactly what the file at `path` holds."""
    with open(path, "rb") as source, open(handle, "rb", closefd=False) as existing:
        if os.fstat(source.fileno()).st_size != os.fstat(handle).st_size:
            return False
        while True:
            chunk = source.read(1 << 20)
            if chunk != existing.read(1 << 20):
                return False
            if not chunk:
                return True


def _writable(rel) -> bool:
    """Whether `rel` names a file the generator may write: inside the folder, not hidden (but
    for .well-known/), not one of its own working files."""
    if type(rel) is not str or not rel or len(rel) > 4096 or not rel.isprintable() or "\\" in rel:
        return False
    for part in rel.split("/"):
        if not part or part == "." or part == ".." or (part[0] == "." and part != ".well-known"):
            return False
    return not _TEMP_NAME.search(rel) and rel != MARKER


def _exists(root: int, name: str) -> bool:
    try:
        os.stat(name, dir_fd=root, follow_symlinks=False)
    except FileNotFoundError:
        return False
    return True


def _survey(root: int, shown: str, lists: dict | None = None,
            output: Path | None = None) -> tuple[frozenset | None, Problem | None]:
    """The files the generator wrote into this folder (None if it has no list of them yet),
    or the problem that makes the folder not the generator's to write into. `lists`: output
    folder -> the bytes of the MANIFEST this process last wrote or read there, with the files it
    lists (not read again while it holds them; serve: state.BuildState.output_lists)."""
    known = lists.get(output) if lists is not None else None
    try:
        handle = os.open(MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, dir_fd=root)
    except FileNotFoundError:
        others = sorted(name for name in os.listdir(root) if name not in HOST_FILES and not _empty_folder(root, name))
        if others and others != [".git"]:  # (alone with a host's files, .git is a checked-out gh-pages branch)
            shown_others = ", ".join(repr(name) for name in others[:3]) + (" ..." if len(others) > 3 else "")
            return None, error(shown, 0, f"is not empty and was not built by this generator (it has no {MANIFEST}); "
                                         f"it holds {shown_others}. Nothing in it was changed. Build into a new or empty "
                                         "folder (--output), or, if it holds only an old build of this site, delete "
                                         "it and build again")
        return None, None
    except OSError as exc:
        return None, _damaged(shown, f"cannot be read: {exc.strerror or exc}")
    with open(handle, "rb") as file:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_MANIFEST:
            return None, _damaged(shown, "is not a plain file of a sensible size")
        data = file.read(_MAX_MANIFEST + 1)
    if known is not None and data == known[0]:
        return known[1], None
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, _damaged(shown, "is not valid JSON")
    if (type(value) is not dict or value.get("generator") != "haven" or value.get("format") != _FORMAT
            or type(value.get("files")) is not list):
        return None, _damaged(shown, "is not a list of files written by this version of the generator")
    files = value["files"]
    bad = next((rel for rel in files if not _writable(rel)), None)
    if bad is not None:
        return None, _damaged(shown, f"lists {str(bad)[:80]!r}, which is not a file the generator writes in this folder")
    if lists is not None:  # (a list of 30,000 files takes a while to read)
        lists[output] = (data, frozenset(files))
        return lists[output][1], None
    return frozenset(files), None


def _empty_folder(root: int, name: str) -> bool:
    try:
        fd = os.open(name, _DIR, dir_fd=root)
    except OSError:
        return False
    try:
        return not os.listdir(fd)
    finally:
        os.close(fd)


def _damaged(shown: str, why: str) -> Problem:
    return error(f"{shown}/{MANIFEST}", 0, f"{why}, so which files the generator may replace is unknown; nothing was "
                                           "changed. If the folder holds only a build of this site, delete the folder "
                                           "and build again")


def _remove_temporary(root: int, pattern: re.Pattern, made: Iterable[str] = ()) -> None:
    """Delete the temporary files (names matching `pattern`) below `root`, then the folders that
    leaves empty and the empty ones in `made`. Hidden folders (.git...) are never entered."""
    emptied = set(made)
    for folder, dirs, names, fd in os.fwalk(".", dir_fd=root):
        dirs[:] = [d for d in dirs if not d.startswith(".") or d == ".well-known"]
        for name in names:
            if pattern.search(name):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(name, dir_fd=fd)
                emptied.add(os.path.normpath(folder).replace(os.sep, "/"))
    emptied.discard(".")
    while emptied:
        folder = max(emptied, key=lambda f: f.count("/"))
        emptied.discard(folder)
        above, _, part = folder.rpartition("/")
        try:
            parent = _open_below(root, above)
        except OSError:
            continue
        try:
            os.rmdir(part, dir_fd=parent)
            if above:
                emptied.add(above)
        except OSError:  # not empty: other files live there
            pass
        finally:
            if parent != root:
                os.close(parent)


def _open_below(root: int, folder: str) -> int:
    """A descriptor of `folder` (relative) below `root`, never through a link."""
    fd = root
    for part in folder.split("/") if folder else ():
        try:
            fd_next = os.open(part, _DIR, dir_fd=fd)
        finally:
            if fd != root:
                os.close(fd)
        fd = fd_next
    return fd


@contextlib.contextmanager
def _signals_held():
    """Ctrl+C (or a stop from a process manager) waits until the block is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, _frame: caught.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def cannot_write(output: Path | str, exc: OSError) -> Problem:
    return error(str(output), 0, f"could not be written ({exc.strerror or exc}); the previous output is unchanged. "
                                 "Check the free disk space and that you may write to this folder")


def _clean_leftovers(output: Path) -> None:
    """Remove what a first build killed mid-write left beside the output (and restore an output
    an earlier version of the generator set aside while swapping it)."""
    for path in sorted(output.parent.glob(f".{output.name}.*-*-*")):
        kind, _, rest = path.name[len(output.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("new", "old") or not pid.isdigit() or _alive(int(pid)) or path.is_symlink():
            continue
        if kind == "old" and not output.exists():
            path.rename(output)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
