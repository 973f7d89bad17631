"""Table on DynamoDB: one table, keys pk/sk, sparse index gsi1 on gsi1pk/gsi1sk, TTL on expires_at.

Items written by other writers (Step Functions' native dynamodb:putItem on AWS) may lack the
``version`` attribute. They exist, so they read as version 1 (the version of a first put): a
create-only write (expect_version=0) refuses them, and expect_version=1 matches them.

A cancelled transaction whose reasons are only conflicts, throttling or capacity is retried, then
reported as ConditionFailed ("try again"); a ValidationError reason is an InvalidRequest.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import boto3
from botocore.exceptions import ClientError

from mdap.ports.errors import ConditionFailed, InvalidRequest
from mdap.ports.table import Delete, Item, KeyRange, Page, Put, Table, validate_data, validate_writes

_RETRIES = 5  # unconditional writes re-read the version when another writer got in between
_UNVERSIONED = 1  # the version an existing item without a version attribute reads as


def create_dynamo_table(client: Any, name: str) -> None:
    """Create the table exactly as the CDK stack does (tests run it on moto)."""
    client.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in ("pk", "sk", "gsi1pk", "gsi1sk")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "gsi1",
            "KeySchema": [{"AttributeName": "gsi1pk", "KeyType": "HASH"},
                          {"AttributeName": "gsi1sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
    )
    client.get_waiter("table_exists").wait(TableName=name)
    client.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
    )


class DynamoTable(Table):
    def __init__(self, resource_or_client: Any, table_name: str) -> None:
        self._client = _resource_client(resource_or_client)
        self._name = table_name

    def get(self, pk: str, sk: str) -> Item | None:
        found = self._call("get_item", Key=_key(pk, sk), ConsistentRead=True).get("Item")
        return _item(found) if found else None

    def put(self, pk: str, sk: str, data: Mapping[str, Any], *, expect_version: int | None = None) -> Item:
        validate_data(data)
        for _ in range(_RETRIES):
            current = self._version(pk, sk) if expect_version is None else expect_version
            try:
                self._call("put_item", **_put_request(Put(pk, sk, data), current))
            except ConditionFailed:
                if expect_version is None:
                    continue
                raise
            return Item(pk, sk, _from_dynamo(_to_dynamo(dict(data))), current + 1)
        raise ConditionFailed(f"item {pk}/{sk} kept changing while writing it; try again")

    def delete(self, pk: str, sk: str, *, expect_version: int | None = None) -> None:
        self._call("delete_item", **_delete_request(Delete(pk, sk, expect_version)))

    def query(
        self,
        pk: str,
        *,
        sk: KeyRange | None = None,
        index: Literal["gsi1"] | None = None,
        limit: int = 100,
        cursor: str | None = None,
        descending: bool = False,
    ) -> Page:
        if limit < 1:
            raise InvalidRequest(f"limit must be at least 1, got {limit}")
        request = _query_request(pk, sk, index, descending)
        start = _start_key(pk, cursor, index)
        raw: list[dict[str, Any]] = []
        while len(raw) <= limit:  # read one extra item so the last page carries no cursor
            page = self._call("query", **request, Limit=limit + 1 - len(raw), **start)
            raw.extend(page.get("Items", []))
            if "LastEvaluatedKey" not in page:
                break
            start = {"ExclusiveStartKey": page["LastEvaluatedKey"]}
        items = [_item(found) for found in raw[:limit]]
        if len(raw) <= limit:
            return Page(items, None)
        last = raw[limit - 1]
        columns = ("gsi1sk", "pk", "sk") if index else ("sk",)
        values = [last[column] for column in columns]
        return Page(items, base64.urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode())

    def transact(self, writes: Sequence[Put | Delete]) -> None:
        validate_writes(writes)
        for _ in range(_RETRIES):
            actions = [self._transact_action(write) for write in writes]
            try:
                self._call("transact_write_items", TransactItems=actions)
                return
            except _Cancelled as cancelled:
                if any(writes[i].expect_version is not None for i in cancelled.failed):
                    raise ConditionFailed("a write in the transaction failed its version check") from None
        raise ConditionFailed("items kept changing while writing the transaction; try again")

    def _transact_action(self, write: Put | Delete) -> dict[str, Any]:
        if isinstance(write, Delete):
            return {"Delete": _delete_request(write) | {"TableName": self._name}}
        current = self._version(write.pk, write.sk) if write.expect_version is None else write.expect_version
        return {"Put": _put_request(write, current) | {"TableName": self._name}}

    def _version(self, pk: str, sk: str) -> int:
        item = self.get(pk, sk)
        return item.version if item else 0

    def _call(self, operation: str, **request: Any) -> dict[str, Any]:
        if operation != "transact_write_items":
            request["TableName"] = self._name
        try:
            return getattr(self._client, operation)(**request)  # type: ignore[no-any-return]
        except ClientError as exc:
            raise _port_error(exc) from None


def _resource_client(resource_or_client: Any) -> Any:
    """The resource's client: it converts between Python values and DynamoDB's typed JSON."""
    client = getattr(getattr(resource_or_client, "meta", None), "client", None)
    if client is not None and hasattr(resource_or_client, "Table"):
        return client
    meta = resource_or_client.meta  # a low-level client: build the resource next to it
    resource = boto3.resource("dynamodb", region_name=meta.region_name, endpoint_url=meta.endpoint_url)
    return resource.meta.client


class _Cancelled(ConditionFailed):
    def __init__(self, failed: list[int]) -> None:
        super().__init__("transaction cancelled")
        self.failed = failed


def _port_error(exc: ClientError) -> Exception:
    code = exc.response.get("Error", {}).get("Code", "")
    message = exc.response.get("Error", {}).get("Message", str(exc))
    if code == "ConditionalCheckFailedException":
        return ConditionFailed("the item's version did not match the expected one")
    if code == "TransactionCanceledException":
        reasons = exc.response.get("CancellationReasons") or _reasons_from_message(message)
        codes = [str(reason.get("Code") or "None") for reason in reasons]
        if "ValidationError" in codes:
            return InvalidRequest(f"transaction rejected: {message}")
        # Conflicts with another transaction, throttling, capacity: nothing wrong with the request; retried.
        return _Cancelled([i for i, code in enumerate(codes) if code == "ConditionalCheckFailed"])
    if code == "ValidationException":
        return InvalidRequest(f"DynamoDB rejected the request: {message}")
    unmapped: Exception = exc  # throttling, permissions, outages: not the caller's to handle
    return unmapped


def _reasons_from_message(message: str) -> list[dict[str, str]]:
    """Older SDK responses carry the reasons only in the message: '[None, ConditionalCheckFailed]'."""
    inside = message[message.find("[") + 1: message.rfind("]")]
    return [{"Code": part.strip()} for part in inside.split(",")]


def _key(pk: str, sk: str) -> dict[str, Any]:
    return {"pk": pk, "sk": sk}


def _condition(expect_version: int | None) -> dict[str, Any]:
    if expect_version is None:
        return {}
    if expect_version == 0:
        return {"ConditionExpression": "attribute_not_exists(pk)"}
    if expect_version == _UNVERSIONED:
        return {"ConditionExpression": "version = :v OR (attribute_exists(pk) AND attribute_not_exists(version))",
                "ExpressionAttributeValues": {":v": expect_version}}
    return {"ConditionExpression": "version = :v", "ExpressionAttributeValues": {":v": expect_version}}


def _put_request(put: Put, current: int) -> dict[str, Any]:
    attributes = _to_dynamo(dict(put.data)) | {"pk": put.pk, "sk": put.sk, "version": current + 1}
    return {"Item": attributes, **_condition(current)}


def _delete_request(delete: Delete) -> dict[str, Any]:
    return {"Key": _key(delete.pk, delete.sk), **_condition(delete.expect_version)}


def _query_request(pk: str, sk: KeyRange | None, index: str | None, descending: bool) -> dict[str, Any]:
    hash_name, range_name = ("gsi1pk", "gsi1sk") if index else ("pk", "sk")
    names = {"#h": hash_name}
    values: dict[str, Any] = {":h": pk}
    condition = "#h = :h"
    if sk is not None:
        if sk.prefix is not None and sk.low is None and sk.high is None:
            condition += " AND begins_with(#r, :p)"
            names["#r"] = range_name
            values[":p"] = sk.prefix
        elif sk.prefix is None and sk.low is not None and sk.high is not None:
            condition += " AND #r BETWEEN :lo AND :hi"
            names["#r"] = range_name
            values |= {":lo": sk.low, ":hi": sk.high}
        else:
            raise InvalidRequest("KeyRange needs exactly one of: prefix, or both low and high")
    request = {"KeyConditionExpression": condition, "ExpressionAttributeNames": names,
               "ExpressionAttributeValues": values, "ScanIndexForward": not descending}
    return request | ({"IndexName": index} if index else {"ConsistentRead": True})


def _start_key(pk: str, cursor: str | None, index: str | None) -> dict[str, Any]:
    if not cursor:
        return {}
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except ValueError:
        raise InvalidRequest("the cursor is not one this table issued") from None
    columns = ("gsi1sk", "pk", "sk") if index else ("sk",)
    if not isinstance(values, list) or len(values) != len(columns):
        raise InvalidRequest("the cursor does not belong to this query (table vs index)")
    key = dict(zip(columns, values, strict=True)) | {("gsi1pk" if index else "pk"): pk}
    return {"ExclusiveStartKey": {name: str(value) for name, value in key.items()}}


def _item(found: Mapping[str, Any]) -> Item:
    plain = dict(found)
    pk, sk, version = plain.pop("pk"), plain.pop("sk"), plain.pop("version", _UNVERSIONED)
    return Item(pk, sk, _from_dynamo(plain), int(version))


def _to_dynamo(value: Any) -> Any:
    """DynamoDB numbers are Decimal; floats go through repr so 0.1 stays 0.1."""
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise InvalidRequest(f"numbers must be finite, got {value}")
        return number
    if isinstance(value, Mapping):
        return {str(name): _to_dynamo(inner) for name, inner in value.items()}
    if isinstance(value, list | tuple):
        return [_to_dynamo(inner) for inner in value]
    raise InvalidRequest(f"item data must be JSON-like; {type(value).__name__} is not")


def _from_dynamo(value: Any) -> Any:
    """Numbers come back as int when integral, else float: the same as the SQLite table."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {name: _from_dynamo(inner) for name, inner in value.items()}
    if isinstance(value, list):
        return [_from_dynamo(inner) for inner in value]
    return value
