"""The real pre-commit, in a real git repository: a commit that adds an unanswered question
or a duplicate is rejected with file:line, and goes through once the note is fixed; and
`pre-commit try-repo` runs this repository's .pre-commit-hooks.yaml.

pre-commit keeps its environments in PRE_COMMIT_HOME, here under the repository's
.kgnotes_cache/ so a second run of the suite reuses them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ANSWERED = """## SQS

- SQS keeps a message for four days unless you change the retention period.

### Questions

- How long does SQS keep a message by default?
"""

UNANSWERED = """## SNS

- SNS pushes each message published to a topic to every subscriber.

### Questions

- What is the maximum size of an SNS message?
"""

FIXED = """## SNS

- SNS pushes each message published to a topic to every subscriber.
- An SNS message can be at most 256 KB in size.

### Questions

- What is the maximum size of an SNS message?
"""

REPEATS_SQS = """## SQS again

- SQS can hide a message from other consumers for the visibility timeout.

### Questions

- How long does SQS keep a message by default?
"""


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PRE_COMMIT_HOME=str(ROOT / ".kgnotes_cache" / "pre-commit-home"),
        GIT_AUTHOR_NAME="Notes Author",
        GIT_AUTHOR_EMAIL="author@example.invalid",
        GIT_COMMITTER_NAME="Notes Author",
        GIT_COMMITTER_EMAIL="author@example.invalid",
        HOME=str(home),
        PRE_COMMIT_COLOR="never",
    )
    env.pop("GIT_DIR", None)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 600):
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def notes_repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "my-notes"
    (repo / "notes").mkdir(parents=True)
    env = _environment(tmp_path)
    (repo / "kgnotes.toml").write_text('paths = ["notes"]\n', encoding="utf-8")
    (repo / ".gitignore").write_text(".kgnotes_cache/\n", encoding="utf-8")
    (repo / "notes" / "sqs.md").write_text(ANSWERED, encoding="utf-8")
    assert _run(["git", "init", "-q", "-b", "main"], repo, env).returncode == 0
    return repo, env


def _local_hook_config(repo: Path) -> None:
    # The hook as this repository runs it on itself: the kgnotes the tests installed.
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        "      - id: kgnotes\n"
        "        name: kgnotes\n"
        f"        entry: {sys.executable} -m kgnotes check --whole-corpus\n"
        "        language: system\n"
        "        types: [markdown]\n"
        "        require_serial: true\n",
        encoding="utf-8",
    )


def _commit(repo: Path, env: dict[str, str], message: str):
    assert _run(["git", "add", "-A"], repo, env).returncode == 0
    return _run(["git", "commit", "-q", "-m", message], repo, env)


def test_commit_with_unanswered_question_is_rejected_then_accepted(notes_repo) -> None:
    repo, env = notes_repo
    _local_hook_config(repo)
    installed = _run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    first = _commit(repo, env, "Add SQS notes")
    assert first.returncode == 0, first.stdout + first.stderr

    (repo / "notes" / "sns.md").write_text(UNANSWERED, encoding="utf-8")
    rejected = _commit(repo, env, "Add SNS notes")
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0
    assert "notes/sns.md:7:" in output and "KGN301" in output
    assert "Traceback" not in output

    (repo / "notes" / "sns.md").write_text(FIXED, encoding="utf-8")
    accepted = _commit(repo, env, "Add SNS notes with the fact")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_commit_repeating_a_question_in_an_unchanged_note_is_rejected(notes_repo) -> None:
    repo, env = notes_repo
    _local_hook_config(repo)
    assert _run([sys.executable, "-m", "pre_commit", "install"], repo, env).returncode == 0
    assert _commit(repo, env, "Add SQS notes").returncode == 0

    # Only the new file is staged; the duplicate is found because the hook reads the corpus.
    (repo / "notes" / "sqs-more.md").write_text(REPEATS_SQS, encoding="utf-8")
    rejected = _commit(repo, env, "More SQS")
    output = rejected.stdout + rejected.stderr
    assert rejected.returncode != 0
    assert "notes/sqs-more.md:7:" in output and "KGN201" in output
    assert "notes/sqs.md:7" in output  # the message names the first copy


@pytest.mark.slow
def test_try_repo_runs_this_repositorys_hook_manifest(notes_repo) -> None:
    repo, env = notes_repo
    (repo / "notes" / "sns.md").write_text(UNANSWERED, encoding="utf-8")
    _run(["git", "add", "-A"], repo, env)
    # Builds a virtualenv and pip-installs kgnotes from this checkout (dependencies from
    # PyPI) the first time; later runs of the same tree reuse it.
    tried = _run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "kgnotes", "--all-files"],
        repo,
        env,
        timeout=900,
    )
    output = tried.stdout + tried.stderr
    assert tried.returncode != 0, output
    assert "notes/sns.md:7:" in output and "unanswered-question" in output, output

    (repo / "notes" / "sns.md").write_text(FIXED, encoding="utf-8")
    _run(["git", "add", "-A"], repo, env)
    passed = _run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "kgnotes", "--all-files"],
        repo,
        env,
        timeout=900,
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
