"""The three things the site does in the visitor's browser, driven in Debian's Chromium.

- the self-assessment checklist: results on the same page, nothing stored or sent;
- the "Open now" badge: right in the clinic's time zone, whatever the visitor's;
- the contact form: plain HTML, validated by the browser, with readable errors.

Every page is served with a strict Content-Security-Policy (default-src 'self'), so a test
also fails if the site needs an inline script or style, or anything from another host.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import json
import re
from zoneinfo import ZoneInfo

import pytest

try:  # tests/ as a package (tests/__init__.py, or `python -m pytest` from the root)
    from tests.browser import record_requests, run_axe, serve_directory
    from tests.helpers import ROOT, THEME, TODAY, build_site, run_cli, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import record_requests, run_axe, serve_directory  # type: ignore[no-redef]
    from helpers import ROOT, THEME, TODAY, build_site, run_cli, write_site  # type: ignore[no-redef]

NEW_YORK = ZoneInfo("America/New_York")
CSP = "default-src 'self'; base-uri 'none'; form-action https://forms.counseling.test"
FORM_ACTION = "https://forms.counseling.test/submit"

CONFIG = f"""\
site:
  title: Quiet Harbor Counseling
  base_url: https://counseling.test/
  description: Counseling for adults in New York.
clinic:
  timezone: America/New_York
  phone: "+1 212-555-2000"
hours:
  monday: "09:00-17:00"
  tuesday: "09:00-17:00"
  wednesday: ["09:00-12:00", "13:00-19:00"]
  thursday: "09:00-17:00"
  friday: "09:00-17:00"
  saturday: closed
  sunday: closed
closures:
  - {{date: 2026-12-24, label: Christmas Eve, hours: "09:00-13:00"}}
  - {{date: 2026-12-25, label: Christmas Day}}
  - {{date: 2026-12-07, label: Renovation, locations: [annex]}}
  - {{date: 2026-12-08, label: Renovation, locations: [annex]}}
  - {{date: 2026-12-09, label: Renovation, locations: [annex]}}
  - {{date: 2026-12-10, label: Renovation, locations: [annex]}}
  - {{date: 2026-12-11, label: Renovation, locations: [annex]}}
locations:
  - {{id: downtown, name: Downtown, street: 1 Main St, city: New York, region: NY, postal_code: "10001"}}
  - id: uptown
    name: Uptown
    street: 200 West St
    city: New York
    hours: {{saturday: "10:00-14:00"}}
  - {{id: annex, name: Annex, street: 5 Side St, city: New York}}
crisis:
  text: In crisis? Call or text 988. In an emergency, call 911.
  phone: "988"
contact:
  form_action: {FORM_ACTION}
"""

CHECKLIST = """\
title: How is therapy going?
intro: Tick what sounds like you. Nothing you tick leaves this page.
items:
  - {text: I feel judged by my therapist., topic: rapport}
  - {text: I hold things back., topic: resistance}
  - {text: I go mostly to please someone else., topic: resistance}
  - {text: I rarely practise between sessions., topic: practice}
  - text: I have had thoughts of harming myself.
    topic: safety
    urgent: true
topics:
  rapport: {title: Rapport with your therapist, advice: Trust takes time; say how you feel in session.}
  resistance: {title: Fear and getting in your own way, advice: Ask whether therapy frightens you.}
  practice: {title: Practice between sessions, advice: Put ten minutes on your calendar.}
  safety: {title: Your safety comes first, advice: "Please call or text **988** now, or 911 in an emergency."}
results:
  - {min: 0, max: 1, text: Few signs of a roadblock.}
  - {min: 2, max: 3, text: Some signs; bring this list to your next session.}
  - {min: 4, max: 5, text: "Several signs; [talk it over](/contact/) with your therapist soon."}
disclaimer: This is a reflection aid, not a diagnosis. [Contact us](/contact/) with questions.
"""

TOPIC_TITLES = {
    "rapport": "Rapport with your therapist", "resistance": "Fear and getting in your own way",
    "practice": "Practice between sessions", "safety": "Your safety comes first",
}


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture clinic (form_action set, split hours, overrides, closures), built and served."""
    root = write_site(tmp_path_factory.mktemp("interactive"), {
        "site_config.yaml": CONFIG,
        "content/checklists/therapy.yaml": CHECKLIST,
    })
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_directory(root / "output") as base_url:
        yield base_url


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    """The example clinic shipped in the repository, built and served."""
    output = tmp_path_factory.mktemp("example") / "output"
    result = run_cli("build", "--source", str(ROOT), "--output", str(output), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_directory(output) as base_url:
        yield base_url


def _add_csp(route):
    response = route.fetch()
    headers = dict(response.headers)
    if headers.get("content-type", "").startswith("text/html"):
        headers["content-security-policy"] = CSP
    route.fulfill(response=response, headers=headers)


@contextlib.contextmanager
def visit(browser, url, *, at=None, zone="America/New_York", js=True, **options):
    """Open `url` in a fresh context: clock pinned to `at`, visitor in time zone `zone`."""
    context = browser.new_context(timezone_id=zone, java_script_enabled=js, **options)
    context.route("**/*", _add_csp)
    page = context.new_page()
    if at is not None:
        page.clock.install(time=at)
    log = record_requests(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    try:
        yield page, log
        # A reload or a click away cancels requests still in flight (the favicon, say):
        # the browser's own doing, not a missing file, which would be a 404 instead.
        assert [p for p in log.problems() if not p.endswith("net::ERR_ABORTED")] == []
    finally:
        # A request still passing through _add_csp when the test ends (the favicon, say) would
        # fail in its route with "request context disposed": let it go quietly.
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def ny(day: str, hhmm: str) -> dt.datetime:
    """A moment given as New York wall-clock time."""
    return dt.datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=NEW_YORK)


def badge_texts(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator("[data-open-now]:visible .open-now-status").all_inner_texts()]


# --- the self-assessment checklist ------------------------------------------------------


def tick(page, *numbers):
    for number in numbers:
        page.locator(f"#item-{number}").check()


def results_section(page):
    return page.locator("#checklist-results .results")


def shown_topics(page) -> list[str]:
    return page.locator("#checklist-results .topic h3").all_inner_texts()


def storage(page) -> dict:
    return page.evaluate("""async () => ({
        cookie: document.cookie,
        local: localStorage.length,
        session: sessionStorage.length,
        idb: (await indexedDB.databases()).length,
        caches: (await caches.keys()).length,
        history: history.length,
    })""")


def test_checklist_results_on_the_page_without_requests_or_storage(browser, site):
    url = site + "self-assessment/therapy/"
    with visit(browser, url) as (page, log):
        assert all(u.startswith(site) for u in log.requests), log.requests
        scripts = page.locator("script[src]")
        assert scripts.count() == 1 and scripts.get_attribute("defer") is not None
        before, history = len(log.requests), storage(page)["history"]

        tick(page, 1, 2, 3)
        page.get_by_role("button", name="Show my results").click()
        page.wait_for_timeout(300)

        results = results_section(page)
        assert results.is_visible()
        assert page.locator("#checklist-results").get_attribute("aria-live") == "polite"
        assert page.locator("#checklist-results").locator(".results").count() == 1
        assert results.locator(".results-count").inner_text() == "You ticked 3 of 5 statements."
        assert results.locator(".results-band").inner_text() == "Some signs; bring this list to your next session."
        assert results.locator("ul li").all_inner_texts() == [
            "I feel judged by my therapist.", "I hold things back.", "I go mostly to please someone else."]
        assert shown_topics(page) == [TOPIC_TITLES["rapport"], TOPIC_TITLES["resistance"]]
        assert results.locator(".results-urgent").count() == 0
        assert "reflection aid, not a diagnosis" in results.inner_text()
        assert "Call or text 988" in results.inner_text()
        assert page.evaluate("document.activeElement.id") == "results-title"

        assert log.requests[before:] == [], "ticking and showing results made requests"
        assert page.url == url
        assert storage(page) == {"cookie": "", "local": 0, "session": 0, "idb": 0, "caches": 0, "history": history}
        assert page.context.storage_state() == {"cookies": [], "origins": []}


def test_checklist_results_follow_later_changes_without_moving_focus(browser, site):
    with visit(browser, site + "self-assessment/therapy/") as (page, log):
        tick(page, 4)
        page.get_by_role("button", name="Show my results").click()
        assert results_section(page).locator(".results-count").inner_text() == "You ticked 1 of 5 statements."
        assert results_section(page).locator(".results-band").inner_text() == "Few signs of a roadblock."
        before = len(log.requests)
        tick(page, 1)
        page.locator("#item-4").uncheck()
        assert results_section(page).locator(".results-count").inner_text() == "You ticked 1 of 5 statements."
        assert shown_topics(page) == [TOPIC_TITLES["rapport"]]
        assert page.evaluate("document.activeElement.id") == "item-4"
        assert log.requests[before:] == []


def test_a_result_keeps_its_link_in_the_results(browser, site):
    with visit(browser, site + "self-assessment/therapy/") as (page, _log):
        tick(page, 1, 2, 3, 4)
        page.get_by_role("button", name="Show my results").click()
        band = results_section(page).locator(".results-band")
        assert band.inner_text() == "Several signs; talk it over with your therapist soon."
        assert band.get_by_role("link", name="talk it over").get_attribute("href") == "/contact/"


def test_a_statement_left_untranslated_keeps_its_language_in_the_results(browser, tmp_path):
    # A translation that leaves the statements out shows the original's, marked lang="en" on a
    # Spanish page; the list of what was ticked must keep that mark, or a screen reader reads
    # the English with Spanish sounds (WCAG 3.1.2).
    root = write_site(tmp_path, {
        "site_config.yaml": CONFIG.replace("  description:", "  languages: [{code: es, name: Español}]\n  description:"),
        "content/checklists/therapy.yaml": CHECKLIST,
        "content/checklists/therapy.es.yaml": "title: ¿Cómo va la terapia?\n",
    })
    result = build_site(root)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_directory(root / "output") as base, visit(browser, base + "es/self-assessment/therapy/") as (page, _log):
        tick(page, 1, 2)
        page.locator("#checklist button[type=submit]").click()
        ticked = results_section(page).locator("[data-slot=ticked-list] li")
        assert ticked.all_inner_texts() == ["I feel judged by my therapist.", "I hold things back."]
        assert ticked.evaluate_all("lis => lis.map(li => (li.querySelector('[lang]') || li.closest('[lang]')).lang)") == ["en", "en"]


def test_checklist_with_nothing_ticked(browser, site):
    with visit(browser, site + "self-assessment/therapy/") as (page, _log):
        page.get_by_role("button", name="Show my results").click()
        results = results_section(page)
        assert results.locator(".results-count").inner_text() == "You ticked 0 of 5 statements."
        assert results.locator(".results-band").inner_text() == "Few signs of a roadblock."
        assert shown_topics(page) == []
        assert results.get_by_role("heading", name="What you ticked").count() == 0


@pytest.mark.parametrize("ticked, topics", [
    ((5,), ["safety"]),
    ((1, 2, 5), ["safety", "rapport", "resistance"]),
])
def test_urgent_item_puts_the_crisis_message_first(browser, site, ticked, topics):
    with visit(browser, site + "self-assessment/therapy/") as (page, _log):
        tick(page, *ticked)
        page.get_by_role("button", name="Show my results").click()
        results = results_section(page)
        first = results.locator(":scope > :not(h2)").first
        assert "results-urgent" in first.get_attribute("class")
        assert "Call or text 988" in first.inner_text()
        assert first.get_by_role("link", name="Call 988").get_attribute("href") == "tel:988"
        assert shown_topics(page) == [TOPIC_TITLES[t] for t in topics]


def test_start_over_clears_everything(browser, site):
    url = site + "self-assessment/therapy/"
    with visit(browser, url) as (page, log):
        tick(page, 1, 5)
        page.get_by_role("button", name="Show my results").click()
        before = len(log.requests)
        results_section(page).get_by_role("button", name="Start over").click()
        assert page.locator("input[type=checkbox]:checked").count() == 0
        assert results_section(page).count() == 0
        assert page.locator("#checklist-results").inner_text() == "Your answers have been cleared."
        assert page.locator(".has-results").count() == 0
        assert log.requests[before:] == []
        assert page.url == url
        assert page.context.storage_state() == {"cookies": [], "origins": []}


def test_start_over_in_the_results_by_keyboard_keeps_focus_in_the_checklist(browser, site):
    # The results' own button goes with the results: focus must not fall to <body>, where the
    # next Tab would skip past the checklist to the footer.
    with visit(browser, site + "self-assessment/therapy/") as (page, _log):
        tick(page, 2)
        page.get_by_role("button", name="Show my results").click()
        results_section(page).get_by_role("button", name="Start over").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "item-1"
        assert page.locator("#checklist-results").inner_text() == "Your answers have been cleared."
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "item-2"


def test_answers_do_not_survive_reload_or_back_button(browser, site):
    url = site + "self-assessment/therapy/"
    with visit(browser, url) as (page, _log):
        tick(page, 1, 5)
        page.get_by_role("button", name="Show my results").click()
        page.reload()
        assert page.locator("input[type=checkbox]:checked").count() == 0
        assert results_section(page).count() == 0
        tick(page, 2)
        page.get_by_role("button", name="Show my results").click()
        page.get_by_role("link", name="Contact us").first.click()
        page.wait_for_url(site + "contact/")
        page.go_back()
        page.wait_for_url(url)
        assert page.locator("input[type=checkbox]:checked").count() == 0
        assert results_section(page).count() == 0
        assert page.context.storage_state() == {"cookies": [], "origins": []}


def test_checklist_by_keyboard_alone(browser, site):
    with visit(browser, site + "self-assessment/therapy/") as (page, _log):
        page.locator("#item-1").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        for _ in range(3):  # items 3, 4, 5
            page.keyboard.press("Tab")
        page.keyboard.press("Tab")  # "Show my results"
        assert page.evaluate("document.activeElement.textContent") == "Show my results"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "results-title"
        assert results_section(page).locator(".results-count").inner_text() == "You ticked 2 of 5 statements."
        assert "?" not in page.url


def test_checklist_print_view_lists_ticked_statements_and_advice(browser, site):
    with visit(browser, site + "self-assessment/therapy/") as (page, _log):
        tick(page, 2, 4)
        page.get_by_role("button", name="Show my results").click()
        page.emulate_media(media="print")
        assert page.locator("h1").is_visible()
        assert not page.locator("#checklist").is_visible()
        assert not page.get_by_role("heading", name="Opening hours").is_visible()
        assert not page.get_by_role("button", name="Print or save as PDF").is_visible()
        results = results_section(page)
        assert results.is_visible()
        assert results.locator("ul li").all_inner_texts() == ["I hold things back.", "I rarely practise between sessions."]
        assert shown_topics(page) == [TOPIC_TITLES["resistance"], TOPIC_TITLES["practice"]]
        assert "not a diagnosis" in results.inner_text()
        assert page.locator("#crisis").is_visible()


def test_printed_results_keep_the_clinics_phone_and_e_mail_without_the_language_list(browser, example):
    # The printed sheet is what a visitor keeps or brings along: it must say how to reach the clinic.
    with visit(browser, example + "self-assessment/progress-in-therapy/") as (page, _log):
        tick(page, 1)
        page.get_by_role("button", name="Show my results").click()
        page.emulate_media(media="print")
        assert results_section(page).is_visible()
        footer = page.locator(".site-footer")
        assert footer.get_by_role("link", name="+1 555-0100").is_visible()
        assert footer.get_by_role("link", name="hello@example.org").is_visible()
        assert "26 Court St" in footer.inner_text()
        assert not page.get_by_role("navigation", name="Language").is_visible()


def test_print_button_opens_the_print_dialog(browser, site):
    with visit(browser, site + "self-assessment/therapy/") as (page, _log):
        page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")
        page.get_by_role("button", name="Show my results").click()
        page.get_by_role("button", name="Print or save as PDF").click()
        assert page.locator("body").get_attribute("data-printed") == "yes"


def test_checklist_without_javascript_shows_every_statement_and_advice(browser, site):
    with visit(browser, site + "self-assessment/therapy/", js=False) as (page, _log):
        for text in ("I feel judged by my therapist.", "I hold things back.", "I have had thoughts of harming myself."):
            assert page.get_by_label(text).is_visible()
        for title in TOPIC_TITLES.values():
            assert page.get_by_role("heading", name=title).is_visible()
        for advice in ("Trust takes time", "Ask whether therapy frightens you", "Put ten minutes", "Please call or text 988"):
            assert page.get_by_text(advice).is_visible()
        assert page.get_by_text("Several signs; talk it over").is_visible()
        assert page.get_by_text("This is a reflection aid, not a diagnosis.").first.is_visible()
        assert not page.get_by_role("button", name="Show my results").is_visible()
        page.emulate_media(media="print")
        assert page.get_by_label("I hold things back.").is_visible()
        assert page.get_by_text("Put ten minutes").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_checklist_accessibility_before_and_after_results(browser, example, scheme):
    with visit(browser, example + "self-assessment/progress-in-therapy/", color_scheme=scheme) as (page, _log):
        assert run_axe(page) == []
        tick(page, 1, 3, 11)  # 11 is the urgent one
        page.get_by_role("button", name="Show my results").click()
        assert results_section(page).locator(".results-urgent").is_visible()
        assert run_axe(page) == []
        results_section(page).get_by_role("button", name="Start over").click()
        assert run_axe(page) == []


def test_checklist_accessibility_without_the_script(browser, example):
    # axe itself needs JavaScript, so the page runs without site.js: the DOM a visitor without
    # JavaScript gets (the page uses no <noscript>).
    context = browser.new_context()
    try:
        context.route("**/*", _add_csp)
        context.route("**/assets/site.*.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
        page = context.new_page()
        page.goto(example + "self-assessment/progress-in-therapy/")
        assert not page.get_by_role("button", name="Show my results").is_visible()
        assert page.get_by_role("heading", name="Your safety comes first").is_visible()
        assert run_axe(page) == []
        page.goto(example + "locations/")
        assert badge_texts(page) == []
        assert run_axe(page) == []
    finally:
        context.close()


def test_example_checklist_bands_and_topics(browser, example):
    with visit(browser, example + "self-assessment/progress-in-therapy/") as (page, _log):
        tick(page, 5, 6, 8, 9, 10)
        page.get_by_role("button", name="Show my results").click()
        results = results_section(page)
        assert results.locator(".results-count").inner_text() == "You ticked 5 of 11 statements."
        assert results.locator(".results-band").inner_text().startswith("Several roadblocks")
        assert shown_topics(page) == [
            "Clear goals and milestones", "Practice between sessions", "Life circumstances and stress", "Realistic expectations"]
        assert results.get_by_role("link", name="contact us").get_attribute("href") == "/contact/"


# --- the "Open now" badge ---------------------------------------------------------------

BADGE_CASES = [
    # (page, moment, visitor's time zone, expected badge texts in page order)
    ("weekday, open", "", ny("2026-11-30", "10:00"), "America/New_York", ["Open now · closes 5:00 pm"]),
    ("weekday, before opening", "", ny("2026-11-30", "08:15"), "America/New_York", ["Closed · opens today 9:00 am"]),
    ("minute before closing", "", ny("2026-11-30", "16:59"), "America/New_York", ["Open now · closes 5:00 pm"]),
    ("closing minute", "", ny("2026-11-30", "17:00"), "America/New_York", ["Closed · opens tomorrow 9:00 am"]),
    ("minute after closing", "", ny("2026-11-30", "17:01"), "America/New_York", ["Closed · opens tomorrow 9:00 am"]),
    ("Friday evening", "", ny("2026-12-04", "18:00"), "America/New_York", ["Closed · opens Monday 9:00 am"]),
    ("weekend", "", ny("2026-12-05", "11:00"), "America/New_York", ["Closed · opens Monday 9:00 am"]),
    ("split hours, morning", "", ny("2026-12-02", "11:59"), "America/New_York", ["Open now · closes 12:00 pm"]),
    ("split hours, lunch", "", ny("2026-12-02", "12:30"), "America/New_York", ["Closed · opens today 1:00 pm"]),
    ("split hours, evening", "", ny("2026-12-02", "18:30"), "America/New_York", ["Open now · closes 7:00 pm"]),
    ("closure day", "", ny("2026-12-25", "10:00"), "America/New_York", ["Closed today: Christmas Day · opens Monday 9:00 am"]),
    ("special hours, open", "", ny("2026-12-24", "10:00"), "America/New_York", ["Open now · closes 1:00 pm (Christmas Eve hours)"]),
    ("special hours, early", "", ny("2026-12-24", "07:00"), "America/New_York", ["Closed · opens today 9:00 am (Christmas Eve hours)"]),
    ("special hours, after", "", ny("2026-12-24", "13:00"), "America/New_York", ["Closed · opens Monday 9:00 am"]),
    ("day before special hours", "", ny("2026-12-23", "19:30"), "America/New_York", ["Closed · opens tomorrow 9:00 am"]),
    ("visitor in Los Angeles, 14:30 there", "", dt.datetime(2026, 11, 30, 14, 30, tzinfo=ZoneInfo("America/Los_Angeles")),
     "America/Los_Angeles", ["Closed · opens tomorrow 9:00 am New York time"]),
    ("visitor in Los Angeles, 9:00 there", "", dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles")),
     "America/Los_Angeles", ["Open now · closes 5:00 pm New York time"]),
    ("visitor in Tokyo, already Tuesday there", "", dt.datetime(2026, 12, 1, 1, 0, tzinfo=ZoneInfo("Asia/Tokyo")),
     "Asia/Tokyo", ["Open now · closes 5:00 pm New York time"]),
    ("location with Saturday hours", "locations/uptown/", ny("2026-12-05", "11:00"), "America/New_York", ["Open now · closes 2:00 pm"]),
    ("location without them", "locations/downtown/", ny("2026-12-05", "11:00"), "America/New_York", ["Closed · opens Monday 9:00 am"]),
    ("location's own closures", "locations/annex/", ny("2026-12-07", "10:00"), "America/New_York",
     ["Closed today: Renovation · opens Monday, December 14 9:00 am"]),
    ("every location", "locations/", ny("2026-12-05", "11:00"), "America/New_York",
     ["Closed · opens Monday 9:00 am", "Open now · closes 2:00 pm", "Closed · opens Monday, December 14 9:00 am"]),
    ("contact page", "contact/", ny("2026-12-07", "10:00"), "America/New_York",
     ["Open now · closes 5:00 pm", "Open now · closes 5:00 pm", "Open now · closes 5:00 pm",
      "Closed today: Renovation · opens Monday, December 14 9:00 am"]),
]


@pytest.mark.parametrize("name, path, moment, zone, expected", BADGE_CASES, ids=[c[0] for c in BADGE_CASES])
def test_open_badge(browser, site, name, path, moment, zone, expected):
    with visit(browser, site + path, at=moment, zone=zone) as (page, _log):
        assert badge_texts(page) == expected


def test_open_badge_turns_over_at_closing_time(browser, site):
    with visit(browser, site, at=ny("2026-11-30", "16:59") + dt.timedelta(seconds=30)) as (page, log):
        assert badge_texts(page) == ["Open now · closes 5:00 pm"]
        assert "is-open" in page.locator("[data-open-now]").get_attribute("class")
        before = len(log.requests)
        page.clock.run_for(60_000)
        assert badge_texts(page) == ["Closed · opens tomorrow 9:00 am"]
        assert "is-open" not in page.locator("[data-open-now]").get_attribute("class")
        assert log.requests[before:] == []


def test_open_badge_reads_the_schedule_from_the_page(browser, site):
    with visit(browser, site + "locations/uptown/", at=ny("2026-12-05", "11:00")) as (page, _log):
        data = json.loads(page.locator("[data-open-now] script[type='application/json']").text_content())
        assert data["zone"] == "America/New_York"
        assert data["week"][5] == [[600, 840]]
        page.evaluate("""() => {
            const script = document.querySelector("[data-open-now] script");
            const data = JSON.parse(script.textContent);
            data.week[5] = [[600, 650]];
            script.textContent = JSON.stringify(data);
        }""")
        page.clock.run_for(60_000)
        assert badge_texts(page) == ["Closed · opens Monday 9:00 am"]


def test_without_javascript_the_hours_table_stays_and_no_badge(browser, site):
    with visit(browser, site + "locations/", js=False) as (page, _log):
        assert badge_texts(page) == []
        tables = page.locator("main table.hours")
        assert tables.count() == 3
        assert all(t.is_visible() for t in tables.all())
        assert "Wednesday" in tables.first.inner_text()
        assert "Saturday" in tables.nth(1).inner_text() and "2:00\u00a0pm" in tables.nth(1).inner_text()


@pytest.mark.parametrize("path", ["", "locations/", "locations/brooklyn-heights/", "contact/"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_badge_pages_pass_axe(browser, example, path, scheme):
    with visit(browser, example + path, at=ny("2026-11-30", "10:00"), color_scheme=scheme) as (page, _log):
        assert len(badge_texts(page)) >= 1
        assert run_axe(page) == []
    with visit(browser, example + path, at=ny("2026-12-05", "10:00"), color_scheme=scheme) as (page, _log):
        assert badge_texts(page)[0].startswith("Closed")
        assert run_axe(page) == []


# --- the contact form -------------------------------------------------------------------


@contextlib.contextmanager
def contact_page(browser, site, **options):
    posted = []

    def receive(route):
        posted.append(route.request.post_data or "")
        route.fulfill(status=200, content_type="text/plain", body="Thank you")

    with visit(browser, site + "contact/", **options) as (page, _log):
        page.context.route(FORM_ACTION, receive)
        yield page, posted


def test_contact_form_fields_and_notes(browser, site):
    with contact_page(browser, site) as (page, _posted):
        form = page.locator("form.contact-form")
        assert form.get_attribute("action") == FORM_ACTION
        assert form.get_attribute("method") == "post"
        assert page.get_by_label("Your name").get_attribute("required") is not None
        assert page.get_by_label("E-mail or phone number").get_attribute("required") is not None
        assert page.get_by_label("Preferred location").locator("option").all_inner_texts() == [
            "No preference", "Downtown", "Uptown", "Annex"]
        assert page.get_by_label("Short message").is_visible()
        note = page.locator("#form-warning")
        assert note.is_visible()
        assert "do not include health details" in note.inner_text()
        assert "Call or text 988" in note.inner_text() and "911" in note.inner_text()
        honeypot = page.locator("#contact-website")
        assert not honeypot.is_visible()
        assert page.locator(".honeypot").get_attribute("aria-hidden") == "true"
        assert honeypot.get_attribute("tabindex") == "-1"
        assert page.get_by_role("textbox", name="Leave this field empty").count() == 0
        assert page.locator("script[src]:not([src^='/'])").count() == 0


def test_contact_form_errors_are_shown_in_words(browser, site):
    with contact_page(browser, site) as (page, posted):
        page.get_by_role("button", name="Send message").click()
        assert posted == []
        assert page.evaluate("document.activeElement.id") == "contact-name"
        name, reply = page.get_by_label("Your name"), page.get_by_label("E-mail or phone number")
        assert name.get_attribute("aria-invalid") == "true"
        assert page.locator("#contact-name-error").inner_text() == "Please enter your name."
        assert "contact-name-error" in name.get_attribute("aria-describedby").split()
        assert reply.get_attribute("aria-invalid") == "true"
        assert run_axe(page) == []
        name.fill("Sam")
        assert name.get_attribute("aria-invalid") is None
        assert page.locator("#contact-name-error").inner_text() == ""
        for bad in ("abc", "12-34", "sam@", "call me"):
            reply.fill(bad)
            assert not reply.evaluate("el => el.checkValidity()"), bad
        for good in ("sam@example.org", "(212) 555-2000", "+1 212 555 2000", " 2125552000 "):
            reply.fill(good)
            assert reply.evaluate("el => el.checkValidity()"), good


def test_contact_form_posts_to_the_form_service(browser, site):
    with contact_page(browser, site) as (page, posted):
        page.get_by_label("Your name").fill("Sam Lee")
        page.get_by_label("E-mail or phone number").fill("sam@example.org")
        page.get_by_label("Preferred location").select_option("uptown")
        page.get_by_label("Short message").fill("Weekday mornings are best.")
        page.get_by_role("button", name="Send message").click()
        page.wait_for_url(FORM_ACTION)
        assert len(posted) == 1
        assert "name=Sam+Lee" in posted[0] and "reply_to=sam%40example.org" in posted[0]
        assert "location=uptown" in posted[0] and "website=" in posted[0]


def test_contact_form_validates_without_javascript(browser, site):
    with contact_page(browser, site, js=False) as (page, posted):
        page.get_by_role("button", name="Send message").click()
        page.wait_for_timeout(300)
        assert posted == []
        assert page.url == site + "contact/"


def test_no_form_without_form_action(browser, example):
    with visit(browser, example + "contact/") as (page, _log):
        assert page.locator("form").count() == 0
        assert page.get_by_role("link", name=re.compile(r"555-0100")).count() >= 1


# --- the 404 page ----------------------------------------------------------------------


@pytest.mark.parametrize("path, heading", [
    ("es/no-such-page/", "No encontramos esa página"),
    ("zh/no-such-page/", "找不到该页面"),
    ("no-such-page/", None),
], ids=["es", "zh", "default"])
def test_the_404_page_starts_at_the_help_in_the_language_of_its_address(browser, example, path, heading):
    """At /es/… a phone's first screen shows the Spanish help and its crisis line, not only the
    English ones above it; at any other address the page opens at its top."""
    context = browser.new_context(viewport={"width": 360, "height": 640})
    context.route("**/*", _add_csp)
    page = context.new_page()
    try:
        page.goto(example + path)
        page.wait_for_load_state("networkidle")
        focused = page.evaluate("document.activeElement === document.body ? 'BODY' : document.activeElement.innerText")
        if heading is None:
            assert (focused, page.evaluate("scrollY")) == ("BODY", 0)
            return
        assert focused == heading
        crisis = page.locator(".not-found-other", has_text=heading).locator("p", has_text="988")
        box = crisis.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 640
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


# --- what is built, without a browser ---------------------------------------------------


def test_script_is_one_small_file_loaded_with_defer_only_where_needed(tmp_path):
    script = THEME / "assets" / "site.js"
    data = script.read_bytes()
    assert len(data) < 11 * 1024  # (10 KB until the 404 page's jump to the help in the address's language)
    # The first budget (3 KB gzipped) plus the 1.5 KB that issue 15 allows the team filter
    assert len(gzip.compress(data, 9)) < 4.5 * 1024
    output = tmp_path / "output"
    assert run_cli("build", "--source", str(ROOT), "--output", str(output), "--today", TODAY.isoformat()).returncode == 0
    scripts = {}
    for page in output.rglob("*.html"):
        tags = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", page.read_text("utf-8"))
        scripts[page.relative_to(output).as_posix()] = tags
    english = {"index.html", "locations/index.html", "contact/index.html", "team/index.html",  # the team filter
               "self-assessment/progress-in-therapy/index.html"} | {
        f"locations/{loc}/index.html" for loc in ("brooklyn-heights", "sunset-park", "manhattan-bowery")}
    needing = {prefix + name for prefix in ("", "es/", "zh/") for name in english}  # the same pages in each language
    needing.add("404.html")  # (in several languages: it starts at the help in the address's)
    for name, tags in scripts.items():
        if name in ("search/index.html", "es/search/index.html", "zh/search/index.html"):  # search has a script of its own, on that page only
            assert len(tags) == 1 and re.fullmatch(r'<script src="/assets/search\.[0-9a-f]{10}\.js" defer>', tags[0]), tags
        elif name in needing:
            assert len(tags) == 1 and re.fullmatch(r'<script src="/assets/site\.[0-9a-f]{10}\.js" defer>', tags[0]), (name, tags)
        else:
            assert tags == [], name


def test_schedule_data_in_the_page(make_site):
    root = make_site({"site_config.yaml": CONFIG.replace("label: Christmas Day", "label: </script><b>Day")})
    assert build_site(root).returncode == 0
    page = (root / "output" / "locations" / "uptown" / "index.html").read_text("utf-8")
    block = re.search(r'<div class="open-now" data-open-now hidden>\s*<script type="application/json">(.*?)</script>', page, re.S)
    data = json.loads(block.group(1))
    assert "</script><b>" not in block.group(1)
    assert data["words"]["open"] == "Open now" and data["times"]["540"] == "9:00\u00a0am"  # the badge's words, made by the build
    assert {key: data[key] for key in ("zone", "city", "week", "closures")} == {
        "zone": "America/New_York", "city": "New York",
        "week": [[[540, 1020]], [[540, 1020]], [[540, 720], [780, 1140]], [[540, 1020]], [[540, 1020]], [[600, 840]], []],
        "closures": [
            {"date": "2026-12-24", "label": "Christmas Eve", "hours": [[540, 780]]},
            {"date": "2026-12-25", "label": "</script><b>Day", "hours": []},
        ],
    }
    annex = (root / "output" / "locations" / "annex" / "index.html").read_text("utf-8")
    assert annex.count('"label":"Renovation"') == 5
    before = build_site(root, today=dt.date(2026, 12, 25))
    assert before.returncode == 0
    later = (root / "output" / "locations" / "uptown" / "index.html").read_text("utf-8")
    assert "Christmas Eve" not in re.search(r'application/json">(.*?)</script>', later).group(1)
