-- The asset and tag pairs with minute rollups in the chosen days.
SELECT DISTINCT asset, tag FROM sensor_rollup_1m WHERE {where} ORDER BY asset, tag
