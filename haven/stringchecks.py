"""Checks of the theme's words a site gives under `strings:` in translations/<code>.yaml.

A translation must keep the English words' placeholders: `%(date)s` left out shows a closure
without its date, and one the English words do not have stops the build (the page has nothing to
fill it with). A key must be one of the theme's words (docs/theme-words.md) or a word of the
site's own templates: any other changes nothing, which an editor cannot see, so it is a warning.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Collection
from pathlib import Path


# What a page fills in: `%(name)s` and `%(num)d` when it is built, `{time}` in the visitor's
# browser (the same forms tests/test_catalogue.py holds the theme's own catalogues to).
# (Compiled when first needed: only the words a site translates itself are checked with them.)
@functools.cache
def _placeholder() -> re.Pattern:
    return re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@functools.cache
def _date() -> re.Pattern:
    return re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def placeholders(text: str) -> list[str]:
    """The placeholders of `text`, each once, in the order they first appear."""
    return list(dict.fromkeys(_placeholder().findall(text)))


def placeholder_mistake(english: str, text: str, form: str = "") -> str | None:
    """What is wrong with the placeholders of `text`, the translation of `english` (its plural
    `form`: 'one', 'other' …, when given one per form), or None when they are the English words'."""
    wanted, found = placeholders(english), placeholders(text)
    missing = [p for p in wanted if p not in found]
    unknown = [p for p in found if p not in wanted]
    what = f"the '{form}' form of \"{english}\"" if form else f"the translation of \"{english}\""
    if missing or unknown:
        said = []
        if missing:
            said.append(f"leaves out {_listed(missing)}, which the page fills in (visitors would see the sentence "
                        f"without {'them' if len(missing) > 1 else 'it'})")
        if unknown:
            said.append(f"has {_listed(unknown)}, which the English words do not have (the page has nothing to "
                        "put there)")
        keep = (f"keep the English words' placeholders ({_listed(wanted)}) as they are, untranslated, where they belong "
                "in your sentence" if wanted else "the English words have no placeholder: remove it")
        return f"{what} {' and '.join(said)}; {keep} (see docs/theme-words.md)"
    if "%" in _placeholder().sub("", text).replace("%%", ""):
        return (f"{what} has a % sign that is not a placeholder like %(date)s, and the page would fail to fill "
                "it in; write a percent sign as %%")
    return None


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else items[0]


def unknown_word(key, known: Collection[str]) -> str | None:
    """Why `key` of `strings:` changes nothing (it is not in `known`, the theme's words and the
    site templates' own), with the word it misspells when one is close; None when it is known."""
    if isinstance(key, str) and key in known:
        return None
    text = key.isoformat() if isinstance(key, dt.date) else str(key)
    if _date().fullmatch(text):  # (a closure's translation written one line too low)
        return (f"'strings' has the date {text}, which is not one of the theme's words, so it changes nothing; "
                f"a closure's translation goes under 'closures:' (closures: {{{text}: ...}})")
    folded = {word.lower(): word for word in sorted(known)}
    import difflib  # (here: only a misspelling needs it)

    match = difflib.get_close_matches(text.lower(), folded, n=1, cutoff=0.8)
    hint = f'did you mean "{folded[match[0]]}"?' if match else ("write the English words exactly as "
                                                                "docs/theme-words.md lists them, or remove the line")
    return (f"'strings' has \"{text}\", which is not one of the theme's words (docs/theme-words.md lists them) nor a "
            f"word of the site's own templates, so it changes nothing; {hint}")


def template_words(source: Path) -> set[str]:
    """The words a site's own templates give to `_()`, `gettext()` and `ngettext()` (their
    singular): a site translates them under `strings:` as it does the theme's. A template Jinja
    cannot read has its own error, from the render; its words are not looked for here."""
    from jinja2 import Environment, TemplateSyntaxError

    folder = source / "templates"
    if not folder.is_dir() or folder.is_symlink():
        return set()
    reader = Environment(extensions=["jinja2.ext.i18n"])
    words: set[str] = set()
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        try:
            found = reader.extract_translations(path.read_text("utf-8-sig"))  # type: ignore[attr-defined]  # added by the i18n extension
            for _line, _function, message in found:
                first = message[0] if isinstance(message, tuple) else message
                if isinstance(first, str):
                    words.add(first)
        except (TemplateSyntaxError, UnicodeDecodeError, OSError):
            continue
    return words
