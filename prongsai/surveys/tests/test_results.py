"""Live results: exact scores from the engine, weakest first, never for fewer than five, bursts reviewed openly."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from django.test import Client

from prongsai.audit.models import AuditEntry
from prongsai.documents.registry import DocumentError, DocumentRequest, render
from prongsai.surveys import actions, results
from prongsai.surveys.models import Response, StakeholderGroup, StakeholderKind
from prongsai.surveys.questionnaires import sheet_for
from prongsai.surveys.tests.conftest import full_answers, post


def _store(campaign, n, value=4, group_id=None, **overrides):
    for _ in range(n):
        answers = {k: int(v) for k, v in full_answers(campaign, value, **overrides).items()}
        actions.store_response(campaign, answers, group_id=group_id)


def test_it_hides_every_figure_below_five_respondents(eit, coordinator):
    _store(eit, 4)
    scored = results.score(eit, sheet_for(eit))
    assert scored.suppressed and scored.overall is None and scored.questions == []
    client = Client()
    client.force_login(coordinator)
    page = client.get(f"/a/{eit.agency.slug}/surveys/{eit.pk}/results/").content.decode()
    assert "5 คน" in page and "ข้อที่อ่อนที่สุด" not in page
    _store(eit, 1)
    assert not results.score(eit, sheet_for(eit)).suppressed


def test_it_scores_exactly_with_the_engine_and_lists_the_weakest_first(eit):
    # Five sheets: all "มากที่สุด" (4) except e13 "น้อย" (2); yes/no keys answered 1 or 2 as given.
    _store(eit, 5, 4, e13="2")
    scored = results.score(eit, sheet_for(eit))
    assert scored.respondents == 5
    weakest = [q for q in scored.questions if q.score is not None]
    assert weakest[0].score <= weakest[-1].score
    e13 = next(q for q in scored.questions if q.code == "e13")
    assert e13.score == Decimal("33.33")
    assert scored.indicators.keys() == {6, 7, 8}


def test_it_breaks_out_groups_only_when_no_small_group_can_be_worked_out(eit, assessment):
    a = StakeholderGroup.objects.create(assessment=assessment, kind=StakeholderKind.SERVICE, name="ภาษี")
    b = StakeholderGroup.objects.create(assessment=assessment, kind=StakeholderKind.SERVICE, name="ก่อสร้าง")
    groups = {g.pk: g for g in (a, b)}
    _store(eit, 6, 4, group_id=a.pk)
    _store(eit, 3, 3, group_id=b.pk)  # 3 people: hidden, and the remainder 3 could be subtracted → none shown
    scored = results.score(eit, sheet_for(eit), groups)
    assert scored.groups == [] and scored.groups_suppressed
    _store(eit, 2, 3, group_id=b.pk)  # now 5 in ก่อสร้าง
    scored = results.score(eit, sheet_for(eit), groups)
    assert {g.name: g.respondents for g in scored.groups} == {"ภาษี": 6, "ก่อสร้าง": 5}


def test_it_flags_a_burst_and_excludes_it_only_with_a_recorded_reason(eit, coordinator, settings):
    settings.SURVEY_BURST_THRESHOLD = 3
    settings.RATE_LIMIT_WRITES = 100
    for value in (1, 2, 3, 4, 2):
        post(Client(), eit, full_answers(eit, value, e2="1", e3="2"))
    for _ in range(4):
        post(Client(), eit, full_answers(eit, 4))
    assert Response.objects.count() == 9
    assert Response.objects.filter(flagged=True).count() == 4  # the earlier identical ones are flagged too
    [burst] = actions.flagged_bursts(eit)
    assert burst["count"] == 4
    with pytest.raises(ValueError, match="เหตุผล"):
        actions.review_burst(eit, burst["fingerprint"], burst["day"], True, "  ", coordinator)
    assert results.score(eit, sheet_for(eit)).respondents == 9  # never silently dropped
    client = Client()
    client.force_login(coordinator)
    page = client.post(
        f"/a/{eit.agency.slug}/surveys/{eit.pk}/bursts/",
        {"fingerprint": burst["fingerprint"], "day": burst["day"].isoformat(), "decision": "exclude",
         "reason": "ส่งซ้ำจากเครื่องเดียวกันที่จุดบริการภายใน 2 นาที"},
    )  # fmt: skip
    assert page.status_code == 302
    assert results.score(eit, sheet_for(eit)).respondents == 5
    assert actions.flagged_bursts(eit) == []
    entry = AuditEntry.objects.get(action="survey.burst.exclude")
    assert entry.changes["after"]["answers"] == 4 and "e1a" not in json.dumps(entry.changes, ensure_ascii=False)
    detail = client.get(f"/a/{eit.agency.slug}/surveys/{eit.pk}/").content.decode()
    assert "ส่งซ้ำจากเครื่องเดียวกัน" in detail


def test_it_exports_answers_that_round_trip_through_prongsai_score(eit, tmp_path):
    _store(eit, 3, 4, e13="2")
    _store(eit, 3, 3)
    document = render("survey-answers", DocumentRequest(eit.agency, 2568, "csv", {"campaign": str(eit.pk)}))
    path = tmp_path / "EIT.csv"
    path.write_bytes(document.content)
    done = subprocess.run(
        [sys.executable, "-m", "prongsai", "score", "--criteria", "ita-2568", "--eit", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    output = json.loads(done.stdout)
    scored = results.score(eit, sheet_for(eit))
    assert output["respondents"] == {"EIT": 6}
    assert output["instruments"]["EIT"] == float(scored.overall)
    assert {int(k): v for k, v in output["indicators"].items() if v is not None} == {
        n: float(v) for n, v in scored.indicators.items()
    }


def test_it_refuses_to_export_answers_of_fewer_than_five(eit):
    _store(eit, 2)
    with pytest.raises(DocumentError):
        render("survey-answers", DocumentRequest(eit.agency, 2568, "csv", {"campaign": str(eit.pk)}))
