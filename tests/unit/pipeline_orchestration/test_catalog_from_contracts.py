"""The catalog reads the dataset contracts (one definition) and the views' .sql files; SHOW TABLES and DESCRIBE
are answered from it."""

from __future__ import annotations

import pytest

from mdap.catalog import Catalog, CatalogError, load_catalog
from mdap.catalog.describe import catalog_answer
from mdap.catalog.generated import curated_name
from mdap.catalog.views import load_views, parse_view
from mdap.pipeline.contracts import load_contracts
from mdap.ports.errors import InvalidRequest


def test_every_contract_has_a_curated_manifest_table_with_its_columns_and_words() -> None:
    catalog = load_catalog()
    for contract in load_contracts().values():
        table = catalog.table(curated_name(contract.name))
        assert table is not None and table.layout == "manifest" and table.partitions_registered
        assert table.prefix == f"curated/{contract.name}/" and table.description == contract.description
        assert [(c.name, c.type) for c in table.columns] == [(c.name, c.type) for c in contract.curated_columns()]
        assert [p.name for p in table.partitions] == list(contract.partitions)
        assert all(c.description for c in table.all_columns)
    assert "inspector_phone" not in [c.name for c in catalog.table("curated_inspection_records").columns]  # type: ignore[union-attr]


def test_pipeline_tables_live_in_their_zones_and_quarantine_is_restricted() -> None:
    catalog = load_catalog()
    quarantine = catalog.table("quarantine_rows")
    assert quarantine is not None and quarantine.zone == "quarantine" and quarantine.restricted
    assert not catalog.queryable("quarantine_rows") and catalog.queryable("quarantine")
    assert catalog.table("curated_sensor_rollup_1m").layout == "manifest"  # type: ignore[union-attr]
    assert [p.name for p in catalog.table("data_quality_metrics").partitions] == ["dataset", "date"]  # type: ignore[union-attr]


def test_manifest_keys_name_their_partition_at_the_manifest_folder() -> None:
    table = load_catalog().table("curated_sensor_readings")
    assert table is not None
    manifest = "curated/sensor_readings/_symlink_format_manifest/site=a/date=2025-03-03/manifest"
    assert table.partition_of(manifest) == ("a", "2025-03-03")
    assert table.partition_location(("a", "2025-03-03")) == manifest.removesuffix("manifest")
    assert table.partition_of("curated/sensor_readings/site=a/date=2025-03-03/part-r1-0.parquet") is None


def test_views_come_after_what_they_read_and_inherit_passed_through_columns() -> None:
    catalog = load_catalog()
    names = [v.name for v in catalog.views]
    assert set(names) == {"sensor_readings_clean", "production_orders_clean", "inspection_records_clean",
                          "sensor_rollup_1m", "production", "quality", "downtime", "data_quality",
                          "collection_health", "quarantine", "kpi_oee", "kpi_production_shift", "kpi_defect_rate",
                          "kpi_defect_pareto", "kpi_downtime_pareto"}
    clean = catalog.view("sensor_readings_clean")
    assert clean is not None and clean.depends_on == ("curated_sensor_readings",)
    assert [(c.name, c.type) for c in clean.columns][:3] == [("site", "string"), ("date", "string"),
                                                             ("asset", "string")]
    assert catalog.base_tables(["downtime", "quarantine"]) == {"curated_sensor_readings", "quarantine_rows"}


def test_a_view_file_without_columns_or_reading_unknown_tables_is_refused() -> None:
    with pytest.raises(CatalogError, match="columns:"):
        parse_view("v", "-- a view\nSELECT 1 AS x")
    with pytest.raises(CatalogError, match="column line"):
        parse_view("v", "-- a view\n-- columns:\n--   x is wrong\nSELECT 1 AS x")
    view = parse_view("v", "-- a view\n-- columns:\n--   x bigint: one\nSELECT x FROM nowhere")
    assert view.depends_on == ("nowhere",)


def test_views_reading_each_other_in_a_circle_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.sql").write_text("-- a\n-- columns:\n--   x bigint: x\nSELECT x FROM b")
    (tmp_path / "b.sql").write_text("-- b\n-- columns:\n--   x bigint: x\nSELECT x FROM a")
    with pytest.raises(CatalogError, match="circle"):
        load_views(tmp_path, Catalog(()))


def test_show_and_describe_are_answered_from_the_catalog() -> None:
    catalog = load_catalog()
    shown = catalog_answer("  show tables like 'curated%' ; ", catalog)
    assert shown is not None and [r[0] for r in shown.rows][:2] == ["curated_assets", "curated_inspection_records"]
    described = catalog_answer("DESCRIBE production", catalog)
    assert described is not None and described.rows[5] == ("orders", "bigint", "column", "작업지시 수")
    assert catalog_answer("SELECT 1", catalog) is None
    with pytest.raises(InvalidRequest, match="SHOW TABLES lists them"):
        catalog_answer("describe nothing_here", catalog)
