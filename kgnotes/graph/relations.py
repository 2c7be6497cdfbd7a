"""How two services in one sentence relate: the relation type and its direction.

The words between the two mentions decide (and, for "Unlike A, B ...", the words before
the first). Passive forms are tried first, since "A is triggered by B" means B triggers A.
A pair whose sentence says nothing more specific is `mentioned-with`.

| relation        | directed | example                                                 |
|-----------------|----------|---------------------------------------------------------|
| triggers        | yes      | DynamoDB Streams triggers a Lambda function             |
| publishes-to    | yes      | S3 sends event notifications to SNS                     |
| subscribes-to   | yes      | SQS queues subscribe to the SNS topic                   |
| stores-in       | yes      | ECS keeps the secrets in Parameter Store                |
| runs-on         | yes      | Lambda@Edge runs functions at CloudFront locations      |
| builds-on       | yes      | EventBridge builds on the CloudWatch Events API         |
| compared-with   | no       | EFS, unlike EBS, is shared                              |
| integrates-with | no       | DynamoDB integrates with Lambda                         |
| mentioned-with  | no       | (two services in one sentence, nothing more specific)   |
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORWARD, REVERSE, UNDIRECTED = "forward", "reverse", "undirected"
_GAP = r"(?:[\w@/.,()'-]+\s+){0,6}?"  # a few words between a verb and its preposition


@dataclass(frozen=True)
class RelationPattern:
    relation: str
    pattern: re.Pattern[str]
    direction: str


def _p(relation: str, regex: str, direction: str) -> RelationPattern:
    return RelationPattern(relation, re.compile(regex, re.IGNORECASE), direction)


# Order matters: the first pattern that matches the words between two mentions wins.
PATTERNS: tuple[RelationPattern, ...] = (
    _p(
        "triggers",
        rf"\b(?:triggered|invoked|called|started|executed|targeted)\s+{_GAP}by\b"
        r"|\b(?:whenever|each time|every time|in response to|reacts? to)\b",
        REVERSE,
    ),
    _p(
        "publishes-to",
        rf"\b(?:sent|published|pushed|delivered|forwarded|streamed)\s+{_GAP}(?:by|from)\b"
        rf"|\breceives?\s+{_GAP}from\b|\bpoll(?:s|ed|ing)?\s+{_GAP}from\b",
        REVERSE,
    ),
    # "EFS is backed up by AWS Backup": EFS's data goes into Backup, as in the active form.
    _p("stores-in", rf"\b(?:stored|backed up|archived|saved)\s+{_GAP}by\b", FORWARD),
    # "S3 stores the objects written by Firehose": Firehose writes into S3.
    _p("stores-in", rf"\b(?:written|delivered|uploaded|put)\s+{_GAP}by\b", REVERSE),
    _p("subscribes-to", rf"\bsubscrib(?:e|es|ed|ing)\s+{_GAP}to\b", FORWARD),
    _p(
        "compared-with",
        r"\b(?:unlike|vs\.?|versus|instead of|rather than|different from|differs? from|"
        r"compared (?:to|with)|on the other hand|whereas|alternative to|as opposed to|"
        r"in contrast|while)\b",
        UNDIRECTED,
    ),
    _p("builds-on", r"\b(?:builds? (?:up)?on|built (?:up)?on|extends|layered on)\b", FORWARD),
    _p(
        "runs-on",
        rf"\b(?:runs?|running|execut(?:es|ing)|hosted|deployed|lives?)\s+{_GAP}"
        r"(?:on|at|in|inside|within)\b",
        FORWARD,
    ),
    _p(
        "triggers",
        r"\b(?:trigger(?:s|ed|ing)?|invok(?:e|es|ed|ing)|calls?|starts?(?!\s+(?:with|off|from)\b)|execut(?:e|es)|"
        r"launch(?:es)?|targets?|run|runs|activates?|kicks? off)\b",
        FORWARD,
    ),
    _p(
        "publishes-to",
        rf"\b(?:sends?|sending|publish(?:es|ing)?|push(?:es|ing)?|deliver(?:s|ing)?|"
        rf"forwards?|notif(?:y|ies)|fans? out|streams?|emits?|routes?)\b\s*{_GAP}"
        r"(?:to|into)\b",
        FORWARD,
    ),
    _p(
        "stores-in",
        rf"\b(?:stor(?:e|es|ing)|backs? up|back(?:ing)? up|archiv(?:e|es|ing)|sav(?:e|es|ing)|"
        rf"persists?|keeps?|keeping|puts?|uploads?|writes?|loads?)\b\s*{_GAP}"
        r"(?:in|into|to|on)\b",
        FORWARD,
    ),
    _p(
        "integrates-with",
        r"\b(?:integrat\w* with|works? with|together with|alongside|along with|combined with|"
        r"paired with|connects? to|in front of|behind|used with)\b",
        UNDIRECTED,
    ),
)
_COMPARE_BEFORE = re.compile(
    r"\b(?:unlike|compared (?:to|with)|in contrast to|as opposed to|versus)\b[^.;:]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Typed:
    relation: str
    direction: str  # FORWARD: first -> second; REVERSE: second -> first; or UNDIRECTED


def classify(sentence: str, first_start: int, first_end: int, second_start: int) -> Typed:
    """The relation between the mention at [first_start, first_end) and a later one.

    Of the patterns found between them, the one that ends nearest the second mention wins
    ("add a Lambda trigger, together with an IAM role": `together with` binds the role, not
    `trigger`); at the same place, the earlier pattern in PATTERNS wins.
    """
    before = sentence[:first_start]
    between = sentence[first_end:second_start]
    if _COMPARE_BEFORE.search(before) and not re.search(r"[.;:]", between):
        return Typed("compared-with", UNDIRECTED)
    best: tuple[int, int, RelationPattern] | None = None
    for order, candidate in enumerate(PATTERNS):
        ends = [match.end() for match in candidate.pattern.finditer(between)]
        if ends and (best is None or (max(ends), -order) > (best[0], -best[1])):
            best = (max(ends), order, candidate)
    if best is None:
        return Typed("mentioned-with", UNDIRECTED)
    return Typed(best[2].relation, best[2].direction)


_LIST_SEPARATOR = re.compile(
    r"^\s*(?:,|/|\||\band\b|\bor\b|and/or|,\s*(?:and|or))?\s*(?:an?|the)?\s*$", re.IGNORECASE
)


def is_list_separator(text: str) -> bool:
    """ "SNS, SQS or Lambda": the words between two items of one list."""
    return bool(_LIST_SEPARATOR.match(text))


DIRECTED_RELATIONS = frozenset(p.relation for p in PATTERNS if p.direction != UNDIRECTED)
ALL_RELATIONS = (
    "triggers",
    "publishes-to",
    "subscribes-to",
    "stores-in",
    "runs-on",
    "builds-on",
    "compared-with",
    "integrates-with",
    "mentioned-with",
)
