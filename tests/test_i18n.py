"""The Vietnamese interface: default language, the switch to English, and a catalogue that is
complete, keeps its placeholders and is compiled (the .mo says what the .po says)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from outpost.force.models import Cadre
from outpost.people.services import household_create

pytestmark = pytest.mark.vietnamese

# These tests keep the product's default language (tests/conftest.py runs the others in English).
pytestmark = pytest.mark.vietnamese

PO_PATH = Path(settings.LOCALE_PATHS[0]) / "vi" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def _unquote(raw: str) -> str:
    raw = raw.strip()
    assert raw.startswith('"') and raw.endswith('"'), raw
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), raw[1:-1])


def parse_po(text: str) -> list[Entry]:
    """A small reader for the subset of the .po format that gettext's tools write."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        entry = Entry()
        key: str | None = None
        obsolete = False
        for line in block.splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                entry.flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                assert key is not None, line
                _append(entry, key, _unquote(line))
            else:
                key, _, rest = line.partition(" ")
                _append(entry, key, _unquote(rest), start=True)
        if not obsolete:
            entries.append(entry)
    return entries


def _append(entry: Entry, key: str, value: str, start: bool = False) -> None:
    plural_form = re.fullmatch(r"msgstr\[(\d+)\]", key)
    if plural_form:
        n = int(plural_form.group(1))
        entry.msgstrs[n] = value if start else entry.msgstrs[n] + value
    elif key == "msgstr":
        entry.msgstrs[0] = value if start else entry.msgstrs[0] + value
    elif key in {"msgid", "msgid_plural", "msgctxt"}:
        attr = key
        setattr(entry, attr, value if start else (getattr(entry, attr) or "") + value)
    else:
        raise AssertionError(f"unexpected line in the catalogue: {key}")


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    entries = parse_po(PO_PATH.read_text(encoding="utf-8"))
    header = entries[0]
    assert header.msgid == ""
    return entries


def messages(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.msgid]


# The catalogue itself


def test_the_catalogue_and_its_compiled_form_are_both_in_the_repository() -> None:
    assert PO_PATH.is_file()
    assert MO_PATH.is_file()


def test_the_catalogue_declares_vietnamese_with_a_single_plural_form(
    catalogue: list[Entry],
) -> None:
    header = catalogue[0].msgstrs[0]
    assert "Language: vi\n" in header
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header
    assert "charset=UTF-8" in header


def test_every_message_is_translated_and_none_is_fuzzy(catalogue: list[Entry]) -> None:
    entries = messages(catalogue)
    assert len(entries) > 500
    untranslated = [e.msgid for e in entries if not all(e.msgstrs.values()) or not e.msgstrs]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_exactly_one_form(catalogue: list[Entry]) -> None:
    plurals = [e for e in messages(catalogue) if e.msgid_plural is not None]
    assert plurals
    assert [e.msgid for e in plurals if sorted(e.msgstrs) != [0]] == []


def test_translations_keep_every_placeholder(catalogue: list[Entry]) -> None:
    broken = []
    for e in messages(catalogue):
        wanted = sorted(PLACEHOLDER.findall(e.msgid_plural or e.msgid))
        for text in e.msgstrs.values():
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                broken.append((e.msgid, text))
    assert broken == []


def test_the_compiled_catalogue_says_what_the_po_file_says(catalogue: list[Entry]) -> None:
    """A .po edited without `compilemessages` leaves a stale .mo: this is where it shows."""
    stale = []
    with translation.override("vi"):
        for e in messages(catalogue):
            expected = e.msgstrs[0]
            if e.msgid_plural is not None:
                if e.msgctxt is not None:
                    got = translation.npgettext(e.msgctxt, e.msgid, e.msgid_plural, 2)
                else:
                    got = translation.ngettext(e.msgid, e.msgid_plural, 2)
            elif e.msgctxt is not None:
                got = translation.pgettext(e.msgctxt, e.msgid)
            else:
                got = translation.gettext(e.msgid)
            if got != expected:
                stale.append((e.msgid, expected, got))
    assert stale == []


def test_the_reader_understands_wrapped_plural_and_fuzzy_entries() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"%(n)s long "\n"line"\n'
        'msgid_plural "%(n)s lines"\nmsgstr[0] "%(n)s "\n"dòng"\n\n'
        '#~ msgid "gone"\n#~ msgstr "đã bỏ"\n'
    )
    header, entry = parse_po(text)
    assert header.msgstrs[0] == "Language: vi\n"
    assert entry.msgid == "%(n)s long line"
    assert entry.msgid_plural == "%(n)s lines"
    assert entry.msgstrs == {0: "%(n)s dòng"}
    assert "fuzzy" in entry.flags


# The interface


def test_the_home_page_is_in_vietnamese_by_default(world: Any) -> None:
    response = world.client_for("officer_a").get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Tổng quan" in html
    assert "Đăng xuất" in html
    assert "Sign out" not in html


def test_the_language_switch_turns_the_home_page_to_english_and_back(world: Any) -> None:
    client = world.client_for("officer_a")
    home = reverse("core:home")
    switched = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert switched.status_code == 302
    html = client.get(home).content.decode()
    assert '<html lang="en">' in html
    assert "Overview" in html
    assert "Sign out" in html
    assert "Đăng xuất" not in html

    client.post(reverse("set_language"), {"language": "vi", "next": home})
    html = client.get(home).content.decode()
    assert "Tổng quan" in html
    assert "Sign out" not in html


def test_a_cadre_page_shows_the_rank_in_vietnamese(world: Any) -> None:
    url = reverse("force:cadre_detail", kwargs={"cadre_id": world.cadre_a.pk})
    client = world.client_for("officer_a")
    assert "Đại úy" in client.get(url).content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": url})
    html = client.get(url).content.decode()
    assert "Captain" in html
    assert "Đại úy" not in html


def test_every_rank_has_its_vietnamese_name() -> None:
    with translation.override("vi"):
        labels = [str(label) for _, label in Cadre.Rank.choices]
    assert labels[:3] == ["Binh nhì", "Binh nhất", "Hạ sĩ"]
    assert "Thiếu tướng" in labels
    assert "Thượng tá" in labels
    with translation.override("en"):
        english = {str(label) for _, label in Cadre.Rank.choices}
    assert not english & set(labels)


def test_a_duplicate_village_name_is_refused_in_vietnamese(world: Any) -> None:
    url = reverse("geo:village_create", kwargs={"unit_id": world.commune_a1.pk})
    response = world.client_for("officer_a").post(
        url, {"name": world.village_a1.name, "kind": world.village_a1.kind}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Xã này đã có thôn, bản tên {world.village_a1.name}." in html
    assert "already has a village" not in html


def test_a_poverty_status_that_contradicts_the_rule_is_refused_in_vietnamese(world: Any) -> None:
    household = household_create(
        actor=world.users["commander_a"], village=world.village_a1, code="I18N-01"
    )
    url = reverse("people:assessment_create", kwargs={"household_id": household.pk})
    response = world.client_for("officer_a").post(
        url,
        {"year": 2024, "area": "rural", "income_per_person_month": 1_000_000, "status": "poor"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thu nhập" in html
    assert "chuẩn nông thôn" in html
    assert "kết quả là hộ cận nghèo, không phải hộ nghèo" in html
    assert "the status is" not in html


def test_the_coverage_page_says_what_each_figure_counts_in_vietnamese(world: Any) -> None:
    html = world.client_for("officer_a").get(reverse("reports:coverage")).content.decode()
    assert '<td class="muted">hộ</td>' in html
    assert '<td class="muted">households</td>' not in html


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(world: Any) -> None:
    client = world.client_for("officer_a")
    home = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in home.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get(reverse("core:home")).content.decode()


def test_the_indicator_list_gives_english_and_vietnamese_labels_on_a_vietnamese_request(
    world: Any,
) -> None:
    rows = world.client_for("officer_a").get("/api/v1/reports/indicators").json()
    by_key = {row["key"]: row for row in rows}
    assert by_key["households_assisted"]["label"] == "Households assisted"
    assert by_key["households_assisted"]["label_vi"] == "Số hộ được giúp đỡ"
