"""The parts with rules, one rule at a time: hours, slugs, config validation, front matter
dates, checklist bands.

Through the package's public functions (haven.config.load_config, haven.hours,
haven.content.slugify) on tiny site folders, or through the command line as an editor runs
it (haven.pipeline.build with no output is what `check` runs). Messages are asserted by what an editor needs from them — the file, the line, the key,
the value found and the fix or suggestion — rather than word for word where the wording is
still being polished (tests/test_errors.py pins the exact sentences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

try:  # pytest's default import mode puts tests/ itself on sys.path
    from helpers import MINIMAL_CONFIG, MINIMAL_HOURS, TODAY, run_cli
except ImportError:  # tests/ imported as a package
    from tests.helpers import MINIMAL_CONFIG, MINIMAL_HOURS, TODAY, run_cli  # type: ignore[no-redef]

from haven.config import load_config
from haven.content import slugify
from haven.hours import opening_hours_spec, parse_span, week_in_words, week_rows
from haven.pipeline import build


def config_with(make_site, config: str):
    """load_config on a site folder holding `config`; returns (config or None, problems as text)."""
    site = make_site({"site_config.yaml": config})
    loaded, problems = load_config(site)
    return loaded, [str(p) for p in problems]


def errors_of(problems: list[str]) -> list[str]:
    return [p for p in problems if ": warning: " not in p]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the nth line of `text` containing `needle`."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= nth, needle
    return hits[nth - 1]


def assert_refused(make_site, text: str, message: str) -> None:
    """A config `text` does not load, and `message` is one of its problems."""
    config, problems = config_with(make_site, text)
    assert config is None
    assert message in problems, problems


def the_one_error(make_site, text: str, needle: str, nth: int = 1, starts: str = "") -> str:
    """The one error of a config `text` that does not load, checked to name the nth line with `needle`
    and to begin with `starts`."""
    config, problems = config_with(make_site, text)
    assert config is None
    [problem] = errors_of(problems)
    assert problem.startswith(f"site_config.yaml:{line_of(text, needle, nth)}: error: {starts}"), problem
    return problem


def week(make_site, **days: str):
    """The weekly schedule from a config whose hours are MINIMAL_CONFIG's with `days` replaced."""
    lines = ["hours:"]
    defaults = {"monday": '"09:00-17:00"', "tuesday": '"09:00-17:00"', "wednesday": '"09:00-17:00"',
                "thursday": '"09:00-17:00"', "friday": '"09:00-17:00"', "saturday": "closed", "sunday": "closed"}
    defaults.update(days)
    lines += [f"  {day}: {value}" for day, value in defaults.items()]
    config, problems = config_with(make_site, MINIMAL_CONFIG.replace(MINIMAL_HOURS, "\n".join(lines) + "\n"))
    assert config is not None, problems
    return config.hours


def hours_error(make_site, value: str) -> tuple[str, int]:
    """The one error for `monday: value`, and the line monday is on."""
    text = MINIMAL_CONFIG.replace('  monday: "09:00-17:00"', f"  monday: {value}")
    config, problems = config_with(make_site, text)
    assert config is None
    errors = errors_of(problems)
    assert len(errors) == 1, errors
    return errors[0], line_of(text, "  monday:")


# =========================================================================================
# Hours
# =========================================================================================

@pytest.mark.parametrize("text, start, end", [
    ("09:00-17:00", 9 * 60, 17 * 60),
    ("9:00-17:00", 9 * 60, 17 * 60),
    ("09:00 - 17:30", 9 * 60, 17 * 60 + 30),
    ("09:00–17:00", 9 * 60, 17 * 60),  # an en dash, as word processors write it
    ("00:00-24:00", 0, 24 * 60),
    ("18:00-24:00", 18 * 60, 24 * 60),
])
def test_a_range_parses(text, start, end):
    span, message = parse_span(text)
    assert message is None
    assert (span.start, span.end) == (start, end)


@pytest.mark.parametrize("text, why", [
    ("17:00-09:00", "closes before it opens"),
    ("09:00-09:00", "closes before it opens"),
    ("25:00-26:00", "does not exist"),
    ("09:60-17:00", "does not exist"),
    ("09:00-24:30", "does not exist"),
    ("24:00-24:00", ""),
    ("9am-5pm", "09:00-17:00"),
    ("09:00", "09:00-17:00"),
])
def test_a_bad_range_is_refused_with_the_reason(text, why):
    span, message = parse_span(text)
    assert span is None and message
    assert why in message
    assert text in message


def test_closed_and_lists_of_ranges(make_site):
    hours = week(make_site, monday="Closed", wednesday='["08:00-12:00", "13:00-19:00"]')
    rows = dict(week_rows(hours))
    assert rows["Monday"] == "Closed"
    assert rows["Wednesday"] == "8:00\u00a0am – 12:00\u00a0pm, 1:00\u00a0pm – 7:00\u00a0pm"


def test_ranges_that_touch_are_not_overlapping(make_site):
    hours = week(make_site, monday='["09:00-12:00", "12:00-17:00"]')
    assert dict(week_rows(hours))["Monday"] == "9:00\u00a0am – 12:00\u00a0pm, 12:00\u00a0pm – 5:00\u00a0pm"


def test_overlapping_ranges_are_an_error(make_site):
    message, line = hours_error(make_site, '["09:00-12:00", "11:00-13:00"]')
    assert message.startswith(f"site_config.yaml:{line}: error: 'hours.monday' ")
    assert "overlap" in message
    assert "9:00 am – 12:00 pm" in message and "11:00 am – 1:00 pm" in message


def test_end_before_start_is_an_error_on_its_line(make_site):
    message, line = hours_error(make_site, '"17:00-09:00"')
    assert message.startswith(f"site_config.yaml:{line}: error: 'hours.monday' ")
    assert "closes before it opens" in message and "'17:00-09:00'" in message


def test_an_impossible_time_is_an_error(make_site):
    message, line = hours_error(make_site, '"08:00-25:00"')
    assert message.startswith(f"site_config.yaml:{line}: error: 'hours.monday' ")
    assert "'08:00-25:00'" in message


def test_hours_in_words_are_an_error_that_shows_the_format(make_site):
    message, line = hours_error(make_site, '"9am to 5pm"')
    assert message.startswith(f"site_config.yaml:{line}: error: 'hours.monday' ")
    assert '"09:00-17:00"' in message and "'9am to 5pm'" in message


def test_a_misspelt_weekday_suggests_the_right_one(make_site):
    text = MINIMAL_CONFIG.replace("  wednesday:", "  wednsday:")
    assert_refused(make_site, text, f"site_config.yaml:{line_of(text, 'wednsday')}: error: 'hours.wednsday' is not a weekday; did you mean 'wednesday'?")


def test_24_00_closes_at_midnight(make_site):
    hours = week(make_site, friday='"18:00-24:00"')
    assert dict(week_rows(hours))["Friday"] in ("6:00\u00a0pm – 12:00\u00a0am", "6:00\u00a0pm – midnight")
    friday = [s for s in opening_hours_spec(hours) if s["dayOfWeek"] == ["Friday"]]
    assert len(friday) == 1 and friday[0]["opens"] == "18:00"
    assert friday[0]["closes"] in ("24:00", "23:59")


def test_week_rows_group_consecutive_days_with_the_same_hours(make_site):
    hours = week(make_site)
    assert week_rows(hours) == [("Monday – Friday", "9:00\u00a0am – 5:00\u00a0pm"), ("Saturday and Sunday", "Closed")]


def test_week_rows_keep_apart_days_that_are_not_next_to_each_other(make_site):
    hours = week(make_site, tuesday='"10:00-14:00"', saturday='"10:00-14:00"')
    assert week_rows(hours) == [
        ("Monday", "9:00\u00a0am – 5:00\u00a0pm"),
        ("Tuesday", "10:00\u00a0am – 2:00\u00a0pm"),
        ("Wednesday – Friday", "9:00\u00a0am – 5:00\u00a0pm"),
        ("Saturday", "10:00\u00a0am – 2:00\u00a0pm"),
        ("Sunday", "Closed"),
    ]


def test_week_rows_of_a_week_open_every_day(make_site):
    same = '"08:00-20:00"'
    hours = week(make_site, **dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), same))
    assert week_rows(hours) == [("Monday – Sunday", "8:00\u00a0am – 8:00\u00a0pm")]


def test_week_in_words(make_site):
    assert week_in_words(week(make_site)) == "Open Monday – Friday, 9:00\u00a0am – 5:00\u00a0pm; closed Saturday and Sunday."
    config, _ = config_with(make_site, MINIMAL_CONFIG)
    assert week_in_words(config.hours) == (
        "Open Monday and Tuesday, 9:00\u00a0am – 5:00\u00a0pm; Wednesday, 9:00\u00a0am – 12:00\u00a0pm, 1:00\u00a0pm – 7:00\u00a0pm; "
        "Thursday, 9:00\u00a0am – 5:00\u00a0pm; Friday, 9:00\u00a0am – 3:00\u00a0pm; closed Saturday and Sunday."
    )


def test_week_in_words_closed_all_week(make_site):
    closed = dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday"), "closed")
    assert week_in_words(week(make_site, **closed)) == "Closed all week."


def test_a_location_overrides_only_the_days_it_names(make_site):
    text = MINIMAL_CONFIG.replace('    postal_code: "62701"\n', '    postal_code: "62701"\n    hours: {saturday: "10:00-14:00", monday: closed}\n')
    config, problems = config_with(make_site, text)
    assert config is not None, problems
    location = config.locations[0]
    rows = dict(week_rows(config.week_for(location)))
    assert rows["Saturday"] == "10:00\u00a0am – 2:00\u00a0pm"
    assert rows["Monday"] == "Closed"
    assert rows["Tuesday"] == "9:00\u00a0am – 5:00\u00a0pm"
    assert dict(week_rows(config.week_for(None)))["Saturday and Sunday"] == "Closed"


def test_opening_hours_specification_lists_every_span(make_site):
    config, _ = config_with(make_site, MINIMAL_CONFIG)
    found = {(day, s["opens"], s["closes"]) for s in opening_hours_spec(config.hours) for day in s["dayOfWeek"]}
    assert found == {
        ("Monday", "09:00", "17:00"), ("Tuesday", "09:00", "17:00"), ("Thursday", "09:00", "17:00"),
        ("Wednesday", "09:00", "12:00"), ("Wednesday", "13:00", "19:00"), ("Friday", "09:00", "15:00"),
    }


# =========================================================================================
# Slugs
# =========================================================================================

@pytest.mark.parametrize("text, slug", [
    ("Tips & Tricks", "tips-tricks"),
    ("Self-Care", "self-care"),
    ("Café Crème", "cafe-creme"),
    ("ÅNGST och oro", "angst-och-oro"),
    ("  Hello -- World!! ", "hello-world"),
    ("2024 Update", "2024-update"),
    ("already-a-slug", "already-a-slug"),
    ("CBT", "cbt"),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["!!!", "", "   ", "—"])
def test_slugify_without_letters_is_empty(text):
    assert slugify(text) == ""


def test_slugs_are_url_safe():
    for text in ("What's new?", "A/B testing", "50% off", "Q&A: part 1", "Über uns"):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slugify(text)), text


def test_categories_that_differ_only_in_case_share_a_page(make_site, tmp_path):
    site = make_site({
        "content/articles/a.md": "---\ntitle: A\ndate: 2026-01-05\nsummary: A.\ncategory: Self Care\n---\nOne.\n",
        "content/articles/b.md": "---\ntitle: B\ndate: 2026-01-06\nsummary: B.\ncategory: self care\n---\nTwo.\n",
    })
    result = run_cli("build", "--source", str(site), "--output", str(tmp_path / "out"), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/blog/category/self-care/index.html").read_text("utf-8")
    assert "/blog/a/" in page and "/blog/b/" in page


# =========================================================================================
# Config validation
# =========================================================================================

def test_the_minimal_config_is_valid(make_site):
    config, problems = config_with(make_site, MINIMAL_CONFIG)
    assert config is not None and errors_of(problems) == []


@pytest.mark.parametrize("key", ["site", "clinic", "hours", "crisis"])
def test_a_required_section_is_missing(make_site, key):
    text = re.sub(rf"^{key}:\n(  .*\n)+", "", MINIMAL_CONFIG, flags=re.M)
    config, problems = config_with(make_site, text)
    assert config is None
    assert [p for p in problems if re.fullmatch(rf"site_config\.yaml:\d+: error: required key '{key}' is missing.*", p)], problems


@pytest.mark.parametrize("key, section", [("title", "site"), ("base_url", "site"), ("timezone", "clinic"), ("text", "crisis")])
def test_a_required_key_is_missing_names_it_and_its_section(make_site, key, section):
    text = re.sub(rf"^  {key}: .*\n", "", MINIMAL_CONFIG, count=1, flags=re.M)
    config, problems = config_with(make_site, text)
    assert config is None
    found = [p for p in problems if f"required key '{key}' is missing (in '{section}')" in p]
    assert len(found) == 1, problems
    line = int(found[0].split(":")[1])
    section_line = line_of(text, f"{section}:")
    assert section_line <= line <= section_line + 1  # the section, or its first line
    assert "add it, e.g." in found[0]


def test_an_unknown_key_suggests_the_known_one(make_site):
    text = MINIMAL_CONFIG.replace("hours:\n", "hourz:\n")
    assert_refused(make_site, text, f"site_config.yaml:{line_of(text, 'hourz:')}: error: unknown key 'hourz'; did you mean 'hours'?")


def test_an_unknown_nested_key_suggests_the_known_one(make_site):
    text = MINIMAL_CONFIG.replace("  copyright_start: 2020\n", "  copyright_star: 2020\n")
    assert_refused(make_site, text, f"site_config.yaml:{line_of(text, 'copyright_star:')}: error: unknown key 'site.copyright_star'; did you mean 'copyright_start'?")


def test_an_unknown_key_without_a_near_match_lists_the_known_ones(make_site):
    text = MINIMAL_CONFIG + "zzz: 1\n"
    config, problems = config_with(make_site, text)
    assert config is None
    [problem] = [p for p in problems if "'zzz'" in p]
    assert problem.startswith(f"site_config.yaml:{line_of(text, 'zzz:')}: error: unknown key 'zzz'")
    assert "hours" in problem and "locations" in problem


def test_a_bad_timezone_suggests_the_right_name(make_site):
    text = MINIMAL_CONFIG.replace("America/Chicago", "America/Chicgo")
    problem = the_one_error(make_site, text, 'timezone:', starts="'clinic.timezone' ")
    assert "'America/Chicgo'" in problem and "did you mean 'America/Chicago'?" in problem


@pytest.mark.parametrize("value, hint", [
    ("counseling.test", "https://"),
    ("/clinic/", "https://"),
    ("ftp://counseling.test/", "https://"),
    ("https://counseling.test/?page=1", "'?'"),
])
def test_a_bad_base_url(make_site, value, hint):
    text = MINIMAL_CONFIG.replace("https://counseling.test/", value)
    problem = the_one_error(make_site, text, 'base_url:', starts="'site.base_url' ")
    assert f"'{value}'" in problem and hint in problem


@pytest.mark.parametrize("value", ["https://counseling.test/clinic/", "https://counseling.test/clinic", "http://localhost:8000/"])
def test_a_base_url_with_a_sub_path_or_port_is_valid(make_site, value):
    config, problems = config_with(make_site, MINIMAL_CONFIG.replace("https://counseling.test/", value))
    assert config is not None, problems


def test_duplicate_location_ids(make_site):
    second = '  - id: downtown\n    name: Second office\n    street: 2 Oak St\n    city: Springfield\n'
    text = MINIMAL_CONFIG.replace('    postal_code: "62701"\n', '    postal_code: "62701"\n' + second)
    problem = the_one_error(make_site, text, 'id: downtown', 2)
    assert "'downtown'" in problem and "twice" in problem


def test_a_location_id_must_be_usable_in_a_url(make_site):
    text = MINIMAL_CONFIG.replace("  - id: downtown", "  - id: Down Town")
    the_one_error(make_site, text, 'id: Down Town', starts="'locations[1].id' ")


def test_a_closure_for_an_unknown_location(make_site):
    text = MINIMAL_CONFIG.replace("    label: Christmas Day\n", "    label: Christmas Day\n    locations: [uptown]\n")
    problem = the_one_error(make_site, text, '2026-12-25')
    assert "'uptown'" in problem


def test_a_closure_on_an_impossible_date(make_site):
    text = MINIMAL_CONFIG.replace("2026-12-25", "2026-02-30")
    problem = the_one_error(make_site, text, '2026-02-30', starts="'closures[1].date' ")
    assert "'2026-02-30'" in problem


def test_every_config_problem_is_reported_in_one_run(make_site):
    text = (MINIMAL_CONFIG.replace("America/Chicago", "Mars/Olympus")
            .replace("https://counseling.test/", "counseling.test")
            .replace('  friday: "09:00-15:00"', '  friday: "15:00-09:00"'))
    config, problems = config_with(make_site, text)
    assert config is None
    assert len(errors_of(problems)) == 3, problems


def test_config_errors_through_the_command_line(make_site):
    text = MINIMAL_CONFIG.replace("hours:\n", "hourz:\n")
    site = make_site({"site_config.yaml": text})
    result = run_cli("check", "--source", str(site), "--today", TODAY.isoformat())
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert f"site_config.yaml:{line_of(text, 'hourz:')}: error: unknown key 'hourz'; did you mean 'hours'?" in lines
    assert re.search(r"\b2 errors\b", lines[-1]), lines
    assert "Traceback" not in result.stderr


# =========================================================================================
# Front matter dates
# =========================================================================================

@dataclass
class Checked:
    returncode: int
    stderr: str


def check_site(make_site, files: dict[str, str]) -> Checked:
    """What `check` reports, in-process through haven.pipeline.build (output None: write nothing).

    The command line's own printing is covered by test_config_errors_through_the_command_line."""
    result = build(make_site(files), None, today=TODAY)
    lines = [str(p) for p in sorted(set(result.problems))]
    return Checked(0 if result.ok else 1, "\n".join(lines))


def test_an_impossible_date_in_front_matter(make_site):
    result = check_site(make_site, {"content/articles/a.md": "---\ntitle: A\ndate: 2024-02-30\n---\nBody text.\n"})
    assert result.returncode == 1
    [line] = [row for row in result.stderr.splitlines() if row.startswith("content/articles/a.md")]
    assert line.startswith("content/articles/a.md:3: error: 'date' ")
    assert "'2024-02-30'" in line


def test_a_date_in_another_format(make_site):
    result = check_site(make_site, {"content/articles/a.md": "---\ntitle: A\nsummary: S.\ndate: 18/03/2024\n---\nBody text.\n"})
    assert result.returncode == 1
    [line] = [row for row in result.stderr.splitlines() if row.startswith("content/articles/a.md")]
    assert line.startswith("content/articles/a.md:4: error: 'date' ") and "YYYY-MM-DD" in line and "'18/03/2024'" in line


@pytest.mark.parametrize("key", ["updated", "reviewed_on"])
def test_other_dates_are_checked_too(make_site, key):
    result = check_site(make_site, {"content/articles/a.md": f"---\ntitle: A\ndate: 2024-03-18\n{key}: 2024-13-01\n---\nBody text.\n"})
    assert result.returncode == 1
    assert re.search(rf"^content/articles/a\.md:4: error: '{key}' .*'2024-13-01'", result.stderr, re.M), result.stderr


def test_a_leap_day_is_a_real_date(make_site):
    result = check_site(make_site, {"content/articles/a.md": "---\ntitle: A\nsummary: S.\ndate: 2024-02-29\n---\nBody text.\n"})
    assert result.returncode == 0, result.stderr


def test_an_article_without_a_date(make_site):
    result = check_site(make_site, {"content/articles/a.md": "---\ntitle: A\nsummary: S.\n---\nBody text.\n"})
    assert result.returncode == 1
    assert re.search(r"^content/articles/a\.md:\d+: error: required key 'date' is missing", result.stderr, re.M), result.stderr


# =========================================================================================
# Checklist bands
# =========================================================================================

CHECKLIST = """\
title: A short check
items:
  - {text: One, topic: a}
  - {text: Two, topic: a}
  - {text: Three, topic: b}
topics:
  a: {title: Topic A, advice: Advice A.}
  b: {title: Topic B, advice: Advice B.}
results:
"""


def band_problems(make_site, bands: list[str]) -> tuple[int, list[str], str]:
    text = CHECKLIST + "".join(f"  - {band}\n" for band in bands)
    result = check_site(make_site, {"content/checklists/check.yaml": text})
    return result.returncode, [row for row in result.stderr.splitlines() if row.startswith("content/checklists/check.yaml")], text


def test_bands_that_cover_every_count_are_valid(make_site):
    code, problems, _ = band_problems(make_site, ["{min: 0, max: 1, text: Few.}", "{min: 2, max: 3, text: Many.}"])
    assert (code, problems) == (0, [])


def test_a_gap_between_bands(make_site):
    code, problems, text = band_problems(make_site, ["{min: 0, max: 1, text: Few.}", "{min: 3, max: 3, text: All.}"])
    assert code == 1 and len(problems) == 1
    assert problems[0].startswith(f"content/checklists/check.yaml:{line_of(text, 'min: 3')}: error: ")
    assert "gap" in problems[0] and "2" in problems[0]


def test_overlapping_bands(make_site):
    code, problems, text = band_problems(make_site, ["{min: 0, max: 2, text: Few.}", "{min: 2, max: 3, text: Many.}"])
    assert code == 1 and len(problems) == 1
    assert problems[0].startswith(f"content/checklists/check.yaml:{line_of(text, 'min: 2, max: 3')}: error: ")
    assert "overlap" in problems[0] and "2" in problems[0]


def test_bands_that_stop_short_of_the_number_of_items(make_site):
    code, problems, _ = band_problems(make_site, ["{min: 0, max: 1, text: Few.}"])
    assert code == 1 and len(problems) == 1
    assert "3" in problems[0] and "max" in problems[0]


def test_bands_that_do_not_start_at_zero(make_site):
    code, problems, _ = band_problems(make_site, ["{min: 1, max: 3, text: Some.}"])
    assert code == 1 and len(problems) == 1
    assert "0" in problems[0]


def test_a_band_that_ends_before_it_starts(make_site):
    code, problems, text = band_problems(make_site, ["{min: 2, max: 1, text: Odd.}", "{min: 0, max: 3, text: All.}"])
    assert code == 1
    assert any(p.startswith(f"content/checklists/check.yaml:{line_of(text, 'min: 2, max: 1')}: error: ") for p in problems), problems


def test_an_item_with_an_unknown_topic(make_site):
    text = CHECKLIST.replace("{text: Three, topic: b}", "{text: Three, topic: c}") + "  - {min: 0, max: 3, text: All.}\n"
    result = check_site(make_site, {"content/checklists/check.yaml": text})
    assert result.returncode == 1
    assert re.search(rf"^content/checklists/check\.yaml:{line_of(text, 'topic: c')}: .*'c'", result.stderr, re.M), result.stderr
