"""Discover, read and parse every input once, choosing each file's schema from config."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kgnotes import __version__
from kgnotes.cache import ParseCache, digest
from kgnotes.catalog.catalog import Catalog, load_catalog
from kgnotes.config import LoadedConfig
from kgnotes.corpus import Corpus
from kgnotes.discover import discover
from kgnotes.fingerprint import code_fingerprint
from kgnotes.models import ParsedFile
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
    return parse_file_cached(path, schema, None)[0]


def parse_file_cached(
    path: str, schema: NoteSchema, cache: ParseCache | None
) -> tuple[ParsedFile, str]:
    """The parsed file and its cache key ("" when it could not be read)."""
    try:
        content = read_note_file(Path(path))
    except UnreadableFile as error:
        return ParsedFile(path=path, error=error.reason, error_line=error.line), ""
    key = digest(
        __version__, code_fingerprint(), schema.model_dump_json(), path, content.digest_input
    )
    if cache is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached, key
    parsed = parse_text(content.text, path, schema)
    if cache is not None:
        cache.put(key, parsed)
    return parsed, key


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
) -> LoadedCorpus:
    config = loaded.config
    found = discover(
        paths, config.extensions, config.exclude, loaded.base_dir, exclude_named=exclude_named
    )
    schemas = {path: schema_for(path, loaded) for path in found.files}
    cache = ParseCache(cache_folder(loaded, use_cache)) if use_cache else None
    files, keys = [], {}
    for path in found.files:
        parsed, keys[path] = parse_file_cached(path, schemas[path], cache)
        files.append(parsed)
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
