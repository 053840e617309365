"""Control endpoints under /reference-api for tests and support staff; they are not part of Jira."""

from reference_impl.handlers.context import Call
from reference_impl.timestamps import iso_timestamp
from reference_impl.wire import NotFound, Reply


def ready(call: Call) -> Reply:
    """GET /reference-api/ready: the server is up."""
    return Reply.json({"ready": True, "product": call.product.value, "data": call.instance.data.source})


def reset(call: Call) -> Reply:
    """POST /reference-api/reset: back to the loaded data; tokens created since are gone."""
    call.instance.reset()
    return Reply.json({"reset": True})


def login_record(call: Call) -> Reply:
    """GET /reference-api/users/{name}/login-record: a user's login counters, read-only."""
    found = call.instance.find_user(call.params["name"])
    if found is None:
        raise NotFound(f"No user is named {call.params['name']!r}. Check the name against the loaded configuration.")
    record = found.login
    return Reply.json(
        {
            "name": found.name,
            "currentFailedCount": record.current_failed_count,
            "totalFailedCount": record.total_failed_count,
            "lastFailedLogin": iso_timestamp(record.last_failed_login),
            "loginCount": record.login_count,
            "lastLogin": iso_timestamp(record.last_login),
            "captchaRequired": call.instance.captcha_required(found),
        }
    )


def captcha(call: Call) -> Reply:
    """GET /reference-api/users/{name}/captcha: the solution of the user's pending CAPTCHA, in place of reading the picture."""
    if call.instance.find_user(call.params["name"]) is None:
        raise NotFound(f"No user is named {call.params['name']!r}. Check the name against the loaded configuration.")
    answer = call.instance.captcha_answer(call.params["name"])
    if answer is None:
        raise NotFound(f"No CAPTCHA is pending for {call.params['name']!r}.")
    return Reply.json({"name": call.params["name"], "answer": answer})


def config_check(call: Call) -> Reply:
    """GET /reference-api/config-check: settings that will break something, before anyone notices."""
    problems = []
    if call.instance.data.app.disable_password_basic_auth:
        for name in call.instance.applications_named_like_users():
            problems.append(
                f"The user-server application {name!r} has the name of a Jira user while Basic authentication "
                "with passwords is disabled, so directory synchronisation fails. Rename the application."
            )
    return Reply.json({"problems": problems})

