"""Extraction -> a networkx MultiDiGraph: one node per service, one edge per
(source, target, relation) with all its evidence sentences; deterministic for the same
input (nodes and edges inserted in sorted order, evidence sorted by path and line)."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kgnotes.catalog.catalog import CATEGORIES, Catalog
from kgnotes.graph.extract import Evidence, Extraction


def build_graph(
    extraction: Extraction, catalog: Catalog, title: str = "kgnotes"
) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(
        title=title,
        notes=extraction.notes,
        categories={key: CATEGORIES[key] for key in sorted(CATEGORIES)},
    )
    sites_by_service = defaultdict(list)
    for site in extraction.sites:
        sites_by_service[site.service_id].append(site)
    for service_id in sorted(sites_by_service):
        service = catalog.services[service_id]
        sites = sorted(
            set(sites_by_service[service_id]), key=lambda s: (s.path, s.line, s.kind, s.text)
        )
        notes = sorted({(s.path, s.note_line, s.note) for s in sites})
        graph.add_node(
            service_id,
            label=service.name,
            category=service.category,
            aliases=sorted(set(service.aliases)),
            full_name=service.full_name,
            mentions=len(sites),
            part_of=service.part_of,
            runs_at=service.runs_at,
            renamed_to=service.renamed_to,
            notes=[{"path": p, "line": line, "title": t} for p, line, t in notes],
            sites=[
                {
                    "path": s.path,
                    "line": s.line,
                    "kind": s.kind,
                    "text": s.text,
                    "note": s.note,
                    "note_line": s.note_line,
                }
                for s in sites
            ],
        )
    grouped: dict[tuple[str, str, str, bool], set[Evidence]] = defaultdict(set)
    for relation in extraction.relations:
        key = (relation.source, relation.target, relation.relation, relation.directed)
        grouped[key].add(relation.evidence)
    for (source, target, relation, directed), evidence in sorted(grouped.items()):
        for node in (source, target):  # a title-only pair still needs its nodes
            if node not in graph:
                graph.add_node(node, label=catalog.label(node))
        ordered = sorted(evidence, key=lambda e: (e.path, e.line, e.sentence))
        graph.add_edge(
            source,
            target,
            key=relation,
            relation=relation,
            directed=directed,
            weight=len({(e.path, e.line, e.sentence) for e in ordered}),
            evidence=[
                {"path": e.path, "line": e.line, "note": e.note, "sentence": e.sentence}
                for e in ordered
            ],
        )
    return graph


def _note_line(site, extraction: Extraction) -> int:
    del extraction
    return site.line if site.kind == "title" else 0
