-- Defect rate per day over the chosen lines and items.
SELECT "date",
       sum(inspections) AS inspections,
       sum(failed) AS failed,
       CAST(sum(failed) AS double) / nullif(sum(inspections), 0) AS defect_rate
FROM kpi_defect_rate
WHERE {where}
GROUP BY "date"
ORDER BY "date"
