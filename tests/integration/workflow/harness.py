"""The two Workflow adapters set up over the same fixture ASL files, with one way to 'let it run'.

Local: LocalWorkflow on SQLite under a ControllableClock; settle() runs the engine until idle.
AWS: StepFunctionsWorkflow on moto with execute_state_machine (moto's LocalStack-derived interpreter runs
in background threads, on real time); settle() polls until each execution stops or waits. moto runs no
Lambda code without Docker (use_docker=False returns the event as the result), so the harness plays the
RecordCallback Lambda itself: it reads the token from the TaskScheduled event and calls the same recorder
the local engine runs in-process.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
from moto import mock_aws

from asl_engine.callbacks import recorder
from asl_engine.substitutions import substitute
from asl_engine.taskmap import load_task_map
from mdap.adapters.aws.dynamodb import DynamoTable, create_dynamo_table
from mdap.adapters.aws.stepfunctions import StepFunctionsWorkflow
from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.table import SqliteTable
from mdap.adapters.local.workflow import LocalWorkflow, machine_name
from mdap.ports.workflow import Workflow

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "asl"
TASK_MAP = FIXTURES / "tasks.json"
REGION = "ap-northeast-2"


class LocalEnv:
    name = "local"
    time_travel = True

    def __init__(self, data_dir: Path) -> None:
        self.clock = ControllableClock()
        self.table = SqliteTable(data_dir / "table.sqlite3")
        self.workflow: Workflow = LocalWorkflow(
            data_dir, self.clock, self.table, definitions_dir=FIXTURES, task_map=TASK_MAP,
            handlers={"RecordCallback": recorder(self.table, self.clock)})

    def settle(self, *arns: str) -> None:
        self.workflow.run_until_idle()  # type: ignore[attr-defined]

    def advance(self, delta: timedelta) -> None:
        self.clock.advance(delta)
        self.settle()

    def close(self) -> None:
        self.workflow.close()  # type: ignore[attr-defined]


class AwsEnv:
    name = "aws"
    time_travel = False

    def __init__(self) -> None:
        iam = boto3.client("iam", region_name=REGION)
        role = iam.create_role(RoleName="mdap-workflows", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        create_dynamo_table(boto3.client("dynamodb", region_name=REGION), "mdap-test")
        self.table = DynamoTable(boto3.resource("dynamodb", region_name=REGION), "mdap-test")
        self.record = recorder(self.table)
        sfn = boto3.client("stepfunctions", region_name=REGION)
        prefix = f"arn:aws:states:{REGION}:123456789012:stateMachine:mdap-"
        subs = {name: self._function(role, name) for name in load_task_map(TASK_MAP)}
        stems = [machine_name(p) for p in FIXTURES.glob("*.asl.json")]
        subs.update({f"StateMachine.{s}": prefix + s for s in stems} | {"TableName": "mdap-test"})
        for path in FIXTURES.glob("*.asl.json"):
            sfn.create_state_machine(name=f"mdap-{machine_name(path)}", roleArn=role,
                                     definition=substitute(path.read_text(encoding="utf-8"), subs))
        self.sfn = sfn
        self.workflow: Workflow = StepFunctionsWorkflow(sfn, prefix, self.table)
        self.recorded: set[str] = set()
        self.seen: dict[str, int] = {}

    @staticmethod
    def _function(role: str, name: str) -> str:
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as z:
            z.writestr("handler.py", "def handler(event, context):\n    return event\n")
        fn = boto3.client("lambda", region_name=REGION).create_function(
            FunctionName=f"mdap-{name}", Runtime="python3.11", Role=role, Handler="handler.handler",
            Code={"ZipFile": code.getvalue()})
        return str(fn["FunctionArn"])

    def settle(self, *arns: str, timeout: float = 10.0) -> None:
        """Wait until every execution has stopped or reached a new wait; play the RecordCallback Lambda."""
        deadline = time.monotonic() + timeout
        for arn in arns:
            while time.monotonic() < deadline and not self._settled(arn):
                time.sleep(0.05)

    def _settled(self, arn: str) -> bool:
        events = self.sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
        self._record_tokens(events)
        last = events[-1]["type"] if events else ""
        if len(events) <= self.seen.get(arn, 0):
            return False  # still at the point seen by the previous settle()
        if last.startswith("Execution") and last != "ExecutionStarted":
            # moto writes the closing event before it sets the status
            return bool(self.sfn.describe_execution(executionArn=arn)["status"] != "RUNNING")
        if last in ("TaskSubmitted", "WaitStateEntered"):
            self.seen[arn] = len(events)
            return True
        return False

    def _record_tokens(self, events: list[dict[str, Any]]) -> None:
        for event in events:
            details = event.get("taskScheduledEventDetails") or {}
            payload = json.loads(details.get("parameters") or "{}").get("Payload")
            if isinstance(payload, dict) and "TaskToken" in payload and payload["TaskToken"] not in self.recorded:
                self.recorded.add(payload["TaskToken"])
                self.record(payload, None)

    def advance(self, delta: timedelta) -> None:
        raise AssertionError("moto's interpreter has no controllable clock; tests that move time skip on it")

    def close(self) -> None:
        return None


AWS_CONFIG: Any = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}


@contextmanager
def environment(kind: str, tmp_path: Path) -> Iterator[LocalEnv | AwsEnv]:
    if kind == "local":
        env = LocalEnv(tmp_path)
        try:
            yield env
        finally:
            env.close()
        return
    with mock_aws(config=AWS_CONFIG):
        yield AwsEnv()
