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
        jinja2.FileSystemLoader([str(d) for d in template_dirs]),
    ])
