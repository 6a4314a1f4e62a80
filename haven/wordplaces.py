"""Where a template prints the theme's words: as text, or in an attribute.

On a page whose language the theme has no words for (`fr`), a word the site's `strings:` leave
out shows in English. Screen readers need to know (WCAG 3.1.2, Language of Parts), so where the
word is text content it is wrapped in `<span lang="en">`. The same call also writes attributes
(`aria-label="{{ _("Main") }}"`), `<title>` and `<option>`, where markup cannot go: there it stays
plain text.

Templates keep writing `{{ _("…") }}` everywhere. When a template is compiled, `TextWords` reads
its HTML around each `{{ … }}` and renames a call that is the whole of an expression printed as
text (`{{ _("Read more") }}`, `{{ ngettext(…) }}`) to its text form (`_in_text`, `ngettext_in_text`
in render.py), which marks the word when it falls back to English and is the same call otherwise:
a page in a language the theme ships is the same, byte for byte. A call inside a tag, in an
element whose content is text only, in a `{% set x = … %}` or within a longer expression is left
as it is (plain text).
"""

from __future__ import annotations

from collections.abc import Iterator

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

# The calls that print a theme word, and their text forms.
TEXT_FORMS = {"_": "_in_text", "gettext": "_in_text", "ngettext": "ngettext_in_text"}
# Elements whose content is text only (no <span>), or is no text at all.
PLAIN_ELEMENTS = frozenset({"title", "option", "textarea", "script", "style"})


class HtmlPlace:
    """Where the template's HTML has got to, fed its text piece by piece: in text content, in a
    tag (an attribute), or in an element of PLAIN_ELEMENTS."""

    def __init__(self) -> None:
        self.in_tag = False
        self.quote = ""  # the quote of the attribute value being read, in a tag
        self.tag = ""  # the name of the tag being read ('/title' for an end tag)
        self.naming = False  # whether its name is still being read
        self.plain = ""  # the element of PLAIN_ELEMENTS whose content is being read
        self.comment = False

    @property
    def is_text(self) -> bool:
        return not (self.in_tag or self.plain or self.comment)

    def read(self, html: str) -> None:
        i = 0
        while i < len(html):
            i = self._step(html, i)

    def _step(self, html: str, i: int) -> int:
        """Reads what starts at `i`; the index after it."""
        if self.comment:
            end = html.find("-->", i)
            self.comment = end < 0
            return len(html) if end < 0 else end + 3
        if self.in_tag:
            return self._in_tag(html, i)
        start = html.find("<", i)
        if start < 0:
            return len(html)
        if html.startswith("<!--", start):
            self.comment = True
            return start + 4
        after = html[start + 1:start + 2]
        if self.plain and not html[start + 1:].lower().startswith("/" + self.plain):
            return start + 1  # (a '<' inside a script, or text in a <title>)
        if after == "" or after.isalpha() or after in "/!":  # ('': a tag named by an expression, <{{ heading }}>)
            self.in_tag, self.tag, self.naming = True, "", True
        return start + 1

    def _in_tag(self, html: str, i: int) -> int:
        char = html[i]
        if self.quote:
            self.quote = "" if char == self.quote else self.quote
        elif char in "\"'":
            self.quote = char
        elif char == ">":
            self.in_tag = False
            name = self.tag.lower()
            if name.startswith("/"):
                self.plain = "" if name[1:] == self.plain else self.plain
            elif name in PLAIN_ELEMENTS:
                self.plain = name
        elif self.naming and (char.isalnum() or (char == "/" and not self.tag)):
            self.tag += char
        else:
            self.naming = False  # (the name has ended: what follows are attributes)
        return i + 1


class TextWords(Extension):
    """Renames `{{ _(…) }}` printed as text content to its text form (see the module's docstring)."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        place = HtmlPlace()
        tokens = iter(stream)
        for token in tokens:
            if token.type == "data":
                place.read(token.value)
                yield token
            elif token.type == "variable_begin":
                block = [token]
                for inner in tokens:
                    block.append(inner)
                    if inner.type == "variable_end":
                        break
                yield from (_text_form(block) if place.is_text else block)
            else:
                yield token


def _text_form(block: list[Token]) -> list[Token]:
    """`{{ _(…) }}` with `_` renamed to its text form, when the call is the whole expression."""
    if len(block) < 5 or block[1].type != "name" or block[1].value not in TEXT_FORMS or block[2].type != "lparen":
        return block
    depth = 0
    for index, token in enumerate(block[2:-1], start=2):
        depth += {"lparen": 1, "rparen": -1}.get(token.type, 0)
        if depth == 0:
            if index != len(block) - 2:
                return block  # (the call is part of a longer expression: `_(x) ~ y`, `_(x) | upper`)
            break
    name = block[1]
    return [block[0], Token(name.lineno, "name", TEXT_FORMS[name.value]), *block[2:]]
