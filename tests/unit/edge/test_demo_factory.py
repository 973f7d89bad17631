"""The demo factory's signals: plausible ranges, counters that only count up, faults and stuck sensors."""

from __future__ import annotations

import itertools

from mdap_edge.simulate.signals import Factory


def test_an_hour_of_the_demo_factory_looks_like_a_moulding_line_and_a_cnc_cell() -> None:
    factory = Factory(seed=3)
    seen: dict[str, list[float]] = {}
    alarms = 0
    for _ in range(3600 * 5):  # one hour at 5 Hz
        factory.step(0.2)
        for machine in factory.moulding:
            for name, value in machine.values.items():
                seen.setdefault(f"{machine.name}.{name}", []).append(value)
        for name, value in factory.cnc.values.items():
            seen.setdefault(f"CNC1.{name}", []).append(value)
        alarms += int(factory.cnc.alarm) + sum(int(m.alarm) for m in factory.moulding)
    assert min(seen["IMM1.barrel_temp_1"]) > 200 and max(seen["IMM1.barrel_temp_3"]) < 260
    assert max(seen["IMM1.injection_pressure"]) > 1000 and min(seen["IMM1.injection_pressure"]) >= 0
    for counter in ("IMM1.parts", "IMM2.parts", "CNC1.parts"):
        values = seen[counter]
        assert values == sorted(values) and values[-1] > 30, counter
    assert min(seen["CNC1.spindle_load"]) >= 0 and max(seen["CNC1.spindle_speed"]) > 9000
    assert alarms > 0, "faults happen"
    frozen = [name for name, values in seen.items() if "temp" in name and _longest_run(values) >= 50]
    assert frozen, "now and then a sensor sticks at one value"


def _longest_run(values: list[float]) -> int:
    best = run = 1
    for previous, value in itertools.pairwise(values):
        run = run + 1 if value == previous else 1
        best = max(best, run)
    return best
