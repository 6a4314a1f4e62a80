"""The theme's own words: every one goes through the catalogue, and every shipped catalogue has them all.

- every visitor-visible word in the theme's templates is inside `_()`/`ngettext`/`{% trans %}`;
- `haven/theme/locale/messages.pot` is what Babel extracts today (so no word is missing from it);
- Spanish, Simplified and Traditional Chinese translate every entry, keeping its placeholders;
- `theme_words` maps BCP 47 codes to the catalogues; a site's `strings:` override them;
- docs/theme-words.md lists exactly the .pot's words.
"""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from haven.catalogue import (
    LOCALE_DIR,
    known_words,
    locale_name,
    po_path,
    shipped_languages,
    theme_words,
    with_strings,
)

try:
    from helpers import ROOT, THEME
except ImportError:
    from tests.helpers import ROOT, THEME  # type: ignore[no-redef]

POT = LOCALE_DIR / "messages.pot"
# The extraction documented in docs/theming.md (without -o, which each use gives).
EXTRACT = ["extract", "-F", "babel.cfg", "-k", "_", "-k", "gettext", "-k", "ngettext:1,2", "-c", "Translators:",
           "--no-location", "--sort-output", "--omit-header"]


def _catalog(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_the_pot_is_what_babel_extracts_from_the_theme_today(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", *EXTRACT, "-o", str(out), "."])
    assert out.read_bytes() == POT.read_bytes(), (
        "haven/theme/locale/messages.pot is out of date with the templates; run the extract and update "
        "commands in docs/theming.md, then translate the new entries")


@pytest.mark.parametrize("code", [c for c in shipped_languages() if c != "en"])
def test_every_word_has_a_translation_in_each_shipped_catalogue(code):
    template = _ids(_catalog(POT))
    catalog = _catalog(po_path(code), locale_name(code))
    assert not catalog.fuzzy
    translated = {m.id: m for m in catalog if m.id}
    assert sorted(map(str, template - set(translated))) == [], f"{code}: words without an entry"
    assert sorted(map(str, set(translated) - template)) == [], f"{code}: entries no template uses (obsolete)"
    for msgid, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and len(strings) == (catalog.num_plurals if isinstance(msgid, tuple) else 1), \
            f"{code}: {msgid!r} is not translated"
        assert not message.fuzzy, f"{code}: {msgid!r} is fuzzy"
        source = msgid if isinstance(msgid, str) else msgid[1]
        for text in strings:
            assert _placeholders(text) == _placeholders(source), f"{code}: {msgid!r} -> {text!r} changes the placeholders"


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|\{\w+\}", text))


def test_the_theme_ships_english_spanish_and_simplified_and_traditional_chinese():
    assert shipped_languages() == ("en", "es", "zh-Hans", "zh-Hant")
    assert locale_name("zh-Hans") == "zh_Hans"
    assert (LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po").is_file()
    assert (LOCALE_DIR / "zh_Hant" / "LC_MESSAGES" / "messages.po").is_file()


def test_theme_words_by_bcp47_code():
    assert theme_words("es").gettext("Skip to main content") == "Saltar al contenido principal"
    assert theme_words("zh-Hans").gettext("Skip to main content") == "跳到主要内容"
    assert theme_words("es").ngettext("%(num)d min read", "%(num)d min read", 4) % {"num": 4} == "4 min de lectura"
    # a regional variant takes its language's words
    assert theme_words("es-US").gettext("Skip to main content") == "Saltar al contenido principal"
    assert theme_words("zh-Hans-HK").gettext("Open now") == "正在营业"
    # Chinese without a script: the one CLDR says it is most likely written in
    assert theme_words("zh").gettext("Open now") == theme_words("zh-CN").gettext("Open now") == "正在营业"
    # Traditional where CLDR says Chinese is written so (Taiwan, Hong Kong, Macau), and Cantonese
    for code in ("zh-Hant", "zh-TW", "zh-HK", "zh-MO", "zh-hant", "zh-Hant-HK", "yue", "yue-HK"):
        assert theme_words(code).gettext("Skip to main content") == "跳至主要內容", code
    for code in ("zh", "zh-CN", "zh-SG", "zh-Hans", "yue-CN"):  # (Cantonese in Guangdong: Simplified)
        assert theme_words(code).gettext("Skip to main content") == "跳到主要内容", code
    # Mandarin and Cantonese by their own codes, or in the extended form (zh-yue): as Chinese is written there
    for code in ("cmn-Hant", "cmn-TW", "zh-yue", "yue-Hant", "zh-cmn-Hant"):
        assert theme_words(code).gettext("Skip to main content") == "跳至主要內容", code
    for code in ("cmn", "cmn-Hans", "cmn-CN", "yue-Hans", "zh-cmn"):
        assert theme_words(code).gettext("Skip to main content") == "跳到主要内容", code
    # English, and a language the theme does not ship: the English words
    for code in ("en", "en-GB", "fr", "fr-CA"):
        words = theme_words(code)
        assert isinstance(words, gettext.NullTranslations) and not isinstance(words, gettext.GNUTranslations)
        assert words.gettext("Skip to main content") == "Skip to main content"


def test_theme_words_are_the_same_catalogue_for_the_same_file():
    assert theme_words("es") is theme_words("es")  # compiled once per .po content, then reused


def test_words_stand_for_their_content_in_page_keys():
    """manifest.py keys a page by the repr of its variables: the words' must not be an address."""
    names = [repr(theme_words("en")), repr(theme_words("es")), repr(theme_words("zh-Hans")), repr(theme_words("zh-Hant")),
             repr(with_strings("fr", {"Open now": "Ouvert"})), repr(with_strings("fr", {"Open now": "Ouverte"}))]
    assert len(set(names)) == len(names)
    assert all(" at 0x" not in name for name in names)
    assert repr(with_strings("es", {"a": "b"})) == repr(with_strings("es", {"a": "b"}))


def test_a_sites_strings_override_the_theme_and_fill_in_a_language_it_lacks():
    french = with_strings("fr", {"Open now": "Ouvert maintenant",
                                 "%(num)d min read": {"one": "%(num)d min de lecture", "other": "%(num)d min de lecture"}})
    assert french.gettext("Open now") == "Ouvert maintenant"
    assert french.gettext("Closed") == "Closed"  # not given: English
    assert french.ngettext("%(num)d min read", "%(num)d min read", 2) == "%(num)d min de lecture"
    spanish = with_strings("es", {"Open now": "Abierto"})
    assert spanish.gettext("Open now") == "Abierto"
    assert spanish.gettext("Closed") == "Cerrado"  # from the theme's catalogue
    assert theme_words("es").gettext("Open now") == "Abierto ahora"  # the shared catalogue is untouched


# --- every visitor-visible word is in the catalogue -------------------------------------------

_VISIBLE_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder|data-message|data-count|data-cleared)="([^"]*)"')


def _bare_words(source: str) -> list[str]:
    """Text outside Jinja's tags that a visitor could read: element text and labelling attributes."""
    text = re.sub(r"\{#.*?#\}", " ", source, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    shown = _VISIBLE_ATTRIBUTES.findall(text)
    text = re.sub(r"<script\b[^>]*>.*?</script>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    return [w for w in (text + " " + " ".join(shown)).split() if re.search(r"[A-Za-z]", w)]


@pytest.mark.parametrize("template", sorted(p.relative_to(THEME).as_posix() for p in THEME.rglob("*.html")))
def test_no_theme_template_has_a_word_outside_the_catalogue(template):
    assert _bare_words((THEME / template).read_text("utf-8")) == []


def test_the_example_sites_templates_have_no_words_of_their_own():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        assert _bare_words(path.read_text("utf-8")) == [], path


def test_the_check_itself_finds_a_bare_word():
    assert _bare_words('<p>{{ _("Hello") }}</p><nav aria-label="Main">{{ _("x") }}</nav> Bare') == ["Bare", "Main"]


# --- the list of words a site may override ----------------------------------------------------


def test_docs_theme_words_lists_exactly_the_catalogue():
    from haven.catalogue import words_document

    assert (ROOT / "docs" / "theme-words.md").read_text("utf-8") == words_document(), (
        "docs/theme-words.md is out of date: python -m haven.catalogue > docs/theme-words.md")


def test_the_word_list_names_each_msgid_once():
    text = (ROOT / "docs" / "theme-words.md").read_text("utf-8")
    catalog = _catalog(POT)
    for message in catalog:
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            assert _yaml_key(key) in text


def _yaml_key(key: str) -> str:
    import json

    return json.dumps(key, ensure_ascii=False)


def test_read_po_of_the_shipped_files_gives_no_warnings(capsys):
    for code in shipped_languages()[1:]:
        read_po(io.BytesIO(po_path(code).read_bytes()), locale=locale_name(code))
    assert capsys.readouterr().err == ""


def test_known_words_are_the_keys_a_site_may_give():
    words = known_words()
    assert words["Skip to main content"] is False
    assert words["%(num)d min read"] is True  # a plural: one text, or one per CLDR plural category
    assert set(words) == {m.id if isinstance(m.id, str) else m.id[0] for m in _catalog(POT) if m.id}
