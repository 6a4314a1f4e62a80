"""Footnotes: the back link (↩) is titled in the page's language, not in English on every page
(nor in each language's feed); and a footnote's number stays out of the automatic summary (description, lists, feed)."""

from __future__ import annotations

import re

from helpers import MINIMAL_CONFIG, build_site, write_site

CONFIG = MINIMAL_CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n"
                                "    - {code: es, name: Español}\n    - {code: zh-Hans, name: 简体中文, path: zh}\n")


def _article(title: str, date: str, body: str) -> str:
    return f"---\ntitle: {title}\n{date}---\n{body}\n"


FILES = {
    "site_config.yaml": CONFIG,
    "content/articles/study.md": _article("Study", "date: 2026-01-05\n", "A figure.[^1]\n\n[^1]: A survey."),
    "content/articles/study.es.md": _article("Estudio", "", "Una cifra.[^1]\n\n[^1]: Una encuesta."),
    "content/articles/study.zh-Hans.md": _article("研究", "", "一个数字。[^1]\n\n[^1]: 一项调查。"),
}


def test_footnote_back_links_are_titled_in_the_page_language(tmp_path):
    source = write_site(tmp_path / "site", FILES)
    result = build_site(source)
    assert result.returncode == 0, result.stdout + result.stderr
    out = source / "output"
    for page, title in [("blog/study/index.html", "Back to reference 1"),
                        ("es/blog/study/index.html", "Volver a la referencia 1"),
                        ("zh/blog/study/index.html", "返回第 1 处引用")]:
        html = (out / page).read_text("utf-8")
        assert f'<a class="footnote-backref" href="#fnref:1" title="{title}">' in html, page


def test_footnote_back_links_are_titled_in_the_feed_language(tmp_path):
    # the feed carries the article's HTML: its back links in the language of the feed, as on the page
    source = write_site(tmp_path / "site", FILES)
    assert build_site(source).returncode == 0
    out = source / "output"
    for feed, title in [("feed.xml", "Back to reference 1"), ("es/feed.xml", "Volver a la referencia 1"),
                        ("zh/feed.xml", "返回第 1 处引用")]:
        assert f'#fnref:1" title="{title}"&gt;' in (out / feed).read_text("utf-8"), feed
    # and in a site whose own language is not English, its one feed
    source = write_site(tmp_path / "spanish", {
        "site_config.yaml": MINIMAL_CONFIG.replace("  language: en\n", "  language: es\n"),
        "content/articles/study.md": _article("Estudio", "date: 2026-01-05\n", "Una cifra.[^1]\n\n[^1]: Una encuesta."),
    })
    assert build_site(source).returncode == 0
    feed = (source / "output" / "feed.xml").read_text("utf-8")
    assert '#fnref:1" title="Volver a la referencia 1"&gt;' in feed and "Back to reference" not in feed


def test_the_first_paragraph_as_summary_leaves_out_the_footnote_number(tmp_path):
    # the articles have no summary: the first paragraph stands for it, "A figure." and not "A figure.1"
    source = write_site(tmp_path / "site", FILES)
    assert build_site(source).returncode == 0
    out = source / "output"
    for page, summary in [("blog/study/index.html", "A figure."), ("es/blog/study/index.html", "Una cifra."),
                          ("zh/blog/study/index.html", "一个数字。")]:
        html = (out / page).read_text("utf-8")
        assert f'<meta name="description" content="{summary}">' in html, page
        assert f'<meta property="og:description" content="{summary}">' in html, page
    assert re.search(r">\s*A figure\.\s*<", (out / "blog/index.html").read_text("utf-8"))
    assert "<summary>A figure.</summary>" in (out / "feed.xml").read_text("utf-8")
    assert "<summary>Una cifra.</summary>" in (out / "es/feed.xml").read_text("utf-8")
