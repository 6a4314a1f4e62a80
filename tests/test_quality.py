"""Quality gates on every generated page: valid, accessible, light and private.

Builds the example site, a fixture site written here (a sub-path base_url, a
contact form, many articles with tables, images, code and footnotes) and every
site folder under tests/sites/, then checks every .html file of each. What each
gate checks and its budget: tests/quality.py and docs/quality.md.

Locally, a missing Chromium, Java or vnu.jar skips with the reason; with CI=true
nothing skips. HAVEN_QUALITY_SITES (folders separated by the path separator)
adds site folders of your own to the run.
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from pathlib import Path

import pytest

try:  # tests/ as a package (`python -m pytest` from the repository root)
    from tests import quality
    from tests.browser import require_browser
    from tests.helpers import ROOT, build_site, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    import quality  # type: ignore[no-redef]
    from browser import require_browser  # type: ignore[no-redef]
    from helpers import ROOT, build_site, write_site  # type: ignore[no-redef]

IN_CI = os.environ.get("CI") == "true"
# One Chromium per core: the pages are shared out between them (HAVEN_QUALITY_WORKERS=1 for one).
WORKERS = int(os.environ.get("HAVEN_QUALITY_WORKERS") or max(1, min(4, os.cpu_count() or 1)))


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: the quality gates must run in CI, not skip)", pytrace=False)
    pytest.skip(reason)


# --------------------------------------------------------------------------
# A fixture site that uses what the example site does not
# --------------------------------------------------------------------------


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small, valid, solid-colour PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


SUBPATH_CONFIG = """\
site:
  title: Riverbend Counseling and Psychiatric Services of Greater Springfield
  legal_name: Riverbend Counseling LLC
  base_url: https://riverbend.test/clinic/
  language: en-US
  description: Outpatient counseling and psychiatry for adults and teens in Springfield.
  copyright_start: 2019
clinic:
  timezone: America/Chicago
  phone: "+1 217-555-0188"
  email: front-desk-and-scheduling@riverbend.test
hours:
  monday: ["08:00-12:00", "13:00-20:00"]
  tuesday: "08:00-17:00"
  wednesday: "08:00-17:00"
  thursday: "08:00-20:00"
  friday: "08:00-15:00"
  saturday: "09:00-12:00"
  sunday: closed
closures:
  - date: 2026-12-24
    label: Christmas Eve
    hours: "08:00-12:00"
  - date: 2026-12-25
    label: Christmas Day
  - date: 2027-01-08
    label: Staff training
    locations: [east-side]
locations:
  - id: east-side
    name: East Side Wellness Center (Second Floor, Suite 210)
    street: 4100 East Washington Street, Suite 210
    city: Springfield
    region: IL
    postal_code: "62703"
    phone: "+1 217-555-0189"
    hours: {saturday: closed, sunday: "10:00-14:00"}
    directions: |-
      Bus routes **3** and **10** stop outside. Free parking behind the building;
      the lift is by the [main entrance](/locations/east-side/#directions-title).
  - id: downtown
    name: Downtown
    street: 1 Old State Capitol Plaza
    city: Springfield
    region: IL
    postal_code: "62701"
navigation:
  - {title: Home, url: /}
  - {title: Articles, url: /blog/}
  - {title: Self-check, url: /self-assessment/mood-check/}
  - {title: Locations & hours, url: /locations/}
  - {title: About us, url: /about/}
  - {title: Contact, url: /contact/}
footer_navigation:
  - {title: Privacy, url: /privacy/}
  - {title: Accessibility, url: /accessibility/}
crisis:
  text: In crisis? Call or text 988 (Suicide & Crisis Lifeline). In an emergency, call 911.
  phone: "988"
contact:
  form_action: https://forms.riverbend.test/submit/contact
  intro: Leave a short message and we will call or e-mail you back within **one business day**.
home:
  heading: Counseling and psychiatry in Springfield, for adults and teens
  intro: >-
    We are an outpatient practice. Read [how we work](/about/) or
    [find an office](/locations/).
  services:
    - {title: Counseling, text: Individual and family sessions in person or by video.}
    - {title: Psychiatry, text: "Evaluations and medication management, with [telehealth](/blog/telehealth-visits/)."}
    - {title: Groups, text: Skills groups for anxiety and low mood.}
cta:
  text: Ready to talk to someone?
  link_text: Request an appointment
  url: /contact/
"""

RICH_ARTICLE = """\
---
title: "What to expect at your first visit: forms, fees, and “what if I cry?”"
date: 2026-10-02
summary: A walk through the first appointment, from the waiting room to the plan you leave with.
category: First steps
tags: [first visit, insurance, therapy]
author: Dr. Ana Müller-Okafor
reviewed_by: Sam Lee, LCSW
reviewed_on: 2026-09-20
updated: 2026-10-20
aliases: [/2019/05/first-visit.html, /old/first-visit/]
---
Most people feel a little nervous before a first appointment.[^1] That is normal.

## Before you arrive

![A bright waiting room with two armchairs](/images/waiting-room.png)

Bring a photo ID, your insurance card and a list of medicines. A
[map of the offices](/locations/) and our [hours](/locations/#closures-title) are online.
A very long address that must still wrap on a phone:
https://riverbend.test/clinic/a-very-long-path/that-goes/on-and-on-and-on-without-any-spaces-at-all/

### Fees at a glance

| Visit | Length | Self-pay fee | Usually covered by insurance | Notes for first-time patients |
| --- | --- | --- | --- | --- |
| Psychiatric evaluation | 60 min | $250 | Yes, after the deductible | Bring your medication list and any past records |
| Therapy session | 50 min | $140 | Yes | Sliding scale available on request |
| Medication follow-up | 25 min | $120 | Yes | Often by video |

### What we ask

1. What brings you in now?
2. What has helped before?
    - friends or family
    - exercise, sleep, routines
3. What would you like to be different?

!!! warning "Bring your medicines"
    Please bring every medicine you take, including supplements.

!!! note
    You can stop or pause at any time.

> Nobody expects you to have the words ready. We will find them together.

## Afterwards

You leave with a plan. Some people like to keep a log:

```
mood: 6/10   sleep: 7h   notes: walked after lunch; a very long line of notes that would not fit on a phone screen at all
```

See also [telehealth visits](/blog/telehealth-visits/) and the
[self-check](/self-assessment/mood-check/). Questions? [Contact us](/contact/).

[^1]: In one survey, most new patients said so.
"""

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60" viewBox="0 0 120 60"><rect width="120" height="60" fill="#2a6f6f"/><circle cx="30" cy="30" r="18" fill="#f2e8cf"/></svg>\n"""


def subpath_site_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "site_config.yaml": SUBPATH_CONFIG,
        "static/images/waiting-room.png": _png(480, 240, (214, 232, 226)),
        "static/images/map.svg": SVG,
        "content/articles/first-visit.md": RICH_ARTICLE,
        "content/articles/telehealth-visits.md": (
            "---\ntitle: Telehealth visits\ndate: 2026-09-14\ncategory: How we work\ntags: [telehealth]\n---\n"
            "Video visits work on a phone or a computer.\n\n![Map of the service area](/images/map.svg)\n\n"
            "## Getting ready\n\nFind a quiet room. See [your first visit](/blog/first-visit/#before-you-arrive).\n"
        ),
        "content/articles/draft-note.md": "---\ntitle: Not yet\ndate: 2026-01-01\ndraft: true\n---\nDraft.\n",
        "content/articles/scheduled.md": "---\ntitle: Coming soon\ndate: 2027-06-01\n---\nLater.\n",
        "content/pages/about.md": (
            "---\ntitle: About us\nsummary: Who we are.\n---\n"
            "## Our team\n\nPsychiatrists, nurse practitioners and counselors.[^team]\n\n"
            "## Our values\n\n- Respect\n- Privacy\n- Plain language\n\n[^team]: All licensed in Illinois.\n"
        ),
        "content/pages/privacy.md": "---\ntitle: Privacy\n---\nThis site sets no cookies and loads nothing from other hosts.\n",
        "content/pages/accessibility.md": "---\ntitle: Accessibility\n---\nTell us about any barrier: [contact us](/contact/).\n",
        "content/checklists/mood-check.yaml": (
            "title: How has your mood been?\n"
            "intro: Tick what sounds like the **last two weeks**. Nothing you tick leaves this page.\n"
            "items:\n"
            "  - {text: I have lost interest in things I used to enjoy., topic: mood}\n"
            "  - {text: I sleep much more or much less than usual., topic: sleep}\n"
            "  - {text: I find it hard to concentrate., topic: mood}\n"
            "  - {text: I have thought about hurting myself., topic: safety, urgent: true}\n"
            "topics:\n"
            "  mood: {title: Low mood, advice: 'Talking to someone helps. [Contact us](/contact/).'}\n"
            "  sleep: {title: Sleep, advice: 'Keep regular hours; see [telehealth](/blog/telehealth-visits/).'}\n"
            "  safety: {title: Your safety comes first, advice: 'Call or text **988** now; in an emergency call **911**.'}\n"
            "results:\n"
            "  - {min: 0, max: 1, text: Few signs right now.}\n"
            "  - {min: 2, max: 4, text: Several signs. Consider talking to a clinician.}\n"
            "disclaimer: A reflection aid, not a diagnosis.\n"
        ),
    }
    for n in range(1, 12):  # enough articles for two blog pages and a paginated category
        files[f"content/articles/tip-{n:02d}.md"] = (
            f"---\ntitle: Weekly tip number {n}\ndate: 2026-0{1 + n % 8}-{10 + n:02d}\n"
            f"category: {'Tips' if n % 3 else 'First steps'}\ntags: [{'sleep' if n % 2 else 'stress'}, tips]\n---\n"
            f"Tip {n}: small steps add up. Take a short walk, drink water and rest.\n\n"
            f"## Why it helps\n\nRoutine lowers stress. Read [tip one](/blog/tip-01/) too.\n"
        )
    return files


# The least a site may have: no locations, phone, e-mail, pages, checklists or menu.
MINIMAL_SITE = {
    "site_config.yaml": """\
site:
  title: Tiny Practice
  base_url: https://tiny.test/
  description: A one-person counseling practice.
clinic:
  timezone: Europe/London
hours:
  monday: "10:00-16:00"
  tuesday: closed
  wednesday: closed
  thursday: "10:00-16:00"
  friday: closed
  saturday: closed
  sunday: closed
crisis:
  text: In an emergency, call 999. Samaritans are on 116 123, free, any time.
""",
    "content/articles/hello.md": "---\ntitle: Hello\ndate: 2026-02-01\nsummary: We are open.\n---\nWe are open two days a week.\n",
}


# --------------------------------------------------------------------------
# Builds, once per module
# --------------------------------------------------------------------------


def _extra_sources() -> list[tuple[str, Path]]:
    sources = [("example", ROOT)]
    sites_dir = ROOT / "tests" / "sites"
    if sites_dir.is_dir():
        for folder in sorted(sites_dir.iterdir()):
            if (folder / "site_config.yaml").is_file():
                sources.append((f"tests/sites/{folder.name}", folder))
    for extra in filter(None, os.environ.get("HAVEN_QUALITY_SITES", "").split(os.pathsep)):
        sources.append((extra, Path(extra).resolve()))
    return sources


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> list[quality.BuiltSite]:
    work = tmp_path_factory.mktemp("quality")
    sources = _extra_sources()
    sources[1:1] = [("fixture (sub-path, form, rich articles)", write_site(work / "src-subpath", subpath_site_files())),
                    ("fixture (minimal)", write_site(work / "src-minimal", MINIMAL_SITE))]
    built = []
    for index, (name, source) in enumerate(sources):
        served = work / f"served-{index}"
        output, base_path, base_url = quality.served_layout(served, source)
        result = build_site(source, "--output", str(output))
        if result.returncode != 0:
            if source.is_relative_to(ROOT / "tests" / "sites") and result.returncode == 1:
                # A folder of deliberately broken content belongs to the build tests, not to these gates.
                print(f"quality gates: {name} does not build (exit 1), left to its own tests:\n{result.stderr[-800:]}")
                continue
            pytest.fail(f"{name} failed to build (exit {result.returncode}):\n{result.stdout}{result.stderr}", pytrace=False)
        site = quality.BuiltSite(name, served, output, base_path, base_url)
        quality.finish_layout(site)
        built.append(site)
    return built


@pytest.fixture(scope="module")
def browser_findings(sites) -> list[quality.Findings]:
    require_browser()
    started = time.perf_counter()
    findings = quality.audit_sites(sites, workers=WORKERS)
    for f in findings:
        print(f"quality gates: {f.site}: {f.pages} pages, {f.axe_runs} axe runs, "
              f"{f.keyboard_stops} Tab stops, {f.seconds:.1f} s of browser time")
    print(f"quality gates: browser gates took {time.perf_counter() - started:.1f} s with {WORKERS} worker(s)")
    return findings


def _assert_clean(findings: list[quality.Findings], gate: str) -> None:
    problems = [p for f in findings for p in getattr(f, gate)]
    if problems:
        by_site = "\n".join(quality.report(f.site, getattr(f, gate)) for f in findings if getattr(f, gate))
        pytest.fail(f"{gate} gate: {len(problems)} problem(s)\n{by_site}", pytrace=False)


# --------------------------------------------------------------------------
# The gates
# --------------------------------------------------------------------------


def test_sites_were_built_with_pages(sites):
    names = [s.name for s in sites]
    assert names[:3] == ["example", "fixture (sub-path, form, rich articles)", "fixture (minimal)"]
    subpath = sites[1]
    assert subpath.base_path == "/clinic/"
    urls = {p.url_path for p in subpath.pages()}
    # the fixture really exercises what it is for
    assert {"/clinic/", "/clinic/blog/page/2/", "/clinic/contact/", "/clinic/self-assessment/mood-check/",
            "/clinic/blog/first-visit/", "/clinic/old/first-visit/", "/clinic/404.html"} <= urls
    assert not {"/clinic/blog/draft-note/", "/clinic/blog/scheduled/"} & urls
    assert 'action="https://forms.riverbend.test/submit/contact"' in (subpath.output / "contact" / "index.html").read_text()
    for site in sites:
        assert len(site.pages()) >= 4, site.name


def test_html_is_valid(sites):
    """Nu Html Checker: no error and no warning on any page."""
    missing = quality.vnu_available()
    if missing:
        _unavailable(missing)
    served = [s.served for s in sites]
    common = Path(os.path.commonpath(served))
    messages = quality.run_vnu(served, common)
    count = sum(len(s.pages()) for s in sites)
    print(f"quality gates: vnu checked {count} pages: {len(messages)} errors and warnings")
    assert not messages, f"{len(messages)} HTML error(s)/warning(s):\n" + "\n".join(map(str, messages[:80]))


def test_links_resolve(sites):
    """Every link, asset, canonical address and sitemap entry into the site resolves."""
    problems = [f"{s.name}: {p}" for s in sites for p in quality.check_links(s)]
    assert not problems, "\n".join(problems[:80])


def test_accessibility_axe(browser_findings):
    """axe-core, WCAG 2.0/2.1/2.2 A+AA and best practices: light and dark, phone and desktop."""
    _assert_clean(browser_findings, "axe")


def test_only_local_requests_and_none_fail(browser_findings):
    _assert_clean(browser_findings, "requests")


def test_main_content_without_javascript(browser_findings):
    _assert_clean(browser_findings, "nojs")


def test_no_horizontal_scrolling_on_phones(browser_findings):
    _assert_clean(browser_findings, "reflow")


def test_keyboard(browser_findings):
    _assert_clean(browser_findings, "keyboard")


def test_weight_budget(browser_findings):
    for f in browser_findings:
        print(f"\nquality gates: page weights of {f.site} (bytes)\n{quality.weights_table(f.weights)}")
    _assert_clean(browser_findings, "weight")


# --------------------------------------------------------------------------
# The gates bite: each one catches a page built to fail it
# --------------------------------------------------------------------------

BAD_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Bad</title>
<link rel="stylesheet" href="/missing.css">
<link rel="stylesheet" href="/bad.css"></head>
<body>
<p>Low contrast text</p><img src="http://tracker.invalid/pixel.png">
<div class="wide">wide</div>
<span tabindex="0" class="nofocus">focus me</span>
<a href="/nowhere/">broken</a>
<script>document.title = "Bad page";</script>
</body></html>
"""


def test_gates_catch_a_bad_page(tmp_path):
    served = tmp_path / "served"
    (served / "bad").mkdir(parents=True)
    (served / "bad" / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    # a 404 page with a relative stylesheet: fine at /404.html, broken at a deeper missing address
    (served / "404.html").write_text('<!doctype html><html lang="en"><title>Not found</title><link rel="stylesheet" href="style.css">'
                                     "<main><h1>Not found</h1></main></html>", encoding="utf-8")
    (served / "style.css").write_text("main { margin: 1rem; }", encoding="utf-8")
    (served / "bad.css").write_text("p { color: #999; background: #aaa; } div.wide { width: 900px; } .nofocus:focus { outline: none; }",
                                    encoding="utf-8")
    # the site's own security policy applies, as on a host: the inline script breaks it
    (served / "_headers").write_text("/*\n  Content-Security-Policy: default-src 'self'\n  Cache-Control: max-age=600\n", encoding="utf-8")
    site = quality.BuiltSite("bad", served, served, "/", "https://bad.test/")
    links = quality.check_links(site)
    assert any("/nowhere/" in p and "404" in p for p in links), links
    assert any("/missing.css" in p for p in links), links

    if not quality.vnu_available():
        messages = quality.run_vnu([served], served)
        assert any(m.kind == "error" and "alt" in m.message for m in messages), messages
        assert any(m.kind == "warning" and "lang" in m.message for m in messages), messages

    require_browser()
    found = quality.audit_sites([site], workers=1)[0]
    rules = " ".join(found.axe)
    for rule in ("color-contrast", "image-alt", "html-has-lang", "landmark-one-main"):
        assert rule in rules, (rule, found.axe)
    assert any("tracker.invalid" in p for p in found.requests), found.requests
    assert any("Content Security Policy" in p for p in found.requests), found.requests
    assert any("404" in p and "missing.css" in p for p in found.requests), found.requests
    assert any(p.startswith("/no/such/page/: HTTP 404") and "/no/such/page/style.css" in p for p in found.requests), found.requests
    assert any("no <main>" in p for p in found.nojs), found.nojs
    assert any("320px" in p for p in found.reflow), found.reflow
    keyboard = " ".join(found.keyboard)
    assert "not a skip link" in keyboard and "no visible focus indicator" in keyboard, found.keyboard


def test_weight_gate_catches_a_heavy_page(tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / "index.html").write_text("<!doctype html><html lang=en><title>x</title><main><h1>Heavy</h1><p>"
                                       + "word " * 13000 + "</p></main></html>", encoding="utf-8")
    site = quality.BuiltSite("heavy", served, served, "/", "https://heavy.test/")
    found = quality.Findings("heavy")
    recorder_requests = [("http://127.0.0.1:1/", "document")]

    class Recorder:
        requests = recorder_requests

    quality._check_weight(site, quality.Page(served / "index.html", "/"), Recorder(), "http://127.0.0.1:1", found)
    assert found.weights[0].html > quality.RAW_BUDGET
    assert len(found.weight) == 1 and "uncompressed, over the budget of 60000" in found.weight[0], found.weight
    # incompressible text: over the transferred budget too
    import random
    words = random.Random(5).choices(range(10**9), k=9000)
    (served / "index.html").write_text("<p>" + " ".join(map(str, words)), encoding="utf-8")
    found = quality.Findings("heavy")
    quality._check_weight(site, quality.Page(served / "index.html", "/"), Recorder(), "http://127.0.0.1:1", found)
    assert any("transferred, over the budget of 30000" in p for p in found.weight), found.weight
