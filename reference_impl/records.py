"""Records of the modelled instance: users, tokens, projects, user-server applications and settings."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from ipaddress import IPv4Network, IPv6Network, ip_address

from reference_impl.hashing import SecretHash

Network = IPv4Network | IPv6Network

# Read-only tokens may use these methods only.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Product(str, Enum):
    """The Atlassian product the instance plays."""

    JIRA = "jira"
    CONFLUENCE = "confluence"


class Scope(str, Enum):
    """Token scope; tokens created before scopes existed have none and act as read/write."""

    READ_ONLY = "read_only"
    READ_WRITE = "read_write"


@dataclass
class LoginRecord:
    """Login counters of one user, as Jira keeps them per user."""

    current_failed_count: int = 0
    total_failed_count: int = 0
    last_failed_login: datetime | None = None
    login_count: int = 0
    last_login: datetime | None = None

    def record_failure(self, now: datetime) -> None:
        """Count one failed login."""
        self.current_failed_count += 1
        self.total_failed_count += 1
        self.last_failed_login = now

    def record_success(self, now: datetime) -> None:
        """Count one successful login, which ends any run of failures."""
        self.current_failed_count = 0
        self.login_count += 1
        self.last_login = now


@dataclass
class Token:
    """An API token of the app; only the hash of its secret is stored."""

    id: int
    owner: str
    description: str
    created: datetime
    secret_hash: SecretHash
    expires: datetime | None = None
    scope: Scope | None = None
    last_accessed: datetime | None = None

    def is_expired(self, now: datetime) -> bool:
        """Tell whether the token's expiry has passed."""
        return self.expires is not None and now >= self.expires

    def permits(self, method: str, scope_exempt: bool) -> bool:
        """Tell whether the token's scope allows a request with this method."""
        if self.scope is not Scope.READ_ONLY or scope_exempt:
            return True
        return method.upper() in SAFE_METHODS


@dataclass
class User:
    """A user of the instance with its login record."""

    name: str
    key: str
    display_name: str
    email: str
    password_hash: SecretHash
    active: bool = True
    groups: tuple[str, ...] = ()
    login: LoginRecord = field(default_factory=LoginRecord)

    @property
    def is_administrator(self) -> bool:
        """Tell whether the user belongs to an administrators group."""
        return any(group.endswith("-administrators") for group in self.groups)


@dataclass(frozen=True)
class Project:
    """A project, as `/rest/api/2/project` lists it."""

    id: str
    key: str
    name: str
    project_type: str = "software"
    anonymous_browse: bool = False


@dataclass(frozen=True)
class Application:
    """An application registered under Jira User Server, which may read users over the Crowd REST API."""

    name: str
    password_hash: SecretHash
    addresses: tuple[Network, ...]

    def allows_address(self, address: str) -> bool:
        """Tell whether the application may connect from this address."""
        return address_in(address, self.addresses)


@dataclass(frozen=True)
class AppSettings:
    """Settings of the API Token Authentication app."""

    disable_password_basic_auth: bool = False
    allow_bearer: bool = False
    ip_allowlist: tuple[Network, ...] = ()
    max_token_validity_months: int | None = None
    trusted_proxies: tuple[Network, ...] = ()
    client_ip_header: str | None = None

    def allows_address(self, address: str) -> bool:
        """Tell whether a client address passes the allowlist; an empty list allows every address."""
        return not self.ip_allowlist or address_in(address, self.ip_allowlist)


@dataclass(frozen=True)
class ProductSettings:
    """Settings of the product itself."""

    product: Product = Product.JIRA
    base_url: str | None = None
    # None means unlimited; 0 or less means a CAPTCHA is always required.
    max_authentication_attempts: int | None = 3

    def captcha_required(self, record: LoginRecord) -> bool:
        """Tell whether a user with this record must solve a CAPTCHA before logging in."""
        limit = self.max_authentication_attempts
        if limit is None:
            return False
        return limit <= 0 or record.current_failed_count >= limit


def address_in(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)
