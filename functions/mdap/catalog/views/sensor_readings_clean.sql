-- 센서 측정값(정제 후): 사이트·설비·태그·시각(UTC)당 한 행. 읽을 수 없거나 범위를 벗어난 행은 격리되어
-- 여기에 없고, 고착·공백·지연은 플래그로 남습니다. 설비 마스터, 근무 일정, 그 시각의 작업지시와 결합.
-- columns:
--   site
--   date
--   asset
--   tag
--   ts
--   value
--   value_text
--   quality
--   source
--   device
--   seq
--   stuck
--   gap_s
--   late
--   line
--   asset_kind
--   shift
--   planned_stop
--   order_no
--   item
SELECT site, "date", asset, tag, ts, value, value_text, quality, source, device, seq, stuck, gap_s, late, line,
       asset_kind, shift, planned_stop, order_no, item
FROM curated_sensor_readings
