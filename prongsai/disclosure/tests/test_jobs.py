"""The link check as users run it: from the board (a task with progress) and from the command line."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from prongsai.core.testing import PASSWORD
from prongsai.disclosure import actions
from prongsai.disclosure.models import CheckResult, CheckRun, RunStatus
from prongsai.disclosure.tests.conftest import work


@pytest.fixture
def evidence(oit, assessment, coordinator, http_server, settings, pdf_current):
    settings.OIT_CHECK_ALLOW_PRIVATE = True
    settings.OIT_CHECK_TIMEOUT = 1.0
    add = actions.add_url
    add(
        work(assessment, "O21"),
        coordinator,
        url=http_server + "/current",
        title="ok",
        evidence_date=None,
        fiscal_year=None,
    )
    add(
        work(assessment, "O4"),
        coordinator,
        url=http_server + "/missing",
        title="404",
        evidence_date=None,
        fiscal_year=None,
    )
    add(
        work(assessment, "O5"),
        coordinator,
        url=http_server + "/loop-a",
        title="loop",
        evidence_date=None,
        fiscal_year=None,
    )
    add(
        work(assessment, "O6"),
        coordinator,
        url=http_server + "/stale",
        title="stale",
        evidence_date=None,
        fiscal_year=None,
    )
    upload = SimpleUploadedFile("report.pdf", pdf_current)
    actions.add_file(
        work(assessment, "O26"), coordinator, upload, title="pdf", evidence_date=dt.date(2024, 12, 20), fiscal_year=None
    )
    return http_server


def test_it_runs_the_check_from_the_board_and_keeps_results_per_item(client, evidence, assessment, coordinator, agency):
    client.login(username="coordinator", password=PASSWORD)
    response = client.post(reverse("disclosure:check-start", kwargs={"agency": agency.slug, "year": 2568}))
    assert response.status_code == 302
    run = CheckRun.objects.get()
    assert run.status == RunStatus.DONE and run.total == 5 and run.done == 5
    verdicts = dict(CheckResult.objects.filter(run=run).values_list("item__code", "verdict"))
    assert verdicts == {"O21": "ok", "O4": "broken", "O5": "redirect_loop", "O6": "stale", "O26": "ok"}
    assert (run.ok_count, run.warning_count, run.error_count) == (2, 1, 2)
    page = client.get(response["Location"]).content.decode()
    assert "Redirect loop" in page or "วนซ้ำ" in page
    board = client.get(reverse("disclosure:index", kwargs={"agency": agency.slug})).content.decode()
    assert "text-bg-danger" in board  # the broken items are marked on the board


def test_it_polls_progress_with_htmx(client, evidence, assessment, coordinator, agency):
    run = CheckRun.objects.create(assessment=assessment, status=RunStatus.RUNNING, total=10, done=4)
    client.login(username="coordinator", password=PASSWORD)
    url = reverse("disclosure:check", kwargs={"agency": agency.slug, "year": 2568, "pk": run.pk})
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'value="40"' in partial and "<html" not in partial
    run.status, run.done = RunStatus.DONE, 10
    run.save()
    assert "hx-trigger" not in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    # Polled from the run's own page, a finished run reloads that page to show the results table.
    reload = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver" + url)
    assert reload["HX-Refresh"] == "true"


def test_it_does_not_let_the_auditor_start_a_check(client, evidence, auditor, agency):
    client.login(username="auditor", password=PASSWORD)
    assert (
        client.post(reverse("disclosure:check-start", kwargs={"agency": agency.slug, "year": 2568})).status_code == 403
    )


def test_it_checks_from_the_command_line_and_exits_zero_whatever_it_finds(evidence, agency):
    out = StringIO()
    call_command("oit", "check", agency=agency.slug, year=2568, stdout=out)
    summary = out.getvalue()
    assert "khuekkhak-test 2568: checked=5 ok=2 warnings=1 errors=2" in summary
    out = StringIO()
    call_command("oit", "check", "--all", stdout=out)
    assert "khuekkhak-test 2568" in out.getvalue()
    assert CheckRun.objects.filter(trigger="schedule").count() == 2


def test_it_refuses_wrong_arguments_with_exit_code_2(db):
    with pytest.raises(CommandError) as error:
        call_command("oit", "check", agency="nobody")
    assert error.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("oit", "check")
