"""Plan every page of the loaded site, and render pages and the other generated files.
Nothing is written here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import operator
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable, Generator, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast
from urllib.parse import quote_plus

import jinja2
import jinja2.meta
import jinja2.nodes
import markupsafe

from . import cache, catalogue, cldr, design, feeds, hosting, search, structured
from .config import NavItem
from .content import Article, name_slug
from .images import PROSE_SIZES, Images, og_image
from .languages import Links, address_in, link_attribute, localize_fragment, localize_links, og_locale, text_direction
from .manifest import OWN_ARTICLE, TAXONOMIES
from .markup import Contents, Converter, footnote_titles
from .notices import footer_links
from .output import Packed
from .peopleglobals import people_globals
from .problems import Problem, error, processing
from .site import Site, Taxon
from .state import ArticlePages, BuildState, RelatedChoice
from .templatehelp import missing_attribute
from .templates import THEME_DIR, template_loader
from .translations import SiteWords, Untranslated, english_marked
from .wordplaces import TextWords

PER_PAGE = 10
LATEST_ON_HOME = 3
# Parts of every page that show the site's settings only, never the page (base.html calls
# shared_part): rendered once per build and language instead of once per page, unless the site's
# own templates replace the part or what it includes; then it is rendered with each page.
# The navigation shows the page only as which entries are current (navigation_current): it is
# rendered once per build, language and such state.
SHARED_PARTS = {"partials/footer.html": ("partials/cta.html", "partials/hours.html", "partials/address.html"),
                "partials/crisis.html": (), "partials/navigation.html": ()}
# An article's card shows the article alone (the theme's lists call card(article)): rendered once
# per build, language and heading level instead of once per list it is in, unless the site's own
# templates replace it; then it is rendered as `{% include %}` would, with the page's variables.
CARD = "partials/article_card.html"
# Cards kept at most per environment: a 1,000-article site's all, about 1 MB. A big site's memory
# peaks while rendering; with 4,096 kept, serve's reached 402 MB at 10,000 articles.
CARDS_HELD = 1_200


@dataclass
class PageOut:
    """One HTML page to render: its address, template and what it shows."""

    path: str  # URL path below the base, '' for home, 'blog/' or '404.html'
    template: str
    source: str  # the file an editor would change, for messages
    title: str
    description: str = ""
    crumbs: list = field(default_factory=list)  # [(name, path)], Home first
    jsonld: list = field(default_factory=list)  # functions that make the JSON-LD, called when rendering
    indexable: bool = True
    lastmod: dt.date | None = None
    og_type: str = "website"
    vars: dict = field(default_factory=dict)
    prefix: str = ""  # its language's folder ('es/'), '' for the default language
    key: str = ""  # what it is in any language (its original's file, or its path), for alternates
    alternates: tuple = ()  # (language code, path from the base) of each language it exists in
    file: str = field(init=False, repr=False)  # the output file, asked for often

    def __post_init__(self) -> None:
        self.file = self.prefix + (self.path if self.path.endswith(".html") else self.path + "index.html")


class Owner(NamedTuple):
    """Who makes an output file, for the message when two want the same address."""

    source: str  # the editor's file ('' for a file the site makes itself)
    line: int
    what: str  # what it is, in words
    fix: str  # how to free the address
    alias: bool = False  # an old address from 'aliases:' (not the page's own)


@dataclass(frozen=True)
class Plan:
    """Every page of the site, and which of them may have their address."""

    pages: list[PageOut]  # all, in a stable order: the sitemap lists them
    claimed: list[PageOut]  # those to render: each address made by one page only
    problems: list[Problem]
    owners: dict[str, PageOut | Owner]  # output file -> who makes it, for collisions


def article_path(article: Article) -> str:
    return f"blog/{article.slug}/"


def plan_site(site: Site, state: BuildState | None = None, words=None) -> Plan:
    """`words`: the theme's words for the default language's titles and crumbs, else the site's."""
    pages = plan_pages(site, state, words)
    if site.multilingual:
        pages = _with_alternates(pages + [page for view in site.views for page in plan_pages(view, state)], site)
    owners: dict[str, PageOut | Owner] = {page.file: page for page in pages}
    problems: list[Problem] = []
    if len(owners) == len(pages):  # no two pages make one file (the dict is as _claim would have made it)
        return Plan(pages, list(pages), problems, owners)
    owners = {}
    # The pages the site makes itself claim their addresses first: a content file that takes
    # one is the mistake (its error says so), and the page the checks then read at that address
    # is the one the site means to be there, not the content page in another language's place.
    own_first = sorted(pages, key=lambda page: page.source.startswith("content/"))
    refused = {id(page) for page in own_first if _claim(owners, page.file, page, problems)}
    claimed = [page for page in pages if id(page) not in refused]
    return Plan(pages, claimed, problems, owners)


def _with_alternates(pages: list[PageOut], site: Site) -> list[PageOut]:
    """Each page with the list of languages it exists in (itself included), in the site's order."""
    order = {lang.code: index for index, lang in enumerate(site.languages)}
    code_of = {lang.prefix: lang.code for lang in site.languages}
    groups: dict[str, list[PageOut]] = {}
    for page in pages:
        if page.indexable:
            groups.setdefault(page.key or page.path, []).append(page)
    out = []
    for page in pages:
        group = groups.get(page.key or page.path, []) if page.indexable else []
        alternates = tuple(sorted(((code_of[p.prefix], p.prefix + p.path) for p in group),
                                  key=lambda pair: order[pair[0]]))
        if alternates != page.alternates:  # (a new object: a page of the last plan may be the same one)
            page = dataclasses.replace(page, alternates=alternates)
        out.append(page)
    return out


class Reads:
    """An object as templates see it, noting which of its attributes a page reads.

    A page that read only `site.checklists` need not be rendered again when an article changes,
    nor a tag's page when an article of another of its pages does (manifest.py keeps the reads)."""

    def __init__(self, target, label: str, log: set[str]):
        self._target, self._label, self._log = target, label, log

    def __getattr__(self, name: str):
        value = getattr(self._target, name)
        label = f"{self._label}.{name}"
        if type(self._target) is Taxon and name == "articles":
            return _Counted(value, label, self._log)
        if self._label == "docs" and name == "meta":  # a card shows its category, not the whole front matter
            return Reads(value, label, self._log)
        self._log.add(label)
        if self._label == "site" and name in TAXONOMIES:  # each taxon's reads noted (manifest.Fingerprints._of_site)
            return tuple([Reads(taxon, label, self._log) for taxon in value])
        return value


class _Counted(Sequence):
    """A taxon's articles as templates see them: their number alone (`| length`) is noted as
    such ('.articles#'), anything else as a read of the articles themselves."""

    def __init__(self, items: tuple, label: str, log: set[str]):
        self._items, self._label, self._log = items, label, log

    def __len__(self) -> int:
        self._log.add(self._label + "#")
        return len(self._items)

    def __getitem__(self, index):
        self._log.add(self._label)
        return self._items[index]

    def __iter__(self):
        self._log.add(self._label)
        return iter(self._items)


def _shown(name: str, value, log: set[str]):
    """A page variable as templates see it: a taxonomy, and the articles listed besides the page's
    own (manifest.listed_articles), through `Reads`."""
    kind = type(value)
    if kind is Taxon:
        return Reads(value, f"vars.{name}", log)
    if name == OWN_ARTICLE:
        return value
    if kind is Article:
        return Reads(value, "docs", log)
    if (kind is list or kind is tuple) and any(type(v) is Article for v in value):
        return kind([Reads(v, "docs", log) if type(v) is Article else v for v in value])
    return value


def _gathered(reads: set[str]) -> tuple[str, ...]:
    """The reads sorted, those of the listed articles in one ('docs.slug,title'): a page lists
    several, and one digest of them all is quicker to compare on every build."""
    docs = sorted(name[5:] for name in reads if name.startswith("docs."))
    return tuple(sorted([name for name in reads if not name.startswith("docs.")] + (["docs." + ",".join(docs)] if docs else [])))


class Renderer:
    """Renders pages one at a time; forked workers inherit it whole.

    Templates, their helpers and the page context see the site only through one `Reads`, so
    whatever a page shows of it is in the page's record: a helper cannot read around it. What the
    helpers read once, when the environment is made, counts as read by every page."""

    def __init__(self, site: Site, state: BuildState | None = None, plan: Plan | None = None,
                 images: Images | None = None, parts: dict | None = None):
        self.site = site  # for the files that are not pages (always made anew) and for messages
        self.state = state if state is not None else BuildState()
        # The site's pictures (images.prepare); a page's key holds their digest (pipeline.py)
        self.images = images if images is not None else Images(site.config.site.base_path, site.config.site.root_url)
        self.reads: set[str] = set()
        # The proxy stands in for the Site everywhere templates and helpers see it (hence the cast).
        self.shown = cast(Site, Reads(site, "site", self.reads))
        # The default language's shared parts as rendered (_shared_parts), some perhaps by the last build
        self.parts: dict = {} if parts is None else parts
        self.env = make_environment(self.shown, self.state.templates, self.images, self.reads, parts=self.parts)
        self.links = _language_files(site, plan) if plan is not None and site.multilingual else None
        # The site in each further language, by its folder ('es/'): its own settings and words.
        self.views: dict[str, tuple[Site, jinja2.Environment]] = {}
        self.localizers: dict[str, Localizer] = {}
        for view in site.views:
            shown = cast(Site, Reads(view, "site", self.reads))
            localizer = Localizer(view.prefix, self.links) if self.links else None
            if localizer is not None:
                self.localizers[view.prefix] = localizer
            self.views[view.prefix] = (shown, make_environment(shown, self.state.templates, self.images, self.reads,
                                                               localizer))
        self.always = frozenset(self.reads)
        self.own_templates = _own_templates(site)
        self.loads: dict[str, frozenset[str] | None] = {}  # template -> the templates it loads (_loaded_by)

    def page(self, page: PageOut) -> tuple[str | None, tuple[str, ...], Problem | None]:
        """The page's HTML and what it read of `site` and of its taxonomy, or a template problem."""
        self.reads.clear()
        self.reads.update(self.always)
        shown = {name: _shown(name, value, self.reads) for name, value in page.vars.items()}
        site, env = self.views.get(page.prefix) or (self.shown, self.env)
        localizer = self.localizers.get(page.prefix)
        try:
            with processing(page.source):
                html = self._render(env, page, site, shown, localizer)
        except jinja2.TemplateError as exc:
            return None, (), template_problem(exc, self.site, page.template)
        html = footnote_titles(html, cast(SiteWords, env.globals["words"]).text)
        return self.images.rewrite(html), _gathered(self.reads), None

    def _render(self, env: jinja2.Environment, page: PageOut, site: Site, shown: dict, localizer: Localizer | None) -> str:
        """The page's HTML, its links in its language (see Localizer)."""
        if localizer is None:
            return env.get_template(page.template).render(page=_page_context(site, page), **shown)
        localizer.start()
        template = env.get_template(page.template)
        context = _page_context(site, page, localizer.links)
        if not self._shows_own_template(env, page.template):
            html = template.render(page=context, **shown)
            if not localizer.whole_page:
                return html
        # The site's own templates may write links in any way, and a fragment may change how the
        # rest of the page reads: the page as url() writes it, then its links read as a whole.
        localizer.on = False
        html = template.render(page=context, **shown)
        links = localizer.links
        return localize_links(html, links.base, page.prefix, links.here, links.default, links.default_code, links.prefixes)

    def search_index(self, here: bool = True) -> Generator[None, None, dict[str, bytes | Packed]]:
        """search/index/... of every language, each under its folder (es/search/index/...), in
        steps (search.building): `here`, its entries made in this process between them."""
        site = self.site
        known, self.state.search_sources = self.state.search_sources, {}
        now: dict[int, tuple] = {}
        found = search.sources(site, known, now) + [source for view in site.views
                                                     for source in search.sources(view, known, now)]
        del known
        folders = {view.config.site.language: view.prefix for view in site.views}
        files = yield from search.building(found, folder_of=lambda language: folders.get(language, ""),
                                           memo=self.state.search, store=search.store(site), packed=True,
                                           later=self.state.later if self.state.lasting else None, here=here)
        if self.state.lasting:
            self.state.search_sources = now
        return files

    def _environment_of(self, prefix: str) -> jinja2.Environment:
        """The environment of the language whose pages are under `prefix` ('' the default's)."""
        return self.views[prefix][1] if prefix in self.views else self.env

    def _words_of(self, prefix: str) -> Callable[[str], str]:
        """The theme's words, as plain text, in the language whose pages are under `prefix`."""
        return cast(SiteWords, self._environment_of(prefix).globals["words"]).text

    def _shows_own_template(self, env: jinja2.Environment, name: str) -> bool:
        """Whether rendering `name` may load one of the site's own templates (or one named by a
        value known only as it renders)."""
        if not self.own_templates:
            return False
        loaded = _loaded_by(env, name, self.loads)
        return loaded is None or not loaded.isdisjoint(self.own_templates)

    def other_files(self, plan: Plan, index: dict[str, bytes | Packed] | None = None
                    ) -> tuple[dict[str, bytes | Packed], dict[str, str], list[Problem]]:
        """Redirect pages, feed, sitemap, robots.txt, the hosts' files and the theme's assets; the
        search index too, unless given (made by search_index's steps while pages were rendered)."""
        site, owners = self.site, dict(plan.owners)
        problems: list[Problem] = []
        sources: dict[str, str] = {}
        for name, what in [("feed.xml", "the news feed"), ("sitemap.xml", "the sitemap"), ("robots.txt", "robots.txt"),
                           (hosting.HEADERS, "the hosts' headers file"), (hosting.REDIRECTS, "the hosts' redirects file")] + \
                [(a.published_name, "a file of the theme") for a in site.assets]:
            owners[name] = Owner("", 0, what, "")
        for view in site.views:
            if has_blog(view):
                owners[f"{view.prefix}feed.xml"] = Owner("", 0, "the news feed", "")
        files: dict[str, bytes | Packed] = {**_redirects(site, self._environment_of, problems, sources, owners)}
        files.update(index if index is not None else search.finished(self.search_index(here=False)))
        root = site.config.site.root_url
        files["feed.xml"] = feeds.atom_feed(site, lambda a: root + article_path(a), "",
                                            functools.partial(footnote_titles, _=self._words_of(""))).encode()
        links = self.links
        for view in filter(has_blog, site.views):
            prefix = view.prefix
            links = links if links is not None else _language_files(site, plan)
            files[f"{prefix}feed.xml"] = feeds.atom_feed(view, lambda a, p=prefix: root + p + article_path(a), prefix,
                                                         functools.partial(_in_language, prefix=prefix, links=links,
                                                                           words=self._words_of(prefix))).encode()
        entries: list = [(root + p.prefix + p.path, p.lastmod) for p in plan.pages if p.indexable]
        if site.multilingual:
            entries = [(root + p.prefix + p.path, p.lastmod, _sitemap_alternates(site, p.alternates, root))
                       for p in plan.pages if p.indexable]
        files["sitemap.xml"] = feeds.sitemap(entries, self.state.sitemap).encode()
        files["robots.txt"] = feeds.robots(site).encode()
        files.update(hosting.host_files(site, article_path))  # _headers, _redirects
        for asset in site.assets:
            files[asset.published_name] = asset.data
        return files, sources, problems


def _in_language(html: str, prefix: str, links: Links, words: Callable[[str], str]) -> str:
    """HTML made of Markdown (an article's, for its feed) with its links leading where they do on
    the language's pages (Localizer.fragment), read whole when it cannot be read alone, and its
    footnotes' back links titled in the language's `words`, as on its page."""
    done = localize_fragment(html, prefix, links)
    if done is None:
        done = localize_links(html, links.base, prefix, links.here, links.default, links.default_code, links.prefixes)
    return footnote_titles(done, words)


def _language_files(site: Site, plan: Plan) -> Links:
    """For the links of further languages' pages (languages.localize_links): where each page of the
    default language is in each further language ('es/blog/x/index.html' -> 'es/blog/x/', and for a
    translation with a slug of its own 'es/blog/x/index.html' -> 'es/blog/equis/'), the files of
    the default language, and the further languages' folders."""
    prefixes = tuple(view.prefix for view in site.views)
    fed = tuple(view.prefix for view in site.views if has_blog(view))
    default_code = site.config.site.language
    here = {page.file: page.prefix + page.path for page in plan.claimed if page.prefix}
    for page in plan.claimed:
        original = dict(page.alternates).get(default_code) if page.prefix else None
        if original is not None and not original.endswith(".html"):
            here.setdefault(page.prefix + original + "index.html", page.prefix + page.path)
    here.update({prefix + "feed.xml": prefix + "feed.xml" for prefix in fed})
    default = {page.file for page in plan.claimed if not page.prefix} | {"feed.xml"}
    return Links(site.config.site.base_path, here, frozenset(default), default_code, prefixes)


def _loaded_by(env: jinja2.Environment, name: str, memo: dict[str, frozenset[str] | None]) -> frozenset[str] | None:
    """The templates that rendering `name` loads: itself and, read from their sources, those it
    extends, includes or imports, the shared parts it names and the card; None when one of them is named by
    a value known only as it renders."""
    if name in memo:
        return memo[name]
    memo[name] = frozenset({name})  # (while its own are read: a template that loads itself)
    assert env.loader is not None
    source, filename, _ = env.loader.get_source(env, name)
    tree = env.parse(source, name, filename)  # (named: a syntax error is told at its own file, see template_problem)
    named: list[str | None] = list(jinja2.meta.find_referenced_templates(tree))
    named += [call.args[0].value if call.args and isinstance(call.args[0], jinja2.nodes.Const) else None
              for call in tree.find_all(jinja2.nodes.Call)
              if isinstance(call.node, jinja2.nodes.Name) and call.node.name == "shared_part"]
    named += [CARD for call in tree.find_all(jinja2.nodes.Call)
              if isinstance(call.node, jinja2.nodes.Name) and call.node.name == "card"][:1]
    found = {name}
    for other in named:
        inner = _loaded_by(env, other, memo) if isinstance(other, str) else None
        if inner is None:
            memo[name] = None
            return None
        found |= inner
    memo[name] = frozenset(found)
    return memo[name]


def _own_templates(site: Site) -> frozenset[str]:
    """The names of the templates the site's own folders hold (which replace the theme's)."""
    return frozenset(path.relative_to(folder).as_posix() for folder in site.template_dirs if folder != THEME_DIR
                     for path in folder.rglob("*") if path.is_file())


class Localizer:
    """Links on the pages of one further language, made as the page is rendered rather than by
    reading the whole page again (languages.localize_links): the theme writes its own links in
    the page's language (`href_to`), and HTML made of Markdown (`| localized`, the markdown
    filters) is localized one fragment at a time. A page shown with the site's own templates, or
    with a fragment that cannot be read alone, is localized whole, as before (Renderer._render)."""

    def __init__(self, prefix: str, links: Links):
        self.prefix, self.links = prefix, links
        self.on = True  # False: links as url() writes them (the whole page is localized after)
        self.whole_page = False  # a fragment shown could not be localized alone
        self._known: dict[str, str | None] = {}  # fragments shown on many pages (the markdown filters')
        self._hrefs: dict[tuple[str, str], str] = {}  # (path, tag) -> its href (most links are on many pages)

    def start(self) -> None:
        self.on, self.whole_page = True, False

    def href(self, path: str, tag: str) -> str | None:
        if not self.on:
            return None
        key = (path, tag)
        made = self._hrefs.get(key)
        if made is None:
            made = self._hrefs[key] = link_attribute(path, self.prefix, self.links, tag)
        return made

    def fragment(self, html: str, remember: bool = False) -> str:
        if not self.on:
            return html
        done = self._known.get(html, False) if remember else False
        if done is False:
            done = localize_fragment(html, self.prefix, self.links)
            if remember:
                self._known[html] = done
        if done is None:
            self.whole_page = True
            return html
        return cast(str, done)


def file_folder_clashes(files, sources: dict[str, str], clash_free: list | None = None) -> list[Problem]:
    """A file cannot also be a folder: an alias /_headers/ would need both. `clash_free`: [the
    last set of files found free of clashes], kept by serve (state.BuildState.clash_free)."""
    names = frozenset(files)
    clash_free = [frozenset()] if clash_free is None else clash_free
    if names == clash_free[0]:  # serve: the same files as last time, which had none
        return []
    if len(clash_free) > 1 and _no_new_clash(names - clash_free[0], names, clash_free[1]):
        clash_free[0] = names
        return []
    folders = {folder for name in names for folder in _folders(name)}
    if folders.isdisjoint(names):  # (most builds: no folder is a file, said without sorting every name)
        clash_free[:] = [names, folders]
        return []
    clashes = []
    for name in sorted(files):
        parts = name.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in files:
                clashes.append(error(sources.get(name, sources.get(folder, "site_config.yaml")), 0,
                                     f"the address /{name.rsplit('/index.html', 1)[0]}/ needs a folder where the site already has the file /{folder}; choose another address"))
    return clashes


def _folders(name: str) -> list[str]:
    """The folders a file is in ('a/b/c.html' -> 'a', 'a/b')."""
    found = []
    end = name.find("/")
    while end != -1:
        found.append(name[:end])
        end = name.find("/", end + 1)
    return found


def _no_new_clash(added: frozenset, names: frozenset, folders: set) -> bool:
    """Whether files `added` to a set free of clashes leave it free: none is in a folder that is a
    file, and none has the name of a folder in `folders` (the folders of every file of the set, and
    maybe of a few gone since; a folder of a file gone makes this say False, then all is checked).
    Each added file's folders join `folders` when it says True."""
    if any(name in folders or any(folder in names for folder in _folders(name)) for name in added):
        return False
    for name in added:
        folders.update(_folders(name))
    return True


def template_problem(exc: Exception, site: Site, template: str) -> Problem:
    """Point at the template line Jinja blames, as the editor's file path."""
    name, line = getattr(exc, "filename", None) or getattr(exc, "name", None), getattr(exc, "lineno", None)
    if not line:
        for frame, lineno in traceback.walk_tb(sys.exc_info()[2] or exc.__traceback__):
            if frame.f_code.co_filename.endswith((".html", ".xml")):
                name, line = frame.f_code.co_filename, lineno
    if isinstance(exc, jinja2.TemplateNotFound) and not line:
        # (a template compiled for another language first: no frame of it here, and exc.name is the
        # name asked for, not a file; the site's template that asks for it is the one to blame)
        name, line = _asking_for(site, str(exc.name)) or (name, line)
    shown = _template_path(site, name or template)
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.TemplateNotFound):  # (Jinja's message is the bare name)
        message = _no_such_template(str(exc.name), site)
    missing = getattr(exc, "missing", None)  # (see _Undefined)
    if missing is not None:
        value, asked = missing
        message = missing_attribute(value, asked, _line_of(name, line), site)
    return error(shown, line, f"template error: {message}")


def _asking_for(site: Site, name: str) -> tuple[str, int] | None:
    """The first of the site's own templates that names the template `name` in quotes, and the line."""
    for folder in site.template_dirs:
        if folder == THEME_DIR:
            continue
        for path in sorted(folder.rglob("*")):
            try:
                lines = path.read_text("utf-8").splitlines() if path.is_file() else []
            except (OSError, UnicodeDecodeError):
                continue
            for number, text in enumerate(lines, start=1):
                if f'"{name}"' in text or f"'{name}'" in text:
                    return str(path), number
    return None


def _no_such_template(name: str, site: Site) -> str:
    """What to say of a template that extends or includes one that does not exist."""
    import difflib

    names = template_loader(site.template_dirs).list_templates()
    match = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean '{match[0]}'?" if match else "correct the name"
    return f"there is no template named '{name}', in the site's templates/ or in the theme; {hint}"


def _line_of(filename: str | None, line: int | None) -> str:
    """The text of a template's line, to say what it asked for as it says it ('' if unknown)."""
    from pathlib import Path

    try:
        return Path(filename).read_text("utf-8").splitlines()[line - 1] if filename and line else ""
    except (OSError, UnicodeDecodeError, IndexError):
        return ""


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose error keeps the value and the name a template asked for and did not
    find (`missing`), for template_problem to say it in the editor's terms rather than Jinja's
    ("'haven.render.Reads object' has no attribute 'title'")."""

    __slots__ = ()

    def __init__(self, hint=None, obj=jinja2.utils.missing, name=None, exc=jinja2.UndefinedError):
        if obj is not jinja2.utils.missing and not hint:
            exc = functools.partial(_missing_error, exc, obj, name)
        super().__init__(hint, obj, name, exc)


def _missing_error(kind, value, name, message: str) -> Exception:
    made = kind(message)
    made.missing = (value, name)
    return made


def _template_path(site: Site, filename: str) -> str:
    from pathlib import Path

    # Jinja names a file by its loader's folder joined to the template's name: relative when the
    # site folder was given as a relative path (`--source site`), so both sides are resolved.
    path = Path(filename).resolve()
    for folder in site.template_dirs:
        try:
            return (Path("templates") / path.relative_to(Path(folder).resolve())).as_posix()
        except ValueError:
            continue
    return f"templates/{filename}"


def make_environment(site: Site, compiled: dict | None = None, images: Images | None = None,
                     reads: set[str] | None = None, localizer: Localizer | None = None,
                     parts: dict | None = None) -> jinja2.Environment:
    """The Jinja environment of one build. `site` is what templates and helpers see (the
    Renderer's `Reads`, which notes in `reads` what the page being rendered read); `compiled`
    keeps compiled templates between builds (serve); `localizer`: the links of a further
    language's pages; `parts`: its shared parts as rendered (see _shared_parts)."""
    env = _Environment(
        loader=template_loader(site.template_dirs),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=_Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_CompiledTemplates({} if compiled is None else compiled),
        auto_reload=False,  # an environment lives for one build: no need to look at the files again per page
        cache_size=-1,  # every template kept in a plain dict: found at each include without the LRU's lock
        optimized=False,  # (its constant folding costs a sixth of compiling the templates, and saves the pages nothing)
        extensions=["jinja2.ext.i18n", TextWords],  # (TextWords: which words are printed as text)
        finalize=_printed,  # a value that is missing prints nothing, never the word "None" (alt="None")
    )
    # The theme's words: `{{ _("Read more") }}` and `{% trans %}` look the text up in the page's
    # `words` (an object with gettext/ngettext); without one, the English msgid is the text.
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]  # added by the extension
    env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)  # already newstyle: no wrapper around them
    env.globals.update(_in_text=_gettext_in_text, ngettext_in_text=_ngettext_in_text)  # (see wordplaces.py)
    env.globals.update(after_label=_after_label, after_sentence=_after_sentence, space_before=_space_before)
    config = site.config
    converter = Converter(config.site.base_path)

    @functools.cache
    def markdown(text: str) -> str:
        return converter.convert(text).html

    @functools.cache
    def markdown_inline(text: str) -> str:
        return converter.inline(text)

    def localized(html: str, remember: bool = False) -> str:
        return localizer.fragment(html, remember) if localizer is not None else html

    slug_of = _tag_slug(site)
    env.filters.update(
        markdown=jinja2.pass_context(
            lambda context, text: _in_own_lang(context, text, localized(markdown(text or ""), True), "div")),
        markdown_inline=jinja2.pass_context(
            lambda context, text: _in_own_lang(context, text, localized(markdown_inline(text or ""), True), "span")),
        # `{{ article.html | localized }}`: HTML made of Markdown, its links leading to the page's language
        localized=lambda html: markupsafe.Markup(localized(str(html))),
        lang_attr=_lang_attr,
        in_own_lang=jinja2.pass_context(lambda context, text: _in_own_lang(context, text, markupsafe.escape(text), "span")),
        slugify=slug_of,
        # `article.meta.tags | one_per_address`: 'Tips' and 'tips' lead to one page, so link it once
        one_per_address=lambda names: _one_per_address(names, slug_of),
        tel=lambda number: "tel:" + "".join(ch for ch in number if ch.isdigit() or ch == "+"),
        phone_text=_phone_text,
        keep_together=design.keep_together,
    )
    base = config.site.base_path

    def href_to(path: str = "", tag: str = "a", external: bool = False) -> markupsafe.Markup:
        """` href="…"` of a link (`tag`) to the site's `path` ('' the home page), in the page's
        language where the page exists in it; `external`: `path` is a full address, written as it is."""
        if external:
            return markupsafe.Markup(f' href="{markupsafe.escape(path)}"')
        if localizer is not None:
            made = localizer.href(path, tag)
            if made is not None:
                return markupsafe.Markup(made)
        return markupsafe.Markup(f' href="{markupsafe.escape(base + str(path).lstrip("/"))}"')

    navigation = config.navigation or _default_navigation(site)
    env.globals.update(
        site=site,
        config=config,
        url=lambda path="": base + str(path).lstrip("/"),
        href_to=href_to,
        abs_url=lambda path="": config.site.root_url + str(path).lstrip("/"),
        asset_url=lambda name: base + site.asset(name).published_name,
        article_path=article_path,
        upcoming_closures=lambda location=None: config.upcoming_closures(location, site.today),
        timezone_city=config.timezone_city,
        map_url=lambda loc: "https://www.openstreetmap.org/search?query=" + quote_plus(f"{loc.address_line}, {loc.country}"),
        navigation=navigation,
        navigation_current=lambda page: _navigation_current(navigation, page),
        default_navigation=not config.navigation,  # the theme's own titles, translated in navigation.html
        footer_navigation=config.footer_navigation or _default_footer_navigation(site),
        copyright_years=_copyright_years(site),
        feed_elsewhere=_feed_elsewhere(site),  # (code, name) of the feed's language when it is not the page's
        **people_globals(site),
        **design.template_helpers(site),
        text_direction=text_direction,  # 'rtl' for a language written right to left, else ''
        lang=config.site.language,  # the page's language (BCP 47); a further language's Site has its own
        og_locale=og_locale(config.site.language, config.locations[0].country if config.locations else "US"),
        words=site.words,  # the theme's words in it (translations.SiteWords), for _() and {% trans %}
    )
    cldr.install(env, site, _filled)  # dates, weekdays, hours and the open-now badge in the page's language
    env.globals["shared_part"] = _shared_parts(site, set() if reads is None else reads, localizer, parts)
    env.globals["card"] = _cards(site, set() if reads is None else reads, localizer)
    pictures = images if images is not None else Images(base, config.site.root_url)
    env.globals.update(
        # {{ picture(src, alt, sizes=..., priority=true) }}: a site image as a responsive <picture>
        picture=lambda src, alt, sizes=PROSE_SIZES, priority=False: jinja2.filters.Markup(
            pictures.picture(str(src), str(_printed(alt)), sizes=sizes, priority=priority)),
        og_image=lambda article=None: og_image(pictures, config, article),
        picture_of=lambda src: pictures.find(str(src)) if src else None,  # (None: an error said why already)
        # (width, height) of a picture shown as it is (the logo), as read with the images; None if unknown
        picture_size=lambda src: pictures.size(str(src)) if src else None,
    )
    return env


@jinja2.pass_context
def _lang_attr(context, text) -> markupsafe.Markup:
    """` lang="en"` (and `dir` when it differs) for a text left untranslated on a page of another
    language (translations.Untranslated); nothing for the page's own words."""
    own = text.lang if isinstance(text, Untranslated) else None
    page = cldr.page_lang(context)
    if own is None or own == page:
        return markupsafe.Markup("")
    direction = text_direction(own) or "ltr"
    shown = f' dir="{direction}"' if direction != (text_direction(page) or "ltr") else ""
    return markupsafe.Markup(f' lang="{markupsafe.escape(own)}"{shown}')


@jinja2.pass_context
def _phone_text(context, number):
    """`{{ config.clinic.phone | phone_text }}`: a phone number as shown, kept left to right on a
    right-to-left page. There the bidi algorithm lays digit groups apart by spaces out from right to
    left: '+34 910 000 000' read '000 000 910 34+', a number a visitor would dial wrong."""
    if number is None or text_direction(cldr.page_lang(context)) != "rtl":
        return number
    return markupsafe.Markup('<span dir="ltr">%s</span>') % number


def _in_own_lang(context, text, html: str, tag: str) -> markupsafe.Markup:
    """`html` (the text made HTML), inside a `tag` in the text's own language when that is not the page's."""
    attr = _lang_attr(context, text)
    return markupsafe.Markup(f"<{tag}{attr}>{html}</{tag}>" if attr else html)


def _shared_parts(site: Site, reads: set[str], localizer: Localizer | None = None, made: dict | None = None):
    """`shared_part(name)` for base.html: one of SHARED_PARTS, rendered from the environment's
    globals once (kept in `made`, which lives for one build and language), with what it read of
    `site` added to every page that shows it, as if each had rendered it. `made` may hold parts
    the last build rendered as they would be now (pipeline.py): their templates are not compiled."""
    own = [folder for folder in site.template_dirs if folder != THEME_DIR]
    shared = {name for name, parts in SHARED_PARTS.items()
              if not any((folder / part).is_file() for folder in own for part in (name, *parts))}
    # (name, with links localized or not, the variables given) -> (its HTML, what it read of `site`,
    # whether the page's links need reading whole)
    made = {} if made is None else made

    @jinja2.pass_context
    def shared_part(context, name: str, **given) -> markupsafe.Markup:
        """The part `name`, given the variables `given` (hashable values: they are in its key)."""
        if name not in shared or _words_of_its_own(context):  # as `{% include name %}` would
            return markupsafe.Markup(context.environment.get_template(name).render({**context.get_all(), **given}))
        key = (name, localizer is not None and localizer.on, tuple(sorted(given.items())))
        known = made.get(key)
        if known is None:
            template = context.environment.get_template(name)
            before = set(reads)
            reads.clear()
            whole_page = localizer is not None and localizer.whole_page
            try:
                html = markupsafe.Markup(template.render(given))
            finally:
                read = frozenset(reads)
                reads.update(before)
            alone = localizer is not None and localizer.whole_page and not whole_page  # (a fragment of its own)
            known = made[key] = (html, read, alone)
        reads.update(known[1])
        if known[2] and localizer is not None:
            localizer.whole_page = True
        return known[0]

    return shared_part


def _words_of_its_own(context) -> bool:
    """Whether the page was given a language or theme words other than its environment's (a page
    rendered on its own, as tests and previews do): then parts kept for the environment's
    language are not its parts."""
    kept = context.environment.globals
    return context.get("lang") != kept.get("lang") or context.get("words") is not kept.get("words")


def _cards(site: Site, reads: set[str], localizer: Localizer | None = None):
    """`card(article, level)` for the theme's lists: the card of one article (partials/article_card.html
    with `card_level` = level, when given), each rendered once per build and language and kept on
    the environment, with what it read of the article added to every page that shows it."""
    own = any((folder / CARD).is_file() for folder in site.template_dirs if folder != THEME_DIR)
    made: dict[tuple, tuple] = {}  # (id of the article, level, links localized) -> (article, html, reads)

    @jinja2.pass_context
    def card(context, article, level: int | None = None) -> markupsafe.Markup:
        extra = {"article": article} if level is None else {"article": article, "card_level": level}
        if own or _words_of_its_own(context):  # as `{% include %}` would
            return markupsafe.Markup(context.environment.get_template(CARD).render({**context.get_all(), **extra}))
        target = article._target if type(article) is Reads else article  # (a new Reads on each page)
        key = (id(target), level, localizer is not None and localizer.on)
        known = made.get(key)
        if known is None or known[0] is not target:
            template = context.environment.get_template(CARD)  # (only for a card not kept: a lookup each time)
            if len(made) >= CARDS_HELD:
                made.clear()
            before = set(reads)
            reads.clear()
            try:
                html = markupsafe.Markup(template.render(extra))
            finally:
                read = frozenset(reads)
                reads.update(before)
            known = made[key] = (target, html, read)
        reads.update(known[2])
        return known[1]

    return card


def _one_per_address(names, slug_of) -> list[str]:
    """The names that lead to different pages, each as first written ('Tips', not 'tips' after it)."""
    first: dict[str, str] = {}
    for name in names:
        first.setdefault(slug_of(name), name)
    return list(first.values())


def _tag_slug(site: Site):
    """The address (slug) of a category or tag by its name, on the pages of `site`'s language."""
    return _slugify_for(site.slugs) if site.slugs else name_slug


def _slugify_for(known: tuple[tuple[str, str], ...]):
    """name_slug, except for a translated category or tag: its original's address."""
    slugs = dict(known)
    return lambda name: slugs.get(name) or name_slug(name)


@jinja2.pass_context
def _gettext(context, message: str, **variables) -> str:
    """`_("…")` and `gettext("…")` in templates: Jinja's newstyle gettext (the text is a format
    string for its keyword arguments, escaped as they are), in one call rather than three.

    The words are the page's `words` (a gettext.NullTranslations-like catalogue for its language),
    else the theme's catalogue for the page's language (cldr.page_words). A translation is text,
    not HTML: escaped here, since it is marked safe below (the English msgids are the theme's own)."""
    words = cldr.page_words(context)
    if not variables:  # most words: made once per build and language (the environment keeps them)
        known = getattr(context.environment, "haven_texts", {})
        key = (words, message, context.eval_ctx.autoescape)
        done = known.get(key)
        if done is None:
            done = known[key] = _translated(words.gettext(message), message, context) % variables
        return done
    return _translated(words.gettext(message), message, context) % variables


def _translated(text: str, message: str, context) -> str:
    if text != message:
        text = markupsafe.escape(text)
    return markupsafe.Markup(text) if context.eval_ctx.autoescape else text


@jinja2.pass_context
def _ngettext(context, singular: str, plural: str, n: int, **variables) -> str:
    variables.setdefault("num", n)
    text = cldr.page_words(context).ngettext(singular, plural, n)
    if text not in (singular, plural):
        text = markupsafe.escape(text)
    if context.eval_ctx.autoescape:
        text = markupsafe.Markup(text)
    return text % variables


@jinja2.pass_context
def _after_label(context) -> str:
    """`{{ _("Phone:") }}{{ after_label() }}`: the space after a label, none where the language's labels
    end in a full-width colon (Chinese), whose glyph has its own space: a second shows as a gap."""
    return "" if str(_gettext(context, "Phone:")).endswith("\uff1a") else " "


@jinja2.pass_context
def _after_sentence(context) -> str:
    """`{{ week_in_words() }}{{ after_sentence() }}{{ _("All times…") }}`: the space between two
    sentences, none where the language's sentences end in a full-width stop (Chinese: '…休息。所有…')."""
    return "" if str(_gettext(context, "Please reach out for support now.")).endswith("\u3002") else " "


@jinja2.pass_context
def _space_before(context, message: str) -> str:
    """`…{{ space_before("(only %(places)s)") }}{{ _("(only %(places)s)", …) }}`: the space before a theme
    word joined onto the text before it, none where the page's words for it open with a full-width
    character (Chinese's bracket, U+FF08, before '只限…'), whose glyph has its own space: a
    second shows as a gap."""
    text = cldr.page_words(context).gettext(message)
    return "" if text and unicodedata.east_asian_width(text[0]) in ("F", "W") else " "


@jinja2.pass_context
def _gettext_in_text(context, message: str, **variables) -> str:
    """`{{ _("…") }}` printed as text content (wordplaces.TextWords gives it this name): `_()`, except
    that a word left in English on a page of another language says so (`_english_runs`)."""
    words = cldr.page_words(context)
    if not _in_english_here(context, words, message):
        return _gettext(context, message, **variables)
    return markupsafe.Markup(_english_runs(context, message)) % variables


def _filled(context, word: str, **values) -> str:
    """A theme word as the page's `gettext` gave it, its placeholders filled by Python for a page's
    text (hours.week_in_words), as HTML: a word left in English (translations.Untranslated) has its
    English runs marked, as `_gettext_in_text` does, and so has a value that is one ("24 hours")."""
    values = {name: _in_own_lang(context, value, markupsafe.escape(value), "span") if isinstance(value, Untranslated)
              else value for name, value in values.items()}
    if isinstance(word, Untranslated):
        return markupsafe.Markup(_english_runs(context, word)) % values
    return markupsafe.escape(word) % values


@jinja2.pass_context
def _ngettext_in_text(context, singular: str, plural: str, n: int, **variables) -> str:
    """`{{ ngettext(…) }}` printed as text content: as `_gettext_in_text` for `_()`."""
    words = cldr.page_words(context)
    if not _in_english_here(context, words, singular):
        return _ngettext(context, singular, plural, n, **variables)
    variables.setdefault("num", n)
    return markupsafe.Markup(_english_runs(context, words.ngettext(singular, plural, n))) % variables


def _in_english_here(context, words, message: str) -> bool:
    """Whether the theme word `message` shows in English on a page of another language (one the
    theme has no words for, and the site's `strings:` leave it out)."""
    if not context.eval_ctx.autoescape or cldr.page_lang(context).split("-")[0].lower() == catalogue.SOURCE_LANGUAGE:
        return False
    if catalogue.gives(words, message):
        return False
    # Only the theme's words: a text of the site's own given to _() (a page's title in the
    # footer) is in whatever language the site wrote it. Read once a build, when first needed.
    env = context.environment
    known = getattr(env, "haven_theme_words", None)
    if known is None:
        known = env.haven_theme_words = frozenset(catalogue.known_words())
    return message in known


# A text placeholder: what fills it (a name, a date, a link) is in the page's language, not the
# word's (a number, %(num)d, is read as part of the English words). Compiled when first needed:
# only a page in another language than English with words the theme lacks needs it.
@functools.cache
def _text_placeholder() -> re.Pattern:
    return re.compile(r"(%\([^)]*\)s)")


def _english_runs(context, message: str) -> str:
    """The English format string `message` with each of its runs of words between text placeholders
    in a `<span lang="en">` (and `dir` on a right-to-left page); runs without a letter (': ', ', ')
    read the same in any language and stay as they are."""
    attr = _lang_attr(context, Untranslated(message, catalogue.SOURCE_LANGUAGE))
    parts = _text_placeholder().split(message)
    return "".join(_marked(part, attr) if index % 2 == 0 and any(c.isalpha() for c in part) else part
                   for index, part in enumerate(parts))


def _marked(run: str, attr: str) -> str:
    """A run of English words in its <span>, the spaces at its ends outside it: on a right-to-left
    page the span is laid out apart from the text around it, and a space kept inside would not
    stand between the two ("Call 988" showed as "988Call")."""
    words = run.strip(" ")
    start = run.index(words)
    return f"{run[:start]}<span{attr}>{words}</span>{run[start + len(words):]}"


def _printed(value):
    """What `{{ value }}` prints: nothing for None (Python's word for a missing value is no text
    of the site's: an alt text that is missing must stay empty, for the page checks to see it)."""
    return "" if value is None else value


class _Environment(jinja2.Environment):
    """Jinja's environment, each template's globals a dict of their own rather than a ChainMap over
    the environment's: every render copies them into its context, and copying a ChainMap goes key
    by key in Python (20 µs a render, some 4,000 renders at 1,000 articles). make_environment sets
    every global before any template is loaded, as Jinja asks (make_globals), so the copy misses none."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by an earlier build of this process, by their file and the checksum of
    their source. In memory only: compiled code is never read from the cache folder."""

    def __init__(self, store: dict):
        self.store = store

    def load_bytecode(self, bucket) -> None:
        code = self.store.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key, bucket.checksum] = bucket.code


def _default_footer_navigation(site: Site) -> tuple[NavItem, ...]:
    """Without `footer_navigation` in the config: every page (privacy, terms...), by title; the
    notices have a list of their own."""
    notices = {path for _, path in footer_links(site.config, site.pages)}
    notices |= {source for _, source in site.own_notices}  # (a translation of one, with a slug of its own)
    return tuple(NavItem(p.title, "/" + p.slug + "/") for p in site.pages
                 if "/" + p.slug + "/" not in notices and p.original not in notices)


def _same(text: str) -> str:
    return text


def _default_navigation(site: Site, _=_same) -> tuple[NavItem, ...]:
    """Without `navigation` in the config; its titles are theme words (navigation.html
    translates them when `default_navigation` is true; `_` translates them here instead)."""
    items = [NavItem(_("Home"), "/"), NavItem(_("Blog"), "/blog/")]
    if site.checklists:
        items.append(NavItem(_("Self-assessment"), "/self-assessment/"))
    if site.config.locations:
        items.append(NavItem(_("Locations & hours"), "/locations/"))
    items.append(NavItem(_("Contact"), "/contact/"))
    return tuple(items)


def _navigation_current(navigation: tuple[NavItem, ...], page) -> tuple[str, ...]:
    """Of each entry of the navigation on `page` (its context), the aria-current it has: "page" on
    its own page, "true" on the pages of its section (those under it in the breadcrumbs, and those
    whose address starts with the same folder, so that "Self-assessment" linking to one checklist
    is current on /self-assessment/ too), else ""."""
    path = page["path"]
    crumb_paths = [crumb[1] for crumb in page["crumbs"]]
    section = path.split("/")[0]
    states = []
    for item in navigation:
        target = item.url.lstrip("/")
        current = ":" not in item.url and (target == path or (target != "" and (
            target in crumb_paths or (section != "" and target.split("/")[0] == section))))
        states.append(("page" if target == path else "true") if current else "")
    return tuple(states)


def _copyright_years(site: Site) -> str:
    start, now = site.config.site.copyright_start, site.today.year
    return f"{start}–{now}" if start and start < now else str(now)


def _page_context(site: Site, page: PageOut, links: Links | None = None) -> dict:
    """What templates see as `page`; `links`: where links lead on a further language's pages."""
    config = site.config
    root = config.site.root_url
    crumbs = page.crumbs
    jsonld = [make() for make in page.jsonld]
    if len(crumbs) > 1:  # (each crumb where the visible breadcrumb's link leads: in the page's language)
        jsonld.append(structured.breadcrumbs([(name, root + address_in(path, page.prefix, links)) for name, path in crumbs]))
    base = config.site.base_path
    alternates = dict(page.alternates)
    return {
        "path": page.path,
        "title": page.title,
        "description": page.description or config.site.description,
        "canonical": root + page.prefix + (page.path if page.path != "404.html" else ""),
        # every language the page exists in, itself included: (code, absolute address)
        "alternates": [(code, root + path) for code, path in page.alternates],
        "x_default": _x_default(site, page.alternates, root),
        # the language switcher: each language's version of this page, else its home page
        "languages": [{"code": lang.code, "name": lang.name, "url": base + alternates.get(lang.code, lang.prefix),
                       "current": lang.prefix == page.prefix, "same_page": lang.code in alternates,
                       "dir": text_direction(lang.code)}
                      for lang in site.languages],
        "dir": text_direction(config.site.language),
        "crumbs": crumbs,
        "jsonld": [structured.to_script_json(d) for d in jsonld],
        "indexable": page.indexable,
        "og_type": page.og_type,
    }


def _sitemap_alternates(site: Site, alternates: tuple, root: str) -> tuple[tuple[str, str], ...]:
    """(hreflang, absolute address) of each version of a page, x-default last as on the page."""
    x_default = _x_default(site, alternates, root)
    return (*((code, root + path) for code, path in alternates), *((("x-default", x_default),) if x_default else ()))


def has_blog(site: Site) -> bool:
    """Whether the site in this language has a blog list and a feed: the default language always
    (its first article is on its way), a further one once an article is translated into it; until
    then its links to them lead to the default language's (as to a page not translated)."""
    return not site.prefix or bool(site.articles)


# The title of a link to another language's feed (base.html), as the theme's words give it.
_FEED_ELSEWHERE = "%(site)s: articles in %(language)s"


def _feed_elsewhere(site: Site) -> tuple[str, str] | None:
    """Where a language has no feed of its own yet (has_blog), its pages' heads link the default
    language's: (that language's code, for the link's hreflang, and its name for the link's title,
    in the language of the title's words: 'inglés', or 'English' where the theme has no words in
    the page's language and shows the English ones), so a feed reader offers it as what it is.
    None where the language has its own feed."""
    if has_blog(site) or not site.languages:
        return None
    from .people import language_name  # (Babel: a site in one language never gets here)

    default, code = site.languages[0], site.config.site.language
    translated = site.words is not None and site.words.gettext(_FEED_ELSEWHERE) != _FEED_ELSEWHERE  # type: ignore[attr-defined]
    return default.code, language_name(default.code, code if translated else "en", capital=False) or default.name


def _x_default(site: Site, alternates: tuple, root: str) -> str:
    """The address of the page's default-language version, for hreflang="x-default"; '' when it
    has none (a page made in a further language only gets no x-default link, not an empty one)."""
    default = dict(alternates).get(site.languages[0].code) if site.languages else None
    return root + default if default is not None else ""


def plan_pages(site: Site, state: BuildState | None = None, words=None) -> list[PageOut]:
    """Every HTML page of the site (of the site in one language: see Site.views), in a stable
    order. `state` keeps the article pages of the last plan, which serve reuses when nothing they
    are made from changed."""
    state = state if state is not None else BuildState()
    config = site.config
    prefix = site.prefix
    _ = words.gettext if words is not None else _plain_words(site)
    remembered: dict = state.languages.setdefault(prefix, {"related": RelatedChoice(), "article_pages": ArticlePages()}) \
        if prefix else {"related": state.related, "article_pages": state.article_pages, "listings": state.listings}
    listed: dict = remembered.setdefault("listings", {})
    last_listed: dict = dict(listed)
    listed_now: dict = {}  # (the pages of a list the site no longer has are not kept)
    home_crumb = (_("Home"), "")
    pages = [
        PageOut("", "home.html", "site_config.yaml", config.home.heading or config.site.title,
                jsonld=[functools.partial(structured.organization, config, site.today, prefix)],
                vars={"latest": site.articles[:LATEST_ON_HOME]}),
    ]
    if not prefix:  # one 404.html for the whole site
        pages.append(PageOut("404.html", "404.html", "templates/404.html", _("Page not found"), indexable=False))
    pages.append(PageOut("contact/", "contact.html", "site_config.yaml", _("Contact us"),
                         description=_("How to reach %(site)s: phone, e-mail, addresses and hours.") % {"site": config.site.title},
                         crumbs=[home_crumb, (_("Contact"), "contact/")]))
    if has_blog(site):
        pages += _listing(site, "blog/", _("Blog"), site.articles, "blog.html", [home_crumb], "blog.html", {}, _,
                          (last_listed, listed_now))
    for taxon_kind, taxa, path_of, label in (("category", site.categories, "blog/category/", _("Category: %(name)s")),
                                             ("tag", site.tags, "tags/", _("Tag: %(name)s"))):
        for taxon in taxa:
            path = f"{path_of}{taxon.slug}/"
            title = label % {"name": taxon.name}
            pages += _listing(site, path, title, taxon.articles, "taxonomy.html",
                              [home_crumb, (_("Blog"), "blog/")], "site_config.yaml",
                              {"taxon": taxon, "kind": taxon_kind, "total": len(taxon.articles)}, _,
                              (last_listed, listed_now))
    listed.clear()
    listed.update(listed_now)
    related = related_articles(site, last=remembered["related"])
    pages += _article_pages(site, related, remembered, (words if words is not None else site.words), home_crumb, _("Blog"))
    for page in site.pages:
        pages.append(PageOut(f"{page.slug}/", "page.html", page.source, page.title, page.meta.summary or page.summary,
                             crumbs=[home_crumb, (page.title, f"{page.slug}/")], vars={"doc": page}, key=page.original or page.source))
    if config.locations:
        pages.append(PageOut("locations/", "locations.html", "site_config.yaml", _("Locations & hours"),
                             description=_("Where to find %(site)s, and when we are open.") % {"site": config.site.title},
                             crumbs=[home_crumb, (_("Locations & hours"), "locations/")]))
        for location in config.locations:
            pages.append(PageOut(
                f"locations/{location.id}/", "location.html", "site_config.yaml", location.name,
                description=_("%(site)s in %(place)s: %(address)s. Hours, closures and directions.")
                % {"site": config.site.title, "place": location.name, "address": location.address_line},
                crumbs=[home_crumb, (_("Locations & hours"), "locations/"), (location.name, f"locations/{location.id}/")],
                jsonld=[functools.partial(structured.clinic_location, config, location, site.today, prefix=prefix)],
                vars={"location": location}))
    pages += search_pages(site, _=_)
    if site.checklists:
        pages.append(PageOut("self-assessment/", "checklists.html", "site_config.yaml", _("Self-assessment"),
                             crumbs=[home_crumb, (_("Self-assessment"), "self-assessment/")]))
        for checklist in site.checklists:
            pages.append(PageOut(
                f"self-assessment/{checklist.id}/", "checklist.html", checklist.source, checklist.spec.title,
                description=checklist.spec.summary or _("A private checklist to reflect on; nothing you tick leaves your browser."),
                crumbs=[home_crumb, (_("Self-assessment"), "self-assessment/"), (checklist.spec.title, f"self-assessment/{checklist.id}/")],
                vars={"checklist": checklist}))
    from .peopleplan import people_pages  # (it plans with this module's PageOut)

    pages += people_pages(site, home_crumb, _)
    if prefix:
        pages = [dataclasses.replace(page, prefix=prefix) if page.prefix != prefix else page for page in pages]
    return pages


def search_pages(site: Site, home: str = "", _=_same) -> list[PageOut]:
    """The search page of a language whose pages are under `home` ('' for the default, 'es/'...);
    its index is made by search.build (other_files)."""
    return [PageOut(f"{home}search/", "search.html", "site_config.yaml", _("Search"),
                    description=_("Search the articles and pages of %(site)s.") % {"site": site.config.site.title},
                    crumbs=[(_("Home"), home), (_("Search"), f"{home}search/")],
                    vars={"search_home": home, "search_index": site.prefix + home + search.INDEX_FOLDER,
                          "search_types": tuple(search.TYPES.items())})]


def _plain_words(site: Site):
    """The theme's words in the site's language, as plain text, for what Python writes on pages."""
    words = site.words
    text = getattr(words, "text", None)
    # (a word left in English is marked so: a page's title shows in its <h1> and breadcrumbs)
    return (lambda message: english_marked(words, message, text(message), site.config.site.language)) if text is not None else _same


def _listing(site, path, title, articles, template, crumbs, source, extra, _=_same, memo=None) -> list[PageOut]:
    """The pages of a list of articles, PER_PAGE a page. `memo`: (path -> what each page of the
    last plan was made from, with the page; the same for this plan), kept by serve: a page made
    from equal values and the very same articles (and taxonomy) is the last plan's page."""
    chunks = [articles[i:i + PER_PAGE] for i in range(0, len(articles), PER_PAGE)] or [()]
    taxon = extra.get("taxon")
    known = memo[0].get(path) if memo is not None else None
    if known is not None and not _same_taxon(known[0], taxon):
        known = None
    description = _("%(title)s: articles from %(site)s.") % {"title": title, "site": site.config.site.title}
    numbered = _("%(title)s (page %(number)s of %(total)s)")
    out = []
    made = []
    for number, chunk in enumerate(chunks, start=1):
        page_path = _page_path(path, number)
        shown = title if number == 1 else numbered % {"title": title, "number": number, "total": len(chunks)}
        # (the page's number and their count, with its path, stand for its pagination: made only
        # for a page made again, 4,000 of them at 10,000 articles on every rebuild of serve)
        inputs = (page_path, template, source, shown, description if number > 1 or extra else "", crumbs, title,
                  len(chunks), extra.get("kind"), extra.get("total"))
        last = known[1][number - 1] if known is not None and number <= len(known[1]) else None
        if last is not None and last[0] == inputs and _same_items(last[1], chunk):
            page = last[2]
        else:
            page = PageOut(page_path, template, source, shown, description=inputs[4], crumbs=[*crumbs, (title, path)],
                           vars={"articles": chunk, "pagination": _pagination(path, number, len(chunks)), **extra})
        out.append(page)
        made.append((inputs, chunk, page))
    if memo is not None:
        memo[1][path] = (taxon, made)
    return out


def _pagination(path: str, number: int, total: int) -> dict:
    """What a listing's page `number` of `total` (the first at `path`) shows of the others."""
    return {
        "number": number, "total": total,
        "previous": _page_path(path, number - 1) if number > 1 else None,
        "next": _page_path(path, number + 1) if number < total else None,
        "pages": tuple((n, _page_path(path, n)) if n else None for n in page_numbers(number, total)),
    }


def _page_path(path: str, number: int) -> str:
    """Where page `number` of the listing at `path` is: the first at `path` itself."""
    return path if number == 1 else f"{path}page/{number}/"


def page_numbers(number: int, total: int, around: int = 2) -> list[int | None]:
    """The page numbers a listing links to from page `number`: the first, the last and `around`
    either side of this one, None for each gap (an ellipsis). A gap of one page shows that page's
    number instead, which takes no more room than the ellipsis would."""
    shown = sorted({1, total, *range(max(1, number - around), min(total, number + around) + 1)})
    out: list[int | None] = [shown[0]]
    for last, n in itertools.pairwise(shown):
        if n - last == 2:
            out.append(n - 1)
        elif n - last > 2:
            out.append(None)
        out.append(n)
    return out


def _same_items(first, second) -> bool:
    """Whether two sequences hold the very same objects (an equal but other article may come from another file)."""
    return len(first) == len(second) and all(map(operator.is_, first, second))  # (map: in C, for 10,000 articles)


def _same_taxon(first: Taxon | None, second: Taxon | None) -> bool:
    if first is None or second is None:
        return first is second
    return first.name == second.name and first.slug == second.slug and _same_items(first.articles, second.articles)


def related_articles(site: Site, limit: int = 3, last: RelatedChoice | None = None) -> dict[str, list[Article]]:
    """Per article slug: up to `limit` others sharing the most tags, newest first (then by slug) on ties.

    Set intersections find the few sharing two tags or more; the rest is filled from the heads
    of its tags' lists (newest first), so no article is compared with every other. `last`: what the
    last choice depended on and what it chose, kept by serve (state.BuildState.related; _as_last_time)."""
    last = RelatedChoice() if last is None else last
    quick = _as_last_time(site, limit, last)
    if quick is not None:
        return quick
    members = {taxon.slug: {a.slug for a in taxon.articles} for taxon in site.tags}
    tags_of: dict[str, list[Taxon]] = {}
    for taxon in site.tags:
        for article in taxon.articles:
            tags_of.setdefault(article.slug, []).append(taxon)
    by_slug = {article.slug: article for article in site.articles}
    # What the choice depends on; serve rebuilds after most edits with it unchanged.
    index = (limit, tuple((a.slug, a.date, tuple(t.slug for t in tags_of.get(a.slug, ()))) for a in site.articles))
    if last.depends_on == index:
        related = {slug: [by_slug[other] for other in others] for slug, others in last.slugs.items()}
        _remember(last, index, site.articles, related)
        return related
    first_choice = last.depends_on is None  # (this process's first: the last command's may hold)
    digest = hashlib.sha256(repr(index).encode()).hexdigest()
    if first_choice:
        stored = _stored_choice(site, digest, by_slug)
        if stored is not None:
            related = {slug: [by_slug[other] for other in others] for slug, others in stored.items()}
            _remember(last, index, site.articles, related)
            return related

    rank = {a.slug: (-a.date.toordinal(), a.slug) for a in site.articles}  # newest first, then by slug

    both: dict[tuple[str, str], set[str]] = {}  # articles with both tags, for each pair in use

    related = {}
    for article in site.articles:
        taxa = tags_of.get(article.slug, [])
        tagged = [members[taxon.slug] for taxon in taxa]
        several: set[str] = set()
        for i, first in enumerate(taxa):
            for second in taxa[i + 1:]:
                pair = first.slug, second.slug
                if pair not in both:
                    both[pair] = members[first.slug] & members[second.slug]
                several |= both[pair]
        several.discard(article.slug)
        shared = dict.fromkeys(several, 0)
        for slugs in tagged:
            for slug in slugs & several:
                shared[slug] += 1
        best = [by_slug[slug] for slug in sorted(several, key=lambda slug: (-shared[slug], rank[slug]))[:limit]]
        if len(best) < limit:
            more = sorted(_newest_sharing_one(article, taxa, several, limit - len(best)), key=lambda o: rank[o.slug])
            best += more[:limit - len(best)]
        related[article.slug] = best
    _remember(last, index, site.articles, related)
    if first_choice:
        _store_choice(site, digest, last.slugs)
    return related


# In the cache folder: the last choices of related articles, each under a digest of what it depended
# on (a one-edit command at 10,000 articles spent 0.4 s choosing them again, as they were).
_RELATED = f"{cache.KEEP_PREFIX}related"
_RELATED_KEPT = 4  # choices (a site in several languages makes one for each)


def _stored_choice(site: Site, digest: str, by_slug: dict) -> dict | None:
    """The choice stored under `digest` (slug -> the slugs of its related articles), when it names
    every article and only those; else None."""
    folder = cache.folder_for(site.source)
    stored = cache.read_data(folder / _RELATED) if folder is not None else None
    choice = stored.get(digest) if type(stored) is dict else None
    if type(choice) is not dict or choice.keys() != by_slug.keys():
        return None
    if not all(type(others) is tuple and all(type(other) is str and other in by_slug for other in others)
               for others in choice.values()):
        return None
    return choice


def _store_choice(site: Site, digest: str, slugs: dict) -> None:
    folder = cache.folder_for(site.source)
    if folder is None:
        return
    stored = cache.read_data(folder / _RELATED)
    kept = {key: value for key, value in stored.items() if key != digest} if type(stored) is dict else {}
    kept = dict(list(kept.items())[-(_RELATED_KEPT - 1):])
    kept[digest] = {slug: tuple(others) for slug, others in slugs.items()}
    cache.write_data(folder / _RELATED, kept)


def _remember(last: RelatedChoice, index: tuple, articles: tuple, related: dict) -> None:
    """Keep the choice, with what _as_last_time needs to reuse it."""
    listed_by: dict[str, list[str]] = {}
    for slug, others in related.items():
        for other in others:
            listed_by.setdefault(other.slug, []).append(slug)
    place = {article.slug: number for number, article in enumerate(articles)}
    slugs = {slug: [other.slug for other in others] for slug, others in related.items()}
    last.depends_on, last.slugs, last.articles, last.chosen = index, slugs, articles, related
    last.listed_by, last.place, last.edited = listed_by, place, None


def _as_last_time(site: Site, limit: int, last: RelatedChoice) -> dict[str, list[Article]] | None:
    """serve: the last choice again, when the articles are the very ones of the last call, in the
    same order, but for a few edited ones whose address, date and tags are unchanged (the choice
    depends on nothing else); each list that held an edited article holds its new version.
    Then `last.edited` says which (for _article_pages); else None (and it is worked out in full).

    Only for the site's own language: a translation's tags take their addresses from its
    original's, which may change while the translation does not."""
    if last.depends_on is None or last.depends_on[0] != limit or site.prefix:
        return None
    old, articles = last.articles, site.articles
    if len(old) != len(articles):
        return None
    changed = [number for number, (new, was) in enumerate(zip(articles, old, strict=True)) if new is not was]
    if len(changed) > 64:  # (many edits at once: as cheap to work out again)
        return None
    for number in changed:
        new, was = articles[number], old[number]
        if new.slug != was.slug or new.date != was.date or new.meta.tags != was.meta.tags:
            return None
    related, listed_by, place = last.chosen, last.listed_by, last.place
    edited = {articles[number].slug: articles[number] for number in changed}
    touched = {slug for edit in edited for slug in listed_by.get(edit, ())}
    for slug in touched:
        related[slug] = [edited.get(other.slug, other) for other in related[slug]]
    last.articles, last.edited = articles, (old, changed, sorted(place[slug] for slug in touched))
    return related


def _newest_sharing_one(article: Article, taxa: list[Taxon], skip: set[str], need: int) -> list[Article]:
    """From each tag's list (newest first), enough of its head to hold the `need` best that share
    just that tag, counting every article of the same date as the last one needed."""
    pool = []
    for taxon in taxa:
        taken, cutoff = 0, None
        for other in taxon.articles:
            if other.slug == article.slug or other.slug in skip:
                continue
            if cutoff is not None and other.date < cutoff:  # (set once `need` are taken)
                break
            pool.append(other)
            taken += 1
            if taken == need:
                cutoff = other.date
    return pool


def _article_pages(site: Site, related: dict, remembered: dict, words, home_crumb, blog: str) -> list[PageOut]:
    """The page of each article, in the site's order. `remembered["article_pages"]`: those of the
    last plan (state.ArticlePages).

    After a rebuild whose articles are the last plan's, in the same order, but for a few edited
    ones (related_articles says which), only the pages that show an edited article are planned
    again: its own, its neighbours' ("Newer", "Older") and those that list it as related; every
    other page is the very page of the last plan, which _article_page would return too."""
    last: ArticlePages = remembered["article_pages"]
    made_with = (site.config, repr(words))  # (the crumbs' words too)
    same_config = last.made_with == made_with  # serve: article pages of the last plan may be reused
    quick = remembered["related"].edited
    articles = site.articles
    if same_config and quick is not None and last.articles is quick[0]:
        _, changed, touched = quick
        pages = list(last.pages)
        again = {near for index in changed for near in (index - 1, index, index + 1) if 0 <= near < len(articles)}
        again.update(touched)
        for index in sorted(again):
            pages[index] = _article_page(site, articles[index], index, home_crumb, related, last.known, blog)
    else:
        known = {} if not same_config else last.known
        pages = [_article_page(site, article, index, home_crumb, related, known, blog)
                 for index, article in enumerate(articles)]
        last.made_with, last.known = made_with, known
    last.articles, last.pages = articles, pages
    return pages


def _article_page(site: Site, article: Article, index: int, home_crumb, related, last: dict, blog: str = "Blog") -> PageOut:
    """The article's page; `last`: slug -> (what its page was made from, the page) of the last plan."""
    config = site.config
    path = article_path(article)
    newer = site.articles[index - 1] if index > 0 else None
    older = site.articles[index + 1] if index + 1 < len(site.articles) else None
    # An article shown as "Previous" or "Next" is not also listed as related.
    shown_related = [other for other in related[article.slug] if other is not newer and other is not older]
    made_from = (article, newer, older, *shown_related)
    known = last.get(article.slug)
    if known is not None and len(known[0]) == len(made_from) and all(a is b for a, b in zip(known[0], made_from, strict=True)):
        return known[1]  # the very same documents around it as last time, under an equal config
    prefix = site.prefix
    page = PageOut(
        path, "article.html", article.source, article.title, article.summary,
        crumbs=[home_crumb, (blog, "blog/"), (article.title, path)],
        # (its keywords are the tags as the page lists them: 'Tips' and 'tips' are one tag, one address)
        jsonld=[functools.partial(structured.blog_posting, config, article, config.site.root_url + prefix + path,
                                  _one_per_address(article.meta.tags, _tag_slug(site)))],
        lastmod=article.meta.updated or article.date, og_type="article", prefix=prefix, key=article.original or article.source,
        vars={
            "article": article, "newer": newer, "older": older,
            "related": shown_related,
            "toc": Contents(_toc(article.headings), article),
        },
    )
    last[article.slug] = (made_from, page)
    return page


def _toc(headings: tuple) -> list:
    """The article's table of contents, when it has three h2 or more: [(h2, [its h3s])], so
    that the numbers count the h2 only (an h3 before the first h2 is left out)."""
    toc: list[tuple[object, list]] = []
    for h in headings:
        if h.level == 2:
            toc.append((h, []))
        elif h.level == 3 and toc:
            toc[-1][1].append(h)
    return toc if len(toc) >= 3 else []


def _page_owner(page: PageOut) -> Owner:
    """Who the page is, for collision messages."""
    doc = page.vars.get("doc") or page.vars.get("article")
    if not page.source.startswith("content/"):
        if page.prefix and page.path == "":  # (a further language's home, where its folder is)
            return Owner(page.source, 0, f"the home page of the language served under /{page.prefix} (its 'path:' in "
                                         "site_config.yaml, else its code)", "")
        return Owner(page.source, 0, f"the page '{page.title}' that the site makes itself", "")
    fix = "choose another 'slug:'" if doc else "rename the file"
    return Owner(page.source, doc.key_line("slug") if doc else 0, page.source, fix)


def _claim(owners: dict[str, PageOut | Owner], file: str, owner: PageOut | Owner, problems: list[Problem]) -> bool:
    """Record who makes `file` (a page, or its owner tuple); True (and a problem) if someone already does."""
    if file not in owners:
        owners[file] = owner
        return False
    # Who a page is, for the message, is worked out only now: most pages never collide.
    new, old = (_page_owner(x) if isinstance(x, PageOut) else x for x in (owner, owners[file]))
    blamed, other = (new, old) if new.source.startswith("content/") or not old.source.startswith("content/") else (old, new)
    address = "/" + file.removesuffix("index.html")
    taken_by = "this file's own page" if other.source == blamed.source and other.what == blamed.source else other.what
    problems.append(error(blamed.source, blamed.line, f"{'the old address' if blamed.alias else 'its address'} {address} "
                                                      f"is already used by {taken_by}; {blamed.fix}"))
    return True


def _redirects(site: Site, environment_of, problems, sources, owners) -> dict[str, bytes]:
    """The page at each old address: in the language of the page it leads to (`environment_of`
    its folder gives that language's templates and words)."""
    files = {}
    for doc, target in hosting.aliased(site, article_path):
        template = environment_of(site.view_for(target).prefix).get_template("redirect.html")
        for index, alias in enumerate(doc.aliases, start=1):
            rel = alias.lstrip("/")
            file = rel if rel.rsplit("/", 1)[-1].count(".") else (rel.rstrip("/") + "/index.html").lstrip("/")
            line = doc.key_line(f"aliases[{index}]") or doc.key_line("aliases")
            owner = Owner(doc.source, line, f"an old address in the 'aliases' of {doc.source}", "remove it from 'aliases'",
                          alias=True)
            if _claim(owners, file, owner, problems):
                continue
            html = template.render(target=target, title=doc.title)
            files[file] = html.encode("utf-8")
            sources[file] = doc.source
    return files
