"""A cached, incremental, parallel build is byte-identical to a cold, single-process build.

The document cache (haven/cache.py), the record of the last build that lets unchanged pages
be carried over (haven/manifest.py) and the workers (haven/parallel.py) may only ever change
how fast a build is. Each test builds a site, changes it the way an editor would, rebuilds
into the same output folder with the warm cache on all cores, and compares every byte with
a cold build in one process of the changed site.

The builds run the command line in this process: a build depends on nothing an earlier one
left in the process (haven/state.py; tests/test_state.py checks it), so no subprocess is
needed to get a clean one.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from pathlib import Path

import pytest

from helpers import THEME, TODAY, environment, write_site

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


def _build(source: Path, output: Path, cache: Path, jobs: str, today: str = TODAY.isoformat()) -> dict[str, bytes]:
    """`build.py build` with this cache folder and number of processes, run in this process."""
    from haven.cli import main

    printed = io.StringIO()
    with environment(HAVEN_CACHE=str(cache), HAVEN_JOBS=jobs), contextlib.redirect_stderr(printed), \
            contextlib.redirect_stdout(printed):
        code = main(["build", "--source", str(source), "--output", str(output), "--today", today, "--debug"])
    assert code == 0, printed.getvalue()
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _inodes(output: Path) -> dict[str, int]:
    return {p.relative_to(output).as_posix(): p.stat().st_ino for p in output.rglob("*.html")}


def _assert_same_as_cold(site: Path, tmp_path: Path, change, *, today: str = TODAY.isoformat()) -> dict[str, int]:
    """Returns, per page, whether the rebuild left its file as it was (1) or wrote it anew (0)."""
    cache = tmp_path / "cache"
    _build(site, tmp_path / "out", cache, "2")  # fills the cache and the record of pages
    before = _inodes(tmp_path / "out")
    change(site)
    warm = _build(site, tmp_path / "out", cache, "2", today)
    cold = _build(site, tmp_path / "cold", tmp_path / "empty-cache", "1", today)
    assert sorted(warm) == sorted(cold)
    different = [name for name in cold if warm[name] != cold[name]]
    assert different == [], f"incremental build differs from a cold one in {different[:5]}"
    after = _inodes(tmp_path / "out")
    return {name: int(before.get(name) == ino) for name, ino in after.items()}


def test_a_first_parallel_build_is_the_single_process_one(site, tmp_path):
    """From an empty cache the workers read every file themselves, and the first page of each
    template is made before they start: the pages still come out as one process makes them."""
    parallel = _build(site, tmp_path / "parallel", tmp_path / "cache-2", "2")
    single = _build(site, tmp_path / "single", tmp_path / "cache-1", "1")
    assert sorted(parallel) == sorted(single)
    assert [name for name in single if parallel[name] != single[name]] == []
    again = _build(site, tmp_path / "again", tmp_path / "cache-2", "2")  # (the cache the first one filled)
    assert again == single


def test_nothing_changed_carries_every_page_over(site, tmp_path):
    kept = _assert_same_as_cold(site, tmp_path, lambda s: None)
    assert set(kept.values()) == {1}


def test_an_article_edited_writes_only_the_pages_that_show_it(site, tmp_path):
    def edit(s):
        path = s / "content/articles/article-7.md"
        path.write_text(path.read_text() + "\nA sentence added later.\n")
    kept = _assert_same_as_cold(site, tmp_path, edit)
    assert kept["blog/article-7/index.html"] == 0
    assert kept["blog/article-100/index.html"] == 1  # shares no neighbour, listing or tag page
    assert 0 < sum(1 for k in kept.values() if k == 0) < len(kept) / 4


def test_a_title_changed_shows_on_neighbours_listings_and_tag_pages(site, tmp_path):
    def retitle(s):
        path = s / "content/articles/article-7.md"
        path.write_text(path.read_text().replace("title: Article number 7", "title: A new title for seven"))
    _assert_same_as_cold(site, tmp_path, retitle)


def test_a_summary_changed_and_changed_back_shows_on_every_listing_each_time(site, tmp_path):
    """The record keeps a digest of what pages show of each listed article (title, summary...),
    by the article's digest; each command after an edit of it, even one back to an earlier text,
    shows it on every listing, and an edit of the body alone leaves the listings as they were."""
    path = site / "content/articles/article-7.md"
    original = path.read_text()
    edits = [original.replace("Summary 7.", "A new summary."), original, original + "\nA sentence added.\n",
             original.replace("Summary 7.", "A new summary.")]
    _build(site, tmp_path / "out", tmp_path / "cache", "2")
    for number, text in enumerate(edits):
        before = _inodes(tmp_path / "out")
        path.write_text(text)
        warm = _build(site, tmp_path / "out", tmp_path / "cache", "2")
        assert warm == _build(site, tmp_path / f"cold-{number}", tmp_path / f"empty-{number}", "1")
        rewritten = {name for name, ino in _inodes(tmp_path / "out").items() if before.get(name) != ino}
        listings = {name for name in rewritten if name != "blog/article-7/index.html"}
        assert bool(listings) == (number != 2), sorted(listings)[:5]


def test_a_heading_renamed_shows_in_the_table_of_contents(site, tmp_path):
    # (a page key stands for the table of contents by its article's digest, not heading by heading)
    def rename(s):
        path = s / "content/articles/article-7.md"
        path.write_text(path.read_text().replace("## Part two", "## The second part"))
    kept = _assert_same_as_cold(site, tmp_path, rename)
    assert kept["blog/article-7/index.html"] == 0
    assert "The second part</a>" in (tmp_path / "out/blog/article-7/index.html").read_text()


def test_an_article_moved_in_time_and_one_turned_draft(site, tmp_path):
    def change(s):
        path = s / "content/articles/article-7.md"
        path.write_text(path.read_text().replace("date: 2025-08-08", "date: 2024-01-01"))
        path = s / "content/articles/article-9.md"
        path.write_text(path.read_text().replace("---\ntitle:", "---\ndraft: true\ntitle:"))
    _assert_same_as_cold(site, tmp_path, change)


def test_the_next_day_renders_everything_and_rewrites_only_what_changed(site, tmp_path):
    """A new day carries no page over (dates decide what is published and shown), but a page
    rendered to the very bytes it had is left as it was, its time too (rsync sees no change)."""
    _build(site, tmp_path / "out", tmp_path / "cache", "2")
    before = {p.relative_to(tmp_path / "out").as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
              for p in (tmp_path / "out").rglob("*") if p.is_file()}
    kept = _assert_same_as_cold(site, tmp_path, lambda s: None, today="2026-11-27")
    after = _build(site, tmp_path / "out", tmp_path / "cache", "2", "2026-11-27")  # (nothing changes now)
    for name, data in after.items():
        if not name.endswith(".html"):
            continue
        same = name in before and before[name][0] == data
        assert kept[name] == same, name
        if same:
            assert (tmp_path / "out" / name).stat().st_mtime_ns == before[name][1], name
    assert sum(kept.values()) > 0.9 * len(kept)  # few pages show the date


def test_a_built_folder_without_cache_or_record_gets_only_the_files_that_differ(site, tmp_path):
    """With the cache deleted everything is converted and rendered again, but files that already
    hold the right bytes are not written again; one changed by hand is put right."""
    out = tmp_path / "out"
    first = _build(site, out, tmp_path / "cache", "2")
    before = _inodes(out)
    (out / "blog/article-3/index.html").write_text("changed by hand")
    again = _build(site, out, tmp_path / "another-cache", "2")
    assert again == first
    after = _inodes(out)
    assert [name for name in after if after[name] != before[name]] == ["blog/article-3/index.html"]


def test_a_theme_that_lists_every_article_on_every_page(site, tmp_path):
    def override(s):
        (s / "templates").mkdir()
        (s / "templates/base.html").write_text((THEME / "base.html").read_text().replace(
            "</main>", "</main><nav aria-label=\"All articles\">{% for a in site.articles %}{{ a.title }} {% endfor %}</nav>"))
    _assert_same_as_cold(site, tmp_path, override)

    def retitle(s):
        path = s / "content/articles/article-100.md"
        path.write_text(path.read_text().replace("title: Article number 100", "title: Renamed"))
    kept = _assert_same_as_cold(site, tmp_path / "again", retitle)
    assert set(kept.values()) == {0}


def test_a_page_changed_by_hand_in_the_output_is_written_again(site, tmp_path):
    cache = tmp_path / "cache"
    first = _build(site, tmp_path / "out", cache, "1")
    (tmp_path / "out/blog/article-5/index.html").write_text("tampered")
    assert _build(site, tmp_path / "out", cache, "1") == first


def test_another_file_changed_by_hand_is_written_again_though_its_size_and_time_are_the_same(site, tmp_path):
    """A file besides the pages (a search document, the feed) that a build found holding its
    bytes, long enough after they were written, is not read again by the next build while its
    size, times and inode stay the same (output.PROOF_AGE); changed by hand, to the same size and
    with its time set back, its change time still shows it."""
    cache = tmp_path / "cache"
    first = _build(site, tmp_path / "out", cache, "1")
    time.sleep(2.1)  # (older than output.PROOF_AGE now: this build keeps each file's proof)
    assert _build(site, tmp_path / "out", cache, "1") == first
    document = tmp_path / "out/search/index/d/0.json"
    before = document.stat()
    document.write_bytes(document.read_bytes().replace(b"Article", b"Artxcle"))
    assert document.stat().st_size == before.st_size
    os.utime(document, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _build(site, tmp_path / "out", cache, "1") == first


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


def test_related_articles_follow_tags_changed_and_changed_back(site, tmp_path):
    """Each command finds the related articles chosen by an earlier one for the same articles,
    dates and tags (render._stored_choice); a choice stored for other tags is not taken."""
    path = site / "content/articles/article-3.md"
    original = path.read_text()
    assert "tags: [family, sleep]" in original
    _assert_same_as_cold(site, tmp_path, lambda s: path.write_text(original.replace("[family, sleep]", "[work, stress]")))
    # (both choices are stored now: going back finds the first)
    _assert_same_as_cold(site, tmp_path, lambda s: path.write_text(original))


def test_a_stored_choice_of_related_articles_naming_unknown_articles_is_not_taken(site, tmp_path):
    from haven import cache

    def forge(s):
        for stored in (tmp_path / "cache").rglob("keep-related"):
            choices = cache.read_data(stored)
            assert choices, "the first build stored its choice"
            cache.write_data(stored, {digest: dict.fromkeys(choice, ("no-such-article",))
                                      for digest, choice in choices.items()})
        (s / "content/articles/article-5.md").write_text(_article(5) + "\nOne more sentence.\n")
    _assert_same_as_cold(site, tmp_path, forge)


def test_a_template_overridden(site, tmp_path):
    def override(s):
        (s / "templates").mkdir()
        (s / "templates/article.html").write_text(
            (THEME / "article.html").read_text().replace("min read", "minutes to read"))
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


def test_a_damaged_cache_is_a_miss(site, tmp_path):
    cache_dir = tmp_path / "cache"
    first = _build(site, tmp_path / "first", cache_dir, "1")
    damaged = set()
    for entry in next(cache_dir.iterdir()).rglob("*"):  # documents, the record of pages
        if entry.is_file():
            entry.write_bytes(b"not a pickle")
            damaged.add(entry.name.split("-")[0])
    assert damaged >= {"docs", "keep"}
    assert _build(site, tmp_path / "first", cache_dir, "1") == first


def _cached_entries(cache_dir: Path) -> dict[str, bytes]:
    entries = {}
    from haven import cache

    for shard in next(cache_dir.iterdir()).glob("docs-*"):
        entries.update(cache.read_data(shard))
    return entries


def test_the_cache_keeps_one_entry_per_file_and_rewrites_only_what_changed(site, tmp_path):
    """Entries live in 16 shard files (a file per document made a first build slow); an edit rewrites
    the shards of the new and the old entry only, and the old entry is gone."""
    cache_dir = tmp_path / "cache"
    _build(site, tmp_path / "out", cache_dir, "2")
    before = _cached_entries(cache_dir)
    assert len(before) == ARTICLES
    stats = {p.name: p.stat().st_mtime_ns for p in next(cache_dir.iterdir()).glob("docs-*")}
    path = site / "content/articles/article-3.md"
    for n in range(3):
        path.write_text(path.read_text() + f"\nEdit {n}.\n")
        _build(site, tmp_path / "out", cache_dir, "2")
    after = _cached_entries(cache_dir)
    assert len(after) == ARTICLES and len(set(after) - set(before)) == 1
    rewritten = [name for name, ns in stats.items() if (next(cache_dir.iterdir()) / name).stat().st_mtime_ns != ns]
    assert 1 <= len(rewritten) <= 6, rewritten  # at most two shards an edit


def test_entries_of_an_older_version_are_removed(site, tmp_path):
    cache_dir = tmp_path / "cache"
    _build(site, tmp_path / "out", cache_dir, "1")
    folder = next(cache_dir.iterdir())
    old = folder / ("ab" * 32)  # an older version kept an entry per file, named by its key
    old.write_bytes(b"old")
    (site / "content/articles/article-3.md").write_text(_article(3) + "\nEdited.\n")
    _build(site, tmp_path / "out", cache_dir, "1")
    assert not old.exists()


def test_one_process_building_again_and_again_as_serve_does(site, tmp_path, monkeypatch):
    """serve keeps what it loaded in memory between rebuilds; every rebuild still equals a cold build."""
    from haven.pipeline import build

    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build(site, out, today=TODAY).ok
    path = site / "content/articles/article-7.md"
    config = site / "site_config.yaml"

    def add_sentence(number):
        path.write_text(path.read_text() + f"\nSentence {number} added later.\n")
        (site / f"content/articles/new-{number}.md").write_text(_article(500 + number))

    def retitle_a_neighbour(number):
        neighbour = site / "content/articles/article-8.md"
        neighbour.write_text(neighbour.read_text().replace("title: Article number 8", f"title: Eight, take {number}"))

    def change_the_config(number):
        config.write_text(config.read_text().replace("https://counseling.test/", "https://counseling.test/sub/"))

    for number, change in enumerate([add_sentence, add_sentence, retitle_a_neighbour, change_the_config]):
        change(number)
        assert build(site, out, today=TODAY).ok
        files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        assert files == _build(site, tmp_path / f"cold-{number}", tmp_path / f"empty-{number}", "1")


def test_a_page_carried_over_still_has_its_links_checked(site, tmp_path, monkeypatch):
    """Article 1 is unchanged, so it is carried over; its links must still resolve after others change."""
    from haven.pipeline import build

    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    linking = site / "content/articles/article-1.md"
    linking.write_text(linking.read_text() + "\nSee [part two](/blog/article-2/#part-two) and [four](/blog/article-4/).\n")
    out = tmp_path / "out"
    assert build(site, out, today=TODAY).ok

    target = site / "content/articles/article-2.md"
    target.write_text(target.read_text().replace("## Part two", "## Second part"))
    result = build(site, out, today=TODAY)
    assert [str(p) for p in result.problems if not p.warning] == [
        "content/articles/article-1.md:25: error: links to /blog/article-2/#part-two, but that page has no heading or "
        "anchor '#part-two'; did you mean #part-one?"]

    target.write_text(target.read_text().replace("## Second part", "## Part two"))
    (site / "content/articles/article-4.md").unlink()
    result = build(site, out, today=TODAY)
    assert [p.message for p in result.problems if not p.warning] == [
        "links to /blog/article-4/, which does not exist on the site; correct the address (pages are at "
        "/page-name/, articles at /blog/article-name/, files from static/ at /file-name)"]


@pytest.mark.parametrize("preview", [False, True])
def test_a_carried_over_page_s_links_are_checked_while_other_files_come_and_go(site, tmp_path, monkeypatch, preview):
    """Article 1 is carried over while an article is added and another one, which it links to,
    changes or goes: its links to that one are checked again (the others still resolve)."""
    from haven.pipeline import build
    from haven.state import BuildState

    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    state = BuildState()
    linking = site / "content/articles/article-1.md"
    linking.write_text(linking.read_text() + "\nSee [part two](/blog/article-2/#part-two) and [four](/blog/article-4/).\n")
    out = tmp_path / "out"
    assert build(site, out, today=TODAY, preview=preview, state=state).ok

    target = site / "content/articles/article-2.md"
    target.write_text(target.read_text().replace("## Part two", "## Second part"))
    (site / "content/articles/new-one.md").write_text(_article(500))
    result = build(site, out, today=TODAY, preview=preview, state=state)
    assert [str(p) for p in result.problems if not p.warning] == [
        "content/articles/article-1.md:25: error: links to /blog/article-2/#part-two, but that page has no heading or "
        "anchor '#part-two'; did you mean #part-one?"]

    target.write_text(target.read_text().replace("## Second part", "## Part two"))
    assert build(site, out, today=TODAY, preview=preview, state=state).ok
    (site / "content/articles/article-4.md").unlink()
    (site / "content/articles/new-two.md").write_text(_article(501))
    result = build(site, out, today=TODAY, preview=preview, state=state)
    assert [p.message for p in result.problems if not p.warning] == [
        "links to /blog/article-4/, which does not exist on the site; correct the address (pages are at "
        "/page-name/, articles at /blog/article-name/, files from static/ at /file-name)"]


def test_a_big_site_keeps_its_html_compressed_and_builds_the_same(site, tmp_path, monkeypatch):
    """Above content.PACK_ABOVE articles each document's HTML is held compressed (memory matters
    more than the time that takes); the pages do not change, and the cache keeps the two apart."""
    from haven import content
    from haven.pipeline import build
    from haven.site import load_site

    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    assert build(site, tmp_path / "plain", today=TODAY).ok
    monkeypatch.setattr(content, "PACK_ABOVE", ARTICLES - 1)
    loaded, _ = load_site(site, TODAY, False, None)
    assert all(article.html_compressed for article in loaded.articles)
    assert build(site, tmp_path / "packed", today=TODAY).ok
    assert _tree(tmp_path / "packed") == _tree(tmp_path / "plain")
    monkeypatch.setattr(content, "PACK_ABOVE", ARTICLES)
    loaded, _ = load_site(site, TODAY, False, None)
    assert not any(article.html_compressed for article in loaded.articles)
    assert all(article.html == article.html_data.decode("utf-8") for article in loaded.articles)


def test_the_page_checks_forget_clean_tags_and_find_the_same(site, tmp_path, monkeypatch):
    """The page checks remember tags found clean only up to checks.CLEAN_HELD (a big site's own
    links would fill each process's memory); forgetting them changes no page and no problem."""
    from haven import checks
    from haven.pipeline import build

    assert build(site, tmp_path / "kept", today=TODAY).ok
    article = site / "content/articles/article-3.md"
    article.write_text(article.read_text() + "\n\n[a missing anchor](#nowhere)\n")
    kept = build(site, None, today=TODAY).problems
    monkeypatch.setattr(checks, "CLEAN_HELD", 2)
    assert build(site, None, today=TODAY).problems == kept and any("#nowhere" in p.message for p in kept)
    article.write_text(article.read_text().replace("[a missing anchor](#nowhere)", ""))
    assert build(site, tmp_path / "forgot", today=TODAY).ok
    assert _tree(tmp_path / "forgot") == _tree(tmp_path / "kept")


def test_a_stylesheet_s_problems_are_found_again_by_the_next_command(site, tmp_path, monkeypatch):
    """What the checks found in a published stylesheet is kept in the cache folder, by its bytes:
    the next command reports the same problem without parsing it, and an edit is checked anew."""
    from haven.pipeline import build

    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    sheet = site / "static/css/extra.css"
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text("body { background: url(https://tracker.test/dot.png); }\n")

    def said() -> list[str]:
        result = build(site, tmp_path / "out", today=TODAY)  # a fresh BuildState each time, as each command has
        return [f"{p.path}:{p.line}: {p.message}" for p in result.problems if p.path == "static/css/extra.css"]

    first = said()
    assert first and "tracker.test" in first[0]
    assert said() == first
    sheet.write_text("body { color: black; }\n")
    assert said() == []
    sheet.write_text("body { background: url(https://tracker.test/dot.png); }\n")
    assert said() == first


def _rebuilt_as_cold(site: Path, out: Path, state, compiled: dict, tmp_path: Path, number: int) -> None:
    """Rebuild into `out` with serve's `state`, and compare every file with a cold build's."""
    from haven.pipeline import build
    from haven.state import BuildState

    with environment(HAVEN_CACHE=str(tmp_path / "cache")):
        assert build(site, out, today=TODAY, preview=True, state=state).ok
    with environment(HAVEN_CACHE=str(tmp_path / f"empty-{number}"), HAVEN_JOBS="1"):
        cold_out = tmp_path / f"cold-{number}"
        assert build(site, cold_out, today=TODAY, preview=True, state=BuildState(templates=compiled)).ok
    warm, cold = _tree(out), _tree(cold_out)
    assert sorted(warm) == sorted(cold), f"after edit {number}"
    assert [name for name in cold if warm[name] != cold[name]] == [], f"after edit {number}"


def test_serve_plans_again_the_pages_that_show_an_edited_article(site, tmp_path, monkeypatch):
    """serve keeps the last plan and plans again only the pages an edit shows (the article's own,
    its neighbours', the lists that hold it, those showing it as related): a new title, summary or
    text must reach each of them, and a change of tags or dates must choose related articles anew."""
    from haven.pipeline import build
    from haven.state import BuildState

    state, compiled = BuildState(), {}  # (the cold builds share compiled templates, kept by their source's checksum)
    out = tmp_path / "out"
    with environment(HAVEN_CACHE=str(tmp_path / "cache")):
        assert build(site, out, today=TODAY, preview=True, state=state).ok
    latest, nine = site / "content/articles/article-23.md", site / "content/articles/article-9.md"  # (23: the newest of its tags)

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    edits = [
        lambda: edit(latest, "title: Article number 23", "title: Latest, retitled"),
        lambda: edit(latest, "summary: Summary 23.", "summary: A new summary of latest."),
        lambda: edit(latest, "Text 23.", "Text latest, rewritten."),
        lambda: edit(nine, "tags: [work, stress]", "tags: [work]"),
        lambda: edit(nine, "title: Article number 9", "title: Nine, retitled"),
        lambda: edit(latest, "date: 2025-12-24", "date: 2025-12-25"),
        lambda: (site / "content/articles/new-one.md").write_text(_article(500)),
    ]
    for number, change in enumerate(edits):
        change()
        _rebuilt_as_cold(site, out, state, compiled, tmp_path, number)
        if number == 0:  # shown on its neighbours', its listings' and its related articles' pages too
            assert sum(b"Latest, retitled" in data for name, data in _tree(out).items() if name.endswith(".html")) > 20


def test_serve_notices_a_file_that_needs_a_folder_where_a_file_is(site, tmp_path, monkeypatch):
    """serve checks only the files new since its last build for a file in the place of a folder
    (an alias /a.b beside an alias /a.b/c/, say): whichever of the two comes later, it is found."""
    from haven.pipeline import build
    from haven.state import BuildState

    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    state = BuildState()

    def aliases(number: int, *addresses: str) -> None:
        path = site / f"content/articles/article-{number}.md"
        text = "\n".join(line for line in path.read_text().split("\n") if not line.startswith("aliases:"))
        listed = f"aliases: [{', '.join(addresses)}]\n" if addresses else ""
        path.write_text(text.replace("category:", listed + "category:", 1))

    def serve_and_cold(step: int) -> list[str]:
        served = build(site, tmp_path / "out", today=TODAY, preview=True, state=state)
        cold = build(site, tmp_path / f"cold-{step}", today=TODAY, preview=True, state=BuildState())
        assert [str(p) for p in served.problems] == [str(p) for p in cold.problems]
        return [p.message for p in served.problems if "needs a folder" in p.message]

    aliases(1, "/a.b/c/")
    assert serve_and_cold(0) == []
    aliases(2, "/a.b")  # a file where a folder of the last build's files is
    assert serve_and_cold(1) == ["the address /a.b/c/ needs a folder where the site already has the file /a.b; "
                                 "choose another address"]
    aliases(2)
    assert serve_and_cold(2) == []
    aliases(3, "/a.b/c/index.html/")  # a file in a folder that is one of the last build's files
    assert serve_and_cold(3) == ["the address /a.b/c/index.html/ needs a folder where the site already has the file "
                                 "/a.b/c/index.html; choose another address"]


def test_serve_carries_over_only_what_still_holds_edit_after_edit(site, tmp_path):
    """serve remembers which pages it found unchanged, each document's search entry, the list of
    files it found in the output folder and what the deploy check found of each file: after every
    kind of edit, again and again, its output is a cold build's (the list of files included)."""
    from haven.pipeline import build
    from haven.state import BuildState

    def edit(name: str, old: str, new: str) -> None:
        path = site / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    out = tmp_path / "out"
    _build(site, out, tmp_path / "cache", "1")  # serve then finds the list of files a command wrote
    state, compiled = BuildState(), {}
    with environment(HAVEN_CACHE=str(tmp_path / "cache")):
        assert build(site, out, today=TODAY, preview=True, state=state).ok
    seven = "content/articles/article-7.md"
    edits = [
        lambda: edit(seven, "Text 7.", "Text 7, with a sentence more."),
        lambda: edit(seven, "Text 7, with", "Text 7, again with"),
        lambda: edit("content/articles/article-8.md", "title: Article number 8", "title: Eight, retitled"),
        lambda: edit("content/articles/article-9.md", "date: 2025-10-10", "date: 2025-12-31"),  # first in its lists
        lambda: (site / "content/articles/new-one.md").write_text(_article(500)),
        lambda: (site / "content/articles/article-3.md").unlink(),
        lambda: edit("content/articles/article-10.md", "tags: [sleep, therapy]", "tags: [sleep, therapy, brand-new]"),
        lambda: (site / "static").mkdir(exist_ok=True) or (site / "static/notes.txt").write_text("First notes.\n"),
        lambda: (site / "static/notes.txt").write_text("Second notes, longer.\n"),
        lambda: edit(seven, "Text 7, again with", "Text 7, once more with"),
    ]
    for number, change in enumerate(edits):
        change()
        _rebuilt_as_cold(site, out, state, compiled, tmp_path, number)
        assert state.unchanged, "the pages found unchanged are remembered"


def test_serve_carries_over_what_its_first_build_rendered_only_while_it_holds(site, tmp_path):
    """serve's first build renders every page and remembers each as the later builds remember the
    pages they carry over (state.unchanged): a body edit, a new title, a template, the config and
    the theme reading every article must each still reach every page that shows them."""
    from haven.pipeline import build
    from haven.state import BuildState

    def edit(name: str, old: str, new: str) -> None:
        path = site / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    def override(name: str, old: str, new: str) -> None:
        (site / "templates").mkdir(exist_ok=True)
        path = site / "templates" / name
        text = path.read_text() if path.exists() else (THEME / name).read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    out = tmp_path / "out"
    state, compiled = BuildState(), {}
    with environment(HAVEN_CACHE=str(tmp_path / "cache")):
        assert build(site, out, today=TODAY, preview=True, state=state).ok
    assert len(state.unchanged) > ARTICLES, "the first build's pages are remembered"
    seven = "content/articles/article-7.md"
    edits = [
        lambda: edit(seven, "Text 7.", "Text 7, with a sentence more."),
        lambda: edit("content/articles/article-8.md", "title: Article number 8", "title: Eight, retitled"),
        lambda: edit(seven, "Text 7, with", "Text 7, again with"),
        lambda: override("article.html", "min read", "minutes to read"),
        lambda: edit(seven, "Text 7, again with", "Text 7, once more with"),
        lambda: edit("site_config.yaml", 'friday: "09:00-15:00"', 'friday: "10:00-14:00"'),
        lambda: edit(seven, "Text 7, once more with", "Text 7, and still with"),
        lambda: override("base.html", "</main>", "</main><p>{% for a in site.articles %}{{ a.title }} {% endfor %}</p>"),
        lambda: edit("content/articles/article-9.md", "title: Article number 9", "title: Nine, retitled"),
        lambda: edit(seven, "Text 7, and still with", "Text 7, last with"),
    ]
    for number, change in enumerate(edits):
        change()
        _rebuilt_as_cold(site, out, state, compiled, tmp_path, number)


def test_serve_writes_the_search_cache_after_serving_and_the_next_command_builds_the_same(site, tmp_path):
    """serve leaves the search index's cache files to be written once the rebuilt page is out
    (state.later): done by the next rebuild before anything else, or when serve stops. A command
    run afterwards with the same cache folder builds what a cold build does."""
    from haven.pipeline import build
    from haven.state import BuildState

    path = site / "content/articles/article-7.md"
    state = BuildState()
    with environment(HAVEN_CACHE=str(tmp_path / "cache")):
        for number in range(3):
            assert build(site, tmp_path / "out", today=TODAY, preview=True, state=state).ok
            assert state.later, "the cache files wait until the page is served"
            path.write_text(path.read_text() + f"\nSentence {number} with the word zanzibar{number}.\n")
        assert build(site, tmp_path / "out", today=TODAY, preview=True, state=state).ok
        state.catch_up()
    assert not state.later
    path.write_text(path.read_text().replace("Paragraph of article 7", "Paragraph of article seven"))
    command = _build(site, tmp_path / "command", tmp_path / "cache", "1")
    assert command == _build(site, tmp_path / "cold", tmp_path / "empty-cache", "1")
