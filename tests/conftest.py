"""Shared fixtures: tiny site folders written on the fly, and running the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 26)  # builds in tests pin "today" so scheduled posts and closures are stable

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
hours:
  monday: "09:00-17:00"
  tuesday: "09:00-17:00"
  wednesday: ["09:00-12:00", "13:00-19:00"]
  thursday: "09:00-17:00"
  friday: "09:00-15:00"
  saturday: closed
  sunday: closed
closures:
  - date: 2026-12-25
    label: Christmas Day
locations:
  - id: downtown
    name: Downtown
    street: 1 Main St
    city: Springfield
    region: IL
    postal_code: "62701"
crisis:
  text: In crisis? Call or text 988. In an emergency, call 911.
  phone: "988"
"""

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


@pytest.fixture(autouse=True, scope="session")
def _document_cache(tmp_path_factory):
    """Builds in tests keep their document cache in the session's temporary folder."""
    import os

    previous = os.environ.get("HAVEN_CACHE")
    os.environ["HAVEN_CACHE"] = str(tmp_path_factory.mktemp("haven-cache"))
    yield
    if previous is None:
        os.environ.pop("HAVEN_CACHE", None)
    else:
        os.environ["HAVEN_CACHE"] = previous


@pytest.fixture
def make_site(tmp_path):
    """make_site({"content/articles/a.md": "..."}) -> path of a site folder."""
    counter = iter(range(1000))

    def make(files: dict[str, str] | None = None) -> Path:
        return write_site(tmp_path / f"site{next(counter)}", files or {})

    return make


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` as an editor would; returns code, stdout, stderr."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd or ROOT, capture_output=True, text=True, timeout=120,
    )


def build_site(source: Path, *args: str, today: dt.date = TODAY) -> subprocess.CompletedProcess:
    """Build `source` into source/output with a pinned date."""
    return run_cli("build", "--source", str(source), "--today", today.isoformat(), *args)
