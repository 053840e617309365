"""Routing and bad input: unmodelled paths, wrong methods, and malformed headers and bodies, never a 500."""

import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from reference_impl.records import Scope
from tests.reference.conftest import (
    REQUEST_TIMEOUT_SECONDS,
    Client,
    ClientFactory,
    ServerPool,
    basic_header,
    config_text,
)

SESSION = "/rest/auth/1/session"
TOKENS = "/rest/de.resolution.apitokenauth/latest/user/token"
SOMEUSER = basic_header("someuser", "someuser-password")


# Unmodelled paths and wrong methods


def test_unmodelled_path_not_found(client: Client) -> None:
    response = client.get("/rest/api/2/myselff")

    assert response.status_code == 404
    message = response.json()["errorMessages"][0]
    assert "Nothing is modelled at /rest/api/2/myselff on jira" in message
    assert "GET /rest/api/2/myself" in message


def test_not_found_lists_three_nearest_routes(client: Client) -> None:
    response = client.get("/rest/api/2/projects")

    listed = response.json()["errorMessages"][0].split("Nearest modelled routes: ", 1)[1]
    assert len(listed.rstrip(".").split("; ")) == 3
    assert "GET /rest/api/2/project" in listed


def test_not_found_lists_only_product_routes(make_client: ClientFactory) -> None:
    client = make_client(config_text(product='name = "confluence"'))

    response = client.get("/rest/api/2/myself")

    assert response.status_code == 404
    message = response.json()["errorMessages"][0]
    assert "on confluence" in message
    assert "/rest/api/2/myself" not in message.split("Nearest modelled routes: ", 1)[1]


def test_wrong_method_not_allowed(client: Client) -> None:
    response = client.request("PUT", "/rest/api/2/myself", headers=SOMEUSER)

    assert response.status_code == 405
    assert response.json()["errorMessages"] == ["PUT is not allowed on /rest/api/2/myself. Allowed: GET, HEAD, OPTIONS."]
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_wrong_method_lists_every_allowed_method(client: Client) -> None:
    response = client.request("PUT", SESSION)

    assert response.status_code == 405
    assert response.json()["errorMessages"][0].endswith("Allowed: DELETE, GET, HEAD, OPTIONS, POST.")


def test_options_lists_allowed_methods(client: Client) -> None:
    response = client.request("OPTIONS", "/rest/api/2/myself", headers=SOMEUSER)

    assert response.status_code == 200
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_options_with_wrong_secret_rejected(client: Client) -> None:
    response = client.request("OPTIONS", "/rest/api/2/myself", headers=basic_header("someuser", "wrong-secret"))

    assert response.status_code == 401
    assert client.record("someuser").current_failed_count == 1


def test_read_only_token_options_allowed(client: Client) -> None:
    token = client.new_token("someuser", scope=Scope.READ_ONLY)

    response = client.request("OPTIONS", "/rest/api/2/myself", headers=basic_header("someuser", token))

    assert response.status_code == 200


def test_read_only_token_unmodelled_write_forbidden(client: Client) -> None:
    token = client.new_token("someuser", scope=Scope.READ_ONLY)

    response = client.request("PUT", "/rest/api/2/myself", headers=basic_header("someuser", token))

    assert response.status_code == 403


def test_head_answered_without_body(client: Client) -> None:
    response = client.request("HEAD", "/rest/api/2/serverInfo")

    assert response.status_code == 200
    assert response.content == b""


def test_trailing_slash_accepted(client: Client) -> None:
    response = client.get("/rest/api/2/serverInfo/")

    assert response.status_code == 200


def test_percent_encoded_path_decoded(client: Client) -> None:
    client.fail_logins("jürgen", 1)

    response = client.get("/reference-api/users/j%C3%BCrgen/login-record")

    assert response.status_code == 200
    assert response.json()["totalFailedCount"] == 1


# Malformed bodies


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'"text"', "must be a JSON object"),
        (b"", "must be a JSON object"),
        (b"[" * 100_000 + b"]" * 100_000, "nests JSON too deeply"),
    ],
    ids=["invalid-json", "not-utf8", "array", "string", "empty", "nested-too-deeply"],
)
@pytest.mark.parametrize("path", [SESSION, TOKENS])
def test_malformed_json_body_rejected(client: Client, path: str, body: bytes, expected: str) -> None:
    headers = {**SOMEUSER, "Content-Type": "application/json"}

    response = client.post(path, data=body, headers=headers)

    assert response.status_code == 400
    assert expected in response.json()["errorMessages"][0]


@pytest.mark.parametrize(
    "body",
    [{"username": "someuser"}, {"username": 1, "password": "x"}, {"username": "", "password": "x"}],
    ids=["missing-password", "number-name", "empty-name"],
)
def test_session_body_without_credentials_rejected(client: Client, body: dict) -> None:
    response = client.post(SESSION, json=body)

    assert response.status_code == 400
    assert '"username" and "password"' in response.json()["errorMessages"][0]


def test_form_body_not_utf8_rejected(client: Client) -> None:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    response = client.post("/login.jsp", data=b"os_username=\xff&os_password=x", headers=headers)

    assert response.status_code == 400
    assert "not valid UTF-8" in response.json()["errorMessages"][0]


def test_create_issue_without_fields_rejected(client: Client) -> None:
    response = client.post("/rest/api/2/issue", json={"summary": "no fields"}, headers=SOMEUSER)

    assert response.status_code == 400


# Malformed headers


@pytest.mark.parametrize(
    "cookie",
    ['JSESSIONID="unterminated', "JSESSIONID", ";;;=", "JSESSIONID=\x7f"],
    ids=["unterminated-quote", "no-value", "only-separators", "control-character"],
)
def test_malformed_cookie_anonymous(client: Client, cookie: str) -> None:
    myself = client.get("/rest/api/2/myself", headers={"Cookie": cookie})
    projects = client.get("/rest/api/2/project", headers={"Cookie": cookie})

    assert myself.status_code == 401
    assert projects.status_code == 200


def test_huge_authorization_header_rejected(client: Client) -> None:
    response = client.get("/rest/api/2/myself", headers={"Authorization": "Basic " + "A" * 6000})

    assert response.status_code == 401


# Raw HTTP requests that `requests` would not send, so they run over HTTP only.


@dataclass(frozen=True)
class RawResponse:
    """Status, headers and body of a raw HTTP response."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes


def raw_request(url: str, method: str, path: str, headers: dict[str, str]) -> RawResponse:
    """Send a request with headers exactly as given and no body, bypassing the client library's checks."""
    parts = urlsplit(url)
    assert parts.hostname == "127.0.0.1", "raw requests go to the loopback test server only"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=REQUEST_TIMEOUT_SECONDS)
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return RawResponse(response.status, response.headers, response.read())
    finally:
        connection.close()


@pytest.fixture
def http_url(server_pool: ServerPool) -> str:
    """The base URL of an HTTP server with the default test configuration."""
    return server_pool.get(config_text()).url


def test_huge_content_length_rejected(http_url: str) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": str(10**12)}

    response = raw_request(http_url, "POST", SESSION, headers)

    assert response.status == 400
    assert b"at most 1000000 are accepted" in response.body


def test_content_length_not_a_number_rejected(http_url: str) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": "many"}

    response = raw_request(http_url, "POST", SESSION, headers)

    assert response.status == 400
    assert b"Content-Length header is not a number" in response.body


def test_negative_content_length_rejected(http_url: str) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": "-5"}

    response = raw_request(http_url, "POST", SESSION, headers)

    assert response.status == 400


def test_non_ascii_authorization_bytes_rejected(http_url: str) -> None:
    # http.client sends str header values as Latin-1, so this is a raw non-ASCII byte on the wire.
    response = raw_request(http_url, "GET", "/rest/api/2/myself", {"Authorization": "Basic c29tZXVzZXI6\xe9"})

    assert response.status == 401
    assert response.headers["X-Seraph-LoginReason"] == "AUTHENTICATED_FAILED"


def test_invalid_utf8_path_not_found(http_url: str) -> None:
    response = raw_request(http_url, "GET", "/rest/api/2/%ff%fe", {})

    assert response.status == 404
