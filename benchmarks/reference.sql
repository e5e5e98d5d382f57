-- Reference scoring of a long-CSV round in DuckDB (benchmark for issue #6).
--
-- Run by `python benchmarks/run.py --reference ROUND`, which first creates, from the
-- round's scheme YAML, these small tables (all points are exact integers in
-- units of 1/P points, stage weights in units of 1/W, so the combined values are
-- integers in units of 1/(P*W) and nothing here is ever a binary float):
--
--   reviews_csv(community, stage, indicator, value)   VIEW over reviews/*.csv (all VARCHAR)
--   params(p_unit, pw_unit, r_unit, places)           P, P*W, 10^places, places
--   ind(indicator, dim, kind, max_u, per_u, items MAP(VARCHAR, BIGINT),
--       bands STRUCT(min DECIMAL, points BIGINT)[]    -- highest min first
--   )
--   stg(stage, ord, w_u)                               stage order and weight (1/W)
--   lvl(lvl, stars, min_total_r)                       levels in scheme order; min_total
--                                                      as ceil(min_total * 10^places)
--   lvl_need(lvl, dim, need_u)                         min_dimension_ratio / min_dimensions:
--                                                      ceil(ratio * dim max * P * W)
--   lvl_req(lvl, indicator, need_u)                    require: ceil(points needed * P)
--
-- Scoring follows DESIGN.md §5: indicator points by kind; dimension = sum; stage
-- values combined with the weights; the combined total rounded once, half-up,
-- exactly; levels from the rounded total, the unrounded combined dimensions and the
-- required indicators' points in the deciding (last present) stage.
-- Result: one row per community: community, total (text, `places` decimals), stars.

-- 1. indicator points (units of 1/P) --------------------------------------------------
CREATE OR REPLACE TEMP TABLE pts AS
SELECT
    r.community,
    r.stage,
    i.dim,
    r.indicator,
    CASE i.kind
        WHEN 'scale' THEN
            CAST(CAST(r.value AS DECIMAL(38, 12)) * (SELECT p_unit FROM params) AS BIGINT)
        WHEN 'check' THEN
            CASE WHEN lower(r.value) IN ('true', 'yes', 'y', '1', '是', '有', '√', '✓')
                 THEN i.max_u ELSE 0 END
        WHEN 'checklist' THEN
            least(i.max_u, list_sum(list_transform(
                string_split(replace(replace(r.value, '；', ';'), ',', ';'), ';'),
                lambda x: coalesce(i.items[trim(x)], 0))))
        WHEN 'deduct' THEN
            greatest(0, i.max_u - i.per_u * CAST(CAST(r.value AS DECIMAL(38, 0)) AS BIGINT))
        WHEN 'bands' THEN
            coalesce(list_filter(i.bands, lambda b: CAST(r.value AS DECIMAL(38, 12)) >= b.min)[1].points, 0)
    END AS p
FROM reviews_csv AS r
JOIN ind AS i USING (indicator);

-- 2. dimension points per stage, combined over stages (units of 1/(P*W)) -------------
CREATE OR REPLACE TEMP TABLE stage_dim AS
SELECT community, stage, dim, sum(p) AS p
FROM pts
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE comb_dim AS
SELECT sd.community, sd.dim, sum(sd.p * s.w_u) AS d
FROM stage_dim AS sd
JOIN stg AS s USING (stage)
GROUP BY ALL;

-- 3. total, rounded half-up once: floor((2*T*R + PW) / (2*PW)) for T >= 0 ----------------
CREATE OR REPLACE TEMP TABLE tot AS
SELECT
    c.community,
    sum(c.d) AS t,
    (2 * sum(c.d) * any_value(pr.r_unit) + any_value(pr.pw_unit))
        // (2 * any_value(pr.pw_unit)) AS total_r
FROM comb_dim AS c, params AS pr
GROUP BY c.community;

-- 4. deciding stage: the last stage present ------------------------------------------
CREATE OR REPLACE TEMP TABLE deciding AS
SELECT sd.community, arg_max(sd.stage, s.ord) AS stage
FROM (SELECT DISTINCT community, stage FROM stage_dim) AS sd
JOIN stg AS s USING (stage)
GROUP BY sd.community;

-- 5. level rules ------------------------------------------------------------------------
CREATE OR REPLACE TEMP TABLE dim_fail AS
SELECT n.lvl, c.community, count(*) FILTER (WHERE c.d < n.need_u) AS fails
FROM lvl_need AS n
JOIN comb_dim AS c USING (dim)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE req_fail AS
SELECT q.lvl, d.community, count(*) FILTER (WHERE coalesce(p.p, 0) < q.need_u) AS fails
FROM lvl_req AS q
CROSS JOIN deciding AS d
LEFT JOIN pts AS p
    ON p.community = d.community AND p.stage = d.stage AND p.indicator = q.indicator
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE result AS
SELECT
    t.community,
    t.total_r,
    coalesce(
        min_by(l.stars, l.lvl) FILTER (
            WHERE t.total_r >= l.min_total_r
              AND coalesce(df.fails, 0) = 0
              AND coalesce(rf.fails, 0) = 0),
        0) AS stars
FROM tot AS t
CROSS JOIN lvl AS l
LEFT JOIN dim_fail AS df ON df.lvl = l.lvl AND df.community = t.community
LEFT JOIN req_fail AS rf ON rf.lvl = l.lvl AND rf.community = t.community
GROUP BY t.community, t.total_r;

-- 6. the answer ------------------------------------------------------------------------
SELECT
    r.community,
    CASE WHEN pr.places = 0 THEN CAST(r.total_r AS VARCHAR)
         ELSE CAST(r.total_r // pr.r_unit AS VARCHAR) || '.'
              || lpad(CAST(r.total_r % pr.r_unit AS VARCHAR), CAST(pr.places AS INTEGER), '0')
    END AS total,
    r.stars
FROM result AS r, params AS pr
ORDER BY r.community;
