from django.urls import reverse

from prongsai.agencies.models import Department, Membership, Role
from prongsai.audit.models import AuditEntry
from prongsai.core import testing


def test_it_adds_a_department_and_records_who_did_it(client, agency, coordinator):
    client.force_login(coordinator)
    url = reverse("agency-settings", kwargs={"agency": agency.slug})
    response = client.post(url, {"action": "department", "code": "works", "name_th": "กองช่าง", "order": 3})
    assert response.status_code == 302
    assert Department.objects.filter(agency=agency, code="works").exists()
    entry = AuditEntry.objects.get(action="department.create")
    assert entry.actor_label == "coordinator"
    assert entry.agency_slug == agency.slug


def test_it_refuses_a_duplicate_department_code_with_a_clear_message(client, agency, coordinator):
    client.force_login(coordinator)
    url = reverse("agency-settings", kwargs={"agency": agency.slug})
    response = client.post(url, {"action": "department", "code": "finance", "name_th": "ซ้ำ", "order": 1})
    assert response.status_code == 400
    assert "finance" in response.content.decode()


def test_it_requires_a_department_for_an_officer(client, agency, coordinator):
    testing.make_user("newcomer")
    client.force_login(coordinator)
    url = reverse("agency-settings", kwargs={"agency": agency.slug})
    response = client.post(url, {"action": "member", "username": "newcomer", "role": Role.OFFICER})
    assert response.status_code == 400
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_it_adds_a_member_with_a_role(client, agency, departments, coordinator):
    testing.make_user("newcomer")
    client.force_login(coordinator)
    url = reverse("agency-settings", kwargs={"agency": agency.slug})
    data = {
        "action": "member",
        "username": "newcomer",
        "role": Role.OFFICER,
        "department": departments["finance"].pk,
    }
    assert client.post(url, data).status_code == 302
    assert Membership.objects.get(user__username="newcomer").role == Role.OFFICER
