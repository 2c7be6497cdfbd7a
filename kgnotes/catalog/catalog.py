"""The service catalog: what counts as a service, by which names, in which category.

Three layers, read once per run:
1. `aws_base.json`, generated from botocore's service metadata by
   `scripts/generate_catalog.py` (canonical names, official full names, abbreviations);
2. `aws_overrides.toml`, hand-made: aliases people write, categories, sub-features
   (`part_of`), where a feature runs (`runs_at`), renamings, ordinary-word names, and the
   phrases that are never services (`not_services`);
3. the user's own files from config (`[tool.kgnotes.catalog] files = [...]`, same format as
   the overrides), which extend the catalog, or replace it with `replace = true`, so the
   same pipeline works for notes on another cloud or on Kubernetes.
"""

from __future__ import annotations

import json
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kgnotes.errors import ConfigError, describe_validation_error

CATEGORIES = {
    "storage": "Storage",
    "compute": "Compute",
    "containers": "Containers",
    "database": "Database",
    "networking-content-delivery": "Networking & content delivery",
    "application-integration": "Application integration",
    "analytics": "Analytics",
    "security-identity-compliance": "Security, identity & compliance",
    "management-governance": "Management & governance",
    "developer-tools": "Developer tools",
    "machine-learning": "Machine learning",
    "migration-transfer": "Migration & transfer",
    "cost-management": "Cost management",
    "end-user-computing": "End-user computing",
    "iot": "Internet of Things",
    "media": "Media",
    "other": "Other",
}


class ServiceEntry(BaseModel):
    """One service as a catalog file describes it (fields of `[services.<id>]`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    full_name: str | None = None
    category: str | None = None
    aliases: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = Field(
        default=(), description="names that count only as a whole note title"
    )
    case_sensitive_aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    ordinary_word: bool = Field(default=False, strict=True)
    part_of: str | None = None
    runs_at: str | None = None
    renamed_to: str | None = None


class CatalogFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    not_services: tuple[str, ...] = ()
    services: dict[str, ServiceEntry] = Field(default_factory=dict)
    botocore: dict[str, Any] = Field(default_factory=dict, description="generator only")


class Service(BaseModel):
    """A service after the layers are merged; what nodes and mentions refer to."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    full_name: str = ""
    category: str = "other"
    aliases: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()
    case_sensitive_aliases: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    part_of: str | None = None
    runs_at: str | None = None
    renamed_to: str | None = None


def _read_catalog_file(path: Path) -> CatalogFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read catalog: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: catalog is not UTF-8") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: invalid catalog file: {error}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid catalog file: nested too deeply") from None
    if path.suffix == ".json" and isinstance(data, dict) and isinstance(data.get("services"), list):
        data = _json_list_to_table(path, data)
    try:
        return CatalogFile.model_validate(data)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(path, error)) from None


def _json_list_to_table(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """aws_base.json lists services with an `id` field; the TOML layers key them by id."""
    table = {}
    for position, entry in enumerate(data["services"]):
        if not isinstance(entry, dict) or "id" not in entry:
            raise ConfigError(f"{path}: services.{position}: needs an 'id'")
        entry = dict(entry)
        table[str(entry.pop("id"))] = entry
    return {"services": table, "not_services": data.get("not_services", [])}


def _merge(layers: list[tuple[Path, CatalogFile]]) -> tuple[dict[str, Service], tuple[str, ...]]:
    merged: dict[str, dict[str, Any]] = {}
    origin: dict[tuple[str, str], Path] = {}  # (service id, field) -> file that set it
    not_services: list[str] = []
    for path, layer in layers:
        not_services.extend(layer.not_services)
        for service_id, entry in layer.services.items():
            current = merged.setdefault(service_id, {"id": service_id})
            for field, value in entry.model_dump(exclude_defaults=True).items():
                origin[(service_id, field)] = path
                if isinstance(value, tuple | list):
                    current[field] = tuple(dict.fromkeys([*current.get(field, ()), *value]))
                else:
                    current[field] = value
            if "name" not in current:
                raise ConfigError(f"{path}: services.{service_id}.name: a new service needs one")
            category = current.get("category", "other")
            if category not in CATEGORIES:
                raise ConfigError(
                    f"{path}: services.{service_id}.category: unknown category {category!r}"
                )
    services = {}
    for service_id, fields in merged.items():
        fields.pop("ordinary_word", None)
        fields["category"] = fields.get("category") or "other"
        services[service_id] = Service.model_validate(fields)
    for service in services.values():
        for link in ("part_of", "runs_at", "renamed_to"):
            target = getattr(service, link)
            if target is not None and target not in services:
                where = origin.get((service.id, link), "catalog")
                raise ConfigError(f"{where}: services.{service.id}.{link}: unknown id {target!r}")
    return services, tuple(dict.fromkeys(not_services))


def builtin_layers() -> list[tuple[Path, CatalogFile]]:
    folder = resources.files("kgnotes.catalog")
    layers = []
    for name in ("aws_base.json", "aws_overrides.toml"):
        path = Path(str(folder.joinpath(name)))
        layers.append((path, _read_catalog_file(path)))
    return layers


@lru_cache(maxsize=8)
def load_catalog(extra_files: tuple[Path, ...] = (), replace: bool = False) -> Catalog:
    """The merged catalog, loaded once per process for the same files."""
    from kgnotes.catalog.linker import Linker

    layers = [] if replace else builtin_layers()
    layers += [(path, _read_catalog_file(path)) for path in extra_files]
    services, not_services = _merge(layers)
    return Catalog(services, not_services, Linker(services, not_services))


class Catalog:
    def __init__(self, services: dict[str, Service], not_services: tuple[str, ...], linker: Any):
        self.services = services
        self.not_services = not_services
        self.linker = linker

    def link(self, text: str, title: bool = False) -> list:
        """Service mentions in `text`, longest match first; see `Linker.link`."""
        return self.linker.link(text, title=title)

    def label(self, service_id: str) -> str:
        service = self.services.get(service_id)
        return service.name if service else service_id
