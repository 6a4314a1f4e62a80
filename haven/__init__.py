"""Haven: a static-site generator for small healthcare practices."""

__version__ = "0.1.0"
