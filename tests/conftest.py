"""Shared fixtures (the helpers they use are in tests/helpers.py), and the test markers.

Markers (registered in pyproject.toml), given here by the lists below: `browser` for tests
that drive Chromium (every test using a browser fixture), `slow` for tests that take seconds
each. Quick local run: `python -m pytest -m "not slow and not browser"`; CI runs everything.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

try:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import launch_browser, require_browser
    from helpers import write_site
except ImportError:  # tests/ imported as a package
    from tests.browser import launch_browser, require_browser  # type: ignore[no-redef]
    from tests.helpers import write_site  # type: ignore[no-redef]

BROWSER_FIXTURES = {"browser", "browser_findings"}  # fixtures that launch Chromium
# Tests that start Chromium themselves, without one of those fixtures.
BROWSER_TESTS = {
    "test_browser_support.py::test_chromium_opens_index_and_sees_h1",
    "test_quality.py::test_gates_catch_a_bad_page",
}
# Slow: modules and tests that took 3 s or more each (`--durations`, two busy cores). Tests of
# other modules that need it say @pytest.mark.slow themselves.
SLOW_MODULES = {
    "test_incremental.py",  # builds of 140 articles, many times over
    "test_quality.py",  # the Nu Html Checker and axe over every page of every site
    "test_serve.py",  # a real `serve` per test
}
SLOW_TESTS = {
    "test_errors.py::test_ctrl_c_during_a_real_build_never_damages_the_output",
    "test_properties.py::test_the_whole_check_never_raises",
    "test_properties.py::test_random_front_matter_keys_and_values_are_accepted_or_reported",
    "test_properties.py::test_random_front_matter_text_is_accepted_or_reported",
    "test_properties.py::test_any_title_in_quotes_is_accepted_as_written",
    "test_properties.py::test_random_bytes_are_accepted_or_reported",
}


# Files that run long for their few tests, longest first, handed out before the rest. pytest-xdist
# gives each worker whole files (--dist loadfile) in the order collected (--no-loadscope-reorder,
# in pyproject.toml); its own order, the files with most tests first, left the differential test
# (one test, many builds) to the end, where it ran alone for ten minutes and more while the other
# core sat idle. CI's times per file (--junitxml): differential 537 s, quality 532 s (axe over
# every page), visitors_layout 483 s (every page at every width); the next, guards, 362 s.
LONG_FIRST = ("test_differential.py", "test_quality.py", "test_visitors_layout.py")


def pytest_collection_modifyitems(items):
    for item in items:
        name = f"{item.path.name}::{getattr(item, 'originalname', item.name)}"
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())) or name in BROWSER_TESTS:
            item.add_marker(pytest.mark.browser)
        if item.path.name in SLOW_MODULES or name in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
    # LONG_FIRST, then the files with most tests, as xdist would (each file's tests kept in order)
    count = Counter(item.path for item in items)
    rank = {name: at for at, name in enumerate(LONG_FIRST)}
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)), -count[item.path], str(item.path)))


@pytest.fixture(autouse=True, scope="session")
def _document_cache(tmp_path_factory):
    """Builds in tests keep their document cache in the session's temporary folder.

    Under pytest-xdist each worker is a session of its own, with a folder of its own."""
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


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (skipped with the reason locally without one; CI fails)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_browser(pw)
        yield chromium
        chromium.close()
