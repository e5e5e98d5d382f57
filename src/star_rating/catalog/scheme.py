"""Messages: scheme."""

MESSAGES: dict[str, dict[str, str]] = {}
