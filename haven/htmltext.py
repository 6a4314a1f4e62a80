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
