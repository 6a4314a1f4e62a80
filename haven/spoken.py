# ruff: noqa: RUF001  (Chinese names are written with their own full-width brackets)
"""Languages spoken with clients: the language a family chooses a clinician by, and its names.

Clinicians write BCP 47 codes as they come (`en`, `EN`, `es-MX`, `zh-Hans`, `cmn`). A family
looking for a clinician who speaks their language chooses a spoken language, not a country's
variety or a script, so every code comes down to one *choice* (`choice`): its language subtag,
lower-cased (`EN` and `en-US` are `en`; `es-MX` is `es`; `pt-BR` is `pt`; `sr-Latn` is `sr`).
Chinese is the exception: families choose between Mandarin and Cantonese, which are spoken
differently, so `zh` with any script or region is Mandarin (`cmn`) except Hong Kong's and
Macau's (`zh-HK`, `zh-MO`), which are Cantonese (`yue`); `cmn` and `yue` are themselves.

Each choice is named in the page's language, then in its own ("Spanish – español"); CLDR has
both, except a name for Mandarin, which the theme's words give ("Chinese (Mandarin)").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import taglines
from .people import alphabetical, language_name

_CANTONESE_REGIONS = {"hk", "mo"}  # where Chinese means Cantonese


@dataclass(frozen=True)
class Variety:
    """A spoken Chinese: the theme's word for it, CLDR's code for a plain name, its own name."""

    word: str  # a theme word, translated in the catalogues
    plain: str  # CLDR's name of this code, when the page's words have no translation
    autonym: str
    lang: str  # the `lang` of the autonym: the tag screen readers voice it by


# The words are the theme's (the extraction finds them in the `_()` calls of peopleglobals).
VARIETIES = {
    "cmn": Variety("Chinese (Mandarin)", "zh", "中文（普通话）", "zh-Hans"),
    "yue": Variety("Chinese (Cantonese)", "yue", "中文（粵語）", "zh-HK"),
}


def choice(code: str) -> str:
    """The language a family chooses by: 'es-MX', 'ES' -> 'es'; 'zh', 'zh-Hans', 'cmn' -> 'cmn';
    'zh-HK', 'zh-yue', 'yue' -> 'yue'."""
    parts = code.strip().lower().replace("_", "-").split("-")
    if parts[0] != "zh":
        return parts[0]
    if len(parts) > 1 and parts[1] in VARIETIES:  # the extended form: zh-yue, zh-cmn
        return parts[1]
    return "yue" if _CANTONESE_REGIONS & set(parts[1:]) else "cmn"


def tag(code: str) -> str:
    """`code` in BCP 47's conventional case (RFC 5646, 2.1.1), for data that machines read:
    'EN' -> 'en', 'es-mx' -> 'es-MX', 'ZH-hant-tw' -> 'zh-Hant-TW'; the language and every other
    subtag in lower case, a script in title case, a region of letters in capitals, and what
    follows a singleton ('x-', 'u-') in lower case."""
    parts = code.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    extension = False  # after a singleton: the extension's own subtags, not scripts or regions
    for part in parts[1:]:
        extension = extension or len(part) == 1
        if not extension and len(part) == 2 and part.isalpha():
            out.append(part.upper())
        elif not extension and len(part) == 4 and part.isalpha():
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def tags(codes: Iterable[str]) -> list[str]:
    """The codes of the languages spoken, for JSON-LD's `knowsLanguage`: one per choice, as the
    team filter offers them (`en` and `EN`, `es` and `es-MX`, `zh-Hans` and `cmn` are one
    language each), the first written of each, in BCP 47's case (its region and script kept)."""
    found: dict[str, str] = {}
    for code in codes:
        found.setdefault(choice(code), tag(code))
    return list(found.values())


@dataclass(frozen=True)
class Spoken:
    """A language as a page names it: `code` is the choice the filter and cards use."""

    code: str
    name: str  # in the page's language
    autonym: str | None  # its own name, when that differs
    lang: str  # the autonym's `lang`
    dir: str | None  # 'rtl' for right-to-left autonyms

    @property
    def label(self) -> str:
        """Plain text, for a <select> option: 'Spanish – español'."""
        return f"{self.name} – {self.autonym}" if self.autonym else self.name


def spoken(code: str, page_language: str, gettext: Callable[[str], str]) -> Spoken:
    """The choice `code` comes down to, named in the page's language and in its own."""
    chosen = choice(code)
    variety = VARIETIES.get(chosen)
    if variety is not None:
        name = gettext(variety.word)
        if name == variety.word and choice(page_language) != "en":  # words without this one: CLDR's plain name
            name = language_name(variety.plain, page_language) or name
        own: str | None = variety.autonym
        lang = variety.lang
    else:
        name = language_name(chosen, page_language) or language_name(code, page_language) \
            or language_name(chosen, "en") or code
        own = _own_name(chosen)
        lang = chosen
    if own is not None and own.casefold() == name.casefold():
        own = None
    return Spoken(chosen, name, own, lang, "rtl" if taglines.direction(lang) == "rtl" else None)


def _own_name(code: str) -> str | None:
    """The language's name in itself, as written mid-sentence ('español'), if CLDR has its locale."""
    from babel import localedata  # (here: only clinicians with languages need Babel)

    return language_name(code, code, capital=False) if localedata.exists(code) else None


def spoken_list(codes: Iterable[str], page_language: str, gettext: Callable[[str], str],
                by_name: bool = False) -> list[Spoken]:
    """Each choice among `codes` once, in their order (or by name in the page's language)."""
    found: dict[str, Spoken] = {}
    for code in codes:
        chosen = choice(code)
        if chosen not in found:
            found[chosen] = spoken(code, page_language, gettext)
    languages = list(found.values())
    return sorted(languages, key=lambda s: (alphabetical(s.name), s.code)) if by_name else languages


# Names an editor writes for Chinese, which has no one code: what each means.
_CHINESE_NAMES = {
    **dict.fromkeys(("mandarin", "普通话", "普通話", "国语", "國語", "华语", "華語"), "zh"),
    **dict.fromkeys(("cantonese", "粤语", "粵語", "广东话", "廣東話"), "yue"),
    "chinese": "zh-Hans or zh-Hant (Chinese written in Simplified or Traditional letters); for a "
               "clinician's spoken language, zh (Mandarin) or yue (Cantonese)",
    "中文": "zh-Hans or zh-Hant (Chinese written in Simplified or Traditional letters); for a "
          "clinician's spoken language, zh (Mandarin) or yue (Cantonese)",
    "farsi": "fa",
}


def code_for_name(name: str) -> str | None:
    """The code to write for a language written by its name ('Spanish', 'español', 'Vietnamese
    language'): in English or in itself, for the languages the theme has taglines for; else None."""
    from babel import Locale, localedata

    wanted = name.strip().casefold().removesuffix(" language").strip()
    if wanted in _CHINESE_NAMES:
        return _CHINESE_NAMES[wanted]
    english = Locale("en").languages
    for code, shown in english.items():
        if "_" not in code and shown.casefold() == wanted:
            return code
    for code in taglines.TAGLINES:
        base = code.split("-")[0]
        if localedata.exists(base) and (Locale.parse(base).languages.get(base) or "").casefold() == wanted:
            return base
    return None
