"""Messages: the scheme checks (scheme.yaml, dimension files) and the file-format
checks shared by every YAML/JSON file (unknown or missing keys, wrong types)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- finding the scheme; validate's paths ---------------------------------------
    "scheme.no_such_scheme": {
        "zh": "{path}：找不到评分方案（应为含 scheme.yaml 的文件夹）",
        "en": "{path}: no such scheme (expected a folder with scheme.yaml)",
    },
    "scheme.no_such_path": {
        "zh": "{path}：文件或文件夹不存在",
        "en": "{path}: no such file or folder",
    },
    "scheme.not_scheme_or_round": {
        "zh": "{path}：既不是评分方案文件夹（scheme.yaml），也不是评定轮次文件夹（round.yaml）",
        "en": "{path}: neither a scheme (scheme.yaml) nor a round (round.yaml) folder",
    },
    # --- the shape of a file ------------------------------------------------------------
    "scheme.expected_scheme_mapping": {
        "zh": "应为评分方案的键值映射（id、version 等）",
        "en": "expected a mapping of scheme keys (id, version, …)",
    },
    "scheme.expected_dimension_mapping": {
        "zh": "应为维度的键值映射（id、name、max 等）",
        "en": "expected a mapping of dimension keys (id, name, max, …)",
    },
    # " (did you mean 'max'?)" after a name that is not known
    "scheme.did_you_mean": {"zh": "（是否应为 {name!r}？）", "en": " (did you mean {name!r}?)"},
    "scheme.unknown_key": {"zh": "未知的键 {name}{near}", "en": "unknown key {name}{near}"},
    "scheme.missing_key": {"zh": "缺少必需的键 {name!r}", "en": "missing required key {name!r}"},
    "scheme.unknown_kind": {
        "zh": "未知的指标类型 {kind!r}；应为以下之一：{kinds}",
        "en": "unknown kind {kind!r}; expected one of {kinds}",
    },
    "scheme.missing_kind": {
        "zh": "缺少键 'kind'；应为以下之一：{kinds}",
        "en": "missing key 'kind'; expected one of {kinds}",
    },
    "scheme.zero_max": {
        "zh": "max: 0 不计任何分；限制等级的是/否条件应为 kind: prerequisite（不设 max），"
        "其他指标的满分须大于 0",
        "en": "max: 0 scores nothing; a yes/no condition that gates levels is kind: "
        "prerequisite (no max), any other indicator needs full marks above 0",
    },
    # a value's problem, at its key, with the value as written
    "scheme.at_key": {"zh": "{field}：{message}", "en": "{field}: {message}"},
    "scheme.got": {"zh": "{message}（实际为 {got}）", "en": "{message} (got {got})"},
    # --- what a value should be (by the file-format check's error type) ----------------
    "scheme.expected_number": {"zh": "应为数字", "en": "expected a number"},
    "scheme.expected_whole_number": {"zh": "应为整数", "en": "expected a whole number"},
    "scheme.expected_finite_number": {"zh": "应为有限的数", "en": "expected a finite number"},
    "scheme.expected_at_most": {"zh": "应不大于 {le}", "en": "expected at most {le}"},
    "scheme.expected_less_than": {"zh": "应小于 {lt}", "en": "expected less than {lt}"},
    "scheme.expected_at_least": {"zh": "应不小于 {ge}", "en": "expected at least {ge}"},
    "scheme.expected_more_than": {"zh": "应大于 {gt}", "en": "expected more than {gt}"},
    "scheme.expected_multiple_of": {
        "zh": "应为 {multiple_of} 的整数倍",
        "en": "expected a multiple of {multiple_of}",
    },
    "scheme.expected_text": {"zh": "应为文本", "en": "expected text"},
    "scheme.expected_at_most_characters": {
        "zh": "应不超过 {max_length} 个字符",
        "en": "expected at most {max_length} characters",
    },
    "scheme.expected_at_least_characters": {
        "zh": "应至少有 {min_length} 个字符",
        "en": "expected at least {min_length} characters",
    },
    "scheme.expected_bool": {"zh": "应为 true 或 false", "en": "expected true or false"},
    "scheme.expected_list": {"zh": "应为列表", "en": "expected a list"},
    "scheme.expected_mapping": {
        "zh": "应为键值映射",
        "en": "expected a mapping of keys and values",
    },
    "scheme.expected_at_least_items": {
        "zh": "应至少有 {min_length} 项",
        "en": "expected at least {min_length} item(s)",
    },
    "scheme.expected_at_most_items": {
        "zh": "应至多有 {max_length} 项",
        "en": "expected at most {max_length} item(s)",
    },
    "scheme.expected_one_of": {
        "zh": "应为以下之一：{expected}",
        "en": "expected one of {expected}",
    },
    "scheme.expected_at_most_digits": {
        "zh": "应不超过 {max_digits} 位数字",
        "en": "expected at most {max_digits} digits",
    },
    "scheme.expected_at_most_places": {
        "zh": "应不超过 {decimal_places} 位小数",
        "en": "expected at most {decimal_places} decimal places",
    },
    "scheme.expected_date": {
        "zh": "应为日期，格式 YYYY-MM-DD",
        "en": "expected a date, YYYY-MM-DD",
    },
    "scheme.expected_nothing": {"zh": "此处不应有值", "en": "expected nothing here"},
    "scheme.expected_share": {
        "zh": "应为 0 到 1 之间的比例，如 0.85 或 85%",
        "en": "expected a share from 0 to 1, such as 0.85 or 85%",
    },
    "scheme.expected_identifier": {
        "zh": "应为标识符：由字母、数字、'-'、'_' 或 '.' 组成，以字母或数字开头",
        "en": "expected an identifier: letters, digits, '-', '_' or '.', "
        "starting with a letter or digit",
    },
    "scheme.not_a_share": {
        "zh": "{value} 不是比例：min_dimensions 取维度满分的比例（0 到 1，或百分比如 85%）；"
        "以分数设下限请写在 min_dimension_points 下",
        "en": "{value} is not a share: min_dimensions takes a share of the dimension's "
        "maximum (0 to 1, or a percentage such as 85%); put a floor in points under "
        "min_dimension_points",
    },
    # --- the models' own checks -----------------------------------------------------------
    "scheme.text_needs_a_language": {
        "zh": "zh 和 en 至少填写一项",
        "en": "give at least one of zh and en",
    },
    "scheme.prerequisite_max": {
        "zh": "前提条件不计分；请删除 `max`，或改用 kind: check",
        "en": "a prerequisite scores no points; drop `max` or use kind: check",
    },
    "scheme.range_two_numbers": {
        "zh": "{id}：range 应为两个数 [min, max]；实际为 {count} 个",
        "en": "{id}: range takes two numbers, [min, max]; got {count}",
    },
    "scheme.range_order": {
        "zh": "{id}：range [{low}, {high}]：最小值须小于最大值",
        "en": "{id}: range [{low}, {high}]: the min must be below the max",
    },
    "scheme.band_above_range": {
        "zh": "{id}：分档 min {min} 高于 range 的最大值 {high}：范围内的值都达不到",
        "en": "{id}: band min {min} is above the range's max {high}: "
        "no value in the range reaches it",
    },
    "scheme.trim_needed": {
        "zh": "aggregate: trimmed 需要 `trim`：最高和最低的总分各去掉几个",
        "en": "aggregate: trimmed needs `trim`: how many highest and lowest totals to drop",
    },
    "scheme.trim_unused": {
        "zh": "`trim` 只适用于 aggregate: trimmed，不适用于 {aggregate}",
        "en": "`trim` applies only to aggregate: trimmed, not {aggregate}",
    },
    "scheme.stars_expected": {
        "zh": "应为星数：0 到 9 之间 0.5 的倍数",
        "en": "expected a number of stars: a multiple of 0.5 from 0 to 9",
    },
    "scheme.stars_not_a_number": {
        "zh": "应为星数，实际为 {value!r}：0 到 9 之间 0.5 的倍数",
        "en": "expected a number of stars, got {value!r}: a multiple of 0.5 from 0 to 9",
    },
    "scheme.stars_out_of_range": {
        "zh": "{stars} 星超出范围：应为 0 到 9",
        "en": "{stars} stars is out of range: expected 0 to 9",
    },
    "scheme.stars_not_half": {
        "zh": "{stars} 不是 0.5 的倍数：星数为整星或半星，如 4 或 4.5",
        "en": "{stars} is not a multiple of 0.5: stars are whole or half stars, such as 4 or 4.5",
    },
    "scheme.quota_key": {
        "zh": '名额的键 {quota}：{reason}（"4+" 表示四星及以上）',
        "en": 'quota key {quota}: {reason} ("4+": four stars and above)',
    },
    "scheme.quota_twice": {
        "zh": "{stars} 星设了两个名额：每个等级只设一个名额",
        "en": "two quotas for {stars} stars: give each level one quota",
    },
    "scheme.quota_one_of": {
        "zh": "max_share 和 max_count 须恰好给出一项",
        "en": "give exactly one of max_share and max_count",
    },
    # --- the scheme folder ----------------------------------------------------------------
    "scheme.bad_folder_name": {
        "zh": "{name!r} 不是可用的文件夹名",
        "en": "{name!r} is not a usable folder name",
    },
    "scheme.outside": {
        "zh": "{name!r} 指向评分方案文件夹之外",
        "en": "{name!r} leads out of the scheme folder",
    },
    "scheme.no_dimension_folder": {
        "zh": "找不到维度文件夹 {name!r}",
        "en": "dimension folder {name!r} not found",
    },
    "scheme.no_dimension_files": {
        "zh": "{name!r} 中没有 *.yaml 文件",
        "en": "no *.yaml files in {name!r}",
    },
    "scheme.no_dimension_file": {
        "zh": "找不到维度文件 {name!r}",
        "en": "dimension file {name!r} not found",
    },
    # --- ids ------------------------------------------------------------------------------
    "scheme.what.stage": {"zh": "评审环节", "en": "stage"},
    "scheme.what.veto": {"zh": "一票否决项", "en": "veto"},
    "scheme.what.dimension": {"zh": "维度", "en": "dimension"},
    "scheme.what.indicator": {"zh": "指标", "en": "indicator"},
    "scheme.reserved_id": {
        "zh": "{what} id {id!r} 是保留字，请另选一个",
        "en": "{what} id {id!r} is reserved; choose another",
    },
    "scheme.duplicate_id": {
        "zh": "id {id!r} 重复：已在 {where} 使用",
        "en": "duplicate id {id!r}: already used in {where}",
    },
    # --- sums and scale -------------------------------------------------------------------
    "scheme.dimension_max": {
        "zh": "维度 {dimension!r} 的 max 为 {max}，但其各指标满分合计为 {total}{groups}",
        "en": "dimension {dimension!r} has max {max} but its indicators add up to {total}{groups}",
    },
    "scheme.dimension_max_groups": {
        "zh": "（每个 alternatives 组按其中满分最高的指标计一次）",
        "en": " (each alternatives group once, at its largest member's max)",
    },
    "scheme.what.maxima": {"zh": "满分", "en": "maxima"},
    "scheme.what.weights_and_maxima": {"zh": "权重与满分", "en": "weights and maxima"},
    "scheme.scale_sum": {
        "zh": "scale 为 {scale}，但各维度的{what}合计为 {full}",
        "en": "scale is {scale} but the dimension {what} add up to {full}",
    },
    "scheme.scale_not_cap": {
        "zh": "scale 为 {scale}，但 points_cap 为 {cap}；设有 points_cap 时，scale 是一次评审"
        "从各维度计入的最高分：请将 scale 设为该上限",
        "en": "scale is {scale} but points_cap is {cap}; with points_cap, scale is the most a "
        "review counts from its dimensions: set scale to the cap",
    },
    "scheme.cap_unreachable": {
        "zh": "points_cap 为 {cap}，但各维度满分（或权重）合计仅为 {full}；该上限永远达不到："
        "上限应不超过其合计",
        "en": "points_cap is {cap} but the dimension maxima (or weights) add up to {full}; "
        "the cap can never be reached: expected a cap of at most their sum",
    },
    # --- stages ---------------------------------------------------------------------------
    "scheme.unused_weight": {
        "zh": "评审环节 {stage} 设有权重，但 combine: final 只取最后一个已有的环节，不使用权重；"
        "请删除该权重，或改用 combine: weighted",
        "en": "stage {stage} has a weight, but combine: final takes the last stage present "
        "and uses no weights; remove it, or use combine: weighted",
    },
    "scheme.weights_missing": {
        "zh": "combine: weighted 要求每个评审环节都设权重；以下环节缺少权重：{missing}",
        "en": "combine: weighted needs a weight on every stage; missing on {missing}",
    },
    "scheme.weights_sum": {
        "zh": "各评审环节的权重合计为 {sum}，应恰好为 1",
        "en": "stage weights add up to {sum}, expected exactly 1",
    },
    # --- levels, stars, quotas ------------------------------------------------------------
    "scheme.stars": {"zh": "{stars} 星", "en": "{stars:plural:star|stars}"},
    "scheme.stars_and_above": {"zh": "{stars} 星及以上", "en": "{stars}+ stars"},
    "scheme.quota_unknown_level": {
        "zh": "为 {quota}设了名额，但没有 {stars}的等级",
        "en": "quota for {quota}, but no level has {stars}",
    },
    "scheme.levels_same_stars": {
        "zh": "第 {first} 和第 {second} 个等级都是 {stars}；每个等级的星数须各不相同",
        "en": "levels {first} and {second} both have {stars}; "
        "each level needs its own number of stars",
    },
    "scheme.levels_order": {
        "zh": "{stars}★ 等级（第 {n} 个等级）排在 {before}★ 等级之后；等级须按星数从多到少排列",
        "en": "the {stars}★ level (level {n}) is listed after the {before}★ level; "
        "levels go from the most stars to the fewest",
    },
    "scheme.min_total_rises": {
        "zh": "{stars}★ 等级的 min_total {min_total} 高于排在其前的 {before}★ 等级的 "
        "{before_total}；min_total 不得随星数减少而升高",
        "en": "min_total {min_total} of the {stars}★ level is above {before_total} of the "
        "{before}★ level listed before it; min_total must not rise as stars fall",
    },
    "scheme.min_total_unreachable": {
        "zh": "总分不可能达到 {min_total}（最高 {reach}）",
        "en": "no total can reach {min_total} (at most {reach})",
    },
    "scheme.cap_caps_nothing": {
        "zh": "max_stars_if {indicator}：max_stars {max_stars} 不限制任何等级；最高等级为 {stars}",
        "en": "max_stars_if {indicator}: max_stars {max_stars} caps nothing; "
        "the highest level has {stars}",
    },
    "scheme.prerequisite_unknown_level": {
        "zh": "前提条件 {indicator} 限制 {stars}，但没有 {stars}的等级；本方案的等级：{levels}",
        "en": "prerequisite {indicator} gates {stars}, but no level has {stars}; "
        "the scheme's levels: {levels}",
    },
    "scheme.unknown_dimension": {
        "zh": "{field} 中的维度 {name!r} 不存在{near}",
        "en": "{field} names unknown dimension {name!r}{near}",
    },
    "scheme.floor_unreachable": {
        "zh": "min_dimension_points {dimension}：{value} 高于该维度的满分 {full}；任何社区都达不到",
        "en": "min_dimension_points {dimension}: {value} is above the dimension's full marks "
        "of {full}; no community can reach it",
    },
    # --- require and max_stars_if ---------------------------------------------------------
    "scheme.require_veto": {
        "zh": "require 中的 {indicator!r} 是一票否决项：一票否决项记录在评审中"
        "（vetoes: [{indicator}]），本身即否决所有等级；require 应列指标",
        "en": "require names the veto {indicator!r}: a veto is recorded in a review "
        "(vetoes: [{indicator}]) and withholds every level by itself; require names indicators",
    },
    "scheme.require_unknown": {
        "zh": "require 中的指标 {indicator!r} 不存在{near}",
        "en": "require names unknown indicator {indicator!r}{near}",
    },
    "scheme.require_prerequisite": {
        "zh": "require 中的 {indicator!r} 是前提条件：它不计分，require 将始终成立；"
        "前提条件通过自身的 `levels` 限制等级",
        "en": "require names the prerequisite {indicator!r}: it scores no points, so require "
        "would always hold; a prerequisite gates levels by itself (its `levels`)",
    },
    "scheme.require_above_max": {
        "zh": "require {indicator} 的 min {min} 高于其满分 {max}",
        "en": "require {indicator} min {min} is above its max {max}",
    },
    "scheme.cap_veto": {
        "zh": "max_stars_if 中的 {indicator!r} 是一票否决项：一票否决项本身已否决所有等级；"
        "max_stars_if 应列指标",
        "en": "max_stars_if names the veto {indicator!r}: a veto already withholds every "
        "level; max_stars_if names indicators",
    },
    "scheme.cap_unknown": {
        "zh": "max_stars_if 中的指标 {indicator!r} 不存在{near}",
        "en": "max_stars_if names unknown indicator {indicator!r}{near}",
    },
    "scheme.cap_prerequisite": {
        "zh": "max_stars_if 中的 {indicator!r} 是前提条件：它不计分；"
        "请为该前提条件设置 `levels`，说明它限制哪些等级",
        "en": "max_stars_if names the prerequisite {indicator!r}: it scores no points; "
        "give the prerequisite `levels` to say which levels it gates",
    },
    "scheme.cap_survey_above_one": {
        "zh": "max_stars_if {indicator}：below {below} 大于 1；"
        "问卷调查指标的 below 是满意率，如 0.6 或 60%",
        "en": "max_stars_if {indicator}: below {below} is above 1; for a survey indicator "
        "it is the satisfaction rate, such as 0.6 or 60%",
    },
    "scheme.cap_percent_points": {
        "zh": "max_stars_if {indicator}：below {below!r} 是百分比，但 {indicator} 是 {kind} "
        "类指标：below 是它在决定环节的得分（0 至 {max}）",
        "en": "max_stars_if {indicator}: below {below!r} is a percentage, but {indicator} is "
        "a {kind} indicator: below is its points in the deciding stage (0 to {max})",
    },
    "scheme.cap_above_max": {
        "zh": "max_stars_if {indicator}：below {below} 高于其满分 {max}；该上限对所有社区都成立",
        "en": "max_stars_if {indicator}: below {below} is above its max {max}; "
        "the cap holds for every community",
    },
    # --- alternatives ---------------------------------------------------------------------
    "scheme.alternatives_unknown": {
        "zh": "alternatives 中的 {indicator!r} 不是维度 {dimension!r} 的指标{near}；"
        "一组的成员须为本维度的指标",
        "en": "alternatives names {indicator!r}, which is not an indicator of dimension "
        "{dimension!r}{near}; a group's members are indicators of its own dimension",
    },
    "scheme.alternatives_survey": {
        "zh": "alternatives：{indicator} 按居民问卷调查计分，各次评审相同；"
        "alternatives 比较的是录入指标的得分",
        "en": "alternatives: {indicator} is scored from the resident survey, the same in "
        "every review; alternatives compare the points of entered indicators",
    },
    "scheme.alternatives_prerequisite": {
        "zh": "alternatives：{indicator} 是前提条件，不计分；alternatives 比较的是录入指标的得分",
        "en": "alternatives: {indicator} is a prerequisite and scores no points; "
        "alternatives compare the points of entered indicators",
    },
    "scheme.alternatives_twice": {
        "zh": "alternatives 中 {indicator} 出现了两次；一个指标至多属于一个组",
        "en": "alternatives names {indicator} twice; an indicator belongs to one group at most",
    },
    # --- indicators -----------------------------------------------------------------------
    "scheme.step_not_dividing": {
        "zh": "{indicator}：max {max} 不是 step {step} 的整数倍；无法录入满分",
        "en": "{indicator}: max {max} is not a multiple of step {step}; "
        "full marks cannot be entered",
    },
    "scheme.duplicate_item": {
        "zh": "{indicator}：清单项 {item!r} 重复",
        "en": "{indicator}: duplicate checklist item {item!r}",
    },
    "scheme.items_short": {
        "zh": "{indicator}：各清单项分值合计 {total}，低于 max {max}；永远得不到满分",
        "en": "{indicator}: items add up to {total}, less than max {max}; "
        "full marks can never be reached",
    },
    "scheme.band_above_max": {
        "zh": "{indicator}：分档分值 {points} 高于指标满分 {max}",
        "en": "{indicator}: band points {points} above the indicator max {max}",
    },
    "scheme.bands_order": {
        "zh": "{indicator}：分档须按 min 从高到低排列：min {min} 排在 {before} 之后",
        "en": "{indicator}: bands must descend: min {min} after {before}",
    },
    "scheme.bands_no_full_marks": {
        "zh": "{indicator}：没有任何分档给满分（{max}）",
        "en": "{indicator}: no band gives full marks ({max})",
    },
    "scheme.survey_bands_range": {
        "zh": "{indicator}：问卷调查指标的分档是 0 到 1 之间的比率",
        "en": "{indicator}: survey bands are rates between 0 and 1",
    },
}
