"""The input of a handler: the instance, the request, the route's path parameters and the authenticated user."""

from dataclasses import dataclass, field

from reference_impl.model import Instance
from reference_impl.records import Product, User
from reference_impl.wire import Request


@dataclass
class Call:
    """One request on its way through a handler."""

    instance: Instance
    request: Request
    params: dict[str, str] = field(default_factory=dict)
    user: User | None = None
    session_id: str | None = None

    @property
    def base_url(self) -> str:
        """Return the configured base URL, or the address the request came in on."""
        return self.instance.data.product.base_url or self.request.url_root

    @property
    def product(self) -> Product:
        """Return the product the instance plays."""
        return self.instance.data.product.product
