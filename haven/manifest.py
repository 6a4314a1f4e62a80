"""What the previous build wrote, so an unchanged page is neither rendered, checked nor written again.

For every page the record keeps a digest of what it was made from, what its templates read of
`site` and of its taxonomy (with a digest of each), the size and time of the file written, and
what the checks found in it. A page is reused only when all of these match: the same generator,
config, day and templates (the site key), the same documents in the same places (the page key),
the same values of what it read, and the file in the output folder untouched since. Rendering
is a function of exactly these, so a reused page is byte for byte what a new render would give;
tests/test_incremental.py compares against cold builds to keep that true.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import types
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from . import cache
from .checks import PageFacts
from .content import Article, Checklist, Page
from .markup import Contents, Heading
from .output import FileStat
from .site import Site, Taxon

_PLAIN = {str, int, float, bool, type(None), dt.date}
# What of `site` the site key stands for already (see site_key).
_IN_SITE_KEY = {"config", "today", "drafts", "source", "template_dirs", "assets", "asset", "has_asset", "pages",
                "checklists"}
_DOCUMENTS = {Article, Page, Checklist}
# A Site's values as a page may show them: its Texts (the files' text, to point at a problem's
# line) are what its documents and config are made from, which stand for them.
_SITE_FIELDS = tuple(f.name for f in dataclasses.fields(Site) if f.name != "texts")

VERSION = 6  # of the record's layout (cache.FORMAT is the file's)

# A page shows its own article (the variable `article`) whole. The other articles in its variables
# (a listing's cards, the next and previous ones, related ones) are shown by what its templates
# read of them ('docs.title', 'docs.summary'...): a sentence added to an article's text leaves
# the listings it is on as they were.
OWN_ARTICLE = "article"
# The site's taxonomies, which templates see one taxon at a time (render.Reads): a page that shows
# how many articles a category has does not depend on what they say.
TAXONOMIES = ("categories", "tags")


class _KnownKey(NamedTuple):
    """A page key as last computed (serve: state.BuildState.page_keys)."""

    fields: tuple  # what it was computed from
    key: str
    page: object  # the very page (render.PageOut) of that plan


class _SavedRecord(NamedTuple):
    """A record as this process last saved it (serve: state.BuildState.records)."""

    signature: object  # of the record file then (cache.signature), None for a preview's
    record: Record


@dataclass(frozen=True)
class Entry:
    """What the record keeps of one page: its key, what it read, its file's size and time, what the checks found."""

    key: str  # digest of the page's own inputs
    reads: tuple  # (what its templates read, e.g. 'site.categories', its digest then)
    stat: FileStat | None  # of the file written (None: a check, which writes nothing)
    facts: PageFacts


class Fingerprints:
    """Digests of the values pages are made from; a document stands for its digest."""

    def __init__(self, site: Site, last_keys: dict | None = None, last_reads: dict | None = None,
                 cards: dict | None = None):
        self.site = site
        # output file -> its key as last computed (serve: state.BuildState.page_keys)
        self._last_keys: dict[str, _KnownKey] = {} if last_keys is None else last_keys
        # (output file, attributes) -> (page, digest) as last read (serve: state.BuildState.listed_reads)
        self._last_reads: dict[tuple[str, str], tuple[object, str]] = {} if last_reads is None else last_reads
        self._memo: dict[int, tuple] = {}
        self._parts: dict[str, str] = {}
        self._fields: dict[tuple[int, str], tuple] = {}  # (article, attributes) -> the digest of their values
        # "<article digest> <attributes>" -> the digest of their values, as the last build found (its
        # Record's cards); `cards` gets those this build uses, for the next one
        self._known_cards: dict[str, str] = {} if cards is None else cards
        self.cards: dict[str, str] = {}

    def of(self, value) -> str:
        """A string that changes whenever `value` would render differently.

        Other values (headings, locations, anything from the config) stand for their repr."""
        kind = type(value)
        if kind in _PLAIN:
            return repr(value)
        if kind in _DOCUMENTS:
            return "d" + value.digest if value.digest else _unique()
        if kind is list or kind is tuple:
            if len(value) > 16:  # long lists (a tag's articles) recur on many pages
                return self._memoized(value, lambda: "[" + ",".join(map(self.of, value)) + "]")
            return "[" + ",".join([self.of(v) for v in value]) + "]"
        if kind is dict:
            return "{" + ",".join([f"{k!r}:{self.of(v)}" for k, v in value.items()]) + "}"
        if kind is Contents:  # made from its document's headings alone
            return "c" + self.of(value.source)
        if kind is Heading:  # many on every article page: the dataclass repr is slow
            return repr((value.level, value.id, value.text))
        if kind is Taxon:  # recurs on each of its pages
            return self._memoized(value, lambda: f"{value.name!r}{value.slug!r}{self.of(value.articles)}")
        if kind is types.MethodType:  # its repr names its object's address (and a Site's repr is all of it)
            return _unique()
        if kind is Site:  # a language of the site (`site.views`, read by the 404 page): its repr held every
            # article's HTML (40 MB a language at 1,000 articles), and its Texts' repr an address
            return self._memoized(value, lambda: "S" + ",".join(f"{name}={self.of(getattr(value, name))}"
                                                                for name in _SITE_FIELDS))
        return repr(value)

    def _memoized(self, value, make) -> str:
        known = self._memo.get(id(value))
        if known is None:
            # The value is kept with its digest so that its id() cannot be reused meanwhile.
            known = self._memo[id(value)] = (value, "#" + hashlib.sha1(make().encode()).hexdigest())
        return known[1]

    def page(self, page) -> str:
        """The page key: its address, template, titles and variables.

        A taxonomy in the variables stands for its name and size only: what a page reads of its
        articles is a read of its own (see `read`)."""
        # Structured data is left out: it is made from the config, the day and the page's documents,
        # which the site key and the variables stand for already.
        known = self._last_keys.get(page.file)
        if known is not None and known.page is page:  # serve: the very page of the last plan
            return known.key
        fields = (page.path, page.template, page.source, page.title, page.description, page.crumbs,
                  page.indexable, page.lastmod, page.og_type, page.prefix, page.alternates, page.vars)
        if known is not None and known.fields == fields:  # serve: equal values (mostly the very same objects)
            self._last_keys[page.file] = _KnownKey(fields, known.key, page)
            return known.key
        fixed = repr(fields[:-1])  # plain values only
        shown = ",".join(f"{name}={self._shallow(value) if type(value) is Taxon else self.of(value) if name == OWN_ARTICLE else self._listed(value)}"
                         for name, value in page.vars.items())
        key = hashlib.sha1((fixed + shown).encode()).hexdigest()
        if "!" not in shown:  # (a value without a digest is never to be reused)
            self._last_keys[page.file] = _KnownKey(fields, key, page)
        return key

    def remembers(self, page, key: str) -> bool:
        """Whether `key` is the page's key as kept for the next plan of the very same page (a key
        made from a value without a digest is never kept, nor reused)."""
        known = self._last_keys.get(page.file)
        return known is not None and known.page is page and known.key == key

    def _listed(self, value) -> str:
        """A variable that may list articles: each stands for its file (what the page read of
        it is a read of its own, see `read`)."""
        kind = type(value)
        if kind is Article:
            return "a" + value.source + "\0"  # (no file name holds a NUL)
        if kind is list or kind is tuple:
            return "[" + ",".join([f"a{v.source}\0" if type(v) is Article else self.of(v) for v in value]) + "]"
        return self.of(value)

    def _fields_of(self, article: Article, names: str) -> str:
        """A digest of an article's attributes `names` ('meta.category,slug,title'), as `of` gives them.

        The attributes are made from the article's file alone, which its digest names: a later
        build looks the digest up (a listing page is checked against all its articles each build)."""
        known = self._fields.get((id(article), names))
        if known is None:  # (the article is kept with it so that its id() cannot be reused meanwhile)
            card = f"{article.digest} {names}" if article.digest else ""
            digest = self._known_cards.get(card) if card else None
            if digest is None:
                values = [_attribute(article, name) for name in names.split(",")]
                digest = hashlib.sha1("|".join([self.of(value) for value in values]).encode()).hexdigest()
                if not all(type(value) in _PLAIN for value in values):
                    card = ""  # (a value that stands for its repr, or is unique: not worth keeping)
            if card:
                self.cards[card] = digest
            known = self._fields[id(article), names] = (article, digest)
        return known[1]

    @staticmethod
    def _shallow(taxon: Taxon) -> str:
        return repr((taxon.name, taxon.slug, len(taxon.articles)))

    @staticmethod
    def worth_keeping(name: str) -> bool:
        """False for reads the site key stands for already (`site.drafts`, `site.config`...)."""
        scope, _, rest = name.partition(".")
        return not (scope == "site" and rest in _IN_SITE_KEY)

    def read(self, page, name: str) -> str:
        """A digest of what a page read: 'site.<attribute>', 'vars.<variable>.<attribute>' or
        'docs.<attribute>,<attribute>...' (of every article it lists, see render.Renderer.page)."""
        scope, _, rest = name.partition(".")
        if scope == "docs":
            return self._listed_read(page, rest)
        if scope == "site":  # a page of a further language read that language's site
            return self.site_read(getattr(page, "prefix", ""), name)
        variable, _, attribute = rest.partition(".")
        return hashlib.sha1(self._of_taxon(page.vars.get(variable), attribute).encode()).hexdigest()

    def site_read(self, prefix: str, name: str) -> str:
        """`read` of 'site.<attribute>' by a page of the language whose folder is `prefix`."""
        rest = name.partition(".")[2]
        if rest in _IN_SITE_KEY:
            return ""
        known = self._parts.get(prefix + rest)
        if known is None:
            site = self.site.view_for(prefix) if prefix else self.site
            known = self._parts[prefix + rest] = hashlib.sha1(self._of_site(site, rest).encode()).hexdigest()
        return known

    def _listed_read(self, page, names: str) -> str:
        """The digest of attributes `names` of the articles `page` lists. serve plans an unchanged
        page as the very same object, its articles the same frozen objects: its digest stands."""
        known = self._last_reads.get((page.file, names))
        if known is not None and known[0] is page:
            return known[1]
        digest = hashlib.sha1("/".join([self._fields_of(a, names) for a in listed_articles(page.vars)]).encode()).hexdigest()
        self._last_reads[page.file, names] = (page, digest)
        return digest

    def _of_site(self, site: Site, name: str) -> str:
        """What a page saw of the site's `name`: the categories and tags by their names and
        addresses, and a taxon's attribute read through them by its value, or its length when
        only that was asked for ('categories.articles#', see render.Reads)."""
        attribute, _, inner = name.partition(".")
        value = getattr(site, attribute, None)
        if attribute not in TAXONOMIES or value is None:
            return self.of(value)
        if not inner:
            return repr([(taxon.name, taxon.slug) for taxon in value])
        return "[" + ",".join([self._of_taxon(taxon, inner) for taxon in value]) + "]"

    def _of_taxon(self, taxon, attribute: str) -> str:
        if attribute.endswith("#"):
            return repr(len(getattr(taxon, attribute[:-1], None) or ()))
        return self.of(getattr(taxon, attribute, None))


def _attribute(article: Article, name: str):
    """An article's attribute, or one of its front matter's ('meta.category')."""
    first, _, then = name.partition(".")
    value = getattr(article, first, None)
    return getattr(value, then, None) if then else value


def listed_articles(variables: dict) -> list[Article]:
    """The articles a page's variables list besides its own, in order: a variable's value, or
    an item of a list or tuple that is one (the Renderer shows exactly these through `Reads`)."""
    found = []
    for name, value in variables.items():
        kind = type(value)
        if name == OWN_ARTICLE:
            continue
        if kind is Article:
            found.append(value)
        elif kind is list or kind is tuple:
            found += [v for v in value if type(v) is Article]
    return found


def _unique() -> str:
    """A value equal to nothing else: for inputs without a digest, which are never reused."""
    return f"!{os.urandom(16).hex()}"


def site_key(site, generator: str, plan=None) -> str:
    """Everything every page depends on: generator, config, day, drafts, templates and the
    pages and checklists that navigation lists; on a site in several languages, the same for each
    language (its settings from translations/<code>.yaml, its words), and which pages exist in
    each (where the links of a translated page lead depends on it)."""
    digest = hashlib.sha256(generator.encode())
    parts = [repr(site.config), site.today.isoformat(), repr(site.drafts), str(site.source.resolve())]
    parts += [d.digest or _unique() for d in site.pages + site.checklists]
    for view in getattr(site, "views", ()):
        parts += [repr(view.config), repr(view.words), repr(view.language), repr(site.languages)]
        parts += [d.digest or _unique() for d in view.pages + view.checklists]
    if getattr(site, "multilingual", False):
        from . import catalogue

        parts.append(getattr(catalogue, "catalogue_digest", lambda: "")())
        if plan is not None:
            parts.append("\n".join(sorted(page.file for page in plan.claimed)))
    for folder in site.template_dirs:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                parts.append(path.relative_to(folder).as_posix())
                parts.append(hashlib.sha256(path.read_bytes()).hexdigest())
    for part in parts:
        data = part.encode()
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


@dataclass
class Record:
    """The pages of one output folder as last written."""

    site_key: str = ""
    pages: dict = dataclasses.field(default_factory=dict)  # output path -> Entry
    files: frozenset | None = None  # every file of the output; None: unknown, look
    cards: dict = dataclasses.field(default_factory=dict)  # what the pages read of the articles they list (Fingerprints)
    # other file (not a page) -> (output.digest of its bytes, its proof then: output.Written.proof), for each
    # that held those bytes, old enough for its proof to show them, and that the deploy check found nothing in
    others: dict = dataclasses.field(default_factory=dict)


def _path(source: Path, output: Path) -> Path | None:
    folder = cache.folder_for(source)
    if folder is None:
        return None
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:16]
    return folder / f"{cache.KEEP_PREFIX}pages-{name}"


def load(source: Path, output: Path, records: dict | None = None) -> Record:
    """The record of the last build into `output`, or an empty one. `records` is what this
    process saved before (serve: state.BuildState.records): no need to read it back."""
    path = _path(source, output)
    known = (records or {}).get((source.resolve(), output.resolve()))
    if known is not None and known.signature == (cache.signature(path) if path else None):
        return known.record
    if path is None:
        return Record()
    try:
        return _from_plain(cache.read_data(path))
    except Exception:  # noqa: BLE001 - missing, damaged or foreign: build everything, never an error
        return Record()


def forget(source: Path, output: Path, records: dict | None = None) -> None:
    """Drop the record while the output is being changed: a build killed meanwhile leaves none,
    so the next one looks at every file instead of trusting it."""
    if records is not None:
        records.pop((source.resolve(), output.resolve()), None)
    path = _path(source, output)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


def save(source: Path, output: Path, record: Record, records: dict | None = None, disk: bool = True) -> None:
    """Keep the record in `records` (this process) and, unless `disk` is False (a preview's
    temporary output), in the cache folder for the next build."""
    path = _path(source, output) if disk else None
    if path is not None and not cache.write_data(path, _to_plain(record)):
        return
    if records is not None:
        records[source.resolve(), output.resolve()] = _SavedRecord(cache.signature(path) if path else None, record)


_FACTS = [field.name for field in dataclasses.fields(PageFacts)]


def _to_plain(record: Record) -> tuple:
    """The record as plain values (cache.write_data), PageFacts as tuples of their fields."""
    no_problems = cache.to_plain(())
    pages = tuple((file, entry.key, entry.reads, None if entry.stat is None else tuple(entry.stat),
                   (no_problems if entry.facts.problems == () else cache.to_plain(entry.facts.problems),
                    *[getattr(entry.facts, name) for name in _FACTS[1:]]))
                  for file, entry in record.pages.items())
    return (VERSION, record.site_key, pages, None if record.files is None else tuple(sorted(record.files)),
            record.cards, tuple((file, *held) for file, held in record.others.items()))


def _from_plain(plain) -> Record:
    """The record `_to_plain` made, or ValueError (TypeError) for anything else."""
    if type(plain) is not tuple or len(plain) != 6 or plain[0] != VERSION:
        raise ValueError("not a record of pages")
    _, site_key, pages, files, cards, others = plain
    entries = {}
    no_problems = cache.to_plain(())  # what most pages found (decoded once: 14,000 pages at 10,000 articles)
    for file, key, reads, stat, facts in pages:
        if len(facts) != len(_FACTS):
            raise ValueError("a record of another shape")
        problems = () if facts[0] == no_problems else cache.from_plain(facts[0])
        if type(problems) is not tuple:
            raise ValueError("a record of another shape")
        entries[file] = Entry(key, reads, None if stat is None else FileStat(*stat), PageFacts(problems, *facts[1:]))
    if type(site_key) is not str or not (files is None or type(files) is tuple) or type(cards) is not dict:
        raise ValueError("a record of another shape")
    if not all(type(card) is str and type(digest) is str for card, digest in cards.items()):
        raise ValueError("a record of another shape")
    held = {file: (digest, proof) for file, digest, proof in others}
    if not all(type(file) is str and type(digest) is str and type(proof) is tuple and len(proof) == 5
               and all(type(number) is int for number in proof) for file, (digest, proof) in held.items()):
        raise ValueError("a record of another shape")
    return Record(site_key, entries, None if files is None else frozenset(files), cards, held)
