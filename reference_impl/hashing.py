"""Salted hashes for passwords and token secrets, compared in constant time."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass


@dataclass(frozen=True)
class SecretHash:
    """A salted SHA-256 digest of a secret; the secret itself is never kept."""

    salt: bytes
    digest: bytes

    @classmethod
    def of(cls, secret: str) -> "SecretHash":
        """Hash a secret with a fresh random salt."""
        salt = secrets.token_bytes(16)
        return cls(salt, _digest(salt, secret))

    def matches(self, secret: str) -> bool:
        """Compare a candidate secret with this hash in constant time."""
        return hmac.compare_digest(self.digest, _digest(self.salt, secret))


def _digest(salt: bytes, secret: str) -> bytes:
    # surrogateescape keeps undecodable bytes from the wire distinct instead of failing.
    return hashlib.sha256(salt + secret.encode("utf-8", "surrogateescape")).digest()


# Compared against when the user is unknown, so that an unknown user costs the same work as a known one.
UNKNOWN_USER_HASH = SecretHash.of(secrets.token_urlsafe(32))


def generate_token_secret() -> str:
    """Return a new random token secret of 43 URL-safe characters that starts with a letter or digit.

    A leading "-" would make command-line parsers, ACLI's among them, read the secret as an option.
    """
    while True:
        secret = secrets.token_urlsafe(32)
        if secret[0].isalnum():
            return secret
