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

import html
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

SHARD_BYTES = 12_000  # a shard bigger than this is split by the next character of its terms
MAX_POSTINGS = 300  # documents kept per term (the best-scored), so no shard grows with the site
MAX_TEXT = 12_000  # characters of a document's text kept for excerpts
FIELD_WEIGHTS = (("title", 8), ("headings", 4), ("summary", 2), ("body", 1))
INDEX_FOLDER = "search/index/"

# The kinds of page, and their label (shown with each result, through the page's `words`).
TYPES = {
    "article": "Article",
    "page": "Page",
    "location": "Location",
    "self-assessment": "Self-assessment",
    "service": "Service",
    "clinician": "Clinician",
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


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK)


def fold(text: str) -> str:
    """Lower case, without accents: 'Depresión' -> 'depresion' (as search.js folds)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def words(text: str) -> list[str]:
    """The folded words of `text`; a run of CJK characters is one word."""
    found: list[str] = []
    current: list[str] = []
    cjk = False
    for char in fold(text):
        kind = unicodedata.category(char)[0] in "LN"
        this_cjk = kind and is_cjk(char)
        if not kind or (current and this_cjk != cjk):
            if current:
                found.append("".join(current))
            current = []
        if kind:
            current.append(char)
            cjk = this_cjk
    if current:
        found.append("".join(current))
    return found


def terms(text: str) -> list[str]:
    """Index terms: each word, or for a CJK run each character and each pair of characters."""
    out: list[str] = []
    for word in words(text):
        if is_cjk(word[0]):
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


def records(site, memo: dict | None = None) -> list[Record]:
    """Every page the search finds, in a stable order: one line per kind of page. `memo` (from
    BuildState.search) keeps each document's record from the last build, by its digest."""
    language = site.config.site.language
    last = memo.get("records", {}) if memo is not None else {}
    kept: dict = {}

    def document(doc, url: str, kind: str) -> Record:
        key = (doc.digest, url, kind, language)
        record = last.get(key) if doc.digest else None
        if record is None:
            record = Record(url, doc.title, doc.summary or "", kind, language, tuple(h.text for h in doc.headings),
                            plain_text(doc.html))
        kept[key] = record
        return record

    found: list[Record] = []
    found += [document(a, f"blog/{a.slug}/", "article") for a in site.articles]
    found += [document(p, f"{p.slug}/", "page") for p in site.pages]
    found += [Record(f"locations/{loc.id}/", loc.name, loc.address_line, "location", language, (),
                     " ".join(filter(None, (loc.address_line, markdown_text(loc.directions or "")))))
              for loc in site.config.locations]
    found += [_checklist(c, language) for c in site.checklists]
    if memo is not None:
        memo["records"] = kept
    return found


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
        text = " ".join(value) if isinstance(value, tuple) else value
        for term in terms(text):
            counts[term] += weight
    return counts


def build(records: Iterable[Record], folder_of: Callable[[str], str] = lambda language: "",
          memo: dict | None = None) -> dict[str, bytes]:
    """{output file: bytes} of the index of every language among `records`; `folder_of` gives
    the folder of a language's pages ('' for the default, 'es/' ...). `memo` (BuildState.search)
    keeps each record's term scores and document file from the last build."""
    last = memo.get("scores", {}) if memo is not None else {}
    kept: dict = {}
    by_language: dict[str, list[Record]] = {}
    for record in records:
        by_language.setdefault(record.language, []).append(record)
    files: dict[str, bytes] = {}
    for language, group in sorted(by_language.items()):
        base = folder_of(language) + INDEX_FOLDER
        for name, data in build_language(group, last, kept).items():
            files[base + name] = data
    if memo is not None:
        memo["scores"] = kept
    return files


def build_language(group: list[Record], last: dict | None = None, kept: dict | None = None) -> dict[str, bytes]:
    """The files of one language's index, named below its index folder. `last`: record -> (its
    scores, its document file) made before; `kept` receives those of this build."""
    last = {} if last is None else last
    kept = {} if kept is None else kept
    docs = sorted(group, key=lambda r: r.url)  # ids follow the addresses: stable, whatever the input order
    postings: dict[str, list[tuple[int, int]]] = {}
    files: dict[str, bytes] = {}
    for doc_id, record in enumerate(docs):
        made = last.get(record)
        if made is None:
            made = scores(record), _dump({"u": record.url, "t": record.title, "y": record.type, "s": record.summary,
                                          "h": list(record.headings), "b": record.body[:MAX_TEXT]})
        kept[record] = made
        for term, score in made[0].items():
            postings.setdefault(term, []).append((doc_id, score))
        files[f"d/{doc_id}.json"] = made[1]
    entries = {term: _entry(found) for term, found in postings.items()}
    shards = _shards(entries)
    for key, members in shards.items():
        files[shard_file(key)] = _dump({term: entries[term] for term in members})
    files["manifest.json"] = _dump({"v": 1, "n": len(docs), "shards": sorted(shards)})
    return files


def _entry(found: list[tuple[int, int]]) -> list[int]:
    """[document frequency, doc, score, doc, score ...]: the best MAX_POSTINGS, by id, ids as gaps."""
    best = sorted(sorted(found, key=lambda p: (-p[1], p[0]))[:MAX_POSTINGS])
    out = [len(found)]
    last = 0
    for doc_id, score in best:
        out += [doc_id - last, min(score, 999)]
        last = doc_id
    return out


def _size(term: str, entry: list[int]) -> int:
    return len(term.encode("utf-8")) + 6 + sum(len(str(n)) + 1 for n in entry)


def _shards(entries: dict[str, list[int]]) -> dict[str, list[str]]:
    """key -> the terms whose longest shard key it is. A shard over SHARD_BYTES is split by the
    next character of its terms (a term as long as the key stays in the key's own shard)."""
    sizes = {term: _size(term, entry) for term, entry in entries.items()}
    shards: dict[str, list[str]] = {}
    todo: list[tuple[str, list[str]]] = [("", sorted(entries))]
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
