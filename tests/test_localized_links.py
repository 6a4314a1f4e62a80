"""Links on a page of a further language lead to that language's pages, read as a browser reads the
page: links written in any order or quoting are followed, an address in a comment, a script, JSON-LD
or text is no link and is left exactly as written."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from haven.languages import localize_links

try:
    from tests.helpers import SPANISH_CONFIG, TODAY, build_in_process, environment, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import SPANISH_CONFIG, TODAY, build_in_process, environment, write_site  # type: ignore[no-redef]

HERE = {"es/contact/index.html": "es/contacto/", "es/index.html": "es/"}  # pages that exist in Spanish
DEFAULT = frozenset({"about/index.html", "contact/index.html", "index.html"})  # pages of the default language


def spanish(page: str) -> str:
    return localize_links(page, "/", "es/", HERE, DEFAULT, "en", ("es/",))


@pytest.mark.parametrize(("written", "read"), [
    ('<a class="x" href="/contact/">c</a>', '<a class="x" href="/es/contacto/">c</a>'),
    ("<a href='/contact/' class=x>c</a>", "<a href='/es/contacto/' class=x>c</a>"),
    ("<a href=/contact/>c</a>", '<a href="/es/contacto/">c</a>'),
    ('<A TITLE="t"\n   HREF="/contact/#when">c</A>', '<A TITLE="t"\n   HREF="/es/contacto/#when">c</A>'),
    ("<a title='say \"hi\"' href='/about/'>a</a>", "<a title='say \"hi\"' href='/about/' hreflang=\"en\">a</a>"),
    ("<a href=/about/>a</a>", '<a href=/about/ hreflang="en">a</a>'),
    ('<a href="/contact/" href="/about/">c</a>', '<a href="/es/contacto/" href="/about/">c</a>'),  # the first counts
    ('<link rel="alternate" href="/contact/">', '<link rel="alternate" href="/es/contacto/">'),
    ('<template><a href="/">home</a></template>', '<template><a href="/es/">home</a></template>'),
    ('<noscript><a href="/">home</a></noscript>', '<noscript><a href="/es/">home</a></noscript>'),
])
def test_links_in_any_markup_lead_to_the_page_in_its_language(written, read):
    assert spanish(written) == read


@pytest.mark.parametrize("written", [
    '<!-- <a href="/about/">old link</a> -->',
    '<script type="application/ld+json">{"text": "<a href=\\"/about/\\">about</a>"}</script>',
    '<script type="text/plain"><a href="/about/">about</a></script>',
    "<p>Write &lt;a href=\"/about/\"&gt; for a link.</p>",
    '<textarea><a href="/about/"></textarea>',
    '<p title="<a href=/about/>">a title, not a link</p>',
    '<abbr title="x" href="/about/">not a link</abbr>',
    '<a-card href="/about/">a custom element</a-card>',
    '<a href="/about/" hreflang="fr">says its language</a>',
    '<a href="/assets/style.css">not a page</a>',
])
def test_an_address_that_is_no_link_stays_as_written(written):
    assert spanish(written) == written


def test_a_translated_article_with_raw_html_links_in_its_own_language(tmp_path: Path):
    from haven.cli import main

    body = ("<p><a class=\"more\" href='/contact/'>escríbanos</a> o <a href=/about/>about</a>.</p>\n\n"
            "<!-- <a href=\"/contact/\">antes</a> -->\n\nEscriba `<a href=\"/contact/\">` para un enlace.\n")
    source = write_site(tmp_path / "site", {
        "site_config.yaml": SPANISH_CONFIG,  # (the contact page is the site's own, in every language)
        "content/pages/about.md": "---\ntitle: About\nsummary: About us.\n---\nAbout us.\n",
        "content/articles/hello.md": "---\ntitle: Hello\ndate: 2026-01-05\nsummary: Hi.\n---\nHi.\n",
        "content/articles/hello.es.md": f"---\ntitle: Hola\nsummary: Hola.\n---\n{body}",
    })
    printed = io.StringIO()
    with environment(HAVEN_JOBS="1"), contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        assert main(["build", "--source", str(source), "--today", TODAY.isoformat()]) == 0, printed.getvalue()
    page = (source / "output/es/blog/hello/index.html").read_text("utf-8")
    assert "<a class=\"more\" href='/es/contact/'>escríbanos</a>" in page
    assert '<a href=/about/ hreflang="en">about</a>' in page
    assert "antes" not in page  # an editors' comment: left out of the page, its link not rewritten
    assert "<code>&lt;a href=\"/contact/\"&gt;</code>" in page  # text, as written


def _spanish_site(tmp_path: Path, body: str, files: dict[str, str] | None = None) -> str:
    """The Spanish page of an article whose Spanish body is `body`, built by the command line."""
    from haven.cli import main

    source = write_site(tmp_path / "site", {
        "site_config.yaml": SPANISH_CONFIG,
        "content/articles/hello.md": "---\ntitle: Hello\ndate: 2026-01-05\nsummary: Hi.\n---\nHi.\n",
        "content/articles/hello.es.md": f"---\ntitle: Hola\nsummary: Hola.\n---\n{body}",
        **(files or {}),
    })
    printed = io.StringIO()
    with environment(HAVEN_JOBS="1"), contextlib.redirect_stderr(printed), contextlib.redirect_stdout(printed):
        assert main(["build", "--source", str(source), "--today", TODAY.isoformat()]) == 0, printed.getvalue()
    return (source / "output/es/blog/hello/index.html").read_text("utf-8")


def test_a_body_that_swallows_the_rest_of_the_page_leaves_the_theme_links_after_it_as_written(tmp_path: Path):
    # The theme writes its links in Spanish, but after an unclosed <textarea> they are text to
    # the browser, and text stays as written.
    page = _spanish_site(tmp_path, "Hola [escríbanos](/contact/).\n\n<textarea>\n")
    before, after = page.split("<textarea>", 1)
    assert '<a href="/es/contact/">escríbanos</a>' in before
    assert 'href="/es/contact/"' not in after and 'href="/contact/"' in after


def test_the_sites_own_templates_links_lead_to_the_page_in_its_language(tmp_path: Path):
    own = ('{% extends "theme/article.html" %}{% block content %}{{ super() }}'
           '<p class="own"><a href="/contact/">c</a> <a href=/blog/hello/>h</a></p>{% endblock %}')
    page = _spanish_site(tmp_path, "Hola.\n", {"templates/article.html": own})
    assert '<p class="own"><a href="/es/contact/">c</a> <a href="/es/blog/hello/">h</a></p>' in page


def test_a_checklists_statements_and_results_link_like_an_articles_body(tmp_path: Path):
    # Under a sub-path, on the Spanish page: /contact/ is /clinic/es/contact/ there (the site makes
    # it in every language), and /about/ (in English only) says its language.
    checklist = ("title: Check\nitems:\n  - {{text: 'I feel [judged](/contact/).', topic: rapport}}\n"
                 "topics:\n  rapport: {{title: Rapport, advice: Talk.}}\nresults:\n"
                 "  - {{min: 0, max: 1, text: 'Few. [{words}](/about/) or **call**.'}}\n")
    source = write_site(tmp_path / "site", {
        "site_config.yaml": SPANISH_CONFIG.replace("https://counseling.test/", "https://counseling.test/clinic/"),
        "content/pages/about.md": "---\ntitle: About\nsummary: About us.\n---\nAbout us.\n",
        "content/checklists/c.yaml": checklist.format(words="About us"),
        "content/checklists/c.es.yaml": checklist.format(words="Sobre nosotros").replace("I feel [judged]", "Me siento [juzgado]"),
    })
    code, printed = build_in_process(source)
    assert code == 0, printed
    english = (source / "output/self-assessment/c/index.html").read_text("utf-8")
    assert '<label for="item-1">I feel <a href="/clinic/contact/">judged</a>.</label>' in english
    assert '<span data-band-text>Few. <a href="/clinic/about/">About us</a> or <strong>call</strong>.</span>' in english
    spanish = (source / "output/es/self-assessment/c/index.html").read_text("utf-8")
    assert '<label for="item-1">Me siento <a href="/clinic/es/contact/">juzgado</a>.</label>' in spanish
    assert ('<span data-band-text>Few. <a href="/clinic/about/" hreflang="en">Sobre nosotros</a> or '
            "<strong>call</strong>.</span>") in spanish

