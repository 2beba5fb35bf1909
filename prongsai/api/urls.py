"""The REST API, mounted at /api/ (see prongsai/urls.py): version 1 under /api/v1/."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from prongsai.api.api import api


def not_found(request: HttpRequest, rest: str = "") -> JsonResponse:
    """API clients get JSON for unknown addresses too, never the HTML error page."""
    return JsonResponse({"detail": "Not Found"}, status=404)


urlpatterns = [path("v1/", api.urls), re_path(r"^(?P<rest>[\s\S]*)$", not_found)]
