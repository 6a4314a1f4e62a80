#!/usr/bin/env python3
"""Build the clinic website: `python build.py --help` lists the commands.

The same command line as the installed `haven` command (haven/__main__.py), run from a checkout."""

import sys

if __name__ == "__main__":
    try:
        import haven.cli  # noqa: F401 - fails here, with the advice below, when a dependency is missing
        from haven.__main__ import main
    except KeyboardInterrupt:  # Ctrl+C while Python is still starting up
        sys.exit(130)
    except ImportError as exc:
        sys.exit(
            f"Cannot start: {exc}.\n"
            "Install what the generator needs first:\n"
            "  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt\n"
            "then run it with .venv/bin/python build.py"
        )
    main()
