"""A cached, parallel build is byte-identical to a cold, single-process build.

The document cache (haven/cache.py) and the workers (haven/parallel.py) may only ever
change how fast a build is. Each test builds a site, changes it the way an editor would,
rebuilds with the warm cache on all cores, and compares every byte with a cold build in
one process of the changed site.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, write_site

ARTICLES = 140  # enough for the workers to start (haven.parallel.MIN_ITEMS per worker)
TAGS = ["sleep", "stress", "therapy", "family", "work"]


def _article(i: int) -> str:
    tags = ", ".join(TAGS[j % len(TAGS)] for j in (i, i + 2))
    return (
        f"---\ntitle: Article number {i}\ndate: 2025-{1 + i % 12:02d}-{1 + i % 27:02d}\n"
        f"summary: Summary {i}.\ncategory: {'Tips' if i % 2 else 'News'}\ntags: [{tags}]\n---\n"
        f"Paragraph of article {i}, with \"quotes\" -- and a link to [the first](/blog/article-0/).\n\n"
        f"## Part one\n\nText {i}.\n\n## Part two\n\n- a\n- b\n\n## Part three\n\n| a | b |\n|---|--:|\n| {i} | x |\n"
    )


@pytest.fixture
def site(tmp_path) -> Path:
    files = {f"content/articles/article-{i}.md": _article(i) for i in range(ARTICLES)}
    return write_site(tmp_path / "site", files)


def _build(source: Path, output: Path, cache: Path, jobs: str) -> dict[str, bytes]:
    env = {**os.environ, "HAVEN_CACHE": str(cache), "HAVEN_JOBS": jobs}
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "build", "--source", str(source), "--output", str(output),
         "--today", TODAY.isoformat()],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _assert_same_as_cold(site: Path, tmp_path: Path, change) -> None:
    cache = tmp_path / "cache"
    _build(site, tmp_path / "first", cache, "2")  # fills the cache
    change(site)
    warm = _build(site, tmp_path / "warm", cache, "2")
    cold = _build(site, tmp_path / "cold", tmp_path / "empty-cache", "1")
    assert sorted(warm) == sorted(cold)
    different = [name for name in cold if warm[name] != cold[name]]
    assert different == [], f"cached build differs from a cold one in {different[:5]}"


def test_nothing_changed(site, tmp_path):
    _assert_same_as_cold(site, tmp_path, lambda s: None)


def test_an_article_edited(site, tmp_path):
    def edit(s):
        path = s / "content/articles/article-7.md"
        path.write_text(path.read_text() + "\nA sentence added later.\n")
    _assert_same_as_cold(site, tmp_path, edit)


def test_an_article_added_and_one_deleted(site, tmp_path):
    def change(s):
        (s / "content/articles/article-3.md").unlink()
        (s / "content/articles/brand-new.md").write_text(_article(999).replace("Article number 999", "Brand new"))
    _assert_same_as_cold(site, tmp_path, change)


def test_a_tag_renamed_everywhere(site, tmp_path):
    def rename(s):
        for path in (s / "content/articles").glob("*.md"):
            path.write_text(path.read_text().replace("stress", "pressure"))
    _assert_same_as_cold(site, tmp_path, rename)


def test_a_template_overridden(site, tmp_path):
    def override(s):
        (s / "templates").mkdir()
        (s / "templates/article.html").write_text(
            (ROOT / "templates/article.html").read_text().replace("min read", "minutes to read"))
    _assert_same_as_cold(site, tmp_path, override)


def test_the_config_changed(site, tmp_path):
    def change(s):
        config = s / "site_config.yaml"
        config.write_text(config.read_text().replace('friday: "09:00-15:00"', 'friday: "10:00-14:00"')
                          .replace("https://counseling.test/", "https://counseling.test/sub/"))
        assert "10:00-14:00" in config.read_text()
    _assert_same_as_cold(site, tmp_path, change)


def test_an_entry_is_keyed_by_path_bytes_base_path_and_generator_version(monkeypatch):
    from haven import cache

    entry = cache.key("content/articles/a.md", b"same bytes", "/")
    assert entry == cache.key("content/articles/a.md", b"same bytes", "/")
    assert entry != cache.key("content/articles/a.md", b"other bytes", "/")
    assert entry != cache.key("content/articles/a.md", b"same bytes", "/sub/")
    assert entry != cache.key("content/articles/b.md", b"same bytes", "/")
    monkeypatch.setattr(cache, "generator_digest", lambda: "a newer generator")
    assert entry != cache.key("content/articles/a.md", b"same bytes", "/")


def test_a_damaged_cache_entry_is_a_miss(site, tmp_path):
    cache_dir = tmp_path / "cache"
    first = _build(site, tmp_path / "first", cache_dir, "1")
    for entry in next(cache_dir.iterdir()).iterdir():
        entry.write_bytes(b"not a pickle")
    assert _build(site, tmp_path / "again", cache_dir, "1") == first
