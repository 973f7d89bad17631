"""WHERE clauses from checked filters and the caller's site scope (the query port has no binding: every value
here has passed mdap.domain.dashboards.filters and is quoted as a literal)."""

from __future__ import annotations

from mdap.domain.dashboards.filters import Filters, sql_literal
from mdap.monitoring.access import Scope


def where(filters: Filters, scope: Scope, *, line: bool = True, asset: bool = False, tag: bool = False) -> str:
    parts = [f"\"date\" BETWEEN '{filters.start.isoformat()}' AND '{filters.end.isoformat()}'"]
    if scope.sites is not None:
        parts.append(f"site IN ({', '.join(sql_literal(s) for s in sorted(scope.sites))})")
    wanted = (("line", line, filters.line), ("asset", asset, filters.asset), ("tag", tag, filters.tag))
    parts += [f"{column} = {sql_literal(value)}" for column, used, value in wanted if used and value is not None]
    return " AND ".join(parts)
