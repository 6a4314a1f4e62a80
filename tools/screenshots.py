"""Screenshots of every page of a built site at 360, 768, 1280 and 1440 px, light and dark.

    .venv/bin/python build.py build --today 2026-11-26
    .venv/bin/python tools/screenshots.py output shots/
    .venv/bin/python tools/screenshots.py output shots/ --pages / /contact/ --widths 360 1280

Writes one PNG per page, width and colour scheme into the folder given (full-page shots), named
like `contact-360-dark.png`. Needs Chromium and the playwright package (requirements-test.txt).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import launch_browser, serve_directory  # noqa: E402

WIDTHS = (360, 768, 1280, 1440)
SCHEMES = ("light", "dark")


def pages_of(output: Path) -> list[str]:
    """Every page's address below the site root: '/', '/blog/', ... (redirect pages left out)."""
    found = []
    for file in sorted(output.rglob("index.html")):
        text = file.read_text("utf-8", errors="replace")
        if 'http-equiv="refresh"' in text:
            continue
        rel = file.parent.relative_to(output).as_posix()
        found.append("/" if rel == "." else f"/{rel}/")
    return found


def shot_name(path: str, width: int, scheme: str) -> str:
    stem = path.strip("/").replace("/", "_") or "home"
    return f"{stem}-{width}-{scheme}.png"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="the built site (a build's output folder)")
    parser.add_argument("folder", type=Path, help="where to write the PNG files")
    parser.add_argument("--pages", nargs="*", help="addresses to shoot, e.g. / /contact/ (default: every page)")
    parser.add_argument("--widths", nargs="*", type=int, default=list(WIDTHS))
    parser.add_argument("--schemes", nargs="*", default=list(SCHEMES), choices=SCHEMES)
    parser.add_argument("--height", type=int, default=800, help="viewport height (shots are of the full page)")
    parser.add_argument("--first-screen", action="store_true", help="shoot only the first screen, not the full page")
    args = parser.parse_args(argv)
    pages = args.pages or pages_of(args.output)
    args.folder.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with serve_directory(args.output) as base, sync_playwright() as pw:
        browser = launch_browser(pw)
        for scheme in args.schemes:
            for width in args.widths:
                context = browser.new_context(viewport={"width": width, "height": args.height}, color_scheme=scheme)
                page = context.new_page()
                for path in pages:
                    page.goto(base.rstrip("/") + path)
                    name = shot_name(path, width, scheme)
                    page.screenshot(path=str(args.folder / name), full_page=not args.first_screen)
                    print(args.folder / name)
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
