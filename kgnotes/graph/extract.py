"""Notes -> service mentions and evidenced relations (no networkx here).

Every text of a note is linked against the catalog: the title, the scenario and its answer,
facts (a lead-in is read with each of its items; sub-bullets on their own), answers and
questions. Mentions make nodes; relations come from statements only, one sentence at a
time, so every edge carries the sentence that put it there:
- two services in one sentence give an edge, typed by `kgnotes.graph.relations`;
- a note titled with several services (`SNS + SQS`) links them (`integrates-with`);
- in a sentence that names one service, a service in the note's title is the subject
  ("## ECS" / "- Keep the secrets in Parameter Store" -> ECS stores-in Parameter Store).
Questions are not statements: they add mentions, never edges. A feature and the product it
is part of (Lambda@Edge and Lambda) are not linked by co-occurrence; the catalog says that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from kgnotes.catalog.catalog import Catalog
from kgnotes.graph.relations import (
    FORWARD,
    REVERSE,
    UNDIRECTED,
    Typed,
    classify,
    is_list_separator,
)
from kgnotes.models import Note

_ABBREVIATIONS = ("e.g", "i.e", "vs", "etc", "approx", "incl", "cf", "no")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'`*_])")


@dataclass(frozen=True)
class Site:
    """Where a service is mentioned."""

    service_id: str
    path: str
    line: int
    kind: str  # title, scenario, scenario-answer, fact, answer, question
    text: str
    note: str
    note_line: int


@dataclass(frozen=True)
class Evidence:
    path: str
    line: int
    note: str
    sentence: str


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    relation: str
    directed: bool
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    sites: tuple[Site, ...]
    relations: tuple[Relation, ...]
    notes: int


def split_sentences(text: str) -> list[str]:
    pieces = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start()].rstrip()
        last_word = head.rsplit(None, 1)[-1].rstrip(".").lower() if head else ""
        if last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word):
            continue
        pieces.append(head)
        start = match.end()
    pieces.append(text[start:].strip())
    return [piece for piece in pieces if piece]


def _statements(note: Note) -> Iterator[tuple[int, str, str]]:
    """(line, kind, text) of every statement in a note: the texts edges may come from."""
    if note.scenario is not None:
        yield note.scenario.line, "scenario", note.scenario.text
    if note.scenario_answer is not None:
        yield note.scenario_answer.line, "scenario-answer", note.scenario_answer.text
    for fact in note.facts:
        text = f"{fact.lead_in.text} {fact.text}" if fact.lead_in else fact.text
        yield fact.line, "fact", text
        for detail in fact.details:
            yield detail.line, "fact", detail.text
    for answer in note.answers:
        yield answer.line, "answer", answer.text
    for question in note.questions:
        if question.answer is not None and not note.answers:
            yield question.answer.line, "answer", question.answer.text


class Extractor:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def _are_family(self, a: str, b: str) -> bool:
        services = self.catalog.services
        return services[a].part_of == b or services[b].part_of == a

    def extract(self, notes: tuple[Note, ...] | list[Note]) -> Extraction:
        sites: list[Site] = []
        relations: list[Relation] = []
        for note in notes:
            title_mentions = self.catalog.link(note.title, title=True)
            title_services = list(dict.fromkeys(m.service_id for m in title_mentions))
            for service_id in title_services:
                sites.append(
                    Site(
                        service_id, note.path, note.line, "title", note.title, note.title, note.line
                    )
                )
            title_evidence = Evidence(note.path, note.line, note.title, note.title)
            for i, first in enumerate(title_services):
                for second in title_services[i + 1 :]:
                    if not self._are_family(first, second):
                        relations.append(
                            self._relation(first, second, "integrates-with", False, title_evidence)
                        )
            subject = title_services[0] if len(title_services) == 1 else None
            for line, kind, text in _statements(note):
                for sentence in split_sentences(text):
                    relations.extend(self._sentence(note, line, kind, sentence, subject, sites))
            for question in note.questions:
                for mention in self.catalog.link(question.text):
                    sites.append(
                        Site(
                            mention.service_id,
                            note.path,
                            question.line,
                            "question",
                            question.text,
                            note.title,
                            note.line,
                        )
                    )
        return Extraction(tuple(sites), tuple(relations), len(notes))

    def _sentence(
        self,
        note: Note,
        line: int,
        kind: str,
        sentence: str,
        subject: str | None,
        sites: list[Site],
    ) -> Iterator[Relation]:
        mentions = self.catalog.link(sentence)
        for mention in mentions:
            sites.append(
                Site(mention.service_id, note.path, line, kind, sentence, note.title, note.line)
            )
        evidence = Evidence(note.path, line, note.title, sentence)
        distinct = {m.service_id for m in mentions}
        if len(distinct) == 1 and subject is not None and subject not in distinct:
            only = mentions[0]
            if self._are_family(subject, only.service_id):
                return
            typed = classify(sentence, 0, 0, only.start)
            yield self._typed(subject, only.service_id, typed, evidence)
            return
        for i, first in enumerate(mentions):
            typed_so_far: Typed | None = None
            for j in range(i + 1, len(mentions)):
                second = mentions[j]
                between = mentions[i + 1 : j]
                if all(self._same_or_family(m.service_id, first, second) for m in between):
                    # Nothing else in between ("Lambda@Edge runs AWS Lambda functions at
                    # CloudFront": a feature's own product does not count).
                    typed = classify(sentence, first.start, first.end, second.start)
                elif typed_so_far is not None and is_list_separator(
                    sentence[mentions[j - 1].end : second.start]
                ):
                    typed = typed_so_far  # "S3 publishes to SNS, SQS or Lambda"
                else:
                    # A verb between two other services is theirs, not this pair's.
                    typed = Typed("mentioned-with", UNDIRECTED)
                typed_so_far = typed
                a, b = first.service_id, second.service_id
                if a == b or self._are_family(a, b):
                    continue
                if typed.relation == "mentioned-with" and self._siblings(sentence, mentions, i, j):
                    continue  # "targets: EC2, EKS, Lambda": items of one list are not related
                yield self._typed(a, b, typed, evidence)

    @staticmethod
    def _siblings(sentence: str, mentions: list, first: int, second: int) -> bool:
        """True when the two mentions are items of one list of examples ("targets: EC2, EKS,
        Lambda"), which says nothing about how they relate. Two services that together
        start the sentence ("SQS and SNS are both managed") are its subject, not a list."""

        def separated(k: int) -> bool:
            return is_list_separator(sentence[mentions[k].end : mentions[k + 1].start])

        if not all(separated(k) for k in range(first, second)):
            return False
        start, end = first, second
        while start > 0 and separated(start - 1):
            start -= 1
        while end + 1 < len(mentions) and separated(end):
            end += 1
        lead = sentence[: mentions[start].start].strip().lower()
        return end - start + 1 >= 3 or lead not in ("", "both", "the", "both the")

    def _same_or_family(self, service_id: str, *mentions) -> bool:
        return any(
            service_id == m.service_id or self._are_family(service_id, m.service_id)
            for m in mentions
        )

    def _typed(self, first: str, second: str, typed: Typed, evidence: Evidence) -> Relation:
        if typed.direction == REVERSE:
            return self._relation(second, first, typed.relation, True, evidence)
        return self._relation(first, second, typed.relation, typed.direction == FORWARD, evidence)

    @staticmethod
    def _relation(
        source: str, target: str, relation: str, directed: bool, evidence: Evidence
    ) -> Relation:
        if not directed and target < source:  # undirected edges are stored one way only
            source, target = target, source
        return Relation(source, target, relation, directed, evidence)


__all__ = ["UNDIRECTED", "Evidence", "Extraction", "Extractor", "Relation", "Site"]
