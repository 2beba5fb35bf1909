"""Tenancy: a user of one agency can never read or change another agency's data."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from prongsai.agencies.access import Can, access_agency
from prongsai.agencies.models import Role
from prongsai.core import testing

AGENCY_PAGES = ["agency-home", "results", "agency-settings", "criteria:index"]


def test_it_hides_another_agencys_existence_behind_404(agency, outsider):
    with pytest.raises(Http404):
        access_agency(outsider, agency.slug)


def test_it_refuses_a_capability_the_role_lacks_with_403(agency, auditor):
    assert access_agency(auditor, agency.slug).can(Can.AUDIT)
    with pytest.raises(PermissionDenied):
        access_agency(auditor, agency.slug, Can.MANAGE)


@pytest.mark.parametrize(
    ("role", "capabilities"),
    [
        (Role.COORDINATOR, {"view", "edit", "manage", "approve", "export", "audit"}),
        (Role.OFFICER, {"view", "edit", "export"}),
        (Role.EXECUTIVE, {"view", "approve", "export"}),
        (Role.AUDITOR, {"view", "export", "audit"}),
    ],
)
def test_it_grants_each_role_its_capabilities(agency, role, capabilities):
    user = testing.make_member(agency, role)
    access = access_agency(user, agency.slug)
    assert {c.value for c in Can if access.can(c)} == capabilities


def test_it_lets_officers_edit_only_their_own_department(agency, departments, officer, coordinator):
    officer_access = access_agency(officer, agency.slug)
    assert officer_access.can_edit_department(departments["finance"])
    assert not officer_access.can_edit_department(departments["office"])
    assert access_agency(coordinator, agency.slug).can_edit_department(departments["office"])


def test_it_forgets_a_deactivated_member(agency, coordinator):
    coordinator.memberships.update(is_active=False)
    with pytest.raises(Http404):
        access_agency(coordinator, agency.slug)


def test_it_scopes_queries_to_the_agency(agency, other_agency, coordinator, assessment):
    testing.make_assessment(other_agency, 2568)
    access = access_agency(coordinator, agency.slug)
    from prongsai.assessments.models import Assessment

    assert list(access.filter(Assessment)) == [assessment]


@pytest.mark.parametrize("page", AGENCY_PAGES)
def test_it_answers_404_to_an_outsider_on_every_agency_page(client, agency, assessment, outsider, page):
    client.force_login(outsider)
    assert client.get(reverse(page, kwargs={"agency": agency.slug})).status_code == 404


@pytest.mark.parametrize("page", AGENCY_PAGES)
def test_it_sends_anonymous_visitors_to_sign_in(client, agency, page):
    response = client.get(reverse(page, kwargs={"agency": agency.slug}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_an_outsiders_post_to_change_settings(client, agency, outsider):
    client.force_login(outsider)
    url = reverse("agency-settings", kwargs={"agency": agency.slug})
    response = client.post(url, {"action": "profile", "name_th": "hacked", "agency_type": "other"})
    assert response.status_code == 404
    agency.refresh_from_db()
    assert agency.name_th == "เทศบาลตำบลคึกคัก"


def test_it_refuses_settings_changes_by_an_executive(client, agency, executive):
    client.force_login(executive)
    url = reverse("agency-settings", kwargs={"agency": agency.slug})
    assert client.post(url, {"action": "department", "code": "x", "name_th": "x", "order": 1}).status_code == 403


def test_it_lets_a_superuser_into_any_agency(agency):
    admin = testing.make_user(is_superuser=True, is_staff=True)
    assert access_agency(admin, agency.slug).is_superuser
