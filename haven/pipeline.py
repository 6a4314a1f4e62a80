"""The build, start to end: load → check → render → check the output → write.

Pages whose inputs did not change since the last build into the same folder are carried over
instead of rendered, checked and written again (manifest.py says when that is safe)."""

from __future__ import annotations

import contextlib
import datetime as dt
import traceback
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import markupsafe

from . import cache, images, leftout, manifest, parallel
from .checks import Locator, PageFacts, editorial_warnings, page_facts, site_problems
from .deploycheck import HOST_FILES, check_deploy
from .manifest import Entry, Fingerprints, Record
from .markup import Converter
from .output import DISK_FULL, FileStat, Packed, Refused, Staging, cannot_write, digest, plain, unsafe_output
from .problems import Problem, error, errors, mistakes, processing
from .render import PageOut, Plan, Renderer, file_folder_clashes, plan_site, template_problem
from .site import THEME_DIR, Site, load_site
from .state import BuildState, KeptPage


@dataclass(frozen=True)
class Result:
    """What a build found, and what it wrote."""

    problems: list[Problem]
    pages: int = 0  # HTML files written (0 when nothing was written)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def build(source: Path, output: Path | None, *, drafts: bool = False, today: dt.date | None = None,
          base_url: str | None = None, strict: bool = False, preview: bool = False,
          state: BuildState | None = None, now: dt.datetime | None = None) -> Result:
    """Build the site in `source`; write it to `output` unless that is None (check only).

    With `strict`, warnings stop the build like errors do. A `preview` (serve) keeps the record
    of what it wrote in memory only: its output folder goes when it stops. `state` is what earlier
    builds of this process left for this one (serve passes the same one each time); without it
    the build starts from nothing but the cache folder. `today` (else the clinic's day at `now`,
    else at this moment) decides which articles are published (config.clinic_today)."""
    state = state if state is not None else BuildState(lasting=False)
    state.catch_up()  # (the cache files the last build left to write describe it: written before this one)
    try:
        return _build(source, output, drafts=drafts, today=today, base_url=base_url, strict=strict, preview=preview,
                      state=state, now=now)
    except OSError as exc:  # a full disk while writing the cache (the output is written with care already)
        if exc.errno not in DISK_FULL:
            raise
        return _result([cannot_write(output if output is not None else exc.filename or source, exc)])


def _build(source: Path, output: Path | None, *, drafts: bool, today: dt.date | None, base_url: str | None,
           strict: bool, preview: bool, state: BuildState, now: dt.datetime | None) -> Result:
    if output is not None:
        problem = unsafe_output(source, output)
        if problem:
            return _result([problem])
    site, problems = load_site(source, today, drafts, base_url, memo=state.loaded if state.lasting else None, now=now,
                               scheduled=preview, changes=state.changes if state.lasting else None,
                               lists=state.site_lists if state.lasting else None,
                               translated=state.translated if state.lasting else None)
    if site is None:
        return _result(problems + _content_problems(source, problems))
    problems += editorial_warnings(site, state.warnings)
    staging = None
    if output is not None:
        staging, problem = Staging.open(output, state.output_lists)
        if problem:
            return _result([*problems, problem])
    try:
        return _make(site, output, staging, problems, strict, preview, state)
    finally:  # a build that stops early, even by Ctrl+C, leaves no staging folder behind
        if staging is not None:
            staging.discard()


@dataclass(frozen=True, kw_only=True)
class _Job:
    """One build's settings, and what its stages share (made with keywords: many fields)."""

    site: Site
    output: Path | None
    staging: Staging | None
    strict: bool
    preview: bool
    held_back: tuple[str, ...]  # the output files links are not checked against (leftout.held_back)
    state: BuildState
    renderer: Renderer
    plan: Plan
    record: Record  # what the last build into the same folder wrote
    prints: Fingerprints
    site_key: str
    finder: Locator
    sources: dict[str, str]  # output file -> the file an editor would change
    converter: Converter  # for the page checks' Markdown snippets (the crisis line, disclaimers)
    parts_stored: object  # the shared parts as the last build stored them (_load_parts)


def _make(site: Site, output: Path | None, staging: Staging | None, problems: list[Problem], strict: bool,
          preview: bool, state: BuildState) -> Result:
    # Files with errors were left out; what did load is still rendered and checked, so one run
    # shows every mistake. Only links to where a file left out would be are not checked.
    held_back = _held_back(site, problems)
    plan = plan_site(site, state)
    problems += plan.problems
    with processing("the site's images"):
        pictures, image_problems = images.prepare(site, state.images)
    problems += image_problems  # (an image's error stops the build before anything is written)
    state.changes.looked()  # (what reads the site folder by what serve was told has read it: see state.Changes)
    sources = {page.file: page.source for page in plan.claimed}
    record = manifest.load(site.source, output, state.records) if output is not None else Record()
    prints = Fingerprints(site, state.page_keys, state.listed_reads, record.cards)
    site_key = manifest.site_key(site, cache.generator_digest() + pictures.digest, plan)
    stored = _load_parts(site)
    job = _Job(
        site=site, output=output, staging=staging, strict=strict, preview=preview, held_back=held_back, state=state,
        renderer=Renderer(site, state, plan, pictures, _parts_holding(stored, site_key, prints)), plan=plan,
        record=record, prints=prints, site_key=site_key,
        finder=Locator(site, sources, {page.file: page.template for page in plan.pages}), sources=sources,
        converter=Converter(site.config.site.base_path), parts_stored=stored,
    )
    kept, todo = _unchanged(job)
    if output is not None:
        manifest.forget(site.source, output, state.records)
    try:
        return _finish(job, problems, kept, todo)
    finally:
        if output is not None and staging is not None and not staging.committed:
            manifest.save(site.source, output, job.record, state.records, disk=not preview)  # nothing changed: the old record holds


def _held_back(site: Site, problems: list[Problem]) -> tuple[str, ...]:
    """Where the files an error left out of the site would be: those with an error that are not
    among its documents. A document kept despite its error (an image without alt text) leaves
    nothing out, so links to it are still checked in the same run."""
    kept: set[str] = set()
    for view in site.all_views:
        for documents in (view.articles, view.pages, view.checklists, view.clinicians, view.services):
            kept.update(document.source for document in documents)
    return leftout.held_back(problems, kept, {view.language.code if view.language else "": view.prefix
                                              for view in site.all_views}, site.source)


def _finish(job: _Job, problems: list[Problem], kept: dict[str, Entry], todo: list[tuple[PageOut, str]]) -> Result:
    """Render what changed, check the whole site, write it."""
    index: dict[str, bytes | Packed] = {}
    # With workers to render pages, a command makes the search index here while they start (else
    # made after them, alone but for its entries: a tenth of a build from nothing). Only when one
    # round of workers renders them all: workers forked in later rounds, once the index is in
    # memory, each hold more (at 10,000 articles the processes together peaked at 441 MB instead
    # of 380); and not in serve, whose peak is just under 400 MB.
    meanwhile = (_search_steps(job, index) if parallel.spreads(len(todo))
                 and len(todo) <= parallel.ONE_ROUND_ITEMS and not job.state.lasting else None)
    entries, same, render_problems = _render(job, todo, meanwhile)
    problems += render_problems
    if errors(render_problems):
        return _result(problems)
    _save_parts(job)
    _keep_rendered(job, todo, entries)
    entries.update(kept)
    files, more_sources, more_problems = job.renderer.other_files(job.plan, index if meanwhile is not None else None)
    if not job.state.lasting:  # the search index's terms and postings (its cache file has them)
        job.state.search.clear()
        parallel.give_back()  # (before the checks and the record add to the peak)
    job.sources.update(more_sources)
    problems += more_problems
    copies = dict(job.site.static_files)
    images.publish(job.renderer.images, files, copies)
    site_files = set(entries) | set(files) | set(copies)
    proven = _proven(job, files, copies)
    with processing("the finished pages"):
        problems += _check(job, entries, kept, files, copies, proven)
    if errors(problems) or (job.strict and mistakes(problems)):
        return _result(problems)
    pages = sum(1 for name in site_files if name.endswith(".html"))
    if job.staging is not None and job.output is not None:
        others = _clean(job, files, copies, proven)
        with processing(str(job.output)):
            problem = _write(job.staging, kept, entries, same, files, copies, job.state.written, job.preview, others)
        if problem:
            return _result([*problems, problem])
        record = Record(job.site_key, entries, frozenset(site_files), job.prints.cards, others)
        manifest.save(job.site.source, job.output, record, job.state.records, disk=not job.preview)
    return _result(problems, pages, len(site_files))


def _search_steps(job: _Job, index: dict[str, bytes | Packed]) -> Generator[None, None, None]:
    """The steps of making the search index (Renderer.search_index), which end by putting it in `index`."""
    index.update((yield from job.renderer.search_index()))


def _proven(job: _Job, files: dict[str, bytes | Packed], copies: dict[str, Path]) -> dict[str, tuple]:
    """The other files (not pages) the output holds as the last build found them, with the bytes
    they are to have (its record's entry of each: output.digest of them, the file's proof then).
    The deploy check found nothing in those bytes then, and the file has not changed since: it is
    neither checked nor read again (at 10,000 articles: 10,000 search documents)."""
    held, staging = job.record.others, job.staging
    if not held or staging is None:
        return {}
    proven = {}
    for rel, data in files.items():
        last = held.get(rel)
        if last is not None and rel not in copies and last[0] == digest(data) and staging.proof(rel) == last[1]:
            proven[rel] = last
    return proven


def _clean(job: _Job, files: dict[str, bytes | Packed], copies: dict[str, Path],
           proven: dict[str, tuple]) -> dict[str, tuple]:
    """The record's entries (Record.others) of the proven files, to which _write adds those it
    finds holding their bytes, when the deploy check found nothing in them (an empty entry)."""
    if job.preview:  # (serve remembers what it wrote itself: BuildState.written)
        return {}
    served = job.state.served_as.get("files", {})
    others: dict[str, tuple] = dict(proven)
    for rel, data in files.items():
        found = served.get(rel)
        if rel not in others and rel not in copies and found is not None and found[3] == () and found[1] == data:
            others[rel] = ()
    return others


def _check(job: _Job, entries: dict[str, Entry], kept: dict[str, Entry], files: dict[str, bytes | Packed],
           copies: dict[str, Path], proven: dict[str, tuple]) -> list[Problem]:
    """The site's problems: what the pages' facts say, and what only the whole site shows."""
    site = job.site
    facts = {file: entry.facts for file, entry in entries.items()}
    facts.update({rel: page_facts(site, rel, plain(data).decode("utf-8"), job.finder, job.converter)
                  for rel, data in files.items() if rel.endswith(".html")})
    generated = set(entries) | set(files)
    problems = file_folder_clashes(generated, job.sources, job.state.clash_free) + _collisions(generated, job.sources, copies)
    # Pages carried over passed every check last time; most still hold (site_problems says which may not).
    existing = generated | set(copies)
    settled, gone = (set(kept), job.record.files - existing) if job.record.files is not None else (set(), set())
    checked = job.state.files_checked
    stored = _load_checked(site, checked)
    problems += site_problems(site, facts, existing, job.finder, held_back=job.held_back, settled=settled, gone=gone,
                              files_checked=checked, targets=job.state.link_targets,
                              anchored=job.state.anchored_links if job.state.lasting else None)
    if stored is not None and checked != stored:
        _save_checked(site, checked)
    problems += check_deploy(site, {**dict.fromkeys(entries), **files}, job.sources, copies, facts,
                             set(kept) | proven.keys(), job.state.served_as)
    return problems


_CHECKED = f"{cache.KEEP_PREFIX}files-checked"  # in the cache folder: what the last build found in the published files


def _load_checked(site: Site, checked: dict) -> dict | None:
    """A process's first build (the command line) takes what the last one found in the
    stylesheets and other files published as they are (each by a digest of its name, bytes and
    rules) from the cache folder, into `checked`; returns what it took, or None without a cache."""
    folder = cache.folder_for(site.source)
    if folder is None or checked:
        return None
    stored = cache.read_data(folder / _CHECKED)
    with contextlib.suppress(Exception):  # (damaged or foreign: checked again)
        if type(stored) is dict and all(type(key) is str and len(key) == 64 for key in stored):
            checked.update({key: cache.from_plain(found) for key, found in stored.items()})
    if any(type(found) is not tuple for found in checked.values()):
        checked.clear()
    return dict(checked)


def _save_checked(site: Site, checked: dict) -> None:
    folder = cache.folder_for(site.source)
    if folder is not None:
        cache.write_data(folder / _CHECKED, {key: cache.to_plain(found) for key, found in checked.items()})


_PARTS = f"{cache.KEEP_PREFIX}shared-parts"  # in the cache folder: the default language's shared parts, last rendered


def _load_parts(site: Site) -> object:
    """The shared parts (render._shared_parts) as the last build stored them, or None."""
    folder = cache.folder_for(site.source)
    return cache.read_data(folder / _PARTS) if folder is not None else None


def _parts_holding(stored: object, site_key: str, prints: Fingerprints) -> dict:
    """Those of the `stored` parts that rendering them now would give again, as _shared_parts
    keeps them: made under the same site key (generator, config, day, templates...), and every
    value they and the templates' helpers read of `site` the same (as pages are carried over).
    A one-edit build then compiles none of their templates (a third of all it compiles)."""
    kept = {}
    with contextlib.suppress(Exception):  # (damaged or foreign: rendered again)
        key, parts = stored if isinstance(stored, tuple) else ("", ())
        for name, given, html, own, checked in parts if key == site_key else ():
            if type(name) is str and type(html) is str and all(type(read) is str for read in own) \
                    and _plain_variables(given) and all(prints.site_read("", read) == digest for read, digest in checked):
                kept[name, False, given] = (markupsafe.Markup(html), frozenset(own), False)
        return kept
    return {}


def _plain_variables(given: object) -> bool:
    """Whether the variables a shared part was given are ((name, text or tuple of texts), ...), as
    base.html gives them: what the cache folder keeps and reads back the same."""
    return type(given) is tuple and all(
        type(pair) is tuple and len(pair) == 2 and type(pair[0]) is str
        and (type(pair[1]) is str or (type(pair[1]) is tuple and all(type(x) is str for x in pair[1])))
        for pair in given)


def _save_parts(job: _Job) -> None:
    """Store the default language's shared parts as this build rendered them, with the digest of
    each value they and the helpers read (Renderer.always), when that differs from what is stored."""
    folder = cache.folder_for(job.site.source)
    if folder is None:
        return
    parts = []
    for (name, localized, given), (html, own, _) in sorted(job.renderer.parts.items()):
        checked = tuple((read, job.prints.site_read("", read)) for read in sorted(own | job.renderer.always))
        if not localized and _plain_variables(given) and not any(digest.startswith("!") for _, digest in checked):
            parts.append((name, given, str(html), tuple(sorted(own)), checked))  # ("!": never the same)
    value = (job.site_key, tuple(parts))
    if parts and value != job.parts_stored:
        cache.write_data(folder / _PARTS, value)


def _unchanged(job: _Job) -> tuple[dict[str, Entry], list[tuple[PageOut, str]]]:
    """Split the pages into those the last build wrote as they would be now, and the rest.

    Returns ({file: Entry} to keep, [(page, key)] to render)."""
    record = job.record if job.record.site_key == job.site_key else Record()
    kept: dict[str, Entry] = {}
    todo: list[tuple[PageOut, str]] = []
    site_reads: dict[tuple, tuple] = {}  # (language folder, reads of the site only) -> (itself, whether they hold)
    holds: dict[int, bool] = {}  # id of such a pair, as `known` keeps it -> whether it holds now
    # serve: output file -> KeptPage of the pages the last build found unchanged: the
    # very same page (so the same key and the same reads of its own variables, see manifest.Fingerprints)
    # with the very same entry of the record is unchanged still when what it read of the site holds
    known = job.state.unchanged
    still: dict[str, KeptPage] = {}

    def site_holds(pair: tuple) -> tuple:
        found = site_reads.get(pair)
        if found is None:  # (the same answer for every page of the language)
            prefix, reads = pair
            found = site_reads[pair] = (pair, all(job.prints.site_read(prefix, name) == digest for name, digest in reads))
        return found

    def reads_hold(page: PageOut, reads: tuple) -> tuple | None:
        site = _site_reads_if_own_hold(job, page, reads)
        if site is None:
            return None
        pair, hold = site_holds((page.prefix, site))
        return pair if hold else None

    def in_place(staging: Staging, page: PageOut, entry: Entry) -> bool:
        # A preview's folder is its own; any other may have been changed by hand.
        return page.file in staging.owned if job.preview else staging.stat(page.file) == entry.stat

    entry_of, last_of, staging = record.pages.get, known.get, job.staging  # (14,000 pages at 10,000 articles)
    for page in job.plan.claimed:
        file = page.file
        entry = entry_of(file)
        last = last_of(file)
        if last is not None and last.page is page and last.entry is entry and staging is not None:
            pair = last.site_reads
            hold = holds.get(id(pair))
            if hold is None:
                hold = holds[id(pair)] = site_holds(pair)[1]
            if hold and in_place(staging, page, entry):
                kept[file] = entry
                still[file] = last
                continue
        key = job.prints.page(page)
        if entry is not None and job.staging is not None and entry.key == key and in_place(job.staging, page, entry):
            pair = reads_hold(page, entry.reads)
            if pair is not None:
                kept[page.file] = entry
                still[page.file] = KeptPage(page, entry, pair)
                continue
        todo.append((page, key))
    known.clear()
    if job.state.lasting:
        known.update(still)
    return kept, todo


def _keep_rendered(job: _Job, todo: list[tuple[PageOut, str]], entries: dict[str, Entry]) -> None:
    """serve: remember the pages this build rendered as _unchanged remembers those it carried
    over, so that the next build carries them over (while the very same page, entry and reads of
    the site) without making their keys and reads again. Without this the first edit after
    serve starts paid every page's key and reads: its first build had carried nothing over."""
    if not job.state.lasting or job.staging is None:
        return
    known = job.state.unchanged
    pairs: dict[tuple, tuple] = {}
    for page, key in todo:
        entry = entries.get(page.file)
        if entry is None or not job.prints.remembers(page, key):
            continue
        # A read of a value without a digest differs each time it is made: never carried over.
        site = _site_reads_if_own_hold(job, page, entry.reads)
        if site is None:
            continue
        pair = (page.prefix, site)
        known[page.file] = KeptPage(page, entry, pairs.setdefault(pair, pair))


def _site_reads_if_own_hold(job: _Job, page: PageOut, reads: tuple) -> tuple | None:
    """The page's reads of the site, when its reads of its own variables give the same digests
    made again now; else None."""
    own = [read for read in reads if not read[0].startswith("site.")]
    if own and not all(job.prints.read(page, name) == digest for name, digest in own):
        return None
    return tuple(read for read in reads if read[0].startswith("site.")) if own else reads


def _result(problems: list[Problem], pages: int = 0, files: int = 0) -> Result:
    """The outcome, each problem once (two stages may find the same one), sorted by file and line."""
    return Result(sorted(set(problems)), pages, files)


def _content_problems(source: Path, problems: list[Problem]) -> list[Problem]:
    """With a broken config, still check the content, so one run shows every mistake."""
    from .content import load_content

    if not (source / "site_config.yaml").is_file() or not errors(problems):
        return []
    from .languages import ANY

    return load_content(source, Converter("/"), store=False, languages=ANY)[1]


def _render(job: _Job, todo: list[tuple[PageOut, str]], meanwhile: Iterator[object] | None = None
            ) -> tuple[dict[str, Entry], set[str], list[Problem]]:
    """Render, check and write each page (on every core); only its record comes back, and
    whether the page's file already held its bytes (the set of those that did). The steps of
    `meanwhile` are taken here meanwhile (parallel.map_in_order)."""
    site, renderer, finder, staging, converter = job.site, job.renderer, job.finder, job.staging, job.converter
    shared: dict = {}  # one object per distinct link and anchor name (in each process), so that
    # they travel back once per batch and the record stores each once

    def make(item: tuple[PageOut, str]):
        page, key = item
        html, reads, problem = renderer.page(page)
        if problem or html is None:
            return None, problem
        data = html.encode("utf-8") if staging is not None else None
        facts = _shared(page_facts(site, page.file, html, finder, converter, data), shared)
        written = None
        if staging is not None and data is not None:
            try:
                written = staging.write(page.file, data)
            except (OSError, Refused) as exc:  # a full disk, a file in the way: the editor's to solve
                return None, staging.problem(exc)
        return (key, reads, written, facts), None

    try:
        results = _made(make, todo, meanwhile)
    except Exception as exc:  # re-raised unless a template is to blame
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:  # (a cache of templates on a full disk)
            raise
        return {}, set(), [_raised_by_template(site, exc)]
    entries: dict[str, Entry] = {}
    same: set[str] = set()
    problems: list[Problem] = []
    for (page, _), (made, problem) in zip(todo, results, strict=True):
        if problem:
            problems.append(problem)
            continue
        key, reads, written, facts = made
        facts = _shared(facts, shared)
        reads = tuple((name, job.prints.read(page, name)) for name in reads if job.prints.worth_keeping(name))
        entries[page.file] = Entry(key, reads, written.stat if written else None, facts)
        if written and not written.changed:
            same.add(page.file)
    return entries, same, problems


def _made(make: Callable[[tuple[PageOut, str]], tuple], todo: list[tuple[PageOut, str]],
          meanwhile: Iterator[object] | None = None) -> list[tuple]:
    """[make(item) for item in todo], on every core when there are many. The first page of each
    template is then made here before workers are forked: they inherit its templates compiled (a
    build from nothing has none yet) instead of each compiling them again."""
    if not parallel.spreads(len(todo)):
        return parallel.map_in_order(make, todo, meanwhile=meanwhile)
    early: dict[int, tuple] = {}
    seen: set[tuple[str, str]] = set()
    for index, (page, _) in enumerate(todo):
        if (page.prefix, page.template) not in seen:
            seen.add((page.prefix, page.template))
            early[index] = make(todo[index])
    rest = iter(parallel.map_in_order(make, [item for index, item in enumerate(todo) if index not in early],
                                      meanwhile=meanwhile))
    return [early[index] if index in early else next(rest) for index in range(len(todo))]


def _shared(facts: PageFacts, shared: dict) -> PageFacts:
    """The facts with each link and anchor name replaced by the one object `shared` keeps for it."""
    return replace(facts, ids=tuple(shared.setdefault(name, name) for name in facts.ids),
                   links=tuple(shared.setdefault(link, link) for link in facts.links),
                   anchored=tuple(shared.setdefault(link, link) for link in facts.anchored),
                   crisis_context=shared.setdefault(facts.crisis_context, facts.crisis_context))


def _raised_by_template(site: Site, exc: Exception) -> Problem:
    """An error raised by a template's own code is that template's problem, not a crash."""
    frames = [frame.f_code.co_filename for frame, _ in traceback.walk_tb(exc.__traceback__)]
    templates = [f for f in frames if f.endswith((".html", ".xml"))]
    own = tuple(str(p) for d in site.template_dirs if d.resolve() != THEME_DIR.resolve() for p in (d, d.resolve()))
    raised_by_template = bool(templates) and frames[-1] == templates[-1]
    site_template = bool(own) and any(f.startswith(own) for f in templates)
    if not (raised_by_template or site_template):
        raise exc
    problem = template_problem(exc, site, "")
    return error(problem.path, problem.line, f"template error: {type(exc).__name__}: {exc}; correct this line, or delete "
                                             "the site's copy of the template to use the default one")


def _write(staging: Staging, kept: dict[str, Entry], entries: dict[str, Entry], same: set[str],
           files: dict[str, bytes | Packed], copies: dict[str, Path], known: dict, preview: bool,
           others: dict[str, tuple]) -> Problem | None:
    """Complete the next output and put it in place: rendered pages are written already,
    unchanged ones stay where they are (only an output being updated has any, `same` those
    rendered to the bytes they had), the other files are written now.

    `known`: output folder -> {file: (bytes, stat)} of the other files as this process last left
    them there (serve: state.BuildState.written); one with the same bytes, still in place, stays.
    `others` (_clean): the record's entry of each other file the deploy check passed, filled in
    here for those found holding their bytes; the others are dropped from it."""
    written = entries.keys() - kept.keys() - same
    last = known.pop(staging.output, {})  # (forgotten until this build's files are in place)
    now: dict[str, tuple[bytes | Packed, FileStat]] = {}
    try:
        for rel, data in files.items():
            if rel in copies:  # a site's own static file may replace a theme file
                continue
            was, proven = last.get(rel), others.get(rel)
            # A preview's folder is its own; any other may have been changed by hand.
            if was is not None and was[0] == data and (rel in staging.owned if preview else staging.stat(rel) == was[1]):
                now[rel] = was
                others.pop(rel, None)
                continue
            if proven:  # (found by _proven)
                now[rel] = (data, FileStat(*proven[1][:2]))
                continue
            done = staging.write(rel, data)
            now[rel] = (data, done.stat)
            if done.changed:
                written.add(rel)
            if proven is not None:
                if done.proof is None:
                    del others[rel]
                else:
                    others[rel] = (digest(data), done.proof)
        for rel, path in copies.items():
            if staging.copy(rel, path):
                written.add(rel)
    except (OSError, Refused) as exc:
        return staging.problem(exc)
    problem = staging.commit(written, set(entries) | set(files) | set(copies))
    if problem is None:
        known[staging.output] = now
    return problem


# What a file in static/ may replace: the theme's icons, with the clinic's own. (_headers and
# _redirects are refused by deploycheck, with their own message.)
_SITE_MAY_REPLACE = frozenset({"favicon.ico", "favicon.svg", *HOST_FILES})


def _collisions(generated: set[str], sources: dict[str, str], copies: dict) -> list[Problem]:
    """A file in static/ must not take the place of a file the site makes: a page, a redirect, the
    feed, the sitemap, the search index, the theme's stylesheet or script."""
    return [
        error(f"static/{rel}", 0, f"has the same address as {_what_is_made(rel, sources)} the site makes (/{rel}); "
                                  "rename or remove it")
        for rel in sorted(copies)
        if rel in generated and rel not in _SITE_MAY_REPLACE
    ]


def _what_is_made(rel: str, sources: dict[str, str]) -> str:
    return "a page" if rel.endswith((".html", ".xml", ".txt")) or rel in sources else "a file"
