"""A new editor's first hour: the mistakes and surprises of issue 17, as an editor meets them.

Clock tests pin "now" as a value (cli.main(now=...)): 03:30 UTC on 2 December 2026 is 22:30 on
1 December in New York, the evening a machine whose clock is in UTC is a day ahead of the clinic.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest

try:  # tests/ as a package (`python -m pytest` from the repository root)
    from tests.helpers import MINIMAL_CONFIG, ROOT, write_site
except ImportError:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_CONFIG, ROOT, write_site  # type: ignore[no-redef]

from haven.cli import command_name, main
from haven.pipeline import build
from haven.problems import typed_command

NEW_YORK = MINIMAL_CONFIG.replace("timezone: America/Chicago", "timezone: America/New_York")
LATE_EVENING = dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC)  # 22:30 on 1 December in New York


def run(capsys, *args: str, now: dt.datetime = LATE_EVENING) -> tuple[int, list[str], str]:
    """The command line in this process, at `now`: (exit code, stderr lines, stdout)."""
    code = main(list(args), now=now)
    captured = capsys.readouterr()
    return code, captured.err.splitlines(), captured.out


def article(date: str, *, draft: bool = False, title: str = "First visit") -> str:
    return (f"---\ntitle: {title}\ndate: {date}\nsummary: What to expect.\n"
            f"{'draft: true' + chr(10) if draft else ''}---\nWhat to expect at a first visit.\n")


# --------------------------------------------------------------------------
# 1. One notion of "today": the clinic's calendar day
# --------------------------------------------------------------------------


def test_new_writes_the_clinics_date_late_in_the_new_york_evening(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    code, err, out = run(capsys, "new", "First visit", "--source", str(site))
    assert (code, err) == (0, [])
    assert "Preview it with: .venv/bin/python build.py serve" in out
    text = (site / "content/articles/first-visit.md").read_text(encoding="utf-8")
    assert "\ndate: 2026-12-01\n" in text  # the clinic's day, not the UTC machine's 2 December

    # Published as it is, the same evening, the article is on the site.
    (site / "content/articles/first-visit.md").write_text(text.replace("draft: true", "draft: false")
                                                          .replace("One or two sentences", "Two sentences")
                                                          .replace("Write the article here.", "Hello."),
                                                          encoding="utf-8")
    code, err, out = run(capsys, "build", "--source", str(site))
    assert code == 0, err
    assert not any("scheduled" in line for line in err)
    assert (site / "output/blog/first-visit/index.html").is_file()


def test_new_cuts_a_long_title_after_its_last_whole_word_that_fits(tmp_path, capsys):
    # The same rule as the name a build proposes for a file name too long (content.fit_slug).
    site = write_site(tmp_path / "site", {})
    title = " ".join(["Тревога"] * 15)
    assert run(capsys, "new", title, "--source", str(site))[0] == 0
    assert [p.name for p in (site / "content/articles").iterdir()] == ["-".join(["тревога"] * 12) + ".md"]


def test_new_on_a_machine_whose_clock_is_a_day_ahead_writes_the_clinics_date(tmp_path):
    """A real process in a zone 19 hours ahead of New York (most hours of the day, a day ahead)."""
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    zone = zoneinfo.ZoneInfo("America/New_York")
    before = dt.datetime.now(zone).date()
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "new", "First visit", "--source", str(site)],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "TZ": "Pacific/Kiritimati"})
    after = dt.datetime.now(zone).date()
    assert done.returncode == 0, done.stderr
    text = (site / "content/articles/first-visit.md").read_text(encoding="utf-8")
    assert any(f"\ndate: {day.isoformat()}\n" in text for day in {before, after}), text


def test_check_and_build_name_a_scheduled_article_and_its_day(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK,
                                          "content/articles/old.md": article("2026-11-01", title="Old"),
                                          "content/articles/first-visit.md": article("2026-12-02")})
    note = ("content/articles/first-visit.md:3: note: scheduled: appears on 2026-12-02 (left out until then; "
            "today in the clinic's time zone, America/New_York, is 2026-12-01)")
    code, err, out = run(capsys, "check", "--source", str(site), "--strict")
    assert (code, err) == (0, [note])  # intended, so not a mistake: --strict passes
    assert out.startswith("All good")

    code, err, _ = run(capsys, "build", "--source", str(site), "--strict")
    assert (code, err) == (0, [note])
    assert not (site / "output/blog/first-visit").exists()

    # The next morning in New York it is published, with no note.
    code, err, _ = run(capsys, "build", "--source", str(site), now=LATE_EVENING + dt.timedelta(hours=8))
    assert (code, err) == (0, [])
    assert (site / "output/blog/first-visit/index.html").is_file()


DRAFT_NOTE = ("content/articles/{}: note: draft: left out of the site (draft: true); the preview (serve) shows it; "
              "to publish it, change the line to draft: false or delete it")


def test_a_scheduled_draft_is_named_as_a_draft_and_as_scheduled_only_when_drafts_are_built(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK,
                                          "content/articles/old.md": article("2026-11-01", title="Old"),
                                          "content/articles/later.md": article("2027-01-04", draft=True)})
    assert run(capsys, "check", "--source", str(site))[:2] == (0, [DRAFT_NOTE.format("later.md:5")])
    code, err, _ = run(capsys, "check", "--source", str(site), "--drafts")
    assert code == 0
    assert err == ["content/articles/later.md:3: note: scheduled: appears on 2027-01-04 (left out until then; "
                   "today in the clinic's time zone, America/New_York, is 2026-12-01)"]


def test_the_preview_shows_a_scheduled_article_marked_as_scheduled(tmp_path):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK,
                                          "content/articles/old.md": article("2026-11-01", title="Old"),
                                          "content/articles/first-visit.md": article("2026-12-02")})
    result = build(site, tmp_path / "preview", drafts=True, preview=True, now=LATE_EVENING)  # as serve builds
    assert result.ok, result.problems
    assert [str(p) for p in result.problems if p.note] == [
        "content/articles/first-visit.md:3: note: scheduled: appears on 2026-12-02 (shown in this preview, "
        "marked as scheduled; today in the clinic's time zone, America/New_York, is 2026-12-01)"]
    page = (tmp_path / "preview/blog/first-visit/index.html").read_text(encoding="utf-8")
    assert "Scheduled: this article appears on the site on 2026-12-02" in page
    old = (tmp_path / "preview/blog/old/index.html").read_text(encoding="utf-8")
    assert "Scheduled:" not in old

    # The real build never shows it, and never says "Scheduled".
    result = build(site, tmp_path / "public", now=LATE_EVENING)
    assert result.ok
    assert not (tmp_path / "public/blog/first-visit").exists()
    assert "Scheduled:" not in (tmp_path / "public/blog/old/index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# 2. A missing or too old dependency says how to install it
# --------------------------------------------------------------------------

INSTALL_HINT = [
    "To install what the generator needs, run, in the folder that holds build.py (with --source, not always the site folder):",
    "  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
    "then run the generator with that Python:  .venv/bin/python build.py",
]


def test_python_without_the_dependencies_says_how_to_install_them(tmp_path):
    site = write_site(tmp_path / "site", {})
    # -S: this Python's site-packages (with jinja2 and the rest) are not on sys.path
    done = subprocess.run([sys.executable, "-S", str(ROOT / "build.py"), "check", "--source", str(site)],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": ""})
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == f"Haven needs the package 'jinja2', which this Python ({sys.executable}) does not have."
    assert lines[1:] == INSTALL_HINT
    assert "Traceback" not in done.stderr and "bug" not in done.stderr


def test_a_too_old_dependency_says_which_and_how_to_install(tmp_path):
    old = tmp_path / "old"  # a markdown 3.0 ahead of the installed one on sys.path
    (old / "markdown").mkdir(parents=True)
    (old / "markdown/__init__.py").write_text("", encoding="utf-8")
    (old / "markdown-3.0.dist-info").mkdir()
    (old / "markdown-3.0.dist-info/METADATA").write_text("Metadata-Version: 2.1\nName: Markdown\nVersion: 3.0\n",
                                                         encoding="utf-8")
    site = write_site(tmp_path / "site", {})
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--source", str(site)],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(old)})
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == f"Haven needs the package 'markdown' 3.10 or later; this Python ({sys.executable}) has 3.0."
    assert lines[1:] == INSTALL_HINT


def test_every_document_gives_the_command_that_works():
    """The README, the editors' guides and the settings file's own comment say `.venv/bin/python build.py`."""
    import re

    texts = {rel: (ROOT / rel).read_text(encoding="utf-8")
             for rel in ("README.md", "docs/editing.md", "docs/editing-checklists.md", "docs/errors.md", "site_config.yaml")}
    bare = {rel: re.findall(r"(?<![/\w])python3? build\.py[^\n]*", text) for rel, text in texts.items()}
    assert {rel: found for rel, found in bare.items() if found} == {}
    assert all(".venv/bin/python build.py" in text for text in texts.values())


# --------------------------------------------------------------------------
# 5. Mistakes that used to pass silently
# --------------------------------------------------------------------------


def test_tags_without_brackets_are_the_tags_meant_with_a_warning(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"content/articles/first-visit.md":
                                          "---\ntitle: First visit\ndate: 2026-11-02\nsummary: What to expect.\n"
                                          "tags: first visit, therapy\n---\nWhat to expect.\n"})
    code, err, _ = run(capsys, "build", "--source", str(site))
    assert code == 0
    assert err == ["content/articles/first-visit.md:5: warning: 'tags' has no square brackets, so it reads as one tag "
                   "'first visit, therapy'; it was read as 2 tags, as you probably meant: write tags: [first visit, therapy]",
                   "1 warning."]
    assert sorted(p.name for p in (site / "output/tags").iterdir() if p.is_dir()) == ["first-visit", "therapy"]


def test_curly_quotes_around_a_title_stay_out_of_the_heading(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"content/articles/first-visit.md":
                                          "---\ntitle: \u201cYour first visit\u201d\ndate: 2026-11-02\nsummary: What to expect.\n"
                                          "---\nWhat to expect.\n"})
    code, err, _ = run(capsys, "build", "--source", str(site))
    assert code == 0
    assert err[0] == ("content/articles/first-visit.md:2: warning: 'title' is wrapped in curly quotes, which would show "
                      "in the heading; they were left out: write title: Your first visit")
    page = (site / "output/blog/first-visit/index.html").read_text(encoding="utf-8")
    assert "<h1>Your first visit</h1>" in page or ">Your first visit</h1>" in page
    assert "\u201c" not in page and "\u201d" not in page


@pytest.mark.parametrize("written, title", [
    ('"\u201cTherapy: what to expect\u201d"', "Therapy: what to expect"),  # (as the colon's error says to write it)
    ('"\u201cSleep #1\u201d"', "Sleep #1"),
    ("\u201c[Draft] Anxiety\u201d", "[Draft] Anxiety"),
    ("\u201c2024\u201d", "2024"),
    ("\u201cA \\ and \"quotes\"\u201d", 'A \\ and "quotes"'),
])
def test_the_line_the_curly_quote_warning_proposes_reads_back_as_the_title(tmp_path, capsys, written, title):
    import yaml

    site = write_site(tmp_path / "site", {"content/articles/a.md": f"---\ntitle: {written}\ndate: 2026-11-02\n"
                                                                   "summary: What to expect.\n---\nText.\n"})
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 0, err
    proposed = err[0].split("they were left out: write ", 1)[1]
    assert yaml.safe_load(proposed) == {"title": title}
    (site / "content/articles/a.md").write_text(f"---\n{proposed}\ndate: 2026-11-02\nsummary: What to expect.\n---\nText.\n",
                                                encoding="utf-8")
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 0 and not [line for line in err if "a.md" in line], err


def test_the_untouched_scaffold_is_refused_when_published(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK,
                                          "content/articles/old.md": article("2026-11-01", title="Old")})
    assert run(capsys, "new", "Coping with the holidays", "--source", str(site))[0] == 0
    path = site / "content/articles/coping-with-the-holidays.md"
    # a draft may keep the example text
    assert run(capsys, "check", "--source", str(site))[:2] == (0, [DRAFT_NOTE.format("coping-with-the-holidays.md:7")])
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    code, err, _ = run(capsys, "build", "--source", str(site))
    assert code == 1
    assert err == [
        "content/articles/coping-with-the-holidays.md:4: error: still has the example summary that 'new' wrote; write one or "
        "two sentences of your own, or keep 'draft: true' until the article is ready",
        "content/articles/coping-with-the-holidays.md:9: error: still has the example text that 'new' wrote (\"Write the "
        "article here...\"); replace it with the article, or keep 'draft: true' until the article is ready",
        "2 errors.", "Nothing was written."]  # (a first build: there is no previous output to keep)
    assert not (site / "output").exists()


def test_a_closure_naming_a_location_with_a_space_lists_the_ids(tmp_path, capsys):
    config = MINIMAL_CONFIG.replace("    label: Christmas Day\n", "    label: Christmas Day\n    locations: [down town]\n")
    site = write_site(tmp_path / "site", {"site_config.yaml": config})
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert err[0] == ("site_config.yaml:20: error: closure on 2026-12-25 names location 'down town', which is not in "
                      "'locations' (ids: downtown); use one of those ids")


# --------------------------------------------------------------------------
# 4. YAML mistakes in the editor's words, on the right line
# --------------------------------------------------------------------------

YAML_MISTAKES = {
    "closing quote": ('title: "First visit\ndate: 2026-11-02\nsummary: "What to expect."',
                      "content/articles/a.md:2: error: the closing quote is missing: the \" in column 8 is never closed; "
                      "add \" at the end of the value"),
    "space after colon": ("title: First visit\ndate:2026-11-02",
                          "content/articles/a.md:3: error: a space is missing after the colon; write 'date: 2026-11-02'"),
    "colon in a value": ("title: Therapy: what to expect\ndate: 2026-11-02",
                         "content/articles/a.md:2: error: the value has a colon followed by a space (column 15), which starts a "
                         "new 'key: value'; put the whole value in double quotes: title: \"Therapy: what to expect\""),
    "indentation": ("title: First visit\n date: 2026-11-02",
                    "content/articles/a.md:3: error: the indentation does not line up: this line starts after 1 space, line 2 "
                    "after 0 spaces; the keys of one group must start in the same column (line it up with the key it "
                    "belongs beside)"),
    "list item under no key": ("title: First visit\ntags: first visit\n- therapy\ndate: 2026-11-02",
                               "content/articles/a.md:4: error: this list item ('- ...') is not under a key; put it right below "
                               "the key it belongs to (as in 'tags:' with '  - therapy' on the next line), or write the "
                               "list in brackets"),
    "unclosed list": ("title: First visit\ntags: [first visit, therapy\ndate: 2026-11-02",
                      "content/articles/a.md:3: error: the '[' in column 7 that starts a list is never closed; add ']' after its last item"),
}


def test_yaml_mistakes_are_named_as_the_editor_made_them(tmp_path, capsys):
    found = {}
    for name, (front, _expected) in YAML_MISTAKES.items():
        site = write_site(tmp_path / name.replace(" ", "-"), {"content/articles/a.md": f"---\n{front}\n---\nText.\n"})
        code, err, _ = run(capsys, "check", "--source", str(site))
        found[name] = err[0] if code == 1 else f"exit {code}"
    assert found == {name: expected for name, (_front, expected) in YAML_MISTAKES.items()}


# --------------------------------------------------------------------------
# 4. Each line says error: or warning:, errors first, coloured on a terminal only
# --------------------------------------------------------------------------

MIXED = {  # a warning in a file sorted before the error's
    "content/articles/a.md": "---\ntitle: A\ndate: 2026-11-02\n---\nText.\n",
    "content/articles/b.md": "---\ntitle: B\ndate: 2026-13-02\nsummary: B.\n---\nText.\n",
}
MIXED_LINES = [
    "content/articles/b.md:3: error: 'date' is not a real date: '2026-13-02'; check the month and the day (YYYY-MM-DD)",
    "content/articles/a.md:1: warning: has no 'summary:'; search results and lists will show the first paragraph "
    "instead. Add one or two sentences: summary: ...",
    "1 error, 1 warning.",
]


def test_each_line_is_labelled_and_errors_come_first(tmp_path, capsys):
    site = write_site(tmp_path / "site", MIXED)
    code, err, _ = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert err == MIXED_LINES


def _on_a_terminal(site: Path, **env: str) -> str:
    """stderr of `check` run with a pseudo-terminal as its stderr, as in an editor's terminal window."""
    import pty

    leader, follower = pty.openpty()
    try:
        subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--source", str(site)],
                       stdout=subprocess.DEVNULL, stderr=follower, timeout=120,
                       env={**{k: v for k, v in os.environ.items() if k != "NO_COLOR"}, "TERM": "xterm", **env})
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end is closed: all is read
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)


def test_a_terminal_shows_the_labels_in_colour_unless_no_color(tmp_path):
    site = write_site(tmp_path / "site", MIXED)
    coloured = _on_a_terminal(site).splitlines()
    assert coloured[0].startswith("content/articles/b.md:3: \x1b[1;31merror:\x1b[0m 'date' is not a real date")
    assert coloured[1].startswith("content/articles/a.md:1: \x1b[1;33mwarning:\x1b[0m has no 'summary:'")
    assert _on_a_terminal(site, NO_COLOR="1").splitlines()[:3] == MIXED_LINES
    piped = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--source", str(site)],
                           capture_output=True, text=True, timeout=120, env={**os.environ, "TERM": "xterm"})
    assert piped.stderr.splitlines()[:3] == MIXED_LINES  # not a terminal: no colour codes


# --------------------------------------------------------------------------
# 6. `new`: only in a site folder, under an address no other article has
# --------------------------------------------------------------------------


def test_new_where_there_is_no_site_creates_nothing(tmp_path, capsys, monkeypatch):
    mistyped = tmp_path / "sitee"  # a folder, but not the site's (one that does not exist: test_errors)
    mistyped.mkdir()
    code, err, _out = run(capsys, "new", "Holiday hours", "--source", str(mistyped))
    assert (code, err) == (1, [f"site_config.yaml: error: not found in {mistyped}: that is not a site folder, so nothing "
                               "was created; check the folder named after --source (it must be the one holding "
                               "site_config.yaml)"])
    monkeypatch.chdir(tmp_path)
    code, err, _out = run(capsys, "new", "Holiday hours")
    assert (code, err) == (1, [f"site_config.yaml: error: not found in the current folder ({tmp_path}): that is not a "
                               "site folder, so nothing was created; run the command in the site's folder (the one "
                               "holding site_config.yaml), or name that folder with --source DIR"])
    assert list(tmp_path.iterdir()) == [mistyped] and list(mistyped.iterdir()) == []


def test_a_title_in_another_script_keeps_its_letters_in_the_file_name(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    code, err, out = run(capsys, "new", "睡眠与情绪", "--source", str(site))
    assert (code, err) == (0, [])
    assert 'title: "睡眠与情绪"' in (site / "content/articles/睡眠与情绪.md").read_text(encoding="utf-8")
    assert "no letters" not in out
    code, err, _out = run(capsys, "new", "睡眠与情绪", "--source", str(site))  # the same title again
    assert (code, err) == (1, ["content/articles/睡眠与情绪.md: error: already exists; choose another title or edit that file"])
    assert run(capsys, "check", "--source", str(site), "--drafts")[0] == 0
    assert run(capsys, "build", "--source", str(site), "--drafts", "--output", str(tmp_path / "out"))[0] == 0
    assert (tmp_path / "out/blog/睡眠与情绪/index.html").is_file()


@pytest.mark.parametrize(("language", "opening", "category"), [
    ("zh-Hant", "請在這裡撰寫文章。", "小貼士"),
    ("zh-TW", "請在這裡撰寫文章。", "小貼士"),  # (the theme's Traditional words)
    ("zh-CN", "请在这里撰写文章。", "小贴士"),
    ("es", "Escriba aquí el artículo.", "Consejos"),
    ("en", "Write the article here.", "Tips"),
    ("fr", "Write the article here.", "Tips"),  # (a language the theme has no words for: English)
])
def test_new_writes_its_example_text_in_the_sites_default_language(tmp_path, capsys, language, opening, category):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK.replace("  language: en\n",
                                                                               f"  language: {language}\n")})
    assert run(capsys, "new", "睡眠與情緒", "--source", str(site))[:2] == (0, [])
    text = (site / "content/articles/睡眠與情緒.md").read_text(encoding="utf-8")
    front, body = text.removeprefix("---\n").split("\n---\n")
    assert [line.split(":")[0] for line in front.splitlines()] == ["title", "date", "summary", "category", "tags", "draft"]
    assert body.startswith(opening)
    # (the category is shown on the site as written: a Spanish blog's first draft is not filed under 'Tips')
    assert f"\ncategory: {category}\n" in text
    if opening != "Write the article here.":
        assert [english for english in ("One or two sentences", "Write the article", "change to false", "Tips")
                if english in text] == []


def test_new_has_example_text_in_every_language_the_theme_has_words_for():
    from haven.catalogue import shipped_languages
    from haven.content import NEW_ARTICLE_TEXT

    assert sorted(NEW_ARTICLE_TEXT) == sorted(shipped_languages())


def test_new_on_a_chinese_site_whose_settings_have_an_error_still_writes_chinese(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK.replace("  language: en\n", "  language: zh-Hant\n")
                                                                      .replace('friday: "09:00-15:00"', "friday: 3")})
    code, err, _out = run(capsys, "new", "睡眠與情緒", "--source", str(site))
    assert code == 0 and len(err) == 1
    assert "\n請在這裡撰寫文章。" in (site / "content/articles/睡眠與情緒.md").read_text(encoding="utf-8")


def test_a_chinese_drafts_example_text_shows_in_its_preview_and_is_refused_once_published(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK.replace("  language: en\n",
                                                                               "  language: zh-Hant\n")})
    assert run(capsys, "new", "睡眠與情緒", "--source", str(site))[:2] == (0, [])
    assert run(capsys, "build", "--drafts", "--source", str(site))[0] == 0
    html = (site / "output/blog/睡眠與情緒/index.html").read_text(encoding="utf-8")
    assert "之後每一節的標題以 <code>##</code> 加一個空格開頭，例如 <code>## 就診之前</code>。</p>" in html  # noqa: RUF001
    path = site / "content/articles/睡眠與情緒.md"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true", "draft: false"), encoding="utf-8")
    code, err, _out = run(capsys, "check", "--source", str(site))
    assert code == 1
    assert err[:2] == [
        "content/articles/睡眠與情緒.md:4: error: still has the example summary that 'new' wrote; write one or two "
        "sentences of your own, or keep 'draft: true' until the article is ready",
        "content/articles/睡眠與情緒.md:9: error: still has the example text that 'new' wrote (\"請在這裡撰寫文章...\"); "
        "replace it with the article, or keep 'draft: true' until the article is ready"]


def test_titles_without_letters_on_one_day_get_a_dated_name_each(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    assert run(capsys, "new", "💙", "--source", str(site))[:2] == (0, [])
    code, err, out = run(capsys, "new", "🌙 ✨", "--source", str(site))
    assert (code, err) == (0, [])
    assert out.startswith("The title has no letters or digits for a web address; using 'article-2026-12-01-2'.")
    assert 'title: "🌙 ✨"' in (site / "content/articles/article-2026-12-01-2.md").read_text(encoding="utf-8")
    assert run(capsys, "check", "--source", str(site), "--drafts")[0] == 0


def test_new_refuses_an_address_another_article_has(tmp_path, capsys):
    site = write_site(tmp_path / "site", {
        "site_config.yaml": NEW_YORK,
        "content/articles/telehealth-sessions.md": article("2026-11-01", title="Telehealth").replace(
            "---\nWhat", "slug: video-sessions\n---\nWhat"),
        "content/articles/2025/online-therapy.md": article("2025-05-01", title="Online therapy"),
        "content/articles/broken.md": "---\ntitle: [video-sessions\n---\nvideo-sessions\n",  # read without a fuss
    })
    code, err, _out = run(capsys, "new", "Video sessions", "--source", str(site))
    assert (code, err) == (1, ["content/articles/video-sessions.md: error: would have the address /blog/video-sessions/, "
                               "which content/articles/telehealth-sessions.md already uses; choose another title, or "
                               "edit that article"])
    code, err, _out = run(capsys, "new", "Online therapy", "--source", str(site))
    assert (code, err) == (1, ["content/articles/online-therapy.md: error: would have the address /blog/online-therapy/, "
                               "which content/articles/2025/online-therapy.md already uses; choose another title, or "
                               "edit that article"])
    assert sorted(p.name for p in (site / "content/articles").iterdir()) == ["2025", "broken.md", "telehealth-sessions.md"]


def test_new_refuses_an_address_another_article_or_page_redirects_from(tmp_path, capsys):
    site = write_site(tmp_path / "site", {
        "site_config.yaml": NEW_YORK,
        "content/articles/telehealth.md": article("2026-11-01", title="Telehealth").replace(
            "---\nWhat", "aliases: [/blog/video-sessions/]\n---\nWhat"),
        "content/pages/fees.md": "---\ntitle: Fees\naliases:\n  - /blog/what-it-costs\n---\nOur fees.\n",
    })
    code, err, _out = run(capsys, "new", "Video sessions", "--source", str(site))
    assert (code, err) == (1, ["content/articles/video-sessions.md: error: would have the address /blog/video-sessions/, "
                               "which content/articles/telehealth.md (as an old address in its 'aliases') already "
                               "uses; choose another title, or edit that article"])
    code, err, _out = run(capsys, "new", "What it costs", "--source", str(site))
    assert (code, err) == (1, ["content/articles/what-it-costs.md: error: would have the address /blog/what-it-costs/, "
                               "which content/pages/fees.md (as an old address in its 'aliases') already uses; choose "
                               "another title, or edit that article"])
    assert sorted(p.name for p in (site / "content/articles").iterdir()) == ["telehealth.md"]


def test_new_says_how_to_preview_the_site_it_wrote_into(tmp_path, capsys):
    site = write_site(tmp_path / "my site", {"site_config.yaml": NEW_YORK})
    code, _err, out = run(capsys, "new", "First visit", "--source", str(site))
    assert code == 0
    command = "haven" if command_name() == "haven" else ".venv/bin/python build.py"  # (as pytest was started)
    assert out == f'Created content/articles/first-visit.md (a draft). Preview it with: {command} serve --source "{site}"\n'


@pytest.mark.parametrize(("started_as", "typed"), [("/clinic/.venv/bin/haven", "/clinic/.venv/bin/haven"),
                                                   ("build.py", ".venv/bin/python build.py")])
def test_serve_on_a_port_in_use_proposes_the_command_as_it_was_started(tmp_path, capsys, monkeypatch, started_as,
                                                                       typed):
    """An installed haven has no build.py: the hint names the command the editor can run again."""
    import socket

    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    monkeypatch.setattr(sys, "argv", [started_as])
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err, _out = run(capsys, "serve", "--source", str(site), "--port", str(port))
    assert (code, err) == (2, [f"error: port {port} is already in use, perhaps by another preview; stop that one, "
                               f"or choose another port, e.g. {typed} serve --port 8000 --source {site}"])


def test_serve_on_a_port_in_use_proposes_the_same_preview_on_another_port(tmp_path, capsys):
    """--no-drafts and --today are kept in the command proposed, as --source is."""
    import socket

    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err, _out = run(capsys, "serve", "--source", str(site), "--port", str(port), "--no-drafts",
                              "--today", "2026-12-24")
    assert code == 2 and err[-1].endswith(f"e.g. {typed_command()} serve --port 8000 --source {site} --no-drafts "
                                          "--today 2026-12-24")


def test_serve_on_a_port_in_use_in_the_site_folder_proposes_no_source(tmp_path, capsys, monkeypatch):
    import socket

    monkeypatch.chdir(write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK}))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err, _out = run(capsys, "serve", "--port", str(port))
    assert code == 2 and err[-1].endswith(f"or choose another port, e.g. {typed_command()} serve --port 8000")


@pytest.mark.parametrize("on_path", [True, False])
def test_new_proposes_haven_as_typed_when_its_folder_is_not_on_the_path(tmp_path, capsys, monkeypatch, on_path):
    """`.venv/bin/haven new "Title"` in a virtual environment not activated: `haven serve` would
    not be found; the hint repeats the command as it was started."""
    bin_folder = tmp_path / "venv" / "bin"
    bin_folder.mkdir(parents=True)
    (bin_folder / "haven").write_text("#!/bin/sh\n", encoding="utf-8")
    (bin_folder / "haven").chmod(0o755)
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    monkeypatch.chdir(site)
    monkeypatch.setattr(sys, "argv", [str(bin_folder / "haven") if on_path else "../venv/bin/haven"])
    monkeypatch.setenv("PATH", str(bin_folder) if on_path else str(tmp_path))
    code, _err, out = run(capsys, "new", "First visit")
    typed = "haven" if on_path else "../venv/bin/haven"
    assert (code, out) == (0, f"Created content/articles/first-visit.md (a draft). Preview it with: {typed} serve\n")


def test_a_title_of_several_words_without_quotes_says_to_quote_it(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    with pytest.raises(SystemExit) as stopped:
        main(["new", "How", "to", "sleep", "--source", str(site)], now=LATE_EVENING)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (f'{command_name()} new: error: unrecognized arguments: to sleep; a '
                                                        'title of several words goes in quotes: new "How to sleep"')
    assert not (site / "content/articles").exists()


@pytest.mark.parametrize(("typed", "hint"), [
    (["chek"], "; did you mean 'check'?"),
    (["sevre", "--port", "8001"], "; did you mean 'serve'?"),
    (["publish"], ""),
])
def test_a_mistyped_command_is_named_as_one(tmp_path, capsys, monkeypatch, typed, hint):
    """Not "unrecognized arguments" of the build it was taken for (a word where the command goes
    means `build`'s first argument to argparse), and nothing is built."""
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    monkeypatch.chdir(site)
    with pytest.raises(SystemExit) as stopped:
        main(typed, now=LATE_EVENING)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{command_name()}: error: unrecognized arguments: {' '.join(typed)}; '{typed[0]}' is not a command: the "
        f"commands are build, serve, check and new{hint}")
    assert not (site / "output").exists()


@pytest.mark.parametrize("typed", [["site"], ["build", "site"], ["check", "site"], ["serve", "site"]])
def test_a_site_folder_named_without_source_is_pointed_at_source(tmp_path, capsys, monkeypatch, typed):
    """`haven build site` names the folder, not a command: the hint says how to name it, and
    nothing is built."""
    write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(typed, now=LATE_EVENING)
    assert stopped.value.code == 2
    command = typed[0] if len(typed) == 2 else "build"
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{command_name()} {command}: error: unrecognized arguments: site; name the site folder with --source: "
        f"{typed_command()} {command} --source site")
    assert not (tmp_path / "site" / "output").exists()


def test_a_folder_that_is_not_a_site_is_not_proposed_as_source(tmp_path, capsys, monkeypatch):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    (site / "output").mkdir()
    monkeypatch.chdir(site)
    with pytest.raises(SystemExit) as stopped:
        main(["build", "output"], now=LATE_EVENING)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"{command_name()} build: error: unrecognized arguments: output"


@pytest.mark.parametrize(("typed", "hint"), [
    (["build", "--ouput", "public"], "did you mean --output? "),
    (["--sorce", "site"], "did you mean --source? "),
    (["serve", "--prot", "8001"], "did you mean --port? "),
    (["check", "-x"], ""),
])
def test_a_mistyped_option_is_named_with_the_one_meant(tmp_path, capsys, monkeypatch, typed, hint):
    write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(typed, now=LATE_EVENING)
    assert stopped.value.code == 2
    command = typed[0] if typed[0] in ("build", "check", "serve") else "build"
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{command_name()} {command}: error: unrecognized arguments: {' '.join(typed[typed[0] == command:])}; {hint}"
        f"{typed_command()} {command} --help lists the options of {command}")
    assert not (tmp_path / "site" / "output").exists()


def test_an_option_mistake_shows_the_commands_usage_not_the_list_of_commands(tmp_path, capsys, monkeypatch):
    """`build --ouput x` is a mistake in build's options: the usage line shown is build's."""
    monkeypatch.chdir(write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK}))
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--ouput", "x"], now=LATE_EVENING)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: {command_name()} build [-h] [--source DIR]")
    assert "{build," not in err


@pytest.mark.parametrize(("typed", "said"), [
    (["build", "--drafts=yes"], "build: error: argument --drafts: takes no value, got 'yes'; write --drafts alone"),
    (["--draft=yes"], "build: error: argument --drafts: takes no value, got 'yes'; write --drafts alone"),
    (["serve", "--no-drafts=true"], "serve: error: argument --no-drafts: takes no value, got 'true'; write --no-drafts "
                                    "alone"),
])
def test_a_value_given_to_a_switch_says_it_takes_none(tmp_path, capsys, monkeypatch, typed, said):
    """Not argparse's "ignored explicit argument 'yes'"; and nothing is built."""
    monkeypatch.chdir(write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK}))
    with pytest.raises(SystemExit) as stopped:
        main(typed, now=LATE_EVENING)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == f"{command_name()} {said}, or leave it out"
    assert not (tmp_path / "site" / "output").exists()


def test_builds_help_says_where_the_output_goes_by_default(capsys):
    """Not "default: DIR/output" beside "--output DIR", which reads as output/output."""
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--output DIR where to write the site (default: output/ in the site folder)" in help_text
    # `--source clinic-site --output public` writes public/ beside clinic-site/, not in it
    assert ("a folder named here is taken from the current folder, as --source is, not from the site folder"
            in help_text)


def test_version_after_a_command_says_where_it_goes(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["build", "--version"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"{command_name()} build: error: unrecognized arguments: --version; --version goes before any command: "
        f"{typed_command()} --version")


def test_new_on_settings_that_do_not_parse_writes_the_draft_and_points_at_the_error(tmp_path, capsys):
    # The draft is safe to write (it is not published); its date is this computer's day, as the
    # clinic's time zone cannot be read, and the editor is told both.
    broken = NEW_YORK.replace("  title: Quiet Harbor Counseling\n", '  title: "Quiet Harbor Counseling\n')
    site = write_site(tmp_path / "site", {"site_config.yaml": broken})
    code, err, out = run(capsys, "new", "First visit", "--source", str(site))
    day = LATE_EVENING.astimezone().date().isoformat()  # (the machine's zone: the test's TZ)
    assert code == 0 and out.startswith("Created content/articles/first-visit.md (a draft).")
    assert err == [
        "site_config.yaml:2: warning: the site's settings have an error here, which build and check will stop at until "
        "it is fixed: the closing quote is missing: the \" in column 10 is never closed; add \" at the end of the value",
        f"The article is dated {day}, this computer's day: the clinic's time zone (clinic.timezone) could not be read. "
        "Check the date once the settings are fixed."]
    assert f"\ndate: {day}\n" in (site / "content/articles/first-visit.md").read_text(encoding="utf-8")
    assert run(capsys, "check", "--source", str(site))[1][0].startswith("site_config.yaml:2: error: the closing quote")


def test_new_on_settings_with_an_error_elsewhere_still_dates_the_draft_in_the_clinics_time_zone(tmp_path, capsys):
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK.replace('monday: "09:00-17:00"', 'monday: "9-5"')
                                                                      .replace('friday: "09:00-15:00"', "friday: 3")})
    code, err, _out = run(capsys, "new", "First visit", "--source", str(site))
    assert code == 0
    assert len(err) == 1 and err[0].startswith("site_config.yaml:12: warning: the site's settings have an error here, "
                                               "which build and check will stop at until it is fixed: ")
    assert err[0].endswith(" (and 1 more error: run check to see them all)")
    assert "\ndate: 2026-12-01\n" in (site / "content/articles/first-visit.md").read_text(encoding="utf-8")


def test_a_new_drafts_example_text_reads_rightly_in_its_preview(tmp_path, capsys):
    # The heading mark is shown as code, not in quotes: a quote after a space opens, so '## ' showed two opening quotes.
    site = write_site(tmp_path / "site", {"site_config.yaml": NEW_YORK})
    assert run(capsys, "new", "First visit", "--source", str(site))[0] == 0
    assert run(capsys, "build", "--drafts", "--source", str(site))[0] == 0
    html = (site / "output/blog/first-visit/index.html").read_text(encoding="utf-8")
    assert ("<p>Write the article here. Start with a short paragraph; then begin each section’s heading with "
            "<code>##</code> and a space, as in <code>## Before your visit</code>.</p>") in html
    assert "\u2018##" not in html  # (an opening single quote)
