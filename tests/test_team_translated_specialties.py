"""The team filter on a translated team page: specialties written in Chinese filter as their
originals do, one choice each (slugify keeps no Chinese letter, so they all became '')."""

from __future__ import annotations

import re

from helpers import MINIMAL_CONFIG, SPANISH_CONFIG, build_site, write_site

CONFIG = MINIMAL_CONFIG.replace("  copyright_start: 2020\n",
                                "  copyright_start: 2020\n  languages:\n    - {code: zh-Hans, name: 简体中文, path: zh}\n")


def _clinician(name: str, specialties: str) -> str:
    return f"---\nname: {name}\nrole: Psychotherapist\nlocations: [downtown]\nspecialties: {specialties}\n---\nBio.\n"


FILES = {
    "site_config.yaml": CONFIG,
    "content/clinicians/ana-ruiz.md": _clinician("Ana Ruiz", "[Anxiety, Sleep]"),
    "content/clinicians/ana-ruiz.zh-Hans.md": "---\nspecialties: [焦虑, 睡眠]\n---\n简介。\n",
    "content/clinicians/bo-chen.md": _clinician("Bo Chen", "[Grief, Anxiety]"),
    "content/clinicians/bo-chen.zh-Hans.md": "---\nspecialties: [哀伤, 焦虑]\n---\n简介。\n",
}


def test_translated_specialties_filter_as_their_originals(tmp_path):
    source = write_site(tmp_path / "site", FILES)
    result = build_site(source)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (source / "output/zh/team/index.html").read_text("utf-8")
    select = re.search(r'<select id="filter-specialty".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)">([^<]*)</option>', select) == [
        ("", "任何专长"), ("grief", "哀伤"), ("anxiety", "焦虑"), ("sleep", "睡眠")]
    cards = dict(re.findall(r'data-specialties="([^"]*)".*?href="/zh/team/([a-z-]+)/"', html, re.S))
    assert cards == {"anxiety sleep": "ana-ruiz", "grief anxiety": "bo-chen"}
    english = (source / "output/team/index.html").read_text("utf-8")
    assert 'data-specialties="anxiety sleep"' in english and '<option value="grief">Grief</option>' in english


def test_specialties_are_in_the_order_a_reader_expects(tmp_path):
    """'Pánico' with the P-a's, before 'Perfeccionismo', and 'Ánimo' (or 'Óscar') with the A's (O's), not after 'Z'."""
    files = {
        "site_config.yaml": SPANISH_CONFIG,
        "content/clinicians/ana-ruiz.md": _clinician("Ana Ruiz", "[Perfectionism, Panic, Mood, Anxiety]"),
        "content/clinicians/ana-ruiz.es.md": "---\nspecialties: [Perfeccionismo, Pánico, Ánimo, Ansiedad]\n---\nBio.\n",
        "content/clinicians/oscar-diaz.md": _clinician("Óscar Díaz", "[Grief]"),
        "content/clinicians/pat-lee.md": _clinician("Pat Lee", "[Grief]"),
    }
    source = write_site(tmp_path / "site", files)
    result = build_site(source)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (source / "output/es/team/index.html").read_text("utf-8")
    select = re.search(r'<select id="filter-specialty".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="[^"]+">([^<]*)</option>', select) == ["Ánimo", "Ansiedad", "Pánico", "Perfeccionismo"]
    facets = re.search(r"<dd>([^<]*Pánico[^<]*)</dd>", html).group(1)
    assert facets.index("Ánimo") < facets.index("Ansiedad") < facets.index("Pánico") < facets.index("Perfeccionismo")
    team = (source / "output/team/index.html").read_text("utf-8")
    assert re.findall(r'href="/team/([a-z-]+)/"', team) == ["ana-ruiz", "oscar-diaz", "pat-lee"]
