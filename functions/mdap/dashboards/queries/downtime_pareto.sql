-- Stop minutes per asset and reason over the chosen days (ordered with cumulative shares by the service).
SELECT asset, reason, sum(minutes) AS minutes
FROM kpi_downtime_pareto
WHERE {where}
GROUP BY asset, reason
