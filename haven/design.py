"""The clinic's own look from site_config.yaml (`theme:`): accent colours checked for contrast,
the small stylesheet of colour tokens they become, and helpers the theme's templates use.

The theme's stylesheet (theme/assets/style.css) declares every colour as a token; a site with
`theme.accent` gets one more stylesheet, `tokens.css` (published hashed like the theme's own),
that sets the accent tokens for the light and the dark scheme. No inline styles: the pages'
Content-Security-Policy allows none.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

# The backgrounds accent text sits on, as declared in style.css (:root and its dark scheme).
LIGHT_BACKGROUNDS = {"page background": "#f8f7f4", "panel background": "#ffffff", "tinted panel background": "#edf3f2"}
DARK_BACKGROUNDS = {"dark page background": "#12191c", "dark panel background": "#1a2428",
                    "dark tinted panel background": "#1d2d30", "dark closing band": "#1d3538"}
LIGHT_TEXT_ON_ACCENT = "#ffffff"  # button text on the accent, light scheme
DARK_TEXT_ON_ACCENT = "#0d1417"  # button text on the accent, dark scheme
AA = 4.5  # WCAG 2.2 AA contrast for normal text
TOKENS_CSS = "tokens.css"


@functools.cache
def _hex_colour() -> re.Pattern:  # (compiled when first needed: only a site that sets its own colours has one to read)
    return re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def parse_hex(value: str) -> tuple[int, int, int] | None:
    if not _hex_colour().fullmatch(value):
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


# CSS colour keywords read by name (the common ones: a colour written another way is left to the browser).
_NAMED = {"white": "#ffffff", "black": "#000000", "red": "#ff0000", "maroon": "#800000", "green": "#008000",
          "navy": "#000080", "blue": "#0000ff", "yellow": "#ffff00", "orange": "#ffa500", "purple": "#800080",
          "gray": "#808080", "grey": "#808080", "silver": "#c0c0c0", "pink": "#ffc0cb", "darkred": "#8b0000"}


@functools.cache
def _rgb_function() -> re.Pattern:  # rgb(255, 0, 0), rgba(255 0 0 / 100%), rgb(100% 0% 0%)
    number = r"(\d+(?:\.\d+)?|\.\d+)(%?)"
    return re.compile(rf"rgba?\(\s*{number}\s*,?\s*{number}\s*,?\s*{number}\s*(?:[,/]\s*{number}\s*)?\)", re.I)


def parse_colour(value: str) -> tuple[int, int, int] | None:
    """An opaque colour as CSS writes it: #rgb, #rrggbb (#rgba and #rrggbbaa of full alpha), rgb() and
    rgba() of full alpha, or a common keyword; None for anything else (the browser's to judge)."""
    value = value.strip().lower()
    if value in _NAMED:
        return parse_hex(_NAMED[value])
    if re.fullmatch(r"#([0-9a-f]{4}|[0-9a-f]{8})", value):
        opaque = value[-1] == "f" if len(value) == 5 else value[-2:] == "ff"
        return parse_hex(value[:-1] if len(value) == 5 else value[:-2]) if opaque else None
    match = _rgb_function().fullmatch(value)
    if match is None:
        return parse_hex(value)
    r, rp, g, gp, b, bp, alpha, alpha_percent = match.groups()
    if alpha is not None and float(alpha) < (100 if alpha_percent else 1):
        return None  # (seen through: what is under it shows)
    channels = [float(n) * 2.55 if percent else float(n) for n, percent in ((r, rp), (g, gp), (b, bp))]
    return tuple(round(min(c, 255)) for c in channels)  # type: ignore[return-value]


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = luminance(parse_colour(a) or (0, 0, 0)), luminance(parse_colour(b) or (0, 0, 0))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def _failures(colour: str, against: dict[str, str]) -> list[str]:
    return [f"{contrast(colour, other):.2f}:1 against the {name} ({other})"
            for name, other in against.items() if contrast(colour, other) < AA]


@dataclass(frozen=True)
class _Scheme:
    """What an accent of one colour scheme must read against, and the words for it."""

    example: str  # a colour that reads there
    against: dict[str, str]  # name -> colour: the backgrounds and the button text
    too: str  # 'light' or 'dark': how a colour fails there
    choose: str  # what to choose instead


_LIGHT = _Scheme("#1f6f5c", {**LIGHT_BACKGROUNDS, "white button text": LIGHT_TEXT_ON_ACCENT}, "light", "darker")
_DARK = _Scheme("#7fd1b9", {**DARK_BACKGROUNDS, "dark button text": DARK_TEXT_ON_ACCENT}, "dark", "lighter")


def _accent_problem(value: str, scheme: _Scheme) -> str | None:
    if parse_hex(value) is None:
        return (f"must be a colour written like \"{scheme.example}\" (a # and six hexadecimal digits), in quotes, "
                f"got '{value}'")
    fails = _failures(value, scheme.against)
    if fails:
        return (f"'{value}' is too {scheme.too} to read in the {scheme.too} colour scheme: contrast {'; '.join(fails)}; "
                f"WCAG AA needs {AA}:1, so choose a {scheme.choose} colour")
    return None


def light_accent_problem(value: str) -> str | None:
    """Why `value` cannot be the accent of the light scheme (links, buttons), else None."""
    return _accent_problem(value, _LIGHT)


def dark_accent_problem(value: str) -> str | None:
    """Why `value` cannot be the accent of the dark scheme, else None."""
    return _accent_problem(value, _DARK)


def _mix(rgb: tuple[int, int, int], other: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return tuple(round(a + (b - a) * share) for a, b in zip(rgb, other, strict=True))  # type: ignore[return-value]


def dark_variant(accent: str) -> str:
    """A lighter tint of the light-scheme accent that reads on the dark backgrounds."""
    rgb = parse_hex(accent) or (0, 0, 0)
    for step in range(0, 101):
        candidate = _hex(_mix(rgb, (255, 255, 255), step / 100))
        if dark_accent_problem(candidate) is None:
            return candidate
    return "#ffffff"


def hover_variant(accent: str, towards: tuple[int, int, int]) -> str:
    return _hex(_mix(parse_hex(accent) or (0, 0, 0), towards, 0.3))


def tokens_css(accent: str, accent_dark: str | None) -> str:
    """The stylesheet that gives the clinic's accent to the theme's tokens, in both schemes."""
    dark = accent_dark or dark_variant(accent)
    return (
        "/* The clinic's accent colours from site_config.yaml (theme.accent, theme.accent_dark). */\n"
        f":root {{ --accent: {accent}; --link: {accent}; --link-hover: {hover_variant(accent, (0, 0, 0))}; "
        f"--accent-text: {LIGHT_TEXT_ON_ACCENT}; }}\n"
        f"@media (prefers-color-scheme: dark) {{\n  :root {{ --accent: {dark}; --link: {dark}; "
        f"--link-hover: {hover_variant(dark, (255, 255, 255))}; --accent-text: {DARK_TEXT_ON_ACCENT}; }}\n}}\n"
    )


def keep_together(text: object) -> Markup:
    """Opening hours as text that breaks only between ranges: "9:00 am – 5:00 pm" stays on one line."""
    parts = str(text).split(", ")
    return Markup(", ").join(Markup('<span class="nowrap">{}</span>').format(escape(p)) for p in parts)


def template_helpers(site) -> dict:
    """Globals for the theme's templates (`site` as templates see it)."""
    config = site.config

    def hours_groups() -> list[tuple[list, object]]:
        """The locations grouped by identical weekly hours: [(locations, one of them)], in order."""
        groups: list[tuple[list, object]] = []
        for location in config.locations:
            week = config.week_for(location)
            for members, first in groups:
                if config.week_for(first) == week:
                    members.append(location)
                    break
            else:
                groups.append(([location], location))
        return groups

    def closure_places(closure) -> list[str]:
        """The names of the locations a closure applies to; [] when it applies to all of them."""
        names = {loc.id: loc.name for loc in config.locations}
        return [names.get(i, i) for i in closure.locations]

    def every_upcoming_closure() -> list:
        """Every closure from today on, the whole clinic's and single locations', soonest first."""
        return sorted((c for c in config.closures if c.date >= site.today), key=lambda c: (c.date, c.locations))

    return {
        "hours_groups": hours_groups,
        "closure_places": closure_places,
        "every_upcoming_closure": every_upcoming_closure,
    }
