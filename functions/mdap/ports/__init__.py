"""Ports: the small interfaces the domain and services talk to.

Each port has two production adapters (``mdap.adapters.aws`` and ``mdap.adapters.local``)
and one contract-test suite under ``tests/integration/contracts`` that runs against both.
"""
