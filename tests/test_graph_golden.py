"""Golden test: the service graph of the repository's own notes/ (present in every clone).

The graph is built by the real CLI (`kgnotes graph notes --json --graphml`) from the
repository root; outputs go to a temporary folder, nothing in the repository is written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kgnotes.catalog.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent
NOTES = REPO / "notes"

pytestmark = pytest.mark.skipif(not NOTES.is_dir(), reason="needs the repository's notes/")

# (source, target, relation); relation None: any relation. Undirected relations are stored
# with the smaller id first, so both orders are looked up for them.
EXPECTED_EDGES = [
    ("efs", "ebs", "compared-with"),
    ("efs", "fsx-windows", "compared-with"),
    ("s3", "sns", "publishes-to"),
    ("sns", "sqs", "publishes-to"),
    ("s3", "sqs", "publishes-to"),
    ("dynamodb-streams", "lambda", "triggers"),
    ("lambda-edge", "cloudfront", "runs-on"),
    ("cloudwatch-events", "ecs", "triggers"),
    ("aurora", "lambda", "triggers"),
    ("lambda", "sqs", "publishes-to"),
    ("ecs", "parameter-store", None),
    ("ecs", "secrets-manager", None),
    ("eventbridge", "cloudwatch-events", "builds-on"),
]
NEVER_NODES = ["Redis", "MySQL", "Active Directory", "Docker", "Availability Zone"]


def _graph_files(out: Path, env: dict[str, str] | None = None) -> tuple[str, str]:
    """graph.json and graph.graphml of notes/, built by the CLI in a subprocess."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kgnotes",
            "graph",
            "notes",
            "--json",
            str(out / "graph.json"),
            "--graphml",
            str(out / "graph.graphml"),
        ],
        cwd=REPO,
        env={**os.environ, **(env or {}), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    return (
        (out / "graph.json").read_text(encoding="utf-8"),
        (out / "graph.graphml").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def graph_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    return _graph_files(tmp_path_factory.mktemp("golden") / "first")


@pytest.fixture(scope="module")
def graph(graph_files: tuple[str, str]) -> dict:
    return json.loads(graph_files[0])


def _find_edges(graph: dict, source: str, target: str, relation: str | None) -> list[dict]:
    found = []
    for edge in graph["edges"]:
        if relation is not None and edge["relation"] != relation:
            continue
        pair = (edge["source"], edge["target"])
        either_way = relation is None or not edge["directed"]
        if pair == (source, target) or (either_way and pair == (target, source)):
            found.append(edge)
    return found


def _names_both(evidence: dict, source: str, target: str, titles: dict[str, str]) -> bool:
    """The evidence sentence names both services, or is the note's title, or names one of
    them in a note whose title names the other (the title is the sentence's subject)."""
    catalog = load_catalog()
    named = {mention.service_id for mention in catalog.link(evidence["sentence"])}
    title = titles[evidence["path"]]
    in_title = {mention.service_id for mention in catalog.link(title, title=True)}
    if {source, target} <= named:
        return True
    if evidence["sentence"] == title:
        return {source, target} <= in_title
    return {source, target} <= named | in_title


@pytest.mark.parametrize(
    ("source", "target", "relation"),
    EXPECTED_EDGES,
    ids=[f"{s}-{r or 'any'}-{t}" for s, t, r in EXPECTED_EDGES],
)
def test_expected_edge_with_evidence(graph: dict, source: str, target: str, relation) -> None:
    found = _find_edges(graph, source, target, relation)
    assert found, f"no {relation or 'relation'} between {source} and {target}"
    titles = {
        note["path"]: note["title"] for node in graph["nodes"] for note in node.get("notes", [])
    }
    evidence = [item for edge in found for item in edge["evidence"]]
    assert evidence
    for item in evidence:
        assert item["path"].startswith("notes/") and item["path"].endswith(".md")
        assert (REPO / item["path"]).is_file()
        assert isinstance(item["line"], int) and item["line"] >= 1
        lines = (REPO / item["path"]).read_text(encoding="utf-8").splitlines()
        assert item["line"] <= len(lines)
    assert any(_names_both(item, source, target, titles) for item in evidence), evidence


def test_every_node_is_a_catalog_service(graph: dict) -> None:
    services = load_catalog().services
    node_ids = [node["id"] for node in graph["nodes"]]
    assert node_ids
    assert [node_id for node_id in node_ids if node_id not in services] == []
    for node in graph["nodes"]:
        assert node["label"] == services[node["id"]].name
        assert node["category"] == services[node["id"]].category


def test_places_engines_and_tools_are_not_nodes(graph: dict) -> None:
    names = {node["id"].lower() for node in graph["nodes"]} | {
        node["label"].lower() for node in graph["nodes"]
    }
    for never in NEVER_NODES:
        assert never.lower() not in names
        assert never.lower().replace(" ", "-") not in names


def test_node_link_json_shape(graph: dict) -> None:
    assert graph["nodes"] and graph["edges"]
    for node in graph["nodes"]:
        assert {"id", "label", "category", "aliases", "mentions", "notes"} <= set(node)
        assert isinstance(node["aliases"], list)
        assert isinstance(node["mentions"], int) and node["mentions"] >= 1
        assert node["notes"] and all({"path", "line", "title"} <= set(n) for n in node["notes"])
    for edge in graph["edges"]:
        assert {"source", "target", "relation", "weight", "evidence"} <= set(edge)
        assert edge["weight"] == len(edge["evidence"]) >= 1
        assert all({"path", "line", "sentence"} <= set(e) for e in edge["evidence"])
    node_ids = {node["id"] for node in graph["nodes"]}
    assert {e["source"] for e in graph["edges"]} | {e["target"] for e in graph["edges"]} <= node_ids
    assert [n["id"] for n in graph["nodes"]] == sorted(n["id"] for n in graph["nodes"])


def test_graphml_round_trips_through_networkx(graph_files: tuple[str, str], tmp_path) -> None:
    data, graphml = graph_files
    path = tmp_path / "graph.graphml"
    path.write_text(graphml, encoding="utf-8")
    read = nx.read_graphml(path)
    node_link = json.loads(data)
    assert read.number_of_nodes() == len(node_link["nodes"])
    assert read.number_of_edges() == len(node_link["edges"])
    assert set(read.nodes) == {node["id"] for node in node_link["nodes"]}
    assert read.nodes["efs"]["label"] == "EFS"
    assert json.loads(read.nodes["efs"]["aliases"])  # lists travel as JSON text


def test_two_runs_give_identical_bytes(graph_files: tuple[str, str], tmp_path) -> None:
    again = _graph_files(tmp_path / "second", env={"PYTHONHASHSEED": "4242"})
    assert again[0] == graph_files[0]
    assert again[1] == graph_files[1]


def test_check_never_imports_the_graph_libraries() -> None:
    script = (
        "import json, sys\n"
        "import kgnotes.cli\n"
        "code = kgnotes.cli.main(['check', 'notes'])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('networkx', 'pyvis'))\n"
        "print(json.dumps({'code': code, 'heavy': heavy}))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    assert result["code"] in (0, 1)
