-- The sites and lines the KPI views have rows for in the chosen days.
SELECT site, line FROM kpi_production_shift WHERE {where}
UNION
SELECT site, line FROM kpi_defect_rate WHERE {where}
UNION
SELECT site, line FROM kpi_oee WHERE {where}
