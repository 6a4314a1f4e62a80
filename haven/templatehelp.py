"""A template asking for what a value does not have (`{{ site.title }}`), said in the editor's
terms: the value as the template's line writes it (`site`, `config.site`), never a Python class,
and the name meant when one is close (`config.site.titel`: did you mean `config.site.title`?).
"""

from __future__ import annotations

import dataclasses
import re

# Values whose own names (a text's methods, say) are not what a template means by a dot.
_PLAIN = (str, bytes, int, float, bool, list, tuple, set, frozenset, type(None))
_EXPRESSION = r"([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)"  # (a name and its dotted parts: config.site)


def missing_attribute(value, name, line: str, site) -> str:
    """The message for `value.name` that does not exist, at a template line reading `line`."""
    written = _written(line, name, value)
    what = f"'{written}'" if written else "a value on this line"
    if not isinstance(name, str):
        return f"{what} has no element {name!r}; correct this line, or delete the site's copy of the template to use the default one"
    if isinstance(value, str):
        return f"{what} is a text, which has no '{name}'; correct this line"
    meant = _close(name, _names(value))
    if meant:
        return f"{what} has no '{name}'; did you mean '{written + '.' if written else ''}{meant}'?"
    elsewhere = _elsewhere(name, site)
    if elsewhere:
        return f"{what} has no '{name}'; did you mean '{elsewhere}'?"
    return f"{what} has no '{name}'; correct this line, or delete the site's copy of the template to use the default one"


def _written(line: str, name, value) -> str:
    """How the line writes the value whose `name` is missing ('config.site' in
    `{{ config.site.titel }}`, 'site.articles' in `{{ site.articles[9] }}`); '' when the line does
    not say it plainly, or says several."""
    key = re.escape(str(name))
    after = rf"(?:\s*\.\s*{key}\b|\s*\[\s*['\"]?{key}['\"]?\s*\])" if isinstance(name, str) else rf"\s*\[\s*{key}\s*\]"
    found = {re.sub(r"\s+", "", m) for m in re.findall(_EXPRESSION + after, line)}
    label = getattr(value, "_label", None)  # (render.Reads: the name templates know it by)
    if label in found:
        return str(label)
    return found.pop() if len(found) == 1 else (str(label) if label == "site" else "")


def _names(value) -> list[str]:
    """What a template may write after a dot on `value`."""
    target = getattr(value, "_target", value)  # (through render.Reads)
    if isinstance(target, dict):
        return sorted(str(key) for key in target)
    if isinstance(target, _PLAIN):
        return []
    names = {n for n in dir(target) if not n.startswith("_")}
    if dataclasses.is_dataclass(target):
        names |= {f.name for f in dataclasses.fields(target)}
    return sorted(names)


def _close(name: str, names: list[str]) -> str | None:
    if name in names:  # (there, but not usable here: no better name to offer)
        return None
    import difflib  # (here: only a misspelling needs it)

    match = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return match[0] if match else None


def _elsewhere(name: str, site) -> str:
    """Where the site's settings have `name` (or a name close to it), written as a template does:
    `config.site.title` for `site.title`."""
    config = getattr(site, "config", None)
    places = [("config.site", getattr(config, "site", None)), ("config.clinic", getattr(config, "clinic", None)),
              ("config", config), ("site", site)]
    places = [(written, value) for written, value in places if value is not None]
    for written, value in places:
        if name in _names(value):
            return f"{written}.{name}"
    for written, value in places:
        meant = _close(name, _names(value))
        if meant:
            return f"{written}.{meant}"
    return ""
