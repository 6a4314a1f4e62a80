"""Problems found in a site: errors stop a build, warnings are only printed (and stop a --strict
build), notes say what the build did that an editor may not expect (a scheduled article left out)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the site, located as precisely as we can."""

    path: str
    line: int
    message: str
    warning: bool = False
    note: bool = False  # not a mistake: information, never fails a build, even with --strict

    def __str__(self) -> str:
        return self.shown()

    @property
    def kind(self) -> str:
        return "note" if self.note else "warning" if self.warning else "error"

    def shown(self, colour: bool = False) -> str:
        """`path:line: kind: message`; the kind in its colour for a terminal."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = f"{_COLOURS[self.kind]}{self.kind}:\x1b[0m" if colour else f"{self.kind}:"
        return f"{where}: {kind} {self.message}"


_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "note": "\x1b[1;36m"}  # bold red, yellow, cyan
_RANK = {"error": 0, "warning": 1, "note": 2}


def in_colour(stream) -> bool:
    """Colour for a terminal only, unless NO_COLOR is set (no-color.org) or the terminal is 'dumb'."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def in_order(problems) -> list[Problem]:
    """Each problem once: errors first, then warnings, then notes, each by file and line."""
    return sorted(set(problems), key=lambda p: (_RANK[p.kind], p))


def error(path: str, line: int | None, message: str) -> Problem:
    return Problem(path, line or 0, _one_line(message))


def warning(path: str, line: int | None, message: str) -> Problem:
    return Problem(path, line or 0, _one_line(message), warning=True)


def note(path: str, line: int | None, message: str) -> Problem:
    """Information, not a mistake (a scheduled article): printed, never counted against a build."""
    return Problem(path, line or 0, _one_line(message), warning=True, note=True)


def _one_line(message: str) -> str:
    """Each problem prints as one line, even when it quotes a value with line breaks."""
    return message.replace("\r", "\\r").replace("\n", "\\n")


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if not p.warning]


def mistakes(problems: list[Problem]) -> list[Problem]:
    """Errors and warnings: what --strict fails on (notes are not mistakes)."""
    return [p for p in problems if not p.note]


def summary(problems: list[Problem]) -> str:
    problems = mistakes(problems)
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    parts = []
    if n_err:
        parts.append(f"{n_err} error{'s' if n_err != 1 else ''}")
    if n_warn:
        parts.append(f"{n_warn} warning{'s' if n_warn != 1 else ''}")
    return ", ".join(parts) or "no problems"


def report(problems: list[Problem], strict: bool = False) -> bool:
    """Print problems to stderr, errors first, each kind by file and line, then a count; True if
    the build may go on.

    (The command line and serve's rebuilds are the only callers: the stages return problems.)"""
    colour = in_colour(sys.stderr)
    for problem in in_order(problems):
        print(problem.shown(colour), file=sys.stderr)
    failed = bool(errors(problems)) or (strict and bool(mistakes(problems)))
    if mistakes(problems):
        note = " (warnings count as errors with --strict)" if strict and not errors(problems) else ""
        print(f"{summary(problems)}{note}.", file=sys.stderr)
    return not failed


_NOTE = "while processing "


@contextmanager
def processing(path: str):
    """Name the file being worked on in any unexpected error, for the apology."""
    try:
        yield
    except Exception as exc:
        if processed_file(exc) is None:  # the innermost file is the most precise
            exc.add_note(_NOTE + path)
        raise


def processed_file(exc: BaseException) -> str | None:
    """The file named by `processing`, if any."""
    for note in getattr(exc, "__notes__", ()):
        if note.startswith(_NOTE):
            return note[len(_NOTE):]
    return None


def command_name() -> str:
    """How the command was started, for usage lines and hints: `haven` (installed) or `build.py`."""
    return "haven" if Path(sys.argv[0]).stem in ("haven", "__main__") else "build.py"


def typed_command() -> str:
    """The command as the editor types it again, for hints: `haven` where that finds this very
    command, else the path it was started by (`.venv/bin/haven`, in a virtual environment not
    activated); in a checkout the documented `.venv/bin/python build.py` (an installed haven has
    no build.py to run)."""
    if command_name() != "haven":
        return ".venv/bin/python build.py"
    started, found = sys.argv[0], shutil.which("haven")
    if Path(started).name != "haven" or (found and _same_file(found, started)):
        return "haven"
    return shlex.quote(started)


def _same_file(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False
