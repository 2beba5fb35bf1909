"""Starting a year from last year's OIT: the criteria's crosswalk, then code and title."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from prongsai.core.testing import PASSWORD, make_assessment
from prongsai.criteria import framework
from prongsai.disclosure import actions, rules
from prongsai.disclosure.models import ItemStatus, OitItemWork, OitYear
from prongsai.disclosure.tests.conftest import work


def test_it_matches_items_through_the_crosswalk_then_code_and_title():
    new = framework.load(framework.find("ita-2568"))
    old = framework.load(framework.find("ita-2567"))
    matches = {m.code: m for m in rules.crosswalk(new, old)}
    assert matches["O1"].previous == ("O1", "O3") and matches["O1"].how == "crosswalk"  # 2568 merged structure + powers
    assert matches["O3"].previous == ("O4",)  # contact moved from O4 to O3
    assert "O4" not in matches  # 2568's O4 (news) is new
    newer = framework.load(framework.find("ita-2569"))
    by_code = {m.code: m for m in rules.crosswalk(newer, new)}
    assert by_code["O11"].previous == ("O12",)  # renumbered procurement item


def test_it_matches_by_code_and_title_when_the_criteria_give_no_crosswalk():
    new = framework.load(framework.find("ita-2568"))
    same = {m.code: m for m in rules.crosswalk(new, new)}
    assert same["O4"].how == "code_and_title" and same["O4"].previous == ("O4",)


def test_it_carries_evidence_forward_flagged_for_the_new_year(agency, departments, coordinator, officer):
    old = make_assessment(agency, 2567)
    new = make_assessment(agency, 2568)
    actions.ensure_items(old, coordinator)
    o1, o3, o4 = work(old, "O1"), work(old, "O3"), work(old, "O4")
    actions.add_url(
        o1,
        coordinator,
        url="https://e.org/structure",
        title="โครงสร้าง",
        evidence_date=dt.date(2023, 10, 3),
        fiscal_year=None,
    )
    actions.add_page(
        o3,
        coordinator,
        title="อำนาจหน้าที่",
        body="ตาม พ.ร.บ.เทศบาล",
        evidence_date=dt.date(2023, 10, 3),
        fiscal_year=None,
    )
    actions.add_url(o4, coordinator, url="https://e.org/contact", title="ติดต่อ", evidence_date=None, fiscal_year=None)
    actions.set_description(o1, coordinator, "แผนผังโครงสร้าง")

    carried = actions.carry_forward(new, old, coordinator)

    assert carried["O1"] == ["O1", "O3"] and carried["O3"] == ["O4"]
    merged = work(new, "O1")
    assert list(merged.evidence.values_list("title", flat=True)) == ["โครงสร้าง", "อำนาจหน้าที่"]  # O1 first
    assert set(merged.evidence.values_list("update_for_year", flat=True)) == {2568}
    assert merged.status == ItemStatus.DRAFTED and merged.carried_from == o1
    assert merged.description == "แผนผังโครงสร้าง"
    assert not merged.component_checks.exists()  # this year's components are judged again
    assert work(new, "O3").evidence.get().url == "https://e.org/contact"
    assert not work(new, "O4").evidence.exists()
    assert OitYear.objects.get(assessment=new).carried_from == old
    # The old year is untouched.
    assert o1.evidence.count() == 1 and o1.evidence.get().update_for_year is None


def test_it_clears_the_flag_when_the_evidence_is_renewed(agency, departments, coordinator):
    old = make_assessment(agency, 2567)
    new = make_assessment(agency, 2568)
    actions.ensure_items(old, coordinator)
    actions.add_url(
        work(old, "O2"),
        coordinator,
        url="https://e.org/ex",
        title="ผู้บริหาร",
        evidence_date=dt.date(2023, 10, 1),
        fiscal_year=None,
    )
    actions.carry_forward(new, old, coordinator)
    evidence = work(new, "O2").evidence.get()
    actions.update_evidence(
        evidence, coordinator, title="ผู้บริหาร 2568", evidence_date=dt.date(2024, 10, 2), fiscal_year=None
    )
    evidence.refresh_from_db()
    assert evidence.update_for_year is None and evidence.fiscal_year == 2568


def test_it_does_not_overwrite_items_that_already_have_evidence(agency, departments, coordinator):
    old = make_assessment(agency, 2567)
    new = make_assessment(agency, 2568)
    actions.ensure_items(old, coordinator)
    actions.ensure_items(new, coordinator)
    actions.add_url(
        work(old, "O2"), coordinator, url="https://e.org/old", title="เก่า", evidence_date=None, fiscal_year=None
    )
    actions.add_url(
        work(new, "O2"), coordinator, url="https://e.org/new", title="ใหม่", evidence_date=None, fiscal_year=None
    )
    actions.carry_forward(new, old, coordinator)
    assert list(work(new, "O2").evidence.values_list("url", flat=True)) == ["https://e.org/new"]


def test_it_starts_a_year_from_the_board(client, agency, departments, coordinator):
    old = make_assessment(agency, 2567)
    make_assessment(agency, 2568)
    actions.ensure_items(old, coordinator)
    actions.add_url(
        work(old, "O2"), coordinator, url="https://e.org/ex", title="ผู้บริหาร", evidence_date=None, fiscal_year=None
    )
    client.login(username="coordinator", password=PASSWORD)
    response = client.post(
        reverse("disclosure:start", kwargs={"agency": agency.slug, "year": 2568}), {"carry_from": "2567"}
    )
    assert response.status_code == 302
    assert OitItemWork.objects.filter(assessment__fiscal_year=2568, assessment__agency=agency).count() == 26
    board = client.get(response["Location"]).content.decode()
    assert "O2" in board
