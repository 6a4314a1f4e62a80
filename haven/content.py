"""Articles, pages and checklists: read from content/, validated, frozen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
import unicodedata
import zlib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Annotated, Any

from . import cache, files, images, inherited, parallel, yamlfile
from . import languages as languages_
from .catalogue import SOURCE_LANGUAGE
from .config import MAX_FILE_BYTES, MAX_SLUG, MAX_SLUG_BYTES, Link, at_most, read_text
from .limits import markdown_limits
from .markup import Converter, Heading
from .problems import Problem, error, processing, warning
from .schema import Check, Reader, load, option

WORDS_PER_MINUTE = 200
# Chinese is read by the character: 300 characters a minute, the low end of the 300-400 often given
# for adults reading Chinese silently, and above the 255 +/- 29 a minute measured for reading aloud
# in the International Reading Speed Texts (Trauzettel-Klosinski, Dietz et al., IOVS 53:5452, 2012).
CJK_CHARACTERS_PER_MINUTE = 300
# What `new` writes for an editor to replace (cli._write_new): an article still saying it is not published.
PLACEHOLDER_SUMMARY = "One or two sentences that say what the reader will get from this article."
PLACEHOLDER_BODY = ("Write the article here. Start with a short paragraph; then begin each section's heading with "
                    "`##` and a space, as in `## Before your visit`.")
# What earlier versions of `new` wrote instead, still refused in a published article. ('## ' in
# quotes read as two opening quotes in a preview: a quote after a space opens.)
FORMER_PLACEHOLDER_BODIES = ("Write the article here. Start with a short paragraph, then use '## ' for each section heading.",)


@dataclass(frozen=True)
class NewArticleText:
    """The example text `new` writes, in one language: the summary, the body, the note after
    `draft: true` and a category to start from (shown on the site as written, so in the language
    too). Only the values are in the language; the front matter's keys stay English."""

    summary: str
    body: str
    draft_note: str
    category: str


# The example text in each language the theme has words for (catalogue.shipped_languages; a test
# holds them to the same list), keyed by the theme's code: `new` writes the one of the site's
# default language (catalogue.words_language), English where the theme has none. Every one of
# them is refused in a published article, whatever the site's language.
NEW_ARTICLE_TEXT = {
    "en": NewArticleText(PLACEHOLDER_SUMMARY, PLACEHOLDER_BODY, "change to false (or delete this line) to publish",
                          "Tips"),
    "es": NewArticleText(
        "Una o dos frases que digan qué encontrará el lector en este artículo.",
        "Escriba aquí el artículo. Empiece con un párrafo breve; después, comience el título de cada sección "
        "con `##` y un espacio, como en `## Antes de su visita`.",
        "cámbielo a false (o borre esta línea) para publicarlo",
        "Consejos"),
    "zh-Hans": NewArticleText(
        "用一两句话说明读者能从这篇文章中得到什么。",
        "请在这里撰写文章。先写一段简短的开头；之后每一节的标题以 `##` 加一个空格开头，例如 `## 就诊之前`。",  # noqa: RUF001 (full-width punctuation, as Chinese is written)
        "改为 false（或删除这一行）即可发布",  # noqa: RUF001 (full-width punctuation, as Chinese is written)
        "小贴士"),
    "zh-Hant": NewArticleText(
        "用一兩句話說明讀者能從這篇文章中得到甚麼。",
        "請在這裡撰寫文章。先寫一段簡短的開頭；之後每一節的標題以 `##` 加一個空格開頭，例如 `## 就診之前`。",  # noqa: RUF001 (full-width punctuation, as Chinese is written)
        "改為 false（或刪除這一行）即可發佈",  # noqa: RUF001 (full-width punctuation, as Chinese is written)
        "小貼士"),
}
CURLY_QUOTES = (("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u201e", "\u201c"), ("\u00ab", "\u00bb"))


_SPELLED_OUT = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
                               "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "þ": "th", "ı": "i"})  # noqa: RUF001 - the dotless i (Turkish), spelled out as i


@functools.cache
def _apostrophes() -> re.Pattern:  # (compiled when first needed: a rebuild after an edit seldom makes a slug)
    return re.compile(r"(?<=\w)['’](?=\w)")


@functools.lru_cache(maxsize=4096)  # the same tags and categories, again on every article
def slugify(text: str) -> str:
    """'Tips & Tricks' -> 'tips-tricks', "Don't panic" -> 'dont-panic'; accents are dropped, never the letters."""
    text = _apostrophes().sub("", text.translate(_SPELLED_OUT))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@functools.lru_cache(maxsize=4096)
def name_slug(name: str) -> str:
    """The address part of a tag, category or specialty: slugify's for a name in Latin letters (so
    no site's addresses change), else one that keeps the letters of other scripts, NFC, lower-cased
    where the script has case: '睡眠' -> '睡眠', 'Тревога сна' -> 'тревога-сна', 'COVID-19 焦虑' ->
    'covid-19-焦虑'. Latin letters in it are spelled as slugify spells them; anything that is not a
    letter or digit separates words."""
    text = unicodedata.normalize("NFKD", _apostrophes().sub("", name.translate(_SPELLED_OUT)))
    if not any(_beyond_latin(char) for char in text):
        return slugify(name)
    out = []
    marks_kept = False  # a combining mark stays with a letter kept ('й' is 'и' and a breve), never with a Latin one
    for char in text:
        kind = unicodedata.category(char)[0]
        if char.isascii() and char.isalnum():
            out.append(char)
            marks_kept = False
        elif kind == "M":
            out.append(char if marks_kept else "")
        elif kind in "LN":
            marks_kept = _beyond_latin(char)
            out.append(char if marks_kept else "")  # (a Latin letter with no ASCII spelling, like slugify)
        elif unicodedata.category(char) != "Cf":  # (a joiner inside a Persian or Hindi word joins, not separates)
            out.append("-")
            marks_kept = False
    # lower-cased whole, not letter by letter: a Greek word ends in 'ς', not 'σ'  # noqa: RUF003 - the Greek letters meant
    return re.sub(r"-+", "-", unicodedata.normalize("NFC", "".join(out)).lower()).strip("-")


def fit_slug(slug: str) -> str:
    """An address part cut to fit a folder name (MAX_SLUG characters, MAX_SLUG_BYTES in UTF-8):
    after its last whole word that fits, or by letters when even its first word is too long."""
    while len(slug) > MAX_SLUG or len(slug.encode("utf-8")) > MAX_SLUG_BYTES:
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug[:-1]
    return slug


def _beyond_latin(char: str) -> bool:
    """Whether `char` (decomposed) is a letter or digit of a script other than Latin."""
    return (not char.isascii() and unicodedata.category(char)[0] in "LN"
            and not unicodedata.name(char, "LATIN").startswith("LATIN"))


def _alias(value: str) -> str | None:
    if not value.startswith("/") or value.startswith("//"):
        return f"must be an old address on this site starting with '/', like /2019/05/old-post/, got '{value}'"
    if "?" in value or "#" in value:
        return f"cannot redirect an address with '?' or '#' on a static host, got '{value}'"
    if ".." in value.split("/") or "\\" in value:
        return f"must not contain '..' or '\\', got '{value}'"
    if "*" in value or any(part.startswith((":", "!")) for part in value.split("/")) or any(c.isspace() for c in value):
        return (f"must be one old address, not a pattern: in the hosts' _redirects, '*', ':name' and spaces would "
                f"redirect many addresses (or every one) to this page, got '{value}'")
    if any(len(part.encode("utf-8")) > 200 for part in value.split("/")):
        return f"has a part between two '/' longer than 200 characters, which no file can be named; got '{value}'"
    return None


def _not_blank(value: str) -> str | None:
    return "is blank; write the text, or remove the line to use the default" if not value.strip() else None


MAX_TAGS = 30  # per article; each tag is a page listing its articles
MAX_NAME = 100  # characters of a tag or category: it becomes a folder name, at most 255 bytes


def _few_tags(value: tuple) -> str | None:
    if len(value) > MAX_TAGS:
        return f"lists {len(value)} tags; an article may have at most {MAX_TAGS}, so keep the ones readers look for"
    return None


def _short_name(value: str) -> str | None:
    if len(value) > MAX_NAME:
        return f"is {len(value)} characters long; a tag or category may have at most {MAX_NAME}, so shorten it"
    return None


def _slug_length(value: str) -> str | None:
    """A `slug:` too long for a folder name; its letters are looked at with the file's name (_address)."""
    if len(value) > MAX_SLUG:
        return f"is {len(value)} characters long; a web address part may have at most {MAX_SLUG}, so shorten it"
    if len(value.encode("utf-8")) > MAX_SLUG_BYTES:
        return (f"makes a web address part of {len(value.encode('utf-8'))} bytes, more than the {MAX_SLUG_BYTES} "
                "a folder name can safely have; shorten it")
    return None


Slug = Annotated[str, Check(_slug_length)]
Alias = Annotated[str, Check(_alias)]
Name = Annotated[str, Check(_short_name)]
# A text with a default that must not be blank (schema.load itself refuses a blank required text).
NonBlank = Annotated[str, Check(_not_blank)]


@dataclass(frozen=True)
class ArticleMeta:
    """An article's front matter, read and checked."""

    title: str = option(help="The article's title.", example="Not making progress in therapy?")
    date: dt.date = option(help="Publication date, YYYY-MM-DD.", example="2024-03-18")
    summary: str | None = option(None, "One or two sentences for lists and search results.")
    category: Name | None = option(None, "One category, e.g. Tips.")
    tags: Annotated[tuple[Name, ...], Check(_few_tags)] = option((), "Tags, e.g. [therapy, progress].")
    author: str | None = option(None, "Who wrote it.")
    reviewed_by: str | None = option(None, "The clinician who reviewed it.")
    reviewed_on: dt.date | None = option(None, "When it was last clinically reviewed.")
    updated: dt.date | None = option(None, "When it was last changed.")
    draft: bool = option(False, "Drafts are built only with --drafts.")
    slug: Slug | None = option(None, "Address of the article; defaults to the file name.")
    aliases: tuple[Alias, ...] = option((), "Old addresses that redirect here.")
    image: Link | None = option(None, "A picture for the article and its link previews: a JPEG, PNG or WebP under static/, e.g. /images/walk.jpg.")
    image_alt: str | None = option(None, "What the picture shows, for people who cannot see it; required with 'image'.")
    needs_review: bool = option(False, "A translation still awaiting review by a qualified translator.")


@dataclass(frozen=True)
class PageMeta:
    """A page's front matter, read and checked."""

    title: str = option(help="The page's title.", example="Privacy Policy")
    summary: str | None = option(None, "One sentence for search results.")
    slug: Slug | None = option(None, "Address of the page; defaults to the file name.")
    aliases: tuple[Alias, ...] = option((), "Old addresses that redirect here.")
    needs_review: bool = option(False, "A translation still awaiting review by a qualified translator.")
    effective_date: dt.date | None = option(None, "When a notice (the HIPAA notice) takes effect, YYYY-MM-DD.")


@dataclass(frozen=True)
class Document:
    """What articles and pages share: where they came from and their HTML."""

    source: str  # path relative to the site folder, for messages
    body_line: int  # file line where the Markdown body starts
    slug: str
    title: str
    summary: str
    # The body's HTML, as UTF-8 (decoded when shown: a command after one edit shows a few of a
    # thousand), compressed on a big site, which holds every article's at once (html_compressed)
    html_data: str | bytes
    headings: tuple[Heading, ...]
    word_count: int
    aliases: tuple[str, ...]
    key_lines: tuple[tuple[str, int], ...] = ()  # front matter key (or 'aliases[1]') -> file line
    digest: str = ""  # of the file's bytes and everything its conversion depends on (cache.key)
    press_3_lines: tuple[int, ...] = ()  # file lines that still tell readers to press 3 on 988 (an error)
    cjk_count: int = 0  # Chinese and Japanese characters, read by the character (not in word_count)
    original: str = ""  # a translation: its original's file (site-relative)
    images_shown: tuple[tuple[str, int], ...] = ()  # (address, file line) of each site image it shows (images.shown_in)
    html_compressed: bool = False  # html_data is compressed with zlib

    @property
    def html(self) -> str:
        data = self.html_data
        if isinstance(data, str):
            return data
        return (zlib.decompress(data) if self.html_compressed else data).decode("utf-8")

    def key_line(self, key: str) -> int:
        """The file line of a front matter key, else 0."""
        return dict(self.key_lines).get(key, 0)


@dataclass(frozen=True)
class Article(Document):
    """A blog article: its file, front matter and HTML."""

    meta: ArticleMeta = None  # type: ignore[assignment]

    @property
    def date(self) -> dt.date:
        return self.meta.date

    @property
    def reading_minutes(self) -> int:
        return max(1, round(self.word_count / WORDS_PER_MINUTE + self.cjk_count / CJK_CHARACTERS_PER_MINUTE))


@dataclass(frozen=True)
class Page(Document):
    """A page of the site (privacy, terms...): its file, front matter and HTML."""

    meta: PageMeta = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Item:
    """A statement of a checklist a visitor can tick."""

    text: str = option(help="The statement a visitor can tick (Markdown).", example="I feel judged by my therapist.")
    topic: str = option(help="The id of a topic under 'topics'.", example="rapport")
    urgent: bool = option(False, "Ticking it puts the crisis message first.")


@dataclass(frozen=True)
class Topic:
    """A group of a checklist's statements under one heading."""

    title: str = option(help="The topic's heading.", example="Rapport with your therapist")
    advice: str = option(help="Advice shown when an item of this topic is ticked (Markdown).", example="Trust takes time.")


@dataclass(frozen=True)
class Band:
    """A checklist's result for a range of ticked statements."""

    min: int = option(help="Fewest ticked items for this result.", example="0")
    max: int = option(help="Most ticked items for this result.", example="2")
    text: str = option(help="What the result says (Markdown).", example="Few signs of a roadblock.")


DEFAULT_DISCLAIMER = "This checklist is a reflection aid, not a diagnosis. It cannot replace a conversation with a professional."


@dataclass(frozen=True)
class ChecklistSpec:
    """A checklist file as written, read and checked."""

    title: str = option(help="The checklist's title.", example="Am I making progress in therapy?")
    items: Annotated[tuple[Item, ...], at_most(200, "statements")] = option(help="The statements, one '- text: ...' each.", example="(a list of text and topic)")
    topics: Annotated[dict[str, Topic], at_most(200, "topics")] = option(help="Advice for each topic.", example="(one entry per topic id)")
    results: Annotated[tuple[Band, ...], at_most(200, "result bands")] = option(help="Result text by number ticked.", example="(a list of min, max, text)")
    intro: str | None = option(None, "Text above the statements (Markdown).")
    disclaimer: NonBlank = option(DEFAULT_DISCLAIMER, "Shown beside the results; every self-assessment needs one.")
    summary: str | None = option(None, "One sentence for search results.")
    needs_review: bool = option(False, "A translation still awaiting review by a qualified translator.")


@dataclass(frozen=True)
class Checklist:
    """A self-assessment checklist as the site shows it."""

    source: str
    id: str
    spec: ChecklistSpec
    digest: str = ""  # as Document.digest
    review_line: int = 0  # the line of 'needs_review', for check's note
    original: str = ""  # a translation: its original's file, whose keys it may leave out (as Document.original)


@dataclass(frozen=True)
class Content:
    """Every document of the site's content folder, by kind."""

    articles: tuple[Article, ...]
    pages: tuple[Page, ...]
    checklists: tuple[Checklist, ...]
    # language code -> that language's translations (articles, pages and checklists), front
    # matter they leave out taken from their originals; only for a site with further languages
    translations: tuple[tuple[str, Content], ...] = ()


PACK_ABOVE = 2000  # articles; above this, documents keep their HTML compressed


def load_content(source: Path, converter: Converter, store: bool = True,
                 memo: cache.Memo | None = None, languages: tuple[str, ...] = (),
                 changes=None, translated: dict | None = None, default: str = "") -> tuple[Content, list[Problem]]:
    """Read every article, page and checklist; drafts and scheduled posts are kept here.

    Unchanged files come from the document cache; `store=False` only reads it. A long-running
    process (serve) passes the `memo` of what it loaded before (see state.BuildState), and the
    `changes` it was told of since (state.Changes): a file not among them is not looked at, and
    the translations it `translated` last time (state.BuildState.translated), kept while neither
    they nor their originals changed. Without a memo (a single build) nothing is remembered, and
    no file's signature taken."""
    problems: list[Problem] = []
    shelf = cache.Shelf(cache.folder_for(source))
    remembering = memo is not None
    memo = memo if memo is not None else cache.Memo()
    used: dict[str, tuple] = {}  # entry -> (item, problems), for every file of this build
    new: dict[str, bytes] = {}  # entries new to the cache, as workers packed them (cache.pack)
    read = [0]  # files read from disk (not remembered by this process)
    problem = files.not_a_folder(source / "content", source, "articles/, pages/ and checklists/")
    problems.extend([problem] if problem else [])
    problems.extend(_strays(source))
    vouched = [changes is not None and remembering]  # every folder's files are vouched for by `changes`
    article_files, translated_articles, count = _of_kind(source / "content/articles", ".md", source, problems,
                                                         languages, changes, vouched)
    # Compressing each document's HTML costs time that only a big site gets back, in memory.
    pack = count > PACK_ABOVE
    context = f"{converter.base_path} {'packed' if pack else 'plain'}"  # what a cached document depends on
    if languages:  # which files are translations
        context += " " + ",".join(languages)

    loaded_paths: set[str] = set()
    prefix = "" if str(source) in (".", "/") else str(source) + "/"  # (see _relative_to)
    relative = _relative_to(source)
    # A single build is told nothing of what changed: the signatures the last one kept spare it
    # reading and hashing every unchanged file to find its entry (serve remembers them itself).
    signatures = cache.Signatures(shelf.folder, context) if not remembering and shelf.folder is not None else None
    vouched_entries: dict[str, str] = {}  # file -> the entry its signature vouches for (read by one)

    def each(paths: list[str], load) -> list:
        loaded_paths.update(paths)

        def one(name: str, cached: bool = True, convert: bool = True) -> tuple[bytes, str | None, bool]:
            """The packed (item, problems) of one file (cache.pack), or b"" when the cache has
            them (a worker sends back no more than the entry: each process has the same shelf)
            or when it is not to `convert` them; its entry; and whether they come from the cache."""
            rel = relative(name)
            data: bytes | None = None
            entry = vouched_entries.get(name) if cached else None
            if entry is not None and shelf.get(entry) is not None:
                return b"", entry, True
            try:
                with open(name, "rb") as file:  # (no more than a file may have: a huge one is refused below)
                    data = file.read(MAX_FILE_BYTES + 1)
                entry = cache.key(rel, data, context) if len(data) <= MAX_FILE_BYTES else None
            except OSError:
                entry = None
            if entry and cached and shelf.get(entry) is not None:
                return b"", entry, True
            if not convert:
                return b"", entry, False
            found: list[Problem] = []
            with processing(rel):
                item = load(Path(name), found, data)  # (the bytes its entry is the key of: not read again)
            # The digest names the inputs of every page that shows the item (see manifest.py).
            result = (replace(item, digest=entry or "") if item else None), found
            return cache.pack(result), entry, False

        def unpacked(name: str, blob: bytes, entry: str | None, hit: bool) -> tuple:
            try:
                return cache.unpack(blob), entry
            except Exception:  # an entry of another shape: a miss, never an error
                if not hit or entry is None:
                    raise
                shelf.discard(entry)
                blob, entry, _ = one(name, cached=False)
                if entry is not None:
                    new[entry] = blob
                return cache.unpack(blob), entry

        def entry_of(path: str):
            return lambda data: cache.key(Path(path).relative_to(source).as_posix(), data, context)

        # A long-running process (serve) remembers what it loaded: untouched files are not read again.
        # Told of every change since, it does not even look at the others, and reads each file it
        # was told of (a same-size save within the file system's tick keeps its signature).
        known: dict[str, Any]
        if vouched[0] and prefix and not changes.folders and changes.paths is not None:
            known = memo.untouched_all(paths, context, prefix, {prefix + rel for rel in changes.paths})
        elif vouched[0] and prefix:
            cut = len(prefix)
            known = {path: memo.untouched(path, context) if path.startswith(prefix) and changes.untouched(path[cut:])
                     else None for path in paths}
        else:
            known = {path: memo.recall(path, context, entry_of(path)) for path in paths}
        misses = [path for path in paths if known[path] is None]
        if len(misses) < len(paths):
            # This process has loaded the site before (serve): what it keeps in memory is its cache,
            # and reading and rewriting a shard for the file just saved would only slow it down.
            shelf.disable()
        read[0] += len(misses)
        # taken before reading: an edit meanwhile is not missed (a stat of every file: for a memo,
        # or for the signatures kept for the next build)
        before = [cache.look(path) if remembering or signatures is not None else None for path in misses]
        if signatures is not None:
            vouched_entries.clear()
            for path, looked in zip(misses, before, strict=True):
                entry = signatures.vouched(relative(path), looked) if looked is not None else None
                if entry is not None:
                    vouched_entries[path] = entry
        for path, looked, (blob, entry, hit) in zip(misses, before, _found(one, misses, shelf), strict=True):
            if hit and entry:  # (gone from the shelf meanwhile: b"", which unpacked reads as a miss)
                blob = shelf.get(entry) or b""
            if entry and not hit:
                new.setdefault(entry, blob)
            done = unpacked(path, blob, entry, hit)
            known[path] = done
            if signatures is not None and looked is not None:
                signatures.note(relative(path), looked, done[1], vouched_entries.get(path))
            elif done[1] and looked is not None:
                memo.remember(path, context, looked, done[1], done)
        outcomes = [known[path] for path in paths]
        loaded = []
        for (item, found), entry in outcomes:
            if entry:
                used[entry] = item, found
            problems.extend(found)
            if item:
                loaded.append(item)
        return loaded

    page_files, translated_pages, _ = _of_kind(source / "content/pages", ".md", source, problems, languages, changes,
                                            vouched)
    checklist_files, translated_checklists, _ = _of_kind(source / "content/checklists", (".yaml", ".yml"), source,
                                                      problems, languages, changes, vouched)
    articles = each(article_files, lambda p, found, raw: _load_document(p, source, ArticleMeta, Article, converter, pack,
                                                                        found, raw=raw))
    pages = each(page_files, lambda p, found, raw: _load_document(p, source, PageMeta, Page, converter, pack, found, raw=raw))
    checklists = each(checklist_files, lambda p, found, raw: _load_checklist(p, source, found, raw))
    articles = _same_address(articles, "/blog/{}/", problems)
    pages = _same_address(pages, "/{}/", problems)
    checklists = _same_address(checklists, "/self-assessment/{}/", problems)
    translations = []
    if languages:
        loaded_articles = each([t.path for t in translated_articles], lambda p, found, raw: _load_document(
            p, source, ArticleMeta, Article, converter, pack, found, translation=True, raw=raw))
        loaded_pages = each([t.path for t in translated_pages], lambda p, found, raw: _load_document(
            p, source, PageMeta, Page, converter, pack, found, translation=True, raw=raw))
        made: dict = {}
        for code in languages:
            found_articles = _translated_documents(source, articles, translated_articles, loaded_articles, code, translated,
                                                   made, default)
            found_pages = _translated_documents(source, pages, translated_pages, loaded_pages, code, translated, made, default)
            found_checklists = _translated_checklists(source, checklists, translated_checklists, code, problems, default)
            folder = "/" + code.lower() + "{}"  # (not `prefix`: each() reads that one, the site folder's)
            translations.append((code, Content(
                tuple(_same_address(found_articles, folder.format("/blog/{}/"), problems)),
                tuple(_same_address(found_pages, folder.format("/{}/"), problems)),
                tuple(_same_address(found_checklists, folder.format("/self-assessment/{}/"), problems)))))
        if translated is not None:  # (only this build's: nothing of a deleted file is kept)
            translated.clear()
            translated.update(made)
    memo.retain(loaded_paths, context)  # (nothing of a deleted file is kept)
    if store and read[0]:  # (entries of deleted files wait for a build that reads something)
        shelf.save(set(used), lambda entry: new[entry] if entry in new else cache.pack(used[entry]))
    if store and signatures is not None:
        signatures.save()
    return Content(tuple(articles), tuple(pages), tuple(checklists), tuple(translations)), problems


def _found(one, paths: list[str], shelf: cache.Shelf) -> list[tuple[bytes, str | None, bool]]:
    """`one` of every path; those the cache has are looked up in this process: reading a file and
    hashing it costs less than starting workers, which only the files to convert are worth. With
    nothing in the cache (a first build) there is nothing to look up: the workers read every file."""
    if shelf.empty():
        return parallel.map_in_order(one, paths)
    probed = [one(path, convert=False) for path in paths]
    todo = [index for index, (_, _, hit) in enumerate(probed) if not hit]
    convert = functools.partial(one, cached=False)  # (the probe found them missing)
    for index, result in zip(todo, parallel.map_in_order(convert, [paths[i] for i in todo]), strict=True):
        probed[index] = result
    return probed


def _relative_to(source: Path):
    """name -> its path from `source`, in the contract's form. The files' names begin with the
    site folder's (files.walk): cutting it off is the same as Path.relative_to, which takes a
    tenth of a second over 10,000 files (and serve asks for every translation on each edit)."""
    prefix = "" if str(source) in (".", "/") else str(source) + "/"
    return lambda name: name[len(prefix):] if prefix and name.startswith(prefix) else Path(name).relative_to(source).as_posix()


def _translated_documents(source: Path, originals: list, translated: list, loaded: list, code: str,
                          last: dict | None = None, made: dict | None = None, lang: str = "") -> list:
    """The translations into `code` of articles or pages, each with what its front matter leaves
    out taken from its original (a translation whose original has errors is left out too), its
    text marked as being in `lang`, the originals' language (inherited.py).
    `last`: (code, lang, file) -> (translation, original, what they made) of serve's last build; the
    same two objects make the same (frozen) document again, and keeping it lets the pages
    showing it be carried over. `made` gets this build's."""
    by_source = {doc.source: doc for doc in originals}
    relative = _relative_to(source)
    by_rel = {relative(t.path): t for t in translated}
    found = []
    for doc in loaded:
        item = by_rel.get(doc.source)
        if item is None or item.code != code:
            continue
        original = by_source.get(relative(item.original))
        if original is None:
            continue
        # (keyed by the originals' language too: what it leaves out is marked as in that language)
        known = last.get((code, lang, doc.source)) if last else None
        if known is not None and known[0] is doc and known[1] is original:
            document = known[2]
        else:
            given = {key for key, _ in doc.key_lines if "[" not in key}
            meta = languages_.inherit(original.meta, doc.meta, given)
            meta = inherited.mark_left_out(meta, given, lang) if lang else meta
            slug = doc.meta.slug or original.slug
            # Its page shows what it takes from the original too: the digest names both files.
            digest = cache.key(doc.source, original.digest.encode(), doc.digest) if doc.digest and original.digest else ""
            document = replace(doc, meta=meta, slug=slug, title=meta.title, digest=digest, original=original.source)
        if made is not None:
            made[code, lang, doc.source] = (doc, original, document)
        found.append(document)
    return found


def _translated_checklists(source: Path, originals: list, translated: list, code: str, problems: list[Problem],
                           lang: str = "") -> list:
    """The translations into `code` of checklists: the keys a translation leaves out are its
    original's, their text marked as being in `lang`, the original's language (inherited.py)."""
    by_source = {c.source: c for c in originals}
    found = []
    for item in translated:
        if item.code != code:
            continue
        rel = Path(item.path).relative_to(source).as_posix()
        original = by_source.get(Path(item.original).relative_to(source).as_posix())
        if original is None:
            continue
        with processing(rel):
            text, problem = read_text(Path(item.path), rel)
            if problem:
                problems.append(problem)
                continue
            data, yaml_problems = yamlfile.parse(text, rel)
            problems.extend(yaml_problems)
            if yaml_problems or data is None:
                if data is None and not yaml_problems:
                    problems.append(error(rel, 0, "has only comments; write the translated checklist, or delete the file"))
                continue
            if not isinstance(data, yamlfile.Map):
                problems.append(error(rel, 1, "must be a group of 'key: value' lines, like the original checklist"))
                continue
            original_text, _ = read_text(source / original.source, original.source)
            original_data, _ = yamlfile.parse(original_text, original.source)
            merged = yamlfile.Map(data)
            merged.line, merged.key_lines = data.line, dict(data.key_lines)
            for key, value in (original_data.items() if isinstance(original_data, yamlfile.Map) else ()):
                if key not in merged and key not in languages_.OWN_KEYS:
                    merged[key] = value
            spec = load(ChecklistSpec, merged, Reader(rel, problems), "", 1)
            if spec is None:
                continue
            before = len(problems)
            # (statements that differ from the original's are the mistake to fix; its bands follow from them)
            if "items" not in data or _same_statements(spec, data, original, original_data, rel, problems):
                _check_checklist(spec, merged, rel, problems)
            if len(problems) == before:
                spec = _marked_checklist(spec, data, lang)
                found.append(Checklist(rel, original.id, spec, digest=cache.key(rel, text.encode(), original.digest),
                                       review_line=dict(data.key_lines).get("needs_review", 0), original=original.source))
    return found


def _about(item: Item) -> str:
    return f"about '{item.topic}', {'urgent' if item.urgent else 'not urgent'}"


def _same_statements(spec: ChecklistSpec, data, original: Checklist, original_data, rel: str,
                     problems: list[Problem]) -> bool:
    """Whether a translated checklist's statements are its original's, one for one: the same
    topics and `urgent` flags, in the same order (else an error for each difference). A visitor
    reading the translation must never lose a statement, least of all an urgent one (ticking it
    puts the crisis message first)."""
    before = len(problems)
    theirs, ours = original.spec.items, spec.items
    their_lines = getattr(original_data.get("items") if isinstance(original_data, yamlfile.Map) else None, "item_lines", [])
    our_lines = getattr(data.get("items"), "item_lines", [])
    items_line = data.key_line("items")
    if len(theirs) == len(ours):
        for index, (their, our) in enumerate(zip(theirs, ours, strict=True), start=1):
            if (their.topic, their.urgent) != (our.topic, our.urgent):
                line = our_lines[index - 1] if index <= len(our_lines) else items_line
                problems.append(error(rel, line, f"statement {index} is {_about(our)}, but statement {index} of "
                                                 f"{original.source} ('{their.text}') is {_about(their)}; translate the "
                                                 "original's statements in its order, each with its topic and urgent flag"))
        return len(problems) == before
    # Different counts: match the statements in order by topic and flag, to name the missing ones.
    matched: list[int | None] = []
    at = 0
    for their in theirs:
        if at < len(ours) and (ours[at].topic, ours[at].urgent) == (their.topic, their.urgent):
            matched.append(at)
            at += 1
        else:
            matched.append(None)
    for index, (their, ours_at) in enumerate(zip(theirs, matched, strict=True), start=1):
        if ours_at is None:
            where = f"{original.source}:{their_lines[index - 1]}" if index <= len(their_lines) else original.source
            problems.append(error(rel, items_line, f"has no translation of statement {index} of the original ({where}: "
                                                   f"'{their.text}', {_about(their)}); translate every statement of "
                                                   "the original, in its order"))
    for index in range(at + 1, len(ours) + 1):
        line = our_lines[index - 1] if index <= len(our_lines) else items_line
        problems.append(error(rel, line, f"statement {index} ({_about(ours[index - 1])}) translates no statement of "
                                         f"{original.source}; a translation has the original's statements only, in its "
                                         "order: remove it, or add it to the original first"))
    return len(problems) == before


def _marked_checklist(spec: ChecklistSpec, given, lang: str) -> ChecklistSpec:
    """A translated checklist, the text it leaves to its original marked as in `lang`; the
    theme's disclaimer, when neither gives one, is English."""
    if not lang:
        return spec
    spec = inherited.mark_left_out(spec, given, lang)
    if spec.disclaimer == DEFAULT_DISCLAIMER and "disclaimer" not in given:
        spec = replace(spec, disclaimer=inherited.marked(DEFAULT_DISCLAIMER, SOURCE_LANGUAGE))
    return spec


def _same_address(items, pattern: str, problems: list[Problem]) -> list:
    """Two files of one kind with the same slug would overwrite each other; the later is left out."""
    first: dict[str, str] = {}
    kept = []
    for item in items:  # in file name order
        slug = getattr(item, "slug", None) or item.id
        if slug in first:
            line = item.key_line("slug") if isinstance(item, Document) else 0
            fix = "give one of them another 'slug:'" if isinstance(item, Document) else "rename one of them"
            problems.append(error(item.source, line, f"has the address {pattern.format(slug)}, which {first[slug]} "
                                                     f"already uses; {fix}"))
            continue
        first[slug] = item.source
        kept.append(item)
    return kept


CONTENT_FOLDERS = ("articles", "pages", "checklists", "clinicians", "services")


def _strays(source: Path) -> list[Problem]:
    """What content/ holds beside the folders the site reads: a misspelt 'artciles/' or a page
    saved in content/ itself would otherwise leave its files off the site while the build passes."""
    try:
        names = sorted(os.listdir(source / "content"))
    except OSError:  # (no folder, or not one: files.not_a_folder says so)
        return []
    problems = []
    for name in names:
        if name in CONTENT_FOLDERS or files.scratch(name):
            continue
        rel = f"content/{files.shown(name)}"
        if (source / "content" / name).is_dir():
            import difflib

            match = difflib.get_close_matches(name.lower(), CONTENT_FOLDERS, n=1)
            hint = f"did you mean '{match[0]}'? " if match else ""
            problems.append(warning(rel, 0, f"is not a folder the site reads, so nothing in it is published; {hint}content/ "
                                          f"holds only {', '.join(CONTENT_FOLDERS)}: rename the folder, or move its files "
                                          "into one of those"))
        else:
            problems.append(warning(rel, 0, "is not read, so it is not published: files go in a folder of content/ (an "
                                          "article in content/articles/, a page in content/pages/); move it there"))
    return problems


def _of_kind(folder: Path, suffixes, source: Path, problems: list[Problem], languages: tuple[str, ...],
             changes, vouched: list[bool]) -> tuple[list[str], list[languages_.Translated], int]:
    """The files of one kind in `folder`: originals, translations (languages.split), and how many.
    `vouched[0]` turns False unless `changes` (serve's) vouches for them (files.listed); with
    `changes`, a folder whose walk is the very same as the last build's has the same answer."""
    if not folder.is_dir():
        problem = files.not_a_folder(folder, source, "the site's " + folder.name)
        problems.extend([problem] if problem else [])
        return [], [], 0
    walked, vouches = files.listed(folder, source, problems, changes)
    vouched[0] = vouched[0] and vouches
    key = ("kind", str(folder), str(source), suffixes, languages)
    last = changes.walks.get(key) if changes is not None else None
    if last is not None and last[0] is walked:
        problems.extend(last[4])
        return last[1], last[2], last[3]
    found: list[Problem] = []
    picked = _picked(walked, suffixes, source, found)
    originals, translated = languages_.split(picked, languages, source, found)
    problems.extend(found)
    if changes is not None:
        changes.walks[key] = (walked, originals, translated, len(picked), found)
    return originals, translated, len(picked)


def _files(folder: Path, suffixes, source: Path, problems: list[Problem]) -> list[str]:
    if not folder.is_dir():
        problem = files.not_a_folder(folder, source, "the site's " + folder.name)
        problems.extend([problem] if problem else [])
        return []
    return _picked(files.walk(folder, source, problems), suffixes, source, problems)


def _picked(walked: list[str], suffixes, source: Path, problems: list[Problem]) -> list[str]:
    """The files among `walked` with one of `suffixes`; a file of another kind of text is a problem."""
    found = []
    wanted = (suffixes,) if isinstance(suffixes, str) else suffixes
    for path in walked:
        name = path.rpartition("/")[2]  # (os.path's basename and splitext cost more over 10,000 files)
        dot = name.rfind(".")  # (past the first character, which is no dot)
        suffix = name[dot:].lower() if dot > 0 else ""
        if suffix in wanted:
            found.append(path)
        elif suffix in (".markdown", ".txt", ".yml", ".yaml", ".md"):
            problems.append(error(Path(path).relative_to(source).as_posix(), 0, f"is ignored: files here must end in {suffixes if isinstance(suffixes, str) else ' or '.join(suffixes)}; rename it"))
    return found


# The 988 Lifeline's option 3 (for LGBTQ+ youth) ended in July 2025: a page must not tell readers to press it.
OUTDATED_CRISIS = re.compile(r"\bpress(?:ing)?\s*(?:option\s*)?3\b", re.I)
_GAP = r"(?:\s|<[^>]*>|&[#\w]+;)*"
_PRESS_3_NEARBY = re.compile(rf"press(?:ing)?{_GAP}(?:option{_GAP})?3")  # (on lowercased text: re.I is slower)


# The same look in the text's UTF-8, lower-cased as ASCII alone (bytes.lower: a third of the time
# str.lower takes over a page), where any byte of a character beyond ASCII may be a space or part
# of an entity: it finds all _PRESS_3_NEARBY finds (the letters it looks for, and '<', '>', '&',
# ';', '#' and '3', come from ASCII characters alone: no other lower-cases to one of them but 'İ',
# to 'i' and a combining dot, which no letter of these words follows), and seldom more.
_GAP_BYTES = rb"(?:[\s\x1c-\x1f\x80-\xff]|<[^>]*>|&(?:[#\w]|[\x80-\xff])+;)*"
_PRESS_3_BYTES = re.compile(rb"press(?:ing)?" + _GAP_BYTES + rb"(?:option" + _GAP_BYTES + rb")?3")


def may_mention_pressing_3(text: str, data: bytes | None = None) -> bool:
    """A quick look first, the pattern itself being slow over a whole site: is there "press 3"
    with only spaces, tags, entities or "option" between ("pressing" too; in any case)?
    `data`: the text in UTF-8, when the caller has it already."""
    if data is None:
        data = text.encode("utf-8", "surrogatepass")
    return _PRESS_3_BYTES.search(data.lower()) is not None and _PRESS_3_NEARBY.search(text.lower()) is not None


def press_3_lines(text: str, first_line: int = 1) -> tuple[int, ...]:
    """The lines of `text` (its first being `first_line`) that mention pressing 3."""
    if not may_mention_pressing_3(text):
        return ()
    return tuple(first_line + text.count("\n", 0, match.start()) for match in OUTDATED_CRISIS.finditer(text))


def split_front_matter(text: str, rel: str, needed: tuple[str, ...] = ("title", "date")) -> tuple[str, str, int, Problem | None]:
    """Split '---' front matter from the body; returns (yaml, body, body_line, problem). `needed`:
    the keys the kind of file must give, which the problem of a file without any names."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        keys = " and ".join(f"'{key}: ...'" for key in needed)
        return "", "", 0, error(rel, 1, f"must start with front matter: a line '---', then {keys}, then '---'")
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2, None
    return "", "", 0, error(rel, 1, "front matter starting here is never closed; add a line with just '---' after the last 'key: value' line")


_SHOWN = 20  # problems of one kind reported per file


# What a translation may leave out although its original must give it: taken from the original
# (languages.inherit), so a stand-in is never shown. A translation's own words (languages.OWN_KEYS,
# e.g. a service's summary) are not taken: one that a kind requires, the translation must give.
_STAND_INS = {"title": "-", "date": "2000-01-01", "name": "-", "role": "-"}


def _required(meta_cls) -> set[str]:
    """The front-matter keys a kind of document must give (no default)."""
    return {f.name for f in dataclasses.fields(meta_cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


def _needed(meta_cls) -> tuple[str, ...]:
    """The keys a kind of document must give, in the order its front matter lists them."""
    required = _required(meta_cls)
    return tuple(f.name for f in dataclasses.fields(meta_cls) if f.name in required) or ("title",)


def _missing_words(data, meta_cls, rel: str, problems: list[Problem]) -> list[str]:
    """The words a translation must give itself and does not (a service's summary), each an error."""
    if not isinstance(data, yamlfile.Map):
        return []
    missing = sorted(key for key in _required(meta_cls) & languages_.OWN_KEYS if key not in data)
    problems.extend(error(rel, data.line, f"required key '{key}' is missing; a translation writes its own {key}, in its "
                                          f"language (the original's would show in another language on the translated "
                                          f"pages): add `{key}: ...`") for key in missing)
    return missing


def _load_document(path: Path, source: Path, meta_cls, doc_cls, converter: Converter, pack: bool,
                   problems: list[Problem], translation: bool = False, raw: bytes | None = None):
    rel = path.relative_to(source).as_posix()
    text, problem = read_text(path, rel, raw=raw)
    needed = _needed(meta_cls)
    if not problem:
        front, body, body_line, problem = split_front_matter(text, rel, needed)
    if problem:
        problems.append(problem)
        return None
    data, yaml_problems = yamlfile.parse(front, rel, first_line=2)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    if data is None:  # (a clinician has a name, not a title)
        problems.append(error(rel, 1, f"front matter is empty; it needs at least '{needed[0]}: ...'"))
        return None
    given, missing = data, _missing_words(data, meta_cls, rel, problems) if translation else []
    if translation and isinstance(given, yamlfile.Map):  # what it leaves out comes from its original (_translated_documents)
        filled = yamlfile.Map(given)
        filled.line, filled.key_lines = given.line, dict(given.key_lines)
        for key, value in {**_STAND_INS, **dict.fromkeys(missing, "-")}.items():
            if key not in filled and key in _required(meta_cls):
                filled[key] = yamlfile.Text(value)
        data = filled
    meta = load(meta_cls, data, Reader(rel, problems), "", 1)
    if meta is None or missing:  # (checked with the rest, then left out: its stand-ins are never shown)
        return None
    key_lines = _key_lines(given)
    meta = _as_meant(meta, data, rel, problems)
    if isinstance(meta, ArticleMeta) and not meta.draft and _placeholders(meta, data, body, body_line, rel, problems):
        return None
    stem = path.stem.rpartition(".")[0] if translation else path.stem
    slug, problem = _address(meta, stem, data, rel, translation)
    if problem:
        problems.append(problem)
        return None
    if meta.slug is not None and meta.slug != slug:  # (written in decomposed letters: a translation takes it as it is)
        meta = replace(meta, slug=slug)
    too_much = markdown_limits(body, body_line)
    if too_much:
        problems.append(error(rel, *too_much))
        return None
    rendered = converter.convert(body)
    if rendered.word_count == 0 and rendered.cjk_count == 0 and getattr(doc_cls, "body_required", True):
        problems.append(error(rel, body_line, "has no text after the front matter; write the text below the closing '---' line"))
        return None
    # (The first few of each: finding each one's line takes a look through the whole text.)
    for src, at in _uses_without_alt(body, rendered.images_without_alt[:_SHOWN]):
        line = body_line + body.count("\n", 0, at)
        problems.append(error(rel, line, f"image '{src}' has no alt text; describe it for people who cannot see it: ![a short description]({src})"))
    for link in rendered.relative_links[:_SHOWN]:
        line = body_line + body.count("\n", 0, max(body.find(link), 0))
        problems.append(error(rel, line, f"link '{link}' is relative; write site links from the root, like /blog/some-article/ or /images/photo.jpg"))
    for line, title in _empty_callouts(body, body_line)[:rendered.empty_callouts]:
        quote = f" (and put its title in double quotes: {title})" if title else ""
        problems.append(error(rel, line, f"this '!!!' box has no text: indent the lines of its text by four spaces under "
                                         f"it{quote}"))
    summary = meta.summary or rendered.first_paragraph
    encoded = rendered.html.encode("utf-8")  # (a cached str of other characters than ASCII costs twice the memory, and decoding)
    return doc_cls(
        source=rel, body_line=body_line, slug=slug, title=meta.title,
        summary=summary, html_data=zlib.compress(encoded, 1) if pack else encoded, html_compressed=pack,
        headings=rendered.headings,
        word_count=rendered.word_count, aliases=meta.aliases, key_lines=key_lines, meta=meta,
        press_3_lines=press_3_lines(body, body_line), cjk_count=rendered.cjk_count,
        images_shown=images.shown_in(rendered.html, body, body_line, converter.base_path),
    )


def _empty_callouts(body: str, body_line: int) -> list[tuple[int, str]]:
    """The '!!!' boxes in `body` (outside ``` code) whose next line with text is not indented:
    Python-Markdown makes each an empty box, and the text under it a paragraph of its own. Each
    as (line, its line with the title quoted, if the title is not: '!!! note Closed today' has the
    title 'Note', and 'Closed today' is lost)."""
    lines = body.split("\n")
    found, fenced = [], False
    for index, text in enumerate(lines):
        if text.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif text.startswith("!!! ") and not fenced:
            after = next((line for line in lines[index + 1:] if line.strip()), "")
            if not after.startswith(("    ", "\t")):
                kind, _, title = text[4:].strip().partition(" ")
                unquoted = title and not title.startswith('"')
                found.append((body_line + index, f'!!! {kind} "{title.strip()}"' if unquoted else ""))
    return found


def _address(meta, stem: str, data, rel: str, translation: bool) -> tuple[str, Problem | None]:
    """The document's address part: its `slug:`, else its file name (a translation's, else, is its
    original's: _translated_documents). Articles, pages and services may be named in any script, as
    tags are ('睡眠.md' is at /blog/睡眠/: name_slug); a clinician's file name is also the id the
    team's filter and its locations use, so it keeps to ASCII (slugify). Both are NFC: a Mac may
    give a file name's letters decomposed, which a browser's address would not match."""
    has_slug = "slug" in {f.name for f in fields(meta)}
    make = name_slug if has_slug else slugify
    if meta.slug is not None:
        slug = unicodedata.normalize("NFC", meta.slug)
        if slug and make(slug) == slug:
            return slug, None
        return "", error(rel, data.key_line("slug"), f"'slug' must use only lowercase letters, digits and hyphens (it "
                                                     f"becomes part of a web address), got '{meta.slug}'; write "
                                                     f"slug: {_usable(slug, meta, make)}")
    name = unicodedata.normalize("NFC", stem)
    if translation or (name and make(name) == name and len(name.encode("utf-8")) <= _name_bytes(name)):
        return name, None
    usable = _usable(name, meta, make)
    # (A clinician has no `slug:` to add: its file name is its id, so renaming is the one fix.)
    other = f" or add 'slug: {usable}'" if has_slug else ""
    return "", error(rel, 0, f"the file name cannot be used as a web address; rename it to '{usable}.md'{other}")


def written_slug(path: Path, rel: str) -> str | None:
    """The `slug:` the front matter of the Markdown file at `path` gives, if it can be read as YAML
    and the slug could be used: the address of a file left out for another error (a mistyped date,
    leftout.py). None otherwise (no slug, or front matter too broken to tell)."""
    text, problem = read_text(path, rel)
    if not problem:
        front, _, _, problem = split_front_matter(text, rel)
    if problem:
        return None
    data, problems = yamlfile.parse(front, rel, first_line=2)
    slug = data.get("slug") if isinstance(data, yamlfile.Map) and not problems else None
    if not isinstance(slug, str):
        return None
    slug = unicodedata.normalize("NFC", slug)
    return slug if slug and name_slug(slug) == slug and _slug_length(slug) is None else None


def _name_bytes(name: str) -> int:
    """The longest a file name may be as an address part: one in ASCII is as long as the file
    system lets it be, as ever; one in other letters fits a folder name on any host (MAX_SLUG_BYTES)."""
    return 255 if name.isascii() else MAX_SLUG_BYTES


def _usable(name: str, meta, make) -> str:
    """An address part to propose for an unusable `name`: its letters and digits, else the title's
    (a name of punctuation alone, like '...'), cut to fit a folder name (fit_slug), else 'untitled'."""
    for text in (name, meta.title):
        slug = fit_slug(make(text))
        if slug:
            return slug
    return "untitled"


def _uses_without_alt(body: str, sources) -> list[tuple[str, int]]:
    """Each image without alt text (`sources`, in the order shown) with where the body writes it:
    its uses written `![](src)`, one after another, so that a picture used twice is found at the
    use that lacks the alt text; else (in HTML, say) its first use."""
    found, taken = [], dict[str, int]()
    for src in sources:
        empty = [m.start() for m in re.finditer(r"!\[\s*\]\(\s*<?" + re.escape(src), body)]
        nth = taken[src] = taken.get(src, -1) + 1
        found.append((src, empty[nth] if nth < len(empty) else max(body.find(src), 0)))
    return found


def _as_meant(meta, data, rel: str, problems: list[Problem]):
    """Two slips that would otherwise publish quietly, read as the editor meant them, with a warning:
    tags without brackets (one tag 'first visit, therapy'), and curly quotes pasted around a title."""
    tags = data.get("tags") if isinstance(meta, ArticleMeta) else None
    if isinstance(tags, str) and "," in tags:
        names = tuple(name.strip() for name in tags.split(",") if name.strip())
        listed = ", ".join(names)
        problems.append(warning(rel, data.key_line("tags"), f"'tags' has no square brackets, so it reads as one tag "
                                f"'{tags.strip()}'; it was read as {len(names)} tags, as you probably meant: "
                                f"write tags: [{listed}]"))
        meta = replace(meta, tags=names)
    if "title" not in {f.name for f in fields(meta)}:  # (a clinician's name is not a title)
        return meta
    title = meta.title.strip()
    for opening, closing in CURLY_QUOTES:
        inner = title[1:-1]
        if (len(title) > 2 and title[0] == opening and title[-1] == closing and opening not in inner
                and closing not in inner and inner.strip()):
            problems.append(warning(rel, data.key_line("title"), f"'title' is wrapped in curly quotes, which would show "
                                    f"in the heading; they were left out: write {yamlfile.written('title', inner.strip())}"))
            meta = replace(meta, title=inner.strip())
            break
    return meta


def _placeholders(meta: ArticleMeta, data, body: str, body_line: int, rel: str, problems: list[Problem]) -> bool:
    """Whether the article is published with the text `new` wrote for the editor to replace (an error each)."""
    found = []
    if meta.summary and meta.summary.strip() in {text.summary for text in NEW_ARTICLE_TEXT.values()}:
        found.append(error(rel, data.key_line("summary"), "still has the example summary that 'new' wrote; write one "
                           "or two sentences of your own, or keep 'draft: true' until the article is ready"))
    at, placeholder = max((body.find(text), text) for text in (*(t.body for t in NEW_ARTICLE_TEXT.values()),
                                                                *FORMER_PLACEHOLDER_BODIES))
    if at >= 0:
        opening = re.split(r"[.\u3002]", placeholder, maxsplit=1)[0]  # its first sentence: "Write the article here"
        found.append(error(rel, body_line + body.count("\n", 0, at), "still has the example text that 'new' wrote "
                           f"(\"{opening}...\"); replace it with the article, or keep 'draft: true' "
                           "until the article is ready"))
    problems.extend(found)
    return bool(found)


def _key_lines(data) -> tuple[tuple[str, int], ...]:
    lines = []
    for key in data:
        lines.append((str(key), data.key_line(key)))
        value = data[key]
        if isinstance(value, yamlfile.Seq):
            lines += [(f"{key}[{index}]", line) for index, line in enumerate(value.item_lines, start=1)]
    return tuple(lines)


def _load_checklist(path: Path, source: Path, problems: list[Problem], raw: bytes | None = None):
    rel = path.relative_to(source).as_posix()
    text, problem = read_text(path, rel, raw=raw)
    if problem:
        problems.append(problem)
        return None
    data, yaml_problems = yamlfile.parse(text, rel)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    if data is None:
        problems.append(error(rel, 0, "has only comments; write the checklist (title, items, topics, results), or delete the file"))
        return None
    spec = load(ChecklistSpec, data, Reader(rel, problems), "", 1)
    if spec is None:
        return None
    slug = slugify(path.stem)
    if slug != path.stem:  # (a checklist's id is also its form's; it keeps to ASCII letters)
        usable = slug or slugify(spec.title) or "checklist"  # ('睡眠.yaml' has none of its own to propose)
        problems.append(error(rel, 0, f"the file name cannot be used as a web address; rename it to '{usable}{path.suffix}'"))
        return None
    before = len(problems)
    _check_checklist(spec, data, rel, problems)
    return Checklist(rel, slug, spec) if len(problems) == before else None


def _count(low: int, high: int) -> str:
    if low == high:
        return f"{low} ticked item{'s' if low != 1 else ''}"
    return f"{low} to {high} ticked items"


def _check_checklist(spec: ChecklistSpec, data, rel: str, problems: list[Problem]) -> None:
    for item, raw in zip(spec.items, data.get("items") or [], strict=False):
        if item.topic not in spec.topics:
            line = yamlfile.line_of(raw.get("topic") if isinstance(raw, dict) else None, data.key_line("items"))
            known = ", ".join(sorted(spec.topics)) or "none yet"
            problems.append(error(rel, line, f"item '{item.text}' names topic '{item.topic}', which is not under 'topics' (defined: {known}); use one of those, or add '{item.topic}:' under 'topics'"))
    if not spec.items:
        problems.append(error(rel, data.key_line("items"), "'items' is empty; list at least one statement"))
    lines = (data.get("results") or [])
    if len(spec.results) != len(lines):
        return  # (a band that could not be read is reported as such: gaps and overlaps without it would be made up)
    expected = 0
    for band, raw in sorted(zip(spec.results, lines, strict=False), key=lambda pair: (pair[0].min, pair[0].max)):
        line = yamlfile.line_of(raw, data.key_line("results"))
        if band.min < 0:
            problems.append(error(rel, line, f"result band min {band.min} is below zero; the fewest a visitor can tick is 0"))
        elif band.max < band.min:
            problems.append(error(rel, line, f"result band min {band.min}, max {band.max} ends before it starts; "
                                             f"'max' must be at least {band.min}"))
        elif band.min > expected:
            problems.append(error(rel, line, f"results leave a gap: no band covers {_count(expected, band.min - 1)}; "
                                             f"start this band at min {expected}, or add a band for the gap"))
        elif band.min < expected:
            problems.append(error(rel, line, f"results overlap: two bands cover {_count(band.min, min(band.max, expected - 1))}; "
                                             f"start this band at min {expected}"))
        expected = max(expected, band.max + 1)
    if not spec.results:
        problems.append(error(rel, data.key_line("results"), "'results' is empty; add at least one band, e.g. - {min: 0, max: 10, text: ...}"))
    elif expected <= len(spec.items):
        problems.append(error(rel, data.key_line("results"), f"results stop at {expected - 1} but a visitor can tick {len(spec.items)} items; extend the last band's max to {len(spec.items)}"))
