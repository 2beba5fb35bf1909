"""Past results: row-level errors, all-or-nothing imports, and the level following the criteria."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from prongsai.assessments import actions
from prongsai.assessments.models import Assessment, AssessmentResult
from prongsai.assessments.results_file import parse_results, read_table
from prongsai.core import testing

HEADER = "fiscal_year,ind1,ind2,ind3,ind4,ind5,ind6,ind7,ind8,ind9,ind10,IIT,EIT,OIT,total,level\n"
SEED_ROW = "2567,90.12,82.45,87.60,84.31,85.52,88.10,83.55,84.55,88.24,81.76,86.00,85.40,85.00,85.42,ผ่านดี\n"


def parse(text: str):
    return parse_results(read_table("results.csv", text.encode("utf-8")))


@pytest.fixture(autouse=True)
def _english():
    # Messages are compared in English here; the Thai catalogue has its own tests.
    with translation.override("en"):
        yield


@pytest.fixture
def criteria_loaded(db):
    testing.criteria_version("ita-2567")
    testing.criteria_version("ita-2568")


def test_it_imports_the_seed_result_as_good_pass(agency, criteria_loaded):
    parsed = parse(HEADER + SEED_ROW)
    assert parsed.errors == []
    [result] = actions.import_results(agency, parsed.rows, None)
    assert result.total == Decimal("85.42")
    assert result.level.name_th == "ผ่านดี"
    assert result.indicator_map()[10] == Decimal("81.76")
    assert result.assessment.criteria.code == "ita-2567"


def test_it_names_the_row_and_column_of_a_bad_score():
    parsed = parse(HEADER + SEED_ROW.replace("82.45", "182.45"))
    assert parsed.errors == ["Row 2, column ind2: '182.45' is not a score from 0 to 100 with at most two decimals."]


def test_it_reports_every_bad_row_not_only_the_first():
    parsed = parse(HEADER + SEED_ROW.replace("2567", "67") + SEED_ROW.replace("85.42", ""))
    assert [e.split(":")[0] for e in parsed.errors] == ["Row 2, column fiscal_year", "Row 3, column total"]


def test_it_refuses_unknown_columns_and_missing_required_ones():
    parsed = parse("year,score\n2567,85\n")
    assert any("unknown column" in e for e in parsed.errors)
    assert any("fiscal_year" in e and "missing" in e for e in parsed.errors)


def test_it_saves_nothing_when_any_row_is_wrong(agency, criteria_loaded):
    bad_level = SEED_ROW.replace("2567", "2568").replace("ผ่านดี", "ผ่านดีเยี่ยม")
    parsed = parse(HEADER + SEED_ROW + bad_level)
    assert parsed.errors == []
    with pytest.raises(actions.ImportRefused) as refused:
        actions.import_results(agency, parsed.rows, None)
    assert "Row 3, column level" in refused.value.errors[0]
    assert not Assessment.objects.filter(agency=agency).exists()


def test_it_refuses_a_total_that_contradicts_the_instruments(agency, criteria_loaded):
    parsed = parse(HEADER + SEED_ROW.replace("85.42,", "90.00,"))
    with pytest.raises(actions.ImportRefused) as refused:
        actions.import_results(agency, parsed.rows, None)
    assert refused.value.errors == ["Row 2, column total: 90.00 does not match the instruments (they give 85.42)."]


def test_it_refuses_a_year_without_criteria(agency, criteria_loaded):
    parsed = parse(HEADER + SEED_ROW.replace("2567", "2560"))
    with pytest.raises(actions.ImportRefused) as refused:
        actions.import_results(agency, parsed.rows, None)
    assert "no criteria version for fiscal year 2560" in refused.value.errors[0]


def test_it_reads_xlsx_like_csv(agency, criteria_loaded):
    from prongsai.documents.xlsx import workbook

    cells = [c.strip() for c in SEED_ROW.split(",")]
    data = workbook([("results", HEADER.strip().split(","), [cells])])
    parsed = parse_results(read_table("results.xlsx", data))
    assert parsed.errors == []
    assert parsed.rows[0].total == Decimal("85.42")


def test_it_refuses_a_damaged_workbook_clearly():
    with pytest.raises(ValueError, match="not a readable XLSX"):
        read_table("results.xlsx", b"not a zip file")


def test_the_import_page_shows_row_errors_and_saves_nothing(client, agency, coordinator, criteria_loaded):
    client.force_login(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = __import__("io").BytesIO((HEADER + SEED_ROW.replace("86.00", "abc")).encode())
    upload.name = "results.csv"
    response = client.post(reverse("results-import", kwargs={"agency": agency.slug}), {"file": upload})
    assert response.status_code == 400
    assert "Row 2, column IIT" in response.content.decode()
    assert not AssessmentResult.objects.exists()


def test_the_import_page_is_for_coordinators_only(client, agency, officer, criteria_loaded):
    client.force_login(officer)
    upload = __import__("io").BytesIO((HEADER + SEED_ROW).encode())
    upload.name = "results.csv"
    assert client.post(reverse("results-import", kwargs={"agency": agency.slug}), {"file": upload}).status_code == 403


def test_a_result_can_be_entered_by_hand(client, agency, coordinator, criteria_loaded):
    client.force_login(coordinator)
    data = {"fiscal_year": 2567, "total": "85.42", "IIT": "86.00", "EIT": "85.40", "OIT": "85.00"}
    response = client.post(reverse("results-enter", kwargs={"agency": agency.slug}), data)
    assert response.status_code == 302
    result = AssessmentResult.objects.get(assessment__agency=agency)
    assert (result.total, result.level_code, result.source) == (Decimal("85.42"), "good_pass", "manual")


def test_a_corrected_file_replaces_last_import_and_audits_both_versions(agency, criteria_loaded):
    """Importing the same year again (a corrected file) replaces the scores; the audit entry keeps the old ones."""
    from prongsai.audit.models import AuditEntry

    actions.import_results(agency, parse(HEADER + SEED_ROW).rows, None)
    corrected = SEED_ROW.replace("81.76", "81.80").replace("85.00", "85.02").replace("85.42", "85.43")
    [result] = actions.import_results(agency, parse(HEADER + corrected).rows, None)
    assert result.indicator_map()[10] == Decimal("81.80")
    assert AssessmentResult.objects.filter(assessment__agency=agency).count() == 1
    entry = AuditEntry.objects.filter(agency=agency).order_by("-id").first()
    assert entry.changes["before"]["10"] == "81.76" and entry.changes["before"]["total"] == "85.42"
    assert entry.changes["after"]["10"] == "81.80"
