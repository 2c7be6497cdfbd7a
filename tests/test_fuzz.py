"""Property tests: the parser, the decoder and the whole pipeline on generated input.

Every test has a bounded number of examples and is derandomized, so a run is reproducible
and the file stays well under a minute on two cores. The Markdown-ish strategy writes notes
from a small grammar (headings, rules, quotes, answers, bullets, numbered items, nesting,
section markers, fences, suppression comments, front matter, every line ending, BOM, tabs,
unicode), so most examples look like real notes with something odd in them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgnotes.build import OUTPUT_FILES
from kgnotes.cli import main
from kgnotes.models import ParsedFile
from kgnotes.parser import parse_text
from kgnotes.reader import UnreadableFile, decode_note_bytes

FUZZ = settings(
    database=None,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------------- strategies

WORDS = [
    "S3",
    "SQS",
    "SNS",
    "Lambda",
    "DynamoDB",
    "EC2",
    "EBS",
    "EFS",
    "CloudFront",
    "Kinesis",
    "Glacier",
    "Amazon",
    "AWS",
    "Foo",
    "bucket",
    "queue",
    "topic",
    "stream",
    "object",
    "retention",
    "days",
    "15",
    "minutes",
    "256",
    "KB",
    "per",
    "second",
    "TODO",
    "XX",
    "TBD",
    "???",
    "what",
    "how",
    "many",
    "which",
    "why",
    "does",
    "is",
    "the",
    "a",
    "of",
    "to",
    "and",
    "or",
    "vs",
    "unlike",
    "triggers",
    "sends",
    "stores",
    "Questions",
    "Answers",
    "Notes",
    "café",
    "日本",
    "✓",
    "ä",
    "é",
    "\u200b",
]
PROBES = ("<script>alert(1)</script>", "</script>", "<img src=x onerror=alert(1)>")
RULE_KEYS = ("KGN104", "placeholder", "KGN3", "all", "unanswered-question", "bogus", "")

odd_word = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\0"),
    min_size=1,
    max_size=6,
)
word = st.one_of(*[st.sampled_from(WORDS)] * 6, odd_word)
marks = st.sampled_from(
    ["", "", "", "", "", "", "", "", "*", "**", "_", "`", "[", "]", "(", "|", "\\", "::", "#"]
)


@st.composite
def inline(draw, probes: bool = False) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 7))):
        parts.append(draw(marks) + draw(word) + draw(marks))
        if probes and draw(st.integers(0, 4)) == 0:
            parts.append(draw(st.sampled_from(PROBES)))
    text = " ".join(parts)
    return text + draw(st.sampled_from(["", "", "?", ".", ":", " ^abc-1", " #card"]))


@st.composite
def block(draw, probes: bool = False) -> str:
    text = draw(inline(probes))
    kind = draw(st.integers(0, 21))
    indent = draw(st.sampled_from(["", "", "  ", "    ", "\t", "   ", "      "]))
    if kind == 0:
        return "#" * draw(st.integers(1, 6)) + " " + text
    if kind == 1:
        return draw(st.sampled_from(["---", "***", "___", "- - -"]))
    if kind == 2:
        return ">" * draw(st.integers(1, 3)) + " " + text
    if kind == 3:
        return f"_{text}_"
    if kind in (4, 5, 6):
        return indent + draw(st.sampled_from("-*+")) + " " + text
    if kind == 7:
        return indent + f"{draw(st.integers(0, 12))}{draw(st.sampled_from('.)'))} {text}"
    if kind == 8:
        return draw(
            st.sampled_from(
                ["### Questions", "Questions:", "### Answers", "#### Notes", "**Questions**"]
            )
        )
    if kind == 9:
        body = "\n".join(draw(st.lists(inline(probes), max_size=3)))
        closing = draw(st.sampled_from(["```", "~~~", ""]))
        return f"```{draw(st.sampled_from(['', 'text', 'md']))}\n{body}\n{closing}"
    if kind == 10:
        rule = draw(st.sampled_from(RULE_KEYS))
        action = draw(st.sampled_from(["disable-next-line", "disable-line", "disable-file"]))
        return draw(st.sampled_from([f"<!-- kgnotes: {action} {rule} -->", "<!--", "-->"]))
    if kind == 11:
        return f"**{text}**"
    if kind == 12:
        return f"{indent}- {text}:: {draw(inline(probes))}"
    if kind == 13:
        return f"| {text} | b |\n|---|---|\n| c | d |"
    if kind == 14:
        # a deep list on one line: deeper than markdown-it's nesting limit sometimes
        return "- " * draw(st.integers(1, 30)) + text
    if kind in (15, 16):
        return ""  # blank line
    if kind in (17, 18):
        questions = "\n".join(f"- {draw(inline(probes))}?" for _ in range(draw(st.integers(0, 3))))
        facts = "\n".join(f"- {draw(inline(probes))}" for _ in range(draw(st.integers(0, 3))))
        return f"## {text}\n\n{facts}\n\n### Questions\n\n{questions}"
    return text  # a paragraph


@st.composite
def markdownish(draw, probes: bool = False) -> str:
    """Note-like text: blocks joined by one line-end style (or a mix), maybe a BOM."""
    blocks = draw(st.lists(block(probes), min_size=0, max_size=25))
    if draw(st.booleans()):
        blocks.insert(0, "## " + draw(inline(probes)))
    if draw(st.integers(0, 5)) == 0:
        blocks.insert(0, "---\ntitle: " + draw(word) + "\n---")
    style = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    if style == "mixed":
        text = ""
        for item in blocks:
            text += item + draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"]))
    else:
        gap = draw(st.sampled_from(["\n", "\n\n"]))
        text = gap.join(blocks) + draw(st.sampled_from(["", "\n"]))
        text = text.replace("\n", style)
    if draw(st.integers(0, 6)) == 0:
        text = "\ufeff" + text
    return text


# ------------------------------------------------------------------------------ helpers


def line_count(text: str) -> int:
    """Lines as editors count them: CRLF, CR and LF each end a line; a final line end does
    not start a new line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return max(1, len(lines))


def all_lines(parsed: ParsedFile) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []

    def add(where: str, item) -> None:
        if item is not None:
            found.append((where, item.line))

    for note in parsed.notes:
        found += [("note.line", note.line), ("note.end_line", note.end_line)]
        add("scenario", note.scenario)
        add("scenario_answer", note.scenario_answer)
        for fact in note.facts:
            add("fact", fact)
            add("fact.lead_in", fact.lead_in)
            for detail in fact.details:
                add("fact.detail", detail)
        for question in note.questions:
            add("question", question)
            add("question.answer", question.answer)
            for detail in question.details:
                add("question.detail", detail)
        for answer in note.answers:
            add("answer", answer)
        for section in note.sections:
            add("section", section)
        assert note.line <= note.end_line
    return found


@contextlib.contextmanager
def project_dir():
    """A temporary project with a blank config (so the repository's config is not used),
    and the working directory set to it."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "kgnotes.toml").write_text("cache = false\n", encoding="utf-8")
        with contextlib.chdir(root):
            yield root


def run_main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def write_files(root: Path, files: dict[str, bytes], order: list[str]) -> None:
    (root / "notes").mkdir(exist_ok=True)
    for name in order:
        (root / "notes" / name).write_bytes(files[name])


# --------------------------------------------------------------------------- (a) parser


@settings(FUZZ, max_examples=300)
@given(st.text())
def test_parse_text_never_raises_on_arbitrary_text(text: str) -> None:
    parsed = parse_text(text, "fuzz.md")
    for where, line in all_lines(parsed):
        assert 1 <= line <= line_count(text), (where, line)


@settings(FUZZ, max_examples=1000)
@given(markdownish())
def test_parse_text_line_numbers_stay_inside_the_text(text: str) -> None:
    parsed = parse_text(text, "fuzz.md")
    limit = line_count(text)
    for where, line in all_lines(parsed):
        assert 1 <= line <= limit, (where, line, limit)
    assert parsed.line_count <= limit


# -------------------------------------------------------------------------- (b) decoder

utf8ish = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(st.text(max_size=60), st.binary(max_size=4), st.text(max_size=20)).map(
        lambda p: p[0].encode("utf-8", "surrogatepass") + p[1] + p[2].encode("utf-8", "replace")
    ),
    st.sampled_from([b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"]).flatmap(
        lambda bom: st.binary(max_size=40).map(lambda rest: bom + rest)
    ),
)


@settings(FUZZ, max_examples=500)
@given(utf8ish)
def test_decode_note_bytes_returns_text_or_unreadable(data: bytes) -> None:
    try:
        text = decode_note_bytes(data)
    except UnreadableFile as error:
        assert error.reason
        assert 1 <= error.line <= data.count(b"\n") + 1
    else:
        assert isinstance(text, str)
        assert not text.startswith("\ufeff") or data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")


# ------------------------------------------------------------------------- (c) pipeline

name_alphabet = st.sampled_from([*"abcxyz019-_ äé✓", "日"])
file_name = st.text(alphabet=name_alphabet, min_size=1, max_size=8).map(
    lambda stem: stem.strip() or "n"
)
file_bytes = st.one_of(
    markdownish().map(lambda t: t.encode("utf-8")),
    markdownish().map(lambda t: t.encode("utf-8")),
    markdownish().map(lambda t: t.encode("utf-8")),
    st.binary(max_size=60),  # sometimes something that is not a note at all
)
corpus = st.dictionaries(file_name.map(lambda s: s + ".md"), file_bytes, min_size=1, max_size=4)


def _check(root: Path) -> tuple[int, str, str]:
    return run_main(["check", "notes", "--format", "json", "--no-cache"])


@settings(FUZZ, max_examples=150)
@given(corpus, st.randoms(use_true_random=False))
def test_check_pipeline_on_generated_corpora(files: dict[str, bytes], random) -> None:
    order = sorted(files)
    with project_dir() as root:
        write_files(root, files, order)
        code, out, err = _check(root)
        assert code != 3, err
        assert code in (0, 1, 2), (code, err)
        assert "Traceback" not in out + err
        diagnostics = json.loads(out)
        for item in diagnostics:
            path = Path(item["path"])
            assert path.is_file(), item
            data = path.read_bytes()
            text = data.decode("utf-8", "replace").removeprefix("\ufeff")
            assert 1 <= item["line"] <= line_count(text), item
        again = _check(root)
        assert again == (code, out, err)
    shuffled = list(order)
    random.shuffle(shuffled)
    shuffled.reverse()
    with project_dir() as root:
        write_files(root, files, shuffled)
        assert _check(root) == (code, out, err)


# ---------------------------------------------------------------------------- (d) build

probed_corpus = st.lists(markdownish(probes=True), min_size=1, max_size=3)


def _build(notes: list[str]) -> tuple[int, dict[str, bytes], set[str]]:
    with project_dir() as root:
        for position, text in enumerate(notes):
            target = root / "notes" / f"n{position}.md"
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8")
        before = {p.relative_to(root).as_posix() for p in root.rglob("*")}
        code, _out, err = run_main(["build", "--out", "site"])
        assert "Traceback" not in err
        assert code in (0, 2), (code, err)
        after = {p.relative_to(root).as_posix() for p in root.rglob("*")}
        outputs = {name: (root / "site" / name).read_bytes() for name in OUTPUT_FILES}
        return code, outputs, after - before


def _strip_probes(text: str) -> str:
    for probe in PROBES:
        text = text.replace(probe, "")
    return text


@settings(FUZZ, max_examples=40)
@given(probed_corpus)
def test_build_writes_only_its_outputs_and_escapes_note_text(notes: list[str]) -> None:
    _code, outputs, created = _build(notes)
    assert created == {"site", *(f"site/{name}" for name in OUTPUT_FILES)}
    _, plain, _ = _build([_strip_probes(text) for text in notes])
    for name in ("graph.html", "index.html"):
        page = outputs[name].decode("utf-8")
        baseline = plain[name].decode("utf-8")
        for tag in ("<script", "</script", "<img"):
            assert len(re.findall(tag, page, re.I)) == len(re.findall(tag, baseline, re.I)), (
                name,
                tag,
            )
        assert page.endswith("</html>\n")
    for name in ("graph.json", "coverage.json", "check.json"):
        json.loads(outputs[name])


# ----------------------------------------------------- determinism across processes

SEED_CORPUS = st.lists(markdownish(), min_size=2, max_size=4)


def _subprocess_outputs(root: Path, hash_seed: str) -> tuple[str, dict[str, bytes]]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
    )
    out = root / f"site-{hash_seed}"
    checked = subprocess.run(
        [sys.executable, "-m", "kgnotes", "check", "notes", "--format", "json", "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    built = subprocess.run(
        [sys.executable, "-m", "kgnotes", "build", "--out", out.name],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert built.returncode in (0, 2), built.stderr
    return checked.stdout, {name: (out / name).read_bytes() for name in OUTPUT_FILES}


@settings(FUZZ, max_examples=3)
@given(SEED_CORPUS)
def test_outputs_do_not_depend_on_the_hash_seed(notes: list[str]) -> None:
    """Set and dict order of strings changes with PYTHONHASHSEED: two processes with
    different seeds must print the same findings and build the same bytes."""
    notes = [
        *notes,
        "## S3 and SQS\n\n- S3 sends events to SQS and SNS.\n\n### Questions\n\n"
        "- Where does S3 send events?\n",
    ]
    with project_dir() as root:
        (root / "notes").mkdir()
        for position, text in enumerate(notes):
            (root / "notes" / f"n{position}.md").write_text(text, encoding="utf-8")
        first = _subprocess_outputs(root, "1")
        second = _subprocess_outputs(root, "2")
    assert first[0] == second[0]
    for name in OUTPUT_FILES:
        assert first[1][name] == second[1][name], name
