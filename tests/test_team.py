# ruff: noqa: RUF001  (Chinese language names are written with their own full-width brackets)
"""The team: /team/, /team/<id>/, each location's clinicians, Person data, the filter in Chromium."""

from __future__ import annotations

import contextlib
import gzip
import re

import pytest

try:
    from tests.browser import record_requests, run_axe, serve_directory
    from tests.people_site import (
        CLINICIANS,
        CONFIG,
        assert_refused_and_kept,
        build,
        build_once,
        card_ids,
        clinician,
        files,
        jsonld,
        read,
    )
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from people_site import (  # type: ignore[no-redef]
        CLINICIANS,
        CONFIG,
        assert_refused_and_kept,
        build,
        build_once,
        card_ids,
        clinician,
        files,
        jsonld,
        read,
    )

    from browser import record_requests, run_axe, serve_directory  # type: ignore[no-redef]

EVERYONE = ["cy-amin", "ana-lopez", "bo-chen", "dee-park", "eli-stone"]  # order 1 first, then by name


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_once(tmp_path_factory, "team")


def test_team_page_lists_everyone_in_order_with_the_filter_hidden_until_the_script_runs(built):
    root, _ = built
    html = read(root, "team/index.html")
    assert card_ids(html) == EVERYONE
    assert re.search(r'<form class="panel team-filter" method="dialog" [^>]*hidden>', html)
    assert re.search(r'<p class="team-count" aria-live="polite"[^>]*>5 clinicians.</p>', html)
    assert '<a href="/team/">Our team</a>' not in html  # (the crumb is the current page)
    assert '<option value="cmn">Chinese (Mandarin) – 中文（普通话）</option>' in html  # (zh-Hans is spoken Mandarin)
    assert 'Chinese (Mandarin) – <span lang="zh-Hans">中文（普通话）</span>' in html  # (the summary shown without JS)
    assert re.search(r'<section class="panel team-facets" aria-labelledby="facets-title" data-no-js>', html)
    assert re.findall(r'<option value="([^"]*)"', html) == [
        "", "downtown", "uptown", "annex",  # offices in the config's order
        "", "ar", "yue", "cmn", "en", "ko", "es",  # by name: Arabic, Chinese (Cantonese), Chinese (Mandarin) …
        "", "anxiety", "couples", "depression", "trauma"]


def test_a_clinician_page_says_who_they_are_where_and_in_which_languages(built):
    root, _ = built
    html = read(root, "team/ana-lopez/index.html")
    main = html[html.index("<main"):html.index("</main>")]
    assert "<h1>Ana Lopez, LCSW</h1>" in main
    assert '<p class="lead">Psychotherapist</p>' in main
    # (the photo becomes a responsive picture: see the images work)
    assert re.search(r'<img [^>]*alt="Ana Lopez at her desk" class="clinician-photo"', main)
    assert '<li>English</li><li>Spanish – <span lang="es">español</span></li>' in main
    assert '<li><a href="/locations/downtown/">Downtown</a></li>' in main
    assert "<li>Anxiety</li><li>Trauma</li>" in main
    assert "Offers video sessions" in main and "<strong>Accepting new clients</strong>" in main
    assert "Ana helps adults with anxiety and trauma." in main
    assert '<a class="button" href="/contact/">Contact us to book with Ana Lopez</a>' in main
    assert 'lang="ar" dir="rtl">العربية</span>' in read(root, "team/cy-amin/index.html")


def test_a_clinician_without_a_photo_gets_a_drawing_with_a_name_not_an_empty_box(built):
    root, _ = built
    html = read(root, "team/bo-chen/index.html")
    assert '<svg class="clinician-photo clinician-placeholder"' in html
    assert 'role="img" aria-label="No photo of Bo Chen yet"' in html
    assert '<img class="clinician-photo"' not in html
    assert "Not accepting new clients at the moment" in html and "Sees clients in person only" in html


def test_person_data_links_people_to_the_clinic_and_its_places(built):
    root, _ = built
    organization = next(d for d in jsonld(read(root, "index.html")) if d["@type"] == "MedicalClinic")
    places = {}
    for loc in ("downtown", "uptown", "annex"):
        place = next(d for d in jsonld(read(root, f"locations/{loc}/index.html")) if d["@type"] == "MedicalClinic")
        places[loc] = place["@id"]
    person = next(d for d in jsonld(read(root, "team/bo-chen/index.html")) if d["@type"] == "Person")
    assert person["name"] == "Bo Chen" and person["jobTitle"] == "Psychiatrist" and person["honorificSuffix"] == "MD"
    assert person["knowsLanguage"] == ["en", "zh-Hans", "yue"]
    assert person["worksFor"] == {"@id": organization["@id"]}
    assert person["workLocation"] == [{"@id": places["downtown"]}, {"@id": places["uptown"]}]
    assert person["url"] == "https://counseling.test/team/bo-chen/"


def test_each_location_lists_exactly_its_clinicians(built):
    root, _ = built
    assert card_ids(read(root, "locations/downtown/index.html")) == ["ana-lopez", "bo-chen"]
    assert card_ids(read(root, "locations/uptown/index.html")) == ["cy-amin", "bo-chen", "eli-stone"]
    assert card_ids(read(root, "locations/annex/index.html")) == ["dee-park", "eli-stone"]


def test_a_placeholder_clinician_is_a_warning_while_it_remains(built):
    _, result = built
    assert ("content/clinicians/bo-chen.md:8: warning: 'Bo Chen' is a placeholder profile (placeholder: true); "
            "replace it with a real clinician, or delete the file") in result.stderr


def build_team(tmp_path, people: dict, *, config: str = CONFIG, others: bool = True) -> None:
    """Build the fixture site (people_site.files) in `tmp_path` with `people` (path -> text) among
    its clinicians, or instead of them (`others=False`), and `config`; the build must succeed."""
    site = files(people if others else {**dict.fromkeys(CLINICIANS), **people})
    result = build(tmp_path, {**site, "site_config.yaml": config})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_site_without_clinicians_has_no_team_page(tmp_path):
    build_team(tmp_path, {}, others=False)
    assert not (tmp_path / "output/team").exists()
    assert "Who works here" not in read(tmp_path, "locations/downtown/index.html")


ANA = "content/clinicians/ana-lopez.md"
MISTAKES = [
    ({"content/clinicians/bo-chen.md": files()["content/clinicians/bo-chen.md"].replace("[downtown, uptown]", "[downtown, midtown]")},
     "content/clinicians/bo-chen.md:6: error: location 'midtown' is not in site_config.yaml's 'locations' "
     "(ids: downtown, uptown, annex); use one of those ids"),
    ({ANA: files()[ANA].replace("/images/team/ana.png", "/images/team/anna.png")},
     f"{ANA}:5: error: photo '/images/team/anna.png' is not a file of static/; put the photo at "
     "static/images/team/anna.png, or fix the address"),
    ({ANA: files()[ANA].replace("photo_alt: Ana Lopez at her desk\n", "")},
     f"{ANA}:5: error: has a photo but no 'photo_alt'; describe the photo for people who cannot see it, "
     "e.g. photo_alt: Ana Lopez smiling in the office"),
    # What is wrong with the photo's file is said where the editor names it, as for an article's image:
    ({"static/images/team/ana.png": b"Not a picture at all"},
     f"{ANA}:5: error: photo '/images/team/ana.png' is not an image that can be read (the file may be something "
     "else renamed, or damaged); save it again as JPEG, PNG or WebP"),
    ({ANA: files()[ANA].replace("ana.png", "ana.bmp"), "static/images/team/ana.bmp": b"BM" + bytes(60)},
     f"{ANA}:5: error: photo '/images/team/ana.bmp' is a BMP file, a kind of picture that browsers do not all show "
     "(and hosts send as a download); save it again as JPEG, PNG or WebP, and change the address here to the new "
     "file's"),
    ({ANA: files()[ANA].replace("ana.png", "ana.pdf"), "static/images/team/ana.pdf": "%PDF-1.4\n"},
     f"{ANA}:5: error: photo '/images/team/ana.pdf' is not a picture; save the photo as JPEG, PNG or WebP under "
     "static/ and give its address here"),
    ({ANA: files()[ANA].replace("[en, es]", "[en, qq]")},
     f"{ANA}:7: error: 'qq' is not a language code known to the CLDR; write codes like en, es, zh-Hans, yue"),
    # A three-letter or old code was taken (CLDR reads 'eng' as en-US): shown as "English (United
    # States)" and filtered apart from everyone's 'en'.
    ({ANA: files()[ANA].replace("[en, es]", "[eng, es]")},
     f"{ANA}:7: error: 'eng' is another way of writing the language code 'en'; write en, the code every page uses"),
    ({ANA: files()[ANA].replace("[en, es]", "[en, iw]")},
     f"{ANA}:7: error: 'iw' is another way of writing the language code 'he'; write he, the code every page uses"),
    ({ANA: files()[ANA].replace("specialties:", "specialities:")},
     f"{ANA}:9: error: unknown key 'specialities'; did you mean 'specialties'?"),
    ({"content/clinicians/new.md": clinician("New Person", languages="[en]")},
     "content/clinicians/new.md:2: error: required key 'role' is missing; add it, e.g. `role: Psychotherapist`"),
]


@pytest.mark.parametrize(("change", "message"), MISTAKES)
def test_a_mistake_is_refused_with_its_file_and_line_and_the_output_kept(tmp_path, change, message):
    assert_refused_and_kept(tmp_path, change, message)


SCRIPT_BEFORE_FILTER = 3022  # bytes, gzip -6, of site.js before the team filter (main at d1310f5)
FILTER_BUDGET = 1500  # bytes gzipped the filter may add (the budget)


def test_the_script_stays_within_its_budget_with_the_filter():
    from haven.templates import THEME_DIR

    size = len(gzip.compress((THEME_DIR / "assets/site.js").read_bytes(), 6))
    assert size <= SCRIPT_BEFORE_FILTER + FILTER_BUDGET, f"site.js is {size} bytes gzipped"


# --- the filter, in Chromium -------------------------------------------------------------


@pytest.fixture(scope="module")
def served(built):
    root, _ = built
    with serve_directory(root / "output") as base_url:
        yield base_url


@contextlib.contextmanager
def site_page(browser, served, js=True, path="team/"):
    """A page of the built fixture site (the team page unless `path`) in a fresh browser context,
    with the requests it makes: none may go wrong or leave the site."""
    context = browser.new_context(java_script_enabled=js)
    page = context.new_page()
    log = record_requests(page)
    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    try:
        yield page, log
        assert log.problems() == []
    finally:
        context.close()


def shown(page) -> list[str]:
    hrefs = page.locator("[data-clinician]:visible .clinician-name a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return [href.split("/")[2] for href in hrefs]


def count(page) -> str:
    return page.locator("[data-team-count]").inner_text()


COMBINATIONS = [
    ({"location": "downtown"}, ["ana-lopez", "bo-chen"], "2 clinicians match."),
    ({"language": "es"}, ["ana-lopez"], "1 clinician matches."),
    ({"specialty": "anxiety", "accepting": True}, ["ana-lopez", "dee-park"], "2 clinicians match."),
    ({"location": "uptown", "specialty": "trauma"}, ["eli-stone"], "1 clinician matches."),
    ({"location": "annex", "language": "ko", "specialty": "anxiety", "accepting": True}, ["dee-park"], "1 clinician matches."),
    ({"accepting": True}, ["cy-amin", "ana-lopez", "dee-park"], "3 clinicians match."),
    ({"language": "cmn", "accepting": True}, [], "No clinician matches these choices; try fewer of them."),
    ({"location": "uptown", "language": "en"}, ["cy-amin", "bo-chen", "eli-stone"], "3 clinicians match."),
]


def choose(page, choices: dict) -> None:
    for name, value in choices.items():
        if name == "accepting":
            page.locator("#filter-accepting").check()
        else:
            page.locator(f"#filter-{name}").select_option(value)


@pytest.mark.parametrize(("choices", "expected", "said"), COMBINATIONS)
def test_the_filter_shows_exactly_the_matching_clinicians_without_any_request(browser, served, choices, expected, said):
    with site_page(browser, served) as (page, log):
        assert shown(page) == EVERYONE
        assert not page.locator(".team-facets").is_visible()
        requests, url = len(log.requests), page.url
        choose(page, choices)
        assert shown(page) == expected
        assert count(page) == said
        page.wait_for_timeout(200)
        assert len(log.requests) == requests, log.requests[requests:]
        assert page.url == url
        assert page.context.storage_state() == {"cookies": [], "origins": []}
        page.get_by_role("button", name="Show everyone").click()
        page.wait_for_timeout(50)  # (the form is reset after its reset event)
        assert shown(page) == EVERYONE and count(page) == "5 clinicians match."


def test_the_filter_by_keyboard_alone(browser, served):
    with site_page(browser, served) as (page, _log):
        page.locator("#filter-location").focus()
        page.keyboard.press("ArrowDown")  # the first office: Downtown
        assert shown(page) == ["ana-lopez", "bo-chen"]
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "filter-specialty"
        page.keyboard.press("ArrowDown")  # Anxiety
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "filter-accepting"
        page.keyboard.press("Space")
        assert shown(page) == ["ana-lopez"] and count(page) == "1 clinician matches."
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # Show everyone
        page.wait_for_timeout(50)
        assert shown(page) == EVERYONE


def test_the_filter_count_is_a_live_region_screen_readers_hear(browser, served):
    with site_page(browser, served) as (page, _log):
        region = page.locator("[aria-live=polite]")
        assert region.count() == 1 and region.get_attribute("data-team-count") is not None
        choose(page, {"language": "ar"})
        assert region.inner_text() == "1 clinician matches."
        assert page.get_by_role("combobox", name="Language").count() == 1
        assert page.get_by_role("checkbox", name="Accepting new clients").count() == 1


def test_without_javascript_everyone_is_listed_and_no_dead_filter_shows(browser, served):
    with site_page(browser, served, js=False) as (page, _log):
        assert shown(page) == EVERYONE
        assert not page.locator("form.team-filter").is_visible()
        assert page.locator(".team-facets").is_visible()


@pytest.mark.parametrize("choices", [{}, {"location": "uptown", "accepting": True}, {"language": "cmn", "accepting": True}])
def test_axe_finds_nothing_with_the_filter_used_or_not(browser, served, choices):
    with site_page(browser, served) as (page, _log):
        choose(page, choices)
        assert run_axe(page) == []


@pytest.mark.parametrize("who", ["ana-lopez", "bo-chen"])
def test_axe_finds_nothing_on_a_clinician_page(browser, served, who):
    with site_page(browser, served, path=f"team/{who}/") as (page, _log):
        assert run_axe(page) == []


def test_languages_without_locale_data_are_named_too(tmp_path):
    """Hmong and American Sign Language have names in CLDR but no locale of their own; 'tl' is Tagalog."""
    build_team(tmp_path, {"content/clinicians/pa-vang.md": clinician("Pa Vang", role="Counselor", languages="[en, hmn, ase, tl]")})
    html = read(tmp_path, "team/pa-vang/index.html")
    assert "<li>English</li><li>Hmong</li><li>American Sign Language</li><li>Tagalog</li>" in html


def test_each_spoken_language_is_one_choice_however_its_code_is_written(tmp_path):
    """en/EN and es/es-MX are one language each; zh and cmn are Mandarin, zh-HK Cantonese; named in
    the page's language, then in their own, on the filter, the cards and the clinician's page."""
    people = {
        "content/clinicians/ana-ortiz.md": clinician("Ana Ortiz", role="Therapist", languages="[en, es]"),
        "content/clinicians/bea-cruz.md": clinician("Bea Cruz", role="Therapist", languages="[EN, es-MX, es]"),
        "content/clinicians/chen-li.md": clinician("Chen Li", role="Psychiatrist", languages="[cmn, zh-HK]"),
        "content/clinicians/dai-wu.md": clinician("Dai Wu", role="Psychiatrist", languages="[zh]"),
        "content/clinicians/ana-ortiz.es.md": clinician("Ana Ortiz", role="Terapeuta"),
        "content/clinicians/chen-li.es.md": clinician("Chen Li", role="Psiquiatra"),
    }
    build_team(tmp_path, people, config=CONFIG.replace("site:\n", "site:\n  languages: [{code: es, name: Español}]\n", 1),
               others=False)
    html = read(tmp_path, "team/index.html")
    select = html[html.index('<select id="filter-language"'):]
    assert re.findall(r'<option value="([^"]*)">([^<]*)</option>', select[:select.index("</select>")]) == [
        ("", "Any language"), ("yue", "Chinese (Cantonese) – 中文（粵語）"), ("cmn", "Chinese (Mandarin) – 中文（普通话）"),
        ("en", "English"), ("es", "Spanish – español")]
    assert re.findall(r'data-languages="([^"]*)"', html) == ["en es", "en es", "cmn yue", "cmn"]  # what the filter matches
    assert 'Languages: English, Spanish – <span lang="es">español</span></p>' in html  # Bea's card: es once
    chen = read(tmp_path, "team/chen-li/index.html")
    assert ('<li>Chinese (Mandarin) – <span lang="zh-Hans">中文（普通话）</span></li>'
            '<li>Chinese (Cantonese) – <span lang="zh-HK">中文（粵語）</span></li>') in chen
    spanish = read(tmp_path, "es/team/index.html")
    assert re.findall(r'<option value="([^"]*)">([^<]*)</option>', spanish)[-5:] == [
        ("", "Cualquier idioma"), ("yue", "Chino (cantonés) – 中文（粵語）"), ("cmn", "Chino (mandarín) – 中文（普通话）"),
        ("es", "Español"), ("en", "Inglés – English")]


def test_person_data_names_each_spoken_language_once_in_bcp_47_case(tmp_path):
    """knowsLanguage holds one code per language the filter offers, the first written, in the
    case BCP 47 writes it (language lower case, script title case, region in capitals), regions
    and scripts kept; on a translated page too."""
    people = {
        "content/clinicians/bea-cruz.md": clinician("Bea Cruz", role="Therapist", languages="[EN, es-mx, es, en]"),
        "content/clinicians/chen-li.md": clinician("Chen Li", role="Psychiatrist",
                                                   languages="[ZH-hant-tw, cmn, zh-hk, YUE, sr-latn]"),
        "content/clinicians/chen-li.es.md": clinician("Chen Li", role="Psiquiatra"),
    }
    config = CONFIG.replace("site:\n", "site:\n  languages: [{code: es, name: Español}]\n", 1)
    result = build(tmp_path, {**files(dict.fromkeys(CLINICIANS)), "site_config.yaml": config, **people})
    assert result.returncode == 0, result.stderr

    def knows(path: str) -> list[str]:
        return next(d for d in jsonld(read(tmp_path, path)) if d["@type"] == "Person")["knowsLanguage"]

    assert knows("team/bea-cruz/index.html") == ["en", "es-MX"]
    assert knows("team/chen-li/index.html") == ["zh-Hant-TW", "zh-HK", "sr-Latn"]
    assert knows("es/team/chen-li/index.html") == ["zh-Hant-TW", "zh-HK", "sr-Latn"]
