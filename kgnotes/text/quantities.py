"""What kind of answer a question asks for, and whether a fact can give it.

"How many read replicas can Aurora have?" asks for a count of replicas: a fact about replica
lag "under 100 ms" talks about replicas and has a number, but not a count of them. "How long
is the default retention?" asks for a duration; "What is the maximum size of a record?" for
a size. A fact that cannot give the asked kind of value cannot answer, whatever words it
shares with the question.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kgnotes.text.terms import stem

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    "forty|fifty|hundred|thousand|million|billion|dozen|unlimited|infinite|no limit"
)
NUMBER = re.compile(rf"(?<![\w/])(?:\d[\d,.]*|(?:{_NUMBER_WORDS})\b)", re.IGNORECASE)
_TIME_UNIT = (
    r"(?:ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|"
    r"months?|years?|yrs?)\b"
)
_SIZE_UNIT = r"(?:bytes?|[kmgtpe]i?b|kilobytes?|megabytes?|gigabytes?|terabytes?|petabytes?)\b"
# "a second AZ", "one second copy": after a word, not a digit, `second` followed by another
# word is the ordinal (a time would be followed by punctuation or a small word: "within a
# second of", "one second."). Only that reading is ruled out.
# Checked on each match, not inside DURATION: a look-ahead there would run at every
# position of every fact (a sixth of the answer scorer's time).
_ORDINAL_SECOND = re.compile(
    r"(?:a|an|one)\s+second\s+"
    r"(?!(?:or|and|to|of|for|after|before|later|per|in|on|at|each|ago|timeout)\b)[a-z]",
    re.IGNORECASE,
)
DURATION = re.compile(
    # A digit may touch its unit ("5s", "100ms"); a word needs a space or hyphen, or "as"
    # and "ones" would read as "a s" and "one s".
    rf"(?:(?<![\d,.])\d[\d,.]*+\s*+-?\s*+|\b(?:{_NUMBER_WORDS}|a|an|one)(?:\s+|\s*-\s*))"
    rf"{_TIME_UNIT}|\b(?:instant(?:ly)?|"
    r"immediately|real[- ]time|milliseconds|microseconds|seconds|minutes|hours|days|weeks|"
    r"months|years|forever|"
    r"indefinitely|hourly|daily|weekly|monthly|yearly|annually)\b"
    r"|\bevery\s+(?:second|minute|hour|day|week|month|quarter|year)\b",
    re.IGNORECASE,
)
# "1 MB/s" and "2 GB per second" are rates, not sizes.
_NOT_A_RATE = r"(?!\s*(?:/\s*s(?:ec)?\b|per\s+(?:second|minute|hour|day)\b))"
SIZE = re.compile(
    rf"(?<![\d,.])\d[\d,.]*\s*{_SIZE_UNIT}{_NOT_A_RATE}|\b(?:unlimited|no (?:size )?limit)\b",
    re.IGNORECASE,
)
# "1 MB/s", "3,000 requests per second", "one strongly consistent read per second".
# Possessive quantifiers (*+): a long word or number is never re-split, so a hostile line
# costs linear time (tests/test_nasty_inputs.py).
RATE = re.compile(
    rf"(?:(?<![\w,.])\d[\d,.]*+|\b(?:{_NUMBER_WORDS}|a|an|one)\b)"
    rf"(?:\s*+(?:{_SIZE_UNIT}|[A-Za-z][\w-]*+)){{0,3}}?\s*+"
    r"(?:/\s*s(?:ec)?\b|per\s+(?:second|minute|hour|day))"
    # IOPS is itself "per second": "16,000 IOPS", "3,000 baseline IOPS"
    r"|(?<![\w,.])\d[\d,.]*+\s*+(?:k\s*+)?(?:[A-Za-z][\w-]*+\s++){0,2}?iops\b"
    r"|\bunlimited\b",
    re.IGNORECASE,
)

# Matched against the words of `can_answer`'s tokenizer, which never keeps "%" or "/".
_UNIT_WORD = re.compile(rf"percent|{_SIZE_UNIT}|{_TIME_UNIT}", re.IGNORECASE)

_ASKS_COUNT = re.compile(r"\bhow\s+many\s+([\w-]+(?:\s+[\w-]+)?)", re.IGNORECASE)
_FILLER = frozenset(
    ["of", "the", "a", "an", "in", "on", "at", "to", "for", "can", "does", "do", "is", "are", "per"]
)
_ASKS_DURATION = re.compile(
    r"\bhow\s+(?:long|soon|quickly)\b|\b(?:period|timeout|duration|"
    r"retention|ttl|time to live|latency|lag|grace)\b.*\?|\bhow\s+fast\b(?!.*\bthroughput\b)",
    re.IGNORECASE,
)
# How often something happens: answered by a frequency ("every hour", "daily") or by the
# span between two runs ("at 5-minute intervals"), so any time value will do.
_ASKS_FREQUENCY = re.compile(
    r"\bhow\s+(?:often|frequently)\b|\b(?:interval|frequency)\b.*\?", re.IGNORECASE
)
# A time value that says how often, not how long: "every 5 minutes", "daily", "once a day".
_FREQUENCY_VALUE = re.compile(
    r"^(?:every\b|hourly|daily|weekly|monthly|yearly|annually)", re.IGNORECASE
)
_BEFORE_FREQUENCY = re.compile(r"\b(?:every|each|per)\s*$", re.IGNORECASE)
# "once a day", "3 times an hour" (but "Once 30 days have passed" is a span)
_BEFORE_PER_UNIT = re.compile(r"\b(?:once|twice|times)\s*$", re.IGNORECASE)
_PER_UNIT = re.compile(r"^(?:a|an|one)\b", re.IGNORECASE)
_ASKS_SIZE = re.compile(
    r"\b(?:how\s+(?:big|large)|size|how\s+much\s+(?:data|storage|space|memory|disk))\b",
    re.IGNORECASE,
)
_COUNTS_A_RATE = re.compile(
    r"\bhow\s+many\s+(?:[\w/-]+\s+){0,3}?(?:per\s+second|a\s+second|iops\b)", re.IGNORECASE
)
_ASKS_RATE = re.compile(
    r"\b(?:throughput|per\s+second|/s|iops|requests?\s+per|bandwidth)\b", re.IGNORECASE
)
# "How much does X cost?", "What does X cost per GB?": an amount of money, which "billed
# per request" is not.
# Found in two linear steps ("how much ... cost"), never with a backtracking ".*".
_HOW_MUCH = re.compile(r"\bhow\s+much\s+(?:does|do|did|is|are|was|will|would)\b", re.IGNORECASE)
_MONEY_WORD = re.compile(
    r"\b(?:costs?|charges?|charged|pay|paid|billed|price[sd]?)\b", re.IGNORECASE
)
_PRICE_PER = re.compile(
    r"\b(?:cost|price|charge)s?\s+(?:per|for\s+(?:a|an|one|each))\b", re.IGNORECASE
)
# "What does X cost?", "What is the price of X?": a what-question about money.
_ASKS_WHAT = re.compile(r"^\W*what\b", re.IGNORECASE)
_MONEY_LAST = re.compile(r"\b(?:costs?|charges?|charged|billed|priced)\W*$", re.IGNORECASE)
_PRICE_OF = re.compile(r"\b(?:price|cost|charge)s?\s+of\b", re.IGNORECASE)
# "Which storage class has the lowest cost per GB?" asks for a name, not an amount.
_ASKS_NAME = re.compile(r"^\W*(?:which|who|where|when)\b", re.IGNORECASE)
PRICE = re.compile(
    r"[$€£]\s?\d|\b(?:usd|eur|us\$)\s*\d|(?<![\d,.])\d[\d,.]*+\s*+(?:cents?|usd|dollars?|euros?)\b"
    r"|(?<![\d,.])\d[\d.]*+\s*+%"  # "costs 20% less", "up to 72% cheaper"
    r"|\bfree\b|\bno\s+(?:extra\s+|additional\s+)?(?:charge|cost|fee)s?\b"
    r"|\bnot\s+(?:charged|billed)\b|\b(?:costs?|charges?)\s+nothing\b|\bnothing\s+extra\b",
    re.IGNORECASE,
)
# "Is there a minimum charge per query?" asks whether, not how much.
_YES_NO = re.compile(
    r"^\W*(?:is|are|was|were|does|do|did|can|could|will|would|should|has|have)\b",
    re.IGNORECASE,
)
_ASKS_NUMBER = re.compile(
    r"\b(?:how\s+much|what\s+port|how\s+far)\b"
    r"|\bwhat\s+(?:is|are)\s+the\s+(?:maximum|minimum|max|min|largest|smallest)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AnswerType:
    # "count", "duration" (how long), "frequency" (how often), "size", "rate", "price",
    # "number", or "" (anything)
    kind: str
    counted: tuple[str, ...] = ()  # for "count": the words after "how many"


# "How does TTL work?" / "Why is the timeout ...": a how-does or why question names the
# duration but does not ask for its value; only the "how long" words then ask for one.
_ASKS_HOW_OR_WHY = re.compile(
    r"^\W*(?:how\s+(?:does|do|did|is|are|was|were|can|could|should|would|will)|why)\b",
    re.IGNORECASE,
)
_ASKS_HOW_LONG = re.compile(r"\bhow\s+(?:long|soon|quickly|often|frequently|fast)\b", re.IGNORECASE)
# "How many times is it retried?" / "retried twice": a count of times in one word.
_TIMES_WORD = re.compile(r"\b(?:once|twice|thrice)\b", re.IGNORECASE)


def asked_type(question: str) -> AnswerType:
    count = _ASKS_COUNT.search(question)
    # "How many requests per second ...?" asks for a rate; "How many replicas are needed
    # for 50,000 reads per second?" still asks for a count.
    if count and not _COUNTS_A_RATE.search(question):
        counted = tuple(w for w in count.group(1).lower().split() if w not in _FILLER)
        return AnswerType("count", counted)
    if _asks_price(question):
        return AnswerType("price")
    if _ASKS_RATE.search(question):
        return AnswerType("rate")
    if _ASKS_SIZE.search(question):
        return AnswerType("size")
    asks_value = not _ASKS_HOW_OR_WHY.search(question) or _ASKS_HOW_LONG.search(question)
    if _ASKS_FREQUENCY.search(question) and asks_value:
        return AnswerType("frequency")
    if _ASKS_DURATION.search(question) and asks_value:
        return AnswerType("duration")
    if _ASKS_NUMBER.search(question):
        return AnswerType("number")
    return AnswerType("")


def can_answer(
    answer_type: AnswerType, text: str, counted_stems: set[str], stems: list[str]
) -> bool:
    """Whether `text` holds a value of the asked kind. For counts, a number must stand
    within four words of the counted thing ("six copies", "replicas: up to 15")."""
    kind = answer_type.kind
    if not kind:
        return True
    if kind == "frequency":
        return any(True for _ in durations(text))
    if kind == "duration":
        return has_span(text)
    if kind == "size":
        return bool(SIZE.search(text))
    if kind == "rate":
        return bool(RATE.search(text))
    if kind == "price":
        return bool(PRICE.search(text))
    if kind == "number":
        return bool(NUMBER.search(text))
    if "time" in counted_stems and _TIMES_WORD.search(text):
        return True
    words = re.findall(r"[\w@,.-]+", text.lower())
    number_positions = [
        i
        for i, word in enumerate(words)
        if NUMBER.fullmatch(word.strip(",.")) and not _measures(words, i, counted_stems)
    ]
    if not number_positions:
        return False
    if not counted_stems:
        return True
    counted_positions = [i for i, word_stem in enumerate(stems) if word_stem in counted_stems]
    return any(abs(n - c) <= 4 for n in number_positions for c in counted_positions)


def has_span(text: str) -> bool:
    """Whether `text` says how long something takes or lasts, not only how often it happens:
    "kept for 15 days" and "within a minute" do; "sends metrics every minute" and "runs
    daily" do not. A note that only says how often cannot answer "how long"."""
    for match in durations(text):
        if _FREQUENCY_VALUE.match(match.group(0)):
            continue
        # Only the few characters before the value: searching the whole prefix for every
        # value would cost quadratic time on a long line.
        before = max(0, match.start() - 32)
        if _BEFORE_FREQUENCY.search(text, before, match.start()):
            continue
        if _PER_UNIT.match(match.group(0)) and _BEFORE_PER_UNIT.search(text, before, match.start()):
            continue
        return True
    return False


def _measures(words: list[str], position: int, counted_stems: set[str]) -> bool:
    """The number at `position` comes with a unit ("250 MB ... including layers"): it
    measures something rather than counting the things a "how many" question asks about,
    unless the unit is that thing ("How many days ...?" / "for 35 days")."""
    if position + 1 >= len(words):
        return False
    unit = words[position + 1].strip(",.")
    return bool(_UNIT_WORD.fullmatch(unit)) and stem(unit) not in counted_stems


def _asks_price(question: str) -> bool:
    """An amount of money: "How much does X cost?", "What does X cost per GB?", "What does
    X cost?", "What is the price of X?". Not a yes/no question ("Is there a charge per
    query?") or a which-question."""
    if _YES_NO.search(question) or _ASKS_NAME.search(question):
        return False
    how_much = _HOW_MUCH.search(question)
    if how_much and _MONEY_WORD.search(question, how_much.end()):
        return True
    if _ASKS_WHAT.search(question) and (_MONEY_LAST.search(question) or _PRICE_OF.search(question)):
        return True
    return bool(_PRICE_PER.search(question))


def durations(text: str) -> Iterator[re.Match[str]]:
    """The time values of `text` (DURATION's matches), without the ordinal "a second AZ"."""
    for match in DURATION.finditer(text):
        if not _ORDINAL_SECOND.match(text, match.start()):
            yield match


_TIME_UNIT_WORD = re.compile(_TIME_UNIT, re.IGNORECASE)
_SIZE_UNIT_WORD = re.compile(_SIZE_UNIT, re.IGNORECASE)


def value_kind(question: str) -> str:
    """The kind of value a question asks for, as two questions compare it: "duration",
    "size", "count", "rate", "price", "frequency", or "" (not one kind of value; "number"
    is left out, it says only that some number is wanted). A count of time units is a
    duration ("How many days does KMS wait?" = "How long does KMS wait?"), a count of size
    units a size. A yes/no question asks for no value ("Is there a charge for retention?"
    names a duration word but asks whether)."""
    if _YES_NO.search(question):
        return ""
    answer_type = asked_type(question)
    if answer_type.kind == "count":
        if any(_TIME_UNIT_WORD.fullmatch(unit) for unit in answer_type.counted):
            return "duration"  # "How many business days ..."
        if any(_SIZE_UNIT_WORD.fullmatch(unit) for unit in answer_type.counted):
            return "size"
    return "" if answer_type.kind == "number" else answer_type.kind


_OPENING = re.compile(
    r"\b(what|which|who|whom|whose|when|where|why|"
    r"how(?:\s+(?:many|much|long|often|big|large|fast|far))?)\b",
    re.IGNORECASE,
)


def question_opening(question: str) -> str:
    """The question word a question asks with ("what", "why", "how many"), or "yes/no"
    when it has none ("Is SQS regional?"). Two questions of one term are the same only if
    they ask alike: "Why SQS?" is not "What is SQS?"."""
    match = _OPENING.search(question)
    return " ".join(match.group(1).lower().split()) if match else "yes/no"
