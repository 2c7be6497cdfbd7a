"""Relation extraction: which sentence gives which typed, directed edge between services.

Each case is one fact in a small note, run through the real parser, catalog and extractor.
"""

from __future__ import annotations

import textwrap

import pytest

from kgnotes.catalog.catalog import load_catalog
from kgnotes.graph.extract import Extraction, Extractor
from kgnotes.graph.relations import classify, is_list_separator
from kgnotes.parser import parse_text


def extract(markdown: str) -> Extraction:
    parsed = parse_text(textwrap.dedent(markdown).removeprefix("\n"), "n.md")
    return Extractor(load_catalog()).extract(parsed.notes)


def edges(markdown: str) -> set[tuple[str, str, str]]:
    """(source, relation, target) of every relation; undirected ones are stored sorted."""
    return {(r.source, r.relation, r.target) for r in extract(markdown).relations}


def fact_edges(sentence: str, title: str = "Study Notes") -> set[tuple[str, str, str]]:
    return edges(f"## {title}\n\n- {sentence}\n\n### Questions\n\n- Why does this matter?\n")


# --- directed relations, active and passive --------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "edge"),
    [
        (
            "DynamoDB Streams triggers a Lambda function.",
            ("dynamodb-streams", "triggers", "lambda"),
        ),
        (
            "A Lambda function is triggered by DynamoDB Streams.",
            ("dynamodb-streams", "triggers", "lambda"),
        ),
        ("Amazon S3 invokes AWS Lambda for every new object.", ("s3", "triggers", "lambda")),
        ("AWS Lambda is invoked by Amazon S3 for every new object.", ("s3", "triggers", "lambda")),
        (
            "AWS Lambda runs whenever Amazon DynamoDB Streams has new records.",
            ("dynamodb-streams", "triggers", "lambda"),
        ),
        ("Amazon S3 sends event notifications to Amazon SNS.", ("s3", "publishes-to", "sns")),
        ("Amazon SNS pushes each message to Amazon SQS.", ("sns", "publishes-to", "sqs")),
        ("Amazon SNS receives messages from Amazon S3.", ("s3", "publishes-to", "sns")),
        ("AWS Lambda polls messages from Amazon SQS.", ("sqs", "publishes-to", "lambda")),
        ("Amazon SQS queues subscribe to an Amazon SNS topic.", ("sqs", "subscribes-to", "sns")),
        ("AWS Backup stores backups in Amazon S3.", ("backup", "stores-in", "s3")),
        (
            "Amazon ECS keeps the secrets in Parameter Store.",
            ("ecs", "stores-in", "parameter-store"),
        ),
        (
            "Amazon Data Firehose loads the records into Amazon Redshift.",
            ("kinesis-data-firehose", "stores-in", "redshift"),
        ),
        (
            "Amazon S3 stores the objects written by Amazon Data Firehose.",
            ("kinesis-data-firehose", "stores-in", "s3"),
        ),
        (
            "Lambda@Edge runs code at CloudFront locations.",
            ("lambda-edge", "runs-on", "cloudfront"),
        ),
        (
            "Amazon EventBridge builds on the CloudWatch Events API.",
            ("eventbridge", "builds-on", "cloudwatch-events"),
        ),
    ],
)
def test_a_directed_relation_and_its_direction(sentence: str, edge: tuple) -> None:
    assert fact_edges(sentence) == {edge}


def test_a_passive_backup_points_from_the_source_to_the_store() -> None:
    """ "AWS Backup stores backups in Amazon S3" -> backup stores-in s3: the target is the
    store. So "EFS is backed up by AWS Backup" stores EFS's data in AWS Backup."""
    assert fact_edges("Amazon EFS file systems are backed up by AWS Backup.") == {
        ("efs", "stores-in", "backup")
    }


# --- undirected relations --------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Unlike EBS, EFS can be mounted by many instances at once.",
        "EFS vs EBS: one is shared, the other attaches to one instance.",
        "Amazon EFS, on the other hand, is shared by many instances, which Amazon EBS is not.",
        "EFS is shared by many instances, while EBS attaches to one.",
        "Pick EFS instead of EBS when many instances need the same files.",
        "Compared with EBS, EFS costs more per gigabyte.",
    ],
)
def test_compared_with(sentence: str) -> None:
    assert fact_edges(sentence) == {("ebs", "compared-with", "efs")}


@pytest.mark.parametrize(
    "sentence",
    [
        "Amazon DynamoDB integrates with AWS Lambda.",
        "Amazon API Gateway sits in front of AWS Lambda.",
        "AWS Lambda works with Amazon DynamoDB through streams.",
    ],
)
def test_integrates_with(sentence: str) -> None:
    (edge,) = fact_edges(sentence)
    assert edge[1] == "integrates-with"
    assert {edge[0], edge[2]} in ({"dynamodb", "lambda"}, {"api-gateway", "lambda"})


def test_two_services_and_nothing_more_specific_are_mentioned_with() -> None:
    assert fact_edges("Amazon SQS and Amazon SNS are both fully managed.") == {
        ("sns", "mentioned-with", "sqs")
    }


def test_undirected_edges_are_stored_one_way_only() -> None:
    extraction = extract(
        "## Storage\n\n- Unlike EBS, EFS is shared.\n- Unlike EFS, EBS is attached.\n"
        "\n### Questions\n\n- Which is shared?\n"
    )
    assert {(r.source, r.target, r.directed) for r in extraction.relations} == {
        ("ebs", "efs", False)
    }


# --- lists, neighbours, titles, questions, families ------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Amazon S3 can publish events to Amazon SNS, Amazon SQS or AWS Lambda.",
        "Amazon S3 can publish events to SNS, SQS, and Lambda.",
    ],
)
def test_every_item_of_a_list_inherits_the_relation(sentence: str) -> None:
    published = {edge for edge in fact_edges(sentence) if edge[0] == "s3"}
    assert published == {
        ("s3", "publishes-to", "sns"),
        ("s3", "publishes-to", "sqs"),
        ("s3", "publishes-to", "lambda"),
    }


def test_a_verb_between_two_other_services_does_not_type_a_distant_pair() -> None:
    found = fact_edges("Amazon CloudWatch watches Amazon S3, which triggers AWS Lambda.")
    assert ("s3", "triggers", "lambda") in found
    assert ("cloudwatch", "mentioned-with", "lambda") in found
    assert not any(edge[1] == "triggers" and edge[0] == "cloudwatch" for edge in found)


def test_list_separators() -> None:
    assert is_list_separator(", ")
    assert is_list_separator(" or ")
    assert is_list_separator(", and the ")
    assert not is_list_separator(" which triggers ")


def test_the_words_nearest_the_second_service_decide() -> None:
    sentence = "Add a Lambda trigger, together with an IAM role."
    first, second = sentence.index("Lambda"), sentence.index("IAM")
    typed = classify(sentence, first, first + len("Lambda"), second)
    assert typed.relation == "integrates-with"


def test_a_title_with_several_services_links_them() -> None:
    found = edges(
        """
        ## SNS + SQS

        - Fan-out copies each message to every queue.

        ### Questions

        - What does fan-out do?
        """
    )
    assert found == {("sns", "integrates-with", "sqs")}
    (relation,) = extract("## SNS + SQS\n\n- A fact.\n\n### Questions\n\n- Why?\n").relations
    assert (relation.evidence.line, relation.evidence.sentence) == (1, "SNS + SQS")


def test_the_title_service_is_the_subject_of_a_sentence_naming_one_other() -> None:
    found = edges(
        """
        ## Amazon ECS

        - Keep the database password in Parameter Store.
        - Tasks can be started by Amazon EventBridge.
        - Each task runs in its own network namespace.

        ### Questions

        - Where should the password live?
        """
    )
    assert found == {
        ("ecs", "stores-in", "parameter-store"),
        ("eventbridge", "triggers", "ecs"),
    }


def test_questions_add_mentions_but_never_edges() -> None:
    extraction = extract(
        """
        ## Amazon ECS

        - Tasks pull their images before they start.

        ### Questions

        - Can Amazon S3 trigger AWS Lambda when a task stops?
        """
    )
    assert extraction.relations == ()
    question_sites = {(s.service_id, s.kind, s.line) for s in extraction.sites}
    assert {("s3", "question", 7), ("lambda", "question", 7)} <= question_sites


@pytest.mark.parametrize(
    "sentence",
    [
        "Lambda@Edge extends Lambda to edge locations.",
        "DynamoDB Streams is switched on per DynamoDB table.",
        "FSx for Windows File Server is one flavour of Amazon FSx.",
        "Parameter Store is a capability of AWS Systems Manager.",
    ],
)
def test_a_feature_and_its_product_are_not_linked(sentence: str) -> None:
    assert fact_edges(sentence) == set()


@pytest.mark.parametrize(
    ("title", "sentence"),
    [
        ("DynamoDB", "DynamoDB Streams is not switched on by default."),
        ("Amazon FSx for Windows", "Thousands of clients can use one FSx file system at once."),
    ],
)
def test_a_title_subject_and_its_own_feature_are_not_linked(title: str, sentence: str) -> None:
    assert fact_edges(sentence, title=title) == set()


def test_a_feature_between_its_product_and_a_third_service_does_not_hide_the_relation() -> None:
    found = fact_edges(
        "Lambda@Edge runs AWS Lambda functions at locations near the viewers of Amazon CloudFront."
    )
    assert ("lambda-edge", "runs-on", "cloudfront") in found


def test_every_relation_carries_its_sentence_as_evidence() -> None:
    extraction = extract(
        """
        ## Events

        - Amazon S3 sends event notifications to Amazon SNS. Amazon SNS pushes them to Amazon SQS.

        ### Questions

        - Where do the notifications go?
        """
    )
    evidence = {
        (r.source, r.target): (r.evidence.path, r.evidence.line, r.evidence.sentence)
        for r in extraction.relations
    }
    assert evidence == {
        ("s3", "sns"): ("n.md", 3, "Amazon S3 sends event notifications to Amazon SNS."),
        ("sns", "sqs"): ("n.md", 3, "Amazon SNS pushes them to Amazon SQS."),
    }


def test_starts_with_is_not_a_trigger() -> None:
    """Regression: "Starts with an IAM role" in an EC2 note read as EC2 triggers IAM."""
    assert all(
        relation != "triggers"
        for _, relation, _ in fact_edges("Amazon EC2 starts with an IAM role attached.")
    )
