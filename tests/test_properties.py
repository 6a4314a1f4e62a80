"""Property-based tests: random front matter, hours and YAML thrown at the loaders.

Whatever an editor types, the loader either accepts it or reports problems as values
(`Problem(path, line, message)`, one line each); it never raises. Examples are bounded
(max_examples, no deadline) so the suite stays fast.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

try:  # tests/ as a package (`python -m pytest` from the repository root)
    from tests.helpers import MINIMAL_CONFIG, TODAY, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_CONFIG, TODAY, write_site  # type: ignore[no-redef]

from haven import yamlfile
from haven.config import load_config
from haven.content import CURLY_QUOTES, load_content
from haven.hours import WEEKDAYS, Week
from haven.htmltext import reader_languages, reader_text
from haven.markup import Converter
from haven.pipeline import build
from haven.problems import Problem, errors
from haven.schema import Reader, load

# HAVEN_FUZZ_EXAMPLES=5000 runs a longer search locally; the suite's default stays fast.
EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "200"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to YAML and Markdown, plus some ordinary text.
YAML_CHARS = st.sampled_from(list(":-'\"[]{}#&*!|>%@`,?\\\t\n ") + list("abcdeftitledatesummary0123456789é✓"))
KEYS = st.sampled_from(["title", "date", "summary", "category", "tags", "author", "reviewed_by", "reviewed_on",
                        "updated", "draft", "slug", "aliases", "Title", "sumary", "tag", "x"])
SCALARS = st.one_of(
    st.text(max_size=30), st.integers(-10, 3000), st.booleans(), st.none(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(str),
    st.sampled_from(["2024-02-30", "2024-13-01", "24-1-5", "/old/", "../x", "a/b", "ok-slug", "yes", "[", "*x", "&a"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=8)


def _assert_problems_are_values(problems: list, path: str) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == path
        assert isinstance(problem.line, int) and problem.line >= 0
        assert problem.message and "\n" not in problem.message
        assert "Traceback" not in problem.message


def _load_article(text: str | bytes):
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        path = site / "content/articles/post.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return load_content(site, Converter("/"))


def _accepted_or_reported(content, problems) -> None:
    _assert_problems_are_values(problems, "content/articles/post.md")
    # Either the article loaded cleanly, or at least one error says why it did not.
    assert (len(content.articles) == 1 and not errors(problems)) or errors(problems)


@SETTINGS
@given(front=st.text(YAML_CHARS, max_size=200), body=st.text(max_size=80))
def test_random_front_matter_text_is_accepted_or_reported(front, body):
    _accepted_or_reported(*_load_article(f"---\n{front}\n---\n{body}\n"))


@SETTINGS
@given(data=st.dictionaries(KEYS, VALUES, max_size=6), body=st.text(max_size=80))
def test_random_front_matter_keys_and_values_are_accepted_or_reported(data, body):
    front = yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)
    _accepted_or_reported(*_load_article(f"---\n{front}---\n{body}\n"))


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_random_bytes_are_accepted_or_reported(raw):
    _accepted_or_reported(*_load_article(raw))


@SETTINGS
@given(title=st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\ufeff\ufffe\uffff"),
                    min_size=1, max_size=40),
       day=st.dates(dt.date(2000, 1, 1), dt.date(2026, 1, 1)))
def test_any_title_in_quotes_is_accepted_as_written(title, day):
    content, problems = _load_article(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {day}\n---\nSome words.\n")
    curly = (len(title) > 2 and (title[0], title[-1]) in CURLY_QUOTES and not set(title[0] + title[-1]) & set(title[1:-1])
             and bool(title[1:-1].strip()))
    if title.strip():
        assert not errors(problems), problems
        # (curly quotes pasted round a whole title are left out, with a warning: content.CURLY_QUOTES)
        assert content.articles[0].title == (title[1:-1].strip() if curly else title)
    else:
        assert errors(problems)


# --------------------------------------------------------------------------
# Hours
# --------------------------------------------------------------------------

TIMES = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 26), st.sampled_from([0, 15, 30, 59, 60, 75]))
RANGES = st.one_of(
    st.builds(lambda a, b, dash: f"{a}{dash}{b}", TIMES, TIMES, st.sampled_from(["-", "–", " - ", "/", ""])),
    st.sampled_from(["closed", "Closed", "open", "", "9-5", "9am-5pm", "24:00-24:00", "00:00-24:00"]),
    st.text(max_size=12),
)
DAY_VALUE = st.one_of(RANGES, st.lists(RANGES, max_size=4), st.none(), st.integers(), st.dictionaries(st.text(max_size=5), RANGES, max_size=2))
DAY_NAMES = st.one_of(st.sampled_from(WEEKDAYS), st.sampled_from(["Monday", "mon", "mondy", "holiday", "1"]))


@SETTINGS
@given(week=st.dictionaries(DAY_NAMES, DAY_VALUE, max_size=8))
def test_random_hours_are_accepted_or_reported(week):
    text = yaml.safe_dump({"hours": week}, allow_unicode=True)
    data, problems = yamlfile.parse(text, "site_config.yaml")
    reader = Reader("site_config.yaml", problems)
    result = load(Week, data["hours"], reader, "hours", 1) if data and "hours" in data else None
    _assert_problems_are_values(problems, "site_config.yaml")
    assert (result is not None and not problems) or problems
    if result is not None and not problems:
        for day in result.days:  # what is accepted makes sense: ordered, non-overlapping, within the day
            for span in day.spans:
                assert 0 <= span.start < span.end <= 24 * 60
            for before, after in itertools.pairwise(day.spans):
                assert before.end <= after.start


@settings(max_examples=max(60, EXAMPLES // 3), deadline=None)
@given(week=st.dictionaries(DAY_NAMES, DAY_VALUE, max_size=8))
def test_random_hours_in_a_whole_config_are_accepted_or_reported(week):
    head, tail = MINIMAL_CONFIG.split("hours:\n", 1)
    rest = tail[tail.index("closures:"):]
    config_text = head + yaml.safe_dump({"hours": week}, allow_unicode=True) + rest
    with tempfile.TemporaryDirectory() as folder:
        site = write_site(Path(folder), {"site_config.yaml": config_text})
        config, problems = load_config(site)
    _assert_problems_are_values(problems, "site_config.yaml")
    assert (config is not None and not errors(problems)) or errors(problems)


# --------------------------------------------------------------------------
# Any YAML text, and the whole pipeline
# --------------------------------------------------------------------------


@SETTINGS
@given(text=st.text(YAML_CHARS, max_size=300))
def test_the_yaml_reader_never_raises(text):
    value, problems = yamlfile.parse(text, "x.yaml", first_line=2)
    _assert_problems_are_values(problems, "x.yaml")
    assert value is None or isinstance(value, (str, yamlfile.Map, yamlfile.Seq))


@settings(max_examples=max(40, EXAMPLES // 5), deadline=None)
@given(front=st.one_of(st.text(YAML_CHARS, max_size=120),
                       st.dictionaries(KEYS, VALUES, max_size=5).map(lambda d: yaml.safe_dump(d, allow_unicode=True))),
       body=st.lists(st.sampled_from([*"abc #*_[]()<>/:!\n", "<script>", "](/blog/x/)", "![](/a.png)", "press 3"]),
                     max_size=30).map("".join))
def test_the_whole_check_never_raises(front, body):
    with tempfile.TemporaryDirectory() as folder:
        site = write_site(Path(folder), {"content/articles/post.md": f"---\n{front}\n---\n{body}\n"})
        result = build(site, None, today=TODAY)
    for problem in result.problems:
        assert isinstance(problem, Problem) and problem.message and "\n" not in problem.message


_MARKDOWN_PIECES = st.lists(st.sampled_from([
    "word", " ", "\n", "\n\n", "  \n", "*", "**", "_", "`", "\\", "[", "]", "(", ")", "!", "<", ">", "&", "#", "-",
    "1.", "[^1]", "[^1]: note", "<b>", "</b>", "&amp;", "<https://x.test>", "<a@b.test>", "[a](/b)", "( /b )", "![i](/i.png)",
    "'", '"', "--", "...", "é", "{: .c}", "| a | b |\n|---|---|\n| 1 | 2 |", "!!! note\n    text",
    "\n# ", "\n## ", "\n> ", "\n===", "\n---", "\n- ", "\n* ", "\n1. ", "\n    ", "    ", "\n[x]: /y",
    "\n[x]: /y \"t\"", "[x]", "\n[^n]: ", "[^n]", "\n!!! tip \"T\"\n", "|", "\n***", "\n___", "\n- - -",
    "\n```\n", "\n~~~ {.py}\n", "{#anchor}", "{", "}", "\\*", "\\\\", "\n<div>\n", "</div>\n", "&copy;", "<!-- c -->",
    "\t", "\r\n", "\r", " \t\n", "\x02", "\x03",  # what the whitespace pass changes
]), max_size=40).map("".join)


@SETTINGS
@given(_MARKDOWN_PIECES)
@example("A paragraph\n{#anchor}\n\n## Heading {.c}")
@example("Escaped \\*stars\\* and a \\\\ backslash")
@example("```\ncode <b>\n```")
@example("~~~\nmore\n~~~")
@example("<div>\nraw\n</div>")
@example("AT&T &copy; &#169;")
@example("|a|b|\n|-|-|\n|1|2|")
@example("A `code` span, and a line  \nbreak.")
@example("_Emphasis_ and __strong__, fish &amp; chips &copy;, <ftp://files.test/a> and ![r]\n\n[r]: /x.png")
@example("Go [there][r].\n\n[r]:/x\n\nAbove a line\n\n___\n\nand below it.")
@example("!!!note\n    First paragraph.\n\n    Second paragraph, still in the note.\n\nSetext\n---")
@example("See [r], [text][r], ![alt][r] and a note[^1].\n\n[r]: /x\n\n[^1]: The note.")
@example("See [r], [text][r], ![alt][r] and a note[^1], none defined.")
@example("# Title\nSetext\n===\n\n> quote\n\n- - -\n\n[r]: /x\n\n[^1]: note\n\n!!! tip\n    body\n\n| a |\n|---|")
@example("An *em*, a **strong**, [a link](/b), ![an image](/i.png), <a@b.test> and <b>bold</b>, none defined.")
@example("Lone stars: a * b *c* d.")
@example("Lines of spaces\n   \nand tabs\n\t\nbetween paragraphs, and one at the end  ")
@example("Carriage returns\r\n \r\nand markers \x02\n\x03 \nin lines")
@example("Lone lines: e _ f _g_ h.")
@example("## Fish &amp; chips\n\nAbove a line\n\n***\n\nand below it, a * lone star and a code point &#65 b.")
@example("Links: [a]( /b ), [a](/b \"t\"), [a](<b c>), [a [b]](/c), [a](/b(c)), [a](/b\\)c), [a](/b c), [a]().")
@example("More: [\\*a](/b), [`c` *d*](/e?f=1&g=2), [a](\n/b\n), [a]( /b\"x\"), [a](/b' and [<b>x</b>](/y).")
def test_the_markdown_shortcuts_never_change_the_html(text):
    """Python-Markdown's passes run only on text, blocks and documents that hold what they need
    (haven.markup): the result must be what Python-Markdown gives without these shortcuts."""
    quick, plain = Converter("/"), Converter("/", fast=False)
    assert quick.fast and not plain.fast  # the shortcuts are in use on this Python-Markdown
    assert quick.convert(text) == plain.convert(text)


# "press 3" and its neighbours, in any case, with what may stand between (spaces of every kind,
# tags, entities, the letters that lower-case to ASCII ones).
_PRESS_PIECES = st.lists(st.sampled_from(
    ["press", "PRESS", "Pressing", "presSİng", "İ", "\u212a", "option", "OPTİON", " ", "\u00a0", "\u3000", "\x1c",
     "\n", "<b>", "</a>", "<a href='x>'>", "&nbsp;", "&é;", "&#51;", "&", ";", "#", "3", "\uff13", "x", "é"]), max_size=12).map("".join)


@SETTINGS
@given(_PRESS_PIECES)
@example("press\u00a03")
@example("PRESS <b>option</b>&nbsp;3")
@example("press&é;3")
@example("pressİ 3")
def test_the_quick_look_for_press_3_finds_what_the_lowercased_look_finds(text):
    from haven.content import _PRESS_3_NEARBY, may_mention_pressing_3

    assert may_mention_pressing_3(text) == (_PRESS_3_NEARBY.search(text.lower()) is not None)
    assert may_mention_pressing_3(text, text.encode("utf-8")) == may_mention_pressing_3(text)


@SETTINGS
@given(st.text(st.one_of(st.sampled_from("a \u2019\u2fff\u3000\u303f\u3040\u4e2d\uac00\uffff\U00020000\ud800"),
                         st.characters()), max_size=12))
@example("it\u2019s")  # typographic quotes: beyond ASCII, far below Han
@example("\u303f")  # the last character before kana: its first byte is one the quick look lets through
@example("\u3041")
def test_the_quick_look_for_chinese_and_japanese_finds_what_the_pattern_finds(text):
    from haven.markup import _cjk, _has_cjk

    assert _has_cjk(text) == (_cjk().search(text) is not None)


_LINE_PIECES = st.lists(st.sampled_from(["\n", " ", "\t", "    ", "> ", ">", "- ", "* ", "+ ", "1. ", "12) ", "-", "=",
                                          "#", "x", "> > > > > ", "- - - - - ", " " * 21, "\t" * 6]),
                        max_size=30).map("".join)


@SETTINGS
@given(_LINE_PIECES)
@example("> " * 11 + "x")  # too deep on the first line
@example("x\n\n" + "- " * 6 + "> " * 5 + "x")  # ... on a later line
@example("x\n" + " " * 81 + "y")  # too far indented
@example("x\n" + "\t" * 21 + "y")
@example("#\n" * 301)  # too many headings
@example("x\n===\n" * 150 + "y\n---\n" * 151)
def test_the_limits_find_the_lines_a_line_start_pattern_finds(text):
    import re

    from haven import limits

    # The patterns as first written, with '^' in MULTILINE mode (limits.py searches for '\n' instead).
    deep = re.compile(r"^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))){%d}" % (limits.MAX_NESTING + 1), re.M)
    indented = re.compile(r"^[ \t]{%d,}" % (limits.MAX_INDENT // 4 + 1), re.M)
    heading = re.compile(r"^[ \t]*(?:#|=+[ \t]*$|-+[ \t]*$)", re.M)
    lines = "\n" + text
    assert [m.start() for m in limits._TOO_DEEP.finditer(lines)] == [m.start() for m in deep.finditer(text)]
    assert [(m.start(), m.group()[1:]) for m in limits._INDENTED.finditer(lines)] == \
        [(m.start(), m.group()) for m in indented.finditer(text)]
    assert [m.start() for m in limits._HEADING.finditer(lines)] == [m.start() for m in heading.finditer(text)]


_HTML_PIECES = st.lists(st.sampled_from(
    ["<", ">", "/", "p", "li", "br", "BR", " ", "\n", "\t", "\xa0", "x", '"', "</p>", "</LI>", "<br/>", "<br >",
     "</h7>", "</", "<a ", '<a title="', "&amp;", "&#10;", "&nbsp;"]), max_size=16).map("".join)


@SETTINGS
@given(_HTML_PIECES)
@example('x<a title="</p>">y')  # a block's end inside an attribute ends that tag
@example("p<BR ><<<<br<x")
def test_the_words_of_html_are_those_of_a_space_after_each_block_end(markup):
    import html
    import re

    # reader_text as first written: a space put after each block's end, then every tag taken away.
    block_end = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|div|tr|td|th|dd|dt|figcaption)>|<br\s*/?>", re.I)
    expected = " ".join(html.unescape(re.sub(r"<[^>]*>", "", block_end.sub(r"\g<0> ", markup))).split())
    assert reader_text(markup) == expected


_LANG_PIECES = st.lists(st.sampled_from(
    ['<span lang="en">', '<em lang="es">', "<span>", "</span>", "</em>", "<p>", "</p>", "<br>", " ", "\n", "x", "字",
     "\U0001f600", "&amp;", '<a hreflang="es">', "</a>"]), max_size=16).map("".join)


@SETTINGS
@given(_LANG_PIECES)
@example('<p>拨打 <em lang="en">988 Suicide &amp; Crisis Lifeline</em>\uff0c全天</p>')
@example('<span lang="en"> x <span lang="es">\U0001f600y</span> z </span>')
def test_the_runs_in_another_language_are_those_of_the_text_reader_text_gives(markup):
    text, runs = reader_languages(markup)
    assert text == reader_text(markup)
    units = text.encode("utf-16-le")
    at = 0
    for start, end, lang in runs:  # in order, apart, each words of the text (in UTF-16 code units)
        assert at <= start < end <= len(units) // 2 and lang in ("en", "es")
        shown = units[2 * start:2 * end].decode("utf-16-le")
        assert shown == shown.strip() and shown in text
        at = end


_CRISIS = "In crisis? Call or text 988 (Suicide & Crisis Lifeline)."
_CRISIS_CONVERTER = Converter("/")
_CRISIS_PIECES = st.lists(st.sampled_from(
    ['<div id="crisis">', "<p>", "</p>", "In crisis?", "Call or text", "988", "(Suicide &amp; Crisis Lifeline).",
     "(Suicide & Crisis Lifeline).", " ", "\n", "<b>", "</b>", '<a title="', '">', "&amp", ">", "<", "x"]),
    max_size=16).map("".join)


@SETTINGS
@given(_CRISIS_PIECES)
@example('<div id="crisis"><p>In crisis? Call or text 988 (Suicide &amp; Crisis Lifeline).</p>')
@example('<div id="crisis"><p>In crisis? <a title="</p>">Call or text 988 (Suicide &amp; Crisis Lifeline).</p>')
@example('<div id="crisis"><p>In crisis? Call or text</p> 988 (Suicide &amp; Crisis Lifeline).')
@example('<div id="crisis"><p><a title="In crisis? Call or text 988 (Suicide &amp; Crisis Lifeline).</p>">x</a>')
def test_the_crisis_line_is_found_as_the_whole_window_finds_it(page):
    import types

    from haven import checks

    site = types.SimpleNamespace(config=types.SimpleNamespace(crisis=types.SimpleNamespace(text=_CRISIS)))
    converter = _CRISIS_CONVERTER
    start = page.find('id="crisis"')
    shown = reader_text(page[start:start + 4000]) if start >= 0 else ""
    whole = start >= 0 and (" ".join(_CRISIS.split()) in shown or reader_text(converter.inline(_CRISIS)) in shown)
    assert checks._has_crisis_line(site, page, converter) == whole  # type: ignore[arg-type]


# What could hide the crisis block, in any case, with the letters that IGNORECASE takes for ASCII ones.
_HIDING_PIECES = st.lists(st.sampled_from(
    ["<!--", "<template", "<TEMPLATE", "<noscript", "<NoScrİpt", "hidden", "HİDDEN", "h\u0131dden", "aria-hidden", "inert",
     "İNERT", "\u0131nert", "\u0131", "\u0130", "\u212a", "\u017f", "i", " ", "-", "<", "x", 'id="crisis">']),
    max_size=10).map("".join)


@SETTINGS
@given(_HIDING_PIECES)
@example('<div hİdden id="crisis">')
@example('<div class="x" \u0131nert id="crisis">')
def test_the_quick_look_for_what_could_hide_the_crisis_block_misses_nothing_the_pattern_finds(text):
    from haven.checks import _HIDING, _HIDING_WORDS

    folded = text.casefold()
    if _HIDING.search(text):
        assert any(word in folded for word in _HIDING_WORDS)
