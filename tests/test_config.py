"""Configuration: where it is found, how it is validated, and what each setting changes."""

from __future__ import annotations

from pathlib import Path

import pytest

GOOD = """\
## Good

- A fact that is fine.

### Questions

- Is this note fine?
"""
NO_QUESTIONS = """\
## Bare

- A note with facts and nothing to ask.
"""
# KGN103 on line 7, KGN104 on line 3, KGN101 on line 10, KGN105 (a warning) on line 10
MIXED = """\
## Mixed

- TODO write this fact.

### Questions

- Read the bullets above.

---

### Lower

- A subsection-looking title with no questions.
"""


def codes(diagnostics: list[dict]) -> set[str]:
    return {d["code"] for d in diagnostics}


# --- discovery ----------------------------------------------------------------------------


def test_pyproject_tool_section_is_found_walking_up(
    tmp_path: Path, write_notes, check_json
) -> None:
    write_notes(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\n\n[tool.kgnotes]\nignore = ["KGN101"]\n',
            "sub/deeper/bare.md": NO_QUESTIONS,
        },
    )
    exit_code, diagnostics, _ = check_json(["bare.md"], tmp_path / "sub" / "deeper")
    assert (exit_code, diagnostics) == (0, [])


def test_kgnotes_toml_is_found_walking_up(tmp_path: Path, write_notes, check_json) -> None:
    write_notes(
        tmp_path,
        {
            "kgnotes.toml": 'ignore = ["missing-section"]\n',
            # a pyproject.toml without [tool.kgnotes] on the way up is not a kgnotes config
            "sub/pyproject.toml": "[tool.black]\nline-length = 100\n",
            "sub/deeper/bare.md": NO_QUESTIONS,
        },
    )
    exit_code, diagnostics, _ = check_json(["bare.md"], tmp_path / "sub" / "deeper")
    assert (exit_code, diagnostics) == (0, [])


def test_nearest_config_wins(tmp_path: Path, write_notes, check_json) -> None:
    write_notes(
        tmp_path,
        {
            "kgnotes.toml": 'ignore = ["missing-section"]\n',
            "sub/kgnotes.toml": "",
            "sub/bare.md": NO_QUESTIONS,
        },
    )
    exit_code, diagnostics, _ = check_json(["bare.md"], tmp_path / "sub")
    assert exit_code == 1
    assert [(d["code"], d["line"]) for d in diagnostics] == [("KGN101", 1)]


def test_explicit_config_option(tmp_path: Path, write_notes, check_json) -> None:
    write_notes(
        tmp_path,
        {"kgnotes.toml": "", "other.toml": 'ignore = ["KGN1"]\n', "bare.md": NO_QUESTIONS},
    )
    exit_code, diagnostics, _ = check_json(["bare.md"], tmp_path, "--config", "other.toml")
    assert (exit_code, diagnostics) == (0, [])


# --- validation: exit 2, one line naming the file and the key -----------------------------

BAD_CONFIGS = [
    pytest.param("pyproject.toml", "[tool.kgnotes]\nbogus = 1\n", "bogus", id="unknown-key"),
    pytest.param(
        "kgnotes.toml",
        '[rules.not-a-question]\nprompt-verbs = ["recite"]\n',
        "rules.not-a-question.prompt-verbs",
        id="unknown-key-in-rule-settings",
    ),
    pytest.param("kgnotes.toml", "extensions = 5\n", "extensions", id="wrong-type"),
    pytest.param(
        "kgnotes.toml", '[rules.loud]\nseverity = "error"\n', "rules.loud", id="unknown-rule-name"
    ),
    pytest.param(
        "kgnotes.toml",
        '[rules.placeholder]\nseverity = "fatal"\n',
        "rules.placeholder.severity",
        id="bad-severity",
    ),
    pytest.param("kgnotes.toml", 'select = ["KGN999"]\n', "select", id="unknown-select"),
    pytest.param(
        "pyproject.toml", '[tool.kgnotes]\nignore = ["nope"]\n', "ignore", id="unknown-ignore"
    ),
    pytest.param(
        "kgnotes.toml",
        '[per-file-ignores]\n"drafts/*.md" = ["nope"]\n',
        "per-file-ignores",
        id="unknown-per-file-ignore",
    ),
    pytest.param(
        "kgnotes.toml",
        "[rules.missing-section.options]\ncollapse_at = 1\n",
        "collapse_at",
        id="bad-option-value",
    ),
    pytest.param(
        "kgnotes.toml",
        '[rules.placeholder.options]\nmarker = ["XX"]\n',
        "marker",
        id="unknown-option",
    ),
    pytest.param("kgnotes.toml", "paths = [\n", "invalid TOML", id="malformed-toml"),
    pytest.param(
        "pyproject.toml", "[tool.kgnotes\npaths = []\n", "invalid TOML", id="malformed-pyproject"
    ),
]


@pytest.mark.parametrize(("file_name", "content", "key"), BAD_CONFIGS)
def test_bad_config_exits_2_naming_file_and_key(
    tmp_path: Path, write_notes, run_cli, file_name: str, content: str, key: str
) -> None:
    write_notes(tmp_path, {file_name: content, "good.md": GOOD})
    exit_code, out, err = run_cli(["check", "good.md"], tmp_path)
    assert exit_code == 2
    assert out == ""
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert file_name in line
    assert key in line


def test_bad_schema_file_exits_2_naming_it(tmp_path: Path, write_notes, run_cli) -> None:
    write_notes(
        tmp_path,
        {
            "kgnotes.toml": 'schema = "bad-schema.toml"\n',
            "bad-schema.toml": 'required = ["facts", "poems"]\n',
            "good.md": GOOD,
        },
    )
    exit_code, _, err = run_cli(["check", "good.md"], tmp_path)
    assert exit_code == 2
    assert "bad-schema.toml" in err and "required" in err
    assert "Traceback" not in err


# --- what the settings change -------------------------------------------------------------


def test_severity_warning_turns_an_error_into_a_warning(
    project: Path, write_notes, check_json
) -> None:
    write_notes(project, {"kgnotes.toml": '[rules.missing-section]\nseverity = "warning"\n'})
    write_notes(project, {"bare.md": NO_QUESTIONS})
    exit_code, diagnostics, _ = check_json(["bare.md"], project)
    assert exit_code == 0
    assert [(d["code"], d["severity"]) for d in diagnostics] == [("KGN101", "warning")]


def test_severity_by_code_and_off(project: Path, write_notes, check_json) -> None:
    write_notes(
        project,
        {
            "kgnotes.toml": '[rules.KGN101]\nseverity = "off"\n\n[rules.heading-level]\n'
            'severity = "error"\n',
            "mixed.md": MIXED,
        },
    )
    exit_code, diagnostics, _ = check_json(["mixed.md"], project, "--select", "KGN1")
    assert exit_code == 1
    assert {(d["code"], d["severity"]) for d in diagnostics} == {
        ("KGN103", "error"),
        ("KGN104", "error"),
        ("KGN105", "error"),
    }


def test_rule_options_replace_the_prompt_verbs(project: Path, write_notes, check_json) -> None:
    write_notes(
        project,
        {
            "kgnotes.toml": '[rules.not-a-question.options]\nprompt_verbs = ["recite"]\n',
            "n.md": """
                ## Limits

                - A queue message is at most 256 KB.

                ### Questions

                - Recite the message size limit.
                - Describe the size limit.
                - What is the size limit?
                """,
        },
    )
    _, diagnostics, _ = check_json(["n.md"], project, "--select", "not-a-question")
    assert [(d["code"], d["line"]) for d in diagnostics] == [("KGN103", 8)]


def test_per_file_ignores(project: Path, write_notes, check_json) -> None:
    write_notes(
        project,
        {
            "kgnotes.toml": '[per-file-ignores]\n"notes/drafts/*.md" = ["KGN101", "placeholder"]\n',
            "notes/drafts/wip.md": MIXED,
            "notes/final.md": MIXED,
        },
    )
    _, diagnostics, _ = check_json(["notes"], project, "--select", "KGN1")
    by_path = {
        path: {d["code"] for d in diagnostics if d["path"] == path}
        for path in ("notes/drafts/wip.md", "notes/final.md")
    }
    assert by_path == {
        "notes/drafts/wip.md": {"KGN103", "KGN105"},
        "notes/final.md": {"KGN101", "KGN103", "KGN104", "KGN105"},
    }


def test_per_file_ignores_are_relative_to_the_config_not_the_cwd(
    project: Path, write_notes, check_json
) -> None:
    """Running from a subfolder must not change which files a config glob covers."""
    write_notes(
        project,
        {
            "kgnotes.toml": 'paths = ["notes"]\n\n'
            '[per-file-ignores]\n"notes/drafts/*.md" = ["KGN1"]\n',
            "notes/drafts/wip.md": MIXED,
        },
    )
    _, from_root, _ = check_json([], project, "--select", "KGN1")
    _, from_notes, _ = check_json(["drafts"], project / "notes", "--select", "KGN1")
    assert from_root == []
    assert from_notes == []


def _strict_project(project: Path, write_notes) -> None:
    write_notes(
        project,
        {
            "kgnotes.toml": 'paths = ["strict", "loose"]\n'
            'schemas = { "strict/*.md" = "strict.toml" }\n',
            "strict.toml": 'name = "strict"\nrequired = ["facts", "questions", "scenario"]\n',
            "strict/a.md": GOOD,
            "loose/a.md": GOOD,
        },
    )


def test_schema_chosen_per_glob(project: Path, write_notes, check_json) -> None:
    _strict_project(project, write_notes)
    exit_code, diagnostics, _ = check_json(["strict", "loose"], project, "--select", "KGN1")
    assert [(d["path"], d["code"], d["line"]) for d in diagnostics] == [
        ("strict/a.md", "KGN101", 1)
    ]
    assert "scenario" in diagnostics[0]["message"]
    assert exit_code == 1


def test_schema_glob_applies_from_a_subfolder_too(project: Path, write_notes, check_json) -> None:
    _strict_project(project, write_notes)
    _, diagnostics, _ = check_json(["a.md"], project / "strict", "--select", "KGN1")
    assert [(d["code"], d["line"]) for d in diagnostics] == [("KGN101", 1)]


# --- inline suppressions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comment", "left"),
    [
        ("<!-- kgnotes: disable-next-line not-a-question -->", {("KGN104", 8)}),
        ("<!-- kgnotes: disable-next-line KGN103 -->", {("KGN104", 8)}),
        ("<!-- kgnotes: disable-next-line -->", set()),
        ("<!-- kgnotes: disable-next-line placeholder -->", {("KGN103", 8)}),
        ("<!-- kgnotes: disable-next-line heading-level -->", {("KGN103", 8), ("KGN104", 8)}),
    ],
)
def test_disable_next_line(
    project: Path, write_notes, check_json, comment: str, left: set[tuple[str, int]]
) -> None:
    write_notes(
        project,
        {
            "n.md": "## Topic\n\n- A fact.\n\n### Questions\n\n"
            f"{comment}\n- TODO read the bullets.\n- Is TODO checked on the next line?\n"
        },
    )
    _, diagnostics, _ = check_json(["n.md"], project, "--select", "KGN103,KGN104")
    assert {(d["code"], d["line"]) for d in diagnostics} == left | {("KGN104", 9)}


@pytest.mark.parametrize(
    ("comment", "left"),
    [
        ("<!-- kgnotes: disable-file placeholder -->", {"KGN103"}),
        ("<!-- kgnotes: disable-file KGN104, not-a-question -->", set()),
        ("<!-- kgnotes: disable-file -->", set()),
    ],
)
def test_disable_file(project: Path, write_notes, check_json, comment: str, left: set[str]) -> None:
    write_notes(
        project,
        {
            "n.md": f"{comment}\n\n## Topic\n\n- TBD fact.\n\n### Questions\n\n"
            "- Read the bullets.\n- What is XX for?\n",
            "other.md": "## Other\n\n- TBD fact.\n\n### Questions\n\n- Is TODO here too?\n",
        },
    )
    _, diagnostics, _ = check_json(["n.md", "other.md"], project, "--select", "KGN103,KGN104")
    assert {d["code"] for d in diagnostics if d["path"] == "n.md"} == left
    # a file's comment does not reach other files
    assert {(d["code"], d["line"]) for d in diagnostics if d["path"] == "other.md"} == {
        ("KGN104", 3),
        ("KGN104", 7),
    }


# --- --select, --ignore, --exit-zero --------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], {"KGN101", "KGN103", "KGN104", "KGN105"}),
        (["--select", "KGN103"], {"KGN103"}),
        (["--select", "kgn103"], {"KGN103"}),
        (["--select", "KGN10"], {"KGN101", "KGN103", "KGN104", "KGN105"}),
        (["--select", "placeholder"], {"KGN104"}),
        (["--select", "KGN103,placeholder"], {"KGN103", "KGN104"}),
        (["--select", "KGN103", "--select", "heading-level"], {"KGN103", "KGN105"}),
        (["--ignore", "not-a-question"], {"KGN101", "KGN104", "KGN105"}),
        (["--ignore", "KGN10"], set()),
        (["--ignore", "KGN104", "--ignore", "KGN105"], {"KGN101", "KGN103"}),
        (["--select", "KGN105", "--ignore", "heading-level"], set()),
        (["--select", "ALL", "--ignore", "KGN101,KGN103"], {"KGN104", "KGN105"}),
    ],
)
def test_select_and_ignore(
    project: Path, write_notes, check_json, options: list[str], expected: set[str]
) -> None:
    write_notes(project, {"mixed.md": MIXED})
    _, diagnostics, _ = check_json(["mixed.md"], project, *options)
    assert codes(d for d in diagnostics if d["code"].startswith("KGN1")) == expected


def test_select_from_config_and_command_line(project: Path, write_notes, check_json) -> None:
    write_notes(project, {"kgnotes.toml": 'select = ["KGN104"]\nignore = ["KGN105"]\n'})
    write_notes(project, {"mixed.md": MIXED})
    _, from_config, _ = check_json(["mixed.md"], project)
    assert codes(from_config) == {"KGN104"}
    # the command line's --select replaces the config's; its --ignore adds to it
    _, overridden, _ = check_json(["mixed.md"], project, "--select", "KGN10")
    assert codes(overridden) == {"KGN101", "KGN103", "KGN104"}


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_rule_on_the_command_line_exits_2(
    project: Path, write_notes, run_cli, option: str
) -> None:
    write_notes(project, {"good.md": GOOD})
    exit_code, _, err = run_cli(["check", "good.md", option, "no-such-rule"], project)
    assert exit_code == 2
    assert "no-such-rule" in err
    assert "Traceback" not in err


def test_exit_zero(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"mixed.md": MIXED})
    exit_code, out, _ = run_cli(["check", "mixed.md", "--select", "KGN1"], project)
    assert exit_code == 1
    exit_code, out_zero, _ = run_cli(
        ["check", "mixed.md", "--select", "KGN1", "--exit-zero"], project
    )
    assert exit_code == 0
    assert out_zero == out  # the findings are still reported


def test_exit_zero_does_not_hide_input_errors(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"good.md": GOOD})
    exit_code, _, err = run_cli(["check", "good.md", "missing.md", "--exit-zero"], project)
    assert exit_code == 2
    assert "missing.md" in err
