"""The results table as a download and from `prongsai document`, in the layout the import reads back."""

import csv
import io

from django.core.management import call_command
from django.urls import reverse

from prongsai.assessments.results_file import parse_results, read_table
from prongsai.core import demo


def test_it_lists_the_document_kinds(db, capsys):
    call_command("document", "--list")
    out = capsys.readouterr().out
    assert "results" in out and "criteria" in out


def test_it_writes_the_results_csv_from_the_command_line(db, tmp_path):
    demo.load_demo()
    target = tmp_path / "results.csv"
    call_command("document", "results", agency="khuekkhak", fmt="csv", output=str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows[0]["fiscal_year"] == "2567"
    assert rows[0]["total"] == "85.42"
    assert rows[0]["level"] == "ผ่านดี"


def test_the_exported_table_imports_back_unchanged(db, tmp_path):
    demo.load_demo()
    target = tmp_path / "results.xlsx"
    call_command("document", "results", agency="khuekkhak", fmt="xlsx", output=str(target))
    parsed = parse_results(read_table("results.xlsx", target.read_bytes()))
    assert parsed.errors == []
    assert str(parsed.rows[0].indicators[1]) == "90.12"


def test_the_download_needs_a_member(client, db, other_agency, outsider):
    demo.load_demo()
    client.force_login(outsider)
    url = reverse("documents:download", kwargs={"agency": "khuekkhak", "kind": "results", "fmt": "csv"})
    assert client.get(url).status_code == 404


def test_an_unknown_kind_or_format_is_refused(client, db):
    demo.load_demo()
    client.login(username="coordinator", password=demo.DEMO_PASSWORD)
    url = reverse("documents:download", kwargs={"agency": "khuekkhak", "kind": "results", "fmt": "pdf"})
    assert client.get(url).status_code == 404
