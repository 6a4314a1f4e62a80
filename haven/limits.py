"""Limits on the shape of Markdown, checked before it is converted.

Python-Markdown takes time that grows faster than the text for some shapes of text: each
unmatched '[' or '<' is matched against the rest of its paragraph, an unclosed '<tag' against
the rest of the document, and every level of nesting is a level of recursion. Text beyond these
limits is refused before conversion, so that any file is converted in time linear in its size.
Every text of the site is checked (yamlfile checks each value of the settings and front matter,
which may be rendered as Markdown), with limits far beyond what a real page needs.
"""

from __future__ import annotations

import re

MAX_NESTING = 10  # levels of lists in lists or quotes in quotes
MAX_INDENT = 80  # columns of indentation (a nested list takes 2 to 4 per level)
MAX_BRACKETS = 100  # '[' and '<' in one paragraph, list item or table row
MAX_MARKS = 1000  # '*', '_', '`', '&' and '\' in one paragraph, list item or table row
MAX_UNCLOSED = 50  # '<tag' never closed by '>', in the whole text
MAX_HEADINGS = 300  # in the whole text (each one's id is compared with those before it)
MAX_FOOTNOTES = 300  # '[^' in the whole text
_HEADING = re.compile(r"#|=+[ \t]*$|-+[ \t]*$")
_FENCE = re.compile(r"(```|~~~)")
_CONTAINER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]))")
_ITEM_START = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)]|\|)[ \t]")
_UNCLOSED_TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*(?=<|$)")


def markdown_limits(body: str, first_line: int = 1) -> tuple[int, str] | None:
    """(line, message) if `body` passes one of the limits above, else None; takes linear time."""
    fenced = False
    chunk_line, brackets, marks, headings = first_line, 0, 0, 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        if not line.strip() or _ITEM_START.match(line):  # a new paragraph, list item or table row
            chunk_line, brackets, marks = number, 0, 0
        depth, at = 0, 0
        while depth <= MAX_NESTING and (match := _CONTAINER.match(line, at)) and match.end() > at:
            depth, at = depth + 1, match.end()
        if depth > MAX_NESTING:
            return number, (f"nests lists or '>' quotes more than {MAX_NESTING} levels deep on this line; "
                            "flatten it (a reader cannot follow that many levels either)")
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        if indent > MAX_INDENT:
            return number, (f"is indented by {indent} spaces on this line, more than the {MAX_INDENT} any "
                            "Markdown needs; remove the extra spaces")
        headings += _HEADING.match(line.lstrip()) is not None
        if headings > MAX_HEADINGS:
            return number, (f"has more than {MAX_HEADINGS} headings (this is one); split the text into several "
                            "articles or pages")
        brackets += line.count("[") + line.count("<")
        marks += sum(line.count(c) for c in "*_`&\\")
        if brackets > MAX_BRACKETS:
            return chunk_line, (f"this paragraph holds more than {MAX_BRACKETS} '[' and '<' (links, images, "
                                "tags); split it with blank lines into shorter paragraphs")
        if marks > MAX_MARKS:
            return chunk_line, (f"this paragraph holds more than {MAX_MARKS} of '*', '_', '`', '&' and '\\'; "
                                "split it with blank lines into shorter paragraphs")
    if body.count("[^") > MAX_FOOTNOTES:
        return first_line + body.count("\n", 0, _nth(body, "[^", MAX_FOOTNOTES + 1)), (
            f"has more than {MAX_FOOTNOTES} footnotes and references to them (this is one); split the text "
            "into several articles or pages")
    unclosed = 0
    for match in _UNCLOSED_TAG.finditer(body):
        unclosed += 1
        if unclosed > MAX_UNCLOSED:
            return first_line + body.count("\n", 0, match.start()), (
                f"has more than {MAX_UNCLOSED} '<' followed by a letter and never closed by '>' (this is one); "
                "write '&lt;' for a '<' that does not start an HTML tag")
    return None


def _nth(text: str, needle: str, n: int) -> int:
    """The index of the n-th `needle` in `text` (there are at least n)."""
    index = -1
    for _ in range(n):
        index = text.find(needle, index + 1)
    return index
