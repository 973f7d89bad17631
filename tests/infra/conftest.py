"""Synthesize once per session: the app over the test fixtures, and the app over the product as it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from aws_cdk.assertions import Template

from tests.infra.synthesis import Synthesized, synth


@pytest.fixture(scope="session")
def fixture_synth(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synth(tmp_path_factory.mktemp("cdk-fixtures"), fixtures=True)


@pytest.fixture(scope="session")
def product_synth(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synth(tmp_path_factory.mktemp("cdk-product"), fixtures=False)


@pytest.fixture(scope="session")
def quicksight_synth(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    """The product with the deploy option that adds the QuickSight dashboards."""
    return synth(tmp_path_factory.mktemp("cdk-quicksight"), fixtures=False, context={"quicksight": "true"})


@pytest.fixture(scope="session")
def template(fixture_synth: Synthesized) -> Template:
    return Template.from_json(fixture_synth.template)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "fixtures" / "infra"
