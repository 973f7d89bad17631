"""The API's container: set by the local server, or built from the environment on a Lambda cold start."""

from __future__ import annotations

import threading

from mdap.bootstrap import Container, bootstrap
from mdap.settings import load_settings

_lock = threading.Lock()
_container: Container | None = None


def set_container(container: Container | None) -> None:
    global _container
    with _lock:
        _container = container


def release_container(container: Container) -> None:
    """Forget ``container`` if it is still the current one (a process serves one platform at a time)."""
    global _container
    with _lock:
        if _container is container:
            _container = None


def container() -> Container:
    global _container
    with _lock:
        if _container is None:
            _container = bootstrap(load_settings())
        return _container
