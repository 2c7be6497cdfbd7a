"""Inputs that cannot be checked: one clear line each, exit 2, the rest still checked.

An unreadable file is a KGN001 finding on stdout (`path:line:col: KGN001 parse-error reason`);
a path that does not exist, or a folder without Markdown, is a line on stderr. Either way the
run exits 2 and the good file next to it is still reported.
"""

from __future__ import annotations

import codecs
import os
import pathlib
from pathlib import Path

import pytest

from kgnotes.reader import MAX_FILE_BYTES

GOOD = "## Good\n\n- A fact that is fine.\n\n### Questions\n\n- Is this note fine?\n"
# a readable file with one error finding, so we can see that it was checked
FLAWED = "## Flawed\n\n- A fact with a TODO in it.\n\n### Questions\n\n- Is this note fine?\n"
MiB = 1024 * 1024


def _run(run_cli, cwd: Path, *paths: str) -> tuple[int, list[str], list[str]]:
    exit_code, out, err = run_cli(["check", *paths, "--select", "KGN0,KGN104"], cwd)
    assert "Traceback" not in err
    assert "internal error" not in err
    return exit_code, out.splitlines(), err.splitlines()


def _one_line_about(path: str, out: list[str], err: list[str]) -> str:
    lines = [line for line in out + err if path in line]
    assert len(lines) == 1, lines
    return lines[0]


def _assert_flawed_was_checked(out: list[str]) -> None:
    assert [line.split(" ")[:2] for line in out if line.startswith("flawed.md:")] == [
        ["flawed.md:3:1:", "KGN104"]
    ]


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        pytest.param(b"## Image\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 4, "binary", id="binary"),
        pytest.param(
            "## Caf\u00e9\n\n- Espresso costs \u00a32.\n".encode("cp1252"), 1, "UTF-8", id="cp1252"
        ),
        pytest.param(
            b"## Fine\n\n- Still fine.\n- Broken \xff\xfe here.\n", 4, "UTF-8", id="invalid-utf8"
        ),
        pytest.param(
            codecs.BOM_UTF16_LE + "## Wide\n\n- A fact.\n".encode("utf-16-le"),
            1,
            "UTF-16",
            id="utf16-le-bom",
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + "## Wide\n".encode("utf-16-be"), 1, "UTF-16", id="utf16-be-bom"
        ),
    ],
)
def test_undecodable_file(
    project: Path, write_notes, run_cli, content: bytes, line: int, reason: str
) -> None:
    write_notes(project, {"bad.md": content, "flawed.md": FLAWED})
    exit_code, out, err = _run(run_cli, project, "bad.md", "flawed.md")
    assert exit_code == 2
    finding = _one_line_about("bad.md", out, err)
    assert finding.startswith(f"bad.md:{line}:1: KGN001 parse-error ")
    assert reason in finding
    _assert_flawed_was_checked(out)


def test_empty_file_is_a_warning_not_an_input_error(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"empty.md": b"", "good.md": GOOD})
    exit_code, out, err = _run(run_cli, project, "empty.md", "good.md")
    assert exit_code == 0
    finding = _one_line_about("empty.md", out, err)
    assert finding.startswith("empty.md:1:1: KGN002 no-notes ")
    assert "empty" in finding.split("KGN002", 1)[1]


def test_missing_path(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"flawed.md": FLAWED})
    exit_code, out, err = _run(run_cli, project, "nowhere.md", "flawed.md")
    assert exit_code == 2
    line = _one_line_about("nowhere.md", out, err)
    assert line in err
    assert "no such file" in line
    _assert_flawed_was_checked(out)


def test_directory_without_markdown(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"images/readme.txt": "not markdown\n", "flawed.md": FLAWED})
    exit_code, out, err = _run(run_cli, project, "images", "flawed.md")
    assert exit_code == 2
    line = _one_line_about("images", out, err)
    assert line in err
    assert "no Markdown" in line
    _assert_flawed_was_checked(out)


def test_directory_named_like_a_note(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"x.md/inner.txt": "not markdown\n", "flawed.md": FLAWED})
    exit_code, out, err = _run(run_cli, project, "x.md", "flawed.md")
    assert exit_code == 2
    line = _one_line_about("x.md", out, err)
    assert "no Markdown" in line
    _assert_flawed_was_checked(out)


def test_unreadable_file(
    project: Path, write_notes, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_notes(project, {"locked.md": GOOD, "flawed.md": FLAWED})
    real_open = pathlib.Path.open

    def guarded_open(self: Path, *args, **kwargs):
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "open", guarded_open)
    exit_code, out, err = _run(run_cli, project, "locked.md", "flawed.md")
    assert exit_code == 2
    finding = _one_line_about("locked.md", out, err)
    assert finding.startswith("locked.md:1:1: KGN001 parse-error ")
    assert "Permission denied" in finding
    _assert_flawed_was_checked(out)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod-000 file"
)
def test_chmod_000_file(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"notes/locked.md": GOOD, "notes/flawed.md": FLAWED})
    locked = project / "notes" / "locked.md"
    locked.chmod(0)
    try:
        exit_code, out, err = _run(run_cli, project, "notes")
    finally:
        locked.chmod(0o644)
    assert exit_code == 2
    finding = _one_line_about("notes/locked.md", out, err)
    assert "KGN001" in finding and "ermission" in finding


def test_symlink_loop(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"notes/flawed.md": FLAWED})
    notes = project / "notes"
    (notes / "a.md").symlink_to("b.md")
    (notes / "b.md").symlink_to("a.md")
    (notes / "self.md").symlink_to("self.md")
    exit_code, out, err = _run(run_cli, project, "notes")
    assert exit_code == 2
    for name in ("notes/a.md", "notes/b.md", "notes/self.md"):
        # the message may name the link's target too, but only this one line names the path
        lines = [line for line in out + err if line.startswith(f"{name}:")]
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"{name}:1:1: KGN001 parse-error ")
        assert "loop" in lines[0].lower()
    assert not err
    assert any(line.startswith("notes/flawed.md:3:1: KGN104 ") for line in out)


def test_symlink_loop_named_explicitly(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"flawed.md": FLAWED})
    (project / "self.md").symlink_to("self.md")
    exit_code, out, _ = _run(run_cli, project, "self.md", "flawed.md")
    assert exit_code == 2
    (line,) = [line for line in out if line.startswith("self.md:")]
    assert line.startswith("self.md:1:1: KGN001 parse-error ")
    _assert_flawed_was_checked(out)


def test_dangling_symlink(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"notes/flawed.md": FLAWED})
    (project / "notes" / "gone.md").symlink_to("deleted-long-ago.md")
    exit_code, out, _ = _run(run_cli, project, "notes")
    assert exit_code == 2
    (line,) = [line for line in out if line.startswith("notes/gone.md:")]
    assert line.startswith("notes/gone.md:1:1: KGN001 parse-error ")


def _big_note(size: int) -> bytes:
    """A note of exactly `size` bytes whose placeholder sits at the very end of the file."""
    head = b"## Big\n\n- A fact about a very large note.\n\n```text\n"
    tail = b"```\n\n### Questions\n\n- What is TODO in this note?\n"
    filler_line = b"x" * 99 + b"\n"
    room = size - len(head) - len(tail)
    filler = filler_line * (room // len(filler_line))
    filler += b"y" * (room - len(filler) - 1) + b"\n"
    data = head + filler + tail
    assert len(data) == size
    return data


def test_ten_megabyte_note_is_read_and_checked(project: Path, write_notes, run_cli) -> None:
    data = _big_note(10 * MiB)
    write_notes(project, {"big.md": data})
    last_line = data.count(b"\n")
    exit_code, out, err = _run(run_cli, project, "big.md")
    assert err == []
    assert exit_code == 1
    assert out[0].startswith(f"big.md:{last_line}:1: KGN104 placeholder ")


def test_file_over_the_limit_is_refused(project: Path, write_notes, run_cli) -> None:
    write_notes(project, {"flawed.md": FLAWED})
    huge = project / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk and no time
    exit_code, out, err = _run(run_cli, project, "huge.md", "flawed.md")
    assert exit_code == 2
    finding = _one_line_about("huge.md", out, err)
    assert finding.startswith("huge.md:1:1: KGN001 parse-error ")
    assert "too large" in finding
    _assert_flawed_was_checked(out)
