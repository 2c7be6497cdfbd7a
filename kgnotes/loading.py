"""Discover, read and parse every input once, choosing each file's schema from config."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kgnotes import __version__
from kgnotes.cache import ParseCache, digest
from kgnotes.catalog.catalog import Catalog, load_catalog
from kgnotes.config import LoadedConfig
from kgnotes.corpus import Corpus
from kgnotes.discover import discover
from kgnotes.fingerprint import code_fingerprint
from kgnotes.models import ParsedFile
from kgnotes.parallel import chunks, run_tasks, worker_count
from kgnotes.parser import parse_text
from kgnotes.reader import UnreadableFile, read_note_file
from kgnotes.schema import DEFAULT_SCHEMA, NoteSchema, load_schema
from kgnotes.text.terms import load_synonyms


@dataclass
class LoadedCorpus:
    corpus: Corpus
    problems: list[str] = field(default_factory=list)
    file_keys: dict[str, str] = field(default_factory=dict)  # path -> cache key


def schema_for(path: str, loaded: LoadedConfig) -> NoteSchema:
    schema_path = loaded.schema_path_for(path)
    return load_schema(schema_path.resolve()) if schema_path else DEFAULT_SCHEMA


def parse_file(path: str, schema: NoteSchema) -> ParsedFile:
    """Read and parse one file, without the cache."""
    return parse_files([path], {path: schema}, None)[0][0]


@dataclass(frozen=True)
class _ToParse:
    position: int
    path: str
    text: str
    schema: NoteSchema


# Below this many files to parse, worker processes would cost more than they save.
PARALLEL_MIN_FILES = 64


def parse_files(
    paths: list[str], schemas: dict[str, NoteSchema], cache: ParseCache | None, jobs: int = 1
) -> list[tuple[ParsedFile, str]]:
    """Each file parsed (from the cache when it holds the same bytes) with its cache key (""
    when the file could not be read). Files not in the cache are parsed on every core."""
    parsed: list[ParsedFile | None] = [None] * len(paths)
    keys = [""] * len(paths)
    to_parse: list[_ToParse] = []
    for position, path in enumerate(paths):
        try:
            content = read_note_file(Path(path))
        except UnreadableFile as error:
            parsed[position] = ParsedFile(path=path, error=error.reason, error_line=error.line)
            continue
        schema = schemas[path]
        keys[position] = digest(
            __version__, code_fingerprint(), schema.model_dump_json(), path, content.digest_input
        )
        parsed[position] = cache.get(keys[position]) if cache is not None else None
        if parsed[position] is None:
            to_parse.append(_ToParse(position, path, content.text, schema))
    if len(to_parse) < PARALLEL_MIN_FILES:
        jobs = 1
    runs = chunks(to_parse, 4 * worker_count(jobs, len(to_parse)))
    parsed_runs = run_tasks([partial(_parse_run, run) for run in runs], jobs)
    for run, parsed_run in zip(runs, parsed_runs, strict=True):
        for item, parsed_file in zip(run, parsed_run, strict=True):
            parsed[item.position] = parsed_file
            if cache is not None:
                cache.put(keys[item.position], parsed_file)
    return list(zip(parsed, keys, strict=True))  # type: ignore[arg-type]


def _parse_run(run: list[_ToParse]) -> list[ParsedFile]:
    return [parse_text(item.text, item.path, item.schema) for item in run]


def cache_folder(loaded: LoadedConfig, use_cache: bool) -> Path | None:
    if not use_cache or not loaded.config.cache:
        return None
    return loaded.resolve(loaded.config.cache_dir)


def load_corpus(
    paths: list[str],
    loaded: LoadedConfig,
    use_cache: bool = True,
    later_paths: frozenset[str] = frozenset(),
    report_paths: frozenset[str] | None = None,
    exclude_named: bool = False,
    jobs: int = 1,
) -> LoadedCorpus:
    config = loaded.config
    found = discover(
        paths, config.extensions, config.exclude, loaded.base_dir, exclude_named=exclude_named
    )
    schemas = {path: schema_for(path, loaded) for path in found.files}
    cache = ParseCache(cache_folder(loaded, use_cache)) if use_cache else None
    files, keys = [], {}
    for path, (parsed, key) in zip(
        found.files, parse_files(found.files, schemas, cache, jobs), strict=True
    ):
        files.append(parsed)
        keys[path] = key
    if cache is not None:
        cache.save()
    corpus = Corpus(
        files,
        schemas,
        synonyms=load_synonyms(loaded.resolve(config.synonyms) if config.synonyms else None),
        catalog_loader=lambda: catalog_for(loaded),
        later_paths=later_paths,
        report_paths=report_paths,
    )
    return LoadedCorpus(corpus, found.problems, keys)


def catalog_for(loaded: LoadedConfig) -> Catalog:
    settings = loaded.config.catalog
    files = tuple(loaded.resolve(name).resolve() for name in settings.files)
    return load_catalog(files, settings.replace)
