"""Messages: round folders, round.yaml, the register, reviews, surveys and appeals."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- helpers shared by many messages ----------------------------------------
    "round.near": {"zh": "（是否应为 {match!r}？）", "en": " (did you mean {match!r}?)"},
    "round.at_line": {"zh": "第 {line} 行", "en": "line {line}"},
    "round.ids_and_more": {
        "zh": "{ids} 及其余 {more} 个",
        "en": "{ids} and {more} more",
    },
    "round.none": {"zh": "无", "en": "none"},
    # --- the round folder and round.yaml ----------------------------------------
    "round.not_regular_file": {
        "zh": "{where}：是{kind}，不是普通文件",
        "en": "{where}: is {kind}, not a regular file",
    },
    "round.is_scheme_folder": {
        "zh": "{path} 是评分细则文件夹（含 scheme.yaml）；此处应为含 round.yaml 的评定文件夹",
        "en": "{path} is a scheme folder (it has scheme.yaml); "
        "expected a round folder with round.yaml",
    },
    "round.not_round_folder": {
        "zh": "{path}：不是评定文件夹（没有 round.yaml）",
        "en": "{path}: not a round folder (no round.yaml)",
    },
    "round.yaml_not_mapping": {
        "zh": "应为映射（title、year、scheme 等键）",
        "en": "expected a mapping (title, year, scheme, …)",
    },
    "round.scheme_not_found": {
        "zh": "找不到评分细则 {scheme!r}",
        "en": "scheme {scheme!r} not found",
    },
    "round.no_surveys": {
        "zh": "评分细则有问卷指标，但本轮评定未指定问卷（surveys）",
        "en": "the scheme has survey indicators but the round names no surveys",
    },
    # --- paths named in round.yaml ------------------------------------------------
    "round.path.unusable_file_name": {
        "zh": "{setting}：{rel!r} 不是可用的文件名",
        "en": "{setting}: {rel!r} is not a usable file name",
    },
    "round.path.outside": {
        "zh": "{setting}：{rel!r} 指向评定文件夹之外；一轮评定的文件须放在评定文件夹内",
        "en": "{setting}: {rel!r} leads out of the round folder; files of a round stay inside it",
    },
    "round.path.not_found": {
        "zh": "{setting}：评定文件夹中找不到 {rel!r}",
        "en": "{setting}: {rel!r} not found in the round folder",
    },
    "round.path.unusable_name": {
        "zh": "{setting}：{rel!r} 不是可用的名称",
        "en": "{setting}: {rel!r} is not a usable name",
    },
    "round.path.special": {
        "zh": "是{kind}，不是普通文件；此处应为文件",
        "en": "is {kind}, not a regular file; expected a file",
    },
    "round.path.link_outside": {
        "zh": "此链接指向评定文件夹之外；请将文件复制到评定文件夹内",
        "en": "a link that leads out of the round folder; copy the file in instead",
    },
    # --- the register -----------------------------------------------------------------
    "round.register.not_found": {"zh": "找不到文件", "en": "file not found"},
    "round.register.empty_id": {"zh": "{unit}编号为空", "en": "empty {unit} id"},
    "round.register.duplicate_id": {
        "zh": "{unit}编号 {id!r} 重复（首次在第 {first} 行）",
        "en": "duplicate {unit} id {id!r} (first at line {first})",
    },
    "round.register.no_name": {
        "zh": "{unit} {id} 没有名称",
        "en": "{unit} {id} has no name",
    },
    "round.register.unsafe": {
        "zh": "{unit}{what} {text!r} {problem}；名册内容须为纯文本",
        "en": "{unit} {what} {text!r} {problem}; register entries are plain text",
    },
    "round.register.field.id": {"zh": "编号", "en": "id"},
    "round.register.field.name": {"zh": "名称", "en": "name"},
    "round.register.field.street": {"zh": "所属街道", "en": "street"},
    "round.unsafe.markup": {
        "zh": "含有 '<' 或 '>'（标记）",
        "en": "contains '<' or '>' (markup)",
    },
    "round.unsafe.formula": {
        "zh": "以 {char!r} 开头，电子表格会将其当作公式执行",
        "en": "starts with {char!r}, which a spreadsheet runs as a formula",
    },
    "round.unsafe.control": {"zh": "含有控制字符", "en": "contains a control character"},
    "round.register.households": {
        "zh": "户数 {raw!r} 不是整数",
        "en": "households {raw!r} is not a whole number",
    },
    "round.register.empty": {
        "zh": "名册中没有任何{units}",
        "en": "the register lists no {units}",
    },
    "round.register.applied": {
        "zh": "申报星级 {raw!r} 不是评分细则中的星级；{expected}",
        "en": "applied {raw!r} is not a level of the scheme; expected {expected}",
    },
    "round.register.applied.one_of": {
        "zh": "应为 {levels} 之一，或留空",
        "en": "one of {levels}, or blank",
    },
    "round.register.applied.stars": {
        "zh": "应为 5 或 4.5 这样的星数，或留空",
        "en": "stars such as 5 or 4.5, or blank",
    },
    # --- unknown ids ---------------------------------------------------------------
    "round.unknown_unit": {
        "zh": "{unit} {id!r} 不在名册中{near}{many}",
        "en": "unknown {unit} {id!r}{near}{many}; not in the register",
    },
    "round.unknown_unit.in_rows": {
        "zh": "（共 {n} 行，首次出现于{first}）",
        "en": " in {n} rows, first at {first}",
    },
    "round.unknown_unit.in_reviews": {
        "zh": "（共 {n} 份评审，首次出现于{first}）",
        "en": " in {n} reviews, first at {first}",
    },
    "round.unknown_stage": {
        "zh": "未知环节 {stage!r}{near}；应为 {known} 之一",
        "en": "unknown stage {stage!r}{near}; expected one of {known}",
    },
    "round.unknown_indicator": {
        "zh": "未知指标 {indicator!r}{near}",
        "en": "unknown indicator {indicator!r}{near}",
    },
    "round.unknown_veto": {
        "zh": "未知一票否决事项 {veto!r}{near}；评分细则的一票否决事项：{known}",
        "en": "unknown veto {veto!r}{near}; the scheme's vetoes: {known}",
    },
    # --- review files ----------------------------------------------------------------
    "round.review.file_type": {
        "zh": "不支持的评审文件类型 {suffix!r}；应为 {known}",
        "en": "unsupported review file type {suffix!r}; expected {known}",
    },
    "round.review.not_mapping_or_list": {
        "zh": "应为一份评审的映射（community、stage、entries 等键）或由评审组成的列表",
        "en": "expected a review mapping (community, stage, entries, …) or a list of them",
    },
    "round.review.not_mapping": {
        "zh": "应为一份评审的映射",
        "en": "expected a review mapping",
    },
    "round.review.evidence_unknown_indicator": {
        "zh": "佐证材料所属的指标 {indicator!r} 不存在{near}",
        "en": "evidence for unknown indicator {indicator!r}{near}",
    },
    "round.review.empty_cells": {
        "zh": "{columns} 为空",
        "en": "empty {columns}",
    },
    "round.review.second_entry": {
        "zh": "{community} 的 {stage} 评审中 {indicator} 填写了两次（第一次在 {first}）",
        "en": "second entry for {indicator} in the {stage} review of {community} "
        "(first at {first})",
    },
    "round.review.missing_entry": {
        "zh": "{community} 的 {stage} 评审缺少以下指标的填写：{missing}"
        "（每个指标都须填写；允许不适用的可填 n/a）",
        "en": "the {stage} review of {community} has no entry for {missing} "
        "(every indicator needs one; n/a where allowed)",
    },
    "round.review.no_bonus": {
        "zh": "本评分细则不设加分（scheme.yaml 中没有 `bonus`）",
        "en": "this scheme gives no bonus points (no `bonus` in scheme.yaml)",
    },
    "round.review.bonus_negative": {
        "zh": "加分 {points} 小于 0",
        "en": "bonus points {points} below 0",
    },
    "round.review.bonus_points": {"zh": "加分分值", "en": "bonus points"},
    "round.review.no_reviewer": {
        "zh": "{community} 的 {stage} 评审未写明评审人；{stage} 环节由评审组评审，"
        "每份评审须写明评审人"
        "（YAML 中的 `reviewer:`、CSV 中的 reviewer 列、评审表中的评审人单元格）",
        "en": "the {stage} review of {community} names no reviewer; the {stage} stage is "
        "reviewed by a panel, so each review names its reviewer (`reviewer:` in YAML, the "
        "reviewer column in CSV, the reviewer cell of a form)",
    },
    "round.review.no_reviewer_short": {
        "zh": "{community} 的 {stage} 评审未写明评审人；{stage} 环节由评审组评审，"
        "每份评审须写明评审人",
        "en": "the {stage} review of {community} names no reviewer; the {stage} stage is "
        "reviewed by a panel, so each review names its reviewer",
    },
    "round.review.duplicate_reviewer": {
        "zh": "评审人 {reviewer!r} 对 {community} 的 {stage} 环节评审了两次（第一次在 {first}）；"
        "每位评审人只交一份评审",
        "en": "reviewer {reviewer!r} reviewed the {stage} stage of {community} twice "
        "(the first is at {first}); one review per reviewer",
    },
    "round.review.duplicate": {
        "zh": "{community} 的 {stage} 评审重复（第一份在 {first}）",
        "en": "a second {stage} review of {community} (the first is at {first})",
    },
    "round.review.evidence_outside": {
        "zh": "{indicator} 的佐证材料 {name!r} 指向评定文件夹之外",
        "en": "evidence {name!r} for {indicator} leads out of the round folder",
    },
    "round.review.evidence_missing": {
        "zh": "评定文件夹中找不到 {indicator} 的佐证材料 {name!r}",
        "en": "evidence {name!r} for {indicator} not found in the round folder",
    },
    # --- stages present, panels -------------------------------------------------------
    "round.stage.no_reviews": {
        "zh": "{unit} {id}（{name}）没有任何评审",
        "en": "{unit} {id} ({name}) has no reviews",
    },
    "round.stage.missing": {
        "zh": "{unit} {id}（{name}）缺少 {stages} 评审（missing_stage: error）",
        "en": "{unit} {id} ({name}) has no {stages} review (missing_stage: error)",
    },
    "round.panel.size_one": {
        "zh": "{unit} {id} 的 {stage} 评审只有 {n} 份（{names}）；{why}",
        "en": "{unit} {id} has {n} {stage} review ({names}); {why}",
    },
    "round.panel.size_many": {
        "zh": "{unit} {id} 的 {stage} 评审只有 {n} 份（{names}）；{why}",
        "en": "{unit} {id} has {n} {stage} reviews ({names}); {why}",
    },
    "round.panel.why_trimmed": {
        "zh": "去掉最高 {trim} 份和最低 {trim} 份的评审组须多于 2 × trim = {twice} 份评审",
        "en": "a trimmed panel that drops the {trim} highest and {trim} lowest needs more "
        "than 2 x trim = {twice}",
    },
    "round.panel.why_min": {
        "zh": "评审组至少需要 {min} 份评审（min_reviewers: {min}）",
        "en": "the panel needs at least min_reviewers: {min}",
    },
    "round.panel.na_disagree": {
        "zh": "{community} 的 {stage} 评审组对 {indicator} 是否适用意见不一："
        "{na} 填写不适用（n/a），{given} 填写了分值；评审组的评审人对不适用项须意见一致",
        "en": "the {stage} panel of {community} disagrees on whether {indicator} applies: "
        "n/a from {na}, an entry from {given}; a panel's reviewers agree on n/a",
    },
    # --- surveys -------------------------------------------------------------------------
    "round.survey.twice": {
        "zh": "{community} 的受访者 {respondent!r} 重复作答（首次在 {first}）",
        "en": "respondent {respondent!r} of {community} answered twice (first at {first})",
    },
    "round.survey.twice_question": {
        "zh": "{community} 的受访者 {respondent!r} 重复回答 {question}（首次在 {first}）",
        "en": "respondent {respondent!r} of {community} answered {question} twice "
        "(first at {first})",
    },
    "round.survey.sample": {
        "zh": "{unit} {id}：{indicator}{question}有效问卷 {valid} 份{invalid}，"
        "少于该指标的 min_responses {min} 份",
        "en": "{unit} {id}: {valid:plural:valid answer|valid answers}{invalid} for "
        "{indicator}{question}, "
        "fewer than its min_responses {min}",
    },
    "round.survey.sample_invalid": {"zh": "（另有无效问卷 {n} 份）", "en": " ({n} invalid)"},
    "round.survey.sample_question": {"zh": "（问题 {question}）", "en": " (question {question})"},
    # --- appeals -----------------------------------------------------------------------------
    "round.appeal.not_list": {
        "zh": "应为申诉列表（每项含 community、stage、indicator、value、reason、decided_by、date）",
        "en": "expected a list of appeals "
        "({{community, stage, indicator, value, reason, decided_by, date}})",
    },
    "round.appeal.no_review_by": {
        "zh": "{community}/{stage} 的申诉：没有 {reviewer!r} 的评审；"
        "{stage} 环节由评审组评审：{names}",
        "en": "appeal for {community}/{stage}: no review by {reviewer!r}; "
        "the {stage} stage is reviewed by a panel: {names}",
    },
    "round.appeal.name_reviewer": {
        "zh": "{community}/{stage} 的申诉：请写明评审人（`reviewer:`）；"
        "{stage} 环节由评审组评审：{names}",
        "en": "appeal for {community}/{stage}: name the reviewer (`reviewer:`); "
        "the {stage} stage is reviewed by a panel: {names}",
    },
    "round.appeal.no_review": {
        "zh": "{community}/{stage} 的申诉：本轮评定中没有这份评审",
        "en": "appeal for {community}/{stage}: no such review in the round",
    },
    "round.appeal.entry": {"zh": "申诉：{error}", "en": "appeal: {error}"},
    "round.appeal.duplicate": {
        "zh": "{community}/{stage} 的 {indicator} 已有申诉（第一份在 {first}）",
        "en": "a second appeal on {indicator} of {community}/{stage} (first at {first})",
    },
    "round.progress.reviews": {"zh": "评审", "en": "reviews"},
}
