-- Reference scoring of a long-CSV round in DuckDB (benchmark for issue #6).
--
-- Run by `python benchmarks/run.py --reference ROUND`, which first creates, from the
-- round's scheme YAML, round.yaml and appeals.yaml, these tables and views. Points are
-- exact integers in units of 1/P points, stage weights in units of 1/W, survey answer
-- weights in units of 1/A, so nothing here is ever a binary float:
--
--   reviews_csv(community, stage, indicator, value)  VIEW over reviews/*.csv (VARCHAR, trimmed);
--                                                    indicator `bonus` / `veto` rows included
--   register(community)                              VIEW over the register CSV
--   survey_csv(community, answer)                    VIEW over surveys/*.csv (empty without surveys)
--   appeals(community, stage, indicator, value)      corrected entries, as long-CSV text
--   params(p_unit, w_unit, a_unit, r_unit, places, bonus_cap_u)
--   ind(indicator, dim, kind, max_u, per_u, items MAP(VARCHAR, BIGINT),
--       bands STRUCT(min DECIMAL, points BIGINT)[],  -- highest min first
--       allow_na)                                    entry indicators
--   sv(indicator, dim, max_u, min_responses)         survey indicators (points = max x rate)
--   sv_ans(indicator, answer, w_u)                   answer scale, answers lower-cased
--   dims(dim, max_u, sv_max_u)                       dimension max; max of its survey indicators
--   stg(stage, ord, w_u)                             stage order and weight (1/W)
--   lvl(lvl, stars, min_total_r)                     levels in scheme order; min_total
--                                                    as ceil(min_total * 10^places)
--   lvl_need(lvl, dim, r_num, r_den)                 min_dimension_ratio / min_dimensions floor
--                                                    as the fraction r_num / r_den of the max
--   lvl_req(lvl, indicator, need_u)                  require: ceil(points needed * P)
--   vetoes(veto)                                     the scheme's veto ids
--   quota(lvl, max_count, share_num, share_den)      quotas (ties at the boundary share)
--
-- Scoring follows DESIGN.md §4-§5 and docs/format.md:
--   * appeals replace their entry before anything is scored;
--   * indicator points by kind; `n/a` (n/a, na, 不适用, 无此项) scores nothing and takes the
--     indicator's max out of the dimension's applicable max; a dimension is
--     points x max / applicable max (rescaled to its full max; exact rationals);
--   * a survey indicator scores max x (sum of answer weights / valid answers), blank and
--     unknown answers not counted; the same points enter every stage's review;
--   * review total = dimensions + min(bonus cap, sum of the review's bonus points);
--   * stage values combined with the weights; the combined total rounded once, half-up;
--   * levels from the rounded total, the unrounded combined dimensions and the required
--     indicators' points in the deciding (last present) stage (an n/a one does not apply);
--   * any veto in any review: no level; then quotas from the top level down: the top
--     `limit` by total keep the level, everyone tied with the last of them too, the rest
--     drop to the next level whose rules they meet.
--
-- Exact rationals with one denominator per community: every dimension value of every
-- review is an integer in units of 1/(P * S * L), where S = lcm over survey indicators
-- of A * valid answers, and L = lcm of the applicable maxima (in units of 1/P) of the
-- community's dimensions; combined values are in units of 1/(P * W * S * L) (HUGEINT).
--
-- Result: one row per community: community, total (text, `places` decimals), stars,
-- then the rounded stage totals (`stage:<id>`) and combined dimensions (`dim:<id>`)
-- as one text each: `id=value;id=value`.

-- 0. entries after appeals; bonus and veto rows ----------------------------------------
CREATE OR REPLACE TEMP TABLE entries AS
SELECT r.community, r.stage, r.indicator, coalesce(a.value, r.value) AS value, r.value AS before
FROM reviews_csv AS r
LEFT JOIN appeals AS a USING (community, stage, indicator)
WHERE r.indicator NOT IN ('bonus', 'veto');

CREATE OR REPLACE TEMP TABLE bonus_rows AS
SELECT community, stage,
       TRY_CAST(value AS DECIMAL(38, 12)) * (SELECT p_unit FROM params) AS b
FROM reviews_csv
WHERE indicator = 'bonus';

CREATE OR REPLACE TEMP TABLE veto_rows AS
SELECT community, stage, value AS veto
FROM reviews_csv
WHERE indicator = 'veto';

-- a review's bonus points, capped (units of 1/P)
CREATE OR REPLACE TEMP TABLE bonus_rev AS
SELECT b.community, b.stage, least(any_value(pr.bonus_cap_u), sum(b.b)) AS b
FROM bonus_rows AS b, params AS pr
GROUP BY b.community, b.stage;

CREATE OR REPLACE TEMP TABLE rev AS
SELECT DISTINCT community, stage FROM reviews_csv;

-- 1. indicator points (units of 1/P); n/a scores nothing --------------------------------
CREATE OR REPLACE TEMP TABLE pts AS
SELECT
    e.community,
    e.stage,
    i.dim,
    e.indicator,
    i.allow_na,
    lower(e.value) IN ('n/a', 'na', '不适用', '无此项') AS na,
    CASE
        WHEN na THEN 0
        WHEN i.kind = 'scale' THEN
            TRY_CAST(TRY_CAST(e.value AS DECIMAL(38, 12)) * (SELECT p_unit FROM params) AS BIGINT)
        WHEN i.kind = 'check' THEN
            CASE WHEN lower(e.value) IN ('true', 'yes', 'y', '1', '是', '有', '√', '✓')
                 THEN i.max_u
                 WHEN lower(e.value) IN ('false', 'no', 'n', '0', '否', '无', '×', '✗')
                 THEN 0 END
        WHEN i.kind = 'checklist' THEN
            least(i.max_u, list_sum(list_transform(
                string_split(replace(replace(e.value, '；', ';'), ',', ';'), ';'),
                lambda x: coalesce(i.items[trim(x)], 0))))
        WHEN i.kind = 'deduct' THEN
            greatest(0, i.max_u - i.per_u * TRY_CAST(TRY_CAST(e.value AS DECIMAL(38, 0)) AS BIGINT))
        WHEN i.kind = 'bands' THEN
            coalesce(list_filter(
                i.bands, lambda b: TRY_CAST(e.value AS DECIMAL(38, 12)) >= b.min)[1].points, 0)
    END AS p,
    i.max_u
FROM entries AS e
JOIN ind AS i USING (indicator);

-- 2. surveys: valid answers and the sum of their weights (units of 1/A) ----------------
CREATE OR REPLACE TEMP TABLE sv_tally AS
SELECT s.community, v.indicator, v.dim, v.max_u, v.min_responses,
       count(a.w_u) AS valid,
       count(*) - count(a.w_u) AS invalid,
       coalesce(sum(a.w_u), 0) AS ws_u
FROM survey_csv AS s
CROSS JOIN sv AS v
LEFT JOIN sv_ans AS a ON a.indicator = v.indicator AND a.answer = lower(s.answer)
GROUP BY ALL;

-- S: one survey denominator per community (1 without survey indicators)
CREATE OR REPLACE TEMP TABLE sv_den AS
SELECT g.community,
       list_reduce(
           coalesce(list(CAST((SELECT a_unit FROM params) AS HUGEINT) * t.valid)
               FILTER (WHERE t.valid > 0), []),
           lambda x, y: lcm(x, y), CAST(1 AS HUGEINT)) AS s_den
FROM register AS g
LEFT JOIN sv_tally AS t USING (community)
GROUP BY g.community;

-- survey points per community and dimension, in units of 1/(P*S)
CREATE OR REPLACE TEMP TABLE sv_dim AS
SELECT t.community, t.dim,
       sum(CAST(t.max_u AS HUGEINT) * t.ws_u * (d.s_den // ((SELECT a_unit FROM params) * t.valid)))
           AS sv_u
FROM sv_tally AS t
JOIN sv_den AS d USING (community)
WHERE t.valid > 0
GROUP BY ALL;

-- 3. per review and dimension: points and max of what applies ----------------------------
CREATE OR REPLACE TEMP TABLE stage_dim AS
SELECT r.community, r.stage, d.dim, any_value(d.max_u) AS max_u,
       coalesce(sum(p.p) FILTER (WHERE NOT p.na), 0) AS got_u,
       any_value(d.sv_max_u) + coalesce(sum(p.max_u) FILTER (WHERE NOT p.na), 0) AS appl_u
FROM rev AS r
CROSS JOIN dims AS d
LEFT JOIN pts AS p ON p.community = r.community AND p.stage = r.stage AND p.dim = d.dim
GROUP BY r.community, r.stage, d.dim;

-- L: lcm of the applicable maxima of the community's reviews and dimensions
CREATE OR REPLACE TEMP TABLE l_den AS
SELECT community,
       list_reduce(
           coalesce(list(DISTINCT CAST(appl_u AS HUGEINT)) FILTER (WHERE appl_u > 0), []),
           lambda x, y: lcm(x, y), CAST(1 AS HUGEINT)) AS l_den
FROM stage_dim
GROUP BY community;

-- each review's dimensions, rescaled, in units of 1/(P*S*L)
CREATE OR REPLACE TEMP TABLE stage_val AS
SELECT sd.community, sd.stage, sd.dim, sd.max_u,
       CASE WHEN sd.appl_u = 0 THEN CAST(0 AS HUGEINT)
            ELSE (sd.got_u * s.s_den + coalesce(v.sv_u, 0))
                 * sd.max_u * (l.l_den // sd.appl_u)
       END AS v,
       s.s_den, l.l_den
FROM stage_dim AS sd
JOIN sv_den AS s USING (community)
JOIN l_den AS l USING (community)
LEFT JOIN sv_dim AS v ON v.community = sd.community AND v.dim = sd.dim;

-- each review's total: dimensions + capped bonus, in units of 1/(P*S*L)
CREATE OR REPLACE TEMP TABLE stage_tot AS
SELECT sv.community, sv.stage, any_value(sv.s_den) AS s_den, any_value(sv.l_den) AS l_den,
       sum(sv.v) + CAST(coalesce(any_value(b.b), 0) AS HUGEINT)
           * any_value(sv.s_den) * any_value(sv.l_den) AS t
FROM stage_val AS sv
LEFT JOIN bonus_rev AS b ON b.community = sv.community AND b.stage = sv.stage
GROUP BY sv.community, sv.stage;

-- 4. combined over stages, in units of 1/(P*W*S*L) ----------------------------------------
CREATE OR REPLACE TEMP TABLE comb_dim AS
SELECT v.community, v.dim, any_value(v.max_u) AS max_u, sum(v.v * s.w_u) AS d
FROM stage_val AS v
JOIN stg AS s USING (stage)
GROUP BY v.community, v.dim;

CREATE OR REPLACE TEMP TABLE tot AS
SELECT t.community,
       sum(t.t * s.w_u) AS t,
       CAST(any_value(pr.p_unit) AS HUGEINT) * any_value(pr.w_unit)
           * any_value(t.s_den) * any_value(t.l_den) AS den
FROM stage_tot AS t
JOIN stg AS s USING (stage), params AS pr
GROUP BY t.community;

-- rounded half-up once: floor((2*T*R + D) / (2*D)) for T >= 0
CREATE OR REPLACE TEMP TABLE tot_r AS
SELECT t.community, t.den, (2 * t.t * pr.r_unit + t.den) // (2 * t.den) AS total_r
FROM tot AS t, params AS pr;

-- 5. deciding stage: the last stage present ------------------------------------------------
CREATE OR REPLACE TEMP TABLE deciding AS
SELECT r.community, arg_max(r.stage, s.ord) AS stage
FROM rev AS r
JOIN stg AS s USING (stage)
GROUP BY r.community;

-- 6. level rules ----------------------------------------------------------------------------
-- floor: d / den >= r_num / r_den * max_u / P, i.e. d * r_den >= r_num * max_u * W * S * L
CREATE OR REPLACE TEMP TABLE dim_fail AS
SELECT n.lvl, c.community,
       count(*) FILTER (
           WHERE c.d * n.r_den
                 < n.r_num * c.max_u * (t.den // (SELECT p_unit FROM params))) AS fails
FROM lvl_need AS n
JOIN comb_dim AS c USING (dim)
JOIN tot AS t USING (community)
GROUP BY ALL;

-- require: the indicator's own points in the deciding stage; n/a there: does not apply
CREATE OR REPLACE TEMP TABLE req_fail AS
SELECT q.lvl, d.community,
       count(*) FILTER (WHERE NOT coalesce(p.na, false) AND coalesce(p.p, 0) < q.need_u) AS fails
FROM lvl_req AS q
CROSS JOIN deciding AS d
LEFT JOIN pts AS p
    ON p.community = d.community AND p.stage = d.stage AND p.indicator = q.indicator
GROUP BY ALL;

-- every level a community's rules reach (none for a vetoed community)
CREATE OR REPLACE TEMP TABLE passes AS
SELECT t.community, l.lvl
FROM tot_r AS t
CROSS JOIN lvl AS l
LEFT JOIN dim_fail AS df ON df.lvl = l.lvl AND df.community = t.community
LEFT JOIN req_fail AS rf ON rf.lvl = l.lvl AND rf.community = t.community
WHERE t.total_r >= l.min_total_r
  AND coalesce(df.fails, 0) = 0
  AND coalesce(rf.fails, 0) = 0
  AND t.community NOT IN (SELECT community FROM veto_rows);

CREATE OR REPLACE TEMP TABLE standing AS
SELECT t.community, t.total_r, (SELECT min(p.lvl) FROM passes AS p WHERE p.community = t.community) AS lvl
FROM tot_r AS t;

-- @quota: run once per quota, highest level first, with q_now(lvl, lim) holding it ------
CREATE OR REPLACE TEMP TABLE q_holders AS
SELECT s.community, s.total_r, row_number() OVER (ORDER BY s.total_r DESC) AS rn
FROM standing AS s, q_now AS q
WHERE s.lvl = q.lvl;

CREATE OR REPLACE TEMP TABLE q_boundary AS
SELECT count(*) AS holders, max(total_r) FILTER (WHERE rn = (SELECT lim FROM q_now)) AS b
FROM q_holders;

CREATE OR REPLACE TEMP TABLE standing_next AS
SELECT s.community, s.total_r,
       CASE WHEN s.lvl IS DISTINCT FROM q.lvl THEN s.lvl
            WHEN qb.holders <= q.lim THEN s.lvl
            WHEN qb.b IS NOT NULL AND s.total_r >= qb.b THEN s.lvl   -- ties at the boundary stay
            ELSE (SELECT min(p.lvl) FROM passes AS p
                  WHERE p.community = s.community AND p.lvl > q.lvl)
       END AS lvl
FROM standing AS s, q_now AS q, q_boundary AS qb;

DROP TABLE standing;
ALTER TABLE standing_next RENAME TO standing;

-- @answer ------------------------------------------------------------------------------------
CREATE OR REPLACE TEMP MACRO fmt_r(x) AS
    CASE WHEN (SELECT places FROM params) = 0 THEN CAST(x AS VARCHAR)
         ELSE CAST(x // (SELECT r_unit FROM params) AS VARCHAR) || '.'
              || lpad(CAST(x % (SELECT r_unit FROM params) AS VARCHAR),
                      CAST((SELECT places FROM params) AS INTEGER), '0')
    END;

CREATE OR REPLACE TEMP TABLE stage_text AS
SELECT st.community,
       string_agg(st.stage || '=' || fmt_r(
           (2 * st.t * pr.r_unit + st.d1) // (2 * st.d1)), ';' ORDER BY s.ord) AS stages
FROM (SELECT *, CAST((SELECT p_unit FROM params) AS HUGEINT) * s_den * l_den AS d1
      FROM stage_tot) AS st
JOIN stg AS s USING (stage), params AS pr
GROUP BY st.community;

CREATE OR REPLACE TEMP TABLE dim_text AS
SELECT c.community,
       string_agg(c.dim || '=' || fmt_r((2 * c.d * pr.r_unit + t.den) // (2 * t.den)), ';'
                  ORDER BY c.dim) AS dims
FROM comb_dim AS c
JOIN tot AS t USING (community), params AS pr
GROUP BY c.community;

SELECT s.community,
       fmt_r(s.total_r) AS total,
       coalesce(l.stars, 0) AS stars,
       st.stages,
       dt.dims
FROM standing AS s
LEFT JOIN lvl AS l ON l.lvl = s.lvl
JOIN stage_text AS st USING (community)
JOIN dim_text AS dt USING (community)
ORDER BY s.community;
