"""The service catalog and the entity linker: which words become which service node.

The linker runs on the shipped catalog (kgnotes/catalog/); the last tests extend or replace
it through config and feed it broken catalog files.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kgnotes.catalog.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def linked(catalog, text: str, title: bool = False) -> list[tuple[str, str]]:
    """(service id, words as written) of every mention, in order."""
    return [(m.service_id, m.surface) for m in catalog.link(text, title=title)]


def ids(catalog, text: str, title: bool = False) -> list[str]:
    return [m.service_id for m in catalog.link(text, title=title)]


# --- longest match, case, plurals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DynamoDB Streams feeds changes made in DynamoDB.",
            [("dynamodb-streams", "DynamoDB Streams"), ("dynamodb", "DynamoDB")],
        ),
        (
            "FSx for Windows File Server is one kind of FSx.",
            [("fsx-windows", "FSx for Windows File Server"), ("fsx", "FSx")],
        ),
        (
            "Keep it in AWS Systems Manager Parameter Store.",
            [("parameter-store", "AWS Systems Manager Parameter Store")],
        ),
        ("Systems Manager runs commands.", [("systems-manager", "Systems Manager")]),
        ("Lambda@Edge extends Lambda.", [("lambda-edge", "Lambda@Edge"), ("lambda", "Lambda")]),
    ],
)
def test_the_longest_name_wins(catalog, text: str, expected: list) -> None:
    assert linked(catalog, text) == expected


@pytest.mark.parametrize(
    ("text", "service_id"),
    [
        ("Two SQS queues take the orders.", "sqs"),
        ("Small Lambdas glue the steps together.", "lambda"),
        ("The EC2s behind the balancer.", "ec2"),
        ("Two Application Load Balancers share the traffic.", "alb"),
        ("Raise the Lambda's timeout.", "lambda"),
        ("An S3-backed data lake.", "s3"),
        ("amazon dynamodb stores the items.", "dynamodb"),
        ("The DYNAMODB table.", "dynamodb"),
        ("Several lambda functions run in parallel.", "lambda"),
    ],
)
def test_case_plural_possessive_and_hyphen_are_tolerated(
    catalog, text: str, service_id: str
) -> None:
    assert ids(catalog, text) == [service_id]


@pytest.mark.parametrize(
    "text",
    ["the sqs queue", "an Sqs queue", "store it in s3", "a python lambda expression"],
)
def test_short_acronyms_and_case_sensitive_names_need_their_case(catalog, text: str) -> None:
    assert ids(catalog, text) == []


# --- ordinary words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "prefixed", "service_id"),
    [
        ("Config", "AWS Config", "config"),
        ("Backup", "AWS Backup", "backup"),
        ("Batch", "AWS Batch", "batch"),
        ("Glue", "AWS Glue", "glue"),
        ("Shield", "AWS Shield", "shield"),
        ("Inspector", "Amazon Inspector", "inspector"),
    ],
)
def test_ordinary_word_services_need_their_prefix_or_a_whole_title(
    catalog, word: str, prefixed: str, service_id: str
) -> None:
    assert ids(catalog, f"{word} settings are kept for later.") == []
    assert ids(catalog, f"Keep the {word.lower()} settings for later.") == []
    assert ids(catalog, f"{prefixed} settings are kept for later.") == [service_id]
    assert ids(catalog, word, title=True) == [service_id]
    assert ids(catalog, f"{word} strategies", title=True) == []
    assert ids(catalog, word) == []  # the same word outside a title is prose


# --- never services --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Availability Zone",
        "one Availability Zone",
        "AWS Region",
        "Region",
        "Redis",
        "MySQL",
        "DNS",
        "HTTP",
        "Docker Swarm",
        "Active Directory",
        "Microsoft Active Directory",
        "AWS account",
    ],
)
def test_places_engines_protocols_and_tools_are_never_nodes(catalog, text: str) -> None:
    assert ids(catalog, text) == []
    assert ids(catalog, text, title=True) == []


def test_directory_service_is_a_service_though_active_directory_is_not(catalog) -> None:
    assert ids(catalog, "AWS Directory Service joins Active Directory.") == ["directory-service"]


def test_an_engine_inside_a_service_name_is_not_a_node(catalog) -> None:
    assert ids(catalog, "ElastiCache for Redis and Amazon RDS for MySQL") == ["elasticache", "rds"]


# --- renamings and families ------------------------------------------------------------------


def test_renamed_and_rebranded_services(catalog) -> None:
    services = catalog.services
    assert ids(catalog, "CloudWatch Events") == ["cloudwatch-events"]
    assert services["cloudwatch-events"].renamed_to == "eventbridge"
    assert ids(catalog, "Amazon EventBridge") == ["eventbridge"]
    firehose = ["Amazon Data Firehose", "Kinesis Data Firehose", "Amazon Kinesis Data Firehose"]
    assert {service for name in firehose for service in ids(catalog, name)} == {
        "kinesis-data-firehose"
    }


@pytest.mark.parametrize(
    ("child", "parent", "runs_at"),
    [
        ("dynamodb-streams", "dynamodb", None),
        ("lambda-edge", "lambda", "cloudfront"),
        ("fsx-windows", "fsx", None),
        ("parameter-store", "systems-manager", None),
    ],
)
def test_features_name_the_product_they_belong_to(
    catalog, child: str, parent: str, runs_at: str | None
) -> None:
    service = catalog.services[child]
    assert (service.part_of, service.runs_at) == (parent, runs_at)
    assert parent in catalog.services


# --- user catalogs through config ------------------------------------------------------------

_K8S_CATALOG = """
not_services = ["node"]

[services.kube-proxy]
name = "kube-proxy"
category = "containers"
aliases = ["kube-proxy"]

[services.kubelet]
name = "kubelet"
category = "containers"
aliases = ["kubelet"]
"""

_K8S_NOTE = """
## Node Agents

- The kubelet starts the pods, and kube-proxy keeps the node's network rules.
- Amazon SQS is not part of a cluster.

### Questions

- Which agent starts the pods?
"""


def _graph_nodes(run_cli, project: Path) -> set[str]:
    code, out, err = run_cli(["graph", "notes"], project)
    assert (code, err) == (0, "")
    return {node["id"] for node in json.loads(out)["nodes"]}


def test_a_catalog_file_from_config_extends_the_catalog(
    project: Path, write_notes, run_cli
) -> None:
    write_notes(
        project,
        {
            "kgnotes.toml": '[catalog]\nfiles = ["k8s.toml"]\n',
            "k8s.toml": _K8S_CATALOG,
            "notes/agents.md": _K8S_NOTE,
        },
    )
    assert _graph_nodes(run_cli, project) == {"kube-proxy", "kubelet", "sqs"}


def test_a_catalog_file_can_replace_the_aws_catalog(project: Path, write_notes, run_cli) -> None:
    write_notes(
        project,
        {
            "kgnotes.toml": '[catalog]\nfiles = ["k8s.toml"]\nreplace = true\n',
            "k8s.toml": _K8S_CATALOG,
            "notes/agents.md": _K8S_NOTE,
        },
    )
    assert _graph_nodes(run_cli, project) == {"kube-proxy", "kubelet"}


_SERVICE = '[services.kube-proxy]\nname = "kube-proxy"\ncategory = "containers"\n'


@pytest.mark.parametrize(
    ("catalog_text", "key", "reason"),
    [
        (_SERVICE + 'colour = "blue"\n', "services.kube-proxy.colour", "unknown key"),
        (
            _SERVICE.replace("containers", "orchestration"),
            "services.kube-proxy.category",
            "unknown category",
        ),
        (_SERVICE + 'part_of = "kubelet"\n', "services.kube-proxy.part_of", "unknown id"),
        ("[services.kube-proxy\n", "", "invalid catalog file"),
        ("servces = 1\n", "servces", "unknown key"),
    ],
    ids=["unknown-key", "unknown-category", "unknown-part-of", "invalid-toml", "top-level-key"],
)
def test_a_bad_catalog_file_is_a_config_error_naming_file_and_key(
    catalog_text: str, key: str, reason: str, project: Path, write_notes, run_cli
) -> None:
    write_notes(
        project,
        {
            "kgnotes.toml": '[catalog]\nfiles = ["k8s.toml"]\n',
            "k8s.toml": catalog_text,
            "notes/agents.md": _K8S_NOTE,
        },
    )
    code, out, err = run_cli(["graph", "notes"], project)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    catalog_file = str((project / "k8s.toml").resolve())
    expected_start = f"kgnotes: {catalog_file}: " + (f"{key}: " if key else "")
    assert line.startswith(expected_start), line
    assert reason in line


def test_the_shipped_catalog_is_up_to_date_with_botocore() -> None:
    if importlib.util.find_spec("botocore") is None:
        pytest.skip("botocore is not installed (pip install -e .[dev])")
    completed = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_catalog.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
