"""Secrets named in a collector's configuration (OPC UA passwords, MQTT credentials).

Locally they come from the environment: the secret ``opcua/press1`` is ``MDAP_EDGE_SECRET_OPCUA_PRESS1``.
Inside Greengrass (the nucleus gives components an IPC socket) they come from the secret manager component
(aws.greengrass.SecretManager) over IPC, which the component's accessControl allows.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any


class SecretMissing(Exception):
    """A secret the configuration names is not available; the message says where it was looked for."""


class Secrets(ABC):
    @abstractmethod
    def get(self, name: str) -> str: ...


def env_name(name: str) -> str:
    return "MDAP_EDGE_SECRET_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


class EnvironmentSecrets(Secrets):
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self._environ: Mapping[str, str] = os.environ if environ is None else environ

    def get(self, name: str) -> str:
        value = self._environ.get(env_name(name))
        if value is None:
            raise SecretMissing(f"secret {name!r}: set the environment variable {env_name(name)}")
        return value


class GreengrassSecrets(Secrets):
    """GetSecretValue through the nucleus; ``client`` is a GreengrassCoreIPCClientV2 (made on first use)."""

    def __init__(self, client: Any = None) -> None:
        self._client = client

    def get(self, name: str) -> str:
        if self._client is None:
            from awsiot.greengrasscoreipc.clientv2 import GreengrassCoreIPCClientV2

            self._client = GreengrassCoreIPCClientV2()
        try:
            response = self._client.get_secret_value(secret_id=name)
        except Exception as exc:
            raise SecretMissing(f"secret {name!r}: the Greengrass secret manager refused: {exc}") from None
        value = getattr(response.secret_value, "secret_string", None)
        if value is None:
            raise SecretMissing(f"secret {name!r} holds binary data; store the password as a string")
        return str(value)


def in_greengrass(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return "AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT" in env and "SVCUID" in env


def secrets_for_environment() -> Secrets:
    return GreengrassSecrets() if in_greengrass() else EnvironmentSecrets()
