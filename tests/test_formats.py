"""Every output format on one shared list of diagnostics, against expected files.

Set KGNOTES_UPDATE_EXPECTED=1 to rewrite tests/fixtures/formats/expected.* after a
deliberate format change (then read the diff before committing it).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from kgnotes.diagnostics import Diagnostic, fingerprint
from kgnotes.report import FORMATS
from kgnotes.report.summary import RunSummary
from kgnotes.rules import REGISTRY

EXPECTED = Path(__file__).resolve().parent / "fixtures" / "formats"
EXPECTED_FILES = {
    "text": "expected.txt",
    "json": "expected.json",
    "github": "expected.github.txt",
    "sarif": "expected.sarif.json",
}
TRICKY_MESSAGE = "100% sure: this, and that, fail\nsecond line of the message"


def _diagnostic(
    path: str, line: int, column: int, code: str, severity: str, message: str, **data: str
) -> Diagnostic:
    return Diagnostic(
        path=path,
        line=line,
        column=column,
        code=code,
        rule=REGISTRY[code].name,
        severity=severity,  # type: ignore[arg-type]
        message=message,
        data=data or None,
        fingerprint=fingerprint(code, path, message),
    )


DIAGNOSTICS = sorted(
    [
        _diagnostic("notes/alpha.md", 1, 1, "KGN101", "error", "'Alpha' has no Questions section"),
        _diagnostic("notes/alpha.md", 14, 3, "KGN103", "error", TRICKY_MESSAGE),
        _diagnostic(
            "notes/beta.md", 9, 1, "KGN105", "warning", "title 'Beta' is H3; the others are H2"
        ),
        _diagnostic(
            "notes/señales/über-café.md",
            7,
            1,
            "KGN201",
            "error",
            "question repeats notes/alpha.md:12 ('Alpha')",
            first="notes/alpha.md:12",
        ),
    ]
)
SUMMARY = RunSummary(files=3, notes=5)


def _normalise_sarif(text: str) -> dict:
    """SARIF without the parts that change whenever a rule is added: tested separately."""
    log = json.loads(text)
    driver = log["runs"][0]["tool"]["driver"]
    driver["version"] = "<kgnotes version>"
    driver["rules"] = "<one descriptor per registered rule>"
    for result in log["runs"][0]["results"]:
        result["ruleIndex"] = "<index into rules>"
    return log


@pytest.mark.parametrize("name", sorted(EXPECTED_FILES))
def test_format_matches_expected_file(name: str) -> None:
    rendered = FORMATS[name](DIAGNOSTICS, SUMMARY)
    target = EXPECTED / EXPECTED_FILES[name]
    if os.environ.get("KGNOTES_UPDATE_EXPECTED"):
        content = rendered
        if name == "sarif":
            content = json.dumps(_normalise_sarif(rendered), indent=2, ensure_ascii=False) + "\n"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    expected = target.read_text(encoding="utf-8")
    if name == "sarif":
        assert _normalise_sarif(rendered) == json.loads(expected)
    elif name == "json":
        assert json.loads(rendered) == json.loads(expected)
        assert rendered == expected
    else:
        assert rendered == expected


def test_every_format_is_tested() -> None:
    assert set(FORMATS) == set(EXPECTED_FILES)


def test_formats_render_an_empty_run() -> None:
    assert FORMATS["text"]([], SUMMARY) == "All checks passed: 5 notes in 3 files.\n"
    assert json.loads(FORMATS["json"]([], SUMMARY)) == []
    assert json.loads(FORMATS["sarif"]([], SUMMARY))["runs"][0]["results"] == []


def test_text_lines_have_the_editor_shape() -> None:
    lines = FORMATS["text"](DIAGNOSTICS, SUMMARY).splitlines()
    assert re.fullmatch(r"notes/alpha\.md:1:1: KGN101 missing-section '.*", lines[0]), lines[0]
    assert lines[-1] == "Found 3 errors and 1 warning in 5 notes in 3 files."


def test_github_escapes_data_and_properties() -> None:
    rendered = FORMATS["github"](DIAGNOSTICS, SUMMARY)
    (tricky,) = [line for line in rendered.splitlines() if "KGN103" in line]
    assert tricky.endswith("::100%25 sure: this, and that, fail%0Asecond line of the message")
    assert "title=KGN103 not-a-question" in tricky
    assert rendered.count("\n") == len(DIAGNOSTICS) + 1  # one line per annotation + summary
    (unicode,) = [line for line in rendered.splitlines() if "KGN201" in line]
    assert unicode.startswith("::error file=notes/señales/über-café.md,line=7,col=1,")
    assert "::question repeats notes/alpha.md:12 ('Alpha')" in unicode


def test_sarif_rules_have_help_and_results_point_at_them() -> None:
    log = json.loads(FORMATS["sarif"](DIAGNOSTICS, SUMMARY))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(REGISTRY)
    for rule in rules:
        assert rule["name"] == REGISTRY[rule["id"]].name
        assert rule["shortDescription"]["text"]
        assert "## What it does" in rule["help"]["text"]
        assert rule["help"]["markdown"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        fingerprints = result["partialFingerprints"]
        assert fingerprints and all(
            re.fullmatch(r"[0-9a-f]{16,}", v) for v in fingerprints.values()
        )


def test_json_objects_have_the_documented_keys() -> None:
    items = json.loads(FORMATS["json"](DIAGNOSTICS, SUMMARY))
    for item in items:
        assert {"path", "line", "column", "code", "rule", "severity", "message"} <= set(item)
    assert [(i["path"], i["line"]) for i in items] == sorted((i["path"], i["line"]) for i in items)


# --- the same properties on a real run ----------------------------------------------------

_MOVABLE = """\
## Gamma

- Gamma is the third letter.

### Questions

- Read the bullets above.
- What is TODO here?
"""


def _sarif_results(run_cli, project: Path) -> dict[str, tuple[int, str]]:
    _, out, _ = run_cli(["check", "n", "--format", "sarif", "--select", "KGN103,KGN104"], project)
    results = json.loads(out)["runs"][0]["results"]
    return {
        r["ruleId"]: (
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["partialFingerprints"]["kgnotes/v1"],
        )
        for r in results
    }


def test_sarif_fingerprint_survives_a_line_move(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"n/gamma.md": _MOVABLE})
    before = _sarif_results(run_cli, project)
    moved = _MOVABLE.replace("- Gamma is", "- A new first fact.\n- Another one.\n- Gamma is")
    write_notes(project, {"n/gamma.md": moved})
    after = _sarif_results(run_cli, project)
    assert set(before) == {"KGN103", "KGN104"}
    for code in before:
        assert after[code][0] == before[code][0] + 2
        assert after[code][1] == before[code][1]


def test_json_from_a_run_is_sorted_by_path_and_line(project: Path, write_notes, check_json) -> None:
    broken = "## {t}\n\n- A fact about {t}.\n- TODO more about {t}.\n"
    write_notes(
        project,
        {
            "n/zeta.md": broken.format(t="Zeta"),
            "n/alpha.md": broken.format(t="Alpha") + "\n---\n\n" + broken.format(t="Beta"),
            "n/mid/eta.md": broken.format(t="Eta"),
        },
    )
    exit_code, diagnostics, _ = check_json(["n"], project)
    assert exit_code == 1
    keys = [(d["path"], d["line"]) for d in diagnostics]
    assert keys == sorted(keys)
    assert {d["path"] for d in diagnostics} == {"n/alpha.md", "n/mid/eta.md", "n/zeta.md"}
    for item in diagnostics:
        assert {"path", "line", "column", "code", "rule", "severity", "message"} <= set(item)
