"""Local Amazon States Language engine."""
