"""Where templates come from: a site's own `templates/` folder, then the default theme.

The default theme ships inside the package (`haven/theme/`: page templates, `partials/`,
`assets/`), so an installed `haven` builds any site folder. A site's `templates/` has the same
shape and overrides the theme file by file; its templates can also extend the theme's own under
the prefix `theme/` (`{% extends "theme/base.html" %}`) to change one block and keep the rest.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

# pip installs a package as plain files, so the theme is a real folder: Jinja and the build read it
# (and `serve` watches it) like a site's own templates.
THEME_DIR = Path(str(resources.files("haven").joinpath("theme")))
THEME_PREFIX = "theme"


def template_loader(template_dirs: tuple[Path, ...]) -> jinja2.BaseLoader:
    """Templates by name from `template_dirs` in order, and the theme's as `theme/<name>`."""
    return jinja2.ChoiceLoader([
        jinja2.PrefixLoader({THEME_PREFIX: jinja2.FileSystemLoader(str(THEME_DIR))}),
        _TextLoader([str(d) for d in template_dirs]),
    ])


class _TextLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader for which a template not saved as UTF-8 is the template's error, at its
    line, as any other: Jinja's own UnicodeDecodeError would be taken for the generator's bug.

    A byte-order mark some editors put at the start of a file is dropped, as it is from content
    files: kept, it would be printed before `<!doctype html>` (twice from a template extending
    another), and a character before the doctype puts browsers in quirks mode."""

    def get_source(self, environment: jinja2.Environment, template: str):
        try:
            source, filename, uptodate = super().get_source(environment, template)
            return source.removeprefix("\ufeff"), filename, uptodate
        except UnicodeDecodeError as exc:
            for folder in self.searchpath:  # (the file Jinja was reading: the first that has the name)
                path = Path(folder, *template.split("/"))
                if path.is_file():
                    raw = path.read_bytes()
                    line = raw[:exc.start].count(b"\n") + 1
                    raise jinja2.TemplateSyntaxError(
                        f"is not saved as UTF-8 text (byte 0x{exc.object[exc.start]:02x} on this line); re-save the "
                        "file with UTF-8 encoding in your editor", line, template, str(path)) from None
            raise
