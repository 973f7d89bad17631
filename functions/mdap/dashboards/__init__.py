"""BI dashboards of the web app over the catalog's KPI views (the local profile's counterpart of QuickSight)."""
