"""Markdown to HTML, with the site's rules applied to the tree.

One converter is reused for every document (building a Markdown instance
costs more than converting a short article). The tree hook rewrites
site-relative links under the base path, marks callouts, headings and
tables for accessibility, and records what the checks need.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["tables", "footnotes", "attr_list", "admonition", "fenced_code", "sane_lists", "smarty", "toc"]
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HAS_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


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

    @property
    def word_count(self) -> int:
        return len(self.plain_text.split())

    @property
    def first_paragraph(self) -> str:
        match = re.search(r"<p>(.*?)</p>", self.html, re.S)
        if not match:
            return ""
        return " ".join(html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).split())


class _SiteTree(Treeprocessor):
    def __init__(self, md, base_path: str):
        super().__init__(md)
        self.base_path = base_path

    def run(self, root: etree.Element) -> None:
        state = self.md.haven_state
        self._demote_headings(root)
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
            elif el.tag == "div" and "admonition" in (el.get("class") or "").split():
                kind = [c for c in el.get("class").split() if c != "admonition"]
                el.set("class", " ".join(["callout"] + [f"callout-{k}" for k in kind]))
                el.set("role", "note")
                for child in el:
                    if child.get("class") == "admonition-title":
                        child.set("class", "callout-title")

    def _demote_headings(self, root: etree.Element) -> None:
        # The page title is the only h1; a body written with '#' headings shifts down a level.
        if any(el.tag == "h1" for el in root.iter()):
            for el in root.iter():
                if re.fullmatch(r"h[1-5]", el.tag):
                    el.tag = f"h{int(el.tag[1]) + 1}"

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


class _SiteExtension(Extension):
    def __init__(self, base_path: str):
        super().__init__()
        self.base_path = base_path

    def extendMarkdown(self, md) -> None:
        # After toc (5) and footnotes, so ids and footnote links exist.
        md.treeprocessors.register(_SiteTree(md, self.base_path), "haven_site", 1)


class Converter:
    """Converts Markdown for one site; reuse it for every document."""

    def __init__(self, base_path: str):
        self.md = markdown.Markdown(
            extensions=EXTENSIONS + [_SiteExtension(base_path)],
            extension_configs={
                "toc": {"slugify": slugify_unicode, "toc_depth": "2-3", "permalink": False},
                "footnotes": {"BACKLINK_TITLE": "Back to reference %d", "SUPERSCRIPT_TEXT": "{}"},
                "smarty": {"smart_angled_quotes": False},
            },
            output_format="html",
        )

    def convert(self, text: str) -> Rendered:
        self.md.reset()
        self.md.haven_state = {"images_without_alt": [], "relative_links": []}
        body = self.md.convert(text)
        headings = tuple(_flatten(getattr(self.md, "toc_tokens", [])))
        state = self.md.haven_state
        return Rendered(body, headings, tuple(state["images_without_alt"]), tuple(state["relative_links"]))

    def inline(self, text: str) -> str:
        """Convert a one-paragraph snippet without wrapping it in <p>."""
        out = self.convert(text).html
        match = re.fullmatch(r"<p>(.*)</p>", out, re.S)
        return match.group(1) if match else out


def _flatten(tokens) -> list[Heading]:
    out = []
    for token in tokens:
        name = " ".join(html.unescape(re.sub(r"<[^>]+>", "", token["name"])).split())
        out.append(Heading(token["level"], token["id"], name))
        out.extend(_flatten(token.get("children", [])))
    return out
