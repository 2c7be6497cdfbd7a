"""A seeded generator of realistic study notes, for benchmarks.

    python3 bench/generate.py --notes 1000 --out bench/.work/n1000/notes [--seed 7]

Each note looks like the seed layout: a `## Title` naming one or two services, a scenario
(`> ...`) with its answer (`_..._`) in most notes, 5-9 fact bullets (some with a bold
lead-in and a list, some with sub-bullets), and a `### Questions` list whose questions are
mostly answered by a fact and sometimes not. Service names, numbers and wording vary from
note to note, so the corpus has the occasional duplicate, as real notes do, not thousands.
Same seed and count -> byte-identical files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SERVICES = [
    "Amazon S3",
    "Amazon SQS",
    "Amazon SNS",
    "AWS Lambda",
    "Amazon DynamoDB",
    "Amazon EC2",
    "Amazon EFS",
    "Amazon EBS",
    "Amazon RDS",
    "Amazon Aurora",
    "Amazon CloudFront",
    "Amazon Route 53",
    "Amazon Kinesis",
    "Amazon ECS",
    "AWS Fargate",
    "Amazon EKS",
    "Amazon EventBridge",
    "AWS Step Functions",
    "Amazon API Gateway",
    "AWS KMS",
    "AWS Secrets Manager",
    "AWS Systems Manager Parameter Store",
    "Amazon CloudWatch",
    "AWS CloudTrail",
    "AWS Config",
    "Amazon ElastiCache",
    "Amazon Redshift",
    "Amazon Athena",
    "AWS Glue",
    "Amazon FSx for Windows File Server",
    "AWS Storage Gateway",
    "AWS DataSync",
    "Amazon VPC",
    "AWS Direct Connect",
    "AWS Transit Gateway",
    "Elastic Load Balancing",
    "Amazon Cognito",
    "AWS WAF",
    "AWS Shield",
    "Amazon GuardDuty",
    "AWS Backup",
    "Amazon MQ",
    "AWS IAM",
    "AWS Organizations",
    "Amazon OpenSearch Service",
    "DynamoDB Streams",
    "Lambda@Edge",
    "AWS Global Accelerator",
    "Amazon Neptune",
]
THINGS = [
    "message",
    "object",
    "snapshot",
    "record",
    "log event",
    "request",
    "item",
    "backup",
    "task",
    "connection",
    "session",
    "key",
    "event",
    "metric",
    "invocation",
    "file",
]
QUALITIES = [
    "durable",
    "encrypted at rest",
    "replicated across three Availability Zones",
    "billed per request",
    "fully managed",
    "regional",
    "serverless",
    "highly available",
    "scaled automatically",
    "private to the VPC",
    "versioned",
    "cached at the edge",
]
VERBS = [
    ("sends notifications to", "Where does {a} send notifications?"),
    ("stores its data in", "Where does {a} store its data?"),
    ("triggers", "What does {a} trigger?"),
    ("publishes events to", "Where can {a} publish events?"),
    ("runs on", "What does {a} run on?"),
    ("integrates with", "Which service does {a} integrate with?"),
]
SCENARIOS = [
    "A team must process every {thing} exactly once even when traffic spikes {n} times.",
    "A startup wants each {thing} kept for {n} days without managing servers.",
    "A retailer needs to react within {n} seconds whenever a {thing} changes.",
    "An auditor asks that every {thing} be {quality} and traceable.",
]
UNANSWERABLE = [
    "What is the maximum size of a single {thing} in {a}?",
    "How many {thing}s per second can {a} handle at most?",
    "Which port does {a} use for {thing} traffic?",
    "How much does {a} charge per million {thing}s?",
]


PROJECTS = [
    "Orion",
    "Juniper",
    "Atlas",
    "Kestrel",
    "Marigold",
    "Nimbus",
    "Quartz",
    "Sable",
    "Tundra",
    "Vesper",
    "Willow",
    "Zephyr",
]


def _short(service: str) -> str:
    return service.removeprefix("Amazon ").removeprefix("AWS ")


def note_text(rng: random.Random, index: int) -> str:
    a, b, c = rng.sample(SERVICES, 3)
    thing = rng.choice(THINGS)
    other_thing = rng.choice([t for t in THINGS if t != thing])
    quality = rng.choice(QUALITIES)
    days = rng.randint(2, 400)
    limit = rng.choice([64, 128, 256, 512, 1024, 4096]) * rng.randint(1, 9)
    title = _short(a) if rng.random() < 0.7 else f"{_short(a)} + {_short(b)}"
    project = f"{rng.choice(PROJECTS)} {index}"
    lines = [f"## {title} in {project}", ""]
    facts: list[tuple[str, str]] = []  # (fact line, the question it answers)
    if rng.random() < 0.75:
        scenario = rng.choice(SCENARIOS).format(thing=thing, n=rng.randint(2, 60), quality=quality)
        lines += [f"> {scenario}", "", f"_Use {a} with {b} so each {thing} is {quality}._", ""]
        facts.append(("", f"How do you make each {thing} {quality} in this scenario?"))
    verb, question = rng.choice(VERBS)
    facts += [
        (f"{a} {verb} {b} for every {thing} in {project}.", question.format(a=_short(a))),
        (
            f"By default {a} keeps a {thing} for {days} days; the maximum is {days * 3} days.",
            f"How long does {_short(a)} keep a {thing} by default?",
        ),
        (
            f"A single {other_thing} in {a} can be at most {limit} KB.",
            f"What is the largest {other_thing} {_short(a)} accepts?",
        ),
        (f"Unlike {c}, {a} is {quality}.", f"How does {_short(a)} differ from {_short(c)}?"),
        (
            f"{b} is {rng.choice(QUALITIES)} and costs {rng.randint(1, 90)} cents per GB-month.",
            f"What does {_short(b)} cost per GB-month?",
        ),
    ]
    rng.shuffle(facts)
    for fact, _ in facts:
        if fact:
            lines.append(f"- {fact}")
            if rng.random() < 0.2:
                lines.append(f"  - This applies to {thing}s created in {project}.")
    if rng.random() < 0.4:
        lines += [
            "",
            f"**{_short(a)} offers these modes for a {thing}:**",
            "",
            f"- standard mode with {rng.randint(1, 9)} retries",
            f"- express mode for bursts under {rng.randint(10, 99)} seconds",
            "",
        ]
        facts.append(("", f"Which modes does {_short(a)} offer for a {thing}?"))
    lines += ["", "### Questions", ""]
    # Notes about the same service ask about their own project, as real notes differ.
    questions = [q if rng.random() < 0.3 else f"{q[:-1]} in {project}?" for _, q in facts]
    if rng.random() < 0.3:
        questions.append(rng.choice(UNANSWERABLE).format(thing=other_thing, a=_short(a)))
    rng.shuffle(questions)
    lines += [f"- {question}" for question in questions]
    return "\n".join(lines) + "\n"


def generate(out: Path, notes: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for index in range(notes):
        path = out / f"topic-{index:05d}.md"
        text = note_text(rng, index)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.notes, args.seed)
    print(f"wrote {args.notes} notes to {args.out}")


if __name__ == "__main__":
    main()
