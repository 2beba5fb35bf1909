"""The public pages of this app as records that OIT items (O18–O20) and plan measures can link to."""

import datetime as dt

from django.urls import reverse

from prongsai.complaints.models import Category, EvidencePage, Participation, ParticipationKind
from prongsai.core import linking


def participation(agency, **fields):
    defaults = {
        "agency": agency,
        "kind": ParticipationKind.FORUM,
        "topic": "ประชาคมทบทวนแผนพัฒนาท้องถิ่น",
        "held_on": dt.date(2025, 2, 20),
        "place": "ศาลาประชาคมหมู่ที่ 1",
        "participants": 120,
        "is_published": True,
    }
    return Participation.objects.create(**{**defaults, **fields})


def test_it_registers_its_pages_and_rounds_as_linkable():
    assert "complaints.evidencepage" in linking.LINKABLE
    assert "complaints.participation" in linking.LINKABLE


def test_it_resolves_the_statistics_page_only_within_its_agency(agency, other_agency, make_complaint):
    make_complaint(Category.SERVICE, received=dt.date(2025, 1, 10))
    page = EvidencePage.statistics(agency, 2568)
    assert linking.resolve("complaints.evidencepage", page.pk, agency) == page
    assert linking.resolve("complaints.evidencepage", page.pk, other_agency) is None
    assert page.evidence_title() == "ข้อมูลสถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ. 2568"
    assert page.evidence_url() == f"/p/{agency.slug}/complaints/stats/2568/"
    assert page.evidence_updated() is not None
    assert EvidencePage.statistics(agency, 2568) == page  # one record per year, made once


def test_it_follows_changes_instead_of_copying(client, agency, make_complaint):
    page = EvidencePage.statistics(agency, 2568)
    assert page.evidence_updated() is None
    make_complaint(Category.SERVICE, received=dt.date(2025, 1, 10))
    assert page.evidence_updated() is not None
    public = client.get(page.evidence_url())
    assert public.status_code == 200
    assert public.context["stats"].total.total == 1


def test_it_links_every_evidence_url_to_a_public_page_anyone_can_open(client, agency):
    round_ = participation(agency)
    for record in (
        EvidencePage.channel(agency),
        EvidencePage.statistics(agency, 2568),
        EvidencePage.participation(agency, 2568),
        round_,
    ):
        response = client.get(record.evidence_url())
        assert response.status_code == 200, record.evidence_url()
        assert record.evidence_title()
    assert round_.topic in client.get(EvidencePage.participation(agency, 2568).evidence_url()).content.decode()


def test_it_offers_attach_actions_on_the_staff_pages(client, agency, coordinator, officer, auditor):
    client.force_login(coordinator)
    stats_page = client.get(reverse("complaints:statistics-year", kwargs={"agency": agency.slug, "year": 2568}))
    record = EvidencePage.objects.get(kind="statistics", fiscal_year=2568)
    html = stats_page.content.decode()
    expected = (
        f"/a/{agency.slug}/oit/attach/?content_type=complaints.evidencepage&amp;object_id={record.pk}&amp;item=O19"
    )
    assert expected in html
    assert f"/a/{agency.slug}/plan/attach/?content_type=complaints.evidencepage&amp;object_id={record.pk}" in html
    channel = client.get(reverse("complaints:channel", kwargs={"agency": agency.slug})).content.decode()
    assert "item=O18" in channel
    participation_page = client.get(reverse("complaints:participation", kwargs={"agency": agency.slug}) + "?year=2568")
    assert "item=O20" in participation_page.content.decode()
    client.force_login(auditor)  # may look, may not attach
    html = client.get(reverse("complaints:statistics-year", kwargs={"agency": agency.slug, "year": 2568})).content
    assert b"/oit/attach/" not in html


def test_it_offers_a_published_round_as_evidence_but_not_a_draft(client, agency, coordinator):
    published = participation(agency)
    draft = participation(agency, topic="ร่างยังไม่เผยแพร่", is_published=False)
    client.force_login(coordinator)
    url = reverse("complaints:participation-edit", kwargs={"agency": agency.slug, "pk": published.pk})
    assert "content_type=complaints.participation" in client.get(url).content.decode()
    url = reverse("complaints:participation-edit", kwargs={"agency": agency.slug, "pk": draft.pk})
    assert "content_type=complaints.participation" not in client.get(url).content.decode()
    assert client.get(draft.evidence_url()).status_code == 404
