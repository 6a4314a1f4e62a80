"""The `haven` command (and `python -m haven`): the same command line as `python build.py`."""

from __future__ import annotations

import gc
import os
import sys


def main() -> None:
    """Run the command line (haven/cli.py) and exit with its code."""
    without_collector()
    from .cli import main as run

    code = run()
    if sys.getprofile() or sys.gettrace():  # a profiler or coverage writes its report at exit
        sys.exit(code)
    # Freeing a big build's objects one by one takes most of a second; everything is written
    # and closed by now, so leave at once (as mypy does).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def without_collector() -> None:
    """A command runs one build and leaves (main): the cyclic collector's full passes over a big
    site's objects cost more than the garbage they find (2 of 6 s of a rebuild with nothing changed
    at 10,000 articles, the peak memory the same), so it stays off, from before the generator's
    imports (their objects cost it 2 ms). serve runs for hours and collects after each rebuild
    (server.py); workers collect their own."""
    if "serve" not in sys.argv[1:]:
        gc.disable()


if __name__ == "__main__":
    main()
