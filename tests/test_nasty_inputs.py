"""A corpus of nasty inputs, each with a defined behaviour and a time budget.

Every case says what kgnotes must do: the exit code from the CLI docstring, one clear line
naming the file, no traceback, and an answer within a wall-clock budget that is generous for
two cores. Inputs that could hang or eat memory (FIFOs, adversarial strings for regular
expressions, a 1 MB word) run `python -m kgnotes` in a subprocess with a timeout and an
address-space limit, so a bug fails the test instead of the test run. Big inputs are
generated here, never committed. tests/test_bad_input.py already covers binary, cp1252,
invalid UTF-8, UTF-16 BOMs, empty files, missing paths, symlink loops between files and the
10 MB limit; this file goes further.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest

from kgnotes.parser import parse_text

REPO = Path(__file__).resolve().parents[1]
BUDGET = 10.0  # seconds for one CLI run on a nasty input (normal runs take well under 1 s)
MiB = 1024 * 1024
GOOD = "## Good\n\n- A fact that is fine.\n\n### Questions\n\n- Is this note fine?\n"
FLAWED = "## Flawed\n\n- A fact with a TODO in it.\n\n### Questions\n\n- Is this note fine?\n"


def _limits() -> None:  # runs in the child before exec
    limit = 4 * 1024 * MiB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def kgnotes(argv: list[str], cwd: Path, budget: float = BUDGET) -> tuple[int, str, str, float]:
    """`python -m kgnotes ARGV` in `cwd`: (exit code, stdout, stderr, seconds).

    Fails the test (instead of hanging) when the run takes longer than `budget`.
    """
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kgnotes", *argv],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=budget,
            preexec_fn=_limits,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"kgnotes {' '.join(argv)} did not finish in {budget:.0f} s (hang?)")
    elapsed = time.perf_counter() - started
    assert "Traceback" not in done.stderr, done.stderr
    assert "internal error" not in done.stderr, done.stderr
    return done.returncode, done.stdout, done.stderr, elapsed


def timed(run_cli: Callable, argv: list, cwd: Path, budget: float = BUDGET):
    """The in-process CLI (faster) for inputs that cannot hang, under the same budget."""
    started = time.perf_counter()
    code, out, err = run_cli(argv, cwd)
    elapsed = time.perf_counter() - started
    assert elapsed < budget, f"{argv} took {elapsed:.1f} s"
    assert "Traceback" not in err and "internal error" not in err, err
    return code, out, err


def lines_naming(name: str, text: str) -> list[str]:
    return [line for line in text.splitlines() if name in line]


# ----------------------------------------------------------------- unreadable bytes


@pytest.mark.parametrize(
    ("name", "content", "line", "reason"),
    [
        pytest.param("photo.md", bytes(range(256)) * 64, 1, "binary", id="binary-named-md"),
        pytest.param(
            "nul-late.md", b"## A\n\n- fine\n- also fine\n- x\x00y\n", 5, "NUL", id="nul-line-5"
        ),
        pytest.param("latin.md", b"## A\n\n- fine\n- caf\xe9 cr\xe8me\n", 4, "UTF-8", id="latin1"),
        pytest.param("utf32.md", "\ufeff## A\n".encode("utf-32"), 1, "", id="utf32-bom"),
        pytest.param(
            "truncated.md", "## Caf\u00e9\n\n- na\u00efve".encode()[:-3], 3, "UTF-8", id="cut-utf8"
        ),
        pytest.param(
            "surrogate.md", b"## A\n\n- \xed\xa0\x80 lone surrogate\n", 3, "UTF-8", id="surrogate"
        ),
        pytest.param("overlong.md", b"## A\n\n- \xc0\xaf\n", 3, "UTF-8", id="overlong"),
    ],
)
def test_unreadable_bytes(
    project: Path, write_notes, run_cli, name: str, content: bytes, line: int, reason: str
) -> None:
    write_notes(project, {name: content, "flawed.md": FLAWED})
    code, out, err = timed(run_cli, ["check", name, "flawed.md"], project)
    assert code == 2
    (finding,) = lines_naming(name, out + err)
    assert finding.startswith(f"{name}:{line}:1: KGN001 parse-error ")
    assert reason in finding
    assert "flawed.md:3:1: KGN104" in out


def test_unreadable_file_is_an_input_error_whatever_rules_are_selected(
    project: Path, write_notes, run_cli
) -> None:
    """The CLI documents exit 2 for 'a file that cannot be read'; `--select` picks the
    rules to report, it must not turn an unreadable input into a clean run."""
    write_notes(project, {"photo.md": b"\x89PNG\r\n\x1a\n\x00\x00"})
    code, out, err = timed(run_cli, ["check", "photo.md", "--select", "KGN104"], project)
    assert code == 2, out + err
    assert "photo.md" in out + err


def test_utf16_le_without_bom_is_reported_not_misread(project: Path, write_notes, run_cli) -> None:
    data = "## A\n\n- a fact\n".encode("utf-16-le")
    write_notes(project, {"wide.md": data})
    code, out, _ = timed(run_cli, ["check", "wide.md"], project)
    assert code == 2
    assert out.startswith("wide.md:1:1: KGN001 parse-error binary file")


def test_cr_only_file_with_a_bad_byte_reports_the_right_line(
    project: Path, write_notes, run_cli
) -> None:
    """Old Mac line ends: the bad byte is on the 4th CR-separated line."""
    write_notes(project, {"mac.md": b"## A\r\r- fine\r- caf\xe9\r"})
    code, out, _ = timed(run_cli, ["check", "mac.md"], project)
    assert code == 2
    assert out.startswith("mac.md:4:1: KGN001 parse-error "), out


def test_cr_only_file_with_a_nul_reports_the_right_line(
    project: Path, write_notes, run_cli
) -> None:
    write_notes(project, {"mac.md": b"## A\r\r- fine\r- x\x00\r"})
    code, out, _ = timed(run_cli, ["check", "mac.md"], project)
    assert code == 2
    assert out.startswith("mac.md:4:1: KGN001 parse-error binary"), out


# ----------------------------------------------------------------------- line ends


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
def test_findings_point_at_the_right_line_whatever_the_line_ends(
    project: Path, write_notes, run_cli, newline: str
) -> None:
    lines = [
        "## A",  # 1
        "",
        "- A fact about S3.",  # 3
        "- A second fact TODO.",  # 4
        "",
        "### Questions",  # 6
        "",
        "- What is S3?",  # 8
        "- What TBD is this?",  # 9
    ]
    write_notes(project, {"n.md": newline.join(lines).encode() + newline.encode()})
    code, out, _ = timed(run_cli, ["check", "n.md", "--select", "KGN104"], project)
    assert code == 1
    located = [line.split(" ")[0] for line in out.splitlines()[:-1]]
    assert located == ["n.md:4:1:", "n.md:9:1:"]


def test_ten_megabytes_of_cr_only_lines(project: Path, write_notes) -> None:
    """A 10 MB note with CR line ends only: read, checked, the last line counted right."""
    head = b"## Big\r\r- A fact about a very large note.\r\r```text\r"
    tail = b"```\r\r### Questions\r\r- What is TODO in this note?\r"
    filler = (b"y" * 99 + b"\r") * ((10 * MiB - len(head) - len(tail)) // 100)
    data = head + filler + tail
    write_notes(project, {"big.md": data})
    code, out, err, elapsed = kgnotes(["check", "big.md", "--select", "KGN104"], project)
    assert code == 1, err
    last_line = data.count(b"\r")
    assert out.startswith(f"big.md:{last_line}:1: KGN104 placeholder "), out[:200]
    assert elapsed < BUDGET


# ------------------------------------------------------------------- deep nesting


def test_ten_thousand_deep_list_on_one_line(project: Path, write_notes, run_cli) -> None:
    text = "## Deep\n\n- A fact.\n" + "- " * 10_000 + "x\n\n### Questions\n\n- What?\n"
    write_notes(project, {"deep.md": text})
    code, _, _ = timed(run_cli, ["check", "deep.md"], project)
    assert code in (0, 1)
    parse_text(text, "deep.md")  # no RecursionError


def test_ten_thousand_deep_indented_list_is_refused_as_too_large(
    project: Path, write_notes
) -> None:
    """`"  " * i + "- x"` for 10,000 levels is 100 MB: over the 10 MB limit, refused fast."""
    text = "## Deep\n\n" + "\n".join("  " * i + "- x" for i in range(10_000)) + "\n"
    write_notes(project, {"deep.md": text})
    try:
        code, out, err, _ = kgnotes(["check", "deep.md"], project)
    finally:
        (project / "deep.md").unlink()  # 100 MB: do not leave it in pytest's kept folders
    assert code == 2
    assert out.startswith("deep.md:1:1: KGN001 parse-error file is too large"), out + err


def test_three_thousand_deep_indented_list(project: Path, write_notes, run_cli) -> None:
    """As deep as fits in 10 MB (9 MB of indentation), parsed without recursion."""
    text = "## Deep\n\n" + "\n".join("  " * i + "- x" for i in range(3_000)) + "\n"
    write_notes(project, {"deep.md": text})
    code, _, _ = timed(run_cli, ["check", "deep.md"], project)
    assert code in (0, 1)


@pytest.mark.parametrize(
    "quote",
    [">" * 10_000 + " x", "\n".join(">" * i + " x" for i in range(1, 3_000)), "> - " * 5_000 + "x"],
    ids=["10000-on-one-line", "3000-lines-deepening", "quote-list-5000"],
)
def test_ten_thousand_deep_block_quotes(project: Path, write_notes, run_cli, quote: str) -> None:
    text = f"## Deep\n\n- A fact.\n\n{quote}\n\n### Questions\n\n- What?\n"
    write_notes(project, {"deep.md": text})
    code, _, _ = timed(run_cli, ["check", "deep.md"], project)
    assert code in (0, 1)
    parse_text(text, "deep.md")


@pytest.mark.parametrize("depth", [25, 100, 10_000])
def test_notes_after_a_deep_list_are_still_checked(
    project: Path, write_notes, run_cli, depth: int
) -> None:
    """Nothing may silently drop out of the corpus: a list nested deeper than markdown-it's
    nesting limit must not swallow the notes after it (here, a placeholder on line 7)."""
    text = (
        "## First\n\n- A fact.\n"  # 1-3
        + "- " * depth
        + "deep\n\n"  # 4-5
        + "## Second\n\n- A TODO fact.\n\n### Questions\n\n- What is second?\n"  # 6-12
    )
    write_notes(project, {"deep.md": text})
    code, out, _ = timed(run_cli, ["check", "deep.md", "--select", "KGN104"], project)
    assert "deep.md:8:1: KGN104" in out, out
    assert code == 1
    titles = [note.title for note in parse_text(text, "deep.md").notes]
    assert titles == ["First", "Second"]


# ------------------------------------------------------------------ big and long


def test_hundred_thousand_line_file(project: Path, write_notes) -> None:
    """100,000 lines (2,000 notes of 50 lines); the placeholder on the very last line."""
    notes = []
    for i in range(2_000):
        code_block = "\n".join(f"line {j} of block {i}" for j in range(38))
        notes.append(
            f"## Topic {i}\n\n- Fact {i} says bucket {i} keeps {i} objects.\n\n"
            f"```text\n{code_block}\n```\n\n"
            f"### Questions\n\n- How many objects does bucket {i} keep?"
        )
    text = "\n\n".join(notes)
    lines = text.count("\n") + 1
    text += "\n" * (100_000 - lines) + "- A TODO on the last line.\n"
    assert text.count("\n") == 100_000
    write_notes(project, {"long.md": text})
    code, out, err, elapsed = kgnotes(["check", "long.md", "--select", "KGN104"], project)
    assert code == 1, err
    assert out.splitlines()[0].startswith("long.md:100000:1: KGN104 placeholder"), out[:300]
    assert elapsed < BUDGET


def test_one_megabyte_line_of_words(project: Path, write_notes) -> None:
    text = "## One\n\n- " + "word S3 bucket " * 70_000 + "TODO\n\n### Questions\n\n- What?\n"
    assert len(text) > MiB
    write_notes(project, {"wide.md": text})
    code, out, err, _ = kgnotes(["check", "wide.md", "--no-cache"], project)
    assert code == 1, err
    assert "wide.md:3:1: KGN104" in out


def test_one_megabyte_single_word(project: Path, write_notes) -> None:
    """One 1 MB token (a pasted blob): linear work, bounded memory (4 GB address space)."""
    text = "## One\n\n- " + "x" * MiB + " TODO\n\n### Questions\n\n- What is x?\n"
    write_notes(project, {"blob.md": text})
    code, out, err, _ = kgnotes(["check", "blob.md", "--no-cache"], project, 8.0)
    assert code == 1, err
    assert "blob.md:3:1: KGN104" in out


def test_a_long_word_before_parentheses_is_read_in_linear_time(project: Path, write_notes) -> None:
    """ "word (ACRONYM)" defines an acronym; a 100,000-letter word before "(X)" in a fact
    and in a question was tried from each of its letters (quadratic: minutes)."""
    blob = "x" * 100_000
    text = (
        f"## One\n\n- The {blob} (X) is long.\n- SQS keeps messages.\n\n### Questions\n\n"
        f"- What is the {blob} (X)?\n- What is SQS?\n"
    )
    write_notes(project, {"paren.md": text})
    code, _out, err, _ = kgnotes(["check", "paren.md", "--no-cache"], project, 8.0)
    assert code in (0, 1), err
    assert "Traceback" not in err


# ------------------------------------------------------ files that are not files


def test_directory_symlink_loop_terminates(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"notes/flawed.md": FLAWED, "notes/sub/good.md": GOOD})
    (project / "notes" / "loop").symlink_to(project / "notes")
    (project / "notes" / "sub" / "up").symlink_to("..")
    code, out, err = timed(run_cli, ["check", "notes", "--select", "KGN0,KGN104"], project)
    assert code == 1
    assert out.startswith("notes/flawed.md:3:1: KGN104")
    assert "loop" not in out + err and "/up/" not in out + err
    assert "2 files" in out


def test_symlink_loop_passed_as_a_folder(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"notes/flawed.md": FLAWED})
    (project / "notes" / "loop").symlink_to(project / "notes")
    code, out, _ = timed(run_cli, ["check", "notes/loop", "--select", "KGN104"], project)
    assert code == 1
    assert out.startswith("notes/loop/flawed.md:3:1: KGN104")


@pytest.mark.parametrize("explicit", [False, True], ids=["in-folder", "named"])
def test_fifo_does_not_hang(project: Path, write_notes, explicit: bool) -> None:
    """A named pipe called fifo.md: nobody will ever write to it, so opening it for reading
    blocks forever. kgnotes must report it instead of waiting."""
    write_notes(project, {"notes/flawed.md": FLAWED})
    os.mkfifo(project / "notes" / "fifo.md")
    paths = ["notes/fifo.md", "notes/flawed.md"] if explicit else ["notes"]
    code, out, err, _ = kgnotes(["check", *paths, "--select", "KGN0,KGN104"], project, 5.0)
    assert code == 2
    (line,) = lines_naming("fifo.md", out + err)
    assert line.startswith("notes/fifo.md")
    assert "notes/flawed.md:3:1: KGN104" in out


def test_unix_socket_named_like_a_note(project: Path, write_notes) -> None:
    write_notes(project, {"notes/flawed.md": FLAWED})
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(project / "notes" / "sock.md"))
        code, out, err, _ = kgnotes(["check", "notes", "--select", "KGN0,KGN104"], project, 5.0)
    finally:
        server.close()
    assert code == 2
    (line,) = lines_naming("sock.md", out + err)
    assert line.startswith("notes/sock.md:1:1: KGN001 parse-error ")


def test_directory_named_like_a_note_inside_a_folder(project: Path, write_notes, run_cli) -> None:
    """`x.md/` met while walking is a folder, walked like any other, not an unreadable file."""
    write_notes(project, {"notes/x.md/inner.md": FLAWED, "notes/good.md": GOOD})
    code, out, err = timed(run_cli, ["check", "notes", "--select", "KGN0,KGN104"], project)
    assert code == 1, err
    assert out.startswith("notes/x.md/inner.md:3:1: KGN104")


def test_empty_directory_named_like_a_note(project: Path, run_cli) -> None:
    (project / "x.md").mkdir()
    code, _, err = timed(run_cli, ["check", "x.md"], project)
    assert code == 2
    assert err.strip() == "kgnotes: x.md: no Markdown files found"


# --------------------------------------------------------------------- file names

ODD_NAME = "notes/ä b ✓.md"


def _odd_name_project(project: Path, write_notes) -> None:
    write_notes(project, {ODD_NAME: FLAWED})


def test_non_ascii_name_in_text_output(project: Path, write_notes, run_cli) -> None:
    _odd_name_project(project, write_notes)
    code, out, _ = timed(run_cli, ["check", "notes", "--select", "KGN104"], project)
    assert code == 1
    assert out.startswith(f"{ODD_NAME}:3:1: KGN104 placeholder ")


def test_non_ascii_name_in_json_output(project: Path, write_notes, run_cli) -> None:
    _odd_name_project(project, write_notes)
    code, out, _ = timed(
        run_cli, ["check", "notes", "--select", "KGN104", "--format", "json"], project
    )
    assert code == 1
    assert [(d["path"], d["line"]) for d in json.loads(out)] == [(ODD_NAME, 3)]


def test_non_ascii_name_in_github_output(project: Path, write_notes, run_cli) -> None:
    _odd_name_project(project, write_notes)
    code, out, _ = timed(
        run_cli, ["check", "notes", "--select", "KGN104", "--format", "github"], project
    )
    assert code == 1
    assert out.startswith(f"::error file={ODD_NAME},line=3,col=1,title=KGN104 placeholder::")


def test_github_output_escapes_commas_and_colons_in_names(
    project: Path, write_notes, run_cli
) -> None:
    write_notes(project, {"notes/a,b:c 100%.md": FLAWED})
    code, out, _ = timed(
        run_cli, ["check", "notes", "--select", "KGN104", "--format", "github"], project
    )
    assert code == 1
    assert out.startswith("::error file=notes/a%2Cb%3Ac 100%25.md,line=3,col=1,")


def test_non_ascii_name_in_sarif_output(project: Path, write_notes, run_cli) -> None:
    """SARIF 2.1.0 §3.10.2: artifactLocation.uri is a URI reference, so a space or a
    non-ASCII character is percent-encoded; decoding it gives back the path."""
    _odd_name_project(project, write_notes)
    code, out, _ = timed(
        run_cli, ["check", "notes", "--select", "KGN104", "--format", "sarif"], project
    )
    assert code == 1
    (result,) = json.loads(out)["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert urllib.parse.unquote(uri) == ODD_NAME
    assert uri.isascii() and " " not in uri, uri
    assert location["region"]["startLine"] == 3


@pytest.mark.parametrize("output", ["text", "json", "github", "sarif"])
def test_name_that_is_not_utf8(project: Path, write_notes, output: str) -> None:
    """Linux allows any bytes in a name. kgnotes must report the file (the name shown with
    a replacement or escape is fine), never crash on printing it."""
    write_notes(project, {"notes/flawed.md": FLAWED})
    with open(os.path.join(os.fsencode(project), b"notes", b"caf\xe9.md"), "wb") as handle:
        handle.write(FLAWED.encode())
    code, out, err, _ = kgnotes(
        ["check", "notes", "--select", "KGN104", "--format", output, "--no-cache"], project
    )
    assert code == 1, err
    assert out.count("KGN104") >= 2


def test_name_that_is_not_utf8_in_build(project: Path, write_notes) -> None:
    write_notes(project, {"notes/flawed.md": FLAWED})
    with open(os.path.join(os.fsencode(project), b"notes", b"caf\xe9.md"), "wb") as handle:
        handle.write(GOOD.encode())
    code, _, err, _ = kgnotes(["build", "notes", "--out", "site"], project)
    assert code == 0, err
    assert json.loads((project / "site" / "check.json").read_text(encoding="utf-8"))


# ------------------------------------------------------------- markup in notes

XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
XSS_NAME = "notes/<img src=x onerror=alert(3)>.md"
XSS_NOTE = f"""\
## Title {XSS} S3

> Scenario {XSS} with Lambda

_Answer {XSS} SQS_

- Fact {XSS} about S3 and SNS.
- Second fact {XSS} about S3 and SNS.
- Second fact {XSS} about S3 and SNS.

### Questions

1. What is {XSS} in S3?
2. What is {XSS} in S3?

### Answers

1. Reply {XSS}
"""


def test_markup_is_read_literally_in_every_field(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {XSS_NAME: XSS_NOTE})
    code, out, _ = timed(run_cli, ["parse", "notes"], project)
    assert code == 0
    (parsed,) = json.loads(out)
    assert parsed["path"] == XSS_NAME
    (note,) = parsed["notes"]
    assert note["title"] == f"Title {XSS} S3"
    assert note["scenario"]["text"] == f"Scenario {XSS} with Lambda"
    assert note["scenario_answer"]["text"] == f"Answer {XSS} SQS"
    assert note["facts"][0]["text"] == f"Fact {XSS} about S3 and SNS."
    assert note["questions"][0]["text"] == f"What is {XSS} in S3?"
    assert note["answers"][0]["text"] == f"Reply {XSS}"


def test_markup_in_text_output_is_literal(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {XSS_NAME: XSS_NOTE})
    code, out, _ = timed(run_cli, ["check", "notes", "--select", "KGN2"], project)
    assert code == 1
    lines = out.splitlines()[:-1]
    assert lines, out
    assert all(line.startswith(f"{XSS_NAME}:") for line in lines)
    assert any(XSS in line for line in lines)  # duplicate messages quote the text as written
    assert "&lt;" not in out


def test_markup_is_escaped_in_index_html_and_coverage_md(
    project: Path, write_notes, run_cli
) -> None:
    write_notes(project, {XSS_NAME: XSS_NOTE})
    code, _, err = timed(run_cli, ["build", "notes", "--out", "site"], project)
    assert code == 0, err
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    coverage = (project / "site" / "coverage.md").read_text(encoding="utf-8")
    for page in (index, coverage):
        assert "<script" not in page.lower()
        assert "<img" not in page.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(3)&gt;.md" in index  # the file name too
    graph = (project / "site" / "graph.html").read_text(encoding="utf-8")
    assert graph.lower().count("<img") == 0
    assert "\\u003cscript\\u003ealert(1)" in graph


# ------------------------------------------------------- adversarial strings

ADVERSARIAL = {
    "a*50000+!": "a" * 50_000 + "!",
    "(*50000": "(" * 50_000,
    "AWS*20000": "AWS " * 20_000,
    "Amazon X*20000": "Amazon " + "X " * 20_000,
    "**_[]*12500": "*_[]" * 12_500,
    "[*50000": "[" * 50_000,
    "_*50000": "_" * 50_000,
    "a-*25000": "a-" * 25_000,
}


def adversarial_note(s: str) -> str:
    """The string in a title, in two near-duplicate facts and two near-duplicate questions
    (so the duplicate rules compare them), next to questions of every answer type (rate,
    size, duration, count, number), so every regular expression over note text sees it."""
    return (
        f"## Topic {s}\n\n"
        f"- The bucket {s} keeps objects for 30 days.\n"
        f"- The bucket {s} keeps objects for 30 weeks.\n"
        "- S3 stores objects for 30 days at 100 MB per second.\n\n"
        "### Questions\n\n"
        f"- What does the bucket {s} keep?\n"
        f"- What does the bucket {s} store?\n"
        "- What is the throughput per second?\n"
        "- How big can an object be?\n"
        "- How long are objects kept?\n"
        "- How many copies are kept?\n"
        "- What is the maximum size?\n"
    )


def _best_parse_time(text: str, runs: int = 2) -> float:
    """The fastest of `runs` parses, with the garbage collector paused: a full collection
    in a test process holding thousands of objects would be timed as the parser's."""
    times = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            started = time.perf_counter()
            parse_text(text, "adversarial.md")
            times.append(time.perf_counter() - started)
    finally:
        gc.enable()
    return min(times)


@pytest.mark.parametrize("s", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_adversarial_string_parses_in_linear_time(s: str) -> None:
    """Linear, not "fast on this machine": half the string must take about four times as long
    as an eighth of it. Quadratic parsing makes the ratio 16, linear parsing 4; the bound of
    10 leaves room for noise and does not depend on how loaded the machine is."""
    eighth = _best_parse_time(adversarial_note(s[: len(s) // 8]), runs=3)
    half = _best_parse_time(adversarial_note(s[: len(s) // 2]))
    assert half < 10 * eighth + 0.1, f"{len(s) // 2} chars: {half:.3f} s, 1/8: {eighth:.3f} s"


@pytest.mark.parametrize("s", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_adversarial_string_is_checked_in_bounded_time(project: Path, write_notes, s: str) -> None:
    write_notes(project, {"adversarial.md": adversarial_note(s)})
    # Twelve inline runs of 50,000 characters take markdown-it-py a few seconds on a busy
    # machine; a quadratic step anywhere would take minutes. The budget tells the two apart.
    code, _, err, _ = kgnotes(["check", "adversarial.md", "--no-cache"], project, 30.0)
    assert code in (0, 1), err


@pytest.mark.parametrize(
    ("fact", "question"),
    [
        ("Throughput is " + "1" * 3_000, "What is the throughput per second?"),
        ("Objects are " + "1" * 20_000, "How big can an object be?"),
        ("Objects are kept " + "1" * 20_000, "How long are objects kept?"),
        ("Objects are " + "1," * 20_000, "How big can an object be?"),
        ("Throughput is 1 " + "a" * 3_000, "What is the throughput per second?"),
        ("Key 1 " + "Ab9" * 700, "What is the throughput per second?"),
        ("Snapshots run " + "once a day, " * 20_000, "How long are snapshots kept?"),
        ("Checksum " + "1" * 30_000, "How much does the checksum cost?"),
        ("A bucket holds objects.", "how much bucket " * 5_000 + "cost?"),
    ],
    ids=[
        "rate-digits",
        "size-digits",
        "duration-digits",
        "size-digits-commas",
        "rate-long-word",
        "rate-mixed-word",
        "frequencies-under-how-long",
        "price-digits",
        "price-long-question",
    ],
)
def test_digit_runs_in_a_fact_under_a_typed_question(
    project: Path, write_notes, fact: str, question: str
) -> None:
    """A long number (a pasted id, a hash), a long word or a long repeated phrase in a fact,
    checked against a question asking for a rate, a size, a duration or a price: each one
    aims at one regular expression of kgnotes/text/quantities.py (RATE, SIZE, DURATION,
    PRICE, has_span, the price question). Before they were made linear, the last five
    took over 20 s each."""
    write_notes(project, {"n.md": f"## Topic\n\n- {fact}\n\n### Questions\n\n- {question}\n"})
    code, _, err, _ = kgnotes(["check", "n.md", "--no-cache"], project, 5.0)
    assert code in (0, 1), err


def test_long_word_in_near_duplicate_questions(project: Path, write_notes) -> None:
    """Two questions that differ in one word, both naming a 50,000-letter "word": the
    duplicate check looks at their names (terms.entity_terms)."""
    word = "a" * 50_000 + "!"
    text = (
        "## Topic\n\n- A fact about buckets.\n\n### Questions\n\n"
        f"- What does the bucket {word} keep?\n- What does the bucket {word} store?\n"
    )
    write_notes(project, {"n.md": text})
    code, _, err, _ = kgnotes(["check", "n.md", "--no-cache"], project, 5.0)
    assert code in (0, 1), err


def test_question_without_content_words_does_not_say_the_note_has_no_facts(
    project: Path, write_notes, run_cli
) -> None:
    write_notes(
        project, {"n.md": "## T\n\n- Cats purr loudly.\n\n### Questions\n\n- What is it?\n"}
    )
    _, out, _ = timed(run_cli, ["check", "n.md", "--select", "KGN301"], project)
    assert "the note has no facts" not in out, out
