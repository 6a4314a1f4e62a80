"""Writing the output folder: all or nothing.

A first build writes the site into a temporary folder beside the output and swaps it in with
two renames. Later builds write only the files that changed, each under a temporary name
beside the file it replaces; once every one is written they are renamed into place in one
quick step, with Ctrl+C held off, and the files the site no longer has are deleted. Either
way the previous output is untouched until the new one is complete, and nothing temporary
survives a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import threading
from pathlib import Path

from .problems import Problem, error


def unsafe_output(source: Path, output: Path) -> Problem | None:
    """Refuse outputs whose replacement would destroy the site or someone's files."""
    source, output = source.resolve(), output.resolve()
    if output == source or output in source.parents:
        return error(str(output), 0, "the output folder cannot be the site folder or contain it; use e.g. --output output")
    for folder in ("content", "templates", "static"):
        inner = source / folder
        if output == inner or inner in output.parents:
            return error(str(output), 0, f"the output folder cannot be inside the site's {folder}/ folder")
    if output.exists() and not output.is_dir():
        return error(str(output), 0, "exists and is a file, not a folder")
    if output.is_dir() and any(output.iterdir()) and not ((output / "index.html").exists() or (output / "404.html").exists()):
        return error(str(output), 0, "exists and does not look like a built site; refusing to replace it (empty it or choose another folder)")
    return None


def write_site(output: Path, files: dict[str, bytes], copies: dict[str, Path]) -> Problem | None:
    """Replace `output` with exactly `files` (bytes) and `copies` (files to copy).

    Returns a problem, with the previous output untouched, when the disk refuses."""
    staging, problem = Staging.open(output)
    if problem:
        return problem
    try:
        written = {rel for rel, data in files.items() if staging.write(rel, data)[2]}
        copied = {rel for rel, path in copies.items() if staging.copy(rel, path)}
        return staging.commit(written | copied, set(files) | set(copies))
    except OSError as exc:
        return cannot_write(staging.output, exc)
    finally:
        staging.discard()


class Staging:
    """The next output folder, filled beside the current one and swapped in whole by `commit`.

    Files may be written from forked workers too: each write is a file of its own. A staging
    folder that is never committed is removed by `discard` (call it in a `finally`)."""

    def __init__(self, output: Path, folder: Path):
        self.output = output
        self.folder = folder
        self.committed = False
        self._made: set[Path] = set()

    @classmethod
    def open(cls, output: Path) -> tuple[Staging | None, Problem | None]:
        output = output.resolve()
        if output.is_dir() and ((output / "index.html").exists() or (output / "404.html").exists()):
            return Update(output, output), None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            _clean_leftovers(output)
            folder = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-{os.getpid()}-", dir=output.parent))
        except OSError as exc:
            return None, cannot_write(output, exc)
        return cls(output, folder), None

    def write(self, rel: str, data: bytes) -> tuple[int, int, bool]:
        """Write one file; returns its (size, mtime_ns) for the build record, and whether it was
        written (an Update leaves a file that already holds these bytes as it is).

        (With the os module's calls: open() would add a few system calls a file, thousands a build.)"""
        handle = os.open(self._new(rel), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
            info = os.fstat(handle)
        finally:
            os.close(handle)
        return info.st_size, info.st_mtime_ns, True

    def copy(self, rel: str, path: Path) -> bool:
        """Copy a static file (with its time, so an unchanged one is known next time); True if written."""
        shutil.copy2(path, self._new(rel))
        return True

    def _new(self, rel: str) -> Path:
        """Where the new file is written until `commit`."""
        return self._target(rel)

    def commit(self, written: set[str], site_files: set[str], before: frozenset | None = None) -> Problem | None:
        """Swap the staging folder in for the output: two renames, the previous site restored on failure.

        (The arguments matter to Update only: staging holds the whole site.)"""
        output, old = self.output, None
        try:
            os.chmod(self.folder, 0o755)
            if output.exists():
                old = output.with_name(f".{output.name}.old-{self.folder.name.split('.new-', 1)[1]}")
                output.rename(old)
            self.folder.rename(output)
            self.committed = True
        except OSError as exc:
            return cannot_write(output, exc)
        finally:  # also on Ctrl+C: put the previous site back
            if old is not None and not self.committed:
                if not output.exists():
                    old.rename(output)
            elif old is not None:
                shutil.rmtree(old, ignore_errors=True)
        return None

    def discard(self) -> None:
        if not self.committed:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _target(self, rel: str) -> Path:
        """The file's path in the staging folder, refusing any that would land outside it."""
        if rel.startswith("/") or "\\" in rel or ".." in rel.split("/") or not rel:
            raise ValueError(f"refusing to write {rel!r} outside the output folder")
        target = self.folder / rel
        if target.parent not in self._made:
            self._make_folder(target.parent)
            self._made.add(target.parent)
        return target

    def _make_folder(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)  # (a new staging folder has nothing in the way)


class Update(Staging):
    """The next output written over the current one, only where it changes (see the module's text)."""

    def __init__(self, output: Path, folder: Path):
        super().__init__(output, folder)
        # Workers write under their parent's number too, so that it can clean up after them.
        self._suffix = f".haven-new-{os.getpid()}"

    def _make_folder(self, folder: Path) -> None:
        if folder.is_file():  # a file of the old site stands where a folder goes now
            folder.unlink()
        super()._make_folder(folder)

    def write(self, rel: str, data: bytes) -> tuple[int, int, bool]:
        # A file that already holds these bytes is left alone: comparing is much cheaper than
        # creating a file, and its time stays that of its last change (for rsync and the like).
        target = self._target(rel)
        try:
            info = os.stat(target)
            if info.st_size == len(data) and stat.S_ISREG(info.st_mode) and target.read_bytes() == data:
                return info.st_size, info.st_mtime_ns, False
        except OSError:
            pass
        return super().write(rel, data)

    def copy(self, rel: str, path: Path) -> bool:
        info = os.stat(path)
        try:
            old = os.stat(self._target(rel))
            if (old.st_size, old.st_mtime_ns) == (info.st_size, info.st_mtime_ns):
                return False  # copied by an earlier build and unchanged since
        except OSError:
            pass
        return super().copy(rel, path)

    def _new(self, rel: str) -> Path:
        target = self._target(rel)
        return target.with_name(target.name + self._suffix)

    def commit(self, written: set[str], site_files: set[str], before: frozenset | None = None) -> Problem | None:
        """Rename the new files into place, then delete those the site no longer has: the files of
        the previous build (`before`) that are gone, or, when those are unknown, any other file."""
        try:
            with _signals_held():
                for rel in sorted(written):
                    target = self.output / rel
                    if target.is_dir():  # the old site had a folder at this address
                        shutil.rmtree(target)
                    os.replace(target.with_name(target.name + self._suffix), target)
                self.committed = True
                if before is None:
                    _delete_all_but(self.output, site_files)
                else:
                    _delete(self.output, before - site_files)
        except OSError as exc:
            return cannot_write(self.output, exc)
        return None

    def discard(self) -> None:
        if not self.committed:
            _delete_all_but(self.output, None, self._suffix)


def _delete_all_but(output: Path, keep: set[str] | None, suffix: str = ".haven-new-") -> None:
    """Delete every file in `output` not in `keep` (None: only our temporary files), then
    the folders that leaves empty."""
    for folder, dirs, names in os.walk(output, topdown=False):
        rel_folder = os.path.relpath(folder, output)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        removed = 0
        for name in names:
            if (keep is not None and prefix + name not in keep) or suffix in name:
                os.unlink(os.path.join(folder, name))
                removed += 1
        if prefix and (removed or not names) and not os.listdir(folder):
            os.rmdir(folder)


def _delete(output: Path, gone: set[str]) -> None:
    """Delete these files, and the folders that leaves empty."""
    folders = set()
    for rel in gone:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(output / rel)
        folders.update(Path(rel).parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.parts:
            with contextlib.suppress(OSError):  # not empty: other files live there
                os.rmdir(output / folder)


@contextlib.contextmanager
def _signals_held():
    """Ctrl+C (or a stop from a process manager) waits until the block is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {sig: signal.signal(sig, lambda number, _frame: caught.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            signal.raise_signal(caught[0])


def cannot_write(output: Path, exc: OSError) -> Problem:
    return error(str(output), 0, f"could not be written ({exc.strerror or exc}); the previous output is unchanged. "
                                 "Check the free disk space and that you may write to this folder")


def _clean_leftovers(output: Path) -> None:
    """Remove what a build killed mid-write left beside the output; restore the output if it was mid-swap."""
    for path in sorted(output.parent.glob(f".{output.name}.*-*-*")):
        kind, _, rest = path.name[len(output.name) + 2:].partition("-")
        pid = rest.split("-", 1)[0]
        if kind not in ("new", "old") or not pid.isdigit() or _alive(int(pid)):
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
