"""The answer map's shortcuts and memos give the same answers as working everything out again.

`answer_note` shares work between the questions of a note (units, term matches, near-typos)
and units keep derived data; these tests catch a memo keyed on too little (a stale answer
for another note, title, synonym set or spelling) and a shortcut that is not exact.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kgnotes.answers import (
    _MAX_FAMILY,
    AnswerOptions,
    QuestionAnswer,
    _defines,
    _defines_word,
    _make_unit,
    _near_typos,
    _NoteFacts,
    _QuestionTerm,
    _Unit,
    answer_note,
    answer_question,
)
from kgnotes.models import Note
from kgnotes.parser import parse_text
from kgnotes.text.acronyms import acronym_letters, compound_initials
from kgnotes.text.terms import Synonyms, _build_synonyms, is_antonym_pair, load_synonyms

EVAL = Path(__file__).resolve().parent / "eval"


def note_of(markdown: str, path: str = "n.md") -> Note:
    (note,) = parse_text(markdown, path).notes
    return note


def by_question(note: Note, synonyms: Synonyms) -> dict[str, QuestionAnswer]:
    return {answer.question: answer for answer in answer_note(note, synonyms)}


def test_the_same_fact_under_another_title_is_scored_for_its_own_title() -> None:
    fact = "- Records are kept for 24 hours by default.\n"
    question = "\n### Questions\n\n- How long does Kinesis keep records by default?\n"
    synonyms = load_synonyms()
    kinesis = note_of(f"## Kinesis\n\n{fact}{question}")
    other = note_of(f"## SQS\n\n{fact}{question}")
    for _ in range(2):  # twice: nothing carries over from the other note
        (with_title,) = answer_note(kinesis, synonyms)
        (without,) = answer_note(other, synonyms)
        assert with_title.score > without.score
        assert "kinesi" in with_title.supporting[0].matched_terms
        assert "kinesi" not in without.supporting[0].matched_terms
        assert "kinesis" in without.missing_terms and "kinesis" not in with_title.missing_terms


def test_the_same_note_under_other_synonyms_is_scored_with_those_synonyms() -> None:
    note = note_of(
        "## Queues\n\n- Messages are retained for four days.\n\n"
        "### Questions\n\n- How long are messages stored?\n"
    )
    plain = _build_synonyms([])
    grouped = _build_synonyms([["retain", "store"]])
    for _ in range(2):
        (without,) = answer_note(note, plain)
        (with_group,) = answer_note(note, grouped)
        assert "stored" in without.missing_terms
        assert "stored" not in with_group.missing_terms
        assert with_group.score > without.score


def test_questions_of_one_note_sharing_a_term_keep_their_own_spelling() -> None:
    # "ZRS" (written as an acronym) meets "Zone Redundant Storage"; "zrs" does not. The
    # note's memo of term matches must tell the two apart, in either order. (An acronym
    # that is not in the shipped synonym groups: those fold "crr" into its expansion.)
    for first, second in itertools.permutations(["What does ZRS keep?", "What does zrs keep?"]):
        note = note_of(
            "## Storage\n\n- Zone Redundant Storage keeps three copies of each object.\n\n"
            f"### Questions\n\n- {first}\n- {second}\n"
        )
        answers = by_question(note, load_synonyms())
        assert "zrs" in answers["What does ZRS keep?"].supporting[0].matched_terms
        assert "zrs" in answers["What does zrs keep?"].missing_terms


def test_answering_a_whole_note_equals_answering_each_question_alone() -> None:
    """`answer_note` shares work between questions; `answer_question` starts afresh."""
    synonyms = load_synonyms()
    options = AnswerOptions(top_k=20)
    checked = 0
    for path in sorted(EVAL.rglob("*.md")):
        for note in parse_text(path.read_text(encoding="utf-8"), path.name).notes:
            shared = answer_note(note, synonyms, options)
            alone = [answer_question(note, q, synonyms, options) for q in note.questions]
            assert shared == alone
            checked += len(alone)
    assert checked > 100


_WORDS = st.sampled_from(
    ["smb", "stream", "streams", "is", "are", "lets", "refers", "to", "a", "(smb)", "db",
     "dynamodb", "s3", "lambda@edge", "edge", "2.5", "@", "-", "  ", "\n", "_", "é", "(",
     ")", "(2.5)", "x.", ".", "s"]
)  # fmt: skip
_QUESTION_WORDS = st.sampled_from(
    ["smb", "stream", "edge", "lambda@edge", "db", "2.5", "s3", "s", "a", "x.", "(smb)", "é"]
)


@given(st.lists(_WORDS, max_size=12), st.lists(_QUESTION_WORDS, max_size=4))
def test_definitions_are_found_as_the_per_word_regex_finds_them(words, question_words) -> None:
    text = "".join(words) if len(words) % 3 == 0 else " ".join(words)  # glued, or spaced
    unit = _make_unit(1, "fact", text, load_synonyms(), {})
    expected = 0
    for word in question_words:
        old = re.compile(
            rf"\({re.escape(word)}\)|\b{re.escape(word)}s?\s+"
            r"(?:is|are|means|refers to|stands for|lets|provides)\b"
        )
        found = bool(old.search(text.lower()))
        assert _defines_word(unit, word) == found
        expected += found
    assert _defines(unit, question_words) == expected


@given(st.lists(st.sampled_from(["cross", "region", "replication", "copies", "s3"]), max_size=9))
def test_initials_are_those_of_every_run_of_two_to_five_words(words) -> None:
    unit = _make_unit(1, "fact", " ".join(words), load_synonyms(), {})
    every_run = {
        "".join(word[0] for word in words[start : start + size])
        for size in range(2, 6)
        for start in range(len(words) - size + 1)
    }
    for letters in {"cr", "crr", "rc", "crrc", "s", "", "crcrcr", "ccccc"} | every_run:
        assert unit.spells(letters) == (letters in every_run)


def test_near_typos_are_found_in_the_unit_that_has_them() -> None:
    # Near-typos are looked up once in the whole note, then each unit is asked whether it
    # has one: the support must be the fact with the typo's word, not another fact.
    note = note_of(
        "## S3\n\n- Data is ingested hourly.\n- Retention lasts a day.\n\n"
        "### Questions\n\n- What is the retension period?\n- How often is data injested?\n"
    )
    answers = by_question(note, load_synonyms())
    assert answers["What is the retension period?"].supporting[0].line == 4
    assert answers["How often is data injested?"].supporting[0].line == 3


def term_match(question_term: _QuestionTerm, unit: _Unit) -> float:
    """The reference `_NoteFacts.matches` must equal: one unit at a time, every step tried.
    1.0 exact or an acronym the unit spells out; 0.85 one word family; 0.75 near-typo."""
    term, acronym = question_term.term, question_term.letters
    if term in unit.terms:
        return 1.0
    if acronym and unit.spells(acronym):
        return 1.0
    if len(acronym) >= 3 and acronym in unit.compound_initials:
        return 1.0
    if len(term) >= 4:
        # A unit term that extends this one ("config" / "configur") or that this extends.
        family = (
            [other for other in unit.terms if other.startswith(term)]
            if (term in unit.prefixes)
            else []
        )
        family += [
            term[:end] for end in range(4, min(len(term), _MAX_FAMILY)) if term[:end] in unit.terms
        ]
        if any(not is_antonym_pair(term, other) for other in family):
            return 0.85
    if len(question_term.word) < 4:
        return 0.0
    return 0.75 if _near_typos(question_term.word, unit.words) else 0.0


def test_a_memoised_term_match_is_the_term_match_of_the_unit() -> None:
    """The note's memo (and its note-wide near-typo lookup) against `term_match` itself."""
    synonyms = load_synonyms()
    for path in sorted((EVAL / "answerability").glob("*.md")):
        for note in parse_text(path.read_text(encoding="utf-8"), path.name).notes:
            facts = _NoteFacts(note, synonyms)
            for question in note.questions:
                for word in re.findall(r"[a-z0-9]+", question.text.lower()):
                    for term in {word, word[:-1]} - {""}:
                        for acronym in ("", word.upper()):
                            letters = acronym_letters(acronym)
                            qt = _QuestionTerm(term, word, acronym, letters)
                            expected = tuple(term_match(qt, unit) for unit in facts.units)
                            assert facts.matches(qt) == expected


def test_a_memoised_term_match_reaches_prefixes_and_typos_of_note_words() -> None:
    """The note's term and prefix indexes (`_NoteFacts._match_all`) against `term_match`,
    for terms that only a word family or a near-typo reaches: the note's own words cut
    short, lengthened and misspelt."""
    synonyms = load_synonyms()
    for path in sorted((EVAL / "answerability").glob("*.md"))[::3]:
        for note in parse_text(path.read_text(encoding="utf-8"), path.name).notes:
            facts = _NoteFacts(note, synonyms)
            words = sorted({word for unit in facts.units for word in unit.words if len(word) >= 5})
            for word in words:
                swapped = word[:2] + word[3] + word[2] + word[4:]
                for term in (word[:4], word[:5], word + "ing", swapped):
                    qt = _QuestionTerm(term, term)
                    expected = tuple(term_match(qt, unit) for unit in facts.units)
                    assert facts.matches(qt) == expected, (path.name, term)
            # Acronyms: plain and compound initials of the note's word runs, and odd ones.
            acronyms = {"TGW", "GWLB", "SS", "S", "SSS", "XQZ", "HSMs", "ACLs"}
            for unit in facts.units:
                for start in range(len(unit.words)):
                    run = unit.words[start : start + 3]
                    acronyms.add("".join(word[0] for word in run).upper())
                    acronyms.update(a.upper() for a in compound_initials(tuple(run)))
            for acronym in sorted(acronyms):
                qt = _QuestionTerm(
                    acronym.lower(), acronym.lower(), acronym, acronym_letters(acronym)
                )
                expected = tuple(term_match(qt, unit) for unit in facts.units)
                assert facts.matches(qt) == expected, (path.name, acronym)


def test_the_candidates_shown_are_the_head_of_the_full_ranking() -> None:
    """`_ranked` sorts fully only the units that can reach the first max(top_k, 5): the
    candidates shown for any top_k are the first of the ranking of every unit."""
    synonyms = load_synonyms()
    for path in sorted(EVAL.rglob("*.md")):
        for note in parse_text(path.read_text(encoding="utf-8"), path.name).notes:
            # top_k = 20 sorts every unit of these notes fully (none has more than 20).
            assert len(_NoteFacts(note, synonyms).units) <= 20
            full = answer_note(note, synonyms, AnswerOptions(top_k=20))
            for top_k in (1, 3, 6):
                shown = answer_note(note, synonyms, AnswerOptions(top_k=top_k))
                for wide, narrow in zip(full, shown, strict=True):
                    assert narrow.candidates == wide.candidates[:top_k], (path.name, top_k)
                    # and the two-fact answers, read from the first five, are the same
                    assert (narrow.score, narrow.supporting) == (wide.score, wide.supporting)
