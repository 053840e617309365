"""Authenticate a request the way Seraph and the API Token Authentication app do, and shape the failures."""

import base64
import binascii
from dataclasses import dataclass
from urllib.parse import quote

from reference_impl.handlers.context import Call
from reference_impl.model import Login, Outcome
from reference_impl.records import Product, User, address_in
from reference_impl.wire import Forbidden, HTTPError, Unauthorized

SESSION_COOKIE = "JSESSIONID"


@dataclass(frozen=True)
class BasicCredentials:
    """A user name and secret from an `Authorization: Basic` header."""

    name: str
    secret: str


def parse_basic(value: str) -> BasicCredentials | None:
    """Decode a Basic credential, or return None when it is malformed.

    The credential is base64 of `name:secret`, decoded as UTF-8 and split on the first colon only, so a
    secret may contain colons. Nothing is trimmed. Bytes that are not UTF-8 are kept as surrogate escapes,
    so they never match a stored name or secret.
    """
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8", "surrogateescape")
    except (binascii.Error, ValueError):
        return None
    name, colon, secret = decoded.partition(":")
    if not colon or not name:
        return None
    return BasicCredentials(name, secret)


def split_authorization(header: str) -> tuple[str, str]:
    """Split an Authorization header into its lower-case scheme and its credentials."""
    scheme, _, credentials = header.strip().partition(" ")
    return scheme.lower(), credentials


def authenticate_user(call: Call, *, scope_exempt: bool = False) -> User | None:
    """Find the user a request acts as, by Basic, Bearer or session cookie, or None for an anonymous request.

    Credentials that fail raise the error that Jira or Confluence would reply with.
    """
    header = call.request.headers.get("Authorization")
    if header is not None:
        return _login_from_header(call, header, scope_exempt)
    session_id = call.request.cookie(SESSION_COOKIE)
    if session_id:
        user = call.instance.session_user(session_id)
        if user is not None:
            call.session_id = session_id
            return user
    return None


def username_header(name: str) -> str:
    """Return a user name as the X-AUSERNAME value: ASCII names as they are, others percent-encoded as UTF-8.

    Header values travel as Latin-1 at most, so a name such as "žofia" cannot be sent as it is.
    NOTE: percent-encoding is a modelling choice, because no vendor page states how Jira encodes this header.
    """
    return name if name.isascii() else quote(name, safe="")


def success_headers(user: User | None, by_header: bool) -> list[tuple[str, str]]:
    """Build the Seraph headers of a request that got through authentication."""
    headers = [("X-AUSERNAME", username_header(user.name) if user else "anonymous")]
    if by_header:
        headers.insert(0, ("X-Seraph-LoginReason", "OK"))
    return headers


def login_error(call: Call, login: Login) -> HTTPError:
    """Build the error reply for a failed login."""
    if login.outcome is Outcome.ADDRESS_DENIED:
        return Forbidden(
            "Your client address is not in the API Token Authentication app's IP allowlist. "
            "Ask an administrator to add it."
        )
    if login.outcome is Outcome.SCOPE_DENIED:
        return Forbidden("This API token is read-only: it allows GET, HEAD and OPTIONS requests only.")
    if login.outcome is Outcome.PASSWORD_REJECTED:
        # The status and message are from the app's documentation; the header is a modelling choice.
        return Forbidden(
            "Basic authentication with a password is disabled. Use an API token in place of the password.",
            [("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")],
        )
    if login.outcome is Outcome.CAPTCHA_REQUIRED:
        return captcha_error(call)
    if login.outcome is Outcome.UNKNOWN_BEARER:
        return Unauthorized("The bearer token is not a valid personal access token.")
    return Unauthorized(
        "The user name or the secret is wrong. Use your user name (not your e-mail address) and a valid API token.",
        [("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")],
    )


def captcha_error(call: Call) -> HTTPError:
    """Build the reply to a login refused because the user must first solve a CAPTCHA."""
    message = "Login denied: the user must solve a CAPTCHA in a web login first, or send a valid API token."
    if call.product is Product.CONFLUENCE:
        return Unauthorized(message, [("X-Seraph-LoginReason", "AUTHENTICATION_DENIED")])
    return Forbidden(
        message,
        [
            ("X-Seraph-LoginReason", "AUTHENTICATION_DENIED"),
            ("X-Authentication-Denied-Reason", f"CAPTCHA_CHALLENGE; login-url={call.base_url}/login.jsp"),
        ],
    )


def _login_from_header(call: Call, header: str, scope_exempt: bool) -> User:
    scheme, credentials = split_authorization(header)
    address = client_address(call)
    method = call.request.method
    parsed = parse_basic(credentials) if scheme == "basic" else None
    if scheme == "bearer":
        login = call.instance.login_with_bearer(credentials, address=address, method=method, scope_exempt=scope_exempt)
    elif parsed is not None and not call.request.path.startswith("/rest/"):
        # The app handles the REST API only: elsewhere Jira checks Basic credentials as a password.
        login = call.instance.login_with_password(parsed.name, parsed.secret)
    elif parsed is not None:
        login = call.instance.login_with_basic(
            parsed.name, parsed.secret, address=address, method=method, scope_exempt=scope_exempt
        )
    else:
        login = Login(Outcome.FAILED)
    if not login.succeeded or login.user is None:
        raise login_error(call, login)
    return login.user


def client_address(call: Call) -> str:
    """Return the client's address: the peer, or the header a trusted reverse proxy sets."""
    app = call.instance.data.app
    remote = call.request.remote_address
    if not app.client_ip_header or not address_in(remote, app.trusted_proxies):
        return remote
    forwarded = call.request.headers.get(app.client_ip_header)
    if not forwarded:
        return remote
    # The right-most entry is the one the trusted proxy added.
    return forwarded.split(",")[-1].strip()

