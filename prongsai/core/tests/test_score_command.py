"""`prongsai score`, the documented CLI: exact results, and exit 2 with file/row/column on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

MINI = Path(__file__).parents[2] / "scoring" / "tests" / "mini-criteria.yaml"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "prongsai", "score", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def files(tmp_path):
    iit = tmp_path / "IIT.csv"
    iit.write_text("respondent,i1a,i1b,i2,i3a,i3b,i3c\n1,4,3,1,2,2,1\n2,2,,4,,,\n", encoding="utf-8")
    eit = tmp_path / "EIT.csv"
    eit.write_text("e1\n3\n4\n", encoding="utf-8")
    oit = tmp_path / "OIT.csv"
    oit.write_text("code,component,met\nO1,O1.1,1\nO1,O1.2,1\nO2,O2.1,0\n", encoding="utf-8")
    return {"iit": iit, "eit": eit, "oit": oit}


def test_it_prints_the_hand_computed_result_as_json(files):
    done = run(
        "--criteria",
        str(MINI),
        "--iit",
        str(files["iit"]),
        "--eit",
        str(files["eit"]),
        "--oit",
        str(files["oit"]),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "criteria": "test-mini",
        "indicators": {"1": 54.17, "2": 66.67, "3": 83.34, "4": 50.0},
        "instruments": {"IIT": 60.42, "EIT": 83.34, "OIT": 50.0},
        "total": 63.13,
        "level": "ต้องปรับปรุงโดยด่วน",
        "level_code": "urgent_improvement",
        "respondents": {"IIT": 2, "EIT": 2},
    }


def test_it_prints_a_table(files):
    done = run("--criteria", str(MINI), "--eit", str(files["eit"]), "--format", "table")
    assert done.returncode == 0
    assert "EIT    83.34" in done.stdout


def test_it_scores_a_shipped_version_by_code(tmp_path):
    oit = tmp_path / "OIT.csv"
    oit.write_text("code,met\n" + "".join(f"O{n},1\n" for n in range(1, 27)), encoding="utf-8")
    done = run("--criteria", "ita-2568", "--oit", str(oit))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["instruments"]["OIT"] == 100.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("i1a,zz\n1,1\n", "IIT.csv, row 1, column 'zz': unknown column"),
        (
            "i1a,i1b\n1,5\n",
            "IIT.csv, row 2, column 'i1b': '5' is not on the scale (expected a whole number 1–4)",
        ),
        (
            "i1a,i3a\n1,3\n",
            "IIT.csv, row 2, column 'i3a': '3' is not on the scale (expected a whole number 1–2)",
        ),
        ("i1a\n1.5\n", "IIT.csv, row 2, column 'i1a': '1.5' is not on the scale"),
    ],
)
def test_it_rejects_bad_answers_naming_file_row_and_column(tmp_path, content, message):
    iit = tmp_path / "IIT.csv"
    iit.write_text(content, encoding="utf-8")
    done = run("--criteria", str(MINI), "--iit", str(iit))
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_it_rejects_an_unknown_criteria_version(files):
    done = run("--criteria", "ita-1999", "--eit", str(files["eit"]))
    assert done.returncode == 2
    assert "unknown criteria version" in done.stderr
    assert done.stdout == ""


def test_it_rejects_bad_oit_rows(tmp_path):
    oit = tmp_path / "OIT.csv"
    oit.write_text("code,met\nO1,1\nO9,1\n", encoding="utf-8")
    done = run("--criteria", str(MINI), "--oit", str(oit))
    assert done.returncode == 2
    assert "OIT.csv, row 3, column 'code': 'O9' is not an OIT item of test-mini" in done.stderr
