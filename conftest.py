"""Shared test setup: a fast password hasher, English/Thai switching, and a cast of users.

The cast: `agency` with `coordinator`, `officer` (กองคลัง), `executive`, `auditor`; `other_agency`
with `outsider` (its coordinator), who must never see the first agency's data.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

from prongsai.agencies.models import Role
from prongsai.core import testing

# CI replays a fixed set of generated examples (reproducible verdicts); local runs keep exploring new ones.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def agency(db):
    return testing.make_agency(slug="khuekkhak-test", name_th="เทศบาลตำบลคึกคัก")


@pytest.fixture
def departments(agency):
    return {code: testing.make_department(agency, code) for code in ("office", "finance")}


@pytest.fixture
def coordinator(agency, departments):
    return testing.make_member(agency, Role.COORDINATOR, departments["office"], username="coordinator")


@pytest.fixture
def officer(agency, departments):
    return testing.make_member(agency, Role.OFFICER, departments["finance"], username="officer")


@pytest.fixture
def executive(agency):
    return testing.make_member(agency, Role.EXECUTIVE, username="executive")


@pytest.fixture
def auditor(agency):
    return testing.make_member(agency, Role.AUDITOR, username="auditor")


@pytest.fixture
def other_agency(db):
    return testing.make_agency(slug="other-town", name_th="เทศบาลตำบลอื่น")


@pytest.fixture
def outsider(other_agency):
    return testing.make_member(other_agency, Role.COORDINATOR, username="outsider")


@pytest.fixture
def assessment(agency):
    return testing.make_assessment(agency, 2568)
