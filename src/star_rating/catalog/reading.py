"""Messages: reading files (size limits, encodings, YAML, CSV, xlsx forms) and entry values."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- files ---------------------------------------------------------------------
    "read.kind.regular": {"zh": "普通文件", "en": "a regular file"},
    "read.kind.folder": {"zh": "文件夹", "en": "a folder"},
    "read.kind.fifo": {"zh": "命名管道（FIFO）", "en": "a FIFO (named pipe)"},
    "read.kind.char_device": {"zh": "字符设备", "en": "a character device"},
    "read.kind.block_device": {"zh": "块设备", "en": "a block device"},
    "read.kind.socket": {"zh": "套接字", "en": "a socket"},
    "read.kind.special": {"zh": "特殊文件", "en": "a special file"},
    "read.kind.unusable": {"zh": "不可用的文件", "en": "not a usable file"},
    "read.not_regular": {
        "zh": "是{what}，不是普通文件；此处应为文件",
        "en": "is {what}, not a regular file; expected a file",
    },
    "read.folder": {"zh": "是文件夹；此处应为文件", "en": "is a folder; expected a file"},
    "read.not_found": {"zh": "找不到文件", "en": "file not found"},
    "read.cannot_read": {"zh": "无法读取：{reason}", "en": "cannot read: {reason}"},
    "read.bad_name": {"zh": "文件名不可用", "en": "not a usable file name"},
    "read.too_large": {
        "zh": "文件大小为 {size} MB，超过 {limit} MB 的上限（可设置 STAR_RATE_MAX_FILE_MB 调整）",
        "en": "file is {size} MB, over the limit of {limit} MB "
        "(set STAR_RATE_MAX_FILE_MB to change it)",
    },
    "read.grew": {"zh": "文件在读取过程中变大了", "en": "the file grew while it was read"},
    "read.changed": {"zh": "文件在读取过程中被改动", "en": "the file changed while it was read"},
    "read.not_utf8": {"zh": "不是有效的 UTF-8 文本", "en": "not valid UTF-8 text"},
    "read.not_utf8_gbk": {
        "zh": "不是有效的 UTF-8 文本（看起来是 GBK/GB18030 编码；请另存为 UTF-8）",
        "en": "not valid UTF-8 text (it looks like GBK/GB18030; save it as UTF-8)",
    },
    # --- CSV -----------------------------------------------------------------------
    "read.csv.long_line": {
        "zh": "第 {line} 行超过 {limit} 个字符；CSV 文件每行只记一条录入（这是 CSV 文件吗？）",
        "en": "line {line} is longer than {limit} characters; a CSV line holds one entry "
        "(is this a CSV file?)",
    },
    "read.csv.open_quote": {
        "zh": "一个带引号的字段直到第 {line} 行仍未结束，超过 {limit} 个字符；是否缺少右引号？",
        "en": "a quoted field runs on for more than {limit} characters up to line {line}; "
        "is a closing quote missing?",
    },
    "read.csv.malformed": {"zh": "CSV 格式有误：{error}", "en": "malformed CSV: {error}"},
    "read.csv.binary": {
        "zh": "是二进制数据，不是 CSV 文本文件",
        "en": "binary data, not a CSV text file",
    },
    "read.csv.bad_utf16": {
        "zh": "不是有效的 UTF-16 文本（{why}）；请将文件另存为 CSV UTF-8 格式",
        "en": "invalid UTF-16 text ({why}); save the file as CSV UTF-8",
    },
    "read.csv.bad_utf8_bom": {
        "zh": "BOM 之后不是有效的 UTF-8 文本：{why}",
        "en": "invalid UTF-8 after the BOM: {why}",
    },
    "read.csv.not_utf8_gbk": {
        "zh": "既不是 UTF-8 也不是 GBK 文本；请将文件另存为 UTF-8 编码的 CSV",
        "en": "neither UTF-8 nor GBK text; save the file as UTF-8 CSV",
    },
    "read.csv.empty": {
        "zh": "文件为空；应有表头行，包含：{columns}",
        "en": "empty file; expected a header row with {columns}",
    },
    "read.csv.missing_column": {
        "zh": "缺少列：{columns}；表头为：{header}",
        "en": "missing column {columns}; the header has {header}",
    },
    "read.csv.missing_columns": {
        "zh": "缺少列：{columns}；表头为：{header}",
        "en": "missing columns {columns}; the header has {header}",
    },
    "read.csv.header_nothing": {"zh": "（空）", "en": "nothing"},
    # --- YAML ----------------------------------------------------------------------
    "read.yaml.too_many_nodes": {
        "zh": "文档展开后超过 {limit} 个节点（别名炸弹？）；应为普通、大小合理的文件",
        "en": "document expands to more than {limit} nodes (an alias bomb?); "
        "expected a plain, reasonably sized file",
    },
    "read.yaml.too_deep": {"zh": "嵌套超过 {depth} 层", "en": "nested deeper than {depth} levels"},
    "read.yaml.too_deep_parse": {
        "zh": "嵌套过深，无法解析",
        "en": "nested too deeply to parse",
    },
    "read.yaml.too_deep_read": {"zh": "嵌套过深，无法读取", "en": "nested too deeply to read"},
    "read.yaml.tag_refused": {
        "zh": "不允许使用标签 {tag!r}；只能使用普通的 YAML 值",
        "en": "tag {tag!r} is not allowed; only plain YAML values are",
    },
    "read.yaml.tag_not_list": {
        "zh": "不支持的标签 {tag!r}；应为普通列表",
        "en": "unsupported tag {tag!r}; expected a plain list",
    },
    "read.yaml.tag_not_mapping": {
        "zh": "不支持的标签 {tag!r}；应为普通映射（键值对）",
        "en": "unsupported tag {tag!r}; expected a plain mapping",
    },
    "read.yaml.tag_unsupported": {
        "zh": "不支持的标签 {tag!r}",
        "en": "unsupported tag {tag!r}",
    },
    "read.yaml.merge_key": {
        "zh": "不支持合并键（<<）；请逐个写出各键",
        "en": "merge keys (<<) are not supported; write the keys out",
    },
    "read.yaml.complex_key": {
        "zh": "映射的键必须是普通值，不能是列表或映射",
        "en": "a mapping key must be a plain value, not a list or mapping",
    },
    "read.yaml.invisible_key": {
        "zh": "键 {name!r} 含有不可见字符；请去掉显示为 <U+…> 的字符后重新输入",
        "en": "the key {name!r} holds an invisible character; "
        "retype it without the character shown as <U+…>",
    },
    "read.yaml.duplicate_key": {"zh": "重复的键 {name!r}", "en": "duplicate key {name!r}"},
    "read.yaml.duplicate_key_first": {
        "zh": "重复的键 {name!r}（首次出现在第 {first} 行）",
        "en": "duplicate key {name!r} (first at line {first})",
    },
    # the parser's own words (data) and where the first of two occurrences is
    "read.yaml.first_at": {
        "zh": "{what}（首次出现在第 {first} 行）",
        "en": "{what} (first at line {first})",
    },
    "read.yaml.two_halves": {"zh": "{first}，{second}", "en": "{first}, {second}"},
    "read.yaml.invalid": {"zh": "YAML 格式无效", "en": "invalid YAML"},
    "read.yaml.cannot_parse": {"zh": "无法解析：{what}", "en": "cannot parse: {what}"},
    "read.yaml.hint": {
        "zh": "{hint}（无法解析：{what}）",
        "en": "{hint} (cannot parse: {what})",
    },
    "read.yaml.hint_at": {
        "zh": "{hint}（无法解析：第 {line} 行第 {column} 列，{what}）",
        "en": "{hint} (cannot parse: {what} at line {line}, column {column})",
    },
    "read.yaml.empty": {
        "zh": "文件为空；应为 YAML 映射",
        "en": "the file is empty; expected a YAML mapping",
    },
    "read.yaml.after_end": {
        "zh": "文档结束后还有内容：是否有一行的缩进比文件第一个键还少？",
        "en": "more text after the document's end: is a line indented less than the first "
        "key of the file?",
    },
    # a character typed in the wrong keyboard mode
    "read.yaml.slip": {
        "zh": "第 {line} 行第 {column} 列有{what}：{needs}",
        "en": "{what} at line {line}, column {column}: {needs}",
    },
    "read.yaml.slip_before_key": {
        "zh": "第 {line} 行第 {column} 列有{what}：{needs}（在键 {name!r} 之前）",
        "en": "{what} at line {line}, column {column}: {needs} (before the key {name!r})",
    },
    "read.yaml.char": {"zh": "{name} '{char}'（{point}）", "en": "{name} '{char}' ({point})"},
    "read.yaml.char.full_width_space": {"zh": "全角空格", "en": "full-width space"},
    "read.yaml.char.tab": {"zh": "制表符（Tab）", "en": "a tab"},
    "read.yaml.char.colon": {"zh": "全角冒号", "en": "full-width colon"},
    "read.yaml.char.comma": {"zh": "全角逗号", "en": "full-width comma"},
    "read.yaml.char.enumeration_comma": {"zh": "顿号", "en": "enumeration comma"},
    "read.yaml.char.bracket": {"zh": "全角方括号", "en": "full-width bracket"},
    "read.yaml.char.brace": {"zh": "全角花括号", "en": "full-width brace"},
    "read.yaml.needs.spaces": {
        "zh": "YAML 只能用半角空格缩进",
        "en": "YAML indents with ASCII spaces",
    },
    "read.yaml.needs.no_tabs": {
        "zh": "YAML 用空格缩进，不能用制表符",
        "en": "YAML indents with spaces, never tabs",
    },
    "read.yaml.needs.colon": {
        "zh": "YAML 须使用半角冒号 ':'",
        "en": "YAML needs the ASCII colon ':'",
    },
    "read.yaml.needs.comma": {
        "zh": "YAML 须使用半角逗号 ','",
        "en": "YAML needs the ASCII comma ','",
    },
    "read.yaml.needs.open_bracket": {
        "zh": "YAML 须使用半角方括号 '['",
        "en": "YAML needs the ASCII bracket '['",
    },
    "read.yaml.needs.close_bracket": {
        "zh": "YAML 须使用半角方括号 ']'",
        "en": "YAML needs the ASCII bracket ']'",
    },
    "read.yaml.needs.open_brace": {
        "zh": "YAML 须使用半角花括号 '{{'",
        "en": "YAML needs the ASCII brace '{{'",
    },
    "read.yaml.needs.close_brace": {
        "zh": "YAML 须使用半角花括号 '}}'",
        "en": "YAML needs the ASCII brace '}}'",
    },
    # --- xlsx forms ----------------------------------------------------------------
    "read.xlsx.old_or_protected": {
        "zh": "是旧版二进制 .xls 工作簿或加密文件，不是 .xlsx；"
        "请在 Excel 中另存为未加密的 Excel 工作簿（.xlsx）",
        "en": "an old binary .xls workbook or a password-protected file, not an .xlsx; "
        "save it in Excel as an unprotected Excel workbook (.xlsx)",
    },
    "read.xlsx.not_zip": {
        "zh": "不是 xlsx 工作簿（不是 zip 压缩包）；请将表单另存为 Excel 工作簿（.xlsx）",
        "en": "not an xlsx workbook (not a zip archive); save the form as Excel workbook (.xlsx)",
    },
    "read.xlsx.damaged": {
        "zh": "xlsx 文件已损坏或不完整（{error}）；请在 Excel 中重新保存表单",
        "en": "damaged or truncated xlsx file ({error}); save the form again from Excel",
    },
    "read.xlsx.damaged_part": {
        "zh": "xlsx 文件已损坏或不完整（{part}：{error}）",
        "en": "damaged or truncated xlsx file ({part}: {error})",
    },
    "read.xlsx.too_many_parts": {
        "zh": "该 xlsx 含 {count} 个部件，超过 {limit} 个的上限",
        "en": "the xlsx holds {count} parts, over the limit of {limit}",
    },
    "read.xlsx.too_large": {
        "zh": "该 xlsx 解压后将达 {size} MB，超过 {limit} MB 的上限"
        "（可设置 STAR_RATE_MAX_XLSX_MB 调整）",
        "en": "the xlsx would expand to {size} MB, over the limit of {limit} MB "
        "(set STAR_RATE_MAX_XLSX_MB to change it)",
    },
    "read.xlsx.encrypted": {
        "zh": "xlsx 部件 {part} 已加密；请将表单保存为未加密文件",
        "en": "the xlsx part {part} is encrypted; save the form unprotected",
    },
    "read.xlsx.zip_bomb": {
        "zh": "xlsx 部件 {part} 解压比为 {ratio}:1（超过 {limit}:1）；疑似 zip 炸弹，拒绝读取",
        "en": "the xlsx part {part} expands {ratio}:1 (over {limit}:1); "
        "refusing a possible zip bomb",
    },
    "read.xlsx.no_workbook": {
        "zh": "不是 xlsx 工作簿（zip 中没有 xl/workbook.xml）",
        "en": "not an xlsx workbook (no xl/workbook.xml in the zip)",
    },
    "read.xlsx.dtd": {
        "zh": "xlsx 部件 {part} 声明了 DTD；拒绝读取",
        "en": "the xlsx part {part} declares a DTD; refusing it",
    },
    "read.xlsx.cell_parts": {
        "zh": "第 {row} 行有单元格超过 {limit} 个部分",
        "en": "a cell in row {row} has over {limit} parts",
    },
    "read.xlsx.row_cells": {
        "zh": "第 {row} 行超过 {limit} 个单元格（Excel 的上限）",
        "en": "row {row} has more than {limit} cells (Excel's limit)",
    },
    "read.xlsx.refused": {
        "zh": "{why}；不是评审表单",
        "en": "{why}; not a review form",
    },
    "read.xlsx.too_many_rows": {
        "zh": "超过 {rows} 行；不是评审表单",
        "en": "more than {rows} rows; not a review form",
    },
    "read.xlsx.never_calculated": {
        "zh": "此单元格的公式从未计算过：请在 Excel 中打开并保存",
        "en": "the formula in this cell was never calculated: open and save it in Excel",
    },
    "read.xlsx.unreadable": {
        "zh": "无法读取工作簿：{error}",
        "en": "cannot read the workbook: {error}",
    },
    "read.xlsx.not_a_form": {
        "zh": "不是 star-rate 评审表单（{cell} 中没有表单标记）；"
        "表单工作簿中只保留 `star-rate template` 生成的工作表",
        "en": "not a star-rate review form (no form mark in {cell}); keep only the "
        "sheets written by `star-rate template` in a form workbook",
    },
    "read.xlsx.no_forms": {
        "zh": "工作簿中没有评审表单工作表",
        "en": "the workbook has no review form sheets",
    },
    "read.did_you_mean": {"zh": "（是否想写 {near!r}？）", "en": " (did you mean {near!r}?)"},
    "read.xlsx.no_community": {"zh": "未填写社区编号", "en": "no community id"},
    "read.xlsx.no_stage": {"zh": "未填写评审环节编号", "en": "no stage id"},
    "read.xlsx.unknown_stage": {
        "zh": "未知的评审环节 {stage!r}{near}；应为 {stages} 之一",
        "en": "unknown stage {stage!r}{near}; expected one of {stages}",
    },
    "read.xlsx.second_review": {
        "zh": "本工作簿中有 {community} 的第二份 {stage} 环节评审（第一份在工作表 {sheet}）",
        "en": "a second {stage} review of {community} in this workbook "
        "(the first is on sheet {sheet})",
    },
    "read.xlsx.second_review_by": {
        "zh": "本工作簿中有 {reviewer} 对 {community} 的第二份 {stage} 环节评审"
        "（第一份在工作表 {sheet}）",
        "en": "a second {stage} review of {community} by {reviewer} in this workbook "
        "(the first is on sheet {sheet})",
    },
    "read.xlsx.second_row": {
        "zh": "{indicator} 出现第二行（第一行是第 {row} 行）",
        "en": "a second row for {indicator} (the first is row {row})",
    },
    "read.xlsx.unknown_indicator": {
        "zh": "未知的指标 {indicator!r}{near}",
        "en": "unknown indicator {indicator!r}{near}",
    },
    "read.xlsx.no_row": {
        "zh": "没有 {indicator} 的行；表单与评分细则不符（请用 `star-rate template` 重新生成）",
        "en": "no row for {indicator}; the form does not match the scheme "
        "(write a new one with `star-rate template`)",
    },
    "read.xlsx.not_checklist": {
        "zh": "{indicator!r} 不是评分细则中的清单类指标",
        "en": "{indicator!r} is not a checklist indicator of the scheme",
    },
    "read.xlsx.item_not_yes_no": {
        "zh": "{indicator} 的清单项 {item} 填写的 {value!r} 不是“是”或“否”；应填“是”或“否”",
        "en": "{value!r} is not yes/no for item {item} of {indicator}; "
        "expected 是 or 否 (yes or no)",
    },
    "read.xlsx.na_and_items": {
        "zh": "{indicator} 已标为不适用，但又有清单项选了“是”；二者只能填其一",
        "en": "{indicator} is marked n/a but items are ticked yes; give one or the other",
    },
    "read.xlsx.checklist_cell": {
        "zh": "{indicator}：请在下方各清单项所在行逐项作答；本格只能填“不适用”",
        "en": "{indicator}: answer each item in its own row below; this cell takes only n/a",
    },
    "read.xlsx.checklist_blank": {
        "zh": "{indicator} 未填写；应为各清单项填“是”或“否”"
        "（只要有一项已作答，留空的项按未达到计）",
        "en": "{indicator} has no value; expected 是 or 否 (yes or no) for its items "
        "(an item left blank counts as not met once any item is answered)",
    },
    "read.xlsx.bonus_no_points": {
        "zh": "加分项 {reason!r} 未填分值",
        "en": "bonus {reason!r} has no points",
    },
    "read.xlsx.bonus_no_reason": {
        "zh": "填了加分但没有写加分理由",
        "en": "bonus points without a reason",
    },
    "read.xlsx.veto_not_yes_no": {
        "zh": "否决项 {veto} 填写的 {value!r} 不是“是”或“否”；应填“是”或“否”",
        "en": "{value!r} is not yes/no for the veto {veto}; expected 是 or 否 (yes or no)",
    },
    # --- entry values --------------------------------------------------------------
    "entry.of": {"zh": "{indicator}：{message}", "en": "{indicator}: {message}"},
    "entry.what.number": {"zh": "数字", "en": "a number"},
    "entry.what.bonus": {"zh": "加分分值", "en": "bonus points"},
    "entry.what.findings": {"zh": "发现问题的个数", "en": "a count of findings"},
    "entry.what.measured": {"zh": "实测值", "en": "a measured value"},
    "entry.number.bad": {"zh": "应为{what}，实际为 {got}", "en": "expected {what}, got {got}"},
    "entry.number.not_finite": {
        "zh": "应为{what}，实际为 {got}（不是有限数值）",
        "en": "expected {what}, got {got} (not a finite number)",
    },
    "entry.number.too_large": {
        "zh": "应为{what}，实际为 {got}（数值过大）",
        "en": "expected {what}, got {got} (too large)",
    },
    "entry.number.too_fine": {
        "zh": "应为{what}，实际为 {got}（小数超过 {places} 位）",
        "en": "expected {what}, got {got} (over {places} decimal places)",
    },
    "entry.number.radix": {
        "zh": "应为{what}，实际为 {got}（不读十六进制、八进制和二进制数；请写十进制数）",
        "en": "expected {what}, got {got} "
        "(hexadecimal, octal and binary are not read; write a decimal number)",
    },
    "entry.number.mixed": {
        "zh": "应为{what}，实际为 {got}（请用小数点，千位按三位一组分隔，如 1,234.5）",
        "en": "expected {what}, got {got} "
        "(write a decimal point and groups of three digits, e.g. 1,234.5)",
    },
    "entry.number.percent": {
        "zh": "应为{what}，实际为 {got}：% 只用于实测值（如分档指标的比率 91%）；请直接填写数字",
        "en": "expected {what}, got {got}: % is only for measured values "
        "(a rate such as 91% on a bands indicator); write the number itself",
    },
    "entry.number.both_readings": {
        "zh": "{got} 有两种读法：按千位分隔符读作 {grouped}，按小数逗号读作 {decimal}；"
        "应为{what}（比率，如 0.9 或 90%）：请用小数点书写",
        "en": "{got} is ambiguous: {grouped} with a thousands separator, or {decimal} "
        "with a decimal comma; expected {what} (a rate such as 0.9 or 90%): "
        "write it with a decimal point",
    },
    "entry.number.comma_three": {
        "zh": "{got} 有歧义：逗号后跟三位数字，既可能是千位分隔符，也可能是小数逗号；"
        "应为{what}：请用小数点书写，如 {example}",
        "en": "{got} is ambiguous: a comma followed by three digits may be a thousands "
        "separator or a decimal comma; expected {what}: write it with a decimal point, "
        "e.g. {example}",
    },
    "entry.survey": {
        "zh": "{indicator} 由居民满意度调查计分；评审中不要填写此项",
        "en": "{indicator} is scored from the resident survey; leave it out of reviews",
    },
    "entry.empty": {
        "zh": "{indicator} 未填写；应填{expected}",
        "en": "{indicator} has no value; expected {expected}",
    },
    "entry.na_not_allowed": {
        "zh": "{indicator} 不允许填“不适用”；应填{expected}",
        "en": "{indicator} does not allow n/a; expected {expected}",
    },
    "entry.step": {
        "zh": "{value} 不是 {indicator} 步长 {step} 的整数倍",
        "en": "{value} is not a multiple of the step {step} of {indicator}",
    },
    "entry.not_yes_no": {
        "zh": "{indicator} 填写的 {value!r} 不是“是”或“否”；应填{expected}",
        "en": "{value!r} is not yes/no for {indicator}; expected {expected}",
    },
    "entry.findings.below_zero": {
        "zh": "{value} 小于 0；{indicator} 应填发现问题的个数",
        "en": "{value} is below 0; {indicator} expects a count of findings",
    },
    "entry.findings.not_whole": {
        "zh": "{value} 不是整数；{indicator} 应填发现问题的个数",
        "en": "{value} is not a whole count of findings for {indicator}",
    },
    "entry.unsupported": {
        "zh": "{indicator} 的指标类型不受支持",
        "en": "unsupported indicator kind for {indicator}",
    },
    "entry.read_as": {"zh": "{value}（读作 {number}）", "en": "{value} (read as {number})"},
    "entry.below_zero": {
        "zh": "{indicator} 的值 {value} 小于 0",
        "en": "{value} is below 0 for {indicator}",
    },
    "entry.above_max": {
        "zh": "{value} 超过 {indicator} 的最高分 {max}",
        "en": "{value} is above the max {max} of {indicator}",
    },
    "entry.measured.below": {
        "zh": "{indicator}：{value} 低于实测值的范围 {low} 至 {high}",
        "en": "{indicator}: {value} is below the range of the measured value, {low} to {high}",
    },
    "entry.measured.above": {
        "zh": "{indicator}：{value} 高于实测值的范围 {low} 至 {high}",
        "en": "{indicator}: {value} is above the range of the measured value, {low} to {high}",
    },
    "entry.measured.percentage": {
        "zh": "{message}；看起来是百分数：请填 {rate} 或 {percent}%",
        "en": "{message}; looks like a percentage: write {rate} or {percent}%",
    },
    "entry.checklist.not_list": {
        "zh": "{indicator} 应填清单项编号的列表，实际为 {value}",
        "en": "expected a list of item ids for {indicator}, got {value}",
    },
    "entry.checklist.unknown": {
        "zh": "{indicator} 没有清单项 {item!r}；应为 {known} 中的若干项",
        "en": "unknown checklist item {item!r} for {indicator}; expected some of {known}",
    },
    "entry.checklist.unknown_near": {
        "zh": "{indicator} 没有清单项 {item!r}（是否想写 {near!r}？）；应为 {known} 中的若干项",
        "en": "unknown checklist item {item!r} for {indicator} (did you mean {near!r}?); "
        "expected some of {known}",
    },
    "entry.checklist.twice": {
        "zh": "{indicator} 的清单项 {item!r} 重复列出",
        "en": "checklist item {item!r} listed twice for {indicator}",
    },
    "entry.bonus.below_zero": {
        "zh": "加分 {value} 小于 0",
        "en": "bonus points {value} below 0",
    },
    "entry.bonus.none": {
        "zh": "本评分细则不设加分（scheme.yaml 中没有 `bonus`）",
        "en": "this scheme gives no bonus points (no `bonus` in scheme.yaml)",
    },
    # what to enter (forms and error messages); {na} is entry.expected.or_na or empty
    "entry.expected.or_na": {"zh": "，或“不适用”", "en": " or n/a"},
    "entry.expected.scale": {
        "zh": "0 至 {max} 之间、步长为 {step} 的数{na}",
        "en": "a number from 0 to {max} in steps of {step}{na}",
    },
    "entry.expected.check": {"zh": "“是”或“否”{na}", "en": "yes or no (是/否){na}"},
    "entry.expected.checklist": {
        "zh": "达到的清单项，可选 {items}（如 a;b；一项都未达到填“无”）{na}",
        "en": "the items met, from {items} (e.g. a;b; `none` if no item){na}",
    },
    "entry.expected.deduct": {
        "zh": "发现问题的个数，每个扣 {per} 分{na}",
        "en": "the number of findings, each -{per}{na}",
    },
    "entry.expected.bands_range": {
        "zh": "实测值，{low} 至 {high}（最低一档为 {lowest}）{na}",
        "en": "the measured value, {low} to {high} (bands from {lowest}){na}",
    },
    "entry.expected.bands": {
        "zh": "实测值（最低一档为 {lowest}）{na}",
        "en": "the measured value (bands from {lowest}){na}",
    },
    "entry.expected.survey": {
        "zh": "无需填写：由居民满意度调查计分",
        "en": "nothing: scored from the resident survey",
    },
}
