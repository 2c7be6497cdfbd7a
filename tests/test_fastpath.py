"""The warm-cache fast path: replays only what a full run would print.

Note contents enter the cache key through their sha256, remembered by file status (git's
index trick). These tests pin the guarantees: an edit is always seen, a status that
changed in the same clock tick as the recording is not trusted, and a damaged digest file
is ignored.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import SimpleNamespace

import kgnotes.commands
import kgnotes.engine
from kgnotes import cache_safety, fastpath

FACTS = "## SNS\n\n- SNS pushes messages to subscribers.\n\n### Questions\n\n"
ANSWERED = FACTS + "- Where does SNS push messages?\n"
# Same byte length as ANSWERED, but the question asks what no fact says.
UNANSWERED = FACTS + "- What size can SNS message be?\n"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "kgnotes.toml").write_text('paths = ["notes"]\n', encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "sns.md").write_text(ANSWERED, encoding="utf-8")
    return tmp_path


def _age(path: Path, seconds: float) -> None:
    """Pretend the digest file was written `seconds` after everything it records."""
    later = time.time_ns() + int(seconds * 1e9)
    os.utime(path, ns=(later, later))


def test_a_warm_hit_replays_without_running_the_check(tmp_path, run_cli, monkeypatch) -> None:
    root = _project(tmp_path)
    first = run_cli(["check", "--whole-corpus", "notes/sns.md"], root)
    assert first[0] == 0
    _age(root / ".kgnotes_cache" / "digests.json", 10)
    monkeypatch.setattr(kgnotes.commands, "run", lambda *args: 99)  # a miss would show
    assert run_cli(["check", "--whole-corpus", "notes/sns.md"], root) == first


def test_an_edit_of_the_same_size_is_always_seen(tmp_path, run_cli) -> None:
    assert len(ANSWERED) == len(UNANSWERED)
    root = _project(tmp_path)
    note = root / "notes" / "sns.md"
    assert run_cli(["check", "--whole-corpus", "notes/sns.md"], root)[0] == 0
    _age(root / ".kgnotes_cache" / "digests.json", 10)
    before = os.stat(note)
    note.write_text(UNANSWERED, encoding="utf-8")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime put back
    code, out, _ = run_cli(["check", "--whole-corpus", "notes/sns.md"], root)
    assert code == 1 and "unanswered-question" in out


def test_a_status_recorded_in_the_same_tick_is_not_trusted(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_text("first", encoding="utf-8")
    status = os.stat(note)
    digests = fastpath._Digests(tmp_path / "cache")
    first = digests.content_digest(str(note), status)
    digests.save()
    # The same status, but the bytes changed within the tick (so ctime did not move).
    note.write_text("other", encoding="utf-8")
    same_tick = SimpleNamespace(
        st_size=status.st_size,
        st_mtime_ns=status.st_mtime_ns,
        st_ctime_ns=status.st_ctime_ns,
        st_ino=status.st_ino,
    )
    reloaded = fastpath._Digests(tmp_path / "cache")
    assert reloaded.content_digest(str(note), same_tick) != first  # racily clean: hashed
    # Recorded long after the file last changed: the record is trusted (no read at all).
    _age(tmp_path / "cache" / "digests.json", 10)
    trusted = fastpath._Digests(tmp_path / "cache")
    assert trusted.content_digest(str(note), same_tick) == first
    assert not trusted.changed


def test_a_damaged_digest_file_is_ignored(tmp_path, run_cli) -> None:
    root = _project(tmp_path)
    expected = run_cli(["check", "--no-cache", "notes"], root)
    run_cli(["check", "notes"], root)
    digests = root / ".kgnotes_cache" / "digests.json"
    version = fastpath.__version__
    for damage in (
        "{not json",
        '{"kgnotes": "0.0.0", "files": {}}',
        f'{{"kgnotes": "{version}", "files": [1, 2]}}',
        f'{{"kgnotes": "{version}", "files": {{"notes/sns.md": {{"a": 1}}}}}}',
    ):
        digests.write_text(damage, encoding="utf-8")
        _age(digests, 10)
        (root / "notes" / "sns.md").write_text(UNANSWERED, encoding="utf-8")
        assert run_cli(["check", "notes"], root)[0] == 1
        (root / "notes" / "sns.md").write_text(ANSWERED, encoding="utf-8")
        assert run_cli(["check", "notes"], root) == expected


def test_a_record_that_is_not_a_digest_is_ignored(tmp_path: Path) -> None:
    note = tmp_path / "a.md"
    note.write_text("text", encoding="utf-8")
    status = os.stat(note)
    signature = [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino]
    cache = tmp_path / "cache"
    cache.mkdir()
    for record in ([*signature, 7], signature, "x", [*map(str, signature), "0" * 64]):
        (cache / "digests.json").write_text(
            fastpath.json.dumps({"kgnotes": fastpath.__version__, "files": {str(note): record}}),
            encoding="utf-8",
        )
        _age(cache / "digests.json", 10)
        digests = fastpath._Digests(cache)
        assert (
            digests.content_digest(str(note), status)
            == fastpath.hashlib.sha256(b"text").hexdigest()
        )


def test_a_record_too_young_to_trust_is_not_carried_into_a_later_save(tmp_path: Path) -> None:
    """Git's smudging: run 1 records a note changed in the same tick; run 2 (later, on other
    notes) rewrites the digest file; run 3 must still hash the note, not trust the record
    because the file holding it is now old."""
    note, other = tmp_path / "a.md", tmp_path / "b.md"
    note.write_text("AAAA", encoding="utf-8")
    other.write_text("x", encoding="utf-8")
    status = os.stat(note)
    cache = tmp_path / "cache"
    first = fastpath._Digests(cache)  # run 1
    first.content_digest(str(note), status)
    first.save()
    note.write_text("BBBB", encoding="utf-8")  # same size, and (simulated) the same tick:
    same_tick = SimpleNamespace(
        st_size=status.st_size,
        st_mtime_ns=status.st_mtime_ns,
        st_ctime_ns=status.st_ctime_ns,
        st_ino=status.st_ino,
    )
    second = fastpath._Digests(cache)  # run 2, on the other note only
    second.content_digest(str(other), os.stat(other))
    second.save()
    _age(cache / "digests.json", 10)
    third = fastpath._Digests(cache)  # run 3
    expected = fastpath.hashlib.sha256(b"BBBB").hexdigest()
    assert third.content_digest(str(note), same_tick) == expected


def test_cache_files_that_are_not_regular_files_are_ignored(tmp_path, run_cli) -> None:
    root = _project(tmp_path)
    expected = run_cli(["check", "--no-cache", "notes"], root)
    cache = root / ".kgnotes_cache"
    cache.mkdir()
    (cache / "digests.json").symlink_to("/dev/zero")  # would read forever
    os.mkfifo(cache / "output.json")  # would block an ordinary open
    (cache / "parsed.json").symlink_to("/dev/zero")
    for _ in range(2):
        assert run_cli(["check", "notes"], root) == expected


def test_entries_written_under_another_secret_are_never_hits(
    tmp_path, run_cli, monkeypatch
) -> None:
    """A cache folder from a pull request was written by someone else: with its keys under
    their secret, nothing in it can match here (a forged "All checks passed" included)."""
    root = _project(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "theirs"))
    cache_safety.machine_secret.cache_clear()
    (root / "notes" / "sns.md").write_text(ANSWERED, encoding="utf-8")
    theirs = run_cli(["check", "--whole-corpus", "notes/sns.md"], root)
    assert theirs[0] == 0 and (tmp_path / "theirs" / "kgnotes" / "cache-secret").is_file()
    (root / "notes" / "sns.md").write_text(UNANSWERED, encoding="utf-8")
    run_cli(["check", "--whole-corpus", "notes/sns.md"], root)  # their cache of this note too
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "mine"))
    cache_safety.machine_secret.cache_clear()
    runs = []
    real = kgnotes.engine._run_rules
    monkeypatch.setattr(kgnotes.engine, "_run_rules", lambda *a: runs.append(1) or real(*a))
    code, out, _ = run_cli(["check", "--whole-corpus", "notes/sns.md"], root)
    assert code == 1 and "unanswered-question" in out
    assert runs == [1]  # neither the output nor the results cache was used
    cache_safety.machine_secret.cache_clear()


def test_without_a_place_for_the_secret_there_is_no_cache(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    cache_safety.machine_secret.cache_clear()
    try:
        assert cache_safety.machine_secret() is None
        assert cache_safety.keyed("anything") is None
    finally:
        cache_safety.machine_secret.cache_clear()
