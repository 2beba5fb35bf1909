from decimal import Decimal

from django.urls import reverse

from prongsai.assessments import actions as assessment_actions
from prongsai.assessments.results_file import ResultRow
from prongsai.core import testing

SCORES_2566 = [88.0, 80.0, 85.0, 83.0, 84.0, 86.0, 82.0, 83.0, 86.0, 80.0]
SCORES_2567 = [90.12, 82.45, 87.60, 84.31, 85.52, 88.10, 83.55, 84.55, 88.24, 81.76]


def _row(year, scores, total):
    return ResultRow(
        row=1,
        fiscal_year=year,
        indicators={n: Decimal(str(s)) for n, s in enumerate(scores, 1)},
        instruments={},
        total=Decimal(total),
        level="",
        note="",
    )


def _results(agency):
    testing.criteria_version("ita-2567")
    assessment_actions.import_results(agency, [_row(2567, SCORES_2567, "85.42")], None)


def test_it_analyses_a_year_gaps_weakest_and_paths(client, agency, coordinator):
    _results(agency)
    client.login(username="coordinator", password=testing.PASSWORD)
    page = client.get(reverse("results-analysis", kwargs={"agency": agency.slug})).content.decode()
    assert "85.42" in page
    assert "<svg" in page  # radar and trend drawn on the server
    table = page[page.index('id="weak-heading"') :]
    assert table.index("81.76") < table.index("82.45") < table.index("83.55")  # weakest first
    assert "ผ่านดีมาก" in page or "95" in page


def test_the_what_if_moves_total_and_level_without_javascript(client, agency, coordinator):
    _results(agency)
    client.login(username="coordinator", password=testing.PASSWORD)
    url = reverse("results-analysis", kwargs={"agency": agency.slug})
    page = client.get(url + "?ind10=100&ind2=100").content.decode()
    assert 'name="ind10"' in page and 'value="100"' in page
    result = page[page.index("whatif-result") :]
    assert "88.24" in page and "94.12" in result  # OIT = mean(88.24, 100)
    bad = client.get(url + "?ind3=abc").content.decode()
    assert 'class="alert alert-danger mt-2"' in bad and "ind3" in bad


def test_the_oit_items_what_if(client, agency, coordinator):
    _results(agency)
    client.login(username="coordinator", password=testing.PASSWORD)
    url = reverse("results-analysis", kwargs={"agency": agency.slug})
    page = client.get(url + "?oit_mode=items&items_sent=1&item=O1&item=O2").content.decode()
    assert "O3" in page  # a failing item offered as a gain


def test_the_analysis_page_needs_few_queries(client, agency, coordinator, django_assert_max_num_queries):
    _results(agency)
    client.login(username="coordinator", password=testing.PASSWORD)
    url = reverse("results-analysis", kwargs={"agency": agency.slug})
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_an_outsider_cannot_see_the_analysis(client, agency, outsider):
    client.login(username="outsider", password=testing.PASSWORD)
    assert client.get(reverse("results-analysis", kwargs={"agency": agency.slug})).status_code == 404
