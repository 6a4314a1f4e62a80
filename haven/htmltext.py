"""The words of some HTML as a reader sees them: for the search index, the answers given to
search engines (structured data), and the checks that look for words on a page.

Two readings, as the HTML was written:
- `reader_text`: HTML the generator made (Markdown's and the theme's), read by two regular
  expressions: cheap enough for every page of a 10,000-article site;
- `browser_text`: HTML written by hand (a page in static/), parsed as a browser parses it (Lexbor,
  guards.parse): a '>' in a comment or an attribute, or the words of a script, fool no one.
"""

from __future__ import annotations

import html
import re

from . import guards

_TAG = re.compile(r"<[^>]*>")
# The ends of the blocks a reader sees apart, and line breaks (after the '<'): there two words
# never run together ('<li>one</li><li>two</li>' reads 'one two'), where an inline tag parts none
# ('About <strong>50</strong>.').
_BLOCK_END = "(?:/(?:p|li|h[1-6]|blockquote|pre|div|tr|td|th|dd|dt|figcaption)|br\\s*/?)>"
# A tag (as _TAG reads tags) that ends with one of those: the tag itself, or a tag with one
# inside it ('<a title="</p>">' is the tag '<a title="</p>', which ends there).
_TAG_ENDING_BLOCK = re.compile("<(?:[^>]*<)?" + _BLOCK_END, re.I)
# What a browser shows nothing of.
_UNSHOWN = ["script", "style", "template"]


def reader_text(markup: str) -> str:
    """The text of the generator's own HTML: inline tags vanish, a tag ending a block or a line
    break is a space, entities are decoded, and white space is one space (str.split's is the \\s
    of re). A '</p>' in an attribute ('<a title="</p>">') ends that tag, as _TAG reads it, and the
    words of any HTML up to a tag's end begin the words of the whole (checks._has_crisis_line
    reads them so). (One pass for the tags ending a block and one for the rest: putting a space
    after each block's end, for _TAG to take the tag away, took twice as long.)"""
    return " ".join(html.unescape(_TAG.sub("", _TAG_ENDING_BLOCK.sub(" ", markup))).split())


def browser_text(markup: str) -> str:
    """`reader_text` of HTML written by hand, read as a browser reads it (without scripts): only
    the body shows, and no comment, script, style or template in it."""
    tree = guards.parse(markup, scripting=False)
    body = tree.body
    if body is None:
        return ""
    tree.strip_tags(_UNSHOWN)
    for comment in [node for node in body.traverse(include_text=False) if node.tag == "-comment"]:
        comment.decompose()
    return reader_text(body.html or "")


# An element's `lang` (not `hreflang`), and the marks put around its words for reader_languages.
_LANG_TAG = re.compile(r'<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\slang="([^"<>]*)"[^>]*>')
_LANG_MARK = re.compile("\ue000([0-9]+)\ue002|\ue001")


def reader_languages(markup: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """`reader_text`, and the runs of it in the `lang` of an element around them: (start, end,
    code), counted in UTF-16 code units as a browser's script counts a string ('988 Suicide &
    Crisis Lifeline', marked lang="en" in a Chinese page)."""
    if ' lang="' not in markup or any(c in markup for c in "\ue000\ue001\ue002"):
        return reader_text(markup), ()
    codes: list[str] = []
    marks: list[tuple[int, int, str]] = []  # (where, 0 to open 1 to close, the mark)
    for m in _LANG_TAG.finditer(markup):
        end = _end_tag(markup, m.group(1), m.end())
        if end >= 0:
            marks += [(m.end(), 0, f"\ue000{len(codes)}\ue002"), (end, 1, "\ue001")]
            codes.append(m.group(2))
    if not marks:
        return reader_text(markup), ()
    marks.sort(key=lambda mark: mark[:2])
    pieces, at = [], 0
    for where, _, mark in marks:
        pieces += [markup[at:where], mark]
        at = where
    marked = reader_text("".join(pieces) + markup[at:])
    # The marks out, with a space either side of one kept once: the text is reader_text's.
    text, changes, langs, at = "", [], [""], 0
    for m in _LANG_MARK.finditer(marked):
        piece = marked[at:m.start()]
        text += piece[1:] if piece.startswith(" ") and (not text or text.endswith(" ")) else piece
        langs = [*langs, codes[int(m.group(1))]] if m.group(1) is not None else langs[:-1]
        changes.append((len(text), langs[-1]))
        at = m.end()
    piece = marked[at:]
    text = (text + (piece[1:] if piece.startswith(" ") and (not text or text.endswith(" ")) else piece)).rstrip()
    runs = []
    for (start, lang), (end, _) in zip(changes, [*changes[1:], (len(text), "")], strict=True):
        part = text[start:end]
        start, end = start + len(part) - len(part.lstrip()), min(end, len(text)) - (len(part) - len(part.rstrip()))
        if lang and end > start:
            runs.append((_utf16(text, start), _utf16(text, end), lang))
    return text, tuple(runs)


def _end_tag(markup: str, name: str, start: int) -> int:
    """Where the end tag of the element `name` opened just before `start` begins; -1 if none."""
    depth = 0
    for m in re.finditer(rf"<(/?){name}\b[^>]*>", markup[start:], re.I):
        depth += -1 if m.group(1) else 1
        if depth < 0:
            return start + m.start()
    return -1


def _utf16(text: str, index: int) -> int:
    """`index` (in characters) in UTF-16 code units: one more for each character beyond U+FFFF before it."""
    return index + sum(ord(c) > 0xFFFF for c in text[:index])
