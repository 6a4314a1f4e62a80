"""The build, start to end: load → check → render → check the output → write."""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from pathlib import Path

from .checks import check_output, editorial_warnings
from .deploycheck import check_deploy
from .output import unsafe_output, write_site
from .problems import Problem, error, errors, processing
from .render import Rendered, render_site, template_problem
from .site import THEME_DIR, Site, load_site


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
            return _result([problem])
    site, problems = load_site(source, today, drafts, base_url)
    if site is None:
        return _result(problems + _content_problems(source, problems))
    problems += editorial_warnings(site)
    # Files with errors were left out; what did load is still rendered and checked, so one run
    # shows every mistake. Links to other pages are then not checked: they may lead to a file left out.
    complete = not errors(problems)
    rendered = _render(site)
    problems += rendered.problems
    if errors(rendered.problems):
        return _result(problems)
    copies = {rel: path for rel, path in site.static_files}
    problems += _collisions(rendered, copies)
    with processing("the finished pages"):
        problems += check_output(site, rendered.files, rendered.sources, rendered.templates, set(copies), links=complete)
        problems += check_deploy(site, rendered.files, rendered.sources, copies)
    if errors(problems) or (strict and problems):
        return _result(problems)
    pages = sum(1 for name in set(rendered.files) | set(copies) if name.endswith(".html"))
    if output is not None:
        # A site's own static file may replace a theme file such as favicon.ico.
        files = {rel: data for rel, data in rendered.files.items() if rel not in copies}
        with processing(str(output)):
            problem = write_site(output, files, copies)
        if problem:
            return _result(problems + [problem])
    return _result(problems, pages, len(set(rendered.files) | set(copies)))


def _result(problems: list[Problem], pages: int = 0, files: int = 0) -> Result:
    """The outcome, each problem once (two stages may find the same one), sorted by file and line."""
    return Result(sorted(set(problems)), pages, files)


def _content_problems(source: Path, problems: list[Problem]) -> list[Problem]:
    """With a broken config, still check the content, so one run shows every mistake."""
    from .content import load_content
    from .markup import Converter

    if not (source / "site_config.yaml").is_file() or not errors(problems):
        return []
    return load_content(source, Converter("/"), store=False)[1]


def _render(site: Site) -> Rendered:
    """Render; an error raised by a template's own code is that template's problem, not a crash."""
    try:
        return render_site(site)
    except Exception as exc:  # noqa: BLE001 - re-raised unless a template is to blame
        frames = [frame.f_code.co_filename for frame, _ in traceback.walk_tb(exc.__traceback__)]
        templates = [f for f in frames if f.endswith((".html", ".xml"))]
        own = tuple(str(p) for d in site.template_dirs if d.resolve() != THEME_DIR.resolve() for p in (d, d.resolve()))
        raised_by_template = bool(templates) and frames[-1] == templates[-1]
        site_template = bool(own) and any(f.startswith(own) for f in templates)
        if not (raised_by_template or site_template):
            raise
        problem = template_problem(exc, site, "")
        return Rendered({}, {}, [error(problem.path, problem.line, f"template error: {type(exc).__name__}: {exc}; correct this line, or delete "
                                                       "the site's copy of the template to use the default one")])


def _collisions(rendered: Rendered, copies: dict) -> list[Problem]:
    """A file in static/ must not take the place of a page, a redirect, the feed or the sitemap."""
    return [
        error(f"static/{rel}", 0, f"has the same address as a page the site makes (/{rel}); rename or remove it")
        for rel in sorted(copies)
        if rel in rendered.files and (rel.endswith((".html", ".xml", ".txt")) or rel in rendered.sources)
    ]
