"""Fixtures for the reference server's own tests: every behaviour test runs once in-process and once over HTTP.

The in-process transport is the `responses` mock, and the HTTP transport is a real server on 127.0.0.1. HTTP servers
are shared by every test that uses the same configuration text and reset before each test, because stopping one
takes up to half a second.
"""

import base64
import textwrap
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from reference_impl import Instance, RunningServer, mocked_instance, parse_config, running_server
from reference_impl.records import LoginRecord, Product, Scope, User

# The in-process transport serves this address, so nothing sent there leaves the process.
IN_PROCESS_URL = "https://jira.reference.invalid"
TRANSPORTS = ["in-process", "http"]
# Bounds a request that hangs. No test asserts how fast a request is.
REQUEST_TIMEOUT_SECONDS = 30

USERS_AND_DATA = """
[[users]]
name = "someuser"
password = "someuser-password"
display_name = "Some User"
email = "someuser@example.com"
groups = ["jira-software-users"]

[[users]]
name = "admin"
password = "admin-password"
display_name = "Jira Administrator"
email = "admin@example.com"
groups = ["jira-administrators", "jira-software-users"]

[[users]]
name = "jürgen"
password = "jürgen-password"
display_name = "Jürgen Müller"
email = "juergen@example.com"

[[projects]]
key = "DEMO"
name = "Demo Project"
id = "10000"
type = "software"

[[projects]]
key = "OPEN"
name = "Open Project"
id = "10001"
type = "business"
anonymous_browse = true

[[applications]]
name = "confluence-user-sync"
password = "sync-password"
addresses = ["127.0.0.1", "::1"]
"""


def config_text(*, product: str = "", app: str = "", extra: str = "") -> str:
    """Build configuration text: the test users and data, with extra lines for [product], [app] and the end."""
    sections = [
        "[product]",
        textwrap.dedent(product).strip(),
        "",
        "[app]",
        textwrap.dedent(app).strip(),
        USERS_AND_DATA,
        textwrap.dedent(extra).strip(),
        "",
    ]
    return "\n".join(sections)


def basic_header(name: str, secret: str, scheme: str = "Basic") -> dict[str, str]:
    """Build an Authorization header with the credentials encoded as UTF-8, as the server decodes them.

    `requests` encodes `auth=(name, secret)` as Latin-1, so tests with non-ASCII names use this header instead.
    """
    credentials = base64.b64encode(f"{name}:{secret}".encode("utf-8")).decode("ascii")
    return {"Authorization": f"{scheme} {credentials}"}


def headers_without_date(response: requests.Response) -> dict[str, str]:
    """Return a response's headers without Date, which differs between two otherwise identical replies."""
    return {name: value for name, value in response.headers.items() if name.lower() != "date"}


@dataclass
class Client:
    """A `requests` session aimed at one reference instance, through one transport."""

    url: str
    instance: Instance
    transport: str
    session: requests.Session = field(repr=False)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Send a request to a path of the instance and return redirects without following them."""
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", REQUEST_TIMEOUT_SECONDS)
        return self.session.request(method, f"{self.url}{path}", **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a GET request."""
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a POST request."""
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a PATCH request."""
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        """Send a DELETE request."""
        return self.request("DELETE", path, **kwargs)

    def user(self, name: str) -> User:
        """Return the live user record of the instance, raising LookupError for an unknown name."""
        found = self.instance.find_user(name)
        if found is None:
            raise LookupError(f"The test configuration defines no user named {name!r}.")
        return found

    def record(self, name: str) -> LoginRecord:
        """Return a user's live login counters."""
        return self.user(name).login

    def new_token(self, owner: str, description: str = "test token", **kwargs: Any) -> str:
        """Create a token for a user through the model and return its secret."""
        _, secret = self.instance.create_token(self.user(owner), description, **kwargs)
        return secret

    def new_read_only_token(self, owner: str) -> str:
        """Create a read-only token and return its secret."""
        return self.new_token(owner, "read-only test token", scope=Scope.READ_ONLY)

    @property
    def current_user_path(self) -> str:
        """Return the path of the product's current-user resource."""
        if self.instance.data.product.product is Product.CONFLUENCE:
            return "/rest/api/user/current"
        return "/rest/api/2/myself"

    def fail_logins(self, name: str, count: int) -> None:
        """Send `count` Basic requests with a wrong secret, each of which counts as a failed login."""
        for _ in range(count):
            self.get(self.current_user_path, headers=basic_header(name, "wrong-secret"))


class ServerPool:
    """HTTP servers on 127.0.0.1, one per configuration text, started on first use and stopped together."""

    def __init__(self) -> None:
        self._contexts: list[AbstractContextManager[RunningServer]] = []
        self._servers: dict[str, RunningServer] = {}

    def get(self, text: str) -> RunningServer:
        """Return the server for a configuration text, reset to its loaded state."""
        if text not in self._servers:
            context = running_server(parse_config(text, "test.toml"))
            self._servers[text] = context.__enter__()
            self._contexts.append(context)
        server = self._servers[text]
        server.instance.reset()
        return server

    def stop_all(self) -> None:
        """Stop every server in parallel, because each stop waits for the server's poll interval."""
        threads = [threading.Thread(target=context.__exit__, args=(None, None, None)) for context in self._contexts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT_SECONDS)
        self._contexts.clear()
        self._servers.clear()


@pytest.fixture(scope="session")
def server_pool() -> Iterator[ServerPool]:
    """Share HTTP servers across the session and stop them all at its end."""
    pool = ServerPool()
    try:
        yield pool
    finally:
        pool.stop_all()


@pytest.fixture(params=TRANSPORTS)
def transport(request: pytest.FixtureRequest) -> str:
    """Name the transport a test runs through: 'in-process' or 'http'."""
    return request.param


ClientFactory = Callable[[str], Client]


@pytest.fixture
def make_client(transport: str, server_pool: ServerPool) -> Iterator[ClientFactory]:
    """Build one client per test for configuration text, through the test's transport."""
    with ExitStack() as stack:
        built: list[Client] = []

        def build(text: str) -> Client:
            if built:
                raise RuntimeError("make_client builds one client per test, because the in-process mocks would nest.")
            session = stack.enter_context(requests.Session())
            # Ignore proxy variables and .netrc, so every request goes to the instance and carries only test headers.
            session.trust_env = False
            if transport == "in-process":
                instance = Instance(parse_config(text, "test.toml"))
                stack.enter_context(mocked_instance(instance, IN_PROCESS_URL))
                client = Client(IN_PROCESS_URL, instance, transport, session)
            else:
                server = server_pool.get(text)
                client = Client(server.url, server.instance, transport, session)
            built.append(client)
            return client

        yield build


@pytest.fixture
def client(make_client: ClientFactory) -> Client:
    """A client for the test users with default settings: Jira, passwords allowed, CAPTCHA after 3 failures."""
    return make_client(config_text())
