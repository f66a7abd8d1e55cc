from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from yorozu.casebook.models import CaseStudy, Level
from yorozu.casebook.tests.factories import DEMO_DATA, finished_case, import_neighbours, own_city, published

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("casebook", *args, stdout=out)
    return out.getvalue()


def test_import_twice_adds_nothing_and_reports_counts(cast: Any) -> None:
    assert "追加 6件" in run("import", str(DEMO_DATA / "midori.json"))
    assert "追加 0件、更新 0件、変更なし 6件" in run("import", str(DEMO_DATA / "midori.json"))
    assert CaseStudy.objects.count() == 6


def test_import_of_a_bad_file_fails_in_japanese_and_saves_nothing(cast: Any, tmp_path: Any) -> None:
    bad = tmp_path / "bad.json"
    data = json.loads((DEMO_DATA / "aoba.json").read_text(encoding="utf-8"))
    data["items"][4]["theme"] = "?"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match="bad.json: 5件目の事例: theme"):
        run("import", str(bad))
    with pytest.raises(CommandError, match="見つかりません"):
        run("import", str(tmp_path / "missing.json"))
    assert CaseStudy.objects.count() == 0


def test_export_level_public_writes_only_public(cast: Any, tmp_path: Any) -> None:
    own_city()
    published(cast, level=Level.SHARED)
    public = published(cast, level=Level.PUBLIC, case=finished_case(cast, title="粗大ごみ受付のオンライン化"))
    target = tmp_path / "out.json"
    assert "1件の事例" in run("export", str(target), "--level", "public")
    assert [i["title"] for i in json.loads(target.read_text(encoding="utf-8"))["items"]] == [public.title]


def test_similar_json_answers_like_the_api(cast: Any) -> None:
    import_neighbours(cast.consultant)
    body = json.loads(run("similar", "水道の使用開始の届出をネットで受けたい", "--json"))
    first = body["items"][0]
    assert first["title"] == "水道の使用開始・中止届をオンライン受付" and first["municipality"] == "あおば町"
    assert set(first) >= {"id", "title", "municipality", "theme", "score"}


def test_similar_follows_the_users_visibility(cast: Any) -> None:
    draft_case = finished_case(cast)
    from yorozu.casebook import services

    services.case_study_draft(user=cast.consultant, consultation=draft_case)
    assert json.loads(run("similar", draft_case.title, "--json", "--user", "outsider"))["items"] == []


def test_export_static_writes_the_public_pages(cast: Any, tmp_path: Any) -> None:
    own_city()
    public = published(cast, level=Level.PUBLIC)
    published(cast, level=Level.INTERNAL, case=finished_case(cast, title="庁内だけの事例"))
    assert "1件の公開事例" in run("export-static", str(tmp_path / "site"))
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert public.title in index and "庁内だけの事例" not in index
    assert f'href="cases/{public.uid}.html"' in index and 'href="assets/yorozu.css"' in index
    page = (tmp_path / "site" / "cases" / f"{public.uid}.html").read_text(encoding="utf-8")
    assert "80時間" in page and 'href="../assets/casebook.css"' in page
    assert (tmp_path / "site" / "assets" / "casebook.css").is_file()
    assert "<script" not in index and "style=" not in index


def fresh_installation(data_dir: Any, *args: str) -> str:
    """Run ``yorozu ARGS`` against another installation: its own data directory and SQLite file."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "YOROZU_TESTING")}
    env.update(
        {
            "YOROZU_DATA_DIR": str(data_dir),
            "YOROZU_DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "yorozu.settings",
        }
    )
    done = subprocess.run(
        [sys.executable, "-m", "yorozu.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


DUMP = (
    "import json; from yorozu.casebook.models import CaseStudy; from yorozu.casebook.services import to_record; "
    "from yorozu_core.casebook.exchange import dump_record; "
    "print(json.dumps([dump_record(to_record(c)) for c in CaseStudy.objects.order_by('uid')], ensure_ascii=False))"
)


def test_export_then_import_into_a_fresh_data_directory_gives_the_same_case_studies(
    cast: Any, tmp_path: Any
) -> None:
    own_city()
    published(cast, level=Level.SHARED)
    published(cast, level=Level.PUBLIC, case=finished_case(cast, title="粗大ごみ受付のオンライン化"))
    exported = tmp_path / "yorozu-ku.json"
    run("export", str(exported))
    sent = sorted(json.loads(exported.read_text(encoding="utf-8"))["items"], key=lambda i: i["id"])

    fresh = tmp_path / "neighbour"
    fresh_installation(fresh, "migrate", "--verbosity", "0")
    fresh_installation(
        fresh,
        "shell",
        "-c",
        "from yorozu.accounts.models import User; User.objects.create(username='admin', role='admin')",
    )
    assert "追加 2件" in fresh_installation(fresh, "casebook", "import", str(exported))
    assert "追加 0件、更新 0件、変更なし 2件" in fresh_installation(
        fresh, "casebook", "import", str(exported)
    )
    received = json.loads(fresh_installation(fresh, "shell", "-c", DUMP).strip().splitlines()[-1])
    assert received == sent
