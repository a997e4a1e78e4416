from django.core.management import call_command

from outpost.core import ethnic_groups
from outpost.core.ethnic_groups import lookup
from outpost.core.models import AuditEvent, EthnicGroup


def test_every_database_has_the_54_groups_plus_foreigner_and_unknown(db):
    assert EthnicGroup.objects.count() == 54 + 2
    assert EthnicGroup.objects.filter(code__in=["55", "99"]).count() == 2


def test_both_code_orders_number_the_54_groups_from_01_to_54_once_each(db):
    official = EthnicGroup.objects.exclude(code__in=["55", "99"])
    expected = [f"{n:02d}" for n in range(1, 55)]
    assert sorted(official.values_list("code", flat=True)) == expected
    assert sorted(official.values_list("alt_code", flat=True)) == expected


def test_the_two_orders_differ_where_the_lists_differ(db):
    assert EthnicGroup.objects.get(code="04").name == "Hoa"
    assert EthnicGroup.objects.get(alt_code="04").name == "Mường"
    assert EthnicGroup.objects.get(code="08").name == "Mông"
    assert EthnicGroup.objects.get(code="54").name == "Rơ Măm"
    assert EthnicGroup.objects.get(alt_code="54").name == "Ơ Đu"


def test_kinh_is_the_only_official_group_that_is_not_a_minority(db):
    assert not EthnicGroup.objects.get(name="Kinh").is_minority
    minorities = EthnicGroup.objects.filter(is_minority=True).exclude(code__in=["55", "99"])
    assert minorities.count() == 53


def test_it_finds_a_group_by_an_alternative_name(db):
    assert lookup("Mèo").name == "Mông"
    assert lookup("H'Mông").name == "Mông"
    assert lookup("Xá Cẩu").name == "Khơ Mú"
    assert lookup("Khơ-me").name == "Khmer"
    assert lookup("Vân Kiều").name == "Bru - Vân Kiều"


def test_it_finds_a_group_without_diacritics_hyphens_or_case(db):
    assert lookup("hmong").name == "Mông"
    assert lookup("kho mu").name == "Khơ Mú"
    assert lookup("THAI").name == "Thái"
    assert lookup("tho").name == "Thổ"  # the official name wins over Tày's old name "Thổ"
    assert lookup("o du").name == "Ơ Đu"


def test_it_finds_a_group_by_its_1979_code_and_not_by_nonsense(db):
    assert lookup("3").name == "Thái"
    assert lookup("Klingon") is None
    assert lookup("") is None


def test_loading_again_changes_nothing_and_repairs_an_edited_row(db):
    assert ethnic_groups.load(EthnicGroup) == []
    EthnicGroup.objects.filter(code="08").update(name="Mèo", search_name="meo")
    call_command("load_ethnic_groups")
    assert EthnicGroup.objects.get(code="08").name == "Mông"
    assert EthnicGroup.objects.count() == 56
    event = AuditEvent.objects.get(object_type="core.ethnicgroup")
    assert event.source == AuditEvent.Source.CLI
    assert event.changes["name"] == ["Mèo", "Mông"]
