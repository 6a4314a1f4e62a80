"""Dates, weekdays and hours in the page's language, for templates.

English keeps the theme's own formats ("March 18, 2024", "9:00 am", "Monday – Friday"); every
other language gets CLDR's words through Babel ("18 de marzo de 2024", "2024年3月18日", "9:00",
"lunes a viernes", "周一至周五"). The filters and globals read the page's language from the
template context (`lang`, else the site's `site.language`), so templates pass nothing new.
Babel is imported where a function first needs it: a build of an English site never loads it.
"""

from __future__ import annotations

import datetime as dt
import gettext

import jinja2
from jinja2.utils import missing

from .catalogue import theme_words
from .hours import DayHours, _cldr, hours_in_words, week_in_words, week_rows
from .schedule import schedule_json
from .translations import english_marked


def page_lang(context) -> str:
    """The page's language: its `lang`, else the site's default language."""
    lang = context.resolve_or_missing("lang")
    if lang is not missing and lang:
        return lang
    default = getattr(context.environment, "haven_language", None)  # set by install(): asked for on every word
    return default if default is not None else context["config"].site.language


def page_words(context) -> gettext.NullTranslations:
    """The page's words: its `words` catalogue, else the theme's for the page's language (looked
    up once per build: the environment, which lives for one build, keeps them by language)."""
    words = context.resolve_or_missing("words")
    if words is not missing and words is not None:
        return words
    lang = page_lang(context)
    known = getattr(context.environment, "haven_words", None)
    if known is None:
        return theme_words(lang)
    if lang not in known:
        known[lang] = theme_words(lang)
    return known[lang]


def longdate(day: dt.date, lang: str = "en") -> str:
    """'March 18, 2024' (English, the theme's form); CLDR's long date otherwise."""
    locale = _cldr(lang)
    if locale is None:
        return f"{day:%B} {day.day}, {day.year}"
    import babel.dates

    return babel.dates.format_date(day, "long", locale=locale)


def fulldate(day: dt.date, lang: str = "en", comma: bool = True) -> str:
    """The weekday with the date: 'Friday, December 25, 2026' (English; `comma=False` for the home
    page's 'Friday December 25, 2026'), 'viernes, 25 de diciembre de 2026', '2026年12月25日星期五'."""
    locale = _cldr(lang)
    if locale is None:
        return f"{day:%A}{',' if comma else ''} {longdate(day)}"
    import babel.dates

    return babel.dates.format_date(day, "full", locale=locale)


def weekday(day: dt.date, lang: str = "en") -> str:
    locale = _cldr(lang)
    if locale is None:
        return f"{day:%A}"
    import babel.dates

    return babel.dates.format_date(day, "EEEE", locale=locale)


def list_separator(lang: str = "en") -> str:
    """What stands between the items of a list in the language: ', ' in English, '、' in Chinese (CLDR)."""
    locale = _cldr(lang)
    if locale is None:
        return ", "
    return locale.list_patterns["standard"]["middle"].replace("{0}", "").replace("{1}", "")


def city_name(timezone: str, english: str, lang: str) -> str:
    """The time zone's city in the language: 'New York', 'Nueva York', '纽约'."""
    locale = _cldr(lang)
    if locale is None:
        return english
    import babel.dates

    try:
        return babel.dates.get_timezone_location(timezone, locale=locale, return_city=True)
    except LookupError:
        return english


def install(env: jinja2.Environment, site, fill) -> None:
    """The language-aware filters and globals of the build's environment. `fill(context, word,
    **values)`: a theme word filled in, as a page's text (render._filled)."""
    config = site.config
    # For page_words and page_lang, and render._gettext's words without placeholders, per build.
    env.extend(haven_words={}, haven_language=config.site.language, haven_texts={})

    def gettext_of(context):
        words, lang = page_words(context), page_lang(context)
        # (a word left in English is marked so: the hours table gives "Closed" its lang)
        return lambda message: english_marked(words, message, words.gettext(message), lang)

    def fill_of(context):
        return lambda word, **values: fill(context, word, **values)

    def city(context) -> str:
        return city_name(config.clinic.timezone, config.timezone_city, page_lang(context))

    dates: dict[tuple[dt.date, str], str] = {}  # (the environment lives for one build)

    def long_date(context, day: dt.date) -> str:
        key = (day, page_lang(context))
        done = dates.get(key)
        if done is None:
            done = dates[key] = longdate(*key)
        return done

    env.filters.update(
        longdate=jinja2.pass_context(long_date),
        fulldate=jinja2.pass_context(lambda context, d, comma=True: fulldate(d, page_lang(context), comma)),
        weekday=jinja2.pass_context(lambda context, d: weekday(d, page_lang(context))),
        hours_words=jinja2.pass_context(
            lambda context, hours: hours_in_words(hours or DayHours(), page_lang(context), gettext_of(context))),
    )
    env.globals.update(
        week_rows=jinja2.pass_context(lambda context, location=None: week_rows(
            config.week_for(location), page_lang(context), gettext_of(context))),
        week_in_words=jinja2.pass_context(lambda context, location=None: week_in_words(
            config.week_for(location), page_lang(context), gettext_of(context), fill_of(context))),
        open_schedule=jinja2.pass_context(lambda context, location=None: schedule_json(
            config, location, site.today, page_lang(context), gettext_of(context), city(context))),
        zone_city=jinja2.pass_context(city),
        list_separator=jinja2.pass_context(lambda context: list_separator(page_lang(context))),
    )
