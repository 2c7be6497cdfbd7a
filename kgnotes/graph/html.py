"""One self-contained, offline HTML page for the service graph.

`render_graph_html(data)` takes the node-link dict that `graph/export.py` produces and returns
the page as a string. Everything the page needs is inlined: the vis-network bundle that pyvis
ships (read from pyvis's package folder when the first page is rendered; pyvis itself is
never imported), our own template, stylesheet and script from `kgnotes/graph/page/`, and the
graph itself as a JSON data block. No request leaves the page; a Content-Security-Policy with
the sha256 of each inline script enforces that, so opening the file from `file://` offline
works.

Note text is never written into the HTML as markup: the data block escapes `<`, `>` and `&`
(and every non-ASCII character) so nothing in a note can close the `<script>` element, and the
page script only ever puts data into the DOM as text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.util
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

VIS_DIR = "templates/lib/vis-9.1.2"
PAGE_FILES = ("graph.html", "graph.css", "graph.js")
# The only characters that could end or confuse the data block inside HTML; json.dumps with
# ensure_ascii already turns U+2028/U+2029 and every other non-ASCII character into \uXXXX.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_PLACEHOLDER = re.compile(r"<!--kg:([a-z-]+)-->")


def render_graph_html(data: dict[str, Any]) -> str:
    """Return the interactive page for a node-link graph dict; same input, same bytes."""
    assets = _assets()
    payload = _page_data(data)
    title = str(payload["graph"].get("title") or "kgnotes service graph")
    scripts = (assets["vis-network.min.js"], assets["graph.js"])
    values = {
        "csp": _attribute(_content_security_policy(scripts)),
        "title": html.escape(title),
        "vis-css": assets["vis-network.css"],
        "page-css": assets["graph.css"],
        "data": embed_json(payload),
        "vis-js": scripts[0],
        "page-js": scripts[1],
    }
    # One pass, so text inside an inserted asset is never taken for a placeholder.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], assets["graph.html"])


def embed_json(value: Any) -> str:
    """JSON that is safe between `<script type="application/json">` and `</script>`."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return re.sub("[<>&]", lambda m: _JSON_ESCAPES[m.group(0)], text)


def _attribute(value: str) -> str:
    """Escape for a double-quoted attribute, leaving single quotes readable."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def script_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _content_security_policy(scripts: tuple[str, ...]) -> str:
    # vis-network draws on a canvas and sets element styles, so it needs inline styles (the
    # stylesheets are inline too) and data: images (its CSS icons); nothing is fetched.
    directives = [
        "default-src 'none'",
        "script-src " + " ".join(script_hash(s) for s in scripts),
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src 'none'",
        "connect-src 'none'",
        "media-src 'none'",
        "object-src 'none'",
        "frame-src 'none'",
        "worker-src 'none'",
        "manifest-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(directives)


def _page_data(data: dict[str, Any]) -> dict[str, Any]:
    """The parts of the node-link dict the page uses, in a stable order.

    Nodes are sorted by id and edges by (source, target, key), so the seeded layout does
    not depend on the order the extractor happened to produce. networkx's older `links`
    key is accepted as well as `edges`.
    """
    graph = dict(data.get("graph") or {})
    nodes = sorted(data.get("nodes") or [], key=lambda n: str(n.get("id")))
    edges = data.get("edges")
    if edges is None:
        edges = data.get("links") or []
    edges = sorted(
        edges,
        key=lambda e: (str(e.get("source")), str(e.get("target")), str(e.get("key", ""))),
    )
    return {"graph": graph, "nodes": nodes, "edges": edges}


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    """Read the vis-network bundle and our page files once per process."""
    vis = _pyvis_dir().joinpath(*VIS_DIR.split("/"))
    page = resources.files(__package__).joinpath("page")
    texts = {
        "vis-network.min.js": vis.joinpath("vis-network.min.js").read_text(encoding="utf-8"),
        "vis-network.css": vis.joinpath("vis-network.css").read_text(encoding="utf-8"),
    }
    for name in PAGE_FILES:
        texts[name] = page.joinpath(name).read_text(encoding="utf-8")
    for name, text in texts.items():
        if name.endswith((".js", ".css")) and re.search(r"</(script|style)|<!--", text, re.I):
            raise ValueError(
                f"{name} cannot be inlined: it contains '</script', '</style' or '<!--'"
            )
    return texts


def _pyvis_dir() -> Path:
    """pyvis's package folder, found without importing pyvis.

    Importing pyvis would pull in networkx, jinja2 and IPython (a third of a second) only to
    learn a path, so the import system is asked where the package lives instead.
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pyvis is not installed; the graph page uses its vis-network bundle")
    return Path(next(iter(spec.submodule_search_locations)))
