-- 품질 검사 기록(정제 후): 사이트·로트·검사 시각당 한 행. 검사자는 키 기반 가명, 연락처는 삭제, 비고의
-- 개인정보(주민·외국인·사업자·법인등록번호, 전화번호, 전자우편, 이름)는 마스킹. 로트의 작업지시와 근무조 결합.
-- columns:
--   site
--   date
--   lot_no
--   inspected_at
--   inspector_name
--   result
--   defect_code
--   note
--   order_no
--   item
--   line
--   asset
--   shift
SELECT site, "date", lot_no, inspected_at, inspector_name, result, defect_code, note, order_no, item, line, asset,
       shift
FROM curated_inspection_records
