"""``mdap edge simulate``: a demo factory on loopback — an injection-moulding line behind an OPC UA server and
a CNC cell behind a Modbus TCP server, with realistic signals, occasional faults and stuck sensors."""
