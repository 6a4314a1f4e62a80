"""Markdown to HTML, with the site's rules applied to the tree.

One converter is reused for every document (building a Markdown instance
costs more than converting a short article). The tree hook rewrites
site-relative links under the base path, marks callouts, headings and
tables for accessibility, and records what the checks need.

Python-Markdown's passes are given shortcuts (below _SiteTree): subclasses of
its own classes, registered in their place through its public API, each looking
only at text that holds what it acts on. The HTML is exactly Python-Markdown's
own; Converter(fast=False) leaves the shortcuts out, and
tests/test_properties.py compares the two on random Markdown.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import markdown
from markdown import blockprocessors, preprocessors, treeprocessors, util
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionExtension, AdmonitionProcessor
from markdown.extensions.attr_list import AttrListExtension, AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor, FencedCodeExtension
from markdown.extensions.footnotes import FootnoteBlockProcessor, FootnoteExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension, TableProcessor
from markdown.extensions.toc import slugify_unicode
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString, Registry

# Extensions: tables, footnotes, attr_list, admonition, fenced_code and sane_lists (see _markdown).
# Typographic punctuation is done by _educate below: the 'smarty' extension doubled the cost of
# converting an article.
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HAS_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_STASHED = re.compile("\x02[^\x03]*\x03")  # placeholders of inline HTML kept aside by Markdown


# The ids the theme's templates give their own elements: a heading must not take one of them.
THEME_IDS = frozenset(
    "address-title assessment-title bands-title checklist checklist-results checklist-results-template "
    "closures-title contact-location contact-message contact-message-hint contact-name contact-name-error "
    "contact-reply contact-reply-error contact-reply-hint contact-website crisis cta-title directions-title "
    "footer-contact footer-hours footer-locations form-title form-warning hours-title latest-title "
    "locations-title main page-title reach-title related-title results-title services-title toc-title "
    "topics-title visit-title categories-title visit-hours-title search-form search-hint search-more search-q "
    "search-result search-results search-status "
    # the team, services and notices pages
    "about-title facets-title faq-title filter-accepting filter-language filter-location filter-specialty "
    "filter-title taglines-title team-title".split())


def _unique(slug: str, seen: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in seen:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


@dataclass(frozen=True)
class Heading:
    """A heading of a document: its level, anchor and text (for its contents)."""

    level: int
    id: str
    text: str


class Contents(list):
    """A table of contents made from the headings of one document alone (`source`): a page key
    stands for it by that document's digest (manifest.Fingerprints.of), not heading by heading."""

    def __init__(self, entries, source) -> None:
        super().__init__(entries)
        self.source = source


@dataclass
class _Found:
    """What the site's tree pass learns of one document (a new one for each, see Converter.convert)."""

    images_without_alt: list[str] = field(default_factory=list)
    relative_links: list[str] = field(default_factory=list)
    empty_callouts: int = 0  # '!!!' boxes whose text was not indented under them
    headings: list[Heading] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Rendered:
    """A document's HTML and what was learnt while converting it."""

    html: str
    headings: tuple[Heading, ...]
    images_without_alt: tuple[str, ...]
    relative_links: tuple[str, ...]
    empty_callouts: int = 0

    @functools.cached_property  # read for the words and again for the characters
    def plain_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", " ", self.html))

    @functools.cached_property  # asked for twice per document
    def word_count(self) -> int:
        """Words separated by spaces; Chinese and Japanese characters are counted apart (`cjk_count`)."""
        text = self.plain_text
        return len((_cjk_or_punctuation().sub(" ", text) if self._holds_cjk else text).split())

    @functools.cached_property
    def cjk_count(self) -> int:
        """Han characters and kana: Chinese and Japanese are read by the character, not by the word."""
        return len(_cjk().findall(self.plain_text)) if self._holds_cjk else 0

    @functools.cached_property
    def _holds_cjk(self) -> bool:
        return _has_cjk(self.plain_text)

    @property
    def first_paragraph(self) -> str:
        """The first paragraph as plain text, for the automatic summary: without the footnotes'
        numbers and back-links, which would read as part of the sentence ("last year.1")."""
        match = re.search(r"<p>(.*?)</p>", self.html, re.S)
        if not match:
            return ""
        text = _footnote_marks().sub("", match.group(1))
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


# A footnote's reference (its number, in <sup>) and the back-link (↩) ending a footnote's text.
# (Compiled when first needed: only an article without a summary of its own needs it.)
@functools.cache
def _footnote_marks() -> re.Pattern:
    return re.compile(r'<sup id="fnref\d*:[^"]*">.*?</sup>|<a class="footnote-backref"[^>]*>.*?</a>', re.S)


_VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TOUCHED = {"a", "img", "th", "td", "div"}  # the elements _SiteTree.run may change, besides headings and tables
_OPENS_QUOTE = set(" \t\n([{<\u2014\u2013-/\u00a0")
_QUOTES = re.compile("[\"']")
# Han ideographs (CJK Unified Ideographs, Extension A, Compatibility) and Japanese kana.
# Compiled when first needed: each class takes 1.5 ms to compile, in every command, and a text
# without a character from U+3040 on (most sites') needs neither.
@functools.cache
def _cjk() -> re.Pattern:
    return re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff]")


# ...and with them CJK and full-width punctuation (ideographic full stop, full-width comma), not words.
@functools.cache
def _cjk_or_punctuation() -> re.Pattern:
    return re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u3000-\u303f"
                      "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")


# The first byte in UTF-8 of every character from U+3000 on (E3 to EF: three bytes; F0 to F4:
# four), never a byte of another character: a text holding none has no Han or kana. Looking for
# them takes 9 µs for an article's text; max(text) took 80 (it makes a string of each character).
_LEADS_FROM_U3000 = tuple(bytes([lead]) for lead in range(0xE3, 0xF5))


def _has_cjk(text: str) -> bool:
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    return any(lead in data for lead in _LEADS_FROM_U3000) and _cjk().search(text) is not None


def _educate(text: str, before: str) -> str:
    """Curly quotes, dashes and ellipses; `before` is the character preceding `text`."""
    if "--" in text:
        text = text.replace("---", "\u2014").replace("--", "\u2013")
    if "..." in text:
        text = text.replace("...", "\u2026")
    if "'" not in text and '"' not in text:
        return text

    def curl(match: re.Match) -> str:
        i = match.start()
        prev = text[i - 1] if i else before
        opening = prev == "" or prev in _OPENS_QUOTE
        if match.group() == '"':
            return "\u201c" if opening else "\u201d"
        following = text[i + 1: i + 2]
        return "\u2018" if opening and not following.isdigit() else "\u2019"  # '90s, it's

    return _QUOTES.sub(curl, text)


def _educate_tree(el: etree.Element, before: str = "") -> str:
    """Apply _educate to every text node outside code, in reading order; returns the last character."""
    if el.tag in _VERBATIM:
        return ("".join(el.itertext()) or before)[-1:] or before
    if el.text:
        if not isinstance(el.text, AtomicString):  # AtomicString: text Markdown must not touch
            el.text = _educate(el.text, before)
        before = el.text[-1:]
    for child in el:
        before = _educate_tree(child, before)
        if child.tail:
            child.tail = _educate(child.tail, before)
            before = child.tail[-1:]
    return before


class _SiteTree(Treeprocessor):
    def __init__(self, md, base_path: str):
        super().__init__(md)
        self.base_path = base_path
        self.found = _Found()  # replaced by Converter.convert for each document

    def run(self, root: etree.Element) -> None:
        found = self.found
        _educate_tree(root)
        # One walk of the tree for the passes below: none of them adds an element they look at
        # (a table's wrapper is a <div> of no callout).
        elements = list(root.iter())
        tags = {el.tag for el in elements}
        if not tags.isdisjoint(_HEADINGS):
            self._demote_headings([el for el in elements if el.tag in _HEADINGS])
        if "table" in tags:
            for parent in elements:
                for index, el in enumerate(list(parent)):
                    if el.tag == "table":
                        self._wrap_table(parent, index, el)
        if tags.isdisjoint(_TOUCHED):
            return
        for el in elements:
            if el.tag == "a" and (href := el.get("href")) is not None:
                href = self._site_url(href, found)
                el.set("href", href)
                if _SCHEME.match(href) and href.startswith(("http:", "https:")):
                    el.set("rel", "noopener noreferrer")
            elif el.tag == "img":
                written = el.get("src", "")
                el.set("src", self._site_url(written, found))
                if not (el.get("alt") or "").strip():
                    # As the editor wrote it: the error quotes it and finds its line by it.
                    found.images_without_alt.append(written)
                el.set("loading", "lazy")
                el.set("decoding", "async")
            elif el.tag in ("th", "td") and (style := el.get("style")):
                # Column alignment from '| ---: |' arrives as an inline style, which a
                # strict Content-Security-Policy blocks; a class does the same job.
                align = re.search(r"text-align:\s*(left|right|center)", style)
                del el.attrib["style"]
                if align:
                    el.set("class", f"align-{align.group(1)}")
            elif el.tag == "div" and "admonition" in (classes := (el.get("class") or "").split()):
                kind = [c for c in classes if c != "admonition"]
                el.set("class", " ".join(["callout"] + [f"callout-{k}" for k in kind]))
                el.set("role", "note")
                for child in el:
                    if child.get("class") == "admonition-title":
                        child.set("class", "callout-title")
                if len(el) == 1 and not (el[0].tail or "").strip():  # (its title alone)
                    found.empty_callouts += 1

    def _demote_headings(self, headings: list[etree.Element]) -> None:
        # The page title is the only h1: body headings start at h2 (a body written
        # with '#' shifts down a level) and never skip one (#### after ## becomes ###).
        offset = 1 if any(el.tag == "h1" for el in headings) else 0
        previous = 1
        seen = self.found.ids
        for el in headings:
            level = min(max(int(el.tag[1]) + offset, 2), previous + 1, 6)
            el.tag, previous = f"h{level}", level
            text = " ".join(_STASHED.sub("", "".join(el.itertext())).split())
            ident = el.get("id")
            if not ident:
                ident = _unique(slugify_unicode(text, "-") or "section", seen)
                el.set("id", ident)
            seen.add(ident)
            self.found.headings.append(Heading(level, ident, text))

    def _wrap_table(self, parent: etree.Element, index: int, table: etree.Element) -> None:
        # A wide table scrolls inside a focusable region instead of widening the page.
        wrap = etree.Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0", "aria-label": "Table"})
        parent.remove(table)
        wrap.append(table)
        wrap.tail, table.tail = table.tail, None
        parent.insert(index, wrap)

    def _site_url(self, url: str, found: _Found) -> str:
        if url.startswith("/") and not url.startswith("//"):
            path, sep, fragment = url.partition("#")
            path, qsep, query = path.partition("?")
            if not path.endswith("/") and not _HAS_EXTENSION.search(path):
                path += "/"  # every page is a folder; spare editors the trailing slash
            return self.base_path + path[1:] + (qsep + query) + (sep + fragment)
        if url and not url.startswith("#") and not _SCHEME.match(url) and not url.startswith("//"):
            found.relative_links.append(url)
        return url


# --------------------------------------------------------------------------
# Shortcuts. Left as they are, Python-Markdown's passes search every text, block or document
# for what they act on, pattern after pattern (together more than half the conversion time).
# Each pass below is replaced, under its own name and at its own priority, by a subclass that
# first looks for a string the pass cannot act without, and leaves alone what lacks it, as the
# pass would have. Only public API is used: the documented processor classes, a registry's
# register, deregister, slicing, iteration and `in`, and AtomicString. Converter(fast=False)
# leaves every shortcut out; tests/test_properties.py compares the HTML both ways.
# --------------------------------------------------------------------------


def _quick_block(kind: type[blockprocessors.BlockProcessor], could_take) -> type:
    """A subclass of block processor `kind` that tests only blocks for which could_take(self, block)."""

    test = kind.test  # called directly: blocks are tested some 300 times an article

    class Quick(kind):  # type: ignore[valid-type, misc]  # mypy cannot check a base class given as an argument
        def test(self, parent, block):
            return could_take(self, block) and test(self, parent, block)

    Quick.__name__ = Quick.__qualname__ = f"Quick{kind.__name__}"
    return Quick


# What a block must hold for each of these block processors to take it: most blocks are
# paragraphs, and each would otherwise be searched by every processor's pattern in turn.
_QuickAdmonition = _quick_block(AdmonitionProcessor, lambda processor, block: (  # a note, or more of one
    "!!!" in block or block.startswith(" " * processor.tab_length)))
_QuickTable = _quick_block(TableProcessor, lambda _, block: "|" in block)
_QuickHashHeader = _quick_block(blockprocessors.HashHeaderProcessor, lambda _, block: "#" in block)
_QuickSetextHeader = _quick_block(blockprocessors.SetextHeaderProcessor, lambda _, block: "\n=" in block or "\n-" in block)
_QuickHR = _quick_block(blockprocessors.HRProcessor, lambda _, block: "-" in block or "*" in block or "_" in block)
_QuickBlockQuote = _quick_block(blockprocessors.BlockQuoteProcessor, lambda _, block: ">" in block)
# These two take every block and give back the ones without a definition: the same as not taking them.
_QuickFootnoteBlock = _quick_block(FootnoteBlockProcessor, lambda _, block: "[^" in block)
_QuickReference = _quick_block(blockprocessors.ReferenceProcessor, lambda _, block: "]:" in block)


class _QuickNormalize(preprocessors.NormalizeWhitespace):
    """The whitespace pass, for a document it leaves as it is but for the two empty lines it adds:
    one without tabs, carriage returns or the markers it takes out, and without a space before
    the end of a line. (It looks behind every character for lines of nothing but spaces.)"""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if " \n" in text or text.endswith(" ") or any(c in text for c in ("\t", "\r", util.STX, util.ETX)):
            return super().run(lines)
        return (text + "\n\n").split("\n")


class _QuickFencedBlock(FencedBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return super().run(lines) if "```" in text or "~~~" in text else lines


class _QuickHtmlBlock(preprocessors.HtmlBlockPreprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return super().run(lines) if "<" in text or "&" in text else lines


class _QuickAttrList(AttrListTreeprocessor):
    md: _QuickMarkdown

    def run(self, doc: etree.Element) -> None:
        if "{" in self.md.source:
            super().run(doc)


class _QuickUnescape(treeprocessors.UnescapeTreeprocessor):
    md: _QuickMarkdown

    def run(self, root: etree.Element) -> None:
        if "\\" in self.md.source:  # what the escape pattern puts aside for this pass
            super().run(root)


# A link as most are written, `[words](/address)`, from just after its '[': words without brackets,
# an address without spaces, quotes, brackets, backslashes or the inline pass's placeholders.
_SIMPLE_LINK = re.compile(r"""([^\[\]]*)\]\(\s*([^\s()<>'"\\\x02\x03]*)\s*\)""")


class _QuickLink(LinkInlineProcessor):
    """The link pattern, reading a simple link with one regular expression; any other is read
    by Python-Markdown's own bracket and quote scanning (which gives the same for a simple one)."""

    def handleMatch(self, m: re.Match[str], data: str):  # type: ignore[override]  # (as its base class's)
        simple = _SIMPLE_LINK.match(data, m.end(0))
        if simple is None:
            return super().handleMatch(m, data)
        el = etree.Element("a")
        el.text = simple.group(1)
        el.set("href", simple.group(2))
        return el, m.start(0), simple.end(0)


# What each inline pattern cannot match without (one of these strings), by its name and class.
# Up to 3.11.0 emphasis is three patterns; 3.11.1 merged them into one.
_PATTERN_NEEDS = {
    ("backtick", "BacktickInlineProcessor"): ("`",),
    ("escape", "EscapeInlineProcessor"): ("\\",),
    ("footnote", "FootnoteInlineProcessor"): ("[^",),
    ("reference", "ReferenceInlineProcessor"): ("[",),
    ("link", "LinkInlineProcessor"): ("[",),
    ("image_link", "ImageInlineProcessor"): ("![",),
    ("image_reference", "ImageReferenceInlineProcessor"): ("![",),
    ("short_reference", "ShortReferenceInlineProcessor"): ("[",),
    ("short_image_ref", "ShortImageReferenceInlineProcessor"): ("![",),
    ("autolink", "AutolinkInlineProcessor"): ("<",),
    ("automail", "AutomailInlineProcessor"): ("<",),
    ("linebreak", "SubstituteTagInlineProcessor"): ("  \n",),
    ("html", "HtmlInlineProcessor"): ("<",),
    ("entity", "HtmlInlineProcessor"): ("&",),
    ("em_strong", "DelimiterProcessor"): ("*", "_"),  # from 3.11.1
    ("not_strong", "SimpleTextInlineProcessor"): ("*", "_"),  # up to 3.11.0
    ("em_strong", "AsteriskProcessor"): ("*",),  # up to 3.11.0
    ("em_strong2", "UnderscoreProcessor"): ("_",),  # up to 3.11.0
}
# Patterns that only ever stand for a definition elsewhere in the document: with no link
# definition, they change nothing, an undefined [x] staying as it is.
_REFERENCES = ("reference", "short_reference", "image_reference", "short_image_ref")


def _pattern_needs(registry) -> dict[str, tuple[str, ...]] | None:
    """The strings each inline pattern needs, by name; None if a pattern is not one of _PATTERN_NEEDS."""
    needs = {}
    for (name, kind), strings in _PATTERN_NEEDS.items():
        if name in registry and type(registry[name]).__name__ == kind and type(registry[name]).__module__.startswith("markdown."):
            needs[name] = strings
    known = {id(registry[name]) for name in needs}
    return needs if all(id(pattern) in known for pattern in registry) else None


class _QuickInline(InlineProcessor):
    """The inline pass with only the patterns a document can use, passing over whole the texts
    that hold nothing any of them needs."""

    def __init__(self, md, needs: dict[str, tuple[str, ...]]):
        super().__init__(md)
        self.needs = needs
        self.strings = {s for strings in needs.values() for s in strings}
        self.plans: dict[frozenset[str], tuple[object, re.Pattern | None]] = {}

    def run(self, tree, ancestors=None):
        # The texts the pass will read: those of every element below the root, not atomic.
        places = [(el, attr, text) for el in tree.iter() if el is not tree
                  for attr, text in (("text", el.text), ("tail", el.tail))
                  if text and not isinstance(text, AtomicString)]
        joined = "\x00".join(text for _, _, text in places)  # no string needed holds \x00
        present = {s for s in self.strings if s in joined}
        unused = frozenset(name for name, strings in self.needs.items()
                           if present.isdisjoint(strings) or (name in _REFERENCES and not self.md.references))
        patterns, trigger = self._plan(unused)
        # A text with nothing a pattern needs comes out of the pass as it went in: it is marked
        # atomic (text the pass leaves alone) for the pass and given back afterwards.
        passed = [(el, attr, text) for el, attr, text in places if trigger is None or not trigger.search(text)]
        for el, attr, text in passed:
            setattr(el, attr, AtomicString(text))
        # The pass reads its patterns from the attribute its constructor sets (were that to change,
        # every pattern would be tried again: slower, the same HTML).
        every, self.inlinePatterns = self.inlinePatterns, patterns
        try:
            return super().run(tree, ancestors)
        finally:
            self.inlinePatterns = every
            for el, attr, text in passed:
                setattr(el, attr, text)

    def _plan(self, unused: frozenset[str]):
        """The patterns left when `unused` ones are taken out, and a search for what those need."""
        if unused not in self.plans:
            patterns = self.md.inlinePatterns[:]  # a copy, with the same names and priorities
            for name in unused:
                patterns.deregister(name)
            strings = sorted({s for name, needed in self.needs.items() if name not in unused for s in needed})
            trigger = re.compile("|".join(map(re.escape, strings))) if strings else None
            self.plans[unused] = (patterns, trigger)
        return self.plans[unused]


class _QuickMarkdown(markdown.Markdown):
    """Python-Markdown remembering the document it converts (for the quick passes), and each
    tag's answer to is_block_level, which is asked about every element several times over."""

    def __init__(self, **kwargs):
        self.source = ""
        self._block_level: dict = {}
        super().__init__(**kwargs)

    def reset(self):
        self._block_level = {}
        return super().reset()

    def convert(self, source: str) -> str:
        self.source = source
        return super().convert(source)

    def is_block_level(self, tag) -> bool:
        answer = self._block_level.get(tag)
        if answer is None:
            answer = self._block_level[tag] = super().is_block_level(tag)
        return answer


class _Swap(NamedTuple):
    """One of Python-Markdown's passes and its quick replacement."""

    registry: Registry[Any]
    name: str
    priority: int
    kind: type  # the pass it replaces
    make: Callable[[], Any]  # its replacement


def _add_shortcuts(md: _QuickMarkdown, tables: TableExtension, footnotes: FootnoteExtension,
                   fenced: FencedCodeExtension) -> bool:
    """Put the quick passes in place of Python-Markdown's; False (and md unusable) if this
    Python-Markdown's passes are not the ones they were written for."""
    needs = _pattern_needs(md.inlinePatterns)
    if needs is None:
        return False
    parser = md.parser
    quick = [  # registry, name, priority, the pass it replaces, its replacement
        _Swap(md.preprocessors, "normalize_whitespace", 30, preprocessors.NormalizeWhitespace, lambda: _QuickNormalize(md)),
        _Swap(md.preprocessors, "fenced_code_block", 25, FencedBlockPreprocessor, lambda: _QuickFencedBlock(md, fenced.getConfigs())),
        _Swap(md.preprocessors, "html_block", 20, preprocessors.HtmlBlockPreprocessor, lambda: _QuickHtmlBlock(md)),
        _Swap(parser.blockprocessors, "admonition", 105, AdmonitionProcessor, lambda: _QuickAdmonition(parser)),
        _Swap(parser.blockprocessors, "table", 75, TableProcessor, lambda: _QuickTable(parser, tables.getConfigs())),
        _Swap(parser.blockprocessors, "hashheader", 70, blockprocessors.HashHeaderProcessor, lambda: _QuickHashHeader(parser)),
        _Swap(parser.blockprocessors, "setextheader", 60, blockprocessors.SetextHeaderProcessor, lambda: _QuickSetextHeader(parser)),
        _Swap(parser.blockprocessors, "hr", 50, blockprocessors.HRProcessor, lambda: _QuickHR(parser)),
        _Swap(parser.blockprocessors, "quote", 20, blockprocessors.BlockQuoteProcessor, lambda: _QuickBlockQuote(parser)),
        _Swap(parser.blockprocessors, "footnote", 17, FootnoteBlockProcessor, lambda: _QuickFootnoteBlock(footnotes)),
        _Swap(parser.blockprocessors, "reference", 15, blockprocessors.ReferenceProcessor, lambda: _QuickReference(parser)),
        _Swap(md.inlinePatterns, "link", 160, LinkInlineProcessor, lambda: _QuickLink(md.inlinePatterns["link"].pattern, md)),
        _Swap(md.treeprocessors, "inline", 20, InlineProcessor, lambda: _QuickInline(md, needs)),
        _Swap(md.treeprocessors, "attr_list", 8, AttrListTreeprocessor, lambda: _QuickAttrList(md)),
        _Swap(md.treeprocessors, "unescape", 0, treeprocessors.UnescapeTreeprocessor, lambda: _QuickUnescape(md)),
    ]
    if not all(name in registry and type(registry[name]) is kind for registry, name, _, kind, _ in quick):
        return False
    for registry, name, priority, _, make in quick:
        replaced, order = registry[name], list(registry)
        registry.register(make(), name, priority)
        if list(registry) != [registry[name] if p is replaced else p for p in order]:
            return False  # this Python-Markdown gives the pass another priority
    return True


class _SiteExtension(Extension):
    def __init__(self, base_path: str):
        super().__init__()
        self.base_path = base_path

    def extendMarkdown(self, md) -> None:
        # After inline patterns (20) and footnotes (50, 15), so links and footnotes exist.
        self.tree = _SiteTree(md, self.base_path)
        md.treeprocessors.register(self.tree, "haven_site", 1)


def _markdown(base_path: str, fast: bool) -> tuple[markdown.Markdown, bool, _SiteTree]:
    """A Python-Markdown for the site, whether the shortcuts are in it, and the site's tree pass."""
    tables, fenced = TableExtension(), FencedCodeExtension()
    footnotes = FootnoteExtension(BACKLINK_TITLE="Back to reference %d", SUPERSCRIPT_TEXT="{}")
    site = _SiteExtension(base_path)
    # Instances, not names: a name is looked up among the installed packages' entry points, which
    # takes importlib.metadata and a scan of every package (most of a converter's first 60 ms, in each worker).
    extensions: list[Extension] = [tables, footnotes, AttrListExtension(), AdmonitionExtension(), fenced,
                                   SaneListExtension(), site]
    if not fast:
        return markdown.Markdown(extensions=extensions, output_format="html"), False, site.tree
    md = _QuickMarkdown(extensions=extensions, output_format="html")
    return md, _add_shortcuts(md, tables, footnotes, fenced), site.tree


_BACKLINK = re.compile(r'(<a class="footnote-backref" href="#fnref:[^"]*" title=")Back to reference (\d+)"')


def footnote_titles(text: str, _) -> str:
    """The footnotes' back links in the page's language: Python-Markdown titles them in English
    ("Back to reference 1") once for every language; `_` gives the page's words as plain text."""
    if "footnote-backref" not in text:
        return text
    # Translators: the tooltip of the ↩ link after a footnote, which leads back to where the text cites it.
    title = _("Back to reference %(number)s")
    return _BACKLINK.sub(lambda m: m.group(1) + html.escape(title % {"number": m.group(2)}) + '"', text)


# An editor's <!-- note --> is for the editors: Python-Markdown passes it into the page, whose
# source anyone can read, and a clinic's note may name a client or a colleague.
_COMMENT = re.compile(r"<!--.*?-->", re.S)


class Converter:
    """Converts Markdown for one site; reuse it for every document.

    fast=False leaves out every shortcut (see above) and converts as Python-Markdown alone
    does: the same HTML, about twice as slowly. `fast` tells whether the shortcuts are in use
    (they are left out, too, on a Python-Markdown whose passes they do not know)."""

    def __init__(self, base_path: str, fast: bool = True):
        self.base_path = base_path
        self._fast = fast
        self._made: tuple[markdown.Markdown, bool, _SiteTree] | None = None

    def _parts(self) -> tuple[markdown.Markdown, bool, _SiteTree]:
        """Python-Markdown made when first needed: a rebuild that finds every document in the
        cache converts nothing (each of a build's converters took a hundredth of a second)."""
        if self._made is None:
            self._made = _markdown(self.base_path, self._fast)
            if self._fast and not self._made[1]:  # (a Python-Markdown whose passes the shortcuts do not know)
                md, _, tree = _markdown(self.base_path, False)
                self._made = md, False, tree
        return self._made

    @property
    def md(self) -> markdown.Markdown:
        return self._parts()[0]

    @property
    def fast(self) -> bool:
        return self._parts()[1]

    def convert(self, text: str) -> Rendered:
        md, _, tree = self._parts()
        md.reset()
        tree.found = found = _Found(ids=set(THEME_IDS))
        body = md.convert(text)
        if "<!--" in body:  # (the HTML Python-Markdown wrote: a '<!--' in code or text is '&lt;!--' by now)
            body = _COMMENT.sub("", body)
        return Rendered(body, tuple(found.headings), tuple(found.images_without_alt), tuple(found.relative_links),
                        found.empty_callouts)

    def inline(self, text: str) -> str:
        """Convert a one-paragraph snippet without wrapping it in <p>."""
        out = self.convert(text).html
        match = re.fullmatch(r"<p>(.*)</p>", out, re.S)
        return match.group(1) if match else out

