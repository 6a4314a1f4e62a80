"""The site's own search index: small JSON files fetched from the site itself, searched by
`search.js` in the visitor's browser on /search/ only.

Why not Pagefind: it needs WebAssembly (a CSP exception, 'wasm-unsafe-eval'), a binary per
platform and a few hundred KB on the first query; this index needs no change to the policy,
no dependency, and the first query of a 1,000-article site fetches a few tens of KB
(docs/performance.md, bench/search.py).

Layout, per language, under `<language path>search/index/`:
- `manifest.json`: the number of documents, the type of each, and the keys of the term shards;
- `t/<hex of the key>.json`: the terms that start with that key (and not with a longer key),
  each with its document frequency and postings [doc, score, doc, score, ...] (doc ids as
  differences from the previous one);
- `d/<id>.json`: one document: address, title, type, summary and text, for the excerpt.

A query fetches the manifest, the shards of its terms and the documents of the results shown:
its cost grows with the vocabulary (the manifest), not with the number of pages. Shards are split
by prefix until each is under SHARD_BYTES, so a term's shard stays small however big the site.

Words are matched without accents and case (NFKD, marks removed, lower case), as a prefix of a
word; text in Chinese or Japanese (no spaces between words) is indexed by single characters and
pairs of characters, and a query in it is split the same way: a page matches when each of its
characters is in one of its pairs found in the page, or found alone beside them (search.js,
runScores: 焦虑睡眠 finds 焦虑 … 睡眠 without 虑睡), or when the pairs found hold over half of its
characters other than little joining words (焦虑 and 症状 for 焦虑的症状和治疗; ranked after the
pages with all of it; a query of two characters needs its pair). search.js implements the same
rules; the index is the same either way.

Records come from `records(site)`; another kind of page is one more line there (and a label in
TYPES). Everything here depends only on the records, so a cold and an incremental build give the
same bytes."""

from __future__ import annotations

import bisect
import collections
import functools
import hashlib
import itertools
import json
import marshal
import math
import operator
import os
import re
import sys
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from . import cache, parallel
from .htmltext import reader_languages
from .output import Packed

R = TypeVar("R")


def _(text: str) -> str:
    """Marks a word for the theme's catalogue (pybabel extract); the search page translates it."""
    return text


SHARD_BYTES = 12_000  # a shard bigger than this is split by the next character of its terms
MAX_POSTINGS = 300  # documents kept per term (the best-scored), so no shard grows with the site
MAX_TEXT = 12_000  # characters of a document's text kept for excerpts
FIELD_WEIGHTS = (("title", 8), ("headings", 4), ("summary", 2), ("body", 1))
INDEX_FOLDER = "search/index/"

# The kinds of page, and their label (shown with each result, through the page's `words`).
TYPES = {
    "article": _("Article"),
    "page": _("Page"),
    "location": _("Location"),
    "self-assessment": _("Self-assessment"),
    "service": _("Service"),
    "clinician": _("Clinician"),
}


@dataclass(frozen=True)
class Record:
    """One page as the search sees it. `url`: the path below the base ('blog/x/')."""

    url: str
    title: str
    summary: str
    type: str  # a key of TYPES
    language: str  # BCP 47 code of the page's language
    headings: tuple[str, ...]
    body: str  # plain text
    # The language of each heading written in another than the page's (its BCP 47 code, else ''),
    # for the results to mark it (WCAG 3.1.2): a clinician's languages by their English names and
    # their own. Empty when every heading is in the page's language.
    heading_languages: tuple[str, ...] = ()
    # The runs of the body the page marks with another `lang` (start, end, code; in UTF-16 code
    # units, as search.js counts): '988 Suicide & Crisis Lifeline' on a Chinese page.
    body_languages: tuple[tuple[int, int, str], ...] = ()


# --- Words -------------------------------------------------------------------------------------

_CJK = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
_CJK_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK)
# A word: a run of CJK characters, or of other letters and digits (str.isalnum: as \p{L}\p{N} in search.js).
# (compiled when first needed, 1.5 ms: counted() finds the words of most text without it)
@functools.cache
def _word() -> re.Pattern:
    return re.compile(f"[{_CJK_CLASS}]+|[^\\W_{_CJK_CLASS}]+")


@functools.cache
def _non_ascii() -> re.Pattern:  # (compiled when first needed: most words are ASCII)
    return re.compile(r"[^\x00-\x7f]+")


_NON_ASCII_SPLIT = re.compile(r"([^\x00-\x7f]+)")


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK)


def _unmarked(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Lower case, without accents: 'Depresión' -> 'depresion' (as search.js folds)."""
    if text.isascii():
        return text.lower()
    return _non_ascii().sub(lambda match: _unmarked(match.group()), unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    """The folded words of `text`; a run of CJK characters is one word."""
    return _word().findall(fold(text))


def terms(text: str) -> list[str]:
    """Index terms: each word, or for a CJK run each character and each pair of characters."""
    out: list[str] = []
    for word in words(text):
        if word[0] >= "\u3040" and is_cjk(word[0]):
            out.extend(word)
            out.extend(word[i:i + 2] for i in range(len(word) - 1))
        else:
            out.append(word)
    return out


# The bytes of ASCII text with its letters in lower case and every other byte (those of other
# characters in UTF-8 too) a space: its words, as _word() finds them in it, split by bytes.split().
_ASCII_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if chr(c).isalnum() and c < 128 else 32 for c in range(256))


_ASCII = bytes(range(128))


def _parts_words(char: str) -> bool:
    """Whether a character other than ASCII only ever parts words ('’', '–'): folded, it is
    some character (not a mark alone, which joins its neighbours), none a letter, digit or CJK."""
    folded = _unmarked(unicodedata.normalize("NFKD", char))
    return bool(folded) and not any(c.isalnum() or is_cjk(c) for c in folded)


def counted(text: str) -> Counter:
    """Counter(terms(text)), made without going through every word in Python when the text's
    letters are all ASCII once folded (most text in a Latin alphabet: 'é' folds to 'e', and
    '’' or '–' only part words)."""
    data = text.encode("utf-8")
    # Text whose other characters only part words is split as it is: they, like the spaces,
    # become spaces (without its ASCII bytes, UTF-8 is still whole characters).
    if not text.isascii() and not all(map(_parts_words, set(data.translate(None, _ASCII).decode("utf-8")))):
        # Folded by runs of other characters: NFKD leaves ASCII alone and no mark moves across
        # it, so this is fold(text) before lower case.
        parts = _NON_ASCII_SPLIT.split(text)  # ASCII, a run of others, ASCII, ...
        runs: dict[str, str] = {}
        for run in set(parts[1::2]):
            runs[run] = folded = _unmarked(unicodedata.normalize("NFKD", run))
            if any(c > "\x7f" and (c.isalnum() or is_cjk(c)) for c in folded):
                return Counter(terms(text))  # letters of another alphabet, or CJK
        parts[1::2] = map(runs.__getitem__, parts[1::2])
        data = "".join(parts).encode("utf-8")
    return Counter(data.translate(_ASCII_WORDS).decode("ascii").split())


# --- Records of the site -------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A page to index, its record made only when the cache has nothing for `key`."""

    url: str
    language: str
    key: str  # a digest of everything the record is made from; '' to make it every time
    make: Callable[[], Record]
    # a make() that reads only a copy, taken now, of what the record is made from (see build)
    copied: Callable[[], Callable[[], Record]] | None = None


def sources(site, known: dict | None = None, now: dict | None = None) -> list[Source]:
    """Every page the search finds: one line per kind of page. A page's `url` is its path below
    the base, with its language's folder ('es/blog/x/'); pass `build` the same folders.

    `known`: id of a document -> (it, its url, kind, language, its Source, its facts) as the last build made
    them (serve: BuildState.search_sources); a document loaded again is a new object, so the very same one
    has the same Source. Those of this build are put in `now`."""
    language = site.config.site.language
    known = {} if known is None else known
    now = {} if now is None else now

    def of(doc, url: str, kind: str, facts: Facts = NO_FACTS) -> Source:
        last = known.get(id(doc))
        if last is not None and last[0] is doc and last[1] == url and last[2] == kind and last[3] == language \
                and last[5] == facts:
            now[id(doc)] = last
            return last[4]
        made = document(doc, url, kind, language, facts)
        now[id(doc)] = (doc, url, kind, language, made, facts)
        return made

    found: list[Source] = []
    for a in site.articles:  # (of() inlined for the very same article, whose url is the same: 10,000 on every edit)
        last = known.get(id(a))
        if last is not None and last[0] is a and last[2] == "article" and last[3] == language:
            now[id(a)] = last
            found.append(last[4])
        else:
            found.append(of(a, f"blog/{a.slug}/", "article"))
    found += [of(p, f"{p.slug}/", "page") for p in site.pages]
    found += [ready(_location(loc, language)) for loc in site.config.locations]
    found += [ready(_checklist(c, language)) for c in site.checklists]
    found += [of(s, f"services/{s.slug}/", "service", service_facts(s)) for s in site.services]
    names = {loc.id: loc.name for loc in site.config.locations}
    words = site.words.text if site.words is not None else str
    found += [of(c, f"team/{c.slug}/", "clinician", clinician_facts(c, names, language, words))
              for c in site.clinicians]
    return found


# What a page shows from its front matter besides its title, summary and Markdown body, as
# search finds it: (more headings, more body text, the language of each of those headings that is
# in another than the page's: see Record.heading_languages). Headings weigh 4 times the body.
Facts = tuple[tuple[str, ...], str, tuple[str, ...]]
NO_FACTS: Facts = ((), "", ())


def service_facts(service) -> Facts:
    """A service's questions weigh as headings, their answers as its text (as the page shows them)."""
    faq = service.meta.faq
    return tuple(item.q for item in faq), " ".join(markdown_text(item.a) for item in faq), ()


def clinician_facts(person, location_names: dict[str, str], language: str,
                    words: Callable[[str], str] = str) -> Facts:
    """What a clinician's page says of them, found as headings (role, credentials, specialties,
    languages) and as text (the names of their offices). A language is found by its name in the
    page's language, in English and in itself ('Spanish', 'español' on every page), as families
    search for it whatever page they are on: the names the team page gives it (spoken.py), and
    CLDR's names of the code written, except for Chinese, whose spoken names ('Chinese (Mandarin)',
    in the page's `words` too) are the ones families search by (CLDR names 'cmn' '中文 (簡體, 中國)')."""
    from .people import autonym, language_name  # (babel, loaded only for a site with clinicians)
    from .spoken import VARIETIES, choice
    from .spoken import spoken as named

    meta = person.meta
    spoken: dict[str, tuple[str, str]] = {}  # a name, casefolded -> (the name, the language it is in)
    for code in meta.languages:
        shown, english = named(code, language, words), named(code, "en", str)
        cldr = () if choice(code) in VARIETIES else (
            (language_name(code, language), language), (language_name(code, "en"), "en"), (autonym(code), code))
        for name, written_in in (*cldr, (shown.name, language), (english.name, "en"), (shown.autonym, shown.lang)):
            if name:
                spoken.setdefault(name.casefold(), (name, "" if _same_language(written_in, language) else written_in))
    own = (meta.role, *filter(None, [meta.credentials]), *meta.specialties)
    headings = own + tuple(name for name, _ in spoken.values())
    offices = " ".join(location_names[loc] for loc in meta.locations if loc in location_names)
    languages = ("",) * len(own) + tuple(written_in for _, written_in in spoken.values())
    return headings, offices, languages if any(languages) else ()


def _same_language(code: str, other: str) -> bool:
    """Whether two BCP 47 codes name one language ('zh' and 'zh-Hans' do): a name in it needs no mark."""
    return code.split("-")[0].lower() == other.split("-")[0].lower()


def document(doc, url: str, kind: str, language: str, facts: Facts = NO_FACTS) -> Source:
    """An article, page, service or clinician (a loaded Markdown document with a digest), with the
    `facts` its page shows from its front matter."""
    more_headings, more_text, more_languages = facts

    def copied() -> Callable[[], Record]:
        # (plain str: a translation's text carried over from its original is a str marked with its
        # language, inherited.py, which marshal does not take)
        fields = marshal.dumps((str(doc.title), str(doc.summary or ""),
                                tuple(str(h.text) for h in doc.headings) + tuple(map(str, more_headings)),
                                ("",) * len(doc.headings) + more_languages if more_languages else ()))
        # (as Document.html reads it) A view of the HTML's bytes: reading through it leaves the
        # count of references of the document's bytes, and so the page of memory it is in, alone.
        data = doc.html_data if isinstance(doc.html_data, str) else memoryview(doc.html_data)
        compressed = doc.html_compressed

        def make() -> Record:
            title, summary, headings, languages = marshal.loads(fields)
            html = data if isinstance(data, str) else str(zlib.decompress(data) if compressed else data, "utf-8")
            body, runs = reader_languages(html)
            return Record(url, title, summary, kind, language, headings, f"{body} {more_text}" if body and more_text
                          else body or more_text, languages, runs)
        return make
    key = ""
    if doc.digest:
        # (facts come from the site's settings too, a renamed office; without any, the key is as it was)
        made_from = (doc.digest, url, kind, language) + ((facts,) if facts != NO_FACTS else ())
        key = _part_of(url) + hashlib.sha256(repr(made_from).encode()).hexdigest()
    return Source(url, language, key, lambda: copied()(), copied)


def _part_of(url: str) -> str:
    """The first character of the keys of a page's entries: the cache file they are kept in, the
    same for each version of the page (an edit rewrites one file)."""
    return STORE_PARTS[zlib.crc32(url.encode("utf-8")) % 16]


def ready(record: Record) -> Source:
    return Source(record.url, record.language, "", lambda: record)


def records(site) -> list[Record]:
    """The records of every page the search finds."""
    return [source.make() for source in sources(site)]


def _location(loc, language: str) -> Record:
    return Record(f"locations/{loc.id}/", loc.name, loc.address_line, "location", language, (),
                  " ".join(filter(None, (loc.address_line, markdown_text(loc.directions or "")))))


def _checklist(checklist, language: str) -> Record:
    spec = checklist.spec
    body = " ".join(filter(None, [markdown_text(spec.intro or ""), *(markdown_text(item.text) for item in spec.items)]))
    return Record(f"self-assessment/{checklist.id}/", spec.title, spec.summary or "", "self-assessment", language,
                  tuple(topic.title for topic in spec.topics.values()), body)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_`#>]+")


def markdown_text(text: str) -> str:
    """Short Markdown (an intro, directions, a statement) as plain text: links keep their words."""
    return " ".join(_MD_MARKS.sub("", _MD_LINK.sub(r"\1", text)).split())


# --- The index -----------------------------------------------------------------------------------

def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def shard_file(key: str) -> str:
    """The file of a shard: its key's UTF-8 bytes in hex ('' -> '_'), safe in any URL."""
    return "t/" + (key.encode("utf-8").hex() or "_") + ".json"


def scores(record: Record) -> Counter:
    """term -> its score in the record: each occurrence counts its field's weight."""
    counts: Counter = Counter()
    for name, weight in sorted(FIELD_WEIGHTS, key=operator.itemgetter(1)):  # the body first, added as it is
        value = getattr(record, name)
        found = counted(" ".join(value) if isinstance(value, tuple) else value)
        if weight == 1:
            counts.update(found)
        else:
            for term, n in found.items():
                counts[term] += n * weight
    return counts


# A document's scores and a term's postings are kept as arrays of 2-byte scores and 4-byte document
# numbers, not as lists of Python ints (8 bytes a slot): a quarter of the memory at 10,000 articles.
# In the cache they are bytes, little-endian on any machine (a cache folder may be shared).
_SWAP = sys.byteorder == "big"


def _packed(values: array) -> bytes:
    if _SWAP:
        values = values[:]
        values.byteswap()
    return values.tobytes()


def _unpacked(typecode: str, data: bytes) -> array:
    values = array(typecode)
    values.frombytes(data)
    if _SWAP:
        values.byteswap()
    return values


Entry = tuple[bytes, bytes, bytes]  # what made() gives


# Pages in an index up to which its entries are zlib streams left uncompressed (level 0: a copy
# and a checksum). Compressing them (level 1, a third of the size) is for a big site's memory, in
# serve and in the cache folder; at 1,000 articles it and the decompressing took 3 % of a cold
# build's CPU time. Either way they are zlib streams: read the same, whatever level made them.
SMALL_INDEX = 2_000


def made(record: Record, level: int = 1) -> Entry:
    """What the index keeps of a record: its terms (one string, NUL between them, in UTF-8), their
    scores (packed, in the same order), and its document file. Terms and file are zlib streams
    (compressed at `level`): thousands are held at once, in serve and in the cache folder."""
    counts = scores(record)
    found = sorted(counts)
    values = list(map(counts.__getitem__, found))
    if max(values, default=0) > 999:
        values = [min(value, 999) for value in values]
    return (zlib.compress("\0".join(found).encode("utf-8"), level), _packed(array("H", values)),
            zlib.compress(_dump({"u": record.url, "t": record.title, "y": record.type, "s": record.summary,
                                 "h": list(record.headings), "b": record.body[:MAX_TEXT],
                                 **({"hl": list(record.heading_languages)} if record.heading_languages else {}),
                                 **({"bl": _kept_runs(record)} if record.body_languages else {})}), level))


def _kept_runs(record: Record) -> list[list]:
    """The body's runs in another language (Record.body_languages) within the text the index keeps."""
    kept = len(record.body[:MAX_TEXT].encode("utf-16-le")) // 2
    return [[start, min(end, kept), lang] for start, end, lang in record.body_languages if start < kept]


def _made_by(make: Callable[[], Record], level: int = 1) -> Entry:
    return made(make(), level)


class _Damaged(ValueError):
    """An entry read from the cache folder whose terms and scores do not match (build starts over)."""


def _terms(entry: Entry) -> list[str]:
    """The terms of a record's entry, in their order; raises _Damaged when they are not as many
    as its scores (only an entry of a cache file can be: _read_store does not decompress them)."""
    text = zlib.decompress(entry[0]).decode("utf-8")
    found = text.split("\0") if text else []
    if len(entry[1]) != 2 * len(found):
        raise _Damaged("an entry of the search index's cache file of another shape")
    return found


def _scored(entry: Entry) -> dict[str, int]:
    """term -> score of a record's entry."""
    return dict(zip(_terms(entry), _unpacked("H", entry[1]), strict=True))


def _digest(url: str, entry: Entry) -> str:
    """A key for the entry of a page made every time (a location): what it gave."""
    digest = hashlib.sha256(zlib.decompress(entry[2]))  # (JSON: no raw \1 in it)
    digest.update(b"\1%d\1" % len(entry[1]) + entry[1] + zlib.decompress(entry[0]))
    return _part_of(url) + digest.hexdigest()


def build(found: Iterable[Record | Source], folder_of: Callable[[str], str] = lambda language: "",
          memo: dict | None = None, store: Path | None = None, packed: bool = False,
          later: list | None = None) -> dict[str, bytes | Packed]:
    """{output file: bytes} of the index of every language among `found`; `folder_of` gives
    the folder of a language's pages ('' for the default, 'es/' ...). With `packed`, the
    documents' files are given compressed (output.Packed), as the index holds them.

    `memo` (BuildState.search) keeps, between builds of one process, what each record gave and
    each language's index; without it they are read from `store` (a file of the cache folder), and
    what changed is written back there. A rebuild makes again only the entries of changed pages,
    the postings and shard parts of the terms whose scores changed, and the shards holding them;
    the bytes are those of a build from nothing (tests/test_differential.py, tests/test_search.py).
    `later` (serve: BuildState.later) gets the writing of `store`, which no page waits for, instead
    of doing it now."""
    return finished(building(found, folder_of, memo, store, packed, later, here=False))


def finished(steps: Generator[None, None, R]) -> R:
    """What a generator of steps returns, once every step is taken."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def building(found: Iterable[Record | Source], folder_of: Callable[[str], str] = lambda language: "",
             memo: dict | None = None, store: Path | None = None, packed: bool = False,
             later: list | None = None, here: bool = True) -> Generator[None, None, dict[str, bytes | Packed]]:
    """build(), in steps; returns its files. `here`: the entries are made in this process, a few
    between steps, for it to take the steps while forked workers do other work (see
    parallel.map_in_order's `meanwhile`); else on every core, as build() makes them."""
    memo = {} if memo is None else memo
    if "made" not in memo and store is not None:
        memo.update(_read_store(store) or {})
    items = [item if isinstance(item, Source) else ready(item) for item in found]
    try:
        return (yield from _build(items, folder_of, memo, store, packed, later, here))
    except (zlib.error, UnicodeDecodeError, _Damaged):
        if not memo.get("made"):
            raise
    # An entry of the cache folder's, which _read_store took on its shape alone (decompressing
    # every entry's terms to count them was half its time), is damaged or foreign; serve keeps
    # such an entry until an edit of its page has it decompressed. A miss, as for any cache
    # file: the index is made from nothing, and written whole.
    memo.clear()
    return (yield from _build(items, folder_of, memo, store, packed, later, here))


def _build(items: list[Source], folder_of: Callable[[str], str], memo: dict, store: Path | None, packed: bool,
           later: list | None, here: bool) -> Generator[None, None, dict[str, bytes | Packed]]:
    """building, once the memo holds what is known."""
    last_made: dict[str, Entry] = memo.get("made", {})
    last_languages: dict[str, dict] = memo.get("languages", {})
    entries = [last_made.get(source.key) if source.key else None for source in items]
    todo = [source for source, entry in zip(items, entries, strict=True) if entry is None]
    # Forked workers make most of them; each page of this process's memory a worker touches is
    # copied, and reading a loaded document touches several (refcounts), a copy of its fields one.
    level = 0 if len(items) <= SMALL_INDEX else 1
    if here:
        fresh_made: list[Entry] = []
        for start in range(0, len(todo), _STEP):
            fresh_made += [_made_by(source.make, level) for source in todo[start:start + _STEP]]
            yield
        fresh = iter(fresh_made)
    else:
        makes = [source.copied() if source.copied is not None else source.make for source in todo]
        fresh = iter(parallel.map_in_order(functools.partial(_made_by, level=level), makes))  # on every core when there are many
        del makes
    made: dict[str, Entry] = {}
    groups: dict[str, list[tuple[str, str]]] = {}
    for source, entry in zip(items, entries, strict=True):
        if entry is None:
            entry = next(fresh)
        key = source.key
        if not key:  # a page made every time is known by what it gave (the same object as last time)
            key = _digest(source.url, entry)
            entry = last_made.get(key, entry)
        made[key] = entry
        groups.setdefault(source.language, []).append((source.url, key))
    files: dict[str, bytes | Packed] = {}
    languages: dict[str, dict] = {}
    for language, docs in sorted(groups.items()):
        docs.sort(key=operator.itemgetter(0))  # documents are numbered in the order of their addresses
        index = languages[language] = yield from _language(docs, made, last_languages.get(language), last_made)
        base = folder_of(language) + INDEX_FOLDER
        for doc_id, (_, key) in enumerate(docs):
            data = made[key][2]
            files[f"{base}d/{doc_id}.json"] = Packed(data) if packed else zlib.decompress(data)
        for key, (_, data) in index["shards"].items():
            files[base + shard_file(key)] = data
        files[base + "manifest.json"] = _dump({"v": 1, "n": len(docs), "shards": sorted(index["shards"])})
        yield
    memo["made"], memo["languages"] = made, languages
    if store is not None:
        if later is None:
            _save(store, memo, last_made, last_languages)
        else:
            later.append(functools.partial(_save, store, memo, last_made, last_languages))
    return files


_STEP = 32  # entries made between two steps of `building` (about 10 ms)
# Documents and terms taken between two steps of making a language's index from its entries (each
# about 10 ms at 1,000 articles): as one step, the three languages' indexes of a 1,000-article site
# held the interpreter's lock for half a second, and a worker waited that long for its next pages.
_STEP_DOCS, _STEP_TERMS = 250, 4_000


def _language(docs: list[tuple[str, str]], made: dict[str, Entry], last: dict | None,
              last_made: dict[str, Entry]) -> Generator[None, None, dict]:
    """One language's index: {"docs": [(url, key of its entry)] by number, "post": {term: (doc
    numbers, scores)}, "terms": the terms sorted, "shards": {key: (its terms, its file)},
    "encoded": {term: its part of its shard's file}}. The last one is mended when a few documents
    changed and none came or went (the numbers stay); else it is made from the entries."""
    if last is not None and last["docs"] == docs:
        return last
    if last is None or len(last["docs"]) != len(docs):
        return (yield from _afresh(docs, made, last))
    changed = [doc_id for doc_id, (old, new) in enumerate(zip(last["docs"], docs, strict=True)) if old != new]
    if any(last["docs"][doc_id][0] != docs[doc_id][0] for doc_id in changed) or 4 * len(changed) > len(docs):
        return (yield from _afresh(docs, made, last))
    return _mended(docs, made, last, [(doc_id, last_made[last["docs"][doc_id][1]]) for doc_id in changed])


def _afresh(docs: list[tuple[str, str]], made: dict[str, Entry], last: dict | None) -> Generator[None, None, dict]:
    """The index made from the entries (a term's part of the last index is kept while its
    postings are the same), in steps."""
    ids: dict[str, array] = {}
    values: dict[str, array] = {}
    # (the loops over a document's terms are map()s, in C: there are millions of postings at 10,000 articles)
    for doc_id, (_, key) in enumerate(docs):
        if doc_id % _STEP_DOCS == _STEP_DOCS - 1:
            yield
        found = _terms(made[key])
        if not found:
            continue
        for term in set(found).difference(ids):
            ids[term], values[term] = array("I"), array("H")
        collections.deque(map(array.append, map(ids.__getitem__, found), itertools.repeat(doc_id)), 0)
        collections.deque(map(array.append, map(values.__getitem__, found), _unpacked("H", made[key][1])), 0)
    terms = sorted(ids)
    post = {term: (ids[term], values[term]) for term in terms}
    del ids, values
    yield
    old_post, old_encoded = (last["post"], last["encoded"]) if last is not None else ({}, {})
    encoded: dict[str, bytes] = {}
    for number, term in enumerate(terms):
        if number % _STEP_TERMS == _STEP_TERMS - 1:
            yield
        old = old_post.get(term)
        encoded[term] = old_encoded[term] if old is not None and old == post[term] else _encoded(term, *post[term])
    yield
    sizes = {term: _size(term, post[term][0]) for term in terms}
    shards = {key: _shard(members, encoded) for key, members in _shards(terms, sizes.__getitem__).items()}
    return {"docs": docs, "post": post, "terms": terms, "shards": shards, "encoded": encoded}


def _mended(docs: list[tuple[str, str]], made: dict[str, Entry], last: dict,
            changed: list[tuple[int, Entry]]) -> dict:
    """The last index, with the postings of each changed document's terms whose score changed
    (no list of the last index is changed: it may be kept still), their parts of the shard files,
    the shards laid out again where sizes changed, and the files of the shards that changed."""
    old_post = last["post"]
    post = dict(old_post)
    copied: set[str] = set()
    affected: set[str] = set()
    for doc_id, old_entry in changed:
        _change(post, doc_id, _scored(old_entry), _scored(made[docs[doc_id][1]]), copied, affected)
    gone = {term for term in affected if not post[term][0]}
    for term in gone:
        del post[term]
    terms = last["terms"]
    came = [term for term in affected if term not in old_post and term not in gone]
    if gone or came:
        terms = [term for term in terms if term not in gone]
        for term in came:
            bisect.insort(terms, term)
    encoded = dict(last["encoded"])
    for term in sorted(affected):
        if term in gone:
            del encoded[term]
        else:
            encoded[term] = _encoded(term, *post[term])
    shards = dict(last["shards"])
    resized = sorted(term for term in affected if _weight(old_post, term) != _weight(post, term))
    layout = _mend_layout(shards, terms, lambda term: _weight(post, term), resized) if resized else {}
    for key, members in layout.items():
        if members is None:
            del shards[key]
        else:
            shards[key] = (members, b"")
    touched = set(layout) | {_shard_of(shards, term) for term in affected - gone}
    for key in touched:
        if key in shards:
            shards[key] = _shard(shards[key][0], encoded)
    return {"docs": docs, "post": post, "terms": terms, "shards": shards, "encoded": encoded}


def _change(post: dict[str, tuple[array, array]], doc_id: int, old: dict[str, int], new: dict[str, int],
            copied: set[str], affected: set[str]) -> None:
    """Move document `doc_id` in the postings from its `old` scores to its `new` ones, copying a
    term's arrays the first time they change."""
    def own(term: str) -> tuple[array, array]:
        if term not in copied:
            found = post.get(term)
            post[term] = (found[0][:], found[1][:]) if found is not None else (array("I"), array("H"))
            copied.add(term)
            affected.add(term)
        return post[term]

    for term, score in new.items():
        before = old.get(term)
        if before == score:
            continue
        ids, values = own(term)
        at = bisect.bisect_left(ids, doc_id)
        if before is None:
            ids.insert(at, doc_id)
            values.insert(at, score)
        else:
            values[at] = score
    for term in old.keys() - new.keys():
        ids, values = own(term)
        at = bisect.bisect_left(ids, doc_id)
        del ids[at], values[at]


def _encoded(term: str, ids: array, values: array) -> bytes:
    """A term's part of its shard's file: '"term":[df,doc,score,...]'."""
    return _dump({term: _entry(ids, values)})[1:-1]


def _shard(members: Iterable[str], encoded: dict[str, bytes]) -> tuple[tuple[str, ...], bytes]:
    """(its terms, its file): the terms' parts in the order json.dumps sorts them, as _dump writes it."""
    members = tuple(members)
    return members, b"{" + b",".join([encoded[term] for term in members]) + b"}"


def _entry(ids: Sequence[int], values: Sequence[int]) -> list[int]:
    """[document frequency, doc, score, doc, score ...]: the best MAX_POSTINGS, by id, ids as gaps."""
    count = len(ids)
    if count > MAX_POSTINGS:  # the best scores, the first documents among equal ones (a stable sort)
        keep = sorted(sorted(range(count), key=values.__getitem__, reverse=True)[:MAX_POSTINGS])
        ids, values = [ids[i] for i in keep], [values[i] for i in keep]
    out = [0] * (2 * len(ids) + 1)
    out[0] = count
    out[1::2] = [ids[0], *map(operator.sub, ids[1:], ids[:-1])] if len(ids) else []
    out[2::2] = values
    return out


def _size(term: str, ids: Sequence[int]) -> int:
    """About the bytes of a term in its shard (its postings, up to MAX_POSTINGS, at 6 bytes each)."""
    return len(term.encode("utf-8")) + 8 + 6 * min(len(ids), MAX_POSTINGS)


def _weight(post: dict[str, tuple[array, array]], term: str) -> int:
    """The size of a term in these postings (0 when it has none)."""
    found = post.get(term)
    return _size(term, found[0]) if found is not None else 0


def _shards(terms: list[str], size: Callable[[str], int], root: str = "") -> dict[str, list[str]]:
    """key -> the terms whose longest shard key it is, for `terms` (sorted, all starting with
    `root`). A shard over SHARD_BYTES is split by the next character of its terms (a term as long
    as the key stays in the key's own shard)."""
    shards: dict[str, list[str]] = {}
    todo: list[tuple[str, list[str]]] = [(root, terms)]
    while todo:
        key, members = todo.pop()
        if sum(size(t) for t in members) <= SHARD_BYTES or all(len(t) <= len(key) for t in members):
            shards[key] = members
            continue
        own = [t for t in members if len(t) <= len(key)]
        if own:
            shards[key] = own
        groups: dict[str, list[str]] = {}
        for term in members:
            if len(term) > len(key):
                groups.setdefault(term[:len(key) + 1], []).append(term)
        todo.extend(groups.items())
    return shards


def _span(terms: list[str], prefix: str) -> tuple[int, int]:
    """Where the terms that start with `prefix` are in `terms` (sorted)."""
    if not prefix:
        return 0, len(terms)
    start = bisect.bisect_left(terms, prefix)
    # (no term holds U+10FFFF, a noncharacter: the character after the last one exists)
    return start, bisect.bisect_left(terms, prefix[:-1] + chr(ord(prefix[-1]) + 1), start)


def _splits(key: str, terms: list[str], size: Callable[[str], int]) -> bool:
    """Whether _shards splits the node `key`: its terms weigh more than a shard, and one is longer
    than the key. Looks at no more terms than fill a shard."""
    start, end = _span(terms, key)
    if end - start <= (1 if start < end and terms[start] == key else 0):
        return False
    total = 0
    for term in itertools.islice(terms, start, end):
        total += size(term)
        if total > SHARD_BYTES:
            return True
    return False


def _mend_layout(shards: dict[str, tuple], terms: list[str], size: Callable[[str], int],
                 resized: list[str]) -> dict[str, tuple[str, ...] | None]:
    """The shards whose terms differ from `shards` (key -> (terms, file)) in the layout _shards
    makes of `terms`, once the terms in `resized` came, went or changed size: {key: its terms, or
    None when it is gone}.

    A node of the layout is split or not by the terms that start with its key, so only the nodes
    on the way to a resized term may decide otherwise. Along that way, while a node was split and
    still is, the next one is looked at; the first that was or is now a shard is laid out again,
    with the terms that start with its key."""
    split = {key[:i] for key in shards for i in range(len(key))}
    again: set[str] = set()  # nodes laid out again
    own: set[str] = set()  # split nodes whose own term (as long as the key) came or went
    for term in resized:
        for length in range(len(term) + 1):
            key = term[:length]
            if key in split and _splits(key, terms, size):
                if length == len(term):
                    own.add(key)
                continue
            again.add(key)
            break
    again = {key for key in again if not any(key[:i] in again for i in range(len(key)))}
    changes: dict[str, tuple[str, ...] | None] = {}
    for node in again:
        for key in shards:
            if key.startswith(node):
                changes[key] = None
        start, end = _span(terms, node)
        if start < end or not node:  # (a site without words has one empty shard)
            sizes = {term: size(term) for term in terms[start:end]}
            laid = _shards(terms[start:end], sizes.__getitem__, node)
            changes.update((key, tuple(members)) for key, members in laid.items())
    for key in own:
        if not any(key[:i] in again for i in range(len(key) + 1)):
            start, end = _span(terms, key)
            changes[key] = (key,) if start < end and terms[start] == key else None
    return {key: members for key, members in changes.items() if (shards[key][0] if key in shards else None) != members}


def _shard_of(shards: dict[str, tuple], term: str) -> str:
    """The key of the shard that holds `term`: the longest key it starts with."""
    for length in range(len(term), -1, -1):
        if term[:length] in shards:
            return term[:length]
    raise KeyError(term)


# --- Kept between builds -------------------------------------------------------------------------

# The cache folder keeps, beside `store` (the documents' numbers and the shards): the pages'
# entries in STORE_PARTS files by their key's first digit ('-0' ...; see _part_of), and the
# terms' postings and shard parts in as many by the term's first character ('-t0' ...). A build
# writes only the files whose contents changed; each postings file carries a token that the main
# file names, so that files of different builds are never read together.
STORE_PARTS = "0123456789abcdef"


def _part(store: Path, name: str) -> Path:
    return store.with_name(f"{store.name}-{name}")


def _bucket(term: str) -> str:
    return STORE_PARTS[ord(term[0]) % 16]


def _save(store: Path, memo: dict, last_made: dict[str, Entry], last_languages: dict[str, dict]) -> None:
    """Write to the cache folder what differs from the last build's (all of it when the folder
    may not hold that)."""
    made, languages = memo["made"], memo["languages"]
    saved = memo.pop("saved", None)  # the postings files' tokens, when the folder holds the last build's index
    if saved is None:
        last_made, last_languages = {}, {}
    keys = {key for key in made.keys() | last_made.keys() if made.get(key) is not last_made.get(key)}
    terms: dict[str, set[str]] = {}  # language -> terms whose postings changed
    for language in languages.keys() | last_languages.keys():
        now, before = languages.get(language, {}).get("post", {}), last_languages.get(language, {}).get("post", {})
        if now is not before:
            terms[language] = {term for term in now.keys() | before.keys() if now.get(term) is not before.get(term)}
    if not keys and not any(terms.values()) and all(languages[lang] is last_languages.get(lang) for lang in languages) \
            and languages.keys() == last_languages.keys():
        memo["saved"] = saved
        return
    written = True
    everything = set() if saved else set(STORE_PARTS)
    parts: dict[str, dict[str, Entry]] = {digit: {} for digit in {key[:1] for key in keys} | everything}
    for key, entry in made.items():
        if key[:1] in parts:
            parts[key[:1]][key] = entry
    for digit, part in parts.items():
        written = cache.write_data(_part(store, digit), part) and written
    tokens = dict(saved or {})
    buckets = {_bucket(term) for changed in terms.values() for term in changed} | everything
    if buckets:
        token = os.urandom(8).hex()
        members: dict[str, list[tuple[str, str]]] = {bucket: [] for bucket in buckets}
        for language, index in languages.items():
            for term in index["post"]:
                found = members.get(_bucket(term))
                if found is not None:
                    found.append((language, term))
        for bucket, held in members.items():  # one file's packed postings at a time: less memory at the peak
            postings: dict[str, dict] = {}
            for language, term in held:
                index = languages[language]
                ids, values = index["post"][term]
                postings.setdefault(language, {})[term] = (_packed(ids), _packed(values), index["encoded"][term])
            written = cache.write_data(_part(store, "t" + bucket), {"token": token, "languages": postings}) and written
            tokens[bucket] = token
            del postings
    if written:
        written = cache.write_data(store, {"parts": STORE_PARTS, "tokens": tokens, "languages": {
            language: {"docs": index["docs"], "shards": index["shards"]} for language, index in languages.items()}})
    memo["saved"] = tokens if written else None  # (a file not written: all of them next time)


def _read_store(store: Path) -> dict | None:
    """The memo _save wrote, or None when any of it is missing, damaged or of other builds."""
    header = cache.read_data(store)
    if not (isinstance(header, dict) and header.get("parts") == STORE_PARTS and isinstance(header.get("tokens"), dict)
            and set(header["tokens"]) == set(STORE_PARTS) and isinstance(header.get("languages"), dict)):
        return None
    made: dict[str, Entry] = {}
    for digit in STORE_PARTS:
        part = cache.read_data(_part(store, digit))
        if not (isinstance(part, dict) and all(_is_entry(entry) for entry in part.values())):
            return None
        made.update(part)
    held: dict[str, dict[str, tuple]] = {}
    for bucket in STORE_PARTS:
        saved = cache.read_data(_part(store, "t" + bucket))
        if not (isinstance(saved, dict) and saved.get("token") == header["tokens"][bucket]
                and isinstance(saved.get("languages"), dict)):
            return None
        for language, postings in saved["languages"].items():
            held.setdefault(language, {}).update(postings)
    languages: dict[str, dict] = {}
    for language, index in header["languages"].items():
        postings = held.pop(language, {})
        if not (isinstance(index, dict) and _is_index(index, postings)
                and all(key in made for _, key in index["docs"])):
            return None
        terms = sorted(term for members, _ in index["shards"].values() for term in members)
        post = {term: (_unpacked("I", postings[term][0]), _unpacked("H", postings[term][1])) for term in terms}
        languages[language] = {"docs": index["docs"], "post": post, "terms": terms, "shards": index["shards"],
                               "encoded": {term: postings[term][2] for term in terms}}
    if held:
        return None
    return {"made": made, "languages": languages, "saved": header["tokens"]}


def _is_entry(entry) -> bool:
    """The shape of an entry; its terms are counted when they are decompressed (_terms)."""
    return type(entry) is tuple and len(entry) == 3 and all(type(part) is bytes for part in entry) \
        and len(entry[1]) % 2 == 0


def _is_index(index: dict, postings) -> bool:
    """Whether a language's part of the main file and its postings have the shapes _save writes."""
    docs, shards = index.get("docs"), index.get("shards")
    if not (type(docs) is list and all(type(d) is tuple and len(d) == 2 and type(d[0]) is str and type(d[1]) is str
                                       for d in docs)
            and isinstance(shards, dict) and isinstance(postings, dict)):
        return False
    count = 0
    for key, shard in shards.items():
        if not (type(key) is str and type(shard) is tuple and len(shard) == 2 and type(shard[0]) is tuple
                and type(shard[1]) is bytes):
            return False
        count += len(shard[0])
        for term in shard[0]:
            held = postings.get(term)
            if not (type(held) is tuple and len(held) == 3 and all(type(part) is bytes for part in held)
                    and len(held[0]) == 2 * len(held[1]) > 0):
                return False
    return count == len(postings)


def idf(n: int, df: int) -> float:
    """How much a term tells (as search.js weighs it)."""
    return math.log(1 + n / max(df, 1))


def store(site) -> Path | None:
    """The cache file that keeps the index between builds (None when caching is off)."""
    folder = cache.folder_for(site.source)
    return folder / f"{cache.KEEP_PREFIX}search" if folder is not None else None
