"""Every staff URL keeps agencies apart, so a new view cannot forget the access layer.

The walk covers EVERY pattern under /a/<agency>/ as Django resolves it today (new views are included
automatically). Agency B is the demo agency, full of records from every app; agency A is a fresh agency
whose coordinator (every capability) does the requests.

1. Under B's slug, GET and POST answer 403 or 404 (405 where a view takes only the other method).
2. Under A's own slug with the ids of B's records in the path, GET and POST answer 404 (405 likewise).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from prongsai.agencies.models import Role
from prongsai.core import demo
from prongsai.core.testing import make_agency, make_assessment, make_member
from tests.routes import STRING_VALUES, Route, candidate_ids, ids_by_model, routes

YEARISH = ("year",)
DENIED = {403, 404, 405}
NOT_FOUND = {404, 405}


def staff_routes() -> list[Route]:
    return routes(("a/<slug:agency>/",))


@pytest.fixture
def two_agencies(db, settings):
    settings.RATE_LIMIT_ENABLED = False
    theirs = demo.load_demo()
    ours = make_agency(slug="isolation-a", name_th="เทศบาลตำบลทดสอบการแยกข้อมูล")
    make_assessment(ours, 2568)
    user = make_member(ours, Role.COORDINATOR, username="isolation-coordinator")
    return ours, theirs, user


def _requests(client, url: str) -> Iterator[tuple[str, int]]:
    yield "GET", client.get(url).status_code
    yield "POST", client.post(url, {}).status_code


def test_it_denies_every_staff_url_of_another_agency(client, two_agencies):
    ours, theirs, user = two_agencies
    client.force_login(user)
    their_ids = ids_by_model(theirs)
    our_ids = set().union(*ids_by_model(ours).values())
    failures = []
    routes = staff_routes()
    assert len(routes) > 10
    for route in routes:
        values: dict[str, object] = {"agency": theirs.slug}
        for converter, name in route.params:
            if name == "agency":
                continue
            if converter == "int":
                values[name] = (
                    2568
                    if any(y in name for y in YEARISH)
                    else next(iter(candidate_ids(route, name, their_ids, our_ids)), 999999)
                )
            else:
                values[name] = STRING_VALUES.get(name, "x")
        url = route.fill(values)
        for method, status in _requests(client, url):
            if status not in DENIED:
                failures.append(f"{method} {url} → {status}")
    assert not failures, "Another agency's pages answered:\n" + "\n".join(failures)


def test_it_answers_404_for_another_agencys_records_under_ones_own_agency(client, two_agencies):
    ours, theirs, user = two_agencies
    client.force_login(user)
    their_ids = ids_by_model(theirs)
    our_ids = set().union(*ids_by_model(ours).values())
    failures = []
    checked = 0
    for route in staff_routes():
        object_params = [
            n for c, n in route.params if c == "int" and n != "agency" and not any(y in n for y in YEARISH)
        ]
        if not object_params:
            continue
        choices = {n: candidate_ids(route, n, their_ids, our_ids) for n in object_params}
        for index in range(max(len(c) for c in choices.values())):
            values: dict[str, object] = {"agency": ours.slug}
            for converter, name in route.params:
                if name in choices:
                    values[name] = choices[name][min(index, len(choices[name]) - 1)] if choices[name] else 999999
                elif name != "agency":
                    values[name] = 2568 if converter == "int" else STRING_VALUES.get(name, "x")
            url = route.fill(values)
            checked += 1
            for method, status in _requests(client, url):
                if status not in NOT_FOUND:
                    failures.append(f"{method} {url} → {status}")
    assert checked > 0
    assert not failures, "Records of another agency were reachable:\n" + "\n".join(failures)
