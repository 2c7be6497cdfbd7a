"""Configuration: `[tool.kgnotes]` in pyproject.toml or a `kgnotes.toml`, found by walking up.

Precedence is written once, here: defaults < config file < command line. Unknown keys,
unknown rules and bad rule options are errors that name the file and the key.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kgnotes import defaults
from kgnotes.errors import ConfigError, describe_validation_error

CONFIG_FILES = ("kgnotes.toml", "pyproject.toml")


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Section(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", alias_generator=_kebab, populate_by_name=True
    )


class RuleSettings(_Section):
    severity: Literal["error", "warning", "info", "off"] | None = None
    options: dict[str, Any] = Field(default_factory=dict)


class CatalogSettings(_Section):
    files: tuple[str, ...] = Field(default=(), description="extra catalog TOML/JSON files")
    replace: bool = Field(
        default=False, strict=True, description="use only `files`, not the AWS catalog"
    )


class Config(_Section):
    paths: tuple[str, ...] = defaults.PATHS
    extensions: tuple[str, ...] = defaults.EXTENSIONS
    exclude: tuple[str, ...] = defaults.EXCLUDE
    default_schema: str | None = Field(default=None, alias="schema")
    schemas: dict[str, str] = Field(default_factory=dict, description="path glob -> schema file")
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: dict[str, RuleSettings] = Field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    synonyms: str | None = Field(default=None, description="extra synonym TOML file")
    catalog: CatalogSettings = CatalogSettings()
    cache: bool = Field(default=True, strict=True)
    cache_dir: str = defaults.CACHE_DIR
    out: str = "outputs"


class LoadedConfig(BaseModel):
    """A validated config and the folder its relative paths are resolved against."""

    model_config = ConfigDict(frozen=True)

    config: Config = Config()
    source: Path | None = None
    base_dir: Path = Path(".")

    def resolve(self, relative: str) -> Path:
        path = Path(relative)
        return path if path.is_absolute() else self.base_dir / path

    def relative_to_config(self, note_path: str) -> str:
        """Globs in config are relative to the config file's folder, wherever kgnotes runs."""
        try:
            return Path(note_path).resolve().relative_to(self.base_dir.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return Path(note_path).as_posix()

    def schema_path_for(self, note_path: str) -> Path | None:
        relative = self.relative_to_config(note_path)
        for pattern, schema in self.config.schemas.items():
            if fnmatch.fnmatch(relative, pattern):
                return self.resolve(schema)
        if self.config.default_schema:
            return self.resolve(self.config.default_schema)
        return None

    def ignored_rules_for(self, note_path: str) -> set[str]:
        ignored: set[str] = set()
        relative = self.relative_to_config(note_path)
        for pattern, rules in self.config.per_file_ignores.items():
            if fnmatch.fnmatch(relative, pattern):
                ignored.update(rules)
        return ignored


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for folder in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            data = _read_toml(candidate)
            if name == "kgnotes.toml":
                return candidate, data
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "kgnotes" in tool:
                return candidate, tool["kgnotes"]
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


def load_config(explicit: Path | None = None, start: Path | None = None) -> LoadedConfig:
    """The explicit `--config` file, else the first one found walking up from `start`."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        data = _read_toml(explicit)
        if explicit.name == "pyproject.toml":
            data = data.get("tool", {}).get("kgnotes", {})
        found: tuple[Path, dict[str, Any]] | None = (explicit, data)
    else:
        found = find_config_file((start or Path.cwd()).resolve())
    if found is None:
        return LoadedConfig()
    path, data = found
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: tool.kgnotes: must be a table")
    try:
        config = Config.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(path, error)) from None
    loaded = LoadedConfig(config=config, source=path, base_dir=path.parent)
    _validate_rule_settings(loaded)
    return loaded


def _validate_rule_settings(loaded: LoadedConfig) -> None:
    from kgnotes.rules import REGISTRY, find_rule  # late: rules import this module's users

    del REGISTRY
    config = loaded.config
    for where, keys in (
        ("select", config.select),
        ("ignore", config.ignore),
        *((f"per-file-ignores.{glob}", rules) for glob, rules in config.per_file_ignores.items()),
    ):
        for key in keys:
            if key.upper() != "ALL" and not _matches_any_rule(key):
                raise ConfigError(f"{loaded.source}: {where}: unknown rule {key!r}")
    for key, settings in config.rules.items():
        rule = find_rule(key)
        if rule is None:
            raise ConfigError(f"{loaded.source}: rules.{key}: unknown rule")
        try:
            rule.options_model.model_validate(settings.options)
        except ValidationError as error:
            detail = describe_validation_error(loaded.source or "", error)
            prefix = f"{loaded.source}: "
            raise ConfigError(
                f"{prefix}rules.{key}.options." + detail.removeprefix(prefix)
            ) from None


def _matches_any_rule(key: str) -> bool:
    from kgnotes.rules import REGISTRY

    upper = key.upper()
    return any(rule.code.startswith(upper) or rule.name == key for rule in REGISTRY.values())
