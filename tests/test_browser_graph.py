"""The graph page in a real browser: Debian's chromium driven by Playwright's pip package.

Each page is written to tmp_path and opened from file:// with every request other than the
page itself aborted and counted; console errors and uncaught exceptions fail the test.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kgnotes.graph.html import render_graph_html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 860}
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "graphs" / "services.json"
IMG_PROBE = '<img src=x onerror="window.__xss=1">'
SCRIPT_PROBE = "<script>window.__xss=1</script>"

CATEGORIES = [
    "storage", "compute", "containers", "database", "networking-content-delivery",
    "application-integration", "analytics", "security-identity-compliance",
    "management-governance", "developer-tools", "machine-learning", "migration-transfer",
    "cost-management", "end-user-computing", "iot", "media", "other",
]  # fmt: skip
RELATIONS = [
    ("triggers", True), ("publishes-to", True), ("subscribes-to", True), ("stores-in", True),
    ("runs-on", True), ("builds-on", True), ("compared-with", False),
    ("integrates-with", False), ("mentioned-with", False),
]  # fmt: skip


def services() -> dict[str, Any]:
    """SQS, SNS, S3, Lambda, DynamoDB Streams, EFS, EBS, EC2 and an isolated Route 53."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def probed_services() -> dict[str, Any]:
    data = services()
    data["graph"]["title"] = "Graph " + SCRIPT_PROBE
    data["graph"]["categories"]["storage"] = "Storage " + IMG_PROBE
    sqs = next(n for n in data["nodes"] if n["id"] == "sqs")
    sqs["label"] = "SQS " + IMG_PROBE
    sqs["aliases"].append("queue " + SCRIPT_PROBE)
    sqs["notes"][0]["title"] = "Note " + IMG_PROBE
    sqs["sites"][1]["text"] = "Fact " + SCRIPT_PROBE + " and " + IMG_PROBE
    sqs["sites"][1]["path"] = "notes/" + IMG_PROBE + ".md"
    edge = next(e for e in data["edges"] if (e["source"], e["target"]) == ("s3", "sns"))
    edge["evidence"][0]["sentence"] = "Evidence " + SCRIPT_PROBE
    edge["evidence"][0]["path"] = "notes/" + IMG_PROBE + ".md"
    return data


def synthetic(nodes: int = 500, edges: int = 1200, seed: int = 0) -> dict[str, Any]:
    """A larger graph than any study notes will give: mostly local links, some long ones."""
    rng = random.Random(seed)
    node_list = [
        {
            "id": f"svc-{i:03d}",
            "label": f"Service {i}",
            "category": CATEGORIES[i % len(CATEGORIES)],
            "aliases": [f"Service {i}", f"S{i}"],
            "mentions": rng.randint(1, 40),
            "part_of": None,
            "renamed_to": None,
            "notes": [{"path": f"notes/n{i % 60}.md", "line": 1, "title": f"Note {i % 60}"}],
            "sites": [
                {
                    "path": f"notes/n{i % 60}.md",
                    "line": 3 + i % 20,
                    "kind": "fact",
                    "text": f"Service {i} does something useful.",
                    "note": f"Note {i % 60}",
                }
            ],
        }
        for i in range(nodes)
    ]
    seen: set[tuple[int, int, str]] = set()
    edge_list = []
    while len(edge_list) < edges:
        a = rng.randrange(nodes)
        b = (a + rng.randint(-25, 25)) % nodes if rng.random() < 0.8 else rng.randrange(nodes)
        relation, directed = rng.choice(RELATIONS)
        if a == b or (a, b, relation) in seen:
            continue
        seen.add((a, b, relation))
        edge_list.append(
            {
                "source": f"svc-{a:03d}",
                "target": f"svc-{b:03d}",
                "key": relation,
                "relation": relation,
                "directed": directed,
                "weight": 1,
                "evidence": [
                    {"path": "notes/x.md", "line": a + 1, "note": "X", "sentence": f"{a} {b}"}
                ],
            }
        )
    graph = {"title": "synthetic", "notes": 60, "categories": {c: c.title() for c in CATEGORIES}}
    return {
        "directed": True,
        "multigraph": True,
        "graph": graph,
        "nodes": node_list,
        "edges": edge_list,
    }


@dataclass
class GraphPage:
    """One opened page plus everything it tried to fetch or complain about."""

    page: Any
    url: str
    requests: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def panel_text(self) -> str:
        return self.js("window.kgnotes.selectedPanelText()")

    def selected_nodes(self) -> list[str]:
        return self.js("window.kgnotes.network.getSelectedNodes()")

    def visible_nodes(self) -> set[str]:
        return set(self.js("window.kgnotes.visibleNodeIds()"))

    def visible_edges(self) -> set[str]:
        return set(self.js("window.kgnotes.visibleEdgeIds()"))

    def node_point(self, node_id: str) -> tuple[float, float]:
        point = self.js(
            """(id) => {
                const net = window.kgnotes.network;
                const dom = net.canvasToDOM(net.getPositions([id])[id]);
                const box = document.querySelector("#graph canvas").getBoundingClientRect();
                return [box.left + dom.x, box.top + dom.y];
            }""",
            node_id,
        )
        return point[0], point[1]

    def click_node(self, node_id: str) -> None:
        self.page.mouse.click(*self.node_point(node_id))

    def edge_id(self, source: str, target: str, relation: str) -> str:
        return self.js(
            """([f, t, r]) => window.kgnotes.edges.get({
                filter: (e) => e.from === f && e.to === t && e.label === r,
            })[0].id""",
            [source, target, relation],
        )

    def click_edge(self, edge_id: str) -> None:
        """Click a point on a straight edge that vis reports as that edge and no node."""
        point = self.js(
            """(id) => {
                const net = window.kgnotes.network;
                const edge = window.kgnotes.edges.get(id);
                const pos = net.getPositions([edge.from, edge.to]);
                const box = document.querySelector("#graph canvas").getBoundingClientRect();
                for (const t of [0.5, 0.4, 0.6, 0.3, 0.7, 0.35, 0.65]) {
                    const dom = net.canvasToDOM({
                        x: pos[edge.from].x + t * (pos[edge.to].x - pos[edge.from].x),
                        y: pos[edge.from].y + t * (pos[edge.to].y - pos[edge.from].y),
                    });
                    if (net.getEdgeAt(dom) === id && net.getNodeAt(dom) === undefined) {
                        return [box.left + dom.x, box.top + dom.y];
                    }
                }
                return null;
            }""",
            edge_id,
        )
        assert point, f"no clickable point on edge {edge_id}"
        self.page.mouse.click(*point)

    def assert_clean(self) -> None:
        assert self.aborted == [], "the page tried to fetch something"
        assert self.requests == [self.url]
        assert self.errors == []


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run the browser tests")  # never a silent green
        pytest.skip(message + "; browser tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright pip package missing")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_graph(browser: Any, tmp_path: Path) -> Iterator[Callable[..., GraphPage]]:
    contexts = []

    def open_page(
        data: dict[str, Any], name: str = "graph.html", color_scheme: str = "light"
    ) -> GraphPage:
        path = tmp_path / name
        path.write_text(render_graph_html(data), encoding="utf-8")
        context = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        graph = GraphPage(page=page, url=path.as_uri())

        def route(route: Any) -> None:
            if route.request.url == graph.url:
                route.continue_()
            else:
                graph.aborted.append(route.request.url)
                route.abort()

        def console(message: Any) -> None:
            if message.type == "error":
                graph.errors.append(f"console: {message.text}")

        page.route("**/*", route)
        page.on("request", lambda request: graph.requests.append(request.url))
        page.on("console", console)
        page.on("pageerror", lambda error: graph.errors.append(f"pageerror: {error}"))
        page.goto(graph.url)
        page.wait_for_function("() => document.body.dataset.ready === 'true'", timeout=10_000)
        return graph

    yield open_page
    for context in contexts:
        context.close()


def save_screenshot(graph: GraphPage, path: Path, copy_to: str) -> None:
    graph.page.screenshot(path=str(path))
    shutil.copyfile(path, copy_to)


def test_small_graph_is_drawn_offline(open_graph: Callable[..., GraphPage]) -> None:
    graph = open_graph(services())
    assert graph.js("window.kgnotes.ready") is True
    assert graph.js("window.kgnotes.nodes.length") == 9
    assert graph.js("window.kgnotes.edges.length") == 8
    width, height = graph.js(
        """() => { const c = document.querySelector("#graph canvas");
                   return [c.getBoundingClientRect().width, c.getBoundingClientRect().height]; }"""
    )
    assert width > 600 and height > 500
    assert graph.page.inner_text("#title") == "kgnotes service graph"
    assert graph.page.inner_text("#counts") == "9 services · 8 relations · 4 notes"
    assert graph.page.locator("#legend .chip").count() == 5
    assert graph.page.locator("#relations input[type=checkbox]").count() == 5
    graph.assert_clean()


def test_search_selects_and_focuses_a_service(open_graph: Callable[..., GraphPage]) -> None:
    graph = open_graph(services())
    search = graph.page.locator("#search")
    search.press_sequentially("SQS")
    assert graph.selected_nodes() == ["sqs"]
    assert graph.panel_text().startswith("SQS")
    # The view moved to the node: it is now at the centre of the canvas.
    graph.page.wait_for_timeout(450)
    x, y = graph.node_point("sqs")
    box = graph.page.locator("#graph canvas").bounding_box()
    assert abs(x - (box["x"] + box["width"] / 2)) < 5
    assert abs(y - (box["y"] + box["height"] / 2)) < 5
    for query, expected in [
        ("simple notification", "sns"),
        ("ebs", "ebs"),
        ("dynamodb st", "dynamodb-streams"),
    ]:
        search.fill("")
        search.press_sequentially(query)
        assert graph.selected_nodes() == [expected], query
    search.fill("no-such-service")
    assert graph.page.inner_text("#search-status") == "no match"
    graph.assert_clean()


def test_clicking_a_node_lists_its_notes_facts_and_questions(
    open_graph: Callable[..., GraphPage], tmp_path: Path
) -> None:
    graph = open_graph(services())
    graph.click_node("sqs")
    assert graph.selected_nodes() == ["sqs"]
    text = graph.panel_text()
    assert "Amazon SQS keeps a message for up to 14 days" in text
    assert "notes/sns-sqs.md:14" in text
    assert "How long does SQS keep a message by default?" in text
    assert "notes/sns-sqs.md:22" in text
    assert "notes/lambda.md:18" in text
    save_screenshot(graph, tmp_path / "graph.png", "/tmp/kgnotes-graph.png")
    graph.assert_clean()


def test_clicking_an_edge_shows_its_evidence(open_graph: Callable[..., GraphPage]) -> None:
    graph = open_graph(services())
    graph.click_edge(graph.edge_id("s3", "sns", "publishes-to"))
    text = graph.panel_text()
    assert text.startswith("S3 → SNS")
    assert "Allow Amazon S3 to publish notifications to SNS" in text
    assert "notes/sns-sqs.md:7" in text
    assert "notes/storage.md:33" in text
    graph.click_edge(graph.edge_id("efs", "ebs", "compared-with"))
    assert graph.panel_text().startswith("EFS — EBS")
    assert "notes/storage.md:8" in graph.panel_text()
    graph.assert_clean()


def test_relation_and_category_toggles_hide_edges_and_nodes(
    open_graph: Callable[..., GraphPage],
) -> None:
    graph = open_graph(services())
    publishes = {
        graph.edge_id("s3", "sns", "publishes-to"),
        graph.edge_id("sns", "sqs", "publishes-to"),
    }
    assert len(graph.visible_edges()) == 8
    graph.page.uncheck('#relations input[data-relation="publishes-to"]')
    assert graph.visible_edges().isdisjoint(publishes)
    assert len(graph.visible_edges()) == 6
    graph.page.check('#relations input[data-relation="publishes-to"]')
    assert len(graph.visible_edges()) == 8

    graph.page.click('#legend .chip[data-category="storage"]')
    assert graph.visible_nodes().isdisjoint({"s3", "efs", "ebs"})
    assert len(graph.visible_nodes()) == 6
    assert len(graph.visible_edges()) == 3  # sns→sqs, sqs→lambda, dynamodb-streams→lambda
    graph.page.click('#legend .chip[data-category="storage"]')
    assert len(graph.visible_nodes()) == 9
    graph.assert_clean()


def test_edges_are_labelled_by_relation_and_styled_by_direction(
    open_graph: Callable[..., GraphPage],
) -> None:
    graph = open_graph(services())
    edges = graph.js("window.kgnotes.edges.get()")
    relation = {(e["source"], e["target"]): e["relation"] for e in services()["edges"]}
    assert {(e["from"], e["to"]): e["label"] for e in edges} == relation
    by_label = {e["label"]: e for e in edges}
    assert by_label["publishes-to"]["arrows"]["to"]["enabled"] is True
    assert by_label["publishes-to"]["dashes"] is False
    assert by_label["compared-with"]["arrows"]["to"]["enabled"] is False
    assert by_label["compared-with"]["dashes"]
    # mentioned-with labels are drawn only while the edge touches the selection.
    quiet = graph.edge_id("lambda", "s3", "mentioned-with")
    font_size = "(id) => window.kgnotes.edges.get(id).font.size"
    assert graph.js(font_size, quiet) == 0
    graph.click_node("lambda")
    assert graph.js(font_size, quiet) > 0
    graph.click_node("efs")
    assert graph.js(font_size, quiet) == 0
    graph.assert_clean()


def test_neighbourhood_view_and_hiding_isolated_nodes(open_graph: Callable[..., GraphPage]) -> None:
    graph = open_graph(services())
    graph.page.check("#hide-isolated")
    assert "route-53" not in graph.visible_nodes()
    assert len(graph.visible_nodes()) == 8
    graph.page.uncheck("#hide-isolated")
    graph.js("window.kgnotes.selectNode('sqs')")
    graph.page.select_option("#hops", "1")
    assert graph.visible_nodes() == {"sqs", "sns", "lambda"}
    graph.page.select_option("#hops", "2")
    assert graph.visible_nodes() == {"sqs", "sns", "lambda", "s3", "dynamodb-streams"}
    graph.page.select_option("#hops", "all")
    assert len(graph.visible_nodes()) == 9
    graph.assert_clean()


def test_layout_is_seeded_and_still_until_physics_is_switched_on(
    open_graph: Callable[..., GraphPage],
) -> None:
    positions = "() => JSON.stringify(window.kgnotes.network.getPositions())"
    first = open_graph(services(), name="first.html")
    second = open_graph(services(), name="second.html")
    layout = first.js(positions)
    assert second.js(positions) == layout, "same data, same layout"
    first.page.wait_for_timeout(300)
    assert first.js(positions) == layout, "the layout moved after stabilising"
    assert first.js("window.kgnotes.network.physics.options.enabled") is False
    first.page.check("#physics")
    assert first.js("window.kgnotes.network.physics.options.enabled") is True
    first.page.uncheck("#physics")
    assert first.js("window.kgnotes.network.physics.options.enabled") is False
    first.assert_clean()
    second.assert_clean()


def test_xss_probes_are_shown_as_text_and_never_run(
    open_graph: Callable[..., GraphPage],
) -> None:
    graph = open_graph(probed_services())
    assert graph.page.inner_text("#title") == "Graph " + SCRIPT_PROBE
    assert ("Storage " + IMG_PROBE) in graph.page.inner_text("#legend")

    graph.page.locator("#search").press_sequentially("queue <script>")
    assert graph.selected_nodes() == ["sqs"]
    text = graph.panel_text()
    assert text.startswith("SQS " + IMG_PROBE)
    assert "queue " + SCRIPT_PROBE in text
    assert "Fact " + SCRIPT_PROBE + " and " + IMG_PROBE in text
    assert "notes/" + IMG_PROBE + ".md:14" in text
    assert "Note " + IMG_PROBE in text

    graph.page.locator("#search").fill("")
    graph.click_edge(graph.edge_id("s3", "sns", "publishes-to"))
    text = graph.panel_text()
    assert "Evidence " + SCRIPT_PROBE in text
    assert "notes/" + IMG_PROBE + ".md:7" in text

    # vis-network tooltips get DOM nodes built from text, never HTML strings.
    graph.page.mouse.move(*graph.node_point("sqs"))
    tooltip = graph.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=3000)
    assert tooltip.inner_text().startswith("SQS " + IMG_PROBE)

    assert graph.js("typeof window.__xss") == "undefined"
    assert graph.js("document.querySelectorAll('img').length") == 0
    assert graph.js("document.scripts.length") == 3
    graph.assert_clean()


def test_500_services_become_ready_within_5_seconds(
    open_graph: Callable[..., GraphPage], tmp_path: Path
) -> None:
    started = time.monotonic()
    graph = open_graph(synthetic(), name="big.html")
    elapsed = time.monotonic() - started
    assert elapsed < 5.0, f"ready after {elapsed:.1f} s"
    assert graph.js("window.kgnotes.readyMs") < 5000
    assert graph.js("window.kgnotes.nodes.length") == 500
    assert graph.js("window.kgnotes.edges.length") == 1200
    graph.page.locator("#search").press_sequentially("Service 250")
    assert graph.selected_nodes() == ["svc-250"]
    save_screenshot(graph, tmp_path / "graph-500.png", "/tmp/kgnotes-graph-500.png")
    graph.assert_clean()


def test_dark_mode_is_readable(open_graph: Callable[..., GraphPage], tmp_path: Path) -> None:
    graph = open_graph(services(), color_scheme="dark")
    graph.js("window.kgnotes.selectNode('lambda')")

    def luminance(css_color: str) -> float:
        red, green, blue = (int(v) for v in css_color[css_color.index("(") + 1 : -1].split(",")[:3])
        return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255

    background = graph.js("getComputedStyle(document.body).backgroundColor")
    text = graph.js("getComputedStyle(document.querySelector('#panel h2')).color")
    assert luminance(background) < 0.2 < 0.7 < luminance(text)
    save_screenshot(graph, tmp_path / "graph-dark.png", "/tmp/kgnotes-graph-dark.png")
    graph.assert_clean()
