"""Preprocessing pipeline: raw objects -> curated, de-identified, joined Parquet (issue 10).

The pure core, bottom up: `contract_model`/`contract_parse`/`contracts` (one YAML per dataset), `stage` (what
the steps hand each other), `columns` (shared Arrow helpers), `coerce` (text cells to types), `formats` and `read`,
`validate`, `order` and `flags` (sorting, de-duplication, stuck/gap/late) under `clean`, `pseudonym` and
`deidentify`, `lookup` under `enrich`, `rollup`, `quality`; `steps` is the face the Step Functions tasks and the
command line import. Every step is pure over Arrow tables: no I/O but the bytes it is given.
Orchestration (runs, the writer, events, references, keys, tasks) sits beside it and calls the steps.
"""
