"""Services: /services/, /services/<slug>/ with its FAQ and FAQPage data, and the home page's boxes."""

from __future__ import annotations

import re

import pytest

try:
    from tests.people_site import MINIMAL_CONFIG, assert_refused_and_kept, build, build_once, files, jsonld, read
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from people_site import MINIMAL_CONFIG, assert_refused_and_kept, build, build_once, files, jsonld, read  # type: ignore[no-redef]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_once(tmp_path_factory, "services")[0]


def titles(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="/services/[^"]+/">([^<]+)</a></h[23]>', html)


def test_the_services_page_lists_them_by_order_then_title(built):
    assert titles(read(built, "services/index.html")) == ["Medication management", "Individual therapy", "Group support"]


def test_a_service_page_has_its_text_and_its_questions_as_disclosures(built):
    html = read(built, "services/therapy/index.html")
    main = html[html.index("<main"):html.index("</main>")]
    assert "<h1>Individual therapy</h1>" in main
    assert "Talk with a therapist, one to one." in main
    assert "Therapy helps you understand what keeps you stuck" in main
    assert re.findall(r"<summary>([^<]+)</summary>", main) == ["How long is a session?", "How often do we meet?"]
    assert "<p>About <strong>50 minutes</strong>.</p>" in main
    faq = next(d for d in jsonld(html) if d["@type"] == "FAQPage")
    assert faq["mainEntity"] == [
        {"@type": "Question", "name": "How long is a session?", "acceptedAnswer": {"@type": "Answer", "text": "About 50 minutes."}},
        {"@type": "Question", "name": "How often do we meet?",
         "acceptedAnswer": {"@type": "Answer", "text": "Most people come weekly at first."}},
    ]


def test_a_service_without_questions_has_no_faq_and_no_faq_data(built):
    html = read(built, "services/medication/index.html")
    assert "<details>" not in html and "FAQPage" not in html
    assert "A psychiatrist reviews whether medication may help." in html


def test_the_home_page_boxes_come_from_the_services(built):
    html = read(built, "index.html")
    assert titles(html) == ["Medication management", "Individual therapy", "Group support"]
    assert '<a href="/services/">All services</a>' in html


def test_without_service_pages_the_home_page_keeps_home_services(tmp_path):
    config = MINIMAL_CONFIG + "home:\n  services:\n    - {title: Couples counseling, text: For two.}\n"
    result = build(tmp_path, {"site_config.yaml": config})
    assert result.returncode == 0, result.stderr
    html = read(tmp_path, "index.html")
    assert "<h3>Couples counseling</h3>" in html and "/services/" not in html
    assert not (tmp_path / "output/services").exists()


THERAPY = "content/services/therapy.md"
MISTAKES = [
    ({THERAPY: files()[THERAPY].replace("summary: Talk with a therapist, one to one.\n", "")},
     f"{THERAPY}:2: error: required key 'summary' is missing; add it, e.g. `summary: A psychiatric provider helps you decide.`"),
    ({THERAPY: files()[THERAPY].replace("    a: Most people come weekly at first.\n", "")},
     f"{THERAPY}:8: error: required key 'a' is missing (in 'faq[2]'); add it, e.g. `a: About 30 minutes.`"),
    ({THERAPY: files()[THERAPY].replace("    a: Most people come weekly at first.\n", "    a: \"\"\n")},
     f"{THERAPY}:9: error: 'faq[2].a' is blank; it is required, so write its text"),
    ({THERAPY: files()[THERAPY].replace("order: 2", "position: 2")},
     f"{THERAPY}:4: error: unknown key 'position'; expected one of: faq, needs_review, order, slug, summary, title"),
    ({"content/services/therapy-2.md": "---\ntitle: Therapy again\nsummary: Twice.\nslug: therapy\n---\n"},
     "content/services/therapy.md:0: error: has the address /services/therapy/, which content/services/therapy-2.md "
     "already uses; give one of them another 'slug:'"),
]


@pytest.mark.parametrize(("change", "message"), MISTAKES)
def test_a_mistake_is_refused_with_its_file_and_line_and_the_output_kept(tmp_path, change, message):
    assert_refused_and_kept(tmp_path, change, message.replace(":0:", ":"))
