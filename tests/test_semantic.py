"""Optional meaning-based matching (`semantic = true`: kgnotes/semantic.py, kgnotes/meaning.py).

The test command installs the `semantic` extra, so these run the real WordLlama model files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import kgnotes.commands
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
PARAPHRASE = "Can I undo a bad change on Aurora MySQL without restoring a snapshot?"
SEMANTIC_CONFIG = "[rules.unanswered-question.options]\nsemantic = true\n"


def _answers(options: AnswerOptions, text: str = NOTE):
    (note,) = parse_text(text, "aurora.md").notes
    return answer_note(note, load_synonyms(), options)


def _with_question(question: str) -> str:
    return NOTE.replace(PARAPHRASE, question)


# --- the encoder ------------------------------------------------------------------------------


def test_encoder_matches_wordllamas_own_embedding() -> None:
    """Our reader of the wheel's files (no BOS token, mean of token vectors, unit length)
    gives WordLlama's own vectors."""
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    encoder = semantic.load_encoder()
    reference = WordLlamaInference(encoder.table, Tokenizer.from_str(encoder.tokenizer.to_str()))
    texts = [
        "How can I get alerted when an error shows up in my logs?",
        "A metric filter turns matching log lines into a metric.",
        "EFS",
        "Glacier — 5 TB per archive, élan",
    ]
    ours = encoder.encode(texts)
    assert np.allclose(ours, reference.embed(texts, norm=True), atol=1e-5)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_a_known_pair_has_its_known_cosine() -> None:
    """Pins the model files themselves: another table or tokenizer moves this figure."""
    vectors = semantic.load_encoder().encode(
        [
            "Backtrack rewinds an Aurora MySQL cluster to an earlier time.",
            "Can I undo a bad change on Aurora MySQL?",
        ]
    )
    assert float(vectors[0] @ vectors[1]) == pytest.approx(0.6526, abs=1e-3)


def test_empty_text_is_a_zero_vector_not_nan() -> None:
    vectors = semantic.load_encoder().encode(["", "S3"])
    assert not np.isnan(vectors).any()
    assert not vectors[0].any()
    assert vectors[1].any()


def test_model_is_loaded_once_per_process() -> None:
    assert semantic.load_encoder() is semantic.load_encoder()


# --- answering by meaning ---------------------------------------------------------------------


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


def test_threshold_is_reached_at_equality() -> None:
    score = _answers(AnswerOptions(semantic=True))[0].semantic_score
    assert score is not None
    at = _answers(AnswerOptions(semantic=True, semantic_threshold=score))[0]
    above = _answers(AnswerOptions(semantic=True, semantic_threshold=score + 0.001))[0]
    assert at.answered and at.method == "semantic"
    assert not above.answered
    assert above.semantic_score == score  # measured, and reported, all the same


def test_meaning_cannot_answer_without_the_asked_kind_of_value() -> None:
    """ "How long ...?" needs a duration: no fact has one, so nothing is compared and the
    question stays unanswered whatever the threshold."""
    how_long = _answers(AnswerOptions(semantic=True, semantic_threshold=0.0))[1]
    assert not how_long.answered
    assert how_long.semantic_score is None


def test_meaning_cannot_answer_without_the_asked_qualifier() -> None:
    """The paraphrase asking for "the default" way: no fact names a default."""
    text = _with_question("What is the default way to undo a bad change on Aurora MySQL?")
    answer = _answers(AnswerOptions(semantic=True, semantic_threshold=0.0), text)[0]
    assert not answer.answered
    assert answer.semantic_score is None


@pytest.mark.parametrize(
    "question",
    [
        "Can I undo a bad change on Aurora MySQL without restoring a DynamoDB snapshot?",
        "Can I undo a bad change on Aurora MySQL 8.0 without restoring a snapshot?",
    ],
    ids=["service", "number"],
)
def test_meaning_never_answers_a_question_naming_what_the_note_lacks(question: str) -> None:
    """The paraphrase plus a name the note never mentions: no fact of this note can answer
    it, whatever the cosine (unsupported-term's condition)."""
    answer = _answers(
        AnswerOptions(semantic=True, semantic_threshold=0.0), _with_question(question)
    )[0]
    assert not answer.answered
    assert answer.semantic_score is None


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
    assert answer.semantic_score > answer.supporting[0].score  # Insights is closer alone


def test_off_by_default_and_then_no_meaning_score() -> None:
    answers = _answers(AnswerOptions())
    assert all(answer.semantic_score is None for answer in answers)


# --- through the command line -----------------------------------------------------------------


def test_check_reports_meaning_score_and_json_method(
    tmp_path: Path, write_notes, check_json, run_cli
) -> None:
    write_notes(tmp_path, {"aurora.md": NOTE, "kgnotes.toml": SEMANTIC_CONFIG})
    exit_code, diagnostics, _ = check_json(["aurora.md"], tmp_path)
    assert exit_code == 1
    (finding,) = diagnostics  # the paraphrase is answered; "how long" is not
    assert finding["line"] == 10
    assert "in meaning" not in finding["message"]  # nothing could be compared
    assert "semantic_score" not in finding["data"]["answer"]

    code, out, _ = run_cli(["explain-question", "aurora.md:9"], tmp_path)
    assert code == 0
    assert "method semantic" in out
    assert "meaning 0." in out  # the cosine that answered it
    assert "aurora.md:5" in out


def test_an_unanswered_question_gives_its_meaning_score(
    tmp_path: Path, write_notes, check_json
) -> None:
    strict = SEMANTIC_CONFIG + "semantic_threshold = 0.99\n"
    write_notes(tmp_path, {"aurora.md": NOTE, "kgnotes.toml": strict})
    _, diagnostics, _ = check_json(["aurora.md"], tmp_path)
    finding = next(d for d in diagnostics if d["line"] == 9)
    score = finding["data"]["answer"]["semantic_score"]
    assert 0 < score < 0.99
    assert f"closest in meaning scores {score:.2f}" in finding["message"]


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "aurora.md"],
        ["build", "aurora.md", "--out", "out"],
        ["explain-question", "aurora.md:9"],
    ],
    ids=["check", "build", "explain-question"],
)
def test_missing_model_is_a_config_error(
    tmp_path: Path, write_notes, run_cli, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.setattr(semantic, "_package_folder", lambda: None)
    write_notes(tmp_path, {"aurora.md": NOTE, "kgnotes.toml": SEMANTIC_CONFIG})
    exit_code, out, err = run_cli(argv, tmp_path)
    assert exit_code == 2
    assert out == ""
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "kgnotes.toml" in line
    assert "options.semantic: needs wordllama: pip install 'kgnotes[semantic]'" in line
    assert not (tmp_path / "out").exists()


def test_warm_cache_is_not_replayed_once_the_model_is_gone(
    tmp_path: Path, write_notes, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model is part of both cache keys: the pre-commit fast path must not print the
    output of a run that had the model."""
    write_notes(tmp_path, {"aurora.md": NOTE, "kgnotes.toml": SEMANTIC_CONFIG})
    assert run_cli(["check", "aurora.md"], tmp_path)[0] == 1
    monkeypatch.setattr(semantic, "_package_folder", lambda: None)
    calls = []
    real_run = kgnotes.commands.run
    monkeypatch.setattr(kgnotes.commands, "run", lambda *a: calls.append(a) or real_run(*a))
    exit_code, _, err = run_cli(["check", "aurora.md"], tmp_path)
    assert calls, "the fast path replayed a run made with the model"
    assert exit_code == 2 and "needs wordllama" in err


def test_another_model_release_is_a_result_cache_miss(
    tmp_path: Path, write_notes, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kgnotes.engine

    write_notes(tmp_path, {"aurora.md": NOTE, "kgnotes.toml": SEMANTIC_CONFIG})
    first = run_cli(["check", "aurora.md"], tmp_path)
    monkeypatch.setattr(semantic, "model_fingerprint", lambda: "wordllama 0.4.9 1:1 2:2")
    calls = []
    real = kgnotes.engine._run_rules
    monkeypatch.setattr(kgnotes.engine, "_run_rules", lambda *a: calls.append(a) or real(*a))
    assert run_cli(["check", "aurora.md"], tmp_path) == first
    assert calls, "findings made with another model were served from the result cache"
