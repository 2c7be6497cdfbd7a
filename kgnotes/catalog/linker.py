"""Entity linking: find the services a sentence names.

Text and aliases are cut into the same word tokens (hyphens split words, `@` and digits
stay inside: "Lambda@Edge", "EC2", "Route 53"), then at each word the longest alias that
starts there wins ("DynamoDB Streams" before "DynamoDB", "AWS Systems Manager Parameter
Store" before "Systems Manager"). Matching ignores case, except for short all-caps
abbreviations ("S3", "SQS", "MQ") and the aliases a catalog marks case-sensitive ("Lambda",
"API Gateway"); a final plural "s"/"es" and a possessive "'s" are allowed. Phrases listed
as `not_services` ("Active Directory", "IBM MQ", "Availability Zone") are matched too, and
block any service inside them. Ordinary-word names ("Config", "Backup") count only as a
whole note title; in prose they need their AWS/Amazon prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgnotes.catalog.catalog import Service

_TOKEN = re.compile(r"[A-Za-z0-9@&]+(?:\.[0-9]+)?")
_SHORT_ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9]{1,4}$")
_MAX_ALIAS_TOKENS = 10


@dataclass(frozen=True)
class Mention:
    service_id: str
    start: int  # character offsets in the linked text
    end: int
    surface: str


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]  # lower case
    written: tuple[str, ...]  # as written in the catalog
    service_id: str | None  # None: a not-service phrase that blocks matches inside it
    case_sensitive: bool


def _tokens(text: str) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text))


def _same_word(token: str, alias_word: str, case_sensitive: bool, last: bool) -> bool:
    candidates = [token]
    if last:  # plural and possessive: "Lambdas", "EC2s", "Application Load Balancers"
        for suffix in ("es", "s"):
            if token.lower().endswith(suffix) and len(token) > len(suffix) + 1:
                candidates.append(token[: -len(suffix)])
    if case_sensitive:
        return alias_word in candidates
    lowered = alias_word.lower()
    return any(candidate.lower() == lowered for candidate in candidates)


class Linker:
    def __init__(self, services: dict[str, Service], not_services: tuple[str, ...]) -> None:
        self.by_first: dict[str, list[_Alias]] = {}
        self.title_names: dict[str, str] = {}
        for service in services.values():
            case_sensitive = set(service.case_sensitive_aliases)
            names = dict.fromkeys(service.aliases)
            if service.context_aliases:
                names = {n: None for n in names if n not in service.context_aliases}
                for context in service.context_aliases:
                    self.title_names[context.lower()] = service.id
            for name in names:
                sensitive = name in case_sensitive or bool(_SHORT_ACRONYM.match(name))
                self._add(name, service.id, sensitive)
            self.title_names.setdefault(service.name.lower(), service.id)
        for phrase in not_services:
            self._add(phrase, None, False)
        for aliases in self.by_first.values():
            # Longest first; at equal length a blocker wins over a service.
            aliases.sort(key=lambda a: (-len(a.tokens), a.service_id is not None, a.written))

    def _add(self, name: str, service_id: str | None, case_sensitive: bool) -> None:
        written = tuple(match.group(0) for match in _tokens(name))
        if not written or len(written) > _MAX_ALIAS_TOKENS:
            return
        alias = _Alias(tuple(w.lower() for w in written), written, service_id, case_sensitive)
        self.by_first.setdefault(alias.tokens[0], []).append(alias)

    def known_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of every catalog name or not-service phrase in `text`."""
        tokens = _tokens(text)
        spans = []
        position = 0
        while position < len(tokens):
            matched = self._match_at(tokens, position)
            if matched is None:
                position += 1
                continue
            size = matched[1]
            spans.append((tokens[position].start(), tokens[position + size - 1].end()))
            position += size
        return spans

    def link(self, text: str, title: bool = False) -> list[Mention]:
        """Mentions in order of appearance. With `title=True`, a whole-text match of an
        ordinary-word name ("Config" as a note title) counts too."""
        if title:
            service_id = self.title_names.get(" ".join(text.lower().split()))
            if service_id is not None:
                return [Mention(service_id, 0, len(text), text)]
        tokens = _tokens(text)
        mentions: list[Mention] = []
        position = 0
        while position < len(tokens):
            matched = self._match_at(tokens, position)
            if matched is None:
                position += 1
                continue
            alias, size = matched
            if alias.service_id is not None:
                start, end = tokens[position].start(), tokens[position + size - 1].end()
                mentions.append(Mention(alias.service_id, start, end, text[start:end]))
            position += size
        return mentions

    def _match_at(self, tokens: list[re.Match[str]], position: int) -> tuple[_Alias, int] | None:
        first = tokens[position].group(0)
        candidates = self.by_first.get(first.lower())
        if candidates is None:
            # "Lambdas" / "EC2s": the plural of a one-word alias starts no alias itself.
            stripped = first[:-2] if first.lower().endswith("es") else first[:-1]
            candidates = [
                alias
                for key in {first[:-1].lower(), stripped.lower()}
                for alias in self.by_first.get(key, ())
                if len(alias.tokens) == 1
            ]
            if not candidates:
                return None
        for alias in candidates:
            size = len(alias.tokens)
            if position + size > len(tokens):
                continue
            if all(
                _same_word(
                    tokens[position + offset].group(0),
                    alias.written[offset],
                    alias.case_sensitive,
                    last=offset == size - 1,
                )
                for offset in range(size)
            ):
                return alias, size
        return None
