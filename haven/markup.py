"""Markdown to HTML, with the site's rules applied to the tree.

One converter is reused for every document (building a Markdown instance
costs more than converting a short article). The tree hook rewrites
site-relative links under the base path, marks callouts, headings and
tables for accessibility, and records what the checks need.

Python-Markdown's passes are given shortcuts (below _SiteTree): each looks only
at text that holds what it acts on. The HTML is exactly Python-Markdown's own;
tests/test_properties.py compares the two on random Markdown.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown import blockprocessors, preprocessors, treeprocessors
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.extensions.footnotes import FootnoteBlockProcessor
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import InlineProcessor, Treeprocessor
from markdown.util import AtomicString

# Typographic punctuation is done by _educate below: the 'smarty' extension
# doubled the cost of converting an article.
EXTENSIONS = ["tables", "footnotes", "attr_list", "admonition", "fenced_code", "sane_lists"]
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
    "topics-title visit-title".split())


def _unique(slug: str, seen: set[str]) -> str:
    candidate, n = slug, 1
    while candidate in seen:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """A document's HTML and what was learnt while converting it."""

    html: str
    headings: tuple[Heading, ...]
    images_without_alt: tuple[str, ...]
    relative_links: tuple[str, ...]

    @property
    def plain_text(self) -> str:
        return html.unescape(re.sub(r"<[^>]+>", " ", self.html))

    @functools.cached_property  # asked for twice per document
    def word_count(self) -> int:
        return len(self.plain_text.split())

    @property
    def first_paragraph(self) -> str:
        match = re.search(r"<p>(.*?)</p>", self.html, re.S)
        if not match:
            return ""
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


_VERBATIM = {"code", "pre", "kbd", "samp", "script", "style"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_OPENS_QUOTE = set(" \t\n([{<\u2014\u2013-/\u00a0")
_QUOTES = re.compile("[\"']")


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

    def run(self, root: etree.Element) -> None:
        state = self.md.haven_state
        _educate_tree(root)
        self._demote_headings(root)
        if root.find(".//table") is not None:
            for parent in list(root.iter()):
                for index, el in enumerate(list(parent)):
                    if el.tag == "table":
                        self._wrap_table(parent, index, el)
        for el in root.iter():
            if el.tag == "a" and el.get("href") is not None:
                el.set("href", self._site_url(el.get("href"), state))
                if _SCHEME.match(el.get("href")) and el.get("href").startswith(("http:", "https:")):
                    el.set("rel", "noopener noreferrer")
            elif el.tag == "img":
                el.set("src", self._site_url(el.get("src", ""), state))
                if not (el.get("alt") or "").strip():
                    state["images_without_alt"].append(el.get("src", ""))
                el.set("loading", "lazy")
                el.set("decoding", "async")
            elif el.tag in ("th", "td") and el.get("style"):
                # Column alignment from '| ---: |' arrives as an inline style, which a
                # strict Content-Security-Policy blocks; a class does the same job.
                align = re.search(r"text-align:\s*(left|right|center)", el.get("style"))
                del el.attrib["style"]
                if align:
                    el.set("class", f"align-{align.group(1)}")
            elif el.tag == "div" and "admonition" in (el.get("class") or "").split():
                kind = [c for c in el.get("class").split() if c != "admonition"]
                el.set("class", " ".join(["callout"] + [f"callout-{k}" for k in kind]))
                el.set("role", "note")
                for child in el:
                    if child.get("class") == "admonition-title":
                        child.set("class", "callout-title")

    def _demote_headings(self, root: etree.Element) -> None:
        # The page title is the only h1: body headings start at h2 (a body written
        # with '#' shifts down a level) and never skip one (#### after ## becomes ###).
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        offset = 1 if any(el.tag == "h1" for el in headings) else 0
        previous = 1
        seen = self.md.haven_state["ids"]
        for el in headings:
            level = min(max(int(el.tag[1]) + offset, 2), previous + 1, 6)
            el.tag, previous = f"h{level}", level
            text = " ".join(_STASHED.sub("", "".join(el.itertext())).split())
            if not el.get("id"):
                el.set("id", _unique(slugify_unicode(text, "-") or "section", seen))
            seen.add(el.get("id"))
            self.md.haven_state["headings"].append(Heading(level, el.get("id"), text))

    def _wrap_table(self, parent: etree.Element, index: int, table: etree.Element) -> None:
        # A wide table scrolls inside a focusable region instead of widening the page.
        wrap = etree.Element("div", {"class": "table-wrap", "role": "region", "tabindex": "0", "aria-label": "Table"})
        parent.remove(table)
        wrap.append(table)
        wrap.tail, table.tail = table.tail, None
        parent.insert(index, wrap)

    def _site_url(self, url: str, state: dict) -> str:
        if url.startswith("/") and not url.startswith("//"):
            path, sep, fragment = url.partition("#")
            path, qsep, query = path.partition("?")
            if not path.endswith("/") and not _HAS_EXTENSION.search(path):
                path += "/"  # every page is a folder; spare editors the trailing slash
            return self.base_path + path[1:] + (qsep + query) + (sep + fragment)
        if url and not url.startswith("#") and not _SCHEME.match(url) and not url.startswith("//"):
            state["relative_links"].append(url)
        return url


# What each inline pattern of the extensions above cannot match without (one of these strings).
# A pattern is tried only on text that holds one, and text with none is passed over whole,
# instead of every text being searched by each of the 15 patterns in turn (together about a
# third of the conversion time). Checked against the registry: a new pattern turns this off.
_NEEDS = {"backtick": ("`",), "escape": ("\\",), "footnote": ("[^",), "reference": ("[",), "link": ("[",),
          "image_link": ("![",), "image_reference": ("![",), "short_reference": ("[",), "short_image_ref": ("![",),
          "autolink": ("<",), "automail": ("<",), "linebreak": ("  \n",), "html": ("<",), "entity": ("&",),
          "em_strong": ("*", "_")}
_INLINE_TRIGGER = re.compile(r"[`\\\[<&*_]|  \n")  # any of the strings above


# Patterns that only ever stand for a definition elsewhere in the document: with no link
# definition (or no footnote), they change nothing, an undefined [x] or [^x] staying as it is.
_REFERENCES = ("reference", "short_reference", "image_reference", "short_image_ref")


class _QuickInline(InlineProcessor):
    def run(self, tree, ancestors=None):
        needs = list(self._needs())
        registry = self.md.inlinePatterns
        if not self.md.references:
            for name in _REFERENCES:
                needs[registry.get_index_for_name(name)] = ()
        if not registry["footnote"].footnotes.footnotes:
            needs[registry.get_index_for_name("footnote")] = ()
        self._document_needs = needs
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data, patternIndex=0):  # the method Python-Markdown calls
        # As InlineProcessor's own, with patterns that cannot match skipped (a pattern that does
        # not match leaves the data alone and the next starts from 0: so does a skipped one).
        if isinstance(data, AtomicString) or _INLINE_TRIGGER.search(data) is None:
            return data
        patterns, needs = self.inlinePatterns, self._document_needs
        start = 0
        while patternIndex < len(needs):
            if any(text in data for text in needs[patternIndex]):
                data, matched, start = self._InlineProcessor__applyPattern(patterns[patternIndex], data, patternIndex, start)
                if matched:
                    continue
            patternIndex += 1
            start = 0
        return data

    def _needs(self) -> list[tuple[str, ...]]:
        registry = self.md.inlinePatterns
        if getattr(self, "_needed", (None,))[0] is not registry or len(self._needed[1]) != len(registry):
            needs = [("",)] * len(registry)  # a pattern not known here is always tried
            for name, strings in _NEEDS.items():
                needs[registry.get_index_for_name(name)] = strings
            self._needed = (registry, needs)
        return self._needed[1]


# What a block must hold for each of these block processors to take it: most blocks are
# paragraphs, and each would otherwise be searched by every processor's pattern in turn.
_BLOCK_NEEDS = {
    (blockprocessors.HashHeaderProcessor, "hashheader"): lambda _, block: "#" in block,
    (blockprocessors.SetextHeaderProcessor, "setextheader"): lambda _, block: "\n=" in block or "\n-" in block,
    (blockprocessors.BlockQuoteProcessor, "quote"): lambda _, block: ">" in block,
    (blockprocessors.HRProcessor, "hr"): lambda _, block: "-" in block or "*" in block or "_" in block,
    (TableProcessor, "table"): lambda _, block: "|" in block,
    # These two take every block and give back the ones without a definition: the same as not taking them.
    (blockprocessors.ReferenceProcessor, "reference"): lambda _, block: "]:" in block,
    (FootnoteBlockProcessor, "footnote"): lambda _, block: "[^" in block,
    (AdmonitionProcessor, "admonition"): lambda processor, block: (
        "!!!" in block or block.startswith(" " * processor.tab_length) or processor.current_sibling is not None),
}


def _quicken_block_tests(parser) -> None:
    for (kind, name), could_take in _BLOCK_NEEDS.items():
        if name in parser.blockprocessors and type(parser.blockprocessors[name]) is kind:
            processor = parser.blockprocessors[name]
            processor.test = functools.partial(_quick_test, processor, processor.test, could_take)


def _quick_test(processor, test, could_take, parent, block) -> bool:
    return could_take(processor, block) and test(parent, block)


# Processors that change nothing in a document without one of these strings; such a document
# passes them by. (Markdown's whitespace clean-up before them creates none of the strings.)
_SOURCE_NEEDS = {
    (preprocessors.HtmlBlockPreprocessor, "html_block"): ("<", "&"),
    (FencedBlockPreprocessor, "fenced_code_block"): ("```", "~~~"),
    (AttrListTreeprocessor, "attr_list"): ("{",),
    (treeprocessors.UnescapeTreeprocessor, "unescape"): ("\\",),  # what the escape patterns put aside
}


def _skip_unneeded(md, skipped: set[str]) -> None:
    """Let the processors of _SOURCE_NEEDS pass by a document whose name is in `skipped`."""
    for (kind, name), _ in _SOURCE_NEEDS.items():
        for registry, passed in ((md.preprocessors, lambda lines: lines), (md.treeprocessors, lambda root: None)):
            if name in registry and type(registry[name]) is kind:
                processor = registry[name]
                processor.run = functools.partial(_run_if_needed, skipped, name, processor.run, passed)


def _run_if_needed(skipped: set[str], name: str, run, passed, data):
    return passed(data) if name in skipped else run(data)


class _SiteExtension(Extension):
    def __init__(self, base_path: str):
        super().__init__()
        self.base_path = base_path

    def extendMarkdown(self, md) -> None:
        # After inline patterns (20) and footnotes (50, 15), so links and footnotes exist.
        md.treeprocessors.register(_SiteTree(md, self.base_path), "haven_site", 1)
        if {p.name for p in md.inlinePatterns._priority} == set(_NEEDS):
            md.treeprocessors.register(_QuickInline(md), "inline", 20)


def _block_level_test(elements: list[str]):
    """Markdown's is_block_level, remembering each tag's answer: it is asked about every element
    several times over, and looks the tag up in a list."""
    block_level = frozenset(elements)
    answers: dict = {}

    def is_block_level(tag) -> bool:
        answer = answers.get(tag)
        if answer is None:
            answer = answers[tag] = isinstance(tag, str) and tag.lower().rstrip("/") in block_level
        return answer

    return is_block_level


class Converter:
    """Converts Markdown for one site; reuse it for every document."""

    def __init__(self, base_path: str):
        self.base_path = base_path
        self.md = markdown.Markdown(
            extensions=EXTENSIONS + [_SiteExtension(base_path)],
            extension_configs={
                "footnotes": {"BACKLINK_TITLE": "Back to reference %d", "SUPERSCRIPT_TEXT": "{}"},
            },
            output_format="html",
        )
        _quicken_block_tests(self.md.parser)
        self._skipped: set[str] = set()  # processors the document being converted has no use for
        _skip_unneeded(self.md, self._skipped)
        self.md.is_block_level = _block_level_test(self.md.block_level_elements)

    def convert(self, text: str) -> Rendered:
        self.md.reset()
        self.md.haven_state = {"images_without_alt": [], "relative_links": [], "headings": [], "ids": set(THEME_IDS)}
        self._skipped.clear()
        self._skipped.update(name for (_, name), needs in _SOURCE_NEEDS.items() if not any(n in text for n in needs))
        body = self.md.convert(text)
        state = self.md.haven_state
        headings = tuple(state["headings"])
        return Rendered(body, headings, tuple(state["images_without_alt"]), tuple(state["relative_links"]))

    def inline(self, text: str) -> str:
        """Convert a one-paragraph snippet without wrapping it in <p>."""
        out = self.convert(text).html
        match = re.fullmatch(r"<p>(.*)</p>", out, re.S)
        return match.group(1) if match else out

