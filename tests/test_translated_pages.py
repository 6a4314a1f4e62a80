# ruff: noqa: RUF001  (Chinese text is written with its own full-width punctuation)
"""What the pages of a further language say and link to, beyond their visible text: the breadcrumb
data search engines read, the language's feed, the call to action closing every page, and the
footer's link to a notice the language has no translation of.

One small site in English (the default), Spanish and Simplified Chinese, served under a sub-path
(https://counseling.test/clinic/), built once with the command line in this process."""

from __future__ import annotations

import contextlib
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

try:
    from tests.helpers import MINIMAL_CONFIG, TODAY, environment, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_CONFIG, TODAY, environment, write_site  # type: ignore[no-redef]

ROOT = "https://counseling.test/clinic/"
BASE = "/clinic/"
CONFIG = MINIMAL_CONFIG.replace("https://counseling.test/", ROOT).replace(
    "  copyright_start: 2020\n",
    "  copyright_start: 2020\n  languages:\n    - {code: es, name: Español}\n    - {code: zh-Hans, name: 简体中文, path: zh}\n",
) + "notices:\n  privacy_practices: /hipaa/\n  accessibility: true\n"

NPP = ("This notice describes how medical information about you may be used and disclosed and how you can get "
       "access to this information. Please review it carefully.")

FILES = {
    "site_config.yaml": CONFIG,
    "translations/es.yaml": "site:\n  description: Terapia en Springfield.\ncrisis:\n  text: ¿En crisis? Llame al 988.\n"
                            "locations:\n  downtown: {name: Centro}\nclosures:\n  2026-12-25: Navidad\n",
    "translations/zh-Hans.yaml": "site:\n  description: 斯普林菲尔德的心理咨询。\ncrisis:\n  text: 处于危机中？请拨打 988。\n"
                                 "locations:\n  downtown: {name: 市中心}\nclosures:\n  2026-12-25: 圣诞节\n",
    "content/articles/sleep.md": "---\ntitle: Sleep\ndate: 2026-01-05\nsummary: Sleep.\ncategory: Tips\ntags: [Rest]\n---\n"
                                 "See the [signs](#signs) and [contact us](/contact/).\n\n## Signs\n\nTired.\n",
    "content/articles/sleep.es.md": "---\ntitle: Sueño\nslug: sueno\nsummary: Sueño.\ncategory: Consejos\ntags: [Descanso]\n---\n"
                                    "Vea las [alertas](#alertas) y [contáctenos](/contact/).\n\n## Alertas\n\nCansancio.\n",
    "content/articles/sleep.zh-Hans.md": "---\ntitle: 睡眠\nslug: shuimian\nsummary: 睡眠。\n---\n请[联系我们](/contact/)。\n",
    "content/pages/hipaa.md": f"---\ntitle: Notice of Privacy Practices\nsummary: How we use health information.\neffective_date: 2026-01-01\n---\n{NPP}\n",
    "content/pages/about.md": "---\ntitle: About\nsummary: About us.\n---\nAbout us.\n",
    "content/pages/about.es.md": "---\ntitle: Quiénes somos\nslug: sobre\nsummary: Sobre nosotros.\n---\nSobre nosotros.\n",
    "content/clinicians/ana.md": "---\nname: Ana Ruiz\nrole: Psychotherapist\nlocations: [downtown]\n---\nAna helps adults.\n",
    "content/clinicians/ana.es.md": "---\nrole: Psicoterapeuta\n---\nAna ayuda a adultos.\n",
    "content/services/therapy.md": "---\ntitle: Therapy\nsummary: Talking helps.\nfaq:\n  - {q: How long?, a: An hour.}\n"
                                   "---\nWeekly sessions.\n",
    "content/services/therapy.es.md": "---\ntitle: Terapia\nslug: terapia\nsummary: Hablar ayuda.\n"
                                      "faq:\n  - {q: ¿Cuánto dura?, a: Una hora.}\n---\nSesiones semanales.\n",
    "content/checklists/progress.yaml": (
        "title: Progress?\nitems:\n  - {text: I feel stuck., topic: stuck}\ntopics:\n  stuck: {title: Stuck, advice: Talk.}\n"
        "results:\n  - {min: 0, max: 1, text: Fine.}\n"),
    "content/checklists/progress.es.yaml": "title: ¿Progreso?\nitems:\n  - {text: Me siento atascado., topic: stuck}\n",
}


def build(source: Path) -> tuple[int, str]:
    from haven.cli import main

    printed = io.StringIO()
    with environment(HAVEN_JOBS="1"), contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        code = main(["build", "--source", str(source), "--today", TODAY.isoformat()])
    return code, printed.getvalue()


@pytest.fixture(scope="module")
def output(tmp_path_factory) -> Path:
    source = write_site(tmp_path_factory.mktemp("translated") / "site", FILES)
    code, printed = build(source)
    assert code == 0, printed
    return source / "output"


def read(output: Path, file: str) -> LexborHTMLParser:
    return LexborHTMLParser((output / file).read_text("utf-8"))


def json_ld(tree: LexborHTMLParser, kind: str) -> dict:
    found = [json.loads(node.text()) for node in tree.css('script[type="application/ld+json"]')]
    return next(data for data in found if data["@type"] == kind)


def breadcrumb_data(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    return [(item["item"], item["name"]) for item in json_ld(tree, "BreadcrumbList")["itemListElement"]]


def visible_breadcrumb(tree: LexborHTMLParser) -> list[tuple[str, str]]:
    nav = tree.css_first("nav.breadcrumbs")
    return [(ROOT + a.attributes["href"].removeprefix(BASE), a.text().strip()) for a in nav.css("a")]


def test_breadcrumb_data_of_a_translated_article_is_in_its_language(output):
    assert breadcrumb_data(read(output, "es/blog/sueno/index.html")) == [
        (ROOT + "es/", "Inicio"), (ROOT + "es/blog/", "Blog"), (ROOT + "es/blog/sueno/", "Sueño")]
    assert not (output / "blog/sueno").exists()


# Every kind of page with breadcrumbs, in each language it exists in.
WITH_CRUMBS = ["blog/sleep/", "blog/category/tips/", "tags/rest/", "about/", "hipaa/", "contact/", "locations/",
               "locations/downtown/", "team/", "team/ana/", "services/", "services/therapy/", "self-assessment/",
               "self-assessment/progress/", "accessibility/", "search/",
               "es/blog/sueno/", "es/blog/category/tips/", "es/tags/rest/", "es/sobre/", "es/contact/",
               "es/locations/downtown/", "es/team/", "es/team/ana/", "es/services/terapia/", "es/self-assessment/",
               "es/self-assessment/progress/", "es/accessibility/", "es/search/",
               "zh/blog/shuimian/", "zh/contact/", "zh/locations/downtown/", "zh/accessibility/"]


@pytest.mark.parametrize("path", WITH_CRUMBS)
def test_breadcrumb_data_is_the_visible_breadcrumb(output, path):
    """Names and addresses, in the page's own language, on every kind of page of every language."""
    tree = read(output, path + "index.html")
    crumbs = breadcrumb_data(tree)
    assert crumbs == visible_breadcrumb(tree)
    assert crumbs[-1][0] == ROOT + path
    prefix = path.split("/")[0] + "/" if path.startswith(("es/", "zh/")) else ""
    assert all(url.startswith(ROOT + prefix) for url, _ in crumbs)


def test_a_translated_clinician_and_service_name_their_own_page(output):
    person = json_ld(read(output, "es/team/ana/index.html"), "Person")
    assert person["url"] == ROOT + "es/team/ana/"
    assert person["@id"] == ROOT + "team/ana/#person"  # one person, whatever the language
    assert json_ld(read(output, "es/services/terapia/index.html"), "FAQPage")["url"] == ROOT + "es/services/terapia/"


@pytest.mark.parametrize("prefix", ["es/", "zh/"])
def test_the_clinic_and_its_locations_name_their_pages_in_the_pages_language(output, prefix):
    """Their `url` is the page in the language; their `@id` names the clinic (or the location) in every language."""
    clinic = json_ld(read(output, prefix + "index.html"), "MedicalClinic")
    assert (clinic["url"], clinic["@id"]) == (ROOT + prefix, ROOT + "#organization")
    assert [(place["url"], place["@id"]) for place in clinic["department"]] == [
        (ROOT + prefix + "locations/downtown/", ROOT + "locations/downtown/#place")]
    place = json_ld(read(output, prefix + "locations/downtown/index.html"), "MedicalClinic")
    assert (place["url"], place["@id"]) == (ROOT + prefix + "locations/downtown/", ROOT + "locations/downtown/#place")


def addresses(data) -> list[str]:
    """Every address of a page of the site in JSON-LD, but the `@id`s (names, the same in every language)."""
    if isinstance(data, list):
        return [url for item in data for url in addresses(item)]
    if isinstance(data, dict):
        return [url for key, value in data.items() if key != "@id" for url in addresses(value)]
    return [data] if isinstance(data, str) and data.startswith(ROOT) else []


def test_no_json_ld_of_a_translated_page_names_a_default_language_page_that_has_a_translation(output):
    translations = {}  # the default language's address -> its address in each language
    for file in output.rglob("index.html"):
        links = {node.attributes["hreflang"]: node.attributes["href"]
                 for node in read(output, str(file.relative_to(output))).css('link[rel="alternate"][hreflang]')}
        if "x-default" in links:
            translations[links["x-default"]] = links
    found = []
    for code, prefix in (("es", "es/"), ("zh-Hans", "zh/")):
        for file in sorted((output / prefix).rglob("index.html")):
            for node in read(output, str(file.relative_to(output))).css('script[type="application/ld+json"]'):
                found += [(str(file.relative_to(output)), url) for url in addresses(json.loads(node.text()))
                          if translations.get(url.partition("#")[0], {}).get(code, url.partition("#")[0]) != url.partition("#")[0]]
    assert len(translations) > 10 and found == []


ATOM = "{http://www.w3.org/2005/Atom}"


def feed_links(output: Path, feed: str) -> list[str]:
    entry = ET.parse(output / feed).getroot().find(f"{ATOM}entry")
    assert entry is not None
    content = entry.find(f"{ATOM}content")
    assert content is not None and content.text
    return [a.attributes["href"] for a in LexborHTMLParser(content.text).css("a")]


@pytest.mark.parametrize(("feed", "page", "expected"), [
    ("feed.xml", "blog/sleep/", [ROOT + "blog/sleep/#signs", ROOT + "contact/"]),
    ("es/feed.xml", "es/blog/sueno/", [ROOT + "es/blog/sueno/#alertas", ROOT + "es/contact/"]),
    ("zh/feed.xml", "zh/blog/shuimian/", [ROOT + "zh/contact/"]),
])
def test_a_feed_links_where_the_article_does_as_absolute_addresses(output, feed, page, expected):
    assert feed_links(output, feed) == expected
    article = read(output, page + "index.html").css_first("article .prose") or read(output, page + "index.html").css_first("article")
    on_page = [a.attributes["href"] for a in article.css("p a")]
    assert [ROOT + page + href if href.startswith("#") else ROOT + href.removeprefix(BASE) for href in on_page] == expected


def cta_heading(output: Path, file: str) -> tuple[str, str | None]:
    heading = read(output, file).css_first("#cta-title")
    return heading.text(), heading.attributes.get("lang")


def test_the_default_call_to_action_is_in_the_theme_words_of_each_language(output):
    assert cta_heading(output, "index.html") == ("Questions, or looking for an appointment?", None)
    assert cta_heading(output, "es/index.html") == ("¿Tiene preguntas o busca una cita?", None)
    assert cta_heading(output, "zh/index.html") == ("有疑问，或想预约？", None)


def test_a_sites_own_call_to_action_left_untranslated_says_its_language_and_is_counted(tmp_path):
    files = {**FILES, "site_config.yaml": CONFIG + "cta:\n  text: Ready to talk?\n",
             "translations/zh-Hans.yaml": FILES["translations/zh-Hans.yaml"] + "cta:\n  text: 准备好聊聊了吗？\n"}
    source = write_site(tmp_path / "site", files)
    code, printed = build(source)
    assert code == 0, printed
    output = source / "output"
    assert cta_heading(output, "es/index.html") == ("Ready to talk?", "en")
    assert cta_heading(output, "zh/index.html") == ("准备好聊聊了吗？", None)
    assert ("translations/es.yaml: warning: 1 text of site_config.yaml has no translation into 'es': cta.text; "
            "it shows in the default language on the 'es' pages. Translate it in translations/es.yaml") in printed
    assert "translations/zh-Hans.yaml: warning" not in printed


def call_to_action(output: Path, file: str) -> list[tuple[str, str | None]]:
    """The page's language, then each text of the call to action (home page button, closing
    heading and link) with the language it is marked with, if any."""
    tree = read(output, file)
    found = tree.css(".hero-actions a.button:first-child, #cta-title, section.cta a.button")
    return [(tree.css_first("html").attributes.get("lang"), None)] + [(n.text().strip(), n.attributes.get("lang")) for n in found]


@pytest.mark.parametrize(("code", "question", "link", "marked"), [
    ("es", "¿Tiene preguntas o busca una cita?", "Contáctenos", None),
    ("zh-Hans", "有疑问，或想预约？", "联系我们", None),
    ("fr", "Questions, or looking for an appointment?", "Contact us", "en"),  # no theme words in French: marked English
])
def test_the_default_call_to_action_is_in_the_words_of_a_default_language_other_than_english(
        tmp_path, code, question, link, marked):
    config = MINIMAL_CONFIG.replace("  language: en\n", f"  language: {code}\n  languages:\n    - {{code: en, name: English}}\n")
    source = write_site(tmp_path / "site", {"site_config.yaml": config})
    exit_code, printed = build(source)
    assert exit_code == 0, printed
    output = source / "output"
    assert call_to_action(output, "index.html") == [(code, None), (link, marked), (question, marked), (link, marked)]
    english = "Questions, or looking for an appointment?"
    assert call_to_action(output, "en/index.html") == [("en", None), ("Contact us", None), (english, None), ("Contact us", None)]


def notice_links(output: Path, file: str) -> list[tuple[str, str | None, str | None, str]]:
    nav = read(output, file).css_first('nav[aria-label] ul.inline-list a[href$="hipaa/"]').parent.parent
    return [(a.attributes["href"], a.attributes.get("hreflang"), a.attributes.get("lang"), a.text()) for a in nav.css("a")]


def test_the_footer_names_an_untranslated_notice_in_the_pages_language(output):
    """The HIPAA notice has no Spanish page: the footer links the English one (hreflang) by the
    theme's name of the notice in Spanish, so no English words stand unmarked on the page."""
    assert notice_links(output, "index.html") == [
        (BASE + "hipaa/", None, None, "Notice of Privacy Practices"), (BASE + "accessibility/", None, None, "Accessibility")]
    assert notice_links(output, "es/index.html") == [
        (BASE + "hipaa/", "en", None, "Aviso de Prácticas de Privacidad"),
        (BASE + "es/accessibility/", None, None, "Accesibilidad")]
    assert notice_links(output, "zh/index.html")[0] == (BASE + "hipaa/", "en", None, "隐私权做法通知")


@pytest.mark.parametrize(("code", "skip_link"), [
    ("zh", "跳到主要内容"),  # Chinese with no script named is most likely written in Simplified letters (CLDR)
    ("zh-SG", "跳到主要内容"),
    ("zh-TW", "跳至主要內容"),  # Traditional, as Chinese is written in Taiwan: not Simplified, the wrong script
    ("zh-HK", "跳至主要內容"),
    ("yue", "跳至主要內容"),  # Cantonese is written in Chinese, in Traditional letters (Hong Kong's)
    ("zh-yue", "跳至主要內容"),  # (the same, in BCP 47's extended-language form)
    ("cmn", "跳到主要内容"),  # Mandarin by its own code is Chinese, most likely in Simplified letters
    ("cmn-TW", "跳至主要內容"),
    ("fr", None),
])
def test_a_default_language_takes_the_theme_words_of_its_likely_script_or_is_warned_about(tmp_path, code, skip_link):
    config = MINIMAL_CONFIG.replace("  language: en\n", f"  language: {code}\n")
    source = write_site(tmp_path / "site", {"site_config.yaml": config})
    exit_code, printed = build(source)
    assert exit_code == 0, printed
    tree = read(source / "output", "index.html")
    assert tree.css_first("html").attributes.get("lang") == code
    assert tree.css_first("a.skip-link").text() == (skip_link or "Skip to main content")
    line = config.splitlines().index(f"  language: {code}") + 1
    warning = (f"site_config.yaml:{line}: warning: the theme has no words in '{code}' (menus, buttons, labels such as "
               "\"Skip to main content\"), so they show in English on every page; the theme has them in 'en', 'es', "
               "'zh-Hans', 'zh-Hant' (see docs/theming.md, \"The theme's words in other languages\", to add a language)")
    assert (warning in printed) == (skip_link is None), printed


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1600, 900), "gray").save(out, "PNG")
    return out.getvalue()


def test_a_translations_own_image_and_the_photo_it_takes_from_its_original_have_alt_text(tmp_path):
    source = write_site(tmp_path / "site", {
        **FILES, "static/images/walk.png": _png(),
        "content/articles/sleep.es.md": FILES["content/articles/sleep.es.md"].replace(
            "category:", "image: /images/walk.png\nimage_alt: Un paseo al atardecer\ncategory:"),
        "content/clinicians/ana.md": FILES["content/clinicians/ana.md"].replace(
            "locations:", "photo: /images/walk.png\nphoto_alt: Ana on a walk\nlocations:"),
    })
    code, printed = build(source)
    assert code == 0, printed
    article = read(source / "output", "es/blog/sueno/index.html")
    assert [img.attributes["alt"] for img in article.css("figure img")] == ["Un paseo al atardecer"]
    preview = {m.attributes["property"]: m.attributes["content"] for m in article.css('meta[property^="og:image"]')}
    assert preview["og:image:alt"] == "Un paseo al atardecer"
    assert preview["og:image"].startswith(ROOT + "assets/img/walk-") and preview["og:image"].endswith("-og.jpg")
    for page in ("es/team/ana/index.html", "es/team/index.html", "es/locations/downtown/index.html"):
        assert [img.attributes["alt"] for img in read(source / "output", page).css("img.clinician-photo")] == \
            ["Ana on a walk"], page


def test_the_settings_pictures_are_described_in_each_language_or_warned_of(tmp_path):
    config = CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  preview_image: /images/door.png\n"
                            "  preview_image_alt: The front door\n") + "home:\n  image: /images/door.png\n  image_alt: Our waiting room\n"
    source = write_site(tmp_path / "site", {
        **FILES, "site_config.yaml": config, "static/images/door.png": _png(),
        "translations/es.yaml": FILES["translations/es.yaml"].replace(
            "  description:", "  preview_image_alt: La puerta principal\n  description:") + "home:\n  image_alt: Nuestra sala\n",
    })
    code, printed = build(source)
    assert code == 0, printed
    home = read(source / "output", "es/index.html")
    assert home.css_first('meta[property="og:image:alt"]').attributes["content"] == "La puerta principal"
    assert [(img.attributes["alt"], img.parent.parent.attributes.get("lang")) for img in home.css(".hero-media img")] == \
        [("Nuestra sala", None)]
    chinese = read(source / "output", "zh/index.html")  # (zh-Hans.yaml gives neither: English, marked, and warned of)
    assert chinese.css_first('meta[property="og:image:alt"]').attributes["content"] == "The front door"
    assert [(img.attributes["alt"], img.parent.parent.attributes.get("lang")) for img in chinese.css(".hero-media img")] == \
        [("Our waiting room", "en")]
    assert ("translations/zh-Hans.yaml: warning: 2 texts of site_config.yaml have no translation into 'zh-Hans': "
            "site.preview_image_alt, home.image_alt; they show in the default language") in printed, printed


def png() -> bytes:
    from PIL import Image

    made = io.BytesIO()
    Image.new("RGB", (320, 320), (90, 90, 90)).save(made, "PNG")
    return made.getvalue()


def marked(tree: LexborHTMLParser, selector: str) -> list[tuple[str, str | None]]:
    """The text (or alt text) of each element `selector` finds, with the language it is marked with."""
    return [(node.attributes.get("alt") or node.text().strip(), node.attributes.get("lang")) for node in tree.css(selector)]


LEFT_OUT = {
    **FILES,
    "static/images/ana.png": png(),
    "content/clinicians/ana.md": "---\nname: Ana Ruiz\nrole: Psychotherapist\ncredentials: LCSW\nphoto: /images/ana.png\n"
                                 "photo_alt: Ana at her desk\nspecialties: [Anxiety, Grief]\n---\nAna helps adults.\n",
    "content/services/therapy.es.md": "---\ntitle: Terapia\nslug: terapia\nsummary: Hablar ayuda.\n---\nSesiones semanales.\n",
}


@pytest.fixture(scope="module")
def left_out(tmp_path_factory) -> tuple[Path, str]:
    """The site of FILES, whose Spanish clinician gives only a role and Spanish service no questions."""
    source = write_site(tmp_path_factory.mktemp("left-out") / "site", LEFT_OUT)
    code, printed = build(source)
    assert code == 0, printed
    return source / "output", printed


def test_a_clinicians_text_left_to_the_original_is_marked_as_english(left_out):
    output, _ = left_out
    page = read(output, "es/team/ana/index.html")
    assert marked(page, "p.lead") == [("Psicoterapeuta", None)]
    assert marked(page, "img.clinician-photo") == [("Ana at her desk", "en")]
    assert marked(page, "dl.facts li") == [("Anxiety", "en"), ("Grief", "en")]
    team = read(output, "es/team/index.html")
    assert marked(team, "#filter-specialty option[value]:not([value=''])") == [("Anxiety", "en"), ("Grief", "en")]
    assert marked(team, ".clinician-card img") == [("Ana at her desk", "en")]
    # Search engines read the Spanish page's words only; the English page names her specialties.
    assert "knowsAbout" not in json_ld(page, "Person")
    assert json_ld(read(output, "team/ana/index.html"), "Person")["knowsAbout"] == ["Anxiety", "Grief"]


def test_credentials_left_to_the_original_are_shown_as_written_like_her_name(left_out):
    """LCSW or PhD names a licence or a degree, as a name names a person: no language of its own to
    mark (WCAG's language of parts leaves out proper names and technical terms), nothing to
    translate, so no warning asks to, and the page's data keeps it."""
    output, printed = left_out
    page = read(output, "es/team/ana/index.html")
    assert marked(page, "h1") == [("Ana Ruiz, LCSW", None)] and not page.css("h1 [lang]")
    assert json_ld(page, "Person")["honorificSuffix"] == "LCSW"
    assert "credentials" not in printed


def test_a_services_questions_left_to_the_original_are_marked_and_left_out_of_its_faq_data(left_out):
    output, _ = left_out
    page = read(output, "es/services/terapia/index.html")
    assert marked(page, ".faq summary") == [("How long?", "en")]
    assert marked(page, ".faq details > div") == [("An hour.", "en")]
    assert not [data for data in (json.loads(n.text()) for n in page.css('script[type="application/ld+json"]'))
                if data["@type"] == "FAQPage"]
    assert json_ld(read(output, "services/therapy/index.html"), "FAQPage")["mainEntity"][0]["name"] == "How long?"


def test_a_checklists_text_left_to_the_original_is_marked(output):
    page = read(output, "es/self-assessment/progress/index.html")
    assert marked(page, ".topic h3") == [("Stuck", "en")]
    assert marked(page, ".topic > div") == [("Talk.", "en")]
    assert marked(page, "[data-band-text] > span") == [("Fine.", "en")]
    # The theme's disclaimer, neither file giving one, is English too.
    assert marked(page, "p.notice > span")[0][1] == "en"
    assert marked(page, "label") == [("Me siento atascado.", None)]


def test_tags_and_a_category_left_to_the_original_are_marked(output):
    article = read(output, "zh/blog/shuimian/index.html")
    assert marked(article, "a.tag") == [("Rest", "en")]
    assert marked(article, "p.kicker a") == [("Tips", "en")]
    assert marked(read(output, "zh/tags/rest/index.html"), "h1 span") == [("Rest", "en")]
    assert marked(read(output, "es/blog/sueno/index.html"), "a.tag") == [("Descanso", None)]
    assert "keywords" not in json_ld(article, "BlogPosting")


def test_a_languages_tags_are_listed_by_their_names_in_it(tmp_path):
    # The Spanish search page listed its topics in the order of their English addresses
    # ('ánimo' for mood, then 'progreso', 'autocuidado' for self-care, 'terapia').
    source = write_site(tmp_path / "site", {
        **FILES, "content/articles/sleep.md": FILES["content/articles/sleep.md"].replace(
            "tags: [Rest]", "tags: [therapy, progress, self-care, mood]"),
        "content/articles/sleep.es.md": FILES["content/articles/sleep.es.md"].replace(
            "tags: [Descanso]", "tags: [terapia, progreso, autocuidado, ánimo]")})
    code, printed = build(source)
    assert code == 0, printed
    topics = read(source / "output", "es/search/index.html").css("ul.inline-list a[href*='/tags/']")
    assert [(a.text(), a.attributes["href"]) for a in topics] == [
        ("ánimo", f"{BASE}es/tags/mood/"), ("autocuidado", f"{BASE}es/tags/self-care/"),
        ("progreso", f"{BASE}es/tags/progress/"), ("terapia", f"{BASE}es/tags/therapy/")]
    english = read(source / "output", "search/index.html").css("ul.inline-list a[href*='/tags/']")
    assert [a.text() for a in english] == ["mood", "progress", "self-care", "therapy"]


def test_a_clinicians_description_leaves_out_a_role_left_to_the_original(tmp_path):
    # A meta description cannot mark the English role as English: the Spanish and Chinese pages
    # describe her in their own words without it; the English page names it.
    source = write_site(tmp_path / "site", {
        **FILES, "content/clinicians/ana.es.md": "---\nneeds_review: false\n---\nAna ayuda a adultos.\n",
        "content/clinicians/ana.zh-Hans.md": "---\nneeds_review: false\n---\n安娜帮助成年人。\n"})
    code, printed = build(source)
    assert code == 0, printed
    output = source / "output"
    for page, described in [("es/team/ana/index.html", "Ana Ruiz, profesional de Quiet Harbor Counseling."),
                            ("zh/team/ana/index.html", "Ana Ruiz，就职于Quiet Harbor Counseling。"),
                            ("team/ana/index.html", "Ana Ruiz, Psychotherapist at Quiet Harbor Counseling.")]:
        tree = read(output, page)
        assert [node.attributes["content"] for node in tree.css('meta[name="description"], meta[property="og:description"]')] \
            == [described, described], page


def test_check_warns_once_per_translation_of_what_it_leaves_in_the_default_language(left_out):
    _, printed = left_out
    assert ("content/clinicians/ana.es.md: warning: 2 texts of content/clinicians/ana.md have no translation into 'es': "
            "photo_alt, specialties; they show in the default language on the 'es' pages. Translate them in "
            "content/clinicians/ana.es.md") in printed
    assert ("content/services/therapy.es.md: warning: 1 text of content/services/therapy.md has no translation into "
            "'es': faq; it shows in the default language on the 'es' pages. Translate it in "
            "content/services/therapy.es.md") in printed
    assert ("content/checklists/progress.es.yaml: warning: 3 texts of content/checklists/progress.yaml have no "
            "translation into 'es': topics, results, disclaimer; they show in the default language on the 'es' pages. "
            "Translate them in content/checklists/progress.es.yaml") in printed
    assert ("content/articles/sleep.zh-Hans.md: warning: 2 texts of content/articles/sleep.md have no translation into "
            "'zh-Hans': category, tags; they show in the default language on the 'zh-Hans' pages. Translate them in "
            "content/articles/sleep.zh-Hans.md") in printed
    assert "content/articles/sleep.es.md: warning" not in printed
    assert printed.count("content/clinicians/ana.es.md: warning") == 1


def test_text_left_in_a_right_to_left_original_says_its_direction(tmp_path):
    config = MINIMAL_CONFIG.replace("  language: en\n", "  language: he\n  languages:\n    - {code: es, name: Español}\n")
    source = write_site(tmp_path / "site", {
        "site_config.yaml": config,
        "content/clinicians/ana.md": "---\nname: Ana Ruiz\nrole: פסיכותרפיסטית\n---\nAna.\n",
        "content/clinicians/ana.es.md": "---\nname: Ana Ruiz\n---\nAna.\n",
    })
    code, printed = build(source)
    assert code == 0, printed
    page = read(source / "output", "es/team/ana/index.html")
    assert [(n.text(), n.attributes.get("lang"), n.attributes.get("dir")) for n in page.css("p.lead")] == [
        ("פסיכותרפיסטית", "he", "rtl")]
