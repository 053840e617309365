"""Jira as a user server: the Crowd REST resources under /rest/usermanagement/1 that Confluence calls."""

from reference_impl.handlers.auth import client_address, login_error, parse_basic, split_authorization
from reference_impl.handlers.context import Call
from reference_impl.model import Outcome
from reference_impl.records import User
from reference_impl.wire import BadRequest, HTTPError, Reply

EVENT_TOKEN = "reference-event-token-1"


class ApplicationUnauthorized(HTTPError):
    """Rejected application credentials, reported in plain text as Jira's user server does."""

    status = 401
    message = "Application failed to authenticate"

    def reply(self) -> Reply:
        """Build the plain-text reply."""
        return Reply.text(str(self), self.status)


def authenticate_application(call: Call) -> None:
    """Check the application's credentials, after the token app has looked at the same Basic header.

    The token app inspects every Basic login on a /rest/ path. When the application name is also a user name
    and passwords are disabled, the app replies 403 before the application check runs. This mechanism is a
    modelling choice; the vendor documents only that synchronisation fails.
    """
    scheme, credentials = split_authorization(call.request.headers.get("Authorization") or "")
    parsed = parse_basic(credentials) if scheme == "basic" else None
    if parsed is None:
        raise ApplicationUnauthorized()
    address = client_address(call)
    user = call.instance.find_user(parsed.name)
    if user is not None and call.instance.data.app.disable_password_basic_auth:
        login = call.instance.login_with_basic(
            parsed.name, parsed.secret, address=address, method=call.request.method, scope_exempt=False
        )
        if login.outcome is not Outcome.OK:
            raise login_error(call, login)
    if call.instance.authenticate_application(parsed.name, parsed.secret, address) is None:
        raise ApplicationUnauthorized()


def search(call: Call) -> Reply:
    """GET /search?entity-type=user: user names, paged with start-index and max-results."""
    if call.request.query("entity-type") != "user":
        raise BadRequest("Only entity-type=user is modelled. Add ?entity-type=user.")
    start, limit = _paging(call)
    users = call.instance.users()[start : start + limit]
    return Reply.json({"expand": "user", "users": [_user_link(call, user) for user in users]})


def user(call: Call) -> Reply:
    """GET /user?username=: one user's details."""
    name = call.request.query("username") or ""
    found = call.instance.find_user(name)
    if found is None:
        return Reply.json({"reason": "USER_NOT_FOUND", "message": f"User <{name}> does not exist"}, 404)
    first, _, last = found.display_name.partition(" ")
    return Reply.json(
        {
            **_user_link(call, found),
            "first-name": first,
            "last-name": last,
            "display-name": found.display_name,
            "email": found.email,
            "active": found.active,
        }
    )


def group_memberships(call: Call) -> Reply:
    """GET /group/membership: every group with its user members."""
    groups: dict[str, list[str]] = {}
    for member in call.instance.users():
        for group in member.groups:
            groups.setdefault(group, []).append(member.name)
    memberships = [{"group": name, "users": users} for name, users in sorted(groups.items())]
    return Reply.json({"memberships": memberships})


def event_token(call: Call) -> Reply:
    """GET /event: the token incremental synchronisation starts from."""
    return Reply.json({"newEventToken": EVENT_TOKEN})


def _user_link(call: Call, found: User) -> dict:
    href = f"{call.base_url}/rest/usermanagement/1/user?username={found.name}"
    return {"link": {"href": href, "rel": "self"}, "name": found.name}


def _paging(call: Call) -> tuple[int, int]:
    values = []
    for name, default in (("start-index", 0), ("max-results", 1000)):
        text = call.request.query(name)
        if text is None:
            values.append(default)
        elif text.isdigit():
            values.append(int(text))
        else:
            raise BadRequest(f"{name}={text!r} is not a whole number. Use a number of 0 or more.")
    return values[0], values[1]
