-- 불량률: 사이트·날짜(검사, KST)·라인·품목별 검사 건수, 불합격 건수와 불량률(불합격 ÷ 검사).
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST, 검사일)
--   line string: 라인
--   item string: 품목
--   inspections bigint: 검사 건수
--   failed bigint: 불합격 건수
--   defect_rate double: 불량률(불합격 ÷ 검사)
SELECT site, "date", line, item,
       count(*) AS inspections,
       sum(CASE WHEN result = 'fail' THEN 1 ELSE 0 END) AS failed,
       CAST(sum(CASE WHEN result = 'fail' THEN 1 ELSE 0 END) AS double) / count(*) AS defect_rate
FROM curated_inspection_records
GROUP BY site, "date", line, item
