"""Pages in a right-to-left language (Arabic) of a site whose theme words and settings are
otherwise as usual: what the bidi algorithm would lay out wrong there is kept in its own order.

One small site in English (the default) and Arabic (/ar/), built once in this process."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

try:
    from tests.browser import serve_directory
    from tests.helpers import MINIMAL_CONFIG, build_in_process, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import serve_directory  # type: ignore[no-redef]
    from helpers import MINIMAL_CONFIG, build_in_process, write_site  # type: ignore[no-redef]

CONFIG = MINIMAL_CONFIG.replace(
    "  copyright_start: 2020\n",
    "  copyright_start: 2020\n  languages:\n    - {code: ar, name: العربية}\n",
).replace('    postal_code: "62701"\n', '    postal_code: "62701"\n    phone: "+1 217-555-2001"\n')

FILES = {
    "site_config.yaml": CONFIG,
    "translations/ar.yaml": (
        "site:\n  description: استشارات نفسية في سبرينغفيلد.\n"
        "crisis:\n  text: في أزمة؟ اتصل بالرقم 988.\n"
        "locations:\n  downtown: {name: وسط المدينة}\nclosures:\n  2026-12-25: عيد الميلاد\n"
        "strings:\n  \"Call %(phone)s\": \"اتصل على %(phone)s\"\n  \"Phone:\": \"الهاتف:\"\n"
    ),
    "content/pages/about.md": "---\ntitle: About\nsummary: About us.\n---\nAbout us.\n",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    site = write_site(tmp_path_factory.mktemp("rtl"), FILES)
    code, printed = build_in_process(site)
    assert code == 0, printed
    return site / "output"


def _numbers(html: str) -> list[tuple[str, str | None]]:
    """(the number a tel: link shows, the `dir` of what holds it) for each tel: link of a page."""
    found = []
    for link in LexborHTMLParser(html).css('a[href^="tel:"]'):
        held = [span for span in link.css('span[dir]') if any(ch.isdigit() for ch in span.text())]
        found.append((link.text().strip(), held[0].attributes.get("dir") if held else link.attributes.get("dir")))
    return found


@pytest.mark.parametrize("page", ["ar/index.html", "ar/contact/index.html", "ar/locations/downtown/index.html"])
def test_phone_numbers_on_a_right_to_left_page_read_left_to_right(out, page):
    # Without it, '+1 217-555-2000' in an Arabic sentence or button showed its digit groups
    # right to left ('2000-555-217 1+'): a number a visitor would dial wrong.
    numbers = _numbers((out / page).read_text(encoding="utf-8"))
    assert numbers, page
    assert all(direction == "ltr" for _, direction in numbers), numbers


def test_phone_numbers_on_a_left_to_right_page_are_as_written(out):
    html = (out / "contact" / "index.html").read_text(encoding="utf-8")
    assert _numbers(html) and 'dir="ltr"' not in html


def test_in_chromium_a_button_keeps_a_gap_between_the_words_and_the_number(browser, out):
    # The button is a flex box, which drops the space between the site's Arabic words for "Call"
    # and the number kept left to right in a span of its own: the two touched.
    with serve_directory(out) as base:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        try:
            page.goto(base + "ar/")
            gap = page.evaluate("""() => {
                const button = document.querySelector('.hero-actions a[href^="tel:"]');
                const number = button.querySelector('span[dir="ltr"]').getBoundingClientRect();
                const words = document.createRange();
                words.setStart(button.firstChild, 0);
                words.setEnd(button.firstChild, button.firstChild.textContent.trimEnd().length);
                const box = words.getBoundingClientRect();
                return box.left - number.right;  // right to left: the words, then the number on their left
            }""")
        finally:
            page.close()
    assert gap >= 3, gap
