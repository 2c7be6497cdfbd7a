"""The explicit rule registry: every rule module, by code.

Codes are grouped by hundreds: 0xx input, 1xx structure, 2xx duplicates, 3xx answerability,
4xx services. A retired code is never reused.
"""

from __future__ import annotations

from kgnotes.rules import (
    kgn001_parse_error,
    kgn002_no_notes,
    kgn003_too_deep,
    kgn101_missing_section,
    kgn102_empty_section,
    kgn103_not_a_question,
    kgn104_placeholder,
    kgn105_heading_level,
    kgn201_duplicate_question,
    kgn202_duplicate_fact,
    kgn301_unanswered_question,
    kgn302_unsupported_term,
    kgn401_unknown_service,
)
from kgnotes.rules.base import Rule

_MODULES = (
    kgn001_parse_error,
    kgn002_no_notes,
    kgn003_too_deep,
    kgn101_missing_section,
    kgn102_empty_section,
    kgn103_not_a_question,
    kgn104_placeholder,
    kgn105_heading_level,
    kgn201_duplicate_question,
    kgn202_duplicate_fact,
    kgn301_unanswered_question,
    kgn302_unsupported_term,
    kgn401_unknown_service,
)

REGISTRY: dict[str, Rule] = {}
for _module in _MODULES:
    _rule = Rule.from_module(_module)
    if _rule.code in REGISTRY:
        raise RuntimeError(f"duplicate rule code {_rule.code}")
    REGISTRY[_rule.code] = _rule

_BY_NAME = {rule.name: rule for rule in REGISTRY.values()}


def find_rule(key: str) -> Rule | None:
    """A rule by code (`KGN301`, any case) or name (`unanswered-question`)."""
    return REGISTRY.get(key.upper()) or _BY_NAME.get(key)


def get_rule(key: str) -> Rule:
    rule = find_rule(key)
    if rule is None:
        raise KeyError(f"unknown rule {key!r}")
    return rule
