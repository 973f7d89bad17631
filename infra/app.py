"""Builds the CDK app: context/environment -> Options, the product's sources -> stacks, cdk-nag on top."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks

from infra.config import DEFAULT_REGION, REPO_ROOT, Options, Sources
from infra.stacks.platform import PlatformStack

_INT_OPTIONS = ("pandas_layer_version", "athena_scan_limit_bytes", "api_rate_limit", "api_burst_limit",
                "auth_requests_per_5min", "session_hours")
_STR_OPTIONS = ("name_prefix", "edge_thing_group", "alarm_email", "account", "mail_from", "mail_identity_domain",
                "quicksight_staff_group", "quicksight_identity_region")
_BOOL_OPTIONS = ("quicksight",)
_BOOLEANS = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}


class OptionError(ValueError):
    """A deploy option's value that cannot be used; the message names the option and what it takes."""


def _boolean(key: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if str(value).strip().lower() not in _BOOLEANS:
        raise OptionError(f"option {key}: {value!r} is not one of true/false (1/0, yes/no, on/off)")
    return _BOOLEANS[str(value).strip().lower()]


def _integer(key: str, value: Any) -> int:
    try:
        return int(str(value).strip())  # 5_000_000_000 is read as Python reads it
    except ValueError:
        raise OptionError(f"option {key}: {value!r} is not a whole number") from None


def options_from(context: dict[str, Any]) -> Options:
    """Context (``-c key=value``) wins over MDAP_INFRA_<KEY> environment variables, which win over defaults."""

    def pick(key: str) -> Any:
        return context.get(key, os.environ.get(f"MDAP_INFRA_{key.upper()}"))

    values: dict[str, Any] = {}
    for key in (*_STR_OPTIONS, *_INT_OPTIONS, *_BOOL_OPTIONS):
        if (value := pick(key)) not in (None, ""):
            values[key] = (_integer(key, value) if key in _INT_OPTIONS else _boolean(key, value)
                           if key in _BOOL_OPTIONS else str(value))
    values["region"] = pick("region") or os.environ.get("CDK_DEFAULT_REGION") or DEFAULT_REGION
    return Options(**values)


def build_app(
    *, src: Sources | None = None, outdir: Path | None = None, context: dict[str, Any] | None = None
) -> tuple[cdk.App, PlatformStack]:
    context = {"aws:cdk:enable-asset-metadata": True, **(context or {})}
    app = cdk.App(outdir=str(outdir or REPO_ROOT / "cdk.out"), context=context)
    keys = ("region", *_STR_OPTIONS, *_INT_OPTIONS, *_BOOL_OPTIONS)
    options = options_from({k: v for k in keys if (v := app.node.try_get_context(k)) not in (None, "")})
    # No account by default: templates stay environment-agnostic and synth needs no credentials or lookups.
    env = cdk.Environment(account=options.account, region=options.region)
    stack = PlatformStack(app, f"{options.name_prefix}-platform", src=src or Sources(), options=options,
                          env=env, description="Manufacturing Data Activation Platform")  # fmt: skip
    cdk.Tags.of(app).add("project", options.name_prefix)
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app, verbose=True))
    return app, stack
