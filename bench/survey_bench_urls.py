"""The product's URLs plus /s/bench-bare/: Django's floor for a survey submission (bench/survey_submit.py only).

The bare view validates the same EIT answers with a plain Django form and inserts one row with one SQL
statement — no campaign lookup, no anonymity measures, no shuffle. It exists only inside the benchmark.
"""

import json
import uuid

from django import forms
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path

from prongsai.urls import urlpatterns as product_urls

KEYS = [
    ("e1a", 4), ("e1b", 4), ("e2", 4), ("e3", 4), ("e4a", 2), ("e4b", 2), ("e4c", 2), ("e5", 4), ("e6a", 4),
    ("e6b", 4), ("e7", 4), ("e8", 2), ("e9", 4), ("e10", 2), ("e11", 4), ("e12", 4), ("e13", 4), ("e14", 4),
    ("e15", 4),
]  # fmt: skip


class BareForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, size in KEYS:
            self.fields[key] = forms.TypedChoiceField(
                choices=[(str(n), str(n)) for n in range(1, size + 1)], coerce=int
            )


def bare(request):
    form = BareForm(request.POST)
    if not form.is_valid():
        return HttpResponse("invalid", status=400)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_bare (id, answered_on, answers) VALUES (%s, CURRENT_DATE, %s)",
            [str(uuid.uuid4()), json.dumps(form.cleaned_data)],
        )
    return redirect("/bench/thanks/")


# Under /s/ like the respondent form, so both pass the same middleware (CSRF, the public rate limiter, …).
urlpatterns = [path("s/bench-bare/", bare), *product_urls]
