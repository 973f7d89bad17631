"""arn:aws:states:::dynamodb:* tasks run locally through the Table port.

The mapping is deliberately small. Keys must be {"pk": {"S": ...}, "sk": {"S": ...}}; items are given and
returned in DynamoDB's typed JSON ({"S"|"N"|"BOOL"|"NULL"|"M"|"L"|"SS"|"NS"}), with "version" as the
store's item version. Supported: getItem; putItem (ConditionExpression "attribute_not_exists(pk)" only);
updateItem ("SET a = :v, #b = :w" only; ReturnValues ALL_NEW or NONE); deleteItem (neither takes a
ConditionExpression). Anything else fails the task with States.Runtime naming what is unsupported. As on AWS:
a failed condition is DynamoDB.ConditionalCheckFailedException; a request the store refuses (bad typed
value, a non-string index key...) is DynamoDB.ValidationException; other store failures are
DynamoDB.AmazonDynamoDBException. All of them are task failures that Retry/Catch see.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import StatesError

_SET = re.compile(r"^\s*SET\s+(.+)$", re.IGNORECASE | re.DOTALL)


def to_plain(value: dict[str, Any]) -> Any:
    (kind, inner), = value.items()
    if kind == "N":
        number = float(inner)
        return int(number) if number.is_integer() and "." not in inner and "e" not in inner.lower() else number
    if kind == "M":
        return {k: to_plain(v) for k, v in inner.items()}
    if kind == "L":
        return [to_plain(v) for v in inner]
    if kind == "NULL":
        return None
    if kind == "NS":
        return [to_plain({"N": v}) for v in inner]
    return inner  # S, BOOL, SS


def to_typed(value: Any) -> dict[str, Any]:
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int | float):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [to_typed(v) for v in value]}
    return {"M": {str(k): to_typed(v) for k, v in value.items()}}


def _plain_values(typed: Any, what: str) -> dict[str, Any]:
    """{name: typed JSON} as plain values; malformed typed JSON is the caller's ValidationException."""
    try:
        return {str(k): to_plain(v) for k, v in (typed or {}).items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise StatesError("DynamoDB.ValidationException", f"{what} is not valid DynamoDB typed JSON "
                          f'({{"S"|"N"|"BOOL"|"NULL"|"M"|"L"|"SS"|"NS": ...}}): {exc}') from None


def _no_condition(action: str, params: dict[str, Any]) -> None:
    """Refuse a condition this mapping cannot check rather than write as if it held."""
    if params.get("ConditionExpression") is not None:
        raise StatesError("States.Runtime", f"{action} with a ConditionExpression is not supported locally "
                          f"(got {params['ConditionExpression']!r}); only putItem's attribute_not_exists(pk) is")


def _failed() -> StatesError:
    return StatesError("DynamoDB.ConditionalCheckFailedException", "The conditional request failed")


class DynamoDbIntegration:
    def __init__(self, table: Any) -> None:
        self.table = table

    def run(self, resource: str, params: dict[str, Any]) -> Any:
        action = resource.rsplit(":", 1)[-1]
        handler = {"getItem": self.get, "putItem": self.put, "updateItem": self.update,
                   "deleteItem": self.delete}.get(action)
        if handler is None:
            raise StatesError("States.Runtime", f"dynamodb:{action} is not supported by the local engine")
        from mdap.ports.errors import ConditionFailed, InvalidRequest, NotFound, PortError

        try:
            return handler(params)
        except ConditionFailed:
            raise _failed() from None
        except InvalidRequest as exc:
            raise StatesError("DynamoDB.ValidationException", f"dynamodb:{action}: {exc}") from None
        except NotFound as exc:
            raise StatesError("DynamoDB.ResourceNotFoundException", f"dynamodb:{action}: {exc}") from None
        except PortError as exc:
            raise StatesError("DynamoDB.AmazonDynamoDBException", f"dynamodb:{action}: {exc}") from None

    def _key(self, params: dict[str, Any]) -> tuple[str, str]:
        key = params.get("Key") or {}
        try:
            return key["pk"]["S"], key["sk"]["S"]
        except (KeyError, TypeError):
            raise StatesError("States.Runtime", 'Key must be {"pk": {"S": ...}, "sk": {"S": ...}}') from None

    def _item(self, pk: str, sk: str) -> dict[str, Any] | None:
        item = self.table.get(pk, sk)
        if item is None:
            return None
        return {"pk": item.pk, "sk": item.sk, **dict(item.data), "version": item.version}

    def get(self, params: dict[str, Any]) -> Any:
        item = self._item(*self._key(params))
        return {} if item is None else {"Item": {k: to_typed(v) for k, v in item.items()}}

    def put(self, params: dict[str, Any]) -> Any:
        plain = _plain_values(params.get("Item"), "Item")
        pk, sk = plain.pop("pk", None), plain.pop("sk", None)
        if not isinstance(pk, str) or not isinstance(sk, str):
            raise StatesError("States.Runtime", "putItem needs string attributes pk and sk")
        plain.pop("version", None)
        condition = params.get("ConditionExpression")
        if condition not in (None, "attribute_not_exists(pk)"):
            raise StatesError("States.Runtime", f"ConditionExpression {condition!r} is not supported locally")
        self.table.put(pk, sk, plain, expect_version=0 if condition else None)
        return {}

    def update(self, params: dict[str, Any]) -> Any:
        pk, sk = self._key(params)
        _no_condition("updateItem", params)
        match = _SET.match(params.get("UpdateExpression", ""))
        if not match:
            raise StatesError("States.Runtime", "only 'SET name = :value, ...' update expressions are supported")
        names = params.get("ExpressionAttributeNames", {})
        values = _plain_values(params.get("ExpressionAttributeValues"), "ExpressionAttributeValues")
        current = self.table.get(pk, sk)
        data = dict(current.data) if current else {}
        for assignment in match.group(1).split(","):
            name, _, value = (part.strip() for part in assignment.partition("="))
            if value not in values:
                raise StatesError("States.Runtime", f"update value {value!r} is not in ExpressionAttributeValues")
            data[names.get(name, name)] = values[value]
        stored = self.table.put(pk, sk, data, expect_version=current.version if current else 0)
        if params.get("ReturnValues") == "ALL_NEW":
            new = {"pk": pk, "sk": sk, **dict(stored.data), "version": stored.version}
            return {"Attributes": {k: to_typed(v) for k, v in new.items()}}
        return {}

    def delete(self, params: dict[str, Any]) -> Any:
        _no_condition("deleteItem", params)
        self.table.delete(*self._key(params))
        return {}


PREFIX = "arn:aws:states:::dynamodb:"


def run_service(integration: DynamoDbIntegration | None, resource: str, params: Any) -> Any:
    """One DynamoDB service-integration task, for every host (in memory and durable)."""
    if integration is None:
        raise StatesError("States.Runtime", "the DynamoDB integration needs a Table")
    return integration.run(resource, params)
