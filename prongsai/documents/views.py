from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import get_language

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.documents.registry import KINDS, DocumentError, DocumentRequest, render


@agency_view(Can.EXPORT)
def download(request: HttpRequest, access: AgencyAccess, kind: str, fmt: str) -> HttpResponse:
    known = KINDS.get(kind)
    if known is not None and not known.allows(access):
        raise PermissionDenied
    year = request.GET.get("year", "")
    options = {k: v for k, v in request.GET.dict().items() if k != "year"}
    try:
        document = render(
            kind,
            DocumentRequest(
                agency=access.agency,
                fiscal_year=int(year) if year.isdecimal() else None,
                format=fmt,
                options=options,
                language=get_language() or "th",
            ),
        )
    except DocumentError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(document.content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    return response
