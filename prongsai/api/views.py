"""API tokens of an agency: coordinators create (for themselves) and revoke them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.api.models import ApiToken
from prongsai.api.tokens import create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What will use the token"), max_length=100)


@agency_view(Can.MANAGE)
def tokens(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        # Shown on this response only; the database keeps just its hash.
        new_token = create_token(request.user, access.agency, form.cleaned_data["name"], actor=request.user)
        form = TokenForm()
    rows = access.filter(ApiToken).select_related("user").order_by("-created_at")
    return render(
        request,
        "api/tokens.html",
        {"active_nav": "settings", "form": form, "tokens": rows, "new_token": new_token},
    )


@agency_view(Can.MANAGE)
@require_POST
def revoke(request: HttpRequest, access: AgencyAccess, pk: int) -> HttpResponse:
    token = access.get(ApiToken, pk=pk)
    revoke_token(token, actor=request.user)
    messages.success(request, _("The token was revoked; programs using it can no longer read data."))
    return redirect("api:index", agency=access.agency.slug)
