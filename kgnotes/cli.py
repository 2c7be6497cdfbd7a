"""The `kgnotes` command line. `main(argv) -> int`; nothing below it calls sys.exit.

Exit codes: 0 clean (warnings allowed), 1 error findings, 2 usage, config or input error
(a path that does not exist, a file that cannot be read), 3 internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from kgnotes import __version__
from kgnotes.errors import ConfigError, UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="files or folders (default: config, else notes/)")
    parser.add_argument("--config", type=Path, help="config file (default: found walking up)")


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {value!r}")
    return jobs


def _add_jobs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jobs",
        type=_jobs,
        default=0,
        metavar="N",
        help="worker processes for big corpora (default 0: one per core; 1: none). "
        "Findings are the same whatever N is",
    )


def _check_arguments(check: argparse.ArgumentParser) -> None:
    _add_common(check)
    check.add_argument("--format", choices=["text", "json", "github", "sarif"], default="text")
    check.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULE",
        help="only these rules (code, code prefix or name; repeat or comma-separate)",
    )
    check.add_argument(
        "--ignore", action="append", default=[], metavar="RULE", help="skip these rules"
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with errors")
    check.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    check.add_argument("--output", type=Path, help="write the report to this file")
    _add_jobs(check)
    check.add_argument(
        "--whole-corpus",
        action="store_true",
        help="read every note under the configured paths too, but report only on the "
        "given files (what the pre-commit hook does, so cross-note duplicates are seen)",
    )


def _parse_arguments(parse: argparse.ArgumentParser) -> None:
    _add_common(parse)
    parse.add_argument("--json", action="store_true", help="JSON (the default and only format)")


def _rules_arguments(rules: argparse.ArgumentParser) -> None:
    rules.add_argument("rule", nargs="?", help="code or name")
    rules.add_argument(
        "--markdown", action="store_true", help="all rules' documentation as Markdown"
    )


def _build_arguments(build: argparse.ArgumentParser) -> None:
    _add_common(build)
    build.add_argument("--out", type=Path, help="output folder (default: config, else outputs/)")
    _add_jobs(build)


def _graph_arguments(graph: argparse.ArgumentParser) -> None:
    _add_common(graph)
    graph.add_argument("--json", type=Path, metavar="FILE", help="write node-link JSON here")
    graph.add_argument("--graphml", type=Path, metavar="FILE", help="write GraphML here")


def _explain_arguments(explain: argparse.ArgumentParser) -> None:
    explain.add_argument("location", help="FILE:LINE of the question")
    explain.add_argument("--config", type=Path)
    explain.add_argument("--json", action="store_true", help="print JSON")


def _schema_arguments(schema: argparse.ArgumentParser) -> None:
    schema.add_argument("--out", type=Path, default=Path("schemas"))
    schema.add_argument("--check", action="store_true", help="fail if the files are stale")


# name -> (help, what adds its arguments), in the order `kgnotes --help` lists them
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": ("lint notes (exit 1 on error findings)", _check_arguments),
    "parse": ("print the parsed notes", _parse_arguments),
    "rules": ("list the rules, or explain one", _rules_arguments),
    "build": (
        "check, build the graph and write the HTML page and coverage reports",
        _build_arguments,
    ),
    "graph": ("extract the service graph", _graph_arguments),
    "explain-question": ("show the facts that best answer a question", _explain_arguments),
    "answers": ("print the answer map (every question)", _add_common),
    "schema": ("export the JSON Schemas to schemas/", _schema_arguments),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line. With `only` (a command name), only that command's subparser is
    built: the pre-commit hook's warm run is a few tens of milliseconds, and setting up
    all eight subcommands was 5 of them. Help and errors read the same either way."""
    parser = argparse.ArgumentParser(
        prog="kgnotes",
        description="Lint Markdown study notes and build a knowledge graph of their services.",
    )
    parser.add_argument("--version", action="version", version=f"kgnotes {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments) in COMMANDS.items():
        if only is None or name == only:
            add_arguments(subparsers.add_parser(name, help=help_text))
    return parser


def _fast_path(args: argparse.Namespace, argv: list[str]) -> int | None:
    """Replay the output of an identical earlier `check` (see kgnotes/fastpath.py)."""
    args.fast_key = None
    if args.command != "check" or args.no_cache or args.output:
        return None
    from kgnotes import fastpath

    found = fastpath.output_key(
        args.paths, str(args.config) if args.config else None, argv, args.whole_corpus
    )
    if found is None:
        return None
    key, folder = found
    hit = fastpath.lookup(key, folder)
    if hit is None:
        args.fast_key = found
        return None
    code, stdout, stderr = hit
    sys.stdout.write(stdout)
    sys.stderr.write(stderr)
    return code


@contextlib.contextmanager
def _batch_garbage_collection() -> Iterator[None]:
    """Fewer full collections while a command runs (restored after, for in-process callers).

    A check holds the whole parsed corpus in memory, and every full collection walks all
    of it: on 1,000 notes, 0.9 s of 13 s of CPU went to the collector, two thirds of it to
    full collections that found next to nothing (the notes live until the end). Young
    objects are still collected; mypy makes the same trade."""
    previous = gc.get_threshold()
    gc.set_threshold(10_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _tolerant_streams() -> None:
    """File names that are not UTF-8 arrive as surrogate escapes: print them escaped."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    argv = sys.argv[1:] if argv is None else argv
    first = argv[0] if argv else None
    parser = build_parser(only=first if first in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_request:  # argparse has printed its usage message
        return int(exit_request.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        cached = _fast_path(args, argv)
        if cached is not None:
            return cached
        from kgnotes import commands

        with _batch_garbage_collection():
            return commands.run(args)
    except (ConfigError, UsageError) as error:
        print(f"kgnotes: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("kgnotes: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as error:  # a bug: one line, never a traceback
        print(f"kgnotes: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL
