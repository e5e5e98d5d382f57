"""Messages: how a problem is shown, and text that is data."""

MESSAGES: dict[str, dict[str, str]] = {
    # text that is not ours (a system's reason, a library's message): as it is
    "text": {"zh": "{text}", "en": "{text}"},
    "severity.error": {"zh": "错误", "en": "error"},
    "severity.warning": {"zh": "警告", "en": "warning"},
    # file:line:col: error: message [rule]
    "problem.line": {
        "zh": "{where}: {severity}：{message} [{rule}]",
        "en": "{where}: {severity}: {message} [{rule}]",
    },
    "problems.summary": {
        "zh": "{count} 个错误，首个：{first}",
        "en": "{count:plural:problem|problems} found; first: {first}",
    },
    "problems.none": {"zh": "没有错误", "en": "no errors"},
}
