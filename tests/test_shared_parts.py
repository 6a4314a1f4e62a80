"""The footer, the crisis line and the navigation are rendered once per build and language (the
navigation once per state of its entries: render.SHARED_PARTS), yet every page shows what it would
show rendered on its own: the same footer everywhere with the theme's parts, its own entry marked in
the navigation, and a site's own part that names the page still names each page."""

from __future__ import annotations

import re

from helpers import MINIMAL_ARTICLE, build_site, write_site

OTHER_ARTICLE = MINIMAL_ARTICLE.replace("title: Hello", "title: Second").replace("2026-01-05", "2026-01-06")


def _footer(html: str) -> str:
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


def test_every_page_shows_the_same_footer(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE,
                                          "content/articles/second.md": OTHER_ARTICLE})
    done = build_site(site)
    assert done.returncode == 0, done.stderr
    pages = [site / "output/index.html", site / "output/blog/hello/index.html", site / "output/contact/index.html"]
    footers = {_footer(page.read_text("utf-8")) for page in pages}
    assert len(footers) == 1
    assert "Opening hours" in footers.pop()


def test_a_sites_own_footer_part_that_names_the_page_names_each_page(tmp_path):
    cta = ('<section class="cta"><h2>{{ config.cta.text }}</h2>'
           '<p><a class="button" href="{{ url(config.cta.url) }}">Ask about {{ page.title }}</a></p></section>\n')
    site = write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE,
                                          "content/articles/second.md": OTHER_ARTICLE,
                                          "templates/partials/cta.html": cta})
    done = build_site(site)
    assert done.returncode == 0, done.stderr
    assert "Ask about Hello" in _footer((site / "output/blog/hello/index.html").read_text("utf-8"))
    assert "Ask about Second" in _footer((site / "output/blog/second/index.html").read_text("utf-8"))


def _cards(html: str) -> list[str]:
    return re.findall(r'<article class="card">.*?</article>', html, re.S)


def test_an_articles_card_is_the_same_in_every_list_at_its_own_heading_level(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE,
                                          "content/articles/second.md": OTHER_ARTICLE})
    done = build_site(site)
    assert done.returncode == 0, done.stderr
    home = _cards((site / "output/index.html").read_text("utf-8"))
    blog = _cards((site / "output/blog/index.html").read_text("utf-8"))
    assert [card.count("<h3") for card in home] == [1, 1] and [card.count("<h2") for card in blog] == [1, 1]
    assert [card.replace("h3", "h2") for card in home] == blog
    assert "Second" in blog[0] and "Hello" in blog[1]


def test_a_sites_own_card_that_names_the_page_names_each_page(tmp_path):
    card = '<article class="card">{{ article.title }} on {{ page.title }}</article>\n'
    site = write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE,
                                          "content/articles/second.md": OTHER_ARTICLE,
                                          "templates/partials/article_card.html": card})
    done = build_site(site)
    assert done.returncode == 0, done.stderr
    assert "Hello on Blog" in _cards((site / "output/blog/index.html").read_text("utf-8"))[1]
    home = _cards((site / "output/index.html").read_text("utf-8"))
    assert len(home) == 2 and all(" on " in card and "on Blog" not in card for card in home)


def _build_in(source, output, cache) -> dict[str, bytes]:
    """`build.py build` run in this process with this cache folder; the output's files."""
    import contextlib
    import io

    from haven.cli import main
    from helpers import TODAY, environment

    printed = io.StringIO()
    with environment(HAVEN_CACHE=str(cache)), contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        code = main(["build", "--source", str(source), "--output", str(output), "--today", TODAY.isoformat()])
    assert code == 0, printed.getvalue()
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def test_a_rebuild_shows_the_footer_as_a_cold_build_would(tmp_path):
    """The next build takes the footer the last one rendered (pipeline._parts_holding) only
    while what it was made from holds: an edited article keeps it, new hours make it anew."""
    from helpers import MINIMAL_HOURS

    site = write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE,
                                          "content/articles/second.md": OTHER_ARTICLE})
    output, cache = tmp_path / "out", tmp_path / "cache"
    _build_in(site, output, cache)
    edits = [("content/articles/hello.md", "A first article.", "A first article, and one more sentence."),
             ("site_config.yaml", MINIMAL_HOURS, MINIMAL_HOURS.replace('friday: "09:00-15:00"', 'friday: "10:00-16:00"'))]
    for number, (rel, old, new) in enumerate(edits):
        text = (site / rel).read_text("utf-8")
        assert old in text
        (site / rel).write_text(text.replace(old, new), "utf-8")
        rebuilt = _build_in(site, output, cache)
        assert rebuilt == _build_in(site, tmp_path / f"cold-{number}", tmp_path / f"no-cache-{number}")
    assert "10:00\u00a0am – 4:00\u00a0pm" in _footer(rebuilt["blog/hello/index.html"].decode("utf-8"))


def _nav(html: str) -> str:
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


NAV_PAGES = {"index.html": "", "blog/index.html": "page", "blog/hello/index.html": "true", "contact/index.html": ""}


def _blog_entry(html: str) -> str:
    """The aria-current of the navigation's link to the blog ('' without one)."""
    found = re.search(r'<a href="/blog/"(?: aria-current="(\w+)")?>', _nav(html))
    return found.group(1) or ""


def test_the_navigation_shared_between_pages_marks_each_pages_own_entry(tmp_path):
    """The navigation is rendered once per state of its entries (navigation_current), yet each page
    marks the entry it is under: the blog's as its own page on /blog/, as its section on an article."""
    site = write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE,
                                          "content/articles/second.md": OTHER_ARTICLE})
    done = build_site(site)
    assert done.returncode == 0, done.stderr
    shown = {rel: _blog_entry((site / "output" / rel).read_text("utf-8")) for rel in NAV_PAGES}
    assert shown == NAV_PAGES
    home = _nav((site / "output/index.html").read_text("utf-8"))
    assert re.search(r'<a href="/" aria-current="page">', home)
    assert _nav((site / "output/blog/hello/index.html").read_text("utf-8")) == \
        _nav((site / "output/blog/second/index.html").read_text("utf-8"))


def test_a_sites_own_templates_see_the_navigation_as_before(tmp_path):
    """A site's own navigation naming the page names each page; a site's own header that includes
    the theme's navigation with `{% include %}` (no `current` given) still has it mark the page."""
    own_nav = '<nav class="site-nav"><a href="/blog/">Blog</a> on {{ page.path or "home" }}</nav>\n'
    header = ('{% extends "theme/base.html" %}{% block header %}<header class="site-header">'
              '{% include "partials/navigation.html" %}</header>{% endblock %}\n')
    articles = {"content/articles/hello.md": MINIMAL_ARTICLE, "content/articles/second.md": OTHER_ARTICLE}
    site = write_site(tmp_path / "own", {**articles, "templates/partials/navigation.html": own_nav})
    done = build_site(site)
    assert done.returncode == 0, done.stderr
    assert "on blog/hello/" in _nav((site / "output/blog/hello/index.html").read_text("utf-8"))
    assert "on home" in _nav((site / "output/index.html").read_text("utf-8"))
    site = write_site(tmp_path / "header", {**articles, "templates/base.html": header})
    done = build_site(site)
    assert done.returncode == 0, done.stderr
    assert {rel: _blog_entry((site / "output" / rel).read_text("utf-8")) for rel in NAV_PAGES} == NAV_PAGES
