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


class _Node:
    """A trie over lower-case alias tokens; `aliases` end at this node."""

    __slots__ = ("aliases", "children")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.aliases: list[_Alias] = []


def _plural_stems(token: str) -> tuple[str, ...]:
    """ "Lambdas" -> ("Lambda",), "Boxes" -> ("Boxe", "Box"): the forms a final alias word
    may take before a plural ending."""
    lowered = token.lower()
    forms = []
    if lowered.endswith("s") and len(token) > 2:
        forms.append(token[:-1])
    if lowered.endswith("es") and len(token) > 3:
        forms.append(token[:-2])
    return tuple(forms)


class Linker:
    def __init__(self, services: dict[str, Service], not_services: tuple[str, ...]) -> None:
        self.root = _Node()
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
        # token -> its lower-case forms (see `_forms`); most tokens of a corpus recur.
        self._forms: dict[str, tuple[str, ...]] = {}

    def _token_forms(self, token: str) -> tuple[str, ...]:
        """The token and its singular forms, in lower case: the trie keys it may end an
        alias at (the first one is also the key it may continue one with)."""
        forms = self._forms.get(token)
        if forms is None:
            if len(self._forms) > 200_000:  # bounded: a pasted dictionary must not grow it
                self._forms.clear()
            forms = tuple(form.lower() for form in (token, *_plural_stems(token)))
            self._forms[token] = forms
        return forms

    def _add(self, name: str, service_id: str | None, case_sensitive: bool) -> None:
        written = tuple(match.group(0) for match in _tokens(name))
        if not written or len(written) > _MAX_ALIAS_TOKENS:
            return
        alias = _Alias(tuple(w.lower() for w in written), written, service_id, case_sensitive)
        node = self.root
        for token in alias.tokens:
            node = node.children.setdefault(token, _Node())
        node.aliases.append(alias)
        # At one node, a blocker wins over a service, then a stable order by spelling.
        node.aliases.sort(key=lambda a: (a.service_id is not None, a.written))

    def known_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of every catalog name or not-service phrase in `text`."""
        return [(start, end) for start, end, _ in self._scan(text)]

    def link(self, text: str, title: bool = False) -> list[Mention]:
        """Mentions in order of appearance. With `title=True`, a whole-text match of an
        ordinary-word name ("Config" as a note title) counts too."""
        if title:
            service_id = self.title_names.get(" ".join(text.lower().split()))
            if service_id is not None:
                return [Mention(service_id, 0, len(text), text)]
        return [
            Mention(service_id, start, end, text[start:end])
            for start, end, service_id in self._scan(text)
            if service_id is not None
        ]

    def _scan(self, text: str) -> list[tuple[int, int, str | None]]:
        tokens = _tokens(text)
        forms = [self._token_forms(token.group(0)) for token in tokens]
        starts = self.root.children
        found: list[tuple[int, int, str | None]] = []
        position = 0
        while position < len(tokens):
            # Most words start no alias: none of their forms is a key of the trie's root.
            if all(form not in starts for form in forms[position]):
                position += 1
                continue
            matched = self._match_at(tokens, forms, position)
            if matched is None:
                position += 1
                continue
            alias, size = matched
            start, end = tokens[position].start(), tokens[position + size - 1].end()
            found.append((start, end, alias.service_id))
            position += size
        return found

    def _match_at(
        self, tokens: list[re.Match[str]], forms: list[tuple[str, ...]], position: int
    ) -> tuple[_Alias, int] | None:
        """The longest alias starting at `position` (walking the trie token by token);
        `forms` are each token's `_token_forms`."""
        best: tuple[_Alias, int] | None = None
        node = self.root
        offset = 0
        while position + offset < len(tokens):
            token_forms = forms[position + offset]
            # The alias may end here, possibly with a plural ending on its last word.
            for form in token_forms:
                ending = node.children.get(form)
                if ending is None:
                    continue
                for alias in ending.aliases:
                    if self._written_matches(alias, tokens, position, offset + 1):
                        best = (alias, offset + 1)
                        break
            child = node.children.get(token_forms[0])
            if child is None:
                break
            node = child
            offset += 1
        return best

    @staticmethod
    def _written_matches(
        alias: _Alias, tokens: list[re.Match[str]], position: int, size: int
    ) -> bool:
        if not alias.case_sensitive:
            return True
        return all(
            _same_word(
                tokens[position + offset].group(0),
                alias.written[offset],
                True,
                last=offset == size - 1,
            )
            for offset in range(size)
        )
