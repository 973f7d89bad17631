"""Run a corpus case on moto's Step Functions backend with its execution engine enabled.

moto 5.x only interprets state machines when ``execute_state_machine`` is on (the parser it carries is
LocalStack's ASL interpreter); otherwise executions stay RUNNING with no output.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core.config import DefaultConfig

from .corpus import Case

MOTO_CONFIG: DefaultConfig = {"stepfunctions": {"execute_state_machine": True}}
ROLE_ARN = "arn:aws:iam::123456789012:role/conformance"
# Pseudo-status for a definition moto refuses at CreateStateMachine (its parser, not the spec, objects).
REJECTED = "REJECTED_BY_MOTO_AT_CREATE"
POLL_SECONDS = 0.01
DEADLINE_SECONDS = 60.0


@contextmanager
def moto_sfn() -> Iterator[Any]:
    with mock_aws(config=MOTO_CONFIG):
        yield boto3.client("stepfunctions", region_name="us-east-1")


def run_on_moto(client: Any, case: Case) -> dict[str, Any]:
    """Create the machine, start one execution, poll until it ends; return {status, output, error, cause}."""
    name = re.sub(r"[^A-Za-z0-9_-]", "-", case.id)[:80]
    try:
        arn = client.create_state_machine(
            name=name, roleArn=ROLE_ARN, definition=json.dumps(case.definition, ensure_ascii=False)
        )["stateMachineArn"]
    except ClientError as exc:  # moto's parser rejects some valid definitions outright
        return {"status": REJECTED, "output": None, "error": exc.response["Error"]["Message"], "cause": None}
    execution = client.start_execution(
        stateMachineArn=arn, name=name, input=json.dumps(case.data["input"], ensure_ascii=False)
    )["executionArn"]
    described = _wait_until_done(client, execution)
    return {
        "status": described["status"],
        "output": _parse_output(described.get("output")),
        "error": described.get("error"),
        "cause": described.get("cause"),
    }


def _parse_output(text: str | None) -> Any:
    """moto reports a failed execution's output as "" or None; keep unparseable text as a marker string."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return {"<moto: output is not JSON>": text}


def _wait_until_done(client: Any, execution_arn: str) -> dict[str, Any]:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while True:
        described: dict[str, Any] = client.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        if time.monotonic() > deadline:
            raise TimeoutError(f"moto execution {execution_arn} still RUNNING after {DEADLINE_SECONDS} s")
        time.sleep(POLL_SECONDS)


def main() -> None:
    """Print, for every moto-runnable case, whether moto agrees with the expectation (authoring aid)."""
    from .corpus import load_cases, result_differences

    with moto_sfn() as client:
        for case in load_cases():
            if case.moto_skip_reason or case.is_validation:
                continue
            actual = run_on_moto(client, case)
            diffs = result_differences(case.expected, actual)
            print(("AGREE    " if not diffs else "DISAGREE ") + case.id)
            if diffs:
                print("   ", diffs, "\n    actual:", json.dumps(actual, ensure_ascii=False))


if __name__ == "__main__":
    main()
