"""A second build of an unchanged site renders nothing again, from a fresh process as in `serve`.

What a page's templates read is kept in the record of pages with a digest (haven/manifest.py);
a digest that differs from one process to the next (an object's address, say) makes every page
look changed, so each command-line rebuild and each `serve` rebuild renders the whole site again:
the same bytes, but seconds instead of a fraction of one.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest

from haven.templates import THEME_DIR
from helpers import ROOT, TODAY, environment


def _rendered(source: Path, output: Path, cache: Path, monkeypatch) -> list[str]:
    """Build through the command line, in this process; the files of the pages it rendered."""
    from haven import pipeline
    from haven.cli import main
    from haven.render import Renderer

    rendered: list[str] = []
    kept_alive = []  # an earlier build's objects stay, so no address is reused by the next one
    real_page, real_load = Renderer.page, pipeline.load_site

    def page(self, out):
        rendered.append(out.file)
        return real_page(self, out)

    def load_site(*args, **kwargs):
        loaded = real_load(*args, **kwargs)
        kept_alive.append(loaded)
        return loaded

    monkeypatch.setattr(Renderer, "page", page)
    monkeypatch.setattr(pipeline, "load_site", load_site)
    printed = io.StringIO()
    with environment(HAVEN_CACHE=str(cache), HAVEN_JOBS="1"), contextlib.redirect_stdout(printed), \
            contextlib.redirect_stderr(printed):
        code = main(["build", "--source", str(source), "--output", str(output), "--today", TODAY.isoformat()])
    assert code == 0, printed.getvalue()
    return rendered


def test_a_rebuild_of_an_unchanged_site_renders_no_page(tmp_path, monkeypatch):
    source = tmp_path / "clinic"
    shutil.copytree(ROOT / "tests/sites/clinic", source)
    first = _rendered(source, tmp_path / "out", tmp_path / "cache", monkeypatch)
    assert len(first) > 20
    assert _rendered(source, tmp_path / "out", tmp_path / "cache", monkeypatch) == []


def test_an_edit_renders_the_pages_that_show_it_not_the_site(tmp_path, monkeypatch):
    source = tmp_path / "clinic"
    shutil.copytree(ROOT / "tests/sites/clinic", source)
    first = _rendered(source, tmp_path / "out", tmp_path / "cache", monkeypatch)
    article = sorted((source / "content/articles").glob("*.md"))[0]
    article.write_text(article.read_text("utf-8") + "\nA sentence added later.\n", "utf-8")
    again = _rendered(source, tmp_path / "out", tmp_path / "cache", monkeypatch)
    assert 0 < len(again) < len(first) / 2


def test_a_rebuild_of_the_example_site_in_three_languages_renders_no_page(tmp_path, monkeypatch):
    """The 404 page shows every language's help (`site.views`): each language's Site is digested by
    its values, not by its repr, which named an object's address and held every article's HTML."""
    source = tmp_path / "clinic"
    source.mkdir()
    for name in ("content", "templates", "translations", "static"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name)
    shutil.copy(ROOT / "site_config.yaml", source)
    first = _rendered(source, tmp_path / "out", tmp_path / "cache", monkeypatch)
    assert {"404.html", "es/index.html", "zh/index.html"} <= set(first)
    assert _rendered(source, tmp_path / "out", tmp_path / "cache", monkeypatch) == []


def _cold(source: Path, tmp_path: Path, monkeypatch) -> dict[str, bytes]:
    output = tmp_path / "cold"
    _rendered(source, output, tmp_path / "cold-cache", monkeypatch)
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _edit(source: Path, old: str, new: str) -> None:
    path = source / "content/articles/managing-anxiety.md"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def clinic(tmp_path) -> Path:
    source = tmp_path / "clinic"
    shutil.copytree(ROOT / "tests/sites/clinic", source)
    return source


def test_a_sentence_added_to_an_article_renders_its_page_alone(clinic, tmp_path, monkeypatch):
    """Listings, tag pages and the neighbours' pages show an article's title, date, summary and
    tags, not its text: they are carried over (manifest.py: 'docs.' reads)."""
    _rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch)
    _edit(clinic, "\n---\n", "\n---\nA sentence added at the top. ")
    assert _rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch) == ["blog/managing-anxiety/index.html"]
    assert _files(tmp_path / "out") == _cold(clinic, tmp_path, monkeypatch)


def test_a_title_changed_renders_the_listings_and_neighbours_again(clinic, tmp_path, monkeypatch):
    _rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch)
    _edit(clinic, "title: A practical guide to managing anxiety", "title: Managing anxiety, day by day")
    again = set(_rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch))
    assert {"blog/managing-anxiety/index.html", "blog/index.html", "tags/anxiety/index.html",
            "blog/category/tips/index.html"} <= again
    assert any(name.startswith("blog/") and name != "blog/managing-anxiety/index.html" and "/category/" not in name
               and name != "blog/index.html" for name in again)  # a neighbour's or related article's page
    assert _files(tmp_path / "out") == _cold(clinic, tmp_path, monkeypatch)


def test_a_listing_that_shows_the_articles_text_follows_it(clinic, tmp_path, monkeypatch):
    """A site's own card that shows each article's text makes its listings read it."""
    (clinic / "templates/partials").mkdir(parents=True)
    (clinic / "templates/partials/article_card.html").write_text(
        (THEME_DIR / "partials/article_card.html").read_text("utf-8").replace(
            "</article>", "<div>{{ article.html | safe }}</div></article>"), "utf-8")
    _rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch)
    _edit(clinic, "\n---\n", "\n---\nA sentence added at the top. ")
    again = set(_rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch))
    assert {"blog/managing-anxiety/index.html", "blog/index.html", "tags/anxiety/index.html"} <= again
    assert _files(tmp_path / "out") == _cold(clinic, tmp_path, monkeypatch)


def test_a_category_s_count_shown_on_the_blog_page_follows_its_articles(clinic, tmp_path, monkeypatch):
    """The blog page shows how many articles each category has ('categories.articles#'), not what they say."""
    _rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch)
    _edit(clinic, "category: Tips", "category: News")
    assert "blog/index.html" in _rendered(clinic, tmp_path / "out", tmp_path / "cache", monkeypatch)
    assert _files(tmp_path / "out") == _cold(clinic, tmp_path, monkeypatch)
