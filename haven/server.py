"""`serve`: build into a temporary folder, serve it on 127.0.0.1, rebuild on change.

A failed rebuild prints its problems and keeps serving the last good site
(the writer never replaces it with a broken one).
"""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from .pipeline import build
from .site import THEME_DIR

WATCHED = ("site_config.yaml", "content", "templates", "static")
_NEVER_READ = (".venv", "venv", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "output")


def _is_input(source: Path, path: str) -> bool:
    """True for the files a build reads: the config and anything under content/, templates/, static/."""
    try:
        first = Path(path).resolve().relative_to(source.resolve()).parts[0]
    except (ValueError, IndexError):
        return False
    return first in WATCHED


def _interrupt(*_signal) -> None:
    raise KeyboardInterrupt


def serve(source: Path, port: int, drafts: bool = True, today=None) -> int:
    from livereload import Server

    from .cli import report

    base_url = f"http://127.0.0.1:{port}/"
    root = Path(tempfile.mkdtemp(prefix="haven-preview-"))
    output = root / "site"

    def rebuild(*_changed) -> bool:
        started = time.perf_counter()
        result = build(source, output, drafts=drafts, today=today, base_url=base_url)
        ok = report(result.problems)
        if ok:
            print(f"Rebuilt {result.pages} pages in {time.perf_counter() - started:.2f} s.", flush=True)
        else:
            print("Still showing the last good version; fix the problems above and save again.", flush=True)
        return ok

    if not rebuild():
        print("The site has errors, so there is nothing to preview yet.", file=sys.stderr)
        shutil.rmtree(root, ignore_errors=True)
        return 1
    server = Server()
    # Watch the whole site folder, so a templates/ or static/ folder created while
    # serving is noticed too; only the files a build reads trigger a rebuild.
    server.watcher.ignore_dirs(*_NEVER_READ)
    server.watch(str(source), rebuild, delay=0.2, ignore=lambda path: not _is_input(source, path))
    if THEME_DIR.is_dir() and THEME_DIR.resolve() != (source / "templates").resolve():
        server.watch(str(THEME_DIR), rebuild, delay=0.2)
    print(f"Previewing {'with drafts ' if drafts else ''}at {base_url} (Ctrl+C to stop).", flush=True)
    # Stopped by a process manager (SIGTERM): clean up as for Ctrl+C.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve(root=str(output), host="127.0.0.1", port=port, open_url_delay=None, restart_delay=0)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0
