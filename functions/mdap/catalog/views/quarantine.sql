-- 격리: 격리된 행마다 데이터셋, 사이트, 원본 객체, 행 번호(0은 객체 전체), 사유 코드와 사유. 원래 값은
-- 제한 구역(quarantine_rows)에만 있고 여기에는 나오지 않습니다.
-- columns:
--   dataset string: 데이터셋
--   site string: 사이트(공장) 식별자
--   object string: 원본 객체 키(또는 파일 이름)
--   row_number bigint: 파일에서 사람이 보는 행 번호(0: 객체 전체)
--   reason_code string: 사유 코드
--   reason string: 사유
SELECT dataset, site, object, "row_number", reason_code, reason
FROM quarantine_rows
