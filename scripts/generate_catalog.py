#!/usr/bin/env python3
"""Regenerate kgnotes/catalog/aws_base.json from botocore's bundled service models.

Development-only: needs botocore (``pip install -e .[dev]``); kgnotes itself never imports it.

For every botocore service the script reads the ``service-2`` metadata (serviceFullName,
serviceAbbreviation, serviceId) and derives one catalog entry::

    {"id": "<slug>", "name": "<display name>", "full_name": "...", "aliases": [...]}

* name: the abbreviation with a leading "Amazon"/"AWS" stripped if there is one, else the full
  name stripped the same way ("Amazon SQS" -> "SQS", "AWS Lambda" -> "Lambda").
* id: the name lower-cased, runs of other characters turned into "-" ("Route 53" -> "route-53").
* aliases: the full name, the abbreviation and the serviceId, each with and without its prefix;
  a "(XYZ)" at the end of a name gives its own alias. A form WITHOUT "Amazon"/"AWS" is kept only
  when it is distinctive: it has a digit ("S3", "Route 53"), an upper-case letter after the first
  letter of a word ("DynamoDB", "SQS", "IoT Events"; a hyphen splits words, so "Sign-In" is two
  plain words), or three words or more ("Simple Queue
  Service"). Plain one- or two-word forms ("Athena", "Config", "Data Pipeline", "Machine
  Learning") are ordinary words too often; kgnotes/catalog/aws_overrides.toml adds the safe ones.

The ``[botocore]`` table of aws_overrides.toml steers the generation, keyed by botocore service
name (see that file's header): ``id``/``name`` rename an entry, ``merge_into`` folds a sub-API into
the entry with that id, ``drop`` leaves a service out, ``drop_aliases`` removes derived aliases.
The script refuses to write a catalog in which two entries share an id or an alias (compared
case-insensitively) or an alias is one of the overrides' ``not_services``.

The output is deterministic: entries sorted by id, aliases sorted, keys sorted, indent 1,
trailing newline. Run it again after upgrading botocore or editing the ``[botocore]`` table:

    python3 scripts/generate_catalog.py            # writes the file, prints a one-line summary
    python3 scripts/generate_catalog.py --check    # exit 1 if the file is not up to date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "kgnotes" / "catalog"
BASE_PATH = CATALOG_DIR / "aws_base.json"
OVERRIDES_PATH = CATALOG_DIR / "aws_overrides.toml"

PREFIXES = ("Amazon", "AWS")
_GLUED_PREFIX = re.compile(r"^(Amazon|AWS)(?=[A-Z])")  # "AWSAppSync", "AmazonMQ"
_PARENTHETICAL = re.compile(r"^(?P<head>.*?)\s*\((?P<inner>[^()]+)\)\s*$")
_ALLOWED_BOTOCORE_KEYS = {"id", "name", "merge_into", "drop", "drop_aliases"}


def _clean(text: str | None) -> str:
    """Collapse whitespace and split a prefix glued to the name ("AWSAppSync" -> "AWS AppSync")."""
    if not text:
        return ""
    text = " ".join(text.split())
    return _GLUED_PREFIX.sub(r"\1 ", text, count=1)


def _strip_prefix(text: str) -> str:
    for prefix in PREFIXES:
        if text.startswith(prefix + " ") and len(text) > len(prefix) + 1:
            return text[len(prefix) + 1 :]
    return text


def _has_prefix(text: str) -> bool:
    return _strip_prefix(text) != text


def _is_distinctive(bare: str) -> bool:
    """Whether a form without "Amazon"/"AWS" is safe to match in prose on its own."""
    words = re.split(r"[\s-]+", bare)  # "Sign-In" is two plain words, not "SignIn"
    if any(ch.isdigit() for ch in bare):
        return True
    if any(any(ch.isupper() for ch in word[1:]) for word in words):
        return True
    return len(words) >= 3


def _split_parenthetical(text: str) -> list[str]:
    """ "Amazon DynamoDB Accelerator (DAX)" -> ["Amazon DynamoDB Accelerator", "DAX"]."""
    match = _PARENTHETICAL.match(text)
    if not match:
        return [text]
    return [match["head"], match["inner"]]


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug:
        raise ValueError(f"cannot make an id from {name!r}")
    return slug


def derive_entry(metadata: dict[str, Any]) -> dict[str, Any]:
    """One catalog entry from a service model's metadata, before the [botocore] steering."""
    full = _clean(metadata.get("serviceFullName"))
    abbreviation = _clean(metadata.get("serviceAbbreviation"))
    service_id = _clean(metadata.get("serviceId"))

    full_parts = _split_parenthetical(full) if full else []
    full_name = full_parts[0] if full_parts else ""
    # "Amazon Transcribe Service" with serviceId "Transcribe": the product is "Amazon Transcribe".
    short_full = full_name
    if (
        _has_prefix(full_name)
        and full_name.endswith(" Service")
        and _squash(_strip_prefix(full_name).removesuffix(" Service")) == _squash(service_id)
    ):
        short_full = full_name.removesuffix(" Service")
        full_parts.append(short_full)

    # An abbreviation written as a lower-case identifier ("drs", "mgn") is no display name.
    usable = abbreviation if abbreviation != abbreviation.lower() else ""
    name = _strip_prefix(_split_parenthetical(usable)[0]) if usable else ""
    if not name:
        name = _strip_prefix(short_full) or service_id

    forms: list[str] = []
    for raw in (*full_parts, abbreviation, service_id):
        if not raw:
            continue
        for form in _split_parenthetical(raw):
            forms.append(form)
            if _has_prefix(form):
                forms.append(_strip_prefix(form))
    aliases = [f for f in forms if _has_prefix(f) or _is_distinctive(f)]
    return {
        "name": name,
        "full_name": full_name or name,
        "aliases": aliases,
    }


def _dedupe(aliases: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for alias in aliases:
        seen.setdefault(alias.casefold(), alias)
    return sorted(seen.values(), key=lambda a: (a.casefold(), a))


def load_overrides(path: Path) -> tuple[dict[str, dict[str, Any]], list[str]]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    steering = data.get("botocore", {})
    for service, spec in steering.items():
        unknown = set(spec) - _ALLOWED_BOTOCORE_KEYS
        if unknown:
            raise SystemExit(f"[botocore].{service}: unknown key(s) {sorted(unknown)}")
    return steering, list(data.get("not_services", []))


def build(session: Any, steering: dict[str, dict[str, Any]], not_services: list[str]) -> dict:
    import botocore  # development-only dependency, imported late on purpose

    available = session.get_available_services()
    unknown = sorted(set(steering) - set(available))
    if unknown:
        raise SystemExit(f"[botocore] names services botocore does not have: {unknown}")

    entries: dict[str, dict[str, Any]] = {}
    owner_of_id: dict[str, str] = {}
    merges: list[tuple[str, str, list[str]]] = []
    for service in available:
        spec = steering.get(service, {})
        if spec.get("drop"):
            continue
        metadata = session.get_service_model(service).metadata
        entry = derive_entry(metadata)
        drop = {a.casefold() for a in spec.get("drop_aliases", [])}
        missing = drop - {a.casefold() for a in entry["aliases"]}
        if missing:
            raise SystemExit(f"[botocore].{service}: drop_aliases not derived: {sorted(missing)}")
        entry["aliases"] = [a for a in entry["aliases"] if a.casefold() not in drop]
        if "merge_into" in spec:
            merges.append((service, spec["merge_into"], entry["aliases"]))
            continue
        if "name" in spec:
            entry["name"] = spec["name"]
        entry["id"] = spec.get("id") or slugify(entry["name"])
        if entry["id"] in entries:
            raise SystemExit(
                f"id {entry['id']!r} made by both {owner_of_id[entry['id']]} and {service}; "
                "give one an id or merge_into in [botocore]"
            )
        owner_of_id[entry["id"]] = service
        entries[entry["id"]] = entry

    for service, target, aliases in merges:
        if target not in entries:
            raise SystemExit(f"[botocore].{service}: merge_into {target!r} is no entry id")
        entries[target]["aliases"].extend(aliases)

    claimed: dict[str, str] = {}
    blocked = {phrase.casefold() for phrase in not_services}
    problems: list[str] = []
    for entry_id, entry in sorted(entries.items()):
        entry["aliases"] = _dedupe(entry["aliases"])
        for alias in entry["aliases"]:
            key = alias.casefold()
            if key in blocked:
                problems.append(f"{entry_id}: alias {alias!r} is in not_services")
            elif key in claimed and claimed[key] != entry_id:
                problems.append(f"alias {alias!r} claimed by {claimed[key]} and {entry_id}")
            claimed[key] = entry_id
    if problems:
        raise SystemExit("catalog not written:\n  " + "\n  ".join(problems))

    return {
        "generated_from": f"botocore {botocore.__version__}",
        "services": [
            {k: entry[k] for k in ("id", "name", "full_name", "aliases")}
            for _, entry in sorted(entries.items())
        ],
    }


def render(catalog: dict) -> str:
    return json.dumps(catalog, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=BASE_PATH)
    parser.add_argument("--overrides", type=Path, default=OVERRIDES_PATH)
    parser.add_argument("--check", action="store_true", help="fail if the output is stale")
    args = parser.parse_args(argv)

    try:
        import botocore.session
    except ImportError:
        print("botocore is not installed (pip install -e '.[dev]')", file=sys.stderr)
        return 2

    steering, not_services = load_overrides(args.overrides)
    catalog = build(botocore.session.get_session(), steering, not_services)
    text = render(catalog)
    summary = (
        f"{len(catalog['services'])} services, "
        f"{sum(len(s['aliases']) for s in catalog['services'])} aliases "
        f"from {catalog['generated_from']}"
    )
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: {summary}", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date: {summary}")
        return 0
    args.output.write_text(text, encoding="utf-8")
    shown = args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output
    print(f"wrote {shown}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
