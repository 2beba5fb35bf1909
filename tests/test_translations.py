"""Every app's catalogues are complete and compiled, and the staff UI really speaks Thai.

Thai is the default language, so a missing or fuzzy Thai entry is English on an officer's screen, and a
placeholder lost in translation is a crash (`%(year)d` missing) or a wrong figure. The catalogues are read
with a small PO parser and the compiled `.mo` with the standard library's `gettext`, so this test needs no
extra package.
"""

from __future__ import annotations

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from prongsai.core.demo import load_demo

PACKAGE = Path(__file__).resolve().parent.parent / "prongsai"
THAI_CATALOGUES = sorted(PACKAGE.glob("*/locale/th/LC_MESSAGES/django.po"))
ALL_CATALOGUES = sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))

# %(name)s, %(count)d, %s, %5.2f … (python-format) and {name} / {0} / {} (brace format).
PERCENT_PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
BRACE_PLACEHOLDER = re.compile(r"\{\w*(?:[.\[][^{}]*)?(?:![rsa])?(?::[^{}]*)?\}")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def translations(self) -> list[str]:
        return [self.msgstr_plural[n] for n in sorted(self.msgstr_plural)] if self.msgid_plural else [self.msgstr]

    @property
    def translated(self) -> bool:
        return bool(self.translations) and all(self.translations)

    @property
    def key(self) -> str:
        """The key gettext uses in a compiled catalogue (context, then EOT, then the message)."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def parse_po(path: Path) -> list[Entry]:
    """The entries of a PO file (the header is the entry whose msgid is empty); obsolete entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    has_msgid = False  # whether `current` already had its msgid line (the header's msgid is "")
    target: tuple[str, int | None] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        if not text:
            current, target = None, None
            continue
        if text.startswith("#~"):
            continue
        keyword, _, rest = text.partition(" ")
        if text.startswith('"'):
            if current is None or target is None:
                raise AssertionError(f"{path}:{number}: a string continues nothing")
            _append(current, target, _unquote(path, number, text))
            continue
        if (text.startswith("#") or keyword in ("msgctxt", "msgid")) and (current is None or has_msgid):
            current, has_msgid, target = Entry(line=number), False, None
            entries.append(current)
        if current is None:
            raise AssertionError(f"{path}:{number}: {keyword} outside an entry")
        if text.startswith("#,"):
            current.flags |= {flag.strip() for flag in text[2:].split(",") if flag.strip()}
            continue
        if text.startswith("#"):
            continue
        plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            target = (keyword, None)
        elif plural:
            target = ("msgstr_plural", int(plural.group(1)))
        else:
            raise AssertionError(f"{path}:{number}: unexpected line {raw!r}")
        if keyword == "msgctxt":
            current.msgctxt = ""
        elif keyword == "msgid":
            has_msgid = True
        _append(current, target, _unquote(path, number, rest))
    return entries


def _unquote(path: Path, number: int, text: str) -> str:
    if not (len(text) >= 2 and text.startswith('"') and text.endswith('"')):
        raise AssertionError(f"{path}:{number}: expected a quoted string, got {text!r}")
    return ast.literal_eval(text)


def _append(entry: Entry, target: tuple[str, int | None], value: str) -> None:
    name, index = target
    if name == "msgstr_plural":
        assert index is not None
        entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + value
    elif name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif name == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    else:
        setattr(entry, name, getattr(entry, name) + value)


def placeholders(text: str, python_format: bool) -> Counter[str]:
    found = Counter(BRACE_PLACEHOLDER.findall(text))
    if python_format:
        found.update(p for p in PERCENT_PLACEHOLDER.findall(text) if p != "%%")
    return found


def messages(path: Path) -> list[Entry]:
    return [e for e in parse_po(path) if e.msgid]


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


# ---------------------------------------------------------------------------------------------


def test_it_finds_the_catalogues_of_the_foundation_apps():
    apps = {p.parts[-5] for p in THAI_CATALOGUES}
    assert {"core", "agencies", "assessments", "criteria", "documents", "audit"} <= apps


def test_it_reads_plurals_contexts_and_continued_lines(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        '#, python-format\nmsgid "%(counter)s item"\nmsgid_plural "%(counter)s items"\nmsgstr[0] "%(counter)s ข้อ"\n\n'
        'msgctxt "menu"\nmsgid ""\n"Sign "\n"out"\nmsgstr "ออกจาก\\"ระบบ\\""\n\n'
        '#, fuzzy\nmsgid "Old"\nmsgstr ""\n\n#~ msgid "Gone"\n#~ msgstr "หาย"\n',
        encoding="utf-8",
    )
    header, plural, context, fuzzy = parse_po(po)
    assert header.msgid == "" and "nplurals=1" in header.msgstr
    assert plural.msgid_plural == "%(counter)s items" and plural.msgstr_plural == {0: "%(counter)s ข้อ"}
    assert plural.flags == {"python-format"}
    assert context.key == "menu\x04Sign out" and context.msgstr == 'ออกจาก"ระบบ"'
    assert fuzzy.flags == {"fuzzy"} and not fuzzy.translated


def test_it_compares_placeholders_strictly():
    assert placeholders("แถวที่ %(row)d: %(value)r", True) == placeholders("Row %(row)d: %(value)r", True)
    assert placeholders("ปี %(year)s", True) != placeholders("Year %(year)d", True)
    assert placeholders("ร้อยละ 100", True) == placeholders("100%%", True)
    assert placeholders("{name} ได้ {count}", False) == Counter({"{name}": 1, "{count}": 1})


@pytest.mark.parametrize("path", THAI_CATALOGUES, ids=_name)
def test_it_has_every_thai_entry_translated_and_none_fuzzy(path):
    untranslated = [e.msgid for e in messages(path) if not e.translated]
    fuzzy = [e.msgid for e in messages(path) if "fuzzy" in e.flags]
    assert not untranslated, f"{_name(path)}: untranslated: {untranslated}"
    assert not fuzzy, f"{_name(path)}: fuzzy: {fuzzy}"


@pytest.mark.parametrize("path", THAI_CATALOGUES, ids=_name)
def test_it_keeps_placeholders_identical_in_thai(path):
    problems = []
    for entry in messages(path):
        python_format = "python-format" in entry.flags
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        expected = placeholders(source, python_format)
        for translation in entry.translations:
            if translation and placeholders(translation, python_format) != expected:
                problems.append(f"{entry.msgid!r} → {translation!r}")
    assert not problems, f"{_name(path)}: placeholders differ: {problems}"


@pytest.mark.parametrize("path", ALL_CATALOGUES, ids=_name)
def test_it_has_a_compiled_catalogue_equal_to_the_po(path):
    compiled = path.with_suffix(".mo")
    assert compiled.exists(), f"{_name(path)} is not compiled: run `prongsai compilemessages` in its app"
    with compiled.open("rb") as handle:
        catalogue = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    catalogue.pop("", None)  # the header
    expected: dict[object, str] = {}
    for entry in messages(path):
        if "fuzzy" in entry.flags or not entry.translated:
            continue  # msgfmt leaves these out
        if entry.msgid_plural is not None:
            expected.update({(entry.key, n): text for n, text in entry.msgstr_plural.items()})
        else:
            expected[entry.key] = entry.msgstr
    missing = sorted(str(k) for k in expected.keys() - catalogue.keys())
    stale = sorted(str(k) for k in catalogue.keys() - expected.keys())
    changed = sorted(str(k) for k in expected.keys() & catalogue.keys() if expected[k] != catalogue[k])
    assert not (missing or stale or changed), (
        f"{_name(compiled)} does not match its .po (run `prongsai compilemessages` in the app): "
        f"missing {missing[:5]}, stale {stale[:5]}, changed {changed[:5]}"
    )


ENGLISH_MENU_WORDS = ("Dashboard", "Results", "Settings", "Sign out")
THAI_MENU_WORDS = ("หน้าหลัก", "ผลการประเมิน", "ตั้งค่า", "ออกจากระบบ")


def _dashboard(client, language: str) -> str:
    agency = load_demo()
    client.force_login(get_user_model().objects.get(username="coordinator"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(f"/a/{agency.slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_it_renders_the_demo_dashboard_in_thai_without_english_menu_words(client):
    html = _dashboard(client, "th")
    english = [w for w in ENGLISH_MENU_WORDS if re.search(rf"\b{re.escape(w)}\b", html)]
    assert not english, f"English on the Thai dashboard: {english}"
    assert all(word in html for word in THAI_MENU_WORDS)


@pytest.mark.django_db
def test_it_renders_the_same_dashboard_in_english_when_chosen(client):
    html = _dashboard(client, "en")
    assert all(re.search(rf"\b{re.escape(w)}\b", html) for w in ENGLISH_MENU_WORDS)
