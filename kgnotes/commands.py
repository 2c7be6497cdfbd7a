"""What each subcommand does, given parsed arguments. Only this module and the reporters
write to stdout."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kgnotes.config import LoadedConfig, load_config
from kgnotes.errors import UsageError


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _input_paths(args: argparse.Namespace, loaded: LoadedConfig) -> list[str]:
    if args.paths:
        return list(args.paths)
    return [_display(loaded.resolve(path)) for path in loaded.config.paths]


def _display(path: Path) -> str:
    """Paths relative to the working directory when they are under it, as users typed them."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _print_problems(problems: list[str]) -> None:
    for problem in problems:
        print(f"kgnotes: {problem}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    handler = {
        "check": run_check,
        "parse": run_parse,
        "rules": run_rules,
        "schema": run_schema,
        "graph": run_graph,
        "build": run_build,
        "explain-question": run_explain_question,
        "answers": run_answers,
    }[args.command]
    return handler(args)


def run_check(args: argparse.Namespace) -> int:
    from kgnotes.diagnostics import exit_code
    from kgnotes.engine import active_rules, run_rules
    from kgnotes.loading import load_corpus
    from kgnotes.report import FORMATS
    from kgnotes.report.summary import RunSummary
    from kgnotes.rules import find_rule

    loaded = load_config(args.config)
    select, ignore = _split(args.select), _split(args.ignore)
    for key in select + ignore:
        if key.upper() != "ALL" and find_rule(key) is None and not _is_code_prefix(key):
            raise UsageError(f"unknown rule {key!r} (see 'kgnotes rules')")
    rules = active_rules(loaded, select, ignore)
    paths = _input_paths(args, loaded)
    later: frozenset[str] = frozenset()
    if args.whole_corpus and args.paths:
        paths += [_display(loaded.resolve(path)) for path in loaded.config.paths]
        later = frozenset(Path(path).as_posix() for path in args.paths)
    corpus = load_corpus(
        paths,
        loaded,
        use_cache=not args.no_cache,
        later_paths=later,
        report_paths=later if later else None,
        exclude_named=args.whole_corpus,
        jobs=args.jobs,
    )
    corpus.corpus.keep_answers = False  # each note's answers are read once, by one rule
    result = run_rules(corpus, loaded, rules, use_cache=not args.no_cache, jobs=args.jobs)
    if args.whole_corpus and args.paths:
        result = _only_reported(result, args.paths)
    summary = RunSummary(files=len(result.corpus.files), notes=len(result.corpus.notes))
    diagnostics = result.diagnostics
    if args.format == "json":
        diagnostics = _with_answers(diagnostics, result.corpus, loaded)
    report = FORMATS[args.format](diagnostics, summary)
    if args.output:
        from kgnotes.atomic import write_text_atomic

        write_text_atomic(args.output, report)
    else:
        sys.stdout.write(report)
    _print_problems(result.problems)
    # A file that could not be read is always said, even with parse-error deselected.
    reported = {(d.path, d.code) for d in result.diagnostics}
    unread = [
        f"{file.path}:{file.error_line}: {file.error}"
        for file in result.corpus.files
        if file.error and (file.path, "KGN001") not in reported
    ]
    _print_problems(unread)
    code = exit_code(result.diagnostics, result.input_error)
    code = 0 if args.exit_zero and code == 1 else code
    if getattr(args, "fast_key", None) and code in (0, 1):
        from kgnotes import fastpath

        key, folder = args.fast_key
        problems = "".join(f"kgnotes: {problem}\n" for problem in [*result.problems, *unread])
        fastpath.store(key, folder, code, report, problems)
    return code


def _only_reported(result, paths: list[str]):
    """Keep the findings on the files the user named (pre-commit's staged files)."""
    wanted = {Path(path).resolve() for path in paths}
    kept = [d for d in result.diagnostics if Path(d.path).resolve() in wanted]
    result.diagnostics = kept
    return result


def _with_answers(diagnostics: list, corpus, loaded: LoadedConfig) -> list:
    """Every finding on a question carries that question's entry of the answer map."""
    note_of = {(note.path, q.line): note for note, q in corpus.questions()}
    # Only the notes with a finding on a question are answered (again, if the check did not
    # keep its answers): a big corpus with a few findings pays for a few notes.
    notes = {id(n): n for d in diagnostics if (n := note_of.get((d.path, d.line))) is not None}
    options = _answer_options(loaded)
    answers = {
        (note.path, answer.line): answer
        for note in notes.values()
        for answer in corpus.note_answers(note, options)
    }
    enriched = []
    for diagnostic in diagnostics:
        answer = answers.get((diagnostic.path, diagnostic.line))
        if answer is not None and "answer" not in (diagnostic.data or {}):
            data = {**(diagnostic.data or {}), "answer": answer.model_dump(exclude={"candidates"})}
            diagnostic = diagnostic.model_copy(update={"data": data})
        enriched.append(diagnostic)
    return enriched


def _is_code_prefix(key: str) -> bool:
    from kgnotes.rules import REGISTRY

    return any(code.startswith(key.upper()) for code in REGISTRY) and len(key) >= 3


def run_parse(args: argparse.Namespace) -> int:
    from kgnotes.loading import load_corpus

    loaded = load_config(args.config)
    corpus = load_corpus(_input_paths(args, loaded), loaded, use_cache=False)
    files = [file.model_dump(mode="json") for file in corpus.corpus.files]
    sys.stdout.write(json.dumps(files, indent=2, ensure_ascii=False) + "\n")
    _print_problems(corpus.problems)
    broken = corpus.problems or any(file.error for file in corpus.corpus.files)
    return 2 if broken else 0


def run_rules(args: argparse.Namespace) -> int:
    from kgnotes.rules import REGISTRY, find_rule

    if args.markdown:
        sys.stdout.write(rules_markdown())
        return 0
    if args.rule:
        rule = find_rule(args.rule)
        if rule is None:
            raise UsageError(f"unknown rule {args.rule!r} (see 'kgnotes rules')")
        sys.stdout.write(f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.doc}\n")
        return 0
    width = max(len(rule.name) for rule in REGISTRY.values())
    for rule in REGISTRY.values():
        sys.stdout.write(f"{rule.code}  {rule.name:<{width}}  {rule.severity:<7}  {rule.summary}\n")
    return 0


def rules_markdown() -> str:
    """docs/rules.md: every rule's documentation, generated from the registry."""
    from kgnotes.rules import REGISTRY

    lines = [
        "# Rules",
        "",
        "Generated by `kgnotes rules --markdown` from the rule modules; do not edit by hand.",
        "",
        "| code | name | severity | what it finds |",
        "|---|---|---|---|",
    ]
    for rule in REGISTRY.values():
        lines.append(
            f"| {rule.code} | [{rule.name}](#{rule.name}) | {rule.severity} | {rule.summary} |"
        )
    for rule in REGISTRY.values():
        body = rule.doc.split("\n", 1)[1].strip() if "\n" in rule.doc else ""
        body = body.replace("\n## ", "\n### ")
        lines += [
            "",
            f"## {rule.name}",
            "",
            f"`{rule.code}` · {rule.severity} · {rule.summary}",
            "",
            body,
        ]
    return "\n".join(lines).rstrip() + "\n"


def run_schema(args: argparse.Namespace) -> int:
    from kgnotes.json_schemas import render_all

    stale = []
    for name, text in render_all().items():
        target = args.out / name
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        if args.check:
            stale.append(str(target))
            continue
        from kgnotes.atomic import write_text_atomic

        write_text_atomic(target, text)
        sys.stdout.write(f"wrote {target}\n")
    if stale:
        print(
            f"kgnotes: stale schema files: {', '.join(stale)} (run 'kgnotes schema')",
            file=sys.stderr,
        )
        return 1
    return 0


def run_graph(args: argparse.Namespace) -> int:
    from kgnotes.atomic import write_text_atomic
    from kgnotes.graph.export import to_graphml, to_json
    from kgnotes.graph.pipeline import corpus_graph
    from kgnotes.loading import load_corpus

    loaded = load_config(args.config)
    corpus = load_corpus(_input_paths(args, loaded), loaded)
    graph = corpus_graph(corpus.corpus)
    if args.json:
        write_text_atomic(args.json, to_json(graph))
    if args.graphml:
        write_text_atomic(args.graphml, to_graphml(graph))
    if not args.json and not args.graphml:
        sys.stdout.write(to_json(graph))
    else:
        sys.stdout.write(
            f"{graph.number_of_nodes()} services, {graph.number_of_edges()} relations "
            f"from {len(corpus.corpus.notes)} notes\n"
        )
    _print_problems(corpus.problems)
    return 2 if corpus.problems or any(f.error for f in corpus.corpus.files) else 0


def _answer_options(loaded: LoadedConfig):
    from kgnotes.answers import options_from_config

    return options_from_config(loaded.config)


def run_explain_question(args: argparse.Namespace) -> int:
    from kgnotes.loading import load_corpus

    path, _, line_text = args.location.rpartition(":")
    if not path or not line_text.isdigit():
        raise UsageError(f"{args.location}: expected FILE:LINE")
    if not Path(path).is_file():
        raise UsageError(f"{path}: no such file")
    loaded = load_config(args.config)
    corpus = load_corpus([path], loaded).corpus
    answers = corpus.answer_map(_answer_options(loaded))
    file_path = corpus.files[0].path if corpus.files else path
    answer = answers.get((file_path, int(line_text)))
    if answer is None:
        raise UsageError(f"{args.location}: no question starts on that line")
    if args.json:
        sys.stdout.write(
            json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        )
        return 0
    verdict = "answered" if answer.answered else "UNANSWERED"
    sys.stdout.write(f"{file_path}:{answer.line}: {answer.question}\n")
    meaning = "" if answer.semantic_score is None else f", meaning {answer.semantic_score:.2f}"
    sys.stdout.write(f"  {verdict} (score {answer.score:.2f}{meaning}, method {answer.method})\n")
    if answer.missing_terms:
        sys.stdout.write(f"  not in note: {', '.join(answer.missing_terms)}\n")
    for label, items in (("supporting", answer.supporting), ("candidates", answer.candidates)):
        for item in items:
            terms = ", ".join(item.matched_terms)
            sys.stdout.write(
                f"  {label}: {file_path}:{item.line} score {item.score:.2f} [{terms}]\n"
                f"      {item.text}\n"
            )
    return 0


def run_answers(args: argparse.Namespace) -> int:
    from kgnotes.loading import load_corpus

    loaded = load_config(args.config)
    loaded_corpus = load_corpus(_input_paths(args, loaded), loaded)
    answers = loaded_corpus.corpus.answer_map(_answer_options(loaded))
    items = [answer.model_dump(mode="json") for _, answer in sorted(answers.items())]
    sys.stdout.write(json.dumps(items, indent=2, ensure_ascii=False) + "\n")
    _print_problems(loaded_corpus.problems)
    return 2 if loaded_corpus.problems else 0


def run_build(args: argparse.Namespace) -> int:
    from kgnotes.build import build

    loaded = load_config(args.config)
    out = args.out or loaded.resolve(loaded.config.out)
    result = build(_input_paths(args, loaded), loaded, out, jobs=args.jobs)
    sys.stdout.write(
        f"Built {_display(out)}/: {result.notes} notes, {result.services} services, "
        f"{result.relations} relations; {result.errors} errors, {result.warnings} warnings "
        f"(see {_display(out / 'index.html')})\n"
    )
    _print_problems(result.problems)
    return 2 if result.input_error else 0
