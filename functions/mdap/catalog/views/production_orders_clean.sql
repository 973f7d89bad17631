-- 생산 오더(정제 후): 사이트·작업지시당 한 행(나중 내보내기가 앞의 것을 대체). 작업자는 키 기반 가명,
-- 설비 종류와 이상 사이클 타임(설비 마스터), 로트의 검사·불합격 건수와 결합.
-- columns:
--   site
--   date
--   order_no
--   item
--   planned_qty
--   actual_qty
--   start
--   end
--   line
--   asset
--   lot_no
--   operator_name
--   asset_kind
--   ideal_cycle_s
--   inspected
--   failed
SELECT site, "date", order_no, item, planned_qty, actual_qty, start, "end", line, asset, lot_no, operator_name,
       asset_kind, ideal_cycle_s, inspected, failed
FROM curated_production_orders
