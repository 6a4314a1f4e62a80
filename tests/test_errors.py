"""Every kind of editor mistake: exit 1, one clear `path:line: message`, no traceback, and the
previous output left byte for byte as it was. Also the warnings, `check`, the apology for
internal errors, and interrupted builds.

Each case is a tiny site: MINIMAL_CONFIG plus one good article, with one mistake written over
it. The expected line is the exact message an editor sees; docs/errors.md explains each kind.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

try:  # tests/ as a package (`python -m pytest` from the repository root)
    from tests.helpers import (
        MINIMAL_CONFIG,
        ROOT,
        SPANISH_CONFIG,
        THEME,
        TODAY,
        awaiting_review,
        build_site,
        review_notes_and_mistakes,
        write_site,
    )
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import (  # type: ignore[no-redef]
        MINIMAL_CONFIG,
        ROOT,
        SPANISH_CONFIG,
        THEME,
        TODAY,
        awaiting_review,
        build_site,
        review_notes_and_mistakes,
        write_site,
    )

from haven import output as output_module
from haven.cli import main
from haven.pipeline import build
from haven.problems import typed_command

GOOD_ARTICLE = "---\ntitle: Hello\ndate: 2026-01-05\nsummary: A first article.\n---\nA first article.\n"


def cfg(*pairs: str, extra: str = "") -> str:
    """MINIMAL_CONFIG with each (old, new) pair replaced once; fails loudly if `old` is gone."""
    text = MINIMAL_CONFIG
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, f"MINIMAL_CONFIG no longer contains {old!r}"
        text = text.replace(old, new, 1)
    return text + extra


def theme(name: str, old: str, new: str) -> str:
    """A site's own copy of a theme template with `old` replaced everywhere."""
    text = (THEME / name).read_text(encoding="utf-8")
    assert old in text, f"templates/{name} no longer contains {old!r}"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of `needle` in `text`: expected lines in a theme file follow the theme's edits."""
    return text[:text.index(needle)].count("\n") + 1


def art(front: str, body: str = "Some text for the article.") -> str:
    return f"---\n{front}\n---\n{body}\n"


A = "title: A\ndate: 2026-01-05\nsummary: An article."


def _picture(kind: str, claims: tuple[int, int] | None = None, frames: int = 1) -> bytes:
    """A small picture made with Pillow; `claims`: the size a PNG's header says it has instead."""
    import io
    import struct
    import zlib

    from PIL import Image

    out = io.BytesIO()
    images = [Image.effect_noise((64, 48), 40 + i * 20).convert("RGB") for i in range(frames)]
    images[0].save(out, kind, save_all=frames > 1, append_images=images[1:])
    data = out.getvalue()
    if claims:
        header = data[12:16] + struct.pack(">II", *claims) + data[24:29]
        data = data[:12] + header + struct.pack(">I", zlib.crc32(header) & 0xFFFFFFFF) + data[33:]
    return data
PAGE = "---\ntitle: About\nsummary: About us.\n---\nAbout the clinic.\n"
CHECKLIST = """\
title: Is therapy working?
summary: A short checklist.
items:
  - text: I feel judged.
    topic: rapport
  - text: Nothing changes.
    topic: goals
topics:
  rapport: {title: Rapport, advice: Talk about it.}
  goals: {title: Goals, advice: Review them.}
results:
  - {min: 0, max: 1, text: Few signs.}
  - {min: 2, max: 2, text: Several signs.}
"""
BASE_SCRIPT = theme("base.html", "</head>", '<script src="https://analytics.test/a.js" defer></script>\n</head>')
BASE_FONT = theme("base.html", "</head>", '<link rel="stylesheet" href="https://fonts.test/css2?family=Inter">\n</head>')
BASE_INLINE = theme("base.html", "</head>", "<script>window.x = 1;</script>\n</head>")
BASE_OWN_SCRIPT = theme("base.html", "</head>", '<script src="/extra.js" defer></script>\n</head>')
BASE_NO_CRISIS = theme("base.html", '{{ shared_part("partials/crisis.html") -}}', "")
# The crisis block kept, words and all, where a browser does not show it.
CRISIS_HIDDEN = theme("partials/crisis.html", 'id="crisis"', 'id="crisis" hidden')
CRISIS_COMMENTED = "<!--\n" + theme("partials/crisis.html", 'id="crisis"', 'id="crisis"') + "-->\n"
BASE_CRISIS_ARIA_HIDDEN = theme("base.html", '{{ shared_part("partials/crisis.html") -}}',
                                '<div aria-hidden="true">{{ shared_part("partials/crisis.html") }}</div>')
CRISIS_PRESS_3 = theme("partials/crisis.html", "{{ config.crisis.text | in_own_lang }}",
                       "{{ config.crisis.text | in_own_lang }} LGBTQ+ youth: press 3.")
SYMPTOMS_FIELD = 'name="symptoms"'
CONTACT_SYMPTOMS = theme("contact.html", 'name="message"', SYMPTOMS_FIELD)
CONTACT_DIAGNOSIS = theme("contact.html", "Short message", "Your diagnosis")
FORM = ("crisis:", "contact:\n  form_action: https://forms.counseling.test/send\ncrisis:")
A_MD = "content/articles/a.md"
# An old address's page that leaves the crisis block out.
REDIRECT_NO_CRISIS = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Moved</title>
<meta http-equiv="refresh" content="0; url={{ url(target) }}"></head>
<body>
<main id="main"><p>Now at <a href="{{ url(target) }}">{{ title }}</a>.</p></main>
</body>
</html>
"""
CL_YAML = "content/checklists/c.yaml"

CL_ES = "content/checklists/c.es.yaml"
SPANISH = cfg("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n    - {code: es, name: Español}\n")
URGENT_CHECKLIST = ("title: C\nitems:\n  - {text: I feel judged., topic: rapport}\n  - {text: I feel worse., topic: rapport}\n"
                    "  - {text: I have thought of harming myself., topic: safety, urgent: true}\n"
                    "topics:\n  rapport: {title: Rapport, advice: Talk.}\n  safety: {title: Safety, advice: Call 988 now.}\n"
                    "results:\n  - {min: 0, max: 3, text: Thanks.}\n")
ES_STATEMENTS = "title: C\nitems:\n  - {text: Juzgado., topic: rapport}\n  - {text: Peor., topic: rapport}\n"


def translated_checklist(items: str) -> dict[str, str]:
    return {"site_config.yaml": SPANISH, CL_YAML: URGENT_CHECKLIST, CL_ES: ES_STATEMENTS + items}


# A site's base.html adding a line to the theme's footer; {} is what the line shows.
OWN_FOOTER = '{{% extends "theme/base.html" %}}\n{{% block footer %}}\n<p>{{{{ {} }}}}</p>\n{{{{ super() }}}}\n{{% endblock %}}\n'

X_DEFAULT_LINE = line_of((THEME / "base.html").read_text(encoding="utf-8"), 'hreflang="x-default"')
CASES = {
    # --- YAML syntax, front matter ---------------------------------------------------------
    "yaml-config": ({"site_config.yaml": cfg("title: Quiet Harbor Counseling", "title: Quiet: Harbor")},
        "site_config.yaml:2: error: the value has a colon followed by a space (column 15), which starts a new 'key: value'; put the whole value in double quotes: title: \"Quiet: Harbor\""),
    "yaml-config-tab": ({"site_config.yaml": cfg("  language: en", "\tlanguage: en")},
        "site_config.yaml:4: error: a tab is used to indent this line; indent with spaces only (the Tab key inserts a tab)"),
    # (a line that looks blank, as an editor's automatic indent leaves it)
    "yaml-config-blank-line-with-a-tab": ({"site_config.yaml": cfg("  language: en\n", "  language: en\n\t\n")},
        "site_config.yaml:5: error: this line looks blank but holds a tab, which YAML does not allow; delete the tab "
        "(a blank line must be empty, and indents are spaces only)"),
    "yaml-front-matter": ({A_MD: art("title: Hello: world\ndate: 2026-01-05")},
        "content/articles/a.md:2: error: the value has a colon followed by a space (column 13), which starts a new 'key: value'; put the whole value in double quotes: title: \"Hello: world\""),
    "yaml-unclosed-quote": ({A_MD: art('title: "Hello\ndate: 2026-01-05')},
        "content/articles/a.md:2: error: the closing quote is missing: the \" in column 8 is never closed; add \" at the end of the value"),
    "yaml-checklist": ({CL_YAML: CHECKLIST.replace("title: Is therapy working?", "title: Therapy: working?")},
        "content/checklists/c.yaml:1: error: the value has a colon followed by a space (column 15), which starts a new 'key: value'; put the whole value in double quotes: title: \"Therapy: working?\""),
    "yaml-no-space-after-colon": ({A_MD: art("title: Hello\ndate:2026-01-05")},
        "content/articles/a.md:3: error: a space is missing after the colon; write 'date: 2026-01-05'"),
    "yaml-indentation": ({"site_config.yaml": cfg("  language: en", "   language: en")},
        "site_config.yaml:4: error: the indentation does not line up: this line starts after 3 spaces, line 3 after 2 spaces; "
        "the keys of one group must start in the same column (line it up with the key it belongs beside)"),
    "yaml-unclosed-quote-found-later": ({A_MD: art('title: "Hello\ndate: 2026-01-05\nsummary: "Hi"')},
        "content/articles/a.md:2: error: the closing quote is missing: the \" in column 8 is never closed; add \" at the end of the value"),
    "placeholder-summary": ({A_MD: art("title: A\ndate: 2026-01-05\nsummary: One or two sentences that say what the reader will get from this article.\ndraft: false")},
        "content/articles/a.md:4: error: still has the example summary that 'new' wrote; write one or two sentences of your own, "
        "or keep 'draft: true' until the article is ready"),
    "placeholder-body": ({A_MD: art(A, "Write the article here. Start with a short paragraph, then use '## ' for each section heading.")},
        "content/articles/a.md:6: error: still has the example text that 'new' wrote (\"Write the article here...\"); replace it "
        "with the article, or keep 'draft: true' until the article is ready"),
    "closure-location-with-a-space": ({"site_config.yaml": cfg("    label: Christmas Day", "    label: Christmas Day\n    locations: [down town]")},
        "site_config.yaml:20: error: closure on 2026-12-25 names location 'down town', which is not in 'locations' (ids: downtown); use one of those ids"),
    "yaml-duplicate-key": ({A_MD: art("title: A\ntitle: B\ndate: 2026-01-05")},
        "content/articles/a.md:3: error: 'title' is given twice (first on line 2); keep one"),
    "yaml-nested-too-deep": ({A_MD: art("title: A\ndate: 2026-01-05\ntags: " + "[" * 60 + "]" * 60)},
        "content/articles/a.md:4: error: is nested too deeply (more than 50 levels of lists or groups), or a '*name' refers back to itself; simplify it"),
    "front-matter-never-closed": ({A_MD: "---\ntitle: A\ndate: 2026-01-05\nSome text.\n"},
        "content/articles/a.md:1: error: front matter starting here is never closed; add a line with just '---' after the last 'key: value' line"),
    "front-matter-missing": ({A_MD: "# A\n\nSome text.\n"},
        "content/articles/a.md:1: error: must start with front matter: a line '---', then 'title: ...' and 'date: ...', then '---'"),
    "front-matter-empty": ({A_MD: "---\n---\nSome text.\n"},
        "content/articles/a.md:1: error: front matter is empty; it needs at least 'title: ...'"),
    # a clinician is known by a name and a role, not a title and a date
    "front-matter-empty-clinician": ({"content/clinicians/dana.md": "---\n---\nBiography.\n"},
        "content/clinicians/dana.md:1: error: front matter is empty; it needs at least 'name: ...'"),
    "front-matter-missing-clinician": ({"content/clinicians/dana.md": "Dana Reyes is a counsellor.\n"},
        "content/clinicians/dana.md:1: error: must start with front matter: a line '---', then 'name: ...' and 'role: ...', then '---'"),
    "front-matter-not-keys": ({A_MD: "---\n- a list\n---\nSome text.\n"},
        "content/articles/a.md:2: error: this file must be a group of 'key: value' lines"),
    # --- keys, required fields, types -----------------------------------------------------
    "unknown-key-config": ({"site_config.yaml": cfg("  language: en", "  langauge: en")},
        "site_config.yaml:4: error: unknown key 'site.langauge'; did you mean 'language'?"),
    "unknown-key-front-matter": ({A_MD: art(A + "\nsumary: x")},
        "content/articles/a.md:5: error: unknown key 'sumary'; did you mean 'summary'?"),
    "unknown-key-checklist": ({CL_YAML: CHECKLIST + "disclamer: Not a diagnosis.\n"},
        "content/checklists/c.yaml:14: error: unknown key 'disclamer'; did you mean 'disclaimer'?"),
    "unknown-section-config": ({"site_config.yaml": cfg(extra="navigaton:\n  - {title: Home, url: /}\n")},
        "site_config.yaml:32: error: unknown key 'navigaton'; did you mean 'navigation'?"),
    "required-title": ({A_MD: art("date: 2026-01-05")},
        "content/articles/a.md:2: error: required key 'title' is missing; add it, e.g. `title: Not making progress in therapy?`"),
    "required-date": ({A_MD: art("title: A")},
        "content/articles/a.md:2: error: required key 'date' is missing; add it, e.g. `date: 2024-03-18`"),
    "required-config-section": ({"site_config.yaml": MINIMAL_CONFIG.split("crisis:")[0]},
        "site_config.yaml:1: error: required key 'crisis' is missing; add it, e.g. `crisis: (a group with text and phone)`"),
    "required-blank": ({A_MD: art('title: ""\ndate: 2026-01-05')},
        "content/articles/a.md:2: error: 'title' is blank; it is required, so write its text"),
    "type-number": ({"site_config.yaml": cfg("copyright_start: 2020", "copyright_start: twenty")},
        "site_config.yaml:6: error: 'site.copyright_start' must be a whole number written in digits (like 2024), got 'twenty'"),
    # a number's example fits its key: a position is not a year
    "type-number-order": ({"content/clinicians/dana.md": "---\nname: Dana Reyes\nrole: Psychotherapist\norder: first\n---\nBiography.\n"},
        "content/clinicians/dana.md:4: error: 'order' must be a whole number written in digits (like 10), got 'first'"),
    # a language written by its name, as staff say it: the message gives its code
    "language-by-its-name": ({"content/clinicians/dana.md": "---\nname: Dana Reyes\nrole: Psychotherapist\nlanguages: [en, Spanish]\n---\nBiography.\n"},
        "content/clinicians/dana.md:4: error: 'languages[2]' must be a language code like en, es or zh-Hans, got 'Spanish': "
        "that is a language's name; write its code, es"),
    "language-by-its-own-name": ({"content/clinicians/dana.md": "---\nname: Dana Reyes\nrole: Psychotherapist\nlanguages: [Tiếng Việt, Cantonese]\n---\nBiography.\n"},
        "content/clinicians/dana.md:4: error: 'languages[1]' must be a language code like en, es or zh-Hans, got 'Tiếng Việt': "
        "that is a language's name; write its code, vi"),
    "site-language-by-its-name": ({"site_config.yaml": cfg("language: en", "language: English")},
        "site_config.yaml:4: error: 'site.language' must be a language code like en, es or zh-Hans, got 'English': "
        "that is a language's name; write its code, en"),
    "type-number-service-order": ({"content/services/therapy.md": "---\ntitle: Therapy\nsummary: Talk.\norder: first\n---\nTherapy.\n"},
        "content/services/therapy.md:4: error: 'order' must be a whole number written in digits (like 2), got 'first'"),
    "type-true-false": ({A_MD: art(A + "\ndraft: maybe")},
        "content/articles/a.md:5: error: 'draft' must be true or false, got 'maybe'; write true or false"),
    "type-list": ({A_MD: art(A + "\ntags: {a: b}")},
        "content/articles/a.md:5: error: 'tags' must be a list (lines starting with '- ')"),
    "type-single-value": ({A_MD: art("title: [A, B]\ndate: 2026-01-05")},
        "content/articles/a.md:2: error: 'title' must be a single value, not a list"),
    # --- dates ------------------------------------------------------------------------------
    "date-malformed": ({A_MD: art("title: A\ndate: 05/01/2026")},
        "content/articles/a.md:3: error: 'date' must be a date written YYYY-MM-DD (like 2024-03-18), got '05/01/2026'"),
    "date-impossible": ({A_MD: art("title: A\ndate: 2024-02-30")},
        "content/articles/a.md:3: error: 'date' is not a real date: '2024-02-30'; check the month and the day (YYYY-MM-DD)"),
    "date-impossible-closure": ({"site_config.yaml": cfg("date: 2026-12-25", "date: 2026-02-30")},
        "site_config.yaml:20: error: 'closures[1].date' is not a real date: '2026-02-30'; check the month and the day (YYYY-MM-DD)"),
    # a word processor's curly quotes are kept as part of the value: the message says so, and how to write it
    "date-curly-quotes": ({A_MD: art("title: A\ndate: \u201c2026-01-05\u201d")},
        "content/articles/a.md:3: error: 'date' must be a date written YYYY-MM-DD (like 2024-03-18), got '\u201c2026-01-05\u201d'; "
        "its quotes are a word processor's curly ones (\u201c \u201d), which YAML keeps as part of the value: write \"2026-01-05\" with straight quotes"),
    "phone-curly-quotes": ({"site_config.yaml": cfg('phone: "+1 217-555-2000"', "phone: \u201c+1 217-555-2000\u201d")},
        "site_config.yaml:9: error: 'clinic.phone' must be a phone number like \"+1 212-555-0100\", got '\u201c+1 217-555-2000\u201d'; "
        "its quotes are a word processor's curly ones (\u201c \u201d), which YAML keeps as part of the value: write \"+1 217-555-2000\" with straight quotes"),
    "hours-curly-quotes": ({"site_config.yaml": cfg('monday: "09:00-17:00"', "monday: \u201809:00-17:00\u2019")},
        "site_config.yaml:12: error: 'hours.monday' must be hours like \"09:00-17:00\" (24-hour clock), a list of them, or closed; got '\u201809:00-17:00\u2019'; "
        "its quotes are a word processor's curly ones (\u2018 \u2019), which YAML keeps as part of the value: write \"09:00-17:00\" with straight quotes"),
    # --- hours, time zone, locations --------------------------------------------------------
    "hours-format": ({"site_config.yaml": cfg('monday: "09:00-17:00"', 'monday: "9am-5pm"')},
        "site_config.yaml:12: error: 'hours.monday' must be hours like \"09:00-17:00\" (24-hour clock), a list of them, or closed; got '9am-5pm'; "
        "write it on the 24-hour clock: monday: \"09:00-17:00\""),
    "hours-twelve-hour-clock-in-a-closure": ({"site_config.yaml": cfg("    label: Christmas Day", '    label: Christmas Day\n    hours: 9:30 a.m. to 1 p.m.')},
        "site_config.yaml:22: error: 'closures[1].hours' must be hours like \"09:00-17:00\" (24-hour clock), a list of them, or closed; "
        "got '9:30 a.m. to 1 p.m.'; write it on the 24-hour clock: \"09:30-13:00\""),
    # 5:00 meant in the afternoon, not a night shift until 5 in the morning
    "hours-twelve-hour-clock-without-am-pm": ({"site_config.yaml": cfg('monday: "09:00-17:00"', 'monday: "9:00-5:00"')},
        "site_config.yaml:12: error: 'hours.monday' closes before it opens: '9:00-5:00'; hours are written on the 24-hour clock: "
        "for 9:00 am to 5:00 pm write \"09:00-17:00\""),
    "hours-two-ranges-in-one-text": ({"site_config.yaml": cfg('monday: "09:00-17:00"', 'monday: "9am-12pm, 1pm-5pm"')},
        "site_config.yaml:12: error: 'hours.monday' must be hours like \"09:00-17:00\" (24-hour clock), a list of them, or closed; "
        "got '9am-12pm, 1pm-5pm'; write the ranges as a list, on the 24-hour clock: monday: [\"09:00-12:00\", \"13:00-17:00\"]"),
    "hours-end-before-start": ({"site_config.yaml": cfg('monday: "09:00-17:00"', 'monday: "17:00-09:00"')},
        "site_config.yaml:12: error: 'hours.monday' closes before it opens: '17:00-09:00'; the second time must be later (use the 24-hour clock, e.g. 17:00); "
        "if it runs past midnight, split it there: monday: \"17:00-24:00\" and tuesday: \"00:00-09:00\""),
    "hours-past-midnight": ({"site_config.yaml": cfg('sunday: closed', 'sunday: "22:00-02:00"')},
        "site_config.yaml:18: error: 'hours.sunday' closes before it opens: '22:00-02:00'; the second time must be later (use the 24-hour clock, e.g. 17:00); "
        "if it runs past midnight, split it there: sunday: \"22:00-24:00\" and monday: \"00:00-02:00\""),
    "hours-until-midnight": ({"site_config.yaml": cfg('friday: "09:00-15:00"', 'friday: "18:00-00:00"')},
        "site_config.yaml:16: error: 'hours.friday' closes before it opens: '18:00-00:00'; the second time must be later (use the 24-hour clock, e.g. 17:00); "
        "midnight at the end of the day is written 24:00: '18:00-24:00'"),
    "hours-overlap": ({"site_config.yaml": cfg('["09:00-12:00", "13:00-19:00"]', '["09:00-13:00", "12:00-19:00"]')},
        "site_config.yaml:14: error: 'hours.wednesday' has overlapping hours: 9:00 am – 1:00 pm and 12:00 pm – 7:00 pm; merge them into one range"),
    # two ranges without the square brackets that make them a list
    "hours-list-without-brackets": ({"site_config.yaml": cfg('["09:00-12:00", "13:00-19:00"]', '"09:00-12:00", "13:00-19:00"')},
        "site_config.yaml:14: error: several values are written one after another, separated by a comma; a list of them "
        "goes in square brackets: wednesday: [\"09:00-12:00\", \"13:00-19:00\"]"),
    # text after a value's closing quote: the quote ended the value; nothing to do with indentation
    "yaml-text-after-closing-quote": ({A_MD: art('title: "Hi", she said\ndate: 2026-01-05')},
        "content/articles/a.md:2: error: text follows the closing quote in column 11, but a value in quotes ends at "
        "its closing quote; put the whole value in quotes: title: '\"Hi\", she said'"),
    "yaml-list-item-values-with-a-comma": ({A_MD: art('title: A\ndate: 2026-01-05\ntags:\n  - "sleep", "rest"')},
        "content/articles/a.md:5: error: several values are written one after another, separated by a comma; give each "
        "item of the list its own '- ' line, or, if it is one value, put all of it in quotes: - '\"sleep\", \"rest\"'"),
    "hours-weekday": ({"site_config.yaml": cfg('monday: "09:00-17:00"', 'mondy: "09:00-17:00"')},
        "site_config.yaml:12: error: 'hours.mondy' is not a weekday; did you mean 'monday'?"),
    "hours-impossible-time": ({"site_config.yaml": cfg('monday: "09:00-17:00"', 'monday: "09:00-25:00"')},
        "site_config.yaml:12: error: 'hours.monday' has a time that does not exist: '09:00-25:00'; if it runs past midnight, split it there: monday: \"09:00-24:00\" and tuesday: \"00:00-01:00\""),
    "hours-closure": ({"site_config.yaml": cfg("    label: Christmas Day", '    label: Christmas Day\n    hours: "13:00-09:00"')},
        "site_config.yaml:22: error: 'closures[1].hours' closes before it opens: '13:00-09:00'; the second time must be later (use the 24-hour clock, e.g. 17:00); "
        "if it runs past midnight, split it there: '13:00-24:00' on this day and '00:00-09:00' on the next"),
    "timezone": ({"site_config.yaml": cfg("America/Chicago", "America/Chicgo")},
        "site_config.yaml:8: error: 'clinic.timezone' is not a time zone name: 'America/Chicgo'; use an IANA name; did you mean 'America/Chicago'?"),
    # Python knows EST, but as an offset without summer time: hours would be an hour off half the year
    "timezone-abbreviation": ({"site_config.yaml": cfg("America/Chicago", "EST")},
        "site_config.yaml:8: error: 'clinic.timezone' is not a time zone name: 'EST'; use the IANA name of the clinic's place, which follows its summer time (an abbreviation does not): did you mean 'America/New_York'?"),
    # (by spelling alone, CST would be 'UCT', universal time)
    "timezone-abbreviation-unknown-to-python": ({"site_config.yaml": cfg("America/Chicago", "CST")},
        "site_config.yaml:8: error: 'clinic.timezone' is not a time zone name: 'CST'; use the IANA name of the clinic's place, which follows its summer time (an abbreviation does not): did you mean 'America/Chicago'?"),
    "location-no-street": ({"site_config.yaml": cfg("    street: 1 Main St\n", "")},
        "site_config.yaml:23: error: required key 'street' is missing (in 'locations[1]'); add it, e.g. `street: \"26 Court St #808\"`"),
    "location-duplicate-id": ({"site_config.yaml": cfg("locations:\n", "locations:\n  - id: downtown\n    name: Uptown\n    street: 9 Elm St\n    city: Springfield\n")},
        "site_config.yaml:27: error: location id 'downtown' is used twice (first on line 23); each location needs its own id"),
    "closure-unknown-location": ({"site_config.yaml": cfg("    label: Christmas Day", "    label: Christmas Day\n    locations: [uptown]")},
        "site_config.yaml:20: error: closure on 2026-12-25 names location 'uptown', which is not in 'locations' (ids: downtown); use one of those ids"),
    "base-url-not-absolute": ({"site_config.yaml": cfg("https://counseling.test/", "counseling.test")},
        "site_config.yaml:3: error: 'site.base_url' must be an absolute address starting with https://, like https://www.your-clinic.org/, got 'counseling.test'"),
    "base-url-path-only": ({"site_config.yaml": cfg("https://counseling.test/", "/clinic/")},
        "site_config.yaml:3: error: 'site.base_url' must be an absolute address starting with https://, like https://www.your-clinic.org/, got '/clinic/'"),
    "allowed-host-with-scheme": ({"site_config.yaml": cfg(extra="allowed_hosts: [https://cdn.test/]\n")},
        "site_config.yaml:32: error: 'allowed_hosts[1]' must be a bare host name in lowercase, like cdn.example.org (no https://, no path), got 'https://cdn.test/'"),
    # --- addresses: duplicates, collisions, unsafe slugs ---------------------------------------
    "duplicate-slug": ({A_MD: art(A + "\nslug: same"), "content/articles/b.md": art("title: B\ndate: 2026-01-06\nslug: same")},
        "content/articles/b.md:4: error: has the address /blog/same/, which content/articles/a.md already uses; give one of them another 'slug:'"),
    "duplicate-slug-file-name": ({A_MD: art(A), "content/articles/b.md": art("title: B\ndate: 2026-01-06\nslug: a")},
        "content/articles/b.md:4: error: has the address /blog/a/, which content/articles/a.md already uses; give one of them another 'slug:'"),
    "duplicate-page-slug": ({"content/pages/about.md": PAGE, "content/pages/team.md": PAGE.replace("title: About", "title: Team\nslug: about")},
        "content/pages/team.md:3: error: has the address /about/, which content/pages/about.md already uses; give one of them another 'slug:'"),
    "collision-page-contact": ({"content/pages/contact.md": PAGE},
        "content/pages/contact.md: error: its address /contact/ is already used by the page 'Contact us' that the site makes itself; choose another 'slug:'"),
    "collision-page-blog": ({"content/pages/news.md": PAGE.replace("title: About", "title: News\nslug: blog")},
        "content/pages/news.md:3: error: its address /blog/ is already used by the page 'Blog' that the site makes itself; choose another 'slug:'"),
    "collision-alias-page": ({A_MD: art(A + "\naliases: [/about/]"), "content/pages/about.md": PAGE},
        "content/articles/a.md:5: error: the old address /about/ is already used by content/pages/about.md; remove it from 'aliases'"),
    "collision-alias-alias": ({A_MD: art(A + "\naliases: [/old/]"), "content/articles/b.md": art("title: B\ndate: 2026-01-05\naliases: [/old/]")},
        "content/articles/a.md:5: error: the old address /old/ is already used by an old address in the 'aliases' of content/articles/b.md; remove it from 'aliases'"),
    "collision-alias-itself": ({A_MD: art(A + "\naliases: [/blog/a/]")},
        "content/articles/a.md:5: error: the old address /blog/a/ is already used by this file's own page; remove it from 'aliases'"),
    "collision-alias-home": ({A_MD: art(A + "\naliases: [/]")},
        "content/articles/a.md:5: error: the old address / is already used by the page 'Quiet Harbor Counseling' that the site makes itself; remove it from 'aliases'"),
    "collision-alias-feed": ({A_MD: art(A + "\naliases: [/feed.xml]")},
        "content/articles/a.md:5: error: the old address /feed.xml is already used by the news feed; remove it from 'aliases'"),
    "collision-static-page": ({"static/contact/index.html": "<p>old contact page</p>\n"},
        "static/contact/index.html: error: has the same address as a page the site makes (/contact/index.html); rename or remove it"),
    # (the search index is made for every site; a copy of an old one in static/ would have replaced it, search broken)
    "collision-static-search-index": ({"static/search/index/manifest.json": "{}\n"},
        "static/search/index/manifest.json: error: has the same address as a file the site makes (/search/index/manifest.json); rename or remove it"),
    "slug-dot-dot": ({A_MD: art(A + "\nslug: ../etc")},
        "content/articles/a.md:5: error: 'slug' must use only lowercase letters, digits and hyphens (it becomes part of a web address), got '../etc'; write slug: etc"),
    "slug-slash": ({A_MD: art(A + "\nslug: a/b")},
        "content/articles/a.md:5: error: 'slug' must use only lowercase letters, digits and hyphens (it becomes part of a web address), got 'a/b'; write slug: a-b"),
    "slug-characters": ({A_MD: art(A + "\nslug: héllo wörld")},
        "content/articles/a.md:5: error: 'slug' must use only lowercase letters, digits and hyphens (it becomes part of a web address), got 'héllo wörld'; write slug: hello-world"),
    "file-name-unsafe": ({"content/articles/Hello World.md": art(A)},
        "content/articles/Hello World.md: error: the file name cannot be used as a web address; rename it to 'hello-world.md' or add 'slug: hello-world'"),
    "file-name-punctuation": ({"content/articles/!!!.md": art(A.replace("title: A", "title: Sleep tips"))},
        "content/articles/!!!.md: error: the file name cannot be used as a web address; rename it to 'sleep-tips.md' or add 'slug: sleep-tips'"),
    # a clinician's file name is its id, and it has no 'slug:' to add: renaming is the one fix offered
    "clinician-file-name-capitals": ({"content/clinicians/Dana-Reyes.md": "---\nname: Dana Reyes\nrole: Psychotherapist\n---\nBiography.\n"},
        "content/clinicians/Dana-Reyes.md: error: the file name cannot be used as a web address; rename it to 'dana-reyes.md'"),
    "checklist-file-name-script": ({"content/checklists/睡眠.yaml": CHECKLIST},
        "content/checklists/睡眠.yaml: error: the file name cannot be used as a web address; rename it to 'is-therapy-working.yaml'"),
    "alias-dot-dot": ({A_MD: art(A + "\naliases: [/a/../../x/]")},
        "content/articles/a.md:5: error: 'aliases[1]' must not contain '..' or '\\', got '/a/../../x/'"),
    "alias-not-site-path": ({A_MD: art(A + "\naliases: [https://old.test/a/]")},
        "content/articles/a.md:5: error: 'aliases[1]' must be an old address on this site starting with '/', like /2019/05/old-post/, got 'https://old.test/a/'"),
    # --- links and images ----------------------------------------------------------------------
    "link-broken": ({A_MD: art(A, "Intro.\n\nSee [this](/blog/nope/) here.")},
        "content/articles/a.md:8: error: links to /blog/nope/, which does not exist on the site; correct the address (pages are at /page-name/, articles at /blog/article-name/, files from static/ at /file-name)"),
    "link-broken-no-slash": ({A_MD: art(A, "Intro.\n\nSee [the page](/abuot) here.")},
        "content/articles/a.md:8: error: links to /abuot/, which does not exist on the site; correct the address (pages are at /page-name/, articles at /blog/article-name/, files from static/ at /file-name)"),
    # a near miss (a letter left out) is shown the address it nearly is, as written: one that carries a
    # further language's path ('/es/…') among that language's addresses, the anchor kept
    "link-near-miss": ({A_MD: art(A, "Intro.\n\nSee [sleep](/blog/sleep-basic/) here."),
                        "content/articles/sleep-basics.md": art(A.replace("title: A", "title: Sleep"))},
        "content/articles/a.md:8: error: links to /blog/sleep-basic/, which does not exist on the site; did you mean /blog/sleep-basics/?"),
    "link-near-miss-in-a-language": ({"site_config.yaml": SPANISH_CONFIG, A_MD: art(A),
                                      "content/articles/a.es.md": "---\ntitle: Ae\nsummary: Es.\n---\nVer [el sueño](/es/blog/sleep-basic/#tips).\n",
                                      "content/articles/sleep-basics.md": art(A.replace("title: A", "title: Sleep")),
                                      "content/articles/sleep-basics.es.md": "---\ntitle: Sueño\nsummary: Es.\n---\nSueño.\n"},
        "content/articles/a.es.md:5: error: links to /es/blog/sleep-basic/#tips, which does not exist on the site; did you mean /es/blog/sleep-basics/#tips?"),
    "link-anchor-other-page": ({A_MD: art(A, "Intro.\n\n## Next steps\n\nSee [below](/blog/a/#next-step).")},
        "content/articles/a.md:10: error: links to /blog/a/#next-step, but that page has no heading or anchor '#next-step'; did you mean #next-steps?"),
    "link-anchor-same-page": ({A_MD: art(A, "Intro.\n\n## Next steps\n\nSee [below](#next-step).")},
        "content/articles/a.md:10: error: links to #next-step, but this page has no heading or anchor with that name; did you mean #next-steps?"),
    # The same link on a page with the anchor and on one without (each page before the other):
    # a tag found clean on one page is still asked whether this page has its anchor.
    "link-anchor-same-page-after-one-with-it": ({
        A_MD: art(A, "Intro.\n\n## Next steps\n\nSee [below](#next-steps)."),
        "content/articles/b.md": art(A.replace("title: A", "title: B"), "Intro.\n\nSee [below](#next-steps).")},
        "content/articles/b.md:8: error: links to #next-steps, but this page has no heading or anchor with that name; check the spelling, or link to a heading that exists"),
    "link-anchor-same-page-before-one-with-it": ({
        A_MD: art(A, "Intro.\n\nSee [below](#next-steps)."),
        "content/articles/b.md": art(A.replace("title: A", "title: B"), "Intro.\n\n## Next steps\n\nSee [below](#next-steps).")},
        "content/articles/a.md:8: error: links to #next-steps, but this page has no heading or anchor with that name; check the spelling, or link to a heading that exists"),
    "link-relative": ({A_MD: art(A, "Intro.\n\nSee [this](other-article/).")},
        "content/articles/a.md:8: error: link 'other-article/' is relative; write site links from the root, like /blog/some-article/ or /images/photo.jpg"),
    "link-navigation": ({"site_config.yaml": cfg(extra="navigation:\n  - {title: Home, url: /}\n  - {title: About, url: /about/}\n")},
        "site_config.yaml:34: error: links to /about/, which does not exist on the site; correct the address (pages are at /page-name/, articles at /blog/article-name/, files from static/ at /file-name)"),
    "link-navigation-anchor": ({"site_config.yaml": cfg(extra="navigation:\n  - {title: Hours, url: /contact/#opening-hours}\n")},
        "site_config.yaml:33: error: links to /contact/#opening-hours, but that page has no heading or anchor '#opening-hours'; did you mean #footer-hours?"),
    "link-config-markdown": ({"site_config.yaml": cfg(extra="contact:\n  intro: See [our team](/team/).\n")},
        "site_config.yaml:33: error: links to /team/, which does not exist on the site; correct the address (pages are at /page-name/, articles at /blog/article-name/, files from static/ at /file-name)"),
    "link-checklist-markdown": ({CL_YAML: CHECKLIST.replace("  rapport: {title: Rapport, advice: Talk about it.}", "  rapport:\n    title: Rapport\n    advice: See [rapport](/rapport/).")},
        "content/checklists/c.yaml:11: error: links to /rapport/, which does not exist on the site; correct the address (pages are at /page-name/, articles at /blog/article-name/, files from static/ at /file-name)"),
    "link-checklist-result": ({CL_YAML: CHECKLIST.replace("text: Few signs.}", 'text: "Few signs. See [more](/blog/no-such-article/)."}')},
        "content/checklists/c.yaml:12: error: links to /blog/no-such-article/, which does not exist on the site; correct the address (pages are at /page-name/, articles at /blog/article-name/, files from static/ at /file-name)"),
    "image-no-alt": ({A_MD: art(A, "Intro.\n\n![](/images/door.png)"), "static/images/door.png": "png"},
        "content/articles/a.md:8: error: image '/images/door.png' has no alt text; describe it for people who cannot see it: ![a short description](/images/door.png)"),
    "image-missing-file": ({A_MD: art(A, "Intro.\n\n![The front door](/images/door.png)")},
        "content/articles/a.md:8: error: shows the image /images/door.png, which does not exist; put the file at static/images/door.png or correct the address"),
    # a phone's IMG_0412.JPG shown as img_0412.jpg: found on a Mac or Windows, where capitals do not
    # count in file names, but not on the web host; the file there is named, not asked to be put there
    "image-in-other-capitals": ({A_MD: art(A, "Intro.\n\n![The front door](/images/img_0412.jpg)"),
                                 "static/images/IMG_0412.JPG": _picture("JPEG")},
        "content/articles/a.md:8: error: shows the image /images/img_0412.jpg, which does not exist: the file is "
        "static/images/IMG_0412.JPG, whose name has other capitals (they count in web addresses); write /images/IMG_0412.JPG"),
    "image-missing-file-html": ({A_MD: art(A, 'Intro.\n\n<img src="/images/door.png" alt="The front door">')},
        "content/articles/a.md:8: error: shows the image /images/door.png, which does not exist; put the file at static/images/door.png or correct the address"),
    # --- checklists ---------------------------------------------------------------------------
    "checklist-undefined-topic": ({CL_YAML: CHECKLIST.replace("topic: goals", "topic: goal")},
        "content/checklists/c.yaml:7: error: item 'Nothing changes.' names topic 'goal', which is not under 'topics' (defined: goals, rapport); use one of those, or add 'goal:' under 'topics'"),
    "checklist-bands-gap": ({CL_YAML: CHECKLIST.replace("{min: 2, max: 2", "{min: 3, max: 3")},
        "content/checklists/c.yaml:13: error: results leave a gap: no band covers 2 ticked items; start this band at min 2, or add a band for the gap"),
    "checklist-bands-overlap": ({CL_YAML: CHECKLIST.replace("{min: 2, max: 2", "{min: 1, max: 2")},
        "content/checklists/c.yaml:13: error: results overlap: two bands cover 1 ticked item; start this band at min 2"),
    "checklist-bands-short": ({CL_YAML: CHECKLIST.replace("  - {min: 2, max: 2, text: Several signs.}\n", "")},
        "content/checklists/c.yaml:11: error: results stop at 1 but a visitor can tick 2 items; extend the last band's max to 2"),
    "checklist-band-backwards": ({CL_YAML: CHECKLIST.replace("{min: 2, max: 2", "{min: 2, max: 1")},
        "content/checklists/c.yaml:13: error: result band min 2, max 1 ends before it starts; 'max' must be at least 2"),
    "checklist-blank-disclaimer": ({CL_YAML: CHECKLIST + "disclaimer: ''\n"},
        "content/checklists/c.yaml:14: error: 'disclaimer' is blank; write the text, or remove the line to use the default"),
    "checklist-translation-loses-urgent": (translated_checklist(""),
        "content/checklists/c.es.yaml:2: error: has no translation of statement 3 of the original (content/checklists/c.yaml:5: 'I have thought of harming myself.', about 'safety', urgent); translate every statement of the original, in its order"),
    "checklist-translation-not-urgent": (translated_checklist("  - {text: Daño., topic: safety}\n"),
        "content/checklists/c.es.yaml:5: error: statement 3 is about 'safety', not urgent, but statement 3 of content/checklists/c.yaml ('I have thought of harming myself.') is about 'safety', urgent; translate the original's statements in its order, each with its topic and urgent flag"),
    "checklist-translation-adds": (translated_checklist("  - {text: Daño., topic: safety, urgent: true}\n  - {text: Otra., topic: rapport}\n"),
        "content/checklists/c.es.yaml:6: error: statement 4 (about 'rapport', not urgent) translates no statement of content/checklists/c.yaml; a translation has the original's statements only, in its order: remove it, or add it to the original first"),
    "checklist-only-comments": ({CL_YAML: "# to do\n"},
        "content/checklists/c.yaml: error: has only comments; write the checklist (title, items, topics, results), or delete the file"),
    # --- files ----------------------------------------------------------------------------------
    # a misspelt folder, or a page saved in content/ itself: not read, so it must not pass unseen
    # a link to an article that is not published: the article is there, so "does not exist" would puzzle
    "link-to-draft": ({A_MD: art(A, "Intro.\n\nSee [the next one](/blog/b/)."), "content/articles/b.md": art(A + "\ndraft: true")},
        "content/articles/a.md:8: error: links to /blog/b/, which is a draft (content/articles/b.md has draft: true), so it is not published; remove the link until that article is ready, or publish it (draft: false)"),
    "link-to-scheduled": ({A_MD: art(A, "Intro.\n\nSee [the next one](/blog/b/#c)."), "content/articles/b.md": art(A.replace("2026-01-05", "2099-01-05"))},
        "content/articles/a.md:8: error: links to /blog/b/#c, which is scheduled to appear on 2099-01-05 (content/articles/b.md), so it is not published before that day; remove the link until then"),
    # the same for a translation left out: the English page links to its Spanish version
    "link-to-translated-draft": ({"site_config.yaml": SPANISH_CONFIG, A_MD: art(A, "Intro.\n\nEn español: [B](/es/blog/b/)."),
                                  "content/articles/b.md": art(A.replace("title: A", "title: B")),
                                  "content/articles/b.es.md": art(A.replace("title: A", "title: Be") + "\ndraft: true")},
        "content/articles/a.md:8: error: links to /es/blog/b/, which is a draft (content/articles/b.es.md has draft: true), so it is not published; remove the link until that article is ready, or publish it (draft: false)"),
    # a code written as a locale name is with an underscore: a translation misnamed, not an article without a date
    "translation-named-with-an-underscore": ({"site_config.yaml": SPANISH_CONFIG.replace("{code: es, name: Español}", "{code: es-MX, name: Español}"),
                                              "content/articles/hello.es_mx.md": "---\ntitle: Hola\n---\nTexto.\n"},
        "content/articles/hello.es_mx.md: error: is named like a translation into 'es_mx', but a language code is written with a "
        "hyphen, not an underscore; rename the file to hello.es-MX.md"),
    "language-path-of-the-sites-own": ({"site_config.yaml": SPANISH_CONFIG.replace("{code: es, name: Español}", "{code: es, name: Español, path: blog}")},
        "site_config.yaml:8: error: language 'es' would be served under /blog/, where the site has pages of its own; give it another 'path:' (its code, es, is the usual one)"),
    # a language served where a page of the site's own is: the page's message names the language too
    "language-path-a-pages-slug": ({"site_config.yaml": SPANISH_CONFIG.replace("{code: es, name: Español}", "{code: es, name: Español, path: about}"),
                                    "content/pages/about.md": PAGE},
        "content/pages/about.md: error: its address /about/ is already used by the home page of the language served under /about/ (its 'path:' in site_config.yaml, else its code); choose another 'slug:'"),
    "not-utf8-config": ({"site_config.yaml": cfg("Quiet Harbor", "Qui\xe9t Harbor").encode("latin-1")},
        "site_config.yaml:2: error: is not saved as UTF-8 text (byte 0xe9 on this line, often an accented letter or curly quote); re-save the file with UTF-8 encoding in your editor"),
    "not-utf8-article": ({A_MD: art("title: Caf\xe9\ndate: 2026-01-05").encode("latin-1")},
        "content/articles/a.md:2: error: is not saved as UTF-8 text (byte 0xe9 on this line, often an accented letter or curly quote); re-save the file with UTF-8 encoding in your editor"),
    # after a byte-order mark (Notepad's UTF-8) the line and the byte are still the ones of the file
    "not-utf8-article-after-bom": ({A_MD: b"\xef\xbb\xbf" + art("title: A\ndate: 2026-01-05", "\x93Hi\x94 there.").encode("latin-1")},
        "content/articles/a.md:5: error: is not saved as UTF-8 text (byte 0x93 on this line, often an accented letter or curly quote); re-save the file with UTF-8 encoding in your editor"),
    "not-utf8-checklist": ({CL_YAML: CHECKLIST.replace("Few signs", "F\xe9w signs").encode("latin-1")},
        "content/checklists/c.yaml:12: error: is not saved as UTF-8 text (byte 0xe9 on this line, often an accented letter or curly quote); re-save the file with UTF-8 encoding in your editor"),
    # a word processor's own file renamed .md: not text at all, so no character of it to point at
    "word-document-article": ({A_MD: b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml"},
        "content/articles/a.md: error: is a word processor's document (.docx, .odt or .pages), not plain text; in the "
        "word processor, save it as plain text (.txt, encoding UTF-8), then name that file a.md"),
    "rich-text-article": ({A_MD: b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\n---\ntitle: A\n"},
        "content/articles/a.md: error: is saved as Rich Text (RTF), not plain text; in the word processor or TextEdit, "
        "save it as plain text (.txt, encoding UTF-8), then name that file a.md"),
    # Notepad's "Unicode" (UTF-16, with its byte order mark): no accented letter to point at, the whole file is it
    "utf16-article": ({A_MD: art(A).encode("utf-16")},
        "content/articles/a.md: error: is saved as UTF-16 text (Notepad and Word call it 'Unicode'), not UTF-8; re-save the file with UTF-8 encoding in your editor"),
    "utf16-config": ({"site_config.yaml": cfg().encode("utf-16-be").join([b"\xfe\xff", b""])},
        "site_config.yaml: error: is saved as UTF-16 text (Notepad and Word call it 'Unicode'), not UTF-8; re-save the file with UTF-8 encoding in your editor"),
    "empty-config": ({"site_config.yaml": ""},
        "site_config.yaml: error: is empty; it needs at least site, clinic, hours and crisis (see docs/errors.md for a minimal example)"),
    "empty-config-comments": ({"site_config.yaml": "# settings\n"},
        "site_config.yaml: error: is empty; it needs at least site, clinic, hours and crisis (see docs/errors.md for a minimal example)"),
    "empty-article": ({A_MD: ""},
        "content/articles/a.md: error: is empty; write its content, or delete the file if it is not needed"),
    "empty-article-body": ({A_MD: "---\ntitle: A\ndate: 2026-01-05\n---\n"},
        "content/articles/a.md:5: error: has no text after the front matter; write the text below the closing '---' line"),
    "empty-checklist": ({CL_YAML: " \n"},
        "content/checklists/c.yaml: error: is empty; write its content, or delete the file if it is not needed"),
    "wrong-extension": ({"content/articles/a.markdown": art(A)},
        "content/articles/a.markdown: error: is ignored: files here must end in .md; rename it"),
    # --- privacy guard ------------------------------------------------------------------------
    "privacy-script-markdown": ({A_MD: art(A, 'Intro.\n\n<script src="https://tracker.test/t.js"></script>')},
        "content/articles/a.md:8: error: contains a <script>; scripts are not allowed in content, remove it"),
    "privacy-iframe-markdown": ({A_MD: art(A, 'Intro.\n\nA video:\n\n<iframe src="https://video.test/embed/1"></iframe>')},
        "content/articles/a.md:10: error: <iframe> loads https://video.test/embed/1 from another host, so visitors' browsers would tell video.test who they are; copy the file into static/ and use its /address instead"),
    "privacy-image-markdown": ({A_MD: art(A, "Intro.\n\n![A chart](https://cdn.test/chart.png)")},
        "content/articles/a.md:8: error: <img> loads https://cdn.test/chart.png from another host, so visitors' browsers would tell cdn.test who they are; copy the file into static/ and use its /address instead"),
    "privacy-video-markdown": ({A_MD: art(A, 'Intro.\n\n<video src="https://cdn.test/talk.mp4" controls></video>')},
        "content/articles/a.md:8: error: <video> loads https://cdn.test/talk.mp4 from another host, so visitors' browsers would tell cdn.test who they are; copy the file into static/ and use its /address instead"),
    "privacy-stylesheet-markdown": ({A_MD: art(A, 'Intro.\n\n<link rel="stylesheet" href="https://cdn.test/x.css">')},
        "content/articles/a.md:8: error: <link> loads https://cdn.test/x.css from another host, so visitors' browsers would tell cdn.test who they are; copy the file into static/ and use its /address instead"),
    "privacy-script-template": ({"templates/base.html": BASE_SCRIPT},
        f"templates/base.html:{line_of(BASE_SCRIPT, 'analytics.test')}: error: <script> loads https://analytics.test/a.js from another host, so visitors' browsers would tell analytics.test who they are; copy the file into static/ and use its /address instead"),
    "privacy-font-template": ({"templates/base.html": BASE_FONT},
        f"templates/base.html:{line_of(BASE_FONT, 'fonts.test')}: error: <link> loads https://fonts.test/css2?family=Inter from another host, so visitors' browsers would tell fonts.test who they are; copy the file into static/ and use its /address instead"),
    "privacy-font-css": ({"templates/assets/style.css": "@font-face { font-family: Inter; src: url(https://fonts.test/inter.woff2); }\n" + (THEME / "assets/style.css").read_text(encoding="utf-8")},
        "templates/assets/style.css:1: error: loads https://fonts.test/inter.woff2 from another host (a font, image or stylesheet), so visitors' browsers would tell fonts.test who they are; copy the file into the site and use its address"),
    "privacy-static-css": ({"static/print.css": "body { background: url('https://cdn.test/bg.png'); }\n"},
        "static/print.css:1: error: loads https://cdn.test/bg.png from another host (a font, image or stylesheet), so visitors' browsers would tell cdn.test who they are; copy the file into the site and use its address"),
    "guard-unknown-element": ({A_MD: art(A, "Intro.\n\n<marquee>Open today</marquee>")},
        "content/articles/a.md:8: error: uses the unknown element <marquee>; only known, safe HTML, SVG and MathML elements are allowed, remove it or use another element"),
    "guard-base": ({A_MD: art(A, 'Intro.\n\n<base href="https://cdn.test/">')},
        "content/articles/a.md:8: error: uses <base>, which changes the address every link and file of the page is read from; it is not allowed in the site, remove it"),
    "guard-static-svg": ({"static/images/logo.svg": '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="go()"/>\n'},
        "static/images/logo.svg:2: error: uses an 'onload=' script attribute; scripts are not allowed in pages, remove it"),
    "guard-static-css-protocol-relative": ({"static/print.css": "/* print */\nbody { background: url(//cdn.test/bg.png); }\n"},
        "static/print.css:2: error: loads //cdn.test/bg.png from another host (a font, image or stylesheet), so visitors' browsers would tell cdn.test who they are; copy the file into the site and use its address"),
    # The same tag is fine on the pages where the site's template adds it, not in an article.
    "script-markdown-same-as-template": ({"templates/base.html": BASE_OWN_SCRIPT, "static/extra.js": "",
                                          A_MD: art(A, 'Intro.\n\n<script src="/extra.js" defer></script>')},
        "content/articles/a.md:8: error: contains a <script>; scripts are not allowed in content, remove it"),
    "inline-script-markdown": ({A_MD: art(A, "Intro.\n\n<script>alert('hi')</script>")},
        "content/articles/a.md:8: error: contains an inline <script>; scripts are not allowed in pages, only as files of the theme"),
    "inline-script-template": ({"templates/base.html": BASE_INLINE},
        f"templates/base.html:{line_of(BASE_INLINE, 'window.x')}: error: contains an inline <script>; scripts are not allowed in pages, only as files of the theme"),
    "style-block-markdown": ({A_MD: art(A, "Intro.\n\n<style>p { color: red; }</style>")},
        "content/articles/a.md:8: error: contains a <style> block, which the site's security policy blocks; put its rules in static/css/extra.css, which every page links (see docs/theming.md)"),
    "style-attribute-markdown": ({A_MD: art(A, 'Intro.\n\n<p style="color: red">Warm.</p>')},
        "content/articles/a.md:8: error: uses a style=\"...\" attribute; inline styles break the site's security policy: give the element a class, and its rule in static/css/extra.css (see docs/theming.md)"),
    "event-handler-markdown": ({A_MD: art(A, 'Intro.\n\n<p onclick="track()">Click me</p>')},
        "content/articles/a.md:8: error: uses an 'onclick=' script attribute; scripts are not allowed in pages, remove it"),
    "javascript-link-markdown": ({A_MD: art(A, "Intro [click](javascript:alert(1)).")},
        "content/articles/a.md:6: error: has a javascript: link; scripts are not allowed in pages, link to an address instead"),
    # --- healthcare lint --------------------------------------------------------------------------
    "crisis-dropped-layout": ({"templates/base.html": BASE_NO_CRISIS},
        f"templates/base.html:{line_of(BASE_NO_CRISIS, '<body')}: error: makes pages without the crisis block (8 pages, e.g. 404.html); "
        "every page must show it: keep {{ shared_part(\"partials/crisis.html\") }} (or {% include \"partials/crisis.html\" %}) right after <body>"),
    # A browser that does not follow the refresh leaves the visitor on the old address's page.
    "crisis-dropped-redirect": ({"templates/redirect.html": REDIRECT_NO_CRISIS, A_MD: art(A + "\naliases: [/old-a/]")},
        f"templates/redirect.html:{line_of(REDIRECT_NO_CRISIS, '<body')}: error: makes pages without the crisis block (1 page, e.g. old-a/index.html); "
        "every page must show it: keep {{ shared_part(\"partials/crisis.html\") }} (or {% include \"partials/crisis.html\" %}) right after <body>"),
    "crisis-dropped-partial": ({"templates/partials/crisis.html": '<div class="crisis" id="crisis"></div>\n'},
        "templates/partials/crisis.html: error: no longer shows the crisis message (crisis.text from site_config.yaml) with id=\"crisis\" (7 pages, e.g. blog/hello/index.html); restore it from the default theme's partials/crisis.html"),
    "crisis-hidden-partial": ({"templates/partials/crisis.html": CRISIS_HIDDEN},
        "templates/partials/crisis.html: error: no longer shows the crisis message (crisis.text from site_config.yaml) with id=\"crisis\" (8 pages, e.g. 404.html); restore it from the default theme's partials/crisis.html"),
    "crisis-commented-partial": ({"templates/partials/crisis.html": CRISIS_COMMENTED},
        "templates/partials/crisis.html: error: no longer shows the crisis message (crisis.text from site_config.yaml) with id=\"crisis\" (8 pages, e.g. 404.html); restore it from the default theme's partials/crisis.html"),
    "crisis-aria-hidden-layout": ({"templates/base.html": BASE_CRISIS_ARIA_HIDDEN},
        f"templates/base.html:{line_of(BASE_CRISIS_ARIA_HIDDEN, '<body')}: error: makes pages without the crisis block (8 pages, e.g. 404.html); "
        "every page must show it: keep {{ shared_part(\"partials/crisis.html\") }} (or {% include \"partials/crisis.html\" %}) right after <body>"),
    "crisis-screen-reader-only": ({"templates/partials/crisis.html": theme("partials/crisis.html", 'class="crisis"', 'class="crisis visually-hidden"')},
        "templates/partials/crisis.html: error: no longer shows the crisis message (crisis.text from site_config.yaml) with id=\"crisis\" (8 pages, e.g. 404.html); restore it from the default theme's partials/crisis.html"),
    # the words stay in every page; only the stylesheet takes them off the screen (print may leave out the buttons)
    "crisis-hidden-by-css": ({"static/css/extra.css": "@media print { .crisis-actions { display: none } }\n.crisis p {\n  visibility: hidden !important;\n}\n"},
        "static/css/extra.css:3: error: sets 'visibility: hidden' on the crisis message (.crisis p), which takes it off the screen or leaves it hard to read; every page must show it: remove it"),
    # only what Haven knows keeps it readable may be set on it (an allowlist: a blur is not on it)
    "crisis-blurred-by-css": ({"static/css/extra.css": ".crisis {\n  background: #0b3d2e;\n  filter: blur(20px);\n}\n"},
        "static/css/extra.css:3: error: sets 'filter: blur(20px)' on the crisis message (.crisis); Haven lets a rule for the crisis message "
        "set only properties it knows keep it readable (colours, fonts, spacing, borders, layout); remove it or move it to a rule for another part of the page"),
    # a rule that does not name the message but holds it (<body>) or matches it as pages show it
    "crisis-faded-with-the-page": ({"static/css/extra.css": "p { margin: 0 0 1em }\nbody {\n  margin: 0;\n  opacity: 0.1;\n}\n"},
        "static/css/extra.css:4: error: 'body' reaches the crisis message (it matches the <body> that holds the block as pages show it); "
        "sets 'opacity: 0.1', which hides or shrinks everything in it, the crisis message too; every page must show it: remove it or "
        "write the selector so it does not match the crisis message"),
    "crisis-matched-without-its-name": ({"static/css/extra.css": "[role=region] {\n  visibility: hidden;\n}\n"},
        "static/css/extra.css:2: error: '[role=region]' reaches the crisis message (it matches the block as pages show it); sets "
        "'visibility: hidden', which takes it off the screen or leaves it hard to read; every page must show it: remove it or write "
        "the selector so it does not match the crisis message"),
    # the theme colours the message with var(--crisis-text): the site's own value of it is checked
    "crisis-variable-transparent": ({"static/css/extra.css": ":root {\n  --radius: 0;\n  --crisis-text: transparent;\n}\n"},
        "static/css/extra.css:3: error: sets '--crisis-text: transparent' (:root), which the theme uses for the crisis message's text colour; "
        "that would hide the message every page must show: give it a value that shows it, or remove it"),
    # a "softer" banner: the theme's white text stays, on white
    "crisis-white-on-white-css": ({"static/css/extra.css": "/* softer */\n.site-title { color: #204060; }\n.crisis {\n  background: #ffffff;\n}\n"},
        "static/css/extra.css:4: error: sets 'background: #ffffff' on the crisis message (.crisis), which leaves its text (#ffffff) at a contrast of "
        "1.0:1 in the light and the dark schemes; the crisis message needs at least 4.5:1 to be read: choose a darker background, or a darker text colour with it"),
    "crisis-press-3-config": ({"site_config.yaml": cfg("Call or text 988.", "Call 988 and press 3.")},
        "site_config.yaml:30: error: mentions pressing 3 on the 988 Lifeline; that option (for LGBTQ+ youth) ended in July 2025. Remove it, and point to 988 itself"),
    "crisis-press-3-article": ({A_MD: art(A, "Intro.\n\nLGBTQ+ youth can call 988 and press 3.")},
        "content/articles/a.md:8: error: mentions pressing 3 on the 988 Lifeline; that option (for LGBTQ+ youth) ended in July 2025. Remove it, and point to 988 itself"),
    "crisis-press-3-template": ({"templates/partials/crisis.html": CRISIS_PRESS_3},
        f"templates/partials/crisis.html:{line_of(CRISIS_PRESS_3, 'press 3')}: error: mentions pressing 3 on the 988 Lifeline; that option (for LGBTQ+ youth) ended in July 2025. Remove it, and point to 988 itself"),
    "form-health-field-name": ({"site_config.yaml": cfg(*FORM), "templates/contact.html": CONTACT_SYMPTOMS},
        f"templates/contact.html:{line_of(CONTACT_SYMPTOMS, SYMPTOMS_FIELD)}: error: a form field asks for 'symptoms', which invites health details; contact forms must not ask about diagnoses, symptoms, medication and the like. Remove or reword the field"),
    "form-health-field-label": ({"site_config.yaml": cfg(*FORM), "templates/contact.html": CONTACT_DIAGNOSIS},
        f"templates/contact.html:{line_of(CONTACT_DIAGNOSIS, 'Your diagnosis')}: error: a form field asks for 'Your diagnosis (optional)', which invites health details ('diagnosis'); contact forms must not ask about diagnoses, symptoms, medication and the like. Remove or reword the field"),
    "form-health-markdown": ({A_MD: art(A, 'Intro.\n\n<form action="https://forms.test/x" method="post"><input name="medication"></form>')},
        "content/articles/a.md:8: error: a form field asks for 'medication', which invites health details; contact forms must not ask about diagnoses, symptoms, medication and the like. Remove or reword the field"),
    "disclaimer-dropped": ({CL_YAML: CHECKLIST, "templates/checklist.html": theme("checklist.html", "{{ spec.disclaimer | markdown_inline }}", "")},
        "templates/checklist.html: error: the self-assessment page /self-assessment/c/ does not show its disclaimer; keep {{ spec.disclaimer }} in the template"),
    # --- templates --------------------------------------------------------------------------------
    "template-syntax": ({"templates/page.html": "{% extends 'base.html' %}\n{% block content %}{{ doc.title }{% endblock %}\n", "content/pages/about.md": PAGE},
        "templates/page.html:2: error: template error: unexpected '}'"),
    "template-code-error": ({"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ 1 + doc.title }}\n{% endblock %}\n", "content/pages/about.md": PAGE},
        "templates/page.html:3: error: template error: TypeError: unsupported operand type(s) for +: 'int' and 'str'; correct this line, or delete the site's copy of the template to use the default one"),
    "template-not-utf8": ({"templates/page.html": "{% extends 'base.html' %}\n{% block content %}Caf\xe9{% endblock %}\n".encode("latin-1"),
                           "content/pages/about.md": PAGE},
        "templates/page.html:2: error: template error: is not saved as UTF-8 text (byte 0xe9 on this line); re-save the file with UTF-8 encoding in your editor"),
    "template-extends-missing": ({"templates/page.html": "{% extends 'theme/pages.html' %}\n", "content/pages/about.md": PAGE},
        "templates/page.html:1: error: template error: there is no template named 'theme/pages.html', in the site's templates/ or in the theme; did you mean 'theme/page.html'?"),
    "template-not-in-site": ({"templates/base.html": OWN_FOOTER.format("site.title")},
        "templates/base.html:3: error: template error: 'site' has no 'title'; did you mean 'config.site.title'?"),
    "template-misspelt-setting": ({"templates/base.html": OWN_FOOTER.format("config.site.titel")},
        "templates/base.html:3: error: template error: 'config.site' has no 'titel'; did you mean 'config.site.title'?"),
    # a copy of the theme's base.html that writes the x-default link on every page, even without its address
    "template-empty-x-default": ({"templates/base.html": (THEME / "base.html").read_text(encoding="utf-8").replace(
                                      "{% if page.x_default %}", "{% if true %}")},
        f"templates/base.html:{X_DEFAULT_LINE}"
        ": error: has <link rel=\"alternate\" hreflang=\"x-default\"> with an empty href; write it only for a language the page exists in ({% if page.x_default %} around the x-default one), or remove it"),
    # a '!!!' box whose text is not indented: Python-Markdown would publish an empty box (titled
    # 'Note', the unquoted title lost) and the text after it as a paragraph of its own
    "callout-not-indented": ({A_MD: art(A, "Intro.\n\n!!! note Closed today\nWe are closed for training.")},
        "content/articles/a.md:8: error: this '!!!' box has no text: indent the lines of its text by four spaces under it (and put its title in double quotes: !!! note \"Closed today\")"),
    # --- images (more in test_images.py) ---------------------------------------------------------
    "article-image-no-alt": ({A_MD: art(A + "\nimage: /images/x.png"), "static/images/x.png": _picture("PNG")},
        "content/articles/a.md:5: error: 'image' needs 'image_alt': a short description of the picture for people who cannot see it"),
    "image-missing": ({A_MD: art(A + "\nimage: /images/gone.jpg\nimage_alt: A door")},
        "content/articles/a.md:5: error: 'image: /images/gone.jpg' must be a file under static/ (static/images/gone.jpg); put the image there or correct the address"),
    "image-in-other-capitals-article": ({A_MD: art(A + "\nimage: /images/Door.jpg\nimage_alt: A door"),
                                         "static/images/door.jpg": _picture("JPEG")},
        "content/articles/a.md:5: error: 'image: /images/Door.jpg' does not exist: the file is static/images/door.jpg, "
        "whose name has other capitals (they count in web addresses); write /images/door.jpg"),
    "photo-in-other-capitals": ({"content/clinicians/dana.md": "---\nname: Dana Reyes\nrole: Therapist\n"
                                 "photo: /images/Dana.png\nphoto_alt: Dana at her desk\n---\n",
                                 "static/images/dana.png": _picture("PNG")},
        "content/clinicians/dana.md:4: error: photo '/images/Dana.png' does not exist: the file is static/images/dana.png, "
        "whose name has other capitals (they count in web addresses); write /images/dana.png"),
    # an address that climbs out of static/ (or the site): no file there to propose putting the picture at
    "image-dot-dot": ({A_MD: art(A + "\nimage: /../../etc/photo.jpg\nimage_alt: A door")},
        "content/articles/a.md:5: error: 'image: /../../etc/photo.jpg' must be a file under static/ written from the site's root without '..', like /images/door.jpg"),
    "image-dot-dot-markdown": ({A_MD: art(A, "Some text.\n\n![A door](/images/../../etc/door.jpg)")},
        "content/articles/a.md:8: error: shows the image /images/../../etc/door.jpg, which climbs up with '..'; write the address from the site's root without '..', like /images/door.jpg or /blog/article-name/"),
    # there, but a drawing: an article's picture is cut into sizes and a link preview, which needs a photo
    "image-svg": ({A_MD: art(A + "\nimage: /images/logo.svg\nimage_alt: Our logo"), "static/images/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n'},
        "content/articles/a.md:5: error: 'image: /images/logo.svg' is an SVG file; this picture must be a JPEG, PNG or WebP (link previews and the several sizes are made from a photo): save it again as one, or show it in the text with ![...](...)"),
    "image-not-an-image": ({A_MD: art(A, "Some text.\n\n![A scan](/images/scan.jpg)"), "static/images/scan.jpg": "Minutes of the meeting\n"},
        "content/articles/a.md:8: error: image '/images/scan.jpg' is not an image that can be read (the file may be something else renamed, or damaged); save it again as JPEG, PNG or WebP"),
    "image-bmp": ({A_MD: art(A, "Some text.\n\n![The waiting room](/images/room.bmp)"), "static/images/room.bmp": _picture("BMP")},
        "content/articles/a.md:8: error: image '/images/room.bmp' is a BMP file, a kind of picture that browsers do not all show (and hosts send as a download); save it again as JPEG, PNG or WebP, and change the address here to the new file's"),
    "image-cut-short": ({A_MD: art(A, "Some text.\n\n![A walk](/images/walk.jpg)"), "static/images/walk.jpg": _picture("JPEG")[:700]},
        "content/articles/a.md:8: error: image '/images/walk.jpg' is cut short (its end is missing); export or copy it again"),
    # cut off within its first bytes, before the picture's size: Pillow cannot even open it
    "image-cut-short-early": ({A_MD: art(A, "Some text.\n\n![A walk](/images/walk.jpg)"), "static/images/walk.jpg": _picture("JPEG")[:300]},
        "content/articles/a.md:8: error: image '/images/walk.jpg' is cut short (its end is missing); export or copy it again"),
    "image-damaged-webp": ({A_MD: art(A, "Some text.\n\n![A walk](/images/walk.webp)"), "static/images/walk.webp": _picture("WEBP")[:30]},
        "content/articles/a.md:8: error: image '/images/walk.webp' is damaged, so it cannot be read as an image; export or copy it again, or save it again as JPEG, PNG or WebP"),
    "image-too-many-pixels": ({A_MD: art(A, "Some text.\n\n![A map](/images/huge.png)"), "static/images/huge.png": _picture("PNG", claims=(30000, 30000))},
        "content/articles/a.md:8: error: image '/images/huge.png' is 30000 × 30000 pixels, more than the 80 million a picture may have; save it smaller, at 2000 × 2000 pixels: no web page needs more than 2,000 across"),
    # a photo of 12000 × 8000 (96 million pixels) shown in two articles: its size, the size to make it, said once
    "image-too-many-pixels-used-twice": ({A_MD: art(A, "Some text.\n\n![A map](/images/huge.png)"),
                                          "content/articles/b.md": art(A.replace("title: A", "title: B"), "Text.\n\n![The map](/images/huge.png)"),
                                          "static/images/huge.png": _picture("PNG", claims=(12000, 8000))},
        "content/articles/a.md:8: error: image '/images/huge.png' is 12000 × 8000 pixels, more than the 80 million a picture may have; save it smaller, at 2000 × 1333 pixels: no web page needs more than 2,000 across (also shown at content/articles/b.md:8)"),
    "image-animated": ({A_MD: art(A, "Some text.\n\n![A wave](/images/anim.webp)"), "static/images/anim.webp": _picture("WEBP", frames=2)},
        "content/articles/a.md:8: error: image '/images/anim.webp' is animated; only still images are published as pictures (use a still image, or a video link)"),
    "image-avif-damaged": ({A_MD: art(A, "Some text.\n\n![A park](/images/park.avif)"),
                            # (its 'meta' box says it is longer than the file: an upload cut short)
                            "static/images/park.avif": b"\x00\x00\x00\x18ftypavif\x00\x00\x00\x00avifmif1\x00\x00\x01\x00meta"},
        "content/articles/a.md:8: error: image '/images/park.avif' is a damaged AVIF file (a box's size does not fit the file), so its metadata cannot be removed safely; export or copy it again, or save it as JPEG, PNG or WebP"),
    "preview-image-no-alt": ({"site_config.yaml": cfg("  copyright_start: 2020", "  copyright_start: 2020\n  preview_image: /images/x.png"),
                              "static/images/x.png": _picture("PNG")},
        "site_config.yaml:7: error: 'site.preview_image' needs 'site.preview_image_alt': a short description of the picture"),
}


# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (dotfiles too) with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(site: Path) -> list[str]:
    """Temporary folders a build might leave beside the output."""
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".output"))


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory) -> Path:
    """The output of the good site, built once; each case starts from a copy of it."""
    site = write_site(tmp_path_factory.mktemp("good") / "site", {"content/articles/hello.md": GOOD_ARTICLE})
    result = build(site, site / "output", today=TODAY)
    assert result.ok and not result.problems, result.problems
    return site / "output"


def broken_site(tmp_path: Path, previous: Path, files: dict) -> Path:
    site = write_site(tmp_path / "site", {"content/articles/hello.md": GOOD_ARTICLE, **files})
    shutil.copytree(previous, site / "output")
    return site


def run(capsys, *args: str) -> tuple[int, list[str], str]:
    """Run the command line in this process: (exit code, stderr lines, stdout)."""
    code = main([*args, "--today", TODAY.isoformat()])
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


# --------------------------------------------------------------------------
# One tiny broken site per kind of mistake
# --------------------------------------------------------------------------


@pytest.mark.parametrize("files, expected", list(CASES.values()), ids=list(CASES))
def test_mistake_fails_the_build_and_keeps_the_output(tmp_path, capsys, previous_output, files, expected):
    site = broken_site(tmp_path, previous_output, files)
    before = snapshot(site / "output")

    code, err, out = run(capsys, "build", "--source", str(site))

    assert code == 1
    assert expected in err, "\n".join(err)
    assert err[-1] == "Nothing was written; the previous output is unchanged."
    assert not any("Traceback" in line for line in err)
    assert snapshot(site / "output") == before
    assert leftovers(site) == []
    assert out == ""


@pytest.mark.parametrize("files, expected", list(CASES.values()), ids=list(CASES))
def test_check_reports_the_same_and_writes_nothing(tmp_path, capsys, files, expected):
    site = write_site(tmp_path / "site", {"content/articles/hello.md": GOOD_ARTICLE, **files})
    before = snapshot(site)

    code, err, _ = run(capsys, "check", "--source", str(site))

    assert code == 1
    assert expected in err
    assert snapshot(site) == before


def test_every_message_names_a_file_of_the_site_and_never_spans_lines():
    for name, (files, expected) in CASES.items():
        path = expected.split(":", 1)[0]
        assert path in files or (path == "site_config.yaml" and "site_config.yaml" in files) or \
            path.startswith(("content/", "templates/", "static/", "site_config.yaml")), name
        assert "\n" not in expected and "Traceback" not in expected, name


# --------------------------------------------------------------------------
# Collect, don't crash: every problem in one pass, sorted, then a summary
# --------------------------------------------------------------------------


ONE_RUN = [
    "content/articles/a.md:1: error: front matter starting here is never closed; add a line with just '---' after the last 'key: value' line",
    "content/articles/b.md:3: error: 'date' is not a real date: '2024-02-30'; check the month and the day (YYYY-MM-DD)",
    "content/checklists/c.yaml:1: error: the '[' in column 8 that starts a list is never closed; add ']' after its last item",
    "site_config.yaml:4: error: unknown key 'site.langauge'; did you mean 'language'?",
    "site_config.yaml:8: error: 'clinic.timezone' is not a time zone name: 'America/Chicgo'; use an IANA name; did you mean 'America/Chicago'?",
    "5 errors.",
]


def test_all_problems_of_all_files_in_one_run_sorted_with_a_summary(make_site, capsys):
    site = make_site({
        "site_config.yaml": MINIMAL_CONFIG.replace("America/Chicago", "America/Chicgo")
                                         .replace("  language: en", "  langauge: en"),
        "content/articles/b.md": "---\ntitle: B\ndate: 2024-02-30\n---\nText.\n",
        "content/articles/a.md": "---\ntitle: A\n",
        "content/checklists/c.yaml": "title: [x\n",
    })
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert err == ONE_RUN


def test_a_band_that_cannot_be_read_is_the_one_error_not_a_gap_it_leaves(tmp_path, capsys):
    # Without the unreadable band, the others would seem to leave 0-1 uncovered: a made-up second error.
    site = write_site(tmp_path / "site", {"content/articles/hello.md": GOOD_ARTICLE,
                                          CL_YAML: CHECKLIST.replace("{min: 0, max: 1", "{min: zero, max: 1")})
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert [line for line in err if "error" in line] == [
        "content/checklists/c.yaml:12: error: 'results[1].min' must be a whole number written in digits (like 0), got 'zero'",
        "1 error."]


def test_a_broken_file_does_not_hide_mistakes_found_in_the_pages(make_site, capsys):
    site = make_site({
        "content/articles/a.md": "---\ntitle: A: b\ndate: 2026-01-05\n---\nText.\n",
        "content/articles/b.md": "---\ntitle: B\ndate: 2026-01-05\nsummary: B.\n---\n"
                                 "See [A](/blog/a/).\n\n<iframe src=\"https://video.test/1\"></iframe>\n",
    })
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert err == [
        "content/articles/a.md:2: error: the value has a colon followed by a space (column 9), which starts a new 'key: value'; "
        "put the whole value in double quotes: title: \"A: b\"",
        "content/articles/b.md:8: error: <iframe> loads https://video.test/1 from another host, so visitors' browsers would "
        "tell video.test who they are; copy the file into static/ and use its /address instead",
        "2 errors.",
    ]  # and no false alarm about the link to /blog/a/, which is missing only because a.md is broken


def test_a_file_kept_despite_its_error_leaves_the_links_checked(make_site, capsys):
    """An image without alt text is an error, but its article still loads: nothing is missing from
    the site, so the broken link and image in another article are reported in the same run."""
    site = make_site({
        "content/articles/a.md": "---\ntitle: A\ndate: 2026-01-05\nsummary: A.\n---\n"
                                 "See [x](/blog/nope/) and ![A door](/images/missing.png).\n",
        "content/articles/c.md": "---\ntitle: C\ndate: 2026-01-05\nsummary: C.\n---\nA picture: ![](/images/office.png)\n",
        "static/images/office.png": _picture("PNG"),
    })
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert [line.split(": error: ")[0] for line in err[:-1]] == [
        "content/articles/a.md:6", "content/articles/a.md:6", "content/articles/c.md:6"]
    assert "links to /blog/nope/, which does not exist" in err[0]
    assert "shows the image /images/missing.png, which does not exist" in err[1]
    assert "has no alt text" in err[2]


_MISSING = ("which does not exist on the site; correct the address (pages are at /page-name/, articles at "
            "/blog/article-name/, files from static/ at /file-name)")


def test_a_file_left_out_holds_back_only_the_links_to_its_own_address(make_site, capsys):
    """A mistyped date leaves z.md out of the run; the broken link in another article is still
    reported in the same run, and the links to z.md's address (its page, an anchor of it, its
    Spanish version) are not called broken: they work once the date is fixed."""
    site = make_site({
        "site_config.yaml": SPANISH_CONFIG,
        "content/articles/z.md": "---\ntitle: Z\ndate: 2026-1-5\nsummary: Z.\n---\nZ.\n",
        "content/articles/z.es.md": "---\ntitle: Zeta\nsummary: Z.\n---\nZeta.\n",
        "content/articles/y.md": "---\ntitle: Y\ndate: 2026-01-05\nsummary: Y.\n---\n"
                                 "See [z](/blog/z/), [its tips](/blog/z/#tips), [es](/es/blog/z/) and [bad](/nope/).\n",
    })
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert (code, [line for line in err if ": error: " in line]) == (1, [
        f"content/articles/y.md:6: error: links to /nope/, {_MISSING}",
        "content/articles/z.md:3: error: 'date' must be a date written YYYY-MM-DD (like 2024-03-18), got '2026-1-5'",
    ])


def test_a_file_left_out_holds_back_the_address_its_slug_gives(make_site, capsys):
    """A mistyped date leaves z.md out, but its front matter still reads: its `slug: x` is where it
    would be, so the links to /blog/x/ (and, from its translation's file, to /es/blog/x/) wait for
    the fix, and only the date is reported; a link to its file's name, which it never has, is broken."""
    site = make_site({
        "site_config.yaml": SPANISH_CONFIG,
        "content/articles/z.md": "---\ntitle: Z\ndate: 2026-1-5\nslug: x\nsummary: Z.\n---\nZ.\n",
        "content/articles/z.es.md": "---\ntitle: Zeta\nsummary: Z.\n---\nZeta.\n",
        "content/articles/y.md": "---\ntitle: Y\ndate: 2026-01-05\nsummary: Y.\n---\n"
                                 "See [x](/blog/x/), [es](/es/blog/x/) and [z](/blog/z/).\n",
    })
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert (code, [line for line in err if ": error: " in line]) == (1, [
        f"content/articles/y.md:6: error: links to /blog/z/, {_MISSING}",
        "content/articles/z.md:3: error: 'date' must be a date written YYYY-MM-DD (like 2024-03-18), got '2026-1-5'",
    ])


@pytest.mark.parametrize("line, reported", [
    ("summary: [A, B]", ["content/pages/about.es.md:4"]),  # left out, but its front matter reads
    ("summary: [A.", ["content/articles/y.md:6", "content/pages/about.es.md:4"]),  # no YAML: its slug is unknown
])
def test_a_translation_left_out_holds_back_its_slug_in_its_own_language(make_site, capsys, line, reported):
    """A translation left out for an error in a front matter that still reads as YAML gives its own
    `slug:`: the link to that address in its language waits for the fix. Where the YAML itself is
    broken, the slug is unknown and the link is reported with it."""
    site = make_site({
        "site_config.yaml": SPANISH_CONFIG,
        "content/pages/about.md": "---\ntitle: About\nsummary: A.\n---\nAbout us.\n",
        "content/pages/about.es.md": f"---\ntitle: Nosotros\nslug: nosotros\n{line}\n---\nSobre nosotros.\n",
        "content/articles/y.md": "---\ntitle: Y\ndate: 2026-01-05\nsummary: Y.\n---\nSee [es](/es/nosotros/).\n",
    })
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert [line.split(": error: ")[0] for line in err if ": error: " in line] == reported


def test_a_translation_left_without_its_original_holds_back_only_its_own_language(make_site, capsys):
    """Renaming an article leaves its translation without an original: that is reported, and so
    is, in the same run, another article's link to the old address, which nothing will fill."""
    site = make_site({
        "site_config.yaml": SPANISH_CONFIG,
        "content/articles/welcome.md": "---\ntitle: Welcome\ndate: 2026-01-05\nsummary: W.\n---\nHello.\n",
        "content/articles/hello.es.md": "---\ntitle: Hola\nsummary: H.\n---\nHola.\n",
        "content/articles/sleep.md": "---\ntitle: Sleep\ndate: 2026-01-06\nsummary: S.\n---\n"
                                     "See [hello](/blog/hello/) or [hola](/es/blog/hello/).\n",
    })
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert (code, [line for line in err if ": error: " in line]) == (1, [
        "content/articles/hello.es.md: error: translates content/articles/hello.md, which does not exist; a translation "
        "sits beside its original, named like it with '.es' before the extension",
        f"content/articles/sleep.md:6: error: links to /blog/hello/, {_MISSING}",
    ])


def test_several_mistakes_in_one_file_are_all_reported(make_site, capsys):
    site = make_site({"content/articles/a.md": "---\ntitle: A\ndate: 2026-13-01\ndraft: perhaps\ntags: {x: y}\n---\nText.\n"})
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert err[-1] == "3 errors."
    assert [line.split(":")[1] for line in err[:-1]] == ["3", "4", "5"]


def test_a_template_error_names_the_sites_file_however_the_folder_was_given(tmp_path, capsys, monkeypatch):
    """Jinja names a file by its loader's folder: relative when --source was (`--source site`, or
    `check` run inside the site folder). The editor still reads the file's own path."""
    site = write_site(tmp_path / "site", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}{{ oops( }}{% endblock %}\n",
                                          "content/pages/about.md": "---\ntitle: About\nsummary: S.\n---\nText.\n"})
    expected = "templates/page.html:2: error: template error: unexpected '}', expected ')'"
    for cwd, source in ((tmp_path, "site"), (site, "."), (site / "content", "..")):
        monkeypatch.chdir(cwd)
        code, err, _ = run(capsys, "check", "--source", source)
        assert (code, err[0]) == (1, expected), (cwd, source)


def test_a_misspelt_template_name_is_told_once_at_its_line_in_every_language(tmp_path, capsys):
    """The second language's pages reuse the compiled template, whose frame Jinja no longer gives:
    the error is still the site's base.html's, never a file named after the misspelt name."""
    for config in (MINIMAL_CONFIG, SPANISH_CONFIG):
        site = write_site(tmp_path / str(len(config)), {"site_config.yaml": config,
                                                        "templates/base.html": '{% extends "theme/basee.html" %}\n'})
        code, err, _ = run(capsys, "check", "--source", str(site))
        assert code == 1
        assert [line for line in err if ": error: " in line] == [
            "templates/base.html:1: error: template error: there is no template named 'theme/basee.html', in the "
            "site's templates/ or in the theme; did you mean 'theme/base.html'?"], err


def test_a_syntax_error_in_the_sites_base_template_is_told_once_at_its_line_in_every_language(tmp_path, capsys):
    """The pages of a further language read a template's source again (to know whether it loads the
    site's own templates): its syntax error is still the site's base.html's, never a page's template."""
    base = '{% extends "theme/base.html" %}\n{% block footer %}\n{% if page.title %}\n{{ super() }}\n{% endblock %}\n'
    page = '{% extends "theme/page.html" %}\n{% block content %}\n{{ super() }}\n<p>Call us.</p>\n{% endblock %}\n'
    for config in (MINIMAL_CONFIG, SPANISH_CONFIG):
        site = write_site(tmp_path / str(len(config)), {"site_config.yaml": config, "templates/base.html": base,
                                                        "templates/page.html": page})
        code, err, _ = run(capsys, "check", "--source", str(site))
        assert code == 1
        assert [line for line in err if ": error: " in line] == [
            "templates/base.html:5: error: template error: Encountered unknown tag 'endblock'. You probably made a nesting "
            "mistake. Jinja is expecting this tag, but currently looking for 'elif' or 'else' or 'endif'. The innermost "
            "block that needs to be closed is 'if'."]


HOW_ON = ("run the command in the site's folder (the one holding site_config.yaml), or name that folder with "
          "--source DIR. To start a new site, write one there: the smallest is in docs/errors.md, section 1")


def test_missing_config(tmp_path, capsys, monkeypatch):
    code, err, _ = run(capsys, "check", "--source", str(tmp_path))
    assert (code, err[0]) == (1, f"site_config.yaml: error: not found in {tmp_path}; {HOW_ON}")
    monkeypatch.chdir(tmp_path)  # a new clinic's first `haven build`, in an empty folder
    code, err, _ = run(capsys, "build")
    assert (code, err[0]) == (1, f"site_config.yaml: error: not found in the current folder ({tmp_path}); {HOW_ON}")
    assert list(tmp_path.iterdir()) == []


def test_a_command_run_inside_a_site_folder_names_the_site_folder(tmp_path, capsys, monkeypatch):
    """In content/articles, not a new site to start there: the folder above that holds the settings."""
    site = write_site(tmp_path / "site", {})
    (site / "content" / "articles").mkdir(parents=True, exist_ok=True)
    monkeypatch.chdir(site / "content" / "articles")
    code, err, _ = run(capsys, "check")
    assert (code, err[0]) == (1, f"site_config.yaml: error: not found in the current folder ({site}/content/articles), "
                                 "which is inside the site folder '../..' that holds it; run the command there, or name "
                                 "it with --source ../..")
    assert main(["new", "First visit"]) == 1
    assert capsys.readouterr().err == (
        f"site_config.yaml: error: not found in the current folder ({site}/content/articles), which is inside the site "
        "folder '../..' that holds it, so nothing was created; run the command there, or name it with --source ../..\n")
    assert sorted(p.name for p in (site / "content" / "articles").iterdir()) == []


def test_serve_has_no_strict_to_ignore(tmp_path, capsys):
    """The preview shows the last good build, warnings or not: --strict there was taken and ignored."""
    site = write_site(tmp_path / "site", {})
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--strict", "--source", str(site), "--port", "1"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(
        "error: unrecognized arguments: --strict; --strict is an option of build and check, not of serve; "
        f"{typed_command()} serve --help lists the options of serve")


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve"], ["new", "A title"]])
def test_a_source_folder_that_does_not_exist_is_a_usage_error(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main([*command, "--source", "sitee"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(
        "error: argument --source: the folder 'sitee' does not exist; check the name: it must be the site folder, the "
        "one holding site_config.yaml")
    assert list(tmp_path.iterdir()) == []


def test_a_source_that_is_a_file_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "site_config.yaml").write_text(MINIMAL_CONFIG, encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        main(["check", "--source", str(tmp_path / "site_config.yaml")])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(
        f" check: error: argument --source: the folder '{tmp_path}/site_config.yaml' is a file, not a folder; "
        "check the name: it must be the site folder, the one holding site_config.yaml")


# --------------------------------------------------------------------------
# Privacy guard: what is allowed
# --------------------------------------------------------------------------


def test_links_to_other_sites_are_fine(make_site, capsys):
    site = make_site({"content/articles/a.md": "---\ntitle: A\ndate: 2026-01-05\nsummary: S.\n---\n"
                                               "See [the 988 Lifeline](https://988lifeline.org/) for more.\n"})
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert (code, err) == (0, [])


def test_a_host_can_be_allowed_explicitly(make_site, capsys):
    files = {"content/articles/a.md": "---\ntitle: A\ndate: 2026-01-05\nsummary: S.\n---\nIntro.\n\n![A chart](https://cdn.test/chart.png)\n"}
    code, err, _ = run(capsys, "check", "--source", str(make_site(files)))
    assert code == 1
    files["site_config.yaml"] = MINIMAL_CONFIG + "allowed_hosts: [cdn.test]\n"
    code, err, _ = run(capsys, "check", "--source", str(make_site(files)))
    assert (code, err) == (0, [])


def test_the_default_contact_form_passes_the_health_lint(make_site, capsys):
    config = MINIMAL_CONFIG.replace("crisis:", "contact:\n  form_action: https://forms.counseling.test/send\ncrisis:")
    site = make_site({"site_config.yaml": config, "content/articles/hello.md": GOOD_ARTICLE})
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert (code, err) == (0, [])


def test_the_example_site_has_no_errors(capsys):
    """Warnings and notes only: a translation awaiting review is a note (one per file), not a mistake."""
    code, err, _ = run(capsys, "check", "--source", str(ROOT))
    assert code == 0, "\n".join(err)
    notes, mistakes = review_notes_and_mistakes(err)
    assert mistakes == [] and not [line for line in err if not _PROBLEM_OR_COUNT.match(line)], "\n".join(err)
    assert notes == awaiting_review(ROOT), "\n".join(err)
    # The six fictional clinicians it ships each stay a warning until replaced.
    clinicians = [p for p in (ROOT / "content" / "clinicians").glob("*.md") if "." not in p.stem]
    assert len(clinicians) == 6
    for path in clinicians:
        assert any(line.startswith(f"content/clinicians/{path.name}:") and "is a placeholder profile" in line
                   for line in err), path.name


_PROBLEM_OR_COUNT = re.compile(r"\S+(:\d+)?: (warning|note): |\d+ warnings?\.$")


# --------------------------------------------------------------------------
# Warnings: printed, exit 0, exit 1 with --strict
# --------------------------------------------------------------------------

WARNINGS = {
    # (warnings, not errors: a site may keep notes or pictures of its own there, which the contract allows)
    "content-folder-misspelt": ({"content/artciles/b.md": art(A)},
        "content/artciles: warning: is not a folder the site reads, so nothing in it is published; did you mean 'articles'? content/ holds only articles, pages, checklists, clinicians, services: rename the folder, or move its files into one of those"),
    "content-loose-file": ({"content/about.md": PAGE},
        "content/about.md: warning: is not read, so it is not published: files go in a folder of content/ (an article in content/articles/, a page in content/pages/); move it there"),
    # (a warning: a site previewed on a test host may have no certificate yet)
    "base-url-without-https": ({"site_config.yaml": cfg("base_url: https://counseling.test/", "base_url: http://counseling.test/")},
        "site_config.yaml:3: warning: 'site.base_url' starts with http://, without encryption: search engines, the "
        "sitemap, the feeds and link previews would send visitors to pages anyone on their network can read; write "
        "https://counseling.test/ (most hosts give a site its certificate for free)"),
    "placeholder": (
        {"site_config.yaml": MINIMAL_CONFIG.replace('phone: "+1 217-555-2000"', 'phone: "+1 555-0100"')},
        "site_config.yaml:9: warning: 'clinic.phone' is still a placeholder ('+1 555-0100'); replace it with the clinic's real value"),
    "review-over-12-months": (
        {"content/articles/hello.md": GOOD_ARTICLE.replace("summary:", "reviewed_on: 2025-11-25\nsummary:")},
        "content/articles/hello.md:4: warning: was last clinically reviewed on 2025-11-25, more than 12 months ago; ask a clinician to review it, then update 'reviewed_on'"),
    "closure-in-the-past": (
        {"site_config.yaml": MINIMAL_CONFIG.replace("date: 2026-12-25", "date: 2025-12-25")},
        "site_config.yaml:20: warning: the closure 'Christmas Day' on 2025-12-25 is in the past; delete it from 'closures'"),
    "closures-sharing-a-date-in-several-languages": (
        {"site_config.yaml": cfg("  copyright_start: 2020\n", "  copyright_start: 2020\n  languages: [{code: es, name: Español}]\n",
                                 "    label: Christmas Day\n",
                                 "    label: Christmas Day\n  - date: 2026-12-25\n    label: Staff party\n    locations: [downtown]\n"),
         "translations/es.yaml": "site: {description: Terapia.}\ncrisis: {text: Llame al 988.}\n"
                                 "locations: {downtown: {name: Centro}}\nclosures: {2026-12-25: Navidad}\n"},
        "site_config.yaml:23: warning: closures[2] ('Staff party') is on 2026-12-25 like closures[1] ('Christmas Day', line 21); "
        "translations name closures by date (closures: {2026-12-25: ...}), so a translation of that date shows for both; "
        "give both closures one label that fits both"),
    "missing-summary": (
        {"content/articles/hello.md": GOOD_ARTICLE.replace("summary: A first article.\n", "")},
        "content/articles/hello.md:1: warning: has no 'summary:'; search results and lists will show the first paragraph instead. Add one or two sentences: summary: ..."),
    "tags-without-brackets": (
        {"content/articles/hello.md": GOOD_ARTICLE.replace("summary:", "tags: first visit, therapy\nsummary:")},
        "content/articles/hello.md:4: warning: 'tags' has no square brackets, so it reads as one tag 'first visit, therapy'; "
        "it was read as 2 tags, as you probably meant: write tags: [first visit, therapy]"),
    "title-in-curly-quotes": (
        {"content/articles/hello.md": GOOD_ARTICLE.replace("title: Hello", "title: \u201cHello\u201d")},
        "content/articles/hello.md:2: warning: 'title' is wrapped in curly quotes, which would show in the heading; "
        "they were left out: write title: Hello"),
    "long-title": (
        {"content/articles/hello.md": GOOD_ARTICLE.replace("title: Hello", "title: " + "Feeling stuck in therapy " * 3)},
        "content/articles/hello.md:2: warning: 'title' is 74 characters long; search results cut it after about 60, so shorten it to 60 or fewer"),
    "long-description": (
        {"content/articles/hello.md": GOOD_ARTICLE.replace("summary: A first article.", "summary: " + "Why therapy stalls. " * 9)},
        "content/articles/hello.md:4: warning: 'summary' is 179 characters long; search results cut it after about 160, so shorten it to 160 or fewer"),
}


@pytest.mark.parametrize("files, expected", list(WARNINGS.values()), ids=list(WARNINGS))
def test_warning_is_printed_but_the_build_goes_on(make_site, capsys, files, expected):
    site = make_site({"content/articles/hello.md": GOOD_ARTICLE, **files})
    code, err, out = run(capsys, "build", "--source", str(site))
    assert code == 0
    assert err == [expected, "1 warning."]
    assert out.startswith("Built ")
    assert (site / "output" / "index.html").is_file()


@pytest.mark.parametrize("files, expected", list(WARNINGS.values()), ids=list(WARNINGS))
def test_warning_fails_with_strict(tmp_path, capsys, previous_output, files, expected):
    site = broken_site(tmp_path, previous_output, files)
    before = snapshot(site / "output")
    code, err, _ = run(capsys, "build", "--source", str(site), "--strict")
    assert code == 1
    assert err[:2] == [expected, "1 warning (warnings count as errors with --strict)."]
    assert snapshot(site / "output") == before


def test_a_review_exactly_12_months_old_is_not_stale(make_site, capsys):
    site = make_site({"content/articles/hello.md": GOOD_ARTICLE.replace("summary:", "reviewed_on: 2025-11-26\nsummary:")})
    assert run(capsys, "check", "--source", str(site))[:2] == (0, [])


# --------------------------------------------------------------------------
# Internal errors: an apology naming the file, the traceback only with --debug
# --------------------------------------------------------------------------

# Stands in for a bug in a library the generator uses: Markdown fails on one article.
FAULTY_LIBRARY = """\
import markdown

_convert = markdown.Markdown.convert

def convert(self, text):
    if "TRIGGER-AN-INTERNAL-ERROR" in text:
        raise RuntimeError("simulated library bug")
    return _convert(self, text)

markdown.Markdown.convert = convert
"""


def _run_with_faulty_library(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "sitecustomize.py").write_text(FAULTY_LIBRARY, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "lib")}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("command", ["build", "check"])
def test_internal_error_apologises_and_names_the_file(tmp_path, previous_output, command):
    site = broken_site(tmp_path, previous_output, {
        "content/articles/bad.md": "---\ntitle: Bad\ndate: 2026-01-05\n---\nTRIGGER-AN-INTERNAL-ERROR\n"})
    before = snapshot(site / "output")

    result = _run_with_faulty_library(tmp_path, command, "--source", str(site), "--today", TODAY.isoformat())

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Sorry: the generator itself failed while processing content/articles/bad.md.\n")
    assert "RuntimeError: simulated library bug" in result.stderr
    assert "--debug" in result.stderr
    assert snapshot(site / "output") == before


def test_debug_shows_the_traceback(tmp_path, previous_output):
    site = broken_site(tmp_path, previous_output, {
        "content/articles/bad.md": "---\ntitle: Bad\ndate: 2026-01-05\n---\nTRIGGER-AN-INTERNAL-ERROR\n"})
    result = _run_with_faulty_library(tmp_path, "build", "--source", str(site), "--debug")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "while processing content/articles/bad.md" in result.stderr


@pytest.mark.parametrize("command", [["build"], ["check"], ["serve"], ["new", "A title"]])
def test_every_command_accepts_debug(command):
    from haven.cli import _parser

    assert _parser().parse_args([*command, "--debug"]).debug is True


def test_no_traceback_reaches_the_editor_from_the_command_line(tmp_path):
    site = write_site(tmp_path / "site", {"content/articles/a.md": "---\ntitle: [\n---\nText.\n"})
    result = build_site(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("content/articles/a.md:2: error: the '[' in column 8 that starts a list is never closed")


# --------------------------------------------------------------------------
# Nothing lost: the output changes only by an atomic swap
# --------------------------------------------------------------------------


class _Interrupting(dict):
    """Static files to copy; Ctrl+C arrives after `after` of them, as if pressed mid-write."""

    def __init__(self, files: dict, after: int):
        super().__init__(files)
        self.after = after

    def items(self):
        for index, item in enumerate(super().items()):
            if index == self.after:
                raise KeyboardInterrupt
            yield item


def test_ctrl_c_while_writing_leaves_the_output_as_it_was(tmp_path, previous_output):
    site = broken_site(tmp_path, previous_output, {})
    before = snapshot(site / "output")
    static = {}
    for index in range(5):
        path = site / f"static/f{index}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("x", encoding="utf-8")
        static[f"f{index}.txt"] = path

    with pytest.raises(KeyboardInterrupt):
        output_module.write_site(site / "output", {"index.html": b"new"}, _Interrupting(static, after=3))

    assert snapshot(site / "output") == before
    assert leftovers(site) == []


def test_ctrl_c_during_a_real_build_never_damages_the_output(tmp_path, previous_output):
    """Interrupt real builds at different moments: the output is always the old or the new site, whole."""
    files = {f"static/papers/p{index}.pdf": "x" * 200_000 for index in range(120)}
    site = broken_site(tmp_path, previous_output, files)
    assert build_site(site).returncode == 0
    old = snapshot(site / "output")
    (site / "content/articles/hello.md").write_text(GOOD_ARTICLE.replace("A first article.\n", "Changed.\n"), encoding="utf-8")
    # Ctrl+C is sent once the command line is running (what Python does while still importing is its own).
    script = ("import sys; from haven.cli import main; print('ready', flush=True); "
              f"sys.exit(main(['build', '--source', {str(site)!r}, '--today', {TODAY.isoformat()!r}]))")
    for delay in (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45):
        process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert process.stdout.readline() == "ready\n"
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        assert "Traceback" not in err
        now = snapshot(site / "output")
        assert now == old or (set(now) == set(old) and now != old), f"output damaged after {delay} s"
        assert leftovers(site) == []


@pytest.mark.parametrize(("number", "code", "said"), [
    (signal.SIGINT, 130, "Stopped; the output folder"),
    (signal.SIGTERM, 143, "Stopped (SIGTERM); the output folder"),
])
def test_a_signal_caught_by_a_weakref_callback_still_stops_the_build(tmp_path, previous_output, number, code, said):
    """Python runs weakref callbacks at the end of every import; Ctrl+C landing in one is only
    printed there, with a traceback, and the build would carry on. It must stop the build as usual."""
    site = broken_site(tmp_path, previous_output, {})
    assert build_site(site).returncode == 0
    old = snapshot(site / "output")
    (site / "content/articles/hello.md").write_text(GOOD_ARTICLE.replace("A first article.\n", "Changed.\n"), encoding="utf-8")
    # The interrupt is raised inside a weakref callback half-way through the build; the pause after
    # it stands for the rest of the build, which must not be reached.
    script = f"""
import signal, sys, time, weakref
from haven import pipeline
from haven.cli import main

class Lock:
    pass

def import_finished(_ref):
    signal.raise_signal({int(number)})  # (its handler runs here, inside the callback)

def planning(*args, **kwargs):
    lock = Lock()
    ref = weakref.ref(lock, import_finished)
    del lock
    time.sleep(20)
    return plan_site(*args, **kwargs)

plan_site, pipeline.plan_site = pipeline.plan_site, planning
sys.exit(main(['build', '--source', {str(site)!r}, '--today', {TODAY.isoformat()!r}]))
"""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)

    assert done.returncode == code, done.stderr
    assert time.monotonic() - started < 15
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert said in done.stderr
    assert snapshot(site / "output") == old
    assert leftovers(site) == []


def test_a_signal_caught_by_a_weakref_callback_as_the_build_ends_is_not_a_traceback(tmp_path, previous_output):
    """The signal, sent again from a helper thread, may come after the build is written: the
    command still ends with its own message and exit code, not with Python's traceback."""
    site = broken_site(tmp_path, previous_output, {})
    (site / "content/articles/hello.md").write_text(GOOD_ARTICLE.replace("A first article.\n", "Changed.\n"), encoding="utf-8")
    script = f"""
import signal, sys, weakref
from haven import cli

class Lock:
    pass

def import_finished(_ref):
    signal.raise_signal(signal.SIGINT)

def reporting(*args, **kwargs):
    lock = Lock()
    ref = weakref.ref(lock, import_finished)
    del lock
    return report(*args, **kwargs)

report, cli.report = cli.report, reporting
sys.exit(cli.main(['build', '--source', {str(site)!r}, '--today', {TODAY.isoformat()!r}]))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)

    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "Changed." in (site / "output/blog/hello/index.html").read_text(encoding="utf-8")
    assert leftovers(site) == []


def test_a_build_killed_mid_swap_is_repaired_by_the_next_build(tmp_path, previous_output):
    site = broken_site(tmp_path, previous_output, {})
    before = snapshot(site / "output")
    dead = _dead_pid()
    # What `kill -9` between the two renames leaves: the old output set aside, a half-written new one.
    (site / "output").rename(site / f".output.old-{dead}-abc")
    (site / f".output.new-{dead}-def").mkdir()
    (site / f".output.new-{dead}-def" / "index.html").write_text("half", encoding="utf-8")

    output_module._clean_leftovers((site / "output").resolve())

    assert snapshot(site / "output") == before
    assert leftovers(site) == []


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_unwritable_output_is_a_problem_not_a_crash(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"content/articles/hello.md": GOOD_ARTICLE})
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    code, err, _ = run(capsys, "build", "--source", str(site), "--output", str(tmp_path / "a-file" / "out"))
    assert code == 1
    assert "could not be written" in err[0] and "the previous output is unchanged" in err[0]


def test_a_redirect_never_lands_outside_the_output(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"content/articles/hello.md": GOOD_ARTICLE.replace("summary:", "aliases: [/]\nsummary:")})
    code, _err, _ = run(capsys, "build", "--source", str(site))
    assert code == 1
    assert not (site / "output").exists()
    staging, _ = output_module.Staging.open(tmp_path / "out")
    try:
        for rel in ("/index.html", "../index.html", "blog/../../index.html"):
            with pytest.raises(ValueError):
                staging.write(rel, b"<!doctype html>")
    finally:
        staging.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_check_never_writes(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"content/articles/hello.md": GOOD_ARTICLE})
    before = snapshot(site)
    code, _, out = run(capsys, "check", "--source", str(site))
    assert code == 0 and out.startswith("All good")
    assert snapshot(site) == before
    assert sorted(p.name for p in site.iterdir()) == ["content", "site_config.yaml"]


# --------------------------------------------------------------------------
# The editors' page shows real output
# --------------------------------------------------------------------------


def test_every_sample_in_the_editors_page_is_a_real_message():
    """docs/errors.md quotes messages; each must be one these tests see printed."""
    import re

    known = {expected for _, expected in CASES.values()} | {expected for _, expected in WARNINGS.values()} | set(ONE_RUN)
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    samples, in_block = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif in_block and re.match(r"(content|site_config|templates|static)[^ ]*: ", line):
            samples.append(line)
    assert len(samples) > 60
    def same_text(line: str) -> str:  # a theme file's line numbers follow the theme's own edits
        return re.sub(r"^(templates/[^:]+):\d+:", r"\1:N:", line)

    known = {same_text(line) for line in known}
    assert [line for line in samples if same_text(line) not in known] == []


def test_a_location_with_a_mistake_is_the_one_error_not_also_the_closures_that_name_it(make_site, capsys):
    # Its mistake leaves the location out of the checked settings; a closure that names it is right
    # as written, and "names location 'uptown', which is not in 'locations'" would send the
    # editor after a second mistake that is not there.
    config = MINIMAL_CONFIG.replace("    label: Christmas Day\n", "    label: Christmas Day\n    locations: [uptown]\n")
    config = config.replace("crisis:", "  - id: uptown\n    name: Uptown\n    street: 9 Elm St\n    city: Springfield\n"
                                       "    region: IL\n    postal_code: \"62702\"\n    hours: {tuesday: \"14:00-25:00\"}\n"
                                       "crisis:", 1)
    code, err, _ = run(capsys, "check", "--source", str(make_site({"site_config.yaml": config})))
    assert code == 1
    errors = [line for line in err if ": error: " in line]
    assert len(errors) == 1 and "25:00" in errors[0], err
