from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from prongsai.agencies.models import Agency, Department, Role


class _Styled:
    def style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class HttpsURLField(forms.URLField):
    """A URL typed without a scheme is taken as https (Django 6's default)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class AgencyProfileForm(_Styled, forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name_th", "name_en", "agency_type", "size_group", "province", "district",
            "itas_code", "address", "phone", "email", "website",
        ]  # fmt: skip
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"website": HttpsURLField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()


class DepartmentForm(_Styled, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name_th", "name_en", "order"]

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        self.style()

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Department.objects.filter(agency=self.agency, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This agency already has a department with code %(code)s.") % {"code": code})
        return code


class MemberForm(_Styled, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Department]", self.fields["department"]).queryset = agency.departments.all()
        self.style()

    def clean_username(self) -> object:
        user = get_user_model().objects.filter(username=self.cleaned_data["username"]).first()
        if user is None:
            raise forms.ValidationError(_("No account has this username. Create the account in the admin first."))
        return user

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("role") == Role.OFFICER and not data.get("department"):
            self.add_error("department", _("An officer works for a department; choose one."))
        return data
