"""End to end: build tests/sites/clinic (and the example site) and read the HTML back.

Everything here is asserted from the editor-facing contract and issue 2, not from the
templates: pages at the contract's default URLs, links that resolve (also under a sub-path),
drafts and scheduled posts, feed, sitemap, JSON-LD, what every page must carry, atomic and
deterministic output, and the command line. Builds always go to tmp_path via --output.

The fixture site is a fictional clinic with two locations; the build date is pinned to
TODAY (2026-11-26, a Thursday), so the scheduled post (2026-12-15) and closures are stable.

Golden tree: tests/golden/clinic/ holds the fixture's expected output, compared file by
file. After an intended change to the output, refresh it and review the diff:

    HAVEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -n 0 tests/test_build.py -k golden
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cached_property
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

try:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import ROOT, TODAY, awaiting_review, build_site, review_notes_and_mistakes, run_cli
except ImportError:  # tests/ imported as a package
    from tests.helpers import ROOT, TODAY, awaiting_review, build_site, review_notes_and_mistakes, run_cli  # type: ignore[no-redef]

FIXTURE = Path(__file__).resolve().parent / "sites" / "clinic"
GOLDEN = Path(__file__).resolve().parent / "golden" / "clinic"
HOST = "cedargrove.test"
BASE = f"https://{HOST}/"
SUB_BASE = f"https://{HOST}/clinic/"
FORM_ACTION = "https://forms.cedargrove.test/contact"

# Published articles of the fixture, newest first: (slug, title, date).
PUBLISHED = [
    ("managing-anxiety", "A practical guide to managing anxiety", "2026-11-10"),
    ("talking-to-teens", "Talking to your teen about mental health", "2026-08-25"),
    ("video-sessions", "Telehealth sessions: getting the most from them", "2026-05-19"),
    ("grounding-exercises", "Grounding exercises for anxious moments", "2026-03-03"),
    ("winter-blues", "Winter blues or something more?", "2026-01-12"),
    ("medication-questions", "Medication questions to ask your prescriber", "2025-10-22"),
    ("supporting-a-friend", "Supporting a friend who is struggling", "2025-09-10"),
    ("understanding-panic-attacks", "Understanding panic attacks", "2025-08-02"),
    ("what-is-cbt", "What is cognitive behavioural therapy?", "2025-06-17"),
    ("better-sleep-habits", "Five small habits for better sleep", "2025-05-06"),
    ("sleep-and-mood", "Sleep & mood: a two-way street", "2025-03-28"),
    ("finding-a-therapist", "How to find a therapist who fits", "2025-02-20"),
    ("starting-therapy", "Starting therapy: what the first session is like", "2025-01-14"),
]
SLUGS = [slug for slug, _, _ in PUBLISHED]
DRAFT = "group-therapy-notes"  # draft: true, category "Group work", tag "groups"
FUTURE = "coping-with-the-holidays"  # dated 2026-12-15, tag "holidays"
ALIASES = {"2019/05/better-sleep/": "blog/better-sleep-habits/", "old/sleep-tips.html": "blog/better-sleep-habits/",
           "about-us/": "about/"}
CATEGORIES = {
    "tips": {"managing-anxiety", "video-sessions", "grounding-exercises"},
    "getting-started": {"starting-therapy", "finding-a-therapist"},
    "wellbeing": {"better-sleep-habits", "supporting-a-friend", "talking-to-teens"},
    "rest-recovery": {"sleep-and-mood"},  # "Rest & Recovery"
    "treatments": {"what-is-cbt", "medication-questions"},
    "conditions": {"understanding-panic-attacks", "winter-blues"},
}
TAGS = {
    "anxiety": {"managing-anxiety", "grounding-exercises", "understanding-panic-attacks", "what-is-cbt"},
    "sleep": {"managing-anxiety", "winter-blues", "better-sleep-habits", "sleep-and-mood"},
    "therapy": {"managing-anxiety", "video-sessions", "what-is-cbt", "finding-a-therapist", "starting-therapy"},
    "first-steps": {"starting-therapy", "finding-a-therapist", "medication-questions"},
    "mood": {"sleep-and-mood", "supporting-a-friend", "winter-blues"},
}
LOCATIONS = {"riverside": "410 River Rd, Suite 2", "hillcrest": "77 Summit Ave"}
WEEK = {  # the weekly hours every location shares, as (day, opens, closes)
    ("Monday", "09:00", "18:00"), ("Tuesday", "09:00", "18:00"), ("Wednesday", "08:00", "12:00"),
    ("Wednesday", "13:00", "19:00"), ("Thursday", "09:00", "18:00"), ("Friday", "09:00", "16:00"),
}


# --- reading HTML ------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    """An element of a parsed page: tag, attributes, children (Nodes and strings)."""

    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, **attrs) -> Node | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def text(self) -> str:
        """The visible text, whitespace collapsed; scripts and styles inside are left out.

        On a <script> itself: its raw contents (JSON-LD, say)."""
        if self.tag in ("script", "style"):
            return "".join(c for c in self.children if isinstance(c, str))
        parts = []
        for child in self.children:
            if isinstance(child, Node):
                parts.append("" if child.tag in ("script", "style") else child.text())
            else:
                parts.append(child)
        return " ".join(" ".join(parts).split())

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def __repr__(self) -> str:
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


@dataclass
class Page:
    rel: str  # path in the output folder, e.g. blog/index.html
    raw: str

    @cached_property
    def dom(self) -> Node:
        return parse_html(self.raw)

    @property
    def is_redirect(self) -> bool:
        return any(m.attrs.get("http-equiv", "").lower() == "refresh" for m in self.dom.find_all("meta"))

    def meta(self, name: str) -> str | None:
        for m in self.dom.find_all("meta"):
            if m.attrs.get("name") == name or m.attrs.get("property") == name:
                return m.attrs.get("content")
        return None

    def links(self, rel: str) -> list[Node]:
        return [n for n in self.dom.find_all("link") if rel in n.attrs.get("rel", "").lower().split()]

    @property
    def main(self) -> Node:
        mains = self.dom.find_all("main")
        assert len(mains) == 1, f"{self.rel}: expected one <main>, found {len(mains)}"
        return mains[0]

    def jsonld(self) -> list:
        return [json.loads(s.text()) for s in self.dom.find_all("script") if s.attrs.get("type") == "application/ld+json"]

    def hrefs(self, within: Node | None = None) -> list[str]:
        return [a.attrs["href"] for a in (within or self.dom).find_all("a") if "href" in a.attrs]


@dataclass(frozen=True)
class Settings:
    """What every page of one language must carry, in that language: its code and folder, and
    the texts of site_config.yaml as its visitors read them."""

    lang: str
    prefix: str  # '' for the default language, 'es/' for one under /es/
    crisis: str
    cta_text: str
    cta_link_text: str
    cta_url: str
    navigation: list[tuple[str, str]]  # (title, url)
    legal_name: str
    monday: tuple[str, ...]  # the ways the language writes "Monday" (CLDR: wide, abbreviated, short)


@dataclass
class Built:
    """A built site in tmp_path, with what the tests need to know about its source."""

    out: Path
    base: str  # the site's base_url
    config: dict
    stdout: str = ""
    stderr: str = ""
    _pages: dict = field(default_factory=dict)
    source: Path | None = None

    @cached_property
    def languages(self) -> list[Settings]:
        """Each language's settings, the default first: the default language's from
        site_config.yaml as written; a further language's (its code, its folder, its translated
        texts with their fallbacks) through haven's own loaders, as the build reads them."""
        site = self.config["site"]
        cta = self.config.get("cta") or {}
        found = [Settings(site.get("language", "en"), "", self.config["crisis"]["text"], cta.get("text", ""),
                          cta.get("link_text", ""), cta.get("url", "/contact/"),
                          [(item["title"], item["url"]) for item in self.config.get("navigation") or []],
                          site.get("legal_name") or site["title"], ("Monday",))]
        if not site.get("languages"):
            return found
        from babel import Locale
        from babel.dates import get_day_names

        from haven.site import load_site

        loaded, problems = load_site(self.source, TODAY, False)
        assert loaded is not None, problems
        for view in loaded.views:
            config, locale = view.config, Locale.parse(view.language.code.replace("-", "_"))
            found.append(Settings(view.language.code, view.prefix, config.crisis.text, config.cta.text, config.cta.link_text,
                                  config.cta.url, [(item.title, item.url) for item in config.navigation],
                                  config.site.legal_name or config.site.title,
                                  tuple(get_day_names(width, locale=locale)[0] for width in ("wide", "abbreviated", "short"))))
        return found

    def settings(self, page: Page) -> Settings:
        """The settings of the page's language: the one whose folder the page is in."""
        return next((s for s in self.languages[1:] if page.rel.startswith(s.prefix)), self.languages[0])

    def leads_to(self, href: str, path: str, settings: Settings) -> bool:
        """Whether a link on a page of `settings`' language goes to the site page `path` ('privacy/'):
        that page itself, or its translation (a page whose default-language alternate it is)."""
        if ":" in path:
            return href == path
        target, _, problem = internal_target(self, href)
        if not target or problem:
            return False  # (a link to no page of the site leads nowhere, in any language)
        if href in (self.href(path), self.href(settings.prefix + path)):
            return True
        if not target.endswith(".html") or not target.startswith(settings.prefix):
            return False
        default = self.languages[0].lang
        return any(link.attrs.get("hreflang") == default and link.attrs.get("href") == self.url(path)
                   for link in self.page(target).links("alternate"))

    @property
    def base_path(self) -> str:
        return urlsplit(self.base).path

    def page(self, rel: str) -> Page:
        if rel not in self._pages:
            path = self.out / rel
            assert path.is_file(), f"{rel} is missing from the output"
            self._pages[rel] = Page(rel, path.read_text("utf-8"))
        return self._pages[rel]

    def url_page(self, url_path: str) -> Page:
        """The page served at a site path like 'blog/' (below the base)."""
        rel = url_path + "index.html" if url_path == "" or url_path.endswith("/") else url_path
        return self.page(rel)

    def html_pages(self) -> list[Page]:
        return [self.page(p.relative_to(self.out).as_posix()) for p in sorted(self.out.rglob("*.html"))]

    def content_pages(self) -> list[Page]:
        return [p for p in self.html_pages() if not p.is_redirect]

    def url(self, path: str) -> str:
        return self.base + path

    def href(self, path: str) -> str:
        """How an internal link to `path` is written in a page: from the root, with the sub-path."""
        return self.base_path + path


def build_into(source: Path, out: Path, *args: str, today: dt.date = TODAY) -> Built:
    result = build_site(source, "--output", str(out), *args, today=today)
    assert result.returncode == 0, f"build failed ({result.returncode}):\n{result.stderr}"
    config = yaml.safe_load((source / "site_config.yaml").read_text("utf-8"))
    return Built(out, config["site"]["base_url"].rstrip("/") + "/", config, result.stdout, result.stderr, source=source)


def copy_fixture(dest: Path, **replace: str) -> Path:
    """A copy of the fixture site; `replace` maps config text to what replaces it."""
    shutil.copytree(FIXTURE, dest)
    config = dest / "site_config.yaml"
    text = config.read_text("utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    config.write_text(text, "utf-8")
    return dest


LANGUAGES = Path(__file__).resolve().parent / "data" / "clinic-languages"


def copy_three_languages(dest: Path) -> Path:
    """The fixture in English, Spanish (/es/) and Simplified Chinese (/zh/): its settings
    translated (the Chinese call to action left in English), a few pages and an article too."""
    copy_fixture(dest, **{"  copyright_start: 2021\n": "  copyright_start: 2021\n  languages:\n"
                          "    - {code: es, name: Español}\n    - {code: zh-Hans, name: 简体中文, path: zh}\n"})
    shutil.copytree(LANGUAGES, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))
    return dest


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the builds, once per module ---------------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    return build_into(FIXTURE, tmp_path_factory.mktemp("clinic") / "out")


@pytest.fixture(scope="module")
def sub_site(tmp_path_factory) -> Built:
    """The fixture with base_url under a sub-path, as an editor would write it in the config."""
    root = tmp_path_factory.mktemp("clinic-sub")
    source = copy_fixture(root / "site", **{f"base_url: {BASE}": f"base_url: {SUB_BASE}"})
    return build_into(source, root / "out")


@pytest.fixture(scope="module")
def sub_site_without_slash(tmp_path_factory) -> Built:
    """The same, with the base_url's final slash forgotten."""
    root = tmp_path_factory.mktemp("clinic-sub-noslash")
    source = copy_fixture(root / "site", **{f"base_url: {BASE}": f"base_url: {SUB_BASE.rstrip('/')}"})
    return build_into(source, root / "out")


@pytest.fixture(scope="module")
def drafts_site(tmp_path_factory) -> Built:
    return build_into(FIXTURE, tmp_path_factory.mktemp("clinic-drafts") / "out", "--drafts")


@pytest.fixture(scope="module")
def form_site(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("clinic-form")
    source = copy_fixture(root / "site", **{"form_action: null": f"form_action: {FORM_ACTION}"})
    return build_into(source, root / "out")


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Built:
    return build_into(ROOT, tmp_path_factory.mktemp("example") / "out")


@pytest.fixture(scope="module")
def languages_site(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("clinic-languages")
    return build_into(copy_three_languages(root / "site"), root / "out")


@pytest.fixture(params=["clinic", "clinic-sub-path", "clinic-sub-path-no-slash", "clinic-languages", "example"])
def any_site(request) -> Built:
    """Every-page rules hold for the fixture, the fixture under a sub-path, the fixture in three
    languages, and the example site (in each of its languages)."""
    return request.getfixturevalue({"clinic": "site", "clinic-sub-path": "sub_site",
                                    "clinic-sub-path-no-slash": "sub_site_without_slash",
                                    "clinic-languages": "languages_site", "example": "example_site"}[request.param])


# --- link resolution ---------------------------------------------------------------------

EXTERNAL_SCHEMES = ("mailto:", "tel:", "sms:")


def host_of(built: Built) -> str:
    return urlsplit(built.base).hostname


def internal_target(built: Built, url: str) -> tuple[str | None, str, str | None]:
    """(output file, fragment, problem) for an internal URL; (None, '', None) for others."""
    parts = urlsplit(url)
    if url.startswith(EXTERNAL_SCHEMES) or (parts.scheme in ("http", "https") and parts.hostname != host_of(built)):
        return None, "", None
    if url.startswith("//"):
        return None, "", None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None, "", f"unexpected scheme in {url}"
    if not parts.path and not parts.scheme:
        return "", parts.fragment, None  # '#fragment' on the same page
    if not parts.scheme and not url.startswith("/"):
        return None, "", f"relative link {url} (breaks under a sub-path); links must start with {built.base_path}"
    if not parts.path.startswith(built.base_path):
        return None, "", f"{url} is outside the site's path {built.base_path}"
    rel = unquote(parts.path[len(built.base_path):])
    target = rel + "index.html" if rel == "" or rel.endswith("/") else rel
    if not (built.out / target).is_file():
        return None, "", f"{url} does not resolve to a file in the output (looked for {target})"
    return target, parts.fragment, None


def urls_in(page: Page) -> list[tuple[str, str]]:
    """Every (what, url) a page links to or loads."""
    found = []
    for node in page.dom.iter():
        for attr in ("href", "src", "action", "poster", "data"):
            if attr in node.attrs and node.tag not in ("meta",):
                found.append((f"<{node.tag} {attr}>", node.attrs[attr]))
        if "srcset" in node.attrs:
            for part in node.attrs["srcset"].split(","):
                if part.strip():
                    found.append((f"<{node.tag} srcset>", part.split()[0]))
        if node.tag == "meta" and node.attrs.get("http-equiv", "").lower() == "refresh":
            match = re.search(r"url=(.+)$", node.attrs.get("content", ""), re.I)
            if match:
                found.append(("<meta refresh>", match.group(1).strip("'\" ")))
        if node.tag == "meta" and node.attrs.get("property") == "og:url":
            found.append(("<meta og:url>", node.attrs.get("content", "")))
    return found


def ids_of(page: Page) -> set[str]:
    return {n.attrs["id"] for n in page.dom.iter() if "id" in n.attrs} | {
        n.attrs["name"] for n in page.dom.find_all("a") if "name" in n.attrs}


# =========================================================================================
# Pages at the contract's default URLs
# =========================================================================================

def test_the_fixture_builds_without_errors(site):
    assert "Built" in site.stdout
    problem_lines = [line for line in site.stderr.splitlines() if re.match(r"\S+:\d+: ", line)]
    assert all(": warning: " in line or ": note: " in line for line in problem_lines), site.stderr


def test_every_page_is_at_its_default_url(site):
    expected = [
        "index.html", "404.html", "blog/index.html", "blog/page/2/index.html",
        *[f"blog/{slug}/index.html" for slug in SLUGS],
        *[f"blog/category/{c}/index.html" for c in CATEGORIES],
        *[f"tags/{t}/index.html" for t in TAGS],
        "locations/index.html", "locations/riverside/index.html", "locations/hillcrest/index.html",
        "contact/index.html", "self-assessment/sleep-check/index.html",
        "about/index.html", "privacy/index.html", "terms/index.html",
        "feed.xml", "sitemap.xml", "robots.txt", "favicon.ico", "images/office.png",
    ]
    missing = [rel for rel in expected if not (site.out / rel).is_file()]
    assert missing == []


def test_static_files_are_copied_unchanged(site):
    assert (site.out / "images/office.png").read_bytes() == (FIXTURE / "static/images/office.png").read_bytes()


def test_a_custom_slug_replaces_the_file_name(site):
    assert (site.out / "blog/video-sessions/index.html").is_file()
    assert not (site.out / "blog/telehealth-sessions").exists()


def test_drafts_and_scheduled_posts_are_absent(site):
    for slug in (DRAFT, FUTURE):
        assert not (site.out / "blog" / slug).exists(), slug
    # nor their category and tags, which only they use
    assert not (site.out / "blog/category/group-work").exists()
    assert not (site.out / "tags/groups").exists()
    assert not (site.out / "tags/holidays").exists()
    assert not (site.out / "old/group-therapy").exists()  # nor the redirect from a draft's alias
    mentions = [p.rel for p in site.html_pages() if DRAFT in p.raw or FUTURE in p.raw
                or "Notes on group therapy" in p.raw or "Coping with the holidays" in p.raw]
    assert mentions == []
    for name in ("feed.xml", "sitemap.xml"):
        text = (site.out / name).read_text("utf-8")
        assert DRAFT not in text and FUTURE not in text, name


def test_drafts_are_built_with_the_drafts_flag(drafts_site):
    page = drafts_site.page(f"blog/{DRAFT}/index.html")
    assert page.main.find("h1").text() == "Notes on group therapy"
    assert (drafts_site.out / "blog/category/group-work/index.html").is_file()
    assert (drafts_site.out / "tags/groups/index.html").is_file()
    assert drafts_site.page("old/group-therapy/index.html").is_redirect
    # a scheduled post stays out even with --drafts: it is not a draft
    assert not (drafts_site.out / "blog" / FUTURE).exists()


def test_a_scheduled_post_appears_on_its_day(tmp_path):
    built = build_into(FIXTURE, tmp_path / "out", today=dt.date(2026, 12, 15))
    assert built.page(f"blog/{FUTURE}/index.html").main.find("h1").text() == "Coping with the holidays"
    assert (tmp_path / "out/tags/holidays/index.html").is_file()
    feed = (tmp_path / "out/feed.xml").read_text("utf-8")
    assert f"blog/{FUTURE}/" in feed
    assert not (tmp_path / "out/blog" / DRAFT).exists()


# =========================================================================================
# Links, assets and the sub-path
# =========================================================================================

def check_links(built: Built) -> list[str]:
    problems = []
    for page in built.html_pages():
        for what, url in urls_in(page):
            target, fragment, problem = internal_target(built, url)
            if problem:
                problems.append(f"{page.rel}: {what} {problem}")
                continue
            if target is None or not fragment:
                continue
            target_page = page if target == "" else (built.page(target) if target.endswith(".html") else None)
            if target_page is not None and fragment not in ids_of(target_page):
                problems.append(f"{page.rel}: {what} {url}: no element with id '{fragment}' on {target_page.rel}")
    return problems


def test_every_internal_link_and_asset_resolves(any_site):
    assert check_links(any_site) == []


BROKEN_LINKS = {  # line in the article: (Markdown, what the message must name)
    8: ("[gone](/blog/no-such-article/)", "/blog/no-such-article/"),
    10: ("[gone](/blog/starting-therapy/#no-such-heading)", "#no-such-heading"),
    12: ("[gone](#nowhere)", "#nowhere"),
    14: ("![a photo](/images/missing.png)", "/images/missing.png"),
    16: ("[a draft](/blog/group-therapy-notes/)", "/blog/group-therapy-notes/"),
}


def test_links_that_do_not_resolve_fail_the_build_and_check(tmp_path):
    source = copy_fixture(tmp_path / "site")
    body = "\n\n".join(f"See {markdown} here." for markdown, _ in BROKEN_LINKS.values())
    (source / "content/articles/links.md").write_text(
        f"---\ntitle: Links\ndate: 2026-01-02\nsummary: Links.\n---\nFirst paragraph.\n\n{body}\n", "utf-8")
    for command in ("build", "check"):
        extra = ["--output", str(tmp_path / "out")] if command == "build" else []
        result = run_cli(command, "--source", str(source), "--today", TODAY.isoformat(), *extra)
        assert result.returncode == 1, (command, result.stderr)
        problems = [row for row in result.stderr.splitlines() if row.startswith("content/articles/links.md")]
        for line, (_, shown) in BROKEN_LINKS.items():
            assert [p for p in problems if p.startswith(f"content/articles/links.md:{line}: error: ") and shown in p], (shown, result.stderr)
        assert len(problems) == len(BROKEN_LINKS), result.stderr
    assert not (tmp_path / "out").exists()


def test_every_internal_url_carries_the_sub_path(sub_site):
    outside = []
    for page in sub_site.html_pages():
        for what, url in urls_in(page):
            if url.startswith("/") and not url.startswith(("/clinic/", "//")):
                outside.append(f"{page.rel}: {what} {url}")
            if url.startswith(f"https://{HOST}") and not url.startswith(SUB_BASE):
                outside.append(f"{page.rel}: {what} {url}")
        for value in re.findall(r'"(https://cedargrove\.test[^"]*)"', page.raw):
            if not value.startswith(SUB_BASE):
                outside.append(f"{page.rel}: {value}")
    assert outside == []
    # links written in Markdown get the sub-path too
    article = sub_site.page("blog/managing-anxiety/index.html")
    assert "/clinic/blog/starting-therapy/#before-you-arrive" in article.hrefs(article.main)
    # (the picture of /images/office.png: its copies in assets/img/, see test_images.py)
    assert [i.attrs["src"].rsplit("-", 2)[0] for i in article.main.find_all("img")] == ["/clinic/assets/img/office"]
    # the redirect of an alias goes to the address under the sub-path
    redirect = sub_site.page("2019/05/better-sleep/index.html")
    assert ("<meta refresh>", "/clinic/blog/better-sleep-habits/") in urls_in(redirect)


def test_sitemap_feed_and_robots_carry_the_sub_path(sub_site):
    locs = sitemap_locs(sub_site)
    assert locs and all(loc.startswith(SUB_BASE) for loc in locs)
    assert f"{SUB_BASE}blog/managing-anxiety/" in locs
    feed = ET.parse(sub_site.out / "feed.xml").getroot()
    hrefs = [link.get("href") for link in feed.iter(f"{ATOM}link")]
    assert hrefs and all(h.startswith(SUB_BASE) for h in hrefs), hrefs
    assert f"Sitemap: {SUB_BASE}sitemap.xml" in (sub_site.out / "robots.txt").read_text("utf-8")


def test_json_ld_urls_carry_the_sub_path(sub_site):
    def urls(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and key in ("@id", "url", "item", "mainEntityOfPage"):
                    yield item
                yield from urls(item)
        elif isinstance(value, list):
            for item in value:
                yield from urls(item)

    found = [u for p in sub_site.content_pages() for u in urls(p.jsonld())]
    assert found and [u for u in found if not u.startswith(SUB_BASE)] == []


def test_canonical_urls_carry_the_sub_path(sub_site):
    page = sub_site.page("locations/hillcrest/index.html")
    assert [link.attrs["href"] for link in page.links("canonical")] == [f"{SUB_BASE}locations/hillcrest/"]


# =========================================================================================
# What every page carries
# =========================================================================================

def failures(built: Built, check, redirects: bool = False) -> list[str]:
    """What `check` finds on each page (`redirects`: the redirect pages of old addresses too)."""
    found = []
    for page in built.html_pages() if redirects else built.content_pages():
        for problem in check(built, page) or ():
            found.append(f"{page.rel}: {problem}")
    return found


def test_every_page_has_exactly_one_h1(any_site):
    assert failures(any_site, lambda b, p: [] if len(p.dom.find_all("h1")) == 1 else [f"{len(p.dom.find_all('h1'))} h1"]) == []


def _lang(built: Built, page: Page):
    """<html lang> is the language of the folder the page is in (the default one at the root)."""
    wanted, got = built.settings(page).lang, page.dom.find("html").attrs.get("lang")
    return [] if got == wanted else [f"lang {got!r}, expected {wanted!r}"]


def test_every_page_has_lang(any_site):
    assert failures(any_site, _lang) == []


def _canonical(built: Built, page: Page):
    if page.rel == "404.html":
        return []  # shown at any missing address; a canonical would claim one of them
    wanted = built.url(page.rel[: -len("index.html")] if page.rel.endswith("index.html") else page.rel)
    got = [link.attrs.get("href") for link in page.links("canonical")]
    return [] if got == [wanted] else [f"canonical {got}, expected [{wanted!r}]"]


def test_every_page_has_its_canonical_url(any_site):
    assert failures(any_site, _canonical) == []


def _description_and_og(built: Built, page: Page):
    problems = []
    titles = page.dom.find_all("title")
    if len(titles) != 1 or not titles[0].text():
        problems.append("no <title>")
    if not (page.meta("description") or "").strip():
        problems.append("no meta description")
    for prop in ("og:title", "og:description", "og:type", "og:url"):
        if not (page.meta(prop) or "").strip():
            problems.append(f"no {prop}")
    og_url = page.meta("og:url") or ""
    if not og_url.startswith(built.base):
        problems.append(f"og:url {og_url!r} is not an absolute URL of the site")
    return problems


def test_every_page_has_a_title_description_and_open_graph_tags(any_site):
    assert failures(any_site, _description_and_og) == []


def _skip_link_and_landmarks(built: Built, page: Page):
    problems = []
    body = page.dom.find("body")
    first_link = body.find("a") if body else None
    main = page.dom.find_all("main")
    if len(main) != 1:
        return [f"{len(main)} <main> elements"]
    main_id = main[0].attrs.get("id")
    if not first_link or not main_id or first_link.attrs.get("href") != f"#{main_id}":
        problems.append(f"first link is not a skip link to <main id={main_id!r}>: {first_link!r}")
    for tag in ("header", "nav", "footer"):
        if not page.dom.find_all(tag):
            problems.append(f"no <{tag}>")
    return problems


def test_every_page_has_a_skip_link_and_landmarks(any_site):
    assert failures(any_site, _skip_link_and_landmarks) == []


def _self_links(built: Built, page: Page):
    """A link in <main> back to the page itself (a reload that goes nowhere) is the breadcrumb's
    last step only, marked as the current page."""
    if page.rel == "404.html":
        return []
    own = built.href(page.rel.removesuffix("index.html"))
    return [f"links to itself: {a!r}" for a in page.main.find_all("a")
            if a.attrs.get("href") == own and "aria-current" not in a.attrs]


def test_no_page_links_to_itself(any_site):
    assert failures(any_site, _self_links) == []


def _crisis(built: Built, page: Page):
    crisis = built.config["crisis"]
    problems = []
    if " ".join(built.settings(page).crisis.split()) not in page.dom.find("body").text():
        problems.append(f"no crisis text in {built.settings(page).lang!r}")
    if crisis.get("phone") and f"tel:{crisis['phone']}" not in page.hrefs():
        problems.append(f"no tel:{crisis['phone']} link")
    return problems


def test_every_page_has_the_crisis_line(any_site):
    # (an old address's redirect page too: a visitor whose browser blocks the refresh stays on it)
    assert failures(any_site, _crisis, redirects=True) == []


def _navigation(built: Built, page: Page):
    """Each item of `navigation`, with its title in the page's language, leading to its page
    (in the page's language where there is one)."""
    settings = built.settings(page)
    links = [(a.text(), a.attrs["href"]) for nav in page.dom.find_all("nav") for a in nav.find_all("a") if "href" in a.attrs]
    return [f"navigation lacks {title!r} -> {url}" for title, url in settings.navigation
            if not any(text == title and built.leads_to(href, url.lstrip("/"), settings) for text, href in links)]


def test_every_page_has_the_navigation(any_site):
    assert failures(any_site, _navigation) == []


def _cta(built: Built, page: Page):
    settings = built.settings(page)
    problems = []
    if settings.cta_text and settings.cta_text not in page.dom.find("body").text():
        problems.append(f"no closing call to action text {settings.cta_text!r}")
    link = [a for a in page.dom.find_all("a") if a.text() == settings.cta_link_text
            and built.leads_to(a.attrs.get("href", ""), settings.cta_url.lstrip("/"), settings)]
    if not link:
        problems.append(f"no call to action link {settings.cta_link_text!r}")
    return problems


def test_every_page_has_a_closing_call_to_action(any_site):
    assert failures(any_site, _cta) == []


def _footer(built: Built, page: Page):
    footers = [f for f in page.dom.find_all("footer") if not any(a.tag in ("article", "section") for a in f.ancestors())]
    if not footers:
        return ["no page footer"]
    footer = footers[-1]
    text, hrefs = footer.text(), set(page.hrefs(footer))
    site = built.config["site"]
    settings = built.settings(page)
    problems = []
    year = str(TODAY.year)
    if "©" not in text or year not in text or settings.legal_name not in text:
        problems.append(f"no copyright line with {year} and the legal name")
    if site.get("copyright_start") and str(site["copyright_start"]) not in text:
        problems.append("copyright line lacks copyright_start")
    for slug in ("privacy/", "terms/"):
        if not any(built.leads_to(href, slug, settings) for href in hrefs):
            problems.append(f"no link to {slug}")
    for location in built.config.get("locations") or []:
        if location["street"] not in text:
            problems.append(f"no address {location['street']}")
    monday = any(name.lower() in text.lower() for name in settings.monday)
    if not re.search(r"\b\d{1,2}(:\d\d)?\s*(am|pm)\b|\b\d\d:\d\d\b", text) or not monday:
        problems.append(f"no hours (with {settings.monday[0]!r})")
    return problems


def test_every_page_has_the_footer(any_site):
    assert failures(any_site, _footer) == []


def _no_inline_code(built: Built, page: Page):
    problems = []
    for script in page.dom.find_all("script"):
        if "src" not in script.attrs and script.attrs.get("type") not in ("application/ld+json", "application/json"):
            problems.append(f"inline <script> {script.text()[:40]!r}")
    if page.dom.find_all("style"):
        problems.append("<style> element")
    for node in page.dom.iter():
        if "style" in node.attrs:
            problems.append(f"style attribute on <{node.tag}>")
        handlers = [a for a in node.attrs if a.startswith("on")]
        if handlers:
            problems.append(f"event handler {handlers} on <{node.tag}>")
    return problems


def test_no_inline_scripts_or_styles(any_site):
    assert failures(any_site, _no_inline_code) == []


def _nothing_from_other_hosts(built: Built, page: Page):
    problems = []
    host = host_of(built)
    for node in page.dom.iter():
        urls = []
        if node.tag in ("img", "script", "iframe", "source", "audio", "video", "embed", "track"):
            urls += [node.attrs.get("src", "")] + [p.split()[0] for p in node.attrs.get("srcset", "").split(",") if p.strip()]
        if node.tag == "link" and set(node.attrs.get("rel", "").lower().split()) & {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon", "prefetch"}:
            urls.append(node.attrs.get("href", ""))
        for url in urls:
            parts = urlsplit(url)
            if url.startswith("//") or (parts.scheme in ("http", "https") and parts.hostname != host):
                problems.append(f"<{node.tag}> loads {url}")
    return problems


def test_nothing_is_loaded_from_other_hosts(any_site):
    assert failures(any_site, _nothing_from_other_hosts) == []


def _stylesheet_and_favicon(built: Built, page: Page):
    sheets = [link.attrs.get("href", "") for link in page.links("stylesheet")]
    icons = [link.attrs.get("href", "") for link in page.links("icon")]
    problems = []
    if not sheets or not all(re.search(r"/[\w-]+\.[0-9a-f]{8,}\.css$", s) for s in sheets):
        problems.append(f"stylesheet not content-hashed: {sheets}")
    if not icons:
        problems.append("no favicon link")
    return problems


def test_every_page_links_the_hashed_stylesheet_and_the_favicon(any_site):
    assert failures(any_site, _stylesheet_and_favicon, redirects=True) == []


def test_one_small_hand_written_css_file(site):
    css_files = sorted(site.out.rglob("*.css"))
    assert len(css_files) == 1, css_files
    css = css_files[0].read_text("utf-8")
    assert len(css.encode()) < 40_000
    assert re.search(r"@media[^{]*prefers-color-scheme:\s*dark", css), "no dark scheme"
    assert re.search(r":focus(-visible)?\b[^{]*\{[^}]*outline", css), "no visible focus style"
    assert re.search(r"@media[^{]*\b(max|min)-width", css), "not responsive"
    print_sheet = any(link.attrs.get("media") == "print" for p in site.content_pages()[:1] for link in p.links("stylesheet"))
    assert print_sheet or re.search(r"@media\s+print", css), "no print styles"
    assert "@import" not in css and "@font-face" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css), "CSS loads from another host"


def test_the_css_name_follows_its_content(tmp_path, site):
    theme_css = next(site.out.rglob("*.css"))
    source = copy_fixture(tmp_path / "site")
    (source / "templates/assets").mkdir(parents=True)
    name = re.sub(r"\.[0-9a-f]{8,}\.css$", ".css", theme_css.name)
    (source / "templates/assets" / name).write_text(theme_css.read_text("utf-8") + "\n/* the clinic's tweak */\n", "utf-8")
    built = build_into(source, tmp_path / "out")
    css = [p.relative_to(built.out).as_posix() for p in built.out.rglob("*.css")]
    assert len(css) == 1 and css[0] != theme_css.relative_to(site.out).as_posix()
    assert "the clinic's tweak" in (built.out / css[0]).read_text("utf-8")
    assert built.page("index.html").links("stylesheet")[0].attrs["href"] == "/" + css[0]


def test_favicon_of_the_site_own_also_at_favicon_ico(site):
    data = (site.out / "favicon.ico").read_bytes()
    assert data[:4] == b"\x00\x00\x01\x00" or data[:8] == b"\x89PNG\r\n\x1a\n", "favicon.ico is not an icon"


def test_no_cookies(site):
    for path in sorted(site.out.rglob("*")):
        if path.suffix in (".html", ".js"):
            text = path.read_text("utf-8")
            assert "document.cookie" not in text and "cookieStore" not in text, path
            assert not re.search(r"http-equiv=[\"']?set-cookie", text, re.I), path


# =========================================================================================
# Home, blog, articles, taxonomies
# =========================================================================================

def article_links(built: Built, within: Node, page: Page) -> list[str]:
    """Slugs of the articles linked from `within`, in order, once each."""
    found = []
    for href in page.hrefs(within):
        match = re.fullmatch(re.escape(built.href("blog/")) + r"([a-z0-9-]+)/", href)
        if match and match.group(1) not in ("page", "category") and match.group(1) not in found:
            found.append(match.group(1))
    return found


def test_home_page(site):
    page = site.page("index.html")
    main = page.main
    assert main.find("h1").text() == "Counseling in Maple Falls, at your pace"
    text = main.text()
    for service in ("Individual therapy", "Psychiatric care", "Couples counseling"):
        assert service in text
    assert "Talk therapy and psychiatric care for adults" in text
    # latest articles: the newest first, never a draft or a scheduled post
    latest = article_links(site, main, page)
    assert latest and latest[0] == "managing-anxiety"
    assert set(latest) <= set(SLUGS)
    # the hours in words, and the locations
    assert re.search(r"(Monday|Thursday)[^.]*\b9(:00)?\s*am\b", text), text
    for location_id, street in LOCATIONS.items():
        assert street in text
        assert site.href(f"locations/{location_id}/") in page.hrefs(main)
    # a call to action in the page itself
    assert site.href("contact/") in page.hrefs(main)


def test_blog_index_is_paginated_ten_per_page_newest_first(site):
    first, second = site.page("blog/index.html"), site.page("blog/page/2/index.html")
    assert article_links(site, first.main, first)[:10] == SLUGS[:10]
    assert len(article_links(site, first.main, first)) == 10
    assert article_links(site, second.main, second) == SLUGS[10:]
    assert site.href("blog/page/2/") in first.hrefs(first.main)
    assert site.href("blog/") in second.hrefs(second.main)
    assert not (site.out / "blog/page/3").exists()
    assert not (site.out / "blog/page/1/index.html").exists() or site.page("blog/page/1/index.html").is_redirect


def test_long_article_page(site):
    page = site.page("blog/managing-anxiety/index.html")
    main, hrefs = page.main, page.hrefs(page.main)
    assert main.find("h1").text() == "A practical guide to managing anxiety"
    times = {t.attrs.get("datetime") for t in main.find_all("time")}
    assert {"2026-11-10", "2026-11-20", "2026-11-18"} <= times  # date, updated, reviewed_on
    text = main.text()
    assert "Updated" in text and "Samuel Park, LCSW" in text and "Dr. Lena Ortiz" in text
    assert re.search(r"\b\d+\s*min(ute)?s?\b", text), "no reading time"
    assert site.href("blog/category/tips/") in hrefs
    for tag in ("anxiety", "habits", "sleep", "therapy"):
        assert site.href(f"tags/{tag}/") in hrefs
    # table of contents: a nav linking every '##' heading
    h2_ids = [h.attrs.get("id") for h in main.find_all("h2") if h.text() in (
        "What anxiety feels like", "Everyday strategies", "Comparing approaches", "When to ask for help", "Further reading")]
    assert len(h2_ids) == 5 and all(h2_ids), "headings lack anchors"
    tocs = [n for n in main.find_all("nav") if all(f"#{i}" in page.hrefs(n) for i in h2_ids)]
    assert tocs, "no table of contents"
    # previous: the next older article; there is no newer published one
    assert site.href("blog/talking-to-teens/") in hrefs
    assert site.href(f"blog/{FUTURE}/") not in hrefs


def test_short_article_has_no_table_of_contents(site):
    page = site.page("blog/what-is-cbt/index.html")
    assert not [n for n in page.main.find_all("nav") if any(h.startswith("#") for h in page.hrefs(n))]


def test_previous_and_next_articles(site):
    page = site.page("blog/grounding-exercises/index.html")  # shares no tags with either neighbour
    hrefs = page.hrefs(page.main)
    assert site.href("blog/winter-blues/") in hrefs  # older
    assert site.href("blog/video-sessions/") in hrefs  # newer
    oldest = site.page("blog/starting-therapy/index.html")
    assert site.href("blog/finding-a-therapist/") in oldest.hrefs(oldest.main)


def related_section(page: Page) -> Node:
    for heading in page.main.iter():
        if re.fullmatch(r"h[2-6]", heading.tag) and "related" in heading.text().lower():
            return heading.parent
    raise AssertionError(f"{page.rel}: no 'Related' section")


def test_up_to_three_related_articles_by_shared_tags(site):
    page = site.page("blog/managing-anxiety/index.html")
    related = article_links(site, related_section(page), page)
    # four articles share two tags or more with it; the three most related, no draft
    assert len(related) == 3
    assert set(related) <= {"grounding-exercises", "what-is-cbt", "better-sleep-habits"}, related
    teens = site.page("blog/talking-to-teens/index.html")
    assert article_links(site, related_section(teens), teens) == ["supporting-a-friend"]


def test_markdown_features(site):
    page = site.page("blog/managing-anxiety/index.html")
    main = page.main
    # table
    table = main.find("table")
    assert table is not None and [th.text() for th in table.find_all("th")] == ["Approach", "What it involves", "Typical length"]
    # footnote: a reference that resolves to the note on the page, and the note's text
    refs = [h for h in page.hrefs(main) if h.startswith("#fn")]
    assert refs and refs[0][1:] in ids_of(page)
    note = next(n for n in main.iter() if n.attrs.get("id") == refs[0][1:])
    assert "talking therapy as a first step" in note.text()
    # callout with its title, marked as a note
    title = next(n for n in main.iter() if n.tag != "#document" and n.text() == "Before you start" and not n.find_all("p")[1:])
    box = next(a for a in title.ancestors() if "not a diagnosis" in a.text())
    assert "note" in (box.attrs.get("class", "") + " " + box.attrs.get("role", "")), box
    # attribute list
    assert main.find(id="key-points") is not None and "nobody" in main.find(id="key-points").text()
    # smart punctuation
    text = main.text()
    assert "“a knot in the stomach”" in text and "It’s common" in text and "body’s alarm" in text
    assert '"a knot' not in text
    # image with its alt text, from static/
    img = main.find("img")
    assert img.attrs["src"].startswith("/assets/img/office-")  # a copy of /images/office.png (test_images.py)
    assert (img.attrs["width"], img.attrs["height"]) == ("2", "2")
    assert img.attrs["alt"] == "The waiting room at our Hillcrest office, with two armchairs and a plant"
    # a link to a heading of another article, and one within the page
    assert "/blog/starting-therapy/#before-you-arrive" in page.hrefs(main)
    assert "#comparing-approaches" in page.hrefs(main)


def test_category_and_tag_pages_list_their_articles(site):
    for slug, members in CATEGORIES.items():
        page = site.page(f"blog/category/{slug}/index.html")
        assert set(article_links(site, page.main, page)) == members, slug
        assert len(page.dom.find_all("h1")) == 1
    for slug, members in TAGS.items():
        page = site.page(f"tags/{slug}/index.html")
        assert set(article_links(site, page.main, page)) == members, slug


def test_pages_from_content_pages(site):
    about = site.page("about/index.html")
    assert about.main.find("h1").text() == "About Cedar Grove"
    assert about.meta("description") == "Who we are and how we work."
    terms = site.page("terms/index.html")
    # without a summary, the description is the first paragraph
    assert terms.meta("description").startswith("The articles on this website are general information")


def test_an_article_without_a_summary_is_described_by_its_first_paragraph(site):
    page = site.page("blog/sleep-and-mood/index.html")
    first = "Poor sleep can lower mood, and low mood can make sleep harder. Working on either side often helps both."
    assert page.meta("description") == first
    listing = site.page("blog/page/2/index.html")
    assert first in listing.main.text()


def test_a_heading_written_with_one_hash_leaves_the_title_the_only_h1(site):
    page = site.page("blog/sleep-and-mood/index.html")
    assert [h.text() for h in page.dom.find_all("h1")] == ["Sleep & mood: a two-way street"]
    assert "Keep a diary first" in [h.text() for h in page.main.find_all("h2")]


def test_aliases_become_redirect_pages(site):
    for alias, target in ALIASES.items():
        rel = alias + "index.html" if alias.endswith("/") else alias
        page = site.page(rel)
        assert page.is_redirect, rel
        assert ("<meta refresh>", site.href(target)) in urls_in(page), rel
        assert site.href(target) in page.hrefs()  # a plain link for browsers that do not refresh
        assert [link.attrs["href"] for link in page.links("canonical")] == [site.url(target)]
        assert page.meta("robots") == "noindex"


def test_checklist_page(site):
    page = site.page("self-assessment/sleep-check/index.html")
    main = page.main
    assert main.find("h1").text() == "Is my sleep affecting my mood?"
    text = main.text()
    for statement in ("I lie awake for more than half an hour most nights.", "I wake up long before I want to.",
                      "I feel low or irritable most days.", "I have thought that everyone would be better off without me."):
        assert statement in text
    assert len([i for i in main.find_all("input") if i.attrs.get("type") == "checkbox"]) == 4
    assert "Nothing you tick leaves this page." in text
    assert "This checklist is a reflection aid, not a diagnosis." in text
    for advice in ("A steady wake-up time", "Low mood that lasts more than two weeks", "Please call or text 988 now"):
        assert advice in page.raw


def test_404_page(site):
    page = site.page("404.html")
    main = page.main
    assert len(page.dom.find_all("h1")) == 1
    hrefs = page.hrefs(main)
    assert site.href("") in hrefs and site.href("blog/") in hrefs and site.href("contact/") in hrefs
    assert page.meta("robots") and "noindex" in page.meta("robots")


# =========================================================================================
# Locations and contact
# =========================================================================================

def hours_rows(page: Page, within: Node) -> dict[str, str]:
    """{day label: hours} from the hours table(s) inside `within`."""
    rows = {}
    for tr in within.find_all("tr"):
        cells = [c for c in tr.children if isinstance(c, Node) and c.tag in ("th", "td")]
        if len(cells) >= 2:
            rows[cells[0].text()] = cells[1].text()
    return rows


def day_hours(rows: dict[str, str], day: str) -> str:
    """The hours of one weekday, from rows that may group days ('Monday – Friday')."""
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    for label, hours in rows.items():
        names = re.findall("|".join(days), label)
        if len(names) == 1 and names[0] == day:
            return hours
        if len(names) == 2:
            first, last = days.index(names[0]), days.index(names[1])
            span = days[first:last + 1] if " and " not in label and "," not in label else names
            if day in span:
                return hours
    raise AssertionError(f"no hours for {day} in {rows}")


def test_location_pages(site):
    hill = site.page("locations/hillcrest/index.html")
    river = site.page("locations/riverside/index.html")
    assert hill.main.find("h1").text() == "Hillcrest" and river.main.find("h1").text() == "Riverside"
    for page, street, postal in ((hill, "77 Summit Ave", "59803"), (river, "410 River Rd, Suite 2", "59801")):
        text = page.main.text()
        assert street in text and postal in text and "Maple Falls" in text
        maps = [h for h in page.hrefs(page.main) if urlsplit(h).hostname and re.search(
            r"(openstreetmap\.org|google\.[a-z.]+|maps\.apple\.com|bing\.com)$", urlsplit(h).hostname)]
        assert maps, f"{page.rel}: no link to a public map"
        assert postal in unquote(maps[0].replace("+", " "))
    # the week, with Hillcrest's Saturday override
    assert re.search(r"10(:00)?\s*am\s*[–-]\s*2(:00)?\s*pm", day_hours(hours_rows(hill, hill.main), "Saturday"))
    assert day_hours(hours_rows(river, river.main), "Saturday").lower() == "closed"
    assert re.search(r"8(:00)?\s*am.*12(:00)?\s*pm.*1(:00)?\s*pm.*7(:00)?\s*pm", day_hours(hours_rows(hill, hill.main), "Wednesday"))
    # directions text (Markdown)
    assert "Take bus line 4 to Summit & Pine" in hill.main.text()
    assert "river path" in river.main.find("strong").text()
    # upcoming closures: special hours, closed days, one location's own; not the past one
    for page in (hill, river):
        text = page.main.text()
        assert "Christmas Eve" in text and "Christmas Day" in text
        assert "New Year's Day 2026" not in text
    assert "Staff training day" in hill.main.text()
    assert "Staff training day" not in river.main.text()
    christmas_eve = next(n for n in hill.main.iter() if n.tag == "li" and "Christmas Eve" in n.text())
    assert re.search(r"9(:00)?\s*am\s*[–-]\s*12(:00)?\s*pm", christmas_eve.text())


def closure_line(page: Page, label: str) -> str:
    """The text of the innermost list item naming `label`."""
    items = [n for n in page.main.iter() if n.tag == "li" and label in n.text()]
    assert items, f"{page.rel}: no closure '{label}'"
    return min(items, key=lambda n: len(n.text())).text()


@pytest.mark.parametrize("rel", ["locations/hillcrest/index.html", "locations/riverside/index.html", "locations/index.html"])
def test_a_closure_closed_all_day_reads_closed(site, rel):
    """Christmas Day leaves 'hours' out; New Year's Day says `hours: closed`. Both are closed all day."""
    page = site.page(rel)
    for label in ("Christmas Day", "New Year's Day"):
        line = closure_line(page, label)
        assert re.search(r"\bclosed\b", line, re.I), line
        assert not re.search(r"\bopen\b", line, re.I), line


def test_locations_index(site):
    page = site.page("locations/index.html")
    text, hrefs = page.main.text(), page.hrefs(page.main)
    for location_id, street in LOCATIONS.items():
        assert street in text and site.href(f"locations/{location_id}/") in hrefs


def test_contact_page_without_a_form(site):
    page = site.page("contact/index.html")
    main, hrefs = page.main, page.hrefs(page.main)
    assert "tel:+14065552300" in hrefs
    assert "mailto:hello@cedargrove.test" in hrefs
    text = main.text()
    assert "Call or write to book a first conversation." in text
    for street in LOCATIONS.values():
        assert street in text
    assert re.search(r"\b9(:00)?\s*am\b", text), "no hours"
    assert main.find_all("form") == []
    assert not [n for n in page.dom.iter() if n.tag == "form" and n.attrs.get("method", "get").lower() == "post"]


def test_contact_form_only_with_form_action(form_site):
    page = form_site.page("contact/index.html")
    forms = [f for f in page.main.find_all("form") if f.attrs.get("action") == FORM_ACTION]
    assert len(forms) == 1
    form = forms[0]
    assert form.attrs.get("method", "").lower() == "post"
    # a visible warning not to send health details
    warnings = [n for n in page.main.iter() if n.tag in ("p", "div", "strong") and "health" in n.text().lower()
                and not any(a.attrs.get("aria-hidden") == "true" or "hidden" in a.attrs for a in [n, *n.ancestors()])]
    assert warnings, "no visible warning about health details"
    # a honeypot: a field people never reach, hidden from assistive technology too
    honeypots = [i for i in form.find_all("input") if i.attrs.get("tabindex") == "-1"
                 and any(a.attrs.get("aria-hidden") == "true" or "hidden" in a.attrs for a in [i, *i.ancestors()])]
    assert len(honeypots) == 1, "no honeypot field"
    assert "required" not in honeypots[0].attrs
    # other pages never grow a form that posts
    assert not [p.rel for p in form_site.content_pages() if p.rel != "contact/index.html"
                and any(f.attrs.get("action") == FORM_ACTION for f in p.dom.find_all("form"))]


# =========================================================================================
# Machine-readable files
# =========================================================================================

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locs(built: Built) -> list[str]:
    root = ET.parse(built.out / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    return [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]


def test_sitemap_lists_every_indexable_page(site):
    locs = sitemap_locs(site)
    assert len(locs) == len(set(locs))
    expected = {site.url(p.rel[: -len("index.html")]) for p in site.content_pages()
                if p.rel.endswith("index.html") and not (p.meta("robots") or "").count("noindex")}
    assert set(locs) == expected
    assert site.url("") in locs and site.url("blog/page/2/") in locs
    assert site.url("locations/hillcrest/") in locs and site.url("self-assessment/sleep-check/") in locs
    assert not [loc for loc in locs if "404" in loc or "2019/05" in loc or "about-us" in loc or "sleep-tips" in loc]


def test_robots_names_the_sitemap(site):
    robots = (site.out / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()
    assert "Disallow: /\n" not in robots + "\n"


def test_atom_feed(site):
    root = ET.parse(site.out / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{name}"), name
    entries = root.findall(f"{ATOM}entry")
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == [site.url(f"blog/{slug}/") for slug in SLUGS]
    for entry, (slug, title, date) in zip(entries, PUBLISHED, strict=True):
        assert entry.findtext(f"{ATOM}title") == title
        assert entry.findtext(f"{ATOM}id")
        published, updated = entry.findtext(f"{ATOM}published"), entry.findtext(f"{ATOM}updated")
        assert updated and updated[:10] >= date, slug
        assert published is None or published.startswith(date), slug
    assert entries[0].findtext(f"{ATOM}updated").startswith("2026-11-20")
    self_links = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_links == [site.url("feed.xml")]
    page = site.page("index.html")
    assert [link.attrs["href"] for link in page.links("alternate") if link.attrs.get("type") == "application/atom+xml"] == [site.href("feed.xml")]


def test_json_ld_parses_on_every_page(any_site):
    bad = []
    for page in any_site.content_pages():
        for script in page.dom.find_all("script"):
            if script.attrs.get("type") == "application/ld+json":
                try:
                    json.loads(script.text())
                except ValueError as exc:
                    bad.append(f"{page.rel}: {exc}")
    assert bad == []


def walk_json(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_json(item)


def types_of(node: dict) -> set[str]:
    kind = node.get("@type", [])
    return set(kind if isinstance(kind, list) else [kind])


def clinic_entries(page: Page) -> dict[str, dict]:
    """{street: JSON-LD node} of every MedicalClinic/MedicalBusiness with an address."""
    found = {}
    for node in walk_json(page.jsonld()):
        if types_of(node) & {"MedicalClinic", "MedicalBusiness"} and isinstance(node.get("address"), dict):
            found[node["address"].get("streetAddress")] = node
    return found


def weekly(node: dict) -> set[tuple[str, str, str]]:
    specs = node.get("openingHoursSpecification") or []
    out = set()
    for spec in specs if isinstance(specs, list) else [specs]:
        days = spec.get("dayOfWeek")
        for day in days if isinstance(days, list) else [days]:
            out.add((day.rsplit("/", 1)[-1], spec["opens"][:5], spec["closes"][:5]))
    return out


def special(node: dict) -> set[tuple[str, str, str, str]]:
    specs = node.get("specialOpeningHoursSpecification") or []
    return {(s["validFrom"], s.get("validThrough"), s["opens"][:5], s["closes"][:5])
            for s in (specs if isinstance(specs, list) else [specs])}


def test_json_ld_clinic_with_one_entry_per_location(site):
    home = site.page("index.html")
    entries = clinic_entries(home)
    assert set(entries) == set(LOCATIONS.values())
    ids = [entries[street].get("@id") for street in LOCATIONS.values()]
    assert all(ids) and len(set(ids)) == 2, ids
    # the clinic itself is described too
    clinics = [n for n in walk_json(home.jsonld()) if types_of(n) & {"MedicalClinic", "MedicalBusiness"}]
    assert any(n.get("name") == "Cedar Grove Counseling" for n in clinics)
    # the same stable @id on the location's own page
    for location_id, street in LOCATIONS.items():
        own = clinic_entries(site.page(f"locations/{location_id}/index.html"))
        assert own[street]["@id"] == entries[street]["@id"]
        assert own[street]["address"]["postalCode"] == {"riverside": "59801", "hillcrest": "59803"}[location_id]


def test_json_ld_opening_hours_include_the_saturday_override(site):
    entries = clinic_entries(site.page("index.html"))
    assert weekly(entries["410 River Rd, Suite 2"]) == WEEK
    assert weekly(entries["77 Summit Ave"]) == WEEK | {("Saturday", "10:00", "14:00")}
    own = clinic_entries(site.page("locations/hillcrest/index.html"))["77 Summit Ave"]
    assert weekly(own) == WEEK | {("Saturday", "10:00", "14:00")}


def test_json_ld_special_hours_from_closures(site):
    entries = clinic_entries(site.page("index.html"))
    shared = {("2026-12-24", "2026-12-24", "09:00", "12:00"), ("2026-12-25", "2026-12-25", "00:00", "00:00"),
              ("2027-01-01", "2027-01-01", "00:00", "00:00")}
    assert special(entries["410 River Rd, Suite 2"]) == shared
    assert special(entries["77 Summit Ave"]) == shared | {("2027-01-15", "2027-01-15", "00:00", "00:00")}


def test_json_ld_blog_posting_on_articles(site):
    for slug, title, date in PUBLISHED:
        page = site.page(f"blog/{slug}/index.html")
        posts = [n for n in walk_json(page.jsonld()) if "BlogPosting" in types_of(n)]
        assert len(posts) == 1, slug
        post = posts[0]
        assert post["headline"] == title
        assert post["datePublished"].startswith(date)
        assert site.url(f"blog/{slug}/") in (post.get("url"), post.get("mainEntityOfPage"),
                                             (post.get("mainEntityOfPage") or {}).get("@id") if isinstance(post.get("mainEntityOfPage"), dict) else None)
    post = next(n for n in walk_json(site.page("blog/managing-anxiety/index.html").jsonld()) if "BlogPosting" in types_of(n))
    assert post["dateModified"].startswith("2026-11-20")
    assert "Lena Ortiz" in json.dumps(post["author"])


def test_json_ld_breadcrumbs(site):
    for rel, last in (("blog/managing-anxiety/index.html", "blog/managing-anxiety/"),
                      ("locations/hillcrest/index.html", "locations/hillcrest/"),
                      ("blog/category/tips/index.html", "blog/category/tips/")):
        lists = [n for n in walk_json(site.page(rel).jsonld()) if "BreadcrumbList" in types_of(n)]
        assert len(lists) == 1, rel
        items = lists[0]["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        item_url = lambda i: i["item"] if isinstance(i["item"], str) else i["item"]["@id"]  # noqa: E731
        assert item_url(items[0]) == BASE
        assert item_url(items[-1]) == site.url(last)
        assert all(i.get("name") for i in items)


# =========================================================================================
# Output: atomic and deterministic
# =========================================================================================

def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path):
    source = copy_fixture(tmp_path / "site")
    out = tmp_path / "out"
    build_into(source, out)
    before = snapshot(out)
    (source / "content/articles/broken.md").write_text("---\ntitle: Broken\ndate: 2024-02-30\n---\nText.\n", "utf-8")
    (source / "content/articles/starting-therapy.md").write_text(
        (source / "content/articles/starting-therapy.md").read_text("utf-8").replace("Many people", "Most people"), "utf-8")
    result = build_site(source, "--output", str(out))
    assert result.returncode == 1
    assert "content/articles/broken.md:3: error: " in result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]  # no temporary folder left behind


def test_two_builds_are_byte_identical(tmp_path, site):
    again = build_into(FIXTURE, tmp_path / "again")
    moved = build_into(copy_fixture(tmp_path / "elsewhere" / "clinic"), tmp_path / "moved")  # another source path
    for other in (again, moved):
        first, second = snapshot(site.out), snapshot(other.out)
        assert sorted(first) == sorted(second)
        assert [name for name in first if first[name] != second[name]] == []


def test_golden_tree(site):
    """The fixture's output, file by file. Refresh: HAVEN_UPDATE_GOLDEN=1 (see the module docstring)."""
    if os.environ.get("HAVEN_UPDATE_GOLDEN") == "1":
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        shutil.copytree(site.out, GOLDEN)
        pytest.skip("golden tree refreshed; review `git diff tests/golden`")
    if not GOLDEN.is_dir():
        pytest.fail("tests/golden/clinic is missing; create it with HAVEN_UPDATE_GOLDEN=1")
    expected, actual = snapshot(GOLDEN), snapshot(site.out)
    assert sorted(actual) == sorted(expected), "the files differ from the golden tree; refresh it if intended"
    changed = [name for name in sorted(expected) if expected[name] != actual[name]]
    if changed:
        first = changed[0]
        diff = "\n".join(difflib.unified_diff(
            expected[first].decode("utf-8", "replace").splitlines(), actual[first].decode("utf-8", "replace").splitlines(),
            f"golden/{first}", f"built/{first}", lineterm="", n=1))
        pytest.fail(f"{len(changed)} file(s) changed from the golden tree: {changed}\n"
                    f"(refresh with HAVEN_UPDATE_GOLDEN=1 if intended)\n{diff[:3000]}")


# =========================================================================================
# The example site and the command line
# =========================================================================================

def test_the_example_site_builds_with_zero_errors(example_site):
    """Warnings and notes only; each translation awaiting review is listed, as a note."""
    assert "Built" in example_site.stdout
    notes, mistakes = review_notes_and_mistakes(example_site.stderr.splitlines())
    assert mistakes == [], example_site.stderr
    assert notes == awaiting_review(ROOT), example_site.stderr
    for rel in ("index.html", "blog/index.html", "locations/index.html", "contact/index.html",
                "privacy/index.html", "terms/index.html", "404.html", "feed.xml", "sitemap.xml", "robots.txt",
                "team/index.html", "services/index.html", "notice-of-privacy-practices/index.html",
                "good-faith-estimate/index.html", "nondiscrimination/index.html", "accessibility/index.html"):
        assert (example_site.out / rel).is_file(), rel


def test_the_example_sites_spanish_notice_marks_its_english_terms(example_site):
    """The English legal terms the Spanish HIPAA notice keeps in brackets are marked lang="en"
    (WCAG 3.1.2), or a Spanish screen reader says them with Spanish sounds."""
    html = (example_site.out / "es/notice-of-privacy-practices/index.html").read_text("utf-8")
    for term in ("subpoena", "workers’ compensation", "health care proxy"):
        assert f'(<em lang="en">{term}</em>)' in html, term


@pytest.mark.parametrize("rel, english", [
    ("zh/blog/not-making-progress-in-therapy/", ["988 Suicide &amp; Crisis Lifeline", "National Health Interview Survey",
                                                 "Mental Health Treatment Among Adults: United States, 2019",
                                                 "NCHS Data Brief No. 380"]),
    ("es/blog/estancado-en-terapia/", ["Mental Health Treatment Among Adults: United States,\n2019", "NCHS Data Brief"]),
    ("zh/privacy/", ["Notice of Privacy Practices"]),
    ("zh/notice-of-privacy-practices/", ["U.S. Department of Health and Human Services"]),
])
def test_the_example_sites_translations_mark_the_english_names_they_quote(example_site, rel, english):
    """The English titles and names a Chinese or Spanish page quotes in brackets are marked lang="en"
    (WCAG 3.1.2), or a Chinese screen reader spells them out with Chinese sounds."""
    html = (example_site.out / rel / "index.html").read_text("utf-8")
    for words in english:
        assert f'<em lang="en">{words}</em>' in html, words


def test_build_is_the_default_command_and_writes_to_source_output(tmp_path):
    source = copy_fixture(tmp_path / "site")
    result = run_cli("--today", TODAY.isoformat(), cwd=source)
    assert result.returncode == 0, result.stderr
    assert (source / "output/index.html").is_file()
    result = run_cli("build", "--source", str(source), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert (source / "output/blog/managing-anxiety/index.html").is_file()


def test_check_writes_nothing(tmp_path):
    source = copy_fixture(tmp_path / "site")
    before = snapshot(tmp_path)
    result = run_cli("check", "--source", str(source), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_check_fails_on_errors_and_names_the_file_and_line(tmp_path):
    source = copy_fixture(tmp_path / "site")
    (source / "content/articles/broken.md").write_text("---\ntitle: Broken\ndate: 2024-02-30\n---\nText.\n", "utf-8")
    before = snapshot(tmp_path)
    result = run_cli("check", "--source", str(source), "--today", TODAY.isoformat())
    assert result.returncode == 1
    assert re.search(r"^content/articles/broken\.md:3: .*2024-02-30", result.stderr, re.M), result.stderr
    assert snapshot(tmp_path) == before


def test_new_scaffolds_an_article_and_refuses_to_overwrite(tmp_path):
    source = copy_fixture(tmp_path / "site")
    result = run_cli("new", "Coping with Change: A Guide!", "--source", str(source))
    assert result.returncode == 0, result.stderr
    created = source / "content/articles/coping-with-change-a-guide.md"
    assert created.is_file()
    text = created.read_text("utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Coping with Change: A Guide!"
    assert isinstance(front["date"], dt.date)
    # the scaffold is valid content: the site still checks cleanly, drafts included
    check = run_cli("check", "--source", str(source), "--drafts", "--today", front["date"].isoformat())
    assert check.returncode == 0, check.stderr
    # a second time: refused, and the file is untouched
    created.write_text(text + "\nMy own words.\n", "utf-8")
    again = run_cli("new", "Coping with Change: A Guide!", "--source", str(source))
    assert again.returncode != 0
    assert "already exists" in again.stderr
    assert created.read_text("utf-8") == text + "\nMy own words.\n"


@pytest.mark.parametrize("args", [
    ["build", "--no-such-option"],
    ["frobnicate"],
    ["serve", "--port", "eighty"],
    ["new"],
    ["build", "--today", "2026-02-30"],
    ["check", "--output", "somewhere"],
])
def test_usage_errors_exit_2(args, tmp_path):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_content_errors_exit_1_with_path_line_message_and_a_summary(tmp_path):
    source = copy_fixture(tmp_path / "site", **{"timezone: America/Denver": "timezone: America/Denvr"})
    result = build_site(source, "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    line_no = (source / "site_config.yaml").read_text("utf-8").splitlines().index("  timezone: America/Denvr") + 1
    assert any(line.startswith(f"site_config.yaml:{line_no}: error: ") and "America/Denver" in line for line in lines), lines
    assert any(re.search(r"\b1 error\b", line) for line in lines), lines
    assert not (tmp_path / "out").exists()


def test_ci_runs_the_readme_quick_start_including_the_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for block in re.findall(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S)
                for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert any("pytest" in command for command in commands), commands
    ci = (ROOT / ".ci/run").read_text("utf-8")
    steps = [line for line in ci.splitlines() if line.lstrip().startswith("step ")]
    for command in commands:
        assert any(command in step for step in steps), f".ci/run does not run the README's `{command}`"
