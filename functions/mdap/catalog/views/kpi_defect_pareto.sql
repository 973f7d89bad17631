-- 불량 파레토의 재료: 사이트·날짜(검사, KST)·라인·불량 코드별 불합격 건수. 코드 없이 불합격한 검사는 불량 코드가
-- 비어 있습니다. 정렬과 누적 비율은 조회하는 쪽(대시보드)이 고른 기간에 대해 계산합니다.
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST, 검사일)
--   line string: 라인
--   defect_code string: 불량 코드
--   defects bigint: 불합격 건수
SELECT site, "date", line, defect_code,
       count(*) AS defects
FROM curated_inspection_records
WHERE result = 'fail'
GROUP BY site, "date", line, defect_code
