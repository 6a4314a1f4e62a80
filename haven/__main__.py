"""The `haven` command (and `python -m haven`): the same command line as `python build.py`."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the command line (haven/cli.py) and exit with its code."""
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


if __name__ == "__main__":
    main()
