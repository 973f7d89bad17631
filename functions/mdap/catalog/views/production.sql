-- 생산 실적: 사이트·날짜(작업 시작, KST)·라인·설비·품목별 작업지시 수, 계획·실적 수량, 달성률, 가동 시간,
-- 성능(이상 사이클 타임 × 실적 ÷ 가동 시간), 검사·불합격 건수와 양품률.
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST, 작업 시작일)
--   line string: 라인
--   asset string: 설비
--   item string: 품목
--   orders bigint: 작업지시 수
--   planned_qty bigint: 계획 수량 합
--   actual_qty bigint: 실적 수량 합
--   achievement double: 달성률(실적 ÷ 계획)
--   run_seconds bigint: 가동 시간(작업 시작부터 종료까지, 초)
--   performance double: 성능 효율(이상 사이클 타임 × 실적 ÷ 가동 시간)
--   inspected bigint: 검사 건수
--   failed bigint: 불합격 건수
--   good_rate double: 양품률(1 - 불합격 ÷ 검사)
SELECT site, "date", line, asset, item,
       count(*) AS orders,
       sum(planned_qty) AS planned_qty,
       sum(actual_qty) AS actual_qty,
       CAST(sum(actual_qty) AS double) / nullif(sum(planned_qty), 0) AS achievement,
       sum(date_diff('second', start, "end")) AS run_seconds,
       sum(ideal_cycle_s * actual_qty) / nullif(sum(date_diff('second', start, "end")), 0) AS performance,
       sum(inspected) AS inspected,
       sum(failed) AS failed,
       1 - CAST(sum(failed) AS double) / nullif(sum(inspected), 0) AS good_rate
FROM curated_production_orders
GROUP BY site, "date", line, asset, item
