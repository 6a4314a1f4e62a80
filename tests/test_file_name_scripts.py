"""Articles, pages and services named in any script: '睡眠.md' is served at /blog/睡眠/, as a
tag '睡眠' is at /tags/睡眠/ (tests/test_taxonomy_scripts.py), and so is `slug: 睡眠`. Lists link
it, the sitemap and the hosts' _redirects write it percent-encoded, search finds it, a translation
beside it is at /es/blog/睡眠/, and a link to it is found written either way. A name that still
makes no address (punctuation alone) is an error that proposes one.

Each test builds a small fixture site with the command line in this process and looks at what a
visitor would: the built pages and files, and the messages."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from helpers import SPANISH_CONFIG, write_site
from helpers import build_in_process as build

SLEEP_ENCODED = "%E7%9D%A1%E7%9C%A0"  # 睡眠, as a browser's address bar copies it

FILES = {
    "site_config.yaml": SPANISH_CONFIG,
    "translations/es.yaml": "site: {description: Terapia.}\ncrisis: {text: ¿En crisis? Llame al 988.}\n"
                            "locations: {downtown: {name: Centro}}\nclosures: {2026-12-25: Navidad}\n",
    "content/articles/睡眠.md": "---\ntitle: Sleep\ndate: 2026-01-05\nsummary: On sleep.\naliases: [/old/睡眠/]\n---\n"
                                "Sleep well.\n",
    "content/articles/睡眠.es.md": "---\ntitle: Sueño\nsummary: Sobre el sueño.\n---\nDuerma bien.\n",
    "content/articles/worry.md": "---\ntitle: Worry\ndate: 2026-01-04\nsummary: On worry.\nslug: тревога\n---\n"
                                 f"See [sleep](/blog/睡眠/) and [again](/blog/{SLEEP_ENCODED}/).\n",
    "content/pages/关于.md": "---\ntitle: About\nsummary: About us.\n---\nWho we are.\n",
    "content/services/咨询.md": "---\ntitle: Counseling\nsummary: Talk with a counselor.\n---\nHow it works.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    source = write_site(tmp_path_factory.mktemp("names") / "site", FILES)
    code, printed = build(source)
    assert code == 0, printed
    return source / "output", printed


def test_each_is_served_at_an_address_of_its_file_names_letters(built):
    output, printed = built
    assert "error" not in printed, printed
    for folder in ("blog/睡眠", "blog/тревога", "关于", "services/咨询", "es/blog/睡眠"):
        assert (output / folder / "index.html").is_file(), folder
    assert "<h1>Sueño</h1>" in (output / "es/blog/睡眠/index.html").read_text("utf-8")


def test_lists_link_them_and_links_written_either_way_lead_there(built):
    output, _ = built
    assert 'href="/blog/睡眠/"' in (output / "blog/index.html").read_text("utf-8")
    assert 'href="/es/blog/睡眠/"' in (output / "es/blog/index.html").read_text("utf-8")
    assert 'href="/services/咨询/"' in (output / "services/index.html").read_text("utf-8")
    worry = (output / "blog/тревога/index.html").read_text("utf-8")
    assert 'href="/blog/睡眠/"' in worry and f'href="/blog/{SLEEP_ENCODED}/"' in worry


def test_the_sitemap_and_redirects_write_them_percent_encoded(built):
    output, _ = built
    sitemap = (output / "sitemap.xml").read_text("utf-8")
    assert sitemap.isascii()
    row = re.search(rf"<url><loc>https://counseling.test/blog/{SLEEP_ENCODED}/</loc>.*?</url>", sitemap).group(0)
    assert f'hreflang="es" href="https://counseling.test/es/blog/{SLEEP_ENCODED}/"' in row
    assert "<loc>https://counseling.test/%E5%85%B3%E4%BA%8E/</loc>" in sitemap
    assert f"/old/{SLEEP_ENCODED}/ /blog/{SLEEP_ENCODED}/ 301" in (output / "_redirects").read_text("utf-8")
    assert 'href="/blog/睡眠/"' in (output / "old/睡眠/index.html").read_text("utf-8")


def test_search_finds_them_at_their_address(built):
    output, _ = built
    documents = [json.loads(path.read_text("utf-8")) for path in sorted((output / "search/index/d").glob("*.json"))]
    assert "blog/睡眠/" in json.dumps(documents, ensure_ascii=False)


def test_a_file_name_in_decomposed_letters_is_served_at_the_composed_address(tmp_path):
    name = unicodedata.normalize("NFD", "спокойствие")  # as a Mac may name the file: 'й' is 'и' and a breve
    assert name != "спокойствие"
    source = write_site(tmp_path / "site", {f"content/articles/{name}.md": _article()})
    code, printed = build(source)
    assert code == 0, printed
    assert (source / "output/blog/спокойствие/index.html").is_file()


LONG = "-".join(["тревога"] * 12)  # 95 letters: one word more would be 103, over the 100 an address part may have


def _article(front: str = "") -> str:
    return f"---\ntitle: Sleep tips\ndate: 2026-01-05\nsummary: Hi.\n{front}---\nText.\n"


@pytest.mark.parametrize("files, message", [
    ({"content/articles/!!!.md": _article()},
     "content/articles/!!!.md: error: the file name cannot be used as a web address; rename it to 'sleep-tips.md' or "
     "add 'slug: sleep-tips'"),
    ({"content/articles/Тревога Сна.md": _article()},
     "content/articles/Тревога Сна.md: error: the file name cannot be used as a web address; rename it to "
     "'тревога-сна.md' or add 'slug: тревога-сна'"),
    ({"content/articles/a.md": _article("slug: '...'\n")},
     "content/articles/a.md:5: error: 'slug' must use only lowercase letters, digits and hyphens (it becomes part of "
     "a web address), got '...'; write slug: sleep-tips"),
    ({"content/articles/a.md": _article("slug: 睡眠/失眠\n")},
     "content/articles/a.md:5: error: 'slug' must use only lowercase letters, digits and hyphens (it becomes part of "
     "a web address), got '睡眠/失眠'; write slug: 睡眠-失眠"),
    ({"content/articles/a.md": _article(f"slug: {'睡' * 70}\n")},
     "content/articles/a.md:5: error: 'slug' makes a web address part of 210 bytes, more than the 200 a folder name "
     "can safely have; shorten it"),
    # (a name too long for a folder is cut after its last whole word that fits: 12 of 15 here)
    ({"content/articles/" + " ".join(["Тревога"] * 15) + ".md": _article()},
     "content/articles/" + " ".join(["Тревога"] * 15) + ".md: error: the file name cannot be used as a web address; "
     f"rename it to '{LONG}.md' or add 'slug: {LONG}'"),
], ids=["punctuation-only", "capitals-and-space", "slug-dots", "slug-slash", "slug-too-long", "name-too-long"])
def test_a_name_that_makes_no_address_is_an_error_proposing_one(tmp_path, files, message):
    source = write_site(tmp_path / "site", files)
    code, printed = build(source)
    assert code == 1
    assert printed.splitlines()[0] == message
    assert not (source / "output").exists()
