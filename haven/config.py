"""site_config.yaml: every option declared once, with its type, default and help."""

from __future__ import annotations

import codecs
import datetime as dt
import errno
import os
import re
import zoneinfo
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from . import design, files, yamlfile
from .catalogue import theme_word as _  # (the call to action's words: see translations._theme_defaults)
from .hours import DayHours, Week, WeekOverrides
from .problems import Problem, error, processing, warning
from .schema import Check, Reader, load, option

CONFIG_FILE = "site_config.yaml"


_URL_HOST = re.compile(r"[^\W_]([\w-]*[^\W_])?(\.[^\W_]([\w-]*[^\W_])?)*\.?|\[[0-9a-fA-F:.]+\]")
_URL_PATH = re.compile(r"(/[\w.~!$&()*+,;=:@%-]*)*")  # no spaces, quotes, <, >, backslashes


def absolute_url(value: str) -> str | None:
    """Why `value` cannot be the site's public address (absolute http(s), a host, no password), else None."""
    example = "like https://www.your-clinic.org/"
    if not value.startswith(("https://", "http://")):
        return f"must be an absolute address starting with https://, {example}, got '{value}'"
    if "?" in value or "#" in value:
        return f"must not contain '?' or '#', got '{value}'"
    parts = urlsplit(value)
    if "@" in parts.netloc:
        return f"must not contain a user name or password (the part before '@'); they would be published, got '{value}'"
    host = parts.netloc.rsplit(":", 1)[0] if not parts.netloc.endswith("]") else parts.netloc
    if not _URL_HOST.fullmatch(host):
        return f"must name a host after https://, {example}, got '{value}'"
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0 or (port is None and parts.netloc.endswith(":")):
        return f"has a port that does not exist (ports go from 1 to 65535), got '{value}'"
    if not _URL_PATH.fullmatch(parts.path):
        return (f"must not contain spaces, quotes, '<', '>' or '\\' (write a space as %20), got '{value}'")
    return None


# What editors write for the zones of US clinics, and the place name that means it. Python knows
# EST, MST and HST too, but as offsets that never change for summer time: a New York clinic set
# to EST would say "Open now" an hour early from March to November. (Close spelling alone would
# offer 'UCT' for CST and 'WET' for EDT.)
_ABBREVIATIONS = {
    **dict.fromkeys(("EST", "EDT", "ET", "EASTERN"), "'America/New_York'"),
    **dict.fromkeys(("CST", "CDT", "CT", "CENTRAL"), "'America/Chicago'"),
    **dict.fromkeys(("MST", "MDT", "MT", "MOUNTAIN"), "'America/Denver', or 'America/Phoenix' in Arizona"),
    **dict.fromkeys(("PST", "PDT", "PT", "PACIFIC"), "'America/Los_Angeles'"),
    **dict.fromkeys(("AKST", "AKDT"), "'America/Anchorage'"),
    **dict.fromkeys(("HST", "HAST", "HDT"), "'Pacific/Honolulu'"),
}


def _timezone(value: str) -> str | None:
    meant = _ABBREVIATIONS.get(value.strip().upper())
    if meant:
        return (f"is not a time zone name: '{value}'; use the IANA name of the clinic's place, which follows its "
                f"summer time (an abbreviation does not): did you mean {meant}?")
    try:
        zoneinfo.ZoneInfo(value)
        return None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # (OSError: a name too long for a file)
        import difflib

        places = sorted(name for name in zoneinfo.available_timezones() if "/" in name)  # (not 'WET', 'UCT'...)
        match = difflib.get_close_matches(value, places, n=1)
        hint = f"; did you mean '{match[0]}'?" if match else " such as America/New_York"
        return f"is not a time zone name: '{value}'; use an IANA name{hint}"


def _phone(value: str) -> str | None:
    if not re.fullmatch(r"\+?[\d\s().-]{3,}", value) or not re.search(r"\d{3}", re.sub(r"\D", "", value)):
        return f"must be a phone number like \"+1 212-555-0100\", got '{value}'"
    return None


def _email(value: str) -> str | None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return f"must be an e-mail address like hello@example.org, got '{value}'"
    return None


MAX_SLUG = 100  # characters; a file name can have at most 255 bytes
MAX_SLUG_BYTES = 200  # of an address part in letters beyond ASCII, in UTF-8 (a Chinese letter is 3 bytes of a folder's name)


def _slug(value: str) -> str | None:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        return f"must use only lowercase letters, digits and hyphens (it becomes part of a web address), got '{value}'"
    if len(value) > MAX_SLUG:
        return f"is {len(value)} characters long; a web address part may have at most {MAX_SLUG}, so shorten it"
    return None


def _language(value: str) -> str | None:
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
        from .spoken import code_for_name  # (here: only a mistake needs the names of languages)

        code = code_for_name(value)
        hint = f": that is a language's name; write its code, {code}" if code else ""
        return f"must be a language code like en, es or zh-Hans, got '{value}'{hint}"
    return None


def _year(value: int) -> str | None:
    if not 1900 <= value <= 2200:
        return f"must be a year like 2020, got '{value}'"
    return None


def _site_path(value: str) -> str | None:
    if value.startswith(("http://", "https://", "mailto:", "tel:")):
        return None
    if not value.startswith("/"):
        return f"must be a site address starting with '/' (like /blog/) or a full https:// address, got '{value}'"
    return None


def _host(value: str) -> str | None:
    if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", value):
        return f"must be a bare host name in lowercase, like cdn.example.org (no https://, no path), got '{value}'"
    return None


def _https(value: str) -> str | None:
    if not value.startswith("https://"):
        return f"must be an https:// address of the form service, got '{value}'"
    return None


def at_most(limit: int, what: str) -> Check:
    """A limit on the length of a list: each entry shows on many pages, so the site grows with its square."""
    def rule(value) -> str | None:
        if len(value) > limit:
            return f"lists {len(value)} {what}; at most {limit} are allowed, so keep the ones that matter most"
        return None
    return Check(rule)


Url = Annotated[str, Check(absolute_url)]
TimeZone = Annotated[str, Check(_timezone)]
Phone = Annotated[str, Check(_phone)]
Email = Annotated[str, Check(_email)]
Slug = Annotated[str, Check(_slug)]
Link = Annotated[str, Check(_site_path)]
Host = Annotated[str, Check(_host)]


def clinic_today(tz: dt.tzinfo, now: dt.datetime | None = None) -> dt.date:
    """The calendar day in the clinic's time zone at `now` (default: this moment), whatever the
    machine's own clock zone: an article dated that day or earlier is published, later ones wait."""
    now = now or dt.datetime.now(dt.UTC)
    if now.tzinfo is None:  # a naive time is the machine's local time
        now = now.astimezone()
    return now.astimezone(tz).date()


def _language_path(value: str) -> str | None:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        return f"must use only lowercase letters, digits and hyphens (it becomes the start of web addresses, like zh), got '{value}'"
    return None


@dataclass(frozen=True)
class LanguageSpec:
    """A further language of the site: its code, its name and the start of its addresses."""

    code: Annotated[str, Check(_language)] = option(help="The language's code (BCP 47), e.g. es or zh-Hans.", example="es")
    name: str = option(help="The language's name in that language, for the language switcher.", example="Español")
    path: Annotated[str, Check(_language_path)] | None = option(None, "Start of its web addresses; defaults to the code in lowercase.")

    @property
    def folder(self) -> str:
        return self.path or self.code.lower()


@dataclass(frozen=True)
class SiteInfo:
    """The site itself: its name, public address and languages."""

    title: str = option(help="The site's name, shown in every page title.", example="Good Health Psych")
    base_url: Url = option(help="The public address, may include a sub-path.", example="https://www.example.org/")
    legal_name: str | None = option(None, "Name in the copyright line; defaults to the title.")
    language: Annotated[str, Check(_language)] = option("en", "Language code of the content, e.g. en or es.")
    description: str = option("", "One sentence for search results and link previews.")
    copyright_start: Annotated[int, Check(_year)] | None = option(None, "First year of the copyright line.", example="2024")
    preview_image: Link | None = option(None, "Picture for link previews of pages without their own: a JPEG, PNG or WebP under static/.")
    preview_image_alt: str | None = option(None, "What the preview picture shows; required with 'preview_image'.")
    language_name: str | None = option(None, "The default language's name in the language switcher, e.g. English.")
    languages: Annotated[tuple[LanguageSpec, ...], at_most(30, "languages")] = option((), "Further languages, each served under /<path>/.")

    @property
    def base_path(self) -> str:
        """The sub-path of base_url, always starting and ending with '/'."""
        path = urlsplit(self.base_url).path.strip("/")
        return f"/{path}/" if path else "/"

    @property
    def root_url(self) -> str:
        return self.base_url.rstrip("/") + "/"


@dataclass(frozen=True)
class Clinic:
    """The clinic: its time zone and ways to reach it."""

    timezone: TimeZone = option(help="IANA time zone the hours are given in.", example="America/New_York")
    phone: Phone | None = option(None, "Main phone number, shown as a tel: link.")
    email: Email | None = option(None, "Main e-mail address, shown as a mailto: link.")


@dataclass(frozen=True)
class Closure:
    """A day the clinic is closed, or keeps other hours."""

    date: dt.date = option(help="The day, YYYY-MM-DD.", example="2026-12-25")
    label: str = option(help="What the day is, e.g. Christmas Day.", example="Christmas Day")
    hours: DayHours | None = option(None, "Special hours that day; without it, closed all day.")
    # (plain text, not Slug: any id that is not a location's, spaces and all, gets the list of ids)
    locations: tuple[str, ...] = option((), "Location ids it applies to; without it, all of them.")


@dataclass(frozen=True)
class Location:
    """An office: its address, hours and how to get there."""

    id: Slug = option(help="Short name used in the address /locations/<id>/.", example="brooklyn-heights")
    name: str = option(help="Name of the location.", example="Brooklyn Heights")
    street: str = option(help="Street and number.", example='"26 Court St #808"')
    city: str = option(help="City.", example="Brooklyn")
    region: str | None = option(None, "State or region, e.g. NY.")
    postal_code: str | None = option(None, "ZIP or postal code, in quotes.")
    country: str = option("US", "Two-letter country code.")
    phone: Phone | None = option(None, "This location's phone number.")
    email: Email | None = option(None, "This location's e-mail address.")
    hours: WeekOverrides | None = option(None, "Weekdays whose hours differ from the main schedule.")
    directions: str | None = option(None, "How to get there (Markdown).")

    @property
    def address_line(self) -> str:
        tail = " ".join(p for p in (self.region, self.postal_code) if p)
        return ", ".join(p for p in (self.street, self.city, tail) if p)


@dataclass(frozen=True)
class NavItem:
    """One link of a menu: its text and address."""

    title: str = option(help="The link text.", example="Blog")
    url: Link = option(help="Where it goes, e.g. /blog/.", example="/blog/")


@dataclass(frozen=True)
class Crisis:
    """The crisis message every page shows, the number it links and the word a text starts with."""

    text: str = option(help="Crisis message shown on every page.", example="In crisis? Call or text 988.")
    phone: Phone | None = option(None, "Number to call, linked from the message, e.g. 988.")
    # 988 answers a text starting with AYUDA in Spanish: the 'Text' button fills it in.
    text_message: str | None = option(None, "Word a text message to the number starts with, e.g. AYUDA.")


@dataclass(frozen=True)
class Contact:
    """The contact page's form and its opening text."""

    form_action: Annotated[str, Check(_https)] | None = option(None, "https address of a form service; no form without it.")
    intro: str | None = option(None, "Text at the top of the contact page (Markdown).")


@dataclass(frozen=True)
class Service:
    """A service named in the config (for the home page)."""

    title: str = option(help="Name of the service.", example="Psychotherapy")
    text: str = option(help="One or two sentences (Markdown).", example="Talk therapy for adults.")


def _static_picture(value: str) -> str | None:
    if not re.fullmatch(r"/[\w./-]+\.(svg|png|jpe?g|webp|avif)", value, re.IGNORECASE) or "/../" in value + "/":
        return (f"must be the address of a picture in the static folder, starting with '/', like /images/logo.svg "
                f"(a .svg, .png, .jpg or .webp file), got '{value}'")
    return None


Picture = Annotated[str, Check(_static_picture)]


@dataclass(frozen=True)
class Theme:
    """What the site changes of the theme's look: its accent colours and logo."""

    accent: Annotated[str, Check(design.light_accent_problem)] | None = option(
        None, "The clinic's colour for links and buttons, like \"#1f6f5c\"; it must read on a light background.")
    accent_dark: Annotated[str, Check(design.dark_accent_problem)] | None = option(
        None, "The colour in the dark scheme; without it, a lighter tint of accent is used.")
    logo: Picture | None = option(None, "The clinic's logo, a picture in static/, e.g. /images/logo.svg.")


@dataclass(frozen=True)
class Home:
    """What the home page says above everything else."""

    heading: str | None = option(None, "The home page's main heading; defaults to the site title.")
    intro: str | None = option(None, "Opening text (Markdown); defaults to the site description.")
    image: Picture | None = option(None, "A photo beside the home page's heading, in static/, e.g. /images/office.jpg.")
    image_alt: str = option("", "What the photo shows, for people who cannot see it (needed with image).")
    services: Annotated[tuple[Service, ...], at_most(50, "services")] = option((), "What the clinic offers, one entry each.")


@dataclass(frozen=True)
class CallToAction:
    """The invitation that closes every page."""

    # Translators: the heading of the call to action closing every page (a site may set its own: cta.text).
    text: str = option(_("Questions, or looking for an appointment?"), "The question at the end of every page.")
    link_text: str = option(_("Contact us"), "The link's text.")
    url: Link = option("/contact/", "Where the link goes.")


@dataclass(frozen=True)
class LanguageAssistance:
    """How a visitor asks for free language help."""

    phone: Phone | None = option(None, "Number for free language help, shown in every tagline; defaults to clinic.phone.")
    languages: Annotated[tuple[Annotated[str, Check(_language)], ...], at_most(60, "languages")] = option((), "Codes of the languages whose taglines are shown, e.g. [es, zh-Hans, ru].")
    taglines: dict[str, str] | None = option(None, "Code -> tagline, for a language the theme has none for; '{phone}' marks where the number goes.")


@dataclass(frozen=True)
class Notices:
    """Where the notices a US practice posts are."""

    privacy_practices: Link | None = option(None, "Address of the HIPAA Notice of Privacy Practices, a page of content/pages.")
    good_faith_estimate: bool = option(False, "Publish /good-faith-estimate/: the No Surprises Act notice.")
    nondiscrimination: bool = option(False, "Publish /nondiscrimination/: the Section 1557 notice of nondiscrimination.")
    language_assistance: LanguageAssistance | None = option(None, "Taglines offering free language help, on /nondiscrimination/.")
    accessibility: bool = option(False, "Publish /accessibility/: how to report a barrier.")
    accessibility_response_days: Annotated[int, Check(lambda n: None if 1 <= n <= 60 else f"must be between 1 and 60 business days, got {n}")] = option(5, "Business days within which the clinic answers a report of a barrier.", example="5")
    civil_rights_coordinator: str | None = option(None, "Who handles discrimination complaints (name or title); defaults to the clinic.")


@dataclass(frozen=True)
class Config:
    """Everything site_config.yaml holds, read and checked."""

    site: SiteInfo = option(help="The site's name and address.", example="(a group with title and base_url)")
    clinic: Clinic = option(help="Time zone and main contact details.", example="(a group with timezone)")
    hours: Week = option(help="The weekly schedule.", example="(monday: \"09:00-17:00\" and so on)")
    crisis: Crisis = option(help="The crisis message on every page.", example="(a group with text and phone)")
    closures: Annotated[tuple[Closure, ...], at_most(500, "closures")] = option((), "Dated closures and special hours.")
    locations: Annotated[tuple[Location, ...], at_most(100, "locations")] = option((), "The clinic's offices.")
    navigation: Annotated[tuple[NavItem, ...], at_most(30, "menu entries")] = option((), "Main menu; defaults to Home, Blog, Locations, Contact.")
    footer_navigation: Annotated[tuple[NavItem, ...], at_most(30, "footer links")] = option((), "Footer links; defaults to every page in content/pages.")
    contact: Contact = option(Contact(), "The contact page.")
    home: Home = option(Home(), "The home page.")
    cta: CallToAction = option(CallToAction(), "The call to action closing every page.")
    notices: Notices | None = option(None, "The notices a US practice posts (HIPAA, Good Faith Estimate, nondiscrimination, accessibility).")
    theme: Theme = option(Theme(), "The clinic's accent colour and logo.")
    allowed_hosts: Annotated[tuple[Host, ...], at_most(30, "hosts")] = option((), "Other hosts pages may load files from (avoid: it tells them who visits).")

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.clinic.timezone)

    def today(self, now: dt.datetime | None = None) -> dt.date:
        """The one notion of "today": the clinic's calendar day (clinic.timezone) at `now`."""
        return clinic_today(self.tz, now)

    def week_for(self, location: Location | None) -> Week:
        return self.hours.with_overrides(location.hours if location else None)

    @property
    def timezone_city(self) -> str:
        """'America/New_York' -> 'New York', for "All times are New York time"."""
        return self.clinic.timezone.rsplit("/", 1)[-1].replace("_", " ")

    def upcoming_closures(self, location: Location | None, today: dt.date) -> list[Closure]:
        """The closures that apply to `location` from `today` on, soonest first."""
        return sorted((c for c in self.closures_for(location) if c.date >= today), key=lambda c: c.date)

    def closures_for(self, location: Location | None) -> tuple[Closure, ...]:
        return tuple(
            c for c in self.closures
            if not c.locations or (location is not None and location.id in c.locations)
        )


def load_config(source: Path) -> tuple[Config | None, list[Problem]]:
    """Read and validate site_config.yaml; returns the config or None, with every problem."""
    path = source / CONFIG_FILE
    if path.is_dir():
        return None, [error(CONFIG_FILE, 0, "is a folder, but it must be the site's settings file; rename the folder")]
    if not os.path.lexists(path):
        return None, [error(CONFIG_FILE, 0, _not_found(source))]
    with processing(CONFIG_FILE):
        return _load_config(path)


def _not_found(source: Path) -> str:
    """Where site_config.yaml was looked for, and the two ways on: the right folder, or a new site
    (a new clinic meets this first, in an empty folder, before any page of the docs)."""
    where = f"the current folder ({files.shown(Path.cwd())})" if source == Path(".") else files.shown(source)
    above = site_above(source)
    if above:
        return (f"not found in {where}, which is inside the site folder '{files.shown(above)}' that holds it; run the "
                f"command there, or name it with --source {files.shown(above)}")
    return (f"not found in {where}; run the command in the site's folder (the one holding site_config.yaml), or "
            "name that folder with --source DIR. To start a new site, write one there: the smallest is in "
            "docs/errors.md, section 1")


def site_above(source: Path) -> str | None:
    """The nearest folder above `source` holding site_config.yaml (a command run in content/
    of a site), as named from the current folder; None where there is none."""
    for folder in source.resolve().parents:
        if (folder / CONFIG_FILE).is_file():
            return os.path.relpath(folder)
    return None


def _load_config(path: Path) -> tuple[Config | None, list[Problem]]:
    text, problem = read_text(path, CONFIG_FILE, _EMPTY_CONFIG)
    if problem:
        return None, [problem]
    data, problems = yamlfile.parse(text, CONFIG_FILE)
    if problems:
        return None, problems
    if data is None:
        return None, [error(CONFIG_FILE, 0, _EMPTY_CONFIG)]
    reader = Reader(CONFIG_FILE, problems)
    config = load(Config, data, reader, "", 1)
    if config is None:
        return None, problems
    problems += _cross_checks(config, data)
    problems += _pictures_exist(config, data, path.parent)
    problems += _placeholder_warnings(config, data)
    problems += _plain_http_warning(config, data)
    return (config if not any(not p.warning for p in problems) else None), problems


_EMPTY_CONFIG = "is empty; it needs at least site, clinic, hours and crisis (see docs/errors.md for a minimal example)"


def read_text(path: Path, shown: str, empty: str = "is empty; write its content, or delete the file if it is not needed",
              raw: bytes | None = None) -> tuple[str, Problem | None]:
    """Read a UTF-8 text file, turning the usual mistakes into problems. `raw`: its first
    MAX_FILE_BYTES + 1 bytes, when the caller has read them already (the file is not read again)."""
    if raw is None:
        try:
            if not path.is_file() and os.path.lexists(path) and not path.is_symlink():  # a pipe would never end
                kind = "a folder" if path.is_dir() else "not a regular file"
                return "", error(shown, 0, f"is {kind}; it must be a text file")
            with path.open("rb") as file:
                raw = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return "", error(shown, 0, "is a symbolic link that leads round in a loop; replace it with the file itself")
            return "", error(shown, 0, f"cannot be read ({exc.strerror}); check that it is a normal file you are allowed to open")
    if len(raw) > MAX_FILE_BYTES:
        return "", error(shown, 0, f"is larger than {MAX_FILE_BYTES // 1024} kB, more than any page needs; split it into "
                                   "several files (pictures and documents belong in static/, not in the text)")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # (its first byte is no accented letter)
        return "", error(shown, 0, "is saved as UTF-16 text (Notepad and Word call it 'Unicode'), not UTF-8; re-save "
                                   "the file with UTF-8 encoding in your editor")
    name = shown.rpartition("/")[2]
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # (a zip, as .docx, .odt, .pages are; Word 97's .doc)
        return "", error(shown, 0, "is a word processor's document (.docx, .odt or .pages), not plain text; in the word "
                                   f"processor, save it as plain text (.txt, encoding UTF-8), then name that file {name}")
    if raw.startswith(b"{\\rtf"):  # (TextEdit's and WordPad's own format: text, but full of RTF's commands)
        return "", error(shown, 0, "is saved as Rich Text (RTF), not plain text; in the word processor or TextEdit, "
                                   f"save it as plain text (.txt, encoding UTF-8), then name that file {name}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # (exc.object: the bytes after a byte-order mark, which exc.start counts in)
        line = exc.object[: exc.start].count(b"\n") + 1
        byte = exc.object[exc.start]
        return "", error(shown, line, f"is not saved as UTF-8 text (byte 0x{byte:02x} on this line, often an accented letter "
                                      "or curly quote); re-save the file with UTF-8 encoding in your editor")
    if not text.strip():
        return "", error(shown, 0, empty)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    wrong = yamlfile.not_text(text)
    if wrong:
        return "", error(shown, text.count("\n", 0, yamlfile.first_not_text(text)) + 1, wrong)
    return text, None


# A long article is 50 kB; a bigger text file is a mistake (or an attack), and converting some
# shapes of Markdown takes longer than the text's size alone would say (see limits.py).
MAX_FILE_BYTES = 256 * 1024


def _cross_checks(config: Config, data) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    locations = data.get("locations") or []
    ids = {loc.id for loc in config.locations}
    # (a location with an error is not in config.locations: its id, as written, is not said to be unknown)
    written = {str(raw.get("id")) for raw in locations if hasattr(raw, "get") and raw.get("id") is not None}
    for raw in locations:  # (read from what is written: a location left out for an error leaves config's list shorter)
        loc_id = raw.get("id") if hasattr(raw, "get") else None
        if loc_id is None or str(loc_id) not in ids:
            continue
        line = yamlfile.line_of(loc_id, 0)
        if loc_id in seen:
            problems.append(error(CONFIG_FILE, line, f"location id '{loc_id}' is used twice (first on line {seen[loc_id]}); "
                                                     "each location needs its own id"))
        seen.setdefault(loc_id, line)
    problems += _language_checks(config, data)
    closures = data.get("closures") or []
    dates: dict[tuple, int] = {}
    for closure, raw in zip(config.closures, closures, strict=False):
        line = yamlfile.line_of(raw.get("date") if hasattr(raw, "get") else None, 0)
        for loc_id in closure.locations:
            if loc_id not in ids and loc_id not in written:
                known = ", ".join(sorted(ids)) or "none yet"
                problems.append(error(CONFIG_FILE, line, f"closure on {closure.date} names location '{loc_id}', which is not "
                                                         f"in 'locations' (ids: {known}); use one of those ids"))
        key = (closure.date, closure.locations)
        if key in dates:
            problems.append(error(CONFIG_FILE, line, f"{closure.date} is listed twice in 'closures' (first on line {dates[key]}); keep one"))
        dates.setdefault(key, line)
    return problems + _closures_sharing_a_date(config, closures)


def _closures_sharing_a_date(config: Config, closures) -> list[Problem]:
    """Translations name a closure by its date (the contract: `closures: {2026-12-25: Navidad}`), so
    two closures of one date with different labels (one office's training, another's short day)
    show one translation: say so at the second, where the editor can still choose one label."""
    if not config.site.languages:
        return []
    problems: list[Problem] = []
    first: dict = {}
    listed: set = set()
    for index, (closure, raw) in enumerate(zip(config.closures, closures, strict=False), start=1):
        line = yamlfile.line_of(raw.get("date") if hasattr(raw, "get") else None, 0)
        before = first.setdefault(closure.date, (index, line, closure.label))
        if (closure.date, closure.locations) in listed:
            continue  # (the same closure again: an error to delete it, not a label to share)
        listed.add((closure.date, closure.locations))
        if before[2] != closure.label:  # (no language named: which translations files exist is not known here)
            problems.append(warning(CONFIG_FILE, line, f"closures[{index}] ('{closure.label}') is on {closure.date} like "
                                    f"closures[{before[0]}] ('{before[2]}', line {before[1]}); translations name closures "
                                    f"by date (closures: {{{closure.date}: ...}}), so a translation of that date shows "
                                    "for both; give both closures one label that fits both"))
    return problems


def _pictures_exist(config: Config, data, source: Path) -> list[Problem]:
    """theme.logo and home.image must be files of the site's static folder."""
    problems = []
    for group, key, value in (("theme", "logo", config.theme.logo), ("home", "image", config.home.image)):
        raw = (data.get(group) or {}).get(key) if hasattr(data.get(group), "get") else None
        if value and not (source / "static" / value.lstrip("/")).is_file():
            problems.append(error(CONFIG_FILE, yamlfile.line_of(raw), f"'{group}.{key}' names {value}, but there is no "
                                                                     f"file static{value}; put the picture there or fix the address"))
    if config.home.image and not config.home.image_alt.strip():
        raw = data["home"].get("image") if hasattr(data.get("home"), "get") else None
        problems.append(error(CONFIG_FILE, yamlfile.line_of(raw), "'home.image' needs an 'image_alt:' line below it saying "
                                                                 "what the photo shows, for people who cannot see it"))
    return problems


# The folders of the site's own pages and files (render.py, hosting.py): a language served under
# one would make its home page where the blog's (or the search's...) is.
_SITES_OWN_FOLDERS = frozenset({"blog", "tags", "locations", "contact", "self-assessment", "team", "services", "search",
                                "assets", "good-faith-estimate", "nondiscrimination", "accessibility"})


def _unknown_code(code: str, line: int) -> list[Problem]:
    """A site's language must be one CLDR knows, by its usual code: 'vn' (Vietnam's country code)
    was taken, its pages said lang="vn" and named days and months in English."""
    from .catalogue import canonical
    from .languages import preferred_code  # (here: people.py reads this module)
    from .people import language_name, other_spelling

    code = canonical(code)  # ('zh-yue' is Cantonese's 'yue', in BCP 47's extended form)
    better = preferred_code(code)
    if better is not None:
        return [error(CONFIG_FILE, line, other_spelling(code, better))]
    if language_name(code, "en") is None:
        return [error(CONFIG_FILE, line, f"'{code}' is not a language code known to the CLDR; write codes like en, es, "
                                         "vi, zh-Hans (a language's code, not its country's: vi, not vn)")]
    return []


def _language_checks(config: Config, data) -> list[Problem]:
    """Each further language once, never the default one again, each under its own path."""
    problems = []
    site = data.get("site") if isinstance(data, yamlfile.Map) else None
    raws = (site.get("languages") if isinstance(site, yamlfile.Map) else None) or []
    codes: dict[str, int] = {}
    paths: dict[str, int] = {}
    default = config.site.language
    if isinstance(site, yamlfile.Map) and "language" in site:
        problems += _unknown_code(default, site.key_line("language") or 1)
    for spec, raw in zip(config.site.languages, raws, strict=False):
        line = yamlfile.line_of(raw.get("code") if hasattr(raw, "get") else None, yamlfile.line_of(raw, 0))
        code = spec.code.lower()
        problems += _unknown_code(spec.code, line)  # (still a language: its translations are read as such)
        if code == default.lower():
            problems.append(error(CONFIG_FILE, line, f"'{spec.code}' is the default language (site.language), served "
                                                     "from /; list only the further languages under 'languages'"))
            continue
        if code in codes:
            problems.append(error(CONFIG_FILE, line, f"language '{spec.code}' is listed twice in 'languages' (first on "
                                                     f"line {codes[code]}); keep one"))
            continue
        codes[code] = line
        if spec.folder in _SITES_OWN_FOLDERS:
            problems.append(error(CONFIG_FILE, line, f"language '{spec.code}' would be served under /{spec.folder}/, "
                                                     "where the site has pages of its own; give it another 'path:' "
                                                     f"(its code, {code}, is the usual one)"))
        elif spec.folder in paths:
            problems.append(error(CONFIG_FILE, line, f"language '{spec.code}' would be served under /{spec.folder}/, "
                                                     f"like the language on line {paths[spec.folder]}; give it another "
                                                     "'path:'"))
        paths.setdefault(spec.folder, line)
    return problems


# Fictional values the example ships with; the clinic must replace them.
_PLACEHOLDER_PHONE = re.compile(r"555[\s.-]?01\d\d\b")
_PLACEHOLDER_HOST = re.compile(r"(^|[@./])example\.(org|com|net)\b")


def _plain_http_warning(config: Config, data) -> list[Problem]:
    """A public address without https: what visitors read there (and that they visit a mental-health
    clinic's pages) is open to anyone on their network. Only a warning: a test host may have no
    certificate yet; a preview on this computer (localhost) needs none."""
    url = config.site.base_url
    if not url.startswith("http://") or urlsplit(url).hostname in ("localhost", "127.0.0.1", "::1"):
        return []
    line = yamlfile.line_of(data["site"].get("base_url") if hasattr(data.get("site"), "get") else None, 0)
    return [warning(CONFIG_FILE, line, "'site.base_url' starts with http://, without encryption: search engines, the "
                                       "sitemap, the feeds and link previews would send visitors to pages anyone on "
                                       f"their network can read; write https://{url[len('http://'):]} (most hosts give a "
                                       "site its certificate for free)")]


def _placeholder_warnings(config: Config, data) -> list[Problem]:
    found = []

    def walk(value, name):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{name}.{key}" if name else key)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{name}[{index + 1}]")
        elif isinstance(value, str) and (_PLACEHOLDER_PHONE.search(value) or _PLACEHOLDER_HOST.search(value)):
            found.append(warning(CONFIG_FILE, yamlfile.line_of(value), f"'{name}' is still a placeholder ('{value}'); replace it with the clinic's real value"))

    walk(data, "")
    return found
