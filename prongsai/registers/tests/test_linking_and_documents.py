"""Every linkable record resolves, points at a public page anyone can open, and every kind renders."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from prongsai.core import demo, linking
from prongsai.documents.registry import KINDS, DocumentRequest, render
from prongsai.registers.models import (
    BorrowingProcedure,
    CoiRound,
    GiftPolicy,
    GiftReport,
    Manual,
    RewardsMeasures,
    RiskAssessment,
    RiskFollowUp,
    TrainingEvent,
)

REGISTER_KINDS = {
    "asset-register": ("xlsx", "csv", "pdf"),
    "no-gift-announcement": ("docx", "pdf"),
    "gifts-report": ("docx", "pdf", "xlsx"),
    "training-summary": ("docx", "pdf", "xlsx"),
    "risk-assessment": ("docx", "pdf"),
    "risk-follow-up": ("docx", "pdf"),
    "coi-declarations": ("xlsx",),
}
MAGIC = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK", "csv": b"\xef\xbb\xbf"}


@pytest.fixture
def demo_agency(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return demo.load_demo()


def test_every_register_kind_is_declared_with_its_formats():
    for kind, formats in REGISTER_KINDS.items():
        assert KINDS[kind].formats == formats


def test_every_register_kind_renders_for_the_demo_year(demo_agency):
    for kind, formats in REGISTER_KINDS.items():
        for fmt in formats:
            document = render(kind, DocumentRequest(demo_agency, 2568, fmt))
            assert document.content.startswith(MAGIC[fmt]), (kind, fmt)
            assert document.filename.endswith(f".{fmt}")


def test_the_command_line_writes_a_register_document(demo_agency, tmp_path):
    target = tmp_path / "gifts.xlsx"
    call_command(
        "document",
        "gifts-report",
        "--agency",
        demo.SLUG,
        "--year",
        "2568",
        "--format",
        "xlsx",
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(target).active for c in row]
    assert "ส่งคืนผู้ให้" in cells  # labels in Thai even though commands run without an active language


LINKABLE_MODELS = [
    BorrowingProcedure,
    GiftPolicy,
    GiftReport,
    CoiRound,
    TrainingEvent,
    RiskAssessment,
    RiskFollowUp,
    Manual,
    RewardsMeasures,
]


def test_every_linkable_record_resolves_and_its_public_page_opens(client, demo_agency):
    for model in LINKABLE_MODELS:
        label = model._meta.label_lower
        assert label in linking.LINKABLE
        obj = model.objects.filter(agency=demo_agency).first()
        assert obj is not None, label
        resolved = linking.resolve(label, obj.pk, demo_agency)
        assert isinstance(resolved, model)
        assert resolved.evidence_title() and resolved.evidence_updated() is not None
        response = client.get(resolved.evidence_url())
        assert response.status_code == 200, (label, resolved.evidence_url())


def test_a_record_of_another_agency_does_not_resolve(demo_agency, other_agency):
    manual = Manual.objects.filter(agency=demo_agency).first()
    assert linking.resolve("registers.manual", manual.pk, other_agency) is None


def test_staff_pages_offer_the_one_click_links_following_the_contract(client, demo_agency):
    client.login(username="coordinator", password=demo.DEMO_PASSWORD)
    manual = Manual.objects.filter(agency=demo_agency).first()
    page = client.get(reverse("registers:manual", kwargs={"agency": demo.SLUG, "pk": manual.pk})).content.decode()
    assert f"/a/{demo.SLUG}/oit/attach/?content_type=registers.manual&amp;object_id={manual.pk}" in page
    assert f"/a/{demo.SLUG}/plan/attach/?content_type=registers.manual&amp;object_id={manual.pk}" in page
    gifts = client.get(reverse("registers:gifts", kwargs={"agency": demo.SLUG}) + "?year=2568").content.decode()
    assert "content_type=registers.giftpolicy" in gifts and "content_type=registers.giftreport" in gifts


@pytest.mark.parametrize("username", ["coordinator", "mayor", "finance", "auditor"])
def test_every_staff_page_opens_for_each_role(client, demo_agency, username):
    client.login(username=username, password=demo.DEMO_PASSWORD)
    names = [
        "index",
        "assets",
        "loans",
        "loan-new",
        "borrowing",
        "gifts",
        "coi",
        "training",
        "training-people",
        "risks",
        "manuals",
    ]
    for name in names:
        response = client.get(reverse(f"registers:{name}", kwargs={"agency": demo.SLUG}) + "?year=2568")
        assert response.status_code == 200, name
    assert client.get(reverse("registers:coi-round", kwargs={"agency": demo.SLUG, "year": 2568})).status_code == 200
    personnel = client.get(reverse("registers:personnel", kwargs={"agency": demo.SLUG}))
    assert personnel.status_code == (403 if username == "finance" else 200)


def _drafts(agency) -> list:
    """Records of each kind whose public page waits for publishing or approval."""
    from prongsai.agencies.models import Department

    department = Department.objects.filter(agency=agency).first()
    return [
        Manual.objects.create(agency=agency, kind=Manual.objects.first().kind, title="คู่มือร่าง", department=department),
        RiskAssessment.objects.create(agency=agency, fiscal_year=2569, scope="ร่าง"),
        GiftPolicy.objects.create(
            agency=agency,
            fiscal_year=2569,
            executive_name="นายก",
            executive_position="นายกเทศมนตรี",
            announced_on=dt.date(2025, 10, 1),
            body="ร่าง",
        ),
    ]


def test_is_public_says_whether_the_public_page_opens(client, demo_agency):
    """The contract behind leaving drafts off the public OIT page: is_public() matches the public page's answer."""
    from prongsai.complaints.models import Participation

    models = [*LINKABLE_MODELS, Participation]
    records = [obj for model in models for obj in model.objects.filter(agency=demo_agency)]
    drafts = _drafts(demo_agency)
    for obj in [*records, *drafts]:
        opens = client.get(obj.evidence_url()).status_code == 200
        assert linking.is_public(obj) == opens, (obj._meta.label, obj.pk, obj.evidence_url())
    assert not any(linking.is_public(d) for d in drafts)


def test_the_public_oit_page_leaves_out_linked_records_that_are_not_public_yet(demo_agency):
    from django.utils import timezone

    from prongsai.assessments.models import Assessment
    from prongsai.disclosure import publishing
    from prongsai.disclosure.models import Evidence, EvidenceKind
    from prongsai.registers.models import ManualVersion

    assessment = Assessment.objects.get(agency=demo_agency, fiscal_year=2568)
    year = publishing.build(assessment)
    item = year.items[0]  # a published item
    draft = _drafts(demo_agency)[0]
    work = assessment.oit_items.get(code=item.code)
    Evidence.objects.create(
        item=work, kind=EvidenceKind.RECORD, title=draft.title, record_type="registers.manual", record_id=str(draft.pk)
    )
    titles = [e.title for e in publishing.build(assessment).items[0].evidence]
    assert "คู่มือร่าง" not in titles
    ManualVersion.objects.create(
        manual=draft,
        number=1,
        file="x.pdf",
        file_type="pdf",
        original_name="x.pdf",
        effective_on=timezone.localdate(),
        published_at=timezone.now(),
    )
    assert "คู่มือร่าง" in [e.title for e in publishing.build(assessment).items[0].evidence]
