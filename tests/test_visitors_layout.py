"""What a visitor sees, measured in Chromium: every page of the example site and of a site with
four locations and long names, at 360, 768, 1280 and 1440 px, in light and dark.

On every page and width: no element wider than its container (nor the page wider than the
screen), no text clipped by its box, the `h1` inside the first screen at 360x640, every link
and control at least 24x24 px (or spaced as WCAG 2.5.8 allows; links inside a sentence are
exempt). Then the particular defects of issue 17: hours that break mid-phrase, breadcrumbs,
the self-assessment results on a phone, the closing band in dark mode; and every entry of the
main menu in view on a phone, in every language, with no sideways scrolling.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from tests.browser import run_axe, serve_directory
    from tests.helpers import ROOT, build_site, write_site
except ImportError:
    from browser import run_axe, serve_directory  # type: ignore[no-redef]
    from helpers import ROOT, build_site, write_site  # type: ignore[no-redef]

WIDTHS = (360, 768, 1280, 1440)
FIRST_SCREEN = {"width": 360, "height": 640}

LONG_NAMES_CONFIG = """\
site:
  title: Riverside Community Psychiatry and Counselling Partners
  base_url: https://riverside.test/
  description: Psychiatry and counselling for adults and families.
clinic:
  timezone: America/Los_Angeles
  phone: "+1 415-555-2000"
  email: appointments-and-questions@riverside-community-psychiatry.test
hours:
  monday: "08:30-18:30"
  tuesday: "08:30-18:30"
  wednesday: ["08:30-12:00", "13:00-20:00"]
  thursday: "08:30-18:30"
  friday: "08:30-16:00"
  saturday: closed
  sunday: closed
closures:
  - {date: 2026-12-25, label: Christmas Day}
  - {date: 2026-12-07, label: Staff training day, locations: [oakland-lake-merritt]}
locations:
  - id: san-francisco-mission
    name: San Francisco Mission District and Bernal Heights Office
    street: 2500 Mission Street, Suite 400, Second Floor Reception
    city: San Francisco
    region: CA
    postal_code: "94110"
  - id: oakland-lake-merritt
    name: Oakland Lake Merritt Wellness Center
    street: 1 Grand Avenue
    city: Oakland
    region: CA
    postal_code: "94612"
    hours:
      saturday: "10:00-14:00"
  - id: berkeley
    name: Berkeley Downtown
    street: 2150 Shattuck Avenue
    city: Berkeley
    region: CA
    postal_code: "94704"
  - id: walnut-creek
    name: Walnut Creek and Contra Costa County Counselling Rooms
    street: 1600 South Main Street
    city: Walnut Creek
    region: CA
    postal_code: "94596"
crisis:
  text: "In crisis? In the US, call or text 988 (Suicide & Crisis Lifeline), any time of day. In an emergency, call 911 or go to the nearest emergency room."
  phone: "988"
navigation:
  - {title: Home, url: /}
  - {title: Articles and resources, url: /blog/}
  - {title: Self-assessment, url: /self-assessment/helping/}
  - {title: Locations and opening hours, url: /locations/}
  - {title: Contact us, url: /contact/}
home:
  heading: Compassionate psychiatry, therapy and counselling across the East Bay and San Francisco
  services:
    - {title: Comprehensive psychiatric evaluation, text: A first conversation.}
    - {title: Medication management, text: Regular check-ins.}
"""

LONG_ARTICLE = """\
---
title: "Understanding neurodevelopmental assessments: what adults can expect from a comprehensive evaluation"
date: 2026-01-05
category: Assessments and evaluations
tags: [first visit, adult ADHD and autism assessments, therapy]
---
Some text with [a link](/contact/) in the middle of a sentence.

## First heading

Text.

### A sub-heading

Text.

## Second heading

Text.

## Third heading with a considerably longer title than the others have

Text.
"""

SECOND_ARTICLE = """\
---
title: A short note
date: 2026-02-01
tags: [therapy, first visit]
---
Short.
"""

CHECKLIST = """\
title: Is therapy helping me at the moment?
items:
  - {text: I feel judged., topic: rapport}
  - {text: I have had thoughts of harming myself., topic: safety, urgent: true}
  - {text: Nothing feels different., topic: goals}
topics:
  rapport: {title: Feeling at ease, advice: Talk about it.}
  safety: {title: Your safety comes first, advice: Please reach out now.}
  goals: {title: Goals, advice: Agree on goals.}
results:
  - {min: 0, max: 0, text: Nothing ticked.}
  - {min: 1, max: 3, text: A few things may be getting in the way.}
"""


def _build(source: Path, out: Path) -> Path:
    result = build_site(source, "--output", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{name: served folder} for the example site and the long-names site."""
    root = tmp_path_factory.mktemp("visitors")
    long_names = write_site(root / "long-names", {
        "site_config.yaml": LONG_NAMES_CONFIG,
        "content/articles/understanding-assessments.md": LONG_ARTICLE,
        "content/articles/a-short-note.md": SECOND_ARTICLE,
        "content/articles/third.md": SECOND_ARTICLE.replace("A short note", "A third note").replace("2026-02-01", "2026-03-01"),
        "content/checklists/helping.yaml": CHECKLIST,
        "content/pages/privacy.md": "---\ntitle: Privacy policy and notice of privacy practices\n---\nText.\n",
    })
    return {"example": _build(ROOT, root / "example-out"), "long-names": _build(long_names, root / "long-names-out")}


def pages_of(output: Path) -> list[str]:
    found = []
    for file in sorted(output.rglob("*.html")):
        if 'http-equiv="refresh"' in file.read_text("utf-8"):
            continue
        rel = file.relative_to(output).as_posix()
        found.append("/" + rel.removesuffix("index.html"))
    return found


@contextlib.contextmanager
def opened(browser, **options):
    context = browser.new_context(**options)
    try:
        yield context.new_page()
    finally:
        context.close()


# One pass over the page: what is wider than its container, clipped, too small to tap.
_LAYOUT_JS = r"""() => {
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    (el.textContent.trim() ? ` "${el.textContent.trim().replace(/\s+/g, ' ').slice(0, 40)}"` : '');
  const hidden = (el) => !!el.closest('.visually-hidden, [hidden], template, [aria-hidden="true"], .honeypot');
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`page is ${root.scrollWidth}px wide in ${root.clientWidth}px`);
  for (const el of document.body.querySelectorAll('*')) {
    if (hidden(el) || ['SCRIPT', 'STYLE', 'BR', 'TEMPLATE'].includes(el.tagName)) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.position === 'absolute' || style.position === 'fixed') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body) {
      const ps = getComputedStyle(parent);
      const scroller = ['auto', 'scroll'].includes(ps.overflowX);
      const p = parent.getBoundingClientRect();
      if (!scroller && (r.right > p.right + 1 || r.left < p.left - 1))
        problems.push(`${name(el)} (${Math.round(r.left)}-${Math.round(r.right)}) is wider than its container ${name(parent).split(' ')[0]} (${Math.round(p.left)}-${Math.round(p.right)})`);
    }
    const clips = ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY) || style.textOverflow === 'ellipsis';
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
      problems.push(`${name(el)} clips its text (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
  }
  // Targets (WCAG 2.5.8): 24x24, or a 24 px circle around a smaller one touching no other target;
  // a link inside a sentence is exempt.
  const targets = [...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
    .filter((el) => !hidden(el) && el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden');
  const inSentence = (el) => {
    if (getComputedStyle(el).display !== 'inline') return false;
    const block = el.parentElement.closest('p, li, td, dd, address, figcaption, blockquote');
    return !!block && block.textContent.replace(/\s+/g, ' ').trim().length > el.textContent.replace(/\s+/g, ' ').trim().length + 2;
  };
  const boxes = targets.map((el) => ({el, r: el.getBoundingClientRect()}));
  const distance = (x, y, r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  for (const {el, r} of boxes) {
    if (r.width >= 24 && r.height >= 24) continue;
    if (inSentence(el) || el.closest('.skip-link')) continue;
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const near = boxes.find((o) => o.el !== el && !o.el.contains(el) && !el.contains(o.el) && distance(cx, cy, o.r) < 12);
    if (near) problems.push(`target ${name(el)} is ${Math.round(r.width)}x${Math.round(r.height)} px, ${Math.round(distance(cx, cy, near.r))} px from ${name(near.el)}`);
  }
  return problems;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["example", "long-names"])
def test_every_page_fits_every_width(browser, sites, name, scheme):
    out = sites[name]
    found = []
    with serve_directory(out) as base:
        for width in WIDTHS:
            with opened(browser, viewport={"width": width, "height": 800}, color_scheme=scheme) as page:
                for path in pages_of(out):
                    page.goto(base.rstrip("/") + path)
                    found += [f"{path} at {width}px: {p}" for p in page.evaluate(_LAYOUT_JS)]
                    if name == "long-names" and width in (360, 1280):  # (the quality gates run axe on the example)
                        found += [f"{path} at {width}px: axe {v['id']}: {v['nodes']}" for v in run_axe(page)]
    assert found == [], "\n".join(found[:40])


@pytest.mark.parametrize("name", ["example", "long-names"])
def test_heading_inside_the_first_screen_of_a_phone_and_crisis_line_on_every_page(browser, sites, name):
    out = sites[name]
    found = []
    with serve_directory(out) as base, opened(browser, viewport=FIRST_SCREEN) as page:
        for path in pages_of(out):
            page.goto(base.rstrip("/") + path)
            h1 = page.locator("h1").first.bounding_box()
            crisis = page.locator("#crisis").bounding_box()
            if h1 is None or h1["y"] + h1["height"] > FIRST_SCREEN["height"]:
                found.append(f"{path}: h1 ends at {h1 and round(h1['y'] + h1['height'])} px, below the first screen")
            if crisis is None or crisis["y"] > 0 or crisis["height"] < 20:
                found.append(f"{path}: the crisis line is not at the top of the page")
            if not page.locator("#crisis a[href^='tel:']").is_visible():
                found.append(f"{path}: no visible call link in the crisis line")
    assert found == [], "\n".join(found)


def in_every_language(output: Path, path: str) -> list[str]:
    """The page at `path` and its versions in the site's other languages (its hreflang alternates,
    whatever their address: a translation may have a slug of its own)."""
    text = (output / (path.lstrip("/") + "index.html")).read_text("utf-8")
    found = [path]
    for code, href in re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text):
        if code != "x-default" and urlsplit(href).path not in found:
            found.append(urlsplit(href).path)
    return found


def test_example_heading_is_close_to_the_top_on_a_phone(browser, sites):
    """The crisis line and the menu together leave the heading in the upper half of a phone screen,
    in every language of the site (a translated crisis line is often longer)."""
    out = sites["example"]
    paths = [each for path in ("/", "/contact/", "/blog/not-making-progress-in-therapy/") for each in in_every_language(out, path)]
    found = []
    with serve_directory(out) as base, opened(browser, viewport=FIRST_SCREEN) as page:
        for path in paths:
            page.goto(base.rstrip("/") + path)
            top = page.locator("h1").first.bounding_box()["y"]
            if top >= FIRST_SCREEN["height"] / 2:
                found.append(f"{path}: h1 starts at {round(top)} px")
    assert found == [], "\n".join(found)


# Each entry of the main menu: its label and box, and whether the page scrolls sideways.
_MENU_JS = r"""() => ({
  pageWidth: document.documentElement.scrollWidth,
  links: [...document.querySelectorAll('.site-nav a')].map((a) => {
    const r = a.getBoundingClientRect();
    return {text: a.textContent.trim(), left: r.left, right: r.right, width: r.width, height: r.height};
  }),
})"""


@pytest.mark.parametrize("width", [320, 360])
def test_every_menu_entry_is_in_view_on_a_phone(browser, sites, width):
    """No entry of the main menu waits off-screen for a swipe the visitor does not know to make
    (the last one, Contact, most of all): all of them inside the screen, at least 24x24 px, and
    the page no wider than the screen, in every language of the example site and with long labels."""
    pages = {"example": in_every_language(sites["example"], "/")
             + in_every_language(sites["example"], "/blog/not-making-progress-in-therapy/"),
             "long-names": ["/", "/blog/understanding-assessments/"]}
    found = []
    for name, paths in pages.items():
        with serve_directory(sites[name]) as base, opened(browser, viewport={"width": width, "height": 640}) as page:
            for path in paths:
                page.goto(base.rstrip("/") + path)
                menu = page.evaluate(_MENU_JS)
                assert len(menu["links"]) == 5, path
                if menu["pageWidth"] > width:
                    found.append(f"{name} {path}: the page is {menu['pageWidth']} px wide")
                found += [f"{name} {path}: '{link['text']}' spans {round(link['left'])}-{round(link['right'])} px"
                          for link in menu["links"] if link["left"] < 0 or link["right"] > width]
                found += [f"{name} {path}: '{link['text']}' is {round(link['width'])}x{round(link['height'])} px"
                          for link in menu["links"] if link["width"] < 24 or link["height"] < 24]
    assert found == [], "\n".join(found)


# The header's links in the order Tab visits them (the source's), each with its box.
_HEADER_LINKS_JS = r"""() => [...document.querySelectorAll('.site-header a')].map((a) => {
  const r = a.getBoundingClientRect();
  return {text: a.textContent.trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right};
})"""


@pytest.mark.parametrize("width", [360, 768, 1280])
def test_tab_goes_through_the_header_in_the_order_it_is_seen(browser, sites, width):
    """Each link of the header is after the one Tab visited before it: on the same row to its right,
    or on a row below (WCAG 2.4.3). A language list shown above the menu but reached after it sends
    a keyboard user back up the screen."""
    paths = in_every_language(sites["example"], "/") + in_every_language(sites["example"], "/contact/")
    found = []
    with serve_directory(sites["example"]) as base, opened(browser, viewport={"width": width, "height": 640}) as page:
        for path in paths:
            page.goto(base.rstrip("/") + path)
            links = page.evaluate(_HEADER_LINKS_JS)
            for before, after in itertools.pairwise(links):
                same_row = abs((after["top"] + after["bottom"]) - (before["top"] + before["bottom"])) / 2 < 8
                if not (after["top"] >= before["bottom"] - 8 or (same_row and after["left"] >= before["right"] - 1)):
                    found.append(f"{path}: '{after['text']}' is reached after '{before['text']}' but shown before it")
    assert found == [], "\n".join(found)


def test_hours_never_break_inside_a_time_or_a_day_range(browser, sites):
    """'9:00 am – 5:00 / pm' or 'Monday and / Tuesday' on two lines misreads: each range stays whole."""
    out = sites["long-names"]
    found = []
    with serve_directory(out) as base:
        for width in WIDTHS:
            with opened(browser, viewport={"width": width, "height": 800}) as page:
                for path in ("/", "/contact/", "/locations/", "/locations/oakland-lake-merritt/"):
                    page.goto(base.rstrip("/") + path)
                    lines = page.eval_on_selector_all(
                        ".hours .nowrap", "els => els.map(e => [e.textContent, e.getClientRects().length])")
                    assert lines, path
                    found += [f"{path} at {width}px: '{text}' on {n} lines" for text, n in lines if n != 1]
    assert found == []


def test_breadcrumbs_never_start_a_line_with_a_separator(browser, sites):
    out = sites["long-names"]
    with serve_directory(out) as base:
        for width in (768, 1280):
            with opened(browser, viewport={"width": width, "height": 800}) as page:
                page.goto(base + "blog/understanding-assessments/")
                starts = page.eval_on_selector_all(".breadcrumbs li", """els => els.map(li => {
                    const range = document.createRange(); range.selectNodeContents(li);
                    return [getComputedStyle(li, '::before').content, getComputedStyle(li, '::after').content];
                })""")
                assert all(before in ("none", "normal") for before, _after in starts)
                assert [after for _b, after in starts[:-1]] == ['"\u203a"'] * (len(starts) - 1)
        with opened(browser, viewport=FIRST_SCREEN) as page:  # a phone: only the way back up
            page.goto(base + "blog/understanding-assessments/")
            assert page.locator(".breadcrumbs").inner_text().strip() == "Blog"
            assert page.eval_on_selector(".crumb-up", "li => getComputedStyle(li, '::before').content") == '"\u2039"'


@pytest.mark.parametrize("motion", ["reduce", "no-preference"])
def test_results_come_into_view_with_the_crisis_message_first(browser, sites, motion):
    out = sites["long-names"]
    with serve_directory(out) as base, opened(browser, viewport=FIRST_SCREEN, reduced_motion=motion) as page:
        page.goto(base + "self-assessment/helping/")
        page.check("#item-1")
        page.check("#item-2")
        page.click("text=Show my results")
        urgent = page.locator(".results .results-urgent")
        page.wait_for_function("() => { const r = document.querySelector('.results-urgent').getBoundingClientRect();"
                               " return r.top >= 0 && r.bottom <= innerHeight; }", timeout=3000)
        assert urgent.is_visible()
        assert "988" in urgent.inner_text()
        band = page.locator(".results .results-band").inner_text()
        assert "getting in the way" not in band and "safety" in band
        assert page.evaluate("document.activeElement.id") == "results-title"


def test_results_without_urgent_item_show_the_band(browser, sites):
    with serve_directory(sites["long-names"]) as base, opened(browser, viewport=FIRST_SCREEN, reduced_motion="reduce") as page:
        page.goto(base + "self-assessment/helping/")
        page.check("#item-1")
        page.click("text=Show my results")
        assert page.locator(".results .results-band").inner_text() == "A few things may be getting in the way."
        top = page.locator(".results").bounding_box()["y"]
        assert 0 <= top < 100


def _luminance(css: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_closing_band_is_calm_in_dark_mode(browser, sites):
    """In the dark scheme the closing call to action is a dark band, not a bright one."""
    with serve_directory(sites["example"]) as base, opened(browser, color_scheme="dark") as page:
        page.goto(base)
        band = page.eval_on_selector(".cta", "el => getComputedStyle(el).backgroundColor")
        body = page.eval_on_selector("body", "el => getComputedStyle(el).backgroundColor")
        assert _luminance(band) < 0.05, band
        assert _luminance(band) >= _luminance(body)


def test_related_articles_share_the_text_column(browser, sites):
    with serve_directory(sites["long-names"]) as base, opened(browser, viewport={"width": 1440, "height": 900}) as page:
        page.goto(base + "blog/third/")
        prose = page.locator(".prose").bounding_box()
        for selector in (".prev-next", ".related"):
            box = page.locator(selector).bounding_box()
            assert box["width"] <= prose["width"] + 1, selector


def test_accent_colour_reaches_the_page(browser, tmp_path):
    config = LONG_NAMES_CONFIG + 'theme:\n  accent: "#6b2d5c"\n'
    source = write_site(tmp_path / "accent", {"site_config.yaml": config, "content/checklists/helping.yaml": CHECKLIST})
    out = _build(source, tmp_path / "accent-out")
    with serve_directory(out) as base:
        with opened(browser) as page:
            page.goto(base)
            assert page.eval_on_selector(".button", "el => getComputedStyle(el).backgroundColor") == "rgb(107, 45, 92)"
        with opened(browser, color_scheme="dark") as page:
            page.goto(base)
            colour = page.eval_on_selector(".button", "el => getComputedStyle(el).backgroundColor")
            assert _luminance(colour) > 0.18  # a light tint that reads on the dark background


@pytest.mark.parametrize("path", ["services/individual-therapy/", "contact/"])
def test_a_lead_stands_apart_from_the_text_after_it(browser, sites, path):
    """A lead (a service's summary, the contact page's introduction) is followed by a gap, as
    any paragraph is, not by the next paragraph or notice touching its last line."""
    with serve_directory(sites["example"]) as base, opened(browser, viewport={"width": 360, "height": 740}) as page:
        page.goto(base + path)
        lead = page.locator("main .lead").first.bounding_box()
        after = page.locator("main .lead + *").first.bounding_box()
        assert after["y"] - (lead["y"] + lead["height"]) >= 12, (lead, after)


_TIMES_SPLIT_JS = r"""() => {
  // Each time of day in the page's text ('5:00 pm'), and on how many lines it is drawn.
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\d{1,2}:\d\d\s[ap]m/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) found.push(match[0]);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("width", (320, 360, 390))
def test_a_time_of_day_never_breaks_between_its_number_and_am_or_pm(browser, sites, width):
    """In running text ('Open Monday – Friday, 9:00 am – 5:00 pm; ...' on /locations/), '5:00'
    at the end of one line and 'pm' at the start of the next misreads."""
    found = []
    with serve_directory(sites["example"]) as base, opened(browser, viewport={"width": width, "height": 740}) as page:
        for path in ("", "locations/", "contact/", "locations/manhattan-bowery/"):
            page.goto(base + path)
            found += [f"{path}: {text!r}" for text in page.evaluate(_TIMES_SPLIT_JS)]
    assert found == []


# The WCAG 1.4.12 text spacing a visitor may apply with their own stylesheet.
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
                " p { margin-bottom: 2em !important; }")


@pytest.mark.parametrize("spacing", [False, True])
def test_a_long_tag_wraps_inside_its_chip_on_a_narrow_phone(browser, tmp_path, spacing):
    """A tag without spaces (a hashtag, a German compound) breaks inside its chip rather than make
    the article page scroll sideways at 320 px (WCAG 1.4.10), also with text spacing (1.4.12)."""
    tags = "[mentalhealthawarenessmonth, psychotherapieausbildungsinstitut, selfcareandmentalhealthawarenessmonthchallenge]"
    source = write_site(tmp_path / "tags", {
        "content/articles/awareness.md": f"---\ntitle: Awareness month\ndate: 2026-10-01\ntags: {tags}\n---\nText.\n",
    })
    out = _build(source, tmp_path / "tags-out")
    with serve_directory(out) as base, opened(browser, viewport={"width": 320, "height": 640}) as page:
        page.goto(base + "blog/awareness/")
        if spacing:
            page.add_style_tag(content=TEXT_SPACING)
        assert page.locator(".tag").count() == 3
        assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_forced_colours_keep_the_crisis_line_and_the_current_page_set_apart(browser, sites):
    """In forced colours (Windows High Contrast) backgrounds give way to the visitor's colours:
    the crisis line and the menu's current page keep a border of their own."""
    with serve_directory(sites["example"]) as base, opened(browser, forced_colors="active") as page:
        page.goto(base + "blog/")
        crisis = page.eval_on_selector(".crisis", "el => getComputedStyle(el).borderBottom")
        assert re.match(r"[1-9][\d.]*px solid", crisis), crisis
        current = page.eval_on_selector(".site-nav a[aria-current]", "el => getComputedStyle(el).borderTopStyle")
        assert current == "solid"
