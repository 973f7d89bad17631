"""SecretSource on AWS Secrets Manager: each platform secret name maps to a secret id (name or ARN) given by
the deployment (CDK generates the value). A value is read once per Lambda instance: these secrets never
rotate (see mdap.ports.secrets)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from mdap.ports.errors import NotFound
from mdap.ports.secrets import SecretSource, checked_secret, validate_name


class SecretsManagerSecrets(SecretSource):
    def __init__(self, client: Any, secret_ids: Mapping[str, str]) -> None:
        self._client = client
        self._ids = dict(secret_ids)
        self._cache: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def secret(self, name: str) -> bytes:
        validate_name(name)
        with self._lock:
            if name not in self._cache:
                self._cache[name] = checked_secret(name, self._fetch(name))
            return self._cache[name]

    def _fetch(self, name: str) -> bytes:
        secret_id = self._ids.get(name)
        if not secret_id:
            raise NotFound(f"secret {name!r} is not configured for this deployment")
        try:
            answer = self._client.get_secret_value(SecretId=secret_id)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
                raise NotFound(f"secret {name!r} ({secret_id}) does not exist") from None
            raise
        if "SecretBinary" in answer:
            return bytes(answer["SecretBinary"])
        return str(answer["SecretString"]).encode("utf-8")
