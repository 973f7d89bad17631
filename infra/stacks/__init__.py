"""Stacks composed from the parts in infra.parts."""
