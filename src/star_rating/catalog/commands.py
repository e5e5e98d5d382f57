"""Messages: what the commands print (errors, "wrote" lines, progress, summaries)."""

MESSAGES: dict[str, dict[str, str]] = {
    "cli.error": {"zh": "star-rate: 错误：{text}", "en": "star-rate: error: {text}"},
    "cli.errors_nothing_written": {
        "zh": "star-rate: {count} 个错误；未评分，也未写出任何文件",
        "en": "star-rate: {count:plural:error|errors}; nothing was scored or written",
    },
    "validate.ok": {
        "zh": "star-rate validate: 通过：{errors} 个错误，{warnings} 个警告，共检查 {paths} 个路径",
        "en": "star-rate validate: ok: {errors:plural:error|errors}, "
        "{warnings:plural:warning|warnings} in {paths:plural:path|paths}",
    },
    "validate.failed": {
        "zh": "star-rate validate: 未通过：{errors} 个错误，{warnings} 个警告，"
        "共检查 {paths} 个路径",
        "en": "star-rate validate: failed: {errors:plural:error|errors}, "
        "{warnings:plural:warning|warnings} in {paths:plural:path|paths}",
    },
}
