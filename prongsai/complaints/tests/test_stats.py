"""Statistics per month and quarter of the Thai fiscal year (October–September), and the O19 page."""

import datetime as dt

from django.urls import reverse

from prongsai.agencies.access import access_agency
from prongsai.complaints import actions, stats
from prongsai.complaints.models import Category


def close(access, complaint, department):
    actions.assign(access, complaint, department, None)
    actions.start(access, complaint)
    actions.resolve(access, complaint, "เสร็จแล้ว")
    actions.close(access, complaint)


def test_it_counts_per_fiscal_month_and_quarter(agency, coordinator, departments, make_complaint):
    access = access_agency(coordinator, agency.slug)
    october = make_complaint(Category.SERVICE, received=dt.date(2024, 10, 1))  # first day of FY2568
    make_complaint(Category.OPINION, received=dt.date(2024, 12, 31))
    march = make_complaint(Category.CORRUPTION, received=dt.date(2025, 3, 15))
    make_complaint(Category.CORRUPTION, received=dt.date(2025, 9, 30))  # last day of FY2568
    make_complaint(Category.SERVICE, received=dt.date(2024, 9, 30))  # FY2567: not counted
    make_complaint(Category.SERVICE, received=dt.date(2025, 10, 1))  # FY2569: not counted
    close(access, october, departments["office"])
    close(access, march, departments["office"])

    year = stats.year_stats(agency, 2568, today=dt.date(2025, 11, 1))

    assert [m.total for m in year.months] == [1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]
    assert year.months[0].label == "ตุลาคม 2567" and year.months[-1].label == "กันยายน 2568"
    assert [q.total for q in year.quarters] == [2, 1, 0, 1]
    assert [q.completed for q in year.quarters] == [1, 1, 0, 0]
    assert [q.in_progress for q in year.quarters] == [1, 0, 0, 1]
    assert year.total.by_category == {"service": 1, "opinion": 1, "corruption": 2}
    assert (year.total.total, year.total.completed, year.total.in_progress) == (4, 2, 2)
    assert (year.total.corruption, year.total.corruption_done, year.total.corruption_in_progress) == (2, 1, 1)
    assert [q.corruption for q in year.quarters] == [0, 1, 0, 1]
    assert year.months[1].is_empty and not year.months[1].is_future


def test_it_uses_bangkok_time_for_the_month(agency, make_complaint):
    from django.utils import timezone

    complaint = make_complaint()
    # 30 Sep 2025 23:30 in Bangkok is still FY2568, although it is 16:30 UTC the same day…
    late = timezone.make_aware(dt.datetime(2025, 9, 30, 23, 30))
    complaint.received_at = late
    complaint.fiscal_year = 2568
    complaint.save()
    year = stats.year_stats(agency, 2568, today=dt.date(2026, 1, 1))
    assert year.months[-1].total == 1


def test_it_marks_future_months_apart_from_empty_ones(agency):
    year = stats.year_stats(agency, 2568, today=dt.date(2025, 1, 15))
    assert [m.is_future for m in year.months] == [False] * 4 + [True] * 8
    assert year.is_empty


def test_it_says_no_complaints_for_an_empty_year_on_the_public_page(client, agency):
    url = reverse("public-complaints:stats", kwargs={"agency": agency.slug, "year": 2568})
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("ไม่มีเรื่องร้องเรียน") >= 12 + 4  # every month and every quarter says it
    assert "ตุลาคม 2567" in page and "กันยายน 2568" in page


def test_it_says_no_complaints_only_for_the_empty_months(client, agency, make_complaint):
    make_complaint(Category.SERVICE, received=dt.date(2024, 10, 5))
    page = client.get(reverse("public-complaints:stats", kwargs={"agency": agency.slug, "year": 2568})).content.decode()
    october_row = page.split("ตุลาคม 2567")[1].split("</tr>")[0]
    november_row = page.split("พฤศจิกายน 2567")[1].split("</tr>")[0]
    assert "ไม่มีเรื่องร้องเรียน" not in october_row
    assert "ไม่มีเรื่องร้องเรียน" in november_row


def test_it_publishes_counts_but_never_subjects(client, agency, make_complaint):
    make_complaint(Category.CORRUPTION, subject="หัวเรื่องลับมาก", received=dt.date(2025, 2, 1))
    page = client.get(reverse("public-complaints:stats", kwargs={"agency": agency.slug, "year": 2568})).content.decode()
    assert "หัวเรื่องลับมาก" not in page
    assert "การทุจริตและประพฤติมิชอบ" in page


def test_it_redirects_to_the_current_fiscal_year(client, agency):
    response = client.get(reverse("public-complaints:stats-current", kwargs={"agency": agency.slug}))
    assert response.status_code == 302
    assert response["Location"].rstrip("/").split("/")[-1].isdecimal()


def test_it_refuses_absurd_years(client, agency):
    assert (
        client.get(reverse("public-complaints:stats", kwargs={"agency": agency.slug, "year": 1999})).status_code == 404
    )


def test_it_shows_the_staff_statistics_page_to_every_member(client, agency, officer, auditor, outsider):
    url = reverse("complaints:statistics-year", kwargs={"agency": agency.slug, "year": 2568})
    for user in (officer, auditor):
        client.force_login(user)
        assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
