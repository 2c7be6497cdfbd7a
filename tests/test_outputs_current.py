"""outputs/ in the repository is what `kgnotes build` makes of notes/ today, byte for byte,
so what a visitor browses on the repository is never stale (rebuild with `kgnotes build`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgnotes.build import OUTPUT_FILES
from kgnotes.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_committed_outputs_are_current(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["build", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    stale = [
        name
        for name in OUTPUT_FILES
        if (ROOT / "outputs" / name).read_bytes() != (tmp_path / name).read_bytes()
    ]
    if stale:
        pytest.fail(f"outputs/ is stale ({', '.join(stale)}): run `kgnotes build`")
