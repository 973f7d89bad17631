"""Greengrass components: recipes validated (schema, placeholders, artifact paths), the collector published by
the CDK app with its built bundles, the bundle runnable in a clean interpreter, and partition arrivals."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from aws_cdk.assertions import Match, Template

from infra.recipes import RecipeError, validate_recipe
from tests.infra.synthesis import FIXTURES, REPO, Synthesized

COLLECTOR = REPO / "edge_greengrass" / "com.mdap.Collector"
BUILT = COLLECTOR / "greengrass-build" / "artifacts" / "com.mdap.Collector" / "1.0.0"


def _recipe() -> dict[str, Any]:
    return yaml.safe_load((COLLECTOR / "recipe.yaml").read_text(encoding="utf-8"))


def test_every_component_folder_has_a_recipe_and_a_gdk_config_that_agree() -> None:
    for folder in [COLLECTOR, FIXTURES / "edge_greengrass" / "com.mdap.FixtureCollector"]:
        recipe = yaml.safe_load((folder / "recipe.yaml").read_text(encoding="utf-8"))
        gdk = json.loads((folder / "gdk-config.json").read_text(encoding="utf-8"))
        settings = gdk["component"][recipe["ComponentName"]]
        assert settings["version"] == recipe["ComponentVersion"]
        assert settings["build"]["build_system"] == "custom"


def test_the_collector_recipe_declares_configuration_access_control_lifecycle_and_bundled_artifacts(
        product_synth: Synthesized) -> None:
    recipe = _recipe()
    validate_recipe(recipe, BUILT, "com.mdap.Collector")  # built by the product synth
    defaults = recipe["ComponentConfiguration"]["DefaultConfiguration"]
    policy = defaults["accessControl"]["aws.greengrass.SecretManager"]["com.mdap.Collector:secrets:1"]
    assert policy["operations"] == ["aws.greengrass#GetSecretValue"]
    assert "aws.greengrass.TokenExchangeService" in recipe["ComponentDependencies"]
    manifests = {m["Platform"]["architecture"]: m for m in recipe["Manifests"]}
    assert set(manifests) == {"amd64", "aarch64"}
    for arch, name in (("amd64", "x86_64"), ("aarch64", "aarch64")):
        assert manifests[arch]["Artifacts"] == [{"Uri": f"mdap-edge-{name}.zip", "Unarchive": "ZIP"}]
        run = manifests[arch]["Lifecycle"]["Run"]["Script"]
        assert f"PYTHONPATH={{artifacts:decompressedPath}}/mdap-edge-{name}" in run
        assert "pip" not in json.dumps(manifests[arch]["Lifecycle"])  # nothing installed on the device


@pytest.mark.parametrize("change, message", [
    (lambda r: r.update(RecipeFormatVersion="2021-01-01"), "RecipeFormatVersion"),
    (lambda r: r["Manifests"][0]["Lifecycle"].update(Runn="x"), "Runn"),
    (lambda r: r["Manifests"][0]["Artifacts"][0].update(Unarchive="TAR"), "TAR"),
    (lambda r: r["Manifests"][0]["Lifecycle"]["Run"].update(Script="run {configuration:/configFiel}"),
     "configFiel"),
    (lambda r: r["Manifests"][0]["Lifecycle"]["Run"].update(Script="run {iot:thingname}"), "iot:thingname"),
    (lambda r: r["Manifests"][0]["Lifecycle"]["Run"].update(Script="{other.Component:work:path}"),
     "other.Component"),
    (lambda r: r["Manifests"][0]["Lifecycle"]["Run"].update(Script="{artifacts:decompressedPath}/mdap-edge/x"),
     "no unarchived"),
    (lambda r: r["Manifests"][0]["Lifecycle"]["Run"].update(Script="python3 {artifacts:path}/main.py"),
     "no artifact"),
    (lambda r: r["Manifests"][0]["Artifacts"][0].update(Uri="missing.zip"), "missing.zip"),
])
def test_a_broken_recipe_is_refused_naming_the_problem(change: Any, message: str, tmp_path: Path) -> None:
    (tmp_path / "mdap-edge-x86_64.zip").write_bytes(b"zip")
    (tmp_path / "mdap-edge-aarch64.zip").write_bytes(b"zip")
    validate_recipe(_recipe(), tmp_path, "collector")  # as it is: valid
    recipe = copy.deepcopy(_recipe())
    change(recipe)
    with pytest.raises(RecipeError, match=message):
        validate_recipe(recipe, tmp_path, "collector")


def test_the_product_publishes_the_collector_with_both_bundles_and_deploys_it(product_synth: Synthesized) -> None:
    template = Template.from_json(product_synth.template)
    versions = [json.loads(r["Properties"]["InlineRecipe"]) if isinstance(r["Properties"]["InlineRecipe"], str)
                else r["Properties"]["InlineRecipe"]
                for r in template.find_resources("AWS::GreengrassV2::ComponentVersion").values()]
    text = json.dumps(versions)
    assert "com.mdap.Collector" in text
    assert "/components/com.mdap.Collector/1.0.0/mdap-edge-x86_64.zip" in text
    assert "/components/com.mdap.Collector/1.0.0/mdap-edge-aarch64.zip" in text
    template.has_resource_properties("AWS::GreengrassV2::Deployment", {
        "Components": Match.object_like({"com.mdap.Collector": {"ComponentVersion": "1.0.0"}})})
    template.has_output("EdgeStatusTable", {"Value": Match.any_value()})


def test_the_x86_64_bundle_runs_the_collector_in_a_clean_interpreter(product_synth: Synthesized,
                                                                     tmp_path: Path) -> None:
    """What the device gets: no venv, no site-packages, only the unpacked artifact on PYTHONPATH."""
    with zipfile.ZipFile(BUILT / "mdap-edge-x86_64.zip") as bundle:
        bundle.extractall(tmp_path / "bundle")
    code = ("import sys, mdap_edge.process, mdap_edge.sources.opcua, mdap_edge.sources.modbus, "
            "mdap_edge.sources.mqtt, mdap_edge.sources.files, mdap_edge.stores, pyarrow.parquet, boto3; "
            "from awsiot.greengrasscoreipc.clientv2 import GreengrassCoreIPCClientV2; "
            "assert not {'chalice', 'duckdb', 'awswrangler'} & set(sys.modules), sorted(sys.modules)")
    env = {"PYTHONPATH": str(tmp_path / "bundle"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-S", "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    check = subprocess.run([sys.executable, "-S", "-m", "mdap_edge", "check", "--config",
                            str(REPO / "edge_greengrass" / "collector" / "demo.yaml")],
                           env=env, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and "valid (2 sources)" in check.stdout, check.stderr
    assert not (tmp_path / "bundle" / "chalice").exists() and not (tmp_path / "bundle" / "duckdb").exists()


def test_landing_objects_register_their_partitions(template: Template) -> None:
    template.has_resource_properties("AWS::Lambda::Function", {"Handler": "mdap.catalog.arrivals.handler"})
    template.has_resource_properties("AWS::Events::Rule", {"EventPattern": {
        "source": ["aws.s3"], "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": [Match.any_value()]}, "object": {"key": [{"prefix": "raw/fixture_readings/"}]}},
    }})  # fmt: skip
    template.has_resource_properties("AWS::IAM::Policy", {"PolicyDocument": {"Statement": Match.array_with([
        Match.object_like({"Action": ["glue:BatchCreatePartition", "glue:GetTable"]})])}})
