"""The whole set of notes being checked, with the indexes rules share, built once.

Indexes are built lazily on first use, so `kgnotes check --select heading-level` never pays
for the duplicate index or the answer map.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from kgnotes.answers import AnswerOptions, QuestionAnswer, answer_note
from kgnotes.catalog.catalog import Catalog, load_catalog
from kgnotes.models import Fact, Note, ParsedFile, Question
from kgnotes.schema import DEFAULT_SCHEMA, NoteSchema
from kgnotes.similar import SimilarityIndex
from kgnotes.subjects import Subject, item_subject, same_subject
from kgnotes.text.acronyms import term_sets_meeting_acronyms
from kgnotes.text.normalize import normalise_for_duplicates
from kgnotes.text.quantities import question_opening, value_kind
from kgnotes.text.terms import (
    Synonyms,
    entity_terms,
    is_negated,
    load_synonyms,
    word_initials,
)


@dataclass(frozen=True)
class Located:
    """An item and the note it belongs to, for messages that name the first copy."""

    note: Note
    line: int
    text: str

    @property
    def where(self) -> str:
        return f"{self.note.path}:{self.line}"


@dataclass(frozen=True)
class Reworded:
    """The earlier item a later one says again in other words."""

    first: Located
    score: float
    shared_terms: tuple[str, ...]


class Corpus:
    def __init__(
        self,
        files: list[ParsedFile],
        schemas: dict[str, NoteSchema] | None = None,
        synonyms: Synonyms | None = None,
        catalog_loader: Callable[[], Catalog] | None = None,
        later_paths: frozenset[str] = frozenset(),
        report_paths: frozenset[str] | None = None,
    ) -> None:
        # Files are in path order, except `later_paths` (pre-commit's staged files), which
        # come last: a duplicate between a staged and an unchanged note is then reported on
        # the staged copy, where the hook can show it.
        self.files = tuple(sorted(files, key=lambda f: (f.path in later_paths, f.path)))
        self.notes = tuple(note for f in self.files for note in f.notes)
        self._schemas = schemas or {}
        self.synonyms = synonyms if synonyms is not None else load_synonyms()
        self._catalog_loader = catalog_loader or load_catalog
        self._reworded_cache: dict[tuple[str, float], dict[tuple[str, int], Reworded]] = {}
        # The files findings are wanted for (pre-commit's staged files); None: every file.
        # The whole corpus is still read, so duplicates across notes are found.
        self.report_paths = report_paths
        self._note_answers: dict[tuple[str, int, AnswerOptions], list[QuestionAnswer]] = {}
        # `kgnotes check` reads each note's answers once: it sets this to False, so 50,000
        # questions' answers are not all held at once. `build` keeps them for coverage.
        self.keep_answers = True
        self._title_services: dict[tuple[str, int], frozenset[str]] = {}
        self._named_services: dict[str, frozenset[str]] = {}

    def is_reported(self, path: str) -> bool:
        return self.report_paths is None or path in self.report_paths

    def note_answers(self, note: Note, options: AnswerOptions) -> list[QuestionAnswer]:
        """The answer map of one note (answers are found within a note), computed once."""
        key = (note.path, note.line, options)
        answers = self._note_answers.get(key)
        if answers is None:
            answers = answer_note(note, self.synonyms, options)
            if self.keep_answers:
                self._note_answers[key] = answers
        return answers

    def adopt_answers(
        self, notes: Sequence[Note], options: AnswerOptions, answers: list[list[QuestionAnswer]]
    ) -> None:
        """Take the answer maps of `notes` worked out elsewhere (a worker process)."""
        for note, note_answers in zip(notes, answers, strict=True):
            self._note_answers[(note.path, note.line, options)] = note_answers

    def answer_map(
        self, options: AnswerOptions | None = None
    ) -> dict[tuple[str, int], QuestionAnswer]:
        """(path, question line) -> where its answer is, for every question."""
        options = options or AnswerOptions()
        return {
            (note.path, answer.line): answer
            for note in self.notes
            for answer in self.note_answers(note, options)
        }

    def schema_for(self, path: str) -> NoteSchema:
        return self._schemas.get(path, DEFAULT_SCHEMA)

    def questions(self) -> Iterator[tuple[Note, Question]]:
        for note in self.notes:
            for question in note.questions:
                yield note, question

    def facts(self) -> Iterator[tuple[Note, Fact]]:
        for note in self.notes:
            for fact in note.facts:
                yield note, fact

    @cached_property
    def catalog(self) -> Catalog:
        """Loaded on first use: `kgnotes check --select heading-level` never reads it."""
        return self._catalog_loader()

    def services_in(self, text: str) -> set[str]:
        """Catalog ids of the services a text names."""
        return {mention.service_id for mention in self.catalog.link(text)}

    def service_label(self, service_id: str) -> str:
        return self.catalog.label(service_id)

    def subject_of(self, note: Note, named: frozenset[str]) -> Subject:
        """What an item of `note` naming the services `named` is about (see
        `kgnotes.subjects`). Worked out only for items that may be copies of another."""
        return item_subject(named, self.title_services(note))

    def named_in(self, text: str) -> frozenset[str]:
        """The services a text names, linked once however often the text is copied."""
        named = self._named_services.get(text)
        if named is None:
            named = self._named_services[text] = frozenset(self.services_in(text))
        return named

    def title_services(self, note: Note) -> frozenset[str]:
        """The services a note's title names ("## Config" alone is AWS Config)."""
        key = (note.path, note.line)
        title = self._title_services.get(key)
        if title is None:
            title = frozenset(m.service_id for m in self.catalog.link(note.title, title=True))
            self._title_services[key] = title
        return title

    def _may_copy(self, items: list[tuple[Note, int, str]]) -> Callable[[int, int], bool]:
        """Whether two of `items` may be copies as far as their notes' subjects go. Both
        subjects are worked out from the services either text names, as for exact copies:
        the linker reads "SQS" but not "sqs", and what the two texts name differently is the
        names test's to judge (it reads both alike). So two items of one note always agree."""

        def may_copy(a: int, b: int) -> bool:
            (note_a, _, text_a), (note_b, _, text_b) = items[a], items[b]
            named = self.named_in(text_a) | self.named_in(text_b)
            return same_subject(self.subject_of(note_a, named), self.subject_of(note_b, named))

        return may_copy

    def reworded_question_copies(self, threshold: float) -> dict[tuple[str, int], Reworded]:
        """(path, line) of a later question -> the earlier question it rewords."""
        return self._reworded(
            ("questions", threshold), self._question_items, threshold, questions=True
        )

    def reworded_fact_copies(self, threshold: float) -> dict[tuple[str, int], Reworded]:
        # A fact needs three content terms to be a reworded copy: "When to use Instance
        # Store" and "Also have instance store" share both of theirs and say different things.
        return self._reworded(("facts", threshold), self._fact_items, threshold, min_terms=3)

    def exported_reworded(self, kind: str, threshold: float) -> list[tuple]:
        """The reworded-copies map of `kind` ("questions" or "facts") as plain tuples, to
        send from a worker process: pickling its notes would copy half the corpus."""
        found = (
            self.reworded_question_copies(threshold)
            if kind == "questions"
            else self.reworded_fact_copies(threshold)
        )
        return [
            (
                path,
                line,
                m.first.note.path,
                m.first.note.line,
                m.first.line,
                m.first.text,
                m.score,
                m.shared_terms,
            )
            for (path, line), m in found.items()
        ]

    def adopt_reworded(self, kind: str, threshold: float, exported: list[tuple]) -> None:
        """Take a map from `exported_reworded` (built in a worker) with this corpus's notes."""
        notes = {(note.path, note.line): note for note in self.notes}
        self._reworded_cache[(kind, threshold)] = {
            (path, line): Reworded(
                Located(notes[(first_path, note_line)], first_line, first_text), score, shared
            )
            for path, line, first_path, note_line, first_line, first_text, score, shared in exported
        }

    def _question_items(self) -> list[tuple[Note, int, str]]:
        return [(note, question.line, question.text) for note, question in self.questions()]

    def _fact_items(self) -> list[tuple[Note, int, str]]:
        return [(note, item.line, item.text) for note in self.notes for item in note.fact_items()]

    def _reworded(
        self,
        key: tuple[str, float],
        make_items: Callable[[], list[tuple[Note, int, str]]],
        threshold: float,
        min_terms: int = 2,
        questions: bool = False,
    ) -> dict[tuple[str, int], Reworded]:
        """`questions`: the texts are questions, each asking for a kind of value."""
        if key not in self._reworded_cache:
            items = make_items()
            texts = [text for _, _, text in items]
            term_sets = term_sets_meeting_acronyms(texts, self.synonyms)
            index = SimilarityIndex(
                term_sets,
                lambda position: entity_terms(texts[position], self.synonyms),
                lambda position: word_initials(texts[position]),
                (lambda position: value_kind(texts[position])) if questions else None,
                questions=questions,
                may_copy=self._may_copy(items),
                negated=None if questions else (lambda position: is_negated(texts[position])),
                openings=(lambda position: question_opening(texts[position]))
                if questions
                else None,
            )
            wanted = None
            if self.report_paths is not None:
                wanted = [i for i, (note, _, _) in enumerate(items) if self.is_reported(note.path)]
            found = {}
            for pair in index.pairs(threshold, min_terms=min_terms, positions=wanted):
                note, line, _ = items[pair.later]
                first_note, first_line, first_text = items[pair.earlier]
                found[(note.path, line)] = Reworded(
                    Located(first_note, first_line, first_text), pair.score, pair.shared
                )
            self._reworded_cache[key] = found
        return self._reworded_cache[key]

    @cached_property
    def exact_question_copies(self) -> dict[tuple[str, int], Located]:
        """(path, line) of a later question -> the first with the same normalised text and
        subject (by path, then line)."""
        return self._exact_copies(self._question_items())

    @cached_property
    def exact_fact_copies(self) -> dict[tuple[str, int], Located]:
        """The same for facts; scenario answers count as facts too."""
        return self._exact_copies(self._fact_items())

    def _exact_copies(self, items: list[tuple[Note, int, str]]) -> dict[tuple[str, int], Located]:
        by_text: dict[str, list[tuple[Note, int, str]]] = defaultdict(list)
        for item in items:
            key = normalise_for_duplicates(item[2])
            if key:
                by_text[key].append(item)
        copies: dict[tuple[str, int], Located] = {}
        for group in by_text.values():
            if len(group) < 2:
                continue  # most texts: no subject to work out
            if self.report_paths is not None and not any(
                self.is_reported(note.path) for note, _, _ in group
            ):
                continue  # pre-commit: no staged copy in this group
            # One sentence: the services any of its spellings names ("sqs" is no name for
            # the linker, "SQS" is), so every copy has the same.
            named = frozenset().union(*(self.named_in(text) for text in {t for _, _, t in group}))
            # An item certainly about what it names, or about nothing known, is a copy of
            # any other (see `same_subject`); the rest only of those with their subject, or
            # of the former. So which copy is reported follows path order: an unknown
            # subject first makes every later copy its copy, last only the first one's.
            first_of: dict[frozenset[str] | None, int] = {}
            for index, (note, line, _) in enumerate(group):
                subject = self.subject_of(note, named)
                key = None if subject.about is None or subject.names_itself else subject.about
                if key is None:
                    first = 0
                else:
                    earlier = (first_of.get(key), first_of.get(None))
                    first = min((i for i in earlier if i is not None), default=index)
                first_of.setdefault(key, index)
                if first != index:
                    copies[(note.path, line)] = Located(*group[first])
        return copies
