"""Turn a notes file into `Note` models with markdown-it-py's token stream.

One pass over the flat token list (no recursion, so 10,000-deep lists cannot overflow the
stack). The parser's hardest decision is a new note's title versus a subsection: a heading
starts a new note when it is the first in the file, follows `---`, or sits at (or above) the
level of the file's first title; a deeper heading is a subsection whose bullets are more
facts. Headings named in the schema (Questions, Answers, Notes) are sections, never titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from kgnotes.inline_text import inline_text, is_fully_wrapped
from kgnotes.models import Fact, Note, ParsedFile, Question, Section, TextItem
from kgnotes.schema import DEFAULT_SCHEMA, NoteSchema
from kgnotes.suppressions import SuppressionCollector

LIST_OPEN = ("bullet_list_open", "ordered_list_open")
LIST_CLOSE = ("bullet_list_close", "ordered_list_close")
_OBSIDIAN_BLOCK_ID = re.compile(r"\s\^[0-9A-Za-z-]{1,40}$")
_CARD_TAG = re.compile(r"\s#card(-reverse)?\b")
_KEEPS_SCENARIO_SLOT = ("paragraph_open", "inline", "blockquote_close", "html_block")


MAX_NESTING = 40


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    # maxNesting bounds how deep markdown-it descends into lists and quotes (its block
    # parser recurses). At the limit it stops reading the enclosing block, which may be the
    # rest of the file: parse_text detects that and reports it instead of losing notes.
    return MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).use(front_matter_plugin)


def _nesting_overflow(tokens: list[Token]) -> int | None:
    """The line where markdown-it reached its nesting limit, if it did.

    There it stops reading the enclosing block (often the rest of the file), so notes
    after it would silently vanish; the caller reports the file instead.
    """
    deepest = max(tokens, key=lambda token: token.level, default=None)
    if deepest is None or deepest.level < MAX_NESTING - 2:
        return None
    for token in tokens:
        if token.level >= MAX_NESTING - 2 and token.map:
            return token.map[0] + 1
    return 1


@dataclass
class _Item:
    text: str
    line: int
    column: int
    lead_in: TextItem | None = None
    kind: str = "bullet"
    details: list[TextItem] = field(default_factory=list)


@dataclass
class _SectionDraft:
    kind: str
    title: str
    line: int
    level: int
    item_count: int = 0


@dataclass
class _NoteDraft:
    title: str
    level: int
    line: int
    end_line: int
    section: str = "other"
    scenario: TextItem | None = None
    scenario_answer: TextItem | None = None
    facts: list[_Item] = field(default_factory=list)
    questions: list[_Item] = field(default_factory=list)
    answers: list[TextItem] = field(default_factory=list)
    sections: list[_SectionDraft] = field(default_factory=list)

    def open_section(self, kind: str, title: str, line: int, level: int) -> None:
        self.section = kind
        self.sections.append(_SectionDraft(kind, title, line, level))

    def count_item(self) -> None:
        if self.sections and self.sections[-1].kind == self.section:
            self.sections[-1].item_count += 1


class _FileParser:
    def __init__(self, path: str, text: str, schema: NoteSchema) -> None:
        self.path = path
        self.schema = schema
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.notes: list[_NoteDraft] = []
        self.note: _NoteDraft | None = None
        self.first_title_level: int | None = None
        self.after_rule = False
        self.list_depth = 0
        self.item_first_paragraph = False  # next paragraph is the first of a new list item
        self.item: _Item | None = None  # the depth-1 list item being filled
        self.lead_in: TextItem | None = None
        self.lead_in_items = 0
        self.lead_in_spacing = 0
        self.quote_depth = 0
        self.quote_is_scenario = False
        self.scenario_just_closed = False
        self.has_front_matter = False
        self.suppressions = SuppressionCollector(self.lines)

    def column(self, line_index: int) -> int:
        line = self.lines[line_index] if line_index < len(self.lines) else ""
        return len(line) - len(line.lstrip()) + 1

    def parse(self, tokens: list[Token]) -> ParsedFile:
        for index, token in enumerate(tokens):
            self.handle(token, tokens, index)
        self.close_note(len(self.lines))
        return ParsedFile(
            path=self.path,
            notes=tuple(_freeze(self.path, draft) for draft in self.notes),
            line_count=len(self.lines) - (1 if self.lines and self.lines[-1] == "" else 0),
            has_front_matter=self.has_front_matter,
            suppressions=self.suppressions.result(),
        )

    def handle(self, token: Token, tokens: list[Token], index: int) -> None:
        kind = token.type
        if token.block and token.nesting != -1 and kind not in _KEEPS_SCENARIO_SLOT:
            # The scenario answer must be the very next block after the scenario quote.
            self.scenario_just_closed = False
        if kind == "front_matter":
            self.has_front_matter = True
        elif kind == "hr":
            self.after_rule = True
        elif kind == "heading_open":
            self.on_heading(token, tokens[index + 1])
        elif kind in LIST_CLOSE and self.list_depth == 0:
            self.lead_in = None  # a lead-in covers only the list right after it
        elif kind == "list_item_open":
            self.item_first_paragraph = True
            if self.list_depth == 0 and self.lead_in is not None:
                self.check_lead_in_scope(token)
            self.list_depth += 1
        elif kind == "list_item_close":
            self.list_depth -= 1
            if self.list_depth == 0:
                self.flush_item()
        elif kind == "blockquote_open":
            self.on_quote_open()
        elif kind == "blockquote_close":
            self.quote_depth -= 1
            if self.quote_depth == 0 and self.quote_is_scenario:
                self.quote_is_scenario = False
                self.scenario_just_closed = True
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            self.on_paragraph(token, tokens, index)
        elif kind == "html_block":
            self.suppressions.add_block(token.content, token.map)

    def check_lead_in_scope(self, item: Token) -> None:
        """A lead-in covers its list until the spacing between items grows.

        CommonMark joins `- a` / `- b` / blank / `- c` into one list, but a writer who puts
        a tight list under "**S3 can publish to:**" and then, after a blank line, goes on
        with ordinary bullets means the lead-in to stop at the gap.
        """
        start = item.map[0] if item.map else 0
        blank = 0
        while start - blank - 1 >= 0 and not self.lines[start - blank - 1].strip():
            blank += 1
        self.lead_in_items += 1
        if self.lead_in_items == 2:
            self.lead_in_spacing = blank
        elif self.lead_in_items > 2 and blank > self.lead_in_spacing:
            self.lead_in = None

    def on_heading(self, token: Token, inline: Token) -> None:
        line = token.map[0] + 1 if token.map else 1
        text = inline_text(inline)
        level = int(token.tag[1])
        self.suppressions.add_inline(inline, line)
        section = self.schema.section_kind(text)
        if section and self.note is not None:
            self.flush_item()
            self.note.open_section(section, text, line, level)
            self.after_rule = False
            return
        starts_note = (
            self.note is None
            or self.after_rule
            or (self.first_title_level is not None and level <= self.first_title_level)
        )
        self.after_rule = False
        if starts_note:
            self.close_note(line - 1)
            if self.first_title_level is None:
                self.first_title_level = level
            self.note = _NoteDraft(title=text, level=level, line=line, end_line=line)
            self.lead_in = None
        elif self.note is not None:
            self.flush_item()
            self.lead_in = None
            self.note.open_section("other", text, line, level)

    def on_quote_open(self) -> None:
        self.quote_depth += 1
        note = self.note
        if (
            self.quote_depth == 1
            and self.list_depth == 0
            and note is not None
            and note.scenario is None
            and not note.facts
            and note.section == "other"
        ):
            self.quote_is_scenario = True

    def on_paragraph(self, inline: Token, tokens: list[Token], index: int) -> None:
        line_index = inline.map[0] if inline.map else 0
        line = line_index + 1
        self.suppressions.add_inline(inline, line)
        note = self.note
        if note is None:
            return
        note.end_line = max(note.end_line, inline.map[1] if inline.map else line)
        text = inline_text(inline)
        if self.quote_is_scenario:
            previous = note.scenario
            if previous is None:
                note.scenario = TextItem(text=text, line=line, column=self.column(line_index))
            else:
                note.scenario = previous.model_copy(update={"text": f"{previous.text} {text}"})
            return
        if self.list_depth > 0:
            self.on_list_paragraph(text, line, self.column(line_index))
            return
        scenario_answer_slot = self.scenario_just_closed and note.scenario_answer is None
        self.scenario_just_closed = False
        if scenario_answer_slot and is_fully_wrapped(inline, "em"):
            note.scenario_answer = TextItem(text=text, line=line, column=self.column(line_index))
            return
        marker = self.schema.section_kind(text) if len(text) < 40 else None
        if marker:
            self.flush_item()
            note.open_section(marker, text.rstrip(": "), line, 0)
            return
        next_type = _next_block_type(tokens, index + 2)
        if next_type in LIST_OPEN and (is_fully_wrapped(inline, "strong") or text.endswith(":")):
            self.lead_in = TextItem(text=text, line=line, column=self.column(line_index))
            self.lead_in_items = 0
            return
        if note.section in ("other", "notes"):
            self.add_fact(_Item(text, line, self.column(line_index), kind="paragraph"))
        else:  # prose under Questions or Answers: the section is not empty, but not a list
            self.flush_item()
            note.count_item()

    def on_list_paragraph(self, text: str, line: int, column: int) -> None:
        first = self.item_first_paragraph
        self.item_first_paragraph = False
        if self.list_depth == 1:
            if first:
                self.flush_item()
                kind = "lead-in-item" if self.lead_in is not None else "bullet"
                self.item = _Item(text, line, column, lead_in=self.lead_in, kind=kind)
            elif self.item is not None:
                self.item.text = f"{self.item.text} {text}"
        elif self.item is not None:
            if first or not self.item.details:
                self.item.details.append(TextItem(text=text, line=line, column=column))
            else:
                last = self.item.details[-1]
                self.item.details[-1] = last.model_copy(update={"text": f"{last.text} {text}"})

    def flush_item(self) -> None:
        item, self.item = self.item, None
        if item is None or self.note is None:
            return
        note = self.note
        if note.section == "questions":
            note.questions.append(item)
        elif note.section == "answers":
            note.answers.append(TextItem(text=item.text, line=item.line, column=item.column))
        else:
            note.facts.append(item)
        note.count_item()

    def add_fact(self, item: _Item) -> None:
        self.flush_item()
        if self.note is not None:
            self.note.facts.append(item)
            self.note.count_item()

    def close_note(self, last_line: int) -> None:
        self.flush_item()
        if self.note is not None:
            self.note.end_line = max(self.note.line, min(last_line, len(self.lines)))
            self.note.end_line = self._trim_trailing_blank(self.note.end_line)
            self.notes.append(self.note)
        self.note = None

    def _trim_trailing_blank(self, end_line: int) -> int:
        while end_line > 1 and not self.lines[end_line - 1].strip(" \t-"):
            end_line -= 1
        return end_line


def _next_block_type(tokens: list[Token], start: int) -> str:
    """The next block after a paragraph, looking past HTML comments (suppressions)."""
    for token in tokens[start:]:
        if token.type != "html_block":
            return token.type
    return ""


def _freeze(path: str, draft: _NoteDraft) -> Note:
    questions = tuple(_freeze_question(i, item, draft) for i, item in enumerate(draft.questions))
    return Note(
        path=path,
        title=draft.title,
        level=draft.level,
        line=draft.line,
        end_line=max(draft.end_line, draft.line),
        scenario=draft.scenario,
        scenario_answer=draft.scenario_answer,
        facts=tuple(
            Fact(
                text=item.text,
                line=item.line,
                column=item.column,
                kind=item.kind,  # type: ignore[arg-type]
                lead_in=item.lead_in,
                details=tuple(item.details),
            )
            for item in draft.facts
        ),
        questions=questions,
        answers=tuple(draft.answers),
        sections=tuple(
            Section(kind=s.kind, title=s.title, line=s.line, level=s.level, item_count=s.item_count)  # type: ignore[arg-type]
            for s in draft.sections
        ),
    )


def _freeze_question(position: int, item: _Item, draft: _NoteDraft) -> Question:
    text = _OBSIDIAN_BLOCK_ID.sub("", item.text)
    text = _CARD_TAG.sub("", text).strip()
    answer: TextItem | None = None
    if "::" in text:  # Obsidian flashcard: `question:: answer`
        text, _, answer_text = text.partition("::")
        text = text.strip()
        answer = TextItem(text=answer_text.strip(), line=item.line, column=item.column)
    elif position < len(draft.answers):
        answer = draft.answers[position]
    elif item.details:  # flashcard whose sub-bullets are the answer
        joined = " ".join(detail.text for detail in item.details)
        answer = TextItem(text=joined, line=item.details[0].line, column=item.details[0].column)
    return Question(
        text=text,
        line=item.line,
        column=item.column,
        number=position + 1,
        answer=answer,
        details=tuple(item.details),
    )


_CONTAINER_START = re.compile(r"^(?:[ \t]|>|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$))")


def _resume_line(lines: list[str], start: int) -> int:
    """The first line (1-based) after `start` that a blank line and a non-indented,
    non-list, non-quote line show to be outside the block that began there."""
    for index in range(start, len(lines)):
        line = lines[index]
        if line.strip() and not lines[index - 1].strip() and not _CONTAINER_START.match(line):
            return index + 1
    return len(lines) + 1


def parse_text(text: str, path: str, schema: NoteSchema = DEFAULT_SCHEMA) -> ParsedFile:
    """Parse note text (already decoded, BOM removed) into a `ParsedFile`.

    Content nested deeper than markdown-it's limit would make it skip the rest of the
    enclosing block, often the rest of the file. Those lines are blanked out (line numbers
    stay right), the text is parsed again, and what was skipped is recorded, so the notes
    after it are still read and the user is told.
    """
    tokens = markdown_parser().parse(text)
    skipped: list[TextItem] = []
    overflow = _nesting_overflow(tokens)
    if overflow is not None:
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for _ in range(50):
            if overflow is None:
                break
            resume = _resume_line(lines, overflow)
            skipped.append(
                TextItem(
                    text=f"lists or quotes nested more than {MAX_NESTING // 2} levels deep: "
                    f"lines {overflow}-{resume - 1} were not read",
                    line=overflow,
                )
            )
            for index in range(overflow - 1, resume - 1):
                lines[index] = ""
            text = "\n".join(lines)
            tokens = markdown_parser().parse(text)
            overflow = _nesting_overflow(tokens)
    parsed = _FileParser(path, text, schema).parse(tokens)
    return parsed.model_copy(update={"skipped": tuple(skipped)}) if skipped else parsed
