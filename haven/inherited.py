"""Text a translated file takes from its original because it leaves it out (a clinician's role, a
service's questions, a checklist's advice, an article's tags...): still in the original's language.

Such text is marked as settings left untranslated are (translations.Untranslated), so a page of
another language shows it in its own `lang`; `check` warns once per file of what it leaves out,
as it does once per language for site_config.yaml's texts.
"""

from __future__ import annotations

import dataclasses

from .problems import Problem, warning
from .translations import Untranslated

# The front matter (or checklist keys) that are text in a language, of every kind a translation
# may leave out. Not here: names of people and places, ids, dates, addresses, numbers; a clinician's
# credentials (LCSW, PhD: a licence's or degree's designation, kept as it is in every language, as
# a name is; WCAG's language of parts leaves such terms out, and a warning would ask every
# translation to copy it); and titles, which a translation shows in its <title> and link previews,
# where no `lang` can be given.
TEXT_KEYS = ("role", "photo_alt", "specialties", "faq", "category", "tags", "image_alt",
             "intro", "items", "topics", "results", "disclaimer")
# The text fields of what such keys hold (a question's q and a, a topic's title and advice...);
# not an item's topic id, or a band's numbers.
_TEXT_FIELDS = ("q", "a", "text", "title", "advice")


def marked(value, lang: str):
    """`value` with its text marked as being in `lang`: a text, or the texts of a list, a group of
    named entries, or an entry's text fields."""
    if isinstance(value, Untranslated) or value is None:
        return value
    if isinstance(value, str):
        return Untranslated(value, lang) if value else value
    if isinstance(value, tuple):
        return tuple(marked(item, lang) for item in value)
    if isinstance(value, dict):
        return {key: marked(item, lang) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        texts = {name: marked(getattr(value, name), lang) for name in _TEXT_FIELDS if hasattr(value, name)}
        return dataclasses.replace(value, **texts)
    return value


def mark_left_out(meta, given, lang: str):
    """A translation's front matter (or checklist), the text keys it does not give itself (`given`)
    marked as being in `lang`, its original's language."""
    # (a picture of its own is not described by the original's alt text: its own is asked for, as an error)
    own = {alt for picture, alt in (("photo", "photo_alt"), ("image", "image_alt")) if picture in given}
    changes = {key: marked(getattr(meta, key), lang) for key in TEXT_KEYS
               if key not in given and key not in own and hasattr(meta, key) and getattr(meta, key)}
    return dataclasses.replace(meta, **changes) if changes else meta


def in_other_language(value, code: str) -> bool:
    """Whether `value` holds text marked as being in another language than `code`."""
    if isinstance(value, Untranslated):
        return value.lang != code
    if isinstance(value, tuple):
        return any(in_other_language(item, code) for item in value)
    if isinstance(value, dict):
        return any(in_other_language(item, code) for item in value.values())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(in_other_language(getattr(value, name), code) for name in _TEXT_FIELDS if hasattr(value, name))
    return False


def left_out(meta, code: str) -> list[str]:
    """The keys of a translation into `code` whose text shows in another language."""
    return [key for key in TEXT_KEYS if in_other_language(getattr(meta, key, None), code)]


def left_out_warning(source: str, original: str, keys: list[str], code: str) -> Problem:
    """One warning for a translated file, worded as translations.py's for site_config.yaml."""
    many = len(keys) != 1
    return warning(source, 0, f"{len(keys)} text{'s' if many else ''} of {original} {'have' if many else 'has'} no "
                              f"translation into '{code}': {', '.join(keys)}; {'they show' if many else 'it shows'} in "
                              f"the default language on the '{code}' pages. Translate {'them' if many else 'it'} "
                              f"in {source}")


def warnings(documents, checklists, code: str) -> list[Problem]:
    """A warning for each translation into `code` that shows text of its original's language."""
    found = []
    for doc in documents:
        keys = left_out(doc.meta, code)
        if keys:
            found.append(left_out_warning(doc.source, doc.original, keys, code))
    for checklist in checklists:
        keys = left_out(checklist.spec, code)
        if keys:
            found.append(left_out_warning(checklist.source, checklist.original, keys, code))
    return found
