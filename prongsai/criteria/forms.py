from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

MAX_WORKBOOK_BYTES = 5 * 1024 * 1024


class CriteriaImportForm(forms.Form):
    file = forms.FileField(
        label=_("Corrected criteria workbook (XLSX)"),
        validators=[FileExtensionValidator(["xlsx"])],
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_WORKBOOK_BYTES:
            raise forms.ValidationError(_("The workbook is larger than 5 MB."))
        return upload
