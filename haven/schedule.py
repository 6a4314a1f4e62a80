"""Opening hours as data for the "Open now" badge: the week, dated exceptions and the time zone.

The page carries this in a <script type="application/json"> block; site.js reads it in the
visitor's browser and works out, in the clinic's time zone, whether the place is open now.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from .config import Config, Location
from .hours import DayHours
from .structured import to_script_json


def _spans(hours: DayHours) -> list[list[int]]:
    """[[start, end], ...] in minutes after midnight; [] means closed."""
    return [[span.start, span.end] for span in hours.spans]


def schedule_data(config: Config, location: Location | None, today: dt.date) -> dict:
    """The opening schedule of one location (or the clinic's main one), from `today` on."""
    closures = config.upcoming_closures(location, today)
    return {
        "zone": config.clinic.timezone,
        "city": config.timezone_city,
        "week": [_spans(day) for day in config.week_for(location).days],  # Monday first
        "closures": [
            {"date": c.date.isoformat(), "label": c.label, "hours": _spans(c.hours) if c.hours else []}
            for c in closures
        ],
    }


def schedule_json(config: Config, location: Location | None, today: dt.date) -> Markup:
    """schedule_data as JSON that is safe inside <script type="application/json">."""
    return Markup(to_script_json(schedule_data(config, location, today), sort_keys=True))
