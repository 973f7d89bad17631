"""A contract file's mapping -> ``Contract``, refusing anything malformed with the file and the field named.

The checks are the ones a typo would otherwise turn into a silent wrong run: unknown types and policies, keys or
partitions that name no column, an events dataset without a timestamp to partition by, duplicate aliases.
"""

from __future__ import annotations

from typing import Any

from mdap.pipeline.contract_model import (
    _NAME,
    DATE,
    KINDS,
    PII_POLICIES,
    SITE,
    TYPES,
    Checks,
    ColumnSpec,
    Contract,
    ContractError,
    normalise_header,
)

_CONTRACT_FIELDS = {"name", "description", "kind", "columns", "keys", "time_column", "partitions",
                    "quasi_identifiers", "derived", "tie_break", "keep", "checks", "k"}
_COLUMN_FIELDS = {"name", "type", "description", "unit", "min", "max", "required", "aliases", "pii", "values",
                  "granularity"}


class _Where:
    """Builds ContractErrors that name the file and the field."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def error(self, field: str, problem: str) -> ContractError:
        return ContractError(f"{self.filename}: {field}: {problem}")


def parse_contract(filename: str, data: Any) -> Contract:
    where = _Where(filename)
    if not isinstance(data, dict):
        raise where.error("(file)", "expected a mapping at the top level")
    unknown = set(data) - _CONTRACT_FIELDS
    if unknown:
        raise where.error(sorted(unknown)[0], "unknown field")
    columns = _columns(where, "columns", data.get("columns"), required=True)
    derived = _columns(where, "derived", data.get("derived", []), required=False)
    contract = Contract(
        name=_text(where, "name", data.get("name"), pattern=True), description=_text(where, "description",
                                                                                  data.get("description", "")),
        kind=_choice(where, "kind", data.get("kind"), KINDS), columns=columns,
        keys=_names(where, "keys", data.get("keys")), time_column=data.get("time_column"),
        partitions=_names(where, "partitions", data.get("partitions")),
        quasi_identifiers=_names(where, "quasi_identifiers", data.get("quasi_identifiers", [])),
        derived=derived, tie_break=_names(where, "tie_break", data.get("tie_break", [])),
        keep=_choice(where, "keep", data.get("keep", "first"), ("first", "last")),
        checks=_checks(where, data.get("checks", {})), k=_positive_int(where, "k", data.get("k", 5)),
    )
    _check_references(where, contract)
    return contract


def _columns(where: _Where, field: str, raw: Any, *, required: bool) -> tuple[ColumnSpec, ...]:
    if not isinstance(raw, list) or (required and not raw):
        raise where.error(field, "expected a non-empty list of columns" if required else "expected a list")
    columns = tuple(_column(where, f"{field}[{index}]", item) for index, item in enumerate(raw))
    names = [c.name for c in columns]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise where.error(f"{field}.{duplicate}", "column named twice")
    return columns


def _column(where: _Where, field: str, raw: Any) -> ColumnSpec:
    if not isinstance(raw, dict):
        raise where.error(field, "expected a mapping")
    unknown = set(raw) - _COLUMN_FIELDS
    if unknown:
        raise where.error(f"{field}.{sorted(unknown)[0]}", "unknown field")
    name = _text(where, f"{field}.name", raw.get("name"), pattern=True)
    at = f"{field}({name})"
    values = raw.get("values")
    if values is not None and (not isinstance(values, dict) or not all(
            isinstance(k, str | bool) and isinstance(v, str) for k, v in values.items())):
        raise where.error(f"{at}.values", "expected a mapping of text to text")
    return ColumnSpec(
        name=name, type=_choice(where, f"{at}.type", raw.get("type"), tuple(TYPES)),
        description=_text(where, f"{at}.description", raw.get("description", "")),
        unit=raw.get("unit"), min=_number(where, f"{at}.min", raw.get("min")),
        max=_number(where, f"{at}.max", raw.get("max")), required=bool(raw.get("required", False)),
        aliases=tuple(_text(where, f"{at}.aliases", a) for a in raw.get("aliases", [])),
        pii=_choice(where, f"{at}.pii", raw.get("pii", "none"), PII_POLICIES),
        values={str(k).lower(): v for k, v in values.items()} if values else None,
        granularity=raw.get("granularity"),
    )


def _check_references(where: _Where, contract: Contract) -> None:
    _check_names(where, contract)
    _check_time(where, contract)
    _check_columns(where, contract)


def _check_names(where: _Where, contract: Contract) -> None:
    raw = {c.name for c in contract.columns}
    known = raw | {c.name for c in contract.derived} | {SITE}
    for field in ("keys", "quasi_identifiers", "tie_break"):
        for name in getattr(contract, field):
            if name not in known:
                raise where.error(f"{field}.{name}", "names no column of the contract")
    for name in contract.partitions:
        if name not in known | {DATE}:
            raise where.error(f"partitions.{name}", "names no column of the contract")


def _check_time(where: _Where, contract: Contract) -> None:
    if contract.kind == "events":
        time = contract.column(contract.time_column or "")
        if time is None or time.type != "timestamp":
            raise where.error("time_column", "an events dataset needs a timestamp column to partition by date")
    if DATE in contract.partitions and contract.time_column is None:
        raise where.error("partitions.date", "a date partition needs a time_column")


def _check_columns(where: _Where, contract: Contract) -> None:
    seen: dict[str, str] = {}
    for column in contract.columns:
        for alias in (column.name, *column.aliases):
            other = seen.setdefault(normalise_header(alias), column.name)
            if other != column.name:
                raise where.error(f"columns({column.name}).aliases", f"{alias!r} is already a header of {other}")
        if column.pii == "generalise" and not column.granularity:
            raise where.error(f"columns({column.name}).granularity", "a generalised column needs a granularity")


def _checks(where: _Where, raw: Any) -> Checks:
    if not isinstance(raw, dict):
        raise where.error("checks", "expected a mapping")
    try:
        return Checks(**raw)
    except TypeError as exc:
        raise where.error("checks", str(exc)) from None


def _text(where: _Where, field: str, value: Any, *, pattern: bool = False) -> str:
    if not isinstance(value, str) or (pattern and not _NAME.match(value)):
        raise where.error(field, "expected a lower-case name" if pattern else "expected text")
    return value


def _choice(where: _Where, field: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise where.error(field, f"{value!r} is not one of {', '.join(choices)}")
    return str(value)


def _names(where: _Where, field: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise where.error(field, "expected a list of column names")
    return tuple(value)


def _number(where: _Where, field: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise where.error(field, "expected a number")
    return float(value)


def _positive_int(where: _Where, field: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise where.error(field, "expected a positive whole number")
    return value
