-- Failed inspections per defect code over the chosen days (ordered with cumulative shares by the service).
SELECT defect_code, sum(defects) AS defects
FROM kpi_defect_pareto
WHERE {where}
GROUP BY defect_code
