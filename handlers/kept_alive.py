"""Web API calls over kept-alive connections, for the replies and posts the bot sends.

slack_sdk's WebClient sends each call through urllib, which opens a new connection and closes it
after one response: to slack.com that is a TCP and a TLS handshake (two or three round trips)
before every reply. `KeptAliveWebClient` is the same client with one method replaced - the one
that performs a single HTTP request - so that requests go over a connection kept open between
calls. Everything around that method is slack_sdk's: the URL (SLACK_API_URL included), headers,
the retry handlers (rate limits, server errors, dropped connections), timeouts, errors.

What comes back, and what is raised, is what urllib gives there: a status other than 2xx is an
`HTTPError` carrying the body, a request that could not be sent is a `URLError`, a connection
dropped while waiting for the answer is `RemoteDisconnected`. Through a proxy, calls take
slack_sdk's own path.

Connections are shared by the process's threads, one request on a connection at a time, and a
connection idle for IDLE_SECONDS, or one the server has closed meanwhile, is never used again.
"""

from __future__ import annotations

import io
import select
import threading
import time
from http.client import HTTPConnection, HTTPException, HTTPResponse, HTTPSConnection
from ssl import SSLContext, create_default_context
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

# Well under the idle timeouts of Slack's edge and of common proxies: a connection older than this
# is closed rather than risked (a request sent on a connection the server is closing is lost).
IDLE_SECONDS = 20.0
IDLE_PER_ORIGIN = 8  # kept idle per host; more threads posting at once open more, then close them

Origin = tuple[str, str, int]


class ConnectionPool:
    """Idle connections by (scheme, host, port), newest first. A connection is taken for one
    request and handed back once its response has been read in full."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS, idle_per_origin: int = IDLE_PER_ORIGIN) -> None:
        self._idle: dict[Origin, list[tuple[float, HTTPConnection]]] = {}
        self._lock = threading.Lock()
        self._idle_seconds = idle_seconds
        self._idle_per_origin = idle_per_origin
        self._default_context: SSLContext | None = None

    def take(self, origin: Origin, timeout: float | None, context: SSLContext | None) -> tuple[HTTPConnection, bool]:
        """A connection to `origin` and whether it was used before."""
        now = time.monotonic()
        while True:
            with self._lock:
                idle = self._idle.get(origin)
                if not idle:
                    break
                since, connection = idle.pop()
            if now - since < self._idle_seconds and _still_open(connection):
                connection.timeout = timeout
                if connection.sock is not None:
                    connection.sock.settimeout(timeout)
                return connection, True
            connection.close()
        scheme, host, port = origin
        if scheme == "https":
            return HTTPSConnection(host, port, timeout=timeout, context=context or self._tls_context()), False
        return HTTPConnection(host, port, timeout=timeout), False

    def give_back(self, origin: Origin, connection: HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(origin, [])
            if len(idle) < self._idle_per_origin:
                idle.append((time.monotonic(), connection))
                return
        connection.close()

    def forget(self, origin: Origin) -> None:
        """Close every idle connection to `origin`: one of them failed, so the server has likely
        closed the others too (a restart, a deploy)."""
        with self._lock:
            idle = self._idle.pop(origin, [])
        for _, connection in idle:
            connection.close()

    def idle_count(self, origin: Origin) -> int:
        with self._lock:
            return len(self._idle.get(origin, []))

    def _tls_context(self) -> SSLContext:
        # urllib's default for https: the system's certificates, verified. Built once (loading
        # the certificate store is the costly part), then shared, as an SSLContext may be.
        if self._default_context is None:
            self._default_context = create_default_context()
        return self._default_context


def _still_open(connection: HTTPConnection) -> bool:
    """An idle connection has nothing to read; if it has (the server's close, or stray bytes),
    it cannot carry another request."""
    sock = connection.sock
    if sock is None:
        return False
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return not poller.poll(0)


CONNECTIONS = ConnectionPool()


class KeptAliveWebClient(WebClient):
    """slack_sdk's WebClient, sending each HTTP request over a kept-alive connection."""

    pool: ConnectionPool = CONNECTIONS

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https") or not parts.hostname:
            return super()._perform_urllib_http_request_internal(url, req)
        origin = (parts.scheme, parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        connection, reused = self.pool.take(origin, self.timeout, self.ssl)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            try:
                connection.request(req.get_method(), target, body=req.data, headers=dict(req.header_items()))
            except OSError as error:
                raise URLError(error) from error  # as urllib says a request could not be sent
            response = connection.getresponse()
            body = response.read()
        except (OSError, HTTPException):
            connection.close()
            if reused:
                self.pool.forget(origin)
            raise
        if response.will_close:
            connection.close()
        else:
            self.pool.give_back(origin, connection)
        return _as_urllib_gives_it(url, response, body)


def _as_urllib_gives_it(url: str, response: HTTPResponse, body: bytes) -> dict[str, Any]:
    """The dict slack_sdk builds from urllib's response, or the HTTPError urllib raises."""
    if not 200 <= response.status < 300:
        raise HTTPError(url, response.status, response.reason, response.msg, io.BytesIO(body))
    if response.msg.get_content_type() == "application/gzip":
        return {"status": response.status, "headers": response.msg, "body": body}
    charset = response.msg.get_content_charset() or "utf-8"
    return {"status": response.status, "headers": response.msg, "body": body.decode(charset)}


# Kept-alive clients made from Bolt's per-request ones (kept_alive), by what they are made from.
KEPT_CLIENTS = 256
_KEPT: dict[tuple[Any, ...], KeptAliveWebClient] = {}
_KEPT_LOCK = threading.Lock()


def kept_alive(client: WebClient) -> WebClient:
    """`client` (Bolt's, made for one request) as a KeptAliveWebClient: the same token, URL,
    timeout, TLS context, headers, logger and retry handlers. Anything that is not slack_sdk's own
    client (the console's stand-in, which answers in the terminal) is used as it is.

    Bolt builds a client for every request from the app's one, so the kept-alive client made from
    it is kept too, by everything it is made from (a workspace's token among them), rather than
    built again for each reply: building one reads the proxy settings from the environment."""
    if isinstance(client, KeptAliveWebClient) or not isinstance(client, WebClient):
        return client
    handlers = tuple(client.retry_handlers or ())
    # WebClient keeps the team_id it was made with among the parameters it sends with every call.
    team_id = client.default_params.get("team_id")
    made_from = (client.token, client.base_url, client.timeout, client.proxy, team_id,
                 id(client.ssl), id(client.headers), id(client.logger), tuple(map(id, handlers)))
    with _KEPT_LOCK:
        kept = _KEPT.get(made_from)
    if kept is not None:
        return kept
    kept = KeptAliveWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        headers=client.headers,
        team_id=team_id,
        logger=client.logger,
        retry_handlers=list(handlers),
    )
    with _KEPT_LOCK:
        if len(_KEPT) >= KEPT_CLIENTS:
            _KEPT.clear()  # more workspaces than this posting at once is rare: start again
        # The key names the TLS context, headers, logger and retry handlers by id: the kept client
        # holds each of them, so no id can be reused by another object while its entry is here.
        _KEPT[made_from] = kept
    return kept


def post_reply(client: WebClient, method: str, **fields: Any) -> None:
    """A reply posted with `method` (chat.postMessage, chat.postEphemeral) over a kept-alive
    connection; fields given as None are left out, as slack_sdk's named methods leave them out.

    The reply's blocks are plain dicts already (handlers.blocks), so the fields go to `api_call`
    as they are: the named methods first walk every block looking for slack_sdk's model objects to
    turn into dicts, which was a third of a question's posting before anything was sent. A
    stand-in that is not slack_sdk's client (the console's) is called by the method's own name."""
    sent = {name: value for name, value in fields.items() if value is not None}
    if not isinstance(client, WebClient):
        getattr(client, method.replace(".", "_"))(**sent)
        return
    kept_alive(client).api_call(method, json=sent)
