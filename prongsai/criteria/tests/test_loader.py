import copy

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from prongsai.criteria import framework
from prongsai.criteria.loader import load_criteria
from prongsai.criteria.models import CriteriaVersion


@pytest.fixture
def doc():
    return framework.read_file(framework.find("ita-2568"))


def test_it_loads_idempotently(db, doc):
    first, created = load_criteria(doc)
    again, created_again = load_criteria(doc)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk
    assert CriteriaVersion.objects.count() == 1


def test_it_never_edits_a_loaded_version(db, doc):
    load_criteria(doc)
    changed = copy.deepcopy(doc)
    changed["title_th"] = "แก้ไขแล้ว"
    with pytest.raises(framework.CriteriaError, match="never edited"):
        load_criteria(changed)
    version = CriteriaVersion.objects.get(code="ita-2568")
    assert version.title_th != "แก้ไขแล้ว"
    version.checksum = "0" * 64
    with pytest.raises(ValidationError):
        version.save()


def test_it_loads_a_correction_under_a_new_code(db, doc):
    load_criteria(doc)
    corrected = {**copy.deepcopy(doc), "code": "ita-2568-r2", "status": "corrected", "based_on": "ita-2568"}
    version, created = load_criteria(corrected)
    assert created and version.based_on == "ita-2568"


def test_the_command_loads_every_shipped_version_and_refuses_a_broken_file(db, tmp_path):
    call_command("load_criteria")
    assert set(CriteriaVersion.objects.values_list("code", flat=True)) == set(framework.shipped_codes())
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: prongsai-criteria/1\ncode: x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="was not loaded") as error:
        call_command("load_criteria", str(broken))
    assert error.value.returncode == 2
