"""What a question or fact is about, from its note (`kgnotes.subjects`): one
sentence under notes on different services is not a copy, under notes on the same one it is."""

from __future__ import annotations

import pytest

from kgnotes.corpus import Corpus
from kgnotes.parser import parse_text
from kgnotes.similar import SimilarityIndex
from kgnotes.subjects import item_subject, same_subject
from kgnotes.text.terms import content_terms, load_synonyms

S = frozenset


@pytest.mark.parametrize(
    ("named", "title", "subject"),
    [
        # names a service of its title: about what it names
        (S({"efs"}), S({"efs"}), S({"efs"})),
        (S({"efs"}), S({"efs", "ebs"}), S({"efs"})),
        (S({"efs", "s3"}), S({"s3"}), S({"efs", "s3"})),
        # names nothing: about the title's services
        (S(), S({"cloudfront"}), S({"cloudfront"})),
        # names only other services: a tool of the title's service, or an aside
        (S({"kms"}), S({"sqs"}), S({"sqs", "kms"})),
        # a title without a service: about what it names, or unknown
        (S({"sqs"}), S(), S({"sqs"})),
        (S(), S(), None),
    ],
)
def test_item_subject(
    named: frozenset[str], title: frozenset[str], subject: frozenset[str] | None
) -> None:
    assert item_subject(named, title) == subject


def test_an_unknown_subject_matches_any_other() -> None:
    assert same_subject(None, S({"sqs"}))
    assert same_subject(S({"sqs"}), None)
    assert same_subject(S({"sqs"}), S({"sqs"}))
    assert not same_subject(S({"sqs"}), S({"sns"}))


def corpus_of(*notes: tuple[str, str]) -> Corpus:
    """One file per (title, question): a note with one fact and that question."""
    files = [
        parse_text(
            f"## {title}\n\n- Some fact about it here.\n\n### Questions\n\n- {q}\n", f"{i}.md"
        )
        for i, (title, q) in enumerate(notes)
    ]
    return Corpus(files)


def copies(corpus: Corpus) -> dict[str, str]:
    return {path: first.note.path for (path, _), first in corpus.exact_question_copies.items()}


def test_exact_copies_pair_by_subject() -> None:
    corpus = corpus_of(
        ("CloudFront", "What is the default TTL?"),
        ("ElastiCache", "What is the default TTL?"),
        ("Amazon CloudFront", "What is the default TTL?"),
        ("ElastiCache", "What is the default TTL?"),
    )
    assert copies(corpus) == {"2.md": "0.md", "3.md": "1.md"}


def test_an_unknown_subject_is_a_copy_of_the_first_of_any() -> None:
    # "Caching" names no service: its question may be about either, so it is the copy of
    # the first; a later CloudFront question is the copy of the earlier unknown one.
    corpus = corpus_of(
        ("ElastiCache", "What is the default TTL?"),
        ("Caching", "What is the default TTL?"),
        ("CloudFront", "What is the default TTL?"),
    )
    assert copies(corpus) == {"1.md": "0.md", "2.md": "1.md"}


def test_the_similarity_index_keeps_different_subjects_apart() -> None:
    texts = ["How long are records kept by default?", "By default, how long are records kept?"]
    synonyms = load_synonyms()
    terms = [frozenset(content_terms(text, synonyms)) for text in texts]
    assert [(p.later, p.earlier) for p in SimilarityIndex(terms).pairs(0.55)] == [(1, 0)]
    for subjects, expected in [
        ([S({"kinesis"}), S({"sqs"})], []),
        ([S({"sqs"}), S({"sqs"})], [(1, 0)]),
        ([None, S({"sqs"})], [(1, 0)]),
    ]:
        index = SimilarityIndex(terms, subjects=subjects.__getitem__)
        assert [(p.later, p.earlier) for p in index.pairs(0.55)] == expected
