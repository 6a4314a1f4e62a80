"""The notices a US practice posts: the HIPAA notice's checks, the Good Faith Estimate,
nondiscrimination with its taglines, accessibility, and the footer links on every page."""

from __future__ import annotations

import re

import pytest

from haven.taglines import TAGLINES

try:
    from tests.people_site import CONFIG, MINIMAL_CONFIG, NPP, assert_refused_and_kept, build, build_once, files, read
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from people_site import CONFIG, MINIMAL_CONFIG, NPP, assert_refused_and_kept, build, build_once, files, read  # type: ignore[no-redef]

NOTICE_LINKS = ["/notice-of-privacy-practices/", "/good-faith-estimate/", "/nondiscrimination/", "/accessibility/"]
NPP_PATH = "content/pages/notice-of-privacy-practices.md"

# The 15 most common languages other than English of New York, California and Texas (HHS OCR,
# 2016), as codes; Chinese is shipped in both scripts.
NEW_YORK = ["es", "zh-Hans", "ru", "yi", "bn", "ht", "ko", "it", "ar", "pl", "fr", "ur", "tl", "el", "sq"]
CALIFORNIA = ["es", "zh-Hant", "vi", "tl", "ko", "hy", "fa", "ru", "ja", "ar", "pa", "km", "hmn", "hi", "th"]
TEXAS = ["es", "vi", "zh-Hans", "ko", "ar", "ur", "tl", "fa", "hi", "fr", "de", "gu", "ru", "ja", "lo"]
RIGHT_TO_LEFT = {"ar", "fa", "ur", "yi"}


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_once(tmp_path_factory, "notices")[0]


def footer_notices(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Notices">(.*?)</nav>', html, re.S)
    return re.findall(r'href="([^"]+)"', nav.group(1)) if nav else []


def test_every_page_footer_links_every_notice(built):
    pages = sorted((built / "output").rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text("utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # (an old address's redirect)
        assert footer_notices(html) == NOTICE_LINKS, page
    for link in NOTICE_LINKS:
        assert (built / "output" / link.strip("/") / "index.html").is_file()


def test_the_hipaa_notice_is_listed_once_in_the_footer(built):
    html = read(built, "index.html")
    assert html.count('href="/notice-of-privacy-practices/"') == 1


def test_the_good_faith_estimate_gives_the_no_surprises_act_facts(built):
    text = " ".join(re.sub(r"<[^>]+>", " ", read(built, "good-faith-estimate/index.html")).split())
    assert "Your right to a Good Faith Estimate" in text
    assert "at least $400 more than your Good Faith Estimate" in text
    assert "within 120 days of the date on the bill" in text
    assert "www.cms.gov/nosurprises" in text and "1-800-985-3059" in text
    assert "Quiet Harbor Counseling will give you the estimate in writing" in text
    # (the number and the address apart, not run together as one string)
    assert re.sub(r"<[^>]+>", "", read(built, "good-faith-estimate/index.html")).count(
        "To ask us for an estimate: +1 217-555-2000, hello@counseling.test") == 1


def test_the_nondiscrimination_page_has_each_tagline_in_its_own_language(built):
    html = read(built, "nondiscrimination/index.html")
    rows = re.findall(r'<li lang="([^"]+)"( dir="rtl")?>(.*?)</li>', html)
    assert [code for code, _, _ in rows] == ["es", "ar", "ur", "yi", "fa", "zh-Hans", "ko", "nv"]
    for code, rtl, text in rows:
        assert bool(rtl) == (code in RIGHT_TO_LEFT), code
        assert text.count('<a href="tel:+12175552001" dir="ltr">+1 217-555-2001</a>') == 1, code
    assert rows[-1][2] == 'Diné bizaad: <a href="tel:+12175552001" dir="ltr">+1 217-555-2001</a> (a tagline the site supplies).'
    assert rows[0][2].startswith("ATENCIÓN: si habla español, tiene a su disposición servicios gratuitos")
    assert "does not discriminate on the basis of race, color, national origin, age, disability or sex" in html
    assert "ocrportal.hhs.gov" in html


def test_the_theme_ships_taglines_for_new_york_california_and_texas():
    for code in dict.fromkeys(NEW_YORK + CALIFORNIA + TEXAS):
        assert code in TAGLINES, code
        assert TAGLINES[code].count("{phone}") == 1, code


def test_the_accessibility_statement_says_how_to_report_and_when_we_answer(built):
    text = " ".join(re.sub(r"<[^>]+>", " ", read(built, "accessibility/index.html")).split())
    assert "WCAG) 2.2 at level AA" in text
    assert "We will answer within 3 business days" in text
    assert "Call +1 217-555-2000" in text and "hello@counseling.test" in text


def test_a_page_of_the_same_slug_replaces_the_theme_notice(tmp_path):
    own = "---\ntitle: Our accessibility promise\n---\nWrite to us and we answer the same day.\n"
    result = build(tmp_path, files({"content/pages/accessibility.md": own}))
    assert result.returncode == 0, result.stderr
    html = read(tmp_path, "accessibility/index.html")
    assert "we answer the same day" in html and "business days" not in html
    assert '<li><a href="/accessibility/">Our accessibility promise</a></li>' in read(tmp_path, "index.html")


def test_a_site_without_notices_has_no_notice_pages_and_no_notice_links(tmp_path):
    result = build(tmp_path, {"site_config.yaml": MINIMAL_CONFIG})
    assert result.returncode == 0, result.stderr
    assert 'aria-label="Notices"' not in read(tmp_path, "index.html")
    for link in NOTICE_LINKS:
        assert not (tmp_path / "output" / link.strip("/")).exists()


def test_clinicians_without_hipaa_or_good_faith_notices_are_warned_about(tmp_path):
    config = CONFIG[:CONFIG.index("notices:")]
    result = build(tmp_path, files({"site_config.yaml": config}))
    assert result.returncode == 0, result.stderr
    assert ("site_config.yaml: warning: the site shows clinicians or services but publishes no HIPAA Notice of "
            "Privacy Practices; write it in content/pages and name it under notices.privacy_practices") in result.stderr
    assert ("site_config.yaml: warning: the site shows clinicians or services but publishes no Good Faith Estimate "
            "notice (No Surprises Act); add 'good_faith_estimate: true' under notices") in result.stderr


PRIVACY_LINE = line_of(CONFIG, "privacy_practices:")
LANGUAGES_LINE = line_of(CONFIG, "    languages:")
HEADER = ("This notice describes how medical information about you may be used and disclosed and how you can get "
          "access to this information. Please review it carefully.")
SPANISH = CONFIG.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n    - {code: es, name: Español}\n")
NPP_ES = "content/pages/notice-of-privacy-practices.es.md"
TRANSLATED_NPP = ("---\ntitle: Aviso de prácticas de privacidad\neffective_date: 2026-01-01\n---\n"
                  "**ESTE AVISO DESCRIBE CÓMO SE PUEDE USAR Y DIVULGAR SU INFORMACIÓN MÉDICA.**\n")
MISTAKES = [
    ({NPP_PATH: None},
     f"site_config.yaml:{PRIVACY_LINE}: error: notices.privacy_practices is '/notice-of-privacy-practices/', but no "
     "page of content/pages has that address; write the notice in content/pages/notice-of-privacy-practices.md"),
    # a near miss of a page's address is shown that page
    ({"site_config.yaml": CONFIG.replace("/notice-of-privacy-practices/", "/notice-of-privacy-practice/")},
     f"site_config.yaml:{PRIVACY_LINE}: error: notices.privacy_practices is '/notice-of-privacy-practice/', but no "
     f"page of content/pages has that address; did you mean '/notice-of-privacy-practices/' ({NPP_PATH})? Else write "
     "the notice in content/pages/notice-of-privacy-practice.md"),
    ({NPP_PATH: NPP.replace("PLEASE REVIEW IT CAREFULLY.", "")},
     f"site_config.yaml:{PRIVACY_LINE}: error: the privacy notice {NPP_PATH} lacks the header statement the HIPAA rule "
     f"requires; put it at the top of the page: \"{HEADER}\""),
    ({NPP_PATH: NPP.replace("effective_date: 2026-01-01\n", "")},
     f"site_config.yaml:{PRIVACY_LINE}: error: the privacy notice {NPP_PATH} has no effective date; add "
     "'effective_date: YYYY-MM-DD' to its front matter"),
    # A translation of the notice: its words are its language's, but its effective date is the original's.
    ({"site_config.yaml": SPANISH, NPP_ES: TRANSLATED_NPP.replace("effective_date: 2026-01-01", "effective_date: 2025-06-01")},
     f"{NPP_ES}:3: error: the translation of the privacy notice takes effect on 2025-06-01, but {NPP_PATH} on "
     "2026-01-01: it translates another version of the notice; translate the current one and write "
     "'effective_date: 2026-01-01' (or remove the line to take the original's)"),
    ({"site_config.yaml": SPANISH, NPP_ES: TRANSLATED_NPP.replace("effective_date: 2026-01-01", "effective_date:")},
     f"{NPP_ES}:3: error: the translation of the privacy notice has a blank effective date; write the original's, "
     f"'effective_date: 2026-01-01', or remove the line to take it from {NPP_PATH}"),
    ({"site_config.yaml": CONFIG.replace("ko, nv]", "ko, nv, xh]")},
     f"site_config.yaml:{LANGUAGES_LINE}: error: language 'xh' has no tagline: the theme has taglines for "
     f"{', '.join(sorted(TAGLINES))}; add one under notices.language_assistance.taglines ('xh: ...', with {{phone}} "
     "where the number goes)"),
    # a mistyped code ('sp' for Spanish) is said to be one, not asked for a tagline in a language there is not
    ({"site_config.yaml": CONFIG.replace("ko, nv]", "ko, nv, sp]")},
     f"site_config.yaml:{LANGUAGES_LINE}: error: 'sp' is not a language code known to the CLDR; write codes like es, "
     "zh-Hans, ht"),
    # a three-letter code is said to be the usual code written another way, not asked for a tagline of its own
    ({"site_config.yaml": CONFIG.replace("ko, nv]", "ko, nv, spa]")},
     f"site_config.yaml:{LANGUAGES_LINE}: error: 'spa' is another way of writing the language code 'es'; write es, "
     "the code every page uses"),
    ({"site_config.yaml": CONFIG.replace("  good_faith_estimate: true", "  good_faith: true")},
     f"site_config.yaml:{line_of(CONFIG, 'good_faith_estimate')}: error: unknown key 'notices.good_faith'; did you "
     "mean 'good_faith_estimate'?"),
]


@pytest.mark.parametrize(("change", "message"), MISTAKES)
def test_a_mistake_is_refused_with_the_config_line_and_the_output_kept(tmp_path, change, message):
    assert_refused_and_kept(tmp_path, change, message)


def test_a_translated_notice_with_the_originals_date_or_none_of_its_own_is_published(tmp_path):
    for translation in (TRANSLATED_NPP, TRANSLATED_NPP.replace("effective_date: 2026-01-01\n", "")):
        result = build(tmp_path, files({"site_config.yaml": SPANISH, NPP_ES: translation}))
        assert result.returncode == 0, result.stderr
        assert "ESTE AVISO DESCRIBE" in read(tmp_path, "es/notice-of-privacy-practices/index.html")


def test_the_header_statement_is_matched_whatever_its_case_and_line_breaks(tmp_path):
    spaced = NPP.replace("**THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED AND\nDISCLOSED",
                         "## This notice describes   how medical information about you may be used and disclosed")
    result = build(tmp_path, files({NPP_PATH: spaced}))
    assert result.returncode == 0, result.stderr


# A site whose default language is Spanish: its notice is written in Spanish, and the build reads
# the header statement in English only (in the notice itself, or in its English translation).
SPANISH_FIRST = CONFIG.replace("  language: en\n", "  language: es\n", 1)
SPANISH_NPP = TRANSLATED_NPP.replace("title: Aviso", "summary: Cómo usamos y protegemos su información.\ntitle: Aviso")
SPANISH_FIRST_MESSAGE = (
    "site_config.yaml:{line}: error: the privacy notice " + NPP_PATH + " lacks the header statement the HIPAA rule "
    "requires; the build can read it only in English: put its English words at the top of the page, beside your own "
    "translation, in a paragraph marked as English (<p lang=\"en\">…</p>){more}: \"" + HEADER + "\"")


def test_a_notice_in_another_language_than_english_is_told_how_to_carry_the_header(tmp_path):
    assert SPANISH_FIRST.count("language: es") == 1
    assert_refused_and_kept(tmp_path / "alone", {"site_config.yaml": SPANISH_FIRST, NPP_PATH: SPANISH_NPP},
                            SPANISH_FIRST_MESSAGE.format(line=PRIVACY_LINE, more=""))
    with_english = SPANISH_FIRST.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n"
                                         "    - {code: en, name: English}\n")
    assert_refused_and_kept(tmp_path / "with-english", {"site_config.yaml": with_english, NPP_PATH: SPANISH_NPP},
                            SPANISH_FIRST_MESSAGE.format(line=line_of(with_english, "privacy_practices:"),
                                                         more=", or write the notice's English translation "
                                                         "(content/pages/notice-of-privacy-practices.en.md) with it"))


@pytest.mark.parametrize("english_words", ["in the notice", "in its English translation"])
def test_a_notice_in_another_language_than_english_carries_the_header_in_english(tmp_path, english_words):
    config = SPANISH_FIRST.replace("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n"
                                   "    - {code: en, name: English}\n")
    site = {"site_config.yaml": config, NPP_PATH: SPANISH_NPP}
    if english_words == "in the notice":
        site[NPP_PATH] = SPANISH_NPP.replace("---\n**ESTE", f'---\n<p lang="en">{HEADER}</p>\n\n**ESTE')
    else:
        site["content/pages/notice-of-privacy-practices.en.md"] = NPP.replace("effective_date: 2026-01-01\n", "")
    result = build(tmp_path, files(site))
    assert result.returncode == 0, result.stderr
    assert "ESTE AVISO DESCRIBE" in read(tmp_path, "notice-of-privacy-practices/index.html")


def test_a_right_to_left_language_the_site_supplies_is_marked_rtl(tmp_path):
    config = CONFIG.replace("ko, nv]", "ko, nv, ks]").replace(
        "      nv:", '      ks: "کٲشُر: {phone}"\n      nv:')
    result = build(tmp_path, files({"site_config.yaml": config}))
    assert result.returncode == 0, result.stderr
    html = read(tmp_path, "nondiscrimination/index.html")
    assert '<li lang="ks" dir="rtl">کٲشُر: <a href="tel:+12175552001" dir="ltr">+1 217-555-2001</a></li>' in html


BAD_DATE = NPP.replace("effective_date: 2026-01-01", "effective_date: January 1, 2026")


@pytest.mark.parametrize("path, notice", [
    (NPP_PATH, BAD_DATE),
    ("content/pages/npp.md", BAD_DATE.replace("title:", "slug: notice-of-privacy-practices\ntitle:")),
], ids=["file-name", "slug"])
def test_a_notice_page_with_a_mistake_is_not_also_said_to_be_missing(tmp_path, path, notice):
    # The page is there, left out for its own error: that error is the one to fix.
    result = build(tmp_path, files({NPP_PATH: None, path: notice}))
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [
        f"{path}:{notice.splitlines().index('effective_date: January 1, 2026') + 1}: error: 'effective_date' must be a "
        "date written YYYY-MM-DD (like 2024-03-18), got 'January 1, 2026'"], result.stderr


def test_a_site_in_another_language_than_english_offers_help_in_english_with_the_themes_tagline(tmp_path):
    config = SPANISH_FIRST.replace("ko, nv]", "ko, nv, en]")
    result = build(tmp_path, files({"site_config.yaml": config}))
    assert result.returncode == 0, result.stderr
    html = read(tmp_path, "nondiscrimination/index.html")
    assert ('<li lang="en">ATTENTION: If you speak English, language assistance services, free of charge, are '
            'available to you. Call <a href="tel:+12175552001" dir="ltr">+1 217-555-2001</a>.</li>') in html
