"""Checks on the rendered site: links resolve, nothing loads from other hosts, no scripts in
content, every page carries the crisis line, forms ask for no health details; and the
editorial warnings. Each problem points at the file (and line) an editor should change."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import jinja2
import jinja2.meta

from . import guards
from .content import OUTDATED_CRISIS, may_mention_pressing_3
from .files import in_other_capitals, served_file
from .htmltext import browser_text, reader_text
from .leftout import EVERYTHING
from .markup import Converter
from .problems import Problem, error, processing, warning
from .site import Site
from .templates import template_loader

_NOSCRIPT = re.compile("<noscript", re.I)
_NOINDEX = re.compile(r"<meta\s+name=\"robots\"\s+content=\"[^\"]*noindex", re.I)
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.I | re.S)
_FIELD = re.compile(r"<(input|select|textarea|button)\b([^>]*)>", re.I)
_FIELD_TEXT = re.compile(r"<(label|legend|option)\b[^>]*>(.*?)</\1>", re.I | re.S)
HEALTH_WORDS = re.compile(
    r"(?:diagnos|symptom|medicat|medicine|prescri|dosage|illness|disorder|treatment|\bhealth\b|medical|allerg|"
    r"depress|anxiety|bipolar|\bptsd\b|trauma|suicid|self[- ]?harm|substance|addict|overdose|pregnan|\bhiv\b|"
    r"psychiatric|mental)\w*", re.I)
TITLE_LIMIT, DESCRIPTION_LIMIT = 60, 160


# Compiled when first needed (here and below): a build whose templates and pages did not change
# reads no template's text and no form's attributes.
@functools.cache
def _shared_part() -> re.Pattern:  # a part included once per build (render.py)
    return re.compile(r"""shared_part\(\s*["']([^"']+)["']""")


@functools.cache
def _card() -> re.Pattern:  # the card of an article, as render.card shows it
    return re.compile(r"\bcard\(")


@dataclass(frozen=True)
class PageFacts:
    """What the checks need to know of a page once it is rendered (see page_facts); the build
    record (manifest.py) keeps them for pages it carries over."""

    problems: tuple = ()  # the page's own problems (found without looking at other pages)
    culprit: str | None = None  # the template to blame when the page lacks the crisis line
    ids: tuple = ()  # its anchors: id= and name= values (a tuple holds a big site's record in less memory)
    links: tuple = ()  # (url, tag) of every link into the site, to resolve against all pages
    anchored: tuple = ()  # those of them to an anchor ('#'): another page's anchors may go
    redirect: bool = False  # a redirect page for an old address
    noindex: bool = False
    starts_html: bool = True
    # The crisis block as the page shows it, in what holds it (crisis_context): what a site's
    # stylesheet rules are matched against (_crisis_reach). The same text on most pages.
    crisis_context: str = ""


def page_facts(site: Site, file: str, text: str, finder: Locator, converter: Converter,
               data: bytes | None = None) -> PageFacts:
    """What the checks find in one rendered page by itself, and what they need to check its links
    (`data`: the page in UTF-8, when the caller has it already)."""
    with processing(finder.sources.get(file) or finder.template_path(file)):
        markup = text if data is None else data  # (the parser reads UTF-8: bytes spare it encoding the page)
        trees = [guards.parse(markup)]
        if _NOSCRIPT.search(text):  # what a browser without scripts reads too
            trees.append(guards.parse(markup, scripting=False))
        ids: set[str] = set()
        links: list[tuple[str, str]] = []
        problems = list(_page_problems(file, text, trees, ids, links, finder))
        redirect = 'http-equiv="refresh"' in text
        culprit = None
        if not redirect:  # a redirect from an old address shows nothing of the article's
            if may_mention_pressing_3(text, data):
                problems += _outdated_crisis(reader_text(text), file, finder)
            problems += _form_problems(text, file, finder)
            problems += _disclaimer_problems(site, file, text, finder, converter)
        # The crisis line on a redirect page too: a browser that does not follow the refresh
        # (some are set not to) leaves the visitor there. It is in the language of the page it
        # leads to, which its own address need not tell ('/viejo/' for '/es/blog/hola/').
        views = site.all_views if redirect else (site.view_for(file),)
        if not any(_has_crisis_line(view, text, converter) for view in views) or _crisis_hidden(text, trees[0]):
            culprit = finder.culprit(file, "partials/crisis.html")
        head = text.lstrip("\ufeff \t\r\n")[:200].lower()
        return PageFacts(problems=tuple(sorted(set(problems))), culprit=culprit, ids=tuple(sorted(ids)),
                         links=tuple(links), anchored=tuple(link for link in links if "#" in link[0]),
                         redirect=redirect, noindex=bool(_NOINDEX.search(text)),
                         starts_html=head.startswith(("<!doctype html", "<html")),
                         crisis_context="" if culprit else crisis_context(trees[0]))


def site_problems(site: Site, facts: dict[str, PageFacts], existing: set[str], finder: Locator,
                  held_back: tuple[str, ...] = (), settled: set[str] | frozenset[str] = frozenset(),
                  gone: set[str] | frozenset[str] = frozenset(), files_checked: dict | None = None,
                  targets: dict | None = None, anchored: dict | None = None) -> list[Problem]:
    """Every problem in the rendered site, each reported once; a link to an output file that
    begins with one of `held_back` is not checked (where a file left out would be: leftout.py).

    `settled` pages were carried over from the last build, which found every link resolving, and
    `gone` are the files it had that this one has not: only their links to those, and to an anchor
    of a page made again this time, are looked at again (that page's anchors may have changed; a
    settled page's have not). `targets`: the
    file each link leads to, as found before (serve: state.BuildState.link_targets); `anchored`:
    which pages link to an anchor of which, as last found (serve: state.BuildState.anchored_links)."""
    found: set[Problem] = set()
    no_crisis: dict[str, list[str]] = {}
    for file, page in facts.items():
        if page.problems or page.culprit:
            found.update(page.problems)
            if page.culprit:
                no_crisis.setdefault(page.culprit, []).append(file)
    if held_back != EVERYTHING:
        found.update(_link_problems(site, facts, existing, finder, settled, gone, {} if targets is None else targets,
                                    anchored, held_back))
    for template, pages in sorted(no_crisis.items()):
        found.add(_crisis_problem(template, sorted(pages), finder))
    for rel, lines in finder.texts.press_3_lines():
        found.update(error(rel, line, _OUTDATED) for line in lines)
    contexts = tuple(sorted({page.crisis_context for page in facts.values() if page.crisis_context}))
    found.update(_stylesheet_problems(site, {} if files_checked is None else files_checked, contexts))
    found.update(_static_addresses(site, existing))
    return sorted(found)


# The elements of a page in static/ whose address loads or leads to a file (<a href>, <img src>...).
_ADDRESSED = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src",
              "audio": "src", "video": "src", "track": "src", "embed": "src", "object": "data"}


def _static_addresses(site: Site, existing: set[str]) -> list[Problem]:
    """A stylesheet or page of static/ is published as it is, not resolved as Markdown's links are:
    an address in it that starts at the host's root (url(/images/door.png), href="/contact/")
    misses a sub-path of base_url, and one to a file the site does not have leads nowhere. (Found
    each build: whether a file is there depends on the rest of the site.)"""
    base = site.config.site.base_path
    problems = []
    for rel, path in site.static_files:
        lower = rel.lower()
        if lower.endswith(".css"):
            text = path.read_bytes().decode("utf-8", "replace")
            if "url(" in text.lower() or "@import" in text.lower():
                for url, line in guards.css_addresses_on_the_site(text):
                    problem = _static_address(rel, url.strip(), base, existing, "url({})", "this stylesheet")
                    if problem:
                        problems.append(error(f"static/{rel}", line, problem))
        elif lower.endswith((".html", ".htm")):
            text = path.read_bytes().decode("utf-8", "replace")
            found = []
            counted: dict[str, int] = {}
            for node in guards.elements(guards.parse(text)):
                tag = node.tag.lower()
                nth = counted[tag] = counted.get(tag, -1) + 1
                value = (node.attributes.get(_ADDRESSED[tag]) or "").strip() if tag in _ADDRESSED else ""
                if not value or value.startswith("#") or guards.resolve(value) != ("", ""):
                    continue
                shown = f'{_ADDRESSED[tag]}="{{}}"'
                problem = _static_address(rel, value, base, existing, shown, "this page")
                if problem:
                    found.append(guards.Finding(tag, _ADDRESSED[tag], value, problem, nth=nth))
            problems += [error(f"static/{rel}", line, finding.message) for finding, line, _ in guards.locate(text, found)]
    return problems


def _static_address(rel: str, url: str, base: str, existing: set[str], written: str, holder: str) -> str | None:
    """What is wrong with the address `url` in the file of static/ published at `rel`, if anything;
    `written`: how the address is shown (url({}), href="{}"), `holder`: what it is in."""
    from posixpath import dirname, join, normpath, relpath
    from urllib.parse import unquote

    shown = written.format(url)
    path = unquote(re.split(r"[?#]", url, maxsplit=1)[0])
    if not path:
        return None  # (the file itself, or a query of it)
    if path.startswith("/"):
        if not path.startswith(base):
            # (with a sub-path: written as from the host's root, it reaches outside the site)
            fix = relpath(path.lstrip("/") or ".", dirname(rel) or ".") + ("/" if path.endswith("/") and path != "/" else "")
            return (f"{shown} starts at the host's root, but the site is published under {base}, so it would lead to "
                    f"{path}, outside the site; write it relative to {holder}: {written.format(fix)}")
        target = path[len(base):]
    else:
        target = normpath(join(dirname(rel), path)) + ("/" if path.endswith("/") else "")
        if target in ("./", "."):
            target = ""
        if target == ".." or target.startswith("../"):
            return f"{shown} leads outside the site; write the address of one of its files, relative to {holder}"
    folder = target.rstrip("/")
    if target in existing or f"{folder}/index.html".lstrip("/") in existing:
        return None
    return (f"{shown} leads to /{target}, which the site does not have (no static/{target}, nor a page there); check "
            "the name, or add the file")


def _link_problems(site: Site, facts: dict[str, PageFacts], existing: set[str], finder: Locator,
                   settled: set[str] | frozenset[str], gone: set[str] | frozenset[str], targets: dict,
                   anchored: dict | None = None, held_back: tuple[str, ...] = ()):
    """Links into the site that lead nowhere, but for those to a file `held_back` (site_problems),
    one problem per link as written at a line (see _one_per_line); each distinct link is resolved
    once. `anchored`
    (serve: BuildState.anchored_links) keeps, by base path, which pages link to an anchor of
    which (see _anchored_to): a settled page that links to no anchor of a page made again is
    then not looked at at all (the loop over 14,000 pages' anchored links, at 10,000 articles)."""
    base = site.config.site.base_path
    verdicts: dict[tuple[str, str], str | None] = {}
    targets = targets.setdefault(base, {})  # url -> the file it leads to, under this base path
    linking = _anchored_to(facts, base, targets, anchored.setdefault(base, ({}, {}))) if anchored is not None else None
    prefixes = tuple(view.prefix for view in site.views if view.prefix)
    left_out = dict(site.left_out)

    def missing(target: str, shown: str) -> str | None:
        why = left_out.get(target)
        if why:
            return f"links to {shown}, which is {why}"
        return _untranslated(site, shown[1:], existing, finder) if site.views else None

    looked: Iterable[tuple[str, PageFacts]] = facts.items()
    broken: dict[tuple[str, int, str], dict[str, tuple[str, str]]] = {}  # (file, line, link as written) -> shown -> (language, problem)
    if linking is not None and gone:
        # (serve) Every link of a page is resolved in the build that renders it, so `targets` holds
        # the file of each link a settled page has: a file gone that none leads to (most often a
        # shard of the search index an edit emptied) concerns none of them. Else each settled
        # page's links were read again (a third of a rebuild at 10,000 articles).
        gone = {file for file in targets.values() if file in gone}
    if linking is not None and settled and not gone:
        # a settled page has links to look at only if it links to an anchor of a page made again
        again = {file for target, files in linking.items() if target not in settled for file in files}
        looked = ((file, page) for file, page in facts.items() if file not in settled or file in again)
    for file, page in looked:  # (the problems end up in a set: no order needed)
        links = page.links
        if file in settled:
            links = tuple([link for link in page.anchored if _target_of(link[0], base, targets) not in settled]
                          if page.anchored else ())
            if gone:
                links += tuple([link for link in page.links if _target_of(link[0], base, targets) in gone])
        for url, tag in links:
            try:
                problem = verdicts[url, tag]
            except KeyError:
                problem = verdicts[url, tag] = _resolve(url, base, existing, facts, tag, targets, held_back, prefixes,
                                                        missing)
            if problem and url not in finder.photos:
                view = site.view_for(file)
                shown, prefix = url[len(base) - 1:], view.prefix
                rel, line = finder.find(file, _link_needles(shown, prefix))
                written = shown[len(prefix):] if prefix and shown.startswith("/" + prefix) else shown
                code = view.language.code if view.language is not None else site.config.site.language
                broken.setdefault((rel, line, written), {})[shown] = (code, problem)
    return [_one_per_line(rel, line, written, found) for (rel, line, written), found in broken.items()]


def _untranslated(site: Site, rel: str, existing: set[str], finder: Locator) -> str | None:
    """The problem of a link written with a language's path ('es/privacy/') to a page that exists
    only in other languages, else None: without the path, the link leads where it can."""
    path = urlsplit(rel).path
    for view in site.views:
        target = served_file(path[len(view.prefix):])
        if view.language is not None and path.startswith(view.prefix) and target in existing:
            source = finder.sources.get(target, "")
            what = f"{source} has" if source.startswith("content/") else "that page has"
            return (f"links to /{rel}, which does not exist: {what} no translation into '{view.language.code}'; write "
                    f"/{rel[len(view.prefix):]} (a link without the language's path leads to the page in the reader's "
                    "language where there is one, else to this one)")
    return None


def _one_per_line(rel: str, line: int, written: str, found: dict[str, tuple[str, str]]) -> Problem:
    """One problem for a link as written at one line, which the pages of several languages may
    show (a translation inherits its original's text, or a config text left untranslated): the
    problem of the link as written, or else of the first language's form, naming the other
    languages whose pages show it too."""
    first = written if written in found else min(found)
    others = sorted(shown for shown in found if shown != first)
    message = found[first][1]
    if others:
        codes = ", ".join(f"'{found[shown][0]}'" for shown in others)
        message += f" (the {codes} pages show this link too: {', '.join(others)})"
    return error(rel, line, message)


def _link_needles(shown: str, prefix: str) -> list[str]:
    """How a link ('/es/blog/x/#tips') may be written in the files, most telling first. On a
    further language's pages (`prefix` 'es/') the editor wrote '/blog/x/#tips', and the
    generator added the language's path: that form is looked for too."""
    forms = [shown]
    if prefix and shown.startswith("/" + prefix):
        forms.append(shown[len(prefix):])
    needles = []
    for form in forms:
        path = form.split("#")[0]
        needles += [form, form.rstrip("/"), path.rstrip("/") or "/#", f"'{path[1:]}'", f'"{path[1:]}"']
    return needles


def _anchored_to(facts: dict[str, PageFacts], base: str, targets: dict, index: tuple[dict, dict]) -> dict:
    """The files that pages link to an anchor of, each with the pages that do. `index` is (file ->
    its facts as indexed, target file -> the files linking to an anchor of it), brought up to
    `facts` here: only the pages whose facts are new objects (rendered again, or gone) are
    indexed again."""
    indexed, linking = index
    changed = [file for file, page in facts.items() if indexed.get(file) is not page]
    for file in [*changed, *(indexed.keys() - facts.keys())]:
        page = indexed.pop(file, None)
        for target in {_target_of(url, base, targets) for url, _ in page.anchored} if page is not None else ():
            linking[target].remove(file)
            if not linking[target]:
                del linking[target]
    for file in changed:
        page = indexed[file] = facts[file]
        for target in {_target_of(url, base, targets) for url, _ in page.anchored}:
            linking.setdefault(target, []).append(file)
    return linking


class TemplateSource(NamedTuple):
    text: str
    own: bool  # the site's own template, not the default theme's


class Locator:
    """Finds the file and line an editor should change for a string on a page."""

    def __init__(self, site: Site, sources: dict[str, str], templates: dict[str, str]):
        self.site = site
        self.sources = sources
        self.texts = site.texts
        self.templates = templates
        self.loader = template_loader(site.template_dirs)
        self.env = jinja2.Environment(loader=self.loader)
        self._chains: dict[str, list[str]] = {}
        self._sources: dict[str, TemplateSource] = {}
        self.rules = PageRules(site)  # for the page checks
        # a translated service or checklist -> its original, whose text the translation may show
        self._originals = {rel: original for view in site.views for rel, original in _listed_files(view) if original}
        # the clinicians' photos: one that does not exist is reported at the line that names it
        # (people.check_people), not on each template that shows it
        base = site.config.site.base_path
        self.photos = frozenset(base + person.meta.photo.lstrip("/") for view in site.all_views
                                for person in view.clinicians if person.meta.photo)

    def template_of(self, file: str) -> str:
        return self.templates.get(file, "redirect.html")

    def template_path(self, file: str) -> str:
        return f"templates/{self.template_of(file)}"

    def source(self, name: str) -> TemplateSource:
        """A template's text, and whether it is the site's own (not the default theme's)."""
        if name not in self._sources:
            try:
                text, filename, _ = self.loader.get_source(self.env, name)
            except jinja2.TemplateNotFound:
                text, filename = "", None
            folder = (self.site.source / "templates").resolve()
            own = filename is not None and folder in Path(filename).resolve().parents
            self._sources[name] = TemplateSource(text, own)
        return self._sources[name]

    def chain(self, file: str) -> list[str]:
        """The page's template, then every template it extends or includes."""
        top = self.template_of(file)
        if top not in self._chains:
            names, queue = [], [top]
            while queue:
                name = queue.pop(0)
                if name in names:
                    continue
                names.append(name)
                try:
                    text = self.source(name).text
                    refs = jinja2.meta.find_referenced_templates(self.env.parse(text))
                    queue += [ref for ref in refs if ref] + _shared_part().findall(text)
                    queue += ["partials/article_card.html"] if _card().search(text) else []
                except jinja2.TemplateSyntaxError:
                    pass
            self._chains[top] = names
        return self._chains[top]

    def find(self, file: str, needles: list[str]) -> tuple[str, int]:
        """Where the first needle is written: the page's content file (then the original it
        translates), its language's translations file, the config, the services and checklists,
        then its templates."""
        view = self.site.view_for(file)
        own = f"translations/{view.language.code}.yaml" if view is not self.site and view.language is not None else None
        # (then the services and checklists, whose Markdown summaries and intros list pages show;
        # a translated one's original after it: what the translation leaves out, such as a
        # checklist's results or a service's faq, is shown from the original's file)
        listed = [rel for pair in _listed_files(view) for rel in pair]
        source = self.sources.get(file)
        texts = [(rel, body) for rel in (source, self._originals.get(source or ""), own, "site_config.yaml", *listed)
                 if rel and (body := self.texts.get(rel))]
        chain = self.chain(file)
        for owned in (True, False):
            texts += [(f"templates/{n}", self.source(n).text) for n in chain if self.source(n).own == owned]
        for needle in needles:
            for rel, body in texts:
                index = body.find(needle) if needle and body else -1
                if index >= 0:
                    return rel, body.count("\n", 0, index) + 1
        return self.template_path(file), 0

    def culprit(self, file: str, partial: str) -> str:
        """The site's own template most likely to have dropped `partial` from this page."""
        chain = self.chain(file)
        owned = [n for n in chain if self.source(n).own]
        if partial in owned:
            return partial
        layouts = [n for n in owned if "{% extends" not in self.source(n).text.replace("{%- extends", "{% extends")]
        return (layouts or owned or [chain[0]])[0]


def _listed_files(view: Site) -> list[tuple[str, str]]:
    """(file, the original it translates, or '') of each service and checklist of `view`."""
    return [(s.source, s.original) for s in view.services] + [(c.source, c.original) for c in view.checklists]


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in _attr().finditer(text)}


@functools.cache
def _attr() -> re.Pattern:
    return re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _ids(tree) -> frozenset[str]:
    """The ids (and names) on the page: what a link's #fragment can point at."""
    return frozenset(value for node in tree.css("[id], [name]")
                     for value in (node.attributes.get("id"), node.attributes.get("name")) if value)


class PageRules:
    """What the page checks need of the site, worked out once a build, and the tags found clean
    so far (a site repeats its navigation, footer and article links on page after page).
    Made per build (see Locator), so what it remembers never outlives the build."""

    def __init__(self, site: Site):
        self.base = site.config.site.base_path
        self.theme_files = {self.base + asset.published_name for asset in site.assets}  # need no search for their source
        if site.config.theme.logo:  # shown beside the clinic's name, which says it: alt="" on purpose
            self.theme_files.add(self.base + site.config.theme.logo.lstrip("/"))
        self.guard = guard_rules(site)
        # (tag, its attributes) -> the links into the site it holds; only tags whose verdict
        # depends on nothing but themselves (not on where they were written). A link to an anchor
        # of the page ('#name') is kept too: whether the page has that anchor is asked of every page.
        # Emptied when it reaches CLEAN_HELD: most tags are one page's own (its links, its
        # pictures), and kept for every page they would take tens of MB in each process of a big
        # site; the ones repeated on every page are back after the next page.
        self.clean: dict[tuple, tuple[tuple[str, str], ...]] = {}
        # The parts of <body> besides <main> walked already (see _known_walk): their HTML as
        # parsed -> (their anchors, their links into the site, their links to an anchor); and the
        # hashes of those met once (a part is kept once it is met again).
        self.parts: dict[str, tuple[frozenset[str], tuple[tuple[str, str], ...], tuple[str, ...]]] = {}
        self.parts_seen: set[int] = set()


CLEAN_HELD = 16_384  # tags PageRules.clean remembers at most
PARTS_HELD, SEEN_HELD = 64, 4_096  # parts PageRules.parts keeps at most, hashes parts_seen does


def guard_rules(site: Site) -> guards.Rules:
    """The guard's allowlist for this site: the hosts it may load from, its own host, the theme's scripts."""
    base = site.config.site.base_path
    scripts = frozenset(base + a.published_name for a in site.assets if a.published_name.endswith(".js"))
    own = guards.resolve(site.config.site.root_url)[1]
    return guards.Rules(frozenset(h.lower() for h in site.config.allowed_hosts), frozenset({own}), scripts)


def _page_problems(file, text, trees, ids, links, finder):
    """The page's own problems; fills `ids` with its anchors and `links` with its links into the site."""
    rules = finder.rules
    fragments: list[str] = []  # of its links to an anchor of its own ('#name'), looked up once `ids` is whole
    pending: list[guards.Finding] = []
    if len(trees) > 1 or not _known_walk(trees[0], rules, ids, links, fragments):
        ids.clear()
        links.clear()
        fragments.clear()
        ids.update(_ids(trees[0]))
        placed: list[tuple[str, dict]] = []
        for number, tree in enumerate(trees):
            pending += _walk(guards.elements(tree), rules, links if number == 0 else [], fragments, placed, tree) or []
        for tag, attrs in placed:
            yield from _alt_problems(rules, file, tag, attrs, finder)
    for fragment in fragments:
        if fragment not in ids:
            rel, line = finder.find(file, [f"(#{fragment})", f'"#{fragment}"', f"#{fragment}"])
            yield error(rel, line, f"links to #{fragment}, but this page has no heading or anchor "
                                   f"with that name{_suggest(fragment, ids)}")
    yield from _findings_placed(file, text, pending, finder)


def _walk(nodes, rules: PageRules, links: list, fragments: list[str], placed: list | None, tree=None,
          ids: set[str] | None = None) -> list[guards.Finding] | None:
    """Check each element of `nodes` (elements(tree) or a part of them, in document order): its
    findings (with their `nth` in `tree`), each image without alt text in `placed`, its links into
    the site in `links`, its links to an anchor of the page in `fragments`, its id and name in
    `ids` (when given). Without `placed` (see _known_walk), the walk stops at the first element
    with a finding or an image without alt text, and gives None."""
    clean, plain = rules.clean, guards.PLAIN_ELEMENTS
    found_here: list[guards.Finding] = []
    for index, node in enumerate(nodes):
        attrs = node.attributes
        tag = node.tag
        if not attrs:
            if tag in plain:
                continue  # the most common element of all: nothing to check, no link
        elif ids is not None:
            for name in ("id", "name"):
                value = attrs.get(name)
                if value:
                    ids.add(value)
        key = (tag, *attrs.items())
        held = clean.get(key)
        if held is None:
            found = guards.element_findings(tag, attrs, rules.guard, static=False,
                                            text=node.text(deep=True) if tag == "script" else "")
            missing = any(f.message == guards.CONTENT_SCRIPT for f in found) or _alt_missing(rules, tag, attrs)
            if (found or missing) and placed is None:
                return None  # (_known_walk's signal to walk the page in full)
            held = _internal_links(tag, attrs, rules.base)
            if not found and not missing:
                if len(clean) >= CLEAN_HELD:
                    clean.clear()
                clean[key] = held
            if found:
                nth = guards.nth_of(tree, index)
                found_here += [replace(finding, nth=nth) for finding in found]
            if missing and placed is not None:
                placed.append((tag, attrs))
        if tag == "a":  # a link to an anchor: whether it leads anywhere depends on this page alone
            href = attrs.get("href")
            if href and href[0] == "#" and len(href) > 1:
                fragments.append(href[1:])
        if held:
            links.extend(held)
    return found_here


def _known_walk(tree, rules: PageRules, ids: set[str], links: list, fragments: list[str]) -> bool:
    """_walk over a page without findings, without templates and without a second reading
    (noscript): True when it is done, False when the page is to be walked in full (what it
    filled is then to be emptied). It also gathers the anchors (`ids`) as it goes.

    A part of the page the site repeats (the crisis block, header and footer: each element of
    <body> but <main>) is walked once per distinct part, as the parser built it: its serialized
    HTML (every element, attribute and text of it, unambiguously) is the key of what it holds."""
    root, body = tree.root, tree.body
    if root is None or body is None or tree.css_first("template") is not None:
        return False  # (template contents are walked apart from the tree: see guards.elements)
    seen, parts = rules.parts_seen, rules.parts
    before: list = []
    for node in root.traverse(include_text=False):
        if node.is_element_node:
            before.append(node)
            if node.tag == "body" and node.parent is not None and node.parent.tag == "html":
                break
    if before[-1].tag != "body" or _walk(before, rules, links, fragments, None, ids=ids) is None:
        return False
    for part in body.iter():
        if not part.is_element_node:
            continue
        if part.tag == "main":  # (the page's own content: serializing it would cost more than it saves)
            if _walk(part.traverse(include_text=False), rules, links, fragments, None, ids=ids) is None:
                return False
            continue
        markup = part.html
        known = parts.get(markup)
        if known is None:
            holds: tuple[set[str], list, list[str]] = (set(), [], [])
            if _walk(part.traverse(include_text=False), rules, holds[1], holds[2], None, ids=holds[0]) is None:
                return False
            known = (frozenset(holds[0]), tuple(holds[1]), tuple(holds[2]))
            if hash(markup) in seen:  # a part met twice is likely met on every page
                if len(parts) >= PARTS_HELD:
                    parts.clear()
                parts[markup] = known
            else:
                if len(seen) >= SEEN_HELD:
                    seen.clear()
                seen.add(hash(markup))
        ids.update(known[0])
        links.extend(known[1])
        fragments.extend(known[2])
    return True


def _findings_placed(file, text, pending: list[guards.Finding], finder):
    # A script added by the site's template may load a file of the site or of an allowed host; one in
    # content is refused whatever it loads (and its other findings go unsaid).
    located = guards.locate(text, list(dict.fromkeys(pending)))
    places = [(finding, finder.find(file, _needles(finding, markup))) for finding, _, markup in located]
    content_scripts = {finding.value for finding, (rel, _) in places
                       if finding.message == guards.CONTENT_SCRIPT and not rel.startswith("templates")}
    for finding, (rel, line) in places:
        if finding.message == guards.CONTENT_SCRIPT:
            if rel.startswith("templates"):
                continue
        elif finding.tag == "script" and finding.attr == "src" and finding.value in content_scripts:
            continue
        yield error(rel, line, finding.message)


def _needles(finding: guards.Finding, markup: str) -> list[str]:
    """Strings to look for in the files an editor writes, most telling first."""
    needles = [markup] if markup else []
    if finding.attr and markup:
        match = re.search(rf"""{re.escape(finding.attr)}\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)""", markup, re.I)
        if match:
            needles.append(match.group(0))
    value = finding.value.strip()
    if value:
        needles += [value, html.escape(value)]
    if finding.attr:
        needles.append(finding.attr + "=")
    needles.append("<" + finding.tag)
    return needles


def _alt_missing(rules: PageRules, tag: str, attrs: dict) -> bool:
    return tag == "img" and not (attrs.get("alt") or "").strip() and bool(attrs.get("src")) and \
        attrs["src"] not in rules.theme_files


def _alt_problems(rules: PageRules, file: str, tag: str, attrs: dict, finder: Locator):
    if not _alt_missing(rules, tag, attrs):
        return
    src = attrs["src"][len(rules.base) - 1:] if attrs["src"].startswith(rules.base) else attrs["src"]
    rel, line = finder.find(file, [src])
    if not rel.startswith("templates"):  # the theme's decorative images have alt="" on purpose
        yield error(rel, line, f"image '{src}' has no alt text; describe it for people who cannot see it: "
                               f"![a short description]({src})")


def _internal_links(tag: str, attrs: dict[str, str], base: str) -> tuple[tuple[str, str], ...]:
    """The tag's links into the site, to be resolved once all pages are known."""
    if tag not in ("a", "link", "img", "script", "source", "form"):
        return ()
    return tuple((sys.intern(url), tag) for url in (attrs.get(attr) for attr in ("href", "src", "action"))
                 if url and url.startswith(base) and not url.startswith("//"))


def _suggest(name: str, known) -> str:
    import difflib  # (here: only a misspelling needs it)

    match = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean #{match[0]}?" if match else "; check the spelling, or link to a heading that exists"


def _closest_address(rel: str, existing: set[str], prefixes: tuple[str, ...]) -> str | None:
    """The address on the site nearest to `rel` ('blog/sleep-basic/'), in the link's own language:
    one written with a further language's path ('es/…') among that language's, else among the
    default language's (a link without the path leads to the reader's language where it can)."""
    import difflib  # (here: only a mistyped address needs it)

    own = next((prefix for prefix in prefixes if rel.startswith(prefix)), "")
    others = tuple(prefix for prefix in prefixes if prefix != own)
    by_name: dict[str, list[str]] = {}
    for file in existing:
        if file.startswith(own) and not (others and file.startswith(others)):
            address = file[:-len("index.html")] if file.endswith("index.html") else file
            by_name.setdefault(address.rstrip("/").rpartition("/")[2], []).append(address)
    # Names, not whole addresses, are compared: '/blog/z/' is not '/blog/y/' for sharing '/blog/';
    # 0.8 takes a letter left out or swapped ('sleep-basic', 'abuot'), or a folder ('/sleep-basics/').
    # Names that differ only in a number ('article-4', 'article-3') are other pages, not a typo.
    name = rel.rstrip("/").rpartition("/")[2]
    match = [close for close in difflib.get_close_matches(name, sorted(by_name), n=3, cutoff=0.8)
             if re.sub(r"\d", "", close) != re.sub(r"\d", "", name)]
    if not match:
        return None
    return max(sorted(by_name[match[0]]), key=lambda address: difflib.SequenceMatcher(None, rel, address).ratio())


def _target_of(url: str, base: str, known: dict[str, str]) -> str:
    """The output file a link into the site leads to (`known`: those found so far, by url)."""
    target = known.get(url)
    if target is None:
        target = known[url] = served_file(urlsplit(url).path[len(base):])
    return target


def _resolve(url: str, base: str, existing: set[str], facts: dict[str, PageFacts], tag: str = "a",
             targets: dict | None = None, held_back: tuple[str, ...] = (), prefixes: tuple[str, ...] = (),
             missing: Callable[[str, str], str | None] | None = None) -> str | None:
    """What is wrong with a link to `url`, or None. `missing(target, shown)`: why a page that is not
    on the site is missing, where the site knows (an article not published, a page in other languages)."""
    parts = urlsplit(url)
    rel = parts.path[len(base):]
    # (`targets` learns the file, for the next build's carried-over pages: see _link_problems)
    target = _target_of(url, base, targets) if targets is not None else served_file(rel)
    shown = "/" + url[len(base):]
    if target not in existing:
        if held_back and target.startswith(held_back):
            return None  # (where a file left out for its errors would be: the link may work once it is fixed)
        image = tag == "img" or (tag == "source" and not target.endswith("/index.html"))
        if ".." in rel.split("/"):  # (no file of static/ to propose: the address climbs out of it)
            return (f"{'shows the image' if image else 'links to'} {shown}, which climbs up with '..'; write the "
                    "address from the site's root without '..', like /images/door.jpg or /blog/article-name/")
        if image:
            other = in_other_capitals(target, existing)  # (a file of static/ is at its own address)
            if other:
                return f"shows the image {shown}, which {other}"
            return f"shows the image {shown}, which does not exist; put the file at static/{rel} or correct the address"
        why = missing(target, shown) if missing is not None else None
        if why:
            return why
        close = _closest_address(rel, existing, prefixes)
        if close:
            anchor = f"#{parts.fragment}" if parts.fragment else ""
            return f"links to {shown}, which does not exist on the site; did you mean /{close}{anchor}?"
        return (f"links to {shown}, which does not exist on the site; correct the address "
                "(pages are at /page-name/, articles at /blog/article-name/, files from static/ at /file-name)")
    if parts.fragment and target in facts:
        ids = facts[target].ids
        if parts.fragment not in ids:
            return f"links to {shown}, but that page has no heading or anchor '#{parts.fragment}'{_suggest(parts.fragment, ids)}"
    return None


# --- healthcare rules -------------------------------------------------------------------

_OUTDATED = ("mentions pressing 3 on the 988 Lifeline; that option (for LGBTQ+ youth) ended in July 2025. "
             "Remove it, and point to 988 itself")


def _has_crisis_line(site: Site, text: str, converter: Converter) -> bool:
    start = text.find('id="crisis"')
    if start < 0:
        return False
    window, wanted = text[start:start + 4000], " ".join(site.config.crisis.text.split())
    # The words of the window up to the end of its first paragraph (a tag's end: no tag or
    # entity runs on past it) begin the window's words: the crisis block's text, written as
    # it is, is found there on most pages without reading the rest of the window.
    end = window.find("</p>")
    if end >= 0 and wanted in reader_text(window[:end + 4]):
        return True
    shown = reader_text(window)
    return wanted in shown or reader_text(converter.inline(site.config.crisis.text)) in shown


_HIDING = re.compile(r"<!--|<template|<noscript|\bhidden\b|aria-hidden|\binert\b", re.IGNORECASE)
# What _HIDING needs, looked for first in the text case-folded: a search of _HIDING's alternatives
# took 0.24 ms on each page, this look 0.03. Case folding gives all that IGNORECASE matches but
# the dotless i and the dotted capital I (U+0131, U+0130, both taken for 'i'): looked for as they fold.
_HIDING_WORDS = ("<!--", "<template", "<noscript", "hidden", "inert", "\u0131", "i\u0307")


_SCREEN_READER_ONLY = frozenset({"visually-hidden", "sr-only"})  # (the theme's class, and a common one)


def _crisis_hidden(text: str, tree) -> bool:
    """Whether the page has the crisis block's words but a browser would not show them: the block
    is in a comment, a <template> or a <noscript>, or in an element marked hidden, aria-hidden or
    inert, or of the class that shows it to screen readers only (a site's own template could keep
    the words and hide them; the words alone pass)."""
    end = text.find(">", text.find('id="crisis"'))
    head = text[:end].casefold()
    if not any(word in head for word in _HIDING_WORDS) or not _HIDING.search(text, 0, end):
        return False  # (the theme's pages: nothing up to the block could hide it)
    node = tree.css_first('[id="crisis"]')  # (none in the page's tree: it was in a comment or <noscript>)
    if node is None:
        return True
    while node is not None:
        attributes = node.attributes
        if node.tag in ("template", "noscript") or "hidden" in attributes or "inert" in attributes \
                or (attributes.get("aria-hidden") or "").strip().lower() == "true" \
                or not _SCREEN_READER_ONLY.isdisjoint((attributes.get("class") or "").split()):
            return True
        node = node.parent
    return False


def _crisis_problem(template: str, pages: list[str], finder: Locator) -> Problem:
    body = finder.source(template).text
    shown = f"templates/{template}"
    example = f"{len(pages)} page{'s' if len(pages) != 1 else ''}, e.g. {pages[0]}"
    if template == "partials/crisis.html":
        return error(shown, 0, f"no longer shows the crisis message (crisis.text from site_config.yaml) with id=\"crisis\" "
                               f"({example}); restore it from the default theme's partials/crisis.html")
    body_at = body.find("<body")
    line = body.count("\n", 0, body_at) + 1 if body_at >= 0 else 0
    return error(shown, line, f"makes pages without the crisis block ({example}); every page must show it: keep "
                              "{{ shared_part(\"partials/crisis.html\") }} (or {% include \"partials/crisis.html\" %}) right after <body>")


def _outdated_crisis(plain: str, file: str, finder: Locator):
    for match in OUTDATED_CRISIS.finditer(plain):
        yield error(*finder.find(file, [match.group(0)]), _OUTDATED)


def _form_problems(text: str, file: str, finder: Locator):
    """A form that sends data must not invite health details: none of its fields may ask for them."""
    for form in _FORM.finditer(text):
        if _attrs(form.group(1)).get("method", "").lower() == "dialog":
            continue  # handled in the browser, never sent
        asked = []
        for field in _FIELD.finditer(form.group(2)):
            attrs = _attrs(field.group(2))
            asked += [attrs[a] for a in ("name", "id", "placeholder", "aria-label", "title", "value") if attrs.get(a)]
        asked += [reader_text(m.group(2)) for m in _FIELD_TEXT.finditer(form.group(2))]
        for value in dict.fromkeys(asked):
            match = HEALTH_WORDS.search(value)
            if match:
                word = match.group(0)
                rel, line = finder.find(file, [f'"{value}"', value, html.escape(value), word])
                because = "" if word == value else f" ('{word}')"
                yield error(rel, line, f"a form field asks for '{value}', which invites health details{because}; "
                                       "contact forms must not ask about diagnoses, symptoms, medication and the like. "
                                       "Remove or reword the field")


def _disclaimer_problems(site: Site, file: str, text: str, finder: Locator, converter: Converter):
    site = site.view_for(file)
    prefix = site.prefix
    for checklist in site.checklists:
        if file != f"{prefix}self-assessment/{checklist.id}/index.html":
            continue
        page = reader_text(text)
        disclaimer = checklist.spec.disclaimer
        if reader_text(converter.inline(disclaimer)) not in page and " ".join(disclaimer.split()) not in page:
            template = finder.culprit(file, "checklist.html")
            yield error(f"templates/{template}", 0, f"the self-assessment page /self-assessment/{checklist.id}/ does not show "
                                                    "its disclaimer; keep {{ spec.disclaimer }} in the template")


# --- files that are not pages -----------------------------------------------------------

def _stylesheet_problems(site: Site, known: dict, contexts: tuple[str, ...] = ()) -> list[Problem]:
    """The problems of the theme's and the site's stylesheets, HTML and XML files. `known` holds
    each file's problems by a digest of its name, bytes and the rules, from the last build (serve:
    state.BuildState.files_checked; the command line: the cache folder): the theme's stylesheet
    need not be parsed again per edit. `contexts`: the crisis block as the pages show it, each
    distinct one (crisis_context), which the stylesheets' rules are matched against."""
    rules = guard_rules(site)
    files = [(f"templates/assets/{asset.name}", asset.data) for asset in site.assets if asset.name.lower().endswith(_GUARDED)]
    files += [(f"static/{rel}", path.read_bytes()) for rel, path in site.static_files
              if rel.lower().endswith(_GUARDED)]  # hosts read the extension in any case
    found: list[Problem] = []
    now = {}
    # (with the theme's stylesheet: a site's crisis colours are judged against it, _crisis_colours)
    # and with the pages' crisis contexts: a site's own base.html changes what a rule reaches (_crisis_reach)
    ruled = repr((sorted(rules.allowed), sorted(rules.own), sorted(rules.theme_scripts))).encode() + _theme_stylesheet()
    ruled += hashlib.sha256("\0".join(contexts).encode()).digest()
    for shown, data in files:
        key = hashlib.sha256(b"\0".join((shown.encode(), ruled, data))).hexdigest()
        problems = known.get(key)
        if problems is None:
            problems = tuple(_file_problems(shown, data, rules, contexts))
        now[key] = problems
        found += problems
    known.clear()
    known.update(now)
    return found + [problem for shown, data in files if shown.startswith("static/")
                    for problem in _static_page_warnings(site, shown, data)]


@functools.cache
def _a_page() -> re.Pattern:  # (not a fragment, nor a host's verification file)
    return re.compile(rb"<(html|body)[\s>]", re.I)


def _static_page_warnings(site: Site, shown: str, data: bytes) -> list[Problem]:
    """A web page in static/ is published as it is: it has the crisis message only if its editor
    wrote it in, where every page the site makes shows it (in any of the site's languages)."""
    if not shown.lower().endswith((".html", ".htm")) or not _a_page().search(data):
        return []
    words = browser_text(data.decode("utf-8", "replace"))
    phone = site.config.crisis.phone
    if (phone and phone in words) or any(" ".join(view.config.crisis.text.split()) in words for view in site.all_views):
        return []
    name = shown.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return [warning(shown, 0, f"is a page published as it is, without the crisis message every page of the site shows "
                              f"(crisis.text from site_config.yaml); make it a page of the site instead, "
                              f"content/pages/{name}.md, which shows it, or write the message into the file")]


_GUARDED = (".css", ".html", ".htm", ".svg", ".xml", ".xsl", ".atom", ".rss", ".webmanifest")


def _file_problems(shown: str, data: bytes, rules: guards.Rules, contexts: tuple[str, ...] = ()):
    """A stylesheet, HTML or XML file the site publishes as it is: no script, nothing from another host."""
    text = data.decode("utf-8", "replace")
    lower = shown.lower()
    if lower.endswith(".css") and "\ufffd" in text and not data.lstrip(b"\xef\xbb\xbf").startswith(b"@charset"):
        # (browsers read a stylesheet as UTF-8 unless it says otherwise: an accented letter saved
        # another way shows as \ufffd, in a `content:` or a font's name)
        yield from _not_utf8(shown, data)
    if lower.endswith(".css"):
        found = guards.css_findings(text, rules)
    elif lower.endswith(".webmanifest"):
        found = guards.manifest_findings(text, rules)
    else:
        xml = guards.xml_findings(text, rules) if not lower.endswith((".html", ".htm")) else None
        # HTML, or XML a browser would refuse: read it as HTML, the most lenient reading
        found = xml if xml is not None else guards.html_findings(text, rules, static=True)
    for finding, line, _ in guards.locate(text, found):
        yield error(shown, line, finding.message)
    naming = lower.endswith(".css") and _may_style_crisis(text)
    if naming or (lower.endswith(".css") and contexts):
        read = _read_rules(text)  # (once for both crisis checks)
        for line, selector, refused in (_crisis_hiding(text, read) if naming else []):
            yield error(shown, line, _crisis_message(selector, refused))
        for line, message in _crisis_reach(text, contexts, read):
            yield error(shown, line, message)


def _not_utf8(shown: str, data: bytes) -> list[Problem]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return [error(shown, line, f"is not saved as UTF-8 text (byte 0x{data[exc.start]:02x} on this line, often an "
                                   "accented letter or curly quote), so browsers would show that letter as \ufffd; "
                                   "re-save the file with UTF-8 encoding in your editor")]
    return []  # (a \ufffd written as such)


# The crisis block and its parts ('.crisis-actions', its call and text buttons, too: on a phone they
# are the one-tap way to reach help, and crisis.text need not repeat the number; print may leave
# them out, as the theme does). A site's own '.crisis-resources' is another part of the page.
_CRISIS_SELECTOR = r"(#crisis|\.crisis(-actions|-call|-text)?)(?![\w-])"
# The theme's variables its rules for the crisis block use, the property and the words for it (a
# test pins them to the theme's stylesheet): ':root { --crisis-text: transparent }' in a site's
# stylesheet hides the message through the theme's own '.crisis { color: var(--crisis-text) }'.
_THEME_CRISIS_VARIABLES = {"--crisis-text": ("color", "text colour"), "--crisis-bg": ("background", "background"),
                           "--step--1": ("font-size", "text size"), "--space-1": ("margin", "spacing"),
                           "--space-2": ("margin", "spacing")}
_SIDES = ("top", "right", "bottom", "left", "block", "block-start", "block-end", "inline", "inline-start", "inline-end")
_CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left", "start-start", "start-end", "end-start", "end-end")
# What a rule for the crisis block may set: what changes how it looks, not whether it is seen. The
# values that would hide it are checked (_hides). Left out on purpose, among all others: animation
# and filter (either can fade or blur it away), clip (the old "visually hidden"), content,
# pointer-events (buttons that cannot be pressed), order and grid placement (moving the block down
# the page), mix-blend-mode, mask, perspective and 3D rotation.
_CRISIS_SAFE = frozenset({
    # colours and backgrounds
    "color", "background", "background-color", "background-image", "background-position", "background-position-x",
    "background-position-y", "background-repeat", "background-size", "accent-color", "caret-color",
    # fonts and text
    "font", "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-variant-caps",
    "font-variant-numeric", "font-stretch", "font-kerning", "font-feature-settings", "font-synthesis", "line-height",
    "letter-spacing", "word-spacing", "text-align", "text-align-last", "text-transform", "text-indent",
    "text-decoration", "text-decoration-line", "text-decoration-color", "text-decoration-style",
    "text-decoration-thickness", "text-decoration-skip-ink", "text-underline-offset", "text-underline-position",
    "text-shadow", "text-rendering", "text-wrap", "white-space", "overflow-wrap", "word-wrap", "word-break", "hyphens",
    "line-break", "text-spacing-trim", "text-autospace",  # (where lines break, and the space by punctuation in CJK)
    # borders, outlines, corners and shadows
    "border", "border-width", "border-style", "border-color", "border-radius", "outline", "outline-color",
    "outline-style", "outline-width", "outline-offset", "box-shadow",
    *(f"border-{side}{part}" for side in _SIDES for part in ("", "-width", "-style", "-color")),
    *(f"border-{corner}-radius" for corner in _CORNERS),
    # spacing and size
    "padding", "margin", *(f"{box}-{side}" for box in ("padding", "margin") for side in _SIDES),
    "gap", "row-gap", "column-gap", "box-sizing", "width", "height", "min-width", "min-height", "max-width",
    "max-height", "inline-size", "block-size", "min-inline-size", "min-block-size", "max-inline-size",
    "max-block-size", "overflow", "overflow-x", "overflow-y",
    # layout: the block keeps its place at the top of the page
    "display", "position", "top", "right", "bottom", "left", "inset", "inset-inline", "inset-inline-start",
    "inset-inline-end", "inset-block", "inset-block-start", "inset-block-end", "z-index", "float", "clear",
    "flex", "flex-direction", "flex-wrap", "flex-flow", "flex-grow", "flex-shrink", "flex-basis", "align-items",
    "align-content", "align-self", "justify-content", "justify-items", "justify-self", "place-items",
    "place-content", "place-self", "grid-template", "grid-template-columns", "grid-template-rows",
    "grid-template-areas", "grid-auto-flow", "grid-auto-columns", "grid-auto-rows",
    # effects whose hiding values are checked
    "opacity", "visibility", "transform", "translate", "scale", "clip-path",
    # the pointer and changes of colour on hover
    "cursor", "transition", "transition-property", "transition-duration", "transition-timing-function",
    "transition-delay",
    # the timing of animations, not one: a rule for the block cannot start one ('animation' and
    # 'animation-name' are not here), so these only shorten or end one (the reduced-motion reset
    # '*, *::before, *::after { animation-duration: .01ms }' reaches the block); and how the page scrolls
    "animation-duration", "animation-delay", "animation-iteration-count", "scroll-behavior",
})
_CSS_WIDE = frozenset({"inherit", "initial", "unset", "revert", "revert-layer"})
# The only values of these that show the block. (Not 'display: contents': the block's background
# goes, and its white text stays, on the page's light background.)
_SHOWING = {"display": {"block", "inline", "inline-block", "flex", "inline-flex", "grid", "inline-grid", "flow-root",
                        "list-item", "block flow", "inline flow", "block flow-root"},
            "position": {"static", "relative", "sticky"}, "visibility": {"visible"}}
# Where a rule can move the block (or its text) to: far enough out, it is off every screen.
_OFFSETS = frozenset({"left", "right", "top", "bottom", "inset", "inset-inline", "inset-inline-start", "inset-inline-end",
                      "inset-block", "inset-block-start", "margin-left", "margin-top", "margin-inline-start",
                      "margin-block-start", "text-indent", "translate"})
_MARGINS = frozenset({"margin", "margin-inline", "margin-block"})  # (any side of these)
_SIZES = frozenset({"width", "height", "max-width", "max-height", "inline-size", "block-size", "max-inline-size",
                    "max-block-size"})
# Lines and shadows drawn over what is near: a link's wide border, outline or shadow covers the
# sentence before it. (Any length in them at most _EDGE px; a shadow's blur, soft, up to _BLUR.)
_EDGED = frozenset({"border", "border-width", "outline", "outline-width", "outline-offset", "text-decoration",
                    "text-decoration-thickness", "text-underline-offset",
                    *(f"border-{side}{part}" for side in _SIDES for part in ("", "-width"))})
_EDGE = 8.0
_BLUR = 48.0
_TRANSFORMS = frozenset({"translate", "translatex", "translatey", "scale", "scalex", "scaley", "rotate", "rotatez"})
# CSS pixels per unit (a phone's 360 by 640 px screen for the viewport's units and percentages).
_PX = {"px": 1.0, "em": 16.0, "rem": 16.0, "ch": 8.0, "ex": 8.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54,
       "mm": 96 / 25.4, "q": 96 / 101.6, "vw": 3.6, "vh": 6.4, "vmin": 3.6, "vmax": 6.4, "svw": 3.6, "dvw": 3.6, "lvw": 3.6}
_FAR = -999.0  # px: -9999px and -100em are at least this far out; so is -100vw or -100% (_far)
_WHOLE_SCREEN = frozenset({"vw", "vh", "vmin", "vmax", "svw", "dvw", "lvw"})


def _naming_crisis(selectors: str) -> list[tuple[str, re.Match]]:
    """Each selector of a list that names the crisis block, or a part of it, as what it styles,
    with where: the name in the compounds that lead to the element styled ('.crisis p', 'main
    .crisis'), not only in a condition on another element ('body:has(.crisis)', ':not(.crisis)',
    '.crisis ~ main'). A rule of those styles something else; if it still reaches the block, the
    rules for what reaches it hold it (_crisis_reach)."""
    found = []
    for one in _top_level(selectors, ","):
        match = re.search(_CRISIS_SELECTOR, _subject_chain(one))
        if match:
            found.append((one, match))
    return found


def _top_level(selector: str, separator: str) -> list[str]:
    """`selector` split at each `separator` outside brackets, parentheses and strings."""
    pieces, start = [], 0
    for at, char in _scan(selector):
        if char == separator:
            pieces.append(selector[start:at])
            start = at + 1
    return [*pieces, selector[start:]]


def _subject_chain(one: str) -> str:
    """One selector with what does not lead to the element it styles blanked out (kept the same
    length, so a match's place is its place in `one`): everything up to its last '+' or '~', the
    arguments of ':has()' and ':not()', and attribute selectors ('[data-x=".crisis"]')."""
    chars = list(one)
    blanking: list[bool] = []
    cut = 0
    for at, char in _scan(one, blanking):
        if char in "+~":
            cut = at + 1
    for at in range(len(chars)):
        if at < cut or blanking[at]:
            chars[at] = " "
    return "".join(chars)


def _scan(selector: str, blanking: list[bool] | None = None):
    """(place, character) of each character of a selector outside brackets, parentheses and
    strings; `blanking` gets, for every character, whether it is inside a ':has()', a ':not()' or
    an attribute selector."""
    opened: list[bool] = []  # (each parenthesis open, whether it is a ':has(' or ':not(')
    bracket, quote, escaped = False, "", False
    for at, char in enumerate(selector):
        if blanking is not None:
            blanking.append(any(opened) or bracket)
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "[":
            bracket = True
        elif char == "]":
            bracket = False
        elif char == "(":
            opened.append(bool(re.search(r":(has|not)$", selector[:at], re.IGNORECASE)))
        elif char == ")" and opened:
            opened.pop()
        elif not bracket and not opened:
            yield at, char


def _may_style_crisis(text: str) -> bool:
    """Whether a stylesheet names the crisis block or sets a variable the theme styles it with (most do neither)."""
    return "crisis" in text or any(name in text for name in _THEME_CRISIS_VARIABLES)


def _read_rules(text: str) -> tuple[list, dict[str, list[list]]]:
    """A stylesheet's rules outside print (_schemed_rules), and every value each variable is set to in them."""
    import tinycss2

    schemed = list(_schemed_rules(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), "", False, _SCHEMES))
    variables: dict[str, list[list]] = {}
    for _, _, declarations, _ in schemed:
        for item in declarations:
            if item.name.startswith("--"):
                variables.setdefault(item.name, []).append(_tokens(item.value))
    return schemed, variables


def _crisis_hiding(text: str, read: tuple | None = None) -> list[tuple[int, str, list[tuple[str, str | _Contrast]]]]:
    """(line, selector, [(declaration, why)]) of each rule of a stylesheet, outside print, that sets
    on the crisis block (or what is in it) what Haven does not know to keep it readable: why is
    'hides' (a known property, a value that hides: _hides), 'unknown' (not in _CRISIS_SAFE) or
    'theme' (a variable the theme styles the block with, to a value that hides it) or a _Contrast
    (a colour that leaves the block's text too faint to read on its background: _poor_contrast).
    `read` is the stylesheet's _read_rules, when the caller has it."""
    schemed, variables = read or _read_rules(text)
    poor = _poor_contrast(schemed)
    found = []
    for selector, crisis, declarations, _ in schemed:
        refused = _refused(declarations, crisis, variables)
        known = {id(item) for item, _ in refused}
        refused += [(item, poor[id(item)]) for item in declarations if id(item) in poor and id(item) not in known]
        refused.sort(key=lambda pair: (pair[0].source_line, pair[0].source_column))
        if refused:  # (one message for the rule, naming each declaration refused)
            found.append((refused[0][0].source_line, selector, [(f"{item.name}: {_css_value(item)}", why) for item, why in refused]))
    return found


def _screen_rules(nodes, outer: str, crisis: bool):
    """(selector, whether it styles the crisis block or what is in it, its declarations) of each
    style rule outside print-only media, nested ones included."""
    for selector, styles, declarations, _ in _schemed_rules(nodes, outer, crisis, _SCHEMES):
        yield selector, styles, declarations


_SCHEMES = ("light", "dark")


def _schemed_rules(nodes, outer: str, crisis: bool, schemes: tuple[str, ...]):
    """_screen_rules, each with the colour schemes it applies in (a rule in forced colours, none)."""
    import tinycss2

    for node in nodes:
        if node.type not in ("at-rule", "qualified-rule") or node.content is None:
            continue
        if node.type == "at-rule" and node.lower_at_keyword == "media" and _print_only(node.prelude):
            continue
        selector, styles, within = outer, crisis, schemes
        if node.type == "at-rule" and node.lower_at_keyword == "media":
            within = tuple(scheme for scheme in schemes if scheme in _media_schemes(node.prelude))
        if node.type == "qualified-rule":
            own = " ".join(tinycss2.serialize(node.prelude).split())
            selector, styles = f"{outer} {own}".strip(), crisis or bool(_naming_crisis(own))
        contents = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
        declarations = [item for item in contents if item.type == "declaration"]
        if declarations and selector:
            yield selector, styles, declarations, within
        yield from _schemed_rules(contents, selector, styles, within)


def _media_schemes(prelude) -> set[str]:
    """The colour schemes a media query list can match: '(prefers-color-scheme: dark)' the dark one;
    '(forced-colors: active)' neither (the browser draws with the reader's own colours there)."""
    import tinycss2

    found: set[str] = set()
    for query in tinycss2.serialize(prelude).lower().split(","):
        query = re.sub(r"\s*:\s*", ": ", " ".join(query.split()))
        if "forced-colors: active" in query or query.startswith(("print", "only print")):
            continue
        named = re.search(r"prefers-color-scheme: (light|dark)", query)
        if named is None:
            found.update(_SCHEMES)
        else:
            found.add(named[1] if not query.startswith("not ") else next(s for s in _SCHEMES if s != named[1]))
    return found


def _print_only(prelude) -> bool:
    """'@media print' and the like ('@media not print' hides on screens)."""
    import tinycss2

    media = [" ".join(query.split()) for query in tinycss2.serialize(prelude).lower().split(",")]
    return all(query == "print" or query.startswith(("print ", "only print")) for query in media)


def _refused(declarations: list, crisis: bool, variables: dict) -> list[tuple]:
    """The declarations of one rule that Haven refuses, and why (see _crisis_hiding)."""
    found = []
    for item in declarations:
        if item.name.startswith("--"):
            used = _THEME_CRISIS_VARIABLES.get(item.name)
            if used and any(_hides(used[0], value) for value in _resolved(_tokens(item.value), variables)):
                found.append((item, "theme"))
        elif not crisis:
            continue
        elif item.lower_name not in _CRISIS_SAFE:
            found.append((item, "unknown"))
        elif any(_hides(item.lower_name, value) for value in _resolved(_tokens(item.value), variables)):
            found.append((item, "hides"))
    if crisis:  # (the last of each name: what the browser uses)
        known = {id(item) for item, _ in found}
        found += [(item, "hides") for item in _clipped_box({item.lower_name: item for item in declarations})
                  if id(item) not in known]
    return found


def _resolved(tokens: list, variables: dict, depth: int = 0) -> list[list]:
    """The value with each var() replaced by what the stylesheet sets it to, one value for each of its
    settings outside print (or the var()'s fallback). A variable the stylesheet does not set is the
    theme's, checked in the theme's stylesheet: it stays as it is (and hides nothing)."""
    for at, token in enumerate(tokens):
        if token.type != "function" or token.lower_name != "var" or depth >= 8:  # (a variable set to itself)
            continue
        arguments = _tokens(token.arguments)
        name = arguments[0].value if arguments and arguments[0].type == "ident" else ""
        comma = next((n for n, t in enumerate(arguments) if t.type == "literal" and t.value == ","), None)
        choices = variables.get(name) or ([arguments[comma + 1:]] if comma is not None else [])
        if choices:
            return [value for choice in choices[:8]
                    for value in _resolved(tokens[:at] + choice + tokens[at + 1:], variables, depth + 1)][:32]
    return [tokens]


# --- rules that reach the crisis block without naming it ------------------------------------
# 'body > div:first-of-type { display: none }' or 'body { opacity: .1 }' hides the crisis block on
# every page without naming it. Each rule of a site's stylesheet that does not name the block is
# matched, selector by selector, by the browser's own kind of selector engine (Lexbor) against the
# block as the site's pages show it: the block and what is in it, the elements that hold it up to
# <html>, and their brothers and sisters (empty: what ':first-child' and '+' need), collected from
# every page (PageFacts.crisis_context; the same few on every site: one per language and layout).

_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def crisis_context(tree) -> str:
    """The crisis block of a parsed page (with what is in it), the elements that hold it up to
    <html> and, empty, those beside each of them: all a selector needs to say whether it matches
    the block (but ':has()' looking into the rest of the page); '' without one."""
    node = tree.css_first('[id="crisis"]')
    if node is None:
        return ""
    markup, child, parent = node.html or "", node, node.parent
    while parent is not None and parent.tag not in (None, "-document", "#document"):
        held = child.mem_id  # (not '==': a node compares by its HTML)
        beside = [markup if sibling.mem_id == held else _empty(sibling) for sibling in parent.iter(include_text=False)]
        markup = f"{_open(parent)}{''.join(beside)}</{parent.tag}>"
        child, parent = parent, parent.parent
    return "<!doctype html>" + markup


def _open(node) -> str:
    attributes = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in node.attributes.items())
    return f"<{node.tag}{attributes}>"


def _empty(node) -> str:
    return _open(node) if node.tag in _VOID else f"{_open(node)}</{node.tag}>"


class _Context(NamedTuple):
    """One crisis context parsed: the tree, the block's own element, what is in it, what holds it."""

    tree: Any
    block: int  # (mem_id of each)
    inside: dict[int, str]  # mem_id -> tag
    around: dict[int, str]


def _contexts(texts: tuple[str, ...]) -> tuple[_Context, ...]:
    found = []
    for text in texts:
        tree = guards.parse(text)
        block = tree.css_first('[id="crisis"]')
        if block is None:
            continue
        inside = {node.mem_id: node.tag or "" for node in block.traverse(include_text=False)
                  if node.mem_id != block.mem_id}
        around, node = {}, block.parent
        while node is not None and node.tag not in (None, "-document", "#document"):
            around[node.mem_id] = node.tag or ""
            node = node.parent
        found.append(_Context(tree, block.mem_id, inside, around))
    return tuple(found)


# What a static page cannot hold is taken to hold: a state the visitor puts an element in (':hover'
# on the block is the block, as a visitor's pointer can make it), the language or direction of the
# text (':lang(es)'). A pseudo-element ('::before') is its element's: what it draws ('content',
# 'position: absolute') shows over the block, or over the page that holds it, like the element's own.
_PSEUDO_ELEMENTS = frozenset({"before", "after", "first-line", "first-letter"})  # (also written with one colon)
_AS_IF_HELD = frozenset({"hover", "focus", "focus-within", "focus-visible", "active", "visited", "target",
                         "target-within", "lang", "dir", "before", "after", "first-line", "first-letter"})


def _as_if_held(tokens: list) -> tuple[str, set[str]]:
    """A selector with what a static page cannot hold taken away (a '*' where nothing is left of a
    part: 'nav :hover' is 'nav *'), and the names taken away. Not inside ':not()': ':not(:hover)'
    matches more than ':not(*)'."""
    import tinycss2
    from tinycss2.serializer import serialize_identifier

    out: list[str] = []
    taken: set[str] = set()
    previous, at = None, 0
    while at < len(tokens):
        token = tokens[at]
        if token.type == "literal" and token.value == ":":
            double = at + 1 < len(tokens) and tokens[at + 1].type == "literal" and tokens[at + 1].value == ":"
            named = tokens[at + 2 if double else at + 1] if at + (2 if double else 1) < len(tokens) else None
            name = named.lower_value if named is not None and named.type == "ident" else (
                named.lower_name if named is not None and named.type == "function" else None)
            if name is not None and (double or name in _AS_IF_HELD):
                taken.add(f"::{name}" if double or name in _PSEUDO_ELEMENTS else name)
                if previous is None or previous.type == "whitespace" or (
                        previous.type == "literal" and previous.value in (">", "+", "~", ",")):
                    out.append("*")
                    previous = named
                at += 3 if double else 2
                continue
        if token.type == "function" and token.lower_name != "not":
            inner, deeper = _as_if_held(_flat(token.arguments))
            out.append(f"{serialize_identifier(token.name)}({inner})")
            taken |= deeper
        else:
            out.append(tinycss2.serialize([token]))
        previous, at = token, at + 1
    return "".join(out).strip(), taken


def _flat(tokens: list) -> list:
    return [token for token in tokens if token.type != "comment"]


def _selectors(selector: str) -> list[tuple[str, list]]:
    """Each selector of a list, as written and as tokens ('a, b:hover': 'a' and 'b:hover')."""
    import tinycss2

    found: list[tuple[str, list]] = []
    part: list = []
    for token in [*_flat(tinycss2.parse_component_value_list(selector)), None]:
        if token is None or (token.type == "literal" and token.value == ","):
            written = " ".join(tinycss2.serialize(part).split())
            if written:
                found.append((written, part))
            part = []
        else:
            part.append(token)
    return found


class _Reach(NamedTuple):
    """How one selector reaches the crisis block on the site's pages (see _reach)."""

    kind: str  # 'block', 'inside', 'around', or 'unread' (Lexbor cannot read it; a ':has()' matching nothing here)
    tag: str  # of the element it matches ('div', 'a', 'body'; '' when unread)
    taken: frozenset[str]  # what a static page cannot hold, taken as held (':hover', '::before')
    # the block's parts it matches ('.crisis', '.crisis p', '.crisis a' …), each with the tags between
    # it and each of its words ('.crisis div': {('p',)}): a colour set on it reaches the words unless
    # one of those has a colour of its own
    parts: tuple[tuple[str, frozenset[tuple[str, ...]]], ...]


def _reach(selector: str, tokens: list, contexts: tuple[_Context, ...], memo: dict) -> _Reach | None:
    """How one selector reaches the crisis block on the site's pages: it matches the block, what
    is in it or what holds it; or Lexbor cannot read it, or it has a ':has()' and matches nothing
    here (the context holds only the block and what holds it: 'body:has(main p)' may match on the
    page), taken as one that matches what holds the block; None if it does none of these."""
    if selector in memo:
        return memo[selector]
    from selectolax.lexbor import SelectolaxError

    plain, taken = _as_if_held(tokens)
    found: tuple[str, str] | None = None
    parts: dict[str, set[tuple[str, ...]]] = {}
    for context in contexts:
        try:
            nodes = context.tree.css(plain)
        except SelectolaxError:  # (Lexbor cannot read it)
            found = ("unread", "")
            break
        for node in nodes:
            key = node.mem_id
            if key == context.block:
                found = ("block", node.tag or "")
                parts.setdefault(".crisis", set()).update(_word_paths(node))
            elif key in context.inside:
                found = ("inside", context.inside[key]) if found is None or found[0] == "around" else found
                parts.setdefault(f".crisis {context.inside[key]}", set()).update(_word_paths(node))
            elif key in context.around and found is None:
                found = ("around", context.around[key])
    if found is None and ":has(" in plain.lower():  # (what ':has()' looks for may be elsewhere in the page)
        found = ("unread", "")
    memo[selector] = _Reach(*found, frozenset(taken), tuple((part, frozenset(paths)) for part, paths in parts.items())) \
        if found else None
    return memo[selector]


def _word_paths(node) -> set[tuple[str, ...]]:
    """The tags between an element and each piece of text in it (() for its own words)."""
    paths: set[tuple[str, ...]] = set()
    depth: dict[int, tuple[str, ...]] = {node.mem_id: ()}
    for child in node.traverse(include_text=True):
        if child.mem_id == node.mem_id:
            continue
        parent = child.parent
        path = depth.get(parent.mem_id, ()) if parent is not None else ()
        if child.tag == "-text":
            if (child.text_content or "").strip():
                paths.add(path)
        else:
            depth[child.mem_id] = (*path, child.tag or "")
    return paths


def _crisis_reach(text: str, contexts: tuple[str, ...], read: tuple | None = None) -> list[tuple[int, str]]:
    """(line, message) of each rule of a stylesheet, outside print, that does not name the crisis
    block but reaches it on the site's pages (crisis_context) and sets what would hide it: on the
    block or what is in it, what the rules naming it may not set (_refused), or a colour that
    leaves its text too faint (_reach_contrast); on what holds it, what hides everything inside
    (_hides_around). `read` is the stylesheet's _read_rules, when the caller has it."""
    parsed = _contexts(contexts)
    if not parsed:
        return []
    schemed, variables = read or _read_rules(text)
    memo: dict[str, _Reach | None] = {}
    reaching = []  # (the selector written, how it reaches, its rule's declarations, the rule's schemes)
    for selector, crisis, declarations, within in schemed:
        if crisis or all(item.name.startswith("--") for item in declarations):
            continue  # (the rules naming it: _crisis_hiding; variables: where they are used)
        reaches = [(written, reach) for written, tokens in _selectors(selector)
                   if (reach := _reach(written, tokens, parsed, memo)) is not None]
        if reaches:
            reaching.append((reaches, declarations, within))
    faint = _reach_contrast(reaching, [rule for rule in schemed if rule[1]])
    found: list[tuple[int, str]] = []
    for reaches, declarations, _ in reaching:
        for written, reach in reaches:
            if reach.kind in ("block", "inside"):  # (a theme variable is _crisis_hiding's, wherever set)
                refused = [(item, why) for item, why in _refused(declarations, True, variables) if why != "theme"]
                known = {id(item) for item, _ in refused}
                refused += [(item, faint[id(item)]) for item in declarations if id(item) in faint and id(item) not in known]
            else:
                refused = _hides_around(declarations, variables, any(name.startswith("::") for name in reach.taken))
            if refused:
                refused.sort(key=lambda pair: (pair[0].source_line, pair[0].source_column))
                found.append((refused[0][0].source_line, _reach_message(
                    written, reach, [(f"{item.name}: {_css_value(item)}", why) for item, why in refused])))
                break  # (one message for the rule)
    return found


def _reach_contrast(reaching: list, named: list) -> dict[int, _Contrast]:
    """The colours of rules reaching into the block that leave its text too faint (by id of the
    declaration): each is read as a rule for the part it matches ('p' as '.crisis p'), for the
    colour or background no rule naming that part sets (the theme's '.crisis a' outweighs 'a'),
    before the site's rules naming the block (which outweigh it). Not a rule for a state or a
    pseudo-element ('a:hover', 'a::after'): the theme's own rules for those outweigh it, and what
    it colours is not the message's text."""
    kinds = {"color": "text", "background": "background", "background-color": "background"}
    set_on = {(part, kinds[item.lower_name]) for selector, crisis, declarations, _ in (*_theme_colour_rules(), *named)
              if crisis for part in _crisis_parts(selector) for item in declarations if item.lower_name in kinds}
    rules = []
    for reaches, declarations, within in reaching:
        for _, reach in reaches:
            if reach.taken - {"lang", "dir"}:
                continue
            for part, paths in reach.parts:
                # (a text colour that reaches words: not through a part coloured of its own, '.crisis a')
                shown = any(not any((f".crisis {tag}", "text") in set_on for tag in path) for path in paths)
                colours = [item for item in declarations if item.lower_name in kinds
                           and (part, kinds[item.lower_name]) not in set_on and (shown or kinds[item.lower_name] != "text")]
                if colours:
                    rules.append((part, True, colours, within))
    if not rules:
        return {}
    return _poor_contrast(rules + named, blame={id(item) for _, _, colours, _ in rules for item in colours})


def _hides_around(declarations: list, variables: dict, pseudo: bool) -> list[tuple]:
    """What a rule for an element that holds the crisis block (<body>, a wrapper) sets that hides or
    shrinks everything inside it, the block too. A list of what hides, not of what is known to be
    safe, as for the block itself: rules for <body> set everything a page needs (margins, fonts,
    a background, a grid), none of which the block's rules need allow. Each value is read as the
    rules for the block read it (_hides), but for a font size in % (of 16 px here)."""
    found = []
    declared = {item.lower_name: item for item in declarations}
    for item in declarations:
        name = item.lower_name
        values = _resolved(_tokens(item.value), variables)
        if any(_hides_all(name, value) for value in values):
            found.append((item, "around"))
        elif pseudo and name == "content" and _words(_tokens(item.value)) not in ("none", "normal") \
                and _words(_tokens(declared["position"].value) if "position" in declared else []) in ("absolute", "fixed"):
            found.append((item, "covers"))  # (a box drawn over the page, from '::before' or '::after')
    known = {id(item) for item, _ in found}
    return found + [(item, "around") for item in _clipped_box(declared) if id(item) not in known]


_FILTERS_KEPT = frozenset({"grayscale", "sepia", "hue-rotate", "saturate", "drop-shadow"})


def _hides_all(name: str, tokens: list) -> bool:
    """A value that hides what is inside an element, or leaves it hard to read (see _hides_around)."""
    value = _words(tokens)
    if value in _CSS_WIDE:
        return False
    if name == "display":
        return value == "none"
    if name == "visibility":
        return value in ("hidden", "collapse")
    if name == "content-visibility":
        return value == "hidden"
    if name in ("mask", "mask-image", "-webkit-mask", "-webkit-mask-image", "mask-border", "-webkit-mask-box-image"):
        return value != "none"
    if name == "clip":
        return value != "auto"
    if name == "zoom":
        zoom = _number(tokens, percent=100)
        return zoom is not None and zoom < 0.5
    if name in ("font-size", "font"):
        return _tiny_font(name, tokens)
    if name == "filter":
        return value != "none" and not all(_kept_filter(token) for token in tokens)
    if name in ("opacity", "transform", "translate", "scale", "clip-path", "text-indent", "line-height", "color",
                "letter-spacing", "word-spacing") or name in _OFFSETS or name in _MARGINS:
        return _hides(name, tokens)
    return False


def _tiny_font(name: str, tokens: list) -> bool:
    """A font size under 8 px ('font: 0/0 a' too); a percentage is of 16 px."""
    for token in tokens if name == "font" else tokens[:1]:
        if token.type == "percentage":
            return token.value * 0.16 < 8
        size = _px(token)
        if size is not None:
            return size < 8
    return False


def _kept_filter(token) -> bool:
    """A filter that leaves text readable: a colour change, a shadow, a blur of a pixel, a
    brightness, contrast or opacity of a half or more, an inversion that keeps contrast (0 or 1)."""
    if token.type != "function":
        return False
    name, arguments = token.lower_name, _arguments(token)
    if name in _FILTERS_KEPT:
        return True
    amount = _number(arguments[:1], percent=100) if arguments else 1.0
    if name == "blur":
        size = _px(arguments[0]) if arguments else 0.0
        return size is not None and size <= 1
    if name in ("brightness", "contrast", "opacity"):
        return amount is not None and amount >= 0.5
    if name == "invert":
        return amount is not None and (amount <= 0.1 or amount >= 0.9)
    return False


def _reach_message(selector: str, reach: _Reach, refused: list[tuple[str, str | _Contrast]]) -> str:
    """The error for a rule that reaches the crisis message without naming it."""
    how = {"block": "it matches the block as pages show it",
           "inside": f"it matches the <{reach.tag}> in the block as pages show it",
           "around": f"it matches the <{reach.tag}> that holds the block as pages show it",
           "unread": "Haven cannot tell what this selector matches, so it takes it to match what holds the block"}[reach.kind]
    hiding = [(declaration, why) for declaration, why in refused if isinstance(why, str)]
    faint = [(declaration, why) for declaration, why in refused if isinstance(why, _Contrast)]
    keep = "or write the selector so it does not match the crisis message"
    if not hiding:
        listing = _and([f"'{declaration}'" for declaration, _ in faint])
        return f"'{selector}' reaches the crisis message ({how}); sets {listing}, which {_contrast_message(selector, faint, named=False)}; {keep}"
    listing = _and([f"'{declaration}'" for declaration, _ in hiding])
    one = "it" if len(hiding) == 1 else "them"
    kinds = {why for _, why in hiding}
    if kinds == {"unknown"}:
        why = ("which Haven does not know keeps it readable (a rule that reaches the crisis message may set only "
               "colours, fonts, spacing, borders and layout)")
    elif kinds <= {"hides", "theme"}:
        why = "which takes it off the screen or leaves it hard to read"
    elif kinds <= {"around"}:
        why = "which hides or shrinks everything in it, the crisis message too"
    elif kinds <= {"around", "covers"}:
        why = "which draws a box over the page, the crisis message too" if kinds == {"covers"} else \
              "which hides, shrinks or covers everything in it, the crisis message too"
    else:
        why = ("which hide it or are not among the properties Haven knows keep it readable "
               "(colours, fonts, spacing, borders, layout)")
    message = f"'{selector}' reaches the crisis message ({how}); sets {listing}, {why}; every page must show it: remove {one} {keep}"
    if faint:
        listing = _and([f"'{declaration}'" for declaration, _ in faint])
        message += f"; and {listing} {_contrast_message(selector, faint, named=False)}"
    return message


# --- the crisis block's colours: the theme's, with what a site's stylesheet sets on top ------

class _Setting(NamedTuple):
    """A value a stylesheet sets (a colour, a background, a variable), and the site's declaration
    that set it (None: the theme's) with its rule's selector."""

    tokens: list
    item: Any  # (a tinycss2 declaration, or None)
    selector: str


@dataclass
class _Colours:
    """One colour scheme's colours of the crisis block: variables by name, and the text colours and
    backgrounds by the part of the block they are set on ('.crisis', '.crisis a', '.crisis-actions a:hover')."""

    variables: dict[str, _Setting]
    text: dict[str, _Setting]
    background: dict[str, _Setting]


@dataclass(frozen=True)
class _Contrast:
    """Why a colour is refused: the text and the background it leaves, their contrast and where."""

    sets: str  # 'text' or 'background': what the declaration refused gives
    text: str
    background: str
    ratio: float
    schemes: tuple[str, ...]
    link: bool  # the text is a link's (the theme gives links a colour of their own)


_SEE_THROUGH = frozenset({"transparent", "none", "initial", "unset", "revert", "revert-layer"})
_INHERITED = frozenset({"inherit", "unset", "currentcolor", "revert", "revert-layer"})


@functools.cache
def _theme_stylesheet() -> bytes:
    """The theme's own stylesheet, as this process's generator ships it (a constant, like its code)."""
    from .templates import THEME_DIR

    return (THEME_DIR / "assets" / "style.css").read_bytes()


@functools.cache
def _theme_colour_rules() -> tuple:
    """The theme's own rules, read from its stylesheet: where the crisis block's colours start."""
    import tinycss2

    text = _theme_stylesheet().decode("utf-8")
    return tuple(_schemed_rules(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), "", False, _SCHEMES))


def _crisis_colours(site_rules: list) -> dict[str, _Colours]:
    """The crisis block's colours in each scheme: the theme's rules, then the site's (linked after it, they win)."""
    schemes = {scheme: _Colours({}, {}, {}) for scheme in _SCHEMES}
    for rules, site in ((_theme_colour_rules(), False), (site_rules, True)):
        for selector, crisis, declarations, within in rules:
            for item in declarations:
                setting = _Setting(_tokens(item.value), item if site else None, selector)
                for scheme in within:
                    _apply(schemes[scheme], item, setting, _crisis_parts(selector) if crisis else [])
    return schemes


def _apply(colours: _Colours, item, setting: _Setting, parts: list[str]) -> None:
    if item.name.startswith("--"):  # (wherever it is set: the theme's rules read it from :root)
        colours.variables[item.name] = setting
    elif item.lower_name == "color":
        colours.text.update(dict.fromkeys(parts, setting))
    elif item.lower_name in ("background", "background-color"):
        colours.background.update(dict.fromkeys(parts, setting))


def _crisis_parts(selector: str) -> list[str]:
    """The parts of the crisis block a selector names, written the one way: '#crisis a' is '.crisis a'."""
    parts = []
    for one, match in _naming_crisis(selector):
        name = ".crisis" if match[1] == "#crisis" else match[1]
        parts.append(" ".join((name + one[match.end():]).split()))
    return parts


def _is_link(part: str) -> bool:
    return bool(re.search(r"(^|[\s>+~])a([.#\[:]|$)|\.crisis-(call|text)(?![\w-])", part))


def _lineage(part: str) -> list[str]:
    """Where a part's colours come from when it sets none of its own: itself without its state
    (':hover'), the links' rule if it is a link, what it is in, and the block."""
    plain = re.sub(r"::?[\w-]+(\([^)]*\))?", "", part).strip() or ".crisis"
    words = plain.split()
    outer = [" ".join(words[:n]) for n in range(len(words) - 1, 0, -1) if words[n - 1] not in (">", "+", "~")]
    return list(dict.fromkeys([part, plain, *([".crisis a"] if _is_link(plain) else []), *outer, ".crisis"]))


def _value(setting: _Setting, variables: dict[str, _Setting], depth: int = 0) -> tuple[str, list[_Setting]]:
    """A setting's value with its var()s replaced (the scheme's last setting of each, or the
    fallback), and the site's settings it came from; '' when a variable is not set anywhere."""
    import tinycss2

    sources = [setting] if setting.item is not None else []
    words = []
    for token in setting.tokens:
        if token.type == "function" and token.lower_name == "var" and depth < 8:
            arguments = _tokens(token.arguments)
            name = arguments[0].value if arguments and arguments[0].type == "ident" else ""
            comma = next((n for n, t in enumerate(arguments) if t.type == "literal" and t.value == ","), None)
            fallback = _Setting(arguments[comma + 1:], None, "") if comma is not None else None
            chosen = variables.get(name) or fallback
            if chosen is None:
                return "", sources
            word, more = _value(chosen, variables, depth + 1)
            words.append(word)
            sources += more
        else:
            words.append(tinycss2.serialize([token]))
    return " ".join(" ".join(words).split()), sources


def _drawn(part: str, colours: _Colours, kind: str) -> tuple[str | None, list[_Setting]]:
    """The colour a part's text (kind 'text') or background is drawn with, read as #rrggbb, and the
    site's settings it comes from; None for a colour Haven cannot read (the browser's to judge)."""
    from .design import parse_colour

    settings = colours.text if kind == "text" else colours.background
    for source in _lineage(part):
        if source not in settings:
            continue
        value, sources = _value(settings[source], colours.variables)
        words = value.lower()
        if (words in _INHERITED and kind == "text") or (words in _SEE_THROUGH and kind == "background"):
            continue  # (what it is in shows through)
        rgb = parse_colour(words)
        return ("#{:02x}{:02x}{:02x}".format(*rgb) if rgb else None), sources
    return None, []


def _poor_contrast(site_rules: list, blame: set[int] | None = None) -> dict[int, _Contrast]:
    """The site's declarations (by id) that leave text of the crisis block on its background at a
    contrast under WCAG AA, each once: the last one of the site's in the stylesheet that the text
    or the background comes from (the theme's own colours are checked by a test)."""
    from .design import AA, contrast

    found: dict[int, list[tuple[_Setting, _Contrast]]] = {}
    for scheme, colours in _crisis_colours(site_rules).items():
        for part in dict.fromkeys([*colours.text, *colours.background]):
            text, text_from = _drawn(part, colours, "text")
            background, background_from = _drawn(part, colours, "background")
            if text is None or background is None or contrast(text, background) >= AA:
                continue
            sources = [(s, "text") for s in text_from] + [(s, "background") for s in background_from]
            if blame is not None:  # (only these may be blamed: the others are checked apart)
                sources = [(s, sets) for s, sets in sources if id(s.item) in blame]
            if not sources:
                continue
            last, sets = max(sources, key=lambda pair: (pair[0].item.source_line, pair[0].item.source_column))
            found.setdefault(id(last.item), []).append(
                (last, _Contrast(sets, text, background, contrast(text, background), (scheme,), _is_link(part))))
    return {key: _worst(pairs) for key, pairs in found.items()}


def _worst(pairs: list[tuple[_Setting, _Contrast]]) -> _Contrast:
    worst = min((why for _, why in pairs), key=lambda why: why.ratio)
    schemes = tuple(scheme for scheme in _SCHEMES if any(scheme in why.schemes for _, why in pairs))
    return replace(worst, schemes=schemes)


_WHY = {"hides": "which takes it off the screen or leaves it hard to read; every page must show it:",
        "unknown": "; Haven lets a rule for the crisis message set only properties it knows keep it readable "
                   "(colours, fonts, spacing, borders, layout)"}


def _crisis_message(selector: str, refused: list[tuple[str, str | _Contrast]]) -> str:
    """The error for one rule, in words for the editor who wrote it."""
    faint = [(declaration, why) for declaration, why in refused if isinstance(why, _Contrast)]
    others = [(declaration, why) for declaration, why in refused if isinstance(why, str)]
    if not faint:
        return _hiding_message(selector, others)
    if not others:
        return _contrast_message(selector, faint)
    listing = _and([f"'{declaration}'" for declaration, _ in faint])
    return f"{_hiding_message(selector, others)}; and {listing} {_contrast_message(selector, faint, named=False)}"


def _contrast_message(selector: str, faint: list[tuple[str, _Contrast]], named: bool = True) -> str:
    """Why a rule's colours leave the crisis message too faint to read, and what to choose instead."""
    from .design import AA

    why = min((why for _, why in faint), key=lambda why: why.ratio)
    sets = {why.sets for _, why in faint}
    text = "its links" if why.link else "its text"
    if sets == {"background"}:
        leaves = f"leaves {text} ({why.text}) at a contrast of {why.ratio:.1f}:1"
    elif sets == {"text"}:
        leaves = f"leaves {text} at a contrast of {why.ratio:.1f}:1 on its background ({why.background})"
    else:
        leaves = f"leaves {text} ({why.text}) on its background ({why.background}) at a contrast of {why.ratio:.1f}:1"
    where = _and([f"the {scheme}" for scheme in why.schemes]) + " scheme" + ("s" if len(why.schemes) > 1 else "")
    advice = f"the crisis message needs at least {AA}:1 to be read: choose {_advice(why, sets)}"
    if why.link and not any(_is_link(part) for part in _crisis_parts(selector)):  # (a rule's colour misses them)
        advice += " (the theme colours links with --crisis-text: set it, or give '.crisis a' a colour)"
    if not named:
        return f"{leaves} in {where}; {advice}"
    listing = _and([f"'{declaration}'" for declaration, _ in faint])
    variables = {declaration.split(":")[0] for declaration, _ in faint if declaration.startswith("--")}
    if variables:
        uses = _and(sorted({"text colour" if why.sets == "text" else "background" for _, why in faint}))
        drawn = (f"which the theme draws the crisis message's {uses} with" if variables <= _THEME_CRISIS_VARIABLES.keys()
                 else f"which the crisis message's {uses} is drawn with")
        return f"sets {listing} ({selector}), {drawn}; that {leaves} in {where}; {advice}"
    return f"sets {listing} on the crisis message ({selector}), which {leaves} in {where}; {advice}"


def _advice(why: _Contrast, sets: set[str]) -> str:
    """What to choose: the colour set, further from the other one; or the other one, further from it."""
    from .design import luminance, parse_colour

    def light(colour: str) -> bool:  # (lighter than the grey that contrasts as much with black as with white)
        return luminance(parse_colour(colour) or (0, 0, 0)) > 0.179

    def tone(colour: str) -> str:
        return "darker" if light(colour) else "lighter"

    if sets == {"background"}:
        return f"a {tone(why.text)} background, or a {tone(why.background)} text colour with it"
    if sets == {"text"}:
        return f"a {tone(why.background)} text colour, or a {tone(why.text)} background with it"
    text_lighter = luminance(parse_colour(why.text) or (0, 0, 0)) >= luminance(parse_colour(why.background) or (0, 0, 0))
    return "a darker background or a lighter text colour" if text_lighter else "a lighter background or a darker text colour"


def _hiding_message(selector: str, refused: list[tuple[str, str]]) -> str:
    """The error for a rule that hides the crisis message or sets what Haven does not know."""
    listing = _and([f"'{declaration}'" for declaration, _ in refused])
    one = "it" if len(refused) == 1 else "them"
    kinds = {why for _, why in refused}
    if kinds == {"theme"}:
        uses = _and(sorted({_THEME_CRISIS_VARIABLES[declaration.split(":")[0]][1] for declaration, _ in refused}))
        return (f"sets {listing} ({selector}), which the theme uses for the crisis message's {uses}; that would hide "
                f"the message every page must show: give {one} a value that shows it, or remove {one}")
    if kinds == {"unknown"}:
        return (f"sets {listing} on the crisis message ({selector}){_WHY['unknown']}; remove {one} or move {one} "
                f"to a rule for another part of the page")
    if "unknown" not in kinds:
        return f"sets {listing} on the crisis message ({selector}), {_WHY['hides']} remove {one}"
    return (f"sets {listing} on the crisis message ({selector}), which hide it or are not among the properties "
            f"Haven knows keep it readable (colours, fonts, spacing, borders, layout); remove them")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _css_value(item) -> str:
    import tinycss2

    return " ".join(tinycss2.serialize(item.value).split())


def _clipped_box(declared: dict) -> list:
    """A box of no size that clips what overflows: the size and the overflow that together hide it."""
    overflow = declared.get("overflow") or declared.get("overflow-x") or declared.get("overflow-y")
    if overflow is not None and _css_value(overflow).lower().split()[:1] in (["hidden"], ["clip"]):
        for name in sorted(_SIZES & declared.keys()):
            tokens = _tokens(declared[name].value)
            size = _px(tokens[0]) if len(tokens) == 1 else None
            if size is not None and size <= 1:
                return [declared[name], overflow]
    return []


def _hides(name: str, tokens: list) -> bool:
    """A value of a known property that hides the block or leaves it unreadable: display: none and the
    like, and positions out of the page's flow; an opacity under 0.5; text under 8 px, of no
    colour, or lines on top of each other; a clip of more than an edge; a scale under a half; a move
    of 999 px or more up or left, or of a whole screen (the ways "visually hidden" is written); a
    wide line or shadow drawn over the text near it; a z-index under the page."""
    value = _words(tokens)
    if name in _SHOWING:
        return value not in _SHOWING[name] and value not in _CSS_WIDE
    if name == "opacity":
        opacity = _number(tokens, percent=100)
        return opacity is not None and opacity < 0.5
    if name in ("font-size", "font"):  # ('font: 0/0 a', the old way of hiding text, and a size in %)
        return _tiny_font(name, tokens)
    if name == "line-height":
        return _squeezed(tokens)
    if name in ("letter-spacing", "word-spacing"):
        spacing = _px(tokens[0]) if len(tokens) == 1 else None
        return spacing is not None and not -2 <= spacing <= 16
    if name == "color":
        return _no_colour(tokens)
    if name == "clip-path":
        return _clipped_away(tokens)
    if name in ("transform", "scale"):
        return _scaled_away(name, tokens) or (name == "transform" and _moved_away(tokens))
    if name in _EDGED or name in ("box-shadow", "text-shadow"):
        return _wide(name, tokens)
    if name == "z-index":
        return bool(tokens) and tokens[0].type == "number" and tokens[0].value < 0
    if name in _MARGINS:
        return any(map(_far, tokens))
    return name in _OFFSETS and any(map(_far, tokens[:2]))


def _tokens(value: list) -> list:
    return [token for token in value if token.type not in ("whitespace", "comment")]


def _words(tokens: list) -> str:
    import tinycss2

    return " ".join(tinycss2.serialize([token]) for token in tokens).lower()


def _px(token) -> float | None:
    """A length token in CSS pixels (0 unitless included), None if it is not one."""
    if token is None:
        return None
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type == "dimension" and token.lower_unit in _PX:
        return token.value * _PX[token.lower_unit]
    if token.type == "percentage":
        return token.value * _PX["vw"]
    return None


def _far(token) -> bool:
    """A move of 999 px or more up or to the left, or of a whole screen (or the box's own size) or more."""
    length = _px(token)
    if length is None:
        return False
    whole = token.type == "percentage" or (token.type == "dimension" and token.lower_unit in _WHOLE_SCREEN)
    return length <= _FAR or (whole and token.value <= -100)


def _number(tokens: list, percent: float) -> float | None:
    if len(tokens) == 1 and tokens[0].type == "number":
        return tokens[0].value
    if len(tokens) == 1 and tokens[0].type == "percentage":
        return tokens[0].value / percent
    return None


def _arguments(token) -> list:
    return [t for t in _tokens(token.arguments) if t.type != "literal"]  # (the commas)


def _no_colour(tokens: list) -> bool:
    """transparent, or a colour function whose alpha is 0 (rgb(0 0 0 / 0), rgba(0,0,0,0))."""
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token.type == "ident":
        return token.lower_value == "transparent"
    if token.type == "hash":
        return len(token.value) in (4, 8) and token.value[-1 if len(token.value) == 4 else -2:] in ("0", "00")
    if token.type == "function" and token.lower_name in ("rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch"):
        arguments = _arguments(token)
        alpha = arguments[3] if len(arguments) == 4 else None
        return alpha is not None and _number([alpha], percent=100) == 0
    return False


def _squeezed(tokens: list) -> bool:
    """A line height that puts the lines of a sentence on top of each other."""
    if len(tokens) != 1:
        return False
    token = tokens[0]
    if token.type == "number":
        return token.value < 0.8
    if token.type == "percentage":
        return token.value < 80
    length = _px(token)
    return length is not None and length < 8


def _wide(name: str, tokens: list) -> bool:
    """A line or a shadow more than _EDGE px wide or out (a shadow's blur, soft, up to _BLUR)."""
    if name not in ("box-shadow", "text-shadow"):
        return any(abs(length) > _EDGE for length in map(_px, tokens) if length is not None)
    shadow: list[float] = []
    for token in [*tokens, None]:  # (each shadow: x, y, blur, spread; the shadows apart by commas)
        if token is None or (token.type == "literal" and token.value == ","):
            if any(abs(n) > _EDGE for n in shadow[:2] + shadow[3:]) or any(n > _BLUR for n in shadow[2:3]):
                return True
            shadow = []
        elif (length := _px(token)) is not None:
            shadow.append(length)
    return False


def _clipped_away(tokens: list) -> bool:
    """Anything but none or an inset() of a little from each edge (inset(0 round 8px) rounds the corners)."""
    if _words(tokens) == "none":
        return False
    if len(tokens) != 1 or tokens[0].type != "function" or tokens[0].lower_name != "inset":
        return True
    for token in _arguments(tokens[0]):
        if token.type == "ident" and token.lower_value == "round":
            break
        length = _px(token)
        if length is None or length > _EDGE:  # (a percentage is read against a phone's screen)
            return True
    return False


def _scaled_away(name: str, tokens: list) -> bool:
    """A scale of less than a half (or a mirror image) in either direction."""
    if name == "scale":
        return any(factor < 0.5 for factor in (_number([t], percent=100) for t in tokens) if factor is not None)
    return any(t.type == "function" and t.lower_name.startswith("scale")
               and any(factor < 0.5 for factor in (_number([a], percent=100) for a in _arguments(t)) if factor is not None)
               for t in tokens)


def _moved_away(tokens: list) -> bool:
    """A move off the screen, or a transform Haven does not know keeps text readable (skew, 3D, matrix)."""
    if _words(tokens) == "none":
        return False
    return any(t.type != "function" or t.lower_name not in _TRANSFORMS for t in tokens) or any(
        t.lower_name.startswith("translate") and any(map(_far, _arguments(t)[:2])) for t in tokens)


# --- warnings: printed, but the build goes on (unless --strict) ----------------------------

def editorial_warnings(site: Site, warned: dict | None = None) -> list[Problem]:
    """Content that works but needs an editor's attention: stale reviews, past closures, search snippets.

    `warned`: (article digest, a year before the build date) -> its warnings, kept by serve between
    builds (state.BuildState.warnings)."""
    warned = {} if warned is None else warned
    found: list[Problem] = []
    year_ago = _year_before(site.today)
    for view in site.all_views:  # (the site in each of its languages)
        for article in view.articles:  # (the lookup of _article_warnings inlined: 10,000 articles on every edit)
            known = warned.get((article.digest, year_ago)) if article.digest else None
            found += known if known is not None else _article_warnings(article, year_ago, warned)
        for doc in view.pages:
            found += _snippet_warnings(doc.source, doc.title, doc.meta.summary, doc.key_line, doc.key_lines)
        for checklist in view.checklists:
            text = site.texts.get(checklist.source, "")
            found += _snippet_warnings(checklist.source, checklist.spec.title, checklist.spec.summary or "",
                                       lambda key, text=text: _key_line(text, key))
    _forget_gone(warned, site, year_ago)
    config_text = site.texts.get("site_config.yaml", "")
    if len(site.config.site.description) > DESCRIPTION_LIMIT:
        found.append(_too_long("site_config.yaml", _key_line(config_text, "description"), "site.description",
                               site.config.site.description, DESCRIPTION_LIMIT))
    for closure in site.config.closures:
        if closure.date < site.today:
            found.append(warning("site_config.yaml", _key_line(config_text, "date", closure.date.isoformat()),
                                 f"the closure '{closure.label}' on {closure.date} is in the past; delete it from 'closures'"))
    return found


def _forget_gone(warned: dict, site: Site, year_ago: dt.date) -> None:
    """Drop the warnings of articles no longer on the site (each edit in serve leaves its old
    version's), once they outnumber the articles: a long session's memo stays the site's size."""
    articles = sum(len(view.articles) for view in site.all_views)
    if len(warned) > 2 * articles + 16:
        kept = {(article.digest, year_ago) for view in site.all_views for article in view.articles}
        for key in [key for key in warned if key not in kept]:
            del warned[key]


def _article_warnings(article, year_ago: dt.date, warned: dict) -> list[Problem]:
    known = warned.get((article.digest, year_ago)) if article.digest else None
    if known is None:
        known = _snippet_warnings(article.source, article.title, article.meta.summary, article.key_line,
                                  article.key_lines)
        reviewed = article.meta.reviewed_on
        if reviewed and reviewed < year_ago:
            known.insert(0, warning(article.source, article.key_line("reviewed_on"),
                                    f"was last clinically reviewed on {reviewed}, more than 12 months ago; ask a "
                                    "clinician to review it, then update 'reviewed_on'"))
        if article.digest:
            warned[article.digest, year_ago] = known
    return known


def _snippet_warnings(source: str, title: str, summary: str | None, key_line, keys=()) -> list[Problem]:
    found = []
    # (a summary under a misspelt key, 'sumary:', has its error saying so: that there is none follows from it)
    if summary is None and not any(_misspelt("summary", key) for key, _ in keys):
        found.append(warning(source, 1, "has no 'summary:'; search results and lists will show the first paragraph "
                                        "instead. Add one or two sentences: summary: ..."))
    if len(title) > TITLE_LIMIT:
        found.append(_too_long(source, key_line("title"), "title", title, TITLE_LIMIT))
    if summary and len(summary) > DESCRIPTION_LIMIT:
        found.append(_too_long(source, key_line("summary"), "summary", summary, DESCRIPTION_LIMIT))
    return found


def _misspelt(key: str, written: str) -> bool:
    """Whether `written` is `key` misspelt ('sumary', 'Summary'), as the unknown key's error suggests it."""
    import difflib  # (here: only a file without a summary needs it)

    return written != key and difflib.SequenceMatcher(None, written.lower(), key).ratio() >= 0.75


def _too_long(source: str, line: int, key: str, value: str, limit: int) -> Problem:
    return warning(source, line, f"'{key}' is {len(value)} characters long; search results cut it after about {limit}, "
                                 f"so shorten it to {limit} or fewer")


def _key_line(text: str, key: str, value: str = "") -> int:
    match = re.search(rf"^[ \t-]*{re.escape(key)}\s*:\s*[\"']?{re.escape(value)}", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 0


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
