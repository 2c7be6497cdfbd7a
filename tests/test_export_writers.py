"""The hand-written writers of the published files: GraphML and one-record-per-line JSON.

Both replaced slower library calls (networkx's ElementTree writer, json's pure-Python
indenting encoder); these tests pin that what they write reads back as what went in.
"""

from __future__ import annotations

import io
import json

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from kgnotes.graph.export import to_graphml
from kgnotes.publish.json_records import records_json

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def _graph() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(title="t & <co>", notes=3, flag=True)
    graph.add_node("efs", label="EFS", mentions=2, aliases=["EFS", "Elastic File System"])
    graph.add_node('a"b', label="quote ' and \"", full_name=None)
    graph.add_edge("efs", 'a"b', key=0, relation="compared-with", weight=1, directed=False)
    graph.add_edge("efs", 'a"b', key=1, relation="sends-to", weight=2, directed=True)
    graph.add_edge('a"b', "efs", key=0, relation="x", evidence=[{"line": 3, "s": "a\r\nb"}])
    return graph


def _read(text: str) -> nx.MultiDiGraph:
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")))


def test_graphml_reads_back_as_the_same_graph() -> None:
    read = _read(to_graphml(_graph()))
    assert isinstance(read, nx.MultiDiGraph)
    assert read.graph == {
        "title": "t & <co>",
        "notes": 3,
        "flag": True,
        "node_default": {},
        "edge_default": {},
    }
    assert dict(read.nodes["efs"]) == {
        "label": "EFS",
        "mentions": 2,
        "aliases": '["EFS", "Elastic File System"]',  # lists travel as JSON text
    }
    assert dict(read.nodes['a"b']) == {"label": "quote ' and \""}  # None is left out
    edges = {(s, t, k): d for s, t, k, d in read.edges(keys=True, data=True)}
    assert edges[("efs", 'a"b', 0)]["directed"] is False
    assert edges[("efs", 'a"b', 1)]["weight"] == 2
    # A carriage return survives (XML would otherwise turn it into a line feed).
    assert json.loads(edges[('a"b', "efs", 0)]["evidence"]) == [{"line": 3, "s": "a\r\nb"}]


def test_graphml_replaces_characters_xml_forbids() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("n\x01", label="bell\x07 and nul\x00 and tab\t")
    read = _read(to_graphml(graph))
    assert dict(read.nodes["n\ufffd"]) == {"label": "bell\ufffd and nul\ufffd and tab\t"}


XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 32
    ),
    min_size=1,
    max_size=30,
)


@given(st.lists(st.one_of(st.booleans(), st.integers(-(2**40), 2**40), XML_TEXT), max_size=5))
def test_graphml_round_trips_any_scalar_attributes(values) -> None:
    attributes = {f"a{i}": value for i, value in enumerate(values)}
    graph = nx.MultiDiGraph()
    graph.add_node("n", **attributes)
    assert dict(_read(to_graphml(graph)).nodes["n"]) == attributes


@given(
    st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), TEXT),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
        max_leaves=12,
    )
)
def test_records_json_is_the_same_value(value) -> None:
    for sort_keys in (False, True):
        assert json.loads(records_json(value, sort_keys=sort_keys)) == value


def test_records_json_puts_each_record_on_its_own_line() -> None:
    text = records_json({"b": [1, {"x": [2, 3]}], "a": "é", "c": []}, sort_keys=True)
    assert text == '{\n"a": "é",\n"b": [\n1,\n{"x":[2,3]}\n],\n"c": []\n}\n'
    assert records_json([{"k": 1}, {"k": 2}]) == '[\n{"k":1},\n{"k":2}\n]\n'


def test_graphml_gives_a_mixed_attribute_one_type_that_reads_back() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", size=2, flag=True)
    graph.add_node("b", size=2.5, flag=3)
    read = _read(to_graphml(graph))
    assert read.nodes["a"]["size"] == 2.0 and read.nodes["b"]["size"] == 2.5  # as doubles
    assert (read.nodes["a"]["flag"], read.nodes["b"]["flag"]) == ("True", "3")  # as text


def test_records_json_writes_keys_as_json_does() -> None:
    value = {True: 1, None: 2, 3: 4, 1.5: 5, "s": 6}
    assert json.loads(records_json(value)) == json.loads(json.dumps(value))
