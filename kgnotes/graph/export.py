"""Graph exports: node-link JSON (the web page and other tools read it) and GraphML
(Gephi, yEd, Neo4j import). Both are byte-identical for the same graph."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import networkx as nx

from kgnotes.publish.json_records import records_json


def node_link(graph: nx.MultiDiGraph) -> dict[str, Any]:
    data = nx.node_link_data(graph, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda node: node["id"])
    data["edges"] = sorted(
        data["edges"], key=lambda edge: (edge["source"], edge["target"], edge["key"])
    )
    return data


def to_json(graph: nx.MultiDiGraph) -> str:
    return records_json(node_link(graph), sort_keys=True)


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML keeps scalar attributes only: lists and dicts are written as JSON text.

    Written as text here rather than by `nx.write_graphml`, which builds an ElementTree of
    the whole graph first (0.5 s for the 1,000-note build); networkx reads the result back
    as the same graph (tests/test_graph_golden.py). Characters XML 1.0 forbids become
    U+FFFD, so a stray control character in a note cannot make the file unreadable (two
    names that differ only in such characters then read back as one).
    """

    def scalars(attributes: dict[str, Any]) -> dict[str, Any]:
        return {k: _scalar(v) for k, v in attributes.items() if v is not None}

    elements = {
        "graph": [(None, scalars(graph.graph))],
        "node": [(node, scalars(data)) for node, data in graph.nodes(data=True)],
        "edge": [
            ((source, target, key), scalars(data))
            for source, target, key, data in graph.edges(keys=True, data=True)
        ],
    }
    keys: dict[tuple[str, str], tuple[str, str]] = {}  # (for, name) -> (id, attr.type)
    for domain, items in elements.items():
        types: dict[str, set[str]] = {}
        for _, attributes in items:
            for name, value in attributes.items():
                types.setdefault(name, set()).add(_graphml_type(value))
        for name, seen in types.items():
            keys[(domain, name)] = (f"d{len(keys)}", _common_type(seen))

    def data(domain: str, attributes: dict[str, Any], indent: str) -> list[str]:
        lines = []
        for name, value in attributes.items():
            key_id, kind = keys[(domain, name)]
            text = _xml_text(_graphml_text(value, kind))
            lines.append(f'{indent}<data key="{key_id}">{text}</data>')
        return lines

    lines = [
        "<?xml version='1.0' encoding='utf-8'?>",
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ]
    for (domain, name), (key_id, kind) in keys.items():
        lines.append(
            f'  <key id="{key_id}" for="{domain}" attr.name={_xml_attribute(name)} '
            f'attr.type="{kind}" />'
        )
    edge_default = "directed" if graph.is_directed() else "undirected"
    lines.append(f'  <graph edgedefault="{edge_default}">')
    lines += data("graph", elements["graph"][0][1], "    ")
    for node, attributes in elements["node"]:
        lines.append(f"    <node id={_xml_attribute(str(node))}>")
        lines += data("node", attributes, "      ")
        lines.append("    </node>")
    for (source, target, key), attributes in elements["edge"]:
        lines.append(
            f"    <edge source={_xml_attribute(str(source))} "
            f"target={_xml_attribute(str(target))} id={_xml_attribute(str(key))}>"
        )
        lines += data("edge", attributes, "      ")
        lines.append("    </edge>")
    lines += ["  </graph>", "</graphml>", ""]
    return "\n".join(lines)


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _graphml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _common_type(seen: set[str]) -> str:
    """One GraphML type for an attribute: whole numbers with fractions read as doubles;
    any other mix is written as text (networkx would write one key per type instead)."""
    if len(seen) == 1:
        return next(iter(seen))
    return "double" if seen == {"long", "double"} else "string"


def _graphml_text(value: Any, kind: str) -> str:
    if isinstance(value, bool) and kind == "boolean":
        return "true" if value else "false"
    return str(value)


def _xml_text(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text), {"\r": "&#13;"})


def _xml_attribute(text: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", text))


def _scalar(value: Any) -> Any:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value
