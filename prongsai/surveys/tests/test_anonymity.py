"""The core promise, proven: what a submission writes (every table, every log line) identifies nobody."""

import datetime as dt
import logging
import uuid

import pytest
from django.db import connection, models
from django.test import Client

from prongsai.audit.models import AuditEntry
from prongsai.surveys import actions, anonymity
from prongsai.surveys.models import AccessCode, Response
from prongsai.surveys.tests.conftest import IP, full_answers, post


def _all_rows() -> dict[str, set[tuple]]:
    """Every row of every table, by table name (through the database's own introspection)."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        rows: dict[str, set[tuple]] = {}
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — names from introspection
            rows[table] = {tuple(map(str, r)) for r in cursor.fetchall()}
        return rows


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record) + " " + repr(record.__dict__))


@pytest.fixture
def captured_logs():
    handler = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_it_writes_nothing_identifying_anywhere_when_a_code_is_spent(iit_codes, coordinator, captured_logs):
    batch = actions.issue_codes(iit_codes, 2, None)
    code = AccessCode.objects.filter(batch=batch).order_by("code").first().code
    client = Client()
    client.force_login(coordinator)  # even a signed-in member of staff answers anonymously
    client.get(f"/s/{iit_codes.token}/{code}/")
    marker = client.cookies[anonymity.MARKER_COOKIE].value
    before = _all_rows()
    captured_logs.clear()
    answer = client.post(
        f"/s/{iit_codes.token}/",
        {**full_answers(iit_codes, 3), "code": code},
        REMOTE_ADDR=IP,
        HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14; SM-A155F) DEVICE-7F3A",
    )
    assert answer.status_code == 302
    after = _all_rows()
    added = {t: after[t] - before.get(t, set()) for t in after if after[t] - before.get(t, set())}
    removed = {t: before[t] - after.get(t, set()) for t in before if before[t] - after.get(t, set())}
    # Exactly one answer row appears (the shuffle may rewrite an earlier one), and the code row disappears.
    assert set(added) <= {"surveys_response"}
    assert set(removed) <= {"surveys_accesscode", "surveys_response", "django_session"}
    assert len(after["surveys_response"]) == len(before["surveys_response"]) + 1
    assert len(after["surveys_accesscode"]) == len(before["surveys_accesscode"]) - 1
    secrets_ = [IP, code, anonymity.display_code(code), marker, "DEVICE-7F3A", "SM-A155F", "coordinator"]
    secrets_.append(client.session.session_key)
    for table, rows in added.items():
        for row in rows:
            text = " ".join(row)
            for secret in secrets_:
                assert secret not in text, (table, secret)
    # Nothing anywhere in the database mentions the spent code, and the audit trail did not grow.
    for rows in after.values():
        assert not any(code in " ".join(row) for row in rows)
    assert len(after["audit_auditentry"]) == len(before["audit_auditentry"])
    # Log lines written during the submission carry no address, code, marker, device or answers.
    for line in captured_logs:
        for secret in [IP, code, marker, "DEVICE-7F3A", '"e1a"', "i1a"]:
            assert secret not in line, line


def test_it_stores_the_date_and_answers_only(eit):
    fields = {f.name: f for f in Response._meta.concrete_fields}
    assert isinstance(fields["id"], models.UUIDField)
    assert not any(isinstance(f, (models.AutoField, models.BigAutoField)) for f in fields.values())
    assert not any(isinstance(f, models.DateTimeField) for f in fields.values())
    assert isinstance(fields["answered_on"], models.DateField)
    assert set(fields) == {
        "id", "campaign", "answered_on", "answers", "group", "comment", "fingerprint", "flagged", "review",
    }  # fmt: skip
    post(Client(), eit, full_answers(eit, 2))
    stored = Response.objects.get()
    assert stored.answered_on == dt.date.today() or isinstance(stored.answered_on, dt.date)
    assert stored.id.version == 4


def test_it_leaves_no_trace_of_submission_order_in_keys_or_storage(eit, settings):
    settings.RATE_LIMIT_WRITES = 1000
    settings.SURVEY_BURST_THRESHOLD = 1000
    sent = []
    for n in range(24):
        # Sheet n answers e2 with a pattern unique to n, so each stored sheet can be told apart.
        values = full_answers(eit, 1 + n % 4, e2=str(1 + (n // 4) % 4), e3=str(1 + (n // 16) % 4))
        sent.append((values["e1a"], values["e2"], values["e3"]))
        assert post(Client(), eit, values).status_code == 302
    with connection.cursor() as cursor:
        natural = cursor.execute("SELECT answers FROM surveys_response").fetchall()
    import json

    stored = [json.loads(a) if isinstance(a, str) else a for (a,) in natural]
    storage_order = [(str(a["e1a"]), str(a["e2"]), str(a["e3"])) for a in stored]
    assert sorted(storage_order) == sorted(sent)  # nothing lost, nothing duplicated by the shuffle
    assert storage_order != sent and storage_order != sent[::-1]
    by_key = [
        (str(r.answers["e1a"]), str(r.answers["e2"]), str(r.answers["e3"])) for r in Response.objects.order_by("id")
    ]
    assert by_key != sent


def test_it_never_audits_or_logs_an_answer(eit, captured_logs):
    before = AuditEntry.objects.count()
    post(Client(), eit, full_answers(eit, 4))
    assert AuditEntry.objects.count() == before
    assert not any("e1a" in line for line in captured_logs)


def test_it_keeps_only_keyed_hashes_briefly_in_the_cache(eit):
    from django.core.cache import cache

    client = Client()
    client.get(f"/s/{eit.token}/")
    marker = client.cookies[anonymity.MARKER_COOKIE].value
    post(client, eit, full_answers(eit, 4))
    keys = list(cache._cache.keys())  # LocMemCache: the only place the marker and address leave a trace
    assert keys and not any(IP in k or marker in k for k in keys)
    assert all(len(k.split(":")[-1]) <= 40 for k in keys)
    assert anonymity.MARKER_SECONDS <= 24 * 3600 and anonymity.BURST_WINDOW_SECONDS <= 3600


def test_it_recognises_spent_codes_by_their_check_characters_alone(iit_codes):
    code = anonymity.new_code(iit_codes.token)
    assert anonymity.code_is_well_formed(iit_codes.token, code)
    assert not anonymity.code_is_well_formed("othertoken", code)
    assert not anonymity.code_is_well_formed(iit_codes.token, code[:-1] + ("A" if code[-1] != "A" else "B"))


def test_it_cannot_spend_one_code_twice_even_at_the_same_moment(iit_codes):
    batch = actions.issue_codes(iit_codes, 1, None)
    code = AccessCode.objects.get(batch=batch).code
    actions.store_response(iit_codes, {"i2": 1}, code=code)
    with pytest.raises(actions.CodeSpent):
        actions.store_response(iit_codes, {"i2": 2}, code=code)
    assert Response.objects.count() == 1


def test_it_gives_every_answer_a_random_key(eit):
    for n in range(3):
        actions.store_response(eit, {"e2": n + 1})
    ids = list(Response.objects.values_list("id", flat=True))
    assert all(isinstance(i, uuid.UUID) and i.version == 4 for i in ids)
