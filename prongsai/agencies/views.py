from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prongsai.agencies import actions
from prongsai.agencies.access import AgencyAccess, Can, agency_view
from prongsai.agencies.forms import AgencyProfileForm, DepartmentForm, MemberForm
from prongsai.agencies.models import Department, Membership


@agency_view(Can.VIEW)
def settings_page(request: HttpRequest, access: AgencyAccess) -> HttpResponse:
    agency = access.agency
    forms = {
        "profile_form": AgencyProfileForm(instance=agency),
        "department_form": DepartmentForm(agency=agency),
        "member_form": MemberForm(agency=agency),
    }
    if request.method == "POST":
        access.require(Can.MANAGE)
        action = request.POST.get("action")
        if action == "profile":
            profile_form = AgencyProfileForm(request.POST, instance=agency)
            forms["profile_form"] = profile_form
            if profile_form.is_valid():
                changed = {f: profile_form.cleaned_data[f] for f in profile_form.changed_data}
                actions.update_profile(agency, changed, request.user)
                messages.success(request, _("The agency profile was saved."))
                return redirect("agency-settings", agency=agency.slug)
        elif action == "department":
            department_form = DepartmentForm(request.POST, agency=agency, instance=Department(agency=agency))
            forms["department_form"] = department_form
            if department_form.is_valid():
                actions.save_department(department_form.instance, request.user)
                messages.success(request, _("The department was added."))
                return redirect("agency-settings", agency=agency.slug)
        elif action == "member":
            member_form = MemberForm(request.POST, agency=agency)
            forms["member_form"] = member_form
            if member_form.is_valid():
                data = member_form.cleaned_data
                actions.set_membership(agency, data["username"], data["role"], data["department"], request.user)
                messages.success(request, _("The member was saved."))
                return redirect("agency-settings", agency=agency.slug)
        elif action == "deactivate":
            membership = access.get(Membership, pk=request.POST.get("membership", "0"))
            actions.deactivate_membership(membership, request.user)
            messages.success(request, _("The member can no longer sign in to this agency."))
            return redirect("agency-settings", agency=agency.slug)
    context = {
        "active_nav": "settings",
        "departments": access.filter(Department),
        "members": access.filter(Membership).select_related("user", "department").order_by("role", "user__username"),
        **forms,
    }
    return render(request, "agencies/settings.html", context, status=400 if request.method == "POST" else 200)
