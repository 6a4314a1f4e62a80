"""Tags and categories in any script: a clinic writing in Chinese, Russian or Arabic gets a page
for each of its tags, at an address made of the tag's own letters ('/tags/睡眠/'), linked from its
articles, listed in the sitemap (percent-encoded, as the protocol asks) and found by the link
checker however an editor writes the link. Latin names keep their ASCII addresses.

Each test builds a small fixture site with the command line in this process and looks at what a
visitor or a search engine would: the built pages, the sitemap, and the messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import MINIMAL_CONFIG, SPANISH_CONFIG, write_site
from helpers import build_in_process as build

CONFIG = MINIMAL_CONFIG.replace("  language: en\n", "  language: zh-Hans\n").replace(
    "  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n    - {code: es, name: Español}\n")

FILES = {
    "site_config.yaml": CONFIG,
    "translations/es.yaml": "site: {description: Terapia.}\ncrisis: {text: ¿En crisis? Llame al 988.}\n"
                            "locations: {downtown: {name: Centro}}\nclosures: {2026-12-25: Navidad}\n",
    "content/articles/hello.md": "---\ntitle: 你好\ndate: 2026-01-05\nsummary: 摘要。\ncategory: 焦虑\n"
                                 "tags: [睡眠, Тревога, قلق, Ansiedad y estrés]\n---\n正文。\n",
    "content/articles/hello.es.md": "---\ntitle: Hola\nsummary: Resumen.\ncategory: Ansiedad\ntags: [Sueño, Tristeza, Miedo, Estrés]\n---\nTexto.\n",
    # an editor's links to a tag page, as typed and as a browser's address bar copies it
    "content/pages/about.md": "---\ntitle: 关于\nsummary: 关于我们。\n---\n"
                              "见[睡眠](/tags/睡眠/)和[тревога](/tags/%D1%82%D1%80%D0%B5%D0%B2%D0%BE%D0%B3%D0%B0/)。\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    source = write_site(tmp_path_factory.mktemp("scripts") / "site", FILES)
    code, printed = build(source)
    assert code == 0, printed
    return source / "output", printed


def test_each_tag_and_category_has_a_page_at_an_address_of_its_own_letters(built):
    output, printed = built
    assert "error" not in printed and "warning" not in printed, printed
    for folder in ("tags/睡眠", "tags/тревога", "tags/قلق", "tags/ansiedad-y-estres", "blog/category/焦虑",
                   "es/tags/睡眠", "es/tags/тревога"):
        assert (output / folder / "index.html").is_file(), folder
    assert re.search(r"<h1>[^<]*Тревога</h1>", (output / "tags/тревога/index.html").read_text("utf-8"))


def test_articles_link_their_tags_and_the_links_lead_to_the_pages(built):
    output, _ = built
    article = (output / "blog/hello/index.html").read_text("utf-8")
    links = re.findall(r'<a class="tag" href="([^"]*)">([^<]*)</a>', article)
    assert links == [("/tags/睡眠/", "睡眠"), ("/tags/тревога/", "Тревога"), ("/tags/قلق/", "قلق"),
                     ("/tags/ansiedad-y-estres/", "Ansiedad y estrés")]
    assert 'href="/blog/category/焦虑/"' in article
    # a translated tag keeps its original's address, in its own language's folder
    assert '<a class="tag" href="/es/tags/тревога/">Tristeza</a>' in (output / "es/blog/hello/index.html").read_text("utf-8")
    about = (output / "about/index.html").read_text("utf-8")
    assert 'href="/tags/睡眠/"' in about and 'href="/tags/%D1%82%D1%80%D0%B5%D0%B2%D0%BE%D0%B3%D0%B0/"' in about


def test_the_sitemap_lists_them_percent_encoded_with_their_translations(built):
    output, _ = built
    sitemap = (output / "sitemap.xml").read_text("utf-8")
    assert sitemap.isascii()
    row = re.search(r"<url><loc>https://counseling.test/tags/%E7%9D%A1%E7%9C%A0/</loc>.*?</url>", sitemap).group(0)
    assert 'hreflang="es" href="https://counseling.test/es/tags/%E7%9D%A1%E7%9C%A0/"' in row
    assert 'hreflang="x-default" href="https://counseling.test/tags/%E7%9D%A1%E7%9C%A0/"' in row
    assert "<loc>https://counseling.test/blog/category/%E7%84%A6%E8%99%91/</loc>" in sitemap
    assert "<loc>https://counseling.test/tags/ansiedad-y-estres/</loc>" in sitemap
    page = (output / "tags/睡眠/index.html").read_text("utf-8")
    assert '<link rel="alternate" hreflang="es" href="https://counseling.test/es/tags/睡眠/">' in page


def test_a_link_to_a_tag_that_does_not_exist_is_still_reported(tmp_path):
    source = write_site(tmp_path / "site", {**FILES, "content/pages/about.md": FILES["content/pages/about.md"].replace(
        "/tags/睡眠/", "/tags/失眠/").replace("%D1%82%D1%80", "%D1%85%D1%80")})
    code, printed = build(source)
    assert code == 1
    assert "content/pages/about.md:5: error: links to /tags/失眠/, which does not exist on the site" in printed
    assert "links to /tags/%D1%85%D1%80%D0%B5%D0%B2%D0%BE%D0%B3%D0%B0/, which does not exist" in printed


@pytest.mark.parametrize("text, slug", [
    ("Ansiedad y estrés", "ansiedad-y-estres"), ("Tips & Tricks", "tips-tricks"), ("Don't panic", "dont-panic"),
    ("睡眠", "睡眠"), ("Тревога сна", "тревога-сна"), ("COVID-19 焦虑", "covid-19-焦虑"), ("ΆΓΧΟΣ", "άγχος"),
    ("ｶﾞｲﾄﾞ", "ガイド"), ("Й", "й"), ("焦虑，睡眠", "焦虑-睡眠"), ("!!!", ""), ("😀", ""),  # noqa: RUF001 - a Chinese comma between two words
])
def test_the_address_of_a_name(text, slug):
    from haven.content import name_slug

    assert name_slug(text) == slug


def _article(front: str) -> str:
    return f"---\ntitle: Hello\ndate: 2026-01-05\nsummary: Hi.\n{front}---\nText.\n"


def test_a_name_with_no_letter_or_digit_is_an_error_at_its_line(tmp_path):
    source = write_site(tmp_path / "site", {"content/articles/a.md": _article("category: 😀\ntags:\n  - sleep\n  - '!!!'\n")})
    code, printed = build(source)
    assert code == 1
    assert printed.splitlines()[:2] == [
        "content/articles/a.md:5: error: category '😀' has no letter or digit to make its web address "
        "(/blog/category/…/) from (punctuation and emoji are left out of addresses); write the category in words, "
        "or remove it",
        "content/articles/a.md:8: error: tag '!!!' has no letter or digit to make its web address (/tags/…/) from "
        "(punctuation and emoji are left out of addresses); write the tag in words, or remove it",
    ]


def keywords(page: str) -> list[str]:
    """The keywords of the page's BlogPosting JSON-LD."""
    found = [json.loads(data) for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page)]
    return next(data["keywords"] for data in found if data["@type"] == "BlogPosting")


def test_one_article_naming_a_tag_twice_links_it_once(tmp_path):
    source = write_site(tmp_path / "site", {
        "site_config.yaml": SPANISH_CONFIG, "content/articles/a.md": _article("tags: [Tips, sleep, tips]\n"),
        "content/articles/a.es.md": "---\ntitle: Hola\nsummary: Hola.\ntags: [Consejos, Sueño, consejos]\n---\nTexto.\n"})
    code, printed = build(source)
    assert code == 0, printed
    article = (source / "output/blog/a/index.html").read_text("utf-8")
    assert re.findall(r'<a class="tag" href="([^"]*)">([^<]*)</a>', article) == [("/tags/tips/", "Tips"),
                                                                                  ("/tags/sleep/", "sleep")]
    assert keywords(article) == ["Tips", "sleep"]  # (for search engines too: each tag once, as first written)
    assert keywords((source / "output/es/blog/a/index.html").read_text("utf-8")) == ["Consejos", "Sueño"]
    assert "warning: tag" not in printed  # (one name in other capitals: the same tag)


C_AND_CPP = {"content/articles/a.md": _article("tags: [C, sleep]\n"),
             "content/articles/b.md": _article("tags:\n  - sleep\n  - C++\n"),
             "content/articles/c.md": _article("tags: [c]\n")}


def test_two_names_sharing_an_address_are_a_warning_naming_both(tmp_path):
    source = write_site(tmp_path / "site", C_AND_CPP)
    code, printed = build(source)
    assert code == 0, printed
    assert printed.splitlines()[0] == (
        "content/articles/b.md:7: warning: tag 'C++' makes the same web address, /tags/c/, as the tag 'C' "
        "(content/articles/a.md:5), so both share one page titled 'C'; rename one of them so that their letters "
        "or digits differ, or write both the same way")
    assert printed.count("warning:") == 1  # ('c' is 'C' in other capitals)
    code, printed = build(source, "--strict", "--output", str(tmp_path / "strict"))
    assert code == 1 and "(warnings count as errors with --strict)" in printed
