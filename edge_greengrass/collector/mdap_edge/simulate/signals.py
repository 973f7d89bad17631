"""Signals of a small factory (no I/O): two injection-moulding machines and a CNC cell, stepped in time.

Injection moulding: barrel zone temperatures near their set points, a mould temperature, the injection
pressure following the cycle (fill, pack, cool, eject), the cycle time of the last cycle and a part counter.
CNC: spindle speed and load per operation, vibration (growing slowly with tool wear, reset at tool change),
a part counter. Faults: now and then a machine alarms (pressure or vibration out of range, the counter stops)
for a while; sensors sometimes stick at their last value.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field


@dataclass
class Moulding:
    name: str
    setpoints: tuple[float, float, float] = (220.0, 230.0, 235.0)
    cycle_s: float = 18.0
    phase: float = 0.0
    parts: int = 0
    alarm: bool = False
    last_cycle_s: float = 18.0
    stuck: dict[str, float] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.last_cycle_s = self.cycle_s


@dataclass
class Cnc:
    name: str
    parts: int = 0
    phase: float = 0.0
    wear: float = 0.0
    alarm: bool = False
    stuck: dict[str, float] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)


class Factory:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.moulding = [Moulding("IMM1"), Moulding("IMM2", setpoints=(210.0, 225.0, 230.0), cycle_s=24.0)]
        self.cnc = Cnc("CNC1")
        self.t = 0.0

    def step(self, dt: float) -> None:
        self.t += dt
        for machine in self.moulding:
            self._mould(machine, dt)
        self._cnc(self.cnc, dt)

    def _mould(self, m: Moulding, dt: float) -> None:
        rng = self.rng
        if not m.alarm and rng.random() < dt / 900:  # about one alarm per 15 minutes
            m.alarm = True
        elif m.alarm and rng.random() < dt / 60:
            m.alarm = False
        if not m.alarm:
            m.phase += dt / m.cycle_s
            if m.phase >= 1.0:
                m.phase -= 1.0
                m.parts += 1
                m.last_cycle_s = round(m.cycle_s * rng.uniform(0.97, 1.05), 2)
        p = m.phase
        pressure = 1200 * math.sin(math.pi * p / 0.15) if p < 0.15 else (600.0 if p < 0.35 else 5.0)
        values = {f"barrel_temp_{i + 1}": sp + rng.gauss(0, 0.6) + (15 if m.alarm and i == 2 else 0)
                  for i, sp in enumerate(m.setpoints)}
        values |= {"mould_temp": 45 + 3 * math.sin(2 * math.pi * p) + rng.gauss(0, 0.2),
                   "injection_pressure": max(0.0, pressure + rng.gauss(0, 8)) * (0.6 if m.alarm else 1.0),
                   "cycle_time": m.last_cycle_s, "parts": float(m.parts), "alarm": float(m.alarm)}
        m.values = self._stick(m.stuck, values)

    def _cnc(self, c: Cnc, dt: float) -> None:
        rng = self.rng
        if not c.alarm and rng.random() < dt / 1200:
            c.alarm = True
        elif c.alarm and rng.random() < dt / 45:
            c.alarm, c.wear = False, 0.0  # tool changed
        if not c.alarm:
            c.phase += dt / 40.0
            c.wear += dt / 7200
            if c.phase >= 1.0:
                c.phase -= 1.0
                c.parts += 1
        cutting = 0.1 < c.phase < 0.85 and not c.alarm
        speed = 8000 + 2000 * math.sin(2 * math.pi * c.phase * 3) if cutting else 0.0
        values = {"spindle_speed": max(0.0, speed + rng.gauss(0, 20)),
                  "spindle_load": (55 + 20 * c.wear + rng.gauss(0, 3)) if cutting else rng.uniform(0, 2),
                  "vibration": (1.2 + 3 * c.wear + abs(rng.gauss(0, 0.3)) + (6 if c.alarm else 0)),
                  "coolant_temp": 24 + 2 * c.wear + rng.gauss(0, 0.1),
                  "parts": float(c.parts), "alarm": float(c.alarm)}
        c.values = self._stick(c.stuck, values)

    def _stick(self, stuck: dict[str, float], values: dict[str, float]) -> dict[str, float]:
        """A sensor sometimes freezes at its last value for a while (the stuck-sensor pattern)."""
        for name in list(stuck):
            if self.rng.random() < 0.01:
                del stuck[name]
        if self.rng.random() < 0.0005:
            name = self.rng.choice([n for n in values if n not in ("parts", "alarm")])
            stuck[name] = values[name]
        return {name: round(stuck.get(name, value), 3) for name, value in values.items()}
