"""`mdap run`: the whole platform on one machine."""

from __future__ import annotations

import errno
import logging
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waitress.channel import HTTPChannel
from waitress.proxy_headers import proxy_headers_middleware
from waitress.server import create_server

from mdap.api import health as health_module
from mdap.api.app import app
from mdap.api.deps import release_container, set_container
from mdap.api.limits import MAX_HEADER_BYTES, UPLOAD_BODY
from mdap.bootstrap import Container, StartupError, bootstrap, local_secret
from mdap.localserver.access_log import AccessLog
from mdap.localserver.demo import seed_demo_users
from mdap.localserver.demo_factory import seed_demo_factory
from mdap.localserver.demo_program import seed_demo_program
from mdap.localserver.gateway import VerifyingGateway
from mdap.localserver.http_limits import LimitedChannel
from mdap.localserver.workers import EventDispatcher, ScheduledTasks
from mdap.localserver.wsgi import LocalApp
from mdap.ports.clock import Clock
from mdap.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[3]
log = logging.getLogger("mdap.server")


@dataclass
class Platform:
    """A running local platform; tests start one in-process, `mdap run` serves one until Ctrl-C."""

    container: Container
    server: Any
    dispatcher: EventDispatcher
    logins: dict[str, tuple[str, str]]
    workflow: Any = None
    scheduler: ScheduledTasks | None = None
    access_log: AccessLog = field(default_factory=AccessLog)
    _serving: threading.Event = field(default_factory=threading.Event)
    _served: threading.Event = field(default_factory=threading.Event)

    @property
    def url(self) -> str:
        return f"http://{self.server.effective_host}:{self.server.effective_port}"

    def serve_forever(self) -> None:
        self._serving.set()
        try:
            self.server.run()
        finally:
            self._serving.clear()
            self._served.set()

    def close(self) -> None:
        """Stop serving (from any thread), then the workers. In-flight requests finish first."""
        self.server.task_dispatcher.shutdown(timeout=5)
        if self._serving.is_set():
            # the serving loop closes its own sockets; closing them under its select() would race
            self.server.trigger.pull_trigger(lambda: _close_channels(self.server))
            self._served.wait(timeout=10)
        else:
            _close_channels(self.server)
        self.dispatcher.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
        self.access_log.stop()
        if self.workflow is not None:
            self.workflow.stop_runner()
            self.workflow.close()
        health_module.extra_probes.clear()
        release_container(self.container)


def _close_channels(server: Any) -> None:
    """Close every socket of the server; its serving loop returns once its socket map is empty."""
    for dispatcher in list(server._map.values()):
        if isinstance(dispatcher, HTTPChannel):
            dispatcher.handle_close()  # releases its pending request state too
        else:
            dispatcher.close()  # the listening socket and the wake-up trigger


def frontend_dir() -> Path:
    return REPO_ROOT / "frontend" / "dist"


def start_platform(settings: Settings, host: str, port: int, *, threads: int = 8,
                   client_config: dict[str, Any] | None = None, container: Container | None = None,
                   clock: Clock | None = None) -> Platform:
    if settings.profile != "local":
        raise StartupError("mdap run serves the local profile only; set MDAP_PROFILE=local")
    server = _bind(host, port, settings.trusted_proxy)
    base_url = settings.public_url or f"http://{host}:{server.effective_port}"
    settings = settings.model_copy(update={"public_url": base_url})
    container = container or bootstrap(settings, clock=clock)
    set_container(container)
    data_dir = settings.data_dir.expanduser().resolve()
    logins = seed_demo_users(container.identity, data_dir)  # type: ignore[arg-type]
    seed_demo_program(container, container.identity)  # type: ignore[arg-type]
    workflow = _start_workflow(container)
    dispatcher = EventDispatcher(container.object_events, {"raw": _raw_objects(container)})
    seed_demo_factory(container)  # reference data and shop-floor files: raw objects the pipeline picks up
    _register_probes(dispatcher, workflow)
    _install(server, LocalApp(
        VerifyingGateway(app, container.identity.verify),  # type: ignore[attr-defined]
        frontend_dir(),
        _blob_handler(container, data_dir),
        {"apiBase": "/api", "sessionWarningSeconds": 120, **(client_config or {})},
    ))
    dispatcher.start()
    scheduler = _scheduled_tasks(settings)
    scheduler.start()
    access_log = AccessLog()
    access_log.start()
    return Platform(container, server, dispatcher, logins, workflow, scheduler, access_log)


def _raw_objects(container: Container) -> Any:
    """The subscriber of raw-zone object-created events (EventBridge -> SQS -> PipelineStart in AWS): objects of a
    dataset become pending inputs of the preprocessing pipeline, and runs start."""
    from mdap.pipeline.tasks.wiring import pipeline

    intake = pipeline(container).intake
    return lambda event: intake.receive([event])


def _bind(host: str, port: int, trusted_proxy: str) -> Any:
    # X-Forwarded-For is believed only from the configured proxy, and then only its last hop
    proxy: dict[str, Any] = ({"trusted_proxy": trusted_proxy, "trusted_proxy_headers": {"x-forwarded-for"},
                              "trusted_proxy_count": 1} if trusted_proxy else {})
    try:
        # the application is set once the platform is wired; binding first fails fast on a busy port
        server = create_server(lambda environ, start: [], host=host, port=port, threads=8, ident="mdap",
                               clear_untrusted_proxy_headers=True, max_request_header_size=MAX_HEADER_BYTES,
                               max_request_body_size=UPLOAD_BODY + 1,
                               # poll(), not select(): select() cannot watch a descriptor above 1024 and its
                               # ValueError ends the serving loop, leaving every later request unanswered
                               asyncore_use_poll=True, **proxy)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise StartupError(f"port {port} on {host} is already in use; choose another with --port") from None
        raise StartupError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.channel_class = LimitedChannel  # per-route body limits and JSON refusals from the HTTP parser on
    # A queued request is normal under load; a warning per request would cost more than serving it.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    return server


# Tasks that run more often locally than EventBridge's one-minute floor allows in AWS: name -> setting (seconds).
LOCAL_RATES = {"MonitoringEvaluate": "monitoring_evaluate_seconds"}


def _scheduled_tasks(settings: Settings) -> ScheduledTasks:
    """The tasks of step_functions/tasks.json with a "schedule", on their rate (EventBridge rules in AWS), or the
    local rate a setting gives them (LOCAL_RATES)."""
    from asl_engine.taskmap import load_task_map
    from mdap.adapters.local.workflow import import_handler

    tasks = [(task.logical_name, _local_rate(settings, task.logical_name) or task.every_seconds,
              import_handler(task.handler)) for task in load_task_map().values() if task.every_seconds]
    return ScheduledTasks(tasks)


def _local_rate(settings: Settings, name: str) -> int | None:
    return int(getattr(settings, LOCAL_RATES[name])) if name in LOCAL_RATES else None


def _install(server: Any, application: Any) -> None:
    """Serve ``application`` behind waitress's proxy-header handling, as create_server would have wrapped it."""
    adj = server.adj
    server.application = proxy_headers_middleware(
        application, trusted_proxy=adj.trusted_proxy, trusted_proxy_count=adj.trusted_proxy_count,
        trusted_proxy_headers=adj.trusted_proxy_headers, clear_untrusted=adj.clear_untrusted_proxy_headers,
        log_untrusted=adj.log_untrusted_proxy_headers, logger=server.logger)


def _start_workflow(container: Container) -> Any:
    workflow = container.workflow
    workflow.start_runner()  # type: ignore[attr-defined]
    return workflow


def _register_probes(dispatcher: EventDispatcher, workflow: Any) -> None:
    health_module.extra_probes["event_dispatch"] = lambda: (dispatcher.alive, "running" if dispatcher.alive
                                                            else "stopped")
    if workflow is not None:
        health_module.extra_probes["workflow_engine"] = lambda: (
            workflow.runner_alive, "running" if workflow.runner_alive else "stopped")
    has_ui = (frontend_dir() / "index.html").exists()
    health_module.extra_probes["frontend"] = lambda: (has_ui, "built" if has_ui else "not built: run make install")


def _blob_handler(container: Container, data_dir: Path) -> Any:
    from mdap.adapters.local.blob_urls import BlobUrlSigner, handle_blob_request

    signer = BlobUrlSigner(local_secret(data_dir, "blob-url.key"), container.clock)

    def handle(method: str, path: str, query: str, body: bytes, headers: dict[str, str]
               ) -> tuple[int, dict[str, str], bytes]:
        return handle_blob_request(container.blobs, signer, method, path, query, body,  # type: ignore[arg-type]
                                   container.clock.now(), headers)

    return handle


def _warn_if_shared(data_dir: Path) -> None:
    from mdap.adapters.local.private import readable_by_others

    if data_dir.exists() and readable_by_others(data_dir):
        print(f"warning: data directory {data_dir} can be read by other users of this machine (it holds password "
              f"hashes and keys); make it private with: chmod 700 {data_dir}", file=sys.stderr, flush=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(settings: Settings, host: str, port: int) -> None:
    _warn_if_shared(settings.data_dir.expanduser().resolve())
    platform = start_platform(settings, host, port)
    print(f"제조데이터 활성화 플랫폼 (local profile) — {platform.url}")
    print(f"data directory: {settings.data_dir.expanduser().resolve()}")
    print("demo log-ins (local only):")
    for role, (email, password) in platform.logins.items():
        print(f"  {role:<10} {email:<28} {password}")
    print("Press Ctrl-C to stop.", flush=True)
    # Explicit for both: a process started in the background of a script inherits an ignored SIGINT.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        platform.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        platform.close()
        print("stopped.", file=sys.stderr)
