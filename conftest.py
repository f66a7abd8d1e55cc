"""Fixtures shared by every app's tests: the permission-matrix cast, API clients, a real local HTTP
server for webhook/LLM integrations, and a real Chromium driven by Playwright."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent
SHARED_DATA = Path(os.environ.get("YOROZU_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))
CHROMIUM = os.environ.get("YOROZU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings: Any, tmp_path: Path) -> None:
    """Uploads, indexes and exports of a test go to its own temporary folder; passwords hash fast
    (PBKDF2 costs ~0.5 s per user on a shared 2-core machine and the cast has six)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    settings.MEDIA_ROOT = settings.DATA_DIR / "uploads"
    # Two-factor login is off unless a test asks for it with the ``two_factor_enforced`` fixture, so
    # that the permission-matrix cast (admin included) logs in with one step.
    settings.YOROZU_2FA_ENFORCED = False
    # Dense retrieval (on by default) is off unless a test turns it on: every ingest would otherwise
    # start an embedding thread with the real model (yorozu/regqa/tests/test_dense.py turns it on).
    settings.YOROZU_REGQA_DENSE = False
    # Webhook tests deliver to the local ``http_server`` (loopback, refused unless vouched for).
    settings.YOROZU_WEBHOOK_ALLOWED_TARGETS = ["127.0.0.1"]


@pytest.fixture
def two_factor_enforced(settings: Any) -> None:
    settings.YOROZU_2FA_ENFORCED = True


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@dataclass
class Cast:
    """The fixed cast every view test walks: who may see and change a department's records."""

    department: Any  # the requesting department (戸籍住民課)
    other_department: Any  # another department (児童相談所)
    it_division: Any
    requester: Any  # requester of ``department``
    colleague: Any  # another requester of ``department``
    outsider: Any  # requester of ``other_department``
    consultant: Any
    viewer: Any
    admin: Any
    password: str = "correct-horse-battery-9"  # noqa: S105 - test-only password
    by_name: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def cast(db: None) -> Cast:
    from yorozu.accounts.models import Department, User

    bureau = Department.objects.create(name="区民文化部", kind=Department.Kind.BUREAU)
    policy = Department.objects.create(name="政策経営部", kind=Department.Kind.BUREAU)
    children = Department.objects.create(name="子ども家庭部", kind=Department.Kind.BUREAU)
    department = Department.objects.create(name="戸籍住民課", parent=bureau)
    other = Department.objects.create(name="児童相談所", parent=children)
    it_division = Department.objects.create(name="IT推進課", parent=policy, is_it_division=True)
    password = Cast.password

    def make(username: str, role: str, dept: Any) -> Any:
        user = User.objects.create_user(
            username=username, password=password, role=role, department=dept, display_name=username
        )
        return user

    result = Cast(
        department=department,
        other_department=other,
        it_division=it_division,
        requester=make("requester", User.Role.REQUESTER, department),
        colleague=make("colleague", User.Role.REQUESTER, department),
        outsider=make("outsider", User.Role.REQUESTER, other),
        consultant=make("consultant", User.Role.CONSULTANT, it_division),
        viewer=make("viewer", User.Role.VIEWER, None),
        admin=make("admin", User.Role.ADMIN, it_division),
    )
    User.objects.filter(pk=result.admin.pk).update(is_staff=True, is_superuser=True)
    result.admin.refresh_from_db()
    result.by_name = {
        n: getattr(result, n) for n in ("requester", "colleague", "outsider", "consultant", "viewer", "admin")
    }
    return result


@pytest.fixture
def client_as(client: Any) -> Any:
    """``client_as(user)`` → a test client logged in as ``user`` (or anonymous for None)."""

    def login(user: Any) -> Any:
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


class ApiClient:
    def __init__(self, client: Any, token: str | None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        return self.client.post(
            path, json.dumps(data or {}), content_type="application/json", headers=self.headers
        )

    def put(self, path: str, data: Any = None) -> Any:
        return self.client.put(
            path, json.dumps(data or {}), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, data: Any = None) -> Any:
        return self.client.patch(
            path, json.dumps(data or {}), content_type="application/json", headers=self.headers
        )

    def delete(self, path: str) -> Any:
        return self.client.delete(path, headers=self.headers)


@pytest.fixture
def api_as(client: Any) -> Any:
    """``api_as(user)`` → a JSON client sending that user's bearer token (None: no token)."""
    from yorozu.accounts.services import token_create

    def make(user: Any) -> ApiClient:
        return ApiClient(client, token_create(user=user) if user is not None else None)

    return make


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class LocalHttpServer:
    """A real HTTP server on 127.0.0.1 that records requests and answers what the test queues."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.responses: list[tuple[int, dict[str, str], bytes]] = []
        self.default = (200, {"Content-Type": "application/json"}, b'{"ok": true}')
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.requests.append(Recorded(self.command, self.path, headers, body))
                status, headers, payload = owner.responses.pop(0) if owner.responses else owner.default
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if isinstance(payload, bytes):
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                else:  # an iterable of chunks: streamed (for server-sent events)
                    self.end_headers()
                    for chunk in payload:
                        self.wfile.write(chunk)
                        self.wfile.flush()

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_server() -> Iterator[LocalHttpServer]:
    server = LocalHttpServer()
    yield server
    server.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(locale="ja-JP", timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def browser_login(live_server: Any) -> Any:
    """``browser_login(page, user)`` logs ``user`` in through the real login form."""

    def login(page: Any, user: Any, password: str = Cast.password) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("ユーザー名").fill(user.username)
        page.get_by_label("パスワード").fill(password)
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return login
