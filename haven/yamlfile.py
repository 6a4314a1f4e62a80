"""YAML parsing that remembers where every value came from.

Every scalar comes back as a `Text` (a str carrying its line), every mapping
as a `Map` and every list as a `Seq`; typing is left to the schema, so
`postal_code: 02134` stays "02134" and `date: 2024-02-30` reaches the
validator instead of crashing the parser.
"""

from __future__ import annotations

import json
import re

import yaml

from .limits import markdown_limits
from .problems import Problem, error


class Text(str):
    """A YAML scalar: its text, plus the 1-based line it sits on."""

    line: int = 0

    def __new__(cls, value: str, line: int = 0) -> Text:
        obj = super().__new__(cls, value)
        obj.line = line
        return obj


class Map(dict):
    """A YAML mapping; `key_line(k)` tells where a key was written."""

    line: int = 0
    key_lines: dict

    def key_line(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class Seq(list):
    """A YAML sequence, with the line of each item."""

    line: int = 0
    item_lines: list


_CURLY = (("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u201e", "\u201c"))


def curly_hint(value: object) -> str:
    """Why a value written in quotes was not read as meant, when they are a word processor's
    curly quotes (YAML takes those as part of the text), else ''."""
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > 2 and any(text[0] == opening and text[-1] == closing for opening, closing in _CURLY):
        return (f"; its quotes are a word processor's curly ones ({text[0]} {text[-1]}), which YAML keeps as part of "
                f"the value: write \"{text[1:-1].strip()}\" with straight quotes")
    return ""


def written(key: str, value: str) -> str:
    """The line `key: value` as an editor writes it, one that YAML reads back as `value`: plain
    when it is, else in double quotes (a ': ', a ' #', a leading '[' or '*' would start
    something else)."""
    plain = f"{key}: {value}"
    try:
        if yaml.safe_load(plain) == {key: value}:
            return plain
    except yaml.YAMLError:
        pass
    return f"{key}: {json.dumps(value, ensure_ascii=False)}"  # (a JSON string is a double-quoted YAML one)


def line_of(value, default: int = 0) -> int:
    return getattr(value, "line", 0) or default


_HINTS = {
    "mapping values are not allowed": "a colon followed by a space inside a value; put the value in quotes",
    "found character '\\t'": "a tab was used for indenting; use spaces",
    "could not find expected ':'": "a line is missing its 'key: value' colon, or a quote is not closed",
    "found unexpected end of stream": "a quote or bracket is never closed",
    "<stream end>": "a quote or bracket is never closed",
    "did not find expected key": "the indentation does not line up with the lines above",
    "expected <block end>": "the indentation does not line up with the lines above",
    "found undefined alias": "a '*' starts a value; put the value in quotes",
    "found unhashable key": "a key is a list or mapping; keys are plain words",
    "but found another document": "a line '---' starts a second document; remove it",
    "found character '@'": "a value starts with '@'; put the value in quotes",
    "found character '`'": "a value starts with '`'; put the value in quotes",
    "while scanning an anchor": "a value starts with '&'; put the value in quotes",
    "while scanning an alias": "a value starts with '*'; put the value in quotes",
    "while scanning a tag": "a value starts with '!'; put the value in quotes",
    "escape sequence": "a backslash inside double quotes; use single quotes, or write \\\\ for one backslash",
}
_DEFAULT_HINT = "a quote, colon or indentation problem on this line or the one above"
_MAX_DEPTH = 50  # deeper than any real config; stops runaway nesting early
# Values a file may hold once every '*name' is replaced by what '&name' stands for: a real site
# has a few thousand; a "billion laughs" (aliases of aliases) would have billions.
MAX_VALUES = 100_000
# Characters XML (the feed, the sitemap) cannot hold, and halves of a character (from "\ud800").
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _describe(exc: yaml.YAMLError, text: str = "", offset: int = 0) -> tuple[int, str]:
    """(line, message) for a YAML mistake: what the editor did wrong, in their words, where the
    text shows it (a missing closing quote, a missing space after a colon, a line out of step);
    the parser's own words only for a mistake not recognised."""
    if isinstance(exc, yaml.reader.ReaderError):
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        return 0, f"contains a character that is not allowed in text ({char}); delete it or retype that part"
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    if mark is not None and text:
        try:
            found = _what_went_wrong(text.split("\n"), problem, context, mark, context_mark, offset)
        except (IndexError, ValueError, AttributeError):  # a text too odd to read the mistake from: the parser's words
            found = None
        if found:
            return found[0] + 1, found[1]
    if "end of stream" in problem or "<stream end>" in problem or mark is None:
        # An unclosed quote is reported at the end of the file; point at its start.
        mark = context_mark or mark
    line = mark.line + 1 if mark else 0
    where = f" (column {mark.column + 1})" if mark else ""
    hint = next((h for key, h in _HINTS.items() if key in problem or key in context), _DEFAULT_HINT)
    return line, " ".join(f"this is not valid YAML: {problem}{where}; likely {hint}".split())


_KEY = r"(?:- +)?[^\s#'\"\[\]{}:,&*!|>%@`-][^:#]*?"  # a key, perhaps after a list's '- '
# (Left to re to compile, and keep, when first used: only a YAML error is read with them.)
_KEY_VALUE = rf"^( *)({_KEY}): +(.*)$"
_NO_SPACE = rf"^( *)({_KEY}):([^\s:/].*)$"  # 'date:2026-01-05' (not 'https://')
_NEW_ENTRY = rf"^ *(?:- |{_KEY}:(?: |$))"


def _unclosed_bracket(lines: list[str], last: int) -> tuple[int, int, str] | None:
    """(line, column, bracket) of the last '[' or '{' up to line `last` that is never closed (quotes
    and comments skipped roughly: enough to point at the line)."""
    stack: list[tuple[int, int, str]] = []
    for index, line in enumerate(lines[:last + 1]):
        quote = ""
        for column, char in enumerate(line):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (column == 0 or line[column - 1] in " [{,:"):
                quote = char
            elif char == "#" and (column == 0 or line[column - 1] == " "):
                break
            elif char in "[{":
                stack.append((index, column, char))
            elif char in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _no_closing_quote(quote: str, column: int) -> str:
    return f"the closing quote is missing: the {quote} in column {column} is never closed; add {quote} at the end of the value"


def _unclosed_quote(lines: list[str], last: int) -> tuple[int, str] | None:
    """The first line up to `last` whose value opens a quote that this line does not close, when the
    next line starts a new entry (a value may go on over several lines, but not past the next key)."""
    for index, line in enumerate(lines[:last + 1]):
        match = re.match(_KEY_VALUE, line) or re.match(r"^( *)(- +)(.*)$", line)
        value = match.group(3).rstrip() if match else ""
        if not value or value[0] not in "\"'":
            continue
        quote, rest = value[0], value[1:]
        closed = (re.search(r'(?<!\\)"', rest.replace("\\\\", "")) if quote == '"'
                  else re.search(r"'", rest.replace("''", "")))
        following = next((lines[i] for i in range(index + 1, len(lines)) if lines[i].strip()), "")
        if not closed and (not following or re.match(_NEW_ENTRY, following)):
            return index, _no_closing_quote(quote, line.index(value) + 1)
    return None


def _what_went_wrong(lines: list[str], problem: str, context: str, mark, context_mark,
                     offset: int) -> tuple[int, str] | None:
    """(0-based line, message; lines it names are shown `offset` further on) for the mistakes editors make most, read from the text; else None."""
    at = min(mark.line, len(lines) - 1)
    if "found character '\\t'" in problem and not lines[at].strip():
        return at, ("this line looks blank but holds a tab, which YAML does not allow; delete the tab (a blank line "
                    "must be empty, and indents are spaces only)")
    if "found character '\\t'" in problem:
        return at, "a tab is used to indent this line; indent with spaces only (the Tab key inserts a tab)"
    if "flow" in context:
        bracket = _unclosed_bracket(lines, at)
        if bracket is not None:
            line, column, opening = bracket
            quote = _unclosed_quote(lines, at)
            if quote and quote[0] >= line:
                return quote
            closing, what = ("]", "a list") if opening == "[" else ("}", "a group")
            return line, f"the '{opening}' in column {column + 1} that starts {what} is never closed; add '{closing}' after its last item"
    if "quoted scalar" in context and context_mark is not None and context_mark.line < len(lines):
        char = lines[context_mark.line][context_mark.column:context_mark.column + 1] or '"'
        return context_mark.line, _no_closing_quote(char, context_mark.column + 1)
    quote = _unclosed_quote(lines, at)
    if quote:
        return quote
    first = context_mark.line if context_mark is not None and "simple key" in context else max(at - 1, 0)
    for index in range(first, at + 1):
        match = re.match(_NO_SPACE, lines[index])
        if match and ": " not in lines[index]:
            _indent, key, value = match.groups()
            return index, f"a space is missing after the colon; write '{key.strip()}: {value.strip()}'"
    line = lines[at]
    if "mapping values are not allowed" in problem and ": " in line and mark.column > line.index(": "):
        key = re.match(_KEY_VALUE, line)
        fix = f"{key.group(2).strip()}: \"{key.group(3).strip()}\"" if key and '"' not in key.group(3) else 'key: "value: more"'
        return at, (f"the value has a colon followed by a space (column {mark.column + 1}), which starts a new "
                    f"'key: value'; put the whole value in double quotes: {fix}")
    if "could not find expected ':'" in problem and context_mark is not None and ":" not in lines[context_mark.line]:
        return context_mark.line, ("this line has no 'key: value' colon; write it as 'key: value', or, if it goes "
                                   "on with the value above, put that whole value in double quotes")
    values = re.match(_QUOTED_THEN_COMMA, line)
    if "found ','" in problem and values:  # (the brackets of a list left out: monday: "09:00-12:00", "13:00-17:00")
        return at, ("several values are written one after another, separated by a comma; a list of them goes in "
                    f"square brackets: {values.group(2)}[{values.group(3).rstrip()}]")
    after = _text_after_quote(line, mark.column) if "expected <block end>" in problem else None
    if after:
        return at, after
    if any(words in problem for words in ("mapping values are not allowed", "expected <block end>",
                                           "did not find expected key", "could not find expected ':'")):
        above = next((i for i in range(at - 1, -1, -1) if lines[i].strip() and not lines[i].lstrip().startswith("#")), None)
        if above is None:
            return None
        mine = len(line) - len(line.lstrip(" "))
        theirs = len(lines[above]) - len(lines[above].lstrip(" "))
        if mine == theirs and line.lstrip(" ").startswith("- "):
            return at, ("this list item ('- ...') is not under a key; put it right below the key it belongs to "
                        "(as in 'tags:' with '  - therapy' on the next line), or write the list in brackets")
        if mine == theirs:
            listed = next((i for i in range(at - 1, -1, -1) if lines[i].startswith(" " * mine + "- ")), None)
            if listed is None:
                return None
            return at, (f"this line starts in the same column as the list above it (line {listed + 1 + offset}); indent "
                        "the list's '- ' lines under their key, or line this key up with the keys of its group")
        spaces = lambda n: f"{n} space{'s' if n != 1 else ''}"  # noqa: E731
        return at, (f"the indentation does not line up: this line starts after {spaces(mine)}, line "
                    f"{{above}} after {spaces(theirs)}; the keys of one group must start in the same column "
                    "(line it up with the key it belongs beside)").replace("{above}", str(above + 1 + offset))
    return None


def _text_after_quote(line: str, column: int) -> str | None:
    """The message for a value in quotes followed by more text ('title: "Hi", she said', '- "a", "b"'),
    where the reader stopped (`column`); else None. YAML ends the value at its closing quote, so the
    rest is a mistake, not a matter of indentation."""
    match = _QUOTED_THEN_MORE.match(line)
    if match is None or match.start(4) != column:
        return None
    start, quoted, rest = match.group(1), match.group(2), match.group(4)
    value = quoted + match.group(3) + rest
    # (in single quotes, which the double ones of most such values need; a ' in it is written '')
    quoted_whole = f'"{value}"' if "'" in value and '"' not in value else f"'{value.replace(chr(39), chr(39) * 2)}'"
    whole = f"{start.strip()} {quoted_whole}"
    if start.strip() == "-" and re.fullmatch(r"""(\s*,\s*("[^"]*"|'[^']*'))+""", rest):
        return ("several values are written one after another, separated by a comma; give each item of the list "
                f"its own '- ' line, or, if it is one value, put all of it in quotes: {whole}")
    return (f"text follows the closing quote in column {match.end(2)}, but a value in quotes ends at its closing quote; "
            f"put the whole value in quotes: {whole}")


# a value in quotes, after an optional '- ' and key, then more text (not a comment): groups 1 to 4
_QUOTED_THEN_MORE = re.compile(r"""^(\s*(?:- +)?(?:[^\s"'#-][^:#]*:\s+)?)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')(\s*)([^\s#].*?)\s*$""")
_QUOTED_THEN_COMMA = re.compile(r"""^(\s*)((?:- )?[^\s"'#-][^:#]*:\s+)(["'][^"']*["']\s*,\s*["'].*)$""")
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML when the wheel has it


_BRACKETS = re.compile(r"[\[\]{}]")
_DEEP = re.compile(r"^ {%d}" % (2 * _MAX_DEPTH), re.M)


def _may_be_deep(text: str) -> bool:
    """True if the text may nest more than _MAX_DEPTH levels (by brackets or indentation), on an
    overestimate: LibYAML's composer recurses in C, where too deep a text crashes the process."""
    if _DEEP.search(text):
        return True
    depth, deepest = 0, 0
    for char in _BRACKETS.findall(text):
        depth = depth + 1 if char in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest > _MAX_DEPTH


def _compose(text: str):
    """The node tree, parsed by LibYAML; a mistake is re-parsed in Python for its clearer wording,
    and a text that may nest deeply is parsed in Python only (which stops at its recursion limit)."""
    if _may_be_deep(text):
        return yaml.compose(text, Loader=yaml.SafeLoader)
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def parse(text: str, path: str, first_line: int = 1) -> tuple[object, list[Problem]]:
    """Parse YAML text; lines are reported as if the text began at `first_line`."""
    offset = first_line - 1
    try:
        node = _compose(text)
    except yaml.YAMLError as exc:
        line, message = _describe(exc, text, offset)
        if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.position, int):
            line = text.count("\n", 0, exc.position) + 1  # the reader knows where, not on which line
        return None, [error(path, line + offset if line else first_line, message)]
    except RecursionError:
        return None, [error(path, first_line, f"is nested too deeply (more than {_MAX_DEPTH} levels of lists or groups); simplify it")]
    problems: list[Problem] = []
    if node is not None and "*" in text:  # (only an alias, '*name', repeats a value)
        big = _too_many_values(node)
        if big:
            return None, [error(path, big.start_mark.line + 1 + offset,
                                f"holds more than {MAX_VALUES:,} values once each '*name' is replaced by the "
                                "'&name' it refers to; use fewer '*name' references (or none)")]
    try:
        value = _convert(node, path, offset, problems, {}, 0) if node is not None else None
    except _TooDeep as deep:
        return None, [error(path, deep.line, f"is nested too deeply (more than {_MAX_DEPTH} levels of lists or groups), "
                                             "or a '*name' refers back to itself; simplify it")]
    return value, problems


def not_text(value: str) -> str | None:
    """A description of the first character of `value` that text must not contain, else None."""
    match = _NOT_TEXT.search(value)
    if match is None:
        return None
    return f"contains a character that is not allowed in text (#x{ord(match.group()):04x}); delete it or retype that part"


def first_not_text(value: str) -> int:
    """The index of the first character `not_text` objects to (-1 if none)."""
    match = _NOT_TEXT.search(value)
    return match.start() if match else -1


def _too_many_values(root):
    """The first node at which the values, with aliases expanded, pass MAX_VALUES; else None.

    Each node is sized once (aliases share their node), so this takes time in the file's size."""
    sizes: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes and not done:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
        if not done:
            sizes[id(node)] = 0  # under way: an alias back to it adds nothing (and _convert reports it)
            stack.append((node, True))
            stack.extend((child, False) for child in children)
            continue
        total = 1 + sum(sizes.get(id(child), 0) for child in children)
        if total > MAX_VALUES:
            return node
        sizes[id(node)] = total
    return None


_BUSY = object()  # marks a list or group whose conversion is under way


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


def _convert(node, path: str, offset: int, problems: list[Problem], seen: dict, depth: int):
    line = node.start_mark.line + 1 + offset
    if depth > _MAX_DEPTH:
        raise _TooDeep(line)
    if id(node) in seen:  # a '*name' reuses an '&name' value: convert it once
        if seen[id(node)] is _BUSY:
            raise _TooDeep(line)  # '*name' inside the '&name' it refers to
        return seen[id(node)]
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith(":null"):
            return None
        wrong = not_text(node.value)
        first = line + 1 if node.style in ("|", ">") else line  # a block's text starts below its '|'
        too_much = markdown_limits(node.value, first) if not wrong and len(node.value) > 100 else None
        if wrong:
            problems.append(error(path, line, wrong))
            return Text("", line)
        if too_much:  # (any text may be shown as Markdown)
            problems.append(error(path, *too_much))
            return Text("", line)
        return Text(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        seq = Seq()
        seq.line = line
        seq.item_lines = [item.start_mark.line + 1 + offset for item in node.value]
        seen[id(node)] = _BUSY
        seq.extend(_convert(item, path, offset, problems, seen, depth + 1) for item in node.value)
        seen[id(node)] = seq
        return seq
    result = Map()
    result.line = line
    result.key_lines = {}
    seen[id(node)] = _BUSY
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1 + offset
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(error(path, key_line, "a key must be a plain word, not a list or mapping"))
            continue
        key = key_node.value
        wrong = not_text(key)
        if wrong:
            problems.append(error(path, key_line, wrong))
            continue
        if key in result:
            first = result.key_lines[key]
            problems.append(error(path, key_line, f"'{key}' is given twice (first on line {first}); keep one"))
            continue
        result[Text(key, key_line)] = _convert(value_node, path, offset, problems, seen, depth + 1)
        result.key_lines[key] = key_line
    seen[id(node)] = result
    return result
