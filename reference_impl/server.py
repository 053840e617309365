"""The HTTP transport: a WSGI application over the same handlers, served on loopback by a threaded server."""

import logging
import signal
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from socketserver import ThreadingMixIn
from typing import Any
from urllib.parse import quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from reference_impl.config import InstanceData
from reference_impl.model import Instance
from reference_impl.routes import dispatch
from reference_impl.wire import BadRequest, Headers, Reply, Request

logger = logging.getLogger("reference_impl")

# Larger bodies are refused: nothing modelled needs more, and the server must not be made to buffer gigabytes.
MAX_BODY_BYTES = 1_000_000


def log_request(request: Request, reply: Reply) -> None:
    """Log one line for a request: method, path, status and authenticated user; never headers or bodies."""
    # Percent-encoding keeps a line break in a path from starting a forged log line.
    path = quote(request.path, safe="/:@!$&'()*+,;=-._~")
    logger.info("%s %s %s user=%s", request.method, path, reply.status, reply.user or "-")


def request_from_environ(environ: dict[str, Any]) -> Request:
    """Turn a WSGI environ into the handlers' request."""
    headers = [(key[5:].replace("_", "-"), value) for key, value in environ.items() if key.startswith("HTTP_")]
    if environ.get("CONTENT_TYPE"):
        headers.append(("Content-Type", environ["CONTENT_TYPE"]))
    path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "replace")
    return Request(
        method=environ["REQUEST_METHOD"].upper(),
        path=path,
        query_string=environ.get("QUERY_STRING", ""),
        headers=Headers(headers),
        body=_read_body(environ),
        remote_address=environ.get("REMOTE_ADDR", ""),
        url_root=f"{environ['wsgi.url_scheme']}://{environ.get('HTTP_HOST') or environ['SERVER_NAME']}",
    )


def make_wsgi_app(instance: Instance) -> Callable[..., Iterable[bytes]]:
    """Build the WSGI application for an instance."""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            request = request_from_environ(environ)
        except BadRequest as error:
            request, reply = Request(environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")), error.reply()
        else:
            reply = dispatch(instance, request)
        log_request(request, reply)
        headers = [*reply.headers, ("Content-Length", str(len(reply.body)))]
        start_response(f"{reply.status} {reply.reason}", headers)
        return [reply.body]

    return app


def _read_body(environ: dict[str, Any]) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise BadRequest("The Content-Length header is not a number.") from None
    if length > MAX_BODY_BYTES:
        raise BadRequest(f"The request body has {length} bytes; at most {MAX_BODY_BYTES} are accepted.")
    return environ["wsgi.input"].read(length) if length > 0 else b""


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _ThreadingServerIPv6(_ThreadingServer):
    address_family = socket.AF_INET6


class _QuietHandler(WSGIRequestHandler):
    """Leaves request logging to log_request, which never writes query strings or headers."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the name is fixed by the base class
        pass


@dataclass
class RunningServer:
    """A reference server listening on a real socket."""

    url: str
    instance: Instance


@contextmanager
def running_server(data: InstanceData, host: str = "127.0.0.1", port: int = 0) -> Iterator[RunningServer]:
    """Serve an instance over HTTP in a background thread until the block ends; port 0 picks a free port."""
    instance = Instance(data)
    httpd = _make_httpd(host, port, instance)
    thread = threading.Thread(target=httpd.serve_forever, name="reference-server", daemon=True)
    thread.start()
    try:
        yield RunningServer(f"http://{_url_host(host)}:{httpd.server_port}", instance)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def serve_forever(data: InstanceData, host: str, port: int, announce: Callable[[str], None]) -> None:
    """Serve an instance in the foreground until interrupted; announce receives the base URL first."""
    instance = Instance(data)
    with _make_httpd(host, port, instance) as httpd:
        announce(f"http://{_url_host(host)}:{httpd.server_port}")
        logger.info("Serving %s data from %s", data.product.product.value, data.source)
        # SIGTERM stops the server the way Ctrl+C does, so both end with the same log line.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            logger.info("Stopped")


def _make_httpd(host: str, port: int, instance: Instance) -> WSGIServer:
    server_class = _ThreadingServerIPv6 if ":" in host else _ThreadingServer
    return make_server(host, port, make_wsgi_app(instance), server_class, _QuietHandler)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
