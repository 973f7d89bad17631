"""Request and response models of the dashboards API (they generate its part of /openapi.json).

Filter values are checked by the dashboard rules (mdap.domain.dashboards.filters), which refuse with a Korean
message naming the field; the models only say what may be sent.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Cell = str | int | float | None


class DashboardQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: str | None = Field(default=None, alias="from", description="first day (KST), YYYY-MM-DD; default: "
                                                                       "6 days before `to`")
    to: str | None = Field(default=None, description="last day (KST), YYYY-MM-DD, included; default: today")
    site: str | None = Field(default=None, description="a site; a factory user sees its own site only")
    line: str | None = Field(default=None, description="a line")


class ChartQuery(DashboardQuery):
    asset: str | None = Field(default=None, description="sensor_trend: the asset (default: the first with data)")
    tag: str | None = Field(default=None, description="sensor_trend: the tag (default: the first with data)")
    points: int | None = Field(default=None, description="sensor_trend: at most this many points (LTTB), 3..5000")
    format: Literal["json", "csv"] = Field(default="json", description="csv: the chart's data as a CSV file "
                                                                        "(UTF-8 with BOM, formula-safe)")


class AppliedFilters(BaseModel):
    from_: str = Field(alias="from")
    to: str
    site: str | None
    line: str | None
    asset: str | None = None
    tag: str | None = None
    points: int | None = None

    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class ChartOut(BaseModel):
    chart: str
    columns: list[str]
    rows: list[list[Cell]]
    filters: AppliedFilters
    total_points: int | None = Field(default=None, description="sensor_trend: minutes before thinning")


class SeriesOut(BaseModel):
    asset: str
    tag: str


class DashboardOptions(BaseModel):
    charts: list[str]
    sites: list[str]
    lines: list[str]
    series: list[SeriesOut]
    filters: AppliedFilters
