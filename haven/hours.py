"""Opening hours: parsing "09:00-17:00", weekly schedules, and saying them in words."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .schema import _INVALID, Reader
from .yamlfile import Map, Seq, curly_hint, line_of

if TYPE_CHECKING:
    from babel import Locale

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# CLDR's weekday width per language where the wide name is not the everyday one: Chinese
# timetables say 周一 (abbreviated), not 星期一 (wide).
_DAY_WIDTH: dict[str, Literal["abbreviated", "wide"]] = {"zh": "abbreviated"}
_RANGE = re.compile(r"(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})")


@dataclass(frozen=True, order=True)
class Span:
    """An opening span in minutes after midnight; `end` may be 1440 (24:00)."""

    start: int
    end: int

    @property
    def opens(self) -> str:
        return _hhmm(self.start)

    @property
    def closes(self) -> str:
        # schema.org consumers document 23:59 for "until midnight"; 24:00 is not a valid time there.
        return _hhmm(min(self.end, 1439))

    def __str__(self) -> str:
        """The span in an editor's message, where a plain space reads (and copies) best."""
        return f"{clock(self.start)} – {time_of_day(self.end)}".replace("\u00a0", " ")


@dataclass(frozen=True)
class DayHours:
    """The spans a place is open on one day; no spans means closed."""

    spans: tuple[Span, ...] = ()

    @property
    def closed(self) -> bool:
        return not self.spans

    def __str__(self) -> str:
        return "Closed" if self.closed else ", ".join(str(s) for s in self.spans)

    @classmethod
    def from_yaml(cls, value, reader: Reader, name: str, line: int):
        texts = list(value) if isinstance(value, Seq) else [value]
        if isinstance(value, Map) or any(not isinstance(t, str) for t in texts):
            reader.fail(line, f"'{name}' must be \"HH:MM-HH:MM\", a list of such ranges, or closed")
            return _INVALID
        if len(texts) == 1 and texts[0].strip().lower() == "closed":
            return cls(())
        spans = []
        day = name.rsplit(".", 1)[-1].strip().lower()  # 'hours.monday' (or 'closures[1].hours', no weekday)
        days = (day, WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7]) if day in WEEKDAYS else None
        for text in texts:
            span, message = parse_span(text, days)
            if span is None:
                reader.fail(line_of(text, line), f"'{name}' {message}{curly_hint(text)}")
                return _INVALID
            spans.append(span)
        spans.sort()
        for before, after in itertools.pairwise(spans):
            if after.start < before.end:
                reader.fail(line, f"'{name}' has overlapping hours: {before} and {after}; merge them into one range")
                return _INVALID
        return cls(tuple(spans))


def parse_span(text: str, days: tuple[str, str] | None = None) -> tuple[Span | None, str | None]:
    """The span a range like "09:00-17:00" gives, or None and what is wrong (`days`: the weekday
    the range is for and the next, for advice on hours past midnight)."""
    match = _RANGE.fullmatch(text.strip())
    if not match:
        return None, f"must be hours like \"09:00-17:00\" (24-hour clock), a list of them, or closed; got '{text}'" \
            + _written_otherwise(text, days)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
        return None, f"has a time that does not exist: '{text}'; {_real_times(h1, m1, h2, m2, days)}"
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        afternoon = end + 12 * 60
        if start < 12 * 60 and 0 < h2 < 12 and start < afternoon:  # '9:00-5:00': 5 pm on a 12-hour clock
            said = f"{clock(start)} to {clock(afternoon)}".replace("\u00a0", " ")
            return None, f"closes before it opens: '{text}'; hours are written on the 24-hour clock: for " \
                         f"{said} write \"{_hhmm(start)}-{_hhmm(afternoon)}\""
        return None, f"closes before it opens: '{text}'; the second time must be later (use the 24-hour clock, e.g. 17:00)" \
            + _past_midnight(start, end, days)
    return Span(start, end), None


_TWELVE_HOUR = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?", re.I)
_SEVERAL = re.compile(r"\s*(?:[,;/&]|\band\b)\s*", re.I)


def _written_otherwise(text: str, days: tuple[str, str] | None) -> str:
    """What to write for hours written another common way: '9am-5pm' on the 24-hour clock, two
    ranges in one text ('09:00-12:00, 13:00-17:00') as a list; '' if it is neither."""
    parts = [part for part in _SEVERAL.split(text.strip()) if part]
    ranges = [_as_24_hour(part) for part in parts]
    if not parts or None in ranges:
        return ""
    written = [f'"{r}"' for r in ranges]
    key = f"{days[0]}: " if days else ""
    if len(written) > 1:
        return f"; write the ranges as a list, on the 24-hour clock: {key}[{', '.join(written)}]"
    return f"; write it on the 24-hour clock: {key}{written[0]}"


def _as_24_hour(part: str) -> str | None:
    """'9am-5pm', '9:30 a.m. – 1 p.m.' -> '09:00-17:00', '09:30-13:00'; a range already right
    ('13:00-17:00') as it is; None for anything else."""
    if _RANGE.fullmatch(part):
        return part
    times = re.split(r"\s*(?:[-–—]|\bto\b)\s*", part.strip(), flags=re.I)
    if len(times) != 2:
        return None
    minutes = []
    for time in times:
        match = _TWELVE_HOUR.fullmatch(time)
        if not match or not 1 <= int(match[1]) <= 12 or int(match[2] or 0) > 59:
            return None
        hour = int(match[1]) % 12 + (12 if match[3].lower() == "p" else 0)
        minutes.append(hour * 60 + int(match[2] or 0))
    start, end = minutes
    end = 1440 if end == 0 else end  # '8pm-12am': until midnight
    return f"{_hhmm(start)}-{_hhmm(end)}" if start < end else None


def _past_midnight(start: int, end: int, days: tuple[str, str] | None) -> str:
    """How to write hours that run past midnight, which one day's range cannot hold: the day
    ends at 24:00 and the rest is the next day's (nothing to say when both times are the same)."""
    opens, closes = _hhmm(start), _hhmm(end)
    if end == start:
        return ""
    if end == 0:
        return f"; midnight at the end of the day is written 24:00: '{opens}-24:00'"
    if days is None:
        return f"; if it runs past midnight, split it there: '{opens}-24:00' on this day and '00:00-{closes}' on the next"
    today, tomorrow = days
    return f"; if it runs past midnight, split it there: {today}: \"{opens}-24:00\" and {tomorrow}: \"00:00-{closes}\""


def _real_times(h1: int, m1: int, h2: int, m2: int, days: tuple[str, str] | None) -> str:
    """What to write instead of a range with a time past the clock's: a closing time after
    midnight (25:00) is the next day's, split there; anything else, the clock's own range."""
    if h1 <= 23 and m1 <= 59 and 24 <= h2 < 48 and m2 <= 59:
        return _past_midnight(h1 * 60 + m1, (h2 - 24) * 60 + m2, days).removeprefix("; ")
    return "times go from 00:00 to 23:59 (24:00 is midnight at the end of the day), like \"09:00-17:00\""


@dataclass(frozen=True)
class Week:
    """Hours for each weekday, Monday first; days not given are closed."""

    days: tuple[DayHours, ...]

    @classmethod
    def from_yaml(cls, value, reader: Reader, name: str, line: int):
        overrides = WeekOverrides.from_yaml(value, reader, name, line)
        if overrides is _INVALID:
            return _INVALID
        return cls(tuple(overrides.get(day, DayHours()) for day in WEEKDAYS))

    def with_overrides(self, overrides: WeekOverrides | None) -> Week:
        if not overrides:
            return self
        return Week(tuple(overrides.get(day, hours) for day, hours in zip(WEEKDAYS, self.days, strict=True)))


class WeekOverrides(dict):
    """Some weekdays' hours, e.g. a location open on Saturday mornings."""

    @classmethod
    def from_yaml(cls, value, reader: Reader, name: str, line: int):
        from .schema import _suggest

        if not isinstance(value, Map):
            reader.fail(line, f"'{name}' must list weekdays, e.g. 'monday: \"09:00-17:00\"' on its own line")
            return _INVALID
        result, ok = cls(), True
        for key, spec in value.items():
            day = key.strip().lower()
            if day not in WEEKDAYS:
                reader.fail(value.key_line(key), f"'{name}.{key}' is not a weekday{_suggest(day, WEEKDAYS)}")
                ok = False
                continue
            hours = DayHours.from_yaml(spec, reader, f"{name}.{key}", value.key_line(key))
            if hours is _INVALID:
                ok = False
            else:
                result[day] = hours
        return result if ok else _INVALID

    # dict sets __hash__ to None; these overrides are never changed once loaded.
    def __hash__(self) -> int:  # type: ignore[override]  # lets frozen dataclasses that hold it stay hashable
        return hash(tuple(sorted(self.items())))


def _same(text: str) -> str:
    return text


def _cldr(lang: str | None) -> Locale | None:
    """CLDR's locale for `lang`; None for English (the theme's own English formats) or unknown codes."""
    if not lang or lang == "en" or lang.startswith("en-"):
        return None
    return _parse_locale(lang)


@functools.lru_cache(maxsize=64)
def _parse_locale(lang: str) -> Locale | None:
    from .catalogue import cldr_locale  # (here: English pages need none of Babel)

    return cldr_locale(lang)  # ('zh-yue' is Cantonese's: catalogue.canonical)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock(minutes: int, lang: str = "en") -> str:
    """A time of day as the language says it. English: the 12-hour clock as people say it (9:00 am,
    12:30 pm, 12:00 am at midnight); other languages: CLDR's short time (12- or 24-hour as the
    locale prefers: '9:00' in es, '09:00' in zh-Hans)."""
    hour, minute = divmod(minutes % 1440, 60)
    locale = _cldr(lang)
    if locale is None:
        suffix = "am" if hour < 12 else "pm"
        return f"{(hour % 12) or 12}:{minute:02d}\u00a0{suffix}"  # (no-break: "5:00 / pm" on two lines misreads)
    import babel.dates

    return babel.dates.format_time(dt.time(hour, minute), "short", locale=locale)


def time_of_day(minutes: int, lang: str = "en", gettext: Callable[[str], str] = _same) -> str:
    """A time a place opens or closes: clock() but 24:00, the end of the day, is midnight, not the
    same day's 12:00 am (0:00). A language the theme has no word for gets 24:00."""
    if minutes < 1440:
        return clock(minutes, lang)
    # Translators: 24:00 as a closing time: "10:00 pm – midnight", "closes midnight".
    word = gettext("midnight")
    return "24:00" if word == "midnight" and _cldr(lang) is not None else word


def day_name(day: str, lang: str = "en") -> str:
    """'monday' in words: 'Monday', 'lunes', '周一' (CLDR's names; Chinese schedules use the short '周一')."""
    locale = _cldr(lang)
    if locale is None:
        return day.capitalize()
    import babel.dates

    width = _DAY_WIDTH.get(locale.language, "wide")
    return babel.dates.get_day_names(width, "format", locale)[WEEKDAYS.index(day)]


def hours_in_words(hours: DayHours, lang: str = "en", gettext: Callable[[str], str] = _same) -> str:
    """One day's hours: '9:00 am – 5:00 pm', '9:00 – 17:00', or 'Closed' in the language."""
    if hours.closed:
        return gettext("Closed")
    if hours.spans == (Span(0, 1440),):
        # Translators: the hours of a day open from 00:00 to 24:00.
        return gettext("24 hours")
    return _list_separator(lang).join(f"{time_of_day(s.start, lang)} – {time_of_day(s.end, lang, gettext)}"
                                      for s in hours.spans)


def _list_separator(lang: str) -> str:
    """What separates a day's ranges: the page's list separator (', ', and '、' in Chinese and
    Japanese, whose text a ', ' breaks), but ', ' where CLDR joins with a word (Arabic's 'and') or
    a bare space (Thai), which would run two ranges of times together."""
    from .cldr import list_separator  # (cldr.py reads this module)

    separator = list_separator(lang)
    if not separator.strip(" \u200e\u200f") or any(unicodedata.category(ch).startswith("L") for ch in separator):
        return ", "
    return separator


def week_rows(week: Week, lang: str = "en", gettext: Callable[[str], str] = _same) -> list[tuple[str, str]]:
    """Group consecutive days with the same hours: [("Monday – Friday", "9:00 am – 5:00 pm"), ...]."""
    return [(label, hours_in_words(hours, lang, gettext)) for label, hours in _week_groups(week, lang, gettext)]


def _week_groups(week: Week, lang: str, gettext: Callable[[str], str]) -> list[tuple[str, DayHours]]:
    rows: list[tuple[str, DayHours]] = []
    start = 0
    for i in range(1, len(WEEKDAYS) + 1):
        if i == len(WEEKDAYS) or week.days[i] != week.days[start]:
            first, last = day_name(WEEKDAYS[start], lang), day_name(WEEKDAYS[i - 1], lang)
            if i - 1 == start:
                label = first
            elif i - 1 == start + 1:
                label = _joined([first, last], lang, gettext)
            else:
                label = gettext("%(first)s – %(last)s") % {"first": first, "last": last}
            rows.append((label, week.days[start]))
            start = i
    return rows


def week_in_words(week: Week, lang: str = "en", gettext: Callable[[str], str] = _same,
                  fill: Callable[..., str] | None = None) -> str:
    """One sentence for the home page: 'Open Monday – Friday, 9:00 am – 5:00 pm; closed Saturday and Sunday.'

    `fill(word, **values)` fills the placeholders of a theme word as `gettext` gave it (by default
    `word % values`); templates pass one that returns HTML, marking a word a page in another
    language shows in English (render._filled)."""
    fill = fill or (lambda word, **values: word % values)
    groups = _week_groups(week, lang, gettext)
    open_rows = [(d, hours_in_words(h, lang, gettext)) for d, h in groups if not h.closed]
    closed_rows = [d for d, h in groups if h.closed]
    if not open_rows:
        return fill(gettext("Closed all week."))
    times = fill(gettext("; ")).join(fill(gettext("%(days)s, %(hours)s"), days=d, hours=h) for d, h in open_rows)
    if not closed_rows:
        return fill(gettext("Open %(times)s."), times=times)
    return fill(gettext("Open %(times)s; closed %(days)s."), times=times, days=_joined(closed_rows, lang, gettext))


def _joined(days: list[str], lang: str, gettext: Callable[[str], str]) -> str:
    """'Saturday and Sunday' (and 'Monday and Wednesday and Sunday'): the theme's words for 'and'
    where the page has them, else CLDR's list of the page's language ('Thứ Bảy và Chủ Nhật'), not
    an English 'and' between two words of another language."""
    from .translations import Untranslated  # (translations reads the config, which reads this module)

    word = gettext("%(first)s and %(last)s")
    locale = _cldr(lang)
    if isinstance(word, Untranslated) and locale is not None:
        from babel.lists import format_list

        return format_list(days, locale=locale)
    text = days[0]
    for more in days[1:]:
        text = word % {"first": text, "last": more}
    return text


def opening_hours_spec(week: Week) -> list[dict]:
    """schema.org OpeningHoursSpecification, one entry per distinct span."""
    by_span: dict[tuple[str, str], list[str]] = {}
    for day, hours in zip(WEEKDAYS, week.days, strict=True):
        for span in hours.spans:
            by_span.setdefault((span.opens, span.closes), []).append(day_name(day))
    return [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
        for (opens, closes), days in sorted(by_span.items(), key=lambda kv: (WEEKDAYS.index(kv[1][0].lower()), kv[0]))
    ]
