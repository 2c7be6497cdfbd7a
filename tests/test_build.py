"""`kgnotes build`: the published files, their determinism, the coverage numbers, escaping
of note text, and what a failed build leaves behind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import kgnotes.build
from kgnotes.coverage_model import CoverageReport

REPO = Path(__file__).resolve().parent.parent
OUTPUTS = [
    "check.json",
    "coverage.json",
    "coverage.md",
    "graph.graphml",
    "graph.html",
    "graph.json",
    "index.html",
]

CORPUS = {
    "notes/efs.md": """
        ## EFS

        - EFS grows and shrinks automatically as files are added and removed.
        - Many EC2 instances can mount one EFS file system at the same time.
        - EFS keeps its data in several Availability Zones.

        ### Questions

        - Does EFS scale up and down automatically?
        - What is the maximum size of a single file on EFS?
        """,
    "notes/sqs.md": """
        ## SQS FIFO

        - A FIFO queue delivers messages in exactly the order they were sent.
        - A FIFO queue drops duplicates sent within five minutes.

        ### Questions

        - Which queue type keeps messages in order?
        """,
}

SCRIPT_PROBE = "<script>alert(1)</script>"
IMG_PROBE = "<img src=x onerror=alert(1)>"


def build(run_cli, project: Path, *paths: str, out: str = "out") -> tuple[int, str, str]:
    return run_cli(["build", *(paths or ("notes",)), "--out", out], project)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.fixture
def built(project: Path, write_notes, run_cli) -> Path:
    write_notes(project, CORPUS)
    code, out, err = build(run_cli, project)
    assert code == 0, err
    assert out.startswith("Built out/: 2 notes, 3 services")
    return project / "out"


def test_build_writes_exactly_the_seven_outputs(built: Path) -> None:
    assert sorted(path.name for path in built.iterdir()) == OUTPUTS
    json.loads((built / "graph.json").read_text(encoding="utf-8"))
    json.loads((built / "check.json").read_text(encoding="utf-8"))
    assert (built / "index.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not (built.parent / "lib").exists()  # no pyvis lib/ folder next to the outputs


def test_a_second_build_is_byte_identical(built: Path, run_cli) -> None:
    first = snapshot(built)
    code, _, err = build(run_cli, built.parent)
    assert code == 0, err
    assert snapshot(built) == first
    code, _, err = build(run_cli, built.parent, out="elsewhere")
    assert code == 0, err
    assert snapshot(built.parent / "elsewhere") == first


def test_coverage_json_matches_the_committed_schema(built: Path, run_cli) -> None:
    report = CoverageReport.model_validate_json((built / "coverage.json").read_bytes())
    assert report.threshold == 0.5
    code, _, err = run_cli(["schema", "--check", "--out", REPO / "schemas"], built.parent)
    assert (code, err) == (0, "")


def test_coverage_numbers(built: Path) -> None:
    report = CoverageReport.model_validate_json((built / "coverage.json").read_bytes())
    totals = report.totals
    assert (totals.files, totals.notes, totals.questions) == (2, 2, 3)
    assert (totals.answered, totals.unanswered, totals.answered_percent) == (2, 1, 66.7)
    assert (totals.facts, totals.facts_asked, totals.facts_unasked) == (5, 2, 3)
    assert totals.facts_asked_percent == 40.0
    assert (totals.duplicate_questions, totals.duplicate_facts, totals.services) == (0, 0, 3)

    efs, sqs = report.notes
    assert (efs.path, efs.answered, efs.unanswered, efs.answered_percent) == (
        "notes/efs.md",
        1,
        1,
        50.0,
    )
    assert (efs.facts_asked, efs.facts, efs.facts_asked_percent) == (1, 3, 33.3)
    assert [fact.line for fact in efs.unasked_facts] == [4, 5]
    assert efs.services == ("EC2", "EFS")
    scale, maximum = efs.question_details
    assert (scale.line, scale.answered, [s.line for s in scale.supporting]) == (9, True, [3])
    assert (maximum.line, maximum.answered) == (10, False)
    assert "maximum" in maximum.missing_terms

    assert (sqs.answered, sqs.unanswered, sqs.answered_percent) == (1, 0, 100.0)
    assert [fact.line for fact in sqs.unasked_facts] == [4]

    markdown = (built / "coverage.md").read_text(encoding="utf-8")
    assert "| answered | 2 | 66.7 |" in markdown
    assert "| facts asked about | 2 | 40.0 |" in markdown
    checks = json.loads((built / "check.json").read_text(encoding="utf-8"))
    assert [(d["path"], d["line"], d["code"]) for d in checks] == [("notes/efs.md", 10, "KGN301")]


def test_note_text_is_escaped_in_index_html_and_coverage_md(
    project: Path, write_notes, run_cli
) -> None:
    write_notes(
        project,
        {
            f"notes/{IMG_PROBE}.md": f"""
                ## {SCRIPT_PROBE} Queues

                - A queue holds {SCRIPT_PROBE} and {IMG_PROBE} until a consumer deletes it.
                - A queue keeps a message for four days.

                ### Questions

                - What does a queue hold {SCRIPT_PROBE} until?
                - Which {IMG_PROBE} is never asked about?
                """,
        },
    )
    code, _, err = build(run_cli, project)
    assert code == 0, err
    index = (project / "out" / "index.html").read_text(encoding="utf-8")
    coverage = (project / "out" / "coverage.md").read_text(encoding="utf-8")
    for text in (index, coverage):
        assert SCRIPT_PROBE not in text
        assert IMG_PROBE not in text
        assert "<script" not in text.lower()
        assert "<img" not in text.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert index.count("&lt;img src=x onerror=alert(1)&gt;.md") >= 1  # the file name


def test_index_html_carries_a_content_security_policy(built: Path) -> None:
    index = (built / "index.html").read_text(encoding="utf-8")
    head = index.split("</head>", 1)[0]
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
    assert match is not None
    policy = match.group(1)
    assert "default-src 'none'" in policy
    assert "script-src" not in policy  # so scripts fall back to 'none'
    assert "<script" not in index


def test_a_failed_build_leaves_every_output_old_or_complete(
    built: Path, write_notes, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = built.parent
    before = snapshot(built)
    write_notes(
        project,
        {
            "notes/sns.md": """
                ## SNS

                - SNS pushes each message to every subscribed Amazon SQS queue.

                ### Questions

                - Where does SNS push messages?
                """
        },
    )
    real_write = kgnotes.build.write_text_atomic
    written: list[str] = []

    def failing_write(target: Path, text: str) -> None:
        if len(written) == 2:
            raise OSError(28, "No space left on device")
        real_write(target, text)
        written.append(target.name)

    monkeypatch.setattr(kgnotes.build, "write_text_atomic", failing_write)
    code, _, err = build(run_cli, project)
    assert code != 0
    assert "No space left on device" in err

    assert written == list(kgnotes.build.OUTPUT_FILES[:2])
    assert sorted(path.name for path in built.iterdir()) == OUTPUTS  # no temporary files left
    new_graph = json.loads((built / "graph.json").read_text(encoding="utf-8"))
    assert "sns" in {node["id"] for node in new_graph["nodes"]}
    assert (built / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    for name in kgnotes.build.OUTPUT_FILES[2:]:
        assert (built / name).read_bytes() == before[name], name


def test_a_write_failing_half_way_keeps_the_previous_file(
    built: Path, write_notes, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The atomic writer itself: the third output fails after its temporary file was
    written (at fsync); that output keeps its previous bytes and no temporary is left."""
    import kgnotes.atomic

    project = built.parent
    before = snapshot(built)
    write_notes(project, {"notes/extra.md": "## Extra\n\n- A fact.\n\n### Questions\n\n- Why?\n"})
    outputs_started = 0
    real_write = kgnotes.build.write_text_atomic
    real_fsync = kgnotes.atomic.os.fsync

    def counting_write(target: Path, text: str) -> None:
        nonlocal outputs_started
        outputs_started += 1
        real_write(target, text)

    def failing_fsync(descriptor: int) -> None:
        if outputs_started == 3:
            raise OSError(5, "Input/output error")
        real_fsync(descriptor)

    monkeypatch.setattr(kgnotes.build, "write_text_atomic", counting_write)
    monkeypatch.setattr(kgnotes.atomic.os, "fsync", failing_fsync)
    code, _, err = build(run_cli, project)
    assert code == 2  # one clear line, as for any other input or output error
    assert "Input/output error" in err and "Traceback" not in err

    assert sorted(path.name for path in built.iterdir()) == OUTPUTS  # no temporary files left
    first, second, *rest = kgnotes.build.OUTPUT_FILES
    assert (built / first).read_bytes() != before[first]
    assert (built / second).read_bytes() != before[second]
    for name in rest:
        assert (built / name).read_bytes() == before[name], name


def test_build_with_a_missing_input_path_exits_2(project: Path, run_cli) -> None:
    code, _, err = build(run_cli, project, "no-such-folder")
    assert code == 2
    assert "no-such-folder" in err
    assert "Traceback" not in err


def test_build_with_a_missing_input_path_keeps_the_previous_outputs(built: Path, run_cli) -> None:
    before = snapshot(built)
    code, _, err = build(run_cli, built.parent, "no-such-folder")
    assert code == 2
    assert "no-such-folder" in err
    assert snapshot(built) == before
