-- Production per day and shift over the chosen lines.
SELECT "date", shift,
       sum(orders) AS orders,
       sum(planned_qty) AS planned_qty,
       sum(actual_qty) AS actual_qty,
       CAST(sum(actual_qty) AS double) / nullif(sum(planned_qty), 0) AS achievement
FROM kpi_production_shift
WHERE {where}
GROUP BY "date", shift
ORDER BY "date", shift NULLS LAST
