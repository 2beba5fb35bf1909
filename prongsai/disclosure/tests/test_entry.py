"""Marking the year's OIT entry complete (guideline 2.3): only when every item is published, recorded, undoable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prongsai.audit.models import AuditEntry
from prongsai.disclosure import actions, board
from prongsai.disclosure.models import ItemStatus, OitItemWork, OitYear
from prongsai.disclosure.tests.conftest import publish
from prongsai.lib import thaidate


def publish_all_but(assessment, *codes: str) -> None:
    """Every item published except `codes` (statuses set directly: the workflow itself is tested elsewhere)."""
    OitItemWork.objects.filter(assessment=assessment).exclude(code__in=codes).update(status=ItemStatus.PUBLISHED)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def board_url(agency) -> str:
    return reverse("disclosure:index", kwargs={"agency": agency.slug}) + "?year=2568"


def entry_url(agency, verb: str) -> str:
    return reverse(f"disclosure:entry-{verb}", kwargs={"agency": agency.slug, "year": 2568})


def entry_section(html: str) -> str:
    found = re.search(r'<section[^>]*aria-labelledby="entry-heading".*?</section>', html, re.S)
    assert found, "the board has no OIT entry section"
    return found.group(0)


def entry_form(html: str, verb: str) -> str:
    """The HTML of the board's complete/reopen form ('' when the page has none)."""
    found = re.search(rf'<form[^>]*action="[^"]*/entry/{verb}/"[^>]*>.*?</form>', html, re.S)
    return found.group(0) if found else ""


# Domain ----------------------------------------------------------------------------------------------------------


def test_it_counts_published_items_against_the_criteria(oit, assessment, coordinator):
    publish(assessment, "O1", coordinator)
    progress = board.publication(assessment)
    assert (progress.published, progress.total) == (1, 26) and not progress.complete
    assert progress.unpublished[:3] == ["O2", "O3", "O4"]


def test_it_counts_items_not_set_up_yet_as_unpublished(assessment):
    progress = board.publication(assessment)
    assert (progress.published, progress.total, len(progress.unpublished)) == (0, 26, 26)


def test_it_refuses_to_mark_the_entry_complete_while_items_are_unpublished(oit, assessment, coordinator):
    publish_all_but(assessment, "O3", "O7")
    with pytest.raises(actions.EntryIncomplete, match="O3, O7") as refused:
        actions.complete_entry(oit, coordinator)
    assert isinstance(refused.value, ValueError) and refused.value.unpublished == ["O3", "O7"]
    oit.refresh_from_db()
    assert oit.completed_at is None and oit.completed_by is None
    assert not AuditEntry.objects.filter(action="oit.entry.complete").exists()


def test_it_refuses_an_item_reopened_after_publishing(oit, assessment, coordinator):
    publish_all_but(assessment, "O12")
    item = publish(assessment, "O12", coordinator)
    actions.transition(item, "reopen", coordinator, is_editor=False, is_approver=True)
    with pytest.raises(actions.EntryIncomplete, match="O12"):
        actions.complete_entry(oit, coordinator)


def test_it_marks_the_entry_complete_once_every_item_is_published(oit, assessment, coordinator):
    publish_all_but(assessment, "O5")
    publish(assessment, "O5", coordinator)
    actions.complete_entry(oit, coordinator)
    stored = OitYear.objects.get(pk=oit.pk)
    assert stored.completed_at is not None and stored.completed_by == coordinator
    assert oit.completed_at == stored.completed_at  # the caller's instance follows
    entry = AuditEntry.objects.get(action="oit.entry.complete")
    assert entry.actor == coordinator and entry.object_id == str(oit.pk)
    assert entry.changes["after"]["published"] == 26
    with pytest.raises(ValueError, match="OIT"):
        actions.complete_entry(oit, coordinator)  # once only
    assert AuditEntry.objects.filter(action="oit.entry.complete").count() == 1


def test_it_undoes_the_mark_with_an_audit_entry(oit, assessment, coordinator):
    with pytest.raises(ValueError, match="OIT"):
        actions.reopen_entry(oit, coordinator)  # nothing to undo yet
    publish_all_but(assessment)
    actions.complete_entry(oit, coordinator)
    actions.reopen_entry(oit, coordinator)
    stored = OitYear.objects.get(pk=oit.pk)
    assert stored.completed_at is None and stored.completed_by is None and oit.completed_at is None
    entry = AuditEntry.objects.get(action="oit.entry.reopen")
    assert entry.changes["before"]["completed_by"] == coordinator.pk and entry.changes["before"]["completed_at"]
    actions.complete_entry(oit, coordinator)  # and it can be marked again
    assert AuditEntry.objects.filter(action="oit.entry.complete").count() == 2


def test_it_tells_other_apps_in_the_same_transaction(oit, assessment, coordinator):
    from prongsai.disclosure.signals import oit_entry_completed

    heard = []

    def receiver(sender, *, oit_year, actor, **kwargs):
        heard.append((sender, oit_year.pk, oit_year.completed_at is not None, actor))

    oit_entry_completed.connect(receiver)
    try:
        publish_all_but(assessment, "O1")
        with pytest.raises(actions.EntryIncomplete):
            actions.complete_entry(oit, coordinator)
        assert heard == []
        publish_all_but(assessment)
        actions.complete_entry(oit, coordinator)
        actions.reopen_entry(oit, coordinator)
    finally:
        oit_entry_completed.disconnect(receiver)
    assert heard == [(OitYear, oit.pk, True, coordinator)]  # reopening is not announced


def test_it_does_not_depend_on_the_surveys_app():
    """Surveys reads disclosure; the other way round goes through `disclosure.signals` only."""
    package = Path(actions.__file__).parent
    importing = [p.name for p in package.glob("*.py") if "prongsai.surveys" in p.read_text(encoding="utf-8")]
    assert not importing


# Pages -----------------------------------------------------------------------------------------------------------


def test_it_shows_progress_and_a_disabled_button_while_items_are_unpublished(oit, assessment, coordinator, agency):
    publish_all_but(assessment, "O3", "O7")
    section = entry_section(login(coordinator).get(board_url(agency)).content.decode())
    assert 'max="26" value="24"' in section
    form = entry_form(section, "complete")
    assert form and "csrfmiddlewaretoken" in form and "disabled" in form
    assert "O3, O7" in section


def test_it_marks_the_entry_complete_from_the_board(oit, assessment, coordinator, agency):
    coordinator.first_name, coordinator.last_name = "สมศรี", "ตั้งใจ"
    coordinator.save()
    publish_all_but(assessment)
    client = login(coordinator)
    form = entry_form(client.get(board_url(agency)).content.decode(), "complete")
    assert form and "disabled" not in form
    assert client.get(entry_url(agency, "complete")).status_code == 405
    response = client.post(entry_url(agency, "complete"))
    assert response.status_code == 302 and response["Location"] == board_url(agency)
    oit.refresh_from_db()
    assert oit.completed_by == coordinator
    section = entry_section(client.get(board_url(agency)).content.decode())
    assert not entry_form(section, "complete") and "csrfmiddlewaretoken" in entry_form(section, "reopen")
    assert 'max="26" value="26"' in section
    assert thaidate.format_date(timezone.localtime(oit.completed_at).date()) in section  # the date in B.E.
    assert "สมศรี ตั้งใจ" in section  # who


def test_it_keeps_the_year_open_when_refused_from_the_board(oit, assessment, coordinator, agency):
    publish_all_but(assessment, "O9")
    client = login(coordinator)
    response = client.post(entry_url(agency, "complete"), follow=True)
    assert response.status_code == 200 and "O9" in response.content.decode()
    oit.refresh_from_db()
    assert oit.completed_at is None


def test_it_undoes_the_mark_from_the_board(oit, assessment, coordinator, agency):
    publish_all_but(assessment)
    actions.complete_entry(oit, coordinator)
    response = login(coordinator).post(entry_url(agency, "reopen"))
    assert response.status_code == 302
    oit.refresh_from_db()
    assert oit.completed_at is None
    assert AuditEntry.objects.filter(action="oit.entry.reopen", actor=coordinator).exists()


def test_it_lets_only_the_coordinator_mark_or_undo(oit, assessment, officer, executive, agency):
    publish_all_but(assessment)
    for user in (officer, executive):
        client = login(user)
        assert client.post(entry_url(agency, "complete")).status_code == 403
        assert client.post(entry_url(agency, "reopen")).status_code == 403
        assert not entry_form(client.get(board_url(agency)).content.decode(), "complete")
    oit.refresh_from_db()
    assert oit.completed_at is None


def test_it_hides_the_year_from_another_agency(oit, assessment, outsider, agency):
    publish_all_but(assessment)
    client = login(outsider)
    assert client.post(entry_url(agency, "complete")).status_code == 404
    assert client.post(entry_url(agency, "reopen")).status_code == 404
    oit.refresh_from_db()
    assert oit.completed_at is None
