"""Messages: labels and sentences of tables, exports, forms, explain and charts.

``{unit}`` / ``{units}`` and ``{group}`` / ``{groups}`` are the scheme's words for what
it rates and how it groups them (社区 / community, 街道 / street unless the scheme
names others); ``{Unit}``-like capitals are passed in already capitalised.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # the words for what is rated and how it is grouped, unless the scheme names them
    "vocab.unit": {"zh": "社区", "en": "community"},
    "vocab.units": {"zh": "社区", "en": "communities"},
    "vocab.group": {"zh": "街道", "en": "street"},
    "vocab.groups": {"zh": "街道", "en": "streets"},
    # separators between the items of a list
    "out.sep.enum": {"zh": "、", "en": ", "},
    "out.sep.comma": {"zh": "，", "en": ", "},
    "out.sep.semicolon": {"zh": "；", "en": "; "},
    # the columns of the ranked table (terminal, CSV, xlsx, docx, reports)
    "out.rank": {"zh": "排名", "en": "Rank"},
    "out.id": {"zh": "编号", "en": "ID"},
    "out.name": {"zh": "{unit}名称", "en": "Name"},
    "out.stars": {"zh": "星级", "en": "Stars"},
    "out.stars_shown": {"zh": "星级（★）", "en": "Stars (★)"},
    "out.level": {"zh": "等级", "en": "Level"},
    "out.total": {"zh": "总分", "en": "Total"},
    "out.bonus": {"zh": "加分", "en": "Bonus"},
    "out.flags": {"zh": "提示", "en": "Flags"},
    "out.reasons": {"zh": "说明", "en": "Reasons"},
    "out.none": {"zh": "无", "en": "none"},
    "out.no_level": {"zh": "未定级", "en": "no level"},
    # the reviewers' warnings, as a table's flags column names them
    "out.flag.self_inflation": {"zh": "自评虚高", "en": "self-inflation"},
    "out.flag.stage_gap": {"zh": "评分分歧", "en": "stage gap"},
    "out.flag.survey_sample": {"zh": "问卷样本少", "en": "small sample"},
    "out.flag.panel_spread": {"zh": "评审组分歧", "en": "panel spread"},
    # the terminal's ranked table
    "out.table.veto": {"zh": "一票否决", "en": "veto"},
    "out.table.stage_totals": {"zh": "各环节总分", "en": "stage totals"},
    "out.table.hidden": {
        "zh": "终端宽度不足，未显示：{hidden}；加 --wide 显示全部列。",
        "en": "Not shown for want of width: {hidden}. --wide shows every column.",
    },
    "out.table.no_star": {"zh": "未定星", "en": "no star"},
    "out.table.counts": {"zh": "共 {n} 个{units}：{parts}", "en": "{n} {units}: {parts}"},
    # explain
    "out.explain.indicator": {"zh": "指标", "en": "Indicator"},
    "out.explain.max": {"zh": "满分", "en": "Max"},
    "out.explain.entry": {"zh": "录入", "en": "entry"},
    "out.explain.points": {"zh": "得分", "en": "points"},
    "out.explain.sources": {"zh": "来源", "en": "Sources"},
    "out.explain.line": {"zh": "行", "en": "line"},
    "out.explain.dimension_total": {"zh": "维度小计", "en": "dimension total"},
    "out.explain.na_note": {
        "zh": "含不适用项：按适用项得分 {got}/{applicable} 折算为满分 {full}："
        "{got} × {full} / {applicable} = {raw}",
        "en": "n/a items: {got} of the {applicable} that apply, rescaled to {full}: "
        "{got} x {full} / {applicable} = {raw}",
    },
    "out.explain.weight_note": {
        "zh": "按权重折算：{raw} / {max} × {weight} = {value}",
        "en": "weighted: {raw} / {max} x {weight} = {value}",
    },
    "out.explain.survey": {"zh": "居民问卷", "en": "Resident survey"},
    "out.explain.survey_line": {
        "zh": "{indicator}：有效 {valid} 份，无效 {invalid} 份，满意率 {rate} -> {points}",
        "en": "{indicator}: {valid} valid, {invalid} invalid, rate {rate} -> {points}",
    },
    "out.explain.bonus_cap": {"zh": "上限 {cap}", "en": "cap {cap}"},
    "out.explain.combine_weighted": {"zh": "加权", "en": "weighted"},
    "out.explain.combine_final": {"zh": "以最后环节为准", "en": "final"},
    "out.explain.veto_line": {"zh": "一票否决 {id} [{source}]", "en": "veto {id} [{source}]"},
    "out.explain.mode_half-up": {"zh": "四舍五入", "en": "half-up"},
    "out.explain.mode_half-even": {"zh": "四舍六入五成双", "en": "half-even"},
    "out.explain.mode_half-down": {"zh": "五舍六入", "en": "half-down"},
    "out.explain.mode_up": {"zh": "向上进位", "en": "up"},
    "out.explain.mode_down": {"zh": "向下舍去", "en": "down"},
    "out.explain.rounding_how": {
        "zh": "（{mode}，{places} 位小数；定级用舍入后的总分，维度门槛用未舍入值）",
        "en": " ({mode}, {places:plural:decimal place|decimal places}; "
        "levels use the rounded total and unrounded dimensions)",
    },
    "out.explain.bonus": {"zh": "加分", "en": "Bonus"},
    "out.explain.stage_totals": {"zh": "各环节总分", "en": "Stage totals"},
    "out.explain.combine": {"zh": "合成", "en": "Combination"},
    "out.explain.rounding": {"zh": "舍入", "en": "Rounding"},
    "out.explain.levels": {"zh": "等级规则逐条检查", "en": "Level rules, one by one"},
    "out.explain.reasons": {"zh": "结论", "en": "Reasons"},
    "out.explain.flags": {"zh": "提示", "en": "Flags"},
    "out.explain.appeals": {"zh": "申诉更正", "en": "Appeals applied"},
    "out.explain.panels": {"zh": "评审组", "en": "Panels"},
    "out.explain.panel": {"zh": "评审组", "en": "panel"},
    "out.explain.alternatives": {
        "zh": "择优计分 {group}：{values}，计 {best}",
        "en": "alternatives {group}: {values}; counts {best}",
    },
    "out.explain.alternatives_na": {
        "zh": "择优计分 {group}：全部不适用",
        "en": "alternatives {group}: every member n/a",
    },
    "out.explain.points_cap": {
        "zh": "维度合计最多计 {cap} 分（points_cap）：min({cap}, {sum}) = {counted}",
        "en": "at most {cap} points from the dimensions (points_cap): "
        "min({cap}, {sum}) = {counted}",
    },
    "out.explain.prerequisites": {"zh": "前提条件（{stage}）", "en": "Prerequisites ({stage})"},
    "out.explain.prereq_yes": {"zh": "已满足", "en": "met"},
    "out.explain.prereq_no": {"zh": "未满足", "en": "not met"},
    "out.explain.prereq_na": {"zh": "不适用", "en": "n/a"},
    "out.explain.gates": {"zh": "关系到 {levels}", "en": "gates {levels}"},
    # the ranked CSV
    "out.csv.vetoed": {"zh": "一票否决", "en": "Vetoed"},
    "out.csv.veto_column": {"zh": "否决事项", "en": "Veto"},
    # export (xlsx, csv, json)
    "out.export.unknown_format": {
        "zh": "未知的导出格式 {kind!r}；应为 {known} 之一",
        "en": "unknown export format {kind!r}; expected one of {known}",
    },
    "out.export.sheet_ranking": {"zh": "排名", "en": "Ranking"},
    "out.export.sheet_indicators": {"zh": "指标得分", "en": "Indicators"},
    "out.export.sheet_summary": {"zh": "汇总", "en": "Summary"},
    "out.export.public_title": {"zh": "{title}结果公示", "en": "{title}: results (public notice)"},
    "out.export.notice": {
        "zh": "公示期：{start} 至 {end}",
        "en": "Notice period: {start} to {end}",
    },
    "out.export.scheme": {"zh": "评定标准：{id} {version}", "en": "Criteria: {id} {version}"},
    "out.export.dimension": {"zh": "维度", "en": "Dimension"},
    "out.export.indicator": {"zh": "指标编号", "en": "Indicator"},
    "out.export.indicator_text": {"zh": "指标内容", "en": "Standard"},
    "out.export.max": {"zh": "满分", "en": "Max"},
    "out.export.na": {"zh": "不适用", "en": "n/a"},
    "out.export.count": {"zh": "{unit}数", "en": "{units}"},
    "out.export.share": {"zh": "占比", "en": "Share"},
    "out.export.all": {"zh": "合计", "en": "Total"},
    "out.export.average": {"zh": "平均总分", "en": "Average total"},
    "out.export.by_level": {"zh": "各等级{unit}数", "en": "{units} per level"},
    "out.export.by_group": {"zh": "各{group}星级分布", "en": "Levels per {group}"},
    "out.export.veto": {"zh": "一票否决：{label}，不评星级", "en": "veto: {label}; no level"},
    "out.export.left_out": {
        "zh": "指标得分表共 {rows} 行，超过 Excel 每表 1,048,576 行的上限，未写入本工作簿"
        "（--indicators all 分 {sheets} 张表写入；score --format csv 给出各{unit}得分）",
        "en": "The Indicators sheet would have {rows} rows, more than an Excel sheet holds; "
        "it is left out of this workbook (--indicators all writes it on {sheets} sheets)",
    },
    "out.export.continued": {
        "zh": "“{first}”超出 Excel 每表 1,048,576 行的上限，续写于：{rest}（共 {rows} 行）",
        "en": "{first} is longer than an Excel sheet's 1,048,576 rows; it continues on "
        "{rest} ({rows} rows in all)",
    },
    # the Word notice
    "out.docx.draft_title": {
        "zh": "{title}结果（内部审核稿，不得公开）",
        "en": "{title}: results (internal draft, not for publication)",
    },
    "out.docx.summary": {
        "zh": "本次共评定{unit}{n}个，其中{parts}。评定结果如下：",
        "en": "{n} {units} were assessed: {parts}. The results:",
    },
    "out.docx.summary_one": {
        "zh": "本次共评定{unit}{n}个，其中{parts}。评定结果如下：",
        "en": "{n} {unit} was assessed: {parts}. The results:",
    },
    "out.docx.summary_part": {"zh": "{name}{count}个", "en": "{name}: {count}"},
    "out.docx.summary_sep": {"zh": "、", "en": "; "},
    "out.docx.date": {
        "zh": "{year}年{month}{day}日",
        "en": "{day} {month} {year}",
    },
    "out.month.1": {"zh": "1月", "en": "January"},
    "out.month.2": {"zh": "2月", "en": "February"},
    "out.month.3": {"zh": "3月", "en": "March"},
    "out.month.4": {"zh": "4月", "en": "April"},
    "out.month.5": {"zh": "5月", "en": "May"},
    "out.month.6": {"zh": "6月", "en": "June"},
    "out.month.7": {"zh": "7月", "en": "July"},
    "out.month.8": {"zh": "8月", "en": "August"},
    "out.month.9": {"zh": "9月", "en": "September"},
    "out.month.10": {"zh": "10月", "en": "October"},
    "out.month.11": {"zh": "11月", "en": "November"},
    "out.month.12": {"zh": "12月", "en": "December"},
    # blank review forms (template)
    "out.form.unknown_format": {
        "zh": "未知的评审表格式 {kind!r}；应为 {known} 之一",
        "en": "unknown form format {kind!r}; expected one of {known}",
    },
    "out.form.unreadable": {
        "zh": "生成的评审表无法被 score 读回：{why}；请为少于 {n} 个{units}生成评审表"
        "（例如按{group}分别准备名单）",
        "en": "score could not read these forms back: {why}; write forms for fewer "
        "{units} than {n} (for example a register per {group})",
    },
    "out.form.too_big": {
        "zh": "工作簿大小为 {size} MB，超过 {limit} MB 的上限（可用 STAR_RATE_MAX_FILE_MB 调整）",
        "en": "the workbook is {size} MB, over the limit of {limit} MB "
        "(set STAR_RATE_MAX_FILE_MB to change it)",
    },
    "out.form.title": {"zh": "{scheme} · {stage}评审表", "en": "{scheme}: {stage} form"},
    "out.form.guide": {"zh": "填表说明", "en": "Instructions"},
    "out.form.id": {"zh": "{unit}编号", "en": "{unit} ID"},
    "out.form.stage": {"zh": "评审环节", "en": "Stage"},
    "out.form.stage_name": {"zh": "环节名称", "en": "Stage name"},
    "out.form.reviewer": {"zh": "评审人", "en": "Reviewer"},
    "out.form.reviewer_panel": {"zh": "评审人（必填）", "en": "Reviewer (required)"},
    "out.form.panel_note": {
        "zh": "必填：本环节由评审组评审，每位评审人各填一份",
        "en": "required: a panel reviews this stage, one review per reviewer",
    },
    "out.form.date": {"zh": "评审日期", "en": "Date"},
    "out.form.h_id": {"zh": "编号", "en": "ID"},
    "out.form.h_text": {"zh": "指标内容", "en": "Standard"},
    "out.form.h_value": {"zh": "录入", "en": "Entry"},
    "out.form.h_max": {"zh": "满分", "en": "Max"},
    "out.form.h_kind": {"zh": "类型", "en": "Kind"},
    "out.form.h_methods": {"zh": "核查方式", "en": "Verified by"},
    "out.form.h_expected": {"zh": "填写说明", "en": "What to enter"},
    "out.form.points": {"zh": "{points}分", "en": "{points} pt"},
    "out.form.bonus": {
        "zh": "加分项（每份评审合计最多 {cap} 分）：B 列填理由，C 列填分值",
        "en": "Bonus points (at most {cap} per review): reason in column B, points in column C",
    },
    "out.form.bonus_hint": {"zh": "加分理由和分值", "en": "reason and points"},
    "out.form.vetoes": {
        "zh": "一票否决事项：发生的填“是”，未发生的可留空",
        "en": "Vetoes: answer yes if it happened; blank means no",
    },
    "out.form.veto_hint": {"zh": "是 或 否（留空为否）", "en": "yes or no (blank: no)"},
    "out.form.notes_key": {"zh": "备注", "en": "Notes"},
    "out.form.notes": {"zh": "备注（不公开）", "en": "Notes (not published)"},
    "out.form.yes": {"zh": "是", "en": "yes"},
    "out.form.no": {"zh": "否", "en": "no"},
    "out.form.na": {"zh": "不适用", "en": "n/a"},
    "out.form.units": {"zh": "{unit}名单（点击跳转）", "en": "{units} (click to open)"},
    "out.form.invalid": {"zh": "录入无效", "en": "Invalid entry"},
    "out.form.guide.1": {
        "zh": "每个{unit}一张工作表。只在黄色单元格填写；其余单元格已锁定（工作表保护，无密码）。",
        "en": "One sheet per {unit}. Fill in the yellow cells only; everything else is locked "
        "(sheet protection without a password).",
    },
    "out.form.guide.2": {
        "zh": "评分类：填分值，不超过满分，按步长填写。是否类：下拉选择“是”或“否”。",
        "en": "Scale: the points, at most the max, in the given steps. Yes/no: pick yes or no.",
    },
    "out.form.guide.3": {
        "zh": "清单类：在下方各项的行里逐项选择“是”或“否”；已作答的清单中留空的项按未达到计。",
        "en": "Checklist: answer yes or no in each item's row below it; once any item is "
        "answered, a blank item counts as not met.",
    },
    "out.form.guide.4": {
        "zh": "扣分类：填发现问题的个数。分档类：填实测值（如 0.91 或 91%）。",
        "en": "Deduct: the number of findings. Bands: the measured value (e.g. 0.91 or 91%).",
    },
    "out.form.guide.5": {
        "zh": "允许不适用的指标可填“不适用”。问卷类指标由居民满意度问卷计算，不在此填写。",
        "en": "Indicators that allow it take n/a. Survey indicators come from the resident "
        "survey and are not entered here.",
    },
    "out.form.guide.6": {
        "zh": "加分项填写理由和分值；一票否决事项发生时选“是”。备注仅供内部使用，不公开。",
        "en": "Bonus: a reason and the points. Vetoes: yes if it happened. Notes are internal.",
    },
    "out.form.guide.7": {
        "zh": "填好后把本文件放进评定轮次的 reviews/ 文件夹，运行 star-rate score。"
        "出错时每条提示都指明工作表和单元格，例如 forms.xlsx!{sheet}!C14。",
        "en": "Put the filled file in the round's reviews/ folder and run star-rate score; every "
        "problem names its sheet and cell, e.g. forms.xlsx!{sheet}!C14.",
    },
    "out.form.example_sheet": {"zh": "东安社区", "en": "Dong'an"},
    "out.form.kind.scale": {"zh": "评分", "en": "scale"},
    "out.form.kind.check": {"zh": "是否", "en": "yes/no"},
    "out.form.kind.checklist": {"zh": "清单", "en": "checklist"},
    "out.form.kind.deduct": {"zh": "扣分", "en": "deduct"},
    "out.form.kind.bands": {"zh": "分档", "en": "bands"},
    "out.form.kind.survey": {"zh": "问卷", "en": "survey"},
    "out.form.kind.prerequisite": {"zh": "前提条件", "en": "prerequisite"},
    "out.form.method.report": {"zh": "听取汇报", "en": "report"},
    "out.form.method.materials": {"zh": "查看资料", "en": "materials"},
    "out.form.method.site": {"zh": "实地考察", "en": "site visit"},
    "out.form.method.survey": {"zh": "问卷调查", "en": "survey"},
    # what to enter for an indicator ({na}: what to write where it does not apply, or "")
    "out.form.na_where": {"zh": "；不适用的填“不适用”", "en": "; n/a where it does not apply"},
    "out.form.na_or": {"zh": "；不适用的填“不适用”", "en": " or n/a"},
    "out.form.na_here": {
        "zh": "；不适用的在本格选“不适用”",
        "en": "; n/a in this cell where it does not apply",
    },
    "out.form.enter.survey": {
        "zh": "由居民满意度问卷计算，无需填写",
        "en": "from the survey; nothing",
    },
    "out.form.enter.prerequisite": {
        "zh": "选择“是”或“否”（前提条件，不计分；未满足则不评相应星级）{na}",
        "en": "yes or no (a prerequisite: no points; not met, it bars the levels it gates){na}",
    },
    "out.form.enter.checklist_ids": {
        "zh": "达到的项目编号，如 {example}，一项未达到填 {nothing}"
        "（{ids}，合计不超过 {max} 分）{na}",
        "en": "the ids of the items met, e.g. {example}, or {nothing} ({ids}; at most {max}){na}",
    },
    "out.form.enter.checklist": {
        "zh": "在下方逐项选择“是”或“否”，合计不超过 {max} 分{na}",
        "en": "yes or no for each item below; at most {max} in all{na}",
    },
    "out.form.enter.band": {"zh": "≥{min} 得 {points} 分", "en": "≥{min}: {points}"},
    "out.form.enter.bands": {
        "zh": "实测值（如 0.91 或 91%）。分档：{bands}{na}",
        "en": "the measured value (e.g. 0.91 or 91%). Bands: {bands}{na}",
    },
    "out.form.enter.scale": {
        "zh": "0 至 {max} 分，步长 {step}{na}",
        "en": "a number from 0 to {max} in steps of {step}{na}",
    },
    "out.form.enter.check": {
        "zh": "选择“是”或“否”（是得 {max} 分）{na}",
        "en": "yes or no{na}",
    },
    "out.form.enter.deduct": {
        "zh": "发现问题的个数（每个扣 {per} 分，扣完为止）{na}",
        "en": "the number of findings, each -{per}{na}",
    },
    # the comments of a YAML form
    "out.form.yaml.head": {
        "zh": "# star-rate 评审模板：每个{unit}一份评审；每项录入都要填写"
        "（仅注释允许时可填 n/a）。\n"
        "# 问卷类指标来自 surveys/，此处不列。\n"
        "# 清单类录入为达到的项目编号列表，如 [a, b]；是否类录入 true 或 false。",
        "en": "# star-rate template: one review per {unit}; fill every entry (n/a only where\n"
        "# the comment allows it). Survey indicators come from surveys/ and are left out.\n"
        "# Checklist entries are lists of item ids, e.g. [a, b]; check entries true or false.",
    },
    "out.form.yaml.bonus": {
        "zh": "如 [{{points: 2, reason: 市级表彰}}]",
        "en": "e.g. [{{points: 2, reason: 市级表彰}}]",
    },
    "out.form.yaml.vetoes": {
        "zh": "发生的一票否决事项编号：{vetoes}",
        "en": "ids of vetoes that happened: {vetoes}",
    },
    # progress while a workbook is written
    "out.progress.ranking": {"zh": "{units}排名", "en": "ranking of {units}"},
    "out.progress.indicators": {"zh": "各指标得分", "en": "indicator rows"},
    "out.progress.saving": {"zh": "保存工作簿", "en": "saving the workbook"},
}
