from django.urls import reverse

from prongsai.core import testing
from prongsai.plans import views
from prongsai.plans.models import Decision, MeasureEvidence, ReviewMeeting


def url(name, **kwargs):
    return reverse(f"plans:{name}", kwargs={"agency": "khuekkhak-test", **kwargs})


def test_the_coordinator_records_a_meeting_and_turns_a_decision_into_a_measure(client, agency, coordinator, auditor):
    reviewed = testing.make_assessment(agency, 2567)
    client.login(username="coordinator", password=testing.PASSWORD)
    response = client.post(
        url("meeting-add"),
        {
            "assessment": reviewed.pk,
            "held_on": "2024-10-15",
            "place": "ห้องประชุม",
            "members": [auditor.pk],
            "outside_attendees": "นายสมชาย ทองดี\n",
            "agenda": "ทบทวนผล",
            "problems": "EIT ต่ำ",
            "lessons": "ชี้แจงก่อน",
        },
    )
    meeting = ReviewMeeting.objects.get()
    assert response.status_code == 302 and meeting.outside_names() == ["นายสมชาย ทองดี"]
    client.post(url("decision-add", pk=meeting.pk), {"text": "เพิ่มช่องทางตอบ EIT", "indicator": ""})
    decision = Decision.objects.get()
    page = client.get(url("meeting", pk=meeting.pk)).content.decode()
    assert "เพิ่มช่องทางตอบ EIT" in page and "นายสมชาย ทองดี" in page
    client.post(url("decision-measure", pk=decision.pk), {"indicator": 7})
    decision.refresh_from_db()
    assert decision.measure.indicator == 7 and decision.measure.plan.fiscal_year == 2568


def test_an_officer_cannot_record_meetings(client, officer):
    client.login(username="officer", password=testing.PASSWORD)
    assert client.get(url("meeting-add")).status_code == 403
    assert client.get(url("meetings")).status_code == 200


class _Record:
    pk = 5
    agency_id = 0

    def evidence_title(self):
        return "สถิติเรื่องร้องเรียน ปีงบประมาณ 2568"


def test_a_record_is_attached_to_a_measure_through_the_linking_contract(
    client, officer, finance_measure, office_measure, monkeypatch
):
    monkeypatch.setattr(views.linking, "resolve", lambda ct, oid, agency: _Record())
    client.login(username="officer", password=testing.PASSWORD)
    chooser = client.get(url("attach") + "?content_type=complaints.stat&object_id=5").content.decode()
    assert "มาตรการของกองคลัง" in chooser and "มาตรการของสำนักปลัด" not in chooser
    data = {"content_type": "complaints.stat", "object_id": "5", "measure": finance_measure.pk}
    assert client.post(url("attach"), data).status_code == 302
    evidence = MeasureEvidence.objects.get()
    assert (evidence.kind, evidence.title, evidence.object_id) == ("record", "สถิติเรื่องร้องเรียน ปีงบประมาณ 2568", "5")
    assert client.post(url("attach"), {**data, "measure": office_measure.pk}).status_code == 403


def test_evidence_links_and_files_are_added_and_served(client, coordinator, finance_measure):
    client.login(username="coordinator", password=testing.PASSWORD)
    client.post(url("measure-evidence", pk=finance_measure.pk), {"title": "ประกาศ", "url": "https://example.org/a.pdf"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("a.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    refused = client.post(url("measure-evidence", pk=finance_measure.pk), {"title": "x", "file": fake})
    assert refused.status_code == 400
    real = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(url("measure-evidence", pk=finance_measure.pk), {"title": "รายงาน", "file": real})
    stored = MeasureEvidence.objects.get(kind="file")
    response = client.get(url("evidence-file", pk=stored.pk))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert MeasureEvidence.objects.filter(kind="link").exists()
