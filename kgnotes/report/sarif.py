"""SARIF 2.1.0 for GitHub code scanning: rules with help, locations, stable fingerprints.

`partialFingerprints` hash the rule, the file and the flagged text (never the line number),
so an alert keeps its identity when lines above it are added or removed.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from kgnotes import __version__
from kgnotes.diagnostics import Diagnostic
from kgnotes.report.summary import RunSummary
from kgnotes.rules import REGISTRY

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule_descriptors() -> list[dict]:
    return [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
            "help": {"text": rule.doc, "markdown": rule.doc},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
        for rule in REGISTRY.values()
    ]


def render(diagnostics: list[Diagnostic], summary: RunSummary) -> str:
    index = {code: position for position, code in enumerate(REGISTRY)}
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": index.get(d.code, -1),
            "level": _LEVEL[d.severity],
            "message": {"text": d.message},
            "locations": [
                {
                    "physicalLocation": {
                        # A URI reference: spaces and non-ASCII percent-encoded.
                        "artifactLocation": {
                            "uri": quote(d.path, safe="/", errors="surrogateescape")
                        },
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }
            ],
            "partialFingerprints": {"kgnotes/v1": d.fingerprint},
        }
        for d in diagnostics
    ]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "kgnotes",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/kgnotes/",
                        "rules": _rule_descriptors(),
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
