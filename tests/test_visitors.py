"""What visitors read on the built pages (issue 17, "Visitors"): each test builds a small site and
reads its HTML as a visitor's browser gets it. Layout in Chromium: test_visitors_layout.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

try:
    from tests.helpers import MINIMAL_CLOSURES, MINIMAL_CONFIG, MINIMAL_LOCATIONS, build_site
except ImportError:
    from helpers import MINIMAL_CLOSURES, MINIMAL_CONFIG, MINIMAL_LOCATIONS, build_site  # type: ignore[no-redef]

FOUR_LOCATIONS = MINIMAL_CONFIG.replace(MINIMAL_LOCATIONS, """locations:
  - {id: downtown, name: Downtown, street: 1 Main St, city: Springfield}
  - {id: westside, name: Westside, street: 9 West St, city: Springfield}
  - {id: northgate, name: Northgate, street: 5 North Rd, city: Springfield}
  - id: lakeside
    name: Lakeside
    street: 2 Lake Rd
    city: Springfield
    hours:
      saturday: "10:00-14:00"
""").replace(MINIMAL_CLOSURES, MINIMAL_CLOSURES + """\
  - date: 2026-12-07
    label: Staff training
    locations: [westside]
""")

CHECKLIST = """\
title: Is therapy helping?
intro: Tick what sounds like you. Nothing you tick leaves this page.
items:
  - {text: I feel judged., topic: rapport}
  - {text: Nothing feels different., topic: goals}
topics:
  rapport: {title: Feeling at ease, advice: Talk about it.}
  goals: {title: Goals, advice: Agree on goals.}
results:
  - {min: 0, max: 0, text: Nothing ticked.}
  - {min: 1, max: 2, text: Some things ticked.}
"""


def article(title: str, date: str, tags: str = "[therapy, first visit]", body: str = "Text.\n") -> str:
    return f"---\ntitle: {title}\ndate: {date}\ntags: {tags}\n---\n{body}"


def build(make_site, files: dict[str, str]) -> Path:
    source = make_site(files)
    result = build_site(source)
    assert result.returncode == 0, result.stderr
    return source / "output"


def page(out: Path, path: str) -> str:
    return (out / path / "index.html").read_text("utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def section(html: str, start: str, end: str) -> str:
    return html[html.index(start):html.index(end, html.index(start))]


def test_footer_shows_the_main_hours_on_a_location_page_with_its_own(make_site):
    out = build(make_site, {"site_config.yaml": FOUR_LOCATIONS})
    lakeside = page(out, "locations/lakeside")
    footer = section(lakeside, '<footer class="site-footer">', "</footer>")
    assert "Opening hours</h2>" in footer  # a visible label, not only a hidden caption
    assert "Saturday" in text_of(footer) and "10:00\u00a0am" not in footer  # the clinic's, not Lakeside's
    main = section(lakeside, "<main", "</main>")
    assert "10:00\u00a0am" in main and "2:00\u00a0pm" in main  # Lakeside's own hours stay on its page


def test_single_location_closures_are_listed_on_the_locations_page(make_site):
    out = build(make_site, {"site_config.yaml": FOUR_LOCATIONS})
    closures = text_of(section(page(out, "locations"), 'id="closures-title"', "</section>"))
    assert "Staff training, closed (only Westside)" in closures
    assert "Christmas Day, closed" in closures and "Christmas Day, closed (only" not in closures
    assert "Staff training" not in page(out, "locations/downtown")  # not Downtown's closure


def test_contact_page_says_the_crisis_text_once_and_groups_identical_hours(make_site):
    out = build(make_site, {"site_config.yaml": FOUR_LOCATIONS})
    contact = page(out, "contact")
    assert contact.count("In crisis? Call or text 988.") == 1  # the crisis line at the top only
    main = section(contact, "<main", "</main>")
    assert main.count('<table class="hours">') == 2  # three identical weeks share one table, Lakeside has its own
    groups = text_of(section(main, 'class="grid hours-groups"', '<p><a href="/locations/">'))
    assert "Downtown, Westside, Northgate Opening hours in Downtown, Westside, Northgate (Chicago time) Monday" in groups
    assert "Lakeside Opening hours in Lakeside (Chicago time) Monday" in groups


def test_contact_page_with_one_set_of_hours_has_no_hours_tables(make_site):
    out = build(make_site, {})
    main = section(page(out, "contact"), "<main", "</main>")
    assert '<table class="hours">' not in main
    assert "All our locations are open at the same times:" in text_of(main)


def test_table_of_contents_numbers_the_sections_only(make_site):
    body = "".join(f"## Part {n}\n\nText.\n\n### Detail {n}\n\nText.\n\n" for n in range(1, 5))
    out = build(make_site, {"content/articles/a.md": article("Parts", "2026-01-05", body=body)})
    toc = section(page(out, "blog/a"), '<nav class="toc"', "</nav>")

    class Items(HTMLParser):
        depth, top = 0, []

        def handle_starttag(self, tag, attrs):
            if tag in ("ol", "ul"):
                self.depth += 1
            if tag == "li" and self.depth == 1:
                self.top.append("")

        def handle_endtag(self, tag):
            if tag in ("ol", "ul"):
                self.depth -= 1

        def handle_data(self, data):
            if self.depth == 1 and self.top and data.strip():
                self.top[-1] += data.strip()

    parser = Items()
    parser.top = []
    parser.feed(toc)
    assert parser.top == ["Part 1", "Part 2", "Part 3", "Part 4"]  # numbered 1-4, details not counted
    assert toc.count("<ul>") == 4 and "Detail 3" in toc


def test_tags_read_as_written_under_a_visible_label(make_site):
    out = build(make_site, {"content/articles/a.md": article("A", "2026-01-05")})
    html = page(out, "blog/a")
    assert ">first visit</a>" in html and "#first visit" not in html
    assert '<h2 class="tags-title">Tags</h2>' in html


def test_blog_categories_are_a_labelled_row_before_the_cards(make_site):
    text = "---\ntitle: A\ndate: 2026-01-05\ncategory: Tips\n---\nText.\n"
    out = build(make_site, {"content/articles/a.md": text})
    blog = page(out, "blog")
    assert blog.index('<h2 id="categories-title" class="taxonomy-title">Categories</h2>') < blog.index('<div class="cards">')


def test_two_articles_are_not_both_related_and_previous(make_site):
    out = build(make_site, {"content/articles/a.md": article("Older one", "2026-01-05"),
                            "content/articles/b.md": article("Newer one", "2026-01-06")})
    newer = page(out, "blog/b")
    assert 'rel="prev"' in newer and "Older one" in section(newer, '<nav class="prev-next"', "</nav>")
    assert 'class="related"' not in newer


def test_related_still_lists_articles_that_are_not_next_door(make_site):
    out = build(make_site, {f"content/articles/{n}.md": article(f"Article {n}", f"2026-01-0{n}") for n in range(1, 5)})
    related = section(page(out, "blog/4"), 'class="related"', "</section>")
    assert "Article 3" not in related and "Article 2" in related and "Article 1" in related


def test_menu_marks_self_assessment_on_its_pages(make_site):
    config = MINIMAL_CONFIG + """navigation:
  - {title: Home, url: /}
  - {title: Blog, url: /blog/}
  - {title: Self-assessment, url: /self-assessment/helping/}
"""
    out = build(make_site, {"site_config.yaml": config, "content/checklists/helping.yaml": CHECKLIST,
                            "content/articles/a.md": article("A", "2026-01-05")})
    nav = lambda path: section(page(out, path), '<nav class="site-nav"', "</nav>")  # noqa: E731
    assert '<a href="/self-assessment/helping/" aria-current="true">' in nav("self-assessment")
    assert '<a href="/self-assessment/helping/" aria-current="page">' in nav("self-assessment/helping")
    assert '<a href="/blog/" aria-current="true">' in nav("tags/therapy")  # a tag's page is part of the blog
    assert "aria-current" not in nav("contact")


def test_self_assessment_index_card_says_what_it_is(make_site):
    out = build(make_site, {"content/checklists/helping.yaml": CHECKLIST})
    card = text_of(section(page(out, "self-assessment"), 'class="panel checklist-card"', "</li>"))
    assert "Tick what sounds like you." in card
    assert "2 statements to read · private: nothing leaves your device" in card


def test_accent_colour_arrives_as_a_hashed_stylesheet(make_site):
    out = build(make_site, {"site_config.yaml": MINIMAL_CONFIG + 'theme:\n  accent: "#1f6f5c"\n'})
    home = page(out, ".")
    link = re.search(r'<link rel="stylesheet" href="/(assets/tokens\.[0-9a-f]{10}\.css)">', home)
    assert link, "no tokens stylesheet"
    css = (out / link.group(1)).read_text("utf-8")
    assert "--accent: #1f6f5c;" in css and "prefers-color-scheme: dark" in css
    assert "style=" not in home and "<style" not in home


def test_without_theme_keys_no_tokens_stylesheet(make_site):
    out = build(make_site, {})
    assert "tokens." not in page(out, ".")
    assert not list((out / "assets").glob("tokens.*"))


def test_accent_that_fails_contrast_is_refused_with_its_line(make_site):
    config = MINIMAL_CONFIG + 'theme:\n  accent: "#7fd1b9"\n'
    line = config.splitlines().index('  accent: "#7fd1b9"') + 1
    result = build_site(make_site({"site_config.yaml": config}))
    assert result.returncode != 0
    assert f"site_config.yaml:{line}:" in result.stderr
    assert "too light to read in the light colour scheme" in result.stderr and "4.5:1" in result.stderr


def test_dark_accent_that_fails_contrast_is_refused(make_site):
    config = MINIMAL_CONFIG + 'theme:\n  accent: "#1f6f5c"\n  accent_dark: "#1f6f5c"\n'
    result = build_site(make_site({"site_config.yaml": config}))
    assert result.returncode != 0 and "too dark to read in the dark colour scheme" in result.stderr


def test_accent_that_is_not_a_colour_is_refused(make_site):
    result = build_site(make_site({"site_config.yaml": MINIMAL_CONFIG + "theme:\n  accent: teal\n"}))
    assert result.returncode != 0 and 'must be a colour written like "#1f6f5c"' in result.stderr


LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="120" height="40" fill="#1f6f5c"/></svg>'


def test_logo_and_home_image_from_the_config(make_site):
    from PIL import Image

    config = MINIMAL_CONFIG + ("theme:\n  logo: /images/logo.svg\n"
                               "home:\n  image: /images/office.png\n  image_alt: Our waiting room\n")
    source = make_site({"site_config.yaml": config, "static/images/logo.svg": LOGO})
    Image.new("RGB", (800, 533), "#c8d8d0").save(source / "static/images/office.png")
    result = build_site(source)
    assert result.returncode == 0, result.stderr
    home = (source / "output/index.html").read_text("utf-8")
    assert '<img class="site-logo" src="/images/logo.svg" alt="" width="120" height="40">' in home
    hero = home.split('<div class="hero-media">', 1)[1].split("</div>", 1)[0]
    assert "<picture>" in hero and 'alt="Our waiting room"' in hero  # a responsive image, sized
    assert 'width="800" height="533"' in hero and 'fetchpriority="high"' in hero


def test_missing_logo_is_named_with_its_line(make_site):
    config = MINIMAL_CONFIG + "theme:\n  logo: /images/logo.svg\n"
    line = len(config.splitlines())
    result = build_site(make_site({"site_config.yaml": config}))
    assert result.returncode != 0
    assert f"site_config.yaml:{line}:" in result.stderr and "no file static/images/logo.svg" in result.stderr


def test_hours_keep_each_range_together(make_site):
    out = build(make_site, {})
    footer = section(page(out, "."), '<footer class="site-footer">', "</footer>")
    assert '<span class="nowrap">9:00\u00a0am – 12:00\u00a0pm</span>, <span class="nowrap">1:00\u00a0pm – 7:00\u00a0pm</span>' in footer
    assert '<th scope="row"><span class="nowrap">Saturday and Sunday</span></th>' in footer


def test_home_image_needs_its_description(make_site):
    from PIL import Image

    config = MINIMAL_CONFIG + "home:\n  image: /images/office.png\n"
    source = make_site({"site_config.yaml": config})
    (source / "static/images").mkdir(parents=True)
    Image.new("RGB", (80, 50), "#c8d8d0").save(source / "static/images/office.png")
    result = build_site(source)
    assert result.returncode != 0
    assert f"site_config.yaml:{len(config.splitlines())}:" in result.stderr and "needs an 'image_alt:'" in result.stderr


def test_contact_form_warning_carries_the_crisis_text_once_more_only(make_site):
    config = MINIMAL_CONFIG + "contact:\n  form_action: https://forms.counseling.test/submit\n"
    contact = page(build(make_site, {"site_config.yaml": config}), "contact")
    assert contact.count("In crisis? Call or text 988.") == 2  # the line at the top, and the form's own warning
    assert "Replies are not immediate." not in contact


def test_an_editors_html_comment_is_not_published(make_site):
    """A <!-- note --> in an article is for the editors: the page's source is public, and a
    clinic's note may name a client. A comment written as code is shown as code."""
    out = build(make_site, {"content/articles/a.md": article(
        "Sleep", "2026-01-05", body="Sleep matters.\n\n<!-- ask Dana before naming her client -->\n\n"
                                    "More <!-- check this --> text. Write `<!-- like this -->`.\n")})
    html = page(out, "blog/a")
    assert "Dana" not in html and "check this" not in html
    assert "More  text." in html and "<code>&lt;!-- like this --&gt;</code>" in html


def test_a_site_without_a_description_has_no_empty_description_tags(make_site):
    # site.description is optional (the smallest config has none). Pages without a summary of
    # their own then have no description, and say nothing rather than content="" (which search
    # engines and link previews show as a blank), and the home page has no empty lead paragraph.
    config = MINIMAL_CONFIG.replace("  description: Counseling for adults in Springfield.\n", "")
    assert config != MINIMAL_CONFIG
    out = build(make_site, {"site_config.yaml": config})
    for file in sorted(out.rglob("*.html")):
        assert 'content=""' not in file.read_text("utf-8"), file
    home = page(out, "")
    assert '<meta name="description"' not in home and '<meta property="og:description"' not in home
    assert '<div class="lead">' not in home
    assert '<meta name="description" content="How to reach Quiet Harbor Counseling' in page(out, "contact")  # its own
