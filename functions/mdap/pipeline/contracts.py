"""Dataset contracts: one YAML file per dataset, read by the pipeline and by the CDK catalog (one definition).

``load_contracts`` validates every file and refuses a bad one with a ``ContractError`` naming the file and the
field, so a typo never reaches a run. ``detect_dataset`` tells which contract an object belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from mdap.pipeline.contract_model import (
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
from mdap.pipeline.contract_parse import parse_contract

__all__ = ["CONTRACTS_DIR", "DATE", "KINDS", "PII_POLICIES", "SITE", "TYPES", "Checks", "ColumnSpec", "Contract",
           "ContractError", "detect_dataset", "load_contracts", "normalise_header", "parse_contract"]

CONTRACTS_DIR = Path(__file__).with_name("contracts")


@cache
def load_contracts(directory: Path = CONTRACTS_DIR) -> dict[str, Contract]:
    """Every ``*.yaml`` contract of ``directory``, by name; a bad file raises ContractError naming file and field."""
    contracts: dict[str, Contract] = {}
    for path in sorted(directory.glob("*.yaml")):
        contract = parse_contract(path.name, _read_yaml(path))
        if contract.name != path.stem:
            raise ContractError(f"{path.name}: name: {contract.name!r} differs from the file name")
        contracts[contract.name] = contract
    return contracts


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ContractError(f"{path.name}: not valid YAML: {exc}") from None


def detect_dataset(key_or_filename: str, header: Sequence[str] | None = None) -> str | None:
    """The dataset of an object: from ``raw/<dataset>/…`` (or ``<dataset>/…``), else from its header row.

    A header names a dataset when every required column of that contract is there (names or aliases) and no
    other contract matches as many of its cells; ties and misses give None.
    """
    contracts = load_contracts()
    parts = key_or_filename.replace("\\", "/").split("/")
    for index, part in enumerate(parts[:-1]):
        if part in contracts and (index == 0 or parts[index - 1] == "raw"):
            return part
    return _detect_from_header(contracts, header) if header else None


def _detect_from_header(contracts: Mapping[str, Contract], header: Sequence[str]) -> str | None:
    scores = []
    for contract in contracts.values():
        found = {contract.column_for(str(cell)) for cell in header} - {None}
        if all(c.name in found for c in contract.columns if c.required):
            scores.append((len(found), contract.name))
    scores.sort(reverse=True)
    if not scores or (len(scores) > 1 and scores[0][0] == scores[1][0]):
        return None
    return scores[0][1]
