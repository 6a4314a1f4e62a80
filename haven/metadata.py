"""Metadata out of the GIF and SVG files of static/, which are otherwise published as they are.

A GIF's comments can hold names and places, and a drawing program's SVG holds its author, its
file paths and user names (`<metadata>`, comments, Inkscape's and Illustrator's own attributes).
Both are cut out of the file's bytes; everything else is kept byte for byte, so an animation
keeps its frames and timing and a drawing its every path (images.py publishes the result).
"""

from __future__ import annotations

import re
import struct
from xml.parsers import expat


class BadFile(ValueError):
    """A GIF or SVG file that cannot be published; the message says why, in the editor's words."""


# --- GIF ----------------------------------------------------------------------------------------

# Application extensions that make the picture what it is: looping (Netscape's, and its twin),
# and a colour profile. Any other (XMP, a program's own data) is dropped, as are comments (0xFE)
# and plain text (0x01), which no browser draws.
_GIF_APPS_KEPT = (b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012")
_GRAPHIC_CONTROL = 0xF9  # each frame's delay, disposal and transparency


def strip_gif(data: bytes) -> tuple[bytes, tuple[int, int]]:
    """The GIF in `data` without comments, plain text or foreign application blocks, and its
    width and height. Walks the file's blocks (GIF89a, section 17-27) without decoding a pixel."""
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise BadFile("is not a GIF file, though its name says so; save it again as GIF, or as PNG or WebP")
    if len(data) < 13:
        raise _cut_short()
    width, height = struct.unpack("<HH", data[6:10])
    i = 13 + _colour_table(data[10])
    out = [data[:i]]
    while i < len(data):
        kind = data[i]
        if kind == 0x3B:  # the trailer: anything after it (hidden data) is dropped
            break
        if kind == 0x21:  # an extension: label, then sub-blocks
            end = _after_sub_blocks(data, i + 2)
            if _kept_extension(data, i):
                out.append(data[i:end])
        elif kind == 0x2C:  # a frame: descriptor, its colour table, LZW code size, then sub-blocks
            start = i + 10 + (_colour_table(data[i + 9]) if i + 9 < len(data) else 0)
            end = _after_sub_blocks(data, start + 1)
            out.append(data[i:end])
        else:
            raise BadFile("is a damaged GIF file (a block of an unknown kind); export or copy it again")
        i = end
    out.append(b"\x3b")  # (a file that ends after a whole block, without its trailer, is given one)
    return b"".join(out), (width, height)


def _colour_table(flags: int) -> int:
    """The length of the colour table that a descriptor's flags announce (0 without one)."""
    return 3 * (2 << (flags & 7)) if flags & 0x80 else 0


def _after_sub_blocks(data: bytes, i: int) -> int:
    """Where a chain of sub-blocks that starts at `i` ends (after its empty terminator)."""
    while True:
        if i >= len(data):
            raise _cut_short()
        size = data[i]
        i += 1 + size
        if size == 0:
            return i


def _kept_extension(data: bytes, i: int) -> bool:
    label = data[i + 1]
    if label == _GRAPHIC_CONTROL:
        return True
    return label == 0xFF and data[i + 2] == 11 and data[i + 3:i + 14] in _GIF_APPS_KEPT


def _cut_short() -> BadFile:
    return BadFile("is a GIF file cut short (its end is missing); export or copy it again")


# --- SVG ----------------------------------------------------------------------------------------

SVG = "http://www.w3.org/2000/svg"
# The namespaces of drawing programs' own data (layer names, export paths, window sizes, the
# document's author) and of the RDF that <metadata> holds: no browser draws any of them.
EDITORS = frozenset({
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
    "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
    "http://ns.adobe.com/Extensibility/1.0/",
    "http://ns.adobe.com/Flows/1.0/",
    "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/",
    "http://ns.adobe.com/XPath/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/",
    "http://ns.adobe.com/Variables/1.0/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "adobe:ns:meta/",
})
_ATTRIBUTE = re.compile(rb"""(\s+)([^\s=/>]+)(\s*=\s*)("[^"]*"|'[^']*')""")


def strip_svg(data: bytes) -> bytes:
    """The SVG drawing in `data` without <metadata>, comments, XMP packets, or the elements and
    attributes of drawing programs' namespaces; every other byte as it was. Read with Expat, which
    reads no external file; a drawing that declares entities is refused (they can make a few bytes
    expand to gigabytes, and no drawing needs them)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # (not UTF-8: the checks of what is published say so)
    if "metadata" not in text and "<!--" not in text and "<?xpacket" not in text and not any(
            namespace in text for namespace in EDITORS):
        return data
    return _SvgCutter(data).cut()


class _SvgCutter:
    """One reading of an SVG file: the byte ranges to cut out, and the tags to write again."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.edits: list[tuple[int, int, bytes]] = []  # (start, end, replacement), in order
        self.scopes: list[dict[str, str]] = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
        self.dropping: tuple[int, int | None] = (0, None)  # where the element being left out starts (and ends)
        self.depth_in_dropped = 0  # how deep inside it the reading is (0: not inside one)
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CommentHandler = lambda _text: self._cut_to(b"-->")
        parser.ProcessingInstructionHandler = lambda target, _data: self._cut_to(b"?>") if target == "xpacket" else None
        parser.EntityDeclHandler = self._refuse_entities
        self.parser = parser

    def cut(self) -> bytes:
        try:
            self.parser.Parse(self.data, True)
        except expat.ExpatError as exc:
            raise BadFile(f"is not a well-formed SVG drawing ({expat.errors.messages[exc.code]} on its line "
                          f"{exc.lineno}), so browsers show nothing of it; export it again from the drawing "
                          "program") from None
        out, at = [], 0
        for start, end, replacement in self.edits:
            out += [self.data[at:start], replacement]
            at = end
        out.append(self.data[at:])
        return b"".join(out)

    def _refuse_entities(self, *_args) -> None:
        raise BadFile("declares entities (<!ENTITY ...>), which can make a small drawing grow to gigabytes when "
                      "read; export it again as plain SVG (in Illustrator: without 'Preserve Illustrator Editing "
                      "Capabilities')")

    def _namespace(self, qname: str, scope: dict[str, str], attribute: bool = False) -> str | None:
        if ":" not in qname:
            return None if attribute else scope.get("")
        return scope.get(qname.split(":", 1)[0])

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if self.depth_in_dropped:
            self.depth_in_dropped += 1
            return
        at = self.parser.CurrentByteIndex
        scope = dict(self.scopes[-1])
        for key, value in attributes.items():
            if key == "xmlns" or key.startswith("xmlns:"):
                scope[key[6:]] = value
        namespace = self._namespace(name, scope)
        end = _tag_end(self.data, at)
        if namespace in EDITORS or (namespace in (SVG, None) and name.rsplit(":", 1)[-1] == "metadata"):
            self.dropping = (at, end if self.data[end - 2:end] == b"/>" else None)  # (None: up to its end tag)
            self.depth_in_dropped = 1
            return
        self.scopes.append(scope)
        tag = self.data[at:end]
        kept = _ATTRIBUTE.sub(lambda match: b"" if self._editors(match.group(2).decode(), scope) else match.group(0),
                              tag)
        if kept != tag:
            self.edits.append((at, end, kept))

    def _editors(self, name: str, scope: dict[str, str]) -> bool:
        """Whether an attribute is a drawing program's, or declares the namespace of one."""
        if name.startswith("xmlns:"):
            return scope.get(name[6:]) in EDITORS
        return self._namespace(name, scope, attribute=True) in EDITORS

    def _end(self, _name: str) -> None:
        if self.depth_in_dropped:
            self.depth_in_dropped -= 1
            if self.depth_in_dropped == 0:
                start, end = self.dropping
                end = end or self.data.index(b">", self.parser.CurrentByteIndex) + 1
                self.edits.append((start, end, b""))
            return
        self.scopes.pop()

    def _cut_to(self, closing: bytes) -> None:
        if not self.depth_in_dropped:
            at = self.parser.CurrentByteIndex
            self.edits.append((at, self.data.index(closing, at) + len(closing), b""))


def _tag_end(data: bytes, start: int) -> int:
    """Where the tag that starts at `start` ends (after its '>'; a '>' inside quotes is the value's)."""
    quote = 0
    for i in range(start + 1, len(data)):
        byte = data[i]
        if quote:
            quote = 0 if byte == quote else quote
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return i + 1
    return len(data)
