"""One module per output format; each turns sorted diagnostics into a string."""

from __future__ import annotations

from kgnotes.report import github, json_format, sarif, text

FORMATS = {
    "text": text.render,
    "json": json_format.render,
    "github": github.render,
    "sarif": sarif.render,
}
