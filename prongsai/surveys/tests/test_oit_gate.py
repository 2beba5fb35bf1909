"""Guideline 2.3 follows the OIT work: the year marked complete on the OIT board opens the year's pulse surveys.

Decision: the mark is spread onto each pulse campaign (oit_confirmed_at/by), so the respondent path still reads
the campaign row alone; taking the mark back does not close a survey it opened (its link may be spread already).
"""

from __future__ import annotations

import pytest
from django.test import Client

from prongsai.audit.models import AuditEntry
from prongsai.core import testing
from prongsai.disclosure import actions as oit_actions
from prongsai.disclosure.models import ItemStatus, OitItemWork
from prongsai.surveys import actions, live
from prongsai.surveys.models import Campaign, Response
from prongsai.surveys.tests.conftest import full_answers, make_campaign, post


@pytest.fixture
def oit_year(assessment, coordinator):
    """The FY2568 OIT items, all published but O3."""
    year = oit_actions.ensure_items(assessment, coordinator)
    OitItemWork.objects.filter(assessment=assessment).exclude(code="O3").update(status=ItemStatus.PUBLISHED)
    return year


def publish_the_rest(assessment) -> None:
    OitItemWork.objects.filter(assessment=assessment).update(status=ItemStatus.PUBLISHED)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fresh(campaign: Campaign) -> Campaign:
    return Campaign.objects.get(pk=campaign.pk)


def test_it_opens_the_years_waiting_pulse_surveys_when_the_oit_entry_is_marked_complete(
    assessment, oit_year, coordinator
):
    iit = make_campaign(assessment, "IIT", confirmed=False)
    eit = make_campaign(assessment, "EIT", confirmed=False)
    with pytest.raises(ValueError, match="O3"):
        oit_actions.complete_entry(oit_year, coordinator)
    assert fresh(iit).state() == "waiting_oit" and fresh(eit).state() == "waiting_oit"
    publish_the_rest(assessment)
    oit_actions.complete_entry(oit_year, coordinator)
    for campaign in (fresh(iit), fresh(eit)):
        assert campaign.state() == "open"
        assert campaign.oit_confirmed_at == oit_year.completed_at and campaign.oit_confirmed_by == coordinator
    opened = AuditEntry.objects.filter(action="survey.campaign.oit_confirmed")
    assert sorted(int(e.object_id) for e in opened) == sorted([iit.pk, eit.pk])
    assert all(e.changes["after"] == {"via": "oit_year"} and e.actor == coordinator for e in opened)


def test_it_leaves_other_campaigns_as_they_were(assessment, agency, oit_year, coordinator, executive):
    already = make_campaign(assessment, "EIT", confirmed=False)
    actions.confirm_oit_complete(already, executive)
    confirmed_at = fresh(already).oit_confirmed_at
    other_year = make_campaign(testing.make_assessment(agency, 2567), "EIT", confirmed=False)
    publish_the_rest(assessment)
    oit_actions.complete_entry(oit_year, coordinator)
    assert fresh(already).oit_confirmed_by == executive and fresh(already).oit_confirmed_at == confirmed_at
    assert fresh(other_year).state() == "waiting_oit"
    assert AuditEntry.objects.filter(action="survey.campaign.oit_confirmed").count() == 1  # the manual one


def test_it_forgets_the_respondent_paths_cached_campaign(client, assessment, oit_year, coordinator, monkeypatch):
    monkeypatch.setattr(live, "TTL_SECONDS", 3600.0)  # without forgetting, the cached row would be served all along
    campaign = make_campaign(assessment, "EIT", confirmed=False)
    assert client.get(f"/s/{campaign.token}/").status_code == 403  # cached as waiting
    publish_the_rest(assessment)
    oit_actions.complete_entry(oit_year, coordinator)
    assert client.get(f"/s/{campaign.token}/").status_code == 200
    assert post(client, campaign, full_answers(campaign)).status_code == 302
    assert Response.objects.filter(campaign=campaign).count() == 1


def test_it_starts_a_campaign_made_after_the_oit_entry_open(assessment, oit_year, coordinator, today):
    publish_the_rest(assessment)
    oit_actions.complete_entry(oit_year, coordinator)
    campaign = make_campaign(assessment, "IIT", confirmed=False)
    assert campaign.state() == "open" and fresh(campaign).state() == "open"
    assert campaign.oit_confirmed_at == oit_year.completed_at and fresh(campaign).oit_confirmed_by == coordinator
    entry = AuditEntry.objects.get(action="survey.campaign.create", object_id=str(campaign.pk))
    assert entry.changes["after"]["oit_confirmed"] == "oit_year"
    page = login(coordinator).post(
        f"/a/{assessment.agency.slug}/surveys/new/",
        {"instrument": "EIT", "title": "สำรวจผู้รับบริการ", "opens_on": today.isoformat(), "year": "2568"}
        | {"closes_on": today.replace(year=today.year + 1).isoformat(), "open_link": "on"},
    )
    assert page.status_code == 302
    assert Campaign.objects.get(title="สำรวจผู้รับบริการ").state() == "open"


def test_it_keeps_running_surveys_open_when_the_mark_is_taken_back(assessment, oit_year, coordinator):
    running = make_campaign(assessment, "EIT", confirmed=False)
    publish_the_rest(assessment)
    oit_actions.complete_entry(oit_year, coordinator)
    oit_actions.reopen_entry(oit_year, coordinator)
    assert fresh(running).state() == "open"  # once spread, a survey stays open
    later = make_campaign(assessment, "IIT", confirmed=False)
    assert later.state() == "waiting_oit"  # but the mark no longer opens new ones


def test_it_adds_no_query_to_a_submission_to_a_survey_opened_by_the_oit_year(
    assessment, oit_year, coordinator, django_assert_max_num_queries
):
    campaign = make_campaign(assessment, "EIT", confirmed=False)
    publish_the_rest(assessment)
    oit_actions.complete_entry(oit_year, coordinator)
    post(Client(), campaign, full_answers(campaign, 4))
    with django_assert_max_num_queries(7):  # as for a campaign confirmed on its own page (test_staff)
        assert post(Client(), campaign, full_answers(campaign, 3)).status_code == 302


def test_it_shows_the_oit_progress_where_the_confirmation_is_offered(assessment, oit_year, coordinator, officer):
    campaign = make_campaign(assessment, "IIT", confirmed=False)
    page = login(coordinator).get(f"/a/{assessment.agency.slug}/surveys/{campaign.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'max="26" value="25"' in html and "O3" in html
    assert f'href="/a/{assessment.agency.slug}/oit/?year=2568"' in html
    assert "/confirm-oit/" in html  # the old path is still offered
    assert login(officer).post(f"/a/{assessment.agency.slug}/surveys/{campaign.pk}/confirm-oit/").status_code == 403
