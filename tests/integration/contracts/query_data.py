"""Readings written as the edge writes them: hive-style Parquet under the raw zone's sensor_readings prefix."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

PREFIX = "raw/sensor_readings/"
ROWS = [  # site, source, date, hour, asset, tag, ts, value, quality
    ("한빛정밀", "opcua", "2025-03-01", "09", "사출기-1", "temp", datetime(2025, 3, 1, 9, 0, 5), 210.5, "good"),
    ("한빛정밀", "opcua", "2025-03-01", "09", "사출기-1", "temp", datetime(2025, 3, 1, 9, 40, 0), 215.0, "good"),
    ("한빛정밀", "opcua", "2025-03-01", "10", "사출기-1", "temp", datetime(2025, 3, 1, 10, 10, 0), 230.0, "bad"),
    ("한빛정밀", "modbus", "2025-03-01", "10", "프레스-2", "pressure", datetime(2025, 3, 1, 10, 5, 0), 3.5, "good"),
    ("대성금속", "mqtt", "2025-03-02", "00", "로봇-7", "speed", datetime(2025, 3, 2, 0, 1, 0), 1.0, "good"),
]


def write_readings(root: Path, rows: list[tuple] = ROWS) -> None:  # type: ignore[type-arg]
    """One Parquet file per partition, like the collector's batches."""
    by_partition: dict[tuple[str, ...], list[tuple]] = {}  # type: ignore[type-arg]
    for row in rows:
        by_partition.setdefault(row[:4], []).append(row[4:])
    for (site, source, day, hour), samples in by_partition.items():
        folder = root / "raw" / PREFIX / f"site={site}" / f"source={source}" / f"date={day}" / f"hour={hour}"
        folder.mkdir(parents=True, exist_ok=True)
        columns = list(zip(*samples, strict=True))
        table = pa.table({"asset": columns[0], "tag": columns[1],
                          "ts": pa.array(columns[2], pa.timestamp("us")), "value": columns[3],
                          "value_text": pa.array([None] * len(samples), pa.string()), "quality": columns[4],
                          "device": ["edge-01"] * len(samples), "seq": list(range(1, len(samples) + 1))})
        pq.write_table(table, folder / "edge-01-1-9.parquet")


def keys(rows: list[tuple] = ROWS) -> list[str]:  # type: ignore[type-arg]
    """The object keys write_readings writes (raw zone)."""
    return sorted({f"{PREFIX}site={r[0]}/source={r[1]}/date={r[2]}/hour={r[3]}/edge-01-1-9.parquet" for r in rows})
