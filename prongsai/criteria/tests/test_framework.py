"""Criteria files: every shipped version is valid, and a broken file is refused with a clear message."""

import copy

import pytest

from prongsai.criteria import framework


@pytest.fixture(scope="module")
def doc():
    return framework.read_file(framework.find("ita-2568"))


def refused(data):
    with pytest.raises(framework.CriteriaError) as error:
        framework.parse(data, source="broken.yaml")
    return error.value.problems


@pytest.mark.parametrize("code", framework.shipped_codes())
def test_it_loads_every_shipped_version(code):
    criteria = framework.load(framework.find(code))
    assert [i.number for i in criteria.indicators] == list(range(1, 11))
    assert sum(i.weight for i in criteria.instruments) == 100
    assert criteria.oit_items and criteria.questions_of("IIT") and criteria.questions_of("EIT")
    assert [lv.code for lv in criteria.levels][-1] == "urgent_improvement"


def test_it_ships_the_three_years_the_seed_needs():
    assert {"ita-2567", "ita-2568", "ita-2569"} <= set(framework.shipped_codes())


def test_it_letters_sub_items_when_a_draft_gives_only_a_count(doc):
    criteria = framework.parse(doc)
    keys = [k.code for k in criteria.answer_keys("EIT")]
    assert "e1a" in keys and "e1b" in keys
    assert [k.code for k in criteria.answer_keys("IIT")][:2] == ["i1a", "i1b"]


def test_it_lists_the_facts_that_are_not_confirmed(doc):
    labels = [label for label, fact in framework.parse(doc).unconfirmed_facts()]
    assert any(label.startswith("IIT weight") for label in labels)


def test_it_refuses_weights_that_do_not_add_up_to_100(doc):
    data = copy.deepcopy(doc)
    data["instruments"][0]["weight"] = 35
    assert "instruments: the weights add up to 105, not 100" in refused(data)


def test_it_names_the_place_of_a_schema_error(doc):
    data = copy.deepcopy(doc)
    data["indicators"][2]["instrument"] = "XYZ"
    assert any(p.startswith("indicators.2.instrument:") for p in refused(data))


def test_it_refuses_an_item_in_an_unknown_sub_indicator(doc):
    data = copy.deepcopy(doc)
    data["oit"]["items"][0]["sub_indicator"] = "99.9"
    assert any("sub_indicator '99.9' is not defined" in p for p in refused(data))


def test_it_refuses_a_question_with_an_undefined_scale(doc):
    data = copy.deepcopy(doc)
    data["iit"]["questions"][1]["scale"] = "NOPE"
    assert any("uses scale 'NOPE'" in p for p in refused(data))


def test_it_refuses_duplicate_item_codes(doc):
    data = copy.deepcopy(doc)
    data["oit"]["items"][1]["code"] = data["oit"]["items"][0]["code"]
    assert any("listed twice" in p for p in refused(data))


def test_it_requires_a_catch_all_level(doc):
    data = copy.deepcopy(doc)
    data["levels"] = data["levels"][:-1]
    assert any("the last rule must catch every score" in p for p in refused(data))


def test_it_refuses_a_file_that_is_not_yaml(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("instruments: [unclosed", encoding="utf-8")
    with pytest.raises(framework.CriteriaError, match="not valid YAML"):
        framework.load(path)


def test_it_names_the_known_versions_for_an_unknown_code():
    with pytest.raises(framework.CriteriaError, match=r"unknown criteria version.*ita-2568"):
        framework.find("ita-2499")
