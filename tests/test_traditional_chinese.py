# ruff: noqa: RUF001  (Chinese text is written with its own full-width punctuation)
"""Chinese in either script: a page in `zh-Hant`, or in a Chinese read in Traditional letters
(`zh-TW`, `zh-HK`, Cantonese `yue` or `zh-yue`), shows the theme's words in Traditional Chinese,
and one in `zh-CN` or Mandarin's own `cmn` in Simplified; weekdays, search and the team filter
follow each page's language.

One small site in English (the default) and six Chinese codes, built once with the command line
in this process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

try:
    from tests.browser import serve_directory
    from tests.helpers import MINIMAL_CONFIG, write_site
    from tests.helpers import build_in_process as build
    from tests.test_search import lookup
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from test_search import lookup  # type: ignore[no-redef]

    from browser import serve_directory  # type: ignore[no-redef]
    from helpers import MINIMAL_CONFIG, write_site  # type: ignore[no-redef]
    from helpers import build_in_process as build  # type: ignore[no-redef]

LANGUAGES = """\
  languages:
    - {code: zh-CN, name: 简体中文, path: cn}
    - {code: zh-Hant, name: 繁體中文, path: hant}
    - {code: zh-TW, name: 中文（台灣）, path: tw}
    - {code: yue, name: 粵語, path: yue}
    - {code: cmn, name: 普通话, path: cmn}
    - {code: zh-yue, name: 廣東話, path: zh-yue}
"""
CONFIG = MINIMAL_CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n" + LANGUAGES)
CLINICIAN = "---\nname: Chen Li\nrole: Psychiatrist\nlanguages: [en, zh-TW, zh-HK]\nlocations: [downtown]\n---\nBio.\n"

FILES = {
    "site_config.yaml": CONFIG,
    "content/articles/worry.md": "---\ntitle: Worry\ndate: 2026-03-05\nsummary: s\n---\nAbout worry.\n",
    "content/articles/worry.zh-CN.md": "---\ntitle: 关于焦虑\nsummary: 简短的介绍。\n---\n焦虑是常见的心理问题。\n",
    "content/articles/worry.zh-Hant.md": "---\ntitle: 關於焦慮\nsummary: 簡短的介紹。\n---\n焦慮是常見的心理問題。\n",
    "content/articles/worry.zh-TW.md": "---\ntitle: 談談焦慮\nsummary: 簡短的介紹。\n---\n夜晚焦慮加重時，睡眠會受到影響。\n",
    "content/articles/worry.cmn.md": "---\ntitle: 说说焦虑\nsummary: 简短的介绍。\n---\n夜晚焦虑加重时，睡眠会受到影响。\n",
    "content/clinicians/chen-li.md": CLINICIAN,
    "content/clinicians/chen-li.zh-TW.md": "---\nname: 李晨\nrole: 精神科醫生\n---\n簡介。\n",
}

SIMPLIFIED = {"skip": "跳到主要内容", "nav": ["首页", "博客", "地点和营业时间", "联系我们"], "days": "周一和周二"}
TRADITIONAL = {"skip": "跳至主要內容", "nav": ["首頁", "網誌", "地點及營業時間", "聯絡我們"], "days": "週一和週二"}


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    source = write_site(tmp_path_factory.mktemp("chinese") / "site", FILES)
    code, printed = build(source)
    assert code == 0, printed
    assert "the theme has no words in" not in printed, printed
    return source / "output"


def read(output: Path, file: str) -> LexborHTMLParser:
    return LexborHTMLParser((output / file).read_text("utf-8"))


@pytest.mark.parametrize(("path", "code", "words"), [
    ("cn/", "zh-CN", SIMPLIFIED),
    ("hant/", "zh-Hant", TRADITIONAL),
    ("tw/", "zh-TW", TRADITIONAL),
    ("yue/", "yue", {**TRADITIONAL, "days": "星期一和星期二"}),  # (CLDR's Cantonese weekdays)
    ("cmn/", "cmn", SIMPLIFIED),  # Mandarin by its own code: CLDR's 'zh'
    ("zh-yue/", "zh-yue", {**TRADITIONAL, "days": "星期一和星期二"}),  # Cantonese in the extended form: 'yue'
])
def test_each_chinese_shows_the_theme_in_the_script_it_is_read_in_under_its_own_code(output, path, code, words):
    home = read(output, path + "index.html")
    assert home.css_first("html").attributes["lang"] == code  # the site's code, not the catalogue's
    assert home.css_first("a.skip-link").text() == words["skip"]
    assert [a.text(strip=True) for a in home.css("nav a")][:4] == words["nav"]
    assert home.css_first(".hours th").text(strip=True) == words["days"]


def test_search_on_a_taiwan_page_splits_chinese_by_its_characters_and_speaks_traditional(output):
    index = output / "tw/search/index"
    assert lookup(index, "焦慮") == lookup(index, "焦") == lookup(index, "睡眠") == {"blog/worry/"}
    assert lookup(index, "关于") == set()  # (the Simplified page is another language's index)
    form = read(output, "tw/search/index.html").css_first("form.search-form").attributes
    assert form["data-one"] == "「{query}」有 1 項結果。"
    assert form["data-many"] == "「{query}」有 {count} 項結果。"


def test_search_on_a_mandarin_page_splits_chinese_by_its_characters_and_speaks_simplified(output):
    index = output / "cmn/search/index"
    assert lookup(index, "焦虑") == lookup(index, "焦") == lookup(index, "睡眠") == {"blog/worry/"}
    form = read(output, "cmn/search/index.html").css_first("form.search-form").attributes
    assert form["data-one"] == "“{query}”有 1 条结果。"
    article = read(output, "cmn/blog/worry/index.html")
    assert "阅读约需 1 分钟" in article.css_first("article").text()  # (read by the character, as Chinese is)


def test_the_team_filter_names_mandarin_and_cantonese_in_traditional_on_a_taiwan_page(output):
    """zh-TW is spoken Mandarin, zh-HK Cantonese (spoken.py); a Traditional page names both in its
    own words, and Mandarin also in Simplified, the script its own name is given in."""
    html = (output / "tw/team/index.html").read_text("utf-8")
    select = html[html.index('<select id="filter-language"'):]
    assert re.findall(r'<option value="([^"]*)">([^<]*)</option>', select[:select.index("</select>")]) == [
        ("", "任何語言"), ("cmn", "中文（國語／普通話） – 中文（普通话）"), ("yue", "中文（粵語）"), ("en", "英文 – English")]


def test_cantonese_pages_keep_full_width_punctuation_whole_as_chinese_pages_do(output, browser):
    """The stylesheet's rule for Chinese and Japanese (text-spacing-trim) holds for Cantonese too."""
    with serve_directory(output) as base_url:
        context = browser.new_context()
        try:
            page = context.new_page()
            trims = {}
            for path in ("tw/", "yue/", "cmn/", ""):
                page.goto(base_url + path)
                trims[path] = page.evaluate("getComputedStyle(document.querySelector('h1, h2')).textSpacingTrim")
        finally:
            context.close()
    assert trims == {"tw/": "space-all", "yue/": "space-all", "cmn/": "space-all", "": "normal"}


@pytest.mark.parametrize(("path", "wednesday"), [
    ("hant/", "上午9:00 – 中午12:00、下午1:00 – 晚上7:00"),
    ("cn/", "09:00 – 12:00、13:00 – 19:00"),
    ("", "9:00 am – 12:00 pm, 1:00 pm – 7:00 pm"),
])
def test_a_day_of_two_spans_is_joined_as_the_pages_language_writes_a_list(output, path, wednesday):
    """Chinese lists take 、 (CLDR's list pattern); an English comma in Chinese text reads as a slip."""
    cells = [" ".join(cell.text().split()) for cell in read(output, path + "index.html").css(".hours td")]
    assert wednesday in cells, cells


def test_a_chinese_default_language_is_named_in_the_switcher_with_full_width_brackets(tmp_path):
    """With no site.language_name, the switcher names the default language by CLDR, in full-width
    brackets as Chinese text writes them, not Babel's English bracket and space."""
    config = (MINIMAL_CONFIG.replace("language: en", "language: zh-Hant")
              .replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n    - {code: en, name: English}\n"))
    source = write_site(tmp_path / "site", {"site_config.yaml": config})
    code, printed = build(source)
    assert code == 0, printed
    for page in ("index.html", "en/index.html"):
        switcher = read(source / "output", page).css_first("nav.language-switcher")
        assert [a.text(strip=True) for a in switcher.css("a")] == ["中文（繁體）", "English"]


def test_the_themes_sentences_around_links_take_chinese_punctuation(tmp_path):
    """The nondiscrimination notice's complaint paragraph and taglines' lead, the Good Faith Estimate
    notice's last paragraph, and the search page's list without JavaScript are whole sentences with
    their links inside: Chinese puts its own comma, brackets and full stop around a link, not the
    English ', ', ' (' and '.'."""
    config = MINIMAL_CONFIG.replace("language: en", "language: zh-Hant") + (
        "notices:\n  nondiscrimination: true\n  good_faith_estimate: true\n  language_assistance:\n    languages: [es]\n")
    source = write_site(tmp_path / "site", {
        "site_config.yaml": config,
        "content/articles/a.md": "---\ntitle: 焦慮\ndate: 2026-01-05\nsummary: 簡介。\ncategory: 心理健康\n---\n文字。\n"})
    code, printed = build(source)
    assert code == 0, printed
    notice = read(source / "output", "nondiscrimination/index.html")
    complaint = " ".join(p.text() for p in notice.css("p") if "ocrportal" in p.text())
    assert "ocrportal.hhs.gov，也可以郵寄至" in complaint and "1-800-368-1019（TDD 聽障人士電話 800-537-7697）。" in complaint
    assert complaint.endswith("www.hhs.gov/ocr/complaints。")
    lead = next(p.text() for p in notice.css("section p"))
    assert lead.startswith("注意：") and lead.endswith("請致電 +1 217-555-2000。")
    estimate = read(source / "output", "good-faith-estimate/index.html")
    assert [p.text() for p in estimate.css("p") if "www.cms.gov" in p.text()] == [
        "如對您獲得善意估價的權利有疑問，或想了解更多資訊，請瀏覽 www.cms.gov/nosurprises 或致電 1-800-985-3059。"]
    search = read(source / "output", "search/index.html")
    assert [li.text() for li in search.css("li") if "全部文章" in li.text()] == ["全部文章及其類別"]


def test_lists_of_places_are_joined_as_the_pages_language_writes_a_list(tmp_path):
    """A closure of some offices names them, and the contact page names the offices that share
    hours, with the page's list separator: 、 in Chinese, not the English ', ' (and the closure's
    brackets are the language's own)."""
    locations = "".join(
        f"  - {{id: {id}, name: {name}, street: 1 Main St, city: Springfield, region: IL, postal_code: '62701'"
        f"{hours}}}\n" for id, name, hours in (("east", "東區", ""), ("west", "西區", ""), ("north", "北區", ", hours: {saturday: '10:00-14:00'}")))
    config = (MINIMAL_CONFIG.replace("language: en", "language: zh-Hant")
              .replace("locations:\n  - id: downtown\n    name: Downtown\n    street: 1 Main St\n    city: Springfield\n"
                       "    region: IL\n    postal_code: \"62701\"\n", "locations:\n" + locations)
              .replace("    label: Christmas Day\n", "    label: 聖誕節\n    locations: [east, west]\n"))
    source = write_site(tmp_path / "site", {"site_config.yaml": config})
    code, printed = build(source)
    assert code == 0, printed
    closures = read(source / "output", "locations/index.html").css_first("ul.closures").text()
    assert "休息（只限東區、西區）" in closures  # (full-width brackets around Chinese words, with no space before)
    shared = [p.text() for p in read(source / "output", "contact/index.html").css("p.hours-for")]
    assert "東區、西區" in shared, shared


def test_search_finds_a_clinician_by_the_spoken_chinese_the_team_page_names(output):
    """zh-TW is spoken Mandarin and zh-HK Cantonese: the search finds the clinician by the names
    the team page gives them (國語, 普通話, Mandarin; 粵語, Cantonese), not only by CLDR's names
    of the written codes (Traditional Chinese, Chinese (Hong Kong))."""
    index = output / "tw/search/index"
    for word in ("普通", "國語", "mandarin", "粵語", "cantonese"):  # (Chinese is indexed by pairs of characters)
        assert lookup(index, word) == {"team/chen-li/"}, word
    assert lookup(output / "search/index", "mandarin") == {"team/chen-li/"}  # (the English pages too)
