"""Config defaults, in the standard library only: the Config model and the warm-cache fast
path (which runs before pydantic is imported) read the same values."""

PATHS = ("notes",)
EXTENSIONS = (".md", ".markdown")
EXCLUDE = ("README.md", "LICENSE*", "CHANGELOG*", "CONTRIBUTING*")
CACHE_DIR = ".kgnotes_cache"
