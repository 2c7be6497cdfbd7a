"""Plain text of a markdown-it inline token: what a reader sees, without Markdown marks.

Emphasis markers go, code spans and link texts stay, HTML stays as literal text (so a
`<script>` in a note is shown, not run, wherever the text ends up). Obsidian wikilinks
(`[[EC2#Auto Scaling|ASG]]`) are reduced to the text they show.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

_WIKILINK = re.compile(r"\[\[([^\[\]|]{1,200})(?:\|([^\[\]]{1,200}))?\]\]")


def _wikilink_text(match: re.Match[str]) -> str:
    return match.group(2) or match.group(1).replace("#", " ")


def inline_text(inline: Token) -> str:
    parts: list[str] = []
    for child in inline.children or ():
        kind = child.type
        if kind in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "image":
            parts.append(child.content)
    text = "".join(parts)
    if "[[" in text:
        text = _WIKILINK.sub(_wikilink_text, text)
    return " ".join(text.split())


def is_fully_wrapped(inline: Token, mark: str) -> bool:
    """True when one `em` (or `strong`) span covers all the inline's visible text."""
    children = [
        child
        for child in inline.children or ()
        if not (child.type == "text" and not child.content.strip())
    ]
    if len(children) < 3 or children[0].type != f"{mark}_open":
        return False
    depth = 0
    for position, child in enumerate(children):
        if child.type == f"{mark}_open":
            depth += 1
        elif child.type == f"{mark}_close":
            depth -= 1
            if depth == 0:
                return position == len(children) - 1
    return False
