import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from prongsai.agencies.access import access_agency
from prongsai.documents.registry import DocumentRequest, render
from prongsai.registers import actions, reports
from prongsai.registers.models import CoiDeclaration, CoiRound

from .conftest import url


@pytest.fixture
def round_(agency):
    return CoiRound.objects.create(
        agency=agency, fiscal_year=2568, opens_on=dt.date(2024, 11, 1), closes_on=dt.date(2024, 12, 31)
    )


def test_members_declare_and_see_their_own_declaration(client, agency, round_, officer, coordinator):
    client.force_login(officer)
    response = client.post(
        url("registers:coi-declare", agency, year=2568), {"has_interest": "1", "details": "", "signed_name": "กาญจนา"}
    )
    assert response.status_code == 400  # an interest needs details
    client.post(
        url("registers:coi-declare", agency, year=2568),
        {"has_interest": "1", "details": "คู่สมรสเป็นหุ้นส่วนร้านวัสดุ", "signed_name": "กาญจนา"},
    )
    mine = CoiDeclaration.objects.get(member=officer)
    assert mine.has_interest and mine.department.code == "finance"
    assert client.get(url("registers:coi-declaration", agency, pk=mine.pk)).status_code == 200
    theirs = actions.declare_interest(round_, coordinator, None, False, "", "สมศรี")
    assert client.get(url("registers:coi-declaration", agency, pk=theirs.pk)).status_code == 403
    page = client.get(url("registers:coi-round", agency, year=2568)).content.decode()
    assert "สมศรี" not in page  # officers see completion of their own department only, not others' names


def test_reviewers_acknowledge_and_the_declaration_is_then_locked(agency, round_, officer, executive):
    declaration = actions.declare_interest(round_, officer, None, False, "", "กาญจนา")
    with pytest.raises(PermissionDenied):
        actions.acknowledge_declaration(access_agency(officer, agency.slug), declaration, "ok")
    actions.acknowledge_declaration(access_agency(executive, agency.slug), declaration, "รับทราบ")
    declaration.refresh_from_db()
    assert declaration.reviewed_by == executive and declaration.review_comment == "รับทราบ"
    with pytest.raises(ValidationError):
        actions.declare_interest(round_, officer, None, True, "เปลี่ยนใจ", "กาญจนา")


def test_it_tracks_who_has_not_declared_per_department(agency, round_, coordinator, officer, executive, auditor):
    actions.declare_interest(round_, officer, officer.memberships.get().department, False, "", "ก")
    progress = reports.coi_progress(round_)
    assert (progress.members, progress.declarations, progress.missing) == (4, 1, 3)
    finance = next(d for d in progress.departments if d.department and d.department.code == "finance")
    assert finance.percent == 100
    office = next(d for d in progress.departments if d.department and d.department.code == "office")
    assert office.missing == [coordinator]


def test_the_public_summary_counts_without_names(client, agency, round_, officer):
    actions.declare_interest(round_, officer, None, True, "รายละเอียดลับ", "กาญจนา")
    page = client.get(url("public-registers:coi", agency, year=2568)).content.decode()
    assert "1" in page and "รายละเอียดลับ" not in page and "กาญจนา" not in page
    assert round_.evidence_url() == url("public-registers:coi", agency, year=2568)


def test_the_declarations_export_lists_everyone_with_their_state(
    agency, round_, officer, coordinator, executive, auditor
):
    actions.declare_interest(round_, officer, None, False, "", "กาญจนา")
    book = load_workbook(
        __import__("io").BytesIO(render("coi-declarations", DocumentRequest(agency, 2568, "xlsx")).content)
    )
    values = [[c.value for c in row] for row in book.active.iter_rows(min_row=2)]
    assert len(values) == 4 and sum(1 for v in values if v[2] == "ยังไม่ยื่น") == 3


def test_only_reviewers_and_auditors_download_everyones_declarations(
    client, agency, round_, officer, coordinator, executive, auditor
):
    actions.declare_interest(round_, coordinator, None, True, "รายละเอียดลับ", "สมศรี")
    address = url("documents:download", agency, kind="coi-declarations", fmt="xlsx") + "?year=2568"
    client.force_login(officer)  # may export, but reads only their own declaration on the pages
    assert client.get(address).status_code == 403
    assert address not in client.get(url("registers:coi-round", agency, year=2568)).content.decode()
    for member in (coordinator, executive, auditor):
        client.force_login(member)
        response = client.get(address)
        assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")


def test_the_round_page_uses_a_bounded_number_of_queries(
    client, agency, round_, coordinator, departments, django_assert_max_num_queries
):
    from prongsai.agencies.models import Role
    from prongsai.core import testing

    for n in range(15):
        user = testing.make_member(agency, Role.OFFICER, departments["office"], username=f"staff{n}")
        actions.declare_interest(round_, user, departments["office"], n % 3 == 0, "x" if n % 3 == 0 else "", "x")
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(url("registers:coi-round", agency, year=2568)).status_code == 200
