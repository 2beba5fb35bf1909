from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from prongsai.assessments.results_file import INDICATOR_COLUMNS

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from django.utils.functional import _StrOrPromise

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates can render fields plainly."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class ResultsImportForm(StyledForm):
    file = forms.FileField(
        label=_("Results file (XLSX or CSV)"),
        validators=[FileExtensionValidator(["xlsx", "csv"])],
        help_text=_("One row per fiscal year. Download the current table below to get the layout."),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB; a results table is much smaller."))
        return upload


def _score_field(label: _StrOrPromise, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, min_value=0, max_value=100, decimal_places=2, max_digits=5
    )


class ResultEntryForm(StyledForm):
    """A year's published result typed in by hand (the same checks as the import)."""

    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2550, max_value=2700)
    total = _score_field(_("Total score"), required=True)
    IIT = _score_field("IIT")
    EIT = _score_field("EIT")
    OIT = _score_field("OIT")
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for n, name in enumerate(INDICATOR_COLUMNS, start=1):
            self.fields[name] = _score_field(_("Indicator %(number)d") % {"number": n})
            self.fields[name].widget.attrs["class"] = "form-control"
