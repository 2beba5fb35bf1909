from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from prongsai.agencies.access import agencies_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the agency's dashboard when the user has one agency; a chooser otherwise."""
    agencies = list(agencies_for(request.user))
    if len(agencies) == 1:
        return redirect("agency-home", agency=agencies[0].slug)
    return render(request, "agencies/choose.html", {"agencies": agencies})


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitors: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
