"""MQTT (paho): QoS 1 subscriptions with a persistent session; a message is acknowledged to the broker only
once its readings are durable in the spool (or were refused or already held), so a collector killed at any
moment gets unacknowledged messages again from the broker on its next connect. JSON payloads are mapped by
``mapping`` (see mapping.py); a payload that does not fit is counted as an error and acknowledged (it would
never fit). Reconnects forever (1 s to 5 s apart).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from typing import Any
from urllib.parse import urlparse

from mdap_edge.reading import ReceiveClock
from mdap_edge.sources import Source
from mdap_edge.sources.mapping import MappingError, RecordMapping


class MqttSource(Source):
    def run(self, stop: threading.Event) -> None:
        import paho.mqtt.client as mqtt
        from paho.mqtt.enums import CallbackAPIVersion

        url = urlparse(self.config["url"])
        self._mapping = RecordMapping(self.config["mapping"], "mqtt")
        self._receive = ReceiveClock()
        self._stop = stop
        self._acks: deque[tuple[int, int]] = deque()  # (spool ticket, message id), in arrival order
        self._acks_lock = threading.Lock()
        client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id=self._client_id(), clean_session=False,
                             manual_ack=True)
        if "user" in self.config:
            client.username_pw_set(self.config["user"], self.secrets.get(self.config["password_secret"]))
        if url.scheme == "mqtts":
            client.tls_set()
        client.reconnect_delay_set(min_delay=1, max_delay=5)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        self.health.connecting()
        client.connect_async(url.hostname or "127.0.0.1", url.port or (8883 if url.scheme == "mqtts" else 1883),
                             keepalive=15)
        client.loop_start()
        try:
            while not stop.wait(0.05):
                self._acknowledge(client)
            self._acknowledge(client, timeout=1.0)
        finally:
            client.disconnect()
            client.loop_stop()

    def _client_id(self) -> str:
        return str(self.config.get("client_id") or f"mdap-{self.config['name']}")[:64]

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if reason.is_failure:
            self.health.failed(f"broker refused the connection: {reason}")
            return
        client.subscribe([(topic, 1) for topic in self.config["topics"]])
        self.health.connected()

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any, properties: Any) -> None:
        if not self._stop.is_set():
            self.health.failed(f"disconnected: {reason}")
            self.health.connecting()

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        received = self._receive.now()
        try:
            payload = json.loads(message.payload.decode("utf-8"))
            rows = self._mapping.readings(payload, topic=message.topic, received=received)
        except (ValueError, MappingError) as exc:  # never fits: acknowledge, count, move on
            self.health.failed(f"{message.topic}: {exc}")
            rows = []
        appended = self.emit(rows)
        if self._stop.is_set() and appended.accepted < len(rows):
            return  # shutting down on a full spool: the broker sends it again next time
        self.health.received(appended.accepted)
        with self._acks_lock:
            self._acks.append((appended.ticket, message.mid))

    def _acknowledge(self, client: Any, timeout: float = 0.0) -> None:
        """Acknowledge, in arrival order, every message whose readings are durable."""
        if timeout:
            with self._acks_lock:
                newest = self._acks[-1][0] if self._acks else 0
            self.durable(newest, timeout)
        while True:
            with self._acks_lock:
                if not self._acks or not self.durable(self._acks[0][0], 0.0):
                    return
                _, mid = self._acks.popleft()
            client.ack(mid, 1)


SOURCE = MqttSource
