"""Messages: labels and sentences of tables, exports, forms, explain and charts."""

MESSAGES: dict[str, dict[str, str]] = {
    # the words for what is rated and how it is grouped, unless the scheme names them
    "vocab.unit": {"zh": "社区", "en": "community"},
    "vocab.units": {"zh": "社区", "en": "communities"},
    "vocab.group": {"zh": "街道", "en": "street"},
    "vocab.groups": {"zh": "街道", "en": "streets"},
}
