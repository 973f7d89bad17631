"""A TCP proxy on loopback that a test can cut (connections refused), hold (requests hang mid-way) or reset."""

from __future__ import annotations

import contextlib
import socket
import threading

from tests.integration.edge.ports import free_port


class CuttableProxy:
    def __init__(self, target_port: int) -> None:
        self.port = free_port()
        self._target = target_port
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.puts_seen = 0
        self._hold_at: int | None = None
        self.holding = threading.Event()
        self.restore()

    def restore(self) -> None:
        """Accept and forward again."""
        with self._lock:
            self._hold_at = None
            self.holding.clear()
            if self._listener is None:
                listener = socket.socket()
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                listener.bind(("127.0.0.1", self.port))
                listener.listen(64)
                self._listener = listener
                threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Refuse new connections (nothing listens) and reset the open ones."""
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
        self.reset_connections()

    def hold_from_next_put(self, passing: int = 1) -> None:
        """Let ``passing`` more HTTP PUT requests through, then stop forwarding client bytes: the next PUT hangs."""
        with self._lock:
            self._hold_at = self.puts_seen + passing + 1

    def reset_connections(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def close(self) -> None:
        self.cut()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self._target), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client and not self._may_forward(data):
                    continue  # held: the request never completes
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def _may_forward(self, data: bytes) -> bool:
        with self._lock:
            if self.holding.is_set():
                return False
            self.puts_seen += data.count(b"PUT /")
            if self._hold_at is not None and self.puts_seen >= self._hold_at:
                self.holding.set()
                return False
            return True
