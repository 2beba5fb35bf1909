"""The audit trail: append-only in the database, tampering detected, readable and exportable by the right roles."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from prongsai.audit import guard
from prongsai.audit.log import record, verify_chain
from prongsai.audit.models import AuditEntry
from prongsai.core.testing import make_agency


@pytest.fixture
def entries(agency, coordinator):
    return [
        record(coordinator, f"plan.measure.{verb}", agency, agency=agency, before={"n": i}, after={"n": i + 1})
        for i, verb in enumerate(["created", "updated", "updated", "deleted"])
    ]


def test_it_refuses_changes_and_deletions_in_the_database_itself(entries):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[1].pk).update(action="plan.measure.hidden")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[1].pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entries[2].pk).update(agency=make_agency())
    assert AuditEntry.objects.count() == 4
    assert verify_chain() is None


def test_it_still_lets_an_agency_or_user_be_deleted(entries, coordinator):
    coordinator.delete()
    assert AuditEntry.objects.filter(actor__isnull=True, actor_label="coordinator").count() == 4
    assert verify_chain() is None


def _tamper(sql: str, params: list) -> None:
    """What someone with direct database access could do after dropping the guard."""
    guard.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_reports_an_intact_chain(entries, capsys):
    call_command("verify_audit")
    assert "intact: 4 entries" in capsys.readouterr().out


def test_it_names_the_first_edited_entry(entries):
    _tamper("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["ไม่มีอะไร", entries[1].pk])
    with pytest.raises(CommandError, match=f"entry {entries[1].pk}: its content") as caught:
        call_command("verify_audit")
    assert caught.value.returncode == 1


def test_it_names_the_entry_after_a_removed_one(entries):
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[2].pk])
    with pytest.raises(CommandError, match=f"entry {entries[3].pk}: its link") as caught:
        call_command("verify_audit")
    assert caught.value.returncode == 1


def test_it_detects_reordered_entries(entries):
    first, second = entries[1], entries[2]
    _tamper("UPDATE audit_auditentry SET id = %s WHERE id = %s", [10_000, first.pk])
    _tamper("UPDATE audit_auditentry SET id = %s WHERE id = %s", [first.pk, second.pk])
    _tamper("UPDATE audit_auditentry SET id = %s WHERE id = %s", [second.pk, 10_000])
    broken = verify_chain()
    assert broken is not None and broken.entry_id == first.pk


@pytest.mark.django_db(transaction=True)
def test_it_lifts_the_guard_only_while_flush_empties_everything():
    agency = make_agency()
    record(None, "agency.created", agency, agency=agency)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    entry = record(None, "agency.created", None)
    with pytest.raises(DatabaseError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_it_shows_the_trail_to_coordinators_and_auditors_only(
    client, agency, entries, coordinator, auditor, officer, executive, outsider, django_assert_max_num_queries
):
    url = f"/a/{agency.slug}/audit/"
    for user in (coordinator, auditor):
        client.force_login(user)
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
        assert "plan.measure.updated" in response.content.decode()
    for user, status in ((officer, 403), (executive, 403), (outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.get(f"{url}export.csv").status_code == status


def test_it_filters_by_kind_who_and_date(client, agency, entries, coordinator, auditor):
    record(auditor, "results.imported", agency, agency=agency)
    client.force_login(auditor)
    page = client.get(f"/a/{agency.slug}/audit/", {"action": "results."}).content.decode()
    assert "results.imported" in page and "plan.measure.created" not in page
    page = client.get(f"/a/{agency.slug}/audit/", {"actor": "coordinator"}).content.decode()
    assert "plan.measure.created" in page and "results.imported" not in page
    page = client.get(f"/a/{agency.slug}/audit/", {"from": "2001-01-01", "to": "2001-12-31"}).content.decode()
    assert "plan.measure.created" not in page


def test_it_keeps_other_agencies_entries_out(client, agency, other_agency, entries, auditor, outsider):
    record(outsider, "plan.secret.changed", other_agency, agency=other_agency)
    client.force_login(auditor)
    assert "plan.secret.changed" not in client.get(f"/a/{agency.slug}/audit/").content.decode()
    assert "plan.secret.changed" not in client.get(f"/a/{agency.slug}/audit/export.csv").content.decode("utf-8-sig")


def test_it_shows_members_sign_ins(client, agency, coordinator, auditor):
    client.post("/accounts/login/", {"username": "coordinator", "password": "wrong-one-1"})
    client.force_login(auditor)
    assert "auth.login_failed" in client.get(f"/a/{agency.slug}/audit/").content.decode()


def test_it_exports_xlsx_and_csv_with_before_and_after(client, agency, entries, auditor):
    client.force_login(auditor)
    response = client.get(f"/a/{agency.slug}/audit/export.csv", {"action": "plan."})
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["id", "at", "actor", "action"]
    assert len(rows) == 5 and rows[2][7] == '{"n": 1}' and rows[2][8] == '{"n": 2}'
    book = load_workbook(io.BytesIO(client.get(f"/a/{agency.slug}/audit/export.xlsx", {"action": "plan."}).content))
    assert book["audit"].max_row == 5
    assert client.get(f"/a/{agency.slug}/audit/export.pdf").status_code == 404


def test_it_exports_from_the_command_line(agency, entries, tmp_path):
    out = tmp_path / "audit.csv"
    call_command("document", "audit-log", agency=agency.slug, format="csv", output=str(out))
    assert out.read_bytes().decode("utf-8-sig").count("plan.measure.") == 4


def test_it_keeps_the_shared_download_for_coordinators_and_auditors(
    client, agency, entries, officer, executive, auditor
):
    url = f"/a/{agency.slug}/documents/audit-log.csv"
    for user in (officer, executive):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(auditor)
    assert client.get(url).content.decode("utf-8-sig").count("plan.measure.") == 4


def test_members_sign_ins_are_shown_only_while_they_are_members(agency, other_agency, coordinator, outsider):
    """Sign-in events carry no agency: an agency sees a person's sign-ins from joining until leaving, not from
    before (another agency's work) nor after."""
    from prongsai.agencies import actions as agency_actions
    from prongsai.agencies.models import Role
    from prongsai.audit.queries import entries_for_agency

    def sign_in() -> int:
        return record(outsider, "auth.login", outsider).pk

    before = sign_in()  # while only a member of the other agency
    membership = agency_actions.set_membership(agency, outsider, Role.OFFICER, None, coordinator)
    during = sign_in()
    agency_actions.deactivate_membership(membership, coordinator)
    after = sign_in()
    agency_actions.set_membership(agency, outsider, Role.OFFICER, None, coordinator)  # back again
    again = sign_in()
    shown = set(entries_for_agency(agency).filter(action="auth.login").values_list("pk", flat=True))
    assert {during, again} <= shown and not ({before, after} & shown)
    # The other agency, where the person is a member throughout (no recorded change), sees every sign-in.
    theirs = set(entries_for_agency(other_agency).filter(action="auth.login").values_list("pk", flat=True))
    assert {before, during, after, again} <= theirs
