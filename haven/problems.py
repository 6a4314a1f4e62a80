"""Problems found in a site: errors stop a build, warnings are only printed (and stop a --strict
build), notes say what the build did that an editor may not expect (a scheduled article left out)."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the site, located as precisely as we can."""

    path: str
    line: int
    message: str
    warning: bool = False
    note: bool = False  # not a mistake: information, never fails a build, even with --strict

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        kind = "note: " if self.note else "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message}"


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
    """Print problems to stderr sorted by file and line, then a count; True if the build may go on.

    (The command line and serve's rebuilds are the only callers: the stages return problems.)"""
    for problem in sorted(set(problems)):
        print(problem, file=sys.stderr)
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
