"""The rule registry: every rule module registered once, documented, and with fixtures."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import kgnotes.rules
from kgnotes.rules import REGISTRY, find_rule

RULES_PACKAGE = Path(kgnotes.rules.__file__).resolve().parent
RULE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
DOC_SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Options")
# KGN001's failing inputs are bytes (binary, Latin-1, UTF-16): tests/test_rule_fixtures.py
# writes them at run time instead of committing them.
GENERATED_FAIL_FIXTURES = {"KGN001"}

_MODULE_NAMES = sorted(path.stem for path in RULES_PACKAGE.glob("kgn*.py"))


def test_there_are_rule_modules() -> None:
    assert len(_MODULE_NAMES) >= 9


@pytest.mark.parametrize("module_name", _MODULE_NAMES)
def test_every_rule_module_is_registered(module_name: str) -> None:
    module = importlib.import_module(f"kgnotes.rules.{module_name}")
    assert module.CODE in REGISTRY, f"{module_name} is not in kgnotes.rules._MODULES"
    rule = REGISTRY[module.CODE]
    assert rule.check is module.check
    # the file name spells the code and the name: kgn101_missing_section.py
    assert module_name == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


def test_codes_are_unique_and_well_formed() -> None:
    assert len(_MODULE_NAMES) == len(REGISTRY)
    for code, rule in REGISTRY.items():
        assert code == rule.code
        assert re.fullmatch(r"KGN\d{3}", code)
    names = [rule.name for rule in REGISTRY.values()]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_metadata(code: str) -> None:
    rule = REGISTRY[code]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.severity in ("error", "warning", "info")
    assert rule.scope in ("note", "file")
    assert find_rule(rule.name) is rule
    assert find_rule(code.lower()) is rule
    rule.default_options()  # defaults validate against the rule's own Options model


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_doc_has_every_section(code: str) -> None:
    doc = REGISTRY[code].doc
    positions = []
    for section in DOC_SECTIONS:
        assert re.search(rf"^{re.escape(section)}$", doc, re.MULTILINE), f"{code}: no {section}"
        positions.append(doc.index(section))
    assert positions == sorted(positions), f"{code}: sections out of order"
    assert doc.splitlines()[0].strip(), f"{code}: the doc starts with a one-line summary"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_rule_has_pass_and_fail_fixtures(code: str) -> None:
    folder = RULE_FIXTURES / code
    if int(code[3:]) >= 300 and not folder.is_dir():
        pytest.skip(f"{code} is a 3xx/4xx rule whose fixtures have not been written yet")
    kinds = ["pass"] if code in GENERATED_FAIL_FIXTURES else ["pass", "fail"]
    for kind in kinds:
        cases = folder / kind
        assert cases.is_dir(), f"missing {cases.relative_to(RULE_FIXTURES)}"
        assert any(cases.iterdir()), f"no fixtures in {cases.relative_to(RULE_FIXTURES)}"


def test_no_fixture_folder_for_an_unknown_rule() -> None:
    folders = {path.name for path in RULE_FIXTURES.iterdir() if path.is_dir()}
    assert folders <= set(REGISTRY)
