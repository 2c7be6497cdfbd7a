"""The reworded-duplicate index (`kgnotes/similar.py`): what pairs, what stays apart, and
that it never compares every pair."""

from __future__ import annotations

import random

import pytest

from kgnotes.similar import SimilarityIndex
from kgnotes.text.acronyms import spelled_acronyms, term_sets_meeting_acronyms
from kgnotes.text.quantities import question_opening, value_kind
from kgnotes.text.terms import content_terms, entity_terms, load_synonyms, word_initials

THRESHOLD = 0.55  # duplicate-question's default


def index_for(texts: list[str], **options: int) -> SimilarityIndex:
    """The index the corpus builds for these questions (same term sets, names, initials and
    kinds of value asked)."""
    synonyms = load_synonyms()
    return SimilarityIndex(
        term_sets_meeting_acronyms(texts, synonyms),
        [entity_terms(text, synonyms) for text in texts],
        [word_initials(text) for text in texts],
        lambda position: value_kind(texts[position]),
        questions=True,
        openings=lambda position: question_opening(texts[position]),
        **options,
    )


def pairs_of(texts: list[str]) -> list[tuple[int, int]]:
    return [(pair.later, pair.earlier) for pair in index_for(texts).pairs(THRESHOLD)]


def test_a_reworded_question_is_found() -> None:
    texts = [
        "Which queue type guarantees ordering?",
        "How long does a queue keep a message?",
        "Which queue type keeps messages in order?",
    ]
    index = index_for(texts)
    (pair,) = index.pairs(THRESHOLD)
    assert (pair.later, pair.earlier) == (2, 0)
    assert "order" in pair.shared
    assert THRESHOLD <= pair.score <= 1


@pytest.mark.parametrize(
    "texts",
    [
        ["What is the default visibility timeout?", "What is the maximum visibility timeout?"],
        [
            "What is the maximum size of an SQS message?",
            "What is the maximum retention of an SQS message?",
        ],
    ],
    ids=["default-vs-maximum", "size-vs-retention"],
)
def test_a_different_qualifier_or_value_is_a_different_question(texts: list[str]) -> None:
    assert pairs_of(texts) == []


@pytest.mark.parametrize(
    "texts",
    [
        ["Is EFS encrypted at rest by default?", "Is EBS encrypted at rest by default?"],
        [
            "Can several EC2 instances mount one EFS file system at once?",
            "Can several EC2 instances mount one FSx file system at once?",
        ],
    ],
    ids=["efs-ebs", "efs-fsx"],
)
def test_the_same_question_about_another_service_is_a_different_question(
    texts: list[str],
) -> None:
    assert pairs_of(texts) == []


@pytest.mark.parametrize("spelled_out", ["Cross-Region Replication", "Cross Region Replication"])
def test_an_acronym_and_its_spelled_out_form_name_the_same_thing(spelled_out: str) -> None:
    """`differ_in_kind`'s own example: "CRR" / "Cross-Region Replication" is the same name."""
    index = index_for(["Does CRR need versioning?", f"Does {spelled_out} need versioning?"])
    assert not index.differ_in_kind(1, 0)
    assert not index.differ_in_kind(0, 1)


def test_a_name_folded_into_its_noun_is_not_a_name_the_other_lacks() -> None:
    """ "IP" in "IP addresses" folds into `address`: it must not veto the pair as a name
    only one question has (it did, because names were read from the words alone)."""
    synonyms = load_synonyms()
    assert "ip" not in entity_terms("How many IP addresses can one ENI carry?", synonyms)
    assert "eni" in entity_terms("How many IP addresses can one ENI carry?", synonyms)
    texts = ["How many IP addresses can one ENI carry?", "How many addresses can an ENI carry?"]
    assert pairs_of(texts) == [(1, 0)]


@pytest.mark.parametrize(
    "texts",
    [
        ["Does EFS support NFS version 4.1?", "Does EFS support NFS version?"],
        [
            "Which storage class offers 99.5% availability?",
            "Which storage class offers availability?",
        ],
    ],
    ids=["version", "percentage"],
)
def test_a_number_only_one_question_has_makes_it_a_different_question(texts) -> None:
    assert pairs_of(texts) == []


def test_a_text_repeated_three_times_pairs_each_later_copy_with_one_earlier() -> None:
    texts = ["Which queue type keeps messages in order?"] * 3
    assert pairs_of(texts) == [(1, 0), (2, 0)]


def _synthetic_questions(count: int) -> list[str]:
    """Questions that all share "queue" plus five made-up lower-case words from a vocabulary
    of 1,000, so each rarer word is carried by about ten questions."""
    generator = random.Random(20240521)
    vocabulary = sorted(
        {
            "".join(generator.choice(letters) for letters in ("bdfgklmnprstvz", "aeiou") * 3)
            for _ in range(1500)
        }
    )[:1000]
    return ["Which queue " + " ".join(generator.sample(vocabulary, 5)) + "?" for _ in range(count)]


def test_candidates_come_from_an_index_not_from_all_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = _synthetic_questions(2000)
    index = index_for(texts)
    assert all("queue" in terms for terms in index.term_sets)
    assert len(index.postings["queue"]) == 2000 > index.max_postings

    # `_score` is the exact score `pairs` works out for a candidate its bound cannot dismiss
    calls = {"_score": 0, "differ_in_kind": 0}
    for name in calls:
        real = getattr(SimilarityIndex, name)

        def counting(self, *args, _real=real, _name=name):
            calls[_name] += 1
            return _real(self, *args)

        monkeypatch.setattr(SimilarityIndex, name, counting)
    index.pairs(THRESHOLD)

    all_pairs = len(texts) * (len(texts) - 1) // 2
    # the index does propose candidates (most then fall to the score bound, unscored)
    assert sum(len(index.candidates(position)) for position in range(2000)) > 100
    assert calls["_score"] < all_pairs / 20
    assert calls["differ_in_kind"] < all_pairs / 20
    # the common term is never looked up: a text's candidates are far fewer than all texts
    assert max(len(index.candidates(position)) for position in range(0, 2000, 97)) < 200


def test_a_term_every_text_carries_proposes_no_candidates() -> None:
    texts = [f"Which queue holds item{number}?" for number in range(500)]
    index = index_for(texts)
    assert all(index.candidates(position) == set() for position in range(500))
    assert index.pairs(THRESHOLD) == []


def test_pairs_are_deterministic() -> None:
    texts = [
        *_synthetic_questions(300),
        "Which queue type guarantees ordering?",
        "Which queue type keeps messages in order?",
    ]
    first = index_for(texts).pairs(0.3)
    second = index_for(list(texts)).pairs(0.3)
    assert first == second
    assert (301, 300) in [(pair.later, pair.earlier) for pair in first]


@pytest.mark.parametrize(
    "texts",
    [
        # The same kind of value asked in other words: "period" / "how many days" both ask
        # for a duration, "how many times" / "how many retries" both for a count.
        [
            "What is the default waiting period before KMS deletes a key?",
            "By default, how many days does KMS wait before it deletes a key?",
        ],
        [
            "How many times does SQS retry a failed Lambda trigger?",
            "When a Lambda trigger fails, how many retries does SQS attempt?",
        ],
        # Restated at more length: every word of the short question is in the long one,
        # which adds fewer words than the two share.
        [
            "Can a Lambda function in a VPC reach the internet?",
            "Can a Lambda function inside a VPC reach the public internet directly?",
        ],
        [
            "Does Route 53 health checking cost extra?",
            "Does Route 53 health checking of endpoints cost extra money?",
        ],
        # One thing under two names (a synonym group).
        [
            "Should MFA be turned on for the root account?",
            "Should the root user have multi-factor authentication enabled?",
        ],
    ],
    ids=["period-or-days", "times-or-retries", "lambda-internet", "health-check-cost", "root"],
)
def test_these_reworded_copies_are_found(texts) -> None:
    assert pairs_of(texts) == [(1, 0)]


def test_a_different_kind_of_value_is_a_different_question() -> None:
    """Equal terms, but one asks for a size and the other for a duration."""
    terms = frozenset({"sqs", "messag", "maximum"})
    kinds = ["size", "duration"]
    index = SimilarityIndex([terms, terms], kinds=lambda position: kinds[position])
    assert index.differ_in_kind(1, 0)
    same = SimilarityIndex([terms, terms], kinds=lambda position: "size")
    assert not same.differ_in_kind(1, 0)


def test_a_question_that_adds_more_than_it_shares_asks_something_else() -> None:
    asks_more = ["What are VPC endpoints?", "What must you create first to use VPC endpoints?"]
    assert pairs_of(asks_more) == []
    # "key" is a light word, but the short question has it and the long one does not: a
    # word swapped, not a restatement.
    swapped = [
        "How much does KMS charge per million keys?",
        "How much does KMS charge per million log events?",
    ]
    assert pairs_of(swapped) == []


def test_facts_get_no_room_for_restatement() -> None:
    """A longer fact adding two words to a shorter one usually says something else."""
    synonyms = load_synonyms()
    texts = [
        "Cross-zone load balancing is disabled by default on NLBs.",
        "Cross-zone load balancing is enabled by default on NLBs and cannot be disabled.",
    ]
    terms = [frozenset(content_terms(text, synonyms)) for text in texts]
    assert terms[0] < terms[1]
    as_facts = SimilarityIndex(terms, [entity_terms(t, synonyms) for t in texts])
    assert as_facts.differ_in_kind(1, 0)


def test_a_number_one_question_adds_is_never_an_abbreviation() -> None:
    """Names a text spells out are excused ("Elastic Load Balancing" is ELB), but no
    abbreviation stands for "44": the question about one project is not the general one."""
    texts = [
        "What does Elastic Load Balancing cost per GB-month?",
        "What does Elastic Load Balancing cost per GB-month in Sable 44?",
    ]
    assert pairs_of(texts) == []


def test_the_same_price_asked_two_ways_is_one_kind_of_value() -> None:
    """ "What does X retention cost?" asks for money, not for a duration because it says
    "retention": equal terms must not be split by a misread kind."""
    texts = [
        "How much does Kinesis extended data retention cost?",
        "What does Kinesis extended data retention cost?",
    ]
    assert [value_kind(text) for text in texts] == ["price", "price"]
    assert pairs_of(texts) == [(1, 0)]


def test_a_version_number_both_give_is_the_same_name() -> None:
    """Names keep "4.1" as "4" and "1" and term sets as "4.1": they must still meet."""
    assert pairs_of(["Does EFS support NFS 4.1?", "Is NFS 4.1 supported by EFS?"]) == [(1, 0)]
    assert pairs_of(["Does EFS support NFS 4.1?", "Does EFS support NFS 4.0?"]) == []


def test_a_plural_acronym_is_the_acronym() -> None:
    """The stemmer keeps the "s" of "VPCs" but drops that of "ACLs": a plural acronym is
    read as the acronym, so "VPCs" and "VPC" meet."""
    synonyms = load_synonyms()
    for plural, singular in [("VPCs", "vpc"), ("SCPs", "scp"), ("HSMs", "hsm"), ("ACLs", "acl")]:
        assert content_terms(f"How many {plural} are there?", synonyms) == [singular]
    assert pairs_of(
        ["How many VPCs can one account create?", "How many VPC can an account create?"]
    )


def test_a_capitalised_spelling_meets_an_acronym_written_elsewhere() -> None:
    """ "Amazon States Language" and "ASL" in two questions share a term, so the index
    proposes and scores the pair; the spelling alone shares no word with the acronym."""
    texts = ["What is ASL?", "Which queue type keeps order?", "What is Amazon States Language?"]
    assert pairs_of(texts) == [(2, 0)]


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("Which routing policy is Network Load Balancer?", {"network load balancer": "nlb"}),
        ("The data encryption key is thrown away.", {"data encryption key": "dek"}),
        ("Both use the same network stack.", {}),  # lower case, not defined: chance
        ("What is the largest request DynamoDB Streams accepts?", {}),  # a name of its own
        ("Can you retain a message longer?", {}),  # "a" lends no letter
        ("Objects Are Cached for a day.", {}),  # nor does a verb of being
    ],
    ids=["capitalised", "defined", "chance", "inner-name", "article", "verb"],
)
def test_only_capitalised_or_defined_runs_spell_an_acronym(text: str, spelled: dict) -> None:
    acronyms = frozenset({"nlb", "dek", "sns", "rds", "ram", "oac"})
    defined = {"data encryption key": "dek"}
    assert spelled_acronyms(text, acronyms, defined) == spelled


def test_a_one_term_question_pairs_only_with_a_question_of_exactly_its_term() -> None:
    """Below `min_terms` (2 for questions) a question is too short to be judged a reworded
    copy by weight: "What is SQS?" against "How does SQS scale?" would score high on one
    shared name. It pairs only with a question of exactly its terms."""
    texts = [
        "How does SQS scale?",
        "What does a DLQ do?",
        "What is SQS?",
        "What is a dead-letter queue for?",
        "Why SQS?",  # asks why, not what
        "What is an ALB?",
        "How many ALBs?",  # asks for a count
    ]
    assert pairs_of(texts) == [(3, 1)]


@pytest.mark.parametrize(
    ("written", "letters"),
    [("SNS", "sns"), ("KMS", "kms"), ("HSMs", "hsm"), ("EC2s", "ec2"), ("IaaS", "iaas")],
)
def test_the_letters_of_an_acronym_keep_every_capital(written: str, letters: str) -> None:
    """Only a plural "s" after capitals goes: SNS stays S-N-S."""
    from kgnotes.text.acronyms import acronym_letters

    assert acronym_letters(written) == letters


def test_overlapping_spellings_take_the_longest_then_the_leftmost() -> None:
    """Two acronyms spelt by overlapping runs: one run wins, the same in every process
    (the replacement order no longer follows a set's hash order)."""
    acronyms = frozenset({"abg", "bgd", "abgd"})
    assert spelled_acronyms("Is Alpha Beta Gamma Delta up?", acronyms) == {
        "alpha beta gamma delta": "abgd"
    }
    assert spelled_acronyms("Is Alpha Beta Gamma Delta up?", acronyms - {"abgd"}) == {
        "alpha beta gamma": "abg"
    }


def test_a_spelling_is_replaced_as_whole_words_only() -> None:
    """ "metadata encryption key" holds "data encryption key" only inside a word: a note
    defining DEK does not make it a DEK."""
    synonyms = load_synonyms()
    defined = {"data encryption key": "dek"}
    assert "dek" not in content_terms("Is the metadata encryption key kept?", synonyms, defined)
    assert "dek" in content_terms("Is the data encryption key kept?", synonyms, defined)
