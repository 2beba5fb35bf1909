"""Schemathesis against the REST API's OpenAPI schema through the WSGI app: no server errors, responses conform."""

from __future__ import annotations

from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from prongsai.api.tokens import create_token
from prongsai.assessments.models import AssessmentResult, IndicatorScore


@pytest.fixture
def api_token(coordinator, agency, assessment, outsider, other_agency):
    result = AssessmentResult.objects.create(
        assessment=assessment, total=Decimal("87.40"), level_code="A", source="manual", iit=Decimal("90.00")
    )
    IndicatorScore.objects.create(result=result, number=3, score=Decimal("80.00"))
    return create_token(coordinator, agency, "schemathesis").plain


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Like Django's test client: the WSGI app must not close the test's database connection after each call
    (on PostgreSQL that would end the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_conforms_to_its_schema_and_never_fails(case, api_token, rate_limits_off, wsgi_keeps_the_test_connection):
    case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"})
