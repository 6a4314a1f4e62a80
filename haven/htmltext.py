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
# The ends of the blocks a reader sees apart, and line breaks: there two words never run together
# ('<li>one</li><li>two</li>' reads 'one two'), where an inline tag parts none ('About <strong>50</strong>.').
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|pre|div|tr|td|th|dd|dt|figcaption)>|<br\s*/?>", re.I)
# What a browser shows nothing of.
_UNSHOWN = ["script", "style", "template"]


def reader_text(markup: str) -> str:
    """The text of the generator's own HTML: inline tags vanish, a block's end or a line break is
    a space, entities are decoded, and white space is one space (str.split's is the \\s of re).
    The space goes after the block's tag, which stays for the second expression: a '</p>' in an
    attribute ('<a title="</p>">') ends that tag as it always did, and the words of any HTML
    up to a tag's end begin the words of the whole (checks._has_crisis_line reads them so)."""
    return " ".join(html.unescape(_TAG.sub("", _BLOCK_END.sub(r"\g<0> ", markup))).split())


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
