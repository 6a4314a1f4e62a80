"""Differential test: after any sequence of edits, every fast path gives a cold build's bytes.

Random sequences of edits (content and its Spanish translations, templates, config and static files, including same-size
replacements whose modification time is put back, as `cp -p` or an unpacked archive leaves them,
and edits within one second of the last build) are applied to a small site. After each step:

- the incremental build (`build` into the same output folder, with the document cache and the
  record of pages the previous builds left, as the command line runs it), and
- serve's rebuild (the same `build(..., preview=True, state=...)` that `serve` calls, with the one
  BuildState serve keeps for its whole life), both looking at every file as serve does when it
  polls, and told which paths each step touched (state.Changes) as serve is when watchdog reports
  every change: a folder created, renamed or deleted, a file added, edited or deleted

must equal, byte for byte and problem for problem, a cold build of the same folder: one process
(HAVEN_JOBS=1), no cache, the state of a command-line build (lasting=False), as the incremental
build's is.

Two things are shared between sequences, to keep a few hundred of them within a minute: the
compiled templates (compiling the theme is most of a small build's time; they are kept by file and
checksum of their source, render._CompiledTemplates; the cold builds keep theirs apart from the
fast paths'), and the cold builds' outcomes, by the contents of the site folder (a cold build
depends on nothing else: test_state.py checks that it does not depend on the folder's place).

A few hundred sequences run by default (about two minutes); HAVEN_FUZZ_EXAMPLES=N asks
for N (a few thousand for a thorough run), split then into one share per core, each a test of its
own with its own random sequences, so that pytest-xdist can run them side by side when told to
hand out tests one by one (the suite hands out whole files):

    HAVEN_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest -n auto --dist load tests/test_differential.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven import cache, parallel
from haven.pipeline import build
from haven.site import THEME_DIR
from haven.state import BuildState
from helpers import SPANISH_CONFIG, TODAY, environment, write_site

EXAMPLES = int(os.environ.get("HAVEN_FUZZ_EXAMPLES", "200"))
# A thorough run's sequences in one share per core (the default few hundred stay one test, derandomized).
SHARES = 1 if EXAMPLES <= 200 else max(1, min(parallel.jobs(), EXAMPLES // 100))
PREVIEW = "http://127.0.0.1:8000/"  # the base URL serve builds with


def _article(title: str, day: int, tags: str, body: str, extra: str = "", category: str = "Tips") -> str:
    return (f"---\ntitle: {title}\ndate: 2026-0{day % 9 + 1}-1{day % 10}\nsummary: On {title}.\ncategory: {category}\n"
            f"tags: [{tags}]\n{extra}---\n{body}\n")


BODIES = [  # the first four have the same length
    "Text one. Rest well.",
    "Text two. Rest well.",
    "Text six. Rest well.",
    "Text ten. Rest well.",
    "## Start\n\nA longer text.\n\n## Middle\n\nMore.\n\n## End\n\nDone, see [the other](/blog/b/).",
    "A link to [a part](/blog/a/#start) and *emphasis*.",
]
TITLES = ["Sleep well", "Sleep wall", "Worry less", "A much longer title about rest"]
# each title's category: a new title may move its article to another category, or spell the same one
# otherwise (what serve's taxonomies, kept between builds, must notice: site._put_in)
CATEGORIES = ["Tips", "Rest", "tips", "Tips"]
TAGS = ["sleep", "sleep, stress", "stress", "work, sleep"]
EXTRAS = ["", "draft: true\n", "updated: 2026-10-01\n", "slug: renamed\n", "aliases: [/old/a/]\n"]
PAGES = ["We listen.", "We learn.", "We listen, we learn, we help.", "See [sleep](/blog/a/)."]
CONFIGS = [
    ("https://counseling.test/", 'friday: "09:00-15:00"'),
    ("https://counseling.test/", 'friday: "10:00-14:00"'),  # same length
    ("https://counseling.test/sub/", 'friday: "09:00-15:00"'),
]
STATIC = [b"Leaflet: open 9-5.\n", b"Leaflet: open 8-4.\n", b"A longer leaflet text, version three.\n"]
ARTICLE_TEMPLATE = (THEME_DIR / "article.html").read_text()
BASE_TEMPLATE = (THEME_DIR / "base.html").read_text()
TEMPLATES = [
    {},
    {"article.html": ARTICLE_TEMPLATE.replace("min read", "min time")},
    {"article.html": ARTICLE_TEMPLATE.replace("min read", "min tiny")},  # same length
    # A theme that shows the newest article's title on every page (what the site's record must catch).
    {"base.html": BASE_TEMPLATE.replace("</main>", "</main><p>Newest: {{ site.articles[0].title if site.articles else '' }}</p>")},
]

# Spanish translations (the site has Spanish as a further language): each leaves out what it takes
# from its original (date, category, tags); the first two have the same length. None: deleted.
TRANSLATIONS = ["Texto uno.", "Texto dos.", "## Inicio\n\nUn texto más largo, con [un enlace](/blog/b/).", None]

SLUGS = ["a", "b", "c", "d"]
steps = st.one_of(
    st.tuples(st.just("translation"), st.sampled_from(SLUGS), st.integers(0, len(TRANSLATIONS) - 1),
              st.integers(0, len(TITLES) - 1), st.booleans()),
    st.tuples(st.just("article"), st.sampled_from(SLUGS), st.integers(0, len(TITLES) - 1), st.integers(0, 8),
              st.integers(0, len(TAGS) - 1), st.integers(0, len(BODIES) - 1), st.integers(0, len(EXTRAS) - 1),
              st.booleans()),
    st.tuples(st.just("delete"), st.sampled_from(SLUGS)),
    st.tuples(st.just("page"), st.integers(0, len(PAGES) - 1), st.booleans()),
    st.tuples(st.just("config"), st.integers(0, len(CONFIGS) - 1), st.booleans()),
    st.tuples(st.just("template"), st.integers(0, len(TEMPLATES) - 1)),
    st.tuples(st.just("static"), st.integers(0, len(STATIC) - 1), st.booleans()),
    st.tuples(st.just("folder"), st.integers(0, 2)),
    st.tuples(st.just("static file"), st.integers(0, 1)),
)


def _write(path: Path, data: bytes, keep_time: bool) -> None:
    """Write `data`; with `keep_time`, put the file's old modification time back (`cp -p`, a
    file system with coarse timestamps, an edit within the same second)."""
    old = path.stat() if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if keep_time and old is not None:
        os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))


FOLDERS = ["content/articles/more", "content/articles/other"]  # where the "folder" step puts an article


def _apply(site: Path, step: tuple) -> list[str]:
    """Make the change; returns the site-relative paths it touched, as watchdog reports them (a
    folder's ending in '/')."""
    kind, *args = step
    if kind == "article":
        slug, title, day, tags, body, extra, keep_time = args
        text = _article(TITLES[title], day, TAGS[tags], BODIES[body], EXTRAS[extra] if slug != "a" else "", CATEGORIES[title])
        _write(site / f"content/articles/{slug}.md", text.encode(), keep_time)
        return [f"content/articles/{slug}.md"]
    if kind == "translation":  # (of an article that may not exist: an error, compared as the rest)
        slug, body, title, keep_time = args
        path = site / f"content/articles/{slug}.es.md"
        if TRANSLATIONS[body] is None:
            path.unlink(missing_ok=True)
        else:
            text = f"---\ntitle: {TITLES[title]} (es)\nsummary: Sobre {TITLES[title]}.\n---\n{TRANSLATIONS[body]}\n"
            _write(path, text.encode(), keep_time)
        return [f"content/articles/{slug}.es.md"]
    if kind == "delete":
        (site / f"content/articles/{args[0]}.md").unlink(missing_ok=True)
        return [f"content/articles/{args[0]}.md"]
    if kind == "page":
        text = f"---\ntitle: About us\nsummary: Who we are.\n---\n{PAGES[args[0]]}\n"
        _write(site / "content/pages/about.md", text.encode(), args[1])
        return ["content/pages/about.md"]
    if kind == "config":
        base_url, friday = CONFIGS[args[0]]
        text = SPANISH_CONFIG.replace("https://counseling.test/", base_url).replace('friday: "09:00-15:00"', friday)
        _write(site / "site_config.yaml", text.encode(), args[1])
        return ["site_config.yaml"]
    if kind == "template":
        shutil.rmtree(site / "templates", ignore_errors=True)
        for name, text in TEMPLATES[args[0]].items():
            _write(site / "templates" / name, text.encode(), False)
        return ["templates/"]
    if kind == "static":
        _write(site / "static/files/leaflet.txt", STATIC[args[0]], args[1])
        return ["static/files/leaflet.txt"]
    if kind == "static file":  # one more file, or one fewer
        path = site / f"static/files/extra-{args[0]}.txt"
        if path.exists():
            path.unlink()
        else:
            _write(path, STATIC[args[0]], False)
        return [f"static/files/extra-{args[0]}.txt"]
    # "folder": a folder of articles made, renamed (its article then has another address's
    # neighbours), or deleted
    found = [folder for folder in FOLDERS if (site / folder).exists()]
    if not found:
        _write(site / FOLDERS[0] / "e.md", _article("In a folder", 3, "sleep", BODIES[1]).encode(), False)
        return [FOLDERS[0] + "/"]
    if args[0] == 2:
        shutil.rmtree(site / found[0])
        return [found[0] + "/"]
    other = FOLDERS[1 - FOLDERS.index(found[0])]
    (site / found[0]).rename(site / other)
    return [found[0] + "/", other + "/"]


def _outcome(result, output: Path) -> tuple:
    """What a build gives: its problems, and the files of its output when it succeeded."""
    problems = tuple(str(p) for p in result.problems)
    if not result.ok:
        return problems, None
    return problems, {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


_COLD_TEMPLATES: dict = {}
_FAST_TEMPLATES: dict = {}
_COLD_OUTCOMES: dict = {}  # (the site folder's contents, options) -> outcome of a cold build


def _contents(site: Path) -> tuple:
    return tuple((p.relative_to(site).as_posix(), p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file())


class _Builds:
    """The builds of one sequence: incremental and serve, each against its cold twin."""

    def __init__(self, root: Path, site: Path):
        self.root, self.site = root, site
        self.serve = BuildState(templates=_FAST_TEMPLATES)  # serve's one state
        self.told = BuildState(templates=_FAST_TEMPLATES)  # serve's, told of each change
        self.told.changes.watch()
        self.step = 0

    def cold(self, options: dict) -> tuple:
        key = _contents(self.site), tuple(options.items())
        if key not in _COLD_OUTCOMES:
            with environment(HAVEN_CACHE="off", HAVEN_JOBS="1"):
                cold_out = self.root / f"cold-{self.step}"
                _COLD_OUTCOMES[key] = _outcome(build(self.site, cold_out, today=TODAY,
                                                     state=BuildState(lasting=False, templates=_COLD_TEMPLATES),
                                                     **options), cold_out)
                shutil.rmtree(cold_out, ignore_errors=True)
        return _COLD_OUTCOMES[key]

    def check(self) -> None:
        self.step += 1
        for options in ({"drafts": False, "base_url": None}, {"drafts": True, "base_url": PREVIEW}):
            preview = options["drafts"]
            cold = self.cold(options)
            with environment(HAVEN_CACHE=str(self.root / "cache"), HAVEN_JOBS="2"):
                if preview:  # serve: one state for its life, its output folder its own
                    out = self.root / "preview"
                    fast = _outcome(build(self.site, out, today=TODAY, preview=True, state=self.serve, **options), out)
                    assert fast == cold, "serve's build differs from a cold one"
                    out = self.root / "told"
                    fast = _outcome(build(self.site, out, today=TODAY, preview=True, state=self.told, **options), out)
                else:
                    out = self.root / "output"
                    # (the command line makes a fresh state for each build, which lives for that build only)
                    fast = _outcome(build(self.site, out, today=TODAY,
                                          state=BuildState(lasting=False, templates=_FAST_TEMPLATES),
                                          **options), out)
            if fast[1] is None and cold[1] is None:
                assert fast[0] == cold[0]
                continue
            assert fast[0] == cold[0], "problems differ"
            different = sorted(name for name in set(fast[1]) | set(cold[1]) if fast[1].get(name) != cold[1].get(name))
            assert different == [], f"{'serve' if preview else 'incremental'} build differs from a cold one in {different}"


@pytest.fixture(autouse=True, scope="module")
def _signatures_trusted_soon():
    """A signature proves a file untouched once the file's times are older than it by 20 ms here
    (cache.RACY_NS; 2 s otherwise, for file systems with 1- or 2-second timestamps): this one's are
    finer, and with 2 s nearly every file of a sequence, all written within seconds, would be read
    again, so the paths that trust a signature (serve's memo, the signatures the command line
    keeps) would seldom be taken. A file a step writes is read all the same: the write changed its
    ctime, which these timestamps are fine enough to show."""
    racy = cache.RACY_NS
    cache.RACY_NS = 20_000_000
    yield
    cache.RACY_NS = racy


@pytest.mark.parametrize("share", range(SHARES))
@settings(max_examples=-(-EXAMPLES // SHARES), deadline=None, database=None, derandomize=EXAMPLES <= 200,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sequence=st.lists(steps, min_size=1, max_size=4))
def test_incremental_and_serve_builds_equal_cold_builds(share, sequence):
    root = Path(tempfile.mkdtemp(prefix="haven-differential-"))
    try:
        site = write_site(root / "site", {
            "site_config.yaml": SPANISH_CONFIG,
            "content/articles/a.md": _article("Sleep well", 1, "sleep", BODIES[0]),
            "content/articles/a.es.md": f"---\ntitle: Dormir bien\nsummary: Sobre el sueño.\n---\n{TRANSLATIONS[0]}\n",
            "content/articles/b.md": _article("Worry less", 2, "stress", BODIES[4]),
            "content/pages/about.md": f"---\ntitle: About us\nsummary: Who we are.\n---\n{PAGES[0]}\n",
            "static/files/leaflet.txt": STATIC[0].decode(),
        })
        builds = _Builds(root, site)
        builds.check()
        for step in sequence:
            builds.told.changes.told(_apply(site, step))
            builds.check()
    finally:
        shutil.rmtree(root, ignore_errors=True)
