"""The answer map scorer (`kgnotes/answers.py`), one mechanism at a time.

Each test builds a tiny note with the real parser and asks the scorer directly; the last
tests go through the CLI (`explain-question`, `check --format json`, config threshold).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kgnotes.answers import AnswerOptions, QuestionAnswer, answer_note, note_acronyms
from kgnotes.corpus import Corpus
from kgnotes.models import Note
from kgnotes.parser import parse_text
from kgnotes.text.terms import is_antonym_pair, load_synonyms

REPO = Path(__file__).resolve().parent.parent


def parse_note(markdown: str, path: str = "n.md") -> Note:
    parsed = parse_text(textwrap.dedent(markdown).removeprefix("\n"), path)
    (note,) = parsed.notes
    return note


def answers_of(markdown: str, **options: float) -> dict[str, QuestionAnswer]:
    """{question text: its answer} for a one-note Markdown text."""
    note = parse_note(markdown)
    return {a.question: a for a in answer_note(note, load_synonyms(), AnswerOptions(**options))}


def one_answer(markdown: str, **options: float) -> QuestionAnswer:
    (answer,) = answers_of(markdown, **options).values()
    return answer


def note_with(facts: list[str], question: str, title: str = "Study Notes") -> str:
    """A note whose facts start on line 3 (one per line) and whose one question follows."""
    bullets = "\n".join(f"- {fact}" for fact in facts)
    return f"## {title}\n\n{bullets}\n\n### Questions\n\n- {question}\n"


def supporting_lines(answer: QuestionAnswer) -> list[int]:
    return [fact.line for fact in answer.supporting]


# --- words: stems, synonyms, acronyms, typos, antonyms --------------------------------------


def test_paraphrase_meets_through_stems_and_synonym_groups() -> None:
    answer = one_answer(
        note_with(
            [
                "EFS is reached over NFS from Linux instances.",
                "EFS grows and shrinks automatically as files are added and removed.",
            ],
            "Does EFS scale up and down automatically?",
            title="EFS",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [4]
    assert "scale" in answer.supporting[0].matched_terms  # "grows and shrinks" -> scale
    assert answer.missing_terms == ()


def test_acronym_in_the_question_meets_its_expansion_in_a_fact() -> None:
    answer = one_answer(
        note_with(
            [
                "Versioning has to be switched on for both buckets.",
                "Cross-Region Replication copies new objects to a bucket in another region.",
            ],
            "What does CRR copy?",
            title="S3 Replication",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [4]
    assert "crr" in answer.supporting[0].matched_terms


@pytest.mark.parametrize(
    "spelled_out",
    ["Cross Region Replication", "Cross-Region Replication"],
    ids=["spaces", "hyphenated"],
)
def test_expansion_in_the_question_meets_the_acronym_in_a_fact(spelled_out: str) -> None:
    answer = one_answer(
        note_with(
            [
                "CRR copies new objects to a bucket owned by another account.",
                "Versioning has to be switched on for both buckets.",
            ],
            f"What does {spelled_out} copy?",
            title="S3 Replication",
        )
    )
    assert answer.answered, answer
    assert supporting_lines(answer) == [3]
    assert "crr" in answer.supporting[0].matched_terms


def test_an_acronym_the_note_defines_is_matched_both_ways() -> None:
    markdown = """
        ## EFS Protocol

        - EFS is built on the Network File System (NFS) protocol.
        - Clients mount EFS with NFS version 4.1.

        ### Questions

        - Which version of the network file system do EFS clients mount with?
        - Which NFS version do EFS clients mount with?
        """
    assert note_acronyms(parse_note(markdown)) == {"network file system": "nfs"}
    for answer in answers_of(markdown).values():
        assert answer.answered
        assert supporting_lines(answer) == [4]  # the fact that only says "NFS"
        assert "nfs" in answer.supporting[0].matched_terms


@pytest.mark.parametrize(
    ("question", "fact_line"),
    [
        ("What is the default retension period of a stream?", 3),
        ("How do producers injest records?", 4),
        ("Can Lamda read records from a stream?", 5),
    ],
)
def test_a_near_typo_still_matches(question: str, fact_line: int) -> None:
    answer = one_answer(
        note_with(
            [
                "A stream keeps records for a retention period of 24 hours by default.",
                "Producers ingest records with the PutRecord call.",
                "Lambda can read records from a stream in batches.",
            ],
            question,
            title="Kinesis",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [fact_line]
    assert answer.missing_terms == ()


def test_antonyms_never_match_even_though_they_look_alike() -> None:
    assert is_antonym_pair("maximum", "minimum")
    answer = one_answer(
        note_with(
            ["The minimum number of shards in a stream is one.", "A shard can be split in two."],
            "What is the maximum number of shards in a stream?",
            title="Kinesis Shards",
        )
    )
    assert not answer.answered
    assert "maximum" in answer.missing_terms
    assert all("maximum" not in fact.matched_terms for fact in answer.candidates)


# --- what kind of value the question asks for -----------------------------------------------


def test_how_long_prefers_the_fact_that_gives_a_duration() -> None:
    facts = [
        "The visibility timeout hides a received message from other consumers.",
        "The visibility timeout lasts thirty seconds unless you change it.",
    ]
    answer = one_answer(note_with(facts, "How long does the visibility timeout last?"))
    assert answer.answered
    assert supporting_lines(answer) == [4]

    without_duration = one_answer(
        note_with([facts[0] + " It lasts a while."], "How long does the visibility timeout last?")
    )
    assert not without_duration.answered


@pytest.mark.parametrize(
    ("fact", "question"),
    [
        ("Messages are kept for four days.", "How long are messages kept?"),
        ("An SQS message can be at most 256 KB.", "What is the maximum size of an SQS message?"),
    ],
    ids=["duration", "size"],
)
def test_a_value_of_the_asked_kind_answers_without_naming_the_kind(
    fact: str, question: str
) -> None:
    """ "four days" is how long; "256 KB" is a size: the fact need not say "duration"."""
    answer = one_answer(
        note_with([fact, "Consumers delete a message once they have processed it."], question)
    )
    assert answer.answered, answer
    assert supporting_lines(answer) == [3]


def test_how_many_wants_a_number_next_to_the_counted_thing() -> None:
    question = "How many copies of the data does Aurora keep?"
    near = one_answer(
        note_with(["Aurora keeps six copies of the data.", "Storage grows on its own."], question)
    )
    assert near.answered
    assert supporting_lines(near) == [3]

    far = one_answer(
        note_with(
            [
                "Aurora replicates data continuously across the cluster, with a 100 ms lag.",
                "Storage grows on its own.",
            ],
            question,
        )
    )
    assert not far.answered  # the only number is a lag, not a count of copies


def test_a_stop_word_after_how_many_is_not_the_counted_thing() -> None:
    """ "How many copies of ...": a number next to "of" is not a number of copies."""
    answer = one_answer(
        note_with(
            [
                "Aurora replicates data continuously across the cluster, with a lag of 100 ms.",
                "Storage grows on its own.",
            ],
            "How many copies of the data does Aurora keep?",
        )
    )
    assert not answer.answered, answer


def test_maximum_size_prefers_the_fact_that_gives_a_size() -> None:
    answer = one_answer(
        note_with(
            [
                "SQS sets a maximum size for every message it accepts.",
                "An SQS message holds at most 256 KB of data.",
            ],
            "What is the maximum size of an SQS message?",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [4]


@pytest.mark.parametrize(
    ("fact", "question"),
    [
        ("Aurora keeps copies of the data.", "How many copies does Aurora keep?"),
        (
            "SQS sets a maximum size for every message.",
            "What is the maximum size of an SQS message?",
        ),
    ],
    ids=["count", "size"],
)
def test_a_fact_without_a_value_of_the_asked_kind_never_answers(fact: str, question: str) -> None:
    """Every word matches, but there is no number: the question stays unanswered."""
    answer = one_answer(note_with([fact], question))
    assert not answer.answered, answer


def test_a_default_does_not_answer_a_question_about_the_maximum() -> None:
    markdown = """
        ## Kinesis Retention

        - A stream keeps records for a retention period of 24 hours by default.
        - Consumers read records with a shard iterator.

        ### Questions

        - What is the maximum retention period of a stream?
        - What is the default retention period of a stream?
        """
    found = answers_of(markdown)
    maximum = found["What is the maximum retention period of a stream?"]
    default = found["What is the default retention period of a stream?"]
    assert default.answered
    assert supporting_lines(default) == [3]
    assert not maximum.answered
    assert "maximum" in maximum.missing_terms


# --- the note's title, two-part questions, ties ---------------------------------------------


def test_title_terms_are_the_implicit_subject_of_every_fact() -> None:
    facts = ["A retrieval takes up to 12 hours.", "It is the cheapest storage class."]
    question = "How long does a Glacier Deep Archive retrieval take?"
    titled = one_answer(note_with(facts, question, title="Glacier Deep Archive"))
    assert titled.answered
    assert supporting_lines(titled) == [3]
    assert {"glacier", "deep"} <= set(titled.supporting[0].matched_terms)

    untitled = one_answer(note_with(facts, question, title="Storage Notes"))
    assert not untitled.answered
    assert {"glacier", "deep", "archive"} <= set(untitled.missing_terms)


_WORKFLOWS = """
    ## Workflows

    - Step Functions coordinates Lambda functions into a state machine.
    - Express workflows last five minutes at most.

    ### Questions

    - {question}
    """


def test_a_two_part_question_is_answered_by_two_facts() -> None:
    question = "What does Step Functions coordinate, and how long can an Express workflow last?"
    answer = one_answer(_WORKFLOWS.format(question=question))
    assert answer.answered
    assert supporting_lines(answer) == [3, 4]
    assert all(fact.score < answer.score for fact in answer.candidates)  # no single fact does


def test_a_single_question_is_not_answered_by_a_pair() -> None:
    question = (
        "How long can a Step Functions state machine of Lambda functions last as an "
        "Express workflow?"
    )
    answer = one_answer(_WORKFLOWS.format(question=question))
    assert not answer.answered
    assert len(answer.supporting) == 1


def test_a_tie_goes_to_the_fact_that_matches_more_terms() -> None:
    # With light words weighing nothing, "supports" adds a matched term but no score.
    answer = one_answer(
        note_with(
            [
                "Route 53 answers DNS queries.",
                "Route 53 supports DNS queries for private and public hosted zones alike.",
            ],
            "Does Route 53 support DNS queries?",
            title="Route 53",
        ),
        light_weight=0.0,
    )
    first, second = answer.candidates[:2]
    assert first.score == second.score
    assert first.line == 4  # later line and less focused, but one more matched term
    assert len(first.matched_terms) > len(second.matched_terms)
    assert supporting_lines(answer) == [4]


def test_missing_terms_are_the_question_words_found_nowhere_in_the_note() -> None:
    answer = one_answer(
        note_with(
            ["EFS keeps data in several Availability Zones.", "EFS is mounted over NFS."],
            "Which encryption algorithm protects EFS data at rest?",
            title="EFS",
        )
    )
    assert {"encryption", "algorithm", "protects", "rest"} <= set(answer.missing_terms)
    assert not {"efs", "data"} & set(answer.missing_terms)


# --- question-and-answer layouts -------------------------------------------------------------


def test_numbered_answers_are_the_support_and_placeholders_do_not_answer() -> None:
    markdown = """
        # Recovery Terms

        - RPO bounds the data a business may lose; RTO bounds the downtime.

        ### Questions

        1. What does RPO bound?
        1. What does RTO bound?
        1. Which strategy keeps a small copy running?

        ### Answers

        1. The data the business may lose.
        1. XX
        """
    rpo, rto, strategy = answers_of(markdown).values()
    assert (rpo.method, rpo.answered, supporting_lines(rpo)) == ("answer", True, [13])
    assert (rto.method, rto.answered, supporting_lines(rto)) == ("answer", False, [14])
    assert (strategy.method, strategy.answered, strategy.supporting) == ("answer", False, ())


# --- the whole map ----------------------------------------------------------------------------

_CORPUS = {
    "a.md": note_with(
        [
            "EFS grows and shrinks automatically.",
            "Many instances can mount one EFS file system at once.",
        ],
        "Does EFS scale automatically?",
        title="EFS",
    ),
    "b.md": note_with(
        ["A queue keeps a message for four days by default.", "FIFO queues keep order."],
        "Which queue type keeps messages in order?",
        title="SQS",
    ),
}


def test_the_answer_map_is_deterministic() -> None:
    def snapshot() -> list:
        files = [parse_text(text, path) for path, text in reversed(_CORPUS.items())]
        answers = Corpus(files, synonyms=load_synonyms()).answer_map()
        return [(key, answer.model_dump()) for key, answer in sorted(answers.items())]

    assert snapshot() == snapshot()


def test_the_answer_map_is_the_same_under_any_hash_seed(project: Path, write_notes) -> None:
    write_notes(project, _CORPUS)
    outputs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        completed = subprocess.run(
            [sys.executable, "-m", "kgnotes", "answers", "a.md", "b.md"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.append(completed.stdout)
    assert outputs[0] == outputs[1]
    assert [item["path"] for item in json.loads(outputs[0])] == ["a.md", "b.md"]


# --- the CLI ------------------------------------------------------------------------------------


def test_explain_question_prints_the_supporting_fact_and_candidates(
    project: Path, write_notes, run_cli
) -> None:
    write_notes(project, {"efs.md": _CORPUS["a.md"]})
    code, out, err = run_cli(["explain-question", "efs.md:8"], project)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "efs.md:8: Does EFS scale automatically?"
    assert "answered" in out.splitlines()[1]
    assert "supporting: efs.md:3 " in out
    assert "candidates: efs.md:3 " in out
    assert "candidates: efs.md:4 " in out
    assert "EFS grows and shrinks automatically." in out

    code, out, err = run_cli(["explain-question", "efs.md:8", "--json"], project)
    assert code == 0
    data = json.loads(out)
    assert (data["line"], data["answered"]) == (8, True)
    assert data["supporting"][0]["line"] == 3


@pytest.mark.parametrize("location", ["efs.md:3", "efs.md:99"])
def test_explain_question_on_a_line_without_a_question_exits_2(
    location: str, project: Path, write_notes, run_cli
) -> None:
    write_notes(project, {"efs.md": _CORPUS["a.md"]})
    code, out, err = run_cli(["explain-question", location], project)
    assert code == 2
    assert out == ""
    assert f"{location}: no question starts on that line" in err
    assert "Traceback" not in err


def test_explain_question_needs_file_colon_line(project: Path, run_cli) -> None:
    code, _, err = run_cli(["explain-question", "efs.md"], project)
    assert code == 2
    assert "expected FILE:LINE" in err


def test_json_findings_on_questions_carry_the_answer(
    project: Path, write_notes, check_json
) -> None:
    write_notes(
        project,
        {
            "efs.md": note_with(
                ["EFS is a shared file system for Linux instances."],
                "How is EFS different from S3?",
                title="EFS",
            )
        },
    )
    code, diagnostics, _ = check_json(["efs.md"], project, "--select", "KGN301,KGN302")
    assert code == 1
    assert sorted((d["code"], d["line"]) for d in diagnostics) == [("KGN301", 7), ("KGN302", 7)]
    for diagnostic in diagnostics:
        answer = diagnostic["data"]["answer"]
        assert (answer["path"], answer["line"], answer["answered"]) == ("efs.md", 7, False)
        assert answer["supporting"][0]["line"] == 3
        assert "s3" in answer["missing_terms"]
    assert diagnostics[1]["data"]["terms"] == ["S3"]  # the rule's own data is kept


def test_threshold_comes_from_config(project: Path, write_notes, check_json) -> None:
    write_notes(
        project,
        {
            "sqs.md": note_with(
                [
                    "The visibility timeout hides a received message from other consumers.",
                    "The visibility timeout lasts thirty seconds unless you change it.",
                ],
                "How long does the visibility timeout last after a receive call?",
                title="SQS",
            )
        },
    )
    code, diagnostics, _ = check_json(["sqs.md"], project, "--select", "KGN301")
    assert (code, diagnostics) == (0, [])

    # "call" is in no fact, so the score stays below 0.9: a stricter corpus threshold
    # turns the same question into a finding.
    (project / "kgnotes.toml").write_text(
        "[rules.unanswered-question.options]\nthreshold = 0.9\n", encoding="utf-8"
    )
    code, diagnostics, _ = check_json(["sqs.md"], project, "--select", "KGN301")
    assert code == 1
    assert [(d["code"], d["line"]) for d in diagnostics] == [("KGN301", 8)]
    assert diagnostics[0]["data"]["answer"]["score"] < 0.9


# --- accuracy mechanisms (branch accuracy) ---------------------------------------------------


def test_a_how_does_question_about_a_duration_noun_does_not_ask_for_a_duration() -> None:
    from kgnotes.text.quantities import asked_type

    assert asked_type("How does TTL work in DynamoDB?").kind == ""
    assert asked_type("What is the default TTL?").kind == "duration"
    assert asked_type("How long is the visibility timeout?").kind == "duration"
    answer = one_answer(
        note_with(
            [
                "Time to live deletes an item after the timestamp in a chosen attribute passes.",
                "Items are at most 400 KB.",
            ],
            "How does TTL work in DynamoDB?",
            title="DynamoDB",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [3]


@pytest.mark.parametrize(
    ("fact", "question"),
    [
        ("AWS managed keys are rotated every year.", "How often are AWS managed keys rotated?"),
        (
            "A failed asynchronous event is retried twice.",
            "How many times is a failed event retried?",
        ),
    ],
    ids=["every-year", "twice"],
)
def test_frequencies_and_times_in_words_are_values_of_the_asked_kind(
    fact: str, question: str
) -> None:
    answer = one_answer(note_with([fact, "Keys live in hardware security modules."], question))
    assert answer.answered, answer
    assert supporting_lines(answer) == [3]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("RAM", "memory"),
        ("nation", "country"),
        ("alerted", "alarm"),
        ("load balancer", "ELB"),
        ("dead-letter queue", "DLQ"),
        ("right away", "instantly"),
        ("turned on", "enabled"),
        ("utilisation", "usage"),
        ("wins", "overrides"),
        ("on its own", "automatically"),
        ("how quickly", "duration"),
        ("if you don't choose", "by default"),
    ],
)
def test_general_synonym_groups_fold_words_of_one_meaning(one: str, other: str) -> None:
    from kgnotes.text.terms import content_terms

    synonyms = load_synonyms()
    assert content_terms(one, synonyms) == content_terms(other, synonyms)


def test_a_paraphrase_through_a_synonym_group_answers() -> None:
    answer = one_answer(
        note_with(
            [
                "Memory and disk usage are not default EC2 metrics; install the agent for them.",
                "Basic monitoring sends metrics every five minutes.",
            ],
            "Why can't I see RAM utilisation for my instance by default?",
            title="CloudWatch",
        )
    )
    assert answer.answered, answer
    assert supporting_lines(answer) == [3]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How do you make EFS reachable from each Availibility Zone?", "availability"),
        ("How much scratch space does a Lamda function get?", "lambda"),
        ("How much data can a shard injest per second?", "ingest"),
    ],
)
def test_a_misspelt_question_word_is_respelled_as_the_known_word(
    question: str, expected: str
) -> None:
    from kgnotes.answers import _note_units
    from kgnotes.text.typos import corrected_typos, note_vocabulary

    note = parse_note(
        note_with(["Each function gets /tmp scratch space.", "A mount target per AZ."], question)
    )
    units = _note_units(note, load_synonyms(), {})
    known = note_vocabulary((unit.words for unit in units), "Lambda")
    corrected = corrected_typos(question, *known, load_synonyms())
    assert expected in corrected.split()


@pytest.mark.parametrize(
    "question",
    [
        "How many replicas can there be?",  # short words are not respelled
        "Which three ports are open?",  # "three" is not a typo of the stop word "there"
        "Can an object be overwritten in place?",  # a real word near "override"
    ],
)
def test_real_words_are_not_respelled(question: str) -> None:
    from kgnotes.answers import _note_units
    from kgnotes.text.typos import corrected_typos, note_vocabulary

    note = parse_note(note_with(["Replicas override the primary.", "Ports are open."], question))
    units = _note_units(note, load_synonyms(), {})
    known = note_vocabulary((unit.words for unit in units), "Study Notes")
    assert corrected_typos(question, *known, load_synonyms()) == question


def test_a_typo_in_a_synonym_phrase_still_meets_the_phrase() -> None:
    answer = one_answer(
        note_with(
            ["You create one mount target per AZ.", "EFS is reached over NFS."],
            "How many mount targets are there per Availibility Zone?",
            title="EFS",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [3]


def test_an_acronym_takes_two_letters_from_a_compound_word() -> None:
    answer = one_answer(
        note_with(
            [
                "A Customer Gateway is your side of a Site-to-Site VPN connection.",
                "A VPN connection has two tunnels.",
            ],
            "What is a CGW?",
            title="VPN",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [3]


def test_a_question_spelling_out_a_compound_acronym_meets_it() -> None:
    answer = one_answer(
        note_with(
            ["GWLB passes traffic through virtual firewall appliances.", "NLB works at layer 4."],
            "What is a Gateway Load Balancer used for?",
            title="ELB",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [3]


@pytest.mark.parametrize(
    ("decoy", "answering", "question", "title"),
    [
        pytest.param(
            "Data keys are returned in plaintext and encrypted form.",
            "Keys are kept inside hardware security modules that are FIPS validated.",
            "Are the keys kept in HSMs?",
            "KMS",
            id="plural-acronym",  # HSMs is HSM with a plural s
        ),
        pytest.param(
            "Without cache headers from the origin, objects are cached for a day.",
            "Origin access control lets only the CDN read a private bucket.",
            "What does OAC do for a bucket origin?",
            "CDN",
            id="verbs-lend-no-letter",  # "objects are cached" does not spell OAC
        ),
        pytest.param(
            "Convertible RIs can change instance family.",
            "Reserved Instances cost up to 70% less than On-Demand for a term.",
            "How much can Reserved Instances save?",
            "EC2 Pricing",
            # The question's words become the note's acronym (RI); the fact that spells it
            # out still answers.
            id="spelled-out-acronym",
        ),
        pytest.param(
            "Standby nodes take over when the primary fails.",
            "Simple Notification Service pushes each message to every subscriber.",
            "What is SNS?",
            "Study Notes",
            id="final-s-of-an-acronym",  # SNS is S-N-S, not the plural of SN
        ),
        pytest.param(
            "A standby node's state is copied every second.",
            "Simple Notification Service pushes each message to every subscriber.",
            "What is SNS?",
            "Study Notes",
            id="apostrophe-pieces",  # "node's" is "node" + "s": the "s" is no initial
        ),
    ],
)
def test_the_fact_spelling_the_acronym_answers(
    decoy: str, answering: str, question: str, title: str
) -> None:
    answer = one_answer(note_with([decoy, answering], question, title=title))
    assert answer.answered, answer
    assert supporting_lines(answer) == [4]


def test_a_region_code_names_a_region() -> None:
    from kgnotes.text.terms import content_terms

    assert "region" in content_terms("Request it in us-east-1.", load_synonyms())
    assert "region" not in content_terms("Request it in the east wing.", load_synonyms())
    answer = one_answer(
        note_with(
            ["A CloudFront certificate is requested in us-east-1.", "Edge caches are global."],
            "In which region is a CloudFront certificate requested?",
            title="CloudFront",
        )
    )
    assert answer.answered
    assert supporting_lines(answer) == [3]


@pytest.mark.parametrize(
    ("fact", "question"),
    [
        (
            "AWS Config records each resource every six hours.",
            "How long does AWS Config keep each resource record?",
        ),
        (
            "A Multi-AZ cluster keeps its standby node in a second Availability Zone.",
            "How long does a Multi-AZ cluster failover take?",
        ),
        (
            "Each shard takes writes of up to 1 MB/s.",
            "What is the maximum size of one record in a shard?",
        ),
        (
            "A function can use layers, up to 250 MB unzipped including its layers.",
            "How many layers can a function use?",
        ),
        (
            "Express workflows cost you per request and per duration of each run.",
            "What do Express workflows cost per request?",
        ),
    ],
    ids=[
        "frequency-is-not-how-long",
        "ordinal-second",
        "rate-is-not-a-size",
        "size-is-no-count",
        "billing-model-is-no-price",
    ],
)
def test_a_value_of_another_kind_does_not_answer(fact: str, question: str) -> None:
    """Each fact has a time, size or number near the question's words, but not the kind of
    value asked: how often is not how long, "a second AZ" is no time, 1 MB/s is a rate, and
    250 MB counts no layers."""
    answer = one_answer(note_with([fact], question))
    assert not answer.answered, answer


@pytest.mark.parametrize(
    ("fact", "question"),
    [
        ("AWS Config records each resource every six hours.", "How often does Config record?"),
        (
            "A standby takes over within a second of a failure.",
            "How quickly does a standby take over?",
        ),
        ("Automated backups are kept for 35 days.", "How many days are automated backups kept?"),
        ("Each record can be at most 1 MB.", "What is the maximum size of a record?"),
        ("A NAT gateway costs 4.5 cents per hour.", "How much does a NAT gateway cost per hour?"),
        ("Inbound data transfer is free.", "How much does inbound data transfer cost?"),
        (
            "Basic monitoring metrics cost nothing extra.",
            "How much do basic monitoring metrics cost?",
        ),
        ("Getting a dedicated line installed takes weeks.", "How long does a dedicated line take?"),
        (
            "Each Lambda invocation is billed with a 1 ms minimum per request.",
            "Is there a minimum charge per Lambda request?",
        ),
        (
            "An io2 volume delivers up to 64,000 IOPS.",
            "How many input/output operations per second can an io2 volume deliver?",
        ),
        (
            "One WCU covers one write per second of an item up to 1 KB.",
            "How many writes per second does one WCU cover?",
        ),
        (
            "New buckets block public access unless you choose otherwise.",
            "Do new buckets block public access by default?",
        ),
    ],
    ids=[
        "how-often",
        "within-a-second",
        "days-counted",
        "size",
        "price",
        "free",
        "costs-nothing",
        "bare-weeks",
        "yes-no-about-a-charge",
        "iops-is-a-rate",
        "rate-in-words",
        "unless-you-choose-is-the-default",
    ],
)
def test_the_asked_kind_of_value_still_answers(fact: str, question: str) -> None:
    answer = one_answer(note_with([fact, "Keys live in hardware security modules."], question))
    assert answer.answered, answer
    assert supporting_lines(answer) == [3]


def test_words_ending_in_a_time_unit_letter_are_not_durations() -> None:
    """ "as" and "ones" once read as "a s(econd)" and "one s(econd)", so any fact with "as"
    gave a duration."""
    from kgnotes.text.quantities import DURATION

    assert not DURATION.search("It comes as Single-AZ or Multi-AZ, like the ones before.")
    assert [m.group(0) for m in DURATION.finditer("5s, 100ms, a day or one-hour")] == [
        "5s",
        "100ms",
        "a day",
        "one-hour",
    ]
    answer = one_answer(
        note_with(
            ["A Multi-AZ file system works as a pair: a standby waits in another AZ."],
            "How long does a Multi-AZ file system failover take?",
        )
    )
    assert not answer.answered, answer


@pytest.mark.parametrize(
    ("question", "asked", "compared"),
    [
        ("How many read replicas are needed to reach 50,000 reads per second?", "count", "count"),
        ("How many IOPS can a gp3 volume deliver?", "rate", "rate"),
        ("Which storage class has the lowest cost per GB?", "", ""),
        ("How much data does Athena scan at minimum per query?", "size", "size"),
        ("How much are you charged for a NAT gateway?", "price", "price"),
        ("Is there a charge per request?", "", ""),
        ("What does Kinesis extended data retention cost?", "price", "price"),
        ("What is the price of a CloudWatch Logs retention period?", "price", "price"),
        ("What is the most cost-effective storage class for archives?", "", ""),
        # Two questions compare a count of time or size units as a duration or a size.
        ("By default, how many days does KMS wait before deleting a key?", "count", "duration"),
        ("How many business days does a Snowball job take?", "count", "duration"),
        ("How many GB can one Lambda /tmp hold?", "count", "size"),
        ("How many times does Lambda retry an async invocation?", "count", "count"),
        # The answer scorer reads "retention" as a duration; compared, a yes/no question
        # asks whether, not for a value.
        ("Is there a charge for S3 Object Lock retention?", "duration", ""),
        # "Some number" is no kind to compare.
        ("What is the maximum execution time of a Lambda function?", "number", ""),
    ],
)
def test_the_kind_a_question_asks_for(question: str, asked: str, compared: str) -> None:
    """`asked_type` for the answer scorer, `value_kind` for comparing two questions."""
    from kgnotes.text.quantities import asked_type, value_kind

    assert asked_type(question).kind == asked
    assert value_kind(question) == compared


def test_values_of_each_kind_in_realistic_facts() -> None:
    from kgnotes.text.quantities import PRICE, RATE, has_span

    assert RATE.search("A gp3 volume delivers up to 16,000 provisioned IOPS.")
    assert not RATE.search("A shard keeps records for 24 hours.")  # no rate at all
    assert PRICE.search("A NAT gateway costs USD 0.045 an hour.")
    assert PRICE.search("Data transfer in is not charged.")
    assert not PRICE.search("On-demand capacity is billed per request.")
    assert has_span("Once 30 days have passed, objects move to Standard-IA.")  # a conjunction
    assert not has_span("Snapshots run once a day.")


def test_a_fact_without_a_rate_does_not_answer_a_rate_question() -> None:
    answer = one_answer(
        note_with(
            ["A shard keeps write records for 24 hours."],
            "What is the write throughput of a shard?",
        )
    )
    assert not answer.answered, answer
