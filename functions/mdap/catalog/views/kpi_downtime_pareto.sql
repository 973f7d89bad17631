-- 비가동 파레토의 재료: 사이트·날짜(KST)·라인·설비·사유별 정지 분. 측정값이 있는 분마다 사유를 하나 고릅니다: 계획
-- 정지(근무 일정의 휴식 break, 정비 maintenance)가 먼저, 아니면 알람(alarm 태그 > 0)이 켜진 분은 비계획 정지
-- alarm. downtime 보기와 같은 분을 셉니다.
-- columns:
--   site string: 사이트(공장) 식별자
--   date string: 날짜(KST)
--   line string: 라인(설비 마스터)
--   asset string: 설비
--   reason string: 사유(alarm: 비계획 알람 정지, break: 계획 휴식, maintenance: 계획 정비)
--   minutes bigint: 정지 분
WITH minutes AS (
    SELECT site, "date", line, asset, date_trunc('minute', ts) AS minute,
           max(CASE WHEN tag = 'alarm' AND value > 0 THEN 1 ELSE 0 END) AS alarm,
           max(planned_stop) AS planned_stop
    FROM curated_sensor_readings
    GROUP BY site, "date", line, asset, date_trunc('minute', ts)
),
reasons AS (
    SELECT site, "date", line, asset,
           CASE WHEN planned_stop IS NOT NULL THEN planned_stop WHEN alarm = 1 THEN 'alarm' END AS reason
    FROM minutes
)
SELECT site, "date", line, asset, reason,
       count(*) AS minutes
FROM reasons
WHERE reason IS NOT NULL
GROUP BY site, "date", line, asset, reason
