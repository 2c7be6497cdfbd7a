"""The parsed form of a notes file: frozen pydantic models, built once by the parser.

Every item keeps the 1-based line (and column) it starts on in the user's file, so a
finding can point at the exact place. Rules, the answer map and the graph read these
models; nothing downstream re-reads the Markdown.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TextItem(_Frozen):
    """A piece of note text (scenario, answer, lead-in, sub-bullet) and where it starts."""

    text: str
    line: int = Field(ge=1)
    column: int = Field(default=1, ge=1)


class Fact(TextItem):
    """One fact: a bullet, a list item under a lead-in line, or a prose paragraph.

    `details` are its sub-bullets (a sub-bullet belongs to its parent fact); `lead_in` is the
    bold or colon-ended line the item continues ("**A queue can be one of two types:**").
    """

    kind: Literal["bullet", "paragraph", "lead-in-item"] = "bullet"
    lead_in: TextItem | None = None
    details: tuple[TextItem, ...] = ()

    @property
    def full_text(self) -> str:
        """The fact as a reader understands it: lead-in, the item, then its sub-bullets."""
        parts = [self.lead_in.text] if self.lead_in else []
        parts.append(self.text)
        parts.extend(detail.text for detail in self.details)
        return " ".join(part for part in parts if part)


class Question(TextItem):
    """A question (or imperative prompt) from a Questions list.

    `number` is its 1-based position in the note's questions; `answer` is the matching item of
    a numbered Answers list, or the text after `::` in a `question:: answer` line.
    """

    number: int = Field(ge=1)
    answer: TextItem | None = None
    details: tuple[TextItem, ...] = ()


SectionKind = Literal["questions", "answers", "notes", "other"]


class Section(_Frozen):
    """A heading (or `Questions:` paragraph) inside a note, with how many items it holds."""

    kind: SectionKind
    title: str
    line: int = Field(ge=1)
    level: int = Field(ge=0, le=6, description="heading level; 0 for a `Title:` paragraph")
    item_count: int = Field(ge=0)


class Note(_Frozen):
    """One topic: a title and everything up to the next title or `---`."""

    path: str
    title: str
    level: int = Field(ge=1, le=6, description="heading level of the title")
    line: int = Field(ge=1, description="line of the title")
    end_line: int = Field(ge=1, description="last line that belongs to the note")
    scenario: TextItem | None = None
    scenario_answer: TextItem | None = None
    facts: tuple[Fact, ...] = ()
    questions: tuple[Question, ...] = ()
    answers: tuple[TextItem, ...] = ()
    sections: tuple[Section, ...] = ()

    def fact_items(self) -> list[TextItem]:
        """Facts and the scenario answer, in line order: what the duplicate checks compare."""
        items: list[TextItem] = list(self.facts)
        if self.scenario_answer is not None:
            items.append(self.scenario_answer)
        return sorted(items, key=lambda item: item.line)

    def has_section(self, kind: SectionKind) -> bool:
        return any(section.kind == kind for section in self.sections)


class Suppressions(_Frozen):
    """Inline `<!-- kgnotes: ... -->` comments of one file."""

    file_rules: tuple[str, ...] = Field(default=(), description="disable-file RULE")
    next_line_rules: tuple[tuple[int, tuple[str, ...]], ...] = Field(
        default=(), description="(line the comment applies to, rules); empty rules mean all"
    )

    def silences(self, rule_keys: set[str], line: int) -> bool:
        if rule_keys & set(self.file_rules) or "all" in self.file_rules:
            return True
        return any(
            target == line and (not rules or rule_keys & set(rules))
            for target, rules in self.next_line_rules
        )


class ParsedFile(_Frozen):
    """A whole notes file: its notes, or the reason it could not be read."""

    path: str
    notes: tuple[Note, ...] = ()
    line_count: int = Field(default=0, ge=0)
    has_front_matter: bool = False
    suppressions: Suppressions = Suppressions()
    skipped: tuple[TextItem, ...] = Field(
        default=(), description="blocks nested too deeply to read, with what was skipped"
    )
    error: str | None = Field(default=None, description="why the file could not be read")
    error_line: int = Field(default=1, ge=1)
