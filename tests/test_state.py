"""One build state, held explicitly; the cache is data, never code; serve's memo is never stale.

What a build produces depends on the site folder and the options alone: never on what the same
process built before (haven/state.py), and never on code found in the cache folder (haven/cache.py).
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import marshal
import os
import pickle
import pkgutil
import re
import shutil
import time
import types
from pathlib import Path

import pytest

import haven
from haven import cache
from haven.pipeline import build
from haven.render import Reads, Renderer
from haven.site import THEME_DIR, Site, load_site
from haven.state import BuildState
from helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, ROOT, TODAY, build_site, write_site


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _article(title: str, day: int, tags: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2026-03-{day:02d}\nsummary: About {title}.\ntags: [{tags}]\ncategory: Tips\n---\n{body}\n"


def _two_sites(root: Path) -> tuple[Path, Path]:
    first = write_site(root / "first", {
        "content/articles/sleep.md": _article("Sleep well", 3, "sleep, rest", "Rest [more](/blog/worry/)."),
        "content/articles/worry.md": _article("Worry less", 5, "stress", "## One\n\n## Two\n\n## Three\n\nText."),
        "content/pages/about.md": "---\ntitle: About us\nsummary: Who we are.\n---\nWe listen.\n",
        "static/files/leaflet.txt": "Opening hours leaflet.\n",
    })
    config = (MINIMAL_CONFIG.replace("Quiet Harbor Counseling", "Harbor Light Therapy")
              .replace("https://counseling.test/", "https://light.test/sub/")
              .replace('friday: "09:00-15:00"', 'friday: "10:00-14:00"'))
    second = write_site(root / "second", {
        "site_config.yaml": config,
        "content/articles/sleep.md": _article("Sleep and mood", 4, "sleep", "Different text."),
        "content/articles/hello.md": MINIMAL_ARTICLE,
        "templates/article.html": (THEME_DIR / "article.html").read_text().replace("min read", "minutes to read"),
    })
    return first, second


def test_two_sites_built_one_after_another_in_one_process_equal_each_built_alone(tmp_path, monkeypatch):
    """Each site is built alone by the real command line in a fresh process; then both, twice over,
    one after the other in this process, as fresh CLI builds and as serve's rebuilds sharing one state."""
    first, second = _two_sites(tmp_path)
    alone = {}
    for site in (first, second):
        done = build_site(site, "--output", str(tmp_path / f"alone-{site.name}"))
        assert done.returncode == 0, done.stderr
        alone[site] = _tree(tmp_path / f"alone-{site.name}")
    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    shared = BuildState()  # one process building both, as a long-lived caller of build() might
    for round_ in range(2):
        for site in (first, second, first):
            out = tmp_path / f"in-process-{round_}-{site.name}"
            assert build(site, out, today=TODAY).ok
            assert _tree(out) == alone[site]
            out = tmp_path / f"shared-{site.name}"
            assert build(site, out, today=TODAY, state=shared).ok
            assert _tree(out) == alone[site]


def _haven_modules() -> list[types.ModuleType]:
    return [importlib.import_module(f"haven.{info.name}") for info in pkgutil.iter_modules(haven.__path__)]


# Module-level caches that may outlive a build because their answers never change in a process.
_CONSTANT_CACHES = {"haven.content.slugify", "haven.content.name_slug", "haven.schema._fields", "haven.cache.generator_digest", "haven.cache._types", "haven.cache._codecs", "haven.cache._codecs_by_name",
                    "haven.cache._keyed", "haven.checks._theme_stylesheet",
                    "haven.checks._theme_colour_rules"}  # (the theme's own stylesheet, and its rules read)


def _module_state() -> dict[str, str]:
    """Every mutable value a module of the package holds at module level, and every lru_cache."""
    found = {}
    for module in _haven_modules():
        for name, value in vars(module).items():
            where = f"{module.__name__}.{name}"
            if isinstance(value, (dict, list, set, bytearray)) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
                found[where] = repr(value)
            elif type(value).__module__.startswith("haven.") and hasattr(value, "__dict__"):  # e.g. a Memo
                found[where] = repr(vars(value))
            elif hasattr(value, "cache_info") and getattr(value, "__module__", "") == module.__name__:
                found[where] = "constant" if where in _CONSTANT_CACHES or _a_pattern(value) else repr(value.cache_info())
    return found


def _a_pattern(cached) -> bool:
    """A regular expression compiled when first needed, by a cached function of no arguments: a constant."""
    return not inspect.signature(cached.__wrapped__).parameters and isinstance(cached(), re.Pattern)


def test_no_module_keeps_state_between_builds(tmp_path, monkeypatch):
    """After builds of two sites (cold, warm, with workers and without), every module-level value
    of the package is as it was: nothing a build leaves behind can change the next one."""
    first, second = _two_sites(tmp_path)
    articles = {f"content/articles/a{i}.md": _article(f"Article {i}", 1 + i % 27, "sleep", "Text.") for i in range(140)}
    big = write_site(tmp_path / "big", articles)
    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    assert build(first, tmp_path / "warm-up", today=TODAY).ok  # (imports, constants)
    before = _module_state()
    assert "haven.parallel._WORK" not in before  # (None between calls: not mutable)
    for site in (first, second, big, first, big):
        assert build(site, tmp_path / f"out-{site.name}", today=TODAY).ok
        assert build(site, tmp_path / f"preview-{site.name}", today=TODAY, preview=True, drafts=True).ok
    after = _module_state()
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert changed == []


def test_the_check_below_finds_a_module_level_cache(tmp_path):
    """(The test above can fail: a module-level dict that a build fills is found.)"""
    from haven import feeds

    before = _module_state()
    feeds._a_cache = {}  # type: ignore[attr-defined]
    try:
        feeds._a_cache["sitemap"] = "made by an earlier build"  # type: ignore[attr-defined]
        after = _module_state()
    finally:
        del feeds._a_cache  # type: ignore[attr-defined]
    assert sorted(set(after) - set(before)) == ["haven.feeds._a_cache"]


# --- Dependency tracking: templates and helpers see the site only through the record -------------

def _raw_sites(value, path: str, seen: set[int], found: list[str], depth: int = 0) -> None:
    """Paths through which `value` reaches a Site other than through a Reads (the record)."""
    if id(value) in seen or depth > 8 or isinstance(value, (str, bytes, int, float, type, types.ModuleType)):
        return
    seen.add(id(value))
    if isinstance(value, Reads):
        return
    if isinstance(value, Site):
        found.append(path)
        return
    parts: list[tuple[str, object]] = []
    if isinstance(value, functools.partial):
        parts += [(".func", value.func), (".args", value.args), (".keywords", value.keywords)]
    if isinstance(value, types.MethodType):
        parts += [(".__self__", value.__self__), (".__func__", value.__func__)]
    if isinstance(value, types.FunctionType):
        cells = value.__closure__ or ()
        parts += [(f"<{name}>", cell.cell_contents) for name, cell in zip(value.__code__.co_freevars, cells, strict=True)]
        parts += [(".__defaults__", value.__defaults__), (".__kwdefaults__", value.__kwdefaults__)]
        # module globals the helper names (a helper may reach the site through one)
        parts += [(f".{name}", value.__globals__[name]) for name in value.__code__.co_names if name in value.__globals__]
    if hasattr(value, "__wrapped__"):
        parts.append((".__wrapped__", value.__wrapped__))
    if isinstance(value, dict):
        parts += [(f"[{k!r}]", v) for k, v in value.items()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        parts += [(f"[{i}]", v) for i, v in enumerate(value)]
    elif hasattr(value, "__dict__") and not isinstance(value, (types.FunctionType, types.MethodType)):
        parts += [(f".{k}", v) for k, v in vars(value).items()]
    for label, part in parts:
        _raw_sites(part, path + label, seen, found, depth + 1)


def _helpers_reaching_the_raw_site(renderer: Renderer) -> list[str]:
    found: list[str] = []
    seen: set[int] = set()
    for kind, table in (("globals", renderer.env.globals), ("filters", renderer.env.filters), ("tests", renderer.env.tests)):
        for name, value in table.items():
            _raw_sites(value, f"{kind}[{name!r}]", seen, found)
    return found


def test_no_template_global_or_filter_reads_the_raw_site(make_site):
    """Whatever a template or one of its helpers reads of the site goes through the Reads that
    makes the page's record (manifest.py); reading the Site itself would let an incremental build
    reuse a page whose helper output changed."""
    site, _problems = load_site(make_site({"content/articles/a.md": MINIMAL_ARTICLE}), TODAY, False)
    renderer = Renderer(site)
    assert _helpers_reaching_the_raw_site(renderer) == []
    # The check can fail: a plausible helper written against the site itself is found.
    renderer.env.globals["newest_title"] = lambda: site.articles[0].title
    assert _helpers_reaching_the_raw_site(renderer) == ["globals['newest_title']<site>"]


def test_what_helpers_read_when_the_environment_is_made_counts_for_every_page(make_site):
    """footer_navigation lists the site's pages once per build: every page's record says so."""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE,
                        "content/pages/about.md": "---\ntitle: About\nsummary: Us.\n---\nText.\n"})
    site, _ = load_site(source, TODAY, False)
    renderer = Renderer(site)
    from haven.render import plan_site

    page = next(p for p in plan_site(site).claimed if p.template == "404.html")
    _html, reads, problem = renderer.page(page)
    assert problem is None and "site.pages" in reads


# --- The cache is data ----------------------------------------------------------------------

class _Marker:
    """Unpickling this creates the marker file (what a planted cache file would do)."""

    def __init__(self, path: Path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


def _cache_files(cache_dir: Path) -> list[Path]:
    return [p for p in cache_dir.rglob("*") if p.is_file()]


def test_a_cache_file_planted_as_a_pickle_never_runs(make_site, tmp_path, monkeypatch):
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("HAVEN_CACHE", str(cache_dir))
    assert build(source, tmp_path / "out", today=TODAY).ok
    good = _tree(tmp_path / "out")
    files = _cache_files(cache_dir)
    assert {p.name.split("-")[0] for p in files} == {"docs", "keep"}  # documents, the record of pages
    marker = tmp_path / "ran"
    evil = pickle.dumps(_Marker(marker))
    pickle.loads(evil)  # (it does run when unpickled)
    assert marker.exists()
    marker.unlink()
    for path in files:
        path.write_bytes(evil)
    assert build(source, tmp_path / "out", today=TODAY).ok
    assert not marker.exists()
    assert _tree(tmp_path / "out") == good
    assert not [p for p in _cache_files(cache_dir) if p.read_bytes() == evil]  # each replaced by a good one


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "foreign kind", "foreign entries", "another generator"])
def test_a_damaged_or_foreign_cache_file_is_a_miss(make_site, tmp_path, monkeypatch, damage):
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "content/articles/b.md": MINIMAL_ARTICLE.replace("Hello", "Bye")})
    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    assert build(source, tmp_path / "out", today=TODAY).ok
    good = _tree(tmp_path / "out")
    for path in _cache_files(tmp_path / "cache"):
        data = path.read_bytes()
        assert cache.load_data(data) is not None
        if damage == "garbage":
            data = os.urandom(len(data))
        elif damage == "truncated":
            data = data[:-7]
        elif damage == "empty":
            data = b""
        elif damage == "foreign kind":  # checksummed and well formed, but naming a class it may not make
            data = cache.dump_data({"ab" * 32: ({None: "Popen", "args": "touch ran"}, ())})
        elif damage == "foreign entries":  # a good shard whose entries name a class it may not make
            stored = cache.load_data(data)
            forged = ("Popen", ("touch", "ran"))
            data = cache.dump_data({entry: marshal.dumps(forged) for entry in stored} if isinstance(stored, dict) else forged)
        else:
            data = data.replace(cache.generator_digest().encode(), b"0" * 64)
        path.write_bytes(data)
        with pytest.raises(ValueError):
            cache.from_plain(cache.load_data(data))
    shutil.rmtree(tmp_path / "out")
    assert build(source, tmp_path / "out", today=TODAY).ok
    assert _tree(tmp_path / "out") == good
    for path in _cache_files(tmp_path / "cache"):  # written anew
        stored = cache.read_data(path)
        assert stored is not None
        if path.name.startswith("docs-"):
            assert all(cache.unpack(blob) for blob in stored.values())


def test_cached_documents_come_back_equal(make_site, tmp_path, monkeypatch):
    """Every loaded document and its problems survive the cache's plain values unchanged."""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE.replace("---\n", "---\ntags: [a, b]\nreviewed_on: 2020-01-01\n", 1),
                        "content/pages/p.md": "---\ntitle: P\n---\n## Heading\n\nText.\n"})
    shutil.copytree(ROOT / "content/checklists", source / "content/checklists")
    site, _ = load_site(source, TODAY, False)
    for document in site.articles + site.pages + site.checklists:
        assert cache.from_plain(cache.load_data(cache.dump_data(cache.to_plain(document)))) == document


# --- serve's memo: never trusts a signature that cannot prove a file untouched ----------------------

def _coarse_stat(real):
    """os.stat as on a file system with 1-second timestamps."""
    def stat(path, *args, **kwargs):
        info = real(path, *args, **kwargs)
        values = list(info)
        fields = {name: getattr(info, name) for name in ("st_atime", "st_mtime", "st_ctime", "st_atime_ns",
                                                         "st_mtime_ns", "st_ctime_ns", "st_blksize", "st_blocks", "st_rdev")}
        for name in ("st_mtime", "st_ctime", "st_atime"):
            fields[name] = float(int(fields[name]))
        for name in ("st_mtime_ns", "st_ctime_ns", "st_atime_ns"):
            fields[name] = fields[name] // 10**9 * 10**9
        return os.stat_result(values, fields)
    return stat


def test_serve_sees_a_same_length_edit_within_one_second_on_coarse_timestamps(make_site, tmp_path, monkeypatch):
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", "off")
    monkeypatch.setattr(os, "stat", _coarse_stat(os.stat))
    state = BuildState()
    out = tmp_path / "preview"
    page = out / "blog/a/index.html"
    path = source / "content/articles/a.md"
    for word in ("second", "thirds", "fourth", "fifths"):  # the same length each time
        path.write_text(MINIMAL_ARTICLE.replace("first", word))
        assert build(source, out, today=TODAY, preview=True, state=state).ok
        assert f"A {word} article." in page.read_text()


def test_serve_sees_a_same_size_edit_with_its_old_time_put_back(make_site, tmp_path, monkeypatch):
    """As `cp -p` or an unpacked archive leaves it: same size, same modification time, long ago."""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", "off")
    path = source / "content/articles/a.md"
    os.utime(path, ns=(10**18, 10**18))  # (the racy rule would not save this one: the time is old)
    state = BuildState()
    out = tmp_path / "preview"
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    path.write_text(MINIMAL_ARTICLE.replace("first", "other"))
    os.utime(path, ns=(10**18, 10**18))
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    assert "A other article." in (out / "blog/a/index.html").read_text()


def test_serve_reuses_what_it_loaded_when_the_files_are_old(make_site, tmp_path, monkeypatch):
    """(The memo is used: an untouched file with old times is not read again.)"""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", "off")
    path = source / "content/articles/a.md"
    state = BuildState()
    assert build(source, tmp_path / "preview", today=TODAY, preview=True, state=state).ok
    [(key, (seen, taken, entry, value))] = state.loaded._known.items()
    state.loaded._known[key] = (seen, taken + 10 * cache.RACY_NS, entry, value)  # as if taken long after the save
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    assert state.loaded.recall(str(path), key[1], lambda data: "never asked") is value
    assert read == []


# --- The signatures a build keeps for the next: the same rule across processes ----------------------

def _CLI() -> BuildState:
    """The state of a build of the command line, which lives for that one build."""
    return BuildState(lasting=False)


def test_a_build_sees_a_same_length_edit_within_one_second_on_coarse_timestamps(make_site, tmp_path, monkeypatch):
    """Each build a new process (a fresh state), with the cache folder the last one left: a file
    whose signature was taken within its timestamps' tick is read again, not vouched for."""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(os, "stat", _coarse_stat(os.stat))
    out = tmp_path / "out"
    path = source / "content/articles/a.md"
    for word in ("second", "thirds", "fourth", "fifths"):  # the same length each time
        path.write_text(MINIMAL_ARTICLE.replace("first", word))
        assert build(source, out, today=TODAY, state=_CLI()).ok
        assert f"A {word} article." in (out / "blog/a/index.html").read_text()


def test_a_build_sees_a_same_size_edit_with_its_old_time_put_back(make_site, tmp_path, monkeypatch):
    """As `cp -p` or an unpacked archive leaves it, even where no signature is racily clean (a
    file system with fine timestamps, here 0 s of doubt): the rewrite changed the file's ctime."""
    monkeypatch.setattr(cache, "RACY_NS", 0)
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    path = source / "content/articles/a.md"
    os.utime(path, ns=(10**18, 10**18))
    out = tmp_path / "out"
    assert build(source, out, today=TODAY, state=_CLI()).ok
    assert build(source, out, today=TODAY, state=_CLI()).ok  # (vouched for by its signature)
    path.write_text(MINIMAL_ARTICLE.replace("first", "other"))
    os.utime(path, ns=(10**18, 10**18))
    assert build(source, out, today=TODAY, state=_CLI()).ok
    assert "A other article." in (out / "blog/a/index.html").read_text()


def _reads_of(monkeypatch, module) -> list[str]:
    """The files `module` opens from now on."""
    read: list[str] = []

    def spy(name, *args, **kwargs):
        read.append(str(name))
        return open(name, *args, **kwargs)
    monkeypatch.setattr(module, "open", spy, raising=False)
    return read


def test_a_build_does_not_read_again_a_file_its_signature_proves_unchanged(make_site, tmp_path, monkeypatch):
    """(The signatures are used: an untouched file with old times is not read; an edit is.) A
    damaged or foreign file of signatures is no proof: every file is read, and the build is right."""
    from haven import content

    monkeypatch.setattr(cache, "RACY_NS", 50_000_000)  # a file system with 50 ms timestamps, say
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE,
                        "content/articles/b.md": MINIMAL_ARTICLE.replace("first", "second")})
    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    a, b = source / "content/articles/a.md", source / "content/articles/b.md"
    out = tmp_path / "out"
    assert build(source, out, today=TODAY, state=_CLI()).ok  # (the files were written just now)
    time.sleep(0.1)
    assert build(source, out, today=TODAY, state=_CLI()).ok  # (their bytes read, their times now old)
    read = _reads_of(monkeypatch, content)
    assert build(source, out, today=TODAY, state=_CLI()).ok
    assert read == []
    a.write_text(MINIMAL_ARTICLE.replace("first", "other"))
    assert build(source, out, today=TODAY, state=_CLI()).ok
    assert set(read) == {str(a)}  # (read to find its entry, then to convert it)
    assert "A other article." in (out / "blog/a/index.html").read_text()
    [kept] = (tmp_path / "cache").glob("*/keep-signatures")
    for damaged in (kept.read_bytes()[:-7] + b"garbage", cache.dump_data((1, 2, 3))):
        kept.write_bytes(damaged)
        read.clear()
        assert build(source, out, today=TODAY, state=_CLI()).ok
        assert set(read) == {str(a), str(b)}
    assert "A other article." in (out / "blog/a/index.html").read_text()


def test_a_big_site_builds_with_the_cache_off(tmp_path, monkeypatch):
    """Enough documents for the workers to start (and the shelf to be loaded for them), no cache."""
    articles = {f"content/articles/a{i}.md": _article(f"Article {i}", 1 + i % 27, "sleep", "Text.") for i in range(140)}
    site = write_site(tmp_path / "site", articles)
    monkeypatch.setenv("HAVEN_CACHE", "off")
    assert build(site, tmp_path / "off", today=TODAY).ok
    monkeypatch.setenv("HAVEN_CACHE", str(tmp_path / "cache"))
    assert build(site, tmp_path / "on", today=TODAY).ok
    assert _tree(tmp_path / "off") == _tree(tmp_path / "on")


def test_a_generated_file_changed_by_hand_is_written_again_by_the_next_build_of_the_process(make_site, tmp_path,
                                                                                             monkeypatch):
    """The files besides the pages (feed, sitemap, search index...) that a build of this process
    wrote are not compared again while their bytes stay the same, unless the file was touched."""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", "off")
    state = BuildState()
    out = tmp_path / "out"
    assert build(source, out, today=TODAY, state=state).ok
    feed = (out / "feed.xml").read_bytes()
    (out / "feed.xml").write_bytes(b"<feed>changed by hand</feed>\n")
    assert build(source, out, today=TODAY, state=state).ok
    assert (out / "feed.xml").read_bytes() == feed
    (source / "content/articles/a.md").write_text(MINIMAL_ARTICLE.replace("first", "other"))
    assert build(source, out, today=TODAY, state=state).ok
    assert b"A other article." in (out / "feed.xml").read_bytes()


def test_serve_stops_reading_a_file_saved_just_before_once_its_times_are_old_enough(make_site, tmp_path, monkeypatch):
    """A file found racily clean and then unchanged is proven again from a later moment: the
    rebuilds after that trust its signature (and still see the next edit)."""
    monkeypatch.setattr(cache, "RACY_NS", 50_000_000)  # a file system with 50 ms timestamps, say
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", "off")
    path = source / "content/articles/a.md"
    state = BuildState()
    out = tmp_path / "preview"
    assert build(source, out, today=TODAY, preview=True, state=state).ok  # (the file was written just now)
    time.sleep(0.1)
    assert build(source, out, today=TODAY, preview=True, state=state).ok  # (its bytes compared, from now on old)
    read = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or real_read_bytes(self))
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    assert path not in read
    path.write_text(MINIMAL_ARTICLE.replace("first", "other"))
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    assert "A other article." in (out / "blog/a/index.html").read_text()


def test_serve_told_of_each_change_reads_only_what_it_was_told(make_site, tmp_path, monkeypatch):
    """With watchdog reporting every change (state.Changes), a rebuild looks at the files it was
    told of alone: a same-size edit with its old time put back is seen when told of, and (to show
    that the told path is the one taken) an edit nobody reports is not, until a change that
    cannot be told apart makes the next build look at every file."""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE,
                        "content/articles/b.md": MINIMAL_ARTICLE.replace("first", "second")})
    monkeypatch.setenv("HAVEN_CACHE", "off")
    state = BuildState()
    state.changes.watch()
    out = tmp_path / "preview"
    a, b = source / "content/articles/a.md", source / "content/articles/b.md"
    os.utime(a, ns=(10**18, 10**18))
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    a.write_text(MINIMAL_ARTICLE.replace("first", "other"))  # the same size, its time put back
    os.utime(a, ns=(10**18, 10**18))
    state.changes.told(["content/articles/a.md"])
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    assert "A other article." in (out / "blog/a/index.html").read_text()
    b.write_text(MINIMAL_ARTICLE.replace("first", "untold"))
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    assert "A second article." in (out / "blog/b/index.html").read_text()
    state.changes.told(None)  # (events lost: inotify's queue overflowed, say)
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    assert "A untold article." in (out / "blog/b/index.html").read_text()
    (source / "content/articles/more").mkdir()
    (source / "content/articles/more/c.md").write_text(MINIMAL_ARTICLE.replace("first", "third"))
    state.changes.told(["content/articles/more/"])
    assert build(source, out, today=TODAY, preview=True, state=state).ok
    assert "A third article." in (out / "blog/c/index.html").read_text()


def test_a_long_serve_session_keeps_no_more_article_warnings_than_the_site_has(make_site, tmp_path, monkeypatch):
    """Each edit makes a new version of an article; the warnings of the old versions are let go."""
    source = make_site({"content/articles/a.md": MINIMAL_ARTICLE})
    monkeypatch.setenv("HAVEN_CACHE", "off")
    path = source / "content/articles/a.md"
    state = BuildState()
    for edit in range(24):
        path.write_text(MINIMAL_ARTICLE.replace("first", f"edit {edit}"))
        assert build(source, tmp_path / "preview", today=TODAY, preview=True, state=state).ok
    assert 0 < len(state.warnings) <= 18


def test_serve_marks_text_a_translation_leaves_out_in_the_default_language_after_it_changes(make_site, tmp_path,
                                                                                             monkeypatch):
    """A translation that leaves its tags to the original shows them marked as in the site's default
    language; serve keeps each translation made from the same two files, and must make it again
    when the default language changes, as a cold build does."""
    config = MINIMAL_CONFIG.replace("  copyright_start: 2020\n",
                                    "  copyright_start: 2020\n  languages:\n    - {code: es, name: Español}\n")
    source = make_site({
        "site_config.yaml": config,
        "content/articles/a.md": "---\ntitle: A\ndate: 2026-01-05\nsummary: A.\ntags: [Rest]\n---\nText.\n",
        "content/articles/a.es.md": "---\ntitle: Una\nsummary: Una.\n---\nTexto.\n",
    })
    monkeypatch.setenv("HAVEN_CACHE", "off")
    state = BuildState()
    preview = tmp_path / "preview"
    assert build(source, preview, today=TODAY, state=state).ok
    assert 'lang="en"' in (preview / "es/blog/a/index.html").read_text()
    (source / "site_config.yaml").write_text(config.replace("  language: en\n", "  language: en-GB\n"))
    assert build(source, preview, today=TODAY, state=state).ok
    cold = tmp_path / "cold"
    assert build(source, cold, today=TODAY).ok
    assert 'lang="en-GB"' in (cold / "es/blog/a/index.html").read_text()
    assert _tree(preview) == _tree(cold)
