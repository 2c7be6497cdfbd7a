"""What a question or fact is about, so one sentence in notes on different services is not
taken for a copy by `duplicate-question` and `duplicate-fact`.

Study notes leave the subject to the title: "What is the default TTL?" under "## CloudFront"
asks about CloudFront, the same words under "## ElastiCache" about ElastiCache, and
"Encryption at rest using KMS" under "## SQS" and under "## SNS" are two facts. Copies are
therefore paired only when their subjects agree (or one is unknown). Services are the
catalog's ids, as `Corpus.services_in` links them.
"""

from __future__ import annotations


def item_subject(named: frozenset[str], title: frozenset[str]) -> frozenset[str] | None:
    """The services an item (a question or a fact) is about, from those it names (`named`)
    and those its note's title names (`title`), so that one sentence in notes on different
    things is not taken for a copy ("What is the default TTL?" under "## CloudFront" and
    under "## ElastiCache"):
    - what it names, when that includes a service of the title ("How does EFS scale?" under
      "## EFS" or "## EFS vs EBS") or the title names none;
    - else the title's services too: "Fully managed." under "## DynamoDB" is about DynamoDB,
      "Encrypted at rest with KMS keys" under "## SQS" about SQS and KMS.
    None when neither names a service ("## Redrive"): unknown, so it differs from nothing."""
    if named and (named & title or not title):
        return named
    return (title | named) or None


def same_subject(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    """Whether two items may be copies as far as their subjects go (unknown matches all)."""
    return a is None or b is None or a == b
