"""The modelled instance: users, tokens, login counters and settings, and the rules that change them.

Nothing here depends on HTTP. Every public method that reads or changes state holds one lock, so concurrent
requests are each counted exactly once.
"""

import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from enum import Enum

from reference_impl.config import InstanceData
from reference_impl.hashing import UNKNOWN_USER_HASH, SecretHash, generate_token_secret
from reference_impl.records import Application, Project, Scope, Token, User


class Outcome(Enum):
    """The outcome of a login attempt."""

    OK = "ok"
    ADDRESS_DENIED = "client address not in the allowlist"
    SCOPE_DENIED = "read-only token used for a write"
    PASSWORD_REJECTED = "password sent where only tokens are allowed"
    CAPTCHA_REQUIRED = "CAPTCHA required"
    FAILED = "wrong user name or secret"
    UNKNOWN_BEARER = "bearer token not recognised"


@dataclass(frozen=True)
class Login:
    """The result of a login attempt: the outcome and, on success, the user."""

    outcome: Outcome
    user: User | None = None

    @property
    def succeeded(self) -> bool:
        """Tell whether the attempt logged the user in."""
        return self.outcome is Outcome.OK


class TokenRequestError(ValueError):
    """A token request that the app rejects; the message gives the reason and the fix."""


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(timezone.utc)


class Instance:
    """A Jira or Confluence instance with the API Token Authentication app installed."""

    def __init__(self, data: InstanceData, clock: Callable[[], datetime] = utc_now) -> None:
        self.data = data
        self.clock = clock
        self._lock = threading.RLock()
        self.reset()

    def reset(self) -> None:
        """Return to the state the instance was loaded with."""
        with self._lock:
            now = self.clock()
            self._users = {
                spec.name.casefold(): User(
                    name=spec.name,
                    key=f"JIRAUSER{10000 + index}",
                    display_name=spec.display_name,
                    email=spec.email,
                    password_hash=spec.password_hash,
                    active=spec.active,
                    groups=spec.groups,
                )
                for index, spec in enumerate(self.data.users)
            }
            self._tokens: dict[int, Token] = {}
            self._last_token_id = 0
            self._last_issue_number = 0
            for spec in self.data.tokens:
                owner = self._users[spec.owner.casefold()].name
                self._add_token(owner, spec.description, spec.secret_hash, now, spec.expires, spec.scope)
            self._sessions: dict[str, str] = {}
            self._captcha_answers: dict[str, str] = {}

    # Users and projects

    def find_user(self, name: str) -> User | None:
        """Find a user by name; Jira matches user names case-insensitively."""
        with self._lock:
            return self._users.get(name.casefold())

    def users(self) -> list[User]:
        """List every user, sorted by name."""
        with self._lock:
            return sorted(self._users.values(), key=lambda user: user.name.casefold())

    def visible_projects(self, user: User | None) -> tuple[Project, ...]:
        """List the projects a user may browse; anonymous users see only those open to them."""
        if user is None:
            return tuple(project for project in self.data.projects if project.anonymous_browse)
        return self.data.projects

    def next_issue_number(self) -> int:
        """Return the number for a newly created issue; numbers start at 1 after each reset."""
        with self._lock:
            self._last_issue_number += 1
            return self._last_issue_number

    def captcha_required(self, user: User) -> bool:
        """Tell whether the user must solve a CAPTCHA at the next web login."""
        with self._lock:
            return self.data.product.captcha_required(user.login)

    # Logins

    def login_with_basic(self, name: str, secret: str, *, address: str, method: str, scope_exempt: bool) -> Login:
        """Authenticate a REST request that carries Basic credentials."""
        with self._lock:
            if not self.data.app.allows_address(address):
                return Login(Outcome.ADDRESS_DENIED)
            user = self._active_user(name)
            if user is None:
                UNKNOWN_USER_HASH.matches(secret)
                return Login(Outcome.FAILED)
            token = self._matching_token(user, secret)
            if token is not None:
                return self._succeed_with_token(user, token, method, scope_exempt)
            if self.data.app.disable_password_basic_auth:
                return self._fail(user, Outcome.PASSWORD_REJECTED)
            return self._login_with_password(user, secret)

    def login_with_password(self, name: str, password: str) -> Login:
        """Authenticate with a password only, as Jira does outside the REST API, where API tokens do not work."""
        with self._lock:
            user = self._active_user(name)
            if user is None:
                UNKNOWN_USER_HASH.matches(password)
                return Login(Outcome.FAILED)
            return self._login_with_password(user, password)

    def login_with_bearer(self, secret: str, *, address: str, method: str, scope_exempt: bool) -> Login:
        """Authenticate a REST request that carries a Bearer token, which the app accepts only when allowed."""
        with self._lock:
            if not self.data.app.allow_bearer:
                return Login(Outcome.UNKNOWN_BEARER)
            if not self.data.app.allows_address(address):
                return Login(Outcome.ADDRESS_DENIED)
            for token in self._tokens.values():
                user = self._active_user(token.owner)
                if user is not None and self._token_matches(token, secret):
                    return self._succeed_with_token(user, token, method, scope_exempt)
            return Login(Outcome.UNKNOWN_BEARER)

    def login_for_session(self, name: str, secret: str, *, address: str) -> Login:
        """Authenticate a REST session login, where an API token may stand in for the password."""
        with self._lock:
            if not self.data.app.allows_address(address):
                return Login(Outcome.ADDRESS_DENIED)
            user = self._active_user(name)
            if user is None:
                UNKNOWN_USER_HASH.matches(secret)
                return Login(Outcome.FAILED)
            token = self._matching_token(user, secret)
            if token is not None:
                # Read-only tokens may open a session: the session endpoint is exempt from scopes.
                return self._succeed_with_token(user, token, "POST", scope_exempt=True)
            return self._login_with_password(user, secret)

    def login_with_web_form(self, name: str, password: str, captcha: str | None) -> Login:
        """Authenticate the web login form, which takes passwords only: API tokens are for the REST API."""
        with self._lock:
            user = self._active_user(name)
            if user is None:
                UNKNOWN_USER_HASH.matches(password)
                return Login(Outcome.FAILED)
            if not self.data.product.captcha_required(user.login):
                return self._login_with_password(user, password)
            expected = self._captcha_answer_for(user)
            solved = captcha is not None and hmac.compare_digest(captcha.encode(), expected.encode())
            if solved and user.password_hash.matches(password):
                return self._succeed(user)
            return self._fail(user, Outcome.CAPTCHA_REQUIRED)

    def login_with_single_sign_on(self, name: str) -> Login:
        """Log a user in through the SAML single sign-on app, which resets the failed-login counter."""
        with self._lock:
            user = self._active_user(name)
            if user is None:
                return Login(Outcome.FAILED)
            return self._succeed(user)

    def reset_failed_login_count(self, name: str) -> bool:
        """Set a user's current failed-login count to 0, as an administrator can; False if there is no such user."""
        with self._lock:
            user = self._users.get(name.casefold())
            if user is None:
                return False
            user.login.current_failed_count = 0
            self._captcha_answers.pop(user.name, None)
            return True

    def captcha_answer(self, name: str) -> str | None:
        """Return the solution of a user's pending CAPTCHA, or None if none is required."""
        with self._lock:
            user = self._users.get(name.casefold())
            if user is None or not self.data.product.captcha_required(user.login):
                return None
            return self._captcha_answer_for(user)

    # Sessions

    def open_session(self, user: User) -> str:
        """Start a session for a logged-in user and return its id."""
        session_id = secrets.token_hex(16).upper()
        with self._lock:
            self._sessions[session_id] = user.name
        return session_id

    def session_user(self, session_id: str) -> User | None:
        """Return the user of a session, or None for an unknown session."""
        with self._lock:
            name = self._sessions.get(session_id)
            return None if name is None else self._active_user(name)

    def close_session(self, session_id: str) -> bool:
        """End a session; False if it did not exist."""
        with self._lock:
            return self._sessions.pop(session_id, None) is not None

    # Tokens

    def create_token(
        self,
        owner: User,
        description: str,
        *,
        validity_months: int | None = None,
        expires: datetime | None = None,
        scope: Scope | None = Scope.READ_WRITE,
    ) -> tuple[Token, str]:
        """Create a token and return it with its secret, which is not stored and cannot be read again."""
        with self._lock:
            now = self.clock()
            expiry = self._expiry_within_maximum(now, validity_months, expires)
            secret = generate_token_secret()
            token = self._add_token(owner.name, description, SecretHash.of(secret), now, expiry, scope)
            return replace(token), secret

    def tokens_of(self, owner: User) -> list[Token]:
        """List a user's tokens, oldest first."""
        with self._lock:
            return [replace(token) for token in self._tokens.values() if token.owner == owner.name]

    def rename_token(self, owner: User, token_id: int, description: str) -> Token | None:
        """Change a token's description; None if the user has no token with this id."""
        with self._lock:
            token = self._tokens.get(token_id)
            if token is None or token.owner != owner.name:
                return None
            token.description = description
            return replace(token)

    def delete_token(self, owner: User, token_id: int) -> bool:
        """Delete a token so it stops working at once; False if the user has no token with this id."""
        with self._lock:
            token = self._tokens.get(token_id)
            if token is None or token.owner != owner.name:
                return False
            del self._tokens[token_id]
            return True

    # User server

    def authenticate_application(self, name: str, password: str, address: str) -> Application | None:
        """Check a user-server application's name, password and address; None if any is wrong."""
        match = None
        for application in self.data.applications:
            if application.name.casefold() == name.casefold():
                match = application
        if match is None:
            UNKNOWN_USER_HASH.matches(password)
            return None
        if not match.password_hash.matches(password) or not match.allows_address(address):
            return None
        return match

    def applications_named_like_users(self) -> list[str]:
        """List user-server applications whose name is also a user name: they break synchronisation
        while the app refuses passwords."""
        with self._lock:
            return [app.name for app in self.data.applications if app.name.casefold() in self._users]

    # Internal steps; callers hold the lock.

    def _active_user(self, name: str) -> User | None:
        user = self._users.get(name.casefold())
        return user if user is not None and user.active else None

    def _matching_token(self, user: User, secret: str) -> Token | None:
        # Every token of the user is compared, so the time taken does not show which one matched.
        match = None
        for token in self._tokens.values():
            if token.owner == user.name and self._token_matches(token, secret):
                match = token
        return match

    def _token_matches(self, token: Token, secret: str) -> bool:
        return token.secret_hash.matches(secret) and not token.is_expired(self.clock())

    def _succeed_with_token(self, user: User, token: Token, method: str, scope_exempt: bool) -> Login:
        if not token.permits(method, scope_exempt):
            return Login(Outcome.SCOPE_DENIED, user)
        token.last_accessed = self.clock()
        # A valid token resets the counter even while a CAPTCHA is required.
        return self._succeed(user)

    def _login_with_password(self, user: User, password: str) -> Login:
        if self.data.product.captcha_required(user.login):
            # Jira denies without checking the password, and the attempt still counts.
            return self._fail(user, Outcome.CAPTCHA_REQUIRED)
        if user.password_hash.matches(password):
            return self._succeed(user)
        return self._fail(user, Outcome.FAILED)

    def _succeed(self, user: User) -> Login:
        user.login.record_success(self.clock())
        self._captcha_answers.pop(user.name, None)
        return Login(Outcome.OK, user)

    def _fail(self, user: User, outcome: Outcome) -> Login:
        user.login.record_failure(self.clock())
        return Login(outcome, user)

    def _captcha_answer_for(self, user: User) -> str:
        return self._captcha_answers.setdefault(user.name, f"{secrets.randbelow(10**6):06d}")

    def _expiry_within_maximum(
        self, now: datetime, validity_months: int | None, expires: datetime | None
    ) -> datetime | None:
        maximum = self.data.app.max_token_validity_months
        if validity_months is not None:
            if validity_months <= 0:
                raise TokenRequestError("tokenValidityTimeInMonths must be a positive number of months.")
            expires = add_months(now, validity_months)
        if expires is not None and expires <= now:
            raise TokenRequestError("The expiry date lies in the past. Choose a date in the future.")
        if maximum is None:
            return expires
        latest = add_months(now, maximum)
        if expires is None:
            return latest
        if expires > latest:
            raise TokenRequestError(
                f"The token would be valid longer than the maximum of {maximum} months that the administrator "
                f"allows. Choose an expiry no later than {latest.date().isoformat()}."
            )
        return expires

    def _add_token(
        self,
        owner: str,
        description: str,
        secret_hash: SecretHash,
        now: datetime,
        expires: datetime | None,
        scope: Scope | None,
    ) -> Token:
        self._last_token_id += 1
        token = Token(self._last_token_id, owner, description, now, secret_hash, expires, scope)
        self._tokens[token.id] = token
        return token


def add_months(moment: datetime, months: int) -> datetime:
    """Add calendar months, keeping the day where the target month has it and using its last day otherwise."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))
