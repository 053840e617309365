"""Load the data an instance starts from, out of a TOML file, with errors that name file, key and expectation."""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from importlib import resources
from ipaddress import ip_network
from pathlib import Path
from typing import Any

from reference_impl.hashing import SecretHash, generate_token_secret
from reference_impl.records import Application, AppSettings, Network, Product, ProductSettings, Project, Scope

# Keys whose values are never printed in an error message.
SECRET_KEYS = {"password", "secret"}
TOKEN_VALIDITY_CHOICES = {"never": None, 6: 6, 12: 12, 24: 24}


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file, the key and what was expected."""


@dataclass(frozen=True)
class UserSpec:
    """A user as the configuration defines it."""

    name: str
    password_hash: SecretHash
    email: str
    display_name: str
    groups: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class TokenSpec:
    """A token as the configuration defines it; the secret is already hashed."""

    owner: str
    description: str
    secret_hash: SecretHash
    expires: datetime | None
    scope: Scope | None


@dataclass(frozen=True)
class InstanceData:
    """Everything an instance is loaded from, and reset to."""

    source: str
    product: ProductSettings
    app: AppSettings
    users: tuple[UserSpec, ...]
    tokens: tuple[TokenSpec, ...]
    projects: tuple[Project, ...]
    applications: tuple[Application, ...]


class _Table:
    """One TOML table with the file name and key path, for error messages."""

    def __init__(self, source: str, path: str, values: Any, allowed: set[str]) -> None:
        if not isinstance(values, dict):
            raise ConfigError(f"{source}: '{path}' must be a table, not {values!r}.")
        self.source, self.path, self.values = source, path, values
        unknown = sorted(set(values) - allowed)
        if unknown:
            raise ConfigError(
                f"{source}: unknown key '{self.location(unknown[0])}'. Allowed keys there: {', '.join(sorted(allowed))}."
            )

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None, *, required: bool = False) -> Any:
        """Read a key, checking its type."""
        if key not in self.values:
            if required:
                raise ConfigError(f"{self.source}: missing key '{self.location(key)}'. Add it to that table.")
            return default
        value = self.values[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = " or ".join(k.__name__ for k in kinds)
            # A secret of the wrong type is named by its type only, so the error does not print it.
            shown = type(value).__name__ if key in SECRET_KEYS else repr(value)
            raise ConfigError(f"{self.source}: '{self.location(key)}' must be of type {names}, not {shown}.")
        return value

    def fail(self, key: str, expected: str) -> ConfigError:
        """Build an error for a key whose value is of the right type but not allowed."""
        shown = "not usable" if key in SECRET_KEYS else repr(self.values[key])
        return ConfigError(f"{self.source}: '{self.location(key)}' is {shown}, but {expected}.")

    def location(self, key: str) -> str:
        """Return the dotted path of a key in this table."""
        return f"{self.path}.{key}" if self.path else key

    def strings(self, key: str) -> tuple[str, ...]:
        """Read a list of strings."""
        values = self.get(key, list, [])
        if not all(isinstance(value, str) for value in values):
            raise self.fail(key, "it must be a list of strings")
        return tuple(values)

    def networks(self, key: str) -> tuple[Network, ...]:
        """Read a list of IP addresses or CIDR ranges."""
        try:
            return tuple(ip_network(value, strict=False) for value in self.strings(key))
        except ValueError as error:
            raise self.fail(key, f"each entry must be an IP address or CIDR range ({error})") from None


def load_config(path: Path) -> InstanceData:
    """Read a configuration file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the configuration file ({error.strerror}). Check the path.") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 text (invalid byte at position {error.start}). Save the file as UTF-8.") from None
    return parse_config(text, str(path))


def load_demo_config() -> InstanceData:
    """Read the demo data set that ships with the reference server."""
    text = resources.files("reference_impl").joinpath("demo.toml").read_text(encoding="utf-8")
    return parse_config(text, "demo.toml")


def parse_config(text: str, source: str) -> InstanceData:
    """Parse and check configuration text."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{source}: not valid TOML ({error}).") from None
    root = _Table(source, "", document, {"product", "app", "users", "tokens", "projects", "applications"})
    users = tuple(_user(table) for table in _array(root, "users"))
    _check_unique(source, "users", [user.name.casefold() for user in users])
    data = InstanceData(
        source=source,
        product=_product(_Table(source, "product", document.get("product", {}), _PRODUCT_KEYS)),
        app=_app(_Table(source, "app", document.get("app", {}), _APP_KEYS)),
        users=users,
        tokens=tuple(_token(table, users) for table in _array(root, "tokens")),
        projects=tuple(_project(table, index) for index, table in enumerate(_array(root, "projects"))),
        applications=tuple(_application(table) for table in _array(root, "applications")),
    )
    _check_unique(source, "projects", [project.key for project in data.projects])
    _check_unique(source, "applications", [application.name.casefold() for application in data.applications])
    return data


_PRODUCT_KEYS = {"name", "base_url", "max_authentication_attempts"}
_APP_KEYS = {
    "disable_password_basic_auth",
    "allow_bearer",
    "ip_allowlist",
    "max_token_validity",
    "trusted_proxies",
    "client_ip_header",
}


def _array(root: _Table, key: str) -> list[_Table]:
    items = root.get(key, list, [])
    allowed = {
        "users": {"name", "password", "email", "display_name", "groups", "active"},
        "tokens": {"owner", "description", "secret", "expires", "scope"},
        "projects": {"key", "name", "id", "type", "anonymous_browse"},
        "applications": {"name", "password", "addresses"},
    }[key]
    return [_Table(root.source, f"{key}[{index}]", item, allowed) for index, item in enumerate(items)]


def _product(table: _Table) -> ProductSettings:
    name = table.get("name", str, "jira")
    if name not in {product.value for product in Product}:
        raise table.fail("name", "it must be 'jira' or 'confluence'")
    limit = table.get("max_authentication_attempts", (int, str), 3)
    if isinstance(limit, str) and limit != "unlimited":
        raise table.fail("max_authentication_attempts", "it must be a whole number or 'unlimited'")
    base_url = table.get("base_url", str)
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise table.fail("base_url", "it must start with http:// or https://")
    return ProductSettings(
        product=Product(name),
        base_url=base_url.rstrip("/") if base_url else None,
        max_authentication_attempts=None if limit == "unlimited" else limit,
    )


def _app(table: _Table) -> AppSettings:
    validity = table.get("max_token_validity", (int, str), "never")
    if validity not in TOKEN_VALIDITY_CHOICES:
        raise table.fail("max_token_validity", "it must be 'never', 6, 12 or 24 (months)")
    return AppSettings(
        disable_password_basic_auth=table.get("disable_password_basic_auth", bool, False),
        allow_bearer=table.get("allow_bearer", bool, False),
        ip_allowlist=table.networks("ip_allowlist"),
        max_token_validity_months=TOKEN_VALIDITY_CHOICES[validity],
        trusted_proxies=table.networks("trusted_proxies"),
        client_ip_header=table.get("client_ip_header", str),
    )


def _user(table: _Table) -> UserSpec:
    name = table.get("name", str, required=True)
    return UserSpec(
        name=name,
        password_hash=SecretHash.of(table.get("password", str, required=True)),
        email=table.get("email", str, f"{name}@example.com"),
        display_name=table.get("display_name", str, name),
        groups=table.strings("groups"),
        active=table.get("active", bool, True),
    )


def _token(table: _Table, users: tuple[UserSpec, ...]) -> TokenSpec:
    owner = table.get("owner", str, required=True)
    if owner.casefold() not in {user.name.casefold() for user in users}:
        raise table.fail("owner", "no user of that name is defined under [[users]]")
    scope = table.get("scope", str)
    if scope is not None and scope not in {item.value for item in Scope}:
        raise table.fail("scope", "it must be 'read_only' or 'read_write'")
    return TokenSpec(
        owner=owner,
        description=table.get("description", str, required=True),
        secret_hash=SecretHash.of(table.get("secret", str) or generate_token_secret()),
        expires=_expiry(table),
        scope=Scope(scope) if scope else None,
    )


def _expiry(table: _Table) -> datetime | None:
    value = table.get("expires", (datetime, date, str))
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise table.fail("expires", "it must be a date or date-time such as 2027-06-30T00:00:00Z") from None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(), timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _project(table: _Table, index: int) -> Project:
    return Project(
        id=str(table.get("id", (int, str), 10000 + index)),
        key=table.get("key", str, required=True),
        name=table.get("name", str, required=True),
        project_type=table.get("type", str, "software"),
        anonymous_browse=table.get("anonymous_browse", bool, False),
    )


def _application(table: _Table) -> Application:
    return Application(
        name=table.get("name", str, required=True),
        password_hash=SecretHash.of(table.get("password", str, required=True)),
        addresses=table.networks("addresses") or (ip_network("127.0.0.0/8"), ip_network("::1/128")),
    )


def _check_unique(source: str, key: str, names: list[str]) -> None:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            raise ConfigError(f"{source}: '{key}[{index}]' repeats the name {name!r}. Names must be unique.")
        seen.add(name)
