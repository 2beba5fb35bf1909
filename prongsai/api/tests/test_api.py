"""The REST API: hashed tokens, per-agency scope, the OpenAPI schema, and token management."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from prongsai.api.models import ApiToken, hash_token
from prongsai.api.tokens import create_token, revoke_token
from prongsai.assessments.models import AssessmentResult, IndicatorScore
from prongsai.audit.models import AuditEntry
from prongsai.core.testing import make_assessment


@pytest.fixture
def published(assessment):
    result = AssessmentResult.objects.create(
        assessment=assessment, total=Decimal("91.25"), level_code="A", source="manual", oit=Decimal("88.50")
    )
    IndicatorScore.objects.create(result=result, number=1, score=Decimal("95.10"))
    return result


@pytest.fixture
def token(coordinator, agency):
    return create_token(coordinator, agency, "เว็บไซต์เทศบาล", actor=coordinator).plain


def _get(client, path: str, token: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1{path}", **headers)


def test_it_stores_only_the_hash_of_a_token(token, coordinator):
    stored = ApiToken.objects.get()
    assert stored.key_hash == hash_token(token) and token not in (stored.prefix, stored.key_hash)
    assert token.startswith(stored.prefix)
    assert AuditEntry.objects.filter(action="api.token.created").exists()


def test_it_answers_the_tokens_agency_assessments_and_results(client, token, agency, published):
    assert _get(client, "/agency", token).json()["slug"] == agency.slug
    years = _get(client, "/assessments", token).json()
    assert years[0]["fiscal_year"] == 2568 and years[0]["result"]["total"] == 91.25
    one = _get(client, "/assessments/2568", token).json()
    assert one["result"]["indicators"] == [{"number": 1, "score": 95.1}]
    assert _get(client, "/results", token).json()[0]["oit"] == 88.5
    assert _get(client, "/assessments/2555", token).status_code == 404


def test_it_refuses_requests_without_a_valid_token(client, token, coordinator):
    assert _get(client, "/agency", None).status_code == 401
    assert _get(client, "/agency", "psk_not-a-real-token").status_code == 401
    revoke_token(ApiToken.objects.get(), coordinator)
    assert _get(client, "/agency", token).status_code == 401


def test_it_stops_a_token_when_the_membership_ends(client, token, coordinator):
    coordinator.memberships.update(is_active=False)
    assert _get(client, "/agency", token).status_code == 401


def test_it_never_shows_another_agencys_data(client, agency, other_agency, outsider, published):
    make_assessment(other_agency, 2567)
    theirs = create_token(outsider, other_agency, "other").plain
    assert _get(client, "/agency", theirs).json()["slug"] == other_agency.slug
    assert [a["fiscal_year"] for a in _get(client, "/assessments", theirs).json()] == [2567]
    assert _get(client, "/assessments/2568", theirs).status_code == 404
    assert _get(client, "/results", theirs).json() == []


def test_it_publishes_an_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Prongsai API"
    assert "/api/v1/assessments/{fiscal_year}" in schema["paths"]
    assert {"type": "http", "scheme": "bearer"} in schema["components"]["securitySchemes"].values()


def test_it_lets_coordinators_create_and_revoke_tokens_on_a_page(client, coordinator, officer, agency):
    client.force_login(coordinator)
    page = client.post(f"/a/{agency.slug}/api/", {"name": "แดชบอร์ดจังหวัด"})
    assert page.status_code == 200
    token = ApiToken.objects.get()
    assert token.prefix in page.content.decode()
    assert client.post(f"/a/{agency.slug}/api/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.force_login(officer)
    assert client.get(f"/a/{agency.slug}/api/").status_code == 403


def test_it_creates_tokens_from_the_command_line(coordinator, agency, capsys):
    call_command("api_token", "create", "--user", "coordinator", "--agency", agency.slug, "--name", "site")
    plain = capsys.readouterr().out.strip()
    assert ApiToken.objects.get().key_hash == hash_token(plain)
    call_command("api_token", "revoke", plain[:12])
    assert ApiToken.objects.get().revoked_at is not None


def test_it_serves_its_documentation_without_a_cdn(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "<script>" not in page.replace(" ", "")


def test_it_answers_json_even_for_a_path_with_control_characters(client):
    # Found by schemathesis: a newline in the path used to fall through to the HTML 404 page.
    response = client.get("/api/v1/assessments/b%0AO%16")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
