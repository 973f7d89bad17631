-- 센서 측정값의 1분 집계: 사이트·설비·태그·분당 한 행. count는 모든 측정값, min·max·avg·last는 품질이
-- bad가 아닌 수치 값으로 계산합니다(분의 측정값이 여러 실행에 걸쳐 들어와도 분마다 다시 계산해 한 행).
-- columns:
--   site
--   date
--   asset
--   tag
--   minute
--   count
--   min
--   max
--   avg
--   last
SELECT site, "date", asset, tag, minute, "count", "min", "max", "avg", "last"
FROM curated_sensor_rollup_1m
