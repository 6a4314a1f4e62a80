"""The build, start to end: load → check → render → check the output → write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .checks import check_output
from .output import unsafe_output, write_site
from .problems import Problem, errors
from .render import render_site
from .site import load_site


@dataclass(frozen=True)
class Result:
    problems: list[Problem]
    pages: int = 0  # HTML files written (0 when nothing was written)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def build(source: Path, output: Path | None, *, drafts: bool = False, today: dt.date | None = None,
          base_url: str | None = None, strict: bool = False) -> Result:
    """Build the site in `source`; write it to `output` unless that is None (check only).

    With `strict`, warnings stop the build like errors do."""
    if output is not None:
        problem = unsafe_output(source, output)
        if problem:
            return Result([problem])
    site, problems = load_site(source, today, drafts, base_url)
    if site is None or errors(problems):
        return Result(problems)
    rendered = render_site(site)
    problems += rendered.problems
    if errors(problems):
        return Result(problems)
    copies = {rel: path for rel, path in site.static_files}
    problems += _collisions(rendered.files, copies)
    problems += check_output(site, rendered.files, rendered.sources, set(copies))
    if errors(problems) or (strict and problems):
        return Result(problems)
    pages = sum(1 for name in set(rendered.files) | set(copies) if name.endswith(".html"))
    if output is not None:
        # A site's own static file may replace a theme file such as favicon.ico.
        files = {rel: data for rel, data in rendered.files.items() if rel not in copies}
        write_site(output, files, copies)
    return Result(problems, pages, len(set(rendered.files) | set(copies)))


def _collisions(files: dict[str, bytes], copies: dict) -> list[Problem]:
    from .problems import error

    return [
        error(f"static/{rel}", 0, f"has the same address as a page the site generates (/{rel}); rename or remove it")
        for rel in sorted(copies) if rel in files and rel.endswith((".html", ".xml", ".txt"))
    ]
