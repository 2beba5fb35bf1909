from django.urls import reverse

from prongsai.plans.models import PlanStatus


def public(name, **kwargs):
    return reverse(f"public-plans:{name}", kwargs={"agency": "khuekkhak-test", **kwargs})


def test_a_draft_or_submitted_plan_is_not_public(client, plan, finance_measure):
    for status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED):
        plan.status = status
        plan.save()
        assert client.get(public("plan", year=2568)).status_code == 404
        assert client.get(public("card", year=2568)).status_code == 404


def test_the_published_plan_shows_live_progress_and_share_metadata(client, published_plan, finance_measure):
    finance_measure.progress = 40
    finance_measure.status = "in_progress"
    finance_measure.save()
    response = client.get(public("plan", year=2568))
    page = response.content.decode()
    assert response.status_code == 200
    assert "มาตรการของกองคลัง" in page and "40%" in page
    assert '<meta property="og:image" content="http://testserver/p/khuekkhak-test/plan/2568/card.png">' in page
    assert 'name="twitter:card" content="summary_large_image"' in page
    assert 'property="og:title" content="แผนยกระดับผลการประเมิน ITA ปีงบประมาณ พ.ศ. 2568' in page
    card = client.get(public("card", year=2568))
    assert card["Content-Type"] == "image/png" and card.content.startswith(b"\x89PNG")


def test_nothing_of_other_years_or_agencies_leaks(client, published_plan, other_agency, office_measure):
    page = client.get(public("plan", year=2568)).content.decode()
    assert "มาตรการของสำนักปลัด" in page  # same plan: shown
    assert client.get(public("plan", year=2569)).status_code == 404
    other = reverse("public-plans:plan", kwargs={"agency": other_agency.slug, "year": 2568})
    assert client.get(other).status_code == 404


def test_the_public_page_needs_few_queries(client, published_plan, django_assert_max_num_queries):
    client.get(public("plan", year=2568))
    with django_assert_max_num_queries(8):
        assert client.get(public("plan", year=2568)).status_code == 200
