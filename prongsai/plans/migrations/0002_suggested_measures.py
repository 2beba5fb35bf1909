"""The shared library of suggested measures, seeded with the acceptance document's measures."""

from django.db import migrations


def seed(apps, schema_editor):
    from prongsai.plans.seed import SOURCE, suggested

    SuggestedMeasure = apps.get_model("plans", "SuggestedMeasure")
    seen = set()
    for order, (indicator, text) in enumerate(suggested()):
        if (indicator, text) in seen:
            continue
        seen.add((indicator, text))
        SuggestedMeasure.objects.get_or_create(
            agency=None, indicator=indicator, text=text, defaults={"source": SOURCE, "order": order}
        )


def unseed(apps, schema_editor):
    from prongsai.plans.seed import SOURCE

    apps.get_model("plans", "SuggestedMeasure").objects.filter(agency=None, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
