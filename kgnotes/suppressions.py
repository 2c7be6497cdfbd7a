"""Inline suppressions written as HTML comments, which do not render on GitHub.

    <!-- kgnotes: disable-next-line unanswered-question -->
    <!-- kgnotes: disable-file duplicate-fact, KGN202 -->
    - A fact <!-- kgnotes: disable-line duplicate-fact -->

Without rule names, the comment silences every rule for that line (or file).
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from kgnotes.models import Suppressions

_DIRECTIVE = re.compile(
    r"<!--\s*kgnotes:\s*(disable-next-line|disable-line|disable-file)\b([^>]{0,500}?)-->"
)


def _rule_list(raw: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", raw.strip()) if part)


class SuppressionCollector:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.file_rules: list[str] = []
        self.by_line: list[tuple[int, tuple[str, ...]]] = []

    def _next_content_line(self, after: int) -> int:
        line = after + 1
        while line <= len(self.lines) and not self.lines[line - 1].strip():
            line += 1
        return line

    def _apply(self, content: str, comment_line: int, end_line: int) -> None:
        if "kgnotes" not in content:
            return
        for match in _DIRECTIVE.finditer(content):
            action, rules = match.group(1), _rule_list(match.group(2))
            if action == "disable-file":
                self.file_rules.extend(rules or ("all",))
            elif action == "disable-line":
                self.by_line.append((comment_line, rules))
            else:
                self.by_line.append((self._next_content_line(end_line), rules))

    def add_block(self, content: str, line_map: list[int] | None) -> None:
        start, end = (line_map or [0, 1])[:2]
        self._apply(content, start + 1, end)

    def add_inline(self, inline: Token, line: int) -> None:
        for child in inline.children or ():
            if child.type == "html_inline":
                self._apply(child.content, line, line)

    def result(self) -> Suppressions:
        return Suppressions(file_rules=tuple(self.file_rules), next_line_rules=tuple(self.by_line))
