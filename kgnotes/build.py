"""`kgnotes build`: parse once, check, build the graph, and publish everything to --out.

Written files, all byte-identical for the same input (no timestamps, no random ids):
graph.html, graph.json, graph.graphml, coverage.md, coverage.json, check.json, index.html.
Everything is rendered in memory first and then written file by file, each atomically
(temporary file, then rename), so a build that fails or is killed leaves every output
either as it was or complete. Output names are fixed: nothing from a note ever becomes a
path.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kgnotes.atomic import write_text_atomic
from kgnotes.config import LoadedConfig
from kgnotes.engine import active_rules, run_rules
from kgnotes.errors import UsageError
from kgnotes.loading import load_corpus

OUTPUT_FILES = (
    "graph.html",
    "graph.json",
    "graph.graphml",
    "coverage.md",
    "coverage.json",
    "check.json",
    "index.html",
)


@dataclass
class BuildResult:
    out: Path
    files: list[str]
    notes: int
    services: int
    relations: int
    errors: int
    warnings: int
    problems: list[str]
    input_error: bool


class _Progress:
    """Stage lines on stderr, only on a terminal and only for runs that take a while."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        if self.enabled:
            elapsed = time.perf_counter() - self.started
            print(f"kgnotes build: {message} ({elapsed:.1f}s)", file=sys.stderr, flush=True)


def _check_out(out: Path) -> None:
    """--out must be a folder (or not exist yet) and hold no folder where an output goes."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: --out is a file, not a folder (nothing was written)")
    for name in OUTPUT_FILES:
        if (out / name).is_dir():
            raise UsageError(f"{out / name}: is a folder, not an output file (nothing was written)")


def build(
    paths: list[str],
    loaded: LoadedConfig,
    out: Path,
    progress: bool | None = None,
    jobs: int = 1,
) -> BuildResult:
    from kgnotes.answers import options_from_config
    from kgnotes.coverage import build_coverage
    from kgnotes.graph.export import node_link, to_graphml, to_json
    from kgnotes.graph.html import render_graph_html
    from kgnotes.graph.pipeline import corpus_graph
    from kgnotes.publish import coverage_md, index_html
    from kgnotes.publish.json_records import records_json

    _check_out(out)
    loaded_corpus = load_corpus(paths, loaded, jobs=jobs)
    inputs = {Path(file.path).resolve() for file in loaded_corpus.corpus.files}
    clashes = [name for name in OUTPUT_FILES if (out / name).resolve() in inputs]
    if clashes:
        raise UsageError(
            f"{out}: writing {', '.join(clashes)} would overwrite a note; "
            "choose another --out (nothing was written)"
        )
    if loaded_corpus.problems:
        # A missing path or an empty folder is a mistake on the command line: publishing
        # would replace good outputs with an empty graph. Nothing is written.
        raise UsageError("; ".join(loaded_corpus.problems) + " (nothing was written)")
    corpus = loaded_corpus.corpus
    show = _Progress(
        sys.stderr.isatty() and len(corpus.files) >= 200 if progress is None else progress
    )
    show(f"parsed {len(corpus.files)} files, {len(corpus.notes)} notes")
    rules = active_rules(loaded)
    result = run_rules(loaded_corpus, loaded, rules, jobs=jobs)
    show(f"checked: {len(result.diagnostics)} findings")
    graph = corpus_graph(corpus)
    show(f"graph: {graph.number_of_nodes()} services, {graph.number_of_edges()} relations")

    options = options_from_config(loaded.config)
    services_by_note: dict[tuple[str, int], set[str]] = defaultdict(set)
    for _node, attributes in graph.nodes(data=True):
        for site in attributes.get("sites", ()):
            services_by_note[(site["path"], site["note_line"])].add(attributes["label"])
    coverage = build_coverage(
        corpus,
        result.diagnostics,
        options,
        {key: tuple(sorted(value)) for key, value in services_by_note.items()},
    )
    show("coverage computed")

    rendered = {
        "graph.json": to_json(graph),
        "graph.graphml": to_graphml(graph),
        "graph.html": render_graph_html(node_link(graph)),
        # json, not model_dump_json: a file name that is not UTF-8 must not crash it.
        "coverage.json": records_json(coverage.model_dump(mode="json")),
        "coverage.md": coverage_md.render(coverage),
        "check.json": records_json([d.model_dump(exclude_none=True) for d in result.diagnostics]),
        "index.html": index_html.render(
            result.diagnostics, coverage, graph.number_of_nodes(), graph.number_of_edges()
        ),
    }
    try:
        for name in OUTPUT_FILES:
            write_text_atomic(out / name, rendered[name])
    except OSError as error:
        raise UsageError(f"{out}: cannot write outputs: {error.strerror or error}") from None
    show(f"wrote {len(rendered)} files to {out}")
    return BuildResult(
        out=out,
        files=list(OUTPUT_FILES),
        notes=len(corpus.notes),
        services=graph.number_of_nodes(),
        relations=graph.number_of_edges(),
        errors=sum(d.severity == "error" for d in result.diagnostics),
        warnings=sum(d.severity == "warning" for d in result.diagnostics),
        problems=result.problems,
        input_error=result.input_error,
    )
