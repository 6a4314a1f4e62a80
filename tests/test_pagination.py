"""Numbered pages of the article listings: the blog, a category, a tag, in every language.

A listing of many pages links to its first and last pages and to a few around the current one,
an ellipsis standing for the pages between, so that the oldest article of a large blog is two
clicks away rather than hundreds.
"""

from __future__ import annotations

import pytest

try:  # pytest's default import mode puts tests/ itself on sys.path
    from test_build import Built, Node, build_into

    from helpers import MINIMAL_CONFIG, write_site
except ImportError:  # tests/ imported as a package
    from tests.helpers import MINIMAL_CONFIG, write_site  # type: ignore[no-redef]
    from tests.test_build import Built, Node, build_into  # type: ignore[no-redef]

from haven.render import page_numbers

ARTICLES = 95  # ten pages of ten, the last with five
LANGUAGES = {"es": ("Español", "es"), "zh-Hans": ("简体中文", "zh"), "zh-Hant": ("繁體中文", "zh-tw")}
CONFIG = MINIMAL_CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n" + "".join(
    f"    - {{code: {code}, name: {name}, path: {path}}}\n" for code, (name, path) in LANGUAGES.items()))


def _article(number: int, title: str) -> str:
    day = f"2025-{(number - 1) // 28 + 1:02d}-{(number - 1) % 28 + 1:02d}"  # newest last
    return f"---\ntitle: {title} {number}\ndate: {day}\nsummary: Text.\ncategory: Tips\ntags: [sleep]\n---\nText.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    """A site of 95 articles, all in one category and under one tag, each translated into Spanish
    and both written forms of Chinese."""
    files = {"site_config.yaml": CONFIG}
    for number in range(1, ARTICLES + 1):
        files[f"content/articles/a{number:03d}.md"] = _article(number, "Article")
        for code in LANGUAGES:
            files[f"content/articles/a{number:03d}.{code}.md"] = f"---\ntitle: Artículo {number}\nsummary: Texto.\n---\nTexto.\n"
    root = tmp_path_factory.mktemp("pagination")
    return build_into(write_site(root / "site", files), root / "out")


def numbered(site: Built, rel: str) -> tuple[Node, list[tuple[str, str | None, str | None, bool]]]:
    """The listing's pagination nav, and its numbered entries: (text, href, accessible name,
    current); an ellipsis is ('…', None, None, False)."""
    navs = [n for n in site.page(rel).main.find_all("nav") if "pagination" in n.attrs.get("class", "")]
    assert len(navs) == 1, rel
    entries = []
    for item in navs[0].find("ul").find_all("li"):
        link = item.find("a")
        if link is None:
            assert item.attrs.get("aria-hidden") == "true"
            entries.append((item.text(), None, None, False))
        else:
            entries.append((link.text(), link.attrs["href"], link.attrs.get("aria-label"), link.attrs.get("aria-current") == "page"))
    return navs[0], entries


def test_a_middle_page_links_to_the_first_the_last_and_its_neighbours(site):
    nav, entries = numbered(site, "blog/page/5/index.html")
    assert nav.attrs["aria-label"] == "Pages"
    assert [text for text, *_ in entries] == ["1", "2", "3", "4", "5", "6", "7", "…", "10"]
    assert [href for _, href, *_ in entries if href] == ["/blog/"] + [f"/blog/page/{n}/" for n in (2, 3, 4, 5, 6, 7, 10)]
    assert next(name for _, _, name, _ in entries if name) == "Page 1"
    assert [text for text, _, _, current in entries if current] == ["5"]


@pytest.mark.parametrize("rel, shown, current", [
    ("blog/index.html", ["1", "2", "3", "…", "10"], "1"),
    ("blog/page/10/index.html", ["1", "…", "8", "9", "10"], "10"),
])
def test_the_first_and_the_last_page(site, rel, shown, current):
    _, entries = numbered(site, rel)
    assert [text for text, *_ in entries] == shown
    assert [text for text, _, _, is_current in entries if is_current] == [current]


@pytest.mark.parametrize("listing", ["tags/sleep/", "blog/category/tips/"])
def test_tag_and_category_listings_are_numbered_the_same_way(site, listing):
    _, entries = numbered(site, listing + "page/10/index.html")
    assert [(text, href) for text, href, *_ in entries] == [
        ("1", "/" + listing), ("…", None), ("8", f"/{listing}page/8/"), ("9", f"/{listing}page/9/"), ("10", f"/{listing}page/10/")]


@pytest.mark.parametrize("prefix, pages, page_3", [
    ("es/", "Páginas", "Página 3"), ("zh/", "分页", "第 3 页"), ("zh-tw/", "分頁", "第 3 頁")])
def test_the_numbered_pages_speak_the_pages_language(site, prefix, pages, page_3):
    nav, entries = numbered(site, prefix + "blog/page/2/index.html")
    assert nav.attrs["aria-label"] == pages
    assert (entries[2][1], entries[2][2]) == (f"/{prefix}blog/page/3/", page_3)


@pytest.mark.parametrize("total", [1, 2, 7, 8, 300])
def test_every_page_reaches_the_first_the_last_and_its_neighbours_in_few_links(total):
    for number in range(1, total + 1):
        shown = page_numbers(number, total)
        pages = [n for n in shown if n is not None]
        assert pages == sorted(set(pages)) and pages[0] == 1 and pages[-1] == total
        assert {number - 1, number, number + 1} & set(range(1, total + 1)) <= set(pages)
        assert len(shown) <= 9
        for before, gap, after in zip(shown, shown[1:], shown[2:], strict=False):
            if gap is None:  # an ellipsis stands for two pages or more, never for one
                assert before is not None and after is not None and after - before > 2
