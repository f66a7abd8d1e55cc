"""The permission matrix as a test that cannot go stale (issue 10).

1. Every URL pattern of the URLconf and every operation of ``/api/openapi.json`` must be declared in
   the access table (``yorozu.common.access.access_table()``), and every declaration must still
   match a pattern or operation.
2. For every declaration, the pattern is requested as every role — anonymous, a requester of the
   object's department, a requester of another department ("outsider"), consultant, viewer, admin
   and a 関係機関 user ("external") — with each declared method, against real objects that the
   declaring app's ``matrix_objects(cast)`` hook builds (see ``yorozu/common/access.py``).

A role that is allowed must not be refused (401/403/404, a redirect to the login page) and nothing
may answer 500; a role that is not allowed must be refused. Every request runs inside a transaction
that is rolled back, so a POST that deletes its object does not disturb the next role's request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import import_module
from typing import Any

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from yorozu.common.access import EXTERNAL, REQUESTER, Access, access_apps, access_table

ROLES = ("anonymous", "requester", "outsider", "consultant", "viewer", "admin", "external")
REFUSED = {401, 403, 404, 405}
# Django's own admin checks is_staff itself and is not part of the product's access table.
SKIPPED_NAMESPACES = {"admin"}


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            yield prefix + str(pattern.pattern), name, pattern


def url_patterns() -> dict[str, str]:
    """URL name → route, for every pattern except Django's admin and the API operations themselves."""
    found: dict[str, str] = {}
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if name.split(":")[0] in SKIPPED_NAMESPACES or route.split("/")[0] in SKIPPED_NAMESPACES:
            continue
        if getattr(pattern.callback, "__module__", "") == "ninja.operation":
            continue  # declared per operation as "api:<METHOD> <path>"
        found[name or f"<unnamed {route}>"] = route
    return found


def api_operations() -> set[str]:
    from yorozu.api import api

    paths = api.get_openapi_schema()["paths"]
    return {f"api:{method.upper()} {path}" for path, ops in paths.items() for method in ops}


def declaring_app() -> dict[str, str]:
    owners: dict[str, str] = {}
    for app in access_apps():
        try:
            module = import_module(f"yorozu.{app}.access")
        except ModuleNotFoundError:
            continue
        owners.update(dict.fromkeys(module.ACCESS, app))
    return owners


TABLE = access_table()


def test_every_url_pattern_is_declared_in_the_access_table() -> None:
    missing = sorted(set(url_patterns()) - set(TABLE))
    assert not missing, (
        f"URL patterns without an access declaration (add them to yorozu/<app>/access.py): {missing}"
    )


def test_every_api_operation_is_declared_in_the_access_table() -> None:
    missing = sorted(api_operations() - set(TABLE))
    assert not missing, f"API operations without an access declaration: {missing}"


def test_no_declaration_is_left_behind_by_a_removed_view() -> None:
    stale = sorted(set(TABLE) - set(url_patterns()) - api_operations())
    assert not stale, f"access declarations that match no URL pattern or API operation: {stale}"


def test_external_users_are_listed_only_where_declared_on_purpose() -> None:
    """関係機関 users reach nothing unless an entry lists them and says why."""
    for key, entry in TABLE.items():
        if EXTERNAL in entry.get | entry.post:
            assert entry.note, f"{key} lets external users in without a note saying why"


# --- requesting every declaration as every role ----------------------------------------------------


@pytest.fixture
def external(cast: Any) -> Any:
    from yorozu.accounts.models import User

    return User.objects.create_user(
        username="external", password=cast.password, role=User.Role.EXTERNAL, display_name="関係機関 職員"
    )


def _user_for(role: str, cast: Any, external: Any) -> Any:
    if role == "anonymous":
        return None
    if role == "external":
        return external
    return cast.by_name[role]


def _role_value(role: str) -> str:
    return REQUESTER if role == "outsider" else role


def _expected_allowed(entry: Access, role: str, method: str) -> bool:
    if role == "outsider" and entry.department_scoped:
        return False
    return entry.allows(_role_value(role), method)


def _methods(key: str, entry: Access) -> list[str]:
    if key.startswith("api:") and " " in key:
        return [key.split(" ")[0].removeprefix("api:")]
    return sorted(m for m in entry.methods if m in ("GET", "POST"))


def _objects_for(key: str, cast: Any) -> dict[str, Any]:
    app = declaring_app()[key]
    module = import_module(f"yorozu.{app}.access")
    hook = getattr(module, "matrix_objects", None)
    if hook is None:
        return {}
    from yorozu.common.audit import acting_as

    with acting_as(cast.admin):
        made: dict[str, dict[str, Any]] = hook(cast)
    return {**made.get("*", {}), **made.get(key, {})}


def _url(key: str, kwargs: dict[str, Any]) -> str:
    if key.startswith("api:") and " " in key:
        path = key.split(" ", 1)[1]
        return re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), path)
    route = url_patterns()[key]
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    return reverse(key, kwargs={name: kwargs[name] for name in names})


def _login(client: Any, user: Any) -> dict[str, str]:
    """Log ``user`` in (session, two-factor verified where the product has it) and give a bearer header."""
    from yorozu.accounts.models import ApiToken
    from yorozu.accounts.services import token_create

    client.logout()
    if user is None:
        return {}
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    _mark_two_factor_verified(client, user)
    if user.is_external:  # no token can be issued to them: a raw row proves the API refuses it anyway
        raw = ApiToken.new_raw_token()
        ApiToken.objects.create(user=user, name="matrix", digest=ApiToken.digest_of(raw))
        return {"Authorization": f"Bearer {raw}"}
    return {"Authorization": f"Bearer {token_create(user=user, name='matrix')}"}


def _mark_two_factor_verified(client: Any, user: Any) -> None:
    try:
        from django_otp import DEVICE_ID_SESSION_KEY

        from yorozu.accounts import twofactor
    except ImportError:
        return
    device = twofactor.enrol_totp(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def _request(client: Any, method: str, url: str, headers: dict[str, str], api: bool, body: Any) -> Any:
    if api:
        body = (
            {}
            if method in ("GET", "DELETE")
            else {"data": json.dumps(body), "content_type": "application/json"}
        )
        return getattr(client, method.lower())(url, headers=headers, **body)
    return client.get(url) if method == "GET" else client.post(url, {})


def _refused(response: Any) -> bool:
    if response.status_code in REFUSED:
        return True
    location = response.get("Location", "") if response.status_code in (301, 302) else ""
    return "/accounts/login/?next=" in location


def _observe(key: str, cast: Any, external: Any, client: Any) -> list[tuple[str, str, int, bool]]:
    entry = TABLE[key]
    api = key.startswith("api:") and " " in key
    kwargs = _objects_for(key, cast)
    url = _url(key, kwargs)
    body = kwargs.get("__body__", {})
    client.raise_request_exception = True
    seen = []
    for method in _methods(key, entry):
        for role in ROLES:
            with transaction.atomic():
                headers = _login(client, _user_for(role, cast, external))
                response = _request(client, method, url, headers if api else {}, api, body)
                transaction.set_rollback(True)
            seen.append((method, role, response.status_code, _refused(response)))
    return seen


def _body_not_checked(key: str, status: int, role: str) -> bool:
    """ninja validates an API body before the view: an empty body is 422 for every signed-in role."""
    return key.startswith("api:") and status == 422 and role != "anonymous"


@pytest.mark.parametrize("key", sorted(TABLE))
def test_each_role_gets_what_the_access_table_declares(
    key: str, cast: Any, external: Any, client: Any, settings: Any, two_factor_enforced: None
) -> None:
    settings.YOROZU_PUBLIC_DX_RESULTS = True  # the public results page is declared as switched on
    entry = TABLE[key]
    wrong = []
    for method, role, status, refused in _observe(key, cast, external, client):
        allowed = _expected_allowed(entry, role, method)
        if _body_not_checked(key, status, role):
            continue
        if status >= 500 or allowed == refused:
            wrong.append(
                f"{method} as {role}: {status} ({'should pass' if allowed else 'should be refused'})"
            )
    assert not wrong, f"{key}: " + "; ".join(wrong)
