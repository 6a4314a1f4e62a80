"""The every-page rules of tests/test_build.py in a site of three languages: each page is held to
its own language's settings, and a page that breaks them in one language is caught.

The site is tests/sites/clinic with tests/data/clinic-languages laid over it: English at the
root, Spanish under /es/, Simplified Chinese under /zh/ (whose call to action is left in English).
Each test below spoils one page of a copy of the built output, as a template or a translation
gone wrong would, and asserts that the rule names that page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

try:  # pytest's default import mode puts tests/ itself on sys.path
    from test_build import (
        Built,
        _crisis,
        _cta,
        _footer,
        _lang,
        _navigation,
        build_into,
        copy_three_languages,
        failures,
        internal_target,
    )

    from helpers import awaiting_review, review_notes_and_mistakes
except ImportError:  # tests/ imported as a package
    from tests.helpers import awaiting_review, review_notes_and_mistakes  # type: ignore[no-redef]
    from tests.test_build import (  # type: ignore[no-redef]
        Built,
        _crisis,
        _cta,
        _footer,
        _lang,
        _navigation,
        build_into,
        copy_three_languages,
        failures,
        internal_target,
    )

SPANISH_CRISIS = ("¿Piensa en el suicidio o está en crisis? Llame o envíe un mensaje de texto al 988 a cualquier hora, "
                  "todos los días del año. En una emergencia, llame al 911 o acuda a la sala de emergencias más cercana.")
ENGLISH_CRISIS = "Thinking about suicide or in crisis? Call or text 988 any time. In an emergency, call 911."


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("three-languages")
    return build_into(copy_three_languages(root / "site"), root / "out")


def spoiled(built: Built, tmp_path: Path, file: str, old: str, new: str) -> Built:
    """A copy of the built site with `old` replaced by `new` in one file (which must contain it)."""
    out = tmp_path / "out"
    shutil.copytree(built.out, out)
    text = (out / file).read_text("utf-8")
    assert old in text, f"{old!r} is not in {file}"
    (out / file).write_text(text.replace(old, new), "utf-8")
    return Built(out, built.base, built.config, source=built.source)


def test_each_language_is_held_to_its_own_settings(built):
    by_lang = {settings.lang: settings for settings in built.languages}
    assert [(s.lang, s.prefix) for s in built.languages] == [("en", ""), ("es", "es/"), ("zh-Hans", "zh/")]
    assert by_lang["en"].crisis == ENGLISH_CRISIS
    assert by_lang["es"].crisis == SPANISH_CRISIS
    assert by_lang["es"].cta_link_text == "Reserve una primera conversación"
    assert ("Quiénes somos", "/about/") in by_lang["es"].navigation
    assert by_lang["es"].monday[0] == "lunes" and "周一" in by_lang["zh-Hans"].monday
    # (the Chinese call to action is left untranslated: it falls back to English)
    assert (by_lang["zh-Hans"].cta_text, by_lang["zh-Hans"].cta_link_text) == ("Ready to talk to someone?", "Book a first conversation")
    assert built.settings(built.page("es/about/index.html")).lang == "es"
    assert built.settings(built.page("zh/index.html")).lang == "zh-Hans"
    assert built.settings(built.page("404.html")).lang == "en"


@pytest.mark.parametrize("check", [_lang, _crisis, _navigation, _cta, _footer], ids=lambda c: c.__name__.strip("_"))
def test_the_three_languages_pass_every_rule(built, check):
    assert failures(built, check) == []


# (rule, file, what is there, what a mistake puts there instead, what the rule must say)
MISTAKES = {
    "spanish-page-in-english-lang": (_lang, "es/about/index.html", '<html lang="es"', '<html lang="en"', "expected 'es'"),
    "chinese-page-with-a-short-code": (_lang, "zh/index.html", '<html lang="zh-Hans"', '<html lang="zh"', "expected 'zh-Hans'"),
    "spanish-page-without-its-crisis-line": (_crisis, "es/contact/index.html", SPANISH_CRISIS,
                                             ENGLISH_CRISIS, "no crisis text in 'es'"),
    "spanish-menu-item-in-english": (_navigation, "es/blog/index.html", ">Quiénes somos<", ">About<", "'Quiénes somos'"),
    "spanish-menu-item-to-nowhere": (_navigation, "es/index.html", 'href="/es/about/"', 'href="/es/acerca/"', "/about/"),
    "spanish-call-to-action-in-english": (_cta, "es/locations/index.html", "¿Quiere hablar con alguien?",
                                          "Ready to talk to someone?", "no closing call to action text"),
    "chinese-call-to-action-link-lost": (_cta, "zh/about/index.html", ">Book a first conversation<", ">预约<",
                                         "no call to action link"),
    "spanish-footer-with-english-days": (_footer, "es/index.html", "lunes", "Monday", "no hours (with 'lunes')"),
    "spanish-footer-without-the-privacy-notice": (_footer, "es/about/index.html", 'href="/es/privacidad/"',
                                                  'href="/es/privacy/"', "no link to privacy/"),
}


@pytest.mark.parametrize("check, file, old, new, said", list(MISTAKES.values()), ids=list(MISTAKES))
def test_a_page_that_breaks_a_rule_in_its_language_is_named(built, tmp_path, check, file, old, new, said):
    found = failures(spoiled(built, tmp_path, file, old, new), check)
    assert found and all(line.startswith(f"{file}: ") for line in found), found
    assert any(said in line for line in found), found


REVIEWED = {"translations/zh-Hans.yaml", "content/pages/privacy.es.md", "content/articles/managing-anxiety.zh-Hans.md"}


def test_translations_awaiting_review_are_notes_one_per_file(built):
    assert awaiting_review(built.source) == REVIEWED
    notes, mistakes = review_notes_and_mistakes(built.stderr.splitlines())
    assert (notes, mistakes) == (REVIEWED, []), built.stderr


def test_a_review_note_that_is_missing_or_counted_as_a_mistake_is_caught(built):
    lines = built.stderr.splitlines()
    note = next(line for line in lines if line.startswith("content/pages/privacy.es.md:"))
    notes, _ = review_notes_and_mistakes([line for line in lines if line != note])
    assert notes == REVIEWED - {"content/pages/privacy.es.md"}
    as_error = [line.replace(": note: ", ": error: ") if line == note else line for line in lines] + ["1 error, 4 warnings."]
    notes, mistakes = review_notes_and_mistakes(as_error)
    assert mistakes == [note.replace(": note: ", ": error: "), "1 error, 4 warnings."]


# --- the one 404 page, in every language ---------------------------------------------------

def test_the_one_404_page_offers_its_help_in_every_language(built):
    from haven.catalogue import theme_words

    assert not [p for p in built.out.rglob("404.html") if p.parent != built.out], "one 404.html for the whole site"
    page = built.page("404.html")
    assert page.dom.find("html").attrs["lang"] == "en" and len(page.dom.find_all("h1")) == 1
    for settings in built.languages[1:]:
        sections = [s for s in page.main.find_all("section") if s.attrs.get("lang") == settings.lang]
        assert len(sections) == 1, f"no section of its own for {settings.lang}"
        section = sections[0]
        heading = theme_words(settings.lang).gettext("We can't find that page")
        assert heading != "We can't find that page" and section.find("h2").text() == heading
        assert " ".join(settings.crisis.split()) in section.text()
        hrefs = page.hrefs(section)
        assert built.href(settings.prefix) in hrefs and built.href(settings.prefix + "contact/") in hrefs
        assert all(internal_target(built, href)[0] for href in hrefs), hrefs


def test_a_404_page_without_a_language_of_the_site_is_caught(built, tmp_path):
    spoilt = spoiled(built, tmp_path, "404.html", 'lang="zh-Hans"', 'lang="zh"')
    with pytest.raises(AssertionError, match="no section of its own for zh-Hans"):
        test_the_one_404_page_offers_its_help_in_every_language(spoilt)


# --- text left untranslated says it is English ----------------------------------------------

def own_lang(node) -> str | None:
    """The language a node's text is in: its own `lang`, else its nearest ancestor's."""
    for each in (node, *node.ancestors()):
        if "lang" in each.attrs:
            return each.attrs["lang"]
    return None


FALLBACKS = ("Ready to talk to someone?", "Book a first conversation",
             "Call or write to book a first conversation. We usually reply within one working day.")


def _fallbacks_in_english(built: Built, page):
    """Every element whose own text is an untranslated setting (see FALLBACKS) is in lang="en";
    the page's own words are not."""
    problems = []
    for node in page.dom.iter():
        text = " ".join("".join(c for c in node.children if isinstance(c, str)).split())
        if text in FALLBACKS and own_lang(node) != "en":
            problems.append(f"{text!r} in lang {own_lang(node)!r}")
    if page.rel.startswith("zh/") and own_lang(page.main) != "zh-Hans":
        problems.append("the page's own text is not in zh-Hans")
    return problems


def test_text_left_untranslated_carries_lang_en(built):
    zh = [page for page in built.content_pages() if page.rel.startswith("zh/")]
    shown = {text for page in zh for node in page.dom.iter() for text in FALLBACKS
             if text == " ".join("".join(c for c in node.children if isinstance(c, str)).split())}
    assert shown == set(FALLBACKS), "the fixture's Chinese pages show each untranslated text"
    assert failures(built, _fallbacks_in_english) == []
    contact = built.page("zh/contact/index.html").main.find("div", **{"class": "lead"})
    assert contact.find_all("div")[1].attrs == {"lang": "en"}  # (Markdown: its paragraphs inside a <div lang="en">)
    es = built.page("es/index.html").raw
    assert ' lang="en"' not in es.replace('lang="en" hreflang="en">English<', "")  # (Spanish has them all)


@pytest.mark.parametrize("file, old, new", [
    ("zh/about/index.html", '<h2 id="cta-title" lang="en">', '<h2 id="cta-title">'),
    ("zh/contact/index.html", '<div lang="en"><p>Call or write', "<div><p>Call or write"),
], ids=["heading", "markdown"])
def test_untranslated_text_without_its_lang_is_caught(built, tmp_path, file, old, new):
    found = failures(spoiled(built, tmp_path, file, old, new), _fallbacks_in_english)
    assert found and all(line.startswith(f"{file}: ") and "in lang 'zh-Hans'" in line for line in found), found


# --- a clinician or service translated under a slug of its own --------------------------------

def test_a_translated_service_at_an_address_of_its_own_lists_its_original_as_alternate(tmp_path):
    source = copy_three_languages(tmp_path / "site")
    for rel, text in {
        "content/services/therapy.md": "---\ntitle: Therapy\nsummary: Talking with someone trained to help.\n---\nWeekly.\n",
        "content/services/therapy.es.md": "---\ntitle: Terapia\nsummary: Hablar con alguien.\nslug: terapia\n---\nSemanal.\n",
        "content/clinicians/ana-ruiz.md": "---\nname: Ana Ruiz\nrole: Psychotherapist\nlocations: [riverside]\n---\nAna.\n",
        "content/clinicians/ana-ruiz.es.md": "---\nrole: Psicoterapeuta\n---\nAna ayuda.\n",
    }.items():
        (source / rel).parent.mkdir(parents=True, exist_ok=True)
        (source / rel).write_text(text, "utf-8")
    site = build_into(source, tmp_path / "out")
    for english, spanish in (("services/therapy/", "es/services/terapia/"), ("team/ana-ruiz/", "es/team/ana-ruiz/")):
        wanted = {("en", site.url(english)), ("es", site.url(spanish)), ("x-default", site.url(english))}
        for path in (english, spanish):
            page = site.url_page(path)
            assert {(link.attrs["hreflang"], link.attrs["href"]) for link in page.links("alternate")
                    if "hreflang" in link.attrs} == wanted, path
