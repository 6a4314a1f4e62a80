"""Opening hours as data for the "Open now" badge: the week, dated exceptions and the time zone.

The page carries this in a <script type="application/json"> block; site.js reads it in the
visitor's browser and works out, in the clinic's time zone, whether the place is open now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from markupsafe import Markup

from .config import Config, Location
from .hours import WEEKDAYS, DayHours, _cldr, _same, day_name, time_of_day
from .structured import to_script_json
from .translations import Untranslated


def _spans(hours: DayHours) -> list[list[int]]:
    """[[start, end], ...] in minutes after midnight; [] means closed."""
    return [[span.start, span.end] for span in hours.spans]


def schedule_data(config: Config, location: Location | None, today: dt.date, lang: str = "en",
                  gettext: Callable[[str], str] = _same, city: str | None = None) -> dict:
    """The opening schedule of one location (or the clinic's main one), from `today` on, with the
    badge's words in the page's language: site.js only fills in the blanks (no Intl guessing)."""
    closures = config.upcoming_closures(location, today)
    week = [_spans(day) for day in config.week_for(location).days]  # Monday first
    closure_data: list[dict] = [
        {"date": c.date.isoformat(), "label": c.label, "hours": _spans(c.hours) if c.hours else []}
        for c in closures
    ]
    every: list[list[list[int]]] = [*week, *(c["hours"] for c in closure_data)]
    minutes = sorted({m for spans in every for span in spans for m in span})
    city = city or config.timezone_city
    # Translators: added when the visitor's clock is in another time zone than the clinic's.
    zone = gettext(" %(city)s time")
    words = {
        "open": gettext("Open now"),
        "closed": gettext("Closed"),
        # Translators: {label} is the closure's name, e.g. "Christmas Day".
        "closed_today": gettext("Closed today: {label}"),
        # Translators: {time} a time of day; {zone} and {special} are the two texts below, or nothing.
        "closes": gettext("closes {time}{zone}{special}"),
        # Translators: hours that run on past midnight close on a later day: "closes tomorrow 2:00 am".
        "closes_tomorrow": gettext("closes tomorrow {time}{zone}"),
        "closes_on": gettext("closes {day} {time}{zone}"),
        "opens_today": gettext("opens today {time}{zone}{special}"),
        "opens_tomorrow": gettext("opens tomorrow {time}{zone}"),
        # Translators: {day} is a weekday ("Monday") or a date ("Monday, December 7").
        "opens_on": gettext("opens {day} {time}{zone}"),
        "zone": zone % {"city": city},
        # Translators: added on a day with special hours; {label} is the day's name, e.g. "Christmas Eve".
        "special": gettext(" ({label} hours)"),
    }
    # The sentences a page in another language shows in English (the theme has no words for it):
    # site.js marks each with lang="en" (WCAG 3.1.2), as the page's own text marks such words.
    english = sorted(key for key, text in [*words.items(), ("zone", zone)] if isinstance(text, Untranslated))
    return {
        "zone": config.clinic.timezone,
        "city": city,
        "week": week,
        "closures": closure_data,
        "times": {str(m): time_of_day(m, lang, gettext) for m in minutes},  # 1440: "midnight"
        "days": [day_name(day, lang) for day in WEEKDAYS],  # "opens Monday 9:00 am"
        **_date_words(lang),  # "opens Monday, December 7 9:00 am", a week or more ahead
        "words": words,
        **({"english": english} if english else {}),
    }


_SAMPLE = dt.date(2001, 11, 23)  # a Friday whose day (23) and month (11) cannot be mistaken for each other


def _date_words(lang: str) -> dict:
    """A weekday with its date ("Monday, December 7") as a pattern site.js fills in, with CLDR's
    names. English keeps the theme's own form; other languages CLDR's month-day-weekday format."""
    locale = _cldr(lang)
    if locale is None:
        return {"date": "{weekday}, {month} {day}", "weekdays": [d.capitalize() for d in WEEKDAYS],
                "months": [dt.date(2001, m, 1).strftime("%B") for m in range(1, 13)]}
    import babel.dates  # (here: English pages need none of Babel)

    skeleton = babel.dates.match_skeleton("MMMMEEEEd", locale.datetime_skeletons) or "MMMEd"
    pattern = str(locale.datetime_skeletons[skeleton])
    pattern = _widen(_widen(pattern, "E", 4), "M", 4 if "MMM" in pattern else 1)
    weekdays = babel.dates.get_day_names("wide", "format", locale)
    months = babel.dates.get_month_names("wide", "format", locale)
    text = babel.dates.format_date(_SAMPLE, pattern, locale=locale)
    text = text.replace(weekdays[_SAMPLE.weekday()], "{weekday}").replace(months[_SAMPLE.month], "{month}")
    text = text.replace(str(_SAMPLE.day), "{day}").replace(str(_SAMPLE.month), "{monthnum}")
    return {"date": text, "weekdays": [weekdays[i] for i in range(7)], "months": [months[m] for m in range(1, 13)]}


def _widen(pattern: str, letter: str, width: int) -> str:
    """The pattern with each run of `letter` (outside quotes) made `width` long: E -> EEEE."""
    out, i, quoted = [], 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "'":
            quoted = not quoted
        if ch == letter and not quoted:
            j = i
            while j < len(pattern) and pattern[j] == letter:
                j += 1
            out.append(letter * width)
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def schedule_json(config: Config, location: Location | None, today: dt.date, lang: str = "en",
                  gettext: Callable[[str], str] = _same, city: str | None = None) -> Markup:
    """schedule_data as JSON that is safe inside <script type="application/json">."""
    return Markup(to_script_json(schedule_data(config, location, today, lang, gettext, city), sort_keys=True))
