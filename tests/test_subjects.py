"""What a question or fact is about, from its note (`kgnotes.subjects`): one
sentence under notes on different services is not a copy, under notes on the same one it is."""

from __future__ import annotations

import pytest

from kgnotes.corpus import Corpus
from kgnotes.parser import parse_text
from kgnotes.similar import SimilarityIndex
from kgnotes.subjects import Subject, item_subject, same_subject
from kgnotes.text.terms import content_terms, load_synonyms

S = frozenset


@pytest.mark.parametrize(
    ("named", "title", "subject"),
    [
        # names a service of its title, or the title names none: about what it names
        (S({"efs"}), S({"efs"}), Subject(S({"efs"}), S({"efs"}))),
        (S({"efs"}), S({"efs", "ebs"}), Subject(S({"efs"}), S({"efs"}))),
        (S({"efs", "s3"}), S({"s3"}), Subject(S({"efs", "s3"}), S({"efs", "s3"}))),
        (S({"sqs"}), S(), Subject(S({"sqs"}), S({"sqs"}))),
        # names nothing: about the title's services
        (S(), S({"cloudfront"}), Subject(S({"cloudfront"}), S())),
        # names only other services: a tool of the title's service, or an aside
        (S({"kms"}), S({"sqs"}), Subject(S({"sqs", "kms"}), S({"kms"}), certain=False)),
        # neither names a service: unknown
        (S(), S(), Subject(None, S())),
    ],
)
def test_item_subject(named: frozenset[str], title: frozenset[str], subject: Subject) -> None:
    assert item_subject(named, title) == subject


def test_same_subject() -> None:
    cloudfront, elasticache = item_subject(S(), S({"cloudfront"})), item_subject(S(), S({"ec"}))
    unknown = item_subject(S(), S())
    assert same_subject(cloudfront, item_subject(S({"cloudfront"}), S({"cloudfront"})))
    assert not same_subject(cloudfront, elasticache)
    assert same_subject(unknown, cloudfront) and same_subject(elasticache, unknown)
    # "Encrypted with KMS keys" under SQS and under SNS: two facts
    kms_in_sqs, kms_in_sns = (
        item_subject(S({"kms"}), S({"sqs"})),
        item_subject(S({"kms"}), S({"sns"})),
    )
    assert not same_subject(kms_in_sqs, kms_in_sns)
    # an ECS fact under ECR is a copy of the same fact under ECS, both ways round
    ecs_in_ecs, ecs_in_ecr = (
        item_subject(S({"ecs"}), S({"ecs"})),
        item_subject(S({"ecs"}), S({"ecr"})),
    )
    assert same_subject(ecs_in_ecs, ecs_in_ecr) and same_subject(ecs_in_ecr, ecs_in_ecs)
    # but not of an ECR fact that names nothing
    assert not same_subject(ecs_in_ecr, item_subject(S(), S({"ecr"})))


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


def test_the_similarity_index_keeps_different_subjects_apart() -> None:
    texts = ["How long are records kept by default?", "By default, how long are records kept?"]
    synonyms = load_synonyms()
    terms = [frozenset(content_terms(text, synonyms)) for text in texts]
    assert [(p.later, p.earlier) for p in SimilarityIndex(terms).pairs(0.55)] == [(1, 0)]
    kinesis, sqs = item_subject(S(), S({"kinesis"})), item_subject(S(), S({"sqs"}))
    for subjects, expected in [
        ([kinesis, sqs], []),
        ([sqs, sqs], [(1, 0)]),
        ([item_subject(S(), S()), sqs], [(1, 0)]),
    ]:
        index = SimilarityIndex(terms, may_copy=lambda a, b, s=subjects: same_subject(s[a], s[b]))
        assert [(p.later, p.earlier) for p in index.pairs(0.55)] == expected


@pytest.mark.parametrize(
    ("notes", "expected"),
    [
        pytest.param(
            [
                ("CloudFront", "What is the default TTL?"),
                ("ElastiCache", "What is the default TTL?"),
                ("Amazon CloudFront", "What is the default TTL?"),
                ("ElastiCache", "What is the default TTL?"),
            ],
            {"2.md": "0.md", "3.md": "1.md"},
            id="copies pair by subject",
        ),
        # "Caching" names no service: its question may be about either, so it is the copy
        # of the first; a later CloudFront question is the copy of the earlier unknown one.
        pytest.param(
            [
                ("ElastiCache", "What is the default TTL?"),
                ("Caching", "What is the default TTL?"),
                ("CloudFront", "What is the default TTL?"),
            ],
            {"1.md": "0.md", "2.md": "1.md"},
            id="an unknown subject is a copy of the first of any",
        ),
        # The two asides (under SNS and Lambda) are not copies of each other; the SQS one,
        # certainly about SQS, is a copy of the first.
        pytest.param(
            [
                ("SNS", "How long does SQS keep a message by default?"),
                ("Lambda", "How long does SQS keep a message by default?"),
                ("SQS", "How long does SQS keep a message by default?"),
            ],
            {"2.md": "0.md"},
            id="a question naming its subject is a copy wherever it is",
        ),
        # "Config" names AWS Config only as a whole title; "CloudTrail" always.
        pytest.param(
            [
                ("Config", "Is it a regional service?"),
                ("CloudTrail", "Is it a regional service?"),
                ("AWS Config", "Is it a regional service?"),
            ],
            {"2.md": "0.md"},
            id="a title that is only a service name alone counts",
        ),
    ],
)
def test_exact_copies(notes: list[tuple[str, str]], expected: dict[str, str]) -> None:
    assert copies(corpus_of(*notes)) == expected
