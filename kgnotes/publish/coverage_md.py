"""coverage.md: the coverage report as GitHub-flavoured Markdown.

Note text is escaped for Markdown tables and for HTML (GitHub renders inline HTML), so a
`<script>` written in a note shows as text.
"""

from __future__ import annotations

from kgnotes.coverage_model import CoverageReport, NoteCoverage


def md(text: str) -> str:
    escaped = (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("`", "\\`")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )
    return " ".join(escaped.split())


def _note_section(note: NoteCoverage) -> list[str]:
    lines = [
        f"### {md(note.title)}",
        "",
        f"`{md(note.path)}:{note.line}` · {note.answered}/{note.questions} questions answered "
        f"({note.answered_percent}%) · {note.facts_asked}/{note.facts} facts asked about "
        f"({note.facts_asked_percent}%)"
        + (f" · services: {md(', '.join(note.services))}" if note.services else ""),
        "",
    ]
    if note.question_details:
        lines += ["| line | question | answered by | score |", "|---:|---|---|---:|"]
        for q in note.question_details:
            if q.answered:
                support = "<br>".join(f"{s.line}: {md(s.text)}" for s in q.supporting)
            else:
                missing = (
                    f" (not in note: {md(', '.join(q.missing_terms))})" if q.missing_terms else ""
                )
                support = f"**unanswered**{missing}"
            lines.append(f"| {q.line} | {md(q.question)} | {support} | {q.score:.2f} |")
        lines.append("")
    if note.unasked_facts:
        lines.append("Facts no question asks about:")
        lines.append("")
        lines += [f"- {fact.line}: {md(fact.text)}" for fact in note.unasked_facts]
        lines.append("")
    if note.duplicates:
        lines.append("Duplicates:")
        lines.append("")
        lines += [
            f"- {d.line}: {d.kind} repeats {md(d.first)} (similarity {d.similarity:.2f})"
            for d in note.duplicates
        ]
        lines.append("")
    return lines


def render(report: CoverageReport) -> str:
    t = report.totals
    lines = [
        "# Coverage",
        "",
        "| | count | % |",
        "|---|---:|---:|",
        f"| notes | {t.notes} | |",
        f"| questions | {t.questions} | |",
        f"| answered | {t.answered} | {t.answered_percent} |",
        f"| unanswered | {t.unanswered} | |",
        f"| facts | {t.facts} | |",
        f"| facts asked about | {t.facts_asked} | {t.facts_asked_percent} |",
        f"| facts no question asks about | {t.facts_unasked} | |",
        f"| duplicate questions | {t.duplicate_questions} | |",
        f"| duplicate facts | {t.duplicate_facts} | |",
        f"| services mentioned | {t.services} | |",
        "",
        f"A question is answered when a fact of its note scores at least {report.threshold:.2f} "
        "(see `kgnotes explain-question FILE:LINE`).",
        "",
        "## Notes",
        "",
        "| note | questions | answered | facts asked about |",
        "|---|---:|---:|---:|",
    ]
    for note in report.notes:
        lines.append(
            f"| {md(note.title)} (`{md(note.path)}:{note.line}`) | {note.questions} | "
            f"{note.answered} ({note.answered_percent}%) | {note.facts_asked}/{note.facts} "
            f"({note.facts_asked_percent}%) |"
        )
    lines += ["", "## Details", ""]
    for note in report.notes:
        lines += _note_section(note)
    return "\n".join(lines).rstrip() + "\n"
