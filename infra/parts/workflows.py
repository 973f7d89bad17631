"""Workflows: every step_functions/*.asl.json as a Standard state machine, with its task Lambdas.

The ASL files are the single definition shared with the local engine. Their placeholders are
``${<LogicalName>}`` (a task Lambda of tasks.json), ``${StateMachine.<stem>}`` (another ASL file) and
``${TableName}``: the names the local engine substitutes (``asl_engine.substitutions``), checked with its
own ``substitute`` so an unknown placeholder is refused at synth exactly as the local engine refuses it.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Aws
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from asl_engine.substitutions import local_substitutions, substitute
from asl_engine.taskmap import TaskFunction
from infra.nag import suppress
from infra.parts.functions import ProductFunctions
from infra.sources import asl_files, lambda_handler, machine_name


def state_machine_arn_prefix(name_prefix: str) -> str:
    """ARNs are computed from names so machines can start each other without a dependency cycle."""
    return f"arn:{Aws.PARTITION}:states:{Aws.REGION}:{Aws.ACCOUNT_ID}:stateMachine:{name_prefix}-"


class Workflows(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, step_functions_dir: Path, tasks: list[TaskFunction],
        functions: ProductFunctions, table: dynamodb.ITable, name_prefix: str,
    ) -> None:  # fmt: skip
        super().__init__(scope, construct_id)
        self.task_functions: dict[str, lambda_.Function] = {
            task.logical_name: functions.add(
                f"Task{task.logical_name}", handler=lambda_handler(task), description=task.description[:256],
                service=task.logical_name, timeout_s=900, memory_mb=2048,
            )
            for task in tasks
        }  # fmt: skip
        self.scheduled = {task.logical_name: self._schedule(task) for task in tasks if task.schedule}
        self._prefix = name_prefix
        self._table = table
        files = asl_files(step_functions_dir)
        self._machine_names = {machine_name(f) for f in files}
        self.state_machines = {machine_name(f): self._state_machine(f) for f in files}

    def _schedule(self, task: TaskFunction) -> events.Rule:
        """A task that also runs on its own (tasks.json "schedule"): an EventBridge rule, the same rate the
        local server's timer uses."""
        return events.Rule(
            self, f"Every{task.logical_name}", schedule=events.Schedule.expression(str(task.schedule)),
            description=task.description[:512],
            targets=[targets.LambdaFunction(self.task_functions[task.logical_name],
                                            event=events.RuleTargetInput.from_object({"action": "scheduled"}))],
        )  # fmt: skip

    def _substitutions(self, asl_file: Path) -> dict[str, str]:
        """CDK values for the placeholders the file uses, keyed by the local engine's names."""
        text = asl_file.read_text(encoding="utf-8")
        known = local_substitutions(self.task_functions, self._machine_names, table_name="")
        try:
            substitute(text, known)
        except KeyError as exc:
            raise ValueError(f"{asl_file.name}: {exc.args[0]}") from None
        return {name: self._value(name) for name in sorted(known) if f"${{{name}}}" in text}

    def _value(self, name: str) -> str:
        if name in self.task_functions:
            return self.task_functions[name].function_arn
        if name == "TableName":
            return self._table.table_name
        return state_machine_arn_prefix(self._prefix) + name.removeprefix("StateMachine.")

    def _state_machine(self, asl_file: Path) -> sfn.StateMachine:
        stem = machine_name(asl_file)
        substitutions = self._substitutions(asl_file)
        machine = sfn.StateMachine(
            self, f"Machine{stem}", state_machine_name=f"{self._prefix}-{stem}",
            state_machine_type=sfn.StateMachineType.STANDARD,
            definition_body=sfn.DefinitionBody.from_file(str(asl_file)),
            definition_substitutions=substitutions, tracing_enabled=True,
            logs=sfn.LogOptions(
                destination=logs.LogGroup(self, f"Logs{stem}", retention=logs.RetentionDays.ONE_YEAR),
                level=sfn.LogLevel.ALL, include_execution_data=True,
            ),
        )  # fmt: skip
        self._grant(machine, substitutions)
        return machine

    def _grant(self, machine: sfn.StateMachine, substitutions: dict[str, str]) -> None:
        """Only what the definition refers to: its task Lambdas, child machines, the table."""
        suppress(machine, "IAM5", "X-Ray tracing and CloudWatch Logs delivery actions allow no resource scoping.",
                 applies_to=["Resource::*"])
        for name in substitutions:
            if name in self.task_functions:
                self.task_functions[name].grant_invoke(machine)
                suppress(machine, "IAM5", "Invoking any version or alias of the task Lambda the ASL names.",
                         applies_to=[f"Resource::{self.task_functions[name].function_arn}:*"])
        if "TableName" in substitutions:
            self._table.grant_read_write_data(machine)
            suppress(machine, "IAM5", "Direct DynamoDB tasks may query the table's gsi1 index; the table's "
                     "key is used through DynamoDB only.",
                     applies_to=[f"Resource::{self._table.table_arn}/index/*", "Action::kms:GenerateDataKey*",
                                 "Action::kms:ReEncrypt*"])
        if any(name.startswith("StateMachine.") for name in substitutions):
            self._grant_children(machine)

    def _grant_children(self, machine: sfn.StateMachine) -> None:
        prefix = state_machine_arn_prefix(self._prefix)
        execution_prefix = prefix.replace(":stateMachine:", ":execution:")
        machine.add_to_role_policy(iam.PolicyStatement(
            actions=["states:StartExecution"], resources=[f"{prefix}*"]))
        machine.add_to_role_policy(iam.PolicyStatement(
            actions=["states:DescribeExecution", "states:StopExecution"], resources=[f"{execution_prefix}*"]))
        machine.add_to_role_policy(iam.PolicyStatement(  # .sync integration: Step Functions' managed rule
            actions=["events:PutTargets", "events:PutRule", "events:DescribeRule"],
            resources=[f"arn:{Aws.PARTITION}:events:{Aws.REGION}:{Aws.ACCOUNT_ID}:rule/"
                       "StepFunctionsGetEventsForStepFunctionsExecutionRule"],
        ))  # fmt: skip
        suppress(machine, "IAM5", "Child machines are addressed by the platform's name prefix "
                 "(<prefix>-*): their executions' ARNs are not known before they start.",
                 applies_to=[f"Resource::{prefix}*", f"Resource::{execution_prefix}*"])
