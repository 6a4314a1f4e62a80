"""A small clinic with clinicians, services and notices, for test_team, test_services and test_notices."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

try:
    from tests.helpers import MINIMAL_CONFIG, build_site, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_CONFIG, build_site, write_site  # type: ignore[no-redef]

def _png() -> bytes:
    """A small PNG photo (Pillow), as a site would have in static/."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 160, 200)).save(out, "PNG")
    return out.getvalue()


PNG = _png()

LOCATIONS = """\
  - id: uptown
    name: Uptown
    street: 9 Hill Rd
    city: Springfield
  - id: annex
    name: Annex
    street: 5 Side St
    city: Springfield
crisis:"""

NOTICES = """\
notices:
  privacy_practices: /notice-of-privacy-practices/
  good_faith_estimate: true
  nondiscrimination: true
  language_assistance:
    phone: "+1 217-555-2001"
    languages: [es, ar, ur, yi, fa, zh-Hans, ko, nv]
    taglines:
      nv: "Diné bizaad: {phone} (a tagline the site supplies)."
  accessibility: true
  accessibility_response_days: 3
"""

CONFIG = MINIMAL_CONFIG.replace("crisis:", LOCATIONS, 1) + NOTICES


def clinician(name: str, body: str = "", **keys) -> str:
    lines = ["---", f"name: {name}"] + [f"{key}: {value}" for key, value in keys.items()] + ["---", body]
    return "\n".join(lines) + "\n"


CLINICIANS = {
    "content/clinicians/ana-lopez.md": clinician(
        "Ana Lopez", "Ana helps adults with anxiety and trauma.", role="Psychotherapist", credentials="LCSW",
        photo="/images/team/ana.png", photo_alt="Ana Lopez at her desk", languages="[en, es]",
        locations="[downtown]", specialties="[Anxiety, Trauma]", accepting_new_clients="true", telehealth="true"),
    "content/clinicians/bo-chen.md": clinician(
        "Bo Chen", role="Psychiatrist", credentials="MD", languages="[en, zh-Hans, yue]",
        locations="[downtown, uptown]", specialties="[Depression, Anxiety]", placeholder="true"),
    "content/clinicians/cy-amin.md": clinician(
        "Cy Amin", "Cy works with couples.", role="Therapist", languages="[ar, en]", locations="[uptown]",
        specialties="[Couples]", accepting_new_clients="true", order="1"),
    "content/clinicians/dee-park.md": clinician(
        "Dee Park", "Dee sees adults and teenagers.", role="Psychiatric nurse practitioner", credentials="PMHNP-BC",
        photo="/images/team/dee.png", photo_alt="Dee Park in the Annex waiting room", languages="[ko, en]",
        locations="[annex]", specialties="[Anxiety]", accepting_new_clients="true"),
    "content/clinicians/eli-stone.md": clinician(
        "Eli Stone", "Eli has worked with veterans for twenty years.", role="Psychologist", credentials="PhD",
        languages="[en]", locations="[uptown, annex]", specialties="[Trauma, Depression]"),
}

SERVICES = {
    "content/services/therapy.md": """\
---
title: Individual therapy
summary: Talk with a therapist, one to one.
order: 2
faq:
  - q: How long is a session?
    a: About **50 minutes**.
  - q: How often do we meet?
    a: Most people come weekly at first.
---
Therapy helps you understand what keeps you stuck, and try something new.
""",
    "content/services/medication.md": """\
---
title: Medication management
summary: A psychiatrist reviews whether medication may help.
order: 1
---
""",
    "content/services/groups.md": """\
---
title: Group support
summary: Meet others facing the same things.
---
Groups meet in the evening.
""",
}

NPP = """\
---
title: Notice of Privacy Practices
effective_date: 2026-01-01
summary: How we use and protect your health information.
---
**THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED AND
DISCLOSED AND HOW YOU CAN GET ACCESS TO THIS INFORMATION. PLEASE REVIEW IT CAREFULLY.**

A sample notice for the tests.
"""


def files(changes: dict | None = None) -> dict:
    """The whole fixture site as {path: text}; `changes` replace files (None removes one)."""
    site: dict = {"site_config.yaml": CONFIG, **CLINICIANS, **SERVICES,
                  "content/pages/notice-of-privacy-practices.md": NPP,
                  "static/images/team/ana.png": PNG, "static/images/team/dee.png": PNG}
    for path, value in (changes or {}).items():
        if value is None:
            site.pop(path, None)
        else:
            site[path] = value
    return site


def build(root: Path, site: dict):
    write_site(root, site)
    return build_site(root)


def build_once(tmp_path_factory, name: str) -> tuple[Path, subprocess.CompletedProcess]:
    """The whole fixture site built for one test module (its `built` fixture): (folder, result)."""
    root = tmp_path_factory.mktemp(name)
    result = build(root, files())
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


def assert_refused_and_kept(root: Path, change: dict, message: str) -> None:
    """The fixture site with `change` (see files) fails to build, saying `message` on a line of its
    own, and the output of the last good build stays as it was."""
    assert build(root, files()).returncode == 0
    before = snapshot(root / "output")
    for path in [path for path, text in change.items() if text is None]:
        (root / path).unlink()
    result = build(root, files(change))
    assert result.returncode == 1
    assert message in result.stderr.splitlines(), result.stderr
    assert snapshot(root / "output") == before


def read(root: Path, path: str) -> str:
    return (root / "output" / path).read_text("utf-8")


def card_ids(html: str) -> list[str]:
    """The clinicians a page lists, in order (their /team/<id>/ links inside data-clinician cards)."""
    return re.findall(r'<li class="panel clinician-card" data-clinician[^>]*>.*?href="/team/([^/]+)/"', html, re.S)


def jsonld(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
