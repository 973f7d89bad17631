-- OEE per site, line and shift over the chosen days: ratios of the summed times and quantities (never an
-- average of daily ratios), as ISO 22400-2 aggregates them.
SELECT site, line, shift,
       sum(planned_busy_seconds) AS planned_busy_seconds,
       sum(actual_production_seconds) AS actual_production_seconds,
       sum(produced_qty) AS produced_qty,
       sum(good_qty) AS good_qty,
       sum(scrap_qty) AS scrap_qty,
       CAST(sum(actual_production_seconds) AS double) / nullif(sum(planned_busy_seconds), 0) AS availability,
       sum(planned_unit_seconds) / nullif(sum(actual_production_seconds), 0) AS effectiveness,
       sum(good_qty) / nullif(sum(produced_qty), 0) AS quality_rate,
       CAST(sum(actual_production_seconds) AS double) / nullif(sum(planned_busy_seconds), 0)
           * (sum(planned_unit_seconds) / nullif(sum(actual_production_seconds), 0))
           * (sum(good_qty) / nullif(sum(produced_qty), 0)) AS oee
FROM kpi_oee
WHERE {where}
GROUP BY site, line, shift
ORDER BY site, line, shift
