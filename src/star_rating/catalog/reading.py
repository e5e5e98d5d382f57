"""Messages: reading."""

MESSAGES: dict[str, dict[str, str]] = {}
