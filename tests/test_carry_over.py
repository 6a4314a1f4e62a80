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
