"""Run the rules over a corpus: select, stamp, suppress and sort the findings."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pydantic import BaseModel, ValidationError

from kgnotes import __version__
from kgnotes.cache import ResultCache, digest
from kgnotes.config import LoadedConfig
from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Diagnostic, Severity, fingerprint
from kgnotes.fingerprint import code_fingerprint
from kgnotes.loading import LoadedCorpus, cache_folder
from kgnotes.models import ParsedFile
from kgnotes.parallel import chunks, run_tasks, worker_count
from kgnotes.rules import REGISTRY
from kgnotes.rules.base import Rule


@dataclass(frozen=True)
class ActiveRule:
    rule: Rule
    severity: Severity
    options: BaseModel


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    corpus: Corpus
    problems: list[str] = field(default_factory=list)

    @property
    def input_error(self) -> bool:
        # From the files themselves, so --select or severity = "off" cannot hide a file
        # that was not read.
        return bool(self.problems) or any(file.error for file in self.corpus.files)


def _matches(rule: Rule, keys: Iterable[str]) -> bool:
    for key in keys:
        if key.upper() == "ALL" or rule.code.startswith(key.upper()) or rule.name == key:
            return True
    return False


def active_rules(
    loaded: LoadedConfig, select: list[str] | None = None, ignore: list[str] | None = None
) -> list[ActiveRule]:
    config = loaded.config
    chosen_select = list(select) if select else list(config.select)
    chosen_ignore = list(config.ignore) + list(ignore or [])
    result = []
    for rule in REGISTRY.values():
        if chosen_select and not _matches(rule, chosen_select):
            continue
        if _matches(rule, chosen_ignore):
            continue
        settings = config.rules.get(rule.name) or config.rules.get(rule.code)
        severity = rule.severity
        options: dict = {}
        if settings is not None:
            if settings.severity == "off":
                continue
            severity = settings.severity or severity
            options = settings.options
        result.append(ActiveRule(rule, severity, rule.options_model.model_validate(options)))
    return result


def result_key(loaded_corpus: LoadedCorpus, loaded: LoadedConfig, rules: list[ActiveRule]) -> str:
    """Everything a check's findings depend on: version, config, rules, every file's bytes."""
    config_text = ""
    if loaded.source is not None:
        try:
            config_text = loaded.source.read_text(encoding="utf-8")
        except OSError:
            config_text = "unreadable"
    extra_files = [loaded.config.synonyms or "", *loaded.config.catalog.files]
    extra = [_file_digest(loaded.resolve(name)) for name in extra_files if name]
    rule_part = json.dumps(
        [(a.rule.code, a.severity, a.options.model_dump(mode="json")) for a in rules],
        sort_keys=True,
    )
    files = json.dumps(sorted(loaded_corpus.file_keys.items()) + sorted(loaded_corpus.problems))
    corpus = loaded_corpus.corpus
    scope = json.dumps(
        [
            sorted(corpus.report_paths) if corpus.report_paths is not None else None,
            [f.path for f in corpus.files],
        ]  # the order decides which copy is "later"
    )
    model = ""
    if any(getattr(active.options, "semantic", False) for active in rules):
        from kgnotes.semantic import model_fingerprint

        model = model_fingerprint()  # another wordllama release may give other vectors
    return digest(
        __version__, code_fingerprint(), config_text, *extra, rule_part, files, scope, model
    )


def _file_digest(path: Path) -> str:
    try:
        return digest(path.read_bytes())
    except OSError:
        return "missing"


def run_rules(
    loaded_corpus: LoadedCorpus,
    loaded: LoadedConfig,
    rules: list[ActiveRule],
    use_cache: bool = False,
    jobs: int = 1,
) -> CheckResult:
    corpus = loaded_corpus.corpus
    folder = cache_folder(loaded, use_cache)
    cache = ResultCache(folder)
    key = result_key(loaded_corpus, loaded, rules) if folder else ""
    cached = cache.get(key) if folder else None
    if cached is not None:
        try:
            diagnostics = [Diagnostic.model_validate(item) for item in cached]
            return CheckResult(diagnostics, corpus, list(loaded_corpus.problems))
        except ValidationError:
            pass  # a damaged entry is recomputed, never trusted
    result = _run_rules(loaded_corpus, loaded, rules, jobs)
    if folder:
        cache.put(key, [d.model_dump(mode="json") for d in result.diagnostics])
    return result


# Below this many notes a check is over before worker processes would have started.
PARALLEL_MIN_NOTES = 100


def _run_rules(
    loaded_corpus: LoadedCorpus, loaded: LoadedConfig, rules: list[ActiveRule], jobs: int = 1
) -> CheckResult:
    corpus = loaded_corpus.corpus
    files = [file for file in corpus.files if corpus.is_reported(file.path)]
    notes = sum(len(file.notes) for file in files)  # the pre-commit hook checks a few
    if notes < PARALLEL_MIN_NOTES or worker_count(jobs, len(files)) == 1:
        diagnostics = _check_files(files, corpus, loaded, rules)
    else:
        diagnostics = _check_files_in_parallel(files, corpus, loaded, rules, jobs)
    diagnostics.sort()
    return CheckResult(diagnostics, corpus, list(loaded_corpus.problems))


def _check_files_in_parallel(
    files: list[ParsedFile],
    corpus: Corpus,
    loaded: LoadedConfig,
    rules: list[ActiveRule],
    jobs: int,
) -> list[Diagnostic]:
    """Corpus-wide indexes (reworded duplicates) and runs of files, each on any free core;
    then the rules that compare notes, here, with their indexes ready."""
    prepared = [
        (active, active.rule.prepare(corpus, active.options) if active.rule.prepare else [])
        for active in rules
    ]
    comparing = [active for active, warmups in prepared if warmups]
    local = [active for active, warmups in prepared if not warmups]
    warmups = [warmup for _, rule_warmups in prepared for warmup in rule_warmups]
    # Several runs per worker, so one slow run does not leave a core idle at the end; the
    # big indexes go first, so they start at once.
    runs = chunks(files, 4 * worker_count(jobs, len(files)))
    tasks: list[Callable[[], object]] = [warmup.compute for warmup in warmups]
    tasks += [partial(_check_files, run, corpus, loaded, local) for run in runs]
    results = run_tasks(tasks, jobs)
    for warmup, result in zip(warmups, results, strict=False):
        warmup.adopt(result)
    diagnostics = [d for result in results[len(warmups) :] for d in result]  # type: ignore[union-attr]
    return diagnostics + _check_files(files, corpus, loaded, comparing)


def _check_files(
    files: Sequence[ParsedFile], corpus: Corpus, loaded: LoadedConfig, rules: list[ActiveRule]
) -> list[Diagnostic]:
    diagnostics: list[Diagnostic] = []
    for file in files:
        ignored = loaded.ignored_rules_for(file.path)
        for active in rules:
            rule = active.rule
            keys = {rule.code, rule.name}
            if keys & ignored or any(rule.code.startswith(k.upper()) for k in ignored):
                continue
            targets = [file] if rule.scope == "file" else list(file.notes)
            for target in targets:
                for finding in rule.check(target, corpus, active.options):
                    if file.suppressions.silences(keys, finding.line):
                        continue
                    diagnostics.append(
                        Diagnostic(
                            path=finding.path or file.path,
                            line=finding.line,
                            column=finding.column,
                            code=rule.code,
                            rule=rule.name,
                            severity=active.severity,
                            message=finding.message,
                            data=finding.data,
                            fingerprint=fingerprint(
                                rule.code,
                                finding.path or file.path,
                                finding.anchor or finding.message,
                            ),
                        )
                    )
    return diagnostics
