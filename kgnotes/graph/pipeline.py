"""One call from a parsed corpus to the service graph."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kgnotes.graph.extract import Extractor

if TYPE_CHECKING:
    import networkx as nx

    from kgnotes.corpus import Corpus


def corpus_graph(corpus: Corpus, title: str = "kgnotes service graph") -> nx.MultiDiGraph:
    from kgnotes.graph.build import build_graph

    extraction = Extractor(corpus.catalog).extract(corpus.notes)
    return build_graph(extraction, corpus.catalog, title=title)
