"""The parser on every note layout in tests/fixtures/layouts/: titles, sections and lines."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest

from kgnotes.loading import parse_file
from kgnotes.models import Note, ParsedFile
from kgnotes.parser import parse_text
from kgnotes.schema import DEFAULT_SCHEMA

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def parse_layout(name: str) -> ParsedFile:
    parsed = parse_file(str(LAYOUTS / name), DEFAULT_SCHEMA)
    assert parsed.error is None
    return parsed


def titles(parsed: ParsedFile) -> list[tuple[str, int, int]]:
    return [(note.title, note.level, note.line) for note in parsed.notes]


def facts(note: Note) -> list[tuple[int, str]]:
    return [(fact.line, fact.text) for fact in note.facts]


def questions(note: Note) -> list[tuple[int, int, str]]:
    return [(q.number, q.line, q.text) for q in note.questions]


def sections(note: Note) -> list[tuple[str, str, int, int, int]]:
    return [(s.kind, s.title, s.line, s.level, s.item_count) for s in note.sections]


def without_paths(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: without_paths(item) for key, item in value.items() if key != "path"}
    if isinstance(value, list):
        return [without_paths(item) for item in value]
    return value


# --- titles -------------------------------------------------------------------------------


def test_titles_separated_by_rules_and_h3_after_rule_is_a_title() -> None:
    parsed = parse_layout("titles-rule-separated.md")
    assert titles(parsed) == [
        ("Glacier Retrieval", 2, 1),
        ("Snowball", 2, 12),
        ("Storage Gateway", 3, 22),
    ]
    first, second, third = parsed.notes
    assert first.end_line == 8  # the blank line and `---` after the note do not belong to it
    assert facts(first) == [
        (3, "Expedited retrievals usually finish within a few minutes."),
        (4, "Bulk retrievals are the cheapest and the slowest tier."),
    ]
    assert questions(second) == [(1, 18, "When is shipping a device quicker than uploading?")]
    assert sections(third) == [("questions", "Questions", 26, 4, 1)]
    assert questions(third) == [(1, 28, "Which gateway type exposes S3 as a file share?")]


def test_h1_titles_separated_by_the_next_title_with_h2_subsections() -> None:
    parsed = parse_layout("titles-next-title.md")
    assert titles(parsed) == [
        ("CloudTrail", 1, 1),
        ("AWS Config", 1, 12),
        ("Trusted Advisor", 1, 19),
    ]
    trail, config, advisor = parsed.notes
    assert trail.end_line == 11
    assert facts(trail) == [
        (3, "CloudTrail records the API calls made in an account."),
        (7, "A trail can cover every region at once."),
    ]
    assert sections(trail) == [
        ("other", "Exam Tips", 5, 2, 1),
        ("questions", "Questions", 9, 2, 1),
    ]
    assert questions(config) == [(1, 18, "Which service shows how a resource looked last week?")]
    assert facts(advisor) == [(20, "Trusted Advisor points out idle and oversized resources.")]
    assert questions(advisor) == [(1, 22, "Which service points out idle resources?")]


def test_h3_titles_with_h4_subsections() -> None:
    parsed = parse_layout("titles-h3.md")
    assert titles(parsed) == [("Route 53", 3, 1), ("Global Accelerator", 3, 13)]
    route53 = parsed.notes[0]
    assert facts(route53) == [
        (3, "Route 53 answers DNS queries from edge locations."),
        (7, "Weighted routing splits traffic by the weights you give."),
    ]
    assert sections(route53) == [
        ("other", "Routing Policies", 5, 4, 1),
        ("questions", "Questions", 9, 4, 1),
    ]
    assert questions(route53) == [(1, 11, "How does weighted routing split traffic?")]


# --- questions ----------------------------------------------------------------------------


def test_every_questions_heading_variant_bulleted_and_numbered() -> None:
    parsed = parse_layout("questions-headings.md")
    assert titles(parsed) == [
        ("Variant Heading", 2, 1),
        ("Variant Colon", 2, 9),
        ("Variant Same Level", 2, 18),
        ("Variant Deep", 2, 26),
        ("Variant Paragraph", 2, 35),
    ]
    by_title = {note.title: note for note in parsed.notes}
    expected = {
        "Variant Heading": (
            [("questions", "Questions", 5, 3, 1)],
            [(1, 7, "Does a level-three heading work?")],
        ),
        "Variant Colon": (
            [("questions", "Questions:", 13, 3, 2)],
            [(1, 15, "Is the colon ignored?"), (2, 16, "Are numbered items read as questions?")],
        ),
        "Variant Same Level": (
            [("questions", "Questions", 22, 2, 1)],
            [(1, 24, "Is a level-two Questions heading still a section?")],
        ),
        "Variant Deep": (
            [("questions", "Questions", 30, 4, 2)],
            [(1, 32, "Does a star bullet count?"), (2, 33, "Does a plus bullet count?")],
        ),
        "Variant Paragraph": (
            [("questions", "Questions", 39, 0, 1)],
            [(1, 41, "Does a paragraph line open the questions?")],
        ),
    }
    for title, (want_sections, want_questions) in expected.items():
        note = by_title[title]
        assert sections(note) == want_sections, title
        assert questions(note) == want_questions, title
        assert len(note.facts) == 1, title  # the Questions list never leaks into the facts


def test_questions_first_then_notes_heading_and_notes_paragraph() -> None:
    parsed = parse_layout("questions-first.md")
    assert titles(parsed) == [("API Gateway", 2, 1), ("Step Functions", 2, 15)]
    gateway, steps = parsed.notes
    assert questions(gateway) == [
        (1, 5, "Which status code does a throttled client receive?"),
        (2, 6, "How can a stage cache responses?"),
    ]
    assert facts(gateway) == [
        (10, "A throttled request gets HTTP 429."),
        (11, "Stage caching keeps responses for a set time to live."),
    ]
    assert sections(gateway) == [
        ("questions", "Questions", 3, 3, 2),
        ("notes", "Notes", 8, 4, 2),
    ]
    assert questions(steps) == [(1, 19, "What does a state machine describe?")]
    assert facts(steps) == [(23, "A state machine is a JSON document of states and transitions.")]
    assert sections(steps) == [
        ("questions", "Questions", 17, 0, 1),
        ("notes", "Notes", 21, 0, 1),
    ]


def test_numbered_answers_are_matched_to_questions_by_position() -> None:
    (note,) = parse_layout("numbered-answers.md").notes
    assert (note.title, note.level, note.line) == ("Recovery Objectives", 1, 1)
    assert questions(note) == [
        (1, 7, "What does RPO measure?"),
        (2, 8, "What does RTO measure?"),
        (3, 9, "Which strategy keeps a small copy of the core running at all times?"),
    ]
    assert [(a.line, a.text) for a in note.answers] == [
        (13, "The amount of data loss, counted in time, that the business accepts."),
        (14, "How long the workload may be unavailable."),
    ]
    first, second, third = note.questions
    assert first.answer is not None and first.answer.line == 13
    assert second.answer is not None
    assert (second.answer.line, second.answer.text) == (
        14,
        "How long the workload may be unavailable.",
    )
    assert third.answer is None
    assert sections(note) == [
        ("questions", "Questions", 5, 3, 3),
        ("answers", "Answers", 11, 3, 2),
    ]
    assert note.facts[0].line == 3 and len(note.facts) == 1


# --- facts --------------------------------------------------------------------------------


def test_nested_bullets_and_lead_in_lists() -> None:
    (note,) = parse_layout("nested-and-lead-in.md").notes
    summary = [
        (
            f.line,
            f.kind,
            f.text,
            f.lead_in.text if f.lead_in else None,
            f.lead_in and f.lead_in.line,
        )
        for f in note.facts
    ]
    assert summary == [
        (3, "bullet", "A stream is divided into shards.", None, None),
        (6, "bullet", "Records stay in a stream for one day by default.", None, None),
        (9, "lead-in-item", "Lambda functions", "A stream can be read by:", 8),
        (10, "lead-in-item", "Managed Flink applications", "A stream can be read by:", 8),
        (13, "lead-in-item", "splitting a hot shard", "Shards can be resized by:", 12),
        (14, "lead-in-item", "merging two cold shards", "Shards can be resized by:", 12),
        # after the blank line the writer is back to ordinary bullets
        (
            16,
            "bullet",
            "Enhanced fan-out gives every consumer its own read throughput.",
            None,
            None,
        ),
    ]
    shards = note.facts[0]
    assert [(d.line, d.column, d.text) for d in shards.details] == [
        (4, 3, "Each shard accepts up to 1 MB of writes per second."),
        (5, 3, "Each shard serves up to 2 MB of reads per second."),
    ]
    assert all(not fact.details for fact in note.facts[1:])
    assert note.facts[2].full_text == "A stream can be read by: Lambda functions"
    assert questions(note) == [(1, 20, "How much can one shard take in per second?")]


def test_scenario_and_scenario_answer() -> None:
    parsed = parse_layout("scenario.md")
    buffering, secrets = parsed.notes
    assert buffering.scenario is not None and buffering.scenario_answer is not None
    assert (buffering.scenario.line, buffering.scenario.text) == (
        3,
        "An online shop sees bursts of orders at lunchtime and must not drop a single one.",
    )
    assert (buffering.scenario_answer.line, buffering.scenario_answer.text) == (
        5,
        "Place a queue between the web servers and the order workers.",
    )
    assert facts(buffering) == [(7, "A queue keeps a message for four days unless told otherwise.")]
    # a two-line quote is one scenario; a plain paragraph after it is a fact, not its answer
    assert secrets.scenario is not None
    assert (secrets.scenario.line, secrets.scenario.text) == (
        15,
        "A reporting job needs a database password that must never appear in its code.",
    )
    assert secrets.scenario_answer is None
    assert [(f.line, f.kind) for f in secrets.facts] == [(18, "paragraph")]


# --- things that are not notes ------------------------------------------------------------


def test_front_matter_is_not_a_note_and_lines_count_from_the_file_start() -> None:
    parsed = parse_layout("front-matter.md")
    assert parsed.has_front_matter
    assert titles(parsed) == [("ElastiCache", 2, 7)]
    note = parsed.notes[0]
    assert facts(note) == [
        (9, "Redis offers replication and persistence; Memcached offers neither.")
    ]
    assert questions(note) == [(1, 13, "Which engine offers replication?")]


def test_nothing_inside_fenced_code_counts() -> None:
    parsed = parse_layout("fenced-code.md")
    assert titles(parsed) == [("CLI Basics", 2, 1)]
    note = parsed.notes[0]
    assert facts(note) == [(3, "The CLI reads credentials from a shared file in the home folder.")]
    assert questions(note) == [
        (1, 13, "Which file holds the CLI credentials?"),
        (2, 20, "How do you pick a named profile?"),
    ]
    assert sections(note) == [("questions", "Questions", 11, 3, 2)]


def test_subsections_hold_more_facts_and_are_not_new_notes() -> None:
    parsed = parse_layout("subsections.md")
    assert titles(parsed) == [("S3", 2, 1), ("EBS", 2, 18)]
    s3 = parsed.notes[0]
    assert s3.end_line == 16
    assert facts(s3) == [
        (3, "A bucket lives in one region."),
        (7, "SSE-S3 uses keys that S3 manages itself."),
        (8, "SSE-KMS uses keys kept in KMS."),
        (12, "Turning on default encryption affects new objects only."),
    ]
    assert sections(s3) == [
        ("other", "S3 Encryption", 5, 3, 2),
        ("other", "Exam Tips:", 10, 4, 1),
        ("questions", "Questions", 14, 3, 1),
    ]
    assert questions(s3) == [(1, 16, "Which option keeps its keys in KMS?")]


def test_obsidian_flashcards() -> None:
    (note,) = parse_layout("obsidian-flashcards.md").notes
    assert sections(note) == [("questions", "Questions / Flashcards", 5, 2, 3)]
    summary = [
        (q.number, q.line, q.text, q.answer.line if q.answer else None, q.answer and q.answer.text)
        for q in note.questions
    ]
    assert summary == [
        (1, 7, "How long can one invocation run?", 7, "Fifteen minutes at most."),
        (
            2,
            8,
            "What decides how much CPU a function gets?",
            9,
            "The memory setting; CPU grows with it.",
        ),
        (
            3,
            10,
            "Where do the logs of a function go?",
            11,
            "CloudWatch Logs one log group per function",
        ),
    ]
    assert [d.line for d in note.questions[2].details] == [11, 12]
    assert facts(note) == [(3, "A function may run for fifteen minutes at most.")]


# --- bytes: line ends and BOM -------------------------------------------------------------

_LAYOUT_NAMES = sorted(path.name for path in LAYOUTS.glob("*.md"))


@pytest.mark.parametrize("name", _LAYOUT_NAMES)
@pytest.mark.parametrize(
    "variant",
    ["crlf", "cr", "bom", "bom-crlf"],
)
def test_line_ends_and_bom_do_not_change_the_parse(tmp_path: Path, name: str, variant: str) -> None:
    text = (LAYOUTS / name).read_text(encoding="utf-8")
    ends = {"crlf": "\r\n", "cr": "\r", "bom": "\n", "bom-crlf": "\r\n"}[variant]
    data = text.replace("\n", ends).encode("utf-8")
    if variant.startswith("bom"):
        data = codecs.BOM_UTF8 + data
    target = tmp_path / name
    target.write_bytes(data)
    converted = parse_file(str(target), DEFAULT_SCHEMA)
    original = parse_layout(name)
    assert converted.error is None
    assert without_paths(converted.model_dump(mode="json")) == without_paths(
        original.model_dump(mode="json")
    )


def test_crlf_file_keeps_lines_and_columns(tmp_path: Path) -> None:
    text = (LAYOUTS / "nested-and-lead-in.md").read_text(encoding="utf-8")
    target = tmp_path / "crlf.md"
    target.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    (note,) = parse_file(str(target), DEFAULT_SCHEMA).notes
    assert (note.title, note.line) == ("Kinesis", 1)
    assert [(d.line, d.column) for d in note.facts[0].details] == [(4, 3), (5, 3)]
    assert note.questions[0].line == 20
    assert not note.title.startswith("\ufeff")


def test_cr_only_file_is_several_lines_not_one(tmp_path: Path) -> None:
    target = tmp_path / "cr.md"
    target.write_bytes(
        b"## Old Mac\r\r- A fact on line three.\r\r### Questions\r\r- Is this line seven?\r"
    )
    parsed = parse_file(str(target), DEFAULT_SCHEMA)
    (note,) = parsed.notes
    assert facts(note) == [(3, "A fact on line three.")]
    assert questions(note) == [(1, 7, "Is this line seven?")]
    assert parsed.line_count == 7


# --- comments -----------------------------------------------------------------------------


def test_comment_before_scenario_answer_keeps_it_the_scenario_answer() -> None:
    """An HTML comment (an expect marker or a kgnotes suppression) is not note content."""
    plain = "## Cache\n\n> A page is slow.\n\n_Put a cache in front of it._\n"
    commented = (
        "## Cache\n\n> A page is slow.\n\n<!-- kgnotes: disable-next-line -->\n"
        "_Put a cache in front of it._\n"
    )
    assert parse_text(plain, "a.md").notes[0].scenario_answer is not None
    answer = parse_text(commented, "a.md").notes[0].scenario_answer
    assert answer is not None and answer.line == 6


def test_comment_between_lead_in_and_its_list_keeps_the_lead_in() -> None:
    commented = (
        "## Shards\n\n**Shards can be:**\n<!-- kgnotes: disable-next-line placeholder -->\n"
        "- split TODO\n- merged\n"
    )
    note = parse_text(commented, "a.md").notes[0]
    assert [(f.line, f.kind) for f in note.facts] == [(5, "lead-in-item"), (6, "lead-in-item")]
    assert note.facts[0].lead_in is not None and note.facts[0].lead_in.line == 3
