import datetime as dt

from django.urls import reverse

from prongsai.core import testing
from prongsai.plans.models import Measure, Plan, PlanStatus, ProgressNote

SLUG = "khuekkhak-test"


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs={"agency": SLUG, **kwargs})


def login(client, user):
    client.login(username=user.username, password=testing.PASSWORD)


def test_the_plan_page_shows_measures_grouped_by_indicator(client, coordinator, finance_measure, shared_measure):
    login(client, coordinator)
    page = client.get(url("plan", year=2568)).content.decode()
    assert "มาตรการของกองคลัง" in page and "มาตรการของทุกส่วนราชการ" in page
    assert "ต.ค. 67 – มี.ค. 68" in page
    assert page.index("มาตรการของทุกส่วนราชการ") < page.index("มาตรการของกองคลัง")  # indicator 1 before 2


def test_an_officer_updates_only_their_departments_measures(client, officer, finance_measure, office_measure):
    login(client, officer)
    ok = client.post(url("measure-progress", pk=finance_measure.pk), {"status": "in_progress", "progress": 40})
    assert ok.status_code == 302
    refused = client.post(url("measure-progress", pk=office_measure.pk), {"status": "done", "progress": 100})
    assert refused.status_code == 403
    office_measure.refresh_from_db()
    assert office_measure.status == "not_started"
    assert (
        client.post(url("measure-note", pk=office_measure.pk), {"date": "2025-01-01", "text": "x"}).status_code == 403
    )


def test_an_officer_may_only_add_notes_to_measures_of_all_departments(client, officer, shared_measure):
    login(client, officer)
    assert (
        client.post(url("measure-progress", pk=shared_measure.pk), {"status": "done", "progress": 100}).status_code
        == 403
    )
    response = client.post(
        url("measure-note", pk=shared_measure.pk), {"date": "2025-01-10", "text": "กองคลังทำแล้ว", "percent": 90}
    )
    assert response.status_code == 302
    shared_measure.refresh_from_db()
    assert shared_measure.progress == 0  # an officer's note does not move a shared measure
    assert ProgressNote.objects.get(measure=shared_measure).text == "กองคลังทำแล้ว"


def test_an_officer_cannot_change_the_plan_itself(client, officer, plan, finance_measure):
    login(client, officer)
    assert client.get(url("measure-edit", pk=finance_measure.pk)).status_code == 403
    assert client.post(url("edit", year=2568), {"background": "x"}).status_code == 403
    assert client.post(url("move", year=2568), {"to": "submitted"}).status_code == 403


def test_the_coordinator_submits_and_the_executive_approves(client, coordinator, executive, plan):
    login(client, coordinator)
    client.post(url("move", year=2568), {"to": "submitted"})
    assert client.post(url("move", year=2568), {"to": "approved"}).status_code == 403
    client.logout()
    login(client, executive)
    assert client.post(url("move", year=2568), {"to": "approved"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == executive


def test_an_auditor_reads_but_changes_nothing(client, auditor, finance_measure):
    login(client, auditor)
    assert client.get(url("plan", year=2568)).status_code == 200
    assert client.get(url("measure", pk=finance_measure.pk)).status_code == 200
    assert (
        client.post(url("measure-note", pk=finance_measure.pk), {"date": "2025-01-01", "text": "x"}).status_code == 403
    )


def test_an_outsider_gets_404(client, outsider, finance_measure):
    login(client, outsider)
    assert client.get(url("plan", year=2568)).status_code == 404
    assert client.get(url("measure", pk=finance_measure.pk)).status_code == 404


def test_the_coordinator_adds_a_measure_from_the_form(client, coordinator, plan, departments):
    login(client, coordinator)
    data = {
        "indicator": 4,
        "text": "จัดทำคู่มือการยืมทรัพย์สิน",
        "departments": [departments["office"].pk],
        "start_month": "2024-10-01",
        "end_month": "2025-01-01",
    }
    assert client.post(url("measure-add", year=2568), data).status_code == 302
    measure = Measure.objects.get(indicator=4)
    assert list(measure.departments.all()) == [departments["office"]]
    bad = client.post(url("measure-add", year=2568), {**data, "end_month": "", "start_month": "2025-01-01"})
    assert bad.status_code == 400 and Measure.objects.count() == 1


def test_a_suggested_measure_prefills_the_form(client, coordinator, plan):
    from prongsai.plans.models import SuggestedMeasure

    login(client, coordinator)
    suggestion = SuggestedMeasure.objects.filter(indicator=10).first()
    page = client.get(url("suggestions", year=2568)).content.decode()
    assert suggestion.text in page
    form = client.get(url("measure-add", year=2568) + f"?suggestion={suggestion.pk}").content.decode()
    assert suggestion.text in form


def test_my_work_lists_the_departments_and_shared_measures(
    client, officer, finance_measure, office_measure, shared_measure
):
    login(client, officer)
    page = client.get(url("mine")).content.decode()
    assert "มาตรการของกองคลัง" in page and "มาตรการของทุกส่วนราชการ" in page
    assert "มาตรการของสำนักปลัด" not in page


def test_the_timeline_places_bars_in_fiscal_months(client, coordinator, finance_measure):
    login(client, coordinator)
    page = client.get(url("timeline", year=2568)).content.decode()
    assert "tl-s0 tl-e5" in page  # October (0) to March (5)
    assert "ต.ค." in page and "ก.ย." in page


def test_copy_to_next_year_from_the_page(client, coordinator, plan, finance_measure):
    login(client, coordinator)
    response = client.post(url("copy", year=2568))
    assert response.status_code == 302
    assert Plan.objects.filter(assessment__fiscal_year=2569).exists()


def test_plan_pages_run_a_bounded_number_of_queries(
    client, coordinator, plan, departments, django_assert_max_num_queries
):
    from .conftest import make_measure

    for n in range(1, 11):
        for k in range(3):
            make_measure(plan, n, f"มาตรการ {n}.{k}", [departments["finance"], departments["office"]])
    measure = plan.measures.first()
    ProgressNote.objects.create(measure=measure, date=dt.date(2025, 1, 1), text="x", percent=10)
    login(client, coordinator)
    for page in (
        url("plan", year=2568),
        url("timeline", year=2568),
        url("mine") + "?department=finance",
        url("suggestions", year=2568),
        url("measure", pk=measure.pk),
        url("meetings"),
        url("share", year=2568),
    ):
        client.get(page)
        with django_assert_max_num_queries(14):
            assert client.get(page).status_code == 200, page
