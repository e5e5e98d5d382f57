"""Messages: report."""

MESSAGES: dict[str, dict[str, str]] = {}
