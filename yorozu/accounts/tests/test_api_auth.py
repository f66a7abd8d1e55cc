import io

import pytest
from django.core.management import call_command

from yorozu.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_published_to_signed_in_users(client_as, cast):
    document = client_as(cast.requester).get("/api/openapi.json").json()
    assert document["info"]["title"] == "yorozu API"
    assert any(path.startswith("/api/consultations/") for path in document["paths"])
    assert "BearerAuth" in document["components"]["securitySchemes"]


def test_createtoken_prints_a_working_token_on_its_last_line(cast):
    out = io.StringIO()
    call_command("createtoken", "requester", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert ApiToken.objects.get(digest=ApiToken.digest_of(token)).user == cast.requester


def test_only_the_digest_is_stored(cast):
    out = io.StringIO()
    call_command("createtoken", "requester", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    assert not ApiToken.objects.filter(digest=token).exists()


def test_createtoken_names_an_unknown_user_in_japanese():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="見つかりません"):
        call_command("createtoken", "nobody")


def test_a_token_can_be_issued_from_the_profile_page(cast, client_as):
    page = client_as(cast.consultant).post("/accounts/me/tokens/", {"name": "kintone連携"}).content.decode()
    assert "yz_" in page and "kintone連携" in page
