"""Intrinsics, paths, validation messages, substitutions and the DynamoDB mapping."""

from __future__ import annotations

import pytest

from asl_engine import run_definition, validate
from asl_engine.dynamodb import DynamoDbIntegration
from asl_engine.errors import StatesError
from asl_engine.intrinsics import Intrinsic
from asl_engine.jsonpath import Path, ReferencePath
from asl_engine.substitutions import local_substitutions, substitute
from tests.unit.fakes import InMemoryTable


@pytest.mark.parametrize(("call", "expected"), [
    ("States.Format('{}님, \\'환영\\'합니다 \\{}', $.name)", "김민수님, '환영'합니다 {}"),
    ("States.Array('가', 1, true, null)", ["가", 1, True, None]),
    ("States.StringSplit('공정,설비,,품질', ',')", ["공정", "설비", "품질"]),
    ("States.JsonToString($.obj)", '{"값":"한글"}'),
    ("States.StringToJson('{\"키\": \"값\"}')", {"키": "값"}),
    ("States.Base64Decode(States.Base64Encode('제조'))", "제조"),
    ("States.Hash('abc', 'SHA-1')", "a9993e364706816aba3e25717850c26c9cd0d89d"),
    ("States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)", [[1, 2], [3, 4], [5]]),
    ("States.ArrayGetItem($.list, 1)", "b"),
    ("States.ArrayContains($.list, 'c')", True),
    ("States.ArrayUnique(States.Array(1, 1, 2))", [1, 2]),
    ("States.JsonMerge($.obj, States.StringToJson('{\"b\":2}'), false)", {"값": "한글", "b": 2}),
    ("States.MathAdd($.n, -3)", 4),
])
def test_intrinsic_functions_keep_korean_literals(call: str, expected: object) -> None:
    data = {"name": "김민수", "obj": {"값": "한글"}, "list": ["a", "b", "c"], "n": 7}
    assert Intrinsic(call)(data, {}) == expected


def test_intrinsic_failure_is_states_intrinsic_failure() -> None:
    with pytest.raises(StatesError) as caught:
        Intrinsic("States.ArrayGetItem($.list, 9)")({"list": []}, {})
    assert caught.value.error == "States.IntrinsicFailure"


def test_paths_definite_indefinite_and_reference() -> None:
    data = {"rows": [{"v": 1, "t": "x"}, {"v": 2, "t": "y"}]}
    assert Path("$.rows[1].t").find(data) == "y"
    assert Path("$.rows[*].v").find(data) == [1, 2]
    assert Path("$.rows[?(@.v >= 2)].t").find(data) == ["y"]
    original = {"a": {"b": 1}}
    assert ReferencePath("$.a.c").put(original, "새") == {"a": {"b": 1, "c": "새"}}
    assert original == {"a": {"b": 1}}  # copy on write: the input is never changed


def test_validation_names_every_state_and_field() -> None:
    errors = validate({"StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "x", "Retry": [{"ErrorEquals": ["States.ALL", "E"]}], "Next": "B"},
        "B": {"Type": "Choice", "Choices": [{"Variable": "$.x", "Next": "A"}]},
        "C": {"Type": "Bogus"}}})
    assert "state A field Retry[0].ErrorEquals: States.ALL must appear alone and in the last Retry rule" in errors
    assert "state B field Choices[0]: needs exactly one comparison operator, found none" in errors
    assert any(e.startswith("state C field Type:") for e in errors)
    assert validate("{not json").__len__() == 1
    assert validate({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}) == []


def test_local_substitutions_fill_the_cdk_placeholders() -> None:
    subs = local_substitutions({"ScoreApplication": object()}, ["selection_round"], "mdap-local")
    text = substitute('{"R": "${ScoreApplication}", "S": "${StateMachine.selection_round}", "T": "${TableName}"}',
                      subs)
    assert text == ('{"R": "arn:aws:lambda:local:000000000000:function:ScoreApplication", '
                    '"S": "arn:aws:states:local:000000000000:stateMachine:selection_round", "T": "mdap-local"}')
    with pytest.raises(KeyError, match="Unknown"):
        substitute("${Unknown}", subs)


def test_dynamodb_tasks_go_through_the_table_port() -> None:
    table = InMemoryTable()
    d = {"StartAt": "Put", "States": {
        "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "ResultPath": None,
                "Parameters": {"TableName": "t", "ConditionExpression": "attribute_not_exists(pk)",
                               "Item": {"pk": {"S": "P"}, "sk": {"S": "1"}, "name": {"S": "가공"},
                                        "n": {"N": "3"}, "tags": {"L": [{"S": "a"}]}}}, "Next": "Get"},
        "Get": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                "Parameters": {"TableName": "t", "Key": {"pk": {"S": "P"}, "sk": {"S": "1"}}}, "End": True}}}
    result = run_definition(d, {}, table=table)
    assert result.output == {"Item": {"pk": {"S": "P"}, "sk": {"S": "1"}, "name": {"S": "가공"}, "n": {"N": "3"},
                                      "tags": {"L": [{"S": "a"}]}, "version": {"N": "1"}}}
    again = run_definition(d, {}, table=table)
    assert (again.status, again.error) == ("FAILED", "DynamoDB.ConditionalCheckFailedException")


def test_update_item_supports_set_only_and_says_so() -> None:
    integration = DynamoDbIntegration(InMemoryTable())
    key = {"pk": {"S": "P"}, "sk": {"S": "1"}}
    out = integration.run("arn:aws:states:::dynamodb:updateItem", {
        "Key": key, "UpdateExpression": "SET #s = :s", "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {":s": {"S": "승인"}}, "ReturnValues": "ALL_NEW"})
    assert out["Attributes"]["status"] == {"S": "승인"}
    with pytest.raises(StatesError, match="SET"):
        integration.run("arn:aws:states:::dynamodb:updateItem", {"Key": key, "UpdateExpression": "ADD n :one"})
