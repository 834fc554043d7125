"""The threaded waitress server the demo and tests use: it stops cleanly, even with clients connected."""

from __future__ import annotations

import socket
import threading
from typing import Any

import pytest

from bot.httpserver import BackgroundServer


def _hello(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_stopping_ends_the_loop_without_a_thread_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    crashes: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: crashes.append(args.exc_value))
    for _ in range(20):
        server = BackgroundServer(_hello).start()
        port = int(server.url.rsplit(":", 1)[1])
        idle = socket.create_connection(("127.0.0.1", port))  # a keep-alive client still connected
        idle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert b"200 OK" in idle.recv(1024)
        server.stop()
        assert not server.running
        idle.close()
    assert crashes == []
