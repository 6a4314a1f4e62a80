#!/usr/bin/env python3
"""Build the clinic website: `python build.py --help` lists the commands."""

import sys

from haven.cli import main

if __name__ == "__main__":
    sys.exit(main())
