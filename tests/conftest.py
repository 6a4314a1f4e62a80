"""Shared fixtures (the helpers they use are in tests/helpers.py), and the test markers.

Markers (registered in pyproject.toml): `browser` for tests that drive Chromium, given here to
every test that uses a browser fixture; `slow` for tests that take seconds each. Quick local
run: `python -m pytest -m "not slow and not browser"`; CI runs everything.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The names test modules once imported from here are still importable from here (for test modules
# written before tests/helpers.py); new ones import them from helpers.
try:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, ROOT, TODAY, build_site, run_cli, write_site  # noqa: F401
except ImportError:  # tests/ imported as a package
    from tests.helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, ROOT, TODAY, build_site, run_cli, write_site  # type: ignore[no-redef]  # noqa: F401

BROWSER_FIXTURES = {"browser", "browser_findings"}  # fixtures that launch Chromium


def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


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
