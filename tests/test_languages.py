"""A site in several languages: English (the default), Spanish, and French, a language the theme
ships no words for (the site gives them under `strings:`).

Each test builds a small fixture site with the command line in this process and looks at what a
visitor or a search engine would: the built pages, the feed and sitemap, and the messages."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from helpers import MINIMAL_CONFIG, TODAY, environment, write_site
from helpers import build_in_process as build

LANGUAGES = """\
  languages:
    - {code: es, name: Español}
    - {code: fr, name: Français}
"""
CONFIG = MINIMAL_CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n" + LANGUAGES)

ES = """\
site:
  description: Terapia para adultos en Springfield.
crisis:
  {text: "¿En crisis? Llame o envíe un mensaje al 988. En una emergencia, llame al 911.", text_message: AYUDA}
locations:
  downtown: {name: Centro}
closures:
  2026-12-25: Navidad
strings:
  Home: Inicio
  Skip to main content: Saltar al contenido principal
"""

FR = """\
needs_review: true
crisis:
  text: En crise ? Appelez ou écrivez au 988. En cas d'urgence, appelez le 911.
strings:
  Home: <b>Accueil</b>
  Skip to main content: Aller au contenu principal
"""


def _article(title: str, date: str = "", extra: str = "", body: str = "Some text.") -> str:
    dated = f"date: {date}\n" if date else ""
    return f"---\ntitle: {title}\n{dated}summary: {title}.\n{extra}---\n{body}\n"


FILES = {
    "site_config.yaml": CONFIG,
    "translations/es.yaml": ES,
    "translations/fr.yaml": FR,
    "content/articles/hello.md": _article("Hello", "2026-01-05", "tags: [Anxiety, Sleep]\ncategory: Tips\n",
                                          "See [about](/about/), [second](/blog/second/) and [contact](/contact/)."),
    "content/articles/hello.es.md": _article("Hola", extra="tags: [Ansiedad, Sueño]\ncategory: Consejos\n",
                                             body="Ver [about](/about/), [second](/blog/second/) y [contacto](/contact/)."),
    "content/articles/hello.fr.md": _article("Bonjour", extra="slug: bonjour\nneeds_review: true\n"),
    "content/articles/second.md": _article("Second", "2026-01-06"),
    "content/pages/about.md": "---\ntitle: About\nsummary: About us.\n---\nAbout text.\n",
    "content/pages/privacy.md": "---\ntitle: Privacy\nsummary: Privacy.\n---\nPrivacy text.\n",
    "content/pages/privacy.es.md": "---\ntitle: Privacidad\nsummary: Privacidad.\n---\nTexto.\n",
    "content/checklists/progress.yaml": (
        "title: Progress?\nitems:\n  - {text: I feel stuck., topic: stuck}\ntopics:\n  stuck: {title: Stuck, advice: Talk.}\n"
        "results:\n  - {min: 0, max: 1, text: Fine.}\n"),
    "content/checklists/progress.es.yaml": "title: ¿Progreso?\nitems:\n  - {text: Me siento atascado., topic: stuck}\nneeds_review: true\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    source = write_site(tmp_path_factory.mktemp("langs") / "site", FILES)
    code, printed = build(source)
    assert code == 0, printed
    return source / "output", printed


def pages(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): p.read_text("utf-8") for p in sorted(output.rglob("*.html"))}


def attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def alternates(text: str) -> dict[str, str]:
    return {attr(tag, "hreflang"): attr(tag, "href")
            for tag in re.findall(r'<link rel="alternate" hreflang="[^"]*" href="[^"]*">', text)}


def file_of(url: str) -> str:
    path = url.removeprefix("https://counseling.test/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def test_every_page_has_its_language(built):
    output, _ = built
    found = pages(output)
    assert "es/index.html" in found and "fr/blog/bonjour/index.html" in found and "es/privacidad/index.html" not in found
    for file, text in found.items():
        if 'http-equiv="refresh"' in text:
            continue
        lang = re.search(r'<html lang="([^"]+)"', text).group(1)
        expected = {"es": "es", "fr": "fr"}.get(file.split("/")[0], "en")
        assert lang == expected, file


def test_a_link_preview_names_the_pages_locale_as_open_graph_writes_it(built):
    """og:locale is language_TERRITORY: the clinic's country where the language's tag names no
    region (the fixture's offices are in the US by default)."""
    output, _ = built
    found = pages(output)
    for file, expected in (("index.html", "en_US"), ("es/index.html", "es_US"), ("fr/blog/bonjour/index.html", "fr_US")):
        assert re.findall(r'<meta property="og:locale" content="([^"]*)">', found[file]) == [expected], file


@pytest.mark.parametrize(("code", "country", "expected"), [
    ("en", "US", "en_US"), ("es", "us", "es_US"), ("pt-BR", "US", "pt_BR"), ("zh-Hans", "US", "zh_CN"),
    ("zh-Hant", "US", "zh_TW"), ("zh-Hant-HK", "US", "zh_HK"), ("sr-Latn-RS", "US", "sr_RS"), ("fr", "CA", "fr_CA")])
def test_open_graph_locale_of_a_language_tag(code, country, expected):
    from haven.languages import og_locale

    assert og_locale(code, country) == expected


def assert_reciprocal_alternates(found: dict[str, str]) -> None:
    """Every page lists its versions, itself and the default language's (x-default) included, each
    an address of the site (none empty), and every version lists the same set."""
    for file, text in found.items():
        assert not re.search(r'<link rel="alternate" hreflang="[^"]*" href="\s*"', text), file
        links = alternates(text)
        if not links:
            assert file == "404.html" or 'http-equiv="refresh"' in found[file], file
            continue
        assert "x-default" in links, file
        own = "https://counseling.test/" + file.removesuffix("index.html")
        assert own in links.values(), file  # itself included
        for code, url in links.items():
            target = file_of(url)
            assert target in found, (file, code, url)
            assert alternates(found[target]) == links, (file, target)  # the same set on every version


def test_hreflang_sets_are_complete_reciprocal_and_lead_to_pages(built):
    output, _ = built
    found = pages(output)
    assert_reciprocal_alternates(found)
    hello = alternates(found["blog/hello/index.html"])
    assert hello == {"en": "https://counseling.test/blog/hello/", "es": "https://counseling.test/es/blog/hello/",
                     "fr": "https://counseling.test/fr/blog/bonjour/", "x-default": "https://counseling.test/blog/hello/"}
    assert set(alternates(found["about/index.html"])) == {"en", "x-default"}


NOTICES = "notices:\n  good_faith_estimate: true\n  accessibility: true\n"
OWN_ESTIMATE = "---\ntitle: Our Good Faith Estimate\nsummary: Our own wording.\n---\nAsk us for an estimate.\n"
OWN_ESTIMATE_FR = "---\ntitle: Notre estimation\nslug: estimation\nsummary: Nos mots.\n---\nDemandez-nous.\n"


def test_a_notice_the_site_writes_is_that_notice_in_every_language(tmp_path):
    """The site's own good-faith-estimate.md replaces the theme's notice; its French translation
    (at an address of its own) replaces it in French, and Spanish, without a translation, shows the
    theme's Spanish notice as that page's Spanish version: linked both ways, never href=""."""
    source = write_site(tmp_path / "site", {**FILES, "site_config.yaml": CONFIG + NOTICES,
                                            "content/pages/good-faith-estimate.md": OWN_ESTIMATE,
                                            "content/pages/good-faith-estimate.fr.md": OWN_ESTIMATE_FR})
    code, printed = build(source)
    assert code == 0, printed
    found = pages(source / "output")
    assert_reciprocal_alternates(found)
    assert alternates(found["good-faith-estimate/index.html"]) == {
        "en": "https://counseling.test/good-faith-estimate/", "es": "https://counseling.test/es/good-faith-estimate/",
        "fr": "https://counseling.test/fr/estimation/", "x-default": "https://counseling.test/good-faith-estimate/"}
    assert "Ask us for an estimate" in found["good-faith-estimate/index.html"]
    assert "Su derecho a un Estimado de Buena Fe" in found["es/good-faith-estimate/index.html"]  # the theme's words in Spanish
    assert "fr/good-faith-estimate/index.html" not in found  # its translation is the French notice
    assert switcher(found["es/good-faith-estimate/index.html"])[0] == ("en", "/good-faith-estimate/", "English", False)
    assert '<a href="/fr/estimation/">Notre estimation</a>' in found["fr/index.html"]  # the footer's notice link
    assert "accessibility/index.html" in found and "fr/accessibility/index.html" in found  # (theme notices stay)
    sitemap = (source / "output/sitemap.xml").read_text()
    row = re.search(r"<url><loc>https://counseling.test/es/good-faith-estimate/</loc>.*?</url>", sitemap).group(0)
    assert 'hreflang="x-default" href="https://counseling.test/good-faith-estimate/"' in row


def test_an_alternate_link_with_an_empty_address_is_refused(tmp_path):
    template = ('{% extends "base.html" %}\n{% block head %}\n<link rel="alternate" hreflang="x-default" href="">\n'
                '{% endblock %}\n{% block content %}{{ doc.html | localized }}{% endblock %}\n')
    source = write_site(tmp_path / "site", {**FILES, "templates/page.html": template})
    code, printed = build(source, "--output", str(tmp_path / "out"))
    assert code == 1
    assert ('templates/page.html:3: error: has <link rel="alternate" hreflang="x-default"> with an empty href; write it '
            "only for a language the page exists in ({% if page.x_default %} around the x-default one), or remove it"
            ) in printed.splitlines(), printed


def test_a_translation_with_fewer_tags_than_its_original_is_warned_at_its_tags_line(tmp_path):
    # Tags are matched by position: with one of two, 'Ansiedad' is not known to be 'Anxiety', and
    # /es/tags/ansiedad/ is a page of its own, with no English version to link to.
    hola = FILES["content/articles/hello.es.md"].replace("tags: [Ansiedad, Sueño]", "tags: [Ansiedad]")
    source = write_site(tmp_path / "site", {**FILES, "content/articles/hello.es.md": hola})
    code, printed = build(source)
    assert code == 0, printed
    line = hola[:hola.index("tags:")].count("\n") + 1
    assert (f"content/articles/hello.es.md:{line}: warning: has 1 tag and its original content/articles/hello.md has 2; "
            "a translation's tags take the addresses of the original's by their order, so these get pages of their own "
            "that link to no other language's; list one for each of the original's, in the same order") in printed
    assert (source / "output/es/tags/ansiedad/index.html").is_file()


def test_an_old_address_of_a_translation_redirects_in_its_language(tmp_path):
    """Its redirect page (where a visitor whose browser blocks the refresh stays) is in Spanish,
    wherever the old address is, with the Spanish crisis line and the site's stylesheet."""
    hola = FILES["content/articles/hello.es.md"].replace("---\nVer", "aliases: [/viejo/hola/]\n---\nVer")
    source = write_site(tmp_path / "site", {**FILES, "content/articles/hello.es.md": hola})
    code, printed = build(source)
    assert code == 0, printed
    text = (source / "output/viejo/hola/index.html").read_text("utf-8")
    assert '<html lang="es">' in text and "<title>Se movió: Hola</title>" in text
    assert '<meta http-equiv="refresh" content="0; url=/es/blog/hello/">' in text
    assert '<h1>Esta página se movió</h1>' in text and '<p>Ahora está en <a href="/es/blog/hello/">Hola</a>.</p>' in text
    assert "¿En crisis? Llame o envíe un mensaje al 988." in text and 'href="tel:988"' in text
    assert re.search(r'<link rel="stylesheet" href="/assets/style\.[0-9a-f]+\.css">', text)
    assert '<meta name="robots" content="noindex">' in text


def switcher(text: str) -> list[tuple[str, str, str, bool]]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', text, re.S).group(0)
    return [(attr(a, "lang"), attr(a, "href"), re.search(r">([^<]*)</a>", a).group(1), "aria-current" in a)
            for a in re.findall(r"<a [^>]*>[^<]*</a>", nav)]


def test_the_switcher_leads_to_the_same_page_or_the_language_home(built):
    output, _ = built
    found = pages(output)
    assert switcher(found["es/blog/hello/index.html"]) == [
        ("en", "/blog/hello/", "English", False), ("es", "/es/blog/hello/", "Español", True),
        ("fr", "/fr/blog/bonjour/", "Français", False)]
    # the page exists in English only: the others' home pages
    assert switcher(found["about/index.html"]) == [
        ("en", "/about/", "English", True), ("es", "/es/", "Español", False), ("fr", "/fr/", "Français", False)]
    assert switcher(found["es/privacy/index.html"])[0][1] == "/privacy/"


def test_listings_feeds_and_taxonomies_keep_to_their_language(built):
    output, _ = built
    found = pages(output)
    es_blog = found["es/blog/index.html"]
    assert "Hola" in es_blog and "Second" not in es_blog and "Hello" not in es_blog
    assert "Bonjour" in found["fr/blog/index.html"] and "Hola" not in found["fr/blog/index.html"]
    assert "Hola" not in found["blog/index.html"]
    # a translated tag keeps its original's address, shown with its own name
    assert "Ansiedad" in found["es/tags/anxiety/index.html"] and "Hello" not in found["es/tags/anxiety/index.html"]
    assert "es/blog/category/tips/index.html" in found
    feed = (output / "es/feed.xml").read_text()
    assert 'xml:lang="es"' in feed and "Hola" in feed and "Second" not in feed
    assert 'href="https://counseling.test/es/feed.xml"' in feed
    assert "Hola" not in (output / "feed.xml").read_text()
    assert 'href="/es/feed.xml"' in found["es/index.html"]
    assert not (output / "es/404.html").exists() and (output / "404.html").exists()
    assert (output / "robots.txt").exists() and not (output / "es/robots.txt").exists()


def test_a_language_without_articles_has_no_blog_list_or_feed(tmp_path):
    """As with the team and services: no empty /fr/blog/ or /fr/feed.xml (nor in the sitemap); its
    pages' links to the blog and the feed lead to the default language's, marked as such."""
    without = {path: text for path, text in FILES.items() if path != "content/articles/hello.fr.md"}
    source = write_site(tmp_path / "site", without)
    code, printed = build(source)
    assert code == 0, printed
    output = source / "output"
    assert not (output / "fr/blog").exists() and not (output / "fr/feed.xml").exists()
    assert (output / "es/blog/index.html").is_file() and (output / "es/feed.xml").is_file()
    sitemap = (output / "sitemap.xml").read_text()
    assert "https://counseling.test/fr/blog/" not in sitemap and "<loc>https://counseling.test/es/blog/</loc>" in sitemap
    home = (output / "fr/index.html").read_text()
    assert '<a href="/blog/" hreflang="en"' in home and 'href="/fr/blog/"' not in home
    assert 'type="application/atom+xml"' in home and 'href="/fr/feed.xml"' not in home
    assert '<link rel="alternate" hreflang="fr"' not in (output / "blog/index.html").read_text()


def test_a_language_without_articles_links_the_default_languages_feed_as_in_that_language(tmp_path):
    """Its pages' heads offer the English feed (a feed reader finds one), saying it is in English:
    hreflang, and a title naming the language in the title's own words."""
    without = {path: text for path, text in FILES.items() if not re.search(r"articles/.*\.(es|fr)\.md$", path)}
    source = write_site(tmp_path / "site", without)
    code, printed = build(source)
    assert code == 0, printed
    output = source / "output"
    feeds = {page: re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', (output / page).read_text())
             for page in ("index.html", "es/index.html", "es/contact/index.html", "fr/index.html")}
    assert feeds == {
        "index.html": ['<link rel="alternate" type="application/atom+xml" title="Quiet Harbor Counseling: articles" '
                       'href="/feed.xml">'],
        "es/index.html": ['<link rel="alternate" type="application/atom+xml" title="Quiet Harbor Counseling: artículos '
                          'en inglés" href="/feed.xml" hreflang="en">'],
        "es/contact/index.html": ['<link rel="alternate" type="application/atom+xml" title="Quiet Harbor Counseling: '
                                  'artículos en inglés" href="/feed.xml" hreflang="en">'],
        # (the theme has no French words: the title is in English, naming English in English)
        "fr/index.html": ['<link rel="alternate" type="application/atom+xml" title="Quiet Harbor Counseling: articles '
                          'in English" href="/feed.xml" hreflang="en">'],
    }


def test_one_sitemap_with_alternates(built):
    output, _ = built
    sitemap = (output / "sitemap.xml").read_text()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    row = re.search(r"<url><loc>https://counseling.test/es/blog/hello/</loc>.*?</url>", sitemap).group(0)
    assert 'hreflang="en" href="https://counseling.test/blog/hello/"' in row
    assert 'hreflang="fr" href="https://counseling.test/fr/blog/bonjour/"' in row
    assert 'hreflang="x-default" href="https://counseling.test/blog/hello/"' in row
    assert "<loc>https://counseling.test/fr/</loc>" in sitemap


def test_translated_pages_link_within_their_language_and_mark_the_rest(built):
    output, _ = built
    text = pages(output)["es/blog/hello/index.html"]
    assert '<a href="/es/contact/">contacto</a>' in text  # a page that exists in Spanish
    assert '<a href="/about/" hreflang="en">about</a>' in text  # English only: allowed, marked
    assert '<a href="/blog/second/" hreflang="en">second</a>' in text
    assert 'href="/es/tags/anxiety/"' in text


def test_settings_and_words_in_each_language(built):
    output, _ = built
    found = pages(output)
    es = found["es/locations/index.html"]
    assert "¿En crisis? Llame" in es and "Centro" in es and ">Inicio</a>" in es  # 'Home' from strings:
    # 988 answers a text starting with AYUDA in Spanish: the Spanish 'Text' button starts the message with it
    assert 'href="sms:988?body=AYUDA"' in es
    assert 'href="sms:988"' in found["locations/index.html"] and "AYUDA" not in found["locations/index.html"]
    assert "Navidad" in es or "Navidad" in found["es/locations/downtown/index.html"]
    assert 'content="Terapia para adultos en Springfield."' in found["es/index.html"]
    fr = found["fr/index.html"]
    assert "En crise ? Appelez" in fr
    assert "&lt;b&gt;Accueil&lt;/b&gt;" in fr and "<b>Accueil</b>" not in fr  # an editor's words are text, not HTML
    assert 'hreflang="en"' not in found["es/contact/index.html"].split('class="language-switcher"')[0].split("<body>")[1]


def test_json_ld_says_the_language(built):
    output, _ = built
    text = pages(output)["es/blog/hello/index.html"]
    assert '"inLanguage": "es"' in text or '"inLanguage":"es"' in text


def test_translation_fallbacks_reviews_and_strict(built, tmp_path):
    _, printed = built
    # French leaves the description, the location and the closure untranslated: one warning, with the count;
    # and its strings give a few of the theme's words, none of which it ships in French: one more, with theirs
    french = [line for line in printed.splitlines() if line.startswith("translations/fr.yaml") and "warning:" in line]
    assert len(french) == 2
    assert "3 texts of site_config.yaml have no translation into 'fr'" in french[0]
    assert re.search(r"'strings:' gives \d+ of the theme's \d+ words in 'fr'; the other \d+ \(.*\) show in English until "
                     r"you translate them here \(docs/theme-words.md lists them all\)$", french[1]), french[1]
    assert not [line for line in printed.splitlines() if line.startswith("translations/es.yaml")]
    assert "content/articles/hello.fr.md:5: note: awaits review by a qualified translator" in printed
    assert "translations/fr.yaml:1: note: awaits review" in printed
    assert "content/checklists/progress.es.yaml:4: note: awaits review" in printed  # the line of the key
    source = write_site(tmp_path / "site", FILES)
    code, strict = build(source, "--strict")
    assert code == 1 and "translations/fr.yaml: warning: 3 texts" in strict


def test_closures_sharing_a_date_are_warned_of_at_the_second_since_translations_name_them_by_date(tmp_path):
    """The contract keys a closure's translation by its date: two labels on one date get one translation."""
    config = CONFIG.replace("    label: Christmas Day\n", "    label: Christmas Day\n  - date: 2026-12-25\n"
                                                         "    label: Staff party\n    locations: [downtown]\n", 1)
    source = write_site(tmp_path / "site", {**FILES, "site_config.yaml": config})
    code, printed = build(source)
    assert code == 0, printed
    line = config.splitlines().index("  - date: 2026-12-25", config.splitlines().index("    label: Christmas Day")) + 1
    assert (f"site_config.yaml:{line}: warning: closures[2] ('Staff party') is on 2026-12-25 like closures[1] "
            f"('Christmas Day', line {line - 2}); translations name closures by date (closures: {{2026-12-25: ...}}), "
            "so a translation of that date shows for both; give both closures one label that fits both") in printed
    one_label = config.replace("label: Staff party", "label: Christmas Day")
    code, printed = build(write_site(tmp_path / "same", {**FILES, "site_config.yaml": one_label}))
    assert code == 0 and "closures[2]" not in printed, printed


def test_a_site_without_languages_has_no_switcher_or_alternates(tmp_path):
    source = write_site(tmp_path / "site", {"content/articles/hello.md": _article("Hello", "2026-01-05")})
    code, printed = build(source)
    assert code == 0, printed
    text = (source / "output/blog/hello/index.html").read_text()
    assert "hreflang" not in text and "language-switcher" not in text
    assert "xhtml" not in (source / "output/sitemap.xml").read_text()


MISTAKES = {
    "unlisted-language": ({"content/articles/hello.de.md": _article("Hallo")},
                          "content/articles/hello.de.md: error: is a translation into 'de', a language that site.languages"),
    "no-original": ({"content/articles/gone.es.md": _article("Ido")},
                    "content/articles/gone.es.md: error: translates content/articles/gone.md, which does not exist"),
    "listed-twice": ({"site_config.yaml": CONFIG.replace("    - {code: fr, name: Français}\n",
                                                         "    - {code: fr, name: Français}\n    - {code: es, name: Otra}\n")},
                     "site_config.yaml:10: error: language 'es' is listed twice in 'languages' (first on line 8)"),
    "default-again": ({"site_config.yaml": CONFIG.replace("{code: fr, name: Français}", "{code: en, name: English}")},
                      "site_config.yaml:9: error: 'en' is the default language"),
    # (the site's own pages are there: the language's home page would be where the blog's is)
    "path-of-the-sites-own": ({"site_config.yaml": CONFIG.replace("{code: fr, name: Français}", "{code: fr, name: Français, path: blog}")},
                              "site_config.yaml:9: error: language 'fr' would be served under /blog/, where the site has "
                              "pages of its own; give it another 'path:' (its code, fr, is the usual one)"),
    "bad-code": ({"site_config.yaml": CONFIG.replace("{code: fr,", "{code: french language,")},
                 "site_config.yaml:9: error: 'site.languages[2].code' must be a language code"),
    "not-text": ({"translations/es.yaml": ES + "hours:\n  monday: closed\n"},
                 "translations/es.yaml:12: error: 'hours' cannot be translated: only text can"),
    "unknown-key": ({"translations/es.yaml": ES + "sitio: {}\n"}, "translations/es.yaml:12: error: unknown key 'sitio'"),
    "misspelt-key": ({"translations/es.yaml": ES.replace("crisis:", "crisis_:")},
                     "translations/es.yaml:3: error: unknown key 'crisis_'; did you mean 'crisis'?"),
    "street": ({"translations/es.yaml": ES.replace("{name: Centro}", "{name: Centro, street: Calle 1}")},
               "translations/es.yaml:6: error: 'locations.downtown.street' cannot be translated"),
    "unknown-location": ({"translations/es.yaml": ES.replace("  downtown: {name: Centro}", "  uptown: {name: Norte}")},
                         "translations/es.yaml:6: error: 'locations' has no entry with the id 'uptown'"),
    "unknown-closure": ({"translations/es.yaml": ES.replace("2026-12-25", "2026-12-26")},
                        "translations/es.yaml:8: error: 'closures' has no entry with the date '2026-12-26'"),
    "unknown-navigation": ({"translations/es.yaml": ES + "navigation:\n  /nope/: Nada\n"},
                           "translations/es.yaml:13: error: 'navigation' has no entry with the address '/nope/' in "
                           "site_config.yaml (addresses: none); use one of those"),
    "list-as-text": ({"translations/es.yaml": ES + "crisis:\n  text: [a, b]\n"}, "translations/es.yaml"),
    "strings-not-text": ({"translations/es.yaml": ES.replace("  Home: Inicio", "  Home: [Inicio]")},
                         "translations/es.yaml:10: error: 'strings.Home' must be text"),
    "strings-placeholder-left-out": ({"translations/es.yaml": ES + '  "%(date)s: %(closure)s, closed": cerrado\n'},
                                     'translations/es.yaml:12: error: the translation of "%(date)s: %(closure)s, closed" '
                                     "leaves out %(date)s and %(closure)s, which the page fills in (visitors would see the "
                                     "sentence without them); keep the English words' placeholders (%(date)s and "
                                     "%(closure)s) as they are, untranslated, where they belong in your sentence"),
    "strings-placeholder-renamed": ({"translations/es.yaml": ES + '  "%(num)d min read": {one: "%(num)d minuto", '
                                                                  'other: "%(numero)d minutos"}\n'},
                                    'translations/es.yaml:12: error: the \'other\' form of "%(num)d min read" leaves out '
                                    "%(num)d, which the page fills in (visitors would see the sentence without it) and has "
                                    "%(numero)d, which the English words do not have (the page has nothing to put there)"),
    "strings-browser-placeholder": ({"translations/es.yaml": ES + '  "Closed today: {label}": "Cerrado hoy"\n'},
                                    'translations/es.yaml:12: error: the translation of "Closed today: {label}" leaves '
                                    "out {label}"),
    "strings-percent-sign": ({"translations/es.yaml": ES.replace("Home: Inicio", "Home: 100% Inicio")},
                             'translations/es.yaml:10: error: the translation of "Home" has a % sign that is not a '
                             "placeholder like %(date)s, and the page would fail to fill it in; write a percent sign as %%"),
}


def test_a_language_code_cldr_does_not_know_is_the_one_error_said(tmp_path):
    # 'vn' (Vietnam's country code) was taken: pages said lang="vn" and named days in English.
    # And its translations, beside their originals, are not then read as articles of their own
    # ('content/articles/hello.vn.md: required key date is missing').
    config = CONFIG.replace("{code: fr, name: Français}", "{code: vn, name: Tiếng Việt}")
    files = {**FILES, "site_config.yaml": config, "content/articles/hello.vn.md": _article("Xin chào")}
    code, printed = build(write_site(tmp_path / "site", files), "--output", str(tmp_path / "out"))
    assert code == 1
    errors = [line for line in printed.splitlines() if ": error: " in line]
    assert errors == ["site_config.yaml:9: error: 'vn' is not a language code known to the CLDR; write codes like en, "
                      "es, vi, zh-Hans (a language's code, not its country's: vi, not vn)"], printed


def test_the_default_language_is_written_with_its_usual_code(tmp_path):
    config = CONFIG.replace("  language: en\n", "  language: eng\n")
    code, printed = build(write_site(tmp_path / "site", {**FILES, "site_config.yaml": config}), "--output", str(tmp_path / "out"))
    assert code == 1
    assert ("site_config.yaml:4: error: 'eng' is another way of writing the language code 'en'; write en, the code "
            "every page uses") in printed, printed


@pytest.mark.parametrize("changes, expected", list(MISTAKES.values()), ids=list(MISTAKES))
def test_each_mistake_is_an_error_with_its_file_and_line(tmp_path, changes, expected):
    source = write_site(tmp_path / "site", {**FILES, **changes})
    code, printed = build(source, "--output", str(tmp_path / "out"))
    assert code == 1
    assert expected in printed, printed
    assert "is a translation into 'es'" not in printed  # (not said of listed languages, even when the config is broken)


@pytest.mark.parametrize("changes", [
    {"translations/es.yaml": ES.replace("  downtown: {name: Centro}", "  down-town: {name: Centro}")},
    {"translations/es.yaml": ES.replace("2026-12-25", "2026-12-26")},
    {"translations/es.yaml": ES.replace("crisis:", "crisis_:")},
], ids=["location", "closure", "section"])
def test_an_entry_named_wrongly_is_its_error_alone_not_also_an_untranslated_text(tmp_path, changes):
    # Its text is there, under a name the config does not have: saying it is untranslated would mislead.
    source = write_site(tmp_path / "site", {**FILES, **changes})
    code, printed = build(source, "--output", str(tmp_path / "out"))
    assert code == 1
    assert [line for line in printed.splitlines() if line.startswith("translations/es.yaml")] == [
        line for line in printed.splitlines() if line.startswith("translations/es.yaml") and ": error: " in line], printed


# --- a rebuild into the same folder is byte for byte a cold build -----------------------------

def _build_into(source: Path, output: Path, cache: Path, jobs: str) -> dict[str, bytes]:
    from haven.cli import main

    printed = io.StringIO()
    with environment(HAVEN_CACHE=str(cache), HAVEN_JOBS=jobs), contextlib.redirect_stderr(printed), \
            contextlib.redirect_stdout(printed):
        code = main(["build", "--source", str(source), "--output", str(output), "--today", TODAY.isoformat()])
    assert code == 0, printed.getvalue()
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


CHANGES = {
    "settings-translated": lambda s: _edit(s / "translations/es.yaml", "Centro", "Centro de la ciudad"),
    "theme-word-overridden": lambda s: _edit(s / "translations/fr.yaml", "Aller au contenu principal", "Au contenu"),
    "translation-added": lambda s: (s / "content/pages/about.es.md").write_text(
        "---\ntitle: Acerca de\nsummary: Quiénes somos.\n---\nTexto.\n", "utf-8"),
    "translation-removed": lambda s: (s / "content/articles/hello.fr.md").unlink(),
    "original-redated": lambda s: _edit(s / "content/articles/hello.md", "date: 2026-01-05", "date: 2026-01-07"),
    "original-retagged": lambda s: _edit(s / "content/articles/hello.md", "tags: [Anxiety, Sleep]", "tags: [Anxiety, Rest]"),
    "language-added": lambda s: _edit(s / "site_config.yaml", "    - {code: fr, name: Français}\n",
                                      "    - {code: fr, name: Français}\n    - {code: de, name: Deutsch}\n"),
}


@pytest.mark.parametrize("change", list(CHANGES.values()), ids=list(CHANGES))
def test_rebuilds_after_an_edit_are_the_same_as_cold_builds(tmp_path, change):
    source = write_site(tmp_path / "site", FILES)
    _build_into(source, tmp_path / "out", tmp_path / "cache", "1")
    change(source)
    warm = _build_into(source, tmp_path / "out", tmp_path / "cache", "1")
    cold = _build_into(source, tmp_path / "cold", tmp_path / "empty-cache", "1")
    assert sorted(warm) == sorted(cold)
    assert [name for name in cold if warm[name] != cold[name]] == []


def test_a_strings_key_that_is_no_theme_word_is_a_warning_at_its_line(tmp_path):
    words = ES + "  Skip to main contnet: Saltar\n  2026-12-24: Nochebuena\n  Call us today: Llámenos hoy\n"
    own_template = ('{% extends "theme/base.html" %}\n{% block footer %}<p>{{ _("Call us today") }}</p>'
                    "{{ super() }}{% endblock %}\n")
    source = write_site(tmp_path / "site", {**FILES, "translations/es.yaml": words, "templates/base.html": own_template})
    code, printed = build(source)
    assert code == 0, printed
    assert ('translations/es.yaml:12: warning: \'strings\' has "Skip to main contnet", which is not one of the theme\'s '
            "words (docs/theme-words.md lists them) nor a word of the site's own templates, so it changes nothing; "
            'did you mean "Skip to main content"?') in printed
    assert ("translations/es.yaml:13: warning: 'strings' has the date 2026-12-24, which is not one of the theme's words, "
            "so it changes nothing; a closure's translation goes under 'closures:' (closures: {2026-12-24: ...})") in printed
    assert "Call us today" not in printed  # (a word of the site's own template)
    assert "<p>Llámenos hoy</p>" in (source / "output/es/index.html").read_text("utf-8")


def test_a_plural_word_may_be_given_per_plural_category(tmp_path):
    from haven.translations import SiteWords

    words = SiteWords("fr", __import__("gettext").NullTranslations(),
                      {"%(num)d min read": {"one": "%(num)d minute", "other": "%(num)d minutes"}, "Home": "<Accueil>"})
    assert words.ngettext("%(num)d min read", "%(num)d mins read", 1) == "%(num)d minute"
    assert words.ngettext("%(num)d min read", "%(num)d mins read", 5) == "%(num)d minutes"
    assert words.gettext("Home") == "&lt;Accueil&gt;" and words.text("Home") == "<Accueil>"
    assert words.gettext("Blog") == "Blog"


def test_every_page_of_every_language_is_valid_html(built):
    import quality

    output, _ = built
    missing = quality.vnu_available()
    if missing:
        pytest.skip(missing)
    messages = [m for m in quality.run_vnu([output], output) if m.kind == "error"]
    assert messages == [], "\n".join(map(str, messages[:10]))


def test_serve_rebuilds_after_a_theme_word_changed_are_the_same_as_cold_builds(tmp_path):
    """serve keeps what one build planned for the next (haven/state.py): a changed word must still show."""
    from haven.pipeline import build as build_once
    from haven.state import BuildState

    source = write_site(tmp_path / "site", FILES)
    state = BuildState()
    with environment(HAVEN_CACHE="off", HAVEN_JOBS="1"):
        assert build_once(source, tmp_path / "out", today=TODAY, state=state).ok
        _edit(source / "translations/es.yaml", "  Home: Inicio\n", "  Home: Inicio\n  Blog: Bitácora\n")
        assert build_once(source, tmp_path / "out", today=TODAY, state=state).ok
        assert build_once(source, tmp_path / "cold", today=TODAY).ok
    warm = (tmp_path / "out/es/blog/hello/index.html").read_text()
    assert "Bitácora" in warm
    assert warm == (tmp_path / "cold/es/blog/hello/index.html").read_text()


# --- clinicians and services, translated beside their originals ---------------------------


def test_clinicians_and_services_are_translated_and_each_language_lists_its_own(tmp_path):
    """Only a translated clinician is on /es/team/, with its own words and the original's facts;
    a service translated with its own slug lives at that address, and English pages stay whole."""
    files = dict(FILES)
    files.update({
        "content/clinicians/ana-ruiz.md": "---\nname: Ana Ruiz\nrole: Psychotherapist\nlanguages: [en, es]\n"
                                          "locations: [downtown]\naccepting_new_clients: true\n---\nAna helps adults.\n",
        "content/clinicians/ana-ruiz.es.md": "---\nrole: Psicoterapeuta\nneeds_review: true\n---\nAna ayuda a adultos.\n",
        "content/clinicians/bo-chen.md": "---\nname: Bo Chen\nrole: Psychiatrist\nlocations: [downtown]\n---\nBo prescribes.\n",
        "content/services/therapy.md": "---\ntitle: Therapy\nsummary: Talking with someone trained to help.\n---\nWeekly sessions.\n",
        "content/services/therapy.es.md": "---\ntitle: Terapia\nsummary: Hablar con alguien preparado para ayudar.\n"
                                          "slug: terapia\n---\nSesiones semanales.\n",
    })
    source = write_site(tmp_path / "site", files)
    code, printed = build(source)
    assert code == 0, printed
    assert "content/clinicians/ana-ruiz.es.md:3: note: awaits review" in printed
    out = source / "output"
    team_es = (out / "es/team/index.html").read_text("utf-8")
    assert "Psicoterapeuta" in team_es and "Bo Chen" not in team_es  # only what is translated
    ana_es = (out / "es/team/ana-ruiz/index.html").read_text("utf-8")
    assert '<html lang="es"' in ana_es and "Ana ayuda a adultos." in ana_es and "Ana Ruiz" in ana_es  # name from the original
    assert (out / "es/services/terapia/index.html").is_file() and not (out / "es/services/therapy").exists()
    assert 'href="/es/services/terapia/"' in (out / "es/services/index.html").read_text("utf-8")
    team_en = (out / "team/index.html").read_text("utf-8")
    assert "Ana Ruiz" in team_en and "Bo Chen" in team_en


def test_the_default_language_is_named_as_cldr_names_it():
    """English is named without loading Babel (a shortcut for every build's start): as CLDR names it."""
    from babel import Locale

    from haven.languages import _own_name

    assert _own_name("en") == Locale.parse("en").get_display_name() == "English"
    assert _own_name("es") == "Español"


def test_the_folders_a_language_may_not_take_are_every_folder_of_the_sites_own_pages():
    # site_config.yaml's check refuses a language 'path:' among them before anything is built (its
    # pages would be judged as the other language's); a new kind of page must join the list.
    from haven.config import _SITES_OWN_FOLDERS
    from haven.render import plan_site
    from haven.site import load_site
    from helpers import ROOT

    site, _ = load_site(ROOT, TODAY, drafts=False)
    assert site is not None
    own = {page.file.split("/")[0] for page in plan_site(site).pages
           if not page.source.startswith("content/") and not page.prefix and "/" in page.file}
    assert own == _SITES_OWN_FOLDERS - {"assets"}  # (assets: the theme's files, not pages)
