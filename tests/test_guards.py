"""The script and privacy guard against a corpus of known bypasses (tests/data/xss/), and the
content it must let through. Each vector is built on its own: the build must fail with exit 1
and name the file and line the vector is on, wherever it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from haven.cli import main
from helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, THEME, TODAY

DATA = Path(__file__).parent / "data" / "xss"


def vectors(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


HTML, SVG, CSS, MARKDOWN = vectors("html.txt"), vectors("svg.txt"), vectors("css.txt"), vectors("markdown.txt")
# Markdown does not take these for tags (no space before an attribute) or drops them (a frameset in
# a paragraph): they reach the page as text, which the test below checks instead.
NOT_MARKUP_IN_MARKDOWN = {
    '<a/href="javascript:alert(1)">x</a>', '<img/src="x"/onerror="alert(1)">',
    '<img src=x onerror="alert(1)"alt="x">', '<a href="/"onclick="alert(1)">x</a>',
    '<frameset><frame src="https://evil.test/"></frameset>',
}
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82"  # a whole 1x1 PNG: static images are read (haven/images.py)


def article(body: str, front: str = "") -> str:
    return f"---\ntitle: A\ndate: 2026-01-05\nsummary: A.\n{front}---\nIntro.\n\n{body}\n"


def build(capsys, site: Path, *args: str) -> tuple[int, str]:
    code = main(["build", "--source", str(site), "--today", TODAY.isoformat(), *args])
    return code, capsys.readouterr().err


def assert_refused(capsys, site: Path, where: str) -> str:
    """The build fails, and the guard (not, say, a missing file) names `where`."""
    code, err = build(capsys, site)
    assert code == 1, err
    named = [line for line in err.splitlines() if line.startswith(f"{where}: ")]
    assert [line for line in named if "does not exist" not in line], err
    assert "Traceback" not in err and "Sorry" not in err
    assert not (site / "output").exists()
    return err


def test_the_corpus_is_large_and_has_no_repeats():
    every = HTML + SVG + CSS + MARKDOWN
    assert len(every) == len(set(every)) >= 200


@pytest.mark.parametrize("vector", [v for v in HTML if v not in NOT_MARKUP_IN_MARKDOWN] + MARKDOWN)
def test_vector_in_an_article_fails_the_build(make_site, capsys, vector):
    site = make_site({"content/articles/a.md": article(vector), "static/a.png": PNG})
    assert_refused(capsys, site, "content/articles/a.md:8")


@pytest.mark.parametrize("vector", sorted(NOT_MARKUP_IN_MARKDOWN))
def test_vector_markdown_shows_as_text(make_site, capsys, vector):
    from selectolax.lexbor import LexborHTMLParser

    site = make_site({"content/articles/a.md": article(vector)})
    code, err = build(capsys, site)
    assert code == 0, err
    page = LexborHTMLParser((site / "output" / "blog" / "a" / "index.html").read_text(encoding="utf-8"), scripting=True)
    assert not page.css("frame, frameset, [onclick], [onerror], a[href^='javascript' i]")


@pytest.mark.parametrize("vector", HTML)
def test_vector_in_a_static_page_fails_the_build(make_site, capsys, vector):
    page = f"<!doctype html>\n<html lang=en><title>x</title>\n{vector}\n</html>\n"
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "static/v.html": page})
    assert_refused(capsys, site, "static/v.html:3")


@pytest.mark.parametrize("vector", HTML[::9])
def test_vector_in_a_static_htm_page_fails_the_build(make_site, capsys, vector):
    page = f"<!doctype html>\n<html lang=en><title>x</title>\n{vector}\n</html>\n"
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "static/old/v.htm": page})
    assert_refused(capsys, site, "static/old/v.htm:3")


@pytest.mark.parametrize("vector", SVG)
def test_vector_in_a_static_svg_fails_the_build(make_site, capsys, vector):
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE,
                      "static/images/v.svg": f'<?xml version="1.0" encoding="UTF-8"?>\n{vector}\n'})
    assert_refused(capsys, site, "static/images/v.svg:2")


@pytest.mark.parametrize("vector", CSS)
def test_vector_in_a_static_stylesheet_fails_the_build(make_site, capsys, vector):
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "static/print.css": f"/* print */\n{vector}\n"})
    assert_refused(capsys, site, "static/print.css:2")


@pytest.mark.parametrize("vector", CSS[::5])
def test_vector_in_the_theme_stylesheet_fails_the_build(make_site, capsys, vector):
    theme = (THEME / "assets" / "style.css").read_text(encoding="utf-8")
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "templates/assets/style.css": f"/* site */\n{vector}\n{theme}"})
    assert_refused(capsys, site, "templates/assets/style.css:2")


@pytest.mark.parametrize("vector", [v for v in SVG if "<!DOCTYPE" not in v and "<?xml-stylesheet" not in v][::4])
def test_svg_vector_written_inline_in_an_article_fails_the_build(make_site, capsys, vector):
    site = make_site({"content/articles/a.md": article(vector), "static/a.png": PNG})
    assert_refused(capsys, site, "content/articles/a.md:8")


# --- every place text reaches a page ---------------------------------------------------------

def test_vector_in_settings_text_rendered_as_markdown(make_site, capsys):
    config = MINIMAL_CONFIG.replace('    postal_code: "62701"\n', '    postal_code: "62701"\n    directions: Near the park. <img src=x onerror=alert(1)>\n')
    line = config.splitlines().index(next(row for row in config.splitlines() if "onerror" in row)) + 1
    site = make_site({"site_config.yaml": config, "content/articles/a.md": MINIMAL_ARTICLE})
    assert_refused(capsys, site, f"site_config.yaml:{line}")


def test_vector_in_checklist_text(make_site, capsys):
    checklist = (
        "title: Check\n"
        "intro: Tick what fits. <a href=\"jav&#x09;ascript:alert(1)\">more</a>\n"
        "items:\n  - text: I feel stuck.\n    topic: t\n"
        "topics:\n  t:\n    title: T\n    advice: Talk about it.\n"
        "results:\n  - {min: 0, max: 1, text: Fine.}\n"
    )
    site = make_site({"content/checklists/c.yaml": checklist, "content/articles/a.md": MINIMAL_ARTICLE})
    assert_refused(capsys, site, "content/checklists/c.yaml:2")


def test_vector_in_a_template(make_site, capsys):
    theme = (THEME / "partials" / "crisis.html").read_text(encoding="utf-8")
    partial = theme + '<p/style="background:url(HTTP://evil.test/p.png)">x</p>\n'
    line = partial.count("\n")
    site = make_site({"templates/partials/crisis.html": partial, "content/articles/a.md": MINIMAL_ARTICLE})
    err = assert_refused(capsys, site, f"templates/partials/crisis.html:{line}")
    assert "uses a style=\"...\" attribute" in err


def test_vector_in_an_article_summary_shown_on_lists(make_site, capsys):
    site = make_site({"content/articles/a.md": article("Text.", front="")
                      .replace("summary: A.", "summary: '<svg/onload=alert(1)>'")})
    code, err = build(capsys, site)  # a summary is text: escaped wherever it is shown, never markup
    assert code == 0, err
    assert "<svg/onload" not in (site / "output" / "blog" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("manifest, line", [
    ('{\n  "name": "Clinic",\n  "icons": [{"src": "https://evil.test/i.png", "sizes": "192x192"}]\n}\n', 3),
    ('{\n  "name": "Clinic",\n  "start_url": "javascript:alert(1)"\n}\n', 3),
    ('{\n  "shortcuts": [{"name": "x", "url": "/", "icons": [{"src": "//evil.test/i.png"}]}]\n}\n', 2),
])
def test_vector_in_a_web_app_manifest(make_site, capsys, manifest, line):
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "static/site.webmanifest": manifest})
    assert_refused(capsys, site, f"static/site.webmanifest:{line}")


# --- what must still pass -----------------------------------------------------------------------

SAFE = """\
Links to [another site](https://www.samhsa.test/find-help), [HTTPS upper case](HTTPS://988lifeline.test/),
[mail](mailto:hello@counseling.test), [phone](tel:+12175552000) and [text](sms:988).

Words that look like code: online = therapy, onload = calm, javascript: is not a link here, style="x",
<code>&lt;script&gt;alert(1)&lt;/script&gt;</code> and `<img src=x onerror=alert(1)>` in code.

    <script>alert("an indented code block is shown, not run")</script>

<details><summary>More</summary><p class="note" id="more" data-x="1" aria-label="more" title="t" lang="es" dir="ltr">Más.</p></details>

<table><thead><tr><th scope="col" colspan="2">A</th></tr></thead><tbody><tr><td rowspan="1">1</td><td>2</td></tr></tbody></table>

<svg viewBox="0 0 10 10" width="10" height="10" role="img" aria-label="dot"><title>dot</title><circle cx="5" cy="5" r="4" fill="currentColor"/></svg>

<math><mrow><mi>x</mi><mo>=</mo><mn>2</mn></mrow></math>

<a href="https://www.nimh.test/health" rel="noopener" target="_blank" hreflang="en">NIMH</a>
"""


def test_safe_content_passes(make_site, capsys):
    source = article(SAFE, front="").replace("summary: A.", "summary: Is therapy online = therapy in person?")
    site = make_site({"content/articles/a.md": source,
                      "static/plain.html": "<!doctype html>\n<html lang=en><title>x</title><link rel=stylesheet href=/print.css>"
                                           "<p class=x>x</p><img src=\"/a.png\" alt=\"a\"></html>\n",
                      "static/a.png": PNG,
                      "static/icon.svg": '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                                         'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1">'
                                         '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
                                         '<rect width="9" height="9" fill="url(#g)" style="stroke:url(#g)"/></svg>\n',
                      "static/print.css": "@import url(/base.css);\nbody { background: url(/a.png); }\n",
                      # (an imported stylesheet's rule; not 'p { color: black }', which would turn the crisis
                      # message's words black on its dark background: test_crisis_reach)
                      "static/base.css": "p { margin: 0 0 1em; }\n"})
    code, err = build(capsys, site)
    assert code == 0, err
    page = (site / "output" / "blog" / "a" / "index.html").read_text(encoding="utf-8")
    assert "online = therapy" in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_allowed_hosts_may_be_loaded_from_and_the_verdict_is_per_build(make_site, capsys):
    body = '<img src="https://images.partner.test/p.png" alt="A partner">'
    allowed = make_site({"site_config.yaml": MINIMAL_CONFIG + "allowed_hosts: [images.partner.test]\n",
                         "content/articles/a.md": article(body)})
    assert build(capsys, allowed)[0] == 0
    # The same tag, in another build in the same process: a verdict from the last build is not reused.
    refused = make_site({"content/articles/a.md": article(body)})
    assert_refused(capsys, refused, "content/articles/a.md:8")


_LINK_IT = ("put the rules in a stylesheet under static/ (static/css/extra.css, say) and link it in the page's <head>: "
            "<link rel=\"stylesheet\" href=\"/css/extra.css\">")


def test_inline_styles_in_a_static_page_are_refused_as_in_an_article(make_site, capsys):
    """The site's security policy blocks inline CSS on every page, a page of static/ included."""
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE,
                      "static/intake.html": "<!doctype html>\n<html lang=en><title>Intake</title><style>p{color:red}</style>\n"
                                            "<p style=\"font-weight:bold\">Bring this form. Call or text 988 in a crisis.</p></html>\n"})
    code, err = build(capsys, site)
    assert (code, [line for line in err.splitlines() if ": error: " in line]) == (1, [
        f"static/intake.html:2: error: contains a <style> block, which the site's security policy blocks; {_LINK_IT}",
        "static/intake.html:3: error: uses a style=\"...\" attribute, which the site's security policy blocks; give the "
        f"element a class, and {_LINK_IT}",
    ])
    assert not (site / "output").exists()


def test_a_static_page_without_the_crisis_message_gets_a_warning(make_site, capsys):
    """A page in static/ is published as it is, so it lacks the crisis line unless written in:
    the build says so (a page that has it, and a host's verification file, pass quietly)."""
    page = "<!doctype html>\n<html lang=en><title>Intake</title><p>Bring this form.</p>{}</html>\n"
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE,
                      "static/forms/intake.html": page.format(""),
                      "static/referral.html": page.format("<p>In crisis? Call or text 988. In an emergency, call 911.</p>"),
                      "static/google0123.html": "google-site-verification: google0123.html\n"})
    code, err = build(capsys, site)
    assert code == 0
    assert [line for line in err.splitlines() if line.startswith("static/")] == [
        "static/forms/intake.html: warning: is a page published as it is, without the crisis message every page of the "
        "site shows (crisis.text from site_config.yaml); make it a page of the site instead, content/pages/intake.md, "
        "which shows it, or write the message into the file"]


def test_a_static_page_showing_the_crisis_number_only_in_a_comment_or_script_gets_the_warning(make_site, capsys):
    """The page is read as a browser reads it: a comment (even one holding '>') and a script
    show nothing, so a number written only there is not shown."""
    page = ("<!doctype html>\n<html lang=en><title>Call 988</title><p>Bring this form.</p>"
            "<!-- crisis line -> call 988 --><template><p>Call 988</p></template></html>\n")
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, "static/intake.html": page})
    code, err = build(capsys, site)
    assert code == 0
    assert [line for line in err.splitlines() if line.startswith("static/")] == [
        "static/intake.html: warning: is a page published as it is, without the crisis message every page of the "
        "site shows (crisis.text from site_config.yaml); make it a page of the site instead, content/pages/intake.md, "
        "which shows it, or write the message into the file"]


# --- the hosts' own files ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["_headers", "_redirects"])
def test_a_static_host_file_is_refused(make_site, capsys, name):
    site = make_site({"content/articles/a.md": MINIMAL_ARTICLE, f"static/{name}": "/*  /index.html  200\n"})
    err = assert_refused(capsys, site, f"static/{name}:1")
    assert f"would replace the {name} file the generator writes" in err


@pytest.mark.parametrize("alias", ["/*", "/:splat", "/old/*", "/blog/:year/:slug/", "/a b/", "/!old/"])
def test_an_alias_that_is_a_pattern_is_refused(make_site, capsys, alias):
    front = f"aliases:\n  - /fine/\n  - \"{alias}\"\n"
    site = make_site({"content/articles/a.md": article("Text.", front=front)})
    err = assert_refused(capsys, site, "content/articles/a.md:7")
    assert "must be one old address, not a pattern" in err
