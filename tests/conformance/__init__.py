"""Conformance corpus for the local Amazon States Language engine (see README.md)."""
