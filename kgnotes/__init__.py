"""kgnotes: lint Markdown study notes and build a knowledge graph of the services they mention."""

__version__ = "0.1.0"
