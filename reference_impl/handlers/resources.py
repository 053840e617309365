"""Jira's and Confluence's own REST resources, in the shapes Data Center returns."""

from reference_impl.handlers.context import Call
from reference_impl.records import Project, User
from reference_impl.wire import BadRequest, NotFound, Reply, Unauthorized


def myself(call: Call) -> Reply:
    """GET /rest/api/2/myself: the authenticated user."""
    return Reply.json(user_resource(call, _require_user(call)))


def user(call: Call) -> Reply:
    """GET /rest/api/2/user?username=: one user, or 404 when no user has that name."""
    _require_user(call)
    name = call.request.query("username")
    if not name:
        raise BadRequest("The query parameter 'username' is missing. Add ?username=<user name>.")
    found = call.instance.find_user(name)
    if found is None:
        raise NotFound(f"The user named '{name}' does not exist")
    return Reply.json(user_resource(call, found))


def projects(call: Call) -> Reply:
    """GET /rest/api/2/project: the projects the caller may browse."""
    visible = call.instance.visible_projects(call.user)
    return Reply.json([project_resource(call, project) for project in visible])


def server_info(call: Call) -> Reply:
    """GET /rest/api/2/serverInfo: served to anonymous callers too."""
    return Reply.json(
        {
            "baseUrl": call.base_url,
            "version": "9.12.0",
            "versionNumbers": [9, 12, 0],
            "deploymentType": "Server",
            "serverTitle": "Reference Jira",
        }
    )


def create_issue(call: Call) -> Reply:
    """POST /rest/api/2/issue: a write call, so that token scopes have something to refuse."""
    _require_user(call)
    fields = call.request.json().get("fields")
    if not isinstance(fields, dict) or not isinstance(fields.get("project"), dict):
        raise BadRequest('The body needs "fields": {"project": {"key": "<project key>"}, "summary": "<text>"}.')
    key = fields["project"].get("key")
    if key not in {project.key for project in call.instance.data.projects}:
        raise BadRequest(f"The project {key!r} does not exist. Use the key of a project from /rest/api/2/project.")
    number = call.instance.next_issue_number()
    issue_key = f"{key}-{number}"
    return Reply.json({"id": str(10000 + number), "key": issue_key, "self": f"{call.base_url}/rest/api/2/issue/{issue_key}"}, 201)


def confluence_current_user(call: Call) -> Reply:
    """GET /rest/api/user/current on Confluence: the caller, or an anonymous marker."""
    if call.user is None:
        return Reply.json({"type": "anonymous"})
    return Reply.json(
        {"type": "known", "username": call.user.name, "userKey": call.user.key, "displayName": call.user.display_name}
    )


def user_resource(call: Call, found: User) -> dict:
    """Shape a user as /rest/api/2/myself and /rest/api/2/user return it."""
    self_url = f"{call.base_url}/rest/api/2/user?username={found.name}"
    return {
        "self": self_url,
        "key": found.key,
        "name": found.name,
        "emailAddress": found.email,
        "avatarUrls": _avatar_urls(call.base_url, "useravatar", found.key),
        "displayName": found.display_name,
        "active": found.active,
        "timeZone": "UTC",
        "locale": "en_US",
        "groups": {"size": len(found.groups), "items": [{"name": group} for group in found.groups]},
        "applicationRoles": {"size": 1, "items": []},
        "expand": "groups,applicationRoles",
    }


def project_resource(call: Call, project: Project) -> dict:
    """Shape a project as /rest/api/2/project lists it."""
    return {
        "self": f"{call.base_url}/rest/api/2/project/{project.id}",
        "id": project.id,
        "key": project.key,
        "name": project.name,
        "avatarUrls": _avatar_urls(call.base_url, "projectavatar", project.id),
        "projectTypeKey": project.project_type,
    }


def _avatar_urls(base_url: str, kind: str, owner: str) -> dict[str, str]:
    sizes = {"48x48": "", "24x24": "size=small&", "16x16": "size=xsmall&", "32x32": "size=medium&"}
    return {size: f"{base_url}/secure/{kind}?{query}ownerId={owner}" for size, query in sizes.items()}


def _require_user(call: Call) -> User:
    if call.user is None:
        raise Unauthorized("You are not authenticated. Authentication is required to access this resource.")
    return call.user
