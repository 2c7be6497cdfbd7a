"""The command line end to end: once as a real subprocess, otherwise through `main(argv)`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kgnotes.cli import main
from kgnotes.models import ParsedFile
from kgnotes.rules import REGISTRY

REPO_ROOT = Path(__file__).resolve().parent.parent
FLAWED = """\
## Flawed

- A fact with a TODO in it.

### Questions

- Read the bullets.
"""
TEXT_LINE = re.compile(r"(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>KGN\d{3}) [a-z-]+ .+")
SUMMARY_LINE = re.compile(
    r"(All checks passed|Found \d+ errors? and \d+ warnings? in) \d+ notes? in \d+ files?\."
)


def test_check_the_repository_notes_as_a_subprocess() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "kgnotes", "check", "notes"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout
    assert result.stderr == ""


def test_rules_lists_every_code(run_cli, project: Path) -> None:
    exit_code, out, _ = run_cli(["rules"], project)
    assert exit_code == 0
    listed = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert listed == list(REGISTRY)
    for rule in REGISTRY.values():
        assert rule.name in out


@pytest.mark.parametrize("key", ["not-a-question", "KGN103", "kgn103"])
def test_rules_explains_one_rule(run_cli, project: Path, key: str) -> None:
    exit_code, out, _ = run_cli(["rules", key], project)
    assert exit_code == 0
    assert out.startswith("KGN103 not-a-question (error)")
    assert REGISTRY["KGN103"].doc in out
    assert "## Why is this bad?" in out


def test_rules_unknown_rule_exits_2(run_cli, project: Path) -> None:
    exit_code, out, err = run_cli(["rules", "nope"], project)
    assert exit_code == 2
    assert "nope" in err
    assert out == ""


def test_parse_json_matches_the_model(run_cli, project: Path, write_notes) -> None:
    write_notes(project, {"n.md": FLAWED})
    exit_code, out, _ = run_cli(["parse", "n.md", "--json"], project)
    assert exit_code == 0
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 1
    parsed = ParsedFile.model_validate(data[0])
    assert parsed.path == "n.md"
    (note,) = parsed.notes
    assert (note.title, note.line) == ("Flawed", 1)
    assert [(q.line, q.text) for q in note.questions] == [(7, "Read the bullets.")]


def test_parse_reports_an_unreadable_file_with_exit_2(run_cli, project: Path, write_notes) -> None:
    write_notes(project, {"bad.md": b"\xff\xfe\x00 not text"})
    exit_code, out, err = run_cli(["parse", "bad.md"], project)
    assert exit_code == 2
    assert ParsedFile.model_validate(json.loads(out)[0]).error
    assert "Traceback" not in err


def test_committed_json_schemas_are_current(run_cli) -> None:
    exit_code, _, err = run_cli(["schema", "--check"], REPO_ROOT)
    assert exit_code == 0, err


def test_schema_check_fails_on_a_stale_file(run_cli, tmp_path: Path) -> None:
    assert run_cli(["schema", "--out", tmp_path / "out"], tmp_path)[0] == 0
    assert run_cli(["schema", "--out", tmp_path / "out", "--check"], tmp_path)[0] == 0
    stale = next((tmp_path / "out").glob("*.json"))
    stale.write_text("{}\n", encoding="utf-8")
    exit_code, _, err = run_cli(["schema", "--out", tmp_path / "out", "--check"], tmp_path)
    assert exit_code == 1
    assert stale.name in err


def test_default_paths_come_from_the_config(run_cli, tmp_path: Path, write_notes) -> None:
    write_notes(
        tmp_path,
        {
            "kgnotes.toml": 'paths = ["topics"]\n',
            "topics/flawed.md": FLAWED,
            "elsewhere/flawed.md": FLAWED,
        },
    )
    exit_code, out, _ = run_cli(["check", "--select", "KGN104"], tmp_path)
    assert exit_code == 1
    assert out.splitlines()[0].startswith("topics/flawed.md:3:1: KGN104 ")
    assert "elsewhere" not in out


def test_text_output_shape(run_cli, project: Path, write_notes) -> None:
    write_notes(project, {"n/a.md": FLAWED, "n/b.md": FLAWED.replace("Flawed", "Other")})
    exit_code, out, _ = run_cli(["check", "n", "--select", "KGN1"], project)
    assert exit_code == 1
    *findings, summary = out.splitlines()
    assert len(findings) == 4
    for line in findings:
        assert TEXT_LINE.fullmatch(line), line
    assert [TEXT_LINE.fullmatch(line).group("code", "line") for line in findings] == [
        ("KGN104", "3"),
        ("KGN103", "7"),
        ("KGN104", "3"),
        ("KGN103", "7"),
    ]
    assert SUMMARY_LINE.fullmatch(summary), summary
    assert summary == "Found 4 errors and 0 warnings in 2 notes in 2 files."


def test_clean_run_prints_only_the_summary(run_cli, project: Path, write_notes) -> None:
    write_notes(project, {"n.md": FLAWED})
    exit_code, out, err = run_cli(["check", "n.md", "--select", "KGN105"], project)
    assert (exit_code, out, err) == (0, "All checks passed: 1 note in 1 file.\n", "")


def test_output_file(run_cli, project: Path, write_notes) -> None:
    write_notes(project, {"n.md": FLAWED})
    exit_code, out, _ = run_cli(
        ["check", "n.md", "--select", "KGN104", "--format", "json", "--output", "report.json"],
        project,
    )
    assert exit_code == 1
    assert out == ""
    report = json.loads((project / "report.json").read_text(encoding="utf-8"))
    assert [(d["code"], d["line"]) for d in report] == [("KGN104", 3)]


def test_usage_errors_exit_2(run_cli, project: Path) -> None:
    assert run_cli([], project)[0] == 2
    assert run_cli(["check", "--format", "xml"], project)[0] == 2
    assert run_cli(["frobnicate"], project)[0] == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("kgnotes ")


def test_a_parser_built_for_one_command_reads_and_helps_as_the_full_one(capsys) -> None:
    from kgnotes.cli import COMMANDS, build_parser

    full = build_parser()
    subparsers = next(a for a in full._actions if a.dest == "command")
    assert set(COMMANDS) == set(subparsers.choices)  # a new command must be listed
    for name in COMMANDS:
        for argv in ([name, "--help"], [name, "--no-such-option"]):
            outputs = []
            for parser in (full, build_parser(only=name)):
                with pytest.raises(SystemExit):
                    parser.parse_args(argv)
                outputs.append(capsys.readouterr())
            assert outputs[0] == outputs[1], argv
    argv = ["check", "--whole-corpus", "--jobs", "2", "a.md"]
    assert build_parser(only="check").parse_args(argv) == full.parse_args(argv)


def test_a_command_leaves_the_garbage_collector_as_it_found_it(tmp_path, monkeypatch) -> None:
    import gc

    before = gc.get_threshold()
    seen = []
    monkeypatch.setattr("kgnotes.commands.run", lambda args: seen.append(gc.get_threshold()))
    monkeypatch.chdir(tmp_path)
    main(["rules"])
    assert seen and seen[0] != before  # raised while the command ran
    assert gc.get_threshold() == before
