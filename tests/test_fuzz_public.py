"""Hypothesis fuzzing: random data into every public form (/p/, /s/) and at the API never causes a server error.

Forms are found, not listed: every public URL pattern is filled with the demo agency's records, fetched,
and each POST form on the page is fuzzed with its own field names (plus junk fields and files).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.core import demo
from tests.routes import fillings, ids_by_model, routes

FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)

text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="กขคงจฉชซญฎฐดตถทนบปผฝพฟภมยรลวศษสหฬอฮะาิีึืุู่้๊๋์ ๐๑๒๓", max_size=60),
    st.sampled_from(["", "0", "-1", "2568", "9" * 30, "<script>alert(1)</script>", "' OR 1=1 --", "\x00", "a" * 5000]),
    st.integers().map(str),
    st.emails(),
)


class FormFinder(HTMLParser):
    """POST forms of a page: action and the names (and types) of their fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._current = {"action": a.get("action") or "", "fields": {}}
        elif self._current is not None and tag in ("input", "select", "textarea") and a.get("name"):
            self._current["fields"][a["name"]] = (a.get("type") or tag).lower()

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def _public_forms(client: Client, agency) -> list[tuple[str, dict[str, str]]]:
    ids = ids_by_model(agency)
    found: dict[tuple[str, tuple[str, ...]], tuple[str, dict[str, str]]] = {}
    for route in routes(("p/<slug:agency>/", "s/")):
        for path in fillings(route, agency, ids):
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            finder = FormFinder()
            finder.feed(response.content.decode("utf-8", "replace"))
            for form in finder.forms:
                action = form["action"] or path
                if action.startswith("/i18n/"):
                    continue  # Django's language switch
                key = (action, tuple(sorted(form["fields"])))
                found.setdefault(key, (action, form["fields"]))
    return list(found.values())


@pytest.fixture
def demo_agency(db, settings):
    settings.RATE_LIMIT_ENABLED = False
    return demo.load_demo()


def test_it_never_fails_on_random_public_form_data(demo_agency, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = Client(raise_request_exception=False)
    forms = _public_forms(client, demo_agency)
    assert forms, "no public forms were found to fuzz"
    errors: list[str] = []

    for action, fields in forms:
        _fuzz_form(client, action, fields, errors)
    assert not errors, "server errors:\n" + "\n".join(sorted(set(errors))[:20])


def _fuzz_form(client: Client, action: str, fields: dict[str, str], errors: list[str]) -> None:
    """Up to FUZZ.max_examples random submissions of one form; server errors are collected."""

    @FUZZ
    @given(
        values=st.fixed_dictionaries({}, optional={name: text for name in fields if fields[name] != "file"}),
        junk=st.dictionaries(st.text(min_size=1, max_size=10), text, max_size=3),
        upload=st.one_of(st.none(), st.binary(max_size=2000)),
    )
    def post(values: dict[str, str], junk: dict[str, str], upload: bytes | None) -> None:
        data: dict[str, object] = {**junk, **values}
        files = [n for n, kind in fields.items() if kind == "file"]
        if upload is not None and files:
            data[files[0]] = SimpleUploadedFile("หลักฐาน.pdf", upload, content_type="application/pdf")
        response = client.post(action, data)
        if response.status_code >= 500:
            errors.append(f"POST {action} {sorted(data)} → {response.status_code}")

    post()


@FUZZ
@given(
    path=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/-_.%{}", max_size=40),
    token=st.one_of(st.none(), st.text(max_size=80), st.just("psk_")),
    query=st.dictionaries(st.sampled_from(["year", "page", "limit", "q"]), text, max_size=3),
)
def test_it_never_fails_on_random_api_requests(db, settings, path: str, token: str | None, query: dict[str, str]):
    settings.RATE_LIMIT_ENABLED = False
    client = Client(raise_request_exception=False)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    headers = {k: v for k, v in headers.items() if "\n" not in v and "\r" not in v}
    for method in (client.get, client.post):
        response = method(f"/api/v1/{path}", query, **headers)
        assert response.status_code < 500, (path, token, response.status_code)
