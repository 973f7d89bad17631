"""Catalog tables generated from the pipeline's dataset contracts: the contracts are the one definition of the
curated columns, their types and descriptions; this only decides where each table lives.

- ``curated_<dataset>``: the curated rows (zone ``curated``, ``curated/<dataset>/``), partitioned as the
  contract says, stored with symlink manifests (``mdap.pipeline.writer``);
- ``curated_sensor_rollup_1m``: 1-minute aggregates of the sensor readings, stored the same way;
- ``data_quality_metrics``: each run's quality measures, one file per run and day;
- ``quarantine_rows``: rejected rows with their original values (zone ``quarantine``), restricted: queried
  only through the ``quarantine`` view, which leaves the values out.
"""

from __future__ import annotations

import pyarrow as pa

from mdap.catalog import Column, Partition, TableDef, check_table
from mdap.pipeline.contracts import Contract, load_contracts

ROLLUP_DATASET = "sensor_readings"  # the dataset mdap.pipeline.steps rolls up per minute
ROLLUP_TABLE = "curated_sensor_rollup_1m"
QUALITY_TABLE = "data_quality_metrics"
QUARANTINE_TABLE = "quarantine_rows"
PARTITION_TEXT = {"site": "사이트(공장) 식별자", "date": "날짜(KST, YYYY-MM-DD)", "dataset": "데이터셋"}
# The pipeline's own tables carry no contract; their columns are described here, once.
COLUMN_TEXT = {
    "asset": "설비 식별자", "tag": "측정 항목(태그)", "minute": "분(UTC, 분 단위로 내림)",
    "count": "그 분의 측정값 수", "min": "최솟값(품질 bad 제외)", "max": "최댓값(품질 bad 제외)",
    "avg": "평균(품질 bad 제외)", "last": "그 분의 마지막 값(품질 bad 제외)",
    "site": "사이트(공장) 식별자", "rows": "정제된 행", "quarantined": "격리된 행", "duplicates": "중복으로 제외된 행",
    "completeness": "완전성(채워진 칸의 비율)", "validity": "유효성(정제 ÷ (정제 + 격리))",
    "timeliness": "적시성(지연되지 않은 행의 비율)", "measured_at": "측정 시각(UTC)",
    "object": "원본 객체 키(또는 파일 이름)", "row_number": "파일에서 사람이 보는 행 번호(0: 객체 전체)",
    "reason_code": "사유 코드", "reason": "사유", "original": "원래 값(JSON, 수정용; 제한 구역)",
}


def contract_tables() -> tuple[TableDef, ...]:
    contracts = load_contracts()
    tables = [curated_table(contract) for contract in contracts.values()]
    if ROLLUP_DATASET in contracts:
        tables.append(rollup_table())
    return (*tables, quality_table(), quarantine_table())


def curated_name(dataset: str) -> str:
    return f"curated_{dataset}"


def curated_table(contract: Contract) -> TableDef:
    columns = tuple(Column(c.name, c.type, _described(c.description, c.unit)) for c in contract.curated_columns())
    partitions = tuple(Partition(name, "string", PARTITION_TEXT.get(name, name)) for name in contract.partitions)
    return check_table(TableDef(curated_name(contract.name), "curated", f"curated/{contract.name}/", columns,
                                partitions, "parquet", contract.description, "on_arrival", "manifest"))


def rollup_table() -> TableDef:
    from mdap.pipeline.rollup import ROLLUP_SCHEMA

    return _from_schema(ROLLUP_TABLE, "curated", "curated/sensor_rollup_1m/", ROLLUP_SCHEMA, ("site", "date"),
                        "센서 측정값의 1분 집계(사이트·설비·태그·분당 한 행)", layout="manifest")


def quality_table() -> TableDef:
    from mdap.pipeline.quality import QUALITY_SCHEMA

    return _from_schema(QUALITY_TABLE, "curated", "curated/data_quality/", QUALITY_SCHEMA, ("dataset", "date"),
                        "실행별 데이터 품질 측정값(데이터셋·태그·일): data_quality 보기가 합칩니다")


def quarantine_table() -> TableDef:
    from mdap.pipeline.stage import QUARANTINE_SCHEMA

    return _from_schema(QUARANTINE_TABLE, "quarantine", "quarantine/rows/", QUARANTINE_SCHEMA, ("dataset", "site"),
                        "격리된 행과 원래 값(제한 구역): quarantine 보기로만 조회", restricted=True)


def _from_schema(name: str, zone: str, prefix: str, schema: pa.Schema, partitions: tuple[str, ...],
                 description: str, *, layout: str = "files", restricted: bool = False) -> TableDef:
    columns = tuple(Column(f.name, hive_type(f.type), COLUMN_TEXT.get(f.name, f.name)) for f in schema
                    if f.name not in partitions)
    keys = tuple(Partition(p, "string", PARTITION_TEXT.get(p, p)) for p in partitions)
    return check_table(TableDef(name, zone, prefix, columns, keys, "parquet", description, "on_arrival", layout,
                                restricted))


def storage_schema(table: TableDef) -> pa.Schema:
    """The Arrow schema of a table's data files (partition keys live in the path)."""
    return pa.schema([pa.field(c.name, arrow_type(c.type)) for c in table.columns])


_HIVE = {pa.string(): "string", pa.large_string(): "string", pa.float64(): "double", pa.float32(): "float",
         pa.int64(): "bigint", pa.int32(): "int", pa.int16(): "smallint", pa.int8(): "tinyint",
         pa.bool_(): "boolean", pa.date32(): "date"}
_ARROW = {"string": pa.string(), "double": pa.float64(), "float": pa.float32(), "bigint": pa.int64(),
          "int": pa.int32(), "smallint": pa.int16(), "tinyint": pa.int8(), "boolean": pa.bool_(),
          "date": pa.date32(), "timestamp": pa.timestamp("us")}


def hive_type(arrow: pa.DataType) -> str:
    if pa.types.is_timestamp(arrow):
        return "timestamp"
    if pa.types.is_decimal(arrow):
        return f"decimal({arrow.precision},{arrow.scale})"
    if arrow in _HIVE:
        return _HIVE[arrow]
    raise ValueError(f"no Athena type for Arrow {arrow}")


def arrow_type(hive: str) -> pa.DataType:
    if hive.startswith("decimal("):
        precision, scale = hive.removeprefix("decimal(").rstrip(")").split(",")
        return pa.decimal128(int(precision), int(scale))
    return _ARROW[hive]


def _described(text: str, unit: str | None) -> str:
    return f"{text} [{unit}]" if unit and unit not in text else text
