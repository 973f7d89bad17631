-- 데이터 품질 점수표: 데이터셋·사이트·날짜(KST)별로 태그를 합친 완전성, 유효성, 적시성, 중복 (data_quality 뷰).
-- {since}: 첫 날짜(YYYY-MM-DD), {sites}: 사이트 조건 (검증된 값만 채웁니다).
SELECT dataset, site, "date",
       sum("rows") AS "rows",
       sum(quarantined) AS quarantined,
       sum(duplicates) AS duplicates,
       sum(completeness * "rows") / nullif(sum(CASE WHEN completeness IS NOT NULL THEN "rows" END), 0) AS completeness,
       CAST(sum("rows") AS double) / nullif(sum("rows") + sum(quarantined), 0) AS validity,
       sum(timeliness * "rows") / nullif(sum(CASE WHEN timeliness IS NOT NULL THEN "rows" END), 0) AS timeliness,
       max(last_measured_at) AS measured_at
FROM data_quality
WHERE "date" >= '{since}'{sites}
GROUP BY dataset, site, "date"
ORDER BY "date" DESC, dataset, site
