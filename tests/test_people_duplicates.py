"""Two services at one address: the second is an error and is left out, and so are its
translations; the translations of the one kept are not blamed for it."""

from __future__ import annotations

try:
    from tests.helpers import SPANISH_CONFIG, build_site, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import SPANISH_CONFIG, build_site, write_site  # type: ignore[no-redef]



def test_a_duplicate_service_is_one_error_and_its_translation_goes_with_it(tmp_path):
    source = write_site(tmp_path / "site", {
        "site_config.yaml": SPANISH_CONFIG,
        # (read in the order of their names: therapy-2.md comes first and keeps the address)
        "content/services/therapy-2.md": "---\ntitle: Therapy\nsummary: Talk.\nslug: therapy\n---\nWeekly.\n",
        "content/services/therapy-2.es.md": "---\ntitle: Terapia\nsummary: Hablar.\n---\nSemanal.\n",
        "content/services/therapy.md": "---\ntitle: Therapy again\nsummary: Twice.\n---\nTwice.\n",
        "content/services/therapy.es.md": "---\ntitle: Terapia otra vez\nsummary: Dos veces.\n---\nDos.\n",
    })
    result = build_site(source)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == ["content/services/therapy.md: error: has the address /services/therapy/, which "
                      "content/services/therapy-2.md already uses; give one of them another 'slug:'"]
