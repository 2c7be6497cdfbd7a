"""Every fixture in tests/fixtures/rules/<CODE>/{pass,fail}/, checked with only that rule.

A fixture marks each expected finding with `<!-- expect: CODE -->` on the line before it
(`CODE:LINE` for a finding on an explicit line). A case is a `.md` file or a folder of them
(for duplicates across files); pass cases expect nothing.
"""

from __future__ import annotations

import codecs
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from kgnotes.parser import parse_text
from kgnotes.rules import REGISTRY

RULES_DIR = Path(__file__).resolve().parent / "fixtures" / "rules"
_EXPECT = re.compile(r"<!--\s*expect:\s*(?P<codes>[^>]*?)\s*-->")


def expected_findings(text: str) -> list[tuple[str, int]]:
    """The `(code, line)` pairs a fixture announces with `<!-- expect: CODE -->` comments.

    A finding is on the next non-blank line that is not itself an expect comment.
    `CODE:LINE` names the line explicitly (for file-level findings on line 1).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    found: list[tuple[str, int]] = []
    for index, line in enumerate(lines):
        match = _EXPECT.search(line)
        if match is None:
            continue
        target = index + 1
        while target < len(lines) and (not lines[target].strip() or _EXPECT.search(lines[target])):
            target += 1
        for raw in re.split(r"[\s,]+", match.group("codes")):
            if not raw:
                continue
            code, _, explicit = raw.partition(":")
            found.append((code, int(explicit) if explicit else target + 1))
    return sorted(found)


def _cases() -> list[Any]:
    cases = []
    for code_dir in sorted(p for p in RULES_DIR.iterdir() if p.is_dir()):
        for kind in ("pass", "fail"):
            folder = code_dir / kind
            if not folder.is_dir():
                continue
            for case in sorted(folder.iterdir()):
                cases.append(
                    pytest.param(
                        code_dir.name, kind, case, id=f"{code_dir.name}/{kind}/{case.name}"
                    )
                )
    return cases


def _markdown_files(case: Path) -> list[tuple[str, Path]]:
    """(path as kgnotes shows it when run from the case's parent folder, file)."""
    if case.is_file():
        return [(case.name, case)]
    return [
        (f"{case.name}/{f.relative_to(case).as_posix()}", f) for f in sorted(case.rglob("*.md"))
    ]


def _expected(case: Path) -> list[tuple[str, str, int]]:
    return sorted(
        (shown, code, line)
        for shown, file in _markdown_files(case)
        for code, line in expected_findings(file.read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize(("code", "kind", "case"), _cases())
def test_rule_fixture(code: str, kind: str, case: Path, project: Path, check_json) -> None:
    assert code in REGISTRY, f"fixture folder for unknown rule {code}"
    expected = _expected(case)
    if kind == "pass":
        assert expected == [], "a pass fixture must not expect findings"
    else:
        assert expected, "a fail fixture must expect at least one finding"
        assert {c for _, c, _ in expected} == {code}, "a fail fixture expects only its own rule"
    if case.is_dir():
        shutil.copytree(case, project / case.name)
    else:
        shutil.copy2(case, project / case.name)

    exit_code, diagnostics, stderr = check_json([case.name], project, "--select", code)

    assert sorted((d["path"], d["code"], d["line"]) for d in diagnostics) == expected
    assert all(d["severity"] == REGISTRY[code].severity for d in diagnostics)
    assert exit_code == (1 if any(d["severity"] == "error" for d in diagnostics) else 0), stderr


# --- the expect comments must not change what the parser sees -----------------------------

_FIXTURE_FILES = sorted(
    path for path in RULES_DIR.rglob("*.md") if "<!-- expect" in path.read_text(encoding="utf-8")
)


def _remap_lines(value: Any, mapping: dict[int, int]) -> Any:
    if isinstance(value, dict):
        return {
            key: (mapping[item] if key == "line" else _remap_lines(item, mapping))
            for key, item in value.items()
            if key not in ("end_line", "line_count", "path")
        }
    if isinstance(value, list):
        return [_remap_lines(item, mapping) for item in value]
    return value


@pytest.mark.parametrize(
    "fixture", _FIXTURE_FILES, ids=[p.relative_to(RULES_DIR).as_posix() for p in _FIXTURE_FILES]
)
def test_expect_comments_do_not_change_the_parse(fixture: Path) -> None:
    lines = fixture.read_text(encoding="utf-8").split("\n")
    kept = [(number, line) for number, line in enumerate(lines, 1) if "<!-- expect:" not in line]
    mapping = {new: old for new, (old, _) in enumerate(kept, 1)}
    identity = {n: n for n in range(1, len(lines) + 1)}

    with_comments = parse_text("\n".join(lines), "f.md").model_dump(mode="json")
    without = parse_text("\n".join(line for _, line in kept), "f.md").model_dump(mode="json")

    assert _remap_lines(with_comments, identity) == _remap_lines(without, mapping)


# --- KGN001 and KGN002 on files whose bytes matter ----------------------------------------


def test_parse_error_on_generated_bad_files(project: Path, write_notes, check_json) -> None:
    write_notes(
        project,
        {
            "in/binary.md": b"## Looks fine\n\x00\x01\x02 then binary\n",
            "in/latin1.md": "## Caf\u00e9\n\n- caf\u00e9 written in Latin-1\n".encode("latin-1"),
            "in/utf16.md": codecs.BOM_UTF16_LE + "## Wide\n".encode("utf-16-le"),
            "in/good.md": "## Good\n\n- A fact.\n\n### Questions\n\n- Is this fine?\n",
        },
    )
    exit_code, diagnostics, _ = check_json(["in"], project, "--select", "KGN001")
    assert sorted((d["path"], d["code"], d["line"]) for d in diagnostics) == [
        ("in/binary.md", "KGN001", 2),
        ("in/latin1.md", "KGN001", 1),
        ("in/utf16.md", "KGN001", 1),
    ]
    assert exit_code == 2


def test_no_notes_on_an_empty_file(project: Path, write_notes, check_json) -> None:
    write_notes(project, {"empty.md": b""})
    exit_code, diagnostics, _ = check_json(["empty.md"], project, "--select", "no-notes")
    assert [(d["code"], d["line"]) for d in diagnostics] == [("KGN002", 1)]
    assert "empty" in diagnostics[0]["message"]
    assert exit_code == 0  # a warning


# --- duplicates name the first copy -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "case", "first"),
    [
        ("KGN201", "fail/across-files", "across-files/a.md:7"),
        ("KGN201", "fail/within-one-note.md", "within-one-note.md:7"),
        ("KGN201", "fail/across-notes.md", "across-notes.md:7"),
        ("KGN202", "fail/across-files", "across-files/a.md:3"),
        ("KGN202", "fail/within-one-note.md", "within-one-note.md:3"),
        ("KGN202", "fail/scenario-answer-repeated.md", "scenario-answer-repeated.md:5"),
    ],
)
def test_duplicate_message_names_the_first_copy(
    code: str, case: str, first: str, project: Path, check_json
) -> None:
    source = RULES_DIR / code / case
    if source.is_dir():
        shutil.copytree(source, project / source.name)
    else:
        shutil.copy2(source, project / source.name)
    _, diagnostics, _ = check_json([source.name], project, "--select", code)
    (diagnostic,) = diagnostics
    assert first in diagnostic["message"]
    assert diagnostic["data"]["first"] == first
