"""The page checks walk the parts of <body> a site repeats (crisis block, header, footer) once per
distinct part, not on every page (checks._known_walk). What they find must not change for it: a
page checked that way has the facts a walk of every element gives, and a repeated part that
differs on one page, or a page the shortcut cannot read (templates, a second reading for
<noscript>), is checked in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from haven import checks
from haven.checks import Locator, page_facts
from haven.markup import Converter
from haven.pipeline import build
from haven.site import load_site
from helpers import MINIMAL_ARTICLE, ROOT, TODAY, write_site


def _site(source: Path):
    site, problems = load_site(source, TODAY, False)
    assert site is not None, problems
    return site


def _facts(site, pages: dict[str, str], monkeypatch=None, full: bool = False) -> dict:
    """Each page's facts, in order, with one Locator (so the parts met are remembered across pages)."""
    if full:
        monkeypatch.setattr(checks, "_known_walk", lambda *args: False)
    finder, converter = Locator(site, {}, {}), Converter(site.config.site.base_path)
    try:
        return {file: page_facts(site, file, text, finder, converter, text.encode("utf-8"))
                for file, text in pages.items()}
    finally:
        if full:
            monkeypatch.undo()


@pytest.mark.slow
def test_the_example_sites_pages_have_the_facts_a_walk_of_every_element_gives(tmp_path, monkeypatch):
    output = tmp_path / "output"
    assert build(ROOT, output, today=TODAY).ok
    site = _site(ROOT)
    pages = {str(path.relative_to(output)): path.read_text("utf-8") for path in sorted(output.rglob("*.html"))}
    assert len(pages) > 50
    assert _facts(site, pages) == _facts(site, pages, monkeypatch, full=True)


def _page(footer: str, main: str = "<h1 id='top'>A page</h1><p>Words.</p>") -> str:
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A page</title></head><body>'
            '<a class="skip-link" href="#main">Skip</a>'
            '<div class="crisis" id="crisis"><p>In crisis? Call or text 988.</p></div>'
            f'<main id="main">{main}</main><footer class="site-footer">{footer}</footer></body></html>')


FOOTER = '<nav aria-label="More"><a href="/privacy/">Privacy</a> <a href="#top">Back to top</a></nav><p id="hours">Open</p>'


@pytest.fixture
def small_site(tmp_path):
    return _site(write_site(tmp_path / "site", {"content/articles/hello.md": MINIMAL_ARTICLE}))


def test_a_part_met_on_every_page_still_gives_each_page_its_links_and_anchors(small_site, monkeypatch):
    pages = {f"p{n}/index.html": _page(FOOTER) for n in range(4)}
    quick = _facts(small_site, pages)
    assert quick == _facts(small_site, pages, monkeypatch, full=True)
    for facts in quick.values():
        assert not facts.problems
        assert {"hours", "top", "main", "crisis"} <= set(facts.ids)
        assert ("/privacy/", "a") in facts.links


def test_a_repeated_part_that_differs_on_one_page_is_checked_on_that_page(small_site, monkeypatch):
    tracker = FOOTER + '<img src="https://tracker.example/pixel.gif" alt="">'
    pages = {**{f"p{n}/index.html": _page(FOOTER) for n in range(3)}, "odd/index.html": _page(tracker)}
    quick = _facts(small_site, pages)
    assert quick == _facts(small_site, pages, monkeypatch, full=True)
    assert any("tracker.example" in problem.message for problem in quick["odd/index.html"].problems)
    assert not quick["p2/index.html"].problems


def test_a_link_to_an_anchor_in_a_repeated_part_is_looked_up_on_each_page(small_site, monkeypatch):
    # The footer links to #top: on the last page no heading has that id.
    pages = {**{f"p{n}/index.html": _page(FOOTER) for n in range(3)},
             "untitled/index.html": _page(FOOTER, main="<p>No heading here.</p>")}
    quick = _facts(small_site, pages)
    assert quick == _facts(small_site, pages, monkeypatch, full=True)
    assert [problem.message for problem in quick["untitled/index.html"].problems] == [
        "links to #top, but this page has no heading or anchor with that name; "
        "check the spelling, or link to a heading that exists"]


@pytest.mark.parametrize("main", [
    '<template><script>alert(1)</script></template>',  # template contents: walked apart from the tree
    '<noscript><img src="https://tracker.example/pixel.gif" alt=""></noscript>',  # read again without scripts
])
def test_pages_the_shortcut_cannot_read_are_walked_in_full(small_site, monkeypatch, main):
    pages = {**{f"p{n}/index.html": _page(FOOTER) for n in range(3)}, "odd/index.html": _page(FOOTER, main=main)}
    quick = _facts(small_site, pages)
    assert quick == _facts(small_site, pages, monkeypatch, full=True)
    assert quick["odd/index.html"].problems


def _refused(css: str) -> list[tuple[int, str]]:
    """(line, the rule as the message shows it: its selector and the declarations refused)."""
    return [(line, f"{selector} {{ {'; '.join(declaration for declaration, _ in refused)} }}")
            for line, selector, refused in checks._crisis_hiding(css)]


# A site's stylesheet can take the crisis block off the screen while its words stay in every page.
# Each way "visually hidden" is written is found (the rule as the message shows it); decorating the
# block, or leaving its buttons out of print, is not. The call and text buttons are held to the
# same rules as the message on screen: on a phone they are the one-tap way to reach help, and
# crisis.text need not repeat the number.
@pytest.mark.parametrize(("css", "shown"), [
    (".crisis { display: none }", ".crisis { display: none }"),
    (".crisis p { visibility: hidden !important }", ".crisis p { visibility: hidden }"),
    (".crisis { opacity: .05 }", ".crisis { opacity: .05 }"),
    (".crisis { opacity: 5% }", ".crisis { opacity: 5% }"),
    (".crisis { position: absolute; left: -9999px }", ".crisis { position: absolute; left: -9999px }"),
    ("#crisis { text-indent: -100em }", "#crisis { text-indent: -100em }"),
    (".crisis { translate: -10000px 0 }", ".crisis { translate: -10000px 0 }"),
    (".crisis { transform: translateX(-100vw) }", ".crisis { transform: translateX(-100vw) }"),
    (".crisis { transform: translateX(-100%) }", ".crisis { transform: translateX(-100%) }"),
    (".crisis { transform: rotate(2deg) scale(0) }", ".crisis { transform: rotate(2deg) scale(0) }"),
    (".crisis p { width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); position: absolute }",
     ".crisis p { height: 1px; overflow: hidden; clip: rect(0 0 0 0); position: absolute }"),
    (".crisis { max-height: 0; overflow: clip }", ".crisis { max-height: 0; overflow: clip }"),
    (".crisis { clip-path: inset(50%) }", ".crisis { clip-path: inset(50%) }"),
    (".crisis { clip-path: circle(0) }", ".crisis { clip-path: circle(0) }"),
    (".crisis { font-size: 0 }", ".crisis { font-size: 0 }"),
    (".crisis p { font: 0/0 a }", ".crisis p { font: 0/0 a }"),  # the shorthand, as "image replacement" wrote it
    (".crisis { font-size: 1% }", ".crisis { font-size: 1% }"),
    (".crisis a { color: transparent }", ".crisis a { color: transparent }"),
    (".crisis a { color: rgb(0 0 0 / 0%) }", ".crisis a { color: rgb(0 0 0 / 0%) }"),
    (".crisis a { color: rgba(255, 255, 255, 0) }", ".crisis a { color: rgba(255, 255, 255, 0) }"),
    (".crisis a { color: #fff0 }", ".crisis a { color: #fff0 }"),
    ("@media not print { .crisis { display: none } }", ".crisis { display: none }"),
    ("@media print, (max-width: 30em) { .crisis { display: none } }", ".crisis { display: none }"),
    (".crisis-actions { display: none }", ".crisis-actions { display: none }"),
    (".crisis .crisis-call { visibility: hidden }", ".crisis .crisis-call { visibility: hidden }"),
])
def test_a_stylesheet_rule_that_takes_the_crisis_block_off_the_screen_is_found(css, shown):
    assert _refused("/* site */\n" + css) == [(2, shown)]


@pytest.mark.parametrize("css", [
    ".crisis { background: #6d1a36; color: #fff; font-size: 0.9rem; opacity: 0.95 }",
    ".crisis { margin-left: -2rem; left: -50%; transform: translateX(-10px) scale(1.1) }",
    ".crisis { height: 0 }",  # (what overflows still shows)
    ".crisis { max-height: 3rem; overflow: hidden }",
    ".crisis { clip-path: inset(0 round 8px) }",
    ".crisis a { color: rgba(255, 255, 255, 0.9) }",
    "@media print { .crisis-actions { display: none } }",  # the buttons, on paper (as the theme does)
    ".crisis-resources { filter: grayscale(1) }",  # a site's own part of a page, not the crisis block
    "@media print { .crisis { display: none } }",
    "@media only print and (orientation: portrait) { .crisis { display: none } }",
])
def test_a_rule_that_decorates_the_crisis_block_is_left_alone(css):
    assert _refused(css) == []


# What a rule for the crisis block may set is a list of what Haven knows keeps it readable: what
# is not on it is refused, however harmless it looks, in words an editor can act on.
def test_a_property_not_on_the_list_is_refused_on_the_crisis_block():
    css = ".crisis {\n  background: #0b3d2e;\n  filter: blur(20px);\n  mix-blend-mode: multiply;\n}\n"
    [(line, selector, refused)] = checks._crisis_hiding(css)
    assert (line, checks._crisis_message(selector, refused)) == (3, (
        "sets 'filter: blur(20px)' and 'mix-blend-mode: multiply' on the crisis message (.crisis); Haven lets a rule "
        "for the crisis message set only properties it knows keep it readable (colours, fonts, spacing, borders, "
        "layout); remove them or move them to a rule for another part of the page"))


def test_a_theme_variable_made_transparent_is_refused_where_it_is_set():
    css = ":root {\n  --radius: 0;\n  --crisis-bg: #0b3d2e;\n  --crisis-text: rgba(0, 0, 0, 0);\n}\n"
    [(line, selector, refused)] = checks._crisis_hiding(css)
    assert (line, checks._crisis_message(selector, refused)) == (4, (
        "sets '--crisis-text: rgba(0, 0, 0, 0)' (:root), which the theme uses for the crisis message's text colour; "
        "that would hide the message every page must show: give it a value that shows it, or remove it"))


@pytest.mark.parametrize(("css", "shown"), [
    (".crisis a { color: var(--quiet) }\n:root { --quiet: transparent }", ".crisis a { color: var(--quiet) }"),
    (":root { --ink: #fff0 }\n.crisis { --crisis-text: var(--ink) }", ".crisis { --crisis-text: var(--ink) }"),
    # each setting outside print counts, not only the last
    (".crisis { color: var(--ink) }\n:root { --ink: transparent }\n@media (min-width: 40em) { :root { --ink: #fff } }",
     ".crisis { color: var(--ink) }"),
    (".crisis { color: var(--unset-here, transparent) }", ".crisis { color: var(--unset-here, transparent) }"),
    (":root { --step--1: 0.3rem }", ":root { --step--1: 0.3rem }"),  # the theme's size of the crisis line
])
def test_a_variable_that_hides_the_crisis_message_is_found(css, shown):
    assert [rule for _, rule in _refused(css)] == [shown]


@pytest.mark.parametrize("css", [
    ".crisis { background: var(--brand); color: var(--crisis-text) }\n:root { --brand: #0b3d2e }",
    ":root { --crisis-bg: #0b3d2e; --crisis-text: #fffef5 }",
    "@media print { :root { --crisis-text: transparent } }",
    ".crisis { font: 600 1rem/1.5 Georgia, serif; letter-spacing: 0.01em; text-align: center; padding: 0.5rem 1rem }",
    ".crisis { border-bottom: 3px solid #fff; border-radius: 0 0 8px 8px; box-shadow: 0 4px 12px rgba(0, 0, 0, .2) }",
    ".crisis { position: sticky; top: 0; z-index: 10; display: flex; gap: 1rem; justify-content: space-between }",
    ".crisis-actions a { display: inline-block; border: 2px solid currentColor; border-radius: 999px; "
    "transition: background-color .2s }",
    ".crisis a:hover { text-decoration: underline; text-underline-offset: 3px; cursor: pointer }",
])
def test_ordinary_decoration_of_the_crisis_block_passes(css):
    assert _refused(css) == []


def test_the_themes_own_stylesheet_passes_the_crisis_check():
    text = (ROOT / "haven/theme/assets/style.css").read_text(encoding="utf-8")
    assert ".crisis-actions" in text and "forced-colors" in text  # (the rules this is about are there)
    assert checks._crisis_hiding(text) == []


# A colour that leaves the crisis message's text too faint to read on its background is refused:
# the theme's colours are where it starts (its white text stays when a site whitens the banner).
def test_a_white_background_under_the_themes_white_text_is_refused_in_both_schemes():
    css = "/* softer */\n.crisis {\n  background: #ffffff;\n}\n"
    [(line, selector, refused)] = checks._crisis_hiding(css)
    assert (line, checks._crisis_message(selector, refused)) == (3, (
        "sets 'background: #ffffff' on the crisis message (.crisis), which leaves its text (#ffffff) at a contrast "
        "of 1.0:1 in the light and the dark schemes; the crisis message needs at least 4.5:1 to be read: choose a "
        "darker background, or a darker text colour with it"))


def test_a_dark_link_colour_on_the_themes_dark_red_is_refused():
    [(line, selector, refused)] = checks._crisis_hiding("\n.crisis a { color: #7a1b3a }")
    assert (line, checks._crisis_message(selector, refused)) == (2, (
        "sets 'color: #7a1b3a' on the crisis message (.crisis a), which leaves its links at a contrast of 1.1:1 on "
        "its background (#6d1a36) in the light and the dark schemes; the crisis message needs at least 4.5:1 to be "
        "read: choose a lighter text colour, or a lighter background with it"))


def test_a_theme_colour_variable_that_leaves_the_text_unreadable_is_refused_where_it_is_set():
    [(line, selector, refused)] = checks._crisis_hiding(":root {\n  --radius: 0;\n  --crisis-bg: #fff;\n}\n")
    assert (line, checks._crisis_message(selector, refused)) == (3, (
        "sets '--crisis-bg: #fff' (:root), which the theme draws the crisis message's background with; that leaves "
        "its text (#ffffff) at a contrast of 1.0:1 in the light and the dark schemes; the crisis message needs at "
        "least 4.5:1 to be read: choose a darker background, or a darker text colour with it"))


@pytest.mark.parametrize(("css", "shown", "schemes"), [
    (".crisis { background: #fff }", ".crisis { background: #fff }", "the light and the dark schemes"),
    ("#crisis { background-color: rgb(255, 255, 255) }", "#crisis { background-color: rgb(255, 255, 255) }",
     "the light and the dark schemes"),
    (".crisis { background: white }", ".crisis { background: white }", "the light and the dark schemes"),
    # a colour the site gives the text, but not the links (the theme colours them apart)
    (".crisis { background: #fff; color: #111 }", ".crisis { background: #fff }", "the light and the dark schemes"),
    (".crisis-actions a { background: #ffffffff }", ".crisis-actions a { background: #ffffffff }",
     "the light and the dark schemes"),
    # a background that lets the block's show through is judged against the block's
    (".crisis a { background: transparent; color: #6d1a36 }", ".crisis a { color: #6d1a36 }",
     "the light and the dark schemes"),
    (".crisis p { color: #5a1530 }", ".crisis p { color: #5a1530 }", "the light and the dark schemes"),
    (".crisis { --crisis-text: #777 }", ".crisis { --crisis-text: #777 }", "the light and the dark schemes"),
    (".crisis { background: var(--brand) }\n:root { --brand: #eee }", ":root { --brand: #eee }",
     "the light and the dark schemes"),
    # a dark-scheme change is judged in the dark scheme only, a light one in the light scheme
    ("@media (prefers-color-scheme: dark) { .crisis { background: #fff } }", ".crisis { background: #fff }",
     "the dark scheme"),
    ("@media (prefers-color-scheme: dark) { :root { --crisis-bg: #eee } }", ":root { --crisis-bg: #eee }",
     "the dark scheme"),
    ("@media (prefers-color-scheme: light) { .crisis a { color: #6d1a36 } }", ".crisis a { color: #6d1a36 }",
     "the light scheme"),
    # the site's text colour is fine on the theme's light background, not on its dark one
    (":root { --crisis-bg: #d94a4a; --crisis-text: #000 }\n@media (prefers-color-scheme: dark) { :root { --crisis-bg: #401020 } }",
     ":root { --crisis-bg: #401020 }", "the dark scheme"),
    ("@media (min-width: 40em) { .crisis { background: #fff } }", ".crisis { background: #fff }",
     "the light and the dark schemes"),
])
def test_a_colour_that_leaves_the_crisis_text_unreadable_is_refused(css, shown, schemes):
    found = checks._crisis_hiding(css)
    assert [rule for _, rule in _refused(css)] == [shown]
    [(_, selector, refused)] = found
    assert f"in {schemes};" in checks._crisis_message(selector, refused)


@pytest.mark.parametrize("css", [
    ".crisis { background: #fff; color: #1b262b }\n.crisis a { color: #6d1a36 }",  # both colours, far apart
    ".crisis { background: #fffef5 }\n.crisis, .crisis a { color: #3b0a1c }",
    ":root { --crisis-bg: #fff; --crisis-text: #222 }",
    ":root { --crisis-bg: #fff }\n:root { --crisis-text: black }",  # (the last setting of each counts)
    # the light scheme's pale banner, with dark text; the dark scheme keeps the theme's
    "@media (prefers-color-scheme: light) { .crisis { background: #fde8ee } .crisis, .crisis a { color: #5a1530 } }",
    ".crisis-actions a { background: #fff; color: #6d1a36 }\n.crisis-actions a:hover { background: #eee; color: #000 }",
    # the buttons are links: their text is the links' colour (white), not the block's (black)
    ".crisis { background: #fff; color: #000 }\n.crisis a { color: #fff; background: #6d1a36 }\n"
    ".crisis-actions a { background: #000 }",
    # colours Haven cannot read are the browser's
    ".crisis { background: linear-gradient(#fff, #eee) }",
    ".crisis { background: color-mix(in srgb, white 90%, red) }",
    ".crisis a { color: currentColor }",
    ".crisis { background: var(--from-elsewhere) }",
    ".crisis { background: rgba(255, 255, 255, 0.5) }",
    ".crisis { background: hsl(0 0% 100%) }",
    "@media print { .crisis { background: #fff } }",
    "@media (forced-colors: active) { .crisis { background: #fff } }",
    ".crisis-resources { background: #fff }",  # a site's own part of a page
])
def test_colours_that_read_well_or_that_cannot_be_read_pass(css):
    assert _refused(css) == []


def test_the_themes_crisis_colours_are_read_from_its_stylesheet():
    text = (ROOT / "haven/theme/assets/style.css").read_text(encoding="utf-8")
    light, dark = (checks._crisis_colours([])[scheme] for scheme in ("light", "dark"))
    assert [checks._drawn(".crisis", light, kind)[0] for kind in ("text", "background")] == ["#ffffff", "#6d1a36"]
    assert checks._drawn(".crisis a", dark, "background")[0] == "#5a1530"
    assert "--crisis-bg: #6d1a36" in text and "--crisis-bg: #5a1530" in text


def test_the_theme_variables_checked_are_those_its_crisis_rules_use():
    import tinycss2

    text = (ROOT / "haven/theme/assets/style.css").read_text(encoding="utf-8")
    used: dict[str, set[str]] = {}
    for _, crisis, declarations in checks._screen_rules(tinycss2.parse_stylesheet(text, True, True), "", False):
        for item in declarations if crisis else ():
            for token in item.value:
                if token.type == "function" and token.lower_name == "var":
                    used.setdefault(token.arguments[0].value, set()).add(item.lower_name)
    assert used.keys() == checks._THEME_CRISIS_VARIABLES.keys()
    for name, (checked, _) in checks._THEME_CRISIS_VARIABLES.items():  # ('margin' checks each side: margin-left too)
        assert all(checked == property or checked == property.split("-")[0] for property in used[name]), name
