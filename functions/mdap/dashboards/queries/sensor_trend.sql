-- One asset's tag, minute by minute (thinned by the service with LTTB).
SELECT minute, "avg", "min", "max"
FROM sensor_rollup_1m
WHERE {where}
ORDER BY minute
