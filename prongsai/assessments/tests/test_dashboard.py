from django.urls import reverse

from prongsai.core import demo


def test_it_shows_the_demo_agencys_dashboard_in_thai_by_default(client, db):
    demo.load_demo()
    client.login(username="coordinator", password=demo.DEMO_PASSWORD)
    response = client.get(reverse("agency-home", kwargs={"agency": demo.SLUG}))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="th"' in page
    assert "ผลการประเมินปีงบประมาณ 2568" in page or "2568" in page
    assert "85.42" in page  # FY2567 baseline while FY2568 has no result yet
    assert "ผ่านดี" in page
    for name in ("การปฏิบัติหน้าที่", "การเปิดเผยข้อมูล", "การป้องกันการทุจริต"):
        assert name in page


def test_it_shows_a_chosen_year(client, db):
    demo.load_demo()
    client.login(username="mayor", password=demo.DEMO_PASSWORD)
    response = client.get(reverse("agency-home", kwargs={"agency": demo.SLUG}) + "?year=2567")
    page = response.content.decode()
    assert "86.00" in page and "85.40" in page and "85.00" in page


def test_it_switches_to_english(client, db):
    demo.load_demo()
    client.login(username="coordinator", password=demo.DEMO_PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("agency-home", kwargs={"agency": demo.SLUG}))
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Total score" in page or "has not been announced" in page


def test_the_dashboard_runs_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    demo.load_demo()
    client.login(username="coordinator", password=demo.DEMO_PASSWORD)
    url = reverse("agency-home", kwargs={"agency": demo.SLUG})
    client.get(url)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_the_results_page_lists_every_year_with_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    demo.load_demo()
    client.login(username="auditor", password=demo.DEMO_PASSWORD)
    url = reverse("results", kwargs={"agency": demo.SLUG})
    with django_assert_max_num_queries(15):
        response = client.get(url)
    assert "85.42" in response.content.decode()


def test_the_home_page_goes_straight_to_a_single_agency(client, db):
    demo.load_demo()
    client.login(username="finance", password=demo.DEMO_PASSWORD)
    response = client.get("/")
    assert response["Location"] == reverse("agency-home", kwargs={"agency": demo.SLUG})


def test_it_stays_thai_for_an_english_browser_until_the_user_switches(client, db):
    demo.load_demo()
    client.login(username="coordinator", password=demo.DEMO_PASSWORD)
    url = reverse("agency-home", kwargs={"agency": demo.SLUG})
    assert 'lang="th"' in client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert 'lang="en"' in client.get(url, HTTP_ACCEPT_LANGUAGE="th").content.decode()
