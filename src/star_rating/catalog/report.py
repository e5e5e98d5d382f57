"""Messages: the HTML and Markdown report (summary, group pages, unit pages).

Every template may use the scheme's words for what is rated and how it is grouped:
``{unit}``, ``{units}``, ``{Unit}``, ``{Units}``, ``{group}``, ``{groups}``,
``{Group}``, ``{Groups}`` (``社区`` / ``community``, ``communities``, ``Community``…,
``街道`` / ``street``…, unless the scheme names its own).  A key ending in ``_of``
is the variant for a scheme with words of its own, where the default speaks of the
district (``全区``)."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- summary ---------------------------------------------------------------
    "report.summary": {"zh": "全区汇总", "en": "District summary"},
    "report.summary_of": {"zh": "全部{units}汇总", "en": "Summary of all {units}"},
    "report.back": {"zh": "← {summary}", "en": "← {summary}"},
    "report.n_units": {"zh": "共 {n} 个{noun}", "en": "{n} {noun}"},
    "report.lead": {"zh": "{count}：{sentence}", "en": "{count}: {sentence}"},
    "report.scheme": {"zh": "评定方案", "en": "Scheme"},
    "report.levels": {"zh": "星级分布", "en": "Levels"},
    "report.stats": {
        "zh": "平均分 {mean}，最高 {top}，最低 {low}",
        "en": "mean {mean}, highest {top}, lowest {low}",
    },
    "report.by_street": {"zh": "各{group}星级分布", "en": "Stars per {group}"},
    "report.group_pages": {"zh": "各{group}页面", "en": "{Group} pages"},
    "report.histogram": {"zh": "总分分布与定级线", "en": "Totals and level thresholds"},
    "report.bin": {"zh": "分数段", "en": "Totals"},
    "report.total_axis": {"zh": "总分", "en": "Total"},
    "report.count_axis": {"zh": "{unit}数", "en": "{Units}"},
    "report.ranking": {"zh": "全部{units}排名", "en": "All {units} ranked"},
    "report.rows_cut": {
        "zh": "共 {all} 个{units}，此处列出前 {edge} 名和后 {edge} 名；"
        "完整排名见同一文件夹中的 {csv}。",
        "en": "{all} {units}: the first {edge} and the last {edge} are listed here; the "
        "whole ranking is in {csv} in this folder.",
    },
    "report.pages_note": {
        "zh": "已为其中 {pages} 个{units}生成单独页面（共 {all} 个）；"
        "report --pages all 为每个{unit}生成页面，--community 与 --street 选定{units}。",
        "en": "{pages} of the {all} {units} have a page of their own; report --pages all "
        "writes one for every {unit}, --community and --street choose them.",
    },
    "report.sort_hint": {"zh": "点击表头可排序", "en": "Click a column heading to sort"},
    "report.lost": {"zh": "全区失分最多的指标", "en": "Indicators that lost the most points"},
    "report.lost_of": {
        "zh": "全部{units}中失分最多的指标",
        "en": "Indicators that lost the most points across all {units}",
    },
    "report.lost_note": {
        "zh": "失分 = 满分 − 各环节加权后的指标得分，按全部{units}合计；不适用项不计失分。",
        "en": "Points lost = full marks − the indicator's points weighted over the stages, "
        "summed over every {unit}; n/a items lose nothing.",
    },
    "report.indicator": {"zh": "指标", "en": "Indicator"},
    "report.dimension": {"zh": "维度", "en": "Dimension"},
    "report.max": {"zh": "满分", "en": "Max"},
    "report.avg": {"zh": "平均得分", "en": "Average"},
    "report.lost_pts": {"zh": "失分合计", "en": "Points lost"},
    "report.lost_rate": {"zh": "失分率", "en": "Share lost"},
    "report.below_full": {"zh": "未得满分{units}", "en": "Below full marks"},
    "report.decisions": {"zh": "一票否决、名额与提示", "en": "Vetoes, quotas and flags"},
    "report.agreement": {"zh": "各环节评分一致性", "en": "Agreement between stages"},
    "report.agreement_note": {
        "zh": "与{ref}相比：平均绝对差（分）/ 完全一致的{units}比例；α 为 Krippendorff "
        "一致性系数（区间尺度，全部环节，1 = 完全一致）。",
        "en": "Against the {ref}: mean absolute difference (points) / share of {units} "
        "scored exactly alike; α is Krippendorff's alpha (interval, all stages; 1 = full "
        "agreement).",
    },
    "report.total_row": {"zh": "总分", "en": "Total"},
    "report.kind": {"zh": "类型", "en": "Kind"},
    "report.count": {"zh": "{units}数", "en": "{Units}"},
    "report.thresholds": {"zh": "定级线", "en": "Level thresholds"},
    "report.detail": {"zh": "说明", "en": "Detail"},
    "report.district": {"zh": "全区", "en": "District"},
    "report.district_of": {"zh": "全部{units}", "en": "All {units}"},
    "report.nothing": {"zh": "无", "en": "None"},
    "report.footer": {
        "zh": "由 star-rate {version} 生成 · 方案 {scheme} {scheme_version} · 输入指纹 {fp}",
        "en": "Made with star-rate {version} · scheme {scheme} {scheme_version} · "
        "input fingerprint {fp}",
    },
    "report.generated": {"zh": "生成时间 {time}", "en": "Generated {time}"},
    # the count per level, as a sentence: "2 three-star, 1 without a level"
    "report.list_sep": {"zh": "、", "en": ", "},
    "report.count_level": {"zh": "{name} {n} 个", "en": "{n} {name}"},
    "report.stars_short": {"zh": "{stars}星级", "en": "{stars}-star"},
    "report.digit.1": {"zh": "一", "en": "one"},
    "report.digit.2": {"zh": "二", "en": "two"},
    "report.digit.3": {"zh": "三", "en": "three"},
    "report.digit.4": {"zh": "四", "en": "four"},
    "report.digit.5": {"zh": "五", "en": "five"},
    "report.digit.6": {"zh": "六", "en": "six"},
    "report.digit.7": {"zh": "七", "en": "seven"},
    "report.digit.8": {"zh": "八", "en": "eight"},
    "report.digit.9": {"zh": "九", "en": "nine"},
    "report.without_level": {"zh": "未定级 {n} 个", "en": "{n} without a level"},
    "report.without_level_vetoed": {
        "zh": "未定级 {n} 个（其中一票否决 {vetoed} 个）",
        "en": "{n} without a level ({vetoed} of them vetoed)",
    },
    "report.none_level": {"zh": "未定级", "en": "No level"},
    # kinds of decision in the summary's table
    "report.kind_veto": {"zh": "一票否决", "en": "Veto"},
    "report.kind_quota": {"zh": "名额", "en": "Quota"},
    "report.kind_quota_demotion": {"zh": "名额降级", "en": "Quota demotion"},
    "report.kind_quota_tie": {"zh": "同分并列", "en": "Tie at the quota"},
    "report.kind_self_inflation": {"zh": "自评虚高", "en": "Self-inflation"},
    "report.kind_stage_gap": {"zh": "评分分歧", "en": "Stage disagreement"},
    "report.kind_survey_sample": {"zh": "问卷样本偏少", "en": "Small survey sample"},
    # column headings shared by the pages
    "report.rank": {"zh": "排名", "en": "Rank"},
    "report.id": {"zh": "编号", "en": "ID"},
    "report.level": {"zh": "等级", "en": "Level"},
    "report.total": {"zh": "总分", "en": "Total"},
    "report.stars": {"zh": "星级", "en": "Stars"},
    "report.bonus": {"zh": "加分", "en": "Bonus"},
    "report.flags": {"zh": "提示", "en": "Flags"},
    # --- group pages -------------------------------------------------------------
    "report.group_ranking": {"zh": "本{group}{units}排名", "en": "The {group}'s {units} ranked"},
    "report.group_rank": {"zh": "{group}内排名", "en": "{Group} rank"},
    "report.overall_rank": {"zh": "总排名", "en": "Overall rank"},
    "report.group_rows_cut": {
        "zh": "本{group}共 {all} 个{units}，此处列出前 {edge} 名和后 {edge} 名；"
        "完整排名见报告文件夹中的 {csv}。",
        "en": "{all} {units} in this {group}: the first {edge} and the last {edge} are listed "
        "here; the whole ranking is in {csv} in the report's folder.",
    },
    "report.no_group": {"zh": "（未填{group}）", "en": "(no {group})"},
    # --- unit pages --------------------------------------------------------------
    "report.rank_of": {"zh": "第 {rank} 名 / 共 {n} 个{units}", "en": "Rank {rank} of {n}"},
    "report.radar": {"zh": "各维度得分率", "en": "Dimension shares"},
    "report.radar_of": {"zh": "各维度得分率：{name}", "en": "Dimension shares: {name}"},
    "report.radar_note": {
        "zh": "{combined}与{first}、{last}对比，按各维度满分的百分比；虚线为{floor}门槛。",
        "en": "{combined} vs {first} and {last}, as a share of each maximum; "
        "the dashed outline is the floor of {floor}.",
    },
    "report.radar_note_plain": {
        "zh": "{combined}与{first}、{last}对比，按各维度满分的百分比。",
        "en": "{combined} vs {first} and {last}, as a share of each maximum.",
    },
    "report.combined": {"zh": "综合", "en": "Combined"},
    "report.stage_totals": {"zh": "各环节得分", "en": "Stage totals"},
    "report.weight": {"zh": "权重", "en": "Weight"},
    "report.why": {"zh": "评定结论", "en": "Why this level"},
    "report.next_for": {"zh": "距{name}还差", "en": "What is missing for {name}"},
    "report.top_reached": {"zh": "已达到最高等级。", "en": "The highest level is reached."},
    "report.held_by_quota": {
        "zh": "符合{name}的全部条件，但因名额、申报星级或动态管理规则定为较低等级（理由见上文）。",
        "en": "Meets every rule of {name} but is placed lower by a quota, the level applied "
        "for or a dynamic rule (the reasons above say which).",
    },
    "report.vetoed": {"zh": "一票否决", "en": "veto"},
    "report.vetoed_note": {
        "zh": "一票否决：无论得分多少，本年度不评星级。",
        "en": "Vetoed: no level this round, whatever the points.",
    },
    "report.indicators": {"zh": "各项指标得分", "en": "Every indicator, points per stage"},
    "report.survey": {"zh": "居民满意度问卷", "en": "Resident survey"},
    "report.valid": {"zh": "有效问卷", "en": "Valid answers"},
    "report.invalid": {"zh": "无效", "en": "Invalid"},
    "report.rate": {"zh": "满意率", "en": "Rate"},
    "report.points": {"zh": "得分", "en": "Points"},
    "report.min_responses": {"zh": "最少有效份数", "en": "Minimum"},
    "report.appeals": {"zh": "申诉更正", "en": "Appeals applied"},
    "report.stage": {"zh": "环节", "en": "Stage"},
    "report.before": {"zh": "原录入", "en": "Before"},
    "report.after": {"zh": "更正为", "en": "After"},
    "report.reason": {"zh": "理由", "en": "Reason"},
    "report.decided_by": {"zh": "决定单位", "en": "Decided by"},
    "report.date": {"zh": "日期", "en": "Date"},
    "report.bonus_items": {"zh": "加分项目", "en": "Bonus items"},
    "report.share": {"zh": "得分率", "en": "Share"},
    "report.na": {"zh": "不适用", "en": "n/a"},
    "report.appealed": {"zh": "经申诉更正", "en": "corrected on appeal"},
    "report.appeal_note": {
        "zh": "经申诉更正：{before} → {after}（{reason}）",
        "en": "corrected on appeal: {before} → {after} ({reason})",
    },
    "report.subtotal": {"zh": "小计", "en": "Subtotal"},
    "report.no_level_reached": {"zh": "未达到任何等级。", "en": "No level is reached."},
    # --- progress while writing ------------------------------------------------------
    "report.progress.summary": {"zh": "汇总页", "en": "summary"},
    "report.progress.units": {"zh": "{unit}页面", "en": "{unit} pages"},
    "report.progress.groups": {"zh": "{group}页面", "en": "{group} pages"},
    "report.progress.ranking": {"zh": "完整排名 {csv}", "en": "whole ranking {csv}"},
    # --- errors ------------------------------------------------------------------
    "report.error.format": {
        "zh": "未知的报告格式 {fmt!r}；应为 html 或 md",
        "en": "unknown report format {fmt!r}; expected html or md",
    },
    "report.error.lang": {
        "zh": "未知的语言 {lang!r}；应为 zh 或 en",
        "en": "unknown language {lang!r}; expected zh or en",
    },
    "report.error.pages": {
        "zh": "未知的 --pages 取值 {pages!r}；应为 auto、all 或 none",
        "en": "unknown --pages {pages!r}; expected auto, all or none",
    },
    "report.error.no_unit": {
        "zh": "--community {id!r}：本轮评定中没有这个{unit}",
        "en": "--community {id!r}: no such {unit} in this round",
    },
    "report.error.empty_group": {
        "zh": "--street {name!r}：本轮评定中没有属于该{group}的{unit}",
        "en": "--street {name!r}: no {unit} of this round is in it",
    },
    "report.error.template_dir": {
        "zh": "--template-dir {path} 不是文件夹",
        "en": "--template-dir {path} is not a folder",
    },
    "report.error.template_missing": {
        "zh": "找不到报告模板 {name!r}",
        "en": "report template {name!r} not found",
    },
    "report.error.template_syntax": {
        "zh": "报告模板 {file}:{line}：{problem}",
        "en": "report template {file}:{line}: {problem}",
    },
    "report.error.no_key": {
        "zh": "报告模板：t({name!r}) 不是报告的标签或消息",
        "en": "report template: t({name!r}) names no label or message of the report",
    },
    "report.error.no_param": {
        "zh": "报告模板：t({name!r}) 缺少参数 {param!r}",
        "en": "report template: t({name!r}) needs the parameter {param!r}",
    },
    "report.error.template": {
        "zh": "报告模板 {name}：{problem}",
        "en": "report template {name}: {problem}",
    },
}
