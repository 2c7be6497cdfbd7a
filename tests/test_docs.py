"""The rule documentation cannot go stale: docs/rules.md is generated from the registry, and
every rule's example is run through the linter and must trigger that rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kgnotes.cli import main
from kgnotes.commands import rules_markdown
from kgnotes.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
_EXAMPLE = re.compile(r"## Example\n```markdown\n(.*?)\n```", re.DOTALL)


def test_docs_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run: python3 -m kgnotes rules --markdown > docs/rules.md"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_example_triggers_the_rule(code: str, tmp_path: Path, capsys, monkeypatch) -> None:
    rule = REGISTRY[code]
    match = _EXAMPLE.search(rule.doc)
    if match is None:
        assert code == "KGN001", f"{code} has no Markdown example"
        return
    (tmp_path / "kgnotes.toml").write_text("", encoding="utf-8")
    (tmp_path / "example.md").write_text(match.group(1) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    main(["check", "example.md", "--select", code, "--format", "json", "--no-cache"])
    findings = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in findings], f"the example of {rule.name} does not trigger it"
    assert {f["code"] for f in findings} == {code}
