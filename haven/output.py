"""Writing the output folder: all or nothing.

The new site is written into a temporary folder beside the output, then
swapped in with two renames; until then the previous output is untouched,
and no temporary folder survives a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
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
    output = output.resolve()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        _clean_leftovers(output)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-{os.getpid()}-", dir=output.parent))
    except OSError as exc:
        return _cannot_write(output, exc)
    old, swapped = None, False
    try:
        for rel, data in files.items():
            _inside(staging, rel).write_bytes(data)
        for rel, path in copies.items():
            shutil.copyfile(path, _inside(staging, rel))
        os.chmod(staging, 0o755)
        if output.exists():
            old = output.with_name(f".{output.name}.old-{staging.name.split('.new-', 1)[1]}")
            output.rename(old)
        staging.rename(output)
        swapped = True
    except OSError as exc:
        return _cannot_write(output, exc)
    finally:  # also on Ctrl+C: put the previous site back, leave no temporary folder
        if not swapped:
            if old is not None and not output.exists():
                old.rename(output)
            shutil.rmtree(staging, ignore_errors=True)
        elif old is not None:
            shutil.rmtree(old, ignore_errors=True)
    return None


def _inside(staging: Path, rel: str) -> Path:
    """The file's path in the staging folder, refusing any that would land outside it."""
    target = (staging / rel).resolve()
    if staging.resolve() not in target.parents:
        raise ValueError(f"refusing to write {rel!r} outside the output folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _cannot_write(output: Path, exc: OSError) -> Problem:
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
