"""Each problem is reported where the editor can fix it: the file and line they wrote it on,
quoting what they wrote, and nothing else besides (no theme template the site has no copy of,
no second message that contradicts the first).

One tiny site per case; the assertion is the exact lines `check` prints and its exit code."""

from __future__ import annotations

import pytest

try:  # tests/ as a package (`python -m pytest` from the repository root)
    from tests.helpers import MINIMAL_CONFIG, SPANISH_CONFIG, TODAY
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_CONFIG, SPANISH_CONFIG, TODAY  # type: ignore[no-redef]

from haven.cli import main

SUB_PATH = MINIMAL_CONFIG.replace("https://counseling.test/", "https://counseling.test/clinic/")
FRONT = "---\ntitle: A\ndate: 2026-01-05\nsummary: An article.\n---\n"


def check(capsys, site) -> tuple[int, list[str]]:
    """`check` on the site folder: (exit code, the lines it printed)."""
    code = main(["check", "--source", str(site), "--today", TODAY.isoformat()])
    return code, capsys.readouterr().err.splitlines()


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("config", [MINIMAL_CONFIG, SUB_PATH], ids=["root", "sub-path"])
def test_image_without_alt_is_reported_on_its_line_as_written(make_site, capsys, config):
    site = make_site({"site_config.yaml": config, "static/images/door.png": _png(),
                      "content/articles/a.md": FRONT + "Intro.\n\n![](/images/door.png)\n"})
    assert check(capsys, site) == (1, [
        "content/articles/a.md:8: error: image '/images/door.png' has no alt text; describe it for people who "
        "cannot see it: ![a short description](/images/door.png)",
        "1 error.",
    ])


SPANISH = "translations/es.yaml"
ES_TEXTS = ("site:\n  description: Terapia para adultos.\ncrisis:\n  text: ¿En crisis? Llame al 988.\n"
            "locations:\n  downtown: {name: Centro}\nclosures:\n  2026-12-25: Navidad\n")


@pytest.mark.parametrize("english, spanish, link", [
    ("content/articles/sleep.md", "content/articles/sleep.es.md", "/es/blog/sleep/#tips"),
    ("content/pages/sleep.md", "content/pages/sleep.es.md", "/es/sleep/#tips"),
], ids=["article", "page"])
def test_broken_anchor_in_a_translation_is_reported_where_the_editor_wrote_it(make_site, capsys, english, spanish, link):
    # The editor writes /blog/sleep/#tips; the Spanish page links to /es/blog/sleep/#tips,
    # whose headings are in Spanish.
    written = "/blog/sleep/#tips" if "articles" in english else "/sleep/#tips"
    dated = "date: 2026-01-05\n" if "articles" in english else ""
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS,
                      english: f"---\ntitle: Sleep\n{dated}summary: S.\n---\nIntro.\n\n## Tips\n\nText.\n",
                      spanish: f"---\ntitle: Sueño\nsummary: S.\n---\nIntro.\n\n## Consejos\n\nVea [consejos]({written}).\n"})
    assert check(capsys, site) == (1, [
        f"{spanish}:9: error: links to {link}, but that page has no heading or anchor '#tips'; check the spelling, "
        "or link to a heading that exists",
        "1 error.",
    ])


ZH = SPANISH_CONFIG.replace("    - {code: es, name: Español}\n", "    - {code: es, name: Español}\n    - {code: zh-Hans, name: 中文, path: zh}\n")
ZH_TEXTS = ES_TEXTS.replace("Terapia para adultos.", "成人心理咨询。").replace("¿En crisis? Llame al 988.", "危机时请拨打988。")
LISTED = "(languages: es, zh-Hans)"


@pytest.mark.parametrize("name, expected", [
    ("fr.yaml", f"translations/fr.yaml: error: gives texts in 'fr', a language that site.languages in site_config.yaml "
                f"does not list {LISTED}, so this file is not read; add {{code: fr, name: ...}} there, or rename the file"),
    ("zh.yaml", "translations/zh.yaml: error: is not read: 'zh' is the path of the pages in 'zh-Hans' (/zh/), not the "
                "language's code; rename it to translations/zh-Hans.yaml"),
    ("zh-hans.yaml", f"translations/zh-hans.yaml: error: is not read: 'zh-hans' is not the code of a language of the site "
                     f"{LISTED}; rename it to translations/zh-Hans.yaml"),
    ("es.yml", "translations/es.yml: error: is not read: a translations file ends in .yaml; rename it to translations/es.yaml"),
    ("en.yaml", "translations/en.yaml: error: gives texts in 'en', the site's default language, whose texts are "
                "site_config.yaml itself, so this file is not read; write them in site_config.yaml and delete this file"),
])
def test_a_translations_file_no_language_reads_is_an_error(make_site, capsys, name, expected):
    site = make_site({"site_config.yaml": ZH, SPANISH: ES_TEXTS, "translations/zh-Hans.yaml": ZH_TEXTS,
                      f"translations/{name}": "site:\n  description: Bonjour.\n"})
    assert check(capsys, site) == (1, [expected, "1 error."])


def test_a_translations_file_on_a_site_of_one_language_is_an_error(make_site, capsys):
    site = make_site({"translations/es.yaml": ES_TEXTS})
    assert check(capsys, site) == (1, [
        "translations/es.yaml: error: gives texts in 'es', a language that site.languages in site_config.yaml does not "
        "list (languages: none), so this file is not read; add {code: es, name: ...} there, or rename the file",
        "1 error.",
    ])


def test_a_content_page_at_a_languages_home_address_gets_only_its_own_error(make_site, capsys):
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS,
                      "content/pages/es.md": "---\ntitle: Español\nsummary: S.\n---\nText.\n"})
    assert check(capsys, site) == (1, [
        "content/pages/es.md: error: its address /es/ is already used by the home page of the language served under "
        "/es/ (its 'path:' in site_config.yaml, else its code); choose another 'slug:'",
        "1 error.",
    ])  # and no "templates/home.html: ... makes pages without the crisis block": the site has no such file


def test_a_translations_file_that_cannot_be_read_gets_only_its_error(make_site, capsys):
    # French: the theme ships no words for it, so neither warning may follow the error.
    config = SPANISH_CONFIG.replace("{code: es, name: Español}", "{code: fr, name: Français}")
    site = make_site({"site_config.yaml": config, "translations/fr.yaml": "crisis:\n\ttext: En crise ? Appelez le 988.\n"})
    assert check(capsys, site) == (1, [
        "translations/fr.yaml:2: error: a tab is used to indent this line; indent with spaces only (the Tab key inserts a tab)",
        "1 error.",
    ])


NOT_ON_SITE = ("which does not exist on the site; correct the address (pages are at /page-name/, articles at "
               "/blog/article-name/, files from static/ at /file-name)")
SERVICE = "---\ntitle: Therapy\nsummary: {summary}\nfaq:\n  - q: How do I start?\n    a: {answer}\n---\nTherapy for adults.\n"


@pytest.mark.parametrize("summary, answer, line, link", [
    # shown on the service's page, the home page and the list of services: one error, in the service's file
    ("Talk [therapy](/talking/).", "Call us.", 3, "/talking/"),
    ("Talk therapy.", "Meet [the team](/teem/).", 6, "/teem/"),
], ids=["summary", "faq"])
def test_broken_link_in_a_services_front_matter_is_reported_in_its_file(make_site, capsys, summary, answer, line, link):
    site = make_site({"content/services/therapy.md": SERVICE.format(summary=summary, answer=answer)})
    code, lines = check(capsys, site)
    assert (code, [x for x in lines if ": warning: " not in x]) == (1, [
        f"content/services/therapy.md:{line}: error: links to {link}, {NOT_ON_SITE}",
        "1 error, 2 warnings.",
    ])  # (the warnings: a site with services names no Good Faith Estimate or privacy notice)


def test_broken_link_in_a_checklists_intro_is_reported_in_its_file(make_site, capsys):
    # The intro shows on the checklist's page and on the list of self-assessments.
    checklist = ("title: Check\nintro: Read [this](/thiss/) first.\nitems:\n  - {text: I feel judged., topic: rapport}\n"
                 "topics:\n  rapport: {title: Rapport, advice: Talk about it.}\nresults:\n  - {min: 0, max: 1, text: Few.}\n")
    site = make_site({"content/checklists/c.yaml": checklist})
    assert check(capsys, site) == (1, [f"content/checklists/c.yaml:2: error: links to /thiss/, {NOT_ON_SITE}", "1 error."])


# A checklist whose statement (line 3) and result (line 7) each test gives.
CHECKLIST = ("title: Check\nitems:\n  - {{text: '{item}', topic: rapport}}\ntopics:\n  rapport: {{title: Rapport, advice: Talk.}}\n"
             "results:\n  - {{min: 0, max: 1, text: '{result}'}}\n")
NO_ANCHOR = "but that page has no heading or anchor '#nope'; check the spelling, or link to a heading that exists"


@pytest.mark.parametrize("item, result, expected", [
    ("I feel [judged](/judged/).", "Few.", f"content/checklists/c.yaml:3: error: links to /judged/, {NOT_ON_SITE}"),
    ("I feel judged.", "Few. [Read more](/blog/no-such-article/).",
     f"content/checklists/c.yaml:7: error: links to /blog/no-such-article/, {NOT_ON_SITE}"),
    ("I feel judged.", "Few. [Call us](/contact/#nope).", f"content/checklists/c.yaml:7: error: links to /contact/#nope, {NO_ANCHOR}"),
    ("I feel judged.", "Few. [Go](javascript:alert(1)).",
     "content/checklists/c.yaml:7: error: has a javascript: link; scripts are not allowed in pages, link to an address instead"),
], ids=["statement", "result", "result-anchor", "result-script"])
def test_a_link_in_a_checklists_statement_or_result_is_checked_in_its_file(make_site, capsys, item, result, expected):
    site = make_site({"content/checklists/c.yaml": CHECKLIST.format(item=item, result=result)})
    assert check(capsys, site) == (1, [expected, "1 error."])


def test_a_link_in_a_translated_checklist_is_reported_in_the_file_that_holds_it(make_site, capsys):
    # The Spanish checklist gives its own statement and takes its results from the original.
    spanish = "title: Revisión\nitems:\n  - {text: 'Me siento [juzgado](/contact/#nada).', topic: rapport}\n"
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS, "content/checklists/c.es.yaml": spanish,
                      "content/checklists/c.yaml": CHECKLIST.format(item="I feel judged.", result="Few. [More](/blog/gone/).")})
    assert check(capsys, site) == (1, [
        "content/checklists/c.es.yaml:3: error: links to /es/contact/#nada, but that page has no heading or anchor "
        "'#nada'; check the spelling, or link to a heading that exists",
        f"content/checklists/c.yaml:7: error: links to /blog/gone/, {NOT_ON_SITE}",
        # (what it takes from the original shows in English: said once, as for site_config.yaml's texts)
        "content/checklists/c.es.yaml: warning: 3 texts of content/checklists/c.yaml have no translation into 'es': "
        "topics, results, disclaimer; they show in the default language on the 'es' pages. Translate them in "
        "content/checklists/c.es.yaml",
        "2 errors, 1 warning.",
    ])


@pytest.mark.parametrize("original, translation", [
    ("draft: true\n", ""),  # the original a draft: its translation is one too
    ("", "draft: true\n"),  # the translation a draft of its own
], ids=["original", "translation"])
def test_a_drafts_translation_is_not_warned_of_the_texts_it_leaves_out(make_site, capsys, original, translation):
    # Neither page is published, so nothing shows in English on a Spanish page; with --drafts it is.
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS,
                      "content/articles/x.md": f"---\ntitle: X\ndate: 2026-01-05\nsummary: S.\ntags: [sleep]\n{original}---\nS.\n",
                      "content/articles/x.es.md": f"---\ntitle: Equis\nsummary: S.\n{translation}---\nS.\n"})
    code, lines = check(capsys, site)
    assert (code, [line for line in lines if ": note: " not in line]) == (0, [])
    code = main(["check", "--source", str(site), "--today", TODAY.isoformat(), "--drafts"])
    assert "content/articles/x.es.md: warning: 1 text of content/articles/x.md has no translation into 'es': tags" \
        in capsys.readouterr().err


def test_a_broken_link_a_translation_takes_from_its_original_is_reported_once(make_site, capsys):
    # The results (line 7) show on the English and the Spanish page, each linking its own
    # language's contact page: one message at the line, naming the Spanish pages too. The Spanish
    # statement's own broken link is still reported in its own file.
    spanish = "title: Revisión\nitems:\n  - {text: 'Me siento [juzgado](/contact/#nada).', topic: rapport}\n"
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS, "content/checklists/c.es.yaml": spanish,
                      "content/checklists/c.yaml": CHECKLIST.format(item="I feel judged.", result="Few. [Call us](/contact/#nope).")})
    code, lines = check(capsys, site)
    assert (code, [x for x in lines if ": warning: " not in x]) == (1, [
        "content/checklists/c.es.yaml:3: error: links to /es/contact/#nada, but that page has no heading or anchor "
        "'#nada'; check the spelling, or link to a heading that exists",
        f"content/checklists/c.yaml:7: error: links to /contact/#nope, {NO_ANCHOR} (the 'es' pages show this link "
        "too: /es/contact/#nope)",
        "2 errors, 1 warning.",
    ])


def test_a_link_a_translated_service_takes_from_its_original_is_reported_there(make_site, capsys):
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS,
                      "content/services/therapy.md": SERVICE.format(summary="Talk therapy.", answer="Meet [the team](/teem/)."),
                      "content/services/therapy.es.md": "---\ntitle: Terapia\nsummary: Terapia de conversación.\n---\nTerapia.\n"})
    code, lines = check(capsys, site)
    assert (code, [x for x in lines if ": warning: " not in x]) == (1, [
        f"content/services/therapy.md:6: error: links to /teem/, {NOT_ON_SITE}",
        "1 error, 3 warnings.",  # (one says the Spanish page shows the English questions)
    ])


def test_a_picture_used_twice_is_reported_at_the_use_without_alt_text(make_site, capsys):
    site = make_site({"static/images/door.png": _png(), "content/pages/visit.md":
                      "---\ntitle: Visit\nsummary: S.\n---\n![Our front door](/images/door.png)\n\nSome text.\n\n![](/images/door.png)\n"})
    assert check(capsys, site) == (1, [
        "content/pages/visit.md:9: error: image '/images/door.png' has no alt text; describe it for people who "
        "cannot see it: ![a short description](/images/door.png)",
        "1 error.",
    ])


# --- a translation's front matter is checked as its original's -------------------------------

DANA = "content/clinicians/dana.md"
DANA_ES = "content/clinicians/dana.es.md"
NO_PHOTO_ALT = ("error: has a photo but no 'photo_alt'; describe the photo for people who cannot see it, "
                "e.g. photo_alt: Dana Reyes smiling in the office")


def mistakes(capsys, site) -> tuple[int, list[str]]:
    """`check`'s exit code and lines, without the warnings a site with clinicians gets (no notices)."""
    code, lines = check(capsys, site)
    return code, [line for line in lines if ": warning: " not in line]


@pytest.mark.parametrize("spanish, expected", [
    ("name: Dana Reyes\nrole: Terapeuta\nphoto: /images/door.png\n", f"{DANA_ES}:4: {NO_PHOTO_ALT}"),
    ("role: Terapeuta\nphoto: /images/door.png\nphoto_alt: ''\n", f"{DANA_ES}:3: {NO_PHOTO_ALT}"),
    ("role: Terapeuta\nphoto: /images/dana-es.jpg\nphoto_alt: Dana en la oficina\n",
     f"{DANA_ES}:3: error: photo '/images/dana-es.jpg' is not a file of static/; put the photo at "
     "static/images/dana-es.jpg, or fix the address"),
    ("role: Terapeuta\nlocations: [midtown]\n",
     f"{DANA_ES}:3: error: location 'midtown' is not in site_config.yaml's 'locations' (ids: downtown); use one of "
     "those ids"),
    ("role: Terapeuta\nlanguages: [es, qq]\n",
     f"{DANA_ES}:3: error: 'qq' is not a language code known to the CLDR; write codes like en, es, zh-Hans, yue"),
], ids=["photo-without-alt", "blank-alt", "missing-photo", "unknown-location", "unknown-language"])
def test_a_translated_clinicians_own_front_matter_is_checked_as_an_originals(make_site, capsys, spanish, expected):
    # (and only there: no theme template is blamed for the photo it shows)
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS, "static/images/door.png": _png(),
                      DANA: "---\nname: Dana Reyes\nrole: Therapist\nlocations: [downtown]\n---\nBio.\n",
                      DANA_ES: f"---\n{spanish}---\nBiografía.\n"})
    assert mistakes(capsys, site) == (1, [expected, "1 error, 2 warnings."])


def test_a_translated_clinician_takes_the_originals_photo_with_its_alt_text(make_site, capsys):
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS, "static/images/door.png": _png(),
                      DANA: "---\nname: Dana Reyes\nrole: Therapist\nphoto: /images/door.png\nphoto_alt: Dana at the door\n---\nBio.\n",
                      DANA_ES: "---\nrole: Terapeuta\n---\nBiografía.\n"})
    # (the third warning: the photo's alt text is left in English on the Spanish pages)
    assert mistakes(capsys, site) == (0, ["3 warnings."])


def test_a_translated_articles_own_image_needs_its_own_alt_text(make_site, capsys):
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS, "static/images/door.png": _png(),
                      "content/articles/a.md": FRONT + "Text.\n",
                      "content/articles/a.es.md": "---\ntitle: B\nsummary: Un artículo.\nimage: /images/door.png\n---\nTexto.\n"})
    assert check(capsys, site) == (1, [
        "content/articles/a.es.md:4: error: 'image' needs 'image_alt': a short description of the picture for people "
        "who cannot see it",
        "1 error.",
    ])


PROGRESS = ("title: Progress\nitems:\n  - {text: I feel judged., topic: rapport}\n  - {text: I feel worse., topic: rapport}\n"
            "  - {text: I have thought of harming myself., topic: safety, urgent: true}\n"
            "topics:\n  rapport: {title: Rapport, advice: Talk.}\n  safety: {title: Safety, advice: Call 988 now.}\n"
            "results:\n  - {min: 0, max: 3, text: Thanks.}\n")


@pytest.mark.parametrize("items, expected", [
    ("  - {text: Me siento juzgado., topic: rapport}\n", [
        "content/checklists/p.es.yaml:2: error: has no translation of statement 2 of the original "
        "(content/checklists/p.yaml:4: 'I feel worse.', about 'rapport', not urgent); translate every statement of "
        "the original, in its order",
        "content/checklists/p.es.yaml:2: error: has no translation of statement 3 of the original "
        "(content/checklists/p.yaml:5: 'I have thought of harming myself.', about 'safety', urgent); translate every "
        "statement of the original, in its order",
        "2 errors."]),
    ("  - {text: Juzgado., topic: rapport}\n  - {text: Peor., topic: rapport}\n  - {text: Pensé en hacerme daño., topic: safety}\n", [
        "content/checklists/p.es.yaml:5: error: statement 3 is about 'safety', not urgent, but statement 3 of "
        "content/checklists/p.yaml ('I have thought of harming myself.') is about 'safety', urgent; translate the "
        "original's statements in its order, each with its topic and urgent flag",
        "1 error."]),
    ("  - {text: Juzgado., topic: rapport}\n  - {text: Peor., topic: rapport}\n"
     "  - {text: Daño., topic: safety, urgent: true}\n  - {text: Otra., topic: rapport}\n", [
        "content/checklists/p.es.yaml:6: error: statement 4 (about 'rapport', not urgent) translates no statement of "
        "content/checklists/p.yaml; a translation has the original's statements only, in its order: remove it, or "
        "add it to the original first",
        "1 error."]),
], ids=["statements-missing", "urgent-flag-dropped", "statement-added"])
def test_a_translated_checklist_keeps_every_statement_of_its_original(make_site, capsys, items, expected):
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS, "content/checklists/p.yaml": PROGRESS,
                      "content/checklists/p.es.yaml": f"title: Progreso\nitems:\n{items}"})
    assert check(capsys, site) == (1, expected)


def test_a_closure_listed_twice_is_its_error_alone_not_also_a_label_to_share(make_site, capsys):
    # (the second entry is to delete, not to relabel for the translations' sake)
    config = SPANISH_CONFIG.replace("    label: Christmas Day\n",
                                    "    label: Christmas Day\n  - date: 2026-12-25\n    label: Christmas\n")
    site = make_site({"site_config.yaml": config, "content/articles/a.md": FRONT + "Text.\n"})
    code, lines = check(capsys, site)
    assert (code, [line for line in lines if line.startswith("site_config.yaml")]) == (1, [
        "site_config.yaml:24: error: 2026-12-25 is listed twice in 'closures' (first on line 22); keep one",
    ])


def test_a_translations_file_named_in_capitals_is_one_error_naming_the_file_to_rename_it_to(make_site, capsys):
    # 'ES' is not the path of the Spanish pages (/es/), and the file is there: no "there is no translations/es.yaml yet"
    site = make_site({"site_config.yaml": SPANISH_CONFIG, "translations/ES.yaml": ES_TEXTS})
    assert check(capsys, site) == (1, [
        "translations/ES.yaml: error: is not read: 'ES' is not the code of a language of the site (languages: es); "
        "rename it to translations/es.yaml",
        "1 error.",
    ])


def test_a_link_to_a_page_in_a_language_it_is_not_translated_into_says_to_leave_the_path_out(make_site, capsys):
    # The editor wrote the language's path; the page is only in English, and a link written without
    # the path leads to the page in the reader's language where there is one, else to this one.
    site = make_site({"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS,
                      "content/pages/privacy.md": "---\ntitle: Privacy\nsummary: P.\n---\nText.\n",
                      "content/articles/a.md": FRONT + "Text.\n",
                      "content/articles/a.es.md": "---\ntitle: A\nsummary: Un artículo.\n---\nVer [privacidad](/es/privacy/).\n"})
    code, lines = check(capsys, site)
    assert (code, [line for line in lines if ": error: " in line]) == (1, [
        "content/articles/a.es.md:5: error: links to /es/privacy/, which does not exist: content/pages/privacy.md has no "
        "translation into 'es'; write /privacy/ (a link without the language's path leads to the page in the "
        "reader's language where there is one, else to this one)",
    ])


@pytest.mark.parametrize("original, translation, line, expected", [
    ("content/clinicians/dana.md", "content/clinicians/dana.es.md", 3,
     "has a photo but no 'photo_alt'; describe the photo for people who cannot see it, e.g. photo_alt: Dana Reyes "
     "smiling in the office"),
    ("content/articles/a.md", "content/articles/a.es.md", 3,
     "'image' needs 'image_alt': a short description of the picture for people who cannot see it"),
], ids=["clinician", "article"])
def test_a_translation_with_a_picture_of_its_own_and_no_alt_text_is_not_told_the_originals_is_untranslated(
        make_site, capsys, original, translation, line, expected):
    # The original's alt text describes another picture: the error asks for the translation's own, and
    # no warning says the original's shows untranslated.
    files = {"site_config.yaml": SPANISH_CONFIG, SPANISH: ES_TEXTS, "static/images/one.png": _png(),
             "static/images/two.png": _png()}
    if "clinicians" in original:
        files[original] = ("---\nname: Dana Reyes\nrole: Therapist\nphoto: /images/one.png\nphoto_alt: Dana at her desk\n"
                           "---\nBio.\n")
        files[translation] = "---\nrole: Terapeuta\nphoto: /images/two.png\n---\nBiografía.\n"
    else:
        files[original] = FRONT.replace("summary:", "image: /images/one.png\nimage_alt: A door\nsummary:") + "Text.\n"
        files[translation] = "---\ntitle: A\nimage: /images/two.png\nsummary: Un artículo.\n---\nTexto.\n"
    code, lines = check(capsys, make_site(files))
    assert (code, [each for each in lines if each.startswith(translation)]) == (1, [f"{translation}:{line}: error: {expected}"])


def test_a_misspelt_summary_is_its_error_alone_not_also_a_missing_summary(make_site, capsys):
    site = make_site({"content/articles/a.md": "---\ntitle: A\ndate: 2026-01-05\nsumary: An article.\n---\nText.\n",
                      "content/pages/about.md": "---\ntitle: About\nSummary: Who we are.\n---\nText.\n"})
    assert check(capsys, site) == (1, [
        "content/articles/a.md:4: error: unknown key 'sumary'; did you mean 'summary'?",
        "content/pages/about.md:3: error: unknown key 'Summary'; did you mean 'summary'?",
        "2 errors.",
    ])
