from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from yorozu.ledgers.models import Ledger

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("ledgers", *args, stdout=out)
    return out.getvalue()


def test_a_design_goes_out_and_back_in_through_the_cli(cast, world, tmp_path):
    path = tmp_path / "renrakuhyo.json"
    run("export-design", str(world.ledger.pk), "-o", str(path))
    assert "秘密" not in path.read_text(encoding="utf-8")
    out = run("import-design", str(path), "--department", "区民文化部 戸籍住民課", "--as", "consultant")
    assert "戸籍住民課" in out
    assert Ledger.objects.get(department=cast.department).fields.count() == world.ledger.fields.count()
    assert "関係機関連絡票" in run("list")


def test_import_errors_name_the_file_and_place(cast, world, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(
        '{"format": "yorozu-ledger-design", "version": 1, "name": "x", "fields": [{"key": "A", "label": "a", "kind": "text"}]}',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=r"broken.json: fields\[0\].key"):
        run("import-design", str(path), "--department", "戸籍住民課", "--as", "consultant")
    with pytest.raises(CommandError, match="コンサルタント"):
        run("export-design", str(world.ledger.pk), "-o", str(path))
        run("import-design", str(path), "--department", "戸籍住民課", "--as", "requester")


def test_the_access_report_counts_reads(client_as, world):
    client_as(world.school_user).get(f"/ledgers/{world.ledger.pk}/records/{world.records[0].pk}/")
    assert "school1: 1 回、1 件" in run("access-report", str(world.ledger.pk))
