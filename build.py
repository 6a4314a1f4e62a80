#!/usr/bin/env python3
"""Build the clinic website: `python build.py --help` lists the commands."""

import os
import sys

if __name__ == "__main__":
    try:
        from haven.cli import main
    except KeyboardInterrupt:  # Ctrl+C while Python is still starting up
        sys.exit(130)
    except ImportError as exc:
        sys.exit(
            f"Cannot start: {exc}.\n"
            "Install what the generator needs first:\n"
            "  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt\n"
            "then run it with .venv/bin/python build.py"
        )
    code = main()
    if sys.getprofile() or sys.gettrace():  # a profiler or coverage writes its report at exit
        sys.exit(code)
    # Freeing a big build's objects one by one takes most of a second; everything is written
    # and closed by now, so leave at once (as mypy does).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
