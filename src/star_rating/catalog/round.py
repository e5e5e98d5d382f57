"""Messages: round."""

MESSAGES: dict[str, dict[str, str]] = {}
