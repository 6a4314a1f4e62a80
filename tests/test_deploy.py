"""From a merged change to a live site: the hosts' _headers and _redirects, previews under
another address, the deploy check, the CI recipes, and the security policy in a real browser.

The browser tests serve the built output the way Netlify and Cloudflare Pages do: every
response carries the headers the output's own _headers file gives its path.
"""

from __future__ import annotations

import html.parser
import http.client
import re
import subprocess
import textwrap
import tomllib
import urllib.parse
from pathlib import Path

import pytest
import yaml

try:  # tests/ as a package (tests/__init__.py, or `python -m pytest` from the root)
    from tests.browser import (
        parse_headers,
        read_headers_file,
        record_requests,
        serve_directory,
    )
    from tests.helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, ROOT, TODAY, build_site, run_cli
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from browser import (  # type: ignore[no-redef]
        parse_headers,
        read_headers_file,
        record_requests,
        serve_directory,
    )
    from helpers import MINIMAL_ARTICLE, MINIMAL_CONFIG, ROOT, TODAY, build_site, run_cli  # type: ignore[no-redef]

from haven.deploycheck import check_deploy
from haven.hosting import UNUSED_FEATURES
from haven.site import load_site

PREVIEW = "https://preview.haven.test/pr-42/clinic/"  # a pull-request preview under a sub-path
FORMS = "https://forms.quietharbor.test"
EXPECTED_CSP = "default-src 'self'; base-uri 'self'; object-src 'none'; form-action 'self'; frame-ancestors 'none'"

ALIASED_SITE = {
    "site_config.yaml": MINIMAL_CONFIG + f"contact:\n  form_action: {FORMS}/f/contact\n",
    "content/articles/hello.md": """\
---
title: Hello
date: 2026-01-05
aliases: [/2019/05/hello/, /old-blog/hello.html, /news/hello]
---
A first article.
""",
    "content/pages/about.md": """\
---
title: About us
aliases: [/about-us/]
---
Who we are.
""",
}


# --------------------------------------------------------------------------- helpers


class _Tags(html.parser.HTMLParser):
    """Every start tag of a page with its attributes: [(tag, {name: value})]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])


def tags_of(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text("utf-8"))
    return parser


def links_of(page: _Tags) -> list[str]:
    """Every address a page links to or loads, as written."""
    found = []
    for tag, attrs in page.tags:
        for name in ("href", "src", "action"):
            if attrs.get(name):
                found.append(attrs[name])
        for name in ("srcset",):
            found += [part.strip().split(" ")[0] for part in attrs.get(name, "").split(",") if part.strip()]
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found.append(attrs["content"].split("url=", 1)[1])
    return found


def page_url(root: str, rel: str) -> str:
    """The address a file of the output is served at, below `root`."""
    return root + (rel[: -len("index.html")] if rel.endswith("index.html") and rel != "404.html" else rel)


def html_files(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text) if isinstance(text, bytes) else path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def example_output(tmp_path_factory) -> Path:
    """The example clinic, built as CI builds it for production."""
    output = tmp_path_factory.mktemp("example") / "output"
    result = run_cli("build", "--today", TODAY.isoformat(), "--output", str(output))
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="module")
def aliased_output(tmp_path_factory) -> Path:
    """A small site with aliases and a contact form service."""
    source = write(tmp_path_factory.mktemp("aliased"), ALIASED_SITE)
    result = build_site(source)
    assert result.returncode == 0, result.stderr
    return source / "output"


# --------------------------------------------------------------------------- _headers


def test_the_headers_file_sets_a_strict_policy_on_every_path(example_output):
    rules = read_headers_file(example_output / "_headers")
    assert rules[0][0] == "/*"
    headers = dict(rules[0][1])
    assert headers == {
        "Content-Security-Policy": EXPECTED_CSP,
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": ", ".join(f"{feature}=()" for feature in UNUSED_FEATURES),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in headers["Permissions-Policy"]


def test_only_content_hashed_assets_are_cached_for_a_year(example_output):
    rules = read_headers_file(example_output / "_headers")[1:]
    hashed = sorted("/" + p.relative_to(example_output).as_posix() for p in (example_output / "assets").iterdir())
    assert hashed and all(re.search(r"\.[0-9a-f]{10}\.(css|js)$", path) for path in hashed)
    assert rules == [(path, [("Cache-Control", "public, max-age=31536000, immutable")]) for path in hashed]


def test_the_deploy_docs_show_the_headers_file_the_example_site_gets(example_output):
    """docs/deploy.md quotes the example's _headers, and nginx's and Apache's lines give the same
    headers: after a change to the theme's assets or the policy, copy the new file into the docs."""
    docs = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    quoted = re.search(r"For the example site the build writes.*?\n```\n(.*?)```\n", docs, re.S)
    assert quoted and quoted[1] == (example_output / "_headers").read_text("utf-8"), (
        "docs/deploy.md quotes an old _headers: copy the example's output/_headers into it")
    for name, value in read_headers_file(example_output / "_headers")[0][1]:
        assert f'add_header {name} "{value}" always;' in docs, name
        assert f'Header always set {name} "{value}"' in docs, name


def test_the_policy_lets_the_contact_form_post_to_its_service_only(aliased_output):
    csp = dict(read_headers_file(aliased_output / "_headers")[0][1])["Content-Security-Policy"]
    assert f"form-action 'self' {FORMS};" in csp
    assert "default-src 'self';" in csp and "unsafe-inline" not in csp


def test_hosts_pages_may_load_from_are_in_the_policy(make_site):
    config = MINIMAL_CONFIG + "allowed_hosts: [images.partner.test]\n"
    source = make_site({"site_config.yaml": config, "content/articles/hello.md": MINIMAL_ARTICLE})
    assert build_site(source).returncode == 0
    csp = dict(read_headers_file(source / "output" / "_headers")[0][1])["Content-Security-Policy"]
    assert csp.startswith("default-src 'self' https://images.partner.test;")


# --------------------------------------------------------------------------- aliases


def test_aliases_make_a_redirects_file_of_301s(aliased_output):
    lines = [line for line in (aliased_output / "_redirects").read_text().splitlines() if not line.startswith("#")]
    assert lines == [
        "/2019/05/hello /blog/hello/ 301",
        "/2019/05/hello/ /blog/hello/ 301",
        "/about-us /about/ 301",
        "/about-us/ /about/ 301",
        "/news/hello /blog/hello/ 301",
        "/news/hello/ /blog/hello/ 301",
        "/old-blog/hello.html /blog/hello/ 301",
    ]


@pytest.mark.parametrize("rel, target", [
    ("2019/05/hello/index.html", "blog/hello/"),
    ("news/hello/index.html", "blog/hello/"),
    ("old-blog/hello.html", "blog/hello/"),
    ("about-us/index.html", "about/"),
])
def test_redirect_pages_carry_a_canonical_link_and_noindex(aliased_output, rel, target):
    page = tags_of(aliased_output / rel)
    canonical = [a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "canonical"]
    robots = [a["content"] for t, a in page.tags if t == "meta" and a.get("name") == "robots"]
    refresh = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "refresh"]
    assert canonical == ["https://counseling.test/" + target]
    assert robots == ["noindex"]
    assert refresh == [f"0; url=/{target}"]


def test_redirects_point_into_the_sub_path_their_sources_do_not(make_site):
    source = make_site(ALIASED_SITE)
    output = source.parent / "preview" / "pr-42" / "clinic"
    # As GitHub's configure-pages and Netlify give it: no final slash.
    assert build_site(source, "--base-url", PREVIEW.rstrip("/"), "--output", str(output)).returncode == 0
    lines = [line for line in (output / "_redirects").read_text().splitlines() if not line.startswith("#")]
    assert "/2019/05/hello/ /pr-42/clinic/blog/hello/ 301" in lines
    assert "/old-blog/hello.html /pr-42/clinic/blog/hello/ 301" in lines
    page = tags_of(output / "about-us" / "index.html")
    assert [a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "canonical"] == [PREVIEW + "about/"]


# --------------------------------------------------------------------------- previews


@pytest.mark.parametrize("site", ["example", "aliased"])
def test_a_preview_under_another_sub_path_has_working_links(make_site, tmp_path, site):
    """Build with --base-url for another host and sub-path; every link of every page works."""
    root = tmp_path / "host"
    output = root / "pr-42" / "clinic"
    if site == "example":
        result = run_cli("build", "--today", TODAY.isoformat(), "--base-url", PREVIEW, "--output", str(output))
    else:
        result = build_site(make_site(ALIASED_SITE), "--base-url", PREVIEW, "--output", str(output))
    assert result.returncode == 0, result.stderr

    preview = urllib.parse.urlsplit(PREVIEW)
    internal: set[str] = set()
    broken = []
    pages = html_files(output)
    assert len(pages) > 5
    ids = {rel: tags_of(output / rel).ids for rel in pages}
    for rel in pages:
        here = page_url(PREVIEW, rel)
        for link in links_of(tags_of(output / rel)):
            url = urllib.parse.urlsplit(urllib.parse.urljoin(here, link))
            if url.scheme not in ("http", "https") or url.netloc != preview.netloc:
                continue
            if not url.path.startswith(preview.path):
                broken.append(f"{rel}: {link} leaves {preview.path}")
                continue
            path = url.path[len(preview.path):]
            target = path + "index.html" if path in ("",) or path.endswith("/") else path
            if not (output / target).is_file():
                broken.append(f"{rel}: {link} -> no {target}")
            elif url.fragment and target.endswith(".html") and url.fragment not in ids.get(target, set()):
                broken.append(f"{rel}: {link} -> no #{url.fragment} in {target}")
            internal.add(url.path)
    assert broken == []
    assert len(internal) > 5

    # The configured address is nowhere: canonical links, feed, sitemap, robots.txt all use the preview's.
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ""):
            text = path.read_text("utf-8")
            assert "https://www.example.org" not in text and "https://counseling.test" not in text, path
    assert f"Sitemap: {PREVIEW}sitemap.xml" in (output / "robots.txt").read_text()

    # And a static server with the output below that sub-path answers every one of them.
    with serve_directory(root) as base:
        server = urllib.parse.urlsplit(base)
        for path in sorted(internal):
            conn = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            assert status == 200, f"{path}: HTTP {status}"


# --------------------------------------------------------------------------- the deploy check


def test_source_and_settings_files_in_static_stop_the_build(make_site):
    source = make_site({
        "content/articles/hello.md": MINIMAL_ARTICLE,
        "static/notes.md": "# Notes for the team\n",
        "static/settings.yaml": "secret: true\n",
        "static/forms/intake.pdf.orig": b"%PDF-1.4\n",
    })
    result = build_site(source)
    assert result.returncode == 1
    for rel, kind in [("notes.md", ".md"), ("settings.yaml", ".yaml"), ("forms/intake.pdf.orig", ".orig")]:
        assert (f"static/{rel}: error: would be published at /{rel}, but a {kind} file is a source, settings or backup "
                "file, not something for visitors; keep such files outside static/") in result.stderr
    assert not (source / "output").exists()


def test_hidden_and_backup_files_in_static_never_reach_the_output(make_site):
    source = make_site({
        "content/articles/hello.md": MINIMAL_ARTICLE,
        "static/.env": "PASSWORD=hunter2\n",
        "static/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "static/.git/config": "[core]\n",
        "static/images/door.png~": b"\x89PNG\r\n\x1a\n",
        "static/about.html.swp": b"b0VIM",
        "static/images/Thumbs.db": b"\xd0\xcf\x11\xe0",
        "static/desktop.ini": "[.ShellClassInfo]\n",
        "static/#about.html#": "<p>autosaved</p>\n",
        "static/images/door.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8\x00\x00\x00\x00IEND\xaeB`\x82",  # a whole PNG: static images are read
    })
    result = build_site(source)
    assert result.returncode == 0, result.stderr
    published = sorted(p.relative_to(source / "output").as_posix() for p in (source / "output").rglob("*") if p.is_file())
    assert "images/door.png" in published
    assert [p for p in published if p.startswith((".", "#")) or "/." in p or p.endswith(("~", ".swp", ".db", ".ini"))] == [
        ".haven-output.json"]


def test_static_well_known_is_published_and_nothing_else_hidden(make_site):
    """static/.well-known/ (security.txt) is the one hidden folder published, with the checks of any static file."""
    security = "Contact: mailto:security@counseling.test\nExpires: 2027-01-01T00:00:00.000Z\n"
    source = make_site({
        "content/articles/hello.md": MINIMAL_ARTICLE,
        "static/.well-known/security.txt": security,
        "static/.well-known/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "static/.well-known/security.txt~": "old\n",
        "static/.htaccess": "Deny from all\n",
        "static/docs/.well-known/x.txt": "not at the root\n",
    })
    result = build_site(source)
    assert result.returncode == 0, result.stderr
    published = sorted(p.relative_to(source / "output").as_posix() for p in (source / "output").rglob("*") if p.is_file())
    assert [p for p in published if p.startswith(".") or "/." in p] == [".haven-output.json", ".well-known/security.txt"]
    assert (source / "output/.well-known/security.txt").read_text("utf-8") == security

    write = make_site({"static/.well-known/notes.md": "# x\n", "static/.well-known/change-password": "/account/\n"})
    result = build_site(write)
    assert result.returncode == 1
    assert ("static/.well-known/notes.md: error: would be published at /.well-known/notes.md, but a .md file is a "
            "source, settings or backup file") in result.stderr
    assert ("static/.well-known/change-password: error: has no extension, so hosts would serve "
            "/.well-known/change-password as application/octet-stream") in result.stderr


def test_the_deploy_check_catches_private_files_and_sitemap_addresses_without_a_page(make_site):
    site, problems = load_site(make_site({}), TODAY, False)
    assert site is not None and not problems
    page = b"<!doctype html><html><head><title>x</title></head><body></body></html>"
    sitemap = (b'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
               b"  <url><loc>https://counseling.test/</loc></url>\n"
               b"  <url><loc>https://counseling.test/gone/</loc></url>\n"
               b"  <url><loc>https://elsewhere.test/</loc></url>\n</urlset>\n")
    files = {
        "index.html": page, "sitemap.xml": sitemap, ".env": b"X=1", ".git/config": b"",
        "about/index.html~": page, "notes.md": b"# x", "data/site_config.yml": b"a: 1",
    }
    found = [str(p) for p in check_deploy(site, files, {}, {})]
    assert found == [
        ".env: error: is a hidden file and would be published at /.env; hidden files are never meant for visitors, "
        "delete it or move it out of the site's folders",
        ".git/config: error: is inside the hidden folder .git/ and would be published at /.git/config; hidden files are "
        "never meant for visitors, delete it or move it out of the site's folders",
        "about/index.html~: error: would be published at /about/index.html~, but a .html~ file is a source, settings or "
        "backup file, not something for visitors; rename it",
        "data/site_config.yml: error: would be published at /data/site_config.yml, but a .yml file is a source, settings "
        "or backup file, not something for visitors; rename it",
        "notes.md: error: would be published at /notes.md, but a .md file is a source, settings or backup file, not "
        "something for visitors; rename it",
        "sitemap.xml: error: lists https://counseling.test/gone/, but the output has no gone/index.html",
        "sitemap.xml: error: lists https://elsewhere.test/, which is not below the site's address https://counseling.test/",
    ]


def test_files_hosts_would_serve_as_a_download_stop_the_build(make_site):
    source = make_site({
        "content/articles/hello.md": MINIMAL_ARTICLE,
        "static/downloads/brochure": b"%PDF-1.4\n",
        "static/downloads/map.kmz": b"PK\x03\x04",
    })
    result = build_site(source)
    assert result.returncode == 1
    assert ("static/downloads/brochure: error: has no extension, so hosts would serve /downloads/brochure as "
            "application/octet-stream (a download the browser cannot show)") in result.stderr
    assert "static/downloads/map.kmz: error: has '.kmz', so hosts would serve" in result.stderr


def test_generated_files_must_be_what_their_name_says(make_site):
    site, _ = load_site(make_site({}), TODAY, False)
    files = {"favicon.ico": b"<svg xmlns='http://www.w3.org/2000/svg'/>", "feed.xml": b"not xml", "x.html": b"\xff\xfe"}
    assert [str(p) for p in check_deploy(site, files, {}, {})] == [
        "templates/assets/favicon.ico: error: is served as image/x-icon because of its name, but its content is not ICO",
        "feed.xml: error: is served as application/xml, but is not XML",
        "x.html: error: is served as text/html text in UTF-8, but is not valid UTF-8",
    ]


def test_what_the_last_check_found_of_a_generated_file_holds_only_while_its_bytes_do(make_site):
    # serve keeps what each file gave (state.BuildState.served_as), by its bytes
    site, _ = load_site(make_site({}), TODAY, False)
    known: dict = {}
    bad = {"feed.xml": b"not xml", "x.html": b"\xff\xfe"}
    for _ in range(2):
        assert [str(p) for p in check_deploy(site, bad, {}, {}, known=known)] == [
            "feed.xml: error: is served as application/xml, but is not XML",
            "x.html: error: is served as text/html text in UTF-8, but is not valid UTF-8",
        ]
    fixed = {"feed.xml": b"<feed/>", "x.html": b"<!doctype html><p>Hi</p>"}
    assert check_deploy(site, fixed, {}, {}, known=known) == []
    assert [str(p) for p in check_deploy(site, {**fixed, "feed.xml": b"not xml either"}, {}, {}, known=known)] == [
        "feed.xml: error: is served as application/xml, but is not XML"]

    # the sitemap's addresses are kept too: the same sitemap, the page it lists gone
    sitemap = (b'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
               b"  <url><loc>https://counseling.test/about/</loc></url>\n</urlset>\n")
    page = b"<!doctype html><p>About</p>"
    assert check_deploy(site, {"sitemap.xml": sitemap, "about/index.html": page}, {}, {}, known=known) == []
    assert [str(p) for p in check_deploy(site, {"sitemap.xml": sitemap}, {}, {}, known=known)] == [
        "sitemap.xml: error: lists https://counseling.test/about/, but the output has no about/index.html"]


def test_an_alias_with_an_unusual_extension_is_only_a_warning(make_site):
    article = MINIMAL_ARTICLE.replace("date: 2026-01-05\n", "date: 2026-01-05\naliases: [/old/hello.php]\n")
    source = make_site({"content/articles/hello.md": article})
    result = build_site(source)
    assert result.returncode == 0, result.stderr
    assert ("content/articles/hello.md: warning: the alias /old/hello.php has '.php': hosts that read _redirects "
            "answer it with a 301") in result.stderr
    assert "/old/hello.php /blog/hello/ 301" in (source / "output" / "_redirects").read_text()


def test_a_static_headers_file_that_replaces_the_generated_one_is_refused(make_site):
    source = make_site({"content/articles/hello.md": MINIMAL_ARTICLE, "static/_headers": "/*\n  X-Test: 1\n"})
    result = build_site(source)
    assert result.returncode == 1, result.stderr
    assert "static/_headers:1: error: would replace the _headers file the generator writes, and with it the security policy" in result.stderr


def test_the_example_site_passes_the_deploy_check():
    result = run_cli("check", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "published at" not in result.stderr and "sitemap.xml:" not in result.stderr


# --------------------------------------------------------------------------- CI recipes


def _workflow() -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text("utf-8"))


def test_the_github_workflow_tests_before_it_builds_and_publishes_only_from_main():
    workflow = _workflow()
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert on["push"] == {"branches": ["main"]} and "pull_request" in on
    assert workflow["permissions"] == {}
    build_job, deploy_job = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    steps = build_job["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    test_at = next(i for i, r in enumerate(runs) if "python -m pytest" in r)
    build_at = next(i for i, r in enumerate(runs) if r.startswith("python build.py build"))
    upload_at = uses.index("actions/upload-pages-artifact")
    assert next(i for i, r in enumerate(runs) if "pip install -r requirements-test.txt" in r) < test_at < build_at < upload_at
    assert steps[upload_at]["if"] == "github.event_name != 'pull_request'"
    assert steps[upload_at]["with"]["path"] == "output/"
    assert steps[upload_at]["with"]["include-hidden-files"] is True  # (else static/.well-known/ is left out)
    # The Pages address (with its /REPO sub-path) becomes the build's --base-url.
    pages = steps[uses.index("actions/configure-pages")]
    assert pages["id"] == "pages" and pages["if"] == "github.event_name != 'pull_request'"
    assert steps[build_at]["env"]["PAGES_BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert '--base-url "$PAGES_BASE_URL"' in runs[build_at]
    assert build_job["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy_job["needs"] == "build"
    assert "github.event_name != 'pull_request'" in deploy_job["if"] and "refs/heads/main" in deploy_job["if"]
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy_job["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy_job["steps"]] == ["actions/deploy-pages"]


def test_every_action_and_tool_is_pinned():
    text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text("utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert len(uses) == 5
    for ref, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), f"{ref}: name the release in a comment"
    workflow = _workflow()
    for job in workflow["jobs"].values():
        assert re.fullmatch(r"ubuntu-\d\d\.\d\d", job["runs-on"])
    setup = next(s for s in workflow["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    version = setup["with"]["python-version"]
    assert re.fullmatch(r"3\.\d+\.\d+", version)
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text("utf-8"))
    assert netlify["build"]["environment"]["PYTHON_VERSION"] == version
    assert f"PYTHON_VERSION` = `{version}`" in (ROOT / "docs" / "deploy.md").read_text("utf-8")
    for line in (ROOT / "requirements.txt").read_text().splitlines() + (ROOT / "requirements-test.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        assert not line or line.startswith("-r ") or re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), line


def test_netlify_tests_before_it_builds_and_builds_previews_for_their_address(tmp_path):
    netlify = tomllib.loads((ROOT / "netlify.toml").read_text("utf-8"))
    assert netlify["build"]["publish"] == "output"
    commands = {"production": netlify["build"]["command"]}
    commands.update({name: netlify["context"][name]["command"] for name in ("deploy-preview", "branch-deploy")})
    for name, command in commands.items():
        steps = [step.strip() for step in command.split("&&")]
        assert steps[0] == "python -m pip install -r requirements-test.txt", name
        assert steps[1].endswith("python -m pytest -p no:cacheprovider"), name
        assert steps[2].startswith("python build.py build"), name
        assert steps[3] == "sed -i -e 's/ 301$/ 301!/' output/_redirects", name
        assert ('--base-url "$DEPLOY_PRIME_URL"' in steps[2]) == (name != "production"), name
    # The last step turns the generated rules into forced ones, which Netlify needs (see netlify.toml).
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "_redirects").write_text("# comment\n/old/ /new/ 301\n/a.html /b/ 301\n")
    subprocess.run(commands["production"].split("&&")[-1], shell=True, cwd=tmp_path, check=True)
    assert (tmp_path / "output" / "_redirects").read_text() == "# comment\n/old/ /new/ 301!\n/a.html /b/ 301!\n"


def test_a_site_in_its_own_repository_gets_netlifys_forced_redirects_and_previews_too():
    """The deploy guide's netlify.toml for a clinic's own repository ends as the generator's does,
    and builds previews for their own address as the generator's does."""
    docs = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    own = tomllib.loads(re.search(r"## A site in its own repository.*?```toml\n(.*?)```", docs, re.S)[1])
    ours = tomllib.loads((ROOT / "netlify.toml").read_text("utf-8"))
    assert own["build"]["publish"] == ours["build"]["publish"]
    assert own["build"]["environment"]["PYTHON_VERSION"] == ours["build"]["environment"]["PYTHON_VERSION"]
    forced = ours["build"]["command"].split("&&")[-1].strip()
    steps = [step.strip() for step in own["build"]["command"].split("&&")]
    assert steps[1:] == ["haven build", forced]
    assert own.get("context", {}).keys() == ours["context"].keys()
    for name, context in own["context"].items():
        preview = [step.strip() for step in context["command"].split("&&")]
        assert preview == [steps[0], 'haven build --base-url "$DEPLOY_PRIME_URL"', forced], name


def test_a_site_in_its_own_repository_publishes_well_known_on_github_pages():
    """The deploy guide's workflow for a clinic's own repository uploads hidden files, as deploy.yml does."""
    docs = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    own = yaml.safe_load(re.search(r"## A site in its own repository.*?```yaml\n(.*?)```", docs, re.S)[1])
    upload = next(s for s in own["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"] == {"path": "output/", "include-hidden-files": True}


def test_a_site_in_its_own_repository_builds_cloudflare_previews_for_their_address():
    """The deploy guide's Cloudflare command for a clinic's own repository passes the preview's
    address as the generator's own does."""
    docs = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    ours = re.search(r"## Cloudflare Pages.*?```\n(.*?)\n\s*```", docs, re.S)[1].strip()
    own = re.search(r"## A site in its own repository.*?```sh\n(.*?)\n```", docs, re.S)[1].strip()
    preview = ours.split("&&")[-1].strip().removeprefix("python build.py build")
    assert preview.startswith(" $([ \"$CF_PAGES_BRANCH\" = main ] || echo --base-url \"$CF_PAGES_URL\")")
    assert own.split("&&")[-1].strip() == "haven build" + preview


def test_the_deploy_docs_give_the_cloudflare_command():
    docs = (ROOT / "docs" / "deploy.md").read_text("utf-8")
    for needed in ("Build output directory", "`output`", "PYTHON_VERSION", "CF_PAGES_URL", "python -m pytest",
                   "Content-Security-Policy", "add_header", "Header always set", "frame-ancestors"):
        assert needed in docs, needed


# --------------------------------------------------------------------------- in a real browser

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "(inline)"} on ${e.documentURI}` +
                        ` at ${e.sourceFile || "?"}:${e.lineNumber}`);
}, true);
"""
POLICY_WORDS = ("content security policy", "content-security-policy", "permissions-policy", "permissions policy",
                "feature policy", "refused to")


class Watch:
    """A browser context that records every policy violation and console complaint."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.violations: list[str] = []
        self.console: list[str] = []
        self.context.expose_binding("__cspViolation", lambda source, text: self.violations.append(text))
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.log = record_requests(self.page)

    def _console(self, message):
        text = message.text
        if message.type == "error" or any(word in text.lower() for word in POLICY_WORDS):
            self.console.append(f"{message.type}: {text} [{self.page.url}]")

    def close(self):
        self.context.close()


def _visit_every_page(browser, output: Path) -> dict:
    """Open every HTML page of `output` with the _headers policy enforced, and use it."""
    seen = {"pages": 0, "checklists": 0, "badges": 0, "redirects": 0}
    watch = Watch(browser)
    page = watch.page
    try:
        with serve_directory(output, headers=read_headers_file(output / "_headers")) as base:
            for rel in html_files(output):
                url = page_url(base, rel)
                response = page.goto(url, wait_until="load")
                csp = response.headers.get("content-security-policy", "")
                assert csp.startswith("default-src 'self'") and "frame-ancestors 'none'" in csp, url
                assert response.headers.get("x-content-type-options") == "nosniff", url
                seen["pages"] += 1
                if 'http-equiv="refresh"' in (output / rel).read_text("utf-8"):
                    page.wait_for_url(lambda u, url=url: u != url, timeout=5000)
                    page.wait_for_load_state("load")
                    seen["redirects"] += 1
                    continue
                if page.locator("#checklist").count():
                    boxes = page.locator("#checklist input[type=checkbox]")
                    for i in range(boxes.count()):
                        boxes.nth(i).check()
                    show = page.get_by_role("button", name="Show my results")
                    if show.count() and show.is_visible():
                        show.click()
                        assert page.locator("#checklist-results").inner_text().strip(), url
                    page.locator("#checklist button[type=reset]").click()
                    seen["checklists"] += 1
                badges = page.locator("[data-open-now]")
                if badges.count():
                    page.wait_for_selector("[data-open-now]:not([hidden]) .open-now-status strong", timeout=5000)
                    assert badges.first.inner_text().strip(), url
                    seen["badges"] += 1
                page.wait_for_timeout(50)  # let late reports arrive
        assert watch.violations == []
        assert watch.console == []
        # A redirect page leaves at once, cutting short its own icon's download: not a failure.
        assert [p for p in watch.log.problems() if not p.endswith("net::ERR_ABORTED")] == []
    finally:
        watch.close()
    return seen


def test_every_page_of_the_example_site_works_under_the_policy(browser, example_output):
    seen = _visit_every_page(browser, example_output)
    assert seen["pages"] == len(html_files(example_output))
    assert seen["checklists"] >= 1 and seen["badges"] >= 1


def test_redirect_pages_and_the_contact_form_work_under_the_policy(browser, aliased_output):
    seen = _visit_every_page(browser, aliased_output)
    assert seen["redirects"] == 4


def test_the_policy_is_really_enforced(browser, example_output):
    """The control: what the policy forbids is blocked and reported, so silence above means something."""
    watch = Watch(browser)
    try:
        with serve_directory(example_output, headers=read_headers_file(example_output / "_headers")) as base:
            watch.page.goto(base, wait_until="load")
            watch.page.evaluate("""() => {
                const s = document.createElement("script");
                s.textContent = "window.__ran = true";
                document.body.append(s);
                document.body.setAttribute("style", "color: red");
                const i = document.createElement("img");
                i.src = "https://tracker.example.net/pixel.gif";
                document.body.append(i);
            }""")
            watch.page.wait_for_timeout(200)
            assert watch.page.evaluate("() => window.__ran") is None
        directives = sorted({v.split(" ")[0] for v in watch.violations})
        assert directives == ["img-src", "script-src-elem", "style-src-attr"], watch.violations
    finally:
        watch.close()


def test_the_form_posts_to_its_service_and_nowhere_else(browser, aliased_output):
    watch = Watch(browser)
    posted = []

    def service(route):
        posted.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Thanks</title>")

    try:
        watch.page.route(f"{FORMS}/**", service)
        watch.page.route("https://elsewhere.test/**", service)
        with serve_directory(aliased_output, headers=read_headers_file(aliased_output / "_headers")) as base:
            page = watch.page
            for action, allowed in [(f"{FORMS}/f/contact", True), ("https://elsewhere.test/steal", False)]:
                page.goto(base + "contact/", wait_until="load")
                page.evaluate("a => { document.querySelector('form.contact-form').action = a; }", action)
                page.fill("#contact-name", "Sam")
                page.fill("#contact-reply", "sam@mail.test")
                page.click("form.contact-form button[type=submit]", no_wait_after=True)
                if allowed:
                    page.wait_for_url(action)
                else:
                    page.wait_for_timeout(500)
                assert (action in posted) == allowed, (action, posted)
        assert [v.split(" ")[0] for v in watch.violations] == ["form-action"], watch.violations
        assert "https://elsewhere.test/steal" in watch.violations[0]
    finally:
        watch.close()


def test_the_test_server_applies_headers_files_like_the_hosts(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "a.1234567890.css").write_text("p{}")
    rules = parse_headers(textwrap.dedent("""\
        # comment
        /*
          X-One: 1
        /assets/:file
          Cache-Control: public, max-age=31536000, immutable
          X-One: 2
        """))
    with serve_directory(tmp_path, headers=rules) as base:
        server = urllib.parse.urlsplit(base)
        for path, one, cache in [("/", "1", "no-store"), ("/assets/a.1234567890.css", "1, 2", "public, max-age=31536000, immutable"),
                                 ("/missing/", "1", "no-store")]:
            conn = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            assert (response.getheader("X-One"), response.getheader("Cache-Control")) == (one, cache), path
            conn.close()
