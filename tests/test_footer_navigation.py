"""The footer's links: the configured `footer_navigation`, or else every page by its title.

Both are the same kind of value (NavItem) for the theme; this checks the default one, which the
example and golden sites (both configure theirs) never show."""

from __future__ import annotations

import re

from haven.pipeline import build
from helpers import MINIMAL_ARTICLE, TODAY

PRIVACY = "---\ntitle: Privacy notice\n---\nWhat we keep.\n"
TERMS = "---\ntitle: Terms & conditions\n---\nThe terms.\n"


def _footer_links(html: str) -> list[str]:
    footer = html.split('<nav aria-label="Legal">', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', footer)


def test_without_footer_navigation_the_footer_lists_every_page(make_site, tmp_path):
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "content/pages/privacy.md": PRIVACY,
                      "content/pages/terms.md": TERMS})
    result = build(site, tmp_path / "out", today=TODAY)
    assert result.ok, result.problems
    html = (tmp_path / "out/index.html").read_text("utf-8")
    assert _footer_links(html) == [("/privacy/", "Privacy notice"), ("/terms/", "Terms &amp; conditions")]
