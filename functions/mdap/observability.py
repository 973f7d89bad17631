"""Structured JSON logs (Powertools) for both profiles; in AWS they land in CloudWatch."""

from __future__ import annotations

import os

from aws_lambda_powertools import Logger

SERVICE = os.environ.get("POWERTOOLS_SERVICE_NAME", "mdap")
logger = Logger(service=SERVICE)
