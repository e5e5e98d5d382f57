"""Messages: what the commands print (errors, "wrote" lines, progress, summaries),
the output folder and file checks, and the results read back (verify, compare, history)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- the command line ----------------------------------------------------------
    "cli.version": {"zh": "star-rate {version}", "en": "star-rate {version}"},
    "cli.error": {"zh": "star-rate: 错误：{text}", "en": "star-rate: error: {text}"},
    "cli.errors_nothing_written": {
        "zh": "star-rate: {count} 个错误；未评分，也未写出任何文件",
        "en": "star-rate: {count:plural:error|errors}; nothing was scored or written",
    },
    "cli.internal_error": {
        "zh": "star-rate: 内部错误：{kind}: {text}\n"
        "这是 star-rate 的程序缺陷。请加 --debug 重新运行以查看回溯信息。",
        "en": "star-rate: internal error: {kind}: {text}\n"
        "This is a bug in star-rate. Run again with --debug for the traceback.",
    },
    "cli.interrupted": {"zh": "star-rate: 已中断", "en": "star-rate: interrupted"},
    "cli.stdout_failed": {
        "zh": "无法写入标准输出：{why}",
        "en": "cannot write to standard output: {why}",
    },
    # a system's reason for a path, and for a rename (from -> to)
    "cli.os_error": {"zh": "{where}: {why}", "en": "{where}: {why}"},
    "cli.os_error.two": {"zh": "{where} -> {other}: {why}", "en": "{where} -> {other}: {why}"},
    "cli.lang.option": {
        "zh": "--lang {value!r} 不是 star-rate 支持的语言；"
        "可选 zh（zh-CN、zh_CN、zh-Hans …）或 en（en-US、en_GB …）",
        "en": "--lang {value!r} is not a language star-rate speaks; "
        "use zh (zh-CN, zh_CN, zh-Hans …) or en (en-US, en_GB …)",
    },
    "cli.lang.env": {
        "zh": "STAR_RATE_LANG={value!r} 不是 star-rate 支持的语言；"
        "可选 zh（zh-CN、zh_CN、zh-Hans …）或 en（en-US、en_GB …）",
        "en": "STAR_RATE_LANG={value!r} is not a language star-rate speaks; "
        "use zh (zh-CN, zh_CN, zh-Hans …) or en (en-US, en_GB …)",
    },
    "cli.no_community": {
        "zh": "本轮评定中没有{unit} {name!r}{hint}",
        "en": "no {unit} {name!r} in the round{hint}",
    },
    "cli.unknown_format": {
        "zh": "无法从 {name!r} 判断输出格式；请用 --format {choices}",
        "en": "cannot tell the format from {name!r}; use --format {choices}",
    },
    "cli.unknown_stage": {
        "zh": "未知环节 {stage!r}{hint}；应为 {ids} 之一",
        "en": "unknown stage {stage!r}{hint}; expected one of {ids}",
    },
    "cli.export.wrote": {
        "zh": "star-rate export: 已写出 {output}（{n} 个{unit}）",
        "en": "star-rate export: wrote {output} ({n} {unit})",
    },
    "cli.export.note": {"zh": "star-rate export: {note}", "en": "star-rate export: {note}"},
    "cli.template.wrote": {
        "zh": "star-rate template: 已写出 {output}（{n} 个{unit}，环节 {stage}）",
        "en": "star-rate template: wrote {output} ({n} {unit}, stage {stage})",
    },
    "cli.report.wrote": {
        "zh": "star-rate report: 已写出 {n} 个文件到 {output}",
        "en": "star-rate report: wrote {n:plural:file|files} to {output}",
    },
    "cli.report.pages": {
        "zh": "star-rate report: 已为 {n} 个{units}中的 {paged} 个生成单独页面"
        "（--pages all 为每个都生成；用 --community、--street 选择）",
        "en": "star-rate report: pages for {paged} of the {n} {units} "
        "(--pages all for every one; --community, --street to choose)",
    },
    "cli.init.wrote": {
        "zh": "star-rate init: 已写出 {n} 个文件到 {directory}",
        "en": "star-rate init: wrote {n:plural:file|files} to {directory}",
    },
    "cli.init.not_folder": {
        "zh": "{path} 已存在，且不是文件夹",
        "en": "{path} exists and is not a folder",
    },
    "cli.init.not_empty": {
        "zh": "{path} 不是空文件夹；如需写入其中，请加 --force",
        "en": "{path} is not empty; use --force to write into it",
    },
    "cli.init.link": {
        "zh": "{path} 是符号链接；star-rate init 不通过链接写入：请删除该链接，或另选文件夹",
        "en": "{path} is a symbolic link; star-rate init does not write through links: "
        "remove it, or choose another folder",
    },
    "cli.init.cannot_create": {
        "zh": "无法创建文件夹 {path}：{why}",
        "en": "cannot create folder {path}: {why}",
    },
    "cli.init.readme.reviews": {
        "zh": "评审表放在这里：每份评审一个 YAML 文件、长表 CSV"
        "（community,stage,indicator,value）或填好的 xlsx 评审表。",
        "en": "Review files go here: one YAML per review, long CSV "
        "(community,stage,indicator,value) or filled xlsx forms.",
    },
    "cli.init.readme.surveys": {
        "zh": "满意度调查 CSV 放在这里：community,respondent,question,answer",
        "en": "Survey CSVs go here: community,respondent,question,answer",
    },
    # --- validate ------------------------------------------------------------------
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
    # --- verify --------------------------------------------------------------------
    "cli.verify.labels": {"zh": "按 {lang} 标签比对", "en": "labels in {lang}"},
    "cli.verify.labels_detected": {
        "zh": "按 {lang} 标签比对，与保存的结果一致",
        "en": "labels in {lang}, as in the saved result",
    },
    "cli.verify.confirmed": {
        "zh": "star-rate verify: 已确认：{communities} 个社区的输入和结果完全一致"
        "（比对了 {fields} 个字段，{labels}）",
        "en": "star-rate verify: confirmed: the same inputs and results for "
        "{communities:plural:community|communities} "
        "({fields:plural:field|fields} compared, {labels})",
    },
    "cli.verify.differences": {
        "zh": "star-rate verify: {result} 与 {round} 重新评分的结果有 {n} 处不同（{labels}）",
        "en": "star-rate verify: {n:plural:difference|differences} between {result} and "
        "a fresh scoring of {round} ({labels})",
    },
    "cli.verify.without_previous": {
        "zh": "star-rate verify: 保存的结果评分时未使用 --previous",
        "en": "star-rate verify: the saved result was scored without --previous",
    },
    "cli.verify.needs_previous": {
        "zh": "{result} 评分时使用了 --previous（{carried} 个社区在 `dynamic` 下带有上轮星级）；"
        "请传入同一份上轮结果：star-rate verify {result} {round} --previous LAST-ROUND.json",
        "en": "{result} was scored with --previous "
        "({carried:plural:community carries|communities carry} last round's stars under "
        "`dynamic`); pass the same previous result: star-rate verify {result} {round} "
        "--previous LAST-ROUND.json",
    },
    # --- output files and folders --------------------------------------------------
    "fs.reason": {"zh": "{path}: {why}", "en": "{path}: {why}"},
    "fs.parent_reason": {"zh": "{path}: {folder}: {why}", "en": "{path}: {folder}: {why}"},
    "fs.parent_is_file": {
        "zh": "{path}: {folder} 是文件，不是文件夹",
        "en": "{path}: {folder} is a file, not a folder",
    },
    "fs.no_folder": {
        "zh": "{path}: 文件夹 {folder} 不存在",
        "en": "{path}: folder {folder} does not exist",
    },
    "fs.is_folder": {
        "zh": "{path} 是文件夹；应为文件名",
        "en": "{path} is a folder; expected a file name",
    },
    "fs.is_file": {"zh": "{path} 是文件，不是文件夹", "en": "{path} is a file, not a folder"},
    "fs.is_input": {
        "zh": "{path} 是本命令的输入文件；请另选输出文件",
        "en": "{path} is an input of this command; choose another output",
    },
    "fs.exists": {
        "zh": "{path} 已存在；如需替换，请加 --force",
        "en": "{path} exists; use --force to replace it",
    },
    "fs.not_empty": {
        "zh": "{path} 已存在且不是空文件夹；如需替换，请加 --force",
        "en": "{path} exists and is not empty; use --force to replace it",
    },
    "fs.folder_is_input": {
        "zh": "{path} 是本命令的输入；请另选输出文件夹",
        "en": "{path} is an input of this command; choose another output folder",
    },
    "fs.folder_holds_input": {
        "zh": "{path} 中有本命令的输入 {input}；请另选输出文件夹",
        "en": "{path} holds {input}, an input of this command; choose another output folder",
    },
    "fs.folder_is_cwd": {
        "zh": "{path} 是当前文件夹或包含当前文件夹；请另选输出文件夹",
        "en": "{path} is the current folder or holds it; choose another output folder",
    },
    "fs.cannot_write_folder": {
        "zh": "{path}: 无法写入文件夹 {folder}：{why}",
        "en": "{path}: cannot write to folder {folder}: {why}",
    },
    "fs.cannot_write": {"zh": "{path}: 无法写入：{why}", "en": "{path}: cannot write: {why}"},
    "fs.cannot_create_folder": {
        "zh": "{path}: 无法创建文件夹 {folder}：{why}",
        "en": "{path}: cannot create folder {folder}: {why}",
    },
    # --- results read back: compare, history, --previous, verify --------------------
    "history.no_such": {
        "zh": "{path}: 找不到该评定文件夹或结果文件",
        "en": "{path}: no such round folder or result file",
    },
    "history.not_folder": {"zh": "{path}: 不是文件夹", "en": "{path}: not a folder"},
    "history.no_rounds": {
        "zh": "{path}: 其中没有评定文件夹（含 round.yaml 的文件夹）",
        "en": "{path}: no round folders (with round.yaml) in it",
    },
    "history.previous.same": {
        "zh": "--previous 给出的是本轮评定自身的结果（{how}）；应给出往年评定的结果",
        "en": "--previous is a result of this same round ({how}); it takes the result of "
        "an earlier year's round",
    },
    "history.previous.later": {
        "zh": "--previous 给出的是 {previous} 年的结果（{how}），而本次评分的是 {year} 年的评定；"
        "应给出往年评定的结果",
        "en": "--previous is a result of {previous} ({how}), but the round being scored is "
        "of {year}; it takes the result of an earlier year's round",
    },
    "history.how.year": {"zh": "据其 `year`", "en": "its `year`"},
    "history.how.hash": {
        "zh": "其 round.yaml 就是本轮的 round.yaml",
        "en": "its round.yaml is this round's",
    },
    "history.how.name": {"zh": "据其评定名称和标题", "en": "from its round name and title"},
    "history.not_utf8": {
        "zh": "不是 UTF-8 文本；应为保存的评分结果",
        "en": "not UTF-8 text; expected a saved result",
    },
    "history.bad_json": {"zh": "不是有效的 JSON：{why}", "en": "not valid JSON: {why}"},
    "history.not_number": {
        "zh": "不是有效的 JSON：{value} 不是数字",
        "en": "not valid JSON: {value} is not a number",
    },
    "history.duplicate_key": {
        "zh": "同一个对象中键 {name} 出现了两次；保存的结果中每个键只出现一次",
        "en": "the key {name} appears twice in one object; a saved result has each key once",
    },
    "history.not_saved": {
        "zh": "不是保存的评分结果：{what}；verify 核对的是 "
        "`star-rate score ROUND --format json` 输出的 JSON",
        "en": "not a saved result: {what}; verify checks the JSON that "
        "`star-rate score ROUND --format json` writes",
    },
    "history.not_a_result": {
        "zh": "不是 star-rate 的评分结果：应为 `star-rate score --format json` 输出的 JSON",
        "en": "not a star-rate result: expected the JSON of `star-rate score --format json`",
    },
    "history.looks.array": {
        "zh": "文件内容是数组，不是对象",
        "en": "the file holds an array, not an object",
    },
    "history.looks.value": {
        "zh": "文件内容是单个值，不是对象",
        "en": "the file holds a single value, not an object",
    },
    "history.looks.compare": {
        "zh": "它像是 `star-rate compare --format json` 的输出",
        "en": "it looks like the output of `star-rate compare --format json`",
    },
    "history.looks.history": {
        "zh": "它像是 `star-rate history --format json` 的输出",
        "en": "it looks like the output of `star-rate history --format json`",
    },
    "history.looks.no_results": {
        "zh": "其中没有 `results` 列表",
        "en": "it has no `results` list",
    },
    "history.looks.public": {
        "zh": "它像是 `star-rate export --format json --public` 输出的公示版本，"
        "其中不含提示、输入文件哈希和一致性指标",
        "en": "it looks like the public notice (公示) of `star-rate export --format json "
        "--public`, which leaves out flags, input hashes and agreement figures",
    },
    "history.looks.export": {
        "zh": "它像是 `star-rate export --format json` 输出的 JSON，其中没有一致性指标",
        "en": "it looks like the JSON of `star-rate export --format json`, which has no "
        "agreement figures",
    },
    "history.looks.no_marks": {
        "zh": "其中 `hashes`、`star_rate`、`agreement` 一项也没有",
        "en": "it has none of `hashes`, `star_rate` and `agreement`",
    },
    # verify's differences: each names the field by its path in the JSON
    "history.diff.absent": {
        "zh": "{path}: 保存的结果中没有，重新评分为 {fresh}",
        "en": "{path}: not in the saved result, fresh {fresh}",
    },
    "history.diff.extra": {
        "zh": "{path}: 保存的结果为 {saved}，重新评分的结果中没有",
        "en": "{path}: saved {saved}, not in a fresh result",
    },
    "history.diff.value": {
        "zh": "{path}: 保存的结果为 {saved}，重新评分为 {fresh}",
        "en": "{path}: saved {saved}, fresh {fresh}",
    },
    "history.diff.version": {
        "zh": "{path}: 保存的结果为 {saved}，重新评分为 {fresh}（结果可能因此不同）",
        "en": "{path}: saved {saved}, fresh {fresh} (the results may differ for that reason)",
    },
    "history.diff.hash": {
        "zh": "{path}: 保存的结果为 {saved}，重新评分为 {fresh}"
        "（sha256：保存结果之后输入文件有改动）",
        "en": "{path}: saved {saved}, fresh {fresh} "
        "(sha256: the input changed since the result was saved)",
    },
    "history.diff.not_row": {
        "zh": "{path}: 不是结果行（没有社区编号）：{row}",
        "en": "{path}: not a result row (no community id): {row}",
    },
    "history.diff.rows": {
        "zh": "results: 保存的结果有 {saved} 行，本轮评定有 {fresh} 行",
        "en": "results: saved has {saved:plural:row|rows}, the round has {fresh}",
    },
    "history.diff.rows_which": {
        "zh": "results: 保存的结果有 {saved} 行，本轮评定有 {fresh} 行（{which:list}）",
        "en": "results: saved has {saved:plural:row|rows}, the round has {fresh} ({which:list})",
    },
    "history.diff.extra_ids": {"zh": "多出：{ids}", "en": "extra: {ids}"},
    "history.diff.missing_ids": {"zh": "缺少：{ids}", "en": "missing: {ids}"},
    "history.diff.repeated_ids": {"zh": "重复：{ids}", "en": "repeated: {ids}"},
    "history.diff.more_ids": {"zh": "{ids} 及其余 {more} 个", "en": "{ids} and {more} more"},
    "history.diff.order": {
        "zh": "results: 各行顺序与本轮评定不同（自第 {row} 行起：保存的结果为 {saved}，"
        "重新评分为 {fresh}）",
        "en": "results: rows in another order than the round's (from row {row}: saved "
        "{saved}, fresh {fresh})",
    },
    # compare and history tables
    "history.community": {"zh": "社区", "en": "Community"},
    "history.street": {"zh": "街道", "en": "Street"},
    "history.changes": {"zh": "星级变化", "en": "Star changes"},
    "history.before": {"zh": "上轮", "en": "Before"},
    "history.after": {"zh": "本轮", "en": "After"},
    "history.change": {"zh": "总分变化", "en": "Total change"},
    "history.moved": {"zh": "变化最大的维度", "en": "Dimensions that moved most"},
    "history.why": {"zh": "本轮定级理由", "en": "Why, this round"},
    "history.new": {"zh": "新参评社区", "en": "New communities"},
    "history.dropped": {"zh": "未参评社区", "en": "Dropped communities"},
    "history.nothing": {"zh": "星级无变化", "en": "No star changed"},
    "history.named": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "history.listed": {"zh": "{what}：{names}", "en": "{what}: {names}"},
    "history.separator": {"zh": "、", "en": ", "},
}
