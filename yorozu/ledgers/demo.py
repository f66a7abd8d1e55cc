"""Demo ledgers (fictional; no real person's data): the 児童相談所's 関係機関連絡票 shared in part with a
school and a police station, and 区民文化部's streaming-equipment loans."""

from __future__ import annotations

import base64
import random
import secrets
from datetime import date, datetime, timedelta
from typing import Any, TextIO

from django.conf import settings
from django.utils import timezone

from yorozu.accounts.models import Department, User
from yorozu.ledgers import services
from yorozu.ledgers.models import Ledger, LedgerStatus, PartnerMember, PartnerOrganisation, Record, Share

CASE_LEDGER = "関係機関連絡票"
LOAN_LEDGER = "イベント配信の機材貸出"
PARTNERS = {
    "school1": ("よろず区立第一小学校", PartnerOrganisation.Kind.SCHOOL, "第一小 教頭"),
    "police1": ("よろず警察署", PartnerOrganisation.Kind.POLICE, "よろず署 生活安全課"),
}
CASE_FIELDS: list[tuple[str, str, str, list[str], bool]] = [
    ("received_on", "受付日", "date", [], True),
    ("child", "児童（仮名）", "text", [], True),
    ("grade", "学年", "choice", ["未就学", "小1", "小2", "小3", "小4", "小5", "小6", "中学生"], False),
    ("category", "相談種別", "choice", ["養護", "保健", "障害", "非行", "育成"], True),
    ("urgency", "緊急性", "choice", ["高", "中", "低"], True),
    ("summary", "主訴・経過", "textarea", [], False),
    (
        "agencies",
        "連携する関係機関",
        "multi",
        ["学校", "警察署", "医療機関", "保健センター", "子ども家庭支援センター"],
        False,
    ),
    ("council", "要対協ケース", "bool", [], False),
    ("worker", "担当者", "user", [], False),
    ("next_contact", "次回連絡日時", "datetime", [], False),
    ("documents", "関係書類", "file", [], False),
]
CASE_STATUSES = [
    ("受付", ["調査中"]),
    ("調査中", ["関係機関連携", "終結"]),
    ("関係機関連携", ["見守り", "終結"]),
    ("見守り", ["関係機関連携", "終結"]),
    ("終結", []),
]
SUMMARIES = [
    "登校時の様子について学校から連絡。家庭訪問を予定。",
    "夜間に一人で外出しているとの情報。保護者と面談予定。",
    "健診未受診が続いている。保健センターと情報共有。",
    "欠席が続いている。学校と連携して見守り。",
    "保護者から養育の相談。子ども家庭支援センターを紹介。",
]
LOAN_FIELDS: list[tuple[str, str, str, list[str], bool]] = [
    (
        "equipment",
        "機材",
        "choice",
        ["配信用PC", "ビデオカメラ", "ミキサー", "ワイヤレスマイク", "三脚"],
        True,
    ),
    ("event", "利用イベント", "text", [], True),
    ("lend_on", "貸出日", "date", [], True),
    ("return_on", "返却予定日", "date", [], True),
    ("borrower", "借用者", "user", [], False),
    ("note", "備考", "textarea", [], False),
]


def _partner_secrets() -> dict[str, tuple[str, str]]:
    """username → (password, TOTP key hex), kept beside the database (demo only, never in git)."""
    path = settings.DATA_DIR / "demo-partner-logins.txt"
    known: dict[str, tuple[str, str]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, password, key = line.split(" ")
            known[name] = (password, key)
    for name in PARTNERS:
        known.setdefault(name, (secrets.token_urlsafe(9), secrets.token_hex(20)))
    path.write_text("".join(f"{k} {p} {h}\n" for k, (p, h) in known.items()), encoding="utf-8")
    path.chmod(0o600)
    return known


def _section(bureau: str, name: str) -> Department:
    return Department.objects.get(parent__name=bureau, name=name)


def _design(
    admin: Any, department: Department, name: str, fields: list[Any], statuses: list[Any]
) -> tuple[Ledger, bool]:
    ledger = Ledger.objects.filter(department=department, name=name).first()
    if ledger is not None:
        return ledger, False
    ledger = services.ledger_create(user=admin, department=department, name=name)
    for key, label, kind, choices, required in fields:
        services.field_create(
            user=admin, ledger=ledger, key=key, label=label, kind=kind, choices=choices, required=required
        )
    made = {
        n: services.status_save(user=admin, ledger=ledger, name=n, is_initial=i == 0, allowed_next=[])
        for i, (n, _) in enumerate(statuses)
    }
    for status_name, following in statuses:
        made[status_name].allowed_next.set([made[n] for n in following])
    return ledger, True


def _case_values(rng: random.Random, number: int, worker: User | None, today: date) -> dict[str, Any]:
    received = today - timedelta(days=rng.randint(3, 300))
    contact = datetime.combine(today + timedelta(days=rng.randint(1, 30)), datetime.min.time()).replace(
        hour=rng.choice([9, 10, 14, 16])
    )
    return {
        "received_on": received.isoformat(),
        "child": f"児童{chr(65 + number % 26)}{number:02d}（仮名）",
        "grade": rng.choice(CASE_FIELDS[2][3]),
        "category": rng.choice(CASE_FIELDS[3][3]),
        "urgency": rng.choice(["高", "中", "中", "低"]),
        "summary": rng.choice(SUMMARIES),
        "agencies": sorted(rng.sample(CASE_FIELDS[6][3], rng.randint(1, 3))),
        "council": rng.random() < 0.4,
        "worker": worker.pk if worker else None,
        "next_contact": contact.isoformat(timespec="minutes"),
    }


def _records(ledger: Ledger, count: int, make: Any, author: User) -> None:
    if ledger.records.exists():
        return
    statuses = list(ledger.statuses.all())
    for number in range(1, count + 1):
        Record.objects.create(
            ledger=ledger,
            number=number,
            status=statuses[number % len(statuses)],
            values=make(number),
            created_by=author,
        )
    Ledger.objects.filter(pk=ledger.pk).update(next_number=count + 1)


def _partners(admin: Any, stdout: TextIO) -> dict[str, PartnerOrganisation]:
    found: dict[str, PartnerOrganisation] = {}
    logins = _partner_secrets()
    for username, (org_name, kind, display) in PARTNERS.items():
        organisation, _ = PartnerOrganisation.objects.get_or_create(name=org_name, defaults={"kind": kind})
        found[username] = organisation
        password, key_hex = logins[username]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.partner_user_create(
                user=admin,
                organisation=organisation,
                username=username,
                display_name=display,
                password=password,
            )
        elif not PartnerMember.objects.filter(user=user).exists():
            PartnerMember.objects.create(user=user, organisation=organisation)
        _enrol(user, key_hex)
    return found


def _enrol(user: User, key_hex: str | None = None) -> None:
    """A demo device (its code is also printed by ``yorozu twofactor code USER``), once."""
    try:
        from yorozu.accounts.twofactor import DEMO_DEVICE_NAME, enrol_totp, has_device
    except ImportError:
        return
    if not has_device(user):
        enrol_totp(user, key_hex=key_hex, name=DEMO_DEVICE_NAME)


def _share(admin_member: User, ledger: Ledger, organisation: PartnerOrganisation, **kwargs: Any) -> None:
    if not Share.objects.filter(ledger=ledger, organisation=organisation).exists():
        services.share_create(user=admin_member, ledger=ledger, organisation=organisation, **kwargs)


def load_demo(*, stdout: TextIO) -> None:
    admin = User.objects.get(username="admin")
    member = User.objects.filter(username="requester2").first() or admin
    today = timezone.localdate()
    rng = random.Random(14)
    cases, _ = _design(admin, _section("子ども家庭部", "児童相談所"), CASE_LEDGER, CASE_FIELDS, CASE_STATUSES)
    _records(
        cases,
        30,
        lambda n: _case_values(rng, n, member if member.role == User.Role.REQUESTER else None, today),
        member,
    )
    loans, _ = _design(
        admin,
        _section("区民文化部", "文化・国際交流課"),
        LOAN_LEDGER,
        LOAN_FIELDS,
        [("予約", ["貸出中"]), ("貸出中", ["返却済"]), ("返却済", [])],
    )
    _records(loans, 8, lambda n: _loan_values(rng, today), admin)
    organisations = _partners(admin, stdout)
    if member.role == User.Role.REQUESTER:
        linked = LedgerStatus.objects.get(ledger=cases, name="関係機関連携")
        school_keys = ["received_on", "child", "grade", "summary", "next_contact"]
        _share(
            member,
            cases,
            organisations["school1"],
            status=linked,
            field_keys=school_keys,
            expires_on=today + timedelta(days=90),
            can_comment=True,
            can_attach=True,
        )
        for record in cases.records.filter(values__urgency="高")[:3]:
            _share(
                member,
                cases,
                organisations["police1"],
                record=record,
                field_keys=["received_on", "category", "urgency"],
                expires_on=today + timedelta(days=30),
            )
    if member.role == User.Role.REQUESTER:
        _enrol(member)  # reads the 児童相談所's records, so two-factor login is required
    stdout.write(
        f"共有台帳: {Ledger.objects.count()} 件、記録 {Record.objects.count()} 件、関係機関 {PartnerOrganisation.objects.count()} 件\n"
    )
    _print_partner_logins(stdout)


def _loan_values(rng: random.Random, today: date) -> dict[str, Any]:
    lend = today + timedelta(days=rng.randint(-40, 30))
    return {
        "equipment": rng.choice(LOAN_FIELDS[0][3]),
        "event": rng.choice(["区民まつり配信", "成人の日のつどい", "子ども読書フェスタ", "区長記者会見"]),
        "lend_on": lend.isoformat(),
        "return_on": (lend + timedelta(days=rng.randint(1, 5))).isoformat(),
    }


def _print_partner_logins(stdout: TextIO) -> None:
    """Demo only: the partner logins with their TOTP secrets (add them to an authenticator app)."""
    stdout.write(
        "関係機関のデモログイン（二要素認証。TOTPシークレットを認証アプリに登録するか、"
        "`YOROZU_DEBUG=true uv run yorozu twofactor code school1` で現在のコードを表示）:\n"
    )
    member_secret = _current_secret("requester2")
    if member_secret:
        stdout.write(f"  requester2（児童相談所・台帳を読むため二要素認証が必須）TOTP {member_secret}\n")
    for username, (password, key_hex) in _partner_secrets().items():
        secret = _current_secret(username) or base64.b32encode(bytes.fromhex(key_hex)).decode()
        stdout.write(f"  {username:<12} {password:<14} TOTP {secret}（{PARTNERS[username][0]}）\n")


def _current_secret(username: str) -> str:
    """The secret of the device the user really has (they may have enrolled again in the browser)."""
    try:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from yorozu.accounts.twofactor import base32_secret
    except ImportError:
        return ""
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    return base32_secret(device) if device else ""
