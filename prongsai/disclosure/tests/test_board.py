"""The completeness board and the projected OIT score."""

from __future__ import annotations

from fractions import Fraction

from django.urls import reverse

from prongsai.assessments.actions import import_results
from prongsai.assessments.results_file import ResultRow
from prongsai.core.testing import PASSWORD
from prongsai.disclosure import actions, board
from prongsai.disclosure.tests.conftest import APPROVER, EDITOR, publish, work


def test_it_counts_only_approved_items_whose_components_are_all_met(oit, assessment, coordinator):
    criteria = assessment.criteria.framework
    publish(assessment, "O1", coordinator)  # published, every component met
    publish(assessment, "O2", coordinator, met=False)  # published, components not met: does not count
    drafted = work(assessment, "O4")
    evidence = actions.add_url(
        drafted, coordinator, url="https://e.org/news", title="ข่าว", evidence_date=None, fiscal_year=None
    )
    actions.set_components(drafted, coordinator, {"O4.1": (True, evidence.pk, "")})  # met but not approved
    approved = work(assessment, "O5")
    evidence = actions.add_url(
        approved, coordinator, url="https://e.org/plan", title="แผน", evidence_date=None, fiscal_year=None
    )
    actions.set_components(
        approved, coordinator, {c.code: (True, evidence.pk, "") for c in criteria.oit_item("O5").components}
    )
    actions.transition(approved, "submit", coordinator, **EDITOR)
    actions.transition(approved, "approve", coordinator, snapshot_urls=False, **APPROVER)

    rows = board.rows_for(assessment, criteria)
    projection = board.project(assessment, criteria, rows)
    assert projection.counted == 2  # O1 and O5
    # ita-2568: OIT is the mean of its indicators; indicator 9 has 20 items, 10 has 6.
    from prongsai.scoring import engine

    expected = engine.score_oit(criteria, {"O1": True, "O5": True})
    assert projection.oit == engine.publish(expected.instrument)
    assert expected.items["O2"] == Fraction(0)


def test_it_projects_the_total_and_level_with_last_known_surveys(oit, assessment, coordinator, agency):
    row = ResultRow(
        row=1,
        fiscal_year=2568,
        indicators={1: 95, 2: 90, 3: 88, 4: 92, 5: 85, 6: 80, 7: 78, 8: 90, 9: 70, 10: 60},
        instruments={},
        total=None,
        level="",
        note="",
    )
    from decimal import Decimal

    row.indicators = {k: Decimal(v) for k, v in row.indicators.items()}
    iit = sum(row.indicators[n] for n in range(1, 6)) / 5
    eit = sum(row.indicators[n] for n in range(6, 9)) / 3
    oit_score = (row.indicators[9] + row.indicators[10]) / 2
    row.total = (iit * Decimal("0.3") + eit * Decimal("0.3") + oit_score * Decimal("0.4")).quantize(Decimal("0.01"))
    import_results(agency, [row], coordinator)
    rows = board.rows_for(assessment, assessment.criteria.framework)
    projection = board.project(assessment, assessment.criteria.framework, rows)
    assert projection.base_year == 2568
    assert projection.total is not None and projection.level is not None
    assert projection.gains and projection.gains[0][1] > 0


def test_it_shows_the_board_in_a_fixed_number_of_queries(
    client, oit, assessment, coordinator, agency, django_assert_max_num_queries
):
    for code in ("O1", "O2", "O3", "O12", "O21"):
        publish(assessment, code, coordinator)
    client.login(username="coordinator", password=PASSWORD)
    url = reverse("disclosure:index", kwargs={"agency": agency.slug}) + "?year=2568"
    with django_assert_max_num_queries(22):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "O12" in html and "กองคลัง" in html


def test_it_shows_an_item_page_in_a_fixed_number_of_queries(
    client, oit, assessment, coordinator, agency, django_assert_max_num_queries
):
    publish(assessment, "O1", coordinator)
    client.login(username="coordinator", password=PASSWORD)
    url = reverse("disclosure:item", kwargs={"agency": agency.slug, "year": 2568, "code": "O1"})
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


def test_it_filters_the_board_by_department(client, oit, assessment, coordinator, agency):
    client.login(username="coordinator", password=PASSWORD)
    url = reverse("disclosure:index", kwargs={"agency": agency.slug})
    html = client.get(url, {"year": 2568, "department": "finance"}).content.decode()
    items_part = html[html.index('id="items-heading"') :]
    assert "O12" in items_part and ">O1<" not in items_part and "/oit/2568/O1/" not in items_part


def test_it_offers_to_start_the_year_before_items_exist(client, assessment, coordinator, agency):
    client.login(username="coordinator", password=PASSWORD)
    html = client.get(reverse("disclosure:index", kwargs={"agency": agency.slug})).content.decode()
    assert reverse("disclosure:start", kwargs={"agency": agency.slug, "year": 2568}) in html
