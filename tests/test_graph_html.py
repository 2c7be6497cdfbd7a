"""The graph page as text: deterministic, self-contained, locked down, and XSS-proof.

The browser behaviour is in test_browser_graph.py; these tests need no browser.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kgnotes.graph.html import embed_json, render_graph_html, script_hash

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "graphs" / "services.json"
REPO_ROOT = Path(__file__).resolve().parent.parent

# Every URL in the page, all inside comments or strings of pyvis's vis-network 9.1.2 bundle:
# its license header, core-js's notice, the SVG namespace and an error-message link. None is
# ever fetched; a new one means the bundle or our own files changed and must be looked at.
VIS_BUNDLE_URLS = {
    "https://visjs.github.io/vis-network/",
    "http://almende.com",
    "https://github.com/visjs",
    "http://www.apache.org/licenses/LICENSE-2.0",
    "http://opensource.org/licenses/MIT",
    "https://github.com/zloirock/core-js",
    "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
    "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
    "http://www.w3.org/2000/svg",
}

IMG_PROBE = '<img src=x onerror="window.__xss=1">'
SCRIPT_PROBE = "<script>window.__xss=1</script>"


def services() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def probed_services() -> dict:
    """The fixture with XSS probes in every kind of text the page shows."""
    data = services()
    data["graph"]["title"] = "Graph " + SCRIPT_PROBE
    data["graph"]["categories"]["storage"] = "Storage " + IMG_PROBE
    sqs = next(n for n in data["nodes"] if n["id"] == "sqs")
    sqs["label"] = "SQS " + IMG_PROBE
    sqs["aliases"].append("queue " + SCRIPT_PROBE)
    sqs["notes"][0]["title"] = "Note " + IMG_PROBE
    sqs["sites"][1]["text"] = "Fact " + SCRIPT_PROBE + " and " + IMG_PROBE + " \u2028 end"
    sqs["sites"][1]["path"] = "notes/" + IMG_PROBE + ".md"
    edge = data["edges"][0]
    edge["evidence"][0]["sentence"] = "Evidence " + SCRIPT_PROBE
    edge["evidence"][0]["path"] = "notes/" + SCRIPT_PROBE + ".md"
    return data


def inline_scripts(page: str) -> list[str]:
    """The bodies of the executable <script> elements (not the JSON data block)."""
    return re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)


def data_block(page: str) -> str:
    match = re.search(
        r'<script type="application/json" id="graph-data">(.*?)</script>', page, flags=re.DOTALL
    )
    assert match, "no graph-data block"
    return match.group(1)


def csp(page: str) -> dict[str, list[str]]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert match, "no Content-Security-Policy meta"
    directives = {}
    for part in match.group(1).split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_output_is_deterministic() -> None:
    data = services()
    first = render_graph_html(data)
    assert render_graph_html(copy.deepcopy(data)) == first
    shuffled = copy.deepcopy(data)
    shuffled["nodes"].reverse()
    shuffled["edges"].reverse()
    assert render_graph_html(shuffled) == first, "node and edge order must not matter"
    assert data == services(), "rendering must not change its input"


def test_content_security_policy_allows_exactly_the_inline_scripts() -> None:
    page = render_graph_html(services())
    policy = csp(page)
    scripts = inline_scripts(page)
    assert len(scripts) == 2  # the vis-network bundle and graph.js
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == [script_hash(s) for s in scripts]
    assert policy["connect-src"] == ["'none'"]
    assert policy["img-src"] == ["data:"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert "'unsafe-eval'" not in page.split("</head>")[0]
    # Directives a <meta> policy ignores (and Chromium logs as errors) stay out.
    assert not {"frame-ancestors", "report-uri", "sandbox"} & policy.keys()


def test_nothing_is_loaded_from_outside_the_page() -> None:
    page = render_graph_html(services())
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"@import|@font-face|<link[^>]+stylesheet|<iframe|<object", page, re.I)
    assert re.findall(r"""<link\b[^>]*>""", page) == ['<link rel="icon" href="data:,">']
    urls = set(re.findall(r"""https?://[^\s"'()<>]+""", page))
    assert urls == VIS_BUNDLE_URLS
    vis_bundle = inline_scripts(page)[0]
    assert vis_bundle.startswith("/**\n * vis-network")
    outside_bundle = page.replace(vis_bundle, "")
    assert not re.search(r"https?://", outside_bundle)


@pytest.mark.parametrize("probe", [IMG_PROBE, SCRIPT_PROBE])
def test_xss_probes_never_appear_as_markup(probe: str) -> None:
    page = render_graph_html(probed_services())
    assert probe not in page
    assert probe.lower() not in page.lower()
    assert page.count("</script>") == 3


def test_xss_probe_text_is_only_in_the_data_block_and_the_escaped_title() -> None:
    page = render_graph_html(probed_services())
    escaped_title = "Graph &lt;script&gt;window.__xss=1&lt;/script&gt;"
    assert page.count(escaped_title) == 2  # <title> and <h1>
    rest = page.replace(data_block(page), "").replace(escaped_title, "")
    assert "__xss" not in rest
    assert "__xss" in data_block(page)


def test_data_block_round_trips_with_html_characters_escaped() -> None:
    data = probed_services()
    page = render_graph_html(data)
    block = data_block(page)
    assert not re.search(r"[<>&\u2028\u2029]", block)
    assert "\\u003cimg src=x onerror=" in block
    assert "\\u2028" in block
    parsed = json.loads(block)
    assert parsed["graph"] == data["graph"]
    assert sorted(n["id"] for n in parsed["nodes"]) == sorted(n["id"] for n in data["nodes"])
    sqs = next(n for n in parsed["nodes"] if n["id"] == "sqs")
    assert sqs["label"] == "SQS " + IMG_PROBE
    assert "\u2028" in sqs["sites"][1]["text"]
    # The title shows up in the HTML itself only as escaped text.
    assert "<title>Graph &lt;script&gt;window.__xss=1&lt;/script&gt;</title>" in page


def test_embed_json_escapes_everything_that_could_end_a_script() -> None:
    text = embed_json({"k": "</script><!-- & \u2028\u2029 é"})
    assert text == '{"k":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 \\u00e9"}'
    assert json.loads(text) == {"k": "</script><!-- & \u2028\u2029 é"}


def test_accepts_networkx_links_key_and_empty_graphs() -> None:
    data = services()
    as_links = {**data, "links": data["edges"]}
    del as_links["edges"]
    assert render_graph_html(as_links) == render_graph_html(data)
    empty = render_graph_html({"graph": {}, "nodes": [], "edges": []})
    assert json.loads(data_block(empty)) == {"graph": {}, "nodes": [], "edges": []}
    assert "<title>kgnotes service graph</title>" in empty


def test_importing_the_module_does_not_import_pyvis() -> None:
    # Rendering does not import it either: only pyvis's vis-network files are read, and
    # importing pyvis would cost a third of a second (it imports IPython).
    code = (
        "import sys, kgnotes.graph.html\n"
        "heavy = lambda: sorted(m for m in ('pyvis', 'networkx', 'jinja2') if m in sys.modules)\n"
        "print('import:', *heavy())\n"
        "kgnotes.graph.html.render_graph_html({'nodes': [], 'edges': []})\n"
        "print('render:', *heavy())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == ["import:", "render:"]
