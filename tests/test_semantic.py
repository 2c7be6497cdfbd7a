"""Optional meaning-based matching (`semantic = true`, kgnotes/semantic.py).

The test command installs the `semantic` extra, so these run the real WordLlama model files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kgnotes import semantic
from kgnotes.answers import AnswerOptions, answer_note
from kgnotes.parser import parse_text
from kgnotes.text.terms import load_synonyms

NOTE = """\
## Aurora

- Aurora is compatible with MySQL and PostgreSQL.
- Up to 15 Aurora Replicas share the cluster volume and serve reads.
- Backtrack rewinds an Aurora MySQL cluster to an earlier time without a restore.

### Questions

- Can I undo a bad change on Aurora MySQL without restoring a snapshot?
- How long does a failover to a replica take?
- How many Aurora Replicas can a cluster have?
"""


def _answers(options: AnswerOptions, text: str = NOTE):
    (note,) = parse_text(text, "aurora.md").notes
    return answer_note(note, load_synonyms(), options)


def test_encoder_matches_wordllamas_own_embedding() -> None:
    """Our reader of the wheel's files (no BOS token, mean of token vectors, unit length)
    gives WordLlama's own vectors."""
    from wordllama.inference import WordLlamaInference

    encoder = semantic.load_encoder()
    reference = WordLlamaInference(
        encoder.table, encoder.tokenizer.__class__.from_str(encoder.tokenizer.to_str())
    )
    texts = [
        "How can I get alerted when an error shows up in my logs?",
        "A metric filter turns matching log lines into a metric.",
        "EFS",
        "Glacier — 5 TB per archive, élan",
    ]
    ours = encoder.encode(texts)
    theirs = reference.embed(texts, norm=True)
    assert np.allclose(ours, theirs, atol=1e-5)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_empty_text_is_a_zero_vector_not_nan() -> None:
    vectors = semantic.load_encoder().encode(["", "S3"])
    assert not np.isnan(vectors).any()
    assert not vectors[0].any()
    assert vectors[1].any()


def test_model_is_loaded_once_per_process() -> None:
    assert semantic.load_encoder() is semantic.load_encoder()


def test_paraphrase_is_answered_by_meaning_with_the_fact_shown() -> None:
    lexical = _answers(AnswerOptions())[0]
    assert not lexical.answered  # "undo" / "rewinds": term matching alone cannot see it

    meant = _answers(AnswerOptions(semantic=True))[0]
    assert meant.answered
    assert meant.method == "semantic"
    (support,) = meant.supporting
    assert support.line == 5  # Backtrack
    assert support.score == meant.semantic_score >= AnswerOptions().semantic_threshold
    assert meant.score == lexical.score  # the term score is still reported


def test_a_question_answered_by_its_terms_keeps_that_answer() -> None:
    by_terms = _answers(AnswerOptions())[2]
    with_meaning = _answers(AnswerOptions(semantic=True))[2]
    assert by_terms.answered and with_meaning.answered
    assert with_meaning.method == "facts"
    assert with_meaning.supporting == by_terms.supporting


def test_meaning_cannot_answer_without_the_asked_kind_of_value() -> None:
    """ "How long ...?" needs a duration: no fact has one, so the question stays unanswered
    whatever its cosine."""
    how_long = _answers(AnswerOptions(semantic=True, semantic_threshold=0.0))[1]
    assert not how_long.answered
    assert how_long.semantic_score == 0.0


def test_threshold_decides() -> None:
    strict = _answers(AnswerOptions(semantic=True, semantic_threshold=0.99))[0]
    assert not strict.answered
    assert strict.semantic_score is not None and strict.semantic_score < 0.99


def test_off_by_default_and_then_no_meaning_score() -> None:
    answers = _answers(AnswerOptions())
    assert all(answer.semantic_score is None for answer in answers)


def test_check_reports_meaning_score_and_json_method(
    tmp_path: Path, write_notes, check_json, run_cli
) -> None:
    write_notes(
        tmp_path,
        {
            "aurora.md": NOTE,
            "kgnotes.toml": "[rules.unanswered-question.options]\nsemantic = true\n",
        },
    )
    exit_code, diagnostics, _ = check_json(["aurora.md"], tmp_path)
    assert exit_code == 1
    (finding,) = diagnostics  # the paraphrase is answered; "how long" is not
    assert finding["line"] == 10
    assert "best meaning match 0.00" in finding["message"]
    assert finding["data"]["answer"]["semantic_score"] == 0.0

    code, out, _ = run_cli(["explain-question", "aurora.md:9"], tmp_path)
    assert code == 0
    assert "method semantic" in out
    assert "aurora.md:5" in out


def test_missing_model_is_a_config_error(
    tmp_path: Path, write_notes, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "_package_folder", lambda: None)
    write_notes(
        tmp_path,
        {
            "aurora.md": NOTE,
            "kgnotes.toml": "[rules.unanswered-question.options]\nsemantic = true\n",
        },
    )
    exit_code, out, err = run_cli(["check", "aurora.md"], tmp_path)
    assert exit_code == 2
    assert out == ""
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "kgnotes.toml" in line
    assert "wordllama" in line
    assert "pip install 'kgnotes[semantic]'" in line


def test_meaning_never_answers_a_question_naming_what_the_note_lacks() -> None:
    """The same question as the one answered by meaning, plus a service the note never
    mentions: no fact of this note can answer it (unsupported-term's condition)."""
    text = NOTE.replace("restoring a snapshot?", "restoring a DynamoDB snapshot?")
    answer = _answers(AnswerOptions(semantic=True), text)[0]
    assert "DynamoDB" in answer.question
    assert not answer.answered
    assert answer.semantic_score == 0.0


def test_fact_shown_weighs_its_terms_as_well_as_its_meaning() -> None:
    """By cosine alone the Logs Insights line is closest (it shares "log events"); adding
    each fact's term score shows the metric filter, the fact that answers."""
    text = """\
## CloudWatch Logs

- A metric filter turns matching log lines into a metric you can alarm on.
- Log groups keep events for a retention period that you choose.
- Logs Insights runs queries over log events.

### Questions

- How can I get alerted when a particular error message shows up in my logs?
"""
    (answer,) = _answers(AnswerOptions(semantic=True, semantic_threshold=0.2), text)
    assert answer.method == "semantic"
    assert answer.supporting[0].line == 3
