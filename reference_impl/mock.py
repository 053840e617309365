"""The in-process transport: a `responses` mock that sends `requests` traffic for a base URL to the handlers."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit

import requests
import responses

from reference_impl.model import Instance
from reference_impl.routes import dispatch
from reference_impl.server import log_request
from reference_impl.wire import Headers, Request

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def request_from_prepared(prepared: requests.PreparedRequest, client_address: str) -> Request:
    """Turn a request that `requests` prepared into the handlers' request."""
    parts = urlsplit(prepared.url or "")
    body = prepared.body or b""
    return Request(
        method=(prepared.method or "GET").upper(),
        # Percent-decoded as UTF-8, as the WSGI server decodes PATH_INFO, so both transports see the same path.
        path=unquote(parts.path or "/", errors="replace"),
        query_string=parts.query,
        headers=Headers(list(prepared.headers.items())),
        body=body.encode("utf-8") if isinstance(body, str) else bytes(body),
        remote_address=client_address,
        url_root=f"{parts.scheme}://{parts.netloc}",
    )


@contextmanager
def mocked_instance(instance: Instance, base_url: str, client_address: str = "127.0.0.1") -> Iterator[responses.RequestsMock]:
    """Route every `requests` call under base_url to the instance until the block ends.

    Calls to other URLs fail with responses' ConnectionError, so nothing leaves the process.
    """
    url_pattern = re.compile(re.escape(base_url.rstrip("/")) + r"(/.*)?$")

    def callback(prepared: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        request = request_from_prepared(prepared, client_address)
        reply = dispatch(instance, request)
        log_request(request, reply)
        # responses takes a dict, so repeated headers other than Set-Cookie are joined as HTTP allows.
        headers: dict[str, str] = {}
        for name, value in reply.headers:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return reply.status, headers, reply.body

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in METHODS:
            mock.add_callback(method, url_pattern, callback=callback)
        yield mock
