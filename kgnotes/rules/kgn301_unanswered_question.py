"""A question that no fact in its note answers.

## What it does
Looks for the fact(s) of the note that answer each question: fact bullets, a lead-in line
with its list, sub-bullets, the scenario and its answer, and in the questions-and-answers
layouts the matched answer. A question whose best fact scores below the threshold is
reported with the closest fact (file:line), its score, and the question's key words that
appear nowhere in the note. In the Q/A layouts a missing, empty or placeholder answer is
unanswered. The scorer is described in `kgnotes/answers.py`; `kgnotes explain-question
FILE:LINE` shows its top candidates for any question.

## Why is this bad?
A question the note cannot answer means the note is missing the fact you will need in the
exam, or the question drifted away from what you wrote down.

## Example
```markdown
## EFS

- EFS grows and shrinks automatically as files are added and removed.

### Questions

- What is the maximum size of an EFS file system?
```

## Options
- `threshold` (float, default 0.5): score at which a fact answers a question. Set it once
  for your corpus; `bench/eval_answerability.py` shows how it trades precision for recall.
- `pair_discount`, `title_weight`, `light_weight`, `wrong_type_penalty`, `top_k`: scorer
  knobs, see `kgnotes/answers.py`.
- `semantic` (bool, default false): also answer by meaning, with the optional WordLlama
  model (`pip install 'kgnotes[semantic]'`, see `kgnotes/semantic.py`): a question no fact
  answers term by term is answered by the fact closest in meaning, among those that can give
  the asked kind of value, when its cosine reaches `semantic_threshold` (float, default
  0.33). Such an answer has `"method": "semantic"` in the JSON output.
"""

from __future__ import annotations

from collections.abc import Iterator

from kgnotes.answers import AnswerOptions
from kgnotes.corpus import Corpus
from kgnotes.diagnostics import Finding
from kgnotes.models import Note
from kgnotes.rules.base import Warmup

CODE = "KGN301"
NAME = "unanswered-question"
SEVERITY = "error"
Options = AnswerOptions

# Notes per unit of work: small enough to keep both cores busy to the end.
NOTES_PER_WARMUP = 100


def prepare(corpus: Corpus, options: AnswerOptions) -> list[Warmup]:
    """The answer maps of the reported notes, in runs to build on every core. Kept by the
    corpus, so `kgnotes build` reuses them for the coverage report. When the corpus does not
    keep answers (`kgnotes check`), there is nothing to share: each note is answered where
    its file is checked."""
    if not corpus.keep_answers:
        return []
    notes = [note for note in corpus.notes if corpus.is_reported(note.path)]
    step = NOTES_PER_WARMUP
    runs = [notes[start : start + step] for start in range(0, len(notes), step)]
    return [_answers_of(corpus, run, options) for run in runs]


def _answers_of(corpus: Corpus, notes: list[Note], options: AnswerOptions) -> Warmup:
    return Warmup(
        compute=lambda: [corpus.note_answers(note, options) for note in notes],
        adopt=lambda answers: corpus.adopt_answers(notes, options, answers),
    )


def check(note: Note, corpus: Corpus, options: AnswerOptions) -> Iterator[Finding]:
    for question, answer in zip(note.questions, corpus.note_answers(note, options), strict=True):
        if answer.answered:
            continue
        if answer.method == "answer":
            reason = (
                "its answer is missing" if not answer.supporting else "its answer is a placeholder"
            )
        elif answer.candidates or answer.supporting:
            closest = (answer.candidates or answer.supporting)[0]
            reason = f"closest fact {note.path}:{closest.line} scores {answer.score:.2f}"
            if answer.semantic_score is not None:  # `semantic = true`: it fell short there too
                reason += f", closest in meaning scores {answer.semantic_score:.2f}"
        elif note.facts or note.scenario_answer is not None:
            reason = "the question has no words to look for in the facts"
        else:
            reason = "the note has no facts"
        missing = (
            f"; not in note: {', '.join(answer.missing_terms)}" if answer.missing_terms else ""
        )
        yield Finding(
            anchor=question.text,
            line=question.line,
            column=question.column,
            message=f"no fact answers this question ({reason}{missing})",
            # exclude_none: `semantic_score` only when it was measured.
            data={"answer": answer.model_dump(exclude={"candidates"}, exclude_none=True)},
        )
