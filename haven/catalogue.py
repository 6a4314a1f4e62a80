"""The theme's words in each language it ships (a stand-in until the message catalogues land).

`theme_words(code)` is a gettext-like object (gettext, ngettext); English, or a language the
theme does not ship, gives the English words (gettext.NullTranslations)."""

from __future__ import annotations

import gettext


def shipped_languages() -> tuple[str, ...]:
    """The languages the theme has words for."""
    return ("en",)


def theme_words(code: str) -> gettext.NullTranslations:
    return gettext.NullTranslations()
