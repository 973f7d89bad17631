"""What the QuickSight construct reads from git, as plain functions the construct and the tests share:

- a view's ``-- columns:`` header (through the catalog's loader) as a data set's input columns;
- the dashboard definition ``infra/quicksight/dashboard.json`` (sheets, visuals, layouts in QuickSight's own
  definition shape, data sets named by view), kept to the visuals whose views exist and checked against their
  columns, so a renamed view column fails synth instead of a deploy;
- the site access rules ``infra/quicksight/site_access.csv`` (``group,site``) as the SQL of the row-level
  security data set: every group sees its sites' rows only, the staff group every site.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mdap.catalog import ViewDef

DASHBOARD_FILE = "dashboard.json"
SITE_ACCESS_FILE = "site_access.csv"
SITE_COLUMN = "site"  # the column row-level security keys on: every data set's view must have it
_TYPES = {"string": "STRING", "varchar": "STRING", "char": "STRING", "tinyint": "INTEGER", "smallint": "INTEGER",
          "int": "INTEGER", "integer": "INTEGER", "bigint": "INTEGER", "double": "DECIMAL", "float": "DECIMAL",
          "real": "DECIMAL", "decimal": "DECIMAL", "timestamp": "DATETIME", "date": "DATETIME",
          "boolean": "BOOLEAN"}  # fmt: skip
_FIELD = re.compile(r"\{([^{}]+)\}")  # a column in a calculated expression
_GROUP = re.compile(r"^[\w.@+=,-]{1,128}$")  # a QuickSight group name
_SITE = re.compile(r"^[\w.-]{1,64}$")
_DROPPABLE = ("CalculatedFields", "ColumnConfigurations", "FilterGroups")  # top-level lists naming data sets


class DefinitionError(ValueError):
    """A QuickSight source file does not fit the views; the message names the file, the item and the fix."""


def column_type(athena_type: str) -> str:
    """QuickSight's input column type of an Athena DDL type (``decimal(12,2)`` -> DECIMAL)."""
    base = athena_type.lower().split("(", 1)[0].strip()
    if base not in _TYPES:
        raise DefinitionError(f"Athena type {athena_type!r} has no QuickSight column type; add it to _TYPES")
    return _TYPES[base]


def input_columns(view: ViewDef) -> list[dict[str, str]]:
    return [{"Name": column.name, "Type": column_type(column.type)} for column in view.columns]


def physical_id(view_name: str) -> str:
    """QuickSight table ids allow letters, digits and dashes only."""
    return view_name.replace("_", "-")


def load_definition(folder: Path, columns: Mapping[str, Sequence[str]]) -> tuple[dict[str, Any], list[str]]:
    """The dashboard definition of ``folder`` with the visuals whose data sets (views) are all in ``columns``,
    and the ids of the visuals left out. Every column a kept item names must be one of its view's columns."""
    path = folder / DASHBOARD_FILE
    definition = json.loads(path.read_text(encoding="utf-8"))
    if "DataSetIdentifierDeclarations" in definition:
        raise DefinitionError(f"{path}: leave out DataSetIdentifierDeclarations; the construct declares the views")
    fitted = copy.deepcopy(definition)
    dropped: list[str] = []
    for sheet in fitted.get("Sheets", []):
        kept = []
        for visual in sheet.get("Visuals", []):
            [(_, body)] = visual.items()
            if _fits(visual, columns, f"{path}: visual {body['VisualId']}"):
                kept.append(visual)
            else:
                dropped.append(body["VisualId"])
        sheet["Visuals"] = kept
        for layout in sheet.get("Layouts", []):
            grid = layout["Configuration"].get("GridLayout", {})
            grid["Elements"] = [e for e in grid.get("Elements", []) if e["ElementId"] not in dropped]
    fitted["Sheets"] = [sheet for sheet in fitted.get("Sheets", []) if sheet["Visuals"]]
    for key in _DROPPABLE:
        if key in fitted:
            fitted[key] = [item for item in fitted[key] if _fits(item, columns, f"{path}: an item of {key}")]
    if not fitted["Sheets"]:
        raise DefinitionError(f"{path}: no visual reads a view that exists ({sorted(columns)})")
    return fitted, dropped


def _fits(item: Any, columns: Mapping[str, Sequence[str]], where: str) -> bool:
    """False when the item reads a view that is not deployed; an error when it names a column its view lacks."""
    references = list(_references(item))
    data_sets = {data_set for data_set, _ in references if data_set}
    if not data_sets <= set(columns):
        return False
    for data_set, column in references:
        if data_set is None and len(data_sets) != 1:
            raise DefinitionError(f"{where}: expression field {{{column}}} in an item reading {len(data_sets)} "
                                  "data sets; give the item exactly one")
        view = data_set or next(iter(data_sets))
        if column not in columns[view]:
            raise DefinitionError(f"{where} names column {column!r}, which view {view} does not have "
                                  f"(its columns: {', '.join(columns[view])})")
    return True


def _references(node: Any) -> Iterator[tuple[str | None, str]]:
    """(data set, column) of every ColumnIdentifier, (None, column) of every {field} in an Expression."""
    if isinstance(node, dict):
        if "ColumnName" in node:
            yield node.get("DataSetIdentifier"), node["ColumnName"]
        if isinstance(node.get("Expression"), str):
            yield from ((None, name) for name in _FIELD.findall(node["Expression"]))
        for value in node.values():
            yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)


def site_rules(folder: Path, staff_group: str) -> list[tuple[str, str | None]]:
    """(group, site) rows: the staff group with every site (None), then the CSV's rows; an empty site is every
    site."""
    path = folder / SITE_ACCESS_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["group", "site"]:
            raise DefinitionError(f"{path}: the header must be 'group,site', got {reader.fieldnames}")
        rows = [(row["group"].strip(), row["site"].strip() or None) for row in reader]
    rules = [(staff_group, None), *rows]
    for group, site in rules:
        if not _GROUP.match(group) or (site is not None and not _SITE.match(site)):
            raise DefinitionError(f"{path}: ({group!r}, {site!r}) is not a QuickSight group name and a site id")
    if len(set(rules)) != len(rules):
        raise DefinitionError(f"{path}: a (group, site) row is listed twice (the staff group is added by itself)")
    return rules


def rules_sql(rules: Sequence[tuple[str, str | None]]) -> str:
    """The rules as an Athena query of literals: nothing to store, no bucket or table to keep in step."""
    rows = ", ".join(f"('{group}', {_literal(site)})" for group, site in rules)
    return f"SELECT groupname, {SITE_COLUMN} FROM (VALUES {rows}) AS rules (groupname, {SITE_COLUMN})"


def _literal(site: str | None) -> str:
    return "CAST(NULL AS varchar)" if site is None else f"'{site}'"  # site ids hold no quote (_SITE)


def group_names(rules: Sequence[tuple[str, str | None]]) -> list[str]:
    return sorted({group for group, _ in rules})
