"""What a question or fact is about, so one sentence in notes on different services is not
taken for a copy by `duplicate-question` and `duplicate-fact`.

Study notes leave the subject to the title: "What is the default TTL?" under "## CloudFront"
asks about CloudFront, the same words under "## ElastiCache" about ElastiCache, and
"Encryption at rest using KMS" under "## SQS" and under "## SNS" are two facts. Copies are
therefore paired only when their subjects agree (`same_subject`). Services are the catalog's
ids, as `Corpus.services_in` links them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    """What an item is about.

    `about`: services, None when unknown. `named`: the services the item names itself.
    `certain`: False for an item that names only services other than its title's: it may
    be about the title's service using them ("Encrypted with KMS keys" under "## SQS") or
    an aside about them ("Integrates with EventBridge to run ECS tasks" under "## ECR")."""

    about: frozenset[str] | None
    named: frozenset[str]
    certain: bool = True

    @property
    def names_itself(self) -> bool:
        """Certainly about the services it names: every copy of its text, wherever it
        is, is about the same (see `same_subject`)."""
        return self.certain and bool(self.named)


def item_subject(named: frozenset[str], title: frozenset[str]) -> Subject:
    """The subject of an item that names the services `named`, in a note whose title names
    `title`:
    - what it names, when that includes a service of the title ("How does EFS scale?" under
      "## EFS" or "## EFS vs EBS") or the title names none;
    - the title's services when it names none ("Fully managed." under "## DynamoDB");
    - both, not certain, when it names only other services than the title's;
    - unknown when neither names a service ("## Redrive")."""
    if named and (named & title or not title):
        return Subject(named, named)
    if named:
        return Subject(title | named, named, certain=False)
    return Subject(title or None, named)


def same_subject(a: Subject, b: Subject) -> bool:
    """Whether two items may be copies as far as their subjects go: the same services, or
    one unknown; or one item that may be an aside, naming exactly what the other is
    certainly about ("Integrates with EventBridge to run ECS tasks" under "## ECR" and
    under "## ECS"). Two items that may be asides about the same service are not copies:
    under "## SQS" and "## SNS", "Encrypted with KMS keys" is about SQS and SNS."""
    if a.about is None or b.about is None or a.about == b.about:
        return True
    if a.certain == b.certain:
        return False
    sure, unsure = (a, b) if a.certain else (b, a)
    return sure.about == unsure.named
