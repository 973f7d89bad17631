-- 데이터 품질: 데이터셋·사이트·날짜(KST)·태그별 정제된 행, 격리된 행, 중복, 완전성(채워진 칸의 비율),
-- 유효성(정제 ÷ (정제 + 격리)), 적시성(지연되지 않은 행의 비율), 측정한 실행 수. 실행마다의 측정값을 합칩니다.
-- columns:
--   dataset string: 데이터셋
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST)
--   tag string: 태그(센서 측정값만; 다른 데이터셋은 비어 있음)
--   rows bigint: 정제된 행
--   quarantined bigint: 격리된 행
--   duplicates bigint: 중복으로 제외된 행
--   completeness double: 완전성(채워진 칸의 비율, 행 가중 평균)
--   validity double: 유효성(정제 ÷ (정제 + 격리))
--   timeliness double: 적시성(지연되지 않은 행의 비율, 행 가중 평균)
--   runs bigint: 측정한 실행 수
--   last_measured_at timestamp: 마지막 측정 시각(UTC)
SELECT dataset, site, "date", tag,
       sum("rows") AS "rows",
       sum(quarantined) AS quarantined,
       sum(duplicates) AS duplicates,
       sum(completeness * "rows") / nullif(sum(CASE WHEN completeness IS NOT NULL THEN "rows" END), 0) AS completeness,
       CAST(sum("rows") AS double) / nullif(sum("rows") + sum(quarantined), 0) AS validity,
       sum(timeliness * "rows") / nullif(sum(CASE WHEN timeliness IS NOT NULL THEN "rows" END), 0) AS timeliness,
       count(*) AS runs,
       max(measured_at) AS last_measured_at
FROM data_quality_metrics
GROUP BY dataset, site, "date", tag
