"""The theme's words on the pages of a language the theme has none for (French): each one the site
does not translate shows in English and, where it is text, says so (`lang="en"`, WCAG 3.1.2), so
that a screen reader does not read it with French sounds; in attributes, `<title>` and `<meta>` it
stays plain text. Pages in a language the theme ships are unchanged (the golden tree, test_build.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from haven.catalogue import known_words

try:
    from tests import quality
    from tests.helpers import MINIMAL_CONFIG, write_site
    from tests.helpers import build_in_process as build
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    import quality  # type: ignore[no-redef]
    from helpers import MINIMAL_CONFIG, write_site  # type: ignore[no-redef]
    from helpers import build_in_process as build  # type: ignore[no-redef]

FRENCH_CONFIG = MINIMAL_CONFIG.replace("  language: en\n", "  language: fr\n")
FURTHER_FRENCH_CONFIG = MINIMAL_CONFIG.replace(
    "  copyright_start: 2020\n", "  copyright_start: 2020\n  languages:\n    - {code: fr, name: Français}\n")
FR = """\
crisis:
  text: En crise ? Appelez ou écrivez au 988. En cas d'urgence, appelez le 911.
strings:
  Skip to main content: Aller au contenu principal
  Opening hours: Horaires d'ouverture
"""
CONTENT = {
    "content/articles/hello.md": "---\ntitle: Hello\ndate: 2026-01-05\ntags: [Sleep]\ncategory: Tips\nauthor: Dana\n---\nA first article.\n",
    "content/pages/about.md": "---\ntitle: About\nsummary: About us.\n---\nAbout text.\n",
    "content/clinicians/ana-ruiz.md": "---\nname: Ana Ruiz\nrole: Psychotherapist\nlocations: [downtown]\n---\nAna helps adults.\n",
    "content/services/therapy.md": "---\ntitle: Therapy\nsummary: Talking with someone.\n---\nWeekly sessions.\n",
    "content/checklists/progress.yaml": (
        "title: Progress?\nitems:\n  - {text: I feel stuck., topic: stuck}\ntopics:\n  stuck: {title: Stuck, advice: Talk.}\n"
        "results:\n  - {min: 0, max: 1, text: Fine.}\n"),
}
TRANSLATED = {
    "translations/fr.yaml": FR,
    "content/articles/hello.fr.md": "---\ntitle: Bonjour\nslug: bonjour\n---\nUn premier article.\n",
    "content/pages/about.fr.md": "---\ntitle: À propos\nsummary: Qui nous sommes.\n---\nTexte.\n",
    "content/clinicians/ana-ruiz.fr.md": "---\nrole: Psychothérapeute\n---\nAna aide les adultes.\n",
    "content/services/therapy.fr.md": "---\ntitle: Thérapie\nsummary: Parler avec quelqu'un.\n---\nSéances.\n",
    "content/checklists/progress.fr.yaml": (
        "title: Progrès ?\nitems:\n  - {text: Je me sens bloqué., topic: stuck}\ntopics:\n  stuck: {title: Bloqué, advice: Parlez.}\n"
        "results:\n  - {min: 0, max: 1, text: Bien.}\n"),
}
# The theme's words a text node can be the whole of (those without a placeholder).
WORDS = frozenset(word for word in known_words() if "%" not in word and "{" not in word)
PLAIN = frozenset({"title", "option", "script", "style"})  # elements whose content is text only


def _built(tmp_path: Path, files: dict[str, str]) -> Path:
    source = write_site(tmp_path / "site", files)
    code, printed = build(source)
    assert code == 0, printed
    return source / "output"


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> Path:
    return _built(tmp_path_factory.mktemp("fr"), {"site_config.yaml": FRENCH_CONFIG, **CONTENT})


@pytest.fixture(scope="module")
def further(tmp_path_factory) -> Path:
    return _built(tmp_path_factory.mktemp("en-fr"), {"site_config.yaml": FURTHER_FRENCH_CONFIG, **CONTENT, **TRANSLATED})


def _french_pages(output: Path, folder: str = "") -> dict[str, LexborHTMLParser]:
    found = {}
    for path in sorted((output / folder).rglob("*.html")):
        tree = LexborHTMLParser(path.read_text("utf-8"))
        html = tree.css_first("html")
        if html is not None and html.attributes.get("lang") == "fr" and tree.css_first("main") is not None:
            found[path.relative_to(output).as_posix()] = tree
    assert found
    return found


def _lang_of(node) -> str | None:
    """The language a screen reader reads `node` in: the nearest `lang` around it."""
    while node is not None:
        attributes = node.attributes if node.tag != "-text" else {}
        if attributes.get("lang") is not None:
            return attributes["lang"]
        node = node.parent
    return None


def _text_nodes(tree: LexborHTMLParser):
    for node in tree.body.traverse(include_text=True):
        if node.tag == "-text" and (node.parent is None or node.parent.tag not in PLAIN):
            yield node


def _unmarked_english(tree: LexborHTMLParser) -> list[str]:
    return [f"{node.text_content.strip()!r} in <{node.parent.tag}>" for node in _text_nodes(tree)
            if node.text_content.strip() in WORDS and _lang_of(node) != "en"]


def _markup_in_attributes(tree: LexborHTMLParser) -> list[str]:
    found = [f"<{node.tag} {name}={value!r}>" for node in tree.root.traverse()
             for name, value in node.attributes.items() if value and ("<" in value or "lang=" in value)]
    title = tree.css_first("title")
    return found + ([title.text()] if title is not None and "<" in title.text() else [])


def _assert_marked(pages: dict[str, LexborHTMLParser]) -> None:
    unmarked = {name: found for name, tree in pages.items() if (found := _unmarked_english(tree))}
    assert not unmarked, unmarked
    in_attributes = {name: found for name, tree in pages.items() if (found := _markup_in_attributes(tree))}
    assert not in_attributes, in_attributes


def test_english_words_on_a_french_site_say_they_are_english(french):
    pages = _french_pages(french)
    assert {"index.html", "contact/index.html", "team/index.html", "blog/hello/index.html"} <= set(pages)
    _assert_marked(pages)
    skip = pages["index.html"].css_first("a.skip-link")
    assert skip.html == '<a class="skip-link" href="#main"><span lang="en">Skip to main content</span></a>'
    # a sentence with a placeholder: its English words marked, the name that fills it in French
    meta = pages["blog/hello/index.html"].css_first("article .meta").html
    assert '<span lang="en">By</span> Dana' in meta and '<span lang="en">1 min read</span>' in meta
    # in attributes the words stay plain text
    assert pages["index.html"].css_first("nav.site-nav").attributes["aria-label"] == "Main"


def test_english_words_of_a_further_french_language_say_they_are_english(further):
    pages = _french_pages(further, "fr")
    assert {"fr/index.html", "fr/contact/index.html", "fr/team/index.html", "fr/blog/bonjour/index.html"} <= set(pages)
    _assert_marked(pages)
    # the English pages are as they were: no word marked
    home = (further / "index.html").read_text("utf-8")
    assert '<span lang="en">' not in home and '<td lang="en">' not in home


def test_words_the_site_translates_are_not_marked(further):
    tree = _french_pages(further, "fr")["fr/contact/index.html"]
    skip = tree.css_first("a.skip-link")
    assert skip.text() == "Aller au contenu principal" and _lang_of(skip) == "fr"
    heading = tree.css_first("#visit-hours-title, #footer-hours")
    assert heading.text() == "Horaires d'ouverture" and _lang_of(heading) == "fr"


def test_the_marked_pages_are_valid_html(french, further):
    missing = quality.vnu_available()
    if missing:
        pytest.skip(missing)
    files = [french / "index.html", french / "contact/index.html", french / "blog/hello/index.html",
             further / "fr/team/index.html", further / "fr/self-assessment/progress/index.html"]
    messages = [m for m in quality.run_vnu(files, french.parent.parent) if m.kind == "error"]
    assert not messages, "\n".join(map(str, messages))


def test_a_french_default_language_is_warned_about_once(tmp_path):
    source = write_site(tmp_path / "site", {"site_config.yaml": FRENCH_CONFIG, **CONTENT})
    code, printed = build(source)
    assert code == 0
    warned = [line for line in printed.splitlines() if "the theme has no words in 'fr'" in line]
    assert len(warned) == 1 and re.match(r"site_config\.yaml:\d+: warning: ", warned[0]), printed
