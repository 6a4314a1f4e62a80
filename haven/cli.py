"""The command line: parse arguments, run a command, print problems, choose the exit code.

Exit codes: 0 success, 1 content or config errors, 2 usage errors, 130 stopped by Ctrl+C,
143 stopped by SIGTERM (129: SIGHUP).
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import shlex
import signal
import sys
import threading
import time
import traceback
from pathlib import Path

from . import __version__
from .files import shown
from .problems import command_name, processed_file, report, typed_command, warning

COMMANDS = ("build", "serve", "check", "new")


def main(argv: list[str] | None = None, now: dt.datetime | None = None) -> int:
    """Run a command; `now` (default: this moment) is the clock every date is taken from."""
    argv = list(sys.argv[1:] if argv is None else argv)
    implied = not argv or argv[0] not in (*COMMANDS, "-h", "--help", "--version")
    if implied:
        argv.insert(0, "build")
    debug = "--debug" in argv
    previous: dict = {}
    unraisable, redelivered = sys.unraisablehook, _Redelivered(sys.unraisablehook)
    try:  # Ctrl+C may come at any moment, even while the handlers are being set
        sys.unraisablehook = redelivered.hook
        previous = _stop_on_signals()
        args = _parse(_parser(), argv, implied)
        args.now = now
        code = args.run(args)
        redelivered.settle()
        return code
    except Stopped as stop:
        print(f"\nStopped ({stop.args[0].name}); the output folder was not left half-written.", file=sys.stderr)
        return 128 + int(stop.args[0])
    except KeyboardInterrupt:
        print("\nStopped; the output folder was not left half-written.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place an unexpected error is turned into words
        if debug:
            traceback.print_exc()
        print(apology(exc), file=sys.stderr)
        return 1
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        sys.unraisablehook = unraisable


class Stopped(KeyboardInterrupt):
    """SIGTERM (a process manager, `kill`) or SIGHUP (the terminal closed): stop as for Ctrl+C,
    cleaning up on the way out. args[0]: the signal."""


def _stop_on_signals() -> dict:
    """Turn SIGTERM and SIGHUP into Stopped; returns the handlers replaced (none when not the main thread)."""
    def stop(number, _frame):
        raise Stopped(signal.Signals(number))

    try:
        return {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGHUP)
                if signal.getsignal(number) is not signal.SIG_IGN}  # (nohup: ignored it stays)
    except ValueError:  # not the main thread: leave signals alone
        return {}


class _Redelivered:
    """An unraisable-exception hook that does not lose Ctrl+C.

    A signal that arrives while Python runs a weakref callback (as it does at the end of every
    import) raises there, where Python can only print it with a traceback and carry on: the
    build would go on as if the key had not been pressed. Instead, the signal is sent again to
    the main thread from a helper thread, once the callback has returned, and stops the command
    the ordinary way. Anything else goes to `fallback`."""

    def __init__(self, fallback) -> None:
        self.fallback = fallback
        self.senders: list[threading.Thread] = []

    def hook(self, unraisable) -> None:
        if not issubclass(unraisable.exc_type, KeyboardInterrupt):
            self.fallback(unraisable)
            return
        number = unraisable.exc_value.args[0] if isinstance(unraisable.exc_value, Stopped) else signal.SIGINT
        sender = threading.Thread(target=_send_later, args=(threading.main_thread().ident, number), daemon=True)
        self.senders.append(sender)
        sender.start()

    def settle(self) -> None:
        """Wait for a signal still being sent, so that it stops the command here, not after it."""
        for sender in self.senders:
            sender.join()
        time.sleep(0)  # (the moment Python runs the signal's handler)


def _send_later(thread: int, number: int) -> None:
    time.sleep(0.05)  # (long enough for the callback that caught the signal to have returned)
    signal.pthread_kill(thread, number)


def apology(exc: BaseException) -> str:
    """What an editor sees when the generator itself fails: no traceback, the file it was on."""
    where = processed_file(exc)
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    return (
        f"Sorry: the generator itself failed{f' while processing {where}' if where else ''}.\n"
        "This is most likely a bug in the generator, not a mistake of yours; the output folder was not changed.\n"
        f"Details for whoever maintains the site: {detail}\n"
        "Run the same command again with --debug to see the full report, and send it to them."
    )


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date like 2026-01-31, got '{text}'") from None
    if not 1970 <= day.year <= 9000:  # (a build counts days and years on from it)
        raise argparse.ArgumentTypeError(f"must be a date between 1970 and 9000, got '{text}'")
    return day


def _base_url(text: str) -> str:
    from .config import absolute_url

    problem = absolute_url(text)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return text


def _folder(text: str) -> Path:
    """A folder named on the command line; its full name must be text (it names the build's cache)."""
    try:
        str(Path(text).resolve()).encode("utf-8")
    except (RuntimeError, OSError):  # (Python says RuntimeError for a loop of links)
        raise argparse.ArgumentTypeError(f"'{shown(text)}' is a symbolic link that leads round in a loop; "
                                         "name the folder itself") from None
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(f"the folder's full name is not valid UTF-8 text: '{shown(Path(text).resolve())}'; "
                                         "rename the folder (or the one it is in) using plain letters") from None
    return Path(text)


def _site_folder(text: str) -> Path:
    """--source: a folder that exists (a mistyped name is a usage error, not a site without
    settings); one without site_config.yaml is the build's to report, with the file's name."""
    folder = _folder(text)
    if not folder.is_dir():
        what = "is a file, not a folder" if os.path.lexists(folder) else "does not exist"
        raise argparse.ArgumentTypeError(f"the folder '{shown(text)}' {what}; check the name: it must be the site "
                                         "folder, the one holding site_config.yaml")
    return folder


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 1 to 65535 (like 8000), got '{text}'")
    return int(text)


def _parse(parser: _Haven, argv: list[str], implied: bool = False) -> argparse.Namespace:
    """parse_args, but words left over after `new`'s title are most likely the rest of it, a
    site folder is most likely named without --source, and a word where the command
    goes (`implied`: main put `build` before it) is most likely a mistyped command. A mistake in a
    command's options is told with that command's usage line, not the list of commands."""
    command = parser.commands.get(argv[0]) if argv else None
    if command is not None:
        _no_value_for_switches(command, argv[1:argv.index("--") if "--" in argv else None])
    args, extra = parser.parse_known_args(argv)
    if extra:
        words = [word for word in extra if not word.startswith("-")]
        hint = ""
        told: argparse.ArgumentParser = parser.commands[args.command]
        if args.command == "new" and words == extra:
            hint = f"; a title of several words goes in quotes: new {_quoted(' '.join([args.title, *words]))}"
        elif words[:1] == extra[:1] and os.path.isfile(os.path.join(words[0], "site_config.yaml")):
            hint = f"; name the site folder with --source: {typed_command()} {args.command} --source {_quoted(words[0])}"
        elif implied and words[:1] == argv[1:2]:
            hint = _command_hint(words[0])
            told = parser  # (its usage lists the commands)
        elif extra[0].startswith("-"):
            hint = _option_hint(parser, args.command, extra[0].split("=")[0])
        told.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args


def _no_value_for_switches(command: _Command, words: list[str]) -> None:
    """`--drafts=yes`: a switch is on when it is given, and takes no value (argparse alone says
    only "ignored explicit argument 'yes'")."""
    for word in words:
        name, equals, value = word.partition("=")
        if not equals or not name.startswith("--"):
            continue
        meant = [option for option in command.long_options if option.startswith(name)]  # (argparse takes a prefix)
        switch = name if name in command.long_options else meant[0] if len(meant) == 1 else ""
        if switch in command.switches:
            command.error(f"argument {switch}: takes no value, got '{value}'; write {switch} alone, or leave it out")


def _command_hint(word: str) -> str:
    """`chek` where the command goes: main() took it for the default command's first argument, so
    argparse alone would only call it an unrecognized argument of `build`."""
    close = difflib.get_close_matches(word, COMMANDS, n=1)
    return (f"; '{word}' is not a command: the commands are {', '.join(COMMANDS[:-1])} and {COMMANDS[-1]}"
            f"{f'; did you mean {close[0]!r}?' if close else ''}")


def _option_hint(parser: _Haven, command: str, option: str) -> str:
    """`--ouput`: the option of `command` it most likely meant, or that it belongs to another command."""
    if option == "--version":
        return f"; --version goes before any command: {typed_command()} --version"
    close = difflib.get_close_matches(option, parser.commands[command].long_options, n=1)
    elsewhere = [name for name in COMMANDS if option in parser.commands[name].long_options]
    meant = (f"{option} is an option of {' and '.join(elsewhere)}, not of {command}; " if elsewhere else
             f"did you mean {close[0]}? " if close else "")
    return f"; {meant}{typed_command()} {command} --help lists the options of {command}"


class _Command(argparse.ArgumentParser):
    """A command's parser, which keeps the names of its long options (for _option_hint), and of
    those that take no value (for _no_value_for_switches)."""

    def __init__(self, *args, **kwargs) -> None:
        self.long_options: list[str] = []
        self.switches: list[str] = []
        super().__init__(*args, **kwargs)

    def add_argument(self, *args, **kwargs):
        action = super().add_argument(*args, **kwargs)
        names = [option for option in action.option_strings if option.startswith("--")]
        self.long_options += names
        if kwargs.get("action") in ("store_true", "store_false"):
            self.switches += names
        return action


class _Haven(argparse.ArgumentParser):
    """The command line's parser, with each command's own by its name."""

    commands: dict[str, _Command]


def _quoted(text: str) -> str:
    """`text` as a POSIX shell reads it back: as it is, in double quotes, or (with $, `, \\, !, ")
    in single ones."""
    if shlex.quote(text) == text:
        return text
    return f'"{text}"' if not any(c in text for c in '"$`\\!') else shlex.quote(text)


def _parser() -> _Haven:
    parser = _Haven(prog=command_name(), description="Build a clinic website from Markdown and YAML.")
    # (what a report of a problem with the generator, or the pin of an upgrade, needs to name)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Command)

    def common(p):
        p.add_argument("--source", type=_site_folder, default=".", metavar="DIR", help="the site folder (default: .)")
        p.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="build as if it were this day (previews scheduled posts)")
        p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")

    def strict(p):  # not for serve: the preview shows the last good build, warnings or not
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    build = sub.add_parser("build", help="build the site into the output folder (the default)")
    common(build)
    strict(build)
    build.add_argument("--output", type=_folder, metavar="DIR", help="where to write the site (default: output/ in the site folder); "
                       "a folder named here is taken from the current folder, as --source is, not from the site folder")
    build.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    build.add_argument("--base-url", type=_base_url, metavar="URL", help="override site.base_url, e.g. for a preview host")
    build.set_defaults(run=_build)

    check = sub.add_parser("check", help="check everything, write nothing")
    common(check)
    strict(check)
    check.add_argument("--drafts", action="store_true", help="check drafts too")
    check.set_defaults(run=_check)

    serve = sub.add_parser("serve", help="preview on http://127.0.0.1:PORT/ with live reload")
    common(serve)
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--no-drafts", dest="drafts", action="store_false", help="hide drafts in the preview")
    serve.set_defaults(run=_serve)

    new = sub.add_parser("new", help='start a new article: new "Article title"')
    new.add_argument("title", help="the article's title, in quotes")
    new.add_argument("--source", type=_site_folder, default=".", metavar="DIR", help="the site folder (default: .)")
    new.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    new.set_defaults(run=_new)
    parser.commands = {"build": build, "check": check, "serve": serve, "new": new}
    return parser


def _build(args) -> int:
    from .pipeline import build

    output = args.output or args.source / "output"
    started = time.perf_counter()
    result = build(args.source, output, drafts=args.drafts, today=args.today, base_url=args.base_url, strict=args.strict,
                   now=args.now)
    if not report(result.problems, args.strict):
        # (a first build has no previous output to speak of)
        print("Nothing was written; the previous output is unchanged." if output.exists() else "Nothing was written.",
              file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"Built {result.pages} pages ({result.files} files) into {shown(output)} in {elapsed:.2f} s.")
    return 0


def _check(args) -> int:
    from .pipeline import build

    result = build(args.source, None, drafts=args.drafts, today=args.today, now=args.now)
    if not report(result.problems, args.strict):
        return 1
    print(f"All good: {result.pages} pages would be built.")
    return 0


def _serve(args) -> int:
    from .server import serve

    return serve(args.source, args.port, drafts=args.drafts, today=args.today, now=args.now)


def _new(args) -> int:
    from . import scaffold
    from .config import CONFIG_FILE
    from .yamlfile import not_text

    if not_text(args.title):
        print(f"error: the title {not_text(args.title)}", file=sys.stderr)
        return 2
    if not args.title.strip():
        print("error: give the article a title, e.g. new \"First visit\"", file=sys.stderr)
        return 2
    if not os.path.lexists(args.source / CONFIG_FILE):  # a mistyped --source, or the wrong folder
        print(f"{CONFIG_FILE}: error: {_no_site(args.source)}", file=sys.stderr)
        return 1
    day = scaffold.article_day(args.source, args.now)
    today = day.date
    slug = scaffold.slug_for(args.title)
    if not slug:  # a title of emoji or punctuation alone has nothing to make an address of
        slug = scaffold.dated_slug(args.source, today)
        print(f"The title has no letters or digits for a web address; using '{slug}'. "
              "Add 'slug: your-address' to the front matter to choose one.")
    rel = f"{scaffold.ARTICLES}/{slug}.md"
    path = args.source / rel
    if os.path.lexists(path):
        print(f"{rel}: error: already exists; choose another title or edit that file", file=sys.stderr)
        return 1
    user = scaffold.address_user(args.source, slug)
    if user:
        print(f"{rel}: error: would have the address /blog/{slug}/, which {user} already uses; choose another "
              "title, or edit that article", file=sys.stderr)
        return 1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scaffold.write_article(path, args.title, today, day.language)
    except OSError as exc:
        print(f"{rel}: error: cannot be written ({exc.strerror}); check that content/articles "
              "is a folder you are allowed to change", file=sys.stderr)
        return 1
    serve = f"{typed_command()} serve"
    if args.source != Path("."):
        serve += f" --source {_quoted(str(args.source))}"
    print(f"Created {rel} (a draft). Preview it with: {serve}")
    if day.config_errors:
        _settings_broken(day)
    return 0


def _settings_broken(day) -> None:
    """After `new` on a site whose site_config.yaml has errors: where the first is (build and check
    stop at it, and list them all), and which day the article's date then follows."""
    first, more = day.config_errors[0], len(day.config_errors) - 1
    also = f" (and {more} more error{'s' if more != 1 else ''}: run check to see them all)" if more else ""
    print(warning(first.path, first.line, "the site's settings have an error here, which build and check will stop "
                  f"at until it is fixed: {first.message}{also}"), file=sys.stderr)
    if day.zone is None:
        print(f"The article is dated {day.date.isoformat()}, this computer's day: the clinic's time zone "
              "(clinic.timezone) could not be read. Check the date once the settings are fixed.", file=sys.stderr)


def _no_site(source: Path) -> str:
    """Why `new` writes nothing where there is no site_config.yaml."""
    from .config import site_above

    above = site_above(source)
    if above:
        where = f"the current folder ({shown(Path.cwd())})" if source == Path(".") else shown(source)
        return (f"not found in {where}, which is inside the site folder '{shown(above)}' that holds it, so nothing "
                f"was created; run the command there, or name it with --source {shown(above)}")
    if source == Path("."):
        return (f"not found in the current folder ({shown(Path.cwd())}): that is not a site folder, so nothing was "
                "created; run the command in the site's folder (the one holding site_config.yaml), or name that "
                "folder with --source DIR")
    return (f"not found in {shown(source)}: that is not a site folder, so nothing was created; check the folder "
            "named after --source (it must be the one holding site_config.yaml)")
