"""Every kind of file-system and encoding oddity, and inputs built to take time or memory, thrown
at `build`, `check`, `new` and `serve`.

For each: the exit code an editor should see, the exact `path:line: message` naming the file, no
traceback, no apology for an internal error ("Sorry: the generator itself failed"), and an end
within 20 s and 500 MB of address space (the command runs as a subprocess under those limits).
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from haven.markup import THEME_IDS
from haven.site import THEME_DIR
from helpers import MINIMAL_CONFIG, ROOT, TODAY, write_site

SECONDS = 20
MEMORY = 500 * 2**20
GOOD = {"content/articles/hello.md": "---\ntitle: Hello\ndate: 2026-01-05\nsummary: A first article.\n---\nA first article.\n"}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, cwd: Path | None = None, timeout: float = SECONDS) -> subprocess.CompletedProcess:
    """`python build.py ARGS` under the time and memory limits, as bytes decoded leniently."""
    started = time.monotonic()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd or ROOT, capture_output=True,
                            timeout=timeout, preexec_fn=_limits)
    result.seconds = time.monotonic() - started
    result.stdout = result.stdout.decode("utf-8", "replace")
    result.stderr = result.stderr.decode("utf-8", "replace")
    return result


def assert_honest(result: subprocess.CompletedProcess) -> None:
    text = result.stdout + result.stderr
    assert "Traceback" not in text, text
    assert "Sorry" not in text and "generator itself failed" not in text, text
    assert result.returncode >= 0, f"killed by signal {-result.returncode}: {text}"


def arg(path) -> str:
    return os.fsdecode(path)


def site_at(tmp_path: Path, files: dict | None = None) -> Path:
    return write_site(tmp_path / "site", {**GOOD, **(files or {})})


def art(front: str = "", body: str = "Some text.") -> str:
    return f"---\ntitle: T\ndate: 2026-01-05\nsummary: S.\n{front}\n---\n{body}\n"


# --- the file system ------------------------------------------------------------------------------

def _symlink_loop(site: Path) -> None:
    (site / "content/articles/a.md").symlink_to("b.md")
    (site / "content/articles/b.md").symlink_to("a.md")


def _dangling(site: Path) -> None:
    (site / "content/articles/gone.md").symlink_to("nowhere.md")


def _editors_own_files(site: Path) -> None:
    """What editors leave beside the file they have open: Emacs's lock (a link to nowhere while a
    buffer has unsaved changes) and autosave, backups, vim's swap file, Finder's and Explorer's files."""
    (site / "static").mkdir()
    for folder in ("content/articles", "static"):
        (site / folder / ".#hello.md").symlink_to("editor@laptop.4242:1733400000")
        for name in ("#hello.md#", "hello.md~", ".hello.md.swp", ".DS_Store", "Thumbs.db", "desktop.ini"):
            (site / folder / name).write_bytes(b"\x00scratch")


def _out_of_site_static(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static/passwd.txt").symlink_to("/etc/passwd")


def _out_of_site_content(site: Path) -> None:
    outside = site.parent / "outside.md"
    outside.write_text(art(), encoding="utf-8")
    (site / "content/articles/outside.md").symlink_to(outside)


def _out_of_site_theme_asset(site: Path) -> None:
    (site / "templates/assets").mkdir(parents=True)
    (site / "templates/assets/site.css").symlink_to("/etc/passwd")


def _folder_link(site: Path) -> None:
    (site / "content/pages").mkdir()
    (site / "content/pages/more").symlink_to(site / "content/articles")


def _link_inside(site: Path) -> None:
    (site / "drafts").mkdir()
    (site / "drafts/kept.md").write_text(art(), encoding="utf-8")
    (site / "content/articles/kept.md").symlink_to(site / "drafts/kept.md")


def _static_link_to_a_draft(site: Path) -> None:
    """A link in static/ to the site's own text: named .txt, it passes the check of static/'s
    extensions (no .md), and would publish a draft's words before the article is."""
    (site / "content/articles/next.md").write_text(art("draft: true"), encoding="utf-8")
    (site / "static").mkdir()
    (site / "static/next.txt").symlink_to("../content/articles/next.md")
    (site / "static/settings.txt").symlink_to("../site_config.yaml")


def _config_loop(site: Path) -> None:
    (site / "site_config.yaml").unlink()
    (site / "site_config.yaml").symlink_to("site_config.yaml")


def _config_folder(site: Path) -> None:
    (site / "site_config.yaml").unlink()
    (site / "site_config.yaml").mkdir()


def _articles_is_a_file(site: Path) -> None:
    for path in (site / "content/articles").iterdir():
        path.unlink()
    (site / "content/articles").rmdir()
    (site / "content/articles").write_text("not a folder", encoding="utf-8")


def _static_is_a_file(site: Path) -> None:
    (site / "static").write_text("not a folder", encoding="utf-8")


def _article_is_a_folder(site: Path) -> None:
    (site / "content/pages/about.md").mkdir(parents=True)


def _fifo(site: Path) -> None:
    os.mkfifo(site / "content/articles/pipe.md")


def _non_utf8_name(site: Path) -> None:
    with open(os.path.join(os.fsencode(site / "content/articles"), b"caf\xe9.md"), "wb") as file:
        file.write(art().encode())


def _non_utf8_static_name(site: Path) -> None:
    (site / "static").mkdir()
    with open(os.path.join(os.fsencode(site / "static"), b"\xff.png"), "wb") as file:
        file.write(b"\x89PNG")


def _control_character_name(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static/a\nb.txt").write_text("x", encoding="utf-8")


def _right_to_left_name(site: Path) -> None:
    (site / "content/articles/gpj.\u202eexe.md").write_text(art(), encoding="utf-8")


def _static_folder_out_of_site(site: Path) -> None:
    outside = site.parent / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret", encoding="utf-8")
    (site / "static").symlink_to(outside)


def _templates_dangling(site: Path) -> None:
    (site / "templates").symlink_to("nowhere")


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as file:
        file.truncate(size)  # a file that says it holds `size` bytes, on no disk space


def _huge_sparse_article(site: Path) -> None:
    _sparse(site / "content/articles/huge.md", 8 * 2**30)


def _huge_sparse_static(site: Path) -> None:
    _sparse(site / "static/video.mp4", 200 * 2**20)


def _big_static_page(site: Path) -> None:
    (site / "static").mkdir()
    (site / "static/old.html").write_text("<p>x</p>\n" * 400_000, encoding="utf-8")


FILE_SYSTEM = {
    "8-GB-article": (_huge_sparse_article, 1, [
        "content/articles/huge.md: error: is larger than 256 kB, more than any page needs; split it into several files "
        "(pictures and documents belong in static/, not in the text)"]),
    "200-MB-static-file": (_huge_sparse_static, 1, [
        "static/video.mp4: error: is larger than 100 MB, more than most hosts will serve (GitHub Pages refuses it); make it smaller"]),
    "3-MB-static-page": (_big_static_page, 1, [
        "static/old.html: error: is larger than 2 MB, more than a web page, drawing or stylesheet needs (every address in it "
        "is checked); make it smaller"]),
    "control-character-in-a-name": (_control_character_name, 1, [
        "static/a?b.txt: error: has an invisible or control character in its name (shown here with '?'); rename it using "
        "letters, digits and hyphens"]),
    "right-to-left-override-in-a-name": (_right_to_left_name, 1, [
        "content/articles/gpj.?exe.md: error: has an invisible or control character in its name (shown here with '?'); "
        "rename it using letters, digits and hyphens"]),
    "static-folder-links-out-of-the-site": (_static_folder_out_of_site, 1, [
        "static: error: is a symbolic link to '{elsewhere}', outside the site folder; nothing outside the site folder is "
        "published: copy the file into the site instead of linking to it"]),
    "templates-folder-link-to-nothing": (_templates_dangling, 1, [
        "templates: error: is a symbolic link to 'nowhere', which does not exist; remove the link, or put the file itself here"]),
    "symlink-loop": (_symlink_loop, 1, [
        "content/articles/a.md: error: is a symbolic link that leads round in a loop; replace it with the file itself",
        "content/articles/b.md: error: is a symbolic link that leads round in a loop; replace it with the file itself"]),
    "dangling-symlink": (_dangling, 1, [
        "content/articles/gone.md: error: is a symbolic link to 'nowhere.md', which does not exist; remove the link, or put the file itself here"]),
    "editors-own-files": (_editors_own_files, 0, []),
    "symlink-out-of-site-static": (_out_of_site_static, 1, [
        "static/passwd.txt: error: is a symbolic link to '/etc/passwd', outside the site folder; nothing outside the site folder "
        "is published: copy the file into the site instead of linking to it"]),
    "symlink-out-of-site-content": (_out_of_site_content, 1, [
        "content/articles/outside.md: error: is a symbolic link to '{outside}', outside the site folder; nothing outside the "
        "site folder is published: copy the file into the site instead of linking to it"]),
    "symlink-out-of-site-theme-asset": (_out_of_site_theme_asset, 1, [
        "templates/assets/site.css: error: is a symbolic link to '/etc/passwd', outside the site folder; nothing outside the "
        "site folder is published: copy the file into the site instead of linking to it"]),
    "symlink-to-a-folder": (_folder_link, 1, [
        "content/pages/more: error: is a symbolic link to a folder, which is not followed; move the folder here instead of linking to it"]),
    "symlink-inside-the-site": (_link_inside, 0, []),
    "symlink-from-static-to-the-sites-own-files": (_static_link_to_a_draft, 1, [
        "static/next.txt: error: is a symbolic link to 'content/articles/next.md', a file the site is made from, which "
        "static/ would publish as it is (a draft's text, the settings); remove the link",
        "static/settings.txt: error: is a symbolic link to 'site_config.yaml', a file the site is made from, which static/ "
        "would publish as it is (a draft's text, the settings); remove the link"]),
    "config-symlink-loop": (_config_loop, 1, [
        "site_config.yaml: error: is a symbolic link that leads round in a loop; replace it with the file itself"]),
    "config-is-a-folder": (_config_folder, 1, [
        "site_config.yaml: error: is a folder, but it must be the site's settings file; rename the folder"]),
    "articles-is-a-file": (_articles_is_a_file, 1, [
        "content/articles: error: is a file, but it must be a folder holding the site's articles; rename or remove the file"]),
    "static-is-a-file": (_static_is_a_file, 1, [
        "static: error: is a file, but it must be a folder holding the files to publish as they are; rename or remove the file"]),
    "article-is-a-folder": (_article_is_a_folder, 0, []),
    "fifo": (_fifo, 1, ["content/articles/pipe.md: error: is not a regular file (a pipe, socket or device); remove it"]),
    "non-utf8-file-name": (_non_utf8_name, 1, [
        "content/articles/caf?.md: error: has a name that is not valid UTF-8 text (shown here with '?'); rename it using letters, digits and hyphens"]),
    "non-utf8-static-name": (_non_utf8_static_name, 1, [
        "static/?.png: error: has a name that is not valid UTF-8 text (shown here with '?'); rename it using letters, digits and hyphens"]),
}


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", sorted(FILE_SYSTEM))
def test_file_system_oddities(tmp_path, case, command):
    make, code, expected = FILE_SYSTEM[case]
    site = site_at(tmp_path)
    make(site)
    result = run(command, "--source", arg(site), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == code, result.stderr
    lines = result.stderr.splitlines()
    for line in expected:
        assert line.format(outside=tmp_path / "outside.md", elsewhere=tmp_path / "elsewhere") in lines, result.stderr
    if command == "build" and code:
        assert not (site / "output").exists()
        assert "passwd" not in result.stdout


def test_a_symlink_out_of_the_site_is_never_published(tmp_path):
    site = site_at(tmp_path)
    _out_of_site_static(site)
    result = run("build", "--source", arg(site), "--today", TODAY.isoformat())
    assert result.returncode == 1
    assert not (site / "output/passwd.txt").exists()


def test_an_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("runs as root, who can read any file: the case is covered by a symbolic link loop, which no one can read")
    site = site_at(tmp_path, {"content/articles/secret.md": art()})
    (site / "content/articles/secret.md").chmod(0)
    result = run("build", "--source", arg(site), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == 1
    assert ("content/articles/secret.md: error: cannot be read (Permission denied); check that it is a normal file you are "
            "allowed to open") in result.stderr.splitlines()


# --- encodings and odd bytes ----------------------------------------------------------------------

ENCODING = {
    "bom": ({"content/articles/a.md": "\ufeff" + art()}, 0, []),
    "crlf": ({"content/articles/a.md": art("tags: [a, b]", "Line one.\n\nLine two.").replace("\n", "\r\n")}, 0, []),
    "crlf-config": ({"site_config.yaml": MINIMAL_CONFIG.replace("\n", "\r\n")}, 0, []),
    "not-utf8": ({"content/articles/a.md": art().encode() + b"caf\xe9\n"}, 1, [
        "content/articles/a.md:8: error: is not saved as UTF-8 text (byte 0xe9 on this line, often an accented letter or "
        "curly quote); re-save the file with UTF-8 encoding in your editor"]),
    "nul-in-body": ({"content/articles/a.md": art(body="Some\x00text.")}, 1, [
        "content/articles/a.md:7: error: contains a character that is not allowed in text (#x0000); delete it or retype that part"]),
    "nul-in-front-matter": ({"content/articles/a.md": art("author: A\x00B")}, 1, [
        "content/articles/a.md:5: error: contains a character that is not allowed in text (#x0000); delete it or retype that part"]),
    "nul-escape-in-front-matter": ({"content/articles/a.md": art('author: "A\\0B"')}, 1, [
        "content/articles/a.md:5: error: contains a character that is not allowed in text (#x0000); delete it or retype that part"]),
    "control-escape-in-config": ({"site_config.yaml": MINIMAL_CONFIG.replace(
        "description: Counseling for adults in Springfield.", 'description: "Counseling\\x1b for adults."')}, 1, [
        "site_config.yaml:5: error: contains a character that is not allowed in text (#x001b); delete it or retype that part"]),
    "unpaired-surrogate": ({"content/articles/a.md": art('author: "\\ud800"')}, 1, [
        "content/articles/a.md:5: error: contains a character that is not allowed in text (#xd800); delete it or retype that part"]),
    "surrogate-in-key": ({"content/articles/a.md": art('"\\udc80": x')}, 1, [
        "content/articles/a.md:5: error: contains a character that is not allowed in text (#xdc80); delete it or retype that part"]),
    "empty-file": ({"content/articles/a.md": ""}, 1, [
        "content/articles/a.md: error: is empty; write its content, or delete the file if it is not needed"]),
    "empty-config": ({"site_config.yaml": "\n"}, 1, [
        "site_config.yaml: error: is empty; it needs at least site, clinic, hours and crisis (see docs/errors.md for a minimal example)"]),
    "huge-file": ({"content/articles/a.md": art(body="word " * 60_000)}, 1, [
        "content/articles/a.md: error: is larger than 256 kB, more than any page needs; split it into several files (pictures "
        "and documents belong in static/, not in the text)"]),
    "long-slug": ({"content/articles/a.md": art("slug: " + "a" * 300)}, 1, [
        "content/articles/a.md:5: error: 'slug' is 300 characters long; a web address part may have at most 100, so shorten it"]),
    "long-file-name": ({"content/articles/" + "b" * 240 + ".md": art()}, 0, []),
    "long-alias": ({"content/articles/a.md": art("aliases: [/old/" + "x" * 300 + "/]")}, 1, [
        "content/articles/a.md:5: error: 'aliases[1]' has a part between two '/' longer than 200 characters, which no file "
        "can be named; got '/old/" + "x" * 300 + "/'"]),
    "tag-that-grows-in-its-address": ({"content/articles/a.md": art("tags: [" + "\u2167" * 90 + "]")}, 1, [
        "content/articles/a.md:5: error: tag '" + "\u2167" * 90 + "' makes a web address longer than 100 characters; shorten it"]),
    "tag-too-long-for-a-folder": ({"content/articles/a.md": art("tags: [" + "睡眠" * 35 + "]")}, 1, [
        "content/articles/a.md:5: error: tag '" + "睡眠" * 35 + "' makes a web address part of 210 bytes, more than the "
        "200 a folder name can safely have; shorten it"]),
    "long-tag": ({"content/articles/a.md": art("tags: [" + "t" * 300 + "]")}, 1, [
        "content/articles/a.md:5: error: 'tags[1]' is 300 characters long; a tag or category may have at most 100, so shorten it"]),
}


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", sorted(ENCODING))
def test_encoding_oddities(tmp_path, case, command):
    files, code, expected = ENCODING[case]
    site = site_at(tmp_path, files)
    result = run(command, "--source", arg(site), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == code, result.stderr
    for line in expected:
        assert line in result.stderr.splitlines(), result.stderr


def test_a_nul_byte_never_reaches_the_feed(tmp_path):
    """It used to build, with a feed.xml no reader could parse."""
    site = site_at(tmp_path, {"content/articles/a.md": art('summary: "x\\0y"'.replace("summary", "author"))})
    result = run("build", "--source", arg(site), "--today", TODAY.isoformat())
    assert result.returncode == 1 and not (site / "output").exists()


# --- inputs built to take time or memory -------------------------------------------------------------

def _laughs(levels: int) -> str:
    lines = ["unknown:", "  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


HEAVY = {
    "billion-laughs-under-an-unknown-key": ({"site_config.yaml": MINIMAL_CONFIG + _laughs(9)},
        "site_config.yaml:37: error: holds more than 100,000 values once each '*name' is replaced by the '&name' it refers "
        "to; use fewer '*name' references (or none)"),
    "billion-laughs-in-front-matter": ({"content/articles/a.md": art(_laughs(9).replace("unknown:", "author:"))},
        "content/articles/a.md:10: error: holds more than 100,000 values once each '*name' is replaced by the '&name' it "
        "refers to; use fewer '*name' references (or none)"),
    "deep-yaml-brackets": ({"site_config.yaml": MINIMAL_CONFIG + "x: " + "[" * 100_000 + "\n"},
        "site_config.yaml:1: error: is nested too deeply (more than 50 levels of lists or groups); simplify it"),
    "deep-yaml-indentation": ({"site_config.yaml": MINIMAL_CONFIG + "x:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 400))},
        "site_config.yaml:83: error: is nested too deeply (more than 50 levels of lists or groups), or a '*name' refers back "
        "to itself; simplify it"),
    "50000-brackets-on-one-line": ({"content/articles/a.md": art(body="[" * 50_000)},
        "content/articles/a.md:7: error: this paragraph holds more than 100 '[' and '<' (links, images, tags); split it with "
        "blank lines into shorter paragraphs"),
    "2000-level-nested-list": ({"content/articles/a.md": art(body="".join(" " * i + "- x\n" for i in range(2000)))},
        "content/articles/a.md: error: is larger than 256 kB, more than any page needs; split it into several files (pictures "
        "and documents belong in static/, not in the text)"),
    "200-level-nested-list": ({"content/articles/a.md": art(body="".join("  " * i + "- x\n" for i in range(200)))},
        "content/articles/a.md:48: error: is indented by 82 spaces on this line, more than the 80 any Markdown needs; remove "
        "the extra spaces"),
    "nested-list-on-one-line": ({"content/articles/a.md": art(body="- " * 5000 + "x")},
        "content/articles/a.md:7: error: nests lists or '>' quotes more than 10 levels deep on this line; flatten it (a reader "
        "cannot follow that many levels either)"),
    "2000-nested-quotes": ({"content/articles/a.md": art(body="> " * 2000 + "x")},
        "content/articles/a.md:7: error: nests lists or '>' quotes more than 10 levels deep on this line; flatten it (a reader "
        "cannot follow that many levels either)"),
    "deep-indentation": ({"content/articles/a.md": art(body="".join("    " * i + "!!! note\n" for i in range(200)))},
        "content/articles/a.md:28: error: is indented by 84 spaces on this line, more than the 80 any Markdown needs; remove the extra spaces"),
    "unclosed-tags": ({"content/articles/a.md": art(body="<a x\n\n" * 3000)},
        "content/articles/a.md:107: error: has more than 50 '<' followed by a letter and never closed by '>' (this is one); "
        "write '&lt;' for a '<' that does not start an HTML tag"),
    "emphasis-marks": ({"content/articles/a.md": art(body="*a" * 20_000)},
        "content/articles/a.md:7: error: this paragraph holds more than 1000 of '*', '_', '`', '&' and '\\'; split it with "
        "blank lines into shorter paragraphs"),
    "many-headings": ({"content/articles/a.md": art(body="## a\n\n" * 5000)},
        "content/articles/a.md:607: error: has more than 300 headings (this is one); split the text into several articles or pages"),
    "many-footnotes": ({"content/articles/a.md": art(body="".join(f"x[^{i}]\n\n[^{i}]: n\n\n" for i in range(2000)))},
        "content/articles/a.md:607: error: has more than 300 footnotes and references to them (this is one); split the text "
        "into several articles or pages"),
    "50000-brackets-in-settings-markdown": ({"site_config.yaml": MINIMAL_CONFIG.replace(
        '    postal_code: "62701"\n', '    postal_code: "62701"\n    directions: "' + "[" * 50_000 + '"\n')},
        "site_config.yaml:29: error: this paragraph holds more than 100 '[' and '<' (links, images, tags); split it with "
        "blank lines into shorter paragraphs"),
    "nested-lists-in-a-checklist": ({"content/checklists/c.yaml": "title: T\nintro: |\n" + "".join(
        "  " + "- " * 20 + "x\n" for _ in range(3)) + "items: []\n"},
        "content/checklists/c.yaml:3: error: nests lists or '>' quotes more than 10 levels deep on this line; flatten it (a "
        "reader cannot follow that many levels either)"),
    "3000-tags": ({"content/articles/a.md": art("tags: [" + ", ".join(f"tag{i}" for i in range(3000)) + "]")},
        "content/articles/a.md:5: error: 'tags' lists 3000 tags; an article may have at most 30, so keep the ones readers look for"),
    "2000-locations": ({"site_config.yaml": MINIMAL_CONFIG.replace("locations:\n", "locations:\n" + "".join(
        f"  - {{id: l{i}, name: L{i}, street: {i} Main St, city: X}}\n" for i in range(2000)))},
        "site_config.yaml:23: error: 'locations' lists 2001 locations; at most 100 are allowed, so keep the ones that matter most"),
    "huge-number": ({"site_config.yaml": MINIMAL_CONFIG.replace("copyright_start: 2020", "copyright_start: " + "9" * 5000)},
        "site_config.yaml:6: error: 'site.copyright_start' is too large a number, got '99999999999999999999...'"),
}


@pytest.mark.parametrize("case", sorted(HEAVY))
def test_inputs_that_would_take_too_long_are_refused_in_time(tmp_path, case):
    files, expected = HEAVY[case]
    site = site_at(tmp_path, files)
    result = run("build", "--source", arg(site), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr.splitlines(), result.stderr


# The heaviest Markdown that passes every limit, 250 kB of each shape: built in time, in memory.
WITHIN_LIMITS = {
    "brackets": ("[" * 100 + "\n\n"),
    "brackets-in-long-paragraphs": ("[" * 100 + " word" * 2000 + "\n\n"),
    "emphasis": ("*a" * 500 + "\n\n"),
    "nested-quotes": (">" * 10 + " x\n\n"),
    "nested-lists": "".join("  " * i + "- x\n" for i in range(10)) + "\n",
    "table-rows": "| [x](/) | *y* |\n",
}


@pytest.mark.parametrize("case", sorted(WITHIN_LIMITS))
def test_markdown_just_within_the_limits_builds_in_time(tmp_path, case):
    unit = WITHIN_LIMITS[case]
    body = ("| a | b |\n|---|---|\n" if case == "table-rows" else "") + unit * (250_000 // len(unit))
    site = site_at(tmp_path, {"content/articles/a.md": art(body=body)})
    result = run("build", "--source", arg(site), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == 0, result.stderr
    assert result.seconds < SECONDS


# --- settings that reached the pages unchecked ---------------------------------------------------------

SETTINGS = {
    "base-url-credentials": (("https://counseling.test/", "https://user:secret@counseling.test/"),
        "site_config.yaml:3: error: 'site.base_url' must not contain a user name or password (the part before '@'); they "
        "would be published, got 'https://user:secret@counseling.test/'"),
    "base-url-quote": (("https://counseling.test/", "'https://counseling.test/\"x/'"),
        "site_config.yaml:3: error: 'site.base_url' must not contain spaces, quotes, '<', '>' or '\\' (write a space as %20), "
        "got 'https://counseling.test/\"x/'"),
    "base-url-space": (("https://counseling.test/", "https://counseling.test/a b/"),
        "site_config.yaml:3: error: 'site.base_url' must not contain spaces, quotes, '<', '>' or '\\' (write a space as %20), "
        "got 'https://counseling.test/a b/'"),
    "base-url-port": (("https://counseling.test/", "https://counseling.test:99999/"),
        "site_config.yaml:3: error: 'site.base_url' has a port that does not exist (ports go from 1 to 65535), got "
        "'https://counseling.test:99999/'"),
    "base-url-scheme": (("https://counseling.test/", "javascript://counseling.test/"),
        "site_config.yaml:3: error: 'site.base_url' must be an absolute address starting with https://, like "
        "https://www.your-clinic.org/, got 'javascript://counseling.test/'"),
    "base-url-no-host": (("https://counseling.test/", "https:///clinic/"),
        "site_config.yaml:3: error: 'site.base_url' must name a host after https://, like https://www.your-clinic.org/, got "
        "'https:///clinic/'"),
    "crisis-phone-empty": (('  phone: "988"', '  phone: ""'),
        "site_config.yaml:31: error: 'crisis.phone' must be a phone number like \"+1 212-555-0100\", got ''"),
    "crisis-phone-words": (('  phone: "988"', '  phone: "call us"'),
        "site_config.yaml:31: error: 'crisis.phone' must be a phone number like \"+1 212-555-0100\", got 'call us'"),
    "time-zone-too-long": (("America/Chicago", "a" * 300),
        f"site_config.yaml:8: error: 'clinic.timezone' is not a time zone name: '{'a' * 300}'; use an IANA name such as America/New_York"),
    "language-with-a-quote": (("language: en", "language: 'en\" x=\"1'"),
        "site_config.yaml:4: error: 'site.language' must be a language code like en, es or zh-Hans, got 'en\" x=\"1'"),
    "copyright-start-absurd": (("copyright_start: 2020", "copyright_start: 10000"),
        "site_config.yaml:6: error: 'site.copyright_start' must be a year like 2020, got '10000'"),
}


@pytest.mark.parametrize("case", sorted(SETTINGS))
def test_settings_that_reached_the_pages_unchecked(tmp_path, case):
    (old, new), expected = SETTINGS[case]
    assert old in MINIMAL_CONFIG
    site = site_at(tmp_path, {"site_config.yaml": MINIMAL_CONFIG.replace(old, new, 1)})
    result = run("build", "--source", arg(site), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == 1
    assert expected in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize("url", ["https://a:b@preview.test/", "https://preview.test/a b/", "ftp://preview.test/",
                                 "https://preview.test:0/", "https://preview.test/?x=1"])
def test_a_bad_base_url_on_the_command_line_is_a_usage_error(tmp_path, url):
    site = site_at(tmp_path)
    result = run("build", "--source", arg(site), "--base-url", url)
    assert_honest(result)
    assert result.returncode == 2
    assert "argument --base-url: " in result.stderr and f"got '{url}'" in result.stderr
    assert not (site / "output").exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_absurd_today_is_a_usage_error(tmp_path, day):
    result = run("build", "--source", arg(site_at(tmp_path)), "--today", day)
    assert_honest(result)
    assert result.returncode == 2
    assert f"argument --today: must be a date between 1970 and 9000, got '{day}'" in result.stderr


def test_a_heading_never_takes_an_id_the_theme_uses(tmp_path):
    body = "## Main\n\nText.\n\n## Crisis\n\nMore.\n\n## Main content\n\nEnd.\n"
    site = site_at(tmp_path, {"content/articles/a.md": art(body=body)})
    result = run("build", "--source", arg(site), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    html = (site / "output/blog/a/index.html").read_text(encoding="utf-8")
    assert html.count('id="main"') == 1 and html.count('id="crisis"') == 1
    assert 'id="main-2"' in html and 'id="crisis-2"' in html and 'id="main-content"' in html


def test_the_theme_ids_a_heading_must_avoid_are_all_known():
    import re

    ids = {match for path in THEME_DIR.rglob("*.html")
           for match in re.findall(r'\bid="([^"{]+)"', path.read_text(encoding="utf-8"))}
    assert ids and ids <= THEME_IDS, sorted(ids - THEME_IDS)


# --- new -------------------------------------------------------------------------------------------

def test_new_with_a_very_long_title_makes_a_file_it_can_write(tmp_path):
    site = site_at(tmp_path)
    result = run("new", "word " * 100, "--source", arg(site))
    assert_honest(result)
    assert result.returncode == 0, result.stderr
    [made] = [p for p in (site / "content/articles").iterdir() if p.name.startswith("word")]
    assert len(made.stem) <= 100
    assert run("check", "--source", arg(site), "--drafts", "--today", TODAY.isoformat()).returncode == 0


@pytest.mark.parametrize("title", ["A\x01B", "caf\udce9"])
def test_new_refuses_a_title_that_is_not_text(tmp_path, title):
    site = site_at(tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "new", title, "--source", arg(site)],
                            capture_output=True, timeout=SECONDS, env={**os.environ, "PYTHONIOENCODING": "utf-8:surrogateescape"})
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2 and "error: the title contains a character that is not allowed in text" in stderr
    assert "Traceback" not in stderr and "Sorry" not in stderr


def test_new_with_backslashes_and_quotes_writes_valid_front_matter(tmp_path):
    site = site_at(tmp_path)
    assert run("new", 'Back\\slash "quoted"', "--source", arg(site)).returncode == 0
    text = (site / "content/articles/back-slash-quoted.md").read_text(encoding="utf-8")
    assert 'title: "Back\\\\slash \\"quoted\\""' in text
    assert run("check", "--source", arg(site), "--drafts", "--today", TODAY.isoformat()).returncode == 0


def test_new_where_the_articles_folder_is_a_file(tmp_path):
    site = site_at(tmp_path)
    _articles_is_a_file(site)
    result = run("new", "First visit", "--source", arg(site))
    assert_honest(result)
    assert result.returncode == 1
    assert result.stderr.startswith("content/articles/first-visit.md: error: cannot be written (")


def test_new_never_writes_through_a_dangling_link(tmp_path):
    site = site_at(tmp_path)
    (site / "content/articles/first-visit.md").symlink_to(tmp_path / "elsewhere.md")
    result = run("new", "First visit", "--source", arg(site))
    assert result.returncode == 1 and "already exists" in result.stderr
    assert not (tmp_path / "elsewhere.md").exists()


# --- serve -----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Serving:
    """`serve` running on a free port; stopped by its own process id."""

    def __init__(self, site: Path):
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--source", arg(site), "--port",
                                      str(self.port), "--today", TODAY.isoformat()],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + SECONDS
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("serve did not start")

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host or f'127.0.0.1:{self.port}'}\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        status = int(data.split(b" ", 2)[1])
        return status, data

    def stop(self) -> str:
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return out.decode("utf-8", "replace")


@pytest.fixture
def serving(tmp_path):
    server = Serving(site_at(tmp_path))
    yield server
    server.stop()


@pytest.mark.parametrize("path", ["/%00", "/a%00b/", "/%0a", "/%ff%fe", "/" + "a" * 300, "/..%2f..%2fetc/passwd"])
def test_serve_answers_odd_paths_cleanly(serving, path):
    status, data = serving.get(path)
    assert status in (400, 403, 404), data
    assert b"Traceback" not in data
    assert serving.get("/")[0] == 200  # and goes on serving
    assert b"root:" not in data


@pytest.mark.parametrize("host", ["evil.test", "evil.test:{port}", "127.0.0.1.nip.io:{port}", "127.0.0.1:1"])
def test_serve_answers_only_its_own_address(serving, host):
    status, data = serving.get("/", host=host.format(port=serving.port))
    assert status == 421, data
    assert b"<html" not in data


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}"])
def test_serve_answers_at_loopback_names(serving, host):
    assert serving.get("/", host=host.format(port=serving.port))[0] == 200


def test_serve_reports_errors_odd_paths_and_bad_ports(tmp_path):
    site = site_at(tmp_path)
    _symlink_loop(site)
    result = run("serve", "--source", arg(site), "--port", str(free_port()), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == 1
    assert "content/articles/a.md: error: is a symbolic link that leads round in a loop; replace it with the file itself" in result.stderr
    for port in ("70000", "0", "-1", "http"):
        result = run("serve", "--source", arg(site), "--port", port)
        assert result.returncode == 2, port
        assert f"argument --port: must be a port number from 1 to 65535 (like 8000), got '{port}'" in result.stderr


def test_serve_on_a_port_in_use_says_so_and_nothing_else(tmp_path):
    site = site_at(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--source", arg(site), "--port", str(port), "--today", TODAY.isoformat())
    assert_honest(result)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (f"error: port {port} is already in use, perhaps by another preview; stop that one, or "
                             f"choose another port, e.g. .venv/bin/python build.py serve --port 8000 --source {site} "
                             f"--today {TODAY.isoformat()}\n")  # (run again as proposed, it serves the same day)


def test_every_message_here_is_explained_in_the_editors_page():
    import re

    def norm(text: str) -> str:  # quoted values, numbers and a final ", got ..." are the case's own
        text = re.sub(r"(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])", "Q", text.replace("`", ""))
        text = re.sub(r"#x[0-9a-f]+", "#xH", re.sub(r"\b\d[\d,]*", "N", text))
        return " ".join(text.split())

    docs = norm((ROOT / "docs" / "errors.md").read_text(encoding="utf-8"))
    expected = [line for _, _, lines in FILE_SYSTEM.values() for line in lines]
    expected += [line for _, _, lines in ENCODING.values() for line in lines]
    expected += [line for _, line in HEAVY.values()] + [line for _, line in SETTINGS.values()]
    missing = set()
    for line in expected:
        message = re.sub(r"^[^ ]*?: (?:error: )?", "", line, count=1)  # without its "path:line: "
        first = re.sub(r"^Q |,? got Q$", "", norm(message).split(";")[0])
        if first not in docs:
            missing.add(first)
    assert not missing, "\n".join(sorted(missing))


def test_a_site_folder_whose_name_is_not_text_is_a_usage_error(tmp_path):
    odd = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    os.makedirs(odd)
    for command in (["build"], ["check"], ["new", "First visit"], ["serve"]):
        result = run(*command, "--source", os.fsdecode(odd))
        assert_honest(result)
        assert result.returncode == 2, command
        assert f"argument --source: the folder's full name is not valid UTF-8 text: '{tmp_path}/caf?'" in result.stderr


@pytest.mark.parametrize("option", ["--source", "--output"])
def test_a_folder_that_links_to_itself_is_a_usage_error(tmp_path, option):
    site = site_at(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    args = ["--source", arg(tmp_path / "loop")] if option == "--source" else ["--source", arg(site), "--output", arg(tmp_path / "loop")]
    result = run("build", *args)
    assert_honest(result)
    assert result.returncode == 2
    assert f"argument {option}: '{tmp_path / 'loop'}' is a symbolic link that leads round in a loop; name the folder itself" in result.stderr
