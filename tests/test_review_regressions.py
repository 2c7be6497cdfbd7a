"""Regressions found in review before release."""

from __future__ import annotations

import json
from pathlib import Path

import kgnotes.engine
import kgnotes.loading
from kgnotes.cli import main

NOTE = "## SQS\n\n- SQS keeps a message for four days.\n\n### Questions\n\n- TODO\n"


def _setup(tmp_path: Path, config: str) -> Path:
    (tmp_path / "notes" / "drafts").mkdir(parents=True)
    (tmp_path / "kgnotes.toml").write_text(config, encoding="utf-8")
    (tmp_path / "notes" / "drafts" / "d.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "notes" / "ok.md").write_text(
        "## SNS\n\n- SNS pushes messages to subscribers.\n\n### Questions\n\n"
        "- Where does SNS push messages?\n",
        encoding="utf-8",
    )
    return tmp_path


def test_exclude_globs_are_relative_to_the_config_file(tmp_path, monkeypatch, capsys) -> None:
    root = _setup(tmp_path, 'paths = ["notes"]\nexclude = ["notes/drafts/*"]\n')
    for cwd in (root, root / "notes"):
        monkeypatch.chdir(cwd)
        assert main(["check", "--no-cache", "--select", "KGN1"]) == 0, capsys.readouterr()
        capsys.readouterr()


def test_the_hook_does_not_lint_an_excluded_staged_file(tmp_path, monkeypatch, capsys) -> None:
    root = _setup(tmp_path, 'paths = ["notes"]\nexclude = ["notes/drafts/*", "README.md"]\n')
    (root / "README.md").write_text("# My notes\n\nNo questions here.\n", encoding="utf-8")
    monkeypatch.chdir(root)
    code = main(["check", "--whole-corpus", "--no-cache", "README.md", "notes/drafts/d.md"])
    assert code == 0, capsys.readouterr().out


def test_results_are_not_reused_across_different_code(tmp_path, monkeypatch, capsys) -> None:
    root = _setup(tmp_path, 'paths = ["notes"]\n')
    monkeypatch.chdir(root)
    main(["check", "--format", "json", "--output", "first.json"])
    runs = []
    real = kgnotes.engine._run_rules
    monkeypatch.setattr(kgnotes.engine, "_run_rules", lambda *args: runs.append(1) or real(*args))
    main(["check", "--format", "json", "--output", "second.json"])
    assert runs == []  # same code: the cached result is used
    monkeypatch.setattr(kgnotes.engine, "code_fingerprint", lambda: "other code")
    monkeypatch.setattr(kgnotes.loading, "code_fingerprint", lambda: "other code")
    main(["check", "--format", "json", "--output", "third.json"])
    assert runs == [1]  # other code: recomputed, never trusted
    assert json.loads((root / "third.json").read_text()) == json.loads(
        (root / "first.json").read_text()
    )


def test_answers_on_a_missing_path_is_an_input_error(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["answers", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
