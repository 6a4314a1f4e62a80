"""Opening hours: parsing "09:00-17:00", weekly schedules, and saying them in words."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .schema import _INVALID, Reader
from .yamlfile import Map, Seq, line_of

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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
        return f"{clock(self.start)} – {clock(self.end)}"


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
        for text in texts:
            span, message = parse_span(text)
            if span is None:
                reader.fail(line_of(text, line), f"'{name}' {message}")
                return _INVALID
            spans.append(span)
        spans.sort()
        for before, after in itertools.pairwise(spans):
            if after.start < before.end:
                reader.fail(line, f"'{name}' has overlapping hours: {before} and {after}; merge them into one range")
                return _INVALID
        return cls(tuple(spans))


def parse_span(text: str) -> tuple[Span | None, str | None]:
    match = _RANGE.fullmatch(text.strip())
    if not match:
        return None, f"must be hours like \"09:00-17:00\" (24-hour clock), a list of them, or closed; got '{text}'"
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or h2 > 24 or m2 > 59 or (h2 == 24 and m2):
        return None, f"has a time that does not exist: '{text}'"
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        return None, f"closes before it opens: '{text}'; the second time must be later (use the 24-hour clock, e.g. 17:00)"
    return Span(start, end), None


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


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock(minutes: int) -> str:
    """12-hour clock as people say it: 9:00 am, 12:30 pm, 12:00 am (midnight)."""
    hour, minute = divmod(minutes % 1440, 60)
    suffix = "am" if hour < 12 else "pm"
    return f"{(hour % 12) or 12}:{minute:02d} {suffix}"


def day_name(day: str) -> str:
    return day.capitalize()


def week_rows(week: Week) -> list[tuple[str, str]]:
    """Group consecutive days with the same hours: [("Monday – Friday", "9:00 am – 5:00 pm"), ...]."""
    rows: list[tuple[str, str]] = []
    start = 0
    for i in range(1, len(WEEKDAYS) + 1):
        if i == len(WEEKDAYS) or week.days[i] != week.days[start]:
            first, last = day_name(WEEKDAYS[start]), day_name(WEEKDAYS[i - 1])
            joiner = " and " if i - 1 == start + 1 else " – "
            label = first if i - 1 == start else f"{first}{joiner}{last}"
            rows.append((label, str(week.days[start])))
            start = i
    return rows


def week_in_words(week: Week) -> str:
    """One sentence for the home page: 'Open Monday – Friday, 9:00 am – 5:00 pm; closed Saturday – Sunday.'"""
    open_rows = [(d, h) for d, h in week_rows(week) if h != "Closed"]
    closed_rows = [d for d, h in week_rows(week) if h == "Closed"]
    if not open_rows:
        return "Closed all week."
    text = "Open " + "; ".join(f"{d}, {h}" for d, h in open_rows)
    if closed_rows:
        text += "; closed " + " and ".join(closed_rows)
    return text + "."


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
