"""What a translation of a clinician or a service leaves out: facts and names come from the original,
and a summary, which a service must have, is the translation's own to write (an error with its file
and line when it is missing): no stand-in ever reaches a page."""

from __future__ import annotations

from pathlib import Path

try:
    from tests.helpers import SPANISH_CONFIG, build_site, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import SPANISH_CONFIG, build_site, write_site  # type: ignore[no-redef]

FILES = {
    "site_config.yaml": SPANISH_CONFIG,
    "content/clinicians/ana-ruiz.md": "---\nname: Ana Ruiz\nrole: Psychotherapist\nlocations: [downtown]\n---\nAna helps adults.\n",
    "content/clinicians/ana-ruiz.es.md": "---\nsummary: Ayuda a adultos con ansiedad.\n---\nAna ayuda a adultos.\n",
    "content/services/therapy.md": "---\ntitle: Therapy\nsummary: Talking with someone trained to help.\n---\nWeekly sessions.\n",
    "content/services/groups.md": "---\ntitle: Groups\nsummary: Meeting others on the same road.\n---\nEvery Tuesday.\n",
    "content/services/groups.es.md": "---\nsummary: Encontrarse con otros en el mismo camino.\n---\nCada martes.\n",
}


def _pages(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): p.read_text("utf-8") for p in output.rglob("*.html")}


def test_a_service_translation_without_its_summary_is_an_error_with_file_and_line(tmp_path):
    files = {**FILES, "content/services/therapy.es.md": "---\ntitle: Terapia\n---\nSesiones semanales.\n"}
    result = build_site(write_site(tmp_path / "site", files))
    assert result.returncode != 0
    assert ("content/services/therapy.es.md:2: error: required key 'summary' is missing; a translation writes its "
            "own summary, in its language") in result.stderr
    assert result.stderr.count("therapy.es.md") == 1  # (said once)
    assert not (tmp_path / "site/output").exists()


def test_what_a_translation_leaves_out_never_shows_as_a_stand_in(tmp_path):
    source = write_site(tmp_path / "site", FILES)
    result = build_site(source)
    assert result.returncode == 0, result.stderr
    pages = _pages(source / "output")
    services = pages["es/services/index.html"]
    assert "Groups" in services and "Encontrarse con otros en el mismo camino." in services  # its title from the original
    person = pages["es/team/ana-ruiz/index.html"]
    assert "Ana Ruiz" in person and "Psychotherapist" in person  # name and role from the original
    for name, html in pages.items():  # ("-" as Markdown is an empty list item)
        main = html[html.find("<main"):html.find("</main>")]
        assert ">-<" not in main and "<li></li>" not in main and "<h1>-" not in main, name
