"""A fake of Slack's Socket Mode WebSocket server on 127.0.0.1, for tests. Standard library only.

Usage, with the fake Web API handing out its URL the way ``apps.connections.open`` does::

    with FakeSocketModeServer() as socket_mode, FakeSlackWebAPI(socket_mode_url=socket_mode.url) as web:
        handler = SocketModeHandler(app, "xapp-test")   # app's client points at web.base_url
        handler.connect()
        envelope_id = socket_mode.slash_command(slash_command_payload("/overdue", response_url=...))
        ack = socket_mode.wait_for_ack(envelope_id)
        handler.close()

What it speaks (RFC 6455, the parts Slack uses):

* the HTTP/1.1 upgrade handshake on ``GET /link/?ticket=...&app_id=...`` (``Sec-WebSocket-Accept``
  from the client's key; anything else is answered ``400`` and recorded in :attr:`errors`);
* then ``{"type": "hello", ...}`` as Slack sends it on every new connection;
* envelopes pushed by the test (``slash_commands``, ``events_api``, ``interactive``), as unmasked
  text frames, as a server must send them;
* every text frame the client sends back (acks: ``{"envelope_id": ..., "payload": {...}}``) is
  recorded, in order; client frames must be masked (an unmasked one is a protocol error);
* pings from the client are answered with a pong carrying the same data; the server also pings the
  client every ``ping_interval`` seconds, as Slack does;
* a close frame from the client is answered with a close frame.

Not supported: ``permessage-deflate`` (the slack_sdk clients do not ask for it), TLS (``wss://``).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import socket
import struct
import threading
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from . import slack_requests as sr
from . import slack_validation

__all__ = [
    "FakeSocketModeServer",
    "Received",
    "SocketModeWaitTimeout",
    "slash_command_payload",
]

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_MAX_HANDSHAKE = 16 * 1024

OP_CONTINUATION, OP_TEXT, OP_BINARY = 0x0, 0x1, 0x2
OP_CLOSE, OP_PING, OP_PONG = 0x8, 0x9, 0xA


def slash_command_payload(command: str = "/actions", text: str = "", **kwargs: Any) -> dict[str, str]:
    """A slash command as Socket Mode delivers it: the same fields as the HTTP form body
    (see :func:`slack_requests.slash_command_body`, same arguments), as a dict of strings."""
    return dict(parse_qsl(sr.slash_command_body(command, text, **kwargs), keep_blank_values=True))


class SocketModeWaitTimeout(AssertionError):
    """wait_for_ack() / wait_for_connection() ran out of time; the message says what did arrive."""


@dataclass(frozen=True)
class Received:
    """One text frame the client sent."""

    connection: int  # 1 for the first connection, 2 for the next...
    text: str
    message: Any  # JSON-decoded text, or None if it was not JSON
    at: float  # time.monotonic()

    @property
    def envelope_id(self) -> str | None:
        return self.message.get("envelope_id") if isinstance(self.message, dict) else None


class _ConnectionClosed(Exception):
    pass


@dataclass(eq=False)
class _Connection:
    number: int
    sock: socket.socket
    path: str = ""
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    open: bool = False
    send_lock: threading.Lock = field(default_factory=threading.Lock)
    thread: threading.Thread | None = None

    def send_frame(self, opcode: int, payload: bytes) -> None:
        """One unmasked, unfragmented frame (servers never mask)."""
        n = len(payload)
        if n < 126:
            header = struct.pack("!BB", 0x80 | opcode, n)
        elif n < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 126, n)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, n)
        with self.send_lock:
            if not self.open:
                raise _ConnectionClosed(f"connection {self.number} is closed")
            try:
                self.sock.sendall(header + payload)
            except OSError as exc:
                self.open = False
                raise _ConnectionClosed(f"connection {self.number}: {exc}") from exc

    def send_text(self, message: Mapping[str, Any]) -> None:
        self.send_frame(OP_TEXT, json.dumps(message, separators=(",", ":")).encode("utf-8"))

    def shut(self) -> None:
        with self.send_lock:
            self.open = False
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class FakeSocketModeServer:
    """Slack's Socket Mode endpoint on 127.0.0.1:<random port>, on background threads."""

    def __init__(
        self,
        *,
        app_id: str = sr.API_APP_ID,
        host: str = "127.0.0.1",
        ping_interval: float | None = 0.1,
        send_hello: bool = True,
    ) -> None:
        self.app_id = app_id
        #: The ``ticket`` query parameter the URL carries; connections without it are refused.
        self.ticket = uuid.uuid4().hex
        self.ping_interval = ping_interval
        self.send_hello = send_hello
        self._host = host
        self._listener: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._cond = threading.Condition()
        self._numbers = itertools.count(1)
        self._connections: list[_Connection] = []
        self._received: list[Received] = []
        self._sent: list[dict[str, Any]] = []
        #: Protocol problems seen (bad handshakes, unmasked client frames, broken frames...).
        self.errors: list[str] = []
        #: Pong frames received from the client (answers to the server's pings).
        self.pongs = 0

    # ----------------------------------------------------------- lifecycle

    def start(self) -> Self:
        if self._listener is not None:
            return self
        self._stopping.clear()
        listener = socket.create_server((self._host, 0))
        listener.settimeout(0.05)
        self._listener = listener
        self._spawn(self._accept_loop, "FakeSocketMode-accept")
        if self.ping_interval:
            self._spawn(self._ping_loop, "FakeSocketMode-ping")
        return self

    def stop(self) -> None:
        """Close every connection (without a close frame: a real client would reconnect on one)
        and join every thread this server started."""
        if self._listener is None:
            return
        self._stopping.set()
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            connection.shut()
        for thread in self._threads:
            thread.join(timeout=5)
        alive = [t.name for t in self._threads if t.is_alive()]
        self._listener.close()
        self._listener = None
        self._threads = []
        if alive:
            raise RuntimeError(f"FakeSocketModeServer threads did not stop: {alive}")

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._listener is None:
            raise RuntimeError("FakeSocketModeServer is not running; use `with FakeSocketModeServer() as server:`")
        return self._listener.getsockname()[1]

    @property
    def url(self) -> str:
        """What ``apps.connections.open`` answers: pass as FakeSlackWebAPI(socket_mode_url=...)."""
        return f"ws://{self._host}:{self.port}/link/?ticket={self.ticket}&app_id={self.app_id}"

    # ----------------------------------------------------------- pushing envelopes

    def wait_for_connection(self, timeout: float = 5.0) -> int:
        """Block until a client has completed the handshake; return the newest open connection's number."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                live = [c for c in self._connections if c.open]
                if live:
                    return live[-1].number
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SocketModeWaitTimeout(
                        f"no open Socket Mode connection after {timeout:g}s "
                        f"({len(self._connections)} connection(s) in all; errors: {self.errors[-3:]})"
                    )
                self._cond.wait(left)

    def send(self, envelope: Mapping[str, Any], timeout: float = 5.0) -> None:
        """Send any message (an envelope, or e.g. ``{"type": "disconnect", ...}``) to the newest connection."""
        number = self.wait_for_connection(timeout)
        with self._cond:
            connection = next(c for c in self._connections if c.number == number)
            self._sent.append(dict(envelope))
        connection.send_text(envelope)

    def envelope(
        self,
        type: str,
        payload: Mapping[str, Any],
        *,
        accepts_response_payload: bool,
        envelope_id: str | None = None,
        **extra: Any,
    ) -> str:
        """Push an envelope as Slack would; returns its envelope_id."""
        envelope_id = envelope_id or str(uuid.uuid4())
        message = {
            "envelope_id": envelope_id,
            "payload": dict(payload),
            "type": type,
            "accepts_response_payload": accepts_response_payload,
            **extra,
        }
        self.send(message)
        return envelope_id

    def slash_command(self, payload: Mapping[str, Any], *, envelope_id: str | None = None) -> str:
        """A ``slash_commands`` envelope; ``payload`` as :func:`slash_command_payload` builds it."""
        return self.envelope("slash_commands", payload, accepts_response_payload=True, envelope_id=envelope_id)

    def event(
        self,
        body: Mapping[str, Any],
        *,
        envelope_id: str | None = None,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> str:
        """An ``events_api`` envelope; ``body`` is the event_callback (sr.event_callback_payload)."""
        return self.envelope(
            "events_api",
            body,
            accepts_response_payload=False,
            envelope_id=envelope_id,
            retry_attempt=retry_attempt,
            retry_reason=retry_reason,
        )

    def interactive(
        self,
        payload: Mapping[str, Any],
        *,
        envelope_id: str | None = None,
        accepts_response_payload: bool | None = None,
    ) -> str:
        """An ``interactive`` envelope (block_actions, view_submission, shortcuts...). Slack lets
        the ack carry an answer only for payloads that can have one (view_submission, block_suggestion)."""
        if accepts_response_payload is None:
            accepts_response_payload = payload.get("type") in ("view_submission", "block_suggestion")
        return self.envelope(
            "interactive", payload, accepts_response_payload=accepts_response_payload, envelope_id=envelope_id
        )

    # ----------------------------------------------------------- what came back

    @property
    def received(self) -> list[Received]:
        """Every text frame the client sent, in order."""
        with self._cond:
            return list(self._received)

    def acks(self, envelope_id: str) -> list[dict[str, Any]]:
        with self._cond:
            return [r.message for r in self._received if r.envelope_id == envelope_id]

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """Block until the client acks ``envelope_id``; return the ack (``{"envelope_id", "payload"?}``)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for r in self._received:
                    if r.envelope_id == envelope_id:
                        refused = slack_validation.ack_refusal(r.message.get("payload"))
                        if refused is not None:  # Slack shows an error instead of this ack
                            raise AssertionError(f"Slack would refuse this ack ({refused.error}): {refused.messages}")
                        return r.message
                left = deadline - time.monotonic()
                if left <= 0:
                    sent = [m.get("envelope_id") for m in self._sent]
                    got = [r.text[:200] for r in self._received[-5:]]
                    raise SocketModeWaitTimeout(
                        f"no ack for envelope {envelope_id!r} within {timeout:g}s; envelopes sent: {sent}; "
                        f"last messages received: {got}; open connections: "
                        f"{[c.number for c in self._connections if c.open]}; errors: {self.errors[-3:]}"
                    )
                self._cond.wait(left)

    @property
    def connection_count(self) -> int:
        """Handshakes completed so far (a reconnect makes a new one)."""
        with self._cond:
            return sum(1 for c in self._connections if c.path)

    # ----------------------------------------------------------- threads

    def _spawn(self, target: Any, name: str, *args: Any) -> threading.Thread:
        thread = threading.Thread(target=target, args=args, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def _error(self, message: str) -> None:
        with self._cond:
            self.errors.append(message)
            self._cond.notify_all()

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                sock, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(next(self._numbers), sock)
            with self._cond:
                self._connections.append(connection)
            if self._stopping.is_set():  # raced with stop(): it may not have seen this one
                connection.shut()
                return
            connection.thread = self._spawn(self._serve, f"FakeSocketMode-conn{connection.number}", connection)

    def _ping_loop(self) -> None:
        assert self.ping_interval
        while not self._stopping.wait(self.ping_interval):
            with self._cond:
                live = [c for c in self._connections if c.open]
            for connection in live:
                try:
                    connection.send_frame(OP_PING, f"fake:{time.time():.6f}".encode())
                except _ConnectionClosed:
                    pass

    def _serve(self, connection: _Connection) -> None:
        reader = _Reader(connection.sock)
        try:
            if not self._handshake(connection, reader):
                return
            if self.send_hello:
                connection.send_text(
                    {
                        "type": "hello",
                        "num_connections": 1,
                        "debug_info": {
                            "host": "applink-fake-127-0-0-1",
                            "build_number": 1,
                            "approximate_connection_time": 18060,
                        },
                        "connection_info": {"app_id": self.app_id},
                    }
                )
            self._read_frames(connection, reader)
        except (_ConnectionClosed, OSError):
            pass  # the client went away, or stop() closed the socket
        finally:
            connection.shut()
            with self._cond:
                self._cond.notify_all()

    def _handshake(self, connection: _Connection, reader: _Reader) -> bool:
        head = reader.until(b"\r\n\r\n", _MAX_HANDSHAKE)
        if head is None:
            self._error(f"connection {connection.number}: closed or oversized before the handshake finished")
            return False
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        problem = None
        target = urlsplit(parts[1]) if len(parts) == 3 else None
        query = dict(parse_qsl(target.query)) if target else {}
        if len(parts) != 3 or parts[0] != "GET" or parts[2] != "HTTP/1.1":
            problem = f"bad request line {lines[0]!r}"
        elif headers.get("upgrade", "").lower() != "websocket":
            problem = "no 'Upgrade: websocket' header"
        elif "upgrade" not in [t.strip().lower() for t in headers.get("connection", "").split(",")]:
            problem = "no 'Connection: Upgrade' header"
        elif headers.get("sec-websocket-version") != "13":
            problem = f"Sec-WebSocket-Version is {headers.get('sec-websocket-version')!r}, not '13'"
        elif not _valid_key(headers.get("sec-websocket-key", "")):
            problem = "Sec-WebSocket-Key is missing or is not 16 bytes in base64"
        elif query.get("ticket") != self.ticket:
            problem = f"ticket {query.get('ticket')!r} is not the one apps.connections.open handed out"
        if problem:
            self._error(f"connection {connection.number}: handshake refused: {problem}")
            body = problem.encode()
            connection.sock.sendall(
                b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            return False
        accept = base64.b64encode(hashlib.sha1((headers["sec-websocket-key"] + _GUID).encode()).digest()).decode()
        # Registered as open before the 101 goes out, so that once the client's connect() returns
        # the test can push an envelope straight away.
        with self._cond:
            assert target is not None
            connection.path, connection.query, connection.headers = target.path, query, headers
            connection.open = True
            self._cond.notify_all()
        connection.sock.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        return True

    def _read_frames(self, connection: _Connection, reader: _Reader) -> None:
        fragments: list[bytes] = []
        fragment_opcode: int | None = None
        while True:
            head = reader.exact(2)
            if head is None:
                return  # the client closed the TCP connection (slack_sdk's close() sends no close frame)
            b1, b2 = head
            fin, opcode, masked, length = b1 & 0x80, b1 & 0x0F, b2 & 0x80, b2 & 0x7F
            if b1 & 0x70:
                return self._fail(connection, 1002, "reserved bits set (no extension was negotiated)")
            if length == 126:
                raw = reader.exact(2)
                if raw is None:
                    return
                (length,) = struct.unpack("!H", raw)
            elif length == 127:
                raw = reader.exact(8)
                if raw is None:
                    return
                (length,) = struct.unpack("!Q", raw)
            if not masked:
                return self._fail(connection, 1002, "client frame is not masked")
            key = reader.exact(4)
            data = reader.exact(length) if length else b""
            if key is None or data is None:
                return
            data = _unmask(data, key)
            if opcode >= 0x8:  # control frames: never fragmented, at most 125 bytes
                if not fin or length > 125:
                    return self._fail(connection, 1002, "fragmented or oversized control frame")
                if opcode == OP_PING:
                    connection.send_frame(OP_PONG, data)
                elif opcode == OP_PONG:
                    with self._cond:
                        self.pongs += 1
                elif opcode == OP_CLOSE:
                    try:
                        connection.send_frame(OP_CLOSE, data[:2])
                    except _ConnectionClosed:
                        pass
                    return
                else:
                    return self._fail(connection, 1002, f"unknown control opcode {opcode:#x}")
                continue
            if opcode == OP_CONTINUATION:
                if fragment_opcode is None:
                    return self._fail(connection, 1002, "continuation frame with nothing to continue")
            elif fragment_opcode is not None:
                return self._fail(connection, 1002, "new data frame in the middle of a fragmented one")
            elif opcode in (OP_TEXT, OP_BINARY):
                fragment_opcode = opcode
            else:
                return self._fail(connection, 1002, f"unknown data opcode {opcode:#x}")
            fragments.append(data)
            if not fin:
                continue
            payload, kind = b"".join(fragments), fragment_opcode
            fragments, fragment_opcode = [], None
            if kind != OP_TEXT:
                self._error(f"connection {connection.number}: binary frame ({len(payload)} bytes); Slack expects text")
                continue
            try:
                text = payload.decode("utf-8")
            except UnicodeDecodeError:
                return self._fail(connection, 1007, "text frame is not UTF-8")
            try:
                message = json.loads(text)
            except ValueError:
                message = None
                self._error(f"connection {connection.number}: text frame is not JSON: {text[:200]!r}")
            with self._cond:
                self._received.append(Received(connection.number, text, message, time.monotonic()))
                self._cond.notify_all()

    def _fail(self, connection: _Connection, code: int, reason: str) -> None:
        self._error(f"connection {connection.number}: {reason}")
        try:
            connection.send_frame(OP_CLOSE, struct.pack("!H", code) + reason.encode()[:120])
        except _ConnectionClosed:
            pass


class _Reader:
    """Buffered reads from a blocking socket; None once the peer has closed it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        if not chunk:
            return False
        self.buffer += chunk
        return True

    def exact(self, n: int) -> bytes | None:
        while len(self.buffer) < n:
            if not self._fill():
                return None
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def until(self, marker: bytes, limit: int) -> bytes | None:
        while marker not in self.buffer:
            if len(self.buffer) > limit or not self._fill():
                return None
        out, _, self.buffer = self.buffer.partition(marker)
        return out


def _valid_key(key: str) -> bool:
    try:
        return len(base64.b64decode(key, validate=True)) == 16
    except ValueError:
        return False


def _unmask(data: bytes, key: bytes) -> bytes:
    # XOR through big integers: fast enough for any payload a test sends.
    n = len(data)
    if not n:
        return data
    mask = (key * (n // 4 + 1))[:n]
    return (int.from_bytes(data, "big") ^ int.from_bytes(mask, "big")).to_bytes(n, "big")
