"""The theme's own words ("Skip to main content", "Open now" …) in the page's language.

The theme ships gettext catalogues made with Babel: `theme/locale/messages.pot` is extracted
from the templates and from the Python modules that make visitor-visible text, and each
language the theme ships has `theme/locale/<locale>/LC_MESSAGES/messages.po` (docs/theming.md
gives the commands). English is the msgids themselves.

The `.po` files are compiled in memory when a build first needs a language (Babel's `read_po` +
`write_mo`, the same code as `pybabel compile`), rather than shipping `.mo` files: there is no
binary that can fall behind its source, and the result is the same bytes for the same `.po`.
The compiled catalogue is cached by the `.po` file's bytes (`_compile`, a pure function of
immutable input), so an edited catalogue is read afresh even during `serve`, and nothing else
is kept between builds. Babel is imported only there and in the other functions that need it:
a build of an English site never loads it.

Codes are BCP 47 (`en`, `es`, `zh-Hans`, `zh-Hant`); catalogue folders use Babel's locale names
(`zh_Hans`). A code the theme does not ship (`fr`) gets English words, which a site replaces
under `strings:` in `translations/<code>.yaml` (`with_strings`).
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .templates import THEME_DIR

if TYPE_CHECKING:
    from babel import Locale

LOCALE_DIR = THEME_DIR / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the msgids are English


def theme_word(message: str) -> str:
    """Marks text in Python that is one of the theme's words, for the extraction: a module imports
    it as `_` (`_("Contact us")`, which pybabel finds) and translates it where it is shown."""
    return message


def locale_name(code: str) -> str:
    """BCP 47 code -> catalogue locale name: 'zh-Hans' -> 'zh_Hans', 'es-419' -> 'es_419'."""
    return code.replace("-", "_")


def po_path(code: str):
    return LOCALE_DIR / locale_name(code) / "LC_MESSAGES" / f"{DOMAIN}.po"


def shipped_languages() -> tuple[str, ...]:
    """BCP 47 codes of the languages the theme has words for, English first."""
    found = sorted(p.parent.parent.name.replace("_", "-") for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


def known_words() -> dict[str, bool]:
    """Every theme word a site may give under `strings:` (the msgids of messages.pot), each with
    whether it has a plural (then its text may be a mapping of CLDR plural categories)."""
    return _known((LOCALE_DIR / f"{DOMAIN}.pot").read_bytes())


@functools.lru_cache(maxsize=4)
def _known(pot: bytes) -> dict[str, bool]:
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(pot))
    return {(m.id if isinstance(m.id, str) else m.id[0]): not isinstance(m.id, str) for m in catalog if m.id}


class English(gettext.NullTranslations):
    """No catalogue: the English msgids are the words."""

    def __repr__(self) -> str:  # stands for the words in page keys (manifest.py): the same in every process
        return "English()"


class ThemeWords(gettext.GNUTranslations):
    """A compiled theme catalogue, named by its locale and the digest of its .po file."""

    name = ""

    def __repr__(self) -> str:
        return f"ThemeWords({self.name})"


def theme_words(code: str) -> gettext.NullTranslations:
    """The theme's catalogue for `code`: a compiled catalogue (ThemeWords) for a shipped language,
    a gettext.NullTranslations (the English msgids) for English and for codes the theme lacks.
    Its repr names what it says (locale and .po digest), for the page keys of incremental builds."""
    for candidate in _fallbacks(code):  # es-US -> es-US, es; zh-Hans-HK -> zh-Hans-HK, zh-Hans, zh
        if candidate == SOURCE_LANGUAGE:
            return English()
        path = po_path(candidate)
        if path.is_file():
            return _compile(locale_name(candidate), path.read_bytes())
    return English()


# Languages written with another language's words: Cantonese is written in Chinese, in Traditional
# characters in Hong Kong and Macau and in Simplified ones in Guangdong (CLDR's likely script), and
# Mandarin (CLDR's alias of 'zh') in Simplified ones, or Traditional ones in Taiwan.
_WRITTEN_IN = {"yue": "zh", "cmn": "zh"}
# The Chinese varieties a code may name in BCP 47's extended-language form ('zh-yue', 'zh-cmn-Hant').
_EXTENDED = {"zh": ("yue", "cmn")}


def canonical(code: str) -> str:
    """`code` without an extended-language prefix: 'zh-yue' -> 'yue', 'zh-cmn-Hant' -> 'cmn-Hant'
    (RFC 5646, 4.5: the form CLDR knows; Babel finds no locale for 'zh-yue'). Other codes as given."""
    parts = code.split("-")
    if len(parts) > 1 and parts[1].lower() in _EXTENDED.get(parts[0].lower(), ()):
        return "-".join(parts[1:])
    return code


def _fallbacks(code: str) -> list[str]:
    """The codes whose words `code` may take, most specific first; a code without a script, of a
    language the theme ships only by script, also takes the script CLDR says it is most likely
    written in, before the bare language: 'zh' and 'zh-SG' are Simplified (zh-Hans), 'zh-TW',
    'zh-HK' and 'zh-MO' Traditional (zh-Hant). A language written in another's words
    (`_WRITTEN_IN`) then takes that one's in the same script: 'yue' and 'zh-yue' -> 'zh-Hant',
    'cmn' -> 'zh-Hans', 'cmn-TW' -> 'zh-Hant'."""
    parts = canonical(code).split("-")
    explicit = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    script = _script(parts)
    by_script = [f"{parts[0]}-{script}"] if script else []
    written = _WRITTEN_IN.get(parts[0].lower())
    borrowed = [f"{written}-{script}"] if written and script else []
    return list(dict.fromkeys(explicit[:-1] + by_script + explicit[-1:] + borrowed))


def _script(parts: list[str]) -> str:
    """The script of a code, as the catalogues spell it ('Hant'): the one it gives ('zh-hant'), else
    CLDR's likely one ('zh-TW' -> 'Hant'), looked up only for a language the theme ships by script
    (Babel stays unloaded for the others)."""
    language, rest = parts[0].lower(), parts[1:]
    given = next((part for part in rest if len(part) == 4 and part.isalpha()), "")
    if given:
        return given.title()
    words = _WRITTEN_IN.get(language, language)
    if not any(shipped.lower().startswith(f"{words}-") for shipped in shipped_languages()):
        return ""
    from babel.core import get_global

    likely = get_global("likely_subtags")
    region = next((part.upper() for part in rest if len(part) == 2 and part.isalpha()), "")
    # (CLDR has no likely script of its own for 'cmn', an alias of 'zh': that of its words' language)
    found = next((likely[key] for key in (f"{language}_{region}" if region else "", language,
                                          f"{words}_{region}" if region else "", words) if key in likely), "")
    script = found.split("_")[1] if "_" in found else ""  # ('zh_Hant_TW')
    return script if len(script) == 4 else ""


def words_language(code: str) -> str:
    """The language whose theme words `code` shows: a shipped one ('es' for 'es-MX', 'zh-Hans' for
    'zh'), else English ('' for a code the theme has no words for)."""
    shipped = set(shipped_languages())
    return next((candidate for candidate in _fallbacks(code) if candidate in shipped), "")


@functools.lru_cache(maxsize=16)
def _compile(locale: str, po: bytes) -> ThemeWords:
    """A .po file's bytes -> its compiled catalogue (what `pybabel compile` would write)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    words = ThemeWords(buffer)
    words.name = f"{locale} {hashlib.sha256(po).hexdigest()[:16]}"
    return words


def cldr_locale(code: str) -> Locale | None:
    """Babel's CLDR locale for a BCP 47 code, or None when CLDR does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(canonical(code), sep="-")
    except (UnknownLocaleError, ValueError):
        return None


class SiteWords(gettext.NullTranslations):
    """The theme's words for one language with a site's own `strings:` laid over them.

    `strings` maps a msgid to its text; for a word with a plural (ngettext) the value may be a
    mapping of CLDR plural categories ('one', 'few', 'other' …) to texts."""

    def __init__(self, code: str, strings: Mapping[str, str | Mapping[str, str]], base: gettext.NullTranslations):
        super().__init__()
        self.code = code
        self.strings = dict(strings)
        self.base = base
        self.add_fallback(base)

    def __repr__(self) -> str:
        return f"SiteWords({self.code!r}, {sorted(self.strings.items(), key=repr)!r}, {self.base!r})"

    def gettext(self, message: str) -> str:
        value = self.strings.get(message)
        if isinstance(value, str):
            return value
        return super().gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        value = self.strings.get(msgid1)
        if isinstance(value, str):
            return value
        if isinstance(value, Mapping):
            category = plural_category(self.code, n)
            chosen = value.get(category) or value.get("other")
            if isinstance(chosen, str):
                return chosen
        return super().ngettext(msgid1, msgid2, n)


def gives(words, message: str) -> bool:
    """Whether `words` (a page's words: a catalogue, perhaps with a site's `strings:` over it) have
    words of their own for `message`, rather than showing the English msgid."""
    strings = getattr(words, "strings", None)
    if strings and message in strings:
        return True
    inner = getattr(words, "catalogue", None) or getattr(words, "base", None)  # (translations.SiteWords, SiteWords)
    if inner is not None:
        return gives(inner, message)
    found = getattr(words, "_catalog", {})  # (a compiled catalogue: plural words are kept as (msgid, n))
    return message in found or (message, 0) in found


def with_strings(code: str, strings: Mapping[str, str | Mapping[str, str]] | None = None) -> gettext.NullTranslations:
    """The page's `words` for language `code`: the theme's catalogue, with the site's
    `strings:` (from translations/<code>.yaml) taking precedence where given."""
    base = theme_words(code)
    return SiteWords(code, strings, base) if strings else base


def plural_category(code: str, n: int) -> str:
    """CLDR plural category of `n` in language `code` ('one', 'other' …)."""
    locale = cldr_locale(code)
    if locale is None:
        return "one" if n == 1 else "other"
    return locale.plural_form(n)


def english() -> gettext.NullTranslations:
    return English()


def words_document() -> str:
    """docs/theme-words.md: every theme word a site may give under `strings:`, from messages.pot
    (`python -m haven.catalogue > docs/theme-words.md`; a test checks it is current)."""
    import json

    from babel.messages.pofile import read_po

    with (LOCALE_DIR / f"{DOMAIN}.pot").open("rb") as f:
        catalog = read_po(f)
    lines = [
        "# The theme's words",
        "",
        "<!-- Made by `python -m haven.catalogue > docs/theme-words.md` from haven/theme/locale/messages.pot;",
        "     tests/test_catalogue.py fails when it is out of date. -->",
        "",
        "Every word the theme itself shows (buttons, headings, the hours, the open-now badge …) is",
        "listed here. The theme has them in English, Spanish (`es`), Simplified Chinese (`zh-Hans`) and",
        "Traditional Chinese (`zh-Hant`, also taken by `zh-TW`, `zh-HK`, `zh-MO`, `cmn-TW` and Cantonese, `yue`).",
        "For another language, or to change a word, give it under `strings:` in",
        "`translations/<code>.yaml`, keyed by the English text exactly as below:",
        "",
        "```yaml",
        "strings:",
        '  "Skip to main content": "Aller au contenu principal"',
        '  "%(num)d min read": {one: "%(num)d min de lecture", other: "%(num)d min de lecture"}',
        "```",
        "",
        "Keep every placeholder: `%(name)s` and `%(num)d` are filled in when the page is built,",
        "`{time}`, `{day}`, `{zone}`, `{special}`, `{label}` and `{n}` in the visitor's browser. A word",
        "with a plural takes either one text or one per plural category of the language",
        "(`one`, `few`, `many`, `other` …, as in the Unicode CLDR plural rules). A word left out",
        "is shown in English; on a page in another language it is marked as English (`lang=\"en\"`)",
        "wherever it is text, so that screen readers pronounce it right (in an attribute, such as",
        "`aria-label`, or in the page's `<title>`, it stays plain text); the \"Open now\" badge marks the",
        "English sentences it shows too. Left out, `%(first)s and %(last)s` (two days of the hours,",
        "\"Saturday and Sunday\") is never English on such a page: it takes the language's own \"and\"",
        "from CLDR (\"samedi et dimanche\", \"Thứ Bảy và Chủ Nhật\"). `build` warns once per language",
        "the theme has no words for.",
        "",
        "A translation that leaves out a placeholder, or has one the English words do not have, is an",
        "error at its line, and so is a `%` sign of its own (write it `%%`). A key that is none of the",
        "words below, nor a word your own templates give to `_()`, changes nothing: `check` warns at",
        "its line, naming the word it is close to.",
        "",
    ]
    for message in catalog:
        if not message.id:
            continue
        plural = not isinstance(message.id, str)
        key = message.id[0] if plural else message.id
        entry = f"- `{json.dumps(key, ensure_ascii=False)}`"
        if plural:
            entry += f" (plural: `{json.dumps(message.id[1], ensure_ascii=False)}`)"
        notes = [c.removeprefix("Translators:").strip() for c in message.auto_comments]
        if notes:
            entry += ": " + " ".join(notes)
        lines.append(entry)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(words_document(), end="")
