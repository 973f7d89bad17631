"""Transitions per second: our engine (in memory and durable) beside moto's interpreter, same definitions.

Goal (issue 3): >= 20,000 transitions/s and >= 10x moto on a 1,000-state Pass chain and a Map of 10,000.
"In memory" is run_definition (no history kept); "durable" is LocalWorkflow, which also commits the
GetExecutionHistory events and the execution's frames to SQLite. Times include compiling the definition
(in memory) and starting the execution (both). Both engines are held to the goal.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from asl_engine import run_definition
from mdap.adapters.clock import ControllableClock
from mdap.adapters.local.table import SqliteTable
from mdap.adapters.local.workflow import LocalWorkflow

MAP_ITEMS = 10_000
MOTO_CONFIG: Any = {"stepfunctions": {"execute_state_machine": True}}


def pass_chain(n: int) -> dict[str, Any]:
    states: dict[str, Any] = {f"S{i}": {"Type": "Pass", "Next": f"S{i + 1}"} for i in range(n - 1)}
    states[f"S{n - 1}"] = {"Type": "Pass", "Parameters": {"done.$": "$.x", "표시": "완료"}, "End": True}
    return {"StartAt": "S0", "States": states}


def map_over_items() -> dict[str, Any]:
    processor = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"v.$": "$"}, "End": True}}}
    return {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": processor,
                                             "End": True}}}


CASES = {
    "pass_chain_1000": (pass_chain(1000), {"x": 1}, 1000, {"done": 1, "표시": "완료"}),
    "map_10000": (map_over_items(), {"items": list(range(MAP_ITEMS))}, MAP_ITEMS + 1,
                  [{"v": i} for i in range(MAP_ITEMS)]),
}


def ours_in_memory(definition: dict[str, Any], data: Any, expected: Any) -> float:
    started = time.perf_counter()
    result = run_definition(definition, data)
    elapsed = time.perf_counter() - started
    assert (result.status, result.output) == ("SUCCEEDED", expected)
    return elapsed


def ours_durable(definition: dict[str, Any], data: Any, expected: Any, tmp: Path) -> float:
    (tmp / "asl").mkdir(parents=True)
    (tmp / "asl" / "bench.asl.json").write_text(json.dumps(definition))
    (tmp / "tasks.json").write_text('{"functions": {}}')
    workflow = LocalWorkflow(tmp, ControllableClock(), SqliteTable(tmp / "table.sqlite3"),
                             definitions_dir=tmp / "asl", task_map=tmp / "tasks.json")
    started = time.perf_counter()
    arn = workflow.start("bench", data)
    workflow.run_until_idle()
    elapsed = time.perf_counter() - started
    execution = workflow.describe(arn)
    workflow.close()
    assert (execution.status, execution.output) == ("SUCCEEDED", expected)
    return elapsed


def moto(definition: dict[str, Any], data: Any, expected: Any) -> float:
    os.environ.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1")
    with mock_aws(config=MOTO_CONFIG):
        sfn = boto3.client("stepfunctions", region_name="us-east-1")
        machine = sfn.create_state_machine(name="bench", definition=json.dumps(definition),
                                           roleArn="arn:aws:iam::123456789012:role/bench")["stateMachineArn"]
        started = time.perf_counter()
        arn = sfn.start_execution(stateMachineArn=machine, input=json.dumps(data))["executionArn"]
        while (described := sfn.describe_execution(executionArn=arn))["status"] == "RUNNING":
            time.sleep(0.005)
        elapsed = time.perf_counter() - started
        # moto leaves a large output out of DescribeExecution; the closing history event carries it
        events = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
        last = max(events, key=lambda e: e["id"])
    output = json.loads(last["executionSucceededEventDetails"]["output"])
    assert (described["status"], output) == ("SUCCEEDED", expected)
    return elapsed


@pytest.mark.bench
@pytest.mark.timeout(900)
@pytest.mark.parametrize("case", sorted(CASES))
def test_transitions_per_second_against_moto(case: str, tmp_path: Path) -> None:
    definition, data, transitions, expected = CASES[case]
    ours_in_memory(definition, data, expected)  # warm up imports and caches
    memory = min(ours_in_memory(definition, data, expected) for _ in range(3))
    durable = min(ours_durable(definition, data, expected, tmp_path / f"run{i}") for i in range(2))
    reference = moto(definition, data, expected)
    rates = {"asl_engine in memory": transitions / memory, "asl_engine durable (SQLite)": transitions / durable,
             "moto 5.2.5": transitions / reference}
    print(f"\n{case}: {transitions} transitions")
    for name, rate in rates.items():
        print(f"  {name:<28} {rate:>12,.0f} transitions/s")
    print(f"  speed-up over moto: in memory {memory and reference / memory:,.1f}x, "
          f"durable {reference / durable:,.1f}x")
    assert rates["asl_engine in memory"] >= 20_000 and reference / memory >= 10
    # The durable engine (the one the local profile runs) is held to the same goal.
    assert rates["asl_engine durable (SQLite)"] >= 20_000 and reference / durable >= 10
