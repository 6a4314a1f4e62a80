# ruff: noqa: RUF001  (Chinese text is written with its own full-width punctuation)
"""A site whose default language is Traditional Chinese, with English and Simplified Chinese
(`zh-CN`) as further languages: the pieces the theme joins onto a sentence or a name follow each
page's language. Built once with the command line in this process."""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    from tests.browser import serve_directory
    from tests.helpers import MINIMAL_CLOSURES, MINIMAL_CONFIG, MINIMAL_LOCATIONS, write_site
    from tests.helpers import build_in_process as build
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import serve_directory  # type: ignore[no-redef]
    from helpers import MINIMAL_CLOSURES, MINIMAL_CONFIG, MINIMAL_LOCATIONS, write_site  # type: ignore[no-redef]
    from helpers import build_in_process as build  # type: ignore[no-redef]

SUNSET_PARK = ('  - id: sunset-park\n    name: Sunset Park\n    street: 2 Main St\n    city: Springfield\n'
               '    region: IL\n    postal_code: "62701"\n')
CONFIG = (MINIMAL_CONFIG
          .replace("  language: en\n", "  language: zh-Hant\n  languages:\n    - {code: en, name: English}\n"
                                       "    - {code: es, name: Español}\n    - {code: zh-CN, name: 简体中文, path: cn}\n")
          .replace(MINIMAL_CLOSURES, "closures:\n  - date: 2026-12-25\n    label: 聖誕節\n    locations: [sunset-park]\n")
          .replace(MINIMAL_LOCATIONS, MINIMAL_LOCATIONS + SUNSET_PARK))

FILES = {
    "site_config.yaml": CONFIG,
    "content/articles/worry.md": "---\ntitle: 關於焦慮\ndate: 2026-03-05\nsummary: 簡短的介紹。\ncategory: 焦慮\n---\n焦慮是常見的心理問題。\n",
    "content/articles/worry.en.md": "---\ntitle: Worry\nsummary: A short introduction.\ncategory: Anxiety\n---\nAbout worry.\n",
    "content/articles/worry.es.md": "---\ntitle: La ansiedad\nsummary: Una introducción.\ncategory: Ansiedad\n---\nSobre la ansiedad.\n",
    "content/articles/worry.zh-CN.md": "---\ntitle: 关于焦虑\nsummary: 简短的介绍。\ncategory: 焦虑\n---\n焦虑是常见的心理问题。\n",
}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    source = write_site(tmp_path_factory.mktemp("chinese-default") / "site", FILES)
    code, printed = build(source)
    assert code == 0, printed
    return source / "output"


def html(output: Path, file: str) -> str:
    return (output / file).read_text("utf-8")


@pytest.mark.parametrize(("file", "closure"), [
    ("locations/index.html", "：聖誕節，休息<span class=\"closure-where\">（只限Sunset Park）</span></li>"),
    ("cn/locations/index.html", "，休息<span class=\"closure-where\">（仅限Sunset Park）</span></li>"),
    ("en/locations/index.html", ", closed <span class=\"closure-where\">(only Sunset Park)</span></li>"),
    ("es/locations/index.html", ", cerrado <span class=\"closure-where\">(solo en Sunset Park)</span></li>"),
])
def test_a_closure_of_some_offices_names_them_with_no_space_before_a_full_width_bracket(output, file, closure):
    assert closure in html(output, file)


# A Chinese count's full-width bracket brings its own space, so it is marked to go without the
# margin that shows the gap elsewhere (the chip is a flex box, which drops the space itself).
@pytest.mark.parametrize(("file", "category"), [
    ("blog/index.html", '>焦慮<span class="tag-count tag-count-wide">（1）</span></a>'),
    ("cn/blog/index.html", '>焦虑<span class="tag-count tag-count-wide">（1）</span></a>'),
    ("en/blog/index.html", '>Anxiety <span class="tag-count">(1)</span></a>'),
    ("es/blog/index.html", '>Ansiedad <span class="tag-count">(1)</span></a>'),
])
def test_a_categorys_count_is_in_the_brackets_of_the_pages_language(output, file, category):
    assert category in html(output, file)


# The distance, in CSS pixels, from the end of the first category's name to its count.
_COUNT_GAP = """() => {
    const count = document.querySelector('a.tag .tag-count');
    const name = document.createRange();
    name.selectNodeContents(count.parentElement.firstChild);
    return count.getBoundingClientRect().left - name.getBoundingClientRect().right;
}"""


def test_in_chromium_a_chinese_count_sits_against_its_name_and_others_keep_their_gap(browser, output):
    with serve_directory(output) as base_url:
        page = browser.new_page()
        try:
            gaps = {}
            for path in ("", "cn/", "en/", "es/"):
                page.goto(f"{base_url}{path}blog/")
                gaps[path] = round(page.evaluate(_COUNT_GAP), 1)
        finally:
            page.close()
    assert gaps[""] == gaps["cn/"] == 0  # (the bracket's own space is inside its glyph)
    assert gaps["en/"] == gaps["es/"] == 4  # the margin: the chip drops the space before the count
