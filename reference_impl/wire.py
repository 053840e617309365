"""Requests and replies as the handlers see them, whichever transport carried them, and the errors they raise."""

import json
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs


class Headers:
    """Request headers with case-insensitive names."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._values = {name.lower(): value for name, value in pairs}

    def get(self, name: str, default: str | None = None) -> str | None:
        """Return a header's value, or the default when it is absent."""
        return self._values.get(name.lower(), default)


@dataclass(frozen=True)
class Request:
    """One HTTP request; `remote_address` is the peer of the connection."""

    method: str
    path: str
    query_string: str = ""
    headers: Headers = field(default_factory=lambda: Headers([]))
    body: bytes = b""
    remote_address: str = "127.0.0.1"
    # Scheme and host the client used, for replies when no base URL is configured.
    url_root: str = "http://127.0.0.1"

    def query(self, name: str) -> str | None:
        """Return the first value of a query parameter, or None."""
        values = parse_qs(self.query_string, keep_blank_values=True).get(name)
        return values[0] if values else None

    def cookie(self, name: str) -> str | None:
        """Return a cookie's value, or None."""
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(self.headers.get("Cookie", "") or "")
        except Exception:  # http.cookies raises CookieError and others on malformed input
            return None
        morsel = jar.get(name)
        return morsel.value if morsel else None

    def json(self) -> dict[str, Any]:
        """Decode a JSON object body, raising BadRequest with the reason when it is not one."""
        try:
            value = json.loads(self.body.decode("utf-8") or "null")
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BadRequest(f"The request body is not valid JSON ({error}). Send a JSON object.") from None
        except RecursionError:
            raise BadRequest("The request body nests JSON too deeply to read. Send a flat JSON object.") from None
        if not isinstance(value, dict):
            raise BadRequest("The request body must be a JSON object, such as {\"name\": \"value\"}.")
        return value

    def form(self) -> dict[str, str]:
        """Decode a URL-encoded form body, keeping the first value of each field."""
        try:
            text = self.body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("The form body is not valid UTF-8. Send URL-encoded UTF-8 text.") from None
        return {name: values[0] for name, values in parse_qs(text, keep_blank_values=True).items()}


@dataclass
class Reply:
    """One HTTP reply."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    # Set by the handler that authenticated the request, for the request log line.
    user: str | None = None

    @classmethod
    def json(cls, value: Any, status: int = 200, headers: list[tuple[str, str]] | None = None) -> "Reply":
        """Build a JSON reply."""
        body = json.dumps(value, separators=(",", ":")).encode("utf-8")
        return cls(status, body, [("Content-Type", "application/json;charset=UTF-8"), *(headers or [])])

    @classmethod
    def text(cls, text: str, status: int = 200, content_type: str = "text/plain;charset=UTF-8") -> "Reply":
        """Build a plain-text or HTML reply."""
        return cls(status, text.encode("utf-8"), [("Content-Type", content_type)])

    @property
    def reason(self) -> str:
        """Return the status line's reason phrase."""
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return "Unknown"


class HTTPError(Exception):
    """An error reply; subclasses fix the status and a default message."""

    status = 500
    message = "The reference server failed to handle the request. Its log has the details."

    def __init__(self, message: str | None = None, headers: list[tuple[str, str]] | None = None) -> None:
        super().__init__(message or self.message)
        self.headers = headers or []

    def reply(self) -> Reply:
        """Build the reply in Jira's error shape."""
        return Reply.json({"errorMessages": [str(self)], "errors": {}}, self.status, self.headers)


class BadRequest(HTTPError):
    status = 400
    message = "The request is malformed."


class Unauthorized(HTTPError):
    status = 401
    message = "You are not authenticated. Send a user name and an API token with Basic authentication."


class Forbidden(HTTPError):
    status = 403
    message = "You are not allowed to do this."


class NotFound(HTTPError):
    status = 404
    message = "Nothing is modelled at this path."


class MethodNotAllowed(HTTPError):
    status = 405
    message = "This method is not allowed here."
