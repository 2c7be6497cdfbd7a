"""Broken and hostile configuration, schema, catalog and synonym files.

Each one must end `check`, `build` and `graph` with exit 2 and exactly one line on stderr,
`kgnotes: FILE: KEY: reason`, naming the file and the key (or, for a file that does not
parse, the place), never a traceback or an internal error. Strings from a catalog reach
graph.html only as escaped JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOOD = (
    "## S3 and SQS\n\n- S3 sends event notifications to SQS.\n\n"
    "### Questions\n\n- Where does S3 send events?\n"
)
COMMANDS = (
    ["check", "notes"],
    ["check", "notes", "--no-cache"],
    ["build", "notes", "--out", "site"],
    ["graph", "notes"],
)
COMMAND_IDS = ("check", "check-no-cache", "build", "graph")

DEEP_TOML = "x = " + "[" * 5_000 + "]" * 5_000 + "\n"

# id -> (files to write, the file the message must name, what else it must contain)
CASES: dict[str, tuple[dict[str, str], str, list[str]]] = {
    # kgnotes.toml
    "malformed-toml": (
        {"kgnotes.toml": 'paths = ["notes"]\ncache = tru\n'},
        "kgnotes.toml",
        ["invalid TOML", "line 2"],
    ),
    "unclosed-array": ({"kgnotes.toml": "paths = [\n"}, "kgnotes.toml", ["invalid TOML"]),
    "paths-is-int": ({"kgnotes.toml": "paths = 3\n"}, "kgnotes.toml", ["paths:"]),
    "cache-is-string": ({"kgnotes.toml": 'cache = "yes"\n'}, "kgnotes.toml", ["cache:"]),
    "cache-is-int": ({"kgnotes.toml": "cache = 1\n"}, "kgnotes.toml", ["cache:"]),
    "exclude-has-int": ({"kgnotes.toml": "exclude = [1]\n"}, "kgnotes.toml", ["exclude"]),
    "unknown-top-level-key": (
        {"kgnotes.toml": 'colour = "blue"\n'},
        "kgnotes.toml",
        ["colour: unknown key"],
    ),
    "unknown-rule": (
        {"kgnotes.toml": '[rules.no-such-rule]\nseverity = "error"\n'},
        "kgnotes.toml",
        ["rules.no-such-rule:", "unknown rule"],
    ),
    "unknown-rule-option": (
        {"kgnotes.toml": "[rules.placeholder]\noptions = { bogus = 1 }\n"},
        "kgnotes.toml",
        ["rules.placeholder.options.bogus: unknown key"],
    ),
    "bad-rule-option-type": (
        {"kgnotes.toml": "[rules.placeholder]\noptions = { markers = 3 }\n"},
        "kgnotes.toml",
        ["rules.placeholder.options.markers:"],
    ),
    "bad-severity": (
        {"kgnotes.toml": '[rules.placeholder]\nseverity = "fatal"\n'},
        "kgnotes.toml",
        ["rules.placeholder.severity:"],
    ),
    "rule-settings-not-a-table": (
        {"kgnotes.toml": '[rules]\nplaceholder = "off"\n'},
        "kgnotes.toml",
        ["rules.placeholder:"],
    ),
    "unknown-rule-in-select": (
        {"kgnotes.toml": 'select = ["KGN999"]\n'},
        "kgnotes.toml",
        ["select:", "KGN999"],
    ),
    "pyproject-tool-kgnotes-not-a-table": (
        {"pyproject.toml": "[tool]\nkgnotes = 3\n"},
        "pyproject.toml",
        ["tool.kgnotes:"],
    ),
    "config-not-utf8": (
        {"kgnotes.toml": "paths = ['notes\udcff']\n"},
        "kgnotes.toml",
        ["utf-8"],
    ),
    "config-deeply-nested": ({"kgnotes.toml": DEEP_TOML}, "kgnotes.toml", []),
    # schema
    "schema-unknown-key": (
        {"kgnotes.toml": 'schema = "s.toml"\n', "s.toml": "colour = 1\n"},
        "s.toml",
        ["colour: unknown key"],
    ),
    "schema-bad-toml": (
        {"kgnotes.toml": 'schema = "s.toml"\n', "s.toml": "required = [\n"},
        "s.toml",
        ["invalid TOML"],
    ),
    "schema-bad-required-part": (
        {"kgnotes.toml": 'schema = "s.toml"\n', "s.toml": 'required = ["bogus"]\n'},
        "s.toml",
        ["required.0:"],
    ),
    "schema-negative-minimum": (
        {"kgnotes.toml": 'schema = "s.toml"\n', "s.toml": "min_facts = -1\n"},
        "s.toml",
        ["min_facts:"],
    ),
    "schema-minimum-is-string": (
        {"kgnotes.toml": 'schema = "s.toml"\n', "s.toml": 'min_facts = "3"\n'},
        "s.toml",
        ["min_facts:"],
    ),
    "schema-missing": (
        {"kgnotes.toml": 'schema = "nope.toml"\n'},
        "nope.toml",
        ["cannot read"],
    ),
    "schema-by-glob-unknown-key": (
        {"kgnotes.toml": '[schemas]\n"notes/*" = "s.toml"\n', "s.toml": "colour = 1\n"},
        "s.toml",
        ["colour: unknown key"],
    ),
    "schema-deeply-nested": (
        {"kgnotes.toml": 'schema = "s.toml"\n', "s.toml": DEEP_TOML},
        "s.toml",
        [],
    ),
    # catalog
    "catalog-unknown-key": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n', "c.toml": "colour = 1\n"},
        "c.toml",
        ["colour: unknown key"],
    ),
    "catalog-unknown-service-key": (
        {
            "kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n',
            "c.toml": '[services.foo]\nname = "Foo"\ncolour = 1\n',
        },
        "c.toml",
        ["services.foo.colour: unknown key"],
    ),
    "catalog-bad-category": (
        {
            "kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n',
            "c.toml": '[services.foo]\nname = "Foo"\ncategory = "weapons"\n',
        },
        "c.toml",
        ["services.foo.category:", "weapons"],
    ),
    "catalog-part-of-unknown-id": (
        {
            "kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n',
            "c.toml": '[services.foo]\nname = "Foo"\npart_of = "nonexistent"\n',
        },
        "c.toml",
        ["services.foo.part_of:", "nonexistent"],
    ),
    "catalog-new-service-without-name": (
        {
            "kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n',
            "c.toml": '[services.foo]\naliases = ["f"]\n',
        },
        "c.toml",
        ["services.foo.name:"],
    ),
    "catalog-aliases-not-a-list": (
        {
            "kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n',
            "c.toml": '[services.foo]\nname = "Foo"\naliases = "f"\n',
        },
        "c.toml",
        ["services.foo.aliases:"],
    ),
    "catalog-bad-toml": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n', "c.toml": "[services.foo\n"},
        "c.toml",
        ["invalid"],
    ),
    "catalog-missing": (
        {"kgnotes.toml": '[catalog]\nfiles = ["nope.toml"]\n'},
        "nope.toml",
        ["cannot read"],
    ),
    "catalog-is-a-folder": (
        {"kgnotes.toml": '[catalog]\nfiles = ["cat"]\n', "cat/keep.txt": ""},
        "cat",
        ["cannot read"],
    ),
    "catalog-json-array": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.json"]\n', "c.json": "[1, 2]\n"},
        "c.json",
        ["(top level)"],
    ),
    "catalog-json-string": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.json"]\n', "c.json": '"services"\n'},
        "c.json",
        ["(top level)"],
    ),
    "catalog-json-bad": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.json"]\n', "c.json": "{\n"},
        "c.json",
        ["invalid"],
    ),
    "catalog-json-service-not-object": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.json"]\n', "c.json": '{"services": {"foo": 3}}'},
        "c.json",
        ["services.foo:"],
    ),
    "catalog-json-service-list-without-id": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.json"]\n', "c.json": '{"services": [1]}'},
        "c.json",
        ["services.0:"],
    ),
    "catalog-toml-deeply-nested": (
        {"kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n', "c.toml": DEEP_TOML},
        "c.toml",
        [],
    ),
    "catalog-json-deeply-nested": (
        {
            "kgnotes.toml": '[catalog]\nfiles = ["c.json"]\n',
            "c.json": "[" * 100_000 + "]" * 100_000,
        },
        "c.json",
        [],
    ),
    # synonyms
    "synonyms-bad-groups": (
        {"kgnotes.toml": 'synonyms = "syn.toml"\n', "syn.toml": "groups = 3\n"},
        "syn.toml",
        ["groups:"],
    ),
    "synonyms-unknown-key": (
        {"kgnotes.toml": 'synonyms = "syn.toml"\n', "syn.toml": "groups = []\ncolour = 1\n"},
        "syn.toml",
        ["colour:"],
    ),
    "synonyms-deeply-nested": (
        {"kgnotes.toml": 'synonyms = "syn.toml"\n', "syn.toml": DEEP_TOML},
        "syn.toml",
        [],
    ),
}


def _write(root: Path, files: dict[str, str]) -> None:
    (root / "notes").mkdir(exist_ok=True)
    (root / "notes" / "a.md").write_text(GOOD, encoding="utf-8")
    for name, text in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
@pytest.mark.parametrize(("files", "names", "wanted"), list(CASES.values()), ids=list(CASES))
def test_bad_config_is_one_line_and_exit_2(
    tmp_path: Path, run_cli, files: dict[str, str], names: str, wanted: list[str], command
) -> None:
    _write(tmp_path, files)
    code, out, err = run_cli(command, tmp_path)
    assert "Traceback" not in out + err
    assert "internal error" not in err, err
    assert code == 2, (code, out, err)
    (line,) = err.splitlines()
    match = re.match(r"^kgnotes: (?P<file>[^:]+): (?P<rest>.+)$", line)
    assert match, line
    assert Path(match["file"]).name == names, line
    for part in wanted:
        assert part in match["rest"], line
    assert not (tmp_path / "site").exists()  # a build that fails on config writes nothing


def test_explicit_config_flag_reports_the_file_as_given(tmp_path: Path, run_cli) -> None:
    _write(tmp_path, {"conf/mine.toml": "colour = 1\n"})
    code, _, err = run_cli(["check", "notes", "--config", "conf/mine.toml"], tmp_path)
    assert code == 2
    assert err == "kgnotes: conf/mine.toml: colour: unknown key\n"


def test_config_flag_pointing_at_a_folder(tmp_path: Path, run_cli) -> None:
    _write(tmp_path, {"kgnotes.toml": ""})
    code, _, err = run_cli(["check", "notes", "--config", "notes"], tmp_path)
    assert code == 2
    assert err == "kgnotes: notes: config file not found\n"


@pytest.mark.parametrize(
    "catalog",
    [
        '[services.foo]\nname = "Foo"\npart_of = "foo"\n',
        '[services.foo]\nname = "Foo"\npart_of = "bar"\n'
        '[services.bar]\nname = "Bar"\npart_of = "foo"\n',
        '[services.foo]\nname = "Foo"\nrenamed_to = "bar"\n'
        '[services.bar]\nname = "Bar"\nrenamed_to = "foo"\n',
        '[services.foo]\nname = "Foo"\naliases = ["", "   "]\n',
        '[services.foo]\nname = "Foo"\naliases = ["' + "x" * 100_000 + '"]\n',
        '[services.foo]\nname = "Foo"\naliases = ['
        + ",".join(f'"a{i}"' for i in range(20_000))
        + "]\n",
        'not_services = ["", "S3"]\n',
    ],
    ids=[
        "part-of-itself",
        "part-of-cycle",
        "renamed-to-cycle",
        "empty-aliases",
        "100k-alias",
        "20k-aliases",
        "empty-not-service",
    ],
)
def test_odd_but_valid_catalogs_never_crash(tmp_path: Path, run_cli, catalog: str) -> None:
    _write(tmp_path, {"kgnotes.toml": '[catalog]\nfiles = ["c.toml"]\n', "c.toml": catalog})
    for command in COMMANDS:
        code, _, err = run_cli(command, tmp_path)
        assert code in (0, 1, 2), (command, code, err)
        assert "Traceback" not in err and "internal error" not in err, err


XSS_CATALOG = """\
[services.evil]
name = "<img src=x onerror=alert(1)>"
full_name = "</script><script>alert(2)</script>"
aliases = ["EvilSvc", "</script><script>alert(3)</script>"]
category = "compute"
"""
BENIGN_CATALOG = """\
[services.evil]
name = "Evil service"
full_name = "A harmless name"
aliases = ["EvilSvc", "harmless"]
category = "compute"
"""
XSS_NOTE = (
    "## EvilSvc and S3\n\n- EvilSvc writes objects to S3 and triggers Lambda.\n\n"
    "### Questions\n\n- What does EvilSvc write to?\n"
)


def _graph_page(root: Path, run_cli, catalog: str) -> str:
    root.mkdir()
    (root / "notes").mkdir()
    (root / "notes" / "a.md").write_text(XSS_NOTE, encoding="utf-8")
    (root / "kgnotes.toml").write_text('[catalog]\nfiles = ["c.toml"]\n', encoding="utf-8")
    (root / "c.toml").write_text(catalog, encoding="utf-8")
    code, _, err = run_cli(["build", "notes", "--out", "site"], root)
    assert code == 0, err
    return (root / "site" / "graph.html").read_text(encoding="utf-8")


def test_catalog_strings_are_escaped_in_graph_html(tmp_path: Path, run_cli) -> None:
    page = _graph_page(tmp_path / "xss", run_cli, XSS_CATALOG)
    baseline = _graph_page(tmp_path / "benign", run_cli, BENIGN_CATALOG)
    for tag in ("<script", "</script", "<img"):
        assert page.lower().count(tag) == baseline.lower().count(tag), tag
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    data = re.search(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert data, "no JSON data block in graph.html"
    payload = json.loads(data.group(1))
    labels = {node.get("label") for node in payload["nodes"]}
    assert "<img src=x onerror=alert(1)>" in labels  # the name survives, as data
