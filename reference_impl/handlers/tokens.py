"""The app's own REST API under /rest/de.resolution.apitokenauth/latest, for the caller's tokens."""

from datetime import datetime, timezone

from reference_impl.handlers.context import Call
from reference_impl.model import TokenRequestError
from reference_impl.records import Scope, Token, User
from reference_impl.timestamps import iso_timestamp
from reference_impl.wire import BadRequest, NotFound, Reply, Unauthorized


class TokenBadRequest(BadRequest):
    """A rejected token request, in the app's error shape."""

    def reply(self) -> Reply:
        """Build the reply with an `errorMessage` field, as the app sends it."""
        return Reply.json({"errorMessage": str(self)}, self.status)


def create_token(call: Call) -> Reply:
    """POST /user/token: create a token; the only reply that ever contains its secret."""
    owner = _caller(call)
    body = call.request.json()
    description = body.get("tokenDescription")
    if description is not None and not isinstance(description, str):
        raise TokenBadRequest(f'"tokenDescription" must be a string, not {description!r}.')
    if not isinstance(description, str) or not description.strip():
        raise TokenBadRequest('"tokenDescription" is missing. Add a description of what the token is for.')
    try:
        token, secret = call.instance.create_token(
            owner,
            description,
            validity_months=_optional_int(body, "tokenValidityTimeInMonths"),
            expires=_optional_datetime(body, "tokenExpirationDateTime"),
            scope=_scope(body),
        )
    except TokenRequestError as error:
        raise TokenBadRequest(str(error)) from None
    return Reply.json({**token_resource(token), "plainTextToken": secret})


def list_tokens(call: Call) -> Reply:
    """GET /user/token: the caller's tokens, without secrets."""
    return Reply.json([token_resource(token) for token in call.instance.tokens_of(_caller(call))])


def rename_token(call: Call) -> Reply:
    """PATCH /user/token/{id}: change a token's description."""
    description = call.request.json().get("tokenDescription")
    if not isinstance(description, str) or not description.strip():
        raise TokenBadRequest('"tokenDescription" is missing. Send the new description.')
    token = call.instance.rename_token(_caller(call), _token_id(call), description)
    if token is None:
        raise NotFound(f"You have no token with id {call.params['token_id']}.")
    return Reply.json(token_resource(token))


def delete_token(call: Call) -> Reply:
    """DELETE /user/token/{id}: delete a token; it stops working at once."""
    if not call.instance.delete_token(_caller(call), _token_id(call)):
        raise NotFound(f"You have no token with id {call.params['token_id']}.")
    return Reply.json(True)


def token_resource(token: Token) -> dict:
    """Shape a token for the app's REST API; the secret is never part of it."""
    return {
        "id": token.id,
        "tokenDescription": token.description,
        "created": iso_timestamp(token.created),
        "lastAccessed": iso_timestamp(token.last_accessed),
        "validUntil": iso_timestamp(token.expires),
        "scope": token.scope.value if token.scope else None,
    }


def _caller(call: Call) -> User:
    if call.user is None:
        raise Unauthorized("Log in to manage your API tokens.")
    return call.user


def _token_id(call: Call) -> int:
    try:
        return int(call.params["token_id"])
    except ValueError:
        raise NotFound(f"{call.params['token_id']!r} is not a token id. Token ids are numbers.") from None


def _optional_int(body: dict, key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TokenBadRequest(f'"{key}" must be a whole number of months, not {value!r}.')
    return value


def _optional_datetime(body: dict, key: str) -> datetime | None:
    value = body.get(key)
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise TokenBadRequest(f'"{key}" must be an ISO 8601 date-time such as 2027-06-30T00:00:00Z, not {value!r}.') from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _scope(body: dict) -> Scope:
    value = body.get("scope", Scope.READ_WRITE.value)
    try:
        return Scope(value)
    except ValueError:
        raise TokenBadRequest(f'"scope" must be "read_only" or "read_write", not {value!r}.') from None

