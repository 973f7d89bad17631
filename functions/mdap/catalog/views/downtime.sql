-- 비가동: 사이트·날짜(KST)·설비별로 측정값이 있는 분, 알람(alarm 태그 > 0)이 켜진 분, 계획 정지(휴식·정비)
-- 분, 계획되지 않은 정지(알람이 켜졌고 계획 정지가 아닌) 분과 그 비율.
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST)
--   asset string: 설비
--   minutes_observed bigint: 측정값이 있는 분
--   alarm_minutes bigint: 알람이 켜진 분
--   planned_stop_minutes bigint: 계획 정지(휴식·정비) 분
--   unplanned_stop_minutes bigint: 계획되지 않은 정지 분(알람, 계획 정지 아님)
--   unplanned_stop_ratio double: 계획되지 않은 정지 비율(측정된 분 대비)
WITH minutes AS (
    SELECT site, "date", asset, date_trunc('minute', ts) AS minute,
           max(CASE WHEN tag = 'alarm' AND value > 0 THEN 1 ELSE 0 END) AS alarm,
           max(CASE WHEN planned_stop IS NOT NULL THEN 1 ELSE 0 END) AS planned
    FROM curated_sensor_readings
    GROUP BY site, "date", asset, date_trunc('minute', ts)
)
SELECT site, "date", asset,
       count(*) AS minutes_observed,
       sum(alarm) AS alarm_minutes,
       sum(planned) AS planned_stop_minutes,
       sum(CASE WHEN alarm = 1 AND planned = 0 THEN 1 ELSE 0 END) AS unplanned_stop_minutes,
       CAST(sum(CASE WHEN alarm = 1 AND planned = 0 THEN 1 ELSE 0 END) AS double) / count(*) AS unplanned_stop_ratio
FROM minutes
GROUP BY site, "date", asset
