"""The loaded site: config, published content, taxonomies, theme and static files.

`load_site` is the whole load stage; everything after it reads only this value.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import compress
from operator import is_not
from pathlib import Path

from . import design, files, inherited, leftout, yamlfile
from .config import MAX_SLUG, MAX_SLUG_BYTES, Config, load_config, read_text
from .content import Article, Checklist, Content, Page, load_content, name_slug, press_3_lines, split_front_matter
from .languages import Language, site_languages
from .markup import Converter
from .notices import check_notices, check_translated_notice, healthcare_warnings, is_english, own_notices
from .people import Clinician, Service, alphabetical, check_people, load_people
from .problems import Problem, error, note, warning
from .templates import THEME_DIR

HASHED_ASSETS = (".css", ".js")
EXTRA_CSS = "css/extra.css"  # a site's additions to the theme's stylesheet: static/css/extra.css


@dataclass(frozen=True)
class Taxon:
    """A category or tag with its articles, newest first."""

    name: str
    slug: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Asset:
    """A theme file: its bytes and the name it is published under."""

    name: str
    data: bytes

    @functools.cached_property  # (asked for on every page: the digest of the style sheet's bytes each time)
    def published_name(self) -> str:
        if not self.name.endswith(HASHED_ASSETS):
            return self.name
        stem, _dot, suffix = self.name.rpartition(".")
        return f"assets/{stem}.{hashlib.sha256(self.data).hexdigest()[:10]}.{suffix}"


@dataclass(frozen=True)
class Site:
    """One language of the site, everything the templates may show of it."""

    source: Path
    config: Config
    today: dt.date
    drafts: bool
    articles: tuple[Article, ...]  # published, newest first
    pages: tuple[Page, ...]
    checklists: tuple[Checklist, ...]
    categories: tuple[Taxon, ...]
    tags: tuple[Taxon, ...]
    template_dirs: tuple[Path, ...]
    assets: tuple[Asset, ...]
    static_files: tuple[tuple[str, Path], ...]  # (output path, file)
    texts: Texts  # site-relative path -> text of every file loaded, to locate problems
    # Languages (languages.py): this site's, every language of the site (the default first), the
    # site in each further language (the default language's Site only), the theme's words
    language: Language | None = None
    languages: tuple[Language, ...] = ()
    views: tuple[Site, ...] = ()
    words: object = None
    slugs: tuple[tuple[str, str], ...] = ()  # a translated category, tag or specialty -> its original's slug
    # (slug, file) of each default-language page that replaces a theme notice (notices.own_notices);
    # the further languages' views keep it: there, that page's translation is the notice
    own_notices: tuple[tuple[str, str], ...] = ()
    # (output file, why it is not there) of each default-language article left out as a draft or
    # scheduled: a link to one is told so, not that the article "does not exist" (_left_out)
    left_out: tuple[tuple[str, str], ...] = ()

    @property
    def prefix(self) -> str:
        """Where this language's pages are: '' for the default language, 'es/' for one under /es/."""
        return self.language.prefix if self.language is not None else ""

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    @cached_property
    def aliased_articles(self) -> tuple[Article, ...]:
        """Its articles that have old addresses (looked for once a build: a big site has 10,000 others)."""
        return tuple(a for a in self.articles if a.aliases)

    @property
    def all_views(self) -> tuple[Site, ...]:
        """The site in each of its languages, the default first."""
        return (self, *self.views)

    def view_for(self, file: str) -> Site:
        """The site in the language of an output file ('es/blog/x/index.html' -> the Spanish one)."""
        for view in self.views:
            if view.prefix and file.startswith(view.prefix):
                return view
        return self
    clinicians: tuple[Clinician, ...] = ()  # in team-list order (people.py)
    services: tuple[Service, ...] = ()  # in list order

    def asset(self, name: str) -> Asset:
        return next(a for a in self.assets if a.name == name)

    def has_asset(self, name: str) -> bool:
        return any(a.name == name for a in self.assets)

    @cached_property
    def extra_css(self) -> str | None:
        """EXTRA_CSS when the site has that static file; the theme links it after its own stylesheet."""
        return EXTRA_CSS if any(rel == EXTRA_CSS for rel, _ in self.static_files) else None


def load_site(source: Path, today: dt.date | None, drafts: bool, base_url: str | None = None,
              memo=None, now: dt.datetime | None = None, scheduled: bool = False,
              changes=None, lists=None, translated: dict | None = None) -> tuple[Site | None, list[Problem]]:
    """Load config and content; returns the site, or None when there are errors.
    `memo`: what this process loaded before (cache.Memo), for serve, `changes`: what it was
    told changed since (state.Changes), `lists`: its last articles and taxonomies
    (state.BuildState.site_lists), and `translated`: its last translations (content.load_content). `today`: else the clinic's
    day at `now` (Config.today). `scheduled`: keep articles dated after today (the preview marks
    them); either way each one gets a note saying when it appears."""
    config, problems = load_config(source)
    if config is None:
        return None, problems
    if base_url:
        config = replace(config, site=replace(config.site, base_url=base_url.rstrip("/") + "/"))
    today = today or config.today(now)
    languages = site_languages(config)
    codes = tuple(lang.code for lang in languages[1:])
    content, content_problems = load_content(source, Converter(config.site.base_path), memo=memo, languages=codes,
                                               changes=changes, translated=translated, default=config.site.language)
    problems += content_problems
    problems += _scheduled_notes(content.articles, drafts, today, config.clinic.timezone, scheduled)
    problems += [] if drafts else _draft_notes(content.articles)
    articles, categories, tags, tax_problems = _listed(content.articles, drafts, today, scheduled, lists)
    problems += tax_problems
    left_out = _left_out(content.articles, articles)
    clinicians, services, people_translated, people_problems = load_people(
        source, Converter(config.site.base_path), codes, config.site.language)
    problems += people_problems
    template_dirs = tuple(dict.fromkeys(d for d in (source / "templates", THEME_DIR) if d.is_dir()))
    problem = files.not_a_folder(source / "templates", source, "the site's own templates")
    problems += [problem] if problem else []
    site = Site(
        source=source, config=config, today=today, drafts=drafts, articles=articles,
        pages=tuple(sorted(content.pages, key=lambda p: p.slug)),
        checklists=tuple(sorted(content.checklists, key=lambda c: c.id)),
        categories=categories, tags=tags, template_dirs=template_dirs,
        assets=_assets(template_dirs, source, problems) + _token_assets(config), static_files=_static_files(source, problems, changes),
        texts=_texts(source, content, clinicians + services),
        clinicians=clinicians, services=services,
        language=languages[0], languages=languages if codes else (), words=_default_words(config.site.language),
        left_out=left_out,
    )
    config_text = site.texts.get("site_config.yaml", "")
    raw, _ = yamlfile.parse(config_text.replace("\r\n", "\n"), "site_config.yaml")
    site = replace(site, config=_theme_defaults(site.config, raw, site.words), own_notices=own_notices(config, site.pages))
    problems += _default_words_problems(config.site.language, raw)
    problems += check_people(config, clinicians, site.static_files)
    page_problems = [problem for problem in problems if problem.path.startswith("content/pages/")]
    held = leftout.held_back(page_problems, {page.source for page in site.pages},
                             {language.code: language.prefix for language in languages}, source)
    problems += healthcare_warnings(config, bool(clinicians or services), config_text)
    problems += _stray_translations(source, languages)
    if codes:
        site = _with_views(site, raw, content, people_translated, drafts, today, scheduled, problems)
    # (after the views: on a site in another language, the notice's English translation may carry its header)
    english = next((view.pages for view in site.views if view.language and is_english(view.language.code)), ())
    problems += check_notices(config, site.pages, config_text, held, english)
    for view in site.views:  # (a translation's own photo, locations and languages, checked as an original's)
        problems += check_people(config, view.clinicians, site.static_files)
        problems += check_translated_notice(config, site.pages, view.pages)
    return site, problems


def _stray_translations(source: Path, languages) -> list[Problem]:
    from .translations import stray_files

    return stray_files(source, languages)


def _theme_defaults(config: Config, raw, words) -> Config:
    from .translations import theme_defaults

    return theme_defaults(config, raw, words)


def _default_words_problems(code: str, raw) -> list[Problem]:
    from .translations import default_words_problems

    return default_words_problems(code, raw)


def _default_words(code: str):
    from .translations import default_words

    return default_words(code)


def _with_views(site: Site, raw, content: Content, people: dict, drafts: bool, today: dt.date, scheduled: bool,
                problems: list[Problem]) -> Site:
    """The site with its further languages: each a Site of its own (its translated content, its
    settings from translations/<code>.yaml), sharing the theme and static files."""
    from .translations import load_translation

    views = []
    left_out = list(site.left_out)
    files = dict(site.texts._files)
    documents = dict(site.texts._documents)
    translated = dict(content.translations)
    for language in site.languages[1:]:
        own = translated.get(language.code, Content((), (), ()))
        translation, found = load_translation(site.source, site.config, language.code, raw)
        problems += found
        if translation.text:
            files[translation.source] = translation.text
        config = replace(translation.config, site=replace(translation.config.site, language=language.code))
        own_clinicians, own_services = people.get(language.code, ((), ()))
        problems += _review_notes(own, own_clinicians + own_services)
        # (a draft's translation is not published either: what it leaves out shows nowhere)
        shown = tuple(a for a in own.articles if drafts or not a.meta.draft)
        problems += inherited.warnings(shown + own.pages + own_clinicians + own_services, own.checklists, language.code)
        articles = tuple(sorted(
            (a for a in own.articles if (drafts or not a.meta.draft) and (scheduled or a.date <= today)),
            key=lambda a: (a.date, a.slug), reverse=True,
        ))
        left_out += _left_out(own.articles, articles, language.prefix)
        originals = {a.source: a for a in site.articles}
        slugs: dict[str, str] = {}
        categories, tax_problems = _taxonomy(articles, lambda a: [a.meta.category] if a.meta.category else [], "category",
                                             _slugs_from(originals, "category", slugs), language.prefix)
        tags, tag_problems = _taxonomy(articles, lambda a: list(a.meta.tags), "tag", _slugs_from(originals, "tags", slugs),
                                       language.prefix)
        _specialty_slugs(own_clinicians, site.clinicians, slugs)
        problems += tax_problems + tag_problems + _tags_unmatched(articles, originals)
        for doc in own.articles + own.pages + own_clinicians + own_services:
            documents[doc.source] = doc
        for checklist in own.checklists:
            files[checklist.source] = (site.source / checklist.source).read_text("utf-8-sig")
        views.append(replace(
            site, config=config, articles=articles, pages=tuple(sorted(own.pages, key=lambda p: p.slug)),
            checklists=tuple(sorted(own.checklists, key=lambda c: c.id)), categories=categories, tags=tags,
            language=language, words=translation.words, views=(), slugs=tuple(sorted(slugs.items())),
            clinicians=own_clinicians, services=own_services,
        ))
    texts = Texts(site.source, files, documents)
    views = [replace(view, texts=texts) for view in views]
    return replace(site, views=tuple(views), texts=texts, left_out=tuple(left_out))


def _review_notes(content: Content, people: tuple = ()) -> list[Problem]:
    """A note for each translation still awaiting review (needs_review: true): not a mistake."""
    found = []
    for doc in content.articles + content.pages + people:
        if doc.meta.needs_review:
            found.append(note(doc.source, doc.key_line("needs_review"), "awaits review by a qualified translator "
                              "(needs_review: true); remove that line once it is reviewed"))
    for checklist in content.checklists:
        if checklist.spec.needs_review:
            found.append(note(checklist.source, checklist.review_line, "awaits review by a qualified translator (needs_review: true); "
                              "remove that line once it is reviewed"))
    return found


def _slugs_from(originals: dict, key: str, chosen: dict[str, str]):
    """A translated article's category or tags get the addresses of its original's, matched by
    position ('焦虑' is /zh/tags/anxiety/ when the original's first tag is 'Anxiety')."""
    def slugs(article, names: list[str]) -> list[str | None]:
        original = originals.get(getattr(article, "original", ""))
        if original is None:
            return [None] * len(names)
        theirs = list(original.meta.tags) if key == "tags" else ([original.meta.category] if original.meta.category else [])
        if len(theirs) != len(names):
            return [None] * len(names)
        found = [name_slug(name) for name in theirs]
        for name, slug in zip(names, found, strict=True):
            chosen.setdefault(name, slug)
        return list[str | None](found)
    return slugs


def _tags_unmatched(articles, originals: dict) -> list[Problem]:
    """A translation that lists another number of tags than its original: its tags are matched to
    the original's by position (_slugs_from), so none of them is, and each gets a page of its own."""
    found = []
    for article in articles:
        original = originals.get(getattr(article, "original", ""))
        if original is None or len(original.meta.tags) == len(article.meta.tags):
            continue
        found.append(warning(article.source, article.key_line("tags"),
                             f"has {_count(len(article.meta.tags), 'tag')} and its original {original.source} has "
                             f"{len(original.meta.tags)}; a translation's tags take the addresses of the original's by "
                             "their order, so these get pages of their own that link to no other language's; list one "
                             "for each of the original's, in the same order"))
    return found


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _specialty_slugs(translated, originals, chosen: dict[str, str]) -> None:
    """A translated clinician's specialties get the team filter's values of its original's, matched
    by position, like tags ('焦虑' filters as 'anxiety', not as '焦虑')."""
    by_source = {person.source: person for person in originals}
    for person in translated:
        original = by_source.get(getattr(person, "original", ""))
        if original is None or len(original.meta.specialties) != len(person.meta.specialties):
            continue
        for name, theirs in zip(person.meta.specialties, original.meta.specialties, strict=True):
            chosen.setdefault(name, name_slug(theirs))


def _left_out(found, published, prefix: str = "") -> tuple[tuple[str, str], ...]:
    """Where each article not published would be, and why it is not (see Site.left_out); `prefix`:
    its language's folder ('es/')."""
    shown = set(map(id, published))
    return tuple(
        (f"{prefix}blog/{a.slug}/index.html",
         f"a draft ({a.source} has draft: true), so it is not published; remove the link until that article is "
         "ready, or publish it (draft: false)" if a.meta.draft else
         f"scheduled to appear on {a.date.isoformat()} ({a.source}), so it is not published before that day; remove "
         "the link until then")
        for a in found if id(a) not in shown and a.slug)


def _scheduled_notes(articles, drafts: bool, today: dt.date, zone: str, shown: bool) -> list[Problem]:
    """A note for each article (drafts too, with --drafts) dated after today: not a mistake, but
    an article an editor may look for and not find."""
    where = "shown in this preview, marked as scheduled" if shown else "left out until then"
    return [note(a.source, a.key_line("date"),
                 f"scheduled: appears on {a.date.isoformat()} ({where}; today in the clinic's time zone, "
                 f"{zone}, is {today.isoformat()})")
            for a in articles if a.date > today and (drafts or not a.meta.draft)]


def _draft_notes(articles) -> list[Problem]:
    """A note for each draft a build leaves out: an editor who made one with `new` and then built
    would otherwise look for it and not find it, and not know why."""
    return [note(a.source, a.key_line("draft"), "draft: left out of the site (draft: true); the preview (serve) shows "
                 "it; to publish it, change the line to draft: false or delete it")
            for a in articles if a.meta.draft]


class Texts(Mapping):
    """Site-relative path -> text of every file loaded, to locate problems by line.

    A document's text is read again when asked for (its body below as many blank lines as its
    front matter took; a service's whole, its answers in 'faq' being Markdown too): only a problem to point at needs it, and a big site would otherwise hold
    every article's text twice."""

    def __init__(self, source: Path, files: dict[str, str], documents: dict):
        self._source = source
        self._files = files
        self._documents = documents
        self._last: tuple[str, str] | None = None  # the document read last: asked for once per problem in it

    def __getitem__(self, rel: str) -> str:
        if rel in self._files:
            return self._files[rel]
        if rel not in self._documents:
            raise KeyError(rel)
        if self._last is not None and self._last[0] == rel:
            return self._last[1]
        text, problem = read_text(self._source / rel, rel)
        if problem:
            return ""
        if not isinstance(self._documents[rel], Service):  # (a service's front matter holds Markdown: faq)
            _, body, body_line, _ = split_front_matter(text, rel)
            text = "\n" * max(body_line - 1, 0) + body
        self._last = rel, text
        return self._last[1]

    def press_3_lines(self):
        """(file, its lines that mention pressing 3 on 988) for every file that has such lines
        (see content.press_3_lines)."""
        for rel, text in self._files.items():
            lines = press_3_lines(text)
            if lines:
                yield rel, lines
        # (a document's were found when it was loaded; at 10,000 articles few have any)
        yield from [(rel, doc.press_3_lines) for rel, doc in self._documents.items() if doc.press_3_lines]

    def __iter__(self):
        yield from self._files
        yield from self._documents

    def __len__(self) -> int:
        return len(self._files) + len(self._documents)


def _texts(source: Path, content, people: tuple = ()) -> Texts:
    files = {"site_config.yaml": (source / "site_config.yaml").read_text("utf-8-sig")}
    for checklist in content.checklists:
        files[checklist.source] = (source / checklist.source).read_text("utf-8-sig")
    return Texts(source, files, {doc.source: doc for doc in content.articles + content.pages + people})


def _listed(found, drafts: bool, today: dt.date, scheduled: bool, last=None) -> tuple:
    """The published articles newest first, the categories, the tags, and their problems.
    `last` (serve: a state.Remembered) holds the last build's answer and the articles it was made
    from: when a few of them are new objects (files edited) that agree with the ones they replace
    in all the answer rests on, it is that answer with them put in (sorting and grouping 10,000
    articles again made load_site 133 ms of an edit under cProfile, 70 ms without); a cold build
    makes the same."""
    made_from = (drafts, today, scheduled)
    value = _put_in(last.value, last.made_from[1], found) if last is not None and last.made_from is not None \
        and last.made_from[0] == made_from else None
    if value is None:
        articles = tuple(sorted(
            (a for a in found if (drafts or not a.meta.draft) and (scheduled or a.date <= today)),
            key=lambda a: (a.date, a.slug), reverse=True,
        ))
        categories, tax_problems = _taxonomy(articles, lambda a: [a.meta.category] if a.meta.category else [], "category")
        tags, tag_problems = _taxonomy(articles, lambda a: list(a.meta.tags), "tag")
        value = articles, categories, tags, tax_problems + tag_problems
    if last is not None:
        last.made_from, last.value = (made_from, list(found)), value
    return value


PUT_IN = 16  # edited articles at most that _put_in puts into the last answer


def _listed_on(article) -> tuple:
    """What _listed reads of an article: where it is sorted, whether shown, where listed, what named."""
    return article.date, article.slug, article.meta.draft, article.meta.category, tuple(article.meta.tags), article.source


def _put_in(value: tuple, before: list, found) -> tuple | None:
    """_listed's last `value`, made from the articles `before`, with the edited ones of `found` put
    in; None when the articles are not the same in number and order, or too many are new objects,
    or one differs from the one it replaces in what _listed reads of it."""
    if len(before) != len(found):
        return None
    swapped = [(before[i], found[i]) for i in compress(range(len(found)), map(is_not, before, found))]
    if not swapped:
        return value
    if len(swapped) > PUT_IN or any(_listed_on(old) != _listed_on(new) for old, new in swapped):
        return None
    articles, categories, tags, problems = value
    articles = _swapped(articles, swapped)
    # only the taxa named by an edited article hold it (its names, hence their slugs, are as before)
    named = {name_slug(old.meta.category) for old, _ in swapped if old.meta.category}
    categories = tuple(Taxon(t.name, t.slug, _swapped(t.articles, swapped)) if t.slug in named else t for t in categories)
    named = {name_slug(name) for old, _ in swapped for name in old.meta.tags}
    tags = tuple(Taxon(t.name, t.slug, _swapped(t.articles, swapped)) if t.slug in named else t for t in tags)
    return articles, categories, tags, problems


def _swapped(articles: tuple, swapped: list) -> tuple:
    """`articles` with each old one of `swapped` that they hold replaced by the new one."""
    ids = list(map(id, articles))  # (found by identity: comparing whole articles is slow)
    out = list(articles)
    for old, new in swapped:  # (each article is held once at most)
        if id(old) in ids:
            out[ids.index(id(old))] = new
    return tuple(out)


TAXON_FOLDERS = {"category": "blog/category/", "tag": "tags/"}  # where each kind's pages are (render.taxonomy pages)


def _taxonomy(articles, names_of, kind: str, slugs_of=None, prefix: str = "") -> tuple[tuple[Taxon, ...], list[Problem]]:
    """Categories or tags, sorted by the name shown; `articles` come newest first, and so do each one's.
    `slugs_of(article, names)`: their addresses where not made from the names (translations);
    `prefix`: the language's folder ('es/'), for the addresses problems name."""
    groups: dict[str, dict[str, list[Article]]] = {}
    problems = []
    if slugs_of is None:  # the address is the name's: group by name first (a few names recur on every article)
        by_name: dict[str, list[Article]] = {}
        for article in articles:
            for name in names_of(article):
                by_name.setdefault(name, []).append(article)
        for name, named in by_name.items():
            slug = name_slug(name)
            problem = _taxon_problem(kind, name, slug)
            if problem:
                problems += [error(article.source, _name_line(article, kind, name), problem) for article in named]
            else:
                groups.setdefault(slug, {})[name] = named
    else:
        for article in articles:
            names = names_of(article)
            for name, slug in zip(names, slugs_of(article, names), strict=True):
                slug = slug or name_slug(name)
                problem = _taxon_problem(kind, name, slug)
                if problem:
                    problems.append(error(article.source, _name_line(article, kind, name), problem))
                else:
                    groups.setdefault(slug, {}).setdefault(name, []).append(article)
    taxa = []
    for slug, spellings in sorted(groups.items()):
        # 'Tips' and 'tips' are one category; show the spelling most articles use.
        name = max(sorted(spellings), key=lambda n: len(spellings[n]))
        if len(spellings) == 1 and len(named := next(iter(spellings.values()))) == len(set(map(id, named))):
            members = named  # (no article names it twice: the common case, told apart in C)
        else:
            unique = {id(a): a for arts in spellings.values() for a in arts}  # by identity: hashing a whole article is slow
            members = list(unique.values())  # newest first already, as `articles` are, if spelt one way
            problems += _shared_address(kind, prefix + TAXON_FOLDERS[kind] + slug + "/", name, spellings)
        if len(spellings) > 1:
            members.sort(key=lambda a: (a.date, a.slug), reverse=True)
        taxa.append(Taxon(name, slug, tuple(members)))
    # By the name shown, as its reader looks for it (autocuidado, progreso, terapia), not by its address.
    return tuple(sorted(taxa, key=lambda t: (alphabetical(t.name), t.slug))), problems


def _name_line(article, kind: str, name: str) -> int:
    """The line of the article's front matter that names this category or tag."""
    if kind == "category":
        return article.key_line("category")
    return article.key_line(f"tags[{list(article.meta.tags).index(name) + 1}]")


def _shared_address(kind: str, address: str, shown: str, spellings: dict[str, list]) -> list[Problem]:
    """A warning for each name that makes the same `address` as another name but is not that name
    in other capitals ('C++' beside 'C', both /tags/c/): one page lists both, under the name
    `shown`. A name given its address by a translation's original ('焦虑' at /zh/tags/anxiety/) is
    not counted, nor one a translation takes from its original unwritten (no line of its own)."""
    slug = address.rstrip("/").rpartition("/")[2]
    own = {name: where for name, arts in spellings.items()
           if name_slug(name) == slug and (where := _first_use(kind, name, arts))[1]}
    if len(own) < 2:
        return []
    first = shown if shown in own else min(own)
    first_path, first_line = own[first]
    return [warning(path, line, f"{kind} '{name}' makes the same web address, /{address}, as the {kind} '{first}' "
                                f"({first_path}:{first_line}), so both share one page titled '{shown}'; rename one "
                                "of them so that their letters or digits differ, or write both the same way")
            for name, (path, line) in sorted(own.items()) if name.casefold() != first.casefold()]


def _first_use(kind: str, name: str, articles: list) -> tuple[str, int]:
    """The file (first by path) that names this category or tag, and its line there."""
    article = min(articles, key=lambda a: a.source)
    return article.source, _name_line(article, kind, name)


def _taxon_problem(kind: str, name: str, slug: str) -> str | None:
    """Why a category or tag cannot have this address, if it cannot."""
    if not slug:
        return (f"{kind} '{name}' has no letter or digit to make its web address (/{TAXON_FOLDERS[kind]}…/) from "
                f"(punctuation and emoji are left out of addresses); write the {kind} in words, or remove it")
    if len(slug) > MAX_SLUG:  # (a letter like 'Ⅷ' is written with several in an address)
        return f"{kind} '{name}' makes a web address longer than {MAX_SLUG} characters; shorten it"
    if len(slug.encode("utf-8")) > MAX_SLUG_BYTES:  # (a Chinese character is 3 bytes of a folder's name)
        return (f"{kind} '{name}' makes a web address part of {len(slug.encode('utf-8'))} bytes, more than the "
                f"{MAX_SLUG_BYTES} a folder name can safely have; shorten it")
    return None


def _assets(template_dirs: tuple[Path, ...], source: Path, problems: list[Problem]) -> tuple[Asset, ...]:
    found: dict[str, bytes] = {}
    for folder in reversed(template_dirs):  # the site's own files override the theme's
        assets = folder / "assets"
        if not assets.is_dir():
            continue
        if folder == source / "templates":  # the site's own: checked as static/ is (they are published)
            paths = [Path(p) for p in files.walk(assets, source, problems) if Path(p).parent == assets]
        else:
            paths = sorted(assets.iterdir())
        for path in paths:
            if path.is_file() and not path.name.startswith("."):
                found[path.name] = path.read_bytes()
    return tuple(Asset(name, data) for name, data in sorted(found.items()))


def _token_assets(config: Config) -> tuple[Asset, ...]:
    """tokens.css, the clinic's accent colours (theme.accent), when the config sets one."""
    if not config.theme.accent:
        return ()
    return (Asset(design.TOKENS_CSS, design.tokens_css(config.theme.accent, config.theme.accent_dark).encode()),)


def _static_files(source: Path, problems: list[Problem], changes=None) -> tuple[tuple[str, Path], ...]:
    static = source / "static"
    if not static.is_dir():
        problem = files.not_a_folder(static, source, "the files to publish as they are")
        problems.extend([problem] if problem else [])
        return ()
    found = []
    for name in files.listed(static, source, problems, changes, keep=files.WELL_KNOWN)[0]:
        path = Path(name)
        rel = path.relative_to(static)
        too_big = _too_big(path)  # (hidden files, but .well-known/, and editors' backups were never listed: files.scratch)
        if too_big:
            problems.append(error(f"static/{rel.as_posix()}", 0, too_big))
            continue
        source_file = _linked_source(path, source)
        if source_file:
            problems.append(error(f"static/{rel.as_posix()}", 0, f"is a symbolic link to '{source_file}', a file the site "
                                                                 "is made from, which static/ would publish as it is (a "
                                                                 "draft's text, the settings); remove the link"))
            continue
        found.append((rel.as_posix(), path))
    return tuple(found)


_SOURCES = ("content", "translations", "templates", "site_config.yaml")


def _linked_source(path: Path, source: Path) -> str | None:
    """The site file a link in static/ leads to, if it is one the site is made from (its text,
    translations, templates or settings; not a theme asset): a link may be named .txt or .png, so
    the check of static/'s extensions (no .md, no .yaml) would not see it."""
    if not path.is_symlink():
        return None
    root = source.resolve()
    try:
        target = path.resolve().relative_to(root)
    except (OSError, ValueError):  # (a link out of the site, or to nothing: files.listed said so)
        return None
    parts = target.parts
    if parts and parts[0] in _SOURCES and parts[:2] != ("templates", "assets"):
        return target.as_posix()
    return None


MAX_STATIC_BYTES = 100 * 2**20  # GitHub Pages refuses a bigger file, and so do most hosts
MAX_CHECKED_BYTES = 2 * 2**20  # for the files whose every address is checked: pages, drawings, stylesheets
CHECKED = (".html", ".htm", ".xhtml", ".svg", ".css", ".xml")


def _too_big(path: Path) -> str | None:
    try:
        size = path.stat().st_size
    except OSError:
        return None  # (said when it is copied)
    if size > MAX_STATIC_BYTES:
        return (f"is larger than {MAX_STATIC_BYTES // 2**20} MB, more than most hosts will serve (GitHub Pages refuses "
                "it); make it smaller")
    if size > MAX_CHECKED_BYTES and path.suffix.lower() in CHECKED:
        return (f"is larger than {MAX_CHECKED_BYTES // 2**20} MB, more than a web page, drawing or stylesheet needs "
                "(every address in it is checked); make it smaller")
    return None
