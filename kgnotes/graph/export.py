"""Graph exports: node-link JSON (the web page and other tools read it) and GraphML
(Gephi, yEd, Neo4j import). Both are byte-identical for the same graph."""

from __future__ import annotations

import io
import json
from typing import Any

import networkx as nx


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda node: node["id"])
    data["edges"] = sorted(
        data["edges"], key=lambda edge: (edge["source"], edge["target"], edge["key"])
    )
    return data


def to_json(graph: nx.MultiDiGraph) -> str:
    return json.dumps(node_link(graph), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML keeps scalar attributes only: lists and dicts are written as JSON text."""
    flat = nx.MultiDiGraph()
    flat.graph.update({k: _scalar(v) for k, v in graph.graph.items()})
    for node, attributes in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in attributes.items() if v is not None})
    for source, target, key, attributes in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: _scalar(v) for k, v in attributes.items()})
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")


def _scalar(value: Any) -> Any:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value
