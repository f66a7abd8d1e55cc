"""Demo organisation of the fictional よろず区: departments, the city, and the demo logins."""

from __future__ import annotations

import secrets
from typing import TextIO

from django.conf import settings

from yorozu.accounts.models import City, Department, User

DEMO_CITY = ("よろず区", "139998")  # fictional; 13999 + check digit 8

DEPARTMENTS: dict[str, list[str]] = {
    "政策経営部": ["企画課", "IT推進課", "財政課"],
    "総務部": ["総務課", "人事課", "契約管財課"],
    "区民文化部": ["戸籍住民課", "文化・国際交流課", "地域振興課"],
    "子ども家庭部": ["子ども政策課", "保育サービス課", "児童相談所"],
    "福祉部": ["福祉部管理課", "障がい政策課", "生活支援課"],
    "健康生きがい部": ["健康推進課", "介護保険課"],
    "資源環境部": ["環境政策課", "清掃リサイクル課"],
    "都市整備部": ["都市計画課", "建築指導課", "道路管理課"],
    "教育委員会事務局": ["学務課", "指導室", "生涯学習課"],
}

# username → (role, bureau, section, display name)
DEMO_USERS: dict[str, tuple[str, str, str, str]] = {
    "admin": (User.Role.ADMIN, "政策経営部", "IT推進課", "管理者 太郎"),
    "consultant": (User.Role.CONSULTANT, "政策経営部", "IT推進課", "相談 花子"),
    "consultant2": (User.Role.CONSULTANT, "政策経営部", "IT推進課", "分析 次郎"),
    "requester": (User.Role.REQUESTER, "区民文化部", "戸籍住民課", "窓口 一郎"),
    "requester2": (User.Role.REQUESTER, "子ども家庭部", "児童相談所", "児相 三奈"),
    "viewer": (User.Role.VIEWER, "政策経営部", "企画課", "幹部 五郎"),
}


def section(bureau: str, name: str) -> Department:
    return Department.objects.get(parent__name=bureau, name=name)


def _departments() -> None:
    for order, (bureau_name, sections) in enumerate(DEPARTMENTS.items()):
        bureau, _ = Department.objects.get_or_create(
            name=bureau_name,
            parent=None,
            defaults={"kind": Department.Kind.BUREAU, "sort_order": order * 100},
        )
        for index, name in enumerate(sections):
            Department.objects.get_or_create(
                name=name,
                parent=bureau,
                defaults={
                    "kind": Department.Kind.SECTION,
                    "sort_order": order * 100 + index + 1,
                    "is_it_division": name == "IT推進課",
                },
            )


def demo_passwords() -> dict[str, str]:
    """One random password per demo user and data directory, kept beside the database (never in git)."""
    path = settings.DATA_DIR / "demo-logins.txt"
    known: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _, password = line.partition(" ")
            known[name] = password
    for name in DEMO_USERS:
        known.setdefault(name, secrets.token_urlsafe(9))
    path.write_text("".join(f"{k} {v}\n" for k, v in known.items()), encoding="utf-8")
    path.chmod(0o600)
    return known


def load_demo(*, stdout: TextIO) -> None:
    City.objects.get_or_create(code=DEMO_CITY[1], defaults={"name": DEMO_CITY[0]})
    _departments()
    passwords = demo_passwords()
    for username, (role, bureau, section_name, display) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "department": section(bureau, section_name),
                "display_name": display,
                "is_staff": role == User.Role.ADMIN,
                "is_superuser": role == User.Role.ADMIN,
            },
        )
        if created or not user.check_password(passwords[username]):
            user.set_password(passwords[username])
            user.save()
    stdout.write(f"組織: {Department.objects.count()} 件、利用者: {User.objects.count()} 人\n")
    _enrol_demo_admin(stdout)


def _enrol_demo_admin(stdout: TextIO) -> None:
    """Administrators must use two-factor login; the demo admin gets a device whose key it prints."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from yorozu.accounts import twofactor

    admin = User.objects.get(username="admin")
    device = TOTPDevice.objects.filter(user=admin, name=twofactor.DEMO_DEVICE_NAME).first()
    if device is None:
        device = twofactor.enrol_totp(admin, name=twofactor.DEMO_DEVICE_NAME)
    stdout.write(
        f"admin は二要素認証が必須です（デモ専用の鍵: {twofactor.base32_secret(device)}）。"
        "認証アプリに登録するか、別の端末で `YOROZU_DEBUG=true uv run yorozu twofactor code admin` "
        "を実行して表示される6桁を入力してください。\n"
    )
