from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.live import LiveServer, live_platform


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with live_platform(tmp_path_factory.mktemp("api-data"), login_attempts_per_15min=5) as live:
        yield live
