"""OPC UA (asyncua): one subscription per source with the configured sampling and publishing intervals.

Nodes are node ids (``ns=2;s=…``, ``nsu=URI;s=…``, resolved to the server's namespace index at each
connect) or browse paths from the Objects folder (``2:Press1/2:Temp``). Readings carry the server's source
timestamp (else its server timestamp, else the receive time) and a quality from the status code. The
connection is watched (asyncua's watchdog); on any loss the source reconnects and subscribes again, forever,
with capped backoff. After a reconnect the server sends each item's current value again: it has the same
source timestamp, so the spool drops it as a reading already held. On stop the subscription is kept one more
publishing interval, so changes the server queued before the stop still arrive.

Security: ``security: {policy: Basic256Sha256, mode, certificate, private_key[, server_certificate]}`` with a
user name (``user`` + ``password_secret``) or a user certificate, when configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Mapping
from typing import Any

from mdap_edge.backoff import Backoff
from mdap_edge.reading import BAD, GOOD, UNCERTAIN, ReceiveClock, micros, reading
from mdap_edge.sources import Source

RECONNECT_CAP_SECONDS = 5.0
# asyncua probes a quiet connection this often, with this timeout: a server (or this process) busy with a
# large publish must not look dead. A closed connection is noticed at once either way.
WATCHDOG_SECONDS = 5.0
DRAIN_CAP_SECONDS = 2.0  # on stop, one publishing interval more (at most this) collects what was queued


class OpcUaSource(Source):
    def run(self, stop: threading.Event) -> None:
        asyncio.run(self._main(stop))

    async def _main(self, stop: threading.Event) -> None:
        backoff = Backoff(initial=0.2, cap=RECONNECT_CAP_SECONDS)
        receive = ReceiveClock()
        while not stop.is_set():
            await self._session(stop, backoff, receive)
            delay = backoff.next_delay()
            while delay > 0 and not stop.is_set():
                await asyncio.sleep(min(0.1, delay))
                delay -= 0.1

    async def _session(self, stop: threading.Event, backoff: Backoff, receive: ReceiveClock) -> None:
        from asyncua.client.client import Client

        timeout = float(self.config.get("timeout_ms", 4000)) / 1000
        client = Client(self.config["endpoint"], timeout=timeout, watchdog_intervall=WATCHDOG_SECONDS)
        lost = asyncio.Event()

        async def on_lost(exc: Exception) -> None:
            self.health.failed(f"connection lost: {exc!r}")
            lost.set()

        client.connection_lost_callback = on_lost
        self.health.connecting()
        try:
            await self._configure(client)
            await client.connect()
            await self._subscribe(client, receive)
            self.health.connected()
            backoff.reset()
            while not stop.is_set() and not lost.is_set():
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(lost.wait(), 0.1)
            if stop.is_set() and not lost.is_set():  # stopping: take what the server has queued for us first
                drain = min(DRAIN_CAP_SECONDS, float(self.config.get("publishing_ms", 500)) / 1000 + 0.2)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(lost.wait(), drain)
        except Exception as exc:
            self.health.failed(exc)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.disconnect(), 2.0)

    async def _configure(self, client: Any) -> None:
        security = self.config.get("security")
        if security:
            from asyncua import ua
            from asyncua.crypto.security_policies import SecurityPolicyBasic256Sha256

            mode = getattr(ua.MessageSecurityMode, security.get("mode", "SignAndEncrypt"))
            client.application_uri = await _application_uri(security["certificate"]) or client.application_uri
            await client.set_security(SecurityPolicyBasic256Sha256, security["certificate"], security["private_key"],
                                      server_certificate=security.get("server_certificate"), mode=mode)
        if "user" in self.config:
            client.set_user(self.config["user"])
            client.set_password(self.secrets.get(self.config["password_secret"]))
        if "user_certificate" in self.config:
            await client.load_client_certificate(self.config["user_certificate"])
            await client.load_private_key(self.config["user_private_key"])

    async def _subscribe(self, client: Any, receive: ReceiveClock) -> None:
        from asyncua import ua

        nodes = {}
        default_asset = self.config.get("asset", "")
        for item in self.config["nodes"]:
            node = await _resolve(client, item)
            nodes[node.nodeid] = (item.get("asset", default_asset), item["tag"])
        sampling = float(self.config.get("sampling_ms", 100))
        publishing = float(self.config.get("publishing_ms", 500))
        queue = int(self.config.get("queue_size", max(1, min(10_000, int(publishing / max(sampling, 1)) * 2 + 1))))
        params = ua.CreateSubscriptionParameters(RequestedPublishingInterval=publishing, RequestedLifetimeCount=300,
                                                 RequestedMaxKeepAliveCount=10, MaxNotificationsPerPublish=0,
                                                 PublishingEnabled=True, Priority=0)
        subscription = await client.create_subscription(params, _Handler(self, nodes, receive))
        handles = await subscription.subscribe_data_change([client.get_node(n) for n in nodes], queuesize=queue,
                                                           sampling_interval=sampling)
        refused = [handle for handle in handles if not isinstance(handle, int)]
        if refused:
            raise ValueError(f"the server refused {len(refused)} monitored item(s): {refused[0]}")


async def _application_uri(certificate: str) -> str | None:
    """Servers check that the session's application URI is the one in the client certificate."""
    from asyncua.crypto import uacrypto
    from cryptography import x509

    loaded = await uacrypto.load_certificate(certificate)
    try:
        names = loaded.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return None
    uris = names.get_values_for_type(x509.UniformResourceIdentifier)
    return str(uris[0]) if uris else None


async def _resolve(client: Any, item: Mapping[str, Any]) -> Any:
    if "browse_path" in item:
        return await client.nodes.objects.get_child(item["browse_path"].split("/"))
    text = item["node"]
    if text.startswith("nsu="):
        uri, _, rest = text[4:].partition(";")
        text = f"ns={await client.get_namespace_index(uri)};{rest}"
    return client.get_node(text)


class _Handler:
    def __init__(self, source: OpcUaSource, nodes: dict[Any, tuple[str, str]], receive: ReceiveClock) -> None:
        self._source = source
        self._nodes = nodes
        self._receive = receive

    def datachange_notification(self, node: Any, val: Any, data: Any) -> None:
        asset, tag = self._nodes[node.nodeid]
        value = data.monitored_item.Value
        stamp = value.SourceTimestamp or value.ServerTimestamp
        ts = micros(stamp) if stamp is not None else self._receive.now()
        row = reading(asset, tag, ts, val, _quality(value.StatusCode), "opcua")
        self._source.health.received(self._source.emit([row]).accepted)

    def status_change_notification(self, status: Any) -> None:
        self._source.health.failed(f"subscription status: {status}")


def _quality(status: Any) -> str:
    if status is None or status.is_good():
        return GOOD
    return UNCERTAIN if status.is_uncertain() else BAD


SOURCE = OpcUaSource
