"""Messages of results: level rules, quotas, vetoes, panels, prerequisites."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- level rules -------------------------------------------------------------
    "rule.min_total.ok": {
        "zh": "总分 {total} 达到 {need:pts}",
        "en": "total {total} reaches {need:pts}",
    },
    "rule.min_total.short": {
        "zh": "总分 {total} 低于 {need:pts}（差 {short:pts} 分）",
        "en": "total {total} is below {need:pts} ({short:plural:point|points} short)",
    },
    "rule.floor.ok": {
        "zh": "{dimension} {have:pts}/{full:pts}（{part:pct}）达到门槛 {floor:pct}",
        "en": "{dimension} {have:pts}/{full:pts} ({part:pct}) reaches the floor of {floor:pct}",
    },
    "rule.floor.short": {
        "zh": "{dimension} {have:pts}/{full:pts}（{part:pct}）低于门槛 {floor:pct}"
        "（差 {short:pts} 分）",
        "en": "{dimension} {have:pts}/{full:pts} ({part:pct}) is below the floor of "
        "{floor:pct} ({short:plural:point|points} short)",
    },
    "rule.all_floors": {
        "zh": "各维度均达到满分的 {floor:pct}",
        "en": "every dimension reaches {floor:pct} of its maximum",
    },
    "rule.require.na": {
        "zh": "{indicator} 在{stage}中不适用，不作要求",
        "en": "{indicator} is n/a in the {stage}; not required",
    },
    "rule.require.full.ok": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求满分",
        "en": "{indicator} has {have:pts} in the {stage}; full marks required",
    },
    "rule.require.full.short": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求满分，未达到",
        "en": "{indicator} has {have:pts} in the {stage}; full marks required, not met",
    },
    "rule.require.min.ok": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求至少 {need:pts} 分",
        "en": "{indicator} has {have:pts} in the {stage}; at least {need:pts} required",
    },
    "rule.require.min.short": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，要求至少 {need:pts} 分，未达到",
        "en": "{indicator} has {have:pts} in the {stage}; at least {need:pts} required, not met",
    },
    # --- level rules: floors in points and max_stars_if caps -------------------
    "rule.points_floor.ok": {
        "zh": "{dimension} {have:pts}/{full:pts} 达到 {need:pts} 分的门槛",
        "en": "{dimension} {have:pts}/{full:pts} reaches the floor of {need:plural:point|points}",
    },
    "rule.points_floor.short": {
        "zh": "{dimension} {have:pts}/{full:pts} 低于 {need:pts} 分的门槛（差 {short:pts} 分）",
        "en": "{dimension} {have:pts}/{full:pts} is below the floor of "
        "{need:plural:point|points} ({short:plural:point|points} short)",
    },
    "rule.cap.survey": {
        "zh": "{indicator} 满意率 {rate:pct} 低于 {below:pct}：最高 {max:pts} 星",
        "en": "{indicator} satisfaction {rate:pct} is below {below:pct}: "
        "at most {max:plural:star|stars}",
    },
    "rule.cap.points": {
        "zh": "{indicator} 在{stage}中得 {have:pts} 分，低于 {below:pts} 分：最高 {max:pts} 星",
        "en": "{indicator} has {have:plural:point|points} in the {stage}, below {below:pts}: "
        "at most {max:plural:star|stars}",
    },
    # --- reasons -----------------------------------------------------------------
    "reason.veto": {
        "zh": "一票否决：{veto}（{where}），不评星级",
        "en": "veto: {veto} ({where}); no level",
    },
    "reason.level": {
        "zh": "达到{level}的全部条件",
        "en": "meets every rule of {level}",
    },
    "reason.next_level": {
        "zh": "未达{level}：{failed:list}",
        "en": "not {level}: {failed:list}",
    },
    "reason.below_lowest": {
        "zh": "未达最低等级{level}：{failed:list}",
        "en": "below the lowest level, {level}: {failed:list}",
    },
    # --- quotas ------------------------------------------------------------------
    "quota.count": {
        "zh": "名额上限 {limit} 个",
        "en": "a quota of {limit}",
    },
    "quota.share": {
        "zh": "名额上限 {limit} 个（{share:pct} × {n}，向下取整）",
        "en": "a quota of {limit} ({share:pct} of {n}, rounded down)",
    },
    "quota.tie": {
        "zh": "{level}{quota}；第 {limit} 名处 {tied} 个社区同分 {boundary}，"
        "按并列规则共同保留，实际 {kept} 个",
        "en": "{level}: {quota}; {tied} communities tie at {boundary} on the boundary and "
        "keep the level together, so {kept} hold it",
    },
    "quota.demotion": {
        "zh": "符合{level}条件，但排名第 {rank}，超出{quota}，降为{placed}",
        "en": "qualifies for {level} but ranks {rank}, beyond {quota}; placed at {placed}",
    },
    "quota.moved": {
        "zh": "{level}{quota}：{moved} 个符合条件的社区因名额降级",
        "en": "{level}: {quota}; {moved:plural:qualifying community|qualifying communities} "
        "moved down",
    },
    "level.none": {
        "zh": "无星级",
        "en": "no level",
    },
    # --- quota ties, cumulative quotas, applications and dynamic rules ------------
    "application.up_to": {
        "zh": "申报 {applied:pts} 星，评定不超过申报星级",
        "en": "applied for {applied:plural:star|stars}, and a community gets at most the level "
        "it applied for",
    },
    "application.exact": {
        "zh": "申报 {applied:pts} 星，只评定申报星级或不评星级",
        "en": "applied for {applied:plural:star|stars}, and a community gets that level or none",
    },
    "reason.application": {
        "zh": "{application}：达到{reached}的条件，定为{placed}",
        "en": "{application}: reaches {reached}, placed at {placed}",
    },
    "dynamic.max_rise": {
        "zh": "动态管理规则 max_rise：星级每轮最多上升 {limit:pts} 星（上轮 {before} 星），"
        "本轮达到 {reached} 星，定为 {placed} 星",
        "en": "dynamic rule max_rise: stars rise at most {limit:plural:star|stars} a round (held "
        "{before} last round); reached {reached}, placed at {placed}",
    },
    "dynamic.demote_grace": {
        "zh": "动态管理规则 demote_after：本轮达到 {reached} 星，低于所持 {before} 星"
        "（连续 {below:pts} 轮）；连续 {limit} 轮未达标才降级，暂保留 {before} 星",
        "en": "dynamic rule demote_after: reached {reached}, below the stars it holds ({before}) "
        "for {below:plural:round|rounds} in a row; keeps them until it has been below for "
        "{limit} rounds in a row",
    },
    "dynamic.max_drop": {
        "zh": "动态管理规则 max_drop：每轮最多下降 {limit:pts} 星，由 {before} 星降为 "
        "{placed} 星（本轮达到 {reached} 星）",
        "en": "dynamic rule max_drop: falls at most {limit:plural:star|stars} a round, from "
        "{before}★ to {placed}★ (reached {reached}★)",
    },
    "dynamic.demoted": {
        "zh": "动态管理规则 demote_after：连续 {below:pts} 轮低于所持 "
        "{before:pts} 星，降为 {reached} 星",
        "en": "dynamic rule demote_after: below its {before:plural:star|stars} for "
        "{below:plural:round|rounds} in a row; now {reached}",
    },
    "dynamic.overridden": {
        "zh": "{rule}；但{why:list}，动态管理规则不能突破：定为{placed}",
        "en": "{rule}; but {why:list}, which no dynamic rule overrides: placed at {placed}",
    },
    "quota.and_above": {
        "zh": "{level}及以上",
        "en": "{level} and above",
    },
    "quota.tie_break": {
        "zh": "{level}{quota}；第 {limit} 名处 {tied} 个社区同分 {boundary}，依次按决定环节的"
        "精确总分、各维度得分（方案顺序）、编号决出，保留 {kept:pts} 个",
        "en": "{level}: {quota}; {tied} communities tie at {boundary} on the boundary; the "
        "deciding stage's exact total, then the dimensions in scheme order, then the id break "
        "the tie, so {kept:plural:community holds|communities hold} it",
    },
    "quota.tie_demote": {
        "zh": "{level}{quota}；第 {limit} 名处 {tied} 个社区同分 {boundary}，按规则同分者全部"
        "降级，实际 {kept:pts} 个",
        "en": "{level}: {quota}; {tied} communities tie at {boundary} on the boundary and all "
        "move down (ties: demote), so {kept:plural:community holds|communities hold} it",
    },
    "quota.tie_kept": {
        "zh": "{scope}{quota}边界处同分 {boundary}，按同分排序保留",
        "en": "ties at {boundary} on the boundary of {quota} for {scope} and keeps the level on "
        "the tie-break",
    },
    "quota.why.rank": {
        "zh": "排名第 {rank}，超出{scope}{quota}",
        "en": "ranks {rank}, beyond {quota} for {scope}",
    },
    "quota.why.tie_lost": {
        "zh": "与 {other} 同分 {boundary}，处于{scope}{quota}的边界，按同分排序 {other} 在前"
        "（{by}）",
        "en": "ties at {boundary} with {other} on the boundary of {quota} for {scope}, and "
        "{other} goes first on {by}",
    },
    "quota.why.tie_demote": {
        "zh": "同分 {boundary} 处于{scope}{quota}的边界，按规则同分者全部降级",
        "en": "ties at {boundary} on the boundary of {quota} for {scope}, and every tied "
        "community moves down (ties: demote)",
    },
    "quota.by.stage": {
        "zh": "{stage}精确总分 {theirs:pts} 对 {mine:pts}",
        "en": "the {stage} total, {theirs:pts} against {mine:pts}",
    },
    "quota.by.dimension": {
        "zh": "{dimension} {theirs:pts} 对 {mine:pts}",
        "en": "{dimension}, {theirs:pts} against {mine:pts}",
    },
    "quota.by.id": {
        "zh": "编号 {theirs} 排在 {mine} 之前",
        "en": "the id, {theirs} before {mine}",
    },
    "quota.standing.qualifies": {
        "zh": "符合{level}条件",
        "en": "qualifies for {level}",
    },
    "quota.standing.held": {
        "zh": "依动态管理规则 {rule} 保留{level}",
        "en": "held at {level} by dynamic rule {rule}",
    },
    "quota.out": {
        "zh": "{standing}，但{why}，降为{placed}",
        "en": "{standing}, but {why}; placed at {placed}",
    },
    "quota.moved_down": {
        "zh": "{level}{quota}：{moved:pts} 个社区因名额降级",
        "en": "{level}: {quota}; {moved:plural:community|communities} moved down",
    },
    # --- flags -------------------------------------------------------------------
    "flag.self_inflation": {
        "zh": "自评虚高：{first} {first_total:pts} 比{last} {last_total:pts} 高 {gap:pts} 分"
        "（容差 {tolerance:pts}）",
        "en": "self-inflation: {first} {first_total:pts} exceeds {last} {last_total:pts} by "
        "{gap:pts} (tolerance {tolerance:pts})",
    },
    "flag.stage_gap": {
        "zh": "评分分歧：{dimension}各环节相差 {gap:pts} 分，超过满分的 {share:pct}",
        "en": "stage disagreement: {dimension} differs by {gap:pts} between stages, over "
        "{share:pct} of its maximum",
    },
    "flag.survey_sample": {
        "zh": "问卷样本偏少：{indicator} 有效问卷 {valid} 份（建议不少于 {advised} 份）",
        "en": "small survey sample: {indicator} has {valid:plural:valid answer|valid answers} "
        "(at least {advised} advised)",
    },
    # --- panels of reviewers -----------------------------------------------------
    "flag.panel_spread": {
        "zh": "评审组分歧：{stage}评审人 {reviewer} 评分 {total:pts}，与评审组合成分 "
        "{panel_total:pts} 相差 {gap:pts} 分（容差 {tolerance:pts} 分）",
        "en": "panel spread: {reviewer}'s {stage} total {total:pts} is "
        "{gap:plural:point|points} from the panel's {panel_total:pts} "
        "(tolerance {tolerance:plural:point|points})",
    },
    "panel.head": {
        "zh": "{stage}评审组（{n:pts} 位评审人）：{how}",
        "en": "{stage} panel ({n:plural:reviewer|reviewers}): {how}",
    },
    "panel.mean.total": {
        "zh": "按总分取全部评审的平均",
        "en": "by total, the mean of every review",
    },
    "panel.trimmed.total": {
        "zh": "按总分去掉最高 {drop} 份和最低 {drop} 份，其余取平均",
        "en": "by total, the {drop} highest and the {drop} lowest dropped, the rest averaged",
    },
    "panel.median.total": {
        "zh": "按总分取中位数（两端各去掉 {drop} 份）",
        "en": "by total, the median ({drop} dropped at each end)",
    },
    "panel.mean.indicator": {
        "zh": "逐项指标取全部评审的平均，再求和",
        "en": "by indicator, each indicator's mean over every review, then summed",
    },
    "panel.trimmed.indicator": {
        "zh": "逐项指标去掉最高 {drop} 个和最低 {drop} 个分值，其余取平均，再求和",
        "en": "by indicator, each indicator's {drop} highest and {drop} lowest points "
        "dropped and the rest averaged, then summed",
    },
    "panel.median.indicator": {
        "zh": "逐项指标取中位数，再求和",
        "en": "by indicator, each indicator's median, then summed",
    },
    "panel.kept": {"zh": "计入", "en": "kept"},
    "panel.counted": {"zh": "逐项计入", "en": "counted by indicator"},
    "panel.dropped.high": {"zh": "去掉（高分端）", "en": "dropped (high end)"},
    "panel.dropped.low": {"zh": "去掉（低分端）", "en": "dropped (low end)"},
    "panel.tie": {
        "zh": "与 {others} 同为 {total:pts} 分，评审人编号靠后者先去掉",
        "en": "ties with {others} at {total:pts}: the later reviewer id is dropped first",
    },
    # --- prerequisites -----------------------------------------------------------
    "rule.prerequisite.met": {
        "zh": "前提条件 {indicator}（{text}）已满足",
        "en": "prerequisite {indicator} ({text}) met",
    },
    "rule.prerequisite.not_met": {
        "zh": "前提条件 {indicator}（{text}）未满足：不评{levels}",
        "en": "prerequisite {indicator} ({text}) not met: no {levels}",
    },
    "rule.prerequisite.na": {
        "zh": "前提条件 {indicator}（{text}）不适用，不作要求",
        "en": "prerequisite {indicator} ({text}) is n/a; not required",
    },
}
