"""Limits on the shape of Markdown, checked before it is converted.

Python-Markdown takes time that grows faster than the text for some shapes of text: each
unmatched '[' or '<' is matched against the rest of its paragraph, an unclosed '<tag' against
the rest of the document, and every level of nesting is a level of recursion. Text beyond these
limits is refused before conversion, so that any file is converted in time linear in its size.
Every text of the site is checked (yamlfile checks each value of the settings and front matter,
which may be rendered as Markdown), with limits far beyond what a real page needs.
"""

from __future__ import annotations

import itertools
import re

MAX_NESTING = 10  # levels of lists in lists or quotes in quotes
MAX_INDENT = 80  # columns of indentation (a nested list takes 2 to 4 per level)
MAX_BRACKETS = 100  # '[' and '<' in one paragraph, list item or table row
MAX_MARKS = 1000  # '*', '_', '`', '&' and '\' in one paragraph, list item or table row
MAX_UNCLOSED = 50  # '<tag' never closed by '>', in the whole text
MAX_HEADINGS = 300  # in the whole text (each one's id is compared with those before it)
MAX_FOOTNOTES = 300  # '[^' in the whole text
_FENCED = re.compile(r"^(?:```|~~~)[^\n]*(?:\n(?!```|~~~)[^\n]*)*(?:\n(?:```|~~~)[^\n]*)?", re.M)
# These three look at the start of each line. Written as '\n' and searched in the text after a
# '\n', not as '^' in MULTILINE mode: the engine then jumps from line break to line break instead
# of trying every character (a quarter of the time), and finds the same lines, at the same index.
_TOO_DEEP = re.compile(r"\n(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))){%d}" % (MAX_NESTING + 1))
_INDENTED = re.compile(r"\n[ \t]{%d,}" % (MAX_INDENT // 4 + 1))
_HEADING = re.compile(r"\n[ \t]*(?:#|=+[ \t]*$|-+[ \t]*$)", re.M)
_CHUNK_START = re.compile(r"^(?:[ \t]*$|[ \t]*(?:[-*+]|\d{1,9}[.)]|\|)[ \t])", re.M)  # paragraph, list item, table row
_MARKS = ("*", "_", "`", "&", "\\")
_UNCLOSED_TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*(?=<|$)")


def markdown_limits(body: str, first_line: int = 1) -> tuple[int, str] | None:
    """(line, message) if `body` passes one of the limits above, else None.

    Each limit is a search of the whole text by a regular expression or str.count: linear time,
    and a small part of the time converting the text takes."""
    def line(index: int) -> int:
        return first_line + body.count("\n", 0, index)

    if "```" in body or "~~~" in body:  # fenced code is set aside before Markdown reads the rest
        body = _FENCED.sub(lambda match: "\n" * match.group().count("\n"), body)
    lines = "\n" + body  # (a match's start in it is the index in `body` of the line it is on)
    match = _TOO_DEEP.search(lines)
    if match:
        return line(match.start()), (f"nests lists or '>' quotes more than {MAX_NESTING} levels deep on this line; "
                                     "flatten it (a reader cannot follow that many levels either)")
    for match in _INDENTED.finditer(lines):
        indent = len(match.group()[1:].expandtabs(4))
        if indent > MAX_INDENT:
            return line(match.start()), (f"is indented by {indent} spaces on this line, more than the {MAX_INDENT} "
                                         "any Markdown needs; remove the extra spaces")
    for count, match in enumerate(_HEADING.finditer(lines), start=1):
        if count > MAX_HEADINGS:
            return line(match.start()), (f"has more than {MAX_HEADINGS} headings (this is one); split the text into "
                                         "several articles or pages")
    if body.count("[") + body.count("<") > MAX_BRACKETS or sum(map(body.count, _MARKS)) > MAX_MARKS:
        starts = [0] + [match.start() for match in _CHUNK_START.finditer(body)] + [len(body)]
        for start, end in itertools.pairwise(starts):
            if body.count("[", start, end) + body.count("<", start, end) > MAX_BRACKETS:
                return line(_first_text(body, start)), (
                    f"this paragraph holds more than {MAX_BRACKETS} '[' and '<' (links, images, tags); split it "
                    "with blank lines into shorter paragraphs")
            if sum(body.count(mark, start, end) for mark in _MARKS) > MAX_MARKS:
                return line(_first_text(body, start)), (
                    f"this paragraph holds more than {MAX_MARKS} of '*', '_', '`', '&' and '\\'; split it with "
                    "blank lines into shorter paragraphs")
    if body.count("[^") > MAX_FOOTNOTES:
        return line(_nth(body, "[^", MAX_FOOTNOTES + 1)), (
            f"has more than {MAX_FOOTNOTES} footnotes and references to them (this is one); split the text "
            "into several articles or pages")
    if "<" in body:
        for count, match in enumerate(_UNCLOSED_TAG.finditer(body), start=1):
            if count > MAX_UNCLOSED:
                return line(match.start()), (
                    f"has more than {MAX_UNCLOSED} '<' followed by a letter and never closed by '>' (this is one); "
                    "write '&lt;' for a '<' that does not start an HTML tag")
    return None


def _first_text(body: str, start: int) -> int:
    """The index of the first character that is not a space or line break, from `start` on."""
    while start < len(body) and body[start] in " \t\n":
        start += 1
    return start


def _nth(text: str, needle: str, n: int) -> int:
    """The index of the n-th `needle` in `text` (there are at least n)."""
    index = -1
    for _ in range(n):
        index = text.find(needle, index + 1)
    return index
