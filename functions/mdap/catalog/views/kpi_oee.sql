-- OEE(ISO 22400-2): 사이트·날짜(근무 구간 시작, KST)·라인·근무조별 설비종합효율과 그 구성 요소. 시간은 라인의
-- 작업 단위(설비 마스터의 설비)마다 재어 합칩니다. 근무 구간은 라인 자신의 근무 일정, 없으면 사이트의 일정이며,
-- 시작된 부분만(지금까지) 셉니다. PBT(계획 가동 시간) = 근무 구간 − 계획 정지(휴식·정비). APT(실제 생산 시간)
-- = 작업지시의 시작~종료 중 PBT 안의 시간 − 계획 정지가 아닌데 알람(alarm 태그 > 0)이 켜진 분. PQ(생산 수량)
-- = 작업지시 실적을 근무조별 APT 비율로 나눈 값. PRI(품목당 계획 가동 시간) = 이상 사이클 타임(설비 마스터).
-- GQ(양품 수량) = PQ × (1 − 로트의 불합격 ÷ 검사), 검사 없는 로트는 모두 양품. SQ(불량 수량) = PQ − GQ.
-- 가용률(availability) = APT ÷ PBT. 효율(effectiveness) = PRI × PQ ÷ APT. 품질률(quality_rate) = GQ ÷ PQ.
-- OEE = 가용률 × 효율 × 품질률. 분모가 0이면 값이 없습니다(NULL).
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST, 근무 구간 시작일)
--   line string: 라인
--   shift string: 근무조
--   planned_busy_seconds bigint: 계획 가동 시간 PBT(근무 − 계획 정지, 설비 합, 초)
--   actual_production_seconds bigint: 실제 생산 시간 APT(PBT 안의 작업 시간 − 비계획 정지, 설비 합, 초)
--   planned_unit_seconds double: 계획 단위 시간(이상 사이클 타임 × 생산 수량, 초)
--   produced_qty double: 생산 수량 PQ(작업지시 실적의 근무조 몫)
--   good_qty double: 양품 수량 GQ
--   scrap_qty double: 불량 수량 SQ(PQ − GQ)
--   availability double: 가용률(APT ÷ PBT)
--   effectiveness double: 효율(이상 사이클 타임 × PQ ÷ APT)
--   quality_rate double: 품질률(GQ ÷ PQ)
--   oee double: 설비종합효율(가용률 × 효율 × 품질률)
WITH own AS (
    SELECT DISTINCT site, line FROM curated_shifts WHERE kind = 'work' AND line IS NOT NULL
),
units AS (
    SELECT a.site, a.line, a.asset, CASE WHEN o.line IS NULL THEN 0 ELSE 1 END AS own_calendar
    FROM (SELECT DISTINCT site, line, asset FROM curated_assets WHERE line IS NOT NULL) a
    LEFT JOIN own o ON o.site = a.site AND o.line = a.line
),
work AS (
    SELECT u.site, u.line, u.asset, s.shift, s.start,
           least(s."end", CAST(current_timestamp AT TIME ZONE 'UTC' AS timestamp)) AS "end",
           CAST(CAST(s.start + INTERVAL '9' HOUR AS date) AS varchar) AS "date"
    FROM units u
    JOIN curated_shifts s ON s.site = u.site AND s.kind = 'work'
        AND ((u.own_calendar = 1 AND s.line = u.line) OR (u.own_calendar = 0 AND s.line IS NULL))
    WHERE s.start < CAST(current_timestamp AT TIME ZONE 'UTC' AS timestamp)
),
stops AS (
    SELECT w.site, w.asset, w.start AS segment_start,
           greatest(s.start, w.start) AS start, least(s."end", w."end") AS "end"
    FROM work w
    JOIN curated_shifts s ON s.site = w.site AND s.kind IN ('break', 'maintenance')
        AND (s.line IS NULL OR s.line = w.line) AND s.start < w."end" AND s."end" > w.start
),
busy AS (
    SELECT w.site, w."date", w.line, w.shift,
           date_diff('second', w.start, w."end") - coalesce(sum(date_diff('second', p.start, p."end")), 0) AS seconds
    FROM work w
    LEFT JOIN stops p ON p.site = w.site AND p.asset = w.asset AND p.segment_start = w.start
    GROUP BY w.site, w."date", w.line, w.shift, w.asset, w.start, w."end"
),
runs AS (
    SELECT w.site, w."date", w.line, w.shift, w.asset, w.start AS segment_start, o.order_no, o.actual_qty,
           o.ideal_cycle_s, o.inspected, o.failed,
           greatest(o.start, w.start) AS start, least(o."end", w."end") AS "end"
    FROM work w
    JOIN curated_production_orders o ON o.site = w.site AND o.asset = w.asset
        AND o.start < w."end" AND o."end" > w.start
),
run_stops AS (
    SELECT r.site, r.asset, r.order_no, r.segment_start,
           sum(date_diff('second', greatest(p.start, r.start), least(p."end", r."end"))) AS seconds
    FROM runs r
    JOIN stops p ON p.site = r.site AND p.asset = r.asset AND p.segment_start = r.segment_start
        AND p.start < r."end" AND p."end" > r.start
    GROUP BY r.site, r.asset, r.order_no, r.segment_start
),
alarm_minutes AS (
    SELECT site, asset, date_trunc('minute', ts) AS minute
    FROM curated_sensor_readings
    GROUP BY site, asset, date_trunc('minute', ts)
    HAVING max(CASE WHEN tag = 'alarm' AND value > 0 THEN 1 ELSE 0 END) = 1
       AND max(CASE WHEN planned_stop IS NOT NULL THEN 1 ELSE 0 END) = 0
),
run_alarms AS (
    SELECT r.site, r.asset, r.order_no, r.segment_start, 60 * count(*) AS seconds
    FROM runs r
    JOIN alarm_minutes m ON m.site = r.site AND m.asset = r.asset AND m.minute >= r.start AND m.minute < r."end"
    GROUP BY r.site, r.asset, r.order_no, r.segment_start
),
timed AS (
    SELECT r.site, r."date", r.line, r.shift, r.order_no, r.actual_qty, r.ideal_cycle_s, r.inspected, r.failed,
           greatest(date_diff('second', r.start, r."end") - coalesce(s.seconds, 0) - coalesce(a.seconds, 0), 0)
               AS seconds
    FROM runs r
    LEFT JOIN run_stops s ON s.site = r.site AND s.asset = r.asset AND s.order_no = r.order_no
        AND s.segment_start = r.segment_start
    LEFT JOIN run_alarms a ON a.site = r.site AND a.asset = r.asset AND a.order_no = r.order_no
        AND a.segment_start = r.segment_start
),
shares AS (
    SELECT site, "date", line, shift, seconds, ideal_cycle_s, inspected, failed,
           coalesce(CAST(actual_qty AS double) * seconds
                    / nullif(sum(seconds) OVER (PARTITION BY site, order_no), 0), 0) AS produced
    FROM timed
),
made AS (
    SELECT site, "date", line, shift,
           sum(seconds) AS seconds,
           coalesce(sum(ideal_cycle_s * produced), 0) AS unit_seconds,
           sum(produced) AS produced,
           sum(produced * (1 - coalesce(CAST(failed AS double) / nullif(inspected, 0), 0))) AS good
    FROM shares
    GROUP BY site, "date", line, shift
),
planned AS (
    SELECT site, "date", line, shift, sum(seconds) AS seconds
    FROM busy
    GROUP BY site, "date", line, shift
),
kpi AS (
    SELECT p.site, p."date", p.line, p.shift, p.seconds AS pbt, coalesce(m.seconds, 0) AS apt,
           coalesce(m.unit_seconds, 0) AS put, coalesce(m.produced, 0) AS pq, coalesce(m.good, 0) AS gq
    FROM planned p
    LEFT JOIN made m ON m.site = p.site AND m."date" = p."date" AND m.line = p.line AND m.shift = p.shift
)
SELECT site, "date", line, shift,
       pbt AS planned_busy_seconds,
       apt AS actual_production_seconds,
       put AS planned_unit_seconds,
       pq AS produced_qty,
       gq AS good_qty,
       pq - gq AS scrap_qty,
       CAST(apt AS double) / nullif(pbt, 0) AS availability,
       put / nullif(apt, 0) AS effectiveness,
       gq / nullif(pq, 0) AS quality_rate,
       (CAST(apt AS double) / nullif(pbt, 0)) * (put / nullif(apt, 0)) * (gq / nullif(pq, 0)) AS oee
FROM kpi
