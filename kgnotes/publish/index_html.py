"""index.html: the check summary, links to every output, and the coverage report.

Plain HTML with no script at all; every piece of note text goes through html.escape, and
the Content-Security-Policy forbids scripts and network access.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from kgnotes.coverage_model import CoverageReport
from kgnotes.diagnostics import Diagnostic

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)

_STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0;
  --bad: #cf222e; --good: #1a7f37; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1;
  --line: #3d444d; --bad: #ff7b72; --good: #3fb950; --warn: #d29922; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg);
  margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { margin-top: 0; } a { color: inherit; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 20px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.error { color: var(--bad); } .warning { color: var(--warn); } .ok { color: var(--good); }
code { font-size: 13px; } details { margin: 6px 0; } summary { cursor: pointer; }
nav a { margin-right: 16px; } .muted { color: var(--muted); }
"""


def _diagnostics_table(diagnostics: list[Diagnostic]) -> str:
    if not diagnostics:
        return '<p class="ok">All checks passed.</p>'
    counts = Counter((d.code, d.rule, d.severity) for d in diagnostics)
    rows = "".join(
        f"<tr><td><code>{escape(code)}</code></td><td>{escape(rule)}</td>"
        f'<td class="{severity}">{severity}</td><td class="n">{count}</td></tr>'
        for (code, rule, severity), count in sorted(counts.items())
    )
    findings = "".join(
        f"<tr><td><code>{escape(d.path)}:{d.line}:{d.column}</code></td>"
        f'<td class="{d.severity}"><code>{escape(d.code)}</code> {escape(d.rule)}</td>'
        f"<td>{escape(d.message)}</td></tr>"
        for d in diagnostics
    )
    return (
        f"<table><tr><th>code</th><th>rule</th><th>severity</th><th>findings</th></tr>{rows}</table>"
        f"<details><summary>All {len(diagnostics)} findings</summary>"
        f"<table><tr><th>where</th><th>rule</th><th>message</th></tr>{findings}</table></details>"
    )


def _coverage(report: CoverageReport) -> str:
    t = report.totals
    parts = [
        "<table>",
        f'<tr><td>questions answered</td><td class="n">{t.answered}/{t.questions}</td>'
        f'<td class="n">{t.answered_percent}%</td></tr>',
        f'<tr><td>facts asked about</td><td class="n">{t.facts_asked}/{t.facts}</td>'
        f'<td class="n">{t.facts_asked_percent}%</td></tr>',
        f'<tr><td>duplicate questions / facts</td><td class="n">{t.duplicate_questions} / '
        f"{t.duplicate_facts}</td><td></td></tr>",
        f'<tr><td>services mentioned</td><td class="n">{t.services}</td><td></td></tr>',
        "</table>",
    ]
    for note in report.notes:
        rows = []
        for q in note.question_details:
            if q.answered:
                support = "<br>".join(
                    f"<code>{s.line}</code> {escape(s.text)}" for s in q.supporting
                )
            else:
                missing = ", ".join(q.missing_terms)
                support = '<span class="error">unanswered</span>' + (
                    f' <span class="muted">not in note: {escape(missing)}</span>' if missing else ""
                )
            rows.append(
                f"<tr><td><code>{q.line}</code></td><td>{escape(q.question)}</td>"
                f'<td>{support}</td><td class="n">{q.score:.2f}</td></tr>'
            )
        unasked = "".join(
            f"<li><code>{f.line}</code> {escape(f.text)}</li>" for f in note.unasked_facts
        )
        status = "ok" if note.unanswered == 0 else "error"
        parts.append(
            f'<details><summary><span class="{status}">{note.answered}/{note.questions}</span> '
            f"{escape(note.title)} <code>{escape(note.path)}:{note.line}</code></summary>"
            f"<table><tr><th>line</th><th>question</th><th>answered by</th><th>score</th></tr>"
            f"{''.join(rows)}</table>"
            + (f"<p>Facts no question asks about:</p><ul>{unasked}</ul>" if unasked else "")
            + "</details>"
        )
    return "".join(parts)


def render(
    diagnostics: list[Diagnostic], report: CoverageReport, services: int, relations: int
) -> str:
    t = report.totals
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>kgnotes</title><style>{_STYLE}</style></head><body>"
        "<h1>kgnotes</h1>"
        f'<p class="muted">{t.notes} notes in {t.files} files · {services} services · '
        f"{relations} relations · {errors} errors · {warnings} warnings</p>"
        '<nav><a href="graph.html">Service graph</a><a href="coverage.md">coverage.md</a>'
        '<a href="coverage.json">coverage.json</a><a href="check.json">check.json</a>'
        '<a href="graph.json">graph.json</a><a href="graph.graphml">graph.graphml</a></nav>'
        f"<h2>Checks</h2>{_diagnostics_table(diagnostics)}"
        f"<h2>Coverage</h2>{_coverage(report)}"
        "</body></html>\n"
    )
