"""de-identify: each column's personal-data policy, free-text masking, formula neutralisation.

Policies (the contract's ``pii``): ``drop`` removes the column; ``mask`` keeps a value's shape and last four
characters; ``pseudonym`` replaces it by the keyed HMAC pseudonym; ``generalise`` coarsens it (hour/day/month,
number bands, text prefixes); ``free_text`` masks the personal data the detectors find (registration numbers with
valid check digits, phone numbers, e-mail addresses, known names). Known names come from the name columns of the
same rows and the worker master. The work is per distinct value, and text that holds no four-digit run, no "@"
and no known name is never handed to Python at all.

Every text cell that begins with = + - @ (or a tab or carriage return) gets a leading apostrophe, so no
spreadsheet that opens an export runs it as a formula; plain signed numbers ("-5") are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mdap.domain.privacy.detect import CANDIDATE_RE2, mask_personal_data
from mdap.domain.privacy.masking import generalise_text, mask_value, parse_granularity
from mdap.pipeline.columns import Array, flat, map_distinct, plain
from mdap.pipeline.contracts import ColumnSpec, Contract
from mdap.pipeline.pseudonym import Pseudonymizer
from mdap.pipeline.stage import ORIGINAL, Stage, empty_rejected

_FORMULA = r"^[=+\-@\t\r]"
_SIGNED_NUMBER = r"^[+-][0-9][0-9,]*(\.[0-9]+)?([eE][+-]?[0-9]+)?$"


def deidentify(contract: Contract, table: pa.Table, pseudonymizer: Pseudonymizer, *,
               known_names: frozenset[str] = frozenset()) -> Stage:
    names = known_names | name_values(contract, table)
    report: dict[str, Any] = {"policies": {}, "findings": {}, "known_names": len(names)}
    for column in contract.columns:
        if column.name not in table.column_names or column.pii == "none":
            continue
        report["policies"][column.name] = column.pii
        if column.pii == "drop":
            table = table.drop_columns([column.name])
            continue
        values = _apply(column, table[column.name], pseudonymizer, names, report)
        table = table.set_column(table.schema.get_field_index(column.name), column.name, values)
    if ORIGINAL in table.column_names:
        table = table.drop_columns([ORIGINAL])  # original cells are for quarantine only
    return Stage(neutralise_formulas(table), empty_rejected(), report)


def name_values(contract: Contract, table: pa.Table) -> frozenset[str]:
    """The person names in the rows: values of the columns whose policy is ``pseudonym``."""
    found: set[str] = set()
    for column in contract.columns:
        if column.pii == "pseudonym" and column.name in table.column_names:
            values = pc.unique(plain(table[column.name])).drop_null().to_pylist()
            found.update(v.strip() for v in values if isinstance(v, str) and v.strip())
    return frozenset(found)


def _apply(column: ColumnSpec, values: Array, pseudonymizer: Pseudonymizer, names: frozenset[str],
           report: dict[str, Any]) -> Array:
    if column.pii == "pseudonym":
        return pseudonymizer.column(values)
    if column.pii == "mask":
        return map_distinct(values, mask_value)
    if column.pii == "generalise":
        return generalise(values, column.granularity or "")
    findings: Counter[str] = Counter()

    def mask(text: str) -> str:
        masked, kinds = mask_personal_data(text, names)
        findings.update(kinds)
        return masked

    result = map_distinct(values, mask, only=candidate_pattern(names))
    report["findings"][column.name] = dict(sorted(findings.items()))  # per distinct value
    return result


def candidate_pattern(names: frozenset[str]) -> str:
    """RE2 pre-filter: the detectors' candidates plus any known name (case-insensitive for Latin names)."""
    usable = sorted({n.strip() for n in names if len(n.strip()) >= 2})
    if not usable:
        return CANDIDATE_RE2
    return "(?i)" + "|".join([CANDIDATE_RE2, *(re.escape(n) for n in usable)])


def generalise(values: Array, granularity: str) -> Array:
    kind, amount = parse_granularity(granularity)
    array = flat(values)
    if kind in ("hour", "day", "month"):
        return pc.floor_temporal(array, unit=kind)
    if kind == "band":
        return pc.multiply(pc.floor(pc.divide(array.cast(pa.float64()), amount)), amount).cast(array.type)
    return map_distinct(array, lambda text: generalise_text(text, int(amount)))


def neutralise_formulas(table: pa.Table) -> pa.Table:
    for index, field in enumerate(table.schema):
        base = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
        if pa.types.is_string(base) and not field.name.startswith("_"):
            table = table.set_column(index, field.name, _neutralised(table[field.name]))
    return table


def _neutralised(values: Array) -> pa.Array:
    array = flat(values)
    if pa.types.is_dictionary(array.type):
        return pa.DictionaryArray.from_arrays(array.indices, _neutralised(array.dictionary.fill_null("")))
    risky = pc.and_(pc.match_substring_regex(array, _FORMULA),
                    pc.invert(pc.match_substring_regex(array, _SIGNED_NUMBER)))
    if not pc.any(risky).as_py():
        return array
    return pc.if_else(risky, pc.binary_join_element_wise("'", array, ""), array)
