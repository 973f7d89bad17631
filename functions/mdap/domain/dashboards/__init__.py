"""Dashboard rules without I/O: which charts exist, how their filters are checked, how a Pareto is ordered, how a
long sensor series is thinned (LTTB) and how a chart becomes a CSV file Excel opens safely."""
