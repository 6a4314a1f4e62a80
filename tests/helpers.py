"""Shared helpers for the tests: paths, a pinned day, tiny site folders, and running the CLI.

Test modules import these (`from helpers import ...`, or `from tests.helpers import ...` when
`tests` is imported as a package); tests/conftest.py holds the fixtures only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from haven.templates import THEME_DIR

ROOT = Path(__file__).resolve().parent.parent
THEME = THEME_DIR  # the default theme shipped in the package: haven/theme/
TODAY = dt.date(2026, 11, 26)  # builds in tests pin "today" so scheduled posts and closures are stable

# The parts of MINIMAL_CONFIG that tests replace (config.replace(MINIMAL_LOCATIONS, ...)).
MINIMAL_HOURS = """\
hours:
  monday: "09:00-17:00"
  tuesday: "09:00-17:00"
  wednesday: ["09:00-12:00", "13:00-19:00"]
  thursday: "09:00-17:00"
  friday: "09:00-15:00"
  saturday: closed
  sunday: closed
"""
MINIMAL_CLOSURES = """\
closures:
  - date: 2026-12-25
    label: Christmas Day
"""
MINIMAL_LOCATIONS = """\
locations:
  - id: downtown
    name: Downtown
    street: 1 Main St
    city: Springfield
    region: IL
    postal_code: "62701"
"""

MINIMAL_CONFIG = """\
site:
  title: Quiet Harbor Counseling
  base_url: https://counseling.test/
  language: en
  description: Counseling for adults in Springfield.
  copyright_start: 2020
clinic:
  timezone: America/Chicago
  phone: "+1 217-555-2000"
  email: hello@counseling.test
""" + MINIMAL_HOURS + MINIMAL_CLOSURES + MINIMAL_LOCATIONS + """\
crisis:
  text: In crisis? Call or text 988. In an emergency, call 911.
  phone: "988"
"""
# MINIMAL_CONFIG with a further language: Spanish, served under /es/.
SPANISH_CONFIG = MINIMAL_CONFIG.replace("  copyright_start: 2020\n",
                                        "  copyright_start: 2020\n  languages:\n    - {code: es, name: Español}\n")

MINIMAL_ARTICLE = """\
---
title: Hello
date: 2026-01-05
---
A first article.
"""


def write_site(root: Path, files: dict[str, str]) -> Path:
    """Write a site folder: {relative path: text}; a config is added unless given."""
    files = {"site_config.yaml": MINIMAL_CONFIG, **files}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
    return root


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as an editor would; returns code, stdout, stderr."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd or ROOT, capture_output=True, text=True, timeout=120,
    )


def build_site(source: Path, *args: str, today: dt.date = TODAY) -> subprocess.CompletedProcess:
    """Build `source` into source/output with a pinned date."""
    return run_cli("build", "--source", str(source), "--today", today.isoformat(), *args)


def build_in_process(source: Path, *args: str) -> tuple[int, str]:
    """Build `source` with the command line in this process, in one process (HAVEN_JOBS=1), on
    TODAY: (exit code, everything it printed)."""
    from haven.cli import main

    printed = io.StringIO()
    with environment(HAVEN_JOBS="1"), contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        code = main(["build", "--source", str(source), "--today", TODAY.isoformat(), *args])
    return code, printed.getvalue()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set environment variables (HAVEN_CACHE, HAVEN_JOBS …) for an in-process build, then put them back."""
    old = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


_REVIEW = re.compile(r"^needs_review:[ \t]*(true|yes|on)[ \t]*(#.*)?$", re.M | re.I)


def awaiting_review(source: Path) -> set[str]:
    """The translated files of a site that say `needs_review: true` (site-relative paths), read
    from the files themselves: translations/<code>.yaml, and content/**/<name>.<code>.md or .yaml
    for each further language of site_config.yaml (in a document, in its front matter)."""
    import yaml

    site = yaml.safe_load((source / "site_config.yaml").read_text("utf-8"))["site"]
    codes = {str(spec["code"]).lower() for spec in site.get("languages") or []}
    found = set()
    for path in sorted([*source.glob("translations/*.yaml"), *source.glob("content/**/*")]):
        parts = path.name.split(".")
        translated = (path.parent.name == "translations" and path.stem.lower() in codes) or (
            path.parent.name != "translations" and len(parts) >= 3 and parts[-2].lower() in codes)
        if not translated or not path.is_file() or path.suffix not in (".md", ".yaml", ".yml"):
            continue
        text = path.read_text("utf-8-sig")
        if path.suffix == ".md":
            text = text.split("\n---", 1)[0] if text.startswith("---") else ""
        if _REVIEW.search(text):
            found.add(path.relative_to(source).as_posix())
    return found


_PROBLEM = re.compile(r"^(\S+?)(?::\d+)?: (?:(error|warning|note): )?")


def review_notes_and_mistakes(stderr_lines: list[str]) -> tuple[set[str], list[str]]:
    """From a build's or check's messages: the files with a note that they await review, and
    every line that is not a warning or a note (an error, or a count of errors)."""
    notes, mistakes = set(), []
    for line in stderr_lines:
        found = _PROBLEM.match(line)
        if found and found.group(2) == "note" and "awaits review by a qualified translator" in line:
            notes.add(found.group(1))
        elif (found and found.group(2) not in ("warning", "note")) or re.search(r"\b\d+ errors?\b", line):
            mistakes.append(line)
    return notes, mistakes
