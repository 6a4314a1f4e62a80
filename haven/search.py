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
pairs of characters, and a query in it matches its pairs. search.js implements the same rules.

Records come from `records(site)`; another kind of page is one more line there (and a label in
TYPES). Everything here depends only on the records, so a cold and an incremental build give the
same bytes."""

from __future__ import annotations

import bisect
import hashlib
import html
import json
import math
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import cache, parallel


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


# --- Words -------------------------------------------------------------------------------------

_CJK = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))
_CJK_CLASS = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK)
# A word: a run of CJK characters, or of other letters and digits (str.isalnum: as \p{L}\p{N} in search.js).
_WORD = re.compile(f"[{_CJK_CLASS}]+|[^\\W_{_CJK_CLASS}]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK)


def _unmarked(match: re.Match) -> str:
    return "".join(c for c in match.group() if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Lower case, without accents: 'Depresión' -> 'depresion' (as search.js folds)."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(_unmarked, unicodedata.normalize("NFKD", text)).lower()


def words(text: str) -> list[str]:
    """The folded words of `text`; a run of CJK characters is one word."""
    return _WORD.findall(fold(text))


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


# --- Records of the site -------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote|pre|div|dd|dt|figcaption)>", re.I)
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """The text of the generator's own HTML (the body of a document), one space between blocks."""
    text = _TAG.sub("", _BLOCK_END.sub(" ", markup))
    return _SPACE.sub(" ", html.unescape(text)).strip()


@dataclass(frozen=True)
class Source:
    """A page to index, its record made only when the cache has nothing for `key`."""

    url: str
    language: str
    key: str  # a digest of everything the record is made from; '' to make it every time
    make: Callable[[], Record]


def sources(site) -> list[Source]:
    """Every page the search finds: one line per kind of page. A page's `url` is its path below
    the base, with its language's folder ('es/blog/x/'); pass `build` the same folders."""
    language = site.config.site.language
    found: list[Source] = []
    found += [document(a, f"blog/{a.slug}/", "article", language) for a in site.articles]
    found += [document(p, f"{p.slug}/", "page", language) for p in site.pages]
    found += [ready(_location(loc, language)) for loc in site.config.locations]
    found += [ready(_checklist(c, language)) for c in site.checklists]
    found += [document(s, f"services/{s.slug}/", "service", language) for s in site.services]
    found += [document(c, f"team/{c.slug}/", "clinician", language) for c in site.clinicians]
    return found


def document(doc, url: str, kind: str, language: str) -> Source:
    """An article, page, service or clinician (a loaded Markdown document with a digest)."""
    def make() -> Record:
        return Record(url, doc.title, doc.summary or "", kind, language, tuple(h.text for h in doc.headings),
                      plain_text(doc.html))
    key = hashlib.sha256(repr((doc.digest, url, kind, language)).encode()).hexdigest() if doc.digest else ""
    return Source(url, language, key, make)


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
    body = " ".join([markdown_text(spec.intro or ""), *(item.text for item in spec.items)])
    return Record(f"self-assessment/{checklist.id}/", spec.title, spec.summary or "", "self-assessment", language,
                  tuple(topic.title for topic in spec.topics.values()), body)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"[*_`#>]+")


def markdown_text(text: str) -> str:
    """Short Markdown (an intro, directions) as plain text: links keep their words."""
    return _SPACE.sub(" ", _MD_MARKS.sub("", _MD_LINK.sub(r"\1", text))).strip()


# --- The index -----------------------------------------------------------------------------------

def _dump(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def shard_file(key: str) -> str:
    """The file of a shard: its key's UTF-8 bytes in hex ('' -> '_'), safe in any URL."""
    return "t/" + (key.encode("utf-8").hex() or "_") + ".json"


def scores(record: Record) -> Counter:
    """term -> its score in the record: each occurrence counts its field's weight."""
    counts: Counter = Counter()
    for name, weight in FIELD_WEIGHTS:
        value = getattr(record, name)
        found = Counter(terms(" ".join(value) if isinstance(value, tuple) else value))
        if weight != 1:
            found = Counter({term: n * weight for term, n in found.items()})
        counts.update(found)
    return counts


def made(record: Record) -> tuple[str, tuple[int, ...], bytes]:
    """What the index keeps of a record: its terms (one string, NUL between them), their scores,
    and its document file."""
    counts = scores(record)
    found = sorted(counts)
    return ("\0".join(found), tuple(min(counts[t], 999) for t in found),
            _dump({"u": record.url, "t": record.title, "y": record.type, "s": record.summary,
                   "h": list(record.headings), "b": record.body[:MAX_TEXT]}))


def _made_from(source: Source) -> tuple[str, tuple[int, ...], bytes]:
    return made(source.make())


def build(found: Iterable[Record | Source], folder_of: Callable[[str], str] = lambda language: "",
          memo: dict | None = None, store: Path | None = None) -> dict[str, bytes]:
    """{output file: bytes} of the index of every language among `found`; `folder_of` gives
    the folder of a language's pages ('' for the default, 'es/' ...).

    `memo` (BuildState.search) keeps, between builds of one process, what each record gave and
    each language's index; without it they are read from `store` (a file of the cache folder) and
    written back there. Then only the shards holding terms of changed pages are made again; the
    bytes are those of a build from nothing (tests/test_differential.py)."""
    memo = {} if memo is None else memo
    if "made" not in memo and store is not None:
        saved = _read_store(store)
        if saved is not None and _well_formed(saved):
            memo.update(saved)
    last_made: dict = memo.get("made", {})
    last_languages: dict = memo.get("languages", {})
    kept: dict = {}
    groups: dict[str, list[tuple[str, tuple]]] = {}
    items = [item if isinstance(item, Source) else ready(item) for item in found]
    entries = [last_made.get(source.key) if source.key else None for source in items]
    todo = [source for source, entry in zip(items, entries, strict=True) if entry is None]
    fresh = iter(parallel.map_in_order(_made_from, todo))  # on every core when there are many
    for source, entry in zip(items, entries, strict=True):
        if entry is None:
            entry = next(fresh)
        if source.key:
            kept[source.key] = entry
        groups.setdefault(source.language, []).append((source.url, entry))
    files: dict[str, bytes] = {}
    languages: dict = {}
    for language, group in sorted(groups.items()):
        base = folder_of(language) + INDEX_FOLDER
        index, languages[language] = _language(sorted(group, key=lambda item: item[0]), last_languages.get(language))
        for name, data in index.items():
            files[base + name] = data
    changed = kept.keys() != last_made.keys() or languages.keys() != last_languages.keys() or any(
        languages[lang] is not last_languages.get(lang) for lang in languages)
    memo["made"], memo["languages"] = kept, languages
    if changed and store is not None:
        _write_store(store, kept, languages, last_made)
    return files


# The records are kept in STORE_PARTS files by their key's first digit, beside the file of the
# languages' indexes: a build writes only the parts whose records changed, and never holds the
# marshalled bytes of them all at once (130 MB at 10,000 articles).
STORE_PARTS = "0123456789abcdef"


def _part(store: Path, digit: str) -> Path:
    return store.with_name(f"{store.name}-{digit}")


def _write_store(store: Path, kept: dict, languages: dict, last: dict) -> None:
    parts: dict[str, dict] = {digit: {} for digit in STORE_PARTS}
    for key, entry in kept.items():
        parts.setdefault(key[:1], {})[key] = entry
    before: dict[str, dict] = {}
    for key, entry in last.items():
        before.setdefault(key[:1], {})[key] = entry
    for digit, part in parts.items():
        old = before.get(digit, {})
        if not last or part.keys() != old.keys() or any(part[k] is not old[k] for k in part):  # (none: all anew)
            cache.write_data(_part(store, digit), part)
    cache.write_data(store, {"languages": languages, "parts": STORE_PARTS})


def _read_store(store: Path) -> dict | None:
    """What _write_store wrote, or None when any of it is missing or damaged."""
    saved = cache.read_data(store)
    if not isinstance(saved, dict) or saved.get("parts") != STORE_PARTS:
        return None
    made: dict = {}
    for digit in STORE_PARTS:
        part = cache.read_data(_part(store, digit))
        if not isinstance(part, dict):
            return None
        made.update(part)
    return {"made": made, "languages": saved.get("languages")}


def _well_formed(saved) -> bool:
    """Whether a value read from the cache has the shape `build` stores (else it is a miss)."""
    def language(value) -> bool:
        return (isinstance(value, dict) and set(value) == {"docs", "post", "shards"}
                and all(type(d) is tuple and len(d) == 3 and type(d[0]) is str and type(d[1]) is str
                        and type(d[2]) is tuple for d in value["docs"])
                and isinstance(value["post"], dict) and all(
                    type(p) is list and len(p) == 2 and type(p[0]) is list and type(p[1]) is list and len(p[0]) == len(p[1])
                    for p in value["post"].values())
                and isinstance(value["shards"], dict) and all(
                    type(v) is tuple and len(v) == 2 and type(v[0]) is tuple and type(v[1]) is bytes
                    for v in value["shards"].values()))
    return (isinstance(saved, dict) and set(saved) == {"made", "languages"} and isinstance(saved["made"], dict)
            and all(type(e) is tuple and len(e) == 3 and type(e[0]) is str and type(e[1]) is tuple and type(e[2]) is bytes
                    for e in saved["made"].values())
            and isinstance(saved["languages"], dict) and all(language(v) for v in saved["languages"].values()))


def _language(docs: list[tuple[str, tuple]], last: dict | None) -> tuple[dict[str, bytes], dict]:
    """The files of one language's index (below its index folder), and what the next build needs
    to make them again: {"docs": [(url, terms, scores)], "post": {term: [doc, score, ...]},
    "shards": {key: (terms, bytes)}}. Documents are numbered in the order of their addresses."""
    files = {f"d/{doc_id}.json": entry[2] for doc_id, (_, entry) in enumerate(docs)}
    now = [(url, entry[0], entry[1]) for url, entry in docs]
    if last is not None and last["docs"] == now:
        post, shards = last["post"], last["shards"]
        state = last
    else:
        post, affected = _postings(now, last)
        shards = _shard_files(post, affected, last["shards"] if last is not None else {})
        state = {"docs": now, "post": post, "shards": shards}
    for key, (_, data) in shards.items():
        files[shard_file(key)] = data
    files["manifest.json"] = _dump({"v": 1, "n": len(docs), "shards": sorted(shards)})
    return files, state


def _postings(now: list[tuple], last: dict | None) -> tuple[dict[str, list[list[int]]], set[str] | None]:
    """term -> [[doc, doc ...], [score, score ...]] by doc; and the terms that changed (None: all)."""
    if last is None or [d[0] for d in last["docs"]] != [d[0] for d in now]:  # new numbering: from nothing
        post: dict[str, list[list[int]]] = {}
        for doc_id, (_, joined, values) in enumerate(now):
            for term, score in zip(joined.split("\0") if joined else (), values, strict=True):
                found = post.get(term)
                if found is None:
                    post[term] = [[doc_id], [score]]
                else:
                    found[0].append(doc_id)
                    found[1].append(score)
        return post, None
    post = dict(last["post"])
    affected: set[str] = set()
    copied: set[str] = set()  # the lists of the last build are never changed: it may be kept still
    for doc_id, (old, new) in enumerate(zip(last["docs"], now, strict=True)):
        if old == new:
            continue
        for term in old[1].split("\0") if old[1] else ():
            ids, values = post[term]
            at = bisect.bisect_left(ids, doc_id)
            post[term] = [ids[:at] + ids[at + 1:], values[:at] + values[at + 1:]]
            copied.add(term)
            affected.add(term)
        for term, score in zip(new[1].split("\0") if new[1] else (), new[2], strict=True):
            ids, values = post.get(term) or ([], [])
            if term not in copied:
                ids, values = list(ids), list(values)
                copied.add(term)
            at = bisect.bisect_left(ids, doc_id)
            ids.insert(at, doc_id)
            values.insert(at, score)
            post[term] = [ids, values]
            affected.add(term)
    for term in affected:
        if not post[term][0]:
            del post[term]
    return post, affected


def _shard_files(post: dict[str, list[list[int]]], affected: set[str] | None, last: dict) -> dict[str, tuple]:
    """shard key -> (its terms, its file), reusing the file of a shard whose terms are the same
    and none of them changed."""
    sizes = {term: _size(term, ids) for term, (ids, _) in post.items()}
    out: dict[str, tuple] = {}
    for key, members in _shards(sizes).items():
        terms = tuple(members)
        old = last.get(key)
        if affected is not None and old is not None and old[0] == terms and not affected.intersection(terms):
            out[key] = old
        else:
            out[key] = (terms, _dump({term: _entry(*post[term]) for term in terms}))
    return out


def _entry(ids: list[int], values: list[int]) -> list[int]:
    """[document frequency, doc, score, doc, score ...]: the best MAX_POSTINGS, by id, ids as gaps."""
    count = len(ids)
    if count > MAX_POSTINGS:  # the best scores, the first documents among equal ones (a stable sort)
        keep = sorted(sorted(range(count), key=values.__getitem__, reverse=True)[:MAX_POSTINGS])
        ids, values = [ids[i] for i in keep], [values[i] for i in keep]
    out = [0] * (2 * len(ids) + 1)
    out[0] = count
    out[1::2] = [ids[0], *map(operator.sub, ids[1:], ids[:-1])] if ids else []
    out[2::2] = values
    return out


def _size(term: str, ids: list[int]) -> int:
    """About the bytes of a term in its shard (its postings, up to MAX_POSTINGS, at 6 bytes each)."""
    return len(term.encode("utf-8")) + 8 + 6 * min(len(ids), MAX_POSTINGS)


def _shards(sizes: dict[str, int]) -> dict[str, list[str]]:
    """key -> the terms whose longest shard key it is. A shard over SHARD_BYTES is split by the
    next character of its terms (a term as long as the key stays in the key's own shard)."""
    shards: dict[str, list[str]] = {}
    todo: list[tuple[str, list[str]]] = [("", sorted(sizes))]
    while todo:
        key, members = todo.pop()
        if sum(sizes[t] for t in members) <= SHARD_BYTES or all(len(t) <= len(key) for t in members):
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


def idf(n: int, df: int) -> float:
    """How much a term tells (as search.js weighs it)."""
    return math.log(1 + n / max(df, 1))


def store(site) -> Path | None:
    """The cache file that keeps the index between builds (None when caching is off)."""
    folder = cache.folder_for(site.source)
    return folder / f"{cache.KEEP_PREFIX}search" if folder is not None else None
