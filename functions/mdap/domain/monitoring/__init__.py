"""Monitoring rules of the data side, as plain values and functions (no I/O):

- ``health``: a collector's state (online / stale / offline) from its heartbeat and its readings, a tag's stale and
  stuck flags, against ``Thresholds``;
- ``alarms``: an alarm's life NORMAL → ACTIVE → ACKNOWLEDGED → CLEARED, every other move refused by name;
- ``rules``: which alarm conditions hold for collectors' status records and pipeline runs.
"""
