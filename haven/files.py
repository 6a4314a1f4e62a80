"""Finding the site's files: only regular files inside the site folder, with names that are text.

A symbolic link is followed only to a file inside the site folder: a link out of it would
publish whatever it points at (a link to /etc/passwd in static/), and a loop never ends.
Editors' and file managers' own files (`scratch`) are passed over, as serve's watcher does;
hidden ones among them, but for static/.well-known/ (`WELL_KNOWN`).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from urllib.parse import quote, unquote

from .problems import Problem, error

# Control characters, and those that turn the text around them right to left (or are invisible).
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


# Files that editors and file managers leave beside the site's own, none of them part of the site:
# hidden names (.git, macOS's .DS_Store, vim's .x.swp, Emacs's lock .#x: a link to nowhere while a
# buffer has unsaved changes), Emacs's autosave #x#, backups (x~, x.bak), vim's swap files and its
# test file 4913, JetBrains' x___jb_tmp___, Windows' Thumbs.db and desktop.ini. Some are rewritten
# while you type: the loader skips them, and serve does not rebuild for them.
_SCRATCH = re.compile(r"^[.#]|~$|\.(?:swp|swo|swx|bak)$|^4913$|___jb_\w+___$|^(?:thumbs\.db|desktop\.ini)$", re.I)


def scratch(name: str) -> bool:
    """True for a file (or folder) name that belongs to an editor or file manager, not the site."""
    return _SCRATCH.search(name) is not None


# The one hidden name the site's own files may have: static/.well-known/ (RFC 8615: security.txt
# and the like) is published at /.well-known/. Hidden names inside it are scratch as anywhere.
WELL_KNOWN = ".well-known"


def unread(parts: tuple[str, ...]) -> bool:
    """True for a path below the site folder (its parts) that a build does not read: one with a
    scratch name in it, static/.well-known/ aside."""
    return any(scratch(part) for index, part in enumerate(parts)
               if not (index == 1 and part == WELL_KNOWN and parts[0] == "static"))


def in_other_capitals(rel: str, names) -> str:
    """'which does not exist: the file is static/IMG_0412.JPG ...' when one of `names` (paths below
    static/) is `rel` in other capitals, else ''. A phone's IMG_0412.JPG shown as img_0412.jpg is
    found on a Mac or Windows, where capitals do not count in file names, but not on the web host."""
    folded = rel.casefold()
    other = next((name for name in sorted(names) if name.casefold() == folded and name != rel), None)
    if other is None:
        return ""
    return (f"does not exist: the file is static/{other}, whose name has other capitals (they count in web "
            f"addresses); write /{other}")


def shown(path: str | Path) -> str:
    """A path as it can be printed: bytes that are not UTF-8, and invisible or control characters
    (a line break, a right-to-left override), become '?'."""
    return _INVISIBLE.sub("?", os.fsencode(str(path)).decode("utf-8", "replace").replace("\ufffd", "?"))


def served_file(path: str) -> str:
    """The output file that serves an address's path below the site's base ('', 'blog/x/' ->
    'blog/x/index.html'; 'feed.xml' stays), written as it is or percent-encoded, as a browser asks
    for it ('tags/%E7%9D%A1%E7%9C%A0/' and 'tags/睡眠/' -> 'tags/睡眠/index.html')."""
    path = unquote(path)
    return path + "index.html" if path == "" or path.endswith("/") else path


def ascii_address(url: str) -> str:
    """`url` with each character outside ASCII percent-encoded as UTF-8, as a sitemap must write
    it ('https://x.org/tags/睡眠/' -> 'https://x.org/tags/%E7%9D%A1%E7%9C%A0/'); pages write the
    address as it is, which HTML allows. An ASCII address, escapes and all, stays as it is."""
    return url if url.isascii() else quote(url, safe="".join(map(chr, range(33, 127))))


def _rel(path: str, source: Path) -> str:
    return shown(Path(path).relative_to(source).as_posix())


def not_a_folder(folder: Path, source: Path, holds: str) -> Problem | None:
    """A problem if `folder` exists but is not a folder (a file named content/articles, say)."""
    if folder.is_symlink() and not folder.exists():
        return _link_problem(str(folder), _rel(str(folder), source), source.resolve())
    if os.path.lexists(folder) and not folder.is_dir():
        return error(_rel(str(folder), source), 0, f"is a file, but it must be a folder holding {holds}; "
                                                   "rename or remove the file")
    return None


def walk(folder: Path, source: Path, problems: list[Problem], keep: str = "") -> list[str]:
    """Every file below `folder`, in the order of sorted(folder.rglob('*')), with what cannot be
    used (links out of the site, loops, pipes, names that are not text) added to `problems`.
    `keep`: a hidden folder at the top of `folder` walked all the same (static/'s WELL_KNOWN)."""
    return _walk(folder, source, problems, keep)[0]


def listed(folder: Path, source: Path, problems: list[Problem], changes=None, keep: str = "") -> tuple[list[str], bool]:
    """`walk`, and whether `changes` (serve's state.Changes) vouches for the files found: no
    symbolic link is met (a change to a link's target is reported under the target's name).

    The folder is not walked again when `changes` knows that nothing was added to it or taken from
    it since the last walk: each file it names there is still a plain file the walk found."""
    if changes is None:
        return walk(folder, source, problems, keep), False
    key = (str(folder), str(source))
    last = changes.walks.pop(key, None)
    if last is None or not _same_files(folder, source, last[0], changes.paths):
        found: list[Problem] = []
        paths, linked = _walk(folder, source, found, keep)
        last = (paths, found) if not linked else None
        problems.extend(found)
        if last is None:
            return paths, False
    else:
        problems.extend(last[1])
    changes.walks[key] = last
    return last[0], changes.paths is not None


def _same_files(folder: Path, source: Path, known: list[str], changed: set[str] | None) -> bool:
    """True when no path in `changed` (site-relative, a folder's ending in '/') can have added a
    file below `folder` or taken one away: each is a file in `known` that is still a plain file."""
    if changed is None:
        return False
    inside = folder.relative_to(source).as_posix() + "/"
    for rel in changed:
        if rel.endswith("/"):
            if rel.startswith(inside) or inside.startswith(rel):
                return False
        elif rel.startswith(inside):
            path = str(source / rel)
            try:
                plain = stat.S_ISREG(os.lstat(path).st_mode)
            except OSError:
                return False
            if not plain or path not in known:  # (a few told paths: a scan costs less than a set kept)
                return False
    return True


def _walk(folder: Path, source: Path, problems: list[Problem], keep: str = "") -> tuple[list[str], bool]:
    """walk's files, and whether a symbolic link was followed on the way."""
    found: list[tuple[tuple[str, ...], str]] = []
    root = source.resolve()
    linked = False

    def visit(path: str, parts: tuple[str, ...]) -> None:
        nonlocal linked
        with os.scandir(path) as entries:
            for entry in entries:
                # (before anything else: an editor's lock may be a link to nowhere)
                if scratch(entry.name) and not (entry.name == keep and not parts):
                    continue
                try:
                    entry.name.encode("utf-8")
                except UnicodeEncodeError:
                    problems.append(error(_rel(entry.path, source), 0, "has a name that is not valid UTF-8 text "
                                          "(shown here with '?'); rename it using letters, digits and hyphens"))
                    continue
                if _INVISIBLE.search(entry.name):
                    problems.append(error(_rel(entry.path, source), 0, "has an invisible or control character in its "
                                          "name (shown here with '?'); rename it using letters, digits and hyphens"))
                    continue
                if entry.is_symlink():
                    linked = True
                    problem = _link_problem(entry.path, _rel(entry.path, source), root)
                    if problem:
                        problems.append(problem)
                        continue
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, (*parts, entry.name))
                elif entry.is_file():
                    found.append(((*parts, entry.name), entry.path))
                else:
                    problems.append(error(_rel(entry.path, source), 0,
                                          "is not a regular file (a pipe, socket or device); remove it"))

    link = _link_above(folder, source)  # static/ itself may be a link: to a folder in the site, it is fine
    top = _link_problem(str(link), _rel(str(link), source), root, folder_ok=True) if link else None
    if top is not None:
        problems.append(top)
        return [], True
    try:
        visit(str(folder), ())
    except OSError as exc:  # the folder itself cannot be listed
        problems.append(error(_rel(str(folder), source), 0, f"cannot be read ({exc.strerror}); check that it is a "
                                                            "normal folder you are allowed to open"))
        linked = True  # (nothing to vouch for: walked again next time)
    return [path for _, path in sorted(found)], linked or link is not None


def _link_above(folder: Path, source: Path) -> Path | None:
    """`folder`, or the folder between it and `source`, that is a symbolic link; else None."""
    path = folder
    while path != source and path != path.parent:
        if path.is_symlink():
            return path
        path = path.parent
    return None


def _link_problem(path: str, rel: str, root: Path, folder_ok: bool = False) -> Problem | None:
    """Why the symbolic link at `path` cannot be followed, or None for a link to a file in the site
    (or to a folder in it, if `folder_ok`)."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return error(rel, 0, "is a symbolic link that leads round in a loop; replace it with the file itself")
        return error(rel, 0, f"is a symbolic link to '{shown(os.readlink(path))}', which does not exist; "
                             "remove the link, or put the file itself here")
    if not target.is_relative_to(root):
        return error(rel, 0, f"is a symbolic link to '{shown(target)}', outside the site folder; nothing outside "
                             "the site folder is published: copy the file into the site instead of linking to it")
    if target.is_dir() and not folder_ok:
        return error(rel, 0, "is a symbolic link to a folder, which is not followed; move the folder here "
                             "instead of linking to it")
    return None
