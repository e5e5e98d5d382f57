"""Files in: YAML with positions, CSV, round folders, schemes."""
