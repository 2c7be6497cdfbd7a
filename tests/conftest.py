"""Shared helpers: run the real CLI in-process and write small note trees.

Tests run in temporary folders (the `project` fixture adds a blank `kgnotes.toml`, so the
config search stops there); nothing depends on the repository's config or anything outside
the repository.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from kgnotes.cli import main


def write_notes(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `{relative name: text}` under `root` and return `root`.

    Text is dedented and one leading newline dropped, so a test can write
    `'''\\n    ## Title ...'''`; bytes are written exactly as given.
    """
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_bytes(textwrap.dedent(content).removeprefix("\n").encode("utf-8"))
    return root


@pytest.fixture(name="write_notes")
def write_notes_fixture() -> Callable[[Path, dict[str, str | bytes]], Path]:
    return write_notes


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project: a blank `kgnotes.toml` stops the config search here."""
    (tmp_path / "kgnotes.toml").write_text("", encoding="utf-8")
    return tmp_path


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., tuple[int, str, str]]:
    """`run_cli(argv, cwd) -> (exit_code, stdout, stderr)` through `kgnotes.cli.main`."""

    def run(argv: list[str | Path], cwd: Path) -> tuple[int, str, str]:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main([str(arg) for arg in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def check_json(
    run_cli: Callable[..., tuple[int, str, str]],
) -> Callable[..., tuple[int, list[dict], str]]:
    """`check_json(paths, cwd, *options) -> (exit_code, diagnostics, stderr)`."""

    def run(paths: list[str], cwd: Path, *options: str) -> tuple[int, list[dict], str]:
        code, out, err = run_cli(["check", *paths, "--format", "json", *options], cwd)
        assert "Traceback" not in err
        return code, json.loads(out), err

    return run
