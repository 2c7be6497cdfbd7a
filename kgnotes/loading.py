"""Discover, read and parse every input once, choosing each file's schema from config."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kgnotes.catalog.catalog import Catalog, load_catalog
from kgnotes.config import LoadedConfig
from kgnotes.corpus import Corpus
from kgnotes.discover import discover
from kgnotes.models import ParsedFile
from kgnotes.parser import parse_text
from kgnotes.reader import UnreadableFile, read_note_file
from kgnotes.schema import DEFAULT_SCHEMA, NoteSchema, load_schema
from kgnotes.text.terms import load_synonyms


@dataclass
class LoadedCorpus:
    corpus: Corpus
    problems: list[str] = field(default_factory=list)


def schema_for(path: str, loaded: LoadedConfig) -> NoteSchema:
    schema_path = loaded.schema_path_for(path)
    return load_schema(schema_path.resolve()) if schema_path else DEFAULT_SCHEMA


def parse_file(path: str, schema: NoteSchema) -> ParsedFile:
    try:
        text = read_note_file(Path(path)).text
    except UnreadableFile as error:
        return ParsedFile(path=path, error=error.reason, error_line=error.line)
    return parse_text(text, path, schema)


def load_corpus(paths: list[str], loaded: LoadedConfig, use_cache: bool = True) -> LoadedCorpus:
    config = loaded.config
    found = discover(paths, config.extensions, config.exclude)
    schemas = {path: schema_for(path, loaded) for path in found.files}
    files = [parse_file(path, schemas[path]) for path in found.files]
    corpus = Corpus(
        files,
        schemas,
        synonyms=load_synonyms(loaded.resolve(config.synonyms) if config.synonyms else None),
        catalog_loader=lambda: catalog_for(loaded),
    )
    return LoadedCorpus(corpus, found.problems)


def catalog_for(loaded: LoadedConfig) -> Catalog:
    settings = loaded.config.catalog
    files = tuple(loaded.resolve(name).resolve() for name in settings.files)
    return load_catalog(files, settings.replace)
