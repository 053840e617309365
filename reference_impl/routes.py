"""The route table and the dispatcher that both transports call."""

import difflib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from reference_impl.handlers import control, crowd, logins, resources, tokens
from reference_impl.handlers.auth import authenticate_user, success_headers
from reference_impl.handlers.context import Call
from reference_impl.model import Instance
from reference_impl.records import Product
from reference_impl.wire import HTTPError, MethodNotAllowed, NotFound, Reply, Request

logger = logging.getLogger("reference_impl")

TOKEN_API = "/rest/de.resolution.apitokenauth/latest"
USER_SERVER_API = "/rest/usermanagement/1"
BOTH = frozenset(Product)
JIRA = frozenset({Product.JIRA})
CONFLUENCE = frozenset({Product.CONFLUENCE})


class Auth(Enum):
    """The kind of caller a route authenticates: none, a user, or a user-server application."""

    NONE = "none"
    USER = "user"
    APPLICATION = "application"


@dataclass(frozen=True)
class Route:
    """One modelled method and path."""

    method: str
    template: str
    handler: Callable[[Call], Reply]
    auth: Auth = Auth.USER
    products: frozenset[Product] = BOTH
    # Read-only tokens may call these routes with any method.
    scope_exempt: bool = False
    pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template))
        object.__setattr__(self, "pattern", re.compile(f"{regex}/?"))

    def __str__(self) -> str:
        return f"{self.method} {self.template}"


ROUTES = (
    Route("GET", "/rest/api/2/myself", resources.myself, products=JIRA),
    Route("GET", "/rest/api/2/user", resources.user, products=JIRA),
    Route("GET", "/rest/api/2/project", resources.projects, products=JIRA),
    Route("GET", "/rest/api/2/serverInfo", resources.server_info, products=JIRA),
    Route("POST", "/rest/api/2/issue", resources.create_issue, products=JIRA),
    Route("GET", "/rest/api/user/current", resources.confluence_current_user, products=CONFLUENCE),
    Route("POST", "/rest/auth/1/session", logins.create_session, Auth.NONE),
    Route("GET", "/rest/auth/1/session", logins.current_session),
    Route("DELETE", "/rest/auth/1/session", logins.delete_session),
    Route("POST", "/login.jsp", logins.web_login, Auth.NONE, JIRA),
    Route("POST", "/dologin.action", logins.web_login, Auth.NONE, CONFLUENCE),
    Route("POST", "/plugins/servlet/samlconsumer", logins.single_sign_on, Auth.NONE),
    Route("GET", "/secure/admin/user/ResetFailedLoginCount.jspa", logins.reset_failed_login_count, products=JIRA),
    Route("GET", "/secure/admin/ViewApplicationProperties.jspa", logins.security_settings_page, products=JIRA),
    Route("GET", "/admin/editsecurityconfig.action", logins.security_settings_page, products=CONFLUENCE),
    Route("POST", f"{TOKEN_API}/user/token", tokens.create_token, scope_exempt=True),
    Route("GET", f"{TOKEN_API}/user/token", tokens.list_tokens),
    Route("PATCH", f"{TOKEN_API}/user/token/{{token_id}}", tokens.rename_token),
    Route("DELETE", f"{TOKEN_API}/user/token/{{token_id}}", tokens.delete_token),
    Route("GET", f"{USER_SERVER_API}/search", crowd.search, Auth.APPLICATION, JIRA),
    Route("GET", f"{USER_SERVER_API}/user", crowd.user, Auth.APPLICATION, JIRA),
    Route("GET", f"{USER_SERVER_API}/group/membership", crowd.group_memberships, Auth.APPLICATION, JIRA),
    Route("GET", f"{USER_SERVER_API}/event", crowd.event_token, Auth.APPLICATION, JIRA),
    Route("GET", "/reference-api/ready", control.ready, Auth.NONE),
    Route("POST", "/reference-api/reset", control.reset, Auth.NONE),
    Route("GET", "/reference-api/config-check", control.config_check, Auth.NONE),
    Route("GET", "/reference-api/users/{name}/login-record", control.login_record, Auth.NONE),
    Route("GET", "/reference-api/users/{name}/captcha", control.captcha, Auth.NONE),
)


def dispatch(instance: Instance, request: Request) -> Reply:
    """Handle one request and return the reply; errors become replies, never exceptions."""
    call = Call(instance, request)
    try:
        candidates = matching_routes(instance.data.product.product, request)
        route = _route_for_method(candidates, request.method)
        if route is None:
            reply = _without_route(call, candidates)
        else:
            call.params = route.pattern.fullmatch(request.path).groupdict()
            reply = _run(route, call)
    except HTTPError as error:
        reply = error.reply()
    except Exception:
        logger.exception("Handler failed: method=%s path=%s", request.method, request.path)
        reply = HTTPError().reply()
    if request.method == "HEAD":
        reply.body = b""
    reply.user = call.user.name if call.user else None
    return reply


def matching_routes(product: Product, request: Request) -> list[Route]:
    """List the routes whose path matches the request, or raise NotFound naming the nearest modelled routes."""
    candidates = [route for route in ROUTES if product in route.products and route.pattern.fullmatch(request.path)]
    if not candidates:
        raise NotFound(_not_found_message(product, request.path))
    return candidates


def _route_for_method(candidates: list[Route], method: str) -> Route | None:
    # A HEAD request is served by the GET route, without the body.
    route_method = "GET" if method == "HEAD" else method
    return next((route for route in candidates if route.method == route_method), None)


def _without_route(call: Call, candidates: list[Route]) -> Reply:
    """Reply to OPTIONS with the allowed methods, and to other methods with 405, after authentication.

    Authentication comes first, as in Jira, whose login filter runs before any resource: a read-only
    token that sends PUT gets 403 from the app, not 405.
    """
    methods = {route.method for route in candidates} | {"OPTIONS"}
    if "GET" in methods:
        methods.add("HEAD")
    allowed = sorted(methods)
    if any(route.auth is Auth.USER for route in candidates):
        call.user = authenticate_user(call)
    allow_header = [("Allow", ", ".join(allowed))]
    if call.request.method == "OPTIONS":
        return Reply(200, headers=allow_header)
    raise MethodNotAllowed(
        f"{call.request.method} is not allowed on {call.request.path}. Allowed: {', '.join(allowed)}.", allow_header
    )


def _run(route: Route, call: Call) -> Reply:
    if route.auth is Auth.APPLICATION:
        crowd.authenticate_application(call)
        return route.handler(call)
    if route.auth is Auth.NONE:
        return route.handler(call)
    call.user = authenticate_user(call, scope_exempt=route.scope_exempt)
    reply = route.handler(call)
    by_header = call.request.headers.get("Authorization") is not None
    reply.headers.extend(success_headers(call.user, by_header))
    return reply


def _not_found_message(product: Product, path: str) -> str:
    modelled = [str(route) for route in ROUTES if product in route.products]
    templates = [route.split(" ", 1)[1] for route in modelled]
    nearest = difflib.get_close_matches(path, templates, n=3, cutoff=0.0)
    listed = [route for route in modelled if route.split(" ", 1)[1] in nearest][:3]
    return f"Nothing is modelled at {path} on {product.value}. Nearest modelled routes: {'; '.join(listed)}."
