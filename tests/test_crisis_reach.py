"""A site's stylesheet rule that reaches the crisis block without naming it ('body { opacity: .1 }',
'[role=region] { visibility: hidden }') is matched against the block as the site's own pages show
it (checks._crisis_reach): refused when it would hide the block, left alone when it is an everyday
rule. Each case builds a small site and reads the build's messages."""

from __future__ import annotations

from pathlib import Path

from haven.templates import THEME_DIR
from helpers import MINIMAL_ARTICLE, build_in_process, write_site

_REACHES = "' reaches the crisis message ("
_KEEP = "every page must show it: remove it or write the selector so it does not match the crisis message"


def _build(root: Path, css: str, **files: str) -> tuple[int, list[str]]:
    """Build a small site with `css` as its static/css/extra.css: (exit code, its lines about that file)."""
    site = write_site(root, {"content/articles/hello.md": MINIMAL_ARTICLE, "static/css/extra.css": css, **files})
    code, printed = build_in_process(site, "--output", str(root / "out"))
    return code, [line for line in printed.splitlines() if line.startswith("static/css/extra.css")]


# Each way a rule hides the block without naming it, on a line of its own: refused at that line.
_HIDING = [
    "[role=region] { visibility: hidden }",
    "div:first-of-type { opacity: 0 }",
    "* { font-size: 0 }",
    "body { opacity: 0.1 }",
    "html { filter: blur(20px) }",
    "body { transform: translateY(-2000px) }",
    "body { display: none }",
    "main, .skip-link + div { display: none }",  # (one selector of a list is enough)
    "body > :nth-child(2) p { color: transparent }",
    "a:hover { animation: fade 2s }",  # (a link in the block, as if the pointer were on it)
    "div::before { content: 'Closed'; position: absolute; inset: 0 }",  # (drawn over the block)
    "body::after { content: ''; position: fixed; inset: 0; background: #fff }",
    "html { font-size: 1% }",
    "body { height: 0; overflow: hidden }",
]


def test_rules_that_reach_the_crisis_block_without_naming_it_are_refused_at_their_lines(tmp_path):
    code, lines = _build(tmp_path, "/* the site's own */\n" + "\n".join(_HIDING) + "\n")
    assert code == 1
    reported = {int(line.split(":")[1]): line for line in lines}
    assert sorted(reported) == list(range(2, 2 + len(_HIDING))), "\n".join(lines)
    for line in lines:
        assert ": error: '" in line and _REACHES in line and line.endswith(("message", _KEEP.replace("it or", "them or"))), line
    assert reported[2] == ("static/css/extra.css:2: error: '[role=region]' reaches the crisis message (it matches the "
                           "block as pages show it); sets 'visibility: hidden', which takes it off the screen or leaves "
                           f"it hard to read; {_KEEP}")
    assert reported[5] == ("static/css/extra.css:5: error: 'body' reaches the crisis message (it matches the <body> "
                           "that holds the block as pages show it); sets 'opacity: 0.1', which hides or shrinks "
                           f"everything in it, the crisis message too; {_KEEP}")
    assert "'.skip-link + div' reaches the crisis message (it matches the block" in reported[9]
    assert "(it matches the <p> in the block as pages show it); sets 'color: transparent'" in reported[10]
    assert "which Haven does not know keeps it readable" in reported[11]
    assert "'body::after' reaches" in reported[13] and "which draws a box over the page" in reported[13]


# Everyday rules, several of which reach the block ('*', 'div', 'p', 'a') or what holds it.
_EVERYDAY = """\
* { box-sizing: border-box }
html { scroll-behavior: smooth; font-size: 62.5% }
body { margin: 0; font-family: Georgia, serif; background: #fffdf8; color: #222; overflow-x: hidden }
div { max-width: 60rem }
a { color: #0b5394; text-decoration: underline }
a:hover, a:focus-visible { text-decoration-thickness: 2px }
p { margin: 0 0 1em }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation-duration: .01ms !important; transition-duration: .01ms !important }
}
@media print { body { display: none } html { filter: blur(20px) } }
header.top { display: none }
body > div:first-child { display: none }
"""


def test_everyday_rules_and_print_pass(tmp_path):
    # (with the theme's base.html no <header class="top"> holds the block, and the skip link, not
    # the block, is the first thing in <body>: neither of the last two rules matches it)
    code, lines = _build(tmp_path, _EVERYDAY)
    assert (code, lines) == (0, [])


def _wrapped_base() -> str:
    """The theme's base.html with the crisis block first in <body>, in a <header class="top">."""
    text = (THEME_DIR / "base.html").read_text(encoding="utf-8")
    skip, block = text.split("<body>\n", 1)[1].split("\n", 2)[:2]
    assert "skip-link" in skip and "partials/crisis.html" in block
    return text.replace(f"{skip}\n{block}\n", f'<header class="top">{block}</header>\n{skip}\n', 1)


def test_a_sites_own_base_template_is_what_rules_are_matched_against(tmp_path):
    code, lines = _build(tmp_path, "header.top { display: none }\nbody > :first-child .wrap { opacity: .2 }\n",
                         **{"templates/base.html": _wrapped_base()})
    assert code == 1
    assert lines == [
        "static/css/extra.css:1: error: 'header.top' reaches the crisis message (it matches the <header> that holds "
        f"the block as pages show it); sets 'display: none', which hides or shrinks everything in it, the crisis message too; {_KEEP}",
        "static/css/extra.css:2: error: 'body > :first-child .wrap' reaches the crisis message (it matches the <div> in "
        f"the block as pages show it); sets 'opacity: .2', which takes it off the screen or leaves it hard to read; {_KEEP}",
    ]


def test_a_selector_haven_cannot_read_is_judged_as_if_it_held_the_block(tmp_path):
    # (and one whose ':has()' may look at what the crisis context leaves out: the rest of the page)
    code, lines = _build(tmp_path, "p { margin: 0 }\nbody:popover-open { opacity: 0 }\nhtml:has(main p) { filter: blur(9px) }\n"
                                   "body:has(> main) { color: #222 }\n")
    assert code == 1
    assert lines == [
        "static/css/extra.css:2: error: 'body:popover-open' reaches the crisis message (Haven cannot tell what this "
        "selector matches, so it takes it to match what holds the block); sets 'opacity: 0', which hides or shrinks "
        f"everything in it, the crisis message too; {_KEEP}",
        "static/css/extra.css:3: error: 'html:has(main p)' reaches the crisis message (Haven cannot tell what this "
        "selector matches, so it takes it to match what holds the block); sets 'filter: blur(9px)', which hides or "
        f"shrinks everything in it, the crisis message too; {_KEEP}"]


def test_a_rule_that_matches_nothing_around_the_block_passes(tmp_path):
    code, lines = _build(tmp_path, "main { display: none }\nfooter, nav :focus-within { opacity: 0 }\n"
                                   ".card::before { content: ''; position: absolute; inset: 0 }\n")
    assert (code, lines) == (0, [])


def test_a_new_base_template_checks_the_unchanged_stylesheet_again(tmp_path):
    """The stylesheet's check is kept between builds by a key that holds the pages' crisis
    contexts: the same stylesheet, unchanged, is refused once base.html wraps the block."""
    css = "header.top { display: none }\n"
    assert _build(tmp_path, css) == (0, [])
    code, lines = _build(tmp_path, css, **{"templates/base.html": _wrapped_base()})
    assert code == 1 and [line.split(": error: ")[0] for line in lines] == ["static/css/extra.css:1"]
    assert _build(tmp_path, css, **{"templates/base.html": (THEME_DIR / "base.html").read_text(encoding="utf-8")}) == (0, [])


def test_a_colour_that_reaches_the_crisis_text_is_held_to_its_contrast(tmp_path):
    # 'p' colours the block's paragraph (the theme gives '.crisis p' no colour of its own); 'a' and
    # 'span' do not reach its words (the theme colours '.crisis a', and the span holds only links)
    css = "a { color: #0b5394 }\nspan { color: #550000 }\nmain p, p {\n  color: #333333;\n}\n"
    code, lines = _build(tmp_path, css)
    assert code == 1
    assert lines == [
        "static/css/extra.css:4: error: 'p' reaches the crisis message (it matches the <p> in the block as pages "
        "show it); sets 'color: #333333', which leaves its text at a contrast of 1.0:1 on its background (#5a1530) "
        "in the light and the dark schemes; the crisis message needs at least 4.5:1 to be read: choose a lighter "
        "text colour, or a lighter background with it; or write the selector so it does not match the crisis message"]


def test_a_rule_that_names_the_block_only_in_a_condition_is_judged_by_what_it_styles(tmp_path):
    """'body:has(.crisis-call)' styles <body>, '.crisis ~ main' the <main> after the block: each is
    held to what reaches the block from where it matches, not read as a rule for the block (which
    refused 'color: #333' there as dark text on the block's dark background). A condition that
    still lets a rule reach into the block is refused as before."""
    code, lines = _build(tmp_path, "body:has(.crisis-call) { color: #333 }\n.crisis ~ main { color: #333 }\n"
                                   ".crisis + * { margin-top: 0 }\nmain:not(.crisis) p { color: #333 }\n"
                                   "[data-note='.crisis'] { color: #333 }\n:not(.crisis) { display: none }\n")
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines] == ["static/css/extra.css:6"], "\n".join(lines)
    assert "':not(.crisis)' reaches the crisis message" in lines[0] and "'display: none'" in lines[0]
