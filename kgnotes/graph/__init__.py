"""The service graph: extract (notes -> mentions, relations) -> build (networkx) -> export
(JSON, GraphML) -> html (the interactive page). `kgnotes check` never imports this package's
networkx-based modules."""
