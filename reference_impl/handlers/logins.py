"""Session logins over REST, the web login form, single sign-on and the administrator's counter reset."""

from urllib.parse import urlencode

from reference_impl.handlers.auth import SESSION_COOKIE, captcha_error, client_address, login_error, username_header
from reference_impl.handlers.context import Call
from reference_impl.model import Outcome
from reference_impl.records import Product, User
from reference_impl.wire import BadRequest, Forbidden, HTTPError, NotFound, Reply, Unauthorized


def create_session(call: Call) -> Reply:
    """POST /rest/auth/1/session: log in with a user name and a password or API token."""
    body = call.request.json()
    name, secret = body.get("username"), body.get("password")
    if not isinstance(name, str) or not isinstance(secret, str) or not name:
        raise BadRequest('The body needs "username" and "password", both strings.')
    login = call.instance.login_for_session(name, secret, address=client_address(call))
    if login.outcome is Outcome.CAPTCHA_REQUIRED:
        raise _with_message(captcha_error(call), "Login denied")
    if not login.succeeded or login.user is None:
        raise login_error(call, login)
    session_id = call.instance.open_session(login.user)
    call.user = login.user
    reply = Reply.json(
        {
            "session": {"name": SESSION_COOKIE, "value": session_id},
            "loginInfo": {
                "failedLoginCount": login.user.login.total_failed_count,
                "loginCount": login.user.login.login_count,
            },
        },
        headers=[("X-Seraph-LoginReason", "OK"), ("X-AUSERNAME", username_header(login.user.name))],
    )
    reply.headers.append(("Set-Cookie", _session_cookie(session_id)))
    return reply


def current_session(call: Call) -> Reply:
    """GET /rest/auth/1/session: who the session belongs to."""
    if call.user is None:
        raise Unauthorized("You are not logged in. Log in with POST /rest/auth/1/session first.")
    return Reply.json({"self": f"{call.base_url}/rest/api/latest/user?username={call.user.name}", "name": call.user.name})


def delete_session(call: Call) -> Reply:
    """DELETE /rest/auth/1/session: log out."""
    if call.session_id is None or not call.instance.close_session(call.session_id):
        raise Unauthorized("You are not logged in, so there is no session to end.")
    return Reply(204, headers=[("Set-Cookie", f"{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly")])


def web_login(call: Call) -> Reply:
    """POST /login.jsp (Jira) or /dologin.action (Confluence): the login form of the web interface."""
    form = call.request.form()
    name, password = form.get("os_username", ""), form.get("os_password", "")
    login = call.instance.login_with_web_form(name, password, form.get("os_captcha"))
    if login.succeeded and login.user is not None:
        return _logged_in(call, login.user)
    reason = "AUTHENTICATION_DENIED" if login.outcome is Outcome.CAPTCHA_REQUIRED else "AUTHENTICATED_FAILED"
    message = (
        "Sorry, your user name and password are incorrect, or you need to answer the CAPTCHA: "
        "solve it and enter your password (API tokens do not work in the login form)."
        if reason == "AUTHENTICATION_DENIED"
        else "Sorry, your user name and password are incorrect. API tokens work on the REST API only."
    )
    reply = Reply.text(f"<html><body><p class=\"error\">{message}</p></body></html>", 200, "text/html;charset=UTF-8")
    reply.headers.append(("X-Seraph-LoginReason", reason))
    return reply


def single_sign_on(call: Call) -> Reply:
    """POST /plugins/servlet/samlconsumer: a simulated SAML assertion naming the user; the model trusts it."""
    name = call.request.form().get("username", "")
    login = call.instance.login_with_single_sign_on(name)
    if not login.succeeded or login.user is None:
        raise Forbidden(f"Single sign-on failed: no active user named {name!r}.")
    return _logged_in(call, login.user)


def reset_failed_login_count(call: Call) -> Reply:
    """GET /secure/admin/user/ResetFailedLoginCount.jspa?name=: an administrator clears a user's counter."""
    _require_administrator(call)
    if call.request.headers.get("X-Atlassian-Token") != "no-check":
        raise Forbidden("XSRF check failed. Send the header 'X-Atlassian-Token: no-check'.")
    name = call.request.query("name") or ""
    if not call.instance.reset_failed_login_count(name):
        raise NotFound(f"The user named '{name}' does not exist")
    # Percent-encoded, because a Location header carries a URI and a user name may be non-ASCII.
    location = f"{call.base_url}/secure/admin/user/ViewUser.jspa?{urlencode({'name': name})}"
    return Reply(302, headers=[("Location", location)])


def security_settings_page(call: Call) -> Reply:
    """Render the settings page that shows "Maximum Authentication Attempts Allowed"."""
    _require_administrator(call)
    limit = call.instance.data.product.max_authentication_attempts
    shown = "" if limit is None else str(limit)
    page = (
        "<html><body><table>"
        "<tr><th>Maximum Authentication Attempts Allowed</th>"
        f'<td id="maximumAuthenticationAttemptsAllowed">{shown}</td></tr>'
        "</table></body></html>"
    )
    return Reply.text(page, content_type="text/html;charset=UTF-8")


def _logged_in(call: Call, user: User) -> Reply:
    call.user = user
    session_id = call.instance.open_session(user)
    start = "/secure/Dashboard.jspa" if call.product is Product.JIRA else "/index.action"
    return Reply(
        302,
        headers=[
            ("Location", f"{call.base_url}{start}"),
            ("Set-Cookie", _session_cookie(session_id)),
            ("X-Seraph-LoginReason", "OK"),
            ("X-AUSERNAME", username_header(user.name)),
        ],
    )


def _session_cookie(session_id: str) -> str:
    return f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly"


def _require_administrator(call: Call) -> User:
    if call.user is None:
        raise Unauthorized("Log in as an administrator to open this page.")
    if not call.user.is_administrator:
        raise Forbidden(f"The user '{call.user.name}' is not an administrator. Log in as an administrator.")
    return call.user


def _with_message(error: HTTPError, message: str) -> HTTPError:
    return type(error)(message, error.headers)
