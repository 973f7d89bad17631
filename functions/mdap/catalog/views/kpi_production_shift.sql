-- 근무조별 생산: 사이트·날짜(근무 구간 시작, KST)·라인·근무조별 작업지시 수, 계획·실적 수량, 달성률(실적 ÷
-- 계획). 작업지시는 시작 시각이 든 근무 구간(라인 자신의 일정, 없으면 사이트의 일정)의 근무조에 속합니다. 어느
-- 근무 구간에도 들지 않으면 근무조는 비어 있고 날짜는 작업지시의 날짜(작업 시작, KST)입니다.
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST, 근무 구간 시작일)
--   line string: 라인
--   shift string: 근무조
--   orders bigint: 작업지시 수
--   planned_qty bigint: 계획 수량 합
--   actual_qty bigint: 실적 수량 합
--   achievement double: 달성률(실적 ÷ 계획)
WITH own AS (
    SELECT DISTINCT site, line FROM curated_shifts WHERE kind = 'work' AND line IS NOT NULL
),
orders AS (
    SELECT o.site, o."date", o.line, o.start, o.planned_qty, o.actual_qty,
           CASE WHEN c.line IS NULL THEN 0 ELSE 1 END AS own_calendar
    FROM curated_production_orders o
    LEFT JOIN own c ON c.site = o.site AND c.line = o.line
),
placed AS (
    SELECT o.site, coalesce(CAST(CAST(s.start + INTERVAL '9' HOUR AS date) AS varchar), o."date") AS "date",
           o.line, s.shift, o.planned_qty, o.actual_qty
    FROM orders o
    LEFT JOIN curated_shifts s ON s.site = o.site AND s.kind = 'work' AND s.start <= o.start AND o.start < s."end"
        AND ((o.own_calendar = 1 AND s.line = o.line) OR (o.own_calendar = 0 AND s.line IS NULL))
)
SELECT site, "date", line, shift,
       count(*) AS orders,
       sum(planned_qty) AS planned_qty,
       sum(actual_qty) AS actual_qty,
       CAST(sum(actual_qty) AS double) / nullif(sum(planned_qty), 0) AS achievement
FROM placed
GROUP BY site, "date", line, shift
