-- 수집 상태: 사이트·날짜(KST)·설비·태그별 측정값 수, 처음·마지막 측정 시각, 측정값이 있는 분, 공백(기준보다
-- 긴 침묵) 횟수와 가장 긴 공백, 고착·지연·품질 불량 측정값 수.
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST)
--   asset string: 설비
--   tag string: 태그
--   readings bigint: 측정값 수
--   first_reading timestamp: 처음 측정 시각(UTC)
--   last_reading timestamp: 마지막 측정 시각(UTC)
--   minutes_with_data bigint: 측정값이 있는 분
--   gaps bigint: 공백(기준보다 긴 침묵) 횟수
--   longest_gap_s double: 가장 긴 공백(초)
--   stuck_readings bigint: 고착 측정값 수
--   late_readings bigint: 지연 도착 측정값 수
--   not_good_readings bigint: 품질이 good이 아닌 측정값 수
SELECT site, "date", asset, tag,
       count(*) AS readings,
       min(ts) AS first_reading,
       max(ts) AS last_reading,
       count(DISTINCT date_trunc('minute', ts)) AS minutes_with_data,
       sum(CASE WHEN gap_s IS NOT NULL THEN 1 ELSE 0 END) AS gaps,
       max(gap_s) AS longest_gap_s,
       sum(CASE WHEN stuck THEN 1 ELSE 0 END) AS stuck_readings,
       sum(CASE WHEN late THEN 1 ELSE 0 END) AS late_readings,
       sum(CASE WHEN quality <> 'good' THEN 1 ELSE 0 END) AS not_good_readings
FROM curated_sensor_readings
GROUP BY site, "date", asset, tag
