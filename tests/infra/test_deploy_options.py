"""Deploy options as people set them (`-c key=value`, MDAP_INFRA_<KEY>): context wins over the environment,
booleans and whole numbers are read in the usual spellings, and a value that cannot be used is named with what
the option takes, before anything is synthesized, without a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra import synth
from infra.app import options_from


def test_context_wins_over_the_environment_and_values_are_read_in_their_usual_spellings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDAP_INFRA_SESSION_HOURS", "8")
    monkeypatch.setenv("MDAP_INFRA_QUICKSIGHT", " Yes ")
    monkeypatch.setenv("MDAP_INFRA_ATHENA_SCAN_LIMIT_BYTES", "5_000_000_000")
    options = options_from({"session_hours": "10"})
    assert (options.session_hours, options.quicksight, options.athena_scan_limit_bytes) == (10, True, 5_000_000_000)
    assert options_from({"quicksight": "off"}).quicksight is False


@pytest.mark.parametrize(("pair", "said"), [
    ("quicksight=maybe", "option quicksight: 'maybe' is not one of true/false (1/0, yes/no, on/off)"),
    ("session_hours=twelve", "option session_hours: 'twelve' is not a whole number"),
])  # fmt: skip
def test_a_value_that_cannot_be_used_is_named_and_nothing_is_synthesized(
        pair: str, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cdk.out"
    assert synth.main(["--outdir", str(out), "-c", pair]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert not (out / "manifest.json").exists()
