"""One contract for the Table port: SqliteTable and DynamoTable (on moto)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from mdap.adapters.aws.dynamodb import DynamoTable, create_dynamo_table
from mdap.adapters.local.table import SqliteTable
from mdap.ports.errors import ConditionFailed, InvalidRequest
from mdap.ports.table import Delete, KeyRange, Put, Table
from tests.integration.contracts.conftest import REGION


@pytest.fixture(params=["sqlite", "dynamodb"])
def table(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Table]:
    if request.param == "sqlite":
        yield SqliteTable(tmp_path / "table.sqlite3")
        return
    request.getfixturevalue("aws")
    client = boto3.client("dynamodb", region_name=REGION)
    create_dynamo_table(client, "mdap-test")
    yield DynamoTable(boto3.resource("dynamodb", region_name=REGION), "mdap-test")


def test_get_of_a_missing_item_returns_none(table: Table) -> None:
    assert table.get("CALL#1", "META") is None


def test_put_then_get_returns_the_data_at_version_one(table: Table) -> None:
    stored = table.put("CALL#1", "META", {"title": "스마트공장 구축 지원", "budget": 300_000_000})
    assert stored.version == 1
    found = table.get("CALL#1", "META")
    assert found is not None
    assert (found.pk, found.sk, found.version) == ("CALL#1", "META", 1)
    assert found.data == {"title": "스마트공장 구축 지원", "budget": 300_000_000}


def test_each_put_increments_the_version(table: Table) -> None:
    table.put("A", "1", {"n": 1})
    assert table.put("A", "1", {"n": 2}).version == 2
    assert table.put("A", "1", {"n": 3}, expect_version=2).version == 3
    found = table.get("A", "1")
    assert found is not None and found.data == {"n": 3} and found.version == 3


def test_put_replaces_the_whole_item(table: Table) -> None:
    table.put("A", "1", {"keep": 1, "drop": 2})
    table.put("A", "1", {"keep": 1})
    found = table.get("A", "1")
    assert found is not None and found.data == {"keep": 1}


def test_expect_version_zero_creates_only_when_absent(table: Table) -> None:
    table.put("A", "1", {"who": "first"}, expect_version=0)
    with pytest.raises(ConditionFailed):
        table.put("A", "1", {"who": "second"}, expect_version=0)
    found = table.get("A", "1")
    assert found is not None and found.data == {"who": "first"}


def test_stale_version_is_refused_and_nothing_changes(table: Table) -> None:
    table.put("A", "1", {"n": 1})
    table.put("A", "1", {"n": 2})
    with pytest.raises(ConditionFailed):
        table.put("A", "1", {"n": 99}, expect_version=1)
    found = table.get("A", "1")
    assert found is not None and (found.data, found.version) == ({"n": 2}, 2)


def test_numbers_round_trip_the_same_on_every_store(table: Table) -> None:
    data = {"int": 7, "big": 2**62, "neg": -3, "float": 0.1, "third": 1 / 3, "dec": Decimal("12.25"),
            "whole_float": 2.0, "nested": {"list": [1, 1.5, Decimal("0.3")]}, "flag": True, "none": None}
    returned = table.put("N", "1", data).data
    found = table.get("N", "1")
    assert found is not None
    expected = {"int": 7, "big": 2**62, "neg": -3, "float": 0.1, "third": 1 / 3, "dec": 12.25,
                "whole_float": 2, "nested": {"list": [1, 1.5, 0.3]}, "flag": True, "none": None}
    assert found.data == expected == returned
    assert type(found.data["int"]) is int and type(found.data["float"]) is float
    assert type(found.data["dec"]) is float and type(found.data["whole_float"]) is int


def test_korean_text_is_kept_intact(table: Table) -> None:
    text = "㈜한빛정밀 — 사출 성형기 #3 (온도: 섭씨 215℃) 😀"
    table.put("기업#1", "프로필", {"name": text})
    found = table.get("기업#1", "프로필")
    assert found is not None and found.data["name"] == text


def test_non_finite_numbers_and_reserved_attributes_are_refused(table: Table) -> None:
    with pytest.raises(InvalidRequest):
        table.put("A", "1", {"x": float("nan")})
    with pytest.raises(InvalidRequest, match="version"):
        table.put("A", "1", {"version": 5})
    with pytest.raises(InvalidRequest, match="gsi1pk"):
        table.put("A", "1", {"gsi1pk": 5})
    assert table.get("A", "1") is None


def test_delete_is_idempotent_and_honours_the_version(table: Table) -> None:
    table.put("A", "1", {})
    with pytest.raises(ConditionFailed):
        table.delete("A", "1", expect_version=7)
    assert table.get("A", "1") is not None
    table.delete("A", "1", expect_version=1)
    assert table.get("A", "1") is None
    table.delete("A", "1")


def _fill(table: Table) -> None:
    for sk in ("APP#001", "APP#002", "APP#003", "APP#010", "NOTE#001", "SCORE#001"):
        table.put("CALL#7", sk, {"sk_copy": sk})
    table.put("CALL#8", "APP#001", {"other": True})


def _sks(items: list) -> list[str]:  # type: ignore[type-arg]
    return [item.sk for item in items]


def test_query_returns_one_partition_in_sort_key_order(table: Table) -> None:
    _fill(table)
    page = table.query("CALL#7")
    assert _sks(page.items) == ["APP#001", "APP#002", "APP#003", "APP#010", "NOTE#001", "SCORE#001"]
    assert page.cursor is None


def test_query_by_prefix_and_between_and_descending(table: Table) -> None:
    _fill(table)
    assert _sks(table.query("CALL#7", sk=KeyRange(prefix="APP#")).items) == [
        "APP#001", "APP#002", "APP#003", "APP#010"]
    assert _sks(table.query("CALL#7", sk=KeyRange(low="APP#002", high="NOTE#001")).items) == [
        "APP#002", "APP#003", "APP#010", "NOTE#001"]
    assert _sks(table.query("CALL#7", sk=KeyRange(prefix="APP#"), descending=True).items) == [
        "APP#010", "APP#003", "APP#002", "APP#001"]


def test_prefix_with_sql_wildcards_is_literal(table: Table) -> None:
    table.put("P", "a%b_1", {})
    table.put("P", "axbx2", {})
    assert _sks(table.query("P", sk=KeyRange(prefix="a%b_")).items) == ["a%b_1"]


def test_a_key_range_with_both_prefix_and_bounds_is_refused(table: Table) -> None:
    with pytest.raises(InvalidRequest, match="KeyRange"):
        table.query("P", sk=KeyRange(prefix="a", low="a", high="b"))


@pytest.mark.parametrize("descending", [False, True])
def test_cursor_pages_through_every_item_once(table: Table, descending: bool) -> None:
    _fill(table)
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = table.query("CALL#7", limit=2, cursor=cursor, descending=descending)
        seen += _sks(page.items)
        pages += 1
        cursor = page.cursor
        if cursor is None:
            break
    expected = ["APP#001", "APP#002", "APP#003", "APP#010", "NOTE#001", "SCORE#001"]
    assert seen == (expected[::-1] if descending else expected)
    assert pages == 3  # six items, two per page, and the last page says it is the last


def test_index_gsi1_finds_items_by_their_index_keys_and_skips_items_without(table: Table) -> None:
    table.put("APP#1", "META", {"gsi1pk": "EVALUATOR#kim", "gsi1sk": "2025-03-02#APP#1"})
    table.put("APP#2", "META", {"gsi1pk": "EVALUATOR#kim", "gsi1sk": "2025-03-01#APP#2"})
    table.put("APP#3", "META", {"gsi1pk": "EVALUATOR#lee", "gsi1sk": "2025-03-01#APP#3"})
    table.put("APP#4", "META", {"no_index": True})
    page = table.query("EVALUATOR#kim", index="gsi1")
    assert [item.pk for item in page.items] == ["APP#2", "APP#1"]
    assert page.items[0].data["gsi1sk"] == "2025-03-01#APP#2"
    first = table.query("EVALUATOR#kim", index="gsi1", limit=1, sk=KeyRange(prefix="2025-03"))
    assert [item.pk for item in first.items] == ["APP#2"] and first.cursor is not None
    second = table.query("EVALUATOR#kim", index="gsi1", limit=1, sk=KeyRange(prefix="2025-03"),
                         cursor=first.cursor)
    assert [item.pk for item in second.items] == ["APP#1"] and second.cursor is None


def test_transaction_writes_everything_together(table: Table) -> None:
    table.put("A", "1", {"n": 1})
    table.put("A", "3", {})
    table.transact([Put("A", "1", {"n": 2}, expect_version=1), Put("A", "2", {"new": True}, expect_version=0),
                    Delete("A", "3")])
    one, two = table.get("A", "1"), table.get("A", "2")
    assert one is not None and (one.data, one.version) == ({"n": 2}, 2)
    assert two is not None and two.version == 1
    assert table.get("A", "3") is None


def test_failed_condition_in_a_transaction_writes_nothing(table: Table) -> None:
    table.put("A", "1", {"n": 1})
    table.put("A", "2", {"n": 1})
    with pytest.raises(ConditionFailed):
        table.transact([Put("A", "1", {"n": 2}), Put("A", "new", {}), Delete("A", "2", expect_version=9)])
    one = table.get("A", "1")
    assert one is not None and one.data == {"n": 1}
    assert table.get("A", "new") is None and table.get("A", "2") is not None


def test_transaction_limits_are_the_same_everywhere(table: Table) -> None:
    table.transact([Put("T", f"{i:02}", {"i": i}) for i in range(25)])
    assert len(table.query("T").items) == 25
    with pytest.raises(InvalidRequest, match="25"):
        table.transact([Put("T", f"{i:02}", {}) for i in range(26)])
    with pytest.raises(InvalidRequest, match="twice"):
        table.transact([Put("T", "00", {}), Delete("T", "00")])


def test_concurrent_creates_of_one_item_let_exactly_one_win(table: Table) -> None:
    outcomes: list[str] = []
    lock = threading.Lock()

    def create(who: int) -> None:
        try:
            table.put("RACE", "1", {"who": who}, expect_version=0)
            result = "won"
        except ConditionFailed:
            result = "lost"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost"] * 7 + ["won"]


@pytest.fixture
def dynamo(aws: None) -> DynamoTable:
    create_dynamo_table(boto3.client("dynamodb", region_name=REGION), "mdap-test")
    return DynamoTable(boto3.resource("dynamodb", region_name=REGION), "mdap-test")


def _put_unversioned(pk: str, sk: str, **data: object) -> None:
    """What Step Functions' native dynamodb:putItem writes on AWS: the item without our version."""
    boto3.resource("dynamodb", region_name=REGION).Table("mdap-test").put_item(Item={"pk": pk, "sk": sk, **data})


def test_an_item_written_without_a_version_reads_as_version_one(dynamo: DynamoTable) -> None:
    _put_unversioned("RUN#1", "META", status="SUCCEEDED")
    found = dynamo.get("RUN#1", "META")
    assert found is not None and (found.version, found.data) == (1, {"status": "SUCCEEDED"})
    assert [item.version for item in dynamo.query("RUN#1").items] == [1]


def test_an_unversioned_item_exists_for_create_only_writes_and_matches_version_one(dynamo: DynamoTable) -> None:
    _put_unversioned("RUN#1", "META", status="RUNNING")
    with pytest.raises(ConditionFailed):
        dynamo.put("RUN#1", "META", {"status": "claimed"}, expect_version=0)
    with pytest.raises(ConditionFailed):
        dynamo.put("RUN#1", "META", {"status": "stale"}, expect_version=2)
    assert dynamo.put("RUN#1", "META", {"status": "DONE"}, expect_version=1).version == 2
    _put_unversioned("RUN#2", "META", status="RUNNING")
    assert dynamo.put("RUN#2", "META", {"status": "DONE"}).version == 2  # unconditional writes work too
    _put_unversioned("RUN#3", "META")
    dynamo.transact([Put("RUN#3", "META", {"n": 1}, expect_version=1), Delete("RUN#2", "META", expect_version=2)])
    assert dynamo.get("RUN#2", "META") is None
    _put_unversioned("RUN#4", "META")
    dynamo.delete("RUN#4", "META", expect_version=1)
    assert dynamo.get("RUN#4", "META") is None


def _cancelled(*codes: str) -> ClientError:
    reasons = [{"Code": code} for code in codes]
    return ClientError({"Error": {"Code": "TransactionCanceledException", "Message": f"cancelled {codes}"},
                        "CancellationReasons": reasons}, "TransactWriteItems")


def test_a_transaction_conflict_is_retried_then_reported_as_a_condition_failure(
        dynamo: DynamoTable, monkeypatch: pytest.MonkeyPatch) -> None:
    client = dynamo._client
    real = client.transact_write_items
    conflicts = [_cancelled("None", "TransactionConflict")]

    def once_conflicting(**request: object) -> object:
        if conflicts:
            raise conflicts.pop()
        return real(**request)

    monkeypatch.setattr(client, "transact_write_items", once_conflicting)
    dynamo.transact([Put("A", "1", {"n": 1}), Put("A", "2", {"n": 2})])
    assert conflicts == [] and dynamo.get("A", "2") is not None

    def always(**request: object) -> object:
        raise _cancelled("ThrottlingError", "TransactionConflict")

    monkeypatch.setattr(client, "transact_write_items", always)
    with pytest.raises(ConditionFailed, match="try again"):
        dynamo.transact([Put("A", "1", {"n": 3}), Put("A", "2", {"n": 4})])


def test_a_validation_error_in_a_transaction_stays_an_invalid_request(
        dynamo: DynamoTable, monkeypatch: pytest.MonkeyPatch) -> None:
    def invalid(**request: object) -> object:
        raise _cancelled("None", "ValidationError")

    monkeypatch.setattr(dynamo._client, "transact_write_items", invalid)
    with pytest.raises(InvalidRequest):
        dynamo.transact([Put("A", "1", {"n": 3}), Put("A", "2", {"n": 4})])
