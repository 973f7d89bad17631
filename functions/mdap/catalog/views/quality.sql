-- 품질: 사이트·날짜(검사, KST)·라인·품목별 검사 건수, 합격·불합격 건수, 불량률, 로트 수.
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST, 검사일)
--   line string: 라인
--   item string: 품목
--   inspections bigint: 검사 건수
--   passed bigint: 합격 건수
--   failed bigint: 불합격 건수
--   fail_rate double: 불량률(불합격 ÷ 검사)
--   lots bigint: 검사한 로트 수
SELECT site, "date", line, item,
       count(*) AS inspections,
       sum(CASE WHEN result = 'pass' THEN 1 ELSE 0 END) AS passed,
       sum(CASE WHEN result = 'fail' THEN 1 ELSE 0 END) AS failed,
       CAST(sum(CASE WHEN result = 'fail' THEN 1 ELSE 0 END) AS double) / count(*) AS fail_rate,
       count(DISTINCT lot_no) AS lots
FROM curated_inspection_records
GROUP BY site, "date", line, item
