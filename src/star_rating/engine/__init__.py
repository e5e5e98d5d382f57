"""The scoring engine: pure functions from a loaded round to results (no I/O)."""
