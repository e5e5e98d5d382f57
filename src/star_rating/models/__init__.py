"""Pydantic models of the file formats and plain data classes of results."""
