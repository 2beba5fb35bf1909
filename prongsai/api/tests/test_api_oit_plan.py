"""OIT items and plan progress through the API, on the demo agency (mounted when those apps are installed)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from prongsai.api.tokens import create_token
from prongsai.core import demo
from prongsai.core.testing import make_agency, make_assessment, make_member


@pytest.fixture
def demo_token(db):
    agency = demo.load_demo()
    user = get_user_model().objects.get(username="coordinator")
    return agency, create_token(user, agency, "website").plain


def _get(client, path: str, token: str):
    return client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.mark.skipif(not apps.is_installed("prongsai.disclosure"), reason="the disclosure app is not installed")
def test_it_lists_oit_items_with_the_evidence_links_of_published_ones(client, demo_token):
    _agency, token = demo_token
    items = _get(client, f"/assessments/{demo.CURRENT_YEAR}/oit", token).json()
    assert items, "the demo agency has OIT items"
    published = [i for i in items if i["status"] == "published"]
    assert published and all(i["evidence"] for i in published)
    assert all(e["url"].startswith(("http://", "https://")) for i in published for e in i["evidence"])
    assert all(not i["evidence"] for i in items if i["status"] != "published")


@pytest.mark.skipif(not apps.is_installed("prongsai.plans"), reason="the plans app is not installed")
def test_it_reports_plan_progress_measure_by_measure(client, demo_token):
    _agency, token = demo_token
    plan = _get(client, f"/assessments/{demo.CURRENT_YEAR}/plan", token).json()
    assert plan["measures"] == len(plan["items"]) > 0
    assert 0 <= plan["average_progress"] <= 100
    assert plan["done"] + plan["late"] <= plan["measures"]


def test_it_keeps_oit_and_plan_of_other_agencies_out(client, demo_token):
    _agency, _token = demo_token
    other = make_agency(slug="api-other")
    make_assessment(other, demo.CURRENT_YEAR)
    theirs = create_token(make_member(other, username="api-other-coordinator"), other, "x").plain
    if apps.is_installed("prongsai.disclosure"):
        assert _get(client, f"/assessments/{demo.CURRENT_YEAR}/oit", theirs).json() == []
    if apps.is_installed("prongsai.plans"):
        assert _get(client, f"/assessments/{demo.CURRENT_YEAR}/plan", theirs).status_code == 404
