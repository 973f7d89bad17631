"""Typed settings of the CDK app: where the product's sources are and deploy-time choices."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REGION = "ap-northeast-2"
# Python version of every mdap Lambda: matches the .venv, the packaging test and the pandas layer name.
LAMBDA_PYTHON = "3.11"


@dataclass(frozen=True, kw_only=True)
class Sources:
    """The product files the generic constructs deploy; tests point these at fixtures."""

    chalice_project: Path = REPO_ROOT / "functions"
    package_dir: Path = REPO_ROOT / "functions" / "mdap"
    step_functions: Path = REPO_ROOT / "step_functions"
    catalog: Path = REPO_ROOT / "functions" / "mdap" / "catalog" / "tables.json"
    edge_components: Path = REPO_ROOT / "edge_greengrass"
    frontend_dist: Path = REPO_ROOT / "frontend" / "dist"
    pyproject: Path = REPO_ROOT / "pyproject.toml"
    constraints: Path = REPO_ROOT / "constraints.txt"
    quicksight: Path = REPO_ROOT / "infra" / "quicksight"  # the dashboard definition and the site access rules


@dataclass(frozen=True, kw_only=True)
class Options:
    """Deploy-time choices, read from CDK context (``-c key=value``) or environment variables."""

    name_prefix: str = "mdap"
    region: str = DEFAULT_REGION
    account: str | None = None  # None: environment-agnostic templates, resolved at deploy
    pandas_layer_version: int = 22
    edge_thing_group: str = "mdap-edge"
    alarm_email: str | None = None
    athena_scan_limit_bytes: int = 10 * 1024**3
    api_rate_limit: int = 50
    api_burst_limit: int = 100
    auth_requests_per_5min: int = 1000  # WAF flood guard on /api/auth/ per CloudFront edge address
    session_hours: int = 12  # a log-in's absolute lifetime: refresh families and Cognito's refresh token
    # Sender of notifications, an SES identity to verify after deploy; the default is a placeholder to change.
    mail_from: str = "noreply@example.com"
    mail_identity_domain: str | None = None  # verify this domain (Easy DKIM) instead of the mail_from address
    # QuickSight dashboards over the catalog's views (infra/parts/quicksight.py): off unless asked for, because
    # they need the account's QuickSight subscription and the staff group to exist before deploy.
    quicksight: bool = False
    quicksight_staff_group: str = "mdap-staff"  # QuickSight group (namespace default): authors, every site
    quicksight_identity_region: str | None = None  # where the account's QuickSight users live; None: deploy region
    extra: dict[str, str] = field(default_factory=dict)
