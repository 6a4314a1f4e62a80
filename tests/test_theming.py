"""A site changes the default theme a little without copying it: one block of a theme template
(a site template extends `theme/<name>`), and additions to its stylesheet (static/css/extra.css)."""

from __future__ import annotations

from pathlib import Path

try:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import read_headers_file, record_requests, serve_directory
    from helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, THEME, TODAY
except ImportError:  # tests/ imported as a package
    from tests.browser import read_headers_file, record_requests, serve_directory  # type: ignore[no-redef]
    from tests.helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, THEME, TODAY  # type: ignore[no-redef]

from haven.cli import main

ARTICLE = {"content/articles/hello.md": MINIMAL_ARTICLE}
PAGES = ("index.html", "blog/hello/index.html", "contact/index.html", "404.html")
EXTRA = "static/css/extra.css"


def build(capsys, source: Path, output: Path | None = None) -> tuple[int, str]:
    """`build.py build` on the site, into source/output; (exit code, what it printed on stderr)."""
    code = main(["build", "--source", str(source), "--output", str(output or source / "output"), "--today", TODAY.isoformat()])
    return code, capsys.readouterr().err


def page(source: Path, name: str) -> str:
    return (source / "output" / name).read_text("utf-8")


def test_a_site_template_extends_the_themes_and_overrides_one_block(make_site, capsys):
    own_footer = '<p class="own-footer">Run by volunteers since 1998.</p>\n'
    plain = make_site(ARTICLE)
    custom = make_site({**ARTICLE, "templates/base.html":
                        '{% extends "theme/base.html" %}\n{% block footer %}' + own_footer + '{{ super() }}{% endblock %}\n'})
    assert build(capsys, plain)[0] == 0
    assert build(capsys, custom)[0] == 0
    for name in PAGES:
        theirs, ours = page(plain, name), page(custom, name)
        assert ours.count(own_footer) == 1, name
        # The rest of every page is the theme's, byte for byte: header, crisis line, footer...
        assert ours.replace(own_footer, "", 1) == theirs, name
        assert ours.index(own_footer) < ours.index('<footer class="site-footer">'), name


def test_a_page_template_extends_the_themes_page_and_overrides_its_content(make_site, capsys):
    source = make_site({
        **ARTICLE,
        "content/pages/about.md": "---\ntitle: About us\n---\nWe listen.\n",
        "templates/page.html": '{% extends "theme/page.html" %}\n'
                               '{% block content %}{{ super() }}<p class="own-note">Questions? Call us.</p>\n{% endblock %}\n',
    })
    assert build(capsys, source)[0] == 0
    about = page(source, "about/index.html")
    assert "<p>We listen.</p>" in about
    assert about.index("<p>We listen.</p>") < about.index('<p class="own-note">Questions? Call us.</p>')
    assert 'class="own-note"' not in page(source, "blog/hello/index.html")  # articles keep the theme's template


def test_templates_saved_with_a_byte_order_mark_give_pages_that_start_with_the_doctype(make_site, capsys):
    # Some Windows editors start a UTF-8 file with a byte-order mark. Printed, it came before
    # `<!doctype html>` (twice where page.html extends base.html), and a character before the
    # doctype puts browsers in quirks mode; it is dropped like a content file's.
    bom = "\ufeff"
    source = make_site({
        **ARTICLE,
        "content/pages/about.md": "---\ntitle: About us\n---\nWe listen.\n",
        "templates/base.html": bom + '{% extends "theme/base.html" %}\n',
        "templates/page.html": bom + '{% extends "theme/page.html" %}\n',
    })
    assert build(capsys, source)[0] == 0
    for name in (*PAGES, "about/index.html"):
        assert (source / "output" / name).read_bytes().startswith(b"<!doctype html>"), name


def test_a_sites_own_icons_in_static_replace_the_themes(make_site, capsys):
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15"/></svg>\n'
    ico = (THEME / "assets" / "favicon.ico").read_bytes()[:6] + b"own icon"
    source = make_site({**ARTICLE, "static/favicon.svg": icon, "static/favicon.ico": ico})
    assert build(capsys, source)[0] == 0
    assert (source / "output" / "favicon.svg").read_text("utf-8") == icon
    assert (source / "output" / "favicon.ico").read_bytes() == ico


def test_the_example_sites_own_page_template_extends_the_theme():
    own = (Path(__file__).resolve().parent.parent / "templates" / "page.html").read_text("utf-8")
    assert '{% extends "theme/page.html" %}' in own
    assert (THEME / "page.html").is_file() and (THEME / "base.html").is_file()


def test_extending_a_theme_template_that_does_not_exist_names_the_sites_template(make_site, capsys):
    source = make_site({**ARTICLE, "templates/base.html": '{% extends "theme/basis.html" %}\n'})
    code, err = build(capsys, source)
    assert code == 1
    assert ("templates/base.html:1: error: template error: there is no template named 'theme/basis.html', in the site's "
            "templates/ or in the theme; did you mean 'theme/base.html'?") in err, err
    assert not (source / "output").exists()


def test_a_broken_link_in_an_overridden_block_is_reported_at_the_sites_line(make_site, capsys):
    source = make_site({**ARTICLE, "templates/base.html": '{% extends "theme/base.html" %}\n{% block footer %}\n'
                        '<p><a href="{{ url(\'nope/\') }}">Gone</a></p>\n{{ super() }}{% endblock %}\n'})
    code, err = build(capsys, source)
    assert code == 1
    assert "templates/base.html:3: error: links to /nope/, which does not exist on the site" in err, err


def stylesheet_links(html: str) -> list[str]:
    return [line for line in html.splitlines() if line.startswith('<link rel="stylesheet"')]


def test_extra_css_is_linked_after_the_themes_stylesheet_only_when_the_site_has_one(make_site, capsys):
    css = ".site-title { color: #204060; }\n"
    plain = make_site(ARTICLE)
    extra = make_site({**ARTICLE, EXTRA: css})
    assert build(capsys, plain)[0] == 0
    assert build(capsys, extra)[0] == 0
    for name in PAGES:
        theme_link, = stylesheet_links(page(plain, name))
        assert stylesheet_links(page(extra, name)) == [theme_link, '<link rel="stylesheet" href="/css/extra.css">'], name
        assert page(extra, name).replace('<link rel="stylesheet" href="/css/extra.css">\n', "") == page(plain, name)
    assert (extra / "output/css/extra.css").read_text("utf-8") == css
    assert not (plain / "output/css").exists()


def test_extra_css_carries_the_sub_path(make_site, capsys):
    config = MINIMAL_CONFIG.replace("base_url: https://counseling.test/", "base_url: https://counseling.test/clinic/")
    source = make_site({**ARTICLE, "site_config.yaml": config, EXTRA: "p { margin: 0; }\n"})
    assert build(capsys, source)[0] == 0
    assert '<link rel="stylesheet" href="/clinic/css/extra.css">' in stylesheet_links(page(source, "blog/hello/index.html"))


SUB_PATH = MINIMAL_CONFIG.replace("base_url: https://counseling.test/", "base_url: https://counseling.test/clinic/")
PICTURES = {"static/images/door.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><rect width="8" height="8"/></svg>\n',
            "static/fonts/body.woff2": b"wOF2 not a real font"}
ADDRESSES = """\
@font-face { font-family: Body; src: url("../fonts/body.woff2") format("woff2"); }
.hero { background: url(../images/door.svg); }
.card { background-image: url(/images/door.svg); }
.gone { background: url(../images/window.svg); }
.away { background: url(../../secrets.txt); }
.mark { filter: url(#outline); }
"""


def test_extra_css_addresses_are_checked_like_links(make_site, capsys):
    # A stylesheet of static/ is published as it is: the build does not rewrite its addresses, so
    # it checks them. Relative ones work under any sub-path; one from the host's root works only
    # without a sub-path; one to a file the site lacks, or outside it, loads nothing.
    source = make_site({**ARTICLE, **PICTURES, EXTRA: ADDRESSES})
    code, err = build(capsys, source)
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert errors == [
        f"{EXTRA}:4: error: url(../images/window.svg) leads to /images/window.svg, which the site does not have (no "
        "static/images/window.svg, nor a page there); check the name, or add the file",
        f"{EXTRA}:5: error: url(../../secrets.txt) leads outside the site; write the address of one of its files, "
        "relative to this stylesheet",
    ], err
    published = make_site({**ARTICLE, **PICTURES, "site_config.yaml": SUB_PATH, EXTRA: ADDRESSES.split(".gone")[0]})
    code, err = build(capsys, published)
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        f"{EXTRA}:3: error: url(/images/door.svg) starts at the host's root, but the site is published under "
        "/clinic/, so it would lead to /images/door.svg, outside the site; write it relative to this stylesheet: "
        "url(../images/door.svg)"], err
    fixed = ADDRESSES.split(".gone")[0].replace("url(/images/door.svg)", "url(/clinic/images/door.svg)")
    assert build(capsys, make_site({**ARTICLE, **PICTURES, "site_config.yaml": SUB_PATH, EXTRA: fixed}))[0] == 0


def test_extra_css_not_saved_as_utf8_is_refused_at_its_line_unless_it_names_its_encoding(make_site, capsys):
    latin = ".a { font-family: Body; }\n.quote::before { content: \"\u00ab\"; }\n".encode("latin-1")
    code, err = build(capsys, make_site({**ARTICLE, EXTRA: latin}))
    assert code == 1
    assert (f"{EXTRA}:2: error: is not saved as UTF-8 text (byte 0xab on this line, often an accented letter or curly "
            "quote), so browsers would show that letter as \ufffd; re-save the file with UTF-8 encoding in your editor") in err
    assert build(capsys, make_site({**ARTICLE, EXTRA: b'@charset "iso-8859-1";\n' + latin}))[0] == 0


STATIC_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intake</title>
<link rel="stylesheet" href="css/extra.css"></head>
<body><p>In crisis? Call or text 988. In an emergency, call 911.</p>
<p><a href="contact/">Contact</a> <a href="/contact/">Contact again</a> <a href="mailto:a@b.test">Mail</a></p>
<p><img src="images/door.svg" alt="The door"> <a href="forms/old.pdf">Old form</a> <a href="#top">Top</a></p>
</body></html>
"""


def test_a_page_in_static_has_its_addresses_checked_like_a_stylesheets(make_site, capsys):
    site = {**ARTICLE, **PICTURES, EXTRA: "p { margin: 0; }\n", "static/intake.html": STATIC_PAGE}
    code, err = build(capsys, make_site(site))
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        'static/intake.html:6: error: href="forms/old.pdf" leads to /forms/old.pdf, which the site does not have (no '
        "static/forms/old.pdf, nor a page there); check the name, or add the file"], err
    code, err = build(capsys, make_site({**site, "site_config.yaml": SUB_PATH,
                                         "static/intake.html": STATIC_PAGE.replace(' <a href="forms/old.pdf">Old form</a>', "")}))
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        'static/intake.html:5: error: href="/contact/" starts at the host\'s root, but the site is published under '
        '/clinic/, so it would lead to /contact/, outside the site; write it relative to this page: href="contact/"'], err


def test_adding_and_removing_extra_css_reaches_every_page_of_an_incremental_build(make_site, capsys, tmp_path):
    source = make_site(ARTICLE)
    assert build(capsys, source)[0] == 0
    (source / "static/css").mkdir(parents=True)
    (source / EXTRA).write_text("p { margin: 0; }\n", "utf-8")
    assert build(capsys, source)[0] == 0  # into the same output: unchanged pages are reused
    cold = tmp_path / "cold"
    assert build(capsys, source, cold)[0] == 0
    for name in PAGES:
        assert "/css/extra.css" in page(source, name), name
        assert page(source, name) == (cold / name).read_text("utf-8"), name
    (source / EXTRA).unlink()
    assert build(capsys, source)[0] == 0
    for name in PAGES:
        assert "extra.css" not in page(source, name), name


def test_extra_css_loading_from_another_host_stops_the_build(make_site, capsys):
    source = make_site({**ARTICLE, EXTRA: "\n@import url(https://fonts.test/inter.css);\n"})
    code, err = build(capsys, source)
    assert code == 1
    assert "static/css/extra.css:2: error: loads https://fonts.test/inter.css from another host" in err, err


def test_chromium_applies_extra_css_over_the_theme_under_the_sites_policy(browser, make_site, capsys):
    source = make_site({**ARTICLE, EXTRA: ".site-title { color: rgb(32, 64, 96); }\n"})
    assert build(capsys, source)[0] == 0
    output = source / "output"
    context = browser.new_context()
    try:
        page = context.new_page()
        complaints: list[str] = []
        page.on("console", lambda message: complaints.append(message.text) if message.type == "error" else None)
        log = record_requests(page)
        with serve_directory(output, headers=read_headers_file(output / "_headers")) as base:
            response = page.goto(base + "blog/hello/", wait_until="load")
            assert "default-src 'self'" in response.headers["content-security-policy"]
            color = page.eval_on_selector(".site-title", "el => getComputedStyle(el).color")
            size = page.eval_on_selector(".site-title", "el => getComputedStyle(el).fontWeight")
        assert color == "rgb(32, 64, 96)"  # the site's rule, loaded after the theme's, wins
        assert size == "700"  # and the theme's other rules still apply
        assert complaints == [] and log.problems() == []
    finally:
        context.close()


def test_a_value_a_site_template_shows_that_is_not_set_shows_nothing_never_none(make_site, capsys):
    # (an article's summary left out is None: Python's word for it is no text of the site's)
    source = make_site({**ARTICLE, "templates/article.html":
                        '{% extends "theme/article.html" %}\n'
                        '{% block content %}<p class="own-summary">{{ article.meta.summary }}</p>{{ super() }}{% endblock %}\n'})
    assert build(capsys, source)[0] == 0
    assert '<p class="own-summary"></p>' in page(source, "blog/hello/index.html")
