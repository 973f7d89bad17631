"""Servers for the edge reliability tests; every one on loopback and stopped after its test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.edge.collector import CollectorProcess
from tests.integration.edge.proxy import CuttableProxy
from tests.integration.edge.servers import ModbusServer, Mosquitto, MotoS3, OpcUaServer, Publisher

AWS_TEST_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                "AWS_DEFAULT_REGION": "ap-northeast-2", "AWS_CONFIG_FILE": "/nonexistent",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"}


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Mosquitto]:
    server = Mosquitto(tmp_path)
    yield server
    server.close()


@pytest.fixture
def publisher(broker: Mosquitto) -> Iterator[Publisher]:
    client = Publisher(broker.port)
    yield client
    client.close()


@pytest.fixture(scope="module")
def moto_s3() -> Iterator[MotoS3]:
    server = MotoS3()
    yield server
    server.close()


@pytest.fixture
def s3(moto_s3: MotoS3) -> Iterator[MotoS3]:
    """The module's moto server with an empty bucket."""
    for key in moto_s3.objects():
        moto_s3.client.delete_object(Bucket=moto_s3.bucket, Key=key)
    yield moto_s3


@pytest.fixture
def proxy(s3: MotoS3) -> Iterator[CuttableProxy]:
    front = CuttableProxy(s3.port)
    yield front
    front.close()


@pytest.fixture
def opcua() -> Iterator[OpcUaServer]:
    server = OpcUaServer()
    server.start()
    yield server
    server.close()


@pytest.fixture
def modbus() -> Iterator[ModbusServer]:
    server = ModbusServer()
    yield server
    server.close()


@pytest.fixture
def collectors() -> Iterator[list[CollectorProcess]]:
    """Collectors a test started; killed if the test left them running."""
    started: list[CollectorProcess] = []
    yield started
    for collector in started:
        collector.close()
