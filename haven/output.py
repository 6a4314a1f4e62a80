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


def write_site(output: Path, files: dict[str, bytes], copies: dict[str, Path]) -> None:
    """Replace `output` with exactly `files` (bytes) and `copies` (files to copy)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-", dir=output.parent))
    old = None
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for rel, path in copies.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        os.chmod(staging, 0o755)
        if output.exists():
            old = output.with_name(f".{output.name}.old-{staging.name.rsplit('-', 1)[-1]}")
            output.rename(old)
        try:
            staging.rename(output)
        except OSError:
            if old is not None:
                old.rename(output)  # put the previous site back
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
